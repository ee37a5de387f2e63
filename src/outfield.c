/*
 * The table of the fields declared in outfield.h, and what -o reads.
 */
#include <string.h>

#include "ascii.h"
#include "outfield.h"

const struct field fields[NFIELDS] = {
#define FIELD(name, kind, group, value) \
	{ #name, kind, group },
	FIELDS(FIELD)
#undef FIELD
};

unsigned
outfield_groups(int local, int extract)
{
	if (!local && !extract)
		return FG_REGISTRY;
	return FG_NAMES | (local ? FG_LOCAL : 0) | (extract ? FG_EXTRACT : 0);
}

int
outfield_in(unsigned id, unsigned groups)
{
	return id < NFIELDS && (fields[id].group & groups & ~FG_JOINED) != 0;
}

const char *
outfield_name(unsigned groups, size_t i)
{
	unsigned id;

	for (id = 0; id < NFIELDS; id++)
		if (outfield_in(id, groups) && i-- == 0)
			return fields[id].name;
	return NULL;
}

const char *
outfield_parse(const char *list, unsigned groups, unsigned char ids[NFIELDS],
    size_t *n, int *twice)
{
	const char *s = list;
	size_t len, k = 0;
	unsigned id;

	for (;;) {
		len = strcspn(s, ",");
		for (id = 0; id < NFIELDS &&
		    pi_fold_cmp(s, len, fields[id].name) != 0; id++)
			continue;
		/* Each at most once: no more than NFIELDS. */
		*twice = memchr(ids, (int)id, k) != NULL;
		if (*twice || !outfield_in(id, groups)) {
			*n = len;
			return s;
		}
		ids[k++] = (unsigned char)id;
		if (s[len] == '\0')
			break;
		s += len + 1;
	}
	*n = k;
	return NULL;
}

size_t
outfield_defaults(unsigned groups, unsigned char ids[NFIELDS])
{
	size_t id, n = 0;

	for (id = 0; id < NFIELDS; id++)
		if (outfield_in((unsigned)id, groups) &&
		    !(fields[id].group & FG_JOINED))
			ids[n++] = (unsigned char)id;
	return n;
}

struct field_value
outfield_value(unsigned id, const struct record *r)
{
	const struct record_local *l = r->local;

	switch (id) {
#define FIELD(name, kind, group, value) \
	case F_##name: \
		return value;
	FIELDS(FIELD)
#undef FIELD
	}
	return (struct field_value){ NULL, 0, 0 };
}
