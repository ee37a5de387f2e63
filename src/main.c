/*
 * portinfo: what port numbers and service names mean, from IANA's
 * registry.  Options, then one answer per query, streamed: nothing
 * read is kept past the answer it gets.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer.h"
#include "format.h"
#include "input.h"
#include "local.h"
#include "portinfo.h"
#include "query.h"

/* Exit statuses, as grep has them. */
#define EXIT_MATCH 0
#define EXIT_NOMATCH 1
#define EXIT_TROUBLE 2

/* Output to a pipe or a file goes out in blocks of this size. */
#define OUT_BUFSIZE (64 * 1024)

/* What query_parse says of a query over QUERY_MAX bytes, for one cut short. */
#define STR(x) #x
#define XSTR(x) STR(x)
#define TOO_LONG "query longer than " XSTR(QUERY_MAX) " bytes"

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Long options without a short form. */
enum { OPT_COLOR = 256, OPT_LISTENING, OPT_FREE };

/* --free prints at most this many ports: there are no more. */
#define COUNT_MAX (PI_PORT_MAX + 1)

/* "65535/tcp" and "65535-65535", with their NUL. */
#define LISTEN_QUERY_SIZE 16
#define RANGE_TEXT_SIZE 16

struct opts {
	unsigned protos;
	const char *search;	/* -s TEXT, or NULL */
	int list;
	const struct pi_class_info *cls; /* -l CLASS; NULL: everything */
	int all;
	enum fmt_kind format;
	int header;
	int quiet;
	enum color_when color;
	int local;		/* -L, or implied by --listening */
	int listening;
	int free;
	const char *free_range;	/* --free=RANGE, or NULL */
	unsigned free_lo, free_hi; /* the range, once known */
	unsigned free_protos;	/* from RANGE's /proto; PI_PROTO_ANY if none */
	unsigned long count;	/* -n; 0 if not given */
};

struct run {
	const struct opts *o;
	struct fmt f;
	int status;
};

static const char shortopts[] = ":p:s:l::af:HqLn:hV";

static const struct option longopts[] = {
	{ "protocol", required_argument, NULL, 'p' },
	{ "search", required_argument, NULL, 's' },
	{ "list", optional_argument, NULL, 'l' },
	{ "all", no_argument, NULL, 'a' },
	{ "format", required_argument, NULL, 'f' },
	{ "no-header", no_argument, NULL, 'H' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "local", no_argument, NULL, 'L' },
	{ "listening", no_argument, NULL, OPT_LISTENING },
	{ "free", optional_argument, NULL, OPT_FREE },
	{ "count", required_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static const char *const color_names[] = {
	[COLOR_AUTO] = "auto", [COLOR_ALWAYS] = "always",
	[COLOR_NEVER] = "never"
};

static const char usage_text[] =
"usage: portinfo [-aHLq] [-f format] [-p protocols] [--color[=when]] "
    "query ...\n"
"       portinfo [-aHLq] [-f format] [-p protocols] -s text\n"
"       portinfo [-aHLq] [-f format] [-p protocols] -l [class]\n"
"       portinfo [-aHq] [-f format] [-p protocols] --listening\n"
"       portinfo [-q] [-p protocols] [-n count] --free [range]\n"
"       portinfo -h | -V\n";

static const char help_text[] =
"What port numbers and service names mean, from IANA's registry.\n"
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
"  -f, --format FORMAT   human (default), tsv, csv or json (JSON Lines)\n"
"  -H, --no-header       leave out the tsv and csv header line\n"
"  -q, --quiet           print nothing; the exit status answers\n"
"      --color[=WHEN]    colour human output: auto, always or never\n"
"  -L, --local           also tell what this host has on each port\n"
"      --listening       every port this host listens on or has bound\n"
"      --free [RANGE]    ports free here: unassigned, not ephemeral or\n"
"                        reserved (default: from the registered ports)\n"
"  -n, --count COUNT     how many ports --free prints (default 1)\n"
"  -h, --help            print this help\n"
"  -V, --version         print the version and the registry's date\n"
"\n"
"Exit status: 0 every query matched an assigned service, 1 some matched\n"
"nothing assigned, 2 usage error, invalid query, or read or write error.\n"
"See portinfo(1) for more.\n";

/* Ends the program after a failed write to standard output. */
static void
write_failed(int err)
{
	/* A reader that went away wants no more output and no message. */
	if (err != EPIPE)
		fprintf(stderr, "portinfo: write error: %s\n", strerror(err));
	exit(EXIT_TROUBLE);
}

/* Flushes standard output and reports whether everything got out. */
static void
flush_output(void)
{
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout))
		write_failed(errno != 0 ? errno : EIO);
}

static void
usage_error(const char *subject, const char *message)
{
	if (subject != NULL)
		fmt_error(stderr, subject, strlen(subject), message);
	else
		fprintf(stderr, "portinfo: %s\n", message);
	fputs(usage_text, stderr);
	exit(EXIT_TROUBLE);
}

static void
print_and_exit(const char *text)
{
	fputs(text, stdout);
	flush_output();
	exit(EXIT_MATCH);
}

static void
version(void)
{
	const char *date = pi_registry_date();

	printf("portinfo %s (IANA registry%s%s, %zu records)\n", PI_VERSION,
	    date[0] != '\0' ? " " : "", date, pi_record_count());
	flush_output();
	exit(EXIT_MATCH);
}

static void
help(void)
{
	fputs(usage_text, stdout);
	print_and_exit(help_text);
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

/* Reports what getopt_long found wrong with the option before optind. */
static void
bad_option(int c, char *argv[])
{
	char flag[] = { '-', (char)optopt, '\0' };
	const char *arg = argv[optind - 1];
	int is_long = strncmp(arg, "--", 2) == 0;

	if (c == ':')
		usage_error(is_long ? arg : flag, "option needs an argument");
	/* A known option is an error only when --name=x had x. */
	if (optopt != 0 && is_known(optopt) && is_long)
		usage_error(arg, "option takes no argument");
	usage_error(optopt != 0 ? flag : arg, "unknown option");
}

/* A comma-separated list of protocol names as a set of PI_* bits. */
static unsigned
parse_protos(const char *list)
{
	const char *s = list, *comma;
	unsigned set = 0, bit;
	size_t len;

	for (;;) {
		comma = strchr(s, ',');
		len = comma != NULL ? (size_t)(comma - s) : strlen(s);
		if ((bit = pi_proto_parse(s, len)) == 0)
			usage_error(list,
			    "unknown protocol (tcp, udp, sctp, dccp)");
		set |= bit;
		if (comma == NULL)
			return set;
		s = comma + 1;
	}
}

static enum fmt_kind
parse_format(const char *name)
{
	int kind = fmt_by_name(name);

	if (kind < 0)
		usage_error(name, "unknown format (human, tsv, csv, json)");
	return (enum fmt_kind)kind;
}

static enum color_when
parse_color(const char *when)
{
	size_t i;

	if (when == NULL)
		return COLOR_ALWAYS;
	for (i = 0; i < sizeof(color_names) / sizeof(color_names[0]); i++) {
		if (strcmp(when, color_names[i]) == 0)
			return (enum color_when)i;
	}
	usage_error(when, "unknown colour choice (auto, always, never)");
	return COLOR_AUTO;
}

static const struct pi_class_info *
parse_class(const char *name)
{
	const struct pi_class_info *cls = pi_class_by_name(name, strlen(name));

	if (cls == NULL)
		usage_error(name,
		    "unknown class (well-known, registered, dynamic)");
	return cls;
}

/*
 * -l takes its class attached (-lCLASS, --list=CLASS) or as the next
 * argument, but only if that is a class name: "-l 22" is -l and a query.
 */
static void
take_list(struct opts *o, int argc, char *argv[])
{
	const char *arg = optarg;

	if (arg == NULL && optind < argc &&
	    pi_class_by_name(argv[optind], strlen(argv[optind])) != NULL)
		arg = argv[optind++];
	o->list = 1;
	o->cls = arg != NULL ? parse_class(arg) : NULL;
}

/* RANGE of --free: a port, a range or a class, maybe with /protocol. */
static void
parse_free_range(struct opts *o, const char *arg)
{
	const struct pi_class_info *cls;
	struct query q;

	o->free_protos = PI_PROTO_ANY;
	if ((cls = pi_class_by_name(arg, strlen(arg))) != NULL) {
		o->free_lo = cls->lo;
		o->free_hi = cls->hi;
		return;
	}
	query_parse(arg, strlen(arg), &q);
	if (q.kind != QUERY_PORT)
		usage_error(arg, q.kind == QUERY_INVALID ? q.error :
		    "not a port range (such as 8000-9000)");
	o->free_lo = q.lo;
	o->free_hi = q.hi;
	o->free_protos = q.protos;
}

/*
 * --free takes its range attached (--free=RANGE) or as the first
 * argument that is not an option; it takes no query, so there is no
 * doubt.  Returns how many arguments it took.
 */
static int
take_free_range(struct opts *o, int nargs, char *args[])
{
	if (o->free_range != NULL)
		parse_free_range(o, o->free_range);
	else if (nargs > 0) {
		parse_free_range(o, args[0]);
		return 1;
	} else
		parse_free_range(o, "registered");
	return 0;
}

static unsigned long
parse_count(const char *s)
{
	unsigned long n = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && n <= COUNT_MAX; p++)
		n = n * 10 + (unsigned long)(*p - '0');
	if (p == s || *p != '\0' || n == 0 || n > COUNT_MAX)
		usage_error(s, "not a count (1-65536)");
	return n;
}

/* Options in any order; a repeated one overrides what came before. */
static void
parse_options(struct opts *o, int argc, char *argv[])
{
	int c;

	memset(o, 0, sizeof(*o));
	o->protos = PI_PROTO_ANY;
	o->free_protos = PI_PROTO_ANY;
	o->format = FMT_HUMAN;
	o->header = 1;
	o->color = COLOR_AUTO;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->protos = parse_protos(optarg);
			break;
		case 's':
			/* Every record contains the empty text. */
			if (optarg[0] == '\0')
				usage_error(NULL, "-s needs a text to search for");
			o->search = optarg;
			break;
		case 'l':
			take_list(o, argc, argv);
			break;
		case 'a':
			o->all = 1;
			break;
		case 'f':
			o->format = parse_format(optarg);
			break;
		case 'H':
			o->header = 0;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case OPT_COLOR:
			o->color = parse_color(optarg);
			break;
		case 'L':
			o->local = 1;
			break;
		case OPT_LISTENING:
			o->listening = 1;
			break;
		case OPT_FREE:
			o->free = 1;
			o->free_range = optarg;
			break;
		case 'n':
			o->count = parse_count(optarg);
			break;
		case 'h':
			help();
			break;
		case 'V':
			version();
			break;
		default:
			bad_option(c, argv);
			break;
		}
	}
}

/* Rejects what cannot be done together, once every option is known. */
static void
check_local_usage(const struct opts *o, int nargs, char *args[])
{
	if (o->count != 0 && !o->free)
		usage_error(NULL, "-n goes with --free only");
	if (o->free && (o->local || o->listening || o->list ||
	    o->search != NULL))
		usage_error(NULL,
		    "--free cannot be used with -L, --listening, -l or -s");
	if (o->listening && (o->list || o->search != NULL))
		usage_error(NULL, "--listening cannot be used with -l or -s");
	if ((o->free || o->listening) && nargs > 0)
		usage_error(args[0], o->free ?
		    "a query cannot be given with --free" :
		    "a query cannot be given with --listening");
	if (o->free && (o->protos & o->free_protos & LOCAL_PROTOS) == 0)
		usage_error(NULL, "--free finds tcp and udp ports only");
	if (o->listening && (o->protos & LOCAL_PROTOS) == 0)
		usage_error(NULL, "--listening shows tcp and udp ports only");
}

static void
check_usage(const struct opts *o, int nargs, char *args[])
{
	check_local_usage(o, nargs, args);
	if (o->list && o->search != NULL)
		usage_error(NULL, "-l and -s cannot be used together");
	if ((o->list || o->search != NULL) && nargs > 0)
		usage_error(args[0], o->list ?
		    "a query cannot be given with -l" :
		    "a query cannot be given with -s");
	if (!o->list && o->search == NULL && !o->listening && !o->free &&
	    nargs == 0 && isatty(STDIN_FILENO))
		usage_error(NULL, "no query given");
}

/* tty: standard output is a terminal. */
static int
use_color(enum color_when when, int tty)
{
	const char *no_color, *term;

	if (when != COLOR_AUTO)
		return when == COLOR_ALWAYS;
	no_color = getenv("NO_COLOR");
	term = getenv("TERM");
	return tty &&
	    (no_color == NULL || no_color[0] == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0);
}

/* Prints an answer and folds how it went into the exit status. */
static void
answer(struct run *r, struct answer *a)
{
	static const int exits[] = {
		[RESULT_MATCH] = EXIT_MATCH,
		[RESULT_NONE] = EXIT_NOMATCH,
		[RESULT_INVALID] = EXIT_TROUBLE
	};
	int status = exits[fmt_answer(&r->f, a)];

	if (r->f.err != 0)
		write_failed(r->f.err);
	if (status > r->status)
		r->status = status;
	if (a->kind == ANSWER_INVALID)
		fmt_error(stderr, a->text, a->textlen, a->error);
}

/* One query of text[0..len); cut: it was longer than could be kept. */
static void
run_query(struct run *r, const char *text, size_t len, int cut)
{
	struct query q;
	struct answer a;

	if (cut) {
		memset(&q, 0, sizeof(q));
		q.kind = QUERY_INVALID;
		q.error = TOO_LONG;
	} else
		query_parse(text, len, &q);
	answer_query(&a, text, len, &q, r->o->protos, r->o->all);
	answer(r, &a);
}

static void
run_stdin(struct run *r)
{
	struct input in;
	int rc, err;

	input_init(&in, stdin);
	while ((rc = input_next(&in)) == 1)
		run_query(r, in.buf, in.len, in.full > in.len);
	if (rc < 0) {
		err = errno;
		fprintf(stderr, "portinfo: read error: %s\n", strerror(err));
		r->status = EXIT_TROUBLE;
	}
}

static void
run_args(struct run *r, int nargs, char *args[])
{
	int i;

	if (nargs == 0)
		run_stdin(r);
	for (i = 0; i < nargs; i++) {
		if (strcmp(args[i], "-") == 0)
			run_stdin(r);
		else
			run_query(r, args[i], strlen(args[i]), 0);
	}
}

/* Reads what this host has for -L, --listening and --free, or exits. */
static void
open_view(struct local_view *v, const struct opts *o)
{
	const char *opt = o->free ? "--free" :
	    o->listening ? "--listening" : "--local";
	unsigned protos = o->protos & o->free_protos & LOCAL_PROTOS;
	unsigned what = o->free ? LOCAL_SETTINGS :
	    o->listening ? LOCAL_LISTENING : LOCAL_SOCKETS;
	int err;

	/* Owners are looked for only where they will be printed. */
	if (!o->free && !o->quiet)
		what |= LOCAL_OWNER;
	if (local_view_open(v, protos, what) == 0)
		return;
	err = errno;
	if (err == ENOTSUP)
		fprintf(stderr, "portinfo: %s needs Linux's /proc/net, "
		    "which this system does not have\n", opt);
	else
		fprintf(stderr, "portinfo: %s%s%s: %s\n", v->host.root,
		    v->host.what != NULL ? "/" : "",
		    v->host.what != NULL ? v->host.what : "", strerror(err));
	exit(EXIT_TROUBLE);
}

/*
 * --listening: a query "PORT/PROTO" for each port and protocol that a
 * socket holds, in port order, answered as any query is.
 */
static void
run_listening(struct run *r, const struct local_view *v)
{
	const struct local_sock *s, *prev = NULL;
	char text[LISTEN_QUERY_SIZE];
	size_t i;
	int n;

	for (i = 0; i < v->socks.n; i++) {
		s = &v->socks.v[i];
		if (!(s->proto & r->o->protos) || (prev != NULL &&
		    prev->port == s->port && prev->proto == s->proto))
			continue;
		prev = s;
		n = snprintf(text, sizeof(text), "%u/%s", s->port,
		    pi_proto_name(s->proto));
		if (n > 0 && (size_t)n < sizeof(text))
			run_query(r, text, (size_t)n, 0);
	}
	/* What is listed was found; the exit status says whether any was. */
	r->status = prev != NULL ? EXIT_MATCH : EXIT_NOMATCH;
}

/*
 * "no free port in 8000-9000", "only 2 free ports in 8000-9000", or for
 * one port why it is not free: "no free port in 22: in IANA's registry".
 */
static void
too_few(const struct opts *o, unsigned long found, enum local_why why)
{
	char range[RANGE_TEXT_SIZE];

	if (o->free_lo == o->free_hi)
		snprintf(range, sizeof(range), "%u", o->free_lo);
	else
		snprintf(range, sizeof(range), "%u-%u", o->free_lo, o->free_hi);
	if (found == 0 && why != LOCAL_FREE)
		fprintf(stderr, "portinfo: no free port in %s: %s\n", range,
		    local_why_text(why));
	else if (found == 0)
		fprintf(stderr, "portinfo: no free port in %s\n", range);
	else
		fprintf(stderr, "portinfo: only %lu free port%s in %s\n",
		    found, found == 1 ? "" : "s", range);
}

/*
 * --free: only the numbers, one a line, so that PORT=$(portinfo --free)
 * works.
 */
static int
run_free(const struct opts *o, const struct local_view *v)
{
	unsigned long want = o->count != 0 ? o->count : 1, found = 0;
	struct local_free lf;
	enum local_why why;
	unsigned port = 0;
	int rc = 0, err;

	local_free_init(&lf, &v->host, &v->socks, o->free_lo, o->free_hi,
	    o->protos & o->free_protos);
	while (found < want && (rc = local_free_next(&lf, &port)) == 1) {
		if (!o->quiet)
			printf("%u\n", port);
		found++;
	}
	err = errno;
	flush_output();
	if (rc == -1) {
		fprintf(stderr, "portinfo: port %u: cannot bind: %s\n", port,
		    strerror(err));
		return EXIT_TROUBLE;
	}
	if (found < want) {
		if (o->free_lo != o->free_hi || found != 0 ||
		    local_free_why(&v->host, o->free_lo,
		    o->protos & o->free_protos & LOCAL_PROTOS, &why) == -1)
			why = LOCAL_FREE;
		too_few(o, found, why);
		return EXIT_NOMATCH;
	}
	return EXIT_MATCH;
}

int
main(int argc, char *argv[])
{
	static char outbuf[OUT_BUFSIZE];
	struct local_view view;
	struct opts o;
	struct run r;
	struct answer a;
	int tty;

	parse_options(&o, argc, argv);
	if (o.free)
		optind += take_free_range(&o, argc - optind, argv + optind);
	check_usage(&o, argc - optind, argv + optind);
	tty = isatty(STDOUT_FILENO);
	/* Static, so that no allocation is set up for it. */
	if (!tty)
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	if (o.local || o.listening || o.free)
		open_view(&view, &o);
	if (o.free) {
		r.status = run_free(&o, &view);
		local_view_close(&view);
		return r.status;
	}
	r.o = &o;
	r.status = EXIT_MATCH;
	fmt_init(&r.f, stdout, o.quiet ? FMT_QUIET : o.format, o.header,
	    use_color(o.color, tty));
	r.f.local = o.local || o.listening ? &view : NULL;
	r.f.hold = !tty;
	fmt_begin(&r.f);
	if (o.list) {
		answer_list(&a, o.cls, o.protos, o.all);
		answer(&r, &a);
	} else if (o.search != NULL) {
		answer_search(&a, o.search, strlen(o.search), o.protos, o.all);
		answer(&r, &a);
	} else if (o.listening)
		run_listening(&r, &view);
	else
		run_args(&r, argc - optind, argv + optind);
	fmt_flush(&r.f);
	if (r.f.err != 0)
		write_failed(r.f.err);
	flush_output();
	if (r.f.local != NULL && local_view_error(&view) != 0) {
		fprintf(stderr, "portinfo: looking in %s for the processes that "
		    "hold sockets: %s\n", view.host.root,
		    strerror(local_view_error(&view)));
		r.status = EXIT_TROUBLE;
	}
	if (r.f.local != NULL)
		local_view_close(&view);
	return r.status;
}
