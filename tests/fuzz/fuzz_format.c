/*
 * libFuzzer harness for the output formats, which read the bytes of a
 * query to escape them.
 *
 * The input is taken as a query and written as a tsv, csv and JSON
 * record, as a message, as a file name in a message, and in the human
 * table of records on a terminal as wide as its length says.  Each must
 * be valid UTF-8 in which no byte or character acts on a terminal, on
 * one line but for the table's heading, with the record's other fields
 * intact after the query; the tsv query field must unescape to the
 * input exactly, and no line of the table may be wider than the
 * terminal.  Any broken invariant aborts, so the fuzzer
 * keeps the input.  The checks decode UTF-8 here, on their own, rather
 * than trust the code under test.
 *
 * Built by make fuzz, with the library; run with a corpus directory:
 *   build-fuzz/fuzz_format tests/fuzz/corpus_format
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "escape.h"
#include "format.h"
#include "fuzz.h"

#define TSV_REST "\t22\t22\twell-known\ttcp\tssh\td\t\tassigned\t\t\t\n"
#define CSV_REST ",22,22,well-known,tcp,ssh,d,,assigned,,,\n"
#define JSON_REST ",\"port\":22,\"port_end\":22,\"range\":\"well-known\"," \
	"\"protocol\":\"tcp\",\"service\":\"ssh\",\"description\":\"d\"," \
	"\"reference\":null,\"status\":\"assigned\",\"error\":null," \
	"\"unauthorized\":null,\"suggestions\":null}\n"
#define JSON_HEAD "{\"query\":\""
#define MSG_HEAD "portinfo: "
#define MSG_TAIL ": oops\n"

/* Output gathered in memory. */
struct mem {
	char *buf;
	size_t len;
};

/*
 * The code point of the UTF-8 sequence at s[0..len), its length in *n;
 * -1 if s does not start with one that is valid.
 */
static long
decode(const unsigned char *s, size_t len, size_t *n)
{
	static const long least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	long c;
	size_t i;

	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] >= 0xf0)
		*n = 4, c = s[0] & 0x07;
	else if (s[0] >= 0xe0)
		*n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xc0)
		*n = 2, c = s[0] & 0x1f;
	else
		return -1;
	if (*n > len || s[0] > 0xf4)
		return -1;
	for (i = 1; i < *n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < least[*n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	return c;
}

/* Characters that act on a terminal; tab is allowed where asked. */
static int
acts(long c, int tab_ok)
{
	if (c == '\t')
		return !tab_ok;
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x61c ||
	    c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

/*
 * s[0..len) is valid UTF-8 and holds nothing that acts on a terminal;
 * returns how many characters it has.
 */
static size_t
check_shown(const char *s, size_t len, int tab_ok)
{
	size_t i, n, chars = 0;
	long c;

	for (i = 0; i < len; i += n, chars++) {
		c = decode((const unsigned char *)s + i, len - i, &n);
		CHECK(c >= 0);
		CHECK(!acts(c, tab_ok));
	}
	return chars;
}

/*
 * Whether c may take no column: a mark of the blocks of combining marks,
 * more than those escape.c counts as none.
 */
static int
may_take_none(long c)
{
	static const long spans[][2] = {
		{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x06ed },
		{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x20d0, 0x20ff },
		{ 0x302a, 0x302d }, { 0x3099, 0x309a }, { 0xfe20, 0xfe2f }
	};
	size_t i;

	for (i = 0; i < sizeof(spans) / sizeof(spans[0]); i++)
		if (c >= spans[i][0] && c <= spans[i][1])
			return 1;
	return 0;
}

/*
 * Checks s[0..len) as check_shown does; returns how many of its
 * characters take a column at least.
 */
static size_t
check_cols(const char *s, size_t len)
{
	size_t i, n, cols = 0;

	check_shown(s, len, 0);
	for (i = 0; i < len; i += n)
		cols += !may_take_none(decode((const unsigned char *)s + i,
		    len - i, &n));
	return cols;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Undoes the tsv escapes of s[0..len) and compares with want[0..wlen). */
static void
check_tsv_unescapes(const char *s, size_t len, const uint8_t *want,
    size_t wlen)
{
	size_t i, j = 0;
	int c, hi, lo;

	for (i = 0; i < len; i++, j++) {
		c = (unsigned char)s[i];
		if (c == '\\') {
			CHECK(i + 1 < len);
			switch (s[++i]) {
			case '\\': c = '\\'; break;
			case 't': c = '\t'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 'x':
				CHECK(i + 2 < len);
				hi = hex_value(s[i + 1]);
				lo = hex_value(s[i + 2]);
				CHECK(hi >= 0 && lo >= 0);
				c = hi << 4 | lo;
				i += 2;
				break;
			default:
				CHECK(!"unknown tsv escape");
			}
		}
		CHECK(j < wlen && want[j] == c);
	}
	CHECK(j == wlen);
}

static struct mem
line_of(enum fmt_kind kind, const struct record *r)
{
	struct mem o = { NULL, 0 };
	struct fmt f;
	FILE *fp = open_memstream(&o.buf, &o.len);

	CHECK(fp != NULL);
	fmt_init(&f, fp, kind, 0, 0);
	fmt_begin(&f);
	fmt_record(&f, r);
	CHECK(f.out.err == 0);
	CHECK(fclose(fp) == 0);
	return o;
}

/* Whether o ends in the literal rest; then cuts it off. */
static int
ends_with(struct mem *o, const char *rest)
{
	size_t n = strlen(rest);

	if (o->len < n || memcmp(o->buf + o->len - n, rest, n) != 0)
		return 0;
	o->len -= n;
	return 1;
}

static void
check_tsv(const struct record *r, const uint8_t *data, size_t size)
{
	struct mem o = line_of(FMT_TSV, r);

	CHECK(ends_with(&o, TSV_REST));
	CHECK(memchr(o.buf, '\t', o.len) == NULL);
	check_shown(o.buf, o.len, 0);
	check_tsv_unescapes(o.buf, o.len, data, size);
	free(o.buf);
}

static void
check_csv(const struct record *r)
{
	struct mem o = line_of(FMT_CSV, r);
	size_t i;

	CHECK(ends_with(&o, CSV_REST));
	check_shown(o.buf, o.len, 0);
	/* Quoted exactly when it holds a comma or a quote (RFC 4180). */
	if (o.len > 0 && o.buf[0] == '"') {
		CHECK(o.len >= 2 && o.buf[o.len - 1] == '"');
		for (i = 1; i < o.len - 1; i++) {
			if (o.buf[i] == '"')
				CHECK(o.buf[++i] == '"' && i < o.len - 1);
		}
	} else {
		CHECK(memchr(o.buf, ',', o.len) == NULL);
		CHECK(memchr(o.buf, '"', o.len) == NULL);
	}
	free(o.buf);
}

static void
check_json(const struct record *r)
{
	struct mem o = line_of(FMT_JSON, r);
	size_t i, head = strlen(JSON_HEAD);

	CHECK(ends_with(&o, "\"" JSON_REST));
	CHECK(o.len >= head && memcmp(o.buf, JSON_HEAD, head) == 0);
	check_shown(o.buf, o.len, 0);
	/* Only RFC 8259's escapes, and no quote left bare. */
	for (i = head; i < o.len; i++) {
		CHECK(o.buf[i] != '"');
		if (o.buf[i] != '\\')
			continue;
		CHECK(++i < o.len);
		CHECK(strchr("\"\\/bfnrtu", o.buf[i]) != NULL);
		if (o.buf[i] == 'u') {
			CHECK(i + 4 < o.len);
			CHECK(hex_value(o.buf[i + 1]) >= 0 &&
			    hex_value(o.buf[i + 2]) >= 0 &&
			    hex_value(o.buf[i + 3]) >= 0 &&
			    hex_value(o.buf[i + 4]) >= 0);
			i += 4;
		}
	}
	free(o.buf);
}

static void
check_message(const uint8_t *data, size_t size)
{
	struct mem o = { NULL, 0 };
	FILE *fp = open_memstream(&o.buf, &o.len);
	size_t head = strlen(MSG_HEAD);

	CHECK(fp != NULL);
	esc_error(fp, (const char *)data, size, ESC_QUOTE_MAX, "oops");
	CHECK(fclose(fp) == 0);
	CHECK(ends_with(&o, MSG_TAIL));
	CHECK(o.len >= head && memcmp(o.buf, MSG_HEAD, head) == 0);
	/* The query, quoted or not, takes at most ESC_QUOTE_MAX columns. */
	CHECK(check_shown(o.buf + head, o.len - head, 0) <=
	    ESC_QUOTE_MAX + 2);
	free(o.buf);
}

/* The input as a file name in a message: whole, shown, on one line. */
static void
check_file_name(const uint8_t *data, size_t size)
{
	struct mem o = { NULL, 0 };
	FILE *fp = open_memstream(&o.buf, &o.len);
	char buf[512];
	struct out w;

	CHECK(fp != NULL);
	out_init(&w, fp, buf, sizeof(buf));
	w.p = esc_value(&w, w.p, (const char *)data, size, ESC_WHOLE);
	out_flush(&w);
	CHECK(fclose(fp) == 0);
	CHECK(memchr(o.buf, '\n', o.len) == NULL);
	CHECK(check_shown(o.buf, o.len, 0) >= (size > 0 ? 1 : 2));
	free(o.buf);
}

/*
 * The record in the human table, query and port, on a terminal of
 * width columns: two lines, neither with more than width characters
 * that take a column at least, the second ending in the ellipsis when
 * cut.
 */
static void
check_table(const struct record *r, size_t width)
{
	static const unsigned char ids[] = { F_query, F_port };
	struct mem o = { NULL, 0 };
	FILE *fp = open_memstream(&o.buf, &o.len);
	const char *nl;
	struct fmt f;

	CHECK(fp != NULL);
	fmt_init(&f, fp, FMT_HUMAN, 0, 0);
	memcpy(f.ids, ids, sizeof(ids));
	f.nids = sizeof(ids);
	f.table = 1;
	f.width = width;
	fmt_begin(&f);
	fmt_record(&f, r);
	fmt_end(&f, NULL, 0);
	CHECK(f.out.err == 0);
	CHECK(fclose(fp) == 0);
	CHECK(o.len > 0 && o.buf[o.len - 1] == '\n');
	nl = memchr(o.buf, '\n', o.len);
	CHECK(nl != NULL && nl + 1 < o.buf + o.len);
	CHECK(check_cols(o.buf, (size_t)(nl - o.buf)) <= width);
	CHECK(check_cols(nl + 1, o.len - (size_t)(nl + 2 - o.buf)) <= width);
	CHECK(memchr(nl + 1, '\n', o.len - (size_t)(nl + 2 - o.buf)) == NULL);
	free(o.buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record r;

	memset(&r, 0, sizeof(r));
	r.query = (const char *)data;
	r.querylen = size;
	r.has_port = 1;
	r.port = r.port_end = 22;
	r.range = (struct pi_word)WORD("well-known");
	r.proto = PI_TCP;
	r.service = "ssh";
	r.alias = "";
	r.description = "d";
	r.reference = "";
	r.status = REC_ASSIGNED;
	r.error = "";
	r.unauthorized = "";
	r.plain = 1;
	check_tsv(&r, data, size);
	check_csv(&r);
	check_json(&r);
	check_message(data, size);
	check_file_name(data, size);
	check_table(&r, 1 + size % 97);
	return 0;
}
