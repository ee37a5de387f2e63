/*
 * Output: answers as human-readable tables (human.c), or as lines of
 * tsv, csv or JSON Lines (format.c), gathered in one buffer (out.h) and
 * escaped on the way (escape.h).  Human output is a heading and a table
 * for each answer, or, for records of endpoints and sockets and wherever
 * -o picks the fields, one table with a column for each field, held
 * until it ends so that its columns line up.
 */
#ifndef PI_FORMAT_H
#define PI_FORMAT_H

#include <stddef.h>
#include <stdio.h>

#include "answer.h"
#include "outfield.h"
#include "out.h"
#include "record.h"

enum fmt_kind {
	FMT_HUMAN,
	FMT_TSV,
	FMT_CSV,
	FMT_JSON,
	FMT_QUIET		/* walks answers, prints nothing */
};

/* The colours of human output and of --annotate's notes (ECMA-48 SGR). */
#define SGR_BOLD "\033[1m"
#define SGR_SERVICE "\033[32m"	/* a service name, a note */
#define SGR_STUB "\033[33m"
#define SGR_RESET "\033[0m"

#define FMT_BUFSIZE (64 * 1024)

struct htable;

/* n of the ids of a line that follow the order of FIELDS, from id. */
struct fmt_run {
	unsigned char id, n;
};

struct fmt {
	enum fmt_kind kind;
	int header;		/* tsv and csv: print the header line */
	int color;		/* human: use terminal colours */
	int verbose;		/* human: each common use's source too */
	size_t width;		/* human: the columns a line may take; 0: any */
	int table;		/* human: a table of the fields of ids */
	struct htable *tab;	/* its rows, held; NULL until the first */
	char *held;		/* human: a piece of a line held back */
	size_t heldcap;
	unsigned fields;	/* the groups of the records printed */
	unsigned char ids[NFIELDS]; /* the fields of a line, ids[0..nids):
				   the groups' defaults unless set before
				   fmt_begin */
	size_t nids;
	struct fmt_run runs[NFIELDS + 1]; /* ids cut into runs; n 0 ends */
	size_t groups;		/* human: answers printed so far */
	int hold;		/* hand lines out only when the buffer is
				   full or flushed: nobody waits */
	struct out out;		/* err is ENOMEM too: a row found no room */
	char buf[FMT_BUFSIZE];
};

void fmt_init(struct fmt *f, FILE *fp, enum fmt_kind kind, int header,
    int color);

/* Sets up the fields of a line and prints the tsv or csv header. */
void fmt_begin(struct fmt *f);

/* Prints every record of a and returns how the query went. */
enum answer_result fmt_answer(struct fmt *f, struct answer *a);

/* Prints one record as a line, or holds it as a row of the table. */
void fmt_record(struct fmt *f, const struct record *r);

/* Prints the table's rows held and each of notes[0..n), then flushes. */
void fmt_end(struct fmt *f, const char *const *notes, size_t n);

/*
 * After the records of a, given one by one to fmt_record: the
 * suggestions for a name that found nothing, on standard error, unless
 * a line has their field.  fmt_answer says them too.
 */
void fmt_answered(struct fmt *f, const struct answer *a);

/* The fmt_ functions above, in human output. */
void human_answer(struct fmt *f, struct answer *a);
void human_row(struct fmt *f, const struct record *r);
void human_end(struct fmt *f, const char *const *notes, size_t n);

/*
 * The columns a line of human output may take: on a terminal (tty), its
 * window's width, or else COLUMNS, or else 80; elsewhere no limit, 0.
 */
size_t human_width(int tty);

/*
 * The columns of the human table of endpoints and sockets of groups
 * when -o does not say: without queries, those of --listening
 * (listening) or of --sockets.
 */
size_t human_fields(unsigned groups, int listening, int queries,
    unsigned char ids[NFIELDS]);

#endif
