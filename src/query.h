/* One query, as a user writes it, parsed into what to look up. */
#ifndef PI_QUERY_H
#define PI_QUERY_H

#include <stddef.h>
#include <stdio.h>

#include "labels.h"

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
	unsigned protos;	/* from a "/proto" suffix; PI_PROTO_ANY
				   if none */
	const char *digits;	/* the text, digits[0..ndigits), when it is
				   lo (== hi) as a program writes it: "22",
				   not "022" or "host:22"; NULL otherwise */
	size_t ndigits;
	int other_host;		/* names a host that is not this one */
	const char *error;	/* static text, for QUERY_INVALID */
};

/*
 * Parses text[0..len), which may hold any bytes, NUL included.  Forms:
 *   22, 0022              a decimal port, 0-65535
 *   8000-8100             an inclusive range, lo <= hi
 *   ssh, SSH, whois++     a service name, returned as typed; whether the
 *                         registry has it is for the caller to find out
 *   22/tcp, ssh/udp       any of those restricted to one protocol
 *   6000:6010             the range 6000-6010, as iptables and ufw
 *                         write it: a host is never all digits
 *   host:22, [v6]:443     the port (or service name) after the host;
 *                         other_host is set unless the host is this
 *                         one: localhost, "*", or a loopback or
 *                         wildcard address (127.0.0.0/8, 0.0.0.0, ::1,
 *                         ::, IPv4-mapped ones too)
 *   :::22                 netstat's IPv6 wildcard, the port after it
 *   :22                   lsof's and ss's port on any address
 *   tcp:22, UDP:8000-8100 lsof's form: the port, range or name, and the
 *                         protocol before it, as 22/tcp
 *   scheme://host[:port][/path]
 *                         the port, else the scheme's default port (a
 *                         URL's path is a path, never a protocol);
 *                         other_host as for host:22
 * A name that starts with a digit (3com-tsmux) or holds a '/' (cl/1) is
 * accepted only if registered.  A malformed query comes back as
 * QUERY_INVALID with a static one-line reason that never quotes the
 * input; so do forms that would be answered wrongly: "a:b->c:d" pairs
 * (lsof, Docker) and /proc/net addresses (0100007F:0016, hexadecimal).
 */
void query_parse(const char *text, size_t len, struct query *q);

/* The query of a token longer than QUERY_MAX: invalid. */
void query_too_long(struct query *q);

/* Makes q invalid for why, static text. */
void query_invalid(struct query *q, const char *why);

/*
 * Whether a query of name[0..len), of any protocol, finds a record, in
 * any case: IANA's names; with PI_COMMON in lookup, aliases and common
 * uses too; and the names and aliases of labels (NULL: none).  A name
 * with characters no service name has is none.
 */
int query_name_known(const char *name, size_t len, unsigned lookup,
    const struct pi_labels *labels);

/*
 * Whether a query of s[0..len) asks for the service name s[0..len), not
 * for a port, a name and a protocol, or nothing: what a label's names
 * must be (9lab, ssh/tcp and _x are not).
 */
int query_asks_name(const char *s, size_t len);

/*
 * Every name a query may be, one a line, but those with characters no
 * service name has: the registry's names, aliases and common uses that a
 * query of lookup's protocols and sources finds, each once whatever its
 * case, in order ignoring case; then the names and aliases of labels
 * (NULL: none) of those protocols that the registry lacks, in order.
 */
void query_names(struct pi_labels *labels, unsigned lookup, FILE *fp);

#endif
