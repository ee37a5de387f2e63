#!/bin/sh
# The table compiler, $MKTABLE, on good and malformed registries.
#
# Good: IANA's unmodified 12-column export (CRLF, multi-line quoted
# fields), the same with its columns in another order, with a byte order
# mark and LF line ends, and with no final line end, all compile to the
# same table; what -d writes compiles to that table too.  Blank lines are
# no records.  Historic exports (tests/csv/iana-2024*.csv) and
# data/services.csv build into a program that answers every record as
# an independent reading of the file in awk says.
#
# Malformed: one file per kind in tests/csv/bad/, each listed below with
# the line and reason mktable must give; the common uses and aliases
# (-c, -a) likewise, their files written here.  Each must fail with exactly
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
	count_check
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
	count_check
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

# Historic exports: IANA's as it stood before 2025-01-23 (CRLF, names with
# spaces and parentheses, blank lines between and after records, every
# wording of a nameless record IANA has used), and the same with a byte
# order mark, LF, its columns reordered and the dates and people dropped.
# Each must compile, by both paths, and the program built from it must
# answer every record exactly as an independent reading of the file
# (read_registry, in awk) says: the whole registry in order, every record
# by its port and by its name with its protocol.  data/services.csv goes
# through the same comparison.
compile blank-lines "$dir/csv/blank-lines.csv"
grep -q '^const uint32_t pi_nrecs = 2;$' "$tmp/blank-lines.d/out" ||
    fail "blank-lines.csv: not 2 records"
compile 2024 "$dir/csv/iana-2024.csv"
compile 2024-reordered "$dir/csv/iana-2024-reordered.csv"
compile 2024-dump "$dir/csv/iana-2024.csv" -d
compile 2024-roundtrip "$tmp/2024-dump.d/out"
same_table 2024-roundtrip "$tmp/2024.d/out" "$tmp/2024-roundtrip.d/out"

# The registry read on its own terms, one line per record in the file's
# order: "lo TAB hi TAB proto TAB name TAB description TAB reference TAB
# status TAB unauthorized TAB newest date", text on one line, references
# joined by "; ", the status by the man page's rule.
read_registry()
{
	LC_ALL=C awk '
function one_line(s) {
	gsub(/[ \t\r\n]+/, " ", s)
	sub(/^ /, "", s)
	sub(/ $/, "", s)
	return s
}
function refs(s,    out, item, k) {
	out = ""
	while (s != "") {
		if (substr(s, 1, 1) == "[") {
			k = index(s, "]")
			if (k == 0) { item = substr(s, 2); s = "" }
			else { item = substr(s, 2, k - 2); s = substr(s, k + 1) }
		} else {
			k = index(s, "[")
			if (k == 0) { item = s; s = "" }
			else { item = substr(s, 1, k - 1); s = substr(s, k) }
		}
		item = one_line(item)
		if (item != "")
			out = out (out == "" ? "" : "; ") item
	}
	return out
}
function status(name, desc) {
	if (name != "")
		return "assigned"
	return tolower(desc) ~ /^unassigned([^a-z]|$)/ ? "unassigned" : "reserved"
}
function record(    i, lo, hi, name, desc, dash, reg, mod) {
	if (!header) {
		for (i = 0; i < nf; i++)
			col[f[i]] = i + 1
		header = 1
		return
	}
	name = get("Service Name")
	lo = hi = get("Port Number")
	if ((dash = index(lo, "-")) > 0) {
		hi = substr(lo, dash + 1)
		lo = substr(lo, 1, dash - 1)
	}
	if (lo != "") { lo += 0; hi += 0 }
	desc = one_line(get("Description"))
	reg = get("Registration Date")
	mod = get("Modification Date")
	printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", lo, hi,
	    get("Transport Protocol"), name, desc, refs(get("Reference")),
	    status(name, desc), one_line(get("Unauthorized Use Reported")),
	    (mod > reg ? mod : reg)
}
function get(c) {
	return (c in col) ? f[col[c] - 1] : ""
}
NR == 1 { sub(/^\357\273\277/, "") }
{
	line = $0
	if (!inq) {
		sub(/\r$/, "", line)
		if (line == "")
			next		# a blank line is no record
		nf = 0
		fld = ""
	}
	n = length(line)
	for (i = 1; i <= n; i++) {
		c = substr(line, i, 1)
		if (inq) {
			if (c != "\"")
				fld = fld c
			else if (substr(line, i + 1, 1) == "\"") {
				fld = fld c
				i++
			} else
				inq = 0
		} else if (c == "\"")
			inq = 1
		else if (c == ",") {
			f[nf++] = fld
			fld = ""
		} else
			fld = fld c
	}
	if (inq) {
		fld = fld "\n"
		next
	}
	f[nf++] = fld
	record()
}
' "$1"
}

# The queries that must find each record (awk's line on stdin), one a
# line: "QUERY TAB the record's fields".  By name with its protocol (a
# name a query cannot hold, by its normalised form) and by the first and
# last port of its range with its protocol.
queries()
{
	LC_ALL=C awk -F '\t' -v OFS='\t' '
	function find(q) {
		print q (proto == "" ? "" : "/" proto), $1, $2, $3, $4, $5, $6, $7
	}
	{
		proto = $3
		name = $4
		if (name ~ /[^A-Za-z0-9._*+\/-]/) {
			name = tolower(name)
			gsub(/[^a-z0-9]+/, "-", name)
			gsub(/^-|-$/, "", name)
		}
		if (name != "")
			find(name)
		if ($1 != "") {
			find($1)
			find($2)
		}
	}'
}

# Builds portinfo and test_conformance from DATA in a build directory of
# their own, from the objects already built in $B, and checks them
# against the file.  $B's objects but the table's are copied with their
# times, so that only the table and what links it are made again.
conform()
{
	name=$1 data=$2 b=$tmp/$1.b
	mkdir "$b" || exit 1
	for o in "$B"/*.o "$B"/mktable; do
		[ "$o" = "$B/table.o" ] || cp -p "$o" "$b/" || exit 1
	done
	# The common uses and aliases are checked against today's registry,
	# not a historic one: the table is built from the registry alone.
	(cd "$dir/.." && ${MAKE:-make} B="$b" DATA="$data" COMMON= ALIASES= \
	    PROG="$b/portinfo" "$b/portinfo" "$b/test_conformance") \
	    >"$b/log" 2>&1 ||
	    { fail "$name: build failed: $(tail -n 5 "$b/log")"; return; }
	conform_with "$name" "$data" "$b/portinfo" "$b/test_conformance"
}

conform_with()
{
	name=$1 data=$2 pi=$3
	read_registry "$data" >"$tmp/$name.want" ||
	    fail "$name: awk cannot read it"
	records=$(wc -l <"$tmp/$name.want")
	[ "$records" -gt 0 ] || fail "$name: awk found no records"
	"$pi" --iana -a -l -f tsv -H | cut -f 2,3,5-9 >"$tmp/$name.all"
	cut -f 1-7 "$tmp/$name.want" | cmp -s - "$tmp/$name.all" ||
	    fail "$name: -a -l differs from the file"
	queries <"$tmp/$name.want" | sort -u >"$tmp/$name.queries"
	cut -f 1 "$tmp/$name.queries" | "$pi" --iana -a -f tsv -H |
	    cut -f 1-3,5-9 | sort -u >"$tmp/$name.found"
	missing=$(comm -23 "$tmp/$name.queries" "$tmp/$name.found" | wc -l)
	[ "$missing" -eq 0 ] || fail "$name: $missing of" \
	    "$(wc -l <"$tmp/$name.queries") lookups miss their record:" \
	    "$(comm -23 "$tmp/$name.queries" "$tmp/$name.found" | head -n 3)"
	# -V: the newest date of the file, and its number of records.
	newest=$(cut -f 9 "$tmp/$name.want" | LC_ALL=C sort | tail -n 1)
	case $newest in
	"") date="of unknown date" ;;
	*) date=$newest ;;
	esac
	want="(IANA registry $date, $records records)"
	case $("$pi" -V) in
	*"$want") ;;
	*) fail "$name: -V says '$("$pi" -V)', not '... $want'" ;;
	esac
	if [ -n "$4" ]; then
		PI_DATA=$data PI_COMMON_DATA=${5:-} PI_ALIAS_DATA=${6:-} "$4" \
		    >"$tmp/$name.conformance" 2>&1 ||
		    fail "$name: test_conformance: $(tail -n 5 \
		    "$tmp/$name.conformance")"
	fi
}

conform 2024 "$dir/csv/iana-2024.csv"
conform 2024-reordered "$dir/csv/iana-2024-reordered.csv"
# The conformance test is a unit test program: a build without them (the
# static one, make check-static) leaves it out.
conformance=$B/test_conformance
if [ ! -x "$conformance" ]; then
	echo "e2e_mktable: no $conformance in this build; not run on services.csv"
	conformance=
fi
conform_with services "$dir/../data/services.csv" "$PORTINFO" \
    "$conformance" "$dir/../data/common-uses.csv" \
    "$dir/../data/aliases.csv"
grep -q '	Apple Remote Desktop (Net Assistant)	' "$tmp/2024.all" ||
    fail "2024: the names with spaces are not in the table"

# IANA's export has nameless records.  A registry whose first records
# are nameless and undescribed, one with no protocol either, builds by
# both paths, and so does one of such a record alone.  Each is reserved,
# by the man page's rule (nameless, not called Unassigned).
hdr='Service Name,Port Number,Transport Protocol,Description,Reference'
printf '%s\n' "$hdr" ',22,tcp,,' ',23,,,' 'ssh,22,tcp,SSH,[RFC4251]' \
    >"$tmp/nameless.csv"
printf '%s\n' "$hdr" ',22,tcp,,' >"$tmp/nameless-alone.csv"
for f in nameless nameless-alone; do
	compile "$f" "$tmp/$f.csv"
	compile "$f-dump" "$tmp/$f.csv" -d
	same_table "$f-dump" "$tmp/$f.csv" "$tmp/$f-dump.d/out"
done
conform nameless "$tmp/nameless.csv"
[ "$(cut -f 7 "$tmp/nameless.all" | tr '\n' ' ')" = \
    "reserved reserved assigned " ] ||
    fail "nameless: statuses are $(cut -f 7 "$tmp/nameless.all")"

# Records alike but in one field are two, as IANA's two rdp with no port
# are: each is compiled.
printf '%s\n' "$hdr,Unauthorized Use Reported" \
    'rdp,,,Reliable Data Protocol,,' \
    'rdp,,,Windows Remote Desktop Protocol,,' 'ssh,22,tcp,SSH,[RFC4251],' \
    'ssh,22,tcp,SSH,[RFC4253],' 'ssh,22,udp,SSH,[RFC4251],' \
    'ssh,22-23,tcp,SSH,[RFC4251],' 'SSH,22,tcp,SSH,[RFC4251],' \
    'ssh,22,tcp,SSH,[RFC4251],noted' ',22,tcp,SSH,[RFC4251],' \
    >"$tmp/near-twins.csv"
compile near-twins "$tmp/near-twins.csv"
grep -q '^const uint32_t pi_nrecs = 9;$' "$tmp/near-twins.d/out" ||
    fail "near-twins: not 9 records"

# Each wording IANA has given a nameless record has the status the man
# page says, "|"-separated: port, protocol, status, description.
pi=$tmp/2024.b/portinfo
while IFS='|' read -r port proto status desc; do
	got=$("$pi" -a -f tsv -H "$port${proto:+/$proto}" | cut -f 7,9)
	[ "$got" = "$desc	$status" ] ||
	    fail "2024: '$desc' on $port${proto:+/$proto} is '$got', not $status"
done <<EOF
0|tcp|reserved|Reserved
1109||reserved|Reserved - IANA
49151||reserved|IANA Reserved
585||reserved|De-registered
2905|udp|reserved|De-registered
659||reserved|Removed
1028||reserved|Deprecated
1783||reserved|Decomissioned Port 04/14/00, ms
9006||reserved|De-Commissioned Port
24|tcp|reserved|any private mail system
24|udp|reserved|any private mail system
35|tcp|reserved|any private printer server
57|udp|reserved|any private terminal access
59|tcp|reserved|any private file service
75|udp|reserved|any private dial out service
77|tcp|reserved|any private RJE service
87|tcp|reserved|any private terminal link
1008|udp|reserved|Possibly used by Sun Solaris????
2825||reserved|(unassigned) Possibly assigned
15|tcp|unassigned|Unassigned [was netstat]
114||unassigned|unassigned
1895|tcp|unassigned|unassigned
2925||unassigned|Unassigned (FRP-Released 12/7/00)
EOF

# A name with spaces is found as IANA wrote it (one argument) and by its
# normalised form, in any case, with or without a protocol.
for q in 'Apple Remote Desktop (Net Assistant)' \
    'apple remote desktop (net assistant)/udp' \
    apple-remote-desktop-net-assistant APPLE-REMOTE-DESKTOP-NET-ASSISTANT/udp
do
	got=$("$pi" -f tsv -H "$q" | cut -f 2,6 | sort -u)
	[ "$got" = "3283	Apple Remote Desktop (Net Assistant)" ] ||
	    fail "2024: '$q' finds '$got'"
done
[ "$(echo escale-newton-dock | "$pi" -f tsv -H | cut -f 2,5,6)" = \
    "3679	tcp	Escale (Newton Dock)
3679	udp	Escale (Newton Dock)" ] || fail "2024: escale-newton-dock not found"
"$pi" -q 'Apple Remote Desktop' 2>/dev/null && fail "2024: a part of a name is found"

# References keep their boundaries.
[ "$("$pi" -f tsv -H 143/tcp | cut -f 8)" = "RFC3501; RFC9051" ] ||
    fail "2024: references of 143 are '$("$pi" -f tsv -H 143/tcp | cut -f 8)'"
grep -q '	TR-352; Inter-Channel-Termination protocol (ICTP) is a peer-to-peer protocol with a binary message format	' \
    "$tmp/2024.all" || fail "2024: the references of 7202 lost their boundary"

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
# A record given twice, all its fields the same, would answer twice.
printf '%s\n' "$hdr" 'ssh,22,tcp,SSH,[RFC4251]' ',23,,,' \
    'ssh,22,tcp,SSH,[RFC4251]' >"$gen/record-twice.csv"
printf '%s\n' "$hdr" ',23,,,' ',23,,,' >"$gen/nameless-twice.csv"

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
bad-name|3|service name has a character not allowed in a name 'café'
name-space|3|service name begins or ends with a space ' ssh'
name-tab|3|service name has a character not allowed in a name 'ssh\\x09'
record-twice|4|record given twice 'ssh'
nameless-twice|3|record given twice"

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
[ "$kinds" -ge 36 ] || fail "only $kinds kinds of malformed input"

# The common uses (-c) and the aliases (-a), compiled after a registry:
# a good pair adds its records and keys; each malformed file below fails
# with its own "FILE:LINE: reason", as a registry does.  Each case is
# "NAME|LINE|REASON" on one line and the file's lines after it, up to a
# blank line.
cu_header='Service Name,Port Number,Transport Protocol,Description,Reference'
al_header='Alias,Service Name,Port Number,Transport Protocol,Reference'
extra=$tmp/extra
mkdir "$extra" || exit 1
printf '%s\n' "$cu_header" 'grafana,3000,tcp,Dashboards,https://grafana.com/' \
    'vite,5173,tcp,Dev server,https://vite.dev/' >"$extra/common.csv"
printf '%s\n' "$al_header" 'secsh,ssh,22,tcp,ref' 'secsh,ssh,22,udp,ref' \
    'web,http,80,tcp,ref' 'x11-1,x11,6001,tcp,ref' >"$extra/aliases.csv"
d=$tmp/extra.d
mkdir "$d" && cp "$dir/csv/iana.csv" "$d/services.csv" || exit 1
(cd "$d" && ${RUN:-} "$MKTABLE" -c "$extra/common.csv" -a "$extra/aliases.csv" \
    -o out services.csv) >"$tmp/stdout" 2>"$tmp/stderr" ||
    fail "common uses and aliases: $(cat "$tmp/stderr")"
grep -q '^const uint32_t pi_nrecs = 28;$' "$d/out" ||
    fail "extra: IANA's records are not 28"
grep -q '^const uint32_t pi_ncommon = 2;$' "$d/out" ||
    fail "extra: not 2 common uses"
grep -q '^const uint32_t pi_naliases = 4;$' "$d/out" ||
    fail "extra: not 4 aliases"
grep -q '^const uint32_t pi_nnames = 29;$' "$d/out" ||
    fail "extra: not 23 + 2 + 4 names"
# Each alias keeps its own port, x11-1 that of x11's 6000-6063.
ports=$(sed -n '/^const uint16_t pi_name_port\[\] = {$/,/^};$/p' "$d/out" |
    tr ',' '\n' | grep -x '[1-9][0-9]*' | sort -n | tr '\n' ' ')
[ "$ports" = '22 22 80 6001 ' ] ||
    fail "extra: the aliases' ports are '$ports', not '22 22 80 6001 '"
run_mktable -d -c "$extra/common.csv" -o "$tmp/t.csv" "$dir/csv/iana.csv"
[ "$rc" -eq 2 ] || fail "-d with -c: exit status $rc, not 2"

kinds=0
while IFS= read -r spec; do
	name=${spec%%|*}
	rest=${spec#*|}
	line=${rest%%|*}
	reason=${rest#*|}
	f=$extra/$name.csv
	: >"$f"
	while IFS= read -r l && [ -n "$l" ]; do
		printf '%s\n' "$l" >>"$f"
	done
	case $name in
	common-*) opt=-c ;;
	*) opt=-a ;;
	esac
	check_bad "$dir/csv/iana.csv" "$opt $f" "$f:$line: $reason" ""
	check_bad "$dir/csv/iana.csv" "$opt $f" "$f:$line: $reason" "old"
	kinds=$((kinds + 1))
done <<EOF
common-no-reference|1|header has no column 'Reference'
Service Name,Port Number,Transport Protocol,Description
grafana,3000,tcp,Dashboards

common-iana-column|1|column is IANA's alone: 'Registration Date'
$cu_header,Registration Date
grafana,3000,tcp,Dashboards,https://grafana.com/,2020-01-01

common-header-only|2|no records after the header
$cu_header

common-fewer-fields|2|record has fewer fields than the header
$cu_header
grafana,3000,tcp,Dashboards

common-no-name|3|common use has no service name
$cu_header
grafana,3000,tcp,Dashboards,https://grafana.com/
,3001,tcp,Nameless,https://example.com/

common-name-space|2|service name of a common use has a character not allowed in a service name 'my app'
$cu_header
my app,3000,tcp,Dashboards,https://example.com/

common-no-port|2|common use has no port
$cu_header
grafana,,tcp,Dashboards,https://grafana.com/

common-port-too-big|2|port is not a number from 0 to 65535 or a range '70000'
$cu_header
grafana,70000,tcp,Dashboards,https://grafana.com/

common-no-protocol|2|common use has no transport protocol
$cu_header
grafana,3000,,Dashboards,https://grafana.com/

common-unknown-protocol|2|unknown transport protocol 'icmp'
$cu_header
grafana,3000,icmp,Dashboards,https://grafana.com/

common-no-description|2|common use has no description
$cu_header
grafana,3000,tcp, ,https://grafana.com/

common-control-char|2|control character in 'Description'
$cu_header
grafana,3000,tcp,Dash$(printf '\033')boards,https://grafana.com/

common-http|2|reference is not an https URL 'http://grafana.com/'
$cu_header
grafana,3000,tcp,Dashboards,http://grafana.com/

common-url-space|2|reference is not an https URL 'https://grafana.com/ docs'
$cu_header
grafana,3000,tcp,Dashboards,https://grafana.com/ docs

common-twice|3|common use given twice 'Grafana'
$cu_header
grafana,3000,tcp,Dashboards,https://grafana.com/
Grafana,3000,tcp,Dashboards again,https://grafana.com/

common-unterminated|2|unterminated quoted field
$cu_header
grafana,3000,tcp,"Dashboards,https://grafana.com/

aliases-no-reference|1|header has no column 'Reference'
Alias,Service Name,Port Number,Transport Protocol
secsh,ssh,22,tcp

aliases-column-twice|1|column appears twice: 'Alias'
Alias,alias,Service Name,Port Number,Transport Protocol,Reference
secsh,secsh,ssh,22,tcp,ref

aliases-header-only|2|no records after the header
$al_header

aliases-more-fields|2|record has more fields than the header
$al_header
secsh,ssh,22,tcp,ref,more

aliases-bad-alias|2|alias is not a service name 'sec sh'
$al_header
sec sh,ssh,22,tcp,ref

aliases-empty-alias|2|alias is not a service name ''
$al_header
,ssh,22,tcp,ref

aliases-no-service|2|alias names no service
$al_header
secsh,,22,tcp,ref

aliases-range|2|an alias names one port '22-23'
$al_header
secsh,ssh,22-23,tcp,ref

aliases-no-protocol|2|alias has no transport protocol
$al_header
secsh,ssh,22,,ref

aliases-no-ref|2|alias has no reference
$al_header
secsh,ssh,22,tcp,

aliases-own-name|2|alias is its service's own name 'SSH'
$al_header
SSH,ssh,22,tcp,ref

aliases-wrong-port|2|the registry has no such service on that port and protocol 'ssh 23/tcp'
$al_header
secsh,ssh,23,tcp,ref

aliases-wrong-protocol|2|the registry has no such service on that port and protocol 'finger 79/udp'
$al_header
fingerd,finger,79,udp,ref

aliases-twice|3|record is found by that name already 'SECSH'
$al_header
secsh,ssh,22,tcp,ref
SECSH,ssh,22,tcp,ref again

EOF
[ "$kinds" -ge 28 ] || fail "only $kinds kinds of malformed common uses and aliases"

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
#
# A signal that was ignored when the suite started (nohup ignores HUP)
# stays ignored in every program the suite starts, and the compiler
# keeps it so on purpose: there it cannot stop the compiler, and its case
# is skipped, with a line saying so.  A short sleep shows which it is: a
# signal that is not ignored ends it at once.  The sleep's subshell
# leaves a mark once it has dropped this script's traps, so the signal
# finds either that subshell or the sleep, both as the suite started.
#
# The shell tells of a job that a signal ended ("Hangup", "Terminated")
# on the standard error of the wait for it: each is waited for, that
# said to /dev/null.
ignored_here() {
	rm -f "$tmp/probe"
	(: >"$tmp/probe"; exec sleep 2) &
	probe=$!
	await_file "$tmp/probe" "$probe"
	kill -s "$1" "$probe" 2>/dev/null
	wait "$probe" 2>/dev/null
}

# await_file FILE PID: returns once FILE is there, or the process PID is
# gone, or a minute has passed.  Looked for without a pause: each is a
# matter of milliseconds.
await_file() {
	_end=$(($(date +%s) + 60))
	_n=0
	while [ ! -e "$1" ] && kill -0 "$2" 2>/dev/null; do
		_n=$((_n + 1))
		[ $((_n % 1000)) -eq 0 ] && [ "$(date +%s)" -ge "$_end" ] &&
			break
	done
}

for sig in HUP TERM; do
	if ignored_here "$sig"; then
		echo "SIG$sig is ignored here (as under nohup): not tried"
		continue
	fi
	d=$tmp/signal-$sig
	mkdir "$d" && mkfifo "$d/in.csv" || exit 1
	(head -n 3 "$dir/csv/iana.csv"; exec sleep 60) >"$d/in.csv" \
	    2>/dev/null &
	writer=$!
	${RUN:-} "$MKTABLE" -o "$d/out.c" "$d/in.csv" 2>/dev/null &
	pid=$!
	await_file "$d/out.c.tmp" "$pid"
	count_check
	[ -e "$d/out.c.tmp" ] || fail "SIG$sig: no temporary file while reading"
	kill -s "$sig" "$pid"
	wait "$pid" 2>/dev/null
	rc=$?
	kill "$writer" 2>/dev/null
	wait "$writer" 2>/dev/null
	case $sig in
	HUP) want=129 ;;
	TERM) want=143 ;;
	esac
	[ "$rc" -eq "$want" ] || fail "SIG$sig: exit status $rc, not $want"
	[ -e "$d/out.c.tmp" ] && fail "SIG$sig: left out.c.tmp behind"
	[ -e "$d/out.c" ] && fail "SIG$sig: left output behind"
done

finish
