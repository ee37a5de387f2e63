/*
 * The system's half of the local view, the one part that is not plain
 * POSIX: src/local_procfs.c reads Linux's procfs; src/local_none.c, built
 * with `make LOCAL=none`, is for systems without it.  A port to another
 * system implements these functions; local.c does the rest, and wait.c
 * watches ports with local_sys_watch.
 */
#ifndef PI_LOCAL_SYS_H
#define PI_LOCAL_SYS_H

#include "local.h"

/*
 * Fills v->host, and v->socks as v->what asks, for protos (PI_TCP,
 * PI_UDP), sorted by port, protocol, family and address, from the system
 * at root.  Returns 0, or -1 with errno (ENOTSUP where the system cannot
 * tell) and v->host.what naming the file that failed; local_sys_close
 * then undoes what was done.
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
