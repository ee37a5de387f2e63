/*
 * Label files: the CSV reader on every malformed registry the table
 * compiler rejects (each message the same, the bad line skipped and the
 * others kept), files that cannot be read, the size and record limits,
 * the /etc/services reader against getent(1), where the files are
 * looked for, and the lookups over what was loaded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fields.h"
#include "labels.h"
#include "sysconfdir.h"

static char tmpdir[] = "/tmp/test_labels.XXXXXX";
static char *errtext;
static size_t errlen;
static struct pi_labels *set;

static int
setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A path in the temporary directory, in a static buffer. */
static const char *
path(const char *name)
{
	static char buf[8][256];
	static int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", tmpdir, name);
	return buf[k];
}

static const char *
write_file(const char *name, const char *text, size_t len)
{
	const char *p = path(name);
	FILE *fp = fopen(p, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	/* As a default file must be, whatever the umask. */
	assert_int_equal(chmod(p, 0644), 0);
	return p;
}

/* Loads the files, keeping what was said on the error stream. */
static int
load(const struct pi_label_file *files, size_t n)
{
	FILE *err;
	int r;

	pi_labels_free(set);
	free(errtext);
	errtext = NULL;
	assert_non_null(err = open_memstream(&errtext, &errlen));
	r = pi_labels_load(&set, files, n, err);
	assert_int_equal(fclose(err), 0);
	return r;
}

static int
load_one(const char *p, enum pi_source source)
{
	struct pi_label_file f = { p, source, 0 };

	return load(&f, 1);
}

/* The line of its file a record is from, as its reference says. */
static unsigned long
line_of(const struct pi_label_entry *e)
{
	return strtoul(strchr(e->entry.reference, ':') + 1, NULL, 10);
}

/* The names of every record loaded, space-separated. */
static const char *
all_names(void)
{
	static char buf[4096];
	struct pi_label_cursor c;
	struct pi_label_entry e;
	size_t n = 0;

	buf[0] = '\0';
	pi_labels_find_text(&c, set, "", 0, PI_PROTO_ANY);
	while (pi_labels_next(&c, &e)) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
		    n > 0 ? " " : "", e.entry.name);
		assert_true(n < sizeof(buf));
	}
	return buf;
}

/*
 * Every malformed registry of tests/csv/bad, as e2e_mktable.sh lists it,
 * with the message mktable gives and what a label reader keeps.  A
 * header that cannot be read or used (on line 1) loses the file's
 * labels: an error when the file is named.
 */
static const struct {
	const char *name;
	const char *message;	/* after "FILE:"; "" for none */
	const char *kept;
} bad_files[] = {
	{ "unterminated-quote", "3: unterminated quoted field", "ssh www" },
	{ "quote-in-field", "3: quote inside an unquoted field", "ssh" },
	{ "text-after-quote", "3: text after a closing quote", "ssh" },
	{ "nul-byte", "3: NUL byte", "ssh" },
	{ "utf8-overlong", "3: invalid UTF-8", "ssh" },
	{ "utf8-surrogate", "4: invalid UTF-8", "ssh" },
	{ "utf8-truncated", "3: invalid UTF-8", "ssh" },
	{ "utf8-continuation", "3: invalid UTF-8", "ssh" },
	{ "bare-cr", "3: carriage return without line feed", "ssh" },
	{ "too-many-fields", "3: more than 64 fields", "ssh" },
	{ "broken-bom", "1: invalid UTF-8", "" },
	{ "missing-column", "1: header has no column 'Transport Protocol'",
	    "" },
	{ "duplicate-column", "1: column appears twice: 'Port Number'", "" },
	{ "fewer-fields", "3: record has fewer fields than the header",
	    "ssh" },
	{ "more-fields", "3: record has more fields than the header", "ssh" },
	{ "port-not-number", "3: port is not a number from 0 to 65535 or a "
	    "range '8O'", "ssh" },
	{ "port-too-big", "3: port is not a number from 0 to 65535 or a "
	    "range '65536'", "ssh" },
	{ "port-negative", "3: port is not a number from 0 to 65535 or a "
	    "range '-80'", "ssh" },
	{ "port-spaces", "3: port is not a number from 0 to 65535 or a "
	    "range ' 80'", "ssh" },
	{ "range-reversed", "3: port range is reversed '6063-6000'", "ssh" },
	{ "range-open-end", "3: port is not a number from 0 to 65535 or a "
	    "range '6000-'", "ssh" },
	{ "range-open-start", "3: port is not a number from 0 to 65535 or a "
	    "range '-6063'", "ssh" },
	{ "range-three-parts", "3: port is not a number from 0 to 65535 or "
	    "a range '1-2-3'", "ssh" },
	{ "range-too-big", "3: port is not a number from 0 to 65535 or a "
	    "range '6000-70000'", "ssh" },
	{ "unknown-protocol", "3: unknown transport protocol 'icmp'", "ssh" },
	{ "no-name-no-port", "3: record has neither a service name nor a "
	    "port", "ssh" },
	{ "bad-date", "3: date is not YYYY-MM-DD or YYYY-MM '20/12/2024'",
	    "ssh" },
	{ "bad-date-month", "3: date has no such month or day '2024-13-01'",
	    "ssh" },
	{ "control-char", "4: control character in 'Description'", "ssh" },
	{ "c1-control", "3: control character in 'Description'", "ssh" },
	{ "bad-name", "3: service name has a character not allowed in a "
	    "name 'caf\xc3\xa9'", "ssh" },
	{ "name-space", "3: service name begins or ends with a space ' ssh'",
	    "ssh" },
	{ "name-tab", "3: service name has a character not allowed in a "
	    "name 'ssh\\x09'", "ssh" },
	/* Not errors in a label file: no labels. */
	{ "empty", "", "" },
	{ "header-only", "", "" },
};

static void
test_malformed(void **state)
{
	char want[512], p[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
		snprintf(p, sizeof(p), "tests/csv/bad/%s.csv",
		    bad_files[i].name);
		assert_int_equal(load_one(p, PI_SOURCE_FILE),
		    strncmp(bad_files[i].message, "1:", 2) == 0 ? -1 : 0);
		if (bad_files[i].message[0] != '\0')
			snprintf(want, sizeof(want), "%s:%s\n", p,
			    bad_files[i].message);
		else
			want[0] = '\0';
		assert_string_equal(errtext, want);
		assert_string_equal(all_names(), bad_files[i].kept);
	}
}

/* Every fixture of tests/csv/bad is in the list above. */
static void
test_malformed_all_listed(void **state)
{
	FILE *ls = popen("ls tests/csv/bad", "r");
	char line[256];
	size_t i, n = 0, len;

	(void)state;
	assert_non_null(ls);
	while (fgets(line, sizeof(line), ls) != NULL) {
		len = strlen(line);
		assert_true(len > 5 && strcmp(line + len - 5, ".csv\n") == 0);
		line[len - 5] = '\0';
		for (i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++)
			if (strcmp(bad_files[i].name, line) == 0)
				break;
		if (i == sizeof(bad_files) / sizeof(bad_files[0]))
			fail_msg("%s is not checked", line);
		n++;
	}
	assert_int_equal(pclose(ls), 0);
	assert_int_equal(n, sizeof(bad_files) / sizeof(bad_files[0]));
}

static void
test_field_too_long(void **state)
{
	static const char head[] =
	    "Service Name,Port Number,Transport Protocol,Description\n"
	    "a,1,tcp,\"";
	static const char tail[] = "\"\nb,2,tcp,fine\n";
	size_t n = sizeof(head) - 1 + 65537 + sizeof(tail) - 1;
	char *text = malloc(n), want[300];
	const char *p;

	(void)state;
	assert_non_null(text);
	memcpy(text, head, sizeof(head) - 1);
	memset(text + sizeof(head) - 1, 'x', 65537);
	memcpy(text + n - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
	p = write_file("long.csv", text, n);
	free(text);
	assert_int_equal(load_one(p, PI_SOURCE_USER), 0);
	snprintf(want, sizeof(want), "%s:2: field longer than 65536 bytes\n",
	    p);
	assert_string_equal(errtext, want);
	assert_string_equal(all_names(), "b");
}

/* A good file: its fields, in any column order, with any extra columns. */
static void
test_good(void **state)
{
	static const char text[] =
	    "\xef\xbb\xbfReference,Port Number,Owner,Service Name,"
	    "Transport Protocol,Description\r\n"
	    "[TICKET-12][OPS-3],7410,billing,billing-api,tcp,\"Billing  API,\n"
	    "  v2\"\r\n"
	    ",15432,dba,staging-db,,Staging \xe2\x80\xae""database\r\n"
	    ",7000-7010,ops,ops-range,udp,\r\n"
	    "\r\n\r\n";
	struct pi_label_cursor c;
	struct pi_label_entry e;
	char want[300];
	const char *p = write_file("good.csv", text, sizeof(text) - 1);

	(void)state;
	assert_int_equal(load_one(p, PI_SOURCE_SITE), 0);
	assert_string_equal(errtext, "");
	assert_int_equal(pi_labels_count(set), 3);

	pi_labels_find_port(&c, set, 7410, 7410, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "billing-api");
	assert_string_equal(e.entry.description, "Billing API, v2");
	snprintf(want, sizeof(want), "%s:2 TICKET-12; OPS-3", p);
	assert_string_equal(e.entry.reference, want);
	assert_string_equal(e.entry.unauthorized, "");
	assert_string_equal(e.aliases, "");
	assert_int_equal(e.entry.proto, PI_TCP);
	assert_int_equal(e.entry.has_port, 1);
	assert_int_equal(e.entry.port, 7410);
	assert_int_equal(e.entry.port_end, 7410);
	assert_int_equal(e.entry.status, PI_ASSIGNED);
	assert_int_equal(e.entry.index, 0);
	assert_int_equal(e.entry.source, PI_SOURCE_SITE);
	assert_memory_equal(e.entry.reference, p, strlen(p));
	assert_int_equal(line_of(&e), 2);
	/* The path holds no byte that a format escapes, the comma aside. */
	assert_int_equal(e.entry.plain, 0);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	assert_int_equal(pi_labels_next(&c, &e), 0);

	/* No protocol named: it matches every set.  A bidi mark: not plain. */
	pi_labels_find_port(&c, set, 15432, 15432, PI_SCTP);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "staging-db");
	assert_int_equal(e.entry.proto, 0);
	assert_int_equal(line_of(&e), 4);
	assert_int_equal(e.entry.plain, 0);
	assert_string_equal(e.entry.description,
	    "Staging \xe2\x80\xae""database");

	/* A range answers for a port inside it, and is filtered by protocol. */
	pi_labels_find_port(&c, set, 7005, 7005, PI_UDP);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "ops-range");
	assert_int_equal(e.entry.port, 7000);
	assert_int_equal(e.entry.port_end, 7010);
	pi_labels_find_port(&c, set, 7005, 7005, PI_TCP);
	assert_int_equal(pi_labels_next(&c, &e), 0);
}

/*
 * A plain file, as teams write them: texts on one line, references
 * split, a short record reported, a last line without a line feed.
 */
static void
test_plain_file(void **state)
{
	static const char text[] =
	    "Service Name,Port Number,Transport Protocol,Description,"
	    "Reference\n"
	    "\n"
	    "spaced,7410,tcp,  Two  spaces   here ,[A][B] c\n"
	    "plain,7411,udp,Plain one,\n"
	    "Spaced,7412,tcp,,\n"
	    "short,7413\n"
	    "last,7414,tcp,No line feed,";
	struct pi_label_cursor c;
	struct pi_label_entry e;
	char want[300];
	const char *p = write_file("plain.csv", text, sizeof(text) - 1);

	(void)state;
	assert_int_equal(load_one(p, PI_SOURCE_USER), 0);
	snprintf(want, sizeof(want), "%s:6: record has fewer fields than the "
	    "header\n", p);
	assert_string_equal(errtext, want);
	assert_int_equal(pi_labels_count(set), 4);

	/* By name, case ignored. */
	pi_labels_find_name(&c, set, "SPACED", 6, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "spaced");
	assert_string_equal(e.entry.description, "Two spaces here");
	snprintf(want, sizeof(want), "%s:3 A; B; c", p);
	assert_string_equal(e.entry.reference, want);
	assert_int_equal(line_of(&e), 3);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "Spaced");
	assert_string_equal(e.entry.description, "");
	assert_int_equal(pi_labels_next(&c, &e), 0);

	/* By port: the same texts. */
	pi_labels_find_port(&c, set, 7410, 7414, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "spaced");
	assert_string_equal(e.entry.description, "Two spaces here");
	assert_int_equal(e.entry.plain, 1);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "plain");
	snprintf(want, sizeof(want), "%s:4", p);
	assert_string_equal(e.entry.reference, want);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "last");
	assert_string_equal(e.entry.description, "No line feed");
	assert_int_equal(pi_labels_next(&c, &e), 0);

	/* By name and protocol, and searched on one line. */
	pi_labels_find_name(&c, set, "plain", 5, PI_UDP);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(e.entry.port, 7411);
	pi_labels_find_text(&c, set, "two spaces", 10, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "spaced");
	assert_int_equal(pi_labels_next(&c, &e), 0);
}

/*
 * Plain lines are split where they lie and the rest of the file, from
 * the first line that is not plain, is the CSV reader's: every line
 * reads as the reader alone would read it, wherever the change falls.
 */
static void
test_mixed(void **state)
{
	static const char text[] =
	    "Service Name,Port Number,Transport Protocol,Description\r\n"
	    "one,1,tcp,First\r\n"
	    "two,2,tcp,\"Second, quoted\r\non two lines\"\r\n"
	    "three,3,tcp,Third\n"
	    "bad,4,tcp,x\"y\n"
	    "four,5,tcp,\"last\"";
	struct pi_label_cursor c;
	struct pi_label_entry e;
	char want[512];
	const char *p = write_file("mixed.csv", text, sizeof(text) - 1);

	(void)state;
	assert_int_equal(load_one(p, PI_SOURCE_FILE), 0);
	snprintf(want, sizeof(want), "%s:6: quote inside an unquoted field\n",
	    p);
	assert_string_equal(errtext, want);
	assert_string_equal(all_names(), "one two three four");
	pi_labels_find_text(&c, set, "", 0, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(line_of(&e), 2);
	assert_int_equal(e.entry.plain, 1);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(line_of(&e), 3);
	assert_string_equal(e.entry.description,
	    "Second, quoted on two lines");
	assert_int_equal(e.entry.plain, 0);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(line_of(&e), 5);
	assert_int_equal(e.entry.plain, 1);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(line_of(&e), 7);
	assert_string_equal(e.entry.description, "last");
	assert_int_equal(pi_labels_next(&c, &e), 0);
}

/* Many quoted records, each with its own texts and reference. */
static void
test_quoted_many(void **state)
{
	char *text, want[300];
	struct pi_label_cursor c;
	struct pi_label_entry e;
	size_t n = 0, i, cap = 64 * 1024;
	const char *p;

	(void)state;
	assert_non_null(text = malloc(cap));
	n += (size_t)snprintf(text + n, cap - n, "Service Name,Port Number,"
	    "Transport Protocol,Description,Reference\n");
	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(text + n, cap - n, "\"q%zu\",%zu,tcp,"
		    "\"Quoted, %zu\",[REF-%zu][more]\n", i, 20000 + i, i, i);
	p = write_file("quoted.csv", text, n);
	free(text);
	assert_int_equal(load_one(p, PI_SOURCE_FILE), 0);
	assert_string_equal(errtext, "");
	assert_int_equal(pi_labels_count(set), 300);
	pi_labels_find_text(&c, set, "", 0, PI_PROTO_ANY);
	for (i = 0; i < 300; i++) {
		assert_int_equal(pi_labels_next(&c, &e), 1);
		snprintf(want, sizeof(want), "%s:%zu REF-%zu; more", p, i + 2, i);
		assert_string_equal(e.entry.reference, want);
	}
	assert_int_equal(pi_labels_next(&c, &e), 0);
}

static void
test_lookups(void **state)
{
	static const char site[] =
	    "Service Name,Port Number,Transport Protocol,Description\n"
	    "web,8080,tcp,Site proxy\n"
	    "wide,8000-8100,tcp,Site range\n"
	    "low,7999,tcp,Below\n"
	    "Web,8081,tcp,Other\n";
	static const char user[] =
	    "Service Name,Port Number,Transport Protocol\n"
	    "WEB,8080,tcp\n"
	    "nameonly,,\n";
	struct pi_label_file files[2];
	struct pi_label_cursor c;
	struct pi_label_entry e;
	char names[256];
	size_t n;

	(void)state;
	files[0] = (struct pi_label_file){
	    write_file("site.csv", site, sizeof(site) - 1), PI_SOURCE_SITE,
	    0 };
	files[1] = (struct pi_label_file){
	    write_file("user.csv", user, sizeof(user) - 1), PI_SOURCE_USER,
	    0 };
	assert_int_equal(load(files, 2), 0);
	assert_string_equal(errtext, "");
	assert_string_equal(all_names(), "web wide low Web WEB nameonly");

	/* By name: every source's records, in source order, case ignored. */
	pi_labels_find_name(&c, set, "wEb", 3, PI_PROTO_ANY);
	for (n = 0; pi_labels_next(&c, &e); n++)
		names[n] = (char)('0' + e.entry.source);
	names[n] = '\0';
	assert_string_equal(names, "334");	/* site, site, user */
	pi_labels_find_name(&c, set, "we", 2, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_name(&c, set, "nameonly", 8, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(e.entry.has_port, 0);

	/* By port range: in order of the first port covered, then source. */
	pi_labels_find_port(&c, set, 8082, 8100, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "wide");
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_port(&c, set, 8050, 8100, PI_PROTO_ANY);
	n = 0;
	names[0] = '\0';
	while (pi_labels_next(&c, &e))
		n += (size_t)snprintf(names + n, sizeof(names) - n, "%s ",
		    e.entry.name);
	assert_string_equal(names, "wide web WEB Web ");
	pi_labels_find_port(&c, set, 7999, 8081, PI_PROTO_ANY);
	n = 0;
	names[0] = '\0';
	while (pi_labels_next(&c, &e))
		n += (size_t)snprintf(names + n, sizeof(names) - n, "%s ",
		    e.entry.name);
	assert_string_equal(names, "low wide web WEB Web ");
	pi_labels_find_port(&c, set, 8101, 65535, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_port(&c, set, 9, 8, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 0);

	/* By text: name or description, case ignored, in source order. */
	pi_labels_find_text(&c, set, "SITE", 4, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "web");
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "wide");
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_text(&c, set, "eBo", 3, PI_UDP);
	assert_int_equal(pi_labels_next(&c, &e), 0);

	/* An empty set answers nothing. */
	pi_labels_find_text(&c, NULL, "", 0, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_name(&c, NULL, "web", 3, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_port(&c, NULL, 0, 65535, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	assert_int_equal(pi_labels_count(NULL), 0);
}

/*
 * Sorted by port and by name whatever the file's order; where a range
 * that began below a port and a record that begins at it both cover it
 * first, source order decides.
 */
static void
test_order(void **state)
{
	static const char text[] =
	    "Service Name,Port Number,Transport Protocol\n"
	    "zeta,9003,tcp\n"
	    "at,9000,tcp\n"
	    "Alpha,9002,udp\n"
	    "span,8990-9010,tcp\n"
	    "alpha,9001,\n"
	    "again,9000,udp\n"
	    "ALPHA,,tcp\n";
	struct pi_label_cursor c;
	struct pi_label_entry e;
	char got[256];
	size_t n;

	(void)state;
	assert_int_equal(load_one(write_file("order.csv", text,
	    sizeof(text) - 1), PI_SOURCE_FILE), 0);
	assert_string_equal(errtext, "");
#define WALK(find) do {							\
	got[n = 0] = '\0';						\
	for (find; pi_labels_next(&c, &e);)				\
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s ",	\
		    e.entry.name);					\
} while (0)
	WALK(pi_labels_find_port(&c, set, 9000, 9000, PI_PROTO_ANY));
	assert_string_equal(got, "at span again ");
	WALK(pi_labels_find_port(&c, set, 9000, 9003, PI_PROTO_ANY));
	assert_string_equal(got, "at span again alpha Alpha zeta ");
	WALK(pi_labels_find_port(&c, set, 8991, 9001, PI_PROTO_ANY));
	assert_string_equal(got, "span at again alpha ");
	WALK(pi_labels_find_port(&c, set, 0, 65535, PI_UDP));
	assert_string_equal(got, "again alpha Alpha ");
	WALK(pi_labels_find_port(&c, set, 9011, 65535, PI_PROTO_ANY));
	assert_string_equal(got, "");
	WALK(pi_labels_find_name(&c, set, "alpha", 5, PI_PROTO_ANY));
	assert_string_equal(got, "Alpha alpha ALPHA ");
	WALK(pi_labels_find_name(&c, set, "ALPHA", 5, PI_TCP));
	assert_string_equal(got, "alpha ALPHA ");
	WALK(pi_labels_find_name(&c, set, "alph", 4, PI_PROTO_ANY));
	assert_string_equal(got, "");
	WALK(pi_labels_find_name(&c, set, "alphas", 6, PI_PROTO_ANY));
	assert_string_equal(got, "");
	WALK(pi_labels_find_text(&c, set, "A", 1, PI_PROTO_ANY));
	assert_string_equal(got, "zeta at Alpha span alpha again ALPHA ");
#undef WALK
}

/* A record found by its name and by an alias alike is found once. */
static void
test_alias_once(void **state)
{
	static const char text[] = "www 80/tcp WWW http\nhttp 8080/tcp\n";
	struct pi_label_cursor c;
	struct pi_label_entry e;

	(void)state;
	assert_int_equal(load_one(write_file("aliases", text,
	    sizeof(text) - 1), PI_SOURCE_HOST), 0);
	pi_labels_find_name(&c, set, "www", 3, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(e.entry.port, 80);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_name(&c, set, "HTTP", 4, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(e.entry.port, 80);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(e.entry.port, 8080);
	assert_int_equal(pi_labels_next(&c, &e), 0);
}

/*
 * Names are found by the hash of their folded form, and two names of
 * the same hash ("s2aad" and "s1fcd8") each find their own records
 * alone, an alias's too.
 */
static void
test_same_hash(void **state)
{
	static const char text[] = "s2aad 7001/tcp\ns1fcd8 7002/tcp\n"
	    "x 7003/udp S1FCD8 y\n";
	struct pi_label_cursor c;
	struct pi_label_entry e;

	(void)state;
	assert_int_equal(load_one(write_file("hash", text, sizeof(text) - 1),
	    PI_SOURCE_HOST), 0);
	pi_labels_find_name(&c, set, "S2AAD", 5, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(e.entry.port, 7001);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_name(&c, set, "s1fcd8", 6, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(e.entry.port, 7002);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(e.entry.port, 7003);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_name(&c, set, "s2aa", 4, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 0);
}

/*
 * What was loaded is the set's own: the file written over, truncated or
 * removed afterwards changes none of it.
 */
static void
test_file_changed_after(void **state)
{
	static const char text[] = "Service Name,Port Number,"
	    "Transport Protocol,Description,Reference\n"
	    "x,7410,tcp,d,[r]\n";
	static char big[70000];
	struct pi_label_cursor c;
	struct pi_label_entry e;
	const char *p = write_file("changed.csv", text, sizeof(text) - 1);
	char want[300];
	FILE *fp;

	(void)state;
	assert_int_equal(load_one(p, PI_SOURCE_USER), 0);
	memset(big, 'D', sizeof(big));
	assert_non_null(fp = fopen(p, "r+"));
	assert_int_equal(fwrite(big, 1, sizeof(big), fp), sizeof(big));
	assert_int_equal(fclose(fp), 0);
	pi_labels_find_port(&c, set, 7410, 7410, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_int_equal(truncate(p, 0), 0);
	assert_string_equal(e.entry.description, "d");
	assert_int_equal(unlink(p), 0);
	pi_labels_find_name(&c, set, "x", 1, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "x");
	assert_string_equal(e.entry.description, "d");
	snprintf(want, sizeof(want), "%s:2 r", p);
	assert_string_equal(e.entry.reference, want);
}

static void
test_unreadable(void **state)
{
	char want[512];
	const char *missing = path("missing.csv");

	(void)state;
	/* Named explicitly: an error.  A default file: simply absent. */
	assert_int_equal(load_one(missing, PI_SOURCE_FILE), -1);
	snprintf(want, sizeof(want),
	    "portinfo: %s: No such file or directory\n", missing);
	assert_string_equal(errtext, want);
	assert_int_equal(load_one(missing, PI_SOURCE_USER), 0);
	assert_string_equal(errtext, "");
	assert_int_equal(load_one(path("missing/deeper.csv"),
	    PI_SOURCE_USER), 0);
	assert_string_equal(errtext, "");
	assert_null(set);

	/* A directory cannot be read; a default one is not trusted. */
	assert_int_equal(load_one(tmpdir, PI_SOURCE_FILE), -1);
	snprintf(want, sizeof(want), "portinfo: %s: Is a directory\n",
	    tmpdir);
	assert_string_equal(errtext, want);
	assert_int_equal(load_one(tmpdir, PI_SOURCE_SITE), 0);
	snprintf(want, sizeof(want), "portinfo: %s: not a regular file; not "
	    "read\n", tmpdir);
	assert_string_equal(errtext, want);

	/* A socket cannot be opened: said as such, not as ENXIO. */
	{
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);

		assert_true(fd != -1);
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s",
		    path("sock"));
		assert_int_equal(bind(fd, (struct sockaddr *)&sa,
		    sizeof(sa)), 0);
		assert_int_equal(load_one(path("sock"), PI_SOURCE_FILE),
		    -1);
		snprintf(want, sizeof(want), "portinfo: %s: a socket, not "
		    "read\n", path("sock"));
		assert_string_equal(errtext, want);
		assert_int_equal(load_one(path("sock"), PI_SOURCE_USER),
		    0);
		snprintf(want, sizeof(want), "portinfo: %s: not a regular "
		    "file; not read\n", path("sock"));
		assert_string_equal(errtext, want);
		close(fd);
	}

	/* Without the permission to read; root has it anyway. */
	if (geteuid() != 0) {
		const char *p = write_file("secret.csv", "x\n", 2);

		assert_int_equal(chmod(p, 0), 0);
		assert_int_equal(load_one(p, PI_SOURCE_FILE), -1);
		snprintf(want, sizeof(want),
		    "portinfo: %s: Permission denied\n", p);
		assert_string_equal(errtext, want);
	}
}

/*
 * A default file that its group or others may write is not read, and
 * says how to fix it; the same file named is read.
 */
static void
test_trust(void **state)
{
	static const char text[] = "Service Name,Port Number,"
	    "Transport Protocol\nmine,7410,tcp\n";
	const char *p = write_file("writable.csv", text, sizeof(text) - 1);
	char want[512];

	(void)state;
	assert_int_equal(chmod(p, 0660), 0);
	assert_int_equal(load_one(p, PI_SOURCE_USER), 0);
	snprintf(want, sizeof(want), "portinfo: %s: writable by its group; "
	    "not read (chmod go-w %s)\n", p, p);
	assert_string_equal(errtext, want);
	assert_null(set);
	assert_int_equal(load_one(p, PI_SOURCE_FILE), 0);
	assert_string_equal(errtext, "");
	assert_string_equal(all_names(), "mine");
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(load_one(p, PI_SOURCE_SITE), 0);
	assert_string_equal(all_names(), "mine");
}

/*
 * Header names in any case; a header that cannot be used is said, and
 * loses the file's labels: an error when the file is named.
 */
static void
test_header(void **state)
{
	static const char any_case[] = "service NAME,PORT number,"
	    "transport protocol,DESCRIPTION\nmine,7410,tcp,Mine\n";
	static const char twice[] = "Service Name,Port Number,"
	    "Transport Protocol,port number\nmine,7410,tcp,7\n";
	const char *p = write_file("case.csv", any_case, sizeof(any_case) - 1);
	char want[512];

	(void)state;
	assert_int_equal(load_one(p, PI_SOURCE_FILE), 0);
	assert_string_equal(errtext, "");
	assert_string_equal(all_names(), "mine");
	p = write_file("twice.csv", twice, sizeof(twice) - 1);
	assert_int_equal(load_one(p, PI_SOURCE_FILE), -1);
	snprintf(want, sizeof(want), "%s:1: column appears twice: "
	    "'Port Number'\n", p);
	assert_string_equal(errtext, want);
	assert_null(set);
	assert_int_equal(load_one(p, PI_SOURCE_USER), 0);
	assert_string_equal(errtext, want);
	/* /etc/services cut at the limit is an error too. */
	p = write_file("many", "", 0);
	{
		FILE *fp = fopen(p, "w");
		size_t i;

		assert_non_null(fp);
		for (i = 0; i <= PI_LABELS_MAX_RECORDS; i++)
			fprintf(fp, "s%zu %zu/tcp\n", i, i % 65536);
		assert_int_equal(fclose(fp), 0);
	}
	assert_int_equal(load_one(p, PI_SOURCE_HOST), -1);
	snprintf(want, sizeof(want), "%s:10001: more than 10000 records; "
	    "the rest are skipped\n", p);
	assert_string_equal(errtext, want);
	assert_int_equal(pi_labels_count(set), PI_LABELS_MAX_RECORDS);
}

/* A failed file does not cost the others their records. */
static void
test_unreadable_among_others(void **state)
{
	static const char text[] = "Service Name,Port Number,Transport "
	    "Protocol\nkept,1,tcp\n";
	struct pi_label_file files[2];

	(void)state;
	files[0] = (struct pi_label_file){ path("gone.csv"), PI_SOURCE_FILE,
	    0 };
	files[1] = (struct pi_label_file){
	    write_file("kept.csv", text, sizeof(text) - 1), PI_SOURCE_FILE,
	    0 };
	assert_int_equal(load(files, 2), -1);
	assert_string_equal(all_names(), "kept");
}

/* A file of exactly size bytes, of records "nK,K,tcp,xxx". */
static const char *
sized_file(const char *name, size_t size, size_t records)
{
	static const char head[] = "Service Name,Port Number,"
	    "Transport Protocol,Description\n";
	char *text = malloc(size), line[64];
	size_t n = sizeof(head) - 1, i, len;
	const char *p;

	assert_non_null(text);
	memcpy(text, head, n);
	for (i = 0; i < records; i++) {
		size_t share = (size - n) / (records - i);

		len = (size_t)snprintf(line, sizeof(line), "n%lu,%lu,tcp,",
		    (unsigned long)i, (unsigned long)(i % 65536));
		memcpy(text + n, line, len);
		n += len;
		/* The descriptions share out what fills the file up. */
		len = share > len + 2 ? share - len - 1 : 1;
		if (i + 1 == records)
			len = size - n - 1;
		assert_true(n + len + 1 <= size);
		memset(text + n, 'x', len);
		n += len;
		text[n++] = '\n';
	}
	assert_int_equal(n, size);
	p = write_file(name, text, size);
	free(text);
	return p;
}

static void
test_size_limit(void **state)
{
	char want[512];
	const char *p;

	(void)state;
	p = sized_file("max.csv", PI_LABELS_MAX_BYTES, 100);
	assert_int_equal(load_one(p, PI_SOURCE_FILE), 0);
	assert_string_equal(errtext, "");
	assert_int_equal(pi_labels_count(set), 100);

	/* Named explicitly, a file not read is an error; a default not. */
	p = sized_file("over.csv", PI_LABELS_MAX_BYTES + 1, 100);
	assert_int_equal(load_one(p, PI_SOURCE_USER), 0);
	assert_null(set);
	assert_int_equal(load_one(p, PI_SOURCE_FILE), -1);
	snprintf(want, sizeof(want), "portinfo: %s: larger than 1048576 "
	    "bytes, not read\n", p);
	assert_string_equal(errtext, want);
	assert_null(set);

	/* Not a regular file: the limit holds all the same. */
	assert_int_equal(mkfifo(path("fifo"), 0600), 0);
	if (fork() == 0) {
		FILE *fp = fopen(path("fifo"), "w");
		size_t i;

		for (i = 0; fp != NULL && i < 2 * PI_LABELS_MAX_BYTES; i++)
			if (putc('\n', fp) == EOF)
				break;
		if (fp != NULL)
			fclose(fp);
		_exit(0);
	}
	assert_int_equal(load_one(path("fifo"), PI_SOURCE_FILE), -1);
	wait(NULL);
	snprintf(want, sizeof(want), "portinfo: %s: larger than 1048576 "
	    "bytes, not read\n", path("fifo"));
	assert_string_equal(errtext, want);
}

/*
 * For a completion, regular files alone, named ones too: any other is
 * passed over unsaid, and a FIFO that nothing writes does not block
 * (the alarm ends the test if it does).
 */
static void
test_regular_only(void **state)
{
	static const char text[] = "Service Name,Port Number,"
	    "Transport Protocol\nmine,7410,tcp\n";
	struct pi_label_file f = { path("nowriter"), PI_SOURCE_FILE, 1 };

	(void)state;
	assert_int_equal(mkfifo(f.path, 0600), 0);
	alarm(5);
	assert_int_equal(load(&f, 1), 0);
	alarm(0);
	assert_string_equal(errtext, "");
	assert_null(set);
	f.path = tmpdir;
	assert_int_equal(load(&f, 1), 0);
	assert_string_equal(errtext, "");
	f.path = write_file("regular.csv", text, sizeof(text) - 1);
	assert_int_equal(load(&f, 1), 0);
	assert_string_equal(all_names(), "mine");
}

static void
test_record_limit(void **state)
{
	char want[512];
	const char *p;

	(void)state;
	p = sized_file("10000.csv", 200000, PI_LABELS_MAX_RECORDS);
	assert_int_equal(load_one(p, PI_SOURCE_FILE), 0);
	assert_string_equal(errtext, "");
	assert_int_equal(pi_labels_count(set), PI_LABELS_MAX_RECORDS);

	/* Cut at the limit: an error when named, said of a default file. */
	p = sized_file("10001.csv", 200000, PI_LABELS_MAX_RECORDS + 1);
	assert_int_equal(load_one(p, PI_SOURCE_FILE), -1);
	snprintf(want, sizeof(want), "%s:10002: more than 10000 records; "
	    "the rest are skipped\n", p);
	assert_string_equal(errtext, want);
	assert_int_equal(pi_labels_count(set), PI_LABELS_MAX_RECORDS);
	assert_int_equal(load_one(p, PI_SOURCE_USER), 0);
	assert_string_equal(errtext, want);
	assert_int_equal(pi_labels_count(set), PI_LABELS_MAX_RECORDS);
}

/* The services(5) line reader on its own. */
static void
test_etc_line(void **state)
{
	struct pi_etc_line e;
	struct pi_bad bad;

	(void)state;
#define LINE(s) pi_etc_line(s, sizeof(s) - 1, 7, &e, &bad)
	assert_int_equal(LINE("kerberos\t88/tcp  kerberos5 krb5\t# Kerberos "
	    "v5 "), 1);
	assert_int_equal(e.f.len[PI_COL_NAME], 8);
	assert_memory_equal(e.f.text[PI_COL_NAME], "kerberos", 8);
	assert_int_equal(e.f.lo, 88);
	assert_int_equal(e.f.hi, 88);
	assert_int_equal(e.f.proto, PI_TCP);
	assert_int_equal(e.aliaseslen, 17);
	assert_memory_equal(e.aliases, "  kerberos5 krb5\t", 17);
	assert_int_equal(e.f.len[PI_COL_DESC], 13);
	assert_memory_equal(e.f.text[PI_COL_DESC], " Kerberos v5 ", 13);
	assert_int_equal(LINE("ssh 22/tcp"), 1);
	assert_int_equal(e.aliaseslen, 0);
	assert_int_equal(e.f.len[PI_COL_DESC], 0);
	assert_int_equal(LINE("x11 6000-6063/tcp\r"), 1);
	assert_int_equal(e.f.hi, 6063);
	/* Nothing there, or nothing of portinfo's. */
	assert_int_equal(LINE(""), 0);
	assert_int_equal(LINE("   \t "), 0);
	assert_int_equal(LINE("# ssh 22/tcp"), 0);
	assert_int_equal(LINE("rtmp 1/ddp # AppleTalk"), 0);
	/* Malformed. */
	assert_int_equal(LINE("ssh"), -1);
	assert_string_equal(bad.why, "no port/protocol after the name");
	assert_int_equal(bad.line, 7);
	assert_null(bad.text);
	assert_int_equal(LINE("ssh 22 # no protocol"), -1);
	assert_string_equal(bad.why, "no /protocol after the port");
	assert_int_equal(LINE("ssh 65536/tcp"), -1);
	assert_string_equal(bad.why,
	    "port is not a number from 0 to 65535 or a range");
	assert_int_equal(bad.len, 5);
	assert_int_equal(LINE("s\xc3\xa9 22/tcp"), -1);
	assert_string_equal(bad.why,
	    "service name has a character not allowed in a name");
	assert_int_equal(LINE("ssh 22/tcp good b\\ad"), -1);
	assert_int_equal(bad.len, 4);
	/* A NUL byte anywhere, as in a CSV file: never a line cut short. */
	assert_int_equal(LINE("name 7/tcp # a\0b"), -1);
	assert_string_equal(bad.why, "NUL byte");
	assert_null(bad.text);
	assert_int_equal(LINE("\0ssh 22/tcp"), -1);
	assert_int_equal(LINE("ssh 22/tcp\0 bad\"alias"), -1);
	assert_int_equal(LINE("# a comment\0"), -1);
#undef LINE
}

/* The services(5) reader loads aliases and comments, any bytes kept. */
static void
test_etc_file(void **state)
{
	static const char text[] =
	    "# the host's additions\n"
	    "minecraft\t25565/tcp mc   craft # Game \x1b[31m server\n"
	    "bad 70000/udp\n"
	    "\n"
	    "rtmp 1/ddp\n"
	    "mc-udp 25565/udp\n"
	    "cut 7/tcp # a\0b";
	struct pi_label_cursor c;
	struct pi_label_entry e;
	char want[512];
	const char *p = write_file("services", text, sizeof(text) - 1);

	(void)state;
	assert_int_equal(load_one(p, PI_SOURCE_HOST), 0);
	snprintf(want, sizeof(want), "%s:3: port is not a number from 0 to "
	    "65535 or a range '70000'\n%s:7: NUL byte\n", p, p);
	assert_string_equal(errtext, want);
	assert_string_equal(all_names(), "minecraft mc-udp");
	pi_labels_find_name(&c, set, "CRAFT", 5, PI_PROTO_ANY);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "minecraft");
	assert_string_equal(e.aliases, "mc craft");
	assert_string_equal(e.entry.description, "Game \x1b[31m server");
	assert_int_equal(e.entry.plain, 0);
	assert_int_equal(e.entry.source, PI_SOURCE_HOST);
	snprintf(want, sizeof(want), "%s:2", p);
	assert_string_equal(e.entry.reference, want);
	assert_int_equal(pi_labels_next(&c, &e), 0);
	pi_labels_find_text(&c, set, "MC", 2, PI_UDP);
	assert_int_equal(pi_labels_next(&c, &e), 1);
	assert_string_equal(e.entry.name, "mc-udp");
	assert_int_equal(line_of(&e), 6);
	assert_int_equal(pi_labels_next(&c, &e), 0);
}

/*
 * The host's own /etc/services read as getent(1) reads it: for a sample
 * of its names and aliases, each protocol, the same port.
 */
static void
test_etc_services_getent(void **state)
{
	struct pi_label_cursor c, n;
	struct pi_label_entry e, first;
	char cmd[256], out[256], name[128];
	size_t i = 0, checked = 0;
	unsigned port;
	FILE *fp;

	(void)state;
	if (access("/etc/services", R_OK) != 0 ||
	    system("getent services ssh >/dev/null 2>&1") != 0)
		skip();
	assert_int_equal(load_one("/etc/services", PI_SOURCE_HOST), 0);
	assert_true(pi_labels_count(set) > 0);
	pi_labels_find_text(&c, set, "", 0, PI_PROTO_ANY);
	while (pi_labels_next(&c, &e)) {
		const char *key = e.entry.name;
		size_t alen = strcspn(e.aliases, " ");

		/* Every seventh record, by its name or its first alias. */
		if (i++ % 7 != 0)
			continue;
		if (i % 2 == 0 && alen > 0 && alen < sizeof(name)) {
			memcpy(name, e.aliases, alen);
			name[alen] = '\0';
			key = name;
		}
		snprintf(cmd, sizeof(cmd), "getent services '%s/%s'", key,
		    pi_proto_name(e.entry.proto));
		assert_non_null(fp = popen(cmd, "r"));
		assert_non_null(fgets(out, sizeof(out), fp));
		pclose(fp);
		port = 0;
		assert_int_equal(sscanf(out, "%*s %u/", &port), 1);
		/* getent gives the first line for a name; so do we. */
		pi_labels_find_name(&n, set, key, strlen(key),
		    e.entry.proto);
		assert_int_equal(pi_labels_next(&n, &first), 1);
		assert_int_equal(first.entry.port, port);
		checked++;
	}
	assert_true(checked >= 10);
}

/* Where the files are looked for. */
static void
test_paths(void **state)
{
	const char *argv_files[] = { "a.csv", "b.csv" };
	struct pi_label_options o = { NULL, 0, 0, 0, 0 };
	struct pi_label_file *f;
	size_t n;
	char want[512];

	(void)state;
	unsetenv("PORTINFO_SERVICES");
	setenv("HOME", "/home/someone", 1);
	unsetenv("XDG_CONFIG_HOME");
	assert_non_null(f = pi_label_files(&o, &n));
	assert_int_equal(n, 2);
	assert_string_equal(f[0].path, PI_SYSCONFDIR
	    "/portinfo/services.csv");
	assert_int_equal(f[0].source, PI_SOURCE_SITE);
	assert_string_equal(f[1].path,
	    "/home/someone/.config/portinfo/services.csv");
	assert_int_equal(f[1].source, PI_SOURCE_USER);
	free(f);

	/* XDG_CONFIG_HOME, when absolute; a relative one is ignored. */
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	assert_non_null(f = pi_label_files(&o, &n));
	assert_string_equal(f[1].path, "/xdg/portinfo/services.csv");
	free(f);
	setenv("XDG_CONFIG_HOME", "rel", 1);
	assert_non_null(f = pi_label_files(&o, &n));
	assert_string_equal(f[1].path,
	    "/home/someone/.config/portinfo/services.csv");
	free(f);
	/* No home at all: the site's file alone. */
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	assert_non_null(f = pi_label_files(&o, &n));
	assert_int_equal(n, 1);
	free(f);

	/* The environment's list replaces them, empty items aside. */
	setenv("PORTINFO_SERVICES", "::/x/one.csv::two.csv:", 1);
	assert_non_null(f = pi_label_files(&o, &n));
	assert_int_equal(n, 2);
	assert_string_equal(f[0].path, "/x/one.csv");
	assert_string_equal(f[1].path, "two.csv");
	assert_int_equal(f[0].source, PI_SOURCE_FILE);
	assert_int_equal(f[1].source, PI_SOURCE_FILE);
	free(f);
	setenv("PORTINFO_SERVICES", ":", 1);
	assert_non_null(f = pi_label_files(&o, &n));
	assert_int_equal(n, 1);
	assert_int_equal(f[0].source, PI_SOURCE_SITE);
	free(f);

	/* The command line's files replace the environment's. */
	setenv("PORTINFO_SERVICES", "/x/one.csv", 1);
	o.files = argv_files;
	o.nfiles = 2;
	o.host = 1;
	o.regular = 1;
	assert_non_null(f = pi_label_files(&o, &n));
	assert_int_equal(n, 3);
	assert_int_equal(f[0].regular, 1);
	assert_int_equal(f[2].regular, 1);
	o.regular = 0;
	assert_string_equal(f[0].path, "/etc/services");
	assert_int_equal(f[0].source, PI_SOURCE_HOST);
	assert_string_equal(f[1].path, "a.csv");
	assert_string_equal(f[2].path, "b.csv");
	assert_int_equal(f[2].source, PI_SOURCE_FILE);
	free(f);

	/* The switch: none at all, but /etc/services when asked for. */
	o.none = 1;
	assert_non_null(f = pi_label_files(&o, &n));
	assert_int_equal(n, 1);
	assert_int_equal(f[0].source, PI_SOURCE_HOST);
	free(f);
	o.host = 0;
	assert_non_null(f = pi_label_files(&o, &n));
	assert_int_equal(n, 0);
	free(f);
	unsetenv("PORTINFO_SERVICES");

	/* The whole path with a temporary home: the user's file is read. */
	snprintf(want, sizeof(want), "%s/.config/portinfo", tmpdir);
	setenv("HOME", tmpdir, 1);
	assert_int_equal(mkdir(path(".config"), 0700), 0);
	assert_int_equal(mkdir(want, 0700), 0);
	write_file(".config/portinfo/services.csv",
	    "Service Name,Port Number,Transport Protocol\nmine,7410,tcp\n",
	    58);
	o.none = 0;
	o.nfiles = 0;
	pi_labels_free(set);
	assert_int_equal(pi_labels_open(&set, &o, stderr), 0);
	assert_int_equal(pi_labels_count(set), 1);
	{
		struct pi_label_cursor c;
		struct pi_label_entry e;

		pi_labels_find_port(&c, set, 7410, 7410, PI_PROTO_ANY);
		assert_int_equal(pi_labels_next(&c, &e), 1);
		assert_string_equal(e.entry.name, "mine");
		assert_int_equal(e.entry.source, PI_SOURCE_USER);
		snprintf(want, sizeof(want),
		    "%s/.config/portinfo/services.csv:2", tmpdir);
		assert_string_equal(e.entry.reference, want);
	}
	/* And through PORTINFO_SERVICES, a missing file is an error. */
	setenv("PORTINFO_SERVICES", path("nothere.csv"), 1);
	pi_labels_free(set);
	assert_int_equal(pi_labels_open(&set, &o, fopen("/dev/null", "w")),
	    -1);
	assert_null(set);
	unsetenv("PORTINFO_SERVICES");
}

static void
test_source_names(void **state)
{
	(void)state;
	assert_string_equal(pi_source_name(PI_SOURCE_IANA), "iana");
	assert_string_equal(pi_source_name(PI_SOURCE_COMMON), "common");
	assert_string_equal(pi_source_name(PI_SOURCE_HOST), "host");
	assert_string_equal(pi_source_name(PI_SOURCE_SITE), "site");
	assert_string_equal(pi_source_name(PI_SOURCE_USER), "user");
	assert_string_equal(pi_source_name(PI_SOURCE_FILE), "file");
	/* The order answers show them in. */
	assert_true(PI_SOURCE_IANA < PI_SOURCE_COMMON &&
	    PI_SOURCE_COMMON < PI_SOURCE_HOST &&
	    PI_SOURCE_HOST < PI_SOURCE_SITE &&
	    PI_SOURCE_SITE < PI_SOURCE_USER &&
	    PI_SOURCE_USER < PI_SOURCE_FILE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_malformed_all_listed),
		cmocka_unit_test(test_field_too_long),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_plain_file),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_quoted_many),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_alias_once),
		cmocka_unit_test(test_same_hash),
		cmocka_unit_test(test_file_changed_after),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_trust),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_unreadable_among_others),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_regular_only),
		cmocka_unit_test(test_record_limit),
		cmocka_unit_test(test_etc_line),
		cmocka_unit_test(test_etc_file),
		cmocka_unit_test(test_etc_services_getent),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_source_names),
	};
	int r = cmocka_run_group_tests(tests, setup, teardown);

	pi_labels_free(set);
	free(errtext);
	return r;
}
