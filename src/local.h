/*
 * This host's own view of ports: which sockets listen or are bound, which
 * process holds each, the range the kernel hands out as ephemeral ports,
 * the ports it keeps out of that range, the first port an unprivileged
 * user may bind, and whether a port can be bound right now.
 *
 * Linux keeps all of this in procfs, which is read as plain files: the
 * code is portable POSIX and compiles anywhere, and on a system without
 * /proc/net local_open fails with errno ENOTSUP.  Everything read from
 * procfs is parsed strictly within fixed bounds; a line that does not
 * parse is skipped, and a process that vanishes or may not be inspected
 * leaves its sockets "hidden", never an error.
 */
#ifndef PI_LOCAL_H
#define PI_LOCAL_H

#include <sys/types.h>

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "portinfo.h"

/* The protocols whose sockets are looked at. */
#define LOCAL_PROTOS (PI_TCP | PI_UDP)

/* procfs is looked for here unless local_open is given another root. */
#define LOCAL_PROC "/proc"

/* How many port numbers there are, 0 to PI_PORT_MAX. */
#define LOCAL_PORTS (PI_PORT_MAX + 1)

/* Longest /proc/net line read; a longer one is skipped whole. */
#define LOCAL_LINE_MAX 1024

/*
 * Room for a command name.  The kernel keeps at most 15 bytes; a longer
 * one is not cut but dropped, so what is shown is never silently wrong.
 */
#define LOCAL_COMM_MAX 64

/* Room for an address as local_addr_str writes it (INET6_ADDRSTRLEN). */
#define LOCAL_ADDRSTRLEN 46

/* Kernel socket states, as /proc/net shows them in the "st" column. */
#define LOCAL_ESTABLISHED 0x01
#define LOCAL_CLOSE	0x07	/* what an unconnected UDP socket shows */
#define LOCAL_LISTEN	0x0A

/* One socket of this host, from a line of /proc/net/{tcp,udp}[6]. */
struct local_sock {
	unsigned proto;		/* PI_TCP or PI_UDP */
	unsigned family;	/* 4 or 6 */
	unsigned char addr[16];	/* local address in network byte order;
				   IPv4 uses the first 4 bytes */
	unsigned port;		/* local port */
	unsigned state;		/* LOCAL_LISTEN, LOCAL_CLOSE, ... */
	unsigned long uid;	/* owner's user id, as the kernel says */
	unsigned long long inode; /* 0 for a socket no file refers to */
	pid_t pid;		/* lowest pid holding it; 0 when hidden */
	char comm[LOCAL_COMM_MAX]; /* its command name, "" when unknown; any
				   bytes but NUL: escape it before output */
};

/*
 * Parses one line, line[0..len) without its newline, of a /proc/net file
 * for proto (PI_TCP or PI_UDP) and family (4 or 6) into *s, owner left
 * hidden.  Returns 1, or 0 if the line is not a well-formed socket line
 * (the header, or anything malformed or cut short).  The line may hold any
 * bytes, NUL included.
 */
int local_parse_line(const char *line, size_t len, unsigned proto,
    unsigned family, struct local_sock *s);

/*
 * Whether a socket holds its port against others: a listening TCP socket
 * or a UDP socket bound to a port.
 */
int local_sock_holds(const struct local_sock *s);

/* "listen", "unconn", "estab", ... as ss(8) names the states. */
const char *local_state_name(const struct local_sock *s);

/*
 * Writes the local address as text ("127.0.0.1", "::", "::ffff:10.0.0.1")
 * into buf.  Returns 0, or -1 with errno ENOSPC if size is too small.
 */
int local_addr_str(const struct local_sock *s, char *buf, size_t size);

/*
 * Reads the sockets of one /proc/net file one at a time in constant
 * memory.  Lines that do not parse are skipped and counted; so is a last
 * line with no newline, which may have been cut short.
 */
struct local_reader {
	FILE *fp;
	unsigned proto, family;
	size_t lineno;		/* lines read */
	size_t skipped;		/* lines that were neither header nor socket */
	char line[LOCAL_LINE_MAX];
};

void local_reader_init(struct local_reader *r, FILE *fp, unsigned proto,
    unsigned family);

/* Fills *s and returns 1; 0 at the end; -1 on a read error, errno set. */
int local_reader_next(struct local_reader *r, struct local_sock *s);

/*
 * Parse the contents of ip_local_port_range ("32768\t60999\n") and of a
 * file holding one port number, such as ip_unprivileged_port_start.
 * Return 0, or -1 with errno EINVAL if the text is not exactly that, or
 * with the errno of a read error.
 */
int local_parse_range(FILE *fp, unsigned *lo, unsigned *hi);
int local_parse_port(FILE *fp, unsigned *port);

/* A set of port numbers, a bit each. */
struct local_portset {
	unsigned char bits[LOCAL_PORTS / CHAR_BIT];
};

/* Whether port is in set; never for a port past PI_PORT_MAX. */
int local_portset_has(const struct local_portset *set, unsigned port);

/*
 * Parses the contents of ip_local_reserved_ports into *set: ports and
 * inclusive ranges, each number 1 to 5 digits and at most PI_PORT_MAX,
 * separated by commas, such as "8080,9148-9149\n", or "\n" for none.
 * Each item starts past the end of the one before, as the kernel writes
 * them, which also bounds the work to one pass over the ports.
 * The newline is required: the kernel ends the list with it, and a read
 * that got only part of the list lacks it.  The text is read a byte at a
 * time, so it may have any length.  Returns 0, or -1 with *set empty and
 * errno EINVAL if the text is not exactly that, or the errno of a read
 * error.
 */
int local_parse_reserved(FILE *fp, struct local_portset *set);

/* A growable list of sockets, sorted as local_load leaves it. */
struct local_socks {
	struct local_sock *v;
	size_t n, cap;
};

void local_socks_init(struct local_socks *l);
void local_socks_free(struct local_socks *l);

/* Appends a copy of *s; returns 0, or -1 with errno ENOMEM. */
int local_socks_add(struct local_socks *l, const struct local_sock *s);

/*
 * The sockets on port, which are l->v[*first .. *first + count), count
 * returned; l must be sorted by port, as local_load leaves it.
 */
size_t local_socks_find(const struct local_socks *l, unsigned port,
    size_t *first);

/*
 * Walks the sockets of a list sorted by port that are on ports lo..hi,
 * for the protocols in protos.
 */
struct local_iter {
	const struct local_socks *l;
	size_t i, end;
	unsigned protos;
};

void local_iter_init(struct local_iter *it, const struct local_socks *l,
    unsigned lo, unsigned hi, unsigned protos);

/* The next socket, or NULL when there is none left. */
const struct local_sock *local_iter_next(struct local_iter *it);

/* The host, opened once; its fields may be read. */
struct local_host {
	int procfd;
	const char *root;	/* procfs root as given to local_open */
	const char *what;	/* file below root that failed, for messages */
	unsigned eph_lo, eph_hi; /* ephemeral ports, inclusive */
	unsigned unpriv;	/* ports below it need privilege to bind */
	struct local_portset reserved; /* never handed out as ephemeral */
};

/*
 * Opens procfs at root (LOCAL_PROC if NULL) and reads the ephemeral range,
 * the reserved ports (none when the kernel predates the setting) and the
 * first unprivileged port (1024 when the kernel predates the setting).
 * Returns 0, or -1 with errno: ENOTSUP when root has no net/tcp, as on
 * systems other than Linux; otherwise h->what names the file that could
 * not be read.  Undo with local_close.
 */
int local_open(struct local_host *h, const char *root);
void local_close(struct local_host *h);

int local_is_ephemeral(const struct local_host *h, unsigned port);
int local_is_privileged(const struct local_host *h, unsigned port);
int local_is_reserved(const struct local_host *h, unsigned port);

/* How many ports of lo..hi are reserved. */
unsigned long local_reserved_in(const struct local_host *h, unsigned lo,
    unsigned hi);

/*
 * Replaces the contents of l with every socket of protos (PI_TCP, PI_UDP;
 * other bits ignored) that holds its port, over IPv4 and IPv6, each with
 * the lowest pid holding it and that process's command name where this
 * user may see them, sorted by port, protocol, family and address.
 * Returns 0, or -1 with errno and h->what set.
 */
int local_load(struct local_host *h, struct local_socks *l,
    unsigned protos);

/*
 * Whether proto (PI_TCP or PI_UDP) port can be bound on 127.0.0.1 right
 * now, found by binding it and letting it go.  Returns 1 if it can, 0 if
 * it is in use or needs privilege this process lacks, -1 with errno on
 * any other failure.
 */
int local_port_free(unsigned proto, unsigned port);

/*
 * A search, in ascending order, for ports of lo..hi that a new service
 * could use: for every protocol of protos (PI_TCP, PI_UDP) nothing in
 * held (NULL for nothing) holds it and it can be bound right now; it is
 * outside h's ephemeral range, where the kernel could hand it to any
 * outgoing connection; it is not one of h's reserved ports, which the
 * administrator keeps for some known service; and the registry has it,
 * for every protocol, as "Unassigned" and nothing else: not assigned,
 * not reserved by IANA, and not marked as once used ("Deprecated",
 * "De-registered"...).
 */
struct local_free {
	const struct local_host *h;
	const struct local_socks *held;
	unsigned protos;
	unsigned long next, hi;	/* past PI_PORT_MAX when done */
};

void local_free_init(struct local_free *f, const struct local_host *h,
    const struct local_socks *held, unsigned lo, unsigned hi,
    unsigned protos);

/*
 * Sets *port to the next one and returns 1; returns 0 when none is left,
 * -1 with errno if a check could not be made.
 */
int local_free_next(struct local_free *f, unsigned *port);

/* The host and its sockets, as the command shows them. */
struct local_view {
	struct local_host host;
	struct local_socks socks;
};

/*
 * local_open(LOCAL_PROC) and local_load of protos into v; the same
 * errors, with v closed again.  Undo with local_view_close.
 */
int local_view_open(struct local_view *v, unsigned protos);
void local_view_close(struct local_view *v);

/* What the host says of ports lo..hi for the protocols in protos. */
struct local_facts {
	size_t holders;		/* sockets that hold one of the ports */
	const struct local_sock *owner; /* of them, the one held by the
				   lowest pid this user may see; or NULL */
	int ephemeral;		/* some of the ports are ephemeral */
	int privileged;		/* some of them need privilege to bind */
	int reserved;		/* some of them are reserved */
};

void local_facts(const struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos, struct local_facts *f);

#endif
