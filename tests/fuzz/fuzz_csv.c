/*
 * libFuzzer harness for the CSV reader.  Reads every record of the input
 * and checks what the reader promises of each: bounded fields and field
 * counts, NUL-terminated fields with no NUL inside, lines that only move
 * forward, an error that names a reason and a line.  Every record read is
 * also written back as CSV and read again, which must give the same
 * fields: what the reader accepts, it reads exactly.  Read on after each
 * error, it comes to the end, never going back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"

static size_t
count_newlines(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* Checks one record and returns how many line breaks its fields hold. */
static size_t
check_record(const struct csv *c)
{
	size_t i, len, newlines = 0;
	const char *f;

	CHECK(c->nfields >= 1 && c->nfields <= CSV_FIELDS_MAX);
	for (i = 0; i < c->nfields; i++) {
		f = csv_field(c, i);
		len = csv_field_len(c, i);
		CHECK(len <= CSV_FIELD_MAX);
		CHECK(f[len] == '\0');
		CHECK(memchr(f, '\0', len) == NULL);
		newlines += count_newlines(f, len);
	}
	return newlines;
}

/* Appends the record to out with every field quoted, as RFC 4180 allows. */
static void
write_record(FILE *out, const struct csv *c)
{
	size_t i, j, n;
	const char *f;

	for (i = 0; i < c->nfields; i++) {
		f = csv_field(c, i);
		n = csv_field_len(c, i);
		fputs(i > 0 ? ",\"" : "\"", out);
		for (j = 0; j < n; j++) {
			if (f[j] == '"')
				putc('"', out);
			putc(f[j], out);
		}
		putc('"', out);
	}
	putc('\n', out);
}

/* Reads every record and checks it; returns how many were good. */
static size_t
read_all(const char *data, size_t size, FILE *out)
{
	struct csv c;
	unsigned long prev = 0;
	size_t nl, records = 0;
	int r;

	csv_init(&c, data, size);
	while ((r = csv_read(&c)) == 1) {
		/* Every record takes a byte at least. */
		CHECK(++records <= size);
		CHECK(c.line > prev);
		CHECK(c.next >= c.line);
		nl = check_record(&c);
		/* Its lines: those inside its fields, and its line end. */
		CHECK(c.next - c.line == nl || c.next - c.line == nl + 1);
		prev = c.line;
		write_record(out, &c);
	}
	if (r == -1) {
		CHECK(c.error != NULL);
		CHECK(c.errline > prev && c.errline <= c.next);
	} else {
		CHECK(r == 0);
		CHECK(csv_read(&c) == 0);
	}
	csv_free(&c);
	return records;
}

/*
 * Reads on after every error to the end: each record or error after an
 * error is on a later line than it, and the end comes.
 */
static void
read_on(const char *data, size_t size)
{
	unsigned long after = 0;
	size_t steps = 0;
	struct csv c;
	int r;

	csv_init(&c, data, size);
	while ((r = csv_read(&c)) != 0) {
		CHECK(++steps <= size);
		CHECK((r == 1 ? c.line : c.errline) > after);
		if (r == -1)
			after = c.errline;
		else
			check_record(&c);
	}
	csv_free(&c);
}

/* The good records, as written back, read as the same fields. */
static void
check_round_trip(const char *data, size_t size, const char *text,
    size_t len, size_t records)
{
	struct csv a, b;
	size_t i;

	csv_init(&a, data, size);
	csv_init(&b, text, len);
	while (records-- > 0) {
		CHECK(csv_read(&a) == 1);
		CHECK(csv_read(&b) == 1);
		CHECK(a.nfields == b.nfields);
		for (i = 0; i < a.nfields; i++) {
			CHECK(csv_field_len(&a, i) == csv_field_len(&b, i));
			CHECK(memcmp(csv_field(&a, i), csv_field(&b, i),
			    csv_field_len(&a, i)) == 0);
		}
	}
	CHECK(csv_read(&b) == 0);
	csv_free(&a);
	csv_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *text = NULL;
	size_t len, records;
	FILE *out;

	/* A copy of its own, so that reading past its NUL is caught. */
	CHECK((copy = malloc(size + 1)) != NULL);
	memcpy(copy, data, size);
	copy[size] = '\0';
	if ((out = open_memstream(&text, &len)) == NULL)
		abort();
	records = read_all(copy, size, out);
	if (ferror(out) || fclose(out) == EOF)
		abort();
	check_round_trip(copy, size, text, len, records);
	read_on(copy, size);
	free(copy);
	free(text);
	return 0;
}
