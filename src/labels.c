/*
 * The label set (labels.h): each file read whole into memory and parsed
 * there, each record made whole, then the records sorted by port and by
 * name, and the lookups over them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "escape.h"
#include "etcservices.h"
#include "fields.h"
#include "labels.h"
#include "plain.h"
#include "table.h"

#define STR(x) #x
#define XSTR(x) STR(x)

/* A record by its name or an alias, s[0..len). */
struct name_key {
	const char *s;
	size_t len;
	const struct pi_label_entry *r;
};

/*
 * The records, in source order, then line order; each one's strings in
 * one allocation, which starts with its file name (entry.file).  The
 * indexes, made once every file is read, point into recs.
 */
struct pi_labels {
	struct pi_label_entry *recs;
	size_t nrecs, cap;
	uint64_t *by_port;		/* first port << 32 | index */
	const struct pi_label_entry **ranges;	/* over several ports */
	struct name_key *by_name;		/* ASCII case folded */
	size_t nports, nranges, nnames;
};

/* The set being read, and the file being read into it. */
struct load {
	struct pi_labels *set;
	FILE *err;
	const struct pi_label_file *f;
	int plain_path;			/* f's path is plain text */
	size_t taken;			/* records taken from f */
	int nomem;
};

/*
 * Writes a file's path on the error stream: every message that names a
 * file names it here, and nowhere else.
 */
static void
put_path(FILE *err, const char *path)
{
	esc_fput(err, path, strlen(path), ESC_WHOLE, ESC_QUOTE_NEEDED);
}

/*
 * "portinfo: FILE: what", and " (fix FILE)" after it if there is a fix:
 * a file that cannot be read, or a default file that is not trusted.
 */
static void
say(const struct load *ld, const char *what, const char *fix)
{
	fputs("portinfo: ", ld->err);
	put_path(ld->err, ld->f->path);
	fprintf(ld->err, ": %s", what);
	if (fix != NULL) {
		fprintf(ld->err, " (%s ", fix);
		put_path(ld->err, ld->f->path);
		fputc(')', ld->err);
	}
	fputc('\n', ld->err);
}

/* "FILE:LINE: reason", in the table compiler's words (fields.h). */
static void
say_bad(const struct load *ld, const struct pi_bad *bad)
{
	pi_fields_report(ld->err, ld->f->path, bad);
}

/* A record being made: its entry, and where its next string goes. */
struct make {
	struct pi_label_entry e;
	char *p;
};

/*
 * Starts a record of the file on line, in one allocation with room for
 * the file's name, which it writes, its reference and need bytes more.
 */
static int
begin(struct load *ld, struct make *m, unsigned long line, size_t need)
{
	size_t plen = strlen(ld->f->path);

	memset(&m->e, 0, sizeof(m->e));
	if (ld->nomem || (m->p = malloc(2 * plen + 24 + need)) == NULL) {
		ld->nomem = 1;
		return -1;
	}
	m->e.file = m->p;
	m->p = stpcpy(m->p, ld->f->path) + 1;
	m->e.line = line;
	m->e.entry.unauthorized = m->e.entry.alias = m->e.aliases = "";
	m->e.entry.status = PI_ASSIGNED;
	m->e.entry.source = ld->f->source;
	return 0;
}

/* Ends the string begun at p. */
static const char *
end(struct make *m, const char *p)
{
	*m->p++ = '\0';
	return p;
}

static const char *
put(struct make *m, const char *s, size_t len)
{
	const char *p = memcpy(m->p, s, len);

	m->p += len;
	return end(m, p);
}

/*
 * The next string: s[0..len) on one line, runs of blanks and line
 * breaks made one space, none at either end; every other byte is kept,
 * whatever it is, for the formatter to escape.
 */
static const char *
put_line(struct make *m, const char *s, size_t len)
{
	char *p = m->p, *q = p;
	size_t i;
	int space = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			space = q > p;
			continue;
		}
		if (space)
			*q++ = ' ';
		space = 0;
		*q++ = s[i];
	}
	m->p = q;
	return end(m, p);
}

/*
 * The next string: the Description on one line by the registry's rule
 * (fields.h).  Returns 0, or -1 with *bad saying why when it holds a
 * control character.
 */
static int
put_desc(struct make *m, const struct pi_fields *fl, struct pi_bad *bad)
{
	unsigned long line = m->e.line;
	size_t n = 0;

	if (pi_field_line(m->p, &n, fl->text[PI_COL_DESC],
	    fl->len[PI_COL_DESC], &line, pi_col_names[PI_COL_DESC],
	    bad) == -1)
		return -1;
	m->p += n;
	m->e.entry.description = end(m, m->p - n);
	return 0;
}

/*
 * The next string: the reference, "FILE:LINE", then a space and the
 * items of the file's own Reference ref[0..len) if it has one
 * (fields.h).  Returns as put_desc.
 */
static int
put_ref(struct make *m, const char *ref, size_t len, struct pi_bad *bad)
{
	const char *p = m->p;
	char digits[24];
	unsigned long i;
	size_t n = 0;

	m->p = stpcpy(m->p, m->e.file);
	*m->p++ = ':';
	for (i = m->e.line; i > 0 || n == 0; i /= 10)
		digits[n++] = (char)('0' + i % 10);
	while (n > 0)
		*m->p++ = digits[--n];
	if (pi_field_refs(m->p + 1, &n, ref, len, m->e.line, bad) == -1)
		return -1;
	if (n > 0) {
		*m->p = ' ';
		m->p += n + 1;
	}
	m->e.entry.reference = end(m, p);
	return 0;
}

static int
all_plain(const char *s)
{
	while (*s != '\0' && pi_plain_byte((unsigned char)*s))
		s++;
	return *s == '\0';
}

/*
 * Adds the record made to the set; with plain, its strings are known to
 * be plain text but for the file's name.
 */
static void
take(struct load *ld, struct make *m, int plain)
{
	struct pi_labels *s = ld->set;
	struct pi_entry *e = &m->e.entry;
	struct pi_label_entry *q;

	if (s->nrecs == s->cap) {
		/* Indexes fit in 32 bits (port_key). */
		if (s->cap > UINT32_MAX / 4 || s->cap > SIZE_MAX / 4 /
		    sizeof(*q) || (q = realloc(s->recs, (s->cap * 2 + 64) *
		    sizeof(*q))) == NULL) {
			free((void *)m->e.file);
			ld->nomem = 1;
			return;
		}
		s->recs = q;
		s->cap = s->cap * 2 + 64;
	}
	e->index = s->nrecs;
	e->plain = plain ? ld->plain_path : all_plain(e->name) &&
	    all_plain(e->description) && all_plain(e->reference) &&
	    all_plain(m->e.aliases);
	s->recs[s->nrecs++] = m->e;
	ld->taken++;
}

/* Whether the file has given all the records it may; said at line. */
static int
full(const struct load *ld, unsigned long line)
{
	static const char why[] = "more than " XSTR(PI_LABELS_MAX_RECORDS)
	    " records; the rest are skipped";

	if (ld->taken < PI_LABELS_MAX_RECORDS)
		return 0;
	say_bad(ld, &(struct pi_bad){ line, why, NULL, 0 });
	return 1;
}

/*
 * A record as the CSV reader reads it: its fields, its first line, and
 * whether they hold plain bytes (plain.h) alone.
 */
struct row {
	const char *field[CSV_FIELDS_MAX];
	size_t len[CSV_FIELDS_MAX], n;
	unsigned long line;
	int plain;
};

/*
 * Adds the record of a row, checked by the registry's rules with the
 * header's columns, its texts made at once; one that breaks a rule is
 * reported and left out.
 */
static void
take_row(struct load *ld, const struct row *w, const size_t col[PI_NCOLS],
    size_t ncols)
{
	struct pi_fields fl;
	struct pi_bad bad;
	struct make m;

	if (pi_fields_take(&fl, w->field, w->len, w->n, col, ncols, w->line,
	    &bad) == -1) {
		say_bad(ld, &bad);
		return;
	}
	if (begin(ld, &m, w->line, fl.len[PI_COL_NAME] + fl.len[PI_COL_DESC] +
	    PI_REFS_ROOM(fl.len[PI_COL_REF]) + 3) == -1)
		return;
	/* Plain text holds no control character: put_line puts it alike. */
	if (w->plain)
		m.e.entry.description = put_line(&m, fl.text[PI_COL_DESC],
		    fl.len[PI_COL_DESC]);
	if ((!w->plain && put_desc(&m, &fl, &bad) == -1) || put_ref(&m,
	    fl.text[PI_COL_REF], fl.len[PI_COL_REF], &bad) == -1) {
		free((void *)m.e.file);
		say_bad(ld, &bad);
		return;
	}
	m.e.entry.name = put(&m, fl.text[PI_COL_NAME], fl.len[PI_COL_NAME]);
	m.e.entry.proto = fl.proto;
	m.e.entry.has_port = fl.has_port;
	m.e.entry.port = fl.lo;
	m.e.entry.port_end = fl.hi;
	take(ld, &m, w->plain);
}

/*
 * A text being read: the line the next row starts on and where that is,
 * and the CSV reader over the text, once a line has needed it.
 */
struct text {
	const char *buf;
	size_t len;
	unsigned long line;
	size_t off;
	struct csv c;
	int reading;		/* the reader reads the rest */
};

/* Whether each byte is plain (plain.h), looked up. */
static unsigned char plain_byte[256];

static void
init_plain(void)
{
	size_t i;

	for (i = 0; i < sizeof(plain_byte); i++)
		plain_byte[i] = (unsigned char)pi_plain_byte((unsigned char)i);
}

/*
 * Splits the line t is on into w if the CSV reader would only split it
 * at its commas: plain bytes and commas, ended by LF, CRLF or the end of
 * the text, with no more fields, and none longer, than the reader takes.
 * Nearly every line of a label file is such a line, and the reader,
 * which takes a byte at a time from stdio, costs ten times as much.  The
 * text ends with a NUL, which is not plain.  Returns 0 and moves to the
 * next line, or -1 when the line is the reader's to read.
 */
static int
split_line(struct text *t, struct row *w)
{
	const char *p = t->buf + t->off, *end = t->buf + t->len, *start = p;

	for (w->n = 0;; p++) {
		while (plain_byte[(unsigned char)*p])
			p++;
		if (w->n == CSV_FIELDS_MAX ||
		    (size_t)(p - start) > CSV_FIELD_MAX)
			return -1;
		w->field[w->n] = start;
		w->len[w->n++] = (size_t)(p - start);
		if (p == end || *p == '\n' || (*p == '\r' && p[1] == '\n'))
			break;
		if (*p != ',')
			return -1;
		start = p + 1;
	}
	w->line = t->line++;
	w->plain = 1;
	t->off = p == end ? t->len : (size_t)(p + 1 - t->buf) + (*p == '\r');
	return 0;
}

/*
 * Sets the reader to read on from line, at or after the one t is on:
 * afresh (csv.h: a reader that failed is not used again), from where the
 * line starts.  Returns 0, or -1 when the text ends before it.
 */
static int
read_from(struct text *t, unsigned long line)
{
	const char *nl;

	for (; t->line < line && t->off < t->len; t->line++) {
		nl = memchr(t->buf + t->off, '\n', t->len - t->off);
		t->off = nl != NULL ? (size_t)(nl + 1 - t->buf) : t->len;
	}
	if (t->off >= t->len || fseek(t->c.fp, (long)t->off, SEEK_SET) == -1)
		return -1;
	csv_free(&t->c);
	csv_init(&t->c, t->c.fp);
	t->c.next = line;
	t->c.began = line > 1;	/* a byte order mark starts a file */
	t->reading = 1;
	return 0;
}

/*
 * Reads the next row of the text, blank rows aside: 1, or 0 at the end.
 * Plain lines are split while they last; from the first line that is not
 * plain on, the reader reads.  A line it cannot read is reported and
 * reading goes on at the next line, so that one broken quote does not
 * cost the rest of the file; with stop, it returns -1.
 */
static int
next_row(struct load *ld, struct text *t, struct row *w, int stop)
{
	size_t i;
	int r;

	while (!t->reading && t->off < t->len) {
		if (split_line(t, w) == -1 && read_from(t, t->line) == -1)
			return 0;
		if (!t->reading && (w->n > 1 || w->len[0] > 0))
			return 1;
	}
	while (t->reading && (r = csv_read(&t->c)) != 0) {
		if (r == 1 && (t->c.nfields > 1 || csv_field_len(&t->c, 0) > 0))
			break;
		if (r == -1) {
			say_bad(ld, &(struct pi_bad){ t->c.errline,
			    t->c.error, NULL, 0 });
			if (stop)
				return -1;
			if (read_from(t, t->c.errline + 1) == -1)
				return 0;
		}
	}
	if (!t->reading || r == 0)
		return 0;
	for (i = 0; i < t->c.nfields; i++) {
		w->field[i] = csv_field(&t->c, i);
		w->len[i] = csv_field_len(&t->c, i);
	}
	w->n = t->c.nfields;
	w->line = t->c.line;
	w->plain = 0;
	return 1;
}

/*
 * Reads a label file in CSV, the text buf[0..len), which a NUL follows:
 * a header, then the records.  Returns 0, or -1 when labels were lost: a
 * header that cannot be read or used, or records past the limit.
 */
static int
load_csv(struct load *ld, char *buf, size_t len)
{
	struct text t = { buf, len, 1, 0, { 0 }, 0 };
	size_t col[PI_NCOLS], ncols;
	struct pi_bad bad;
	struct row w;
	int lost = 0, r;
	FILE *fp;

	if (!plain_byte['a'])
		init_plain();
	if (len == 0)
		return 0;
	if ((fp = fmemopen(buf, len, "r")) == NULL) {
		ld->nomem = 1;
		return -1;
	}
	csv_init(&t.c, fp);
	if ((r = next_row(ld, &t, &w, 1)) != 1)
		lost = r == -1;		/* a header not read, or none */
	else if (pi_fields_header_take(w.field, w.len, w.n, w.line, col,
	    PI_COL_DESC, &bad) == -1) {
		say_bad(ld, &bad);
		lost = 1;
	} else {
		for (ncols = w.n; !ld->nomem && next_row(ld, &t, &w, 0) == 1 &&
		    !(lost = full(ld, w.line));)
			take_row(ld, &w, col, ncols);
	}
	csv_free(&t.c);
	fclose(fp);
	return lost ? -1 : 0;
}

/* Adds the record of an /etc/services line, read on line. */
static void
take_etc(struct load *ld, const struct pi_etc_line *e, unsigned long line)
{
	struct pi_bad bad;
	struct make m;

	if (begin(ld, &m, line, e->namelen + e->commentlen + e->aliaseslen +
	    4) == -1)
		return;
	m.e.entry.name = put(&m, e->name, e->namelen);
	m.e.entry.description = put_line(&m, e->comment, e->commentlen);
	m.e.aliases = put_line(&m, e->aliases, e->aliaseslen);
	(void)put_ref(&m, "", 0, &bad);
	m.e.entry.proto = e->proto;
	m.e.entry.has_port = 1;
	m.e.entry.port = e->lo;
	m.e.entry.port_end = e->hi;
	take(ld, &m, 0);
}

/*
 * Reads a file in the services(5) format, buf[0..len), line by line.
 * Returns 0, or -1 when records past the limit were lost.
 */
static int
load_services(struct load *ld, const char *buf, size_t len)
{
	unsigned long line = 0;
	struct pi_etc_line e;
	struct pi_bad bad;
	size_t off = 0, n;
	const char *nl;
	int got;

	while (off < len && !ld->nomem) {
		nl = memchr(buf + off, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - buf) - off : len - off;
		got = pi_etc_line(buf + off, n, ++line, &e, &bad);
		off += n + 1;
		if (got == -1)
			say_bad(ld, &bad);
		else if (got == 1 && full(ld, line))
			return -1;
		else if (got == 1)
			take_etc(ld, &e, line);
	}
	return 0;
}

/*
 * Reads the file open on fd whole into *buf (*len bytes, then a NUL).
 * Returns 0, -1 with errno set, or -2 when it holds more than
 * PI_LABELS_MAX_BYTES.  Room for them all is asked for at once; the
 * pages not read into are never touched.
 */
static int
read_all(int fd, char **buf, size_t *len)
{
	size_t n = 0;
	ssize_t k;
	char *p;
	int e;

	if ((p = malloc(PI_LABELS_MAX_BYTES + 2)) == NULL)
		return -1;
	while (n <= PI_LABELS_MAX_BYTES && (k = read(fd, p + n,
	    PI_LABELS_MAX_BYTES + 1 - n)) != 0) {
		if (k > 0)
			n += (size_t)k;
		else if (errno != EINTR) {
			e = errno;
			free(p);
			errno = e;
			return -1;
		}
	}
	if (n > PI_LABELS_MAX_BYTES) {
		free(p);
		return -2;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
}

/*
 * Whether a default file, as fstat found it, may be read: as ssh(1)
 * trusts its configuration, a regular file, owned by the user or by
 * root, that neither its group nor others may write.  One that may not
 * is said, with the fix.
 */
static int
trusted(const struct load *ld, const struct stat *st)
{
	static const char *const writers[] = { "its group", "others",
	    "its group and others" };
	unsigned long uid = (unsigned long)geteuid();
	char why[64], fix[32];

	if (!S_ISREG(st->st_mode))
		say(ld, "not a regular file; not read", NULL);
	else if (st->st_uid != uid && st->st_uid != 0) {
		snprintf(why, sizeof(why), "owned by uid %lu, not by you or "
		    "root; not read", (unsigned long)st->st_uid);
		snprintf(fix, sizeof(fix), "chown %lu", uid);
		say(ld, why, fix);
	} else if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, sizeof(why), "writable by %s; not read", writers[
		    (st->st_mode & S_IWGRP ? 1 : 0) +
		    (st->st_mode & S_IWOTH ? 2 : 0) - 1]);
		say(ld, why, "chmod go-w");
	} else
		return 1;
	return 0;
}

/*
 * Reads the file ld->f whole into *buf (*len bytes; free() them): a
 * named one as it is, blocking as it may, a default one only when it is
 * trusted, opened without blocking so that a FIFO there cannot stop the
 * program, and judged on what was opened.  Returns 1; 0 when a default
 * file is not there or not trusted; -1 when it could not be read.  What
 * went wrong is said.
 */
static int
read_file(struct load *ld, char **buf, size_t *len)
{
	const struct pi_label_file *f = ld->f;
	char large[64];
	struct stat st;
	int fd, r;

	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC | (f->named ? 0 :
	    O_NONBLOCK))) == -1) {
		if (!f->named && (errno == ENOENT || errno == ENOTDIR))
			return 0;
		say(ld, strerror(errno), NULL);
		return -1;
	}
	if (fstat(fd, &st) == -1)
		r = -1;
	else if (!f->named && !trusted(ld, &st))
		r = 1;
	else if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		r = -1;
	} else
		r = read_all(fd, buf, len);
	if (r == -1)
		say(ld, strerror(errno), NULL);
	if (r == -2) {
		snprintf(large, sizeof(large), "larger than %lu bytes, not "
		    "read", PI_LABELS_MAX_BYTES);
		say(ld, large, NULL);
	}
	close(fd);
	return r == 0 ? 1 : r == 1 ? 0 : -1;
}

/*
 * Reads the file f into the set: 0, or -1 when it lost labels: it could
 * not be read, or not all of it.
 */
static int
load_file(struct load *ld, const struct pi_label_file *f)
{
	char *buf;
	size_t len;
	int r;

	ld->f = f;
	ld->plain_path = all_plain(f->path);
	ld->taken = 0;
	if ((r = read_file(ld, &buf, &len)) != 1)
		return r;
	if (ld->set == NULL && (ld->set = calloc(1, sizeof(*ld->set))) == NULL)
		ld->nomem = 1;
	else if (f->services_format)
		r = load_services(ld, buf, len);
	else
		r = load_csv(ld, buf, len);
	free(buf);
	return ld->nomem || r == -1 ? -1 : 0;
}

/* A record with a port, by its first port, then in source order. */
static uint64_t
port_key(unsigned port, size_t index)
{
	return (uint64_t)port << 32 | index;
}

static int
cmp_port(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* a[0..alen) against b[0..blen), ASCII case folded. */
static int
fold_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;
	int d;

	for (i = 0; i < alen && i < blen; i++) {
		if (a[i] != b[i] && (d = pi_ascii_lower((unsigned char)a[i]) -
		    pi_ascii_lower((unsigned char)b[i])) != 0)
			return d;
	}
	return (alen > i) - (blen > i);
}

static int
cmp_name(const void *a, const void *b)
{
	const struct name_key *x = a, *y = b;
	int d = fold_cmp(x->s, x->len, y->s, y->len);

	if (d != 0 || x->r == y->r)
		return d;
	return x->r->entry.index < y->r->entry.index ? -1 : 1;
}

/*
 * The names record r is found by, its own and its aliases, put in keys
 * unless it is NULL; returns how many.
 */
static size_t
names_of(const struct pi_label_entry *r, struct name_key *keys)
{
	const char *a = r->aliases;
	size_t n = 0, len;

	if (r->entry.name[0] != '\0' && keys != NULL)
		keys[n] = (struct name_key){ r->entry.name,
		    strlen(r->entry.name), r };
	n += r->entry.name[0] != '\0';
	for (; *a != '\0'; a += len + (a[len] == ' '), n++) {
		len = strcspn(a, " ");
		if (keys != NULL)
			keys[n] = (struct name_key){ a, len, r };
	}
	return n;
}

/* Sorts the records by first port and by name, once all are read. */
static int
index_set(struct pi_labels *s)
{
	const struct pi_label_entry *r;
	size_t i, n = 0;

	for (i = 0; i < s->nrecs; i++)
		n += names_of(&s->recs[i], NULL);
	s->by_port = malloc((s->nrecs + 1) * sizeof(*s->by_port));
	s->ranges = malloc((s->nrecs + 1) * sizeof(*s->ranges));
	s->by_name = malloc((n + 1) * sizeof(*s->by_name));
	if (s->by_port == NULL || s->ranges == NULL || s->by_name == NULL)
		return -1;
	for (i = 0; i < s->nrecs; i++) {
		r = &s->recs[i];
		if (r->entry.has_port)
			s->by_port[s->nports++] = port_key(r->entry.port, i);
		if (r->entry.port_end > r->entry.port)
			s->ranges[s->nranges++] = r;
		s->nnames += names_of(r, s->by_name + s->nnames);
	}
	qsort(s->by_port, s->nports, sizeof(*s->by_port), cmp_port);
	qsort(s->by_name, s->nnames, sizeof(*s->by_name), cmp_name);
	return 0;
}

int
pi_labels_load(struct pi_labels **set, const struct pi_label_file *files,
    size_t n, FILE *err)
{
	struct load ld = { NULL, err, NULL, 0, 0, 0 };
	int status = 0;
	size_t i;

	*set = NULL;
	for (i = 0; i < n && !ld.nomem; i++) {
		if (load_file(&ld, &files[i]) == -1 && files[i].named)
			status = -1;
	}
	if (!ld.nomem && ld.set != NULL && ld.set->nrecs > 0 &&
	    index_set(ld.set) == -1)
		ld.nomem = 1;
	if (ld.nomem) {
		fprintf(err, "portinfo: out of memory reading labels\n");
		status = -1;
	}
	if (!ld.nomem && ld.set != NULL && ld.set->nrecs > 0)
		*set = ld.set;
	else
		pi_labels_free(ld.set);
	return status;
}

int
pi_labels_open(struct pi_labels **set, const struct pi_label_options *o,
    FILE *err)
{
	struct pi_label_file *files;
	size_t n;
	int r;

	*set = NULL;
	if ((files = pi_label_files(o, &n)) == NULL) {
		fprintf(err, "portinfo: out of memory reading labels\n");
		return -1;
	}
	r = pi_labels_load(set, files, n, err);
	free(files);
	return r;
}

void
pi_labels_free(struct pi_labels *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->nrecs; i++)
		free((void *)set->recs[i].file);
	free(set->recs);
	free(set->by_port);
	free(set->ranges);
	free(set->by_name);
	free(set);
}

size_t
pi_labels_count(const struct pi_labels *set)
{
	return set != NULL ? set->nrecs : 0;
}

/* The lookups. */
enum { BY_PORT, BY_NAME, BY_TEXT, BY_ALL };

static void
start(struct pi_label_cursor *c, const struct pi_labels *set, int kind,
    unsigned protos)
{
	memset(c, 0, sizeof(*c));
	c->set = set;
	c->kind = kind;
	c->protos = protos;
	c->last = SIZE_MAX;
	c->end = pi_labels_count(set);
}

/* The first of n keys of size bytes at base not below key: binary search. */
static size_t
first_not_below(const void *key, const void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp((const char *)base + mid * size, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
pi_labels_find_port(struct pi_label_cursor *c, const struct pi_labels *set,
    unsigned lo, unsigned hi, unsigned protos)
{
	uint64_t k = port_key(lo, 0);

	start(c, set, BY_PORT, protos);
	if (set == NULL || lo > hi || hi > PI_PORT_MAX) {
		c->set = NULL;
		return;
	}
	c->lo = lo;
	c->hi = hi;
	c->pos = first_not_below(&k, set->by_port, set->nports, sizeof(k),
	    cmp_port);
	k = port_key(hi + 1, 0);
	c->end = first_not_below(&k, set->by_port, set->nports, sizeof(k),
	    cmp_port);
}

void
pi_labels_find_name(struct pi_label_cursor *c, const struct pi_labels *set,
    const char *name, size_t len, unsigned protos)
{
	static const struct pi_label_entry first;	/* index 0 */
	struct name_key k = { name, len, &first };

	start(c, set, BY_NAME, protos);
	if (set == NULL)
		return;
	c->key = name;
	c->keylen = len;
	c->pos = first_not_below(&k, set->by_name, set->nnames, sizeof(k),
	    cmp_name);
	c->end = set->nnames;
}

void
pi_labels_find_text(struct pi_label_cursor *c, const struct pi_labels *set,
    const char *text, size_t len, unsigned protos)
{
	start(c, set, BY_TEXT, protos);
	c->key = text;
	c->keylen = len;
}

void
pi_labels_find_all(struct pi_label_cursor *c, const struct pi_labels *set,
    unsigned protos)
{
	start(c, set, BY_ALL, protos);
}

/*
 * By port: the records that begin in lo..hi, by first port, and the
 * ranges that began below lo and reach it, which cover lo first as those
 * that begin at lo do: merged with these in source order.
 */
static const struct pi_label_entry *
next_by_port(struct pi_label_cursor *c)
{
	const struct pi_labels *s = c->set;
	const struct pi_label_entry *r = NULL, *p;

	for (; c->range < s->nranges && r == NULL; c->range++) {
		r = s->ranges[c->range];
		if (r->entry.port >= c->lo || r->entry.port_end < c->lo)
			r = NULL;
	}
	p = c->pos < c->end ? &s->recs[(uint32_t)s->by_port[c->pos]] : NULL;
	if (r != NULL && p != NULL && p->entry.port == c->lo &&
	    p->entry.index < r->entry.index) {
		c->range--;	/* r comes after p */
		r = NULL;
	}
	if (r != NULL)
		return r;
	c->pos += p != NULL;
	return p;
}

/* By name: the keys equal to it, each record once. */
static const struct pi_label_entry *
next_by_name(struct pi_label_cursor *c)
{
	const struct name_key *k;

	while (c->pos < c->end) {
		k = &c->set->by_name[c->pos++];
		if (fold_cmp(k->s, k->len, c->key, c->keylen) != 0)
			break;
		if (k->r->entry.index != c->last)
			return c->set->recs + (c->last = k->r->entry.index);
	}
	c->pos = c->end;
	return NULL;
}

/* By text, in name, aliases or description; or every record. */
static const struct pi_label_entry *
next_in_order(struct pi_label_cursor *c)
{
	const struct pi_label_entry *r;

	while (c->pos < c->end) {
		r = &c->set->recs[c->pos++];
		if (c->kind == BY_ALL || pi_fold_contains(r->entry.name,
		    c->key, c->keylen) || pi_fold_contains(r->aliases, c->key,
		    c->keylen) || pi_fold_contains(r->entry.description,
		    c->key, c->keylen))
			return r;
	}
	return NULL;
}

int
pi_labels_next(struct pi_label_cursor *c, struct pi_label_entry *e)
{
	const struct pi_label_entry *r;

	do {
		if (c->set == NULL)
			return 0;
		r = c->kind == BY_PORT ? next_by_port(c) : c->kind == BY_NAME ?
		    next_by_name(c) : next_in_order(c);
		if (r == NULL) {
			c->set = NULL;
			return 0;
		}
	} while (r->entry.proto != 0 && (r->entry.proto & c->protos) == 0);
	*e = *r;
	return 1;
}
