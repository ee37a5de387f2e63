/*
 * A reference for the start-up benchmark: the table's share of
 * `portinfo PORT`.  It makes the system calls portinfo makes when no
 * label file exists (isatty on standard output, one failed open for each
 * default label file, one write) and the table lookup portinfo makes,
 * and nothing else: no options, no answer or record, no formatter, no
 * stdio.  Built like portinfo and linked with its library, which lends
 * it the table and the lookup only, it shows what start-up would cost
 * if the program around the table cost nothing.
 *
 *   lookup PORT
 *
 * It prints the port's range and one line per record, unaligned.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portinfo.h"
#include "sysconfdir.h"

#define LABELS_FILE "/portinfo/services.csv"

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

/* The open of a label file that is not there, as portinfo makes it. */
static void
try_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd != -1)
		close(fd);
}

static void
try_user_file(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char path[LINE_ROOM], *p = path, *end = path + sizeof(path) - 1;

	if (xdg != NULL && xdg[0] == '/')
		p = put(put(p, end, xdg), end, LABELS_FILE);
	else if (home != NULL && home[0] != '\0')
		p = put(put(p, end, home), end, "/.config" LABELS_FILE);
	else
		return;
	*p = '\0';
	try_open(path);
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
	try_open(PI_SYSCONFDIR LABELS_FILE);
	try_user_file();
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
