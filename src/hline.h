/*
 * Lines of human output, cut on a terminal to its width (struct fmt's
 * width), each cut line ending in an ellipsis; elsewhere whole.  A line
 * is started with hline_start, written a piece at a time with the
 * others, and ended with hline_end, which writes the newline.  Each
 * function takes and returns the write position in f's buffer.
 */
#ifndef PI_HLINE_H
#define PI_HLINE_H

#include <stddef.h>

#include "format.h"

/* The colours of human output and of --annotate's notes (ECMA-48 SGR). */
#define SGR_BOLD "\033[1m"
#define SGR_SERVICE "\033[32m"	/* a service name, a note */
#define SGR_STUB "\033[33m"
#define SGR_RESET "\033[0m"

/*
 * A line being written: the columns it has taken, of width (0: any).
 * A piece that reaches the last column is held back, copied to f->held
 * with the colour codes after it, until it is known whether more
 * follows: then the line is cut and the piece makes room for the
 * ellipsis; else it is written whole when the line ends.
 */
struct hline {
	struct fmt *f;
	size_t col, width;
	int full;		/* cut: the rest of the line is dropped */
	int held;		/* a piece is held */
	size_t blanks;		/* the held piece's blanks, */
	size_t len;		/* text, f->held[0..len), */
	size_t end;		/* and codes, f->held[len..end) */
};

struct hline hline_start(struct fmt *f);

/*
 * Writes blanks spaces, then s[0..len) escaped, as much of both as the
 * line has room for: a line cut ends in the ellipsis.
 */
char *hline_fit(struct hline *l, char *p, size_t blanks, const char *s,
    size_t len);
char *hline_put(struct hline *l, char *p, const char *s);

/* A terminal's control text, if on; it takes no column. */
char *hline_sgr(struct hline *l, char *p, int on, const char *code);

/* Ends the line, with the newline. */
char *hline_end(struct hline *l, char *p);

#endif
