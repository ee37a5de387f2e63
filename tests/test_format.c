/*
 * Unit tests of the output formats: escaping in each format, csv
 * quoting, JSON nulls and numbers, headers, human tables, the quoting
 * of queries in messages, and write errors.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "answer.h"
#include "escape.h"
#include "outfield.h"
#include "format.h"
#include "host.h"
#include "local.h"
#include "procnet.h"

/* Output captured in memory. */
struct capture {
	FILE *fp;
	char *buf;
	size_t len;
};

static void
capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->fp);
}

/* Closes the stream and returns what was written; free it after. */
static char *
capture_close(struct capture *c)
{
	assert_int_equal(fclose(c->fp), 0);
	return c->buf;
}

/* A record whose query is q[0..qlen) and whose other fields are set. */
static void
record(struct record *r, const char *q, size_t qlen)
{
	memset(r, 0, sizeof(*r));
	r->query = q;
	r->querylen = qlen;
	r->has_port = 1;
	r->port = 22;
	r->port_end = 22;
	r->range = (struct pi_word)WORD("well-known");
	r->proto = PI_TCP;
	r->service = "ssh";
	r->description = "d";
	r->reference = "";
	r->status = REC_ASSIGNED;
	r->error = "";
	r->unauthorized = "";
}

/* The line one record makes in kind, without a header. */
static char *
one_line(enum fmt_kind kind, const struct record *r)
{
	struct capture c;
	struct fmt f;

	capture_open(&c);
	fmt_init(&f, c.fp, kind, 0, 0);
	fmt_begin(&f);
	fmt_record(&f, r);
	assert_int_equal(f.out.err, 0);
	return capture_close(&c);
}

static void
check_line(enum fmt_kind kind, const char *q, size_t qlen, const char *want)
{
	struct record r;
	char *got;

	record(&r, q, qlen);
	got = one_line(kind, &r);
	assert_string_equal(got, want);
	free(got);
}

/* A string literal and its length, NUL bytes included. */
#define S(s) s, sizeof(s) - 1

#define TSV_REST "\t22\t22\twell-known\ttcp\tssh\td\t\tassigned\t\t\t\n"
#define CSV_REST ",22,22,well-known,tcp,ssh,d,,assigned,,,\n"
#define JSON_REST ",\"port\":22,\"port_end\":22,\"range\":\"well-known\"," \
	"\"protocol\":\"tcp\",\"service\":\"ssh\",\"description\":\"d\"," \
	"\"reference\":null,\"status\":\"assigned\",\"error\":null," \
	"\"unauthorized\":null,\"suggestions\":null}\n"

static void
test_tsv_escapes(void **state)
{
	(void)state;
	check_line(FMT_TSV, S("a\tb\nc\rd\\e"),
	    "a\\tb\\nc\\rd\\\\e" TSV_REST);
	check_line(FMT_TSV, S("\x01\x1b[2J\x7f"),
	    "\\x01\\x1b[2J\\x7f" TSV_REST);
	check_line(FMT_TSV, S("x\0y"), "x\\x00y" TSV_REST);
	check_line(FMT_TSV, S("a,\"b\""), "a,\"b\"" TSV_REST);
	/* A backslash is doubled in every format, so "\\x1b" is no ESC. */
	check_line(FMT_CSV, S("\\x1b\x1b"), "\\\\x1b\\x1b" CSV_REST);
	check_line(FMT_TSV, S("\\x1b\x1b"), "\\\\x1b\\x1b" TSV_REST);
}

static void
test_utf8(void **state)
{
	(void)state;
	/* Valid UTF-8 passes, including the last code point. */
	check_line(FMT_TSV, S("caf\xc3\xa9 \xe2\x82\xac \xf4\x8f\xbf\xbf"),
	    "caf\xc3\xa9 \xe2\x82\xac \xf4\x8f\xbf\xbf" TSV_REST);
	/* C1 controls are controls, though valid UTF-8. */
	check_line(FMT_TSV, S("\xc2\x9b" "1m"), "\\xc2\\x9b1m" TSV_REST);
	check_line(FMT_TSV, S("\xc2\xa1"), "\xc2\xa1" TSV_REST);
	/*
	 * So are the characters that reorder a line or break it: a right-
	 * to-left override, an isolate, a mark, a line separator; the
	 * characters around them pass.
	 */
	check_line(FMT_TSV, S("a\xe2\x80\xae" "b"),
	    "a\\xe2\\x80\\xaeb" TSV_REST);
	check_line(FMT_CSV, S("\xe2\x81\xa6"), "\\xe2\\x81\\xa6" CSV_REST);
	check_line(FMT_TSV, S("\xd8\x9c\xe2\x80\x8f"),
	    "\\xd8\\x9c\\xe2\\x80\\x8f" TSV_REST);
	check_line(FMT_TSV, S("\xe2\x80\xa8"), "\\xe2\\x80\\xa8" TSV_REST);
	check_line(FMT_TSV, S("\xe2\x80\xa7" "\xe2\x80\xb0" "\xe2\x81\xa5"),
	    "\xe2\x80\xa7" "\xe2\x80\xb0" "\xe2\x81\xa5" TSV_REST);
	/* Overlong, surrogate, too high, cut short, stray continuation. */
	check_line(FMT_TSV, S("\xc0\x80"), "\\xc0\\x80" TSV_REST);
	check_line(FMT_TSV, S("\xe0\x80\x80"), "\\xe0\\x80\\x80" TSV_REST);
	check_line(FMT_TSV, S("\xed\xa0\x80"), "\\xed\\xa0\\x80" TSV_REST);
	check_line(FMT_TSV, S("\xf4\x90\x80\x80"),
	    "\\xf4\\x90\\x80\\x80" TSV_REST);
	check_line(FMT_TSV, S("\xe2\x82"), "\\xe2\\x82" TSV_REST);
	check_line(FMT_TSV, S("\x80x\xff"), "\\x80x\\xff" TSV_REST);
}

/* c as UTF-8 at d; returns the length. */
static size_t
utf8_of(char *d, unsigned c)
{
	if (c < 0x800) {
		d[0] = (char)(0xc0 | c >> 6);
		d[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		d[0] = (char)(0xe0 | c >> 12);
		d[1] = (char)(0x80 | (c >> 6 & 0x3f));
		d[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | c >> 18);
	d[1] = (char)(0x80 | (c >> 12 & 0x3f));
	d[2] = (char)(0x80 | (c >> 6 & 0x3f));
	d[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Whether the tsv of a query that is c alone escapes it. */
static int
escaped(unsigned c)
{
	struct record r;
	char q[4], *got;
	size_t n = utf8_of(q, c);
	int esc;

	record(&r, q, n);
	got = one_line(FMT_TSV, &r);
	esc = got[0] == '\\';
	assert_true(esc || memcmp(got, q, n) == 0);
	free(got);
	return esc;
}

/*
 * Every format character (general category Cf, Unicode 15.0), the
 * combining grapheme joiner, the variation selectors, the no-break
 * spaces and the blank fillers are escaped: the ends of each range, and
 * the characters just outside them are not.
 */
static void
test_hidden(void **state)
{
	static const unsigned in[][2] = {
		{ 0x00a0, 0x00a0 }, { 0x00ad, 0x00ad }, { 0x034f, 0x034f },
		{ 0x0600, 0x0605 }, { 0x061c, 0x061c }, { 0x06dd, 0x06dd },
		{ 0x070f, 0x070f }, { 0x0890, 0x0891 }, { 0x08e2, 0x08e2 },
		{ 0x115f, 0x1160 }, { 0x180b, 0x180f }, { 0x2007, 0x2007 },
		{ 0x200b, 0x200f }, { 0x2028, 0x202f }, { 0x2060, 0x2064 },
		{ 0x2066, 0x206f }, { 0x2800, 0x2800 }, { 0x3164, 0x3164 },
		{ 0xfe00, 0xfe0f }, { 0xfeff, 0xfeff }, { 0xffa0, 0xffa0 },
		{ 0xfff9, 0xfffb }, { 0x110bd, 0x110bd }, { 0x110cd, 0x110cd },
		{ 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 },
		{ 0x1d173, 0x1d17a }, { 0xe0001, 0xe0001 },
		{ 0xe0020, 0xe007f }, { 0xe0100, 0xe01ef }
	};
	static const unsigned out[] = {
		0x00a1, 0x00ac, 0x00ae, 0x034e, 0x0350, 0x05ff, 0x0606,
		0x061b, 0x061d, 0x06dc, 0x06de, 0x070e, 0x0710, 0x088f,
		0x0892, 0x08e1, 0x08e3, 0x115e, 0x1161, 0x180a, 0x1810,
		0x2006, 0x2008, 0x200a, 0x2010, 0x2027, 0x2030, 0x205f,
		0x2065, 0x2070, 0x27ff, 0x2801, 0x3163, 0x3165, 0xfdff,
		0xfe10, 0xfefe, 0xff00, 0xff9f, 0xffa1, 0xfff8, 0xfffc,
		0x110bc, 0x110be, 0x110cc, 0x110ce, 0x1342f, 0x13440,
		0x1bc9f, 0x1bca4, 0x1d172, 0x1d17b, 0xe0000, 0xe0002,
		0xe001f, 0xe0080, 0xe00ff, 0xe01f0
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_true(escaped(in[i][0]));
		assert_true(escaped(in[i][1]));
	}
	for (i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		assert_false(escaped(out[i]));
	/* In JSON, beyond U+FFFF, as a surrogate pair. */
	check_line(FMT_JSON, S("\xf3\xa0\x81\x81" "\xef\xbb\xbf"),
	    "{\"query\":\"\\udb40\\udc41\\ufeff\"" JSON_REST);
	check_line(FMT_CSV, S("2\xc2\xad" "2"), "2\\xc2\\xad2" CSV_REST);
}

static void
test_csv_quoting(void **state)
{
	(void)state;
	check_line(FMT_CSV, S("plain"), "plain" CSV_REST);
	check_line(FMT_CSV, S("a,b"), "\"a,b\"" CSV_REST);
	check_line(FMT_CSV, S("say \"hi\""), "\"say \"\"hi\"\"\"" CSV_REST);
	/* Line breaks never reach the output, so need no quotes. */
	check_line(FMT_CSV, S("a\r\nb"), "a\\x0d\\x0ab" CSV_REST);
	check_line(FMT_CSV, S("a\\b"), "a\\\\b" CSV_REST);
}

/* The line of r in kind with the fields ids[0..n) alone. */
static char *
chosen_line(enum fmt_kind kind, const struct record *r,
    const unsigned char *ids, size_t n)
{
	struct capture c;
	struct fmt f;

	capture_open(&c);
	fmt_init(&f, c.fp, kind, 0, 0);
	memcpy(f.ids, ids, n);
	f.nids = n;
	fmt_begin(&f);
	fmt_record(&f, r);
	assert_int_equal(f.out.err, 0);
	return capture_close(&c);
}

/*
 * A csv line of one field that is empty is written "", not as a blank
 * line, which readers take for no record; an empty field among others,
 * and tsv, as they were.
 */
static void
test_csv_lone_empty(void **state)
{
	static const struct {
		enum fmt_kind kind;
		unsigned char ids[2];
		size_t n;
		const char *want;
	} cases[] = {
		{ FMT_CSV, { F_reference }, 1, "\"\"\n" },	/* null */
		{ FMT_CSV, { F_query }, 1, "\"\"\n" },	/* set, empty */
		{ FMT_CSV, { F_suggestions }, 1, "\"\"\n" }, /* no item */
		{ FMT_CSV, { F_service }, 1, "ssh\n" },
		{ FMT_CSV, { F_port }, 1, "22\n" },
		{ FMT_CSV, { F_reference, F_error }, 2, ",\n" },
		{ FMT_TSV, { F_reference }, 1, "\n" },
		{ FMT_JSON, { F_reference }, 1, "{\"reference\":null}\n" }
	};
	static const char *const none[] = { "" };
	struct record r;
	char *got;
	size_t i;

	(void)state;
	record(&r, "", 0);
	r.suggestions = none;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = chosen_line(cases[i].kind, &r, cases[i].ids,
		    cases[i].n);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
	/* A list of one empty item writes nothing either. */
	r.nsuggestions = 1;
	got = chosen_line(FMT_CSV, &r, cases[2].ids, 1);
	assert_string_equal(got, "\"\"\n");
	free(got);
}

/*
 * A csv text field that a spreadsheet could run as a formula is written
 * quoted, a single quote before its text (OWASP, CSV injection); so is
 * one that starts with a single quote, so that the quote can always be
 * taken off again.  Numbers, words, other formats: as they were.
 */
static void
test_csv_formula(void **state)
{
	struct record r;
	char *got;

	(void)state;
	check_line(FMT_CSV, S("=1+2"), "\"'=1+2\"" CSV_REST);
	check_line(FMT_CSV, S("+1"), "\"'+1\"" CSV_REST);
	check_line(FMT_CSV, S("-5"), "\"'-5\"" CSV_REST);
	check_line(FMT_CSV, S("@SUM(A1)"), "\"'@SUM(A1)\"" CSV_REST);
	check_line(FMT_CSV, S("\t=1"), "\"'\\x09=1\"" CSV_REST);
	check_line(FMT_CSV, S("\r=1"), "\"'\\x0d=1\"" CSV_REST);
	check_line(FMT_CSV, S("'x"), "\"''x\"" CSV_REST);
	check_line(FMT_CSV, S("=a,\"b\""), "\"'=a,\"\"b\"\"\"" CSV_REST);
	/* Not at the start, or not csv: left alone. */
	check_line(FMT_CSV, S("8000-8003"), "8000-8003" CSV_REST);
	check_line(FMT_CSV, S("a=b"), "a=b" CSV_REST);
	check_line(FMT_TSV, S("=1+2"), "=1+2" TSV_REST);
	check_line(FMT_JSON, S("-5"), "{\"query\":\"-5\"" JSON_REST);
	/* Any text field, plain or not. */
	record(&r, S("22"));
	r.description = "-the description";
	r.plain = 1;
	got = one_line(FMT_CSV, &r);
	assert_string_equal(got, "22,22,22,well-known,tcp,ssh,"
	    "\"'-the description\",,assigned,,,\n");
	free(got);
}

static void
test_json_escapes(void **state)
{
	(void)state;
	check_line(FMT_JSON, S("a\"b\\c"),
	    "{\"query\":\"a\\\"b\\\\c\"" JSON_REST);
	check_line(FMT_JSON, S("\t\n\r\b\f\x01\x1b\x7f"),
	    "{\"query\":\"\\t\\n\\r\\b\\f\\u0001\\u001b\\u007f\"" JSON_REST);
	check_line(FMT_JSON, S("\xc2\x85\xc3\xa9"),
	    "{\"query\":\"\\u0085\xc3\xa9\"" JSON_REST);
	check_line(FMT_JSON, S("\xe2\x80\xae\xe2\x81\xa9\xe2\x80\xa9"),
	    "{\"query\":\"\\u202e\\u2069\\u2029\"" JSON_REST);
	/* Invalid UTF-8 becomes U+FFFD, one for each bad byte. */
	check_line(FMT_JSON, S("a\xff\xc0\x80z"),
	    "{\"query\":\"a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz\"" JSON_REST);
	check_line(FMT_JSON, S(""), "{\"query\":\"\"" JSON_REST);
}

static void
test_json_nulls(void **state)
{
	struct record r;
	char *got;

	(void)state;
	record(&r, "foo", 3);
	r.has_port = 0;
	r.proto = 0;
	r.range = (struct pi_word)WORD("");
	r.service = r.description = "";
	r.status = REC_INVALID;
	r.error = "bad";
	got = one_line(FMT_JSON, &r);
	assert_string_equal(got, "{\"query\":\"foo\",\"port\":null,"
	    "\"port_end\":null,\"range\":null,\"protocol\":null,"
	    "\"service\":null,\"description\":null,\"reference\":null,"
	    "\"status\":\"invalid\",\"error\":\"bad\","
	    "\"unauthorized\":null,\"suggestions\":null}\n");
	free(got);
	got = one_line(FMT_TSV, &r);
	assert_string_equal(got, "foo\t\t\t\t\t\t\t\tinvalid\tbad\t\t\n");
	free(got);
}

/*
 * The record of a name that finds nothing has its suggestions in the
 * last field, [] or empty when there are none; on other records the
 * field is null or empty (TSV_REST, CSV_REST, JSON_REST).
 */
static void
test_suggestions(void **state)
{
	static const char *const names[] = { "postgres", "=cmd" };
	static const struct {
		enum fmt_kind kind;
		size_t n;
		const char *want;
	} cases[] = {
		{ FMT_TSV, 2, "postgress\t\t\t\t\t\t\t\tunknown\t\t\t"
		    "postgres,=cmd\n" },
		{ FMT_CSV, 2, "postgress,,,,,,,,unknown,,,\"postgres,=cmd\"\n" },
		{ FMT_CSV, 1, "postgress,,,,,,,,unknown,,,postgres\n" },
		{ FMT_CSV, 0, "postgress,,,,,,,,unknown,,,\n" },
		{ FMT_JSON, 2, "{\"query\":\"postgress\",\"port\":null,"
		    "\"port_end\":null,\"range\":null,\"protocol\":null,"
		    "\"service\":null,\"description\":null,"
		    "\"reference\":null,\"status\":\"unknown\","
		    "\"error\":null,\"unauthorized\":null,"
		    "\"suggestions\":[\"postgres\",\"=cmd\"]}\n" },
		{ FMT_JSON, 0, "{\"query\":\"postgress\",\"port\":null,"
		    "\"port_end\":null,\"range\":null,\"protocol\":null,"
		    "\"service\":null,\"description\":null,"
		    "\"reference\":null,\"status\":\"unknown\","
		    "\"error\":null,\"unauthorized\":null,"
		    "\"suggestions\":[]}\n" },
	};
	struct record r;
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		record(&r, "postgress", 9);
		r.has_port = 0;
		r.proto = 0;
		r.range = (struct pi_word)WORD("");
		r.service = r.description = "";
		r.status = REC_UNKNOWN;
		r.suggestions = names;
		r.nsuggestions = cases[i].n;
		got = one_line(cases[i].kind, &r);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

/*
 * IANA's note of unauthorized use: the field after error in every
 * machine format, escaped as text; a line under its row in human
 * output.
 */
static void
test_unauthorized(void **state)
{
	struct record r;
	char *got;

	(void)state;
	record(&r, S("6001"));
	r.unauthorized = "Known Unauthorized Use on port 6003";
	got = one_line(FMT_TSV, &r);
	assert_string_equal(got, "6001\t22\t22\twell-known\ttcp\tssh\td\t\t"
	    "assigned\t\tKnown Unauthorized Use on port 6003\t\n");
	free(got);
	r.unauthorized = "ports 28017, 28018";
	got = one_line(FMT_CSV, &r);
	assert_non_null(strstr(got, ",assigned,,\"ports 28017, 28018\",\n"));
	free(got);
	got = one_line(FMT_JSON, &r);
	assert_non_null(strstr(got, ",\"error\":null,"
	    "\"unauthorized\":\"ports 28017, 28018\","
	    "\"suggestions\":null}\n"));
	free(got);
	r.unauthorized = "\x1b[2J";
	got = one_line(FMT_TSV, &r);
	assert_non_null(strstr(got, "\tassigned\t\t\\x1b[2J\t\n"));
	free(got);
}

/* Numbers of every length come out as printf would write them. */
static void
test_numbers(void **state)
{
	static const unsigned nums[] = {
		0, 7, 10, 42, 99, 100, 101, 999, 1000, 9999, 10000, 10101,
		65535, 100000, 4294967295u
	};
	struct record r;
	char want[64], *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		record(&r, S("q"));
		r.port = nums[i];
		r.port_end = nums[i] / 7;
		snprintf(want, sizeof(want), "q\t%u\t%u\t", nums[i],
		    nums[i] / 7);
		got = one_line(FMT_TSV, &r);
		assert_memory_equal(got, want, strlen(want));
		free(got);
	}
}

/* Text of every length up to a few dozen bytes comes out whole. */
static void
test_lengths(void **state)
{
	static const char text[] =
	    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	struct record r;
	char want[256], *got;
	size_t n;

	(void)state;
	for (n = 0; n < sizeof(text); n++) {
		record(&r, text, n);
		r.description = text + n;
		snprintf(want, sizeof(want), "%.*s\t22\t22\twell-known\ttcp\t"
		    "ssh\t%s\t\tassigned\t\t\t\n", (int)n, text, text + n);
		got = one_line(FMT_TSV, &r);
		assert_string_equal(got, want);
		free(got);
	}
}

/* A record marked plain comes out as it would escaped, in every format. */
static void
test_plain_record(void **state)
{
	static const enum fmt_kind kinds[] = { FMT_TSV, FMT_CSV, FMT_JSON };
	struct record r;
	char *escaped, *copied;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		record(&r, S("22"));
		r.description = "The Secure Shell (SSH) Protocol";
		r.reference = "RFC4251 RFC9999";
		escaped = one_line(kinds[i], &r);
		r.plain = 1;
		copied = one_line(kinds[i], &r);
		assert_string_equal(copied, escaped);
		free(escaped);
		free(copied);
	}
	/* Empty fields stay null when copied. */
	record(&r, S("22"));
	r.plain = 1;
	copied = one_line(FMT_JSON, &r);
	assert_non_null(strstr(copied, "\"reference\":null,"));
	free(copied);
}

static void
test_headers(void **state)
{
	static const struct {
		enum fmt_kind kind;
		int header;
		const char *want;
	} cases[] = {
		{ FMT_TSV, 1, "query\tport\tport_end\trange\tprotocol\t"
		    "service\tdescription\treference\tstatus\terror\t"
		    "unauthorized\tsuggestions\n" },
		{ FMT_CSV, 1, "query,port,port_end,range,protocol,"
		    "service,description,reference,status,error,"
		    "unauthorized,suggestions\n" },
		{ FMT_TSV, 0, "" },
		{ FMT_CSV, 0, "" },
		{ FMT_JSON, 1, "" },
		{ FMT_HUMAN, 1, "" },
	};
	struct capture c;
	struct fmt f;
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		capture_open(&c);
		fmt_init(&f, c.fp, cases[i].kind, cases[i].header, 0);
		fmt_begin(&f);
		got = capture_close(&c);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static char *
message(const char *s, size_t len)
{
	struct capture c;

	capture_open(&c);
	esc_error(c.fp, s, len, ESC_QUOTE_MAX, "oops");
	return capture_close(&c);
}

static void
test_message_quoting(void **state)
{
	char long_text[200], want[200];
	char *got;

	(void)state;
	got = message("a\x1b]0;x\x07", 7);
	assert_string_equal(got, "portinfo: 'a\\x1b]0;x\\x07': oops\n");
	free(got);

	/* Exactly ESC_QUOTE_MAX columns: kept whole. */
	memset(long_text, 'a', ESC_QUOTE_MAX);
	got = message(long_text, ESC_QUOTE_MAX);
	snprintf(want, sizeof(want), "portinfo: %.*s: oops\n",
	    ESC_QUOTE_MAX, long_text);
	assert_string_equal(got, want);
	free(got);

	/* One more: cut, with "..." in the last three columns. */
	memset(long_text, 'a', sizeof(long_text));
	got = message(long_text, sizeof(long_text));
	snprintf(want, sizeof(want), "portinfo: %.*s...: oops\n",
	    ESC_QUOTE_MAX - 3, long_text);
	assert_string_equal(got, want);
	free(got);

	/* An escape is never cut in half. */
	memset(long_text, '\x1b', sizeof(long_text));
	got = message(long_text, sizeof(long_text));
	assert_int_equal(strlen(got), strlen("portinfo: ''") +
	    (ESC_QUOTE_MAX - 3) / 4 * 4 + 3 + strlen(": oops\n"));
	assert_non_null(strstr(got, "\\x1b...': oops\n"));
	free(got);
}

/* n copies of the string u, one after another, in d. */
static char *
repeat(char *d, const char *u, size_t n)
{
	size_t i, len = strlen(u);

	for (i = 0; i < n; i++)
		memcpy(d + i * len, u, len);
	d[n * len] = '\0';
	return d;
}

/*
 * Shortening counts screen columns: a wide character two, a combining
 * mark none but one toward the limit.  100 x U+6F22 is 200 columns: 30 of them and "..." fill
 * 63 of the 64; one column more at the start leaves room for 30 still.
 */
static void
test_message_width(void **state)
{
	char text[512], want[512], part[256];
	char *got;

	(void)state;
	repeat(text, "\xe6\xbc\xa2", 100);
	got = message(text, strlen(text));
	snprintf(want, sizeof(want), "portinfo: %s...: oops\n",
	    repeat(part, "\xe6\xbc\xa2", 30));
	assert_string_equal(got, want);
	free(got);
	text[0] = 'x';
	repeat(text + 1, "\xe6\xbc\xa2", 100);
	got = message(text, strlen(text));
	snprintf(want, sizeof(want), "portinfo: x%s...: oops\n", part);
	assert_string_equal(got, want);
	free(got);
	/* 32 fullwidth A are 64 columns, whole; 33 are cut to 30. */
	repeat(text, "\xef\xbc\xa1", 32);
	got = message(text, strlen(text));
	snprintf(want, sizeof(want), "portinfo: %s: oops\n", text);
	assert_string_equal(got, want);
	free(got);
	repeat(text, "\xef\xbc\xa1", 33);
	got = message(text, strlen(text));
	snprintf(want, sizeof(want), "portinfo: %s...: oops\n",
	    repeat(part, "\xef\xbc\xa1", 30));
	assert_string_equal(got, want);
	free(got);
	/*
	 * e and a combining acute: one column, but two toward the limit,
	 * where a character of no column counts one; 32 of them fit
	 * whole, 33 are cut after 30 and an e.
	 */
	repeat(text, "e\xcc\x81", 32);
	got = message(text, strlen(text));
	snprintf(want, sizeof(want), "portinfo: %s: oops\n", text);
	assert_string_equal(got, want);
	free(got);
	repeat(text, "e\xcc\x81", 33);
	got = message(text, strlen(text));
	snprintf(want, sizeof(want), "portinfo: %se...: oops\n",
	    repeat(part, "e\xcc\x81", 30));
	assert_string_equal(got, want);
	free(got);
	/* A letter under 200 marks is cut as 201 letters would be. */
	text[0] = 'a';
	repeat(text + 1, "\xcc\x81", 200);
	got = message(text, strlen(text));
	snprintf(want, sizeof(want), "portinfo: a%s...: oops\n",
	    repeat(part, "\xcc\x81", 60));
	assert_string_equal(got, want);
	free(got);
}

/* A subject whose ends would blend into the message goes in quotes. */
static void
test_message_ends(void **state)
{
	static const struct {
		const char *subject;
		const char *want;
	} cases[] = {
		{ "", "portinfo: '': oops\n" },
		{ " ", "portinfo: ' ': oops\n" },
		{ "22 ", "portinfo: '22 ': oops\n" },
		{ ":", "portinfo: ':': oops\n" },
		{ "[::1]:", "portinfo: '[::1]:': oops\n" },
		{ "'22'", "portinfo: ''22'': oops\n" },
		/* A control character or DEL: quoted, as in the table. */
		{ "\t22", "portinfo: '\\x0922': oops\n" },
		{ "2\x1b" "2", "portinfo: '2\\x1b2': oops\n" },
		{ "22\x7f", "portinfo: '22\\x7f': oops\n" },
		/* A backslash or a byte that is not UTF-8: not quoted. */
		{ "2\\2", "portinfo: 2\\\\2: oops\n" },
		{ "22\xff", "portinfo: 22\\xff: oops\n" },
		{ "22x", "portinfo: 22x: oops\n" },
		/* A no-break space, a zero-width space: quoted, as a space. */
		{ "22\xc2\xa0", "portinfo: '22\\xc2\\xa0': oops\n" },
		{ "\xe2\x80\x8b" "22", "portinfo: '\\xe2\\x80\\x8b22': oops\n" },
		{ "caf\xc3\xa9", "portinfo: caf\xc3\xa9: oops\n" },
		/* Blanks that are no space, and what shows nothing. */
		{ "22\xe2\xa0\x80", "portinfo: '22\\xe2\\xa0\\x80': oops\n" },
		{ "\xe3\x85\xa4", "portinfo: '\\xe3\\x85\\xa4': oops\n" },
		{ "x\xef\xb8\x8f", "portinfo: 'x\\xef\\xb8\\x8f': oops\n" },
		{ "\\x1b\x1b", "portinfo: '\\\\x1b\\x1b': oops\n" }
	};
	char long_text[200], want[200];
	char *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = message(cases[i].subject, strlen(cases[i].subject));
		assert_string_equal(got, cases[i].want);
		free(got);
	}

	/* Quotes go around what is left after cutting. */
	memset(long_text, ' ', sizeof(long_text));
	got = message(long_text, sizeof(long_text));
	snprintf(want, sizeof(want), "portinfo: '%.*s...': oops\n",
	    ESC_QUOTE_MAX - 3, long_text);
	assert_string_equal(got, want);
	free(got);
}

/* Human output of a name query for a name the registry lacks. */
static void
test_human_unknown(void **state)
{
	struct capture c;
	struct fmt f;
	struct query q;
	struct answer a;
	char *got;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.kind = QUERY_NAME;
	q.name = "no\x1b[1msuch";
	q.namelen = strlen(q.name);
	q.protos = PI_PROTO_ANY;
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_HUMAN, 1, 0);
	answer_query(&a, q.name, q.namelen, &q, PI_PROTO_ANY, 0, NULL);
	assert_int_equal(fmt_answer(&f, &a), RESULT_NONE);
	got = capture_close(&c);
	assert_string_equal(got, "no\\x1b[1msuch  unknown service name\n");
	free(got);
}

/* The query 22/tcp, as query_parse makes it. */
static void
query_22_tcp(struct query *q)
{
	memset(q, 0, sizeof(*q));
	q->kind = QUERY_PORT;
	q->lo = q->hi = 22;
	q->protos = PI_TCP;
}

/* Human output of a port: heading, aligned rows, no trailing blanks. */
static void
test_human_port(void **state)
{
	struct capture c;
	struct fmt f;
	struct query q;
	struct answer a;
	char *got, *line;

	(void)state;
	query_22_tcp(&q);
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_HUMAN, 1, 0);
	answer_query(&a, "22/tcp", 6, &q, PI_PROTO_ANY, 0, NULL);
	assert_int_equal(fmt_answer(&f, &a), RESULT_MATCH);
	got = capture_close(&c);
	line = strchr(got, '\n');
	assert_non_null(line);
	*line = '\0';
	assert_string_equal(got,
	    "22/tcp  well-known port 22 (IANA system, 0-1023)");
	assert_non_null(strstr(line + 1, "  tcp  ssh  "));
	assert_null(strstr(line + 1, " \n"));
	free(got);
}

/* The human answer to 22/tcp, written text, on a terminal of width. */
static char *
human_22_as(const char *text, size_t width, int color)
{
	struct capture c;
	struct fmt f;
	struct query q;
	struct answer a;

	query_22_tcp(&q);
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_HUMAN, 1, color);
	f.width = width;
	answer_query(&a, text, strlen(text), &q, PI_PROTO_ANY, 0, NULL);
	fmt_answer(&f, &a);
	fmt_end(&f, NULL, 0);
	return capture_close(&c);
}

static char *
human_22(size_t width, int color)
{
	return human_22_as("22/tcp", width, color);
}

/*
 * A line cut on a terminal ends in the ellipsis, also where what is cut
 * off starts just past the last column: after a cell that fills the
 * line, or after the blanks before the next cell.  A line that ends
 * there is whole.  Colour codes stay in their order.
 */
static void
test_human_cut_edge(void **state)
{
	char *got;

	(void)state;
	/* "  tcp  ssh  The Secure Shell (SSH) Protocol" is 43 columns. */
	got = human_22(43, 0);
	assert_non_null(strstr(got, "\n  tcp  ssh  The Secure Shell (SSH) "
	    "Protoco\xe2\x80\xa6\n"));
	free(got);
	got = human_22(45, 0);
	assert_non_null(strstr(got, "\n  tcp  ssh  The Secure Shell (SSH) "
	    "Protocol \xe2\x80\xa6\n"));
	free(got);
	/* The heading fills 48 columns and ends there: whole. */
	got = human_22(48, 0);
	assert_non_null(strstr(got,
	    "22/tcp  well-known port 22 (IANA system, 0-1023)\n"));
	free(got);
	got = human_22(10, 1);
	assert_non_null(strstr(got, "\n  tcp  \033[32mss\xe2\x80\xa6"
	    "\033[0m\n"));
	free(got);
}

/*
 * A line is cut to the terminal's width in the columns it is padded in:
 * a combining mark takes none, a wide character two.  A query longer
 * than ESC_QUOTE_MAX, where a mark counts one, is shortened first, then
 * cut as any text.
 */
static void
test_human_cut_marks(void **state)
{
	char text[256], part[256], want[512], *got;

	(void)state;
	/* Ten e with an acute, five wide: 20 columns, 30 toward 64. */
	repeat(text, "e\xcc\x81", 10);
	repeat(text + strlen(text), "\xe6\xbc\xa2", 5);
	got = human_22_as(text, 40, 0);
	snprintf(want, sizeof(want), "%s  well-known port 2\xe2\x80\xa6\n",
	    text);
	assert_ptr_equal(strstr(got, want), got);
	free(got);
	/* 40 e with two acutes: shortened to 20 and an e, 24 columns. */
	repeat(text, "e\xcc\x81\xcc\x81", 40);
	got = human_22_as(text, 30, 0);
	snprintf(want, sizeof(want), "%se...  wel\xe2\x80\xa6\n",
	    repeat(part, "e\xcc\x81\xcc\x81", 20));
	assert_ptr_equal(strstr(got, want), got);
	free(got);
	/* Shortened to 64, then cut: the start of the line a pipe gets. */
	memset(text, 'e', 70);
	text[70] = '\0';
	got = human_22_as(text, 64, 0);
	snprintf(want, sizeof(want), "%.61s..\xe2\x80\xa6\n", text);
	assert_ptr_equal(strstr(got, want), got);
	free(got);
}

/*
 * A human answer reaches the stream at once without hold, as a terminal
 * needs; with hold, only once something is said on standard error, as
 * for an invalid query, or out_flush hands it over.
 */
static void
test_human_hold(void **state)
{
	struct capture c;
	struct fmt f;
	struct query q;
	struct answer a;
	size_t len;

	(void)state;
	query_22_tcp(&q);
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_HUMAN, 1, 0);
	answer_query(&a, "22/tcp", 6, &q, PI_PROTO_ANY, 0, NULL);
	fmt_answer(&f, &a);
	assert_int_equal(fflush(c.fp), 0);
	len = c.len;
	assert_true(len > 0);

	f.hold = 1;
	answer_query(&a, "22/tcp", 6, &q, PI_PROTO_ANY, 0, NULL);
	fmt_answer(&f, &a);
	assert_int_equal(fflush(c.fp), 0);
	assert_int_equal(c.len, len);
	q.kind = QUERY_INVALID;
	q.error = "bad";
	answer_query(&a, "x", 1, &q, PI_PROTO_ANY, 0, NULL);
	assert_int_equal(fmt_answer(&f, &a), RESULT_INVALID);
	assert_int_equal(f.out.err, 0);
	assert_int_equal(fflush(c.fp), 0);
	assert_int_equal(c.len, 2 * len + 1);

	q.kind = QUERY_PORT;
	answer_query(&a, "22/tcp", 6, &q, PI_PROTO_ANY, 0, NULL);
	fmt_answer(&f, &a);
	out_flush(&f.out);
	assert_int_equal(fflush(c.fp), 0);
	assert_int_equal(c.len, 3 * len + 2);
	free(capture_close(&c));
}

/*
 * The human answer to the port query text, lo..hi, looked up in lookup,
 * on a terminal of width (0: none), verbose or not; free it after.
 */
static char *
human_ports_as(const char *text, unsigned lo, unsigned hi, unsigned lookup,
    size_t width, int verbose)
{
	struct capture c;
	struct fmt f;
	struct query q;
	struct answer a;

	memset(&q, 0, sizeof(q));
	q.kind = QUERY_PORT;
	q.lo = lo;
	q.hi = hi;
	q.protos = PI_PROTO_ANY;
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_HUMAN, 1, 0);
	f.width = width;
	f.verbose = verbose;
	answer_query(&a, text, strlen(text), &q, lookup, 0, NULL);
	fmt_answer(&f, &a);
	out_flush(&f.out);
	return capture_close(&c);
}

static char *
human_ports(const char *text, unsigned lo, unsigned hi)
{
	return human_ports_as(text, lo, hi, PI_PROTO_ANY, 0, 0);
}

/*
 * IANA's notes of unauthorized use, under their records: x11's, and on
 * an unassigned port the note of the record passed over.
 */
static void
test_human_note(void **state)
{
	char *got;

	(void)state;
	got = human_ports("6001/tcp", 6001, 6001);
	assert_non_null(strstr(got, "  x11  X Window System\n"
	    "    unauthorized use reported: Known Unauthorized Use on port "
	    "6003\n"));
	free(got);
	got = human_ports("27018-27019", 27018, 27019);
	assert_string_equal(got, "27018-27019  registered ports (IANA user, "
	    "1024-49151)\n  unassigned\n    unauthorized use reported: "
	    "Unauthorized Use Known on ports 27018 and 27019\n");
	free(got);
	got = human_ports("22", 22, 22);
	assert_null(strstr(got, "unauthorized"));
	free(got);
}

/* Quiet output walks the answer for its result and writes nothing. */
static void
test_quiet(void **state)
{
	struct capture c;
	struct fmt f;
	struct query q;
	struct answer a;
	char *got;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.kind = QUERY_INVALID;
	q.error = "bad";
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_QUIET, 1, 1);
	fmt_begin(&f);
	answer_query(&a, "x", 1, &q, PI_PROTO_ANY, 0, NULL);
	assert_int_equal(fmt_answer(&f, &a), RESULT_INVALID);
	got = capture_close(&c);
	assert_string_equal(got, "");
	free(got);
}

static void
test_write_error(void **state)
{
	struct record r;
	struct fmt f;
	FILE *fp;

	(void)state;
	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	record(&r, "22", 2);
	fmt_init(&f, fp, FMT_JSON, 1, 0);
	fmt_begin(&f);
	fmt_record(&f, &r);
	assert_int_equal(f.out.err, ENOSPC);
	fclose(fp);
}

/*
 * Held lines reach the stream only when the buffer is full or on
 * out_flush, whole and in order; without hold, each line goes at once.
 */
static void
test_hold(void **state)
{
	struct capture c;
	struct record r;
	struct fmt f;
	char *one, *got, want[64];
	size_t i, n = 0, count = 3 * FMT_BUFSIZE / 32;

	(void)state;
	record(&r, S("22"));
	one = one_line(FMT_TSV, &r);
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_TSV, 0, 0);
	fmt_begin(&f);
	fmt_record(&f, &r);
	assert_int_equal(fflush(c.fp), 0);
	assert_int_equal(c.len, strlen(one));

	f.hold = 1;
	fmt_record(&f, &r);
	assert_int_equal(fflush(c.fp), 0);
	assert_int_equal(c.len, strlen(one));
	for (i = 0; i < count; i++) {
		r.port = (unsigned)i;
		fmt_record(&f, &r);
	}
	assert_int_equal(fflush(c.fp), 0);
	assert_true(c.len > strlen(one));
	out_flush(&f.out);
	assert_int_equal(f.out.err, 0);
	got = capture_close(&c);
	/* The line from before hold, the held one, then all the others. */
	assert_memory_equal(got, one, strlen(one));
	n += strlen(one);
	assert_memory_equal(got + n, one, strlen(one));
	n += strlen(one);
	for (i = 0; i < count; i++) {
		snprintf(want, sizeof(want), "22\t%zu\t22\t", i);
		assert_memory_equal(got + n, want, strlen(want));
		n += strcspn(got + n, "\n") + 1;
	}
	assert_int_equal(got[n], '\0');
	free(one);
	free(got);
}

/*
 * A host as -L sees it: sshd on 0.0.0.0:22, someone hidden on [::]:22,
 * taking IPv4 too, and on udp 127.0.0.1:6001 a process that named
 * itself with an escape sequence.
 */
static void
fake_host(struct local_view *v)
{
	static struct local_sock socks[3];
	static const struct local_owner sshd[] = {
		{ 0, 812, "sshd" }, { 0, 813, "sshd" }
	}, odd[] = { { 0, 4242, "x\033[31m" }, { 0, 4243, "a,b\"c" } };

	memset(v, 0, sizeof(*v));
	memset(socks, 0, sizeof(socks));
	v->host.procfd = -1;
	v->host.eph_lo = 32768;
	v->host.eph_hi = 60999;
	v->host.unpriv = 1024;
	socks[0].proto = socks[1].proto = PI_TCP;
	socks[0].family = 4;
	socks[1].family = 6;
	socks[0].port = socks[1].port = 22;
	socks[0].state = socks[1].state = LOCAL_LISTEN;
	socks[1].v6only = -1;
	socks[2].proto = PI_UDP;
	socks[2].family = 4;
	memcpy(socks[2].addr, "\x7f\0\0\x01", 4);
	socks[2].port = 6001;
	socks[2].state = LOCAL_CLOSE;
	/* Looked up: the one with no pid is hidden. */
	socks[0].owners_known = socks[1].owners_known = 1;
	socks[2].owners_known = 1;
	socks[0].owners = sshd;
	socks[0].nowners = 2;
	socks[2].owners = odd;
	socks[2].nowners = 2;
	socks[2].uid = 1000;
	v->socks.v = socks;
	v->socks.n = v->socks.cap = 3;
}

static void
print_record(void *ctx, struct record *r)
{
	fmt_record(ctx, r);
}

/*
 * Prints a as the program does with -L: a record for each socket of v
 * on its ports, or one for a; in human output, the table of width
 * columns (0: any).
 */
static void
print_local(struct fmt *f, struct local_view *v, struct answer *a,
    size_t width)
{
	struct host h;

	assert_int_equal(host_open(&h, v), 0);
	f->fields = outfield_groups(1, 0);
	f->width = width;
	if (f->kind == FMT_HUMAN && f->nids == 0) {
		f->table = 1;
		f->nids = human_fields(f->fields, 0, 1, f->ids);
	}
	fmt_begin(f);
	assert_int_equal(host_records(&h, a, print_record, f), 0);
	fmt_end(f, NULL, 0);
	host_close(&h);
}

/* What kind prints for a query text of ports lo..hi with the host v. */
static char *
range_answer(struct local_view *v, enum fmt_kind kind,
    const char *text, unsigned lo, unsigned hi, unsigned protos)
{
	struct capture c;
	struct answer a;
	struct query q;
	struct fmt f;

	memset(&q, 0, sizeof(q));
	q.kind = QUERY_PORT;
	q.lo = lo;
	q.hi = hi;
	q.protos = protos;
	capture_open(&c);
	fmt_init(&f, c.fp, kind, 0, 0);
	answer_query(&a, text, strlen(text), &q, PI_PROTO_ANY | PI_COMMON, 0,
	    NULL);
	print_local(&f, v, &a, 0);
	assert_int_equal(f.out.err, 0);
	return capture_close(&c);
}

/* The same for a port query. */
static char *
host_answer(struct local_view *v, enum fmt_kind kind,
    const char *text, unsigned lo, unsigned protos)
{
	return range_answer(v, kind, text, lo, lo, protos);
}

/* The same with the fake host. */
static char *
local_answer(enum fmt_kind kind, const char *text, unsigned lo,
    unsigned protos)
{
	struct local_view v;

	fake_host(&v);
	return host_answer(&v, kind, text, lo, protos);
}

static void
test_local_fields(void **state)
{
	struct local_view v;
	char *got;

	(void)state;
	/* One record a socket, what the port means in lists. */
	got = local_answer(FMT_TSV, "22/tcp", 22, PI_TCP);
	assert_string_equal(got, "22/tcp\t22\t22\twell-known\ttcp\tssh\t\t\t"
	    "assigned\t\ttrue\t0.0.0.0\tany\tfalse\tlisten\t\t0\t812,813\t"
	    "sshd,sshd\t\tfalse\ttrue\tfalse\n"
	    "22/tcp\t22\t22\twell-known\ttcp\tssh\t\t\tassigned\t\ttrue\t"
	    "::\tany\t\tlisten\t\t0\t\t\t\tfalse\ttrue\tfalse\n");
	free(got);
	/* Nothing on udp: one record, the socket's fields null. */
	got = local_answer(FMT_JSON, "22/udp", 22, PI_UDP);
	assert_string_equal(got, "{\"query\":\"22/udp\",\"port\":22,"
	    "\"port_end\":22,\"range\":\"well-known\",\"protocol\":\"udp\","
	    "\"services\":[\"ssh\"],\"common\":[],\"labels\":[],"
	    "\"status\":\"assigned\",\"error\":null,\"in_use\":false,"
	    "\"local_address\":null,\"exposure\":null,\"dual_stack\":null,"
	    "\"state\":null,\"peer\":null,\"uid\":null,\"pids\":null,"
	    "\"commands\":null,\"forward\":null,\"ephemeral\":false,"
	    "\"privileged\":true,\"reserved\":false}\n");
	free(got);
	/* Held, but by processes this user may not see: empty lists. */
	got = local_answer(FMT_JSON, "22/tcp", 22, PI_TCP);
	assert_non_null(strstr(got, ",\"in_use\":true,\"local_address\":"
	    "\"::\",\"exposure\":\"any\",\"dual_stack\":null,"
	    "\"state\":\"listen\",\"peer\":null,\"uid\":0,"
	    "\"pids\":[],\"commands\":[],"));
	assert_non_null(strstr(got, "\"pids\":[812,813],"
	    "\"commands\":[\"sshd\",\"sshd\"],"));
	free(got);
	/* Not looked for: null; dual-stack known: true. */
	fake_host(&v);
	v.socks.v[0].owners_known = 0;
	v.socks.v[1].v6only = 0;
	got = host_answer(&v, FMT_JSON, "22/tcp", 22, PI_TCP);
	assert_non_null(strstr(got, "\"pids\":null,\"commands\":null,"));
	assert_non_null(strstr(got, "\"dual_stack\":true,"));
	free(got);
	/*
	 * The socket on 6001 of x11's 6000-6063: the record is of its own
	 * port; each command escaped as any text is.
	 */
	got = local_answer(FMT_JSON, "6001/udp", 6001, PI_UDP);
	assert_non_null(strstr(got, "\"port\":6001,\"port_end\":6001,"));
	assert_non_null(strstr(got, "\"services\":[\"x11\"],"));
	assert_non_null(strstr(got, "\"in_use\":true,\"local_address\":"
	    "\"127.0.0.1\",\"exposure\":\"loopback\",\"dual_stack\":false,"
	    "\"state\":\"unconn\",\"peer\":null,"
	    "\"uid\":1000,\"pids\":[4242,4243],"
	    "\"commands\":[\"x\\u001b[31m\",\"a,b\\\"c\"],\"forward\":null,"
	    "\"ephemeral\":false,\"privileged\":false,\"reserved\":false}\n"));
	free(got);
	/* In tsv and csv, a comma in an item is \x2c: the list parses. */
	got = local_answer(FMT_TSV, "6001/udp", 6001, PI_UDP);
	assert_non_null(strstr(got, "\t4242,4243\tx\\x1b[31m,a\\x2cb\"c\t"));
	free(got);
	got = local_answer(FMT_CSV, "6001/udp", 6001, PI_UDP);
	assert_non_null(strstr(got, ",\"4242,4243\",\"x\\x1b[31m,a\\x2cb\"\"c\","));
	free(got);
	/* sctp is not looked at: nothing known of it but the port. */
	got = local_answer(FMT_TSV, "22/sctp", 22, PI_SCTP);
	assert_non_null(strstr(got, "\tassigned\t\t\t\t\t\t\t\t\t\t\t\t"
	    "false\ttrue\tfalse\n"));
	free(got);
}

/* Gives the host the reserved ports of list. */
static void
reserve(struct local_view *v, const char *list)
{
	assert_int_equal(procnet_parse_reserved(list, strlen(list),
	    &v->host.reserved), 0);
}

static void
test_local_reserved(void **state)
{
	struct local_view v;
	char *got;

	(void)state;
	fake_host(&v);
	reserve(&v, "22,6001,40000-40001\n");
	got = host_answer(&v, FMT_TSV, "22/tcp", 22, PI_TCP);
	assert_non_null(strstr(got, "\tsshd,sshd\t\tfalse\ttrue\ttrue\n"));
	free(got);
	got = host_answer(&v, FMT_JSON, "6001/udp", 6001, PI_UDP);
	assert_non_null(strstr(got, ",\"ephemeral\":false,"
	    "\"privileged\":false,\"reserved\":true}\n"));
	free(got);
	/* A reserved port is, whatever the protocol. */
	got = host_answer(&v, FMT_CSV, "22/sctp", 22, PI_SCTP);
	assert_non_null(strstr(got, ",,,,,,,,,,,false,true,true\n"));
	free(got);
	/* A range: some of it is enough. */
	got = range_answer(&v, FMT_TSV, "39990-40000", 39990, 40000,
	    PI_TCP);
	assert_non_null(strstr(got, "\ttrue\tfalse\ttrue\n"));
	free(got);
	/* An invalid query: nothing to say, as for the other fields. */
	{
		struct capture c;
		struct answer a;
		struct query q;
		struct fmt f;

		memset(&q, 0, sizeof(q));
		q.kind = QUERY_INVALID;
		q.error = "bad";
		answer_query(&a, "foo", 3, &q, PI_PROTO_ANY, 0, NULL);
		capture_open(&c);
		fmt_init(&f, c.fp, FMT_JSON, 0, 0);
		print_local(&f, &v, &a, 0);
		got = capture_close(&c);
		assert_non_null(strstr(got, "\"status\":\"invalid\","
		    "\"error\":\"bad\",\"in_use\":null,"));
		assert_non_null(strstr(got, ",\"ephemeral\":null,"
		    "\"privileged\":null,\"reserved\":null}\n"));
		free(got);
	}
}

static void
test_local_header(void **state)
{
	struct capture c;
	struct fmt f;
	char *got;

	(void)state;
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_CSV, 1, 0);
	f.fields = outfield_groups(1, 0);
	fmt_begin(&f);
	got = capture_close(&c);
	assert_string_equal(got, "query,port,port_end,range,protocol,services,"
	    "common,labels,status,error,in_use,local_address,exposure,"
	    "dual_stack,state,peer,uid,pids,commands,forward,ephemeral,"
	    "privileged,reserved\n");
	free(got);
	/* -x: what an endpoint means, and where it was found. */
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_TSV, 1, 0);
	f.fields = outfield_groups(0, 1);
	fmt_begin(&f);
	got = capture_close(&c);
	assert_string_equal(got, "query\tport\tport_end\trange\tprotocol\t"
	    "services\tcommon\tlabels\tstatus\terror\tline\tside\n");
	free(got);
}

/* The human table: a heading line, aligned columns, no trailing blank. */
static void
test_local_human(void **state)
{
	struct local_view v;
	char *got;

	(void)state;
	got = local_answer(FMT_HUMAN, "22", 22, PI_PROTO_ANY);
	assert_string_equal(got,
	    "QUERY  PROTO  ADDRESS  PORT  EXPOSURE  STATE   PROCESS       "
	    "MEANING\n"
	    "22     tcp    0.0.0.0  22    any       listen  sshd/812,813  ssh\n"
	    "22     tcp    ::       22    any       listen  -             ssh\n");
	free(got);
	/* Dual-stack, said so; a command escaped as any text is. */
	fake_host(&v);
	v.socks.v[1].v6only = 0;
	got = host_answer(&v, FMT_HUMAN, "22", 22, PI_PROTO_ANY);
	assert_non_null(strstr(got, "  any (v4+v6)  listen  -  "));
	free(got);
	got = local_answer(FMT_HUMAN, "6001", 6001, PI_PROTO_ANY);
	assert_non_null(strstr(got, "  x\\x1b[31m/4242,a,b\"c/4243  x11\n"));
	free(got);
	/* Nothing there: one row that says so. */
	got = local_answer(FMT_HUMAN, "40000", 40000, PI_PROTO_ANY);
	assert_non_null(strstr(got, "\n40000  -      -        40000  -"
	    "         free   -        safetynetp\n"));
	free(got);
}

/*
 * On a terminal a line takes its width at most: the last column is
 * shortened, ending in an ellipsis; in a pipe nothing is.
 */
static void
test_local_width(void **state)
{
	struct local_view v;
	struct capture c;
	struct answer a;
	struct query q;
	struct fmt f;
	char *got, *line;
	size_t w;

	(void)state;
	fake_host(&v);
	memset(&q, 0, sizeof(q));
	q.kind = QUERY_PORT;
	q.lo = 3000;
	q.hi = 3000;
	q.protos = PI_PROTO_ANY;
	answer_query(&a, "3000", 4, &q, PI_PROTO_ANY | PI_COMMON, 0, NULL);
	for (w = 0; w <= 80; w += 80) {
		capture_open(&c);
		fmt_init(&f, c.fp, FMT_HUMAN, 0, 0);
		print_local(&f, &v, &a, w);
		got = capture_close(&c);
		line = strchr(got, '\n') + 1;
		assert_string_equal(line, w == 80 ?
		    "3000   -      -        3000  -         free   -        "
		    "hbci+1, create-react-app…\n" :
		    "3000   -      -        3000  -         free   -        "
		    "hbci+1, create-react-app, grafana, nextjs, rails\n");
		free(got);
	}
}

/* -o: the fields asked, in that order, in every format. */
static void
test_fields_chosen(void **state)
{
	static const unsigned char ids[] = { F_port, F_pids };
	struct local_view v;
	struct capture c;
	struct answer a;
	struct query q;
	struct fmt f;
	char *got;

	(void)state;
	fake_host(&v);
	memset(&q, 0, sizeof(q));
	q.kind = QUERY_PORT;
	q.lo = q.hi = 22;
	q.protos = PI_TCP;
	answer_query(&a, "22/tcp", 6, &q, PI_PROTO_ANY | PI_COMMON, 0,
	    NULL);
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_TSV, 1, 0);
	memcpy(f.ids, ids, sizeof(ids));
	f.nids = sizeof(ids);
	print_local(&f, &v, &a, 0);
	got = capture_close(&c);
	assert_string_equal(got, "port\tpids\n22\t812,813\n22\t\n");
	free(got);
	capture_open(&c);
	fmt_init(&f, c.fp, FMT_HUMAN, 1, 0);
	memcpy(f.ids, ids, sizeof(ids));
	f.nids = sizeof(ids);
	f.table = 1;
	print_local(&f, &v, &a, 0);
	got = capture_close(&c);
	assert_string_equal(got, "PORT  PIDS\n22    812,813\n22    -\n");
	free(got);
}

/*
 * A port's answer: each common use named once, in its row; its source
 * only with -v; on a terminal each line cut to its width.  A range's:
 * IANA's rows of every port, then the common uses of every port under
 * one line.
 */
static void
test_human_common(void **state)
{
	const unsigned lookup = PI_PROTO_ANY | PI_COMMON;
	char *got, *p;
	int verbose;

	(void)state;
	for (verbose = 0; verbose <= 1; verbose++) {
		got = human_ports_as("9090", 9090, 9090, lookup, 0, verbose);
		assert_non_null(strstr(got, "\n  commonly used by:\n"));
		assert_true((strstr(got, "https://") != NULL) == verbose);
		free(got);
	}
	got = human_ports_as("9090", 9090, 9090, lookup, 30, 0);
	assert_string_equal(got, "9090  registered port (IANA u…\n"
	    "  tcp  websm       WebSM\n  udp  websm       WebSM\n"
	    "  commonly used by:\n"
	    "  tcp  cockpit     Cockpit we…\n"
	    "  tcp  prometheus  Prometheus…\n");
	for (p = got; *p != '\0'; p++)
		assert_int_not_equal(*p, '\t');
	free(got);
	got = human_ports_as("9090-9091", 9090, 9091, lookup, 0, 0);
	assert_string_equal(got,
	    "9090-9091  registered ports (IANA user, 1024-49151)\n"
	    "  9090  tcp  websm           WebSM\n"
	    "  9090  udp  websm           WebSM\n"
	    "  9091  tcp  xmltec-xmlmail  xmltec-xmlmail\n"
	    "  9091  udp  xmltec-xmlmail  xmltec-xmlmail\n"
	    "  commonly used by:\n"
	    "  9090  tcp  cockpit         Cockpit web console\n"
	    "  9090  tcp  prometheus      Prometheus web UI and HTTP API\n"
	    "  9091  tcp  pushgateway     Prometheus Pushgateway\n");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tsv_escapes),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_lone_empty),
		cmocka_unit_test(test_csv_formula),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_json_nulls),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_unauthorized),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_plain_record),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_message_quoting),
		cmocka_unit_test(test_message_ends),
		cmocka_unit_test(test_message_width),
		cmocka_unit_test(test_human_unknown),
		cmocka_unit_test(test_human_port),
		cmocka_unit_test(test_human_cut_edge),
		cmocka_unit_test(test_human_cut_marks),
		cmocka_unit_test(test_human_note),
		cmocka_unit_test(test_human_common),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_hold),
		cmocka_unit_test(test_human_hold),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_local_fields),
		cmocka_unit_test(test_local_reserved),
		cmocka_unit_test(test_local_header),
		cmocka_unit_test(test_local_human),
		cmocka_unit_test(test_local_width),
		cmocka_unit_test(test_fields_chosen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
