/*
 * The fields of a record, declared once in FIELDS below: the header
 * line, the JSON keys, the table's columns and the values come from it.
 */
#ifndef PI_OUTFIELD_H
#define PI_OUTFIELD_H

#include <stddef.h>
#include <string.h>

#include "portinfo.h"
#include "record.h"

enum field_kind {
	FK_TEXT,	/* any bytes, escaped as each format needs */
	FK_WORD,	/* a word of a fixed vocabulary, never escaped */
	FK_NUM,
	FK_BOOL,	/* true or false, never quoted */
	FK_LIST,	/* texts: an array in JSON, one field elsewhere */
	FK_NUMLIST	/* numbers as their digits, unquoted in JSON */
};

/*
 * Groups of fields, and so the records that have them, a bit each.  A
 * run prints records of one shape (outfield_groups).
 */
enum field_group {
	FG_REGISTRY = 1 << 0,	/* a record of the registry's */
	FG_NAMES = 1 << 1,	/* an endpoint's or socket's: what it means */
	FG_LOCAL = 1 << 2,	/* what this host has: with -L, --listening
				   and --sockets */
	FG_EXTRACT = 1 << 3,	/* where the query was found: with -x */
	FG_JOINED = 1 << 4,	/* joins other fields for people: in the
				   human table, and where -o asks for it */
	FG_FREE = 1 << 5	/* a port --free offers: its number,
				   protocol and range */
};

#define FG_BOTH (FG_REGISTRY | FG_NAMES)

/*
 * X(name, kind, group, value), in the order of output; the value is an
 * expression of the record r and of its local fields l (r->local).  A
 * group's fields are asked for only of records that have its part:
 * names (r->names), local fields, or a source (r->source, with -x).
 */
#define FIELDS(X) \
	X(query, FK_TEXT, FG_BOTH, \
	    v_text(r->query, r->querylen, r->port_is_query)) \
	X(port, FK_NUM, FG_BOTH | FG_FREE, v_port(r, r->port)) \
	X(port_end, FK_NUM, FG_BOTH, v_port(r, r->port_end)) \
	X(range, FK_WORD, FG_BOTH | FG_FREE, v_word(r->range)) \
	X(protocol, FK_WORD, FG_BOTH | FG_FREE, \
	    v_str(pi_proto_name(r->proto), 1)) \
	X(service, FK_TEXT, FG_REGISTRY, v_str(r->service, r->plain)) \
	X(description, FK_TEXT, FG_REGISTRY, \
	    v_str(r->description, r->plain)) \
	X(reference, FK_TEXT, FG_REGISTRY, v_str(r->reference, r->plain)) \
	X(services, FK_LIST, FG_NAMES, \
	    v_list(1, r->names->names, r->names->nservices)) \
	X(common, FK_LIST, FG_NAMES, v_list(1, r->names->names + \
	    r->names->nservices, r->names->ncommon)) \
	X(labels, FK_LIST, FG_NAMES, v_list(1, r->names->names + \
	    r->names->nservices + r->names->ncommon, r->names->nlabels)) \
	X(meaning, FK_TEXT, FG_NAMES | FG_JOINED, v_str(r->names->meaning, 0)) \
	X(status, FK_WORD, FG_BOTH, v_word(rec_status_word(r))) \
	X(error, FK_TEXT, FG_BOTH, v_str(r->error, 0)) \
	X(unauthorized, FK_TEXT, FG_REGISTRY, \
	    v_str(r->unauthorized, r->plain)) \
	X(suggestions, FK_LIST, FG_REGISTRY, \
	    v_list(r->suggestions != NULL, r->suggestions, \
	    r->suggestions != NULL ? r->nsuggestions : 0)) \
	X(in_use, FK_BOOL, FG_LOCAL, v_num(l->sockets, l->in_use)) \
	X(local_address, FK_WORD, FG_LOCAL, \
	    v_str(l->sock ? l->address : "", 1)) \
	X(exposure, FK_WORD, FG_LOCAL, v_str(l->sock ? l->exposure : "", 1)) \
	X(dual_stack, FK_BOOL, FG_LOCAL, \
	    v_num(l->sock && l->dual_stack >= 0, l->dual_stack > 0)) \
	X(state, FK_WORD, FG_LOCAL, v_str(l->sock ? l->state : "", 1)) \
	X(peer, FK_WORD, FG_LOCAL, v_str(l->sock ? l->peer : "", 1)) \
	X(uid, FK_NUM, FG_LOCAL, v_num(l->sock, l->uid)) \
	X(pids, FK_NUMLIST, FG_LOCAL, \
	    v_list(l->owners_known, l->pids, l->nowners)) \
	X(commands, FK_LIST, FG_LOCAL, \
	    v_list(l->owners_known, l->commands, l->nowners)) \
	X(process, FK_TEXT, FG_LOCAL | FG_JOINED, v_str(l->process, 0)) \
	X(forward, FK_WORD, FG_LOCAL, v_str(l->sock ? l->forward : "", 1)) \
	X(ephemeral, FK_BOOL, FG_LOCAL, v_num(l->ports, l->ephemeral)) \
	X(privileged, FK_BOOL, FG_LOCAL, v_num(l->ports, l->privileged)) \
	X(reserved, FK_BOOL, FG_LOCAL, v_num(l->ports, l->reserved)) \
	X(line, FK_NUM, FG_EXTRACT, v_num(1, r->source->line)) \
	X(side, FK_WORD, FG_EXTRACT, v_str(r->source->side, 1))

enum field_id {
#define FIELD_ID(name, kind, group, value) F_##name,
	FIELDS(FIELD_ID)
#undef FIELD_ID
	NFIELDS
};

struct field {
	const char *name;
	enum field_kind kind;
	enum field_group group;
};

extern const struct field fields[NFIELDS];

unsigned outfield_groups(int local, int extract);

int outfield_in(unsigned id, unsigned groups);

/* The name of the i-th field of groups, or NULL past the last. */
const char *outfield_name(unsigned groups, size_t i);

/*
 * Reads the comma-separated names of list (-o), ignoring case, into
 * ids[0..*n), each field once.  Returns NULL, or the name that is not a
 * field of groups, or with *twice set one given before (not
 * NUL-terminated: up to a comma), with *n its length; an empty list, or
 * an empty name, is that name, "".
 */
const char *outfield_parse(const char *list, unsigned groups,
    unsigned char ids[NFIELDS], size_t *n, int *twice);

/*
 * A field's value in one record: null without VALUE_SET; with
 * VALUE_PLAIN data[0..n), bytes every format writes as they are.
 */
enum { VALUE_SET = 1, VALUE_PLAIN = 2 };

struct field_value {
	const void *data;	/* a text's bytes; a list's const char *[n] */
	unsigned long long n;	/* their count, or a number, or 0 or 1 */
	unsigned flags;
};

static inline struct field_value
v_text(const char *s, size_t n, int plain)
{
	return (struct field_value){ s, n,
	    VALUE_SET | (plain ? VALUE_PLAIN : 0) };
}

/* A C string; "" is null. */
static inline struct field_value
v_str(const char *s, int plain)
{
	if (s[0] == '\0')
		return (struct field_value){ s, 0, 0 };
	return v_text(s, strlen(s), plain);
}

/* A word, plain; none is null. */
static inline struct field_value
v_word(struct pi_word w)
{
	return (struct field_value){ w.s, w.n,
	    w.n > 0 ? VALUE_SET | VALUE_PLAIN : 0 };
}

static inline struct field_value
v_num(int set, unsigned long long n)
{
	return (struct field_value){ NULL, n, set ? VALUE_SET : 0 };
}

static inline struct field_value
v_list(int set, const char *const *items, size_t n)
{
	return (struct field_value){ items, n, set ? VALUE_SET : 0 };
}

/* Port n of r: the query itself, copied, when it is n's digits. */
static inline struct field_value
v_port(const struct record *r, unsigned n)
{
	if (r->port_is_query && n == r->port)
		return v_text(r->query, r->querylen, 1);
	return v_num(r->has_port, n);
}

/* Field id's value in r. */
struct field_value outfield_value(unsigned id, const struct record *r);

#endif
