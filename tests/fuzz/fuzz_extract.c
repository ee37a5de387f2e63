/*
 * libFuzzer harness for the endpoint extractor.
 *
 * The input is read as text through fmemopen.  Every endpoint handed
 * out must be a well-formed query whose span is bytes of its own line,
 * in the order of the input; there are never more endpoints than bytes.
 * Read again with an echo, the bytes echoed and the ends of lines give
 * back the input exactly, each line's endpoints before its end.  Any
 * broken invariant aborts, so the fuzzer keeps the input.
 *
 * Built by make fuzz, with the library; run with a corpus directory:
 *   build-fuzz/fuzz_extract tests/fuzz/corpus_extract
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "portinfo.h"
#include "query.h"
#include "fuzz.h"

/* Offset and length of line lineno (from 1) of data[0..size). */
static int
find_line(const uint8_t *data, size_t size, unsigned long long lineno,
    size_t *start, size_t *len)
{
	unsigned long long l = 1;
	size_t i = 0, j;

	while (l < lineno) {
		const uint8_t *nl = memchr(data + i, '\n', size - i);
		if (nl == NULL)
			return 0;
		i = (size_t)(nl - data) + 1;
		l++;
	}
	for (j = i; j < size && data[j] != '\n'; j++)
		;
	*start = i;
	*len = j - i;
	return 1;
}

/*
 * Checks hit h, which must be found in its line at *column or after;
 * *column is then where it was first found.
 */
static void
check_hit(const uint8_t *data, size_t size, const struct extract_hit *h,
    size_t *column)
{
	const struct query *q = &h->query;
	size_t start, len, i;

	CHECK(find_line(data, size, h->lineno, &start, &len));
	CHECK(h->len > 0 && h->len <= EXTRACT_WORD_MAX && h->len <= len);
	for (i = *column; i <= len - h->len &&
	    memcmp(data + start + i, h->text, h->len) != 0; i++)
		;
	CHECK(i <= len - h->len);
	*column = i;
	CHECK(memchr(h->text, '\n', h->len) == NULL);
	CHECK(q->protos != 0 && (q->protos & ~(unsigned)PI_PROTO_ANY) == 0);
	CHECK(q->error == NULL);
	if (q->kind == QUERY_PORT) {
		CHECK(q->lo <= q->hi && q->hi <= PI_PORT_MAX);
	} else {
		CHECK(q->kind == QUERY_NAME);
		CHECK(q->namelen > 0 && q->name >= h->text &&
		    q->namelen <= h->len &&
		    (size_t)(q->name - h->text) <= h->len - q->namelen);
		/* Known, or in a tool's address column, where any name
		   a query reads as one is an endpoint. */
		CHECK(query_name_known(q->name, q->namelen, PI_COMMON,
		    NULL) || query_asks_name(q->name, q->namelen));
	}
	CHECK(strcmp(h->side, "") == 0 || strcmp(h->side, "local") == 0 ||
	    strcmp(h->side, "remote") == 0 || strcmp(h->side, "host") == 0 ||
	    strcmp(h->side, "container") == 0);
}

/* What the echo gave back so far. */
struct echoed {
	char *buf;
	size_t len, cap;
};

static void
echo(void *arg, const char *s, size_t n)
{
	struct echoed *e = arg;

	CHECK(n <= e->cap - e->len);
	memcpy(e->buf + e->len, s, n);
	e->len += n;
}

/* One event of a run with echo: a hit is on the line not yet ended. */
static void
check_event(int r, const struct extract_hit *h, struct echoed *e,
    unsigned long long *lines)
{
	if (r == EXTRACT_HIT) {
		CHECK(h->lineno == *lines + 1);
		return;
	}
	CHECK(r == EXTRACT_EOL);
	CHECK(h->lineno == ++*lines);
	CHECK(h->len <= 2);
	CHECK(h->len <= e->cap - e->len);
	memcpy(e->buf + e->len, &"\r\n"[2 - h->len], h->len);
	e->len += h->len;
}

/*
 * Extracts data[0..size) and checks every hit; returns how many.  With
 * echo set, checks the echo and the ends of lines instead.
 */
static size_t
run(const uint8_t *data, size_t size, int with_echo)
{
	static struct extract x;
	struct extract_hit h;
	struct echoed e = { NULL, 0, size };
	unsigned long long lineno = 0, lines = 0;
	size_t column = 0, count = 0;
	char *copy;
	FILE *fp;
	int r;

	fp = fuzz_open(&copy, data, size);
	if (with_echo)
		CHECK((e.buf = malloc(size + 1)) != NULL);
	extract_init(&x, fp, PI_PROTO_ANY | PI_COMMON, NULL,
	    with_echo ? echo : NULL, &e);
	while ((r = extract_next(&x, &h)) > 0) {
		if (with_echo) {
			check_event(r, &h, &e, &lines);
			continue;
		}
		/* In the order of the input. */
		CHECK(h.lineno >= lineno);
		if (h.lineno > lineno)
			column = 0;
		lineno = h.lineno;
		check_hit(data, size, &h, &column);
		CHECK(++count <= size);
	}
	CHECK(r == 0);
	CHECK(extract_next(&x, &h) == 0);
	if (with_echo)
		CHECK(e.len == size && memcmp(e.buf, data, size) == 0);
	free(e.buf);
	fclose(fp);
	free(copy);
	return count;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Same bytes, same endpoints. */
	CHECK(run(data, size, 0) == run(data, size, 0));
	(void)run(data, size, 1);
	return 0;
}
