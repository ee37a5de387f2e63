/*
 * The table of the fields (outfield.h), what -o reads, and the machine
 * formats (format.h): a line for each record, its fields those of
 * f->ids in order, each written by the writer of its kind.
 */
#include <stddef.h>
#include <string.h>

#include "ascii.h"
#include "escape.h"
#include "format.h"
#include "suggest.h"

/*
 * The bytes of a line that are written without a look at the buffer's
 * end: those before each field (a separator or a JSON key), null, true,
 * false, a quote, a bracket.  The buffer holds SLACK bytes beyond
 * the end its out knows of, so that after out_room or out_put there is
 * room for them, at most LINE_FIXED for each field of a line.
 */
#define LINE_FIXED 40
#define SLACK 2048
_Static_assert(NFIELDS * LINE_FIXED + 2 <= SLACK, "SLACK too small");

_Static_assert(NFIELDS <= 255, "a field's id is a byte");

/* Each JSON key is among the bytes that LINE_FIXED counts. */
#define FITS(name, kind, group, value) \
	_Static_assert(sizeof(#name) <= 16, "field name too long: " #name);
FIELDS(FITS)
#undef FITS

const struct field fields[NFIELDS] = {
#define FIELD(name, kind, group, value) \
	{ #name, kind, group },
	FIELDS(FIELD)
#undef FIELD
};

unsigned
outfield_groups(int local, int extract)
{
	if (!local && !extract)
		return FG_REGISTRY;
	return FG_NAMES | (local ? FG_LOCAL : 0) | (extract ? FG_EXTRACT : 0);
}

int
outfield_in(unsigned id, unsigned groups)
{
	return id < NFIELDS && (fields[id].group & groups & ~FG_JOINED) != 0;
}

const char *
outfield_name(unsigned groups, size_t i)
{
	unsigned id;

	for (id = 0; id < NFIELDS; id++)
		if (outfield_in(id, groups) && i-- == 0)
			return fields[id].name;
	return NULL;
}

const char *
outfield_parse(const char *list, unsigned groups, unsigned char ids[NFIELDS],
    size_t *n, int *twice)
{
	const char *s = list;
	size_t len, k = 0;
	unsigned id;

	for (;;) {
		len = strcspn(s, ",");
		for (id = 0; id < NFIELDS &&
		    pi_fold_cmp(s, len, fields[id].name) != 0; id++)
			continue;
		/* Each at most once: no more than NFIELDS. */
		*twice = memchr(ids, (int)id, k) != NULL;
		if (*twice || !outfield_in(id, groups)) {
			*n = len;
			return s;
		}
		ids[k++] = (unsigned char)id;
		if (s[len] == '\0')
			break;
		s += len + 1;
	}
	*n = k;
	return NULL;
}

struct field_value
outfield_value(unsigned id, const struct record *r)
{
	const struct record_local *l = r->local;

	switch (id) {
#define FIELD(name, kind, group, value) \
	case F_##name: \
		return value;
	FIELDS(FIELD)
#undef FIELD
	}
	return (struct field_value){ NULL, 0, 0 };
}

/*
 * A value that is neither null nor plain, or a plain text that csv must
 * keep from being read as a formula, as its kind writes it: the rare
 * case, out of line.
 */
static char *
value(struct out *o, enum esc esc, char *p, enum field_kind kind,
    const void *data, unsigned long long n)
{
	const char *const *items = data;
	size_t i;

	switch (kind) {
	case FK_TEXT:
	case FK_WORD:
		return esc_field(o, p, esc, data, (size_t)n);
	case FK_NUM:
		return out_num(o, p, n);
	case FK_BOOL:
		return n ? out_put(o, p, "true", 4) : out_put(o, p, "false", 5);
	case FK_LIST:
	case FK_NUMLIST:
		if (esc != ESC_JSON)
			return esc_list(o, p, esc, items, (size_t)n);
		p = out_byte(o, p, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				p = out_byte(o, p, ',');
			p = kind == FK_NUMLIST ? out_str(o, p, items[i]) :
			    esc_field(o, p, ESC_JSON, items[i],
			    strlen(items[i]));
		}
		return out_byte(o, p, ']');
	}
	return p;
}

/*
 * One field's value v, of the given kind, in format esc: null and plain
 * values, most of them, here, the others by value().  The writers are
 * inline always in each case of line_fields, too large for the compiler
 * to choose so, each copy with its choices made at build time.  Plain
 * bytes up to 16, the most a word has, are among those LINE_FIXED
 * counts.
 */
static ALWAYS_INLINE char *
put(struct out *o, enum esc esc, char *p, enum field_kind kind,
    struct field_value v)
{
	int quoted = esc == ESC_JSON && kind != FK_NUM;

	if (!(v.flags & VALUE_SET))
		return esc == ESC_JSON ? out_copy(p, "null", 4) : p;
	if (!(v.flags & VALUE_PLAIN) || (esc == ESC_CSV && kind == FK_TEXT &&
	    esc_csv_formula(*(const char *)v.data)))
		return value(o, esc, p, kind, v.data, v.n);
	if (quoted)
		*p++ = '"';
	p = v.n <= 16 ? out_copy(p, v.data, (size_t)v.n) :
	    out_put(o, p, v.data, (size_t)v.n);
	if (quoted)
		*p++ = '"';
	return p;
}

/*
 * The fields of r in format esc, as FIELDS says: in tsv and csv each
 * followed by a separator, in JSON each after its key.  Ids mostly run
 * in the order of FIELDS, as the default fields do: the code of each
 * field goes on into the next one's to the end of its run (f->runs), so
 * that a line takes one jump through the table, not one for each field.
 */
static ALWAYS_INLINE char *
line_fields(const struct fmt *f, char *p, const struct record *r,
    const enum esc esc)
{
	struct out *o = (struct out *)&f->out;
	const struct fmt_run *run;
	unsigned n;
	int first = 1;

	/* A line has at least one field (fmt_begin). */
	run = f->runs;
	do {
		n = run->n;
		switch (run->id) {
#define FIELD(name, kind, group, value) \
		case F_##name: \
			if (esc == ESC_JSON) { \
				*p = ','; \
				p = out_copy(p + !first, "\"" #name "\":", \
				    sizeof(#name) + 2); \
				first = 0; \
			} \
			p = put(o, esc, p, kind, value); \
			if (esc != ESC_JSON) \
				*p++ = esc == ESC_TSV ? '\t' : ','; \
			if (--n == 0) \
				break; \
			FALLTHROUGH;
		/* FIELDS' l, read where a value needs it: no register. */
#define l (r->local)
		FIELDS(FIELD)
#undef l
#undef FIELD
		default:
			break;
		}
	} while ((++run)->n != 0);
	return p;
}

/* The line of r in format esc at p, which has room for it; its end. */
static ALWAYS_INLINE char *
line(const struct fmt *f, char *p, const struct record *r, const enum esc esc)
{
	char *start;

	if (esc == ESC_JSON) {
		*p++ = '{';
		p = line_fields(f, p, r, esc);
		*p++ = '}';
	} else {
		/* The separator after the last field ends the line. */
		start = p;
		p = line_fields(f, p, r, esc) - 1;
		/* A lone empty csv field is written "", as RFC 4180 lets
		   any field be: readers take a blank line for no record. */
		if (esc == ESC_CSV && p == start)
			p = out_copy(p, "\"\"", 2);
	}
	*p++ = '\n';
	return p;
}

/* Hands the lines before p to the stream, unless they are held. */
static ALWAYS_INLINE char *
sent(struct fmt *f, char *p)
{
	if (f->hold)
		return p;
	f->out.p = p;
	out_flush(&f->out);
	return f->out.p;
}

/*
 * The lines of the records of a in format esc, or of r alone when it is
 * not NULL: the bulk path's loop, a copy for each format.
 */
static ALWAYS_INLINE void
lines(struct fmt *f, struct answer *a, const struct record *r,
    const enum esc esc)
{
	struct out *o = &f->out;
	struct record next;
	char *p = o->p;

	if (r != NULL)
		p = sent(f, line(f, out_room(o, p, 0), r, esc));
	else
		while (answer_next(a, &next))
			p = sent(f, line(f, out_room(o, p, 0), &next, esc));
	o->p = p;
}

/* lines() in f's format if it is tsv, csv or JSON; else returns 0. */
static ALWAYS_INLINE int
machine_lines(struct fmt *f, struct answer *a, const struct record *r)
{
	switch (f->kind) {
	case FMT_TSV:
		lines(f, a, r, ESC_TSV);
		return 1;
	case FMT_CSV:
		lines(f, a, r, ESC_CSV);
		return 1;
	case FMT_JSON:
		lines(f, a, r, ESC_JSON);
		return 1;
	default:
		return 0;
	}
}

void
fmt_record(struct fmt *f, const struct record *r)
{
	if (!machine_lines(f, NULL, r) && f->kind == FMT_HUMAN)
		human_row(f, r);
}

void
fmt_init(struct fmt *f, FILE *fp, enum fmt_kind kind, int header, int color)
{
	/* All but the buffer: clearing it would cost a short run its
	   pages for nothing. */
	memset(f, 0, offsetof(struct fmt, buf));
	f->kind = kind;
	f->header = header && (kind == FMT_TSV || kind == FMT_CSV);
	f->color = color && kind == FMT_HUMAN;
	f->fields = FG_REGISTRY;
	out_init(&f->out, fp, f->buf, sizeof(f->buf) - SLACK);
}

void
fmt_begin(struct fmt *f)
{
	struct out *o = &f->out;
	size_t i, k, n;
	char *p;

	/* By default, the fields of the groups but those that join others. */
	if (f->nids == 0)
		for (i = 0; i < NFIELDS; i++)
			if (outfield_in((unsigned)i, f->fields) &&
			    !(fields[i].group & FG_JOINED))
				f->ids[f->nids++] = (unsigned char)i;
	for (i = k = 0; i < f->nids; i += n, k++) {
		for (n = 1; i + n < f->nids && f->ids[i + n] == f->ids[i] + n;
		    n++)
			continue;
		f->runs[k] = (struct fmt_run){ f->ids[i], (unsigned char)n };
	}
	f->runs[k].n = 0;
	if (!f->header)
		return;
	p = o->p;
	for (i = 0; i < f->nids; i++) {
		p = out_put(o, p, f->kind == FMT_TSV ? "\t" : ",", i > 0);
		p = out_str(o, p, fields[f->ids[i]].name);
	}
	o->p = out_byte(o, p, '\n');
	out_flush(&f->out);
}

void
fmt_end(struct fmt *f, const char *const *notes, size_t n)
{
	if (f->kind == FMT_HUMAN)
		human_end(f, notes, n);
	out_flush(&f->out);
}

/* -q walks the answer all the same: the walk decides how the query went. */
enum answer_result
fmt_answer(struct fmt *f, struct answer *a)
{
	struct record r;

	if (machine_lines(f, a, NULL))
		(void)0;
	else if (f->kind == FMT_HUMAN && !f->table)
		human_answer(f, a);
	else
		while (f->out.err == 0 && answer_next(a, &r))
			fmt_record(f, &r);
	if (a->suggested)	/* rarely: no call on the bulk path */
		fmt_answered(f, a);
	return answer_result(a);
}

/*
 * The lines before the suggestions are handed out first, so that they
 * follow their answer even where both streams are one.
 */
void
fmt_answered(struct fmt *f, const struct answer *a)
{
	if (!a->suggested || f->kind == FMT_QUIET ||
	    ((f->kind != FMT_HUMAN || f->table) &&
	    memchr(f->ids, F_suggestions, f->nids) != NULL))
		return;
	out_flush(&f->out);
	pi_suggest_say(stderr, &a->sug, a->text, a->textlen, a->name,
	    a->namelen, a->labels);
}
