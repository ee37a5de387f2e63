/*
 * Suggestions for a name that finds nothing (suggest.h): each candidate
 * checked against what was typed, ranked, and the best few kept.
 */
#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "index.h"
#include "out.h"
#include "portinfo.h"
#include "query.h"
#include "suggest.h"
#include "table.h"

/*
 * A candidate's rank, lowest first: names with a port before those
 * without, then the kinds below in their order (one edit away, a
 * completion, two edits away, a word of a description), then within the
 * kind the characters a completion adds, then registry order (the
 * index of the name's first record; the labels' after the table's),
 * then the name index's order, so that no two names tie.
 */
#define PORTLESS	(UINT64_C(1) << 63)
#define TIER(t)		((uint64_t)(t) << 56)
enum { NEAR1, PREFIX, NEAR2, WORD };
#define ADDED(n)	((uint64_t)((n) < 255 ? (n) : 255) << 48)
#define ORDER(i)	((uint64_t)(i) << 16)
#define ENTRY(k)	((k) < 0xffff ? (uint64_t)(k) : 0xffff)
#define NOENTRY		SIZE_MAX	/* not found through the name index */
#define UNFOUND		UINT64_MAX	/* a name the lookup does not find */

#define PREFIX_MIN	3	/* typed characters a completion needs */
#define MAX_GROUPS	128	/* groups found, looked at together */
#define MAX_CANDS	32	/* names that may match, checked together */
#define RECENT		16	/* groups remembered to be taken once */

struct chosen {
	const char *name;
	size_t len;
	uint64_t rank;
};

/* What was typed, and the best candidates so far. */
struct typed {
	char q[PI_SUGGEST_LONGEST + 1];	/* case folded, NUL-terminated */
	size_t len;
	unsigned searched;		/* pi_suggest's */
	int word;			/* q may be a word (index.h) */
	int label_word;			/* a label's description holds it */
	unsigned maxd;			/* the edit distance allowed */
	uint64_t peq[128];		/* where each ASCII byte is in q */
	uint32_t sig;			/* q's characters (index.h) */
	uint32_t nearlen, pfxlen;	/* may_match's lengths, as bits */
	struct chosen best[PI_SUGGEST_MAX];
	size_t n;
	uint16_t groups[MAX_GROUPS];	/* groups found, first names */
	size_t ngroups;
	uint16_t cands[MAX_CANDS];	/* names to check, as entries */
	size_t ncands;
};

/*
 * Reads a value and drops it: a read the compiler must make, so that
 * memory is fetched ahead of its use and several fetches are under way
 * at once, where the code that uses them would wait for each in turn.
 */
static void
touch(const volatile void *p)
{
	(void)*(const volatile unsigned char *)p;
}

/* Offers name[0..len) at rank: it takes its place if among the best. */
static void
offer(struct typed *qy, const char *name, size_t len, uint64_t rank)
{
	size_t i;

	if (len > PI_SUGGEST_LONGEST ||
	    (qy->n == PI_SUGGEST_MAX && qy->best[qy->n - 1].rank <= rank))
		return;
	/* The same name, ignoring ASCII case. */
	for (i = 0; i < qy->n; i++) {
		if (len == qy->best[i].len &&
		    pi_fold_ncmp(name, qy->best[i].name, len) == 0)
			break;
	}
	if (i < qy->n && qy->best[i].rank <= rank)
		return;
	if (i == qy->n && qy->n < PI_SUGGEST_MAX)
		qy->n++;
	else if (i == qy->n)
		i = qy->n - 1;
	/* Slot i is free: the worse ones above it move down into it. */
	for (; i > 0 && qy->best[i - 1].rank > rank; i--)
		qy->best[i] = qy->best[i - 1];
	qy->best[i] = (struct chosen){ name, len, rank };
}

/*
 * The edit distance between q[0..m) and s[0..n), transpositions of
 * adjacent characters counted as one edit (the optimal string alignment
 * distance), when it is at most maxd; more otherwise.  Hyyro's
 * bit-vector algorithm: bit i of each vector is row i of a column of the
 * dynamic programming matrix; peq are q's bytes' positions, shifted by
 * off.  m is 1 to 64.
 */
static unsigned
bit_distance(const uint64_t *peq, unsigned off, size_t m, const char *s,
    size_t n, unsigned maxd)
{
	uint64_t mask = m == 64 ? ~UINT64_C(0) : (UINT64_C(1) << m) - 1;
	uint64_t top = UINT64_C(1) << (m - 1), vp = ~UINT64_C(0), vn = 0;
	uint64_t d0 = 0, prev = 0, pm, tr, hp, hn;
	size_t j, score = m;
	int c;

	for (j = 0; j < n; j++) {
		c = pi_ascii_lower((unsigned char)s[j]);
		pm = c < 128 ? (peq[c] >> off) & mask : 0;
		tr = ((~d0 & pm) << 1) & prev;
		d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
		hp = vn | ~(d0 | vp);
		hn = d0 & vp;
		score += (hp & top) != 0;
		score -= (hn & top) != 0 && (hp & top) == 0;
		if (score > maxd + (n - 1 - j))
			return maxd + 1;
		hp = (hp << 1) | 1;
		hn <<= 1;
		vp = hn | ~(d0 | hp);
		vn = d0 & hp;
		prev = pm;
	}
	return (unsigned)score;
}

/* Whether x has more than d bits set, d 1 or 2, without a branch. */
static unsigned
over(uint64_t x, unsigned d)
{
	uint64_t y = x & (x - 1), z = y & (y - 1);

	return (d == 1 ? y : z) != 0;
}

/*
 * How s[0..len) matches what was typed, as a set of kinds (1 << NEAR1
 * and so on); 0 if it does not.
 */
static unsigned
match(const struct typed *qy, const char *s, size_t len)
{
	size_t m = qy->len, k = 0;
	unsigned kinds = 0, d;

	if (len + qy->maxd < m)
		return 0;
	if (len > m + qy->maxd)		/* too long to be near */
		return m >= PREFIX_MIN && pi_fold_cmp(s, m, qy->q) == 0 ?
		    1u << PREFIX : 0;
	while (k < m && k < len &&
	    pi_ascii_lower((unsigned char)s[k]) == (unsigned char)qy->q[k])
		k++;
	if (k == m && len == m)
		return 0;	/* what was typed */
	if (k == m && m >= PREFIX_MIN)
		kinds |= 1u << PREFIX;
	/* The characters both begin with are set aside. */
	if (k == m || k == len)
		d = (unsigned)(m + len - 2 * k);
	else
		d = bit_distance(qy->peq, (unsigned)k, m - k, s + k, len - k,
		    qy->maxd);
	if (d <= 1)
		kinds |= 1u << NEAR1;
	else if (d == 2 && qy->maxd >= 2)
		kinds |= 1u << NEAR2;
	return kinds;
}

/* Offers s[0..n) as each of kinds: base is its rank but its kind. */
static void
offer_as(struct typed *qy, const char *s, size_t n, unsigned kinds,
    uint64_t base)
{
	if (kinds & 1u << PREFIX)
		offer(qy, s, n, base + TIER(PREFIX) + ADDED(n - qy->len));
	if (kinds & 1u << NEAR1)
		offer(qy, s, n, base + TIER(NEAR1));
	if (kinds & 1u << NEAR2)
		offer(qy, s, n, base + TIER(NEAR2));
}

/*
 * The rank of entry k of the name index, the first of its name, before
 * its kind: its registry order, after the names with a port if none of
 * its records that the lookup finds has one; UNFOUND if it finds none.
 * A lookup of every protocol and source finds every record.
 */
static uint64_t
entry_rank(const struct typed *qy, size_t k)
{
	const char *s = pi_pool + pi_name_key[k];
	uint64_t rank = ORDER(pi_name_rec[k]) + ENTRY(k), portless = UNFOUND;
	struct pi_cursor c;
	struct pi_entry e;
	size_t i;

	if ((qy->searched & PI_ALL) != PI_ALL) {
		pi_find_name(&c, s, strlen(s), qy->searched);
		while (pi_next(&c, &e)) {
			if (e.has_port)
				return rank;
			portless = PORTLESS | rank;
		}
		return portless;
	}
	for (i = k; i < pi_nnames && pi_name_key[i] == pi_name_key[k]; i++) {
		if (pi_recs[pi_name_rec[i]].has_port)
			return rank;
	}
	return PORTLESS | rank;
}

/* Checks the name of entry k of the name index, the first of its name. */
static void
check_entry(struct typed *qy, size_t k)
{
	const char *s = pi_pool + pi_name_key[k];
	size_t n = strlen(s);
	unsigned kinds = match(qy, s, n);
	uint64_t rank;

	if (kinds != 0 && (rank = entry_rank(qy, k)) != UNFOUND)
		offer_as(qy, s, n, kinds, rank);
}

/*
 * Whether a name of signature sig (index.h) may match what was typed:
 * if it lacks none of its characters, as a completion; if it is near in
 * length and differs in few characters, as a near name.  Tested with &
 * and |, not && and ||: the outcome is a toss-up, and a mispredicted
 * branch costs more than the tests.  The lengths that can be near or
 * complete what was typed are bits of nearlen and pfxlen.
 */
static unsigned
may_match(const struct typed *qy, uint32_t sig)
{
	uint32_t set = sig & PI_NEAR_SIG_SET, n = PI_NEAR_SIG_LEN(sig);
	uint32_t lacks = qy->sig & ~set, extra = set & ~qy->sig;

	return ((qy->pfxlen >> n) & (lacks == 0)) | ((qy->nearlen >> n) &
	    !over(lacks, qy->maxd) & !over(extra, qy->maxd));
}

/* Checks the names that may match, each once, and forgets them. */
static void
check_cands(struct typed *qy)
{
	size_t i, j;

	for (i = 0; i < qy->ncands; i++)
		touch(pi_pool + pi_name_key[qy->cands[i]]);
	for (i = 0; i < qy->ncands; i++) {
		for (j = 0; j < i && qy->cands[j] != qy->cands[i]; j++)
			continue;
		if (j == i)
			check_entry(qy, qy->cands[i]);
	}
	qy->ncands = 0;
}

/*
 * Checks the groups found: the names that may match by their
 * signatures, then those names' text.
 */
static void
check_groups(struct typed *qy)
{
	const struct pi_near_name *p;
	size_t i, k;

	for (i = 0; i < qy->ngroups; i++)
		touch(&pi_near_name[qy->groups[i]]);
	for (i = 0; i < qy->ngroups; i++) {
		k = qy->groups[i];
		do {
			if (qy->ncands == MAX_CANDS)
				check_cands(qy);
			p = &pi_near_name[k++];
			qy->cands[qy->ncands] = p->entry & ~PI_NEAR_LAST;
			qy->ncands += may_match(qy, p->sig);
		} while (!(p->entry & PI_NEAR_LAST));
	}
	qy->ngroups = 0;
	check_cands(qy);
}

/*
 * The names near what was typed, through the keys made of its first
 * characters.  Those of 4 characters typed or more reach every name that
 * begins with them too.  The buckets of all keys are read, then their
 * entries, then the groups', each step fetching ahead what the next
 * reads.  A group that several keys find (as the names nearest do) is
 * mostly taken once: it is the one last found among those of its
 * remainder modulo RECENT.
 */
static void
near_names(struct typed *qy)
{
	unsigned len = qy->len < PI_NEAR_PREFIX ? (unsigned)qy->len :
	    PI_NEAR_PREFIX, nbits = pi_near_nbits, mask = (1u << nbits) - 1;
	uint64_t v[PI_NEAR_VARIANTS];
	unsigned want[PI_NEAR_VARIANTS], b, e, g, hit, fresh;
	size_t lo[PI_NEAR_VARIANTS], hi[PI_NEAR_VARIANTS], i, j, n;
	uint16_t recent[RECENT];

	n = pi_near_variants(pi_near_pack(qy->q, len), len,
	    pi_near_deletions(len, 1), v);
	for (i = 0; i < n; i++) {
		b = pi_near_bucket(v[i], nbits, &want[i]);
		lo[i] = pi_near_base[b >> 8] + pi_near_off[b];
		hi[i] = pi_near_base[(b + 1) >> 8] + pi_near_off[b + 1];
		touch(&pi_near_post[lo[i]]);
	}
	memset(recent, 0xff, sizeof(recent));
	for (i = 0; i < n; i++) {
		for (j = lo[i]; j < hi[i]; j++) {
			if (qy->ngroups == MAX_GROUPS)
				check_groups(qy);
			e = pi_near_post[j];
			g = e & mask;
			hit = (e & ~mask) == want[i];
			fresh = recent[g % RECENT] != g;
			recent[g % RECENT] = hit ? g : recent[g % RECENT];
			qy->groups[qy->ngroups] = (uint16_t)g;
			qy->ngroups += hit & fresh;
		}
	}
	check_groups(qy);
}

/*
 * The names that begin with what was typed, when the keys do not reach
 * them (3 characters): a run of the name index.
 */
static void
completions(struct typed *qy)
{
	size_t first, k;

	if (qy->len < PREFIX_MIN || qy->len + 2 >= PI_NEAR_PREFIX)
		return;
	first = pi_first_name(qy->q, qy->len);
	for (k = first; k < pi_nnames &&
	    pi_fold_cmp(pi_pool + pi_name_key[k], qy->len, qy->q) == 0; k++) {
		if (k == first || pi_name_key[k] != pi_name_key[k - 1])
			check_entry(qy, k);
	}
}

/* Whether s holds what was typed as a word (index.h). */
static int
holds_word(const struct typed *qy, const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if ((p == s || !pi_word_char((unsigned char)p[-1])) &&
		    pi_fold_ncmp(p, qy->q, qy->len) == 0 &&
		    !pi_word_char((unsigned char)p[qy->len]))
			return 1;
	}
	return 0;
}

/*
 * The labels' names and aliases, all of them, after the table's, and
 * their names whose descriptions hold what was typed as a word, which
 * -s finds in a label of any protocol.
 */
static void
label_names(struct typed *qy, struct pi_labels *labels)
{
	struct pi_label_cursor c;
	struct pi_label_entry e;
	uint64_t rank;
	const char *a;
	size_t n;
	int word;

	pi_labels_find_text(&c, labels, "", 0, PI_PROTO_ANY);
	while (pi_labels_next(&c, &e)) {
		word = qy->word && holds_word(qy, e.entry.description);
		qy->label_word |= word;
		if (e.entry.proto != 0 && (e.entry.proto & qy->searched) == 0)
			continue;
		rank = ORDER((uint64_t)pi_nrecs + pi_ncommon + e.entry.index) +
		    ENTRY(NOENTRY);
		/* A record without a name has only its aliases to offer. */
		if ((n = strlen(e.entry.name)) > 0) {
			offer_as(qy, e.entry.name, n,
			    match(qy, e.entry.name, n), rank);
			if (word)
				offer(qy, e.entry.name, n, rank + TIER(WORD));
		}
		/* One space between two aliases, as labels.h makes them. */
		for (a = e.aliases; *a != '\0'; a += n + (a[n] != '\0')) {
			n = strcspn(a, " ");
			offer_as(qy, a, n, match(qy, a, n), rank);
		}
	}
}

/* Offers the names of word i's records. */
static void
offer_word(struct typed *qy, size_t i)
{
	const char *name;
	size_t j, len;
	uint64_t rank;

	for (j = pi_word_first[i]; j < pi_word_first[i + 1]; j++) {
		name = pi_pool + pi_recs[pi_word_rec[j]].name;
		len = strlen(name);
		rank = entry_rank(qy, pi_first_name(name, len));
		if (rank != UNFOUND)
			offer(qy, name, len, rank + TIER(WORD));
	}
}

/*
 * The names whose descriptions hold what was typed as a word; whether
 * there are any.
 */
static int
word_names(struct typed *qy)
{
	uint32_t h = pi_fold_hash(qy->q, qy->len);
	size_t d = h >> (32 - PI_WORD_DIR_BITS), i;
	const char *s;

	for (i = pi_word_dir[d]; i < pi_word_dir[d + 1]; i++) {
		s = pi_pool + pi_word_at[i];
		if (pi_word_hash[i] == h &&
		    pi_fold_ncmp(s, qy->q, qy->len) == 0 &&
		    !pi_word_char(s[qy->len])) {
			offer_word(qy, i);
			return 1;
		}
	}
	return 0;
}

/* Notes a port or range lo-hi in *p: the lowest, and whether more. */
static void
note_port(struct pi_suggestion_ports *p, unsigned lo, unsigned hi)
{
	if (p->has_port && p->port == lo && p->port_end == hi)
		return;
	if (p->has_port)
		p->more = 1;
	if (!p->has_port || lo < p->port ||
	    (lo == p->port && hi < p->port_end)) {
		p->port = lo;
		p->port_end = hi;
	}
	p->has_port = 1;
}

void
pi_suggestion_ports(struct pi_suggestion_ports *p, const char *name,
    struct pi_labels *labels, unsigned searched)
{
	struct pi_name_walk w;
	const struct pi_entry *e;

	memset(p, 0, sizeof(*p));
	pi_name_walk(&w, labels, name, strlen(name), searched);
	while ((e = pi_name_next(&w)) != NULL) {
		if (e->has_port)
			note_port(p, e->port, e->port_end);
	}
}

void
pi_suggest(struct pi_suggestions *out, const char *name, size_t len,
    struct pi_labels *labels, unsigned searched)
{
	struct typed qy = { .len = len, .searched = searched };
	size_t i;

	out->n = 0;
	out->search = 0;
	out->searched = searched;
	if (len == 0 || len > PI_SUGGEST_LONGEST ||
	    !all_of(name, len, is_name_char) || ((searched & PI_ALL) !=
	    PI_ALL && query_name_known(name, len, PI_COMMON, labels)))
		return;
	for (i = 0; i < len; i++) {
		qy.q[i] = (char)pi_ascii_lower((unsigned char)name[i]);
		if ((unsigned char)qy.q[i] < 128)
			qy.peq[(unsigned char)qy.q[i]] |= UINT64_C(1) << i;
	}
	qy.word = len >= PI_WORD_MIN && all_of(qy.q, len, pi_word_char) &&
	    !all_of(qy.q, len, is_digit);
	qy.maxd = len <= PI_NEAR_SHORT ? 1 : 2;
	qy.sig = pi_near_signature(qy.q, len) & PI_NEAR_SIG_SET;
	for (i = 0; i <= PI_NEAR_SIG_LONG; i++) {
		if (i == PI_NEAR_SIG_LONG ? len + qy.maxd >= i :
		    i + qy.maxd >= len && i <= len + qy.maxd)
			qy.nearlen |= 1u << i;
		if (len >= PREFIX_MIN && (i > len || i == PI_NEAR_SIG_LONG))
			qy.pfxlen |= 1u << i;
	}
	near_names(&qy);
	completions(&qy);
	if (labels != NULL)
		label_names(&qy, labels);
	if (qy.word)
		out->search = word_names(&qy) || qy.label_word;
	for (i = 0; i < qy.n; i++) {
		memcpy(out->text[i], qy.best[i].name, qy.best[i].len);
		out->text[i][qy.best[i].len] = '\0';
		out->names[i] = out->text[i];
	}
	out->n = qy.n;
}

/* "postgresql (5432)", or "mongodb (27017+)"; a name without a port alone. */
static char *
say_one(struct out *o, char *p, const char *name, struct pi_labels *labels,
    unsigned searched)
{
	struct pi_suggestion_ports sp;

	p = esc_text(o, p, ESC_HUMAN, name, strlen(name), ESC_QUOTE_MAX);
	pi_suggestion_ports(&sp, name, labels, searched);
	if (!sp.has_port)
		return p;
	p = out_str(o, p, " (");
	p = out_range(out_room(o, p, OUT_RANGE), sp.port, sp.port_end);
	return out_str(o, p, sp.more ? "+)" : ")");
}

void
pi_suggest_say(FILE *fp, const struct pi_suggestions *sug, const char *text,
    size_t textlen, const char *name, size_t len, struct pi_labels *labels)
{
	char buf[512], *p;
	struct out o;
	size_t i;

	out_init(&o, fp, buf, sizeof(buf));
	p = o.p;
	if (sug->n > 0)
		p = esc_head(&o, p, text, textlen, ESC_QUOTE_MAX);
	for (i = 0; i < sug->n; i++) {
		p = out_str(&o, p, i == 0 ? "did you mean " : ", ");
		p = say_one(&o, p, sug->names[i], labels, sug->searched);
	}
	if (sug->n > 0)
		p = out_str(&o, p, "?\n");
	if (sug->search) {
		p = esc_head(&o, p, text, textlen, ESC_QUOTE_MAX);
		p = out_str(&o, p, "try: portinfo -s ");
		p = esc_text(&o, p, ESC_HUMAN, name, len, ESC_QUOTE_MAX);
		p = out_byte(&o, p, '\n');
	}
	o.p = p;
	out_flush(&o);
}
