/*
 * Human output (format.h): for each answer a heading and a table whose
 * columns fit its records, and what this host has on its ports.
 */
#include <string.h>

#include "escape.h"
#include "format.h"

/* Widest a column is padded to; longer cells just run on. */
#define SERVICE_CAP 24
#define DESC_CAP 44

#define SGR_BOLD "\033[1m"
#define SGR_SERVICE "\033[32m"
#define SGR_STUB "\033[33m"
#define SGR_RESET "\033[0m"

/* The columns of a table, in order. */
enum { C_PORT, C_PROTO, C_SERVICE, C_DESC, C_REF, NCOLS };

static const size_t col_caps[NCOLS] = {
	SIZE_MAX, SIZE_MAX, SERVICE_CAP, DESC_CAP, SIZE_MAX
};

struct table {
	size_t width[NCOLS];
	int show_port;
	size_t rows;
	int direct;		/* a row was found by its own name */
	const char *alias_of;	/* a service a row was found by an alias of,
				   or NULL */
	int portless, ported;	/* IANA's rows of the name itself: one has
				   no port, one has a port */
};

/* "22" or "6000-6063", or "-" when there is no port; buf its room. */
#define PORT_TEXT_SIZE (2 * OUT_DIGITS + 2)

static const char *
port_text(char *buf, int has_port, unsigned lo, unsigned hi)
{
	char *p = buf;

	if (!has_port)
		return "-";
	p = out_digits(p, lo);
	if (lo != hi) {
		*p++ = '-';
		p = out_digits(p, hi);
	}
	*p = '\0';
	return buf;
}

/* A terminal's control text, if on. */
static char *
sgr(struct out *o, char *p, int on, const char *code)
{
	return on ? out_str(o, p, code) : p;
}

static char *
escaped(struct out *o, char *p, const char *s)
{
	return esc_text(o, p, ESC_HUMAN, s, strlen(s), ESC_WHOLE);
}

static void
cells(const struct record *r, char *port, const char *cell[NCOLS])
{
	cell[C_PORT] = port_text(port, r->has_port, r->port, r->port_end);
	cell[C_PROTO] = pi_proto_name(r->proto);
	cell[C_SERVICE] = r->service;
	cell[C_DESC] = r->description;
	cell[C_REF] = r->reference;
}

/* First walk: how wide each column is, and whether ports are shown. */
static void
measure_table(struct answer *a, struct table *t)
{
	char port[PORT_TEXT_SIZE];
	const char *cell[NCOLS];
	struct record r;
	size_t i, w;

	memset(t, 0, sizeof(*t));
	t->show_port = a->kind != ANSWER_PORT || a->lo != a->hi;
	answer_rewind(a);
	while (answer_next(a, &r)) {
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
			t->show_port = 1;
		cells(&r, port, cell);
		for (i = 0; i < NCOLS; i++) {
			w = esc_cols(cell[i], strlen(cell[i]));
			if (w > col_caps[i])
				w = col_caps[i];
			if (w > t->width[i])
				t->width[i] = w;
		}
	}
	if (!t->show_port)
		t->width[C_PORT] = 0;
}

/* A stub's row: "  unassigned". */
static char *
stub_row(struct fmt *f, struct out *o, char *p, const struct record *r)
{
	p = sgr(o, p, f->color, SGR_STUB);
	p = out_str(o, p, rec_status_name(r->status));
	if (r->status == REC_PARTIAL)
		p = out_str(o, p, ": services on some of its ports, "
		    "none on all; ask the range alone for them");
	p = sgr(o, p, f->color, SGR_RESET);
	return out_byte(o, p, '\n');
}

/*
 * Cells are padded to their column's width, but only when something
 * follows them, so no line ends in blanks.  A label says whose it is:
 * "[site]".  (Common uses have a line of their own above them.)
 */
static char *
row(struct fmt *f, struct out *o, char *p, const struct table *t,
    const struct record *r)
{
	char port[PORT_TEXT_SIZE];
	const char *cell[NCOLS];
	size_t i, pending = 0, w;
	int service;

	p = out_str(o, p, "  ");
	if (r->stub)
		return stub_row(f, o, p, r);
	cells(r, port, cell);
	for (i = 0; i < NCOLS; i++) {
		if (t->width[i] == 0)
			continue;
		w = 0;
		if (cell[i][0] != '\0') {
			service = f->color && i == C_SERVICE;
			p = out_spaces(o, p, pending);
			pending = 0;
			p = sgr(o, p, service, SGR_SERVICE);
			p = escaped(o, p, cell[i]);
			p = sgr(o, p, service, SGR_RESET);
			w = esc_cols(cell[i], strlen(cell[i]));
		}
		pending += (w < t->width[i] ? t->width[i] - w : 0) + 2;
	}
	if (r->origin != PI_SOURCE_IANA && r->origin != PI_SOURCE_COMMON) {
		p = out_spaces(o, p, pending);
		p = sgr(o, p, f->color, SGR_STUB);
		p = out_byte(o, p, '[');
		p = out_str(o, p, rec_status_word(r).s);
		p = out_byte(o, p, ']');
		p = sgr(o, p, f->color, SGR_RESET);
	}
	return out_byte(o, p, '\n');
}

/* "lo-hi" */
static char *
span(struct out *o, char *p, unsigned lo, unsigned hi)
{
	p = out_num(o, p, lo);
	p = out_byte(o, p, '-');
	return out_num(o, p, hi);
}

/* "(IANA system, 0-1023)" */
static char *
bounds(struct out *o, char *p, const struct pi_class_info *cl)
{
	p = out_str(o, p, "(IANA ");
	p = out_str(o, p, cl->iana_name);
	p = out_str(o, p, ", ");
	p = span(o, p, cl->lo, cl->hi);
	return out_byte(o, p, ')');
}

/* "(well-known 0-1023, registered 1024-49151)" for a range over classes. */
static char *
classes(struct out *o, char *p, unsigned lo, unsigned hi)
{
	const struct pi_class_info *cl;
	unsigned port = lo;

	p = out_byte(o, p, '(');
	for (;;) {
		cl = pi_classify(port);
		p = out_str(o, p, cl->name);
		p = out_byte(o, p, ' ');
		p = span(o, p, cl->lo, cl->hi);
		if (cl->hi >= hi)
			return out_byte(o, p, ')');
		p = out_str(o, p, ", ");
		port = cl->hi + 1;
	}
}

/*
 * "well-known port (IANA system, 0-1023)"; when the query was written
 * otherwise, the port follows the class: "well-known port 22 ...".
 */
static char *
port_heading(struct out *o, char *p, const struct answer *a)
{
	char buf[PORT_TEXT_SIZE];
	const char *canon = port_text(buf, 1, a->lo, a->hi);
	const struct pi_class_info *cl = pi_classify(a->lo);
	int mixed = a->hi > cl->hi;

	p = out_str(o, p, mixed ? "mixed" : cl->name);
	p = out_str(o, p, a->lo != a->hi ? " ports " : " port ");
	if (strlen(canon) != a->textlen ||
	    memcmp(canon, a->text, a->textlen) != 0) {
		p = out_str(o, p, canon);
		p = out_byte(o, p, ' ');
	}
	return mixed ? classes(o, p, a->lo, a->hi) : bounds(o, p, cl);
}

/*
 * "service name", "unknown service name", or for a name people type for
 * IANA's service, "alias of submissions".
 */
static char *
name_heading(struct out *o, char *p, const struct table *t)
{
	if (t->rows == 0)
		return out_str(o, p, "unknown service name");
	if (t->direct)
		p = out_str(o, p, "service name");
	if (t->alias_of == NULL)
		return p;
	p = out_str(o, p, t->direct ? ", alias of " : "alias of ");
	return escaped(o, p, t->alias_of);
}

/* With -x, where the query was found: "line 12: ", "line 3, remote: ". */
static char *
source_heading(struct out *o, char *p, const struct record_source *s)
{
	p = out_str(o, p, "line ");
	p = out_num(o, p, s->line);
	if (s->side[0] != '\0') {
		p = out_str(o, p, ", ");
		p = out_str(o, p, s->side);
	}
	return out_str(o, p, ": ");
}

static char *
heading(struct fmt *f, struct out *o, char *p, const struct answer *a,
    const struct table *t)
{
	p = sgr(o, p, f->color, SGR_BOLD);
	if (f->source != NULL)
		p = source_heading(o, p, f->source);
	if (a->kind == ANSWER_LIST && a->cls != NULL) {
		p = out_str(o, p, a->cls->name);
		p = out_str(o, p, " ports ");
		p = bounds(o, p, a->cls);
	} else if (a->kind == ANSWER_LIST)
		p = out_str(o, p, "all ports and service names");
	else {
		p = esc_text(o, p, ESC_HUMAN, a->text, a->textlen,
		    ESC_QUOTE_MAX);
		p = out_str(o, p, "  ");
		if (a->kind == ANSWER_PORT)
			p = port_heading(o, p, a);
		else if (a->kind == ANSWER_NAME)
			p = name_heading(o, p, t);
		else
			p = out_str(o, p, t->rows > 0 ? "text search" :
			    "text search: no match");
	}
	p = sgr(o, p, f->color, SGR_RESET);
	return out_byte(o, p, '\n');
}

/*
 * "  commonly used by: grafana, nextjs, rails", the line that opens a
 * run of common uses, r the first of them; a is walked ahead on a copy
 * for the others.  A name met twice in a row (tcp and udp) is said once.
 */
static char *
common_heading(struct fmt *f, struct out *o, char *p,
    const struct answer *a, const struct record *r)
{
	struct answer ahead = *a;
	struct record next;
	const char *prev = r->service;

	p = out_str(o, p, "  ");
	p = sgr(o, p, f->color, SGR_BOLD);
	p = out_str(o, p, "commonly used by:");
	p = sgr(o, p, f->color, SGR_RESET);
	p = out_byte(o, p, ' ');
	p = escaped(o, p, r->service);
	while (answer_next(&ahead, &next) && next.status == REC_COMMON) {
		if (strcmp(next.service, prev) == 0)
			continue;
		p = out_str(o, p, ", ");
		p = escaped(o, p, next.service);
		prev = next.service;
	}
	return out_byte(o, p, '\n');
}

/*
 * "1900/udp (ssdp)": the port or range of r, its protocol, and the name
 * IANA assigned to just those ports of that protocol, if any.
 */
static char *
used_port(struct out *o, char *p, const struct record *r)
{
	char buf[PORT_TEXT_SIZE];
	struct pi_cursor c;
	struct pi_entry e;

	p = out_str(o, p, port_text(buf, 1, r->port, r->port_end));
	if (r->proto != 0) {
		p = out_byte(o, p, '/');
		p = out_str(o, p, pi_proto_name(r->proto));
	}
	pi_find_port(&c, r->port, r->port_end,
	    r->proto != 0 ? r->proto : PI_PROTO_ANY);
	while (pi_next(&c, &e)) {
		if (e.status != PI_ASSIGNED || e.port != r->port ||
		    e.port_end != r->port_end)
			continue;
		p = out_str(o, p, " (");
		p = escaped(o, p, e.name);
		return out_byte(o, p, ')');
	}
	return p;
}

/*
 * "  registered without a port; used on 1900/udp (ssdp)": the line after
 * IANA's rows of a name that IANA lists with no port only, with the
 * ports of the answer's other rows (the service of an alias, a common
 * use, a label), which are those people use for it.  a is walked again
 * on a copy.
 */
static char *
portless_note(struct fmt *f, struct out *o, char *p, const struct answer *a)
{
	struct answer again = *a;
	struct record r;
	const char *sep = "; used on ";
	unsigned lo = 1, hi = 0, proto = 0;

	p = out_str(o, p, "  ");
	p = sgr(o, p, f->color, SGR_STUB);
	p = out_str(o, p, "registered without a port");
	answer_rewind(&again);
	while (answer_next(&again, &r)) {
		if (!r.has_port || (r.port == lo && r.port_end == hi &&
		    r.proto == proto))
			continue;
		p = out_str(o, p, sep);
		p = used_port(o, p, &r);
		sep = ", ";
		lo = r.port;
		hi = r.port_end;
		proto = r.proto;
	}
	p = sgr(o, p, f->color, SGR_RESET);
	return out_byte(o, p, '\n');
}

/*
 * "postgresql (5432)": a suggestion and its lowest port or range, with
 * "+" when it has others ("mongodb (27017+)"); a name without a port
 * stands alone.
 */
static char *
suggestion(struct out *o, char *p, const struct pi_suggestion *s,
    struct pi_labels *labels)
{
	char buf[PORT_TEXT_SIZE];
	struct pi_suggestion_ports sp;

	p = esc_text(o, p, ESC_HUMAN, s->name, s->namelen, ESC_QUOTE_MAX);
	pi_suggestion_ports(&sp, s, labels);
	if (!sp.has_port)
		return p;
	p = out_str(o, p, " (");
	p = out_str(o, p, port_text(buf, 1, sp.port, sp.port_end));
	if (sp.more)
		p = out_byte(o, p, '+');
	return out_byte(o, p, ')');
}

/*
 * On standard error, after the heading of a name that finds nothing, in
 * one piece: "portinfo: did you mean postgres (5432), postgresql
 * (5432)?", and "portinfo: try: portinfo -s kubernetes" when what was
 * typed is a word of the registry's descriptions.
 */
static void
suggestions(const struct answer *a)
{
	char buf[512], *p;
	struct out o;
	size_t i;

	out_init(&o, stderr, buf, sizeof(buf));
	p = o.p;
	for (i = 0; i < a->sug.n; i++) {
		p = out_str(&o, p, i == 0 ? "portinfo: did you mean " : ", ");
		p = suggestion(&o, p, &a->sug.s[i], a->labels);
	}
	if (a->sug.n > 0)
		p = out_str(&o, p, "?\n");
	if (a->sug.search) {
		p = out_str(&o, p, "portinfo: try: portinfo -s ");
		p = esc_text(&o, p, ESC_HUMAN, a->name, a->namelen,
		    ESC_QUOTE_MAX);
		p = out_byte(&o, p, '\n');
	}
	o.p = p;
	out_flush(&o);
}

/*
 * A heading, then a table whose columns fit this answer's records: the
 * answer is walked twice, once to measure and once to print, so nothing
 * is kept however many records there are.  Common uses follow IANA's
 * records under a line of their own.  IANA's note of unauthorized use
 * has a line of its own under its record's row, the words before it
 * IANA's column's name, as some notes say only "yes".  A name that IANA
 * lists with no port says so after IANA's rows (portless_note); one that
 * finds nothing gets its suggestions on standard error.
 */
void
human_answer(struct fmt *f, struct answer *a)
{
	struct out *o = &f->out;
	struct table t;
	struct record r;
	int common = 0, note;
	char *p;

	measure_table(a, &t);
	if (a->kind == ANSWER_INVALID)
		return;		/* said on standard error */
	p = o->p;
	if (f->groups > 0)
		p = out_byte(o, p, '\n');
	p = heading(f, o, p, a, &t);
	note = a->kind == ANSWER_NAME && t.portless && !t.ported;
	answer_rewind(a);
	while (answer_next(a, &r) && o->err == 0) {
		if (note && r.origin != PI_SOURCE_IANA) {
			p = portless_note(f, o, p, a);
			note = 0;
		}
		if (r.status == REC_COMMON && !common)
			p = common_heading(f, o, p, a, &r);
		common = r.status == REC_COMMON;
		if (r.stub && a->kind != ANSWER_PORT &&
		    a->kind != ANSWER_LIST)
			continue;
		p = row(f, o, p, &t, &r);
		if (r.unauthorized[0] == '\0')
			continue;
		p = out_str(o, p, "    unauthorized use reported: ");
		p = escaped(o, p, r.unauthorized);
		p = out_byte(o, p, '\n');
	}
	if (note)
		p = portless_note(f, o, p, a);
	o->p = p;
	fmt_flush(f);
	if (a->suggested)
		suggestions(a);
}

/*
 * "  this host, port 22: privileged (below 1024), not ephemeral
 * (32768-60999)"; or "unprivileged (from 1024)", "partly ephemeral".
 * Reserved ports, which few hosts have, are named only where there are
 * some: ", reserved" or ", partly reserved" at the end.
 */
static char *
host_heading(struct out *o, char *p, const struct host_block *b)
{
	static const char *const priv[] = {
		[DEG_NONE] = "unprivileged (from ",
		[DEG_PART] = "partly privileged (below ",
		[DEG_ALL] = "privileged (below "
	};
	static const char *const eph[] = {
		[DEG_NONE] = "not ephemeral (",
		[DEG_PART] = "partly ephemeral (",
		[DEG_ALL] = "ephemeral ("
	};
	static const char *const res[] = {
		[DEG_NONE] = "",
		[DEG_PART] = ", partly reserved",
		[DEG_ALL] = ", reserved"
	};
	char buf[PORT_TEXT_SIZE];

	p = out_str(o, p, b->lo == b->hi ? "  this host, port " :
	    "  this host, ports ");
	p = out_str(o, p, port_text(buf, 1, b->lo, b->hi));
	p = out_str(o, p, ": ");
	p = out_str(o, p, priv[b->privileged]);
	p = out_num(o, p, b->unpriv);
	p = out_str(o, p, "), ");
	p = out_str(o, p, eph[b->ephemeral]);
	p = out_str(o, p, port_text(buf, 1, b->eph_lo, b->eph_hi));
	p = out_byte(o, p, ')');
	p = out_str(o, p, res[b->reserved]);
	return out_byte(o, p, '\n');
}

/*
 * "sshd (pid 812)", or "hidden" when this user may not see who, or
 * "unknown" when looking failed.
 */
static char *
owner(struct out *o, char *p, const struct host_row *s)
{
	if (s->pid == 0)
		return out_str(o, p, s->unknown ? "unknown" : "hidden");
	if (s->command[0] != '\0') {
		p = escaped(o, p, s->command);
		p = out_byte(o, p, ' ');
	}
	p = out_str(o, p, "(pid ");
	p = out_num(o, p, s->pid);
	return out_byte(o, p, ')');
}

/*
 * What this host has on some ports: a heading, then a row for each
 * socket, "tcp  0.0.0.0:22  listen  sshd (pid 812)", in aligned columns.
 */
void
fmt_host(struct fmt *f, const struct host_block *b)
{
	const struct host_row *s, *end = b->rows + (b->sockets ? b->nrows : 0);
	size_t wend = 0, wstate = 0, n;
	struct out *o = &f->out;
	char *p;

	if (f->kind != FMT_HUMAN)
		return;
	p = host_heading(o, o->p, b);
	for (s = b->rows; s < end; s++) {
		if ((n = strlen(s->endpoint)) > wend)
			wend = n;
		if ((n = strlen(s->state)) > wstate)
			wstate = n;
	}
	if (b->sockets && wend == 0)
		p = out_str(o, p, "    nothing listening or bound\n");
	for (s = b->rows; s < end; s++) {
		p = out_str(o, p, "    ");
		p = out_str(o, p, s->protocol);
		p = out_str(o, p, "  ");
		p = out_str(o, p, s->endpoint);
		p = out_spaces(o, p, wend - strlen(s->endpoint) + 2);
		p = out_str(o, p, s->state);
		p = out_spaces(o, p, wstate - strlen(s->state) + 2);
		p = owner(o, p, s);
		p = out_byte(o, p, '\n');
	}
	o->p = p;
	fmt_flush(f);
}
