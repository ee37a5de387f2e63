/*
 * Who can reach a socket and where a forwarder sends it: the pure
 * functions of expose.c on addresses and command lines, then the local
 * view's sockets, read from a procfs tree of the test's own
 * (tests/data/local/forward, whose net/ is the samples') and, where this
 * is Linux, the test's own sockets seen through the real /proc.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "portinfo.h"
#include "expose.h"
#include "local.h"

#include "holder.h"

#ifndef TEST_DATA
#define TEST_DATA "tests/data"
#endif
#define SAMPLE_ROOT TEST_DATA "/local/proc"
#define FORWARD_ROOT TEST_DATA "/local/forward"

#define NARGS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- Reach ---- */

static const char *
reach_of(const char *text)
{
	unsigned char a[16];
	int v6 = strchr(text, ':') != NULL;

	assert_int_equal(inet_pton(v6 ? AF_INET6 : AF_INET, text, a), 1);
	return expose_reach(v6 ? 6 : 4, a);
}

static void
test_reach(void **state)
{
	static const struct {
		const char *addr;
		const char *want;
	} t[] = {
		{ "127.0.0.1", "loopback" },
		{ "127.0.0.53", "loopback" },
		{ "127.255.255.254", "loopback" },
		{ "0.0.0.0", "any" },
		{ "10.0.0.1", "address" },
		{ "128.0.0.1", "address" },
		{ "126.255.255.255", "address" },
		{ "0.0.0.1", "address" },
		{ "::1", "loopback" },
		{ "::", "any" },
		{ "::2", "address" },
		{ "::100", "address" },
		{ "1::", "address" },
		{ "fe80::1", "address" },
		{ "2001:db8::10", "address" },
		/* IPv4-mapped: as the IPv4 address. */
		{ "::ffff:127.0.0.1", "loopback" },
		{ "::ffff:127.1.2.3", "loopback" },
		{ "::ffff:0.0.0.0", "any" },
		{ "::ffff:192.168.1.10", "address" },
		/* IPv4-compatible (deprecated) is not mapped. */
		{ "::127.0.0.1", "address" },
		{ "::fffe:127.0.0.1", "address" }
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(reach_of(t[i].addr), t[i].want) != 0)
			fail_msg("%s: %s", t[i].addr, reach_of(t[i].addr));
}

static void
test_dual_stack(void **state)
{
	static const unsigned char any[16], one[16] = { [15] = 1 };
	static const unsigned char mapped_any[16] = { [10] = 0xff,
	    [11] = 0xff };

	(void)state;
	assert_int_equal(expose_dual_stack(6, any, 0), 1);
	assert_int_equal(expose_dual_stack(6, any, 1), 0);
	assert_int_equal(expose_dual_stack(6, any, -1), -1);
	/* Only the IPv6 wildcard takes IPv4 too. */
	assert_int_equal(expose_dual_stack(6, one, 0), 0);
	assert_int_equal(expose_dual_stack(6, one, -1), 0);
	assert_int_equal(expose_dual_stack(6, mapped_any, 0), 0);
	assert_int_equal(expose_dual_stack(4, any, 0), 0);
	assert_int_equal(expose_dual_stack(4, any, -1), 0);
}

/* ---- Forwarders' command lines ---- */

/* Where docker-proxy with argv forwards, or NULL: f->to. */
static const char *
forward(const char *const *argv, int argc, struct expose_forward *f)
{
	int rc = expose_forward("docker-proxy", argc, argv, f);

	assert_true(rc == 0 || rc == 1);
	if (rc == 0) {
		assert_int_equal(f->port, 0);
		assert_string_equal(f->to, "");
		return NULL;
	}
	assert_true(f->port >= 1 && f->port <= PI_PORT_MAX);
	return f->to;
}

/* As Docker's daemon starts it. */
static void
test_forward_daemon(void **state)
{
	static const char *const v4[] = { "/usr/bin/docker-proxy", "-proto",
	    "tcp", "-host-ip", "0.0.0.0", "-host-port", "8080",
	    "-container-ip", "172.17.0.2", "-container-port", "80" };
	static const char *const v6[] = { "docker-proxy", "-proto", "udp",
	    "-host-ip", "::", "-host-port", "53", "-container-ip",
	    "fd00:0:0:0::2", "-container-port", "5353", "-use-listen-fd" };
	struct expose_forward f;

	(void)state;
	assert_string_equal(forward(v4, NARGS(v4), &f), "172.17.0.2:80");
	assert_int_equal(f.port, 8080);
	/* The address as inet_ntop writes it. */
	assert_string_equal(forward(v6, NARGS(v6), &f), "[fd00::2]:5353");
	assert_int_equal(f.port, 53);
	assert_true(expose_forwarder("docker-proxy"));
	assert_false(expose_forwarder("docker-proxy2"));
	assert_false(expose_forwarder("docker-prox"));
	assert_false(expose_forwarder("sshd"));
	assert_false(expose_forwarder(""));
	/* Another command with the same arguments forwards nothing. */
	assert_int_equal(expose_forward("sshd", NARGS(v4), v4, &f), 0);
	assert_string_equal(f.to, "");
	assert_int_equal(expose_forward("docker-proxy", 0, v4, &f), 0);
}

/* Go's flag syntax: every form docker-proxy accepts. */
static void
test_forward_syntax(void **state)
{
	static const char *const eq[] = { "p", "--host-port=1",
	    "-container-ip=10.0.0.1", "--container-port", "65535" };
	static const char *const twice[] = { "p", "-host-port", "1",
	    "-container-ip", "10.0.0.1", "-container-port", "1",
	    "-container-ip", "10.0.0.2", "-container-port=2" };
	static const char *const bools[] = { "p", "-use-listen-fd",
	    "--use-listen-fd=false", "-v=false", "-host-port", "1",
	    "-container-ip", "::ffff:10.0.0.1", "-container-port", "9" };
	/* A value is the next argument whatever it holds. */
	static const char *const dash[] = { "p", "-proto", "-host-port",
	    "-host-port", "7", "-container-ip", "10.0.0.1",
	    "-container-port", "8" };
	/* Unknown, but "=" says where its value ends. */
	static const char *const unknown_eq[] = { "p", "-new-flag=x",
	    "-host-port", "1", "-container-ip", "10.0.0.1",
	    "-container-port", "2" };
	struct expose_forward f;

	(void)state;
	assert_string_equal(forward(eq, NARGS(eq), &f), "10.0.0.1:65535");
	assert_int_equal(f.port, 1);
	assert_string_equal(forward(twice, NARGS(twice), &f), "10.0.0.2:2");
	assert_string_equal(forward(bools, NARGS(bools), &f),
	    "[::ffff:10.0.0.1]:9");
	assert_string_equal(forward(dash, NARGS(dash), &f), "10.0.0.1:8");
	assert_int_equal(f.port, 7);
	assert_string_equal(forward(unknown_eq, NARGS(unknown_eq), &f),
	    "10.0.0.1:2");
}

/* Flags end at an operand, "-" or "--": what follows is not read. */
static void
test_forward_end(void **state)
{
	static const char *const ends[] = { "--", "-", "operand", "" };
	const char *argv[] = { "p", "-host-port", "1", "-container-ip",
	    "10.0.0.1", NULL, "-container-port", "2" };
	struct expose_forward f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		argv[5] = ends[i];
		assert_null(forward(argv, NARGS(argv), &f));
	}
	argv[5] = "-use-listen-fd";
	assert_string_equal(forward(argv, NARGS(argv), &f), "10.0.0.1:2");
	/* Past the flags: the end, and what follows, are not read. */
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		const char *const a[] = { "p", "-host-port", "1",
		    "-container-ip", "10.0.0.1", "-container-port", "2",
		    ends[i], "-container-port", "-x" };
		assert_string_equal(forward(a, NARGS(a), &f), "10.0.0.1:2");
	}
	/* A boolean takes no value: "true" is an operand. */
	{
		const char *const b[] = { "p", "-use-listen-fd", "true",
		    "-host-port", "1", "-container-ip", "10.0.0.1",
		    "-container-port", "2" };
		assert_null(forward(b, NARGS(b), &f));
	}
}

/* Set argv[i] to each of bad in turn: none gives a forward. */
static void
each_bad(const char **argv, int argc, int i, const char *const *bad,
    size_t nbad)
{
	struct expose_forward f;
	size_t j;

	for (j = 0; j < nbad; j++) {
		argv[i] = bad[j];
		if (forward(argv, argc, &f) != NULL)
			fail_msg("argv[%d] \"%s\" gave %s", i, bad[j], f.to);
	}
}

/* What docker-proxy would refuse, or what does not say it whole. */
static void
test_forward_bad(void **state)
{
	static const char *const ports[] = { "0", "65536", "080", "+80",
	    "-1", "0x50", "8_0", "", "80 ", " 80", "99999999999999999999" };
	static const char *const ips[] = { "172.17.0.256", "172.17.0",
	    "0172.17.0.2", "fe80::1%eth0", "", "localhost", "::ffff:1.2.3",
	    "1.2.3.4 ", "[::1]" };
	static const char *const flags[] = { "-host-port", "---host-port",
	    "-=1", "--=1", "-unknown", "-Host-port", "-host-port1" };
	const char *argv[] = { "p", "-host-port", "1", "-container-ip",
	    "10.0.0.1", "-container-port", "2" };
	struct expose_forward f;

	(void)state;
	assert_string_equal(forward(argv, NARGS(argv), &f), "10.0.0.1:2");
	each_bad(argv, NARGS(argv), 2, ports, sizeof(ports) / sizeof(*ports));
	argv[2] = "1";
	each_bad(argv, NARGS(argv), 6, ports, sizeof(ports) / sizeof(*ports));
	argv[6] = "2";
	each_bad(argv, NARGS(argv), 4, ips, sizeof(ips) / sizeof(*ips));
	argv[4] = "10.0.0.1";
	each_bad(argv, NARGS(argv), 1, flags + 1,
	    sizeof(flags) / sizeof(*flags) - 1);
	argv[1] = flags[0];
	/* An unknown flag might take the next argument as its value. */
	{
		const char *const u[] = { "p", "-unknown", "-host-port", "1",
		    "-container-ip", "10.0.0.1", "-container-port", "2" };
		assert_null(forward(u, NARGS(u), &f));
		assert_string_equal(forward(u + 1, NARGS(u) - 1, &f),
		    "10.0.0.1:2");
	}
	/* Each of the three missing, or a value missing at the end. */
	assert_null(forward(argv + 2, NARGS(argv) - 2, &f));
	assert_null(forward(argv, NARGS(argv) - 2, &f));
	assert_null(forward(argv, NARGS(argv) - 1, &f));
	argv[3] = "-proto";
	assert_null(forward(argv, NARGS(argv), &f));
}

static void
test_split(void **state)
{
	static const char line[] = "docker-proxy\0-host-port\0\0x";
	const char *argv[4];

	(void)state;
	/* sizeof keeps the string's own NUL: the line ends with one. */
	assert_int_equal(expose_split(line, sizeof(line), argv, 4), 4);
	assert_string_equal(argv[0], "docker-proxy");
	assert_string_equal(argv[1], "-host-port");
	assert_string_equal(argv[2], "");
	assert_string_equal(argv[3], "x");
	assert_int_equal(expose_split(line, sizeof(line), argv, 3), -1);
	/* The last argument cut short, or nothing. */
	assert_int_equal(expose_split(line, sizeof(line) - 1, argv, 4), -1);
	assert_int_equal(expose_split(line, 0, argv, 4), -1);
	assert_int_equal(expose_split("", 1, argv, 4), 1);
	assert_string_equal(argv[0], "");
}

/* ---- The local view ---- */

static const struct local_sock *
find(struct local_view *v, unsigned port, unsigned proto,
    unsigned long long inode)
{
	const struct local_sock *s;
	struct local_iter it;

	local_iter_init(&it, v, port, port, proto);
	while ((s = local_iter_next(&it)) != NULL)
		if (s->inode == inode)
			return s;
	fail_msg("no socket %llu on %u/%s", inode, port, pi_proto_name(proto));
	return NULL;
}

static const char *
reach(const struct local_sock *s)
{
	return expose_reach(s->family, s->addr);
}

static void
expect_peer(const struct local_sock *s, const char *addr, unsigned port)
{
	char buf[INET6_ADDRSTRLEN];

	assert_non_null(inet_ntop(s->family == 4 ? AF_INET : AF_INET6,
	    s->peer, buf, sizeof(buf)));
	assert_string_equal(buf, addr);
	assert_int_equal(s->peer_port, port);
}

/* The sample's little-endian addresses read right on this machine. */
static int
little_endian(void)
{
	uint32_t x = 1;
	unsigned char c;

	memcpy(&c, &x, 1);
	return c == 1;
}

/* The sample's sockets through /proc/net's text. */
static void
test_sample_sockets(void **state)
{
	const struct local_sock *s;
	struct local_view v;

	(void)state;
	if (local_view_open(&v, SAMPLE_ROOT, PI_TCP | PI_UDP,
	    LOCAL_SOCKETS) == -1) {
		assert_int_equal(errno, ENOTSUP);
		skip();
	}
	if (!little_endian()) {
		local_view_close(&v);
		skip();
	}
	s = find(&v, 22, PI_TCP, 18233);
	assert_string_equal(reach(s), "any");
	assert_int_equal(s->v6only, 0);
	expect_peer(s, "0.0.0.0", 0);
	s = find(&v, 22, PI_TCP, 40390);
	assert_string_equal(reach(s), "address");
	expect_peer(s, "192.168.1.5", 54178);
	assert_string_equal(reach(find(&v, 5432, PI_TCP, 21907)), "loopback");
	assert_string_equal(reach(find(&v, 53, PI_UDP, 19877)), "loopback");
	/* IPv6: the text does not say whether IPV6_V6ONLY is set. */
	s = find(&v, 22, PI_TCP, 18235);
	assert_string_equal(reach(s), "any");
	assert_int_equal(s->v6only, -1);
	assert_int_equal(expose_dual_stack(s->family, s->addr, s->v6only), -1);
	assert_string_equal(reach(find(&v, 9090, PI_TCP, 40377)), "loopback");
	assert_string_equal(reach(find(&v, 6379, PI_TCP, 30117)), "loopback");
	s = find(&v, 9090, PI_TCP, 40380);
	assert_string_equal(reach(s), "address");
	expect_peer(s, "::ffff:192.168.1.5", 57586);
	assert_string_equal(reach(find(&v, 443, PI_TCP, 29001)), "address");
	local_view_close(&v);
}

/* Where each socket of the sample's forwarders goes, as what asks. */
static void
forwards(unsigned what)
{
	const struct local_sock *s;
	struct local_view v;

	if (local_view_open(&v, FORWARD_ROOT, PI_TCP | PI_UDP, what) == -1) {
		assert_int_equal(errno, ENOTSUP);
		skip();
	}
	s = find(&v, 3000, PI_TCP, 40533);
	assert_int_equal(holder_pid(s), 100);
	assert_string_equal(holder_comm(s), "docker-proxy");
	assert_string_equal(local_sock_forward(&v, s), "172.17.0.2:80");
	/* Its connections elsewhere are not what it forwards. */
	if (what & LOCAL_SOCKETS) {
		s = find(&v, 8080, PI_TCP, 40412);
		assert_int_equal(holder_pid(s), 100);
		assert_null(local_sock_forward(&v, s));
	}
	s = find(&v, 443, PI_TCP, 29001);
	assert_int_equal(holder_pid(s), 101);
	assert_string_equal(local_sock_forward(&v, s), "[fd00::2]:8443");
	/* A command line past the bound is not read in part. */
	s = find(&v, 5432, PI_TCP, 21907);
	assert_int_equal(holder_pid(s), 102);
	assert_null(local_sock_forward(&v, s));
	/* Not a forwarder: its command line is not read. */
	s = find(&v, 22, PI_TCP, 18233);
	assert_int_equal(holder_pid(s), 103);
	assert_null(local_sock_forward(&v, s));
	/* No owner, no forward. */
	s = find(&v, 22, PI_TCP, 18235);
	assert_int_equal(s->nowners, 0);
	assert_null(local_sock_forward(&v, s));
	assert_int_equal(v.err, 0);
	assert_int_equal(v.nfwd, 2);
	local_view_close(&v);
}

static void
test_forward_view(void **state)
{
	(void)state;
	forwards(LOCAL_SOCKETS | LOCAL_OWNERS);
	forwards(LOCAL_LISTENING | LOCAL_OWNERS);
}

/* ---- The test's own sockets, through the real /proc ---- */

struct own {
	int fd;
	unsigned port;
	unsigned long long inode;
};

/*
 * A socket of type on addr (family from the text), with IPV6_V6ONLY set
 * to v6only unless it is -1, listening if TCP.  0 if the host cannot
 * bind there (no IPv6).
 */
static int
own_socket(struct own *o, int type, const char *addr, int v6only)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	int af = strchr(addr, ':') != NULL ? AF_INET6 : AF_INET;
	socklen_t len = af == AF_INET ? sizeof(*sin) : sizeof(*sin6);
	struct stat st;

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)af;
	assert_int_equal(inet_pton(af, addr, af == AF_INET ?
	    (void *)&sin->sin_addr : (void *)&sin6->sin6_addr), 1);
	if ((o->fd = socket(af, type, 0)) == -1)
		return 0;
	if (v6only != -1)
		assert_int_equal(setsockopt(o->fd, IPPROTO_IPV6, IPV6_V6ONLY,
		    &v6only, sizeof(v6only)), 0);
	if (bind(o->fd, (struct sockaddr *)&ss, len) == -1) {
		close(o->fd);
		return 0;
	}
	if (type == SOCK_STREAM)
		assert_int_equal(listen(o->fd, 1), 0);
	assert_int_equal(getsockname(o->fd, (struct sockaddr *)&ss, &len), 0);
	o->port = ntohs(af == AF_INET ? sin->sin_port : sin6->sin6_port);
	assert_int_equal(fstat(o->fd, &st), 0);
	o->inode = (unsigned long long)st.st_ino;
	return 1;
}

/* The reach and v6only the view says of o, and whether it is there. */
static void
expect_own(struct local_view *v, const struct own *o, unsigned proto,
    const char *want, int v6only)
{
	const struct local_sock *s = find(v, o->port, proto, o->inode);

	assert_string_equal(reach(s), want);
	assert_int_equal(s->v6only, v6only);
	assert_int_equal(holder_pid(s), getpid());
}

static void
test_real_exposure(void **state)
{
	static const struct {
		int type;
		const char *addr;
		int set, v6only;	/* IPV6_V6ONLY set, and as read */
		const char *reach;
	} t[] = {
		{ SOCK_STREAM, "127.0.0.1", -1, 0, "loopback" },
		{ SOCK_STREAM, "0.0.0.0", -1, 0, "any" },
		{ SOCK_DGRAM, "127.0.0.1", -1, 0, "loopback" },
		{ SOCK_STREAM, "::1", -1, 1, "loopback" },
		{ SOCK_STREAM, "::", 1, 1, "any" },
		{ SOCK_STREAM, "::", 0, 0, "any" },
		{ SOCK_DGRAM, "::", 0, 0, "any" },
		{ SOCK_DGRAM, "::", 1, 1, "any" },
		{ SOCK_DGRAM, "::ffff:127.0.0.1", 0, 0, "loopback" }
	};
	struct own o[sizeof(t) / sizeof(t[0])];
	struct local_view v;
	size_t i;
	int have[sizeof(t) / sizeof(t[0])];

	(void)state;
	if (local_view_open(&v, LOCAL_PROC, PI_TCP, LOCAL_SETTINGS) == -1) {
		assert_int_equal(errno, ENOTSUP);
		skip();
	}
	local_view_close(&v);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		have[i] = own_socket(&o[i], t[i].type, t[i].addr, t[i].set);
	assert_true(have[0] && have[1] && have[2]);
	assert_int_equal(local_view_open(&v, LOCAL_PROC, PI_TCP | PI_UDP,
	    LOCAL_LISTENING | LOCAL_OWNERS), 0);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (!have[i])
			continue;
		expect_own(&v, &o[i], t[i].type == SOCK_STREAM ? PI_TCP :
		    PI_UDP, t[i].reach, t[i].v6only);
		close(o[i].fd);
	}
	local_view_close(&v);
}

/* A connected pair: each end's peer is the other. */
static void
test_real_peer(void **state)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	const struct local_sock *s;
	struct local_view v;
	struct own l, c;
	struct stat st;
	int a;

	(void)state;
	if (local_view_open(&v, LOCAL_PROC, PI_TCP, LOCAL_SETTINGS) == -1) {
		assert_int_equal(errno, ENOTSUP);
		skip();
	}
	local_view_close(&v);
	assert_true(own_socket(&l, SOCK_STREAM, "127.0.0.1", -1));
	assert_true((c.fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(getsockname(l.fd, (struct sockaddr *)&sin, &len), 0);
	assert_int_equal(connect(c.fd, (struct sockaddr *)&sin, len), 0);
	assert_true((a = accept(l.fd, NULL, NULL)) >= 0);
	assert_int_equal(getsockname(c.fd, (struct sockaddr *)&sin, &len), 0);
	c.port = ntohs(sin.sin_port);
	assert_int_equal(fstat(c.fd, &st), 0);
	c.inode = (unsigned long long)st.st_ino;
	assert_int_equal(local_view_open(&v, LOCAL_PROC, PI_TCP,
	    LOCAL_SOCKETS), 0);
	s = find(&v, c.port, PI_TCP, c.inode);
	assert_int_equal(s->state, LOCAL_ESTABLISHED);
	expect_peer(s, "127.0.0.1", l.port);
	assert_int_equal(fstat(a, &st), 0);
	s = find(&v, l.port, PI_TCP, (unsigned long long)st.st_ino);
	expect_peer(s, "127.0.0.1", c.port);
	assert_string_equal(reach(s), "loopback");
	/* The listener, not connected, has none. */
	expect_peer(find(&v, l.port, PI_TCP, l.inode), "0.0.0.0", 0);
	local_view_close(&v);
	close(a);
	close(c.fd);
	close(l.fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reach),
		cmocka_unit_test(test_dual_stack),
		cmocka_unit_test(test_forward_daemon),
		cmocka_unit_test(test_forward_syntax),
		cmocka_unit_test(test_forward_end),
		cmocka_unit_test(test_forward_bad),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_sample_sockets),
		cmocka_unit_test(test_forward_view),
		cmocka_unit_test(test_real_exposure),
		cmocka_unit_test(test_real_peer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
