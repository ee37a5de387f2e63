/*
 * libFuzzer harness for --timeout's parser of seconds.
 *
 * The input, up to its first NUL as a command-line word would be, is
 * parsed by wait_timeout_parse and by a plain reference: the same form
 * (digits, then maybe a point and 1 to 9 digits), the same bound, and
 * for what both take, the same nanoseconds.  Any broken invariant
 * aborts, so the fuzzer keeps the input.
 *
 * Built by make fuzz, with the library; run with a corpus directory:
 *   build-fuzz/fuzz_timeout tests/fuzz/corpus_timeout
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wait.h"
#include "fuzz.h"

#define NS 1000000000LL

/* The reference: whole seconds and nanoseconds, or -1. */
static long long
reference(const char *s)
{
	size_t whole = strspn(s, "0123456789"), frac = 0, i;
	long long sec = 0, ns = 0, scale = NS;

	if (whole == 0)
		return -1;
	if (s[whole] == '.') {
		frac = strspn(s + whole + 1, "0123456789");
		if (frac == 0 || frac > 9 || s[whole + 1 + frac] != '\0')
			return -1;
	} else if (s[whole] != '\0')
		return -1;
	/* Leading zeros say nothing; past 7 digits is past the bound. */
	for (i = 0; i < whole && s[i] == '0'; i++)
		continue;
	if (whole - i > 7)
		return -1;
	for (; i < whole; i++)
		sec = sec * 10 + (s[i] - '0');
	for (i = 0; i < frac; i++) {
		scale /= 10;
		ns += (s[whole + 1 + i] - '0') * scale;
	}
	if (sec > WAIT_TIMEOUT_MAX_S || (sec == WAIT_TIMEOUT_MAX_S && ns > 0))
		return -1;
	return sec * NS + ns;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	long long ns = -42, want;
	int rc;

	CHECK((s = malloc(size + 1)) != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	rc = wait_timeout_parse(s, &ns);
	want = reference(s);
	CHECK(rc == 0 || rc == -1);
	if (rc == -1) {
		CHECK(want == -1);
		CHECK(ns == -42);
	} else {
		CHECK(want == ns);
		CHECK(ns >= 0 && ns <= WAIT_TIMEOUT_MAX_S * NS);
	}
	free(s);
	return 0;
}
