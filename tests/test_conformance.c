/*
 * Conformance: reads data/services.csv on its own terms and checks that
 * every record is in the compiled table as it is in the file, and that
 * every record with a name and a port is found both by its port and by
 * its name.  The data file is $PI_DATA, or data/services.csv.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csv.h"
#include "portinfo.h"

struct expect {
	char name[64];
	char desc[1024];
	char ref[1024];
	unsigned lo, hi, proto;
	int has_port;
};

/* The registry's text on one line: white space runs become a space. */
static void
one_line(char *dst, size_t size, const char *src, const char *drop)
{
	size_t n = 0;
	int gap = 0;

	for (; *src != '\0'; src++) {
		if (strchr(" \t\r\n", *src) != NULL || strchr(drop, *src)) {
			gap = n > 0;
			continue;
		}
		assert_true(n + 2 < size);
		if (gap)
			dst[n++] = ' ';
		gap = 0;
		dst[n++] = *src;
	}
	dst[n] = '\0';
}

static size_t
column(const struct csv *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nfields; i++) {
		if (strcmp(csv_field(c, i), name) == 0)
			return i;
	}
	fail_msg("no column %s", name);
	return 0;
}

static void
parse(struct expect *x, const struct csv *c, const size_t col[5])
{
	const char *port = csv_field(c, col[1]);
	const char *proto = csv_field(c, col[2]);
	char *end;

	assert_true(strlen(csv_field(c, col[0])) < sizeof(x->name));
	strncpy(x->name, csv_field(c, col[0]), sizeof(x->name) - 1);
	x->name[sizeof(x->name) - 1] = '\0';
	one_line(x->desc, sizeof(x->desc), csv_field(c, col[3]), "");
	one_line(x->ref, sizeof(x->ref), csv_field(c, col[4]), "[]");
	x->has_port = *port != '\0';
	x->lo = x->hi = 0;
	if (x->has_port) {
		x->lo = x->hi = (unsigned)strtoul(port, &end, 10);
		if (*end == '-')
			x->hi = (unsigned)strtoul(end + 1, &end, 10);
		assert_int_equal(*end, '\0');
	}
	x->proto = *proto == '\0' ? 0 : pi_proto_parse(proto, strlen(proto));
}

static int
same(const struct expect *x, const struct pi_entry *e)
{
	return strcmp(x->name, e->name) == 0 &&
	    strcmp(x->desc, e->description) == 0 &&
	    strcmp(x->ref, e->reference) == 0 &&
	    x->has_port == e->has_port && x->lo == e->port &&
	    x->hi == e->port_end && x->proto == e->proto;
}

/* Whether the cursor yields record index with the expected fields. */
static int
finds(struct pi_cursor *c, const struct expect *x, size_t index)
{
	struct pi_entry e;

	while (pi_next(c, &e)) {
		if (e.index == index)
			return same(x, &e);
	}
	return 0;
}

static void
test_every_record(void **state)
{
	const char *path = getenv("PI_DATA") ? getenv("PI_DATA") :
	    "data/services.csv";
	static const char *const cols[5] = { "Service Name", "Port Number",
	    "Transport Protocol", "Description", "Reference" };
	struct pi_cursor all, c;
	struct pi_entry e;
	struct expect x;
	struct csv in;
	size_t col[5], i, k, checked = 0;
	FILE *fp;

	(void)state;
	assert_non_null(fp = fopen(path, "rb"));
	csv_init(&in, fp);
	assert_int_equal(csv_read(&in), 1);
	for (k = 0; k < 5; k++)
		col[k] = column(&in, cols[k]);
	pi_find_all(&all, PI_PROTO_ANY);
	for (i = 0; csv_read(&in) == 1; i++) {
		parse(&x, &in, col);
		/* The table holds the file's records, in the file's order. */
		assert_true(pi_next(&all, &e));
		assert_int_equal(e.index, i);
		if (!same(&x, &e))
			fail_msg("%s:%lu: record differs in the table", path,
			    in.line);
		if (x.name[0] == '\0' || !x.has_port)
			continue;
		pi_find_port(&c, x.lo, x.lo, x.proto ? x.proto : PI_PROTO_ANY);
		if (!finds(&c, &x, i))
			fail_msg("%s:%lu: %s not found by port %u", path,
			    in.line, x.name, x.lo);
		pi_find_port(&c, x.hi, x.hi, PI_PROTO_ANY);
		if (!finds(&c, &x, i))
			fail_msg("%s:%lu: %s not found by port %u", path,
			    in.line, x.name, x.hi);
		pi_find_name(&c, x.name, strlen(x.name), PI_PROTO_ANY);
		if (!finds(&c, &x, i))
			fail_msg("%s:%lu: %s not found by name", path,
			    in.line, x.name);
		checked++;
	}
	assert_null(in.error);
	assert_false(pi_next(&all, &e));
	assert_int_equal(i, pi_record_count());
	print_message("%zu records, %zu with a name and a port found by "
	    "port and by name\n", i, checked);
	assert_true(checked > 0);
	csv_free(&in);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
