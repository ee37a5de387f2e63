/* What this host has, as records (record.h) for -L, --listening and
   --sockets: one a socket of the local view, with what its port means. */
#ifndef PI_HOST_H
#define PI_HOST_H

#include <netinet/in.h>

#include <stddef.h>

#include "answer.h"
#include "local.h"
#include "meaning.h"
#include "record.h"

/* A pid as digits, and its NUL. */
#define HOST_PID_SIZE 24

struct host {
	struct local_view *view;
	unsigned *seen;		/* serial of the last answer that gave the
				   socket a record, by socket */
	unsigned serial;	/* of the answer under way */
	/* The owners of one socket, in one block with room for owners_cap:
	   their pids, their command names, the pids' text, and all of them
	   as people read them. */
	const char **pids;
	const char **commands;
	char (*pidtext)[HOST_PID_SIZE];
	char *process;
	size_t owners_cap;
	char address[INET6_ADDRSTRLEN];
	char peer[EXPOSE_ENDPOINT_MAX];
	struct record_local local; /* the local fields of the last record */
	struct meaning meaning;	/* what the port of the last one means */
	unsigned mport, mproto;	/* which port and protocol; mproto 0: none */
	size_t hidden;		/* sockets whose holders this user may not
				   see, among the records made */
};

/* Sets h up for the sockets of v, which must outlive it: 0, or -1 with
   errno ENOMEM.  Undo with host_close. */
int host_open(struct host *h, struct local_view *v);
void host_close(struct host *h);

/* Takes one record of output; it may be changed. */
typedef void host_emit(void *ctx, struct record *r);

/*
 * Hands emit a record for each socket of the view on the ports of a
 * (the port or range asked, or those of its records) for the protocols
 * asked, each once, with what its port means for its protocol; if there
 * is none, one record for a, with whether its ports are in use.
 * Returns 0, or -1 with errno ENOMEM.
 */
int host_records(struct host *h, struct answer *a, host_emit *emit,
    void *ctx);

/* Whether some port of a is in use here for a protocol asked, as
   local_in_use says: 1, 0, -1 if a bind could not be tried; -2 if a asks
   for no port of a protocol sockets have.  Walks a again. */
int host_in_use(struct host *h, struct answer *a);

#endif
