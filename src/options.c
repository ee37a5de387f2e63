/*
 * The command line.  One table, option_defs, says all there is of each
 * option: its names, how it takes a value and what the value is, the
 * modes it goes with, its line of --help and its handler.  The reader,
 * the check of the modes, the synopsis, --help and --complete all walk
 * it; another table says what each mode takes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "escape.h"
#include "local.h"
#include "options.h"
#include "query.h"
#include "wait.h"

/* --free prints at most this many ports: there are no more. */
#define COUNT_MAX (PI_PORT_MAX + 1)

/*
 * The fewest letters after one dash that are taken for the start of a
 * long option's name: "-al" is -a -l.
 */
#define DASHED_MIN 3

/* Sets of modes, a bit each; M_ALL, those that options go with. */
#define M(mode) (1u << (mode))
#define M_ALL (M(MODE_HELP) - 1)
/* Those that print records found, not ports or lines of their own. */
#define M_RECORDS (M_ALL & ~(M(MODE_FREE) | M(MODE_WAIT) | M(MODE_ANNOTATE)))

/* Where --help's descriptions start; what no line of the synopsis reaches. */
#define HELP_COLUMN 28
#define WIDTH 80

/* By enum fmt_kind and enum color_when. */
static const char *const formats[] = { "human", "tsv", "csv", "json", NULL };
static const char *const colors[] = { "auto", "always", "never", NULL };

static const char *
proto_word(size_t i)
{
	unsigned bit = i < 16 ? 1u << i : 0;

	return (bit & PI_PROTO_ANY) != 0 ? pi_proto_name(bit) : NULL;
}

/* The groups of the records printed, once known: -o names their fields. */
static unsigned field_groups = ~0u;

static const char *
field_word(size_t i)
{
	return outfield_name(field_groups, i);
}

/* The classes, walked from port 0 by their bounds. */
static const char *
class_word(size_t i)
{
	const struct pi_class_info *c = pi_classify(0);

	for (; i > 0 && c->hi < PI_PORT_MAX; i--)
		c = pi_classify(c->hi + 1);
	return i == 0 ? c->name : NULL;
}

/* What a value is. */
struct arg {
	const char *name;	/* in the synopsis and --help */
	const char *noun;	/* in "unknown NOUN (WORD, ...)" */
	const char *const *words; /* the words it may be, NULL-ended; */
	const char *(*word)(size_t i); /* or the i-th of them, NULL past
				   the last; neither: any text */
};

static const struct arg a_protocols = { "protocols", "protocol", NULL,
    proto_word }, a_format = { "format", "format", formats, NULL },
    a_fields = { "fields", "field", NULL, field_word },
    a_class = { "class", "class", NULL, class_word },
    a_range = { "range", NULL, NULL, class_word },
    a_when = { "when", "colour choice", colors, NULL },
    a_what = { "what", "condition", wait_for_names, NULL },
    a_text = { "text", NULL, NULL, NULL },
    a_count = { "count", NULL, NULL, NULL },
    a_file = { "file", NULL, NULL, NULL },
    a_kind = { "kind", NULL, NULL, NULL },
    a_seconds = { "seconds", NULL, NULL, NULL };

/* How an option takes a value. */
enum takes {
	TAKES_NONE,
	TAKES_VALUE,	/* attached (-fjson, --format=json) or the next word */
	TAKES_ATTACHED	/* attached (-lCLASS, --list=CLASS) or none */
};

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

/*
 * -l's class and --free's range: attached, or an operand for each time
 * the option came without one.  The last one given counts.
 */
struct later {
	int bare;		/* how many came without a value */
	const char *value;	/* the last one's, NULL if it came without */
};

/*
 * What the options said, as they are read.  argv[next..argc) is still to
 * be read; the operands read so far have been moved down to
 * argv[1..1 + nops), in their order.
 */
struct parse {
	struct options *o;
	FILE *err;
	int argc;
	char **argv;
	int next;
	int nops;
	const char *letters;	/* the rest of a word of letters ("-aHq"),
				   or NULL */
	const struct option_def *def; /* the option being read */
	unsigned asked;		/* the modes asked for */
	unsigned long long given; /* bit i: option_defs[i] was given */
	struct later later[MODES]; /* of MODE_LIST and MODE_FREE */
};

static handler set_flag, set_choice, set_text, set_protos, set_search,
    set_list, set_color, set_later, set_count, set_timeout, set_services,
    set_complete;

/*
 * An option that sets a member of struct options: an int to v, or to
 * the index of its value among its arg's words, or a string to its
 * value; one that does more.
 */
#define FLAG(field, v) set_flag, offsetof(struct options, field), v
#define CHOICE(field) set_choice, offsetof(struct options, field), 0
#define TEXT(field) set_text, offsetof(struct options, field), 0
#define SET(h) h, 0, 0
/* An option that asks for a mode goes with that mode alone. */
#define SELECTS(m) m, M(m)
#define PLAIN(modes) MODE_QUERY, modes

/*
 * The options, in --help's order.  A row without help is another name
 * of the option above it.
 */
static const struct option_def option_defs[] = {
	{ "protocol", 'p', TAKES_VALUE, &a_protocols, PLAIN(M_ALL),
	    SET(set_protos), "only these of tcp,udp,sctp,dccp (default: all)" },
	{ "search", 's', TAKES_VALUE, &a_text, SELECTS(MODE_SEARCH),
	    SET(set_search), "services whose name or description contains "
	    "TEXT" },
	{ "list", 'l', TAKES_ATTACHED, &a_class, SELECTS(MODE_LIST),
	    SET(set_list), "every service, or those of one class of ports:\n"
	    "well-known, registered or dynamic" },
	{ "all", 'a', TAKES_NONE, NULL, PLAIN(M_RECORDS), FLAG(all, 1),
	    "also show reserved and unassigned records" },
	{ "iana", 0, TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(iana, 1),
	    "IANA's registry alone: no common uses, aliases\nor label files" },
	{ "format", 'f', TAKES_VALUE, &a_format, PLAIN(M_ALL),
	    CHOICE(format), "human (default), tsv, csv or json (JSON Lines)" },
	{ "fields", 'o', TAKES_VALUE, &a_fields,
	    PLAIN(M_ALL & ~(M(MODE_WAIT) | M(MODE_ANNOTATE))), TEXT(fields),
	    "print these fields, in this order, in any format" },
	{ "no-header", 'H', TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(header, 0),
	    "leave out the tsv and csv header line" },
	{ "quiet", 'q', TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(quiet, 1),
	    "print nothing; the exit status answers" },
	{ "verbose", 'v', TAKES_NONE, NULL, PLAIN(M_RECORDS), FLAG(verbose, 1),
	    "also show each common use's source (a URL)" },
	{ "color", 0, TAKES_ATTACHED, &a_when, PLAIN(M_ALL), SET(set_color),
	    "colour human output: auto, always or never" },
	{ "colour", 0, TAKES_ATTACHED, &a_when, PLAIN(M_ALL), SET(set_color),
	    NULL },
	{ "local", 'L', TAKES_NONE, NULL, PLAIN(M_RECORDS), FLAG(local, 1),
	    "the sockets of this host on each port asked" },
	{ "listening", 0, TAKES_NONE, NULL, SELECTS(MODE_LISTENING), SET(NULL),
	    "every socket this host listens on (tcp) or has\n"
	    "bound unconnected (udp)" },
	{ "sockets", 0, TAKES_NONE, NULL, SELECTS(MODE_SOCKETS), SET(NULL),
	    "every socket here, connected ones too" },
	{ "free", 0, TAKES_ATTACHED, &a_range, SELECTS(MODE_FREE),
	    SET(set_later), "ports free here: unassigned, no common use or\n"
	    "label, not ephemeral or reserved (default: from\n"
	    "the registered ports)" },
	{ "count", 'n', TAKES_VALUE, &a_count, PLAIN(M(MODE_FREE)),
	    SET(set_count), "how many ports --free prints (default 1)" },
	{ "wait", 0, TAKES_VALUE, &a_what, SELECTS(MODE_WAIT), CHOICE(wait),
	    "wait until each port asked is listening here (tcp\n"
	    "by default) or free (no tcp or udp socket on it)" },
	{ "timeout", 0, TAKES_VALUE, &a_seconds, PLAIN(M(MODE_WAIT)),
	    SET(set_timeout),
	    "how long --wait waits (default 60; 0: for ever)" },
	{ "extract", 'x', TAKES_NONE, NULL, MODE_EXTRACT,
	    M(MODE_EXTRACT) | M(MODE_ANNOTATE), SET(NULL),
	    "answer the endpoints found in the output of ss,\n"
	    "netstat, lsof, firewall rules... on standard input" },
	{ "annotate", 0, TAKES_NONE, NULL, SELECTS(MODE_ANNOTATE), SET(NULL),
	    "every line of standard input as it is, and after\n"
	    "those with endpoints what they mean (see -x)" },
	{ "services", 0, TAKES_VALUE, &a_file, PLAIN(M_ALL),
	    SET(set_services), "labels from FILE (CSV), instead of the "
	    "site's and\nthe user's files; may be repeated" },
	{ "no-labels", 0, TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(labels.none, 1),
	    "no label file at all: IANA's registry alone" },
	{ "etc-services", 0, TAKES_NONE, NULL, PLAIN(M_ALL),
	    FLAG(labels.host, 1), "labels from this host's /etc/services too" },
	{ "help", 'h', TAKES_NONE, NULL, SELECTS(MODE_HELP), SET(NULL),
	    "print this help" },
	{ "version", 'V', TAKES_NONE, NULL, SELECTS(MODE_VERSION), SET(NULL),
	    "print the version and the registry's date" },
	{ "complete", 0, TAKES_VALUE, &a_kind, SELECTS(MODE_COMPLETE),
	    SET(set_complete), "print what completes KIND, one a line:\n"
	    "options, names, or an option's value (format)" },
	{ NULL, 0, TAKES_NONE, NULL, PLAIN(0), SET(NULL), NULL }
};
_Static_assert(sizeof(option_defs) / sizeof(option_defs[0]) <= 65,
    "struct parse's given has a bit for each option");

static handler parse_class, parse_range;

/*
 * What each mode takes, beyond the options that go with it; messages
 * name the mode by the option that asks for it.
 */
static const struct mode_rule {
	const char *after;	/* said after "a query cannot be given with
				   -s" of an operand; NULL: it takes queries */
	const char *verb;	/* "--free finds tcp and udp ports only", if
				   -p leaves none; NULL: any protocol */
	int human;		/* it writes the human format only */
	handler *take;		/* reads its value (struct later) */
	const char *fallback;	/* the value when no operand is left */
} rules[MODES] = {
	[MODE_SEARCH] = { .after = "" },
	[MODE_LIST] = { .after = "", .take = parse_class },
	[MODE_EXTRACT] = { .after = ", which reads standard input" },
	[MODE_ANNOTATE] = { .after = ", which reads standard input",
	    .human = 1 },
	[MODE_LISTENING] = { .after = "", .verb = "shows" },
	[MODE_SOCKETS] = { .after = "", .verb = "shows" },
	[MODE_FREE] = { .after = "", .verb = "finds", .take = parse_range,
	    .fallback = "registered" },
	[MODE_WAIT] = { .verb = "watches", .human = 1 },
};

/* Of several modes asked for, the first of these is run. */
static const enum mode wins[] = {
	MODE_WAIT, MODE_SOCKETS, MODE_ANNOTATE, MODE_EXTRACT, MODE_FREE,
	MODE_LISTENING, MODE_LIST, MODE_SEARCH
};

static const char help_intro[] =
"What port numbers and service names mean, from IANA's registry, with the\n"
"ports that software commonly uses beside IANA's records.\n"
"\n"
"Queries: 22, 8000-8100, ssh, 22/tcp, host:port, [v6]:port, scheme://host.\n"
"An argument may hold several, separated by commas (22,80).  With '-', or\n"
"with no query and standard input not a terminal, queries are read from\n"
"standard input, separated by white space or commas.\n"
"\n";

static const char help_outro[] =
"\n"
"Exit status: 0 every query matched an assigned service, a common use or\n"
"a label (with --iana, an assigned service), 1 some matched nothing,\n"
"2 usage error, invalid query, unreadable label file named, or read or\n"
"write error.\n"
"With -L and queries: 0 every port asked is in use here, 1 one is not.\n"
"With --wait: 0 the ports became as asked, 1 the timeout came first.\n"
"See portinfo(1) for more.\n";

/*
 * Says on one line what is wrong with subject[0..len) (NULL: with the
 * command line), and where to read more; returns -1.
 */
static int
usage_len(FILE *err, const char *subject, size_t len, const char *message)
{
	if (subject != NULL)
		esc_error(err, subject, len, ESC_QUOTE_MAX, message);
	else
		fprintf(err, "portinfo: %s\n", message);
	fputs("Try 'portinfo --help'.\n", err);
	return -1;
}

/* The same of all of subject, the message formatted as by printf. */
static int
usage(FILE *err, const char *subject, const char *format, ...)
{
	char m[256];
	va_list ap;

	va_start(ap, format);
	vsnprintf(m, sizeof(m), format, ap);
	va_end(ap);
	return usage_len(err, subject, subject != NULL ? strlen(subject) : 0,
	    m);
}

/* Adds a and b to the string m[0..size), as much as fits. */
static void
usage_append(char *m, size_t size, const char *a, const char *b)
{
	size_t n = strlen(m);

	snprintf(m + n, size - n, "%s%s", a, b);
}

enum spelling { NAME, SYNOPSIS, HELP };

/*
 * d as messages name it ("-n", "--free"), as the synopsis writes it
 * ("-f format", "--color[=when]"; a mode's value may be an operand:
 * "-l [class]"), or as --help does ("--list [CLASS]").
 */
static const char *
spelt(const struct option_def *d, enum spelling how, char *s, size_t size)
{
	char v[32] = "";
	size_t i;

	if (how != NAME && d->takes != TAKES_NONE)
		snprintf(v, sizeof(v), "%s%s%s", d->takes == TAKES_VALUE ? " " :
		    d->selects != MODE_QUERY ? " [" : "[=", d->arg->name,
		    d->takes == TAKES_VALUE ? "" : "]");
	for (i = 0; how == HELP && v[i] != '\0'; i++)
		v[i] = (char)pi_ascii_upper((unsigned char)v[i]);
	if (how == HELP || d->letter == 0)
		snprintf(s, size, "--%s%s", d->name, v);
	else
		snprintf(s, size, "-%c%s", d->letter, v);
	return s;
}

/* The option called name, whole; NULL if none is. */
static const struct option_def *
named(const char *name)
{
	const struct option_def *d = option_defs;

	while (d->name != NULL && strcmp(d->name, name) != 0)
		d++;
	return d->name != NULL ? d : NULL;
}

/* The option that asks for the mode of modes, a set of one, if any does. */
static const struct option_def *
selector(unsigned modes)
{
	const struct option_def *s = option_defs;

	while (s->name != NULL && (s->selects == MODE_QUERY ||
	    M(s->selects) != modes))
		s++;
	return s->name != NULL ? s : NULL;
}

/*
 * The option that name[0..len) names, whole or by a prefix of one name
 * only; NULL if none or several do, *count of them, their names added
 * to m[0..size) (m NULL: not).
 */
static const struct option_def *
long_named(const char *name, size_t len, char *m, size_t size, int *count)
{
	const struct option_def *d, *found = NULL;

	for (*count = 0, d = option_defs; d->name != NULL && len > 0; d++) {
		/* A whole name wins over the names it begins (--list). */
		if (strlen(d->name) == len && strncmp(d->name, name, len) == 0)
			return d;
		/* Of two names of one option (--color, --colour), the first. */
		if (strncmp(d->name, name, len) == 0 && (d->help != NULL ||
		    strncmp(d[-1].name, name, len) != 0)) {
			if (m != NULL)
				usage_append(m, size, *count > 0 ? ", --" :
				    " (--", d->name);
			++*count;
			found = d;
		}
	}
	return *count == 1 ? found : NULL;
}

/*
 * The option of word, "--name" or "--name=value", and its value, or NULL;
 * NULL after a message, which names the options a prefix of several
 * could mean: "ambiguous option (--list, --listening)".
 */
static const struct option_def *
long_option(FILE *err, const char *word, const char **value)
{
	size_t len = strcspn(word + 2, "=");
	const struct option_def *d;
	char m[256] = "ambiguous option";
	int count;

	*value = word[2 + len] == '=' ? word + 2 + len + 1 : NULL;
	if ((d = long_named(word + 2, len, m, sizeof(m), &count)) == NULL) {
		usage_append(m, sizeof(m), ")", "");
		if (count > 1)
			usage_len(err, word, 2 + len, m);
		else
			usage(err, word, "unknown option");
	} else if (d->takes == TAKES_NONE && *value != NULL) {
		usage(err, word, "option takes no argument");
		d = NULL;
	}
	return d;
}

/*
 * A word of letters that is a long option with one dash ("-sockets",
 * "-list=dynamic"): its name, or the start of one name only and of at
 * least DASHED_MIN letters; no letters that mean what they say spell one
 * (the text of "-s ockets" is the next word).  Returns -1 after a
 * message that says so, else 0.
 */
static int
dashed_long(FILE *err, const char *word)
{
	size_t len = strcspn(word + 1, "=");
	const struct option_def *d;
	int count;

	if (len < DASHED_MIN ||
	    (d = long_named(word + 1, len, NULL, 0, &count)) == NULL)
		return 0;
	return usage(err, word, "did you mean --%s?", d->name);
}

/*
 * The next option, wherever it is among the operands, which are moved
 * down as they are passed, in p->def; its value in *value, or NULL.  Of
 * a word of letters ("-aHq", "-fjson"), one that takes a value takes the
 * rest of the word.  "--" ends the options, and "-" is an operand.
 * Returns 1, 0 when no option is left, or -1 after a message.
 */
static int
next_option(struct parse *p, const char **value)
{
	char flag[] = "-?";
	const char *word = flag;

	while (p->letters == NULL) {
		if (p->next == p->argc)
			return 0;
		word = p->argv[p->next++];
		if (strcmp(word, "--") == 0) {
			while (p->next < p->argc)
				p->argv[1 + p->nops++] = p->argv[p->next++];
			return 0;
		}
		if (word[0] == '-' && word[1] == '-')
			break;
		if (word[0] != '-' || word[1] == '\0')
			p->argv[1 + p->nops++] = (char *)word;
		else if (dashed_long(p->err, word) != 0)
			return -1;
		else
			p->letters = word + 1;
	}
	if (p->letters == NULL) {
		if ((p->def = long_option(p->err, word, value)) == NULL)
			return -1;
	} else {
		word = flag;
		flag[1] = *p->letters++;
		for (p->def = option_defs; p->def->name != NULL &&
		    p->def->letter != flag[1]; p->def++)
			continue;
		if (p->def->name == NULL)
			return usage(p->err, flag, "unknown option");
		*value = NULL;
		if (*p->letters == '\0' || p->def->takes != TAKES_NONE) {
			*value = *p->letters != '\0' ? p->letters : NULL;
			p->letters = NULL;
		}
	}
	if (p->def->takes == TAKES_VALUE && *value == NULL) {
		if (p->next == p->argc)
			return usage(p->err, word,
			    "option needs an argument");
		*value = p->argv[p->next++];
	}
	return 1;
}

/* The i-th word a's value may be, NULL past the last or for any text. */
static const char *
arg_word(const struct arg *a, size_t i)
{
	if (a->words != NULL)
		return a->words[i];
	return a->word != NULL ? a->word(i) : NULL;
}

/* "unknown format (human, tsv, csv, json)", of value[0..len). */
static int
unknown(FILE *err, const char *value, size_t len, const struct arg *a)
{
	char m[1024] = "unknown ";
	const char *w;
	size_t i;

	usage_append(m, sizeof(m), a->noun, "");
	for (i = 0; (w = arg_word(a, i)) != NULL; i++)
		usage_append(m, sizeof(m), i > 0 ? ", " : " (", w);
	usage_append(m, sizeof(m), ")", "");
	return usage_len(err, value, len, m);
}

/* The index of name among a's words, ignoring ASCII case, or -1. */
static int
lookup(const struct arg *a, const char *name)
{
	const char *w;
	int i;

	for (i = 0; (w = arg_word(a, (size_t)i)) != NULL; i++) {
		if (pi_fold_cmp(name, strlen(name), w) == 0)
			return i;
	}
	return -1;
}

/* The member of struct options that the option being read sets. */
static void *
field_of(const struct parse *p)
{
	return (char *)p->o + p->def->field;
}

static int
set_flag(struct parse *p, const char *value)
{
	(void)value;
	*(int *)field_of(p) = p->def->flag;
	return 0;
}

static int
set_choice(struct parse *p, const char *word)
{
	int v = lookup(p->def->arg, word);

	if (v < 0)
		return unknown(p->err, word, strlen(word), p->def->arg);
	*(int *)field_of(p) = v;
	return 0;
}

static int
set_text(struct parse *p, const char *text)
{
	*(const char **)field_of(p) = text;
	return 0;
}

/* A comma-separated list of protocol names as a set of PI_* bits. */
static int
set_protos(struct parse *p, const char *list)
{
	const char *s = list;
	unsigned bit;
	size_t len;

	for (p->o->protos = 0;; s += len + 1) {
		len = strcspn(s, ",");
		if ((bit = pi_proto_parse(s, len)) == 0)
			return unknown(p->err, s, len, &a_protocols);
		p->o->protos |= bit;
		if (s[len] == '\0')
			return 0;
	}
}

static int
set_search(struct parse *p, const char *text)
{
	p->o->search = text;
	/* Every record contains the empty text. */
	if (text[0] == '\0')
		return usage(p->err, NULL,
		    "-s needs a text to search for");
	return 0;
}

static int
parse_class(struct parse *p, const char *name)
{
	p->o->cls = NULL;
	if (name != NULL &&
	    (p->o->cls = pi_class_by_name(name, strlen(name))) == NULL)
		return unknown(p->err, name, strlen(name), &a_class);
	return 0;
}

/*
 * RANGE of --free: a port, a range or a class, maybe with /protocol
 * ("dynamic/udp", "dynamic/private/tcp", "8000-9000/tcp").
 */
static int
parse_range(struct parse *p, const char *arg)
{
	const char *slash = strrchr(arg, '/');
	const struct pi_class_info *cls;
	struct options *o = p->o;
	struct query q;

	o->free_protos = PI_PROTO_ANY;
	if ((cls = pi_class_by_name(arg, strlen(arg))) == NULL &&
	    slash != NULL && (o->free_protos = pi_proto_parse(slash + 1,
	    strlen(slash + 1))) != 0)
		cls = pi_class_by_name(arg, (size_t)(slash - arg));
	if (cls != NULL) {
		o->free_lo = cls->lo;
		o->free_hi = cls->hi;
		return 0;
	}
	query_parse(arg, strlen(arg), &q);
	if (q.kind != QUERY_PORT)
		return usage(p->err, arg, "%s", q.kind == QUERY_INVALID ?
		    q.error : "not a port range (such as 8000-9000)");
	o->free_lo = q.lo;
	o->free_hi = q.hi;
	o->free_protos = q.protos;
	return 0;
}

static int
set_later(struct parse *p, const char *value)
{
	struct later *l = &p->later[p->def->selects];

	l->value = value;
	l->bare += value == NULL;
	return 0;
}

/* -l's class, attached, is read at once; one left for later, below. */
static int
set_list(struct parse *p, const char *cls)
{
	set_later(p, cls);
	return parse_class(p, cls);
}

/*
 * --color's choice, attached, or the next word if it is one (none is a
 * service name: "--color 22" stays --color and a query); alone, always.
 */
static int
set_color(struct parse *p, const char *when)
{
	int v = COLOR_ALWAYS;

	if (when == NULL && p->next < p->argc &&
	    lookup(&a_when, p->argv[p->next]) >= 0)
		when = p->argv[p->next++];
	if (when != NULL && (v = lookup(&a_when, when)) < 0)
		return unknown(p->err, when, strlen(when), &a_when);
	p->o->color = (enum color_when)v;
	return 0;
}

static int
set_count(struct parse *p, const char *s)
{
	if (!pi_decimal(s, strlen(s), COUNT_MAX, &p->o->count) ||
	    p->o->count == 0)
		return usage(p->err, s, "not a count (1-65536)");
	return 0;
}

static int
set_timeout(struct parse *p, const char *s)
{
	if (wait_timeout_parse(s, &p->o->timeout) == -1)
		return usage(p->err, s, "%s", WAIT_TIMEOUT_ERROR);
	return 0;
}

/* The list has room for one a word of the command line. */
static int
set_services(struct parse *p, const char *file)
{
	struct pi_label_options *l = &p->o->labels;
	const char **files = (const char **)l->files;

	if (files == NULL &&
	    (l->files = files = calloc((size_t)p->argc, sizeof(*files))) ==
	    NULL)
		return usage(p->err, NULL, "out of memory");
	files[l->nfiles++] = file;
	return 0;
}

/* KIND: options, names, or the long name of an option with a value. */
static int
set_complete(struct parse *p, const char *kind)
{
	const struct option_def *d = named(kind);

	p->o->complete = kind;
	if (strcmp(kind, "options") == 0 || strcmp(kind, COMPLETE_NAMES) == 0 ||
	    (d != NULL && d->takes != TAKES_NONE))
		return 0;
	return usage(p->err, kind, "unknown kind (options, names, "
	    "or an option that takes a value)");
}

/*
 * Options in any order; a repeated one overrides what came before.
 * Returns 0, 1 when an option of a mode that stands alone (-h) ended
 * the reading, or -1 after a message.
 */
static int
read_options(struct parse *p)
{
	const char *value;
	int rc;

	while ((rc = next_option(p, &value)) == 1) {
		p->given |= 1ull << (p->def - option_defs);
		p->asked |= M(p->def->selects);
		if (p->def->set != NULL && p->def->set(p, value) != 0)
			return -1;
		if (!(M(p->def->selects) & M_ALL)) {
			p->o->mode = p->def->selects;
			return 1;
		}
	}
	return rc;
}

/* Mode m's value (struct later) from args; how many it took, or -1. */
static int
take_later(struct parse *p, enum mode m, int nargs, char *args[])
{
	const struct later *l = &p->later[m];
	int n;

	for (n = 0; n < nargs && n < l->bare; n++) {
		if (rules[m].take(p, args[n]) != 0)
			return -1;
	}
	if (l->value != NULL || n == 0)
		return rules[m].take(p, l->value == NULL ? rules[m].fallback :
		    l->value) == 0 ? n : -1;
	return n;
}

/*
 * Rejects the first option in the table given that does not go with
 * mode m: "-n goes with --free only" of one that goes with one other
 * option's mode alone, else "-o cannot be used with --wait", m named by
 * the option that asks for it.
 */
static int
check_mode(const struct parse *p, enum mode m)
{
	const struct option_def *d, *s;
	char a[32], b[32];
	int alone;

	for (d = option_defs; d->name != NULL; d++) {
		if (!(p->given & 1ull << (d - option_defs)) ||
		    (d->modes & M(m)))
			continue;
		s = d->selects == MODE_QUERY ? selector(d->modes) : NULL;
		if (!(alone = s != NULL))
			s = selector(M(m));
		return usage(p->err, NULL, alone ? "%s goes with %s only" :
		    "%s cannot be used with %s", spelt(d, NAME, a, sizeof(a)),
		    s != NULL ? spelt(s, NAME, b, sizeof(b)) : "queries");
	}
	return 0;
}

/*
 * What is left to check of mode m and its operands args[0..nargs), and
 * -o's fields, which must be those of the records m prints: "pidz:
 * unknown field (query, port, ...)", the names of those records.
 */
static int
check_rest(const struct parse *p, enum mode m, int nargs, char *args[])
{
	const struct mode_rule *r = &rules[m];
	const struct option_def *s = selector(M(m));
	struct options *o = p->o;
	char name[32] = "";
	const char *bad;
	int twice;

	if (s != NULL)
		spelt(s, NAME, name, sizeof(name));
	if (r->after != NULL && nargs > 0)
		return usage(p->err, args[0], "a query cannot be given with "
		    "%s%s", name, r->after);
	if (r->human && o->format != FMT_HUMAN)
		return usage(p->err, NULL, "%s writes the human format only",
		    name);
	if ((o->protos & o->free_protos) == 0)
		return usage(p->err, NULL, "the protocols of -p and of "
		    "--free's range do not overlap");
	if (r->verb != NULL && (o->protos & o->free_protos & LOCAL_PROTOS) == 0)
		return usage(p->err, NULL, "%s %s tcp and udp ports only", name,
		    r->verb);
	if (m == MODE_QUERY && nargs == 0 && isatty(STDIN_FILENO))
		return usage(p->err, NULL, "no query given");
	field_groups = m == MODE_FREE ? FG_FREE :
	    outfield_groups(o->local, m == MODE_EXTRACT);
	if (o->fields == NULL || (bad = outfield_parse(o->fields,
	    field_groups, o->ids, &o->nids, &twice)) == NULL)
		return 0;
	if (twice)
		return usage_len(p->err, bad, o->nids, "field given twice");
	return unknown(p->err, bad, o->nids, &a_fields);
}

int
options_parse(struct options *o, int argc, char *argv[], FILE *err)
{
	/* argv[0] is the program's name, if there is one. */
	struct parse p = { o, err, argc, argv, argc > 0, 0, NULL, NULL, 0, 0,
	    { { 0, NULL } } };
	char **args = argv + 1;
	size_t i, nwins = sizeof(wins) / sizeof(wins[0]);
	int rc, used = 0;

	*o = (struct options){ .protos = PI_PROTO_ANY, .format = FMT_HUMAN,
	    .header = 1, .color = COLOR_AUTO, .free_protos = PI_PROTO_ANY,
	    .timeout = WAIT_TIMEOUT_DEFAULT_NS };
	rc = read_options(&p);
	/* --iana is IANA's registry alone: no label file, nor /etc/services. */
	o->labels.none |= o->iana;
	o->labels.host &= !o->iana;
	if (rc != 0)
		return rc > 0 ? 0 : -1;
	for (i = 0; i < nwins && !(p.asked & M(wins[i])); i++)
		continue;
	o->mode = i < nwins ? wins[i] : MODE_QUERY;
	if (rules[o->mode].take != NULL &&
	    (used = take_later(&p, o->mode, p.nops, args)) < 0)
		return -1;
	o->args = args + used;
	o->nargs = p.nops - used;
	o->local |= o->mode == MODE_LISTENING || o->mode == MODE_SOCKETS;
	return check_mode(&p, o->mode) != 0 ||
	    check_rest(&p, o->mode, o->nargs, o->args) != 0 ? -1 : 0;
}

void
options_free(struct options *o)
{
	free((void *)o->labels.files);
	o->labels.files = NULL;
	o->labels.nfiles = 0;
}

/* Adds s to a line of the synopsis, wrapped under its first option. */
static void
item(FILE *fp, size_t *col, const char *s)
{
	if (*col + 1 + strlen(s) >= WIDTH)
		*col = (size_t)fprintf(fp, "\n%15s", "") - 1;
	*col += (size_t)fprintf(fp, " %s", s);
}

/* The options that go with m, its own aside: bit i for row i. */
static unsigned long long
goes_with(enum mode m)
{
	const struct option_def *d;
	unsigned long long set = 0;

	for (d = option_defs; d->name != NULL; d++) {
		if ((d->modes & M(m)) && d->help != NULL &&
		    (d->selects != m || m == MODE_QUERY))
			set |= 1ull << (d - option_defs);
	}
	return set;
}

/*
 * "[-aHLq] [-f format] [--iana]": the options of set, those with
 * neither value nor long name first; or (set 0) mode m's own: "-s text".
 */
static void
items(FILE *fp, size_t *col, unsigned long long set, enum mode m)
{
	const struct option_def *d;
	char s[64] = "[-", v[48];
	size_t n = 2;

	for (d = option_defs; d->name != NULL; d++) {
		if ((set >> (d - option_defs) & 1) && d->letter != 0 &&
		    d->takes == TAKES_NONE)
			s[n++] = d->letter;
	}
	if (n > 2) {
		memcpy(s + n, "]", 2);
		item(fp, col, s);
	}
	for (d = option_defs; d->name != NULL; d++) {
		if ((set >> (d - option_defs) & 1) &&
		    (d->letter == 0 || d->takes != TAKES_NONE)) {
			snprintf(s, sizeof(s), "[%s]",
			    spelt(d, SYNOPSIS, v, sizeof(v)));
			item(fp, col, s);
		}
	}
	if (set == 0 && (d = selector(M(m))) != NULL)
		item(fp, col, spelt(d, SYNOPSIS, v, sizeof(v)));
}

/*
 * The synopsis: a line for each mode, but modes asked for by an option
 * and going with the same others share one ("-h | -V").
 */
static void
synopsis(FILE *fp)
{
	unsigned long long set;
	enum mode m;
	size_t col;

	for (m = MODE_QUERY; m < MODES; m++) {
		set = goes_with(m);
		fputs(m == MODE_QUERY ? "usage: portinfo" :
		    "       portinfo", fp);
		col = sizeof("usage: portinfo") - 1;
		items(fp, &col, set, MODES);
		items(fp, &col, 0, m);
		while (m != MODE_QUERY && m + 1 < MODES &&
		    goes_with(m + 1) == set) {
			item(fp, &col, "|");
			items(fp, &col, 0, ++m);
		}
		if (m == MODE_QUERY || m == MODE_WAIT)
			item(fp, &col, m == MODE_QUERY ? "[query ...]" :
			    "query ...");
		putc('\n', fp);
	}
}

/* d's help, its lines broken as --help (help 1) or --complete writes it. */
static void
put_help(FILE *fp, const struct option_def *d, int help)
{
	const char *s;

	for (s = d->help; *s != '\0'; s++) {
		if (*s != '\n')
			putc(*s, fp);
		else if (help)
			fprintf(fp, "\n%*s", HELP_COLUMN, "");
		else
			putc(' ', fp);
	}
	putc('\n', fp);
}

void
options_help(FILE *fp)
{
	const struct option_def *d;
	char s[64];
	int n;

	synopsis(fp);
	fputs(help_intro, fp);
	for (d = option_defs; d->name != NULL; d++) {
		if (d->help == NULL)
			continue;
		spelt(d, HELP, s, sizeof(s));
		n = d->letter != 0 ? fprintf(fp, "  -%c, %s", d->letter, s) :
		    fprintf(fp, "      %s", s);
		if (n + 1 < HELP_COLUMN)
			fprintf(fp, "%*s", HELP_COLUMN - n, "");
		else
			fprintf(fp, "\n%*s", HELP_COLUMN, "");
		put_help(fp, d, 1);
	}
	fputs(help_outro, fp);
}

void
options_complete(const struct options *o, FILE *fp)
{
	const struct option_def *d = named(o->complete), *named_by = NULL;
	const char *s;
	size_t i;

	for (i = 0; d != NULL && d->arg != NULL &&
	    (s = arg_word(d->arg, i)) != NULL; i++)
		fprintf(fp, "%s\n", s);
	/* Another name of an option has a line too, with its help. */
	for (d = option_defs; strcmp(o->complete, "options") == 0 &&
	    d->name != NULL; d++) {
		named_by = d->help != NULL ? d : named_by;
		if (d->letter != 0)
			fprintf(fp, "-%c", d->letter);
		fprintf(fp, "\t--%s\t%s%s%s\t", d->name,
		    d->takes == TAKES_ATTACHED ? "[" : "",
		    d->arg != NULL ? d->arg->name : "",
		    d->takes == TAKES_ATTACHED ? "]" : "");
		put_help(fp, named_by, 0);
	}
}
