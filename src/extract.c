/*
 * The endpoint extractor.  Text is read a word at a time (a word is a
 * run of bytes between blanks), never a whole line, so memory stays the
 * same whatever the line length.  A few facts about the line so far
 * decide what a word means: the protocol named last, whether the line
 * is a table of sockets (ss, netstat, lsof), and whether a --dport or
 * dport came just before.  Each word is then cut at its commas, and
 * each piece is tried against the notations in extract.h; what each
 * endpoint names is left to query_parse, on the port part alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "portinfo.h"
#include "extract.h"

/* What the pieces of a word are read as. */
enum mode {
	AS_ENDPOINTS,		/* host:port, pairs, URLs, port/proto */
	AS_PORTS		/* after --dport or inside its { } set */
};

/* Which { } set the words are in, if any. */
enum set {
	NO_SET,
	PORT_SET,		/* dport { 80, 443 } */
	OTHER_SET		/* l4proto { tcp, udp } and the like */
};

/* Words after which a port, a range, a list or a set follows. */
static const char *const port_words[] = {
	"--dport", "--sport", "--dports", "--sports",
	"--destination-port", "--source-port",
	"--destination-ports", "--source-ports",
	"dport", "sport"
};

/*
 * ss's State column, which starts a line when there is no Netid: ss
 * leaves Netid out when it shows one protocol's sockets (ss -tlnp), and
 * the state then tells which, UNCONN for udp and TCP's own states for
 * tcp.
 */
static const char *const ss_states[] = {
	"UNCONN", "LISTEN", "ESTAB", "TIME-WAIT", "SYN-SENT", "SYN-RECV",
	"FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "LAST-ACK", "CLOSING"
};
#define SS_UDP_STATE 0		/* ss_states[0], UNCONN */

#define NELEMS(a) (sizeof(a) / sizeof(a[0]))

const char *
extract_side_name(enum extract_side side)
{
	static const char *const names[] = {
		[EXTRACT_NOSIDE] = "", [EXTRACT_LOCAL] = "local",
		[EXTRACT_REMOTE] = "remote", [EXTRACT_HOST] = "host",
		[EXTRACT_CONTAINER] = "container"
	};

	if ((unsigned)side >= NELEMS(names))
		return "";
	return names[side];
}

/* What separates words on a line; '\n' ends the line itself. */
static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int
word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* Where s[0..n) is in list[0..count), or -1. */
static int
word_at(const char *s, size_t n, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (word_is(s, n, list[i]))
			return (int)i;
	}
	return -1;
}

static int
word_in(const char *s, size_t n, const char *const *list, size_t count)
{
	return word_at(s, n, list, count) >= 0;
}

/* tcp, udp, sctp, dccp in any case, and netstat's tcp6, udp6. */
static unsigned
proto_word(const char *s, size_t n)
{
	if (n > 1 && s[n - 1] == '6')
		n--;
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

static const char *
find2(const char *s, size_t n, char a, char b)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] == a && s[i + 1] == b)
			return s + i;
	}
	return NULL;
}

/* A %zone after an address, as ss and netstat print it: %lo, %eth0. */
static size_t
zone_start(const char *s, size_t n)
{
	const char *pct = memchr(s, '%', n);

	return pct == NULL ? n : (size_t)(pct - s);
}

static int
is_v6_char(unsigned char c)
{
	return is_hex(c) || c == ':' || c == '.';
}

static int
is_zone_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '_' || c == '.';
}

/* An IPv6 address with an optional zone, the brackets taken off. */
static int
is_v6(const char *s, size_t n)
{
	size_t z = zone_start(s, n);

	return z > 1 && memchr(s, ':', z) != NULL && all_of(s, z, is_v6_char) &&
	    (z == n || (z + 1 < n &&
	    all_of(s + z + 1, n - z - 1, is_zone_char)));
}

/* A dotted quad, with an optional zone (ss: 127.0.0.53%lo). */
static int
is_v4(const char *s, size_t n)
{
	size_t z = zone_start(s, n), i, dots = 0, digits = 0;

	for (i = 0; i < z; i++) {
		if (s[i] == '.') {
			if (digits == 0)
				return 0;
			dots++;
			digits = 0;
		} else if (is_digit((unsigned char)s[i]) && digits < 3)
			digits++;
		else
			return 0;
	}
	return dots == 3 && digits > 0 &&
	    (z == n || all_of(s + z + 1, n - z - 1, is_zone_char));
}

static int
is_host_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '_' || c == '.';
}

/*
 * A host name.  Outside a table of sockets it must look like one (a
 * letter and a dot, or localhost), so that "nginx:1.25", "redis:7" and
 * "line:42" are not taken for endpoints.
 */
static int
is_hostname(const char *s, size_t n, int columns)
{
	size_t i;
	int alpha = 0;

	if (!all_of(s, n, is_host_char))
		return 0;
	for (i = 0; i < n; i++)
		alpha |= is_alpha((unsigned char)s[i]);
	if (!alpha)
		return 0;
	return columns || memchr(s, '.', n) != NULL ||
	    (n == 9 && memcmp(s, "localhost", 9) == 0);
}

/*
 * Splits s[0..n) into host and port if it has the shape of an endpoint:
 * [v6]:port, [v6]%zone:port, :::port, *:port, v4:port, name:port, and
 * v6:port on a table of sockets.  The port part may be "*".
 */
static int
split_endpoint(const char *s, size_t n, int columns, const char **port,
    size_t *portlen)
{
	const char *close;
	size_t hostlen, zone;

	if (n == 0)
		return 0;
	if (s[0] == '[') {
		if ((close = memchr(s, ']', n)) == NULL ||
		    !is_v6(s + 1, (size_t)(close - s) - 1))
			return 0;
		hostlen = (size_t)(close - s) + 1;
		/* ss puts a link-local address's zone after the bracket. */
		if (hostlen < n && s[hostlen] == '%') {
			zone = ++hostlen;
			while (hostlen < n && s[hostlen] != ':')
				hostlen++;
			if (hostlen == zone ||
			    !all_of(s + zone, hostlen - zone, is_zone_char))
				return 0;
		}
	} else if (n > 3 && memcmp(s, ":::", 3) == 0 &&
	    memchr(s + 3, ':', n - 3) == NULL) {
		hostlen = 2;
	} else {
		/* The last colon: netstat's v6:port has more before it. */
		for (hostlen = n; hostlen > 0 && s[hostlen - 1] != ':';
		    hostlen--)
			;
		if (hostlen-- <= 1)
			return 0;
		if (memchr(s, ':', hostlen) != NULL) {
			if (!columns || !is_v6(s, hostlen))
				return 0;
		} else if (!(hostlen == 1 && s[0] == '*') &&
		    !is_v4(s, hostlen) && !is_hostname(s, hostlen, columns))
			return 0;
	}
	if (hostlen + 1 >= n || s[hostlen] != ':')
		return 0;
	*port = s + hostlen + 1;
	*portlen = n - hostlen - 1;
	return 1;
}

/*
 * What a port part names: a port or range, or a service name that the
 * registry has and that is not a protocol word.
 */
static int
port_query(const char *s, size_t n, int names, struct query *q)
{
	query_parse(s, n, q);
	if (q->kind == QUERY_PORT)
		return 1;
	return names && q->kind == QUERY_NAME &&
	    !proto_word(q->name, q->namelen) &&
	    query_name_known(q->name, q->namelen);
}

static void
emit(struct extract *x, const char *s, size_t n, const struct query *q,
    unsigned protos, enum extract_side side)
{
	struct extract_hit *h = &x->pending[x->npending++];
	size_t off = (size_t)(s - x->word);

	h->query = *q;
	if (h->query.protos == PI_PROTO_ANY && protos != 0)
		h->query.protos = protos;
	h->text = s;
	h->len = n;
	h->column = x->at <= SIZE_MAX - off ? x->at + off : SIZE_MAX;
	h->lineno = x->lineno;
	h->side = side;
}

/* a:b->c:d (lsof) or host:port->port/proto (Docker). */
static int
take_pair(struct extract *x, const char *s, size_t n)
{
	const char *arrow = find2(s, n, '-', '>'), *lport, *rport, *r;
	size_t llen, lportlen, rlen, rportlen;
	struct query lq, rq;
	int lhas;

	if (arrow == NULL)
		return 0;
	llen = (size_t)(arrow - s);
	r = arrow + 2;
	rlen = n - llen - 2;
	if (!split_endpoint(s, llen, 1, &lport, &lportlen))
		return 1;
	lhas = !word_is(lport, lportlen, "*") &&
	    port_query(lport, lportlen, 1, &lq);
	if (split_endpoint(r, rlen, 1, &rport, &rportlen)) {
		if (lhas)
			emit(x, s, llen, &lq, x->protos, EXTRACT_LOCAL);
		if (!word_is(rport, rportlen, "*") &&
		    port_query(rport, rportlen, 1, &rq))
			emit(x, r, rlen, &rq, x->protos, EXTRACT_REMOTE);
	} else if (rlen > 0 && is_digit((unsigned char)r[0]) &&
	    port_query(r, rlen, 0, &rq)) {
		if (lhas)
			emit(x, s, llen, &lq, rq.protos == PI_PROTO_ANY ?
			    x->protos : rq.protos, EXTRACT_HOST);
		emit(x, r, rlen, &rq, x->protos, EXTRACT_CONTAINER);
	}
	return 1;
}

/* scheme://...: the scheme's letters, then "://". */
static int
is_url(const char *s, size_t n)
{
	const char *sep = find2(s, n, ':', '/');
	size_t i, len;

	if (sep == NULL || (len = (size_t)(sep - s)) == 0 ||
	    !is_alpha((unsigned char)s[0]) || len + 2 >= n || sep[2] != '/')
		return 0;
	for (i = 0; i < len; i++) {
		if (!is_alpha((unsigned char)s[i]) &&
		    !is_digit((unsigned char)s[i]) && strchr("+-.", s[i]) == NULL)
			return 0;
	}
	return 1;
}

/* One comma-separated piece of a word read as endpoints. */
static void
take_endpoint(struct extract *x, const char *s, size_t n)
{
	const char *port;
	size_t portlen;
	struct query q;
	enum extract_side side = EXTRACT_NOSIDE;

	trim(&s, &n);
	if (n == 0)
		return;
	if (is_url(s, n)) {
		query_parse(s, n, &q);
		if (q.kind == QUERY_PORT)
			emit(x, s, n, &q, 0, EXTRACT_NOSIDE);
	} else if (take_pair(x, s, n)) {
		return;
	} else if (split_endpoint(s, n, x->columns, &port, &portlen)) {
		x->endpoints += x->endpoints < 3;
		if (x->columns && x->endpoints <= 2)
			side = x->endpoints == 1 ? EXTRACT_LOCAL :
			    EXTRACT_REMOTE;
		if (!word_is(port, portlen, "*") &&
		    port_query(port, portlen, 1, &q))
			emit(x, s, n, &q, x->protos, side);
	} else if (is_digit((unsigned char)s[0]) && memchr(s, '/', n) != NULL) {
		query_parse(s, n, &q);
		if (q.kind == QUERY_PORT && q.protos != PI_PROTO_ANY)
			emit(x, s, n, &q, 0, EXTRACT_NOSIDE);
	}
}

/* One piece of the value of --dport, dport or a port set. */
static void
take_port(struct extract *x, const char *s, size_t n)
{
	struct query q;

	trim(&s, &n);
	if (n > 0 && port_query(s, n, 1, &q))
		emit(x, s, n, &q, x->protos, EXTRACT_NOSIDE);
}

/*
 * Reads what the word says about the line; returns 1 if that was all
 * it held, 0 if its pieces are to be read, as *mode says.
 */
static int
classify(struct extract *x, enum mode *mode)
{
	const char *s = x->word;
	size_t n = x->len;
	unsigned word = x->words++, p;
	int prev = x->prev_proto, closes, done = 1, state;

	x->prev_proto = 0;
	if (x->cut) {
		x->want_port = 0;
		return 1;
	}
	closes = memchr(s, '}', n) != NULL;
	if (memchr(s, '{', n) != NULL && x->in_set == NO_SET) {
		x->in_set = x->want_port ? PORT_SET : OTHER_SET;
		x->set_protos = 0;
	}
	*mode = x->in_set == PORT_SET || x->want_port ? AS_PORTS :
	    AS_ENDPOINTS;
	trim(&s, &n);
	if ((p = proto_word(s, n)) != 0) {
		if (x->in_set == OTHER_SET)
			x->set_protos |= p;
		else
			x->protos = p;
		x->netid = word == 0;
		/* lsof's NODE column: TCP or UDP just before the NAME. */
		x->prev_proto = word > 0 && x->word[0] >= 'A' &&
		    x->word[0] <= 'Z';
	} else if ((word == 0 || (word == 1 && x->netid)) &&
	    (state = word_at(s, n, ss_states, NELEMS(ss_states))) >= 0) {
		/* ss: [Netid] State Recv-Q Send-Q Local Peer */
		x->columns = 1;
		if (word == 0)
			x->protos = state == SS_UDP_STATE ? PI_UDP : PI_TCP;
	} else if (word == 1 && x->netid && n > 0 && all_of(s, n, is_digit)) {
		/* netstat: Proto Recv-Q Send-Q Local Foreign State */
		x->columns = 1;
	} else if (word_in(s, n, port_words, NELEMS(port_words))) {
		x->want_port = 1;
	} else if (!word_is(s, n, "!") && !word_is(s, n, "!=")) {
		x->columns |= prev;
		x->want_port = 0;
		done = 0;
	}
	if (closes) {
		if (x->in_set == OTHER_SET && x->set_protos != 0)
			x->protos = x->set_protos;
		x->in_set = NO_SET;
		x->want_port = 0;
	}
	return done;
}

/*
 * Hands the pieces of the current word to their reader until one
 * yields an endpoint or the word ends.
 */
static void
scan_word(struct extract *x, int mode)
{
	const char *s, *comma;
	size_t n;

	while (x->npending == 0 && x->scan < x->len) {
		s = x->word + x->scan;
		n = x->len - x->scan;
		if ((comma = memchr(s, ',', n)) != NULL)
			n = (size_t)(comma - s);
		x->scan += n + (comma != NULL);
		if (mode == AS_PORTS)
			take_port(x, s, n);
		else
			take_endpoint(x, s, n);
	}
}

static void
new_line(struct extract *x)
{
	x->lineno++;
	x->pos = 0;
	x->words = 0;
	x->protos = 0;
	x->set_protos = 0;
	x->columns = 0;
	x->endpoints = 0;
	x->want_port = 0;
	x->in_set = NO_SET;
	x->prev_proto = 0;
	x->netid = 0;
}

void
extract_init(struct extract *x, FILE *fp)
{
	memset(x, 0, sizeof(*x));
	x->fp = fp;
	new_line(x);
}

static void
advance(struct extract *x)
{
	x->pos += x->pos < SIZE_MAX;
}

/*
 * Reads the next word into x->word.  Returns 1, 0 at the end of the
 * input, -1 on a read error.
 */
static int
read_word(struct extract *x)
{
	FILE *fp = x->fp;
	size_t len = 0;
	int c;

	if (x->eof)
		return 0;
	if (x->eol) {
		x->eol = 0;
		new_line(x);
	}
	for (;;) {
		c = getc_unlocked(fp);
		if (c == EOF)
			return ferror(fp) ? -1 : 0;
		if (c == '\n')
			new_line(x);
		else if (is_blank(c))
			advance(x);
		else
			break;
	}
	x->at = x->pos;
	x->cut = 0;
	do {
		if (len < sizeof(x->word))
			x->word[len++] = (char)c;
		else
			x->cut = 1;
		advance(x);
		c = getc_unlocked(fp);
	} while (c != EOF && c != '\n' && !is_blank(c));
	if (c == EOF) {
		if (ferror(fp))
			return -1;
		x->eof = 1;
	} else if (c == '\n') {
		x->eol = 1;
	} else {
		advance(x);
	}
	x->len = len;
	x->scan = 0;
	return 1;
}

int
extract_next(struct extract *x, struct extract_hit *hit)
{
	enum mode mode = AS_ENDPOINTS;
	int r;

	for (;;) {
		if (x->taken < x->npending) {
			*hit = x->pending[x->taken++];
			return 1;
		}
		x->npending = x->taken = 0;
		if (x->scan < x->len) {
			scan_word(x, x->mode);
			continue;
		}
		if ((r = read_word(x)) != 1)
			return r;
		/* lsof -F: a name field "n127.0.0.1:8000" starts its line. */
		if (x->words == 0 && x->len > 2 && x->word[0] == 'n' &&
		    (is_digit((unsigned char)x->word[1]) || x->word[1] == '[' ||
		    x->word[1] == '*')) {
			x->scan = 1;
			x->columns = 1;
		}
		if (classify(x, &mode))
			x->scan = x->len;
		x->mode = (int)mode;
	}
}
