/*
 * Query parsing (query.h), never reading outside text[0..len).  The
 * registry is asked only where the syntax alone is ambiguous: "3com-tsmux"
 * against "1e3", "cl/1" against "22/icmp", and a URL without a port.
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stddef.h>
#include <string.h>

#include "ascii.h"
#include "expose.h"
#include "inline.h"
#include "portinfo.h"
#include "query.h"
#include "table.h"

/* The messages below spell the bound out. */
_Static_assert(PI_PORT_MAX == 65535, "port messages say 0-65535");

/* Reasons for QUERY_INVALID: static, so never quoting the input. */
static const char e_long[] = "query longer than " XSTR(QUERY_MAX) " bytes";
static const char e_notquery[] = "not a port, range or service name";
static const char e_range[] = "port out of range (0-65535)";
static const char e_decimal[] = "port must be decimal digits only";

/*
 * URL schemes whose default port IANA registers under another service
 * name.  Any other scheme is looked up as a service name itself (http,
 * https, ftp, ssh, imap, ldap, mysql, ...).  Keys are lowercase.
 */
static const struct {
	const char *scheme;
	const char *service;
} scheme_alias[] = {
	{ "dns", "domain" },		/* RFC 4501 */
	{ "git+ssh", "ssh" },
	{ "ircs", "ircs-u" },		/* RFC 7194 */
	{ "mariadb", "mysql" },
	{ "mqtts", "secure-mqtt" },
	{ "mssql", "ms-sql-s" },
	{ "news", "nntp" },		/* RFC 5538; IANA's "news" is 2009 */
	{ "pop", "pop3" },		/* RFC 2384 */
	{ "postgres", "postgresql" },
	{ "rdp", "ms-wbt-server" },
	{ "scp", "ssh" },		/* IANA's "scp" is 3820 */
	{ "sftp", "ssh" },		/* IANA's "sftp" is 115 */
	{ "smb", "microsoft-ds" },
	{ "smtps", "submissions" },	/* RFC 8314 */
	{ "snews", "nntps" },
	{ "sqlserver", "ms-sql-s" },
	{ "svn+ssh", "ssh" },
	{ "vnc", "rfb" },		/* RFC 7869 */
	{ "ws", "http" },		/* RFC 6455 */
	{ "wss", "https" },		/* RFC 6455 */
	{ "xmpp", "xmpp-client" }
};
#define NALIASES (sizeof(scheme_alias) / sizeof(scheme_alias[0]))

/* Not space, a control character or DEL: what a host or URL may hold. */
static int
is_visible(unsigned char c)
{
	return c > ' ' && c != 0x7f;
}

/* A '/' never reaches a host: the query or the URL ends before it. */
static int
is_host_char(unsigned char c)
{
	return is_visible(c) && c != '[' && c != ']';
}

/* RFC 3986, section 3.1. */
static int
is_scheme_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
}

/* Whether protos' records and labels' have one called s[0..n), any case. */
static int
listed(const char *s, size_t n, unsigned protos,
    const struct pi_labels *labels)
{
	struct pi_name_walk w;

	pi_name_walk(&w, labels, s, n, protos);
	return pi_name_next(&w) != NULL;
}

int
query_name_known(const char *s, size_t n, unsigned lookup,
    const struct pi_labels *labels)
{
	return all_of(s, n, is_name_char) &&
	    listed(s, n, PI_PROTO_ANY | (lookup & PI_COMMON), labels);
}

void
query_invalid(struct query *q, const char *why)
{
	*q = (struct query){ .kind = QUERY_INVALID, .protos = PI_PROTO_ANY,
	    .error = why };
}

void
query_too_long(struct query *q)
{
	query_invalid(q, e_long);
}

static void
set_ports(struct query *q, unsigned lo, unsigned hi)
{
	q->kind = QUERY_PORT;
	q->lo = lo;
	q->hi = hi;
	q->error = NULL;
}

static void
set_name(struct query *q, const char *s, size_t n)
{
	q->kind = QUERY_NAME;
	q->name = s;
	q->namelen = n;
	q->error = NULL;
}

/* "lo-hi" or "lo:hi", digits on either side of s[sep]. */
static void
set_range(struct query *q, const char *s, size_t n, size_t sep)
{
	unsigned long lo, hi;

	if (!pi_decimal(s, sep, PI_PORT_MAX, &lo) ||
	    !pi_decimal(s + sep + 1, n - sep - 1, PI_PORT_MAX, &hi))
		query_invalid(q, e_range);
	else if (lo > hi)
		query_invalid(q, "reversed range");
	else
		set_ports(q, (unsigned)lo, (unsigned)hi);
}

/*
 * A port of decimal digits alone, s[0..n), with digits set when they
 * are canonical.  Returns 0, q untouched, for anything else.
 */
static ALWAYS_INLINE int
parse_digits(const char *s, size_t n, struct query *q)
{
	unsigned long v = 0;
	unsigned d;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((d = (unsigned char)s[i] - (unsigned)'0') > 9)
			return 0;
		v = v * 10 + d;
	}
	/* v is exact unless there are more than 5 digits past the zeros. */
	for (i = 0; i + 5 < n && s[i] == '0'; i++)
		continue;
	if (i + 5 < n || v > PI_PORT_MAX)
		query_invalid(q, e_range);
	else
		*q = (struct query){
			.kind = QUERY_PORT, .protos = PI_PROTO_ANY,
			.lo = (unsigned)v, .hi = (unsigned)v,
			.digits = s[0] != '0' || n == 1 ? s : NULL,
			.ndigits = s[0] != '0' || n == 1 ? n : 0
		};
	return 1;
}

/*
 * How many runs of 1 to 5 digits, one '.' apart, s[0..n) is made of: 4
 * for an IPv4 address, 5 with a port after it as BSD's netstat prints
 * it (127.0.0.1.22); 0 for anything else.
 */
static size_t
dotted(const char *s, size_t n)
{
	size_t i = 0, k, parts = 0;

	for (;;) {
		k = span_digits(s + i, n - i);
		if (k == 0 || k > 5)
			return 0;
		parts++;
		if ((i += k) == n)
			return parts;
		if (s[i++] != '.')
			return 0;
	}
}

/*
 * s[0..n) starts with a digit: a port, a range, a registered name that
 * starts with a digit (3com-tsmux, 9pfs), or a malformed number.  Unless
 * allow_range, s is the port after a host.
 */
static void
parse_numeric(const char *s, size_t n, struct query *q, int allow_range)
{
	size_t i = span_digits(s, n), j;

	if (parse_digits(s, n, q))
		return;
	/* j is the end of "lo-hi" if the text has that shape. */
	j = s[i] == '-' ? i + 1 + span_digits(s + i + 1, n - i - 1) : i;
	if (j == n && j > i + 1) {
		if (!allow_range)
			query_invalid(q, "a range cannot follow a host");
		else
			set_range(q, s, n, i);
	} else if (query_name_known(s, n, 0, NULL))
		set_name(q, s, n);
	else if (s[i] == '-' && i + 1 == n)
		query_invalid(q, "missing end of range");
	else if (allow_range && dotted(s, n) == 4)
		query_invalid(q, "an IPv4 address without a port");
	else if (allow_range && dotted(s, n) == 5)
		query_invalid(q, "an address and a port joined by '.'; write "
		    "address:port");
	else
		query_invalid(q, e_decimal);
}

/*
 * A port, a range (when allowed) or a service name, without '/' or ':';
 * empty, the port missing after a ':'.
 */
static void
parse_port_or_name(const char *s, size_t n, struct query *q,
    int allow_range)
{
	unsigned char c0 = n > 0 ? (unsigned char)s[0] : 0;

	if (n == 0)
		query_invalid(q, "missing port after ':'");
	/* Older registries have names such as "Escale (Newton Dock)". */
	else if (!all_of(s, n, is_name_char)) {
		if (listed(s, n, PI_PROTO_ANY, NULL))
			set_name(q, s, n);
		else
			query_invalid(q, e_notquery);
	} else if (is_digit(c0))
		parse_numeric(s, n, q, allow_range);
	else if (is_alpha(c0) || query_name_known(s, n, 0, NULL))
		set_name(q, s, n);
	else if ((c0 == '+' || c0 == '-') && n > 1 &&
	    is_digit((unsigned char)s[1]))
		query_invalid(q, "port must not have a sign");
	else
		query_invalid(q, e_notquery);
}

static int
is_v6_char(unsigned char c)
{
	return is_hex(c) || c == ':' || c == '.';
}

/* The inside of "[...]": an IPv6 address with an optional %zone. */
static int
valid_v6(const char *s, size_t n)
{
	size_t pct;

	pct = last_of(s, n, '%');
	if (pct != n && (pct + 1 == n || memchr(s, '%', pct) != NULL ||
	    !all_of(s + pct + 1, n - pct - 1, is_host_char)))
		return 0;
	return pct > 0 && memchr(s, ':', pct) != NULL &&
	    all_of(s, pct, is_v6_char);
}

/*
 * Whether host s[0..n) is this one: "localhost", lsof's and ss's
 * wildcard "*", or an address expose_reach finds "loopback" or "any", a
 * zone aside.
 */
static int
this_host(const char *s, size_t n)
{
	unsigned char a[sizeof(struct in6_addr)];
	char buf[INET6_ADDRSTRLEN];

	if ((n == 1 && s[0] == '*') || pi_fold_cmp(s, n, "localhost") == 0)
		return 1;
	if ((n = last_of(s, n, '%')) >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, a) == 1)
		return strcmp(expose_reach(4, a), "address") != 0;
	return inet_pton(AF_INET6, buf, a) == 1 &&
	    strcmp(expose_reach(6, a), "address") != 0;
}

/*
 * Checks the host of "[v6]", "[v6]:port" or "host:port" and finds what
 * follows it (*rest NULL if nothing), and whether the host is another
 * than this one.  Returns the error or NULL.  Only a URL's host can be
 * empty: a query's ":22" is taken before.
 */
static const char *
split_host(const char *s, size_t n, const char **rest, size_t *restlen,
    int *other)
{
	const char *close;
	size_t colon;

	*rest = NULL;
	*restlen = 0;
	if (n > 0 && s[0] == '[') {
		if ((close = memchr(s, ']', n)) == NULL)
			return "missing ']' after IPv6 address";
		if (!valid_v6(s + 1, (size_t)(close - s) - 1))
			return "invalid IPv6 address in brackets";
		*other = !this_host(s + 1, (size_t)(close - s) - 1);
		n -= (size_t)(close - s) + 1;
		if (n > 0 && close[1] != ':')
			return "expected ':' after ']'";
		if (n > 0) {
			*rest = close + 2;
			*restlen = n - 1;
		}
		return NULL;
	}
	colon = last_of(s, n, ':');
	if (colon < n) {
		if (memchr(s, ':', colon) != NULL)
			return "IPv6 address needs brackets, as in "
			    "[2001:db8::1]:443";
		*rest = s + colon + 1;
		*restlen = n - colon - 1;
	}
	if (colon == 0)
		return "missing host in URL";
	*other = !this_host(s, colon);
	return all_of(s, colon, is_host_char) ? NULL :
	    "invalid character in host";
}

/*
 * An address as /proc/net/tcp prints it, "0100007F:0016" (8 or 32 hex
 * digits, one at least decimal, and a port of 4): read as host:port it
 * would give a wrong port, never an error, so it is refused.
 */
static int
is_proc_addr(const char *s, size_t n, size_t colon)
{
	return (colon == 8 || colon == 32) && n - colon - 1 == 4 &&
	    all_of(s, colon, is_hex) && !all_of(s, colon, is_alpha) &&
	    all_of(s + colon + 1, 4, is_hex);
}

/*
 * "a:b" with both sides decimal is the range a-b, as iptables and ufw
 * write it (--dport 6000:6010, 6000:6010/tcp); no host is all digits.
 */
static int
is_colon_range(const char *s, size_t n, size_t colon)
{
	return colon > 0 && colon + 1 < n && all_of(s, colon, is_digit) &&
	    all_of(s + colon + 1, n - colon - 1, is_digit);
}

/*
 * "host:port", "[v6]:port", "host:service", netstat's ":::port" (the
 * IPv6 wildcard), lsof's "tcp:port", and the numeric range "a:b".
 */
static void
parse_hostport(const char *s, size_t n, struct query *q)
{
	const char *port, *why;
	size_t portlen, colon = last_of(s, n, ':');
	unsigned proto = PI_PROTO_ANY;
	int other = 0;

	if (n > 3 && memcmp(s, ":::", 3) == 0 && colon == 2)
		parse_port_or_name(s + 3, n - 3, q, 0);
	/*
	 * lsof -i's and ss's ":22", a port on any address of this host, and
	 * lsof's "tcp:22", a protocol, never a host so named.
	 */
	else if (colon == 0 ||
	    (colon < n && (proto = pi_proto_parse(s, colon)) != 0)) {
		parse_port_or_name(s + colon + 1, n - colon - 1, q, 1);
		if (q->kind != QUERY_INVALID)
			q->protos = proto;
	} else if (is_proc_addr(s, n, colon))
		query_invalid(q, "a /proc/net address, whose port is "
		    "hexadecimal; give it in decimal");
	else if (is_colon_range(s, n, colon))
		set_range(q, s, n, colon);
	else if ((why = split_host(s, n, &port, &portlen, &other)) != NULL)
		query_invalid(q, why);
	else if (port == NULL)
		query_invalid(q, "no port");
	else {
		parse_port_or_name(port, portlen, q, 0);
		q->other_host = q->kind != QUERY_INVALID && other;
	}
}

/* The default port of a URL scheme: its service's first TCP port. */
static int
scheme_port(const char *scheme, size_t n, unsigned *port)
{
	struct pi_cursor c;
	struct pi_entry e;
	const char *name = scheme;
	size_t i, len = n;

	for (i = 0; i < NALIASES; i++) {
		if (pi_fold_cmp(scheme, n, scheme_alias[i].scheme) == 0) {
			name = scheme_alias[i].service;
			len = strlen(name);
			break;
		}
	}
	pi_find_name(&c, name, len, PI_TCP);
	while (pi_next(&c, &e)) {
		if (e.has_port) {
			*port = e.port;
			return 1;
		}
	}
	return 0;
}

/* scheme://[userinfo@]host[:port][/path][?query][#fragment] */
static void
parse_url(const char *s, size_t n, size_t schemelen, struct query *q)
{
	const char *host = s + schemelen + 3, *port, *why;
	size_t i, portlen;
	unsigned p;
	int other = 0;

	if (schemelen == 0 || !is_alpha((unsigned char)s[0]) ||
	    !all_of(s, schemelen, is_scheme_char)) {
		query_invalid(q, "invalid URL scheme");
		return;
	}
	for (i = schemelen + 3; i < n && s[i] != '/' && s[i] != '?' &&
	    s[i] != '#'; i++) {
		if (s[i] == '@')
			host = s + i + 1;	/* past the userinfo */
	}
	if (!all_of(s, n, is_visible))
		why = "invalid character in URL";
	else
		why = split_host(host, (size_t)(s + i - host), &port,
		    &portlen, &other);
	if (why != NULL)
		query_invalid(q, why);
	else if (portlen > 0) {
		if (!parse_digits(port, portlen, q))
			query_invalid(q, e_decimal);
	} else if (scheme_port(s, schemelen, &p))
		set_ports(q, p, p);	/* none, or RFC 3986's empty one */
	else
		query_invalid(q, "unknown scheme and no port");
	q->other_host = q->kind != QUERY_INVALID && other;
}

/* Anything but a URL, with no "/proto" suffix. */
static void
parse_plain(const char *s, size_t n, struct query *q)
{
	if (memchr(s, '/', n) != NULL) {
		/* Only a registered name may hold a '/' here (cl/1/tcp). */
		if (query_name_known(s, n, 0, NULL))
			set_name(q, s, n);
		else
			query_invalid(q, "more than one '/'");
	} else if (s[0] == '[' || memchr(s, ':', n) != NULL)
		parse_hostport(s, n, q);
	else
		parse_port_or_name(s, n, q, 1);
}

/*
 * s[0..n) holds a '/' at slash, the last one: "22/tcp", "ssh/udp", or
 * a registered name such as "cl/1" or "914c/g".
 */
static void
parse_suffixed(const char *s, size_t n, size_t slash, struct query *q)
{
	unsigned proto;

	if (slash == 0 || slash + 1 == n) {
		query_invalid(q, slash == 0 ?
		    "missing port or service name before '/'" :
		    "missing protocol after '/'");
		return;
	}
	/*
	 * A port or name, then a protocol; else perhaps a name with a slash
	 * in it: "914c/g", where "914c" alone is no port and no name.
	 */
	proto = pi_proto_parse(s + slash + 1, n - slash - 1);
	parse_plain(s, slash, q);
	if (q->kind != QUERY_INVALID && proto != 0 &&
	    q->protos != PI_PROTO_ANY && q->protos != proto)
		query_invalid(q, "two protocols");
	else if (q->kind != QUERY_INVALID && proto != 0)
		q->protos = proto;
	else if (q->kind != QUERY_PORT && query_name_known(s, n, 0, NULL))
		set_name(q, s, n);
	else if (q->kind != QUERY_INVALID)
		query_invalid(q, pi_proto_parse(s, slash) != 0 &&
		    all_of(s + slash + 1, n - slash - 1, is_digit) ?
		    "unknown protocol; write the port first, as in 22/tcp" :
		    "unknown protocol");
}

/* The length of the scheme if s[0..n) is a URL, else n. */
static size_t
url_scheme_len(const char *s, size_t n)
{
	const char *colon;
	size_t i;

	if ((colon = memchr(s, ':', n)) == NULL)
		return n;
	i = (size_t)(colon - s);
	return n - i >= 3 && s[i + 1] == '/' && s[i + 2] == '/' ? i : n;
}

/* A query that is not digits alone. */
static NEVER_INLINE void
parse_other(const char *text, size_t len, struct query *q)
{
	size_t schemelen, slash;

	query_invalid(q, NULL);
	if ((schemelen = url_scheme_len(text, len)) < len)
		parse_url(text, len, schemelen, q);
	/* lsof's "a:b->c:d" and Docker's "a:b->c/tcp": two endpoints. */
	else if (find_str(text, len, "->") != NULL)
		query_invalid(q, "a connection pair local->remote names two "
		    "endpoints; give one");
	else if ((slash = last_of(text, len, '/')) < len)
		parse_suffixed(text, len, slash, q);
	else
		parse_plain(text, len, q);
}

void
query_parse(const char *text, size_t len, struct query *q)
{
	/* Most queries in a long list are bare port numbers. */
	if (len > 0 && len <= QUERY_MAX && parse_digits(text, len, q))
		return;
	if (len > QUERY_MAX)
		query_invalid(q, e_long);
	else if (len == 0)
		query_invalid(q, "empty query");
	else
		parse_other(text, len, q);
}

/* Prints name[0..n) if a query could be it and the registry lacks it. */
static void
put_label(FILE *fp, const char *name, size_t n)
{
	if (n > 0 && all_of(name, n, is_name_char) &&
	    !listed(name, n, PI_PROTO_ANY | PI_COMMON, NULL))
		fprintf(fp, "%.*s\n", (int)n, name);
}

int
query_asks_name(const char *s, size_t len)
{
	struct query q;
	size_t i = 0;

	/* A letter, then name characters but '/': a name at once. */
	while (i < len && s[i] != '/' && is_name_char((unsigned char)s[i]))
		i++;
	if (i == len && len > 0 && is_alpha((unsigned char)s[0]))
		return 1;
	query_parse(s, len, &q);
	return q.kind == QUERY_NAME && q.namelen == len;
}

void
query_names(struct pi_labels *labels, unsigned lookup, FILE *fp)
{
	struct pi_label_cursor c;
	struct pi_label_entry e;
	const char *s, *prev = "";
	uint32_t i;
	size_t n;

	for (i = 0; i < pi_nnames; i++) {
		s = pi_pool + pi_name_key[i];
		n = strlen(s);
		if (all_of(s, n, is_name_char) &&
		    pi_fold_cmp(s, n, prev) != 0 && listed(s, n, lookup, NULL))
			fprintf(fp, "%s\n", s);
		prev = s;
	}
	if (labels == NULL)
		return;
	pi_labels_find_text(&c, labels, "", 0, lookup & PI_PROTO_ANY);
	while (pi_labels_next(&c, &e)) {
		put_label(fp, e.entry.name, strlen(e.entry.name));
		for (s = e.aliases; *s != '\0'; s += n + (s[n] != '\0')) {
			n = strcspn(s, " ");
			put_label(fp, s, n);
		}
	}
}
