/*
 * Labels: a site's and a user's own names for ports, read at run time
 * beside the registry compiled in.
 *
 * Where they come from (pi_label_files):
 *   - the files named by --services FILE, in the order given; if there
 *     are none, those of PORTINFO_SERVICES (a colon-separated list; empty
 *     items are ignored).  Either replaces the default files below;
 *   - otherwise the site's SYSCONFDIR/portinfo/services.csv, then the
 *     user's $XDG_CONFIG_HOME/portinfo/services.csv ($HOME/.config/... when
 *     XDG_CONFIG_HOME is unset, empty or relative, as the XDG base
 *     directory specification says): the default files;
 *   - the host's /etc/services when asked for (host), read before them;
 *   - none at all when the switch says so (none), /etc/services aside.
 *
 * Label files are CSV in the registry's format (fields.h): a header that
 * names at least Service Name, Port Number and Transport Protocol, in any
 * case; Description, Reference and the dates are optional, other columns
 * are ignored.  /etc/services has the classic format (etcservices.h).
 *
 * A file named (--services, PORTINFO_SERVICES, and /etc/services, which
 * --etc-services names) is read as named, whatever it is: a FIFO or a
 * <(...) too; one that cannot be read is an error.  A default file is
 * read only if it is trusted as ssh(1) trusts its configuration: a
 * regular file, owned by the user or by root, that neither its group
 * nor others may write.  It is opened without blocking, so that a FIFO
 * there cannot stop the program, and judged by fstat on what was
 * opened.  One that is not there is simply absent; one that is not
 * trusted is not read, with one warning that names the file and the
 * fix.
 *
 * Bad input never stops a lookup: a malformed line is reported on the
 * error stream as "FILE:LINE: reason", in the table compiler's words, and
 * skipped; the other lines are used.  A blank line is not a record.  An
 * empty file, or one with only a header, holds no labels and is not an
 * error.  A file over PI_LABELS_MAX_BYTES is reported and not read; the
 * records of a file beyond PI_LABELS_MAX_RECORDS are reported and
 * skipped.  A named file that loses labels so (one that cannot be read,
 * is too large, has a header that cannot be read or used, or is cut at
 * the record limit) is an error: the caller exits 2.
 *
 * Order of sources, as the answers show them: IANA's records first, then
 * the common uses compiled in, then the host's /etc/services, the site's
 * file, the user's file, and the files named explicitly, each in file
 * order.  Later sources add to earlier ones and never hide them: a name
 * present in several sources resolves to the records of every source,
 * in that order, and a port to every record that covers it.  enum
 * pi_source is declared in that order, so sorting by it is the rule.
 *
 * Each file is read once, whole, into memory, and parsed there: CSV by
 * the one CSV reader (csv.h), /etc/services line by line.  Each record is
 * built whole as it is read (its strings copied, its description put on
 * one line, its "FILE:LINE" reference made) and the file's text is then
 * freed: nothing refers back to the file, so that changing, truncating
 * or deleting it while the program runs changes nothing in that run.
 * Once all are read, the records are sorted (qsort) by first port and by
 * the hash of each name they are found by, ASCII case folded, and the
 * lookups find them by binary search.
 * The lookups only read the set.  A NULL set is an empty one, so that a
 * program with no label file pays one failed open per default file.
 */
#ifndef PI_LABELS_H
#define PI_LABELS_H

#include <stddef.h>
#include <stdio.h>

#include "portinfo.h"

#define PI_LABELS_MAX_BYTES (1024ul * 1024)	/* in one file */
#define PI_LABELS_MAX_RECORDS 10000		/* in one file */

/* Sources (enum pi_source) are declared in portinfo.h, beside IANA's. */

/* One file to read. */
struct pi_label_file {
	const char *path;
	enum pi_source source;
	int named;		/* named, not a default file: read as it is,
				   and failing to read it is an error */
	int services_format;	/* /etc/services' format, not CSV */
};

/* What the command line asks of labels. */
struct pi_label_options {
	const char *const *files;	/* --services FILE..., in order */
	size_t nfiles;
	int none;		/* no label file at all (the switch) */
	int host;		/* read /etc/services too */
};

/*
 * The files to read, in the order their records are shown, for the
 * options and the environment (PORTINFO_SERVICES, XDG_CONFIG_HOME, HOME).
 * Returns an array of *n files held in one allocation (free() it), or
 * NULL when out of memory.  Nothing is opened here.
 */
struct pi_label_file *pi_label_files(const struct pi_label_options *o,
    size_t *n);

/*
 * Reads the file f whole into *text (*len bytes, then a NUL; free() it):
 * a named one as it is, blocking as it may; a default one only when it
 * is trusted (above), opened without blocking so that a FIFO there
 * cannot stop the program, and judged by fstat on what was opened.
 * Returns 1; 0 when a default file is not there or not trusted; -1 when
 * it could not be read.  What went wrong is said on err.
 */
int pi_label_read(const struct pi_label_file *f, char **text, size_t *len,
    FILE *err);

/* The records loaded from every file; opaque. */
struct pi_labels;

/*
 * Reads the files in order into *set (NULL when none holds a record),
 * reporting every problem on err.  Returns 0, or -1 when a named file
 * lost labels or memory ran out (the caller exits 2); the records of
 * the other files are loaded all the same.
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
 * One label record, in the shape of the registry's, plus where it comes
 * from.  In entry: name as the file spells it; description on one line,
 * "" if none; reference "FILE:LINE", followed after a space by the
 * file's own Reference when it has one (put as the registry's are:
 * bracketed items joined by "; "); unauthorized ""; status
 * PI_ASSIGNED; index the record's position in the loaded set, from 0;
 * plain as for the registry (portinfo.h), over every string here,
 * aliases and file name included.  Label text may hold bytes the
 * registry's never does (bidi marks, terminal escapes in an /etc/services
 * comment): the formatter escapes them as it escapes any text that is
 * not plain.  Every string lives as long as the set.
 */
struct pi_label_entry {
	struct pi_entry entry;	/* entry.source: where it comes from */
	const char *aliases;	/* /etc/services aliases, space-separated */
	const char *file;	/* the file as named */
	unsigned long line;	/* the record's first line in it */
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
 * The lookups mirror the registry's (portinfo.h) and take the same
 * arguments; protos filters the same way (a record with no protocol
 * matches every set).  Within one kind of lookup the order is the
 * registry's with "registry order" read as source order, then line
 * order (the order of loading).
 *
 * Port: records covering any port of lo..hi, each once, in order of the
 * first port of lo..hi they cover, then in source order.
 */
void pi_labels_find_port(struct pi_label_cursor *c,
    const struct pi_labels *set, unsigned lo, unsigned hi, unsigned protos);

/*
 * Records whose name or an alias is name[0..len), ignoring ASCII case,
 * each once, in source order.
 */
void pi_labels_find_name(struct pi_label_cursor *c,
    const struct pi_labels *set, const char *name, size_t len,
    unsigned protos);

/*
 * Records whose name, an alias or description contains text[0..len),
 * ignoring ASCII case, in source order.
 */
void pi_labels_find_text(struct pi_label_cursor *c,
    const struct pi_labels *set, const char *text, size_t len,
    unsigned protos);

/* Every record, in source order. */
void pi_labels_find_all(struct pi_label_cursor *c,
    const struct pi_labels *set, unsigned protos);

/* Fills *e with the next record and returns 1, or returns 0 when done. */
int pi_labels_next(struct pi_label_cursor *c, struct pi_label_entry *e);

#endif
