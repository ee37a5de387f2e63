/*
 * --wait: until every port asked is listening on this host, or free, or
 * a timeout passes.  The queries are resolved once to the ports of each
 * protocol; each look then asks the local view about those ports alone.
 */
#ifndef PI_WAIT_H
#define PI_WAIT_H

#include <stdio.h>

#include "ascii.h"
#include "labels.h"
#include "local.h"

enum wait_for {
	WAIT_LISTENING,		/* a listening tcp socket, a bound udp one */
	WAIT_FREE		/* no socket at all */
};

/* The names of the conditions, as --wait takes them and as the line that
   says what became true tells it; NULL after the last. */
extern const char *const wait_for_names[];

/* How long a wait lasts unless told, and at most; 0 is for ever. */
#define WAIT_TIMEOUT_DEFAULT_NS (60LL * 1000000000)
#define WAIT_TIMEOUT_MAX_S	1000000
#define WAIT_TIMEOUT_ERROR \
	"not a number of seconds from 0 to " XSTR(WAIT_TIMEOUT_MAX_S) \
	", such as 2.5"

/* The protocols watched: tcp, then udp, as the ports are told. */
#define WAIT_PROTOS		2

/* The ports of one protocol, and what the last look saw. */
struct wait_ports {
	unsigned proto;		/* PI_TCP or PI_UDP */
	struct local_portset want;
	struct local_portset held; /* a socket that counts is on them */
	unsigned lo, hi;	/* want's lowest and highest; lo > hi: none */
};

struct wait {
	enum wait_for cond;
	struct wait_ports ports[WAIT_PROTOS];
};

/*
 * --timeout's SECONDS: decimal digits, then maybe a point and 1 to 9
 * more; no sign, space or exponent; at most WAIT_TIMEOUT_MAX_S.  Sets
 * *ns and returns 0, or returns -1.
 */
int wait_timeout_parse(const char *s, long long *ns);

/*
 * Sets w up to wait for cond on the ports of the queries of
 * args[0..nargs), split at commas as any query argument is, and for "-",
 * or with no argument when it is not a terminal, of standard input:
 * ports, ranges and names (the ports of their records and labels), for
 * the protocols each names of lookup's, or if it names none, tcp for
 * WAIT_LISTENING and tcp and udp for WAIT_FREE.  Returns 0, or -1 after
 * a message on err for each query that is invalid, unknown (and unless
 * quiet, the names suggested for it), or has no tcp or udp port to
 * watch, for a read error, or if there was no query.
 */
int wait_resolve(struct wait *w, enum wait_for cond, unsigned lookup,
    struct pi_labels *labels, char *const args[], int nargs, int quiet,
    FILE *err);

/*
 * Looks at w's ports through v, a view open on this host, until all of
 * them are as asked, or for timeout_ns at most (0: for ever).  Unless
 * quiet, then says so on out in one line, or at the timeout names on
 * err each port not yet as asked.  Returns 0, 1 at the timeout, or -1
 * with errno (and v->host.what) if a look failed.  SIGINT and SIGTERM
 * end the process, killed by the signal once it is caught between two
 * looks; one ignored when the process started stays ignored.
 */
int wait_run(struct wait *w, struct local_view *v, long long timeout_ns,
    int quiet, FILE *out, FILE *err);

#endif
