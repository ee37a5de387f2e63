/*
 * One query, as a user writes it on the command line or in a list fed to
 * standard input, parsed into what to look up.
 */
#ifndef PI_QUERY_H
#define PI_QUERY_H

#include <stddef.h>

/* Longest query accepted, in bytes; a longer one is invalid. */
#define QUERY_MAX 4096

enum query_kind {
	QUERY_INVALID,		/* error says why */
	QUERY_PORT,		/* lo..hi; lo == hi for one port */
	QUERY_NAME		/* name[0..namelen), a service name */
};

struct query {
	enum query_kind kind;
	unsigned lo, hi;
	const char *name;	/* points into the parsed text */
	size_t namelen;
	unsigned protos;	/* from a "/proto" suffix; PI_PROTO_ANY if none */
	const char *error;	/* static text, for QUERY_INVALID */
};

/*
 * Parses text[0..len), which may hold any bytes, NUL included.  Forms:
 * 22, 8000-8100, ssh, any of those with /tcp, host:port, [v6]:port and
 * scheme://host[:port][/path] (the scheme's default port when no port is
 * given).  Never fails: a malformed query comes back as QUERY_INVALID.
 */
void query_parse(const char *text, size_t len, struct query *q);

#endif
