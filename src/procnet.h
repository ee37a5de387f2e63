/*
 * The parsers of Linux's procfs text behind the local view: socket lines
 * of /proc/net/{tcp,udp}[6], the settings files ip_local_port_range and
 * ip_unprivileged_port_start, and the reserved-port list
 * ip_local_reserved_ports.  Internal to the local view: local_procfs.c
 * reads the settings with them, and the socket lines only where the
 * kernel refuses sock_diag or the procfs root is the tests' own; local.c
 * asks procnet_portset_has.  Exported for the unit tests and the fuzz
 * harness; the rest of the program uses local.h.
 *
 * Everything is parsed strictly within fixed bounds: a line that does not
 * parse is skipped, never read with its columns shifted or cut short.
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
 * Parses one line, line[0..len) without its newline, of a /proc/net file
 * for proto (PI_TCP or PI_UDP) and family (4 or 6) into *s, with no
 * owner.  Returns 1, or 0 if the line is not a well-formed socket line
 * (the header, or anything malformed or cut short).  The line may hold
 * any bytes, NUL included.
 */
int procnet_parse_line(const char *line, size_t len, unsigned proto,
    unsigned family, struct local_sock *s);

/*
 * Reads the sockets of one /proc/net file one at a time in constant
 * memory.  Lines that do not parse are skipped and counted; so is a last
 * line with no newline, which may have been cut short.
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
 * Parse the contents of ip_local_port_range ("32768\t60999\n") and of a
 * file holding one port number, such as ip_unprivileged_port_start.
 * Return 0, or -1 with errno EINVAL if the text is not exactly that, or
 * with the errno of a read error.
 */
int procnet_parse_range(FILE *fp, unsigned *lo, unsigned *hi);
int procnet_parse_port(FILE *fp, unsigned *port);

/* Whether port is in set; never for a port past PI_PORT_MAX. */
int procnet_portset_has(const struct local_portset *set, unsigned port);

/*
 * Procfs answers only a read from the start of ip_local_reserved_ports
 * and cuts the list to fit that read, so it is read at once.  The longest
 * list the kernel can write takes under 4 bytes a port, at worst
 * "10000-10001," for every 3 ports, newline included.
 */
#define PROCNET_RESERVED_MAX	(4 * (size_t)LOCAL_PORTS)

/*
 * Parses the contents of ip_local_reserved_ports into *set: ports and
 * inclusive ranges, each number 1 to 5 digits and at most PI_PORT_MAX,
 * separated by commas, such as "8080,9148-9149\n", or "\n" for none.
 * Each item starts past the end of the one before, as the kernel writes
 * them, which also bounds the work to one pass over the ports.
 * The newline is required: the kernel ends the list with it, and a read
 * that got only part of the list lacks it.  At most PROCNET_RESERVED_MAX
 * bytes are read; more is not a list the kernel writes.  Returns 0, or -1
 * with *set empty and errno EINVAL if the text is not exactly that, ENOMEM
 * if no room could be had to read it, or the errno of a read error.
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
