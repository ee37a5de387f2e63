#!/bin/sh
# Escaping on standard error as on standard output: a file name from
# --services, XDG_CONFIG_HOME or HOME that holds a terminal escape or a
# bidirectional control is written escaped in the messages about it, and
# the invisible and blank characters are escaped in output and messages
# alike (the man page's Escaping section).

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_escape
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
RLO=$(printf '\342\200\256')	# U+202E, right-to-left override
BAD='Service Name,Port Number,Transport Protocol,Description
x,99999,tcp,d'
REASON="2: port is not a number from 0 to 65535 or a range '99999'"

# expect_err NAME TEXT: the last run wrote TEXT and a newline to
# standard error, and no raw escape.
expect_err() {
	printf '%s\n' "$2" >"$tmp/want"
	same "$1" stderr "$tmp/want" "$tmp/err"
	if tr -d '\n' <"$tmp/err" | grep -q "$ESC"; then
		fail "$1: a raw escape on standard error"
	fi
}

# A label file named with --services: the name escaped, and put in
# quotes, as a name that holds a character escaping hides or a control
# character is.
name="a${ESC}[31mb${RLO}c"
mkdir "$tmp/files" && printf '%s\n' "$BAD" >"$tmp/files/$name" || exit 2
check_run --services "$tmp/files/$name" 22
expect_status '--services, bad line' 0
expect_err '--services, bad line' \
    "'$tmp/files/a\\x1b[31mb\\xe2\\x80\\xaec':$REASON"

# A named file that cannot be read, and an empty name: both quoted,
# the one escaped.  So is a tab, alone.
check_run --services "$tmp/none${ESC}[31m" 22
expect_status '--services, missing' 2
expect_err '--services, missing' \
    "portinfo: '$tmp/none\\x1b[31m': No such file or directory"
check_run --services "$tmp/no$(printf '\t')ne" 22
expect_status '--services, tab' 2
expect_err '--services, tab' \
    "portinfo: '$tmp/no\\x09ne': No such file or directory"
check_run --services '' 22
expect_status '--services empty' 2
expect_err '--services empty' "portinfo: '': No such file or directory"

# The user's file, found through XDG_CONFIG_HOME, then through HOME.
xdg="$tmp/x${ESC}]0;title$(printf '\007')"
mkdir -p "$xdg/portinfo" && printf '%s\n' "$BAD" \
    >"$xdg/portinfo/services.csv" || exit 2
count_check
PORTINFO_SERVICES= XDG_CONFIG_HOME=$xdg HOME=$tmp ${RUN:-} "$PORTINFO" 22 \
    >"$tmp/out" 2>"$tmp/err"
expect_err 'XDG_CONFIG_HOME' \
    "'$tmp/x\\x1b]0;title\\x07/portinfo/services.csv':$REASON"
home="$tmp/h${ESC}[2J"
mkdir -p "$home/.config/portinfo" && printf '%s\n' "$BAD" \
    >"$home/.config/portinfo/services.csv" || exit 2
count_check
PORTINFO_SERVICES= XDG_CONFIG_HOME= HOME=$home ${RUN:-} "$PORTINFO" 22 \
    >"$tmp/out" 2>"$tmp/err"
expect_err 'HOME' "'$tmp/h\\x1b[2J/.config/portinfo/services.csv':$REASON"

# Blanks that are not spaces and characters that show nothing: escaped
# in a record, and a query that holds one is quoted in a message.
blank=$(printf '\342\240\200')		# U+2800, blank Braille pattern
filler=$(printf '\343\205\244')		# U+3164, Hangul filler
selector=$(printf 'x\357\270\217')	# x and U+FE0F, a variation selector
check_run -f tsv -H "$blank" "$filler" "$selector"
expect_status 'blank characters' 2
cut -f 1 "$tmp/out" >"$tmp/got"
printf '%s\n' '\xe2\xa0\x80' '\xe3\x85\xa4' 'x\xef\xb8\x8f' >"$tmp/want"
same 'blank characters' 'query field' "$tmp/want" "$tmp/got"
check_run "$blank"
expect_err 'blank query' \
    "portinfo: '\\xe2\\xa0\\x80': not a port, range or service name"
check_run -f json "$(printf '\363\240\204\200')"
grep -q '^{"query":"\\udb40\\udd00",' "$tmp/out" ||
	fail "variation selector in JSON: $(cat "$tmp/out")"

# A query that holds a control character or DEL is quoted, as one that
# holds a hidden character is; one with a byte that is not UTF-8 or a
# backslash is not, as neither is in the Escaping section's table.
printf '2\0002\n2\0332\n2\177\n\302\2402\n2\377\n2\\2\n' >"$tmp/in"
check_run
expect_err 'control characters in queries' \
"portinfo: '2\\x002': not a port, range or service name
portinfo: '2\\x1b2': not a port, range or service name
portinfo: '2\\x7f': not a port, range or service name
portinfo: '\\xc2\\xa02': not a port, range or service name
portinfo: 2\\xff: not a port, range or service name
portinfo: 2\\\\2: not a port, range or service name"

# An empty argument is quoted.
check_run -p '' 22
expect_err 'empty protocol' "portinfo: '': unknown protocol (tcp, udp, sctp, dccp)
Try 'portinfo --help'."
check_run ''
expect_err 'empty query' "portinfo: '': empty query"

# A csv line whose only field is empty is "", not a blank line that
# readers would take for no record; tsv has no quoting, and keeps it.
check_run -f csv -H -o service 4 22/udp
printf '"%s"\nssh\n' '' >"$tmp/want"
same 'lone empty csv field' stdout "$tmp/want" "$tmp/out"
check_run -f tsv -H -o service 4 22/udp
printf '\nssh\n' >"$tmp/want"
same 'lone empty tsv field' stdout "$tmp/want" "$tmp/out"

finish
