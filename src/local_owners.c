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

/* Room for "PID/cmdline", "PID/comm" and "PID/fd": a pid has at most
   10 digits. */
#define PID_PATH_MAX	sizeof("4294967295/cmdline")

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
 * Reads /proc/PID/cmdline of a forwarder named comm, and adds where it
 * says it forwards to v's forwarders.  A command line longer than any a
 * forwarder is started with, or one that says nothing whole, is none.
 * Returns 0, or -1 with errno (and v->err_what set if it could not be
 * read for another reason than the process being gone).
 */
static int
read_forward(struct local_view *v, pid_t pid, const char *comm)
{
	char path[PID_PATH_MAX], buf[EXPOSE_CMDLINE_MAX + 1];
	const char *argv[EXPOSE_ARGS_MAX];
	struct local_forwarder fw;
	size_t len = 0;
	ssize_t n = 0;
	int fd, e, argc;

	snprintf(path, sizeof(path), "%lu/cmdline", (unsigned long)pid);
	if ((fd = openat(v->host.procfd, path, O_RDONLY | O_CLOEXEC)) == -1)
		goto unread;
	while (len < sizeof(buf) &&
	    (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	e = errno;
	close(fd);
	errno = e;
	if (n == -1 && e != EIO)
		goto unread;
	argc = n == -1 || len > EXPOSE_CMDLINE_MAX ? -1 :
	    expose_split(buf, len, argv, EXPOSE_ARGS_MAX);
	if (argc < 1 || !expose_forward(comm, argc, argv, &fw.f))
		return 0;
	fw.pid = pid;
	return add_forwarder(v, &fw);
unread:
	if (passed_over(errno))
		return 0;
	v->err_what = "cmdline";
	return -1;
}

/*
 * What is read of a process that holds a socket besides its files: its
 * command name, into comm, and, for a forwarder, its command line.
 * Returns 0, or -1 with errno and v->err_what set.
 */
static int
read_process(struct local_view *v, pid_t pid, char *comm)
{
	if (read_comm(v->host.procfd, pid, comm) == -1) {
		v->err_what = "comm";
		return -1;
	}
	return expose_forwarder(comm) ? read_forward(v, pid, comm) : 0;
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
		if (!have_comm && read_process(v, pid, comm) == -1)
			goto fail;
		have_comm = 1;
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
