/*
 * Classes of ASCII characters, the same in every locale, for the parsers
 * of queries, of tool output and of names: ctype.h's would follow the
 * locale, and take an int that must not be a negative char; ASCII's case
 * fold; and whether a span of bytes is all of one class.
 */
#ifndef PI_ASCII_H
#define PI_ASCII_H

#include <stddef.h>

static inline int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* c with ASCII's capital letters made small: the one case fold. */
static inline int
pi_ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether every byte of s[0..n) is of the class pred tells. */
static inline int
all_of(const char *s, size_t n, int (*pred)(unsigned char))
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!pred((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

#endif
