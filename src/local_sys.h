/*
 * The system's half of the local view, the one part that is not plain
 * POSIX: src/local_procfs.c reads Linux's procfs; src/local_none.c, built
 * with `make LOCAL=none`, is for systems without it.  A port to another
 * system implements these functions; local.c does the rest, and wait.c
 * watches ports with local_sys_watch.
 */
#ifndef PI_LOCAL_SYS_H
#define PI_LOCAL_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "local.h"

/*
 * What the files of a system's half share (local_procfs.c and
 * local_owners.c on Linux).
 */

/* -1, 0 or 1 as a is below, equal to or above b, for qsort and bsearch. */
static inline int
cmp_uint(unsigned long long a, unsigned long long b)
{
	return (a > b) - (a < b);
}

/*
 * fd, moved above standard error if it took one of 0, 1 or 2, which were
 * closed: a descriptor kept open must never be read as standard input.
 */
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

/*
 * An array v of *cap items of size bytes each, twice as long (16 items
 * if empty).  Returns it, or NULL with errno ENOMEM and v left as it is.
 */
static inline void *
grow(void *v, size_t *cap, size_t size)
{
	size_t n = *cap ? *cap : 16;

	if (*cap) {
		if (n > SIZE_MAX / 2 / size) {
			errno = ENOMEM;
			return NULL;
		}
		n *= 2;
	}
	if ((v = realloc(v, n * size)) == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	*cap = n;
	return v;
}

/*
 * Fills v->host, and v->socks as v->what asks, for protos (PI_TCP,
 * PI_UDP), sorted as local_socks says, from the system at root.
 * Returns 0, or -1 with errno (ENOTSUP where the system cannot tell) and
 * v->host.what naming the file that failed; local_sys_close then undoes
 * what was done.
 */
int local_sys_open(struct local_view *v, const char *root, unsigned protos);
void local_sys_close(struct local_view *v);

/*
 * Looks up the owners of the sockets of v on ports lo..hi for protos, if
 * v->what asks for owners and they are not known yet; see local.h.  A
 * failure is left in v->err.
 */
void local_sys_owners(struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos);

/*
 * For --wait, which looks again and again: with v open, refills v->socks
 * with the sockets of proto (PI_TCP or PI_UDP) on ports lo..hi that what
 * (LOCAL_LISTENING or LOCAL_SOCKETS) asks for, unsorted; sockets of other
 * ports may come too, but only those of lo..hi are asked of the kernel
 * where it can be told.  Returns 0, or -1 with errno and v->host.what
 * naming the file that failed.
 */
int local_sys_watch(struct local_view *v, unsigned proto, unsigned what,
    unsigned lo, unsigned hi);

#endif
