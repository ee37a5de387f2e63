/*
 * Parsers of Linux's procfs text: socket lines, the settings files and the
 * reserved-port list.  See procnet.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portinfo.h"
#include "procnet.h"

/* Hex digits of an address as the kernel prints it, per family. */
#define HEX_V4		8
#define HEX_V6		32
#define HEX_PORT	4
#define HEX_WORD	8	/* the kernel prints 32-bit words */

/*
 * Bounds on the other columns, wide enough for any kernel's output but
 * small enough that no value can overflow what holds it.
 */
#define DEC_SLOT_MAX	10
#define DEC_PORT_MAX	5
#define DEC_INT_MAX	10	/* a 32-bit int */
#define DEC_UID_MAX	10
#define DEC_INODE_MAX	20
#define HEX_STATE	2
#define HEX_TIMER	2
#define HEX_LONG	16	/* a 64-bit long */

/* A settings file is a few bytes; anything longer is not one. */
#define SMALL_FILE_MAX	64

/* "socket:[" inode "]", the target of a socket's /proc/PID/fd link. */
#define SOCKET_LINK	"socket:["
#define DEC_PID_MAX	10

_Static_assert(PROCNET_LINK_MAX > sizeof(SOCKET_LINK) + DEC_INODE_MAX,
    "PROCNET_LINK_MAX too small");

/* ---- Scanning a line ---- */

/* A cursor over bytes that need not be NUL-terminated. */
struct scan {
	const char *p, *end;
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Skips blanks; returns how many there were. */
static size_t
skip_blanks(struct scan *s)
{
	size_t n = 0;

	while (s->p < s->end && is_blank((unsigned char)*s->p)) {
		s->p++;
		n++;
	}
	return n;
}

static int
take_char(struct scan *s, char c)
{
	if (s->p == s->end || *s->p != c)
		return 0;
	s->p++;
	return 1;
}

/*
 * Reads min..max hex digits, and no more follow.  max is at most 16, so
 * the value fits.
 */
static int
take_hex(struct scan *s, size_t min, size_t max, uint64_t *v)
{
	size_t n = 0;
	int d;

	*v = 0;
	while (s->p < s->end && (d = hex_value((unsigned char)*s->p)) >= 0) {
		if (++n > max)
			return 0;
		*v = *v << 4 | (unsigned)d;
		s->p++;
	}
	return n >= min;
}

/* Reads 1..max decimal digits whose value is at most limit. */
static int
take_dec(struct scan *s, size_t max, uint64_t limit, uint64_t *v)
{
	size_t n = 0;
	unsigned d;

	*v = 0;
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
		d = (unsigned)(*s->p - '0');
		if (++n > max || *v > (limit - d) / 10)
			return 0;
		*v = *v * 10 + d;
		s->p++;
	}
	return n > 0;
}

/* A column ends at a blank or at the end of the line. */
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

/*
 * An address as the kernel prints it: each 32-bit word of the address, as
 * it lies in memory, printed as a host-order number.  Storing each word
 * back in host order gives the bytes in network order on any machine,
 * as long as the text was read on the machine that printed it.
 */
static int
take_addr(struct scan *s, unsigned family, unsigned char *addr)
{
	size_t words = (family == 4 ? HEX_V4 : HEX_V6) / HEX_WORD, i;
	struct scan word;
	uint64_t v;
	uint32_t w;

	for (i = 0; i < words; i++) {
		if (s->end - s->p < HEX_WORD)
			return 0;
		word.p = s->p;
		word.end = s->p + HEX_WORD;
		if (!take_hex(&word, HEX_WORD, HEX_WORD, &v))
			return 0;
		w = (uint32_t)v;
		memcpy(addr + i * sizeof(w), &w, sizeof(w));
		s->p += HEX_WORD;
	}
	/* No more hex digits: the address has exactly its width. */
	return s->p == s->end || hex_value((unsigned char)*s->p) < 0;
}

/* "ADDR:PORT", for the local and the remote end alike. */
static int
take_endpoint(struct scan *s, unsigned family, unsigned char *addr,
    unsigned *port)
{
	uint64_t v;

	if (!take_addr(s, family, addr) || !take_char(s, ':') ||
	    !take_hex(s, HEX_PORT, HEX_PORT, &v))
		return 0;
	*port = (unsigned)v;
	return at_column_end(s);
}

/* "HEX:HEX", as the queue and timer columns are. */
static int
take_hex_pair(struct scan *s, size_t a, size_t b_min, size_t b_max)
{
	uint64_t v;

	return take_hex(s, a, a, &v) && take_char(s, ':') &&
	    take_hex(s, b_min, b_max, &v) && at_column_end(s);
}

/* The slot number "N:" that starts every socket line. */
static int
take_slot(struct scan *s)
{
	uint64_t v;

	skip_blanks(s);
	return take_dec(s, DEC_SLOT_MAX, UINT32_MAX, &v) &&
	    take_char(s, ':') && at_column_end(s);
}

/*
 * st, tx_queue:rx_queue, tr:tm->when and retrnsmt: checked, unused.  The
 * kernel prints them in fixed widths, which keeps a line with a column
 * missing from being read with the others shifted.
 */
static int
take_state_and_timers(struct scan *s, unsigned *state)
{
	uint64_t v;

	if (!next_column(s) || !take_hex(s, HEX_STATE, HEX_STATE, &v) ||
	    !at_column_end(s))
		return 0;
	*state = (unsigned)v;
	if (!next_column(s) || !take_hex_pair(s, HEX_WORD, HEX_WORD, HEX_WORD))
		return 0;
	if (!next_column(s) ||
	    !take_hex_pair(s, HEX_TIMER, HEX_WORD, HEX_LONG))
		return 0;
	return next_column(s) && take_hex(s, HEX_WORD, HEX_WORD, &v) &&
	    at_column_end(s);
}

/* uid, timeout and inode; what follows the inode varies by kernel. */
static int
take_owner(struct scan *s, struct local_sock *k)
{
	uint64_t v;

	if (!next_column(s) || !take_dec(s, DEC_UID_MAX, UINT32_MAX, &v) ||
	    !at_column_end(s))
		return 0;
	k->uid = (unsigned long)v;
	if (!next_column(s))
		return 0;
	(void)take_char(s, '-');
	if (!take_dec(s, DEC_INT_MAX, INT32_MAX, &v) || !at_column_end(s))
		return 0;
	if (!next_column(s) ||
	    !take_dec(s, DEC_INODE_MAX, UINT64_MAX, &v) || !at_column_end(s))
		return 0;
	k->inode = (unsigned long long)v;
	return 1;
}

/*
 * The kernel writes printable ASCII and blanks only.  Checking the whole
 * line covers the columns after the inode too, which are not parsed.
 */
static int
is_plain_text(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if ((c < ' ' || c > '~') && c != '\t')
			return 0;
	}
	return 1;
}

int
procnet_parse_line(const char *line, size_t len, unsigned proto,
    unsigned family, struct local_sock *k)
{
	struct scan s = { line, line + len };

	if ((proto != PI_TCP && proto != PI_UDP) ||
	    (family != 4 && family != 6) || !is_plain_text(line, len))
		return 0;
	memset(k, 0, sizeof(*k));
	k->proto = proto;
	k->family = family;
	/* The text does not tell whether a socket has IPV6_V6ONLY. */
	k->v6only = family == 6 ? -1 : 0;
	return take_slot(&s) &&
	    next_column(&s) && take_endpoint(&s, family, k->addr, &k->port) &&
	    next_column(&s) &&
	    take_endpoint(&s, family, k->peer, &k->peer_port) &&
	    take_state_and_timers(&s, &k->state) &&
	    take_owner(&s, k);
}

/* ---- Reading lines ---- */

enum line_result {
	LINE_ERROR = -1,
	LINE_EOF,
	LINE_OK,
	LINE_BAD		/* too long, or no newline at the end */
};

/*
 * Reads a line into buf without its newline.  A line that does not fit
 * is read to its end and reported as LINE_BAD, never cut.
 */
static enum line_result
read_line(FILE *fp, char *buf, size_t size, size_t *len)
{
	size_t n = 0;
	int c, fits = 1;

	while ((c = getc(fp)) != EOF && c != '\n') {
		if (n < size)
			buf[n++] = (char)c;
		else
			fits = 0;
	}
	*len = n;
	if (c == EOF) {
		if (ferror(fp)) {
			if (errno == 0)
				errno = EIO;
			return LINE_ERROR;
		}
		if (n == 0 && fits)
			return LINE_EOF;
		return LINE_BAD;
	}
	return fits ? LINE_OK : LINE_BAD;
}

/* The column header that starts every /proc/net file. */
static int
is_header(const char *line, size_t len)
{
	struct scan s = { line, line + len };

	skip_blanks(&s);
	return take_char(&s, 's') && take_char(&s, 'l') && at_column_end(&s);
}

void
procnet_reader_init(struct procnet_reader *r, FILE *fp, unsigned proto,
    unsigned family)
{
	r->fp = fp;
	r->proto = proto;
	r->family = family;
	r->lineno = 0;
	r->skipped = 0;
}

int
procnet_reader_next(struct procnet_reader *r, struct local_sock *s)
{
	enum line_result res;
	size_t len;

	for (;;) {
		errno = 0;
		res = read_line(r->fp, r->line, sizeof(r->line), &len);
		if (res == LINE_ERROR)
			return -1;
		if (res == LINE_EOF)
			return 0;
		r->lineno++;
		if (res == LINE_OK &&
		    procnet_parse_line(r->line, len, r->proto, r->family, s))
			return 1;
		if (res == LINE_BAD || r->lineno != 1 ||
		    !is_header(r->line, len))
			r->skipped++;
	}
}

/* ---- Settings files ---- */

/*
 * Reads a whole small file into buf and sets s to scan it; fails with
 * EINVAL if the file has more than fits.
 */
static int
read_small(FILE *fp, char *buf, size_t size, struct scan *s)
{
	size_t len;

	errno = 0;
	len = fread(buf, 1, size, fp);
	if (ferror(fp)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	if (len == size) {
		errno = EINVAL;
		return -1;
	}
	s->p = buf;
	s->end = buf + len;
	return 0;
}

/* A port number: 1 to 5 digits, at most PI_PORT_MAX. */
static int
take_port(struct scan *s, unsigned *port)
{
	uint64_t v;

	if (!take_dec(s, DEC_PORT_MAX, PI_PORT_MAX, &v))
		return 0;
	*port = (unsigned)v;
	return 1;
}

/* Nothing may follow but one newline. */
static int
at_file_end(struct scan *s)
{
	(void)take_char(s, '\n');
	return s->p == s->end;
}

int
procnet_parse_range(FILE *fp, unsigned *lo, unsigned *hi)
{
	char buf[SMALL_FILE_MAX];
	struct scan s;

	if (read_small(fp, buf, sizeof(buf), &s) == -1)
		return -1;
	if (!take_port(&s, lo) || skip_blanks(&s) == 0 ||
	    !take_port(&s, hi) || !at_file_end(&s) || *lo > *hi) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int
procnet_parse_port(FILE *fp, unsigned *port)
{
	char buf[SMALL_FILE_MAX];
	struct scan s;

	if (read_small(fp, buf, sizeof(buf), &s) == -1)
		return -1;
	if (!take_port(&s, port) || !at_file_end(&s)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* ---- The reserved ports ---- */

int
procnet_portset_has(const struct local_portset *set, unsigned port)
{
	return port <= PI_PORT_MAX &&
	    (set->bits[port / CHAR_BIT] >> (port % CHAR_BIT) & 1) != 0;
}

static void
portset_add(struct local_portset *set, unsigned lo, unsigned hi)
{
	unsigned long p;

	for (p = lo; p <= hi; p++)
		set->bits[p / CHAR_BIT] |= (unsigned char)(1u << p % CHAR_BIT);
}

/* "PORT" or "LO-HI", lo <= hi. */
static int
take_item(struct scan *s, unsigned *lo, unsigned *hi)
{
	if (!take_port(s, lo))
		return 0;
	*hi = *lo;
	if (take_char(s, '-') && !take_port(s, hi))
		return 0;
	return *hi >= *lo;
}

/* The items of a non-empty list, each past the one before. */
static int
take_items(struct scan *s, struct local_portset *set)
{
	unsigned long from = 0;	/* the lowest port the next item may hold */
	unsigned lo, hi;

	do {
		if (!take_item(s, &lo, &hi) || lo < from)
			return 0;
		portset_add(set, lo, hi);
		from = hi + 1UL;
	} while (take_char(s, ','));
	return 1;
}

/* The list and its newline, and nothing after. */
static int
take_reserved(struct scan *s, struct local_portset *set)
{
	if (!take_char(s, '\n') && (!take_items(s, set) || !take_char(s, '\n')))
		return 0;
	return s->p == s->end;
}

int
procnet_parse_reserved(FILE *fp, struct local_portset *set)
{
	char *buf;
	struct scan s;
	int rc = -1, e;

	memset(set, 0, sizeof(*set));
	/* One byte more than a list can take, to tell a longer text. */
	if ((buf = malloc(PROCNET_RESERVED_MAX + 1)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (read_small(fp, buf, PROCNET_RESERVED_MAX + 1, &s) == 0) {
		if (take_reserved(&s, set))
			rc = 0;
		else
			errno = EINVAL;
	}
	e = errno;
	if (rc == -1)
		memset(set, 0, sizeof(*set));
	free(buf);
	errno = e;
	return rc;
}

/* ---- Owners ---- */

unsigned long long
procnet_socket_inode(const char *link, size_t len)
{
	const size_t plen = sizeof(SOCKET_LINK) - 1;
	struct scan s = { link + plen, link + len };
	uint64_t v;

	if (len <= plen || memcmp(link, SOCKET_LINK, plen) != 0)
		return 0;
	if (!take_dec(&s, DEC_INODE_MAX, UINT64_MAX, &v) ||
	    !take_char(&s, ']') || s.p != s.end)
		return 0;
	return (unsigned long long)v;
}

long
procnet_pid(const char *name, size_t len)
{
	struct scan s = { name, name + len };
	uint64_t v;

	if (!take_dec(&s, DEC_PID_MAX, INT32_MAX, &v) || s.p != s.end)
		return 0;
	return (long)v;
}
