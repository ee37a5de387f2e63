/*
 * The parsers of Linux's procfs text behind the local view: socket lines
 * of /proc/net/{tcp,udp}[6] (read where the kernel refuses sock_diag),
 * the settings ip_local_port_range and ip_unprivileged_port_start, the
 * list ip_local_reserved_ports, and the names of /proc's entries.  All
 * strict and within fixed bounds: a line that does not parse is skipped,
 * never read with its columns shifted or cut short.
 */
#ifndef PI_PROCNET_H
#define PI_PROCNET_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "local.h"

/* Longest /proc/net line read; a longer one is skipped whole. */
#define PROCNET_LINE_MAX 1024

/*
 * Parses line[0..len), any bytes, without its newline, of a /proc/net
 * file for proto (PI_TCP or PI_UDP) and family (4 or 6) into *s, with no
 * owner.  Returns 1, or 0 if it is not a well-formed socket line.
 */
int procnet_parse_line(const char *line, size_t len, unsigned proto,
    unsigned family, struct local_sock *s);

/*
 * Reads the sockets of a /proc/net file one at a time.  Lines that do not
 * parse are skipped and counted, and so is a last line with no newline.
 */
struct procnet_reader {
	FILE *fp;
	unsigned proto, family;
	size_t lineno;		/* lines read */
	size_t skipped;		/* lines that were neither header nor socket */
	char line[PROCNET_LINE_MAX];
};

void procnet_reader_init(struct procnet_reader *r, FILE *fp, unsigned proto,
    unsigned family);

/* Fills *s and returns 1; 0 at the end; -1 on a read error, errno set. */
int procnet_reader_next(struct procnet_reader *r, struct local_sock *s);

/*
 * ip_local_port_range ("32768\t60999\n") and a file of one port, such as
 * ip_unprivileged_port_start.  0, or -1 with errno (EINVAL: not that).
 */
int procnet_parse_range(FILE *fp, unsigned *lo, unsigned *hi);
int procnet_parse_port(FILE *fp, unsigned *port);

/* Whether port is in set; never for a port past PI_PORT_MAX. */
int procnet_portset_has(const struct local_portset *set, unsigned port);

/*
 * Procfs cuts ip_local_reserved_ports to fit the first read, so it is
 * read at once.  The longest list takes under 4 bytes a port, at worst
 * "10000-10001," for every 3 ports.
 */
#define PROCNET_RESERVED_MAX	(4 * (size_t)LOCAL_PORTS)

/*
 * Parses ip_local_reserved_ports into *set: ports and ranges, separated
 * by commas, each past the one before as the kernel writes them (which
 * bounds the work to one pass), and the newline that ends a whole list:
 * "8080,9148-9149\n", or "\n" for none.  Returns 0, or -1 with *set empty
 * and errno (EINVAL: not that, or over PROCNET_RESERVED_MAX bytes).
 */
int procnet_parse_reserved(FILE *fp, struct local_portset *set);

/*
 * The inode in the target of a /proc/PID/fd link that is a socket,
 * "socket:[N]", the whole of link[0..len); 0 if it is not one.
 */
unsigned long long procnet_socket_inode(const char *link, size_t len);

/* Room for a socket's link, with a byte more to tell a longer one. */
#define PROCNET_LINK_MAX 32

/* The pid named by a /proc entry, name[0..len); 0 if it names none. */
long procnet_pid(const char *name, size_t len);

#endif
