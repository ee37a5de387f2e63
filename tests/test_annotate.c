/*
 * --annotate's layout: the column of the annotations (annotate_pad), the
 * columns a line takes as esc_line writes it, and a whole line through
 * annotate_stream.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "annotate.h"
#include "escape.h"
#include "portinfo.h"

/* Each line moves the column on to a multiple of 8 two past it, up to 80. */
static void
test_pad(void **state)
{
	static const struct {
		size_t width, pad, column;
	} steps[] = {
		{ 10, 6, 16 },	/* 12 rounds up to 16 */
		{ 3, 13, 16 },	/* a shorter line: the same column */
		{ 14, 2, 16 },	/* just fits */
		{ 15, 9, 24 },	/* 17 rounds up to 24 */
		{ 78, 2, 80 },	/* the last width that fits before 80 */
		{ 79, 2, 80 },	/* beyond: two spaces */
		{ 500, 2, 80 },
		{ 0, 80, 80 },
	};
	/* A line too wide for 80 moves the column there all the same. */
	static const struct {
		size_t width, pad, column;
	} wide[] = {
		{ 79, 2, 80 },
		{ 11, 69, 80 },
		{ 85, 2, 80 },
		{ 3, 77, 80 },
	};
	size_t column = 0, i;

	(void)state;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		assert_int_equal(annotate_pad(&column, steps[i].width),
		    steps[i].pad);
		assert_int_equal(column, steps[i].column);
	}
	column = 0;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++) {
		assert_int_equal(annotate_pad(&column, wide[i].width),
		    wide[i].pad);
		assert_int_equal(column, wide[i].column);
	}
}

/* Whatever the widths, the column only grows, by eights, up to 80. */
static void
test_pad_bounds(void **state)
{
	size_t column = 0, prev, width, pad;
	unsigned seed = 1;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		seed = seed * 1103515245u + 12345u;
		width = (seed >> 8) % 120;
		prev = column;
		pad = annotate_pad(&column, width);
		assert_true(column >= prev && column % 8 == 0);
		assert_true(column <= ANNOTATE_COLUMN_MAX);
		assert_true(pad >= 2);
		assert_true(width + pad == column || pad == 2);
	}
	column = 0;
	assert_int_equal(annotate_pad(&column, SIZE_MAX), 2);
	assert_int_equal(column, ANNOTATE_COLUMN_MAX);
}

/* The bytes esc_line writes for s, and the columns they take. */
static void
line(const char *s, size_t len, const char *want, size_t cols)
{
	char buf[256];
	struct out o;
	size_t col = 0;

	out_init(&o, stdout, buf, sizeof(buf));
	o.p = esc_line(&o, o.p, s, len, &col);
	assert_int_equal((size_t)(o.p - buf), strlen(want));
	assert_memory_equal(buf, want, strlen(want));
	assert_int_equal(col, cols);
}

static void
test_esc_line(void **state)
{
	(void)state;
	line("plain", 5, "plain", 5);
	line("a\tb", 3, "a\tb", 9);
	line("12345678\t", 9, "12345678\t", 16);
	line("a\\b\"c,", 6, "a\\b\"c,", 6);
	line("\033[2J", 4, "\\x1b[2J", 7);
	line("\0x", 2, "\\x00x", 5);
	line("\r", 1, "\\x0d", 4);
	line("\xff", 1, "\\xff", 4);
	line("\xe2\x80\xae", 3, "\\xe2\\x80\\xae", 12);
	line("\xc3\xa9t\xc3\xa9", 5, "\xc3\xa9t\xc3\xa9", 3);
	line("\xe6\x97\xa5", 3, "\xe6\x97\xa5", 2);
	line("e\xcc\x81", 3, "e\xcc\x81", 1);
}

/* A line through the extractor: as it was, then what it names. */
static void
test_stream(void **state)
{
	static const char in[] = "x\ty dport 22,80 dport 22\r\nnone\nz 3";
	static struct annotate an;
	char buf[256], got[256];
	struct out o;
	FILE *fin, *fout;
	size_t n;

	(void)state;
	fin = fmemopen((void *)in, sizeof(in) - 1, "r");
	fout = tmpfile();
	assert_non_null(fin);
	assert_non_null(fout);
	out_init(&o, fout, buf, sizeof(buf));
	annotate_init(&an, &o, PI_PROTO_ANY, NULL, 0, 1);
	assert_int_equal(annotate_stream(&an, fin), 0);
	out_flush(&o);
	rewind(fout);
	n = fread(got, 1, sizeof(got) - 1, fout);
	got[n] = '\0';
	assert_string_equal(got, "x\ty dport 22,80 dport 22  "
	    "# 22 ssh; 80 http, www, www-http\r\nnone\nz 3");
	assert_int_equal(an.result, RESULT_MATCH);
	assert_true(an.found);
	fclose(fin);
	fclose(fout);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_pad_bounds),
		cmocka_unit_test(test_esc_line),
		cmocka_unit_test(test_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
