/* UTF-8, as every part of portinfo checks it (RFC 3629). */
#ifndef PI_UTF8_H
#define PI_UTF8_H

#include <stddef.h>

/*
 * Length of the valid UTF-8 sequence at s[0..len) that starts with a
 * byte of 0x80 or more, or 0.  Overlong forms, surrogates and code
 * points past U+10FFFF are not valid.
 */
static inline size_t
pi_utf8_len(const unsigned char *s, size_t len)
{
	/* The second byte's bounds after e0, ed, f0 and f4 (RFC 3629, 4). */
	unsigned lo = s[0] == 0xe0 ? 0xa0 : s[0] == 0xf0 ? 0x90 : 0x80;
	unsigned hi = s[0] == 0xed ? 0x9f : s[0] == 0xf4 ? 0x8f : 0xbf;
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	size_t i;

	if (s[0] < 0xc2 || s[0] > 0xf4 || len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

#endif
