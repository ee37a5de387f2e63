/*
 * Escaping: what the bytes of a query, the registry, a label file, a
 * file name or the host become on their way out, in each output format
 * and in messages, and the columns they take on a terminal.  Every such
 * byte goes through here, so that nothing reaches a terminal or a parser
 * raw; the man page's Escaping section says the same rules.
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
 * columns (human output and messages), as much as fits and
 * ESC_SHORT_MARK.  Toward the limit a character that takes no column
 * counts one, so that a run of them is shortened too.
 */
char *esc_text(struct out *o, char *p, enum esc esc, const char *s,
    size_t len, size_t limit);

/*
 * The length of the start of s[0..len) that esc_text writes with limit:
 * len when it writes it whole, else what comes before ESC_SHORT_MARK.
 */
size_t esc_short(const char *s, size_t len, size_t limit);

/*
 * Human output on a terminal: writes s[0..len) escaped, whole if it
 * fits in room columns as esc_cols counts them (with a column to spare
 * if more is to follow it), else as much as fits in room - 1 and
 * ESC_CUT_MARK, which takes one.
 */
#define ESC_CUT_MARK "\xe2\x80\xa6"	/* U+2026, the ellipsis */
char *esc_cut(struct out *o, char *p, const char *s, size_t len, size_t room,
    int more);

/*
 * Writes s[0..len) as a text field of format esc: escaped, and in
 * double quotes where the format wants them: always in JSON; in csv when
 * it holds a comma or a quote (RFC 4180), or when it starts as a formula
 * would (esc_csv_formula), then with a single quote before it.
 */
char *esc_field(struct out *o, char *p, enum esc esc, const char *s,
    size_t len);

/*
 * Writes items[0..n) as one tsv or csv field: the items escaped and
 * joined by commas, a comma in an item written \x2c so that the commas
 * between items are the only ones; quoted in csv as esc_field quotes.
 */
char *esc_list(struct out *o, char *p, enum esc esc,
    const char *const *items, size_t n);

/*
 * Whether a csv field that starts with c could be taken for a formula:
 * =, +, -, @, tab and carriage return, as OWASP's guidance on CSV
 * injection lists them; such a field gets a single quote before its
 * text, as it advises.  So does one that starts with a single quote,
 * so that a reader can always take the first one off.
 */
static inline int
esc_csv_formula(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r' || c == '\'';
}

/*
 * Writes s[0..len), a piece of a line of another program's output shown
 * as it was (--annotate): what a terminal would act on or hide, and bytes
 * that are not UTF-8, escaped as in human output; everything else, the
 * tab and the backslash included, as it is.  *col, the columns of the
 * line so far, moves on, over a tab to the next multiple of 8.  A UTF-8
 * sequence cut between two pieces would be escaped as bad bytes: the
 * extractor cuts none (extract.h).
 */
char *esc_line(struct out *o, char *p, const char *s, size_t len,
    size_t *col);

/*
 * Columns that s[0..len) takes on a terminal once escaped in human
 * output: those by which a line is padded and cut to the terminal's
 * width.
 */
size_t esc_cols(const char *s, size_t len);

/*
 * Writes s[0..len) to fp as a value in a message: escaped as human
 * output is, cut to limit columns, in single quotes always (ESC_QUOTED)
 * or when its ends would not show otherwise (ESC_QUOTE_NEEDED): when it
 * is empty, or holds a space, a colon, a single quote, a control
 * character, DEL or a character that escaping hides: one of the man
 * page's table of them, not a backslash or a byte that is not UTF-8.
 */
enum esc_quote { ESC_QUOTE_NEEDED, ESC_QUOTED };
void esc_fput(FILE *fp, const char *s, size_t len, size_t limit,
    enum esc_quote quote);

/*
 * Writes "portinfo: VALUE: message" and a newline to fp in one piece:
 * a query or an argument cut to ESC_QUOTE_MAX, a file name whole.
 */
void esc_error(FILE *fp, const char *s, size_t len, size_t limit,
    const char *message);

/*
 * Writes "portinfo: VALUE: ", s[0..len) as esc_error writes it: the
 * start of a message whose writer makes the rest.
 */
char *esc_head(struct out *o, char *p, const char *s, size_t len,
    size_t limit);

#endif
