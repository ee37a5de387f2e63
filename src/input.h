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

#include "query.h"

/* Bytes read from the descriptor at a time, at most. */
#define INPUT_BLOCK (64 * 1024)

struct input {
	int fd;
	const char *text;	/* the token, or its first QUERY_MAX bytes:
				   text[0..len), in block or in buf */
	size_t len;		/* at most QUERY_MAX */
	size_t full;		/* whole length of the token; > len if cut */
	int started;		/* a token was looked for: past any BOM */
	int eof;		/* the descriptor said end of file */
	int err;		/* errno of a failed read, or 0 */
	size_t pos, end;	/* the bytes read, not yet looked at:
				   block[pos..end) */
	char block[INPUT_BLOCK + 1]; /* and a separator after them */
	char buf[QUERY_MAX];	/* a token that two reads brought in */
};

/* Sets in up to read the descriptor fd, which nothing else reads. */
void input_init(struct input *in, int fd);

/*
 * Reads the next token.  A UTF-8 byte-order mark at the very start of
 * the stream (as Windows editors write one) is skipped.  Returns 1 with
 * the token in in->text[0..in->len), valid until the next call
 * (in->full > in->len when it was longer than QUERY_MAX; in->full stops
 * at SIZE_MAX), 0 at the end of
 * the input, -1 on a read error with errno set, the token being read
 * then dropped.  The end and a read error stay: every later call
 * returns the same.  A token is handed out as soon as the byte after
 * it has been read, so queries typed at a terminal are answered line
 * by line.
 */
int input_next(struct input *in);

/*
 * The next query of a command-line argument arg[0..len), from *pos on:
 * the argument split at commas as standard input is, a run of them one
 * separator, so that 22,80 is two queries and 22,,80 too.  White space
 * is left to the shell, which has split the words already: "22 " stays
 * one query, and no byte opens a comment.  Returns 1 with the query in
 * *query, *querylen and *pos past it, 0 when none is left.
 */
int input_split(const char *arg, size_t len, size_t *pos,
    const char **query, size_t *querylen);

#endif
