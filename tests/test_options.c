/* The command line: option values, modes and their operands, usage errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "options.h"

#define ARGS_MAX 16

static struct options o;
static char said[1024];		/* what the last parse wrote to err */

/*
 * Parses the NULL-terminated arguments after "portinfo" and returns
 * what options_parse did, 0 or -1; what it said is left in said.  The
 * arguments are static: o.args points into them.
 */
static int
parse(const char *arg, ...)
{
	static char buf[ARGS_MAX][256];
	static char *argv[ARGS_MAX + 1];
	int action;
	va_list ap;
	size_t n;
	int argc = 0;
	FILE *err;

	argv[argc++] = strcpy(buf[0], "portinfo");
	va_start(ap, arg);
	for (; arg != NULL; arg = va_arg(ap, const char *)) {
		assert_true(argc < ARGS_MAX && strlen(arg) < sizeof(buf[0]));
		argv[argc] = strcpy(buf[argc], arg);
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	err = tmpfile();
	assert_non_null(err);
	options_free(&o);
	action = options_parse(&o, argc, argv, err);
	rewind(err);
	n = fread(said, 1, sizeof(said) - 1, err);
	said[n] = '\0';
	fclose(err);
	return action;
}

#define PARSE(...) parse(__VA_ARGS__, (const char *)NULL)

/* The arguments are read, and ask for mode. */
#define RUNS(m, ...) do { \
	assert_int_equal(PARSE(__VA_ARGS__), 0); \
	assert_int_equal(o.mode, m); \
} while (0)

/*
 * The arguments are a usage error, told in one line, then the line that
 * points to --help.
 */
#define USAGE(line, ...) do { \
	assert_int_equal(PARSE(__VA_ARGS__), -1); \
	assert_string_equal(said, line "\nTry 'portinfo --help'.\n"); \
} while (0)

static void
test_defaults(void **state)
{
	(void)state;
	assert_int_equal(PARSE("22"), 0);
	assert_string_equal(said, "");
	assert_int_equal(o.mode, MODE_QUERY);
	assert_int_equal(o.protos, PI_PROTO_ANY);
	assert_int_equal(o.format, FMT_HUMAN);
	assert_int_equal(o.header, 1);
	assert_int_equal(o.color, COLOR_AUTO);
	assert_int_equal(o.quiet, 0);
	assert_int_equal(o.all, 0);
	assert_int_equal(o.iana, 0);
	assert_int_equal(o.local, 0);
	assert_int_equal(o.count, 0);
	assert_int_equal(o.nargs, 1);
	assert_string_equal(o.args[0], "22");
}

static void
test_values(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-f", "json", "-p", "tcp,udp", "-aHqL",
	    "--color=never", "22", "ssh"), 0);
	assert_int_equal(o.format, FMT_JSON);
	assert_int_equal(o.protos, PI_TCP | PI_UDP);
	assert_int_equal(o.header, 0);
	assert_int_equal(o.all, 1);
	assert_int_equal(o.quiet, 1);
	assert_int_equal(o.local, 1);
	assert_int_equal(o.color, COLOR_NEVER);
	assert_int_equal(o.nargs, 2);
	assert_int_equal(PARSE("--color", "22"), 0);
	assert_int_equal(o.color, COLOR_ALWAYS);
	assert_int_equal(o.nargs, 1);
	/* A repeated option overrides what came before. */
	assert_int_equal(PARSE("-f", "csv", "-f", "tsv", "-p", "tcp", "-p",
	    "sctp", "22"), 0);
	assert_int_equal(o.format, FMT_TSV);
	assert_int_equal(o.protos, PI_SCTP);
}

/* --iana asks for IANA's registry alone, in every lookup mode. */
static void
test_iana(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--iana", "22"), 0);
	assert_int_equal(o.iana, 1);
	assert_int_equal(o.mode, MODE_QUERY);
	assert_int_equal(PARSE("--ian", "-s", "ssh"), 0);
	assert_int_equal(o.iana, 1);
	assert_int_equal(o.mode, MODE_SEARCH);
	assert_int_equal(PARSE("-l", "--iana"), 0);
	assert_int_equal(o.iana, 1);
	USAGE("portinfo: --iana=x: option takes no argument", "--iana=x");
	/* No label file is read, /etc/services neither, in either order. */
	assert_int_equal(PARSE("--iana", "--etc-services", "22"), 0);
	assert_int_equal(o.labels.none, 1);
	assert_int_equal(o.labels.host, 0);
	assert_int_equal(PARSE("--etc-services", "--iana", "22"), 0);
	assert_int_equal(o.labels.host, 0);
	assert_int_equal(PARSE("--no-labels", "--etc-services", "22"), 0);
	assert_int_equal(o.labels.host, 1);
}

/* Values are read ignoring case, as service names are. */
static void
test_value_case(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-f", "JSON", "-p", "UDP,Tcp", "--color=NEVER",
	    "22"), 0);
	assert_int_equal(o.format, FMT_JSON);
	assert_int_equal(o.protos, PI_TCP | PI_UDP);
	assert_int_equal(o.color, COLOR_NEVER);
	assert_int_equal(PARSE("-l", "Registered"), 0);
	assert_int_equal(o.cls - pi_classes, PI_REGISTERED);
	assert_int_equal(PARSE("--free", "DYNAMIC/UDP"), 0);
	assert_int_equal(o.free_lo, 49152);
	assert_int_equal(o.free_protos, PI_UDP);
}

/* A bare --color takes a choice that follows as its own argument. */
static void
test_color_apart(void **state)
{
	(void)state;
	assert_int_equal(PARSE("--color", "never", "22"), 0);
	assert_int_equal(o.color, COLOR_NEVER);
	assert_int_equal(o.nargs, 1);
	assert_string_equal(o.args[0], "22");
	assert_int_equal(PARSE("22", "--colour", "Auto", "80"), 0);
	assert_int_equal(o.color, COLOR_AUTO);
	assert_int_equal(o.nargs, 2);
	assert_string_equal(o.args[0], "22");
	assert_string_equal(o.args[1], "80");
	assert_int_equal(PARSE("--col=never", "22"), 0);
	assert_int_equal(o.color, COLOR_NEVER);
	/* Not a class for -l. */
	assert_int_equal(PARSE("-l", "--color", "always"), 0);
	assert_int_equal(o.color, COLOR_ALWAYS);
	assert_null(o.cls);
	/* Each bare --color takes its own; the last one counts. */
	assert_int_equal(PARSE("--color", "never", "22", "--color", "80"),
	    0);
	assert_int_equal(o.color, COLOR_ALWAYS);
	assert_int_equal(o.nargs, 2);
	assert_string_equal(o.args[0], "22");
	assert_string_equal(o.args[1], "80");
	/* An empty operand is a query still. */
	assert_int_equal(PARSE("--color", "", "never"), 0);
	assert_int_equal(o.color, COLOR_ALWAYS);
	assert_int_equal(o.nargs, 2);
	assert_string_equal(o.args[0], "");
	/* After "--", an operand. */
	assert_int_equal(PARSE("--color", "--", "never"), 0);
	assert_int_equal(o.color, COLOR_ALWAYS);
	assert_int_equal(o.nargs, 1);
}

static void
test_modes(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-s", "ssh"), 0);
	assert_int_equal(o.mode, MODE_SEARCH);
	assert_string_equal(o.search, "ssh");
	assert_int_equal(o.nargs, 0);
	assert_int_equal(PARSE("-l"), 0);
	assert_int_equal(o.mode, MODE_LIST);
	assert_null(o.cls);
	assert_int_equal(PARSE("--listening"), 0);
	assert_int_equal(o.mode, MODE_LISTENING);
	assert_int_equal(o.local, 1);
	assert_int_equal(PARSE("--free"), 0);
	assert_int_equal(o.mode, MODE_FREE);
	assert_int_equal(o.free_lo, 1024);
	assert_int_equal(o.free_hi, 49151);
	assert_int_equal(PARSE("--free=8000-9000/udp", "-n", "3"), 0);
	assert_int_equal(o.free_lo, 8000);
	assert_int_equal(o.free_hi, 9000);
	assert_int_equal(o.free_protos, PI_UDP);
	assert_int_equal(o.count, 3);
	assert_int_equal(PARSE("-L", "-l", "well-known"), 0);
	assert_int_equal(o.mode, MODE_LIST);
	assert_int_equal(o.local, 1);
	assert_non_null(o.cls);
	assert_int_equal(o.cls - pi_classes, PI_WELL_KNOWN);
	assert_int_equal(PARSE("-x"), 0);
	assert_int_equal(o.mode, MODE_EXTRACT);
	assert_int_equal(o.local, 0);
	assert_int_equal(o.nargs, 0);
	assert_int_equal(PARSE("--extract", "-L", "-a", "-p", "tcp", "-f",
	    "json"), 0);
	assert_int_equal(o.mode, MODE_EXTRACT);
	assert_int_equal(o.local, 1);
	assert_int_equal(o.protos, PI_TCP);
	assert_int_equal(PARSE("--ex", "-q"), 0);
	assert_int_equal(o.mode, MODE_EXTRACT);
	/* --annotate implies -x; it writes human output, without -a or -L. */
	RUNS(MODE_ANNOTATE, "--annotate");
	RUNS(MODE_ANNOTATE, "-x", "--annotate", "-p", "tcp", "-f", "human");
	assert_int_equal(PARSE("--annotate", "-f", "json"), -1);
	assert_int_equal(PARSE("--annotate", "-a"), -1);
	assert_int_equal(PARSE("--annotate", "-L"), -1);
	assert_int_equal(PARSE("--annotate", "22"), -1);
}

/* -l's class and --free's range are operands, taken after the options. */
static void
test_mode_operands(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-l", "-p", "tcp", "registered"), 0);
	assert_int_equal(o.mode, MODE_LIST);
	assert_int_equal(o.cls - pi_classes, PI_REGISTERED);
	assert_int_equal(o.protos, PI_TCP);
	assert_int_equal(PARSE("-ldynamic"), 0);
	assert_int_equal(o.cls - pi_classes, PI_DYNAMIC);
	assert_int_equal(PARSE("-l", "well-known", "-l", "dynamic"),
	    0);
	assert_int_equal(o.cls - pi_classes, PI_DYNAMIC);
	assert_int_equal(PARSE("-n", "2", "--free", "8000"), 0);
	assert_int_equal(o.free_lo, 8000);
	assert_int_equal(o.free_hi, 8000);
	assert_int_equal(PARSE("--free", "--", "8000-8001"), 0);
	assert_int_equal(o.free_hi, 8001);
	/* The last --free counts. */
	assert_int_equal(PARSE("--free", "1", "--free", "8000-9000/udp"),
	    0);
	assert_int_equal(o.free_lo, 8000);
	assert_int_equal(o.free_protos, PI_UDP);
	assert_int_equal(o.nargs, 0);
	assert_int_equal(PARSE("--free", "1", "--free=2"), 0);
	assert_int_equal(o.free_lo, 2);
	assert_int_equal(PARSE("--free=2", "--free", "3"), 0);
	assert_int_equal(o.free_lo, 3);
	assert_int_equal(PARSE("--free=2", "--free"), 0);
	assert_int_equal(o.free_lo, 1024);
	assert_int_equal(PARSE("--free", "dynamic/private/tcp"), 0);
	assert_int_equal(o.free_lo, 49152);
	assert_int_equal(o.free_hi, 65535);
	assert_int_equal(o.free_protos, PI_TCP);
	assert_int_equal(PARSE("--free", "dynamic/private"), 0);
	assert_int_equal(o.free_protos, PI_PROTO_ANY);
}

static void
test_help_and_version(void **state)
{
	(void)state;
	RUNS(MODE_HELP, "-h");
	RUNS(MODE_HELP, "--help", "-y");
	RUNS(MODE_VERSION, "-V", "22");
	RUNS(MODE_VERSION, "-f", "tsv", "--version", "--help");
	assert_string_equal(said, "");
	/* What comes before is read first. */
	USAGE("portinfo: -y: unknown option", "-y", "-h");
}

/*
 * --complete takes options, names, or the long name of an option with a
 * value, and ends the reading as -h does.
 */
static void
test_complete(void **state)
{
	(void)state;
	RUNS(MODE_COMPLETE, "--complete", "options");
	assert_string_equal(o.complete, "options");
	RUNS(MODE_COMPLETE, "--services", "a.csv", "--complete=names", "-y");
	assert_string_equal(o.complete, "names");
	assert_int_equal(o.labels.nfiles, 1);
	RUNS(MODE_COMPLETE, "--complete=format");
	RUNS(MODE_COMPLETE, "--comp", "colour");
	USAGE("portinfo: all: unknown kind (options, names, or an option that "
	    "takes a value)", "--complete=all");
	USAGE("portinfo: FORMAT: unknown kind (options, names, or an option "
	    "that takes a value)", "--complete", "FORMAT");
	USAGE("portinfo: --complete: option needs an argument", "--complete");
}

static void
test_usage_errors(void **state)
{
	(void)state;
	USAGE("portinfo: -y: unknown option", "-y", "22");
	USAGE("portinfo: --bogus: unknown option", "22", "--bogus");
	USAGE("portinfo: --help=yes: option takes no argument", "--help=yes");
	USAGE("portinfo: -f: option needs an argument", "22", "-f");
	USAGE("portinfo: xml: unknown format (human, tsv, csv, json)",
	    "-f", "xml", "22");
	USAGE("portinfo: sometimes: unknown colour choice (auto, always, "
	    "never)", "--color=sometimes", "22");
	USAGE("portinfo: -s needs a text to search for", "-s", "");
	USAGE("portinfo: 0: not a count (1-65536)", "--free", "-n", "0");
	USAGE("portinfo: 65537: not a count (1-65536)", "--free", "-n",
	    "65537");
	USAGE("portinfo: ssh: not a port range (such as 8000-9000)",
	    "--free", "ssh");
	USAGE("portinfo: foo: unknown protocol (tcp, udp, sctp, dccp)", "-p",
	    "tcp,foo,udp", "22");
	USAGE("portinfo: '': unknown protocol (tcp, udp, sctp, dccp)", "-p",
	    "tcp,,udp", "22");
	USAGE("portinfo: foo: unknown class (well-known, registered, dynamic)",
	    "-l", "foo");
	USAGE("portinfo: 22: unknown class (well-known, registered, dynamic)",
	    "-l", "22");
	USAGE("portinfo: --li: ambiguous option (--list, --listening)", "--li");
	USAGE("portinfo: --li: ambiguous option (--list, --listening)",
	    "--li=x");
	USAGE("portinfo: --co: ambiguous option (--color, --count, --complete)",
	    "--co");
	USAGE("portinfo: --x: unknown option", "--x");
	USAGE("portinfo: --=x: unknown option", "--=x");
	USAGE("portinfo: -f: option needs an argument", "22", "-qf");
	USAGE("portinfo: -Z: unknown option", "-aZ", "22");
	USAGE("portinfo: JSONL: unknown format (human, tsv, csv, json)", "-f",
	    "JSONL");
}

/*
 * A long option with one dash, its name or the start of one name only,
 * is said to be one, not read as letters ("-s ockets", "-l ist"); the
 * letters that mean what they say are read as ever.
 */
static void
test_dashed_long(void **state)
{
	(void)state;
	USAGE("portinfo: -sockets: did you mean --sockets?", "-sockets");
	USAGE("portinfo: -list: did you mean --list?", "-list");
	USAGE("portinfo: -listening: did you mean --listening?", "-listening");
	USAGE("portinfo: -free: did you mean --free?", "-free");
	USAGE("portinfo: -annotate: did you mean --annotate?", "-annotate");
	USAGE("portinfo: -all: did you mean --all?", "-all", "22");
	USAGE("portinfo: -search: did you mean --search?", "-search", "ssh");
	USAGE("portinfo: -sock: did you mean --sockets?", "-sock");
	USAGE("portinfo: -colo: did you mean --color?", "-colo");
	USAGE("portinfo: -format=json: did you mean --format?",
	    "-format=json", "22");
	USAGE("portinfo: -help: did you mean --help?", "-help");
	/* Read as letters: too short, several names, or none. */
	RUNS(MODE_SEARCH, "-so");
	assert_string_equal(o.search, "o");
	RUNS(MODE_LIST, "-al");
	assert_int_equal(o.all, 1);
	USAGE("portinfo: is: unknown class (well-known, registered, dynamic)",
	    "-lis");
	RUNS(MODE_SEARCH, "-sfoo");
	assert_string_equal(o.search, "foo");
	RUNS(MODE_SEARCH, "-s", "ockets");
	assert_string_equal(o.search, "ockets");
	RUNS(MODE_QUERY, "-pTCP", "-fjson", "-aHq", "22");
	assert_int_equal(o.format, FMT_JSON);
	RUNS(MODE_FREE, "-n5", "--free");
	assert_int_equal(o.count, 5);
	RUNS(MODE_LIST, "-lwell-known");
	assert_non_null(o.cls);
	RUNS(MODE_QUERY, "--", "-sockets");
	assert_string_equal(o.args[0], "-sockets");
}

/* One rule says which options go with which mode. */
static void
test_combinations(void **state)
{
	(void)state;
	USAGE("portinfo: -n goes with --free only", "-n", "3", "22");
	USAGE("portinfo: -n goes with --free only", "-n", "3", "-l");
	USAGE("portinfo: -L cannot be used with --free", "--free", "-L");
	USAGE("portinfo: -a cannot be used with --free", "-a", "--free");
	USAGE("portinfo: -s cannot be used with --free", "-s", "x", "--free");
	USAGE("portinfo: -l cannot be used with --listening", "--listening",
	    "-l");
	USAGE("portinfo: -s cannot be used with -l", "-s", "x", "-l");
	USAGE("portinfo: 22: a query cannot be given with -s", "-s", "x",
	    "22");
	USAGE("portinfo: 9000: a query cannot be given with --free",
	    "--free", "8000", "9000");
	USAGE("portinfo: 22: a query cannot be given with --listening",
	    "--listening", "22");
	USAGE("portinfo: --free finds tcp and udp ports only", "--free", "-p",
	    "sctp");
	USAGE("portinfo: --listening shows tcp and udp ports only",
	    "--listening", "-p", "sctp");
	USAGE("portinfo: the protocols of -p and of --free's range do not "
	    "overlap", "-p", "tcp", "--free", "8000-9000/udp");
	USAGE("portinfo: --free finds tcp and udp ports only", "-p", "sctp,tcp",
	    "--free", "dynamic/sctp");
	USAGE("portinfo: 22: a query cannot be given with -l", "-l",
	    "dynamic", "22");
	USAGE("portinfo: 22: a query cannot be given with -x, which reads "
	    "standard input", "-x", "22");
	USAGE("portinfo: -: a query cannot be given with -x, which reads "
	    "standard input", "-x", "-");
	USAGE("portinfo: -l cannot be used with -x", "-l", "-x");
	USAGE("portinfo: -s cannot be used with -x", "-x", "-s", "ssh");
	USAGE("portinfo: --listening cannot be used with -x", "--listening",
	    "-x");
	USAGE("portinfo: --free cannot be used with -x", "--free", "-x");
	USAGE("portinfo: -o cannot be used with --wait", "--wait", "free",
	    "-o", "port", "22");
	USAGE("portinfo: -a cannot be used with --wait", "--wait", "free",
	    "-a", "22");
	USAGE("portinfo: --wait writes the human format only", "--wait",
	    "free", "-f", "json", "22");
	USAGE("portinfo: -n goes with --free only", "-x", "-n", "2");
	assert_int_equal(PARSE("--listening", "-L", "-a"), 0);
	assert_int_equal(PARSE("-s", "x", "-L"), 0);
}

/* -o: the fields of the records the mode prints, in the order given. */
static void
test_fields(void **state)
{
	(void)state;
	RUNS(MODE_LISTENING, "--listening", "-o", "port,PIDS", "-f", "tsv");
	assert_int_equal(o.nids, 2);
	assert_int_equal(o.ids[0], F_port);
	assert_int_equal(o.ids[1], F_pids);
	RUNS(MODE_QUERY, "-o", "service,port,status", "22");
	assert_int_equal(o.nids, 3);
	assert_int_equal(o.ids[2], F_status);
	/* Each once: a JSON object has one member of a name. */
	USAGE("portinfo: Service: field given twice", "-o",
	    "service,port,Service", "22");
	RUNS(MODE_EXTRACT, "-x", "-o", "line,services");
	assert_int_equal(o.nids, 2);
	RUNS(MODE_QUERY, "-v", "22");
	assert_true(o.verbose);
	/* Another mode's field is none of these records'. */
	assert_int_equal(PARSE("-o", "pids", "22"), -1);
	assert_non_null(strstr(said, "portinfo: pids: unknown field (query, "
	    "port, port_end, range, protocol, service, description, "
	    "reference, status, error, unauthorized, suggestions)\n"));
	assert_int_equal(PARSE("-L", "-o", "port,bogus", "22"), -1);
	assert_non_null(strstr(said, "portinfo: bogus: unknown field (query, "
	    "port, "));
	assert_non_null(strstr(said, ", pids, commands, process, forward, "));
	assert_int_equal(PARSE("-o", "port,", "22"), -1);
	assert_non_null(strstr(said, "portinfo: '': unknown field ("));
	/* --free's records: a port, its protocol and its range. */
	RUNS(MODE_FREE, "--free", "-o", "range,PORT,protocol");
	assert_int_equal(o.nids, 3);
	assert_int_equal(o.ids[0], F_range);
	assert_int_equal(o.ids[1], F_port);
	assert_int_equal(o.ids[2], F_protocol);
	USAGE("portinfo: status: unknown field (port, range, protocol)",
	    "--free", "-o", "port,status");
	USAGE("portinfo: services: unknown field (port, range, protocol)",
	    "--free", "-o", "services");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_iana),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_value_case),
		cmocka_unit_test(test_color_apart),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_mode_operands),
		cmocka_unit_test(test_help_and_version),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_dashed_long),
		cmocka_unit_test(test_combinations),
		cmocka_unit_test(test_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
