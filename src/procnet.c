/* Parsers of Linux's procfs text.  See procnet.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "portinfo.h"
#include "procnet.h"

/* "socket:[" inode "]", the target of a socket's /proc/PID/fd link. */
#define SOCKET_LINK	"socket:["

/* Room for the 20 digits of a 64-bit inode. */
_Static_assert(PROCNET_LINK_MAX > sizeof(SOCKET_LINK) + 20,
    "PROCNET_LINK_MAX too small");

/* Longer than any port range file. */
#define RANGE_MAX	64

/* A cursor over bytes that need not be NUL-terminated. */
struct scan {
	const char *p, *end;
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static size_t
skip_blanks(struct scan *s)
{
	const char *p = s->p;

	while (s->p < s->end && is_blank((unsigned char)*s->p))
		s->p++;
	return (size_t)(s->p - p);
}

static int
take_char(struct scan *s, char c)
{
	if (s->p == s->end || *s->p != c)
		return 0;
	s->p++;
	return 1;
}

/* Reads min..max hex digits (max at most 16), and no more follow. */
static int
take_hex(struct scan *s, size_t min, size_t max, uint64_t *v)
{
	size_t n = 0;
	unsigned c;

	for (*v = 0; s->p < s->end && is_hex(c = (unsigned char)*s->p);
	    s->p++) {
		if (++n > max)
			return 0;
		*v = *v << 4 | (is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return n >= min;
}

/* Reads 1..max decimal digits whose value is at most limit. */
static int
take_dec(struct scan *s, size_t max, uint64_t limit, uint64_t *v)
{
	size_t n = 0;
	unsigned d;

	for (*v = 0; s->p < s->end && is_digit((unsigned char)*s->p); s->p++) {
		d = (unsigned)(*s->p - '0');
		if (++n > max || *v > (limit - d) / 10)
			return 0;
		*v = *v * 10 + d;
	}
	return n > 0;
}

static int
at_column_end(const struct scan *s)
{
	return s->p == s->end || is_blank((unsigned char)*s->p);
}

/* Reads a separator of blanks, then expects a column to start. */
static int
next_column(struct scan *s)
{
	return skip_blanks(s) > 0 && s->p < s->end;
}

static int
hex_column(struct scan *s, size_t min, size_t max, uint64_t *v)
{
	return next_column(s) && take_hex(s, min, max, v) && at_column_end(s);
}

/* A column of decimal digits, at most max and limit, maybe after a '-'. */
static int
dec_column(struct scan *s, int minus, size_t max, uint64_t limit,
    uint64_t *v)
{
	if (!next_column(s))
		return 0;
	if (minus)
		(void)take_char(s, '-');
	return take_dec(s, max, limit, v) && at_column_end(s);
}

/* "HEX:HEX", as the queue and timer columns are. */
static int
pair_column(struct scan *s, size_t a, size_t b_min, size_t b_max)
{
	uint64_t v;

	return next_column(s) && take_hex(s, a, a, &v) && take_char(s, ':') &&
	    take_hex(s, b_min, b_max, &v) && at_column_end(s);
}

/*
 * "ADDR:PORT", for the local and the remote end alike.  The address is
 * each of its 32-bit words as it lies in memory, printed as a host-order
 * number in 8 hex digits: stored back in host order, the words give the
 * bytes in network order, on the machine that printed them.
 */
static int
endpoint_column(struct scan *s, unsigned family, unsigned char *addr,
    unsigned *port)
{
	struct scan word;
	uint64_t v;
	uint32_t w;
	size_t i;

	if (!next_column(s))
		return 0;
	for (i = 0; i < (family == 4 ? 1u : 4u); i++) {
		if (s->end - s->p < 8)
			return 0;
		word.p = s->p;
		word.end = s->p += 8;
		if (!take_hex(&word, 8, 8, &v))
			return 0;
		w = (uint32_t)v;
		memcpy(addr + i * sizeof(w), &w, sizeof(w));
	}
	if (s->p < s->end && is_hex((unsigned char)*s->p))
		return 0;
	if (!take_char(s, ':') || !take_hex(s, 4, 4, &v))
		return 0;
	*port = (unsigned)v;
	return at_column_end(s);
}

/* The kernel writes printable ASCII and blanks only. */
static int
is_text(unsigned char c)
{
	return (c >= ' ' && c <= '~') || c == '\t';
}

/*
 * sl, the addresses, st, tx_queue:rx_queue, tr:tm->when, retrnsmt, uid,
 * timeout, inode; what follows the inode varies by kernel.  The columns
 * not used are checked all the same: the kernel prints them in fixed
 * widths, which keeps a line with a column missing from being read with
 * the others shifted.
 */
int
procnet_parse_line(const char *line, size_t len, unsigned proto,
    unsigned family, struct local_sock *k)
{
	struct scan s = { line, line + len };
	uint64_t state, uid, inode, v;

	if (!all_of(line, len, is_text))
		return 0;
	/* The text does not tell whether a socket has IPV6_V6ONLY. */
	*k = (struct local_sock){ .proto = proto, .family = family,
	    .v6only = family == 6 ? -1 : 0 };
	skip_blanks(&s);
	if (!take_dec(&s, 10, UINT32_MAX, &v) || !take_char(&s, ':') ||
	    !at_column_end(&s) ||
	    !endpoint_column(&s, family, k->addr, &k->port) ||
	    !endpoint_column(&s, family, k->peer, &k->peer_port) ||
	    !hex_column(&s, 2, 2, &state) || !pair_column(&s, 8, 8, 8) ||
	    !pair_column(&s, 2, 8, 16) || !hex_column(&s, 8, 8, &v) ||
	    !dec_column(&s, 0, 10, UINT32_MAX, &uid) ||
	    !dec_column(&s, 1, 10, INT32_MAX, &v) ||
	    !dec_column(&s, 0, 20, UINT64_MAX, &inode))
		return 0;
	k->state = (unsigned)state;
	k->uid = (unsigned long)uid;
	k->inode = (unsigned long long)inode;
	return 1;
}

int
procnet_read(FILE *fp, unsigned proto, unsigned family, struct local_sock *s)
{
	char line[PROCNET_LINE_MAX];
	size_t n;
	int c, fits;

	for (;;) {
		errno = 0;
		/* A line too long is read to its end, never cut. */
		for (n = 0, fits = 1; (c = getc(fp)) != EOF && c != '\n';) {
			if (n < sizeof(line))
				line[n++] = (char)c;
			else
				fits = 0;
		}
		if (c == EOF && ferror(fp)) {
			if (errno == 0)
				errno = EIO;
			return -1;
		}
		if (c == EOF && n == 0 && fits)
			return 0;
		if (c != EOF && fits &&
		    procnet_parse_line(line, n, proto, family, s))
			return 1;
	}
}

/* A port number: 1 to 5 digits, at most PI_PORT_MAX. */
static int
take_port(struct scan *s, unsigned *port)
{
	uint64_t v;

	if (!take_dec(s, 5, PI_PORT_MAX, &v))
		return 0;
	*port = (unsigned)v;
	return 1;
}

int
procnet_parse_range(const char *text, size_t len, unsigned *lo,
    unsigned *hi)
{
	struct scan s = { text, text + len };
	int ok;

	ok = len < RANGE_MAX && take_port(&s, lo) && (hi == NULL ||
	    (skip_blanks(&s) > 0 && take_port(&s, hi) && *lo <= *hi));
	(void)take_char(&s, '\n');
	if (!ok || s.p != s.end) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* The items of a non-empty list, "PORT" or "LO-HI", each past the last. */
static int
take_items(struct scan *s, struct local_portset *set)
{
	unsigned long from = 0, p;	/* the lowest the next may hold */
	unsigned lo, hi;

	do {
		if (!take_port(s, &lo))
			return 0;
		hi = lo;
		if ((take_char(s, '-') && !take_port(s, &hi)) || hi < lo ||
		    lo < from)
			return 0;
		for (p = lo; p <= hi; p++)
			local_portset_add(set, p);
		from = hi + 1UL;
	} while (take_char(s, ','));
	return 1;
}

int
procnet_parse_reserved(const char *text, size_t len,
    struct local_portset *set)
{
	struct scan s = { text, text + len };

	memset(set, 0, sizeof(*set));
	/* The list and its newline, or the newline alone. */
	if (len <= PROCNET_TEXT_MAX && (take_char(&s, '\n') ||
	    (take_items(&s, set) && take_char(&s, '\n'))) && s.p == s.end)
		return 0;
	memset(set, 0, sizeof(*set));
	errno = EINVAL;
	return -1;
}

unsigned long long
procnet_socket_inode(const char *link, size_t len)
{
	const size_t plen = sizeof(SOCKET_LINK) - 1;
	struct scan s = { link + plen, link + len };
	uint64_t v;

	if (len <= plen || memcmp(link, SOCKET_LINK, plen) != 0 ||
	    !take_dec(&s, 20, UINT64_MAX, &v) || !take_char(&s, ']') ||
	    s.p != s.end)
		return 0;
	return (unsigned long long)v;
}

long
procnet_pid(const char *name, size_t len)
{
	struct scan s = { name, name + len };
	uint64_t v;

	if (!take_dec(&s, 10, INT32_MAX, &v) || s.p != s.end)
		return 0;
	return (long)v;
}
