/*
 * mktable: the build-time table compiler.
 *
 *	mktable -o build/table.c data/services.csv
 *	mktable -d -o data/services.csv service-names-port-numbers.csv
 *
 * Reads the registry as CSV, with its columns found by IANA's header
 * names, and checks every record.  By default it writes the C source of
 * the table laid out in table.h; with -d it writes the CSV back with only
 * the columns the project keeps (no people's names, no notes).  A bad
 * record stops it with "file:line: reason".  The output appears whole or
 * not at all: it is written to a temporary file that is renamed into place
 * only once complete, and removed if the compiler fails or is stopped.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "plain.h"
#include "portinfo.h"
#include "table.h"

enum col {
	COL_NAME, COL_PORT, COL_PROTO, COL_DESC, COL_REGDATE, COL_MODDATE,
	COL_REF, COL_CODE, COL_UNAUTH, NCOLS
};

/* The columns kept, in IANA's order; the first four must be there. */
static const char *const colnames[NCOLS] = {
	"Service Name", "Port Number", "Transport Protocol", "Description",
	"Registration Date", "Modification Date", "Reference",
	"Service Code", "Unauthorized Use Reported"
};
#define NREQUIRED 4
#define NOCOL SIZE_MAX

static const char *inpath;
static const char *volatile tmppath;
static int dump_csv;

/* Every record, and the pool of their strings, with a hash to share them. */
static struct pi_rec *recs;
static size_t nrecs, recscap;
static char *pool;
static size_t poollen, poolcap;
static uint32_t *hash;
static size_t hashcap, nstrings;
static char newest[11];		/* newest date seen, "YYYY-MM-DD" */

/* The keys a record is found by: its name, and the normalised form. */
struct key {
	uint32_t key;		/* pool offset */
	uint32_t rec;
};
static struct key *keys;
static size_t nkeys, keyscap;

static void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mktable: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (tmppath != NULL)
		unlink(tmppath);
	exit(1);
}

/* A bad record: "file:line: reason", with the offending text shown. */
static void
bad(unsigned long line, const char *why, const char *text, size_t len)
{
	size_t i;

	fprintf(stderr, "%s:%lu: %s", inpath, line, why);
	if (text != NULL) {
		fputs(" '", stderr);
		for (i = 0; i < len && i < 60; i++) {
			unsigned char ch = (unsigned char)text[i];

			if (ch < 0x20 || ch >= 0x7f || ch == '\\')
				fprintf(stderr, "\\x%02x", ch);
			else
				fputc(ch, stderr);
		}
		fputs(i < len ? "...'" : "'", stderr);
	}
	fputc('\n', stderr);
	if (tmppath != NULL)
		unlink(tmppath);
	exit(1);
}

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 256;

	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			die("out of memory");
		n *= 2;
	}
	if ((p = realloc(p, n * size)) == NULL)
		die("out of memory");
	*cap = n;
	return p;
}

/* FNV-1a: strings are short and this only runs at build time. */
static size_t
hash_of(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
rehash(void)
{
	size_t i, off, cap = hashcap ? hashcap * 2 : 4096;
	uint32_t *h = calloc(cap, sizeof(*h));

	if (h == NULL)
		die("out of memory");
	for (i = 0; i < hashcap; i++) {
		if (hash[i] == 0)
			continue;
		off = hash[i];
		for (size_t j = hash_of(pool + off, strlen(pool + off)) % cap;
		    ; j = (j + 1) % cap) {
			if (h[j] == 0) {
				h[j] = (uint32_t)off;
				break;
			}
		}
	}
	free(hash);
	hash = h;
	hashcap = cap;
}

/*
 * The pool offset of s[0..len), added once however often it is used.
 * Offset 0 is the empty string, so 0 also marks a free hash slot.
 */
static uint32_t
intern(const char *s, size_t len)
{
	size_t j;
	uint32_t off;

	if (len == 0)
		return 0;
	if (poollen == 0) {
		pool = grow(pool, &poolcap, 1, 1);
		pool[poollen++] = '\0';
	}
	if ((nstrings + 1) * 2 > hashcap)
		rehash();
	for (j = hash_of(s, len) % hashcap; hash[j] != 0;
	    j = (j + 1) % hashcap) {
		if (strncmp(pool + hash[j], s, len) == 0 &&
		    pool[hash[j] + len] == '\0')
			return hash[j];
	}
	if (poollen + len + 1 > UINT32_MAX)
		die("string pool over 4 GiB");
	pool = grow(pool, &poolcap, poollen + len + 1, 1);
	off = (uint32_t)poollen;
	memcpy(pool + poollen, s, len);
	poollen += len;
	pool[poollen++] = '\0';
	hash[j] = off;
	nstrings++;
	return off;
}

/* C0 and C1 controls and DEL: any of them may steer a terminal. */
static int
is_control(const char *s, size_t i, size_t len)
{
	unsigned char ch = (unsigned char)s[i];

	/* U+0080 to U+009F are C2 80 to C2 9F in UTF-8. */
	return ch < 0x20 || ch == 0x7f || (ch == 0xc2 && i + 1 < len &&
	    (unsigned char)s[i + 1] < 0xa0);
}

static int
is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/*
 * Appends s[0..len) to buf at *n on one line: runs of white space, the
 * registry's line breaks among them, become one space, and none leads or
 * trails.  buf has room for len more bytes.  *line is the line s starts
 * on, and moves past its line breaks, so that a control character is
 * reported on its own line.
 */
static void
one_line(char *buf, size_t *n, const char *s, size_t len,
    unsigned long *line, const char *colname)
{
	size_t i, start = *n;
	int space = 0;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n')
			++*line;
		if (is_space(ch)) {
			space = *n > start;
			continue;
		}
		if (is_control(s, i, len))
			bad(*line, "control character in", colname,
			    strlen(colname));
		if (space)
			buf[(*n)++] = ' ';
		space = 0;
		buf[(*n)++] = (char)ch;
	}
}

/* A scratch buffer for the text of one field, len bytes and more. */
static char *
scratch(size_t len)
{
	static char *buf;
	static size_t cap;

	if (len > SIZE_MAX - 64)
		die("out of memory");
	return buf = grow(buf, &cap, len + 64, 1);
}

/* Interns a text field on one line; the field starts on line. */
static uint32_t
intern_text(const char *s, size_t len, unsigned long line,
    const char *colname)
{
	char *buf = scratch(len);
	size_t n = 0;

	one_line(buf, &n, s, len, &line, colname);
	return intern(buf, n);
}

/* What separates two references in the table, as the man page says. */
#define REF_SEP "; "

/*
 * Interns the Reference field: IANA writes each reference in brackets,
 * "[RFC3501][RFC9051]" or "[TR-352][Inter-Channel-Termination protocol
 * ...]".  Each becomes one item, on one line, and items are joined by
 * REF_SEP, so that the boundaries stay visible.  Text outside brackets
 * is an item too; a bracket left open runs to the end of the field.
 */
static uint32_t
intern_refs(const char *s, size_t len, unsigned long line)
{
	/* An item costs its bytes and a separator; an empty one nothing. */
	char *buf = scratch(len + len / 2 * (sizeof(REF_SEP) - 1));
	const char *end, *item;
	size_t n = 0, before, itemlen;

	while (len > 0) {
		if (*s == '[') {
			item = s + 1;
			end = memchr(item, ']', len - 1);
			itemlen = end ? (size_t)(end - item) : len - 1;
		} else {
			item = s;
			end = memchr(s, '[', len);
			itemlen = end ? (size_t)(end - s) : len;
		}
		before = n;
		if (n > 0) {
			memcpy(buf + n, REF_SEP, sizeof(REF_SEP) - 1);
			n += sizeof(REF_SEP) - 1;
		}
		one_line(buf, &n, item, itemlen, &line, "Reference");
		if (n == before + (before > 0 ? sizeof(REF_SEP) - 1 : 0))
			n = before;	/* nothing but space: no item */
		itemlen += (size_t)(item - s) + (*s == '[' && end != NULL);
		s += itemlen;
		len -= itemlen;
	}
	return intern(buf, n);
}

/* A port number: 1 to 5 decimal digits, at most 65535. */
static int
parse_port(const char *s, size_t len, uint16_t *port)
{
	unsigned v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > PI_PORT_MAX)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* A port is empty, one port, or an inclusive range "lo-hi". */
static void
check_port(struct pi_rec *r, const char *s, size_t len, unsigned long line)
{
	const char *dash = memchr(s, '-', len);
	size_t n = dash ? (size_t)(dash - s) : len;
	int bad_number;

	r->has_port = len > 0;
	if (len == 0)
		return;
	bad_number = parse_port(s, n, &r->lo) == -1;
	r->hi = r->lo;
	if (dash != NULL)
		bad_number |= parse_port(dash + 1, len - n - 1, &r->hi) == -1;
	if (bad_number)
		bad(line, "port is not a number from 0 to 65535 or a range",
		    s, len);
	if (r->lo > r->hi)
		bad(line, "port range is reversed", s, len);
}

static void
check_proto(struct pi_rec *r, const char *s, size_t len, unsigned long line)
{
	static const char *const names[] = { "tcp", "udp", "sctp", "dccp" };
	size_t i;

	r->proto = 0;
	if (len == 0)
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) {
			r->proto = (uint8_t)(1u << i);
			return;
		}
	}
	bad(line, "unknown transport protocol", s, len);
}

/* The characters of RFC 6335 names and of legacy ones (whois++, cl/1). */
static int
is_name_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || (ch != '\0' && strchr("-_.*+/", ch));
}

/*
 * Until 2025-01-23 IANA listed four records under names with spaces and
 * parentheses ("Apple Remote Desktop (Net Assistant)" on 3283), so a
 * name may hold any printable ASCII but for the comma, the double quote
 * and the backslash, with a space only between two other characters.
 */
static void
check_name(const char *s, size_t len, unsigned long line)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < ' ' || ch >= 0x7f || ch == ',' || ch == '"' ||
		    ch == '\\')
			bad(line, "service name has a character not allowed in"
			    " a name", s, len);
	}
	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' '))
		bad(line, "service name begins or ends with a space", s, len);
}

/*
 * The form a name with other characters than a service name's is also
 * found by, as the man page says: ASCII letters in lower case, digits,
 * and a hyphen for each run of anything else, none at either end, so
 * "Apple Remote Desktop (Net Assistant)" is also
 * "apple-remote-desktop-net-assistant".  Returns its pool offset, or 0
 * for a name that is a service name's shape already.
 */
static uint32_t
intern_normalised(const char *name)
{
	char *buf = scratch(strlen(name));
	size_t i, n = 0;
	int gap = 0;

	for (i = 0; name[i] != '\0' && is_name_char(name[i]); i++)
		continue;
	if (name[i] == '\0')
		return 0;
	for (i = 0; name[i] != '\0'; i++) {
		int ch = (unsigned char)name[i];

		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
			gap = n > 0;
			continue;
		}
		if (gap)
			buf[n++] = '-';
		gap = 0;
		buf[n++] = (char)ch;
	}
	return intern(buf, n);
}

static int
two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * A date is empty, YYYY-MM-DD or (in older records) YYYY-MM; the newest
 * one dates the snapshot.
 */
static void
check_date(const char *s, size_t len, unsigned long line)
{
	static const char shape[] = "dddd-dd-dd";
	char date[sizeof(shape)];
	size_t i;
	int month, day;

	if (len == 0)
		return;
	for (i = 0; i < len && i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			break;
	}
	if ((len != sizeof(shape) - 1 && len != 7) || i != len)
		bad(line, "date is not YYYY-MM-DD or YYYY-MM", s, len);
	month = two_digits(s + 5);
	day = len == 7 ? 1 : two_digits(s + 8);
	if (month < 1 || month > 12 || day < 1 || day > 31)
		bad(line, "date has no such month or day", s, len);
	memcpy(date, s, len);
	date[len] = '\0';
	if (strcmp(date, newest) > 0)
		memcpy(newest, date, len + 1);
}

static int
all_plain(const char *s)
{
	while (*s != '\0' && pi_plain_byte((unsigned char)*s))
		s++;
	return *s == '\0';
}

/*
 * The status of a record, decided here once, by the rule the man page
 * gives under DATA.  A named record is assigned.  A nameless one is
 * unassigned only where IANA says so: its description begins with the
 * word "Unassigned", in any case ("Unassigned [was netstat]").  Every
 * other nameless record is reserved: IANA holds the port without
 * offering it, whatever the wording ("Reserved", "IANA Reserved",
 * "De-registered", "Removed", "Deprecated", "any private mail system",
 * "(unassigned) Possibly assigned"), so that no tool takes such a port
 * for a free one.
 */
static enum pi_status
status_of(const char *name, const char *desc)
{
	static const char word[] = "unassigned";
	size_t i;

	if (name[0] != '\0')
		return PI_ASSIGNED;
	for (i = 0; word[i] != '\0'; i++) {
		int ch = (unsigned char)desc[i];

		if ((ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch) != word[i])
			return PI_RESERVED;
	}
	return (desc[i] >= 'a' && desc[i] <= 'z') ||
	    (desc[i] >= 'A' && desc[i] <= 'Z') ? PI_RESERVED : PI_UNASSIGNED;
}

/* Finds the kept columns by name in the header record. */
static void
map_columns(struct csv *c, size_t col[NCOLS])
{
	size_t i, k;

	for (k = 0; k < NCOLS; k++)
		col[k] = NOCOL;
	for (i = 0; i < c->nfields; i++) {
		for (k = 0; k < NCOLS; k++) {
			if (strcmp(csv_field(c, i), colnames[k]) != 0)
				continue;
			if (col[k] != NOCOL)
				bad(c->line, "column appears twice:",
				    colnames[k], strlen(colnames[k]));
			col[k] = i;
		}
	}
	for (k = 0; k < NREQUIRED; k++) {
		if (col[k] == NOCOL)
			bad(c->line, "header has no column", colnames[k],
			    strlen(colnames[k]));
	}
}

static const char *
field(struct csv *c, const size_t col[NCOLS], enum col k, size_t *len)
{
	if (col[k] == NOCOL) {
		*len = 0;
		return "";
	}
	*len = csv_field_len(c, col[k]);
	return csv_field(c, col[k]);
}

/* The record about to be added is found by the name at pool offset off. */
static void
add_key(uint32_t off)
{
	keys = grow(keys, &keyscap, nkeys + 1, sizeof(*keys));
	keys[nkeys].key = off;
	keys[nkeys++].rec = (uint32_t)nrecs;
}

/* Checks one record and, when compiling, adds it to the table. */
static void
take_record(struct csv *c, const size_t col[NCOLS], size_t ncols)
{
	const char *name, *port, *proto, *s;
	size_t namelen, portlen, protolen, len;
	struct pi_rec r;
	uint32_t off;

	if (c->nfields != ncols)
		bad(c->line, c->nfields < ncols ?
		    "record has fewer fields than the header" :
		    "record has more fields than the header", NULL, 0);
	name = field(c, col, COL_NAME, &namelen);
	port = field(c, col, COL_PORT, &portlen);
	proto = field(c, col, COL_PROTO, &protolen);
	memset(&r, 0, sizeof(r));
	check_name(name, namelen, c->line);
	check_port(&r, port, portlen, c->line);
	check_proto(&r, proto, protolen, c->line);
	if (namelen == 0 && portlen == 0)
		bad(c->line, "record has neither a service name nor a port",
		    NULL, 0);
	s = field(c, col, COL_REGDATE, &len);
	check_date(s, len, c->line);
	s = field(c, col, COL_MODDATE, &len);
	check_date(s, len, c->line);

	r.name = intern(name, namelen);
	s = field(c, col, COL_DESC, &len);
	r.desc = intern_text(s, len, c->line, "Description");
	s = field(c, col, COL_REF, &len);
	r.ref = intern_refs(s, len, c->line);
	s = field(c, col, COL_UNAUTH, &len);
	r.unauth = intern_text(s, len, c->line, "Unauthorized Use Reported");
	r.status = (uint8_t)status_of(pool + r.name, pool + r.desc);
	if (r.name != 0)
		add_key(r.name);
	if (r.name != 0 && (off = intern_normalised(pool + r.name)) != 0)
		add_key(off);
	r.plain = (uint8_t)(all_plain(pool + r.name) &&
	    all_plain(pool + r.desc) && all_plain(pool + r.ref) &&
	    all_plain(pool + r.unauth));
	if (nrecs == UINT32_MAX)
		die("too many records");
	recs = grow(recs, &recscap, nrecs + 1, sizeof(*recs));
	recs[nrecs++] = r;
}

/* A field as RFC 4180 wants it: quoted if it holds , " CR or LF. */
static void
put_csv_field(FILE *out, const char *s, size_t len)
{
	size_t i;

	if (strcspn(s, ",\"\r\n") == len) {
		fwrite(s, 1, len, out);
		return;
	}
	putc('"', out);
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			putc('"', out);
		putc(s[i], out);
	}
	putc('"', out);
}

static void
put_csv_record(FILE *out, struct csv *c, const size_t col[NCOLS],
    int header)
{
	const char *s;
	size_t k, len;
	int first = 1;

	for (k = 0; k < NCOLS; k++) {
		if (col[k] == NOCOL)
			continue;
		if (!first)
			putc(',', out);
		first = 0;
		if (header) {
			s = colnames[k];
			len = strlen(s);
		} else
			s = field(c, col, (enum col)k, &len);
		put_csv_field(out, s, len);
	}
	putc('\n', out);
}

static void
read_registry(FILE *in, FILE *out)
{
	struct csv c;
	size_t col[NCOLS], ncols;
	int r;

	csv_init(&c, in);
	if ((r = csv_read(&c)) != 1) {
		if (r == 0)
			bad(1, "no header: the file is empty", NULL, 0);
		bad(c.errline, c.error, NULL, 0);
	}
	map_columns(&c, col);
	ncols = c.nfields;
	if (dump_csv)
		put_csv_record(out, &c, col, 1);
	while ((r = csv_read(&c)) == 1) {
		take_record(&c, col, ncols);
		if (dump_csv)
			put_csv_record(out, &c, col, 0);
	}
	if (r == -1)
		bad(c.errline, c.error, NULL, 0);
	if (nrecs == 0)
		bad(c.line, "no records after the header", NULL, 0);
	csv_free(&c);
}

/*
 * Cuts the port space where the set of covering records changes and
 * lists, for each piece, the records that cover it (table.h).
 */
static uint16_t *seg_start;
static uint32_t *seg_first, *seg_recs;
static uint8_t (*seg_protos)[PI_STATUSES];
static uint16_t seg_of[PI_PORT_MAX + 1];
static size_t nsegs, nsegrecs;

static void
build_segments(void)
{
	static unsigned char cut[PI_PORT_MAX + 1];
	size_t i, k, *fill;
	unsigned p;

	cut[0] = 1;
	for (i = 0; i < nrecs; i++) {
		if (!recs[i].has_port)
			continue;
		cut[recs[i].lo] = 1;
		if (recs[i].hi < PI_PORT_MAX)
			cut[recs[i].hi + 1] = 1;
	}
	for (p = 0; p <= PI_PORT_MAX; p++)
		nsegs += cut[p];
	seg_start = calloc(nsegs, sizeof(*seg_start));
	seg_first = calloc(nsegs + 1, sizeof(*seg_first));
	seg_protos = calloc(nsegs, sizeof(*seg_protos));
	fill = calloc(nsegs + 1, sizeof(*fill));
	if (seg_start == NULL || seg_first == NULL || seg_protos == NULL ||
	    fill == NULL)
		die("out of memory");
	for (p = 0, k = 0; p <= PI_PORT_MAX; p++) {
		if (cut[p])
			seg_start[k++] = (uint16_t)p;
		seg_of[p] = (uint16_t)(k - 1);
	}
	/* Count each segment's records, then place them in registry order. */
	for (i = 0; i < nrecs; i++) {
		if (!recs[i].has_port)
			continue;
		for (k = seg_of[recs[i].lo];
		    k < nsegs && seg_start[k] <= recs[i].hi; k++)
			fill[k + 1]++;
	}
	for (k = 0; k < nsegs; k++)
		fill[k + 1] += fill[k];
	nsegrecs = fill[nsegs];
	if (nsegrecs > UINT32_MAX)
		die("too many records");
	for (k = 0; k <= nsegs; k++)
		seg_first[k] = (uint32_t)fill[k];
	if ((seg_recs = calloc(nsegrecs + 1, sizeof(*seg_recs))) == NULL)
		die("out of memory");
	for (i = 0; i < nrecs; i++) {
		if (!recs[i].has_port)
			continue;
		for (k = seg_of[recs[i].lo];
		    k < nsegs && seg_start[k] <= recs[i].hi; k++) {
			seg_recs[fill[k]++] = (uint32_t)i;
			seg_protos[k][recs[i].status] |= recs[i].proto != 0 ?
			    recs[i].proto : PI_SEG_NOPROTO;
		}
	}
	free(fill);
}

static int
by_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	const char *s = pool + x->key;
	int d = pi_fold_cmp(s, strlen(s), pool + y->key);

	return d != 0 ? d : (x->rec > y->rec) - (x->rec < y->rec);
}

/* Writes "name[] = { ... };" with one number per element. */
static void
put_array(FILE *out, const char *decl, const uint32_t *v, size_t n)
{
	size_t i;

	fprintf(out, "%s[] = {", decl);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%lu,", i % 16 ? "" : "\n", (unsigned long)v[i]);
	fprintf(out, "%s\n};\n", n == 0 ? "0" : "");
}

static uint32_t *
widen16(const uint16_t *v, size_t n)
{
	uint32_t *w = calloc(n + 1, sizeof(*w));
	size_t i;

	if (w == NULL)
		die("out of memory");
	for (i = 0; i < n; i++)
		w[i] = v[i];
	return w;
}

/* pi_seg_protos, a row of PI_STATUSES for each segment. */
static void
put_seg_protos(FILE *out)
{
	size_t k;
	int st;

	fputs("const uint8_t pi_seg_protos[][PI_STATUSES] = {", out);
	for (k = 0; k < nsegs; k++) {
		fputs(k % 8 ? " {" : "\n{", out);
		for (st = 0; st < PI_STATUSES; st++)
			fprintf(out, "%u,", seg_protos[k][st]);
		fputs("},", out);
	}
	fputs("\n};\n\n", out);
}

static void
put_table(FILE *out)
{
	uint32_t *starts, *index, *name_key, *name_rec;
	size_t i;

	build_segments();
	qsort(keys, nkeys, sizeof(*keys), by_key);
	name_key = calloc(nkeys + 1, sizeof(*name_key));
	name_rec = calloc(nkeys + 1, sizeof(*name_rec));
	if (name_key == NULL || name_rec == NULL)
		die("out of memory");
	for (i = 0; i < nkeys; i++) {
		name_key[i] = keys[i].key;
		name_rec[i] = keys[i].rec;
	}

	fputs("/* Generated by mktable from the registry. Do not edit. */\n"
	    "#include \"table.h\"\n\n", out);
	/* Bytes, not a string literal: C caps those at 4095 characters. */
	fputs("const char pi_pool[] = {", out);
	for (i = 0; i < poollen; i++)
		fprintf(out, "%s%d,", i % 20 ? "" : "\n",
		    (int)(signed char)pool[i]);
	/* Named fields, so the rows cannot drift from table.h's order. */
	fputs("\n};\n\n#define R(a, b, c, d, e, f, g, h, i, j) "
	    "{ .name = a, .desc = b, .ref = c, .unauth = d, \\\n"
	    "\t.lo = e, .hi = f, .proto = g, .status = h, .has_port = i, \\\n"
	    "\t.plain = j }\n"
	    "const struct pi_rec pi_recs[] = {\n", out);
	for (i = 0; i < nrecs; i++) {
		const struct pi_rec *r = &recs[i];

		fprintf(out, "R(%lu,%lu,%lu,%lu,%u,%u,%u,%u,%u,%u),\n",
		    (unsigned long)r->name, (unsigned long)r->desc,
		    (unsigned long)r->ref, (unsigned long)r->unauth,
		    r->lo, r->hi, r->proto, r->status, r->has_port, r->plain);
	}
	fprintf(out, "};\nconst uint32_t pi_nrecs = %lu;\n\n",
	    (unsigned long)nrecs);
	starts = widen16(seg_start, nsegs);
	index = widen16(seg_of, PI_PORT_MAX + 1);
	put_array(out, "const uint16_t pi_seg_of", index, PI_PORT_MAX + 1);
	put_array(out, "const uint16_t pi_seg_start", starts, nsegs);
	put_array(out, "const uint32_t pi_seg_first", seg_first, nsegs + 1);
	put_array(out, "const uint32_t pi_seg_recs", seg_recs, nsegrecs);
	fprintf(out, "const uint32_t pi_nsegs = %lu;\n\n",
	    (unsigned long)nsegs);
	put_seg_protos(out);
	put_array(out, "const uint32_t pi_name_key", name_key, nkeys);
	put_array(out, "const uint32_t pi_name_rec", name_rec, nkeys);
	fprintf(out, "const uint32_t pi_nnames = %lu;\n\n"
	    "const char pi_date[] = \"%s\";\n", (unsigned long)nkeys, newest);
	free(starts);
	free(index);
	free(name_key);
	free(name_rec);
}

static void
usage(void)
{
	fprintf(stderr, "usage: mktable [-d] -o output input.csv\n");
	exit(2);
}

/*
 * Stopped by a signal, the compiler removes its temporary file, then
 * dies of the same signal so that make sees how it ended.
 */
static void
on_signal(int sig)
{
	if (tmppath != NULL)
		unlink(tmppath);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGPIPE, SIGTERM };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	/* A signal ignored when the compiler started (nohup) stays so. */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

int
main(int argc, char *argv[])
{
	const char *outpath = NULL;
	char *tmp;
	size_t n;
	FILE *in, *out;
	int ch;

	while ((ch = getopt(argc, argv, "do:")) != -1) {
		switch (ch) {
		case 'd':
			dump_csv = 1;
			break;
		case 'o':
			outpath = optarg;
			break;
		default:
			usage();
		}
	}
	if (outpath == NULL || argc - optind != 1)
		usage();
	inpath = argv[optind];
	if ((in = fopen(inpath, "rb")) == NULL)
		die("%s: %s", inpath, strerror(errno));

	n = strlen(outpath) + sizeof(".tmp");
	if ((tmp = malloc(n)) == NULL)
		die("out of memory");
	snprintf(tmp, n, "%s.tmp", outpath);
	/* Named first, so that it is removed however soon a signal comes. */
	catch_signals();
	tmppath = tmp;
	if ((out = fopen(tmp, "wb")) == NULL)
		die("%s: %s", tmp, strerror(errno));

	read_registry(in, out);
	if (!dump_csv)
		put_table(out);
	if (ferror(in) || fclose(in) == EOF)
		die("%s: read error", inpath);
	/* A failed write shows in ferror; fclose reports the last flush. */
	errno = 0;
	if (ferror(out) | (fclose(out) == EOF))
		die("%s: %s", tmp, errno != 0 ? strerror(errno) : "write error");
	if (rename(tmp, outpath) == -1)
		die("%s: %s", outpath, strerror(errno));
	return 0;
}
