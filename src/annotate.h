/*
 * --annotate: the lines of another program's output, as they were
 * (escaped by esc_line but for a CR before the newline), each followed
 * by what its endpoints (extract.h) mean, in a column of their own:
 *
 *   tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*     # 22/tcp ssh
 */
#ifndef PI_ANNOTATE_H
#define PI_ANNOTATE_H

#include <stddef.h>
#include <stdio.h>

#include "answer.h"
#include "labels.h"
#include "out.h"
#include "query.h"

/* The endpoints a line's annotation names; beyond them, "...". */
#define ANNOTATE_HITS 32
/* The longest name of an endpoint kept; a longer one counts as beyond. */
#define ANNOTATE_NAME 64
/* The column annotations may start at, at most. */
#define ANNOTATE_COLUMN_MAX 80

struct annotate_hit {
	struct query q;		/* a name points into name */
	char name[ANNOTATE_NAME];
};

struct annotate {
	struct out *o;
	unsigned lookup;	/* answer_query's protos */
	struct pi_labels *labels;
	int color;		/* the annotation in colour */
	int hold;		/* leave lines in the buffer until it is full */
	size_t column;		/* where annotations start (annotate_pad) */
	size_t width;		/* the columns of the line so far */
	struct annotate_hit hit[ANNOTATE_HITS];
	size_t nhits;
	int more;		/* the line names more than hit holds */
	enum answer_result result; /* the worst of every endpoint's */
	int found;		/* an endpoint was */
};

void annotate_init(struct annotate *an, struct out *o, unsigned lookup,
    struct pi_labels *labels, int color, int hold);

/*
 * Reads fp to its end, or until a write fails (an->o->err).  Returns 0,
 * or -1 with errno on a read error.
 */
int annotate_stream(struct annotate *an, FILE *fp);

/*
 * The spaces between a line width columns wide and its annotation: up to
 * *column, the column of the annotations so far, which each line moves
 * on to the next multiple of 8 two columns past it, or to
 * ANNOTATE_COLUMN_MAX if that is less; at least two.
 */
size_t annotate_pad(size_t *column, size_t width);

#endif
