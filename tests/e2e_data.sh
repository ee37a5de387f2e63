#!/bin/sh
# Checks the hand-kept data files beside IANA's registry:
#
#   data/common-uses.csv  ports that software uses by default, each with
#                         the URL of the software's own documentation or
#                         source that states the default;
#   data/aliases.csv      the names people type that IANA spells
#                         otherwise, each naming IANA's record it stands for.
#
# Both are RFC 4180 CSV (LF line ends, UTF-8) with a fixed header.  Every
# row must name a port or range in 0-65535 (lo <= hi), a known protocol
# and a lowercase name; common uses need a one-line description and an
# https reference; an alias needs a reference and must name a service
# that data/services.csv assigns to that very port and protocol.  Rows
# are sorted and unique.  $DATA names the directory to check (data/ by
# default), so that a broken copy can be checked by hand.

set -u
suite=e2e_data
. "$(dirname "$0")/lib.sh"
DATA=${DATA:-$(dirname "$0")/../data}

# The header each file must start with, in its documented column order.
cu_header='Service Name,Port Number,Transport Protocol,Description,Reference'
al_header='Alias,Service Name,Port Number,Transport Protocol,Reference'

# An RFC 4180 reader shared by the checks below: csv_next() sets nf and
# f[1..nf] from the next record, which may span lines inside quotes, and
# recline to the line where the record starts; it returns 0 at the end.
# A record left open at the end is reported as an unterminated quote.
csv_reader='
function csv_next(    line, rec, i, c, q, fld, n) {
	rec = ""; q = 0
	for (;;) {
		if ((getline line) <= 0) {
			if (rec == "") return 0
			bad(recline, "unterminated quoted field"); return 0
		}
		lineno++
		if (rec == "") recline = lineno; else rec = rec "\n"
		rec = rec line
		q = gsub(/"/, "\"", rec)
		if (q % 2 == 0) break
	}
	n = 0; fld = ""; q = 0
	for (i = 1; i <= length(rec); i++) {
		c = substr(rec, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(rec, i + 1, 1) == "\"") { fld = fld c; i++ }
				else q = 0
			} else fld = fld c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = fld; fld = "" }
		else fld = fld c
	}
	f[++n] = fld; nf = n
	return 1
}
function bad(l, why) { print FILENAME_ ":" l ": " why; errors++ }
function port_ok(p, l,    lo, hi) {
	if (p !~ /^[0-9]+(-[0-9]+)?$/) { bad(l, "bad port \"" p "\""); return 0 }
	lo = p; hi = p
	if (index(p, "-")) { lo = substr(p, 1, index(p, "-") - 1); hi = substr(p, index(p, "-") + 1) }
	if (length(lo) > 5 || length(hi) > 5 || lo + 0 > 65535 || hi + 0 > 65535) {
		bad(l, "port out of range \"" p "\""); return 0 }
	if (lo + 0 > hi + 0) { bad(l, "reversed range \"" p "\""); return 0 }
	return 1
}
function proto_ok(t, l) {
	if (t ~ /^(tcp|udp|sctp|dccp)$/) return 1
	bad(l, "unknown protocol \"" t "\""); return 0
}
function lo_of(p) { return index(p, "-") ? substr(p, 1, index(p, "-") - 1) + 0 : p + 0 }
function hi_of(p) { return index(p, "-") ? substr(p, index(p, "-") + 1) + 0 : p + 0 }
'

# check_file NAME FILE HEADER AWK-PROGRAM: runs the program on FILE, with
# the expected header in "header"; every line it prints is a failure,
# "FILE:LINE: reason".
check_file() {
	count_check
	if [ ! -r "$2" ]; then
		fail "$1: cannot read $2"
		return
	fi
	if LC_ALL=C grep -q "$(printf '\r')" "$2"; then
		fail "$1: $2 has CR line ends, not LF"
	fi
	if command -v iconv >/dev/null 2>&1 &&
	    ! iconv -f UTF-8 -t UTF-8 "$2" >/dev/null 2>&1; then
		fail "$1: $2 is not valid UTF-8"
	fi
	LC_ALL=C awk -v FILENAME_="$2" -v header="$3" -v iana="$tmp/iana" \
	    "$csv_reader $4" \
	    <"$2" >"$tmp/problems" 2>&1
	if [ -s "$tmp/problems" ]; then
		fail "$1:"
		sed 's/^/    /' "$tmp/problems"
	fi
}

# Common uses: header, fields, sort order, no duplicate (port, proto, name).
check_file 'common uses' "$DATA/common-uses.csv" "$cu_header" '
BEGIN {
	if (!csv_next()) { bad(1, "empty file"); exit }
	h = f[1]; for (i = 2; i <= nf; i++) h = h "," f[i]
	if (h != header) { bad(recline, "header is not: " header); exit }
	rows = 0
	while (csv_next()) {
		rows++; l = recline
		if (nf != 5) { bad(l, nf " fields, expected 5"); continue }
		if (f[1] !~ /^[a-z0-9][a-z0-9-]*$/) bad(l, "bad name \"" f[1] "\"")
		pok = port_ok(f[2], l); proto_ok(f[3], l)
		if (f[4] ~ /^[ \t]*$/) bad(l, "empty description")
		if (f[4] ~ /\n/) bad(l, "description spans lines")
		if (f[5] !~ /^https:\/\/[^ \t\n"]+$/) bad(l, "reference is not an https URL")
		k = f[2] "/" f[3] "/" f[1]
		if (k in seen) bad(l, "duplicate of line " seen[k] ": " k)
		seen[k] = l
		if (!pok) continue
		key = sprintf("%05d %05d %-4s %s", lo_of(f[2]), hi_of(f[2]), f[3], f[1])
		if (rows > 1 && key < prev) bad(l, "not sorted by port, protocol, name")
		prev = key
	}
	if (rows == 0) bad(1, "no rows")
	if (errors) exit 1
}'

# Aliases: as above, plus each alias names IANA's record on its port.
# The IANA services the aliases may name, as "port/proto/name" for each
# port of a range, come from data/services.csv by its header.
LC_ALL=C awk "$csv_reader"'
BEGIN {
	if (!csv_next()) exit
	for (i = 1; i <= nf; i++) col[f[i]] = i
	while (csv_next()) {
		n = f[col["Service Name"]]; p = f[col["Port Number"]]
		t = f[col["Transport Protocol"]]
		if (n == "" || p == "") continue
		for (x = lo_of(p); x <= hi_of(p); x++) print x "/" t "/" tolower(n)
	}
}' <"$DATA/services.csv" >"$tmp/iana"
count_check
[ -s "$tmp/iana" ] || fail "aliases: no services read from $DATA/services.csv"

check_file 'aliases' "$DATA/aliases.csv" "$al_header" '
BEGIN {
	while ((getline line < iana) > 0) known[line] = 1
	if (!csv_next()) { bad(1, "empty file"); exit }
	h = f[1]; for (i = 2; i <= nf; i++) h = h "," f[i]
	if (h != header) { bad(recline, "header is not: " header); exit }
	rows = 0
	while (csv_next()) {
		rows++; l = recline
		if (nf != 5) { bad(l, nf " fields, expected 5"); continue }
		# URL schemes such as git+ssh are names people type, so "+" too.
		if (f[1] !~ /^[a-z0-9][a-z0-9+-]*$/) bad(l, "bad alias \"" f[1] "\"")
		if (f[2] == "") bad(l, "empty service name")
		pok = port_ok(f[3], l); tok = proto_ok(f[4], l)
		if (f[3] ~ /-/) bad(l, "an alias names one port, not a range")
		if (f[5] ~ /^[ \t]*$/) bad(l, "empty reference")
		k = f[1] "/" f[4]
		if (k in seen) bad(l, "alias " f[1] " already given for " f[4] " on line " seen[k])
		seen[k] = l
		if (pok && tok && !((f[3] + 0) "/" f[4] "/" tolower(f[2]) in known))
			bad(l, "services.csv has no " f[2] " on " f[3] "/" f[4])
		if (tolower(f[1]) == tolower(f[2])) bad(l, "alias equals its service name")
		if (!pok) continue
		key = sprintf("%05d %-4s %s", f[3], f[4], f[1])
		if (rows > 1 && key < prev) bad(l, "not sorted by port, protocol, alias")
		prev = key
	}
	if (rows == 0) bad(1, "no rows")
	if (errors) exit 1
}'

finish
