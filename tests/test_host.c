/*
 * Unit tests of the host stage: the record it makes of each socket, and
 * of a query with none, from a local view made up here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "answer.h"
#include "host.h"
#include "local.h"
#include "query.h"

/*
 * tcp 0.0.0.0:22 held by sshd (pids 812 and 813), tcp [::]:22 held by
 * someone hidden and taking IPv4 too, udp 127.0.0.1:6001 held by pid
 * 4242, "a,b", and tcp [::1]:8080 held by a docker-proxy (pid 900)
 * that forwards to 172.17.0.2:80, connected to [::1]:51000.
 */
static void
fake_host(struct local_view *v, struct local_sock socks[4])
{
	static const struct local_owner sshd[] = {
		{ 0, 812, "sshd" }, { 0, 813, "sshd" }
	}, other[] = { { 0, 4242, "a,b" } }, proxy[] = {
		{ 0, 900, "docker-proxy" }
	};
	static struct local_forwarder fwd[] = { { 900, { 8080, "" } } };

	memset(v, 0, sizeof(*v));
	memset(socks, 0, 4 * sizeof(*socks));
	v->host.procfd = -1;
	v->host.eph_lo = 32768;
	v->host.eph_hi = 60999;
	v->host.unpriv = 1024;
	socks[0].proto = socks[1].proto = socks[3].proto = PI_TCP;
	socks[0].family = 4;
	socks[1].family = socks[3].family = 6;
	socks[0].port = socks[1].port = 22;
	socks[0].state = socks[1].state = LOCAL_LISTEN;
	socks[0].owners = sshd;
	socks[0].nowners = 2;
	socks[1].uid = 105;
	socks[1].v6only = 0;
	socks[2].owners = other;
	socks[2].nowners = 1;
	socks[2].uid = 1000;
	socks[2].proto = PI_UDP;
	socks[2].family = 4;
	memcpy(socks[2].addr, "\x7f\0\0\x01", 4);
	socks[2].port = 6001;
	socks[2].state = LOCAL_CLOSE;
	socks[3].addr[15] = socks[3].peer[15] = 1;
	socks[3].port = 8080;
	socks[3].peer_port = 51000;
	socks[3].state = LOCAL_ESTABLISHED;
	socks[3].v6only = -1;
	socks[3].owners = proxy;
	socks[3].nowners = 1;
	memcpy(fwd[0].f.to, "172.17.0.2:80", sizeof("172.17.0.2:80"));
	v->fwd = fwd;
	v->nfwd = 1;
	/* Looked up: the one with no pid is hidden. */
	socks[0].owners_known = socks[1].owners_known = 1;
	socks[2].owners_known = socks[3].owners_known = 1;
	v->socks.v = socks;
	v->socks.n = v->socks.cap = 4;
}

static void
port_answer(struct answer *a, const char *text)
{
	struct query q;

	query_parse(text, strlen(text), &q);
	answer_query(a, text, strlen(text), &q, PI_PROTO_ANY | PI_COMMON, 0,
	    NULL);
}

/* The records host_records hands out, as text. */
#define MAX_RECS 64

struct got {
	size_t n;
	struct record r[MAX_RECS];
	struct record_local l[MAX_RECS];
	char pids[MAX_RECS][64], commands[MAX_RECS][64];
	char names[MAX_RECS][256], meaning[MAX_RECS][256];
	char text[MAX_RECS][5][64]; /* address, peer, process, forward, state */
};

/* Items joined by commas, to compare. */
static void
join(char *buf, size_t size, const char *const *items, size_t n)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strncat(buf, ",", size - strlen(buf) - 1);
		strncat(buf, items[i], size - strlen(buf) - 1);
	}
}

static void
collect(void *ctx, struct record *r)
{
	struct got *g = ctx;
	const struct record_local *l = r->local;
	const struct record_names *m = r->names;
	size_t k = g->n;

	assert_true(k < MAX_RECS);
	assert_non_null(l);
	assert_non_null(m);
	g->r[k] = *r;
	g->l[k] = *l;
	join(g->pids[k], sizeof(g->pids[0]), l->pids,
	    l->owners_known ? l->nowners : 0);
	join(g->commands[k], sizeof(g->commands[0]), l->commands,
	    l->owners_known ? l->nowners : 0);
	join(g->names[k], sizeof(g->names[0]), m->names,
	    m->nservices + m->ncommon + m->nlabels);
	snprintf(g->meaning[k], sizeof(g->meaning[0]), "%s", m->meaning);
	snprintf(g->text[k][0], 64, "%s", l->address);
	snprintf(g->text[k][1], 64, "%s", l->peer);
	snprintf(g->text[k][2], 64, "%s", l->process);
	snprintf(g->text[k][3], 64, "%s", l->forward);
	snprintf(g->text[k][4], 64, "%s", l->state);
	g->n++;
}

/* Every record of the answer to text, with what the host has. */
static void
records(struct host *h, const char *text, struct got *g)
{
	struct answer a;

	memset(g, 0, sizeof(*g));
	port_answer(&a, text);
	assert_int_equal(host_records(h, &a, collect, g), 0);
}

static void
test_sockets(void **state)
{
	struct local_sock socks[4];
	struct local_view v;
	struct host h;
	static struct got g;

	(void)state;
	fake_host(&v, socks);
	assert_int_equal(host_open(&h, &v), 0);

	/* A record for each socket, with each holder. */
	records(&h, "22/tcp", &g);
	assert_int_equal(g.n, 2);
	assert_true(g.l[0].sock && g.l[1].sock && g.l[0].in_use);
	assert_string_equal(g.text[0][0], "0.0.0.0");
	assert_string_equal(g.text[1][0], "::");
	assert_string_equal(g.l[0].exposure, "any");
	assert_int_equal(g.l[0].dual_stack, 0);
	assert_int_equal(g.l[1].dual_stack, 1);
	assert_string_equal(g.text[0][4], "listen");
	assert_int_equal(g.l[1].uid, 105);
	assert_string_equal(g.pids[0], "812,813");
	assert_string_equal(g.commands[0], "sshd,sshd");
	/* One command's pids together. */
	assert_string_equal(g.text[0][2], "sshd/812,813");
	assert_true(g.l[0].privileged && !g.l[0].ephemeral);
	/* What the port means, for the socket's protocol. */
	assert_int_equal(g.r[0].proto, PI_TCP);
	assert_int_equal(g.r[0].port, 22);
	assert_string_equal(g.names[0], "ssh");
	assert_string_equal(g.meaning[0], "ssh");
	/* Hidden: looked for, none found; counted. */
	assert_true(g.l[1].owners_known);
	assert_int_equal(g.l[1].nowners, 0);
	assert_string_equal(g.text[1][2], "");
	assert_int_equal(h.hidden, 1);

	/* x11's range 6000-6063: the socket's own port, 6001. */
	records(&h, "6001/udp", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.r[0].port, 6001);
	assert_int_equal(g.r[0].port_end, 6001);
	assert_string_equal(g.commands[0], "a,b");
	assert_string_equal(g.text[0][2], "a,b/4242");
	assert_string_equal(g.l[0].exposure, "loopback");
	assert_string_equal(g.names[0], "x11");

	/* A forwarder, connected: where it sends, and its peer. */
	records(&h, "8080", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.text[0][3], "172.17.0.2:80");
	assert_string_equal(g.text[0][1], "[::1]:51000");
	assert_string_equal(g.text[0][4], "estab");
	assert_string_equal(g.l[0].exposure, "loopback");
	assert_int_equal(g.l[0].dual_stack, 0);
	assert_string_equal(g.text[0][2], "docker-proxy/900");
	/* IANA's name, then the common uses', each once. */
	assert_string_equal(g.names[0], "http-alt,jenkins,motion,tomcat");
	assert_string_equal(g.meaning[0], "http-alt, jenkins, motion, tomcat");
	assert_string_equal(g.text[1][3], "");
	host_close(&h);
}

static void
test_no_socket(void **state)
{
	struct local_sock socks[4];
	struct local_view v;
	struct host h;
	static struct got g;

	(void)state;
	fake_host(&v, socks);
	assert_int_equal(host_open(&h, &v), 0);

	/* Nothing on udp 22: one record for the query, no socket. */
	records(&h, "22/udp", &g);
	assert_int_equal(g.n, 1);
	assert_true(g.l[0].sockets && !g.l[0].in_use && !g.l[0].sock);
	assert_int_equal(g.r[0].proto, PI_UDP);
	assert_string_equal(g.meaning[0], "ssh");
	assert_true(g.l[0].ports && g.l[0].privileged);

	/* A range with none: one record, its ports all of it. */
	records(&h, "3000-3001", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.r[0].port, 3000);
	assert_int_equal(g.r[0].port_end, 3001);
	assert_int_equal(g.r[0].proto, 0);
	assert_string_equal(g.meaning[0],
	    "hbci+2, create-react-app, grafana, nextjs, rails");

	/* sctp: the ports are known, sockets of it are not looked for. */
	records(&h, "22/sctp", &g);
	assert_int_equal(g.n, 1);
	assert_true(g.l[0].ports && !g.l[0].sockets);

	/* An unknown name: no port, no answer from the host. */
	records(&h, "nosuchservicename", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.r[0].status, REC_UNKNOWN);
	assert_false(g.l[0].ports || g.l[0].sockets);

	/* An invalid query: its record, and nothing of the host. */
	records(&h, "99999", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.r[0].status, REC_INVALID);
	assert_false(g.l[0].ports || g.l[0].sockets);
	host_close(&h);
}

static void
test_once(void **state)
{
	struct local_sock socks[4];
	struct local_view v;
	struct host h;
	static struct got g;

	(void)state;
	fake_host(&v, socks);
	assert_int_equal(host_open(&h, &v), 0);

	/* A range: each socket on it, once, in port order. */
	records(&h, "20-6001", &g);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.r[2].port, 6001);
	assert_int_equal(g.r[2].proto, PI_UDP);

	/* A name: the sockets on the ports of its records, once each. */
	records(&h, "ssh", &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.text[0][0], "0.0.0.0");
	assert_string_equal(g.r[0].query, "ssh");

	/* A port of x11's range asked by its name: all the range. */
	records(&h, "x11/udp", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.r[0].port, 6001);

	/* Whether in use, as -L's exit status says. */
	{
		struct answer a;

		port_answer(&a, "22/tcp");
		assert_true(host_in_use(&h, &a) == 1);
		port_answer(&a, "6001");
		assert_true(host_in_use(&h, &a) == 1);
		port_answer(&a, "22/sctp");
		assert_false(host_in_use(&h, &a) == 1);
	}
	host_close(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sockets),
		cmocka_unit_test(test_no_socket),
		cmocka_unit_test(test_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
