/*
 * From a parsed query to the records printed for it (answer.h).
 */
#include <string.h>

#include "answer.h"

static const char *const status_names[] = {
	"assigned", "reserved", "unassigned", "unknown", "invalid"
};

const char *
rec_status_name(enum rec_status status)
{
	return status_names[status];
}

const char *
range_name(unsigned lo, unsigned hi)
{
	const struct pi_class_info *cl = pi_classify(lo);

	return hi <= cl->hi ? cl->name : "mixed";
}

/*
 * Field by field rather than with memset, which compilers turn into a
 * slow string instruction at this size; answer_rewind sets the rest.
 */
static void
start(struct answer *a, enum answer_kind kind, const char *text, size_t len,
    unsigned protos, int all)
{
	a->kind = kind;
	a->text = text;
	a->textlen = len;
	a->lo = a->hi = 0;
	a->protos = protos;
	a->name = NULL;
	a->namelen = 0;
	a->cls = NULL;
	a->error = "";
	a->all = all;
}

void
answer_query(struct answer *a, const char *text, size_t len,
    const struct query *q, unsigned protos, int all)
{
	switch (q->kind) {
	case QUERY_PORT:
		start(a, ANSWER_PORT, text, len, protos & q->protos, all);
		a->lo = q->lo;
		a->hi = q->hi;
		break;
	case QUERY_NAME:
		start(a, ANSWER_NAME, text, len, protos & q->protos, all);
		a->name = q->name;
		a->namelen = q->namelen;
		break;
	case QUERY_INVALID:
	default:
		start(a, ANSWER_INVALID, text, len, protos, all);
		a->error = q->error != NULL ? q->error : "invalid query";
		break;
	}
	answer_rewind(a);
}

void
answer_search(struct answer *a, const char *text, size_t len,
    unsigned protos, int all)
{
	start(a, ANSWER_SEARCH, text, len, protos, all);
	answer_rewind(a);
}

void
answer_list(struct answer *a, const struct pi_class_info *cls,
    unsigned protos, int all)
{
	const char *name = cls != NULL ? cls->name : "all";

	start(a, ANSWER_LIST, name, strlen(name), protos, all);
	a->cls = cls;
	if (cls != NULL) {
		a->lo = cls->lo;
		a->hi = cls->hi;
	}
	answer_rewind(a);
}

/*
 * A walk starts with the lookup itself, set up again: cheaper than a
 * copy of the cursor kept for it.  An invalid query looks nothing up.
 */
void
answer_rewind(struct answer *a)
{
	switch (a->kind) {
	case ANSWER_PORT:
		pi_find_port(&a->cur, a->lo, a->hi, a->protos);
		break;
	case ANSWER_NAME:
		pi_find_name(&a->cur, a->name, a->namelen, a->protos);
		break;
	case ANSWER_SEARCH:
		pi_find_text(&a->cur, a->text, a->textlen, a->protos);
		break;
	case ANSWER_LIST:
		if (a->cls != NULL)
			pi_find_port(&a->cur, a->lo, a->hi, a->protos);
		else
			pi_find_all(&a->cur, a->protos);
		break;
	case ANSWER_INVALID:
		break;
	}
	a->shown = 0;
	a->assigned = 0;
	a->reserved = 0;
	a->done = 0;
}

enum answer_result
answer_result(const struct answer *a)
{
	if (a->kind == ANSWER_INVALID)
		return RESULT_INVALID;
	return a->assigned ? RESULT_MATCH : RESULT_NONE;
}

/* A record with only the query filled in. */
static void
blank(const struct answer *a, struct record *r, enum rec_status status)
{
	r->query = a->text;
	r->querylen = a->textlen;
	r->has_port = 0;
	r->port = r->port_end = 0;
	r->range = "";
	r->protocol = "";
	r->service = "";
	r->description = "";
	r->reference = "";
	r->status = status;
	r->error = "";
	r->stub = 1;
	r->plain = 1;
}

static void
from_entry(const struct answer *a, const struct pi_entry *e,
    struct record *r)
{
	static const enum rec_status statuses[] = {
		[PI_ASSIGNED] = REC_ASSIGNED,
		[PI_RESERVED] = REC_RESERVED,
		[PI_UNASSIGNED] = REC_UNASSIGNED
	};

	blank(a, r, statuses[e->status]);
	r->stub = 0;
	r->has_port = e->has_port;
	if (e->has_port) {
		r->port = e->port;
		r->port_end = e->port_end;
		r->range = range_name(e->port, e->port_end);
	}
	r->protocol = pi_proto_name(e->proto);
	r->service = e->name;
	r->description = e->description;
	r->reference = e->reference;
	r->plain = e->plain;
}

/*
 * The record that stands in when the registry shows nothing: a port is
 * reserved if the registry says so, a range or a class that has nothing
 * assigned is unassigned, and a name or a text it lacks is unknown.
 */
static void
stub(const struct answer *a, struct record *r)
{
	switch (a->kind) {
	case ANSWER_INVALID:
		blank(a, r, REC_INVALID);
		r->error = a->error;
		return;
	case ANSWER_NAME:
	case ANSWER_SEARCH:
		blank(a, r, REC_UNKNOWN);
		return;
	case ANSWER_LIST:
		if (a->cls == NULL) {
			blank(a, r, REC_UNASSIGNED);
			return;
		}
		break;
	case ANSWER_PORT:
		break;
	}
	blank(a, r, a->reserved && a->lo == a->hi ? REC_RESERVED :
	    REC_UNASSIGNED);
	r->has_port = 1;
	r->port = a->lo;
	r->port_end = a->hi;
	r->range = range_name(a->lo, a->hi);
}

int
answer_next(struct answer *a, struct record *r)
{
	struct pi_entry e;

	if (a->done)
		return 0;
	if (a->kind != ANSWER_INVALID) {
		while (pi_next(&a->cur, &e)) {
			if (e.status == PI_RESERVED)
				a->reserved = 1;
			if (e.status != PI_ASSIGNED && !a->all)
				continue;
			if (e.status == PI_ASSIGNED)
				a->assigned = 1;
			from_entry(a, &e, r);
			a->shown++;
			return 1;
		}
	}
	a->done = 1;
	if (a->shown > 0)
		return 0;
	stub(a, r);
	return 1;
}
