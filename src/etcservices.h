/*
 * One line of services(5), "name port/protocol [alias ...] [# comment]",
 * fields separated by blanks.  Names and port obey the registry's rules
 * (fields.h); a port may be a range "lo-hi".  A line that holds a NUL is
 * malformed, as in a CSV label file, where the C library would silently
 * end the line there.
 */
#ifndef PI_ETCSERVICES_H
#define PI_ETCSERVICES_H

#include <stddef.h>

#include "fields.h"

struct pi_etc_line {
	struct pi_fields f;	/* name, port, protocol; the comment after
				   '#', blanks and all, as Description */
	const char *aliases;	/* the rest of the line after the port, */
	size_t aliaseslen;	/* blanks and all */
};

/*
 * Reads s[0..len), line number line without its line break.  Returns 1
 * with *out filled in, 0 for a line of no record (blank, a comment, a
 * protocol portinfo does not know, such as ddp), or -1 with *bad filled.
 */
int pi_etc_line(const char *s, size_t len, unsigned long line,
    struct pi_etc_line *out, struct pi_bad *bad);

#endif
