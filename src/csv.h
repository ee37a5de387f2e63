/*
 * A reader for RFC 4180 CSV held in memory: quoted fields holding commas,
 * doubled quotes and line breaks; LF or CRLF line ends; an optional UTF-8
 * byte order mark; blank lines, which are no records (one empty field is
 * "").  Fields must be UTF-8 without NUL.
 */
#ifndef PI_CSV_H
#define PI_CSV_H

#include <stddef.h>
#include <stdio.h>

#define CSV_FIELD_MAX 65536	/* bytes in one field */
#define CSV_FIELDS_MAX 64	/* fields in one record */

struct csv {
	const char *p, *end;	/* the text not read yet */
	char *text;		/* the text, when the reader owns it */
	unsigned long line;	/* line the last record read starts on */
	unsigned long next;	/* line the reader is on */
	char *buf;		/* the record's fields, each NUL-terminated */
	size_t len;
	size_t start[CSV_FIELDS_MAX + 1]; /* field i is buf + start[i] */
	size_t nfields;
	const char *error;	/* why the last csv_read failed */
	unsigned long errline;	/* and on which line */
};

/* A reader of text[0..len), which outlives it; text[len] is a NUL. */
void csv_init(struct csv *c, const char *text, size_t len);

/*
 * Reads what is left of the file open on fd whole, at most max bytes
 * (max < SIZE_MAX), at once if it holds size bytes (0: not known).
 * Returns the text, a NUL after its *len bytes, to be freed; or NULL
 * with errno set, EFBIG when it holds more than max.
 */
char *pi_read_whole(int fd, size_t size, size_t max, size_t *len);

/*
 * A reader of the file open as fp, read whole through its descriptor
 * (nothing read through stdio yet).  Returns 0, or -1 with errno set
 * when it cannot be read; the reader then reads nothing.
 */
int csv_init_file(struct csv *c, FILE *fp);

void csv_free(struct csv *c);

/*
 * Reads one record.  Returns 1 with its fields available, 0 at the end of
 * the text, -1 on malformed text (c->error, c->errline).  After -1, the
 * next call reads on from the line after c->errline.
 */
int csv_read(struct csv *c);

/* Field i of the record read last: its text and its length. */
static inline const char *
csv_field(const struct csv *c, size_t i)
{
	return c->buf + c->start[i];
}

static inline size_t
csv_field_len(const struct csv *c, size_t i)
{
	return c->start[i + 1] - c->start[i] - 1;
}

#endif
