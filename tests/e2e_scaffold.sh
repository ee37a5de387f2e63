#!/bin/sh
# Checks the scaffold of the end-to-end scripts (lib.sh) with suites of
# its own: a check that fails in a subshell, as one fed by a pipe runs,
# is counted, and makes finish report it and return false; a suite that
# skips, or makes no check, says "skipped" and exits 77, which run.sh
# counts as skipped, not passed.

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

# inner_with BODY: a suite in a shell of its own whose checks are BODY.
inner_with() {
	sh -c '
		set -u
		suite=inner
		. "$1/lib.sh"
		eval "$2"
		finish
	' inner "$(dirname "$0")" "$1"
}

out=$(inner)
status=$?
count_check
[ "$out" = "FAIL: piped
inner: 3 checks, 1 failed" ] || fail "a failure in a subshell: got: $out"
count_check
[ "$status" -ne 0 ] || fail "a failure in a subshell: finish returned 0"

out=$(inner_with 'skip no such thing here; fail "ran on"')
status=$?
count_check
[ "$out" = "inner: skipped: no such thing here" ] && [ "$status" -eq 77 ] ||
	fail "skip: exit status $status, said: $out"
out=$(inner_with ':')
status=$?
count_check
[ "$out" = "inner: skipped: no checks made" ] && [ "$status" -eq 77 ] ||
	fail "no checks: exit status $status, said: $out"
out=$(inner_with 'fail "unchecked"')
status=$?
count_check
[ "$status" -ne 0 ] && [ "$status" -ne 77 ] ||
	fail "a failure outside a check: exit status $status, said: $out"

# run.sh: a skipped suite is SKIP, and counted apart in the closing line;
# run one at a time or two, the suites' output comes in order.
mkdir "$tmp/suites"
for name in pass fail skip; do
	printf '%s\n' "echo $name" "exit $(case $name in pass) echo 0 ;;
	    fail) echo 1 ;; skip) echo 77 ;; esac)" >"$tmp/suites/e2e_$name.sh"
done
cp "$(dirname "$0")/run.sh" "$tmp/suites/run.sh"
printf '%s\n' fail "FAIL: $tmp/suites/e2e_fail.sh" \
    pass "PASS: $tmp/suites/e2e_pass.sh" skip "SKIP: $tmp/suites/e2e_skip.sh" \
    "tests: 1 passed, 1 failed, 1 skipped" >"$tmp/want"
for jobs in 1 2; do
	JOBS=$jobs sh "$tmp/suites/run.sh" >"$tmp/out"
	status=$?
	count_check
	same "run.sh, JOBS=$jobs" output "$tmp/want" "$tmp/out"
	[ "$status" -ne 0 ] || fail "run.sh: exit status 0 with a failure"
done

finish
