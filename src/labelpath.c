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
put(struct list *l, const char *path, enum pi_source source, int required,
    int services_format)
{
	struct pi_label_file *f = &l->files[l->n++];

	f->path = path;
	f->source = source;
	f->required = required;
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

struct pi_label_file *
pi_label_files(const struct pi_label_options *o, size_t *n)
{
	const char *env = getenv("PORTINFO_SERVICES");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	const char *user_dir = NULL, *user_tail = "/.config" LABELS_FILE;
	size_t nitems = 0, max, bytes = 0, i;
	struct list l;

	/* XDG's rule: a relative XDG_CONFIG_HOME is to be ignored. */
	if (xdg != NULL && xdg[0] == '/') {
		user_dir = xdg;
		user_tail = LABELS_FILE;
	} else if (home != NULL && home[0] != '\0')
		user_dir = home;
	if (o->nfiles == 0 && env != NULL)
		nitems = count_items(env);
	max = 1 + o->nfiles + nitems + 2;
	if (o->nfiles == 0 && nitems > 0)
		bytes += strlen(env) + nitems;
	if (user_dir != NULL)
		bytes += strlen(user_dir) + strlen(user_tail) + 1;
	if ((l.files = malloc(max * sizeof(*l.files) + bytes + 1)) == NULL)
		return NULL;
	l.n = 0;
	l.bytes = (char *)(l.files + max);

	if (o->host)
		put(&l, "/etc/services", PI_SOURCE_HOST, 1, 1);
	if (o->none) {
		/* Nothing more. */
	} else if (o->nfiles > 0) {
		for (i = 0; i < o->nfiles; i++)
			put(&l, o->files[i], PI_SOURCE_FILE, 1, 0);
	} else if (nitems > 0) {
		for (const char *s = env; *s != '\0';) {
			size_t len = strcspn(s, ":");

			if (len > 0)
				put(&l, keep(&l, "", s, len), PI_SOURCE_FILE,
				    1, 0);
			s += len + (s[len] == ':');
		}
	} else {
		put(&l, PI_SYSCONFDIR LABELS_FILE, PI_SOURCE_SITE, 0, 0);
		if (user_dir != NULL)
			put(&l, keep(&l, user_dir, user_tail,
			    strlen(user_tail)), PI_SOURCE_USER, 0, 0);
	}
	*n = l.n;
	return l.files;
}
