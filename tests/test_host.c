/*
 * Unit tests of the host stage: what it adds to a record, and the
 * blocks of the human report, from a local view made up here.
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
 * someone hidden, udp 127.0.0.1:6001 held by pid 4242, "a,b".
 */
static void
fake_host(struct local_view *v, struct local_sock socks[3])
{
	memset(v, 0, sizeof(*v));
	memset(socks, 0, 3 * sizeof(*socks));
	v->host.procfd = -1;
	v->host.eph_lo = 32768;
	v->host.eph_hi = 60999;
	v->host.unpriv = 1024;
	socks[0].proto = socks[1].proto = PI_TCP;
	socks[0].family = 4;
	socks[1].family = 6;
	socks[0].port = socks[1].port = 22;
	socks[0].state = socks[1].state = LOCAL_LISTEN;
	static const struct local_owner sshd[] = {
		{ 0, 812, "sshd" }, { 0, 813, "sshd" }
	}, other[] = { { 0, 4242, "a,b" } };

	socks[0].pid = 812;
	memcpy(socks[0].comm, "sshd", 5);
	socks[0].owners = sshd;
	socks[0].nowners = 2;
	socks[0].uid = 0;
	socks[1].uid = 105;
	socks[2].owners = other;
	socks[2].nowners = 1;
	socks[2].uid = 1000;
	socks[2].proto = PI_UDP;
	socks[2].family = 4;
	memcpy(socks[2].addr, "\x7f\0\0\x01", 4);
	socks[2].port = 6001;
	socks[2].state = LOCAL_CLOSE;
	socks[2].pid = 4242;
	/* Looked up: the one with no pid is hidden. */
	socks[0].owners_known = socks[1].owners_known = 1;
	socks[2].owners_known = 1;
	v->socks.v = socks;
	v->socks.n = v->socks.cap = 3;
}

static void
port_answer(struct answer *a, const char *text)
{
	struct query q;

	query_parse(text, strlen(text), &q);
	answer_query(a, text, strlen(text), &q, PI_PROTO_ANY, 0);
}

/* The records host_records hands out, copied. */
#define MAX_RECS 1024

struct got {
	size_t n;
	struct record r[MAX_RECS];
	struct record_local l[MAX_RECS];
	char pids[MAX_RECS][64], commands[MAX_RECS][64];
};

/* The lists of pids and commands, joined by commas, to compare. */
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

	assert_true(g->n < MAX_RECS);
	assert_non_null(r->local);
	g->r[g->n] = *r;
	g->l[g->n] = *r->local;
	join(g->pids[g->n], sizeof(g->pids[0]), r->local->pids,
	    r->local->owners_known ? r->local->nowners : 0);
	join(g->commands[g->n], sizeof(g->commands[0]), r->local->commands,
	    r->local->owners_known ? r->local->nowners : 0);
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
test_record(void **state)
{
	struct local_sock socks[3];
	struct local_view v;
	struct host h;
	static struct got g;

	(void)state;
	fake_host(&v, socks);
	assert_int_equal(host_open(&h, &v), 0);

	/* A record for each socket, with each holder. */
	records(&h, "22/tcp", &g);
	assert_int_equal(g.n, 2);
	assert_true(g.l[0].ports && g.l[0].sockets && g.l[0].in_use);
	assert_true(g.l[0].sock && g.l[1].sock);
	assert_string_equal(g.l[0].address, "0.0.0.0");
	assert_string_equal(g.l[1].address, "::");
	assert_int_equal(g.l[0].port, 22);
	assert_string_equal(g.l[0].state, "listen");
	assert_int_equal(g.l[1].uid, 105);
	assert_string_equal(g.pids[0], "812,813");
	assert_string_equal(g.commands[0], "sshd,sshd");
	/* Hidden: looked for, none found. */
	assert_true(g.l[1].owners_known);
	assert_int_equal(g.l[1].nowners, 0);
	assert_true(g.l[0].privileged && !g.l[0].ephemeral);

	/* Nothing on udp 22: the record alone, no socket. */
	records(&h, "22/udp", &g);
	assert_int_equal(g.n, 1);
	assert_true(g.l[0].sockets && !g.l[0].in_use && !g.l[0].sock);

	/* x11's range 6000-6063: the socket's own port, 6001. */
	records(&h, "6001/udp", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.r[0].port, 6000);
	assert_int_equal(g.l[0].port, 6001);
	assert_string_equal(g.commands[0], "a,b");
	records(&h, "6000/udp", &g);
	assert_int_equal(g.n, 1);
	assert_false(g.l[0].sock);

	/* sctp: the ports are known, sockets of it are not looked for. */
	records(&h, "22/sctp", &g);
	assert_int_equal(g.n, 1);
	assert_true(g.l[0].ports && !g.l[0].sockets);

	/* No port, no answer from the host. */
	records(&h, "nosuchservicename", &g);
	assert_int_equal(g.n, 1);
	assert_false(g.l[0].ports || g.l[0].sockets);

	/*
	 * A socket no record takes, on a port the registry leaves
	 * unassigned inside a range asked: a record of its own, with the
	 * socket's protocol.
	 */
	records(&h, "6001-6001", &g);
	assert_int_equal(g.n, 2);	/* x11 over tcp, none; over udp, one */
	records(&h, "20-23", &g);
	assert_true(g.n >= 2);
	host_close(&h);
}

static void
test_rest(void **state)
{
	static const struct local_owner one[] = { { 0, 7, "x" } };
	struct local_sock socks[1];
	struct local_view v;
	struct host h;
	static struct got g;

	(void)state;
	memset(&v, 0, sizeof(v));
	memset(socks, 0, sizeof(socks));
	v.host.procfd = -1;
	v.host.eph_lo = 32768;
	v.host.eph_hi = 60999;
	v.host.unpriv = 1024;
	/* udp on 5438: unassigned in the registry over any protocol. */
	socks[0].proto = PI_UDP;
	socks[0].family = 4;
	socks[0].port = 5438;
	socks[0].state = LOCAL_CLOSE;
	socks[0].owners_known = 1;
	socks[0].owners = one;
	socks[0].nowners = 1;
	v.socks.v = socks;
	v.socks.n = v.socks.cap = 1;
	assert_int_equal(host_open(&h, &v), 0);

	/* Not in any record of the range: found all the same. */
	records(&h, "5000-5500", &g);
	assert_true(g.n >= 1);
	assert_true(g.l[g.n - 1].sock);
	assert_int_equal(g.l[g.n - 1].port, 5438);
	assert_int_equal(g.r[g.n - 1].proto, PI_UDP);
	assert_int_equal(g.r[g.n - 1].port, 5438);

	/* Once only, though two records would take it. */
	records(&h, "5438", &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.r[0].proto, PI_UDP);
	host_close(&h);
}

static void
test_blocks(void **state)
{
	struct local_sock socks[3];
	struct local_view v;
	struct host_block b;
	struct answer a;
	struct host h;

	(void)state;
	fake_host(&v, socks);
	assert_int_equal(host_open(&h, &v), 0);

	/* A port: one block, a row for each socket. */
	port_answer(&a, "22");
	host_blocks(&h, &a);
	assert_true(host_block_next(&h, &a, &b));
	assert_int_equal(b.lo, 22);
	assert_int_equal(b.hi, 22);
	assert_int_equal(b.privileged, DEG_ALL);
	assert_int_equal(b.ephemeral, DEG_NONE);
	assert_true(b.sockets);
	assert_int_equal(b.nrows, 2);
	assert_string_equal(b.rows[0].protocol, "tcp");
	assert_string_equal(b.rows[0].endpoint, "0.0.0.0:22");
	assert_int_equal(b.rows[0].pid, 812);
	assert_int_equal(b.rows[1].pid, 0);
	assert_false(host_block_next(&h, &a, &b));

	/* A range across the ephemeral ports: partly. */
	port_answer(&a, "30000-40000");
	host_blocks(&h, &a);
	assert_true(host_block_next(&h, &a, &b));
	assert_int_equal(b.ephemeral, DEG_PART);
	assert_int_equal(b.privileged, DEG_NONE);

	/* A name: a block for each port of its records, once. */
	port_answer(&a, "ssh");
	host_blocks(&h, &a);
	assert_true(host_block_next(&h, &a, &b));
	assert_int_equal(b.lo, 22);
	assert_false(host_block_next(&h, &a, &b));

	/* An invalid query: none. */
	port_answer(&a, "99999");
	host_blocks(&h, &a);
	assert_false(host_block_next(&h, &a, &b));
	host_close(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_rest),
		cmocka_unit_test(test_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
