#!/bin/sh
# Runs every test: the unit test programs named as arguments, then each
# end-to-end script tests/e2e_*.sh.  Prints one line per test and a total;
# exits non-zero if anything failed.  A script that exits 77 (lib.sh's
# $SKIPPED) could not run here: it is counted as skipped, not passed.
#
# With JOBS=N (make check -jN sets it), N tests run at a time, each
# taking the next test not yet taken; what each prints is kept and
# shown, in order, once all have run.
#
# The scripts find the program in $PORTINFO and the table compiler in
# $MKTABLE; $RUN, if set, is put before every program run (valgrind).

dir=$(dirname "$0")
out=$(mktemp -d "${TMPDIR:-/tmp}/run.XXXXXX") || exit 2
trap 'rm -rf "$out"' EXIT
trap 'exit 2' HUP INT TERM

# The tests, numbered from 1: $out/N.test names test N.
n=0
for t in "$@" "$dir"/e2e_*.sh; do
	[ -e "$t" ] || continue
	n=$((n + 1))
	printf '%s\n' "$t" >"$out/$n.test"
done

# result N: PASS, FAIL or SKIP, from test N's exit status in N.rc.
result() {
	_rc=$(cat "$out/$1.rc")
	if [ "$_rc" -eq 0 ]; then
		echo PASS
	elif [ "$_rc" -eq 77 ] && [ "$(cat "$out/$1.sh")" = yes ]; then
		echo SKIP
	else
		echo FAIL
	fi
}

# run_test N [&]: runs test N, its exit status kept in N.rc; with "&",
# in the background, its pid kept in N.pid, and waited for.
run_test() {
	_t=$(cat "$out/$1.test")
	case $_t in
	*.sh) echo yes >"$out/$1.sh"; set -- "$1" "${2:-}" sh "$_t" ;;
	*) echo no >"$out/$1.sh"; set -- "$1" "${2:-}" ${RUN:-} "$_t" ;;
	esac
	_n=$1
	if [ "$2" = '&' ]; then
		shift 2
		"$@" &
		echo $! >"$out/$_n.pid"
		wait $!
	else
		shift 2
		"$@"
	fi
	echo $? >"$out/$_n.rc"
	echo "$(result "$_n"): $_t"
}

# A lane runs, in the background, each test that no other lane has
# taken yet; mkdir takes it.
lane() {
	_i=1
	while [ "$_i" -le "$n" ]; do
		mkdir "$out/$_i.taken" 2>/dev/null &&
			run_test "$_i" '&' >"$out/$_i.log" 2>&1
		_i=$((_i + 1))
	done
}

# Stopped, the run stops its lanes and the tests under way.
stop_lanes() {
	kill $lanes 2>/dev/null
	for _p in "$out"/*.pid; do
		[ -e "${_p%.pid}.rc" ] || kill "$(cat "$_p")" 2>/dev/null
	done
}

jobs=${JOBS:-1}
i=1
if [ "$jobs" -gt 1 ] 2>/dev/null; then
	lanes=
	trap 'stop_lanes; exit 2' HUP INT TERM
	while [ "$jobs" -gt 0 ]; do
		lane &
		lanes="$lanes $!"
		jobs=$((jobs - 1))
	done
	wait
	while [ "$i" -le "$n" ]; do
		cat "$out/$i.log"
		i=$((i + 1))
	done
else
	while [ "$i" -le "$n" ]; do
		run_test "$i"
		i=$((i + 1))
	done
fi

passed=0
failed=0
skipped=0
i=1
while [ "$i" -le "$n" ]; do
	case $(result "$i") in
	PASS) passed=$((passed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
	i=$((i + 1))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
