# The scaffold of the end-to-end scripts, sourced by each after it sets
# $suite (and checks the variables it needs): a scratch directory $tmp
# removed on exit, failures counted, the closing line, and the helpers
# every script uses.  A script that holds more than files defines
# cleanup() before sourcing.
#
# The programs under test come from the environment: $PORTINFO, the
# program, and $MKTABLE, the table compiler; $RUN, if set, is put before
# every run of either (valgrind).

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$suite.XXXXXX") || exit 2
command -v cleanup >/dev/null 2>&1 || cleanup() { :; }
trap 'cleanup; rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
: >"$tmp/in"

# Checks and failures are counted a line each in files, not in variables,
# so that those made in a subshell count too: a check fed by a pipe
# ("... | check ...") runs in one.
: >"$tmp/checks"
: >"$tmp/failures"

# count_check [N]: N more checks (1 if not given) are made.
count_check() {
	_n=${1:-1}
	while [ "$_n" -gt 0 ]; do
		echo >>"$tmp/checks"
		_n=$((_n - 1))
	done
}

fail() {
	echo >>"$tmp/failures"
	echo "FAIL: $*"
}

# run ARG...: runs "$PORTINFO" ARG... with $tmp/in on standard input:
# output in $tmp/out and $tmp/err, exit status in $rc.  The input is
# used up: the next run reads nothing unless $tmp/in is filled again.
run() {
	${RUN:-} "$PORTINFO" "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	: >"$tmp/in"
}

# check NAME STATUS ARG...: runs the program with ARG... and compares its
# exit status with STATUS and its output with standard input's lines:
# those that begin "2> " are standard error's, the others standard
# output's; $T in them stands for the suite's temporary directory.
check() {
	name=$1
	want=$2
	shift 2
	count_check
	sed "s|\$T|$tmp|g" >"$tmp/want"
	grep -v '^2> ' "$tmp/want" >"$tmp/want.out"
	sed -n 's/^2> //p' "$tmp/want" >"$tmp/want.err"
	run "$@"
	expect_status "$name" "$want"
	same "$name" stdout "$tmp/want.out" "$tmp/out"
	same "$name" stderr "$tmp/want.err" "$tmp/err"
}

# check_run ARG...: run, counted as a check of its own.
check_run() {
	count_check
	run "$@"
}

# run_mktable ARG...: runs "$MKTABLE" ARG...: output in $tmp/stdout and
# $tmp/stderr, exit status in $rc; counted as a check.
run_mktable() {
	count_check
	${RUN:-} "$MKTABLE" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
}

# expect_status NAME STATUS: the last run ($rc) ended with STATUS.
expect_status() {
	[ "$rc" -eq "$2" ] || fail "$1: exit status $rc, expected $2"
}

# same NAME WHAT EXPECTED ACTUAL: files must match; the start of the
# difference is shown.
same() {
	if ! cmp -s "$3" "$4"; then
		fail "$1: $2 differs (-expected +actual):"
		diff -u "$3" "$4" | sed '1,2d; s/^/    /' | cut -c 1-200 |
		    head -20
	fi
}

# --- Peak memory ---------------------------------------------------------
#
# The checks that memory stays the same however long the input compare
# the peak resident memory for two large inputs, 5 MB and 50 MB, so that
# start-up costs are in both and cancel.  Between runs of the same input
# the peak varies by up to about 400 KB on a busy machine: it counts the
# pages of the program file mapped in, and how many of those the kernel
# maps around each page touched depends on what the page cache holds.
# A leak of one byte for every seven items read would add over 1 MB
# across the 45 MB between the two inputs, about 7 million items.  So the
# bound is 1024 KB, well clear of the noise and still far below any leak
# that grows with the input.
#
# The figure means something only for the program as built for use: under
# $RUN (valgrind) it would be the tool's, and under sanitizers
# ($SANITIZERS, set by make check-asan) their allocator, quarantine and
# shadow memory move it by more than the bound from run to run.  Without
# a time(1) that reports it, it cannot be had.

MEMORY_GROWTH_MAX_KB=1024

# Prints why peak memory cannot be measured here, or nothing if it can.
memory_unmeasurable() {
	if [ -n "${RUN:-}" ]; then
		echo "peak memory not measured under $RUN"
	elif [ -n "${SANITIZERS:-}" ]; then
		echo "peak memory not measured with sanitizers ($SANITIZERS)"
	elif ! { [ -x /usr/bin/time ] &&
	    /usr/bin/time -f %M -o "$tmp/rss" true 2>/dev/null &&
	    grep -q '^[0-9][0-9]*$' "$tmp/rss"; }; then
		echo "peak memory not measured (no time -f %M)"
	fi
}

# peak_kb INPUT ARG...: the peak resident memory in KB of the program
# run with ARG... on INPUT, output thrown away.
peak_kb() {
	_in=$1
	shift
	/usr/bin/time -f %M -o "$tmp/rss" "$PORTINFO" "$@" \
	    <"$_in" >/dev/null 2>&1
	tail -n 1 "$tmp/rss"
}

# expect_flat_memory ARG...: the program's peak memory, run with ARG...
# in tsv and in JSON on 5 MB and on 50 MB of what the script's
# make_input SIZE writes to $tmp/in, grows by no more than
# MEMORY_GROWTH_MAX_KB; or a line says why it cannot be measured here.
expect_flat_memory() {
	_why=$(memory_unmeasurable)
	if [ -n "$_why" ]; then
		echo "$suite: $_why"
		return
	fi
	for _format in tsv json; do
		make_input 5000000
		_small=$(peak_kb "$tmp/in" "$@" -f "$_format")
		make_input 50000000
		_big=$(peak_kb "$tmp/in" "$@" -f "$_format")
		count_check
		[ "$_big" -le $((_small + MEMORY_GROWTH_MAX_KB)) ] ||
			fail "memory grows with input ($_format): $_small KB" \
			    "for 5 MB, $_big KB for 50 MB"
	done
	rm -f "$tmp/in"
}

# The exit status of a suite that did not run here, as automake's test
# drivers have it; tests/run.sh counts such a suite as skipped.
SKIPPED=77

# skip WHY...: the suite cannot run here: says why, and ends it skipped.
skip() {
	echo "$suite: skipped: $*"
	exit "$SKIPPED"
}

# Prints "SUITE: [WHAT, ]N checks, M failed"; true if nothing failed.  A
# suite that made no check and found no failure tested nothing: it says
# so and returns $SKIPPED, so that it is not counted as passed.
finish() {
	_checks=$(wc -l <"$tmp/checks")
	_fails=$(wc -l <"$tmp/failures")
	if [ "$_checks" -eq 0 ] && [ "$_fails" -eq 0 ]; then
		echo "$suite: skipped: ${1:+$1, }no checks made"
		return "$SKIPPED"
	fi
	echo "$suite: ${1:+$1, }$((_checks)) checks, $((_fails)) failed"
	[ "$_fails" -eq 0 ]
}
