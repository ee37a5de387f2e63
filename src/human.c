/*
 * Human output, the two kinds of table format.h names.  On a terminal
 * every line is cut to its width, ending in an ellipsis; elsewhere
 * nothing is.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "escape.h"
#include "format.h"
#include "grow.h"

/*
 * A line being written, a piece at a time: the columns it has taken, of
 * f->width (0: any).  A piece that reaches the last column is held back,
 * copied to f->held with the colour codes after it, until it is known
 * whether more follows: then the line is cut and the piece makes room
 * for the ellipsis; else it is written whole when the line ends.
 */
struct hline {
	struct fmt *f;
	size_t col;
	int full;		/* cut: the rest of the line is dropped */
	int held;		/* a piece is held */
	size_t blanks;		/* the held piece's blanks, */
	size_t len;		/* text, f->held[0..len), */
	size_t end;		/* and codes, f->held[len..end) */
};

/* Appends s[0..n) to buf[0..*len), of room *cap; 0, or -1 out of memory. */
static int
append(char **buf, size_t *cap, size_t *len, const char *s, size_t n)
{
	char *q = grow(*buf, cap, *len + n, 1);

	if (q == NULL)
		return -1;
	*buf = q;
	memcpy(q + *len, s, n);
	*len += n;
	return 0;
}

/* Appends s[0..len) to what is held. */
static int
hold(struct hline *l, const char *s, size_t len)
{
	return append(&l->f->held, &l->f->heldcap, &l->end, s, len);
}

/*
 * Writes blanks, then s[0..len), which takes span columns, in room
 * columns: whole if it fits, with one to spare if more follows; else cut
 * to end in the ellipsis, in place of the last blank if no text fits.
 */
static char *
fit(struct out *o, char *p, size_t blanks, const char *s, size_t len,
    size_t span, size_t room, int more)
{
	int cut = blanks + span + (more != 0) > room;

	if (cut && blanks >= room) {
		p = out_spaces(o, p, room > 0 ? room - 1 : 0);
		return room > 0 ? out_str(o, p, ESC_CUT_MARK) : p;
	}
	p = out_spaces(o, p, blanks);
	return esc_cut(o, p, s, len, cut ? room - blanks : ESC_WHOLE, more);
}

/* Writes the piece held, in the columns it reached, and its codes. */
static char *
release(struct hline *l, char *p, int more)
{
	struct out *o = &l->f->out;
	const char *s = l->f->held;
	size_t cols = esc_cols(s, l->len);

	l->held = 0;
	p = fit(o, p, l->blanks, s, l->len, cols, l->blanks + cols, more);
	return l->end > l->len ? out_put(o, p, s + l->len, l->end - l->len) : p;
}

static char *
hline_fit(struct hline *l, char *p, size_t blanks, const char *s, size_t len)
{
	size_t width = l->f->width;
	size_t span = width != 0 ? esc_cols(s, len) : 0;
	size_t room = width != 0 ? width - l->col : ESC_WHOLE;

	if (l->full || blanks + len == 0)
		return p;
	if (l->held) {
		l->full = 1;
		return release(l, p, 1);
	}
	l->full = blanks + span > room;
	l->col += blanks + span;
	if (width != 0 && l->col == width) {
		l->end = 0;
		if (hold(l, s, len) == 0) {
			l->held = 1;
			l->blanks = blanks;
			l->len = len;
			return p;
		}
	}
	return fit(&l->f->out, p, blanks, s, len, span, room, 0);
}

static char *
hline_put(struct hline *l, char *p, const char *s)
{
	return hline_fit(l, p, 0, s, strlen(s));
}

/* hline_put of each string given, up to a null pointer. */
static char *
hline_puts(struct hline *l, char *p, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, p);
	while ((s = va_arg(ap, const char *)) != NULL)
		p = hline_put(l, p, s);
	va_end(ap);
	return p;
}

/* After a piece held the code is held too, or it would come first. */
static char *
hline_sgr(struct hline *l, char *p, int on, const char *code)
{
	if (!on)
		return p;
	if (l->held && hold(l, code, strlen(code)) == 0)
		return p;
	if (l->held)
		p = release(l, p, 0);
	return out_str(&l->f->out, p, code);
}

static char *
hline_end(struct hline *l, char *p)
{
	if (l->held)
		p = release(l, p, 0);
	return out_byte(&l->f->out, p, '\n');
}

size_t
human_width(int tty)
{
	const char *c = getenv("COLUMNS");
	unsigned long n;
#ifdef TIOCGWINSZ
	struct winsize ws;

	if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
#endif
	if (!tty)
		return 0;
	if (c != NULL && pi_decimal(c, strlen(c), 99999, &n) && n > 0)
		return n;
	return 80;
}

/* ---- Answers ---- */

enum { C_PORT, C_PROTO, C_SERVICE, C_DESC, C_REF, NCOLS };

/* Widest each column is padded to; longer cells just run on. */
static const size_t col_caps[NCOLS] = { SIZE_MAX, SIZE_MAX, 24, 44, SIZE_MAX };

struct table {
	size_t width[NCOLS];
	size_t rows;
	int direct;		/* a row was found by its own name */
	const char *alias_of;	/* a service a row was found by an alias of,
				   or NULL */
	int portless, ported;	/* IANA's rows of the name itself: one has
				   no port, one has a port */
	unsigned groups;	/* the groups (group()) with a row, as 1 << g */
};

enum { G_IANA, G_COMMON, G_LABELS, NGROUPS };

/* The group of r's row: IANA's (the stub's too), a common use, a label. */
static int
group(const struct record *r)
{
	return r->origin == PI_SOURCE_IANA ? G_IANA :
	    r->origin == PI_SOURCE_COMMON ? G_COMMON : G_LABELS;
}

/* "22" or "6000-6063"; buf its room. */
#define PORT_TEXT_SIZE (OUT_RANGE + 1)

static const char *
port_text(char *buf, unsigned lo, unsigned hi)
{
	*out_range(buf, lo, hi) = '\0';
	return buf;
}

/* A common use's reference, its source's URL, is shown with -v only. */
static void
cells(const struct fmt *f, const struct record *r, char *port,
    const char *cell[NCOLS])
{
	cell[C_PORT] = r->has_port ? port_text(port, r->port, r->port_end) :
	    "-";
	cell[C_PROTO] = pi_proto_name(r->proto);
	cell[C_SERVICE] = r->service;
	cell[C_DESC] = r->description;
	cell[C_REF] = r->origin != PI_SOURCE_COMMON || f->verbose ?
	    r->reference : "";
}

/* First walk: how wide each column is, and whether ports are shown. */
static void
measure_table(const struct fmt *f, struct answer *a, struct table *t)
{
	char port[PORT_TEXT_SIZE];
	const char *cell[NCOLS];
	struct record r;
	size_t i, w;
	int show_port = a->kind != ANSWER_PORT || a->lo != a->hi;

	memset(t, 0, sizeof(*t));
	answer_rewind(a);
	while (answer_next(a, &r)) {
		t->groups |= 1u << group(&r);
		if (r.stub)
			continue;
		t->rows++;
		if (r.alias[0] != '\0' && t->alias_of == NULL)
			t->alias_of = r.service;
		t->direct |= r.alias[0] == '\0';
		if (r.origin == PI_SOURCE_IANA && r.alias[0] == '\0') {
			t->portless |= !r.has_port;
			t->ported |= r.has_port;
		}
		if (r.has_port && (r.port != a->lo || r.port_end != a->lo))
			show_port = 1;
		cells(f, &r, port, cell);
		for (i = 0; i < NCOLS; i++) {
			w = esc_cols(cell[i], strlen(cell[i]));
			if (w > col_caps[i])
				w = col_caps[i];
			if (w > t->width[i])
				t->width[i] = w;
		}
	}
	if (!show_port)
		t->width[C_PORT] = 0;
}

/*
 * Cells are padded to their column's width, but only when something
 * follows them, so no line ends in blanks.  A label says whose it is:
 * "[site]".  A stub's row is its status: "  unassigned".
 */
static char *
row(struct fmt *f, struct hline *l, char *p, const struct table *t,
    const struct record *r)
{
	char port[PORT_TEXT_SIZE];
	const char *cell[NCOLS];
	size_t i, pending = 0, w, n;
	int service;

	p = hline_put(l, p, "  ");
	if (r->stub) {
		p = hline_sgr(l, p, f->color, SGR_STUB);
		p = hline_put(l, p, rec_status_words[r->status].s);
		if (r->status == REC_PARTIAL)
			p = hline_put(l, p, ": services on some of its "
			    "ports, none on all; ask the range alone for them");
		return hline_sgr(l, p, f->color, SGR_RESET);
	}
	cells(f, r, port, cell);
	for (i = 0; i < NCOLS; i++) {
		if (t->width[i] == 0)
			continue;
		w = 0;
		if (cell[i][0] != '\0') {
			service = f->color && i == C_SERVICE;
			n = strlen(cell[i]);
			w = esc_cols(cell[i], n);
			p = hline_fit(l, p, pending, "", 0);
			p = hline_sgr(l, p, service, SGR_SERVICE);
			p = hline_fit(l, p, 0, cell[i], n);
			p = hline_sgr(l, p, service, SGR_RESET);
			pending = 0;
		}
		pending += (w < t->width[i] ? t->width[i] - w : 0) + 2;
	}
	if (r->origin != PI_SOURCE_IANA && r->origin != PI_SOURCE_COMMON) {
		p = hline_fit(l, p, pending, "", 0);
		p = hline_sgr(l, p, f->color, SGR_STUB);
		p = hline_puts(l, p, "[", rec_status_word(r).s, "]",
		    (char *)NULL);
		p = hline_sgr(l, p, f->color, SGR_RESET);
	}
	return p;
}

/* "(IANA system, 0-1023)" */
static char *
bounds(struct hline *l, char *p, const struct pi_class_info *cl)
{
	char d[PORT_TEXT_SIZE];

	return hline_puts(l, p, "(IANA ", cl->iana_name, ", ",
	    port_text(d, cl->lo, cl->hi), ")", (char *)NULL);
}

/* "(well-known 0-1023, registered 1024-49151)" for a range over classes. */
static char *
classes(struct hline *l, char *p, unsigned lo, unsigned hi)
{
	const struct pi_class_info *cl = pi_classify(lo);
	char d[PORT_TEXT_SIZE];

	for (p = hline_put(l, p, "(");; p = hline_put(l, p, ", ")) {
		p = hline_puts(l, p, cl->name, " ",
		    port_text(d, cl->lo, cl->hi), (char *)NULL);
		if (cl->hi >= hi)
			return hline_put(l, p, ")");
		cl = pi_classify(cl->hi + 1);
	}
}

/*
 * "well-known port (IANA system, 0-1023)"; when the query was written
 * otherwise, the port follows the class: "well-known port 22 ...".
 */
static char *
port_heading(struct hline *l, char *p, const struct answer *a)
{
	char buf[PORT_TEXT_SIZE];
	const char *canon = port_text(buf, a->lo, a->hi);
	const struct pi_class_info *cl = pi_classify(a->lo);

	p = hline_puts(l, p, range_word(a->lo, a->hi).s,
	    a->lo != a->hi ? " ports " : " port ", (char *)NULL);
	if (strlen(canon) != a->textlen ||
	    memcmp(canon, a->text, a->textlen) != 0)
		p = hline_puts(l, p, canon, " ", (char *)NULL);
	return a->hi > cl->hi ? classes(l, p, a->lo, a->hi) : bounds(l, p, cl);
}

/*
 * "service name", "unknown service name", or for a name people type for
 * IANA's service, "alias of submissions".
 */
static char *
name_heading(struct hline *l, char *p, const struct table *t)
{
	if (t->rows == 0)
		return hline_put(l, p, "unknown service name");
	if (t->direct)
		p = hline_put(l, p, "service name");
	if (t->alias_of == NULL)
		return p;
	return hline_puts(l, p, t->direct ? ", alias of " : "alias of ",
	    t->alias_of, (char *)NULL);
}

/* The query is shortened to ESC_QUOTE_MAX columns as messages shorten it. */
static char *
heading(struct fmt *f, struct hline *l, char *p, const struct answer *a,
    const struct table *t)
{
	size_t n;

	p = hline_sgr(l, p, f->color, SGR_BOLD);
	if (a->kind == ANSWER_LIST && a->cls != NULL) {
		p = hline_puts(l, p, a->cls->name, " ports ", (char *)NULL);
		p = bounds(l, p, a->cls);
	} else if (a->kind == ANSWER_LIST)
		p = hline_put(l, p, "all ports and service names");
	else {
		n = esc_short(a->text, a->textlen, ESC_QUOTE_MAX);
		p = hline_fit(l, p, 0, a->text, n);
		p = hline_puts(l, p, n < a->textlen ? ESC_SHORT_MARK : "",
		    "  ", (char *)NULL);
		if (a->kind == ANSWER_PORT)
			p = port_heading(l, p, a);
		else if (a->kind == ANSWER_NAME)
			p = name_heading(l, p, t);
		else
			p = hline_put(l, p, t->rows > 0 ? "text search" :
			    "text search: no match");
	}
	return hline_sgr(l, p, f->color, SGR_RESET);
}

/*
 * "1900/udp (ssdp)": the port or range of r, its protocol, and the name
 * IANA assigned to just those ports of that protocol, if any.
 */
static char *
used_port(struct hline *l, char *p, const struct record *r)
{
	char buf[PORT_TEXT_SIZE];
	struct pi_cursor c;
	struct pi_entry e;

	p = hline_puts(l, p, port_text(buf, r->port, r->port_end),
	    r->proto != 0 ? "/" : "", pi_proto_name(r->proto), (char *)NULL);
	pi_find_port(&c, r->port, r->port_end,
	    r->proto != 0 ? r->proto : PI_PROTO_ANY);
	while (pi_next(&c, &e))
		if (e.status == PI_ASSIGNED && e.port == r->port &&
		    e.port_end == r->port_end)
			return hline_puts(l, p, " (", e.name, ")",
			    (char *)NULL);
	return p;
}

/*
 * "  registered without a port; used on 1900/udp (ssdp)": the line after
 * IANA's rows of a name that IANA lists with no port only, with the
 * ports of the answer's other rows, which are those people use for it.
 */
static char *
portless_note(struct fmt *f, char *p, struct answer *a)
{
	struct hline l = { .f = f };
	struct record r;
	const char *sep = "; used on ";
	unsigned lo = 1, hi = 0, proto = 0;

	p = hline_put(&l, p, "  ");
	p = hline_sgr(&l, p, f->color, SGR_STUB);
	p = hline_put(&l, p, "registered without a port");
	answer_rewind(a);
	while (answer_next(a, &r)) {
		if (!r.has_port || (r.port == lo && r.port_end == hi &&
		    r.proto == proto))
			continue;
		p = used_port(&l, hline_put(&l, p, sep), &r);
		sep = ", ";
		lo = r.port;
		hi = r.port_end;
		proto = r.proto;
	}
	p = hline_sgr(&l, p, f->color, SGR_RESET);
	return hline_end(&l, p);
}

/*
 * The rows of a's records of group g, the common uses' under a line of
 * their own.  IANA's note of unauthorized use has a line of its own
 * under its record's row, the words before it IANA's column's name, as
 * some notes say only "yes".
 */
static char *
group_rows(struct fmt *f, char *p, struct answer *a, const struct table *t,
    int g)
{
	struct hline l;
	struct record r;
	int first = 1;

	answer_rewind(a);
	while (answer_next(a, &r) && f->out.err == 0) {
		if (group(&r) != g || (r.stub && a->kind != ANSWER_PORT &&
		    a->kind != ANSWER_LIST))
			continue;
		l = (struct hline){ .f = f };
		if (g == G_COMMON && first) {
			p = hline_put(&l, p, "  ");
			p = hline_sgr(&l, p, f->color, SGR_BOLD);
			p = hline_put(&l, p, "commonly used by:");
			p = hline_sgr(&l, p, f->color, SGR_RESET);
			p = hline_end(&l, p);
			l = (struct hline){ .f = f };
		}
		first = 0;
		p = hline_end(&l, row(f, &l, p, t, &r));
		if (r.unauthorized[0] == '\0')
			continue;
		l = (struct hline){ .f = f };
		p = hline_end(&l, hline_puts(&l, p,
		    "    unauthorized use reported: ", r.unauthorized,
		    (char *)NULL));
	}
	return p;
}

/*
 * A heading, then a table whose columns fit this answer's records: the
 * answer is walked to measure them, then to print each group of rows,
 * so nothing is kept however many records there are.
 */
void
human_answer(struct fmt *f, struct answer *a)
{
	struct out *o = &f->out;
	struct hline l;
	struct table t;
	int g;
	char *p;

	measure_table(f, a, &t);
	if (a->kind == ANSWER_INVALID) {
		/* Said on standard error: after the answers before it. */
		out_flush(&f->out);
		return;
	}
	p = o->p;
	if (f->groups++ > 0)
		p = out_byte(o, p, '\n');
	l = (struct hline){ .f = f };
	p = hline_end(&l, heading(f, &l, p, a, &t));
	for (g = 0; g < NGROUPS; g++) {
		if (t.groups & 1u << g)
			p = group_rows(f, p, a, &t, g);
		if (g == G_IANA && a->kind == ANSWER_NAME && t.portless &&
		    !t.ported)
			p = portless_note(f, p, a);
	}
	o->p = p;
	if (!f->hold)
		out_flush(o);
}

/* ---- The table of records ---- */

/* Held rows are printed once they take this much. */
#define HOLD_BYTES (4u << 20)

struct htable {
	char *text;		/* the cells' texts, raw, back to back */
	size_t len, cap;
	uint32_t *ends;		/* where each cell's text ends in text, row
				   by row, f->nids a row */
	size_t ncells, cellcap;
	size_t width[NFIELDS];	/* of each column, its heading's included */
	unsigned char used[NFIELDS]; /* a cell of the column is not empty */
	int started;		/* the heading line is printed */
	int drop;		/* columns that apply to no row are left
				   out (droppable): only when all rows are
				   held at once */
};

/* A column's heading, before it is put in capitals. */
static const char *
heading_of(unsigned id)
{
	return id == F_protocol ? "PROTO" : id == F_local_address ?
	    "ADDRESS" : fields[id].name;
}

/* Appends s[0..n) to the texts, whose ends are kept in 32 bits. */
static int
add_text(struct htable *t, const char *s, size_t n)
{
	if (n > UINT32_MAX - t->len)
		return -1;
	return append(&t->text, &t->cap, &t->len, s, n);
}

/*
 * What field id of r reads in the table, where it differs from its
 * value: a range of ports, a dual-stack socket's exposure, whether the
 * ports of a record with no socket are bound or free, and a meaning
 * without names that is not merely unassigned.  NULL where it does not.
 */
static const char *
human_word(unsigned id, const struct record *r, char *buf)
{
	const struct record_local *l = r->local;

	switch (id) {
	case F_port:
		return r->has_port && r->port_end != r->port ?
		    port_text(buf, r->port, r->port_end) : NULL;
	case F_exposure:
		return l->sock && l->dual_stack > 0 ? "any (v4+v6)" : NULL;
	case F_state:
		return l->sock || !l->sockets ? NULL :
		    l->in_use ? "bound" : "free";
	case F_meaning:
		if (r->names->meaning[0] != '\0')
			return NULL;
		if (r->status == REC_PARTIAL)
			return "(services on some of its ports)";
		return r->status == REC_RESERVED ? "(reserved)" :
		    r->status == REC_UNKNOWN && !r->has_port ?
		    "(unknown name)" : NULL;
	default:
		return NULL;
	}
}

/*
 * Appends the text of field id of r, as people read it: a list's items
 * joined by commas.  Where a forwarder holds the socket, forward and
 * the start of meaning say where it sends, after an arrow: "→
 * 172.17.0.2:80; http-alt", so that the default columns have room for it.
 */
static int
add_value(struct htable *t, unsigned id, const struct record *r)
{
	const struct record_local *l = r->local;
	char buf[PORT_TEXT_SIZE], d[OUT_DIGITS];
	const char *w = human_word(id, r, buf);
	const char *const *items;
	struct field_value v;
	size_t i;

	if ((id == F_meaning || id == F_forward) && l != NULL && l->sock &&
	    l->forward[0] != '\0') {
		if (add_text(t, "\xe2\x86\x92 ", 4) == -1 ||
		    add_text(t, l->forward, strlen(l->forward)) == -1)
			return -1;
		if (id == F_forward || r->names->meaning[0] == '\0')
			return 0;
		if (add_text(t, "; ", 2) == -1)
			return -1;
	}
	if (w != NULL)
		return add_text(t, w, strlen(w));
	v = outfield_value(id, r);
	if (!(v.flags & VALUE_SET))
		return 0;
	switch (fields[id].kind) {
	case FK_NUM:
		if (v.data == NULL)
			return add_text(t, d, (size_t)(out_digits(d, v.n) - d));
		FALLTHROUGH;
	case FK_TEXT:
	case FK_WORD:
		return add_text(t, v.data, (size_t)v.n);
	case FK_BOOL:
		return v.n ? add_text(t, "yes", 3) : add_text(t, "no", 2);
	case FK_LIST:
	case FK_NUMLIST:
		for (i = 0, items = v.data; i < v.n; i++)
			if ((i > 0 && add_text(t, ",", 1) == -1) ||
			    add_text(t, items[i], strlen(items[i])) == -1)
				return -1;
	}
	return 0;
}

static struct htable *
table_of(struct fmt *f)
{
	struct htable *t;
	size_t i;

	if (f->tab != NULL)
		return f->tab;
	if ((t = f->tab = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	for (i = 0; i < f->nids; i++)
		t->width[i] = strlen(heading_of(f->ids[i]));
	return t;
}

/*
 * Whether column i is shown: a column of peers or of sides is left out
 * of a table where no row has one.
 */
static int
shown(const struct fmt *f, const struct htable *t, size_t i)
{
	unsigned id = f->ids[i];

	return !t->drop || t->used[i] || (id != F_peer && id != F_side);
}

/* The heading line: each column's heading, in capitals. */
static char *
heading_line(struct fmt *f, const struct htable *t, char *p)
{
	struct hline l = { .f = f };
	size_t i, pending = 0, n;
	char name[32];
	const char *h;

	p = hline_sgr(&l, p, f->color, SGR_BOLD);
	for (i = 0; i < f->nids; i++) {
		if (!shown(f, t, i))
			continue;
		h = heading_of(f->ids[i]);
		for (n = 0; h[n] != '\0' && n < sizeof(name); n++)
			name[n] = (char)pi_ascii_upper((unsigned char)h[n]);
		p = hline_fit(&l, p, pending, name, n);
		pending = t->width[i] - n + 2;
	}
	p = hline_sgr(&l, p, f->color, SGR_RESET);
	return hline_end(&l, p);
}

/*
 * Prints the rows held, under the heading line the first time: each
 * cell padded to its column's width but the last, "-" for an empty one.
 * With last, these are all the rows there are.
 */
static void
human_rows(struct fmt *f, int last)
{
	struct htable *t = f->tab;
	struct out *o = &f->out;
	size_t r, i, pending, start = 0, n;
	struct hline l;
	const char *cell;
	char *p = o->p;

	t->drop = last && !t->started;
	if (!t->started && t->ncells > 0)
		p = heading_line(f, t, p);
	t->started |= t->ncells > 0;
	for (r = 0; r < t->ncells && o->err == 0; r += f->nids) {
		l = (struct hline){ .f = f };
		for (i = pending = 0; i < f->nids; i++) {
			n = t->ends[r + i] - start;
			cell = n > 0 ? t->text + start : "-";
			n += n == 0;
			if (shown(f, t, i)) {
				p = hline_fit(&l, p, pending, cell, n);
				pending = t->width[i] + 2 - esc_cols(cell, n);
			}
			start = t->ends[r + i];
		}
		p = hline_end(&l, p);
	}
	o->p = p;
	t->len = t->ncells = 0;
	out_flush(&f->out);
}

/*
 * A row of the table, but an invalid query's, said on standard error;
 * each cell's place, and its column's width, "-" if it is empty.  A row
 * that finds no room ends the output: out drops all after its error.
 */
void
human_row(struct fmt *f, const struct record *r)
{
	struct htable *t = table_of(f);
	size_t i, start, cols;
	uint32_t *ends;

	if (r->status == REC_INVALID || f->out.err != 0)
		return;
	if (t == NULL || (ends = grow(t->ends, &t->cellcap,
	    t->ncells + f->nids, sizeof(*ends))) == NULL) {
		f->out.err = ENOMEM;
		return;
	}
	t->ends = ends;
	for (i = 0; i < f->nids; i++) {
		start = t->len;
		if (add_value(t, f->ids[i], r) == -1) {
			f->out.err = ENOMEM;
			return;
		}
		t->ends[t->ncells++] = (uint32_t)t->len;
		t->used[i] |= t->len > start;
		cols = t->len > start ?
		    esc_cols(t->text + start, t->len - start) : 1;
		if (cols > t->width[i])
			t->width[i] = cols;
	}
	if (t->len >= HOLD_BYTES)
		human_rows(f, 0);
}

void
human_end(struct fmt *f, const char *const *notes, size_t n)
{
	struct out *o = &f->out;
	struct hline l;
	size_t i;
	char *p;

	if (f->tab != NULL && f->tab->ncells > 0)
		human_rows(f, 1);
	for (i = 0, p = o->p; i < n; i++) {
		l = (struct hline){ .f = f };
		p = hline_end(&l, hline_put(&l, p, notes[i]));
	}
	o->p = p;
	free(f->held);
	f->held = NULL;
	f->heldcap = 0;
	if (f->tab != NULL) {
		free(f->tab->text);
		free(f->tab->ends);
		free(f->tab);
		f->tab = NULL;
	}
}

/* The columns people read first, in order; those of other groups out. */
static const unsigned char table_order[] = {
	F_line, F_side, F_query, F_protocol, F_local_address, F_port,
	F_exposure, F_state, F_peer, F_process, F_meaning
};

size_t
human_fields(unsigned groups, int listening, int queries,
    unsigned char ids[NFIELDS])
{
	size_t i, n = 0;
	unsigned id;

	for (i = 0; i < sizeof(table_order); i++) {
		id = table_order[i];
		if (!outfield_in(id, groups) ||
		    (id == F_query && !queries && (groups & FG_LOCAL)) ||
		    (id == F_port && !(groups & FG_LOCAL)) ||
		    (listening && (id == F_state || id == F_peer)))
			continue;
		ids[n++] = (unsigned char)id;
	}
	return n;
}
