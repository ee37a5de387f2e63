/*
 * The fields of a record in the machine formats (tsv, csv, JSON), in
 * order, declared once in FIELDS below: the header line, the JSON keys
 * and the values all come from it.  A field is a name, a kind that says
 * how every format writes it, and the group it belongs to; its value is
 * the case of field_value that bears its name.  Adding a field is a line
 * in FIELDS and a case in field_value.
 */
#ifndef PI_FIELD_H
#define PI_FIELD_H

#include <stddef.h>
#include <string.h>

#include "portinfo.h"
#include "record.h"

enum field_kind {
	FK_TEXT,	/* any bytes: escaped as each format needs, quoted
			   in JSON; copied as they are if plain (plain.h) */
	FK_WORD,	/* a word of a fixed vocabulary, never escaped */
	FK_NUM,
	FK_BOOL,	/* true or false, never quoted */
	FK_LIST,	/* a list of texts, data a const char *[n]: an
			   array in JSON; in tsv and csv one field, the
			   items joined by commas, a comma in an item
			   written \x2c */
	FK_NUMLIST,	/* a list of numbers, as FK_LIST holds them, each
			   as its decimal digits: unquoted in JSON */
	FK_COUNT	/* a number that may pass 2^32: data points to an
			   unsigned long long */
};

/* Groups of fields, switched on per run: a set of them is a bit mask. */
enum field_group {
	FG_REGISTRY = 1 << 0,	/* what the registry says: always */
	FG_LOCAL = 1 << 1,	/* what this host has: with -L or --listening */
	FG_EXTRACT = 1 << 2	/* where the query was found: with -x */
};

/* X(name, kind, group), in the order of output. */
#define FIELDS(X) \
	X(query, FK_TEXT, FG_REGISTRY) \
	X(port, FK_NUM, FG_REGISTRY) \
	X(port_end, FK_NUM, FG_REGISTRY) \
	X(range, FK_WORD, FG_REGISTRY) \
	X(protocol, FK_WORD, FG_REGISTRY) \
	X(service, FK_TEXT, FG_REGISTRY) \
	X(description, FK_TEXT, FG_REGISTRY) \
	X(reference, FK_TEXT, FG_REGISTRY) \
	X(status, FK_WORD, FG_REGISTRY) \
	X(error, FK_TEXT, FG_REGISTRY) \
	X(unauthorized, FK_TEXT, FG_REGISTRY) \
	X(in_use, FK_BOOL, FG_LOCAL) \
	X(local_address, FK_WORD, FG_LOCAL) \
	X(local_port, FK_NUM, FG_LOCAL) \
	X(state, FK_WORD, FG_LOCAL) \
	X(uid, FK_NUM, FG_LOCAL) \
	X(pids, FK_NUMLIST, FG_LOCAL) \
	X(commands, FK_LIST, FG_LOCAL) \
	X(ephemeral, FK_BOOL, FG_LOCAL) \
	X(privileged, FK_BOOL, FG_LOCAL) \
	X(reserved, FK_BOOL, FG_LOCAL) \
	X(line, FK_COUNT, FG_EXTRACT) \
	X(side, FK_WORD, FG_EXTRACT)

enum field_id {
#define FIELD_ID(name, kind, group) F_##name,
	FIELDS(FIELD_ID)
#undef FIELD_ID
	NFIELDS
};

struct field {
	const char *name;
	size_t namelen;
	const char *key;	/* ,"name": as JSON puts it before the value */
	size_t keylen;
	enum field_kind kind;
	enum field_group group;
};

extern const struct field fields[NFIELDS];

/*
 * A field's value in one record: three words, so that it is handed to
 * the function that writes it in registers.  A value without VALUE_SET
 * is null, which JSON writes as null and tsv and csv as an empty field.
 * A value with VALUE_PLAIN is data[0..n), bytes that every format
 * writes as they are (plain.h), in JSON in quotes if the field's kind is
 * a text or a word: a plain text, a word, or a number's digits.
 */
enum { VALUE_SET = 1, VALUE_PLAIN = 2 };

struct value {
	const void *data;	/* FK_TEXT, FK_WORD, VALUE_PLAIN: the bytes,
				   data[0..n); FK_LIST, FK_NUMLIST: the
				   items, const char *[n] */
	size_t n;		/* FK_NUM: the number, unless VALUE_PLAIN;
				   FK_BOOL: 0 or 1 */
	unsigned flags;		/* VALUE_SET, VALUE_PLAIN */
};

static inline void
field_text(struct value *v, const char *s, size_t n, int plain)
{
	v->data = s;
	v->n = n;
	v->flags = VALUE_SET | (plain ? VALUE_PLAIN : 0);
}

/* A C string; "" is null. */
static inline void
field_str(struct value *v, const char *s, int plain)
{
	if (s[0] == '\0') {
		v->data = s;
		v->n = 0;
		v->flags = 0;
	} else
		field_text(v, s, strlen(s), plain);
}

static inline void
field_num(struct value *v, int set, size_t n)
{
	v->n = n;
	v->flags = set ? VALUE_SET : 0;
}

/* A word; none is null. */
static inline void
field_word(struct value *v, struct word w)
{
	if (w.n == 0)
		v->flags = 0;
	else
		field_text(v, w.s, w.n, 1);
}

/*
 * Port number n of r: the query itself when r says that it is n's
 * digits as every format writes them, which are then copied rather
 * than worked out again.
 */
static inline void
field_port(struct value *v, const struct record *r, unsigned n)
{
	if (r->port_is_query && n == r->port) {
		field_text(v, r->query, r->querylen, 1);
	} else
		field_num(v, r->has_port, n);
}

/*
 * Sets *v to the value of field id in r.  Inline, so that the
 * formatter's run over the fields costs no call for each.  The local
 * fields are null where the host was not asked: the record has no
 * port, or no protocol a socket can have; those of a socket are null
 * in a record that has none.  The extraction fields are
 * asked for only with -x, where every record has its source.
 */
static inline void
field_value(enum field_id id, const struct record *r, struct value *v)
{
	const struct record_local *l = r->local;

	switch (id) {
	case F_query:	/* never null: even an empty query was given;
			   plain if it is a port's digits */
		field_text(v, r->query, r->querylen, r->port_is_query);
		return;
	case F_port:
		field_port(v, r, r->port);
		return;
	case F_port_end:
		field_port(v, r, r->port_end);
		return;
	case F_range:
		field_word(v, r->range);
		return;
	case F_protocol:
		field_str(v, pi_proto_name(r->proto), 1);
		return;
	case F_service:
		field_str(v, r->service, r->plain);
		return;
	case F_description:
		field_str(v, r->description, r->plain);
		return;
	case F_reference:
		field_str(v, r->reference, r->plain);
		return;
	case F_status:
		field_word(v, rec_status_word(r));
		return;
	case F_error:
		field_str(v, r->error, 0);
		return;
	case F_unauthorized:
		field_str(v, r->unauthorized, r->plain);
		return;
	case F_in_use:
		field_num(v, l->sockets, (size_t)l->in_use);
		return;
	case F_local_address:
		field_str(v, l->sock ? l->address : "", 1);
		return;
	case F_local_port:
		field_num(v, l->sock, l->port);
		return;
	case F_state:
		field_str(v, l->sock ? l->state : "", 1);
		return;
	case F_uid:
		field_num(v, l->sock, (size_t)l->uid);
		return;
	case F_pids:
		v->data = l->pids;
		field_num(v, l->owners_known, l->nowners);
		return;
	case F_commands:
		v->data = l->commands;
		field_num(v, l->owners_known, l->nowners);
		return;
	case F_ephemeral:
		field_num(v, l->ports, (size_t)l->ephemeral);
		return;
	case F_privileged:
		field_num(v, l->ports, (size_t)l->privileged);
		return;
	case F_reserved:
		field_num(v, l->ports, (size_t)l->reserved);
		return;
	case F_line:
		v->data = &r->source->line;
		field_num(v, 1, 0);
		return;
	case F_side:
		field_str(v, r->source->side, 1);
		return;
	case NFIELDS:
		break;
	}
	field_num(v, 0, 0);
}

#endif
