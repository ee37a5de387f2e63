/*
 * The table of the fields declared in outfield.h.
 */
#include "outfield.h"

const struct field fields[NFIELDS] = {
#define FIELD(name, kind, group, value) \
	{ #name, sizeof(#name) - 1, kind, group },
	FIELDS(FIELD)
#undef FIELD
};
