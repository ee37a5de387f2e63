/*
 * The parsers of Linux's procfs text behind the local view, strict and
 * bounded: a line that does not parse is skipped, never read with its
 * columns shifted or cut short.
 */
#ifndef PI_PROCNET_H
#define PI_PROCNET_H

#include <stddef.h>
#include <stdio.h>

#include "local.h"

/* Longest /proc/net line read; a longer one is skipped whole. */
#define PROCNET_LINE_MAX 1024

/* Parses line[0..len) (any bytes, no newline) of /proc/net/{tcp,udp}[6]
   for proto and family (4 or 6) into *s, with no owner: 1, or 0. */
int procnet_parse_line(const char *line, size_t len, unsigned proto,
    unsigned family, struct local_sock *s);

/* The next socket of a /proc/net file into *s, every other line (the
   header, a damaged one, one without its newline) skipped: 1, 0 at the
   end, or -1 on a read error, errno set. */
int procnet_read(FILE *fp, unsigned proto, unsigned family,
    struct local_sock *s);

/* The longest settings text taken: procfs cuts ip_local_reserved_ports
   to fit the first read, so it is read at once, and a list takes under
   4 bytes a port ("10000-10001," every 3 at worst). */
#define PROCNET_TEXT_MAX (4 * (size_t)LOCAL_PORTS)

/* ip_local_port_range's text[0..len), two ports separated by blanks,
   lo <= hi, and one newline at most ("32768\t60999\n"); or with hi NULL
   one port, as ip_unprivileged_port_start.  0, or -1 with errno EINVAL. */
int procnet_parse_range(const char *text, size_t len, unsigned *lo,
    unsigned *hi);

/* ip_local_reserved_ports' text[0..len) into *set: "8080,9148-9149\n",
   ascending as the kernel writes it, or "\n".  0, or -1 with *set empty
   and errno EINVAL. */
int procnet_parse_reserved(const char *text, size_t len,
    struct local_portset *set);

/* The inode of a /proc/PID/fd link's target link[0..len), "socket:[N]";
   0 if it is not a socket. */
unsigned long long procnet_socket_inode(const char *link, size_t len);

/* Room for a socket's link, with a byte more to tell a longer one. */
#define PROCNET_LINK_MAX 32

/* The pid named by a /proc entry, name[0..len); 0 if it names none. */
long procnet_pid(const char *name, size_t len);

#endif
