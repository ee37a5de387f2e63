/*
 * mktable: the build-time table compiler.
 *
 *	mktable -c data/common-uses.csv -a data/aliases.csv \
 *	    -o build/table.c data/services.csv
 *	mktable -d -o data/services.csv service-names-port-numbers.csv
 *
 * Reads the registry as CSV, with its columns found by IANA's header
 * names, and checks every record; then, if given, the common uses (-c)
 * and the aliases of IANA's services (-a), in the same CSV conventions
 * and as strictly.  By default it writes the C source of the table laid
 * out in table.h; with -d it writes the registry back as CSV with only
 * the columns the project keeps (no people's names, no notes).  A bad
 * record in any file stops it with "file:line: reason".  The output
 * appears whole or not at all: it is written to a temporary file that is
 * renamed into place only once complete, and removed if the compiler
 * fails or is stopped.
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
#include "fields.h"
#include "index.h"
#include "plain.h"
#include "portinfo.h"
#include "table.h"

/* The columns kept are fields.h's, in IANA's order; four must be there. */
#define NREQUIRED 4

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

/* The records read from the registry; those after them are common uses. */
static size_t nregistry;

/*
 * The keys a record is found by: its name, the normalised form, and the
 * aliases that stand for it.
 */
struct key {
	uint32_t key;		/* pool offset */
	uint32_t rec;
	uint8_t alias;		/* the key is an alias of the record */
};
static struct key *keys;
static size_t nkeys, keyscap, naliases;

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
reject(const struct pi_bad *why)
{
	pi_fields_report(stderr, inpath, why);
	if (tmppath != NULL)
		unlink(tmppath);
	exit(1);
}

static void
bad(unsigned long line, const char *why, const char *text, size_t len)
{
	struct pi_bad b = { line, why, text, len };

	reject(&b);
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
	struct pi_bad why;

	if (pi_field_line(buf, &n, s, len, &line, colname, &why) == -1)
		reject(&why);
	return intern(buf, n);
}

/* Interns the Reference field as fields.h's pi_field_refs puts it. */
static uint32_t
intern_refs(const char *s, size_t len, unsigned long line)
{
	char *buf = scratch(PI_REFS_ROOM(len));
	size_t n = 0;
	struct pi_bad why;

	if (pi_field_refs(buf, &n, s, len, line, &why) == -1)
		reject(&why);
	return intern(buf, n);
}

/* The characters of RFC 6335 names and of legacy ones (whois++, cl/1). */
static int
is_name_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || (ch != '\0' && strchr("-_.*+/", ch));
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

/* The newest date seen dates the snapshot. */
static void
note_date(const char *s, size_t len)
{
	char date[sizeof(newest)];

	if (len == 0 || len >= sizeof(date))
		return;
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

/*
 * Reads the header record of a file whose columns are not IANA's (the
 * aliases) and finds in it the columns called names[0..n), all of which
 * must be there: col[k] is the field of names[k].  Said as fields.h says
 * it of IANA's columns.
 */
static void
map_header(struct csv *c, const char *const *names, size_t n, size_t *col)
{
	size_t i, k;
	int r;

	if ((r = csv_read(c)) != 1) {
		if (r == 0)
			bad(1, pi_why_empty, NULL, 0);
		bad(c->errline, c->error, NULL, 0);
	}
	for (k = 0; k < n; k++)
		col[k] = PI_NOCOL;
	for (i = 0; i < c->nfields; i++) {
		for (k = 0; k < n; k++) {
			if (strcmp(csv_field(c, i), names[k]) != 0)
				continue;
			if (col[k] != PI_NOCOL)
				bad(c->line, "column appears twice:",
				    names[k], strlen(names[k]));
			col[k] = i;
		}
	}
	for (k = 0; k < n; k++) {
		if (col[k] == PI_NOCOL)
			bad(c->line, "header has no column", names[k],
			    strlen(names[k]));
	}
}

/* An alias must have as many fields as the header. */
static void
check_width(const struct csv *c, size_t ncols)
{
	if (c->nfields != ncols)
		bad(c->line, c->nfields < ncols ?
		    "record has fewer fields than the header" :
		    "record has more fields than the header", NULL, 0);
}

/* Record rec is found by the name at pool offset off, an alias or not. */
static void
add_key(uint32_t off, size_t rec, int alias)
{
	keys = grow(keys, &keyscap, nkeys + 1, sizeof(*keys));
	keys[nkeys].key = off;
	keys[nkeys].rec = (uint32_t)rec;
	keys[nkeys++].alias = (uint8_t)alias;
}

/* Checks one record and, when compiling, adds it to the table. */
static void
take_record(struct csv *c, const size_t col[PI_NCOLS], size_t ncols)
{
	struct pi_fields f;
	struct pi_bad why;
	struct pi_rec r;
	uint32_t off;

	if (pi_fields_record(c, col, ncols, &f, &why) == -1)
		reject(&why);
	note_date(f.text[PI_COL_REGDATE], f.len[PI_COL_REGDATE]);
	note_date(f.text[PI_COL_MODDATE], f.len[PI_COL_MODDATE]);
	memset(&r, 0, sizeof(r));
	r.has_port = (uint8_t)f.has_port;
	r.lo = (uint16_t)f.lo;
	r.hi = (uint16_t)f.hi;
	r.proto = (uint8_t)f.proto;
	r.name = intern(f.text[PI_COL_NAME], f.len[PI_COL_NAME]);
	r.desc = intern_text(f.text[PI_COL_DESC], f.len[PI_COL_DESC],
	    c->line, pi_col_names[PI_COL_DESC]);
	r.ref = intern_refs(f.text[PI_COL_REF], f.len[PI_COL_REF], c->line);
	r.unauth = intern_text(f.text[PI_COL_UNAUTH], f.len[PI_COL_UNAUTH],
	    c->line, pi_col_names[PI_COL_UNAUTH]);
	r.status = (uint8_t)status_of(pool + r.name, pool + r.desc);
	if (r.name != 0)
		add_key(r.name, nrecs, 0);
	if (r.name != 0 && (off = intern_normalised(pool + r.name)) != 0)
		add_key(off, nrecs, 0);
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
put_csv_record(FILE *out, struct csv *c, const size_t col[PI_NCOLS],
    int header)
{
	const char *s;
	size_t k, len;
	int first = 1;

	for (k = 0; k < PI_NCOLS; k++) {
		if (col[k] == PI_NOCOL)
			continue;
		if (!first)
			putc(',', out);
		first = 0;
		if (header) {
			s = pi_col_names[k];
			len = strlen(s);
		} else {
			s = csv_field(c, col[k]);
			len = csv_field_len(c, col[k]);
		}
		put_csv_field(out, s, len);
	}
	putc('\n', out);
}

static void
read_registry(FILE *in, FILE *out)
{
	struct csv c;
	size_t col[PI_NCOLS], ncols;
	struct pi_bad why;
	int r;

	csv_init(&c, in);
	if ((r = csv_read(&c)) != 1) {
		if (r == 0)
			bad(1, pi_why_empty, NULL, 0);
		bad(c.errline, c.error, NULL, 0);
	}
	if (pi_fields_header(&c, col, NREQUIRED, &why) == -1)
		reject(&why);
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
		bad(c.line, pi_why_no_records, NULL, 0);
	csv_free(&c);
	nregistry = nrecs;
}

/* Whether s[0..len) is all characters of a service name, and not empty. */
static int
is_plain_name(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && is_name_char((unsigned char)s[i]); i++)
		continue;
	return len > 0 && i == len;
}

/*
 * A reference to the software's own documentation or source: an https
 * URL of printable ASCII, with nothing a reference list or an output
 * format would split or quote.
 */
static int
is_https_url(const char *s)
{
	static const char scheme[] = "https://";

	if (strncmp(s, scheme, sizeof(scheme) - 1) != 0 ||
	    s[sizeof(scheme) - 1] == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (!pi_plain_byte((unsigned char)*s) || strchr(" []<>", *s))
			return 0;
	}
	return 1;
}

/*
 * A common use (data/common-uses.csv) is a registry record with every
 * field filled in, a service name's characters in its name and an https
 * URL as its reference, never the same name, port and protocol twice.
 * It is checked as a registry record is, then for these.
 */
static void
take_common(struct csv *c, const size_t col[PI_NCOLS], size_t ncols)
{
	const struct pi_rec *r;
	const char *name;
	size_t i, len;

	take_record(c, col, ncols);
	r = &recs[nrecs - 1];
	name = csv_field(c, col[PI_COL_NAME]);
	len = csv_field_len(c, col[PI_COL_NAME]);
	if (len == 0)
		bad(c->line, "common use has no service name", NULL, 0);
	if (!is_plain_name(name, len))
		bad(c->line, "service name of a common use has a character not"
		    " allowed in a service name", name, len);
	if (!r->has_port)
		bad(c->line, "common use has no port", NULL, 0);
	if (r->proto == 0)
		bad(c->line, "common use has no transport protocol", NULL, 0);
	if (r->desc == 0)
		bad(c->line, "common use has no description", NULL, 0);
	if (!is_https_url(pool + r->ref))
		bad(c->line, "reference is not an https URL", pool + r->ref,
		    strlen(pool + r->ref));
	for (i = nregistry; i + 1 < nrecs; i++) {
		if (recs[i].lo == r->lo && recs[i].hi == r->hi &&
		    recs[i].proto == r->proto && pi_fold_cmp(name, len,
		    pool + recs[i].name) == 0)
			bad(c->line, "common use given twice", name, len);
	}
}

/*
 * The common uses: IANA's columns, with Reference required and none of
 * the columns that only IANA's registry has (dates, notes).
 */
static void
read_common(FILE *in)
{
	static const enum pi_col only_iana[] = {
		PI_COL_REGDATE, PI_COL_MODDATE, PI_COL_CODE, PI_COL_UNAUTH
	};
	struct csv c;
	size_t col[PI_NCOLS], ncols, i;
	struct pi_bad why;
	const char *s;
	int r;

	csv_init(&c, in);
	if ((r = csv_read(&c)) != 1) {
		if (r == 0)
			bad(1, pi_why_empty, NULL, 0);
		bad(c.errline, c.error, NULL, 0);
	}
	if (pi_fields_header(&c, col, NREQUIRED, &why) == -1)
		reject(&why);
	s = pi_col_names[PI_COL_REF];
	if (col[PI_COL_REF] == PI_NOCOL)
		bad(c.line, "header has no column", s, strlen(s));
	for (i = 0; i < sizeof(only_iana) / sizeof(only_iana[0]); i++) {
		s = pi_col_names[only_iana[i]];
		if (col[only_iana[i]] != PI_NOCOL)
			bad(c.line, "column is IANA's alone:", s, strlen(s));
	}
	ncols = c.nfields;
	while ((r = csv_read(&c)) == 1)
		take_common(&c, col, ncols);
	if (r == -1)
		bad(c.errline, c.error, NULL, 0);
	if (nrecs == nregistry)
		bad(c.line, pi_why_no_records, NULL, 0);
	csv_free(&c);
}

/* The columns of the aliases (data/aliases.csv), all required. */
enum alias_col { AL_ALIAS, AL_NAME, AL_PORT, AL_PROTO, AL_REF, AL_NCOLS };
static const char *const alias_colnames[AL_NCOLS] = {
	"Alias", "Service Name", "Port Number", "Transport Protocol",
	"Reference"
};

static const char *
alias_field(struct csv *c, const size_t col[AL_NCOLS], enum alias_col k,
    size_t *len)
{
	*len = csv_field_len(c, col[k]);
	return csv_field(c, col[k]);
}

/*
 * An alias is a name people type for IANA's service on one port and
 * protocol ("smtps" for submissions on 465/tcp).  It must stand for at
 * least one record of the registry read before it, with that name on
 * that port and protocol, and becomes a key that finds each such record.
 */
static void
take_alias(struct csv *c, const size_t col[AL_NCOLS], size_t ncols)
{
	const char *alias, *name, *s, *proto, *why;
	size_t alen, nlen, len, plen, i, found = 0;
	unsigned lo, hi, bit;
	uint32_t off;
	char what[96];

	check_width(c, ncols);
	alias = alias_field(c, col, AL_ALIAS, &alen);
	name = alias_field(c, col, AL_NAME, &nlen);
	if (!is_plain_name(alias, alen))
		bad(c->line, "alias is not a service name", alias, alen);
	if (nlen == 0)
		bad(c->line, "alias names no service", NULL, 0);
	if ((why = pi_field_name(name, nlen)) != NULL)
		bad(c->line, why, name, nlen);
	s = alias_field(c, col, AL_PORT, &len);
	if (len > 0 && (why = pi_field_port(s, len, &lo, &hi)) != NULL)
		bad(c->line, why, s, len);
	if (len == 0 || lo != hi)
		bad(c->line, "an alias names one port", s, len);
	proto = alias_field(c, col, AL_PROTO, &plen);
	if ((why = pi_field_proto(proto, plen, &bit)) != NULL)
		bad(c->line, why, proto, plen);
	if (bit == 0)
		bad(c->line, "alias has no transport protocol", NULL, 0);
	alias_field(c, col, AL_REF, &len);
	if (len == 0)
		bad(c->line, "alias has no reference", NULL, 0);
	if (alen == nlen && pi_fold_cmp(alias, alen, name) == 0 &&
	    name[nlen] == '\0')
		bad(c->line, "alias is its service's own name", alias, alen);

	off = intern(alias, alen);
	for (i = 0; i < nregistry; i++) {
		const struct pi_rec *r = &recs[i];

		if (!r->has_port || r->lo > lo || r->hi < lo || r->proto != bit ||
		    pi_fold_cmp(name, nlen, pool + r->name) != 0)
			continue;
		for (size_t k = 0; k < nkeys; k++) {
			if (keys[k].rec == i && pi_fold_cmp(alias, alen,
			    pool + keys[k].key) == 0)
				bad(c->line, "record is found by that name"
				    " already", alias, alen);
		}
		add_key(off, i, 1);
		found++;
	}
	if (found == 0) {
		snprintf(what, sizeof(what), "%.*s %u/%.*s",
		    (int)(nlen < 64 ? nlen : 64), name, lo, (int)plen, proto);
		bad(c->line, "the registry has no such service on that port"
		    " and protocol", what, strlen(what));
	}
	naliases += found;
}

static void
read_aliases(FILE *in)
{
	struct csv c;
	size_t col[AL_NCOLS], ncols, before = naliases;
	int r;

	csv_init(&c, in);
	map_header(&c, alias_colnames, AL_NCOLS, col);
	ncols = c.nfields;
	while ((r = csv_read(&c)) == 1)
		take_alias(&c, col, ncols);
	if (r == -1)
		bad(c.errline, c.error, NULL, 0);
	if (naliases == before)
		bad(c.line, pi_why_no_records, NULL, 0);
	csv_free(&c);
}

/*
 * Cuts the port space where the set of covering records changes and
 * lists, for each piece, the records that cover it (table.h).
 */
static uint16_t *seg_start;
static uint32_t *seg_first, *seg_recs;
static uint8_t *seg_found;
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
	seg_found = calloc(nsegs, sizeof(*seg_found));
	fill = calloc(nsegs + 1, sizeof(*fill));
	if (seg_start == NULL || seg_first == NULL || seg_found == NULL ||
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
			seg_found[k] |= 1u << recs[i].status |
			    (pool[recs[i].unauth] != '\0' ? PI_NOTED : 0);
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

static void
put_table(FILE *out)
{
	uint32_t *starts, *index, *name_key, *name_rec, *name_alias;
	size_t i;

	build_segments();
	qsort(keys, nkeys, sizeof(*keys), by_key);
	name_key = calloc(nkeys + 1, sizeof(*name_key));
	name_rec = calloc(nkeys + 1, sizeof(*name_rec));
	name_alias = calloc(nkeys + 1, sizeof(*name_alias));
	if (name_key == NULL || name_rec == NULL || name_alias == NULL)
		die("out of memory");
	for (i = 0; i < nkeys; i++) {
		name_key[i] = keys[i].key;
		name_rec[i] = keys[i].rec;
		name_alias[i] = keys[i].alias;
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
	fprintf(out, "};\nconst uint32_t pi_nrecs = %lu;\n"
	    "const uint32_t pi_ncommon = %lu;\n\n", (unsigned long)nregistry,
	    (unsigned long)(nrecs - nregistry));
	index = widen16(seg_of, PI_PORT_MAX + 1);
	put_array(out, "const uint16_t pi_seg_of", index, PI_PORT_MAX + 1);
	starts = widen16(seg_start, nsegs);
	put_array(out, "const uint16_t pi_seg_start", starts, nsegs);
	put_array(out, "const uint32_t pi_seg_first", seg_first, nsegs + 1);
	put_array(out, "const uint32_t pi_seg_recs", seg_recs, nsegrecs);
	for (i = 0; i < nsegs; i++)
		starts[i] = seg_found[i];
	put_array(out, "const uint8_t pi_seg_found", starts, nsegs);
	fprintf(out, "const uint32_t pi_nsegs = %lu;\n\n",
	    (unsigned long)nsegs);
	put_array(out, "const uint32_t pi_name_key", name_key, nkeys);
	put_array(out, "const uint32_t pi_name_rec", name_rec, nkeys);
	put_array(out, "const uint8_t pi_name_alias", name_alias, nkeys);
	fprintf(out, "const uint32_t pi_nnames = %lu;\n"
	    "const uint32_t pi_naliases = %lu;\n\n"
	    "const char pi_date[] = \"%s\";\n", (unsigned long)nkeys,
	    (unsigned long)naliases, newest);
	free(starts);
	free(index);
	free(name_key);
	free(name_rec);
	free(name_alias);
}

static void
usage(void)
{
	fprintf(stderr, "usage: mktable [-c common-uses.csv] [-a aliases.csv]"
	    " -o output registry.csv\n"
	    "       mktable -d -o output registry.csv\n");
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

/* Opens an input, or stops the compiler. */
static FILE *
open_input(const char *path)
{
	FILE *fp;

	if (path != NULL && (fp = fopen(path, "rb")) == NULL)
		die("%s: %s", path, strerror(errno));
	return path != NULL ? fp : NULL;
}

/* Reads the input at path, open as in, with read; then closes it. */
static void
read_input(const char *path, FILE *in, void (*read)(FILE *))
{
	if (in == NULL)
		return;
	inpath = path;
	read(in);
	if (ferror(in) || fclose(in) == EOF)
		die("%s: read error", inpath);
}

int
main(int argc, char *argv[])
{
	const char *outpath = NULL, *common = NULL, *aliases = NULL;
	char *tmp;
	size_t n;
	FILE *in, *common_in, *aliases_in, *out;
	int ch;

	while ((ch = getopt(argc, argv, "a:c:do:")) != -1) {
		switch (ch) {
		case 'a':
			aliases = optarg;
			break;
		case 'c':
			common = optarg;
			break;
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
	/* -d writes the registry back; the other files are not IANA's. */
	if (outpath == NULL || argc - optind != 1 ||
	    (dump_csv && (common != NULL || aliases != NULL)))
		usage();
	inpath = argv[optind];
	in = open_input(inpath);
	common_in = open_input(common);
	aliases_in = open_input(aliases);

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
	if (ferror(in) || fclose(in) == EOF)
		die("%s: read error", inpath);
	/* The common uses follow IANA's records; aliases name IANA's. */
	read_input(common, common_in, read_common);
	read_input(aliases, aliases_in, read_aliases);
	if (!dump_csv)
		put_table(out);
	if (!dump_csv)
		pi_put_index(out, pool, recs, nrecs, keys, sizeof(*keys),
		    nkeys, die);
	/* A failed write shows in ferror; fclose reports the last flush. */
	errno = 0;
	if (ferror(out) | (fclose(out) == EOF))
		die("%s: %s", tmp, errno != 0 ? strerror(errno) : "write error");
	if (rename(tmp, outpath) == -1)
		die("%s: %s", outpath, strerror(errno));
	return 0;
}
