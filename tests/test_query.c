/* The query parser: every form, its boundaries and its errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "portinfo.h"
#include "query.h"

/* The messages as the user reads them. */
#define E_LONG		"query longer than 4096 bytes"
#define E_EMPTY		"empty query"
#define E_NOTQUERY	"not a port, range or service name"
#define E_RANGE		"port out of range (0-65535)"
#define E_DECIMAL	"port must be decimal digits only"
#define E_SIGN		"port must not have a sign"
#define E_REVERSED	"reversed range"
#define E_NOEND		"missing end of range"
#define E_PROTO		"unknown protocol"
#define E_PROTOFIRST	"unknown protocol; write the port first, as in 22/tcp"
#define E_V4		"an IPv4 address without a port"
#define E_V4DOT		"an address and a port joined by '.'; write address:port"
#define E_NOHEAD	"missing port or service name before '/'"
#define E_NOPROTO	"missing protocol after '/'"
#define E_SLASHES	"more than one '/'"
#define E_NOPORTAFTER	"missing port after ':'"
#define E_NOPORT	"no port"
#define E_V6		"IPv6 address needs brackets, as in [2001:db8::1]:443"
#define E_BADV6		"invalid IPv6 address in brackets"
#define E_NOBRACKET	"missing ']' after IPv6 address"
#define E_AFTERBRACKET	"expected ':' after ']'"
#define E_HOST		"invalid character in host"
#define E_HOSTRANGE	"a range cannot follow a host"
#define E_SCHEME	"invalid URL scheme"
#define E_URLCHAR	"invalid character in URL"
#define E_URLHOST	"missing host in URL"
#define E_URLPORT	"unknown scheme and no port"
#define E_PAIR		"a connection pair local->remote names two endpoints; give one"
#define E_PROCADDR	"a /proc/net address, whose port is hexadecimal; give it in decimal"

#define ANY	PI_PROTO_ANY
#define TCP	PI_TCP
#define UDP	PI_UDP
#define SCTP	PI_SCTP
#define DCCP	PI_DCCP

struct want {
	const char *text;
	size_t len;		/* literals may hold NUL bytes */
	enum query_kind kind;
	unsigned lo, hi;
	const char *name;
	unsigned protos;
	const char *error;
};

#define RANGE(t, l, h, p) { t, sizeof(t) - 1, QUERY_PORT, l, h, NULL, p, NULL }
#define PORT(t, n, p)	RANGE(t, n, n, p)
#define NAME(t, n, p)	{ t, sizeof(t) - 1, QUERY_NAME, 0, 0, n, p, NULL }
#define BAD(t, e)	{ t, sizeof(t) - 1, QUERY_INVALID, 0, 0, NULL, ANY, e }
#define NCASES(a)	(sizeof(a) / sizeof(a[0]))

/* The text with every byte outside printable ASCII shown as \xHH. */
static const char *
shown(const char *s, size_t n)
{
	static char out[256];
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < n && o + 5 < sizeof(out); i++) {
		c = (unsigned char)s[i];
		if (c >= ' ' && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    "\\x%02x", c);
	}
	out[o] = '\0';
	return out;
}

/* What every parse must satisfy, whatever the input. */
static int
sane(const char *text, size_t len, const struct query *q)
{
	if (q->protos == 0 || (q->protos & ~ANY) != 0 ||
	    (q->other_host != 0 && q->other_host != 1) ||
	    (q->other_host && q->kind == QUERY_INVALID))
		return 0;
	switch (q->kind) {
	case QUERY_PORT:
		return q->error == NULL && q->lo <= q->hi &&
		    q->hi <= PI_PORT_MAX && len <= QUERY_MAX;
	case QUERY_NAME:
		return q->error == NULL && q->namelen > 0 &&
		    q->name >= text && q->namelen <= len &&
		    (size_t)(q->name - text) <= len - q->namelen;
	case QUERY_INVALID:
		return q->error != NULL && q->error[0] != '\0' &&
		    q->protos == ANY;
	}
	return 0;
}

/* Whether the parse of w matches it; says why not. */
static int
check(const struct want *w)
{
	struct query q;
	const char *why = NULL;

	memset(&q, 0xa5, sizeof(q));
	query_parse(w->text, w->len, &q);
	if (!sane(w->text, w->len, &q))
		why = "insane result";
	else if (q.kind != w->kind)
		why = "wrong kind";
	else if (q.protos != w->protos)
		why = "wrong protocols";
	else if (q.kind == QUERY_PORT && (q.lo != w->lo || q.hi != w->hi))
		why = "wrong port";
	else if (q.kind == QUERY_NAME && (q.namelen != strlen(w->name) ||
	    memcmp(q.name, w->name, q.namelen) != 0))
		why = "wrong name";
	else if (q.kind == QUERY_INVALID && strcmp(q.error, w->error) != 0)
		why = "wrong error";
	if (why == NULL)
		return 1;
	print_error("\"%s\": %s: kind %d ports %u-%u protos %u error \"%s\"\n",
	    shown(w->text, w->len), why, (int)q.kind, q.lo, q.hi, q.protos,
	    q.kind == QUERY_INVALID && q.error != NULL ? q.error : "");
	return 0;
}

static void
check_all(const struct want *w, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += !check(&w[i]);
	assert_int_equal(bad, 0);
}

static void
test_ports(void **state)
{
	static const struct want w[] = {
		PORT("0", 0, ANY), PORT("1", 1, ANY), PORT("22", 22, ANY),
		PORT("1023", 1023, ANY), PORT("1024", 1024, ANY),
		PORT("49151", 49151, ANY), PORT("49152", 49152, ANY),
		PORT("65535", 65535, ANY),
		/* Leading zeros are decimal, however many. */
		PORT("0022", 22, ANY), PORT("00", 0, ANY), PORT("080", 80, ANY),
		PORT("065535", 65535, ANY),
		PORT("000000000000000000000000000000000000000022", 22, ANY),
	};

	(void)state;
	check_all(w, NCASES(w));
}

static void
test_port_errors(void **state)
{
	static const struct want w[] = {
		BAD("65536", E_RANGE), BAD("65540", E_RANGE),
		BAD("99999", E_RANGE), BAD("100000", E_RANGE),
		BAD("0065536", E_RANGE),
		/* 2^32 + 22 and 2^64 + 22 wrap to 22 without checks. */
		BAD("4294967318", E_RANGE),
		BAD("18446744073709551638", E_RANGE),
		BAD("000018446744073709551638", E_RANGE),
		BAD("99999999999999999999999", E_RANGE),
		BAD("+22", E_SIGN), BAD("-1", E_SIGN), BAD("-0", E_SIGN),
		BAD("+0", E_SIGN), BAD("-65536", E_SIGN),
		BAD("0x16", E_DECIMAL), BAD("0X16", E_DECIMAL),
		BAD("1e3", E_DECIMAL), BAD("1E3", E_DECIMAL),
		BAD("22.0", E_DECIMAL), BAD("22.", E_DECIMAL),
		BAD("22abc", E_DECIMAL), BAD("22_", E_DECIMAL),
		BAD("22*", E_DECIMAL), BAD("22+", E_DECIMAL),
		BAD(" 22", E_NOTQUERY), BAD("22 ", E_NOTQUERY),
		BAD("2 2", E_NOTQUERY), BAD("\t22", E_NOTQUERY),
		BAD("22\n", E_NOTQUERY), BAD("22\r", E_NOTQUERY),
		BAD("\"22\"", E_NOTQUERY), BAD("'22'", E_NOTQUERY),
		BAD("22\0", E_NOTQUERY), BAD("\0" "22", E_NOTQUERY),
		BAD("\xef\xbc\x92\xef\xbc\x92", E_NOTQUERY), /* fullwidth 22 */
		BAD(".22", E_NOTQUERY), BAD("", E_EMPTY),
		BAD("-", E_NOTQUERY), BAD("+", E_NOTQUERY),
		/* An address, not a port: said so. */
		BAD("127.0.0.1", E_V4), BAD("192.0.2.10", E_V4),
		BAD("10.0.0.1/tcp", E_V4), BAD("127.0.0.1.22", E_V4DOT),
		BAD("1.2.3", E_DECIMAL), BAD("1.2.3.4.5.6", E_DECIMAL),
		BAD("1.2.3.4.", E_DECIMAL), BAD("1..3.4", E_DECIMAL),
		BAD("host:1.2.3.4", E_DECIMAL),
	};

	(void)state;
	check_all(w, NCASES(w));
}

static void
test_ranges(void **state)
{
	static const struct want w[] = {
		RANGE("8000-8100", 8000, 8100, ANY),
		RANGE("0-65535", 0, 65535, ANY),
		RANGE("0-0", 0, 0, ANY), RANGE("22-22", 22, 22, ANY),
		RANGE("65535-65535", 65535, 65535, ANY),
		RANGE("1023-1024", 1023, 1024, ANY),
		RANGE("0022-00023", 22, 23, ANY),
		BAD("8100-8000", E_REVERSED), BAD("1-0", E_REVERSED),
		BAD("65535-0", E_REVERSED),
		BAD("0-65536", E_RANGE), BAD("65536-65537", E_RANGE),
		BAD("65536-1", E_RANGE),
		BAD("1-99999999999999999999", E_RANGE),
		BAD("22-", E_NOEND), BAD("-22", E_SIGN), BAD("-22-23", E_SIGN),
		BAD("22--23", E_DECIMAL), BAD("1-2-3", E_DECIMAL),
		BAD("22-+23", E_DECIMAL), BAD("22-0x20", E_DECIMAL),
		BAD("22-23.", E_DECIMAL), BAD("22 -23", E_NOTQUERY),
		BAD("22- 23", E_NOTQUERY),
	};

	(void)state;
	check_all(w, NCASES(w));
}

static void
test_names(void **state)
{
	static const struct want w[] = {
		NAME("ssh", "ssh", ANY), NAME("SSH", "SSH", ANY),
		NAME("sSh", "sSh", ANY), NAME("http-alt", "http-alt", ANY),
		/* Not in the registry: the caller says "unknown". */
		NAME("nosuchservice", "nosuchservice", ANY),
		NAME("e3", "e3", ANY), NAME("x16", "x16", ANY),
		NAME("a", "a", ANY), NAME("a-", "a-", ANY),
		NAME("ssh*", "ssh*", ANY),
		/* Legacy names, outside RFC 6335's syntax. */
		NAME("whois++", "whois++", ANY),
		NAME("sql*net", "sql*net", ANY),
		NAME("SQL*NET", "SQL*NET", ANY), NAME("z39.50", "z39.50", ANY),
		NAME("novell-lu6.2", "novell-lu6.2", ANY),
		NAME("LiebDevMgmt_A", "LiebDevMgmt_A", ANY),
		NAME("cl/1", "cl/1", ANY), NAME("CL/1", "CL/1", ANY),
		NAME("914c/g", "914c/g", ANY), NAME("914C/G", "914C/G", ANY),
		NAME("914c-g", "914c-g", ANY),
		NAME("EtherNet/IP-1", "EtherNet/IP-1", ANY),
		NAME("ethernet/ip-2", "ethernet/ip-2", ANY),
		/* Names that start with a digit exist only if registered. */
		NAME("3com-tsmux", "3com-tsmux", ANY),
		NAME("3COM-TSMUX", "3COM-TSMUX", ANY),
		NAME("9pfs", "9pfs", ANY), NAME("6a44", "6a44", ANY),
		NAME("802-11-iapp", "802-11-iapp", ANY),
		NAME("4-tieropmcli", "4-tieropmcli", ANY),
		BAD("3com-nosuch", E_DECIMAL), BAD("9pf", E_DECIMAL),
		BAD("802-11", E_REVERSED), BAD("914c", E_DECIMAL),
	};

	(void)state;
	check_all(w, NCASES(w));
}

static void
test_name_errors(void **state)
{
	static const struct want w[] = {
		BAD("ss h", E_NOTQUERY), BAD("ssh\x01", E_NOTQUERY),
		BAD("ssh\x7f", E_NOTQUERY), BAD("ssh\x1b[31m", E_NOTQUERY),
		BAD("caf\xc3\xa9", E_NOTQUERY), BAD("ssh\xff", E_NOTQUERY),
		BAD("ssh\0", E_NOTQUERY), BAD("\0", E_NOTQUERY),
		BAD("s\0sh", E_NOTQUERY), BAD("ssh;ls", E_NOTQUERY),
		BAD("ssh$", E_NOTQUERY), BAD("x\"y", E_NOTQUERY),
		BAD("a=b", E_NOTQUERY), BAD("ssh@", E_NOTQUERY),
		BAD("ssh#", E_NOTQUERY), BAD("a[b", E_NOTQUERY),
		BAD("*", E_NOTQUERY), BAD("_foo", E_NOTQUERY),
		BAD(".", E_NOTQUERY), BAD("--", E_NOTQUERY),
		BAD("+ssh", E_NOTQUERY), BAD("-ssh", E_NOTQUERY),
	};

	(void)state;
	check_all(w, NCASES(w));
}

static void
test_protocols(void **state)
{
	static const struct want w[] = {
		PORT("22/tcp", 22, TCP), PORT("22/udp", 22, UDP),
		PORT("22/sctp", 22, SCTP), PORT("22/dccp", 22, DCCP),
		PORT("22/TCP", 22, TCP), PORT("22/Udp", 22, UDP),
		PORT("0022/tcp", 22, TCP), PORT("0/udp", 0, UDP),
		PORT("65535/dccp", 65535, DCCP),
		RANGE("8000-8100/tcp", 8000, 8100, TCP),
		NAME("ssh/udp", "ssh", UDP), NAME("SSH/TCP", "SSH", TCP),
		NAME("nosuch/tcp", "nosuch", TCP),
		NAME("whois++/tcp", "whois++", TCP),
		NAME("cl/1/tcp", "cl/1", TCP),
		NAME("914c/g/udp", "914c/g", UDP),
		NAME("3com-tsmux/udp", "3com-tsmux", UDP),
		BAD("22/icmp", E_PROTO), BAD("22/tcpx", E_PROTO),
		BAD("22/tc", E_PROTO), BAD("22/tcp ", E_PROTO),
		BAD("22/t\0cp", E_PROTO), BAD("22/1", E_PROTO),
		BAD("ssh/icmp", E_PROTO), BAD("foo/bar", E_PROTO),
		BAD("tcp/22", E_PROTOFIRST), BAD("UDP/53", E_PROTOFIRST),
		BAD("tcp/ssh", E_PROTO), BAD("tcp/22x", E_PROTO),
		BAD("cl/2", E_PROTO), BAD("8000-8100/ip", E_PROTO),
		BAD("/tcp", E_NOHEAD), BAD("/", E_NOHEAD), BAD("//", E_NOPROTO),
		BAD("22/", E_NOPROTO), BAD("ssh/", E_NOPROTO),
		BAD("22/tcp/udp", E_SLASHES), BAD("22//tcp", E_SLASHES),
		BAD("a/b/c", E_SLASHES),
		BAD("65536/tcp", E_RANGE), BAD("+22/tcp", E_SIGN),
		BAD("8100-8000/udp", E_REVERSED), BAD("0x16/tcp", E_DECIMAL),
		BAD(" 22/tcp", E_NOTQUERY), BAD("914c/tcp", E_DECIMAL),
		/* lsof -i's protocol:port, any case; a range too. */
		PORT("tcp:22", 22, TCP), PORT("udp:53", 53, UDP),
		PORT("SCTP:53", 53, SCTP), PORT("Dccp:53", 53, DCCP),
		PORT("tcp:0022", 22, TCP), PORT("tcp:53/tcp", 53, TCP),
		RANGE("udp:8000-8100", 8000, 8100, UDP),
		NAME("tcp:ssh", "ssh", TCP), NAME("udp:3com-tsmux",
		    "3com-tsmux", UDP),
		BAD("tcp:", E_NOPORTAFTER), BAD("tcp:53/udp", "two protocols"),
		BAD("tcp:65536", E_RANGE), BAD("tcp:-1", E_SIGN),
	};

	(void)state;
	check_all(w, NCASES(w));
}

static void
test_hostport(void **state)
{
	static const struct want w[] = {
		PORT("192.0.2.7:8080", 8080, ANY),
		PORT("localhost:22", 22, ANY), PORT("example.com:0", 0, ANY),
		PORT("example.com:65535", 65535, ANY),
		PORT("host:0022", 22, ANY), PORT("h:1", 1, ANY),
		PORT("[2001:db8::1]:443", 443, ANY), PORT("[::1]:22", 22, ANY),
		PORT("[::]:80", 80, ANY), PORT("[fe80::1%eth0]:22", 22, ANY),
		PORT("[::ffff:192.0.2.1]:80", 80, ANY),
		PORT("[2001:DB8::A]:8443", 8443, ANY),
		PORT("192.0.2.7:53/udp", 53, UDP),
		PORT("[::1]:53/udp", 53, UDP),
		PORT("example.com:443/TCP", 443, TCP),
		NAME("example.com:https", "https", ANY),
		NAME("example.com:HTTPS/tcp", "HTTPS", TCP),
		NAME("host:3com-tsmux", "3com-tsmux", ANY),
		NAME("[::1]:ssh", "ssh", ANY),
		PORT(":22", 22, ANY), PORT(":0022/udp", 22, UDP),
		NAME(":ssh", "ssh", ANY), RANGE(":8000-8100", 8000, 8100, ANY),
		BAD(":", E_NOPORTAFTER), BAD(":/tcp", E_NOPORTAFTER),
		BAD(":99999", E_RANGE), BAD(":22:", E_V6), BAD("::", E_V6),
		BAD("host:", E_NOPORTAFTER), BAD("22:", E_NOPORTAFTER),
		BAD("[::1]:", E_NOPORTAFTER), BAD("[::1]", E_NOPORT),
		BAD("[::1", E_NOBRACKET), BAD("[", E_NOBRACKET),
		BAD("[::1]x", E_AFTERBRACKET), BAD("[::1]22", E_AFTERBRACKET),
		BAD("[::1]]:22", E_AFTERBRACKET),
		BAD("[]:22", E_BADV6), BAD("[]", E_BADV6),
		BAD("[example.com]:22", E_BADV6), BAD("[1.2.3.4]:22", E_BADV6),
		BAD("[::1%]:22", E_BADV6), BAD("[::1%a%b]:22", E_BADV6),
		BAD("[::1% a]:22", E_BADV6), BAD("[::g]:22", E_BADV6),
		BAD("2001:db8::1", E_V6), BAD("::1", E_V6),
		BAD("2001:db8::1:443", E_V6), BAD("a:b:c", E_V6),
		BAD("host:99999", E_RANGE), BAD("host:65536", E_RANGE),
		BAD("host:-1", E_SIGN), BAD("host:+22", E_SIGN),
		BAD("host:0x16", E_DECIMAL), BAD("host:22.0", E_DECIMAL),
		BAD("host:22-23", E_HOSTRANGE), BAD("host:22-", E_NOEND),
		BAD("ho st:22", E_HOST), BAD("host\x01:22", E_HOST),
		BAD("ho[st:22", E_HOST), BAD("host\x7f:22", E_HOST),
		BAD("host: 22", E_NOTQUERY), BAD("host:22 ", E_NOTQUERY),
		BAD("host:s\0sh", E_NOTQUERY),
		BAD("host:22/icmp", E_PROTO), BAD("a/b:22/tcp", E_SLASHES),
	};

	(void)state;
	check_all(w, NCASES(w));
}

/* What other tools print, as a user pastes it. */
static void
test_tool_forms(void **state)
{
	static const struct want w[] = {
		/* iptables and ufw write a range with a colon. */
		RANGE("6000:6010/tcp", 6000, 6010, TCP),
		RANGE("22:80", 22, 80, ANY), RANGE("0:65535", 0, 65535, ANY),
		RANGE("0022:0023/udp", 22, 23, UDP), RANGE("7:7", 7, 7, ANY),
		BAD("80:22", E_REVERSED), BAD("1:65536", E_RANGE),
		BAD("65536:65537/tcp", E_RANGE),
		PORT("1.2:80", 80, ANY), PORT("x1:80", 80, ANY),
		/* netstat's IPv6 wildcard. */
		PORT(":::7000", 7000, ANY), PORT(":::53/udp", 53, UDP),
		PORT(":::0", 0, ANY), NAME(":::ssh", "ssh", ANY),
		BAD(":::", E_V6), BAD(":::*", E_NOTQUERY),
		BAD(":::99999", E_RANGE), BAD(":::22-23", E_HOSTRANGE),
		BAD("::1:631", E_V6), BAD("::::22", E_V6),
		/* lsof's pairs and Docker's mappings. */
		BAD("127.0.0.1:46840->127.0.0.1:5438", E_PAIR),
		BAD("[::1]:46758->[::1]:18443", E_PAIR),
		BAD("0.0.0.0:8080->80/tcp", E_PAIR), BAD("a->b", E_PAIR),
		PORT("http://h/a->b", 80, ANY),
		/* /proc/net/tcp's hexadecimal address and port. */
		BAD("0200007F:1771", E_PROCADDR),
		BAD("0100007F:0016", E_PROCADDR),
		BAD("00000000000000000000000001000000:0016", E_PROCADDR),
		BAD("0200007F:1771/tcp", E_PROCADDR),
		PORT("deadbeef:1771", 1771, ANY),
		PORT("0200007F.example:1771", 1771, ANY),
		PORT("0200007F:17711", 17711, ANY),
	};

	(void)state;
	check_all(w, NCASES(w));
}

static void
test_urls(void **state)
{
	static const struct want w[] = {
		PORT("http://example.com", 80, ANY),
		PORT("https://example.com", 443, ANY),
		PORT("HTTPS://EXAMPLE.COM", 443, ANY),
		PORT("hTtP://example.com/", 80, ANY),
		PORT("ftp://ftp.example.org/pub/file.txt", 21, ANY),
		PORT("ssh://git@example.com", 22, ANY),
		PORT("ssh://git@example.com:2222/repo.git", 2222, ANY),
		PORT("http://example.com:8080/path?q=1#frag", 8080, ANY),
		PORT("http://example.com:8080", 8080, ANY),
		PORT("http://example.com:0", 0, ANY),
		PORT("http://example.com:65535", 65535, ANY),
		PORT("http://example.com:00080", 80, ANY),
		PORT("http://example.com?q=1", 80, ANY),
		PORT("http://example.com#top", 80, ANY),
		PORT("http://example.com/a:b@c:99", 80, ANY),
		PORT("http://example.com/?x=[::1]:9", 80, ANY),
		/* RFC 3986: an empty port is the scheme's default. */
		PORT("http://example.com:/", 80, ANY),
		PORT("http://example.com:", 80, ANY),
		PORT("http://user@example.com", 80, ANY),
		PORT("http://user:secret@example.com:81/", 81, ANY),
		PORT("http://user:p@ss@example.com:82/", 82, ANY),
		PORT("http://user:pa:ss@example.com", 80, ANY),
		PORT("http://[2001:db8::1]/", 80, ANY),
		PORT("http://[2001:db8::1]:8443/x", 8443, ANY),
		PORT("https://[::1]", 443, ANY),
		PORT("http://[fe80::1%25eth0]:8080/", 8080, ANY),
		PORT("http://u@[::1]:8081", 8081, ANY),
		PORT("http://192.0.2.7:8000", 8000, ANY),
		PORT("http://caf\xc3\xa9.example/", 80, ANY),
		/* A path is a path, not a protocol. */
		PORT("https://example.com/tcp", 443, ANY),
		PORT("http://example.com:8080/udp", 8080, ANY),
		/* Any valid scheme with an explicit port. */
		PORT("x://host:1", 1, ANY), PORT("a.b-c+d://h:9", 9, ANY),
		PORT("nosuchscheme://host:7", 7, ANY),
	};

	(void)state;
	check_all(w, NCASES(w));
}

static void
test_url_errors(void **state)
{
	static const struct want w[] = {
		BAD("x://", E_URLHOST), BAD("http://", E_URLHOST),
		BAD("http:///path", E_URLHOST), BAD("file:///etc/passwd",
		    E_URLHOST),
		BAD("http://user@/x", E_URLHOST), BAD("http://@", E_URLHOST),
		BAD("http://:80", E_URLHOST), BAD("http://?q", E_URLHOST),
		BAD("nosuchscheme://host", E_URLPORT),
		BAD("x://host", E_URLPORT), BAD("x://host:", E_URLPORT),
		BAD("coap+tcp://host/", E_URLPORT),
		BAD("http://host:99999", E_RANGE),
		BAD("http://host:4294967376", E_RANGE),
		BAD("http://host:https", E_DECIMAL),
		BAD("http://host:-1", E_DECIMAL),
		BAD("http://host:+80", E_DECIMAL),
		BAD("http://host:8080x/", E_DECIMAL),
		BAD("http://2001:db8::1/", E_V6), BAD("http://::1", E_V6),
		BAD("http://[::1/", E_NOBRACKET),
		BAD("http://[::1]x/", E_AFTERBRACKET),
		BAD("http://[]/", E_BADV6), BAD("http://[a.b]/", E_BADV6),
		BAD("http://ho]st/", E_HOST),
		BAD("://host", E_SCHEME), BAD("1http://host", E_SCHEME),
		BAD("h_p://host", E_SCHEME), BAD("ht tp://host", E_SCHEME),
		BAD("-x://host", E_SCHEME), BAD("\0://host", E_SCHEME),
		BAD("http://exa mple.com", E_URLCHAR),
		BAD("http://example.com/\x01", E_URLCHAR),
		BAD("http://example.com/a b", E_URLCHAR),
		BAD("http://host\0:80", E_URLCHAR),
		BAD("http://host\x7f/", E_URLCHAR),
		BAD("http://host\x1b[2J/", E_URLCHAR),
	};

	(void)state;
	check_all(w, NCASES(w));
}

/*
 * Every scheme whose default port comes from the alias table, then
 * common ones looked up under their own name.  Each must resolve in the
 * registry as compiled; a new registry that drops one fails here.
 */
static void
test_scheme_defaults(void **state)
{
	static const struct {
		const char *scheme;
		unsigned port;
	} s[] = {
		{ "dns", 53 }, { "git+ssh", 22 }, { "ircs", 6697 },
		{ "mariadb", 3306 }, { "mqtts", 8883 }, { "mssql", 1433 },
		{ "news", 119 }, { "pop", 110 }, { "postgres", 5432 },
		{ "rdp", 3389 }, { "scp", 22 }, { "sftp", 22 },
		{ "smb", 445 }, { "smtps", 465 }, { "snews", 563 },
		{ "sqlserver", 1433 }, { "svn+ssh", 22 }, { "vnc", 5900 },
		{ "ws", 80 }, { "wss", 443 }, { "xmpp", 5222 },
		{ "WSS", 443 }, { "Postgres", 5432 }, { "SVN+SSH", 22 },
		{ "http", 80 }, { "https", 443 }, { "ftp", 21 },
		{ "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 },
		{ "gopher", 70 }, { "imap", 143 }, { "imaps", 993 },
		{ "pop3", 110 }, { "pop3s", 995 }, { "ldap", 389 },
		{ "ldaps", 636 }, { "nntp", 119 }, { "nntps", 563 },
		{ "rtsp", 554 }, { "sip", 5060 }, { "sips", 5061 },
		{ "mysql", 3306 }, { "postgresql", 5432 },
		{ "redis", 6379 }, { "mongodb", 27017 }, { "amqp", 5672 },
		{ "amqps", 5671 }, { "mqtt", 1883 }, { "git", 9418 },
		{ "svn", 3690 }, { "nfs", 2049 }, { "rsync", 873 },
		{ "ipp", 631 }, { "ipps", 631 }, { "coap", 5683 },
		{ "coaps", 5684 }, { "tftp", 69 }, { "irc", 194 },
		{ "ftps", 990 }, { "telnets", 992 }, { "socks", 1080 },
		{ "memcache", 11211 },
	};
	char url[64];
	struct want w;
	size_t i, bad = 0;
	int n;

	(void)state;
	for (i = 0; i < NCASES(s); i++) {
		n = snprintf(url, sizeof(url), "%s://host/", s[i].scheme);
		assert_true(n > 0 && (size_t)n < sizeof(url));
		w = (struct want){ url, (size_t)n, QUERY_PORT, s[i].port,
		    s[i].port, NULL, ANY, NULL };
		bad += !check(&w);
	}
	assert_int_equal(bad, 0);
}

static void
test_length(void **state)
{
	static char buf[QUERY_MAX + 2];
	struct want w;

	(void)state;
	/* The longest query: a port behind QUERY_MAX - 2 zeros. */
	memset(buf, '0', sizeof(buf));
	memcpy(buf + QUERY_MAX - 2, "22", 2);
	w = (struct want){ buf, QUERY_MAX, QUERY_PORT, 22, 22, NULL, ANY,
	    NULL };
	assert_true(check(&w));
	memcpy(buf + QUERY_MAX - 1, "22", 2);
	w = (struct want){ buf, QUERY_MAX + 1, QUERY_INVALID, 0, 0, NULL,
	    ANY, E_LONG };
	assert_true(check(&w));

	/* A name of exactly QUERY_MAX bytes, and one byte more. */
	memset(buf, 'a', sizeof(buf));
	w = (struct want){ buf, QUERY_MAX, QUERY_NAME, 0, 0, NULL, ANY,
	    NULL };
	buf[QUERY_MAX] = '\0';
	w.name = buf;
	assert_true(check(&w));
	w = (struct want){ buf, QUERY_MAX + 1, QUERY_INVALID, 0, 0, NULL,
	    ANY, E_LONG };
	assert_true(check(&w));

	/* The length is checked before any byte is read. */
	w = (struct want){ "22", SIZE_MAX, QUERY_INVALID, 0, 0, NULL, ANY,
	    E_LONG };
	assert_true(check(&w));
	w = (struct want){ NULL, 0, QUERY_INVALID, 0, 0, NULL, ANY,
	    E_EMPTY };
	assert_true(check(&w));
}

/* Every port, bare, zero-padded and with a protocol; then past the end. */
static void
test_every_port(void **state)
{
	char buf[32];
	struct want w;
	unsigned p;
	size_t bad = 0;
	int n;

	(void)state;
	for (p = 0; p <= 70000; p++) {
		n = snprintf(buf, sizeof(buf), p % 3 == 0 ? "%u" :
		    p % 3 == 1 ? "%07u" : "%u/udp", p);
		assert_true(n > 0 && (size_t)n < sizeof(buf));
		w = (struct want){ buf, (size_t)n, QUERY_PORT, p, p, NULL,
		    p % 3 == 2 ? UDP : ANY, NULL };
		if (p > PI_PORT_MAX) {
			w.kind = QUERY_INVALID;
			w.protos = ANY;
			w.error = E_RANGE;
		}
		bad += !check(&w);
	}
	assert_int_equal(bad, 0);
}

/* Every service name of the registry parses as itself, in any case. */
static void
test_every_registered_name(void **state)
{
	struct pi_cursor c;
	struct pi_entry e;
	char buf[64];
	struct want w;
	size_t i, len, names = 0, bad = 0;
	int n;

	(void)state;
	pi_find_text(&c, "", 0, ANY);
	while (pi_next(&c, &e)) {
		if (e.name[0] == '\0')
			continue;
		names++;
		len = strlen(e.name);
		assert_true(len + 6 < sizeof(buf));
		memcpy(buf, e.name, len);
		w = (struct want){ buf, len, QUERY_NAME, 0, 0, e.name, ANY,
		    NULL };
		bad += !check(&w);

		n = snprintf(buf, sizeof(buf), "%s/sctp", e.name);
		w = (struct want){ buf, (size_t)n, QUERY_NAME, 0, 0, e.name,
		    SCTP, NULL };
		bad += !check(&w);

		for (i = 0; i < len; i++) {
			buf[i] = e.name[i];
			if (buf[i] >= 'a' && buf[i] <= 'z')
				buf[i] = (char)(buf[i] - 'a' + 'A');
		}
		buf[len] = '\0';
		w = (struct want){ buf, len, QUERY_NAME, 0, 0, buf, ANY,
		    NULL };
		bad += !check(&w);
	}
	assert_int_equal(bad, 0);
	assert_true(names > 10000);
}

/* Messages are static text: lowercase, one line, no final period. */
static void
test_messages(void **state)
{
	static const char *const texts[] = {
		"65536", "+22", "0x16", "8100-8000", "22-", "22/icmp", "/tcp",
		"22/", "22/tcp/udp", ":", "[::1]:", "[::1]", "::1", "[]:1",
		"[::1", "[::1]x", "ho st:1", "h:1-2", "://h", "http://a b",
		"x://", "x://h", " ", "", "ssh\x1b", "a:1->b:2", "0100007F:0016",
	};
	char buf[64];
	struct query q;
	const char *err;
	size_t i, n;

	(void)state;
	for (i = 0; i < NCASES(texts); i++) {
		n = strlen(texts[i]);
		memcpy(buf, texts[i], n);
		query_parse(buf, n, &q);
		assert_int_equal(q.kind, QUERY_INVALID);
		err = q.error;
		/* Clobbering the input leaves the message as it was. */
		memset(buf, 'Z', sizeof(buf));
		assert_ptr_equal(q.error, err);
		assert_true(strncmp(err, "IPv6", 4) == 0 ||
		    (err[0] >= 'a' && err[0] <= 'z'));
		assert_true(err[strlen(err) - 1] != '.');
		assert_null(strchr(err, '\n'));
		assert_null(strchr(err, 'Z'));
	}
}

/*
 * Every string of up to four bytes over an alphabet of the parser's
 * special characters gives a sane result.
 */
static void
test_small_strings(void **state)
{
	static const char alpha[] = "0129:/[]-+.@#%?tcpx \0";
	const size_t na = sizeof(alpha) - 1;
	char buf[4];
	struct query q;
	size_t len, i, k, total, bad = 0;

	(void)state;
	for (len = 1; len <= sizeof(buf); len++) {
		for (total = 1, i = 0; i < len; i++)
			total *= na;
		for (k = 0; k < total; k++) {
			size_t v = k;

			for (i = 0; i < len; i++) {
				buf[i] = alpha[v % na];
				v /= na;
			}
			query_parse(buf, len, &q);
			if (!sane(buf, len, &q)) {
				print_error("\"%s\": insane\n",
				    shown(buf, len));
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* Whether a valid query names a host other than this one. */
static void
test_other_host(void **state)
{
	static const char *const here[] = {
		"22", "ssh", "22/tcp", "8000-8100", "6000:6010", ":::22",
		"localhost:22", "LocalHost:ssh", "127.0.0.1:22",
		"127.9.8.7:22/udp", "0.0.0.0:22", "*:22", "[::1]:22",
		"[::]:22", "[::1%lo]:22", "[::ffff:127.0.0.1]:22",
		"[::ffff:0.0.0.0]:22", "http://localhost:8080/",
		"https://127.0.0.1/", "ssh://user@[::1]:2222"
	};
	static const char *const other[] = {
		"192.0.2.1:2024", "db.example.com:18081", "db:5432",
		"10.9.9.9:18080/tcp", "128.0.0.1:22", "1.0.0.127:22",
		"0.0.0.1:22", "localhost.example:22", "**:22", "[::2]:22",
		"[fe80::1%eth0]:22", "[::ffff:192.0.2.1]:80",
		"[2001:db8::1]:ssh", "http://db:8080/", "https://example.org",
		"postgres://u@db/x"
	};
	struct query q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(here) / sizeof(here[0]); i++) {
		query_parse(here[i], strlen(here[i]), &q);
		assert_int_not_equal(q.kind, QUERY_INVALID);
		if (q.other_host)
			fail_msg("%s: names another host", here[i]);
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		query_parse(other[i], strlen(other[i]), &q);
		assert_int_not_equal(q.kind, QUERY_INVALID);
		if (!q.other_host)
			fail_msg("%s: names this host", other[i]);
	}
}

/* A name a query asks for as itself, what a label's names must be. */
static void
test_asks_name(void **state)
{
	static const char *const yes[] = {
		"ssh", "ok-lab", "a_b.c*d+e", "3com-tsmux", "914c/g",
		"x11", "Postgres"
	};
	static const char *const no[] = {
		"", "9lab", "22", "_x", "-x", "ssh/tcp", "a/b", "a:b",
		"http://x", "a->b", "22-23"
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(query_asks_name(yes[i], strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(query_asks_name(no[i], strlen(no[i])));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_port_errors),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_hostport),
		cmocka_unit_test(test_tool_forms),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_url_errors),
		cmocka_unit_test(test_scheme_defaults),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_every_port),
		cmocka_unit_test(test_every_registered_name),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_small_strings),
		cmocka_unit_test(test_asks_name),
		cmocka_unit_test(test_other_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
