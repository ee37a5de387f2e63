/*
 * From the local view to record data (host.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

/* "127.0.0.1:22" or "[::1]:22" */
static void
endpoint_text(const struct local_sock *s, char *buf, size_t size)
{
	char addr[LOCAL_ADDRSTRLEN];
	int n;

	if (local_addr_str(s, addr, sizeof(addr)) == -1)
		addr[0] = '\0';	/* cannot happen: the room is enough */
	if (s->family == 6)
		n = snprintf(buf, size, "[%s]:%u", addr, s->port);
	else
		n = snprintf(buf, size, "%s:%u", addr, s->port);
	if (n < 0 || (size_t)n >= size)
		buf[0] = '\0';
}

int
host_open(struct host *h, const struct local_view *v)
{
	size_t i, n = v->socks.n + 1;

	memset(h, 0, sizeof(*h));
	h->view = v;
	h->text = calloc(n, sizeof(*h->text));
	h->endpoints = calloc(n, sizeof(*h->endpoints));
	h->rows = calloc(n, sizeof(*h->rows));
	if (h->text == NULL || h->endpoints == NULL || h->rows == NULL) {
		host_close(h);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < v->socks.n; i++)
		endpoint_text(&v->socks.v[i], h->text[i], sizeof(h->text[i]));
	return 0;
}

void
host_close(struct host *h)
{
	free(h->text);
	free(h->endpoints);
	free(h->rows);
	h->text = NULL;
	h->endpoints = NULL;
	h->rows = NULL;
}

static const char *
text_of(const struct host *h, const struct local_sock *s)
{
	return h->text[s - h->view->socks.v];
}

/*
 * The ports of r the host is asked about, lo..hi, and for which of its
 * protocols: the record's own, or those of the query when it names none.
 * The ports are those of the query within the record, so that 6001 is
 * asked about 6001 and not all of x11's 6000-6063.  Returns 0 if r has
 * no port.
 */
static int
span(const struct answer *a, const struct record *r, unsigned *lo,
    unsigned *hi, unsigned *protos)
{
	unsigned p;

	if (!r->has_port)
		return 0;
	*lo = r->port;
	*hi = r->port_end;
	if (a != NULL && (a->kind == ANSWER_PORT ||
	    (a->kind == ANSWER_LIST && a->cls != NULL))) {
		*lo = *lo > a->lo ? *lo : a->lo;
		*hi = *hi < a->hi ? *hi : a->hi;
	}
	p = r->proto;
	if (p == 0)
		p = a != NULL ? a->protos : PI_PROTO_ANY;
	*protos = p & LOCAL_PROTOS;
	return 1;
}

void
host_record(struct host *h, const struct answer *a, struct record *r)
{
	struct record_local *l = &h->local;
	const struct local_sock *s;
	struct local_facts lf;
	struct local_iter it;
	unsigned lo = 0, hi = 0, protos = 0;

	*l = (struct record_local){ .command = "", .endpoints = h->endpoints };
	r->local = l;
	if (!span(a, r, &lo, &hi, &protos))
		return;
	local_facts(h->view, lo, hi, protos, &lf);
	l->ports = 1;
	l->ephemeral = lf.ephemeral;
	l->privileged = lf.privileged;
	l->reserved = lf.reserved;
	/* Sockets only where the record has ports and protocols to ask. */
	if (protos == 0)
		return;
	l->sockets = 1;
	l->in_use = lf.in_use;
	if (lf.owner != NULL) {
		l->has_owner = 1;
		l->pid = (unsigned long)lf.owner->pid;
		l->command = lf.owner->comm;
	}
	local_iter_init(&it, &h->view->socks, lo, hi, protos);
	while ((s = local_iter_next(&it)) != NULL)
		h->endpoints[l->nendpoints++] = text_of(h, s);
}

/* How much of lo..hi lies in from..to, which is empty when to < from. */
static enum degree
degree(unsigned lo, unsigned hi, long from, long to)
{
	if (to < from || (long)hi < from || (long)lo > to)
		return DEG_NONE;
	return (long)lo < from || (long)hi > to ? DEG_PART : DEG_ALL;
}

/* How much of lo..hi the host reserves. */
static enum degree
reserved_degree(const struct local_host *lh, unsigned lo, unsigned hi)
{
	unsigned long n = local_reserved_in(lh, lo, hi);

	if (n == 0)
		return DEG_NONE;
	return n > (unsigned long)hi - lo ? DEG_ALL : DEG_PART;
}

/* The block on lo..hi, with a row for each socket of protos. */
static void
block(struct host *h, unsigned lo, unsigned hi, unsigned protos,
    struct host_block *b)
{
	const struct local_host *lh = &h->view->host;
	const struct local_sock *s;
	struct local_iter it;
	size_t n = 0;

	if (protos != 0) {
		local_iter_init(&it, &h->view->socks, lo, hi, protos);
		while ((s = local_iter_next(&it)) != NULL)
			h->rows[n++] = (struct host_row){
				.protocol = pi_proto_name(s->proto),
				.endpoint = text_of(h, s),
				.state = local_state_name(s),
				.pid = (unsigned long)s->pid,
				.command = s->comm,
				.unknown = !s->owners_known
			};
	}
	*b = (struct host_block){
		.lo = lo, .hi = hi, .unpriv = lh->unpriv,
		.eph_lo = lh->eph_lo, .eph_hi = lh->eph_hi,
		.privileged = degree(lo, hi, 0, (long)lh->unpriv - 1),
		.ephemeral = degree(lo, hi, lh->eph_lo, lh->eph_hi),
		.reserved = reserved_degree(lh, lo, hi),
		.sockets = protos != 0, .rows = h->rows, .nrows = n
	};
}

void
host_blocks(struct host *h, struct answer *a)
{
	h->plo = 1;
	h->phi = 0;
	h->done = 0;
	if (a->kind == ANSWER_NAME)
		answer_rewind(a);
}

int
host_block_next(struct host *h, struct answer *a, struct host_block *b)
{
	unsigned lo, hi, protos;
	struct record r;

	if (h->done)
		return 0;
	if (a->kind == ANSWER_PORT) {
		h->done = 1;
		block(h, a->lo, a->hi, a->protos & LOCAL_PROTOS, b);
		return 1;
	}
	if (a->kind != ANSWER_NAME) {
		h->done = 1;
		return 0;
	}
	while (answer_next(a, &r)) {
		if (!span(a, &r, &lo, &hi, &protos) ||
		    (lo == h->plo && hi == h->phi))
			continue;
		h->plo = lo;
		h->phi = hi;
		block(h, lo, hi, a->protos & LOCAL_PROTOS, b);
		return 1;
	}
	h->done = 1;
	return 0;
}
