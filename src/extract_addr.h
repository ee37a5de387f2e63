/*
 * The shapes of addresses with a port in them, for the extractor's
 * rules (extract_rules.c): where the port of host:port, [v6]:port,
 * addr.port, addr#port or a URL is.  In a table of sockets (columns
 * set) any host name goes, v6:port as netstat writes it, and the BSDs'
 * addr.port; elsewhere a host must look like one.
 */
#ifndef PI_EXTRACT_ADDR_H
#define PI_EXTRACT_ADDR_H

#include <stddef.h>

/*
 * Splits s[0..n) into host and port if it has the shape of an endpoint
 * with a colon: [v6]:port, [v6]%zone:port, :::port, *:port, v4:port,
 * name:port, name[addr]:port, and v6:port in a table of sockets.  The
 * port part may be "*".
 */
int addr_colon(const char *s, size_t n, int columns, const char **port,
    size_t *portlen);

/* addr_colon's shapes, addr#port, and addr.port in a table of sockets. */
int addr_split(const char *s, size_t n, int columns, const char **port,
    size_t *portlen);

/* Whether s[0..n) is a URL, scheme://...; *port, whether it writes one. */
int addr_url(const char *s, size_t n, int *port);

#endif
