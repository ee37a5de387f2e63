/*
 * mktable: the build-time table compiler.  Reads and checks the registry
 * (CSV, columns found by IANA's header names), then the common uses (-c)
 * and aliases (-a), and writes the C source of table.h's table, or with
 * -d the registry back as CSV with only the columns kept.  A bad record
 * stops it with "file:line: reason".  The output appears whole or not at
 * all: written to a temporary file, renamed into place once complete.
 */
#include <errno.h>
#include <search.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "csv.h"
#include "fields.h"
#include "grow.h"
#include "index.h"
#include "portinfo.h"
#include "table.h"

/* The columns kept are fields.h's, in IANA's order; four must be there. */
#define NREQUIRED 4

static const char *inpath;
static const char *volatile tmppath;
static FILE *dump;		/* with -d, where the registry is written */

/* Every record, and the pool of their strings, with a tree to share them. */
static struct pi_rec *recs;
static size_t nrecs, recscap;
static size_t nregistry;	/* the registry's; common uses follow */
static char *pool;
static size_t poollen, poolcap;
static void *strings;		/* tsearch's, of pool offsets */
static void *registry;		/* tsearch's, of the registry's records */
static char newest[11];		/* newest date seen, "YYYY-MM-DD" */

/* The keys a record is found by: name, normalised form, aliases. */
struct key {
	uint32_t key;		/* pool offset */
	uint32_t rec;
	uint8_t alias;		/* the key is an alias of the record */
	uint16_t port;		/* the port an alias names; 0 for a name */
};
static struct key *keys;
static size_t nkeys, keyscap;

void
mk_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mktable: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* A bad record: "file:line: reason", with the offending text shown. */
static void
reject(const struct pi_bad *why)
{
	pi_fields_report(stderr, inpath, why);
	exit(1);
}

/* Unless ok, the record just read in c is bad: why, and the text it
   names, or NULL. */
static void
need(int ok, const struct csv *c, const char *why, const char *text)
{
	if (!ok)
		reject(&(struct pi_bad){ c->line, why, text,
		    text != NULL ? strlen(text) : 0 });
}

void *
mk_grow(void *p, size_t *cap, size_t need, size_t size)
{
	if ((p = grow(p, cap, need, size)) == NULL)
		mk_die("out of memory");
	return p;
}

void *
mk_zalloc(size_t n, size_t size)
{
	void *p = calloc(n + 1, size);

	if (p == NULL)
		mk_die("out of memory");
	return p;
}

/* The order of the tree of strings: by their text in the pool. */
static int
by_text(const void *a, const void *b)
{
	return strcmp(pool + (uintptr_t)a, pool + (uintptr_t)b);
}

/*
 * The order of the tree of the registry's records: two equal in every
 * field would answer alike, twice.  Status and plain follow from the
 * strings, and struct pi_rec has no padding.
 */
static int
by_fields(const void *a, const void *b)
{
	return memcmp(&recs[(uintptr_t)a], &recs[(uintptr_t)b], sizeof(*recs));
}

/*
 * At exit, removes the temporary file unless it was renamed into place,
 * and empties the trees: leak checkers misread glibc's tagged links.
 */
static void
clean_up(void)
{
	if (tmppath != NULL)
		unlink(tmppath);
	while (strings != NULL)
		tdelete(*(void **)strings, &strings, by_text);
	while (registry != NULL)
		tdelete(*(void **)registry, &registry, by_fields);
}

/*
 * The pool offset of s[0..len), added once however often it is used.
 * Offset 0 is the empty string, there from the first call on, so that a
 * record of empty strings alone is read from the pool as any other.  The
 * text is put at the pool's end to be looked for, and left there only if
 * it is new.
 */
static uint32_t
intern(const char *s, size_t len)
{
	uintptr_t off;
	void **node;

	if (poollen == 0) {
		pool = mk_grow(pool, &poolcap, 1, 1);
		pool[poollen++] = '\0';
	}
	if (len == 0)
		return 0;
	if (poollen + len + 1 > UINT32_MAX)
		mk_die("string pool over 4 GiB");
	pool = mk_grow(pool, &poolcap, poollen + len + 1, 1);
	off = poollen;
	memcpy(pool + off, s, len);
	pool[off + len] = '\0';
	if ((node = tsearch((void *)off, &strings, by_text)) == NULL)
		mk_die("out of memory");
	if ((uintptr_t)*node == off)
		poollen += len + 1;
	return (uint32_t)(uintptr_t)*node;
}

/* A scratch buffer for the text of one field (at most CSV_FIELD_MAX
   bytes), len bytes and more. */
static char *
scratch(size_t len)
{
	static char *buf;
	static size_t cap;

	return buf = mk_grow(buf, &cap, PI_REFS_ROOM(len) + 64, 1);
}

/*
 * Interns text field k of a record that starts on line, as fields.h's
 * pi_field_refs puts the Reference and pi_field_line any other.
 */
static uint32_t
intern_field(const struct pi_fields *f, enum pi_col k, unsigned long line)
{
	char *buf = scratch(f->len[k]);
	size_t n = 0;
	struct pi_bad why;

	if ((k == PI_COL_REF ? pi_field_refs(buf, &n, f->text[k], f->len[k],
	    line, &why) : pi_field_line(buf, &n, f->text[k], f->len[k], &line,
	    pi_col_names[k], &why)) == -1)
		reject(&why);
	return intern(buf, n);
}

/*
 * The form a name with other characters than a service name's is also
 * found by, as the man page says: ASCII letters in lower case, digits,
 * and a hyphen for each run of anything else, none at either end.
 * Returns its pool offset, or 0 for a name of a service name's shape.
 */
static uint32_t
intern_normalised(const char *name)
{
	char *buf = scratch(strlen(name));
	size_t i, n = 0;
	int gap = 0;

	if (all_of(name, strlen(name), is_name_char))
		return 0;
	for (i = 0; name[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (!is_alpha(ch) && !is_digit(ch)) {
			gap = n > 0;
			continue;
		}
		if (gap)
			buf[n++] = '-';
		gap = 0;
		buf[n++] = (char)pi_ascii_lower(ch);
	}
	return intern(buf, n);
}

/* The newest date seen dates the snapshot. */
static void
note_date(const char *s, size_t len)
{
	if (len == 0 || len >= sizeof(newest) || strncmp(s, newest, len) <= 0)
		return;
	memcpy(newest, s, len);
	newest[len] = '\0';
}

static int
all_plain(uint32_t off)
{
	return all_of(pool + off, strlen(pool + off), pi_plain_byte);
}

/*
 * The status of a record, by the man page's rule under DATA: a named
 * record is assigned; a nameless one is unassigned only where its
 * description begins with the word "Unassigned", in any case, and is
 * otherwise reserved, so that no tool takes it for free.
 */
static enum pi_status
status_of(const char *name, const char *desc)
{
	static const char word[] = "unassigned";
	size_t n = sizeof(word) - 1;

	if (name[0] != '\0')
		return PI_ASSIGNED;
	return pi_fold_cmp(desc, n, word) == 0 &&
	    !is_alpha((unsigned char)desc[n]) ? PI_UNASSIGNED : PI_RESERVED;
}

/* Record rec is found by the name at pool offset off, an alias on port. */
static void
add_key(uint32_t off, size_t rec, int alias, unsigned port)
{
	keys = mk_grow(keys, &keyscap, nkeys + 1, sizeof(*keys));
	keys[nkeys++] = (struct key){ off, (uint32_t)rec, (uint8_t)alias,
	    (uint16_t)port };
}

/*
 * The columns kept of the record in c, or with header their names, each
 * as RFC 4180 wants it: quoted if it holds , " CR or LF.
 */
static void
put_csv_record(FILE *out, const struct csv *c, const size_t *col,
    int header)
{
	const char *sep = "", *s;
	size_t k, i, len;

	for (k = 0; k < PI_NCOLS; k++) {
		if (col[k] == PI_NOCOL)
			continue;
		s = header ? pi_col_names[k] : csv_field(c, col[k]);
		len = header ? strlen(s) : csv_field_len(c, col[k]);
		fputs(sep, out);
		sep = ",";
		if (strcspn(s, ",\"\r\n") == len) {
			fwrite(s, 1, len, out);
			continue;
		}
		putc('"', out);
		for (i = 0; i < len; i++) {
			if (s[i] == '"')
				putc('"', out);
			putc(s[i], out);
		}
		putc('"', out);
	}
	putc('\n', out);
}

/* Checks one record and adds it to the table; with -d writes it back. */
static void
take_record(struct csv *c, const size_t *col, size_t ncols)
{
	struct pi_fields f;
	struct pi_bad why;
	struct pi_rec r;
	uint32_t off;

	if (pi_fields_record(c, col, ncols, pi_field_name, &f, &why) == -1)
		reject(&why);
	note_date(f.text[PI_COL_REGDATE], f.len[PI_COL_REGDATE]);
	note_date(f.text[PI_COL_MODDATE], f.len[PI_COL_MODDATE]);
	r = (struct pi_rec){ .has_port = (uint8_t)f.has_port,
	    .lo = (uint16_t)f.lo, .hi = (uint16_t)f.hi,
	    .proto = (uint8_t)f.proto };
	r.name = intern(f.text[PI_COL_NAME], f.len[PI_COL_NAME]);
	r.desc = intern_field(&f, PI_COL_DESC, c->line);
	r.ref = intern_field(&f, PI_COL_REF, c->line);
	r.unauth = intern_field(&f, PI_COL_UNAUTH, c->line);
	r.status = (uint8_t)status_of(pool + r.name, pool + r.desc);
	if (r.name != 0)
		add_key(r.name, nrecs, 0, 0);
	if (r.name != 0 && (off = intern_normalised(pool + r.name)) != 0)
		add_key(off, nrecs, 0, 0);
	r.plain = (uint8_t)(all_plain(r.name) && all_plain(r.desc) &&
	    all_plain(r.ref) && all_plain(r.unauth));
	if (nrecs == UINT32_MAX)
		mk_die("too many records");
	recs = mk_grow(recs, &recscap, nrecs + 1, sizeof(*recs));
	recs[nrecs++] = r;
	if (dump != NULL)
		put_csv_record(dump, c, col, 0);
}

/*
 * A record of the registry, which must differ from those before it in a
 * field the table keeps (IANA's has two rdp with no port, described
 * otherwise); dates alone do not part them, since no answer shows them.
 */
static void
take_registry(struct csv *c, const size_t *col, size_t ncols)
{
	uintptr_t i;
	void **node;
	const char *name;

	take_record(c, col, ncols);
	i = nrecs - 1;
	nregistry = nrecs;
	if ((node = tsearch((void *)i, &registry, by_fields)) == NULL)
		mk_die("out of memory");
	name = pool + recs[i].name;
	need((uintptr_t)*node == i, c, "record given twice",
	    name[0] != '\0' ? name : NULL);
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
 */
static void
take_common(struct csv *c, const size_t *col, size_t ncols)
{
	const struct pi_rec *r;
	const char *name;
	size_t i, len;

	take_record(c, col, ncols);
	r = &recs[nrecs - 1];
	name = csv_field(c, col[PI_COL_NAME]);
	len = csv_field_len(c, col[PI_COL_NAME]);
	need(len > 0, c, "common use has no service name", NULL);
	need(all_of(name, len, is_name_char), c, "service name of a common"
	    " use has a character not allowed in a service name", name);
	need(r->has_port, c, "common use has no port", NULL);
	need(r->proto != 0, c, "common use has no transport protocol", NULL);
	need(r->desc != 0, c, "common use has no description", NULL);
	need(is_https_url(pool + r->ref), c, "reference is not an https URL",
	    pool + r->ref);
	for (i = nregistry; i + 1 < nrecs; i++)
		need(recs[i].lo != r->lo || recs[i].hi != r->hi ||
		    recs[i].proto != r->proto || pi_fold_cmp(name, len,
		    pool + recs[i].name) != 0, c, "common use given twice",
		    name);
}

/*
 * The common uses' header: IANA's columns, with Reference required and
 * none of the columns that only IANA's registry has (dates, notes).
 */
static void
check_common(const struct csv *c, const size_t *col)
{
	static const enum pi_col only_iana[] = {
		PI_COL_REGDATE, PI_COL_MODDATE, PI_COL_CODE, PI_COL_UNAUTH
	};
	size_t i;

	need(col[PI_COL_REF] != PI_NOCOL, c, "header has no column",
	    pi_col_names[PI_COL_REF]);
	for (i = 0; i < sizeof(only_iana) / sizeof(only_iana[0]); i++)
		need(col[only_iana[i]] == PI_NOCOL, c,
		    "column is IANA's alone:", pi_col_names[only_iana[i]]);
}

/* The columns of the aliases (data/aliases.csv), all required. */
enum alias_col { AL_ALIAS, AL_NAME, AL_PORT, AL_PROTO, AL_REF, AL_NCOLS };
static const char *const alias_colnames[AL_NCOLS] = {
	"Alias", "Service Name", "Port Number", "Transport Protocol",
	"Reference"
};

/*
 * An alias is a name people type for IANA's service on one port and
 * protocol ("smtps" for submissions on 465/tcp).  It must stand for at
 * least one record of the registry, with that name on that port and
 * protocol, and becomes a key that finds each such record on that port
 * alone ("x11-1" finds x11's 6000-6063/tcp as 6001/tcp).
 */
static void
take_alias(struct csv *c, const size_t *col, size_t ncols)
{
	const char *alias, *name, *port, *proto, *why;
	size_t alen, nlen, i, found = 0;
	unsigned lo, hi, bit;
	uint32_t off;
	struct pi_bad bad;
	char what[96];

	if (pi_fields_count(c, ncols, &bad) == -1)
		reject(&bad);
	alias = csv_field(c, col[AL_ALIAS]);
	name = csv_field(c, col[AL_NAME]);
	port = csv_field(c, col[AL_PORT]);
	proto = csv_field(c, col[AL_PROTO]);
	alen = strlen(alias);
	nlen = strlen(name);
	need(alen > 0 && all_of(alias, alen, is_name_char), c,
	    "alias is not a service name", alias);
	need(nlen > 0, c, "alias names no service", NULL);
	why = pi_field_name(name, nlen);
	need(why == NULL, c, why, name);
	why = port[0] != '\0' ? pi_field_port(port, strlen(port), &lo, &hi) :
	    NULL;
	need(why == NULL, c, why, port);
	need(port[0] != '\0' && lo == hi, c, "an alias names one port", port);
	why = pi_field_proto(proto, strlen(proto), &bit);
	need(why == NULL, c, why, proto);
	need(bit != 0, c, "alias has no transport protocol", NULL);
	need(csv_field(c, col[AL_REF])[0] != '\0', c, "alias has no reference",
	    NULL);
	need(pi_fold_cmp(alias, alen, name) != 0, c,
	    "alias is its service's own name", alias);

	off = intern(alias, alen);
	for (i = 0; i < nregistry; i++) {
		const struct pi_rec *r = &recs[i];

		if (!r->has_port || r->lo > lo || r->hi < lo ||
		    r->proto != bit ||
		    pi_fold_cmp(name, nlen, pool + r->name) != 0)
			continue;
		for (size_t k = 0; k < nkeys; k++)
			need(keys[k].rec != i || pi_fold_cmp(alias, alen,
			    pool + keys[k].key) != 0, c,
			    "record is found by that name already", alias);
		add_key(off, i, 1, lo);
		found++;
	}
	snprintf(what, sizeof(what), "%.*s %u/%s",
	    (int)(nlen < 64 ? nlen : 64), name, lo, proto);
	need(found > 0, c, "the registry has no such service on that port"
	    " and protocol", what);
}

/*
 * The inputs, in the order they are read: the common uses follow IANA's
 * records, the aliases name IANA's.  Each has a header, its columns
 * found by names[0..ncols), the first nrequired required, and checked
 * further by check if not NULL; then one record at least, each for take.
 */
enum { IN_REGISTRY, IN_COMMON, IN_ALIASES, NINPUTS };
static const struct input {
	const char *const *names;
	size_t ncols, nrequired;
	void (*check)(const struct csv *c, const size_t *col);
	void (*take)(struct csv *c, const size_t *col, size_t ncols);
} inputs[NINPUTS] = {
	{ pi_col_names, PI_NCOLS, NREQUIRED, NULL, take_registry },
	{ pi_col_names, PI_NCOLS, NREQUIRED, check_common, take_common },
	{ alias_colnames, AL_NCOLS, AL_NCOLS, NULL, take_alias },
};

/* Reads the input at path, open as in, whole, then closes it. */
static void
read_input(const char *path, FILE *in, const struct input *how)
{
	size_t col[PI_NCOLS], ncols, n = 0;
	struct pi_bad why;
	struct csv c;
	int r;

	inpath = path;
	if (csv_init_file(&c, in) == -1)
		mk_die("%s: %s", path, strerror(errno));
	fclose(in);
	if ((r = csv_read(&c)) != 1)
		reject(&(struct pi_bad){ r == 0 ? 1 : c.errline, r == 0 ?
		    "no header: the file is empty" : c.error, NULL, 0 });
	if (pi_fields_header(&c, how->names, how->ncols, col, how->nrequired,
	    &why) == -1)
		reject(&why);
	if (how->check != NULL)
		how->check(&c, col);
	if (dump != NULL)
		put_csv_record(dump, &c, col, 1);
	ncols = c.nfields;
	while ((r = csv_read(&c)) == 1) {
		how->take(&c, col, ncols);
		n++;
	}
	if (r == -1)
		reject(&(struct pi_bad){ c.errline, c.error, NULL, 0 });
	need(n > 0, &c, "no records after the header", NULL);
	csv_free(&c);
}

static int
by_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	const char *s = pool + x->key;
	int d = pi_fold_cmp(s, strlen(s), pool + y->key);

	return d != 0 ? d : (x->rec > y->rec) - (x->rec < y->rec);
}

void
mk_put_array(FILE *out, const char *decl, const uint32_t *v, size_t n)
{
	size_t i;

	fprintf(out, "%s[] = {", decl);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%lu,", i % 16 ? "" : "\n", (unsigned long)v[i]);
	fprintf(out, "%s\n};\n", n == 0 ? "0" : "");
}

/* The pool, and the records as offsets into it and numbers. */
static void
put_records(FILE *out)
{
	const struct pi_rec *r;
	size_t i;

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
	for (r = recs; r < recs + nrecs; r++)
		fprintf(out, "R(%lu,%lu,%lu,%lu,%u,%u,%u,%u,%u,%u),\n",
		    (unsigned long)r->name, (unsigned long)r->desc,
		    (unsigned long)r->ref, (unsigned long)r->unauth,
		    r->lo, r->hi, r->proto, r->status, r->has_port, r->plain);
	fprintf(out, "};\nconst uint32_t pi_nrecs = %lu;\n"
	    "const uint32_t pi_ncommon = %lu;\n\n", (unsigned long)nregistry,
	    (unsigned long)(nrecs - nregistry));
}

/*
 * Cuts the port space into table.h's segments, one starting where a
 * record starts and after it ends, each with the records that cover it.
 */
static void
put_segments(FILE *out)
{
	static unsigned char cut[PI_PORT_MAX + 2];
	static uint32_t seg_of[PI_PORT_MAX + 1], start[PI_PORT_MAX + 1];
	static uint32_t first[PI_PORT_MAX + 2], found[PI_PORT_MAX + 1];
	uint32_t *list = NULL;
	size_t nsegs = 0, n = 0, cap = 0, k;
	const struct pi_rec *r;
	unsigned p;

	cut[0] = 1;
	for (r = recs; r < recs + nrecs; r++)
		if (r->has_port)
			cut[r->lo] = cut[r->hi + 1] = 1;
	for (p = 0; p <= PI_PORT_MAX; p++) {
		if (cut[p])
			start[nsegs++] = p;
		seg_of[p] = (uint32_t)(nsegs - 1);
	}
	for (k = 0; k < nsegs; k++) {
		first[k] = (uint32_t)n;
		for (r = recs; r < recs + nrecs; r++) {
			if (!r->has_port || r->lo > start[k] ||
			    r->hi < start[k])
				continue;
			if (n == UINT32_MAX)
				mk_die("too many records");
			list = mk_grow(list, &cap, n + 1, sizeof(*list));
			list[n++] = (uint32_t)(r - recs);
			found[k] |= 1u << r->status |
			    (pool[r->unauth] != '\0' ? PI_NOTED : 0);
		}
	}
	first[nsegs] = (uint32_t)n;
	mk_put_array(out, "const uint16_t pi_seg_of", seg_of, PI_PORT_MAX + 1);
	mk_put_array(out, "const uint16_t pi_seg_start", start, nsegs);
	mk_put_array(out, "const uint32_t pi_seg_first", first, nsegs + 1);
	mk_put_array(out, "const uint32_t pi_seg_recs", list, n);
	mk_put_array(out, "const uint8_t pi_seg_found", found, nsegs);
	fprintf(out, "const uint32_t pi_nsegs = %lu;\n\n",
	    (unsigned long)nsegs);
	free(list);
}

/*
 * The names, sorted, a column of the keys at a time, the four in one
 * block; the date; the indexes of names and words.
 */
static void
put_names(FILE *out)
{
	uint32_t *key = mk_zalloc(4 * nkeys, sizeof(*key));
	uint32_t *rec = key + nkeys, *alias = rec + nkeys;
	uint32_t *port = alias + nkeys;
	size_t i, naliases = 0;

	if (nkeys > 0)
		qsort(keys, nkeys, sizeof(*keys), by_key);
	for (i = 0; i < nkeys; i++) {
		key[i] = keys[i].key;
		rec[i] = keys[i].rec;
		alias[i] = keys[i].alias;
		port[i] = keys[i].port;
		naliases += keys[i].alias;
	}
	mk_put_array(out, "const uint32_t pi_name_key", key, nkeys);
	mk_put_array(out, "const uint32_t pi_name_rec", rec, nkeys);
	mk_put_array(out, "const uint8_t pi_name_alias", alias, nkeys);
	mk_put_array(out, "const uint16_t pi_name_port", port, nkeys);
	fprintf(out, "const uint32_t pi_nnames = %lu;\n"
	    "const uint32_t pi_naliases = %lu;\n\n"
	    "const char pi_date[] = \"%s\";\n", (unsigned long)nkeys,
	    (unsigned long)naliases, newest);
	pi_put_index(out, pool, recs, nrecs, key, nkeys);
	free(key);
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
	struct sigaction sa = { .sa_handler = on_signal }, old;
	size_t i;

	sigfillset(&sa.sa_mask);
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
	const char *path[NINPUTS] = { NULL, NULL, NULL }, *outpath = NULL;
	FILE *in[NINPUTS] = { NULL, NULL, NULL }, *out;
	char *tmp;
	size_t n, i;
	int ch, dump_csv = 0;

	atexit(clean_up);
	while ((ch = getopt(argc, argv, "a:c:do:")) != -1) {
		if (ch == 'a')
			path[IN_ALIASES] = optarg;
		else if (ch == 'c')
			path[IN_COMMON] = optarg;
		else if (ch == 'd')
			dump_csv = 1;
		else if (ch == 'o')
			outpath = optarg;
		else
			usage();
	}
	/* -d writes the registry back; the other files are not IANA's. */
	if (outpath == NULL || argc - optind != 1 || (dump_csv &&
	    (path[IN_COMMON] != NULL || path[IN_ALIASES] != NULL)))
		usage();
	path[IN_REGISTRY] = argv[optind];
	for (i = 0; i < NINPUTS; i++) {
		if (path[i] != NULL && (in[i] = fopen(path[i], "rb")) == NULL)
			mk_die("%s: %s", path[i], strerror(errno));
	}

	n = strlen(outpath) + sizeof(".tmp");
	tmp = mk_zalloc(n, 1);
	snprintf(tmp, n, "%s.tmp", outpath);
	/* Named first, so that it is removed however soon a signal comes. */
	catch_signals();
	tmppath = tmp;
	if ((out = fopen(tmp, "wb")) == NULL)
		mk_die("%s: %s", tmp, strerror(errno));

	dump = dump_csv ? out : NULL;
	for (i = 0; i < NINPUTS; i++) {
		if (in[i] != NULL)
			read_input(path[i], in[i], &inputs[i]);
	}
	if (!dump_csv) {
		put_records(out);
		put_segments(out);
		put_names(out);
	}
	/* A failed write shows in ferror; fclose reports the last flush. */
	errno = 0;
	if (ferror(out) | (fclose(out) == EOF))
		mk_die("%s: %s", tmp, errno != 0 ? strerror(errno) :
		    "write error");
	if (rename(tmp, outpath) == -1)
		mk_die("%s: %s", outpath, strerror(errno));
	tmppath = NULL;
	free(tmp);
	return 0;
}
