/*
 * libFuzzer harness for --annotate (annotate.h).
 *
 * The input is read as text through fmemopen and annotated into memory.
 * The output has a line for each line of the input, and nothing a
 * terminal would act on: valid UTF-8 with no control character but the
 * tab, the newline and a CR before it, no C1 control and no bidi
 * control.  A line of printable ASCII and tabs alone comes out as it
 * was, then maybe two or more spaces and "# ...".  Any broken invariant
 * aborts, so the fuzzer keeps the input.
 *
 * Built by make fuzz, with the library; run with a corpus directory:
 *   build-fuzz/fuzz_annotate tests/fuzz/corpus_annotate
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "portinfo.h"
#include "utf8.h"
#include "fuzz.h"

static size_t
lines(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		count += s[i] == '\n';
	return count;
}

/* Nothing a terminal acts on: see the top. */
static void
check_safe(const char *out, size_t n)
{
	const unsigned char *s = (const unsigned char *)out;
	unsigned c;
	size_t i, len;

	for (i = 0; i < n; i += len) {
		len = 1;
		if (s[i] < 0x20 || s[i] == 0x7f) {
			CHECK(s[i] == '\t' || s[i] == '\n' ||
			    (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'));
			continue;
		}
		if (s[i] < 0x80)
			continue;
		CHECK((len = pi_utf8_len(s + i, n - i)) != 0);
		c = len == 2 ? (s[i] & 0x1fu) << 6 | (s[i + 1] & 0x3fu) : 0;
		CHECK(len != 2 || c >= 0xa0);
		CHECK(!(len == 3 && s[i] == 0xe2 && s[i + 1] == 0x80 &&
		    s[i + 2] >= 0xaa && s[i + 2] <= 0xae));
		CHECK(!(len == 3 && s[i] == 0xe2 && s[i + 1] == 0x81 &&
		    s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9));
	}
}

/* Whether in[0..n) is printable ASCII and tabs alone. */
static int
printable(const char *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (in[i] != '\t' && (in[i] < 0x20 || in[i] > 0x7e))
			return 0;
	}
	return 1;
}

/* Each printable line of in is the start of its line of out. */
static void
check_lines(const char *in, size_t nin, const char *out, size_t nout)
{
	const char *ie = in + nin, *oe = out + nout, *il, *ol;
	size_t ilen, olen;

	while (in < ie && out < oe) {
		il = memchr(in, '\n', (size_t)(ie - in));
		ol = memchr(out, '\n', (size_t)(oe - out));
		ilen = il != NULL ? (size_t)(il - in) : (size_t)(ie - in);
		olen = ol != NULL ? (size_t)(ol - out) : (size_t)(oe - out);
		CHECK((il == NULL) == (ol == NULL));
		if (printable(in, ilen)) {
			CHECK(olen >= ilen && memcmp(in, out, ilen) == 0);
			CHECK(olen == ilen || (olen >= ilen + 4 &&
			    memcmp(out + ilen, "  ", 2) == 0));
		}
		in += ilen + (il != NULL);
		out += olen + (ol != NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct annotate an;
	static char buf[4096];
	struct out o;
	char *copy, *out = NULL;
	size_t nout = 0;
	FILE *fin, *fout;

	fin = fuzz_open(&copy, data, size);
	CHECK((fout = open_memstream(&out, &nout)) != NULL);
	out_init(&o, fout, buf, sizeof(buf));
	annotate_init(&an, &o, PI_PROTO_ANY | PI_COMMON, NULL, 0, 1);
	CHECK(annotate_stream(&an, fin) == 0);
	out_flush(&o);
	CHECK(o.err == 0);
	CHECK(fclose(fout) == 0);
	CHECK(lines(out, nout) == lines(copy, size));
	CHECK(an.found || an.result == RESULT_MATCH);
	check_safe(out, nout);
	check_lines(copy, size, out, nout);
	free(out);
	fclose(fin);
	free(copy);
	return 0;
}
