/*
 * The local view: /proc/net parsing on captured samples, the settings
 * files, owners found in a procfs tree built for the test, and, where
 * this is Linux, the test's own sockets seen through the real /proc.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "local.h"
#include "procnet.h"

#include "holder.h"

#ifndef TEST_DATA
#define TEST_DATA "tests/data"
#endif
#define LOCAL_DATA TEST_DATA "/local"
#define SAMPLE_ROOT LOCAL_DATA "/proc"

#define PATHLEN 4096

/* A listening socket of the tcp sample, as the kernel printed it. */
static const char line_v4[] =
    "   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000  1000        0 40211 1 00000000331814a5 100 0 0 10 0";
static const char line_mapped[] =
    "   2: 0000000000000000FFFF00000100007F:2382 "
    "00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000  1000        0 40377 1 00000000ef5d20cf 100 0 0 "
    "10 0";

/*
 * The samples were captured on a little-endian machine, and the kernel
 * prints addresses in the byte order of the machine it runs on.
 */
static int
little_endian(void)
{
	uint32_t x = 1;
	unsigned char c;

	memcpy(&c, &x, 1);
	return c == 1;
}

static void
expect_addr(const struct local_sock *s, const char *want)
{
	char buf[INET6_ADDRSTRLEN];

	if (!little_endian())
		return;
	assert_non_null(inet_ntop(s->family == 4 ? AF_INET : AF_INET6,
	    s->addr, buf, sizeof(buf)));
	assert_string_equal(buf, want);
}

static int
parse(const char *line, unsigned proto, unsigned family, struct local_sock *s)
{
	return procnet_parse_line(line, strlen(line), proto, family, s);
}

/* Appends a copy of *s to l, as the view does. */
static int
add_sock(struct local_socks *l, const struct local_sock *s)
{
	struct local_sock *v;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		assert_non_null(v = realloc(l->v, l->cap * sizeof(*v)));
		l->v = v;
	}
	l->v[l->n++] = *s;
	return 0;
}

static void
free_socks(struct local_socks *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The settings of the procfs at root (LOCAL_PROC if NULL), in *h. */
static int
open_host(struct local_host *h, const char *root)
{
	struct local_view v;
	int rc;

	rc = local_view_open(&v, root ? root : LOCAL_PROC, 0,
	    LOCAL_SETTINGS);
	*h = v.host;
	return rc;
}

static void
close_host(struct local_host *h)
{
	if (h->procfd != -1)
		close(h->procfd);
	h->procfd = -1;
}

static int
is_ephemeral(const struct local_host *h, unsigned port)
{
	return port >= h->eph_lo && port <= h->eph_hi;
}

static int
is_reserved(const struct local_host *h, unsigned port)
{
	return local_portset_has(&h->reserved, port);
}

static void
test_parse_v4(void **state)
{
	struct local_sock s;

	(void)state;
	assert_true(parse(line_v4, PI_TCP, 4, &s));
	assert_int_equal(s.proto, PI_TCP);
	assert_int_equal(s.family, 4);
	assert_int_equal(s.port, 8080);
	assert_int_equal(s.state, LOCAL_LISTEN);
	assert_int_equal(s.uid, 1000);
	assert_int_equal(s.inode, 40211);
	assert_int_equal(s.nowners, 0);
	assert_null(s.owners);
	assert_true(local_sock_listening(&s));
	assert_string_equal(local_state_name(&s), "listen");
	expect_addr(&s, "127.0.0.1");
}

static void
test_parse_v6(void **state)
{
	struct local_sock s;

	(void)state;
	assert_true(parse(line_mapped, PI_TCP, 6, &s));
	assert_int_equal(s.family, 6);
	assert_int_equal(s.port, 9090);
	assert_int_equal(s.inode, 40377);
	expect_addr(&s, "::ffff:127.0.0.1");
	/* The width of the address must match the family. */
	assert_false(parse(line_mapped, PI_TCP, 4, &s));
	assert_false(parse(line_v4, PI_TCP, 6, &s));
}

/* Any line cut before its inode column is complete is rejected. */
static void
test_parse_prefixes(void **state)
{
	const char *inode = strstr(line_v4, " 40211 ");
	size_t n, need = (size_t)(inode - line_v4) + 2;
	struct local_sock s;

	(void)state;
	for (n = 0; n < need; n++)
		assert_false(procnet_parse_line(line_v4, n, PI_TCP, 4, &s));
	assert_true(procnet_parse_line(line_v4, need + 4, PI_TCP, 4, &s));
	assert_int_equal(s.inode, 40211);
}

static void
test_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"",
		"  sl  local_address rem_address   st tx_queue rx_queue",
		/* a column too wide, too narrow or not hex */
		"   2: 0100007F:1F900 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  1000        0 40211 1",
		"   2: 0100007F:1F90 00000000:0000 A 00000000:00000000 "
		"00:00000000 00000000  1000        0 40211 1",
		"   2: 0100007F:1F90 00000000:0000 0A 00000000:0000000g "
		"00:00000000 00000000  1000        0 40211 1",
		"   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000000000000 00000000  1000        0 40211 1",
		/* numbers out of range or signed where they may not be */
		"   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  4294967296        0 40211 1",
		"   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  1000        0 18446744073709551616 1",
		"   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  1000        0 -40211 1",
		"   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  1000        0 +40211 1",
		"  -2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  1000        0 40211 1",
		/* separators missing or doubled */
		"   2:0100007F:1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  1000        0 40211 1",
		"   2: 0100007F::1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  1000        0 40211 1",
		"   2: 0100007F:1F90 00000000:0000 0A 00000000 00000000 "
		"00:00000000 00000000  1000        0 40211 1",
		/* a control character inside a column */
		"   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000  1000        0 402\03311 1",
	};
	struct local_sock s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], PI_TCP, 4, &s))
			fail_msg("accepted: %s", bad[i]);
	}
	/* The largest values that fit are taken. */
	assert_true(parse("   2: 0100007F:FFFF 00000000:0000 0A "
	    "00000000:00000000 00:00000000 00000000 4294967295 0 "
	    "18446744073709551615 1", PI_TCP, 4, &s));
	assert_int_equal(s.port, 65535);
	assert_int_equal(s.uid, 4294967295UL);
	assert_true(s.inode == 18446744073709551615ULL);
}

/* A NUL anywhere in the line makes it malformed, never shorter. */
static void
test_parse_nul(void **state)
{
	char buf[sizeof(line_v4)];
	struct local_sock s;
	size_t i, len = sizeof(line_v4) - 1;

	(void)state;
	for (i = 0; i < len; i++) {
		memcpy(buf, line_v4, len);
		buf[i] = '\0';
		assert_false(procnet_parse_line(buf, len, PI_TCP, 4, &s));
	}
}

static void
test_holds_and_states(void **state)
{
	struct local_sock s;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.proto = PI_TCP;
	s.port = 22;
	s.state = LOCAL_ESTABLISHED;
	assert_false(local_sock_listening(&s));
	assert_string_equal(local_state_name(&s), "estab");
	s.state = 6;
	assert_string_equal(local_state_name(&s), "time-wait");
	s.state = 0xff;
	assert_string_equal(local_state_name(&s), "unknown");
	s.state = LOCAL_LISTEN;
	assert_true(local_sock_listening(&s));
	s.proto = PI_UDP;
	s.state = LOCAL_CLOSE;
	assert_true(local_sock_listening(&s));
	assert_string_equal(local_state_name(&s), "unconn");
	/* A connected udp socket does not listen, as ss -l has it. */
	s.state = LOCAL_ESTABLISHED;
	assert_false(local_sock_listening(&s));
	s.state = LOCAL_CLOSE;
	s.port = 0;
	assert_false(local_sock_listening(&s));
}

static FILE *
open_data(const char *path)
{
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	return fp;
}

/* Reads every socket of a file; returns how many. */
static size_t
read_all(const char *path, unsigned proto, unsigned family,
    struct local_socks *l)
{
	struct local_sock s;
	FILE *fp = open_data(path);
	int rc;

	l->n = 0;
	while ((rc = procnet_read(fp, proto, family, &s)) == 1)
		assert_int_equal(add_sock(l, &s), 0);
	assert_int_equal(rc, 0);
	/* At the end it stays at the end. */
	assert_int_equal(procnet_read(fp, proto, family, &s), 0);
	fclose(fp);
	return l->n;
}

static void
test_reader_samples(void **state)
{
	struct local_socks l;

	(void)state;
	memset(&l, 0, sizeof(l));

	assert_int_equal(read_all(SAMPLE_ROOT "/net/tcp", PI_TCP, 4, &l), 7);
	assert_int_equal(l.v[0].port, 22);
	expect_addr(&l.v[0], "0.0.0.0");
	expect_addr(&l.v[3], "192.168.1.10");
	assert_int_equal(l.v[3].state, LOCAL_ESTABLISHED);
	/* The time-wait socket belongs to no file. */
	assert_int_equal(l.v[4].state, 6);
	assert_int_equal(l.v[4].inode, 0);

	/* The last line of the tcp6 sample has an IPv4-wide address. */
	assert_int_equal(read_all(SAMPLE_ROOT "/net/tcp6", PI_TCP, 6, &l), 7);
	expect_addr(&l.v[0], "::");
	expect_addr(&l.v[1], "::1");
	expect_addr(&l.v[2], "::ffff:127.0.0.1");
	expect_addr(&l.v[3], "2001:db8::10");
	expect_addr(&l.v[4], "fe80::1");
	expect_addr(&l.v[6], "::ffff:192.168.1.10");
	assert_int_equal(l.v[3].uid, 33);

	assert_int_equal(read_all(SAMPLE_ROOT "/net/udp", PI_UDP, 4, &l), 5);
	assert_int_equal(l.v[0].port, 5353);
	assert_int_equal(l.v[0].state, LOCAL_CLOSE);
	expect_addr(&l.v[2], "127.0.0.53");
	assert_int_equal(l.v[2].port, 53);
	/* Not bound to a port: holds nothing. */
	assert_false(local_sock_listening(&l.v[4]));
	/* Connected: bound, but not listening. */
	assert_false(local_sock_listening(&l.v[1]));

	assert_int_equal(read_all(SAMPLE_ROOT "/net/udp6", PI_UDP, 6, &l), 3);
	expect_addr(&l.v[1], "::ffff:127.0.0.1");
	assert_int_equal(l.v[1].port, 1900);
	free_socks(&l);
}

/* Every kind of damage is skipped, and reading goes on past it. */
static void
test_reader_malformed(void **state)
{
	struct local_socks l;

	(void)state;
	memset(&l, 0, sizeof(l));
	/* Past 13 damaged lines, a foreign one, an empty one, a cut-off
	   last. */
	assert_int_equal(read_all(LOCAL_DATA "/tcp-malformed", PI_TCP, 4, &l),
	    2);
	assert_int_equal(l.v[0].inode, 40211);
	assert_int_equal(l.v[1].inode, 40299);
	free_socks(&l);
}

static void
test_reader_long_and_nul(void **state)
{
	size_t pad = 5 * PROCNET_LINE_MAX, len1 = strlen(line_v4), size, n = 0;
	char *buf;
	struct local_sock s;
	FILE *fp;

	(void)state;
	/* An over-long line that starts like a good one, then a good one. */
	size = len1 + pad + 1 + len1 + 1 + len1 + 1;
	assert_non_null(buf = malloc(size));
	memcpy(buf + n, line_v4, len1);
	n += len1;
	memset(buf + n, ' ', pad);
	n += pad;
	buf[n++] = '\n';
	/* A NUL inside a line, then a good line. */
	memcpy(buf + n, line_v4, len1);
	buf[n + 10] = '\0';
	n += len1;
	buf[n++] = '\n';
	memcpy(buf + n, line_v4, len1);
	n += len1;
	buf[n++] = '\n';
	assert_int_equal(n, size);

	assert_non_null(fp = fmemopen(buf, size, "r"));
	/* The third line, the one good one. */
	assert_int_equal(procnet_read(fp, PI_TCP, 4, &s), 1);
	assert_int_equal(s.inode, 40211);
	assert_int_equal(procnet_read(fp, PI_TCP, 4, &s), 0);
	fclose(fp);
	free(buf);
}

static int
range_of(const char *s, unsigned *lo, unsigned *hi)
{
	return procnet_parse_range(s, strlen(s), lo, hi);
}

static int
port_of(const char *s, unsigned *port)
{
	return procnet_parse_range(s, strlen(s), port, NULL);
}

static void
test_settings(void **state)
{
	static const char *const bad_ranges[] = {
		"60999 32768\n", "32768\n", "32768 60999 1\n", "-1 5\n",
		"65536 65537\n", " \n", "32768\t60999\n\n", "0x10 20\n",
		"32768-60999\n", "32768 60999x\n", "1 2\r\n",
		/* longer than any such file, though well-formed */
		("                                                          "
		"                   1 2\n"),
	};
	static const char *const bad_ports[] = {
		"65536\n", " 1024\n", "1024 \n", "abc\n", "\n", "+1\n",
		"1024\n\n", "0000000000001\n",
	};
	unsigned lo, hi, port;
	size_t i;

	(void)state;
	assert_int_equal(range_of("32768\t60999\n", &lo, &hi), 0);
	assert_int_equal(lo, 32768);
	assert_int_equal(hi, 60999);
	assert_int_equal(range_of("1024 65535", &lo, &hi), 0);
	assert_int_equal(hi, 65535);
	assert_int_equal(range_of("5000  5000\n", &lo, &hi), 0);
	assert_int_equal(lo, hi);
	for (i = 0; i < sizeof(bad_ranges) / sizeof(bad_ranges[0]); i++) {
		errno = 0;
		if (range_of(bad_ranges[i], &lo, &hi) != -1 || errno != EINVAL)
			fail_msg("range accepted: %s", bad_ranges[i]);
	}
	assert_int_equal(port_of("1024\n", &port), 0);
	assert_int_equal(port, 1024);
	assert_int_equal(port_of("0", &port), 0);
	assert_int_equal(port, 0);
	assert_int_equal(port_of("65535\n", &port), 0);
	assert_int_equal(port, 65535);
	for (i = 0; i < sizeof(bad_ports) / sizeof(bad_ports[0]); i++) {
		errno = 0;
		if (port_of(bad_ports[i], &port) != -1 || errno != EINVAL)
			fail_msg("port accepted: %s", bad_ports[i]);
	}
}

static int
reserved_of(const char *s, size_t len, struct local_portset *set)
{
	return procnet_parse_reserved(s, len, set);
}

static unsigned long
count_ports(const struct local_portset *set)
{
	unsigned long p, n = 0;

	for (p = 0; p <= PI_PORT_MAX; p++)
		n += local_portset_has(set, (unsigned)p);
	return n;
}

/*
 * A list of 21846 items, far longer than any read buffer: "0-1,3-4,...,
 * 65532-65533,65535\n", every port but those of the form 3k + 2.
 */
static char *
long_list(size_t *len)
{
	size_t size = 4 * (size_t)LOCAL_PORTS, n = 0;
	char *buf;
	unsigned p;
	int w;

	assert_non_null(buf = malloc(size));
	for (p = 0; p < PI_PORT_MAX; p += 3) {
		w = snprintf(buf + n, size - n, "%u-%u,", p, p + 1);
		assert_true(w > 0 && (size_t)w < size - n);
		n += (size_t)w;
	}
	w = snprintf(buf + n, size - n, "%u\n", PI_PORT_MAX);
	assert_true(w > 0 && (size_t)w < size - n);
	*len = n + (size_t)w;
	return buf;
}

static void
expect_long_list(const struct local_portset *set)
{
	unsigned long p;

	for (p = 0; p <= PI_PORT_MAX; p++)
		if (local_portset_has(set, (unsigned)p) != (p % 3 != 2))
			fail_msg("port %lu", p);
	assert_int_equal(count_ports(set), 43691);
}

/* A port set takes the ports of the port space and nothing past them. */
static void
test_portset_bounds(void **state)
{
	struct {
		struct local_portset set;
		unsigned char after[16];
	} g;
	unsigned p;

	(void)state;
	memset(&g, 0, sizeof(g));
	local_portset_add(&g.set, 0);
	local_portset_add(&g.set, PI_PORT_MAX);
	for (p = PI_PORT_MAX + 1; p < PI_PORT_MAX + 1 + 8 * 16; p++)
		local_portset_add(&g.set, p);
	local_portset_add(&g.set, UINT_MAX);
	assert_true(local_portset_has(&g.set, 0));
	assert_true(local_portset_has(&g.set, PI_PORT_MAX));
	assert_int_equal(count_ports(&g.set), 2);
	for (p = 0; p < sizeof(g.after); p++)
		assert_int_equal(g.after[p], 0);
}

static void
test_reserved(void **state)
{
	static const char *const bad[] = {
		/* no newline, or more than one */
		"", "8080", "8080,9148", "\n\n", "8080\n\n", "8080\n9148\n",
		/* blanks, signs, hex, other separators */
		" 8080\n", "8080 \n", "8080, 9148\n", "+8080\n", "-8080\n",
		"0x50\n", "1f\n", "80;81\n", "80 81\n", "80\r\n", "80x\n",
		/* empty items */
		",\n", ",8080\n", "8080,\n", "8080,,9148\n", "80-81,\n",
		/* ranges cut, doubled or turned round */
		"8080-\n", "-\n", "-8080\n", "8080--9000\n", "1-2-3\n",
		"9149-9148\n",
		/* out of range, or too many digits for a port */
		"65536\n", "0-65536\n", "99999\n", "000080\n",
		"1234567890123456789012345678901234567890\n",
		/* not in ascending order, or overlapping */
		"9148,8080\n", "80,80\n", "1-5,5\n", "1-5,3-4\n", "1-5,0\n",
	};
	struct local_portset set;
	char *list;
	size_t i, len;

	(void)state;
	assert_int_equal(reserved_of("\n", 1, &set), 0);
	assert_int_equal(count_ports(&set), 0);
	assert_int_equal(reserved_of("8080\n", 5, &set), 0);
	assert_true(local_portset_has(&set, 8080));
	assert_int_equal(count_ports(&set), 1);
	assert_int_equal(reserved_of("8080,9148-9149\n", 15, &set), 0);
	assert_false(local_portset_has(&set, 9147));
	assert_true(local_portset_has(&set, 9148));
	assert_true(local_portset_has(&set, 9149));
	assert_false(local_portset_has(&set, 9150));
	assert_int_equal(count_ports(&set), 3);
	/* The ends of the port space, and nothing past them. */
	assert_int_equal(reserved_of("0,65535\n", 8, &set), 0);
	assert_true(local_portset_has(&set, 0));
	assert_true(local_portset_has(&set, 65535));
	assert_false(local_portset_has(&set, 65536));
	assert_int_equal(count_ports(&set), 2);
	assert_int_equal(reserved_of("0-65535\n", 8, &set), 0);
	assert_int_equal(count_ports(&set), 65536);
	/* Items that touch; leading zeros within five digits. */
	assert_int_equal(reserved_of("1,2-3,4\n", 8, &set), 0);
	assert_int_equal(count_ports(&set), 4);
	assert_int_equal(reserved_of("00080\n", 6, &set), 0);
	assert_true(local_portset_has(&set, 80));
	list = long_list(&len);
	assert_true(len > 200000);
	assert_int_equal(reserved_of(list, len, &set), 0);
	expect_long_list(&set);
	/* Cut anywhere short, the same list fails. */
	for (i = 1; i < len; i += len / 7 + 1) {
		errno = 0;
		assert_int_equal(reserved_of(list, i, &set), -1);
		assert_int_equal(errno, EINVAL);
	}
	free(list);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		if (reserved_of(bad[i], strlen(bad[i]), &set) != -1 ||
		    errno != EINVAL)
			fail_msg("reserved ports accepted: %s", bad[i]);
		/* What was read before the damage is not kept. */
		assert_int_equal(count_ports(&set), 0);
	}
	/* A NUL is a byte like any other, never an end. */
	errno = 0;
	assert_int_equal(reserved_of("80\0\n", 4, &set), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(reserved_of("8\0" "0\n", 4, &set), -1);
	assert_int_equal(reserved_of("80\n\0", 4, &set), -1);
}

static size_t
count_iter(struct local_view *v, unsigned lo, unsigned hi, unsigned protos)
{
	struct local_iter it;
	size_t n = 0;

	local_iter_init(&it, v, lo, hi, protos);
	while (local_iter_next(&it) != NULL)
		n++;
	return n;
}

static void
test_iter(void **state)
{
	struct local_view v;
	struct local_sock s;
	unsigned i;

	(void)state;
	memset(&v, 0, sizeof(v));
	memset(&s, 0, sizeof(s));
	assert_int_equal(count_iter(&v, 0, 65535, PI_TCP), 0);
	/* Ports 0, 2, 4, ..., each twice, tcp then udp. */
	for (i = 0; i < 2000; i++) {
		s.port = i / 2 * 2;
		s.proto = i % 2 ? PI_UDP : PI_TCP;
		s.inode = i;
		assert_int_equal(add_sock(&v.socks, &s), 0);
	}
	assert_int_equal(count_iter(&v, 0, 0, PI_TCP | PI_UDP), 2);
	assert_int_equal(count_iter(&v, 1000, 1000, PI_UDP), 1);
	assert_int_equal(count_iter(&v, 1001, 1001, PI_TCP | PI_UDP), 0);
	assert_int_equal(count_iter(&v, 1998, 65535, PI_TCP | PI_UDP), 2);
	assert_int_equal(count_iter(&v, 0, 65535, PI_TCP), 1000);
	assert_int_equal(count_iter(&v, 10, 2, PI_TCP | PI_UDP), 0);
	assert_int_equal(count_iter(&v, 0, 65535, PI_SCTP), 0);
	free_socks(&v.socks);
}

/* ---- A procfs tree of the test's own ---- */

static char root[PATHLEN];

static void
path_in(char *buf, const char *fmt, ...)
{
	char rel[PATHLEN];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(rel));
	n = snprintf(buf, PATHLEN, "%s/%s", root, rel);
	assert_true(n >= 0 && n < PATHLEN);
}

static void
make_dir(const char *rel)
{
	char p[PATHLEN];

	path_in(p, "%s", rel);
	if (mkdir(p, 0755) == -1)
		fail_msg("mkdir %s: %s", p, strerror(errno));
}

static void
make_link(const char *target, const char *rel)
{
	char p[PATHLEN];

	path_in(p, "%s", rel);
	if (symlink(target, p) == -1)
		fail_msg("symlink %s: %s", p, strerror(errno));
}

static void
make_file(const char *rel, const char *content)
{
	char p[PATHLEN];
	FILE *fp;

	path_in(p, "%s", rel);
	assert_non_null(fp = fopen(p, "w"));
	assert_int_equal(fputs(content, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* A process: its command name and the targets of its open files. */
static void
make_process(const char *pid, const char *comm, const char *const *fds)
{
	char rel[PATHLEN];
	size_t i;

	make_dir(pid);
	if (comm != NULL) {
		snprintf(rel, sizeof(rel), "%s/comm", pid);
		make_file(rel, comm);
	}
	if (fds == NULL)
		return;
	snprintf(rel, sizeof(rel), "%s/fd", pid);
	make_dir(rel);
	for (i = 0; fds[i] != NULL; i++) {
		snprintf(rel, sizeof(rel), "%s/fd/%zu", pid, i);
		make_link(fds[i], rel);
	}
}

static void
remove_tree(const char *path)
{
	char sub[PATHLEN];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int n;

	if (lstat(path, &st) == -1)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700);
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			n = snprintf(sub, sizeof(sub), "%s/%s", path,
			    de->d_name);
			if (n > 0 && (size_t)n < sizeof(sub))
				remove_tree(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/*
 * A root whose net/ and sys/ are the samples', with processes that hold
 * some of the sample's sockets in every way a real /proc can show them.
 */
static int
setup_root(void **state)
{
	static const char *const sshd[] = { "/dev/null", "socket:[18233]",
	    "socket:[18235]", "pipe:[123]", "socket:[18233", "socket:[0]",
	    "socket:[99999999]", NULL };
	static const char *const postgres[] = { "socket:[21907]", NULL };
	static const char *const node[] = { "anon_inode:[eventpoll]",
	    "socket:[40533]", "socket:[40211]", NULL };
	static const char *const mapped[] = { "socket:[40377]", NULL };
	static const char *const hidden[] = { "socket:[30117]", NULL };
	static const char *const evil[] = { "socket:[29001]", NULL };
	char real[PATHLEN], cwd[PATHLEN], p[PATHLEN];
	int n;

	(void)state;
	/* The links need an absolute target. */
	if (SAMPLE_ROOT[0] == '/')
		n = snprintf(real, sizeof(real), "%s", SAMPLE_ROOT);
	else {
		assert_non_null(getcwd(cwd, sizeof(cwd)));
		n = snprintf(real, sizeof(real), "%s/%s", cwd, SAMPLE_ROOT);
	}
	assert_true(n > 0 && (size_t)n < sizeof(real) - sizeof("/net"));
	snprintf(root, sizeof(root), "%s", "/tmp/test_local.XXXXXX");
	assert_non_null(mkdtemp(root));
	assert_true(snprintf(p, sizeof(p), "%s/net", real) > 0);
	make_link(p, "net");
	assert_true(snprintf(p, sizeof(p), "%s/sys", real) > 0);
	make_link(p, "sys");
	make_link("4242", "self");

	make_process("1", "sshd\n", sshd);
	/* A child holds its parent's socket; the parent is named. */
	make_process("701", "postgres\n", postgres);
	make_process("700", "postgres\n", postgres);
	make_process("4242", "node\n", node);
	/* A name longer than the kernel allows is dropped, not cut. */
	make_process("5000", "a-name-much-longer-than-any-the-kernel-would-"
	    "keep-for-a-task-at-all\n", mapped);
	/* Gone between the listing and the look. */
	make_process("6000", NULL, NULL);
	make_process("6001", "x\n", NULL);
	make_file("6001/fd", "not a directory");
	make_process("7000", "redis-server\n", hidden);
	path_in(p, "7000/fd");
	assert_int_equal(chmod(p, 0), 0);
	make_process("8000", "\033[31mevil\n", evil);
	/* Not processes. */
	make_process("0", "swapper\n", evil);
	make_process("12ab", "x\n", evil);
	make_process("99999999999", "x\n", evil);
	return 0;
}

static int
teardown_root(void **state)
{
	(void)state;
	remove_tree(root);
	return 0;
}

static const struct local_sock *
find(struct local_view *v, unsigned port, unsigned proto, unsigned family)
{
	const struct local_sock *s;
	struct local_iter it;

	local_iter_init(&it, v, port, port, proto);
	while ((s = local_iter_next(&it)) != NULL)
		if (s->family == family)
			return s;
	fail_msg("no %u/%s over IPv%u", port, pi_proto_name(proto), family);
	return NULL;
}

/* The lowest pid this user may see among the holders of lo..hi; or 0. */
static pid_t
lowest_pid(struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos)
{
	const struct local_sock *s;
	struct local_iter it;
	pid_t pid = 0;

	local_iter_init(&it, v, lo, hi, protos);
	while ((s = local_iter_next(&it)) != NULL)
		if (holder_pid(s) != 0 && (pid == 0 || holder_pid(s) < pid))
			pid = holder_pid(s);
	return pid;
}

/* What the sample host says of some ports. */
static void
facts(struct local_view *v)
{
	const struct local_host *h = &v->host;
	struct local_facts f;

	local_facts(h, 22, 22, &f);
	assert_int_equal(count_iter(v, 22, 22, PI_TCP | PI_UDP), 2);
	assert_int_equal(lowest_pid(v, 22, 22, PI_TCP | PI_UDP), 1);
	assert_true(f.privileged);
	assert_false(f.ephemeral);
	assert_false(f.reserved);
	assert_int_equal(lowest_pid(v, 5432, 5432, PI_TCP), 700);
	/* Held, but by nobody this user may see. */
	local_facts(h, 5353, 5353, &f);
	assert_int_equal(count_iter(v, 5353, 5353, PI_UDP), 2);
	assert_int_equal(lowest_pid(v, 5353, 5353, PI_UDP), 0);
	assert_false(f.privileged);
	assert_int_equal(count_iter(v, 5353, 5353, PI_TCP), 0);
	/* Connected: not listening. */
	local_facts(h, 38394, 38394, &f);
	assert_int_equal(count_iter(v, 38394, 38394, PI_UDP), 0);
	assert_false(local_in_use(v, 38394, 38394, PI_UDP));
	assert_true(f.ephemeral);
	/* Spans: any port of them counts; the lowest visible pid wins. */
	local_facts(h, 1000, 1100, &f);
	assert_int_equal(count_iter(v, 1000, 1100, PI_TCP), 0);
	assert_true(f.privileged);
	assert_false(f.reserved);
	local_facts(h, 3000, 9090, &f);
	assert_int_equal(count_iter(v, 3000, 9090, PI_TCP | PI_UDP),
	    7);
	assert_int_equal(lowest_pid(v, 3000, 9090, PI_TCP | PI_UDP), 700);
	assert_true(f.reserved);
	local_facts(h, 60999, 61000, &f);
	assert_true(f.ephemeral);
	local_facts(h, 61000, 65535, &f);
	assert_false(f.ephemeral);
	assert_false(f.reserved);
	/* Reserved: 3000, 8080-8081 and 40000-40009, held or not. */
	local_facts(h, 3000, 3000, &f);
	assert_int_equal(count_iter(v, 3000, 3000, PI_TCP), 1);
	assert_true(f.reserved);
	local_facts(h, 8081, 8082, &f);
	assert_true(f.reserved);
	local_facts(h, 8082, 8082, &f);
	assert_false(f.reserved);
	local_facts(h, 40009, 40009, &f);
	assert_true(f.ephemeral);
	assert_true(f.reserved);
	local_facts(h, 40010, 45000, &f);
	assert_false(f.reserved);
}

/* The socket of v on port for proto and family, or a failure. */
static const struct local_sock *
raw_find(const struct local_view *v, unsigned port, unsigned proto,
    unsigned family)
{
	size_t i;

	for (i = 0; i < v->socks.n; i++)
		if (v->socks.v[i].port == port &&
		    v->socks.v[i].proto == proto &&
		    v->socks.v[i].family == family)
			return &v->socks.v[i];
	fail_msg("no %u/%s over IPv%u", port, pi_proto_name(proto), family);
	return NULL;
}

static void
test_load_owners(void **state)
{
	static const unsigned order[] = { 22, 22, 53, 123, 443, 546, 631,
	    1900, 3000, 5353, 5353, 5432, 6379, 8080, 9090 };
	const struct local_sock *s;
	const struct local_socks *l;
	struct local_iter it;
	struct local_view v;
	size_t i;

	(void)state;
	/* Listening sockets, every owner of each. */
	assert_int_equal(local_view_open(&v, root, PI_TCP | PI_UDP,
	    LOCAL_LISTENING | LOCAL_OWNERS), 0);
	l = &v.socks;
	assert_int_equal(l->n, sizeof(order) / sizeof(order[0]));
	for (i = 0; i < l->n; i++) {
		assert_int_equal(l->v[i].port, order[i]);
		assert_true(local_sock_listening(&l->v[i]));
		/* Not looked up before they are walked. */
		assert_false(l->v[i].owners_known);
	}
	/* tcp before udp, IPv4 before IPv6, on one port. */
	assert_int_equal(l->v[0].family, 4);
	assert_int_equal(l->v[1].family, 6);
	assert_int_equal(l->v[9].proto, PI_UDP);
	assert_int_equal(l->v[9].family, 4);

	s = find(&v, 22, PI_TCP, 4);
	assert_true(s->owners_known);
	assert_int_equal(holder_pid(s), 1);
	assert_string_equal(holder_comm(s), "sshd");
	s = find(&v, 22, PI_TCP, 6);
	assert_int_equal(holder_pid(s), 1);
	assert_int_equal(s->nowners, 1);
	/* A child holds its parent's socket: both are kept, by pid. */
	s = find(&v, 5432, PI_TCP, 4);
	assert_int_equal(s->nowners, 2);
	assert_int_equal(s->owners[0].pid, 700);
	assert_int_equal(s->owners[1].pid, 701);
	assert_string_equal(s->owners[1].comm, "postgres");
	assert_int_equal(holder_pid(s), 700);
	assert_string_equal(holder_comm(s), "postgres");
	assert_int_equal(holder_pid(find(&v, 3000, PI_TCP, 4)), 4242);
	assert_int_equal(holder_pid(find(&v, 8080, PI_TCP, 4)), 4242);
	assert_string_equal(holder_comm(find(&v, 8080, PI_TCP, 4)), "node");
	s = find(&v, 9090, PI_TCP, 6);
	assert_int_equal(holder_pid(s), 5000);
	assert_string_equal(holder_comm(s), "");
	/* Stored as it is: escaping is the printer's job. */
	assert_string_equal(holder_comm(find(&v, 443, PI_TCP, 6)),
	    "\033[31mevil");
	assert_int_equal(holder_pid(find(&v, 443, PI_TCP, 6)), 8000);
	/* Nobody here holds the udp sockets: hidden. */
	s = find(&v, 5353, PI_UDP, 6);
	assert_true(s->owners_known);
	assert_int_equal(s->nowners, 0);
	assert_int_equal(holder_pid(s), 0);
	assert_string_equal(holder_comm(s), "");
	/* A process whose files may not be read hides its sockets. */
	if (geteuid() != 0)
		assert_int_equal(find(&v, 6379, PI_TCP, 6)->nowners, 0);
	assert_int_equal(v.err, 0);

	/* Walking one port: both families, or one protocol of them. */
	local_iter_init(&it, &v, 5353, 5353, PI_TCP | PI_UDP);
	assert_int_equal(local_iter_next(&it)->family, 4);
	assert_int_equal(local_iter_next(&it)->family, 6);
	assert_null(local_iter_next(&it));
	assert_null(local_iter_next(&it));
	local_iter_init(&it, &v, 5353, 5353, PI_TCP);
	assert_null(local_iter_next(&it));
	local_iter_init(&it, &v, 22, 22, PI_TCP);
	assert_non_null(local_iter_next(&it));
	assert_non_null(local_iter_next(&it));
	assert_null(local_iter_next(&it));
	local_iter_init(&it, &v, 23, 52, PI_TCP | PI_UDP);
	assert_null(local_iter_next(&it));
	/* A span of ports: 22, 22, 53, 123 and 443 of the sample. */
	local_iter_init(&it, &v, 0, 443, PI_TCP | PI_UDP);
	for (i = 0; local_iter_next(&it) != NULL; i++)
		continue;
	assert_int_equal(i, 5);
	local_iter_init(&it, &v, 53, 443, PI_UDP);
	assert_int_equal(local_iter_next(&it)->port, 53);
	assert_int_equal(local_iter_next(&it)->port, 123);
	assert_null(local_iter_next(&it));
	/* The end of the port space, and a span turned round. */
	local_iter_init(&it, &v, 9090, 65535, PI_TCP);
	assert_int_equal(local_iter_next(&it)->port, 9090);
	assert_null(local_iter_next(&it));
	local_iter_init(&it, &v, 443, 22, PI_TCP | PI_UDP);
	assert_null(local_iter_next(&it));
	facts(&v);
	local_view_close(&v);

	/* No owners asked for: none looked up. */
	assert_int_equal(local_view_open(&v, root, PI_TCP | PI_UDP,
	    LOCAL_LISTENING), 0);
	s = find(&v, 22, PI_TCP, 4);
	assert_false(s->owners_known);
	assert_int_equal(holder_pid(s), 0);
	local_view_close(&v);

	/*
	 * Every socket some process holds, connected ones too, but not
	 * one left in time-wait, which no file refers to.
	 */
	assert_int_equal(local_view_open(&v, root, PI_TCP | PI_UDP,
	    LOCAL_SOCKETS | LOCAL_OWNERS), 0);
	assert_int_equal(v.socks.n, 19);
	assert_int_equal(raw_find(&v, 38394, PI_UDP, 4)->state,
	    LOCAL_ESTABLISHED);
	assert_int_equal(count_iter(&v, 22, 22, PI_TCP), 3);
	local_view_close(&v);

	/* One protocol only. */
	assert_int_equal(local_view_open(&v, root, PI_UDP | PI_SCTP,
	    LOCAL_LISTENING), 0);
	assert_int_equal(v.socks.n, 6);
	for (i = 0; i < v.socks.n; i++)
		assert_int_equal(v.socks.v[i].proto, PI_UDP);
	local_view_close(&v);
	assert_int_equal(local_view_open(&v, root, PI_SCTP,
	    LOCAL_LISTENING), 0);
	assert_int_equal(v.socks.n, 0);
	local_view_close(&v);
}

static void
test_open_sample(void **state)
{
	struct local_facts f;
	struct local_host h;

	(void)state;
	assert_int_equal(open_host(&h, SAMPLE_ROOT), 0);
	assert_int_equal(h.eph_lo, 32768);
	assert_int_equal(h.eph_hi, 60999);
	assert_int_equal(h.unpriv, 1024);
	assert_false(is_ephemeral(&h, 32767));
	assert_true(is_ephemeral(&h, 32768));
	assert_true(is_ephemeral(&h, 60999));
	assert_false(is_ephemeral(&h, 61000));
	assert_true((1023 < h.unpriv));
	assert_false((1024 < h.unpriv));
	assert_false(is_reserved(&h, 2999));
	assert_true(is_reserved(&h, 3000));
	assert_false(is_reserved(&h, 3001));
	assert_true(is_reserved(&h, 8080));
	assert_true(is_reserved(&h, 8081));
	assert_false(is_reserved(&h, 8082));
	assert_false(is_reserved(&h, 65536));
	assert_int_equal(count_ports(&h.reserved), 13);
	local_facts(&h, 8081, 40000, &f);
	assert_true(f.reserved);
	local_facts(&h, 40001, 40000, &f);
	assert_false(f.reserved);
	close_host(&h);
	close_host(&h);
}

static void
test_open_unsupported(void **state)
{
	struct local_host h;

	(void)state;
	/* A directory with no net/tcp is not Linux's procfs. */
	errno = 0;
	assert_int_equal(open_host(&h, LOCAL_DATA), -1);
	assert_int_equal(errno, ENOTSUP);
	assert_int_equal(h.procfd, -1);
	errno = 0;
	assert_int_equal(open_host(&h, LOCAL_DATA "/no-such-dir"), -1);
	assert_int_equal(errno, ENOTSUP);
	errno = 0;
	assert_int_equal(open_host(&h, LOCAL_DATA "/tcp-malformed"), -1);
	assert_int_equal(errno, ENOTSUP);
}

/* The reserved ports, damaged, cut short, unreadable, and long. */
static void
open_reserved(void)
{
	static const char *const file = "sys/net/ipv4/ip_local_reserved_ports";
	static const char *const bad[] = { "8080,,9148\n", "8080,91", "" };
	struct local_host h;
	char p[PATHLEN], *list;
	size_t i, len;
	FILE *fp;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_file(file, bad[i]);
		errno = 0;
		assert_int_equal(open_host(&h, root), -1);
		assert_int_equal(errno, EINVAL);
		assert_string_equal(h.what, file);
		assert_int_equal(h.procfd, -1);
	}
	path_in(p, "%s", file);
	if (geteuid() != 0) {
		assert_int_equal(chmod(p, 0), 0);
		errno = 0;
		assert_int_equal(open_host(&h, root), -1);
		assert_int_equal(errno, EACCES);
		assert_string_equal(h.what, file);
		assert_int_equal(chmod(p, 0644), 0);
	}
	list = long_list(&len);
	assert_non_null(fp = fopen(p, "w"));
	assert_int_equal(fwrite(list, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	free(list);
	assert_int_equal(open_host(&h, root), 0);
	expect_long_list(&h.reserved);
	assert_true(is_reserved(&h, 65535));
	assert_false(is_reserved(&h, 65534));
	close_host(&h);
	make_file(file, "\n");
	assert_int_equal(open_host(&h, root), 0);
	assert_int_equal(count_ports(&h.reserved), 0);
	close_host(&h);
}

/* Settings missing or damaged, in a root of the test's own. */
static void
test_open_settings(void **state)
{
	struct local_view v;
	struct local_host h;

	(void)state;
	snprintf(root, sizeof(root), "%s", "/tmp/test_local.XXXXXX");
	assert_non_null(mkdtemp(root));
	make_dir("net");
	make_file("net/tcp", "");
	make_dir("sys");
	make_dir("sys/net");
	make_dir("sys/net/ipv4");
	errno = 0;
	assert_int_equal(open_host(&h, root), -1);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(h.what, "sys/net/ipv4/ip_local_port_range");

	make_file("sys/net/ipv4/ip_local_port_range", "61000 32768\n");
	errno = 0;
	assert_int_equal(open_host(&h, root), -1);
	assert_int_equal(errno, EINVAL);
	assert_string_equal(h.what, "sys/net/ipv4/ip_local_port_range");

	/* Kernels before 4.11 have no ip_unprivileged_port_start. */
	make_file("sys/net/ipv4/ip_local_port_range", "1024 4999\n");
	assert_int_equal(open_host(&h, root), 0);
	assert_int_equal(h.eph_lo, 1024);
	assert_int_equal(h.eph_hi, 4999);
	assert_int_equal(h.unpriv, 1024);
	/* Nor, before 2.6.35, ip_local_reserved_ports. */
	assert_int_equal(count_ports(&h.reserved), 0);
	close_host(&h);

	make_file("sys/net/ipv4/ip_unprivileged_port_start", "80\n");
	assert_int_equal(open_host(&h, root), 0);
	assert_int_equal(h.unpriv, 80);
	assert_false((80 < h.unpriv));
	assert_true((79 < h.unpriv));
	close_host(&h);

	make_file("sys/net/ipv4/ip_unprivileged_port_start", "80 \n");
	errno = 0;
	assert_int_equal(open_host(&h, root), -1);
	assert_int_equal(errno, EINVAL);
	assert_string_equal(h.what, "sys/net/ipv4/ip_unprivileged_port_start");

	make_file("sys/net/ipv4/ip_unprivileged_port_start", "1024\n");
	open_reserved();

	/* No udp file where tcp was asked for is fine; for udp it is not. */
	assert_int_equal(local_view_open(&v, root, PI_TCP, LOCAL_SOCKETS),
	    0);
	assert_int_equal(v.socks.n, 0);
	local_view_close(&v);
	errno = 0;
	assert_int_equal(local_view_open(&v, root, PI_UDP, LOCAL_SOCKETS),
	    -1);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(v.host.what, "net/udp");
	assert_int_equal(v.host.procfd, -1);
	remove_tree(root);
}

/* ---- The real host, where it is Linux ---- */

static unsigned
bound_socket(int type, int *fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	assert_true((*fd = socket(AF_INET, type, 0)) >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(*fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	if (type == SOCK_STREAM)
		assert_int_equal(listen(*fd, 1), 0);
	assert_int_equal(getsockname(*fd, (struct sockaddr *)&sin, &len), 0);
	return ntohs(sin.sin_port);
}

/* What the kernel calls this process, which valgrind renames. */
static void
own_comm(char *buf, size_t size)
{
	FILE *fp;
	size_t n;

	assert_non_null(fp = fopen("/proc/self/comm", "r"));
	assert_non_null(fgets(buf, (int)size, fp));
	fclose(fp);
	n = strlen(buf);
	assert_true(n > 1 && buf[n - 1] == '\n');
	buf[n - 1] = '\0';
}

/* A socket of type bound to port (0: any) on addr, not listening. */
static unsigned
bound_at(int type, int family, unsigned port, int *fd)
{
	struct sockaddr_in6 sin6;
	struct sockaddr_in sin;
	struct sockaddr *sa;
	socklen_t len;

	assert_true((*fd = socket(family, type, 0)) >= 0);
	if (family == AF_INET) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sa = (struct sockaddr *)&sin;
		len = sizeof(sin);
	} else {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)port);
		sin6.sin6_addr = in6addr_loopback;
		sa = (struct sockaddr *)&sin6;
		len = sizeof(sin6);
	}
	if (bind(*fd, sa, len) == -1) {
		close(*fd);
		*fd = -1;
		return 0;
	}
	assert_int_equal(getsockname(*fd, sa, &len), 0);
	return family == AF_INET ? ntohs(sin.sin_port) : ntohs(sin6.sin6_port);
}

static void
test_real_host(void **state)
{
	const struct local_sock *s;
	struct local_view v;
	char comm[LOCAL_COMM_MAX];
	unsigned tport, uport, bport, port6;
	int tfd, ufd, bfd, fd6;

	(void)state;
	if (local_view_open(&v, LOCAL_PROC, PI_TCP | PI_UDP,
	    LOCAL_SETTINGS) == -1) {
		assert_int_equal(errno, ENOTSUP);
		skip();
	}
	assert_true(v.host.eph_lo <= v.host.eph_hi);
	local_view_close(&v);
	tport = bound_socket(SOCK_STREAM, &tfd);
	uport = bound_socket(SOCK_DGRAM, &ufd);
	/* Bound, not listening: procfs does not list it; a bind tells. */
	bport = bound_at(SOCK_STREAM, AF_INET, 0, &bfd);
	assert_int_not_equal(bport, 0);
	/* On [::1] only, where the host has IPv6. */
	port6 = bound_at(SOCK_STREAM, AF_INET6, 0, &fd6);
	if (fd6 != -1)
		assert_int_equal(listen(fd6, 1), 0);
	assert_int_equal(local_view_open(&v, LOCAL_PROC, PI_TCP | PI_UDP,
	    LOCAL_SOCKETS | LOCAL_OWNERS), 0);

	s = find(&v, tport, PI_TCP, 4);
	assert_int_equal(holder_pid(s), getpid());
	assert_int_equal(s->nowners, 1);
	own_comm(comm, sizeof(comm));
	assert_string_equal(holder_comm(s), comm);
	assert_int_equal(s->state, LOCAL_LISTEN);
	assert_int_equal(s->uid, getuid());
	expect_addr(s, "127.0.0.1");
	s = find(&v, uport, PI_UDP, 4);
	assert_int_equal(holder_pid(s), getpid());
	assert_int_equal(s->state, LOCAL_CLOSE);

	assert_true(local_in_use(&v, tport, tport, PI_TCP));
	assert_true(local_in_use(&v, uport, uport, PI_UDP));
	assert_true(local_in_use(&v, bport, bport, PI_TCP));
	if (fd6 != -1)
		assert_true(local_in_use(&v, port6, port6, PI_TCP));
	local_view_close(&v);
	close(tfd);
	close(ufd);
	close(bfd);
	if (fd6 != -1)
		close(fd6);

	/* Let go: free again, and gone from the list. */
	assert_int_equal(local_view_open(&v, LOCAL_PROC, PI_TCP | PI_UDP,
	    LOCAL_SOCKETS | LOCAL_OWNERS), 0);
	assert_false(local_in_use(&v, tport, tport, PI_TCP));
	assert_false(local_in_use(&v, uport, uport, PI_UDP));
	assert_false(local_in_use(&v, bport, bport, PI_TCP));
	assert_int_equal(v.err, 0);
	local_view_close(&v);
}

/* Whether the registry says anything but "unassigned" of port. */
static int
claimed(unsigned port)
{
	struct pi_cursor c;
	struct pi_entry e;

	pi_find_port(&c, port, port, PI_PROTO_ANY);
	while (pi_next(&c, &e))
		if (e.status != PI_UNASSIGNED || e.unauthorized[0] != '\0')
			return 1;
	return 0;
}

/* How many ports of lo..hi are claimed. */
static unsigned long
claimed_in(unsigned lo, unsigned hi)
{
	unsigned long n = 0, p;

	for (p = lo; p <= hi; p++)
		n += claimed((unsigned)p);
	return n;
}

/* The last search's tally: how many ports it ruled out, by reason. */
static unsigned long tally[LOCAL_WHYS];

/* Up to max ports of lo..hi from a search; returns how many. */
static size_t
search(const struct local_host *h, unsigned lo, unsigned hi,
    unsigned protos, unsigned *out, size_t max)
{
	struct local_free f;
	unsigned long sum = 0;
	size_t n = 0, i;
	int rc = 0;

	local_free_init(&f, h, lo, hi, protos, NULL);
	while (n < max && (rc = local_free_next(&f, &out[n])) == 1) {
		assert_true(out[n] >= lo && out[n] <= hi);
		assert_false(is_ephemeral(h, out[n]));
		assert_false(is_reserved(h, out[n]));
		assert_false(claimed(out[n]));
		assert_true(n == 0 || out[n] > out[n - 1]);
		n++;
	}
	assert_int_not_equal(rc, -1);
	memcpy(tally, f.why, sizeof(tally));
	assert_int_equal(tally[LOCAL_FREE], n);
	if (n == max)
		return n;
	/* Over: each port of the range counted once, the registry first. */
	for (i = 0; i < LOCAL_WHYS; i++)
		sum += tally[i];
	assert_int_equal(sum, hi - lo + 1);
	assert_int_equal(tally[LOCAL_ASSIGNED] + tally[LOCAL_RESERVED] +
	    tally[LOCAL_FLAGGED], claimed_in(lo, hi));
	return n;
}

/*
 * What a search rules out is counted once a port, under the first reason
 * in the order of enum local_why (search checks the sum).
 */
static void
test_free_tally(void **state)
{
	struct local_host h;
	unsigned got[8];

	(void)state;
	assert_int_equal(open_host(&h, SAMPLE_ROOT), 0);
	assert_int_equal(search(&h, 22, 22, PI_TCP, got, 8), 0);
	assert_int_equal(tally[LOCAL_ASSIGNED], 1);
	/* Port 0 is Reserved: no service, yet not to be offered. */
	assert_int_equal(search(&h, 0, 0, PI_TCP, got, 8), 0);
	assert_int_equal(tally[LOCAL_RESERVED], 1);
	assert_int_equal(tally[LOCAL_ASSIGNED], 0);
	assert_string_equal(local_why_text[LOCAL_RESERVED], "reserved");
	assert_int_equal(search(&h, 27018, 27018, PI_TCP, got, 8), 0);
	assert_int_equal(tally[LOCAL_FLAGGED], 1);
	/* IANA leaves 25565 unassigned; Minecraft's servers use it. */
	assert_int_equal(search(&h, 25565, 25565, PI_TCP | PI_COMMON,
	    got, 8), 0);
	assert_int_equal(tally[LOCAL_COMMON], 1);
	search(&h, 25565, 25565, PI_TCP, got, 8);
	assert_int_equal(tally[LOCAL_COMMON], 0);
	/* The sample reserves 8080-8081, which are assigned, ... */
	assert_true(claimed(8080) && claimed(8081));
	search(&h, 8079, 8082, PI_TCP, got, 8);
	assert_true(tally[LOCAL_ASSIGNED] >= 2);
	assert_int_equal(tally[LOCAL_HOST_RESERVED], 0);
	/* ... and 40000-40009, which are ephemeral. */
	assert_int_equal(search(&h, 40000, 40100, PI_TCP | PI_UDP,
	    got, 8), 0);
	assert_int_equal(tally[LOCAL_EPHEMERAL],
	    101 - claimed_in(40000, 40100));
	assert_int_equal(tally[LOCAL_HOST_RESERVED], 0);
	assert_string_equal(local_why_text[LOCAL_IN_USE], "in use here");
	close_host(&h);
}

/* Listens on 127.0.0.1:port; returns the socket. */
static int
hold_tcp(unsigned port)
{
	struct sockaddr_in sin;
	int fd;

	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 1), 0);
	return fd;
}

/*
 * The same search as one that found got[0..7], on a host that reserves
 * got[1] and got[3] to got[5]: only the others are found.
 */
static void
free_skips_reserved(const unsigned *got)
{
	static const unsigned want[] = { 0, 2, 6, 7 };
	struct local_host h;
	unsigned found[8];
	char list[64];
	size_t i;

	snprintf(root, sizeof(root), "%s", "/tmp/test_local.XXXXXX");
	assert_non_null(mkdtemp(root));
	make_dir("net");
	make_file("net/tcp", "");
	make_dir("sys");
	make_dir("sys/net");
	make_dir("sys/net/ipv4");
	make_file("sys/net/ipv4/ip_local_port_range", "32768 60999\n");
	assert_true(snprintf(list, sizeof(list), "%u,%u-%u\n", got[1], got[3],
	    got[5]) > 0);
	make_file("sys/net/ipv4/ip_local_reserved_ports", list);
	assert_int_equal(open_host(&h, root), 0);
	assert_int_equal(search(&h, got[0], got[7], PI_TCP | PI_UDP,
	    found, 8), 4);
	assert_int_equal(tally[LOCAL_HOST_RESERVED], 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(found[i], got[want[i]]);
	close_host(&h);
	remove_tree(root);
}

static void
test_free_search(void **state)
{
	unsigned got[8], again[8];
	struct local_host h;
	size_t n, i;
	int fd;

	(void)state;
	/* The sample's ephemeral range, 32768-60999; binds are real. */
	assert_int_equal(open_host(&h, SAMPLE_ROOT), 0);

	/* Assigned, ephemeral or both: nothing qualifies. */
	assert_int_equal(search(&h, 22, 22, PI_TCP, got, 8), 0);
	assert_int_equal(search(&h, 40000, 40100, PI_TCP | PI_UDP,
	    got, 8), 0);
	/*
	 * Nameless, but once used: "Deprecated", "Decomissioned Port"; and
	 * unassigned, but IANA reports unauthorized use.  Whether a nameless
	 * record is Unassigned is the table's status, decided when it is
	 * compiled.
	 */
	if (claimed(1028))
		assert_int_equal(search(&h, 1028, 1028, PI_TCP, got, 8),
		    0);
	if (claimed(1783))
		assert_int_equal(search(&h, 1783, 1783, PI_TCP, got, 8),
		    0);
	assert_true(claimed(27018));
	assert_int_equal(search(&h, 27018, 27019, PI_TCP | PI_UDP,
	    got, 8), 0);

	/* Some of the registered range, which holds unassigned ports. */
	n = search(&h, 30000, 32800, PI_TCP | PI_UDP, got, 8);
	assert_int_equal(n, 8);
	for (i = 0; i < n; i++)
		assert_true(got[i] < 32768);
	free_skips_reserved(got);

	/* A port the test holds over tcp is not free for tcp. */
	fd = hold_tcp(got[0]);
	assert_int_equal(search(&h, got[0], got[7], PI_TCP, again, 8),
	    7);
	assert_int_equal(tally[LOCAL_IN_USE], 1);
	assert_int_equal(again[0], got[1]);
	assert_int_equal(search(&h, got[0], got[0], PI_TCP | PI_UDP,
	    again, 8), 0);
	/* It still is for udp alone. */
	assert_int_equal(search(&h, got[0], got[0], PI_UDP, again, 8),
	    1);
	close(fd);

	/* Bound without listening, or on [::1] alone: in use all the same. */
	assert_int_equal(bound_at(SOCK_STREAM, AF_INET, got[2], &fd), got[2]);
	assert_int_equal(search(&h, got[2], got[2], PI_TCP, again, 8),
	    0);
	close(fd);
	if (bound_at(SOCK_DGRAM, AF_INET6, got[2], &fd) != 0) {
		assert_int_equal(search(&h, got[2], got[2], PI_UDP,
		    again, 8), 0);
		close(fd);
	}

	/*
	 * The top of the port space ends the search cleanly: the port
	 * itself at most, never one past it, and not if it is assigned.
	 * Another program may hold it here.
	 */
	n = search(&h, 65535, 65535, PI_TCP, again, 8);
	assert_true(n <= 1 && (n == 0 || again[0] == 65535));
	if (claimed(65535))
		assert_int_equal(n, 0);
	close_host(&h);
}

/*
 * A port whose bind cannot be tried, here for want of a descriptor, is
 * neither in use nor free: -1, the first such port kept in the view, and
 * tried again later.  A port the list shows a socket on is in use all
 * the same; --free stops there.
 */
static void
test_bind_untried(void **state)
{
	struct rlimit rl, none;
	struct local_view v;
	struct local_free f;
	unsigned listed, port = 0;
	int fd, held, untried, range, found, err;

	(void)state;
	assert_int_equal(local_view_open(&v, SAMPLE_ROOT, PI_TCP,
	    LOCAL_SOCKETS), 0);
	assert_true(v.socks.n > 0);
	listed = v.socks.v[0].port;
	local_free_init(&f, &v.host, 30000, 32767, PI_TCP, NULL);
	/* No descriptor left: the lowest free one is the limit. */
	assert_true((fd = open("/dev/null", O_RDONLY)) >= 0);
	close(fd);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	none = rl;
	none.rlim_cur = (rlim_t)fd;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &none), 0);
	held = local_in_use(&v, listed, listed, PI_TCP);
	untried = local_in_use(&v, 47001, 47001, PI_TCP);
	range = local_in_use(&v, 47002, 47003, PI_TCP);
	found = local_free_next(&f, &port);
	err = errno;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);

	assert_int_equal(held, 1);
	assert_int_equal(untried, -1);
	assert_int_equal(range, -1);
	assert_int_equal(v.bind_err, EMFILE);
	assert_int_equal(v.bind_port, 47001);
	assert_int_equal(found, -1);
	assert_int_equal(err, EMFILE);
	assert_true(port >= 30000 && port <= 32767);
	/* Not remembered as tried: with descriptors, tried. */
	assert_int_not_equal(local_in_use(&v, 47001, 47001, PI_TCP), -1);
	local_view_close(&v);
}

/*
 * A port tried by binding is remembered for the view's life: the rows of
 * an answer and its exit status say the same even if the port is taken
 * between them.
 */
static void
test_bind_remembered(void **state)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	struct local_view v;
	unsigned port;
	int fd;

	(void)state;
	assert_int_equal(local_view_open(&v, SAMPLE_ROOT, PI_TCP,
	    LOCAL_SOCKETS), 0);
	/* A port free a moment ago, one the sample's sockets do not hold. */
	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	assert_int_equal(local_in_use(&v, port, port, PI_TCP), 0);
	/* Taken now, and still what the view saw. */
	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 1), 0);
	assert_int_equal(local_in_use(&v, port, port, PI_TCP), 0);
	local_view_close(&v);
	/* A new view tries again. */
	assert_int_equal(local_view_open(&v, SAMPLE_ROOT, PI_TCP,
	    LOCAL_SOCKETS), 0);
	assert_int_equal(local_in_use(&v, port, port, PI_TCP), 1);
	local_view_close(&v);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_v4),
		cmocka_unit_test(test_parse_v6),
		cmocka_unit_test(test_parse_prefixes),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_nul),
		cmocka_unit_test(test_holds_and_states),
		cmocka_unit_test(test_reader_samples),
		cmocka_unit_test(test_reader_malformed),
		cmocka_unit_test(test_reader_long_and_nul),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_portset_bounds),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_bind_remembered),
		cmocka_unit_test(test_iter),
		cmocka_unit_test_setup_teardown(test_load_owners, setup_root,
		    teardown_root),
		cmocka_unit_test(test_open_sample),
		cmocka_unit_test(test_open_unsupported),
		cmocka_unit_test(test_open_settings),
		cmocka_unit_test(test_real_host),
		cmocka_unit_test(test_free_tally),
		cmocka_unit_test(test_free_search),
		cmocka_unit_test(test_bind_untried),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
