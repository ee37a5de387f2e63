/* The CSV reader.  See csv.h. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "csv.h"
#include "utf8.h"

static const char too_long[] = "field longer than " XSTR(CSV_FIELD_MAX)
    " bytes";

void
csv_init(struct csv *c, const char *text, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->p = text;
	c->end = text + len;
	c->next = 1;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c->p += 3;	/* a byte order mark */
}

char *
pi_read_whole(int fd, size_t size, size_t max, size_t *len)
{
	/* Room for its size and a byte more, to see its end. */
	size_t n = 0, cap = 0, want = size > 0 && size < max ? size + 1 :
	    65536;
	char *text = NULL, *p;
	ssize_t k = 1;
	int e;

	while (n <= max && k != 0) {
		if (n == cap) {
			/* Room for max + 1 bytes at most, the NUL included. */
			cap = cap == 0 && max >= want ? want :
			    cap != 0 && cap <= max / 2 ? cap * 2 : max + 1;
			if ((p = realloc(text, cap)) == NULL)
				break;
			text = p;
		}
		if ((k = read(fd, text + n, cap - n)) > 0)
			n += (size_t)k;
		else if (k == -1 && errno != EINTR)
			break;
	}
	if (k == 0 && n <= max) {
		text[n] = '\0';
		*len = n;
		return text;
	}
	e = n > max ? EFBIG : errno;
	free(text);
	errno = e;
	return NULL;
}

int
csv_init_file(struct csv *c, FILE *fp)
{
	size_t len;
	char *text = pi_read_whole(fileno(fp), 0, SIZE_MAX - 1, &len);

	csv_init(c, text != NULL ? text : "", text != NULL ? len : 0);
	c->text = text;
	return text != NULL ? 0 : -1;
}

void
csv_free(struct csv *c)
{
	free(c->buf);
	free(c->text);
	c->buf = c->text = NULL;
}

/*
 * Says why reading failed on line, which holds the text at, and moves on
 * to the line after it for the next read.
 */
static int
fail(struct csv *c, const char *why, unsigned long line, const char *at)
{
	const char *nl = memchr(at, '\n', (size_t)(c->end - at));

	c->error = why;
	c->errline = line;
	c->p = nl != NULL ? nl + 1 : c->end;
	c->next = line + 1;
	return -1;
}

/* Moves past the line end, LF or CRLF, at c->p: whether one is there. */
static int
line_end(struct csv *c)
{
	/* The text ends with a NUL (csv_init). */
	size_t n = *c->p == '\n' ? 1 : *c->p == '\r' && c->p[1] == '\n' ? 2 : 0;

	c->p += n;
	c->next += n > 0;
	return n > 0;
}

/*
 * Adds an unquoted field's bytes to the record, up to a byte that ends
 * it or is wrong in it; NUL is one, and the NUL after the text stops it.
 */
static int
unquoted(struct csv *c)
{
	const char *s = c->p;
	size_t n = strcspn(s, ",\n\r\"");

	if (n > CSV_FIELD_MAX)
		return fail(c, too_long, c->next, s);
	memcpy(c->buf + c->len, s, n);
	c->len += n;
	c->p += n;
	return 0;
}

/*
 * Adds a quoted field's bytes to the record, line breaks kept as they are
 * (CRLF included), a doubled quote made one; on past its closing quote.
 */
static int
quoted(struct csv *c)
{
	unsigned long open = c->next;
	char *w = c->buf + c->len, *full = w + CSV_FIELD_MAX;
	const char *p;

	for (p = c->p + 1; p < c->end; p++) {
		if (*p == '"') {
			if (c->end - p < 2 || p[1] != '"')
				break;
			p++;
		} else if (*p == '\0')
			return fail(c, "NUL byte", c->next, p);
		if (w == full)
			return fail(c, too_long, c->next, p);
		c->next += *p == '\n';
		*w++ = *p;
	}
	if (p == c->end)
		return fail(c, "unterminated quoted field", open, c->p);
	c->len = (size_t)(w - c->buf);
	c->p = p + 1;
	return 0;
}

/* Reads the fields of a record and the line end or text end after it. */
static int
fields(struct csv *c)
{
	int q;

	for (;;) {
		q = c->p < c->end && *c->p == '"';
		if ((q ? quoted(c) : unquoted(c)) == -1)
			return -1;
		c->buf[c->len++] = '\0';
		c->start[++c->nfields] = c->len;
		if (c->p == c->end)
			return 0;
		if (line_end(c))
			return 0;
		if (*c->p == '\r')
			return fail(c, "carriage return without line feed",
			    c->next, c->p);
		if (*c->p != ',')
			return fail(c, q ? "text after a closing quote" :
			    *c->p == '"' ? "quote inside an unquoted field" :
			    "NUL byte", c->next, c->p);
		if (c->nfields == CSV_FIELDS_MAX)
			return fail(c, "more than " XSTR(CSV_FIELDS_MAX)
			    " fields", c->next, c->p);
		c->p++;
	}
}

/*
 * Checks the record's text, rec to c->p, eight bytes at a time while they
 * are ASCII: what the reader takes out or puts in is ASCII, so its fields
 * are UTF-8 when it is.
 */
static int
check_utf8(struct csv *c, const char *rec)
{
	const unsigned char *s = (const unsigned char *)rec;
	const unsigned char *end = (const unsigned char *)c->p, *p;
	unsigned long line = c->line;
	uint64_t w;
	size_t n;

	for (p = s; p < end; p += n) {
		n = 1;
		if (end - p >= 8 && (memcpy(&w, p, 8), w &
		    0x8080808080808080u) == 0)
			n = 8;
		else if (*p >= 0x80 &&
		    (n = pi_utf8_len(p, (size_t)(end - p))) == 0)
			break;
	}
	if (p == end)
		return 0;
	for (; s < p; s++)
		line += *s == '\n';
	return fail(c, "invalid UTF-8", line, (const char *)p);
}

int
csv_read(struct csv *c)
{
	const char *rec;
	size_t n;

	c->len = c->nfields = 0;
	/* A blank line is no record (spreadsheets write one at the end). */
	while (line_end(c))
		continue;
	rec = c->p;
	c->line = c->next;
	if (c->p == c->end)
		return 0;
	/* A record is no longer than its text, and a NUL for its end. */
	n = (size_t)(c->end - c->p);
	if (c->buf == NULL && (c->buf = malloc(n < CSV_FIELDS_MAX *
	    (CSV_FIELD_MAX + 1) ? n + 1 : CSV_FIELDS_MAX *
	    (CSV_FIELD_MAX + 1))) == NULL)
		return fail(c, "out of memory", c->line, c->p);
	return fields(c) == -1 || check_utf8(c, rec) == -1 ? -1 : 1;
}
