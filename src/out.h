/*
 * The one buffer that output goes through on its way to a stream, which
 * the program leaves unbuffered.  A writer takes the position p at
 * which to write and returns where it stopped, so that the position
 * stays in a register across the many small writes of a line; out->p
 * keeps it between runs of writes.
 */
#ifndef PI_OUT_H
#define PI_OUT_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "inline.h"

struct out {
	FILE *fp;
	int err;		/* errno of the first failed write, or 0 */
	char *buf, *end;	/* the buffer, buf[0..end) */
	char *p;		/* where the next write goes */
};

#define OUT_DIGITS 20		/* those of 2^64 - 1 */

void out_init(struct out *o, FILE *fp, char *buf, size_t size);

/* Hands what is gathered to the stream; once a write failed, drops it. */
void out_flush(struct out *o);

/*
 * out_room and out_put when the buffer is full, out of line: empties it
 * and copies s[0..n) to its start, or writes it if it is larger.
 */
char *out_full(struct out *o, char *p, const char *s, size_t n);

char *out_str(struct out *o, char *p, const char *s);
char *out_num(struct out *o, char *p, unsigned long long num);
char *out_spaces(struct out *o, char *p, size_t n);

/* Writes num's digits at d, which has room for OUT_DIGITS; their end. */
char *out_digits(char *d, unsigned long long num);

#define OUT_RANGE (2 * OUT_DIGITS + 1)	/* "lo-hi" */

/* Writes port lo, or "lo-hi" when hi is another, at d. */
static inline char *
out_range(char *d, unsigned lo, unsigned hi)
{
	d = out_digits(d, lo);
	if (hi != lo) {
		*d++ = '-';
		d = out_digits(d, hi);
	}
	return d;
}

/*
 * p, or the start of the emptied buffer, with room for n bytes; p may
 * lie past the end, in room the owner keeps beyond it (format.c).
 */
static inline char *
out_room(struct out *o, char *p, size_t n)
{
	return (ptrdiff_t)n > o->end - p ? out_full(o, p, "", 0) : p;
}

/*
 * Copies s[0..n) to d.  A call to memcpy costs more than most pieces'
 * copies: up to 16 bytes, fixed copies that overlap do it inline.
 */
static ALWAYS_INLINE char *
out_copy(char *d, const char *s, size_t n)
{
	if (n > 16)
		memcpy(d, s, n);
	else if (n >= 8) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else if (n > 0) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
	return d + n;
}

static inline char *
out_put(struct out *o, char *p, const char *s, size_t n)
{
	if ((ptrdiff_t)n > o->end - p)
		return out_full(o, p, s, n);
	return out_copy(p, s, n);
}

static inline char *
out_byte(struct out *o, char *p, char c)
{
	p = out_room(o, p, 1);
	*p = c;
	return p + 1;
}

#endif
