/*
 * The record rules shared by the table compiler and the label reader:
 * each field's rule at its edges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "fields.h"

static const char not_port[] =
    "port is not a number from 0 to 65535 or a range";

static void
test_port(void **state)
{
	static const struct {
		const char *s;
		const char *why;
		unsigned lo, hi;
	} cases[] = {
		{ "0", NULL, 0, 0 },
		{ "22", NULL, 22, 22 },
		{ "00022", NULL, 22, 22 },
		{ "65535", NULL, 65535, 65535 },
		{ "6000-6063", NULL, 6000, 6063 },
		{ "80-80", NULL, 80, 80 },
		{ "0-65535", NULL, 0, 65535 },
		{ "00000-00001", NULL, 0, 1 },
		{ "65536", not_port, 0, 0 },
		{ "99999", not_port, 0, 0 },
		{ "000022", not_port, 0, 0 },
		{ "1234567", not_port, 0, 0 },
		{ "-80", not_port, 0, 0 },
		{ "80-", not_port, 0, 0 },
		{ "-", not_port, 0, 0 },
		{ "1-2-3", not_port, 0, 0 },
		{ "1--2", not_port, 0, 0 },
		{ "8O", not_port, 0, 0 },
		{ " 80", not_port, 0, 0 },
		{ "80 ", not_port, 0, 0 },
		{ "+80", not_port, 0, 0 },
		{ "1-65536", not_port, 0, 0 },
		{ "70000-1", not_port, 0, 0 },
		{ "1-000002", not_port, 0, 0 },
		{ "1x-2", not_port, 0, 0 },
		{ "2-1", "port range is reversed", 0, 0 },
		{ "6063-6000", "port range is reversed", 0, 0 },
	};
	unsigned lo, hi;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = pi_field_port(cases[i].s,
		    strlen(cases[i].s), &lo, &hi);

		if (cases[i].why == NULL) {
			assert_null(why);
			assert_int_equal(lo, cases[i].lo);
			assert_int_equal(hi, cases[i].hi);
		} else {
			assert_non_null(why);
			assert_string_equal(why, cases[i].why);
		}
	}
	/* The length given bounds the number, not a NUL. */
	assert_null(pi_field_port("80-90", 2, &lo, &hi));
	assert_int_equal(lo, 80);
	assert_int_equal(hi, 80);
}

static void
test_proto(void **state)
{
	static const struct {
		const char *s;
		unsigned proto;		/* 0 with ok: none named */
		int ok;
	} cases[] = {
		{ "", 0, 1 }, { "tcp", 1, 1 }, { "udp", 2, 1 },
		{ "sctp", 4, 1 }, { "dccp", 8, 1 },
		{ "TCP", 0, 0 }, { "tc", 0, 0 }, { "t", 0, 0 },
		{ "tcpx", 0, 0 }, { "tcp ", 0, 0 }, { "ucp", 0, 0 },
		{ "dcp", 0, 0 }, { "udcp", 0, 0 }, { "scpt", 0, 0 },
		{ "sctpp", 0, 0 }, { "icmp", 0, 0 }, { "dccq", 0, 0 },
		{ "stcp", 0, 0 }, { "uudp", 0, 0 },
	};
	unsigned proto;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = pi_field_proto(cases[i].s,
		    strlen(cases[i].s), &proto);

		if (cases[i].ok) {
			assert_null(why);
			assert_int_equal(proto, cases[i].proto);
		} else {
			assert_non_null(why);
			assert_string_equal(why, "unknown transport protocol");
		}
	}
	/* "tcp" cut to its first two letters is no protocol. */
	assert_non_null(pi_field_proto("tcp", 2, &proto));
}

/* A name of bytes that are not plain is refused. */
static void
test_name_bytes(void **state)
{
	static const char *const bad[] = {
		"a,b", "a\"b", "a\\b", "a\tb", "caf\xc3\xa9", "a\x7f",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_string_equal(pi_field_name(bad[i], strlen(bad[i])),
		    "service name has a character not allowed in a name");
	}
	assert_null(pi_field_name("Apple Remote Desktop (Net Assistant)",
	    36));
	assert_string_equal(pi_field_name(" a", 2),
	    "service name begins or ends with a space");
}

/*
 * A label's name, and a name or alias of /etc/services, holds only what
 * a query's name may: IANA's older names with spaces are the registry's
 * alone.
 */
static void
test_label_name(void **state)
{
	static const char csv[] = "Service Name,Port Number,Transport "
	    "Protocol\nbad name,7427,tcp\n";
	static const char *const bad[] = { "bad name", "a(b)", "a:b", "a!" };
	static const char no_query[] =
	    "service name has a character not allowed in a query";
	size_t col[PI_NCOLS], i;
	struct pi_fields f;
	struct pi_etc_line e;
	struct pi_bad why;
	struct csv c;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(pi_field_name(bad[i], strlen(bad[i])));
		assert_string_equal(pi_field_label_name(bad[i],
		    strlen(bad[i])), no_query);
	}
	assert_null(pi_field_label_name("whois++", 7));
	assert_null(pi_field_label_name("914c/g", 6));
	assert_null(pi_field_label_name("", 0));
	/* The registry's rule comes first, its words with it. */
	assert_string_equal(pi_field_label_name(" a", 2),
	    "service name begins or ends with a space");
	csv_init(&c, csv, sizeof(csv) - 1);
	assert_int_equal(csv_read(&c), 1);
	assert_int_equal(pi_fields_header(&c, pi_col_names, PI_NCOLS, col,
	    PI_COL_DESC, &why), 0);
	assert_int_equal(csv_read(&c), 1);
	assert_int_equal(pi_fields_record(&c, col, 3, pi_field_name, &f,
	    &why), 0);
	assert_int_equal(pi_fields_record(&c, col, 3, pi_field_label_name, &f,
	    &why), -1);
	assert_int_equal(why.line, 2);
	assert_string_equal(why.why, no_query);
	assert_memory_equal(why.text, "bad name", why.len);
	csv_free(&c);
	assert_int_equal(pi_etc_line("ok 7/tcp a(b)", 13, 1, &e, &why), -1);
	assert_string_equal(why.why, no_query);
	assert_memory_equal(why.text, "a(b)", why.len);
	assert_int_equal(pi_etc_line("a!b 7/tcp", 9, 1, &e, &why), -1);
	assert_string_equal(why.why, no_query);
}

/* A services(5) line's second word: the port, then its protocol. */
static void
test_etc_port(void **state)
{
	struct pi_etc_line e;
	struct pi_bad bad;

	(void)state;
#define LINE(s) pi_etc_line(s, sizeof(s) - 1, 3, &e, &bad)
	assert_int_equal(LINE("noslash 7462"), -1);
	assert_string_equal(bad.why, "no /protocol after the port");
	assert_int_equal(bad.len, 4);
	assert_memory_equal(bad.text, "7462", 4);
	assert_int_equal(LINE("noport tcp # the port left out"), -1);
	assert_string_equal(bad.why, not_port);
	assert_memory_equal(bad.text, "tcp", bad.len);
	assert_int_equal(LINE("noport /tcp"), -1);
	assert_string_equal(bad.why, not_port);
	assert_int_equal(bad.len, 0);
	assert_int_equal(LINE("alone"), -1);
	assert_string_equal(bad.why, "no port/protocol after the name");
	assert_null(bad.text);
#undef LINE
}

/*
 * A text on one line: blanks and line breaks made one space, none at
 * either end; whether it is plain; a control character refused on its
 * line, unless no column is named.
 */
static void
test_line(void **state)
{
	static const struct {
		const char *s, *want;
		int r;
	} cases[] = {
		{ "", "", 1 },
		{ " \t\r\n ", "", 1 },
		{ "  one\r\n\t two  three ", "one two three", 1 },
		{ "a,b", "a,b", 0 },
		{ "say \"x\"", "say \"x\"", 0 },
		{ "a\\b", "a\\b", 0 },
		{ "caf\xc3\xa9 ", "caf\xc3\xa9", 0 },
		{ "x\n\n\x1b[31m", NULL, -1 },
		{ "x\n\xc2\x85", NULL, -1 },
	};
	struct pi_bad bad;
	unsigned long line;
	char buf[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = 2;
		line = 5;
		assert_int_equal(pi_field_line(buf, &n, cases[i].s,
		    strlen(cases[i].s), &line, "Description", &bad),
		    cases[i].r);
		if (cases[i].r == -1) {
			assert_int_equal(bad.line, 5 + (i == 7 ? 2 : 1));
			assert_string_equal(bad.why, "control character in");
			n = 0;
			assert_int_equal(pi_field_line(buf, &n, cases[i].s,
			    strlen(cases[i].s), &line, NULL, &bad), 0);
			continue;
		}
		assert_int_equal(n - 2, strlen(cases[i].want));
		assert_memory_equal(buf + 2, cases[i].want, n - 2);
	}
	n = 0;
	assert_int_equal(pi_field_refs(buf, &n, "[RFC1][a b]", 11, 1, &bad),
	    1);
	assert_memory_equal(buf, "RFC1; a b", n);
	n = 0;
	assert_int_equal(pi_field_refs(buf, &n, "[RFC1][\xc3\xa9]", 10, 1,
	    &bad), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_proto),
		cmocka_unit_test(test_name_bytes),
		cmocka_unit_test(test_label_name),
		cmocka_unit_test(test_etc_port),
		cmocka_unit_test(test_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
