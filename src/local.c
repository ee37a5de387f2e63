/*
 * This host's view of ports, read from Linux's procfs and checked with
 * real binds.  See local.h.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portinfo.h"
#include "local.h"

_Static_assert(LOCAL_ADDRSTRLEN >= INET6_ADDRSTRLEN,
    "LOCAL_ADDRSTRLEN too small");

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

/* Files below the procfs root. */
#define NET_TCP		"net/tcp"
#define NET_TCP6	"net/tcp6"
#define NET_UDP		"net/udp"
#define NET_UDP6	"net/udp6"
#define SYS_RANGE	"sys/net/ipv4/ip_local_port_range"
#define SYS_UNPRIV	"sys/net/ipv4/ip_unprivileged_port_start"
#define SYS_RESERVED	"sys/net/ipv4/ip_local_reserved_ports"

/* Linux's default for kernels without ip_unprivileged_port_start. */
#define UNPRIV_DEFAULT	1024

/* A settings file is a few bytes; anything longer is not one. */
#define SMALL_FILE_MAX	64

/*
 * procfs answers only a read from the start of ip_local_reserved_ports,
 * and cuts the list to fit that read, so it must be read at once.  The
 * longest list the kernel can write takes under 4 bytes a port, at worst
 * "10000-10001," for every 3 ports, newline included.
 */
#define RESERVED_TEXT_MAX	(4 * (size_t)LOCAL_PORTS)

/* "socket:[" inode "]", the target of a socket's /proc/PID/fd link. */
#define SOCKET_LINK	"socket:["
#define SOCKET_LINK_MAX	(sizeof(SOCKET_LINK) + DEC_INODE_MAX + 1)
#define DEC_PID_MAX	10

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
local_parse_line(const char *line, size_t len, unsigned proto,
    unsigned family, struct local_sock *k)
{
	struct scan s = { line, line + len };
	unsigned char remote[sizeof(k->addr)];
	unsigned rport;

	if ((proto != PI_TCP && proto != PI_UDP) ||
	    (family != 4 && family != 6) || !is_plain_text(line, len))
		return 0;
	memset(k, 0, sizeof(*k));
	k->proto = proto;
	k->family = family;
	return take_slot(&s) &&
	    next_column(&s) && take_endpoint(&s, family, k->addr, &k->port) &&
	    next_column(&s) && take_endpoint(&s, family, remote, &rport) &&
	    take_state_and_timers(&s, &k->state) &&
	    take_owner(&s, k);
}

int
local_sock_holds(const struct local_sock *s)
{
	if (s->proto == PI_TCP)
		return s->state == LOCAL_LISTEN;
	return s->proto == PI_UDP && s->port != 0;
}

const char *
local_state_name(const struct local_sock *s)
{
	/* Indexed by the kernel's state number, named as ss(8) does. */
	static const char *const names[] = {
		"unknown", "estab", "syn-sent", "syn-recv", "fin-wait-1",
		"fin-wait-2", "time-wait", "unconn", "close-wait", "last-ack",
		"listen", "closing", "syn-recv"
	};

	if (s->state >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[s->state];
}

int
local_addr_str(const struct local_sock *s, char *buf, size_t size)
{
	char tmp[LOCAL_ADDRSTRLEN];
	int af = s->family == 4 ? AF_INET : AF_INET6;
	size_t n;

	if (inet_ntop(af, s->addr, tmp, sizeof(tmp)) == NULL)
		return -1;
	n = strlen(tmp);
	if (n >= size) {
		errno = ENOSPC;
		return -1;
	}
	memcpy(buf, tmp, n + 1);
	return 0;
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
local_reader_init(struct local_reader *r, FILE *fp, unsigned proto,
    unsigned family)
{
	r->fp = fp;
	r->proto = proto;
	r->family = family;
	r->lineno = 0;
	r->skipped = 0;
}

int
local_reader_next(struct local_reader *r, struct local_sock *s)
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
		    local_parse_line(r->line, len, r->proto, r->family, s))
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
local_parse_range(FILE *fp, unsigned *lo, unsigned *hi)
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
local_parse_port(FILE *fp, unsigned *port)
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
local_portset_has(const struct local_portset *set, unsigned port)
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

/* The next byte of fp in *c, EOF at the end; -1 on a read error. */
static int
next_byte(FILE *fp, int *c)
{
	if ((*c = getc(fp)) == EOF && ferror(fp)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

/*
 * A port number whose first digit is *c: 1 to DEC_PORT_MAX digits, at
 * most PI_PORT_MAX.  Leaves the byte after it in *c.  Returns 1, 0 if
 * there is no such number, -1 on a read error.
 */
static int
get_port(FILE *fp, int *c, unsigned *port)
{
	unsigned long v = 0;
	size_t n = 0;

	while (*c >= '0' && *c <= '9') {
		if (++n > DEC_PORT_MAX)
			return 0;
		v = v * 10 + (unsigned)(*c - '0');
		if (next_byte(fp, c) == -1)
			return -1;
	}
	if (n == 0 || v > PI_PORT_MAX)
		return 0;
	*port = (unsigned)v;
	return 1;
}

/* "PORT" or "LO-HI" from *c on, as get_port. */
static int
get_item(FILE *fp, int *c, unsigned *lo, unsigned *hi)
{
	int rc;

	if ((rc = get_port(fp, c, lo)) != 1)
		return rc;
	*hi = *lo;
	if (*c != '-')
		return 1;
	if (next_byte(fp, c) == -1)
		return -1;
	if ((rc = get_port(fp, c, hi)) != 1)
		return rc;
	return *hi >= *lo;
}

/*
 * The items of a list from the first byte, in *c, to the byte after the
 * last one, left in *c.
 */
static int
get_items(FILE *fp, int *c, struct local_portset *set)
{
	unsigned long from = 0;	/* the lowest port the next item may hold */
	unsigned lo, hi;
	int rc;

	for (;;) {
		if ((rc = get_item(fp, c, &lo, &hi)) == -1)
			return -1;
		if (rc == 0 || lo < from) {
			errno = EINVAL;
			return -1;
		}
		portset_add(set, lo, hi);
		from = hi + 1UL;
		if (*c != ',')
			return 0;
		if (next_byte(fp, c) == -1)
			return -1;
	}
}

/* local_parse_reserved, but leaving *set half filled when it fails. */
static int
parse_reserved(FILE *fp, struct local_portset *set)
{
	int c;

	if (next_byte(fp, &c) == -1 ||
	    (c != '\n' && get_items(fp, &c, set) == -1))
		return -1;
	/* The list ends with a newline, and the file with the list. */
	if (c == '\n') {
		if (next_byte(fp, &c) == -1)
			return -1;
		if (c == EOF)
			return 0;
	}
	errno = EINVAL;
	return -1;
}

int
local_parse_reserved(FILE *fp, struct local_portset *set)
{
	memset(set, 0, sizeof(*set));
	errno = 0;
	if (parse_reserved(fp, set) == -1) {
		int e = errno;
		memset(set, 0, sizeof(*set));
		errno = e;
		return -1;
	}
	return 0;
}

/* ---- The socket list ---- */

void
local_socks_init(struct local_socks *l)
{
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
}

void
local_socks_free(struct local_socks *l)
{
	free(l->v);
	local_socks_init(l);
}

int
local_socks_add(struct local_socks *l, const struct local_sock *s)
{
	struct local_sock *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap : 16;
		if (l->cap) {
			if (cap > SIZE_MAX / 2 / sizeof(*v)) {
				errno = ENOMEM;
				return -1;
			}
			cap *= 2;
		}
		if ((v = realloc(l->v, cap * sizeof(*v))) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

/* The first socket of l whose port is not below port. */
static size_t
lower_bound(const struct local_socks *l, unsigned long port)
{
	size_t lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->v[mid].port < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
local_socks_find(const struct local_socks *l, unsigned port, size_t *first)
{
	*first = lower_bound(l, port);
	return lower_bound(l, (unsigned long)port + 1) - *first;
}

void
local_iter_init(struct local_iter *it, const struct local_socks *l,
    unsigned lo, unsigned hi, unsigned protos)
{
	it->l = l;
	it->i = lower_bound(l, lo);
	it->end = lo <= hi ? lower_bound(l, (unsigned long)hi + 1) : it->i;
	it->protos = protos;
}

const struct local_sock *
local_iter_next(struct local_iter *it)
{
	const struct local_sock *s;

	while (it->i < it->end) {
		s = &it->l->v[it->i++];
		if (s->proto & it->protos)
			return s;
	}
	return NULL;
}

static int
cmp_uint(unsigned long long a, unsigned long long b)
{
	return (a > b) - (a < b);
}

static int
by_port(const void *pa, const void *pb)
{
	const struct local_sock *a = pa, *b = pb;
	int c;

	if ((c = cmp_uint(a->port, b->port)) != 0 ||
	    (c = cmp_uint(a->proto, b->proto)) != 0 ||
	    (c = cmp_uint(a->family, b->family)) != 0 ||
	    (c = memcmp(a->addr, b->addr, sizeof(a->addr))) != 0)
		return c;
	return cmp_uint(a->inode, b->inode);
}

static int
by_inode(const void *pa, const void *pb)
{
	const struct local_sock *a = pa, *b = pb;

	return cmp_uint(a->inode, b->inode);
}

/* ---- The host ---- */

/* Opens a file below the procfs root for reading. */
static FILE *
open_below(struct local_host *h, const char *path)
{
	FILE *fp;
	int fd;

	if ((fd = openat(h->procfd, path, O_RDONLY)) == -1)
		return NULL;
	if ((fp = fdopen(fd, "r")) == NULL) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return fp;
}

/* Reads a settings file with parse, which takes one or two ports. */
static int
read_setting(struct local_host *h, const char *path, unsigned *a,
    unsigned *b)
{
	FILE *fp;
	int rc, e;

	if ((fp = open_below(h, path)) == NULL)
		return -1;
	rc = b ? local_parse_range(fp, a, b) : local_parse_port(fp, a);
	e = errno;
	fclose(fp);
	errno = e;
	return rc;
}

/*
 * Reads the reserved ports in one read of RESERVED_TEXT_MAX bytes.  Were
 * the buffer refused, a long list would come cut short, which does not
 * parse: the error shows, never a wrong list.
 */
static int
read_reserved(struct local_host *h)
{
	char *buf;
	FILE *fp;
	int rc, e;

	if ((fp = open_below(h, SYS_RESERVED)) == NULL)
		return -1;
	if ((buf = malloc(RESERVED_TEXT_MAX)) == NULL) {
		fclose(fp);
		errno = ENOMEM;
		return -1;
	}
	(void)setvbuf(fp, buf, _IOFBF, RESERVED_TEXT_MAX);
	rc = local_parse_reserved(fp, &h->reserved);
	e = errno;
	fclose(fp);
	free(buf);
	errno = e;
	return rc;
}

static int
read_settings(struct local_host *h)
{
	h->what = SYS_RANGE;
	if (read_setting(h, SYS_RANGE, &h->eph_lo, &h->eph_hi) == -1)
		return -1;
	h->what = SYS_UNPRIV;
	if (read_setting(h, SYS_UNPRIV, &h->unpriv, NULL) == -1) {
		if (errno != ENOENT)
			return -1;
		h->unpriv = UNPRIV_DEFAULT;
	}
	/* Kernels before 2.6.35 reserve no ports. */
	h->what = SYS_RESERVED;
	if (read_reserved(h) == -1) {
		if (errno != ENOENT)
			return -1;
		memset(&h->reserved, 0, sizeof(h->reserved));
	}
	h->what = NULL;
	return 0;
}

int
local_open(struct local_host *h, const char *root)
{
	int e;

	h->root = root ? root : LOCAL_PROC;
	h->what = NULL;
	if ((h->procfd = open(h->root, O_RDONLY | O_DIRECTORY)) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			errno = ENOTSUP;
		return -1;
	}
	if (faccessat(h->procfd, NET_TCP, F_OK, 0) == -1) {
		e = errno == ENOENT || errno == ENOTDIR ? ENOTSUP : errno;
		h->what = NET_TCP;
		goto fail;
	}
	if (read_settings(h) == -1) {
		e = errno;
		goto fail;
	}
	return 0;
fail:
	close(h->procfd);
	h->procfd = -1;
	errno = e;
	return -1;
}

void
local_close(struct local_host *h)
{
	if (h->procfd != -1)
		close(h->procfd);
	h->procfd = -1;
}

int
local_is_ephemeral(const struct local_host *h, unsigned port)
{
	return port >= h->eph_lo && port <= h->eph_hi;
}

int
local_is_privileged(const struct local_host *h, unsigned port)
{
	return port < h->unpriv;
}

int
local_is_reserved(const struct local_host *h, unsigned port)
{
	return local_portset_has(&h->reserved, port);
}

unsigned long
local_reserved_in(const struct local_host *h, unsigned lo, unsigned hi)
{
	unsigned long p, n = 0;

	for (p = lo; p <= hi && p <= PI_PORT_MAX; p++)
		n += local_is_reserved(h, (unsigned)p);
	return n;
}

/*
 * Appends the sockets of one /proc/net file that hold their port.  A
 * missing file is no socket when optional: IPv6 may be disabled.
 */
static int
load_file(struct local_host *h, struct local_socks *l, const char *path,
    unsigned proto, unsigned family, int optional)
{
	struct local_reader r;
	struct local_sock s;
	FILE *fp;
	int rc, e;

	if ((fp = open_below(h, path)) == NULL) {
		if (optional && errno == ENOENT)
			return 0;
		h->what = path;
		return -1;
	}
	local_reader_init(&r, fp, proto, family);
	while ((rc = local_reader_next(&r, &s)) == 1)
		if (local_sock_holds(&s) && local_socks_add(l, &s) == -1) {
			rc = -1;
			break;
		}
	e = errno;
	fclose(fp);
	if (rc == -1) {
		h->what = path;
		errno = e;
	}
	return rc;
}

/* ---- Owners ---- */

/* The inode in "socket:[N]", the whole of link[0..len). */
static int
parse_socket_link(const char *link, size_t len, unsigned long long *inode)
{
	const size_t plen = sizeof(SOCKET_LINK) - 1;
	struct scan s = { link + plen, link + len };
	uint64_t v;

	if (len <= plen || memcmp(link, SOCKET_LINK, plen) != 0)
		return 0;
	if (!take_dec(&s, DEC_INODE_MAX, UINT64_MAX, &v) ||
	    !take_char(&s, ']') || s.p != s.end || v == 0)
		return 0;
	*inode = (unsigned long long)v;
	return 1;
}

/* A /proc entry that is a process: its pid, else 0. */
static pid_t
parse_pid(const char *name)
{
	struct scan s = { name, name + strlen(name) };
	uint64_t v;

	if (!take_dec(&s, DEC_PID_MAX, INT32_MAX, &v) || s.p != s.end ||
	    v == 0 || (uint64_t)(pid_t)v != v)
		return 0;
	return (pid_t)v;
}

/*
 * Reads /proc/PID/comm into comm, leaving it "" if it cannot be read,
 * holds a NUL or does not fit.
 */
static void
read_comm(int piddir, char *comm, size_t size)
{
	ssize_t n;
	int fd;

	comm[0] = '\0';
	if ((fd = openat(piddir, "comm", O_RDONLY)) == -1)
		return;
	n = read(fd, comm, size);
	close(fd);
	if (n <= 0 || (size_t)n == size || memchr(comm, '\0', (size_t)n)) {
		comm[0] = '\0';
		return;
	}
	if (comm[n - 1] == '\n')
		n--;
	comm[n] = '\0';
}

/*
 * Gives the sockets with inode to pid, unless a lower pid holds them
 * already.  l is sorted by inode.
 */
static void
claim(struct local_socks *l, unsigned long long inode, pid_t pid,
    int piddir, char *comm, int *have_comm)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->v[mid].inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->n && l->v[lo].inode == inode; lo++) {
		struct local_sock *s = &l->v[lo];
		if (s->pid != 0 && s->pid < pid)
			continue;
		if (!*have_comm) {
			read_comm(piddir, comm, LOCAL_COMM_MAX);
			*have_comm = 1;
		}
		s->pid = pid;
		memcpy(s->comm, comm, strlen(comm) + 1);
	}
}

/*
 * Looks through one process's open files for the sockets in l.  A
 * process that has gone or may not be looked at is passed over.
 */
static void
scan_process(int procfd, const char *name, pid_t pid, struct local_socks *l)
{
	char link[SOCKET_LINK_MAX], comm[LOCAL_COMM_MAX];
	int piddir, fdfd, have_comm = 0;
	unsigned long long inode;
	struct dirent *de;
	ssize_t n;
	DIR *d;

	if ((piddir = openat(procfd, name, O_RDONLY | O_DIRECTORY)) == -1)
		return;
	fdfd = openat(piddir, "fd", O_RDONLY | O_DIRECTORY);
	if (fdfd == -1 || (d = fdopendir(fdfd)) == NULL) {
		if (fdfd != -1)
			close(fdfd);
		close(piddir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		n = readlinkat(dirfd(d), de->d_name, link, sizeof(link));
		if (n <= 0 || (size_t)n >= sizeof(link))
			continue;
		if (parse_socket_link(link, (size_t)n, &inode))
			claim(l, inode, pid, piddir, comm, &have_comm);
	}
	closedir(d);
	close(piddir);
}

/* Finds which process holds each socket of l, which it sorts by inode. */
static int
find_owners(struct local_host *h, struct local_socks *l)
{
	struct dirent *de;
	DIR *d;
	pid_t pid;
	int fd;

	qsort(l->v, l->n, sizeof(*l->v), by_inode);
	if ((fd = openat(h->procfd, ".", O_RDONLY | O_DIRECTORY)) == -1)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL)
		if ((pid = parse_pid(de->d_name)) != 0)
			scan_process(h->procfd, de->d_name, pid, l);
	closedir(d);
	return 0;
}

int
local_load(struct local_host *h, struct local_socks *l, unsigned protos)
{
	l->n = 0;
	h->what = NULL;
	if ((protos & PI_TCP) &&
	    (load_file(h, l, NET_TCP, PI_TCP, 4, 0) == -1 ||
	    load_file(h, l, NET_TCP6, PI_TCP, 6, 1) == -1))
		return -1;
	if ((protos & PI_UDP) &&
	    (load_file(h, l, NET_UDP, PI_UDP, 4, 0) == -1 ||
	    load_file(h, l, NET_UDP6, PI_UDP, 6, 1) == -1))
		return -1;
	if (l->n == 0)
		return 0;
	if (find_owners(h, l) == -1) {
		h->what = ".";
		return -1;
	}
	qsort(l->v, l->n, sizeof(*l->v), by_port);
	return 0;
}

/* ---- Binding ---- */

int
local_port_free(unsigned proto, unsigned port)
{
	struct sockaddr_in sin;
	int fd, rc, e;

	if ((proto != PI_TCP && proto != PI_UDP) || port > PI_PORT_MAX) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(AF_INET, proto == PI_TCP ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/*
	 * No SO_REUSEADDR: a port that only lingering connections hold is
	 * reported in use, which errs on the safe side.
	 */
	rc = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	e = errno;
	close(fd);
	if (rc == 0)
		return 1;
	if (e == EADDRINUSE || e == EACCES)
		return 0;
	errno = e;
	return -1;
}

/* ---- Ports a new service could use ---- */

void
local_free_init(struct local_free *f, const struct local_host *h,
    const struct local_socks *held, unsigned lo, unsigned hi,
    unsigned protos)
{
	f->h = h;
	f->held = held;
	f->protos = protos & LOCAL_PROTOS;
	f->next = lo;
	f->hi = hi;
}

/* Whether s starts with prefix, which is lower case, ignoring case. */
static int
starts_with(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++) {
		if (*s != *prefix && !(*s >= 'A' && *s <= 'Z' &&
		    *s - 'A' + 'a' == *prefix))
			return 0;
	}
	return 1;
}

/*
 * Whether the registry has anything on port but "Unassigned": a service,
 * a reservation, or a nameless record of past use ("Deprecated",
 * "De-registered", "Possibly used by ..."), which software may still
 * expect; or a note of unauthorized use, which says some does.
 */
static int
registry_claims(unsigned port)
{
	struct pi_cursor c;
	struct pi_entry e;

	pi_find_port(&c, port, port, PI_PROTO_ANY);
	while (pi_next(&c, &e))
		if (e.status != PI_UNASSIGNED ||
		    !starts_with(e.description, "unassigned") ||
		    e.unauthorized[0] != '\0')
			return 1;
	return 0;
}

/* Whether a socket of held holds port for a protocol of protos. */
static int
held_for(const struct local_socks *held, unsigned port, unsigned protos)
{
	struct local_iter it;

	if (held == NULL)
		return 0;
	local_iter_init(&it, held, port, port, protos);
	return local_iter_next(&it) != NULL;
}

/* 1 if port passes every check, 0 if not, -1 if a bind went wrong. */
static int
usable(const struct local_free *f, unsigned port)
{
	static const unsigned protos[] = { PI_TCP, PI_UDP };
	size_t i;
	int rc;

	if (local_is_ephemeral(f->h, port) || local_is_reserved(f->h, port) ||
	    registry_claims(port) || held_for(f->held, port, f->protos))
		return 0;
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		if (!(f->protos & protos[i]))
			continue;
		if ((rc = local_port_free(protos[i], port)) != 1)
			return rc;
	}
	return 1;
}

int
local_free_next(struct local_free *f, unsigned *port)
{
	int rc;

	if (f->protos == 0)
		return 0;
	while (f->next <= f->hi && f->next <= PI_PORT_MAX) {
		*port = (unsigned)f->next++;
		if ((rc = usable(f, *port)) != 0)
			return rc;
	}
	return 0;
}

/* ---- What the command shows ---- */

int
local_view_open(struct local_view *v, unsigned protos)
{
	int e;

	local_socks_init(&v->socks);
	if (local_open(&v->host, NULL) == -1)
		return -1;
	if (local_load(&v->host, &v->socks, protos) == -1) {
		e = errno;
		local_view_close(v);
		errno = e;
		return -1;
	}
	return 0;
}

void
local_view_close(struct local_view *v)
{
	local_close(&v->host);
	local_socks_free(&v->socks);
}

void
local_facts(const struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos, struct local_facts *f)
{
	const struct local_sock *s;
	struct local_iter it;

	f->holders = 0;
	f->owner = NULL;
	local_iter_init(&it, &v->socks, lo, hi, protos);
	while ((s = local_iter_next(&it)) != NULL) {
		f->holders++;
		if (s->pid != 0 && (f->owner == NULL || s->pid < f->owner->pid))
			f->owner = s;
	}
	f->ephemeral = lo <= v->host.eph_hi && hi >= v->host.eph_lo;
	f->privileged = lo < v->host.unpriv;
	f->reserved = local_reserved_in(&v->host, lo, hi) > 0;
}
