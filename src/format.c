/*
 * Output formats (format.h).
 *
 * Text is cut into units: runs of plain ASCII, single characters that
 * some format treats specially, control characters, valid UTF-8
 * sequences and bytes that are not valid UTF-8.  Each format says once,
 * in emit(), what a unit becomes, and unit_cols() how many columns that
 * takes; measuring a column and writing it go through that same code,
 * so widths always match what is printed.  Text known to be plain
 * (plain.h), as most of the registry is, is one run of plain ASCII,
 * which every format copies as it is; it is copied without being cut
 * into units.
 *
 * All output is written one way: at a position p in a sink's buffer.
 * The functions that write take p and return where they stopped, so
 * that the position stays in a register across the two dozen small
 * writes of a line rather than going through memory for each; room()
 * is the only one that looks at the sink, to hand its bytes to stdio
 * when the buffer is full.  A writing entry point opens the sink with
 * start() and closes it with stop().
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "format.h"
#include "plain.h"
#include "utf8.h"

#define NO_LIMIT SIZE_MAX
#define ELLIPSIS "..."

/* Widest a human column is padded to; longer cells just run on. */
#define SERVICE_CAP 24
#define DESC_CAP 44

#define SGR_BOLD "\033[1m"
#define SGR_SERVICE "\033[32m"
#define SGR_STUB "\033[33m"
#define SGR_RESET "\033[0m"

enum esc { ESC_HUMAN, ESC_TSV, ESC_CSV, ESC_JSON };

enum unit {
	U_PLAIN,	/* printable ASCII that no format treats specially */
	U_SPECIAL,	/* one of \ " , */
	U_CTRL,		/* a C0 control character or DEL */
	U_CHAR,		/* a valid UTF-8 sequence beyond ASCII */
	U_HIDDEN,	/* valid UTF-8 that a terminal acts on rather than
			   shows: see is_hidden() */
	U_BAD		/* one byte that is not part of valid UTF-8 */
};

/* Most bytes a unit other than U_PLAIN becomes: "\x..\x..\x..\x..". */
#define UNIT_MAX 16

/* The columns of a human table, in order. */
enum { C_PORT, C_PROTO, C_SERVICE, C_DESC, C_REF, NCOLS };

static const size_t col_caps[NCOLS] = {
	SIZE_MAX, SIZE_MAX, SERVICE_CAP, DESC_CAP, SIZE_MAX
};

struct table {
	size_t width[NCOLS];
	int show_port;
	size_t rows;
	int direct;		/* a row was found by its own name */
	const char *alias_of;	/* a service a row was found by an alias of,
				   or NULL */
};

/* "4294967295-4294967295" and its NUL: any two numbers of 32 bits. */
#define PORT_TEXT_SIZE 22

static void
sink_init(struct sink *k, FILE *fp)
{
	k->fp = fp;
	k->err = 0;
	k->used = 0;
}

static void
write_out(struct sink *k, const char *s, size_t n)
{
	if (k->fp != NULL && k->err == 0 && n > 0 &&
	    fwrite(s, 1, n, k->fp) != n)
		k->err = errno != 0 ? errno : EIO;
}

/*
 * Hands what is gathered to stdio.  A sink that has failed gathers
 * bytes all the same and drops them here.
 */
static void
drain(struct sink *k)
{
	write_out(k, k->buf, k->used);
	k->used = 0;
}

/* Where writing in k goes on, and where it stopped. */
static inline char *
start(struct sink *k)
{
	return k->buf + k->used;
}

static inline void
stop(struct sink *k, const char *p)
{
	k->used = (size_t)(p - k->buf);
}

/* room when the buffer is full: out of line, as it is rare. */
static char *
room_long(struct sink *k, char *p)
{
	stop(k, p);
	drain(k);
	return k->buf;
}

/*
 * p, or the start of an emptied buffer, so that n bytes fit from there;
 * n is at most SINK_BUFSIZE.
 */
static inline char *
room(struct sink *k, char *p, size_t n)
{
	if (n > (size_t)(k->buf + sizeof(k->buf) - p))
		return room_long(k, p);
	return p;
}

/*
 * Copies s[0..n) to d.  The pieces of a line are mostly a few bytes
 * long, and a call to memcpy cost more than each copy: from 4 to 16
 * bytes, two copies of a fixed size that overlap in the middle do the
 * same inline.
 */
static inline void
copy(char *d, const char *s, size_t n)
{
	if (n >= 8 && n <= 16) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else
		memcpy(d, s, n);
}

/* put when s[0..n) does not fit in what is left of the buffer. */
static char *
put_long(struct sink *k, char *p, const char *s, size_t n)
{
	p = room_long(k, p);
	if (n > sizeof(k->buf)) {
		write_out(k, s, n);
		return p;
	}
	memcpy(p, s, n);
	return p + n;
}

/* Inline, with the rare case apart: this is most of what a line costs. */
static inline char *
put(struct sink *k, char *p, const char *s, size_t n)
{
	if (n > (size_t)(k->buf + sizeof(k->buf) - p))
		return put_long(k, p, s, n);
	copy(p, s, n);
	return p + n;
}

static inline char *
put_byte(struct sink *k, char *p, char c)
{
	p = room(k, p, 1);
	*p = c;
	return p + 1;
}

static char *
put_str(struct sink *k, char *p, const char *s)
{
	return put(k, p, s, strlen(s));
}

/* Terminal control text, if on. */
static char *
put_sgr(struct sink *k, char *p, int on, const char *sgr)
{
	return on ? put_str(k, p, sgr) : p;
}

static char *
put_spaces(struct sink *k, char *p, size_t n)
{
	static const char spaces[] = "                                ";
	size_t chunk;

	while (n > 0) {
		chunk = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		p = put(k, p, spaces, chunk);
		n -= chunk;
	}
	return p;
}

/* How many decimal digits num has. */
static size_t
num_len(unsigned num)
{
	size_t n = 1;

	for (; num >= 100; num /= 100)
		n += 2;
	return n + (num >= 10);
}

/*
 * Digits by hand, two at a time: in a tsv record, snprintf for the two
 * port numbers cost more than everything else the record needs, and in
 * a single lookup it pages in the whole of printf.  Writes the n digits
 * of num (n is num_len(num)) at p, from the last, and returns their end.
 */
static char *
digits_at(char *p, unsigned num, size_t n)
{
	static const char two_digits[] =
	    "0001020304050607080910111213141516171819"
	    "2021222324252627282930313233343536373839"
	    "4041424344454647484950515253545556575859"
	    "6061626364656667686970717273747576777879"
	    "8081828384858687888990919293949596979899";
	char *end = p + n;

	for (p = end; num >= 100; num /= 100) {
		p -= 2;
		memcpy(p, two_digits + num % 100 * 2, 2);
	}
	if (num >= 10)
		memcpy(p - 2, two_digits + num * 2, 2);
	else
		p[-1] = (char)('0' + num);
	return end;
}

static char *
put_num(struct sink *k, char *p, unsigned num)
{
	size_t n = num_len(num);

	return digits_at(room(k, p, n), num, n);
}

/* A number that may pass put_num's, such as an input line number. */
static char *
put_count(struct sink *k, char *p, unsigned long long num)
{
	char digits[sizeof(num) * 3];	/* more than it can have */
	size_t n = sizeof(digits);

	if (num <= UINT_MAX)
		return put_num(k, p, (unsigned)num);
	do {
		digits[--n] = (char)('0' + num % 10);
		num /= 10;
	} while (num > 0);
	return put(k, p, digits + n, sizeof(digits) - n);
}

/* Writes c at d as prefix followed by width hex digits: \x1b, \u001b. */
static char *
hex_at(char *d, const char *prefix, unsigned c, int width)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(prefix);
	int i;

	memcpy(d, prefix, n);
	d += n;
	for (i = width - 1; i >= 0; i--)
		*d++ = hex[(c >> (4 * i)) & 0xf];
	return d;
}

/*
 * JSON's escape of code point c: \\uXXXX, or beyond U+FFFF the two of
 * its UTF-16 surrogate pair (RFC 8259, section 7).
 */
static char *
json_u(char *d, unsigned c)
{
	if (c <= 0xffff)
		return hex_at(d, "\\u", c, 4);
	c -= 0x10000;
	d = hex_at(d, "\\u", 0xd800 | (c >> 10), 4);
	return hex_at(d, "\\u", 0xdc00 | (c & 0x3ff), 4);
}

/* The code point of the valid UTF-8 sequence s[0..n), n from 2 to 4. */
static unsigned
code_point(const unsigned char *s, size_t n)
{
	unsigned c = s[0] & (0x7fu >> n);
	size_t i;

	for (i = 1; i < n; i++)
		c = c << 6 | (s[i] & 0x3fu);
	return c;
}

/*
 * Characters beyond ASCII that act on a terminal, or pass unseen, rather
 * than show, each written as an escape: the one table of them.
 *
 * - the C1 controls, which can start escape sequences;
 * - every format character (Unicode general category Cf, as of Unicode
 *   15.0): soft hyphen, zero-width spaces and joiners, the word joiner,
 *   the byte order mark, the Arabic number signs, tag characters, and
 *   the marks, embeddings, overrides and isolates of bidirectional text,
 *   which can make a line read in another order than its bytes
 *   (CVE-2021-42574);
 * - the combining grapheme joiner U+034F, invisible though a mark;
 * - the no-break spaces U+00A0, U+2007 and U+202F, which look like a
 *   space and are not one;
 * - the line and paragraph separators U+2028 and U+2029.
 *
 * Ascending and apart, for a binary search.
 */
static const struct span {
	unsigned lo, hi;
} hidden[] = {
	{ 0x0080, 0x00a0 }, { 0x00ad, 0x00ad }, { 0x034f, 0x034f },
	{ 0x0600, 0x0605 }, { 0x061c, 0x061c }, { 0x06dd, 0x06dd },
	{ 0x070f, 0x070f }, { 0x0890, 0x0891 }, { 0x08e2, 0x08e2 },
	{ 0x180e, 0x180e }, { 0x2007, 0x2007 }, { 0x200b, 0x200f },
	{ 0x2028, 0x202f }, { 0x2060, 0x2064 }, { 0x2066, 0x206f },
	{ 0xfeff, 0xfeff }, { 0xfff9, 0xfffb }, { 0x110bd, 0x110bd },
	{ 0x110cd, 0x110cd }, { 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 },
	{ 0x1d173, 0x1d17a }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f }
};

/* Whether c lies in one of the n ascending spans of t. */
static int
in_spans(const struct span *t, size_t n, unsigned c)
{
	size_t lo = 0, hi = n, mid;

	if (c < t[0].lo || c > t[n - 1].hi)
		return 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c > t[mid].hi)
			lo = mid + 1;
		else if (c < t[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

static int
is_hidden(unsigned c)
{
	return in_spans(hidden, sizeof(hidden) / sizeof(hidden[0]), c);
}

/*
 * Columns a character takes on a terminal, for shortening and padding:
 * the common wide ranges (East Asian Wide and Fullwidth in Unicode's
 * EastAsianWidth.txt: Hangul, CJK, kana, fullwidth forms, the common
 * emoji) take two, the common combining marks (general category Mn and
 * Me), which sit on the character before them, none.  Both tables are
 * small on purpose; a character they miss counts one.
 */
static const struct span wide[] = {
	{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x3247 },
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
	{ 0x3099, 0x309a }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
	{ 0xe0100, 0xe01ef }
};

static size_t
char_cols(unsigned c)
{
	if (in_spans(combining, sizeof(combining) / sizeof(combining[0]), c))
		return 0;
	if (in_spans(wide, sizeof(wide) / sizeof(wide[0]), c))
		return 2;
	return 1;
}

/* How many bytes at the start of s[0..len) are plain (plain.h). */
static size_t
plain_span(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && pi_plain_byte((unsigned char)s[n]))
		n++;
	return n;
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
		if (!pi_plain_byte(s[0])) {
			*u = U_SPECIAL;
			return 1;
		}
		*u = U_PLAIN;
		return plain_span(p, len);
	}
	if ((n = pi_utf8_len(s, len)) == 0) {
		*u = U_BAD;
		return 1;
	}
	*u = is_hidden(code_point(s, n)) ? U_HIDDEN : U_CHAR;
	return n;
}

/* The letter of c's short backslash escape in esc (\t, \n...), or 0. */
static char
short_escape(enum esc esc, unsigned char c)
{
	static const struct {
		unsigned char c;
		char letter;
		int json_only;
	} named[] = {
		{ '\t', 't', 0 }, { '\n', 'n', 0 }, { '\r', 'r', 0 },
		{ '\b', 'b', 1 }, { '\f', 'f', 1 }
	};
	size_t i;

	if (esc != ESC_TSV && esc != ESC_JSON)
		return 0;
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (named[i].c == c && (esc == ESC_JSON || !named[i].json_only))
			return named[i].letter;
	}
	return 0;
}

/*
 * Whether esc puts a backslash before the special character c: every
 * format before a backslash, which starts the escapes of all of them,
 * so that a backslash in output always starts an escape.
 */
static int
backslashed(enum esc esc, char c)
{
	return c == '\\' || (esc == ESC_JSON && c == '"');
}

/*
 * What one unit other than U_PLAIN becomes in esc, written at d, which
 * has room for UNIT_MAX bytes: the only place escaping is decided.
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
		/* A backslash before it, or in csv, a quote doubled. */
		if (backslashed(esc, s[0]))
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
		if (esc == ESC_JSON)
			return hex_at(d, "\\u", (unsigned char)s[0], 4);
		return hex_at(d, "\\x", (unsigned char)s[0], 2);
	case U_HIDDEN:
		if (esc == ESC_JSON)
			return json_u(d, code_point((const unsigned char *)s, n));
		for (i = 0; i < n; i++)
			d = hex_at(d, "\\x", (unsigned char)s[i], 2);
		return d;
	case U_BAD:
		if (esc == ESC_JSON) {
			memcpy(d, "\xef\xbf\xbd", 3);	/* U+FFFD */
			return d + 3;
		}
		return hex_at(d, "\\x", (unsigned char)s[0], 2);
	}
	return d;
}

/*
 * Columns that what emit writes for a unit takes: a character beyond
 * ASCII takes what char_cols says, whatever its bytes; U+FFFD one; all
 * else emit writes is ASCII.
 */
static size_t
unit_cols(enum esc esc, enum unit u, const char *s, size_t n)
{
	char d[UNIT_MAX];

	if (u == U_PLAIN)
		return n;
	if (u == U_CHAR)
		return char_cols(code_point((const unsigned char *)s, n));
	if (u == U_BAD && esc == ESC_JSON)
		return 1;
	return (size_t)(emit(d, esc, u, s, n) - d);
}

/* Columns that s[0..len) takes once escaped. */
static size_t
measure(enum esc esc, const char *s, size_t len)
{
	size_t i, n, cols = 0;
	enum unit u;

	for (i = 0; i < len; i += n) {
		n = unit_at(s + i, len - i, &u);
		cols += unit_cols(esc, u, s + i, n);
	}
	return cols;
}

/*
 * What a unit counts toward a limit: its columns, but at least one, so
 * that a run of characters that take none (combining marks stacked on
 * one letter) is shortened as well.
 */
static size_t
unit_room(enum esc esc, enum unit u, const char *s, size_t n)
{
	size_t w = unit_cols(esc, u, s, n);

	return w > 0 ? w : 1;
}

/* What s[0..len) counts toward a limit once escaped. */
static size_t
measure_room(enum esc esc, const char *s, size_t len)
{
	size_t i, n, room = 0;
	enum unit u;

	for (i = 0; i < len; i += n) {
		n = unit_at(s + i, len - i, &u);
		room += unit_room(esc, u, s + i, n);
	}
	return room;
}

/*
 * Writes s[0..len) escaped for esc.  If that counts more than limit
 * toward it (unit_room), writes only as much as fits with "..." after.
 */
static char *
escape(struct sink *k, char *p, enum esc esc, const char *s, size_t len,
    size_t limit)
{
	size_t i, n, w, room_cols = NO_LIMIT, cols = 0;
	enum unit u;

	if (limit != NO_LIMIT && measure_room(esc, s, len) > limit)
		room_cols = limit - strlen(ELLIPSIS);
	for (i = 0; i < len; i += n) {
		n = unit_at(s + i, len - i, &u);
		w = unit_room(esc, u, s + i, n);
		if (room_cols != NO_LIMIT && cols + w > room_cols) {
			if (u == U_PLAIN)
				p = put(k, p, s + i, room_cols - cols);
			return put_str(k, p, ELLIPSIS);
		}
		if (u == U_PLAIN)
			p = put(k, p, s + i, n);
		else
			p = emit(room(k, p, UNIT_MAX), esc, u, s + i, n);
		cols += w;
	}
	return p;
}

static char *
escape_str(struct sink *k, char *p, enum esc esc, const char *s)
{
	return escape(k, p, esc, s, strlen(s), NO_LIMIT);
}

/* Writes out what k gathered and keeps the first error in f. */
static void
settle(struct fmt *f, struct sink *k)
{
	drain(k);
	if (f->err == 0)
		f->err = k->err;
}

int
fmt_by_name(const char *name)
{
	static const char *const names[] = {
		[FMT_HUMAN] = "human", [FMT_TSV] = "tsv",
		[FMT_CSV] = "csv", [FMT_JSON] = "json"
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	}
	return -1;
}

void
fmt_init(struct fmt *f, FILE *fp, enum fmt_kind kind, int header, int color)
{
	/* Member by member, the sink's buffer left alone: clearing it
	   would cost a short run its pages for nothing. */
	f->fp = fp;
	f->kind = kind;
	f->header = header && (kind == FMT_TSV || kind == FMT_CSV);
	f->color = color && kind == FMT_HUMAN;
	f->fields = FG_REGISTRY;
	f->groups = 0;
	f->source = NULL;
	f->err = 0;
	f->hold = 0;
	sink_init(&f->out, fp);
}

static char
separator(const struct fmt *f)
{
	return f->kind == FMT_CSV ? ',' : '\t';
}

void
fmt_begin(struct fmt *f)
{
	const struct field *fd;
	struct sink k;
	char *p;
	int first = 1;

	if (!f->header)
		return;
	sink_init(&k, f->fp);
	p = start(&k);
	for (fd = fields; fd < fields + NFIELDS; fd++) {
		if (!(fd->group & f->fields))
			continue;
		if (!first)
			p = put_byte(&k, p, separator(f));
		p = put(&k, p, fd->name, fd->namelen);
		first = 0;
	}
	stop(&k, put_byte(&k, p, '\n'));
	settle(f, &k);
}

/*
 * Whether a csv text field that starts with c could be taken for a
 * formula by a spreadsheet: =, +, -, @, tab and carriage return, as
 * OWASP's guidance on CSV injection lists them.  Such a field is
 * written in double quotes with a single quote before its text, as that
 * guidance advises; a field that starts with a single quote gets one too,
 * so that a reader can always take the first one off to get the text.
 */
static int
csv_formula(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r' || c == '\'';
}

/* RFC 4180: a field with a comma or a quote goes in quotes. */
static int
csv_quoted(const char *s, size_t len)
{
	return memchr(s, ',', len) != NULL || memchr(s, '"', len) != NULL;
}

/*
 * A line of a machine format as it is written: each field after a
 * separator, or in JSON after its key; the first after nothing, or in
 * JSON after "{" and its key without the ",".
 */
struct line {
	struct sink *k;
	enum esc esc;
	char sep;
};

static char *
json_key(const struct line *l, char *p, const struct field *fd, int first)
{
	if (first)
		p = put_byte(l->k, p, '{');
	return put(l->k, p, fd->key + first, fd->keylen - first);
}

/* Nothing: JSON's null, else an empty field. */
static inline char *
null_value(const struct line *l, char *p)
{
	return l->esc == ESC_JSON ? put(l->k, p, "null", 4) : p;
}

/* JSON's string of plain text s[0..len): the text in quotes. */
static char *
json_plain(const struct line *l, char *p, const char *s, size_t len)
{
	p = put_byte(l->k, p, '"');
	p = put(l->k, p, s, len);
	return put_byte(l->k, p, '"');
}

/*
 * Plain bytes s[0..len) (plain.h), copied as they are; JSON puts them in
 * quotes if they are a string.
 */
static inline char *
plain_value(const struct line *l, char *p, const char *s, size_t len,
    int string)
{
	if (l->esc == ESC_JSON && string)
		return json_plain(l, p, s, len);
	return put(l->k, p, s, len);
}

/*
 * Text not known to be plain: copied if it is plain all the same, else
 * escaped, and quoted where the format wants.
 */
static char *
text_value(const struct line *l, char *p, const char *s, size_t n,
    unsigned flags)
{
	int quoted, formula = l->esc == ESC_CSV && csv_formula(s[0]);

	if (((flags & VALUE_PLAIN) || plain_span(s, n) == n) && !formula)
		return plain_value(l, p, s, n, 1);
	quoted = l->esc == ESC_JSON || formula ||
	    (l->esc == ESC_CSV && csv_quoted(s, n));
	if (quoted)
		p = put(l->k, p, "\"'", formula ? 2 : 1);
	p = escape(l->k, p, l->esc, s, n, NO_LIMIT);
	return quoted ? put_byte(l->k, p, '"') : p;
}

/*
 * The value of a field of each kind (field.h): data[0..n) and flags of
 * struct value, which FIELDS names value_KIND.  Null values and plain
 * ones never get here, but for a plain text that csv must keep from
 * being read as a formula: record_line writes each of those the same
 * way, whatever the kind.
 */
static char *
value_FK_TEXT(const struct line *l, char *p, const void *data, size_t n,
    unsigned flags)
{
	return text_value(l, p, data, n, flags);
}

/* A word is plain (field.h), and never gets here. */
static char *
value_FK_WORD(const struct line *l, char *p, const void *data, size_t n,
    unsigned flags)
{
	(void)flags;
	return plain_value(l, p, data, n, 1);
}

static char *
value_FK_NUM(const struct line *l, char *p, const void *data, size_t n,
    unsigned flags)
{
	(void)data;
	(void)flags;
	return put_num(l->k, p, (unsigned)n);
}

/* JSON's true or false, which are never quoted; the same words else. */
static char *
value_FK_BOOL(const struct line *l, char *p, const void *data, size_t n,
    unsigned flags)
{
	(void)data;
	(void)flags;
	return n ? put(l->k, p, "true", 4) : put(l->k, p, "false", 5);
}

static char *
value_FK_COUNT(const struct line *l, char *p, const void *data, size_t n,
    unsigned flags)
{
	(void)n;
	if (!(flags & VALUE_SET))
		return null_value(l, p);
	return put_count(l->k, p, *(const unsigned long long *)data);
}

/*
 * One item of a list in tsv or csv: escaped as any text is, and a comma
 * in it written \x2c, so that the commas between items are the only ones.
 */
static char *
list_item(const struct line *l, char *p, const char *s)
{
	const char *comma;

	while ((comma = strchr(s, ',')) != NULL) {
		p = escape(l->k, p, l->esc, s, (size_t)(comma - s), NO_LIMIT);
		p = put(l->k, p, "\\x2c", 4);
		s = comma + 1;
	}
	return escape_str(l->k, p, l->esc, s);
}

/*
 * A list of n items: in JSON an array, of strings, or of numbers when
 * they are (their digits are written as they are); in tsv and csv the
 * items joined by commas, the field quoted in csv when it holds one.
 */
static char *
list_value(const struct line *l, char *p, const char *const *items,
    size_t n, unsigned flags, int numbers)
{
	size_t i;
	int quoted, formula;

	if (!(flags & VALUE_SET))
		return null_value(l, p);
	if (l->esc == ESC_JSON) {
		p = put_byte(l->k, p, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				p = put_byte(l->k, p, ',');
			if (numbers)
				p = put_str(l->k, p, items[i]);
			else
				p = value_FK_TEXT(l, p, items[i],
				    strlen(items[i]), VALUE_SET);
		}
		return put_byte(l->k, p, ']');
	}
	/* The field starts with the first item: a formula there, as text. */
	formula = l->esc == ESC_CSV && n > 0 && csv_formula(items[0][0]);
	quoted = formula || (l->esc == ESC_CSV && n > 1);
	for (i = 0; i < n && l->esc == ESC_CSV && !quoted; i++)
		quoted = csv_quoted(items[i], strlen(items[i]));
	if (quoted)
		p = put(l->k, p, "\"'", formula ? 2 : 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			p = put_byte(l->k, p, ',');
		p = list_item(l, p, items[i]);
	}
	return quoted ? put_byte(l->k, p, '"') : p;
}

static char *
value_FK_LIST(const struct line *l, char *p, const void *data, size_t n,
    unsigned flags)
{
	return list_value(l, p, data, n, flags, 0);
}

static char *
value_FK_NUMLIST(const struct line *l, char *p, const void *data, size_t n,
    unsigned flags)
{
	return list_value(l, p, data, n, flags, 1);
}

/*
 * Whether a line has the fields of group: the registry's always (so the
 * compiler drops the test for them), the others as f->fields says.
 */
#define WRITTEN(group, groups) \
	((group) == FG_REGISTRY || ((group) & (groups)))

/* Whether JSON writes a field of this kind as a string, in quotes. */
#define STRING_KIND(kind) ((kind) != FK_NUM && (kind) != FK_BOOL)

/*
 * The fields of r in the groups asked for, as tsv or csv: each after a
 * separator but the first, a null one empty.  FIELDS is expanded here
 * into a straight run of code, a piece for each field, so the compiler
 * picks each value and the function for its kind once, at build time,
 * rather than for every field of every line; plain values, the bulk of
 * them, are copied without a call.
 */
/* Whether the text s, plain and set, is one csv_formula keeps csv from
   taking for a formula. */
static inline int
csv_formula_text(const struct line *l, const char *s)
{
	return l->esc == ESC_CSV && csv_formula(s[0]);
}

static char *
sv_fields(const struct line *l, char *p, const struct record *r,
    unsigned groups)
{
	/* In locals: each byte stored could change *l as far as the
	   compiler knows, and they would be read again for each field. */
	struct sink *k = l->k;
	char sep = l->sep;
	struct value v;
	int first = 1;

#define SV_FIELD(name, kind, group) \
	if (WRITTEN(group, groups)) { \
		if (!first) \
			p = put_byte(k, p, sep); \
		first = 0; \
		field_value(F_##name, r, &v); \
		if ((v.flags & VALUE_PLAIN) && \
		    !((kind) == FK_TEXT && csv_formula_text(l, v.data))) \
			p = put(k, p, v.data, v.n); \
		else if (v.flags & VALUE_SET) \
			p = value_##kind(l, p, v.data, v.n, v.flags); \
	}
	FIELDS(SV_FIELD)
#undef SV_FIELD
	return p;
}

/* A value that is neither null nor plain, as its kind writes it. */
static char *
kind_value(const struct line *l, char *p, enum field_kind kind,
    const struct value *v)
{
	switch (kind) {
	case FK_TEXT:
		return value_FK_TEXT(l, p, v->data, v->n, v->flags);
	case FK_WORD:
		return value_FK_WORD(l, p, v->data, v->n, v->flags);
	case FK_NUM:
		return value_FK_NUM(l, p, v->data, v->n, v->flags);
	case FK_BOOL:
		return value_FK_BOOL(l, p, v->data, v->n, v->flags);
	case FK_LIST:
		return value_FK_LIST(l, p, v->data, v->n, v->flags);
	case FK_NUMLIST:
		return value_FK_NUMLIST(l, p, v->data, v->n, v->flags);
	case FK_COUNT:
		return value_FK_COUNT(l, p, v->data, v->n, v->flags);
	}
	return p;
}

/*
 * The same in JSON: {"name":value,...}, with null for a null value and
 * strings in quotes.  A loop over the fields rather than a run of code
 * for each, as tsv has: JSON is rarely the bulk format, and the code
 * stays small.
 */
static char *
json_fields(const struct line *l, char *p, const struct record *r,
    unsigned groups)
{
	const struct field *fd;
	struct value v = { NULL, 0, 0 };
	int first = 1;

	for (fd = fields; fd < fields + NFIELDS; fd++) {
		if (!WRITTEN(fd->group, groups))
			continue;
		p = json_key(l, p, fd, first);
		first = 0;
		field_value((enum field_id)(fd - fields), r, &v);
		if (!(v.flags & VALUE_SET))
			p = null_value(l, p);
		else if (v.flags & VALUE_PLAIN)
			p = plain_value(l, p, v.data, v.n,
			    STRING_KIND(fd->kind));
		else
			p = kind_value(l, p, fd->kind, &v);
	}
	return put_byte(l->k, p, '}');
}

/* One record as a line of a machine format; nothing in the others. */
static inline void
record_line(struct fmt *f, const struct record *r)
{
	struct line l;
	char *p;

	l.k = &f->out;
	l.sep = separator(f);
	p = start(l.k);
	switch (f->kind) {
	case FMT_TSV:
		l.esc = ESC_TSV;
		p = sv_fields(&l, p, r, f->fields);
		break;
	case FMT_CSV:
		l.esc = ESC_CSV;
		p = sv_fields(&l, p, r, f->fields);
		break;
	case FMT_JSON:
		l.esc = ESC_JSON;
		p = json_fields(&l, p, r, f->fields);
		break;
	case FMT_HUMAN:
	case FMT_QUIET:
		return;
	}
	stop(l.k, put_byte(l.k, p, '\n'));
	if (!f->hold)
		drain(l.k);
	if (f->err == 0)
		f->err = l.k->err;
}

/*
 * One record as a line of a machine format.  The line goes to stdio at
 * once, or with f->hold, once f->out is full.
 */
void
fmt_record(struct fmt *f, const struct record *r)
{
	record_line(f, r);
}

/* "22" or "6000-6063", or "-" when there is no port. */
static void
port_text(char *buf, size_t size, int has_port, unsigned lo, unsigned hi)
{
	size_t len = 1;
	char *p = buf;

	if (has_port)
		len = num_len(lo) + (lo != hi ? 1 + num_len(hi) : 0);
	if (len >= size) {
		buf[0] = '\0';	/* cannot happen: see PORT_TEXT_SIZE */
		return;
	}
	if (!has_port)
		*p++ = '-';
	else {
		p = digits_at(p, lo, num_len(lo));
		if (lo != hi) {
			*p++ = '-';
			p = digits_at(p, hi, num_len(hi));
		}
	}
	*p = '\0';
}

static void
cells(const struct record *r, char *port, const char *cell[NCOLS])
{
	port_text(port, PORT_TEXT_SIZE, r->has_port, r->port, r->port_end);
	cell[C_PORT] = port;
	cell[C_PROTO] = pi_proto_name(r->proto);
	cell[C_SERVICE] = r->service;
	cell[C_DESC] = r->description;
	cell[C_REF] = r->reference;
}

/* First walk: how wide each column is, and whether ports are shown. */
static void
measure_table(struct answer *a, struct table *t)
{
	char port[PORT_TEXT_SIZE];
	const char *cell[NCOLS];
	struct record r;
	size_t i, w;

	memset(t, 0, sizeof(*t));
	t->show_port = a->kind != ANSWER_PORT || a->lo != a->hi;
	answer_rewind(a);
	while (answer_next(a, &r)) {
		if (r.stub)
			continue;
		t->rows++;
		if (r.alias[0] != '\0' && t->alias_of == NULL)
			t->alias_of = r.service;
		t->direct |= r.alias[0] == '\0';
		if (r.has_port && (r.port != a->lo || r.port_end != a->lo))
			t->show_port = 1;
		cells(&r, port, cell);
		for (i = 0; i < NCOLS; i++) {
			w = measure(ESC_HUMAN, cell[i], strlen(cell[i]));
			if (w > col_caps[i])
				w = col_caps[i];
			if (w > t->width[i])
				t->width[i] = w;
		}
	}
	if (!t->show_port)
		t->width[C_PORT] = 0;
}

/* One cell of a human table. */
static char *
human_cell(struct fmt *f, struct sink *k, char *p, const char *s,
    int service)
{
	p = put_sgr(k, p, f->color && service, SGR_SERVICE);
	p = escape_str(k, p, ESC_HUMAN, s);
	return put_sgr(k, p, f->color && service, SGR_RESET);
}

/*
 * Cells are padded to their column's width, but only when something
 * follows them, so no line ends in blanks.
 */
static char *
human_row(struct fmt *f, struct sink *k, char *p, const struct table *t,
    const struct record *r)
{
	char port[PORT_TEXT_SIZE];
	const char *cell[NCOLS];
	size_t i, pending = 0, w;

	p = put_str(k, p, "  ");
	if (r->stub) {
		p = put_sgr(k, p, f->color, SGR_STUB);
		p = put_str(k, p, rec_status_name(r->status));
		if (r->status == REC_PARTIAL)
			p = put_str(k, p, ": services on some of its ports, "
			    "none on all; ask the range alone for them");
		p = put_sgr(k, p, f->color, SGR_RESET);
		return put_str(k, p, "\n");
	}
	cells(r, port, cell);
	for (i = 0; i < NCOLS; i++) {
		if (t->width[i] == 0)
			continue;
		w = 0;
		if (cell[i][0] != '\0') {
			p = put_spaces(k, p, pending);
			pending = 0;
			p = human_cell(f, k, p, cell[i], i == C_SERVICE);
			w = measure(ESC_HUMAN, cell[i], strlen(cell[i]));
		}
		pending += (w < t->width[i] ? t->width[i] - w : 0) + 2;
	}
	/*
	 * A label says whose it is: "[site]".  (Common uses have a line of
	 * their own above them.)
	 */
	if (r->origin != PI_SOURCE_IANA && r->origin != PI_SOURCE_COMMON) {
		p = put_spaces(k, p, pending);
		p = put_sgr(k, p, f->color, SGR_STUB);
		p = put_str(k, p, "[");
		p = put_str(k, p, rec_status_word(r).s);
		p = put_str(k, p, "]");
		p = put_sgr(k, p, f->color, SGR_RESET);
	}
	return put_str(k, p, "\n");
}

/*
 * IANA's note of unauthorized use, on a line of its own under its
 * record's row: "    unauthorized use reported: Known Unauthorized Use
 * on port 6003".  The words before the note are IANA's column's name,
 * as some notes say only "yes".
 */
static char *
human_note(struct sink *k, char *p, const char *note)
{
	p = put_str(k, p, "    unauthorized use reported: ");
	p = escape_str(k, p, ESC_HUMAN, note);
	return put_str(k, p, "\n");
}

/* "lo-hi" */
static char *
put_span(struct sink *k, char *p, unsigned lo, unsigned hi)
{
	p = put_num(k, p, lo);
	p = put_str(k, p, "-");
	return put_num(k, p, hi);
}

/* "IANA system, 0-1023" */
static char *
put_bounds(struct sink *k, char *p, const struct pi_class_info *cl)
{
	p = put_str(k, p, "(IANA ");
	p = put_str(k, p, cl->iana_name);
	p = put_str(k, p, ", ");
	p = put_span(k, p, cl->lo, cl->hi);
	return put_str(k, p, ")");
}

/* "well-known 0-1023, registered 1024-49151" for a range over classes. */
static char *
put_classes(struct sink *k, char *p, unsigned lo, unsigned hi)
{
	const struct pi_class_info *cl;
	unsigned port = lo;

	for (;;) {
		cl = pi_classify(port);
		p = put_str(k, p, cl->name);
		p = put_str(k, p, " ");
		p = put_span(k, p, cl->lo, cl->hi);
		if (cl->hi >= hi)
			return p;
		p = put_str(k, p, ", ");
		port = cl->hi + 1;
	}
}

/*
 * "22  well-known port (IANA system, 0-1023)"; when the query was written
 * otherwise, the port follows the class: "22/tcp  well-known port 22 ...".
 */
static char *
port_heading(struct sink *k, char *p, const struct answer *a)
{
	char canon[PORT_TEXT_SIZE];
	const struct pi_class_info *cl = pi_classify(a->lo);
	int range = a->lo != a->hi, mixed = a->hi > cl->hi;

	port_text(canon, sizeof(canon), 1, a->lo, a->hi);
	p = put_str(k, p, mixed ? "mixed" : cl->name);
	p = put_str(k, p, range ? " ports" : " port");
	if (strlen(canon) != a->textlen ||
	    memcmp(canon, a->text, a->textlen) != 0) {
		p = put_str(k, p, " ");
		p = put_str(k, p, canon);
	}
	p = put_str(k, p, " ");
	if (!mixed)
		return put_bounds(k, p, cl);
	p = put_str(k, p, "(");
	p = put_classes(k, p, a->lo, a->hi);
	return put_str(k, p, ")");
}

/*
 * "service name", "unknown service name", or for a name people type for
 * IANA's service, "alias of submissions".
 */
static char *
name_heading(struct sink *k, char *p, const struct table *t)
{
	if (t->rows == 0)
		return put_str(k, p, "unknown service name");
	if (t->direct)
		p = put_str(k, p, "service name");
	if (t->alias_of == NULL)
		return p;
	p = put_str(k, p, t->direct ? ", alias of " : "alias of ");
	return escape_str(k, p, ESC_HUMAN, t->alias_of);
}

/* With -x, where the query was found: "line 12: ", "line 3, remote: ". */
static char *
source_heading(struct sink *k, char *p, const struct record_source *s)
{
	p = put_str(k, p, "line ");
	p = put_count(k, p, s->line);
	if (s->side[0] != '\0') {
		p = put_str(k, p, ", ");
		p = put_str(k, p, s->side);
	}
	return put_str(k, p, ": ");
}

static char *
heading(struct fmt *f, struct sink *k, char *p, const struct answer *a,
    const struct table *t)
{
	p = put_sgr(k, p, f->color, SGR_BOLD);
	if (f->source != NULL)
		p = source_heading(k, p, f->source);
	if (a->kind == ANSWER_LIST) {
		if (a->cls != NULL) {
			p = put_str(k, p, a->cls->name);
			p = put_str(k, p, " ports ");
			p = put_bounds(k, p, a->cls);
		} else
			p = put_str(k, p, "all ports and service names");
	} else {
		p = escape(k, p, ESC_HUMAN, a->text, a->textlen,
		    FMT_QUOTE_MAX);
		p = put_str(k, p, "  ");
		if (a->kind == ANSWER_PORT)
			p = port_heading(k, p, a);
		else if (a->kind == ANSWER_NAME)
			p = name_heading(k, p, t);
		else
			p = put_str(k, p, t->rows > 0 ? "text search" :
			    "text search: no match");
	}
	p = put_sgr(k, p, f->color, SGR_RESET);
	return put_str(k, p, "\n");
}

/*
 * "  this host, port 22: privileged (below 1024), not ephemeral
 * (32768-60999)"; or "unprivileged (from 1024)", "partly ephemeral".
 * Reserved ports, which few hosts have, are named only where there are
 * some: ", reserved" or ", partly reserved" at the end.
 */
static char *
host_heading(struct sink *k, char *p, const struct host_block *b)
{
	static const char *const priv[] = {
		[DEG_NONE] = "unprivileged (from ",
		[DEG_PART] = "partly privileged (below ",
		[DEG_ALL] = "privileged (below "
	};
	static const char *const eph[] = {
		[DEG_NONE] = "not ephemeral (",
		[DEG_PART] = "partly ephemeral (",
		[DEG_ALL] = "ephemeral ("
	};
	static const char *const res[] = {
		[DEG_NONE] = "",
		[DEG_PART] = ", partly reserved",
		[DEG_ALL] = ", reserved"
	};
	char ports[PORT_TEXT_SIZE];

	port_text(ports, sizeof(ports), 1, b->lo, b->hi);
	p = put_str(k, p, b->lo == b->hi ? "  this host, port " :
	    "  this host, ports ");
	p = put_str(k, p, ports);
	p = put_str(k, p, ": ");
	p = put_str(k, p, priv[b->privileged]);
	p = put_num(k, p, b->unpriv);
	p = put_str(k, p, "), ");
	p = put_str(k, p, eph[b->ephemeral]);
	port_text(ports, sizeof(ports), 1, b->eph_lo, b->eph_hi);
	p = put_str(k, p, ports);
	p = put_str(k, p, ")");
	p = put_str(k, p, res[b->reserved]);
	return put_str(k, p, "\n");
}

/*
 * "sshd (pid 812)", or "hidden" when this user may not see who, or
 * "unknown" when looking failed.
 */
static char *
put_owner(struct sink *k, char *p, const struct host_row *s)
{
	if (s->pid == 0)
		return put_str(k, p, s->unknown ? "unknown" : "hidden");
	if (s->command[0] != '\0') {
		p = escape_str(k, p, ESC_HUMAN, s->command);
		p = put_str(k, p, " ");
	}
	p = put_str(k, p, "(pid ");
	p = put_num(k, p, (unsigned)s->pid);
	return put_str(k, p, ")");
}

/*
 * What this host has on some ports: a heading, then a row for each
 * socket, "tcp  0.0.0.0:22  listen  sshd (pid 812)", in aligned columns.
 */
void
fmt_host(struct fmt *f, const struct host_block *b)
{
	const struct host_row *s;
	size_t wend = 0, wstate = 0, n;
	struct sink k;
	char *p;

	if (f->kind != FMT_HUMAN)
		return;
	sink_init(&k, f->fp);
	p = host_heading(&k, start(&k), b);
	for (s = b->rows; b->sockets && s < b->rows + b->nrows; s++) {
		if ((n = strlen(s->endpoint)) > wend)
			wend = n;
		if ((n = strlen(s->state)) > wstate)
			wstate = n;
	}
	if (b->sockets && wend == 0)
		p = put_str(&k, p, "    nothing listening or bound\n");
	for (s = b->rows; b->sockets && s < b->rows + b->nrows; s++) {
		p = put_str(&k, p, "    ");
		p = put_str(&k, p, s->protocol);
		p = put_str(&k, p, "  ");
		p = put_str(&k, p, s->endpoint);
		p = put_spaces(&k, p, wend - strlen(s->endpoint) + 2);
		p = put_str(&k, p, s->state);
		p = put_spaces(&k, p, wstate - strlen(s->state) + 2);
		p = put_owner(&k, p, s);
		p = put_str(&k, p, "\n");
	}
	stop(&k, p);
	settle(f, &k);
}

/*
 * "  commonly used by: grafana, nextjs, rails", the line that opens a
 * run of common uses, r the first of them; a is walked ahead on a copy
 * for the others.  A name met twice in a row (tcp and udp) is said once.
 */
static char *
common_heading(struct fmt *f, struct sink *k, char *p,
    const struct answer *a, const struct record *r)
{
	struct answer ahead = *a;
	struct record next;
	const char *prev = r->service;

	p = put_str(k, p, "  ");
	p = put_sgr(k, p, f->color, SGR_BOLD);
	p = put_str(k, p, "commonly used by:");
	p = put_sgr(k, p, f->color, SGR_RESET);
	p = put_str(k, p, " ");
	p = escape_str(k, p, ESC_HUMAN, r->service);
	while (answer_next(&ahead, &next) && next.status == REC_COMMON) {
		if (strcmp(next.service, prev) == 0)
			continue;
		p = put_str(k, p, ", ");
		p = escape_str(k, p, ESC_HUMAN, next.service);
		prev = next.service;
	}
	return put_str(k, p, "\n");
}

/*
 * A heading, then a table whose columns fit this answer's records: the
 * answer is walked twice, once to measure and once to print, so nothing
 * is kept however many records there are.  Common uses follow IANA's
 * records under a line of their own.
 */
static void
human(struct fmt *f, struct answer *a)
{
	struct sink k;
	struct table t;
	struct record r;
	int common = 0;
	char *p;

	measure_table(a, &t);
	if (a->kind == ANSWER_INVALID)
		return;		/* said on standard error */
	sink_init(&k, f->fp);
	p = start(&k);
	if (f->groups > 0)
		p = put_str(&k, p, "\n");
	p = heading(f, &k, p, a, &t);
	answer_rewind(a);
	while (answer_next(a, &r) && k.err == 0) {
		if (r.status == REC_COMMON && !common)
			p = common_heading(f, &k, p, a, &r);
		common = r.status == REC_COMMON;
		if (r.stub && a->kind != ANSWER_PORT &&
		    a->kind != ANSWER_LIST)
			continue;
		p = human_row(f, &k, p, &t, &r);
		if (r.unauthorized[0] != '\0')
			p = human_note(&k, p, r.unauthorized);
	}
	stop(&k, p);
	settle(f, &k);
}

void
fmt_flush(struct fmt *f)
{
	settle(f, &f->out);
}

/* The value of field id in the line of stub_line: digits, a word or none. */
static inline char *
stub_value(enum field_id id, char *p, const char *digits, size_t n,
    struct word range, struct word status)
{
	switch (id) {
	case F_query:
	case F_port:
	case F_port_end:
		copy(p, digits, n);
		return p + n;
	case F_range:
		copy(p, range.s, range.n);
		return p + range.n;
	case F_status:
		copy(p, status.s, status.n);
		return p + status.n;
	default:
		return p;
	}
}

/*
 * The line of a port that shows nothing (answer_stub_only), in tsv or
 * csv: most ports of a bulk run.  These are the bytes that sv_fields
 * writes for its stub record (answer.c: stub_record), which test_format
 * checks for every port, without the walk and the record: the query,
 * which is the port's digits (a->canonical), as the port and the last
 * port too; the port's class; the stub's status; no other value.
 */
static void
stub_line(struct fmt *f, const struct answer *a)
{
	struct sink *k = &f->out;
	struct word range = range_word(a->lo, a->lo);
	struct word status = rec_status_of(answer_stub_status(a));
	char sep = separator(f), *p;
	int first = 1;

	/* The digits three times, two words and a separator per field. */
	p = room(k, start(k), 3 * a->textlen + range.n + status.n +
	    NFIELDS + 1);
#define STUB_FIELD(name, kind, group) \
	if ((group) == FG_REGISTRY) { \
		if (!first) \
			*p++ = sep; \
		first = 0; \
		p = stub_value(F_##name, p, a->text, a->textlen, range, \
		    status); \
	}
	FIELDS(STUB_FIELD)
#undef STUB_FIELD
	*p++ = '\n';
	stop(k, p);
	if (!f->hold)
		drain(k);
	if (f->err == 0)
		f->err = k->err;
}

/* A line for each record of a, in tsv, csv or JSON. */
static void
lines(struct fmt *f, struct answer *a)
{
	struct record r;

	if (f->kind != FMT_JSON && f->fields == FG_REGISTRY && a->canonical &&
	    answer_stub_only(a)) {
		stub_line(f, a);
		return;
	}

	while (f->err == 0 && answer_next(a, &r))
		record_line(f, &r);
}

/* Nothing, for -q: the walk alone, which decides how the query went. */
static void
quiet(struct fmt *f, struct answer *a)
{
	struct record r;

	(void)f;
	while (answer_next(a, &r))
		continue;
}

enum answer_result
fmt_answer(struct fmt *f, struct answer *a)
{
	/* How each format prints an answer. */
	static void (*const print[])(struct fmt *, struct answer *) = {
		[FMT_HUMAN] = human, [FMT_TSV] = lines, [FMT_CSV] = lines,
		[FMT_JSON] = lines, [FMT_QUIET] = quiet
	};

	print[f->kind](f, a);
	if (a->kind != ANSWER_INVALID)
		f->groups++;
	return answer_result(a);
}

/* Whether s[0..len) holds a character of the table of hidden ones. */
static int
holds_hidden(const char *s, size_t len)
{
	size_t i, n;
	enum unit u;

	for (i = 0; i < len; i += n) {
		n = unit_at(s + i, len - i, &u);
		if (u == U_HIDDEN)
			return 1;
	}
	return 0;
}

/*
 * Whether a subject must be put in quotes for its ends to show: an empty
 * one, or one whose spaces, colons or quotes would blend into the
 * "portinfo: ...: reason" around it ("22 ", ":", "[::1]:"), or that
 * holds a hidden character, such as a no-break space that was pasted
 * for a space.
 */
static int
needs_quotes(const char *s, size_t len)
{
	return len == 0 || memchr(s, ' ', len) != NULL ||
	    memchr(s, ':', len) != NULL || memchr(s, '\'', len) != NULL ||
	    holds_hidden(s, len);
}

void
fmt_error(FILE *fp, const char *s, size_t len, const char *message)
{
	struct sink k;
	int quoted = needs_quotes(s, len);
	char *p;

	/* Gathered, the message goes out in one piece even unbuffered. */
	sink_init(&k, fp);
	p = put_str(&k, start(&k), "portinfo: ");
	if (quoted)
		p = put_str(&k, p, "'");
	p = escape(&k, p, ESC_HUMAN, s, len, FMT_QUOTE_MAX);
	if (quoted)
		p = put_str(&k, p, "'");
	p = put_str(&k, p, ": ");
	p = put_str(&k, p, message);
	p = put_str(&k, p, "\n");
	stop(&k, p);
	drain(&k);
}
