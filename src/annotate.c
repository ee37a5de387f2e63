/*
 * --annotate (annotate.h).  The extractor echoes each line as it reads
 * it; the endpoints it finds are kept, and answered at the line's end.
 */
#include <string.h>

#include "annotate.h"
#include "escape.h"
#include "extract.h"
#include "format.h"

/* The names an endpoint's annotation says once, however often met. */
#define SEEN_MAX 16

void
annotate_init(struct annotate *an, struct out *o, unsigned lookup,
    struct pi_labels *labels, int color, int hold)
{
	*an = (struct annotate){ .o = o, .lookup = lookup, .labels = labels,
	    .color = color, .hold = hold, .result = RESULT_MATCH };
}

size_t
annotate_pad(size_t *column, size_t width)
{
	/* ANNOTATE_COLUMN_MAX is a multiple of 8. */
	size_t want = ANNOTATE_COLUMN_MAX;

	if (width < ANNOTATE_COLUMN_MAX - 2)
		want = (width + 2 + 7) / 8 * 8;
	if (want > *column)
		*column = want;
	return width <= *column - 2 ? *column - width : 2;
}

static void
echo(void *arg, const char *s, size_t n)
{
	struct annotate *an = arg;

	an->o->p = esc_line(an->o, an->o->p, s, n, &an->width);
}

static int
same(const struct query *a, const struct query *b)
{
	if (a->kind != b->kind || a->protos != b->protos)
		return 0;
	if (a->kind == QUERY_NAME)
		return a->namelen == b->namelen &&
		    memcmp(a->name, b->name, a->namelen) == 0;
	return a->lo == b->lo && a->hi == b->hi;
}

/* Whether a record names something: a service, a common use, a label. */
static int
shows(const struct record *r)
{
	return !r->stub && r->service[0] != '\0' && r->status == REC_ASSIGNED;
}

/*
 * Answers endpoint q as -x does: how many of its records name something;
 * its result is folded into an->result.
 */
static size_t
ask(struct annotate *an, struct answer *a, const struct query *q)
{
	int name = q->kind == QUERY_NAME;
	struct record r;
	size_t n = 0;

	answer_query(a, name ? q->name : "", name ? q->namelen : 0, q,
	    an->lookup, 0, an->labels);
	answer_whole(a);
	while (answer_next(a, &r))
		n += shows(&r) && (a->kind != ANSWER_NAME || r.has_port);
	if (answer_result(a) > an->result)
		an->result = answer_result(a);
	return n;
}

/* Keeps h's endpoint once; one beyond room is answered for the status. */
static void
take_hit(struct annotate *an, const struct extract_hit *h)
{
	const struct query *q = &h->query;
	struct annotate_hit *k = an->hit + an->nhits;
	struct answer a;
	size_t i;

	an->found = 1;
	for (i = 0; i < an->nhits; i++) {
		if (same(&an->hit[i].q, q))
			return;
	}
	if (an->nhits == ANNOTATE_HITS || (q->kind == QUERY_NAME &&
	    q->namelen > sizeof(k->name))) {
		an->more = 1;
		ask(an, &a, q);
		return;
	}
	k->q = *q;
	k->q.digits = NULL;
	if (q->kind == QUERY_NAME) {
		memcpy(k->name, q->name, q->namelen);
		k->q.name = k->name;
	}
	an->nhits++;
}

/* "  # " after the line, or "; " between endpoints. */
static char *
sep(struct annotate *an, char *p, size_t pad, int *any)
{
	struct out *o = an->o;

	if (*any)
		return out_str(o, p, "; ");
	*any = 1;
	p = out_spaces(o, p, pad);
	if (an->color)
		p = out_str(o, p, SGR_SERVICE);
	return out_str(o, p, "# ");
}

/* "22/tcp", "6000-6063", "ssh": the endpoint, with its line's protocol. */
static char *
key(struct out *o, char *p, const struct query *q)
{
	unsigned bit = q->protos;

	if (q->kind == QUERY_NAME)
		p = esc_text(o, p, ESC_HUMAN, q->name, q->namelen, ESC_WHOLE);
	else
		p = out_range(out_room(o, p, OUT_RANGE), q->lo, q->hi);
	if (bit == 0 || (bit & (bit - 1)) != 0)
		return p;
	p = out_byte(o, p, '/');
	return out_str(o, p, pi_proto_name(bit));
}

/* " ssh, ssh-alt", or with common " (grafana, rails)": each name once. */
static char *
names(struct out *o, char *p, struct answer *a, int common)
{
	const char *seen[SEEN_MAX];
	size_t n = 0, i;
	struct record r;

	answer_rewind(a);
	while (answer_next(a, &r)) {
		if (!shows(&r) || (r.origin == PI_SOURCE_COMMON) != common)
			continue;
		for (i = 0; i < n && strcmp(seen[i], r.service) != 0; i++)
			continue;
		if (i < n)
			continue;
		p = out_str(o, p, n > 0 ? ", " : common ? " (" : " ");
		p = esc_text(o, p, ESC_HUMAN, r.service, strlen(r.service),
		    ESC_WHOLE);
		if (n < SEEN_MAX)
			seen[n++] = r.service;
	}
	return common && n > 0 ? out_byte(o, p, ')') : p;
}

/* " 22, 2222": the ports of a name's records. */
static char *
ports(struct out *o, char *p, struct answer *a)
{
	struct record r;
	unsigned lo = 0, hi = 0;
	int n = 0;

	answer_rewind(a);
	while (answer_next(a, &r)) {
		if (!shows(&r) || !r.has_port ||
		    (n > 0 && r.port == lo && r.port_end == hi))
			continue;
		lo = r.port;
		hi = r.port_end;
		p = out_str(o, p, n++ > 0 ? ", " : " ");
		p = out_range(out_room(o, p, OUT_RANGE), lo, hi);
	}
	return p;
}

/*
 * What endpoint q means, if anything: "22/tcp ssh"; or "tproxy/tcp
 * unknown" for a name that finds nothing, from a tool's host's names.
 */
static char *
endpoint(struct annotate *an, char *p, const struct query *q, size_t pad,
    int *any)
{
	struct out *o = an->o;
	struct answer a;
	int unknown;

	unknown = ask(an, &a, q) == 0;
	if (unknown && (q->kind != QUERY_NAME ||
	    answer_result(&a) != RESULT_NONE))
		return p;
	p = sep(an, p, pad, any);
	p = key(o, p, q);
	if (unknown)
		return out_str(o, p, " unknown");
	if (q->kind == QUERY_NAME)
		return ports(o, p, &a);
	p = names(o, p, &a, 0);
	return names(o, p, &a, 1);
}

/* The annotation, then the line's end as it was, the last n of "\r\n". */
static void
end_line(struct annotate *an, size_t n)
{
	struct out *o = an->o;
	int any = 0;
	size_t pad, i;
	char *p;

	pad = annotate_pad(&an->column, an->width);
	p = o->p;
	for (i = 0; i < an->nhits; i++)
		p = endpoint(an, p, &an->hit[i].q, pad, &any);
	if (an->more) {
		p = sep(an, p, pad, &any);
		p = out_str(o, p, "...");
	}
	if (any && an->color)
		p = out_str(o, p, SGR_RESET);
	p = out_str(o, p, &"\r\n"[2 - n]);
	o->p = p;
	an->width = an->nhits = 0;
	an->more = 0;
	if (!an->hold)
		out_flush(o);
}

int
annotate_stream(struct annotate *an, FILE *fp)
{
	struct extract x;
	struct extract_hit h;
	int rc = 0;

	extract_init(&x, fp, an->lookup, an->labels, echo, an);
	while (an->o->err == 0 && (rc = extract_next(&x, &h)) > 0) {
		if (rc == EXTRACT_HIT)
			take_hit(an, &h);
		else
			end_line(an, h.len);
	}
	return rc < 0 ? -1 : 0;
}
