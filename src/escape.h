/*
 * Escaping: what the bytes of a query, the registry, a label file, a
 * file name or the host become on their way out, in each output format
 * and in messages, and how many columns they take on a terminal.  Every
 * such byte goes through here, so that nothing reaches a terminal or a
 * parser raw; the man page's Escaping section says the same rules.
 */
#ifndef PI_ESCAPE_H
#define PI_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "out.h"

enum esc { ESC_HUMAN, ESC_TSV, ESC_CSV, ESC_JSON };

/* No limit to the columns of a text. */
#define ESC_WHOLE SIZE_MAX

/* Longest query or argument quoted in a message, in columns. */
#define ESC_QUOTE_MAX 64

/* How many bytes at the start of s[0..len) are plain (plain.h). */
size_t esc_plain_span(const char *s, size_t len);

/*
 * Writes s[0..len) escaped for esc.  If that counts more than limit
 * columns, writes only as much as fits with "..." after (human output
 * and messages only).
 */
char *esc_text(struct out *o, char *p, enum esc esc, const char *s,
    size_t len, size_t limit);

/* Columns that s[0..len) takes in human output once escaped. */
size_t esc_cols(const char *s, size_t len);

/*
 * Messages.  A value or a file name in a message is escaped as human
 * output is, cut to limit columns (ESC_WHOLE: never), and put in single
 * quotes when quote says so: always (ESC_QUOTED), or when its ends would
 * not show otherwise (ESC_QUOTE_NEEDED): when it is empty, or holds a
 * space, a colon, a single quote or a character that escaping hides.
 */
enum esc_quote { ESC_QUOTE_NEEDED, ESC_QUOTED };

/* Writes s[0..len) to fp as a value in a message. */
void esc_fput(FILE *fp, const char *s, size_t len, size_t limit,
    enum esc_quote quote);

/*
 * Writes "portinfo: VALUE: message" and a newline to fp in one piece,
 * VALUE s[0..len) as esc_fput writes it when its ends need quotes: a
 * query or an argument cut to ESC_QUOTE_MAX, a file name whole.
 */
void esc_error(FILE *fp, const char *s, size_t len, size_t limit,
    const char *message);

#endif
