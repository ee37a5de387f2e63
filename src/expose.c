/* Who can reach a socket, and where a forwarder sends it. */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portinfo.h"
#include "ascii.h"
#include "expose.h"

/* The first 12 bytes of an IPv4-mapped IPv6 address, ::ffff:0:0/96. */
static const unsigned char v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};
static const unsigned char zeros[16];

const char *
expose_reach(unsigned family, const unsigned char *addr)
{
	if (family != 4 && memcmp(addr, v4mapped, sizeof(v4mapped)) == 0) {
		addr += sizeof(v4mapped);
		family = 4;
	}
	if (family == 4) {
		if (addr[0] == 127)
			return "loopback";
		return memcmp(addr, zeros, 4) == 0 ? "any" : "address";
	}
	if (memcmp(addr, zeros, 15) != 0 || addr[15] > 1)
		return "address";
	return addr[15] == 1 ? "loopback" : "any";
}

int
expose_dual_stack(unsigned family, const unsigned char *addr, int v6only)
{
	if (family == 4 || memcmp(addr, zeros, sizeof(zeros)) != 0)
		return 0;
	return v6only < 0 ? -1 : !v6only;
}

/*
 * docker-proxy is started as "docker-proxy -proto tcp -host-ip 0.0.0.0
 * -host-port 8080 -container-ip 172.17.0.2 -container-port 80" and reads
 * its arguments with Go's flag package: "-f" or "--f", a value as "-f=x"
 * or, unless the flag is boolean, as the next argument; flags end at the
 * first argument that is not one, at "-" or after "--"; the last of a
 * flag given twice counts; an unknown flag or a bad value ends it.
 * (podman's rootlessport reads its ports from standard input.)
 */

/* What a flag's value is kept as; the others are only skipped. */
enum slot { NONE = -1, HOST_PORT, CONTAINER_IP, CONTAINER_PORT, NSLOTS };

/* docker-proxy's flags, sorted by name for bsearch. */
static const struct flag {
	const char *name;	/* without its dashes */
	int takes_value;	/* 0: a boolean */
	enum slot slot;
} flags[] = {
	{ "container-ip", 1, CONTAINER_IP },
	{ "container-port", 1, CONTAINER_PORT },
	{ "host-ip", 1, NONE },
	{ "host-port", 1, HOST_PORT },
	{ "proto", 1, NONE },
	{ "use-listen-fd", 0, NONE },
	{ "v", 0, NONE },
	{ "version", 0, NONE }
};

static int
by_name(const void *pk, const void *pf)
{
	const struct flag *f = pf;

	return pi_word_cmp(pk, f->name, strlen(f->name));
}

/*
 * Walks argv[1 .. argc) as Go's flag package does, keeping the values of
 * flags' slots in val: 0 where the program would stop on an error, or at
 * an unknown flag that might take the next argument.
 */
static int
go_flags(int argc, const char *const argv[], const char *val[])
{
	const struct flag *f;
	struct pi_word k;
	const char *a, *eq;
	int i;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (a[0] != '-' || a[1] == '\0' || strcmp(a, "--") == 0)
			break;
		k.s = a + (a[1] == '-' ? 2 : 1);
		if (k.s[0] == '\0' || k.s[0] == '-' || k.s[0] == '=')
			return 0;
		eq = strchr(k.s, '=');
		k.n = eq != NULL ? (size_t)(eq - k.s) : strlen(k.s);
		f = bsearch(&k, flags, sizeof(flags) / sizeof(flags[0]),
		    sizeof(*flags), by_name);
		if (f == NULL || !f->takes_value) {
			if (f == NULL && eq == NULL)
				return 0;
			continue;
		}
		if (eq == NULL && ++i == argc)
			return 0;
		if (f->slot != NONE)
			val[f->slot] = eq != NULL ? eq + 1 : argv[i];
	}
	return 1;
}

/* A port, 1-65535, in decimal with no sign or leading zero; or 0. */
static unsigned
port_of(const char *s)
{
	unsigned long v;

	return s[0] != '0' && pi_decimal(s, strlen(s), PI_PORT_MAX, &v) ?
	    (unsigned)v : 0;
}

int
expose_endpoint(unsigned family, const unsigned char *addr, unsigned port,
    char *buf, size_t size)
{
	char text[INET6_ADDRSTRLEN];
	int n;

	if (inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, text,
	    sizeof(text)) == NULL)
		return 0;
	n = snprintf(buf, size, family == 4 ? "%s:%u" : "[%s]:%u", text,
	    port);
	return n > 0 && (size_t)n < size;
}

/* expose_endpoint for ip, an address as text; 0 if it is none. */
static int
endpoint(const char *ip, unsigned port, char *to, size_t size)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, ip, a) == 1)
		return expose_endpoint(4, a, port, to, size);
	return inet_pton(AF_INET6, ip, a) == 1 &&
	    expose_endpoint(6, a, port, to, size);
}

int
expose_forwarder(const char *comm)
{
	return strcmp(comm, "docker-proxy") == 0;
}

int
expose_forward(const char *comm, int argc, const char *const argv[],
    struct expose_forward *f)
{
	const char *val[NSLOTS] = { NULL, NULL, NULL };
	unsigned to_port;

	memset(f, 0, sizeof(*f));
	if (!expose_forwarder(comm) || argc < 1 ||
	    !go_flags(argc, argv, val) || val[HOST_PORT] == NULL ||
	    val[CONTAINER_IP] == NULL || val[CONTAINER_PORT] == NULL ||
	    (f->port = port_of(val[HOST_PORT])) == 0 ||
	    (to_port = port_of(val[CONTAINER_PORT])) == 0 ||
	    !endpoint(val[CONTAINER_IP], to_port, f->to, sizeof(f->to))) {
		memset(f, 0, sizeof(*f));
		return 0;
	}
	return 1;
}

int
expose_split(const char *buf, size_t len, const char *argv[], int max)
{
	const char *p = buf, *end = buf + len, *nul;
	int n = 0;

	if (len == 0 || buf[len - 1] != '\0')
		return -1;
	for (; p < end; p = nul + 1) {
		if (n == max)
			return -1;
		nul = memchr(p, '\0', (size_t)(end - p));
		argv[n++] = p;
	}
	return n;
}
