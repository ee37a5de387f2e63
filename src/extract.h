/*
 * Endpoints picked out of free text, the output of other tools (-x; the
 * manual lists what counts as one): each endpoint or port mention found
 * is handed out with the span of the line that names it, what it names
 * (as a parsed query), which side it is on, and its line number.
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

/* What extract_next hands out. */
enum extract_event {
	EXTRACT_END,		/* the input is over */
	EXTRACT_HIT,		/* an endpoint */
	EXTRACT_EOL		/* a line is over (with an echo only) */
};

struct extract_hit {
	/*
	 * What the endpoint names: QUERY_PORT (lo..hi) or QUERY_NAME,
	 * never QUERY_INVALID.  protos is the protocol the line gives
	 * for it, else PI_PROTO_ANY.  A name points into text.
	 */
	struct query query;
	const char *text;	/* the endpoint as written, text[0..len); */
	size_t len;		/* valid until the next extract_next */
	unsigned long long lineno; /* from 1 */
	/*
	 * Which end of a connection or mapping it is: "local" or "remote"
	 * in a table of sockets, Docker's "host" (the published port) or
	 * "container"; "" where the notation does not say.
	 */
	const char *side;
};

/* One word of the input, or the end of a line or of the input. */
enum { TOKEN_WORD, TOKEN_EOL, TOKEN_END };

struct extract_token {
	char s[EXTRACT_WORD_MAX];
	size_t len;		/* bytes kept in s */
	unsigned long long lineno;
	unsigned index;		/* its place among its line's words */
	int kind;
	int cut;		/* a word longer than s: not kept */
};

/* The reader's state; its members are private. */
struct extract {
	FILE *fp;
	struct extract_token tok[2];
	struct extract_token *cur;	/* the word being read */
	struct extract_token *next;	/* the token after it, if cur is one */
	unsigned long long lineno;
	unsigned words;		/* words read so far on this line */
	unsigned lookup;
	const struct pi_labels *labels;
	void (*echo)(void *, const char *, size_t);
	void *echo_arg;
	char echoed[256];	/* bytes read, not yet echoed */
	size_t nechoed;
	/* What the line says so far: 0 at its start. */
	struct {
		unsigned protos;	/* the protocol named last */
		unsigned set_protos;	/* protocols named inside { } */
		int columns;		/* a table of sockets */
		unsigned endpoints;	/* endpoint columns seen */
		int want;		/* what a keyword says is next */
		int in_set;		/* inside { }: a port set or another */
		int prev_proto;		/* the word before was TCP or UDP */
		int netid;		/* the line starts with tcp, udp6... */
	} line;
	int ss_rows;		/* the lines go on a table of ss without
				   Netid and State */
	/* How the current word's pieces are read. */
	int mode;
	unsigned word_protos;	/* the word's own protocol, if it has one */
	int bare;		/* a bare port is one here (ufw, lists) */
	int cited;		/* a URL without a port here is cited */
	size_t scan;		/* where to go on in cur->s */
	struct extract_hit pending[2];
	unsigned npending, taken;
};

/*
 * Reads fp.  A port may be written as the service names a query of them
 * finds with lookup (answer_query's protos: PI_COMMON adds aliases and
 * common uses) and labels (NULL: none), as query_name_known says.
 *
 * With echo (--annotate), every byte read is handed to echo(arg, bytes,
 * n), in order, in pieces that cut no UTF-8 character, the ends of lines
 * left out; and after the last endpoint of each line, extract_next
 * returns EXTRACT_EOL, with hit->lineno the line and hit->len how it
 * ended: 0 with the input, 1 with a newline, 2 with a CR and a newline.
 * No byte of a line is read before the one before it is over.
 */
void extract_init(struct extract *x, FILE *fp, unsigned lookup,
    const struct pi_labels *labels, void (*echo)(void *, const char *,
    size_t), void *arg);

/*
 * The next endpoint.  Returns EXTRACT_HIT with *hit filled, EXTRACT_EOL
 * as extract_init says, EXTRACT_END at the end of the input, -1 on a
 * read error with errno set.  hit->text and a name in hit->query point
 * into x and change with the next call.
 */
int extract_next(struct extract *x, struct extract_hit *hit);

/*
 * What the words mean (extract_rules.c).  rules_word reads what x->cur
 * says about its line, looking at x->next, and sets x->scan to 0 if its
 * pieces are to be read; rules_piece reads the one at x->scan, leaves its
 * hits in x->pending and moves x->scan past it.
 */
void rules_word(struct extract *x);
void rules_piece(struct extract *x);

/*
 * The element of table[0..count), each size bytes, sorted by the string
 * it starts with, whose string is s[0..n); NULL if none.
 */
const void *extract_find(const char *s, size_t n, const void *table,
    size_t count, size_t size);
#define EXTRACT_FIND(s, n, table) extract_find(s, n, table, \
    sizeof(table) / sizeof(table[0]), sizeof(table[0]))

/*
 * The shapes of addresses with a port in them (extract_addr.c).
 * addr_colon splits s[0..n) into host and port if it is [v6]:port,
 * [v6]%zone:port, :::port, *:port, v4:port, name:port, name[addr]:port,
 * or v6:port in a table of sockets (columns set); the port part may be
 * "*".  In such a table any host name goes; elsewhere a host must look
 * like one.  addr_split also takes addr#port, and the BSDs' addr.port in
 * a table of sockets.  addr_url says whether s[0..n) is a URL,
 * scheme://..., and *port whether it writes its port.
 */
int addr_colon(const char *s, size_t n, int columns, const char **port,
    size_t *portlen);
int addr_split(const char *s, size_t n, int columns, const char **port,
    size_t *portlen);
int addr_url(const char *s, size_t n, int *port);

#endif
