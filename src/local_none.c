/* The system's half of the local view without procfs (make LOCAL=none):
   no view opens, so the options that need one say so and exit 2. */
#include <errno.h>

#include "local.h"

int
local_sys_open(struct local_view *v, unsigned protos)
{
	(void)v;
	(void)protos;
	errno = ENOTSUP;
	return -1;
}

void
local_sys_owners(struct local_view *v)
{
	(void)v;
}

int
local_sys_watch(struct local_view *v, unsigned protos, unsigned what,
    unsigned lo, unsigned hi)
{
	(void)v;
	(void)protos;
	(void)what;
	(void)lo;
	(void)hi;
	errno = ENOTSUP;
	return -1;
}
