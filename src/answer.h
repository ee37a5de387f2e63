/*
 * The records that answer one query: the registry's, filtered, then the
 * labels' (labels.h), and when none is shown, one stub record that says
 * why, so that output lines up with input.  An answer allocates nothing
 * and can be walked again (answer_rewind).
 */
#ifndef PI_ANSWER_H
#define PI_ANSWER_H

#include <stddef.h>

#include "inline.h"
#include "labels.h"
#include "portinfo.h"
#include "query.h"
#include "record.h"
#include "suggest.h"

enum answer_kind {
	ANSWER_INVALID,
	ANSWER_PORT,		/* ports lo..hi */
	ANSWER_NAME,
	ANSWER_SEARCH,
	ANSWER_LIST		/* a class (lo..hi), or everything */
};

/* How a query went, in rising order of trouble; the values are the
   program's exit statuses 0, 1 and 2. */
enum answer_result {
	RESULT_MATCH = 0,	/* at least one assigned record, common use
				   or label */
	RESULT_NONE = 1,	/* valid, but nothing assigned */
	RESULT_INVALID = 2
};

enum answer_step {
	STEP_REGISTRY,
	STEP_LABELS,
	STEP_END,
	STEP_DONE
};

struct answer {
	enum answer_kind kind;
	unsigned lo, hi;
	int canonical;		/* text is lo (== hi) in decimal */
	unsigned protos;	/* the protocols asked for */
	int all;		/* show reserved and unassigned records too */
	int whole;		/* answer_whole's */
	unsigned stub_proto;	/* the stub's protocol, or 0 */
	const char *text;	/* the query as given */
	size_t textlen;
	const char *name;	/* a service name asked for */
	size_t namelen;
	const struct pi_class_info *cls; /* the class listed; NULL: all */
	const char *error;
	struct pi_labels *labels;	/* walked after the registry */
	/* The walk, set up by answer_rewind: */
	enum answer_step step;
	int held;		/* entry is the next record to hand out */
	int assigned;		/* an assigned record was shown */
	enum rec_status said;	/* the stub's status of the ports */
	int partial;		/* whole: one that would have been shown
				   was passed over */
	int note_plain;		/* note is plain text (ascii.h) */
	size_t shown;		/* records handed out, the stub included */
	const char *note;	/* the first unauthorized-use note of one
				   passed over, or "" */
	struct pi_cursor cur;
	struct pi_label_cursor lcur;
	struct pi_entry entry;	/* the last one met */
	/* A name that finds nothing: its suggestions, made once. */
	int suggested;
	struct pi_suggestions sug;
};

/*
 * Sets a up for the parsed query q of text[0..len), keeping to the
 * protocols in protos and q's; with all, reserved and unassigned records
 * are shown too.  PI_COMMON in protos has the common uses answer too;
 * the records of labels (NULL: none) follow the registry's.
 */
void answer_query(struct answer *a, const char *text, size_t len,
    const struct query *q, unsigned protos, int all,
    struct pi_labels *labels);

/*
 * The records whose name or description contains text, or if text is
 * NULL those of the class cls (NULL: every record).
 */
void answer_table(struct answer *a, const char *text,
    const struct pi_class_info *cls, unsigned protos, int all,
    struct pi_labels *labels);

/*
 * Answers a range as a whole, as -x does a firewall's 1024:65535: by the
 * records that hold all of it, else by a stub, REC_PARTIAL if records
 * that would have been shown lie within it.  The stub carries the
 * protocol asked if it is one.  Set after answer_query.
 */
void answer_whole(struct answer *a);

int answer_walk(struct answer *a, struct record *r);

/* Fills *r with the next record and returns 1, or returns 0 when done. */
static inline int
answer_next(struct answer *a, struct record *r)
{
	/* Most walks end after one record: said here, without a call. */
	return a->step != STEP_DONE && answer_walk(a, r);
}

/* Starts the walk over. */
void answer_rewind(struct answer *a);

/* How the query went; meaningful once a walk has ended. */
static inline enum answer_result
answer_result(const struct answer *a)
{
	if (a->kind == ANSWER_INVALID)
		return RESULT_INVALID;
	return a->assigned || a->partial ? RESULT_MATCH : RESULT_NONE;
}

/* The class name of lo..hi, or "mixed" if it spans more than one. */
struct pi_word range_word(unsigned lo, unsigned hi);

/*
 * A record of a: the query, and the ports lo..hi if has_port; the rest
 * empty.  Member by member: a compound literal would clear the whole
 * record first.
 */
static ALWAYS_INLINE void
answer_base(struct record *r, const struct answer *a, int has_port,
    unsigned lo, unsigned hi)
{
	r->query = a->text;
	r->querylen = a->textlen;
	r->has_port = has_port;
	r->port = has_port ? lo : 0;
	r->port_end = has_port ? hi : 0;
	r->port_is_query = has_port && a->canonical && lo == a->lo;
	r->range = has_port ? range_word(lo, hi) : (struct pi_word)WORD("");
	r->proto = 0;
	r->service = r->alias = r->description = r->reference = "";
	r->status = REC_UNASSIGNED;
	r->origin = PI_SOURCE_IANA;
	r->error = r->unauthorized = "";
	r->stub = 0;
	r->plain = 0;
	r->suggestions = NULL;
	r->names = NULL;
	r->local = NULL;
	r->source = NULL;
}

#endif
