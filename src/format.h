/*
 * Output: answers as human-readable tables, tsv, csv or JSON Lines, and
 * the messages that quote a query.  Every byte that comes from input or
 * from the registry goes through one escaping routine here, so that
 * nothing reaches a terminal or a parser raw.
 */
#ifndef PI_FORMAT_H
#define PI_FORMAT_H

#include <stddef.h>
#include <stdio.h>

#include "answer.h"
#include "local.h"

enum fmt_kind {
	FMT_HUMAN,
	FMT_TSV,
	FMT_CSV,
	FMT_JSON,
	FMT_QUIET		/* walks answers, prints nothing */
};

/* Longest query quoted in a message, in columns, "..." included. */
#define FMT_QUOTE_MAX 64

struct fmt {
	FILE *fp;
	enum fmt_kind kind;
	int header;		/* tsv and csv: print the header line */
	int color;		/* human: use terminal colours */
	size_t groups;		/* answers printed so far */
	int err;		/* errno of the first failed write, or 0 */
	const struct local_view *local; /* if set, what this host says of
				   each record's ports is printed too */
};

/* The format called name, or -1. */
int fmt_by_name(const char *name);

void fmt_init(struct fmt *f, FILE *fp, enum fmt_kind kind, int header,
    int color);

/* Prints what comes before the first answer: the tsv or csv header. */
void fmt_begin(struct fmt *f);

/* Prints every record of a and returns how the query went. */
enum answer_result fmt_answer(struct fmt *f, struct answer *a);

/* Prints one record as a line of tsv, csv or JSON. */
void fmt_record(struct fmt *f, const struct record *r);

/*
 * Writes "portinfo: SUBJECT: message" to fp, the subject s[0..len)
 * escaped as for human output and cut to FMT_QUOTE_MAX columns, and put
 * in single quotes when it is empty or holds a space, a colon or a
 * single quote.
 */
void fmt_error(FILE *fp, const char *s, size_t len, const char *message);

#endif
