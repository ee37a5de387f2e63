/* From the local view to records (host.h). */
#include <sys/socket.h>

#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expose.h"
#include "host.h"

/* What one holder adds to a socket's process text, at most: ",cmd/pid". */
#define PROCESS_ITEM (1 + LOCAL_COMM_MAX + 1 + HOST_PID_SIZE)

int
host_open(struct host *h, struct local_view *v)
{
	memset(h, 0, sizeof(*h));
	h->view = v;
	if ((h->seen = calloc(v->socks.n + 1, sizeof(*h->seen))) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void
host_close(struct host *h)
{
	free(h->seen);
	free(h->pids);
	meaning_free(&h->meaning);
	memset(h, 0, sizeof(*h));
}

/*
 * The next ports lo..hi of a, and their protocols; 0 when none is left
 * (*i 0 starts): the port or range asked, or those of each record, for
 * the record's protocol or else the query's; within the query's range,
 * so that 6001 is asked about 6001 and not all of x11's 6000-6063.
 */
static int
next_span(struct answer *a, size_t *i, unsigned *lo, unsigned *hi,
    unsigned *protos)
{
	struct record r;

	if (a->kind == ANSWER_PORT) {
		*lo = a->lo;
		*hi = a->hi;
		*protos = a->protos & LOCAL_PROTOS;
		return (*i)++ == 0;
	}
	if (a->kind == ANSWER_INVALID)
		return 0;
	if ((*i)++ == 0)
		answer_rewind(a);
	do {
		if (!answer_next(a, &r))
			return 0;
	} while (!r.has_port);
	*lo = r.port;
	*hi = r.port_end;
	if (a->kind == ANSWER_LIST && a->cls != NULL) {
		*lo = *lo > a->lo ? *lo : a->lo;
		*hi = *hi < a->hi ? *hi : a->hi;
	}
	*protos = (r.proto != 0 ? r.proto : a->protos) & LOCAL_PROTOS;
	return 1;
}

/* Room for n owners of one socket. */
static int
owner_room(struct host *h, size_t n)
{
	size_t cap = n < 4 ? 4 : n;
	const char **p;

	if (n <= h->owners_cap)
		return 0;
	if ((p = realloc(h->pids, cap * (2 * sizeof(*p) + HOST_PID_SIZE +
	    PROCESS_ITEM) + 1)) == NULL)
		return -1;
	h->pids = p;
	h->commands = p + cap;
	h->pidtext = (char (*)[HOST_PID_SIZE])(void *)(p + 2 * cap);
	h->process = h->pidtext[cap];
	h->owners_cap = cap;
	return 0;
}

/*
 * Who holds s, into l: their pids and commands, and as people read them,
 * each pid after its command, the pids of one command in a row together,
 * "nginx/900,901,sshd/812"; a pid alone where the command is not known.
 */
static int
owners(struct host *h, const struct local_sock *s, struct record_local *l)
{
	const char *comm;
	char *p;
	size_t i;
	int named;

	l->owners_known = s->owners_known;
	l->nowners = 0;
	l->process = "";
	if (!s->owners_known)
		return 0;
	h->hidden += s->nowners == 0;
	if (owner_room(h, s->nowners + 1) == -1) {
		errno = ENOMEM;
		return -1;
	}
	p = h->process;
	*p = '\0';
	for (i = 0; i < s->nowners; i++) {
		comm = s->owners[i].comm;
		named = comm[0] != '\0' &&
		    (i == 0 || strcmp(comm, s->owners[i - 1].comm) != 0);
		snprintf(h->pidtext[i], sizeof(h->pidtext[i]), "%ld",
		    (long)s->owners[i].pid);
		h->pids[i] = h->pidtext[i];
		h->commands[i] = comm;
		p += sprintf(p, "%s%s%s%s", i > 0 ? "," : "", named ? comm : "",
		    named ? "/" : "", h->pidtext[i]);
	}
	l->pids = h->pids;
	l->commands = h->commands;
	l->nowners = s->nowners;
	l->process = h->process;
	return 0;
}

/* The host's facts of ports lo..hi, into l. */
static void
port_facts(const struct host *h, unsigned lo, unsigned hi,
    struct record_local *l)
{
	struct local_facts lf;

	local_facts(&h->view->host, lo, hi, &lf);
	l->ports = 1;
	l->ephemeral = lf.ephemeral;
	l->privileged = lf.privileged;
	l->reserved = lf.reserved;
}

static int
sock_fields(struct host *h, const struct local_sock *s,
    struct record_local *l)
{
	const char *fwd = local_sock_forward(h->view, s);

	if (inet_ntop(s->family == 4 ? AF_INET : AF_INET6, s->addr,
	    h->address, sizeof(h->address)) == NULL)
		h->address[0] = '\0';	/* cannot happen: the room is enough */
	if (s->peer_port == 0 || !expose_endpoint(s->family, s->peer,
	    s->peer_port, h->peer, sizeof(h->peer)))
		h->peer[0] = '\0';	/* not connected */
	*l = (struct record_local){
		.sockets = 1, .in_use = 1, .sock = 1,
		.address = h->address,
		.exposure = expose_reach(s->family, s->addr),
		.dual_stack = expose_dual_stack(s->family, s->addr, s->v6only),
		.state = local_state_name(s), .peer = h->peer, .uid = s->uid,
		.forward = fwd != NULL ? fwd : ""
	};
	port_facts(h, s->port, s->port, l);
	return owners(h, s, l);
}

/* What the port of s means for its protocol, in h->meaning, as a would
   answer "PORT/PROTO"; kept, as the sockets of a port come in a row. */
static int
sock_meaning(struct host *h, const struct answer *a,
    const struct local_sock *s)
{
	struct answer sub;
	struct query q = { .kind = QUERY_PORT, .lo = s->port, .hi = s->port,
	    .protos = s->proto };

	if (h->mproto == s->proto && h->mport == s->port)
		return 0;
	h->mproto = 0;
	answer_query(&sub, a->text, a->textlen, &q,
	    (a->protos & PI_COMMON) | s->proto, a->all, a->labels);
	if (meaning_of(&h->meaning, &sub) == -1)
		return -1;
	h->mport = s->port;
	h->mproto = s->proto;
	return 0;
}

/* A record for each socket of protos on lo..hi that no record of this
   answer took yet: how many, or -1 if there was no room. */
static long
sockets_in(struct host *h, const struct answer *a, unsigned lo, unsigned hi,
    unsigned protos, host_emit *emit, void *ctx)
{
	const struct local_sock *s;
	struct local_iter it;
	struct record r;
	long n = 0;
	size_t i;

	local_iter_init(&it, h->view, lo, hi, protos);
	while ((s = local_iter_next(&it)) != NULL) {
		i = (size_t)(s - h->view->socks.v);
		if (h->seen[i] == h->serial)
			continue;
		h->seen[i] = h->serial;
		if (sock_meaning(h, a, s) == -1 ||
		    sock_fields(h, s, &h->local) == -1)
			return -1;
		meaning_record(&h->meaning, a, &r);
		r.proto = s->proto;
		r.local = &h->local;
		emit(ctx, &r);
		n++;
	}
	return n;
}

int
host_in_use(struct host *h, struct answer *a)
{
	unsigned lo, hi, protos;
	size_t i = 0;
	int rc = -2, u;

	while (next_span(a, &i, &lo, &hi, &protos)) {
		if (protos == 0)
			continue;
		if ((u = local_in_use(h->view, lo, hi, protos)) == 1)
			return 1;
		if (u == -1 || rc == -2)
			rc = u;
	}
	return rc;
}

/* The record that stands for a when no socket is on its ports. */
static int
no_socket(struct host *h, struct answer *a, host_emit *emit, void *ctx)
{
	struct record_local *l = &h->local;
	struct meaning *m = &h->meaning;
	struct record r;
	int in_use;

	h->mproto = 0;
	in_use = host_in_use(h, a);
	if (meaning_of(m, a) == -1)
		return -1;
	meaning_record(m, a, &r);
	/* Neither in use nor free where a bind could not be tried. */
	*l = (struct record_local){ .sockets = in_use >= 0,
	    .in_use = in_use == 1, .address = "", .exposure = "",
	    .state = "", .peer = "", .process = "", .forward = "" };
	if (m->has_port)
		port_facts(h, m->lo, m->hi, l);
	r.local = l;
	emit(ctx, &r);
	return 0;
}

int
host_records(struct host *h, struct answer *a, host_emit *emit, void *ctx)
{
	unsigned lo, hi, protos;
	long n = 0, k;
	size_t i;

	/* A new serial marks every socket as not yet taken. */
	if (++h->serial == 0) {
		memset(h->seen, 0, h->view->socks.n * sizeof(*h->seen));
		h->serial = 1;
	}
	for (i = 0; n >= 0 && next_span(a, &i, &lo, &hi, &protos);)
		if ((k = sockets_in(h, a, lo, hi, protos, emit, ctx)) != 0)
			n = k < 0 ? -1 : n + k;
	if (n < 0)
		return -1;
	return n == 0 ? no_socket(h, a, emit, ctx) : 0;
}
