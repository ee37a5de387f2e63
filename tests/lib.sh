# Sourced by the end-to-end scripts, after they set $suite: a scratch
# directory $tmp removed on exit, failures counted, the closing line.
# A script that holds more than files defines cleanup() before sourcing.

: "${PORTINFO:?PORTINFO must name the program to test}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$suite.XXXXXX") || exit 2
command -v cleanup >/dev/null 2>&1 || cleanup() { :; }
trap 'cleanup; rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
checks=0
fails=0

fail() {
	fails=$((fails + 1))
	echo "FAIL: $*"
}

# expect_status NAME STATUS: the last run ($rc) ended with STATUS.
expect_status() {
	[ "$rc" -eq "$2" ] || fail "$1: exit status $rc, expected $2"
}

# Prints "SUITE: [WHAT, ]N checks, M failed"; true if nothing failed.
finish() {
	echo "$suite: ${1:+$1, }$checks checks, $fails failed"
	[ "$fails" -eq 0 ]
}
