/*
 * Endpoints picked out of free text: the output of ss, netstat, lsof,
 * iptables-save, nft list ruleset and docker ps, firewall listings,
 * URLs in logs.  The text is read line by line; each endpoint or port
 * mention found is handed out with the span of the line that names it,
 * what it names (as a parsed query), which side it is on, and its line
 * number.  A line that names none gives nothing.
 *
 * What counts as an endpoint (and nothing else does):
 *   host:port, [v6]:port, *:port, :::port      one side; "host:*" names
 *                                              no port and gives nothing
 *   v6:port, as netstat writes it (::1:631)    on a netstat or ss line
 *   a:b->c:d                                   lsof's pair: local, remote
 *   nHOST:PORT                                 lsof -F's name field
 *   host:port->port/proto                      Docker: host, container
 *   port/proto, a-b/proto, a:b/proto           nmap, ufw, firewalld
 *   --dport, --sport, --dports, --sports, dport, sport (and the long
 *   iptables spellings) followed by a port, a range a:b or a-b, a comma
 *   list, or a { a, b } set
 *   scheme://host[:port][/path]                a URL
 * A bare number anywhere else (a pid, an inode, a byte count, a queue
 * length) is not a port, and words such as tcp or udp are not service
 * names: they give the protocol of the endpoints after them on the line.
 *
 * Memory is constant: lines may be of any length; a word (a run of
 * bytes between blanks) longer than EXTRACT_WORD_MAX bytes is skipped
 * whole.  Any byte, NUL and invalid UTF-8 included, may appear.
 */
#ifndef PI_EXTRACT_H
#define PI_EXTRACT_H

#include <stddef.h>
#include <stdio.h>

#include "query.h"

/* Longest word read; an endpoint is one word, so a query's bound. */
#define EXTRACT_WORD_MAX QUERY_MAX

/* Which end of a connection or mapping an endpoint is. */
enum extract_side {
	EXTRACT_NOSIDE,		/* the notation does not say */
	EXTRACT_LOCAL,		/* ss, netstat, lsof: this host's end */
	EXTRACT_REMOTE,		/* ss, netstat, lsof: the peer's end */
	EXTRACT_HOST,		/* Docker: the published port */
	EXTRACT_CONTAINER	/* Docker: the container's port */
};

/* "", "local", "remote", "host", "container". */
const char *extract_side_name(enum extract_side side);

struct extract_hit {
	/*
	 * What the endpoint names: QUERY_PORT (lo..hi) or QUERY_NAME,
	 * never QUERY_INVALID.  protos is the protocol the line gives
	 * (Netid or Proto column, "/tcp", "-p tcp", "tcp dport"), else
	 * PI_PROTO_ANY.  A name points into text.
	 */
	struct query query;
	const char *text;	/* the endpoint as written, text[0..len); */
	size_t len;		/* valid until the next extract_next */
	size_t column;		/* byte offset of text in its line, from 0;
				   stops at SIZE_MAX */
	unsigned long long lineno; /* from 1 */
	enum extract_side side;
};

/* The reader's state; its members are private. */
struct extract {
	FILE *fp;
	char word[EXTRACT_WORD_MAX];
	size_t len;		/* bytes of the current word in word[] */
	size_t at;		/* offset of the current word in its line */
	size_t pos;		/* next byte of the line to be read */
	size_t scan;		/* where to go on in word[] */
	int cut;		/* the current word was longer than word[] */
	int eol;		/* the last word read ended its line */
	int eof;
	unsigned long long lineno;
	unsigned words;		/* words read so far on this line */
	unsigned protos;	/* the protocol named last on this line */
	unsigned set_protos;	/* protocols named inside a { } set */
	int columns;		/* ss, netstat or lsof line: sides by column */
	unsigned endpoints;	/* endpoint columns seen on this line */
	int want_port;		/* a --dport word came before */
	int in_set;		/* inside { }: 1, a port set; 2, another */
	int prev_proto;		/* the word before was TCP or UDP */
	int netid;		/* the line starts with tcp, udp6, ... */
	int mode;		/* how the current word's pieces are read */
	struct extract_hit pending[2];
	unsigned npending, taken;
};

void extract_init(struct extract *x, FILE *fp);

/*
 * The next endpoint.  Returns 1 with *hit filled, 0 at the end of the
 * input, -1 on a read error with errno set.  hit->text and a name in
 * hit->query point into x and change with the next call.
 */
int extract_next(struct extract *x, struct extract_hit *hit);

#endif
