/* ASCII, the same in every locale, as ctype.h is not. */
#ifndef PI_ASCII_H
#define PI_ASCII_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* Characters of service names, legacy ones (whois++, z39.50) included. */
static inline int
is_name_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '_' ||
	    c == '.' || c == '*' || c == '+' || c == '/';
}

/*
 * Plain text: bytes every output format copies as they are.  The table
 * compiler marks the records whose strings are all plain; the formatter
 * copies those whole.
 */
static inline int
pi_plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\' && c != '"' && c != ',';
}

/* A word of text, not NUL-terminated: a key for bsearch, a record's word. */
struct pi_word {
	const char *s;
	size_t n;
};

/* Orders w against name[0..len) as strcmp orders two strings. */
static inline int
pi_word_cmp(const struct pi_word *w, const char *name, size_t len)
{
	int c = memcmp(w->s, name, w->n < len ? w->n : len);

	return c != 0 ? c : (w->n > len) - (w->n < len);
}

/* Offset of the last c in s[0..n), or n if there is none. */
static inline size_t
last_of(const char *s, size_t n, char c)
{
	size_t i = n;

	while (i > 0) {
		if (s[--i] == c)
			return i;
	}
	return n;
}

/* The first lit in s[0..n), or NULL. */
static inline const char *
find_str(const char *s, size_t n, const char *lit)
{
	size_t len = strlen(lit), i;

	for (i = 0; i + len <= n; i++) {
		if (s[i] == lit[0] && memcmp(s + i, lit, len) == 0)
			return s + i;
	}
	return NULL;
}

/* How many digits s[0..n) begins with. */
static inline size_t
span_digits(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * Whether s[0..n) is one or more decimal digits whose value, put in *v,
 * is at most max, which is at most ULONG_MAX / 10 - 9.
 */
static inline int
pi_decimal(const char *s, size_t n, unsigned long max, unsigned long *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n && is_digit((unsigned char)s[i]) && *v <= max; i++)
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	return n > 0 && i == n && *v <= max;
}

/* Whether pred holds for every byte of s[0..n). */
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

static inline int
pi_ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline int
pi_ascii_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/*
 * Compares s[0..len) with the C string t, ASCII case folded, as service
 * names compare (RFC 6335, 5.1): the table's order and its search.
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

/* Orders s[0..n) against t[0..n), ASCII case folded. */
static inline int
pi_fold_ncmp(const char *s, const char *t, size_t n)
{
	size_t i;
	int d = 0;

	for (i = 0; i < n && d == 0; i++)
		d = pi_ascii_lower((unsigned char)s[i]) -
		    pi_ascii_lower((unsigned char)t[i]);
	return d;
}

/* FNV-1a over s[0..len), ASCII case folded. */
static inline uint32_t
pi_fold_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint32_t)pi_ascii_lower((unsigned char)s[i])) *
		    16777619u;
	return h;
}

/* Whether the C string hay contains needle[0..len), ignoring case. */
static inline int
pi_fold_contains(const char *hay, const char *needle, size_t len)
{
	size_t n;

	for (n = strlen(hay); n >= len; hay++, n--)
		if (pi_fold_ncmp(hay, needle, len) == 0)
			return 1;
	return 0;
}

#endif
