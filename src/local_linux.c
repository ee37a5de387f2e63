/*
 * The local view on Linux: the host's settings, from procfs; its sockets,
 * from the kernel's sock_diag or else /proc/net's text (procnet.c); and
 * the processes that hold them, by their open files (/proc/PID/fd),
 * command name and, for a forwarder, command line.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portinfo.h"
#include "expose.h"
#include "grow.h"
#include "local.h"
#include "procnet.h"

/* The socket files below the procfs root, in the order they are read;
   sock_diag is asked for the same protocols and families in turn. */
static const struct net_file {
	const char *path;
	unsigned proto, family;
} net_files[] = {
	{ "net/tcp", PI_TCP, 4 }, { "net/tcp6", PI_TCP, 6 },
	{ "net/udp", PI_UDP, 4 }, { "net/udp6", PI_UDP, 6 }
};
#define NET_FILES (sizeof(net_files) / sizeof(net_files[0]))

/* Each read of a /proc/net file costs the kernel a walk over its hash
   tables: the fewer, the faster.  sock_diag's answers and the settings
   use it too. */
#define NET_BUF_SIZE	(PROCNET_TEXT_MAX + 1)
static _Alignas(struct nlmsghdr) char net_buf[NET_BUF_SIZE];

/* Room for "PID/cmdline", "PID/comm" and "PID/fd". */
#define PID_PATH_MAX	sizeof("4294967295/cmdline")

static int
cmp_uint(unsigned long long a, unsigned long long b)
{
	return (a > b) - (a < b);
}

/* fd, moved above standard error: a kept one is never standard input. */
static int
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

/* Reads the file path below procfd, at most size bytes, into buf: how
   many, or -1 with errno. */
static ssize_t
read_below(int procfd, const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n = 0;
	int fd, e;

	if ((fd = openat(procfd, path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while (len < size && (n = read(fd, buf + len, size - len)) > 0)
		len += (size_t)n;
	e = errno;
	close(fd);
	errno = e;
	return n == -1 ? -1 : (ssize_t)len;
}

/* The settings, into h, h->what naming the one that failed.  Kernels
   before 2.6.35 reserve no ports; without ip_unprivileged_port_start,
   Linux's default is 1024. */
static int
read_settings(struct local_host *h)
{
	static const char *const paths[] = {
		"sys/net/ipv4/ip_local_port_range",
		"sys/net/ipv4/ip_unprivileged_port_start",
		"sys/net/ipv4/ip_local_reserved_ports"
	};
	ssize_t n;
	size_t i;
	int rc;

	h->unpriv = 1024;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		h->what = paths[i];
		/* A byte more than a parser takes, to tell a longer text. */
		n = read_below(h->procfd, paths[i], net_buf,
		    PROCNET_TEXT_MAX + 1);
		if (n == -1) {
			if (i > 0 && errno == ENOENT)
				continue;
			return -1;
		}
		if (i == 0)
			rc = procnet_parse_range(net_buf, (size_t)n, &h->eph_lo,
			    &h->eph_hi);
		else if (i == 1)
			rc = procnet_parse_range(net_buf, (size_t)n, &h->unpriv,
			    NULL);
		else
			rc = procnet_parse_reserved(net_buf, (size_t)n,
			    &h->reserved);
		if (rc == -1)
			return -1;
	}
	h->what = NULL;
	return 0;
}

/* One look at the sockets: it keeps those on lo..hi that what
   (LOCAL_LISTENING, LOCAL_SOCKETS) asks for, in v->socks. */
struct look {
	struct local_view *v;
	unsigned what, lo, hi;
};

/* Keeps s if k wants it: 0, or -1 with errno. */
static int
take(const struct look *k, const struct local_sock *s)
{
	struct local_socks *l = &k->v->socks;
	struct local_sock *v;

	if (s->port < k->lo || s->port > k->hi)
		return 0;
	/* A socket no file refers to (time-wait) has no owner to show. */
	if ((k->what & LOCAL_SOCKETS) && (s->port == 0 || s->inode == 0))
		return 0;
	if (!(k->what & LOCAL_SOCKETS) &&
	    (!(k->what & LOCAL_LISTENING) || !local_sock_listening(s)))
		return 0;
	if ((v = grow(l->v, &l->cap, l->n + 1, sizeof(*v))) == NULL)
		return -1;
	l->v = v;
	l->v[l->n++] = *s;
	return 0;
}

/* Takes the sockets of one /proc/net file, read through net_buf; a
   missing IPv6 file is no socket, as IPv6 may be disabled. */
static int
load_file(const struct look *k, const struct net_file *nf)
{
	struct local_sock s;
	FILE *fp = NULL;
	int fd, rc = -1, e;

	fd = openat(k->v->host.procfd, nf->path, O_RDONLY | O_CLOEXEC);
	if (fd == -1 && nf->family == 6 && errno == ENOENT)
		return 0;
	if (fd != -1 && (fp = fdopen(fd, "r")) == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	if (fp != NULL) {
		(void)setvbuf(fp, net_buf, _IOFBF, sizeof(net_buf));
		while ((rc = procnet_read(fp, nf->proto, nf->family, &s)) == 1)
			if (take(k, &s) == -1) {
				rc = -1;
				break;
			}
		e = errno;
		fclose(fp);
		errno = e;
	}
	if (rc == -1)
		k->v->host.what = nf->path;
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

/* Whether the IPv6 socket of h has IPV6_V6ONLY, by INET_DIAG_SKV6ONLY,
   sent for one that listens or is not connected (Linux 3.8); else -1. */
static int
diag_v6only(const struct nlmsghdr *h)
{
	const struct inet_diag_msg *m = NLMSG_DATA(h);
	const struct rtattr *a = (const void *)(m + 1);
	int len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == INET_DIAG_SKV6ONLY && RTA_PAYLOAD(a) > 0)
			return *(const unsigned char *)RTA_DATA(a) != 0;
	return -1;
}

/* A socket of the dump as /proc/net would show it, and its v6only. */
static void
diag_sock(const struct nlmsghdr *h, unsigned proto, struct local_sock *s)
{
	const struct inet_diag_msg *m = NLMSG_DATA(h);
	unsigned family = m->idiag_family == AF_INET ? 4 : 6;

	*s = (struct local_sock){ .proto = proto, .family = family,
	    .port = ntohs(m->id.idiag_sport),
	    .peer_port = ntohs(m->id.idiag_dport), .state = m->idiag_state,
	    .uid = m->idiag_uid, .inode = m->idiag_inode,
	    .v6only = family == 6 ? diag_v6only(h) : 0 };
	memcpy(s->addr, m->id.idiag_src, family == 4 ? 4 : 16);
	memcpy(s->peer, m->id.idiag_dst, family == 4 ? 4 : 16);
}

/*
 * A request for the states k wants (those take keeps: with
 * LOCAL_SOCKETS, not time-wait and half-open, which no file refers to),
 * and a filter of the local port for the kernel's inet_diag_bc_run:
 * "port >= lo; port <= hi", two 4-byte operations each, which go on 8
 * bytes when they hold and else jump 4 bytes past the end, which
 * rejects; running off the end keeps.  Returns the length to send.
 */
struct diag_req {
	struct nlmsghdr nh;
	struct inet_diag_req_v2 r;
	struct nlattr a;
	struct inet_diag_bc_op bc[4];
};

static size_t
diag_request(struct diag_req *req, const struct look *k,
    const struct net_file *nf)
{
	size_t len = offsetof(struct diag_req, a);

	*req = (struct diag_req){
		.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY,
		.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.r.sdiag_family = nf->family == 4 ? AF_INET : AF_INET6,
		.r.sdiag_protocol = nf->proto == PI_TCP ? IPPROTO_TCP :
		    IPPROTO_UDP,
		.r.idiag_states = k->what & LOCAL_SOCKETS ?
		    0xFFFu & ~(STATE_BIT(TCP_TIME_WAIT_) |
		    STATE_BIT(TCP_SYN_RECV_)) :
		    STATE_BIT(nf->proto == PI_TCP ? LOCAL_LISTEN : LOCAL_CLOSE),
		.a.nla_len = sizeof(req->a) + sizeof(req->bc),
		.a.nla_type = INET_DIAG_REQ_BYTECODE,
		.bc = { { INET_DIAG_BC_S_GE, 8, 16 + 4 },
		    { 0, 0, (unsigned short)k->lo },
		    { INET_DIAG_BC_S_LE, 8, 8 + 4 },
		    { 0, 0, (unsigned short)k->hi } }
	};
	if (k->lo > 0 || k->hi < PI_PORT_MAX)
		len = sizeof(*req);
	req->nh.nlmsg_len = (unsigned)len;
	return len;
}

/* Takes the sockets of nf's family and protocol: 0, or -1 with errno,
   as when IPv6 is disabled. */
static int
diag_dump(const struct look *k, int fd, const struct net_file *nf)
{
	const struct nlmsghdr *h;
	struct diag_req req;
	struct local_sock s;
	ssize_t n;
	size_t len;

	len = diag_request(&req, k, nf);
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
				errno = EIO;
				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)))
					errno = -e->error;
				return -1;
			}
			if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
			    h->nlmsg_len < NLMSG_LENGTH(
			    sizeof(struct inet_diag_msg)))
				continue;
			diag_sock(h, nf->proto, &s);
			if (take(k, &s) == -1)
				return -1;
		}
	}
}

/* The same for each row of net_files in protos: 0, or -1 with errno and
   v->socks left empty if the kernel refused. */
static int
load_diag(const struct look *k, unsigned protos)
{
	size_t i;
	int fd, rc = 0, e;

	fd = high_fd(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_SOCK_DIAG));
	if (fd == -1)
		return -1;
	for (i = 0; i < NET_FILES && rc == 0; i++)
		if (protos & net_files[i].proto)
			rc = diag_dump(k, fd, &net_files[i]);
	e = errno;
	close(fd);
	if (rc == -1)
		k->v->socks.n = 0;
	errno = e;
	return rc;
}

int
local_sys_watch(struct local_view *v, unsigned protos, unsigned what,
    unsigned lo, unsigned hi)
{
	const struct look k = { v, what, lo, hi };
	size_t i;

	v->socks.n = 0;
	/* The real procfs only: a root of the tests' own is its text. */
	if (strcmp(v->host.root, LOCAL_PROC) == 0 && load_diag(&k, protos) == 0)
		return 0;
	for (i = 0; i < NET_FILES; i++)
		if ((protos & net_files[i].proto) &&
		    load_file(&k, &net_files[i]) == -1)
			return -1;
	return 0;
}

int
local_sys_open(struct local_view *v, unsigned protos)
{
	struct local_host *h = &v->host;

	h->procfd = high_fd(open(h->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (h->procfd == -1 ||
	    faccessat(h->procfd, net_files[0].path, F_OK, 0) == -1) {
		if (h->procfd != -1)
			h->what = net_files[0].path;
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

/* A process gone or not ours to look at, whose sockets are then held by
   nobody this user may see; any other error is the look failing. */
static int
passed_over(int err)
{
	return err == ENOENT || err == ESRCH || err == EACCES ||
	    err == EPERM || err == ENOTDIR;
}

static int
by_inode(const void *pa, const void *pb)
{
	const unsigned long long *a = pa, *b = pb;

	return cmp_uint(*a, *b);
}

static int
by_owner(const void *pa, const void *pb)
{
	const struct local_owner *a = pa, *b = pb;
	int c = cmp_uint(a->inode, b->inode);

	return c != 0 ? c : cmp_uint((unsigned long long)a->pid,
	    (unsigned long long)b->pid);
}

/* Reads /proc/PID/name, at most size bytes, into buf: how many; 0 when
   passed over or on EIO; -1 with errno for any other failure. */
static ssize_t
read_proc(int procfd, pid_t pid, const char *name, char *buf, size_t size)
{
	char path[PID_PATH_MAX];
	ssize_t n;

	/* From the number, whose digits always fit, not the name read. */
	snprintf(path, sizeof(path), "%lu/%s", (unsigned long)pid, name);
	if ((n = read_below(procfd, path, buf, size)) == -1 &&
	    (passed_over(errno) || errno == EIO))
		return 0;
	return n;
}

static int
add_owner(struct local_view *v, unsigned long long inode, pid_t pid,
    const char *comm)
{
	struct local_owner *o;

	if ((o = grow(v->owners, &v->owners_cap, v->nowners + 1,
	    sizeof(*o))) == NULL)
		return -1;
	v->owners = o;
	o = &v->owners[v->nowners++];
	o->inode = inode;
	o->pid = pid;
	memcpy(o->comm, comm, strlen(comm) + 1);
	return 0;
}

/*
 * Reads a holder's command name into comm ("" if too long or holding a
 * NUL) and, for a forwarder, where its command line says it forwards:
 * 0, or -1 with errno.
 */
static int
read_process(struct local_view *v, pid_t pid, char *comm)
{
	char buf[EXPOSE_CMDLINE_MAX + 1];
	const char *argv[EXPOSE_ARGS_MAX];
	struct local_forwarder fw, *f;
	ssize_t n;
	int argc;

	if ((n = read_proc(v->host.procfd, pid, "comm", comm,
	    LOCAL_COMM_MAX)) == -1)
		return -1;
	if (n == LOCAL_COMM_MAX || memchr(comm, '\0', (size_t)n) != NULL)
		n = 0;
	comm[n > 0 && comm[n - 1] == '\n' ? n - 1 : n] = '\0';
	if (!expose_forwarder(comm))
		return 0;
	if ((n = read_proc(v->host.procfd, pid, "cmdline", buf,
	    sizeof(buf))) == -1)
		return -1;
	argc = n > EXPOSE_CMDLINE_MAX ? -1 :
	    expose_split(buf, (size_t)n, argv, EXPOSE_ARGS_MAX);
	if (argc < 1 || !expose_forward(comm, argc, argv, &fw.f))
		return 0;
	if ((f = grow(v->fwd, &v->fwd_cap, v->nfwd + 1, sizeof(*f))) == NULL)
		return -1;
	v->fwd = f;
	fw.pid = pid;
	v->fwd[v->nfwd++] = fw;
	return 0;
}

/* The directory path below procfd, kept above standard error. */
static DIR *
open_dir(int procfd, const char *path)
{
	int fd, e;
	DIR *d = NULL;

	fd = high_fd(openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (fd != -1 && (d = fdopendir(fd)) == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return d;
}

/* Adds an owner for each socket of inodes[0 .. n) that pid holds: 0, or
   -1 with errno. */
static int
scan_process(struct local_view *v, pid_t pid,
    const unsigned long long *inodes, size_t n)
{
	char path[PID_PATH_MAX], link[PROCNET_LINK_MAX], comm[LOCAL_COMM_MAX];
	int have_comm = 0, rc, e;
	unsigned long long inode;
	struct dirent *de;
	ssize_t len;
	DIR *d;

	snprintf(path, sizeof(path), "%lu/fd", (unsigned long)pid);
	if ((d = open_dir(v->host.procfd, path)) == NULL)
		return passed_over(errno) ? 0 : -1;
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		len = readlinkat(dirfd(d), de->d_name, link, sizeof(link));
		if (len <= 0 || (size_t)len >= sizeof(link) ||
		    (inode = procnet_socket_inode(link, (size_t)len)) == 0 ||
		    bsearch(&inode, inodes, n, sizeof(*inodes),
		    by_inode) == NULL)
			continue;
		if ((!have_comm && read_process(v, pid, comm) == -1) ||
		    add_owner(v, inode, pid, comm) == -1)
			break;
		have_comm = 1;
	}
	rc = de != NULL ? -1 : errno == 0 || passed_over(errno) ? 0 : -1;
	e = errno;
	closedir(d);
	errno = e;
	return rc;
}

/* Looks through every process for the holders of inodes[0 .. n). */
static int
scan(struct local_view *v, const unsigned long long *inodes, size_t n)
{
	struct dirent *de;
	long pid;
	DIR *d;
	int rc = 0, e;

	if ((d = open_dir(v->host.procfd, ".")) == NULL)
		return -1;
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		pid = procnet_pid(de->d_name, strlen(de->d_name));
		if (pid > 0 && (long)(pid_t)pid == pid &&
		    (rc = scan_process(v, (pid_t)pid, inodes, n)) == -1)
			break;
	}
	if (de == NULL && errno != 0)
		rc = -1;
	e = errno;
	closedir(d);
	errno = e;
	return rc;
}

/* Sorts the owners found, drops a process counted twice (two descriptors
   of one socket), and points each socket at its own. */
static void
settle(struct local_view *v)
{
	struct local_owner *o = v->owners;
	struct local_sock *s;
	size_t i, j;

	if (v->nowners > 0)
		qsort(o, v->nowners, sizeof(*o), by_owner);
	for (i = j = 0; i < v->nowners; i++)
		if (j == 0 || by_owner(&o[i], &o[j - 1]) != 0)
			o[j++] = o[i];
	v->nowners = j;
	for (i = 0; i < v->socks.n; i++) {
		s = &v->socks.v[i];
		if (s->inode == 0)
			continue;
		/* An owner's inode comes first, as by_inode reads it; bsearch
		   finds any of a socket's owners, the first is wanted. */
		o = j > 0 ? bsearch(&s->inode, v->owners, j, sizeof(*o),
		    by_inode) : NULL;
		while (o != NULL && o > v->owners && o[-1].inode == s->inode)
			o--;
		s->owners_known = 1;
		s->owners = o;
		for (s->nowners = 0; o != NULL && o < v->owners + j &&
		    o->inode == s->inode; o++)
			s->nowners++;
	}
}

void
local_sys_owners(struct local_view *v)
{
	unsigned long long *inodes;
	size_t i, n = 0;

	if (!(v->what & LOCAL_OWNERS) || v->err != 0 || v->scan_done)
		return;
	if ((inodes = malloc((v->socks.n + 1) * sizeof(*inodes))) == NULL) {
		v->err = ENOMEM;
		return;
	}
	for (i = 0; i < v->socks.n; i++)
		if (v->socks.v[i].inode != 0)
			inodes[n++] = v->socks.v[i].inode;
	qsort(inodes, n, sizeof(*inodes), by_inode);
	if (scan(v, inodes, n) == 0) {
		v->scan_done = 1;
		settle(v);
	} else
		v->err = errno != 0 ? errno : EIO;
	free(inodes);
}
