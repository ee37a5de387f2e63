/*
 * Queries read from a stream: separated by white space (CR included, so
 * CRLF files work) or commas, with a '#' at the start of a token opening
 * a comment that runs to the end of the line; elsewhere '#' is part of
 * the token (a URL fragment).  Every other byte, NUL included, belongs
 * to a token.  Nothing is allocated: memory stays the same however long
 * the input or any token in it.
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
	int started;		/* a token was looked for: past any BOM */
};

void input_init(struct input *in, FILE *fp);

/*
 * Reads the next token.  A UTF-8 byte-order mark at the very start of
 * the stream (as Windows editors write one) is skipped.  Returns 1 with the token in in->buf[0..in->len)
 * (in->full > in->len when it was longer than QUERY_MAX; in->full stops
 * at SIZE_MAX), 0 at the end of the input, -1 on a read error with errno
 * set, the token being read then dropped.
 */
int input_next(struct input *in);

#endif
