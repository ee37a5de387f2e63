#!/bin/sh
# The table compiler, $MKTABLE, on good and malformed registries.
#
# Good: IANA's unmodified 12-column export (CRLF, multi-line quoted
# fields), the same with its columns in another order, with a byte order
# mark and LF line ends, and with no final line end, all compile to the
# same table; what -d writes compiles to that table too.
#
# Malformed: one file per kind in tests/csv/bad/, each listed below with
# the line and reason mktable must give.  Each must fail with exactly
# "FILE:LINE: reason" on stderr and exit status 1, create no output and
# no temporary file, and leave an output that already existed untouched.
# Stopped by a signal, it leaves no temporary file either.

set -u
: "${MKTABLE:?MKTABLE must name the table compiler}"
dir=$(dirname "$0")
case $MKTABLE in
/*) ;;
*) MKTABLE=$(pwd)/$MKTABLE ;;
esac
suite=e2e_mktable
. "$dir/lib.sh"

# Compiles tests/csv/NAME as services.csv in a directory of its own, so
# that tables generated from different files can be compared byte for
# byte (the input's name appears in the output).
compile()
{
	checks=$((checks + 1))
	d=$tmp/$1.d
	mkdir "$d" && cp "$2" "$d/services.csv" || exit 1
	(cd "$d" && ${RUN:-} "$MKTABLE" ${3:-} -o out services.csv) \
	    >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	[ "$rc" -eq 0 ] || fail "$1: exit status $rc, not 0"
	[ -s "$tmp/stderr" ] && fail "$1: stderr: $(cat "$tmp/stderr")"
	[ -s "$tmp/stdout" ] && fail "$1: wrote to stdout"
	[ -s "$d/out" ] || fail "$1: no output"
	[ -e "$d/out.tmp" ] && fail "$1: left out.tmp behind"
}

# same_table NAME EXPECTED ACTUAL: two generated tables are the same.
same_table()
{
	checks=$((checks + 1))
	same "$1" table "$2" "$3"
}

# Good registries.
compile iana "$dir/csv/iana.csv"
compile reordered "$dir/csv/iana-reordered.csv"
compile bom-lf "$dir/csv/iana-bom-lf.csv"
same_table reordered "$tmp/iana.d/out" "$tmp/reordered.d/out"
same_table bom-lf "$tmp/iana.d/out" "$tmp/bom-lf.d/out"
printf '%s' "$(cat "$dir/csv/iana-bom-lf.csv")" >"$tmp/no-final-newline.csv"
compile no-final-newline "$tmp/no-final-newline.csv"
same_table no-final-newline "$tmp/iana.d/out" "$tmp/no-final-newline.d/out"
grep -q '^const uint32_t pi_nrecs = 28;$' "$tmp/iana.d/out" ||
    fail "iana.csv: not 28 records"
grep -q '^const uint32_t pi_nnames = 23;$' "$tmp/iana.d/out" ||
    fail "iana.csv: not 23 named records"
grep -q '^const char pi_date\[\] = "2025-11-14";$' "$tmp/iana.d/out" ||
    fail "iana.csv: not dated by its newest modification"

# -d keeps the project's columns, in IANA's order, whatever the input's.
compile dump "$dir/csv/iana.csv" -d
compile dump-reordered "$dir/csv/iana-reordered.csv" -d
same_table dump-reordered "$tmp/dump.d/out" "$tmp/dump-reordered.d/out"
want='Service Name,Port Number,Transport Protocol,Description,'
want=${want}'Registration Date,Modification Date,Reference,Service Code,'
want=${want}'Unauthorized Use Reported'
[ "$(head -n 1 "$tmp/dump.d/out")" = "$want" ] ||
    fail "-d: header is not the project's"
grep -q -e Lottor -e Assignee -e 'alias to' "$tmp/dump.d/out" &&
    fail "-d: kept people's names or assignment notes"
# ... and round-trips: its output compiles to the same table, and is
# what -d makes of it again.
compile roundtrip "$tmp/dump.d/out"
same_table roundtrip "$tmp/iana.d/out" "$tmp/roundtrip.d/out"
compile redump "$tmp/dump.d/out" -d
same_table redump "$tmp/dump.d/out" "$tmp/redump.d/out"

# Malformed registries.  A field over 65536 bytes is made here rather
# than kept in the tree.
gen=$tmp/gen
mkdir "$gen" || exit 1
{
	printf 'Service Name,Port Number,Transport Protocol,Description\r\n'
	printf 'ssh,22,tcp,"'
	dd if=/dev/zero bs=65537 count=1 2>/dev/null | tr '\0' x
	printf '"\r\n'
} >"$gen/field-too-long.csv"

# Runs mktable on FILE, in MODE (-d or nothing), into a fresh directory
# that holds OLD output already unless OLD is empty, and checks that it
# fails as EXPECTED.
check_bad()
{
	out=$tmp/bad-out
	rm -rf "$out" && mkdir "$out" || exit 1
	[ -n "$4" ] && printf '%s\n' "$4" >"$out/result"
	run_mktable $2 -o "$out/result" "$1"
	[ "$rc" -eq 1 ] || fail "$1 $2: exit status $rc, not 1"
	printf '%s\n' "$3" >"$tmp/want"
	cmp -s "$tmp/want" "$tmp/stderr" ||
	    fail "$1 $2: stderr is '$(cat "$tmp/stderr")', not '$3'"
	[ -s "$tmp/stdout" ] && fail "$1 $2: wrote to stdout"
	left=$(ls -A "$out")
	if [ -z "$4" ]; then
		[ -z "$left" ] || fail "$1 $2: left $left behind"
	else
		[ "$left" = result ] || fail "$1 $2: left $left behind"
		[ "$(cat "$out/result")" = "$4" ] ||
		    fail "$1 $2: replaced the existing output"
	fi
}

# Each malformed file, with the line and the reason it must fail with.
expected="unterminated-quote|3|unterminated quoted field
quote-in-field|3|quote inside an unquoted field
text-after-quote|3|text after a closing quote
nul-byte|3|NUL byte
utf8-overlong|3|invalid UTF-8
utf8-surrogate|4|invalid UTF-8
utf8-truncated|3|invalid UTF-8
utf8-continuation|3|invalid UTF-8
bare-cr|3|carriage return without line feed
field-too-long|2|field longer than 65536 bytes
too-many-fields|3|more than 64 fields
broken-bom|1|invalid UTF-8
empty|1|no header: the file is empty
header-only|2|no records after the header
missing-column|1|header has no column 'Transport Protocol'
duplicate-column|1|column appears twice: 'Port Number'
fewer-fields|3|record has fewer fields than the header
more-fields|3|record has more fields than the header
blank-line|3|record has fewer fields than the header
port-not-number|3|port is not a number from 0 to 65535 or a range '8O'
port-too-big|3|port is not a number from 0 to 65535 or a range '65536'
port-negative|3|port is not a number from 0 to 65535 or a range '-80'
port-spaces|3|port is not a number from 0 to 65535 or a range ' 80'
range-reversed|3|port range is reversed '6063-6000'
range-open-end|3|port is not a number from 0 to 65535 or a range '6000-'
range-open-start|3|port is not a number from 0 to 65535 or a range '-6063'
range-three-parts|3|port is not a number from 0 to 65535 or a range '1-2-3'
range-too-big|3|port is not a number from 0 to 65535 or a range '6000-70000'
unknown-protocol|3|unknown transport protocol 'icmp'
no-name-no-port|3|record has neither a service name nor a port
bad-date|3|date is not YYYY-MM-DD or YYYY-MM '20/12/2024'
bad-date-month|3|date has no such month or day '2024-13-01'
control-char|4|control character in 'Description'
c1-control|3|control character in 'Description'
bad-name|3|service name has a character not allowed in a name 'web server'"

kinds=0
while IFS='|' read -r name line reason; do
	f=$dir/csv/bad/$name.csv
	[ -e "$f" ] || f=$gen/$name.csv
	[ -e "$f" ] || { fail "$name: no such fixture"; continue; }
	check_bad "$f" "" "$f:$line: $reason" ""
	check_bad "$f" -d "$f:$line: $reason" "a good old output"
	kinds=$((kinds + 1))
done <<EOF
$expected
EOF

# Every fixture is checked above.
for f in "$dir"/csv/bad/*.csv; do
	name=$(basename "$f" .csv)
	printf '%s\n' "$expected" | grep -q "^$name|" ||
	    fail "$f has no expected message"
done
[ "$kinds" -ge 35 ] || fail "only $kinds kinds of malformed input"

# Usage and file errors: no output, no temporary file.
run_mktable
[ "$rc" -eq 2 ] || fail "no arguments: exit status $rc, not 2"
grep -q '^usage: mktable ' "$tmp/stderr" || fail "no arguments: no usage"
run_mktable -o "$tmp/t.c" "$tmp/missing.csv"
[ "$rc" -eq 1 ] || fail "missing input: exit status $rc, not 1"
grep -q "^mktable: $tmp/missing.csv: " "$tmp/stderr" ||
    fail "missing input: stderr is '$(cat "$tmp/stderr")'"
run_mktable -o "$tmp/nodir/t.c" "$dir/csv/iana.csv"
[ "$rc" -eq 1 ] || fail "unwritable output: exit status $rc, not 1"
grep -q "^mktable: $tmp/nodir/t.c.tmp: " "$tmp/stderr" ||
    fail "unwritable output: stderr is '$(cat "$tmp/stderr")'"
[ -e "$tmp/t.c" ] || [ -e "$tmp/t.c.tmp" ] &&
    fail "a failed run left output behind"

# Stopped by a signal halfway through its input, the compiler removes its
# temporary file, leaves no output and dies of that signal.  The input is
# a FIFO whose writer stalls after a few lines.  (SIGINT cannot be
# tried: a shell starts its background jobs with SIGINT ignored.)
for sig in HUP TERM; do
	d=$tmp/signal-$sig
	mkdir "$d" && mkfifo "$d/in.csv" || exit 1
	(head -n 3 "$dir/csv/iana.csv"; exec sleep 60) >"$d/in.csv" \
	    2>/dev/null &
	writer=$!
	${RUN:-} "$MKTABLE" -o "$d/out.c" "$d/in.csv" 2>/dev/null &
	pid=$!
	tries=0
	while [ ! -e "$d/out.c.tmp" ] && [ "$tries" -lt 60 ]; do
		sleep 1
		tries=$((tries + 1))
	done
	checks=$((checks + 1))
	[ -e "$d/out.c.tmp" ] || fail "SIG$sig: no temporary file while reading"
	kill -s "$sig" "$pid"
	wait "$pid" 2>/dev/null
	rc=$?
	kill "$writer" 2>/dev/null
	case $sig in
	HUP) want=129 ;;
	TERM) want=143 ;;
	esac
	[ "$rc" -eq "$want" ] || fail "SIG$sig: exit status $rc, not $want"
	[ -e "$d/out.c.tmp" ] && fail "SIG$sig: left out.c.tmp behind"
	[ -e "$d/out.c" ] && fail "SIG$sig: left output behind"
done

finish
