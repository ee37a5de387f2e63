/*
 * bench: measures portinfo side by side with the tools people use instead
 * and prints a table of medians, ratios and PASS/MISS lines for the
 * targets.  `make bench` runs it; it is never part of `make check`, since
 * no test may fail on a timer.
 *
 *   bench [-n runs] [-k bulk-runs] [-N ports] [-s seed] [-l lookup]
 *         [-o old]
 *         [portinfo noop [static-portinfo static-noop]]
 *
 * portinfo and noop default to $PORTINFO and $BENCH_NOOP; a static build
 * and its do-nothing program, when given, are measured beside them, and
 * so are lookup (lookup.c), the table's share of start-up, and old, an
 * earlier build, in start-up, bulk and instructions.
 * Every command runs as a whole process (fork and exec, no shell between)
 * and the runs of all commands are interleaved, so that whatever else the
 * machine does falls on all of them alike; medians then shrug off the
 * outliers.  Each process's own CPU time (user + system, from wait4) is
 * reported beside its wall time: a pipeline's wall time hides which end
 * did the work.  Where valgrind is installed, callgrind counts the
 * instructions each bulk command spends per port.  -x is measured on
 * big captures of conntrack -L and ss beside grep -oE '[0-9]+'.  Last,
 * portinfo --wait waits out a timeout of 10 seconds, for the processor
 * time that waiting costs.
 */

/*
 * wait4() is BSD, not POSIX, but it is the one call that hands back the
 * peak resident set of one child rather than of all children together.
 */
#define _DEFAULT_SOURCE
#define _DARWIN_C_SOURCE

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEF_RUNS	500		/* single lookups, per command */
#define MIN_RUNS	200		/* what the targets are judged on */
#define DEF_BULK_RUNS	7
#define DEF_PORTS	1000000L
#define BIG_FACTOR	10		/* the run that shows RSS stays flat */
#define DEF_SEED	20260213u
#define CALLGRIND_PORTS	100000L		/* callgrind runs some 50x slower */
#define IOBUF		65536
#define PORT_LINE_MAX	6		/* "65535\n" */

/* The targets. */
#define T_START_RATIO	1.05		/* portinfo 22 / do-nothing, wall */
#define T_BULK_RATIO	0.50		/* portinfo / careful join, CPU */
#define T_LABELS_RATIO	1.30		/* portinfo 22 with 1,000 labels / floor */
#define LABELS		1000		/* in the label file */
#define T_RSS_KIB	(4L * 1024)	/* peak RSS, KiB */
#define T_BINARY	(3L * 512 * 1024) /* 1.5 MiB */

#define SERVICES	"/etc/services"

/*
 * The join people write by hand: one name per port from /etc/services,
 * then one line per input port.  The naive one reads n[$1] for every
 * port, which makes awk create an entry for each port it has not seen;
 * the careful one asks first, and is the fair comparison.
 */
#define AWK_LOAD \
    "NR == FNR { if ($1 ~ /^#/ || NF < 2) next; split($2, a, \"/\");" \
    " if (!(a[1] in n)) n[a[1]] = $1; next }"
static const char awk_naive[] = AWK_LOAD
    " { print $1 \"\\t\" n[$1] }";
static const char awk_careful[] = AWK_LOAD
    " { print $1 \"\\t\" (($1 in n) ? n[$1] : \"\") }";

/* One command and what its runs measured. */
struct series {
	const char	 *label;
	const char	**argv;		/* NULL-terminated, for execvp */
	int		  okmax;	/* highest exit status that is normal */
	const char	 *skip;		/* why it was not run, or NULL */
	size_t		  base;		/* the series its ratio is to */
	long long	 *ns;		/* wall time of each run */
	long long	 *cpu_ns;	/* user + system time of each run */
	size_t		  n;
	long		  rss_kib;	/* largest peak RSS of any run */
	size_t		  failed;	/* runs that ended otherwise */
	int		  fstatus;	/* wait status of the last of those */
	uintmax_t	  lines;	/* lines written, when counted */
};

/* What one run of a command measured. */
struct outcome {
	long long	ns;
	long long	cpu_ns;
	long		rss_kib;
	int		status;
	uintmax_t	lines;
};

struct options {
	const char	*portinfo;
	const char	*noop;
	const char	*static_portinfo;	/* NULL if not built */
	const char	*static_noop;
	const char	*lookup;		/* NULL if not given */
	const char	*old;			/* an earlier build, or NULL */
	long		 runs;
	long		 bulk_runs;
	long		 ports;
	unsigned long	 seed;
};

static int devnull = -1;
static char *volatile tmp_path;		/* removed on any way out */

/* Only unlink: this also runs in a signal handler. */
static void
remove_tmp(void)
{
	if (tmp_path != NULL)
		unlink(tmp_path);
}

static void
on_signal(int sig)
{
	remove_tmp();
	signal(sig, SIG_DFL);
	raise(sig);
}

static _Noreturn void
die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fflush(stdout);
	fputs("bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (e != 0)
		fprintf(stderr, ": %s", strerror(e));
	fputc('\n', stderr);
	exit(2);
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL)
		die("out of memory");
	return p;
}

static long long
now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		die("clock_gettime");
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* splitmix64: small, fast, and the same ports on every machine. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, buf, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Writes port and a newline at p, which has room for PORT_LINE_MAX. */
static size_t
put_port(char *p, unsigned port)
{
	char digits[PORT_LINE_MAX];
	size_t n = 0, i;

	do {
		digits[n++] = (char)('0' + port % 10);
		port /= 10;
	} while (port != 0 && n < PORT_LINE_MAX - 1);
	for (i = 0; i < n; i++)
		p[i] = digits[n - 1 - i];
	p[n] = '\n';
	return n + 1;
}

/* Writes count pseudo-random ports, one a line; -1 on a write error. */
static int
write_ports(int fd, long count, uint64_t seed)
{
	char *buf = xcalloc(1, IOBUF);
	size_t len = 0;
	uint64_t state = seed;
	int rc = 0;

	while (count-- > 0 && rc == 0) {
		if (IOBUF - len < PORT_LINE_MAX) {
			rc = write_all(fd, buf, len);
			len = 0;
		}
		len += put_port(buf + len,
		    (unsigned)(next_random(&state) >> 48));
	}
	if (rc == 0)
		rc = write_all(fd, buf, len);
	free(buf);
	return rc;
}

static void
set_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	if (flags == -1 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == -1)
		die("fcntl");
}

static void
make_pipe(int fd[2])
{
	if (pipe(fd) == -1)
		die("pipe");
	set_cloexec(fd[0]);
	set_cloexec(fd[1]);
}

/*
 * Where name is found: a path as it is, else the first executable file of
 * that name in $PATH, in memory the caller frees; NULL if none is.  execvp
 * would tell too, but only after the fork, and a missing tool is a row to
 * skip, not a failure to time.
 */
static char *
find_program(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	size_t nlen = strlen(name), dlen;
	char *file;

	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? strdup(name) : NULL;
	if (path == NULL)
		path = "/bin:/usr/bin";
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		if (end == p) {		/* an empty entry means "." */
			p = ".";
			dlen = 1;
		} else
			dlen = (size_t)(end - p);
		file = xcalloc(1, dlen + nlen + 2);
		memcpy(file, p, dlen);
		file[dlen] = '/';
		memcpy(file + dlen + 1, name, nlen);
		if (access(file, X_OK) == 0)
			return file;
		free(file);
		if (*end == '\0')
			return NULL;
	}
}

static int
can_run(const char *name)
{
	char *path = find_program(name);
	int found = path != NULL;

	free(path);
	return found;
}

/*
 * Starts argv with in, out and err as its stdin, stdout and stderr.  The
 * child leaves stdio alone (exec or _exit), so nothing buffered here is
 * written twice.
 */
static pid_t
spawn_err(const char **argv, int in, int out, int err)
{
	pid_t pid;

	pid = fork();
	if (pid == -1)
		die("fork");
	if (pid == 0) {
		if (dup2(in, STDIN_FILENO) == -1 ||
		    dup2(out, STDOUT_FILENO) == -1 ||
		    dup2(err, STDERR_FILENO) == -1)
			_exit(126);
		/* execvp never writes to argv; its type is historical. */
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* Starts argv as spawn_err does, its standard error to /dev/null. */
static pid_t
spawn(const char **argv, int in, int out)
{
	return spawn_err(argv, in, out, devnull);
}

static long
rss_kib(const struct rusage *ru)
{
#ifdef __APPLE__
	return ru->ru_maxrss / 1024;	/* bytes there, KiB elsewhere */
#else
	return ru->ru_maxrss;
#endif
}

/*
 * Linux counts in a child's peak RSS the copy of this program it was
 * before exec; this program stays small, below the do-nothing floor.
 */
static long long
tv_ns(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000000LL +
	    (long long)tv->tv_usec * 1000;
}

static void
reap(pid_t pid, struct outcome *o)
{
	struct rusage ru;

	while (wait4(pid, &o->status, 0, &ru) == -1)
		if (errno != EINTR)
			die("wait4");
	o->rss_kib = rss_kib(&ru);
	o->cpu_ns = tv_ns(&ru.ru_utime) + tv_ns(&ru.ru_stime);
}

static uintmax_t
count_lines(int fd)
{
	char *buf = xcalloc(1, IOBUF);
	uintmax_t lines = 0;
	ssize_t r, i;

	for (;;) {
		r = read(fd, buf, IOBUF);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (i = 0; i < r; i++)
			lines += buf[i] == '\n';
	}
	free(buf);
	return lines;
}

/*
 * Runs argv once with stdin from in.  Its output goes to /dev/null, or,
 * when count is set, into a pipe whose lines are counted.
 */
static void
run(const char **argv, int in, int count, struct outcome *o)
{
	int fd[2];
	pid_t pid;
	long long t0;

	o->lines = 0;
	if (!count) {
		t0 = now_ns();
		reap(spawn(argv, in, devnull), o);
		o->ns = now_ns() - t0;
		return;
	}
	make_pipe(fd);
	t0 = now_ns();
	pid = spawn(argv, in, fd[1]);
	close(fd[1]);
	o->lines = count_lines(fd[0]);
	close(fd[0]);
	reap(pid, o);
	o->ns = now_ns() - t0;
}

static void
record(struct series *s, const struct outcome *o, int timed)
{
	int ok = WIFEXITED(o->status) && WEXITSTATUS(o->status) <= s->okmax;

	if (!ok) {
		s->failed++;
		s->fstatus = o->status;
	}
	if (o->rss_kib > s->rss_kib)
		s->rss_kib = o->rss_kib;
	if (timed) {
		s->ns[s->n] = o->ns;
		s->cpu_ns[s->n++] = o->cpu_ns;
	} else
		s->lines = o->lines;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The median of v, and the quartiles in *q1 and *q3; v ends up sorted. */
static double
median(long long *v, size_t n, double *q1, double *q3)
{
	if (n == 0) {
		*q1 = *q3 = 0;
		return 0;
	}
	qsort(v, n, sizeof v[0], cmp_ll);
	*q1 = (double)v[n / 4];
	*q3 = (double)v[(3 * n) / 4];
	if (n % 2 == 1)
		return (double)v[n / 2];
	return ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
}

static double
wall_median(struct series *s)
{
	double q1, q3;

	return median(s->ns, s->n, &q1, &q3);
}

static double
cpu_median(struct series *s)
{
	double q1, q3;

	return median(s->cpu_ns, s->n, &q1, &q3);
}

/*
 * Runs every series that is not skipped, rounds times, the order rotated
 * each round.  A first round is not timed: it warms the caches and, when
 * count is set, counts the lines each command writes.  in_path, if set,
 * is opened anew as stdin for every run.
 */
static void
run_rounds(struct series *s, size_t ns, long rounds, const char *in_path,
    int count)
{
	struct outcome o;
	long r;
	size_t j, k;
	int in;

	for (j = 0; j < ns; j++) {
		s[j].ns = xcalloc((size_t)rounds, sizeof s[j].ns[0]);
		s[j].cpu_ns = xcalloc((size_t)rounds, sizeof s[j].ns[0]);
	}
	for (r = -1; r < rounds; r++) {
		for (j = 0; j < ns; j++) {
			k = (j + (size_t)(r + 1)) % ns;
			if (s[k].skip != NULL)
				continue;
			in = devnull;
			if (in_path != NULL &&
			    (in = open(in_path, O_RDONLY | O_CLOEXEC)) == -1)
				die("%s", in_path);
			run(s[k].argv, in, r < 0 && count, &o);
			if (in != devnull)
				close(in);
			record(&s[k], &o, r >= 0);
		}
	}
}

static void
describe_status(char *buf, size_t size, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(buf, size, "could not be run");
	else if (WIFEXITED(status))
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "wait status %d", status);
}

static void
print_notes(const struct series *s, size_t ns, long runs)
{
	char why[64];
	size_t j;

	for (j = 0; j < ns; j++) {
		if (s[j].skip != NULL) {
			printf("  note: %s: skipped, %s\n", s[j].label,
			    s[j].skip);
			continue;
		}
		if (s[j].failed == 0)
			continue;
		describe_status(why, sizeof why, s[j].fstatus);
		printf("  note: %s: %zu of %ld runs ended abnormally (%s)\n",
		    s[j].label, s[j].failed, runs + 1, why);
	}
}

static double
mib(long kib)
{
	return (double)kib / 1024;
}

#define LABEL_WIDTH 30

enum measure { WALL, CPU };

/*
 * Prints a table of s, times in units of unit_ns called unit: the median
 * wall time and its interquartile range, the median CPU time, the ratio
 * of each series' median (wall or CPU, as by says) to that of its base
 * series, and the peak RSS.  It fits 76 columns, to be pasted into an
 * indented block.
 */
static void
print_table(struct series *s, size_t ns, enum measure by, double unit_ns,
    const char *unit)
{
	double wall, q1, q3, cpu, mine, theirs;
	struct series *b;
	size_t j;

	printf("  %-*s %9s %6s %9s %7s %8s\n", LABEL_WIDTH, "command",
	    "wall", "iqr", "cpu", "ratio", "peak RSS");
	for (j = 0; j < ns; j++) {
		if (s[j].skip != NULL)
			continue;
		wall = median(s[j].ns, s[j].n, &q1, &q3);
		cpu = cpu_median(&s[j]);
		printf("  %-*s %6.1f %-2s %6.1f %6.1f %-2s", LABEL_WIDTH,
		    s[j].label, wall / unit_ns, unit, (q3 - q1) / unit_ns,
		    cpu / unit_ns, unit);
		b = &s[s[j].base];
		mine = by == WALL ? wall : cpu;
		theirs = b->skip != NULL ? 0 :
		    by == WALL ? wall_median(b) : cpu_median(b);
		if (theirs > 0)
			printf(" %6.2fx", mine / theirs);
		else
			printf(" %7s", "n/a");
		printf(" %4.1f MiB\n", mib(s[j].rss_kib));
	}
}

static void
init_series(struct series *s, const char *label, const char **argv,
    int okmax, size_t base)
{
	memset(s, 0, sizeof *s);
	s->label = label;
	s->argv = argv;
	s->okmax = okmax;
	s->base = base;
}

static void
free_series(struct series *s, size_t ns)
{
	size_t j;

	for (j = 0; j < ns; j++) {
		free(s[j].ns);
		free(s[j].cpu_ns);
	}
}

enum { S_FLOOR, S_PORT, S_OLD, S_LABELS, S_NAME, S_URL, S_LOOKUP,
    S_GETENT, S_SFLOOR, S_SPORT, NSINGLE };

/*
 * Label files: HOME is an empty directory and PORTINFO_SERVICES and
 * XDG_CONFIG_HOME are unset, so that portinfo 22 reads none (one failed
 * open per default file); label_file holds LABELS records for the run
 * that reads one, written as a team would, one port each.
 */
static char label_dir[] = "/tmp/portinfo-bench-labels.XXXXXX";
static char label_file[sizeof label_dir + sizeof "/services.csv"];
static char label_home[sizeof label_dir + sizeof "/home"];

static void
remove_labels(void)
{
	unlink(label_file);
	rmdir(label_home);
	rmdir(label_dir);
}

static void
make_labels(uint64_t seed)
{
	FILE *fp;
	long i;

	if (mkdtemp(label_dir) == NULL)
		die("%s", label_dir);
	snprintf(label_file, sizeof label_file, "%s/services.csv", label_dir);
	snprintf(label_home, sizeof label_home, "%s/home", label_dir);
	atexit(remove_labels);
	if (mkdir(label_home, 0700) == -1)
		die("%s", label_home);
	if ((fp = fopen(label_file, "w")) == NULL)
		die("%s", label_file);
	fprintf(fp, "Service Name,Port Number,Transport Protocol,"
	    "Description,Reference\n");
	for (i = 0; i < LABELS; i++) {
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		fprintf(fp, "team-svc-%ld,%u,%s,Internal service %ld of the "
		    "platform team,[ops-wiki-%ld]\n", i,
		    1024u + (unsigned)(seed >> 33) % 64512u,
		    (seed >> 32) & 1 ? "udp" : "tcp", i, i);
	}
	if (fclose(fp) == EOF)
		die("%s", label_file);
	if (setenv("HOME", label_home, 1) == -1 ||
	    unsetenv("XDG_CONFIG_HOME") == -1 ||
	    unsetenv("PORTINFO_SERVICES") == -1)
		die("environment");
}

#define NO_STATIC "no static build (make static)"
#define NO_OLD "no earlier build given (-o)"

struct single_result {
	double	 start;		/* portinfo 22 / floor, wall */
	double	 static_start;	/* the same for the static build, or 0 */
	double	 labels;	/* portinfo 22 with 1,000 labels / floor */
	int	 valid;		/* all three always ran as they should */
	int	 static_valid;
};

/* Start-up: single lookups, each build against its own floor. */
static struct single_result
bench_single(const struct options *opt)
{
	const char *floor_argv[] = { opt->noop, NULL };
	const char *port_argv[] = { opt->portinfo, "22", NULL };
	const char *old_argv[] = { opt->old, "22", NULL };
	const char *labels_argv[] = { opt->portinfo, "--services", label_file,
	    "22", NULL };
	const char *name_argv[] = { opt->portinfo, "ssh", NULL };
	const char *url_argv[] = { opt->portinfo, "https://example.com",
	    NULL };
	const char *lookup_argv[] = { opt->lookup, "22", NULL };
	const char *getent_argv[] = { "getent", "services", "22", NULL };
	const char *sfloor_argv[] = { opt->static_noop, NULL };
	const char *sport_argv[] = { opt->static_portinfo, "22", NULL };
	struct series s[NSINGLE];
	struct single_result r = { 0, 0, 0, 0, 0 };

	init_series(&s[S_FLOOR], "do-nothing program (floor)", floor_argv,
	    0, S_FLOOR);
	init_series(&s[S_PORT], "portinfo 22", port_argv, 0, S_FLOOR);
	init_series(&s[S_OLD], "old portinfo 22", old_argv, 0, S_FLOOR);
	init_series(&s[S_LABELS], "portinfo 22, 1,000 labels", labels_argv,
	    0, S_FLOOR);
	init_series(&s[S_NAME], "portinfo ssh", name_argv, 0, S_FLOOR);
	init_series(&s[S_URL], "portinfo https://example.com", url_argv, 0,
	    S_FLOOR);
	init_series(&s[S_LOOKUP], "table lookup of 22 alone", lookup_argv, 0,
	    S_FLOOR);
	init_series(&s[S_GETENT], "getent services 22", getent_argv, 0,
	    S_FLOOR);
	init_series(&s[S_SFLOOR], "static do-nothing (floor)", sfloor_argv,
	    0, S_SFLOOR);
	init_series(&s[S_SPORT], "static portinfo 22", sport_argv, 0,
	    S_SFLOOR);
	if (opt->old == NULL)
		s[S_OLD].skip = NO_OLD;
	if (opt->lookup == NULL)
		s[S_LOOKUP].skip = "no lookup program given (-l)";
	if (!can_run("getent"))
		s[S_GETENT].skip = "getent is not installed";
	if (opt->static_portinfo == NULL)
		s[S_SFLOOR].skip = s[S_SPORT].skip = NO_STATIC;

	printf("Single lookups: %ld runs of each, interleaved; times of a "
	    "whole process,\nratio of wall times to the floor built the "
	    "same way\n", opt->runs);
	run_rounds(s, NSINGLE, opt->runs, NULL, 0);
	print_table(s, NSINGLE, WALL, 1e3, "us");
	print_notes(s, NSINGLE, opt->runs);
	printf("  portinfo 22 reads no label file (HOME is an empty directory);"
	    "\n  with 1,000 labels it reads --services with %d records\n",
	    LABELS);
	if (s[S_LOOKUP].skip == NULL)
		printf("  the table lookup alone makes portinfo 22's system "
		    "calls and its lookup,\n  and nothing else\n");
	r.start = wall_median(&s[S_PORT]) / wall_median(&s[S_FLOOR]);
	r.labels = wall_median(&s[S_LABELS]) / wall_median(&s[S_FLOOR]);
	r.valid = s[S_PORT].failed == 0 && s[S_FLOOR].failed == 0 &&
	    s[S_LABELS].failed == 0;
	if (s[S_SPORT].skip == NULL) {
		r.static_start = wall_median(&s[S_SPORT]) /
		    wall_median(&s[S_SFLOOR]);
		r.static_valid = s[S_SPORT].failed == 0 &&
		    s[S_SFLOOR].failed == 0;
		printf("  static portinfo 22 / dynamic portinfo 22: %.2fx "
		    "wall\n", wall_median(&s[S_SPORT]) /
		    wall_median(&s[S_PORT]));
	}
	free_series(s, NSINGLE);
	return r;
}

/* A new temporary file, named in tmp_path, open for writing. */
static int
new_input(void)
{
	static const char name[] = "/portinfo-bench.XXXXXX";
	const char *dir = getenv("TMPDIR");
	size_t dlen;
	char *path;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	dlen = strlen(dir);
	path = xcalloc(1, dlen + sizeof name);
	memcpy(path, dir, dlen);
	memcpy(path + dlen, name, sizeof name);
	if ((fd = mkstemp(path)) == -1)
		die("%s", path);
	tmp_path = path;
	return fd;
}

/* Writes the ports to a new temporary file, named in tmp_path. */
static void
make_input(long ports, uint64_t seed)
{
	int fd = new_input();

	if (write_ports(fd, ports, seed) == -1 || close(fd) == -1)
		die("%s", tmp_path);
}

static void
drop_input(void)
{
	char *path = tmp_path;

	tmp_path = NULL;
	if (path != NULL)
		unlink(path);
	free(path);
}

/*
 * What "awk" is here (mawk, gawk, busybox...), since their speeds differ
 * by several times; in memory the caller frees, NULL if unknown.
 */
static char *
awk_flavour(void)
{
	char *path = find_program("awk"), *real, *base, *name;

	if (path == NULL)
		return NULL;
	real = realpath(path, NULL);
	free(path);
	if (real == NULL)
		return NULL;
	base = strrchr(real, '/');
	name = strdup(base != NULL ? base + 1 : real);
	free(real);
	return name;
}

enum { B_CAT, B_PORTINFO, B_OLD, B_STATIC, B_CAREFUL, B_NAIVE, NBULK };

struct bulk_result {
	double	 cpu_ratio;	/* portinfo / careful join, CPU; 0 if none */
	double	 static_cpu_ratio;	/* the same, static build */
	long	 rss_kib;	/* portinfo's peak, either build */
	int	 answered;	/* portinfo gave a record for every port */
};

/* Names what awk is, as a note under the table. */
static void
print_awk(void)
{
	char *flavour = awk_flavour();

	printf("  awk is %s; the naive join reads n[$1] for every port, "
	    "the careful one\n  asks ($1 in n) first\n",
	    flavour != NULL ? flavour : "unknown");
	free(flavour);
}

/* Whether each portinfo wrote a record at least for every port. */
static int
answered_all(const struct series *s, long ports)
{
	if (s->skip != NULL)
		return 1;
	if (s->lines < (uintmax_t)ports)
		printf("  note: %s wrote %ju lines for %ld ports\n", s->label,
		    s->lines, ports);
	return s->failed == 0 && s->lines >= (uintmax_t)ports;
}

/*
 * Bulk: ports piped through portinfo (each build), the awk joins and
 * cat; ratios of CPU time to the careful join's.
 */
static struct bulk_result
bench_bulk(const struct options *opt)
{
	const char *pi_argv[] = { opt->portinfo, "-f", "tsv", NULL };
	const char *old_argv[] = { opt->old, "-f", "tsv", NULL };
	const char *st_argv[] = { opt->static_portinfo, "-f", "tsv", NULL };
	const char *cat_argv[] = { "cat", NULL };
	const char *careful_argv[] = { "awk", awk_careful, SERVICES, "-",
	    NULL };
	const char *naive_argv[] = { "awk", awk_naive, SERVICES, "-", NULL };
	struct series s[NBULK];
	struct bulk_result res = { 0, 0, 0, 0 };
	double careful;

	/* portinfo exits 1 when a port has no assigned service. */
	init_series(&s[B_CAT], "cat (I/O floor)", cat_argv, 0, B_CAREFUL);
	init_series(&s[B_PORTINFO], "portinfo -f tsv", pi_argv, 1,
	    B_CAREFUL);
	init_series(&s[B_OLD], "old portinfo -f tsv", old_argv, 1,
	    B_CAREFUL);
	init_series(&s[B_STATIC], "static portinfo -f tsv", st_argv, 1,
	    B_CAREFUL);
	init_series(&s[B_CAREFUL], "careful awk join",
	    careful_argv, 0, B_CAREFUL);
	init_series(&s[B_NAIVE], "naive awk join", naive_argv,
	    0, B_CAREFUL);
	if (!can_run("cat"))
		s[B_CAT].skip = "cat is not installed";
	if (opt->old == NULL)
		s[B_OLD].skip = NO_OLD;
	if (opt->static_portinfo == NULL)
		s[B_STATIC].skip = NO_STATIC;
	if (!can_run("awk"))
		s[B_CAREFUL].skip = s[B_NAIVE].skip = "awk is not installed";
	else if (access(SERVICES, R_OK) != 0)
		s[B_CAREFUL].skip = s[B_NAIVE].skip =
		    SERVICES " cannot be read";

	printf("\nBulk: %ld pseudo-random ports (seed %lu), stdin from a "
	    "file, stdout to\n/dev/null; %ld runs of each, interleaved; "
	    "ratio of CPU times to the careful\nawk join's; the joins "
	    "read %s\n", opt->ports, opt->seed, opt->bulk_runs, SERVICES);
	make_input(opt->ports, opt->seed);
	run_rounds(s, NBULK, opt->bulk_runs, tmp_path, 1);
	drop_input();
	print_table(s, NBULK, CPU, 1e6, "ms");
	print_notes(s, NBULK, opt->bulk_runs);
	res.answered = answered_all(&s[B_PORTINFO], opt->ports) &&
	    answered_all(&s[B_STATIC], opt->ports);
	if (s[B_CAREFUL].skip == NULL) {
		print_awk();
		careful = cpu_median(&s[B_CAREFUL]);
		if (careful > 0) {
			res.cpu_ratio = cpu_median(&s[B_PORTINFO]) / careful;
			if (s[B_STATIC].skip == NULL)
				res.static_cpu_ratio =
				    cpu_median(&s[B_STATIC]) / careful;
		}
	}
	res.rss_kib = s[B_PORTINFO].rss_kib > s[B_STATIC].rss_kib ?
	    s[B_PORTINFO].rss_kib : s[B_STATIC].rss_kib;
	free_series(s, NBULK);
	return res;
}

/*
 * The instructions argv executes for the input in in_path, its output
 * to out, as callgrind counts them, or -1 if valgrind failed.  valgrind
 * writes its summary to standard error, which here is a pipe read for
 * the "Collected" line.
 */
static double
instructions(const char **argv, const char *in_path, int out)
{
	const char *vg[16] = { "valgrind", "--tool=callgrind",
	    "--callgrind-out-file=/dev/null", "--log-fd=2" };
	size_t n = 4, i;
	double ir = -1;
	char *line = NULL, *p;
	size_t cap = 0;
	struct outcome o;
	FILE *f;
	int fd[2], in;
	pid_t pid;

	for (i = 0; argv[i] != NULL && n < 15; i++)
		vg[n++] = argv[i];
	vg[n] = NULL;
	if ((in = open(in_path, O_RDONLY | O_CLOEXEC)) == -1)
		die("%s", in_path);
	make_pipe(fd);
	pid = spawn_err(vg, in, out, fd[1]);
	close(fd[1]);
	close(in);
	if ((f = fdopen(fd[0], "r")) == NULL)
		die("fdopen");
	while (getline(&line, &cap, f) != -1)
		if ((p = strstr(line, "Collected : ")) != NULL)
			ir = strtod(p + 12, NULL);
	free(line);
	fclose(f);
	reap(pid, &o);
	if (!WIFEXITED(o.status) || WEXITSTATUS(o.status) > 1)
		return -1;
	return ir;
}

/* Instructions per port of each bulk command, start-up included. */
static void
bench_instructions(const struct options *opt, double *pi, double *awk)
{
	const char *pi_argv[] = { opt->portinfo, "-f", "tsv", NULL };
	const char *old_argv[] = { opt->old, "-f", "tsv", NULL };
	const char *st_argv[] = { opt->static_portinfo, "-f", "tsv", NULL };
	const char *cat_argv[] = { "cat", NULL };
	const char *careful_argv[] = { "awk", awk_careful, SERVICES, "-",
	    NULL };
	const char *naive_argv[] = { "awk", awk_naive, SERVICES, "-", NULL };
	struct { const char *label, **argv; double *out; } c[] = {
		{ "cat (I/O floor)", cat_argv, NULL },
		{ "portinfo -f tsv", pi_argv, pi },
		{ "old portinfo -f tsv", old_argv, NULL },
		{ "static portinfo -f tsv", st_argv, NULL },
		{ "careful awk join", careful_argv, awk },
		{ "naive awk join", naive_argv, NULL },
	};
	double ir;
	size_t j;

	*pi = *awk = 0;
	if (!can_run("valgrind")) {
		printf("\nInstructions: valgrind is not installed\n");
		return;
	}
	printf("\nInstructions: %ld ports, counted by valgrind "
	    "--tool=callgrind, start-up\nincluded\n", CALLGRIND_PORTS);
	make_input(CALLGRIND_PORTS, opt->seed);
	for (j = 0; j < sizeof c / sizeof c[0]; j++) {
		if (c[j].argv[0] == NULL || !can_run(c[j].argv[0]) ||
		    (c[j].argv == careful_argv || c[j].argv == naive_argv ?
		    access(SERVICES, R_OK) != 0 : 0))
			continue;
		ir = instructions(c[j].argv, tmp_path, devnull);
		if (ir < 0) {
			printf("  %-*s %s\n", LABEL_WIDTH, c[j].label,
			    "n/a (valgrind failed)");
			continue;
		}
		printf("  %-*s %9.0f per port\n", LABEL_WIDTH, c[j].label,
		    ir / CALLGRIND_PORTS);
		if (c[j].out != NULL)
			*c[j].out = ir / CALLGRIND_PORTS;
	}
	drop_input();
}

/*
 * Streams ten times as many ports through portinfo, from a pipe that a
 * child feeds, so that no file of that size is needed; returns the peak
 * RSS in KiB.
 */
static long
bench_big(const struct options *opt, int *answered)
{
	const char *argv[] = { opt->portinfo, "-f", "tsv", NULL };
	long ports = opt->ports * BIG_FACTOR;
	struct outcome o, gen;
	int fd[2];
	pid_t pid;

	make_pipe(fd);
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		close(fd[0]);
		_exit(write_ports(fd[1], ports, opt->seed) == 0 ? 0 : 1);
	}
	close(fd[1]);
	run(argv, fd[0], 1, &o);
	close(fd[0]);
	reap(pid, &gen);
	printf("\nStreamed: %ld ports through portinfo -f tsv from a pipe\n"
	    "  %.1f s, %ju lines written, peak RSS %.1f MiB\n", ports,
	    (double)o.ns / 1e9, o.lines, mib(o.rss_kib));
	*answered = WIFEXITED(o.status) && WEXITSTATUS(o.status) <= 1 &&
	    o.lines >= (uintmax_t)ports;
	if (!*answered)
		printf("  note: portinfo did not answer every port\n");
	return o.rss_kib;
}

/*
 * -x on big captures: 200,000 lines of conntrack -L and of ss -tan,
 * made here, through portinfo -x -f tsv beside grep -oE '[0-9]+', which
 * only finds the numbers.  Both write to a pipe, whose lines are
 * counted: GNU grep stops at its first match when it writes to
 * /dev/null.
 */
#define CAPTURE_LINES	200000L
#define CALLGRIND_LINES	20000L
#define T_EXTRACT_RATIO	1.00		/* portinfo -x / grep -oE, CPU */

enum { CAPTURE_CONNTRACK, CAPTURE_SS, NCAPTURES };

static const char *const capture_names[NCAPTURES] = {
	"conntrack -L", "ss -tan"
};

/* One line of capture c from the pseudo-random r, at p; its length. */
static size_t
put_capture_line(char *p, size_t room, int c, uint64_t r)
{
	unsigned a = 1 + (unsigned)(r % 254), b = 1 + (unsigned)(r >> 8) % 254,
	    sport = 1024 + (unsigned)(r >> 16) % 64000,
	    dport = (r >> 40) % 3 == 0 ? 22 : (r >> 40) % 3 == 1 ? 443 :
	    (unsigned)(r >> 48);
	int n;

	if (c == CAPTURE_CONNTRACK)
		n = snprintf(p, room, "tcp      6 431999 ESTABLISHED "
		    "src=192.0.2.%u dst=198.51.100.%u sport=%u dport=%u "
		    "src=198.51.100.%u dst=192.0.2.%u sport=%u dport=%u "
		    "[ASSURED] mark=0 use=1\n", a, b, sport, dport, b, a,
		    dport, sport);
	else
		n = snprintf(p, room, "tcp   ESTAB 0      0      "
		    "192.0.2.%u:%u    198.51.100.%u:%u    "
		    "users:((\"sshd\",pid=%u,fd=4))\n", a, dport, b, sport,
		    300 + (unsigned)(r >> 24) % 60000);
	return n > 0 ? (size_t)n : 0;
}

/* Writes a new temporary file of capture c, named in tmp_path. */
static void
make_capture(long lines, uint64_t seed, int c)
{
	char *buf = xcalloc(1, IOBUF);
	size_t len = 0;
	uint64_t state = seed;
	int fd = new_input(), rc = 0;

	while (lines-- > 0 && rc == 0) {
		if (IOBUF - len < 512) {
			rc = write_all(fd, buf, len);
			len = 0;
		}
		len += put_capture_line(buf + len, IOBUF - len, c,
		    next_random(&state));
	}
	if (rc == -1 || write_all(fd, buf, len) == -1 || close(fd) == -1)
		die("%s", tmp_path);
	free(buf);
}

/* Runs the series over tmp_path, interleaved, each into a pipe. */
static void
run_counted(struct series *s, size_t ns, long rounds)
{
	struct outcome o;
	long r;
	size_t j, k;
	int in;

	for (j = 0; j < ns; j++) {
		s[j].ns = xcalloc((size_t)rounds, sizeof s[j].ns[0]);
		s[j].cpu_ns = xcalloc((size_t)rounds, sizeof s[j].ns[0]);
	}
	for (r = 0; r < rounds; r++) {
		for (j = 0; j < ns; j++) {
			k = (j + (size_t)r) % ns;
			if (s[k].skip != NULL)
				continue;
			if ((in = open(tmp_path, O_RDONLY | O_CLOEXEC)) == -1)
				die("%s", tmp_path);
			run(s[k].argv, in, 1, &o);
			close(in);
			record(&s[k], &o, 1);
		}
	}
}

/* Instructions per line of capture c for each series, by callgrind. */
static void
extract_instructions(const struct options *opt, struct series *s,
    size_t ns, int c)
{
	char path[] = "/tmp/portinfo-bench-out.XXXXXX";
	double ir;
	size_t j;
	int out;

	if (!can_run("valgrind"))
		return;
	if ((out = mkstemp(path)) == -1 || unlink(path) == -1)
		die("%s", path);
	make_capture(CALLGRIND_LINES, opt->seed, c);
	printf("  instructions, counted by callgrind on %ld lines:\n",
	    CALLGRIND_LINES);
	for (j = 0; j < ns; j++) {
		if (s[j].skip != NULL)
			continue;
		ir = instructions(s[j].argv, tmp_path, out);
		printf("  %-*s %9.0f per line\n", LABEL_WIDTH, s[j].label,
		    ir / CALLGRIND_LINES);
	}
	drop_input();
	close(out);
}

/* portinfo -x beside grep on capture c; the ratio of CPU times, or 0. */
static double
bench_extract(const struct options *opt, int c)
{
	const char *pi_argv[] = { opt->portinfo, "-x", "-f", "tsv", NULL };
	const char *grep_argv[] = { "grep", "-oE", "[0-9]+", NULL };
	struct series s[2];
	double grep, ratio = 0;

	/* portinfo exits 1 when an endpoint has no assigned service. */
	init_series(&s[0], "portinfo -x -f tsv", pi_argv, 1, 1);
	init_series(&s[1], "grep -oE '[0-9]+'", grep_argv, 0, 1);
	if (!can_run("grep"))
		s[1].skip = "grep is not installed";
	printf("\n-x: %ld lines like %s's (seed %lu), stdin from a\n"
	    "file, stdout to a pipe; %ld runs of each, interleaved; ratio of "
	    "CPU times\nto grep's\n", CAPTURE_LINES, capture_names[c],
	    opt->seed, opt->bulk_runs);
	make_capture(CAPTURE_LINES, opt->seed, c);
	run_counted(s, 2, opt->bulk_runs);
	drop_input();
	print_table(s, 2, CPU, 1e6, "ms");
	print_notes(s, 2, opt->bulk_runs);
	if (s[1].skip == NULL && s[0].failed == 0 &&
	    (grep = cpu_median(&s[1])) > 0)
		ratio = cpu_median(&s[0]) / grep;
	extract_instructions(opt, s, 2, c);
	free_series(s, 2);
	return ratio;
}

enum { NO_READELF = -1, READELF_FAILED = -2 };

/*
 * Relocations in the program, summed from what readelf -r reports for
 * each relocation section, or one of the negative values above.
 */
static long
relocations(const char *prog)
{
	const char *argv[] = { "readelf", "-rW", prog, NULL };
	char *line = NULL, *p;
	size_t cap = 0;
	long total = 0, n;
	struct outcome o;
	FILE *f;
	int fd[2];
	pid_t pid;

	if (!can_run("readelf"))
		return NO_READELF;
	make_pipe(fd);
	/* The last program run: its locale can stay C for good. */
	setenv("LC_ALL", "C", 1);
	pid = spawn(argv, devnull, fd[1]);
	close(fd[1]);
	if ((f = fdopen(fd[0], "r")) == NULL)
		die("fdopen");
	while (getline(&line, &cap, f) != -1) {
		p = strstr(line, " contains ");
		if (p != NULL && (n = strtol(p + 10, NULL, 10)) > 0)
			total += n;
	}
	free(line);
	fclose(f);
	reap(pid, &o);
	if (!WIFEXITED(o.status) || WEXITSTATUS(o.status) != 0)
		return READELF_FAILED;
	return total;
}

static void
print_count(const char *label, long n)
{
	if (n == NO_READELF)
		printf("  %-34s %10s\n", label, "n/a (no readelf)");
	else if (n == READELF_FAILED)
		printf("  %-34s %10s\n", label, "n/a (readelf failed)");
	else
		printf("  %-34s %10ld\n", label, n);
}

static long
file_size(const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1)
		die("%s", path);
	return st.st_size > LONG_MAX ? LONG_MAX : (long)st.st_size;
}

/*
 * The size of the program at path without the debugging information
 * that -g puts in it, which is never loaded and which packages strip:
 * what strip(1) leaves, or -1 when there is no strip to ask.
 */
static long
stripped_size(const char *path)
{
	char tmp[] = "/tmp/portinfo-bench-strip.XXXXXX";
	const char *argv[] = { "strip", "-o", tmp, path, NULL };
	struct outcome o;
	long size = -1;
	int fd;

	if (!can_run("strip"))
		return -1;
	if ((fd = mkstemp(tmp)) == -1)
		die("%s", tmp);
	close(fd);
	reap(spawn(argv, devnull, devnull), &o);
	if (WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0)
		size = file_size(tmp);
	unlink(tmp);
	return size;
}

static void
print_size(const char *label, const char *which, long size)
{
	char what[64];

	snprintf(what, sizeof what, "%s %s", label, which);
	printf("  %-34s %10ld bytes (%.2f MiB)\n", what, size,
	    (double)size / (1024 * 1024));
}

/*
 * One program's size, as built and stripped, and its relocations;
 * returns its stripped size in bytes, or its size if it cannot be
 * stripped here.
 */
static long
describe_binary(const char *label, const char *path)
{
	long size = file_size(path), stripped = stripped_size(path);
	char what[64];

	print_size(label, "size", size);
	if (stripped >= 0 && stripped != size) {
		print_size(label, "size, stripped", stripped);
		size = stripped;
	}
	snprintf(what, sizeof what, "%s relocations", label);
	print_count(what, relocations(path));
	return size;
}

/* Binary sizes and relocations; portinfo's stripped sizes in *size and
   *static_size. */
static void
bench_binary(const struct options *opt, long *size, long *static_size)
{
	printf("\nBinary\n");
	*size = describe_binary("portinfo", opt->portinfo);
	describe_binary("do-nothing program", opt->noop);
	*static_size = 0;
	if (opt->static_portinfo != NULL) {
		*static_size = describe_binary("static portinfo",
		    opt->static_portinfo);
		describe_binary("static do-nothing", opt->static_noop);
	}
}

/*
 * A PASS or MISS line.  A figure from runs that failed proves nothing: it
 * is a MISS whatever it says, with the reason why after it.
 */
static void
verdict(int pass, const char *failed, const char *what, const char *fmt,
    ...)
{
	va_list ap;

	printf("  %s  %-40s ", pass && failed == NULL ? "PASS" : "MISS", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (failed != NULL)
		printf(" (%s)", failed);
	putchar('\n');
}

static void
not_measured(const char *what, const char *why)
{
	printf("  n/a   %-40s %s\n", what, why);
}

/*
 * Waiting: portinfo --wait=listening on a port that nobody opens, one
 * the kernel hands out and takes back, for the whole of its timeout:
 * its processor time (user + system) against the time waited.
 */
#define WAIT_SECONDS	"10"
#define T_WAIT_SHARE	0.02	/* of one processor */

static unsigned
unused_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int fd;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		die("a port for --wait");
	close(fd);
	return ntohs(sin.sin_port);
}

static void
bench_wait(const struct options *opt)
{
	const char *what = "--wait, 10 s: CPU <= 2% of one core";
	char port[8], why[64];
	const char *argv[] = { opt->portinfo, "--wait=listening", port,
	    "--timeout=" WAIT_SECONDS, NULL };
	struct outcome o;
	double share;

	snprintf(port, sizeof port, "%u", unused_port());
	printf("\nWaiting: portinfo --wait=listening %s --timeout=%s, a port "
	    "nobody opens\n", port, WAIT_SECONDS);
	run(argv, devnull, 0, &o);
	/* It times out, with status 1, unless something opened the port. */
	if (!WIFEXITED(o.status) || WEXITSTATUS(o.status) != 1) {
		describe_status(why, sizeof why, o.status);
		not_measured(what, why);
		return;
	}
	share = (double)o.cpu_ns / (double)o.ns;
	printf("  %.2f s, %.1f ms of CPU: %.2f%% of one core\n",
	    (double)o.ns / 1e9, (double)o.cpu_ns / 1e6, share * 100);
	verdict(share <= T_WAIT_SHARE, NULL, what, "%.2f%%", share * 100);
}

static long
number(const char *s, long min, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min) {
		errno = 0;
		die("%s must be a number of at least %ld: %s", what, min, s);
	}
	return v;
}

static _Noreturn void
usage(void)
{
	fputs("usage: bench [-n runs] [-k bulk-runs] [-N ports] [-s seed] "
	    "[-l lookup] [-o old]\n"
	    "             [portinfo noop [static-portinfo static-noop]]\n",
	    stderr);
	exit(2);
}

static void
parse_options(int argc, char *argv[], struct options *opt)
{
	int c;

	opt->portinfo = getenv("PORTINFO");
	opt->noop = getenv("BENCH_NOOP");
	opt->static_portinfo = opt->static_noop = NULL;
	opt->lookup = opt->old = NULL;
	opt->runs = DEF_RUNS;
	opt->bulk_runs = DEF_BULK_RUNS;
	opt->ports = DEF_PORTS;
	opt->seed = DEF_SEED;
	while ((c = getopt(argc, argv, "n:k:N:s:l:o:")) != -1) {
		switch (c) {
		case 'n': opt->runs = number(optarg, 1, "-n"); break;
		case 'k': opt->bulk_runs = number(optarg, 1, "-k"); break;
		case 'N': opt->ports = number(optarg, 1,  "-N"); break;
		case 'l': opt->lookup = optarg; break;
		case 'o': opt->old = optarg; break;
		case 's':
			opt->seed = (unsigned long)number(optarg, 0, "-s");
			break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 1 || argc == 3 || argc > 4)
		usage();
	if (argc >= 2) {
		opt->portinfo = argv[0];
		opt->noop = argv[1];
	}
	if (argc == 4) {
		opt->static_portinfo = argv[2];
		opt->static_noop = argv[3];
	}
	if (opt->portinfo == NULL || opt->noop == NULL)
		usage();
	if (opt->ports > LONG_MAX / BIG_FACTOR)
		die("-N is too large");
}

static void
setup(void)
{
	struct sigaction sa;

	/* Line by line, so that a long run shows its progress in a pipe. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		die("/dev/null");
	atexit(remove_tmp);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static void
print_header(const struct options *opt)
{
	struct utsname u;

	printf("portinfo benchmark: %s", opt->portinfo);
	if (opt->static_portinfo != NULL)
		printf(" and %s", opt->static_portinfo);
	if (uname(&u) == 0)
		printf(" on %s %s, %ld CPUs", u.sysname, u.machine,
		    sysconf(_SC_NPROCESSORS_ONLN));
	printf("\n\n");
}

struct results {
	struct single_result	single;
	struct bulk_result	bulk;
	double			pi_ir;		/* per port, 0 if unknown */
	double			awk_ir;
	long			big_rss_kib;
	int			big_answered;
	double			extract[NCAPTURES];	/* -x / grep, CPU */
	long			size;
	long			static_size;	/* 0 if not built */
};

static const char *
unless(int ok, const char *why)
{
	return ok ? NULL : why;
}

/* -x's CPU time beside grep's on each capture. */
static void
print_extract_targets(const struct results *r)
{
	char what[64];
	int c;

	for (c = 0; c < NCAPTURES; c++) {
		snprintf(what, sizeof what, "-x %s CPU <= grep -oE",
		    capture_names[c]);
		if (r->extract[c] > 0)
			verdict(r->extract[c] <= T_EXTRACT_RATIO, NULL, what,
			    "%.2fx", r->extract[c]);
		else
			not_measured(what, "no grep run, or -x failed");
	}
}

static void
print_targets(const struct options *opt, const struct results *r)
{
	const char *start = unless(r->single.valid, "a run failed");
	const char *sstart = unless(r->single.static_valid, "a run failed");
	const char *bulk = unless(r->bulk.answered,
	    "portinfo did not answer every port");
	const char *big = unless(r->big_answered,
	    "portinfo did not answer every port");

	printf("\nTargets%s\n", opt->runs < MIN_RUNS ?
	    " (too few runs to judge start-up)" : "");
	verdict(r->single.start <= T_START_RATIO, start,
	    "portinfo 22 <= 1.05x the floor, wall", "%.2fx",
	    r->single.start);
	verdict(r->single.labels <= T_LABELS_RATIO, start,
	    "1,000 labels: portinfo 22 <= 1.30x", "%.2fx",
	    r->single.labels);
	if (r->single.static_start > 0)
		verdict(r->single.static_start <= T_START_RATIO, sstart,
		    "static portinfo 22 <= 1.05x its floor", "%.2fx",
		    r->single.static_start);
	if (r->bulk.cpu_ratio > 0)
		verdict(r->bulk.cpu_ratio <= T_BULK_RATIO, bulk,
		    "bulk CPU <= 0.50x the careful awk join", "%.2fx",
		    r->bulk.cpu_ratio);
	else
		not_measured("bulk CPU <= 0.50x the careful awk join",
		    "no awk run");
	if (r->bulk.static_cpu_ratio > 0)
		verdict(r->bulk.static_cpu_ratio <= T_BULK_RATIO, bulk,
		    "static bulk CPU <= 0.50x careful join", "%.2fx",
		    r->bulk.static_cpu_ratio);
	if (r->pi_ir > 0 && r->awk_ir > 0)
		printf("  info  %-40s %.0f / %.0f = %.2fx\n",
		    "instructions per port, portinfo / awk", r->pi_ir,
		    r->awk_ir, r->pi_ir / r->awk_ir);
	verdict(r->bulk.rss_kib <= T_RSS_KIB, bulk,
	    "peak RSS <= 4 MiB, bulk", "%.1f MiB", mib(r->bulk.rss_kib));
	verdict(r->big_rss_kib <= T_RSS_KIB, big,
	    "peak RSS <= 4 MiB, 10x bulk", "%.1f MiB",
	    mib(r->big_rss_kib));
	print_extract_targets(r);
	verdict(r->size <= T_BINARY, NULL, "binary <= 1.5 MiB, stripped",
	    "%.2f MiB", (double)r->size / (1024 * 1024));
	if (r->static_size > 0)
		verdict(r->static_size <= T_BINARY, NULL,
		    "static binary <= 1.5 MiB", "%.2f MiB",
		    (double)r->static_size / (1024 * 1024));
}

/*
 * Names: a batch of service names, and the same number misspelt, piped
 * through portinfo -f tsv; a name that finds nothing gets suggestions,
 * and a batch of misspelt names is to cost at most T_NAMES_RATIO times
 * the CPU time of right ones.  The names are the registry's, as
 * portinfo lists them for 0-65535, those a query reads as a name (a
 * letter, then letters, digits and hyphens); the misspelt ones have one
 * or two random edits of a letter, and are not names.
 */
#define NAMES		100000L		/* in each batch */
#define T_NAMES_RATIO	3.0
#define NAME_MAX_LEN	64

struct names {
	char	**v;		/* distinct, sorted */
	size_t	  n;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether s is a name a query reads as one, and keeps. */
static int
plain_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > NAME_MAX_LEN || *s < 'a' || *s > 'z' ||
	    s[len - 1] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/* The service column of portinfo -f tsv 0-65535, distinct and sorted. */
static struct names
harvest_names(const struct options *opt)
{
	const char *argv[] = { opt->portinfo, "-f", "tsv", "0-65535", NULL };
	struct names nm = { NULL, 0 };
	size_t cap = 0, i, j;
	char *line = NULL, *p, *end;
	size_t lcap = 0;
	struct outcome o;
	FILE *f;
	int fd[2];
	pid_t pid;

	make_pipe(fd);
	pid = spawn(argv, devnull, fd[1]);
	close(fd[1]);
	if ((f = fdopen(fd[0], "r")) == NULL)
		die("fdopen");
	while (getline(&line, &lcap, f) != -1) {
		for (p = line, i = 0; i < 5 && (p = strchr(p, '\t')); i++)
			p++;
		if (p == NULL || (end = strchr(p, '\t')) == NULL ||
		    !plain_name(p, (size_t)(end - p)))
			continue;
		if (nm.n == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((nm.v = realloc(nm.v, cap * sizeof *nm.v)) == NULL)
				die("out of memory");
		}
		*end = '\0';
		if ((nm.v[nm.n++] = strdup(p)) == NULL)
			die("out of memory");
	}
	free(line);
	fclose(f);
	reap(pid, &o);
	qsort(nm.v, nm.n, sizeof *nm.v, cmp_str);
	for (i = j = 0; i < nm.n; i++) {
		if (j > 0 && strcmp(nm.v[j - 1], nm.v[i]) == 0)
			free(nm.v[i]);
		else
			nm.v[j++] = nm.v[i];
	}
	nm.n = j;
	return nm;
}

/* name with one random edit of a letter, in place (room for one more). */
static void
misspell(char *name, uint64_t *state)
{
	size_t len = strlen(name), i = next_random(state) % (len + 1);
	char c = (char)('a' + next_random(state) % 26);

	switch (next_random(state) % 4) {
	case 0:		/* insertion */
		memmove(name + i + 1, name + i, len - i + 1);
		name[i] = c;
		break;
	case 1:		/* deletion */
		if (i < len)
			memmove(name + i, name + i + 1, len - i);
		break;
	case 2:		/* substitution */
		if (i < len)
			name[i] = c;
		break;
	default:	/* transposition */
		if (i + 1 < len) {
			c = name[i];
			name[i] = name[i + 1];
			name[i + 1] = c;
		}
	}
}

/* NAMES names, right or misspelt, one a line, in *len bytes. */
static char *
name_batch(const struct names *nm, int wrong, uint64_t seed, size_t *len)
{
	char *text = xcalloc(NAMES, NAME_MAX_LEN + 3), q[NAME_MAX_LEN + 3];
	uint64_t state = seed;
	size_t n = 0, k, edits;
	long i = 0;

	while (i < NAMES) {
		snprintf(q, sizeof q, "%s", nm->v[next_random(&state) % nm->n]);
		edits = wrong ? 1 + (next_random(&state) % 10 < 3) : 0;
		for (k = 0; k < edits; k++)
			misspell(q, &state);
		if (wrong && (!plain_name(q, strlen(q)) ||
		    bsearch(&(const char *){ q }, nm->v, nm->n, sizeof *nm->v,
		    cmp_str) != NULL))
			continue;
		n += (size_t)sprintf(text + n, "%s\n", q);
		i++;
	}
	*len = n;
	return text;
}

/* Runs argv with the batch on its standard input, fed by a child. */
static void
run_batch(const char **argv, const char *text, size_t len,
    struct series *s, int timed)
{
	struct outcome o, gen;
	int fd[2];
	pid_t pid;

	make_pipe(fd);
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		close(fd[0]);
		_exit(write_all(fd[1], text, len) == 0 ? 0 : 1);
	}
	close(fd[1]);
	run(argv, fd[0], 0, &o);
	close(fd[0]);
	reap(pid, &gen);
	record(s, &o, timed);
}

/* Instructions per name of argv on the batch, or -1. */
static double
batch_instructions(const char **argv, const char *text, size_t len)
{
	double ir;
	int fd, devnull;

	make_input(0, 0);
	if ((fd = open(tmp_path, O_WRONLY | O_TRUNC)) == -1 ||
	    write_all(fd, text, len) == -1 || close(fd) == -1)
		die("%s", tmp_path);
	if ((devnull = open("/dev/null", O_WRONLY)) == -1)
		die("/dev/null");
	ir = instructions(argv, tmp_path, devnull);
	close(devnull);
	drop_input();
	return ir < 0 ? -1 : ir / NAMES;
}

static void
bench_names(const struct options *opt)
{
	const char *argv[] = { opt->portinfo, "-f", "tsv", NULL };
	struct series s[2];
	struct names nm = harvest_names(opt);
	char *text[2];
	size_t len[2], j;
	double ir[2] = { -1, -1 }, ratio;
	long r;

	if (nm.n == 0)
		die("portinfo -f tsv 0-65535 lists no names");
	init_series(&s[0], "portinfo -f tsv, right names", argv, 1, 0);
	init_series(&s[1], "portinfo -f tsv, misspelt", argv, 1, 0);
	printf("\nNames: %ld of the registry's %zu names, right and then "
	    "misspelt (one or two\nedits), piped through portinfo; %ld "
	    "runs of each, interleaved; ratio of CPU\ntimes to the right "
	    "names'\n", NAMES, nm.n, opt->bulk_runs);
	for (j = 0; j < 2; j++) {
		text[j] = name_batch(&nm, (int)j, opt->seed + j, &len[j]);
		s[j].ns = xcalloc((size_t)opt->bulk_runs, sizeof(long long));
		s[j].cpu_ns = xcalloc((size_t)opt->bulk_runs,
		    sizeof(long long));
	}
	for (r = -1; r < opt->bulk_runs; r++)
		for (j = 0; j < 2; j++)
			run_batch(argv, text[(j + (size_t)(r + 1)) % 2],
			    len[(j + (size_t)(r + 1)) % 2],
			    &s[(j + (size_t)(r + 1)) % 2], r >= 0);
	print_table(s, 2, CPU, 1e6, "ms");
	print_notes(s, 2, opt->bulk_runs);
	if (can_run("valgrind"))
		for (j = 0; j < 2; j++)
			ir[j] = batch_instructions(argv, text[j], len[j]);
	if (ir[0] > 0 && ir[1] > 0)
		printf("  instructions per name (callgrind): right %.0f, "
		    "misspelt %.0f, %.2fx\n", ir[0], ir[1], ir[1] / ir[0]);
	ratio = cpu_median(&s[1]) / cpu_median(&s[0]);
	verdict(ratio <= T_NAMES_RATIO, s[0].failed || s[1].failed ?
	    "a run failed" : NULL, "misspelt names <= 3x right ones, CPU",
	    "%.2fx", ratio);
	for (j = 0; j < 2; j++)
		free(text[j]);
	for (j = 0; j < nm.n; j++)
		free(nm.v[j]);
	free(nm.v);
	free_series(s, 2);
}

int
main(int argc, char *argv[])
{
	struct options opt;
	struct results r;

	parse_options(argc, argv, &opt);
	setup();
	if (!can_run(opt.portinfo) || !can_run(opt.noop)) {
		errno = 0;
		die("cannot run %s or %s", opt.portinfo, opt.noop);
	}
	if (opt.static_portinfo != NULL && (!can_run(opt.static_portinfo) ||
	    !can_run(opt.static_noop))) {
		errno = 0;
		die("cannot run %s or %s", opt.static_portinfo,
		    opt.static_noop);
	}
	if (opt.lookup != NULL && !can_run(opt.lookup)) {
		errno = 0;
		die("cannot run %s", opt.lookup);
	}
	print_header(&opt);
	make_labels(opt.seed);
	r.single = bench_single(&opt);
	r.bulk = bench_bulk(&opt);
	bench_instructions(&opt, &r.pi_ir, &r.awk_ir);
	r.big_rss_kib = bench_big(&opt, &r.big_answered);
	r.extract[CAPTURE_CONNTRACK] = bench_extract(&opt, CAPTURE_CONNTRACK);
	r.extract[CAPTURE_SS] = bench_extract(&opt, CAPTURE_SS);
	bench_names(&opt);
	bench_binary(&opt, &r.size, &r.static_size);
	bench_wait(&opt);
	print_targets(&opt, &r);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		errno = 0;
		die("cannot write the report");
	}
	return 0;
}
