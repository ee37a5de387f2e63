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
	in->started = 0;
}

/*
 * Reads a UTF-8 byte-order mark at the start of fp.  Returns 0 if there
 * was one, now skipped; otherwise how many bytes of one there were (0-2),
 * now in buf: the first bytes of a token, since no part of a mark is a
 * separator.  The byte after them is put back.
 */
static size_t
skip_bom(FILE *fp, char *buf)
{
	static const unsigned char bom[] = { 0xef, 0xbb, 0xbf };
	size_t n;
	int c;

	for (n = 0; n < sizeof(bom); n++) {
		if ((c = getc_unlocked(fp)) != bom[n]) {
			if (c != EOF)
				ungetc(c, fp);
			return n;
		}
		buf[n] = (char)c;
	}
	return 0;
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
	if (!in->started) {
		in->started = 1;
		len = skip_bom(fp, in->buf);
	}
	if (len > 0)
		c = getc_unlocked(fp);
	else if ((c = skip(fp)) == EOF)
		return ferror(fp) ? -1 : 0;
	/*
	 * Counts in locals, kept apart from the bytes: through in, each
	 * byte stored could change them as far as the compiler knows, and
	 * they would be read and written again for every byte.  c is the
	 * next byte of the token unless len > 0 (part of a mark) and c
	 * ends it.
	 */
	while (len < QUERY_MAX && !ends_token(c)) {
		in->buf[len++] = (char)c;
		c = getc_unlocked(fp);
	}
	for (full = len; !ends_token(c); c = getc_unlocked(fp))
		full += full < SIZE_MAX;
	/* A token cut short by a read error is not handed out. */
	if (c == EOF && ferror(fp))
		return -1;
	in->len = len;
	in->full = full;
	return 1;
}
