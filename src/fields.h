/*
 * A services record as a CSV file or a services(5) line holds it: the
 * columns found by their header names, the rules each field obeys, and
 * the words that say how a record breaks them.  The table compiler and
 * the reader of label files both check records here, so that each
 * rejects a record with the same "FILE:LINE: reason".
 */
#ifndef PI_FIELDS_H
#define PI_FIELDS_H

#include <stddef.h>
#include <stdio.h>

#include "csv.h"

enum pi_col {
	PI_COL_NAME, PI_COL_PORT, PI_COL_PROTO, PI_COL_DESC,
	PI_COL_REGDATE, PI_COL_MODDATE, PI_COL_REF, PI_COL_CODE,
	PI_COL_UNAUTH, PI_NCOLS
};

/* The header names of the columns, in IANA's order. */
extern const char *const pi_col_names[PI_NCOLS];

/* A column the header does not have. */
#define PI_NOCOL ((size_t)-1)

/* Why a header or a record is rejected: the reason, and what it names. */
struct pi_bad {
	unsigned long line;
	const char *why;
	const char *text;	/* the offending text, or NULL */
	size_t len;
};

/* A record's fields, checked: text[k] is column k's, "" if none. */
struct pi_fields {
	const char *text[PI_NCOLS];
	size_t len[PI_NCOLS];
	int has_port;
	unsigned lo, hi;	/* port or inclusive range, when has_port */
	unsigned proto;		/* one PI_* bit, or 0 when none is named */
};

/*
 * Finds the ncols columns named names[0..ncols), ignoring ASCII case, in
 * the header record just read into c: col[k] is names[k]'s field, or
 * PI_NOCOL; the first nrequired must be there.  Returns 0, or -1 with
 * *bad saying why.
 */
int pi_fields_header(const struct csv *c, const char *const names[],
    size_t ncols, size_t col[], size_t nrequired, struct pi_bad *bad);

/* 0 if the record just read into c has ncols fields, else -1 and why. */
int pi_fields_count(const struct csv *c, size_t ncols, struct pi_bad *bad);

/*
 * Checks the record just read into c, whose header had ncols fields:
 * field count, name (by name_rule: pi_field_label_name for a label,
 * pi_field_name for IANA's registry), port, protocol, and dates.
 * Returns 0 with *f filled in, or -1 with *bad saying why.
 */
int pi_fields_record(const struct csv *c, const size_t col[PI_NCOLS],
    size_t ncols, const char *(*name_rule)(const char *, size_t),
    struct pi_fields *f, struct pi_bad *bad);

/*
 * One line of services(5), "name port/protocol [alias ...] [# comment]",
 * fields separated by blanks.  Names obey a label's rule; a port may be
 * a range "lo-hi".  A line holding a NUL is malformed.
 */
struct pi_etc_line {
	struct pi_fields f;	/* the comment after '#' is Description */
	const char *aliases;	/* the rest of the line after the port, */
	size_t aliaseslen;	/* blanks and all */
};

/*
 * Reads s[0..len), line number line without its line break.  Returns 1
 * with *out filled in, 0 for a line of no record (blank, a comment, a
 * protocol portinfo does not know, such as ddp), or -1 with *bad filled.
 */
int pi_etc_line(const char *s, size_t len, unsigned long line,
    struct pi_etc_line *out, struct pi_bad *bad);

/* The protocols' names, in the order of their bits (enum pi_proto). */
#define PI_NPROTOS 4
extern const char *const pi_proto_names[PI_NPROTOS];

/* The rules for single fields, each returning NULL or why s is bad. */
const char *pi_field_name(const char *s, size_t len);
const char *pi_field_label_name(const char *s, size_t len);
const char *pi_field_port(const char *s, size_t len, unsigned *lo,
    unsigned *hi);
const char *pi_field_proto(const char *s, size_t len, unsigned *proto);

/*
 * Appends s[0..len) to buf at *n on one line: runs of white space become
 * one space, and none leads or trails.  buf has room for len more bytes.
 * *line is the line s starts on and moves past its line breaks.  Returns
 * 1 when what it appended is plain text (ascii.h), 0 when it is not, or
 * -1 with *bad naming colname when the text holds a C0 or C1 control
 * character; with colname NULL, every byte but white space is kept.
 */
int pi_field_line(char *buf, size_t *n, const char *s, size_t len,
    unsigned long *line, const char *colname, struct pi_bad *bad);

/*
 * Appends the Reference field s[0..len) to buf at *n (room for
 * PI_REFS_ROOM(len) more bytes): each bracketed reference, "[RFC3501]",
 * and any text outside brackets becomes one item on one line, items
 * joined by "; "; a bracket left open runs to the end of the field.
 * Returns as pi_field_line.
 */
#define PI_REFS_ROOM(len) ((len) + (len) / 2 * 2)
int pi_field_refs(char *buf, size_t *n, const char *s, size_t len,
    unsigned long line, struct pi_bad *bad);

/*
 * Writes "file:line: why 'text'" and a line break to fp, the file and
 * the text escaped as messages show them (escape.h), the text shortened
 * to ESC_QUOTE_MAX columns.
 */
void pi_fields_report(FILE *fp, const char *file, const struct pi_bad *bad);

#endif
