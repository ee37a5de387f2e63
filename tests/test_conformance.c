/*
 * Conformance: reads data/services.csv on its own terms and checks that
 * every record is in the compiled table as it is in the file (its text on
 * one line, its references joined by "; ", its status by the rule of the
 * man page's DATA section), and that every record with a name and a port
 * is found by its port, by its name, by its name with its protocol and,
 * for a name a query cannot hold, by its normalised form.  The data file
 * is $PI_DATA, or data/services.csv; e2e_mktable.sh runs this on the
 * historic registries of tests/csv/ too.
 *
 * The common uses ($PI_COMMON_DATA, or data/common-uses.csv) are checked
 * the same way, each found after IANA's records and only when asked for;
 * every alias ($PI_ALIAS_DATA, or data/aliases.csv) must find IANA's
 * record of its service on its port and protocol, with the alias named.
 * Either variable set empty says the table was built without that file.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "csv.h"
#include "portinfo.h"
#include "table.h"

struct expect {
	char name[64];
	char desc[4096];
	char ref[4096];
	char unauth[4096];
	unsigned lo, hi, proto;
	int has_port;
	enum pi_status status;
};

/*
 * The registry's text src[0..len) on one line, appended to dst: white
 * space runs become a space, none at either end.
 */
static void
one_line(char *dst, size_t size, const char *src, size_t len)
{
	size_t n = strlen(dst), start = n;
	int gap = 0;

	for (; len > 0; src++, len--) {
		if (strchr(" \t\r\n", *src) != NULL) {
			gap = n > start;
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

/* "[a][b c]" is "a; b c": each bracketed reference an item. */
static void
refs(char *dst, size_t size, const char *src)
{
	size_t len, mark;

	dst[0] = '\0';
	while (*src != '\0') {
		mark = strlen(dst);
		if (mark > 0) {
			assert_true(mark + 3 < size);
			strcat(dst, "; ");
		}
		if (*src == '[') {
			src++;
			len = strcspn(src, "]");
		} else
			len = strcspn(src, "[");
		one_line(dst, size, src, len);
		if (strlen(dst) == mark + (mark > 0 ? 2 : 0))
			dst[mark] = '\0';
		src += len;
		if (*src == ']')
			src++;
	}
}

/* Only what IANA calls Unassigned is; other nameless records reserved. */
static enum pi_status
status_of(const char *name, const char *desc)
{
	if (*name != '\0')
		return PI_ASSIGNED;
	if (strncasecmp(desc, "unassigned", 10) == 0 &&
	    !isalpha((unsigned char)desc[10]))
		return PI_UNASSIGNED;
	return PI_RESERVED;
}

/* A name a query cannot hold, in the form it is found by; else "". */
static void
normalised(char *dst, size_t size, const char *name)
{
	size_t n = 0;

	dst[0] = '\0';
	if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_.*+/") == strlen(name))
		return;
	for (; *name != '\0'; name++) {
		assert_true(n + 2 < size);
		if (isalnum((unsigned char)*name))
			dst[n++] = (char)tolower((unsigned char)*name);
		else if (n > 0 && dst[n - 1] != '-')
			dst[n++] = '-';
	}
	while (n > 0 && dst[n - 1] == '-')
		n--;
	dst[n] = '\0';
}

#define NOCOL ((size_t)-1)

/* The column called name, or NOCOL for one a registry may leave out. */
static size_t
column(const struct csv *c, const char *name, int required)
{
	size_t i;

	for (i = 0; i < c->nfields; i++) {
		if (strcmp(csv_field(c, i), name) == 0)
			return i;
	}
	if (required)
		fail_msg("no column %s", name);
	return NOCOL;
}

static void
parse(struct expect *x, const struct csv *c, const size_t col[6])
{
	const char *port = csv_field(c, col[1]);
	const char *proto = csv_field(c, col[2]);
	char *end;

	assert_true(strlen(csv_field(c, col[0])) < sizeof(x->name));
	strncpy(x->name, csv_field(c, col[0]), sizeof(x->name) - 1);
	x->name[sizeof(x->name) - 1] = '\0';
	x->desc[0] = x->unauth[0] = '\0';
	one_line(x->desc, sizeof(x->desc), csv_field(c, col[3]),
	    strlen(csv_field(c, col[3])));
	refs(x->ref, sizeof(x->ref), col[4] == NOCOL ? "" :
	    csv_field(c, col[4]));
	if (col[5] != NOCOL)
		one_line(x->unauth, sizeof(x->unauth), csv_field(c, col[5]),
		    strlen(csv_field(c, col[5])));
	x->status = status_of(x->name, x->desc);
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
	    strcmp(x->unauth, e->unauthorized) == 0 &&
	    x->status == e->status &&
	    x->has_port == e->has_port && x->lo == e->port &&
	    x->hi == e->port_end && x->proto == e->proto;
}

/* Whether the cursor yields record index of source with x's fields. */
static int
finds_in(struct pi_cursor *c, const struct expect *x, enum pi_source source,
    size_t index)
{
	struct pi_entry e;

	while (pi_next(c, &e)) {
		if (e.source == source && e.index == index)
			return same(x, &e) && e.alias[0] == '\0';
	}
	return 0;
}

static int
finds(struct pi_cursor *c, const struct expect *x, size_t index)
{
	return finds_in(c, x, PI_SOURCE_IANA, index);
}

/* Whether the cursor yields any common use. */
static int
yields_common(struct pi_cursor *c)
{
	struct pi_entry e;

	while (pi_next(c, &e)) {
		if (e.source == PI_SOURCE_COMMON)
			return 1;
	}
	return 0;
}

/* $name, or def when it is not set; NULL when it is set empty. */
static const char *
data_path(const char *name, const char *def)
{
	const char *s = getenv(name);

	if (s == NULL)
		return def;
	return *s != '\0' ? s : NULL;
}

/* Opens path and reads its header; col[k] is column cols[k], required. */
static FILE *
open_data(struct csv *in, const char *path, const char *const *cols,
    size_t n, size_t *col)
{
	FILE *fp;
	size_t k;

	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("%s: cannot open", path);
	assert_int_equal(csv_init_file(in, fp), 0);
	assert_int_equal(csv_read(in), 1);
	for (k = 0; k < n; k++)
		col[k] = column(in, cols[k], 1);
	return fp;
}

static void
test_every_record(void **state)
{
	const char *path = getenv("PI_DATA") ? getenv("PI_DATA") :
	    "data/services.csv";
	static const char *const cols[6] = { "Service Name", "Port Number",
	    "Transport Protocol", "Description", "Reference",
	    "Unauthorized Use Reported" };
	static struct expect x;
	struct pi_cursor all, c;
	struct pi_entry e;
	struct csv in;
	char key[64];
	size_t col[6], i, k, checked = 0, statuses[3] = { 0 };
	FILE *fp;

	(void)state;
	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(csv_init_file(&in, fp), 0);
	assert_int_equal(csv_read(&in), 1);
	for (k = 0; k < 6; k++)
		col[k] = column(&in, cols[k], k < 4);
	pi_find_text(&all, "", 0, PI_PROTO_ANY);
	for (i = 0; csv_read(&in) == 1; i++) {
		parse(&x, &in, col);
		/* The table holds the file's records, in the file's order. */
		assert_true(pi_next(&all, &e));
		assert_int_equal(e.index, i);
		if (!same(&x, &e))
			fail_msg("%s:%lu: record differs in the table", path,
			    in.line);
		statuses[x.status]++;
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
		pi_find_name(&c, x.name, strlen(x.name),
		    x.proto ? x.proto : PI_PROTO_ANY);
		if (!finds(&c, &x, i))
			fail_msg("%s:%lu: %s not found by name and protocol",
			    path, in.line, x.name);
		normalised(key, sizeof(key), x.name);
		pi_find_name(&c, key, strlen(key), PI_PROTO_ANY);
		if (key[0] != '\0' && !finds(&c, &x, i))
			fail_msg("%s:%lu: %s not found as %s", path, in.line,
			    x.name, key);
		checked++;
	}
	assert_null(in.error);
	assert_false(pi_next(&all, &e));
	assert_int_equal(i, pi_record_count());
	print_message("%zu records (%zu assigned, %zu reserved, %zu "
	    "unassigned), %zu with a name and a port found by port and by "
	    "name\n", i, statuses[PI_ASSIGNED], statuses[PI_RESERVED],
	    statuses[PI_UNASSIGNED], checked);
	assert_true(checked > 0);
	csv_free(&in);
	fclose(fp);
}

static void
test_every_common_use(void **state)
{
	const char *path = data_path("PI_COMMON_DATA",
	    "data/common-uses.csv");
	/* Its columns, in parse()'s order; it has no unauthorized-use one. */
	static const char *const cols[6] = { "Service Name", "Port Number",
	    "Transport Protocol", "Description", "Reference", "no such" };
	static struct expect x;
	struct pi_cursor all, c;
	struct pi_entry e;
	struct csv in;
	size_t col[6], i;
	FILE *fp;

	(void)state;
	if (path == NULL) {
		assert_int_equal(pi_ncommon, 0);
		return;
	}
	fp = open_data(&in, path, cols, 5, col);
	col[5] = NOCOL;
	/* After every IANA record, the common uses in the file's order. */
	pi_find_text(&all, "", 0, PI_PROTO_ANY | PI_COMMON);
	for (i = 0; i < pi_record_count(); i++)
		assert_true(pi_next(&all, &e));
	for (i = 0; csv_read(&in) == 1; i++) {
		parse(&x, &in, col);
		assert_true(pi_next(&all, &e));
		assert_int_equal(e.source, PI_SOURCE_COMMON);
		assert_int_equal(e.index, i);
		if (!same(&x, &e))
			fail_msg("%s:%lu: common use differs in the table",
			    path, in.line);
		assert_int_equal(x.status, PI_ASSIGNED);
		assert_true(x.has_port && x.proto != 0);
		pi_find_port(&c, x.lo, x.lo, x.proto | PI_COMMON);
		if (!finds_in(&c, &x, PI_SOURCE_COMMON, i))
			fail_msg("%s:%lu: %s not found by port %u", path,
			    in.line, x.name, x.lo);
		pi_find_port(&c, x.hi, x.hi, PI_PROTO_ANY | PI_COMMON);
		if (!finds_in(&c, &x, PI_SOURCE_COMMON, i))
			fail_msg("%s:%lu: %s not found by port %u", path,
			    in.line, x.name, x.hi);
		pi_find_name(&c, x.name, strlen(x.name), x.proto | PI_COMMON);
		if (!finds_in(&c, &x, PI_SOURCE_COMMON, i))
			fail_msg("%s:%lu: %s not found by name", path,
			    in.line, x.name);
		pi_find_text(&c, x.name, strlen(x.name), PI_PROTO_ANY |
		    PI_COMMON);
		if (!finds_in(&c, &x, PI_SOURCE_COMMON, i))
			fail_msg("%s:%lu: %s not found by search", path,
			    in.line, x.name);
		/* IANA's registry alone never gives it. */
		pi_find_port(&c, x.lo, x.hi, PI_PROTO_ANY);
		if (yields_common(&c))
			fail_msg("%s:%lu: found without asking", path,
			    in.line);
		pi_find_name(&c, x.name, strlen(x.name), PI_PROTO_ANY);
		if (yields_common(&c))
			fail_msg("%s:%lu: found without asking", path,
			    in.line);
	}
	assert_null(in.error);
	assert_false(pi_next(&all, &e));
	assert_int_equal(i, pi_ncommon);
	print_message("%zu common uses found by port, by name and by "
	    "search\n", i);
	assert_true(i > 0);
	csv_free(&in);
	fclose(fp);
}

/* Whether the cursor yields IANA's name on port/proto, through alias. */
static int
finds_alias(struct pi_cursor *c, const char *alias, const char *name,
    unsigned port, unsigned proto)
{
	struct pi_entry e;

	while (pi_next(c, &e)) {
		if (e.source == PI_SOURCE_IANA &&
		    strcmp(e.alias, alias) == 0 &&
		    strcasecmp(e.name, name) == 0 && e.has_port &&
		    e.port <= port && port <= e.port_end && e.proto == proto)
			return 1;
	}
	return 0;
}

static void
test_every_alias(void **state)
{
	const char *path = data_path("PI_ALIAS_DATA", "data/aliases.csv");
	static const char *const cols[5] = { "Alias", "Service Name",
	    "Port Number", "Transport Protocol", "Reference" };
	struct pi_cursor c;
	struct pi_entry e;
	struct csv in;
	const char *alias, *name, *proto;
	unsigned port, bit;
	size_t col[5], i;
	FILE *fp;

	(void)state;
	if (path == NULL) {
		assert_int_equal(pi_naliases, 0);
		return;
	}
	fp = open_data(&in, path, cols, 5, col);
	for (i = 0; csv_read(&in) == 1; i++) {
		alias = csv_field(&in, col[0]);
		name = csv_field(&in, col[1]);
		port = (unsigned)strtoul(csv_field(&in, col[2]), NULL, 10);
		proto = csv_field(&in, col[3]);
		bit = pi_proto_parse(proto, strlen(proto));
		assert_int_not_equal(bit, 0);
		pi_find_name(&c, alias, strlen(alias), bit | PI_COMMON);
		if (!finds_alias(&c, alias, name, port, bit))
			fail_msg("%s:%lu: %s does not find %s on %u/%s", path,
			    in.line, alias, name, port, proto);
		/* In any case, as service names are. */
		pi_find_name(&c, alias, strlen(alias), PI_PROTO_ANY |
		    PI_COMMON);
		if (!finds_alias(&c, alias, name, port, bit))
			fail_msg("%s:%lu: %s not found for every protocol",
			    path, in.line, alias);
		/* IANA's registry alone does not know it as an alias. */
		pi_find_name(&c, alias, strlen(alias), PI_PROTO_ANY);
		while (pi_next(&c, &e)) {
			if (e.alias[0] != '\0')
				fail_msg("%s:%lu: %s found without asking",
				    path, in.line, alias);
		}
	}
	assert_null(in.error);
	/* An alias of several records (one name twice on a port) counts each. */
	assert_true(i <= pi_naliases);
	print_message("%zu aliases found, each standing for its record\n", i);
	assert_true(i > 0);
	csv_free(&in);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_record),
		cmocka_unit_test(test_every_common_use),
		cmocka_unit_test(test_every_alias),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
