/*
 * portinfo: what port numbers and service names mean, from IANA's
 * registry and the ports software commonly uses.  The options choose a
 * mode, and a table the function that runs it; answers are streamed,
 * one a query: nothing read is kept past the answer it gets.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer.h"
#include "escape.h"
#include "extract.h"
#include "outfield.h"
#include "format.h"
#include "host.h"
#include "inline.h"
#include "input.h"
#include "labels.h"
#include "local.h"
#include "options.h"
#include "portinfo.h"
#include "query.h"

/* Exit statuses, as grep has them. */
#define EXIT_MATCH 0
#define EXIT_NOMATCH 1
#define EXIT_TROUBLE 2

/* "65535/tcp", with its NUL. */
#define LISTEN_QUERY_SIZE 16

struct run {
	const struct options *o;
	struct local_view *view; /* with -L, --listening, --sockets and
				   --free: what this host has */
	unsigned lookup;	/* the protocols asked for, and PI_COMMON
				   unless --iana asks for IANA's alone */
	struct host *host;	/* with -L, --listening or --sockets: what
				   this host has is added to each answer */
	int in_use_status;	/* -L with queries: the exit status says
				   whether a port asked is in use */
	struct input *in;	/* standard input: one reader, however
				   many times "-" is given; NULL until it
				   is first read */
	struct pi_labels *labels; /* shown after the registry's */
	int status;
	struct fmt f;		/* last: set up by fmt_init alone */
};

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
	/* musl's fflush forgets why an earlier write failed; errno has it. */
	if (!ferror(stdout))
		errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout))
		write_failed(errno != 0 ? errno : EIO);
}

static void
run_version(struct run *r)
{
	const char *date = pi_registry_date();

	(void)r;
	printf("portinfo %s (IANA registry %s%s, %zu records)\n", PI_VERSION,
	    date[0] != '\0' ? "" : "of unknown date", date, pi_record_count());
}

static void
run_help(struct run *r)
{
	(void)r;
	options_help(stdout);
}

/*
 * --complete: the names a query may be, from the registry and the label
 * files (whose complaints the shell that asks throws away), or the
 * words of the command line.
 */
static void
run_complete(struct run *r)
{
	if (strcmp(r->o->complete, COMPLETE_NAMES) != 0)
		options_complete(r->o, stdout);
	else {
		if (pi_labels_open(&r->labels, &r->o->labels, stderr) == -1)
			r->status = EXIT_TROUBLE;
		query_names(r->labels, stdout);
	}
}

/* A record of output, from the host stage: printed where it was found. */
static void
emit_record(void *ctx, struct record *rec)
{
	struct run *r = ctx;

	rec->source = r->f.source;
	if (r->f.err == 0)
		fmt_record(&r->f, rec);
}

/* print_answer when the host is asked: kept out of the bulk path. */
static NEVER_INLINE enum answer_result
print_host(struct run *r, struct answer *a)
{
	struct host_block b;

	if (r->f.kind == FMT_HUMAN) {
		fmt_answer(&r->f, a);
		host_blocks(r->host, a);
		while (r->f.err == 0 && host_block_next(r->host, a, &b))
			fmt_host(&r->f, &b);
	} else if (host_records(r->host, a, emit_record, r) == -1) {
		fprintf(stderr, "portinfo: %s\n", strerror(errno));
		exit(EXIT_TROUBLE);
	}
	return answer_result(a);
}

/*
 * The pipeline of one answer: the registry's records, what this host
 * has on their ports when asked, where in the input of -x the query was
 * found (src; NULL otherwise), and the output.
 */
static enum answer_result
print_answer(struct run *r, struct answer *a, const struct record_source *src)
{
	r->f.source = src;
	if (r->host == NULL || r->f.kind == FMT_QUIET)
		return fmt_answer(&r->f, a);
	return print_host(r, a);
}

/* Prints an answer and folds how it went into the exit status. */
static ALWAYS_INLINE void
answer(struct run *r, struct answer *a, const struct record_source *src)
{
	static const int exits[] = {
		[RESULT_MATCH] = EXIT_MATCH,
		[RESULT_NONE] = EXIT_NOMATCH,
		[RESULT_INVALID] = EXIT_TROUBLE
	};
	int status = exits[print_answer(r, a, src)];

	if (r->f.err != 0)
		write_failed(r->f.err);
	if (r->in_use_status && status != EXIT_TROUBLE)
		status = host_in_use(r->host, a) ? EXIT_MATCH : EXIT_NOMATCH;
	if (status > r->status)
		r->status = status;
	if (a->kind == ANSWER_INVALID)
		esc_error(stderr, a->text, a->textlen, ESC_QUOTE_MAX, a->error);
}

/* One query of text[0..len); cut: it was longer than could be kept. */
static ALWAYS_INLINE void
run_query(struct run *r, const char *text, size_t len, int cut)
{
	struct query q;
	struct answer a;

	if (cut)
		query_too_long(&q);
	else
		query_parse(text, len, &q);
	answer_query(&a, text, len, &q, r->lookup, r->o->all);
	if (r->labels != NULL)
		answer_labels(&a, r->labels);
	answer(r, &a, NULL);
}

static void
run_stdin(struct run *r)
{
	/* Static, and set up only here: a query given as an argument
	   touches none of its 64 KiB. */
	static struct input stdin_input;
	struct input *in = r->in;
	int rc, err;

	if (in == NULL) {
		in = r->in = &stdin_input;
		input_init(in, STDIN_FILENO);
	}
	while ((rc = input_next(in)) == 1)
		run_query(r, in->text, in->len, in->full > in->len);
	if (rc < 0) {
		err = errno;
		fprintf(stderr, "portinfo: read error: %s\n", strerror(err));
		r->status = EXIT_TROUBLE;
	}
}

/*
 * The queries of the arguments, split at commas as standard input is
 * ("22,80"); an argument that holds none ("", ",") is one, and invalid.
 * "-", or no argument, reads standard input.
 */
static void
run_args(struct run *r)
{
	const char *arg, *q;
	size_t len, pos, n;
	int i;

	if (r->o->nargs == 0)
		run_stdin(r);
	for (i = 0; i < r->o->nargs; i++) {
		arg = r->o->args[i];
		len = strlen(arg);
		pos = 0;
		if (strcmp(arg, "-") == 0)
			run_stdin(r);
		else if (!input_split(arg, len, &pos, &q, &n))
			run_query(r, arg, len, 0);
		else {
			do
				run_query(r, q, n, 0);
			while (input_split(arg, len, &pos, &q, &n));
		}
	}
}

/* -l and -s: one answer, of a class of ports or of a search. */
static void
run_table(struct run *r)
{
	struct answer a;

	if (r->o->mode == MODE_LIST)
		answer_list(&a, r->o->cls, r->lookup, r->o->all);
	else
		answer_search(&a, r->o->search, strlen(r->o->search),
		    r->lookup, r->o->all);
	answer_labels(&a, r->labels);
	answer(r, &a, NULL);
}

/*
 * -x: each endpoint found in standard input is a query, answered as any
 * query is, with where it was found, but for a range, which is answered
 * as a whole (answer_whole): a firewall's 1024:65535 is one endpoint,
 * not the thousands of services within it.  Input with no endpoint at
 * all matched nothing.
 */
static void
run_extract(struct run *r)
{
	struct extract x;
	struct extract_hit hit;
	struct record_source src;
	struct answer a;
	int rc, err, found = 0;

	extract_init(&x, stdin);
	while ((rc = extract_next(&x, &hit)) == 1) {
		src.line = hit.lineno;
		src.side = extract_side_name(hit.side);
		answer_query(&a, hit.text, hit.len, &hit.query, r->lookup,
		    r->o->all);
		answer_whole(&a);
		answer_labels(&a, r->labels);
		answer(r, &a, &src);
		found = 1;
	}
	if (rc < 0) {
		err = errno;
		fprintf(stderr, "portinfo: read error: %s\n", strerror(err));
		r->status = EXIT_TROUBLE;
	} else if (!found && r->status < EXIT_NOMATCH)
		r->status = EXIT_NOMATCH;
}

/*
 * "portinfo: DIR/FILE: reason", or DIR alone if file is NULL: the path
 * escaped as a message shows one (escape.h).
 */
static void
path_error(const char *dir, const char *file, const char *reason)
{
	size_t n = strlen(dir), m = file != NULL ? strlen(file) : 0;
	char *path = file != NULL ? malloc(n + m + 1) : NULL;

	if (path == NULL) {
		esc_error(stderr, dir, n, ESC_WHOLE, reason);
		return;
	}
	memcpy(path, dir, n);
	path[n] = '/';
	memcpy(path + n + 1, file, m);
	esc_error(stderr, path, n + m + 1, ESC_WHOLE, reason);
	free(path);
}

/* Looking in dir for the owners of sockets failed with err. */
static void
owners_error(const char *dir, int err)
{
	fputs("portinfo: looking in ", stderr);
	esc_fput(stderr, dir, strlen(dir), ESC_WHOLE, ESC_QUOTE_NEEDED);
	fprintf(stderr, " for the processes that hold sockets: %s\n",
	    strerror(err));
}

/* Reads what this host has for -L, --listening and --free, or exits. */
static void
open_view(struct local_view *v, const struct options *o)
{
	const char *opt = o->mode == MODE_FREE ? "--free" :
	    o->mode == MODE_LISTENING ? "--listening" :
	    o->mode == MODE_SOCKETS ? "--sockets" : "--local";
	unsigned protos = o->protos & o->free_protos & LOCAL_PROTOS;
	unsigned what = o->mode == MODE_FREE ? LOCAL_SETTINGS :
	    o->mode == MODE_LISTENING ? LOCAL_LISTENING : LOCAL_SOCKETS;
	int err;

	/*
	 * Owners are looked for only where they will be printed: the
	 * lowest pid of each socket in human output, every pid in the
	 * machine formats.
	 */
	if (o->mode != MODE_FREE && !o->quiet)
		what |= o->format == FMT_HUMAN ? LOCAL_OWNER : LOCAL_OWNERS;
	if (local_view_open(v, protos, what) == 0)
		return;
	err = errno;
	if (err == ENOTSUP)
		fprintf(stderr, "portinfo: %s needs Linux's /proc/net, "
		    "which this system does not have\n", opt);
	else
		path_error(v->host.root, v->host.what, strerror(err));
	exit(EXIT_TROUBLE);
}

/*
 * --listening and --sockets: a query "PORT/PROTO" for each port and
 * protocol that a socket of the view holds, in port order, answered as
 * any query is.
 */
static void
run_listening(struct run *r)
{
	const struct local_view *v = r->view;
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
	/* Human output would be empty, which looks like a failure. */
	if (prev == NULL && r->o->format == FMT_HUMAN && !r->o->quiet)
		fputs(r->o->mode == MODE_SOCKETS ?
		    "portinfo: no socket is bound\n" :
		    "portinfo: nothing is listening\n", stderr);
}

/*
 * Why --free found fewer than want ports: "no free port in 40000-40100:
 * 2 assigned, 99 ephemeral (32768-60999)", "only 2 free ports in
 * 8000-8010, 1 missing: 6 assigned, 3 in use here": the counts of the
 * ports ruled out that are not 0, in the order of enum local_why.
 */
static void
too_few(const struct local_free *lf, unsigned long want)
{
	unsigned long found = lf->why[LOCAL_FREE];
	const char *sep = ": ";
	int w;

	if (found == 0)
		fprintf(stderr, "portinfo: no free port in %u", lf->lo);
	else
		fprintf(stderr, "portinfo: only %lu free port%s in %u", found,
		    found == 1 ? "" : "s", lf->lo);
	if (lf->hi != lf->lo)
		fprintf(stderr, "-%u", lf->hi);
	if (found != 0)
		fprintf(stderr, ", %lu missing", want - found);
	for (w = LOCAL_FREE + 1; w < LOCAL_WHYS; w++) {
		if (lf->why[w] == 0)
			continue;
		fprintf(stderr, "%s%lu %s", sep, lf->why[w],
		    local_why_text((enum local_why)w));
		if (w == LOCAL_EPHEMERAL)
			fprintf(stderr, " (%u-%u)", lf->h->eph_lo,
			    lf->h->eph_hi);
		sep = ", ";
	}
	fputc('\n', stderr);
}

/*
 * --free: only the numbers, one a line, so that PORT=$(portinfo --free)
 * works; none if a label file named could not be read.  Each port is
 * printed as it is found; lf has the range, the protocols and, at the
 * end, what was ruled out and why.
 */
static void
run_free(struct run *r)
{
	const struct options *o = r->o;
	/* The protocols of -p and of the range, and the common uses. */
	unsigned protos = r->lookup & (o->free_protos | PI_COMMON);
	unsigned long want = o->count != 0 ? o->count : 1;
	struct local_free lf;
	unsigned port = 0;
	int rc = 0, err;

	if (r->status != EXIT_MATCH)
		return;
	local_free_init(&lf, &r->view->host, &r->view->socks, o->free_lo,
	    o->free_hi, protos, r->labels);
	while (lf.why[LOCAL_FREE] < want &&
	    (rc = local_free_next(&lf, &port)) == 1)
		if (!o->quiet)
			printf("%u\n", port);
	err = errno;
	flush_output();
	if (rc == -1) {
		fprintf(stderr, "portinfo: port %u: cannot bind: %s\n", port,
		    strerror(err));
		r->status = EXIT_TROUBLE;
	} else if (lf.why[LOCAL_FREE] < want) {
		too_few(&lf, want);
		r->status = EXIT_NOMATCH;
	}
}

/* What runs each mode, and whether it answers queries, to the formatter. */
static const struct {
	void (*run)(struct run *);
	int answers;
} modes[MODES] = {
	[MODE_QUERY] = { run_args, 1 },
	[MODE_SEARCH] = { run_table, 1 },
	[MODE_LIST] = { run_table, 1 },
	[MODE_EXTRACT] = { run_extract, 1 },
	[MODE_LISTENING] = { run_listening, 1 },
	[MODE_SOCKETS] = { run_listening, 1 },
	[MODE_FREE] = { run_free, 0 },
	[MODE_HELP] = { run_help, 0 },
	[MODE_VERSION] = { run_version, 0 },
	[MODE_COMPLETE] = { run_complete, 0 }
};

/* Sets up the formatter, and what this host has when it is asked. */
static void
begin_answers(struct run *r, struct host *host, int tty)
{
	const struct options *o = r->o;

	/* The formatter has a buffer of its own (out.h). */
	setvbuf(stdout, NULL, _IONBF, 0);
	fmt_init(&r->f, stdout, o->quiet ? FMT_QUIET : o->format, o->header,
	    options_color(o, tty));
	if (o->local) {
		if (host_open(host, r->view) == -1) {
			fprintf(stderr, "portinfo: %s\n", strerror(errno));
			exit(EXIT_TROUBLE);
		}
		r->host = host;
		r->f.fields |= FG_LOCAL;
	}
	r->in_use_status = o->local && o->mode == MODE_QUERY;
	if (o->mode == MODE_EXTRACT)
		r->f.fields |= FG_EXTRACT;
	r->f.hold = !tty;
	fmt_begin(&r->f);
}

static void
end_answers(struct run *r)
{
	fmt_flush(&r->f);
	if (r->f.err != 0)
		write_failed(r->f.err);
	if (r->host != NULL)
		host_close(r->host);
}

int
main(int argc, char *argv[])
{
	/* Static, so that a run that does not use it touches none of its
	   pages: the local view, with its map of the 65536 ports, is read
	   only with -L, --listening, --sockets and --free. */
	static struct local_view view;
	struct options o;
	struct host host;
	struct run r;
	int tty = isatty(STDOUT_FILENO);

	if (options_parse(&o, argc, argv, stderr) != 0) {
		options_free(&o);
		return EXIT_TROUBLE;
	}
	/* All but the formatter: clearing its buffer costs pages. */
	memset(&r, 0, offsetof(struct run, f));
	r.o = &o;
	r.lookup = o.protos | (o.iana ? 0 : PI_COMMON);
	r.status = EXIT_MATCH;
	if (o.local || o.mode == MODE_FREE)
		open_view(r.view = &view, &o);
	/*
	 * A label file named explicitly that cannot be read is trouble, but
	 * the others are read and every query is answered all the same.
	 */
	if ((modes[o.mode].answers || o.mode == MODE_FREE) &&
	    pi_labels_open(&r.labels, &o.labels, stderr) == -1)
		r.status = EXIT_TROUBLE;
	if (modes[o.mode].answers)
		begin_answers(&r, &host, tty);
	modes[o.mode].run(&r);
	if (modes[o.mode].answers)
		end_answers(&r);
	flush_output();
	if (o.local && local_view_error(&view) != 0) {
		owners_error(view.host.root, local_view_error(&view));
		r.status = EXIT_TROUBLE;
	}
	if (r.view != NULL)
		local_view_close(r.view);
	pi_labels_free(r.labels);
	options_free(&o);
	return r.status;
}
