/*
 * This host's own view of ports: the sockets bound to them, the
 * processes that hold each, the ephemeral range, the reserved ports, the
 * first unprivileged port, and whether a port can be bound right now.
 * local.c holds what every system shares; the system's half is
 * local_linux.c on Linux, local_none.c (make LOCAL=none) elsewhere.  A
 * process that vanishes or may not be inspected leaves its sockets with
 * no owner; running out of descriptors or memory while looking is an
 * error.
 */
#ifndef PI_LOCAL_H
#define PI_LOCAL_H

#include <sys/types.h>

#include <limits.h>
#include <stddef.h>

#include "expose.h"
#include "labels.h"
#include "portinfo.h"

/* The protocols whose sockets are looked at. */
#define LOCAL_PROTOS (PI_TCP | PI_UDP)

#define LOCAL_PROC "/proc"

/* How many port numbers there are, 0 to PI_PORT_MAX. */
#define LOCAL_PORTS (PI_PORT_MAX + 1)

/* Room for a command name (the kernel keeps 15 bytes); a longer one is
   dropped, not cut, so what is shown is never silently wrong. */
#define LOCAL_COMM_MAX 64

/* Kernel socket states, as sock_diag and /proc/net's "st" give them. */
#define LOCAL_ESTABLISHED 0x01
#define LOCAL_CLOSE	0x07	/* what an unconnected UDP socket shows */
#define LOCAL_LISTEN	0x0A

struct local_owner {
	unsigned long long inode; /* of the socket held */
	pid_t pid;
	char comm[LOCAL_COMM_MAX]; /* "" when unknown; any bytes but NUL:
				   escape it before output */
};

/* One socket of this host, from sock_diag or /proc/net/{tcp,udp}[6]. */
struct local_sock {
	unsigned proto;		/* PI_TCP or PI_UDP */
	unsigned family;	/* 4 or 6 */
	unsigned char addr[16];	/* local address in network byte order;
				   IPv4 uses the first 4 bytes */
	unsigned port;
	unsigned state;		/* LOCAL_LISTEN, LOCAL_CLOSE, ... */
	unsigned char peer[16];	/* remote address, as addr; all zero and */
	unsigned peer_port;	/* port 0 for a socket not connected */
	/* 1 if the socket has IPV6_V6ONLY, 0 if not (IPv4 too); -1 if the
	   kernel did not say, as only sock_diag does, for an IPv6 socket that
	   listens or is not connected (net.ipv6.bindv6only is a default). */
	int v6only;
	unsigned long uid;	/* owner's user id, as the kernel says */
	unsigned long long inode; /* 0 for a socket no file refers to */
	/* Once looked up (owners_known), every process found to hold it,
	   by pid; none: no process this user may look at does. */
	int owners_known;
	size_t nowners;
	const struct local_owner *owners;
};

/* "listen", "unconn", "estab", ... as ss(8) names them. */
const char *local_state_name(const struct local_sock *s);

/* A listening TCP socket, or an unconnected UDP one bound to a port, as
   --listening and `ss -ltun` show. */
int local_sock_listening(const struct local_sock *s);

/* A set of port numbers, a bit each; a port past PI_PORT_MAX is in none. */
struct local_portset {
	unsigned char bits[LOCAL_PORTS / CHAR_BIT];
};

static inline void
local_portset_add(struct local_portset *set, unsigned port)
{
	if (port <= PI_PORT_MAX)
		set->bits[port / CHAR_BIT] |= (unsigned char)(1u <<
		    port % CHAR_BIT);
}

static inline int
local_portset_has(const struct local_portset *set, unsigned port)
{
	return port <= PI_PORT_MAX &&
	    (set->bits[port / CHAR_BIT] >> (port % CHAR_BIT) & 1) != 0;
}

struct local_host {
	int procfd;
	const char *root;	/* procfs root as opened */
	const char *what;	/* file below root that failed, for messages */
	unsigned eph_lo, eph_hi; /* ephemeral ports, inclusive */
	unsigned unpriv;	/* ports below it need privilege to bind */
	struct local_portset reserved; /* never handed out as ephemeral */
};

/* Where a process that holds a socket forwards, by its command line. */
struct local_forwarder {
	pid_t pid;
	struct expose_forward f;
};

/* Sorted by port, protocol, family, address, peer, peer port, inode. */
struct local_socks {
	struct local_sock *v;
	size_t n, cap;
};

/* What local_view_open reads, or-ed. */
enum {
	LOCAL_SETTINGS = 0,	/* the host's settings only: for --free */
	LOCAL_SOCKETS = 1 << 0,	/* every socket on a port that a process
				   holds, in any state: -L, --sockets */
	LOCAL_LISTENING = 1 << 1, /* the local_sock_listening ones */
	LOCAL_OWNERS = 1 << 2	/* every pid holding each socket */
};

/* The host and its sockets.  Owners are looked up, all at once, when a
   socket that has one is first walked (local_iter_init). */
struct local_view {
	struct local_host host;
	struct local_socks socks;
	unsigned what;		/* as given to local_view_open */
	int err;		/* errno of a failed look for owners (EMFILE
				   ...), which leaves every owner unknown */
	int scan_done;		/* every process has been looked at */
	struct local_owner *owners; /* every owner found, by inode and pid */
	size_t nowners, owners_cap;
	struct local_forwarder *fwd; /* owners that forward */
	size_t nfwd, fwd_cap;
	/* The ports tried by binding, per protocol (tcp, udp), and of them
	   those in use: a record and the next often share a port. */
	struct local_portset tried[2], busy[2];
	/* The first port whose bind could not be tried (local_in_use), and
	   the errno why; 0 while none. */
	unsigned bind_port;
	int bind_err;
};

/*
 * Reads the settings of the host whose procfs is at root (LOCAL_PROC)
 * and, as what asks, the sockets of protos (other bits ignored).
 * Returns 0, or -1 with errno: ENOTSUP without /proc/net, else
 * v->host.what names the file that could not be read.  Undo with
 * local_view_close, which keeps root and what for messages.
 */
int local_view_open(struct local_view *v, const char *root, unsigned protos,
    unsigned what);
void local_view_close(struct local_view *v);

/* Where an owner of s that forwards its port sends it, "172.17.0.2:80";
   NULL for any other socket, or until its owners are looked up. */
const char *local_sock_forward(const struct local_view *v,
    const struct local_sock *s);

/* Walks the sockets of v on lo..hi for protos, owners looked up first. */
struct local_iter {
	const struct local_socks *l;
	size_t i, end;
	unsigned protos;
};

void local_iter_init(struct local_iter *it, struct local_view *v,
    unsigned lo, unsigned hi, unsigned protos);

/* The next socket, or NULL when there is none left. */
const struct local_sock *local_iter_next(struct local_iter *it);

/*
 * Whether some port of lo..hi is in use for a protocol of protos: 1 if a
 * socket of the view is on it, or, for a view of LOCAL_SOCKETS, binding
 * it on the wildcard addresses fails with EADDRINUSE (a bound TCP socket
 * that does not listen is listed nowhere); a port this process may not
 * bind is judged by the sockets alone.  0 if none is; -1 if none is
 * known to be but a bind could not be tried (no descriptor left...),
 * the first such port kept in the view.
 */
int local_in_use(struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos);

/* Whether some of ports lo..hi are ephemeral, need privilege to bind,
   or are reserved. */
struct local_facts {
	int ephemeral, privileged, reserved;
};

void local_facts(const struct local_host *h, unsigned lo, unsigned hi,
    struct local_facts *f);

/* Why --free does not offer a port: the first of its tests, in order,
   that rules it out. */
enum local_why {
	LOCAL_FREE,
	LOCAL_ASSIGNED,		/* the registry has a service on it */
	LOCAL_RESERVED,		/* ... or a record without one, other than
				   Unassigned (Reserved, De-registered) */
	LOCAL_FLAGGED,		/* IANA reports unauthorized use of it */
	LOCAL_COMMON,		/* software commonly uses it (a common use) */
	LOCAL_LABELLED,		/* a label names it */
	LOCAL_EPHEMERAL,	/* in the host's ephemeral range */
	LOCAL_HOST_RESERVED,	/* one of the host's reserved ports */
	LOCAL_IN_USE,		/* a socket is bound to it */
	LOCAL_PRIVILEGED,	/* binding it needs privilege this user lacks */
	LOCAL_WHYS
};

/* "assigned", "in use here", ...: what a count of such ports reads, by
   enum local_why. */
extern const char *const local_why_text[LOCAL_WHYS];

/*
 * A search, in ascending order, for the ports of lo..hi a new service
 * could use for every protocol of protos, by the tests of enum local_why
 * (labels: NULL for none).  why[LOCAL_FREE] counts the ports offered,
 * why[w] those ruled out first by w.
 */
struct local_free {
	const struct local_host *h;
	struct pi_labels *labels;
	unsigned protos;
	unsigned lo, hi;	/* the range searched */
	unsigned long next;	/* past hi when done */
	unsigned long why[LOCAL_WHYS];
};

void local_free_init(struct local_free *f, const struct local_host *h,
    unsigned lo, unsigned hi, unsigned protos, struct pi_labels *labels);

/* Sets *port to the next one and returns 1; 0 when none is left; -1
   with errno if a check could not be made. */
int local_free_next(struct local_free *f, unsigned *port);

/*
 * The system's half.  local_sys_open fills v->host from its root, and
 * v->socks as v->what asks, as local_view_open says.  local_sys_owners
 * looks up, once, the owners of every socket of v, if v->what asks; a
 * failure is left in v->err.  local_sys_watch refills v->socks, unsorted,
 * with the sockets of protos on lo..hi that what (LOCAL_LISTENING,
 * LOCAL_SOCKETS) asks for: 0, or -1 with errno and v->host.what set.
 */
int local_sys_open(struct local_view *v, unsigned protos);
void local_sys_owners(struct local_view *v);
int local_sys_watch(struct local_view *v, unsigned protos, unsigned what,
    unsigned lo, unsigned hi);

#endif
