/*
 * libFuzzer harness for the parsers of what Linux publishes in /proc:
 * the socket lines of /proc/net/{tcp,udp}[6], the reader that walks such
 * a file, the settings files (ip_local_port_range and one-number files
 * such as ip_unprivileged_port_start), and the list of reserved ports
 * (ip_local_reserved_ports), and the names of /proc entries that tell
 * which process holds a socket.
 *
 * The input is parsed whole as one socket line and as each settings
 * file, and read as a /proc/net file through fmemopen.  What a parser
 * accepts must make sense: ports within 0-65535, a range in order, an
 * address that prints, and the reader finds a socket a line at most.  The
 * list of reserved ports is checked against a second reading of its
 * rules, written another way: both must accept the same inputs and find
 * the same ports.  Any broken invariant aborts, so the fuzzer keeps the
 * input.
 *
 * Built by make fuzz, with the library; run with a corpus directory:
 *   build-fuzz/fuzz_local tests/fuzz/corpus_local
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "local.h"
#include "procnet.h"
#include "fuzz.h"

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
	char addr[INET6_ADDRSTRLEN];

	CHECK(s->proto == proto && s->family == family);
	CHECK(s->port <= PI_PORT_MAX);
	CHECK(s->nowners == 0 && s->owners == NULL);
	CHECK(inet_ntop(family == 4 ? AF_INET : AF_INET6, s->addr, addr,
	    sizeof(addr)) != NULL);
	CHECK(addr[0] != '\0' && strlen(addr) < sizeof(addr));
	CHECK(local_state_name(s) != NULL);
	/* A listening socket is one of the two kinds that can be. */
	if (local_sock_listening(s))
		CHECK(proto == PI_TCP ? s->state == LOCAL_LISTEN :
		    s->state == LOCAL_CLOSE && s->port != 0);
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
	struct local_sock s;
	size_t socks = 0;
	char *copy;
	FILE *fp = fuzz_open(&copy, data, size);
	int rc;

	while ((rc = procnet_read(fp, proto, family, &s)) == 1) {
		check_sock(&s, proto, family);
		socks++;
	}
	CHECK(rc == 0);
	/* A socket a line at most. */
	CHECK(socks <= count_lines(data, size));
	fclose(fp);
	free(copy);
}

static void
check_settings(const uint8_t *data, size_t size)
{
	unsigned lo, hi, port;

	if (procnet_parse_range((const char *)data, size, &lo, &hi) == 0)
		CHECK(lo <= hi && hi <= PI_PORT_MAX);
	if (procnet_parse_range((const char *)data, size, &port, NULL) == 0)
		CHECK(port <= PI_PORT_MAX);
}

/* A port of 1 to 5 digits, s[0..len) whole; 1 if it is one. */
static int
ref_port(const uint8_t *s, size_t len, unsigned long *v)
{
	size_t i;

	if (len == 0 || len > 5)
		return 0;
	for (*v = 0, i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	}
	return *v <= PI_PORT_MAX;
}

/* "PORT" or "LO-HI" with LO <= HI, s[0..len) whole. */
static int
ref_item(const uint8_t *s, size_t len, unsigned long *lo, unsigned long *hi)
{
	const uint8_t *dash = memchr(s, '-', len);
	size_t n;

	if (dash == NULL) {
		if (!ref_port(s, len, lo))
			return 0;
		*hi = *lo;
		return 1;
	}
	n = (size_t)(dash - s);
	return ref_port(s, n, lo) && ref_port(dash + 1, len - n - 1, hi) &&
	    *lo <= *hi;
}

/*
 * Whether data is a list of reserved ports: items split at commas,
 * each past the one before, and one newline, at the very end.  Sets
 * the bit of each port it holds in want, laid out as local_portset's:
 * port p is bit p % 8 of byte p / 8.
 */
static int
ref_reserved(const uint8_t *data, size_t size, struct local_portset *want)
{
	unsigned long lo, hi, next = 0, p;
	size_t start = 0, end;
	const uint8_t *comma;

	memset(want, 0, sizeof(*want));
	if (size == 0 || data[size - 1] != '\n' ||
	    memchr(data, '\n', size - 1) != NULL)
		return 0;
	if (--size == 0)
		return 1;
	for (;;) {
		comma = memchr(data + start, ',', size - start);
		end = comma != NULL ? (size_t)(comma - data) : size;
		if (!ref_item(data + start, end - start, &lo, &hi) || lo < next)
			return 0;
		for (p = lo; p <= hi; p++)
			want->bits[p / 8] |= (unsigned char)(1u << p % 8);
		next = hi + 1;
		if (end == size)
			return 1;
		start = end + 1;
	}
}

static void
check_reserved(const uint8_t *data, size_t size)
{
	static const struct local_portset none;
	const struct local_portset *expect;
	struct local_portset set, want;
	int rc, e, ok;
	unsigned port;
	size_t i;

	rc = procnet_parse_reserved((const char *)data, size, &set);
	e = errno;
	ok = ref_reserved(data, size, &want);
	CHECK(rc == (ok ? 0 : -1));
	CHECK(rc == 0 || e == EINVAL);
	/* Nothing is kept of a list that fails. */
	expect = ok ? &want : &none;
	CHECK(memcmp(&set, expect, sizeof(set)) == 0);
	/* The set answers for its bits (a few, spread), and for no port past
	   the last. */
	for (i = 0; i < size; i++) {
		port = (unsigned)(i * 997 % LOCAL_PORTS);
		CHECK(local_portset_has(&set, port) ==
		    ((expect->bits[port / 8] >> port % 8 & 1) != 0));
	}
	CHECK(!local_portset_has(&set, LOCAL_PORTS));
}

/*
 * The names of /proc: a socket's link "socket:[N]" and a process's
 * directory, digits only.  What is accepted must have that shape.
 */
static void
check_names(const uint8_t *data, size_t size)
{
	static const char prefix[] = "socket:[";
	size_t i;

	if (procnet_socket_inode((const char *)data, size) != 0)
		CHECK(size > sizeof(prefix) &&
		    memcmp(data, prefix, sizeof(prefix) - 1) == 0 &&
		    data[size - 1] == ']');
	if (procnet_pid((const char *)data, size) > 0)
		for (i = 0; i < size; i++)
			CHECK(data[i] >= '0' && data[i] <= '9');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct local_sock s;
	size_t i;

	for (i = 0; i < NKINDS; i++) {
		memset(&s, 0, sizeof(s));
		if (procnet_parse_line((const char *)data, size, kinds[i].proto,
		    kinds[i].family, &s) == 1)
			check_sock(&s, kinds[i].proto, kinds[i].family);
		check_reader(data, size, kinds[i].proto, kinds[i].family);
	}
	check_settings(data, size);
	check_reserved(data, size);
	check_names(data, size);
	return 0;
}
