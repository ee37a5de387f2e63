/*
 * The local view on a system without Linux's procfs: built instead of
 * local.c and procnet.c by `make LOCAL=none`, the switch for a port to
 * another system.  No view ever opens, so -L, --listening and --free say
 * that this system lacks /proc/net and exit 2; the rest of the program
 * is plain POSIX and needs none of it.  The other functions exist so that
 * the program links; with no view open they are never reached.
 */
#include <errno.h>
#include <string.h>

#include "local.h"

int
local_view_open_at(struct local_view *v, const char *root, unsigned protos,
    unsigned what)
{
	(void)protos;
	memset(v, 0, sizeof(*v));
	v->host.procfd = -1;
	v->host.root = root;
	v->what = what;
	errno = ENOTSUP;
	return -1;
}

int
local_view_open(struct local_view *v, unsigned protos, unsigned what)
{
	return local_view_open_at(v, LOCAL_PROC, protos, what);
}

void
local_view_close(struct local_view *v)
{
	(void)v;
}

int
local_view_error(const struct local_view *v)
{
	return v->err;
}

const char *
local_state_name(const struct local_sock *s)
{
	(void)s;
	return "unknown";
}

int
local_sock_listening(const struct local_sock *s)
{
	(void)s;
	return 0;
}

int
local_addr_str(const struct local_sock *s, char *buf, size_t size)
{
	(void)s;
	(void)buf;
	(void)size;
	errno = ENOTSUP;
	return -1;
}

unsigned long
local_reserved_in(const struct local_host *h, unsigned lo, unsigned hi)
{
	(void)h;
	(void)lo;
	(void)hi;
	return 0;
}

void
local_iter_init(struct local_iter *it, const struct local_socks *l,
    unsigned lo, unsigned hi, unsigned protos)
{
	(void)lo;
	(void)hi;
	it->l = l;
	it->i = it->end = 0;
	it->protos = protos;
}

const struct local_sock *
local_iter_next(struct local_iter *it)
{
	(void)it;
	return NULL;
}

int
local_in_use(const struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos)
{
	(void)v;
	(void)lo;
	(void)hi;
	(void)protos;
	return 0;
}

void
local_facts(const struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos, struct local_facts *f)
{
	(void)v;
	(void)lo;
	(void)hi;
	(void)protos;
	memset(f, 0, sizeof(*f));
	f->owner = NULL;
}

const char *
local_why_text(enum local_why why)
{
	(void)why;
	return "";
}

int
local_free_why(const struct local_host *h, unsigned port, unsigned protos,
    enum local_why *why)
{
	(void)h;
	(void)port;
	(void)protos;
	*why = LOCAL_FREE;
	errno = ENOTSUP;
	return -1;
}

void
local_free_init(struct local_free *f, const struct local_host *h,
    const struct local_socks *held, unsigned lo, unsigned hi,
    unsigned protos)
{
	f->h = h;
	f->held = held;
	f->protos = protos;
	f->next = lo;
	f->hi = hi;
}

int
local_free_next(struct local_free *f, unsigned *port)
{
	(void)f;
	(void)port;
	errno = ENOTSUP;
	return -1;
}
