/*
 * The system's half of the local view where there is no procfs to read:
 * built instead of local_procfs.c by `make LOCAL=none`, the switch for a
 * port to another system.  No view opens, so -L, --listening, --sockets,
 * --free and --wait say that this system lacks /proc/net and exit 2; the
 * rest of the program is plain POSIX.
 */
#include <errno.h>

#include "local.h"
#include "local_sys.h"

int
local_sys_open(struct local_view *v, const char *root, unsigned protos)
{
	(void)v;
	(void)root;
	(void)protos;
	errno = ENOTSUP;
	return -1;
}

void
local_sys_close(struct local_view *v)
{
	(void)v;
}

void
local_sys_owners(struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos)
{
	(void)v;
	(void)lo;
	(void)hi;
	(void)protos;
}

int
local_sys_watch(struct local_view *v, unsigned proto, unsigned what,
    unsigned lo, unsigned hi)
{
	(void)v;
	(void)proto;
	(void)what;
	(void)lo;
	(void)hi;
	errno = ENOTSUP;
	return -1;
}
