/*
 * Plain text: bytes every output format copies as they are, printable
 * ASCII but for the backslash, '"' and ','.  The escaper (escape.c)
 * escapes the rest.  The table compiler marks the
 * records whose strings are all plain; the formatter copies those whole.
 */
#ifndef PI_PLAIN_H
#define PI_PLAIN_H

static inline int
pi_plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\' && c != '"' && c != ',';
}

#endif
