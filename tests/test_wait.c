/*
 * --wait: the parser of --timeout's seconds, and the queries resolved to
 * the ports of each protocol to watch.  The watching itself is tested
 * end to end, with real sockets (e2e_wait.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "labels.h"
#include "portinfo.h"
#include "wait.h"

#define NS 1000000000LL
#define ARGS_MAX 8

/* ---- --timeout ---- */

static long long
timeout_of(const char *s)
{
	long long ns = -42;

	assert_int_equal(wait_timeout_parse(s, &ns), 0);
	return ns;
}

static void
test_timeout_good(void **state)
{
	(void)state;
	assert_true(timeout_of("0") == 0);
	assert_true(timeout_of("0.0") == 0);
	assert_true(timeout_of("000") == 0);
	assert_true(timeout_of("60") == 60 * NS);
	assert_true(timeout_of("007") == 7 * NS);
	assert_true(timeout_of("0.5") == NS / 2);
	assert_true(timeout_of("2.25") == 2 * NS + NS / 4);
	assert_true(timeout_of("1.123456789") == NS + 123456789);
	assert_true(timeout_of("0.000000001") == 1);
	assert_true(timeout_of("1000000") == 1000000 * NS);
	assert_true(timeout_of("1000000.000") == 1000000 * NS);
	assert_true(timeout_of("0000000000000000000000001") == NS);
}

static void
test_timeout_bad(void **state)
{
	static const char *const bad[] = {
		"", " ", "-1", "+1", "-0", " 1", "1 ", "1\n", "1s", "1e3",
		"1E3", "nan", "NaN", "inf", "infinity", "0x10", ".5", "5.",
		"1.2.3", "1,5", "1..5", "1000001", "1000000.1",
		"1000000.000000001", "99999999999999999999",
		"18446744073709551617", "1.0000000001", "0.0000000001",
		"\xd9\xa1", "1\xc2\xa0",
	};
	long long ns = -42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (wait_timeout_parse(bad[i], &ns) != -1)
			fail_msg("'%s' taken as %lld ns", bad[i], ns);
		assert_true(ns == -42);
	}
}

/* ---- The ports to watch ---- */

static struct wait w;
static char said[1024];		/* what the last resolve wrote to err */
static struct pi_labels *labels;
static int quiet;		/* -q, for the next resolve */

/*
 * Resolves the NULL-terminated queries for cond with lookup, quiet if
 * quiet is set; what it said is left in said.
 */
static int
resolve(enum wait_for cond, unsigned lookup, const char *arg, ...)
{
	static char buf[ARGS_MAX][64];
	char *args[ARGS_MAX];
	va_list ap;
	int n = 0, rc;
	size_t len;
	FILE *err;

	va_start(ap, arg);
	for (; arg != NULL; arg = va_arg(ap, const char *)) {
		assert_true(n < ARGS_MAX && strlen(arg) < sizeof(buf[0]));
		args[n] = strcpy(buf[n], arg);
		n++;
	}
	va_end(ap);
	assert_non_null(err = tmpfile());
	rc = wait_resolve(&w, cond, lookup, labels, args, n, quiet, err);
	rewind(err);
	len = fread(said, 1, sizeof(said) - 1, err);
	said[len] = '\0';
	fclose(err);
	return rc;
}

#define ALL (PI_PROTO_ANY | PI_COMMON)
#define RESOLVE(cond, lookup, ...) \
	resolve(cond, lookup, __VA_ARGS__, (const char *)NULL)

/* Resolved without a word; the ports of tcp and udp are as given. */
#define WATCHES(cond, lookup, tcp, udp, ...) do { \
	assert_int_equal(RESOLVE(cond, lookup, __VA_ARGS__), 0); \
	assert_string_equal(said, ""); \
	assert_string_equal(ports_of(&w.ports[0], PI_TCP), tcp); \
	assert_string_equal(ports_of(&w.ports[1], PI_UDP), udp); \
} while (0)

/* Standard input becomes a file that holds text. */
static void
stdin_from(const char *text)
{
	FILE *fp;

	assert_non_null(fp = tmpfile());
	fputs(text, fp);
	rewind(fp);
	assert_int_equal(dup2(fileno(fp), STDIN_FILENO), STDIN_FILENO);
	fclose(fp);
}

/* Not resolved; said is exactly the lines given. */
#define REFUSED(cond, lookup, lines, ...) do { \
	assert_int_equal(RESOLVE(cond, lookup, __VA_ARGS__), -1); \
	assert_string_equal(said, lines); \
} while (0)

/* "22 80 443", the ports of l, after checking that they are proto's. */
static const char *
ports_of(const struct wait_ports *l, unsigned proto)
{
	static char text[4096];
	size_t used = 0;
	unsigned p;

	assert_int_equal(l->proto, proto);
	text[0] = '\0';
	for (p = 0; p <= PI_PORT_MAX; p++) {
		if (!(l->want.bits[p / CHAR_BIT] >> p % CHAR_BIT & 1u))
			continue;
		assert_true(p >= l->lo && p <= l->hi);
		used += (size_t)snprintf(text + used, sizeof(text) - used,
		    "%s%u", used > 0 ? " " : "", p);
		assert_true(used < sizeof(text));
	}
	return text;
}

static void
test_ports(void **state)
{
	(void)state;
	/* Listening means tcp unless a protocol is named. */
	WATCHES(WAIT_LISTENING, ALL, "8080", "", "8080");
	WATCHES(WAIT_LISTENING, ALL, "", "53", "53/udp");
	WATCHES(WAIT_LISTENING, ALL, "53", "53", "53/tcp", "53/udp");
	/* Free means no socket at all: tcp and udp. */
	WATCHES(WAIT_FREE, ALL, "8080", "8080", "8080");
	WATCHES(WAIT_FREE, ALL, "8080", "", "8080/tcp");
	/* Ranges are all of their ports; each port is watched once. */
	WATCHES(WAIT_LISTENING, ALL, "22 8000 8001 8002 9000", "",
	    "9000", "8000-8002", "22", "9000", "8001");
	WATCHES(WAIT_LISTENING, ALL, "0 65535", "", "0", "65535");
	/* This host's port, a URL's. */
	WATCHES(WAIT_LISTENING, ALL, "443 8080", "", "localhost:8080",
	    "https://127.0.0.1");
	/* An argument is split at commas, as for any query. */
	WATCHES(WAIT_LISTENING, ALL, "22 80 8080", "", "22,8080", ",80,,");
	WATCHES(WAIT_LISTENING, ALL, "22", "53", "22,53/udp");
}

static void
test_protocols_of_p(void **state)
{
	(void)state;
	/* -p names the protocols of a query that names none. */
	WATCHES(WAIT_LISTENING, PI_UDP | PI_COMMON, "", "8080", "8080");
	WATCHES(WAIT_LISTENING, PI_TCP | PI_UDP, "8080", "8080", "8080");
	WATCHES(WAIT_FREE, PI_TCP | PI_SCTP, "8080", "", "8080");
	WATCHES(WAIT_FREE, PI_UDP, "", "53", "53/udp");
	REFUSED(WAIT_LISTENING, PI_TCP,
	    "portinfo: 53/udp: -p leaves none of its protocols\n", "53/udp");
	REFUSED(WAIT_LISTENING, ALL,
	    "portinfo: 22/sctp: --wait watches tcp and udp ports only\n",
	    "22/sctp");
	REFUSED(WAIT_LISTENING, ALL, "portinfo: 'https://example.org': "
	    "names another host; --wait looks at this host only: give the "
	    "port alone\n", "https://example.org");
}

static void
test_names(void **state)
{
	(void)state;
	/* ssh's records: 22 for tcp, udp and sctp, and one of no port. */
	WATCHES(WAIT_LISTENING, ALL, "22", "", "ssh");
	WATCHES(WAIT_LISTENING, ALL, "22", "", "SSH");
	WATCHES(WAIT_FREE, ALL, "22", "22", "ssh");
	WATCHES(WAIT_LISTENING, ALL, "", "22", "ssh/udp");
	WATCHES(WAIT_LISTENING, ALL, "", "514", "syslog/udp");
	REFUSED(WAIT_LISTENING, ALL, "portinfo: syslog: has no tcp port\n",
	    "syslog");
	/* x11 is a range of ports. */
	assert_int_equal(RESOLVE(WAIT_LISTENING, ALL, "x11"), 0);
	assert_int_equal(w.ports[0].lo, 6000);
	assert_int_equal(w.ports[0].hi, 6063);
	assert_int_equal(strlen(ports_of(&w.ports[0], PI_TCP)), 64 * 5 - 1);
	/* A common use, unless IANA's registry alone is asked. */
	WATCHES(WAIT_LISTENING, ALL, "25565", "", "minecraft");
	REFUSED(WAIT_LISTENING, PI_PROTO_ANY,
	    "portinfo: minecraft: unknown service name\n", "minecraft");
	WATCHES(WAIT_FREE, ALL, "22 25565", "22", "minecraft", "ssh");
}

static void
test_labels(void **state)
{
	char path[] = "/tmp/test_wait.XXXXXX";
	struct pi_label_file file = { path, PI_SOURCE_FILE, 0 };
	FILE *fp;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs("Service Name,Port Number,Transport Protocol\n"
	    "myapp,7410,tcp\nmyapp,7411,udp\nssh,2222,tcp\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(pi_labels_load(&labels, &file, 1, stderr), 0);
	unlink(path);
	WATCHES(WAIT_LISTENING, ALL, "7410", "", "myapp");
	WATCHES(WAIT_FREE, ALL, "7410", "7411", "myapp");
	/* A label adds to the registry's records of the name. */
	WATCHES(WAIT_LISTENING, ALL, "22 2222", "", "ssh");
	pi_labels_free(labels);
	labels = NULL;
	REFUSED(WAIT_LISTENING, ALL, "portinfo: myapp: unknown service name\n"
	    "portinfo: myapp: did you mean mpp (218), mbap (502), mzap (2106)?\n",
	    "myapp");
}

/*
 * The queries of standard input, for "-" or with no argument, read as
 * those of any query: split at white space and commas, past comments.
 */
static void
test_stdin(void **state)
{
	(void)state;
	stdin_from("# the ports\n8018 ssh,\r\n6000-6001/udp");
	WATCHES(WAIT_LISTENING, ALL, "22 80 8018", "6000 6001", "80", "-");
	stdin_from("8018\n");
	WATCHES(WAIT_FREE, ALL, "8018", "8018", NULL);
	/* Read once, however often "-" is given. */
	stdin_from("8018\n");
	WATCHES(WAIT_FREE, ALL, "8018", "8018", "-", "-");
	stdin_from("nosuchname 99999\n");
	REFUSED(WAIT_FREE, ALL,
	    "portinfo: 80000: port out of range (0-65535)\n"
	    "portinfo: nosuchname: unknown service name\n"
	    "portinfo: 99999: port out of range (0-65535)\n", "80000", "-");
}

/* -q: an unknown name is an error all the same, but nothing is suggested. */
static void
test_quiet(void **state)
{
	(void)state;
	quiet = 1;
	REFUSED(WAIT_LISTENING, ALL, "portinfo: sshh: unknown service name\n",
	    "sshh");
	REFUSED(WAIT_FREE, ALL, "portinfo: 99999: port out of range (0-65535)\n"
	    "portinfo: mysq: unknown service name\n", "99999", "mysq");
	quiet = 0;
}

static void
test_refused(void **state)
{
	(void)state;
	stdin_from("");
	REFUSED(WAIT_LISTENING, ALL,
	    "portinfo: --wait needs a port or a service name\n", NULL);
	REFUSED(WAIT_LISTENING, ALL,
	    "portinfo: --wait needs a port or a service name\n", "-");
	REFUSED(WAIT_LISTENING, ALL,
	    "portinfo: 99999: port out of range (0-65535)\n", "99999");
	/* Every bad query is named, not only the first. */
	REFUSED(WAIT_FREE, ALL,
	    "portinfo: nosuchname: unknown service name\n"
	    "portinfo: 9-1: reversed range\n",
	    "22", "nosuchname", "80", "9-1");
	/* Each query of an argument; one of none, as is. */
	REFUSED(WAIT_FREE, ALL,
	    "portinfo: nosuchname: unknown service name\n"
	    "portinfo: ,: not a port, range or service name\n"
	    "portinfo: '': empty query\n",
	    "22,nosuchname,80", ",", "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeout_good),
		cmocka_unit_test(test_timeout_bad),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_protocols_of_p),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_refused),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	return rc;
}
