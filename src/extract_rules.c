/*
 * What the words of a line mean, for the extractor (extract.c).  A few
 * facts about the line so far decide it: the protocol named last,
 * whether the line is a table of sockets, and whether a keyword such as
 * --dport came just before.  A word is then cut at its commas, and each
 * piece is tried against the keys, then the notations; what a port part
 * names is left to query_parse.
 */
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "portinfo.h"
#include "extract.h"

/* What a keyword or key is followed by; V_NONE and NO_SET are 0. */
enum value {
	V_NONE,			/* endpoints: keys, then notations */
	V_PORTS,		/* ports, ranges, lists, sets; a service
				   name its query would find */
	V_NAMED,		/* the same, any service name: where the
				   notation is sure of an endpoint (iptables
				   -L, a table of sockets), one the tool
				   resolved from its host's names, which may
				   be unknown here, is answered, not dropped */
	V_NUMBERS,		/* the same in numbers only */
	V_PORT,			/* one port, up to a colon: sshd's "port N" */
	V_TO,			/* nft's "to :3128", or an endpoint */
	V_PROTO,		/* a protocol: proto=tcp */
	V_HOSTPORT		/* an endpoint: iptables -L's to:a.b.c.d:80 */
};

/* Which { } set the words are in, if any. */
enum set {
	NO_SET,
	PORT_SET,		/* dport { 80, 443 } */
	OTHER_SET		/* l4proto { tcp, udp } and the like */
};

/* Arrays of bytes rather than pointers: nothing to relocate at start. */
struct rule {
	char word[sizeof("--destination-ports")];
	unsigned char value;	/* enum value */
};

/*
 * Words followed by their value in the next word, sorted by bytes:
 * iptables, nft, firewall-cmd's "ports: 80/tcp", sshd's "port 51514".
 */
static const struct rule keywords[] = {
	{ "--destination-port", V_PORTS },
	{ "--destination-ports", V_PORTS },
	{ "--dport", V_PORTS },
	{ "--dports", V_PORTS },
	{ "--ports", V_PORTS },
	{ "--source-port", V_PORTS },
	{ "--source-ports", V_PORTS },
	{ "--sport", V_PORTS },
	{ "--sports", V_PORTS },
	{ "--to-ports", V_PORTS },
	{ "dport", V_PORTS },
	{ "dports", V_PORTS },
	{ "port", V_PORT },
	{ "ports", V_NUMBERS },
	{ "ports:", V_NUMBERS },
	{ "sport", V_PORTS },
	{ "sports", V_PORTS },
	{ "to", V_TO }
};

/*
 * Keys followed by their value in the same word, sorted by bytes:
 * iptables -L, the kernel's packet log, conntrack, firewalld, nmap's XML.
 */
static const struct rule keys[] = {
	{ "DPT=", V_PORT },
	{ "PROTO=", V_PROTO },
	{ "SPT=", V_PORT },
	{ "dport=", V_PORT },
	{ "dpt:", V_NAMED },
	{ "dpts:", V_NAMED },
	{ "port=", V_PORTS },
	{ "portid=", V_PORT },
	{ "proto=", V_PROTO },
	{ "protocol=", V_PROTO },
	{ "sport=", V_PORT },
	{ "spt:", V_NAMED },
	{ "spts:", V_NAMED },
	{ "to-port=", V_PORTS },
	{ "to:", V_HOSTPORT },
	{ "toport=", V_PORTS }
};

/* ss's State column, first when Netid is left out: UNCONN is udp. */
static const char ss_states[][sizeof("FIN-WAIT-1")] = {
	"CLOSE-WAIT", "CLOSING", "ESTAB", "FIN-WAIT-1", "FIN-WAIT-2",
	"LAST-ACK", "LISTEN", "SYN-RECV", "SYN-SENT", "TIME-WAIT", "UNCONN"
};

/*
 * What follows the To column of ufw status: its bare port is one.  This
 * list and the one above are sorted by bytes, as the rules are.
 */
static const char ufw_words[][sizeof("REJECT")] = {
	"(v6)", "ALLOW", "DENY", "LIMIT", "REJECT"
};

/* iptables -L -n's protocol numbers, by the bit of tcp, udp, sctp, dccp. */
static const unsigned char proto_numbers[] = { 6, 17, 132, 33 };

static int
word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

static int
cmp_word(const void *key, const void *elem)
{
	return pi_word_cmp(key, elem, strlen(elem));
}

const void *
extract_find(const char *s, size_t n, const void *table, size_t count,
    size_t size)
{
	struct pi_word k = { s, n };

	return bsearch(&k, table, count, size, cmp_word);
}

/* tcp, udp, sctp, dccp in any case, and tcp4, tcp6, tcp46, udp6... */
static unsigned
proto_of(const char *s, size_t n)
{
	if (n > 4 && s[n - 2] == '4' && s[n - 1] == '6')
		n -= 2;
	else if (n > 3 && (s[n - 1] == '4' || s[n - 1] == '6'))
		n--;
	if (n < 3 || n > 4)
		return 0;
	return pi_proto_parse(s, n);
}

/* Quotes, brackets and punctuation around a piece of prose or a set. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && strchr("(\"'<{", (*s)[0]) != NULL && (*s)[0]) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && strchr(")\"'>},;.", (*s)[*n - 1]) != NULL &&
	    (*s)[*n - 1])
		(*n)--;
}

static unsigned
line_protos(const struct extract *x)
{
	return x->word_protos != 0 ? x->word_protos : x->line.protos;
}

/*
 * A port or range; or, as kind (V_PORTS, V_NAMED, V_NUMBERS) says, a
 * service name no protocol.
 */
static int
port_query(const struct extract *x, const char *s, size_t n, int kind,
    struct query *q)
{
	query_parse(s, n, q);
	if (q->kind == QUERY_PORT)
		return 1;
	if (kind == V_NUMBERS || q->kind != QUERY_NAME ||
	    proto_of(q->name, q->namelen))
		return 0;
	return query_name_known(q->name, q->namelen, x->lookup, x->labels) ||
	    (kind == V_NAMED && query_asks_name(q->name, q->namelen));
}

static void
emit(struct extract *x, const char *s, size_t n, const struct query *q,
    unsigned protos, const char *side)
{
	struct extract_hit *h = &x->pending[x->npending++];

	*h = (struct extract_hit){ .query = *q, .text = s, .len = n,
	    .lineno = x->cur->lineno, .side = side };
	if (q->protos == PI_PROTO_ANY && protos != 0)
		h->query.protos = protos;
}

/* The lowest port query_name_known's records give; else PI_PORT_MAX + 1. */
static unsigned
first_port(const struct extract *x, const char *name, size_t len)
{
	struct pi_name_walk w;
	const struct pi_entry *e;
	unsigned lo = PI_PORT_MAX + 1;

	pi_name_walk(&w, x->labels, name, len,
	    PI_PROTO_ANY | (x->lookup & PI_COMMON));
	while ((e = pi_name_next(&w)) != NULL) {
		if (e->has_port && e->port < lo)
			lo = e->port;
	}
	return lo;
}

/*
 * A bound of a range, a port or a name standing for its first port: 1
 * with *port; -1 for a name without a port, left in *q; else 0.
 */
static int
bound(const struct extract *x, const char *s, size_t n, int kind,
    struct query *q, unsigned *port)
{
	if (!port_query(x, s, n, kind, q))
		return 0;
	if (q->kind == QUERY_PORT) {
		*port = q->lo;
		return q->lo == q->hi;
	}
	*port = first_port(x, q->name, q->namelen);
	return *port <= PI_PORT_MAX ? 1 : -1;
}

/*
 * a:b, either bound a name, as iptables reads them (dpts:ftp-data:ssh is
 * 20-22).  0 if s[0..n) holds no one colon; else 1, *q as bound leaves it.
 */
static int
named_range(const struct extract *x, const char *s, size_t n, int kind,
    struct query *q)
{
	const char *colon = memchr(s, ':', n);
	size_t a = colon != NULL ? (size_t)(colon - s) : 0;
	unsigned lo = 0, hi = 0;
	int r;

	if (colon == NULL || memchr(colon + 1, ':', n - a - 1) != NULL)
		return 0;
	if ((r = bound(x, s, a, kind, q, &lo)) == 1)
		r = bound(x, colon + 1, n - a - 1, kind, q, &hi);
	if (r == 1 && lo <= hi)
		*q = (struct query){ .kind = QUERY_PORT, .lo = lo, .hi = hi,
		    .protos = PI_PROTO_ANY };
	else if (r != -1)
		q->kind = QUERY_INVALID;
	return 1;
}

static int
emit_port(struct extract *x, const char *s, size_t n, int kind)
{
	struct query q;

	if (n == 0 || !((kind != V_NUMBERS && named_range(x, s, n, kind,
	    &q)) || port_query(x, s, n, kind, &q)) ||
	    q.kind == QUERY_INVALID)
		return 0;
	emit(x, s, n, &q, line_protos(x), "");
	return 1;
}

/*
 * One address of a table of sockets, local then remote, or an endpoint
 * elsewhere.  A port "*" names none; so does Windows' 0.
 */
static void
take_hostport(struct extract *x, const char *s, size_t n, int columns,
    const char *port, size_t portlen)
{
	const char *side = "";
	struct query q;

	if (columns) {
		/* Two addresses a line: ss -e's ino:, sk: come after. */
		if (x->line.endpoints >= 2)
			return;
		side = ++x->line.endpoints == 1 ? "local" : "remote";
		if (word_is(port, portlen, "0"))
			return;
	}
	if (!word_is(port, portlen, "*") &&
	    port_query(x, port, portlen, columns ? V_NAMED : V_PORTS, &q))
		emit(x, s, n, &q, line_protos(x), side);
}

/* a:b->c:d (lsof) or host:port->port/proto (Docker). */
static int
take_pair(struct extract *x, const char *s, size_t n)
{
	const char *arrow = find_str(s, n, "->"), *lport, *rport, *r;
	size_t llen, lportlen, rlen, rportlen;
	struct query lq, rq;
	int lhas, kind;

	if (arrow == NULL)
		return 0;
	llen = (size_t)(arrow - s);
	r = arrow + 2;
	rlen = n - llen - 2;
	if (!addr_colon(s, llen, 1, &lport, &lportlen))
		return 1;
	kind = x->line.columns ? V_NAMED : V_PORTS;
	lhas = !word_is(lport, lportlen, "*") &&
	    port_query(x, lport, lportlen, kind, &lq);
	if (addr_colon(r, rlen, 1, &rport, &rportlen)) {
		if (lhas)
			emit(x, s, llen, &lq, x->line.protos, "local");
		if (!word_is(rport, rportlen, "*") &&
		    port_query(x, rport, rportlen, kind, &rq))
			emit(x, r, rlen, &rq, x->line.protos, "remote");
	} else if (rlen > 0 && is_digit((unsigned char)r[0]) &&
	    port_query(x, r, rlen, V_NUMBERS, &rq)) {
		if (lhas)
			emit(x, s, llen, &lq, rq.protos == PI_PROTO_ANY ?
			    x->line.protos : rq.protos, "host");
		emit(x, r, rlen, &rq, x->line.protos, "container");
	}
	return 1;
}

/*
 * A URL: its port, or its scheme's.  One without a port cited in
 * parentheses or before a lone "." (Nmap's banner) is no endpoint.
 */
static int
take_url(struct extract *x, const char *s, size_t n)
{
	struct query q;
	int port;

	if (!addr_url(s, n, &port))
		return 0;
	query_parse(s, n, &q);
	if (q.kind == QUERY_PORT &&
	    (port || !(x->cited || (s > x->cur->s && s[-1] == '('))))
		emit(x, s, n, &q, 0, "");
	return 1;
}

/* nmap's grepable port/state/protocol/...: s[0..d) is the port. */
static int
take_grepable(struct extract *x, const char *s, size_t n, size_t d)
{
	const char *state = s + d + 1, *end = s + n, *proto, *p;
	struct query q;
	unsigned protos;

	for (p = state; p < end && (is_alpha((unsigned char)*p) ||
	    *p == '|'); p++)
		;
	if (p == state || p == end || *p != '/')
		return 0;
	proto = p + 1;
	if ((p = memchr(proto, '/', (size_t)(end - proto))) == NULL ||
	    (protos = proto_of(proto, (size_t)(p - proto))) == 0 ||
	    !port_query(x, s, d, V_NUMBERS, &q))
		return 0;
	emit(x, s, d, &q, protos, "");
	return 1;
}

/* kubectl's port:nodePort/PROTO, two ports: s[d] is the colon. */
static int
take_nodeport(struct extract *x, const char *s, size_t n, size_t d)
{
	size_t e = d + 1 + span_digits(s + d + 1, n - d - 1), i;
	struct query a, b;
	unsigned protos;

	if (e == d + 1 || e >= n || s[e] != '/')
		return 0;
	for (i = e + 1; i < n; i++) {
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	}
	if ((protos = proto_of(s + e + 1, n - e - 1)) == 0 ||
	    !port_query(x, s, d, V_NUMBERS, &a) ||
	    !port_query(x, s + d + 1, e - d - 1, V_NUMBERS, &b))
		return 0;
	emit(x, s, d, &a, protos, "");
	emit(x, s + d + 1, e - d - 1, &b, protos, "");
	return 1;
}

/* port/proto, a-b/proto, a:b/proto, and the two forms above. */
static void
take_slash(struct extract *x, const char *s, size_t n)
{
	size_t d = span_digits(s, n);
	struct query q;

	if (d < n && s[d] == '/' && take_grepable(x, s, n, d))
		return;
	if (d < n && s[d] == ':' && take_nodeport(x, s, n, d))
		return;
	query_parse(s, n, &q);
	if (q.kind == QUERY_PORT && q.protos != PI_PROTO_ANY)
		emit(x, s, n, &q, 0, "");
}

static void
take_notation(struct extract *x, const char *s, size_t n, int columns)
{
	const char *port;
	size_t portlen;

	if (n == 0 || take_url(x, s, n) || take_pair(x, s, n))
		return;
	if (addr_split(s, n, columns, &port, &portlen))
		take_hostport(x, s, n, columns, port, portlen);
	else if (is_digit((unsigned char)s[0]) && memchr(s, '/', n) != NULL)
		take_slash(x, s, n);
	else if (x->bare && all_of(s, n, is_digit))
		emit_port(x, s, n, V_NUMBERS);
}

static const char *take_endpoint(struct extract *, const char *, size_t);

/*
 * The value of a keyword or key, as kind says; else an endpoint: in full
 * after a keyword (firewalld's port port="22"), a notation after a key.
 * Returns where to go on, as take_endpoint.
 */
static const char *
take_value(struct extract *x, const char *s, size_t n, int kind, int full)
{
	const char *colon;
	unsigned p;

	trim(&s, &n);
	if (n > 1 && s[0] == '!' && kind != V_HOSTPORT) {
		s++;
		n--;
	}
	if (kind == V_PROTO) {
		if ((p = proto_of(s, n)) != 0)
			x->line.protos = p;
		return NULL;
	}
	if (((kind == V_PORTS || kind == V_NAMED || kind == V_NUMBERS) &&
	    emit_port(x, s, n, kind)) ||
	    (kind == V_TO && n > 1 && s[0] == ':' &&
	    emit_port(x, s + 1, n - 1, V_NUMBERS)))
		return NULL;
	/* sshd: "port 51514:11:" */
	if (kind == V_PORT && (emit_port(x, s, n, V_NUMBERS) ||
	    ((colon = memchr(s, ':', n)) != NULL &&
	    emit_port(x, s, (size_t)(colon - s), V_NUMBERS))))
		return NULL;
	if (full)
		return take_endpoint(x, s, n);
	take_notation(x, s, n, 0);
	return NULL;
}

/*
 * A key s[0..k) and its value, quoted, or to the end, or after a key= to
 * a colon (port=80:proto=tcp:toport=8080), whose place is returned.
 */
static const char *
take_keyed(struct extract *x, const char *s, size_t n, size_t k, int kind)
{
	const char *v = s + k, *end = s + n, *q, *rest = NULL;

	if (v < end && (*v == '"' || *v == '\'')) {
		if ((q = memchr(v + 1, *v, (size_t)(end - v - 1))) != NULL)
			end = q;
		v++;
	} else if (s[k - 1] == '=' &&
	    (q = memchr(v, ':', (size_t)(end - v))) != NULL) {
		end = rest = q;
	}
	take_value(x, v, (size_t)(end - v), kind, 0);
	return rest;
}

/* The length of the key s[0..n) starts with, ':' or '=' included. */
static size_t
key_length(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && (is_alpha((unsigned char)s[i]) ||
	    is_digit((unsigned char)s[i]) || s[i] == '-' || s[i] == '_'); i++)
		;
	return i > 0 && i < n && (s[i] == ':' || s[i] == '=') ? i + 1 : 0;
}

/*
 * A piece: a key and its value; --option=value; after another key= its
 * value, no column of a table; or a notation.  Returns NULL, or where to
 * go on.
 */
static const char *
take_endpoint(struct extract *x, const char *s, size_t n)
{
	const struct rule *r;
	int columns = x->line.columns;
	size_t k;

	trim(&s, &n);
	while ((k = key_length(s, n)) > 0) {
		if ((r = EXTRACT_FIND(s, k, keys)) != NULL)
			return take_keyed(x, s, n, k, r->value);
		if (s[k - 1] != '=')
			break;
		if (s[0] == '-' && s[1] == '-' && (r = EXTRACT_FIND(s, k - 1,
		    keywords)) != NULL)
			return take_value(x, s + k, n - k, r->value, 0);
		s += k;
		n -= k;
		trim(&s, &n);
		columns = 0;
	}
	take_notation(x, s, n, columns);
	return NULL;
}

void
rules_piece(struct extract *x)
{
	const char *s = x->cur->s + x->scan, *comma, *rest;
	size_t n = x->cur->len - x->scan;

	if ((comma = memchr(s, ',', n)) != NULL)
		n = (size_t)(comma - s);
	rest = x->mode == V_NONE ? take_endpoint(x, s, n) :
	    take_value(x, s, n, x->mode, 1);
	if (rest != NULL)
		x->scan = (size_t)(rest - x->cur->s) + 1;
	else
		x->scan += n + (comma != NULL);
}

static int
next_word(const struct extract *x, const char **s, size_t *n)
{
	if (x->next->kind != TOKEN_WORD || x->next->cut)
		return 0;
	*s = x->next->s;
	*n = x->next->len;
	return 1;
}

/* The protocol of iptables -L's prot column, a number before "--". */
static unsigned
proto_number(const struct extract *x, const char *s, size_t n)
{
	const char *t;
	size_t i, tn;
	unsigned long v;

	if (n > 3 || !next_word(x, &t, &tn) || !word_is(t, tn, "--") ||
	    !pi_decimal(s, n, 999, &v))
		return 0;
	for (i = 0; i < sizeof(proto_numbers) / sizeof(proto_numbers[0]); i++) {
		if (proto_numbers[i] == v)
			return 1u << i;
	}
	return 0;
}

/*
 * ss -tn state established leaves Netid and State out: its header starts
 * "Recv-Q Send-Q", each row with those two numbers.  Whether the line's
 * first word s[0..n) starts either.
 */
static int
ss_queues(struct extract *x, const char *s, size_t n)
{
	const char *t;
	size_t tn;
	int rows = x->ss_rows;

	x->ss_rows = 0;
	if (!next_word(x, &t, &tn))
		return 0;
	if (word_is(s, n, "Recv-Q") && word_is(t, tn, "Send-Q"))
		x->ss_rows = 1;
	else if (rows && n > 0 && all_of(s, n, is_digit) && tn > 0 &&
	    all_of(t, tn, is_digit))
		x->ss_rows = x->line.columns = 1;
	return x->ss_rows;
}

/*
 * Reads what the trimmed word s[0..n) says about the line; returns 1 if
 * that was all it held, 0 if its pieces are to be read.
 */
static int
classify(struct extract *x, const char *s, size_t n)
{
	unsigned word = x->cur->index, p;
	const struct rule *r;

	if (word == 0 && ss_queues(x, s, n))
		return 1;
	if ((p = proto_of(s, n)) != 0) {
		if (x->line.in_set == OTHER_SET)
			x->line.set_protos |= p;
		else
			x->line.protos = p;
		x->line.netid = word == 0;
		/* Only the socket tables' names end in a digit. */
		x->line.columns |= is_digit((unsigned char)s[n - 1]);
		/* lsof's NODE, Windows' Proto: TCP or UDP before the address */
		x->line.prev_proto = s[0] >= 'A' && s[0] <= 'Z';
		return 1;
	}
	if ((word == 0 || (word == 1 && x->line.netid)) &&
	    EXTRACT_FIND(s, n, ss_states) != NULL) {
		/* ss: [Netid] State Recv-Q Send-Q Local Peer */
		x->line.columns = 1;
		if (word == 0)
			x->line.protos = word_is(s, n, "UNCONN") ? PI_UDP :
			    PI_TCP;
		return 1;
	}
	if (n > 0 && all_of(s, n, is_digit)) {
		/* netstat: Proto Recv-Q Send-Q Local Foreign State */
		if (word == 1 && x->line.netid)
			x->line.columns = 1;
		else if ((p = proto_number(x, s, n)) != 0)
			x->line.protos = p;
		else
			return 0;
		return 1;
	}
	if ((r = EXTRACT_FIND(s, n, keywords)) != NULL) {
		x->line.want = r->value;
		return 1;
	}
	return word_is(s, n, "!") || word_is(s, n, "!=");
}

/* The protocol in a value proto=tcp or protocol="tcp", or 0. */
static unsigned
value_proto(const char *v, const char *end)
{
	const char *e;

	if (v < end && *v == '"')
		v++;
	for (e = v; e < end && is_alpha((unsigned char)*e); e++)
		;
	return proto_of(v, (size_t)(e - v));
}

/*
 * What the word and the next say of its pieces: a protocol after the
 * port (protocol="tcp" next, port=80:proto=tcp, ufw's 80,443/tcp), a
 * bare port (before ufw's ALLOW, or in that list), a URL cited.
 */
static void
word_facts(struct extract *x, const char *s, size_t n)
{
	const char *t, *p;
	size_t tn;
	unsigned list = 0;

	x->word_protos = 0;
	x->bare = 0;
	x->cited = 0;
	if (next_word(x, &t, &tn)) {
		if (tn > 9 && memcmp(t, "protocol=", 9) == 0)
			x->word_protos = value_proto(t + 9, t + tn);
		x->bare = EXTRACT_FIND(t, tn, ufw_words) != NULL;
		x->cited = word_is(t, tn, ")") || word_is(t, tn, ".");
	}
	if ((p = find_str(s, n, ":proto=")) != NULL)
		x->word_protos = value_proto(p + 7, s + n);
	if (n > 0 && is_digit((unsigned char)s[0]) &&
	    memchr(s, ',', n) != NULL && (p = memchr(s, '/', n)) != NULL &&
	    (list = proto_of(p + 1, n - (size_t)(p - s) - 1)) != 0) {
		x->word_protos = list;
		x->bare = 1;
	}
}

void
rules_word(struct extract *x)
{
	const struct extract_token *w = x->cur;
	const char *s = w->s;
	size_t n = w->len;
	int closes, mode, skip = 0, prev = x->line.prev_proto;

	x->line.prev_proto = 0;
	if (w->cut) {
		x->line.want = V_NONE;
		return;
	}
	closes = memchr(s, '}', n) != NULL;
	if (memchr(s, '{', n) != NULL && x->line.in_set == NO_SET) {
		x->line.in_set = x->line.want != V_NONE ? PORT_SET : OTHER_SET;
		x->line.set_protos = 0;
	}
	mode = x->line.in_set == PORT_SET ? V_PORTS : x->line.want;
	/* lsof -F: a name field "n127.0.0.1:8000" starts its line. */
	if (w->index == 0 && n > 2 && s[0] == 'n' &&
	    (is_digit((unsigned char)s[1]) || s[1] == '[' || s[1] == '*')) {
		x->line.columns = 1;
		skip = 1;
	}
	trim(&s, &n);
	if (!classify(x, s, n)) {
		x->line.columns |= prev;
		x->line.want = V_NONE;
		x->mode = mode;
		word_facts(x, s, n);
		x->scan = (size_t)skip;
	}
	if (closes) {
		if (x->line.in_set == OTHER_SET && x->line.set_protos != 0)
			x->line.protos = x->line.set_protos;
		x->line.in_set = NO_SET;
		x->line.want = V_NONE;
	}
}
