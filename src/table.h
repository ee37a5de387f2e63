/*
 * The registry as mktable generates it (build/table.c): plain arrays of
 * integers and one pool of bytes.  Strings are offsets into the pool,
 * never pointers, so the table needs no relocation when the program is
 * loaded and is paged in only where a lookup touches it.
 */
#ifndef PI_TABLE_H
#define PI_TABLE_H

#include <stdint.h>

struct pi_rec {
	uint32_t name;		/* offsets of NUL-terminated strings in pi_pool */
	uint32_t desc;
	uint32_t ref;
	uint32_t unauth;
	uint16_t lo, hi;	/* port or inclusive range; 0, 0 if none */
	uint8_t proto;		/* one PI_* bit, or 0 */
	uint8_t status;		/* enum pi_status */
	uint8_t has_port;
};

extern const char pi_pool[];

/* Every record, in registry order. */
extern const struct pi_rec pi_recs[];
extern const uint32_t pi_nrecs;

/*
 * The port space cut into segments over which the set of records that
 * cover a port does not change.  Segment k holds ports pi_seg_start[k]
 * to pi_seg_start[k + 1] - 1 (the last one runs to 65535) and is covered
 * by records pi_seg_recs[pi_seg_first[k] .. pi_seg_first[k + 1]), in
 * registry order.  pi_seg_start[0] is 0 and the starts ascend, so a port
 * is found by binary search.
 */
extern const uint16_t pi_seg_start[];
extern const uint32_t pi_seg_first[];	/* pi_nsegs + 1 entries */
extern const uint32_t pi_seg_recs[];
extern const uint32_t pi_nsegs;

/*
 * Indexes of the records that have a name, ordered by name with ASCII
 * case folded, ties in registry order.
 */
extern const uint32_t pi_name_order[];
extern const uint32_t pi_nnames;

/* Newest modification date in the registry, "YYYY-MM-DD" or "". */
extern const char pi_date[];

#endif
