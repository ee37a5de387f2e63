/*
 * ASCII, the same in every locale: the classes of characters that the
 * parsers of queries and of tool output use (ctype.h's would follow the
 * locale, and take an int that must not be a negative char), whether a
 * span of bytes is all of one class, the one case fold, and a macro's
 * value as text for the messages that name a limit.
 */
#ifndef PI_ASCII_H
#define PI_ASCII_H

#include <stddef.h>

#define STR(x) #x
#define XSTR(x) STR(x)

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

/* c with ASCII's capital letters made small: the one case fold. */
static inline int
pi_ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* And the other way, for text written in capitals. */
static inline int
pi_ascii_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/*
 * Service names compare with ASCII case folded (RFC 6335, section 5.1).
 * mktable sorts the name index and the library searches it with this one
 * function, so the two cannot disagree.  Compares s[0..len) with the C
 * string t.
 */
static inline int
pi_fold_cmp(const char *s, size_t len, const char *t)
{
	size_t i;

	for (i = 0; i < len && t[i] != '\0'; i++) {
		int a = pi_ascii_lower((unsigned char)s[i]);
		int b = pi_ascii_lower((unsigned char)t[i]);

		if (a != b)
			return a - b;
	}
	return (i < len) - (t[i] != '\0');
}

/*
 * Text search (-s), in the registry and in label files alike: whether
 * the C string hay contains needle[0..len), ignoring ASCII case.
 */
static inline int
pi_fold_contains(const char *hay, const char *needle, size_t len)
{
	size_t i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < len && hay[i] != '\0'; i++) {
			if (pi_ascii_lower((unsigned char)hay[i]) !=
			    pi_ascii_lower((unsigned char)needle[i]))
				break;
		}
		if (i == len)
			return 1;
	}
	return len == 0;
}

#endif
