/* The tokenizer of query lists: separators, comments, odd bytes, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "input.h"

/* A stream that holds data[0..n), NUL bytes and all. */
static FILE *
stream(const char *data, size_t n)
{
	FILE *fp;

	fp = tmpfile();
	assert_non_null(fp);
	if (n > 0)
		assert_int_equal(fwrite(data, 1, n, fp), n);
	rewind(fp);
	return fp;
}

/*
 * Tokenizes in[0..inlen) and compares with want[0..wantlen): every
 * token followed by a newline, which no token can hold.
 */
static void
expect(const char *in, size_t inlen, const char *want, size_t wantlen)
{
	static struct input inp;
	char got[1024];
	size_t n = 0;
	FILE *fp;
	int r;

	fp = stream(in, inlen);
	input_init(&inp, fileno(fp));
	while ((r = input_next(&inp)) == 1) {
		assert_true(inp.len > 0);
		assert_int_equal(inp.full, inp.len);
		assert_true(n + inp.len + 1 <= sizeof(got));
		memcpy(got + n, inp.text, inp.len);
		n += inp.len;
		got[n++] = '\n';
	}
	assert_int_equal(r, 0);
	/* The end stays the end. */
	assert_int_equal(input_next(&inp), 0);
	assert_int_equal(input_next(&inp), 0);
	fclose(fp);
	if (n != wantlen || memcmp(got, want, n) != 0) {
		print_error("got %zu bytes \"%.*s\", want \"%.*s\"\n", n,
		    (int)n, got, (int)wantlen, want);
		fail();
	}
}

#define TOKENS(in, out)	expect(in, sizeof(in) - 1, out, sizeof(out) - 1)

static void
test_init(void **state)
{
	struct input in;

	(void)state;
	memset(&in, 0xa5, sizeof(in));
	input_init(&in, 0);
	assert_int_equal(in.fd, 0);
}

static void
test_separators(void **state)
{
	(void)state;
	TOKENS("", "");
	TOKENS("22", "22\n");
	TOKENS("22\n", "22\n");
	TOKENS("22 ssh\n80", "22\nssh\n80\n");
	TOKENS(" \t\n\v\f\r,22 \t\n\v\f\r,23,\t", "22\n23\n");
	TOKENS("a\tb\vc\fd\re,f g\nh", "a\nb\nc\nd\ne\nf\ng\nh\n");
	TOKENS(",,,\n\n \r\n\t", "");
	TOKENS("22,23,,24,,,", "22\n23\n24\n");
	TOKENS("22, 23 ,24", "22\n23\n24\n");
	TOKENS("8000-8100/tcp,[::1]:22", "8000-8100/tcp\n[::1]:22\n");
}

/* The queries of an argument, each followed by a newline, into got. */
static size_t
split(const char *arg, size_t len, char *got, size_t size)
{
	const char *q;
	size_t pos = 0, qlen, n = 0;

	while (input_split(arg, len, &pos, &q, &qlen)) {
		assert_true(n + qlen + 1 <= size);
		memcpy(got + n, q, qlen);
		n += qlen;
		got[n++] = '\n';
	}
	/* The end stays the end, and points at nothing past it. */
	q = NULL;
	assert_int_equal(input_split(arg, len, &pos, &q, &qlen), 0);
	assert_true(q == NULL || (q >= arg && q <= arg + len));
	return n;
}

/*
 * An argument is split at commas into the queries that the same bytes
 * give on standard input: 22,80 is two, and runs of commas are one.
 * White space is not split: the shell has split the words already.
 */
static void
test_split_as_input(void **state)
{
	static const struct {
		const char *arg;
		size_t len;
	} cases[] = {
#define ARG(s) { s, sizeof(s) - 1 }
		ARG("22"), ARG("22,80"), ARG("22,,80"), ARG(",22,"),
		ARG(",,22,,"), ARG("ssh,https"), ARG("a\0b,c"),
		ARG("8000-8100/tcp,[::1]:22,http://h/x,y")
#undef ARG
	};
	char got[256];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = split(cases[i].arg, cases[i].len, got, sizeof(got));
		expect(cases[i].arg, cases[i].len, got, n);
	}
	n = split("22 80,\tssh\r", 11, got, sizeof(got));
	assert_int_equal(n, 12);
	assert_memory_equal(got, "22 80\n\tssh\r\n", n);
	/* '#' opens no comment in an argument. */
	n = split("#x,y", 4, got, sizeof(got));
	assert_int_equal(n, 5);
	assert_memory_equal(got, "#x\ny\n", n);
	/* One that holds none is one query, all of it. */
	assert_int_equal(split("", 0, got, sizeof(got)), 1);
	n = split(",,", 2, got, sizeof(got));
	assert_int_equal(n, 3);
	assert_memory_equal(got, ",,\n", n);
}

static void
test_line_ends(void **state)
{
	(void)state;
	TOKENS("22\r\n23\r\n", "22\n23\n");
	TOKENS("22\r\n23", "22\n23\n");
	TOKENS("22\r23\r24", "22\n23\n24\n");
	TOKENS("22\n\n\n23\n", "22\n23\n");
	TOKENS("\r\n\r\n22\r\n\r\n", "22\n");
	TOKENS("22 23 24", "22\n23\n24\n");
}

static void
test_comments(void **state)
{
	(void)state;
	TOKENS("# only a comment", "");
	TOKENS("# only a comment\n", "");
	TOKENS("#", "");
	TOKENS("#\n#\n22", "22\n");
	TOKENS("# header\n22 # ssh\n23#x\n#24\n25", "22\n23#x\n25\n");
	TOKENS("a,#b c\nd", "a\nd\n");
	TOKENS("22 #", "22\n");
	TOKENS("22#", "22#\n");
	TOKENS("22 ## 23\n24", "22\n24\n");
	TOKENS("# c\r\n22\r\n", "22\n");
	/* Old Mac line ends: the comment ends at the CR. */
	TOKENS("#x\r22", "22\n");
	TOKENS("# a\0b 23\nc", "c\n");
	/* Inside a token, '#' is a URL fragment, not a comment. */
	TOKENS("http://h/p#frag https://h/#",
	    "http://h/p#frag\nhttps://h/#\n");
}

static void
test_odd_bytes(void **state)
{
	(void)state;
	TOKENS("a\0b c", "a\0b\nc\n");
	TOKENS("\0", "\0\n");
	TOKENS("\0\0 \0", "\0\0\n\0\n");
	TOKENS("22\0", "22\0\n");
	TOKENS("\x1b[31m \xff\xfe caf\xc3\xa9",
	    "\x1b[31m\n\xff\xfe\ncaf\xc3\xa9\n");
	TOKENS("\x01\x02\x7f", "\x01\x02\x7f\n");
	TOKENS("'22' \"23\"", "'22'\n\"23\"\n");
}

/* A UTF-8 byte-order mark is skipped at the very start, and only there. */
static void
test_byte_order_mark(void **state)
{
	(void)state;
	TOKENS("\xef\xbb\xbf", "");
	TOKENS("\xef\xbb\xbf" "22", "22\n");
	TOKENS("\xef\xbb\xbf" "22 ssh\r\n", "22\nssh\n");
	TOKENS("\xef\xbb\xbf\n22", "22\n");
	TOKENS("\xef\xbb\xbf" "# header\n22", "22\n");
	/* Kept as it is anywhere else. */
	TOKENS("\xef\xbb\xbf\xef\xbb\xbf" "22", "\xef\xbb\xbf" "22\n");
	TOKENS(" \xef\xbb\xbf" "22", "\xef\xbb\xbf" "22\n");
	TOKENS("22 \xef\xbb\xbf", "22\n\xef\xbb\xbf\n");
	/* Part of a mark is part of the first token. */
	TOKENS("\xef", "\xef\n");
	TOKENS("\xef 22", "\xef\n22\n");
	TOKENS("\xef\xbb", "\xef\xbb\n");
	TOKENS("\xef\xbb\n22", "\xef\xbb\n22\n");
	TOKENS("\xef\xbb" "x 22", "\xef\xbbx\n22\n");
	TOKENS("\xef\xbf\xbb", "\xef\xbf\xbb\n");
	TOKENS("\xbb\xbf", "\xbb\xbf\n");
}

/* After a mark, the first token can still be QUERY_MAX bytes long. */
static void
test_mark_and_long_token(void **state)
{
	static struct input in;
	static char data[3 + QUERY_MAX + 1];
	FILE *fp;

	(void)state;
	memcpy(data, "\xef\xbb\xbf", 3);
	memset(data + 3, '7', QUERY_MAX);
	data[sizeof(data) - 1] = ' ';
	fp = stream(data, sizeof(data));
	input_init(&in, fileno(fp));
	assert_int_equal(input_next(&in), 1);
	assert_int_equal(in.len, QUERY_MAX);
	assert_int_equal(in.full, QUERY_MAX);
	assert_memory_equal(in.text, data + 3, QUERY_MAX);
	assert_int_equal(input_next(&in), 0);
	fclose(fp);
}

/* Every byte that is neither a separator nor '#' is a token of its own. */
static void
test_every_byte(void **state)
{
	static struct input in;
	char data[512];
	size_t n = 0;
	FILE *fp;
	int c;

	(void)state;
	for (c = 0; c <= 255; c++) {
		if (strchr(" \t\n\v\f\r,#", c) != NULL && c != '\0')
			continue;
		data[n++] = (char)c;
		data[n++] = ' ';
	}
	fp = stream(data, n);
	input_init(&in, fileno(fp));
	for (c = 0; c <= 255; c++) {
		if (strchr(" \t\n\v\f\r,#", c) != NULL && c != '\0')
			continue;
		assert_int_equal(input_next(&in), 1);
		assert_int_equal(in.len, 1);
		assert_int_equal(in.full, 1);
		assert_int_equal((unsigned char)in.text[0], c);
	}
	assert_int_equal(input_next(&in), 0);
	fclose(fp);
}

/*
 * A token of size bytes, then "next": the long one keeps its first
 * QUERY_MAX bytes and its whole length, and the next one is intact.
 */
static void
long_token(size_t size, const char *sep)
{
	static struct input in;
	size_t i, seplen = strlen(sep), n = size + seplen + 4;
	char *data;
	FILE *fp;

	data = malloc(n);
	assert_non_null(data);
	for (i = 0; i < size; i++)
		data[i] = (char)('a' + i % 26);
	memcpy(data + size, sep, seplen);
	memcpy(data + size + seplen, "next", 4);
	fp = stream(data, n);
	input_init(&in, fileno(fp));
	assert_int_equal(input_next(&in), 1);
	assert_int_equal(in.full, size);
	assert_int_equal(in.len, size < QUERY_MAX ? size : QUERY_MAX);
	assert_memory_equal(in.text, data, in.len);
	assert_int_equal(input_next(&in), 1);
	assert_int_equal(in.len, 4);
	assert_int_equal(in.full, 4);
	assert_memory_equal(in.text, "next", 4);
	assert_int_equal(input_next(&in), 0);
	fclose(fp);
	free(data);
}

static void
test_long_tokens(void **state)
{
	(void)state;
	long_token(QUERY_MAX - 1, " ");
	long_token(QUERY_MAX, "\n");
	long_token(QUERY_MAX + 1, ",");
	long_token(QUERY_MAX + 2, "\r\n");
	long_token(2 * QUERY_MAX, "\t");
	long_token((size_t)1 << 20, " # comment\n");
	long_token((size_t)1 << 22, "\n");
}

/* An overlong token that runs to the end of the input. */
static void
test_long_last_token(void **state)
{
	static struct input in;
	static char data[QUERY_MAX + 1];
	FILE *fp;

	(void)state;
	memset(data, '7', sizeof(data));
	fp = stream(data, sizeof(data));
	input_init(&in, fileno(fp));
	assert_int_equal(input_next(&in), 1);
	assert_int_equal(in.len, QUERY_MAX);
	assert_int_equal(in.full, QUERY_MAX + 1);
	assert_memory_equal(in.text, data, QUERY_MAX);
	assert_int_equal(input_next(&in), 0);
	fclose(fp);
}

/* Many tokens in a row come out one by one, in order. */
static void
test_many_tokens(void **state)
{
	static const char *const sep[] = { "\n", "\r\n", ",", " ", "\t" };
	static struct input in;
	char want[16];
	unsigned long i, count = 200000;
	FILE *fp;
	int n;

	(void)state;
	fp = tmpfile();
	assert_non_null(fp);
	for (i = 0; i < count; i++)
		assert_true(fprintf(fp, "%lu%s", i * 7919 % 70000,
		    sep[i % 5]) > 0);
	rewind(fp);
	input_init(&in, fileno(fp));
	for (i = 0; i < count; i++) {
		n = snprintf(want, sizeof(want), "%lu", i * 7919 % 70000);
		assert_int_equal(input_next(&in), 1);
		assert_int_equal(in.len, (size_t)n);
		assert_memory_equal(in.text, want, in.len);
	}
	assert_int_equal(input_next(&in), 0);
	fclose(fp);
}

/* A stream that cannot be read: a directory, on Linux and BSD. */
static void
test_read_error(void **state)
{
	static struct input in;
	FILE *fp;

	(void)state;
	if ((fp = fopen(".", "r")) == NULL)
		skip();
	input_init(&in, fileno(fp));
	errno = 0;
	assert_int_equal(input_next(&in), -1);
	assert_int_not_equal(errno, 0);
	assert_int_equal(input_next(&in), -1);
	fclose(fp);
}

/*
 * A token is handed out as soon as the separator after it is read, not
 * when a block is full: queries typed at a terminal are answered line
 * by line.  The writer keeps the pipe open; alarm() makes a tokenizer
 * that waits for more fail rather than hang.
 */
static void
test_answered_when_read(void **state)
{
	static struct input in;
	int fd[2];

	(void)state;
	assert_int_equal(pipe(fd), 0);
	input_init(&in, fd[0]);
	alarm(10);
	assert_int_equal(write(fd[1], "22\n", 3), 3);
	assert_int_equal(input_next(&in), 1);
	assert_int_equal(in.len, 2);
	assert_memory_equal(in.text, "22", 2);
	assert_int_equal(write(fd[1], "ssh 8", 5), 5);
	assert_int_equal(input_next(&in), 1);
	assert_memory_equal(in.text, "ssh", 3);
	assert_int_equal(write(fd[1], "0\n", 2), 2);
	assert_int_equal(input_next(&in), 1);
	assert_int_equal(in.len, 2);
	assert_memory_equal(in.text, "80", 2);
	close(fd[1]);
	assert_int_equal(input_next(&in), 0);
	alarm(0);
	close(fd[0]);
}

/*
 * Input that comes in pieces, each a read of its own: marks, tokens,
 * comments and line ends cut anywhere read as if whole.
 */
static void
pieces(const char *const part[], size_t nparts, const char *want)
{
	static const struct timespec pause = { 0, 20 * 1000 * 1000 };
	static struct input in;
	char got[256];
	size_t i, n = 0;
	pid_t pid;
	int fd[2], r, status;

	assert_int_equal(pipe(fd), 0);
	if ((pid = fork()) == 0) {
		close(fd[0]);
		for (i = 0; i < nparts; i++) {
			if (write(fd[1], part[i], strlen(part[i])) < 0)
				_exit(1);
			nanosleep(&pause, NULL);
		}
		_exit(0);
	}
	assert_true(pid > 0);
	close(fd[1]);
	input_init(&in, fd[0]);
	while ((r = input_next(&in)) == 1) {
		assert_true(n + in.len + 1 <= sizeof(got));
		memcpy(got + n, in.text, in.len);
		n += in.len;
		got[n++] = '\n';
	}
	assert_int_equal(r, 0);
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	if (n != strlen(want) || memcmp(got, want, n) != 0) {
		print_error("got \"%.*s\", want \"%s\"\n", (int)n, got, want);
		fail();
	}
}

#define PIECES(want, ...) do { \
	static const char *const part_[] = { __VA_ARGS__ }; \
	pieces(part_, sizeof(part_) / sizeof(part_[0]), want); \
} while (0)

static void
test_pieces(void **state)
{
	(void)state;
	PIECES("22\n", "\xef", "\xbb", "\xbf", "22");
	PIECES("\xef\xbb" "x\n", "\xef", "\xbb", "x");
	PIECES("2\n", "2\n");
	PIECES("123\n456\n", "1", "2", "3 4", "5", "6");
	PIECES("22\n23\n", "22\r", "\n23");
	PIECES("25\n", "# a com", "ment 23", "\n25");
	PIECES("22\n", "22 #", "x", "\r");
	PIECES("http://h/#f\n", "http://h/", "#f");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_odd_bytes),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_mark_and_long_token),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_long_tokens),
		cmocka_unit_test(test_long_last_token),
		cmocka_unit_test(test_many_tokens),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_answered_when_read),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_split_as_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
