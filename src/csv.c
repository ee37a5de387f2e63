/* The CSV reader.  See csv.h. */
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "csv.h"
#include "utf8.h"

/* What the scanners return on failure: neither a byte nor EOF. */
#define ERR (EOF - 1)

static const char bare_cr[] = "carriage return without line feed";

void
csv_init(struct csv *c, FILE *fp)
{
	memset(c, 0, sizeof(*c));
	c->fp = fp;
	c->next = 1;
}

void
csv_free(struct csv *c)
{
	free(c->buf);
	c->buf = NULL;
	c->len = c->cap = 0;
}

static int
fail(struct csv *c, const char *why)
{
	c->error = why;
	c->errline = c->next;
	return ERR;
}

/* The next byte of input: first those put back, the last one first. */
static int
get(struct csv *c)
{
	if (c->nback > 0)
		return c->back[--c->nback];
	return getc(c->fp);
}

static void
unget(struct csv *c, int ch)
{
	if (ch != EOF && c->nback < sizeof(c->back))
		c->back[c->nback++] = (unsigned char)ch;
}

/*
 * Adds a byte to the current field, which holds at most CSV_FIELD_MAX,
 * or the NUL that ends it (no field holds one), starting the next.  The
 * caller has made sure that there is room for one more field.
 */
static int
put(struct csv *c, int ch)
{
	size_t cap = c->cap ? c->cap * 2 : 1024;
	char *p;

	if (ch != '\0' && c->len - c->start[c->nfields] >= CSV_FIELD_MAX)
		return fail(c, "field longer than " XSTR(CSV_FIELD_MAX)
		    " bytes");
	if (c->len == c->cap) {
		if ((p = realloc(c->buf, cap)) == NULL)
			return fail(c, "out of memory");
		c->buf = p;
		c->cap = cap;
	}
	c->buf[c->len++] = (char)ch;
	if (ch == '\0')
		c->start[++c->nfields] = c->len;
	return 0;
}

/*
 * The next byte, with a CRLF pair read as one '\n' so that both line
 * ends look alike; a CR alone is returned as such.
 */
static int
next_byte(struct csv *c)
{
	int ch = get(c);

	if (ch == '\r') {
		int lf = get(c);

		if (lf == '\n')
			ch = '\n';
		else
			unget(c, lf);
	}
	if (ch == '\n')
		c->next++;
	return ch;
}

/*
 * Skips a UTF-8 byte order mark; what else was read to find out is put
 * back, for the UTF-8 check to report a mark that breaks off.
 */
static void
skip_bom(struct csv *c)
{
	static const unsigned char bom[] = { 0xef, 0xbb, 0xbf };
	int b[sizeof(bom)];
	size_t n;

	c->began = 1;
	for (n = 0; n < sizeof(bom); n++) {
		if ((b[n] = getc(c->fp)) != bom[n])
			break;
	}
	if (n == sizeof(bom))
		return;
	for (n++; n > 0; n--)
		unget(c, b[n - 1]);
}

/*
 * Checks the whole record at once.  The line of a bad byte is found by
 * counting the line breaks before it: only quoted fields hold any.
 */
static int
check_utf8(struct csv *c)
{
	const unsigned char *s = (const unsigned char *)c->buf;
	unsigned long line = c->line;
	size_t i = 0, n;

	while (i < c->len) {
		n = s[i] < 0x80 ? 1 : pi_utf8_len(s + i, c->len - i);
		if (n == 0) {
			c->error = "invalid UTF-8";
			c->errline = line;
			return ERR;
		}
		if (s[i] == '\n')
			line++;
		i += n;
	}
	return 0;
}

/*
 * Reads a quoted field after its opening quote, keeping line breaks as
 * they are, CRLF included; returns the byte after its closing quote.
 */
static int
quoted(struct csv *c)
{
	unsigned long open = c->next;
	int ch;

	for (;;) {
		switch (ch = get(c)) {
		case EOF:
			if (ferror(c->fp))
				return fail(c, "read error");
			fail(c, "unterminated quoted field");
			c->errline = open;
			return ERR;
		case '\0':
			return fail(c, "NUL byte");
		case '"':
			if ((ch = next_byte(c)) != '"')
				return ch;
			break;
		}
		if (put(c, ch) == ERR)
			return ERR;
		if (ch == '\n')
			c->next++;
	}
}

/* Reads an unquoted field; returns the byte that ended it. */
static int
unquoted(struct csv *c, int ch)
{
	for (;; ch = next_byte(c)) {
		switch (ch) {
		case EOF:
		case ',':
		case '\n':
			return ch;
		case '\r':
			return fail(c, bare_cr);
		case '"':
			return fail(c, "quote inside an unquoted field");
		case '\0':
			return fail(c, "NUL byte");
		}
		if (put(c, ch) == ERR)
			return ERR;
	}
}

/* Reads the fields of a record up to the line break or EOF ending it. */
static int
fields(struct csv *c, int ch)
{
	for (;;) {
		ch = ch == '"' ? quoted(c) : unquoted(c, ch);
		if (ch == ERR)
			return ERR;
		if (ch == '\r')
			return fail(c, bare_cr);
		if (ch != ',' && ch != '\n' && ch != EOF)
			return fail(c, "text after a closing quote");
		if (put(c, '\0') == ERR)
			return ERR;
		if (ch != ',')
			return 0;
		if (c->nfields == CSV_FIELDS_MAX)
			return fail(c, "more than " XSTR(CSV_FIELDS_MAX)
			    " fields");
		ch = next_byte(c);
	}
}

int
csv_read(struct csv *c)
{
	int ch;

	c->len = c->nfields = 0;
	c->start[0] = 0;
	if (!c->began)
		skip_bom(c);
	/* A blank line is no record (spreadsheets write one at the end). */
	do {
		c->line = c->next;
		ch = next_byte(c);
	} while (ch == '\n');
	if (ch != EOF && fields(c, ch) == ERR)
		return -1;
	if (ferror(c->fp)) {
		fail(c, "read error");
		return -1;
	}
	return ch == EOF ? 0 : check_utf8(c) == ERR ? -1 : 1;
}

const char *
csv_field(const struct csv *c, size_t i)
{
	return c->buf + c->start[i];
}

size_t
csv_field_len(const struct csv *c, size_t i)
{
	return c->start[i + 1] - c->start[i] - 1;
}
