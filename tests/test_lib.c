/*
 * The library: classes, port, name and text lookups, protocol filters,
 * and what the table compiler decided for the registry's records.
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
#include "table.h"

#define MAXHITS 64

struct hits {
	struct pi_entry e[MAXHITS];
	size_t n;
};

/* Drains a cursor; more than MAXHITS records fails the test. */
static void
drain(struct pi_cursor *c, struct hits *h)
{
	struct pi_entry e;

	h->n = 0;
	while (pi_next(c, &e)) {
		assert_true(h->n < MAXHITS);
		h->e[h->n++] = e;
	}
	/* A drained cursor stays drained. */
	assert_false(pi_next(c, &e));
}

static void
port(struct hits *h, unsigned lo, unsigned hi, unsigned protos)
{
	struct pi_cursor c;

	pi_find_port(&c, lo, hi, protos);
	drain(&c, h);
}

static void
name(struct hits *h, const char *s, unsigned protos)
{
	struct pi_cursor c;

	pi_find_name(&c, s, strlen(s), protos);
	drain(&c, h);
}

/* Whether h holds name on proto for port..port_end. */
static int
has(const struct hits *h, const char *nm, unsigned proto, unsigned lo,
    unsigned hi)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		if (strcmp(h->e[i].name, nm) == 0 && h->e[i].proto == proto &&
		    h->e[i].has_port && h->e[i].port == lo &&
		    h->e[i].port_end == hi)
			return 1;
	}
	return 0;
}

static void
test_class_bounds(void **state)
{
	static const struct {
		unsigned port;
		enum pi_class id;
	} cases[] = {
		{ 0, PI_WELL_KNOWN }, { 1023, PI_WELL_KNOWN },
		{ 1024, PI_REGISTERED }, { 49151, PI_REGISTERED },
		{ 49152, PI_DYNAMIC }, { 65535, PI_DYNAMIC },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pi_class_info *cl = pi_classify(cases[i].port);

		assert_ptr_equal(cl, &pi_classes[cases[i].id]);
		assert_true(cl->lo <= cases[i].port);
		assert_true(cases[i].port <= cl->hi);
	}
	assert_string_equal(pi_classify(22)->name, "well-known");
	assert_string_equal(pi_classify(22)->iana_name, "system");
	assert_string_equal(pi_classify(8080)->name, "registered");
	assert_string_equal(pi_classify(8080)->iana_name, "user");
	assert_string_equal(pi_classify(50000)->name, "dynamic");
	assert_string_equal(pi_classify(50000)->iana_name, "dynamic/private");
	assert_int_equal(pi_classify(1024)->lo, 1024);
	assert_int_equal(pi_classify(1024)->hi, 49151);
}

static void
test_class_by_name(void **state)
{
	(void)state;
	assert_ptr_equal(pi_class_by_name("well-known", 10),
	    &pi_classes[PI_WELL_KNOWN]);
	assert_ptr_equal(pi_class_by_name("SYSTEM", 6),
	    &pi_classes[PI_WELL_KNOWN]);
	assert_ptr_equal(pi_class_by_name("user", 4),
	    &pi_classes[PI_REGISTERED]);
	assert_ptr_equal(pi_class_by_name("Dynamic", 7),
	    &pi_classes[PI_DYNAMIC]);
	assert_null(pi_class_by_name("dyn", 3));
	assert_null(pi_class_by_name("registeredx", 11));
	assert_null(pi_class_by_name("", 0));
}

static void
test_proto_names(void **state)
{
	(void)state;
	assert_int_equal(pi_proto_parse("tcp", 3), PI_TCP);
	assert_int_equal(pi_proto_parse("UDP", 3), PI_UDP);
	assert_int_equal(pi_proto_parse("sctp", 4), PI_SCTP);
	assert_int_equal(pi_proto_parse("Dccp", 4), PI_DCCP);
	assert_int_equal(pi_proto_parse("icmp", 4), 0);
	assert_int_equal(pi_proto_parse("tc", 2), 0);
	assert_int_equal(pi_proto_parse("tcp\0", 4), 0);
	assert_string_equal(pi_proto_name(PI_DCCP), "dccp");
	assert_string_equal(pi_proto_name(0), "");
	assert_string_equal(pi_proto_name(PI_TCP | PI_UDP), "");
}

static void
test_port_22(void **state)
{
	struct hits h;

	(void)state;
	port(&h, 22, 22, PI_PROTO_ANY);
	assert_int_equal(h.n, 3);
	assert_true(has(&h, "ssh", PI_TCP, 22, 22));
	assert_true(has(&h, "ssh", PI_UDP, 22, 22));
	assert_true(has(&h, "ssh", PI_SCTP, 22, 22));
	assert_string_equal(h.e[0].description,
	    "The Secure Shell (SSH) Protocol");
	assert_string_equal(h.e[0].reference, "RFC4251");
	assert_int_equal(h.e[0].status, PI_ASSIGNED);
}

static void
test_port_80(void **state)
{
	struct hits h;

	(void)state;
	port(&h, 80, 80, PI_PROTO_ANY);
	assert_int_equal(h.n, 7);
	assert_true(has(&h, "http", PI_TCP, 80, 80));
	assert_true(has(&h, "http", PI_UDP, 80, 80));
	assert_true(has(&h, "www", PI_TCP, 80, 80));
	assert_true(has(&h, "www-http", PI_UDP, 80, 80));
	assert_true(has(&h, "http", PI_SCTP, 80, 80));
	/* Registry order within a port. */
	assert_string_equal(h.e[0].name, "http");
	assert_int_equal(h.e[0].proto, PI_TCP);
	assert_true(h.e[0].index < h.e[1].index);

	port(&h, 80, 80, PI_SCTP);
	assert_int_equal(h.n, 1);
	assert_true(has(&h, "http", PI_SCTP, 80, 80));

	port(&h, 80, 80, PI_TCP | PI_SCTP);
	assert_int_equal(h.n, 4);
	port(&h, 80, 80, PI_DCCP);
	assert_int_equal(h.n, 0);
}

static void
test_port_ranges(void **state)
{
	static const unsigned inside[] = { 6000, 6001, 6032, 6063 };
	struct hits h;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inside) / sizeof(inside[0]); i++) {
		port(&h, inside[i], inside[i], PI_PROTO_ANY);
		assert_true(has(&h, "x11", PI_TCP, 6000, 6063));
		assert_true(has(&h, "x11", PI_UDP, 6000, 6063));
	}
	port(&h, 6064, 6064, PI_PROTO_ANY);
	assert_false(has(&h, "x11", PI_TCP, 6000, 6063));
	assert_true(has(&h, "ndl-ahp-svc", PI_TCP, 6064, 6064));
	port(&h, 5999, 5999, PI_PROTO_ANY);
	assert_false(has(&h, "x11", PI_TCP, 6000, 6063));
}

static void
test_port_boundaries(void **state)
{
	struct hits h;

	(void)state;
	port(&h, 0, 0, PI_PROTO_ANY);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.e[0].status, PI_RESERVED);
	assert_string_equal(h.e[0].name, "");
	port(&h, 1023, 1023, PI_PROTO_ANY);
	assert_true(h.n > 0);
	assert_int_equal(h.e[0].status, PI_RESERVED);
	port(&h, 1024, 1024, PI_PROTO_ANY);
	assert_true(h.n > 0);
	port(&h, 49151, 49151, PI_PROTO_ANY);
	assert_true(h.n > 0);
	assert_int_equal(h.e[0].proto, 0);
	port(&h, 49152, 49152, PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
	port(&h, 65535, 65535, PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
}

/* A record without a protocol matches every protocol filter. */
static void
test_no_protocol_matches_all(void **state)
{
	struct hits h;

	(void)state;
	port(&h, 3322, 3322, PI_DCCP);
	assert_true(has(&h, "active-net", 0, 3322, 3325));
}

static void
test_query_range(void **state)
{
	struct hits h;

	(void)state;
	port(&h, 20, 23, PI_TCP);
	assert_int_equal(h.n, 4);
	assert_string_equal(h.e[0].name, "ftp-data");
	assert_string_equal(h.e[1].name, "ftp");
	assert_string_equal(h.e[2].name, "ssh");
	assert_string_equal(h.e[3].name, "telnet");

	/* A range record is found once, from inside or across its start. */
	port(&h, 6010, 6020, PI_TCP);
	assert_int_equal(h.n, 1);
	assert_true(has(&h, "x11", PI_TCP, 6000, 6063));
	port(&h, 5990, 6070, PI_TCP);
	assert_true(has(&h, "x11", PI_TCP, 6000, 6063));
	{
		size_t i, x11 = 0;

		for (i = 0; i < h.n; i++)
			x11 += strcmp(h.e[i].name, "x11") == 0;
		assert_int_equal(x11, 1);
		for (i = 1; i < h.n; i++) {
			unsigned a = h.e[i - 1].port < 5990 ? 5990 :
			    h.e[i - 1].port;
			unsigned b = h.e[i].port < 5990 ? 5990 : h.e[i].port;

			assert_true(a <= b);
		}
	}
	port(&h, 50000, 65535, PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
	port(&h, 30, 20, PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
	port(&h, 0, 70000, PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
}

static void
test_whole_space(void **state)
{
	struct pi_cursor c;
	struct pi_entry e;
	size_t n = 0, withport = 0, i;

	(void)state;
	pi_find_port(&c, 0, PI_PORT_MAX, PI_PROTO_ANY);
	while (pi_next(&c, &e))
		n++;
	pi_find_text(&c, "", 0, PI_PROTO_ANY);
	for (i = 0; pi_next(&c, &e); i++) {
		assert_int_equal(e.index, i);
		withport += e.has_port;
	}
	assert_int_equal(i, pi_record_count());
	assert_int_equal(n, withport);
}

static void
test_name_case(void **state)
{
	struct hits h;

	(void)state;
	name(&h, "ssh", PI_PROTO_ANY);
	assert_true(has(&h, "ssh", PI_TCP, 22, 22));
	assert_true(has(&h, "ssh", PI_SCTP, 22, 22));
	name(&h, "SSH", PI_PROTO_ANY);
	assert_true(has(&h, "ssh", PI_TCP, 22, 22));
	name(&h, "sSh", PI_UDP);
	assert_int_equal(h.n, 1);
	assert_true(has(&h, "ssh", PI_UDP, 22, 22));
	name(&h, "cailic", PI_PROTO_ANY);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.e[0].name, "CAIlic");
	name(&h, "ss", PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
	name(&h, "sshx", PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
	name(&h, "", PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
}

static void
test_legacy_names(void **state)
{
	struct hits h;

	(void)state;
	name(&h, "whois++", PI_PROTO_ANY);
	assert_true(has(&h, "whois++", PI_TCP, 63, 63));
	name(&h, "SQL*NET", PI_PROTO_ANY);
	assert_true(has(&h, "sql*net", PI_UDP, 66, 66));
	name(&h, "z39.50", PI_PROTO_ANY);
	assert_true(has(&h, "z39.50", PI_TCP, 210, 210));
	name(&h, "cl/1", PI_PROTO_ANY);
	assert_true(has(&h, "cl/1", PI_TCP, 172, 172));
	name(&h, "x11", PI_PROTO_ANY);
	assert_true(has(&h, "x11", PI_UDP, 6000, 6063));
	/* The replacement name carries a one-line description. */
	name(&h, "whoispp", PI_TCP);
	assert_int_equal(h.n, 1);
	assert_null(strchr(h.e[0].description, '\n'));
	assert_non_null(strstr(h.e[0].description, "whois++ IANA assigned"));
}

static void
test_name_only(void **state)
{
	struct hits h;
	size_t i, noport = 0;

	(void)state;
	name(&h, "argus", PI_PROTO_ANY);
	assert_true(h.n >= 1);
	for (i = 0; i < h.n; i++)
		noport += !h.e[i].has_port;
	assert_true(noport >= 1);
}

static void
test_search(void **state)
{
	struct pi_cursor c;
	struct pi_entry e;
	int ssh = 0;
	size_t n = 0;

	(void)state;
	pi_find_text(&c, "secure SHELL", 12, PI_TCP);
	while (pi_next(&c, &e)) {
		ssh |= strcmp(e.name, "ssh") == 0 && e.port == 22;
		assert_int_not_equal(e.proto, PI_UDP);
		n++;
	}
	assert_true(ssh);
	pi_find_text(&c, "x11", 3, PI_PROTO_ANY);
	assert_true(pi_next(&c, &e));
	pi_find_text(&c, "no such text anywhere", 21, PI_PROTO_ANY);
	assert_false(pi_next(&c, &e));
	assert_true(n >= 1);
}

static void
test_one_line_text(void **state)
{
	struct pi_cursor c;
	struct pi_entry e;

	(void)state;
	pi_find_text(&c, "", 0, PI_PROTO_ANY);
	while (pi_next(&c, &e)) {
		assert_null(strpbrk(e.description, "\r\n\t"));
		assert_null(strpbrk(e.reference, "\r\n\t[]"));
		assert_null(strpbrk(e.unauthorized, "\r\n\t"));
	}
}

/* Whether s holds only printable ASCII other than \\ " and ",". */
static int
all_plain(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f ||
		    strchr("\\\",", *s) != NULL)
			return 0;
	}
	return 1;
}

static void
test_plain_flag(void **state)
{
	struct pi_cursor c;
	struct pi_entry e;
	size_t plain = 0, other = 0;

	(void)state;
	pi_find_text(&c, "", 0, PI_PROTO_ANY);
	while (pi_next(&c, &e)) {
		assert_int_equal(e.plain, all_plain(e.name) &&
		    all_plain(e.description) && all_plain(e.reference) &&
		    all_plain(e.unauthorized));
		if (e.plain)
			plain++;
		else
			other++;
	}
	/* The registry has both kinds, so both ways are checked. */
	assert_true(plain > 0);
	assert_true(other > 0);
}

static void
test_unauthorized(void **state)
{
	struct hits h;

	(void)state;
	port(&h, 79, 79, PI_TCP);
	assert_int_equal(h.n, 1);
	assert_string_equal(h.e[0].name, "finger");
	assert_non_null(strstr(h.e[0].unauthorized, "RFC4146"));
}

/*
 * The registry is dated by the newest registration or modification date
 * of the file it was compiled from ($PI_DATA, or data/services.csv), read
 * here again, so that the test holds for any export.
 */
static void
test_registry_date(void **state)
{
	static const char *const cols[] = { "Registration Date",
	    "Modification Date" };
	const char *path = getenv("PI_DATA") ? getenv("PI_DATA") :
	    "data/services.csv";
	char newest[16] = "";
	size_t col[2] = { SIZE_MAX, SIZE_MAX }, i, k, records = 0;
	struct csv in;
	FILE *fp;

	(void)state;
	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(csv_init_file(&in, fp), 0);
	assert_int_equal(csv_read(&in), 1);
	for (i = 0; i < in.nfields; i++) {
		for (k = 0; k < 2; k++) {
			if (strcmp(csv_field(&in, i), cols[k]) == 0)
				col[k] = i;
		}
	}
	while (csv_read(&in) == 1) {
		records++;
		for (k = 0; k < 2; k++) {
			const char *d = col[k] == SIZE_MAX ? "" :
			    csv_field(&in, col[k]);

			assert_true(strlen(d) < sizeof(newest));
			if (strcmp(d, newest) > 0)
				strcpy(newest, d);
		}
	}
	assert_null(in.error);
	csv_free(&in);
	fclose(fp);
	assert_string_equal(pi_registry_date(), newest);
	assert_int_equal(pi_record_count(), records);
	/* data/services.csv has both columns, and dates in them. */
	if (getenv("PI_DATA") == NULL)
		assert_int_equal(strlen(newest), 10);
}

/*
 * The status is IANA's own: only "Unassigned" is unassigned; every other
 * nameless record is reserved, whatever its wording.
 */
static void
test_status_rule(void **state)
{
	static const struct {
		unsigned port, proto;
		const char *description;
		enum pi_status status;
	} cases[] = {
		{ 24, PI_TCP, "any private mail system", PI_RESERVED },
		{ 35, PI_UDP, "any private printer server", PI_RESERVED },
		{ 585, 0, "De-registered", PI_RESERVED },
		{ 659, 0, "Removed", PI_RESERVED },
		{ 1028, 0, "Deprecated", PI_RESERVED },
		{ 1109, 0, "Reserved - IANA", PI_RESERVED },
		{ 2825, 0, "(unassigned) Possibly assigned", PI_RESERVED },
		{ 15, PI_TCP, "Unassigned [was netstat]", PI_UNASSIGNED },
		{ 114, 0, "unassigned", PI_UNASSIGNED },
		{ 2925, 0, "Unassigned (FRP-Released 12/7/00)",
		    PI_UNASSIGNED },
	};
	struct hits h;
	size_t i, j, found;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		port(&h, cases[i].port, cases[i].port, PI_PROTO_ANY);
		for (j = found = 0; j < h.n; j++) {
			if (h.e[j].proto != cases[i].proto ||
			    strcmp(h.e[j].description,
			    cases[i].description) != 0)
				continue;
			assert_int_equal(h.e[j].status, cases[i].status);
			found++;
		}
		assert_int_equal(found, 1);
	}
}

/* Each of IANA's bracketed references stays one, joined by "; ". */
static void
test_references(void **state)
{
	static const char ictp[] = "TR-352; Inter-Channel-Termination "
	    "protocol (ICTP) is a peer-to-peer protocol";
	struct hits h;

	(void)state;
	port(&h, 143, 143, PI_TCP);
	assert_int_equal(h.n, 1);
	assert_string_equal(h.e[0].reference, "RFC3501; RFC9051");
	name(&h, "pon-ictp", PI_TCP);
	assert_int_equal(h.n, 1);
	assert_memory_equal(h.e[0].reference, ictp, sizeof(ictp) - 1);
}

/* Whether every IANA record of h comes before every common use. */
static int
iana_first(const struct hits *h)
{
	size_t i;

	for (i = 1; i < h->n; i++) {
		if (h->e[i - 1].source == PI_SOURCE_COMMON &&
		    h->e[i].source == PI_SOURCE_IANA)
			return 0;
	}
	return 1;
}

static size_t
count_source(const struct hits *h, enum pi_source source)
{
	size_t i, n = 0;

	for (i = 0; i < h->n; i++)
		n += h->e[i].source == source;
	return n;
}

static void
test_common_by_port(void **state)
{
	struct hits h, iana;
	size_t i;

	(void)state;
	/* Without PI_COMMON, IANA's registry alone, as before. */
	port(&iana, 3000, 3000, PI_PROTO_ANY);
	assert_int_equal(count_source(&iana, PI_SOURCE_COMMON), 0);
	assert_true(has(&iana, "hbci", PI_TCP, 3000, 3000));
	/* With it, IANA's records first and unchanged, then the common uses. */
	port(&h, 3000, 3000, PI_PROTO_ANY | PI_COMMON);
	assert_true(h.n > iana.n);
	for (i = 0; i < iana.n; i++) {
		assert_int_equal(h.e[i].source, PI_SOURCE_IANA);
		assert_int_equal(h.e[i].index, iana.e[i].index);
	}
	assert_true(iana_first(&h));
	assert_true(has(&h, "grafana", PI_TCP, 3000, 3000));
	assert_true(has(&h, "rails", PI_TCP, 3000, 3000));
	assert_true(has(&h, "nextjs", PI_TCP, 3000, 3000));
	for (i = iana.n; i < h.n; i++) {
		assert_int_equal(h.e[i].source, PI_SOURCE_COMMON);
		assert_int_equal(h.e[i].status, PI_ASSIGNED);
		assert_int_equal(strncmp(h.e[i].reference, "https://", 8), 0);
		assert_string_equal(h.e[i].alias, "");
		assert_true(h.e[i].index < pi_ncommon);
	}
	/* A port IANA leaves unassigned. */
	port(&h, 5173, 5173, PI_TCP | PI_COMMON);
	assert_true(has(&h, "vite", PI_TCP, 5173, 5173));
	assert_int_equal(h.e[0].source, PI_SOURCE_IANA);
	assert_int_equal(h.e[0].status, PI_UNASSIGNED);
	/* The protocol filter holds for common uses too. */
	port(&h, 5173, 5173, PI_UDP | PI_COMMON);
	assert_int_equal(count_source(&h, PI_SOURCE_COMMON), 0);
	/* In a range, each port's common uses after its IANA records. */
	port(&h, 25560, 25570, PI_PROTO_ANY | PI_COMMON);
	assert_true(has(&h, "minecraft", PI_TCP, 25565, 25565));
	port(&h, 25565, 25565, PI_PROTO_ANY);
	assert_false(has(&h, "minecraft", PI_TCP, 25565, 25565));
	/* A common use over a range is found by each of its ports. */
	port(&h, 31000, 31000, PI_TCP | PI_COMMON);
	assert_true(has(&h, "kubernetes-nodeport", PI_TCP, 30000, 32767));
}

static void
test_common_by_name(void **state)
{
	struct hits h;

	(void)state;
	name(&h, "grafana", PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
	name(&h, "Grafana", PI_PROTO_ANY | PI_COMMON);
	assert_true(has(&h, "grafana", PI_TCP, 3000, 3000));
	assert_int_equal(count_source(&h, PI_SOURCE_IANA), 0);
	name(&h, "grafana", PI_UDP | PI_COMMON);
	assert_int_equal(h.n, 0);
	/* A name both IANA and common uses know: IANA's first. */
	name(&h, "mongodb", PI_PROTO_ANY);
	assert_int_equal(h.n, 1);
	name(&h, "MongoDB", PI_PROTO_ANY | PI_COMMON);
	assert_true(h.n > 1);
	assert_int_equal(count_source(&h, PI_SOURCE_IANA), 1);
	assert_true(has(&h, "mongodb", PI_TCP, 27017, 27017));
	assert_true(has(&h, "mongodb", PI_TCP, 27018, 27018));
	assert_true(iana_first(&h));
}

static void
test_common_search(void **state)
{
	static const char *const words[] = {
		"minecraft", "prometheus", "kubernetes", "grafana", "wireguard"
	};
	struct pi_cursor c;
	struct pi_entry e;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		pi_find_text(&c, words[i], strlen(words[i]), PI_PROTO_ANY);
		assert_false(pi_next(&c, &e));
		pi_find_text(&c, words[i], strlen(words[i]),
		    PI_PROTO_ANY | PI_COMMON);
		for (n = 0; pi_next(&c, &e); n++)
			assert_int_equal(e.source, PI_SOURCE_COMMON);
		if (n == 0)
			fail_msg("-s %s finds no common use", words[i]);
	}
}

static void
test_aliases(void **state)
{
	struct hits h;
	size_t i;

	(void)state;
	/* IANA's registry alone does not know the name. */
	name(&h, "smtps", PI_PROTO_ANY);
	assert_int_equal(h.n, 0);
	name(&h, "SMTPS", PI_PROTO_ANY | PI_COMMON);
	assert_int_equal(h.n, 1);
	assert_true(has(&h, "submissions", PI_TCP, 465, 465));
	assert_int_equal(h.e[0].source, PI_SOURCE_IANA);
	assert_string_equal(h.e[0].alias, "smtps");
	assert_string_equal(h.e[0].reference, "RFC8314");
	/* An alias stands for one protocol's record. */
	name(&h, "smtps", PI_UDP | PI_COMMON);
	assert_int_equal(h.n, 0);
	/* Found by its own name, a record names no alias. */
	name(&h, "submissions", PI_PROTO_ANY | PI_COMMON);
	assert_true(h.n >= 1);
	for (i = 0; i < h.n; i++)
		assert_string_equal(h.e[i].alias, "");
	/* One alias may stand for several records. */
	name(&h, "null", PI_PROTO_ANY | PI_COMMON);
	assert_int_equal(h.n, 2);
	assert_true(has(&h, "discard", PI_TCP, 9, 9));
	assert_true(has(&h, "discard", PI_UDP, 9, 9));
	assert_string_equal(h.e[1].alias, "null");
	name(&h, "whois", PI_TCP | PI_COMMON);
	assert_true(has(&h, "nicname", PI_TCP, 43, 43));
	name(&h, "postgres", PI_TCP | PI_COMMON);
	assert_true(has(&h, "postgresql", PI_TCP, 5432, 5432));
	/* An alias of a range finds it on the alias's own port alone. */
	name(&h, "x11-1", PI_PROTO_ANY | PI_COMMON);
	assert_int_equal(h.n, 1);
	assert_true(has(&h, "x11", PI_TCP, 6001, 6001));
	name(&h, "ircd", PI_PROTO_ANY | PI_COMMON);
	assert_int_equal(h.n, 1);
	assert_true(has(&h, "ircu", PI_TCP, 6667, 6667));
	name(&h, "x11", PI_TCP | PI_COMMON);
	assert_true(has(&h, "x11", PI_TCP, 6000, 6063));
	/* An alias is no port lookup's business. */
	port(&h, 465, 465, PI_TCP | PI_COMMON);
	for (i = 0; i < h.n; i++)
		assert_string_equal(h.e[i].alias, "");
}

static void
test_sources_whole(void **state)
{
	struct pi_cursor c;
	struct pi_entry e;
	size_t n = 0, common = 0;

	(void)state;
	assert_true(pi_ncommon >= 70);
	assert_true(pi_naliases >= 1);
	pi_find_text(&c, "", 0, PI_PROTO_ANY);
	while (pi_next(&c, &e)) {
		assert_int_equal(e.source, PI_SOURCE_IANA);
		assert_int_equal(e.index, n);
		n++;
	}
	assert_int_equal(n, pi_record_count());
	/* Every record, IANA's in order, then the common uses in order. */
	n = 0;
	pi_find_text(&c, "", 0, PI_PROTO_ANY | PI_COMMON);
	while (pi_next(&c, &e)) {
		if (n < pi_record_count()) {
			assert_int_equal(e.source, PI_SOURCE_IANA);
			assert_int_equal(e.index, n);
		} else {
			assert_int_equal(e.source, PI_SOURCE_COMMON);
			assert_int_equal(e.index, common);
			common++;
		}
		n++;
	}
	assert_int_equal(common, pi_ncommon);
}

/* What the table notes of a port's segment. */
static unsigned
statuses(unsigned port)
{
	return pi_seg_found[pi_seg_of[port]];
}

/*
 * What the table notes of each port agrees with a walk of it for every
 * protocol and the common uses.
 */
static void
test_port_statuses(void **state)
{
	struct pi_cursor c;
	struct pi_entry e;
	unsigned port, walked;

	(void)state;
	for (port = 0; port <= PI_PORT_MAX; port++) {
		walked = 0;
		pi_find_port(&c, port, port, PI_PROTO_ANY | PI_COMMON);
		while (pi_next(&c, &e))
			walked |= 1u << e.status |
			    (e.unauthorized[0] != '\0' ? PI_NOTED : 0);
		assert_int_equal(statuses(port), walked);
	}
	assert_true(statuses(22) & 1u << PI_ASSIGNED);
	/* 5173 is unassigned at IANA, and Vite's by common use. */
	assert_true(statuses(5173) & 1u << PI_UNASSIGNED);
	assert_true(statuses(5173) & 1u << PI_ASSIGNED);
	/* 27018 is unassigned, with a note of unauthorized use. */
	assert_true(statuses(27018) & PI_NOTED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_bounds),
		cmocka_unit_test(test_class_by_name),
		cmocka_unit_test(test_proto_names),
		cmocka_unit_test(test_port_22),
		cmocka_unit_test(test_port_80),
		cmocka_unit_test(test_port_ranges),
		cmocka_unit_test(test_port_boundaries),
		cmocka_unit_test(test_no_protocol_matches_all),
		cmocka_unit_test(test_query_range),
		cmocka_unit_test(test_whole_space),
		cmocka_unit_test(test_name_case),
		cmocka_unit_test(test_legacy_names),
		cmocka_unit_test(test_name_only),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_one_line_text),
		cmocka_unit_test(test_plain_flag),
		cmocka_unit_test(test_unauthorized),
		cmocka_unit_test(test_registry_date),
		cmocka_unit_test(test_status_rule),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_common_by_port),
		cmocka_unit_test(test_common_by_name),
		cmocka_unit_test(test_common_search),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_sources_whole),
		cmocka_unit_test(test_port_statuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
