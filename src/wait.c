/* --wait: see wait.h. */
#include <sys/select.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ascii.h"
#include "escape.h"
#include "input.h"
#include "local.h"
#include "portinfo.h"
#include "query.h"
#include "suggest.h"
#include "wait.h"

#define NS_PER_S	1000000000LL
#define NS_PER_MS	1000000LL
#define FRACTION_MAX	9	/* digits after the point: nanoseconds */

/*
 * The time between two looks, or more if a look costs more than one
 * part in COST_SHARE of that time on one processor (a walk over a busy
 * host's connections), so that waiting costs less than 2% of one.
 */
#define NAP_MS		25
#define COST_SHARE	60

const char *const wait_for_names[] = {
	[WAIT_LISTENING] = "listening", [WAIT_FREE] = "free", NULL
};

int
wait_timeout_parse(const char *s, long long *ns)
{
	size_t n = strspn(s, "0123456789");
	size_t f = s[n] == '.' ? strlen(s + n + 1) : 0;
	unsigned long sec, frac = 0;

	if (!pi_decimal(s, n, WAIT_TIMEOUT_MAX_S, &sec) || (s[n] != '\0' &&
	    (f == 0 || f > FRACTION_MAX ||
	    !pi_decimal(s + n + 1, f, NS_PER_S, &frac))) ||
	    (sec == WAIT_TIMEOUT_MAX_S && frac > 0))
		return -1;
	for (; f < FRACTION_MAX; f++)
		frac *= 10;
	*ns = (long long)sec * NS_PER_S + (long long)frac;
	return 0;
}

static void
mark(struct wait *w, unsigned lo, unsigned hi, unsigned protos)
{
	struct wait_ports *l;
	unsigned long p;
	size_t i;

	for (i = 0; i < WAIT_PROTOS; i++) {
		l = &w->ports[i];
		if (!(protos & l->proto))
			continue;
		for (p = lo; p <= hi; p++)
			local_portset_add(&l->want, p);
		l->lo = lo < l->lo ? lo : l->lo;
		l->hi = hi > l->hi ? hi : l->hi;
	}
}

/* Marks e's ports for those of protos it is for; whether it has any. */
static int
mark_entry(struct wait *w, const struct pi_entry *e, unsigned protos)
{
	unsigned p = e->proto != 0 ? e->proto & protos : protos;

	if (!e->has_port || p == 0)
		return 0;
	mark(w, e->port, e->port_end, p);
	return 1;
}

/*
 * Marks the ports of the records called q's name, for protos; returns
 * whether there were any, and sets *known if there was any record.
 */
static int
mark_name(struct wait *w, const struct query *q, unsigned protos,
    unsigned common, struct pi_labels *labels, int *known)
{
	struct pi_name_walk nw;
	const struct pi_entry *e;
	int found = 0;

	pi_name_walk(&nw, labels, q->name, q->namelen, PI_PROTO_ANY | common);
	while ((e = pi_name_next(&nw)) != NULL) {
		*known = 1;
		found |= mark_entry(w, e, protos);
	}
	return found;
}

/* What resolving the queries goes by, and how it went. */
struct resolve {
	struct wait *w;
	unsigned lookup;
	struct pi_labels *labels;
	int quiet;		/* -q: no names suggested */
	FILE *err;
	int rc;			/* -1 once a query is refused */
	int any;		/* a query was met */
};

/* Standard input, static as main's: 64 KiB that arguments never touch. */
static struct input in;

/* One query of text[0..len); cut: it was longer than could be kept. */
static void
resolve_query(struct resolve *r, const char *text, size_t len, int cut)
{
	/* Indexed by the protocols watched. */
	static const char *const no_port[] = {
		NULL, "has no tcp port", "has no udp port",
		"has no tcp or udp port"
	};
	static const char unknown[] = "unknown service name";
	struct wait *w = r->w;
	unsigned lookup = r->lookup;
	const char *why = NULL;
	struct pi_suggestions sug;
	struct query q;
	unsigned protos;
	int known = 0;

	r->any = 1;
	if (cut)
		query_too_long(&q);
	else
		query_parse(text, len, &q);
	protos = lookup & q.protos & LOCAL_PROTOS;
	/* A query of no protocol of its own. */
	if ((lookup & q.protos & PI_PROTO_ANY) == PI_PROTO_ANY)
		protos = w->cond == WAIT_LISTENING ? PI_TCP : LOCAL_PROTOS;
	if (q.kind == QUERY_INVALID)
		why = q.error;
	else if (q.other_host)
		why = "names another host; --wait looks at this host only: "
		    "give the port alone";
	else if (protos == 0)
		why = lookup & q.protos & PI_PROTO_ANY ?
		    "--wait watches tcp and udp ports only" :
		    "-p leaves none of its protocols";
	else if (q.kind == QUERY_PORT)
		mark(w, q.lo, q.hi, protos);
	else if (!mark_name(w, &q, protos, lookup & PI_COMMON, r->labels,
	    &known))
		why = known ? no_port[protos] : unknown;
	if (why == NULL)
		return;
	r->rc = -1;
	esc_error(r->err, text, len, ESC_QUOTE_MAX, why);
	if (why == unknown && !r->quiet) {
		pi_suggest(&sug, q.name, q.namelen, r->labels,
		    PI_PROTO_ANY | (lookup & PI_COMMON));
		pi_suggest_say(r->err, &sug, text, len, q.name, q.namelen,
		    r->labels);
	}
}

/* The queries of arg, split at commas as input_split does. */
static void
resolve_arg(struct resolve *r, const char *arg)
{
	size_t len = strlen(arg), pos = 0, n;
	const char *q;

	while (input_split(arg, len, &pos, &q, &n))
		resolve_query(r, q, n, 0);
}

/* The queries of standard input, to its end, once however often "-". */
static void
resolve_stdin(struct resolve *r)
{
	int rc;

	while ((rc = input_next(&in)) == 1)
		resolve_query(r, in.text, in.len, in.full > in.len);
	if (rc == -1) {
		input_failed(r->err, errno);
		r->rc = -1;
	}
}

int
wait_resolve(struct wait *w, enum wait_for cond, unsigned lookup,
    struct pi_labels *labels, char *const args[], int nargs, int quiet,
    FILE *err)
{
	struct resolve r = { .w = w, .lookup = lookup, .labels = labels,
	    .quiet = quiet, .err = err };
	int i;

	*w = (struct wait){ cond, { { .proto = PI_TCP, .lo = LOCAL_PORTS },
	    { .proto = PI_UDP, .lo = LOCAL_PORTS } } };
	input_init(&in, STDIN_FILENO);
	if (nargs == 0 && !isatty(STDIN_FILENO))
		resolve_stdin(&r);
	for (i = 0; i < nargs; i++) {
		if (strcmp(args[i], "-") == 0)
			resolve_stdin(&r);
		else
			resolve_arg(&r, args[i]);
	}
	if (!r.any && r.rc == 0) {
		fputs("portinfo: --wait needs a port or a service name\n",
		    err);
		return -1;
	}
	return r.rc;
}

/* Whether port is one of l's, held if pick is 1, not if 0, either if -1. */
static int
matches(const struct wait_ports *l, unsigned port, int pick)
{
	return local_portset_has(&l->want, port) && (pick < 0 ||
	    local_portset_has(&l->held, port) == pick);
}

/* The next run of consecutive ports of l from *p (l->lo first) on that
   match pick; 0 when none is left. */
static int
next_run(const struct wait_ports *l, unsigned *p, int pick,
    unsigned *lo, unsigned *hi)
{
	while (*p <= l->hi && !matches(l, *p, pick))
		(*p)++;
	if (*p > l->hi)
		return 0;
	*lo = *hi = (*p)++;
	while (*p <= l->hi && matches(l, *p, pick))
		*hi = (*p)++;
	return 1;
}

/*
 * With pick -1, every port of w and what became true, in one line,
 * "8080/tcp, 53/udp listening after 1.23 s"; else those of pick, a run a
 * line, "portinfo: 8081/tcp: not listening after 10.00 s".
 */
static void
tell(const struct wait *w, FILE *fp, int pick, long long ns)
{
	long long cs = (ns + NS_PER_S / 200) / (NS_PER_S / 100);
	const struct wait_ports *l;
	unsigned p, lo, hi;
	char after[64];
	size_t i;
	int n = 0;

	snprintf(after, sizeof(after), " after %lld.%02lld s\n", cs / 100,
	    cs % 100);
	for (i = 0; i < WAIT_PROTOS; i++) {
		l = &w->ports[i];
		for (p = l->lo; next_run(l, &p, pick, &lo, &hi); n++) {
			fputs(pick >= 0 ? "portinfo: " : n > 0 ? ", " : "", fp);
			if (lo != hi)
				fprintf(fp, "%u-", lo);
			fprintf(fp, "%u/%s", hi, pi_proto_name(l->proto));
			if (pick >= 0)
				fprintf(fp, "%s%s", pick ? ": still in use" :
				    ": not listening", after);
		}
	}
	if (pick < 0)
		fprintf(fp, " %s%s", wait_for_names[w->cond], after);
}

static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	caught = sig;
}

/*
 * Catches SIGINT and SIGTERM, kept blocked but while napping, so that
 * a look is never cut short; *nap is the mask to nap with.  One ignored
 * on entry stays ignored, as a shell has SIGINT in a background job.
 */
static void
catch_signals(sigset_t *nap)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa, old;
	sigset_t mine;
	size_t i;

	sigemptyset(&mine);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaddset(&mine, sigs[i]);
	sigprocmask(SIG_BLOCK, &mine, nap);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigismember(&mine, sigs[i]) == 1) {
			sigdelset(nap, sigs[i]);
			sigaction(sigs[i], &sa, NULL);
		}
}

/* Ends the process by sig, as if it had not been caught. */
static _Noreturn void
die_by(int sig)
{
	sigset_t set;

	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	_exit(128 + sig);
}

/* The time of clock: CLOCK_MONOTONIC, or this process's processor time. */
static long long
clock_ns(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) == -1)
		return 0;
	return (long long)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

/* Sets l->held: the ports that have a socket that what counts. */
static int
watch(struct local_view *v, struct wait_ports *l, unsigned what)
{
	size_t i;

	memset(&l->held, 0, sizeof(l->held));
	if (l->lo > l->hi)
		return 0;
	if (local_sys_watch(v, l->proto, what, l->lo, l->hi) == -1)
		return -1;
	for (i = 0; i < v->socks.n; i++)
		local_portset_add(&l->held, v->socks.v[i].port);
	return 0;
}

/* Whether some port of l matches pick. */
static int
some(const struct wait_ports *l, int pick)
{
	unsigned p = l->lo, lo, hi;

	return next_run(l, &p, pick, &lo, &hi);
}

/*
 * One look at every port: 1 if all are as asked, 0 if not, or -1.
 * Whether a tcp port is free takes a walk over every connection of the
 * host, which a listener on one of the ports spares unless whole is set:
 * then only the ports with a listener are known to be held.
 */
static int
look(struct wait *w, struct local_view *v, int whole)
{
	int want = w->cond == WAIT_LISTENING, as_asked = 1;
	struct wait_ports *l;
	size_t i;

	for (i = 0; i < WAIT_PROTOS; i++) {
		l = &w->ports[i];
		if (l->proto == PI_TCP && (want || !whole)) {
			if (watch(v, l, LOCAL_LISTENING) == -1)
				return -1;
			if (want || some(l, 1))
				goto judge;
		}
		/* A udp socket listens once it is bound. */
		if (watch(v, l, LOCAL_SOCKETS) == -1)
			return -1;
judge:
		as_asked &= !some(l, !want);
	}
	return as_asked;
}

/* Naps after a look that took cost_ns of this process's time, as long
   as NAP_MS and COST_SHARE say, until the timeout or a signal caught. */
static void
nap(long long cost_ns, long long spent, long long timeout_ns,
    const sigset_t *mask)
{
	long long ns = NAP_MS * NS_PER_MS;
	struct timespec ts;

	if (cost_ns > ns / COST_SHARE)
		ns = cost_ns * COST_SHARE;
	if (timeout_ns > 0 && timeout_ns - spent < ns)
		ns = timeout_ns - spent;
	ts.tv_sec = (time_t)(ns / NS_PER_S);
	ts.tv_nsec = (long)(ns % NS_PER_S);
	(void)pselect(0, NULL, NULL, NULL, &ts, mask);
}

int
wait_run(struct wait *w, struct local_view *v, long long timeout_ns,
    int quiet, FILE *out, FILE *err)
{
	long long start, spent, cost;
	sigset_t mask;
	int rc;

	catch_signals(&mask);
	start = clock_ns(CLOCK_MONOTONIC);
	for (;;) {
		if (caught)
			die_by(caught);
		cost = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
		rc = look(w, v, 0);
		cost = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cost;
		spent = clock_ns(CLOCK_MONOTONIC) - start;
		if (rc != 0 || (timeout_ns > 0 && spent >= timeout_ns))
			break;
		nap(cost, spent, timeout_ns, &mask);
	}
	/* Each port as it is, to name those still in use. */
	if (rc == 0 && w->cond == WAIT_FREE)
		rc = look(w, v, 1);
	if (rc == -1)
		return -1;
	if (!quiet && rc == 1)
		tell(w, out, -1, spent);
	else if (!quiet)
		tell(w, err, w->cond != WAIT_LISTENING, spent);
	return rc == 1 ? 0 : 1;
}
