/*
 * A record of output: plain data, which the formatter (format.h) prints
 * whether the registry (answer.h) or the host (host.h) made it.
 */
#ifndef PI_RECORD_H
#define PI_RECORD_H

#include <stddef.h>
#include <string.h>

#include "ascii.h"
#include "portinfo.h"

enum rec_status {
	REC_ASSIGNED,
	REC_RESERVED,
	REC_UNASSIGNED,
	REC_UNKNOWN,		/* a name or text the registry does not have */
	REC_INVALID,		/* a malformed query; error says why */
	REC_PARTIAL		/* -x: a range no service covers whole,
				   some of its ports one (answer_whole) */
};

/*
 * What this host has on a record's port (outfield.h's local fields): one
 * socket on it, or, for a record with no socket, whether it is in use.
 */
struct record_local {
	int ports;		/* has ports: the degrees mean something */
	int sockets;		/* and socket protocols: in_use does */
	int in_use;		/* some socket holds one of the ports */
	int sock;		/* one socket's: address to forward do */
	const char *address;	/* "127.0.0.1", "::1"; plain text */
	const char *exposure;	/* who can reach it: "loopback", "any",
				   "address" (expose.h) */
	int dual_stack;		/* 1: "::" taking IPv4 too; 0; -1 unknown */
	const char *state;	/* "listen", "unconn", "estab"... */
	const char *peer;	/* "192.0.2.7:51514", "[::1]:22"; "" when
				   not connected */
	unsigned long uid;	/* the socket's owner, as the kernel says */
	int owners_known;	/* holders looked for: pids to process do */
	const char *const *pids; /* each holder's pid as digits, and its */
	const char *const *commands; /* command, "" unknown, [0 .. nowners) */
	size_t nowners;
	const char *process;	/* "nginx/900,901,sshd/812"; "" none */
	const char *forward;	/* where a forwarder sends: "172.17.0.2:80";
				   "" none */
	int ephemeral, privileged, reserved; /* some of the ports are */
};

/*
 * What an endpoint's or a socket's port means (outfield.h's name
 * fields): IANA's services, the common uses, the labels, each name once,
 * names[0 .. nservices + ncommon + nlabels).
 */
struct record_names {
	const char *const *names;
	size_t nservices, ncommon, nlabels;
	const char *meaning;	/* "hbci+1, grafana, nextjs"; "" none */
};

/* A word of a fixed vocabulary, which no format escapes; { "", 0 }: none. */
#define WORD(text) { (text), sizeof(text) - 1 }

/* Where -x found the endpoint a record answers (outfield.h). */
struct record_source {
	unsigned long long line; /* from 1 */
	const char *side;	/* "local", "remote", "host", "container";
				   "" when the notation does not say */
};

/* One record of output, built whole; strings are never NULL, "" is none. */
struct record {
	const char *query;	/* the query as given: any bytes */
	size_t querylen;
	int has_port;		/* 0: port, port_end and range mean nothing */
	unsigned port, port_end;
	int port_is_query;	/* the query is port's decimal digits as
				   every format writes them */
	struct pi_word range;	/* class of port..port_end, or "mixed"
				   (range_word) */
	unsigned proto;		/* one PI_* bit, or 0 */
	const char *service;
	const char *alias;	/* the name asked for when it is an alias
				   of service ("smtps" for submissions) */
	const char *description;
	const char *reference;
	enum rec_status status;
	enum pi_source origin;	/* whose record it is (portinfo.h) */
	const char *error;
	const char *unauthorized; /* IANA's note of unauthorized use */
	int stub;		/* stands for no registry record */
	int plain;		/* service to unauthorized need no
				   escaping (ascii.h) */
	const char *const *suggestions; /* an unknown name's likely meant
				   (suggest.h), [0 .. nsuggestions); else
				   NULL, nsuggestions unset */
	size_t nsuggestions;
	const struct record_names *names; /* an endpoint's or a socket's:
				   what its port means; else NULL */
	const struct record_local *local; /* NULL unless the host is asked */
	const struct record_source *source; /* NULL unless extracting */
};

/* The status words, by status (answer.c): bytes, nothing to relocate. */
extern const struct status_word {
	char s[sizeof("unassigned")];
	unsigned char n;
} rec_status_words[];

/* A record's status field: its origin's name if not IANA's, else its status. */
static inline struct pi_word
rec_status_word(const struct record *r)
{
	const char *s;

	if (r->origin == PI_SOURCE_IANA)
		return (struct pi_word){ rec_status_words[r->status].s,
		    rec_status_words[r->status].n };
	s = pi_source_name(r->origin);
	return (struct pi_word){ s, strlen(s) };
}

#endif
