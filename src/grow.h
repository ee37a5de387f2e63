/* Arrays that grow as items are added. */
#ifndef PI_GROW_H
#define PI_GROW_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * Room for need items of size bytes in v, which has room for *cap (0
 * when v is NULL): v, or v moved to room for 16 items, or twice *cap,
 * doubled until it is enough; NULL with errno ENOMEM and v left as it
 * is.  Room is made even for none, so that v is never NULL after.
 */
static inline void *
grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap != 0 ? *cap : 16;

	if (need <= *cap && *cap != 0)
		return v;
	while (c < need && c <= SIZE_MAX / 2 / size)
		c *= 2;
	if (c < need || (v = realloc(v, c * size)) == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	*cap = c;
	return v;
}

#endif
