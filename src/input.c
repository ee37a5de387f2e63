/*
 * The stdin tokenizer.  read(2) hands over what the descriptor has: a
 * block of a file, a line typed at a terminal (fread would wait for a
 * whole block, leaving typed queries unanswered).  A token too long for
 * the buffer is counted, not kept.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

/* What separates tokens: white space and the comma. */
static const unsigned char separator[UCHAR_MAX + 1] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1,
	['\r'] = 1, [','] = 1
};

void
input_init(struct input *in, int fd)
{
	in->fd = fd;
	in->eof = in->err = 0;
	in->pos = in->end = 0;
}

/*
 * Reads more after the bytes not yet looked at, moved to the start of
 * the block, and a separator after the last one, so that a scan for one
 * needs no other bound.  Returns how many came, 0 at the end, or -1.
 */
static ssize_t
fill(struct input *in)
{
	size_t kept = in->end - in->pos;
	ssize_t n;

	if (in->err != 0) {
		errno = in->err;
		return -1;
	}
	if (in->eof)
		return 0;
	memmove(in->block, in->block + in->pos, kept);
	in->pos = 0;
	in->end = kept;
	do
		n = read(in->fd, in->block + kept, INPUT_BLOCK - kept);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		in->err = errno;
	else if (n == 0)
		in->eof = 1;
	else
		in->end += (size_t)n;
	in->block[in->end] = '\n';
	return n;
}

/*
 * Skips a UTF-8 byte-order mark at the start, reading on only while what
 * it has could still be one; part of a mark is left to a token.
 */
static int
skip_bom(struct input *in)
{
	static const char bom[] = "\xef\xbb\xbf";
	size_t have;
	ssize_t n = 1;

	while ((have = in->end - in->pos) < 3 && n > 0 &&
	    memcmp(in->block + in->pos, bom, have) == 0)
		n = fill(in);
	if (have >= 3 && memcmp(in->block + in->pos, bom, 3) == 0)
		in->pos += 3;
	return n < 0 ? -1 : 0;
}

/*
 * Skips separators and comments.  Returns 1 with the next token at
 * block[pos], 0 at the end of the input, -1 on a read error.  A comment
 * also ends at a CR, for old Mac line ends.
 */
static int
skip(struct input *in)
{
	const char *p, *end;
	int comment = 0;
	ssize_t n;

	for (;;) {
		p = in->block + in->pos;
		end = in->block + in->end;
		while (p < end) {
			if (comment) {
				/* The separator after the block stops it. */
				while (*p != '\n' && *p != '\r')
					p++;
				if (p == end)
					break;
				comment = 0;
			} else if (separator[(unsigned char)*p])
				p++;
			else if (*p == '#') {
				comment = 1;
				p++;
			} else {
				in->pos = (size_t)(p - in->block);
				return 1;
			}
		}
		in->pos = in->end;
		if ((n = fill(in)) <= 0)
			return (int)n;
	}
}

/* Where the token at block[pos] ends, looked for from block[from]. */
static size_t
token_end(const struct input *in, size_t from)
{
	const char *p = in->block + from;

	while (!separator[(unsigned char)*p])
		p++;
	return (size_t)(p - in->block);
}

/*
 * A token that runs to the end of what was read, n bytes of it so far
 * at block[pos]: read on, keeping its first QUERY_MAX bytes in buf.
 */
static int
read_on(struct input *in, size_t n)
{
	size_t len = 0, full = 0, keep;
	ssize_t got;

	for (;;) {
		keep = n < QUERY_MAX - len ? n : QUERY_MAX - len;
		memcpy(in->buf + len, in->block + in->pos, keep);
		len += keep;
		full = n < SIZE_MAX - full ? full + n : SIZE_MAX;
		in->pos += n;
		if (in->pos < in->end)
			break;		/* a separator read ends the token */
		/* A token cut short by a read error is not handed out. */
		if ((got = fill(in)) == -1)
			return -1;
		if (got == 0)
			break;
		n = token_end(in, in->pos) - in->pos;
	}
	in->text = in->buf;
	in->len = len;
	in->full = full;
	return 1;
}

/* The token at block[pos..end): handed out where it is. */
static int
token_at(struct input *in, size_t end)
{
	size_t n = end - in->pos;

	in->text = in->block + in->pos;
	in->len = n < QUERY_MAX ? n : QUERY_MAX;
	in->full = n;
	in->pos = end;
	return 1;
}

/* input_next the whole way: the start, comments, more to read. */
static int
next_slow(struct input *in)
{
	size_t end;
	int rc;

	/* At the start, past a mark; end is also 0 after the end or an
	   error. */
	if (in->end == 0 && skip_bom(in) == -1)
		return -1;
	if ((rc = skip(in)) != 1)
		return rc;
	end = token_end(in, in->pos);
	if (end == in->end)
		return read_on(in, end - in->pos);
	return token_at(in, end);
}

/*
 * The common case, a token after one separator and before another; not
 * the first, as nothing is read before it (pos + 1 >= end).
 */
int
input_next(struct input *in)
{
	const char *p = in->block + in->pos;
	size_t end;

	if (in->pos + 1 >= in->end || !separator[(unsigned char)p[0]] ||
	    separator[(unsigned char)p[1]] || p[1] == '#')
		return next_slow(in);
	/* The token starts at p[1], which is no separator. */
	end = token_end(in, in->pos + 2);
	if (end == in->end)
		return next_slow(in);
	in->pos++;
	return token_at(in, end);
}

int
input_split(const char *arg, size_t len, size_t *pos, const char **query,
    size_t *querylen)
{
	size_t i = *pos, start;

	if (i > len)
		return 0;
	while (i < len && arg[i] == ',')
		i++;
	if (*pos == 0 && i == len) {
		/* None in it: all of it is one; *pos past len ends "" too. */
		*pos = len + 1;
		*query = arg;
		*querylen = len;
		return 1;
	}
	start = i;
	while (i < len && arg[i] != ',')
		i++;
	*pos = i;
	*query = arg + start;
	*querylen = i - start;
	return i > start;
}

void
input_failed(FILE *fp, int err)
{
	fprintf(fp, "portinfo: read error: %s\n", strerror(err));
}
