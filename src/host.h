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

struct host {
	const struct local_view *view;
	char (*text)[HOST_ENDPOINT_SIZE]; /* each socket's endpoint, made
				   once: view->socks.v[i] is text[i] */
	const char **endpoints;	/* those of one record */
	struct host_row *rows;	/* those of one block */
	struct record_local local; /* the local fields of the last record */
	unsigned plo, phi;	/* the ports of the last block */
	int done;
};

/*
 * Sets h up for the sockets of v, which must outlive it.  The room for
 * one record's sockets is allocated here, once, for all the sockets the
 * view has.  Returns -1 with errno set if there is no memory.
 */
int host_open(struct host *h, const struct local_view *v);
void host_close(struct host *h);

/*
 * Adds to r, a record of the answer a (NULL if unknown), what this host
 * has on its ports.  r->local stays valid until the next call.
 */
void host_record(struct host *h, const struct answer *a, struct record *r);

/*
 * The blocks of the human report on a: the port or range asked, or each
 * port of a name's records.  host_blocks starts over; host_block_next
 * fills *b and returns 1, or returns 0 when done.  *b stays valid until
 * the next call.
 */
void host_blocks(struct host *h, struct answer *a);
int host_block_next(struct host *h, struct answer *a, struct host_block *b);

#endif
