/* What the records of an answer mean, by name (meaning.h). */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "meaning.h"
#include "out.h"

/*
 * How far back a name is looked for before it is added: far enough for
 * any port's, where the same name comes over several protocols, and
 * short enough that a range's thousands of names cost no more than
 * their walk.
 */
#define SEEN_BACK 32

enum { SERVICES, COMMON, LABELS };

/* Adds name at the end of its source's names, unless it is there. */
static int
add(struct meaning *m, int which, const char *name)
{
	size_t end = 0, start, i;
	const char **v;
	int k;

	for (k = 0; k <= which; k++)
		end += m->count[k];
	start = end - m->count[which];
	for (i = end > start + SEEN_BACK ? end - SEEN_BACK : start; i < end;
	    i++)
		if (strcmp(m->names[i], name) == 0)
			return 0;
	if ((v = grow(m->names, &m->cap, m->n + 1, sizeof(*v))) == NULL)
		return -1;
	m->names = v;
	memmove(m->names + end + 1, m->names + end,
	    (m->n - end) * sizeof(*m->names));
	m->names[end] = name;
	m->n++;
	m->count[which]++;
	return 0;
}

/*
 * "hbci+1, grafana, nextjs": the first service, how many more, then
 * every other name, into the text, made room for first.
 */
static int
make_text(struct meaning *m)
{
	size_t i, n, need = 2 + OUT_DIGITS + 1;
	char *p;

	for (i = 0; i < m->n; i++)
		need += strlen(m->names[i]) + 2;
	if ((p = grow(m->text, &m->textcap, need, 1)) == NULL)
		return -1;
	m->text = p;
	for (i = 0, p = m->text; i < m->n; i++) {
		if (i > 0 && i < m->count[SERVICES])
			continue;
		if (p > m->text)
			p = out_copy(p, ", ", 2);
		n = strlen(m->names[i]);
		p = out_copy(p, m->names[i], n);
		if (i == 0 && m->count[SERVICES] > 1) {
			*p++ = '+';
			p = out_digits(p, m->count[SERVICES] - 1);
		}
	}
	*p = '\0';
	return 0;
}

int
meaning_of(struct meaning *m, struct answer *a)
{
	static const char *none[1];
	unsigned asked = a->protos & PI_PROTO_ANY;
	struct record r;
	int first = 1, ported = 0, agree = 1;

	m->n = m->count[SERVICES] = m->count[COMMON] = m->count[LABELS] = 0;
	answer_rewind(a);
	while (answer_next(a, &r)) {
		if (first) {
			m->first = r;
			m->proto = r.proto;
			first = 0;
		}
		/*
		 * The ports are kept where all records with a port agree
		 * (https's DNS-SD record has none), the protocol where all
		 * records do.
		 */
		if (r.has_port && !ported) {
			m->lo = r.port;
			m->hi = r.port_end;
			ported = 1;
		} else if (r.has_port)
			agree &= r.port == m->lo && r.port_end == m->hi;
		if (r.proto != m->proto)
			m->proto = 0;
		if (r.stub || r.service[0] == '\0')
			continue;
		if (add(m, r.origin == PI_SOURCE_IANA ? SERVICES :
		    r.origin == PI_SOURCE_COMMON ? COMMON : LABELS,
		    r.service) == -1)
			return -1;
	}
	m->has_port = ported && agree;
	if (a->kind == ANSWER_PORT) {
		m->has_port = 1;
		m->lo = a->lo;
		m->hi = a->hi;
	}
	if ((asked & (asked - 1)) == 0)
		m->proto = asked;
	/* A list of none is not NULL: the lists are m->names plus counts. */
	m->rec = (struct record_names){ m->names != NULL ? m->names : none,
	    m->count[SERVICES], m->count[COMMON], m->count[LABELS], "" };
	if (make_text(m) == -1)
		return -1;
	m->rec.meaning = m->text;
	return 0;
}

void
meaning_free(struct meaning *m)
{
	free(m->names);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

void
meaning_record(const struct meaning *m, const struct answer *a,
    struct record *r)
{
	answer_base(r, a, m->has_port, m->lo, m->hi);
	r->proto = m->proto;
	r->status = m->first.status;
	r->origin = m->first.origin;
	r->error = m->first.error;
	r->suggestions = m->first.suggestions;
	r->nsuggestions = m->first.nsuggestions;
	r->names = &m->rec;
}
