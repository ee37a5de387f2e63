/*
 * The endpoint extractor: the exact endpoints found in the output of the
 * tools, captured under tests/data/tools/, the edge cases of each
 * notation, what is no endpoint, and the echo of the lines for a reader
 * that shows them.
 */
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
#include "extract.h"

#define TOOLS "tests/data/tools/"

#define ANY	PI_PROTO_ANY
#define TCP	PI_TCP
#define UDP	PI_UDP
#define SCTP	PI_SCTP
#define NOSIDE	""
#define LOCAL	"local"
#define REMOTE	"remote"
#define HOST	"host"
#define CONTAINER "container"

/* One endpoint as it must be handed out; name for a service name. */
struct want {
	unsigned long long lineno;
	size_t column;
	const char *text;
	unsigned lo, hi;
	unsigned protos;
	const char *side;
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

/*
 * ss -tn state established: neither Netid nor State, the header says
 * the columns; the protocol is not written.
 */
static const struct want ss_tn_state[] = {
	HIT(2, 23, "192.0.2.10:22", 22, 22, ANY, LOCAL),
	HIT(2, 49, "198.51.100.7:51514", 51514, 51514, ANY, REMOTE),
	HIT(3, 23, "192.0.2.10:22", 22, 22, ANY, LOCAL),
	HIT(3, 49, "203.0.113.25:60211", 60211, 60211, ANY, REMOTE),
	HIT(4, 19, "[2001:db8::10]:443", 443, 443, ANY, LOCAL),
	HIT(4, 48, "[2001:db8::7]:50022", 50022, 50022, ANY, REMOTE),
	HIT(5, 14, "[::ffff:192.0.2.10]:8443", 8443, 8443, ANY, LOCAL),
	HIT(5, 40, "[::ffff:198.51.100.9]:41002", 41002, 41002, ANY, REMOTE),
	HIT(6, 24, "127.0.0.1:49829", 49829, 49829, ANY, LOCAL),
	HIT(6, 52, "127.0.0.1:52578", 52578, 52578, ANY, REMOTE),
	HIT(7, 24, "127.0.0.1:52578", 52578, 52578, ANY, LOCAL),
	HIT(7, 52, "127.0.0.1:49829", 49829, 49829, ANY, REMOTE),
};

/* Its rows, as long as they go on; the lines after are no table. */
static const struct want ss_queues[] = {
	HIT(2, 4, "db:5432", 5432, 5432, ANY, LOCAL),
	HIT(2, 12, "web:40000", 40000, 40000, ANY, REMOTE),
	HIT(4, 4, "db.example:5432", 5432, 5432, ANY, NOSIDE),
	HIT(4, 20, "10.0.0.9:40000", 40000, 40000, ANY, NOSIDE),
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

/*
 * iptables -L -n: dpt:, dpts:a:b and spt: after the match's protocol,
 * multiport lists, a negation, DNAT's to:host:port, REDIRECT's "redir
 * ports", MASQUERADE's "masq ports:"; not SNAT's to:address alone.
 */
/*
 * iptables -L without -n: its ports are names, a range's bounds too,
 * each for its first port (x11 is 6000-6063).
 */
static const struct want iptables_L[] = {
	NAMED(4, 70, "ssh", "ssh", TCP, NOSIDE),
	HIT(5, 71, "ftp-data:ssh", 20, 22, TCP, NOSIDE),
	HIT(6, 71, "x11:6010", 6000, 6010, TCP, NOSIDE),
	HIT(7, 71, "5000:x11", 5000, 6000, TCP, NOSIDE),
	NAMED(8, 79, "http", "http", TCP, NOSIDE),
	NAMED(8, 84, "https", "https", TCP, NOSIDE),
	NAMED(9, 70, "domain", "domain", UDP, NOSIDE),
	HIT(9, 82, "1024:65535", 1024, 65535, UDP, NOSIDE),
	NAMED(16, 70, "domain", "domain", UDP, NOSIDE),
};

static const struct want iptables_L_n[] = {
	HIT(4, 70, "22", 22, 22, TCP, NOSIDE),
	HIT(5, 71, "6000:6010", 6000, 6010, UDP, NOSIDE),
	HIT(6, 79, "80", 80, 80, TCP, NOSIDE),
	HIT(6, 82, "443", 443, 443, TCP, NOSIDE),
	HIT(7, 79, "9100", 9100, 9100, TCP, NOSIDE),
	HIT(7, 84, "9090:9093", 9090, 9093, TCP, NOSIDE),
	HIT(8, 70, "1024", 1024, 1024, TCP, NOSIDE),
	HIT(8, 80, "25", 25, 25, TCP, NOSIDE),
	HIT(9, 70, "53", 53, 53, UDP, NOSIDE),
	HIT(9, 78, "1024:65535", 1024, 65535, UDP, NOSIDE),
	HIT(10, 70, "23", 23, 23, TCP, NOSIDE),
	HIT(18, 70, "53", 53, 53, UDP, NOSIDE),
	HIT(22, 70, "80", 80, 80, TCP, NOSIDE),
	HIT(22, 76, "192.0.2.5:8080", 8080, 8080, TCP, NOSIDE),
	HIT(23, 70, "80", 80, 80, TCP, NOSIDE),
	HIT(23, 85, "3128", 3128, 3128, TCP, NOSIDE),
	HIT(27, 75, "1024-65535", 1024, 65535, TCP, NOSIDE),
	HIT(28, 70, "123", 123, 123, UDP, NOSIDE),
};

/*
 * iptables 1.8.9 -L -nv --line-numbers: rule numbers, counters (118K,
 * 12M), and the protocol as a number, which is multiport's only one.
 */
static const struct want iptables_L_nv_line_numbers[] = {
	HIT(4, 102, "22", 22, 22, TCP, NOSIDE),
	HIT(5, 111, "80", 80, 80, TCP, NOSIDE),
	HIT(5, 114, "443", 443, 443, TCP, NOSIDE),
	HIT(6, 111, "5060:5061", 5060, 5061, UDP, NOSIDE),
	HIT(6, 121, "10000", 10000, 10000, UDP, NOSIDE),
	HIT(7, 103, "2905", 2905, 2905, SCTP, NOSIDE),
	HIT(12, 102, "53", 53, 53, UDP, NOSIDE),
};

/*
 * firewall-cmd --list-all: ports, forward ports (protocol after the
 * port), source ports, rich rules (protocol="..." after port="...").
 */
static const struct want firewall_cmd_list_all[] = {
	HIT(7, 9, "9090/tcp", 9090, 9090, TCP, NOSIDE),
	HIT(7, 18, "60000-61000/udp", 60000, 61000, UDP, NOSIDE),
	HIT(12, 6, "80", 80, 80, TCP, NOSIDE),
	HIT(12, 26, "8080", 8080, 8080, TCP, NOSIDE),
	HIT(13, 6, "5353", 5353, 5353, UDP, NOSIDE),
	HIT(14, 16, "53/udp", 53, 53, UDP, NOSIDE),
	HIT(17, 64, "5432", 5432, 5432, TCP, NOSIDE),
	HIT(18, 39, "2222", 2222, 2222, TCP, NOSIDE),
	HIT(18, 69, "22", 22, 22, TCP, NOSIDE),
	HIT(19, 62, "5000-5010", 5000, 5010, UDP, NOSIDE),
};

/* firewall-cmd's options, as typed: --add-port=9090/tcp and others. */
static const struct want firewall_cmd[] = {
	HIT(1, 52, "9090/tcp", 9090, 9090, TCP, NOSIDE),
	HIT(3, 38, "60000-61000/udp", 60000, 61000, UDP, NOSIDE),
	HIT(5, 51, "80", 80, 80, TCP, NOSIDE),
	HIT(5, 71, "8080", 8080, 8080, TCP, NOSIDE),
	HIT(7, 107, "5432", 5432, 5432, TCP, NOSIDE),
	HIT(9, 41, "8080/tcp", 8080, 8080, TCP, NOSIDE),
	HIT(12, 0, "9090/tcp", 9090, 9090, TCP, NOSIDE),
	HIT(12, 9, "60000-61000/udp", 60000, 61000, UDP, NOSIDE),
};

/* ufw status: bare ports and lists before ALLOW or (v6). */
static const struct want ufw_status[] = {
	HIT(5, 0, "22/tcp", 22, 22, TCP, NOSIDE),
	HIT(6, 0, "5432", 5432, 5432, ANY, NOSIDE),
	HIT(7, 0, "80", 80, 80, TCP, NOSIDE),
	HIT(7, 3, "443/tcp", 443, 443, TCP, NOSIDE),
	HIT(8, 0, "60000:61000/udp", 60000, 61000, UDP, NOSIDE),
	HIT(9, 0, "8080", 8080, 8080, ANY, NOSIDE),
	HIT(11, 11, "3306/tcp", 3306, 3306, TCP, NOSIDE),
	HIT(12, 0, "22/tcp", 22, 22, TCP, NOSIDE),
	HIT(13, 0, "5432", 5432, 5432, ANY, NOSIDE),
	HIT(14, 0, "80", 80, 80, TCP, NOSIDE),
	HIT(14, 3, "443/tcp", 443, 443, TCP, NOSIDE),
	HIT(15, 0, "60000:61000/udp", 60000, 61000, UDP, NOSIDE),
};

/* ufw status numbered: [ 1] is a rule's number, no port. */
static const struct want ufw_status_numbered[] = {
	HIT(5, 5, "22/tcp", 22, 22, TCP, NOSIDE),
	HIT(6, 5, "5432", 5432, 5432, ANY, NOSIDE),
	HIT(7, 5, "9100", 9100, 9100, TCP, NOSIDE),
	HIT(7, 10, "9090:9093/tcp", 9090, 9093, TCP, NOSIDE),
	HIT(8, 59, "25/tcp", 25, 25, TCP, NOSIDE),
	HIT(9, 5, "22/tcp", 22, 22, TCP, NOSIDE),
	HIT(10, 5, "5432", 5432, 5432, ANY, NOSIDE),
};

/* nmap's normal output: not its banner's URLs, nor its counts. */
static const struct want nmap[] = {
	HIT(7, 0, "22/tcp", 22, 22, TCP, NOSIDE),
	HIT(8, 0, "80/tcp", 80, 80, TCP, NOSIDE),
	HIT(9, 0, "443/tcp", 443, 443, TCP, NOSIDE),
	HIT(10, 0, "5432/tcp", 5432, 5432, TCP, NOSIDE),
	HIT(11, 0, "8080/tcp", 8080, 8080, TCP, NOSIDE),
	HIT(19, 0, "53/udp", 53, 53, UDP, NOSIDE),
	HIT(20, 0, "123/udp", 123, 123, UDP, NOSIDE),
};

/* nmap -oG: port/state/protocol/owner/service/rpc/version/. */
static const struct want nmap_oG[] = {
	HIT(4, 39, "22", 22, 22, TCP, NOSIDE),
	HIT(4, 105, "80", 80, 80, TCP, NOSIDE),
	HIT(4, 139, "443", 443, 443, TCP, NOSIDE),
	HIT(4, 165, "8080", 8080, 8080, TCP, NOSIDE),
	HIT(5, 27, "53", 53, 53, UDP, NOSIDE),
	HIT(5, 51, "123", 123, 123, UDP, NOSIDE),
};

/* nmap -oX: portid= after protocol=; not counts, times, services=. */
static const struct want nmap_oX[] = {
	HIT(19, 36, "22", 22, 22, TCP, NOSIDE),
	HIT(20, 29, "80", 80, 80, TCP, NOSIDE),
	HIT(21, 29, "443", 443, 443, TCP, NOSIDE),
	HIT(32, 29, "53", 53, 53, UDP, NOSIDE),
};

/* kubectl get svc: port:nodePort/PROTO is two ports, not a range. */
static const struct want kubectl_get_svc[] = {
	HIT(2, 58, "443/TCP", 443, 443, TCP, NOSIDE),
	HIT(3, 58, "80", 80, 80, TCP, NOSIDE),
	HIT(3, 61, "30080", 30080, 30080, TCP, NOSIDE),
	HIT(4, 58, "53/UDP", 53, 53, UDP, NOSIDE),
	HIT(4, 65, "53/TCP", 53, 53, TCP, NOSIDE),
	HIT(4, 72, "9153/TCP", 9153, 9153, TCP, NOSIDE),
	HIT(5, 58, "80", 80, 80, TCP, NOSIDE),
	HIT(5, 61, "31380", 31380, 31380, TCP, NOSIDE),
	HIT(5, 71, "443", 443, 443, TCP, NOSIDE),
	HIT(5, 75, "31390", 31390, 31390, TCP, NOSIDE),
	HIT(6, 58, "5060", 5060, 5060, UDP, NOSIDE),
	HIT(6, 63, "30506", 30506, 30506, UDP, NOSIDE),
	HIT(7, 58, "5432/TCP", 5432, 5432, TCP, NOSIDE),
};

/* macOS netstat -an: addr.port, *.port, tcp4, tcp46, udp6. */
static const struct want netstat_an_macos[] = {
	HIT(3, 21, "192.0.2.23.52344", 52344, 52344, TCP, LOCAL),
	HIT(3, 44, "198.51.100.7.443", 443, 443, TCP, REMOTE),
	HIT(4, 21, "2001:db8::23.52346", 52346, 52346, TCP, LOCAL),
	HIT(4, 44, "2001:db8::7.443", 443, 443, TCP, REMOTE),
	HIT(5, 21, "127.0.0.1.5432", 5432, 5432, TCP, LOCAL),
	HIT(6, 21, "*.80", 80, 80, TCP, LOCAL),
	HIT(7, 21, "*.22", 22, 22, TCP, LOCAL),
	HIT(8, 21, "*.22", 22, 22, TCP, LOCAL),
	HIT(9, 21, "::1.631", 631, 631, TCP, LOCAL),
	HIT(10, 21, "*.5353", 5353, 5353, UDP, LOCAL),
	HIT(11, 21, "2001:db8::23%en0.123", 123, 123, UDP, LOCAL),
};

/* FreeBSD sockstat: tcp4, udp6 in its PROTO column, after PID and FD. */
static const struct want sockstat[] = {
	HIT(2, 37, "*:22", 22, 22, TCP, LOCAL),
	HIT(3, 37, "*:22", 22, 22, TCP, LOCAL),
	HIT(4, 37, "192.0.2.10:80", 80, 80, TCP, LOCAL),
	HIT(5, 37, "*:443", 443, 443, TCP, LOCAL),
	HIT(6, 37, "*:514", 514, 514, UDP, LOCAL),
	HIT(7, 37, "192.0.2.10:22", 22, 22, TCP, LOCAL),
	HIT(7, 59, "198.51.100.7:51514", 51514, 51514, TCP, REMOTE),
	HIT(8, 37, "2001:db8::10:123", 123, 123, UDP, LOCAL),
	HIT(10, 37, "*:33434", 33434, 33434, UDP, LOCAL),
};

/* Windows netstat -ano: TCP, UDP, CRLF; port 0 and *:* name none. */
static const struct want netstat_ano_windows[] = {
	HIT(4, 9, "0.0.0.0:135", 135, 135, TCP, LOCAL),
	HIT(5, 9, "0.0.0.0:445", 445, 445, TCP, LOCAL),
	HIT(6, 9, "192.0.2.10:49712", 49712, 49712, TCP, LOCAL),
	HIT(6, 32, "198.51.100.7:443", 443, 443, TCP, REMOTE),
	HIT(7, 9, "127.0.0.1:5939", 5939, 5939, TCP, LOCAL),
	HIT(7, 32, "127.0.0.1:49670", 49670, 49670, TCP, REMOTE),
	HIT(8, 9, "[::]:135", 135, 135, TCP, LOCAL),
	HIT(9, 9, "[::1]:49669", 49669, 49669, TCP, LOCAL),
	HIT(10, 9, "0.0.0.0:5353", 5353, 5353, UDP, LOCAL),
	HIT(11, 9, "[2001:db8::10%12]:546", 546, 546, UDP, LOCAL),
};

/*
 * conntrack -L: sport= and dport= of both directions, with the line's
 * protocol; not its protocol numbers, timeouts, IPv6 addresses, ids.
 */
static const struct want conntrack_L[] = {
	HIT(1, 68, "51514", 51514, 51514, TCP, NOSIDE),
	HIT(1, 80, "22", 22, 22, TCP, NOSIDE),
	HIT(1, 121, "22", 22, 22, TCP, NOSIDE),
	HIT(1, 130, "51514", 51514, 51514, TCP, NOSIDE),
	HIT(2, 54, "40211", 40211, 40211, UDP, NOSIDE),
	HIT(2, 66, "53", 53, 53, UDP, NOSIDE),
	HIT(2, 108, "53", 53, 53, UDP, NOSIDE),
	HIT(2, 117, "40211", 40211, 40211, UDP, NOSIDE),
	HIT(3, 63, "44806", 44806, 44806, TCP, NOSIDE),
	HIT(3, 75, "443", 443, 443, TCP, NOSIDE),
	HIT(3, 117, "443", 443, 443, TCP, NOSIDE),
	HIT(3, 127, "44806", 44806, 44806, TCP, NOSIDE),
	HIT(4, 63, "38112", 38112, 38112, TCP, NOSIDE),
	HIT(4, 75, "8080", 8080, 8080, TCP, NOSIDE),
	HIT(4, 132, "8080", 8080, 8080, TCP, NOSIDE),
	HIT(4, 143, "38112", 38112, 38112, TCP, NOSIDE),
	HIT(6, 56, "123", 123, 123, UDP, NOSIDE),
	HIT(6, 66, "123", 123, 123, UDP, NOSIDE),
	HIT(6, 110, "123", 123, 123, UDP, NOSIDE),
	HIT(6, 120, "123", 123, 123, UDP, NOSIDE),
};

/*
 * Log lines: sshd's "port N" (and "port N:11:"), nginx's upstream,
 * a referrer, the kernel's packet log (PROTO=, SPT=, DPT=), Postfix's
 * relay=, BIND's addr#port, a logfmt addr=.
 */
static const struct want logs[] = {
	HIT(1, 65, "22", 22, 22, ANY, NOSIDE),
	HIT(2, 60, "22", 22, 22, ANY, NOSIDE),
	HIT(3, 85, "51514", 51514, 51514, ANY, NOSIDE),
	HIT(4, 76, "40022", 40022, 40022, ANY, NOSIDE),
	HIT(5, 94, "40022", 40022, 40022, ANY, NOSIDE),
	HIT(6, 211, "http://127.0.0.1:3000/api/v1/items", 3000, 3000, ANY,
	    NOSIDE),
	HIT(7, 83, "https://example.org/start", 443, 443, ANY, NOSIDE),
	HIT(8, 191, "51514", 51514, 51514, TCP, NOSIDE),
	HIT(8, 201, "23", 23, 23, TCP, NOSIDE),
	HIT(9, 188, "137", 137, 137, UDP, NOSIDE),
	HIT(9, 196, "137", 137, 137, UDP, NOSIDE),
	HIT(10, 83, "mx.example.org[203.0.113.25]:25", 25, 25, ANY, NOSIDE),
	HIT(11, 54, "198.51.100.7#53124", 53124, 53124, ANY, NOSIDE),
	HIT(12, 61, "[::]:9090", 9090, 9090, ANY, NOSIDE),
};

/* x is large: keep it off the stack. */
static struct extract x;

/* The names a port may be (extract_init): IANA's alone unless set. */
static unsigned lookup;
static struct pi_labels *labels;

/* Where line lineno (from 1) of text[0..len) starts. */
static size_t
line_start(const char *text, size_t len, unsigned long long lineno)
{
	const char *p = text, *nl;

	while (--lineno > 0 &&
	    (nl = memchr(p, '\n', len - (size_t)(p - text))) != NULL)
		p = nl + 1;
	return (size_t)(p - text);
}

/*
 * Reads text[0..len) to its end and compares every endpoint with
 * w[0..n), each of which must be the bytes of its line at its column;
 * says which differ.
 */
static int
same_hits(const char *text, size_t len, const struct want *w, size_t n)
{
	FILE *fp = fmemopen((void *)(uintptr_t)text, len, "r");
	struct extract_hit h;
	size_t i = 0, bad = 0, at;
	int r;

	assert_non_null(fp);
	extract_init(&x, fp, lookup, labels, NULL, NULL);
	while ((r = extract_next(&x, &h)) == 1) {
		const struct want *e = i < n ? &w[i] : NULL;
		int ok = e != NULL && h.lineno == e->lineno &&
		    h.len == strlen(e->text) &&
		    memcmp(h.text, e->text, h.len) == 0 &&
		    h.query.protos == e->protos &&
		    strcmp(h.side, e->side) == 0;

		if (ok) {
			at = line_start(text, len, h.lineno) + e->column;
			ok = at <= len && h.len <= len - at &&
			    memcmp(text + at, h.text, h.len) == 0;
		}
		if (ok && e->name == NULL)
			ok = h.query.kind == QUERY_PORT &&
			    h.query.lo == e->lo && h.query.hi == e->hi;
		else if (ok)
			ok = h.query.kind == QUERY_NAME &&
			    h.query.namelen == strlen(e->name) &&
			    memcmp(h.query.name, e->name, h.query.namelen) == 0;
		if (!ok) {
			print_error("hit %zu: line %llu '%.*s' "
			    "kind %d %u-%u protos %u side %s\n", i,
			    h.lineno, (int)h.len, h.text,
			    (int)h.query.kind, h.query.lo, h.query.hi,
			    h.query.protos, h.side);
			bad++;
		}
		i++;
	}
	if (r != 0 || i != n) {
		print_error("%zu hits, %zu wanted, last return %d\n", i, n, r);
		bad++;
	}
	fclose(fp);
	return bad == 0;
}

static void
check_file(const char *name, const struct want *w, size_t n)
{
	static char text[1 << 16];
	FILE *fp = fopen(name, "r");
	size_t len;

	if (fp == NULL)
		fail_msg("cannot open %s", name);
	len = fread(text, 1, sizeof(text), fp);
	assert_true(len < sizeof(text) && !ferror(fp));
	fclose(fp);
	assert_true(same_hits(text, len, w, n));
}

static void
check_text(const char *text, size_t len, const struct want *w, size_t n)
{
	if (!same_hits(text, len, w, n))
		fail_msg("in \"%.*s\"", (int)len, text);
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
	extract_init(&x, fp, 0, NULL, NULL, NULL);
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
	check_file(TOOLS "ss-tn-state-established.txt", ss_tn_state,
	    NCASES(ss_tn_state));
	CHECK_TEXT("Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
	    "0 0 db:5432 web:40000\nTotal: 1\n"
	    "0 0 db.example:5432 10.0.0.9:40000\n", ss_queues);
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
	static const struct want named[] = {
		HIT(1, 15, "ftp-data:ssh", 20, 22, TCP, NOSIDE),
		HIT(1, 36, "5000:x11", 5000, 6000, TCP, NOSIDE),
		NAMED(2, 9, "tproxy:8090", "tproxy", UDP, NOSIDE),
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
	/* A name for a bound of a range, its first port; reversed, none. */
	CHECK_TEXT("-p tcp --dport ftp-data:ssh --sport 5000:x11\n"
	    "udp dpts:tproxy:8090\n", named);
	CHECK_NONE("--dport x11:5000 --dport nosuch:ssh --dport ssh:\n"
	    "tcp dpts:x11:5000 dpts::ssh dpts:ssh:x11:6010\n");
}

/*
 * A line longer than any buffer: the endpoints after a megabyte of
 * words, and after a word too long to be read, are still found.
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
	extract_init(&x, fp, 0, NULL, NULL, NULL);
	assert_int_equal(extract_next(&x, &h), 1);
	assert_int_equal(h.query.lo, 81);
	assert_int_equal(extract_next(&x, &h), 1);
	assert_int_equal(h.query.lo, 82);
	assert_int_equal(h.lineno, 1);
	assert_int_equal(extract_next(&x, &h), 1);
	assert_int_equal(h.query.lo, 84);
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
	extract_init(&x, fp, 0, NULL, NULL, NULL);
	assert_int_equal(extract_next(&x, &h), 1);
	assert_int_equal(h.len, n);
	assert_int_equal(h.query.lo, 12345);
	assert_int_equal(extract_next(&x, &h), 0);
	fclose(fp);
	free(text);
}

#define CHECK_FILE(name, w) check_file(TOOLS name ".txt", w, NCASES(w))

/* The other systems' socket tables, firewalls, scanners, clusters, logs. */
static void
test_more_tools(void **state)
{
	(void)state;
	CHECK_FILE("iptables-L", iptables_L);
	CHECK_FILE("iptables-L-n", iptables_L_n);
	CHECK_FILE("iptables-L-nv-line-numbers", iptables_L_nv_line_numbers);
	CHECK_FILE("firewall-cmd-list-all", firewall_cmd_list_all);
	CHECK_FILE("firewall-cmd", firewall_cmd);
	CHECK_FILE("ufw-status", ufw_status);
	CHECK_FILE("ufw-status-numbered", ufw_status_numbered);
	CHECK_FILE("nmap", nmap);
	CHECK_FILE("nmap-oG", nmap_oG);
	CHECK_FILE("nmap-oX", nmap_oX);
	CHECK_FILE("kubectl-get-svc", kubectl_get_svc);
	CHECK_FILE("netstat-an-macos", netstat_an_macos);
	CHECK_FILE("sockstat", sockstat);
	CHECK_FILE("netstat-ano-windows", netstat_ano_windows);
	CHECK_FILE("conntrack-L", conntrack_L);
	CHECK_FILE("logs", logs);
}

/* What people see in those outputs that is no port. */
static void
test_not_ports(void **state)
{
	(void)state;
	/* Counts. */
	CHECK_NONE("Not shown: 995 closed tcp ports (reset)\n"
	    "Ignored State: filtered (997)\nAll 1000 scanned ports are closed");
	/* Times, durations, ages, sizes, pids, descriptors. */
	CHECK_NONE("at 09:12 and 09:40:02 in 7.12 seconds, up 3d4h, 41d ago");
	CHECK_NONE("118K 12M pid 6471 fd 3 pid=6471,fd=3 812/sshd 6471#6471:");
	/* Rule numbers, prefix lengths, MAC addresses. */
	CHECK_NONE("[ 1] Anywhere DENY OUT\n"
	    "[12] 192.0.2.0/24 2001:db8::/32 /24");
	CHECK_NONE("MAC Address: 02:00:5E:10:00:01 (Unknown)\n"
	    "MAC=02:00:5e:10:00:01:02:00:5e:10:00:02:08:00");
	/* Versions. */
	CHECK_NONE("nginx 1.22.1 OpenSSH 9.2p1 2+deb12u2 postgres:16.4 "
	    "redis:7.2-alpine image: nginx:1.25 HTTP/1.1 Mozilla/5.0");
	/* Protocol numbers: iptables -L's column, conntrack's. */
	CHECK_NONE("ACCEPT 6 -- 0.0.0.0/0 0.0.0.0/0\n"
	    "udp 17 29 src=192.0.2.1\n");
	CHECK_NONE("icmp 1 29 src=192.0.2.10 type=8 code=0 id=1234\n");
	/* ufw's (v6) and words, an address before a "--". */
	CHECK_NONE("Anywhere (v6) ALLOW Anywhere (v6)\n-- ------ ----");
	/* The URLs of banners, which name no port. */
	CHECK_NONE("Starting Nmap 7.94 ( https://nmap.org ) at 2024-05-01\n"
	    "Please report incorrect results at https://nmap.org/submit/ .\n"
	    "Starting masscan 1.3.2 (http://bit.ly/14GZzcT) at 2024-05-01");
	/* conntrack's IPv6 addresses, though its line starts as netstat's. */
	CHECK_NONE("tcp 6 86 SYN_SENT src=2001:db8::10 dst=2001:db8::80\n");
	/* Places in source files, as logs and tracebacks write them. */
	CHECK_NONE("serv.c:1231 main.go:42 at app.py:12 (xcb_in.c:722) "
	    "index.js:7");
	/* ss -e's inode and socket after the addresses. */
	CHECK_NONE("tcp LISTEN 0 128 0.0.0.0:* 0.0.0.0:* ino:20911 sk:1 "
	    "uid:0 cgroup:/system.slice/ssh.service");
}

/*
 * A host without a dot is a host only where it looks like one, or in a
 * table of sockets, where names are what the tool resolved.
 */
static void
test_host_names(void **state)
{
	static const struct want prose[] = {
		HIT(1, 0, "localhost:22", 22, 22, ANY, NOSIDE),
		HIT(1, 13, "db.example:5432", 5432, 5432, ANY, NOSIDE),
		HIT(1, 49, "http://192.0.2.1:8080", 8080, 8080, ANY, NOSIDE),
	};
	static const struct want table[] = {
		HIT(1, 8, "db:5432", 5432, 5432, TCP, LOCAL),
		HIT(1, 16, "web:80", 80, 80, TCP, REMOTE),
	};

	(void)state;
	CHECK_TEXT("localhost:22 db.example:5432 db:5432 Note:8080 "
	    "( http://192.0.2.1:8080 )", prose);
	CHECK_TEXT("tcp 0 0 db:5432 web:80 ESTABLISHED", table);
}

/*
 * Every keyword and key of the rules, each followed by its value: the
 * protocol where the line gives one, before or just after the port.
 */
static void
test_keywords(void **state)
{
	static const struct want words[] = {
		HIT(1, 19, "1", 1, 1, ANY, NOSIDE),
		HIT(2, 20, "2", 2, 2, ANY, NOSIDE),
		HIT(3, 8, "3", 3, 3, ANY, NOSIDE),
		HIT(4, 9, "4", 4, 4, ANY, NOSIDE),
		HIT(5, 8, "5", 5, 5, ANY, NOSIDE),
		HIT(6, 14, "6", 6, 6, ANY, NOSIDE),
		HIT(7, 15, "7", 7, 7, ANY, NOSIDE),
		HIT(8, 8, "8", 8, 8, ANY, NOSIDE),
		HIT(9, 9, "9", 9, 9, ANY, NOSIDE),
		HIT(10, 11, "10", 10, 10, ANY, NOSIDE),
		HIT(11, 6, "11", 11, 11, ANY, NOSIDE),
		HIT(12, 7, "12", 12, 12, ANY, NOSIDE),
		HIT(13, 5, "13", 13, 13, ANY, NOSIDE),
		HIT(14, 6, "14", 14, 14, ANY, NOSIDE),
		HIT(15, 7, "15", 15, 15, ANY, NOSIDE),
		HIT(16, 6, "16", 16, 16, ANY, NOSIDE),
		HIT(17, 7, "17", 17, 17, ANY, NOSIDE),
		HIT(18, 4, "18", 18, 18, ANY, NOSIDE),
		HIT(19, 4, "19", 19, 19, ANY, NOSIDE),
		HIT(20, 4, "20", 20, 20, ANY, NOSIDE),
		HIT(21, 6, "21", 21, 21, ANY, NOSIDE),
		HIT(22, 4, "22", 22, 22, ANY, NOSIDE),
		HIT(23, 5, "23:24", 23, 24, ANY, NOSIDE),
		HIT(24, 5, "25", 25, 25, ANY, NOSIDE),
		HIT(25, 7, "26", 26, 26, ANY, NOSIDE),
		HIT(26, 6, "27", 27, 27, ANY, NOSIDE),
		HIT(27, 4, "28", 28, 28, ANY, NOSIDE),
		HIT(28, 5, "29:30", 29, 30, ANY, NOSIDE),
		HIT(29, 8, "31", 31, 31, ANY, NOSIDE),
		HIT(30, 3, "[::1]:32", 32, 32, ANY, NOSIDE),
		HIT(31, 7, "33", 33, 33, ANY, NOSIDE),
		HIT(32, 14, "34", 34, 34, UDP, NOSIDE),
		HIT(33, 17, "35", 35, 35, UDP, NOSIDE),
		HIT(34, 5, "36", 36, 36, UDP, NOSIDE),
		HIT(35, 11, "37", 37, 37, UDP, NOSIDE),
		HIT(36, 8, "38/tcp", 38, 38, TCP, NOSIDE),
		HIT(37, 6, "39/udp", 39, 39, UDP, NOSIDE),
	};

	(void)state;
	CHECK_TEXT("--destination-port 1\n--destination-ports 2\n--dport 3\n"
	    "--dports 4\n--ports 5\n--source-port 6\n--source-ports 7\n"
	    "--sport 8\n--sports 9\n--to-ports 10\ndport 11\ndports 12\n"
	    "port 13\nports 14\nports: 15\nsport 16\nsports 17\nto :18\n"
	    "DPT=19\nSPT=20\ndport=21\ndpt:22\ndpts:23:24\nport=25\n"
	    "portid=26\nsport=27\nspt:28\nspts:29:30\nto-port=31\n"
	    "to:[::1]:32\ntoport=33\nPROTO=UDP SPT=34\nproto=udp toport=35\n"
	    "port=36:proto=udp\nport port=\"37\" protocol=\"udp\"\n"
	    "--dport=38/tcp\n--x=y=39/udp", words);
}

/* Each line's bytes as echoed, and its end, for a reader that shows it. */
static char echoed[256];
static size_t nechoed;

static void
echo(void *arg, const char *s, size_t n)
{
	(void)arg;
	assert_true(n <= sizeof(echoed) - nechoed);
	memcpy(echoed + nechoed, s, n);
	nechoed += n;
}

/*
 * The next event is the end of line lineno, ended by the last nl bytes
 * of "\r\n", which are not echoed.
 */
static void
expect_eol(unsigned long long lineno, size_t nl)
{
	struct extract_hit h;

	assert_int_equal(extract_next(&x, &h), EXTRACT_EOL);
	assert_int_equal(h.lineno, lineno);
	assert_int_equal(h.len, nl);
	memcpy(echoed + nechoed, &"\r\n"[2 - nl], nl);
	nechoed += nl;
}

static void
expect_hit(unsigned long long lineno, unsigned port)
{
	struct extract_hit h;

	assert_int_equal(extract_next(&x, &h), EXTRACT_HIT);
	assert_int_equal(h.lineno, lineno);
	assert_int_equal(h.query.lo, port);
}

/*
 * With an echo, every byte comes back in order, and each line's end
 * comes after its endpoints, as many as there are lines.
 */
static void
test_echo(void **state)
{
	static const char text[] = "tcp LISTEN 0 1 127.0.0.1:22 *:*\r\n\n"
	    "\t\xff x 192.0.2.1:80 \0 [::1]:443\nlast 127.0.0.1:81";
	FILE *fp = fmemopen((void *)(uintptr_t)text, sizeof(text) - 1, "r");
	struct extract_hit h;

	(void)state;
	assert_non_null(fp);
	nechoed = 0;
	extract_init(&x, fp, 0, NULL, echo, NULL);
	expect_hit(1, 22);
	expect_eol(1, 2);
	expect_eol(2, 1);
	expect_hit(3, 80);
	expect_hit(3, 443);
	expect_eol(3, 1);
	expect_hit(4, 81);
	expect_eol(4, 0);
	assert_int_equal(extract_next(&x, &h), EXTRACT_END);
	assert_int_equal(extract_next(&x, &h), EXTRACT_END);
	assert_int_equal(nechoed, sizeof(text) - 1);
	assert_memory_equal(echoed, text, nechoed);
	fclose(fp);
}

/*
 * A line is answered as soon as it is written: reading ahead stops at
 * its end, so a line from a pipe that is still open gives its
 * endpoints and its end without waiting for the next one.
 */
static void
test_line_at_once(void **state)
{
	static const char line[] = "LISTEN 0 1 127.0.0.1:22 *:* x\n";
	struct extract_hit h;
	int fd[2];
	FILE *fp;

	(void)state;
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], line, sizeof(line) - 1),
	    (ssize_t)sizeof(line) - 1);
	assert_non_null(fp = fdopen(fd[0], "r"));
	nechoed = 0;
	extract_init(&x, fp, 0, NULL, echo, NULL);
	alarm(10);
	expect_hit(1, 22);
	expect_eol(1, 1);
	alarm(0);
	close(fd[1]);
	assert_int_equal(extract_next(&x, &h), EXTRACT_END);
	fclose(fp);
}

/* Labels read from text, as if from a file in /etc/services' format. */
static struct pi_labels *
load_labels(const char *text)
{
	char path[] = "/tmp/test_extract.XXXXXX";
	struct pi_label_file f = { path, PI_SOURCE_HOST, 0 };
	struct pi_labels *set = NULL;
	FILE *fp;
	int fd;

	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(fp = fdopen(fd, "w"));
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(pi_labels_load(&set, &f, 1, stderr), 0);
	unlink(path);
	assert_non_null(set);
	return set;
}

/*
 * A service name written as a port counts when its query would find
 * it: IANA's names always; aliases (postgres) and common uses
 * (prometheus) when the lookup has PI_COMMON; labels' names and aliases
 * when labels are given.  Any other name is no endpoint, but where the
 * notation is sure of one, in a table of sockets or after iptables -L's
 * dpt: and spt:, whose tools write their host's names: there any name
 * is handed out, for its query to say it is unknown.
 */
static void
test_names(void **state)
{
	static const char text[] = "tcp dport postgres accept\n"
	    "tcp dport prometheus accept\n"
	    "tcp dport ledger accept\n"
	    "tcp dport Billing-API accept\n"
	    "LISTEN 0 128 *:nicname *:nosuchname\n";
	static const struct want iana[] = {
		NAMED(5, 13, "*:nicname", "nicname", TCP, LOCAL),
		NAMED(5, 23, "*:nosuchname", "nosuchname", TCP, REMOTE),
	};
	static const struct want common[] = {
		NAMED(1, 10, "postgres", "postgres", TCP, NOSIDE),
		NAMED(2, 10, "prometheus", "prometheus", TCP, NOSIDE),
		NAMED(5, 13, "*:nicname", "nicname", TCP, LOCAL),
		NAMED(5, 23, "*:nosuchname", "nosuchname", TCP, REMOTE),
	};
	static const struct want labelled[] = {
		NAMED(3, 10, "ledger", "ledger", TCP, NOSIDE),
		NAMED(4, 10, "Billing-API", "Billing-API", TCP, NOSIDE),
		NAMED(5, 13, "*:nicname", "nicname", TCP, LOCAL),
		NAMED(5, 23, "*:nosuchname", "nosuchname", TCP, REMOTE),
	};
	static const struct want all[] = {
		NAMED(1, 10, "postgres", "postgres", TCP, NOSIDE),
		NAMED(2, 10, "prometheus", "prometheus", TCP, NOSIDE),
		NAMED(3, 10, "ledger", "ledger", TCP, NOSIDE),
		NAMED(4, 10, "Billing-API", "Billing-API", TCP, NOSIDE),
		NAMED(5, 13, "*:nicname", "nicname", TCP, LOCAL),
		NAMED(5, 23, "*:nosuchname", "nosuchname", TCP, REMOTE),
	};
	/* Debian's netbase names, which IANA lacks, as the tools write them. */
	static const struct want host[] = {
		NAMED(1, 27, "0.0.0.0:tproxy", "tproxy", TCP, LOCAL),
		NAMED(2, 32, "*:omniorb", "omniorb", TCP, LOCAL),
		NAMED(3, 4, "10.0.0.1:bbs", "bbs", TCP, LOCAL),
		NAMED(3, 18, "10.0.0.2:iprop", "iprop", TCP, REMOTE),
		NAMED(4, 26, "x", "x", UDP, NOSIDE),
		NAMED(5, 30, "0.0.0.0:rplay", "rplay", UDP, LOCAL),
		NAMED(5, 44, "10.0.0.3:zope", "zope", UDP, REMOTE),
	};
	struct pi_labels *set;

	(void)state;
	set = load_labels("billing-api 7410/tcp ledger # Billing API\n");
	CHECK_TEXT(text, iana);
	lookup = PI_PROTO_ANY | PI_COMMON;
	CHECK_TEXT(text, common);
	labels = set;
	CHECK_TEXT(text, all);
	lookup = PI_PROTO_ANY;
	CHECK_TEXT(text, labelled);
	lookup = 0;
	labels = NULL;
	pi_labels_free(set);
	CHECK_TEXT("LISTEN 0      4096         0.0.0.0:tproxy      0.0.0.0:*\n"
	    "java 812 root 3u IPv4 1 0t0 TCP *:omniorb (LISTEN)\n"
	    "TCP 10.0.0.1:bbs->10.0.0.2:iprop (ESTABLISHED)\n"
	    "ACCEPT udp -- a b udp dpt:x\n"
	    "udp   UNCONN 0      0         0.0.0.0:rplay 10.0.0.3:zope\n", host);
	/* Elsewhere an unknown name is none. */
	CHECK_NONE("tcp dport tproxy accept\n--sport omniorb\n"
	    "example.com:tproxy db.example:x\n");
	/* A protocol word or a word no name is, whatever is sure. */
	CHECK_NONE("tcp dport udp accept\nLISTEN 0 128 *:tcp *:*\n"
	    "LISTEN 0 128 *:-x *:_y\nudp dpt:udp dpt:-\n");
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
		cmocka_unit_test(test_more_tools),
		cmocka_unit_test(test_not_ports),
		cmocka_unit_test(test_host_names),
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_line_at_once),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
