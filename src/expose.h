/* Who can reach a socket, and where a forwarder sends what reaches it. */
#ifndef PI_EXPOSE_H
#define PI_EXPOSE_H

#include <netinet/in.h>

#include <stddef.h>

/*
 * Who can reach a socket bound to addr (network byte order, 4 or 16
 * bytes by family): "loopback", this host only (127.0.0.0/8, ::1);
 * "any", every interface (0.0.0.0, ::); "address", one address of this
 * host.  An IPv4-mapped address (::ffff:a.b.c.d) as its IPv4 address.
 */
const char *expose_reach(unsigned family, const unsigned char *addr);

/* Whether a socket bound to addr takes IPv4 too: 1 for :: without
   IPV6_V6ONLY, 0 for any other, -1 for :: if v6only is -1 (unknown). */
int expose_dual_stack(unsigned family, const unsigned char *addr,
    int v6only);

#define EXPOSE_ENDPOINT_MAX (INET6_ADDRSTRLEN + sizeof("[]:65535"))

/* "a.b.c.d:port" or "[v6]:port" for addr (network byte order, 4 or 16
   bytes by family, 4 or 6) into buf: 1, or 0 if it does not fit. */
int expose_endpoint(unsigned family, const unsigned char *addr,
    unsigned port, char *buf, size_t size);

/* Most arguments, and bytes of a command line, read of a forwarder. */
#define EXPOSE_ARGS_MAX		64
#define EXPOSE_CMDLINE_MAX	4096

/* Where a forwarder sends what reaches its port. */
struct expose_forward {
	unsigned port;		/* the port it listens on, 1-65535 */
	char to[EXPOSE_ENDPOINT_MAX]; /* "172.17.0.2:80", "[fd00::2]:80" */
};

/* Whether comm, a command name, is a forwarder whose arguments tell. */
int expose_forwarder(const char *comm);

/* Where the forwarder comm sends its port, by its arguments argv[0 ..
   argc): 1 with *f filled, or 0 (*f zeroed) if they do not say it whole. */
int expose_forward(const char *comm, int argc, const char *const argv[],
    struct expose_forward *f);

/* Splits buf[0..len), arguments each ended by a NUL as /proc/PID/cmdline
   holds them, into argv: how many, or -1 if over max or not NUL-ended. */
int expose_split(const char *buf, size_t len, const char *argv[], int max);

#endif
