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
	unsigned lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len < n)
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
