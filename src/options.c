/*
 * The command line.  One table, option_defs, says all there is of each
 * option: its names, how it takes a value and what the value is, the
 * modes it goes with, its line of --help and its handler.  The reader
 * (next_option, optread.c), the check of the modes, the synopsis, --help
 * and --complete all walk it; another table says what each mode takes.
 * Options come in any order among the operands; the mode's own operands
 * (queries, -l's class, --free's range) are taken from those left.
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

/* --free prints at most this many ports: there are no more. */
#define COUNT_MAX (PI_PORT_MAX + 1)

/* Sets of modes, a bit each; M_ALL, those that options go with. */
#define M(mode) (1u << (mode))
#define M_ALL (M(MODE_QUERY) | M(MODE_SEARCH) | M(MODE_LIST) | \
	M(MODE_EXTRACT) | M(MODE_LISTENING) | M(MODE_SOCKETS) | M(MODE_FREE))

/* Where --help's descriptions start; what no line reaches. */
#define HELP_COLUMN 28
#define WIDTH 80

/* An option value and what it means. */
struct value {
	const char *name;
	int value;
};

static const struct value formats[] = {
	{ "human", FMT_HUMAN }, { "tsv", FMT_TSV }, { "csv", FMT_CSV },
	{ "json", FMT_JSON }, { NULL, 0 }
};

static const struct value colors[] = {
	{ "auto", COLOR_AUTO }, { "always", COLOR_ALWAYS },
	{ "never", COLOR_NEVER }, { NULL, 0 }
};

static const char *
format_word(size_t i)
{
	return formats[i].name;
}

static const char *
color_word(size_t i)
{
	return colors[i].name;
}

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
	const char *(*word)(size_t i); /* the i-th word it may be, NULL
				   past the last; NULL: any text */
};

static const struct arg a_protocols = { "protocols", "protocol", proto_word },
    a_format = { "format", "format", format_word },
    a_fields = { "fields", "field", field_word },
    a_class = { "class", "class", class_word },
    a_range = { "range", NULL, class_word },
    a_when = { "when", "colour choice", color_word },
    a_text = { "text", NULL, NULL }, a_count = { "count", NULL, NULL },
    a_file = { "file", NULL, NULL }, a_kind = { "kind", NULL, NULL };

/* What the options said, as they are read. */
struct parse {
	struct options *o;
	FILE *err;
	struct reader rd;
	const struct option_def *def; /* the option being read */
	unsigned asked;		/* the modes asked for */
	unsigned long long given; /* bit i: option_defs[i] was given */
	int list_bare;		/* how many -l came without a class */
	int list_last_bare;	/* the last -l did */
	const char *free_range;	/* the last --free's =RANGE, or NULL */
	int free_bare;		/* how many --free came without a range */
	int free_last_bare;	/* the last --free did */
};

static handler set_flag, set_protos, set_search, set_list, set_format,
    set_fields, set_color, set_free, set_count, set_services, set_complete;

/* An option that sets an int of struct options to v; one that does more. */
#define FLAG(field, v) set_flag, offsetof(struct options, field), v
#define SET(h) h, 0, 0
/* An option that asks for a mode goes with that mode alone. */
#define SELECTS(m) m, M(m)
#define PLAIN(modes) MODE_QUERY, modes

/*
 * The options, in --help's order.  A row without help is another name
 * of the option above it.  Adding an option is adding its row, and a
 * handler if it does more than set an int.
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
	{ "all", 'a', TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(all, 1),
	    "also show reserved and unassigned records" },
	{ "iana", 0, TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(iana, 1),
	    "IANA's registry alone: no common uses, aliases\nor label files" },
	{ "format", 'f', TAKES_VALUE, &a_format, PLAIN(M_ALL),
	    SET(set_format), "human (default), tsv, csv or json (JSON Lines)" },
	{ "fields", 'o', TAKES_VALUE, &a_fields, PLAIN(M_ALL & ~M(MODE_FREE)),
	    SET(set_fields), "print these fields, in this order, in any format" },
	{ "no-header", 'H', TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(header, 0),
	    "leave out the tsv and csv header line" },
	{ "quiet", 'q', TAKES_NONE, NULL, PLAIN(M_ALL), FLAG(quiet, 1),
	    "print nothing; the exit status answers" },
	{ "verbose", 'v', TAKES_NONE, NULL, PLAIN(M_ALL & ~M(MODE_FREE)),
	    FLAG(verbose, 1), "also show each common use's source (a URL)" },
	{ "color", 0, TAKES_ATTACHED, &a_when, PLAIN(M_ALL), SET(set_color),
	    "colour human output: auto, always or never" },
	{ "colour", 0, TAKES_ATTACHED, &a_when, PLAIN(M_ALL), SET(set_color),
	    NULL },
	{ "local", 'L', TAKES_NONE, NULL, PLAIN(M_ALL & ~M(MODE_FREE)),
	    FLAG(local, 1), "the sockets of this host on each port asked" },
	{ "listening", 0, TAKES_NONE, NULL, SELECTS(MODE_LISTENING), SET(NULL),
	    "every socket this host listens on (tcp) or has\n"
	    "bound unconnected (udp)" },
	{ "sockets", 0, TAKES_NONE, NULL, SELECTS(MODE_SOCKETS), SET(NULL),
	    "every socket here, connected ones too" },
	{ "free", 0, TAKES_ATTACHED, &a_range, SELECTS(MODE_FREE),
	    SET(set_free), "ports free here: unassigned, no common use or\n"
	    "label, not ephemeral or reserved (default: from\n"
	    "the registered ports)" },
	{ "count", 'n', TAKES_VALUE, &a_count, PLAIN(M(MODE_FREE)),
	    SET(set_count), "how many ports --free prints (default 1)" },
	{ "extract", 'x', TAKES_NONE, NULL, SELECTS(MODE_EXTRACT), SET(NULL),
	    "answer the endpoints found in the output of ss,\n"
	    "netstat, lsof, firewall rules... on standard input" },
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

static int take_class(struct parse *, int, char **);
static int take_range(struct parse *, int, char **);

/* What each mode takes, beyond the options that go with it. */
static const struct mode_rule {
	const char *conflict;	/* said of an option it does not go with */
	const char *no_query;	/* said of an operand left over; NULL: the
				   operands are queries */
	unsigned shows;		/* the protocols it can show */
	const char *wrong_protos; /* said if -p leaves it nothing */
	/* Takes its own operands: how many, or -1 after a message. */
	int (*take)(struct parse *, int, char **);
} rules[MODES] = {
	[MODE_QUERY] = { NULL, NULL, PI_PROTO_ANY, NULL, NULL },
	[MODE_SEARCH] = { "-l and -s cannot be used together",
	    "a query cannot be given with -s", PI_PROTO_ANY, NULL, NULL },
	[MODE_LIST] = { "-l and -s cannot be used together",
	    "a query cannot be given with -l", PI_PROTO_ANY, NULL,
	    take_class },
	[MODE_EXTRACT] = {
	    "-x cannot be used with --free, --listening, -l or -s",
	    "a query cannot be given with -x, which reads standard input",
	    PI_PROTO_ANY, NULL, NULL },
	[MODE_LISTENING] = { "--listening cannot be used with -l or -s",
	    "a query cannot be given with --listening", LOCAL_PROTOS,
	    "--listening shows tcp and udp ports only", NULL },
	[MODE_SOCKETS] = {
	    "--sockets cannot be used with -x, --free, --listening, -l or -s",
	    "a query cannot be given with --sockets", LOCAL_PROTOS,
	    "--sockets shows tcp and udp ports only", NULL },
	[MODE_FREE] = { "--free cannot be used with -L, --listening, -l or -s",
	    "a query cannot be given with --free", LOCAL_PROTOS,
	    "--free finds tcp and udp ports only", take_range },
};

/* Of several modes asked for, the first of these is run. */
static const enum mode wins[] = {
	MODE_SOCKETS, MODE_EXTRACT, MODE_FREE, MODE_LISTENING, MODE_LIST,
	MODE_SEARCH
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
"See portinfo(1) for more.\n";

/* ---- Messages ---- */

/* Text built in a buffer of its own. */
struct msg {
	char s[1024];
	size_t n;
};

/* Adds s to m; -1, leaving m as it was, if it does not fit. */
static int
add(struct msg *m, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof(m->s) - m->n)
		return -1;
	memcpy(m->s + m->n, s, n + 1);
	m->n += n;
	return 0;
}

/* How d is named: "-n", "--free". */
static void
name_of(const struct option_def *d, struct msg *m)
{
	char letter[] = { '-', d->letter, '\0' };

	if (d->letter != 0)
		add(m, letter);
	else if (add(m, "--") == 0)
		add(m, d->name);
}

/* "unknown format (human, tsv, csv, json)", of value[0..len). */
static int
unknown(FILE *err, const char *value, size_t len, const struct arg *a)
{
	struct msg m = { "unknown ", sizeof("unknown ") - 1 };
	const char *w;
	size_t i;

	add(&m, a->noun);
	for (i = 0; (w = a->word(i)) != NULL; i++) {
		if (add(&m, i > 0 ? ", " : " (") == -1 || add(&m, w) == -1)
			break;
	}
	add(&m, ")");
	return usage_error_len(err, value, len, m.s);
}

/* The meaning of name in table t, ignoring ASCII case, or -1. */
static int
lookup(const struct value *t, const char *name)
{
	for (; t->name != NULL; t++) {
		if (pi_fold_cmp(name, strlen(name), t->name) == 0)
			return t->value;
	}
	return -1;
}

/* ---- The handlers ---- */

static int
set_flag(struct parse *p, const char *value)
{
	(void)value;
	*(int *)(void *)((char *)p->o + p->def->field) = p->def->flag;
	return 0;
}

/* A comma-separated list of protocol names as a set of PI_* bits. */
static int
set_protos(struct parse *p, const char *list)
{
	const char *s = list, *comma;
	unsigned bit;
	size_t len;

	p->o->protos = 0;
	for (;;) {
		comma = strchr(s, ',');
		len = comma != NULL ? (size_t)(comma - s) : strlen(s);
		if ((bit = pi_proto_parse(s, len)) == 0)
			return unknown(p->err, s, len, &a_protocols);
		p->o->protos |= bit;
		if (comma == NULL)
			return 0;
		s = comma + 1;
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
parse_class(FILE *err, const char *name, const struct pi_class_info **cls)
{
	if ((*cls = pi_class_by_name(name, strlen(name))) == NULL)
		return unknown(err, name, strlen(name), &a_class);
	return 0;
}

/* -l's class, attached or (see take_class) an operand. */
static int
set_list(struct parse *p, const char *cls)
{
	p->o->cls = NULL;
	p->list_bare += cls == NULL;
	p->list_last_bare = cls == NULL;
	return cls != NULL ? parse_class(p->err, cls, &p->o->cls) : 0;
}

static int
set_format(struct parse *p, const char *name)
{
	int v = lookup(formats, name);

	if (v < 0)
		return unknown(p->err, name, strlen(name), &a_format);
	p->o->format = (enum fmt_kind)v;
	return 0;
}

/* -o's list, read once the mode is known (check_fields). */
static int
set_fields(struct parse *p, const char *list)
{
	p->o->fields = list;
	return 0;
}

/*
 * --color's choice, attached, or else written as the next word
 * ("--color never"), which it then takes if it is one: only "always",
 * "never" and "auto" are taken, none of them a service name, so that
 * "--color 22" stays --color and a query.  Alone, it means always.
 */
static int
set_color(struct parse *p, const char *when)
{
	struct reader *rd = &p->rd;
	int v = COLOR_ALWAYS;

	if (when == NULL && rd->next < rd->argc &&
	    lookup(colors, rd->argv[rd->next]) >= 0)
		when = rd->argv[rd->next++];
	if (when != NULL && (v = lookup(colors, when)) < 0)
		return unknown(p->err, when, strlen(when), &a_when);
	p->o->color = (enum color_when)v;
	return 0;
}

/* --free's range, attached or (see take_range) an operand. */
static int
set_free(struct parse *p, const char *range)
{
	p->free_range = range;
	p->free_bare += range == NULL;
	p->free_last_bare = range == NULL;
	return 0;
}

static int
set_count(struct parse *p, const char *s)
{
	unsigned long n = 0;
	const char *c;

	for (c = s; is_digit((unsigned char)*c) && n <= COUNT_MAX; c++)
		n = n * 10 + (unsigned long)(*c - '0');
	if (c == s || *c != '\0' || n == 0 || n > COUNT_MAX)
		return usage_error(p->err, s, "not a count (1-65536)");
	p->o->count = n;
	return 0;
}

/*
 * Adds --services' file to the list, which has room for one a word of
 * the command line, allocated on the first.
 */
static int
set_services(struct parse *p, const char *file)
{
	struct pi_label_options *l = &p->o->labels;
	const char **files = (const char **)l->files;

	if (files == NULL) {
		files = calloc((size_t)p->rd.argc, sizeof(*files));
		if ((l->files = files) == NULL)
			return usage_error(p->err, NULL, "out of memory");
	}
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

/* ---- The mode and its operands ---- */

/*
 * -l's class: attached (-lCLASS, --list=CLASS) or an operand, one for
 * each -l without a class.  The last -l counts.
 */
static int
take_class(struct parse *p, int nargs, char *args[])
{
	const struct pi_class_info *cls = NULL;
	int n;

	for (n = 0; n < nargs && n < p->list_bare; n++) {
		if (parse_class(p->err, args[n], &cls) != 0)
			return -1;
	}
	if (p->list_last_bare)
		p->o->cls = cls;
	return n;
}

/*
 * RANGE of --free: a port, a range or a class, maybe with /protocol
 * ("dynamic/udp", "dynamic/private/tcp", "8000-9000/tcp").
 */
static int
parse_free_range(FILE *err, struct options *o, const char *arg)
{
	const char *slash = strrchr(arg, '/');
	const struct pi_class_info *cls;
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
		return usage_error(err, arg, q.kind == QUERY_INVALID ?
		    q.error : "not a port range (such as 8000-9000)");
	o->free_lo = q.lo;
	o->free_hi = q.hi;
	o->free_protos = q.protos;
	return 0;
}

/*
 * --free's range: attached (--free=RANGE) or an operand, one for each
 * --free without a range.  The last --free counts.
 */
static int
take_range(struct parse *p, int nargs, char *args[])
{
	int n;

	for (n = 0; n < nargs && n < p->free_bare; n++) {
		if (parse_free_range(p->err, p->o, args[n]) != 0)
			return -1;
	}
	if (!p->free_last_bare)
		return parse_free_range(p->err, p->o, p->free_range) == 0 ?
		    n : -1;
	if (n == 0)
		return parse_free_range(p->err, p->o, "registered");
	return n;
}

/*
 * An option that goes with the mode of one other option only says so
 * when out of place: "-n goes with --free only".  Returns -1 after
 * saying it, 0 for any other option.
 */
static int
misplaced(FILE *err, const struct option_def *d)
{
	const struct option_def *s = option_defs;
	struct msg m = { "", 0 };

	while (s->name != NULL && (s->selects == MODE_QUERY ||
	    M(s->selects) != d->modes))
		s++;
	if (d->selects != MODE_QUERY || s->name == NULL)
		return 0;
	name_of(d, &m);
	add(&m, " goes with ");
	name_of(s, &m);
	add(&m, " only");
	return usage_error(err, NULL, m.s);
}

/* Rejects options that do not go with mode m, as misplaced or m says. */
static int
check_mode(const struct parse *p, enum mode m)
{
	const struct option_def *d;
	int wrong = 0;

	for (d = option_defs; d->name != NULL; d++) {
		if ((p->given & 1ull << (d - option_defs)) &&
		    !(d->modes & M(m))) {
			if (misplaced(p->err, d) != 0)
				return -1;
			wrong = 1;
		}
	}
	return wrong ? usage_error(p->err, NULL, rules[m].conflict) : 0;
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

	if (rules[m].no_query != NULL && nargs > 0)
		return usage_error(p->err, args[0], rules[m].no_query);
	if ((o->protos & o->free_protos) == 0)
		return usage_error(p->err, NULL, "the protocols of -p and of "
		    "--free's range do not overlap");
	if ((o->protos & o->free_protos & rules[m].shows) == 0)
		return usage_error(p->err, NULL, rules[m].wrong_protos);
	if (m == MODE_QUERY && nargs == 0 && isatty(STDIN_FILENO))
		return usage_error(p->err, NULL, "no query given");
	field_groups = outfield_groups(o->local, m == MODE_EXTRACT);
	if (o->fields == NULL || (bad = outfield_parse(o->fields,
	    field_groups, o->ids, &o->nids)) == NULL)
		return 0;
	return unknown(p->err, bad, o->nids, &a_fields);
}

int
options_parse(struct options *o, int argc, char *argv[], FILE *err)
{
	/* argv[0] is the program's name, if there is one. */
	struct parse p = { o, err, { argc, argv, argc > 0, 0, NULL }, NULL,
	    0, 0, 0, 0, NULL, 0, 0 };
	char **args = argv + 1;
	size_t i;
	int rc, used = 0;

	memset(o, 0, sizeof(*o));
	o->protos = o->free_protos = PI_PROTO_ANY;
	o->format = FMT_HUMAN;
	o->header = 1;
	o->color = COLOR_AUTO;
	rc = read_options(&p);
	/* --iana is IANA's registry alone: no label file either. */
	o->labels.none |= o->iana;
	if (rc != 0)
		return rc > 0 ? 0 : -1;
	for (i = 0; i < sizeof(wins) / sizeof(wins[0]) &&
	    !(p.asked & M(wins[i])); i++)
		continue;
	o->mode = i < sizeof(wins) / sizeof(wins[0]) ? wins[i] : MODE_QUERY;
	if (rules[o->mode].take != NULL &&
	    (used = rules[o->mode].take(&p, p.rd.nops, args)) < 0)
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

int
options_color(const struct options *o, int tty)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	return tty && (no_color == NULL || no_color[0] == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0);
}

/* ---- The synopsis, --help and --complete ---- */

/*
 * d as the synopsis writes it ("-f format", "--color[=when]"; a mode's
 * value may be an operand: "-l [class]"), or --help's ("--list [CLASS]",
 * in capitals), then t.
 */
static void
written(const struct option_def *d, int help, struct msg *m, const char *t)
{
	size_t start;

	if (!help)
		name_of(d, m);
	else if (add(m, "--") == 0)
		add(m, d->name);
	start = m->n;
	if (d->takes != TAKES_NONE)
		add(m, d->takes == TAKES_VALUE ? " " :
		    d->selects != MODE_QUERY ? " [" : "[=");
	if (d->takes != TAKES_NONE && add(m, d->arg->name) == 0)
		add(m, d->takes == TAKES_VALUE ? "" : "]");
	for (; help && start < m->n; start++)
		m->s[start] = (char)pi_ascii_upper((unsigned char)m->s[start]);
	add(m, t);
}

/* A line of the synopsis, wrapped under its first option. */
struct line {
	FILE *fp;
	size_t col;
};

#define INDENT "                "	/* under "usage: portinfo " */

static void
item(struct line *l, const char *s)
{
	size_t n = strlen(s);

	if (l->col + 1 + n >= WIDTH) {
		fputs("\n" INDENT, l->fp);
		l->col = sizeof(INDENT) - 1;
	} else {
		putc(' ', l->fp);
		l->col++;
	}
	fputs(s, l->fp);
	l->col += n;
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
 * neither value nor long name first; or (set 0) m's own: "-s text".
 */
static void
items(struct line *l, unsigned long long set, enum mode m)
{
	const struct option_def *d;
	struct msg s = { "[-", 2 };
	char letter[] = { 0, 0 };

	for (d = option_defs; d->name != NULL; d++) {
		letter[0] = d->letter;
		if ((set & (1ull << (d - option_defs))) && d->letter != 0 &&
		    d->takes == TAKES_NONE)
			add(&s, letter);
	}
	if (s.n > 2 && add(&s, "]") == 0)
		item(l, s.s);
	for (d = option_defs; d->name != NULL; d++) {
		s.n = 0;
		if (set == 0 && d->selects == m && m != MODE_QUERY &&
		    d->help != NULL)
			written(d, 0, &s, "");
		else if ((set & (1ull << (d - option_defs))) &&
		    (d->letter == 0 || d->takes != TAKES_NONE) &&
		    add(&s, "[") == 0)
			written(d, 0, &s, "]");
		if (s.n > 0)
			item(l, s.s);
	}
}

/*
 * The synopsis: a line for each mode, but modes asked for by an option
 * and going with the same others share one ("-h | -V").
 */
static void
synopsis(FILE *fp)
{
	struct line l = { fp, 0 };
	unsigned long long set;
	enum mode m;

	for (m = MODE_QUERY; m < MODES; m++) {
		set = goes_with(m);
		fputs(m == MODE_QUERY ? "usage: portinfo" : "       portinfo",
		    fp);
		l.col = sizeof("usage: portinfo") - 1;
		items(&l, set, MODES);
		items(&l, 0, m);
		while (m != MODE_QUERY && m + 1 < MODES &&
		    goes_with(m + 1) == set) {
			item(&l, "|");
			items(&l, 0, ++m);
		}
		if (m == MODE_QUERY)
			item(&l, "[query ...]");
		putc('\n', fp);
	}
}

/* "  -f, --format FORMAT" and its help, each line under HELP_COLUMN. */
static void
help_line(FILE *fp, const struct option_def *d)
{
	struct msg m = { "      ", 6 };
	const char *s;

	if (d->letter != 0) {
		m.n = 2;
		name_of(d, &m);
		add(&m, ", ");
	}
	written(d, 1, &m, "");
	if (m.n + 1 < HELP_COLUMN)
		fprintf(fp, "%-*s", HELP_COLUMN, m.s);
	else
		fprintf(fp, "%s\n%*s", m.s, HELP_COLUMN, "");
	for (s = d->help; *s != '\0'; s++) {
		putc(*s, fp);
		if (*s == '\n')
			fprintf(fp, "%*s", HELP_COLUMN, "");
	}
	putc('\n', fp);
}

void
options_help(FILE *fp)
{
	const struct option_def *d;

	synopsis(fp);
	fputs(help_intro, fp);
	for (d = option_defs; d->name != NULL; d++) {
		if (d->help != NULL)
			help_line(fp, d);
	}
	fputs(help_outro, fp);
}

void
options_complete(const struct options *o, FILE *fp)
{
	const struct option_def *d = named(o->complete);
	const char *s;
	struct msg m;
	size_t i;

	for (i = 0; d != NULL && d->arg != NULL && d->arg->word != NULL &&
	    (s = d->arg->word(i)) != NULL; i++)
		fprintf(fp, "%s\n", s);
	for (d = option_defs; strcmp(o->complete, "options") == 0 &&
	    d->name != NULL; d++) {
		if (d->help == NULL)
			continue;
		m.n = 0;
		m.s[0] = '\0';
		if (d->letter != 0)
			name_of(d, &m);
		fprintf(fp, "%s\t--%s\t%s%s%s\t", m.s, d->name,
		    d->takes == TAKES_ATTACHED ? "[" : "",
		    d->arg != NULL ? d->arg->name : "",
		    d->takes == TAKES_ATTACHED ? "]" : "");
		for (s = d->help; *s != '\0'; s++)
			putc(*s == '\n' ? ' ' : *s, fp);
		putc('\n', fp);
	}
}
