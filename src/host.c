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
	h->addr = calloc(n, sizeof(*h->addr));
	h->seen = calloc(n, sizeof(*h->seen));
	h->rows = calloc(n, sizeof(*h->rows));
	if (h->text == NULL || h->addr == NULL || h->seen == NULL ||
	    h->rows == NULL) {
		host_close(h);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < v->socks.n; i++) {
		endpoint_text(&v->socks.v[i], h->text[i], sizeof(h->text[i]));
		if (local_addr_str(&v->socks.v[i], h->addr[i],
		    sizeof(h->addr[i])) == -1)
			h->addr[i][0] = '\0';	/* the room is enough */
	}
	return 0;
}

void
host_close(struct host *h)
{
	free(h->text);
	free(h->addr);
	free(h->seen);
	free(h->pidtext);
	free(h->pids);
	free(h->commands);
	free(h->rows);
	memset(h, 0, sizeof(*h));
}

static size_t
index_of(const struct host *h, const struct local_sock *s)
{
	return (size_t)(s - h->view->socks.v);
}

static const char *
text_of(const struct host *h, const struct local_sock *s)
{
	return h->text[index_of(h, s)];
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

/* Room for n owners of one socket. */
static int
owner_room(struct host *h, size_t n)
{
	size_t cap = h->owners_cap;
	void *p;

	if (n <= cap)
		return 0;
	while (cap < n)
		cap = cap == 0 ? 4 : cap * 2;
	if ((p = realloc(h->pidtext, cap * sizeof(*h->pidtext))) == NULL)
		return -1;
	h->pidtext = p;
	if ((p = realloc(h->pids, cap * sizeof(*h->pids))) == NULL)
		return -1;
	h->pids = p;
	if ((p = realloc(h->commands, cap * sizeof(*h->commands))) == NULL)
		return -1;
	h->commands = p;
	h->owners_cap = cap;
	return 0;
}

/* The socket fields of l, and the degrees of its port, from s. */
static int
sock_fields(struct host *h, const struct local_sock *s,
    struct record_local *l)
{
	const struct local_host *lh = &h->view->host;
	size_t i;

	l->in_use = 1;
	l->sock = 1;
	l->address = h->addr[index_of(h, s)];
	l->port = s->port;
	l->state = local_state_name(s);
	l->uid = s->uid;
	l->ephemeral = s->port >= lh->eph_lo && s->port <= lh->eph_hi;
	l->privileged = s->port < lh->unpriv;
	l->reserved = local_reserved_in(lh, s->port, s->port) > 0;
	l->owners_known = s->owners_known;
	l->nowners = 0;
	if (!s->owners_known)
		return 0;
	if (owner_room(h, s->nowners) == -1) {
		h->err = ENOMEM;
		return -1;
	}
	for (i = 0; i < s->nowners; i++) {
		snprintf(h->pidtext[i], sizeof(h->pidtext[i]), "%ld",
		    (long)s->owners[i].pid);
		h->pids[i] = h->pidtext[i];
		h->commands[i] = s->owners[i].comm;
	}
	l->pids = h->pids;
	l->commands = h->commands;
	l->nowners = s->nowners;
	return 0;
}

/*
 * The records of r: one for each socket on its ports, or r alone with
 * what the host says of the ports.  Returns -1 if there was no room.
 */
static int
record_sockets(struct host *h, const struct answer *a, struct record *r,
    host_emit *emit, void *ctx)
{
	struct record_local *l = &h->local;
	const struct local_sock *s;
	struct local_facts lf;
	struct local_iter it;
	unsigned lo = 0, hi = 0, protos = 0, proto = r->proto;
	size_t n = 0;

	*l = (struct record_local){ .address = "", .state = "" };
	r->local = l;
	if (!span(a, r, &lo, &hi, &protos)) {
		emit(ctx, r);
		return 0;
	}
	local_facts(h->view, lo, hi, protos, &lf);
	local_iter_init(&it, &h->view->socks, lo, hi, protos);
	while ((s = local_iter_next(&it)) != NULL) {
		h->seen[index_of(h, s)] = h->serial;
		*l = (struct record_local){ .ports = 1, .sockets = 1 };
		if (sock_fields(h, s, l) == -1)
			return -1;
		/* The socket says which protocol, where the registry does not. */
		r->proto = proto != 0 ? proto : s->proto;
		emit(ctx, r);
		n++;
	}
	r->proto = proto;
	if (n > 0)
		return 0;
	*l = (struct record_local){
		.ports = 1, .sockets = protos != 0,
		.in_use = protos != 0 && lf.in_use,
		.address = "", .state = "",
		.ephemeral = lf.ephemeral, .privileged = lf.privileged,
		.reserved = lf.reserved
	};
	emit(ctx, r);
	return 0;
}

/*
 * The sockets of protos on lo..hi that no record of this answer took:
 * each with the registry's records for its own port and protocol, as
 * the query "PORT/PROTO" has them, under the query of a.
 */
static int
rest_sockets(struct host *h, const struct answer *a, unsigned lo,
    unsigned hi, unsigned protos, host_emit *emit, void *ctx)
{
	const struct local_sock *s;
	struct local_iter it;
	struct answer sub;
	struct query q;
	struct record r;

	if (protos == 0)
		return 0;
	local_iter_init(&it, &h->view->socks, lo, hi, protos);
	while ((s = local_iter_next(&it)) != NULL) {
		if (h->seen[index_of(h, s)] == h->serial)
			continue;
		q = (struct query){ .kind = QUERY_PORT, .lo = s->port,
		    .hi = s->port, .protos = s->proto };
		answer_query(&sub, a->text, a->textlen, &q, s->proto, a->all);
		while (answer_next(&sub, &r))
			if (record_sockets(h, &sub, &r, emit, ctx) == -1)
				return -1;
		h->seen[index_of(h, s)] = h->serial;
	}
	return 0;
}

int
host_records(struct host *h, struct answer *a, host_emit *emit, void *ctx)
{
	unsigned lo, hi, protos;
	struct record r;
	size_t i;

	/* A new serial marks every socket as not yet taken. */
	if (++h->serial == 0) {
		for (i = 0; i < h->view->socks.n; i++)
			h->seen[i] = 0;
		h->serial = 1;
	}
	while (answer_next(a, &r))
		if (record_sockets(h, a, &r, emit, ctx) == -1)
			return -1;
	if (a->kind == ANSWER_PORT)
		return rest_sockets(h, a, a->lo, a->hi,
		    a->protos & LOCAL_PROTOS, emit, ctx);
	if (a->kind == ANSWER_INVALID)
		return 0;
	answer_rewind(a);
	while (answer_next(a, &r))
		if (span(a, &r, &lo, &hi, &protos) &&
		    rest_sockets(h, a, lo, hi, a->protos & LOCAL_PROTOS, emit,
		    ctx) == -1)
			return -1;
	return 0;
}

int
host_in_use(struct host *h, struct answer *a)
{
	unsigned lo, hi, protos;
	struct record r;

	if (a->kind == ANSWER_PORT)
		return local_in_use(h->view, a->lo, a->hi,
		    a->protos & LOCAL_PROTOS);
	if (a->kind == ANSWER_INVALID)
		return 0;
	answer_rewind(a);
	while (answer_next(a, &r))
		if (span(a, &r, &lo, &hi, &protos) && protos != 0 &&
		    local_in_use(h->view, lo, hi, protos))
			return 1;
	return 0;
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

/*
 * A TCP socket bound without listening is in no list the kernel gives,
 * but a bind on its port fails all the same (local_in_use).  Where the
 * view lists no socket on lo..hi, the first port found bound so is a
 * row of its own, "tcp  ?:18082  bound  unknown", its address and owner
 * unknown.  Returns the rows made: 0 or 1.
 */
static size_t
bound_row(struct host *h, unsigned lo, unsigned hi, unsigned protos)
{
	static const unsigned each[] = { PI_TCP, PI_UDP };
	static char text[HOST_ENDPOINT_SIZE];
	unsigned long p;
	size_t i;

	if (!local_in_use(h->view, lo, hi, protos))
		return 0;
	for (p = lo; p <= hi; p++)
		for (i = 0; i < sizeof(each) / sizeof(each[0]); i++) {
			if (!(protos & each[i]) || !local_in_use(h->view,
			    (unsigned)p, (unsigned)p, each[i]))
				continue;
			snprintf(text, sizeof(text), "?:%lu", p);
			h->rows[0] = (struct host_row){
				.protocol = pi_proto_name(each[i]),
				.endpoint = text, .state = "bound",
				.command = "", .unknown = 1
			};
			return 1;
		}
	return 0;
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
		if (n == 0)
			n = bound_row(h, lo, hi, protos);
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
	if (a->kind != ANSWER_PORT && a->kind != ANSWER_INVALID)
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
	if (a->kind == ANSWER_INVALID) {
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
