/* The command line.  One table, option_defs, says all there is of each option
   for the reader, the check of the modes, the synopsis, --help and
   --complete; another says what each mode takes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "escape.h"
#include "fields.h"
#include "local.h"
#include "options.h"
#include "query.h"
#include "wait.h"

/* --free prints at most this many ports: there are no more. */
#define COUNT_MAX (PI_PORT_MAX + 1)

/* The fewest letters after one dash taken for a long name: "-al" is -a -l. */
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
	return i < PI_NPROTOS ? pi_proto_names[i] : NULL;
}

/* The groups of the records printed, once known: -o names their fields. */
static unsigned field_groups = ~0u;

static const char *
field_word(size_t i)
{
	return outfield_name(field_groups, i);
}

static const char *
class_word(size_t i)
{
	return i <= PI_DYNAMIC ? pi_classes[i].name : NULL;
}

/* What a value is: any text if it has no words. */
struct arg {
	const char *name;	/* in the synopsis and --help */
	const char *noun;	/* in "unknown NOUN (WORD, ...)" */
	const char *const *words; /* the words it may be, NULL-ended, */
	const char *(*word)(size_t i); /* or the i-th, NULL past the last */
	int optional;		/* attached or none; 0: or the next word */
};

static const struct arg
    a_protocols = { "protocols", "protocol", NULL, proto_word, 0 },
    a_format = { "format", "format", formats, NULL, 0 },
    a_fields = { "fields", "field", NULL, field_word, 0 },
    a_class = { "class", "class", NULL, class_word, 1 },
    a_range = { "range", NULL, NULL, class_word, 1 },
    a_when = { "when", "colour choice", colors, NULL, 1 },
    a_what = { "what", "condition", wait_for_names, NULL, 0 },
    a_text = { "text", NULL, NULL, NULL, 0 },
    a_count = { "count", NULL, NULL, NULL, 0 },
    a_file = { "file", NULL, NULL, NULL, 0 },
    a_kind = { "kind", NULL, NULL, NULL, 0 },
    a_seconds = { "seconds", NULL, NULL, NULL, 0 };

/* What the options said, as they are read. */
struct parse {
	struct options *o;
	FILE *err;
	int argc;
	char **argv;
	int next;		/* argv[next..argc) is still to be read */
	int nops;		/* the operands so far, moved to argv[1..] */
	const char *letters;	/* the rest of a word of letters ("-aHq") */
	const struct option_def *def; /* the option being read */
	unsigned asked;		/* the modes asked for */
	unsigned long long given; /* bit i: option_defs[i] was given */
	/* -l's class, --free's range: an operand for each time its option
	   came without one, then the last one attached. */
	int bare[MODES];	/* how many came without a value */
	const char *later[MODES]; /* the last one's, NULL if it came without */
};

/* Stores the value of p->def; 0, or -1 after a message. */
typedef int handler(struct parse *p, const char *value);

struct option_def {
	const char *name;	/* the long name, after "--" */
	char letter;		/* the short one, or 0 */
	const struct arg *arg;	/* what its value is; NULL: none */
	enum mode selects;	/* the mode it asks for; MODE_QUERY: none */
	unsigned modes;		/* the modes it goes with */
	handler *set;		/* NULL: selecting its mode is all it does */
	size_t field;		/* the member it sets, by offset, ... */
	int flag;		/* ... and to what */
	const char *help;	/* its line of --help; '\n' breaks it */
};

/* Says what is wrong with subject[0..len) (NULL: the command line); -1. */
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

/* The same of all of subject, the message as printf formats it. */
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

/* The int at p->def->field: flag, or if -1 word's index among arg's. */
static int
set_int(struct parse *p, const char *word)
{
	int v = p->def->flag;

	if (v < 0 && (v = lookup(p->def->arg, word)) < 0)
		return unknown(p->err, word, strlen(word), p->def->arg);
	*(int *)(void *)((char *)p->o + p->def->field) = v;
	return 0;
}

static int
set_text(struct parse *p, const char *text)
{
	*(const char **)(void *)((char *)p->o + p->def->field) = text;
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
		return usage(p->err, NULL, "-s needs a text to search for");
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

/* --free's RANGE: a port, range or class, maybe /protocol ("dynamic/udp"). */
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
		return usage_len(p->err, arg, strlen(arg),
		    q.kind == QUERY_INVALID ? q.error :
		    "not a port range (such as 8000-9000)");
	o->free_lo = q.lo;
	o->free_hi = q.hi;
	o->free_protos = q.protos;
	return 0;
}

static int
set_later(struct parse *p, const char *value)
{
	p->later[p->def->selects] = value;
	p->bare[p->def->selects] += value == NULL;
	return 0;
}

/* -l's class, attached, is read at once; one left for later, below. */
static int
set_list(struct parse *p, const char *cls)
{
	set_later(p, cls);
	return parse_class(p, cls);
}

/* --color's choice, attached, or the next word if it is one (none is a
   service name: "--color 22" stays --color and a query); alone, always. */
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
		return usage_len(p->err, s, strlen(s), WAIT_TIMEOUT_ERROR);
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

static handler set_complete;

/* An option that sets a member of struct options, as set_int, set_text. */
#define FLAG(field, v) set_int, offsetof(struct options, field), v
#define CHOICE(field) set_int, offsetof(struct options, field), -1
#define TEXT(field) set_text, offsetof(struct options, field), 0
#define SET(h) h, 0, 0
/* An option that asks for a mode goes with that mode alone. */
#define SELECTS(m) m, M(m)
#define PLAIN(modes) MODE_QUERY, modes

/* In --help's order; a row without help is another name of the one above. */
static const struct option_def option_defs[] = {
	{ "protocol", 'p', &a_protocols, PLAIN(M_ALL), SET(set_protos),
	    "only these of tcp,udp,sctp,dccp (default: all)" },
	{ "search", 's', &a_text, SELECTS(MODE_SEARCH), SET(set_search),
	    "services whose name or description contains TEXT" },
	{ "list", 'l', &a_class, SELECTS(MODE_LIST), SET(set_list),
	    "every service, or those of one class of ports:\n"
	    "well-known, registered or dynamic" },
	{ "all", 'a', NULL, PLAIN(M_RECORDS), FLAG(all, 1),
	    "also show reserved and unassigned records" },
	{ "iana", 0, NULL, PLAIN(M_ALL), FLAG(iana, 1),
	    "IANA's registry alone: no common uses, aliases\nor label files" },
	{ "format", 'f', &a_format, PLAIN(M_ALL), CHOICE(format),
	    "human (default), tsv, csv or json (JSON Lines)" },
	{ "fields", 'o', &a_fields,
	    PLAIN(M_ALL & ~(M(MODE_WAIT) | M(MODE_ANNOTATE))), TEXT(fields),
	    "print these fields, in this order, in any format" },
	{ "no-header", 'H', NULL, PLAIN(M_ALL), FLAG(header, 0),
	    "leave out the tsv and csv header line" },
	{ "quiet", 'q', NULL, PLAIN(M_ALL), FLAG(quiet, 1),
	    "print nothing; the exit status answers" },
	{ "verbose", 'v', NULL, PLAIN(M_RECORDS), FLAG(verbose, 1),
	    "also show each common use's source (a URL)" },
	{ "color", 0, &a_when, PLAIN(M_ALL), SET(set_color),
	    "colour human output: auto, always or never" },
	{ "colour", 0, &a_when, PLAIN(M_ALL), SET(set_color), NULL },
	{ "local", 'L', NULL, PLAIN(M_RECORDS), FLAG(local, 1),
	    "the sockets of this host on each port asked" },
	{ "listening", 0, NULL, SELECTS(MODE_LISTENING), SET(NULL),
	    "every socket this host listens on (tcp) or has\n"
	    "bound unconnected (udp)" },
	{ "sockets", 0, NULL, SELECTS(MODE_SOCKETS), SET(NULL),
	    "every socket here, connected ones too" },
	{ "free", 0, &a_range, SELECTS(MODE_FREE), SET(set_later),
	    "ports free here: unassigned, no common use or\n"
	    "label, not ephemeral or reserved (default: from\n"
	    "the registered ports)" },
	{ "count", 'n', &a_count, PLAIN(M(MODE_FREE)), SET(set_count),
	    "how many ports --free prints (default 1)" },
	{ "wait", 0, &a_what, SELECTS(MODE_WAIT), CHOICE(wait),
	    "wait until each port asked is listening here (tcp\n"
	    "by default) or free (no tcp or udp socket on it)" },
	{ "timeout", 0, &a_seconds, PLAIN(M(MODE_WAIT)), SET(set_timeout),
	    "how long --wait waits (default 60; 0: for ever)" },
	{ "extract", 'x', NULL, MODE_EXTRACT,
	    M(MODE_EXTRACT) | M(MODE_ANNOTATE), SET(NULL),
	    "answer the endpoints found in the output of ss,\n"
	    "netstat, lsof, firewall rules... on standard input" },
	{ "annotate", 0, NULL, SELECTS(MODE_ANNOTATE), SET(NULL),
	    "every line of standard input as it is, and after\n"
	    "those with endpoints what they mean (see -x)" },
	{ "services", 0, &a_file, PLAIN(M_ALL), SET(set_services),
	    "labels from FILE (CSV), instead of the site's and\n"
	    "the user's files; may be repeated" },
	{ "no-labels", 0, NULL, PLAIN(M_ALL), FLAG(labels.none, 1),
	    "no label file at all: IANA's registry alone" },
	{ "etc-services", 0, NULL, PLAIN(M_ALL), FLAG(labels.host, 1),
	    "labels from this host's /etc/services too" },
	{ "help", 'h', NULL, SELECTS(MODE_HELP), SET(NULL), "print this help" },
	{ "version", 'V', NULL, SELECTS(MODE_VERSION), SET(NULL),
	    "print the version and the registry's date" },
	{ "complete", 0, &a_kind, SELECTS(MODE_COMPLETE), SET(set_complete),
	    "print what completes KIND, one a line:\n"
	    "options, names, or an option's value (format)" },
	{ NULL, 0, NULL, PLAIN(0), SET(NULL), NULL }
};
_Static_assert(sizeof(option_defs) / sizeof(option_defs[0]) <= 65,
    "struct parse's given has a bit for each option");

enum spelling { NAME, SYNOPSIS, HELP };

/* d as messages name it ("-n", "--free"), as the synopsis does ("-f format",
   "--color[=when]", "-l [class]": a mode's value may be an operand), or as
   --help does ("--list [CLASS]"). */
static const char *
spelt(const struct option_def *d, enum spelling how, char *s, size_t size)
{
	char v[32] = "";
	size_t i;

	if (how != NAME && d->arg != NULL)
		snprintf(v, sizeof(v), "%s%s%s", !d->arg->optional ? " " :
		    d->selects != MODE_QUERY ? " [" : "[=", d->arg->name,
		    d->arg->optional ? "]" : "");
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

/* KIND: options, names, or the long name of an option with a value. */
static int
set_complete(struct parse *p, const char *kind)
{
	const struct option_def *d = named(kind);

	p->o->complete = kind;
	if (strcmp(kind, "options") == 0 || strcmp(kind, COMPLETE_NAMES) == 0 ||
	    (d != NULL && d->arg != NULL))
		return 0;
	return usage(p->err, kind, "unknown kind (options, names, "
	    "or an option that takes a value)");
}

/* What each mode takes beyond its options, named by the one asking it. */
static const struct mode_rule {
	const char *after;	/* said after "a query cannot be given with
				   -s" of an operand; NULL: it takes queries */
	const char *verb;	/* "--free finds tcp and udp ports only", if
				   -p leaves none; NULL: any protocol */
	int human;		/* it writes the human format only */
	handler *take;		/* reads its value (struct parse), ... */
	const char *fallback;	/* ... this if none is given */
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

/* The option that name[0..len) names, whole or by a prefix of one name only;
   NULL if none or several do, *count of them, named in m if not NULL. */
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

/* The option of word, "--name" or "--name=value", and its value; NULL after
   a message: "ambiguous option (--list, --listening)". */
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
	} else if (d->arg == NULL && *value != NULL) {
		usage(err, word, "option takes no argument");
		d = NULL;
	}
	return d;
}

/* The next option in p->def, its value in *value, or NULL, the operands
   passed moved down.  A letter with a value takes the rest of its word
   ("-fjson").  "--" ends the options; "-" is an operand.  Returns 1, 0 when no
   option is left, or -1 after a message. */
static int
next_option(struct parse *p, const char **value)
{
	char flag[] = "-?";
	const char *word = flag;
	size_t len;
	int count;

	*value = NULL;
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
		if (word[0] != '-' || word[1] == '\0') {
			p->argv[1 + p->nops++] = (char *)word;
			continue;
		}
		/* A long name after one dash ("-sockets") is a mistake:
		   -s's text, say, would be apart ("-s ockets"). */
		len = strcspn(word + 1, "=");
		if (len >= DASHED_MIN && (p->def = long_named(word + 1, len,
		    NULL, 0, &count)) != NULL)
			return usage(p->err, word, "did you mean --%s?",
			    p->def->name);
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
		if (*p->letters == '\0' || p->def->arg != NULL) {
			*value = *p->letters != '\0' ? p->letters : NULL;
			p->letters = NULL;
		}
	}
	if (p->def->arg != NULL && !p->def->arg->optional && *value == NULL) {
		if (p->next == p->argc)
			return usage(p->err, word, "option needs an argument");
		*value = p->argv[p->next++];
	}
	return 1;
}

/* Checks mode m: the options given go with it ("-n goes with --free only" of
   one that goes with one other mode alone, else "-o cannot be used with
   --wait"), its operands args[0..nargs), and -o's fields, which must be
   those of the records m prints. */
static int
check(const struct parse *p, enum mode m, int nargs, char *args[])
{
	const struct mode_rule *r = &rules[m];
	const struct option_def *d, *s = selector(M(m));
	struct options *o = p->o;
	char name[32] = "queries", a[32], b[32];
	const char *bad;
	int twice;

	if (s != NULL)
		spelt(s, NAME, name, sizeof(name));
	for (d = option_defs; d->name != NULL; d++) {
		if (!(p->given & 1ull << (d - option_defs)) ||
		    (d->modes & M(m)))
			continue;
		spelt(d, NAME, a, sizeof(a));
		if (d->selects == MODE_QUERY &&
		    (s = selector(d->modes)) != NULL)
			return usage(p->err, NULL, "%s goes with %s only", a,
			    spelt(s, NAME, b, sizeof(b)));
		return usage(p->err, NULL, "%s cannot be used with %s", a,
		    name);
	}
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
	field_groups = o->groups = m == MODE_FREE ? FG_FREE :
	    outfield_groups(o->local, m == MODE_EXTRACT);
	if (o->fields == NULL || (bad = outfield_parse(o->fields,
	    o->groups, o->ids, &o->nids, &twice)) == NULL)
		return 0;
	if (twice)
		return usage_len(p->err, bad, o->nids, "field given twice");
	return unknown(p->err, bad, o->nids, &a_fields);
}

int
options_parse(struct options *o, int argc, char *argv[], FILE *err)
{
	/* argv[0] is the program's name, if there is one. */
	struct parse p = { .o = o, .err = err, .argc = argc, .argv = argv,
	    .next = argc > 0 };
	char **args = argv + 1;
	size_t i, nwins = sizeof(wins) / sizeof(wins[0]);
	const struct mode_rule *r;
	const char *value;
	int rc, n;

	*o = (struct options){ .protos = PI_PROTO_ANY, .format = FMT_HUMAN,
	    .header = 1, .color = COLOR_AUTO, .free_protos = PI_PROTO_ANY,
	    .timeout = WAIT_TIMEOUT_DEFAULT_NS };
	/* In any order; a repeated one overrides what came before. */
	while ((rc = next_option(&p, &value)) == 1) {
		p.given |= 1ull << (p.def - option_defs);
		p.asked |= M(p.def->selects);
		if (p.def->set != NULL && p.def->set(&p, value) != 0)
			rc = -1;
		else if (!(M(p.def->selects) & M_ALL))
			o->mode = p.def->selects; /* -h, -V, --complete */
		else
			continue;
		break;
	}
	/* --iana is IANA's registry alone: no label file, nor /etc/services. */
	o->labels.none |= o->iana;
	o->labels.host &= !o->iana;
	if (rc != 0)
		return rc > 0 ? 0 : -1;
	for (i = 0; i < nwins && !(p.asked & M(wins[i])); i++)
		continue;
	o->mode = i < nwins ? wins[i] : MODE_QUERY;
	r = &rules[o->mode];
	for (n = 0; r->take != NULL && n < p.nops && n < p.bare[o->mode]; n++) {
		if (r->take(&p, args[n]) != 0)
			return -1;
	}
	value = p.later[o->mode] != NULL ? p.later[o->mode] : r->fallback;
	if (r->take != NULL && (p.later[o->mode] != NULL || n == 0) &&
	    r->take(&p, value) != 0)
		return -1;
	o->args = args + n;
	o->nargs = p.nops - n;
	o->local |= o->mode == MODE_LISTENING || o->mode == MODE_SOCKETS;
	return check(&p, o->mode, o->nargs, o->args);
}

void
options_free(struct options *o)
{
	free((void *)o->labels.files);
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

/* A line for each mode, those going with the same options sharing one: its
   options, "[-aHLq] [-f format] [--iana]", letters alone first. */
static void
synopsis(FILE *fp)
{
	const struct option_def *d;
	unsigned long long set;
	char s[64], v[48];
	enum mode m;
	size_t col, n;

	for (m = MODE_QUERY; m < MODES; m++) {
		set = goes_with(m);
		fputs(m == MODE_QUERY ? "usage: portinfo" :
		    "       portinfo", fp);
		col = sizeof("usage: portinfo") - 1;
		for (n = 2, d = option_defs; d->name != NULL; d++) {
			if ((set >> (d - option_defs) & 1) && d->letter != 0 &&
			    d->arg == NULL)
				s[n++] = d->letter;
		}
		if (n > 2) {
			memcpy(s, "[-", 2);
			memcpy(s + n, "]", 2);
			item(fp, &col, s);
		}
		for (d = option_defs; d->name != NULL; d++) {
			if ((set >> (d - option_defs) & 1) &&
			    (d->letter == 0 || d->arg != NULL)) {
				snprintf(s, sizeof(s), "[%s]",
				    spelt(d, SYNOPSIS, v, sizeof(v)));
				item(fp, &col, s);
			}
		}
		while ((d = selector(M(m))) != NULL) {
			item(fp, &col, spelt(d, SYNOPSIS, v, sizeof(v)));
			if (m + 1 == MODES || goes_with(m + 1) != set)
				break;
			item(fp, &col, "|");
			m++;
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
		if (d->arg == NULL)
			fprintf(fp, "\t--%s\t\t", d->name);
		else
			fprintf(fp, "\t--%s\t%s%s%s\t", d->name,
			    d->arg->optional ? "[" : "", d->arg->name,
			    d->arg->optional ? "]" : "");
		put_help(fp, named_by, 0);
	}
}
