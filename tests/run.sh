#!/bin/sh
# Runs every test: the unit test programs named as arguments, then each
# end-to-end script tests/e2e_*.sh.  Prints one line per test and a total;
# exits non-zero if anything failed.
#
# The scripts find the program in $PORTINFO and the table compiler in
# $MKTABLE; $RUN, if set, is put before every program run (valgrind).

dir=$(dirname "$0")
passed=0
failed=0

for t in "$@" "$dir"/e2e_*.sh; do
	[ -e "$t" ] || continue
	case $t in
	*.sh) set -- sh "$t" ;;
	*) set -- ${RUN:-} "$t" ;;
	esac
	if "$@"; then
		passed=$((passed + 1))
		echo "PASS: $t"
	else
		failed=$((failed + 1))
		echo "FAIL: $t"
	fi
done

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
