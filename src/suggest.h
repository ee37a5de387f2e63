/*
 * Suggestions for a service name that finds nothing: the names known
 * (IANA's, the aliases, the common uses and the labels loaded) that were
 * likely meant, each once, best first by the rule of portinfo(1)
 * (QUERIES), among those that the same lookup would find.  A name longer
 * than PI_SUGGEST_LONGEST is neither suggested nor given suggestions.
 */
#ifndef PI_SUGGEST_H
#define PI_SUGGEST_H

#include <stddef.h>
#include <stdio.h>

#include "labels.h"

#define PI_SUGGEST_MAX		3
#define PI_SUGGEST_LONGEST	64

struct pi_suggestions {
	const char *names[PI_SUGGEST_MAX]; /* best first: text[i], as the
				   table or the label file spells it */
	size_t n;
	int search;		/* what was typed is a word of the
				   registry's or the labels' descriptions:
				   -s finds it */
	unsigned searched;	/* pi_suggest's */
	char text[PI_SUGGEST_MAX][PI_SUGGEST_LONGEST + 1];
};

/* Every protocol and source a name can be found in. */
#define PI_ALL	(PI_PROTO_ANY | PI_COMMON)

/*
 * Fills *out with the suggestions for name[0..len), which found nothing
 * in the table or in labels (NULL when none are loaded) for the
 * protocols and sources of searched: none if query_name_known knows it
 * (postgresql/sctp, or an alias with --iana), for then nothing was
 * misspelt, nor if it has characters no service name has.  Each is a
 * name that a lookup of searched finds.
 */
void pi_suggest(struct pi_suggestions *out, const char *name, size_t len,
    struct pi_labels *labels, unsigned searched);

/*
 * The ports of a suggestion, in the records of its name that a lookup of
 * searched finds, the table's and the labels': the lowest port or range,
 * and whether it has another.
 */
struct pi_suggestion_ports {
	int has_port;		/* 0 when none of its records has a port */
	unsigned port, port_end;
	int more;
};

void pi_suggestion_ports(struct pi_suggestion_ports *p, const char *name,
    struct pi_labels *labels, unsigned searched);

/*
 * Writes to fp, in one piece, the suggestions for name[0..len), the
 * name of the query text[0..textlen), each line naming the query as
 * esc_error does: "portinfo: postgress: did you mean postgres (5432),
 * postgresql (5432)?", and "portinfo: kubernetes: try: portinfo -s
 * kubernetes" when search is set.
 */
void pi_suggest_say(FILE *fp, const struct pi_suggestions *sug,
    const char *text, size_t textlen, const char *name, size_t len,
    struct pi_labels *labels);

#endif
