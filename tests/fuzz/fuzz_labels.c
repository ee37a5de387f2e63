/*
 * libFuzzer harness for the label readers.  Each input is read both as a
 * label file in CSV and as a file in the services(5) format, and what is
 * loaded must keep the readers' promises: every message names the file
 * and a line, every record obeys the registry's rules, a query asks for
 * its name, its texts are on one line, "plain" is said of exactly the
 * records whose texts are plain, and each record is found again by its
 * port and by its name.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "fields.h"
#include "fuzz.h"
#include "labels.h"
#include "query.h"

static char path[] = "/tmp/fuzz_labels.XXXXXX";

static int
all_plain(const char *s)
{
	while (*s != '\0' && pi_plain_byte((unsigned char)*s))
		s++;
	return *s == '\0';
}

/* On one line: no line break, no blank at either end, none doubled. */
static void
check_one_line(const char *s)
{
	size_t len = strlen(s);

	CHECK(strchr(s, '\n') == NULL);
	CHECK(strstr(s, "  ") == NULL);
	CHECK(len == 0 || (s[0] != ' ' && s[len - 1] != ' '));
}

static int
found(struct pi_label_cursor *c, size_t index)
{
	struct pi_label_entry e;
	int seen = 0;

	while (pi_labels_next(c, &e))
		seen |= e.entry.index == index;
	return seen;
}

static void
check_record(struct pi_labels *set, const struct pi_label_entry *e,
    int services)
{
	const struct pi_entry *r = &e->entry;
	struct pi_label_cursor c;
	size_t plen = strlen(path);

	CHECK(pi_field_label_name(r->name, strlen(r->name)) == NULL);
	CHECK(r->name[0] == '\0' || query_asks_name(r->name, strlen(r->name)));
	CHECK(r->name[0] != '\0' || r->has_port);
	CHECK(r->proto == 0 || (r->proto & (r->proto - 1)) == 0);
	CHECK(r->proto <= PI_PROTO_ANY);
	CHECK(!services || (r->has_port && r->proto != 0));
	CHECK(!r->has_port || (r->port <= r->port_end &&
	    r->port_end <= PI_PORT_MAX));
	CHECK(r->status == PI_ASSIGNED);
	CHECK(strcmp(r->unauthorized, "") == 0);
	check_one_line(r->description);
	check_one_line(e->aliases);
	CHECK(strncmp(r->reference, path, plen) == 0 &&
	    r->reference[plen] == ':' &&
	    strtoul(r->reference + plen + 1, NULL, 10) >= 1);
	CHECK(e->entry.source == (services ? PI_SOURCE_HOST : PI_SOURCE_FILE));
	CHECK(r->plain == (all_plain(r->name) && all_plain(r->description)
	    && all_plain(r->reference) && all_plain(e->aliases)));
	if (r->has_port) {
		pi_labels_find_port(&c, set, r->port, r->port, r->proto);
		CHECK(found(&c, r->index));
		pi_labels_find_port(&c, set, r->port_end, PI_PORT_MAX,
		    PI_PROTO_ANY);
		CHECK(found(&c, r->index));
	}
	if (r->name[0] != '\0') {
		pi_labels_find_name(&c, set, r->name, strlen(r->name),
		    PI_PROTO_ANY);
		CHECK(found(&c, r->index));
		pi_labels_find_text(&c, set, r->name, strlen(r->name),
		    PI_PROTO_ANY);
		CHECK(found(&c, r->index));
	}
}

/*
 * Loads the file, keeping what was said.  A file that loses labels (a
 * header that cannot be used: the record limit is beyond the fuzzer's
 * inputs) says so and loads nothing.
 */
static struct pi_labels *
load(const struct pi_label_file *f, char **err)
{
	struct pi_labels *set;
	size_t errlen;
	FILE *fp;
	int r;

	CHECK((fp = open_memstream(err, &errlen)) != NULL);
	r = pi_labels_load(&set, f, 1, fp);
	CHECK(fclose(fp) == 0);
	CHECK(r == 0 || (r == -1 && set == NULL && **err != '\0'));
	return set;
}

static void
read_as(int services)
{
	struct pi_label_file f = { path, services ? PI_SOURCE_HOST :
	    PI_SOURCE_FILE, 0 };
	struct pi_labels *set;
	struct pi_label_cursor c;
	struct pi_label_entry e;
	char *err = NULL, *line, *next;
	size_t n = 0, plen = strlen(path);

	set = load(&f, &err);
	/* Every message: "FILE:LINE: reason". */
	for (line = err; *line != '\0'; line = next + 1) {
		CHECK((next = strchr(line, '\n')) != NULL);
		CHECK(strncmp(line, path, plen) == 0 && line[plen] == ':');
		CHECK(strtoul(line + plen + 1, NULL, 10) >= 1);
	}
	CHECK(set == NULL || pi_labels_count(set) > 0);
	CHECK(pi_labels_count(set) <= PI_LABELS_MAX_RECORDS);
	pi_labels_find_text(&c, set, "", 0, PI_PROTO_ANY);
	while (pi_labels_next(&c, &e)) {
		CHECK(e.entry.index == n++);
		check_record(set, &e, services);
	}
	CHECK(n == pi_labels_count(set));
	pi_labels_free(set);
	free(err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;

	if (fd == -1)
		CHECK((fd = mkstemp(path)) != -1);
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);
	read_as(1);
	read_as(0);
	return 0;
}
