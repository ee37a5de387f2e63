/* The first holder of a local view's socket, for the tests that read it. */
#ifndef PI_TEST_HOLDER_H
#define PI_TEST_HOLDER_H

#include <sys/types.h>

#include "local.h"

/* The pid and command of a socket's first holder; 0 and "" if none. */
static inline pid_t
holder_pid(const struct local_sock *s)
{
	return s->nowners > 0 ? s->owners[0].pid : 0;
}

static inline const char *
holder_comm(const struct local_sock *s)
{
	return s->nowners > 0 ? s->owners[0].comm : "";
}

#endif
