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

#include "ascii.h"
#include "csv.h"
#include "escape.h"
#include "etcservices.h"
#include "fields.h"
#include "labels.h"
#include "plain.h"
#include "table.h"

/* A block of the records' strings. */
struct block {
	struct block *next;
	char bytes[];
};

#define BLOCK_SIZE 65536

/*
 * The records, in source order, then line order, and their strings, in
 * blocks.  The indexes, made once every file is read, are sorted keys:
 * a number (a record's first port, or the hash of a name it is found
 * by, ASCII case folded) above the record's place in recs.
 */
struct pi_labels {
	struct pi_label_entry *recs;
	size_t nrecs;
	struct block *blocks;
	char *free;			/* in the first block */
	size_t left;
	uint64_t *by_port, *by_name;
	size_t *ranges;			/* records over several ports */
	size_t nports, nnames, nranges;
};

/* The set being read, and the file being read into it. */
struct load {
	struct pi_labels *set;
	FILE *err;
	const struct pi_label_file *f;
	const char *path;		/* f's, among the set's strings */
	int plain_path;			/* which is plain text */
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

/*
 * Makes room for n bytes of strings at s->free.  Returns 0, or -1 when
 * out of memory.
 */
static int
room(struct pi_labels *s, size_t n)
{
	size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
	struct block *b;

	if (n <= s->left)
		return 0;
	if (size > SIZE_MAX - sizeof(*b) ||
	    (b = malloc(sizeof(*b) + size)) == NULL)
		return -1;
	b->next = s->blocks;
	s->blocks = b;
	s->free = b->bytes;
	s->left = size;
	return 0;
}

/*
 * A record being made: its entry, where its next string goes, and
 * whether its strings so far are plain text.
 */
struct make {
	struct pi_label_entry e;
	char *p;
	int plain;
};

/*
 * Starts a record of the file on line, with room for its reference and
 * need bytes more.
 */
static int
begin(struct load *ld, struct make *m, unsigned long line, size_t need)
{
	if (ld->nomem || room(ld->set, strlen(ld->path) + 24 + need) == -1) {
		ld->nomem = 1;
		return -1;
	}
	memset(&m->e, 0, sizeof(m->e));
	m->p = ld->set->free;
	m->plain = ld->plain_path;	/* names are plain (fields.h) */
	m->e.file = ld->path;
	m->e.line = line;
	m->e.entry.unauthorized = m->e.entry.alias = m->e.aliases = "";
	m->e.entry.status = PI_ASSIGNED;
	m->e.entry.source = ld->f->source;
	return 0;
}

/*
 * The next string: s[0..len) on one line by the registry's rule
 * (fields.h), any control character kept unless col names the column
 * where it is an error.  Returns it, or NULL with *bad saying why.
 */
static const char *
put_line(struct make *m, const char *s, size_t len, const char *col,
    struct pi_bad *bad)
{
	unsigned long line = m->e.line;
	char *p = m->p;
	size_t n = 0;
	int plain;

	if ((plain = pi_field_line(p, &n, s, len, &line, col, bad)) == -1)
		return NULL;
	m->plain &= plain;
	p[n] = '\0';
	m->p += n + 1;
	return p;
}

/*
 * The next string: the reference, "FILE:LINE", then a space and the
 * items of the file's own Reference ref[0..len) if it has one
 * (fields.h).  Returns it, or NULL with *bad saying why.
 */
static const char *
put_ref(struct make *m, const char *ref, size_t len, struct pi_bad *bad)
{
	char *p = m->p, digits[24];
	unsigned long i;
	size_t n = 0;
	int plain;

	m->p = stpcpy(m->p, m->e.file);
	*m->p++ = ':';
	for (i = m->e.line; i > 0 || n == 0; i /= 10)
		digits[n++] = (char)('0' + i % 10);
	while (n > 0)
		*m->p++ = digits[--n];
	if ((plain = pi_field_refs(m->p + 1, &n, ref, len, m->e.line,
	    bad)) == -1)
		return NULL;
	m->plain &= plain;
	if (n > 0) {
		*m->p = ' ';
		m->p += n + 1;
	}
	*m->p++ = '\0';
	return p;
}

static int
all_plain(const char *s)
{
	while (*s != '\0' && pi_plain_byte((unsigned char)*s))
		s++;
	return *s == '\0';
}

/*
 * Makes room in recs for as many more records as the text buf[0..len)
 * has lines, up to a file's limit.  Returns 0, or -1 when out of memory.
 */
static int
room_for_lines(struct pi_labels *s, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	struct pi_label_entry *q;
	size_t n = 1;

	for (; n < PI_LABELS_MAX_RECORDS && (p = memchr(p, '\n',
	    (size_t)(end - p))) != NULL; p++)
		n++;
	/* A record's place is kept in 32 bits (pi_labels). */
	if (n > UINT32_MAX - s->nrecs || s->nrecs + n > SIZE_MAX /
	    sizeof(*q) || (q = realloc(s->recs, (s->nrecs + n) *
	    sizeof(*q))) == NULL)
		return -1;
	s->recs = q;
	return 0;
}

/* Adds the record made to the set, which has room for it. */
static void
take(struct load *ld, struct make *m)
{
	struct pi_labels *s = ld->set;
	struct pi_entry *e = &m->e.entry;

	s->left -= (size_t)(m->p - s->free);
	s->free = m->p;
	e->index = s->nrecs;
	e->plain = m->plain;
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
 * Adds the record just read, checked by the registry's rules with the
 * header's columns, its texts made at once; one that breaks a rule is
 * reported and skipped.
 */
static void
take_row(struct load *ld, const struct csv *c, const size_t col[PI_NCOLS],
    size_t ncols)
{
	struct pi_fields fl;
	struct pi_bad bad;
	struct make m;

	if (pi_fields_record(c, col, ncols, &fl, &bad) == -1) {
		say_bad(ld, &bad);
		return;
	}
	if (begin(ld, &m, c->line, fl.len[PI_COL_NAME] + fl.len[PI_COL_DESC] +
	    PI_REFS_ROOM(fl.len[PI_COL_REF]) + 2) == -1)
		return;
	if ((m.e.entry.description = put_line(&m, fl.text[PI_COL_DESC],
	    fl.len[PI_COL_DESC], pi_col_names[PI_COL_DESC], &bad)) == NULL ||
	    (m.e.entry.reference = put_ref(&m, fl.text[PI_COL_REF],
	    fl.len[PI_COL_REF], &bad)) == NULL) {
		say_bad(ld, &bad);
		return;
	}
	m.e.entry.name = memcpy(m.p, fl.text[PI_COL_NAME],
	    fl.len[PI_COL_NAME] + 1);
	m.p += fl.len[PI_COL_NAME] + 1;
	m.e.entry.proto = fl.proto;
	m.e.entry.has_port = fl.has_port;
	m.e.entry.port = fl.lo;
	m.e.entry.port_end = fl.hi;
	take(ld, &m);
}

/*
 * Reads the next record that is not one empty field: 1, or 0 at the end.
 * One the reader cannot read is reported, and reading goes on at the
 * next line, so that one broken quote does not cost the rest of the
 * file; with stop, it returns -1.
 */
static int
next_row(struct load *ld, struct csv *c, int stop)
{
	int r;

	while ((r = csv_read(c)) != 0) {
		if (r == 1 && (c->nfields > 1 || csv_field_len(c, 0) > 0))
			return 1;
		if (r == -1) {
			say_bad(ld, &(struct pi_bad){ c->errline, c->error,
			    NULL, 0 });
			if (stop)
				return -1;
		}
	}
	return 0;
}

/*
 * Reads a label file in CSV, the text buf[0..len): a header, then the
 * records.  Returns 0, or -1 when labels were lost: a header that cannot
 * be read or used, or records past the limit.
 */
static int
load_csv(struct load *ld, const char *buf, size_t len)
{
	size_t col[PI_NCOLS], ncols;
	struct pi_bad bad;
	struct csv c;
	int lost = 0, r;

	csv_init(&c, buf, len);
	if ((r = next_row(ld, &c, 1)) != 1)
		lost = r == -1;		/* a header not read, or none */
	else if (pi_fields_header(&c, col, PI_COL_DESC, &bad) == -1) {
		say_bad(ld, &bad);
		lost = 1;
	} else {
		ncols = c.nfields;
		while (!ld->nomem && next_row(ld, &c, 0) == 1 &&
		    !(lost = full(ld, c.line)))
			take_row(ld, &c, col, ncols);
	}
	csv_free(&c);
	return lost ? -1 : 0;
}

/* Adds the record of an /etc/services line, read on line. */
static void
take_etc(struct load *ld, const struct pi_etc_line *e, unsigned long line)
{
	struct pi_bad bad;
	struct make m;

	if (begin(ld, &m, line, e->namelen + e->commentlen + e->aliaseslen +
	    3) == -1)
		return;
	m.e.entry.name = memcpy(m.p, e->name, e->namelen);
	m.p[e->namelen] = '\0';
	m.p += e->namelen + 1;
	m.e.entry.description = put_line(&m, e->comment, e->commentlen, NULL,
	    &bad);
	m.e.aliases = put_line(&m, e->aliases, e->aliaseslen, NULL, &bad);
	m.e.entry.reference = put_ref(&m, "", 0, &bad);
	m.e.entry.proto = e->proto;
	m.e.entry.has_port = 1;
	m.e.entry.port = e->lo;
	m.e.entry.port_end = e->hi;
	take(ld, &m);
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
 * PI_LABELS_MAX_BYTES.
 * Room for them all is asked for at once; the pages not read into are
 * never touched.
 */
static int
read_all(int fd, char **buf, size_t *len)
{
	size_t n = 0;
	ssize_t k;
	char *p;
	int e;

	if ((p = malloc(PI_LABELS_MAX_BYTES + 1)) == NULL)
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

/* A copy of str among the set's strings, or NULL when out of memory. */
static const char *
keep(struct pi_labels *s, const char *str)
{
	size_t n = strlen(str) + 1;
	char *p;

	if (room(s, n) == -1)
		return NULL;
	p = memcpy(s->free, str, n);
	s->free += n;
	s->left -= n;
	return p;
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
	ld->taken = 0;
	if ((r = read_file(ld, &buf, &len)) != 1)
		return r;
	if ((ld->set == NULL && (ld->set = calloc(1, sizeof(*ld->set))) ==
	    NULL) || (ld->path = keep(ld->set, f->path)) == NULL ||
	    room_for_lines(ld->set, buf, len) == -1)
		ld->nomem = 1;
	else if (!(ld->plain_path = all_plain(f->path), f->services_format))
		r = load_csv(ld, buf, len);
	else
		r = load_services(ld, buf, len);
	free(buf);
	return ld->nomem || r == -1 ? -1 : 0;
}

/* A sorted key: a number above a record's place. */
static uint64_t
key(uint32_t number, size_t place)
{
	return (uint64_t)number << 32 | place;
}

static int
cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The hash of a name s[0..len), ASCII case folded (FNV-1a). */
static uint32_t
name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	while (len-- > 0)
		h = (h ^ (uint32_t)pi_ascii_lower((unsigned char)*s++)) *
		    16777619u;
	return h;
}

/*
 * The names record r is found by, its own and then its aliases: with *s
 * NULL, the first; after *s[0..*len), the next.  Returns 1 with the
 * name in *s[0..*len), or 0 when there are no more.
 */
static int
next_name(const struct pi_label_entry *r, const char **s, size_t *len)
{
	const char *name = r->entry.name;

	if (*s == NULL && name[0] != '\0') {
		*s = name;
		*len = strlen(name);
		return 1;
	}
	/* The aliases, after the name or after an alias and its space. */
	*s = *s == NULL || *s == name ? r->aliases :
	    *s + *len + ((*s)[*len] == ' ');
	*len = strcspn(*s, " ");
	return *len > 0;
}

/* Sorts the keys of the records by first port and by name. */
static int
index_set(struct pi_labels *s)
{
	const char *name;
	size_t i, n = 0, len;

	for (i = 0; i < s->nrecs; i++)
		for (name = NULL; next_name(&s->recs[i], &name, &len);)
			n++;
	s->by_port = malloc(s->nrecs * sizeof(*s->by_port));
	s->ranges = malloc(s->nrecs * sizeof(*s->ranges));
	s->by_name = malloc((n + 1) * sizeof(*s->by_name));
	if (s->by_port == NULL || s->ranges == NULL || s->by_name == NULL)
		return -1;
	for (i = 0; i < s->nrecs; i++) {
		const struct pi_entry *e = &s->recs[i].entry;

		if (e->has_port)
			s->by_port[s->nports++] = key(e->port, i);
		if (e->port_end > e->port)
			s->ranges[s->nranges++] = i;
		for (name = NULL; next_name(&s->recs[i], &name, &len);)
			s->by_name[s->nnames++] = key(name_hash(name, len), i);
	}
	qsort(s->by_port, s->nports, sizeof(*s->by_port), cmp_key);
	qsort(s->by_name, s->nnames, sizeof(*s->by_name), cmp_key);
	return 0;
}

int
pi_labels_load(struct pi_labels **set, const struct pi_label_file *files,
    size_t n, FILE *err)
{
	struct load ld = { NULL, err, NULL, NULL, 0, 0, 0 };
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
	struct block *b;

	if (set == NULL)
		return;
	while ((b = set->blocks) != NULL) {
		set->blocks = b->next;
		free(b);
	}
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
	c->end = pi_labels_count(set);
}

/*
 * A span of numbers, lo..hi, and the key of a record whose number is in
 * it "equal" to it: bsearch finds one such key, the first is before it.
 */
struct span {
	uint32_t lo, hi;
};

static int
cmp_span(const void *span, const void *k)
{
	const struct span *s = span;
	uint32_t n = (uint32_t)(*(const uint64_t *)k >> 32);

	return n < s->lo ? 1 : n > s->hi ? -1 : 0;
}

/* The first of keys[0..n) whose number is in lo..hi, or n if none is. */
static size_t
first_in(const uint64_t *keys, size_t n, uint32_t lo, uint32_t hi)
{
	struct span s = { lo, hi };
	const uint64_t *k = bsearch(&s, keys, n, sizeof(*keys), cmp_span);

	if (k == NULL)
		return n;
	while (k > keys && cmp_span(&s, k - 1) == 0)
		k--;
	return (size_t)(k - keys);
}

void
pi_labels_find_port(struct pi_label_cursor *c, const struct pi_labels *set,
    unsigned lo, unsigned hi, unsigned protos)
{
	start(c, set, BY_PORT, protos);
	if (set == NULL || lo > hi || hi > PI_PORT_MAX) {
		c->set = NULL;
		return;
	}
	c->lo = lo;
	c->hi = hi;
	c->end = set->nports;
	c->pos = first_in(set->by_port, set->nports, lo, hi);
}

/* The name's keys are those of its hash: lo..hi is that one number. */
void
pi_labels_find_name(struct pi_label_cursor *c, const struct pi_labels *set,
    const char *name, size_t len, unsigned protos)
{
	start(c, set, BY_NAME, protos);
	if (set == NULL)
		return;
	c->key = name;
	c->keylen = len;
	c->lo = c->hi = name_hash(name, len);
	c->end = set->nnames;
	c->pos = first_in(set->by_name, set->nnames, c->lo, c->hi);
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

/* The record of the cursor's next key if its number is in lo..hi. */
static const struct pi_label_entry *
at(const struct pi_label_cursor *c, const uint64_t *keys)
{
	if (c->pos == c->end || keys[c->pos] >> 32 > c->hi)
		return NULL;
	return &c->set->recs[(uint32_t)keys[c->pos]];
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
	const struct pi_label_entry *r = NULL, *p = at(c, s->by_port);

	for (; c->range < s->nranges && r == NULL; c->range++) {
		r = &s->recs[s->ranges[c->range]];
		if (r->entry.port >= c->lo || r->entry.port_end < c->lo)
			r = NULL;
	}
	if (r != NULL && p != NULL && p->entry.port == c->lo && p < r) {
		c->range--;	/* r comes after p */
		r = NULL;
	}
	if (r != NULL)
		return r;
	c->pos += p != NULL;
	return p;
}

/* Whether r is found by the cursor's name, ASCII case folded. */
static int
named(const struct pi_label_entry *r, const struct pi_label_cursor *c)
{
	const char *s = NULL;
	size_t len, i;

	while (next_name(r, &s, &len)) {
		for (i = 0; i < len && len == c->keylen &&
		    pi_ascii_lower((unsigned char)s[i]) ==
		    pi_ascii_lower((unsigned char)c->key[i]); i++)
			continue;
		if (i == len && len == c->keylen)
			return 1;
	}
	return 0;
}

/* By name: the records of the keys of its hash that it names, once. */
static const struct pi_label_entry *
next_by_name(struct pi_label_cursor *c)
{
	const struct pi_label_entry *r;

	while ((r = at(c, c->set->by_name)) != NULL) {
		c->pos++;
		if (r != c->last && named(r, c))
			return c->last = r;
	}
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
