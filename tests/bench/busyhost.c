/*
 * busyhost: times the local view on a busy host that it makes itself,
 * beside ss(8), and prints medians, ratios and PASS/MISS lines for the
 * targets.  `make bench-host` runs it; it is never part of `make check`,
 * since no test may fail on a timer.
 *
 *   busyhost [-P procs] [-F fds] [-C conns] [-S socks] [-n runs]
 *       [-o old] [portinfo]
 *
 * The busy host: procs processes, each holding fds open descriptors
 * (copies of /dev/null, which cost the kernel a table slot each) and, all
 * on 127.0.0.1, socks listening TCP sockets (1 unless -S says), one bound
 * UDP socket and conns TCP connections to its first listener (both
 * ends): -P 200 -S 99 is a host with 20,000 listening sockets.  With -o,
 * the local view's listings are measured for old, an earlier build, too,
 * and their CPU time and peak memory compared.  The default, 200 x
 * 6,200 descriptors, is the host of the speed issue and fits a 2-core,
 * 24 GiB machine easily (about 1.2 M descriptors, under 200 MiB).  Every
 * holder is killed at the end, and dies on its own after LIFETIME
 * seconds should busyhost die first.
 *
 * Each command runs as a whole process (fork and exec, output to
 * /dev/null) and the runs of all commands are interleaved; the CPU time
 * (user + system, from wait4) and the wall time of each are medians.
 */
#define _DEFAULT_SOURCE

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEF_PROCS	200
#define DEF_FDS		6200
#define DEF_CONNS	5
#define DEF_SOCKS	1
#define DEF_RUNS	15
#define DEF_RUNS_MAX	10000
#define LIFETIME	600

/* The targets of the issue. */
#define T_NO_OWNERS	3.0	/* --free, -L: CPU time / ss -tuln's */
#define T_OWNERS	1.0	/* with owners: CPU time / ss -tulnp's */
#define T_OLD		1.2	/* a listing: CPU time and peak memory /
				   the old build's */

static void
die(const char *what)
{
	fprintf(stderr, "busyhost: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* ---- The busy host ---- */

static int
loopback_socket(int type, unsigned port, struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int fd;

	if ((fd = socket(AF_INET, type, 0)) == -1)
		die("socket");
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((unsigned short)port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)sin, sizeof(*sin)) == -1)
		die("bind");
	if (getsockname(fd, (struct sockaddr *)sin, &len) == -1)
		die("getsockname");
	return fd;
}

/*
 * One holder: its sockets and descriptors, then a byte on ready, then a
 * wait for the end.  Returns its listening port through the pipe too.
 */
static void
holder(int fds, int conns, int socks, int ready)
{
	struct sockaddr_in sin, usin, more;
	unsigned short port;
	int lfd, null, i, c;
	struct rlimit rl;

	rl.rlim_cur = rl.rlim_max = (rlim_t)fds + 2 * (rlim_t)conns +
	    (rlim_t)socks + 64;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		die("setrlimit (raise ulimit -Hn)");
	lfd = loopback_socket(SOCK_STREAM, 0, &sin);
	if (listen(lfd, conns + 1) == -1)
		die("listen");
	for (i = 1; i < socks; i++)
		if (listen(loopback_socket(SOCK_STREAM, 0, &more), 1) == -1)
			die("listen");
	(void)loopback_socket(SOCK_DGRAM, 0, &usin);
	for (i = 0; i < conns; i++) {
		if ((c = socket(AF_INET, SOCK_STREAM, 0)) == -1)
			die("socket");
		if (connect(c, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			die("connect");
		if (accept(lfd, NULL, NULL) == -1)
			die("accept");
	}
	if ((null = open("/dev/null", O_RDONLY)) == -1)
		die("/dev/null");
	for (i = 0; i < fds; i++)
		if (dup(null) == -1)
			die("dup");
	port = ntohs(sin.sin_port);
	if (write(ready, &port, sizeof(port)) != sizeof(port))
		die("write");
	close(ready);
	alarm(LIFETIME);
	for (;;)
		pause();
}

static pid_t *
make_host(int procs, int fds, int conns, int socks, unsigned *first_port,
    unsigned *last_port)
{
	pid_t *pids = calloc((size_t)procs, sizeof(*pids));
	unsigned short port = 0;
	int i, p[2];

	if (pids == NULL)
		die("calloc");
	for (i = 0; i < procs; i++) {
		if (pipe(p) == -1)
			die("pipe");
		if ((pids[i] = fork()) == -1)
			die("fork");
		if (pids[i] == 0) {
			close(p[0]);
			holder(fds, conns, socks, p[1]);
		}
		close(p[1]);
		if (read(p[0], &port, sizeof(port)) != sizeof(port)) {
			fprintf(stderr, "busyhost: holder %d failed\n", i);
			exit(2);
		}
		close(p[0]);
		if (i == 0)
			*first_port = port;
	}
	*last_port = port;
	return pids;
}

static void
unmake_host(pid_t *pids, int procs)
{
	int i;

	for (i = 0; i < procs; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < procs; i++)
		waitpid(pids[i], NULL, 0);
	free(pids);
}

/* ---- Timing ---- */

#define MAX_ARGS 8

struct cmd {
	const char *label;
	const char *argv[MAX_ARGS];
	double *cpu, *wall;	/* seconds, one per run */
	double *rss;		/* peak resident memory, KiB, one per run */
	int ok;			/* every run exited 0 or 1 */
	double med_cpu, med_wall, med_rss;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static void
run_once(struct cmd *c, int i)
{
	struct rusage ru;
	double t0;
	int status, null;
	pid_t pid;

	t0 = now();
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		if ((null = open("/dev/null", O_RDWR)) == -1)
			_exit(127);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execvp(c->argv[0], (char *const *)c->argv);
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) == -1)
		if (errno != EINTR)
			die("wait4");
	c->wall[i] = now() - t0;
	c->cpu[i] = seconds(&ru.ru_utime) + seconds(&ru.ru_stime);
	c->rss[i] = (double)ru.ru_maxrss;	/* KiB on Linux */
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		c->ok = 0;
}

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), by_double);
	return v[n / 2];
}

static int
opt_int(const char *s, int lo, int hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "busyhost: %s: not a number from %d to %d\n",
		    s, lo, hi);
		exit(2);
	}
	return (int)v;
}

/*
 * The commands, in the order of the table: ss, then portinfo's, then
 * with -o those from C_FREE on again for the old build (OLD + C_...).
 */
enum {
	C_SS, C_SSP, C_LFIELDS, C_FREE, C_L5432, C_QLISTEN, C_LISTEN, C_JSON,
	C_LLAST, C_LFIRST, OLD, NCMDS = OLD + OLD - C_FREE
};

static int
set_cmds(struct cmd *c, const char *pi, const char *old, char ports[2][16],
    int runs)
{
	static char labels[NCMDS][48];
	/* Designated, so that the fields left to the runs need no value. */
#define CMD(l, ...) { .label = l, .argv = { __VA_ARGS__, NULL } }
	const struct cmd all[OLD] = {
		[C_SS] = CMD("ss -tuln", "ss", "-tuln"),
		[C_SSP] = CMD("ss -tulnp", "ss", "-tulnp"),
		[C_LFIELDS] = CMD("portinfo -L PORT -o port,state",
		    pi, "-L", ports[0], "-o", "port,state"),
		[C_FREE] = CMD("portinfo --free", pi, "--free"),
		[C_L5432] = CMD("portinfo -L 5432", pi, "-L", "5432"),
		[C_QLISTEN] = CMD("portinfo -q --listening",
		    pi, "-q", "--listening"),
		[C_LISTEN] = CMD("portinfo --listening", pi, "--listening"),
		[C_JSON] = CMD("portinfo --listening -f json",
		    pi, "--listening", "-f", "json"),
		[C_LLAST] = CMD("portinfo -L PORT (last holder's)",
		    pi, "-L", ports[1]),
		[C_LFIRST] = CMD("portinfo -L PORT (first holder's)",
		    pi, "-L", ports[0]),
	};
#undef CMD
	int j, n = old != NULL ? NCMDS : OLD;

	for (j = 0; j < n; j++) {
		c[j] = all[j < OLD ? j : j - OLD + C_FREE];
		if (j >= OLD) {
			snprintf(labels[j], sizeof(labels[j]), "old%s",
			    c[j].label + strlen("portinfo"));
			c[j].label = labels[j];
			c[j].argv[0] = old;
		}
		c[j].ok = 1;
		/* Few, so that what the children inherit before they run
		   the command adds nothing to their peak memory. */
		c[j].cpu = calloc((size_t)runs, sizeof(double));
		c[j].wall = calloc((size_t)runs, sizeof(double));
		c[j].rss = calloc((size_t)runs, sizeof(double));
		if (c[j].cpu == NULL || c[j].wall == NULL || c[j].rss == NULL)
			die("calloc");
	}
	return n;
}

/* PASS or MISS of what / ref against max; 1 if a miss. */
static int
target(const char *what, double v, const struct cmd *c,
    const struct cmd *ref, double r_of, double max)
{
	double r = r_of > 0 ? v / r_of : 0;
	int pass = c->ok && r <= max;

	printf("%s: %s at %.2fx %s's %s (target <= %.2fx)\n",
	    pass ? "PASS" : "MISS", c->label, r, ref->label, what, max);
	return !pass;
}

static int
report(struct cmd *c, int n, int runs)
{
	static const struct { int cmd, ref; double max; } t[] = {
		{ C_FREE, C_SS, T_NO_OWNERS }, { C_L5432, C_SS, T_NO_OWNERS },
		{ C_LFIELDS, C_SS, T_NO_OWNERS },
		{ C_QLISTEN, C_SS, T_NO_OWNERS }, { C_LISTEN, C_SSP, T_OWNERS },
		{ C_LLAST, C_SSP, T_OWNERS },
	};
	int i, j, fails = 0;

	printf("%-36s %10s %10s %10s\n", "command", "cpu ms", "wall ms",
	    "peak KiB");
	for (j = 0; j < n; j++) {
		c[j].med_cpu = median(c[j].cpu, runs);
		c[j].med_wall = median(c[j].wall, runs);
		c[j].med_rss = median(c[j].rss, runs);
		printf("%-36s %10.1f %10.1f %10.0f%s\n", c[j].label,
		    c[j].med_cpu * 1e3, c[j].med_wall * 1e3, c[j].med_rss,
		    c[j].ok ? "" : "  (failed)");
	}
	for (i = 0; i < (int)(sizeof(t) / sizeof(t[0])); i++)
		fails += target("CPU time", c[t[i].cmd].med_cpu, &c[t[i].cmd],
		    &c[t[i].ref], c[t[i].ref].med_cpu, t[i].max);
	for (j = C_FREE; n == NCMDS && j < OLD; j++) {
		i = j - C_FREE + OLD;
		fails += target("CPU time", c[j].med_cpu, &c[j], &c[i],
		    c[i].med_cpu, T_OLD);
		fails += target("peak memory", c[j].med_rss, &c[j], &c[i],
		    c[i].med_rss, T_OLD);
	}
	return fails;
}

int
main(int argc, char *argv[])
{
	int procs = DEF_PROCS, fds = DEF_FDS, conns = DEF_CONNS;
	int socks = DEF_SOCKS, runs = DEF_RUNS, i, j, ch, n, fails;
	const char *pi = getenv("PORTINFO"), *old = NULL;
	struct cmd cmds[NCMDS];
	char ports[2][16];
	unsigned first = 0, last = 0;
	pid_t *pids;

	while ((ch = getopt(argc, argv, "P:F:C:S:n:o:")) != -1) {
		switch (ch) {
		case 'P': procs = opt_int(optarg, 1, 10000); break;
		case 'F': fds = opt_int(optarg, 0, 1000000); break;
		case 'C': conns = opt_int(optarg, 0, 1000); break;
		case 'S': socks = opt_int(optarg, 1, 10000); break;
		case 'n': runs = opt_int(optarg, 1, DEF_RUNS_MAX); break;
		case 'o': old = optarg; break;
		default:
			fprintf(stderr, "usage: busyhost [-P procs] [-F fds] "
			    "[-C conns] [-S socks] [-n runs] [-o old] "
			    "[portinfo]\n");
			return 2;
		}
	}
	if (optind < argc)
		pi = argv[optind];
	if (pi == NULL)
		pi = "./portinfo";
	pids = make_host(procs, fds, conns, socks, &first, &last);
	/* The ports of the first and last holders: their owners are found
	   first and last. */
	snprintf(ports[0], sizeof(ports[0]), "%u/tcp", first);
	snprintf(ports[1], sizeof(ports[1]), "%u/tcp", last);
	n = set_cmds(cmds, pi, old, ports, runs);
	for (i = 0; i < runs; i++)
		for (j = 0; j < n; j++)
			run_once(&cmds[j], i);
	unmake_host(pids, procs);
	printf("busy host: %d processes x %d descriptors, %d listening "
	    "sockets and %d connections each; %d runs, medians\n", procs,
	    fds, socks, conns, runs);
	fails = report(cmds, n, runs);
	return fails ? 1 : 0;
}
