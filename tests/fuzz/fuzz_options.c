/*
 * libFuzzer harness for the command line.
 *
 * The input is split at its NUL bytes into arguments (at most ARGS_MAX)
 * and read by options_parse, which must say something exactly when it
 * reports a usage error, and leave options that hold together, with
 * operands that are words of the input in their order, each of which
 * input_split cuts into the queries between its commas.  Any broken
 * invariant aborts, so the fuzzer keeps the input.
 *
 * Built by make fuzz, with the library; run with a corpus directory:
 *   build-fuzz/fuzz_options tests/fuzz/corpus_options
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "options.h"
#include "portinfo.h"
#include "wait.h"
#include "fuzz.h"

#define ARGS_MAX 16

/* The queries of arg, between its commas, cover all of it but them; an
   argument of commas alone, or empty, is one query, all of it. */
static void
check_split(const char *arg)
{
	size_t len = strlen(arg), pos = 0, n, covered = 0, commas = 0;
	const char *q, *end = arg;

	for (q = arg; *q != '\0'; q++)
		commas += *q == ',';
	if (commas == len) {
		CHECK(input_split(arg, len, &pos, &q, &n) && q == arg &&
		    n == len);
		CHECK(!input_split(arg, len, &pos, &q, &n));
		return;
	}
	while (input_split(arg, len, &pos, &q, &n)) {
		CHECK(n > 0 && q >= end && q + n == arg + pos && pos <= len);
		CHECK(memchr(q, ',', n) == NULL);
		CHECK(q == arg || q[-1] == ',');
		CHECK(pos == len || arg[pos] == ',');
		covered += n;
		end = q + n;
	}
	CHECK(pos == len);
	CHECK(covered + commas == len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[ARGS_MAX + 2], *words[ARGS_MAX + 2], *copy, *p, *end;
	struct options o;
	long told;
	int argc = 0, i, w, rc;
	FILE *err;

	CHECK((copy = malloc(size + 1)) != NULL);
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[argc++] = "portinfo";
	for (p = copy, end = copy + size; p <= end && argc <= ARGS_MAX;
	    p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	memcpy(words, argv, sizeof(argv));
	CHECK((err = tmpfile()) != NULL);
	rc = options_parse(&o, argc, argv, err);
	told = ftell(err);
	fclose(err);
	CHECK(rc == 0 || rc == -1);
	CHECK((rc == -1) == (told > 0));
	CHECK(rc != 0 || o.mode < MODES);
	CHECK(rc != 0 || (o.mode == MODE_COMPLETE) == (o.complete != NULL));
	if (rc == 0 && o.mode < MODE_HELP) {
		CHECK(o.protos != 0 && (o.protos & ~(unsigned)PI_PROTO_ANY) == 0);
		CHECK(o.format <= FMT_JSON);
		CHECK(o.color <= COLOR_NEVER);
		CHECK(o.count <= PI_PORT_MAX + 1);
		CHECK(o.count == 0 || o.mode == MODE_FREE);
		CHECK(o.mode != MODE_ANNOTATE || (o.format == FMT_HUMAN &&
		    !o.all && !o.local));
		CHECK(o.nargs >= 0 && o.nargs < argc);
		CHECK(o.nargs == 0 || o.mode == MODE_QUERY ||
		    o.mode == MODE_WAIT);
		CHECK(o.labels.nfiles == 0 || o.labels.files != NULL);
		/* Each operand is a later word of the input than the last. */
		for (i = 0, w = 1; i < o.nargs; i++, w++) {
			while (w < argc && words[w] != o.args[i])
				w++;
			CHECK(w < argc);
			check_split(o.args[i]);
		}
		CHECK(o.cls == NULL || o.mode == MODE_LIST);
		CHECK(o.search == NULL || o.mode == MODE_SEARCH);
		CHECK(o.search == NULL || o.search[0] != '\0');
		CHECK(o.wait == WAIT_LISTENING ||
		    (o.wait == WAIT_FREE && o.mode == MODE_WAIT));
		CHECK(o.timeout == WAIT_TIMEOUT_DEFAULT_NS ||
		    (o.mode == MODE_WAIT && o.timeout >= 0 &&
		    o.timeout <= WAIT_TIMEOUT_MAX_S * 1000000000LL));
		if (o.mode == MODE_FREE)
			CHECK(o.free_lo <= o.free_hi &&
			    o.free_hi <= PI_PORT_MAX &&
			    (o.protos & o.free_protos & (PI_TCP | PI_UDP)) != 0);
	}
	options_free(&o);
	free(copy);
	return 0;
}
