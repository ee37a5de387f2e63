/*
 * Queries read from a stream: separated by white space or commas, with
 * '#' starting a comment that runs to the end of the line.  Memory stays
 * bounded however long the input or any token in it.
 */
#ifndef PI_INPUT_H
#define PI_INPUT_H

#include <stddef.h>
#include <stdio.h>

#include "query.h"

struct input {
	FILE *fp;
	char buf[QUERY_MAX];	/* the token, or its first QUERY_MAX bytes */
	size_t len;		/* bytes in buf */
	size_t full;		/* whole length of the token; > len if cut */
};

void input_init(struct input *in, FILE *fp);

/*
 * Reads the next token.  Returns 1 with the token in in->buf[0..in->len)
 * (in->full > in->len when it was longer than QUERY_MAX), 0 at the end of
 * the input, -1 on a read error with errno set.
 */
int input_next(struct input *in);

#endif
