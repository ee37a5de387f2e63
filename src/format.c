/*
 * Output formats (format.h).
 *
 * Text is cut into units: runs of plain ASCII, single characters that
 * some format treats specially, control characters, valid UTF-8
 * sequences and bytes that are not valid UTF-8.  Each format says once,
 * in emit(), what a unit becomes; measuring a column and writing it go
 * through that same code, so widths always match what is printed.
 * Text known to be plain (plain.h), as most of the registry is, is one
 * run of plain ASCII, which every format copies as it is; it is copied
 * without being cut into units.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "plain.h"

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

enum field {
	F_QUERY, F_PORT, F_PORT_END, F_RANGE, F_PROTOCOL, F_SERVICE,
	F_DESCRIPTION, F_REFERENCE, F_STATUS, F_ERROR, NFIELDS
};

/* A string whose length is known where it is written. */
struct text {
	const char *s;
	size_t len;
};
#define TEXT(lit) { lit, sizeof(lit) - 1 }

static const struct text field_names[NFIELDS] = {
	TEXT("query"), TEXT("port"), TEXT("port_end"), TEXT("range"),
	TEXT("protocol"), TEXT("service"), TEXT("description"),
	TEXT("reference"), TEXT("status"), TEXT("error")
};

/* Fields that follow those when the host is asked too (fmt.local). */
enum local_field {
	L_IN_USE, L_LOCAL_ADDRESS, L_PID, L_COMMAND, L_EPHEMERAL,
	L_PRIVILEGED, L_RESERVED, NLOCAL
};

static const struct text local_field_names[NLOCAL] = {
	TEXT("in_use"), TEXT("local_address"), TEXT("pid"), TEXT("command"),
	TEXT("ephemeral"), TEXT("privileged"), TEXT("reserved")
};

/* "[2001:db8::1]:65535" and its NUL. */
#define ENDPOINT_SIZE (LOCAL_ADDRSTRLEN + sizeof("[]:65535"))

/* The columns of a human table, in order. */
enum { C_PORT, C_PROTO, C_SERVICE, C_DESC, C_REF, NCOLS };

static const size_t col_caps[NCOLS] = {
	SIZE_MAX, SIZE_MAX, SERVICE_CAP, DESC_CAP, SIZE_MAX
};

struct table {
	size_t width[NCOLS];
	int show_port;
	size_t rows;
};

/* "4294967295-4294967295" and its NUL: any two numbers of 32 bits. */
#define PORT_TEXT_SIZE 22

static void
sink_init(struct sink *k, FILE *fp)
{
	k->fp = fp;
	k->cols = 0;
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
 * Hands what is gathered to stdio.  A measuring sink, or one that has
 * failed, gathers bytes all the same and drops them here.
 */
static void
drain(struct sink *k)
{
	write_out(k, k->buf, k->used);
	k->used = 0;
}

/*
 * Writing at a cursor.  A line of a machine format is two dozen small
 * writes, and with the position read from k->used and stored back by
 * each, every write waited on the one before it through memory.  The
 * out_* functions take the position as p and return the new one, so
 * that it stays in a register; k->used is brought up to date only where
 * k itself is called on.  They count no columns, which only human
 * output needs: the put_* functions do, on top of them.
 */
static char *
cursor(struct sink *k)
{
	return k->buf + k->used;
}

static void
set_cursor(struct sink *k, const char *p)
{
	k->used = (size_t)(p - k->buf);
}

/* out_bytes when s[0..n) does not fit in what is left of the buffer. */
static char *
out_long(struct sink *k, char *p, const char *s, size_t n)
{
	set_cursor(k, p);
	drain(k);
	if (n > sizeof(k->buf))
		write_out(k, s, n);
	else {
		memcpy(k->buf, s, n);
		k->used = n;
	}
	return cursor(k);
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

/* Inline, with the rare case apart: this is most of what a line costs. */
static inline char *
out_bytes(struct sink *k, char *p, const char *s, size_t n)
{
	if (n > (size_t)(k->buf + sizeof(k->buf) - p))
		return out_long(k, p, s, n);
	copy(p, s, n);
	return p + n;
}

static inline char *
out_byte(struct sink *k, char *p, char c)
{
	if (p == k->buf + sizeof(k->buf))
		return out_long(k, p, &c, 1);
	*p = c;
	return p + 1;
}

static inline void
put(struct sink *k, const char *s, size_t n, size_t cols)
{
	k->cols += cols;
	set_cursor(k, out_bytes(k, cursor(k), s, n));
}

/* One byte of a single column: a separator, a quote. */
static inline void
put_byte(struct sink *k, char c)
{
	k->cols++;
	set_cursor(k, out_byte(k, cursor(k), c));
}

static void
put_str(struct sink *k, const char *s)
{
	size_t n = strlen(s);

	put(k, s, n, n);
}

/* Terminal control text, which takes no columns. */
static void
put_sgr(struct sink *k, int on, const char *sgr)
{
	if (on)
		put(k, sgr, strlen(sgr), 0);
}

static void
put_spaces(struct sink *k, size_t n)
{
	static const char spaces[] = "                                ";
	size_t chunk;

	while (n > 0) {
		chunk = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		put(k, spaces, chunk, chunk);
		n -= chunk;
	}
}

/* Writes c as prefix followed by width hex digits: \x1b, \u001b. */
static void
put_hex(struct sink *k, const char *prefix, unsigned c, int width)
{
	static const char hex[] = "0123456789abcdef";
	char buf[8];
	size_t n = strlen(prefix);
	int i;

	memcpy(buf, prefix, n);
	for (i = width - 1; i >= 0; i--)
		buf[n++] = hex[(c >> (4 * i)) & 0xf];
	put(k, buf, n, n);
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
out_num(struct sink *k, char *p, unsigned num)
{
	size_t n = num_len(num);

	if (n > (size_t)(k->buf + sizeof(k->buf) - p)) {
		set_cursor(k, p);
		drain(k);
		p = cursor(k);
	}
	return digits_at(p, num, n);
}

static void
put_num(struct sink *k, unsigned num)
{
	k->cols += num_len(num);
	set_cursor(k, out_num(k, cursor(k), num));
}

/*
 * Length of the valid UTF-8 sequence at s[0..len) that starts with a
 * byte of 0x80 or more, or 0.  Overlong forms, surrogates and code
 * points past U+10FFFF are not valid.
 */
static size_t
utf8_len(const unsigned char *s, size_t len)
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
 * Characters beyond ASCII that change what a terminal shows without
 * being seen themselves: the C1 controls, which can start escape
 * sequences; the marks, embeddings, overrides and isolates of
 * bidirectional text, which can make a line read in another order than
 * its bytes (CVE-2021-42574); and the line and paragraph separators.
 */
static int
is_hidden(unsigned c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x61c ||
	    c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
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
	if ((n = utf8_len(s, len)) == 0) {
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

/* Whether esc puts a backslash before the special character c. */
static int
backslashed(enum esc esc, char c)
{
	return (esc == ESC_TSV && c == '\\') ||
	    (esc == ESC_JSON && (c == '\\' || c == '"'));
}

/* What one unit becomes in esc: the only place escaping is decided. */
static void
emit(struct sink *k, enum esc esc, enum unit u, const char *s, size_t n)
{
	char pair[2];
	size_t i;

	switch (u) {
	case U_PLAIN:
		put(k, s, n, n);
		break;
	case U_CHAR:
		put(k, s, n, 1);
		break;
	case U_SPECIAL:
		/* A backslash before it, or in csv, a quote doubled. */
		pair[0] = backslashed(esc, s[0]) ? '\\' : s[0];
		pair[1] = s[0];
		if (backslashed(esc, s[0]) || (esc == ESC_CSV && s[0] == '"'))
			put(k, pair, 2, 2);
		else
			put(k, s, 1, 1);
		break;
	case U_CTRL:
		if ((pair[1] = short_escape(esc, (unsigned char)s[0])) != 0) {
			pair[0] = '\\';
			put(k, pair, 2, 2);
		} else if (esc == ESC_JSON)
			put_hex(k, "\\u", (unsigned char)s[0], 4);
		else
			put_hex(k, "\\x", (unsigned char)s[0], 2);
		break;
	case U_HIDDEN:
		if (esc == ESC_JSON)
			put_hex(k, "\\u",
			    code_point((const unsigned char *)s, n), 4);
		else
			for (i = 0; i < n; i++)
				put_hex(k, "\\x", (unsigned char)s[i], 2);
		break;
	case U_BAD:
		if (esc == ESC_JSON)
			put(k, "\xef\xbf\xbd", 3, 1);	/* U+FFFD */
		else
			put_hex(k, "\\x", (unsigned char)s[0], 2);
		break;
	}
}

static size_t
unit_width(enum esc esc, enum unit u, const char *s, size_t n)
{
	struct sink m;

	sink_init(&m, NULL);
	emit(&m, esc, u, s, n);
	return m.cols;
}

static void escape(struct sink *, enum esc, const char *, size_t, size_t);

/* Columns that s[0..len) takes once escaped. */
static size_t
measure(enum esc esc, const char *s, size_t len)
{
	struct sink m;

	sink_init(&m, NULL);
	escape(&m, esc, s, len, NO_LIMIT);
	return m.cols;
}

/*
 * Writes s[0..len) escaped for esc.  If that takes more than limit
 * columns, writes only as much as fits with "..." after it.
 */
static void
escape(struct sink *k, enum esc esc, const char *s, size_t len, size_t limit)
{
	size_t i, n, w, room = NO_LIMIT, start = k->cols;
	enum unit u;

	if (limit != NO_LIMIT && measure(esc, s, len) > limit)
		room = limit - strlen(ELLIPSIS);
	for (i = 0; i < len; i += n) {
		n = unit_at(s + i, len - i, &u);
		if (room != NO_LIMIT) {
			w = unit_width(esc, u, s + i, n);
			if (k->cols - start + w > room) {
				if (u == U_PLAIN)
					put(k, s + i, room - (k->cols - start),
					    room - (k->cols - start));
				put_str(k, ELLIPSIS);
				return;
			}
		}
		emit(k, esc, u, s + i, n);
	}
}

static void
escape_str(struct sink *k, enum esc esc, const char *s)
{
	escape(k, esc, s, strlen(s), NO_LIMIT);
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
	memset(f, 0, sizeof(*f));
	sink_init(&f->out, fp);
	f->fp = fp;
	f->kind = kind;
	f->header = header && (kind == FMT_TSV || kind == FMT_CSV);
	f->color = color && kind == FMT_HUMAN;
}

static char
separator(const struct fmt *f)
{
	return f->kind == FMT_CSV ? ',' : '\t';
}

static void
put_text(struct sink *k, const struct text *t)
{
	put(k, t->s, t->len, t->len);
}

void
fmt_begin(struct fmt *f)
{
	struct sink k;
	size_t i;

	if (!f->header)
		return;
	sink_init(&k, f->fp);
	for (i = 0; i < NFIELDS; i++) {
		if (i > 0)
			put_byte(&k, separator(f));
		put_text(&k, &field_names[i]);
	}
	for (i = 0; f->local != NULL && i < NLOCAL; i++) {
		put_byte(&k, separator(f));
		put_text(&k, &local_field_names[i]);
	}
	put_str(&k, "\n");
	settle(f, &k);
}

/* RFC 4180: a field with a comma or a quote goes in quotes. */
static int
csv_quoted(const char *s, size_t len)
{
	return memchr(s, ',', len) != NULL || memchr(s, '"', len) != NULL;
}

/*
 * A line of a machine format as it is written, field by field: the
 * first field after "{" and its name in JSON, every other one after its
 * name in JSON, else after a separator.  A field of each kind has its
 * function, so that a record is a straight run of calls; each takes the
 * cursor and returns it (out_bytes).
 */
struct line {
	struct sink *k;
	enum esc esc;
	char sep;
};

static void
line_init(struct line *l, const struct fmt *f, struct sink *k)
{
	static const enum esc escs[] = {
		[FMT_TSV] = ESC_TSV, [FMT_CSV] = ESC_CSV, [FMT_JSON] = ESC_JSON
	};

	l->k = k;
	l->esc = escs[f->kind];
	l->sep = separator(f);
}

/* "name": */
static char *
json_name(const struct line *l, char *p, const struct text *name)
{
	p = out_byte(l->k, p, '"');
	p = out_bytes(l->k, p, name->s, name->len);
	return out_bytes(l->k, p, "\":", 2);
}

/* What comes before the first field. */
static char *
line_start(const struct line *l, char *p, const struct text *name)
{
	if (l->esc != ESC_JSON)
		return p;
	return json_name(l, out_byte(l->k, p, '{'), name);
}

/* What comes before any other field; inline, as it is for every one. */
static inline char *
field_start(const struct line *l, char *p, const struct text *name)
{
	if (l->esc == ESC_JSON)
		return json_name(l, out_byte(l->k, p, ','), name);
	return out_byte(l->k, p, l->sep);
}

/* Nothing: JSON's null, else an empty field. */
static char *
null_value(const struct line *l, char *p)
{
	return l->esc == ESC_JSON ? out_bytes(l->k, p, "null", 4) : p;
}

/* Plain text s[0..len) (plain.h): copied as it is, quoted in JSON only. */
static inline char *
plain_value(const struct line *l, char *p, const char *s, size_t len)
{
	if (l->esc != ESC_JSON)
		return out_bytes(l->k, p, s, len);
	p = out_byte(l->k, p, '"');
	p = out_bytes(l->k, p, s, len);
	return out_byte(l->k, p, '"');
}

/*
 * Text s[0..len), escaped and quoted as the format needs, unless plain
 * says it is plain text or it turns out to be.
 */
static char *
text_value(const struct line *l, char *p, const char *s, size_t len,
    int plain)
{
	int quoted;

	if (plain || plain_span(s, len) == len)
		return plain_value(l, p, s, len);
	quoted = l->esc == ESC_JSON ||
	    (l->esc == ESC_CSV && csv_quoted(s, len));
	if (quoted)
		p = out_byte(l->k, p, '"');
	set_cursor(l->k, p);
	escape(l->k, l->esc, s, len, NO_LIMIT);
	p = cursor(l->k);
	if (quoted)
		p = out_byte(l->k, p, '"');
	return p;
}

static char *
null_field(const struct line *l, char *p, const struct text *name)
{
	return null_value(l, field_start(l, p, name));
}

static char *
num_field(const struct line *l, char *p, const struct text *name, int has,
    unsigned num)
{
	p = field_start(l, p, name);
	return has ? out_num(l->k, p, num) : null_value(l, p);
}

/* JSON's true or false, which are never quoted; the same words elsewhere. */
static char *
bool_field(const struct line *l, char *p, const struct text *name, int b)
{
	p = field_start(l, p, name);
	return b ? out_bytes(l->k, p, "true", 4) :
	    out_bytes(l->k, p, "false", 5);
}

/*
 * A word of a fixed vocabulary: range, protocol and status names, all
 * plain text; null if it is empty.
 */
static char *
word_field(const struct line *l, char *p, const struct text *name,
    const char *w)
{
	p = field_start(l, p, name);
	if (w[0] == '\0')
		return null_value(l, p);
	return plain_value(l, p, w, strlen(w));
}

/* The C string s, as text_value writes it, or null if it is empty. */
static char *
str_field(const struct line *l, char *p, const struct text *name,
    const char *s, int plain)
{
	p = field_start(l, p, name);
	if (s[0] == '\0')
		return null_value(l, p);
	return text_value(l, p, s, strlen(s), plain);
}

/* The fields of r.  The query is never null: even an empty one was given. */
static char *
record_fields(const struct line *l, char *p, const struct record *r)
{
	const struct text *name = field_names;

	p = line_start(l, p, &name[F_QUERY]);
	p = text_value(l, p, r->query, r->querylen, 0);
	p = num_field(l, p, &name[F_PORT], r->has_port, r->port);
	p = num_field(l, p, &name[F_PORT_END], r->has_port, r->port_end);
	p = word_field(l, p, &name[F_RANGE], r->range);
	p = word_field(l, p, &name[F_PROTOCOL], r->protocol);
	p = str_field(l, p, &name[F_SERVICE], r->service, r->plain);
	p = str_field(l, p, &name[F_DESCRIPTION], r->description, r->plain);
	p = str_field(l, p, &name[F_REFERENCE], r->reference, r->plain);
	p = word_field(l, p, &name[F_STATUS], rec_status_name(r->status));
	return str_field(l, p, &name[F_ERROR], r->error, 0);
}

/*
 * The ports of r the host is asked about, lo..hi, and for which of its
 * protocols: the record's own, or those of the query when it names none.
 * The ports are those of the query within the record, so that 6001 is
 * asked about 6001 and not all of x11's 6000-6063.  Returns 0 if r has
 * no port.
 */
static int
local_span(const struct answer *a, const struct record *r, unsigned *lo,
    unsigned *hi, unsigned *protos)
{
	unsigned p;

	if (!r->has_port)
		return 0;
	*lo = r->port;
	*hi = r->port_end;
	if (a != NULL && (a->kind == ANSWER_PORT ||
	    (a->kind == ANSWER_LIST && a->cls != NULL))) {
		*lo = *lo > a->lo ? *lo : a->lo;
		*hi = *hi < a->hi ? *hi : a->hi;
	}
	p = pi_proto_parse(r->protocol, strlen(r->protocol));
	if (p == 0)
		p = a != NULL ? a->protos : PI_PROTO_ANY;
	*protos = p & LOCAL_PROTOS;
	return 1;
}

/* "127.0.0.1:22" or "[::1]:22" */
static void
endpoint_text(const struct local_sock *s, char *buf, size_t size)
{
	char addr[LOCAL_ADDRSTRLEN];
	int n;

	if (local_addr_str(s, addr, sizeof(addr)) == -1)
		addr[0] = '\0';	/* cannot happen: the room is enough */
	if (s->family == 6)
		n = snprintf(buf, size, "[%s]:%u", addr, s->port);
	else
		n = snprintf(buf, size, "%s:%u", addr, s->port);
	if (n < 0 || (size_t)n >= size)
		buf[0] = '\0';
}

/* The local_address field: every endpoint, separated by spaces. */
static void
put_endpoints(struct sink *k, enum esc esc, const struct local_view *v,
    unsigned lo, unsigned hi, unsigned protos)
{
	char text[ENDPOINT_SIZE];
	const struct local_sock *s;
	struct local_iter it;
	int first = 1;

	local_iter_init(&it, &v->socks, lo, hi, protos);
	while ((s = local_iter_next(&it)) != NULL) {
		put_str(k, first && esc == ESC_JSON ? "\"" : first ? "" : " ");
		endpoint_text(s, text, sizeof(text));
		put_str(k, text);
		first = 0;
	}
	if (esc == ESC_JSON)
		put_str(k, first ? "null" : "\"");
}

/* The fields that say what this host has on r's ports. */
static char *
local_fields(const struct fmt *f, const struct line *l, char *p,
    const struct answer *a, const struct record *r)
{
	const struct text *name = local_field_names;
	const struct local_sock *owner;
	struct local_facts lf;
	unsigned lo = 0, hi = 0, protos = 0;
	int has, asked;

	memset(&lf, 0, sizeof(lf));
	if ((has = local_span(a, r, &lo, &hi, &protos)) != 0)
		local_facts(f->local, lo, hi, protos, &lf);
	/* Sockets only where the record has ports and protocols to ask. */
	asked = has && protos;
	owner = asked ? lf.owner : NULL;
	if (asked)
		p = bool_field(l, p, &name[L_IN_USE], lf.in_use);
	else
		p = null_field(l, p, &name[L_IN_USE]);
	if (asked) {
		set_cursor(l->k, field_start(l, p, &name[L_LOCAL_ADDRESS]));
		put_endpoints(l->k, l->esc, f->local, lo, hi, protos);
		p = cursor(l->k);
	} else
		p = null_field(l, p, &name[L_LOCAL_ADDRESS]);
	p = num_field(l, p, &name[L_PID], owner != NULL,
	    owner != NULL ? (unsigned)owner->pid : 0);
	p = str_field(l, p, &name[L_COMMAND],
	    owner != NULL ? owner->comm : "", 0);
	if (has) {
		p = bool_field(l, p, &name[L_EPHEMERAL], lf.ephemeral);
		p = bool_field(l, p, &name[L_PRIVILEGED], lf.privileged);
		return bool_field(l, p, &name[L_RESERVED], lf.reserved);
	}
	p = null_field(l, p, &name[L_EPHEMERAL]);
	p = null_field(l, p, &name[L_PRIVILEGED]);
	return null_field(l, p, &name[L_RESERVED]);
}

/*
 * One record as a line of a machine format; a is NULL if unknown.  The
 * line goes to stdio at once, or with f->hold, once f->out is full.
 */
static void
record_line(struct fmt *f, const struct answer *a, const struct record *r)
{
	struct sink *k = &f->out;
	struct line l;
	char *p;

	if (f->kind != FMT_TSV && f->kind != FMT_CSV && f->kind != FMT_JSON)
		return;
	line_init(&l, f, k);
	p = record_fields(&l, cursor(k), r);
	if (f->local != NULL)
		p = local_fields(f, &l, p, a, r);
	if (l.esc == ESC_JSON)
		p = out_byte(k, p, '}');
	set_cursor(k, out_byte(k, p, '\n'));
	if (!f->hold)
		drain(k);
	if (f->err == 0)
		f->err = k->err;
}

void
fmt_record(struct fmt *f, const struct record *r)
{
	record_line(f, NULL, r);
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
	cell[C_PROTO] = r->protocol;
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

/* Writes one cell of a human table and returns its width in columns. */
static size_t
human_cell(struct fmt *f, struct sink *k, const char *s, int service)
{
	size_t before = k->cols;

	put_sgr(k, f->color && service, SGR_SERVICE);
	escape_str(k, ESC_HUMAN, s);
	put_sgr(k, f->color && service, SGR_RESET);
	return k->cols - before;
}

/*
 * Cells are padded to their column's width, but only when something
 * follows them, so no line ends in blanks.
 */
static void
human_row(struct fmt *f, struct sink *k, const struct table *t,
    const struct record *r)
{
	char port[PORT_TEXT_SIZE];
	const char *cell[NCOLS];
	size_t i, pending = 0, w;

	put_str(k, "  ");
	if (r->stub) {
		put_sgr(k, f->color, SGR_STUB);
		put_str(k, rec_status_name(r->status));
		put_sgr(k, f->color, SGR_RESET);
		put_str(k, "\n");
		return;
	}
	cells(r, port, cell);
	for (i = 0; i < NCOLS; i++) {
		if (t->width[i] == 0)
			continue;
		w = 0;
		if (cell[i][0] != '\0') {
			put_spaces(k, pending);
			pending = 0;
			w = human_cell(f, k, cell[i], i == C_SERVICE);
		}
		pending += (w < t->width[i] ? t->width[i] - w : 0) + 2;
	}
	put_str(k, "\n");
}

/* "IANA system, 0-1023" */
static void
put_bounds(struct sink *k, const struct pi_class_info *cl)
{
	put_str(k, "(IANA ");
	put_str(k, cl->iana_name);
	put_str(k, ", ");
	put_num(k, cl->lo);
	put_str(k, "-");
	put_num(k, cl->hi);
	put_str(k, ")");
}

/* "well-known 0-1023, registered 1024-49151" for a range over classes. */
static void
put_classes(struct sink *k, unsigned lo, unsigned hi)
{
	const struct pi_class_info *cl;
	unsigned port = lo;

	for (;;) {
		cl = pi_classify(port);
		put_str(k, cl->name);
		put_str(k, " ");
		put_num(k, cl->lo);
		put_str(k, "-");
		put_num(k, cl->hi);
		if (cl->hi >= hi)
			break;
		put_str(k, ", ");
		port = cl->hi + 1;
	}
}

/*
 * "22  well-known port (IANA system, 0-1023)"; when the query was written
 * otherwise, the port follows the class: "22/tcp  well-known port 22 ...".
 */
static void
port_heading(struct sink *k, const struct answer *a)
{
	char canon[PORT_TEXT_SIZE];
	const struct pi_class_info *cl = pi_classify(a->lo);
	int range = a->lo != a->hi, mixed = a->hi > cl->hi;

	port_text(canon, sizeof(canon), 1, a->lo, a->hi);
	put_str(k, mixed ? "mixed" : cl->name);
	put_str(k, range ? " ports" : " port");
	if (strlen(canon) != a->textlen ||
	    memcmp(canon, a->text, a->textlen) != 0) {
		put_str(k, " ");
		put_str(k, canon);
	}
	put_str(k, " ");
	if (mixed) {
		put_str(k, "(");
		put_classes(k, a->lo, a->hi);
		put_str(k, ")");
	} else
		put_bounds(k, cl);
}

static void
heading(struct fmt *f, struct sink *k, const struct answer *a,
    const struct table *t)
{
	put_sgr(k, f->color, SGR_BOLD);
	if (a->kind == ANSWER_LIST) {
		if (a->cls != NULL) {
			put_str(k, a->cls->name);
			put_str(k, " ports ");
			put_bounds(k, a->cls);
		} else
			put_str(k, "all ports and service names");
	} else {
		escape(k, ESC_HUMAN, a->text, a->textlen, FMT_QUOTE_MAX);
		put_str(k, "  ");
		if (a->kind == ANSWER_PORT)
			port_heading(k, a);
		else if (a->kind == ANSWER_NAME)
			put_str(k, t->rows > 0 ? "service name" :
			    "unknown service name");
		else
			put_str(k, t->rows > 0 ? "text search" :
			    "text search: no match");
	}
	put_sgr(k, f->color, SGR_RESET);
	put_str(k, "\n");
}

enum degree { DEG_NONE, DEG_PART, DEG_ALL };

/* How much of lo..hi lies in from..to, which is empty when to < from. */
static enum degree
degree(unsigned lo, unsigned hi, long from, long to)
{
	if (to < from || (long)hi < from || (long)lo > to)
		return DEG_NONE;
	return (long)lo < from || (long)hi > to ? DEG_PART : DEG_ALL;
}

/* How much of lo..hi the host reserves. */
static enum degree
reserved_degree(const struct local_host *h, unsigned lo, unsigned hi)
{
	unsigned long n = local_reserved_in(h, lo, hi);

	if (n == 0)
		return DEG_NONE;
	return n > (unsigned long)hi - lo ? DEG_ALL : DEG_PART;
}

/*
 * "  this host, port 22: privileged (below 1024), not ephemeral
 * (32768-60999)"; or "unprivileged (from 1024)", "partly ephemeral".
 * Reserved ports, which few hosts have, are named only where there are
 * some: ", reserved" or ", partly reserved" at the end.
 */
static void
host_heading(struct sink *k, const struct local_host *h, unsigned lo,
    unsigned hi)
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

	port_text(ports, sizeof(ports), 1, lo, hi);
	put_str(k, lo == hi ? "  this host, port " : "  this host, ports ");
	put_str(k, ports);
	put_str(k, ": ");
	put_str(k, priv[degree(lo, hi, 0, (long)h->unpriv - 1)]);
	put_num(k, h->unpriv);
	put_str(k, "), ");
	put_str(k, eph[degree(lo, hi, h->eph_lo, h->eph_hi)]);
	port_text(ports, sizeof(ports), 1, h->eph_lo, h->eph_hi);
	put_str(k, ports);
	put_str(k, ")");
	put_str(k, res[reserved_degree(h, lo, hi)]);
	put_str(k, "\n");
}

/*
 * "sshd (pid 812)", or "hidden" when this user may not see who, or
 * "unknown" when looking failed, which is reported on its own.
 */
static void
put_owner(struct sink *k, const struct local_sock *s)
{
	if (s->pid == 0) {
		put_str(k, s->owners_known ? "hidden" : "unknown");
		return;
	}
	if (s->comm[0] != '\0') {
		escape_str(k, ESC_HUMAN, s->comm);
		put_str(k, " ");
	}
	put_str(k, "(pid ");
	put_num(k, (unsigned)s->pid);
	put_str(k, ")");
}

/*
 * What this host has on lo..hi: a heading, then a row for each socket,
 * "tcp  0.0.0.0:22  listen  sshd (pid 812)", in aligned columns.
 */
static void
host_block(struct fmt *f, struct sink *k, unsigned lo, unsigned hi,
    unsigned protos)
{
	char text[ENDPOINT_SIZE];
	const struct local_sock *s;
	struct local_iter it;
	size_t wend = 0, wstate = 0, n;

	host_heading(k, &f->local->host, lo, hi);
	if (protos == 0)
		return;
	local_iter_init(&it, &f->local->socks, lo, hi, protos);
	while ((s = local_iter_next(&it)) != NULL) {
		endpoint_text(s, text, sizeof(text));
		if ((n = strlen(text)) > wend)
			wend = n;
		if ((n = strlen(local_state_name(s))) > wstate)
			wstate = n;
	}
	if (wend == 0)
		put_str(k, "    nothing listening or bound\n");
	local_iter_init(&it, &f->local->socks, lo, hi, protos);
	while ((s = local_iter_next(&it)) != NULL) {
		endpoint_text(s, text, sizeof(text));
		put_str(k, "    ");
		put_str(k, pi_proto_name(s->proto));
		put_str(k, "  ");
		put_str(k, text);
		put_spaces(k, wend - strlen(text) + 2);
		put_str(k, local_state_name(s));
		put_spaces(k, wstate - strlen(local_state_name(s)) + 2);
		put_owner(k, s);
		put_str(k, "\n");
	}
}

/*
 * After the table, what this host has on the ports of the answer: the
 * port or range asked, or each port of a name's records.
 */
static void
human_local(struct fmt *f, struct sink *k, struct answer *a)
{
	unsigned lo, hi, protos, plo = 1, phi = 0;
	struct record r;

	if (a->kind == ANSWER_PORT) {
		host_block(f, k, a->lo, a->hi, a->protos & LOCAL_PROTOS);
		return;
	}
	if (a->kind != ANSWER_NAME)
		return;
	answer_rewind(a);
	while (answer_next(a, &r) && k->err == 0) {
		if (!local_span(a, &r, &lo, &hi, &protos) ||
		    (lo == plo && hi == phi))
			continue;
		host_block(f, k, lo, hi, a->protos & LOCAL_PROTOS);
		plo = lo;
		phi = hi;
	}
}

/*
 * A heading, then a table whose columns fit this answer's records: the
 * answer is walked twice, once to measure and once to print, so nothing
 * is kept however many records there are.
 */
static void
human(struct fmt *f, struct answer *a)
{
	struct sink k;
	struct table t;
	struct record r;

	measure_table(a, &t);
	if (a->kind == ANSWER_INVALID)
		return;		/* said on standard error */
	sink_init(&k, f->fp);
	if (f->groups > 0)
		put_str(&k, "\n");
	heading(f, &k, a, &t);
	answer_rewind(a);
	while (answer_next(a, &r) && k.err == 0) {
		if (!r.stub || a->kind == ANSWER_PORT ||
		    a->kind == ANSWER_LIST)
			human_row(f, &k, &t, &r);
	}
	if (f->local != NULL && k.err == 0)
		human_local(f, &k, a);
	settle(f, &k);
}

void
fmt_flush(struct fmt *f)
{
	settle(f, &f->out);
}

enum answer_result
fmt_answer(struct fmt *f, struct answer *a)
{
	struct record r;

	switch (f->kind) {
	case FMT_HUMAN:
		human(f, a);
		break;
	case FMT_TSV:
	case FMT_CSV:
	case FMT_JSON:
		while (f->err == 0 && answer_next(a, &r))
			record_line(f, a, &r);
		break;
	case FMT_QUIET:
		while (answer_next(a, &r))
			continue;
		break;
	}
	if (a->kind != ANSWER_INVALID)
		f->groups++;
	return answer_result(a);
}

/*
 * Whether a subject must be put in quotes for its ends to show: an empty
 * one, or one whose spaces, colons or quotes would blend into the
 * "portinfo: ...: reason" around it ("22 ", ":", "[::1]:").
 */
static int
needs_quotes(const char *s, size_t len)
{
	return len == 0 || memchr(s, ' ', len) != NULL ||
	    memchr(s, ':', len) != NULL || memchr(s, '\'', len) != NULL;
}

void
fmt_error(FILE *fp, const char *s, size_t len, const char *message)
{
	struct sink k;
	int quoted = needs_quotes(s, len);

	/* Gathered, the message goes out in one piece even unbuffered. */
	sink_init(&k, fp);
	put_str(&k, "portinfo: ");
	if (quoted)
		put_str(&k, "'");
	escape(&k, ESC_HUMAN, s, len, FMT_QUOTE_MAX);
	if (quoted)
		put_str(&k, "'");
	put_str(&k, ": ");
	put_str(&k, message);
	put_str(&k, "\n");
	drain(&k);
}
