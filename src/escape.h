/*
 * Escaping: what text from outside becomes in each output format and in
 * messages, and the columns it takes on a terminal, so that nothing
 * reaches a terminal or a parser raw (the man page's Escaping section).
 */
#ifndef PI_ESCAPE_H
#define PI_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "out.h"

enum esc { ESC_HUMAN, ESC_TSV, ESC_CSV, ESC_JSON };

#define ESC_WHOLE SIZE_MAX	/* no limit to a text's columns */
#define ESC_QUOTE_MAX 64	/* most columns of a query in a message */
#define ESC_SHORT_MARK "..."	/* what ends a text shortened to a limit */

/*
 * Writes s[0..len) escaped for esc; if that takes more than limit
 * columns, as much as fits and ESC_SHORT_MARK.  Toward the limit a
 * character that takes no column counts one.
 */
char *esc_text(struct out *o, char *p, enum esc esc, const char *s,
    size_t len, size_t limit);

/* The length of the start of s[0..len) that esc_text keeps at limit. */
size_t esc_short(const char *s, size_t len, size_t limit);

/*
 * Writes s[0..len) escaped for a terminal, whole if it fits in room
 * columns (with one to spare if more is to follow it), else as much as
 * fits in room - 1 and ESC_CUT_MARK.
 */
#define ESC_CUT_MARK "\xe2\x80\xa6"	/* U+2026, the ellipsis */
char *esc_cut(struct out *o, char *p, const char *s, size_t len, size_t room,
    int more);

/*
 * Writes s[0..len) as a text field of esc: escaped, in double quotes
 * always in JSON, in csv when it holds a comma or a quote (RFC 4180) or
 * starts as a formula would, then with a single quote before it.
 */
char *esc_field(struct out *o, char *p, enum esc esc, const char *s,
    size_t len);

/*
 * Writes items[0..n) as one tsv or csv field, joined by commas, a comma
 * in an item written \x2c; quoted as esc_field quotes.
 */
char *esc_list(struct out *o, char *p, enum esc esc,
    const char *const *items, size_t n);

/*
 * Whether a csv field that starts with c could be taken for a formula,
 * as OWASP's guidance on CSV injection lists them, or starts with the
 * single quote put before such a field, so that a reader can always
 * take the first one off.
 */
static inline int
esc_csv_formula(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r' || c == '\'';
}

/*
 * Writes s[0..len), a piece of another program's line (--annotate): what
 * a terminal would act on or hide, and bytes that are not UTF-8, escaped
 * as in human output, the rest as it is.  *col, the line's columns so
 * far, moves on, over a tab to the next multiple of 8.
 */
char *esc_line(struct out *o, char *p, const char *s, size_t len,
    size_t *col);

/* Columns that s[0..len) takes on a terminal once escaped. */
size_t esc_cols(const char *s, size_t len);

/*
 * Writes s[0..len) as a value in a message: escaped as human output is,
 * cut to limit columns, in single quotes when its ends would not show
 * otherwise.
 */
char *esc_value(struct out *o, char *p, const char *s, size_t len,
    size_t limit);

/* Writes "portinfo: VALUE: message" and a newline to fp in one piece. */
void esc_error(FILE *fp, const char *s, size_t len, size_t limit,
    const char *message);

/* Writes "portinfo: VALUE: ", the start of a message as esc_error's. */
char *esc_head(struct out *o, char *p, const char *s, size_t len,
    size_t limit);

#endif
