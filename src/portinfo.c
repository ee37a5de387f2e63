/* Lookups in the compiled registry (table.h): a cursor of indexes. */
#include <stdint.h>
#include <string.h>

#include "fields.h"
#include "portinfo.h"
#include "table.h"

enum { BY_PORT, BY_NAME, BY_TEXT };

#define CLASS(name, iana_name, lo, hi) \
	{ name, iana_name, lo, hi, sizeof(name) - 1 }
const struct pi_class_info pi_classes[PI_DYNAMIC + 1] = {
	[PI_WELL_KNOWN] = CLASS("well-known", "system", 0, 1023),
	[PI_REGISTERED] = CLASS("registered", "user", 1024, 49151),
	[PI_DYNAMIC] = CLASS("dynamic", "dynamic/private", 49152, PI_PORT_MAX)
};

const char *
pi_proto_name(unsigned proto)
{
	size_t i;

	/* 0, as most stub records have, first. */
	for (i = 0; proto != 0 && i < PI_NPROTOS && proto != 1u << i; i++)
		continue;
	return proto != 0 && i < PI_NPROTOS ? pi_proto_names[i] : "";
}

unsigned
pi_proto_parse(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < PI_NPROTOS; i++) {
		if (pi_fold_cmp(s, len, pi_proto_names[i]) == 0)
			return 1u << i;
	}
	return 0;
}

const struct pi_class_info *
pi_class_by_name(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(pi_classes) / sizeof(pi_classes[0]); i++) {
		if (pi_fold_cmp(s, len, pi_classes[i].name) == 0 ||
		    pi_fold_cmp(s, len, pi_classes[i].iana_name) == 0)
			return &pi_classes[i];
	}
	return NULL;
}

const char *
pi_source_name(enum pi_source source)
{
	static const char *const names[] = {
		[PI_SOURCE_IANA] = "iana", [PI_SOURCE_COMMON] = "common",
		[PI_SOURCE_HOST] = "host", [PI_SOURCE_SITE] = "site",
		[PI_SOURCE_USER] = "user", [PI_SOURCE_FILE] = "file"
	};

	return (size_t)source < sizeof(names) / sizeof(names[0]) ?
	    names[source] : "";
}

size_t
pi_record_count(void)
{
	return pi_nrecs;
}

const char *
pi_registry_date(void)
{
	return pi_date;
}

/* The records a lookup walks to its end: IANA's, and the common uses. */
static void
start(struct pi_cursor *c, int kind, unsigned protos)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->protos = protos;
	c->end = pi_nrecs + (protos & PI_COMMON ? pi_ncommon : 0);
}

void
pi_find_port(struct pi_cursor *c, unsigned lo, unsigned hi, unsigned protos)
{
	start(c, BY_PORT, protos);
	if (lo > hi || hi > PI_PORT_MAX) {
		c->seg = pi_nsegs;
		return;
	}
	c->lo = lo;
	c->hi = hi;
	c->seg = pi_seg_of[lo];
	c->pos = pi_seg_first[c->seg];
	c->end = pi_seg_first[c->seg + 1];
}

size_t
pi_first_name(const char *name, size_t len)
{
	size_t lo = 0, hi = pi_nnames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pi_fold_cmp(name, len, pi_pool + pi_name_key[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
pi_find_name(struct pi_cursor *c, const char *name, size_t len,
    unsigned protos)
{
	start(c, BY_NAME, protos);
	c->key = name;
	c->keylen = len;
	c->pos = pi_first_name(name, len);
	c->end = pi_nnames;
}

void
pi_find_text(struct pi_cursor *c, const char *text, size_t len,
    unsigned protos)
{
	start(c, BY_TEXT, protos);
	c->key = text;
	c->keylen = len;
}

/*
 * The next record index of a port lookup.  A record that spans several
 * segments is taken in the first one that overlaps lo..hi.
 */
static int
next_by_port(struct pi_cursor *c, uint32_t *ri)
{
	for (;;) {
		while (c->pos < c->end) {
			const struct pi_rec *r;
			unsigned first;

			*ri = pi_seg_recs[c->pos++];
			r = &pi_recs[*ri];
			first = pi_seg_start[c->seg] > c->lo ?
			    pi_seg_start[c->seg] : c->lo;
			if (r->lo >= first || first == c->lo)
				return 1;
		}
		if (++c->seg >= pi_nsegs || pi_seg_start[c->seg] > c->hi)
			return 0;
		c->pos = pi_seg_first[c->seg];
		c->end = pi_seg_first[c->seg + 1];
	}
}

/* The next record index of any kind of lookup, before the protocol test. */
static int
next_index(struct pi_cursor *c, uint32_t *ri)
{
	const struct pi_rec *r;

	switch (c->kind) {
	case BY_PORT:
		return c->seg < pi_nsegs && next_by_port(c, ri);
	case BY_NAME:
		if (c->pos >= c->end)
			return 0;
		*ri = pi_name_rec[c->pos];
		return pi_fold_cmp(c->key, c->keylen,
		    pi_pool + pi_name_key[c->pos++]) == 0;
	default:
		while (c->pos < c->end) {
			*ri = (uint32_t)c->pos++;
			r = &pi_recs[*ri];
			if (pi_fold_contains(pi_pool + r->name, c->key,
			    c->keylen) || pi_fold_contains(pi_pool + r->desc,
			    c->key, c->keylen))
				return 1;
		}
		return 0;
	}
}

/*
 * Whether the cursor wants record ri, found through alias ("" if not
 * found by one): of its protocols, and of IANA's registry unless it
 * asked for common uses and aliases too.
 */
static int
wanted(const struct pi_cursor *c, uint32_t ri, const char *alias)
{
	const struct pi_rec *r = &pi_recs[ri];

	if (!(c->protos & PI_COMMON) && (ri >= pi_nrecs || alias[0] != '\0'))
		return 0;
	return r->proto == 0 || (r->proto & c->protos) != 0;
}

/* An alias finds its record on its own port alone (table.h). */
int
pi_next(struct pi_cursor *c, struct pi_entry *e)
{
	const struct pi_rec *r;
	uint32_t ri = 0;	/* set by next_index before any use */
	const char *alias;

	do {
		if (!next_index(c, &ri))
			return 0;
		alias = c->kind == BY_NAME && pi_name_alias[c->pos - 1] ?
		    pi_pool + pi_name_key[c->pos - 1] : "";
	} while (!wanted(c, ri, alias));

	r = &pi_recs[ri];
	e->name = pi_pool + r->name;
	e->description = pi_pool + r->desc;
	e->reference = pi_pool + r->ref;
	e->unauthorized = pi_pool + r->unauth;
	e->proto = r->proto;
	e->has_port = r->has_port;
	e->port = r->lo;
	e->port_end = r->hi;
	if (alias[0] != '\0')
		e->port = e->port_end = pi_name_port[c->pos - 1];
	e->status = (enum pi_status)r->status;
	e->source = ri < pi_nrecs ? PI_SOURCE_IANA : PI_SOURCE_COMMON;
	e->alias = alias;
	e->index = ri < pi_nrecs ? ri : ri - pi_nrecs;
	e->plain = r->plain;
	return 1;
}
