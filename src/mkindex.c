/* mkindex: the table compiler's second part, which writes index.h's
   indexes after the table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

/* The table as mktable holds it, and its name index's names, sorted. */
static const char *pool;
static const struct pi_rec *recs;
static const uint32_t *name_key;
static size_t nkeys;

/* A key of a group, before the keys are laid out by bucket. */
struct post {
	uint64_t key;
	uint32_t group;		/* the group's first name */
};

/*
 * The list of distinct names, each as the first of its keys with its
 * signature, cut into groups with the last of each marked (index.h);
 * every key of every group in post, *nposts of them.  Returns the
 * number of names.
 */
static size_t
make_names(struct pi_near_name *name, struct post *post, size_t *nposts)
{
	uint64_t v[PI_NEAR_VARIANTS], window, last = 0;
	size_t i, k, len, n = 0, np = 0;
	const char *s;

	for (i = 0; i < nkeys; i++) {
		if (i > 0 && name_key[i] == name_key[i - 1])
			continue;
		if (i >= PI_NEAR_LAST)
			mk_die("too many names for the suggestion index");
		s = pool + name_key[i];
		len = strlen(s) < PI_NEAR_PREFIX ? strlen(s) : PI_NEAR_PREFIX;
		window = pi_near_pack(s, len);
		if (n == 0 || window != last) {
			if (n > 0)
				name[n - 1].entry |= PI_NEAR_LAST;
			k = pi_near_variants(window, (unsigned)len,
			    pi_near_deletions((unsigned)len, 0), v);
			while (k-- > 0) {
				post[np].key = v[k];
				post[np++].group = (uint32_t)n;
			}
		}
		last = window;
		name[n].sig = pi_near_signature(s, strlen(s));
		name[n++].entry = (uint16_t)i;
	}
	if (n > 0)
		name[n - 1].entry |= PI_NEAR_LAST;
	*nposts = np;
	return n;
}

/*
 * Lays the keys out by bucket, each with nbits bits of its group, and
 * writes the arrays of buckets.
 */
static void
put_near(FILE *out, const struct post *post, size_t n, unsigned nbits)
{
	static uint32_t start[PI_NEAR_BUCKETS + 1], off[PI_NEAR_BUCKETS + 1];
	static uint32_t base[PI_NEAR_BUCKETS / 256 + 1];
	size_t nb = PI_NEAR_BUCKETS, nblocks = nb / 256 + 1, b, i;
	uint32_t *entry = mk_zalloc(n, sizeof(*entry));
	unsigned check;

	for (i = 0; i < n; i++)
		start[pi_near_bucket(post[i].key, nbits, &check) + 1]++;
	for (b = 0; b < nb; b++)
		start[b + 1] += start[b];
	for (b = 0; b <= nb; b++) {
		if (b % 256 == 0)
			base[b / 256] = start[b];
		off[b] = start[b] - base[b / 256];
		if (off[b] > UINT16_MAX)
			mk_die("a block of the suggestion index is too full");
	}
	for (i = 0; i < n; i++) {
		b = pi_near_bucket(post[i].key, nbits, &check);
		entry[start[b]++] = check | post[i].group;
	}
	mk_put_array(out, "const uint32_t pi_near_base", base, nblocks);
	mk_put_array(out, "const uint16_t pi_near_off", off, nb + 1);
	/* and entry[n], 0, read ahead of an empty last bucket */
	mk_put_array(out, "const uint16_t pi_near_post", entry, n + 1);
	free(entry);
}

static void
put_names(FILE *out)
{
	struct pi_near_name *name = mk_zalloc(nkeys, sizeof(*name));
	struct post *post = mk_zalloc(nkeys * PI_NEAR_VARIANTS, sizeof(*post));
	size_t nposts, n = make_names(name, post, &nposts), i;
	unsigned nbits = 0;

	/* At most PI_NEAR_LAST names: make_names saw to it. */
	while (((size_t)1 << nbits) < n)
		nbits++;
	fprintf(out, "\n/* Names by deletion neighbourhood (index.h). */\n"
	    "const struct pi_near_name pi_near_name[] = {\n");
	for (i = 0; i < n; i++)
		fprintf(out, "{%lu,%u},\n", (unsigned long)name[i].sig,
		    name[i].entry);
	fprintf(out, "%s};\nconst uint32_t pi_near_nbits = %u;\n",
	    n == 0 ? "{0,0}\n" : "", nbits);
	put_near(out, post, nposts, nbits);
	free(name);
	free(post);
}

/* One word of one record's description. */
struct word {
	uint32_t hash;
	uint32_t rec;
	const char *text;
	size_t len;
};

/* Word k against the name at pool offset *e, in the name index's order. */
static int
word_vs_name(const void *k, const void *e)
{
	const struct word *w = k;

	return pi_fold_cmp(w->text, w->len, pool + *(const uint32_t *)e);
}

/*
 * Adds the words of record ri's description to *w, *n of them, *cap
 * room: those long enough, not all digits and not a name.
 */
static void
add_words(struct word **w, size_t *n, size_t *cap, uint32_t ri)
{
	const char *s = pool + recs[ri].desc, *t;
	struct word word;

	for (; *s != '\0'; s = t) {
		for (t = s; pi_word_char(*t); t++)
			continue;
		if (t == s) {
			t++;
			continue;
		}
		word = (struct word){ pi_fold_hash(s, (size_t)(t - s)), ri,
		    s, (size_t)(t - s) };
		if (word.len < PI_WORD_MIN || all_of(s, word.len, is_digit) ||
		    bsearch(&word, name_key, nkeys, sizeof(*name_key),
		    word_vs_name) != NULL)
			continue;
		*w = mk_grow(*w, cap, *n + 1, sizeof(**w));
		(*w)[(*n)++] = word;
	}
}

/* The same word, ignoring ASCII case. */
static int
word_cmp(const struct word *x, const struct word *y)
{
	size_t n = x->len < y->len ? x->len : y->len;
	int d = pi_fold_ncmp(x->text, y->text, n);

	return d != 0 ? d : (x->len > y->len) - (x->len < y->len);
}

/* By hash, then word, then record. */
static int
by_word(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	int d;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if ((d = word_cmp(x, y)) != 0)
		return d;
	return (x->rec > y->rec) - (x->rec < y->rec);
}

/* Whether record ri's name is that of one of rec[0..n). */
static int
name_kept(const uint32_t *rec, size_t n, uint32_t ri)
{
	const char *name = pool + recs[ri].name;
	size_t i;

	for (i = 0; i < n; i++) {
		if (pi_fold_cmp(name, strlen(name),
		    pool + recs[rec[i]].name) == 0)
			return 1;
	}
	return 0;
}

/* Writes the words w[0..n), sorted, each with its first names. */
static void
put_word_arrays(FILE *out, const struct word *w, size_t n)
{
	uint32_t *hash = mk_zalloc(n, sizeof(*hash));
	uint32_t *at = mk_zalloc(n, sizeof(*at));
	uint32_t *first = mk_zalloc(n + 1, sizeof(*first));
	uint32_t *rec = mk_zalloc(n, sizeof(*rec));
	size_t nd = (size_t)1 << PI_WORD_DIR_BITS, i, k, nw = 0, nr = 0;
	uint32_t *dir = mk_zalloc(nd, sizeof(*dir));

	for (i = 0; i < n; i++) {
		if (i == 0 || word_cmp(&w[i - 1], &w[i]) != 0) {
			hash[nw] = w[i].hash;
			at[nw] = (uint32_t)(w[i].text - pool);
			first[nw++] = (uint32_t)nr;
		}
		k = nr - first[nw - 1];
		if (k < PI_WORD_NAMES &&
		    !name_kept(rec + first[nw - 1], k, w[i].rec))
			rec[nr++] = w[i].rec;
	}
	first[nw] = (uint32_t)nr;
	if (nr > UINT16_MAX || nw > UINT16_MAX)
		mk_die("too many words for the suggestion index");
	/* Where the words of each top PI_WORD_DIR_BITS bits of hash begin. */
	for (i = k = 0; k <= nd; k++) {
		while (i < nw && hash[i] >> (32 - PI_WORD_DIR_BITS) < k)
			i++;
		dir[k] = (uint32_t)i;
	}
	fprintf(out, "\n/* Words of descriptions (index.h). */\n");
	mk_put_array(out, "const uint32_t pi_word_hash", hash, nw);
	mk_put_array(out, "const uint16_t pi_word_dir", dir, nd + 1);
	mk_put_array(out, "const uint32_t pi_word_at", at, nw);
	mk_put_array(out, "const uint16_t pi_word_first", first, nw + 1);
	mk_put_array(out, "const uint16_t pi_word_rec", rec, nr);
	free(hash);
	free(at);
	free(first);
	free(rec);
	free(dir);
}

void
pi_put_index(FILE *out, const char *pool_, const struct pi_rec *recs_,
    size_t nrecs, const uint32_t *key, size_t n)
{
	struct word *w = NULL;
	size_t nw = 0, cap = 0, i;

	pool = pool_;
	recs = recs_;
	name_key = key;
	nkeys = n;
	fprintf(out, "\n#include \"index.h\"\n");
	put_names(out);
	if (nrecs > UINT16_MAX)
		mk_die("too many records for the suggestion index");
	for (i = 0; i < nrecs; i++) {
		if (recs[i].name != 0)
			add_words(&w, &nw, &cap, (uint32_t)i);
	}
	if (nw > 0)
		qsort(w, nw, sizeof(*w), by_word);
	put_word_arrays(out, w, nw);
	free(w);
}
