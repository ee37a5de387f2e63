/*
 * Suggestions for a service name that finds nothing: the names the
 * program knows (IANA's, the aliases, the common uses and the labels
 * loaded) that were likely meant, best first, by the rule of portinfo(1)
 * (QUERIES), among those that the same lookup would find.  The names
 * from descriptions are the first PI_WORD_NAMES (index.h) of the word
 * in the registry's, and every label's whose description holds it (a
 * word as index.h makes them); within a kind, names go in registry
 * order (IANA's records, the common uses, the labels), then in the name
 * index's.  A name is suggested once.  Nothing is suggested for a name
 * of more than PI_SUGGEST_LONGEST characters, nor is such a name
 * suggested.
 *
 * The indexes read are built into the table (index.h), so a name that
 * finds nothing costs a few dozen lookups and checks, and the labels are
 * scanned in full.  A suggestion's ports are found on request: not
 * every output shows them.
 */
#ifndef PI_SUGGEST_H
#define PI_SUGGEST_H

#include <stddef.h>
#include <stdio.h>

#include "labels.h"

#define PI_SUGGEST_MAX		3
#define PI_SUGGEST_LONGEST	64

struct pi_suggestion {
	const char *name;	/* as the table or the label file spells
				   it; lives as long as they do */
	size_t namelen;		/* name is not always NUL-terminated */
};

struct pi_suggestions {
	struct pi_suggestion s[PI_SUGGEST_MAX];	/* best first */
	const char *names[PI_SUGGEST_MAX]; /* the same, NUL-terminated:
				   text[i], for a record's field */
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
 * protocols and sources of searched: none if it is known in another
 * (postgresql/sctp, or an alias with --iana), for then nothing was
 * misspelt.  Each is a name that a lookup of searched finds.
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

void pi_suggestion_ports(struct pi_suggestion_ports *p,
    const struct pi_suggestion *s, struct pi_labels *labels,
    unsigned searched);

/*
 * Writes to fp, in one piece, the suggestions for name[0..len), the
 * name of the query text[0..textlen), as human output gives them, each
 * line naming the query as esc_error does: "portinfo: postgress: did you
 * mean postgres (5432), postgresql (5432)?", a name with its lowest port
 * or range and "+" when it has others, and "portinfo: kubernetes: try:
 * portinfo -s kubernetes" when what was typed is a word of the
 * registry's or the labels' descriptions.
 */
void pi_suggest_say(FILE *fp, const struct pi_suggestions *sug,
    const char *text, size_t textlen, const char *name, size_t len,
    struct pi_labels *labels);

#endif
