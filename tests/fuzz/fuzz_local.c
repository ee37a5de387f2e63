/*
 * libFuzzer harness for the parsers of what Linux publishes in /proc:
 * the socket lines of /proc/net/{tcp,udp}[6], the reader that walks such
 * a file, and the settings files (ip_local_port_range and one-number
 * files such as ip_unprivileged_port_start).
 *
 * The input is parsed whole as one socket line, read as a /proc/net
 * file through fmemopen, and read as each settings file.  What a parser
 * accepts must make sense: ports within 0-65535, a range in order, an
 * address that prints, and the reader's count of lines must add up.  Any
 * broken invariant aborts, so the fuzzer keeps the input.
 *
 * Built by make fuzz, with the library; run with a corpus directory:
 *   build-fuzz/fuzz_local tests/fuzz/corpus_local
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "local.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: broken: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

static const struct {
	unsigned proto, family;
} kinds[] = {
	{ PI_TCP, 4 }, { PI_TCP, 6 }, { PI_UDP, 4 }, { PI_UDP, 6 }
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* What every socket a parser hands out must satisfy. */
static void
check_sock(const struct local_sock *s, unsigned proto, unsigned family)
{
	char addr[LOCAL_ADDRSTRLEN];

	CHECK(s->proto == proto && s->family == family);
	CHECK(s->port <= PI_PORT_MAX);
	CHECK(s->pid == 0 && s->comm[0] == '\0');
	CHECK(local_addr_str(s, addr, sizeof(addr)) == 0);
	CHECK(addr[0] != '\0' && strlen(addr) < sizeof(addr));
	CHECK(local_state_name(s) != NULL);
	/* A socket that holds its port is one of the two kinds that can. */
	if (local_sock_holds(s))
		CHECK(proto == PI_TCP ? s->state == LOCAL_LISTEN :
		    s->port != 0);
}

static FILE *
open_input(const uint8_t *data, size_t size)
{
	FILE *fp = fmemopen((void *)(uintptr_t)data, size, "r");

	CHECK(fp != NULL);
	return fp;
}

/* Lines in data[0..size), a last one without a newline included. */
static size_t
count_lines(const uint8_t *data, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < size; i++)
		n += data[i] == '\n';
	return n + (size > 0 && data[size - 1] != '\n');
}

static void
check_reader(const uint8_t *data, size_t size, unsigned proto,
    unsigned family)
{
	struct local_reader r;
	struct local_sock s;
	size_t socks = 0;
	FILE *fp = open_input(data, size);
	int rc;

	local_reader_init(&r, fp, proto, family);
	while ((rc = local_reader_next(&r, &s)) == 1) {
		check_sock(&s, proto, family);
		socks++;
	}
	CHECK(rc == 0);
	/* Every line is a socket, skipped, or the one header. */
	CHECK(r.lineno == count_lines(data, size));
	CHECK(socks + r.skipped <= r.lineno &&
	    r.lineno - socks - r.skipped <= 1);
	fclose(fp);
}

static void
check_settings(const uint8_t *data, size_t size)
{
	unsigned lo, hi, port;
	FILE *fp;

	fp = open_input(data, size);
	if (local_parse_range(fp, &lo, &hi) == 0)
		CHECK(lo <= hi && hi <= PI_PORT_MAX);
	fclose(fp);
	fp = open_input(data, size);
	if (local_parse_port(fp, &port) == 0)
		CHECK(port <= PI_PORT_MAX);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct local_sock s;
	size_t i;

	for (i = 0; i < NKINDS; i++) {
		memset(&s, 0, sizeof(s));
		if (local_parse_line((const char *)data, size, kinds[i].proto,
		    kinds[i].family, &s) == 1)
			check_sock(&s, kinds[i].proto, kinds[i].family);
		if (size > 0)	/* fmemopen may refuse an empty buffer */
			check_reader(data, size, kinds[i].proto,
			    kinds[i].family);
	}
	if (size > 0)
		check_settings(data, size);
	return 0;
}
