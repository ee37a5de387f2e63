/*
 * The registry as mktable generates it (build/table.c): plain arrays of
 * integers and one pool of bytes.  Strings are offsets into the pool,
 * never pointers, so the table needs no relocation when the program is
 * loaded and is paged in only where a lookup touches it.
 */
#ifndef PI_TABLE_H
#define PI_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "ascii.h"
#include "portinfo.h"

struct pi_rec {
	uint32_t name;		/* offsets of NUL-terminated strings in pi_pool */
	uint32_t desc;
	uint32_t ref;
	uint32_t unauth;
	uint16_t lo, hi;	/* port or inclusive range; 0, 0 if none */
	uint8_t proto;		/* one PI_* bit, or 0 */
	uint8_t status;		/* enum pi_status */
	uint8_t has_port;
	uint8_t plain;		/* every string is plain text (plain.h) */
};

extern const char pi_pool[];

/*
 * IANA's records, in registry order, then the common uses, in their
 * file's order: pi_recs[0 .. pi_nrecs) are IANA's and pi_recs[pi_nrecs
 * .. pi_nrecs + pi_ncommon) the common uses, so that a lookup that walks
 * records in index order gives IANA's first.
 */
extern const struct pi_rec pi_recs[];
extern const uint32_t pi_nrecs;
extern const uint32_t pi_ncommon;

/*
 * The port space cut into segments over which the set of records that
 * cover a port does not change.  Segment k holds ports pi_seg_start[k]
 * to pi_seg_start[k + 1] - 1 (the last one runs to 65535) and is covered
 * by records pi_seg_recs[pi_seg_first[k] .. pi_seg_first[k + 1]), in
 * index order (IANA's, then the common uses).  pi_seg_start[0] is 0 and
 * the starts ascend.
 *
 * pi_seg_of[port] is the segment that holds port: one read where a
 * binary search of the starts took a dozen, and a lookup pages in only
 * the 4 KiB of it around the port.  There are at most 65536 segments,
 * one a port, so their indexes fit in 16 bits.
 */
extern const uint16_t pi_seg_of[];	/* PI_PORT_MAX + 1 entries */
extern const uint16_t pi_seg_start[];
extern const uint32_t pi_seg_first[];	/* pi_nsegs + 1 entries */
extern const uint32_t pi_seg_recs[];
extern const uint32_t pi_nsegs;

/*
 * What segment k's records are, noted once here so that a lookup can
 * tell without a walk whether it finds anything: pi_seg_found[k] is the
 * set pi_port_statuses hands back.  pi_nsegs entries.
 */
extern const uint8_t pi_seg_found[];

/*
 * The names records are found by: entry i is the name at pool offset
 * pi_name_key[i], which finds record pi_name_rec[i].  Every named record
 * has its name there, and a name with characters a service name cannot
 * hold ("Apple Remote Desktop (Net Assistant)") has its normalised form
 * too.  pi_name_alias[i] is 1 where the name is an alias of IANA's
 * record (data/aliases.csv), 0 otherwise; pi_naliases counts those.
 * Ordered by name with ASCII case folded, ties in index order.
 */
extern const uint32_t pi_name_key[];
extern const uint32_t pi_name_rec[];
extern const uint8_t pi_name_alias[];
extern const uint32_t pi_nnames;
extern const uint32_t pi_naliases;

/*
 * The registry's date: the newest registration or modification date of
 * any record, "YYYY-MM-DD" (or "YYYY-MM"), or "" when the file has no
 * date columns or no dates.
 */
extern const char pi_date[];

/*
 * Service names compare with ASCII case folded (RFC 6335, section 5.1).
 * mktable sorts the name index and the library searches it with this one
 * function, so the two cannot disagree.  Compares s[0..len) with the C
 * string t.
 */
static inline int
pi_fold_cmp(const char *s, size_t len, const char *t)
{
	size_t i;

	for (i = 0; i < len && t[i] != '\0'; i++) {
		int a = pi_ascii_lower((unsigned char)s[i]);
		int b = pi_ascii_lower((unsigned char)t[i]);

		if (a != b)
			return a - b;
	}
	return (i < len) - (t[i] != '\0');
}

/*
 * Text search (-s), in the registry and in label files alike: whether
 * the C string hay contains needle[0..len), ignoring ASCII case.
 */
static inline int
pi_fold_contains(const char *hay, const char *needle, size_t len)
{
	size_t i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < len && hay[i] != '\0'; i++) {
			if (pi_ascii_lower((unsigned char)hay[i]) !=
			    pi_ascii_lower((unsigned char)needle[i]))
				break;
		}
		if (i == len)
			return 1;
	}
	return len == 0;
}

#endif
