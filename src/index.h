/*
 * The indexes of names and words that mkindex.c writes into build/table.c
 * after table.h's arrays, for suggest.h's suggestions.
 *
 * Names by deletion neighbourhood.  A name's window is its first
 * PI_NEAR_PREFIX characters, case folded; its keys are what is left of
 * the window when pi_near_deletions' numbers of characters are deleted.
 * Two names within the edit distance allowed share a key, so the keys of
 * a typed name reach every name near it, and those that begin with it,
 * besides some that a check of the whole name turns away.
 *
 * pi_near_name lists the distinct names of the name index once each, in
 * its order: the name's signature, which turns most names away before
 * their text is read, and its first entry in pi_name_key.  Names that
 * share their window make a group, whose last entry has PI_NEAR_LAST.
 * Key p hashes to bucket b (pi_near_bucket), which lists the groups with
 * a key of that hash, a group once for each of its keys:
 * pi_near_post[pi_near_base[b / 256] + pi_near_off[b]] up to the same of
 * b + 1, and a 0 after the last.  An item is the group's first name in
 * its low pi_near_nbits bits, and the key's check bits above them, which
 * turn most other keys away.
 *
 * Words of descriptions: every run of ASCII letters and digits, case
 * folded, of PI_WORD_MIN characters or more, not all digits and not a
 * name, in a named record's description.  pi_word_hash[i] is word i's
 * pi_fold_hash, ascending; pi_word_dir[h] is the first word whose hash
 * has h as its top PI_WORD_DIR_BITS bits.  Word i is spelt at
 * pi_word_at[i] in pi_pool (words of one hash are told apart by their
 * text); it is in the descriptions of records
 * pi_word_rec[pi_word_first[i] .. pi_word_first[i + 1]), the first of
 * each of its first PI_WORD_NAMES names, in index order.
 */
#ifndef PI_INDEX_H
#define PI_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "table.h"

#define PI_NEAR_PREFIX	6	/* characters of a name in its keys */
#define PI_NEAR_SHORT	4	/* the longest typed name at distance 1 */
#define PI_NEAR_VARIANTS 22	/* keys of one window, at most */
#define PI_NEAR_BUCKET_BITS 15
#define PI_NEAR_BUCKETS	(1u << PI_NEAR_BUCKET_BITS)
#define PI_WORD_NAMES	3	/* names kept for a word */
#define PI_WORD_MIN	3	/* characters of the shortest word */
#define PI_WORD_DIR_BITS 10

struct pi_near_name {
	uint32_t sig;
	uint16_t entry;		/* | PI_NEAR_LAST for a group's last */
};
#define PI_NEAR_LAST		0x8000u

extern const struct pi_near_name pi_near_name[];
extern const uint32_t pi_near_nbits;
extern const uint32_t pi_near_base[];	/* PI_NEAR_BUCKETS / 256 + 1 */
extern const uint16_t pi_near_off[];	/* PI_NEAR_BUCKETS + 1 entries */
extern const uint16_t pi_near_post[];

extern const uint32_t pi_word_hash[];
extern const uint16_t pi_word_dir[];	/* (1 << PI_WORD_DIR_BITS) + 1 */
extern const uint32_t pi_word_at[];
extern const uint16_t pi_word_first[];	/* one more than pi_word_hash */
extern const uint16_t pi_word_rec[];

/* The first PI_NEAR_PREFIX characters of s[0..len), case folded, one a
   byte from the lowest. */
static inline uint64_t
pi_near_pack(const char *s, size_t len)
{
	uint64_t p = 0;
	size_t i;

	for (i = 0; i < len && i < PI_NEAR_PREFIX; i++)
		p |= (uint64_t)pi_ascii_lower((unsigned char)s[i]) << (8 * i);
	return p;
}

/* The packed string p without its character at i. */
static inline uint64_t
pi_near_del(uint64_t p, unsigned i)
{
	uint64_t low = p & ((UINT64_C(1) << (8 * i)) - 1);

	return low | (p >> (8 * (i + 1)) << (8 * i));
}

/*
 * The numbers of characters deleted from a window of len characters to
 * make its keys, bit c for c, for a name's or a typed one's (typed).  The
 * distance allowed is 1 up to PI_NEAR_SHORT characters typed, 2 beyond;
 * a key is as long as what two windows near enough have in common.
 */
static inline unsigned
pi_near_deletions(unsigned len, int typed)
{
	unsigned other, ln, lq, d, keep, mask = 0;

	for (other = 1; other <= PI_NEAR_PREFIX; other++) {
		ln = typed ? other : len;
		lq = typed ? len : other;
		d = lq <= PI_NEAR_SHORT ? 1 : 2;
		if (ln + d < lq || lq + d < ln)
			continue;
		keep = (ln > lq ? ln : lq) - d;
		mask |= 1u << (len - keep);
	}
	return mask;
}

/* The keys of window p of len characters with the deletions of mask, in
   v (room for PI_NEAR_VARIANTS); returns how many, some perhaps alike. */
static inline size_t
pi_near_variants(uint64_t p, unsigned len, unsigned mask, uint64_t *v)
{
	size_t n = 0;
	unsigned i, j;

	if (mask & 1)
		v[n++] = p;
	for (i = 0; i < len && (mask & 6); i++) {
		if (mask & 2)
			v[n++] = pi_near_del(p, i);
		for (j = i + 1; (mask & 4) && j < len; j++)
			v[n++] = pi_near_del(pi_near_del(p, j), i);
	}
	return n;
}

/*
 * The signature of a name s[0..len): bit c - 'a' for each letter c
 * (case folded), bit 26 for any digit, bit 27 for any other character,
 * and the length above them, PI_NEAR_SIG_LONG for that or more.
 */
#define PI_NEAR_SIG_SET		0x0fffffffu
#define PI_NEAR_SIG_LEN(sig)	((sig) >> 28)
#define PI_NEAR_SIG_LONG	15u

static inline uint32_t
pi_near_signature(const char *s, size_t len)
{
	uint32_t sig = 0;
	size_t i;
	int c;

	for (i = 0; i < len; i++) {
		c = pi_ascii_lower((unsigned char)s[i]);
		if (c >= 'a' && c <= 'z')
			sig |= UINT32_C(1) << (c - 'a');
		else
			sig |= UINT32_C(1) << (c >= '0' && c <= '9' ? 26 : 27);
	}
	return sig | (uint32_t)(len < PI_NEAR_SIG_LONG ? len :
	    PI_NEAR_SIG_LONG) << 28;
}

/* The bucket of key p, and in *check the next bits of its hash, those
   that an item keeps beside a name of nbits bits. */
static inline unsigned
pi_near_bucket(uint64_t p, unsigned nbits, unsigned *check)
{
	uint64_t h = (p + 1) * UINT64_C(0x9e3779b97f4a7c15);

	*check = (unsigned)(h >> (64 - PI_NEAR_BUCKET_BITS - 16)) &
	    (0xffffu << nbits) & 0xffffu;
	return (unsigned)(h >> (64 - PI_NEAR_BUCKET_BITS));
}

/* An ASCII letter or digit: what words are made of. */
static inline int
pi_word_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

/*
 * The table compiler's (mktable.c): mk_die says "mktable: " and the
 * message and exits 1; mk_zalloc gives n zeroed elements and one more;
 * mk_grow is grow.h's, dying instead of NULL; mk_put_array writes
 * "decl[] = { ... };" with the n numbers of v.  pi_put_index writes the
 * arrays above for recs[0..nrecs), their strings in pool, and the name
 * index's names key[0..nkeys).
 */
void mk_die(const char *fmt, ...);
void *mk_zalloc(size_t n, size_t size);
void *mk_grow(void *p, size_t *cap, size_t need, size_t size);
void mk_put_array(FILE *out, const char *decl, const uint32_t *v, size_t n);
void pi_put_index(FILE *out, const char *pool, const struct pi_rec *recs,
    size_t nrecs, const uint32_t *key, size_t nkeys);

#endif
