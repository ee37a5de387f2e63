/*
 * Label files (labels.h): where they come from, the command line, then
 * the environment, then the default places; and how one is read, whole,
 * a default one only when it is trusted.  The list is made without
 * opening anything, so that a file that is not there costs one failed
 * open, when it is read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "escape.h"
#include "labels.h"
#include "sysconfdir.h"

#define LABELS_FILE "/portinfo/services.csv"

static void
put(struct pi_label_file *f, const char *path, enum pi_source source,
    const struct pi_label_options *o)
{
	f->path = path;
	f->source = source;
	f->named = source == PI_SOURCE_HOST || source == PI_SOURCE_FILE;
	f->services_format = source == PI_SOURCE_HOST;
	f->regular = o->regular;
}

/* Copies the concatenation of a and b[0..blen) to *bytes, moved past it. */
static const char *
keep(char **bytes, const char *a, const char *b, size_t blen)
{
	char *s = *bytes;
	size_t alen = strlen(a);

	memcpy(s, a, alen);
	memcpy(s + alen, b, blen);
	s[alen + blen] = '\0';
	*bytes += alen + blen + 1;
	return s;
}

/*
 * The directory of the user's file, NULL if none, and the rest of its
 * path in *tail.  XDG's rule: a relative XDG_CONFIG_HOME is ignored.
 */
static const char *
user_dir(const char **tail)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	*tail = LABELS_FILE;
	if (xdg != NULL && xdg[0] == '/')
		return xdg;
	*tail = "/.config" LABELS_FILE;
	return home != NULL && home[0] != '\0' ? home : NULL;
}

struct pi_label_file *
pi_label_files(const struct pi_label_options *o, size_t *n)
{
	const char *env = o->nfiles == 0 ? getenv("PORTINFO_SERVICES") : NULL;
	const char *tail, *dir = user_dir(&tail);
	size_t envlen = env != NULL ? strlen(env) : 0, i, len, before, max;
	struct pi_label_file *f;
	char *bytes;

	/* Each item of env is a byte at least, and a NUL or ':' after it. */
	max = 3 + o->nfiles + envlen;
	if ((f = malloc(max * sizeof(*f) + envlen + 1 + (dir != NULL ?
	    strlen(dir) + strlen(tail) + 1 : 0))) == NULL)
		return NULL;
	bytes = (char *)(f + max);
	*n = 0;
	if (o->host)
		put(&f[(*n)++], "/etc/services", PI_SOURCE_HOST, o);
	if (o->none)
		return f;
	before = *n;
	for (i = 0; i < o->nfiles; i++)
		put(&f[(*n)++], o->files[i], PI_SOURCE_FILE, o);
	for (; env != NULL && *env != '\0'; env += len + (env[len] == ':')) {
		if ((len = strcspn(env, ":")) > 0)
			put(&f[(*n)++], keep(&bytes, "", env, len),
			    PI_SOURCE_FILE, o);
	}
	/* Files named replace the default ones. */
	if (*n > before)
		return f;
	put(&f[(*n)++], PI_SYSCONFDIR LABELS_FILE, PI_SOURCE_SITE, o);
	if (dir != NULL)
		put(&f[(*n)++], keep(&bytes, dir, tail, strlen(tail)),
		    PI_SOURCE_USER, o);
	return f;
}

/* "portinfo: FILE: why (fix FILE)": a default file that is not trusted. */
static void
distrust(FILE *err, const char *path, const char *why, const char *fix)
{
	size_t len = strlen(path);

	fputs("portinfo: ", err);
	esc_fput(err, path, len, ESC_WHOLE, ESC_QUOTE_NEEDED);
	fprintf(err, ": %s (%s ", why, fix);
	esc_fput(err, path, len, ESC_WHOLE, ESC_QUOTE_NEEDED);
	fputs(")\n", err);
}

/*
 * Whether a default file, as fstat found it, may be read: as ssh(1)
 * trusts its configuration, a regular file, owned by the user or by
 * root, that neither its group nor others may write.  One that may not
 * is said, with the fix.
 */
static int
trusted(const char *path, const struct stat *st, FILE *err)
{
	unsigned long uid = (unsigned long)geteuid();
	char why[64], fix[32];

	if (!S_ISREG(st->st_mode))
		esc_error(err, path, strlen(path), ESC_WHOLE,
		    "not a regular file; not read");
	else if (st->st_uid != uid && st->st_uid != 0) {
		snprintf(why, sizeof(why), "owned by uid %lu, not by you or "
		    "root; not read", (unsigned long)st->st_uid);
		snprintf(fix, sizeof(fix), "chown %lu", uid);
		distrust(err, path, why, fix);
	} else if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, sizeof(why), "writable by %s; not read",
		    !(st->st_mode & S_IWOTH) ? "its group" :
		    !(st->st_mode & S_IWGRP) ? "others" :
		    "its group and others");
		distrust(err, path, why, "chmod go-w");
	} else
		return 1;
	return 0;
}

/*
 * Opens f's file and fstats what was opened, into *fd and *st; or, as
 * open(2) cannot open a socket (and says ENXIO, not why), stats the
 * socket there, *fd being -1.  Returns 0, or -1 with errno set.
 */
static int
open_stat(const struct pi_label_file *f, int *fd, struct stat *st)
{
	int err;

	if ((*fd = open(f->path, O_RDONLY | O_CLOEXEC |
	    (f->named && !f->regular ? 0 : O_NONBLOCK))) != -1)
		return fstat(*fd, st);
	err = errno;
	if (stat(f->path, st) == 0 && S_ISSOCK(st->st_mode))
		return 0;
	errno = err;
	return -1;
}

int
pi_label_read(const struct pi_label_file *f, char **text, size_t *len,
    FILE *err)
{
	const char *why = NULL;
	struct stat st;
	char large[64];
	int fd, r = -1;

	if (open_stat(f, &fd, &st) == -1) {
		if (!f->named && (errno == ENOENT || errno == ENOTDIR))
			return 0;
		why = strerror(errno);
	} else if (f->regular && !S_ISREG(st.st_mode))
		r = 0;
	else if (!f->named && !trusted(f->path, &st, err))
		r = 0;
	else if (S_ISDIR(st.st_mode))
		why = strerror(EISDIR);
	else if (S_ISSOCK(st.st_mode))
		why = "a socket, not read";
	else if ((*text = pi_read_whole(fd, PI_LABELS_MAX_BYTES, len)) != NULL)
		r = 1;
	else if (errno != EFBIG)
		why = strerror(errno);
	else {
		snprintf(large, sizeof(large), "larger than %lu bytes, not "
		    "read", PI_LABELS_MAX_BYTES);
		why = large;
	}
	if (why != NULL)
		esc_error(err, f->path, strlen(f->path), ESC_WHOLE, why);
	if (fd != -1)
		close(fd);
	return r;
}
