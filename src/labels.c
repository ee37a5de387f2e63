/*
 * The label set: label files read whole, their records checked by the
 * registry's rules (fields.h) or the services(5) line reader
 * (etcservices.h), then packed with their indexes into one allocation,
 * and the lookups over it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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

/* A record: its strings are offsets into the pool, as in table.h. */
struct rec {
	uint32_t name, desc, ref, aliases, file;
	uint32_t line;
	uint16_t lo, hi;
	uint8_t proto, has_port, source, plain;
};

/* A name or an alias of a record, for the lookup by name. */
struct name_key {
	uint32_t rec;
	uint32_t name;
};

struct pi_labels {
	size_t nrecs, nports, nranges, nnames, nslots;
	const struct rec *recs;		/* in source order, then line order */
	const uint32_t *by_port;	/* records with a port, by first port */
	const uint32_t *ranges;		/* records over several ports */
	const struct name_key *names;	/* names and aliases, in that order */
	/*
	 * Open addressing over names, by a hash of the name with ASCII case
	 * folded: slot k holds 1 + an index into names, or 0 when free.
	 * nslots is a power of two at least twice nnames.  Equal names sit
	 * along one probe sequence in the order they were added, which is
	 * source order.
	 */
	const uint32_t *slots;
	const char *pool;
	/* What was allocated while reading, kept as it is: no copy. */
	struct rec *own_recs;
	struct name_key *own_names;
	char *own_pool;
};

/* The set as it is read: arrays that grow, packed once all is read. */
struct builder {
	struct rec *recs;
	size_t nrecs, recscap;
	char *pool;
	size_t poollen, poolcap;
	struct name_key *names;
	size_t nnames, namescap;
	char *scratch;			/* a field put on one line */
	size_t scratchcap;
	int frozen;			/* pointers into the pool are held */
	int nomem;
	FILE *err;
};

static const char too_many[] =
    "more than " XSTR(PI_LABELS_MAX_RECORDS) " records; the rest are skipped";

const char *
pi_source_name(enum pi_source source)
{
	static const char *const names[] = {
		"iana", "common", "host", "site", "user", "file"
	};

	return (size_t)source < sizeof(names) / sizeof(names[0]) ?
	    names[source] : "";
}

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
	/* Room was set aside beforehand; running out of it is a bug. */
	if (b->frozen && *p == b->pool)
		goto nomem;
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
add_rec(struct builder *b, struct rec *r, const struct pi_label_file *f,
    int plain)
{
	const char *p;

	if (b->nomem || reserve(b, (void **)&b->recs, &b->recscap, b->nrecs,
	    1, sizeof(*b->recs)) == -1)
		return;
	p = b->pool;
	r->source = (uint8_t)f->source;
	r->plain = (uint8_t)(plain != -1 ? plain : all_plain(p + r->name) &&
	    all_plain(p + r->desc) && all_plain(p + r->ref) &&
	    all_plain(p + r->aliases));
	add_name(b, (uint32_t)b->nrecs, r->name);
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
 * Column k of a record on one line, by the registry's rule (fields.h:
 * pi_field_line, and pi_field_refs for the Reference), as an offset in
 * the pool (0 if empty) in *off.  In place, the text is in the pool
 * already, NUL-terminated, and a description is put on one line where it
 * is; otherwise the result is added.  one_line says the text is known to
 * be on one line already.  Returns 0, or -1 with *bad saying why.
 */
static int
text_at(struct builder *b, const struct pi_fields *f, enum pi_col k,
    unsigned long line, int one_line, int in_place, uint32_t *off,
    struct pi_bad *bad)
{
	const char *s = f->text[k];
	size_t len = f->len[k], i, n = 0;
	int refs = k == PI_COL_REF;
	char *out;

	*off = 0;
	if (len == 0)
		return 0;
	if (!one_line) {
		one_line = s[0] != ' ' && s[len - 1] != ' ';
		/* The field ends in a NUL, so s[i + 1] is there to look at. */
		for (i = 0; i < len && one_line; i++) {
			if (s[i] == ' ' ? s[i + 1] == ' ' :
			    !pi_plain_byte((unsigned char)s[i]))
				one_line = 0;
		}
	}
	/* References in brackets are taken apart. */
	if (refs && one_line)
		one_line = memchr(s, '[', len) == NULL;
	if (one_line) {
		*off = in_place ? (uint32_t)(s - b->pool) : add(b, s, len);
		return 0;
	}
	if (in_place && !refs) {
		/* Never longer than it was: the text is ours to edit. */
		out = b->pool + (s - b->pool);
		if (pi_field_line(out, &n, s, len, &line, pi_col_names[k],
		    bad) == -1)
			return -1;
		out[n] = '\0';
		*off = n > 0 ? (uint32_t)(out - b->pool) : 0;
		return 0;
	}
	if (reserve(b, (void **)&b->scratch, &b->scratchcap, 0,
	    PI_REFS_ROOM(len) + 1, 1) == -1)
		return -1;
	if ((refs ? pi_field_refs(b->scratch, &n, s, len, line, bad) :
	    pi_field_line(b->scratch, &n, s, len, &line, pi_col_names[k],
	    bad)) == -1)
		return -1;
	*off = add(b, b->scratch, n);
	return 0;
}

/*
 * Adds the record whose fields f holds, checked, starting on line; in
 * place and one_line as for text_at, plain as for add_rec.
 */
static int
take_fields(struct builder *b, const struct pi_label_file *f, uint32_t file,
    const struct pi_fields *fl, unsigned long line, int plain, int one_line,
    int in_place)
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
	if (text_at(b, fl, PI_COL_DESC, line, one_line, in_place, &r.desc,
	    &bad) == -1 || text_at(b, fl, PI_COL_REF, line, one_line,
	    in_place, &ref, &bad) == -1) {
		if (!b->nomem)
			pi_fields_report(b->err, f->path, &bad);
		return 0;
	}
	r.ref = add_ref(b, f->path, line, b->pool + ref, strlen(b->pool + ref));
	if (in_place)
		r.name = fl->len[PI_COL_NAME] > 0 ?
		    (uint32_t)(fl->text[PI_COL_NAME] - b->pool) : 0;
	else
		r.name = add(b, fl->text[PI_COL_NAME], fl->len[PI_COL_NAME]);
	add_rec(b, &r, f, plain);
	return 1;
}

/*
 * Whether a line is one that CSV only splits at its commas: printable
 * ASCII with no quote (and, since it only makes text not plain, no
 * backslash), which is what label files hold nearly everywhere.  Returns
 * -1 if not; 1 if its fields are on one line as they are (no space at
 * either end of a field, none doubled); 0 otherwise.  s[len] must be a
 * byte that is not printable ASCII.
 */
static int
simple_line(const char *s, size_t len)
{
	enum { OTHER, WORD, SPACE, COMMA };
	static unsigned char class[256];
	unsigned char prev = COMMA, k;
	int clean = 1;
	size_t i;

	if (class[','] == OTHER) {
		for (i = 0; i < 256; i++)
			class[i] = pi_plain_byte((unsigned char)i) ? WORD : OTHER;
		class[' '] = SPACE;
		class[','] = COMMA;
	}
	for (i = 0; i < len; i++) {
		/*
		 * Runs of letters, the most of any line, go fastest: the
		 * byte after the line (its line break, or the NUL after the
		 * file) ends them.
		 */
		if ((k = class[(unsigned char)s[i]]) == WORD) {
			while (class[(unsigned char)s[i + 1]] == WORD)
				i++;
		} else if (k == OTHER)
			return -1;
		else if ((k == SPACE && prev != WORD) ||
		    (k == COMMA && prev == SPACE))
			clean = 0;
		prev = k;
	}
	return clean && prev != SPACE;
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
 * Splits a simple line in place at its commas, NUL-terminating each
 * field; the byte after the line is the line break or the NUL after the
 * file.  Returns the number of fields, or 0, the line left as it was, if
 * it breaks one of the CSV reader's limits, for the reader to report.
 */
static size_t
split(char *s, size_t len, const char **field, size_t *flen)
{
	char *p = s, *end = s + len, *comma;
	size_t n = 0;

	for (;;) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		if (n == CSV_FIELDS_MAX || (size_t)(comma - p) > CSV_FIELD_MAX)
			break;
		field[n] = p;
		flen[n++] = (size_t)(comma - p);
		*comma = '\0';
		if (comma == end)
			return n;
		p = comma + 1;
	}
	/* Left as it was, for the reader: a simple line holds no NUL. */
	for (p = s; p < end; p++) {
		if (*p == '\0')
			*p = ',';
	}
	return 0;
}

/*
 * Reads a label file in CSV, pool[base..base + len).  The header, and any
 * line that is not simple_line, go through the CSV reader; a simple line
 * is split where it lies, which is what the reader would make of it, and
 * its texts are kept there.  A line the reader cannot read is reported
 * and reading goes on at the next line, so that one broken quote does
 * not cost the rest of the file.
 */
static void
load_csv(struct builder *b, const struct pi_label_file *f, uint32_t file,
    size_t base, size_t len)
{
	size_t col[PI_NCOLS], ncols = 0, off = 0, taken = 0, n, nf;
	size_t flen[CSV_FIELDS_MAX];
	const char *field[CSV_FIELDS_MAX];
	unsigned long line = 1;
	int plain_path = all_plain(f->path), r, simple;
	char *buf = b->pool + base, *s, *nl;
	struct pi_fields fl;
	struct pi_bad bad;
	struct csv c;

	csv_init(&c, NULL);
	while (off < len && !b->nomem) {
		s = buf + off;
		nl = memchr(s, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - s) : len - off;
		if (n > 0 && s[n - 1] == '\r' && nl != NULL)
			n--;
		if (ncols > 0 && (simple = simple_line(s, n)) >= 0 &&
		    (nf = split(s, n, field, flen)) > 0) {
			off = nl != NULL ? (size_t)(nl + 1 - buf) : len;
			line++;
			/* A blank line is not a record. */
			if (nf == 1 && flen[0] == 0)
				continue;
			if (taken == PI_LABELS_MAX_RECORDS) {
				report(b, f->path, line - 1, too_many, NULL, 0);
				break;
			}
			if (pi_fields_take(&fl, field, flen, nf, col, ncols,
			    line - 1, &bad) == -1) {
				pi_fields_report(b->err, f->path, &bad);
				continue;
			}
			taken += (size_t)take_fields(b, f, file, &fl, line - 1,
			    plain_path, simple, 1);
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
		taken += (size_t)take_fields(b, f, file, &fl, c.line, -1, 0, 0);
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
		add_rec(b, &r, f, -1);
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

/*
 * Reads the whole of path into the pool, at most PI_LABELS_MAX_BYTES,
 * and a NUL after it; per_line is what each line may add to the pool.  Returns 0 with its offset and length, -1 with
 * errno set, or -2 if the file is larger.
 */
static int
read_file(struct builder *b, const char *path, size_t *off, size_t *len,
    size_t per_line)
{
	struct stat st;
	size_t room = 64 * 1024;
	ssize_t n;
	int fd, e;

	*off = b->poollen;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	/* A regular file is read in one go: its size and one byte more. */
	if (S_ISREG(st.st_mode)) {
		if (st.st_size > (off_t)PI_LABELS_MAX_BYTES)
			goto large;
		room = (size_t)st.st_size + 1;
		/*
		 * And what reading it adds (pi_labels_load), set aside now so
		 * that the text is not moved: pages never written cost
		 * nothing.
		 */
		if (reserve(b, (void **)&b->pool, &b->poolcap, *off, 5 * room +
		    (room < PI_LABELS_MAX_RECORDS ? room :
		    PI_LABELS_MAX_RECORDS + 1) * per_line, 1) == -1) {
			errno = ENOMEM;
			goto fail;
		}
	}
	for (;;) {
		if (reserve(b, (void **)&b->pool, &b->poolcap, *off + *len,
		    room, 1) == -1) {
			errno = ENOMEM;
			goto fail;
		}
		n = read(fd, b->pool + *off + *len, room);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		if ((*len += (size_t)n) > PI_LABELS_MAX_BYTES)
			goto large;
		room = *len;
	}
	close(fd);
	if (reserve(b, (void **)&b->pool, &b->poolcap, *off + *len, 1,
	    1) == -1)
		return -1;
	b->pool[*off + *len] = '\0';
	b->poollen = *off + *len + 1;
	return 0;
large:
	close(fd);
	return -2;
fail:
	e = errno;
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
 * the files among them), and one allocation for the indexes.
 */
static struct pi_labels *
pack(struct builder *b)
{
	size_t i, nports = 0, nranges = 0, nslots = 2;
	struct pi_labels *set;
	uint32_t *ports, *ranges, *slots, *tmp;

	for (i = 0; i < b->nrecs; i++) {
		nports += b->recs[i].has_port;
		nranges += b->recs[i].has_port && b->recs[i].hi > b->recs[i].lo;
	}
	while (nslots < 2 * b->nnames)
		nslots *= 2;
	if ((set = malloc(sizeof(*set) + (2 * nports + nranges + nslots) *
	    sizeof(uint32_t))) == NULL)
		return NULL;
	ports = (uint32_t *)(void *)(set + 1);
	tmp = ports + nports;
	ranges = tmp + nports;
	slots = memset(ranges + nranges, 0, nslots * sizeof(uint32_t));
	set->nrecs = b->nrecs;
	set->nports = nports;
	set->nranges = nranges;
	set->nnames = b->nnames;
	set->nslots = nslots;
	set->recs = set->own_recs = b->recs;
	set->names = set->own_names = b->names;
	set->pool = set->own_pool = b->pool;
	set->by_port = ports;
	set->ranges = ranges;
	set->slots = slots;
	b->recs = NULL;
	b->names = NULL;
	b->pool = NULL;
	for (i = 0, nports = nranges = 0; i < set->nrecs; i++) {
		if (!set->recs[i].has_port)
			continue;
		ports[nports++] = (uint32_t)i;
		if (set->recs[i].hi > set->recs[i].lo)
			ranges[nranges++] = (uint32_t)i;
	}
	sort_by_port(set->recs, ports, tmp, nports);
	for (i = 0; i < set->nnames; i++) {
		const char *name = set->pool + set->names[i].name;
		size_t k = fold_hash(name, strlen(name)) & (nslots - 1);

		while (slots[k] != 0)
			k = (k + 1) & (nslots - 1);
		slots[k] = (uint32_t)i + 1;
	}
	return set;
}

int
pi_labels_load(struct pi_labels **set, const struct pi_label_file *files,
    size_t n, FILE *err)
{
	struct builder b;
	size_t i, base, len, lines, plen;
	uint32_t file;
	int r, status = 0;

	memset(&b, 0, sizeof(b));
	b.err = err;
	*set = NULL;
	/* Offset 0 is the empty string, as in the registry's pool. */
	if (reserve(&b, (void **)&b.pool, &b.poolcap, 0, 1, 1) == 0)
		b.pool[b.poollen++] = '\0';
	for (i = 0; i < n && !b.nomem; i++) {
		const struct pi_label_file *f = &files[i];

		plen = strlen(f->path);
		if ((file = add(&b, f->path, plen)) == 0)
			break;
		if ((r = read_file(&b, f->path, &base, &len, plen + 32)) == -2) {
			fprintf(err, "portinfo: %s: larger than %lu bytes, "
			    "not read\n", f->path, PI_LABELS_MAX_BYTES);
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
		/*
		 * Room for all that the file can add, set aside at once:
		 * the loaders hold pointers into the pool, which must not
		 * move under them.  Each text is at most the file's bytes
		 * (four texts a line for services(5): name, aliases twice,
		 * comment), and each line adds "FILE:LINE " and NULs.
		 * Pages set aside and never written cost nothing.
		 */
		lines = 1;
		for (const char *p = b.pool + base; (p = memchr(p, '\n',
		    len - (size_t)(p - (b.pool + base)))) != NULL; p++)
			lines++;
		if (reserve(&b, (void **)&b.pool, &b.poolcap, b.poollen,
		    4 * len + lines * (plen + 32), 1) == -1)
			break;
		if (lines > PI_LABELS_MAX_RECORDS + 1)
			lines = PI_LABELS_MAX_RECORDS + 1;
		reserve(&b, (void **)&b.recs, &b.recscap, b.nrecs, lines,
		    sizeof(*b.recs));
		reserve(&b, (void **)&b.names, &b.namescap, b.nnames, lines,
		    sizeof(*b.names));
		b.frozen = 1;
		if (f->services_format)
			load_services(&b, f, file, b.pool + base, len);
		else
			load_csv(&b, f, file, base, len);
		b.frozen = 0;
	}
	if (!b.nomem && b.nrecs > 0 && (*set = pack(&b)) == NULL)
		b.nomem = 1;
	if (b.nomem) {
		fprintf(err, "portinfo: out of memory reading labels\n");
		status = -1;
	}
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
	if (set == NULL)
		return;
	free(set->own_recs);
	free(set->own_names);
	free(set->own_pool);
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
}

void
pi_labels_find_port(struct pi_label_cursor *c, const struct pi_labels *set,
    unsigned lo, unsigned hi, unsigned protos)
{
	start(c, set, BY_PORT, protos);
	if (set == NULL || lo > hi || hi > PI_PORT_MAX)
		return;
	c->lo = lo;
	c->hi = hi;
	c->end = set->nranges;
}

void
pi_labels_find_name(struct pi_label_cursor *c, const struct pi_labels *set,
    const char *name, size_t len, unsigned protos)
{
	start(c, set, BY_NAME, protos);
	if (set == NULL)
		return;
	c->key = name;
	c->keylen = len;
	c->pos = fold_hash(name, len) & (set->nslots - 1);
}

void
pi_labels_find_text(struct pi_label_cursor *c, const struct pi_labels *set,
    const char *text, size_t len, unsigned protos)
{
	start(c, set, BY_TEXT, protos);
	c->key = text;
	c->keylen = len;
	c->end = pi_labels_count(set);
}

void
pi_labels_find_all(struct pi_label_cursor *c, const struct pi_labels *set,
    unsigned protos)
{
	start(c, set, BY_ALL, protos);
	c->end = pi_labels_count(set);
}

/* Whether the C string hay contains needle[0..len), ignoring case. */
static int
fold_contains(const char *hay, const char *needle, size_t len)
{
	size_t i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < len && hay[i] != '\0'; i++) {
			if (pi_ascii_lower((unsigned char)hay[i]) !=
			    pi_ascii_lower((unsigned char)needle[i]))
				break;
		}
		if (i == len)
			return 1;
	}
	return len == 0;
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
	const struct pi_labels *set = c->set;
	const struct rec *r;

	if (set == NULL)
		return 0;
	switch (c->kind) {
	case BY_PORT:
		return next_by_port(c, ri);
	case BY_NAME:
		/* Along the probe sequence, to the first free slot. */
		while (set->slots[c->pos] != 0) {
			const struct name_key *k =
			    &set->names[set->slots[c->pos] - 1];

			c->pos = (c->pos + 1) & (set->nslots - 1);
			if (pi_fold_cmp(c->key, c->keylen, set->pool + k->name)
			    == 0) {
				*ri = k->rec;
				return 1;
			}
		}
		return 0;
	case BY_TEXT:
		while (c->pos < c->end) {
			r = &set->recs[*ri = (uint32_t)c->pos++];
			if (fold_contains(set->pool + r->name, c->key,
			    c->keylen) || fold_contains(set->pool + r->aliases,
			    c->key, c->keylen) || fold_contains(set->pool +
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
	const struct rec *r;
	const char *pool;
	uint32_t ri;

	do {
		if (!next_index(c, &ri)) {
			c->set = NULL;
			return 0;
		}
		r = &c->set->recs[ri];
	} while (r->proto != 0 && (r->proto & c->protos) == 0);

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
	e->entry.index = ri;
	e->entry.plain = r->plain;
	e->entry.source = (enum pi_source)r->source;
	e->entry.alias = "";
	e->aliases = pool + r->aliases;
	e->source = (enum pi_source)r->source;
	e->file = pool + r->file;
	e->line = r->line;
	return 1;
}
