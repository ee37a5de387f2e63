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

#include "escape.h"
#include "labels.h"
#include "sysconfdir.h"

#define LABELS_FILE "/portinfo/services.csv"

/* The list being made: its files, then the bytes of the paths built. */
struct list {
	struct pi_label_file *files;
	size_t n;
	char *bytes;
};

static void
put(struct list *l, const char *path, enum pi_source source, int named,
    int services_format)
{
	struct pi_label_file *f = &l->files[l->n++];

	f->path = path;
	f->source = source;
	f->named = named;
	f->services_format = services_format;
}

/* Copies the concatenation of a and b[0..blen) into the list's bytes. */
static const char *
keep(struct list *l, const char *a, const char *b, size_t blen)
{
	char *s = l->bytes;
	size_t alen = strlen(a);

	memcpy(s, a, alen);
	memcpy(s + alen, b, blen);
	s[alen + blen] = '\0';
	l->bytes += alen + blen + 1;
	return s;
}

/* The items of a colon-separated list, empty ones aside. */
static size_t
count_items(const char *s)
{
	size_t n = 0;

	while (*s != '\0') {
		size_t len = strcspn(s, ":");

		n += len > 0;
		s += len + (s[len] == ':');
	}
	return n;
}

/* What the list holds: its files, and the bytes of the paths it builds. */
struct plan {
	const char *env;	/* PORTINFO_SERVICES, when it is used */
	const char *user_dir, *user_tail;
	size_t nitems;		/* of env */
	size_t max;		/* files, at most */
	size_t bytes;		/* of the paths built, NULs included */
};

static void
plan(const struct pi_label_options *o, struct plan *p)
{
	const char *env = getenv("PORTINFO_SERVICES");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	p->env = o->nfiles == 0 ? env : NULL;
	p->user_dir = NULL;
	p->user_tail = "/.config" LABELS_FILE;
	/* XDG's rule: a relative XDG_CONFIG_HOME is to be ignored. */
	if (xdg != NULL && xdg[0] == '/') {
		p->user_dir = xdg;
		p->user_tail = LABELS_FILE;
	} else if (home != NULL && home[0] != '\0')
		p->user_dir = home;
	p->nitems = p->env != NULL ? count_items(p->env) : 0;
	p->max = 1 + o->nfiles + p->nitems + 2;
	p->bytes = 1;
	if (p->nitems > 0)
		p->bytes += strlen(p->env) + p->nitems;
	if (p->user_dir != NULL)
		p->bytes += strlen(p->user_dir) + strlen(p->user_tail) + 1;
}

/* Fills l, which has room for what p says, and returns how many files. */
static size_t
fill(const struct pi_label_options *o, const struct plan *p, struct list *l)
{
	size_t i;

	l->n = 0;
	if (o->host)
		put(l, "/etc/services", PI_SOURCE_HOST, 1, 1);
	if (o->none) {
		/* Nothing more. */
	} else if (o->nfiles > 0) {
		for (i = 0; i < o->nfiles; i++)
			put(l, o->files[i], PI_SOURCE_FILE, 1, 0);
	} else if (p->nitems > 0) {
		for (const char *s = p->env; *s != '\0';) {
			size_t len = strcspn(s, ":");

			if (len > 0)
				put(l, keep(l, "", s, len), PI_SOURCE_FILE,
				    1, 0);
			s += len + (s[len] == ':');
		}
	} else {
		put(l, PI_SYSCONFDIR LABELS_FILE, PI_SOURCE_SITE, 0, 0);
		if (p->user_dir != NULL)
			put(l, keep(l, p->user_dir, p->user_tail,
			    strlen(p->user_tail)), PI_SOURCE_USER, 0, 0);
	}
	return l->n;
}

struct pi_label_file *
pi_label_files(const struct pi_label_options *o, size_t *n)
{
	struct plan p;
	struct list l;

	plan(o, &p);
	if ((l.files = malloc(p.max * sizeof(*l.files) + p.bytes)) == NULL)
		return NULL;
	l.bytes = (char *)(l.files + p.max);
	*n = fill(o, &p, &l);
	return l.files;
}

/*
 * Writes a file's path on the error stream, as every message that names
 * a label file names it.
 */
static void
put_path(FILE *err, const char *path)
{
	esc_fput(err, path, strlen(path), ESC_WHOLE, ESC_QUOTE_NEEDED);
}

/*
 * "portinfo: FILE: what", and " (fix FILE)" after it if there is a fix:
 * a file that cannot be read, or a default file that is not trusted.
 */
static void
say(FILE *err, const char *path, const char *what, const char *fix)
{
	fputs("portinfo: ", err);
	put_path(err, path);
	fprintf(err, ": %s", what);
	if (fix != NULL) {
		fprintf(err, " (%s ", fix);
		put_path(err, path);
		fputc(')', err);
	}
	fputc('\n', err);
}

/*
 * Reads the file open on fd whole into *buf (*len bytes, then a NUL).
 * Returns 0, -1 with errno set, or -2 when it holds more than
 * PI_LABELS_MAX_BYTES.  Room for them all is asked for at once; the
 * pages not read into are never touched.
 */
static int
read_all(int fd, char **buf, size_t *len)
{
	size_t n = 0;
	ssize_t k;
	char *p;
	int e;

	if ((p = malloc(PI_LABELS_MAX_BYTES + 1)) == NULL)
		return -1;
	while (n <= PI_LABELS_MAX_BYTES && (k = read(fd, p + n,
	    PI_LABELS_MAX_BYTES + 1 - n)) != 0) {
		if (k > 0)
			n += (size_t)k;
		else if (errno != EINTR) {
			e = errno;
			free(p);
			errno = e;
			return -1;
		}
	}
	if (n > PI_LABELS_MAX_BYTES) {
		free(p);
		return -2;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
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
	static const char *const writers[] = { "its group", "others",
	    "its group and others" };
	unsigned long uid = (unsigned long)geteuid();
	char why[64], fix[32];

	if (!S_ISREG(st->st_mode))
		say(err, path, "not a regular file; not read", NULL);
	else if (st->st_uid != uid && st->st_uid != 0) {
		snprintf(why, sizeof(why), "owned by uid %lu, not by you or "
		    "root; not read", (unsigned long)st->st_uid);
		snprintf(fix, sizeof(fix), "chown %lu", uid);
		say(err, path, why, fix);
	} else if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, sizeof(why), "writable by %s; not read", writers[
		    (st->st_mode & S_IWGRP ? 1 : 0) +
		    (st->st_mode & S_IWOTH ? 2 : 0) - 1]);
		say(err, path, why, "chmod go-w");
	} else
		return 1;
	return 0;
}

int
pi_label_read(const struct pi_label_file *f, char **text, size_t *len,
    FILE *err)
{
	char large[64];
	struct stat st;
	int fd, r;

	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC | (f->named ? 0 :
	    O_NONBLOCK))) == -1) {
		if (!f->named && (errno == ENOENT || errno == ENOTDIR))
			return 0;
		say(err, f->path, strerror(errno), NULL);
		return -1;
	}
	if (fstat(fd, &st) == -1)
		r = -1;
	else if (!f->named && !trusted(f->path, &st, err))
		r = 1;
	else if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		r = -1;
	} else
		r = read_all(fd, text, len);
	if (r == -1)
		say(err, f->path, strerror(errno), NULL);
	if (r == -2) {
		snprintf(large, sizeof(large), "larger than %lu bytes, not "
		    "read", PI_LABELS_MAX_BYTES);
		say(err, f->path, large, NULL);
	}
	close(fd);
	return r == 0 ? 1 : r == 1 ? 0 : -1;
}
