/*
 * The record rules shared by the table compiler and the label reader:
 * each field's rule at its edges, and the check that a reader of plain
 * text takes (pi_fields_check with plain) against the general one, on
 * every record of a small grammar of fields.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fields.h"
#include "plain.h"

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

/*
 * Every record of a few names, ports and protocols, in a header of
 * five columns: the plain check must say exactly what the general one
 * says, whenever the record's bytes are all plain.
 */
static void
test_plain_check_agrees(void **state)
{
	static const char *const names[] = {
		"", "ssh", "a b", " ssh", "ssh ", " ", "x(1)", "n-1_2.3",
	};
	static const char *const ports[] = {
		"", "22", "0", "65535", "65536", "1-2", "2-1", "-", "a",
		"1-2-3", "000001",
	};
	static const char *const protos[] = {
		"", "tcp", "udp", "sctp", "dccp", "TCP", "tcpx", "x",
	};
	static const char *const dates[] = {
		"", "2024-01-02", "2024-13-01", "2024-01", "24-01-01",
	};
	size_t col[PI_NCOLS], k, a, b, c, d, nf, checked = 0;
	const char *field[6];
	size_t len[6];
	struct pi_fields f1, f2;
	struct pi_bad b1, b2;
	int r1, r2;

	(void)state;
	for (k = 0; k < PI_NCOLS; k++)
		col[k] = PI_NOCOL;
	col[PI_COL_PORT] = 0;
	col[PI_COL_NAME] = 1;
	col[PI_COL_PROTO] = 2;
	col[PI_COL_REGDATE] = 3;
	col[PI_COL_DESC] = 4;
	for (a = 0; a < sizeof(names) / sizeof(names[0]); a++)
	for (b = 0; b < sizeof(ports) / sizeof(ports[0]); b++)
	for (c = 0; c < sizeof(protos) / sizeof(protos[0]); c++)
	for (d = 0; d < sizeof(dates) / sizeof(dates[0]); d++)
	for (nf = 4; nf <= 6; nf++) {
		field[0] = ports[b];
		field[1] = names[a];
		field[2] = protos[c];
		field[3] = dates[d];
		field[4] = "a description";
		field[5] = "extra";
		for (k = 0; k < 6; k++)
			len[k] = strlen(field[k]);
		r1 = pi_fields_take(&f1, field, len, nf, col, 5, 7, &b1);
		r2 = pi_fields_check(&f2, field, len, nf, col, 5, 7, 1, &b2);
		assert_int_equal(r1, r2);
		if (r1 == 0) {
			assert_int_equal(f1.has_port, f2.has_port);
			assert_int_equal(f1.lo, f2.lo);
			assert_int_equal(f1.hi, f2.hi);
			assert_int_equal(f1.proto, f2.proto);
			assert_ptr_equal(f1.text[PI_COL_NAME], field[1]);
			assert_int_equal(f1.len[PI_COL_DESC], 13);
			assert_int_equal(f1.len[PI_COL_REF], 0);
		} else {
			assert_int_equal(b1.line, 7);
			assert_string_equal(b1.why, b2.why);
			assert_ptr_equal(b1.text, b2.text);
			assert_int_equal(b1.len, b2.len);
		}
		checked++;
	}
	assert_true(checked > 1000);
}

/* A name of bytes that are not plain is refused by the general check. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_proto),
		cmocka_unit_test(test_plain_check_agrees),
		cmocka_unit_test(test_name_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
