/*
 * Plain text: the bytes that every output format copies as they are,
 * printable ASCII but for the backslash, the double quote and the comma,
 * which some format escapes or quotes.  The escaper (escape.c) escapes
 * everything else, and the table compiler (mktable.c) marks the registry
 * records whose strings are all plain so that the formatter can copy
 * them whole.  Both take the rule from here, so they cannot disagree.
 */
#ifndef PI_PLAIN_H
#define PI_PLAIN_H

static inline int
pi_plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\' && c != '"' && c != ',';
}

#endif
