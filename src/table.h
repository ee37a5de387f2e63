/*
 * The registry as mktable generates it (build/table.c): arrays of
 * integers and one pool of bytes, strings as offsets into it, so that
 * the table needs no relocation and is paged in only where looked at.
 */
#ifndef PI_TABLE_H
#define PI_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "ascii.h"
#include "portinfo.h"

struct pi_rec {
	uint32_t name;		/* offsets of strings in pi_pool */
	uint32_t desc;
	uint32_t ref;
	uint32_t unauth;
	uint16_t lo, hi;	/* port or inclusive range; 0, 0 if none */
	uint8_t proto;		/* one PI_* bit, or 0 */
	uint8_t status;		/* enum pi_status */
	uint8_t has_port;
	uint8_t plain;		/* every string is plain text (ascii.h) */
};

extern const char pi_pool[];

/* IANA's pi_nrecs records in registry order, then pi_ncommon common
   uses in their file's order. */
extern const struct pi_rec pi_recs[];
extern const uint32_t pi_nrecs;
extern const uint32_t pi_ncommon;

/*
 * The port space cut into segments over which the set of records that
 * cover a port does not change.  Segment k holds ports pi_seg_start[k]
 * to pi_seg_start[k + 1] - 1 (the last one to 65535), covered by records
 * pi_seg_recs[pi_seg_first[k] .. pi_seg_first[k + 1]) in index order.
 * pi_seg_of[port] is port's segment: one read, not a binary search.
 */
extern const uint16_t pi_seg_of[];	/* PI_PORT_MAX + 1 entries */
extern const uint16_t pi_seg_start[];
extern const uint32_t pi_seg_first[];	/* pi_nsegs + 1 entries */
extern const uint32_t pi_seg_recs[];
extern const uint32_t pi_nsegs;

/*
 * pi_seg_found[k]: the statuses of the records pi_find_port(port, port,
 * PI_PROTO_ANY | PI_COMMON) finds for a port of segment k, without a
 * walk: bit 1 << st for status st, and PI_NOTED if one of them carries a
 * note of unauthorized use.
 */
#define PI_NOTED (1u << 3)
extern const uint8_t pi_seg_found[];

/*
 * The names records are found by: the name at pool offset pi_name_key[i]
 * finds record pi_name_rec[i]; pi_name_alias[i] is 1 for an alias of
 * IANA's record (pi_naliases of them), which finds it on port
 * pi_name_port[i] alone.  A named record's name is here, and its
 * normalised form where the name has characters a service name cannot
 * hold.  Ordered by pi_fold_cmp, ties in index order.
 */
extern const uint32_t pi_name_key[];
extern const uint32_t pi_name_rec[];
extern const uint8_t pi_name_alias[];
extern const uint16_t pi_name_port[];
extern const uint32_t pi_nnames;

/* The first index of the name index whose name is not below
   name[0..len), ASCII case folded. */
size_t pi_first_name(const char *name, size_t len);
extern const uint32_t pi_naliases;

/* The newest date of any record, "YYYY-MM-DD" (or "YYYY-MM"), or "". */
extern const char pi_date[];

#endif
