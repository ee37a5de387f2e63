/*
 * The local view on Linux: the host's settings, its sockets and the
 * processes that hold them, read from procfs and parsed by procnet.c.
 * See local_sys.h.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portinfo.h"
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

/*
 * The kernel writes a /proc/net file a read at a time, and each read
 * costs a walk over its hash tables: the fewer reads, the faster.  The
 * files are read one at a time, through this one buffer.
 */
#define NET_BUF_SIZE	(256 * 1024)
static char net_buf[NET_BUF_SIZE];

/* Room for "PID/comm" and "PID/fd": a pid has at most 10 digits. */
#define PID_PATH_MAX	sizeof("4294967295/comm")

/* ---- Sockets ---- */

static int
socks_add(struct local_socks *l, const struct local_sock *s)
{
	struct local_sock *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap : 16;
		if (l->cap) {
			if (cap > SIZE_MAX / 2 / sizeof(*v)) {
				errno = ENOMEM;
				return -1;
			}
			cap *= 2;
		}
		if ((v = realloc(l->v, cap * sizeof(*v))) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

/* The first socket of l whose port is not below port. */
static int
cmp_uint(unsigned long long a, unsigned long long b)
{
	return (a > b) - (a < b);
}

static int
by_port(const void *pa, const void *pb)
{
	const struct local_sock *a = pa, *b = pb;
	int c;

	if ((c = cmp_uint(a->port, b->port)) != 0 ||
	    (c = cmp_uint(a->proto, b->proto)) != 0 ||
	    (c = cmp_uint(a->family, b->family)) != 0 ||
	    (c = memcmp(a->addr, b->addr, sizeof(a->addr))) != 0)
		return c;
	return cmp_uint(a->inode, b->inode);
}

/* ---- The host's settings ---- */

/*
 * fd, moved above standard error if it took one of 0, 1 or 2, which were
 * closed: a descriptor kept open must never be read as standard input.
 */
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

/*
 * Opens a file below the procfs root for reading, unbuffered (mode
 * _IONBF) or a buffer at a time (_IOFBF).
 */
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
	/*
	 * Procfs settings answer only a read from their start: they are read
	 * straight into the parser's buffer, in one read.
	 */
	if (mode == _IONBF)
		(void)setvbuf(fp, NULL, _IONBF, 0);
	else
		(void)setvbuf(fp, net_buf, _IOFBF, sizeof(net_buf));
	return fp;
}

/* Reads path below h's root with parse, which takes one or two ports. */
static int
read_setting(struct local_host *h, const char *path, unsigned *a,
    unsigned *b)
{
	FILE *fp;
	int rc, e;

	if ((fp = open_below(h, path, _IONBF)) == NULL)
		return -1;
	rc = b ? procnet_parse_range(fp, a, b) : procnet_parse_port(fp, a);
	e = errno;
	fclose(fp);
	errno = e;
	return rc;
}

static int
read_reserved(struct local_host *h)
{
	FILE *fp;
	int rc, e;

	if ((fp = open_below(h, SYS_RESERVED, _IONBF)) == NULL)
		return -1;
	rc = procnet_parse_reserved(fp, &h->reserved);
	e = errno;
	fclose(fp);
	errno = e;
	return rc;
}

static int
read_settings(struct local_host *h)
{
	h->what = SYS_RANGE;
	if (read_setting(h, SYS_RANGE, &h->eph_lo, &h->eph_hi) == -1)
		return -1;
	h->what = SYS_UNPRIV;
	if (read_setting(h, SYS_UNPRIV, &h->unpriv, NULL) == -1) {
		if (errno != ENOENT)
			return -1;
		h->unpriv = UNPRIV_DEFAULT;
	}
	/* Kernels before 2.6.35 reserve no ports. */
	h->what = SYS_RESERVED;
	if (read_reserved(h) == -1) {
		if (errno != ENOENT)
			return -1;
		memset(&h->reserved, 0, sizeof(h->reserved));
	}
	h->what = NULL;
	return 0;
}

static int
host_open(struct local_host *h, const char *root)
{
	int e;

	h->root = root;
	h->what = NULL;
	h->procfd = high_fd(open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (h->procfd == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			errno = ENOTSUP;
		return -1;
	}
	if (faccessat(h->procfd, NET_TCP, F_OK, 0) == -1) {
		e = errno == ENOENT || errno == ENOTDIR ? ENOTSUP : errno;
		h->what = NET_TCP;
		goto fail;
	}
	if (read_settings(h) == -1) {
		e = errno;
		goto fail;
	}
	return 0;
fail:
	close(h->procfd);
	h->procfd = -1;
	errno = e;
	return -1;
}

/* ---- Loading the sockets ---- */

/* Whether a view that reads what keeps s. */
static int
wanted(const struct local_sock *s, unsigned what)
{
	/* A socket no file refers to (time-wait) has no owner to show. */
	if (what & LOCAL_SOCKETS)
		return s->port != 0 && s->inode != 0;
	return (what & LOCAL_LISTENING) && local_sock_listening(s);
}

/*
 * Appends the sockets of one /proc/net file that v wants.  A missing
 * file is no socket when optional: IPv6 may be disabled.
 */
static int
load_file(struct local_view *v, const char *path, unsigned proto,
    unsigned family, int optional)
{
	struct procnet_reader r;
	struct local_sock s;
	FILE *fp;
	int rc, e;

	if ((fp = open_below(&v->host, path, _IOFBF)) == NULL) {
		if (optional && errno == ENOENT)
			return 0;
		v->host.what = path;
		return -1;
	}
	procnet_reader_init(&r, fp, proto, family);
	while ((rc = procnet_reader_next(&r, &s)) == 1)
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

/* ---- The sockets, from the kernel's socket diagnostics ---- */

/*
 * The kernel's own list of sockets, as ss(8) reads it: netlink's
 * sock_diag dumps the sockets of one family and protocol in the states
 * asked, filtered in the kernel and resumed where it stopped, which
 * costs a fraction of what /proc/net's text costs on a busy host.  Where
 * it is refused (an old kernel, a sandbox), /proc/net is read instead.
 */

/* The kernel's TCP states, as bits of idiag_states. */
#define STATE_BIT(s)	(1u << (s))
#define TCP_SYN_RECV_	3
#define TCP_TIME_WAIT_	6

/* Room for a batch of answers; the kernel sends at most a page or so. */
#define DIAG_BUF_SIZE	(64 * 1024)

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

/* A socket of the dump as /proc/net would show it. */
static void
diag_sock(const struct inet_diag_msg *m, unsigned proto,
    struct local_sock *s)
{
	memset(s, 0, sizeof(*s));
	s->proto = proto;
	s->family = m->idiag_family == AF_INET ? 4 : 6;
	memcpy(s->addr, m->id.idiag_src, s->family == 4 ? 4 : 16);
	s->port = ntohs(m->id.idiag_sport);
	s->state = m->idiag_state;
	s->uid = m->idiag_uid;
	s->inode = m->idiag_inode;
}

/*
 * A request for the sockets of one family and protocol, and a filter
 * that keeps those whose local port is in lo..hi: a program for the
 * kernel (inet_diag_bc_run) of two comparisons, "port >= lo, else
 * reject; port <= hi, else reject", two 4-byte operations each.  Each
 * goes on 8 bytes when it holds, and else jumps 4 bytes past the end of
 * the program, which rejects; running off its end keeps.
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

	memset(req, 0, sizeof(*req));
	req->nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req->r.sdiag_family = (unsigned char)family;
	req->r.sdiag_protocol = proto == PI_TCP ? IPPROTO_TCP : IPPROTO_UDP;
	req->r.idiag_states = diag_states(v->what, proto);
	if (lo > 0 || hi < PI_PORT_MAX) {
		req->a.nla_len = sizeof(req->a) + sizeof(req->bc);
		req->a.nla_type = INET_DIAG_REQ_BYTECODE;
		req->bc[0].code = INET_DIAG_BC_S_GE;
		req->bc[0].yes = 8;
		req->bc[0].no = 16 + 4;
		req->bc[1].no = (unsigned short)lo;
		req->bc[2].code = INET_DIAG_BC_S_LE;
		req->bc[2].yes = 8;
		req->bc[2].no = 8 + 4;
		req->bc[3].no = (unsigned short)hi;
		len = sizeof(*req);
	}
	req->nh.nlmsg_len = (unsigned)len;
	return len;
}

/*
 * Appends the sockets of one family and protocol that v wants, of those
 * on lo..hi at least.  Returns 0, or -1 with errno, also when the kernel
 * knows no such family or protocol (IPv6 disabled, a module missing):
 * /proc/net then tells.
 */
static int
diag_dump(struct local_view *v, int fd, int family, unsigned proto,
    char *buf, unsigned lo, unsigned hi)
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
		if ((n = recv(fd, buf, DIAG_BUF_SIZE, 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		len = (size_t)n;
		if (len == 0) {
			errno = EIO;
			return -1;
		}
		for (h = (const struct nlmsghdr *)(const void *)buf;
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
			diag_sock(NLMSG_DATA(h), proto, &s);
			if (wanted(&s, v->what) &&
			    socks_add(&v->socks, &s) == -1)
				return -1;
		}
	}
}

/*
 * Loads the sockets of protos on lo..hi (and maybe others) from
 * sock_diag.  Returns 0, or -1 with errno if the kernel refused,
 * v->socks then left empty.
 */
static int
load_diag(struct local_view *v, unsigned protos, unsigned lo, unsigned hi)
{
	static const int families[] = { AF_INET, AF_INET6 };
	static const unsigned each[] = { PI_TCP, PI_UDP };
	char *buf;
	size_t i, j;
	int fd, rc = 0, e;

	fd = high_fd(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_SOCK_DIAG));
	if (fd == -1)
		return -1;
	if ((buf = malloc(DIAG_BUF_SIZE)) == NULL) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < 2 && rc == 0; i++)
		for (j = 0; j < 2 && rc == 0; j++)
			if (protos & each[j])
				rc = diag_dump(v, fd, families[i], each[j],
				    buf, lo, hi);
	e = errno;
	free(buf);
	close(fd);
	if (rc == -1) {
		v->socks.n = 0;
		errno = e;
		return -1;
	}
	return 0;
}

/* Loads the sockets of protos, of those on lo..hi at least. */
static int
load_some(struct local_view *v, unsigned protos, unsigned lo, unsigned hi)
{
	/* The real procfs only: a root of the tests' own is its text. */
	if (strcmp(v->host.root, LOCAL_PROC) == 0 &&
	    load_diag(v, protos, lo, hi) == 0)
		return 0;
	if ((protos & PI_TCP) &&
	    (load_file(v, NET_TCP, PI_TCP, 4, 0) == -1 ||
	    load_file(v, NET_TCP6, PI_TCP, 6, 1) == -1))
		return -1;
	if ((protos & PI_UDP) &&
	    (load_file(v, NET_UDP, PI_UDP, 4, 0) == -1 ||
	    load_file(v, NET_UDP6, PI_UDP, 6, 1) == -1))
		return -1;
	return 0;
}

static int
load(struct local_view *v, unsigned protos)
{
	if (load_some(v, protos, 0, PI_PORT_MAX) == -1)
		return -1;
	/* qsort may not be handed a null array, even an empty one. */
	if (v->socks.n > 0)
		qsort(v->socks.v, v->socks.n, sizeof(*v->socks.v), by_port);
	return 0;
}

/* ---- Owners ---- */

/*
 * Errors that mean a process is gone or may not be looked at: its
 * sockets are then held by nobody this user may see.  Any other error,
 * such as running out of descriptors, is the look failing.
 */
static int
passed_over(int err)
{
	return err == ENOENT || err == ESRCH || err == EACCES ||
	    err == EPERM || err == ENOTDIR;
}

/* The inodes whose holders are looked for, sorted, and which are found. */
struct targets {
	unsigned long long *v;
	unsigned char *hit;
	size_t n, found;
};

static int
by_value(const void *pa, const void *pb)
{
	const unsigned long long *a = pa, *b = pb;

	return cmp_uint(*a, *b);
}

static int
is_target(const struct targets *t, unsigned long long inode)
{
	return bsearch(&inode, t->v, t->n, sizeof(*t->v), by_value) != NULL;
}

/* Counts inode found, once, if it is one of t. */
static void
hit(struct targets *t, unsigned long long inode)
{
	const unsigned long long *p;

	p = bsearch(&inode, t->v, t->n, sizeof(*t->v), by_value);
	if (p != NULL && !t->hit[p - t->v]) {
		t->hit[p - t->v] = 1;
		t->found++;
	}
}

static int
by_owner(const void *pa, const void *pb)
{
	const struct local_owner *a = pa, *b = pb;
	int c;

	if ((c = cmp_uint(a->inode, b->inode)) != 0)
		return c;
	return cmp_uint((unsigned long long)a->pid,
	    (unsigned long long)b->pid);
}

/*
 * Reads /proc/PID/comm into comm, leaving it "" if it does not fit or
 * holds a NUL.  Returns 0, or -1 with errno if it could not be read for
 * another reason than the process being gone.
 */
static int
read_comm(int procfd, pid_t pid, char *comm)
{
	char path[PID_PATH_MAX];
	ssize_t n;
	int fd;

	comm[0] = '\0';
	/* From the number, whose digits always fit, not the name read. */
	snprintf(path, sizeof(path), "%lu/comm", (unsigned long)pid);
	if ((fd = openat(procfd, path, O_RDONLY | O_CLOEXEC)) == -1)
		return passed_over(errno) ? 0 : -1;
	n = read(fd, comm, LOCAL_COMM_MAX);
	close(fd);
	if (n == -1)
		return passed_over(errno) || errno == EIO ? 0 : -1;
	if (n == 0 || n == LOCAL_COMM_MAX || memchr(comm, '\0', (size_t)n)) {
		comm[0] = '\0';
		return 0;
	}
	if (comm[n - 1] == '\n')
		n--;
	comm[n] = '\0';
	return 0;
}

static int
add_owner(struct local_view *v, unsigned long long inode, pid_t pid,
    const char *comm)
{
	struct local_owner *o;
	size_t cap;

	if (v->nowners == v->owners_cap) {
		cap = v->owners_cap ? v->owners_cap : 16;
		if (v->owners_cap) {
			if (cap > SIZE_MAX / 2 / sizeof(*o)) {
				errno = ENOMEM;
				return -1;
			}
			cap *= 2;
		}
		if ((o = realloc(v->owners, cap * sizeof(*o))) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		v->owners = o;
		v->owners_cap = cap;
	}
	o = &v->owners[v->nowners++];
	o->inode = inode;
	o->pid = pid;
	memcpy(o->comm, comm, strlen(comm) + 1);
	return 0;
}

/*
 * Looks through one process's open files for the sockets of t, adding
 * an owner for each, and counting those of want it finds.  Returns 0,
 * or -1 with errno and v->err_what set.
 */
static int
scan_process(struct local_view *v, pid_t pid, const struct targets *t,
    struct targets *want)
{
	char path[PID_PATH_MAX], link[PROCNET_LINK_MAX];
	char comm[LOCAL_COMM_MAX];
	unsigned long long inode;
	int fd, have_comm = 0;
	struct dirent *de;
	ssize_t n;
	DIR *d;

	snprintf(path, sizeof(path), "%lu/fd", (unsigned long)pid);
	fd = openat(v->host.procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1 || (d = fdopendir(fd)) == NULL) {
		int e = errno;
		if (fd != -1)
			close(fd);
		if (passed_over(e))
			return 0;
		v->err_what = "fd";
		errno = e;
		return -1;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		n = readlinkat(dirfd(d), de->d_name, link, sizeof(link));
		if (n <= 0 || (size_t)n >= sizeof(link) ||
		    (inode = procnet_socket_inode(link, (size_t)n)) == 0 ||
		    !is_target(t, inode)) {
			errno = 0;
			continue;
		}
		if (!have_comm) {
			if (read_comm(v->host.procfd, pid, comm) == -1) {
				v->err_what = "comm";
				goto fail;
			}
			have_comm = 1;
		}
		if (add_owner(v, inode, pid, comm) == -1)
			goto fail;
		hit(want, inode);
		errno = 0;
	}
	if (errno != 0 && !passed_over(errno)) {
		v->err_what = "fd";
		goto fail;
	}
	closedir(d);
	return 0;
fail:
	{
		int e = errno;
		closedir(d);
		errno = e;
	}
	return -1;
}

/* Opens the list of processes, or returns it as left. */
static DIR *
process_list(struct local_view *v)
{
	DIR *d;
	int fd;

	if (v->scan != NULL)
		return v->scan;
	fd = high_fd(openat(v->host.procfd, ".",
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (fd == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return NULL;
	}
	v->scan = d;
	return d;
}

/*
 * Looks through the processes, from where the last look stopped, for the
 * holders of t; stops once want has been found whole, unless all is set.
 */
static int
scan(struct local_view *v, const struct targets *t, struct targets *want,
    int all)
{
	struct dirent *de;
	long pid;
	DIR *d;

	if ((d = process_list(v)) == NULL) {
		v->err_what = ".";
		return -1;
	}
	while (all || want->found < want->n) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				v->err_what = ".";
				return -1;
			}
			v->scan_done = 1;
			break;
		}
		pid = procnet_pid(de->d_name, strlen(de->d_name));
		if (pid > 0 && (long)(pid_t)pid == pid &&
		    scan_process(v, (pid_t)pid, t, want) == -1)
			return -1;
	}
	return 0;
}

/* The owners of inode in v's sorted list: their count, from *first. */
static size_t
owners_of(const struct local_view *v, unsigned long long inode,
    size_t *first)
{
	size_t lo = 0, hi = v->nowners, mid, end;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v->owners[mid].inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < v->nowners && v->owners[end].inode == inode;)
		end++;
	*first = lo;
	return end - lo;
}

/*
 * Sorts the owners found, drops a process counted twice (two descriptors
 * of one socket), and points each socket at its own: those whose owner
 * was found, or every one once the look is over.
 */
static void
settle(struct local_view *v)
{
	struct local_sock *s;
	size_t i, j, first, n;

	if (v->nowners > 0)
		qsort(v->owners, v->nowners, sizeof(*v->owners), by_owner);
	for (i = j = 0; i < v->nowners; i++)
		if (j == 0 || v->owners[i].inode != v->owners[j - 1].inode ||
		    v->owners[i].pid != v->owners[j - 1].pid)
			v->owners[j++] = v->owners[i];
	v->nowners = j;
	for (i = 0; i < v->socks.n; i++) {
		s = &v->socks.v[i];
		if (s->inode == 0)
			continue;
		n = owners_of(v, s->inode, &first);
		if (n == 0 && !v->scan_done)
			continue;
		if (!(v->what & LOCAL_OWNERS) && n > 1)
			n = 1;
		s->owners_known = 1;
		s->nowners = n;
		s->owners = n ? &v->owners[first] : NULL;
		s->pid = n ? v->owners[first].pid : 0;
		memcpy(s->comm, n ? v->owners[first].comm : "",
		    n ? strlen(v->owners[first].comm) + 1 : 1);
	}
}

/* The inodes of the sockets of v whose owners are not known, of lo..hi. */
static int
collect(const struct local_view *v, unsigned long lo, unsigned long hi,
    unsigned protos, struct targets *t)
{
	const struct local_sock *s;
	size_t i;

	t->n = t->found = 0;
	t->v = malloc((v->socks.n + 1) * sizeof(*t->v));
	t->hit = calloc(v->socks.n + 1, 1);
	if (t->v == NULL || t->hit == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < v->socks.n; i++) {
		s = &v->socks.v[i];
		if (!s->owners_known && s->inode != 0 && s->port >= lo &&
		    s->port <= hi && (s->proto & protos))
			t->v[t->n++] = s->inode;
	}
	qsort(t->v, t->n, sizeof(*t->v), by_value);
	return 0;
}

/*
 * Looks up the owners of the sockets of v on lo..hi for protos, if v
 * wants owners and they are not known yet.  With LOCAL_OWNER the look
 * takes every socket whose owner is unknown along, so that the one look
 * through the processes, in pid order, serves every later call.
 */
void
local_sys_owners(struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos)
{
	struct targets t = { NULL, NULL, 0, 0 }, want = { NULL, NULL, 0, 0 };
	int all = (v->what & LOCAL_OWNERS) != 0;

	if (!(v->what & (LOCAL_OWNER | LOCAL_OWNERS)) || v->err != 0 ||
	    v->scan_done)
		return;
	if (collect(v, lo, hi, protos, &want) == -1)
		goto fail;
	if (want.n == 0)
		goto done;
	if (collect(v, 0, PI_PORT_MAX, LOCAL_PROTOS, &t) == -1 ||
	    scan(v, &t, &want, all) == -1)
		goto fail;
	settle(v);
	goto done;
fail:
	v->err = errno != 0 ? errno : EIO;
	if (v->err_what == NULL)
		v->err_what = ".";
	/* What was found stays: each socket's lowest owner is sure. */
	if (!all)
		settle(v);
done:
	free(t.v);
	free(t.hit);
	free(want.v);
	free(want.hit);
}

int
local_sys_watch(struct local_view *v, unsigned proto, unsigned what,
    unsigned lo, unsigned hi)
{
	v->what = what;
	v->socks.n = 0;
	return load_some(v, proto, lo, hi);
}

/* ---- Opening and closing ---- */

int
local_sys_open(struct local_view *v, const char *root, unsigned protos)
{
	if (host_open(&v->host, root) == -1)
		return -1;
	if ((v->what & (LOCAL_SOCKETS | LOCAL_LISTENING)) &&
	    load(v, protos) == -1)
		return -1;
	return 0;
}

void
local_sys_close(struct local_view *v)
{
	if (v->host.procfd != -1)
		close(v->host.procfd);
	v->host.procfd = -1;
	if (v->scan != NULL)
		closedir(v->scan);
	v->scan = NULL;
}
