/*
 * One line of the classic services(5) file, /etc/services:
 *
 *	name port/protocol [alias ...] [# comment]
 *
 * fields separated by blanks (spaces and tabs), a comment running from
 * '#' to the end of the line.  The name, the aliases and the port obey
 * the registry's rules (fields.h); a port may also be a range "lo-hi".
 * A line that holds a NUL byte is malformed, as in a CSV label file: the
 * C library's reader would end the line there, and drop what follows
 * without a word.
 */
#ifndef PI_ETCSERVICES_H
#define PI_ETCSERVICES_H

#include <stddef.h>

#include "fields.h"

struct pi_etc_line {
	const char *name;
	size_t namelen;
	unsigned lo, hi;
	unsigned proto;		/* one PI_* bit */
	const char *aliases;	/* from the first alias to the end of the */
	size_t aliaseslen;	/* last, blanks between them as they are */
	const char *comment;	/* after '#' and the blanks after it */
	size_t commentlen;
};

/*
 * Reads s[0..len), the text of line number line without its line break.
 * Returns 1 with *out filled in, 0 for a line that holds no record (blank,
 * a comment, or a protocol portinfo does not know, such as ddp), or -1
 * with *bad saying why.
 */
int pi_etc_line(const char *s, size_t len, unsigned long line,
    struct pi_etc_line *out, struct pi_bad *bad);

#endif
