#include <stdlib.h>
#include <string.h>

#include "csv.h"

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
	return -1;
}

static int
put(struct csv *c, int ch)
{
	size_t cap;
	char *p;

	if (c->len - c->start[c->nfields] >= CSV_FIELD_MAX)
		return fail(c, "field longer than 65536 bytes");
	if (c->len == c->cap) {
		cap = c->cap ? c->cap * 2 : 1024;
		if ((p = realloc(c->buf, cap)) == NULL)
			return fail(c, "out of memory");
		c->buf = p;
		c->cap = cap;
	}
	c->buf[c->len++] = (char)ch;
	return 0;
}

static int
end_field(struct csv *c)
{
	if (c->nfields == CSV_FIELDS_MAX)
		return fail(c, "more than 64 fields");
	if (put(c, '\0') == -1)
		return -1;
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
	int ch = getc(c->fp);

	if (ch == '\r') {
		int lf = getc(c->fp);

		if (lf == '\n')
			ch = '\n';
		else if (lf != EOF)
			ungetc(lf, c->fp);
	}
	if (ch == '\n')
		c->next++;
	return ch;
}

static int
skip_bom(struct csv *c)
{
	static const unsigned char bom[] = { 0xef, 0xbb, 0xbf };
	int ch = getc(c->fp);

	c->began = 1;
	if (ch != bom[0]) {
		if (ch != EOF)
			ungetc(ch, c->fp);
		return 0;
	}
	if (getc(c->fp) != bom[1] || getc(c->fp) != bom[2])
		return fail(c, "invalid UTF-8");
	return 0;
}

/* Length of the UTF-8 sequence at s (n bytes left), or 0 if invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates, beyond U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

static int
check_utf8(struct csv *c)
{
	const unsigned char *s = (const unsigned char *)c->buf;
	size_t i = 0, n;

	while (i < c->len) {
		if ((n = utf8_len(s + i, c->len - i)) == 0) {
			c->error = "invalid UTF-8";
			c->errline = c->line;
			return -1;
		}
		i += n;
	}
	return 0;
}

/*
 * Reads a quoted field, its opening quote already consumed, and returns
 * the byte after its closing quote.  Line breaks inside are kept as they
 * are, CRLF included.
 */
static int
quoted(struct csv *c)
{
	unsigned long open = c->next;
	int ch;

	for (;;) {
		switch (ch = getc(c->fp)) {
		case EOF:
			if (ferror(c->fp))
				return fail(c, "read error");
			fail(c, "unterminated quoted field");
			c->errline = open;
			return -1;
		case '\0':
			return fail(c, "NUL byte");
		case '\n':
			c->next++;
			break;
		case '"':
			if ((ch = next_byte(c)) != '"')
				return ch;
			break;
		}
		if (put(c, ch) == -1)
			return -1;
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
			return fail(c, "carriage return without line feed");
		case '"':
			return fail(c, "quote inside an unquoted field");
		case '\0':
			return fail(c, "NUL byte");
		}
		if (put(c, ch) == -1)
			return -1;
	}
}

int
csv_read(struct csv *c)
{
	int ch;

	c->len = c->nfields = 0;
	c->start[0] = 0;
	if (!c->began && skip_bom(c) == -1)
		return -1;
	c->line = c->next;
	if ((ch = next_byte(c)) == EOF)
		return ferror(c->fp) ? fail(c, "read error") : 0;
	for (;;) {
		ch = ch == '"' ? quoted(c) : unquoted(c, ch);
		if (ch == -1)
			return -1;
		if (ch != ',' && ch != '\n' && ch != EOF)
			return fail(c, "text after a closing quote");
		if (end_field(c) == -1)
			return -1;
		if (ch != ',')
			break;
		ch = next_byte(c);
	}
	if (ferror(c->fp))
		return fail(c, "read error");
	return check_utf8(c) == -1 ? -1 : 1;
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
