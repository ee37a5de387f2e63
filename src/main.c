/*
 * portinfo: what port numbers and service names mean, from IANA's
 * registry and the ports software commonly uses.  Options, then one answer per query, streamed: nothing
 * read is kept past the answer it gets.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer.h"
#include "extract.h"
#include "field.h"
#include "format.h"
#include "host.h"
#include "input.h"
#include "labels.h"
#include "local.h"
#include "options.h"
#include "portinfo.h"
#include "query.h"
#include "wait.h"

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

/* "65535/tcp" and "65535-65535", with their NUL. */
#define LISTEN_QUERY_SIZE 16
#define RANGE_TEXT_SIZE 16

struct run {
	const struct options *o;
	unsigned lookup;	/* the protocols asked for, and PI_COMMON
				   unless --iana asks for IANA's alone */
	struct fmt f;
	struct host *host;	/* with -L, --listening or --sockets: what
				   this host has is added to each answer */
	int in_use_status;	/* -L with queries: the exit status says
				   whether a port asked is in use */
	struct input *in;	/* standard input: one reader, however
				   many times "-" is given; NULL until it
				   is first read */
	struct pi_labels *labels; /* shown after the registry's */
	int status;
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
version(void)
{
	const char *date = pi_registry_date();

	errno = 0;
	printf("portinfo %s (IANA registry %s%s, %zu records)\n", PI_VERSION,
	    date[0] != '\0' ? "" : "of unknown date", date, pi_record_count());
	flush_output();
	exit(EXIT_MATCH);
}

static void
help(void)
{
	errno = 0;
	options_help(stdout);
	flush_output();
	exit(EXIT_MATCH);
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

/*
 * The pipeline of one answer: the registry's records, what this host
 * has on their ports when asked, where in the input of -x the query was
 * found (src; NULL otherwise), and the output.
 */
static enum answer_result
print_answer(struct run *r, struct answer *a, const struct record_source *src)
{
	struct host_block b;
	struct record rec;

	r->f.source = src;
	if (r->host == NULL && src == NULL)
		return fmt_answer(&r->f, a);
	if (r->f.kind == FMT_QUIET)
		return fmt_answer(&r->f, a);
	if (r->f.kind == FMT_HUMAN) {
		fmt_answer(&r->f, a);
		if (r->host != NULL)
			host_blocks(r->host, a);
		while (r->host != NULL && r->f.err == 0 &&
		    host_block_next(r->host, a, &b))
			fmt_host(&r->f, &b);
	} else if (r->host != NULL) {
		if (host_records(r->host, a, emit_record, r) == -1) {
			fprintf(stderr, "portinfo: %s\n", strerror(errno));
			exit(EXIT_TROUBLE);
		}
	} else {
		while (r->f.err == 0 && answer_next(a, &rec)) {
			rec.source = src;
			fmt_record(&r->f, &rec);
		}
	}
	return answer_result(a);
}

/* Prints an answer and folds how it went into the exit status. */
static void
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
	answer_query(&a, text, len, &q, r->lookup, r->o->all);
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

/* Says why what opt reads of this host could not be read, and exits. */
static void
view_failed(const char *opt, const struct local_host *h, int err)
{
	if (err == ENOTSUP)
		fprintf(stderr, "portinfo: %s needs Linux's /proc/net, "
		    "which this system does not have\n", opt);
	else
		fprintf(stderr, "portinfo: %s%s%s: %s\n", h->root,
		    h->what != NULL ? "/" : "",
		    h->what != NULL ? h->what : "", strerror(err));
	exit(EXIT_TROUBLE);
}

/*
 * Reads what this host has for -L, --listening, --sockets, --free and
 * --wait, or exits.
 */
static void
open_view(struct local_view *v, const struct options *o)
{
	const char *opt = o->mode == MODE_FREE ? "--free" :
	    o->mode == MODE_WAIT ? "--wait" :
	    o->mode == MODE_LISTENING ? "--listening" :
	    o->mode == MODE_SOCKETS ? "--sockets" : "--local";
	unsigned protos = o->protos & o->free_protos & LOCAL_PROTOS;
	unsigned what = o->mode == MODE_FREE || o->mode == MODE_WAIT ?
	    LOCAL_SETTINGS : o->mode == MODE_LISTENING ? LOCAL_LISTENING :
	    LOCAL_SOCKETS;

	/*
	 * Owners are looked for only where they will be printed: the
	 * lowest pid of each socket in human output, every pid in the
	 * machine formats.
	 */
	if (what != LOCAL_SETTINGS && !o->quiet)
		what |= o->format == FMT_HUMAN ? LOCAL_OWNER : LOCAL_OWNERS;
	if (local_view_open(v, protos, what) == -1)
		view_failed(opt, &v->host, errno);
}

/*
 * --listening and --sockets: a query "PORT/PROTO" for each port and
 * protocol that a socket of the view holds, in port order, answered as
 * any query is.
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
	/* Human output would be empty, which looks like a failure. */
	if (prev == NULL && r->o->format == FMT_HUMAN && !r->o->quiet)
		fputs(r->o->mode == MODE_SOCKETS ?
		    "portinfo: no socket is bound\n" :
		    "portinfo: nothing is listening\n", stderr);
}

/*
 * "no free port in 8000-9000", "only 2 free ports in 8000-9000", or for
 * one port why it is not free: "no free port in 22: in IANA's registry".
 */
static void
too_few(const struct options *o, unsigned long found, enum local_why why)
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
run_free(const struct options *o, const struct local_view *v,
    unsigned lookup, struct pi_labels *labels)
{
	/* The protocols of -p and of the range, and the common uses. */
	unsigned protos = lookup & (o->free_protos | PI_COMMON);
	unsigned long want = o->count != 0 ? o->count : 1, found = 0;
	struct local_free lf;
	enum local_why why;
	unsigned port = 0;
	int rc = 0, err;

	local_free_init(&lf, &v->host, &v->socks, o->free_lo, o->free_hi,
	    protos, labels);
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
		    local_free_why(&v->host, o->free_lo, protos, labels,
		    &why) == -1)
			why = LOCAL_FREE;
		too_few(o, found, why);
		return EXIT_NOMATCH;
	}
	return EXIT_MATCH;
}

/* --wait: the ports of the queries, watched through v. */
static int
run_wait(const struct options *o, struct local_view *v, unsigned lookup,
    struct pi_labels *labels)
{
	/* Static, as the local view: its marks are 16 KiB. */
	static struct wait w;
	int rc;

	if (wait_resolve(&w, o->wait, lookup, labels, o->args, o->nargs,
	    stderr) == -1)
		rc = EXIT_TROUBLE;
	else if ((rc = wait_run(&w, v, o->timeout, o->quiet, stdout,
	    stderr)) == -1)
		view_failed("--wait", &v->host, errno);
	wait_free(&w);
	flush_output();
	return rc;
}

int
main(int argc, char *argv[])
{
	/* Static, so that a run that does not use them touches none of
	   their pages: the output buffer is handed to stdio only for a
	   pipe or a file, and the local view, with its map of the 65536
	   ports, is read only with -L, --listening, --sockets and --free. */
	static char outbuf[OUT_BUFSIZE];
	static struct local_view view;
	struct pi_labels *labels = NULL;
	struct host host;
	struct options o;
	struct run r;
	struct answer a;
	int tty;

	switch (options_parse(&o, argc, argv, stderr)) {
	case OPTIONS_RUN:
		break;
	case OPTIONS_HELP:
		options_free(&o);
		help();
		break;
	case OPTIONS_VERSION:
		options_free(&o);
		version();
		break;
	case OPTIONS_USAGE:
		options_free(&o);
		return EXIT_TROUBLE;
	}
	tty = isatty(STDOUT_FILENO);
	/* Static, so that no allocation is set up for it. */
	if (!tty)
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	if (o.local || o.mode == MODE_FREE || o.mode == MODE_WAIT)
		open_view(&view, &o);
	r.o = &o;
	r.lookup = o.protos | (o.iana ? 0 : PI_COMMON);
	r.status = EXIT_MATCH;
	r.in = NULL;
	/*
	 * A label file named explicitly that cannot be read is trouble, but
	 * the others are read and every query is answered all the same.
	 */
	if (pi_labels_open(&labels, &o.labels, stderr) == -1)
		r.status = EXIT_TROUBLE;
	options_free(&o);
	r.labels = labels;
	if (o.mode == MODE_FREE || o.mode == MODE_WAIT) {
		if (r.status == EXIT_MATCH)
			r.status = o.mode == MODE_FREE ?
			    run_free(&o, &view, r.lookup, labels) :
			    run_wait(&o, &view, r.lookup, labels);
		local_view_close(&view);
		pi_labels_free(labels);
		return r.status;
	}
	fmt_init(&r.f, stdout, o.quiet ? FMT_QUIET : o.format, o.header,
	    options_color(&o, tty));
	r.host = NULL;
	if (o.local) {
		if (host_open(&host, &view) == -1) {
			fprintf(stderr, "portinfo: %s\n", strerror(errno));
			exit(EXIT_TROUBLE);
		}
		r.host = &host;
		r.f.fields |= FG_LOCAL;
	}
	r.in_use_status = o.local && o.mode == MODE_QUERY;
	if (o.mode == MODE_EXTRACT)
		r.f.fields |= FG_EXTRACT;
	r.f.hold = !tty;
	fmt_begin(&r.f);
	if (o.mode == MODE_LIST) {
		answer_list(&a, o.cls, r.lookup, o.all);
		answer_labels(&a, labels);
		answer(&r, &a, NULL);
	} else if (o.mode == MODE_SEARCH) {
		answer_search(&a, o.search, strlen(o.search), r.lookup,
		    o.all);
		answer_labels(&a, labels);
		answer(&r, &a, NULL);
	} else if (o.mode == MODE_LISTENING || o.mode == MODE_SOCKETS)
		run_listening(&r, &view);
	else if (o.mode == MODE_EXTRACT)
		run_extract(&r);
	else
		run_args(&r, o.nargs, o.args);
	fmt_flush(&r.f);
	if (r.f.err != 0)
		write_failed(r.f.err);
	flush_output();
	if (r.host != NULL)
		host_close(r.host);
	if (o.local && local_view_error(&view) != 0) {
		fprintf(stderr, "portinfo: looking in %s for the processes that "
		    "hold sockets: %s\n", view.host.root,
		    strerror(local_view_error(&view)));
		r.status = EXIT_TROUBLE;
	}
	if (o.local)
		local_view_close(&view);
	pi_labels_free(labels);
	return r.status;
}
