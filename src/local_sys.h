/*
 * The system's half of the local view, the one part that is not plain
 * POSIX: local_procfs.c and local_owners.c on Linux, local_none.c (make
 * LOCAL=none) elsewhere.
 */
#ifndef PI_LOCAL_SYS_H
#define PI_LOCAL_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "local.h"

/* -1, 0 or 1 as a is below, equal to or above b, for qsort and bsearch. */
static inline int
cmp_uint(unsigned long long a, unsigned long long b)
{
	return (a > b) - (a < b);
}

/* fd, moved above standard error: a kept one is never standard input. */
static inline int
high_fd(int fd)
{
	int nfd, e;

	if (fd == -1 || fd > STDERR_FILENO)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	e = errno;
	close(fd);
	errno = e;
	return nfd;
}

/* Fills v->host, and v->socks as v->what asks, from the system at root,
   as local_view_open_at says; local_view_close undoes it, failed or not. */
int local_sys_open(struct local_view *v, const char *root, unsigned protos);

/*
 * Looks up, once, the owners of every socket of v, if v->what asks and
 * a socket on lo..hi for protos is held by a file: any process may hold
 * any socket, so the one look through them serves every later call.  A
 * failure is left in v->err.
 */
void local_sys_owners(struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos);

/*
 * Refills v->socks with the sockets of protos on lo..hi (and maybe
 * others) that what (LOCAL_LISTENING, LOCAL_SOCKETS) asks for, unsorted:
 * for --wait, and for local_sys_open.  Returns 0, or -1 with errno and
 * v->host.what set.
 */
int local_sys_watch(struct local_view *v, unsigned protos, unsigned what,
    unsigned lo, unsigned hi);

#endif
