/*
 * The local view on Linux: the host's settings, from procfs, and its
 * sockets, from the kernel's sock_diag or else /proc/net's text (parsed
 * by procnet.c).  local_owners.c looks up who holds them.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portinfo.h"
#include "grow.h"
#include "local.h"
#include "local_sys.h"
#include "procnet.h"

/* Files below the procfs root. */
#define NET_TCP		"net/tcp"
#define NET_TCP6	"net/tcp6"
#define NET_UDP		"net/udp"
#define NET_UDP6	"net/udp6"
#define SYS_RANGE	"sys/net/ipv4/ip_local_port_range"
#define SYS_UNPRIV	"sys/net/ipv4/ip_unprivileged_port_start"
#define SYS_RESERVED	"sys/net/ipv4/ip_local_reserved_ports"

/* Linux's default for kernels without ip_unprivileged_port_start. */
#define UNPRIV_DEFAULT	1024

/* Each read of a /proc/net file costs the kernel a walk over its hash
   tables: the fewer, the faster.  sock_diag's answers use it too. */
#define NET_BUF_SIZE	(256 * 1024)
static _Alignas(struct nlmsghdr) char net_buf[NET_BUF_SIZE];

static int
socks_add(struct local_socks *l, const struct local_sock *s)
{
	struct local_sock *v;

	if ((v = grow(l->v, &l->cap, l->n + 1, sizeof(*v))) == NULL)
		return -1;
	l->v = v;
	l->v[l->n++] = *s;
	return 0;
}

static int
by_port(const void *pa, const void *pb)
{
	const struct local_sock *a = pa, *b = pb;
	int c;

	if ((c = cmp_uint(a->port, b->port)) != 0 ||
	    (c = cmp_uint(a->proto, b->proto)) != 0 ||
	    (c = cmp_uint(a->family, b->family)) != 0 ||
	    (c = memcmp(a->addr, b->addr, sizeof(a->addr))) != 0 ||
	    (c = memcmp(a->peer, b->peer, sizeof(a->peer))) != 0 ||
	    (c = cmp_uint(a->peer_port, b->peer_port)) != 0)
		return c;
	return cmp_uint(a->inode, b->inode);
}

/* Opens a file below the procfs root, unbuffered (mode _IONBF) or
   through net_buf (_IOFBF). */
static FILE *
open_below(const struct local_host *h, const char *path, int mode)
{
	FILE *fp;
	int fd;

	if ((fd = openat(h->procfd, path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if ((fp = fdopen(fd, "r")) == NULL) {
		int e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	/* A setting answers only a read from its start: one read, straight
	   into the parser's buffer. */
	if (mode == _IONBF)
		(void)setvbuf(fp, NULL, _IONBF, 0);
	else
		(void)setvbuf(fp, net_buf, _IOFBF, sizeof(net_buf));
	return fp;
}

/* Reads the setting path into h, h->what naming it. */
static int
read_setting(struct local_host *h, const char *path)
{
	FILE *fp;
	int rc, e;

	h->what = path;
	if ((fp = open_below(h, path, _IONBF)) == NULL)
		return -1;
	if (strcmp(path, SYS_RANGE) == 0)
		rc = procnet_parse_range(fp, &h->eph_lo, &h->eph_hi);
	else if (strcmp(path, SYS_UNPRIV) == 0)
		rc = procnet_parse_range(fp, &h->unpriv, NULL);
	else
		rc = procnet_parse_reserved(fp, &h->reserved);
	e = errno;
	fclose(fp);
	errno = e;
	return rc;
}

/* The settings, into h as the view opened it, empty; kernels before
   2.6.35 reserve no ports. */
static int
read_settings(struct local_host *h)
{
	h->unpriv = UNPRIV_DEFAULT;
	if (read_setting(h, SYS_RANGE) == -1 ||
	    (read_setting(h, SYS_UNPRIV) == -1 && errno != ENOENT) ||
	    (read_setting(h, SYS_RESERVED) == -1 && errno != ENOENT))
		return -1;
	h->what = NULL;
	return 0;
}

/* Whether a view that reads what keeps s. */
static int
wanted(const struct local_sock *s, unsigned what)
{
	/* A socket no file refers to (time-wait) has no owner to show. */
	if (what & LOCAL_SOCKETS)
		return s->port != 0 && s->inode != 0;
	return (what & LOCAL_LISTENING) && local_sock_listening(s);
}

/* Appends the sockets of one /proc/net file that v wants; a missing
   IPv6 file is no socket, as IPv6 may be disabled. */
static int
load_file(struct local_view *v, const char *path, unsigned proto,
    unsigned family)
{
	struct local_sock s;
	FILE *fp;
	int rc, e;

	if ((fp = open_below(&v->host, path, _IOFBF)) == NULL) {
		if (family == 6 && errno == ENOENT)
			return 0;
		v->host.what = path;
		return -1;
	}
	while ((rc = procnet_read(fp, proto, family, &s)) == 1)
		if (wanted(&s, v->what) && socks_add(&v->socks, &s) == -1) {
			rc = -1;
			break;
		}
	e = errno;
	fclose(fp);
	if (rc == -1) {
		v->host.what = path;
		errno = e;
	}
	return rc;
}

/*
 * netlink's sock_diag, as ss(8) reads it, dumps the sockets of one
 * family and protocol, filtered in the kernel, for a fraction of what
 * /proc/net's text costs on a busy host.  Where it is refused (an old
 * kernel, a sandbox), /proc/net is read instead.
 */

/* The kernel's TCP states, as bits of idiag_states. */
#define STATE_BIT(s)	(1u << (s))
#define TCP_SYN_RECV_	3
#define TCP_TIME_WAIT_	6

/* Room for a batch of answers; the kernel sends at most a page or so. */
#define DIAG_BUF_SIZE	(64 * 1024)
_Static_assert(DIAG_BUF_SIZE <= NET_BUF_SIZE, "NET_BUF_SIZE too small");

/* The states v wants of proto: what load_file's wanted keeps. */
static unsigned
diag_states(unsigned what, unsigned proto)
{
	if (what & LOCAL_SOCKETS)
		/* Not those no file refers to: time-wait, half-open. */
		return 0xFFFu & ~(STATE_BIT(TCP_TIME_WAIT_) |
		    STATE_BIT(TCP_SYN_RECV_));
	return proto == PI_TCP ? STATE_BIT(LOCAL_LISTEN) :
	    STATE_BIT(LOCAL_CLOSE);
}

/* Whether the IPv6 socket of h has IPV6_V6ONLY, by INET_DIAG_SKV6ONLY,
   sent for one that listens or is not connected (Linux 3.8); else -1. */
static int
diag_v6only(const struct nlmsghdr *h)
{
	const unsigned char *p = NLMSG_DATA(h);
	size_t len, step;
	struct nlattr a;

	if (h->nlmsg_len < NLMSG_SPACE(sizeof(struct inet_diag_msg)))
		return -1;
	len = h->nlmsg_len - NLMSG_SPACE(sizeof(struct inet_diag_msg));
	p += NLMSG_ALIGN(sizeof(struct inet_diag_msg));
	while (len >= NLA_HDRLEN) {
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || a.nla_len > len)
			break;
		if ((a.nla_type & NLA_TYPE_MASK) == INET_DIAG_SKV6ONLY &&
		    a.nla_len > NLA_HDRLEN)
			return p[NLA_HDRLEN] != 0;
		if ((step = NLA_ALIGN(a.nla_len)) >= len)
			break;
		p += step;
		len -= step;
	}
	return -1;
}

/* A socket of the dump as /proc/net would show it, and its v6only. */
static void
diag_sock(const struct nlmsghdr *h, unsigned proto, struct local_sock *s)
{
	const struct inet_diag_msg *m = NLMSG_DATA(h);
	size_t alen;

	memset(s, 0, sizeof(*s));
	s->proto = proto;
	s->family = m->idiag_family == AF_INET ? 4 : 6;
	alen = s->family == 4 ? 4 : 16;
	memcpy(s->addr, m->id.idiag_src, alen);
	s->port = ntohs(m->id.idiag_sport);
	memcpy(s->peer, m->id.idiag_dst, alen);
	s->peer_port = ntohs(m->id.idiag_dport);
	s->state = m->idiag_state;
	s->uid = m->idiag_uid;
	s->inode = m->idiag_inode;
	if (s->family == 6)
		s->v6only = diag_v6only(h);
}

/*
 * A request, and a filter of the local port for the kernel's
 * inet_diag_bc_run: "port >= lo; port <= hi", two 4-byte operations
 * each, which go on 8 bytes when they hold and else jump 4 bytes past
 * the end, which rejects; running off the end keeps.
 */
struct diag_req {
	struct nlmsghdr nh;
	struct inet_diag_req_v2 r;
	struct nlattr a;
	struct inet_diag_bc_op bc[4];
};

/* Fills *req for the states v wants; returns the length to send. */
static size_t
diag_request(struct diag_req *req, const struct local_view *v, int family,
    unsigned proto, unsigned lo, unsigned hi)
{
	size_t len = offsetof(struct diag_req, a);

	*req = (struct diag_req){
		.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY,
		.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.r.sdiag_family = (unsigned char)family,
		.r.sdiag_protocol = proto == PI_TCP ? IPPROTO_TCP : IPPROTO_UDP,
		.r.idiag_states = diag_states(v->what, proto),
		.a.nla_len = sizeof(req->a) + sizeof(req->bc),
		.a.nla_type = INET_DIAG_REQ_BYTECODE,
		.bc = { { INET_DIAG_BC_S_GE, 8, 16 + 4 },
		    { 0, 0, (unsigned short)lo },
		    { INET_DIAG_BC_S_LE, 8, 8 + 4 },
		    { 0, 0, (unsigned short)hi } }
	};
	if (lo > 0 || hi < PI_PORT_MAX)
		len = sizeof(*req);
	req->nh.nlmsg_len = (unsigned)len;
	return len;
}

/* Appends the sockets of one family and protocol that v wants, of those
   on lo..hi at least: 0, or -1 with errno, as when IPv6 is disabled. */
static int
diag_dump(struct local_view *v, int fd, int family, unsigned proto,
    unsigned lo, unsigned hi)
{
	const struct nlmsghdr *h;
	struct diag_req req;
	struct local_sock s;
	ssize_t n;
	size_t len;

	len = diag_request(&req, v, family, proto, lo, hi);
	if (send(fd, &req, len, 0) != (ssize_t)len)
		return -1;
	for (;;) {
		if ((n = recv(fd, net_buf, DIAG_BUF_SIZE, 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		len = (size_t)n;
		if (len == 0) {
			errno = EIO;
			return -1;
		}
		for (h = (const struct nlmsghdr *)(const void *)net_buf;
		    NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					errno = EIO;
				else
					errno = -e->error;
				return -1;
			}
			if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
			    h->nlmsg_len < NLMSG_LENGTH(
			    sizeof(struct inet_diag_msg)))
				continue;
			diag_sock(h, proto, &s);
			if (wanted(&s, v->what) &&
			    socks_add(&v->socks, &s) == -1)
				return -1;
		}
	}
}

/* The same for protos, over IPv4 and IPv6: 0, or -1 with errno and
   v->socks left empty if the kernel refused. */
static int
load_diag(struct local_view *v, unsigned protos, unsigned lo, unsigned hi)
{
	static const int families[] = { AF_INET, AF_INET6 };
	static const unsigned each[] = { PI_TCP, PI_UDP };
	size_t i, j;
	int fd, rc = 0, e;

	fd = high_fd(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_SOCK_DIAG));
	if (fd == -1)
		return -1;
	for (i = 0; i < 2 && rc == 0; i++)
		for (j = 0; j < 2 && rc == 0; j++)
			if (protos & each[j])
				rc = diag_dump(v, fd, families[i], each[j],
				    lo, hi);
	e = errno;
	close(fd);
	if (rc == -1)
		v->socks.n = 0;
	errno = e;
	return rc;
}

int
local_sys_watch(struct local_view *v, unsigned protos, unsigned what,
    unsigned lo, unsigned hi)
{
	v->what = what;
	v->socks.n = 0;
	/* The real procfs only: a root of the tests' own is its text. */
	if (strcmp(v->host.root, LOCAL_PROC) == 0 &&
	    load_diag(v, protos, lo, hi) == 0)
		return 0;
	if ((protos & PI_TCP) && (load_file(v, NET_TCP, PI_TCP, 4) == -1 ||
	    load_file(v, NET_TCP6, PI_TCP, 6) == -1))
		return -1;
	if ((protos & PI_UDP) && (load_file(v, NET_UDP, PI_UDP, 4) == -1 ||
	    load_file(v, NET_UDP6, PI_UDP, 6) == -1))
		return -1;
	return 0;
}

int
local_sys_open(struct local_view *v, const char *root, unsigned protos)
{
	struct local_host *h = &v->host;

	h->root = root;
	h->procfd = high_fd(open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (h->procfd == -1 || faccessat(h->procfd, NET_TCP, F_OK, 0) == -1) {
		if (h->procfd != -1)
			h->what = NET_TCP;
		if (errno == ENOENT || errno == ENOTDIR)
			errno = ENOTSUP;
		return -1;
	}
	if (read_settings(h) == -1)
		return -1;
	if (!(v->what & (LOCAL_SOCKETS | LOCAL_LISTENING)))
		return 0;
	if (local_sys_watch(v, protos, v->what, 0, PI_PORT_MAX) == -1)
		return -1;
	/* qsort may not be handed a null array, even an empty one. */
	if (v->socks.n > 0)
		qsort(v->socks.v, v->socks.n, sizeof(*v->socks.v), by_port);
	return 0;
}
