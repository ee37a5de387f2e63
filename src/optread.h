/*
 * The option table's rows (option_defs, options.c) and the reader of
 * the command line's words against it: long names and unambiguous
 * prefixes, bundled letters, values attached or in the next word, "--",
 * operands anywhere.  Private to options.c.
 */
#ifndef PI_OPTREAD_H
#define PI_OPTREAD_H

#include <stddef.h>
#include <stdio.h>

#include "options.h"

/* How an option takes a value. */
enum takes {
	TAKES_NONE,
	TAKES_VALUE,	/* attached (-fjson, --format=json) or the next word */
	TAKES_ATTACHED	/* attached (-lCLASS, --list=CLASS) or none */
};

struct arg;
struct parse;
/* Stores the value of p->def; 0, or -1 after a message. */
typedef int handler(struct parse *p, const char *value);

/* A row of the table. */
struct option_def {
	const char *name;	/* the long name, after "--" */
	char letter;		/* the short one, or 0 */
	enum takes takes;
	const struct arg *arg;	/* what its value is; NULL: none */
	enum mode selects;	/* the mode it asks for; MODE_QUERY: none */
	unsigned modes;		/* the modes it goes with */
	handler *set;		/* NULL: selecting its mode is all it does */
	size_t field;		/* set_flag's int, by offset, ... */
	int flag;		/* ... and what it sets it to */
	const char *help;	/* its line of --help; '\n' breaks it */
};

/* The table, ended by a row without a name. */
extern const struct option_def option_defs[];

/*
 * argv[next..argc) is still to be read; the operands read so far have
 * been moved down to argv[1..1 + nops), in their order.
 */
struct reader {
	int argc;
	char **argv;
	int next;
	int nops;
	const char *letters;	/* the rest of a word of letters ("-aHq"),
				   or NULL */
};

/*
 * The next option, wherever it is among the operands, which are moved
 * down as they are passed; its value in *value, or NULL.  "--" ends
 * the options, and "-" is an operand.  Returns 1, 0 when no option is
 * left, or -1 after a message.
 */
int next_option(struct reader *rd, FILE *err, const struct option_def **def,
    const char **value);

/*
 * Says on one line what is wrong with subject[0..len) (NULL: with the
 * command line), and where to read more; returns -1.
 */
int usage_error_len(FILE *err, const char *subject, size_t len,
    const char *message);
int usage_error(FILE *err, const char *subject, const char *message);

/* Adds a and b to the string m[0..size), as much as fits. */
void usage_append(char *m, size_t size, const char *a, const char *b);

#endif
