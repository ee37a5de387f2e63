/*
 * From a parsed query to the records printed for it (answer.h).
 */
#include <string.h>

#include "answer.h"

/*
 * Arrays of bytes rather than pointers: nothing to relocate at start.
 * Each word has its length beside it.
 */
#define STATUS(word) { word, sizeof(word) - 1 }
static const struct {
	char s[sizeof("unassigned")];
	unsigned char n;
} status_words[] = {
	[REC_ASSIGNED] = STATUS("assigned"), [REC_RESERVED] = STATUS("reserved"),
	[REC_UNASSIGNED] = STATUS("unassigned"),
	[REC_UNKNOWN] = STATUS("unknown"), [REC_INVALID] = STATUS("invalid"),
	[REC_COMMON] = STATUS("common"), [REC_PARTIAL] = STATUS("partial")
};
#undef STATUS

const char *
rec_status_name(enum rec_status status)
{
	return status_words[status].s;
}

struct word
rec_status_of(enum rec_status status)
{
	return (struct word){ status_words[status].s, status_words[status].n };
}

struct word
rec_status_word(const struct record *r)
{
	const char *s;

	if (r->origin == PI_SOURCE_IANA)
		return rec_status_of(r->status);
	s = pi_source_name(r->origin);
	return (struct word){ s, strlen(s) };
}

struct word
range_word(unsigned lo, unsigned hi)
{
	const struct pi_class_info *cl = pi_classify(lo);

	if (hi > cl->hi)
		return (struct word)WORD("mixed");
	return (struct word){ cl->name, cl->namelen };
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
	a->canonical = 0;
	a->protos = protos;
	a->name = NULL;
	a->namelen = 0;
	a->cls = NULL;
	a->error = "";
	a->all = all;
	a->whole = 0;
	a->stub_proto = 0;
	a->labels = NULL;
}

void
answer_query(struct answer *a, const char *text, size_t len,
    const struct query *q, unsigned protos, int all)
{
	/* The query narrows the protocols, never the sources. */
	unsigned narrowed = protos & (q->protos | PI_COMMON);

	switch (q->kind) {
	case QUERY_PORT:
		start(a, ANSWER_PORT, text, len, narrowed, all);
		a->lo = q->lo;
		a->hi = q->hi;
		/* The text may hold more than was parsed (-x). */
		a->canonical = q->digits == text && q->ndigits == len;
		break;
	case QUERY_NAME:
		start(a, ANSWER_NAME, text, len, narrowed, all);
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

/* The statuses a's walk shows, as a set of 1 << st: -a shows all. */
static unsigned
shown(const struct answer *a)
{
	return a->all ? ~0u : 1u << PI_ASSIGNED;
}

/*
 * Whether a walk of one port would show nothing, as it would for most
 * ports: the table says so without a walk.  The stub then says reserved
 * if the port has a reserved record, as the walk would have found.  A
 * port with a note of unauthorized use is walked all the same, to find
 * the note for the stub (passed_over).
 */
static int
shows_nothing(struct answer *a, unsigned port)
{
	unsigned found;

	/* The table knows lookups of everything; -p and --iana walk. */
	if ((a->protos & (PI_PROTO_ANY | PI_COMMON)) !=
	    (PI_PROTO_ANY | PI_COMMON))
		return 0;
	found = pi_port_statuses(port);
	a->reserved = (found & 1u << PI_RESERVED) != 0;
	return (found & (shown(a) | PI_NOTED)) == 0;
}

/*
 * A walk starts with the lookup itself, set up again: cheaper than a
 * copy of the cursor kept for it.  An invalid query looks nothing up.
 */
void
answer_rewind(struct answer *a)
{
	a->shown = 0;
	a->partial = 0;
	a->assigned = 0;
	a->reserved = 0;
	a->stubbed = 0;
	a->held = 0;
	a->note = "";
	a->note_plain = 1;
	a->in_labels = 0;
	a->done = 0;
	a->walk = 1;
	switch (a->kind) {
	case ANSWER_PORT:
		if (a->lo == a->hi && shows_nothing(a, a->lo))
			a->walk = 0;
		else
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
		a->walk = 0;
		break;
	}
}

void
answer_whole(struct answer *a)
{
	unsigned p = a->protos & PI_PROTO_ANY;

	a->whole = a->kind == ANSWER_PORT && a->lo != a->hi;
	/* One protocol, as the line gave it, is the stub's too. */
	a->stub_proto = (p & (p - 1)) == 0 ? p : 0;
}

void
answer_labels(struct answer *a, struct pi_labels *set)
{
	a->labels = set;
}

/*
 * The label lookup that mirrors the registry's; set up only once the
 * registry's walk is over, so that a run with no labels pays nothing.
 */
static void
start_labels(struct answer *a)
{
	switch (a->kind) {
	case ANSWER_PORT:
		pi_labels_find_port(&a->lcur, a->labels, a->lo, a->hi,
		    a->protos);
		break;
	case ANSWER_NAME:
		pi_labels_find_name(&a->lcur, a->labels, a->name, a->namelen,
		    a->protos);
		break;
	case ANSWER_SEARCH:
		pi_labels_find_text(&a->lcur, a->labels, a->text, a->textlen,
		    a->protos);
		break;
	case ANSWER_LIST:
		if (a->cls != NULL)
			pi_labels_find_port(&a->lcur, a->labels, a->lo, a->hi,
			    a->protos);
		else
			pi_labels_find_all(&a->lcur, a->labels, a->protos);
		break;
	case ANSWER_INVALID:
		break;
	}
	a->in_labels = 1;
}

/*
 * A record that stands for no registry record: the query, a status and
 * the ports it is about, if any.
 */
static void
stub_record(struct record *r, const struct answer *a,
    enum rec_status status, int has_port)
{
	*r = (struct record){
		.query = a->text, .querylen = a->textlen,
		.has_port = has_port,
		.port = has_port ? a->lo : 0,
		.port_end = has_port ? a->hi : 0,
		.port_is_query = has_port && a->canonical,
		.range = has_port ? range_word(a->lo, a->hi) :
		    (struct word)WORD(""),
		.proto = has_port ? a->stub_proto : 0,
		.service = "", .alias = "", .description = "",
		.reference = "", .status = status,
		.error = status == REC_INVALID ? a->error : "",
		.unauthorized = has_port && status != REC_PARTIAL ? a->note :
		    "",
		.origin = PI_SOURCE_IANA,
		.stub = 1, .plain = has_port ? a->note_plain : 1,
		.local = NULL, .source = NULL
	};
}

static void
entry_record(struct record *r, const struct answer *a,
    const struct pi_entry *e)
{
	static const enum rec_status statuses[] = {
		[PI_ASSIGNED] = REC_ASSIGNED,
		[PI_RESERVED] = REC_RESERVED,
		[PI_UNASSIGNED] = REC_UNASSIGNED
	};

	*r = (struct record){
		.query = a->text, .querylen = a->textlen,
		.has_port = e->has_port,
		.port = e->has_port ? e->port : 0,
		.port_end = e->has_port ? e->port_end : 0,
		.port_is_query = e->has_port && a->canonical &&
		    e->port == a->lo,
		.range = e->has_port ? range_word(e->port, e->port_end) :
		    (struct word)WORD(""),
		.proto = e->proto,
		.service = e->name, .alias = e->alias,
		.description = e->description, .reference = e->reference,
		.status = e->source == PI_SOURCE_COMMON ? REC_COMMON :
		    statuses[e->status],
		.origin = e->source,
		.error = "", .unauthorized = e->unauthorized,
		.stub = 0, .plain = e->plain, .local = NULL, .source = NULL
	};
}

/*
 * The record that stands in when the registry shows nothing: a port is
 * reserved if the registry says so, a range or a class that has nothing
 * assigned is unassigned, and a name or a text it lacks is unknown.
 */
static void
stub(struct record *r, const struct answer *a)
{
	switch (a->kind) {
	case ANSWER_INVALID:
		stub_record(r, a, REC_INVALID, 0);
		return;
	case ANSWER_NAME:
	case ANSWER_SEARCH:
		stub_record(r, a, REC_UNKNOWN, 0);
		return;
	case ANSWER_LIST:
		if (a->cls == NULL) {
			stub_record(r, a, REC_UNASSIGNED, 0);
			return;
		}
		break;
	case ANSWER_PORT:
		break;
	}
	stub_record(r, a, answer_stub_status(a), 1);
}

enum rec_status
answer_stub_status(const struct answer *a)
{
	return a->partial ? REC_PARTIAL :
	    a->reserved && a->lo == a->hi ? REC_RESERVED : REC_UNASSIGNED;
}

/* The next entry of the registry, then of the labels. */
static int
next_entry(struct answer *a, struct pi_entry *e)
{
	struct pi_label_entry le;

	if (!a->in_labels) {
		/* The registry's records, unless the table said that none
		   of them is shown here (a->walk). */
		if (a->walk && pi_next(&a->cur, e))
			return 1;
		if (a->labels == NULL)
			return 0;
		start_labels(a);
	}
	if (!pi_labels_next(&a->lcur, &le))
		return 0;
	*e = le.entry;
	return 1;
}

/*
 * Keeps the first note of unauthorized use among the records not shown,
 * for the record that stands in for them: IANA notes such use mostly on
 * unassigned ports (27018-27344), where it matters most.
 */
static void
passed_over(struct answer *a, const struct pi_entry *e)
{
	if (a->note[0] == '\0' && e->unauthorized[0] != '\0') {
		a->note = e->unauthorized;
		a->note_plain = e->plain;
	}
}

/*
 * Common uses and labels come after IANA's records (portinfo.h).  When
 * IANA shows nothing for a port, a range or a class, what it says of
 * them (unassigned, reserved) comes first all the same: a common use or
 * a label is told beside IANA's word, never in its place.  The record
 * met then is held for the next call.
 */
int
answer_next(struct answer *a, struct record *r)
{
	struct pi_entry e;

	if (a->done)
		return 0;
	if (a->held) {
		a->held = 0;
		entry_record(r, a, &a->hold);
		a->shown++;
		return 1;
	}
	if (a->kind != ANSWER_INVALID) {
		while (next_entry(a, &e)) {
			if (e.status == PI_RESERVED)
				a->reserved = 1;
			if (!(shown(a) & 1u << e.status)) {
				passed_over(a, &e);
				continue;
			}
			if (a->whole && (e.port > a->lo || e.port_end < a->hi)) {
				a->partial = 1;
				continue;
			}
			/* A common use or a label answers the query: it names a
			   service. */
			if (e.status == PI_ASSIGNED)
				a->assigned = 1;
			if (e.source != PI_SOURCE_IANA && a->shown == 0 &&
			    (a->kind == ANSWER_PORT || (a->kind == ANSWER_LIST &&
			    a->cls != NULL))) {
				a->hold = e;
				a->held = 1;
				a->stubbed = 1;
				stub(r, a);
				return 1;
			}
			entry_record(r, a, &e);
			a->shown++;
			return 1;
		}
	}
	a->done = 1;
	if (a->shown > 0 || a->stubbed)
		return 0;
	stub(r, a);
	return 1;
}
