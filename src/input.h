/*
 * Queries read from a stream: separated by white space (CR included) or
 * commas; a '#' at the start of a token opens a comment to the end of
 * the line (elsewhere it is part of the token: a URL fragment).  Every
 * other byte, NUL included, belongs to a token.  Memory stays the same
 * however long the input or any token in it.
 */
#ifndef PI_INPUT_H
#define PI_INPUT_H

#include <stddef.h>
#include <stdio.h>

#include "query.h"

/* Bytes read from the descriptor at a time, at most. */
#define INPUT_BLOCK (64 * 1024)

struct input {
	int fd;
	const char *text;	/* the token, or its first QUERY_MAX bytes:
				   text[0..len), in block or in buf */
	size_t len;		/* at most QUERY_MAX */
	size_t full;		/* its length, to SIZE_MAX; > len if cut */
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
 * Reads the next token, past a UTF-8 byte-order mark at the very start.
 * Returns 1 with the token in in->text[0..in->len), valid until the next
 * call; 0 at the end; -1 on a read error with errno set, the token being
 * read dropped.  The end and an error stay.  A token is handed out once
 * the byte after it is read, so that queries typed at a terminal are
 * answered line by line.
 */
int input_next(struct input *in);

/* Says on fp that standard input could not be read, and err's reason. */
void input_failed(FILE *fp, int err);

/*
 * The next query of a command-line argument arg[0..len), from *pos on,
 * which starts at 0: split at runs of commas as standard input is, but
 * not at white space (the shell's) nor at comments; an argument that
 * holds none ("", ",") is one, all of it, and invalid.  Returns 1 with
 * the query in *query, *querylen and *pos past it, 0 when none is left.
 */
int input_split(const char *arg, size_t len, size_t *pos,
    const char **query, size_t *querylen);

#endif
