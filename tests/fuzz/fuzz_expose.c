/*
 * libFuzzer harness for expose.c: a process's command line as
 * /proc/PID/cmdline holds it, split into arguments and read as a
 * forwarder's, and the same bytes taken as socket addresses.
 *
 * What is accepted must make sense: the arguments lie within the input,
 * one per NUL; a forward is an address that parses again and a port of
 * 1-65535, the same for the same arguments, and none for a command that
 * is not a forwarder; an address's reach is one of the three, an
 * IPv4-mapped one's that of its IPv4 address.  Any broken invariant
 * aborts, so the fuzzer keeps the input.
 *
 * Built by make fuzz, with the library; run with a corpus directory:
 *   build-fuzz/fuzz_expose tests/fuzz/corpus_expose
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portinfo.h"
#include "expose.h"
#include "fuzz.h"

/* The arguments expose_split found in data[0..size): one per NUL. */
static void
check_split(const char *data, size_t size, const char *const *argv,
    int argc)
{
	size_t nuls = 0, i;
	int j;

	for (i = 0; i < size; i++)
		nuls += data[i] == '\0';
	if (size == 0 || data[size - 1] != '\0' || nuls > EXPOSE_ARGS_MAX) {
		CHECK(argc == -1);
		return;
	}
	CHECK(argc == (int)nuls);
	for (j = 0; j < argc; j++) {
		CHECK(argv[j] == (j == 0 ? data : argv[j - 1] +
		    strlen(argv[j - 1]) + 1));
		CHECK(argv[j] + strlen(argv[j]) < data + size);
	}
}

/* "a.b.c.d:port" or "[v6]:port", both parts as they parse. */
static void
check_to(const struct expose_forward *f)
{
	char addr[EXPOSE_ENDPOINT_MAX];
	unsigned char a[16];
	const char *colon;
	size_t n = strlen(f->to);
	unsigned long port;
	char *end;
	int v6 = f->to[0] == '[';

	CHECK(n > 0 && n < sizeof(f->to));
	CHECK(f->port >= 1 && f->port <= PI_PORT_MAX);
	CHECK((colon = strrchr(f->to, ':')) != NULL);
	n = (size_t)(colon - f->to);
	CHECK(!v6 || (n >= 2 && f->to[n - 1] == ']'));
	memcpy(addr, f->to + v6, n - 2 * (size_t)v6);
	addr[n - 2 * (size_t)v6] = '\0';
	CHECK(inet_pton(v6 ? AF_INET6 : AF_INET, addr, a) == 1);
	port = strtoul(colon + 1, &end, 10);
	CHECK(*end == '\0' && port >= 1 && port <= PI_PORT_MAX);
	CHECK(colon[1] != '0');
}

static void
check_forward(const char *const *argv, int argc)
{
	struct expose_forward f, again;
	int rc;

	rc = expose_forward("docker-proxy", argc, argv, &f);
	CHECK(rc == 0 || rc == 1);
	if (rc == 1)
		check_to(&f);
	else
		CHECK(f.port == 0 && f.to[0] == '\0');
	CHECK(expose_forward("docker-proxy", argc, argv, &again) == rc);
	CHECK(memcmp(&f, &again, sizeof(f)) == 0);
	CHECK(expose_forward("dockerd", argc, argv, &again) == 0);
	CHECK(expose_forwarder(argv[0]) == (strcmp(argv[0],
	    "docker-proxy") == 0));
}

/* One of the three reaches. */
static int
is_reach(const char *r)
{
	return strcmp(r, "loopback") == 0 || strcmp(r, "any") == 0 ||
	    strcmp(r, "address") == 0;
}

static void
check_reach(const uint8_t *data, size_t size)
{
	unsigned char a[16], mapped[16] = { [10] = 0xff, [11] = 0xff };
	const char *r4, *r6;
	int d;

	if (size < sizeof(a))
		return;
	memcpy(a, data, sizeof(a));
	r4 = expose_reach(4, a);
	r6 = expose_reach(6, a);
	CHECK(is_reach(r4) && is_reach(r6));
	memcpy(mapped + 12, a, 4);
	CHECK(strcmp(expose_reach(6, mapped), r4) == 0);
	d = expose_dual_stack(6, a, (signed char)data[0] % 2);
	CHECK(d >= -1 && d <= 1);
	CHECK(d == 0 || strcmp(r6, "any") == 0);
	CHECK(expose_dual_stack(4, a, 0) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *argv[EXPOSE_ARGS_MAX];
	char *copy;
	int argc;

	/* A copy the size of the input, so that ASan sees any read past. */
	CHECK((copy = malloc(size > 0 ? size : 1)) != NULL);
	memcpy(copy, data, size);
	argc = expose_split(copy, size, argv, EXPOSE_ARGS_MAX);
	check_split(copy, size, argv, argc);
	if (argc >= 1)
		check_forward(argv, argc);
	check_reach(data, size);
	free(copy);
	return 0;
}
