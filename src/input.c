/*
 * The stdin tokenizer.  It reads byte by byte with getc_unlocked, which
 * stdio turns into a pointer bump on its own buffer, so a list of
 * millions of ports costs little more than copying it.  Nothing is
 * allocated: a token too long for the buffer is counted, not kept.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "input.h"

/* What separates tokens: white space and the comma. */
static const unsigned char separator[UCHAR_MAX + 1] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1,
	['\r'] = 1, [','] = 1
};

void
input_init(struct input *in, FILE *fp)
{
	in->fp = fp;
	in->len = 0;
	in->full = 0;
}

/*
 * Skips separators and comments; returns the first byte of the next
 * token, or EOF.  A comment also ends at a CR, for files with old Mac
 * line ends; in a CRLF file the LF that follows is a separator anyway.
 */
static int
skip(FILE *fp)
{
	int c;

	for (;;) {
		c = getc_unlocked(fp);
		if (c == EOF || !separator[c]) {
			if (c != '#')
				return c;
			do
				c = getc_unlocked(fp);
			while (c != EOF && c != '\n' && c != '\r');
			if (c == EOF)
				return EOF;
		}
	}
}

static int
ends_token(int c)
{
	return c == EOF || separator[c];
}

int
input_next(struct input *in)
{
	FILE *fp = in->fp;
	size_t len = 0, full;
	int c;

	in->len = 0;
	in->full = 0;
	if ((c = skip(fp)) == EOF)
		return ferror(fp) ? -1 : 0;
	/*
	 * Counts in locals, kept apart from the bytes: through in, each
	 * byte stored could change them as far as the compiler knows, and
	 * they would be read and written again for every byte.
	 */
	do {
		in->buf[len++] = (char)c;
		c = getc_unlocked(fp);
	} while (len < QUERY_MAX && !ends_token(c));
	for (full = len; !ends_token(c); c = getc_unlocked(fp))
		full += full < SIZE_MAX;
	/* A token cut short by a read error is not handed out. */
	if (c == EOF && ferror(fp))
		return -1;
	in->len = len;
	in->full = full;
	return 1;
}
