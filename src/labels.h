/*
 * Labels: a site's and a user's own names for ports, read at run time
 * beside the registry compiled in (portinfo(1), LABELS, says which files,
 * in which order, and what is done with bad input).
 *
 * A named file (--services, PORTINFO_SERVICES, --etc-services) is read as
 * named, unless it is a socket.  A default file is read only if it is
 * trusted as ssh(1) trusts its configuration, opened without blocking
 * and judged by fstat on what was opened.  A malformed line is reported
 * as "FILE:LINE: reason" and skipped.  Records are kept in source order,
 * then line order.  A NULL set is an empty one.
 */
#ifndef PI_LABELS_H
#define PI_LABELS_H

#include <stddef.h>
#include <stdio.h>

#include "portinfo.h"

#define PI_LABELS_MAX_BYTES 1048576		/* in one file */
#define PI_LABELS_MAX_RECORDS 10000		/* in one file */

/*
 * One file to read, named if its source is PI_SOURCE_FILE or
 * PI_SOURCE_HOST, in the services(5) format if HOST, else in CSV.
 */
struct pi_label_file {
	const char *path;
	enum pi_source source;
	int regular;		/* read only if a regular file, opened
				   without blocking; else skipped, unsaid */
};

/* What the command line asks of labels. */
struct pi_label_options {
	const char *const *files;	/* --services FILE..., in order */
	size_t nfiles;
	int none;		/* no label file at all (the switch) */
	int host;		/* read /etc/services too */
	int regular;		/* regular files alone, named ones too:
				   for a completion, which must not block */
};

/*
 * The files to read, in order, for the options and the environment
 * (PORTINFO_SERVICES, XDG_CONFIG_HOME, HOME): *n files in one allocation
 * (free() it), or NULL when out of memory.  Nothing is opened here.
 */
struct pi_label_file *pi_label_files(const struct pi_label_options *o,
    size_t *n);

/* The records loaded from every file; opaque. */
struct pi_labels;

/*
 * Reads the files in order into *set (NULL when none holds a record),
 * reporting every problem on err.  Returns 0, or -1 when a named file
 * lost labels or memory ran out (files NULL: pi_label_files' memory);
 * the others are loaded all the same.
 */
int pi_labels_load(struct pi_labels **set, const struct pi_label_file *files,
    size_t n, FILE *err);

/* pi_label_files and pi_labels_load, for the program: the one call. */
int pi_labels_open(struct pi_labels **set, const struct pi_label_options *o,
    FILE *err);

void pi_labels_free(struct pi_labels *set);

/* Records loaded; 0 for NULL. */
size_t pi_labels_count(const struct pi_labels *set);

/*
 * One label record, in the shape of the registry's, plus its aliases.
 * In entry: name as the file spells it; description on one line;
 * reference "FILE:LINE" (the file as named, the record's first line in
 * it), then a space and the file's own Reference put as the registry's
 * are; unauthorized ""; status PI_ASSIGNED; source where it comes from;
 * index the record's position in the set; plain over every string here.
 * Every string lives as long as the set.
 */
struct pi_label_entry {
	struct pi_entry entry;
	const char *aliases;	/* /etc/services aliases, space-separated */
};

/* A lookup in progress over a set; the fields are private. */
struct pi_label_cursor {
	const struct pi_labels *set;
	int kind;
	unsigned protos;
	size_t pos, end;	/* the next of the sorted keys, and the end */
	size_t range;		/* the next of the ranges (by port) */
	const struct pi_label_entry *last; /* handed out last (by name) */
	unsigned lo, hi;	/* the keys' numbers: ports, or a name's hash */
	const char *key;
	size_t keylen;
};

/*
 * The lookups mirror the registry's (portinfo.h), "registry order" read
 * as the order of loading.  Port: records covering any port of lo..hi,
 * each once, in order of the first port of lo..hi they cover.
 */
void pi_labels_find_port(struct pi_label_cursor *c,
    const struct pi_labels *set, unsigned lo, unsigned hi, unsigned protos);

/* Records whose name or an alias is name[0..len), ASCII case folded. */
void pi_labels_find_name(struct pi_label_cursor *c,
    const struct pi_labels *set, const char *name, size_t len,
    unsigned protos);

/*
 * Records whose name, an alias or description contains text[0..len), in
 * source order: every record for "".
 */
void pi_labels_find_text(struct pi_label_cursor *c,
    const struct pi_labels *set, const char *text, size_t len,
    unsigned protos);

/* Fills *e with the next record and returns 1, or returns 0 when done. */
int pi_labels_next(struct pi_label_cursor *c, struct pi_label_entry *e);

/* The records called name[0..len): the registry's for protos, then set's. */
struct pi_name_walk {
	struct pi_cursor reg;
	struct pi_label_cursor set;
	int in_set;		/* the registry's are done */
	struct pi_label_entry e;	/* the record handed out last */
};

static inline void
pi_name_walk(struct pi_name_walk *w, const struct pi_labels *set,
    const char *name, size_t len, unsigned protos)
{
	pi_find_name(&w->reg, name, len, protos);
	pi_labels_find_name(&w->set, set, name, len, protos & PI_PROTO_ANY);
	w->in_set = 0;
}

/* The next record, valid until the next call; NULL when done. */
static inline const struct pi_entry *
pi_name_next(struct pi_name_walk *w)
{
	if (!w->in_set && pi_next(&w->reg, &w->e.entry))
		return &w->e.entry;
	w->in_set = 1;
	return pi_labels_next(&w->set, &w->e) ? &w->e.entry : NULL;
}

#endif
