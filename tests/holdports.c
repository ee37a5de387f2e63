/*
 * holdports PROTO:PORT...: holds ports for the end-to-end tests.
 *
 * Binds each tcp:PORT or udp:PORT on 127.0.0.1 (port 0 lets the kernel
 * choose), listening on the tcp ones, then forks.  The parent prints the
 * child's pid and the ports bound, in order, on one line, and exits, so
 * that `set -- $(holdports tcp:0)` returns once the ports are held.  The
 * child keeps them until it is killed, or for LIFETIME seconds at most,
 * so that a test that dies leaves nothing behind for long.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LIFETIME	120
#define PORT_MAX	65535
#define NPORTS_MAX	64

static void
die(const char *what, const char *arg)
{
	fprintf(stderr, "holdports: %s: %s: %s\n", arg, what,
	    strerror(errno));
	exit(2);
}

/* Parses "tcp:N" or "udp:N" into a socket type and a port. */
static int
parse_arg(const char *arg, int *type, unsigned *port)
{
	const char *p;
	unsigned long v = 0;

	if (strncmp(arg, "tcp:", 4) == 0)
		*type = SOCK_STREAM;
	else if (strncmp(arg, "udp:", 4) == 0)
		*type = SOCK_DGRAM;
	else
		return 0;
	for (p = arg + 4; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (unsigned)(*p - '0')) > PORT_MAX)
			return 0;
	if (p == arg + 4 || *p != '\0')
		return 0;
	*port = (unsigned)v;
	return 1;
}

/* Binds one port and returns the port bound. */
static unsigned
hold(const char *arg)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	unsigned port;
	int fd, type;

	if (!parse_arg(arg, &type, &port)) {
		fprintf(stderr, "usage: holdports tcp:PORT|udp:PORT...\n");
		exit(2);
	}
	if ((fd = socket(AF_INET, type, 0)) == -1)
		die("socket", arg);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
		die("bind", arg);
	if (type == SOCK_STREAM && listen(fd, 1) == -1)
		die("listen", arg);
	if (getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		die("getsockname", arg);
	return ntohs(sin.sin_port);
}

int
main(int argc, char *argv[])
{
	unsigned ports[NPORTS_MAX];
	pid_t pid;
	int i, null;

	if (argc < 2 || argc - 1 > NPORTS_MAX) {
		fprintf(stderr, "usage: holdports tcp:PORT|udp:PORT...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		ports[i - 1] = hold(argv[i]);
	if ((pid = fork()) == -1)
		die("fork", argv[0]);
	if (pid == 0) {
		/* Let go of the caller's output, so that it sees its end. */
		if ((null = open("/dev/null", O_WRONLY)) == -1 ||
		    dup2(null, STDOUT_FILENO) == -1)
			die("open", "/dev/null");
		close(null);
		alarm(LIFETIME);
		for (;;)
			pause();
	}
	printf("%ld", (long)pid);
	for (i = 0; i < argc - 1; i++)
		printf(" %u", ports[i]);
	printf("\n");
	return fflush(stdout) == 0 ? 0 : 2;
}
