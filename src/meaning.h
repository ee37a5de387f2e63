/*
 * What the records of an answer mean, as record.h's record_names, for a
 * record that stands for them all: the record of an endpoint found by
 * -x, of a socket, or of a port asked with -L that has none.
 */
#ifndef PI_MEANING_H
#define PI_MEANING_H

#include <stddef.h>

#include "answer.h"
#include "record.h"

struct meaning {
	struct record_names rec; /* what the records made point to */
	const char **names;	/* by source, as rec says: names[0..n) */
	size_t n, cap;
	size_t count[3];	/* services, common uses, labels */
	char *text;		/* rec.meaning, text[0..textcap) its room */
	size_t textcap;
	struct record first;	/* the answer's first record */
	int has_port;		/* the records' ports, if all that have
				   one have the same, or a port answer's */
	unsigned lo, hi;
	unsigned proto;		/* the one protocol asked or of all the
				   records, or 0 */
};

/*
 * Walks a from its start and keeps what it means in m, which starts
 * zeroed and is used again for each answer.  Returns 0, or -1 with
 * errno ENOMEM.
 */
int meaning_of(struct meaning *m, struct answer *a);
void meaning_free(struct meaning *m);

/*
 * The record that stands for the answer a whose meaning m holds: its
 * ports and protocol m's, its status, error and suggestions its first
 * record's, and r->names m's.
 */
void meaning_record(const struct meaning *m, const struct answer *a,
    struct record *r);

#endif
