/*
 * Escaping (escape.h).  Text is cut into units; emit() says once what a
 * unit becomes in each format, and unit_cols() how many columns that
 * takes, so that widths always match what is printed.
 */
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "escape.h"
#include "utf8.h"

enum unit {
	U_PLAIN,	/* printable ASCII that no format treats specially */
	U_SPECIAL,	/* one of \ " , */
	U_CTRL,		/* a C0 control character or DEL */
	U_CHAR,		/* a valid UTF-8 sequence beyond ASCII */
	U_HIDDEN,	/* valid UTF-8 that a terminal acts on, or that
			   passes unseen, rather than shows: hidden[] */
	U_BAD		/* one byte that is not part of valid UTF-8 */
};

/* Most bytes a unit other than U_PLAIN becomes: "\x..\x..\x..\x..". */
#define UNIT_MAX 16

/* Code points lo..hi; tables of them ascend, apart. */
struct span {
	unsigned lo, hi;
};

#define NSPANS(t) (sizeof(t) / sizeof((t)[0]))

/*
 * Characters beyond ASCII that act on a terminal, or pass unseen, rather
 * than show, each written as an escape: the C1 controls, which can start
 * escape sequences; every format character (category Cf, Unicode 15.0),
 * bidirectional controls among them, which can make a line read in
 * another order than its bytes (CVE-2021-42574); the combining grapheme
 * joiner and the variation selectors, which show nothing of their own;
 * the no-break spaces, which look like a space and are not one, and the
 * characters that show as a blank (Hangul fillers, blank Braille); the
 * line and paragraph separators.
 */
static const struct span hidden[] = {
	{ 0x0080, 0x00a0 }, { 0x00ad, 0x00ad }, { 0x034f, 0x034f },
	{ 0x0600, 0x0605 }, { 0x061c, 0x061c }, { 0x06dd, 0x06dd },
	{ 0x070f, 0x070f }, { 0x0890, 0x0891 }, { 0x08e2, 0x08e2 },
	{ 0x115f, 0x1160 }, { 0x180b, 0x180f }, { 0x2007, 0x2007 },
	{ 0x200b, 0x200f }, { 0x2028, 0x202f }, { 0x2060, 0x2064 },
	{ 0x2066, 0x206f }, { 0x2800, 0x2800 }, { 0x3164, 0x3164 },
	{ 0xfe00, 0xfe0f }, { 0xfeff, 0xfeff }, { 0xffa0, 0xffa0 },
	{ 0xfff9, 0xfffb }, { 0x110bd, 0x110bd }, { 0x110cd, 0x110cd },
	{ 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a },
	{ 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f }, { 0xe0100, 0xe01ef }
};

/*
 * Columns a character takes on a terminal: the common East Asian Wide
 * and Fullwidth ranges and emoji two, the common combining marks (Mn,
 * Me) none.  Both tables are small on purpose: one they miss counts one.
 */
static const struct span wide[] = {
	{ 0x1100, 0x115e }, { 0x2e80, 0x303e }, { 0x3041, 0x3247 },
	{ 0x3250, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f320 },
	{ 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c }, { 0x1f37e, 0x1f393 },
	{ 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 }, { 0x1f3e0, 0x1f3f0 },
	{ 0x1f3f8, 0x1f43e }, { 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d },
	{ 0x1f550, 0x1f567 }, { 0x1f5fb, 0x1f64f }, { 0x1f90c, 0x1f93a },
	{ 0x1f93c, 0x1f945 }, { 0x1f947, 0x1f9ff }, { 0x20000, 0x2fffd },
	{ 0x30000, 0x3fffd }
};

static const struct span combining[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 },
	{ 0x05c7, 0x05c7 }, { 0x0610, 0x061a }, { 0x064b, 0x065f },
	{ 0x0670, 0x0670 }, { 0x06d6, 0x06dc }, { 0x06df, 0x06e4 },
	{ 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x20d0, 0x20ff }, { 0x302a, 0x302d },
	{ 0x3099, 0x309a }, { 0xfe20, 0xfe2f }
};

static int
span_cmp(const void *key, const void *elem)
{
	unsigned c = *(const unsigned *)key;
	const struct span *sp = elem;

	return c < sp->lo ? -1 : c > sp->hi;
}

static int
in_spans(const struct span *t, size_t n, unsigned c)
{
	return bsearch(&c, t, n, sizeof(*t), span_cmp) != NULL;
}

/* The code point of the valid UTF-8 sequence s[0..n), n from 2 to 4. */
static unsigned
code_point(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned c = s[0] & (0x7fu >> n);
	size_t i;

	for (i = 1; i < n; i++)
		c = c << 6 | (s[i] & 0x3fu);
	return c;
}

/* The unit at p[0..len), len > 0: its kind in *u, its length returned. */
static size_t
unit_at(const char *p, size_t len, enum unit *u)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t n;

	if (s[0] < 0x20 || s[0] == 0x7f) {
		*u = U_CTRL;
		return 1;
	}
	if (s[0] < 0x80) {
		*u = pi_plain_byte(s[0]) ? U_PLAIN : U_SPECIAL;
		for (n = 1; *u == U_PLAIN && n < len &&
		    pi_plain_byte(s[n]); n++)
			continue;
		return n;
	}
	if ((n = pi_utf8_len(s, len)) == 0) {
		*u = U_BAD;
		return 1;
	}
	*u = in_spans(hidden, NSPANS(hidden), code_point(p, n)) ? U_HIDDEN :
	    U_CHAR;
	return n;
}

/* Writes c at d as \x and two hex digits, or \u and four: \x1b, \u001b. */
static char *
hex_at(char *d, char letter, unsigned c)
{
	static const char hex[] = "0123456789abcdef";
	int i = letter == 'u' ? 4 : 2;

	*d++ = '\\';
	*d++ = letter;
	while (i-- > 0)
		*d++ = hex[(c >> (4 * i)) & 0xf];
	return d;
}

/* JSON's \uXXXX of c, beyond U+FFFF a surrogate pair (RFC 8259, 7). */
static char *
json_u(char *d, unsigned c)
{
	if (c <= 0xffff)
		return hex_at(d, 'u', c);
	c -= 0x10000;
	d = hex_at(d, 'u', 0xd800 | (c >> 10));
	return hex_at(d, 'u', 0xdc00 | (c & 0x3ff));
}

/* The letter of c's short backslash escape in esc (\t, \n...), or 0. */
static char
short_escape(enum esc esc, unsigned char c)
{
	static const char letters[] = "tnrbf";
	const char *from = esc == ESC_JSON ? "\t\n\r\b\f" :
	    esc == ESC_TSV ? "\t\n\r" : "";
	const char *hit = c != '\0' ? strchr(from, c) : NULL;

	return hit != NULL ? letters[hit - from] : 0;
}

/*
 * What one unit becomes in esc, written at d, which has room for
 * UNIT_MAX bytes.  A backslash is doubled in every format, so that a
 * backslash in output always starts an escape.
 */
static char *
emit(char *d, enum esc esc, enum unit u, const char *s, size_t n)
{
	size_t i;
	char c;

	switch (u) {
	case U_PLAIN:
	case U_CHAR:
		memcpy(d, s, n);
		return d + n;
	case U_SPECIAL:
		if (s[0] == '\\' || (esc == ESC_JSON && s[0] == '"'))
			*d++ = '\\';
		else if (esc == ESC_CSV && s[0] == '"')
			*d++ = '"';
		*d++ = s[0];
		return d;
	case U_CTRL:
		if ((c = short_escape(esc, (unsigned char)s[0])) != 0) {
			*d++ = '\\';
			*d++ = c;
			return d;
		}
		return hex_at(d, esc == ESC_JSON ? 'u' : 'x',
		    (unsigned char)s[0]);
	case U_HIDDEN:
		if (esc == ESC_JSON)
			return json_u(d, code_point(s, n));
		for (i = 0; i < n; i++)
			d = hex_at(d, 'x', (unsigned char)s[i]);
		return d;
	case U_BAD:
		if (esc != ESC_JSON)
			return hex_at(d, 'x', (unsigned char)s[0]);
		memcpy(d, "\xef\xbf\xbd", 3);	/* U+FFFD */
		return d + 3;
	}
	return d;
}

/*
 * Columns that what emit writes for a unit takes in human output.  With
 * stack, a combining character takes one, so that a run of them stacked
 * on one letter is shortened as well.
 */
static size_t
unit_cols(enum unit u, const char *s, size_t n, int stack)
{
	char d[UNIT_MAX];
	unsigned c;

	if (u == U_PLAIN)
		return n;
	if (u != U_CHAR)
		return (size_t)(emit(d, ESC_HUMAN, u, s, n) - d);
	c = code_point(s, n);
	if (in_spans(combining, NSPANS(combining), c))
		return stack ? 1 : 0;
	return in_spans(wide, NSPANS(wide), c) ? 2 : 1;
}

size_t
esc_cols(const char *s, size_t len)
{
	size_t i, n, cols = 0;
	enum unit u;

	for (i = 0; i < len; i += n) {
		n = unit_at(s + i, len - i, &u);
		cols += unit_cols(u, s + i, n, 0);
	}
	return cols;
}

/*
 * The length of the start of s[0..len) kept when it is cut to limit
 * columns: len if it fits, with a column to spare if more is to follow;
 * else the units that fit in limit less markcols, the mark's columns.
 */
static size_t
keep(const char *s, size_t len, size_t limit, int more, int stack,
    size_t markcols)
{
	size_t i, n, w, cols = 0, kept = len;
	enum unit u;

	if (limit == ESC_WHOLE)
		return len;
	for (i = 0; i < len; i += n) {
		n = unit_at(s + i, len - i, &u);
		w = unit_cols(u, s + i, n, stack);
		if (kept == len && cols + w + markcols > limit)
			kept = u == U_PLAIN && cols + markcols < limit ?
			    i + limit - markcols - cols : i;
		cols += w;
	}
	return cols + (more != 0) <= limit ? len : kept;
}

/* Writes s[0..len) escaped for esc, cut as keep() cuts it, and mark. */
static char *
cut(struct out *o, char *p, enum esc esc, const char *s, size_t len,
    size_t limit, int more, int stack, const char *mark, size_t markcols)
{
	size_t i, n, kept = keep(s, len, limit, more, stack, markcols);
	enum unit u;

	for (i = 0; i < kept; i += n) {
		n = unit_at(s + i, kept - i, &u);
		if (u == U_PLAIN)
			p = out_put(o, p, s + i, n);
		else
			p = emit(out_room(o, p, UNIT_MAX), esc, u, s + i, n);
	}
	return kept < len && limit >= markcols ? out_str(o, p, mark) : p;
}

char *
esc_line(struct out *o, char *p, const char *s, size_t len, size_t *col)
{
	size_t i, n;
	enum unit u;

	for (i = 0; i < len; i += n) {
		n = unit_at(s + i, len - i, &u);
		if (u == U_PLAIN || u == U_SPECIAL || s[i] == '\t') {
			p = out_put(o, p, s + i, n);
			*col = s[i] == '\t' ? (*col / 8 + 1) * 8 : *col + n;
		} else {
			*col += unit_cols(u, s + i, n, 0);
			p = emit(out_room(o, p, UNIT_MAX), ESC_HUMAN, u, s + i,
			    n);
		}
	}
	return p;
}

char *
esc_text(struct out *o, char *p, enum esc esc, const char *s, size_t len,
    size_t limit)
{
	return cut(o, p, esc, s, len, limit, 0, 1, ESC_SHORT_MARK,
	    strlen(ESC_SHORT_MARK));
}

size_t
esc_short(const char *s, size_t len, size_t limit)
{
	return keep(s, len, limit, 0, 1, strlen(ESC_SHORT_MARK));
}

char *
esc_cut(struct out *o, char *p, const char *s, size_t len, size_t room,
    int more)
{
	return cut(o, p, ESC_HUMAN, s, len, room, more, 0, ESC_CUT_MARK, 1);
}

static int
csv_quoted(const char *s, size_t len)
{
	return memchr(s, ',', len) != NULL || memchr(s, '"', len) != NULL;
}

static char *
open_quote(struct out *o, char *p, int quoted, int formula)
{
	return quoted ? out_put(o, p, "\"'", formula ? 2 : 1) : p;
}

char *
esc_field(struct out *o, char *p, enum esc esc, const char *s, size_t len)
{
	int formula = esc == ESC_CSV && len > 0 && esc_csv_formula(s[0]);
	int quoted = esc == ESC_JSON || formula ||
	    (esc == ESC_CSV && csv_quoted(s, len));

	p = open_quote(o, p, quoted, formula);
	p = esc_text(o, p, esc, s, len, ESC_WHOLE);
	return quoted ? out_byte(o, p, '"') : p;
}

char *
esc_list(struct out *o, char *p, enum esc esc, const char *const *items,
    size_t n)
{
	/* The field starts with the first item: a formula there, as text. */
	int formula = esc == ESC_CSV && n > 0 && esc_csv_formula(items[0][0]);
	int quoted = formula || (esc == ESC_CSV && n > 1);
	const char *s, *comma;
	size_t i;

	for (i = 0; i < n && esc == ESC_CSV && !quoted; i++)
		quoted = csv_quoted(items[i], strlen(items[i]));
	p = open_quote(o, p, quoted, formula);
	for (i = 0; i < n; i++) {
		if (i > 0)
			p = out_byte(o, p, ',');
		for (s = items[i]; (comma = strchr(s, ',')) != NULL;
		    s = comma + 1) {
			p = esc_text(o, p, esc, s, (size_t)(comma - s),
			    ESC_WHOLE);
			p = out_put(o, p, "\\x2c", 4);
		}
		p = esc_text(o, p, esc, s, strlen(s), ESC_WHOLE);
	}
	return quoted ? out_byte(o, p, '"') : p;
}

/* Whether the ends of s[0..len) would not show in a message unquoted. */
static int
needs_quotes(const char *s, size_t len)
{
	size_t i, n;
	enum unit u;

	if (len == 0 || memchr(s, ' ', len) != NULL ||
	    memchr(s, ':', len) != NULL || memchr(s, '\'', len) != NULL)
		return 1;
	for (i = 0; i < len; i += n) {
		n = unit_at(s + i, len - i, &u);
		if (u == U_CTRL || u == U_HIDDEN)
			return 1;
	}
	return 0;
}

char *
esc_value(struct out *o, char *p, const char *s, size_t len, size_t limit)
{
	int quoted = needs_quotes(s, len);

	p = out_put(o, p, "'", (size_t)quoted);
	p = esc_text(o, p, ESC_HUMAN, s, len, limit);
	return out_put(o, p, "'", (size_t)quoted);
}

char *
esc_head(struct out *o, char *p, const char *s, size_t len, size_t limit)
{
	p = out_str(o, p, "portinfo: ");
	p = esc_value(o, p, s, len, limit);
	return out_str(o, p, ": ");
}

/* A message of up to 512 bytes is written in one piece, even to an
   unbuffered stream. */
void
esc_error(FILE *fp, const char *s, size_t len, size_t limit,
    const char *reason)
{
	char buf[512], *p;
	struct out o;

	out_init(&o, fp, buf, sizeof(buf));
	p = esc_head(&o, o.p, s, len, limit);
	p = out_str(&o, p, reason);
	o.p = out_byte(&o, p, '\n');
	out_flush(&o);
}
