/*
 * portinfo: what a port number or a service name means, answered from a
 * copy of IANA's "Service Name and Transport Protocol Port Number Registry"
 * compiled into the library, and, when asked (PI_COMMON), from the ports
 * that software uses by default beyond IANA's assignments and the names
 * people type for IANA's services (data/common-uses.csv and
 * data/aliases.csv, compiled into the same table).
 *
 * The table is const and every lookup works in place: nothing here
 * allocates, and every string handed out lives as long as the program.
 */
#ifndef PORTINFO_H
#define PORTINFO_H

#include <stddef.h>

#define PI_PORT_MAX 65535u

/*
 * Transport protocols, one bit each so that a set of them is an unsigned
 * int.  A registry record that names no protocol has proto 0 and matches
 * every set.
 */
enum pi_proto {
	PI_TCP = 1u << 0,
	PI_UDP = 1u << 1,
	PI_SCTP = 1u << 2,
	PI_DCCP = 1u << 3
};
#define PI_PROTO_ANY (PI_TCP | PI_UDP | PI_SCTP | PI_DCCP)

/*
 * Given with the protocols of a lookup, PI_COMMON also finds the common
 * uses and the aliases.  Without it a lookup answers from IANA's
 * registry alone, exactly as a registry without those files would.
 */
#define PI_COMMON (1u << 8)

/* "tcp", "udp", "sctp", "dccp" for one bit; "" for 0 or a set. */
const char *pi_proto_name(unsigned proto);

/* The bit named by s[0..len), case-insensitively; 0 if none is. */
unsigned pi_proto_parse(const char *s, size_t len);

/* The three port ranges of RFC 6335, section 6. */
enum pi_class {
	PI_WELL_KNOWN,		/* 0-1023, IANA's "system" ports */
	PI_REGISTERED,		/* 1024-49151, IANA's "user" ports */
	PI_DYNAMIC		/* 49152-65535, "dynamic/private" */
};

struct pi_class_info {
	enum pi_class id;
	const char *name;	/* "well-known", "registered", "dynamic" */
	const char *iana_name;	/* "system", "user", "dynamic/private" */
	unsigned lo, hi;	/* inclusive bounds */
	size_t namelen;		/* strlen(name) */
};

/* The class of a port; port must be at most PI_PORT_MAX. */
const struct pi_class_info *pi_classify(unsigned port);

/* The class called s[0..len) (its name or IANA's), or NULL. */
const struct pi_class_info *pi_class_by_name(const char *s, size_t len);

/*
 * Decided by the table compiler, by the rule of the man page's DATA
 * section, never from the text at run time.
 */
enum pi_status {
	PI_ASSIGNED,		/* the record names a service */
	PI_RESERVED,		/* nameless, and not called Unassigned:
				   Reserved, De-registered, Removed,
				   "any private mail system", ... */
	PI_UNASSIGNED		/* nameless, and IANA says "Unassigned" */
};
#define PI_STATUSES 3		/* how many statuses there are */

/*
 * Where a record comes from, in the order answers show them.  IANA's
 * registry is the authority; a common use is a port that some software
 * uses by default, assigned to it by IANA or not, with the software's
 * own documentation as its reference; the labels (labels.h) are read at
 * run time: the host's /etc/services, the site's file, the user's file,
 * files named explicitly.  A lookup gives IANA's records first, never
 * another source's in their place; sorting by source is the rule of
 * order.
 */
enum pi_source {
	PI_SOURCE_IANA,		/* the registry compiled in */
	PI_SOURCE_COMMON,	/* the common uses compiled in */
	PI_SOURCE_HOST,		/* the host's /etc/services, on request */
	PI_SOURCE_SITE,		/* SYSCONFDIR/portinfo/services.csv */
	PI_SOURCE_USER,		/* $XDG_CONFIG_HOME/portinfo/services.csv */
	PI_SOURCE_FILE		/* --services FILE or PORTINFO_SERVICES */
};

/* "iana", "common", "host", "site", "user", "file". */
const char *pi_source_name(enum pi_source source);

/* One record, as pi_next hands it out. */
struct pi_entry {
	const char *name;	/* as IANA spells it, spaces and all in
				   older registries; "" when nameless */
	const char *description; /* on one line */
	const char *reference;	/* "RFC4251"; several joined by "; ";
				   "" */
	const char *unauthorized; /* "Unauthorized Use Reported" note or "" */
	unsigned proto;		/* one PI_* bit, or 0 when none is named */
	int has_port;		/* 0 for a name-only (DNS-SD) record */
	unsigned port, port_end; /* port_end == port unless a range */
	enum pi_status status;	/* a common use's is PI_ASSIGNED: it
				   names a service, though not IANA's */
	enum pi_source source;
	const char *alias;	/* the name a name lookup matched when it
				   is an alias of this IANA record ("smtps"
				   for submissions); "" otherwise */
	size_t index;		/* position among its source's records,
				   from 0: its row in that file */
	int plain;		/* name, description, reference and
				   unauthorized hold only printable ASCII
				   other than \ " and ",": text that no
				   output format escapes or quotes */
};

/*
 * A lookup in progress.  Set up by one of the pi_find_* calls, then
 * drained by pi_next.  The fields are private to the library.
 */
struct pi_cursor {
	int kind;
	unsigned protos;
	size_t pos, end, seg;
	unsigned lo, hi;
	const char *key;
	size_t keylen;
};

/*
 * Each lookup takes a set of protocols, protos: a record of another
 * protocol is left out.  With PI_COMMON in the set, the common uses and
 * the aliases are found too.
 *
 * Records that cover any port of lo..hi (lo <= hi <= PI_PORT_MAX), each
 * once, in order of the first port of lo..hi they cover, then IANA's in
 * registry order, then the common uses in their file's order.  With
 * lo == hi this is every record for one port, ranges included: 6001
 * finds x11 (6000-6063).
 */
void pi_find_port(struct pi_cursor *c, unsigned lo, unsigned hi,
    unsigned protos);

/*
 * Records whose service name is name[0..len), ignoring ASCII case; a name
 * that holds characters a service name cannot ("Escale (Newton Dock)")
 * is also found by its normalised form ("escale-newton-dock").  With
 * PI_COMMON, an alias finds the IANA records it stands for, each with
 * the alias in its entry, and a common use is found by its name; IANA's
 * records come first.
 */
void pi_find_name(struct pi_cursor *c, const char *name, size_t len,
    unsigned protos);

/*
 * Records whose name or description contains text[0..len), ignoring
 * ASCII case: IANA's in registry order, then the common uses.
 */
void pi_find_text(struct pi_cursor *c, const char *text, size_t len,
    unsigned protos);

/* Every record: IANA's in registry order, then the common uses. */
void pi_find_all(struct pi_cursor *c, unsigned protos);

/* Fills *e with the next record and returns 1, or returns 0 when done. */
int pi_next(struct pi_cursor *c, struct pi_entry *e);

/*
 * The statuses of the records that a lookup of port for every protocol
 * and the common uses would find (pi_find_port with PI_PROTO_ANY |
 * PI_COMMON), as a set: bit 1 << st for status st; and PI_NOTED if one
 * of them carries a note of unauthorized use.  An answer without a walk,
 * from facts the table compiler noted for each run of ports.
 */
#define PI_NOTED (1u << PI_STATUSES)
unsigned pi_port_statuses(unsigned port);

/* Number of records in IANA's registry. */
size_t pi_record_count(void);

/* Number of common uses, and of aliases (an alias of n records is n). */
size_t pi_common_count(void);
size_t pi_alias_count(void);

/*
 * The registry's date: the newest registration or modification date of
 * any record, "YYYY-MM-DD"; "" when the registry has no dates.
 */
const char *pi_registry_date(void);

#endif
