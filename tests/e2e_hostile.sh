#!/bin/sh
# Hostile input, end to end: malformed queries, odd bytes, huge tokens,
# odd line ends, terminal escape sequences and bad options, then batch
# streams, memory and faults on standard input and output.  Nothing may
# crash, every input token must come out as a record in its place, no raw
# control byte may reach a terminal, and every failure must be explained.
#
# The matrix is one line per case:
#
#   check_case STATUS STDIN STDOUT STDERR ARG...
#
# runs "$PORTINFO" ARG... (after $RUN, if set) with STDIN on standard
# input and compares the exit status with STATUS and each output with
# what is expected, exactly.  STDIN, STDOUT and STDERR are printf formats
# (so \033, \000, \t, and \\ for a backslash), or @NAME for the file
# $tmp/NAME.  STDOUT and STDERR, unless empty, get a final newline; STDIN
# is taken as it is, so it can lack one.
#
#   check_usage STDERR ARG...
#
# is a usage error: exit status 2, nothing on standard output, and on
# standard error STDERR then the line that points to --help.
#
# Every case also checks that neither output holds a raw control byte
# (C0 but for tab and newline, DEL, C1 in UTF-8) or invalid UTF-8, and
# that JSON output is valid for jq, when jq is installed.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_hostile
. "$(dirname "$0")/lib.sh"
cases=0

# Writes printf format $1 (or the file it names as @NAME) to file $2;
# with $3 set, adds a final newline to a non-empty text.
fill() {
	case $1 in
	@*)	cp "$tmp/${1#@}" "$2" ;;
	'')	: >"$2" ;;
	*)	# shellcheck disable=SC2059
		printf "%s$1${3:+\\n}" '' >"$2" ;;
	esac
}

# A short printable name for a case, from its arguments.
label() {
	printf '%s ' "$@" | LC_ALL=C tr -c ' -~' '?' | cut -c 1-60
}

# Counts the raw control bytes in file $1: C0 (tab and newline allowed
# when $2 is "tab"), DEL, and in UTF-8 the C1 controls, the marks and
# controls of bidirectional text, and the line and paragraph separators.
raw_controls() {
	od -An -v -tx1 "$1" | awk -v tab="$2" '
	{
		for (i = 1; i <= NF; i++) {
			b = $i
			if (prev == "c2" && b >= "80" && b <= "9f")
				n++
			else if (prev == "d8" && b == "9c")
				n++
			else if (prev2 == "e2" && prev == "80" &&
			    (b == "8e" || b == "8f" || (b >= "a8" && b <= "ae")))
				n++
			else if (prev2 == "e2" && prev == "81" &&
			    b >= "a6" && b <= "a9")
				n++
			else if (b == "7f" || (b < "20" && b != "0a" &&
			    !(tab == "tab" && b == "09")))
				n++
			prev2 = prev
			prev = b
		}
	}
	END { print n + 0 }'
}

has_iconv=no
if command -v iconv >/dev/null 2>&1 &&
    printf 'caf\303\251' | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 &&
    ! printf '\377' | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; then
	has_iconv=yes
fi
has_jq=no
command -v jq >/dev/null 2>&1 && has_jq=yes

# Checks that output file $2 of case $1 is harmless on a terminal and
# valid UTF-8, and if it is JSON Lines, that jq reads it.
harmless() {
	count_check
	[ "$(raw_controls "$2" "$3")" -eq 0 ] ||
		fail "$1: raw control bytes in $(basename "$2")"
	if [ "$has_iconv" = yes ] &&
	    ! iconv -f UTF-8 -t UTF-8 "$2" >/dev/null 2>&1; then
		fail "$1: invalid UTF-8 in $(basename "$2")"
	fi
	if [ "$has_jq" = yes ] && [ "$(head -c 1 "$2")" = '{' ] &&
	    ! jq -e . "$2" >/dev/null 2>&1; then
		fail "$1: jq rejects $(basename "$2")"
	fi
}

check_case() {
	want=$1
	fill "$2" "$tmp/in"
	fill "$3" "$tmp/want.out" nl
	fill "$4" "$tmp/want.err" nl
	shift 4
	cases=$((cases + 1))
	count_check
	name="case $cases: $(label "$@")"
	run "$@"
	expect_status "$name" "$want"
	same "$name" stdout "$tmp/want.out" "$tmp/out"
	same "$name" stderr "$tmp/want.err" "$tmp/err"
	case " $* " in
	*' --color=always '*) ;;	# colours on purpose
	*) harmless "$name" "$tmp/out" tab ;;
	esac
	harmless "$name" "$tmp/err" notab
}

TRY="Try 'portinfo --help'."

check_usage() {
	msg=$1
	shift
	check_case 2 '' '' "$msg\\n$TRY" "$@"
}

# The tsv and JSON records of an invalid query, as printf formats.
tsv_invalid() {
	printf '%s\\t\\t\\t\\t\\t\\t\\t\\tinvalid\\t%s\\t\\t' "$1" "$2"
}
json_invalid() {
	printf '{"query":"%s","port":null,"port_end":null,"range":null,' "$1"
	printf '"protocol":null,"service":null,"description":null,'
	printf '"reference":null,"status":"invalid","error":"%s",' "$2"
	printf '"unauthorized":null,"suggestions":null}'
}

# Why queries are invalid, as the program says it.
LONG='query longer than 4096 bytes'
EMPTY='empty query'
NOTQ='not a port, range or service name'
RANGE='port out of range (0-65535)'
DEC='port must be decimal digits only'
SIGN='port must not have a sign'
PROTO='unknown protocol'

# Records of a few one-record queries, after the query field.
T22='\t22\t22\twell-known\ttcp\tssh\tThe Secure Shell (SSH) Protocol\tRFC4251\tassigned\t\t\t'
U53='\t53\t53\twell-known\tudp\tdomain\tDomain Name Server\t\tassigned\t\t\t'
T1='\t1\t1\twell-known\ttcp\ttcpmux\tTCP Port Service Multiplexer\t\tassigned\t\t\t'

# Odd bytes, for arguments.
ESC=$(printf '\033')
BEL=$(printf '\007')
CSI=$(printf '\302\233')	# C1 control CSI, in UTF-8
RLO=$(printf '\342\200\256')	# right-to-left override, U+202E
LSEP=$(printf '\342\200\250')	# line separator, U+2028
NBSP=$(printf '\302\240')	# no-break space, U+00A0
ZWSP=$(printf '\342\200\213')	# zero-width space, U+200B
SHY=$(printf '\302\255')	# soft hyphen, U+00AD
CGJ=$(printf '\315\217')	# combining grapheme joiner, U+034F
WJ=$(printf '\342\201\240')	# word joiner, U+2060
DEL=$(printf '\177')
TAB=$(printf '\t')
CR=$(printf '\r')

# Big inputs.  An argument cannot be 1 MB (Linux caps one at 128 KB), so
# arguments get 100,000 bytes and standard input 1 MB.
x4096=$(head -c 4096 /dev/zero | tr '\0' x)
y4096=$(echo "$x4096" | tr x y)
d4096=$(echo "$x4096" | tr x 9)
d61=$(printf '%.61s' "$d4096")
big_arg=$(head -c 100000 /dev/zero | tr '\0' 9)
x61=$(printf '%.61s' "$x4096")
head -c 1048576 /dev/zero | tr '\0' x >"$tmp/tok_1m"
head -c 1048576 /dev/zero >"$tmp/nul_1m"
{ head -c 1048576 /dev/zero | tr '\0' ' '; echo 22/tcp; } >"$tmp/blank_1m"
{ printf '#'; head -c 1048576 /dev/zero | tr '\0' c; printf '\n22/tcp'; } \
    >"$tmp/comment_1m"
printf '%s' "$x4096" | sed 's/x/\\\\x00/g' >"$tmp/nul_4096"
nul_record=$(cat "$tmp/nul_4096")

# --- The matrix: queries given as arguments ----------------------------
#  status stdin stdout  stderr                                 args

check_case  2  ''  ''  "portinfo: 65536: $RANGE"                        65536
check_case  2  ''  ''  "portinfo: 99999999999999999999: $RANGE"         99999999999999999999
check_case  2  ''  ''  "portinfo: -1: $SIGN"                            -- -1
check_case  2  ''  ''  "portinfo: +22: $SIGN"                           +22
check_case  2  ''  ''  "portinfo: 0x16: $DEC"                           0x16
check_case  2  ''  ''  "portinfo: 1e3: $DEC"                            1e3
check_case  2  ''  ''  "portinfo: 22.0: $DEC"                           22.0
check_case  2  ''  ''  "portinfo: 22x: $DEC"                            22x
check_case  2  ''  ''  "portinfo: '': $EMPTY"                           ''
check_case  2  ''  ''  "portinfo: ' ': $NOTQ"                           ' '
check_case  2  ''  ''  "portinfo: '\\\\x09 ': $NOTQ"                    "$TAB "
check_case  2  ''  ''  "portinfo: '22 ': $NOTQ"                         '22 '
check_case  2  ''  ''  "portinfo: '22\\\\x0d': $NOTQ"                   "22$CR"
check_case  2  ''  ''  "portinfo: ':': missing port after ':'"          :
check_case  2  ''  ''  "portinfo: '[::1]:': missing port after ':'"     '[::1]:'
check_case  2  ''  ''  "portinfo: '[::1': missing ']' after IPv6 address" '[::1'
check_case  2  ''  ''  "portinfo: 'host:99999': $RANGE"                 host:99999
check_case  2  ''  ''  "portinfo: 'h:1-2': a range cannot follow a host" h:1-2
check_case  2  ''  ''  "portinfo: 'a:b:c': IPv6 address needs brackets, as in [2001:db8::1]:443" a:b:c
check_case  2  ''  ''  "portinfo: 'x://': missing host in URL"          x://
check_case  2  ''  ''  "portinfo: '1://h': invalid URL scheme"          1://h
check_case  2  ''  ''  "portinfo: 'xyz://h': unknown scheme and no port" xyz://h
check_case  2  ''  ''  "portinfo: 'http://h/\\\\x1b[2J': invalid character in URL" "http://h/${ESC}[2J"
check_case  2  ''  ''  "portinfo: /tcp: missing port or service name before '/'" /tcp
check_case  2  ''  ''  "portinfo: 22/: missing protocol after '/'"     22/
check_case  2  ''  ''  "portinfo: 22/icmp: $PROTO"                      22/icmp
check_case  2  ''  ''  "portinfo: 22/tcp/udp: more than one '/'"       22/tcp/udp
check_case  2  ''  ''  "portinfo: 100-10: reversed range"               100-10
check_case  2  ''  ''  "portinfo: 65535-0: reversed range"              65535-0
check_case  0  ''  ''  ''                                               -q 00000-065535
check_case  1  ''  '49152-65535\t49152\t65535\tdynamic\t\t\t\t\tunassigned\t\t\t' '' --iana -f tsv -H 49152-65535
check_case  2  ''  ''  "portinfo: 0-65536: $RANGE"                      0-65536
check_case  2  ''  ''  "portinfo: 1-99999999999999999999: $RANGE"       1-99999999999999999999
check_case  2  ''  ''  "portinfo: 22-: missing end of range"           22-
check_case  2  ''  ''  "portinfo: 1-2-3: $DEC"                          1-2-3
check_case  2  ''  ''  "portinfo: --: $NOTQ"                            -- --
check_case  2  ''  ''  "portinfo: '\\\\x1b[2J': $NOTQ"                  "${ESC}[2J"
check_case  2  ''  ''  "portinfo: '\\\\x1b]0;pwned\\\\x07': $NOTQ"      "$ESC]0;pwned$BEL"
check_case  2  ''  ''  "portinfo: '\\\\xc2\\\\x9b2J': $NOTQ"              "${CSI}2J"
check_case  2  ''  ''  "portinfo: 'a\\\\x7fb': $NOTQ"                   "a${DEL}b"
check_case  2  ''  ''  "portinfo: '\\\\xe2\\\\x80\\\\xaepct': $NOTQ"   "${RLO}pct"
check_case  2  ''  ''  "portinfo: 'a\\\\xe2\\\\x80\\\\xa8b': $NOTQ"   "a${LSEP}b"
# Pasted invisibles: escaped, and quoted as a space would be.
check_case  2  ''  ''  "portinfo: '22\\\\xc2\\\\xa0': $NOTQ"   "22$NBSP"
check_case  2  ''  ''  "portinfo: '\\\\xe2\\\\x80\\\\x8b22': $NOTQ"   "${ZWSP}22"
check_case  2  ''  "$(json_invalid '\\u00ad\\u034f\\u2060' "$NOTQ")" "portinfo: '\\\\xc2\\\\xad\\\\xcd\\\\x8f\\\\xe2\\\\x81\\\\xa0': $NOTQ" -f json "$SHY$CGJ$WJ"
check_case  2  ''  ''  "portinfo: \\\\xff\\\\xfe: $NOTQ"                "$(printf '\377\376')"
check_case  2  ''  ''  "portinfo: \\\\xc0\\\\xaf: $NOTQ"                "$(printf '\300\257')"
check_case  2  ''  ''  "portinfo: \\\\xed\\\\xa0\\\\x80: $NOTQ"         "$(printf '\355\240\200')"
check_case  2  ''  ''  "portinfo: \\\\xf4\\\\x90\\\\x80\\\\x80: $NOTQ"  "$(printf '\364\220\200\200')"
check_case  2  ''  ''  "portinfo: caf\303\251: $NOTQ"                   "$(printf 'caf\303\251')"
check_case  2  ''  ''  "portinfo: ${x61}...: $LONG"                     "$(printf '%.4097s' "$x4096$x4096")"
check_case  2  ''  ''  "portinfo: ${d61}...: $RANGE"                    "$d4096"
check_case  2  ''  ''  "portinfo: 9999999999999999999999999999999999999999999999999999999999999...: $LONG" "$big_arg"
check_case  2  ''  "$(tsv_invalid '\\x1b[2J' "$NOTQ")" "portinfo: '\\\\x1b[2J': $NOTQ" -f tsv -H "${ESC}[2J"
check_case  2  ''  "$(json_invalid '\\u001b]0;pwned\\u0007' "$NOTQ")" "portinfo: '\\\\x1b]0;pwned\\\\x07': $NOTQ" -f json "$ESC]0;pwned$BEL"
check_case  2  ''  "$(json_invalid '\\u009b2J' "$NOTQ")" "portinfo: '\\\\xc2\\\\x9b2J': $NOTQ" -f json "${CSI}2J"
check_case  2  ''  "$(json_invalid '\\u202e\\u2028' "$NOTQ")" "portinfo: '\\\\xe2\\\\x80\\\\xae\\\\xe2\\\\x80\\\\xa8': $NOTQ" -f json "${RLO}${LSEP}"
check_case  0  ''  "http://h:1/\\\\xe2\\\\x80\\\\xae  well-known port 1 (IANA system, 0-1023)\n  tcp  tcpmux  TCP Port Service Multiplexer\n  udp  tcpmux  TCP Port Service Multiplexer" '' "http://h:1/$RLO"
check_case  2  ''  "$(json_invalid '\357\277\275\357\277\275' "$NOTQ")" "portinfo: \\\\xff\\\\xfe: $NOTQ" -f json "$(printf '\377\376')"
check_case  2  ''  "$(json_invalid '' "$EMPTY")" "portinfo: '': $EMPTY"        -f json ''
check_case  1  ''  "\"a,\"\"b\",,,,,,,,unknown,,," '' -f csv -H -s 'a,"b'
check_case  2  ''  "22\\\\x0d\\\\x0ax,,,,,,,,invalid,\"$NOTQ\",," "portinfo: '22\\\\x0d\\\\x0ax': $NOTQ" -f csv -H "$(printf '22\r\nx')"
check_case  0  ''  "http://h:1/\\\\xc2\\\\x9b[2J  well-known port 1 (IANA system, 0-1023)\n  tcp  tcpmux  TCP Port Service Multiplexer\n  udp  tcpmux  TCP Port Service Multiplexer" '' "http://h:1/${CSI}[2J"
check_case  0  ''  "\033[1mhttp://h:1/\\\\xc2\\\\x9b  well-known port 1 (IANA system, 0-1023)\033[0m\n  tcp  \033[32mtcpmux\033[0m  TCP Port Service Multiplexer\n  udp  \033[32mtcpmux\033[0m  TCP Port Service Multiplexer" '' --color=always "http://h:1/$CSI"
check_case  1  ''  '\\x1b[2J  text search: no match' ''             -s "${ESC}[2J"

# --- Queries on standard input ------------------------------------------

check_case  0  ''                  ''                     ''  -f tsv -H
check_case  0  ''                  'query,port,port_end,range,protocol,service,description,reference,status,error,unauthorized,suggestions' '' -f csv
check_case  0  ' \n\t\r\n \v\f'    ''                     ''  -f tsv -H
check_case  0  '# only a comment'  ''                     ''  -f tsv -H
check_case  0  ''                  ''                     ''  -
check_case  2  '-\n'               "$(tsv_invalid - "$NOTQ")"    "portinfo: -: $NOTQ" -f tsv -H
check_case  0  '22/tcp\r\n53/udp\r\n' "22/tcp$T22\n53/udp$U53" '' -f tsv -H
check_case  0  '22/tcp\r53/udp'    "22/tcp$T22\n53/udp$U53" '' -f tsv -H
check_case  0  '22/tcp'            "22/tcp$T22"           ''  -f tsv -H
check_case  0  '# c\r22/tcp\r\r'   "22/tcp$T22"           ''  -f tsv -H
check_case  0  '22/tcp,,,53/udp,'  "22/tcp$T22\n53/udp$U53" '' -f tsv -H
check_case  2  '22#x #y\n'         "$(tsv_invalid '22#x' "$NOTQ")" "portinfo: 22#x: $NOTQ" -f tsv -H
check_case  2  '22\000x\n'         "$(tsv_invalid '22\\x00x' "$NOTQ")" "portinfo: '22\\\\x00x': $NOTQ" -f tsv -H
check_case  2  '\000'              "$(json_invalid '\\u0000' "$NOTQ")" "portinfo: '\\\\x00': $NOTQ" -f json
check_case  2  '22/tcp\000 1/tcp'  "$(tsv_invalid '22/tcp\\x00' "$PROTO")\n1/tcp$T1" "portinfo: '22/tcp\\\\x00': $PROTO" -f tsv -H
check_case  2  '\033[2J\n'         "$(tsv_invalid '\\x1b[2J' "$NOTQ")" "portinfo: '\\\\x1b[2J': $NOTQ" -f tsv -H
check_case  2  '\033]0;x\007'      "$(json_invalid '\\u001b]0;x\\u0007' "$NOTQ")" "portinfo: '\\\\x1b]0;x\\\\x07': $NOTQ" -f json
check_case  2  '\302\235x\302\234' "$(json_invalid '\\u009dx\\u009c' "$NOTQ")" "portinfo: '\\\\xc2\\\\x9dx\\\\xc2\\\\x9c': $NOTQ" -f json
check_case  2  'a\\b "q"'          "$(json_invalid 'a\\\\b' "$NOTQ")\n$(json_invalid '\\"q\\"' "$NOTQ")" "portinfo: a\\\\\\\\b: $NOTQ\nportinfo: \"q\": $NOTQ" -f json
check_case  2  '\377 \303'         "$(tsv_invalid '\\xff' "$NOTQ")\n$(tsv_invalid '\\xc3' "$NOTQ")" "portinfo: \\\\xff: $NOTQ\nportinfo: \\\\xc3: $NOTQ" -f tsv -H
check_case  2  '\377 \303'         "$(json_invalid '\357\277\275' "$NOTQ")\n$(json_invalid '\357\277\275' "$NOTQ")" "portinfo: \\\\xff: $NOTQ\nportinfo: \\\\xc3: $NOTQ" -f json
check_case  2  '\355\240\200'      "$(json_invalid '\357\277\275\357\277\275\357\277\275' "$NOTQ")" "portinfo: \\\\xed\\\\xa0\\\\x80: $NOTQ" -f json
check_case  2  '\033[2J\n'         ''                     "portinfo: '\\\\x1b[2J': $NOTQ"
check_case  2  @tok_1m             "$(tsv_invalid "$x4096" "$LONG")" "portinfo: ${x61}...: $LONG" -f tsv -H
check_case  2  @nul_1m             "$(tsv_invalid "$nul_record" "$LONG")" "portinfo: '\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00\\\\x00...': $LONG" -f tsv -H
check_case  0  @blank_1m           "22/tcp$T22"           ''  -f tsv -H
check_case  0  @comment_1m         "22/tcp$T22"           ''  -f tsv -H
check_case  0  '22/tcp\n'          "22/tcp$T22"           ''  -f tsv -H -
check_case  0  '22/tcp\n'          "22/tcp$T22"           ''  -f tsv -H - -
check_case  0  '22/tcp\n'          "22/tcp$T22"           ''  -f tsv -H -- -
check_case  2  '22/tcp\n'          "22/tcp$T22\n$(tsv_invalid 65536 "$RANGE")" "portinfo: 65536: $RANGE" -f tsv -H - 65536

# --- Options: unknown, missing or bad arguments, repeated, contradicting -

check_usage  'portinfo: -y: unknown option'                             -y 22
check_usage  'portinfo: --bogus: unknown option'                        --bogus
check_usage  "portinfo: '--\\\\x1b[31m': unknown option"                "--${ESC}[31m"
check_usage  'portinfo: --help=yes: option takes no argument'           --help=yes
check_usage  'portinfo: -f: option needs an argument'                   22 -f
check_usage  'portinfo: --format: option needs an argument'             --format
check_usage  'portinfo: -p: option needs an argument'                   -p
check_usage  'portinfo: -s: option needs an argument'                   -s
check_usage  'portinfo: xml: unknown format (human, tsv, csv, json)'    -f xml 22
check_usage  'portinfo: JSONL: unknown format (human, tsv, csv, json)'  -f JSONL 22
check_usage  "portinfo: '': unknown format (human, tsv, csv, json)"     --format= 22
check_usage  'portinfo: x: unknown colour choice (auto, always, never)' --color=x 22
check_usage  "portinfo: '': unknown colour choice (auto, always, never)" --color= 22
check_usage  'portinfo: icmp: unknown protocol (tcp, udp, sctp, dccp)'  -p icmp 22
check_usage  "portinfo: '': unknown protocol (tcp, udp, sctp, dccp)"    -p '' 22
check_usage  "portinfo: '': unknown protocol (tcp, udp, sctp, dccp)"    -p tcp, 22
check_usage  "portinfo: 'tcp udp': unknown protocol (tcp, udp, sctp, dccp)" -p 'tcp udp' 22
check_usage  "portinfo: '\\\\x1b[2J': unknown protocol (tcp, udp, sctp, dccp)" -p "tcp,${ESC}[2J" 22
check_usage  'portinfo: bogus: unknown class (well-known, registered, dynamic)' --list=bogus
check_usage  'portinfo: -s cannot be used with -l'                     -l -s x
check_usage  'portinfo: -s cannot be used with -l'                     -s x -l well-known
check_usage  'portinfo: 22: unknown class (well-known, registered, dynamic)' -l 22
check_usage  "portinfo: '': unknown class (well-known, registered, dynamic)" -l ''
check_usage  'portinfo: 22: a query cannot be given with -l'            -l dynamic 22
check_usage  'portinfo: 22: a query cannot be given with -s'            -s x 22
check_usage  'portinfo: -: a query cannot be given with -s'             -s x -
check_usage  "portinfo: '': not a count (1-65536)"                      -n '' --free
check_usage  'portinfo: -1: not a count (1-65536)'                      --free -n -1
check_usage  'portinfo: 0: not a count (1-65536)'                       --free -n 0
check_usage  'portinfo: 99999999999999999999: not a count (1-65536)'    --free -n 99999999999999999999
check_usage  'portinfo: -n: option needs an argument'                   --free -n
check_usage  'portinfo: -n goes with --free only'                       -n 2 22
check_usage  'portinfo: 100-10: reversed range'                        --free 100-10
check_usage  "portinfo: '': empty query"                               --free=
check_usage  "portinfo: '\\\\x1b[2J': not a port, range or service name" "--free=${ESC}[2J"
check_usage  'portinfo: -s needs a text to search for'                 -s ''
check_usage  'portinfo: -s needs a text to search for'                 --search=
check_usage  'portinfo: --free finds tcp and udp ports only'            --free 22/sctp
check_usage  'portinfo: 3: a query cannot be given with --free'         --free 1-2 3
check_usage  'portinfo: -: a query cannot be given with --listening'    --listening -
check_usage  'portinfo: -L cannot be used with --free'                 --free -L
check_usage  'portinfo: -s cannot be used with --listening'            --listening -s x
check_usage  'portinfo: --listening shows tcp and udp ports only'       --listening -p sctp

check_case  0  ''  "22/tcp$T22"  ''                     -f json -f tsv -H 22/tcp
check_case  0  ''  "22/tcp$T22"  ''                     -f tsv -H -H 22/tcp
check_case  0  ''  ''            ''                     -f tsv -q -q 22/tcp
check_case  2  ''  ''            "portinfo: 65536: $RANGE" -q 65536 22
check_case  0  ''  "22$T22"      ''                     -p udp -p tcp -f tsv -H 22
check_case  1  ''  '22/udp\t22\t22\twell-known\t\t\t\t\tunknown\t\t\t' '' -p tcp -f tsv -H 22/udp
check_case  0  ''  '22/tcp  well-known port 22 (IANA system, 0-1023)\n  tcp  ssh  The Secure Shell (SSH) Protocol  RFC4251' '' --color=always --color=never -H 22/tcp
check_case  1  ''  'xyzzy\t\t\t\t\t\t\t\tunknown\t\t\t' ''      -s x -s xyzzy -f tsv -H
check_case  1  ''  'dynamic\t49152\t65535\tdynamic\t\t\t\t\tunassigned\t\t\t' '' --iana -l well-known -l dynamic -f tsv -H

# --- Batch mode: every token yields its records, in order ---------------
#
# A stream of hostile tokens, each written with a random separator, no
# token twice in a row: the first field of the output, with repeats
# squeezed, must be the tokens themselves, escaped as the manual says;
# and the output must be exactly what each token gives on its own, put
# together, in tsv, csv and JSON.

mkdir "$tmp/tok"
ntok=0
# tok RAW WANT: a token (printf format) and its query field in tsv.
tok() {
	ntok=$((ntok + 1))
	printf "%s$1" '' >"$tmp/tok/$ntok"
	printf "%s$2\\n" '' >"$tmp/tok/$ntok.want"
}
tok '22'                '22'
tok '22/tcp'            '22/tcp'
tok '65536'             '65536'
tok '+22'               '+22'
tok '8000-8003'         '8000-8003'
tok 'ssh'               'ssh'
tok 'no-such-service'   'no-such-service'
tok 'http://h:1/a?b#c'  'http://h:1/a?b#c'
tok '22#x'              '22#x'
tok '22/icmp'           '22/icmp'
tok '\000'              '\\x00'
tok '2\0002'            '2\\x002'
tok '\033[2J'           '\\x1b[2J'
tok '\033]0;t\007'      '\\x1b]0;t\\x07'
tok '\302\233'          '\\xc2\\x9b'
tok 'a\342\200\256b'     'a\\xe2\\x80\\xaeb'
tok '\377\376'          '\\xff\\xfe'
tok 'caf\303\251'       'caf\303\251'
tok '\355\240\200'      '\\xed\\xa0\\x80'
tok 'a\\b'              'a\\\\b'
tok '"q"'               '"q"'
tok '\177'              '\\x7f'
tok '-'                 '-'
tok 'ssh/udp'           'ssh/udp'
tok "$y4096"            "$y4096"
tok "${x4096}xx"        "$x4096"
tok '\000'              "$nul_record"
head -c 5000 /dev/zero >"$tmp/tok/$ntok"	# 5000 NULs, cut to 4096

# What separates the tokens, one printf format a line: every kind of
# white space and line end, commas, and comments.
cat >"$tmp/seps" <<'EOF'
 
\n
\r\n
\r
,
\t
 , 
\v
\f
\n# a comment, 22\n
 \t\r\n\n
,,
EOF
nsep=$(wc -l <"$tmp/seps")

# "TOKEN SEPARATOR" numbers, 300 of them, no token twice in a row.
awk -v ntok="$ntok" -v nsep="$nsep" 'BEGIN {
	srand(4);
	for (i = 0; i < 300; i++) {
		do
			k = 1 + int(rand() * ntok)
		while (k == last)
		last = k
		print k, 1 + int(rand() * nsep)
	}
}' >"$tmp/plan"

: >"$tmp/stream"
: >"$tmp/want.col1"
while read -r k s; do
	cat "$tmp/tok/$k" >>"$tmp/stream"
	sep=$(sed -n "${s}p" "$tmp/seps")
	# shellcheck disable=SC2059
	printf "%s$sep" '' >>"$tmp/stream"
	cat "$tmp/tok/$k.want" >>"$tmp/want.col1"
done <"$tmp/plan"

# Each token alone, in tsv and JSON; its query field, first.
i=1
while [ "$i" -le "$ntok" ]; do
	cp "$tmp/tok/$i" "$tmp/in"
	run -f tsv -H
	mv "$tmp/out" "$tmp/tok/$i.tsv"
	cp "$tmp/tok/$i" "$tmp/in"
	run -f json
	mv "$tmp/out" "$tmp/tok/$i.json"
	count_check
	cut -f 1 "$tmp/tok/$i.tsv" | uniq >"$tmp/col1"
	same "token $i alone: query field" stdout "$tmp/tok/$i.want" "$tmp/col1"
	i=$((i + 1))
done

# The batch: exactly the records of each token alone, in order.
for f in tsv json; do
	: >"$tmp/want.$f"
	while read -r k s; do
		cat "$tmp/tok/$k.$f" >>"$tmp/want.$f"
	done <"$tmp/plan"
done
cp "$tmp/stream" "$tmp/in"
run -f tsv -H
count_check
[ "$rc" -eq 2 ] || fail "batch: exit status $rc, expected 2"
same 'batch, tsv' stdout "$tmp/want.tsv" "$tmp/out"
cut -f 1 "$tmp/out" | uniq >"$tmp/col1"
same 'batch: query fields against tokens' stdout "$tmp/want.col1" "$tmp/col1"
harmless 'batch, tsv' "$tmp/out" tab
harmless 'batch, tsv' "$tmp/err" notab
# One message per invalid record, none for the others.
[ "$(wc -l <"$tmp/err")" -eq "$(cut -f 9 "$tmp/out" | grep -c '^invalid$')" ] ||
	fail 'batch: not one message per invalid query'
records=$(wc -l <"$tmp/out")

cp "$tmp/stream" "$tmp/in"
run -f json
count_check
same 'batch, json' stdout "$tmp/want.json" "$tmp/out"
harmless 'batch, json' "$tmp/out" notab

cp "$tmp/stream" "$tmp/in"
run -f csv -H
count_check
[ "$(wc -l <"$tmp/out")" -eq "$records" ] ||
	fail "batch, csv: $(wc -l <"$tmp/out") records, expected $records"
harmless 'batch, csv' "$tmp/out" notab

# With the local view, a record for each socket on a query's ports, or
# one for the query: every query, in order.
if [ "${LOCAL:-procfs}" != none ] && [ -r /proc/net/tcp ]; then
	cp "$tmp/stream" "$tmp/in"
	run -L -f tsv -H
	count_check
	cut -f 1 "$tmp/out" | uniq >"$tmp/col1"
	same 'batch, -L' stdout "$tmp/want.col1" "$tmp/col1"
	harmless 'batch, -L' "$tmp/out" tab
fi

# From a pipe, as from a file.
count_check
# shellcheck disable=SC2002
cat "$tmp/stream" | ${RUN:-} "$PORTINFO" -f tsv -H >"$tmp/out" 2>/dev/null
same 'batch from a pipe' stdout "$tmp/want.tsv" "$tmp/out"

# A line of 1 MB: 150,000 tokens, each one record, and no final newline.
yes '22/tcp 1/tcp 65536' 2>/dev/null | head -n 50000 | tr '\n' ' ' >"$tmp/in"
tr ' ' '\n' <"$tmp/in" >"$tmp/want"
run -f tsv -H
count_check
[ "$rc" -eq 2 ] || fail "1 MB line: exit status $rc, expected 2"
cut -f 1 "$tmp/out" >"$tmp/col1"
same '1 MB line: query fields against tokens' stdout "$tmp/want" "$tmp/col1"
[ "$(wc -l <"$tmp/err")" -eq 50000 ] || fail '1 MB line: messages lost'

# --- Memory: the same however long the input ----------------------------
#
# The program keeps nothing it reads past its answer, so 50 MB of queries
# may not cost more than 5 MB (tests/lib.sh says how and when this is
# measured).

# make_input BYTES: $tmp/in, every kind of token over and over.
make_input() {
	yes "$(printf '22/tcp 1/tcp 65536 ssh/udp caf\303\251 \033[2J')" \
	    2>/dev/null | head -c "$1" >"$tmp/in"
}

expect_flat_memory

# --- Faults on standard input and output --------------------------------

# A full disk: a message and status 2, whatever the format, whether the
# queries are arguments or read from standard input.
if [ -w /dev/full ]; then
	echo 'portinfo: write error: No space left on device' >"$tmp/want"
	for args in '22' '-f tsv 22' '-f csv 22' '-f json 22' '-' '-f tsv' \
	    '-f json -' '-l' '-f tsv -l'; do
		count_check
		printf '22\n80\n' >"$tmp/in"
		# shellcheck disable=SC2086
		${RUN:-} "$PORTINFO" $args <"$tmp/in" >/dev/full 2>"$tmp/err"
		rc=$?
		[ "$rc" -eq 2 ] ||
			fail "/dev/full, $args: exit status $rc, expected 2"
		same "/dev/full, $args" stderr "$tmp/want" "$tmp/err"
	done
fi

# Standard output closed.
count_check
: >"$tmp/in"
${RUN:-} "$PORTINFO" 22 <"$tmp/in" >&- 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "stdout closed: exit status $rc, expected 2"
echo 'portinfo: write error: Bad file descriptor' >"$tmp/want"
same 'stdout closed' stderr "$tmp/want" "$tmp/err"

# Standard input closed, or a directory: a read error, status 2, and the
# queries given as arguments are still answered.
for args in '-' '' '-f tsv -H 22/tcp - 1/tcp'; do
	count_check
	# shellcheck disable=SC2086
	${RUN:-} "$PORTINFO" $args <&- >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 2 ] || fail "stdin closed, '$args': exit status $rc"
	echo 'portinfo: read error: Bad file descriptor' >"$tmp/want"
	same "stdin closed, '$args'" stderr "$tmp/want" "$tmp/err"
done
printf '22/tcp%b\n1/tcp%b\n' "$T22" "$T1" >"$tmp/want.out"
same 'stdin closed, arguments answered' stdout "$tmp/want.out" "$tmp/out"

if [ -d / ] && ! cat </ >/dev/null 2>&1; then
	count_check
	${RUN:-} "$PORTINFO" -f tsv -H 22/tcp - 1/tcp </ >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 2 ] || fail "stdin a directory: exit status $rc"
	echo 'portinfo: read error: Is a directory' >"$tmp/want"
	same 'stdin a directory' stderr "$tmp/want" "$tmp/err"
	same 'stdin a directory' stdout "$tmp/want.out" "$tmp/out"
fi

# The reader of the output goes away: the program ends at once and says
# nothing, killed by SIGPIPE, or with status 2 when SIGPIPE is ignored.
# An endless input shows that it does not read on, where timeout(1) can
# turn a hang into a failure; without it, the input is finite.
limit=
source='yes 22'
if command -v timeout >/dev/null 2>&1; then
	limit='timeout 60'
else
	source='yes 22 | head -n 1000000'
fi

# A shell started with SIGPIPE ignored cannot restore it for its
# children: the program then sees a failed write instead.
{ yes 2>/dev/null; echo $? >"$tmp/rc"; } | head -n 1 >/dev/null
sigpipe=default
[ "$(cat "$tmp/rc")" -gt 128 ] || sigpipe=ignored

# pipe_test NAME IGNORE ARGS...: runs "... | portinfo ARGS | head -1",
# with SIGPIPE ignored if IGNORE is yes.
pipe_test() {
	pname=$1
	ignore=$2
	shift 2
	count_check
	rm -f "$tmp/rc"
	# shellcheck disable=SC2016
	$limit sh -c '
		[ "$1" = yes ] && trap "" PIPE
		shift
		eval "$SOURCE" 2>/dev/null | {
			${RUN:-} "$PORTINFO" "$@" 2>"$TMPF/err"
			echo $? >"$TMPF/rc"
		} | head -n 1 >"$TMPF/out"
	' sh "$ignore" "$@"
	[ -s "$tmp/rc" ] || { fail "$pname: did not end"; return; }
	prc=$(cat "$tmp/rc")
	if [ "$ignore" = yes ] || [ "$sigpipe" = ignored ]; then
		[ "$prc" -eq 2 ] || fail "$pname: status $prc, expected 2"
	else
		[ "$prc" -gt 128 ] || fail "$pname: status $prc, expected SIGPIPE"
	fi
	[ -s "$tmp/err" ] && fail "$pname: says $(head -c 200 "$tmp/err")"
	[ -s "$tmp/out" ] || fail "$pname: printed nothing"
}
export TMPF="$tmp" SOURCE="$source" PORTINFO RUN

pipe_test '-l | head -1' no -l
pipe_test '-l | head -1, SIGPIPE ignored' yes -f tsv -l
pipe_test 'endless input | head -1' no
pipe_test 'endless input | head -1, SIGPIPE ignored' yes -f json

# Limits, for the program alone: valgrind and the sanitizers map far
# more than that of their own.  A table held in memory that finds none
# says so, not "write error": 1,101 rows of some 4 KB under address
# space limits around what they need.
if [ -z "${RUN:-}" ] && [ -z "${SANITIZERS:-}" ] &&
    (ulimit -v 16384) 2>/dev/null; then
	awk 'BEGIN { h = sprintf("%4000s", ""); gsub(/ /, "a", h)
	    for (i = 0; i < 1101; i++) print "tcp " h ".example.com:22" }' \
	    >"$tmp/wide"
	# Nor does it need a big stack: its output buffer is not on it.
	count_check
	(ulimit -s 48 && exec "$PORTINFO" 22) >"$tmp/out" 2>"$tmp/err" ||
		fail "ulimit -s 48: exit $?, $(head -c 200 "$tmp/err")"
	for kib in 6000 7000 8000 9000 10000 11000 12000 14000; do
		count_check
		(ulimit -v $kib && exec "$PORTINFO" -x <"$tmp/wide") \
		    >/dev/null 2>"$tmp/err"
		rc=$?
		# One line, strerror(ENOMEM)'s: glibc's and musl's differ.
		[ $rc -eq 2 ] && { grep -q 'write error' "$tmp/err" ||
		    [ "$(grep -c '^portinfo: ' "$tmp/err")" -ne 1 ] ||
		    [ "$(wc -l <"$tmp/err")" -ne 1 ]; } &&
			fail "ulimit -v $kib: $(head -1 "$tmp/err")"
	done
else
	echo "e2e_hostile: address space limits not tried"
fi

finish "$cases cases"
