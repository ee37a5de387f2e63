/*
 * The command line.  getopt_long reads the options; tables say what
 * each option value means and which options go with which mode; the
 * mode's operands (queries, -l's class, --free's range) are taken from
 * what getopt leaves, once it is done.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "local.h"
#include "options.h"
#include "query.h"
#include "table.h"

/* --free prints at most this many ports: there are no more. */
#define COUNT_MAX (PI_PORT_MAX + 1)

/* Long options without a short form. */
enum {
	OPT_COLOR = 256, OPT_LISTENING, OPT_SOCKETS, OPT_FREE, OPT_IANA,
	OPT_SERVICES, OPT_NO_LABELS, OPT_ETC_SERVICES
};

static const char shortopts[] = ":p:s:l::af:HqLn:xhV";

static const struct option longopts[] = {
	{ "protocol", required_argument, NULL, 'p' },
	{ "search", required_argument, NULL, 's' },
	{ "list", optional_argument, NULL, 'l' },
	{ "all", no_argument, NULL, 'a' },
	{ "format", required_argument, NULL, 'f' },
	{ "no-header", no_argument, NULL, 'H' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "colour", optional_argument, NULL, OPT_COLOR },
	{ "local", no_argument, NULL, 'L' },
	{ "listening", no_argument, NULL, OPT_LISTENING },
	{ "sockets", no_argument, NULL, OPT_SOCKETS },
	{ "free", optional_argument, NULL, OPT_FREE },
	{ "iana", no_argument, NULL, OPT_IANA },
	{ "count", required_argument, NULL, 'n' },
	{ "extract", no_argument, NULL, 'x' },
	{ "services", required_argument, NULL, OPT_SERVICES },
	{ "no-labels", no_argument, NULL, OPT_NO_LABELS },
	{ "etc-services", no_argument, NULL, OPT_ETC_SERVICES },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
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

/* The options that choose a mode or work in some modes only. */
enum {
	GIVEN_SEARCH = 1 << 0,	/* -s */
	GIVEN_LIST = 1 << 1,	/* -l */
	GIVEN_LISTENING = 1 << 2, /* --listening */
	GIVEN_FREE = 1 << 3,	/* --free */
	GIVEN_LOCAL = 1 << 4,	/* -L */
	GIVEN_COUNT = 1 << 5,	/* -n */
	GIVEN_EXTRACT = 1 << 6,	/* -x */
	GIVEN_SOCKETS = 1 << 7	/* --sockets */
};

/* What getopt_long found, before the operands are taken. */
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
	 * Takes the mode's own operand from those getopt left; returns how
	 * many it took, or -1 after a message.  NULL: none.
	 */
	int (*take)(struct options *, int, char **, const struct seen *,
	    FILE *);
} rules[] = {
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
	{ GIVEN_COUNT, "-n goes with --free only" }
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

/* Whether val is the short form or code of one of our options. */
static int
is_known(int val)
{
	const struct option *lo;

	for (lo = longopts; lo->name != NULL; lo++) {
		if (lo->val == val)
			return 1;
	}
	return 0;
}

/*
 * Whether the long option lo is one that "--" name[0..len) could mean;
 * of options that mean the same (--color, --colour) only the first.
 */
static int
is_candidate(const struct option *lo, const char *name, size_t len)
{
	const struct option *p;

	if (strncmp(lo->name, name, len) != 0)
		return 0;
	for (p = longopts; p != lo; p++) {
		if (p->val == lo->val && strncmp(p->name, name, len) == 0)
			return 0;
	}
	return 1;
}

/*
 * Says that arg ("--li", "--li=x") could be several options, naming
 * them: "ambiguous option (--list, --listening)".  Returns -1, or 0 if
 * it is not ambiguous.
 */
static int
ambiguous(FILE *err, const char *arg)
{
	const char *name = arg + 2;
	size_t len = strcspn(name, "="), used;
	const struct option *lo;
	int count = 0, n;
	/* Room for every option's name; checked as it is filled. */
	char msg[256];

	for (lo = longopts; lo->name != NULL; lo++)
		count += is_candidate(lo, name, len);
	if (count < 2)
		return 0;
	used = (size_t)snprintf(msg, sizeof(msg), "ambiguous option");
	count = 0;
	for (lo = longopts; lo->name != NULL; lo++) {
		if (!is_candidate(lo, name, len))
			continue;
		n = snprintf(msg + used, sizeof(msg) - used, "%s--%s",
		    count++ > 0 ? ", " : " (", lo->name);
		if (n < 0 || (size_t)n + sizeof(")") > sizeof(msg) - used) {
			/* Too many to name: say only what is wrong. */
			msg[sizeof("ambiguous option") - 1] = '\0';
			break;
		}
		used += (size_t)n;
	}
	if (lo->name == NULL)
		memcpy(msg + used, ")", sizeof(")"));
	return usage_error_len(err, arg, 2 + len, msg);
}

/*
 * Reports what getopt_long found wrong with the option before optind.
 * After a missing argument at the end, musl leaves optind past argc, or
 * has moved argv's closing null pointer before it; the flag then names
 * the option.
 */
static int
bad_option(FILE *err, int c, int argc, char *argv[])
{
	char flag[] = { '-', (char)optopt, '\0' };
	const char *arg = argv[optind <= argc ? optind - 1 : argc - 1];
	int is_long;

	if (arg == NULL)
		arg = flag;
	is_long = strncmp(arg, "--", 2) == 0;

	if (c == ':')
		return usage_error(err, is_long ? arg : flag,
		    "option needs an argument");
	/* A known option is an error only when --name=x had x. */
	if (optopt != 0 && is_known(optopt) && is_long)
		return usage_error(err, arg, "option takes no argument");
	if (optopt == 0 && is_long && ambiguous(err, arg) != 0)
		return -1;
	return usage_error(err, optopt != 0 ? flag : arg, "unknown option");
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
 * Stands in argv for an argument that an option took as its value,
 * which getopt_long would otherwise leave among the operands.
 */
static char taken_arg[] = "";

/*
 * The choice after a bare --color, written as the next argument
 * ("--color never"), which it then takes; NULL if that is no choice.
 * Only "always", "never" and "auto" are taken, none of them a service
 * name, so that "--color 22" stays --color and a query.
 */
static const char *
take_color_word(int argc, char *argv[], char *after)
{
	int i;

	if (after == NULL || lookup(colors, after) < 0)
		return NULL;
	/* Not yet read by getopt_long, which will see a plain operand. */
	for (i = optind; i < argc; i++) {
		if (argv[i] == after) {
			argv[i] = taken_arg;
			return after;
		}
	}
	return NULL;
}

/*
 * The argument that follows the next option getopt_long will read, or
 * NULL.  It is noted before the call and found again by its address,
 * since getopt_long may move arguments: glibc leaves the word at optind,
 * but musl moves the option before the operands it skipped.
 */
static char *
word_after_next_option(int argc, char *argv[])
{
	int i;

	for (i = optind; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return strcmp(argv[i], "--") != 0 && i + 1 < argc ?
			    argv[i + 1] : NULL;
	}
	return NULL;
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
read_options(struct options *o, struct seen *s, int argc, char *argv[],
    FILE *err, enum options_action *action)
{
	int c, rc = 0;
	char *after;

	opterr = 0;
	while (rc == 0) {
		after = word_after_next_option(argc, argv);
		c = getopt_long(argc, argv, shortopts, longopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'p':
			rc = parse_protos(err, optarg, &o->protos);
			break;
		case 's':
			/* Every record contains the empty text. */
			if (optarg[0] == '\0')
				rc = usage_error(err, NULL,
				    "-s needs a text to search for");
			o->search = optarg;
			s->given |= GIVEN_SEARCH;
			break;
		case 'l':
			o->cls = NULL;
			s->list_bare += optarg == NULL;
			s->list_last_bare = optarg == NULL;
			if (optarg != NULL)
				rc = parse_class(err, optarg, &o->cls);
			s->given |= GIVEN_LIST;
			break;
		case 'a':
			o->all = 1;
			break;
		case 'f':
			rc = parse_format(err, optarg, &o->format);
			break;
		case 'H':
			o->header = 0;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case OPT_COLOR:
			rc = parse_color(err, optarg != NULL ? optarg :
			    take_color_word(argc, argv, after), &o->color);
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
			s->free_range = optarg;
			s->free_bare += optarg == NULL;
			s->free_last_bare = optarg == NULL;
			s->given |= GIVEN_FREE;
			break;
		case 'n':
			rc = parse_count(err, optarg, &o->count);
			s->given |= GIVEN_COUNT;
			break;
		case 'x':
			s->given |= GIVEN_EXTRACT;
			break;
		case OPT_SERVICES:
			rc = add_services(err, o, argc, optarg);
			break;
		case OPT_NO_LABELS:
			o->labels.none = 1;
			break;
		case OPT_ETC_SERVICES:
			o->labels.host = 1;
			break;
		case 'h':
			*action = OPTIONS_HELP;
			return 1;
		case 'V':
			*action = OPTIONS_VERSION;
			return 1;
		default:
			rc = bad_option(err, c, argc, argv);
			break;
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

/* Takes out of args[0..*nargs) what options took, keeping the order. */
static void
drop_taken(char *args[], int *nargs)
{
	int i, n = 0;

	for (i = 0; i < *nargs; i++) {
		if (args[i] != taken_arg)
			args[n++] = args[i];
	}
	*nargs = n;
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
}

enum options_action
options_parse(struct options *o, int argc, char *argv[], FILE *err)
{
	enum options_action action = OPTIONS_RUN;
	struct seen s = { 0, 0, 0, NULL, 0, 0 };
	const struct mode_rule *r;
	char **args;
	int nargs, used = 0, rc;

	set_defaults(o);
	if ((rc = read_options(o, &s, argc, argv, err, &action)) != 0)
		return rc > 0 ? action : OPTIONS_USAGE;
	r = chosen(s.given);
	args = argv + optind;
	nargs = argc - optind;
	drop_taken(args, &nargs);
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
