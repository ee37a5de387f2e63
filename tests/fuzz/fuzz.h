/*
 * What the libFuzzer harnesses share: the check that aborts, so that
 * the fuzzer keeps the input that broke an invariant, and a stream over
 * the input's bytes for the readers that take a FILE.
 */
#ifndef PI_FUZZ_H
#define PI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: broken: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

/*
 * A stream that reads data[0..len), empty included, from a copy put in
 * *copy; free it after fclose.  fmemopen wants a buffer of at least one
 * byte, so an empty input is a one-byte buffer read past at once.
 */
static inline FILE *
fuzz_open(char **copy, const void *data, size_t len)
{
	FILE *fp;

	CHECK((*copy = malloc(len + 1)) != NULL);
	memcpy(*copy, data, len);
	(*copy)[len] = '\0';
	CHECK((fp = fmemopen(*copy, len > 0 ? len : 1, "r")) != NULL);
	if (len == 0)
		(void)getc(fp);
	return fp;
}

#endif
