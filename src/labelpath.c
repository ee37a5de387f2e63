/*
 * Where label files come from: the command line, then the environment,
 * then the default places (labels.h says which wins).  Nothing is opened
 * here, so that a file that is not there costs one failed open later.
 */
#include <stdlib.h>
#include <string.h>

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
