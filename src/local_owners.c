/*
 * The processes that hold the sockets of the local view on Linux: each
 * one's open files (/proc/PID/fd), command name (comm) and, for a
 * forwarder, command line (cmdline).  See local_sys_owners in local_sys.h.
 */
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portinfo.h"
#include "expose.h"
#include "local.h"
#include "local_sys.h"
#include "procnet.h"

/* Room for "PID/cmdline", "PID/comm" and "PID/fd". */
#define PID_PATH_MAX	sizeof("4294967295/cmdline")

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

/*
 * The sockets whose owners are not known, by inode, and which of them
 * are on the ports asked (wanted) and found.
 */
struct target {
	unsigned long long inode;
	unsigned char wanted, found;
};

struct targets {
	struct target *v;
	size_t n, wanted, found;
};

static int
by_inode(const void *pa, const void *pb)
{
	const struct target *a = pa, *b = pb;

	return cmp_uint(a->inode, b->inode);
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
 * Reads /proc/PID/name, at most size bytes, into buf: how many; 0 when
 * passed over or on EIO; -1 with errno for any other failure.
 */
static ssize_t
read_proc(int procfd, pid_t pid, const char *name, char *buf, size_t size)
{
	char path[PID_PATH_MAX];
	size_t len = 0;
	ssize_t n = 0;
	int fd, e;

	/* From the number, whose digits always fit, not the name read. */
	snprintf(path, sizeof(path), "%lu/%s", (unsigned long)pid, name);
	if ((fd = openat(procfd, path, O_RDONLY | O_CLOEXEC)) == -1)
		return passed_over(errno) ? 0 : -1;
	while (len < size && (n = read(fd, buf + len, size - len)) > 0)
		len += (size_t)n;
	e = errno;
	close(fd);
	errno = e;
	if (n == -1)
		return passed_over(e) || e == EIO ? 0 : -1;
	return (ssize_t)len;
}

static int
add_owner(struct local_view *v, unsigned long long inode, pid_t pid,
    const char *comm)
{
	struct local_owner *o;

	if (v->nowners == v->owners_cap) {
		if ((o = grow(v->owners, &v->owners_cap, sizeof(*o))) == NULL)
			return -1;
		v->owners = o;
	}
	o = &v->owners[v->nowners++];
	o->inode = inode;
	o->pid = pid;
	memcpy(o->comm, comm, strlen(comm) + 1);
	return 0;
}

/* Adds fw to v's forwarders, kept in pid order. */
static int
add_forwarder(struct local_view *v, const struct local_forwarder *fw)
{
	struct local_forwarder *f;
	size_t i;

	if (v->nfwd == v->fwd_cap) {
		if ((f = grow(v->fwd, &v->fwd_cap, sizeof(*f))) == NULL)
			return -1;
		v->fwd = f;
	}
	for (i = v->nfwd; i > 0 && v->fwd[i - 1].pid > fw->pid; i--)
		v->fwd[i] = v->fwd[i - 1];
	v->fwd[i] = *fw;
	v->nfwd++;
	return 0;
}

/*
 * Reads a socket holder's command name into comm ("" if it does not fit
 * or holds a NUL) and, for a forwarder, where its command line (if not
 * too long) says it forwards.  0, or -1 with errno and v->err_what set.
 */
static int
read_process(struct local_view *v, pid_t pid, char *comm)
{
	char buf[EXPOSE_CMDLINE_MAX + 1];
	const char *argv[EXPOSE_ARGS_MAX];
	struct local_forwarder fw;
	ssize_t n;
	int argc;

	if ((n = read_proc(v->host.procfd, pid, "comm", comm,
	    LOCAL_COMM_MAX)) == -1) {
		v->err_what = "comm";
		return -1;
	}
	if (n == LOCAL_COMM_MAX || memchr(comm, '\0', (size_t)n) != NULL)
		n = 0;
	comm[n > 0 && comm[n - 1] == '\n' ? n - 1 : n] = '\0';
	if (!expose_forwarder(comm))
		return 0;
	if ((n = read_proc(v->host.procfd, pid, "cmdline", buf,
	    sizeof(buf))) == -1) {
		v->err_what = "cmdline";
		return -1;
	}
	argc = n > EXPOSE_CMDLINE_MAX ? -1 :
	    expose_split(buf, (size_t)n, argv, EXPOSE_ARGS_MAX);
	if (argc < 1 || !expose_forward(comm, argc, argv, &fw.f))
		return 0;
	fw.pid = pid;
	return add_forwarder(v, &fw);
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

/*
 * Looks through one process's open files for the sockets of t, adding
 * an owner for each, and counting the wanted ones found.  Returns 0, or
 * -1 with errno and v->err_what set.
 */
static int
scan_process(struct local_view *v, pid_t pid, struct targets *t)
{
	char path[PID_PATH_MAX], link[PROCNET_LINK_MAX], comm[LOCAL_COMM_MAX];
	struct target key, *hit;
	int have_comm = 0, rc, e;
	struct dirent *de;
	ssize_t n;
	DIR *d;

	snprintf(path, sizeof(path), "%lu/fd", (unsigned long)pid);
	if ((d = open_dir(v->host.procfd, path)) == NULL) {
		if (passed_over(errno))
			return 0;
		v->err_what = "fd";
		return -1;
	}
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		n = readlinkat(dirfd(d), de->d_name, link, sizeof(link));
		if (n <= 0 || (size_t)n >= sizeof(link) ||
		    (key.inode = procnet_socket_inode(link, (size_t)n)) == 0 ||
		    (hit = bsearch(&key, t->v, t->n, sizeof(*t->v),
		    by_inode)) == NULL)
			continue;
		if ((!have_comm && read_process(v, pid, comm) == -1) ||
		    add_owner(v, key.inode, pid, comm) == -1)
			break;
		have_comm = 1;
		t->found += hit->wanted && !hit->found;
		hit->found = 1;
	}
	rc = de != NULL ? -1 : errno == 0 || passed_over(errno) ? 0 : -1;
	if (de == NULL && rc == -1)
		v->err_what = "fd";
	e = errno;
	closedir(d);
	errno = e;
	return rc;
}

/*
 * Looks through the processes, from where the last look stopped, for the
 * holders of t; stops once the wanted ones are found, unless all is set.
 */
static int
scan(struct local_view *v, struct targets *t, int all)
{
	struct dirent *de;
	long pid;
	DIR *d;

	if (v->scan == NULL &&
	    (v->scan = open_dir(v->host.procfd, ".")) == NULL) {
		v->err_what = ".";
		return -1;
	}
	d = v->scan;
	while (all || t->found < t->wanted) {
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
		    scan_process(v, (pid_t)pid, t) == -1)
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

/* The sockets of v whose owners are not known; wanted, of lo..hi. */
static int
collect(const struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos, struct targets *t)
{
	const struct local_sock *s;
	size_t i;

	if ((t->v = malloc((v->socks.n + 1) * sizeof(*t->v))) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < v->socks.n; i++) {
		s = &v->socks.v[i];
		if (s->owners_known || s->inode == 0)
			continue;
		t->v[t->n].inode = s->inode;
		t->v[t->n].found = 0;
		t->v[t->n].wanted = s->port >= lo && s->port <= hi &&
		    (s->proto & protos);
		t->wanted += t->v[t->n++].wanted;
	}
	qsort(t->v, t->n, sizeof(*t->v), by_inode);
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
	struct targets t = { NULL, 0, 0, 0 };
	int all = (v->what & LOCAL_OWNERS) != 0, rc;

	if (!(v->what & (LOCAL_OWNER | LOCAL_OWNERS)) || v->err != 0 ||
	    v->scan_done)
		return;
	if ((rc = collect(v, lo, hi, protos, &t)) == 0 && t.wanted > 0)
		rc = scan(v, &t, all) == -1 ? -1 : 1;
	if (rc == -1) {
		v->err = errno != 0 ? errno : EIO;
		if (v->err_what == NULL)
			v->err_what = ".";
	}
	/* After a failure what was found stays: each lowest owner is sure. */
	if (rc == 1 || (rc == -1 && !all))
		settle(v);
	free(t.v);
}
