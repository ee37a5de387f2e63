#!/bin/sh
# Runs every test: the unit test programs named as arguments, then each
# end-to-end script tests/e2e_*.sh.  Prints one line per test and a total;
# exits non-zero if anything failed.  A script that exits 77 (lib.sh's
# $SKIPPED) could not run here: it is counted as skipped, not passed.
#
# The scripts find the program in $PORTINFO and the table compiler in
# $MKTABLE; $RUN, if set, is put before every program run (valgrind).

dir=$(dirname "$0")
passed=0
failed=0
skipped=0

for t in "$@" "$dir"/e2e_*.sh; do
	[ -e "$t" ] || continue
	case $t in
	*.sh) set -- sh "$t" ;;
	*) set -- ${RUN:-} "$t" ;;
	esac
	"$@"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS: $t"
	elif [ "$rc" -eq 77 ] && [ "$1" = sh ]; then
		skipped=$((skipped + 1))
		echo "SKIP: $t"
	else
		failed=$((failed + 1))
		echo "FAIL: $t"
	fi
done

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
