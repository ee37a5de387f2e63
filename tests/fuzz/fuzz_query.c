/*
 * libFuzzer harness for the query parser and the query list tokenizer.
 *
 * The input is parsed whole as one query, then read as a query list
 * through fmemopen; each token is compared with a plain reference
 * tokenizer over the same bytes, and parsed in turn.  A name gets its
 * suggestions, as one that finds nothing does.  Any broken invariant
 * aborts, so the fuzzer keeps the input.
 *
 * Built by make fuzz, with the library; run with a corpus directory:
 *   build-fuzz/fuzz_query tests/fuzz/corpus_query
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "input.h"
#include "portinfo.h"
#include "query.h"
#include "suggest.h"
#include "fuzz.h"

static int
is_separator(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
	    c == '\f' || c == '\r' || c == ',';
}

static int
is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("-_.*+/", c) != NULL;
}

/*
 * The suggestions for name[0..len): at most PI_SUGGEST_MAX, each a
 * name other than the one typed, as text too, with its ports in range.
 */
static void
check_suggestions(const char *name, size_t len)
{
	struct pi_suggestions s;
	struct pi_suggestion_ports p;
	size_t i;

	pi_suggest(&s, name, len, NULL, PI_ALL);
	CHECK(s.n <= PI_SUGGEST_MAX);
	for (i = 0; i < s.n; i++) {
		CHECK(strlen(s.names[i]) > 0 &&
		    strlen(s.names[i]) <= PI_SUGGEST_LONGEST);
		CHECK(s.names[i] == s.text[i]);
		CHECK(strlen(s.names[i]) != len ||
		    strncasecmp(s.names[i], name, len) != 0);
		pi_suggestion_ports(&p, s.names[i], NULL, s.searched);
		CHECK(!p.has_port || (p.port <= p.port_end &&
		    p.port_end <= PI_PORT_MAX));
	}
}

/* What every parse of text[0..len) must satisfy. */
static void
check_query(const char *text, size_t len)
{
	struct query q, again;
	unsigned long long v = 0;
	size_t i;

	query_parse(text, len, &q);
	CHECK(q.protos != 0 && (q.protos & ~(unsigned)PI_PROTO_ANY) == 0);
	switch (q.kind) {
	case QUERY_PORT:
		CHECK(q.error == NULL);
		CHECK(q.lo <= q.hi && q.hi <= PI_PORT_MAX);
		CHECK(len > 0 && len <= QUERY_MAX);
		break;
	case QUERY_NAME:
		CHECK(q.error == NULL);
		CHECK(q.namelen > 0 && q.namelen <= len);
		CHECK(q.name >= text &&
		    (size_t)(q.name - text) <= len - q.namelen);
		for (i = 0; i < q.namelen; i++)
			CHECK(is_name_char((unsigned char)q.name[i]));
		check_suggestions(q.name, q.namelen);
		break;
	case QUERY_INVALID:
		CHECK(q.error != NULL && q.error[0] != '\0');
		CHECK(strchr(q.error, '\n') == NULL);
		CHECK(q.protos == PI_PROTO_ANY);
		break;
	default:
		CHECK(!"unknown kind");
	}
	if (len > QUERY_MAX)
		CHECK(q.kind == QUERY_INVALID);

	/* A short string of digits is a port exactly when it fits. */
	for (i = 0; i < len && i < 12 && text[i] >= '0' && text[i] <= '9';
	    i++)
		v = v * 10 + (unsigned long long)(text[i] - '0');
	if (len > 0 && i == len)
		CHECK(v <= PI_PORT_MAX ? q.kind == QUERY_PORT && q.lo == v &&
		    q.hi == v : q.kind == QUERY_INVALID);

	/* Same bytes, same answer. */
	query_parse(text, len, &again);
	CHECK(again.kind == q.kind && again.lo == q.lo && again.hi == q.hi &&
	    again.name == q.name && again.namelen == q.namelen &&
	    again.protos == q.protos && again.error == q.error);
}

/* A file that holds data[0..size), its descriptor at the start. */
static FILE *
file_of(const uint8_t *data, size_t size)
{
	FILE *fp;

	CHECK((fp = tmpfile()) != NULL);
	CHECK(size == 0 || fwrite(data, 1, size, fp) == size);
	CHECK(fflush(fp) == 0);
	CHECK(lseek(fileno(fp), 0, SEEK_SET) == 0);
	return fp;
}

/* Tokenizes data[0..size) and checks it against the reference. */
static void
check_tokens(const uint8_t *data, size_t size)
{
	static struct input in;
	size_t pos = 0, start, full;
	FILE *fp;
	int r;

	fp = file_of(data, size);
	input_init(&in, fileno(fp));
	/* A byte-order mark that opens the input is no part of it. */
	if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	for (;;) {
		/* The reference: skip separators and whole comments. */
		while (pos < size) {
			if (is_separator(data[pos]))
				pos++;
			else if (data[pos] == '#')
				while (pos < size && data[pos] != '\n' &&
				    data[pos] != '\r')
					pos++;
			else
				break;
		}
		r = input_next(&in);
		CHECK(r != -1);
		if (pos == size) {
			CHECK(r == 0);
			break;
		}
		start = pos;
		while (pos < size && !is_separator(data[pos]))
			pos++;
		full = pos - start;

		CHECK(r == 1);
		CHECK(in.len > 0 && in.len <= QUERY_MAX);
		CHECK(in.full >= in.len);
		CHECK(in.full == full);
		CHECK(in.len == (full < QUERY_MAX ? full : QUERY_MAX));
		CHECK(memcmp(in.text, data + start, in.len) == 0);
		CHECK(in.text[0] != '#');
		check_query(in.text, in.len);
	}
	CHECK(input_next(&in) == 0);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_query((const char *)data, size);
	check_tokens(data, size);
	return 0;
}
