/*
 * portinfo: what a port number or a service name means, from IANA's
 * registry and, with PI_COMMON, the common uses and aliases, compiled
 * into one const table.  Nothing here allocates; every string handed
 * out lives as long as the program.
 */
#ifndef PORTINFO_H
#define PORTINFO_H

#include <stddef.h>

#define PI_PORT_MAX 65535u

/* Protocols, a bit each; a record that names none has 0, in every set. */
enum pi_proto {
	PI_TCP = 1u << 0,
	PI_UDP = 1u << 1,
	PI_SCTP = 1u << 2,
	PI_DCCP = 1u << 3
};
#define PI_PROTO_ANY (PI_TCP | PI_UDP | PI_SCTP | PI_DCCP)

/* With a lookup's protocols: the common uses and aliases too. */
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
	const char *name;	/* "well-known", "registered", "dynamic" */
	const char *iana_name;	/* "system", "user", "dynamic/private" */
	unsigned lo, hi;	/* inclusive bounds */
	size_t namelen;		/* strlen(name) */
};

extern const struct pi_class_info pi_classes[PI_DYNAMIC + 1];

/* The class of port (<= PI_PORT_MAX), without a branch to mispredict. */
static inline const struct pi_class_info *
pi_classify(unsigned port)
{
	return &pi_classes[(port > pi_classes[PI_WELL_KNOWN].hi) +
	    (port > pi_classes[PI_REGISTERED].hi)];
}

/* The class called s[0..len) (its name or IANA's), or NULL. */
const struct pi_class_info *pi_class_by_name(const char *s, size_t len);

enum pi_status {
	PI_ASSIGNED,		/* the record names a service */
	PI_RESERVED,		/* nameless, and not called Unassigned */
	PI_UNASSIGNED		/* nameless, and IANA says "Unassigned" */
};

/* Where a record comes from, in the order answers show them. */
enum pi_source {
	PI_SOURCE_IANA,
	PI_SOURCE_COMMON,
	PI_SOURCE_HOST,		/* /etc/services, on request */
	PI_SOURCE_SITE,		/* SYSCONFDIR/portinfo/services.csv */
	PI_SOURCE_USER,		/* $XDG_CONFIG_HOME/portinfo/services.csv */
	PI_SOURCE_FILE		/* --services FILE or PORTINFO_SERVICES */
};

/* "iana", "common", "host", "site", "user", "file". */
const char *pi_source_name(enum pi_source source);

struct pi_entry {
	const char *name;	/* as IANA spells it; "" when nameless */
	const char *description; /* on one line */
	const char *reference;	/* "RFC4251"; several joined by "; " */
	const char *unauthorized; /* "Unauthorized Use Reported" note or "" */
	unsigned proto;		/* one PI_* bit, or 0 when none is named */
	int has_port;		/* 0 for a name-only (DNS-SD) record */
	unsigned port, port_end; /* port_end == port unless a range */
	enum pi_status status;	/* PI_ASSIGNED for a common use */
	enum pi_source source;
	const char *alias;	/* the alias a name lookup matched, or "" */
	size_t index;		/* its row among its source's records */
	int plain;		/* every string is plain text (ascii.h) */
};

/* A lookup in progress, set up by pi_find_*, drained by pi_next. */
struct pi_cursor {
	int kind;
	unsigned protos;
	size_t pos, end, seg;
	unsigned lo, hi;
	const char *key;
	size_t keylen;
};

/*
 * Each lookup finds the records of protos (and PI_COMMON's).
 *
 * Records that cover any port of lo..hi (lo <= hi <= PI_PORT_MAX), each
 * once, by the first port of lo..hi they cover, then IANA's before the
 * common uses, each in its file's order: 6001 finds x11 (6000-6063).
 */
void pi_find_port(struct pi_cursor *c, unsigned lo, unsigned hi,
    unsigned protos);

/*
 * Records whose service name, or normalised name ("escale-newton-dock"
 * for "Escale (Newton Dock)"), is name[0..len), ignoring ASCII case.
 * With PI_COMMON, an alias finds the IANA records it stands for on its
 * own port alone ("x11-1" finds x11 as 6001), and common uses.
 */
void pi_find_name(struct pi_cursor *c, const char *name, size_t len,
    unsigned protos);

/*
 * Records whose name or description contains text[0..len), any case,
 * IANA's in registry order, then the common uses: "" finds every record.
 */
void pi_find_text(struct pi_cursor *c, const char *text, size_t len,
    unsigned protos);

/* Fills *e with the next record and returns 1, or returns 0 when done. */
int pi_next(struct pi_cursor *c, struct pi_entry *e);

/* How many records IANA's registry has. */
size_t pi_record_count(void);

/* The newest date of any record, "YYYY-MM-DD"; "" if none. */
const char *pi_registry_date(void);

#endif
