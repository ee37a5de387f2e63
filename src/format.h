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
#include "record.h"

enum fmt_kind {
	FMT_HUMAN,
	FMT_TSV,
	FMT_CSV,
	FMT_JSON,
	FMT_QUIET		/* walks answers, prints nothing */
};

/* Longest query quoted in a message, in columns, "..." included. */
#define FMT_QUOTE_MAX 64

/*
 * Private to format.c: where output is gathered.  Bytes are handed to stdio a
 * record or more at a time: a call into stdio for every few bytes would
 * cost more than all the rest.
 */
#define SINK_BUFSIZE 4096

struct sink {
	FILE *fp;
	int err;	/* errno of the first failed write, or 0 */
	size_t used;
	char buf[SINK_BUFSIZE];
};

struct fmt {
	FILE *fp;
	enum fmt_kind kind;
	int header;		/* tsv and csv: print the header line */
	int color;		/* human: use terminal colours */
	unsigned fields;	/* the groups of fields written (field.h):
				   FG_REGISTRY always, FG_LOCAL with -L,
				   FG_EXTRACT with -x */
	size_t groups;		/* answers printed so far */
	const struct record_source *source; /* with -x: where the query of
				   the next answer was found, for its human
				   heading; NULL otherwise */
	int err;		/* errno of the first failed write, or 0 */
	int hold;		/* hold tsv, csv and JSON lines back until
				   SINK_BUFSIZE bytes or fmt_flush: for a
				   fully buffered fp, where nobody waits for
				   each line, and a call into stdio for each
				   one costs as much as making it */
	struct sink out;	/* where all output is gathered, and
				   the lines held back */
};

/* The format called name, or -1. */
int fmt_by_name(const char *name);

void fmt_init(struct fmt *f, FILE *fp, enum fmt_kind kind, int header,
    int color);

/* Prints what comes before the first answer: the tsv or csv header. */
void fmt_begin(struct fmt *f);

/*
 * Prints every record of a and returns how the query went: in human
 * output a heading and a table, else a line for each record.
 */
enum answer_result fmt_answer(struct fmt *f, struct answer *a);

/*
 * Prints one record as a line of tsv, csv or JSON, with the fields of
 * the groups in f->fields; nothing in other formats.
 */
void fmt_record(struct fmt *f, const struct record *r);

/* Human output: what this host has on some ports, after their table. */
void fmt_host(struct fmt *f, const struct host_block *b);

/* Hands the lines held back to stdio (see hold); f->err says how it went. */
void fmt_flush(struct fmt *f);

/*
 * Writes "portinfo: SUBJECT: message" to fp, the subject s[0..len)
 * escaped as for human output and cut to FMT_QUOTE_MAX columns, and put
 * in single quotes when it is empty or holds a space, a colon or a
 * single quote.
 */
void fmt_error(FILE *fp, const char *s, size_t len, const char *message);

#endif
