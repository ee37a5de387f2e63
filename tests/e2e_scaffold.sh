#!/bin/sh
# Checks the scaffold of the end-to-end scripts (lib.sh) with a suite of
# its own: a check that fails in a subshell, as one fed by a pipe runs,
# is counted, and makes finish report it and return false.

set -u
suite=e2e_scaffold
. "$(dirname "$0")/lib.sh"

# The suite under test, in a shell of its own so that its failures are
# its own; it prints its closing line and exits with finish's status.
inner() {
	sh -c '
		set -u
		suite=inner
		. "$1/lib.sh"
		count_check
		printf "a\n" | { read -r x; [ "$x" = b ] || fail "piped"; }
		count_check 2
		[ 1 -eq 1 ] || fail "plain"
		finish
	' inner "$(dirname "$0")"
}

out=$(inner)
status=$?
count_check
[ "$out" = "FAIL: piped
inner: 3 checks, 1 failed" ] || fail "a failure in a subshell: got: $out"
count_check
[ "$status" -ne 0 ] || fail "a failure in a subshell: finish returned 0"

finish
