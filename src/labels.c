/* The label set.  See labels.h. */
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
#include "fields.h"
#include "grow.h"
#include "labels.h"
#include "out.h"
#include "query.h"
#include "sysconfdir.h"

#define LABELS_FILE "/portinfo/services.csv"

static void
put(struct pi_label_file *f, const char *path, enum pi_source source,
    const struct pi_label_options *o)
{
	*f = (struct pi_label_file){ path, source, o->regular };
}

/* Whether f is named, not a default file (labels.h). */
static int
named_file(const struct pi_label_file *f)
{
	return f->source == PI_SOURCE_HOST || f->source == PI_SOURCE_FILE;
}

/*
 * The directory of the user's file, NULL if none, and the rest of its
 * path in *tail.  XDG's rule: a relative XDG_CONFIG_HOME is ignored.
 */
static const char *
user_dir(const char **tail)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	*tail = LABELS_FILE;
	if (xdg != NULL && xdg[0] == '/')
		return xdg;
	*tail = "/.config" LABELS_FILE;
	return home != NULL && home[0] != '\0' ? home : NULL;
}

struct pi_label_file *
pi_label_files(const struct pi_label_options *o, size_t *n)
{
	const char *env = o->nfiles == 0 ? getenv("PORTINFO_SERVICES") : NULL;
	const char *tail, *dir = user_dir(&tail);
	size_t envlen = env != NULL ? strlen(env) : 0, i, len, before, max;
	struct pi_label_file *f;
	char *bytes;

	/* Each item of env is a byte at least, and a NUL or ':' after it. */
	max = 3 + o->nfiles + envlen;
	if ((f = malloc(max * sizeof(*f) + envlen + 1 + (dir != NULL ?
	    strlen(dir) + strlen(tail) + 1 : 0))) == NULL)
		return NULL;
	bytes = (char *)(f + max);
	*n = 0;
	if (o->host)
		put(&f[(*n)++], "/etc/services", PI_SOURCE_HOST, o);
	if (o->none)
		return f;
	before = *n;
	for (i = 0; i < o->nfiles; i++)
		put(&f[(*n)++], o->files[i], PI_SOURCE_FILE, o);
	for (; env != NULL && *env != '\0'; env += len + (env[len] == ':')) {
		if ((len = strcspn(env, ":")) > 0) {
			put(&f[(*n)++], bytes, PI_SOURCE_FILE, o);
			bytes += sprintf(bytes, "%.*s", (int)len, env) + 1;
		}
	}
	/* Files named replace the default ones. */
	if (*n > before)
		return f;
	put(&f[(*n)++], PI_SYSCONFDIR LABELS_FILE, PI_SOURCE_SITE, o);
	if (dir != NULL) {
		put(&f[(*n)++], bytes, PI_SOURCE_USER, o);
		sprintf(bytes, "%s%s", dir, tail);
	}
	return f;
}

/*
 * Whether a default file, as fstat found it, may be read: a regular
 * file, owned by the user or by root, that neither its group nor others
 * may write.  One that may not is said, with the fix.
 */
static int
trusted(const char *path, const struct stat *st, FILE *err)
{
	unsigned long uid = (unsigned long)geteuid();
	size_t len = strlen(path);
	char why[96], buf[512], *p;
	struct out o;

	if (!S_ISREG(st->st_mode)) {
		esc_error(err, path, len, ESC_WHOLE,
		    "not a regular file; not read");
		return 0;
	}
	if (st->st_uid != uid && st->st_uid != 0)
		snprintf(why, sizeof(why), "owned by uid %lu, not by you or "
		    "root; not read (chown %lu ", (unsigned long)st->st_uid,
		    uid);
	else if (st->st_mode & (S_IWGRP | S_IWOTH))
		snprintf(why, sizeof(why), "writable by %s; not read "
		    "(chmod go-w ", !(st->st_mode & S_IWOTH) ? "its group" :
		    !(st->st_mode & S_IWGRP) ? "others" :
		    "its group and others");
	else
		return 1;
	/* "portinfo: FILE: why (fix FILE)" */
	out_init(&o, err, buf, sizeof(buf));
	p = esc_head(&o, o.p, path, len, ESC_WHOLE);
	p = out_str(&o, p, why);
	p = esc_value(&o, p, path, len, ESC_WHOLE);
	o.p = out_str(&o, p, ")\n");
	out_flush(&o);
	return 0;
}

/*
 * Opens f's file and fstats what was opened, into *fd and *st; or, as
 * open(2) cannot open a socket, stats the socket there, *fd being -1.
 * Returns 0, or -1 with errno set.
 */
static int
open_stat(const struct pi_label_file *f, int *fd, struct stat *st)
{
	int err;

	if ((*fd = open(f->path, O_RDONLY | O_CLOEXEC |
	    (named_file(f) && !f->regular ? 0 : O_NONBLOCK))) != -1)
		return fstat(*fd, st);
	err = errno;
	if (stat(f->path, st) == 0 && S_ISSOCK(st->st_mode))
		return 0;
	errno = err;
	return -1;
}

/*
 * Reads the file f whole into *text (*len bytes, then a NUL; free() it).
 * Returns 1; 0 when a default file is not there or not trusted, or
 * f->regular and it is not a regular file; -1 when it could not be read.
 * What went wrong is said on err.
 */
static int
read_file(const struct pi_label_file *f, char **text, size_t *len,
    FILE *err)
{
	const char *why = NULL;
	struct stat st;
	int fd, r = -1;

	if (open_stat(f, &fd, &st) == -1) {
		if (!named_file(f) && (errno == ENOENT || errno == ENOTDIR))
			return 0;
		why = strerror(errno);
	} else if (f->regular && !S_ISREG(st.st_mode))
		r = 0;
	else if (!named_file(f) && !trusted(f->path, &st, err))
		r = 0;
	else if (S_ISDIR(st.st_mode))
		why = strerror(EISDIR);
	else if (S_ISSOCK(st.st_mode))
		why = "a socket, not read";
	else if ((*text = pi_read_whole(fd, S_ISREG(st.st_mode) ?
	    (size_t)st.st_size : 0, PI_LABELS_MAX_BYTES, len)) != NULL)
		r = 1;
	else
		why = errno != EFBIG ? strerror(errno) : "larger than "
		    XSTR(PI_LABELS_MAX_BYTES) " bytes, not read";
	if (why != NULL)
		esc_error(err, f->path, strlen(f->path), ESC_WHOLE, why);
	if (fd != -1)
		close(fd);
	return r;
}

/* Some records' strings, in a block that never moves. */
struct block {
	struct block *next;
	char bytes[];
};

#define BLOCK_MIN 65536		/* the least room a block is made with */

/*
 * The records, in source order, then line order, their strings in
 * blocks.  The indexes, made once every file is read, are sorted keys: a
 * number (a record's first port, or the hash of a name it is found by,
 * ASCII case folded) above the record's place in recs.
 */
struct pi_labels {
	struct pi_label_entry *recs;
	size_t nrecs, cap;
	struct block *blocks;
	char *free;			/* in the first block, */
	size_t left;			/* which has this much room left */
	uint64_t *by_port, *by_name;
	size_t *ranges;			/* records over several ports */
	size_t nports, nnames, nranges;
};

/* The set being read, and the file being read into it. */
struct load {
	struct pi_labels *set;
	FILE *err;
	const struct pi_label_file *f;
	size_t pathlen;
	int plain_path;			/* f's path is plain text */
	size_t taken;			/* records taken from f */
	int nomem;
};

/* Room for n more bytes of strings at s->free: 0, or -1 out of memory. */
static int
room(struct pi_labels *s, size_t n)
{
	size_t size = n > BLOCK_MIN ? n : BLOCK_MIN;
	struct block *b;

	if (n <= s->left)
		return 0;
	if ((b = malloc(sizeof(*b) + size)) == NULL)
		return -1;
	b->next = s->blocks;
	s->blocks = b;
	s->free = b->bytes;
	s->left = size;
	return 0;
}

/* Ends the string at *p, its n bytes written, moves *p past it, returns it. */
static const char *
end(char **p, size_t n)
{
	char *s = *p;

	s[n] = '\0';
	*p += n + 1;
	return s;
}

/*
 * The next string of r, at *p: s[0..len), from line on, on one line
 * (fields.h), a control character an error only if col names its
 * column.  Returns it, or NULL with *bad saying why.
 */
static const char *
put_line(struct pi_label_entry *r, char **p, const char *s, size_t len,
    unsigned long line, const char *col, struct pi_bad *bad)
{
	size_t n = 0;
	int plain;

	if ((plain = pi_field_line(*p, &n, s, len, &line, col, bad)) == -1)
		return NULL;
	r->entry.plain &= plain;
	return end(p, n);
}

/*
 * The next string of r, at *p: "FILE:LINE", then a space and the items
 * of the file's own Reference ref[0..len) if it has one.  Returns it, or
 * NULL with *bad saying why.
 */
static const char *
put_ref(struct pi_label_entry *r, char **p, const char *file,
    unsigned long line, const char *ref, size_t len, struct pi_bad *bad)
{
	char *q = stpcpy(*p, file);
	size_t n = 0;
	int plain;

	*q++ = ':';
	q = out_digits(q, line);
	if ((plain = pi_field_refs(q + 1, &n, ref, len, line, bad)) == -1)
		return NULL;
	r->entry.plain &= plain;
	if (n > 0) {
		*q = ' ';
		q += n + 1;
	}
	return end(p, (size_t)(q - *p));
}

/*
 * The names record r is found by, its own then its aliases: the first
 * with *s NULL, else the one after *s[0..*len).  Returns 1 with it in
 * *s[0..*len), or 0 when there are no more.
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

/*
 * Adds the record of the file on line whose fields f holds, with the
 * aliases aliases[0..alen), its strings made at once: at most its name,
 * its Description, twice its Reference (PI_REFS_ROOM), its aliases, its
 * file's name and 24 bytes for ":LINE " and a NUL, and three NULs more.
 * A record whose texts break the registry's rules, or with a name no
 * query can ask for (query_asks_name), is reported and skipped.
 */
static void
add(struct load *ld, const struct pi_fields *f, const char *aliases,
    size_t alen, unsigned long line)
{
	const char *col = ld->f->source == PI_SOURCE_HOST ? NULL :
	    pi_col_names[PI_COL_DESC];
	struct pi_labels *s = ld->set;
	struct pi_label_entry *r;
	struct pi_bad bad = { .why = NULL };
	const char *name;
	size_t len, names = 0;
	char *p;

	if ((r = grow(s->recs, &s->cap, s->nrecs + 1, sizeof(*r))) != NULL)
		s->recs = r;
	/* The texts are in a file of at most PI_LABELS_MAX_BYTES. */
	if (r == NULL || room(s, f->len[PI_COL_NAME] + f->len[PI_COL_DESC] +
	    alen + PI_REFS_ROOM(f->len[PI_COL_REF]) + ld->pathlen + 24 + 3) ==
	    -1) {
		ld->nomem = 1;
		return;
	}
	r += s->nrecs;
	p = s->free;
	/* Names are plain (fields.h): the other strings may not be. */
	*r = (struct pi_label_entry){ .entry = { .name = s->free,
	    .unauthorized = "", .alias = "", .status = PI_ASSIGNED,
	    .source = ld->f->source, .proto = f->proto,
	    .has_port = f->has_port, .port = f->lo, .port_end = f->hi,
	    .index = s->nrecs, .plain = ld->plain_path } };
	memcpy(p, f->text[PI_COL_NAME], f->len[PI_COL_NAME]);
	end(&p, f->len[PI_COL_NAME]);
	r->aliases = alen > 0 ? put_line(r, &p, aliases, alen, line, NULL,
	    &bad) : "";
	for (name = NULL; bad.why == NULL && next_name(r, &name, &len);
	    names++) {
		if (!query_asks_name(name, len))
			bad = (struct pi_bad){ line,
			    "a name that no query can ask for", name, len };
	}
	if (bad.why != NULL || (r->entry.description = put_line(r, &p,
	    f->text[PI_COL_DESC], f->len[PI_COL_DESC], line, col, &bad)) ==
	    NULL || (r->entry.reference = put_ref(r, &p, ld->f->path, line,
	    f->text[PI_COL_REF], f->len[PI_COL_REF], &bad)) == NULL) {
		pi_fields_report(ld->err, ld->f->path, &bad);
		return;
	}
	s->left -= (size_t)(p - s->free);
	s->free = p;
	s->nrecs++;
	ld->taken++;
	s->nnames += names;
}

/* Whether the file has given all the records it may; said at line. */
static int
full(const struct load *ld, unsigned long line)
{
	static const char why[] = "more than " XSTR(PI_LABELS_MAX_RECORDS)
	    " records; the rest are skipped";

	if (ld->taken < PI_LABELS_MAX_RECORDS)
		return 0;
	pi_fields_report(ld->err, ld->f->path,
	    &(struct pi_bad){ line, why, NULL, 0 });
	return 1;
}

/*
 * Reads the next record that is not one empty field: 1, or 0 at the end.
 * One the reader cannot read is reported, and reading goes on at the
 * next line; with stop, it returns -1.
 */
static int
next_row(struct load *ld, struct csv *c, int stop)
{
	int r;

	while ((r = csv_read(c)) != 0) {
		if (r == 1 && (c->nfields > 1 || csv_field_len(c, 0) > 0))
			return 1;
		if (r == -1) {
			pi_fields_report(ld->err, ld->f->path,
			    &(struct pi_bad){ c->errline, c->error, NULL, 0 });
			if (stop)
				return -1;
		}
	}
	return 0;
}

/*
 * Reads a label file in CSV, buf[0..len): a header, then the records.
 * Returns 0, or -1 when labels were lost: a header that cannot be read
 * or used, or records past the limit.
 */
static int
load_csv(struct load *ld, const char *buf, size_t len)
{
	size_t col[PI_NCOLS], ncols;
	struct pi_fields f;
	struct pi_bad bad;
	struct csv c;
	int lost = 0, r;

	csv_init(&c, buf, len);
	if ((r = next_row(ld, &c, 1)) != 1)
		lost = r == -1;		/* a header not read, or none */
	else if (pi_fields_header(&c, pi_col_names, PI_NCOLS, col,
	    PI_COL_DESC, &bad) == -1) {
		pi_fields_report(ld->err, ld->f->path, &bad);
		lost = 1;
	}
	for (ncols = c.nfields; r == 1 && !lost && !ld->nomem &&
	    next_row(ld, &c, 0) == 1 &&
	    !(lost = full(ld, c.line));) {
		if (pi_fields_record(&c, col, ncols, pi_field_label_name, &f,
		    &bad) == -1)
			pi_fields_report(ld->err, ld->f->path, &bad);
		else
			add(ld, &f, "", 0, c.line);
	}
	csv_free(&c);
	return lost ? -1 : 0;
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
	const char *p, *nl;
	int got;

	for (p = buf; p < buf + len && !ld->nomem; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(buf + len - p))) == NULL)
			nl = buf + len;
		if ((got = pi_etc_line(p, (size_t)(nl - p), ++line, &e,
		    &bad)) == -1)
			pi_fields_report(ld->err, ld->f->path, &bad);
		if (got == 1 && full(ld, line))
			return -1;
		if (got == 1)
			add(ld, &e.f, e.aliases, e.aliaseslen, line);
	}
	return 0;
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

	if ((r = read_file(f, &buf, &len, ld->err)) != 1)
		return r;
	ld->f = f;
	ld->taken = 0;
	ld->pathlen = strlen(f->path);
	ld->plain_path = all_of(f->path, ld->pathlen, pi_plain_byte);
	if (ld->set == NULL && (ld->set = calloc(1, sizeof(*ld->set))) ==
	    NULL)
		ld->nomem = 1;
	else
		r = f->source == PI_SOURCE_HOST ? load_services(ld, buf, len) :
		    load_csv(ld, buf, len);
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

/* Sorts the keys of the records by first port and by name. */
static int
index_set(struct pi_labels *s)
{
	const char *name;
	size_t i, n = 0, len;

	s->by_port = malloc(s->nrecs * sizeof(*s->by_port));
	s->ranges = malloc(s->nrecs * sizeof(*s->ranges));
	s->by_name = malloc((s->nnames + 1) * sizeof(*s->by_name));
	if (s->by_port == NULL || s->ranges == NULL || s->by_name == NULL)
		return -1;
	for (i = 0; i < s->nrecs; i++) {
		const struct pi_entry *e = &s->recs[i].entry;

		if (e->has_port)
			s->by_port[s->nports++] = key(e->port, i);
		if (e->port_end > e->port)
			s->ranges[s->nranges++] = i;
		for (name = NULL; next_name(&s->recs[i], &name, &len);)
			s->by_name[n++] = key(pi_fold_hash(name, len), i);
	}
	qsort(s->by_port, s->nports, sizeof(*s->by_port), cmp_key);
	qsort(s->by_name, s->nnames, sizeof(*s->by_name), cmp_key);
	return 0;
}

int
pi_labels_load(struct pi_labels **set, const struct pi_label_file *files,
    size_t n, FILE *err)
{
	struct load ld = { .err = err, .nomem = files == NULL };
	int status = 0;
	size_t i;

	*set = NULL;
	for (i = 0; i < n && !ld.nomem; i++) {
		if (load_file(&ld, &files[i]) == -1 && named_file(&files[i]))
			status = -1;
	}
	if (!ld.nomem && pi_labels_count(ld.set) > 0 && index_set(ld.set) == -1)
		ld.nomem = 1;
	if (ld.nomem)
		fprintf(err, "portinfo: out of memory reading labels\n");
	if (!ld.nomem && pi_labels_count(ld.set) > 0)
		*set = ld.set;
	else
		pi_labels_free(ld.set);
	return ld.nomem ? -1 : status;
}

int
pi_labels_open(struct pi_labels **set, const struct pi_label_options *o,
    FILE *err)
{
	size_t n = 0;
	struct pi_label_file *files = pi_label_files(o, &n);
	int r = pi_labels_load(set, files, n, err);

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

enum { BY_PORT, BY_NAME, BY_TEXT };	/* the lookups */

static void
start(struct pi_label_cursor *c, const struct pi_labels *set, int kind,
    unsigned protos)
{
	*c = (struct pi_label_cursor){ .set = set, .kind = kind,
	    .protos = protos, .end = pi_labels_count(set) };
}

/* The first of keys[0..n) whose number is lo or more, or n. */
static size_t
first_from(const uint64_t *keys, size_t n, uint32_t lo)
{
	size_t a = 0, b = n, mid;

	while (a < b) {
		mid = a + (b - a) / 2;
		if (keys[mid] < key(lo, 0))
			a = mid + 1;
		else
			b = mid;
	}
	return a;
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
	c->pos = first_from(set->by_port, set->nports, lo);
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
	c->lo = c->hi = pi_fold_hash(name, len);
	c->end = set->nnames;
	c->pos = first_from(set->by_name, set->nnames, c->lo);
}

void
pi_labels_find_text(struct pi_label_cursor *c, const struct pi_labels *set,
    const char *text, size_t len, unsigned protos)
{
	start(c, set, BY_TEXT, protos);
	c->key = text;
	c->keylen = len;
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
 * By port: the records that begin in lo..hi, by first port, merged in
 * source order with those at lo by the ranges that began below lo and
 * reach it.
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
	size_t len;

	while (next_name(r, &s, &len)) {
		if (len == c->keylen && pi_fold_ncmp(s, c->key, len) == 0)
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

/* By text, in name, aliases or description. */
static const struct pi_label_entry *
next_by_text(struct pi_label_cursor *c)
{
	const struct pi_label_entry *r;

	while (c->pos < c->end) {
		r = &c->set->recs[c->pos++];
		if (pi_fold_contains(r->entry.name, c->key, c->keylen) ||
		    pi_fold_contains(r->aliases, c->key, c->keylen) ||
		    pi_fold_contains(r->entry.description, c->key, c->keylen))
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
		    next_by_name(c) : next_by_text(c);
		if (r == NULL) {
			c->set = NULL;
			return 0;
		}
	} while (r->entry.proto != 0 && (r->entry.proto & c->protos) == 0);
	*e = *r;
	return 1;
}
