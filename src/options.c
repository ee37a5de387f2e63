/*
 * The command line.  One table, option_defs, says all there is of each
 * option: its names, how it takes a value and what the value is, the
 * modes it goes with, its line of --help and its handler.  The reader
 * (optread.c), the check of the modes, the synopsis, --help and
 * --complete all walk it; another table says what each mode takes.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "local.h"
#include "options.h"
#include "optread.h"
#include "query.h"
#include "wait.h"

/* --free prints at most this many ports: there are no more. */
#define COUNT_MAX (PI_PORT_MAX + 1)

/* Sets of modes, a bit each; M_ALL, those that options go with. */
#define M(mode) (1u << (mode))
#define M_ALL (M(MODE_QUERY) | M(MODE_SEARCH) | M(MODE_LIST) | \
	M(MODE_EXTRACT) | M(MODE_ANNOTATE) | M(MODE_LISTENING) | \
	M(MODE_SOCKETS) | M(MODE_FREE) | M(MODE_WAIT))

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

/* The i-th word a's value may be, NULL past the last or for any text. */
static const char *
arg_word(const struct arg *a, size_t i)
{
	if (a->words != NULL)
		return a->words[i];
	return a->word != NULL ? a->word(i) : NULL;
}

/*
 * -l's class and --free's range: attached, or an operand for each time
 * the option came without one.  The last one given counts.
 */
struct later {
	int bare;		/* how many came without a value */
	const char *value;	/* the last one's, NULL if it came without */
};

/* What the options said, as they are read. */
struct parse {
	struct options *o;
	FILE *err;
	struct reader rd;
	const struct option_def *def; /* the option being read */
	unsigned asked;		/* the modes asked for */
	unsigned long long given; /* bit i: option_defs[i] was given */
	struct later later[MODES]; /* of MODE_LIST and MODE_FREE */
};

static handler set_flag, set_choice, set_protos, set_search, set_list,
    set_fields, set_color, set_later, set_count, set_timeout, set_services,
    set_complete;

/*
 * An option that sets an int of struct options to v, or to the index of
 * its value among its arg's words; one that does more.
 */
#define FLAG(field, v) set_flag, offsetof(struct options, field), v
#define CHOICE(field) set_choice, offsetof(struct options, field), 0
#define SET(h) h, 0, 0
/* An option that asks for a mode goes with that mode alone. */
#define SELECTS(m) m, M(m)
#define PLAIN(modes) MODE_QUERY, modes

/*
 * The options, in --help's order.  A row without help is another name
 * of the option above it.
 */
const struct option_def option_defs[] = {
	{ "protocol", 'p', TAKES_VALUE, &a_protocols, PLAIN(M_ALL),
	    SET(set_protos), "only these of tcp,udp,sctp,dccp (default: all)" },
	{ "search", 's', TAKES_VALUE, &a_text, SELECTS(MODE_SEARCH),
	    SET(set_search), "services whose name or description contains "
	    "TEXT" },
	{ "list", 'l', TAKES_ATTACHED, &a_class, SELECTS(MODE_LIST),
	    SET(set_list), "every service, or those of one class of ports:\n"
	    "well-known, registered or dynamic" },
	{ "all", 'a', TAKES_NONE, NULL,
	    PLAIN(M_ALL & ~(M(MODE_FREE) | M(MODE_WAIT) | M(MODE_ANNOTATE))),
	    FLAG(all, 1), "also show reserved and unassigned records" },
	{ "iana", 0, TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(iana, 1),
	    "IANA's registry alone: no common uses, aliases\nor label files" },
	{ "format", 'f', TAKES_VALUE, &a_format, PLAIN(M_ALL),
	    CHOICE(format), "human (default), tsv, csv or json (JSON Lines)" },
	{ "fields", 'o', TAKES_VALUE, &a_fields,
	    PLAIN(M_ALL & ~(M(MODE_WAIT) | M(MODE_ANNOTATE))),
	    SET(set_fields),
	    "print these fields, in this order, in any format" },
	{ "no-header", 'H', TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(header, 0),
	    "leave out the tsv and csv header line" },
	{ "quiet", 'q', TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(quiet, 1),
	    "print nothing; the exit status answers" },
	{ "verbose", 'v', TAKES_NONE, NULL,
	    PLAIN(M_ALL & ~(M(MODE_FREE) | M(MODE_WAIT) | M(MODE_ANNOTATE))),
	    FLAG(verbose, 1), "also show each common use's source (a URL)" },
	{ "color", 0, TAKES_ATTACHED, &a_when, PLAIN(M_ALL), SET(set_color),
	    "colour human output: auto, always or never" },
	{ "colour", 0, TAKES_ATTACHED, &a_when, PLAIN(M_ALL), SET(set_color),
	    NULL },
	{ "local", 'L', TAKES_NONE, NULL,
	    PLAIN(M_ALL & ~(M(MODE_FREE) | M(MODE_WAIT) | M(MODE_ANNOTATE))),
	    FLAG(local, 1), "the sockets of this host on each port asked" },
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

static int parse_class(struct parse *, const char *);
static int parse_range(struct parse *, const char *);

/* What each mode takes, beyond the options that go with it. */
static const struct mode_rule {
	const char *no_query;	/* said of an operand left over; NULL: the
				   operands are queries */
	const char *local;	/* said if -p leaves it no tcp or udp port;
				   NULL: it shows every protocol */
	const char *human;	/* said of -f other than human; NULL: it
				   writes every format */
	/* Reads its value (struct later): 0, or -1 after a message. */
	int (*take)(struct parse *, const char *);
	const char *fallback;	/* the value when no operand is left */
} rules[MODES] = {
	[MODE_SEARCH] = { .no_query = "a query cannot be given with -s" },
	[MODE_LIST] = { .no_query = "a query cannot be given with -l",
	    .take = parse_class },
	[MODE_EXTRACT] = { .no_query =
	    "a query cannot be given with -x, which reads standard input" },
	[MODE_ANNOTATE] = { .no_query = "a query cannot be given with "
	    "--annotate, which reads standard input",
	    .human = "--annotate writes the human format only" },
	[MODE_LISTENING] = {
	    .no_query = "a query cannot be given with --listening",
	    .local = "--listening shows tcp and udp ports only" },
	[MODE_SOCKETS] = { .no_query = "a query cannot be given with --sockets",
	    .local = "--sockets shows tcp and udp ports only" },
	[MODE_FREE] = { .no_query = "a query cannot be given with --free",
	    .local = "--free finds tcp and udp ports only",
	    .take = parse_range, .fallback = "registered" },
	[MODE_WAIT] = { .local = "--wait watches tcp and udp ports only",
	    .human = "--wait writes the human format only" },
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
	return usage_error_len(err, value, len, m);
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

/* The int of struct options that the option being read sets. */
static int *
field_of(const struct parse *p)
{
	return (int *)(void *)((char *)p->o + p->def->field);
}

static int
set_flag(struct parse *p, const char *value)
{
	(void)value;
	*field_of(p) = p->def->flag;
	return 0;
}

static int
set_choice(struct parse *p, const char *word)
{
	int v = lookup(p->def->arg, word);

	if (v < 0)
		return unknown(p->err, word, strlen(word), p->def->arg);
	*field_of(p) = v;
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
		return usage_error(p->err, NULL,
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
		return usage_error(p->err, arg, q.kind == QUERY_INVALID ?
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

/* -o's list, read once the mode is known (check_rest). */
static int
set_fields(struct parse *p, const char *list)
{
	p->o->fields = list;
	return 0;
}

/*
 * --color's choice, attached, or the next word if it is one (none is a
 * service name: "--color 22" stays --color and a query); alone, always.
 */
static int
set_color(struct parse *p, const char *when)
{
	struct reader *rd = &p->rd;
	int v = COLOR_ALWAYS;

	if (when == NULL && rd->next < rd->argc &&
	    lookup(&a_when, rd->argv[rd->next]) >= 0)
		when = rd->argv[rd->next++];
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
		return usage_error(p->err, s, "not a count (1-65536)");
	return 0;
}

static int
set_timeout(struct parse *p, const char *s)
{
	if (wait_timeout_parse(s, &p->o->timeout) == -1)
		return usage_error(p->err, s, WAIT_TIMEOUT_ERROR);
	return 0;
}

/* The list has room for one a word of the command line. */
static int
set_services(struct parse *p, const char *file)
{
	struct pi_label_options *l = &p->o->labels;
	const char **files = (const char **)l->files;

	if (files == NULL &&
	    (l->files = files = calloc((size_t)p->rd.argc, sizeof(*files))) ==
	    NULL)
		return usage_error(p->err, NULL, "out of memory");
	files[l->nfiles++] = file;
	return 0;
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

/* KIND: options, names, or the long name of an option with a value. */
static int
set_complete(struct parse *p, const char *kind)
{
	const struct option_def *d = named(kind);

	p->o->complete = kind;
	if (strcmp(kind, "options") == 0 || strcmp(kind, COMPLETE_NAMES) == 0 ||
	    (d != NULL && d->takes != TAKES_NONE))
		return 0;
	return usage_error(p->err, kind, "unknown kind (options, names, "
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

	while ((rc = next_option(&p->rd, p->err, &p->def, &value)) == 1) {
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
 * Rejects the first option in the table given that does not go with
 * mode m: "-n goes with --free only" of one that goes with one other
 * option's mode alone, else "-o cannot be used with --wait", m named by
 * the option that asks for it.
 */
static int
check_mode(const struct parse *p, enum mode m)
{
	const struct option_def *d, *s;
	char a[32], b[32], msg[96];
	int alone;

	for (d = option_defs; d->name != NULL; d++) {
		if (!(p->given & 1ull << (d - option_defs)) ||
		    (d->modes & M(m)))
			continue;
		s = d->selects == MODE_QUERY ? selector(d->modes) : NULL;
		if (!(alone = s != NULL))
			s = selector(M(m));
		snprintf(msg, sizeof(msg), alone ? "%s goes with %s only" :
		    "%s cannot be used with %s", spelt(d, NAME, a, sizeof(a)),
		    s != NULL ? spelt(s, NAME, b, sizeof(b)) : "queries");
		return usage_error(p->err, NULL, msg);
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
	struct options *o = p->o;
	const char *bad;
	int twice;

	if (rules[m].no_query != NULL && nargs > 0)
		return usage_error(p->err, args[0], rules[m].no_query);
	if (rules[m].human != NULL && o->format != FMT_HUMAN)
		return usage_error(p->err, NULL, rules[m].human);
	if ((o->protos & o->free_protos) == 0)
		return usage_error(p->err, NULL, "the protocols of -p and of "
		    "--free's range do not overlap");
	if (rules[m].local != NULL &&
	    (o->protos & o->free_protos & LOCAL_PROTOS) == 0)
		return usage_error(p->err, NULL, rules[m].local);
	if (m == MODE_QUERY && nargs == 0 && isatty(STDIN_FILENO))
		return usage_error(p->err, NULL, "no query given");
	field_groups = m == MODE_FREE ? FG_FREE :
	    outfield_groups(o->local, m == MODE_EXTRACT);
	if (o->fields == NULL || (bad = outfield_parse(o->fields,
	    field_groups, o->ids, &o->nids, &twice)) == NULL)
		return 0;
	if (twice)
		return usage_error_len(p->err, bad, o->nids,
		    "field given twice");
	return unknown(p->err, bad, o->nids, &a_fields);
}

int
options_parse(struct options *o, int argc, char *argv[], FILE *err)
{
	/* argv[0] is the program's name, if there is one. */
	struct parse p = { o, err, { argc, argv, argc > 0, 0, NULL }, NULL,
	    0, 0, { { 0, NULL } } };
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
	    (used = take_later(&p, o->mode, p.rd.nops, args)) < 0)
		return -1;
	o->args = args + used;
	o->nargs = p.rd.nops - used;
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
