/*
 * The label set: label files read whole, their records checked by the
 * registry's rules (fields.h) or the services(5) line reader
 * (etcservices.h), then packed with room for their indexes into one
 * allocation, and the lookups over it.  A simple CSV line (the most of
 * any label file) is kept as it lies in the file, its texts made on one
 * line only when the record is first handed out (labels.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "etcservices.h"
#include "fields.h"
#include "labels.h"
#include "plain.h"
#include "table.h"

#define STR(x) #x
#define XSTR(x) STR(x)

/*
 * A record: its strings are offsets into the pool, as in table.h; file
 * is the index of its file in texts.  A lazy record, a simple line kept
 * where it lies, is as small: name is the offset of its name in its
 * file's text and aliases the name's length, desc the offset of its line
 * there; make_texts splits the line again when the record is shown.
 */
struct rec {
	uint32_t name, desc, ref, aliases, file;
	uint32_t line;
	uint16_t lo, hi;
	uint8_t proto, has_port, plain, lazy;
};

/*
 * A file read: its text, mapped (maplen bytes) or else allocated; the
 * offset of its path in the pool, its source, and the columns of its
 * header (CSV).
 */
struct text {
	const char *p;
	size_t len, maplen;
	uint32_t path;
	size_t pathlen;
	enum pi_source source;
	size_t col[PI_NCOLS];
};

/* An alias of a record (services(5)), as it is read. */
struct name_key {
	uint32_t rec;
	uint32_t name;
};

/*
 * A name or an alias of a record, for the lookup by name: len bytes at
 * off in the pool, or in the record's file text when in_text.
 */
struct key {
	uint32_t rec, off, len, in_text;
};

struct pi_labels {
	size_t nrecs, nports, nranges, nnames, nkeys, nslots;
	const uint32_t *by_port;	/* records with a port, by first port */
	const uint32_t *ranges;		/* records over several ports */
	const struct name_key *names;	/* aliases, in record order */
	struct key *keys;		/* names and aliases, record by record */
	/*
	 * Open addressing over keys, by a hash of the name with ASCII case
	 * folded: slot k holds 1 + an index into keys, or 0 when free.
	 * nslots is a power of two at least twice nkeys.  Equal names sit
	 * along one probe sequence in the order they were added, which is
	 * source order.
	 */
	uint32_t *slots;
	struct text *texts;		/* the files read, kept whole */
	size_t ntexts;
	uint32_t *by_port_tmp;		/* the sort's second buffer */
	int ports_ready, names_ready;	/* the indexes are built */
	/*
	 * The texts, and after them room for what lazy records make:
	 * poollen bytes used of poolcap, never moved.
	 */
	char *pool;
	size_t poollen, poolcap;
	struct rec *recs;		/* in source order, then line order;
					   lazy ones are filled in */
	struct name_key *own_names;
};

/* The set as it is read: arrays that grow, packed once all is read. */
struct builder {
	struct rec *recs;
	size_t nrecs, recscap;
	char *pool;
	size_t poollen, poolcap;
	struct name_key *names;
	size_t nnames, namescap;
	struct text *texts;
	size_t ntexts, textscap;
	char *scratch;			/* a field put on one line */
	size_t scratchcap;
	size_t lazy_room;		/* what the lazy records may add */
	int nomem;
	FILE *err;
};

static const char too_many[] =
    "more than " XSTR(PI_LABELS_MAX_RECORDS) " records; the rest are skipped";

/* Room for need more elements of size in *p, which holds *n of *cap. */
static int
reserve(struct builder *b, void **p, size_t *cap, size_t n, size_t need,
    size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *q;

	if (b->nomem)
		return -1;
	while (c - n < need) {
		if (c > SIZE_MAX / 2 / size || c > UINT32_MAX)
			goto nomem;
		c *= 2;
	}
	if (c == *cap)
		return 0;
	if ((q = realloc(*p, c * size)) == NULL)
		goto nomem;
	*p = q;
	*cap = c;
	return 0;
nomem:
	b->nomem = 1;
	return -1;
}

/*
 * Adds s[0..len) and a NUL to the pool, which s must not point into;
 * returns their offset, or 0 (the empty string at the pool's start).
 */
static uint32_t
add(struct builder *b, const char *s, size_t len)
{
	uint32_t off;

	if (len == 0 || reserve(b, (void **)&b->pool, &b->poolcap,
	    b->poollen, len + 1, 1) == -1)
		return 0;
	off = (uint32_t)b->poollen;
	memcpy(b->pool + b->poollen, s, len);
	b->poollen += len;
	b->pool[b->poollen++] = '\0';
	return off;
}

static void
add_name(struct builder *b, uint32_t rec, uint32_t name)
{
	if (name == 0 || reserve(b, (void **)&b->names, &b->namescap,
	    b->nnames, 1, sizeof(*b->names)) == -1)
		return;
	b->names[b->nnames].rec = rec;
	b->names[b->nnames++].name = name;
}

/*
 * Text on one line: runs of blanks and line breaks become one space,
 * none at either end; every other byte is kept, whatever it is, for the
 * formatter to escape.
 */
static uint32_t
add_line(struct builder *b, const char *s, size_t len)
{
	char *out;
	size_t i, n = 0;
	int space = 0;

	if (reserve(b, (void **)&b->pool, &b->poolcap, b->poollen, len + 1,
	    1) == -1)
		return 0;
	out = b->pool + b->poollen;	/* built in place, then added */
	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = 0;
		out[n++] = s[i];
	}
	if (n == 0)
		return 0;
	out[n] = '\0';
	b->poollen += n + 1;
	return (uint32_t)(b->poollen - n - 1);
}

/* "FILE:LINE", then " reference" when the file gives one. */
static uint32_t
add_ref(struct builder *b, const char *file, unsigned long line,
    const char *ref, size_t reflen)
{
	char digits[24], *p;
	size_t flen = strlen(file), n = 0, need;

	do
		digits[sizeof(digits) - ++n] = (char)('0' + line % 10);
	while ((line /= 10) > 0);
	need = flen + 1 + n + (reflen > 0 ? 1 + reflen : 0);
	if (reserve(b, (void **)&b->pool, &b->poolcap, b->poollen, need + 1,
	    1) == -1)
		return 0;
	p = b->pool + b->poollen;
	memcpy(p, file, flen);
	p[flen] = ':';
	memcpy(p + flen + 1, digits + sizeof(digits) - n, n);
	if (reflen > 0) {
		p[flen + 1 + n] = ' ';
		memcpy(p + flen + 2 + n, ref, reflen);
	}
	p[need] = '\0';
	b->poollen += need + 1;
	return (uint32_t)(p - b->pool);
}

static int
all_plain(const char *s)
{
	while (*s != '\0' && pi_plain_byte((unsigned char)*s))
		s++;
	return *s == '\0';
}

/*
 * Adds a record whose strings are in the pool already; plain is -1 when
 * it is still to be found out.
 */
static void
add_rec(struct builder *b, struct rec *r, int plain)
{
	const char *p;

	if (b->nomem || reserve(b, (void **)&b->recs, &b->recscap, b->nrecs,
	    1, sizeof(*b->recs)) == -1)
		return;
	p = b->pool;
	r->plain = (uint8_t)(plain != -1 ? plain : all_plain(p + r->name) &&
	    all_plain(p + r->desc) && all_plain(p + r->ref) &&
	    all_plain(p + r->aliases));
	b->recs[b->nrecs++] = *r;
}

static void
report(struct builder *b, const char *file, unsigned long line,
    const char *why, const char *text, size_t len)
{
	struct pi_bad bad = { line, why, text, len };

	pi_fields_report(b->err, file, &bad);
}

/*
 * Column k of a record, read by the CSV reader, on one line by the
 * registry's rule (fields.h: pi_field_line, and pi_field_refs for the
 * Reference), made in scratch; with keep, added to the pool, its offset
 * (0 if empty) in *off, else left in scratch, its length in *off (which
 * must not be handed to add_ref from the pool, which it may move).
 * Returns 0, or -1 with *bad saying why.
 */
static int
text_at(struct builder *b, const struct pi_fields *f, enum pi_col k,
    unsigned long line, int keep, uint32_t *off, struct pi_bad *bad)
{
	const char *s = f->text[k];
	size_t len = f->len[k], n = 0;
	int refs = k == PI_COL_REF;

	*off = 0;
	if (len == 0)
		return 0;
	if (reserve(b, (void **)&b->scratch, &b->scratchcap, 0,
	    PI_REFS_ROOM(len) + 1, 1) == -1)
		return -1;
	if ((refs ? pi_field_refs(b->scratch, &n, s, len, line, bad) :
	    pi_field_line(b->scratch, &n, s, len, &line, pi_col_names[k],
	    bad)) == -1)
		return -1;
	*off = keep ? add(b, b->scratch, n) : (uint32_t)n;
	return 0;
}

/*
 * Adds the record that the CSV reader read, whose fields f holds,
 * checked, starting on line, its texts made at once.
 */
static int
take_fields(struct builder *b, const struct pi_label_file *f, uint32_t file,
    const struct pi_fields *fl, unsigned long line)
{
	struct pi_bad bad;
	struct rec r;
	uint32_t ref;

	memset(&r, 0, sizeof(r));
	r.file = file;
	r.line = (uint32_t)line;
	r.has_port = (uint8_t)fl->has_port;
	r.lo = (uint16_t)fl->lo;
	r.hi = (uint16_t)fl->hi;
	r.proto = (uint8_t)fl->proto;
	/* The reference last: it is made in scratch, which add_ref reads. */
	if (text_at(b, fl, PI_COL_DESC, line, 1, &r.desc, &bad) == -1 ||
	    text_at(b, fl, PI_COL_REF, line, 0, &ref, &bad) == -1) {
		if (!b->nomem)
			pi_fields_report(b->err, f->path, &bad);
		return 0;
	}
	r.ref = add_ref(b, f->path, line, b->scratch, ref);
	r.name = add(b, fl->text[PI_COL_NAME], fl->len[PI_COL_NAME]);
	add_rec(b, &r, -1);
	return 1;
}

/*
 * Adds the record of a simple line, whose fields f holds, checked, in
 * the file's text: its name (name[0..namelen)) now, for the index; its
 * description and reference where they lie, made on one line the first
 * time it is handed out (make_texts).  A simple line can break no rule
 * of the description or the reference (they hold no control character),
 * so every message the record could give has been given.
 */
static void
take_lazy(struct builder *b, uint32_t file, const struct pi_fields *fl,
    const char *name, size_t namelen, unsigned long line, int plain,
    const char *start, size_t len)
{
	const char *t = b->texts[file].p;
	struct rec *r;

	if (b->nrecs == b->recscap && reserve(b, (void **)&b->recs,
	    &b->recscap, b->nrecs, 1, sizeof(*b->recs)) == -1)
		return;
	r = &b->recs[b->nrecs++];
	r->file = file;
	r->line = (uint32_t)line;
	r->has_port = (uint8_t)fl->has_port;
	r->lo = (uint16_t)fl->lo;
	r->hi = (uint16_t)fl->hi;
	r->proto = (uint8_t)fl->proto;
	r->name = (uint32_t)(name - t);
	r->aliases = (uint32_t)namelen;
	r->desc = (uint32_t)(start - t);
	r->ref = 0;
	r->plain = (uint8_t)plain;
	r->lazy = 1;
	/*
	 * The name, the description, "FILE:LINE reference" and their NULs:
	 * each text at most the line.
	 */
	b->lazy_room += 3 * len + 2 + b->texts[file].pathlen + 24 +
	    PI_REFS_ROOM(len);
}

/*
 * Byte classes of a simple line: the plain bytes (plain.h) go on; a
 * comma ends a field; a line feed, or a carriage return before one, ends
 * the line; any other byte (a quote, a backslash, a control, a byte of
 * UTF-8) leaves the line to the CSV reader.
 */
enum { PLAIN, COMMA, NL, CR, OTHER };

static unsigned char line_class[256];

static void
init_classes(void)
{
	size_t i;

	for (i = 0; i < 256; i++)
		line_class[i] = pi_plain_byte((unsigned char)i) ? PLAIN : OTHER;
	line_class[','] = COMMA;
	line_class['\n'] = NL;
	line_class['\r'] = CR;
}

/*
 * Reads the line at s, in a text that ends at end, if it is one that CSV
 * only splits at its commas: plain bytes and commas, then LF, CRLF or
 * the end of the text, which is what label files hold nearly everywhere.
 * One pass over its bytes, one table look-up each, finds its fields
 * (field[0..*nf), not NUL-terminated) and where the next line starts
 * (*next).  The text must end with a line feed or be followed by a byte
 * that is not plain (read_text sees to it), so that a run of plain bytes
 * is sure to stop without a bound.  Returns -1 if the line is not simple
 * or breaks one of the CSV reader's limits (the reader then reads and
 * reports it), 0 otherwise.
 */
/*
 * The end of the run of plain bytes at p: four bytes a step, each its
 * own test, so that no byte after the run is read.
 */
static const char *
plain_run(const char *p)
{
	for (;; p += 4) {
		if (line_class[(unsigned char)p[0]] != PLAIN)
			return p;
		if (line_class[(unsigned char)p[1]] != PLAIN)
			return p + 1;
		if (line_class[(unsigned char)p[2]] != PLAIN)
			return p + 2;
		if (line_class[(unsigned char)p[3]] != PLAIN)
			return p + 3;
	}
}

static int
scan_line(const char *s, const char *end, const char **field, size_t *flen,
    size_t *nf, const char **next)
{
	const char *p, *start = s;
	size_t n = 0;
	int k;

	for (;;) {
		p = plain_run(start);
		if ((k = p < end ? line_class[(unsigned char)*p] : NL) != COMMA)
			break;
		if (n == CSV_FIELDS_MAX - 1)
			return -1;
		field[n] = start;
		flen[n++] = (size_t)(p - start);
		start = p + 1;
	}
	/* A line no longer than a field has no field too long. */
	if (k == OTHER || (k == CR && (p + 1 >= end || p[1] != '\n')) ||
	    (size_t)(p - s) > CSV_FIELD_MAX)
		return -1;
	field[n] = start;
	flen[n++] = (size_t)(p - start);
	*nf = n;
	*next = p < end ? p + 1 + (k == CR) : end;
	return 0;
}

/*
 * Reads one record with the CSV reader from buf[*off..len), which starts
 * on *line, and moves both past it.  Returns as csv_read; on -1 the error
 * is reported and both are moved to the line after it.
 */
static int
read_record(struct builder *b, const struct pi_label_file *f, struct csv *c,
    const char *buf, size_t len, size_t *off, unsigned long *line)
{
	const char *nl;
	long at;
	FILE *fp;
	int r;

	if ((fp = fmemopen((void *)(buf + *off), len - *off, "r")) == NULL) {
		b->nomem = 1;
		return -1;
	}
	csv_free(c);
	csv_init(c, fp);
	c->next = *line;
	c->began = *line > 1;	/* a byte order mark starts a file */
	if ((r = csv_read(c)) == -1) {
		report(b, f->path, c->errline, c->error, NULL, 0);
		for (; *line <= c->errline && *off < len; (*line)++) {
			nl = memchr(buf + *off, '\n', len - *off);
			*off = nl != NULL ? (size_t)(nl + 1 - buf) : len;
		}
	} else if (r == 1) {
		/* What it read ahead of the record, it has put back. */
		at = ftell(fp);
		*off += (size_t)(at > 0 ? at : 0) - c->nback;
		*line = c->next;
	} else
		*off = len;
	fclose(fp);
	c->fp = NULL;
	return r;
}

/*
 * Reads a label file in CSV, the text buf[0..len).  A simple line
 * (scan_line), header or record, is split where it lies, which is what
 * the CSV reader would make of it, and a record kept there; any other
 * goes through the reader.  A line the reader cannot read is reported
 * and reading goes on at the next line, so that one broken quote does
 * not cost the rest of the file.
 */
static void
load_csv(struct builder *b, const struct pi_label_file *f, uint32_t file,
    const char *buf, size_t len)
{
	size_t col[PI_NCOLS], ncols = 0, off = 0, taken = 0, nf;
	size_t flen[CSV_FIELDS_MAX];
	const char *field[CSV_FIELDS_MAX], *next, *start;
	unsigned long line = 1;
	int plain_path = all_plain(f->path), r;
	struct pi_fields fl;
	struct pi_bad bad;
	struct csv c;

	if (line_class[','] != COMMA)
		init_classes();
	csv_init(&c, NULL);
	while (off < len && !b->nomem) {
		if (scan_line(buf + off, buf + len, field, flen, &nf,
		    &next) == 0) {
			start = buf + off;
			off = (size_t)(next - buf);
			line++;
			/* A blank line is neither a header nor a record. */
			if (nf == 1 && flen[0] == 0)
				continue;
			if (ncols == 0) {
				if (pi_fields_header_take(field, flen, nf,
				    line - 1, col, PI_COL_DESC, &bad) == -1) {
					pi_fields_report(b->err, f->path, &bad);
					break;
				}
				ncols = nf;
				memcpy(b->texts[file].col, col, sizeof(col));
				continue;
			}
			if (taken == PI_LABELS_MAX_RECORDS) {
				report(b, f->path, line - 1, too_many, NULL, 0);
				break;
			}
			if (pi_fields_check(&fl, field, flen, nf, col, ncols,
			    line - 1, 1, &bad) == -1) {
				pi_fields_report(b->err, f->path, &bad);
				continue;
			}
			take_lazy(b, file, &fl, field[col[PI_COL_NAME]],
			    flen[col[PI_COL_NAME]], line - 1, plain_path, start,
			    (size_t)(next - start));
			taken++;
			continue;
		}
		if ((r = read_record(b, f, &c, buf, len, &off, &line)) != 1) {
			/* A header that cannot be read leaves nothing. */
			if (ncols == 0)
				break;
			continue;
		}
		if (c.nfields == 1 && csv_field_len(&c, 0) == 0)
			continue;
		if (ncols == 0) {
			if (pi_fields_header(&c, col, PI_COL_DESC, &bad) == -1) {
				pi_fields_report(b->err, f->path, &bad);
				break;
			}
			ncols = c.nfields;
			memcpy(b->texts[file].col, col, sizeof(col));
			continue;
		}
		if (taken == PI_LABELS_MAX_RECORDS) {
			report(b, f->path, c.line, too_many, NULL, 0);
			break;
		}
		if (pi_fields_record(&c, col, ncols, &fl, &bad) == -1) {
			pi_fields_report(b->err, f->path, &bad);
			continue;
		}
		taken += (size_t)take_fields(b, f, file, &fl, c.line);
	}
	csv_free(&c);
}

/* Reads a file in the services(5) format, line by line. */
static void
load_services(struct builder *b, const struct pi_label_file *f,
    uint32_t file, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;
	unsigned long line = 0;
	size_t taken = 0;
	struct pi_etc_line e;
	struct pi_bad bad;
	struct rec r;
	int got;

	for (; p < end && !b->nomem; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line++;
		if ((got = pi_etc_line(p, (size_t)(nl - p), line, &e,
		    &bad)) == 0)
			continue;
		if (got == -1) {
			pi_fields_report(b->err, f->path, &bad);
			continue;
		}
		if (taken++ == PI_LABELS_MAX_RECORDS) {
			report(b, f->path, line, too_many, NULL, 0);
			return;
		}
		memset(&r, 0, sizeof(r));
		r.file = file;
		r.line = (uint32_t)line;
		r.has_port = 1;
		r.lo = (uint16_t)e.lo;
		r.hi = (uint16_t)e.hi;
		r.proto = (uint8_t)e.proto;
		r.name = add(b, e.name, e.namelen);
		r.desc = add_line(b, e.comment, e.commentlen);
		r.aliases = add_line(b, e.aliases, e.aliaseslen);
		r.ref = add_ref(b, f->path, line, "", 0);
		add_rec(b, &r, -1);
		/* Each alias once more, alone, for the lookup by name. */
		for (const char *a = e.aliases, *ae = a + e.aliaseslen; a < ae;) {
			size_t n = 0;

			while (a < ae && (*a == ' ' || *a == '\t'))
				a++;
			while (a + n < ae && a[n] != ' ' && a[n] != '\t')
				n++;
			if (n > 0 && !b->nomem)
				add_name(b, (uint32_t)(b->nrecs - 1),
				    add(b, a, n));
			a += n;
		}
	}
}

static void
free_text(const struct text *t)
{
	if (t->maplen > 0)
		munmap((void *)t->p, t->maplen);
	else
		free((void *)t->p);
}

/*
 * Reads the whole of the file open on fd, at most PI_LABELS_MAX_BYTES,
 * into *t, and closes fd.  A regular file that ends with a line feed is
 * mapped, which costs a fraction of copying it (the kernel maps the
 * pages it has around the one touched); anything else is read, and
 * followed by a NUL, so that every text ends with a byte that ends a
 * line's scan (scan_line).  Returns 0, -1 with errno set, or
 * -2 if the file is larger.
 */
static int
read_text(int fd, struct text *t)
{
	struct stat st;
	size_t cap = 64 * 1024, len = 0;
	char *buf = NULL, *q;
	ssize_t n;
	void *m;
	int e;

	t->p = NULL;
	t->len = t->maplen = 0;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (S_ISREG(st.st_mode) && st.st_size > (off_t)PI_LABELS_MAX_BYTES)
		goto large;
	if (S_ISREG(st.st_mode) && st.st_size > 0 && (m = mmap(NULL,
	    (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
		/* Mapped, the text ends with its own line feed or is read. */
		if (((const char *)m)[st.st_size - 1] == '\n') {
			close(fd);
			t->p = m;
			t->len = t->maplen = (size_t)st.st_size;
			return 0;
		}
		munmap(m, (size_t)st.st_size);
	}
	for (;;) {
		/* Room to read into, and for the NUL after what is read. */
		if (buf == NULL || cap - len < 2) {
			if (buf != NULL)
				cap *= 2;
			if ((q = realloc(buf, cap)) == NULL) {
				errno = ENOMEM;
				goto fail;
			}
			buf = q;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		if ((len += (size_t)n) > PI_LABELS_MAX_BYTES)
			goto large;
	}
	close(fd);
	buf[len] = '\0';
	t->p = buf;
	t->len = len;
	return 0;
large:
	free(buf);
	close(fd);
	return -2;
fail:
	e = errno;
	free(buf);
	close(fd);
	errno = e;
	return -1;
}

/* FNV-1a over the name with ASCII case folded, as pi_fold_cmp compares. */
static uint32_t
fold_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h = (h ^ (uint32_t)pi_ascii_lower((unsigned char)s[i])) *
		    16777619u;
	}
	return h;
}

/*
 * Orders the records with a port by their first port, ties in source
 * order: a stable radix sort on the 16-bit port, a byte at a time, in
 * time linear in their number.
 */
static void
sort_by_port(const struct rec *recs, uint32_t *v, uint32_t *tmp, size_t n)
{
	size_t count[257], i, shift;
	uint32_t *from = v, *to = tmp, *t;

	for (shift = 0; shift < 16; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[((recs[from[i]].lo >> shift) & 0xff) + 1]++;
		for (i = 1; i < 257; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			to[count[(recs[from[i]].lo >> shift) & 0xff]++] =
			    from[i];
		t = from, from = to, to = t;
	}
	/* After an even number of passes the result is back in v. */
}

/*
 * The set: the records, names and pool as they were read (the texts of
 * the files among them), and one allocation with room for the indexes,
 * which the lookups build when they first need them.
 */
static struct pi_labels *
pack(struct builder *b)
{
	size_t i, nports = 0, nranges = 0, nslots = 2, nkeys;
	struct pi_labels *set;
	uint32_t *ports;

	for (i = 0; i < b->nrecs; i++) {
		nports += b->recs[i].has_port;
		nranges += b->recs[i].has_port && b->recs[i].hi > b->recs[i].lo;
	}
	nkeys = b->nrecs + b->nnames;
	while (nslots < 2 * nkeys)
		nslots *= 2;
	/* The keys first, aligned as the set is. */
	if ((set = malloc(sizeof(*set) + nkeys * sizeof(struct key) +
	    (2 * nports + nranges + nslots) * sizeof(uint32_t))) == NULL)
		return NULL;
	set->keys = (struct key *)(void *)(set + 1);
	set->nkeys = 0;
	ports = (uint32_t *)(void *)(set->keys + nkeys);
	set->nrecs = b->nrecs;
	set->nports = nports;
	set->nranges = nranges;
	set->nnames = b->nnames;
	set->nslots = nslots;
	set->recs = b->recs;
	set->names = set->own_names = b->names;
	set->pool = b->pool;
	set->texts = b->texts;
	set->ntexts = b->ntexts;
	set->poollen = b->poollen;
	set->poolcap = b->poolcap;
	set->by_port = ports;
	set->by_port_tmp = ports + nports;
	set->ranges = set->by_port_tmp + nports;
	set->slots = (uint32_t *)set->ranges + nranges;
	set->ports_ready = set->names_ready = 0;
	b->recs = NULL;
	b->names = NULL;
	b->pool = NULL;
	b->texts = NULL;
	b->ntexts = 0;
	return set;
}

/* The index by port: records with a port by first port, and the ranges. */
static void
index_ports(struct pi_labels *set)
{
	uint32_t *ports = (uint32_t *)set->by_port;
	uint32_t *ranges = (uint32_t *)set->ranges;
	size_t i, nports = 0, nranges = 0;

	for (i = 0; i < set->nrecs; i++) {
		if (!set->recs[i].has_port)
			continue;
		ports[nports++] = (uint32_t)i;
		if (set->recs[i].hi > set->recs[i].lo)
			ranges[nranges++] = (uint32_t)i;
	}
	sort_by_port(set->recs, ports, set->by_port_tmp, nports);
	set->ports_ready = 1;
}

/* Adds a key to the index by name. */
static void
add_key(struct pi_labels *set, uint32_t rec, const char *base, uint32_t off,
    uint32_t len, int in_text)
{
	size_t k, mask = set->nslots - 1;
	struct key *key = &set->keys[set->nkeys];

	key->rec = rec;
	key->off = off;
	key->len = len;
	key->in_text = (uint32_t)in_text;
	k = fold_hash(base + off, len) & mask;
	while (set->slots[k] != 0)
		k = (k + 1) & mask;
	set->slots[k] = (uint32_t)++set->nkeys;
}

/*
 * The index by name: each record's name, then its aliases, record by
 * record, so that equal names sit in source order.  A lazy record's name
 * is where it lies in its file.
 */
static void
index_names(struct pi_labels *set)
{
	const struct rec *r;
	const char *name;
	size_t i, j = 0;

	memset(set->slots, 0, set->nslots * sizeof(uint32_t));
	for (i = 0; i < set->nrecs; i++) {
		r = &set->recs[i];
		if (r->lazy && r->aliases > 0)
			add_key(set, (uint32_t)i, set->texts[r->file].p,
			    r->name, r->aliases, 1);
		else if (!r->lazy && r->name != 0) {
			name = set->pool + r->name;
			add_key(set, (uint32_t)i, set->pool, r->name,
			    (uint32_t)strlen(name), 0);
		}
		for (; j < set->nnames && set->names[j].rec == i; j++) {
			name = set->pool + set->names[j].name;
			add_key(set, (uint32_t)i, set->pool,
			    set->names[j].name, (uint32_t)strlen(name), 0);
		}
	}
	set->names_ready = 1;
}

/* Field k of a line split into field[0..n), by the file's header. */
static void
column(const struct text *t, enum pi_col k, const char *const *field,
    const size_t *flen, size_t n, const char **s, size_t *len)
{
	size_t i = t->col[k];

	*s = "";
	*len = 0;
	if (i != PI_NOCOL && i < n) {
		*s = field[i];
		*len = flen[i];
	}
}

/*
 * Makes a lazy record's texts, in the room set aside for them at load
 * (lazy_room): its name, its description on one line, and "FILE:LINE"
 * followed by the file's own references, from its line split again.  A
 * simple line holds no control character, so none of it can fail.
 */
static void
make_texts(struct pi_labels *set, struct rec *r)
{
	const struct text *t = &set->texts[r->file];
	const char *file = set->pool + t->path, *field[CSV_FIELDS_MAX];
	const char *next, *desc, *ref;
	char *out = set->pool + set->poollen, digits[24];
	unsigned long line = r->line;
	size_t n, nf = 0, flen[CSV_FIELDS_MAX], dlen, rlen;
	size_t plen = strlen(file);
	struct pi_bad bad;

	if (scan_line(t->p + r->desc, t->p + t->len, field, flen, &nf,
	    &next) == -1)
		nf = 0;
	column(t, PI_COL_DESC, field, flen, nf, &desc, &dlen);
	column(t, PI_COL_REF, field, flen, nf, &ref, &rlen);
	/* The name. */
	memcpy(out, t->p + r->name, n = r->aliases);
	out[n] = '\0';
	r->name = n > 0 ? (uint32_t)(out - set->pool) : 0;
	r->aliases = 0;
	out += n + 1;
	/* The description, on one line. */
	n = 0;
	if (pi_field_line(out, &n, desc, dlen, &line, "", &bad) == -1)
		n = 0;
	out[n] = '\0';
	r->desc = n > 0 ? (uint32_t)(out - set->pool) : 0;
	out += n + 1;
	/* "FILE:LINE", then " reference". */
	memcpy(out, file, plen);
	out[plen] = ':';
	line = r->line;
	n = 0;
	do
		digits[sizeof(digits) - ++n] = (char)('0' + line % 10);
	while ((line /= 10) > 0);
	memcpy(out + plen + 1, digits + sizeof(digits) - n, n);
	r->ref = (uint32_t)(out - set->pool);
	out += plen + 1 + n;
	n = 0;
	if (rlen > 0 && pi_field_refs(out + 1, &n, ref, rlen, r->line,
	    &bad) == 0 && n > 0) {
		*out = ' ';
		out += n + 1;
	}
	*out++ = '\0';
	r->lazy = 0;
	set->poollen = (size_t)(out - set->pool);
}

int
pi_labels_load(struct pi_labels **set, const struct pi_label_file *files,
    size_t n, FILE *err)
{
	struct builder b;
	struct text *t;
	size_t i;
	uint32_t file;
	int fd, r, status = 0;

	memset(&b, 0, sizeof(b));
	b.err = err;
	*set = NULL;
	for (i = 0; i < n && !b.nomem; i++) {
		const struct pi_label_file *f = &files[i];

		/* Nothing is allocated before a file is there to read. */
		if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1)
			r = -1;
		else if (reserve(&b, (void **)&b.texts, &b.textscap, b.ntexts,
		    1, sizeof(*b.texts)) == -1) {
			close(fd);
			break;
		} else
			r = read_text(fd, t = &b.texts[b.ntexts]);
		if (r == -2) {
			fprintf(err, "portinfo: %s: larger than %lu bytes, "
			    "not read\n", f->path, PI_LABELS_MAX_BYTES);
			status = f->required ? -1 : status;
			continue;
		}
		if (r == -1) {
			/* A default file that is not there is no error. */
			if (!f->required && (errno == ENOENT ||
			    errno == ENOTDIR))
				continue;
			fprintf(err, "portinfo: %s: %s\n", f->path,
			    strerror(errno));
			status = f->required ? -1 : status;
			continue;
		}
		file = (uint32_t)b.ntexts++;
		t->source = f->source;
		/* Offset 0 is the empty string, as in the registry's pool. */
		if (b.poollen == 0 && reserve(&b, (void **)&b.pool, &b.poolcap,
		    0, 1, 1) == 0)
			b.pool[b.poollen++] = '\0';
		t->pathlen = strlen(f->path);
		if ((t->path = add(&b, f->path, t->pathlen)) == 0)
			break;
		if (f->services_format)
			load_services(&b, f, file, t->p, t->len);
		else
			load_csv(&b, f, file, t->p, t->len);
	}
	/*
	 * The room lazy records make their texts in, after the pool's, which
	 * then never moves: pages never written cost nothing.
	 */
	if (!b.nomem && b.nrecs > 0)
		reserve(&b, (void **)&b.pool, &b.poolcap, b.poollen,
		    b.lazy_room, 1);
	if (!b.nomem && b.nrecs > 0 && (*set = pack(&b)) == NULL)
		b.nomem = 1;
	if (b.nomem) {
		fprintf(err, "portinfo: out of memory reading labels\n");
		status = -1;
	}
	for (i = 0; i < b.ntexts; i++)
		free_text(&b.texts[i]);
	free(b.texts);
	free(b.recs);
	free(b.pool);
	free(b.names);
	free(b.scratch);
	return status;
}

int
pi_labels_open(struct pi_labels **set, const struct pi_label_options *o,
    FILE *err)
{
	struct pi_label_file room[PI_LABEL_FILES_ROOM];
	struct pi_label_file *files;
	size_t n;
	int r;

	*set = NULL;
	if ((files = pi_label_files_in(o, &n, room, sizeof(room))) == NULL &&
	    (files = pi_label_files(o, &n)) == NULL) {
		fprintf(err, "portinfo: out of memory reading labels\n");
		return -1;
	}
	r = pi_labels_load(set, files, n, err);
	if (files != room)
		free(files);
	return r;
}

void
pi_labels_free(struct pi_labels *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->ntexts; i++)
		free_text(&set->texts[i]);
	free(set->texts);
	free(set->recs);
	free(set->own_names);
	free(set->pool);
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
start(struct pi_label_cursor *c, struct pi_labels *set, int kind,
    unsigned protos)
{
	memset(c, 0, sizeof(*c));
	c->set = set;
	c->kind = kind;
	c->protos = protos;
}

void
pi_labels_find_port(struct pi_label_cursor *c, struct pi_labels *set,
    unsigned lo, unsigned hi, unsigned protos)
{
	start(c, set, BY_PORT, protos);
	if (set == NULL || lo > hi || hi > PI_PORT_MAX)
		return;
	if (!set->ports_ready)
		index_ports(set);
	c->lo = lo;
	c->hi = hi;
	c->end = set->nranges;
}

void
pi_labels_find_name(struct pi_label_cursor *c, struct pi_labels *set,
    const char *name, size_t len, unsigned protos)
{
	start(c, set, BY_NAME, protos);
	if (set == NULL)
		return;
	if (!set->names_ready)
		index_names(set);
	c->key = name;
	c->keylen = len;
	c->pos = fold_hash(name, len) & (set->nslots - 1);
}

void
pi_labels_find_text(struct pi_label_cursor *c, struct pi_labels *set,
    const char *text, size_t len, unsigned protos)
{
	start(c, set, BY_TEXT, protos);
	c->key = text;
	c->keylen = len;
	c->end = pi_labels_count(set);
}

void
pi_labels_find_all(struct pi_label_cursor *c, struct pi_labels *set,
    unsigned protos)
{
	start(c, set, BY_ALL, protos);
	c->end = pi_labels_count(set);
}

/* Whether a[0..len) and b[0..len) are equal, ignoring ASCII case. */
static int
fold_eq(const char *a, const char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (pi_ascii_lower((unsigned char)a[i]) !=
		    pi_ascii_lower((unsigned char)b[i]))
			return 0;
	}
	return 1;
}

/* First entry of by_port whose first port is not below port. */
static size_t
first_port(const struct pi_labels *set, unsigned port)
{
	size_t lo = 0, hi = set->nports;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (set->recs[set->by_port[mid]].lo < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * A port lookup goes in two phases: the ranges that began below lo and
 * reach it, in source order; then the records that begin in lo..hi, by
 * first port.
 */
static int
next_by_port(struct pi_label_cursor *c, uint32_t *ri)
{
	const struct pi_labels *set = c->set;
	const struct rec *r;

	if (c->phase == 0) {
		while (c->pos < c->end) {
			r = &set->recs[*ri = set->ranges[c->pos++]];
			if (r->lo < c->lo && r->hi >= c->lo)
				return 1;
		}
		c->phase = 1;
		c->pos = first_port(set, c->lo);
		c->end = set->nports;
	}
	if (c->pos >= c->end)
		return 0;
	r = &set->recs[*ri = set->by_port[c->pos++]];
	return r->lo <= c->hi;
}

static int
next_index(struct pi_label_cursor *c, uint32_t *ri)
{
	struct pi_labels *set = c->set;
	struct rec *r;

	if (set == NULL)
		return 0;
	switch (c->kind) {
	case BY_PORT:
		return next_by_port(c, ri);
	case BY_NAME:
		/* Along the probe sequence, to the first free slot. */
		while (set->slots[c->pos] != 0) {
			const struct key *k = &set->keys[set->slots[c->pos] - 1];
			const char *name = (k->in_text ?
			    set->texts[set->recs[k->rec].file].p : set->pool) +
			    k->off;

			c->pos = (c->pos + 1) & (set->nslots - 1);
			if (k->len == c->keylen && fold_eq(name, c->key,
			    c->keylen)) {
				*ri = k->rec;
				return 1;
			}
		}
		return 0;
	case BY_TEXT:
		while (c->pos < c->end) {
			r = &set->recs[*ri = (uint32_t)c->pos++];
			/* Searched as shown: on one line. */
			if (r->lazy)
				make_texts(set, r);
			if (pi_fold_contains(set->pool + r->name, c->key,
			    c->keylen) || pi_fold_contains(set->pool + r->aliases,
			    c->key, c->keylen) || pi_fold_contains(set->pool +
			    r->desc, c->key, c->keylen))
				return 1;
		}
		return 0;
	default:
		if (c->pos >= c->end)
			return 0;
		*ri = (uint32_t)c->pos++;
		return 1;
	}
}

int
pi_labels_next(struct pi_label_cursor *c, struct pi_label_entry *e)
{
	struct rec *r;
	const char *pool;
	uint32_t ri;

	do {
		if (!next_index(c, &ri)) {
			c->set = NULL;
			return 0;
		}
		r = &c->set->recs[ri];
	} while (r->proto != 0 && (r->proto & c->protos) == 0);

	if (r->lazy)
		make_texts(c->set, r);
	pool = c->set->pool;
	e->entry.name = pool + r->name;
	e->entry.description = pool + r->desc;
	e->entry.reference = pool + r->ref;
	e->entry.unauthorized = "";
	e->entry.proto = r->proto;
	e->entry.has_port = r->has_port;
	e->entry.port = r->lo;
	e->entry.port_end = r->hi;
	e->entry.status = PI_ASSIGNED;
	e->entry.source = c->set->texts[r->file].source;
	e->entry.index = ri;
	e->entry.plain = r->plain;
	e->entry.alias = "";
	e->aliases = pool + r->aliases;
	e->file = pool + c->set->texts[r->file].path;
	e->line = r->line;
	return 1;
}
