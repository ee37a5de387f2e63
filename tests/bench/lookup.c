/*
 * A reference for the start-up benchmark: the table's share of
 * `portinfo PORT`.  It makes the system calls portinfo makes when no
 * label file exists (isatty on standard output, one failed open for each
 * default label file, one write) and the table lookup portinfo makes,
 * and nothing else: no options, no answer or record, no formatter, no
 * stdio.  Built like portinfo and linked with its library, which lends
 * it the table, the lookup and the list of label files only, it shows
 * what start-up would cost if the program around the table cost
 * nothing.
 *
 *   lookup PORT
 *
 * It prints the port's range and one line per record, unaligned.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "labels.h"
#include "portinfo.h"

/* A record's line is cut at LINE_ROOM bytes: the output is only a sign. */
enum { LINE_ROOM = 512 };

static char *
put(char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if (n > (size_t)(end - p))
		n = (size_t)(end - p);
	memcpy(p, s, n);
	return p + n;
}

/* The opens of the default label files, which portinfo makes. */
static void
try_label_files(void)
{
	static const struct pi_label_options defaults;
	struct pi_label_file *files;
	size_t i, n;
	int fd;

	if ((files = pi_label_files(&defaults, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		if ((fd = open(files[i].path, O_RDONLY | O_CLOEXEC)) != -1)
			close(fd);
	}
	free(files);
}

int
main(int argc, char *argv[])
{
	char out[LINE_ROOM * 8], *p = out, *end = out + sizeof(out);
	struct pi_cursor c;
	struct pi_entry e;
	unsigned long port;
	char *stop;

	if (argc != 2 || (port = strtoul(argv[1], &stop, 10)) > PI_PORT_MAX ||
	    *stop != '\0')
		return 2;
	(void)isatty(STDOUT_FILENO);
	try_label_files();
	p = put(put(put(p, end, argv[1]), end, "  "), end,
	    pi_classify((unsigned)port)->name);
	pi_find_port(&c, (unsigned)port, (unsigned)port,
	    PI_PROTO_ANY | PI_COMMON);
	while (pi_next(&c, &e) && end - p > LINE_ROOM) {
		p = put(p, end, "\n  ");
		p = put(p, end, pi_proto_name(e.proto));
		p = put(p, end, "  ");
		p = put(p, end, e.name);
		p = put(p, end, "  ");
		p = put(p, end, e.description);
		p = put(p, end, "  ");
		p = put(p, end, e.reference);
	}
	p = put(p, end, "\n");
	return write(STDOUT_FILENO, out, (size_t)(p - out)) == p - out ? 0 : 1;
}
