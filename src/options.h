/* The command line, read into a struct options and checked. */
#ifndef PI_OPTIONS_H
#define PI_OPTIONS_H

#include <stdio.h>

#include "format.h"
#include "labels.h"
#include "portinfo.h"

/* What the program does, one a run, in the synopsis's order; MODE_HELP and
   the modes after it stand alone: other options are read, then ignored. */
enum mode {
	MODE_QUERY,		/* answer the queries (operands or stdin) */
	MODE_SEARCH,		/* -s TEXT */
	MODE_LIST,		/* -l [CLASS] */
	MODE_EXTRACT,		/* -x: endpoints picked out of standard input */
	MODE_LISTENING,		/* --listening */
	MODE_SOCKETS,		/* --sockets */
	MODE_ANNOTATE,		/* --annotate: standard input, annotated */
	MODE_FREE,		/* --free [RANGE] */
	MODE_WAIT,		/* --wait WHAT QUERY... */
	MODE_HELP,		/* -h */
	MODE_VERSION,		/* -V */
	MODE_COMPLETE,		/* --complete KIND */
	MODES
};

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* The KIND of --complete that main prints, not options_complete. */
#define COMPLETE_NAMES "names"

struct options {
	enum mode mode;
	unsigned protos;	/* -p; PI_PROTO_ANY if not given */
	const char *search;	/* -s TEXT */
	const struct pi_class_info *cls; /* -l CLASS; NULL: everything */
	int all;		/* -a */
	int iana;		/* --iana: IANA's registry alone */
	int format;		/* -f: enum fmt_kind */
	int header;		/* 0 with -H */
	int quiet;		/* -q */
	int verbose;		/* -v */
	const char *fields;	/* -o's list, as given; NULL if none */
	unsigned char ids[NFIELDS]; /* the fields it names, ids[0..nids) */
	size_t nids;
	unsigned groups;	/* of the fields printed: enum field_group */
	enum color_when color;
	int local;		/* -L, or implied by --listening, --sockets */
	unsigned free_lo, free_hi; /* --free's range */
	unsigned free_protos;	/* from RANGE's /proto; PI_PROTO_ANY if none */
	unsigned long count;	/* -n; 0 if not given */
	int wait;		/* --wait's enum wait_for */
	long long timeout;	/* --timeout, in nanoseconds; 0: none */
	const char *complete;	/* --complete's KIND */
	struct pi_label_options labels; /* files is allocated */
	char **args;		/* the queries of MODE_QUERY */
	int nargs;
};

/* Reads argv[0..argc) into *o: 0, or -1 after saying on err what is wrong.
   The first -h, -V or --complete ends the reading.  The operands, among
   the options anywhere, are moved to argv[1..] in their order, and o->args
   points among them. */
int options_parse(struct options *o, int argc, char *argv[], FILE *err);

/* Frees what options_parse allocated. */
void options_free(struct options *o);

/* The synopsis and the option summary, for --help. */
void options_help(FILE *fp);

/* --complete's words, one a line: for "options" each option's short name,
   long name, value ("[class]" when it may be left out) and help, separated
   by tabs; for an option, the words its value may be. */
void options_complete(const struct options *o, FILE *fp);

#endif
