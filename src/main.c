/*
 * portinfo: what port numbers and service names mean.  The options
 * choose a mode, and a table the function that runs it; answers are
 * streamed: nothing read is kept past the answer it gets.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "annotate.h"
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
#include "meaning.h"
#include "options.h"
#include "portinfo.h"
#include "query.h"
#include "wait.h"

/* Exit statuses, as grep has them: enum answer_result's (answer.h). */
#define EXIT_MATCH RESULT_MATCH
#define EXIT_NOMATCH RESULT_NONE
#define EXIT_TROUBLE RESULT_INVALID

struct run {
	const struct options *o;
	struct local_view *view; /* what this host has, if it is read */
	unsigned lookup;	/* -p's, and PI_COMMON unless --iana */
	struct host *host;	/* with -L: the sockets on the ports */
	struct meaning meaning;	/* with -x alone: what an endpoint means */
	const struct record_source *source; /* with -x: where the query
				   being answered was found */
	size_t rows;		/* the local view's rows so far */
	int in_use_status;	/* the status says whether a port asked is
				   in use */
	struct pi_labels *labels; /* shown after the registry's */
	int status;
	struct fmt f;		/* set up by fmt_init alone */
};

static void
no_memory(void)
{
	fprintf(stderr, "portinfo: %s\n", strerror(ENOMEM));
	exit(EXIT_TROUBLE);
}

/* Ends the program after a failed write to standard output. */
static void
write_failed(int err)
{
	if (err == ENOMEM)
		no_memory();
	/* A reader that went away wants no more output and no message. */
	if (err != EPIPE)
		fprintf(stderr, "portinfo: write error: %s\n", strerror(err));
	exit(EXIT_TROUBLE);
}

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
 * --complete: the names a query may be, label files regular ones alone,
 * so that a FIFO named cannot hang the shell at a Tab; or the words of
 * the command line.
 */
static void
run_complete(struct run *r)
{
	struct pi_label_options labels = r->o->labels;

	labels.regular = 1;
	if (strcmp(r->o->complete, COMPLETE_NAMES) != 0)
		options_complete(r->o, stdout);
	else {
		if (pi_labels_open(&r->labels, &labels, stderr) == -1)
			r->status = EXIT_TROUBLE;
		query_names(r->labels, r->lookup, stdout);
	}
}

static void
emit_record(void *ctx, struct record *rec)
{
	struct run *r = ctx;

	rec->source = r->source;
	r->rows += rec->status != REC_INVALID;
	if (r->f.out.err == 0)
		fmt_record(&r->f, rec);
}

/*
 * With -L, --listening and --sockets, a record for each socket on the
 * ports; with -x, one for the endpoint found, what it means.
 */
static NEVER_INLINE enum answer_result
print_records(struct run *r, struct answer *a)
{
	const struct record_source *src = r->source;
	struct record rec;

	if (r->host != NULL) {
		if (host_records(r->host, a, emit_record, r) == -1)
			no_memory();
		/* The walk of the answer says how the query went. */
		if (a->kind == ANSWER_PORT && src != NULL) {
			answer_rewind(a);
			while (answer_next(a, &rec))
				continue;
		}
	} else {
		if (meaning_of(&r->meaning, a) == -1)
			no_memory();
		meaning_record(&r->meaning, a, &rec);
		emit_record(r, &rec);
	}
	/* Suggestions for a name typed; an endpoint's is a tool's. */
	if (src == NULL)
		fmt_answered(&r->f, a);
	return answer_result(a);
}

/* Prints an answer and folds how it went into the exit status. */
static ALWAYS_INLINE void
answer(struct run *r, struct answer *a, const struct record_source *src)
{
	int status;

	r->source = src;
	if (r->f.kind == FMT_QUIET || (r->host == NULL && src == NULL))
		status = fmt_answer(&r->f, a);
	else
		status = print_records(r, a);
	if (r->f.out.err != 0)
		write_failed(r->f.out.err);
	if (r->in_use_status && status != EXIT_TROUBLE)
		status = host_in_use(r->host, a) == 1 ? EXIT_MATCH :
		    EXIT_NOMATCH;
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
	if (q.other_host && r->host != NULL)
		query_invalid(&q, "names another host; -L looks at this host "
		    "only: give the port alone");
	answer_query(&a, text, len, &q, r->lookup, r->o->all, r->labels);
	answer(r, &a, NULL);
}

/* The end of standard input: rc -1 after a read error; found 0: none. */
static void
read_end(struct run *r, int rc, int found)
{
	int err = errno;

	if (rc < 0) {
		out_flush(&r->f.out);
		input_failed(stderr, err);
		r->status = EXIT_TROUBLE;
	} else if (!found && r->status < EXIT_NOMATCH)
		r->status = EXIT_NOMATCH;
}

static void
run_stdin(struct run *r)
{
	/* Static: a query given as an argument touches none of its 64 KiB. */
	static struct input in;
	static int ready;
	int rc;

	if (!ready) {
		input_init(&in, STDIN_FILENO);
		ready = 1;
	}
	while ((rc = input_next(&in)) == 1)
		run_query(r, in.text, in.len, in.full > in.len);
	read_end(r, rc, 1);
}

/* The queries of the arguments, split at commas. */
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
		else
			while (input_split(arg, len, &pos, &q, &n))
				run_query(r, q, n, 0);
	}
}

static void
run_table(struct run *r)
{
	struct answer a;

	/* -s's text, or -l's class: each is NULL in the other's mode. */
	answer_table(&a, r->o->search, r->o->cls, r->lookup, r->o->all,
	    r->labels);
	answer(r, &a, NULL);
}

/*
 * -x: each endpoint found in standard input is a query, a range answered
 * as a whole: a firewall's 1024:65535 is one endpoint, not the thousands
 * of services within it.
 */
static void
run_extract(struct run *r)
{
	struct extract x;
	struct extract_hit hit;
	struct record_source src;
	struct answer a;
	int rc, found = 0;

	extract_init(&x, stdin, r->lookup, r->labels, NULL, NULL);
	while ((rc = extract_next(&x, &hit)) == 1) {
		src.line = hit.lineno;
		src.side = hit.side;
		answer_query(&a, hit.text, hit.len, &hit.query, r->lookup,
		    r->o->all, r->labels);
		answer_whole(&a);
		answer(r, &a, &src);
		found = 1;
	}
	read_end(r, rc, found);
}

/*
 * --annotate; -q runs -x, whose exit status is the same.  Where a line
 * may be long in coming, from a pipe or a terminal, each is written at
 * once.
 */
static void
run_annotate(struct run *r)
{
	static struct annotate an;
	struct stat st;
	int rc, hold = r->f.hold;

	if (r->f.kind == FMT_QUIET) {
		run_extract(r);
		return;
	}
	if (fstat(STDIN_FILENO, &st) == -1 || !S_ISREG(st.st_mode))
		hold = 0;
	annotate_init(&an, &r->f.out, r->lookup, r->labels, r->f.color, hold);
	rc = annotate_stream(&an, stdin);
	if (r->status < (int)an.result)
		r->status = an.result;
	read_end(r, rc, an.found);
}

/*
 * Says why what opt reads of this host could not be read, and exits:
 * "portinfo: ROOT/WHAT: reason", ROOT alone if WHAT is NULL.  Both are
 * local.h's names of procfs and its files, written as they are.
 */
static void
view_failed(const char *opt, const struct local_host *h, int err)
{
	if (err == ENOTSUP) {
		fprintf(stderr, "portinfo: %s needs Linux's /proc/net, "
		    "which this system does not have\n", opt);
		exit(EXIT_TROUBLE);
	}
	fprintf(stderr, "portinfo: %s%s%s: %s\n", h->root,
	    h->what != NULL ? "/" : "", h->what != NULL ? h->what : "",
	    strerror(err));
	exit(EXIT_TROUBLE);
}

/*
 * The fields that name who holds a socket; then those read from the
 * holder's command line, which meaning shows too in human output.
 */
static const unsigned char holder_ids[] = {
	F_process, F_pids, F_commands, F_forward, F_meaning
};
#define NAMING_HOLDERS 3	/* process, pids, commands */

static int
names_holders(const unsigned char *ids, size_t n, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (memchr(ids, holder_ids[i], n) != NULL)
			return 1;
	return 0;
}

static int
shows_owners(const struct options *o)
{
	return !o->quiet && (o->fields == NULL || names_holders(o->ids,
	    o->nids, sizeof(holder_ids) - (o->format != FMT_HUMAN)));
}

/* Reads what this host has for opt, the option that asks, or exits. */
static void
open_view(struct local_view *v, const struct options *o, const char *opt,
    unsigned what)
{
	unsigned protos = o->protos & o->free_protos & LOCAL_PROTOS;

	/* Owners are looked for only where they will be printed: reading
	   every process's descriptors is most of what -L costs. */
	if (what != LOCAL_SETTINGS && shows_owners(o))
		what |= LOCAL_OWNERS;
	if (local_view_open(v, LOCAL_PROC, protos, what) == -1)
		view_failed(opt, &v->host, errno);
}

/*
 * --listening and --sockets: a query "PORT/PROTO" for each port and
 * protocol that a socket of the view holds, in port order.
 */
static void
run_listening(struct run *r)
{
	const struct local_view *v = r->view;
	const struct local_sock *s, *prev = NULL;
	char text[sizeof("65535/sctp")];
	size_t i;

	for (i = 0; i < v->socks.n; i++) {
		s = &v->socks.v[i];
		if (!(s->proto & r->o->protos) || (prev != NULL &&
		    prev->port == s->port && prev->proto == s->proto))
			continue;
		prev = s;
		run_query(r, text, (size_t)snprintf(text, sizeof(text),
		    "%u/%s", s->port, pi_proto_name(s->proto)), 0);
	}
	if (r->status != EXIT_TROUBLE)
		r->status = prev != NULL ? EXIT_MATCH : EXIT_NOMATCH;
	/* Human output would be empty, which looks like a failure. */
	if (prev == NULL && r->o->format == FMT_HUMAN && !r->o->quiet)
		fputs(r->o->mode == MODE_SOCKETS ?
		    "portinfo: no socket is bound\n" :
		    "portinfo: nothing is listening\n", stderr);
}

/*
 * Why --free found fewer than want ports: "only 2 free ports in
 * 8000-8010, 1 missing: 6 assigned, 3 in use here".
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
		fprintf(stderr, "%s%lu %s", sep, lf->why[w], local_why_text[w]);
		if (w == LOCAL_EPHEMERAL)
			fprintf(stderr, " (%u-%u)", lf->h->eph_lo,
			    lf->h->eph_hi);
		sep = ", ";
	}
	fputc('\n', stderr);
}

/* --free's fields unless -o says. */
static const unsigned char free_ids[] = { F_port, F_protocol, F_range };

/*
 * A port --free found, free for protos: in human output its number
 * alone, so that PORT=$(portinfo --free) works, unless -o makes a table.
 */
static void
free_port(struct fmt *f, unsigned port, unsigned protos)
{
	struct out *o = &f->out;
	const struct record rec = {
		.query = "", .has_port = 1, .port = port, .port_end = port,
		.range = range_word(port, port),
		.proto = (protos & (protos - 1)) == 0 ? protos : 0,
		.service = "", .alias = "", .description = "", .reference = "",
		.status = REC_UNASSIGNED, .origin = PI_SOURCE_IANA,
		.error = "", .unauthorized = ""
	};

	if (f->kind != FMT_HUMAN || f->table) {
		fmt_record(f, &rec);
		return;
	}
	o->p = out_num(o, o->p, port);
	o->p = out_byte(o, o->p, '\n');
	if (!f->hold)
		out_flush(&f->out);
}

static void
cannot_bind(unsigned port, int err)
{
	fprintf(stderr, "portinfo: port %u: cannot bind: %s\n", port,
	    strerror(err));
}

/* --free: none if a label file named could not be read. */
static void
run_free(struct run *r)
{
	const struct options *o = r->o;
	unsigned protos = r->lookup & (o->free_protos | PI_COMMON);
	unsigned long want = o->count != 0 ? o->count : 1;
	struct local_free lf;
	unsigned port = 0;
	int rc = 0, err;

	if (r->status != EXIT_MATCH)
		return;
	local_free_init(&lf, &r->view->host, o->free_lo, o->free_hi, protos,
	    r->labels);
	while (lf.why[LOCAL_FREE] < want && r->f.out.err == 0 &&
	    (rc = local_free_next(&lf, &port)) == 1)
		free_port(&r->f, port, protos & LOCAL_PROTOS);
	err = errno;
	out_flush(&r->f.out);
	if (r->f.out.err != 0)
		write_failed(r->f.out.err);
	if (rc == -1) {
		cannot_bind(port, err);
		r->status = EXIT_TROUBLE;
	} else if (lf.why[LOCAL_FREE] < want) {
		if (!o->quiet)
			too_few(&lf, want);
		r->status = EXIT_NOMATCH;
	}
}

/* --wait: watches the queries' ports; none if a label file named could
   not be read. */
static void
run_wait(struct run *r)
{
	/* Static, as the local view: its sets of ports are 32 KiB. */
	static struct wait w;
	const struct options *o = r->o;
	int rc;

	if (r->status != EXIT_MATCH)
		return;
	if (wait_resolve(&w, o->wait, r->lookup, r->labels, o->args,
	    o->nargs, o->quiet, stderr) == -1)
		r->status = EXIT_TROUBLE;
	else if ((rc = wait_run(&w, r->view, o->timeout, o->quiet, stdout,
	    stderr)) == -1)
		view_failed("--wait", &r->view->host, errno);
	else
		r->status = rc;
}

/*
 * What runs each mode; whether it answers queries, to the formatter;
 * the option that has it read this host, and what it reads there.
 */
static const struct mode_run {
	void (*run)(struct run *);
	int answers;
	const char *local;	/* NULL: only with -L, named --local */
	unsigned what;		/* LOCAL_SETTINGS, LISTENING or SOCKETS */
} modes[MODES] = {
	[MODE_QUERY] = { run_args, 1, NULL, LOCAL_SOCKETS },
	[MODE_SEARCH] = { run_table, 1, NULL, LOCAL_SOCKETS },
	[MODE_LIST] = { run_table, 1, NULL, LOCAL_SOCKETS },
	[MODE_EXTRACT] = { run_extract, 1, NULL, LOCAL_SOCKETS },
	[MODE_ANNOTATE] = { run_annotate, 1, NULL, LOCAL_SOCKETS },
	[MODE_LISTENING] = { run_listening, 1, "--listening",
	    LOCAL_LISTENING },
	[MODE_SOCKETS] = { run_listening, 1, "--sockets", LOCAL_SOCKETS },
	[MODE_FREE] = { run_free, 1, "--free", LOCAL_SETTINGS },
	[MODE_WAIT] = { run_wait, 0, "--wait", LOCAL_SETTINGS },
	[MODE_HELP] = { run_help, 0, NULL, 0 },
	[MODE_VERSION] = { run_version, 0, NULL, 0 },
	[MODE_COMPLETE] = { run_complete, 0, NULL, 0 }
};

static int
use_color(const struct options *o, int tty)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	return tty && (no_color == NULL || no_color[0] == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0);
}

/*
 * Sets up the formatter, and the host when it is asked: the fields of
 * -o, or those of the mode, in a table where they name the holders.
 */
static void
begin_answers(struct run *r, struct host *host, int tty)
{
	const struct options *o = r->o;
	struct fmt *f = &r->f;
	int listing = o->mode == MODE_LISTENING || o->mode == MODE_SOCKETS;

	setvbuf(stdout, NULL, _IONBF, 0);
	fmt_init(f, stdout, o->quiet ? FMT_QUIET : o->format, o->header,
	    use_color(o, tty));
	f->fields = o->groups;
	f->verbose = o->verbose;
	f->table = f->kind == FMT_HUMAN &&
	    (o->fields != NULL || (o->groups & FG_NAMES));
	f->width = f->kind == FMT_HUMAN ? human_width(tty) : 0;
	if (o->fields != NULL) {
		memcpy(f->ids, o->ids, o->nids);
		f->nids = o->nids;
	} else if (o->mode == MODE_FREE) {
		memcpy(f->ids, free_ids, sizeof(free_ids));
		f->nids = sizeof(free_ids);
	} else if (f->table)
		f->nids = human_fields(o->groups, o->mode == MODE_LISTENING,
		    !listing, f->ids);
	if (o->local) {
		if (host_open(host, r->view) == -1)
			no_memory();
		r->host = host;
	}
	r->in_use_status = o->local &&
	    (o->mode == MODE_QUERY || o->mode == MODE_EXTRACT);
	f->hold = !tty;
	fmt_begin(f);
}

/*
 * What the human table of the local view says once, under its rows:
 * the host's ephemeral and privileged ports, why holders are not shown.
 */
static size_t
host_notes(const struct run *r, const char *notes[2])
{
	static char ports[128];
	const struct fmt *f = &r->f;
	const struct local_host *lh;
	size_t n = 0;

	if (r->host == NULL || f->kind != FMT_HUMAN || r->rows == 0)
		return 0;
	lh = &r->view->host;
	snprintf(ports, sizeof(ports), lh->unpriv > 0 ?
	    "ports here: ephemeral %u-%u, privileged below %u" :
	    "ports here: ephemeral %u-%u, none privileged", lh->eph_lo,
	    lh->eph_hi, lh->unpriv);
	notes[n++] = ports;
	if (r->host->hidden > 0 &&
	    names_holders(f->ids, f->nids, NAMING_HOLDERS))
		notes[n++] = geteuid() != 0 ? "process -: run as root to see "
		    "other users' processes" :
		    "process -: not visible from this PID namespace";
	return n;
}

static void
end_answers(struct run *r)
{
	const char *notes[2];

	fmt_end(&r->f, notes, host_notes(r, notes));
	if (r->f.out.err != 0)
		write_failed(r->f.out.err);
	if (r->host != NULL)
		host_close(r->host);
	meaning_free(&r->meaning);
}

int
main(int argc, char *argv[])
{
	/* Static, so that a run that does not use them touches none of
	   their pages; and the formatter's 64 KiB are not on the stack. */
	static struct local_view view;
	static struct run r;
	const struct mode_run *m;
	struct options o;
	struct host host;
	int tty = isatty(STDOUT_FILENO);

	if (options_parse(&o, argc, argv, stderr) != 0) {
		options_free(&o);
		return EXIT_TROUBLE;
	}
	m = &modes[o.mode];
	r.o = &o;
	r.lookup = o.protos | (o.iana ? 0 : PI_COMMON);
	r.status = EXIT_MATCH;
	if (o.local || m->local != NULL)
		open_view(r.view = &view, &o, m->local != NULL ? m->local :
		    "--local", m->what);
	/* A label file named that cannot be read is trouble, not the end. */
	if ((m->answers || m->local != NULL) &&
	    pi_labels_open(&r.labels, &o.labels, stderr) == -1)
		r.status = EXIT_TROUBLE;
	if (m->answers)
		begin_answers(&r, &host, tty);
	m->run(&r);
	if (m->answers)
		end_answers(&r);
	flush_output();
	if (o.local && view.err != 0) {
		fprintf(stderr, "portinfo: looking in %s for the processes "
		    "that hold sockets: %s\n", view.host.root,
		    strerror(view.err));
		r.status = EXIT_TROUBLE;
	}
	/* A port of -L that could not be tried is neither free nor in use. */
	if (o.local && view.bind_err != 0) {
		cannot_bind(view.bind_port, view.bind_err);
		r.status = EXIT_TROUBLE;
	}
	if (r.view != NULL)
		local_view_close(r.view);
	pi_labels_free(r.labels);
	options_free(&o);
	return r.status;
}
