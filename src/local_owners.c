/*
 * The processes that hold the local view's sockets on Linux, by their
 * open files (/proc/PID/fd), command name and, for a forwarder, command
 * line.
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
#include "grow.h"
#include "local.h"
#include "local_sys.h"
#include "procnet.h"

/* Room for "PID/cmdline", "PID/comm" and "PID/fd". */
#define PID_PATH_MAX	sizeof("4294967295/cmdline")

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
	int c;

	if ((c = cmp_uint(a->inode, b->inode)) != 0)
		return c;
	return cmp_uint((unsigned long long)a->pid,
	    (unsigned long long)b->pid);
}

/* Reads /proc/PID/name, at most size bytes, into buf: how many; 0 when
   passed over or on EIO; -1 with errno for any other failure. */
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

/* Sorts the owners found, drops a process counted twice (two descriptors
   of one socket), and points each socket at its own. */
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
		s->owners_known = 1;
		s->nowners = n;
		s->owners = n ? &v->owners[first] : NULL;
	}
}

void
local_sys_owners(struct local_view *v, unsigned lo, unsigned hi,
    unsigned protos)
{
	const struct local_sock *s;
	unsigned long long *inodes;
	size_t i, n = 0;
	int wanted = 0;

	if (!(v->what & LOCAL_OWNERS) || v->err != 0 || v->scan_done)
		return;
	if ((inodes = malloc((v->socks.n + 1) * sizeof(*inodes))) == NULL) {
		v->err = ENOMEM;
		return;
	}
	for (i = 0; i < v->socks.n; i++) {
		s = &v->socks.v[i];
		if (s->inode == 0)
			continue;
		inodes[n++] = s->inode;
		wanted |= s->port >= lo && s->port <= hi && (s->proto & protos);
	}
	if (wanted) {
		qsort(inodes, n, sizeof(*inodes), by_inode);
		if (scan(v, inodes, n) == 0) {
			v->scan_done = 1;
			settle(v);
		} else
			v->err = errno != 0 ? errno : EIO;
	}
	free(inodes);
}
