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
 * tcp 0.0.0.0:22 held by sshd (pid 812), tcp [::]:22 held by someone
 * hidden, udp 127.0.0.1:6001 held by pid 4242.
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
	socks[0].pid = 812;
	memcpy(socks[0].comm, "sshd", 5);
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

/* The first record of the answer to text, with what the host has. */
static const struct record_local *
first_record(struct host *h, struct answer *a, const char *text,
    struct record *r)
{
	port_answer(a, text);
	assert_true(answer_next(a, r));
	host_record(h, a, r);
	assert_non_null(r->local);
	return r->local;
}

static void
test_record(void **state)
{
	struct local_sock socks[3];
	struct local_view v;
	struct host h;
	struct answer a;
	struct record r;
	const struct record_local *l;

	(void)state;
	fake_host(&v, socks);
	assert_int_equal(host_open(&h, &v), 0);

	l = first_record(&h, &a, "22/tcp", &r);
	assert_true(l->ports && l->sockets && l->in_use);
	assert_int_equal(l->nendpoints, 2);
	assert_string_equal(l->endpoints[0], "0.0.0.0:22");
	assert_string_equal(l->endpoints[1], "[::]:22");
	assert_true(l->has_owner);
	assert_int_equal(l->pid, 812);
	assert_string_equal(l->command, "sshd");
	assert_true(l->privileged && !l->ephemeral && !l->reserved);

	/* Nothing on udp 22: asked, but no socket and no owner. */
	l = first_record(&h, &a, "22/udp", &r);
	assert_true(l->sockets && !l->in_use && !l->has_owner);
	assert_int_equal(l->nendpoints, 0);

	/* x11's range 6000-6063 is asked about the port of the query. */
	l = first_record(&h, &a, "6001/udp", &r);
	assert_int_equal(r.port, 6000);
	assert_int_equal(l->nendpoints, 1);
	assert_string_equal(l->endpoints[0], "127.0.0.1:6001");
	l = first_record(&h, &a, "6000/udp", &r);
	assert_int_equal(l->nendpoints, 0);

	/* sctp: the ports are known, sockets of it are not looked for. */
	l = first_record(&h, &a, "22/sctp", &r);
	assert_true(l->ports && !l->sockets);

	/* No port, no answer from the host. */
	port_answer(&a, "nosuchservicename");
	assert_true(answer_next(&a, &r));
	host_record(&h, &a, &r);
	assert_false(r.local->ports || r.local->sockets);
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
		cmocka_unit_test(test_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
