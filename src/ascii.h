/*
 * Classes of ASCII characters, the same in every locale, for the parsers
 * of queries and of tool output: ctype.h's would follow the locale, and
 * take an int that must not be a negative char.
 */
#ifndef PI_ASCII_H
#define PI_ASCII_H

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

#endif
