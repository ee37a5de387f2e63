/*
 * What the words of a line mean (extract_rules.c), for the reader of
 * extract.c: it hands each word to rules_word, then calls rules_pieces
 * until the word is read (x->scan reaches its end), handing out the
 * hits each call leaves in x->pending; rules_line starts each line.
 */
#ifndef PI_EXTRACT_RULES_H
#define PI_EXTRACT_RULES_H

#include "extract.h"

/* The kinds of token (struct extract_token). */
enum { TOKEN_WORD, TOKEN_EOL, TOKEN_END };

/* Forgets what the line before said. */
void rules_line(struct extract *x);

/*
 * Reads what x->cur says about its line, looking at x->next if
 * x->ahead; sets x->scan to 0 if its pieces are to be read.
 */
void rules_word(struct extract *x);

/* Reads pieces of x->cur until one gives a hit or the word ends. */
void rules_pieces(struct extract *x);

#endif
