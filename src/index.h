/*
 * The indexes of names and words that mkindex (mkindex.c) generates into
 * build/table.c after table.h's arrays, for the suggestions of suggest.h.
 * Plain arrays of integers, like the table: nothing is relocated, and
 * nothing is paged in until a name finds nothing.
 *
 * Names by deletion neighbourhood.  A name's window is its first
 * PI_NEAR_PREFIX characters, ASCII case folded (the whole name if
 * shorter).  If a typed name and a name are within the edit distance d
 * allowed (a transposition counted as one edit), their windows of lq and
 * ln characters have max(lq, ln) - d characters in common, in order: so
 * a key, what is left of a window when its other characters are deleted
 * (pi_near_deletions says how many), made of the one is also made of
 * the other.  The keys of a typed name therefore reach every name near
 * it, and those that begin with it, besides some that a check of the
 * whole name turns away.
 *
 * The distinct names of the name index (table.h's pi_name_key, in its
 * order) are listed once each in pi_near_name: its signature
 * (pi_near_signature), which tells its length and which characters it
 * holds, so that most names are turned away before their text is read,
 * and its first entry in pi_name_key.  The names that share their
 * window make a group, a run of the list whose last name has
 * PI_NEAR_LAST in its entry.  A key packed by pi_near_pack hashes to
 * one of PI_NEAR_BUCKETS buckets (pi_near_bucket); bucket b lists the
 * groups that have a key of that hash, as the items pi_near_post[
 * pi_near_base[b / 256] + pi_near_off[b]] up to the same of b + 1, and
 * one item more, 0, follows the last bucket's.  An item holds the
 * group's first name in its low pi_near_nbits bits and more bits of the
 * key's hash above them (its check), so that a key of another hash in
 * the same bucket is mostly turned away before its group is looked at.
 *
 * Words of descriptions.  Every run of ASCII letters and digits, case
 * folded, of three characters or more, not all digits and not itself a
 * name, that a named record's description holds: pi_word_hash[i] is the
 * hash (ascii.h's pi_fold_hash) of word i, ascending, and the words whose hash
 * has h as its top PI_WORD_DIR_BITS bits begin at pi_word_dir[h].  The
 * word is spelt at pi_word_at[i] in pi_pool, in a description: two words
 * of one hash are two entries, told apart by their text.  It occurs in
 * the descriptions of records pi_word_rec[pi_word_first[i] ..
 * pi_word_first[i + 1]), the first record of each of its first
 * PI_WORD_NAMES distinct names, in index order.
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

/*
 * The first PI_NEAR_PREFIX characters of s[0..len), case folded, one a
 * byte from the lowest: a name holds no NUL, so the number says the
 * string.
 */
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
 * Which keys are made: the numbers of characters deleted from a window
 * of len characters, bit c for c deletions, for a name's window or for
 * what was typed (typed).  The distance allowed is 1 up to PI_NEAR_SHORT
 * characters typed, 2 beyond; the keys of both sides are of the length
 * of the part of any two windows near enough that they have in common.
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

/*
 * The keys of the window p of len characters with the deletions of
 * mask, in v (room for PI_NEAR_VARIANTS); returns how many, some
 * perhaps the same.
 */
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

/*
 * The bucket of key p, and in *check the bits of its hash that an item
 * keeps beside a name of nbits bits.  Multiplicative hashing: the top
 * bits of the product are the bucket, the next ones the check.
 */
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
 * The table compiler's (mktable.c), for mkindex.c too: mk_die says
 * "mktable: " and the message and exits 1; mk_zalloc gives n zeroed
 * elements and one more; mk_grow makes room for need elements at p, *cap
 * now; mk_put_array writes "decl[] = { ... };" with the n numbers of v.
 * pi_put_index writes the arrays above for recs[0..nrecs), their strings
 * in pool, and the distinct names of the name index, key[0..nkeys).
 */
void mk_die(const char *fmt, ...);
void *mk_zalloc(size_t n, size_t size);
void *mk_grow(void *p, size_t *cap, size_t need, size_t size);
void mk_put_array(FILE *out, const char *decl, const uint32_t *v, size_t n);
void pi_put_index(FILE *out, const char *pool, const struct pi_rec *recs,
    size_t nrecs, const uint32_t *key, size_t nkeys);

#endif
