/* From a parsed query to the records printed for it (answer.h). */
#include <string.h>

#include "answer.h"
#include "table.h"

#define STATUS(word) { word, sizeof(word) - 1 }
const struct status_word rec_status_words[] = {
	[REC_ASSIGNED] = STATUS("assigned"),
	[REC_RESERVED] = STATUS("reserved"),
	[REC_UNASSIGNED] = STATUS("unassigned"),
	[REC_UNKNOWN] = STATUS("unknown"), [REC_INVALID] = STATUS("invalid"),
	[REC_PARTIAL] = STATUS("partial")
};
#undef STATUS

struct pi_word
range_word(unsigned lo, unsigned hi)
{
	const struct pi_class_info *cl = pi_classify(lo);

	if (hi > cl->hi)
		return (struct pi_word)WORD("mixed");
	return (struct pi_word){ cl->name, cl->namelen };
}

/* Field by field: memset is a slow string instruction at this size. */
static void
start(struct answer *a, enum answer_kind kind, const char *text, size_t len,
    unsigned protos, int all, struct pi_labels *labels)
{
	a->kind = kind;
	a->text = text;
	a->textlen = len;
	a->lo = a->hi = 0;
	a->canonical = 0;
	a->protos = protos;
	a->name = NULL;
	a->namelen = 0;
	a->cls = NULL;
	a->error = "";
	a->all = all;
	a->whole = 0;
	a->stub_proto = 0;
	a->labels = labels;
	a->suggested = 0;
}

/* The statuses a's walk shows, a bit each: -a shows all. */
static unsigned
shown(const struct answer *a)
{
	return a->all ? ~0u : 1u << PI_ASSIGNED;
}

/*
 * The stub's status of ports none of whose records is reserved: unknown
 * if the query's protocol left none to look in (-p tcp 22/udp).
 */
static enum rec_status
unreserved(const struct answer *a)
{
	return a->protos & PI_PROTO_ANY ? REC_UNASSIGNED : REC_UNKNOWN;
}

/*
 * Whether a walk of one port would show nothing, as for most ports, from
 * the table without a walk.  A port with a note of unauthorized use is
 * walked, to find the note for the stub.
 */
static int
shows_nothing(struct answer *a, unsigned port)
{
	unsigned found;

	/* The table knows lookups of everything; -p and --iana walk. */
	if ((a->protos & (PI_PROTO_ANY | PI_COMMON)) !=
	    (PI_PROTO_ANY | PI_COMMON))
		return 0;
	found = pi_seg_found[pi_seg_of[port]];
	a->said = found & 1u << PI_RESERVED ? REC_RESERVED : REC_UNASSIGNED;
	return (found & (shown(a) | PI_NOTED)) == 0;
}

static int
of_ports(const struct answer *a)
{
	return a->kind == ANSWER_PORT ||
	    (a->kind == ANSWER_LIST && a->cls != NULL);
}

/* The label lookup that mirrors the registry's. */
static NEVER_INLINE void
start_labels(struct answer *a)
{
	struct pi_label_cursor *c = &a->lcur;

	if (of_ports(a))
		pi_labels_find_port(c, a->labels, a->lo, a->hi, a->protos);
	else if (a->kind == ANSWER_NAME)
		pi_labels_find_name(c, a->labels, a->name, a->namelen,
		    a->protos);
	else if (a->kind == ANSWER_SEARCH)
		pi_labels_find_text(c, a->labels, a->text, a->textlen,
		    a->protos);
	else if (a->kind == ANSWER_LIST)
		pi_labels_find_text(c, a->labels, "", 0, a->protos);
}

/*
 * A walk starts with the lookups set up again: cheaper than a copy of
 * the cursors kept for it.  Inlined where a query is set up.
 */
static ALWAYS_INLINE void
start_walk(struct answer *a)
{
	a->step = STEP_REGISTRY;
	a->shown = 0;
	a->assigned = 0;
	a->said = REC_UNASSIGNED;
	a->partial = 0;
	a->note = "";
	a->note_plain = 0;
	a->held = 0;
	if (a->kind == ANSWER_PORT && a->lo == a->hi &&
	    shows_nothing(a, a->lo))
		a->step = a->labels != NULL ? STEP_LABELS : STEP_END;
	else if (of_ports(a)) {
		pi_find_port(&a->cur, a->lo, a->hi, a->protos);
		a->said = unreserved(a);
	} else if (a->kind == ANSWER_NAME)
		pi_find_name(&a->cur, a->name, a->namelen, a->protos);
	else if (a->kind == ANSWER_SEARCH)
		pi_find_text(&a->cur, a->text, a->textlen, a->protos);
	else if (a->kind == ANSWER_LIST)
		pi_find_text(&a->cur, "", 0, a->protos);
	else
		a->step = STEP_END;
	if (a->labels != NULL)
		start_labels(a);
}

void
answer_rewind(struct answer *a)
{
	start_walk(a);
}

void
answer_query(struct answer *a, const char *text, size_t len,
    const struct query *q, unsigned protos, int all,
    struct pi_labels *labels)
{
	/* The query narrows the protocols, never the sources. */
	unsigned narrowed = protos & (q->protos | PI_COMMON);

	switch (q->kind) {
	case QUERY_PORT:
		start(a, ANSWER_PORT, text, len, narrowed, all, labels);
		a->lo = q->lo;
		a->hi = q->hi;
		/* The text may hold more than was parsed (-x). */
		a->canonical = q->digits == text && q->ndigits == len;
		break;
	case QUERY_NAME:
		start(a, ANSWER_NAME, text, len, narrowed, all, labels);
		a->name = q->name;
		a->namelen = q->namelen;
		break;
	case QUERY_INVALID:
	default:
		start(a, ANSWER_INVALID, text, len, protos, all, labels);
		a->error = q->error != NULL ? q->error : "invalid query";
		break;
	}
	start_walk(a);
}

void
answer_table(struct answer *a, const char *text,
    const struct pi_class_info *cls, unsigned protos, int all,
    struct pi_labels *labels)
{
	const char *t = text != NULL ? text : cls != NULL ? cls->name : "all";

	start(a, text != NULL ? ANSWER_SEARCH : ANSWER_LIST, t, strlen(t),
	    protos, all, labels);
	if (text == NULL && cls != NULL) {
		a->cls = cls;
		a->lo = cls->lo;
		a->hi = cls->hi;
	}
	start_walk(a);
}

void
answer_whole(struct answer *a)
{
	unsigned p = a->protos & PI_PROTO_ANY;

	a->whole = a->kind == ANSWER_PORT && a->lo != a->hi;
	/* One protocol, as the line gave it, is the stub's too. */
	a->stub_proto = (p & (p - 1)) == 0 ? p : 0;
}

/*
 * The stub's status of a range or a class with a reserved record:
 * reserved if every port is.  Records come by the first port they
 * cover, so the reserved ones cover it unless one starts past the ports
 * covered so far.
 */
static NEVER_INLINE enum rec_status
range_status(const struct answer *a)
{
	struct pi_cursor c;
	struct pi_entry e;
	unsigned next = a->lo;	/* the first port not yet covered */

	pi_find_port(&c, a->lo, a->hi, a->protos);
	while (pi_next(&c, &e) && e.port <= next) {
		if (e.status != PI_RESERVED)
			continue;
		if (e.port_end >= a->hi)
			return REC_RESERVED;
		if (e.port_end >= next)
			next = e.port_end + 1;
	}
	return unreserved(a);
}

/*
 * The record that stands in when nothing is shown: ports are partial,
 * reserved, unassigned or unknown, with the note of a record passed
 * over; a name or a text is unknown, a name with its suggestions.
 */
static ALWAYS_INLINE void
stub(struct record *r, struct answer *a)
{
	int port = of_ports(a);

	answer_base(r, a, port, a->lo, a->hi);
	r->stub = 1;
	if (port)
		r->proto = a->stub_proto;
	if (a->kind == ANSWER_INVALID) {
		r->status = REC_INVALID;
		r->error = a->error;
	} else if (a->kind == ANSWER_SEARCH)
		r->status = REC_UNKNOWN;
	else if (a->kind == ANSWER_NAME) {
		r->status = REC_UNKNOWN;
		if (!a->suggested)
			pi_suggest(&a->sug, a->name, a->namelen, a->labels,
			    a->protos);
		a->suggested = 1;
		r->suggestions = a->sug.names;
		r->nsuggestions = a->sug.n;
	} else if (a->partial)
		r->status = REC_PARTIAL;
	else if (port) {
		r->status = a->said;
		if (r->status == REC_RESERVED && a->lo != a->hi)
			r->status = range_status(a);
		r->unauthorized = a->note;
		r->plain = a->note_plain;
	}
}

/* The statuses of the registry and of a record share their values. */
_Static_assert(REC_ASSIGNED == (int)PI_ASSIGNED &&
    REC_RESERVED == (int)PI_RESERVED &&
    REC_UNASSIGNED == (int)PI_UNASSIGNED, "statuses differ");

static void
entry_record(struct record *r, const struct answer *a,
    const struct pi_entry *e)
{
	answer_base(r, a, e->has_port, e->port, e->port_end);
	r->proto = e->proto;
	r->service = e->name;
	r->alias = e->alias;
	r->description = e->description;
	r->reference = e->reference;
	r->status = (enum rec_status)e->status;
	r->origin = e->source;
	r->unauthorized = e->unauthorized;
	r->plain = e->plain;
}

static int
next_entry(struct answer *a, struct pi_entry *e)
{
	struct pi_label_entry le;

	if (a->step == STEP_REGISTRY) {
		if (pi_next(&a->cur, e))
			return 1;
		a->step = STEP_LABELS;
	}
	if (a->step == STEP_LABELS && a->labels != NULL &&
	    pi_labels_next(&a->lcur, &le)) {
		*e = le.entry;
		return 1;
	}
	a->step = STEP_END;
	return 0;
}

/*
 * Whether e is shown.  Of those that are not, keeps the first note of
 * unauthorized use for the stub: IANA notes such use mostly on
 * unassigned ports (27018-27344).
 */
static int
shows(struct answer *a, const struct pi_entry *e)
{
	if (e->status == PI_RESERVED)
		a->said = REC_RESERVED;
	if (!(shown(a) & 1u << e->status)) {
		if (a->note[0] == '\0') {
			a->note = e->unauthorized;
			a->note_plain = e->plain;
		}
		return 0;
	}
	if (a->whole && (e->port > a->lo || e->port_end < a->hi)) {
		a->partial = 1;
		return 0;
	}
	if (e->status == PI_ASSIGNED)
		a->assigned = 1;
	return 1;
}

/*
 * When IANA shows nothing for ports, its stub comes first all the same:
 * a common use or a label is told beside IANA's word, never in its
 * place.  The entry met then is held for the next call.
 */
static int
walk(struct answer *a, struct record *r)
{
	struct pi_entry *e = &a->entry;

	if (a->held) {
		a->held = 0;
		entry_record(r, a, e);
		return 1;
	}
	while (next_entry(a, e)) {
		if (!shows(a, e))
			continue;
		a->held = e->source != PI_SOURCE_IANA && a->shown == 0 &&
		    of_ports(a);
		if (a->held)
			stub(r, a);
		else
			entry_record(r, a, e);
		a->shown++;
		return 1;
	}
	return 0;
}

int
answer_walk(struct answer *a, struct record *r)
{
	if ((a->held || a->step != STEP_END) && walk(a, r))
		return 1;
	a->step = STEP_DONE;
	if (a->shown > 0)
		return 0;
	a->shown = 1;
	stub(r, a);
	return 1;
}
