/*
 * The CSV reader on small inline inputs: every quirk of RFC 4180 it
 * accepts, and every kind of malformed input it rejects, with the line
 * it names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* A string literal and its length, NUL bytes inside it included. */
#define LIT(s) (s), sizeof(s) - 1

static char *data;
static struct csv c;

static struct csv *
open_csv(const char *s, size_t len)
{
	/* A copy of its own, so that reading past its NUL is caught. */
	data = malloc(len + 1);
	assert_non_null(data);
	memcpy(data, s, len);
	data[len] = '\0';
	csv_init(&c, data, len);
	return &c;
}

static void
close_csv(void)
{
	csv_free(&c);
	free(data);
}

/* The next record starts on line and holds the n fields given. */
static void
expect_record(unsigned long line, size_t n, ...)
{
	va_list ap;
	size_t i, len;
	const char *want;

	assert_int_equal(csv_read(&c), 1);
	assert_int_equal(c.line, line);
	assert_int_equal(c.nfields, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		want = va_arg(ap, const char *);
		len = strlen(want);
		assert_int_equal(csv_field_len(&c, i), len);
		assert_memory_equal(csv_field(&c, i), want, len);
		assert_int_equal(csv_field(&c, i)[len], '\0');
	}
	va_end(ap);
}

/* The end of the input, which stays the end when read again. */
static void
expect_end(void)
{
	assert_int_equal(csv_read(&c), 0);
	assert_int_equal(csv_read(&c), 0);
	close_csv();
}

/* Reading s fails, after any good records, on line with reason why. */
static void
expect_error(const char *s, size_t len, unsigned long line, const char *why)
{
	int r;

	open_csv(s, len);
	while ((r = csv_read(&c)) == 1)
		continue;
	assert_int_equal(r, -1);
	assert_non_null(c.error);
	assert_string_equal(c.error, why);
	assert_int_equal(c.errline, line);
	close_csv();
}

/* A string of n copies of ch, to be freed. */
static char *
repeat(int ch, size_t n, const char *before, const char *after)
{
	size_t nb = strlen(before), na = strlen(after);
	char *s = malloc(nb + n + na + 1);

	assert_non_null(s);
	memcpy(s, before, nb);
	memset(s + nb, ch, n);
	memcpy(s + nb + n, after, na + 1);
	return s;
}

static void
test_plain(void **state)
{
	(void)state;
	open_csv(LIT("a,b,c\n1,22,333\n"));
	expect_record(1, 3, "a", "b", "c");
	expect_record(2, 3, "1", "22", "333");
	expect_end();
}

static void
test_empty_input(void **state)
{
	(void)state;
	open_csv(LIT(""));
	expect_end();
}

static void
test_quoted_comma(void **state)
{
	(void)state;
	open_csv(LIT("\"a,b\",c,\",\"\n"));
	expect_record(1, 3, "a,b", "c", ",");
	expect_end();
}

static void
test_doubled_quotes(void **state)
{
	(void)state;
	open_csv(LIT("\"say \"\"hi\"\"\",\"\"\"\"\"\",\"\"\n"));
	expect_record(1, 3, "say \"hi\"", "\"\"", "");
	expect_end();
}

static void
test_quoted_lf(void **state)
{
	(void)state;
	open_csv(LIT("\"one\ntwo\n\",x\nnext\n"));
	expect_record(1, 2, "one\ntwo\n", "x");
	expect_record(4, 1, "next");
	expect_end();
}

static void
test_quoted_crlf_kept(void **state)
{
	(void)state;
	open_csv(LIT("\"one\r\ntwo\"\r\nnext\r\n\"a\rb\"\n"));
	expect_record(1, 1, "one\r\ntwo");
	expect_record(3, 1, "next");
	expect_record(4, 1, "a\rb");
	expect_end();
}

static void
test_crlf_records(void **state)
{
	(void)state;
	open_csv(LIT("a,b\r\nc,\"d\"\r\ne,f\ng\r\n"));
	expect_record(1, 2, "a", "b");
	expect_record(2, 2, "c", "d");
	expect_record(3, 2, "e", "f");
	expect_record(4, 1, "g");
	expect_end();
}

static void
test_no_final_newline(void **state)
{
	(void)state;
	open_csv(LIT("a,b\nc,d"));
	expect_record(1, 2, "a", "b");
	expect_record(2, 2, "c", "d");
	expect_end();

	open_csv(LIT("a,\"b\nc\""));
	expect_record(1, 2, "a", "b\nc");
	expect_end();

	open_csv(LIT("a,"));
	expect_record(1, 2, "a", "");
	expect_end();
}

static void
test_empty_fields(void **state)
{
	(void)state;
	open_csv(LIT(",,\n\"\"\n\"\",\n"));
	expect_record(1, 3, "", "", "");
	expect_record(2, 1, "");
	expect_record(3, 2, "", "");
	expect_end();
}

/* Blank lines, LF or CRLF, before, between and after records. */
static void
test_blank_lines(void **state)
{
	(void)state;
	open_csv(LIT("\na,b\n\n\r\nc,d\r\n\r\n\n"));
	expect_record(2, 2, "a", "b");
	expect_record(5, 2, "c", "d");
	expect_end();

	open_csv(LIT("\r\n\n"));
	expect_end();

	/* Inside a quoted field a blank line is text. */
	open_csv(LIT("\"a\n\nb\",c\n\nd\n"));
	expect_record(1, 2, "a\n\nb", "c");
	expect_record(5, 1, "d");
	expect_end();

	/* A line of white space is no blank line. */
	open_csv(LIT("a\n \n"));
	expect_record(1, 1, "a");
	expect_record(2, 1, " ");
	expect_end();
}

static void
test_trailing_comma(void **state)
{
	(void)state;
	open_csv(LIT("a,b,\r\n\"c\",\n"));
	expect_record(1, 3, "a", "b", "");
	expect_record(2, 2, "c", "");
	expect_end();
}

static void
test_bom(void **state)
{
	(void)state;
	open_csv(LIT("\xef\xbb\xbf" "a,b\n"));
	expect_record(1, 2, "a", "b");
	expect_end();

	open_csv(LIT("\xef\xbb\xbf"));
	expect_end();

	open_csv(LIT("\xef\xbb\xbf\"q\"\n"));
	expect_record(1, 1, "q");
	expect_end();

	/* Only a leading mark is one; a second is a character. */
	open_csv(LIT("\xef\xbb\xbf\xef\xbb\xbf" "a\n\xef\xbb\xbf\n"));
	expect_record(1, 1, "\xef\xbb\xbf" "a");
	expect_record(2, 1, "\xef\xbb\xbf");
	expect_end();
}

/* Characters that begin with the mark's first bytes are not one. */
static void
test_bom_lookalike(void **state)
{
	(void)state;
	open_csv(LIT("\xef\xbc\x81,x\n"));		/* U+FF01 */
	expect_record(1, 2, "\xef\xbc\x81", "x");
	expect_end();

	open_csv(LIT("\xef\xbb\x80\n"));		/* U+FEC0 */
	expect_record(1, 1, "\xef\xbb\x80");
	expect_end();

	open_csv(LIT("\xef\xbb\xbe"));			/* U+FEFE */
	expect_record(1, 1, "\xef\xbb\xbe");
	expect_end();
}

static void
test_utf8_passed_through(void **state)
{
	static const char *const good[] = {
		"caf\xc3\xa9",			/* U+00E9 */
		"\xc2\x80", "\xdf\xbf",		/* two-byte bounds */
		"\xe0\xa0\x80", "\xed\x9f\xbf",	/* three bytes, around */
		"\xee\x80\x80", "\xef\xbf\xbf",	/* the surrogates */
		"\xf0\x90\x80\x80",		/* U+10000 */
		"\xf0\x9f\x98\x80",		/* U+1F600 */
		"\xf4\x8f\xbf\xbf",		/* U+10FFFF */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char buf[64];
		int n = snprintf(buf, sizeof(buf), "%s,\"%s\"\n", good[i],
		    good[i]);

		assert_true(n > 0 && (size_t)n < sizeof(buf));
		open_csv(buf, (size_t)n);
		expect_record(1, 2, good[i], good[i]);
		expect_end();
	}
}

static void
test_longest_field(void **state)
{
	char *s;

	(void)state;
	s = repeat('x', CSV_FIELD_MAX, "", ",y\n");
	open_csv(s, strlen(s));
	assert_int_equal(csv_read(&c), 1);
	assert_int_equal(c.nfields, 2);
	assert_int_equal(csv_field_len(&c, 0), CSV_FIELD_MAX);
	assert_int_equal(csv_field(&c, 0)[CSV_FIELD_MAX], '\0');
	assert_string_equal(csv_field(&c, 1), "y");
	expect_end();
	free(s);

	s = repeat('x', CSV_FIELD_MAX, "\"", "\"");
	open_csv(s, strlen(s));
	assert_int_equal(csv_read(&c), 1);
	assert_int_equal(csv_field_len(&c, 0), CSV_FIELD_MAX);
	expect_end();
	free(s);
}

static void
test_most_fields(void **state)
{
	char *s;
	size_t i;

	(void)state;
	s = repeat(',', CSV_FIELDS_MAX - 1, "", "\nnext\n");
	open_csv(s, strlen(s));
	assert_int_equal(csv_read(&c), 1);
	assert_int_equal(c.nfields, CSV_FIELDS_MAX);
	for (i = 0; i < CSV_FIELDS_MAX; i++)
		assert_int_equal(csv_field_len(&c, i), 0);
	expect_record(2, 1, "next");
	expect_end();
	free(s);
}

/* Each record starts afresh, however long the one before. */
static void
test_records_independent(void **state)
{
	(void)state;
	open_csv(LIT("\"long,\"\"field\"\"\",b,c,d\nx\n"));
	expect_record(1, 4, "long,\"field\"", "b", "c", "d");
	expect_record(2, 1, "x");
	expect_end();
}

static void
test_unterminated_quote(void **state)
{
	(void)state;
	expect_error(LIT("\""), 1, "unterminated quoted field");
	expect_error(LIT("a,b\nc,\"d\ne\nf,g\n"), 2,
	    "unterminated quoted field");
	expect_error(LIT("a\n\"b\"\"\n"), 2, "unterminated quoted field");
}

static void
test_quote_in_unquoted(void **state)
{
	(void)state;
	expect_error(LIT("ab\"c\n"), 1, "quote inside an unquoted field");
	expect_error(LIT("a\nb\nc,d\"\n"), 3,
	    "quote inside an unquoted field");
	expect_error(LIT("x \"y\"\n"), 1, "quote inside an unquoted field");
}

static void
test_text_after_quote(void **state)
{
	(void)state;
	expect_error(LIT("\"a\"b\n"), 1, "text after a closing quote");
	expect_error(LIT("x\n\"a\nb\" ,c\n"), 3, "text after a closing quote");
	expect_error(LIT("\"a\"\"\"b"), 1, "text after a closing quote");
}

static void
test_nul(void **state)
{
	(void)state;
	expect_error(LIT("a\0b\n"), 1, "NUL byte");
	expect_error(LIT("a\n\"b\n\0\"\n"), 3, "NUL byte");
	expect_error(LIT("a,\0"), 1, "NUL byte");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	/* Overlong forms of '/' and of U+0800. */
	expect_error(LIT("\xc0\xaf\n"), 1, "invalid UTF-8");
	expect_error(LIT("ok\n\xe0\x80\xaf\n"), 2, "invalid UTF-8");
	expect_error(LIT("\xf0\x80\x80\xaf\n"), 1, "invalid UTF-8");
	expect_error(LIT("\xf0\x8f\xbf\xbf\n"), 1, "invalid UTF-8");
	/* UTF-16 surrogates, and beyond U+10FFFF. */
	expect_error(LIT("a,\xed\xa0\x80\n"), 1, "invalid UTF-8");
	expect_error(LIT("a,\"\xed\xbf\xbf\"\n"), 1, "invalid UTF-8");
	expect_error(LIT("\xf4\x90\x80\x80\n"), 1, "invalid UTF-8");
	expect_error(LIT("\xf5\x80\x80\x80\n"), 1, "invalid UTF-8");
	/* Truncated, at the end of a field, of the input, of a record. */
	expect_error(LIT("\xc3,a\n"), 1, "invalid UTF-8");
	expect_error(LIT("\xe2\x82"), 1, "invalid UTF-8");
	expect_error(LIT("\xf0\x9f\x98\nx\n"), 1, "invalid UTF-8");
	/* Stray continuation bytes, and bytes never in UTF-8. */
	expect_error(LIT("x\ny\n\x80\n"), 3, "invalid UTF-8");
	expect_error(LIT("\xc3\xa9\xa9\n"), 1, "invalid UTF-8");
	expect_error(LIT("\xfe\n"), 1, "invalid UTF-8");
	expect_error(LIT("\xff\n"), 1, "invalid UTF-8");
	/* The line of the bad byte, not of the record it is in. */
	expect_error(LIT("h\n\"a\nb\nc\xff\"\n"), 4, "invalid UTF-8");
	expect_error(LIT("\"a\r\nb\",\"c\nd\xc3\"\n"), 3, "invalid UTF-8");
}

static void
test_bare_cr(void **state)
{
	static const char cr[] = "carriage return without line feed";

	(void)state;
	expect_error(LIT("a\rb\n"), 1, cr);
	expect_error(LIT("a\r"), 1, cr);
	expect_error(LIT("a\nb\rc\n"), 2, cr);
	expect_error(LIT("a,b\r\r\n"), 1, cr);
	/* After a closing quote, a CR is still a CR. */
	expect_error(LIT("\"a\"\rb\n"), 1, cr);
	expect_error(LIT("\"a\"\r"), 1, cr);
}

static void
test_field_too_long(void **state)
{
	static const char why[] = "field longer than 65536 bytes";
	char *s;

	(void)state;
	assert_int_equal(CSV_FIELD_MAX, 65536);
	s = repeat('x', CSV_FIELD_MAX + 1, "a\n", "\n");
	expect_error(s, strlen(s), 2, why);
	free(s);
	s = repeat('x', CSV_FIELD_MAX + 1, "a,\"", "\"");
	expect_error(s, strlen(s), 1, why);
	free(s);
	s = repeat('\n', CSV_FIELD_MAX + 1, "\"", "\"");
	expect_error(s, strlen(s), CSV_FIELD_MAX + 1, why);
	free(s);
}

static void
test_too_many_fields(void **state)
{
	static const char why[] = "more than 64 fields";
	char *s;

	(void)state;
	assert_int_equal(CSV_FIELDS_MAX, 64);
	s = repeat(',', CSV_FIELDS_MAX, "", "\n");
	expect_error(s, strlen(s), 1, why);
	free(s);
	s = repeat(',', CSV_FIELDS_MAX, "a\n", "x\r\n");
	expect_error(s, strlen(s), 2, why);
	free(s);
	s = repeat(',', CSV_FIELDS_MAX, "", "");
	expect_error(s, strlen(s), 1, why);
	free(s);
}

static void
test_broken_bom(void **state)
{
	(void)state;
	expect_error(LIT("\xef\xbb"), 1, "invalid UTF-8");
	expect_error(LIT("\xef"), 1, "invalid UTF-8");
	expect_error(LIT("\xef\xbb" "a,b\n"), 1, "invalid UTF-8");
	expect_error(LIT("\xef\xbb\n"), 1, "invalid UTF-8");
	expect_error(LIT("\xef,x\n"), 1, "invalid UTF-8");
}

/* After an error, reading goes on at the line after the one named. */
static void
test_read_on(void **state)
{
	(void)state;
	open_csv(LIT("h\nx\"y\nb\nc,d\n\xff\n\ne,\"f\"x\ng\n\"open\nz\n"));
	expect_record(1, 1, "h");
	assert_int_equal(csv_read(&c), -1);
	assert_string_equal(c.error, "quote inside an unquoted field");
	assert_int_equal(c.errline, 2);
	expect_record(3, 1, "b");
	expect_record(4, 2, "c", "d");
	assert_int_equal(csv_read(&c), -1);
	assert_string_equal(c.error, "invalid UTF-8");
	assert_int_equal(c.errline, 5);
	assert_int_equal(csv_read(&c), -1);
	assert_string_equal(c.error, "text after a closing quote");
	assert_int_equal(c.errline, 7);
	expect_record(8, 1, "g");
	assert_int_equal(csv_read(&c), -1);
	assert_string_equal(c.error, "unterminated quoted field");
	assert_int_equal(c.errline, 9);
	expect_record(10, 1, "z");
	expect_end();

	/* An error on the last line, which has no line break, ends it. */
	open_csv(LIT("a\nb\"c"));
	expect_record(1, 1, "a");
	assert_int_equal(csv_read(&c), -1);
	expect_end();
}

/* A file is read whole, then as the text it holds. */
static void
test_file(void **state)
{
	FILE *fp = tmpfile();
	size_t i;

	(void)state;
	assert_non_null(fp);
	for (i = 0; i < 100000; i++)
		fprintf(fp, "%zu,x\n", i);
	rewind(fp);
	assert_int_equal(csv_init_file(&c, fp), 0);
	for (i = 0; i < 100000; i++)
		assert_int_equal(csv_read(&c), 1);
	assert_int_equal(c.line, 100000);
	assert_string_equal(csv_field(&c, 0), "99999");
	assert_int_equal(csv_read(&c), 0);
	csv_free(&c);
	fclose(fp);

	/* One that cannot be read is an error, and a reader of nothing. */
	assert_non_null(fp = fopen("/dev/null", "w"));
	assert_int_equal(csv_init_file(&c, fp), -1);
	assert_int_equal(csv_read(&c), 0);
	csv_free(&c);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_quoted_comma),
		cmocka_unit_test(test_doubled_quotes),
		cmocka_unit_test(test_quoted_lf),
		cmocka_unit_test(test_quoted_crlf_kept),
		cmocka_unit_test(test_crlf_records),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_trailing_comma),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_bom_lookalike),
		cmocka_unit_test(test_utf8_passed_through),
		cmocka_unit_test(test_longest_field),
		cmocka_unit_test(test_most_fields),
		cmocka_unit_test(test_records_independent),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_quote_in_unquoted),
		cmocka_unit_test(test_text_after_quote),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bare_cr),
		cmocka_unit_test(test_field_too_long),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_broken_bom),
		cmocka_unit_test(test_read_on),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
