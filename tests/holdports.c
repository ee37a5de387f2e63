/*
 * holdports [-2] KIND:PORT...: holds ports for the end-to-end tests.
 *
 * Binds each KIND:PORT (port 0 lets the kernel choose), then forks.  The
 * parent prints the child's pid and the ports bound, in order, on one
 * line, and exits, so that `set -- $(holdports tcp:0)` returns once the
 * ports are held.  The child keeps them until it is killed, or for
 * LIFETIME seconds at most, so that a test that dies leaves nothing
 * behind for long.  With -2 the child forks again, so that two processes
 * share each socket, and the line starts with both pids; each is killed
 * on its own.
 *
 * holdports -w PID...: waits until each process PID has ended, and so
 * let go of what it held, for a test to go on once a holder it killed
 * is gone.  The kernel says when (a pidfd, Linux 5.3 and later); where
 * it cannot, the process is looked for every WAIT_STEP_MS until it is
 * gone.  Exits 0, or 2 if a process outlived LIFETIME seconds.
 *
 * The kinds:
 *   tcp, udp		listening tcp, bound udp, on 127.0.0.1
 *   tcp6, udp6		the same on [::1]
 *   tcpbound		tcp bound on 127.0.0.2, not listening
 *   tcp6bound		tcp bound on [::1], not listening
 *   udpconn		udp on 127.0.0.1, connected to 127.0.0.1:9
 *   tcpreuse		listening tcp on 127.0.0.1 with SO_REUSEPORT, so
 *			that another holdports can listen there too
 *   tcpany		listening tcp on 0.0.0.0
 *   tcp6any		listening tcp on [::], taking IPv4 too (dual-stack)
 *   tcp6only		listening tcp on [::], IPv6 only
 *   tcppair		listening tcp on 127.0.0.1 and a connection to it:
 *			the connecting socket and the one accepted
 *
 * Run as docker-proxy (a link of that name to holdports, since the
 * kernel names a process after the file it runs), it takes docker-proxy's
 * flags instead, "-host-ip IP -host-port N" and any others with a value
 * (-proto, -container-ip, -container-port), and holds a listening tcp
 * socket on IP:N as docker-proxy would; the rest is as above.
 */
/* SO_REUSEPORT is not POSIX; the tests that use it run on Linux. */
#define _DEFAULT_SOURCE
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LIFETIME	120
#define PORT_MAX	65535
#define NPORTS_MAX	64
#define WAIT_STEP_MS	10

static void
die(const char *what, const char *arg)
{
	fprintf(stderr, "holdports: %s: %s: %s\n", arg, what,
	    strerror(errno));
	exit(2);
}

struct kind {
	const char *name;
	int family, type;
	const char *addr;
	int listen, connect, reuse;
	int v6only;		/* IPV6_V6ONLY: 1 or 0; -1 left as it is */
	int pair;		/* connect to it, and accept */
};

static const struct kind kinds[] = {
	{ "tcp", AF_INET, SOCK_STREAM, "127.0.0.1", 1, 0, 0, -1, 0 },
	{ "udp", AF_INET, SOCK_DGRAM, "127.0.0.1", 0, 0, 0, -1, 0 },
	{ "tcp6", AF_INET6, SOCK_STREAM, "::1", 1, 0, 0, -1, 0 },
	{ "udp6", AF_INET6, SOCK_DGRAM, "::1", 0, 0, 0, -1, 0 },
	{ "tcpbound", AF_INET, SOCK_STREAM, "127.0.0.2", 0, 0, 0, -1, 0 },
	{ "tcp6bound", AF_INET6, SOCK_STREAM, "::1", 0, 0, 0, -1, 0 },
	{ "udpconn", AF_INET, SOCK_DGRAM, "127.0.0.1", 0, 1, 0, -1, 0 },
	{ "tcpreuse", AF_INET, SOCK_STREAM, "127.0.0.1", 1, 0, 1, -1, 0 },
	{ "tcpany", AF_INET, SOCK_STREAM, "0.0.0.0", 1, 0, 0, -1, 0 },
	{ "tcp6any", AF_INET6, SOCK_STREAM, "::", 1, 0, 0, 0, 0 },
	{ "tcp6only", AF_INET6, SOCK_STREAM, "::", 1, 0, 0, 1, 0 },
	{ "tcppair", AF_INET, SOCK_STREAM, "127.0.0.1", 1, 0, 0, -1, 1 },
};

static void
usage(void)
{
	fprintf(stderr, "usage: holdports [-2] KIND:PORT...\n"
	    "       holdports -w PID...\n"
	    "       docker-proxy -host-ip IP -host-port N [-flag value]...\n");
	exit(2);
}

/* Parses "KIND:N" into a kind and a port. */
static int
parse_arg(const char *arg, const struct kind **k, unsigned *port)
{
	const char *colon = strchr(arg, ':'), *p;
	unsigned long v = 0;
	size_t i;

	if (colon == NULL)
		return 0;
	*k = NULL;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].name) == (size_t)(colon - arg) &&
		    strncmp(arg, kinds[i].name, (size_t)(colon - arg)) == 0)
			*k = &kinds[i];
	if (*k == NULL)
		return 0;
	for (p = colon + 1; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (unsigned)(*p - '0')) > PORT_MAX)
			return 0;
	if (p == colon + 1 || *p != '\0')
		return 0;
	*port = (unsigned)v;
	return 1;
}

/* addr:port of family as a socket address in *ss; returns its length. */
static socklen_t
address(int family, const char *addr, unsigned port,
    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((unsigned short)port);
		inet_pton(AF_INET, addr, &sin->sin_addr);
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons((unsigned short)port);
	inet_pton(AF_INET6, addr, &sin6->sin6_addr);
	return sizeof(*sin6);
}

/* A connection to the listening socket fd, at ss, and its other end. */
static void
pair(int fd, const struct sockaddr_storage *ss, socklen_t len,
    const char *arg)
{
	int c = socket(ss->ss_family, SOCK_STREAM, 0);

	if (c == -1 || connect(c, (const struct sockaddr *)ss, len) == -1)
		die("connect", arg);
	if (accept(fd, NULL, NULL) == -1)
		die("accept", arg);
}

/* Binds port of kind k at addr (k's own if NULL); the port bound. */
static unsigned
hold_at(const struct kind *k, const char *addr, unsigned port,
    const char *arg)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	if ((fd = socket(k->family, k->type, 0)) == -1)
		die("socket", arg);
	if (k->reuse &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) == -1)
		die("setsockopt", arg);
	if (k->v6only >= 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
	    &k->v6only, sizeof(k->v6only)) == -1)
		die("setsockopt", arg);
	len = address(k->family, addr != NULL ? addr : k->addr, port, &ss);
	if (bind(fd, (struct sockaddr *)&ss, len) == -1)
		die("bind", arg);
	if (k->listen && listen(fd, 1) == -1)
		die("listen", arg);
	if (k->connect) {
		struct sockaddr_storage to;
		socklen_t tolen = address(k->family, k->addr, 9, &to);
		if (connect(fd, (struct sockaddr *)&to, tolen) == -1)
			die("connect", arg);
	}
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		die("getsockname", arg);
	if (k->pair)
		pair(fd, &ss, len, arg);
	return k->family == AF_INET ?
	    ntohs(((struct sockaddr_in *)&ss)->sin_port) :
	    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* Binds one port and returns the port bound. */
static unsigned
hold(const char *arg)
{
	const struct kind *k;
	unsigned port;

	if (!parse_arg(arg, &k, &port))
		usage();
	return hold_at(k, NULL, port, arg);
}

/*
 * As docker-proxy: "-flag value" pairs, of which -host-ip and
 * -host-port say where to listen.  Returns the port held.
 */
static unsigned
proxy(int argc, char *argv[])
{
	static const struct kind k4 = { "tcp", AF_INET, SOCK_STREAM, NULL,
	    1, 0, 0, -1, 0 }, k6 = { "tcp6", AF_INET6, SOCK_STREAM, NULL,
	    1, 0, 0, -1, 0 };
	const char *ip = NULL, *port = NULL;
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-host-ip") == 0)
			ip = argv[i + 1];
		else if (strcmp(argv[i], "-host-port") == 0)
			port = argv[i + 1];
	}
	if (i != argc || ip == NULL || port == NULL)
		usage();
	return hold_at(strchr(ip, ':') != NULL ? &k6 : &k4, ip,
	    (unsigned)atoi(port), "docker-proxy");
}

/* Keeps what it holds until killed, or LIFETIME seconds at most. */
static void
keep(void)
{
	alarm(LIFETIME);
	for (;;)
		pause();
}

/* Waits until the process pid has ended; 0, or -1 if it outlived us. */
static int
wait_gone(pid_t pid)
{
	struct timespec step = { 0, WAIT_STEP_MS * 1000000L };
	long tries;
#ifdef SYS_pidfd_open
	struct pollfd pfd;

	pfd.fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd.fd == -1 && errno == ESRCH)
		return 0;
	if (pfd.fd != -1) {
		pfd.events = POLLIN;
		tries = poll(&pfd, 1, LIFETIME * 1000);
		close(pfd.fd);
		return tries == 1 ? 0 : -1;
	}
#endif
	for (tries = 0; tries < LIFETIME * 1000L / WAIT_STEP_MS; tries++) {
		if (kill(pid, 0) == -1 && errno == ESRCH)
			return 0;
		nanosleep(&step, NULL);
	}
	return -1;
}

/* holdports -w PID...: see the top of the file. */
static int
wait_all(int argc, char *argv[])
{
	char *end;
	long pid;
	int i;

	if (argc < 1)
		usage();
	for (i = 0; i < argc; i++) {
		errno = 0;
		pid = strtol(argv[i], &end, 10);
		if (errno != 0 || end == argv[i] || *end != '\0' || pid <= 0 ||
		    (long)(pid_t)pid != pid)
			usage();
		if (wait_gone((pid_t)pid) == -1) {
			fprintf(stderr, "holdports: %s: still there\n", argv[i]);
			return 2;
		}
	}
	return 0;
}

/*
 * Holds the ports of the command line, argv[0] as the program is named
 * (docker-proxy or not), into ports; returns how many.
 */
static int
hold_args(int argc, char *argv[], const char *as, unsigned ports[])
{
	const char *name = strrchr(as, '/');
	int i;

	if (strcmp(name != NULL ? name + 1 : as, "docker-proxy") == 0) {
		ports[0] = proxy(argc, argv);
		return 1;
	}
	if (argc < 2 || argc - 1 > NPORTS_MAX)
		usage();
	for (i = 1; i < argc; i++)
		ports[i - 1] = hold(argv[i]);
	return argc - 1;
}

int
main(int argc, char *argv[])
{
	unsigned ports[NPORTS_MAX];
	int i, n, null, shared = 0, pipefd[2];
	const char *as = argv[0];
	pid_t pid, pid2 = 0;

	if (argc > 1 && strcmp(argv[1], "-w") == 0)
		return wait_all(argc - 2, argv + 2);
	if (argc > 1 && strcmp(argv[1], "-2") == 0) {
		shared = 1;
		argc--;
		argv++;
	}
	n = hold_args(argc, argv, as, ports);
	if (pipe(pipefd) == -1)
		die("pipe", as);
	if ((pid = fork()) == -1)
		die("fork", as);
	if (pid == 0) {
		/* Let go of the caller's output, so that it sees its end. */
		if ((null = open("/dev/null", O_WRONLY)) == -1 ||
		    dup2(null, STDOUT_FILENO) == -1)
			die("open", "/dev/null");
		close(null);
		close(pipefd[0]);
		if (shared) {
			/* The second holder dies with the first. */
			if ((pid2 = fork()) == -1)
				die("fork", as);
			if (pid2 == 0) {
				close(pipefd[1]);
				keep();
			}
		}
		/* Tells the parent the second pid, and that all is held. */
		if (write(pipefd[1], &pid2, sizeof(pid2)) != sizeof(pid2))
			die("write", as);
		close(pipefd[1]);
		keep();
	}
	close(pipefd[1]);
	if (read(pipefd[0], &pid2, sizeof(pid2)) != sizeof(pid2))
		die("read", as);
	printf("%ld", (long)pid);
	if (shared)
		printf(" %ld", (long)pid2);
	for (i = 0; i < n; i++)
		printf(" %u", ports[i]);
	printf("\n");
	return fflush(stdout) == 0 ? 0 : 2;
}
