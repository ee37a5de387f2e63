/* The local view's part every system shares: see local.h. */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "portinfo.h"
#include "local.h"

const char *
local_state_name(const struct local_sock *s)
{
	static const char *const names[] = {
		"unknown", "estab", "syn-sent", "syn-recv", "fin-wait-1",
		"fin-wait-2", "time-wait", "unconn", "close-wait", "last-ack",
		"listen", "closing", "syn-recv"
	};

	if (s->state >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[s->state];
}

int
local_sock_listening(const struct local_sock *s)
{
	if (s->proto == PI_TCP)
		return s->state == LOCAL_LISTEN;
	/* A connected UDP socket shows LOCAL_ESTABLISHED. */
	return s->proto == PI_UDP && s->state == LOCAL_CLOSE && s->port != 0;
}

const char *
local_sock_forward(const struct local_view *v, const struct local_sock *s)
{
	size_t i, j;

	/* Forwarders are few: a docker-proxy a published port. */
	for (i = 0; i < s->nowners; i++)
		for (j = 0; j < v->nfwd; j++)
			if (v->fwd[j].pid == s->owners[i].pid &&
			    v->fwd[j].f.port == s->port)
				return v->fwd[j].f.to;
	return NULL;
}

/* The first socket of l whose port is not below port. */
static size_t
lower_bound(const struct local_socks *l, unsigned long port)
{
	size_t lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->v[mid].port < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
local_iter_init(struct local_iter *it, struct local_view *v, unsigned lo,
    unsigned hi, unsigned protos)
{
	size_t i;

	it->l = &v->socks;
	it->i = lower_bound(it->l, lo);
	it->end = lo <= hi ? lower_bound(it->l, (unsigned long)hi + 1) : it->i;
	it->protos = protos;
	/* A socket to walk that a file refers to has owners to look up. */
	for (i = it->i; i < it->end; i++)
		if ((it->l->v[i].proto & protos) && it->l->v[i].inode != 0) {
			local_sys_owners(v);
			break;
		}
}

const struct local_sock *
local_iter_next(struct local_iter *it)
{
	const struct local_sock *s;

	while (it->i < it->end) {
		s = &it->l->v[it->i++];
		if (s->proto & it->protos)
			return s;
	}
	return NULL;
}

enum bind_result { BIND_ERROR = -1, BIND_FREE, BIND_IN_USE, BIND_DENIED };

/*
 * Whether proto port can be bound on 0.0.0.0 and [::], of the families
 * this host has, each socket let go at once: a socket bound to it on any
 * address makes that fail.
 */
static enum bind_result
try_bind(unsigned proto, unsigned port, int *err)
{
	static const int families[] = { AF_INET, AF_INET6 };
	/* The wildcard addresses are all zero bytes. */
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	size_t i, tried = 0;
	int fd, e, rc;

	sin.sin_port = sin6.sin6_port = htons((uint16_t)port);
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		fd = socket(families[i], proto == PI_TCP ? SOCK_STREAM :
		    SOCK_DGRAM, 0);
		/* No SO_REUSEADDR: a port that only lingering connections
		   hold is reported in use, which errs on the safe side. */
		if (fd == -1)
			rc = -2;
		else if (families[i] == AF_INET)
			rc = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
		else
			rc = bind(fd, (struct sockaddr *)&sin6, sizeof(sin6));
		e = errno;
		if (fd != -1)
			close(fd);
		if (rc == 0) {
			tried++;
			continue;
		}
		if (e == EADDRINUSE)
			return BIND_IN_USE;
		/* The port needs privilege; a socket refused so (by a
		   security module) is a failure, not a privileged port. */
		if (rc == -1 && (e == EACCES || e == EPERM))
			return BIND_DENIED;
		/* This host has no such family (or no address of it). */
		if (e == EAFNOSUPPORT || e == EADDRNOTAVAIL ||
		    e == EPROTONOSUPPORT)
			continue;
		*err = e;
		return BIND_ERROR;
	}
	if (tried == 0) {
		*err = EAFNOSUPPORT;
		return BIND_ERROR;
	}
	return BIND_FREE;
}

/* Whether proto port is in use by the test of a bind, remembered; -1 if
   the test could not be made, the first such port kept in v. */
static int
probe(struct local_view *v, size_t i, unsigned proto, unsigned port)
{
	enum bind_result b;
	int e;

	if (local_portset_has(&v->tried[i], port))
		return local_portset_has(&v->busy[i], port);
	if ((b = try_bind(proto, port, &e)) == BIND_ERROR) {
		if (v->bind_err == 0) {
			v->bind_err = e;
			v->bind_port = port;
		}
		return -1;
	}
	local_portset_add(&v->tried[i], port);
	if (b == BIND_IN_USE)
		local_portset_add(&v->busy[i], port);
	return b == BIND_IN_USE;
}

int
local_in_use(struct local_view *v, unsigned lo, unsigned hi, unsigned protos)
{
	static const unsigned each[] = { PI_TCP, PI_UDP };
	const struct local_socks *l = &v->socks;
	unsigned long p;
	size_t i;
	int rc = 0, b;

	/* The view's sockets first: no bind needed where they tell. */
	for (i = lower_bound(l, lo); i < l->n && l->v[i].port <= hi; i++)
		if (l->v[i].proto & protos)
			return 1;
	if (!(v->what & LOCAL_SOCKETS))
		return 0;
	for (p = lo; p <= hi && p <= PI_PORT_MAX; p++)
		for (i = 0; i < sizeof(each) / sizeof(each[0]); i++) {
			if (!(protos & each[i]))
				continue;
			if ((b = probe(v, i, each[i], (unsigned)p)) == 1)
				return 1;
			if (b == -1)
				rc = -1;
		}
	return rc;
}

const char *const local_why_text[LOCAL_WHYS] = {
	[LOCAL_FREE] = "free",
	[LOCAL_ASSIGNED] = "assigned",
	[LOCAL_RESERVED] = "reserved",
	[LOCAL_FLAGGED] = "in unauthorized use",
	[LOCAL_COMMON] = "commonly used",
	[LOCAL_LABELLED] = "labelled",
	[LOCAL_EPHEMERAL] = "ephemeral",
	[LOCAL_HOST_RESERVED] = "reserved by the host",
	[LOCAL_IN_USE] = "in use here",
	[LOCAL_PRIVILEGED] = "privileged"
};

/*
 * What the registry says against port, the first in the order of enum
 * local_why: a service; a record other than Unassigned (a reservation,
 * or past use, which software may still expect); a report of
 * unauthorized use; with PI_COMMON in protos, a common use; a label.
 */
static enum local_why
registry_why(unsigned port, unsigned protos, struct pi_labels *labels)
{
	enum local_why why = LOCAL_FREE, w;
	struct pi_label_cursor lc;
	struct pi_label_entry le;
	struct pi_cursor c;
	struct pi_entry e;

	pi_find_port(&c, port, port, PI_PROTO_ANY | (protos & PI_COMMON));
	while (pi_next(&c, &e)) {
		if (e.source == PI_SOURCE_COMMON)
			w = LOCAL_COMMON;
		else if (e.status == PI_ASSIGNED)
			return LOCAL_ASSIGNED;
		else if (e.status == PI_RESERVED)
			w = LOCAL_RESERVED;
		else if (e.unauthorized[0] != '\0')
			w = LOCAL_FLAGGED;
		else
			continue;
		if (why == LOCAL_FREE || w < why)
			why = w;
	}
	if (why == LOCAL_FREE && labels != NULL) {
		pi_labels_find_port(&lc, labels, port, port, PI_PROTO_ANY);
		if (pi_labels_next(&lc, &le))
			why = LOCAL_LABELLED;
	}
	return why;
}

/* Sets *why to the first test of f's that port fails, or LOCAL_FREE: 0,
   or -1 with errno if a bind failed for another reason. */
static int
port_why(const struct local_free *f, unsigned port, enum local_why *why)
{
	static const unsigned each[] = { PI_TCP, PI_UDP };
	struct local_facts lf;
	enum bind_result b;
	size_t i;
	int e;

	if ((*why = registry_why(port, f->protos, f->labels)) != LOCAL_FREE)
		return 0;
	local_facts(f->h, port, port, &lf);
	if (lf.ephemeral)
		*why = LOCAL_EPHEMERAL;
	else if (lf.reserved)
		*why = LOCAL_HOST_RESERVED;
	for (i = 0; *why == LOCAL_FREE &&
	    i < sizeof(each) / sizeof(each[0]); i++) {
		if (!(f->protos & each[i]))
			continue;
		if ((b = try_bind(each[i], port, &e)) == BIND_ERROR) {
			errno = e;
			return -1;
		}
		if (b == BIND_IN_USE)
			*why = LOCAL_IN_USE;
		else if (b == BIND_DENIED)
			*why = LOCAL_PRIVILEGED;
	}
	return 0;
}

void
local_free_init(struct local_free *f, const struct local_host *h,
    unsigned lo, unsigned hi, unsigned protos, struct pi_labels *labels)
{
	*f = (struct local_free){ .h = h, .labels = labels, .protos = protos,
	    .lo = lo, .hi = hi, .next = lo };
}

int
local_free_next(struct local_free *f, unsigned *port)
{
	enum local_why why;

	while (f->next <= f->hi && f->next <= PI_PORT_MAX) {
		*port = (unsigned)f->next++;
		if (port_why(f, *port, &why) == -1)
			return -1;
		f->why[why]++;
		if (why == LOCAL_FREE)
			return 1;
	}
	return 0;
}

int
local_view_open(struct local_view *v, const char *root, unsigned protos,
    unsigned what)
{
	int e;

	*v = (struct local_view){ .host.procfd = -1, .host.root = root,
	    .what = what };
	if (local_sys_open(v, protos & LOCAL_PROTOS) == -1) {
		e = errno;
		local_view_close(v);
		errno = e;
		return -1;
	}
	return 0;
}

void
local_view_close(struct local_view *v)
{
	if (v->host.procfd != -1)
		close(v->host.procfd);
	free(v->socks.v);
	free(v->owners);
	free(v->fwd);
	*v = (struct local_view){ .host = v->host };
	v->host.procfd = -1;
}

void
local_facts(const struct local_host *h, unsigned lo, unsigned hi,
    struct local_facts *f)
{
	unsigned long p;

	f->ephemeral = lo <= h->eph_hi && hi >= h->eph_lo;
	f->privileged = lo < h->unpriv;
	f->reserved = 0;
	for (p = lo; p <= hi && p <= PI_PORT_MAX && !f->reserved; p++)
		f->reserved = local_portset_has(&h->reserved, (unsigned)p);
}

