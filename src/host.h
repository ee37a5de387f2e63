/*
 * What this host has on the ports of an answer, as record data
 * (record.h): the stage between the registry's answer and the output,
 * run only with -L or --listening.  It turns the local view (local.h)
 * into the local fields of each record and into the blocks of the human
 * report, so that the formatter prints them without knowing the host.
 */
#ifndef PI_HOST_H
#define PI_HOST_H

#include <stddef.h>

#include "answer.h"
#include "local.h"
#include "record.h"

/* "[2001:db8::1]:65535" and its NUL. */
#define HOST_ENDPOINT_SIZE (LOCAL_ADDRSTRLEN + sizeof("[]:65535"))

/* A pid as digits, and its NUL. */
#define HOST_PID_SIZE 24

struct host {
	const struct local_view *view;
	char (*text)[HOST_ENDPOINT_SIZE]; /* each socket's endpoint, made
				   once: view->socks.v[i] is text[i] */
	char (*addr)[LOCAL_ADDRSTRLEN]; /* and its address alone */
	unsigned *seen;		/* serial of the last answer that gave the
				   socket a record, alike */
	unsigned serial;	/* of the answer under way */
	char (*pidtext)[HOST_PID_SIZE]; /* the owners of one socket: */
	const char **pids;	/* their pids, */
	const char **commands;	/* and their command names, */
	size_t owners_cap;	/* room for this many */
	int err;		/* errno of a failure to make room, or 0 */
	struct host_row *rows;	/* those of one block */
	struct record_local local; /* the local fields of the last record */
	unsigned plo, phi;	/* the ports of the last block */
	int done;
};

/*
 * Sets h up for the sockets of v, which must outlive it.  Room for what
 * is made of each socket is allocated here, once, for all the sockets
 * the view has; room for owners as sockets with more of them come.
 * Returns -1 with errno set if there is no memory.
 */
int host_open(struct host *h, const struct local_view *v);
void host_close(struct host *h);

/* Takes one record of output; it may be changed. */
typedef void host_emit(void *ctx, struct record *r);

/*
 * Hands emit every record of a with what this host has on its ports,
 * for the machine formats: for each record of the registry, a record
 * for each socket on its ports (of its protocol, or of those asked when
 * it names none), with the socket's protocol where the registry names
 * none; or, if there is none, the record alone, its socket fields null.
 * Then each socket the human report on a lists (host_blocks) that no
 * record took, with the registry's records for its port and protocol,
 * so that no socket is left out.  Returns 0, or -1 with errno ENOMEM
 * (h->err) if the owners of a socket found no room.
 */
int host_records(struct host *h, struct answer *a, host_emit *emit,
    void *ctx);

/*
 * Whether some port of a is in use on this host for a protocol asked
 * (local_in_use): the port or range asked, or the ports of a name's
 * records.  Walks a again.
 */
int host_in_use(struct host *h, struct answer *a);

/*
 * The blocks of the human report on a: the port or range asked, or each
 * port of the records of a name, a search or a list.  host_blocks starts over; host_block_next
 * fills *b and returns 1, or returns 0 when done.  *b stays valid until
 * the next call.
 */
void host_blocks(struct host *h, struct answer *a);
int host_block_next(struct host *h, struct answer *a, struct host_block *b);

#endif
