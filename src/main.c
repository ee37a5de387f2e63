#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portinfo.h"

int
main(int argc, char *argv[])
{
	const struct pi_class_info *cl;
	struct pi_cursor c;
	struct pi_entry e;
	char *end;
	long port;
	int i;

	for (i = 1; i < argc; i++) {
		port = strtol(argv[i], &end, 10);
		if (*argv[i] == '\0' || *end != '\0' || port < 0 ||
		    port > (long)PI_PORT_MAX) {
			pi_find_name(&c, argv[i], strlen(argv[i]),
			    PI_PROTO_ANY);
		} else {
			cl = pi_classify((unsigned)port);
			printf("%ld %s (%s, %u-%u)\n", port, cl->name,
			    cl->iana_name, cl->lo, cl->hi);
			pi_find_port(&c, (unsigned)port, (unsigned)port,
			    PI_PROTO_ANY);
		}
		while (pi_next(&c, &e))
			printf("  %u-%u\t%s\t%s\t%s\t%s\t%s\n", e.port, e.port_end,
			    pi_proto_name(e.proto), e.name, e.description,
			    e.reference, pi_status_name(e.status));
	}
	return 0;
}
