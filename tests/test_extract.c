/*
 * The endpoint extractor: the exact endpoints found in the output of the
 * real tools, captured under tests/data/tools/, and the edge cases of
 * each notation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "portinfo.h"
#include "extract.h"

#define TOOLS "tests/data/tools/"

#define ANY	PI_PROTO_ANY
#define TCP	PI_TCP
#define UDP	PI_UDP
#define NOSIDE	EXTRACT_NOSIDE
#define LOCAL	EXTRACT_LOCAL
#define REMOTE	EXTRACT_REMOTE
#define HOST	EXTRACT_HOST
#define CONTAINER EXTRACT_CONTAINER

/* One endpoint as it must be handed out; name for a service name. */
struct want {
	unsigned long long lineno;
	size_t column;
	const char *text;
	unsigned lo, hi;
	unsigned protos;
	enum extract_side side;
	const char *name;
};

#define HIT(l, c, t, lo, hi, p, s) { l, c, t, lo, hi, p, s, NULL }
#define NAMED(l, c, t, n, p, s) { l, c, t, 0, 0, p, s, n }
#define NCASES(a) (sizeof(a) / sizeof(a[0]))

/*
 * The endpoints of one capture, as the extractor must find them.  ss
 * -tlnp has no Netid column: its states say tcp.
 */
static const struct want ss_tlnp[] = {
	HIT(2, 25, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(3, 33, "*:18081", 18081, 18081, TCP, LOCAL),
	HIT(4, 29, "[::1]:18443", 18443, 18443, TCP, LOCAL),
};

/* ss -ulnp, also without Netid: UNCONN says udp. */
static const struct want ss_ulnp[] = {
	HIT(2, 21, "0.0.0.0:53", 53, 53, UDP, LOCAL),
};

static const struct want ss_tuna[] = {
	HIT(2, 34, "127.0.0.1:15353", 15353, 15353, UDP, LOCAL),
	HIT(3, 36, "0.0.0.0:15355", 15355, 15355, UDP, LOCAL),
	HIT(4, 38, "[::1]:15354", 15354, 15354, UDP, LOCAL),
	HIT(5, 34, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(6, 34, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(6, 53, "127.0.0.1:46972", 46972, 46972, TCP, REMOTE),
	HIT(7, 34, "127.0.0.1:53370", 53370, 53370, TCP, LOCAL),
	HIT(7, 53, "127.0.0.1:18080", 18080, 18080, TCP, REMOTE),
	HIT(8, 34, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(8, 53, "127.0.0.1:53370", 53370, 53370, TCP, REMOTE),
	HIT(9, 42, "*:18081", 18081, 18081, TCP, LOCAL),
	HIT(10, 38, "[::1]:18443", 18443, 18443, TCP, LOCAL),
	HIT(11, 38, "[::1]:18443", 18443, 18443, TCP, LOCAL),
	HIT(11, 57, "[::1]:46758", 46758, 46758, TCP, REMOTE),
	HIT(12, 38, "[::1]:46758", 46758, 46758, TCP, LOCAL),
	HIT(12, 57, "[::1]:18443", 18443, 18443, TCP, REMOTE),
	HIT(13, 38, "[::1]:18443", 18443, 18443, TCP, LOCAL),
	HIT(13, 57, "[::1]:45898", 45898, 45898, TCP, REMOTE),
};

static const struct want netstat_tlnu[] = {
	HIT(3, 20, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(4, 20, ":::18081", 18081, 18081, TCP, LOCAL),
	HIT(5, 20, "::1:18443", 18443, 18443, TCP, LOCAL),
	HIT(6, 20, "127.0.0.1:15353", 15353, 15353, UDP, LOCAL),
	HIT(7, 20, "0.0.0.0:15355", 15355, 15355, UDP, LOCAL),
	HIT(8, 20, "::1:15354", 15354, 15354, UDP, LOCAL),
};

static const struct want netstat_tuna[] = {
	HIT(3, 20, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(4, 20, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(4, 44, "127.0.0.1:46972", 46972, 46972, TCP, REMOTE),
	HIT(5, 20, "127.0.0.1:53370", 53370, 53370, TCP, LOCAL),
	HIT(5, 44, "127.0.0.1:18080", 18080, 18080, TCP, REMOTE),
	HIT(6, 20, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(6, 44, "127.0.0.1:53370", 53370, 53370, TCP, REMOTE),
	HIT(7, 20, ":::18081", 18081, 18081, TCP, LOCAL),
	HIT(8, 20, "::1:18443", 18443, 18443, TCP, LOCAL),
	HIT(9, 20, "::1:18443", 18443, 18443, TCP, LOCAL),
	HIT(9, 44, "::1:46758", 46758, 46758, TCP, REMOTE),
	HIT(10, 20, "::1:46758", 46758, 46758, TCP, LOCAL),
	HIT(10, 44, "::1:18443", 18443, 18443, TCP, REMOTE),
	HIT(11, 20, "::1:18443", 18443, 18443, TCP, LOCAL),
	HIT(11, 44, "::1:45898", 45898, 45898, TCP, REMOTE),
	HIT(12, 20, "127.0.0.1:15353", 15353, 15353, UDP, LOCAL),
	HIT(13, 20, "0.0.0.0:15355", 15355, 15355, UDP, LOCAL),
	HIT(14, 20, "::1:15354", 15354, 15354, UDP, LOCAL),
};

static const struct want lsof_i_nP[] = {
	HIT(2, 51, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(3, 51, "[::1]:18443", 18443, 18443, TCP, LOCAL),
	HIT(4, 51, "127.0.0.1:15353", 15353, 15353, UDP, LOCAL),
	HIT(5, 51, "[::1]:15354", 15354, 15354, UDP, LOCAL),
	HIT(6, 51, "*:18081", 18081, 18081, TCP, LOCAL),
	HIT(7, 51, "*:15355", 15355, 15355, UDP, LOCAL),
	HIT(8, 51, "127.0.0.1:53370", 53370, 53370, TCP, LOCAL),
	HIT(8, 68, "127.0.0.1:18080", 18080, 18080, TCP, REMOTE),
	HIT(9, 51, "127.0.0.1:18080", 18080, 18080, TCP, LOCAL),
	HIT(9, 68, "127.0.0.1:53370", 53370, 53370, TCP, REMOTE),
	HIT(10, 51, "[::1]:46758", 46758, 46758, TCP, LOCAL),
	HIT(10, 64, "[::1]:18443", 18443, 18443, TCP, REMOTE),
	HIT(11, 51, "[::1]:18443", 18443, 18443, TCP, LOCAL),
	HIT(11, 64, "[::1]:46758", 46758, 46758, TCP, REMOTE),
};

static const struct want lsof_i_nP_F_pcn[] = {
	HIT(3, 1, "127.0.0.1:18080", 18080, 18080, ANY, LOCAL),
	HIT(4, 1, "[::1]:18443", 18443, 18443, ANY, LOCAL),
	HIT(5, 1, "127.0.0.1:15353", 15353, 15353, ANY, LOCAL),
	HIT(6, 1, "[::1]:15354", 15354, 15354, ANY, LOCAL),
	HIT(7, 1, "*:18081", 18081, 18081, ANY, LOCAL),
	HIT(8, 1, "*:15355", 15355, 15355, ANY, LOCAL),
	HIT(9, 1, "127.0.0.1:53370", 53370, 53370, ANY, LOCAL),
	HIT(9, 18, "127.0.0.1:18080", 18080, 18080, ANY, REMOTE),
	HIT(10, 1, "127.0.0.1:18080", 18080, 18080, ANY, LOCAL),
	HIT(10, 18, "127.0.0.1:53370", 53370, 53370, ANY, REMOTE),
	HIT(11, 1, "[::1]:46758", 46758, 46758, ANY, LOCAL),
	HIT(11, 14, "[::1]:18443", 18443, 18443, ANY, REMOTE),
	HIT(12, 1, "[::1]:18443", 18443, 18443, ANY, LOCAL),
	HIT(12, 14, "[::1]:46758", 46758, 46758, ANY, REMOTE),
};

static const struct want iptables_save[] = {
	HIT(6, 31, "22", 22, 22, TCP, NOSIDE),
	HIT(7, 31, "53", 53, 53, UDP, NOSIDE),
	HIT(8, 38, "80", 80, 80, TCP, NOSIDE),
	HIT(8, 41, "443", 443, 443, TCP, NOSIDE),
	HIT(8, 45, "8080", 8080, 8080, TCP, NOSIDE),
	HIT(9, 31, "6000:6010", 6000, 6010, TCP, NOSIDE),
	HIT(10, 47, "25", 25, 25, TCP, NOSIDE),
	HIT(11, 32, "123", 123, 123, UDP, NOSIDE),
	HIT(20, 36, "8443", 8443, 8443, TCP, NOSIDE),
	HIT(20, 66, "10.0.0.2:443", 443, 443, TCP, NOSIDE),
};

static const struct want ip6tables_save[] = {
	HIT(6, 43, "5432", 5432, 5432, TCP, NOSIDE),
};

static const struct want nft_list_ruleset[] = {
	HIT(6, 12, "22", 22, 22, TCP, NOSIDE),
	HIT(7, 14, "80", 80, 80, TCP, NOSIDE),
	HIT(7, 18, "443", 443, 443, TCP, NOSIDE),
	HIT(8, 12, "53", 53, 53, UDP, NOSIDE),
	HIT(9, 12, "6000-6010", 6000, 6010, TCP, NOSIDE),
	HIT(10, 37, "25", 25, 25, TCP, NOSIDE),
	HIT(11, 37, "5353", 5353, 5353, TCP | UDP, NOSIDE),
	HIT(12, 31, "5432", 5432, 5432, TCP, NOSIDE),
	HIT(17, 12, "123", 123, 123, UDP, NOSIDE),
	HIT(23, 12, "8443", 8443, 8443, TCP, NOSIDE),
	HIT(23, 25, "10.0.0.2:443", 443, 443, TCP, NOSIDE),
};

/* docker ps, Docker 28's client: the host's side and the container's. */
static const struct want docker_ps[] = {
	HIT(2, 79, "0.0.0.0:9000-9001", 9000, 9001, TCP, HOST),
	HIT(2, 98, "9000-9001/tcp", 9000, 9001, TCP, CONTAINER),
	HIT(2, 113, "[::]:9000-9001", 9000, 9001, TCP, HOST),
	HIT(2, 129, "9000-9001/tcp", 9000, 9001, TCP, CONTAINER),
	HIT(3, 79, "0.0.0.0:1053", 1053, 1053, UDP, HOST),
	HIT(3, 93, "53/udp", 53, 53, UDP, CONTAINER),
	HIT(3, 101, "[::]:1053", 1053, 1053, UDP, HOST),
	HIT(3, 112, "53/udp", 53, 53, UDP, CONTAINER),
	HIT(4, 79, "6379/tcp", 6379, 6379, TCP, NOSIDE),
	HIT(5, 79, "127.0.0.1:5432", 5432, 5432, TCP, HOST),
	HIT(5, 95, "5432/tcp", 5432, 5432, TCP, CONTAINER),
	HIT(6, 79, "0.0.0.0:8080", 8080, 8080, TCP, HOST),
	HIT(6, 93, "80/tcp", 80, 80, TCP, CONTAINER),
	HIT(6, 101, "[::]:8080", 8080, 8080, TCP, HOST),
	HIT(6, 112, "80/tcp", 80, 80, TCP, CONTAINER),
};

/* x is large: keep it off the stack. */
static struct extract x;

/*
 * Reads fp to its end and compares every endpoint with w[0..n); says
 * which differ.  Each span must also be the bytes of its line at its
 * column, which the caller checks against the text where it has it.
 */
static int
same_hits(FILE *fp, const struct want *w, size_t n)
{
	struct extract_hit h;
	size_t i = 0, bad = 0;
	int r;

	extract_init(&x, fp);
	while ((r = extract_next(&x, &h)) == 1) {
		const struct want *e = i < n ? &w[i] : NULL;
		int ok = e != NULL && h.lineno == e->lineno &&
		    h.column == e->column && h.len == strlen(e->text) &&
		    memcmp(h.text, e->text, h.len) == 0 &&
		    h.query.protos == e->protos && h.side == e->side;

		if (ok && e->name == NULL)
			ok = h.query.kind == QUERY_PORT &&
			    h.query.lo == e->lo && h.query.hi == e->hi;
		else if (ok)
			ok = h.query.kind == QUERY_NAME &&
			    h.query.namelen == strlen(e->name) &&
			    memcmp(h.query.name, e->name, h.query.namelen) == 0;
		if (!ok) {
			print_error("hit %zu: line %llu column %zu '%.*s' "
			    "kind %d %u-%u protos %u side %s\n", i,
			    h.lineno, h.column, (int)h.len, h.text,
			    (int)h.query.kind, h.query.lo, h.query.hi,
			    h.query.protos, extract_side_name(h.side));
			bad++;
		}
		i++;
	}
	if (r != 0 || i != n) {
		print_error("%zu hits, %zu wanted, last return %d\n", i, n, r);
		bad++;
	}
	return bad == 0;
}

static void
check_file(const char *name, const struct want *w, size_t n)
{
	FILE *fp = fopen(name, "r");

	if (fp == NULL)
		fail_msg("cannot open %s", name);
	assert_true(same_hits(fp, w, n));
	fclose(fp);
}

static void
check_text(const char *text, size_t len, const struct want *w, size_t n)
{
	FILE *fp = fmemopen((void *)(uintptr_t)text, len, "r");

	assert_non_null(fp);
	if (!same_hits(fp, w, n))
		fail_msg("in \"%.*s\"", (int)len, text);
	fclose(fp);
}

#define CHECK_TEXT(t, w) check_text(t, sizeof(t) - 1, w, NCASES(w))
#define CHECK_NONE(t) check_text(t, sizeof(t) - 1, NULL, 0)

/*
 * Whether any endpoint of a capture is port p: for the numbers of
 * other columns (pids, inodes, queue lengths, byte counts).
 */
static int
has_port(const char *name, unsigned p)
{
	struct extract_hit h;
	FILE *fp = fopen(name, "r");
	int found = 0;

	assert_non_null(fp);
	extract_init(&x, fp);
	while (extract_next(&x, &h) == 1)
		found |= h.query.kind == QUERY_PORT && h.query.lo <= p &&
		    p <= h.query.hi;
	fclose(fp);
	return found;
}

static void
test_ss(void **state)
{
	(void)state;
	check_file(TOOLS "ss-tlnp.txt", ss_tlnp, NCASES(ss_tlnp));
	check_file(TOOLS "ss-tuna.txt", ss_tuna, NCASES(ss_tuna));
	CHECK_TEXT("State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
	    "UNCONN 0      0      0.0.0.0:53         0.0.0.0:*\n", ss_ulnp);
	/* pid= and fd= of the Process column, the queue lengths. */
	assert_false(has_port(TOOLS "ss-tlnp.txt", 6471));
	assert_false(has_port(TOOLS "ss-tlnp.txt", 8));
	assert_false(has_port(TOOLS "ss-tlnp.txt", 3));
}

static void
test_netstat(void **state)
{
	(void)state;
	check_file(TOOLS "netstat-tlnu.txt", netstat_tlnu,
	    NCASES(netstat_tlnu));
	check_file(TOOLS "netstat-tuna.txt", netstat_tuna,
	    NCASES(netstat_tuna));
	assert_false(has_port(TOOLS "netstat-tuna.txt", 0));
}

static void
test_lsof(void **state)
{
	static const unsigned other_columns[] = {
		6471, 3, 4, 5, 37658, 37659, 37667, 0
	};
	size_t i;

	(void)state;
	check_file(TOOLS "lsof-i-nP.txt", lsof_i_nP, NCASES(lsof_i_nP));
	check_file(TOOLS "lsof-i-nP-F-pcn.txt", lsof_i_nP_F_pcn,
	    NCASES(lsof_i_nP_F_pcn));
	for (i = 0; i < NCASES(other_columns); i++) {
		assert_false(has_port(TOOLS "lsof-i-nP.txt",
		    other_columns[i]));
		assert_false(has_port(TOOLS "lsof-i-nP-F-pcn.txt",
		    other_columns[i]));
	}
}

static void
test_firewalls(void **state)
{
	(void)state;
	check_file(TOOLS "iptables-save.txt", iptables_save,
	    NCASES(iptables_save));
	check_file(TOOLS "ip6tables-save.txt", ip6tables_save,
	    NCASES(ip6tables_save));
	check_file(TOOLS "nft-list-ruleset.txt", nft_list_ruleset,
	    NCASES(nft_list_ruleset));
	/* Counters [0:0], "packets 0 bytes 0", the times of day, /8. */
	assert_false(has_port(TOOLS "iptables-save.txt", 0));
	assert_false(has_port(TOOLS "iptables-save.txt", 31));
	assert_false(has_port(TOOLS "nft-list-ruleset.txt", 0));
	assert_false(has_port(TOOLS "ip6tables-save.txt", 8));
}

static void
test_docker(void **state)
{
	(void)state;
	check_file(TOOLS "docker-ps.txt", docker_ps, NCASES(docker_ps));
	/* The image's tag, 2.1; the command's 3600; the ages, 8 and 7. */
	assert_false(has_port(TOOLS "docker-ps.txt", 1));
	assert_false(has_port(TOOLS "docker-ps.txt", 2));
	assert_false(has_port(TOOLS "docker-ps.txt", 3600));
	assert_false(has_port(TOOLS "docker-ps.txt", 8));
	assert_false(has_port(TOOLS "docker-ps.txt", 7));
}

static void
test_urls_and_suffixes(void **state)
{
	static const struct want urls[] = {
		HIT(1, 4, "https://example.com/", 443, 443, ANY, NOSIDE),
		HIT(1, 29, "http://h:8080/x", 8080, 8080, ANY, NOSIDE),
	};
	static const struct want nmap[] = {
		HIT(2, 0, "22/tcp", 22, 22, TCP, NOSIDE),
		HIT(3, 0, "53/udp", 53, 53, UDP, NOSIDE),
	};
	static const struct want ufw[] = {
		HIT(1, 0, "6000:6010/tcp", 6000, 6010, TCP, NOSIDE),
		HIT(2, 0, "8000-8100/udp", 8000, 8100, UDP, NOSIDE),
	};
	static const struct want firewalld[] = {
		HIT(1, 9, "80/tcp", 80, 80, TCP, NOSIDE),
		HIT(1, 16, "443/tcp", 443, 443, TCP, NOSIDE),
	};

	(void)state;
	CHECK_TEXT("see https://example.com/ and http://h:8080/x.", urls);
	CHECK_TEXT("PORT   STATE SERVICE\n22/tcp open  ssh\n"
	    "53/udp open  domain\n", nmap);
	CHECK_TEXT("6000:6010/tcp ALLOW Anywhere\n8000-8100/udp DENY 10.0.0.1\n",
	    ufw);
	CHECK_TEXT("  ports: 80/tcp 443/tcp", firewalld);
	/* No protocol, or not one: a path, a netmask, a fraction. */
	CHECK_NONE("22/icmp 10.0.0.0/8 1/2 /tcp 22/ tcp/22");
}

static void
test_endpoints(void **state)
{
	static const struct want names[] = {
		NAMED(1, 17, "0.0.0.0:ssh", "ssh", TCP, LOCAL),
		NAMED(2, 17, "localhost:ipp", "ipp", TCP, LOCAL),
	};
	static const struct want hosts[] = {
		HIT(1, 0, "localhost:8080", 8080, 8080, ANY, NOSIDE),
		HIT(1, 15, "example.com:443", 443, 443, ANY, NOSIDE),
		HIT(1, 31, "[2001:db8::1]:53", 53, 53, ANY, NOSIDE),
		HIT(1, 48, "127.0.0.53%lo:53", 53, 53, ANY, NOSIDE),
		HIT(1, 65, "[fe80::1]%eth0:546", 546, 546, ANY, NOSIDE),
		HIT(1, 84, "*:5353", 5353, 5353, ANY, NOSIDE),
		HIT(1, 91, ":::7000", 7000, 7000, ANY, NOSIDE),
	};
	static const struct want netstat_v6[] = {
		HIT(1, 9, "::1:631", 631, 631, TCP, LOCAL),
		HIT(1, 17, "::1:40000", 40000, 40000, TCP, REMOTE),
	};
	static const struct want crlf[] = {
		HIT(1, 0, "127.0.0.1:80", 80, 80, ANY, NOSIDE),
		HIT(3, 1, "127.0.0.1:81", 81, 81, ANY, NOSIDE),
	};
	static const struct want bytes[] = {
		HIT(1, 3, "127.0.0.1:80", 80, 80, ANY, NOSIDE),
		HIT(1, 22, "[::1]:443", 443, 443, ANY, NOSIDE),
	};
	static const struct want lsof_pair[] = {
		HIT(1, 4, "10.0.0.1:22", 22, 22, TCP, LOCAL),
		HIT(1, 17, "10.0.0.2:50000", 50000, 50000, TCP, REMOTE),
	};

	(void)state;
	CHECK_TEXT("tcp LISTEN 0 128 0.0.0.0:ssh 0.0.0.0:*\n"
	    "LISTEN 0 128     localhost:ipp *:*", names);
	CHECK_TEXT("localhost:8080 example.com:443 [2001:db8::1]:53 "
	    "127.0.0.53%lo:53 [fe80::1]%eth0:546 *:5353 :::7000", hosts);
	CHECK_TEXT("tcp6 0 0 ::1:631 ::1:40000 ESTABLISHED", netstat_v6);
	CHECK_TEXT("127.0.0.1:80\r\n\r\n\t127.0.0.1:81\r\n", crlf);
	CHECK_TEXT("\xff\xfe 127.0.0.1:80 \0\x1b[0m [::1]:443 \xc3", bytes);
	CHECK_TEXT("TCP 10.0.0.1:22->10.0.0.2:50000 (ESTABLISHED)", lsof_pair);
	/* Headers, wildcards without a port, and what only looks alike. */
	CHECK_NONE("Netid State Recv-Q Send-Q Local Address:Port "
	    "Peer Address:Port Process");
	CHECK_NONE("0.0.0.0:* *:* [::]:* :::* [::1]:* *:");
	CHECK_NONE("at 15:35:12 12:30 on Mon");
	CHECK_NONE("::1:631 2001:db8::1:443 fe80::1");
	CHECK_NONE("nginx:1.25 postgres:16 redis:7 line:42 ERROR:3");
	CHECK_NONE("0100007F:0016 00000000:0000 0A");
	CHECK_NONE("users:((\"sshd\",pid=812,fd=3)) :9000 host:");
	CHECK_NONE("1234 5678 22 80 443 0t0 0x1f 65536");
	CHECK_NONE("tcp udp TCP UDP tcp6 udp6 LISTEN ESTAB");
	CHECK_NONE("[0:0] [12:3456] :INPUT ACCEPT");
	CHECK_NONE("");
	CHECK_NONE("\n\n\n");
}

static void
test_port_context(void **state)
{
	static const struct want iptables[] = {
		HIT(1, 31, "6000:6010", 6000, 6010, TCP, NOSIDE),
		HIT(2, 38, "80", 80, 80, UDP, NOSIDE),
		HIT(2, 41, "443", 443, 443, UDP, NOSIDE),
		HIT(3, 10, "25", 25, 25, ANY, NOSIDE),
		NAMED(3, 21, "ssh", "ssh", ANY, NOSIDE),
	};
	static const struct want nft[] = {
		HIT(1, 12, "80", 80, 80, TCP, NOSIDE),
		HIT(1, 16, "443", 443, 443, TCP, NOSIDE),
		HIT(2, 11, "53", 53, 53, UDP, NOSIDE),
		HIT(2, 14, "5353", 5353, 5353, UDP, NOSIDE),
		HIT(3, 35, "67", 67, 67, TCP | UDP, NOSIDE),
		HIT(4, 10, "1000-2000", 1000, 2000, TCP, NOSIDE),
	};

	(void)state;
	CHECK_TEXT("-A INPUT -p tcp -m tcp --dport 6000:6010 -j ACCEPT\n"
	    "-A INPUT -p udp -m multiport --dports 80,443 -j ACCEPT\n"
	    "! --dport 25 --sport ssh\n", iptables);
	CHECK_TEXT("tcp dport { 80, 443 } accept\n"
	    "udp dport {53,5353} accept\n"
	    "meta l4proto { tcp, udp } th dport 67\n"
	    "tcp sport 1000-2000 counter packets 10 bytes 640\n", nft);
	/* The value is on the same line, and is a port. */
	CHECK_NONE("--dport\n22\n");
	CHECK_NONE("--dport tcp --dport -j --dport 99999 --dport nosuchname");
	CHECK_NONE("dport { } sport {}");
}

/*
 * A line longer than any buffer: the endpoints after a megabyte of
 * words, and after a word too long to be read, are still found, at
 * their columns.
 */
static void
test_long_lines(void **state)
{
	const size_t words = 1 << 20, longword = EXTRACT_WORD_MAX + 1;
	size_t len = words * 2 + longword + 64, n = 0, i;
	struct extract_hit h;
	char *text = malloc(len);
	FILE *fp;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < words; i++) {
		text[n++] = '9';
		text[n++] = ' ';
	}
	memcpy(text + n, "127.0.0.1:81 ", 13);
	n += 13;
	/* A word of one byte more than is kept, that would be a port. */
	memset(text + n, 'a', longword);
	memcpy(text + n + longword - 6, ".b:443", 6);
	n += longword;
	memcpy(text + n, " [::1]:82\n:83 h.example:84", 26);
	n += 26;
	assert_true(n <= len);
	assert_non_null(fp = fmemopen(text, n, "r"));
	extract_init(&x, fp);
	assert_int_equal(extract_next(&x, &h), 1);
	assert_int_equal(h.query.lo, 81);
	assert_int_equal(h.column, words * 2);
	assert_int_equal(extract_next(&x, &h), 1);
	assert_int_equal(h.query.lo, 82);
	assert_int_equal(h.column, words * 2 + 13 + longword + 1);
	assert_int_equal(h.lineno, 1);
	assert_int_equal(extract_next(&x, &h), 1);
	assert_int_equal(h.query.lo, 84);
	assert_int_equal(h.column, 4);
	assert_int_equal(h.lineno, 2);
	assert_int_equal(extract_next(&x, &h), 0);
	assert_int_equal(extract_next(&x, &h), 0);
	fclose(fp);
	free(text);
}

/* A word of exactly EXTRACT_WORD_MAX bytes is read whole. */
static void
test_word_bound(void **state)
{
	const size_t n = EXTRACT_WORD_MAX;
	struct extract_hit h;
	char *text = malloc(n);
	FILE *fp;

	(void)state;
	assert_non_null(text);
	memset(text, 'a', n);
	memcpy(text + n - 8, ".b:12345", 8);
	assert_non_null(fp = fmemopen(text, n, "r"));
	extract_init(&x, fp);
	assert_int_equal(extract_next(&x, &h), 1);
	assert_int_equal(h.len, n);
	assert_int_equal(h.query.lo, 12345);
	assert_int_equal(extract_next(&x, &h), 0);
	fclose(fp);
	free(text);
}

static void
test_side_names(void **state)
{
	(void)state;
	assert_string_equal(extract_side_name(EXTRACT_NOSIDE), "");
	assert_string_equal(extract_side_name(EXTRACT_LOCAL), "local");
	assert_string_equal(extract_side_name(EXTRACT_REMOTE), "remote");
	assert_string_equal(extract_side_name(EXTRACT_HOST), "host");
	assert_string_equal(extract_side_name(EXTRACT_CONTAINER),
	    "container");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ss),
		cmocka_unit_test(test_netstat),
		cmocka_unit_test(test_lsof),
		cmocka_unit_test(test_firewalls),
		cmocka_unit_test(test_docker),
		cmocka_unit_test(test_urls_and_suffixes),
		cmocka_unit_test(test_endpoints),
		cmocka_unit_test(test_port_context),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_word_bound),
		cmocka_unit_test(test_side_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
