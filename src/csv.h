/*
 * A reader for RFC 4180 CSV: quoted fields holding commas, doubled quotes
 * and line breaks; LF or CRLF line ends; an optional UTF-8 byte order
 * mark; blank lines, which are no records (one empty field is "").
 * Fields must be UTF-8 without NUL.  Memory is bounded by CSV_FIELD_MAX *
 * CSV_FIELDS_MAX bytes.
 */
#ifndef PI_CSV_H
#define PI_CSV_H

#include <stddef.h>
#include <stdio.h>

#define CSV_FIELD_MAX 65536	/* bytes in one field */
#define CSV_FIELDS_MAX 64	/* fields in one record */

struct csv {
	FILE *fp;
	unsigned long line;	/* line the last record read starts on */
	unsigned long next;	/* line the reader is on */
	char *buf;		/* the record's fields, each NUL-terminated */
	size_t len, cap;
	size_t start[CSV_FIELDS_MAX + 1]; /* field i is buf + start[i] */
	size_t nfields;
	int began;		/* the byte order mark has been looked for */
	unsigned char back[3];	/* bytes read ahead and put back, last first */
	size_t nback;
	const char *error;	/* why the last csv_read failed */
	unsigned long errline;	/* and on which line */
};

void csv_init(struct csv *c, FILE *fp);
void csv_free(struct csv *c);

/*
 * Reads one record.  Returns 1 with its fields available, 0 at the end of
 * the input, -1 on malformed input or a read error (c->error, c->errline);
 * after -1 the reader is not to be used again.
 */
int csv_read(struct csv *c);

/* Field i of the record read last: its text and its length. */
const char *csv_field(const struct csv *c, size_t i);
size_t csv_field_len(const struct csv *c, size_t i);

#endif
