/*
 * busyhost: times the local view on a busy host that it makes itself,
 * beside ss(8), and prints medians, ratios and PASS/MISS lines for the
 * targets.  `make bench-host` runs it; it is never part of `make check`,
 * since no test may fail on a timer.
 *
 *   busyhost [-P procs] [-F fds] [-C conns] [-n runs] [portinfo]
 *
 * The busy host: procs processes, each holding fds open descriptors
 * (copies of /dev/null, which cost the kernel a table slot each) and, all
 * on 127.0.0.1, one listening TCP socket, one bound UDP socket and conns
 * TCP connections to its own listener (both ends).  The default, 200 x
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
#define DEF_RUNS	15
#define LIFETIME	600

/* The targets of the issue. */
#define T_NO_OWNERS	3.0	/* --free, -L: CPU time / ss -tuln's */
#define T_OWNERS	1.0	/* with owners: CPU time / ss -tulnp's */

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
holder(int fds, int conns, int ready)
{
	struct sockaddr_in sin, usin;
	unsigned short port;
	int lfd, null, i, c;
	struct rlimit rl;

	rl.rlim_cur = rl.rlim_max = (rlim_t)fds + 2 * (rlim_t)conns + 64;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		die("setrlimit (raise ulimit -Hn)");
	lfd = loopback_socket(SOCK_STREAM, 0, &sin);
	if (listen(lfd, conns + 1) == -1)
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
make_host(int procs, int fds, int conns, unsigned *last_port)
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
			holder(fds, conns, p[1]);
		}
		close(p[1]);
		if (read(p[0], &port, sizeof(port)) != sizeof(port)) {
			fprintf(stderr, "busyhost: holder %d failed\n", i);
			exit(2);
		}
		close(p[0]);
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
	int ok;			/* every run exited 0 or 1 */
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

int
main(int argc, char *argv[])
{
	int procs = DEF_PROCS, fds = DEF_FDS, conns = DEF_CONNS;
	int runs = DEF_RUNS, i, j, ch, ncmd, fails = 0;
	const char *pi = getenv("PORTINFO");
	char portarg[16];
	double ss_cpu, ssp_cpu, cpu, wall;
	unsigned last;
	pid_t *pids;

	while ((ch = getopt(argc, argv, "P:F:C:n:")) != -1) {
		switch (ch) {
		case 'P': procs = opt_int(optarg, 1, 10000); break;
		case 'F': fds = opt_int(optarg, 0, 1000000); break;
		case 'C': conns = opt_int(optarg, 0, 1000); break;
		case 'n': runs = opt_int(optarg, 1, 10000); break;
		default:
			fprintf(stderr, "usage: busyhost [-P procs] [-F fds] "
			    "[-C conns] [-n runs] [portinfo]\n");
			return 2;
		}
	}
	if (optind < argc)
		pi = argv[optind];
	if (pi == NULL)
		pi = "./portinfo";

	pids = make_host(procs, fds, conns, &last);
	/* The port of the last holder: its owner is found last. */
	snprintf(portarg, sizeof(portarg), "%u/tcp", last);
	{
		struct cmd cmds[] = {
			{ "ss -tuln", { "ss", "-tuln", NULL }, 0, 0, 1 },
			{ "ss -tulnp", { "ss", "-tulnp", NULL }, 0, 0, 1 },
			{ "portinfo --free", { pi, "--free", NULL }, 0, 0, 1 },
			{ "portinfo -L 5432", { pi, "-L", "5432", NULL },
			    0, 0, 1 },
			{ "portinfo -q --listening",
			    { pi, "-q", "--listening", NULL }, 0, 0, 1 },
			{ "portinfo --listening", { pi, "--listening", NULL },
			    0, 0, 1 },
			{ "portinfo -L PORT (last holder's)",
			    { pi, "-L", portarg, NULL }, 0, 0, 1 },
		};
		/* Targets: index of the command, reference, ratio. */
		static const struct { int cmd, ref; double max; } t[] = {
			{ 2, 0, T_NO_OWNERS }, { 3, 0, T_NO_OWNERS },
			{ 4, 0, T_NO_OWNERS }, { 5, 1, T_OWNERS },
			{ 6, 1, T_OWNERS },
		};
		double med_cpu[sizeof(cmds) / sizeof(cmds[0])];

		ncmd = (int)(sizeof(cmds) / sizeof(cmds[0]));
		for (j = 0; j < ncmd; j++) {
			cmds[j].cpu = calloc((size_t)runs, sizeof(double));
			cmds[j].wall = calloc((size_t)runs, sizeof(double));
			if (cmds[j].cpu == NULL || cmds[j].wall == NULL)
				die("calloc");
		}
		for (i = 0; i < runs; i++)
			for (j = 0; j < ncmd; j++)
				run_once(&cmds[j], i);
		unmake_host(pids, procs);

		printf("busy host: %d processes x %d descriptors, %d "
		    "connections each; %d runs, medians\n", procs, fds,
		    conns, runs);
		printf("%-36s %10s %10s %8s\n", "command", "cpu ms", "wall ms",
		    "cpu/ref");
		for (j = 0; j < ncmd; j++) {
			cpu = median(cmds[j].cpu, runs);
			wall = median(cmds[j].wall, runs);
			med_cpu[j] = cpu;
			printf("%-36s %10.1f %10.1f%s\n", cmds[j].label,
			    cpu * 1e3, wall * 1e3,
			    cmds[j].ok ? "" : "  (failed)");
		}
		ss_cpu = med_cpu[0];
		ssp_cpu = med_cpu[1];
		for (i = 0; i < (int)(sizeof(t) / sizeof(t[0])); i++) {
			double ref = t[i].ref == 0 ? ss_cpu : ssp_cpu;
			double r = ref > 0 ? med_cpu[t[i].cmd] / ref : 0;
			/* "Within" for the first, "faster" for the second. */
			int pass = cmds[t[i].cmd].ok &&
			    (t[i].ref == 0 ? r <= t[i].max : r < t[i].max);

			fails += !pass;
			printf("%s: %s at %.2fx %s's CPU time (target <= "
			    "%.2fx)\n", pass ? "PASS" : "MISS",
			    cmds[t[i].cmd].label, r, cmds[t[i].ref].label,
			    t[i].max);
		}
	}
	return fails ? 1 : 0;
}
