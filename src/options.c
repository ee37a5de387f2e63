/*
 * The command line.  A table names each option and how it takes its
 * value; next_option reads them, in any order among the operands; other
 * tables say what each option value means and which options go with
 * which mode; the mode's operands (queries, -l's class, --free's range)
 * are taken from those left, once the options are read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "local.h"
#include "options.h"
#include "query.h"
#include "table.h"
#include "wait.h"

/* --free prints at most this many ports: there are no more. */
#define COUNT_MAX (PI_PORT_MAX + 1)

/* The options without a letter; the others go by their letter. */
enum {
	OPT_COLOR = 256, OPT_LISTENING, OPT_SOCKETS, OPT_FREE, OPT_IANA,
	OPT_SERVICES, OPT_NO_LABELS, OPT_ETC_SERVICES, OPT_WAIT, OPT_TIMEOUT
};

/* How an option takes a value. */
enum takes {
	TAKES_NONE,
	TAKES_VALUE,	/* attached (-fjson, --format=json) or the next word */
	TAKES_ATTACHED	/* attached (-lCLASS, --list=CLASS) or none */
};

static const struct option_def {
	const char *name;	/* the long name, after "--" */
	int id;			/* the letter, or OPT_* */
	enum takes takes;
} option_defs[] = {
	{ "protocol", 'p', TAKES_VALUE },
	{ "search", 's', TAKES_VALUE },
	{ "list", 'l', TAKES_ATTACHED },
	{ "all", 'a', TAKES_NONE },
	{ "format", 'f', TAKES_VALUE },
	{ "no-header", 'H', TAKES_NONE },
	{ "quiet", 'q', TAKES_NONE },
	{ "color", OPT_COLOR, TAKES_ATTACHED },
	{ "colour", OPT_COLOR, TAKES_ATTACHED },
	{ "local", 'L', TAKES_NONE },
	{ "listening", OPT_LISTENING, TAKES_NONE },
	{ "sockets", OPT_SOCKETS, TAKES_NONE },
	{ "free", OPT_FREE, TAKES_ATTACHED },
	{ "iana", OPT_IANA, TAKES_NONE },
	{ "count", 'n', TAKES_VALUE },
	{ "extract", 'x', TAKES_NONE },
	{ "services", OPT_SERVICES, TAKES_VALUE },
	{ "no-labels", OPT_NO_LABELS, TAKES_NONE },
	{ "etc-services", OPT_ETC_SERVICES, TAKES_NONE },
	{ "wait", OPT_WAIT, TAKES_VALUE },
	{ "timeout", OPT_TIMEOUT, TAKES_VALUE },
	{ "help", 'h', TAKES_NONE },
	{ "version", 'V', TAKES_NONE },
	{ NULL, 0, TAKES_NONE }
};

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

static const struct value waits[] = {
	{ "listening", WAIT_LISTENING }, { "free", WAIT_FREE }, { NULL, 0 }
};

/* The options that choose a mode or work in some modes only. */
enum {
	GIVEN_SEARCH = 1 << 0,	/* -s */
	GIVEN_LIST = 1 << 1,	/* -l */
	GIVEN_LISTENING = 1 << 2, /* --listening */
	GIVEN_FREE = 1 << 3,	/* --free */
	GIVEN_LOCAL = 1 << 4,	/* -L */
	GIVEN_COUNT = 1 << 5,	/* -n */
	GIVEN_EXTRACT = 1 << 6,	/* -x */
	GIVEN_SOCKETS = 1 << 7,	/* --sockets */
	GIVEN_WAIT = 1 << 8,	/* --wait */
	GIVEN_TIMEOUT = 1 << 9	/* --timeout */
};

/* What the options said, before the operands are taken. */
struct seen {
	unsigned given;		/* GIVEN_* */
	int list_bare;		/* how many -l came without a class */
	int list_last_bare;	/* the last -l did */
	const char *free_range;	/* the last --free's =RANGE, or NULL */
	int free_bare;		/* how many --free came without a range */
	int free_last_bare;	/* the last --free did */
};

static int take_class(struct options *, int, char **, const struct seen *,
    FILE *);
static int take_range(struct options *, int, char **, const struct seen *,
    FILE *);

/*
 * The modes, in the order in which one wins over another when several
 * are asked for (the loser is then named as what cannot be combined).
 */
static const struct mode_rule {
	enum mode mode;
	unsigned chosen_by;	/* GIVEN_* that selects it; 0: the default */
	unsigned goes_with;	/* GIVEN_* that it can be combined with */
	unsigned shows;		/* protocols it can show */
	const char *conflict;	/* what is said of an option it does not take */
	const char *no_query;	/* what is said of an operand left over;
				   NULL: the operands are queries */
	const char *wrong_protos; /* what is said if -p leaves it nothing */
	/*
	 * Takes the mode's own operand from the operands; returns how
	 * many it took, or -1 after a message.  NULL: none.
	 */
	int (*take)(struct options *, int, char **, const struct seen *,
	    FILE *);
} rules[] = {
	{ MODE_WAIT, GIVEN_WAIT, GIVEN_TIMEOUT, LOCAL_PROTOS,
	    "--wait cannot be used with -L, -x, --free, --listening, "
	    "--sockets, -l or -s", NULL,
	    "--wait watches tcp and udp ports only", NULL },
	{ MODE_SOCKETS, GIVEN_SOCKETS, GIVEN_LOCAL, LOCAL_PROTOS,
	    "--sockets cannot be used with -x, --free, --listening, -l or -s",
	    "a query cannot be given with --sockets",
	    "--sockets shows tcp and udp ports only", NULL },
	{ MODE_EXTRACT, GIVEN_EXTRACT, GIVEN_LOCAL, PI_PROTO_ANY,
	    "-x cannot be used with --free, --listening, -l or -s",
	    "a query cannot be given with -x, which reads standard input",
	    NULL, NULL },
	{ MODE_FREE, GIVEN_FREE, GIVEN_COUNT, LOCAL_PROTOS,
	    "--free cannot be used with -L, --listening, -l or -s",
	    "a query cannot be given with --free",
	    "--free finds tcp and udp ports only", take_range },
	{ MODE_LISTENING, GIVEN_LISTENING, GIVEN_LOCAL, LOCAL_PROTOS,
	    "--listening cannot be used with -l or -s",
	    "a query cannot be given with --listening",
	    "--listening shows tcp and udp ports only", NULL },
	{ MODE_LIST, GIVEN_LIST, GIVEN_LOCAL, PI_PROTO_ANY,
	    "-l and -s cannot be used together",
	    "a query cannot be given with -l", NULL, take_class },
	{ MODE_SEARCH, GIVEN_SEARCH, GIVEN_LOCAL, PI_PROTO_ANY,
	    "-l and -s cannot be used together",
	    "a query cannot be given with -s", NULL, NULL },
	{ MODE_QUERY, 0, GIVEN_LOCAL, PI_PROTO_ANY, NULL, NULL, NULL, NULL }
};

/* Options that say something of their own when out of place. */
static const struct {
	unsigned given;
	const char *misplaced;
} option_rules[] = {
	{ GIVEN_COUNT, "-n goes with --free only" },
	{ GIVEN_TIMEOUT, "--timeout goes with --wait only" }
};

static const char usage_text[] =
"usage: portinfo [-aHLq] [-f format] [-p protocols] [--color[=when]] "
    "[--iana]\n"
"                query ...\n"
"       portinfo [-aHLq] [-f format] [-p protocols] [--iana] -s text\n"
"       portinfo [-aHLq] [-f format] [-p protocols] [--iana] -l [class]\n"
"       portinfo [-aHLq] [-f format] [-p protocols] -x\n"
"       portinfo [-aHq] [-f format] [-p protocols] [--iana] --listening\n"
"       portinfo [-aHq] [-f format] [-p protocols] [--iana] --sockets\n"
"       portinfo [-q] [-p protocols] [-n count] --free [range]\n"
"       portinfo [-q] [-p protocols] [--timeout seconds] --wait what\n"
"                query ...\n"
"       portinfo -h | -V\n";

static const char help_text[] =
"What port numbers and service names mean, from IANA's registry, with the\n"
"ports that software commonly uses beside IANA's records.\n"
"\n"
"Queries: 22, 8000-8100, ssh, 22/tcp, host:port, [v6]:port, scheme://host.\n"
"With '-', or with no query and standard input not a terminal, queries\n"
"are read from standard input, separated by white space or commas.\n"
"\n"
"  -p, --protocol LIST   only these of tcp,udp,sctp,dccp (default: all)\n"
"  -s, --search TEXT     services whose name or description contains TEXT\n"
"  -l, --list [CLASS]    every service, or those of one class of ports:\n"
"                        well-known, registered or dynamic\n"
"  -a, --all             also show reserved and unassigned records\n"
"      --iana            IANA's registry alone: no common uses, aliases\n"
"                        or label files\n"
"  -f, --format FORMAT   human (default), tsv, csv or json (JSON Lines)\n"
"  -H, --no-header       leave out the tsv and csv header line\n"
"  -q, --quiet           print nothing; the exit status answers\n"
"      --color[=WHEN]    colour human output: auto, always or never\n"
"  -L, --local           also tell what this host has on each port\n"
"      --listening       every port this host listens on (tcp) or has bound\n"
"                        unconnected (udp)\n"
"      --sockets         every port of every socket here, connected too\n"
"      --free [RANGE]    ports free here: unassigned, no common use or\n"
"                        label, not ephemeral or reserved (default: from\n"
"                        the registered ports)\n"
"  -n, --count COUNT     how many ports --free prints (default 1)\n"
"      --wait WHAT       wait until each port asked is listening here (tcp\n"
"                        by default) or free (no tcp or udp socket on it)\n"
"      --timeout SECS    how long --wait waits (default 60; 0: for ever)\n"
"  -x, --extract         answer the endpoints found in the output of ss,\n"
"                        netstat, lsof, firewall rules... on standard input\n"
"      --services FILE   labels from FILE (CSV), instead of the site's and\n"
"                        the user's files; may be repeated\n"
"      --no-labels       no label file at all: IANA's registry alone\n"
"      --etc-services    labels from this host's /etc/services too\n"
"  -h, --help            print this help\n"
"  -V, --version         print the version and the registry's date\n"
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
	fputs(usage_text, fp);
	fputs(help_text, fp);
}

/* Where a usage error sends the user, as GNU and BSD tools do. */
static const char try_help[] = "Try 'portinfo --help'.\n";

/*
 * Says on one line what is wrong with subject[0..len) (NULL: with the
 * command line), and where to read more; returns -1.
 */
static int
usage_error_len(FILE *err, const char *subject, size_t len,
    const char *message)
{
	if (subject != NULL)
		fmt_error(err, subject, len, message);
	else
		fprintf(err, "portinfo: %s\n", message);
	fputs(try_help, err);
	return -1;
}

static int
usage_error(FILE *err, const char *subject, const char *message)
{
	return usage_error_len(err, subject,
	    subject != NULL ? strlen(subject) : 0, message);
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

/*
 * Reading the command line, a word at a time: argv[next..argc) is still
 * to be read, and the operands read so far have been moved down to
 * argv[1..1 + nops), in their order, over words already read.
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
 * Whether def is an option that "--" name[0..len) could mean; of options
 * that mean the same (--color, --colour) only the first.
 */
static int
is_candidate(const struct option_def *def, const char *name, size_t len)
{
	const struct option_def *d;

	if (strncmp(def->name, name, len) != 0)
		return 0;
	for (d = option_defs; d != def; d++) {
		if (d->id == def->id && strncmp(d->name, name, len) == 0)
			return 0;
	}
	return 1;
}

/*
 * Says that word ("--li", "--li=x") could mean several options, naming
 * them: "ambiguous option (--list, --listening)".  Returns -1.
 */
static int
ambiguous(FILE *err, const char *word, size_t len)
{
	const struct option_def *d;
	size_t used;
	int count = 0, n;
	/* Room for every option's name; checked as it is filled. */
	char msg[256];

	used = (size_t)snprintf(msg, sizeof(msg), "ambiguous option");
	for (d = option_defs; d->name != NULL; d++) {
		if (!is_candidate(d, word + 2, len))
			continue;
		n = snprintf(msg + used, sizeof(msg) - used, "%s--%s",
		    count++ > 0 ? ", " : " (", d->name);
		if (n < 0 || (size_t)n + sizeof(")") > sizeof(msg) - used) {
			/* Too many to name: say only what is wrong. */
			msg[sizeof("ambiguous option") - 1] = '\0';
			break;
		}
		used += (size_t)n;
	}
	if (d->name == NULL)
		memcpy(msg + used, ")", sizeof(")"));
	return usage_error_len(err, word, 2 + len, msg);
}

/*
 * The option that word[2..2 + len) names, whole or by a prefix of one
 * name only; NULL after a message.
 */
static const struct option_def *
find_long(FILE *err, const char *word, size_t len)
{
	const char *name = word + 2;
	const struct option_def *d, *found = NULL;
	int count = 0;

	for (d = option_defs; d->name != NULL && len > 0; d++) {
		/* A whole name wins over the names it begins (--list). */
		if (strlen(d->name) == len && strncmp(d->name, name, len) == 0)
			return d;
		if (is_candidate(d, name, len)) {
			found = found != NULL ? found : d;
			count++;
		}
	}
	if (count == 1)
		return found;
	if (count > 1)
		ambiguous(err, word, len);
	else
		usage_error(err, word, "unknown option");
	return NULL;
}

/* The next word as the value of option, or -1 after a message. */
static int
take_next_word(struct reader *rd, FILE *err, const char *option,
    const char **value)
{
	if (rd->next == rd->argc)
		return usage_error(err, option, "option needs an argument");
	*value = rd->argv[rd->next++];
	return 1;
}

/*
 * word, "--name" or "--name=value", where name is the whole name of an
 * option or the start of one only.  Returns as next_option.
 */
static int
long_option(struct reader *rd, FILE *err, const char *word,
    const struct option_def **def, const char **value)
{
	size_t len = strcspn(word + 2, "=");

	if ((*def = find_long(err, word, len)) == NULL)
		return -1;
	*value = word[2 + len] == '=' ? word + 2 + len + 1 : NULL;
	if ((*def)->takes == TAKES_NONE && *value != NULL)
		return usage_error(err, word, "option takes no argument");
	if ((*def)->takes == TAKES_VALUE && *value == NULL)
		return take_next_word(rd, err, word, value);
	return 1;
}

/*
 * The next of the letters of a word ("-aHq", "-fjson"): an option that
 * takes a value takes the rest of the word, or for want of it the next
 * word if it must have one.  Returns as next_option.
 */
static int
letter_option(struct reader *rd, FILE *err, const struct option_def **def,
    const char **value)
{
	char flag[] = { '-', *rd->letters, '\0' };
	const char *rest = rd->letters + 1;
	const struct option_def *d;

	for (d = option_defs; d->name != NULL && d->id != flag[1]; d++)
		continue;
	if ((*def = d)->name == NULL)
		return usage_error(err, flag, "unknown option");
	*value = NULL;
	rd->letters = *rest != '\0' ? rest : NULL;
	if ((*def)->takes == TAKES_NONE)
		return 1;
	*value = rd->letters;
	rd->letters = NULL;
	if ((*def)->takes == TAKES_VALUE && *value == NULL)
		return take_next_word(rd, err, flag, value);
	return 1;
}

/* Moves an operand down to where the operands are kept. */
static void
keep_operand(struct reader *rd, const char *word)
{
	rd->argv[1 + rd->nops++] = (char *)word;
}

/*
 * The next option, wherever it is among the operands, which are kept
 * as they are passed; its value in *value, or NULL.  "--" ends the
 * options, and "-" is an operand.  Returns 1, 0 when no option is left,
 * or -1 after a message.
 */
static int
next_option(struct reader *rd, FILE *err, const struct option_def **def,
    const char **value)
{
	const char *word;

	while (rd->letters == NULL) {
		if (rd->next == rd->argc)
			return 0;
		word = rd->argv[rd->next++];
		if (strcmp(word, "--") == 0) {
			while (rd->next < rd->argc)
				keep_operand(rd, rd->argv[rd->next++]);
			return 0;
		}
		if (word[0] != '-' || word[1] == '\0')
			keep_operand(rd, word);
		else if (word[1] == '-')
			return long_option(rd, err, word, def, value);
		else
			rd->letters = word + 1;
	}
	return letter_option(rd, err, def, value);
}

/* A comma-separated list of protocol names as a set of PI_* bits. */
static int
parse_protos(FILE *err, const char *list, unsigned *set)
{
	const char *s = list, *comma;
	unsigned bit;
	size_t len;

	*set = 0;
	for (;;) {
		comma = strchr(s, ',');
		len = comma != NULL ? (size_t)(comma - s) : strlen(s);
		if ((bit = pi_proto_parse(s, len)) == 0)
			return usage_error_len(err, s, len,
			    "unknown protocol (tcp, udp, sctp, dccp)");
		*set |= bit;
		if (comma == NULL)
			return 0;
		s = comma + 1;
	}
}

static int
parse_format(FILE *err, const char *name, enum fmt_kind *kind)
{
	int v = lookup(formats, name);

	if (v < 0)
		return usage_error(err, name,
		    "unknown format (human, tsv, csv, json)");
	*kind = (enum fmt_kind)v;
	return 0;
}

static int
parse_color(FILE *err, const char *when, enum color_when *color)
{
	int v = when != NULL ? lookup(colors, when) : COLOR_ALWAYS;

	if (v < 0)
		return usage_error(err, when,
		    "unknown colour choice (auto, always, never)");
	*color = (enum color_when)v;
	return 0;
}

static int
parse_class(FILE *err, const char *name, const struct pi_class_info **cls)
{
	if ((*cls = pi_class_by_name(name, strlen(name))) == NULL)
		return usage_error(err, name,
		    "unknown class (well-known, registered, dynamic)");
	return 0;
}

static int
parse_count(FILE *err, const char *s, unsigned long *count)
{
	unsigned long n = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && n <= COUNT_MAX; p++)
		n = n * 10 + (unsigned long)(*p - '0');
	if (p == s || *p != '\0' || n == 0 || n > COUNT_MAX)
		return usage_error(err, s, "not a count (1-65536)");
	*count = n;
	return 0;
}

static int
parse_wait(FILE *err, const char *what, int *cond)
{
	if ((*cond = lookup(waits, what)) < 0)
		return usage_error(err, what,
		    "unknown condition (listening, free)");
	return 0;
}

static int
parse_timeout(FILE *err, const char *s, long long *ns)
{
	if (wait_timeout_parse(s, ns) == -1)
		return usage_error(err, s, WAIT_TIMEOUT_ERROR);
	return 0;
}

/*
 * A class name, maybe with a /protocol ("dynamic", "dynamic/udp",
 * "dynamic/private/tcp"); fills *protos and returns the class, or NULL.
 */
static const struct pi_class_info *
class_range(const char *arg, unsigned *protos)
{
	const char *slash = strrchr(arg, '/');
	const struct pi_class_info *cls;
	unsigned proto;

	if ((cls = pi_class_by_name(arg, strlen(arg))) != NULL) {
		*protos = PI_PROTO_ANY;
		return cls;
	}
	if (slash == NULL ||
	    (proto = pi_proto_parse(slash + 1, strlen(slash + 1))) == 0 ||
	    (cls = pi_class_by_name(arg, (size_t)(slash - arg))) == NULL)
		return NULL;
	*protos = proto;
	return cls;
}

/* RANGE of --free: a port, a range or a class, maybe with /protocol. */
static int
parse_free_range(FILE *err, struct options *o, const char *arg)
{
	const struct pi_class_info *cls;
	struct query q;

	if ((cls = class_range(arg, &o->free_protos)) != NULL) {
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
 * The choice after a bare --color, written as the next word ("--color
 * never"), which it then takes; NULL if that is no choice.  Only
 * "always", "never" and "auto" are taken, none of them a service name,
 * so that "--color 22" stays --color and a query.
 */
static const char *
take_color_word(struct reader *rd)
{
	if (rd->next == rd->argc || lookup(colors, rd->argv[rd->next]) < 0)
		return NULL;
	return rd->argv[rd->next++];
}

/*
 * Adds --services' file to the list, which has room for one a word of
 * the command line, allocated on the first.
 */
static int
add_services(FILE *err, struct options *o, int argc, const char *file)
{
	const char **files = (const char **)o->labels.files;

	if (files == NULL) {
		if ((files = calloc((size_t)argc, sizeof(*files))) == NULL)
			return usage_error(err, NULL, "out of memory");
		o->labels.files = files;
	}
	files[o->labels.nfiles++] = file;
	return 0;
}

/* Options in any order; a repeated one overrides what came before. */
static int
read_options(struct options *o, struct seen *s, struct reader *rd, FILE *err,
    enum options_action *action)
{
	const struct option_def *def;
	const char *value;
	int rc = 0, more;

	while (rc == 0 && (more = next_option(rd, err, &def, &value)) != 0) {
		if (more == -1)
			return -1;
		switch (def->id) {
		case 'p':
			rc = parse_protos(err, value, &o->protos);
			break;
		case 's':
			/* Every record contains the empty text. */
			if (value[0] == '\0')
				rc = usage_error(err, NULL,
				    "-s needs a text to search for");
			o->search = value;
			s->given |= GIVEN_SEARCH;
			break;
		case 'l':
			o->cls = NULL;
			s->list_bare += value == NULL;
			s->list_last_bare = value == NULL;
			if (value != NULL)
				rc = parse_class(err, value, &o->cls);
			s->given |= GIVEN_LIST;
			break;
		case 'a':
			o->all = 1;
			break;
		case 'f':
			rc = parse_format(err, value, &o->format);
			break;
		case 'H':
			o->header = 0;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case OPT_COLOR:
			rc = parse_color(err, value != NULL ? value :
			    take_color_word(rd), &o->color);
			break;
		case 'L':
			o->local = 1;
			s->given |= GIVEN_LOCAL;
			break;
		case OPT_LISTENING:
			s->given |= GIVEN_LISTENING;
			break;
		case OPT_SOCKETS:
			s->given |= GIVEN_SOCKETS;
			break;
		case OPT_IANA:
			/* IANA's registry alone: no label file either. */
			o->iana = 1;
			o->labels.none = 1;
			break;
		case OPT_FREE:
			s->free_range = value;
			s->free_bare += value == NULL;
			s->free_last_bare = value == NULL;
			s->given |= GIVEN_FREE;
			break;
		case 'n':
			rc = parse_count(err, value, &o->count);
			s->given |= GIVEN_COUNT;
			break;
		case 'x':
			s->given |= GIVEN_EXTRACT;
			break;
		case OPT_SERVICES:
			rc = add_services(err, o, rd->argc, value);
			break;
		case OPT_NO_LABELS:
			o->labels.none = 1;
			break;
		case OPT_ETC_SERVICES:
			o->labels.host = 1;
			break;
		case OPT_WAIT:
			rc = parse_wait(err, value, &o->wait);
			s->given |= GIVEN_WAIT;
			break;
		case OPT_TIMEOUT:
			rc = parse_timeout(err, value, &o->timeout);
			s->given |= GIVEN_TIMEOUT;
			break;
		case 'h':
			*action = OPTIONS_HELP;
			return 1;
		case 'V':
			*action = OPTIONS_VERSION;
			return 1;
		}
	}
	return rc;
}

/*
 * -l's class: attached (-lCLASS, --list=CLASS) or an operand, one for
 * each -l without a class.  The last -l counts.
 */
static int
take_class(struct options *o, int nargs, char *args[], const struct seen *s,
    FILE *err)
{
	const struct pi_class_info *cls = NULL;
	int n;

	for (n = 0; n < nargs && n < s->list_bare; n++) {
		if (parse_class(err, args[n], &cls) != 0)
			return -1;
	}
	if (s->list_last_bare)
		o->cls = cls;
	return n;
}

/*
 * --free's range: attached (--free=RANGE) or an operand, one for each
 * --free without a range.  The last --free counts.
 */
static int
take_range(struct options *o, int nargs, char *args[], const struct seen *s,
    FILE *err)
{
	int n;

	for (n = 0; n < nargs && n < s->free_bare; n++) {
		if (parse_free_range(err, o, args[n]) != 0)
			return -1;
	}
	if (!s->free_last_bare)
		return parse_free_range(err, o, s->free_range) == 0 ? n : -1;
	if (n == 0)
		return parse_free_range(err, o, "registered");
	return n;
}

/* The rule of the mode that the options given choose. */
static const struct mode_rule *
chosen(unsigned given)
{
	const struct mode_rule *r = rules;

	while (r->chosen_by != 0 && !(given & r->chosen_by))
		r++;
	return r;
}

/* Rejects options that do not go with the mode. */
static int
check_mode(const struct mode_rule *r, unsigned given, FILE *err)
{
	unsigned extra = given & ~(r->chosen_by | r->goes_with);
	size_t i;

	for (i = 0; i < sizeof(option_rules) / sizeof(option_rules[0]); i++) {
		if (extra & option_rules[i].given)
			return usage_error(err, NULL,
			    option_rules[i].misplaced);
	}
	if (extra != 0)
		return usage_error(err, NULL, r->conflict);
	return 0;
}

static void
set_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = MODE_QUERY;
	o->protos = PI_PROTO_ANY;
	o->free_protos = PI_PROTO_ANY;
	o->format = FMT_HUMAN;
	o->header = 1;
	o->color = COLOR_AUTO;
	o->timeout = WAIT_TIMEOUT_DEFAULT_NS;
}

enum options_action
options_parse(struct options *o, int argc, char *argv[], FILE *err)
{
	enum options_action action = OPTIONS_RUN;
	struct seen s = { 0, 0, 0, NULL, 0, 0 };
	/* argv[0] is the program's name, if there is one. */
	struct reader rd = { argc, argv, argc > 0, 0, NULL };
	const struct mode_rule *r;
	char **args;
	int nargs, used = 0, rc;

	set_defaults(o);
	if ((rc = read_options(o, &s, &rd, err, &action)) != 0)
		return rc > 0 ? action : OPTIONS_USAGE;
	r = chosen(s.given);
	args = argv + 1;
	nargs = rd.nops;
	if (r->take != NULL && (used = r->take(o, nargs, args, &s, err)) < 0)
		return OPTIONS_USAGE;
	args += used;
	nargs -= used;
	if (check_mode(r, s.given, err) != 0)
		return OPTIONS_USAGE;
	if (r->no_query != NULL && nargs > 0) {
		usage_error(err, args[0], r->no_query);
		return OPTIONS_USAGE;
	}
	if ((o->protos & o->free_protos) == 0) {
		usage_error(err, NULL, "the protocols of -p and of --free's "
		    "range do not overlap");
		return OPTIONS_USAGE;
	}
	if ((o->protos & o->free_protos & r->shows) == 0) {
		usage_error(err, NULL, r->wrong_protos);
		return OPTIONS_USAGE;
	}
	if (r->mode == MODE_QUERY && nargs == 0 && isatty(STDIN_FILENO)) {
		usage_error(err, NULL, "no query given");
		return OPTIONS_USAGE;
	}
	o->mode = r->mode;
	o->local = o->local || r->mode == MODE_LISTENING ||
	    r->mode == MODE_SOCKETS;
	o->args = args;
	o->nargs = nargs;
	return OPTIONS_RUN;
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
	const char *no_color, *term;

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	no_color = getenv("NO_COLOR");
	term = getenv("TERM");
	return tty &&
	    (no_color == NULL || no_color[0] == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0);
}
