/*
 * The endpoint extractor's reader, a word at a time.  The word after the
 * current one on its line is read ahead, since a few rules look at it
 * (ufw's ALLOW after a bare port); the end of a line is a token of its
 * own, so reading ahead never waits for the next line.
 */
#include <stdio.h>
#include <string.h>

#include "extract.h"

void
extract_init(struct extract *x, FILE *fp, unsigned lookup,
    const struct pi_labels *labels, void (*echo)(void *, const char *,
    size_t), void *arg)
{
	*x = (struct extract){ .fp = fp, .lineno = 1, .lookup = lookup,
	    .labels = labels, .echo = echo, .echo_arg = arg };
	x->cur = &x->tok[0];
	x->next = &x->tok[1];
	x->cur->kind = TOKEN_EOL;
}

static void
flush_echo(struct extract *x)
{
	if (x->nechoed > 0)
		x->echo(x->echo_arg, x->echoed, x->nechoed);
	x->nechoed = 0;
}

/*
 * Keeps byte c of the line for the echo, which is handed on before a
 * byte that starts a character, and before it is full: a UTF-8 lead
 * byte is kept only with room for its three continuation bytes after
 * it, so that no piece cuts a character.
 */
static void
take(struct extract *x, int c)
{
	size_t room = sizeof(x->echoed) - x->nechoed;

	if (x->echo == NULL)
		return;
	if (room == 0 || (room <= 3 && (c & 0xc0) != 0x80))
		flush_echo(x);
	x->echoed[x->nechoed++] = (char)c;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void
end_token(struct extract *x, struct extract_token *t, int c)
{
	t->lineno = x->lineno;
	/*
	 * The input's last line is a line if it holds anything; only an
	 * echo tells the two apart, and it holds a byte once any of the
	 * line's is read.
	 */
	t->kind = c == '\n' || x->nechoed > 0 ? TOKEN_EOL : TOKEN_END;
	x->lineno += c == '\n';
	x->words = 0;
}

/*
 * Reads the next token into t.  Returns 1, or -1 on a read error.  A
 * newline after a word is put back, to be the end of the line; so is
 * the end of the input, as C11 keeps it (7.21.7.1).
 */
static int
read_token(struct extract *x, struct extract_token *t)
{
	size_t len = 0;
	int c;

	while ((c = getc_unlocked(x->fp)) != EOF && c != '\n' && is_blank(c))
		take(x, c);
	if (c == EOF && ferror(x->fp))
		return -1;
	if (c == EOF || c == '\n') {
		end_token(x, t, c);
		return 1;
	}
	t->kind = TOKEN_WORD;
	t->lineno = x->lineno;
	t->index = x->words++;
	t->cut = 0;
	do {
		if (len < sizeof(t->s))
			t->s[len++] = (char)c;
		else
			t->cut = 1;
		take(x, c);
	} while ((c = getc_unlocked(x->fp)) != EOF && c != '\n' &&
	    !is_blank(c));
	t->len = len;
	if (c == '\n')
		ungetc(c, x->fp);
	else if (c != EOF)
		take(x, c);
	return 1;
}

/* Moves on to the next token, and reads the one after it if a word. */
static int
advance(struct extract *x)
{
	struct extract_token *t = x->cur;

	if (t->kind == TOKEN_WORD) {
		x->cur = x->next;
		x->next = t;
	} else if (read_token(x, x->cur) < 0)
		return -1;
	x->scan = x->cur->len;
	if (x->cur->kind == TOKEN_WORD && read_token(x, x->next) < 0)
		return -1;
	return 1;
}

/*
 * The end of the line: the rest of its echo, but for a CR before its
 * newline, which with the newline ends it.  The line's last byte is
 * still in echoed, as take hands on none before the next.
 */
static void
end_echo(struct extract *x, struct extract_hit *hit)
{
	/* After a newline the reader is on the next line. */
	size_t end = x->lineno != x->cur->lineno;

	if (end && x->nechoed > 0 && x->echoed[x->nechoed - 1] == '\r') {
		x->nechoed--;
		end++;
	}
	flush_echo(x);
	*hit = (struct extract_hit){ .len = end, .lineno = x->cur->lineno };
}

int
extract_next(struct extract *x, struct extract_hit *hit)
{
	for (;;) {
		if (x->taken < x->npending) {
			*hit = x->pending[x->taken++];
			return EXTRACT_HIT;
		}
		x->npending = x->taken = 0;
		if (x->scan < x->cur->len) {
			rules_piece(x);
			continue;
		}
		if (x->cur->kind == TOKEN_END)
			return EXTRACT_END;
		if (advance(x) < 0)
			return -1;
		if (x->cur->kind == TOKEN_WORD) {
			rules_word(x);
			continue;
		}
		memset(&x->line, 0, sizeof(x->line));
		if (x->echo != NULL && x->cur->kind == TOKEN_EOL) {
			end_echo(x, hit);
			return EXTRACT_EOL;
		}
	}
}
