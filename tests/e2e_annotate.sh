#!/bin/sh
# End-to-end tests of --annotate: every line of the input comes out as it
# was and in order, as many lines as went in, those that name endpoints
# followed by what they mean; what a terminal would act on is escaped;
# each line is answered as soon as it is read, in constant memory.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_annotate
. "$(dirname "$0")/lib.sh"
tools=$(dirname "$0")/data/tools

# annotate INPUT ARG...: runs the program with --annotate ARG... on
# INPUT: output in $tmp/out and $tmp/err, exit status in $rc.
annotate() {
	_in=$1
	shift
	count_check
	${RUN:-} "$PORTINFO" --annotate --no-labels "$@" <"$_in" \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# same_text NAME WANT GOT: the files are equal, or the difference is shown.
same_text() {
	cmp -s "$2" "$3" && return 0
	fail "$1: differs (-expected +actual):"
	diff -u "$2" "$3" | sed -n '3,$s/^/    /p'
}

# expect_lines NAME INPUT: $tmp/out is INPUT line by line, each line
# either as it was or followed by two or more spaces and "# ...", a CR
# that ends a line staying at its end; as many lines as INPUT has.
expect_lines() {
	count_check
	[ "$(wc -l <"$2")" -eq "$(wc -l <"$tmp/out")" ] ||
		fail "$1: $(wc -l <"$tmp/out") lines for $(wc -l <"$2")"
	awk -v name="$1" '
	    NR == FNR { line[NR] = $0; n = NR; next }
	    { want = line[FNR]; sub(/\r$/, "", want); sub(/\r$/, "")
	      if ($0 == want) next
	      if (substr($0, 1, length(want)) == want &&
		  substr($0, length(want) + 1) ~ /^   *# [^#]+$/) {
		      notes++; next }
	      printf "FAIL: %s: line %d is \"%s\"\n", name, FNR, $0
	      bad = 1 }
	    END { print notes + 0 >"/dev/stderr"; exit bad }' \
	    "$2" "$tmp/out" 2>"$tmp/notes" || echo >>"$tmp/failures"
}

# --- Every capture: its lines, as they were ------------------------------

notes=0
for f in "$tools"/*.txt; do
	name=$(basename "$f" .txt)
	annotate "$f"
	expect_lines "$name" "$f"
	[ -s "$tmp/err" ] && fail "$name: says $(cat "$tmp/err")"
	notes=$((notes + $(cat "$tmp/notes")))
	# The exit status is -x's.
	status=$rc
	${RUN:-} "$PORTINFO" -x -q --no-labels <"$f"
	rc=$?
	expect_status "$name: the exit status of -x" "$status"
done
count_check
[ "$notes" -ge 100 ] || fail "captures: only $notes lines annotated"

# The layout: the column after the widest line so far, a multiple of 8,
# at most 80, where a line too wide for it moves it too; two spaces after
# a longer line; per endpoint, once, its port, the
# line's protocol and the names; a line of endpoints that mean nothing
# passes alone.  IANA's names alone (--iana), so that the common uses of
# the data do not change what is checked.
annotate "$tools/ufw-status.txt" --iana
expect_status 'ufw status' 1
sed -n '5,9p' "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOF'
22/tcp                     ALLOW       Anywhere         # 22/tcp ssh
5432                       ALLOW       192.0.2.0/24     # 5432 postgresql
80,443/tcp                 ALLOW       Anywhere         # 80/tcp http, www, www-http; 443/tcp https
60000:61000/udp            ALLOW       Anywhere
8080                       DENY        198.51.100.7     # 8080 http-alt
EOF
same_text 'ufw status' "$tmp/want" "$tmp/got"
printf '%s\n' 'a dport 22' 'a longer line, then dport 22/udp' \
    'conntrack tcp sport=51514 dport=22 src=x sport=22 dport=51514' \
    "$(printf '%081d' 0) dport 22" 'dport 1:1024,6000:6010' >"$tmp/in"
annotate "$tmp/in" --iana
cat >"$tmp/want" <<'EOF'
a dport 22      # 22 ssh
a longer line, then dport 22/udp        # 22/udp ssh
conntrack tcp sport=51514 dport=22 src=x sport=22 dport=51514   # 22/tcp ssh
000000000000000000000000000000000000000000000000000000000000000000000000000000000 dport 22  # 22 ssh
dport 1:1024,6000:6010                                                          # 6000-6010 x11
EOF
same_text 'layout' "$tmp/want" "$tmp/out"
# Common uses in parentheses after IANA's names; labels beside IANA's.
printf '%s\n' 'Service Name,Port Number,Transport Protocol' \
    'team-api,8080,tcp' >"$tmp/team.csv"
printf 'x dport 8080\n' >"$tmp/in"
count_check
${RUN:-} "$PORTINFO" --annotate --services "$tmp/team.csv" <"$tmp/in" \
    >"$tmp/out" 2>"$tmp/err"
grep -qx 'x dport 8080    # 8080 http-alt, team-api ([a-z, -]*)' \
    "$tmp/out" || fail "labels and common uses: $(cat "$tmp/out")"
# A service name is answered by its port.
printf 'tcp LISTEN 0 128 0.0.0.0:ssh 0.0.0.0:*\n' >"$tmp/in"
annotate "$tmp/in" --iana
grep -qx 'tcp LISTEN 0 128 0.0.0.0:ssh 0.0.0.0:\*  *# ssh/tcp 22' \
    "$tmp/out" || fail "a name: $(cat "$tmp/out")"
# So are an alias, a common use and a label's name, as ss -tl, lsof -i
# and firewall rules write them; with --iana only IANA's names are known.
printf '%s\n' 'LISTEN 0 128 127.0.0.1:whois 0.0.0.0:*' \
    'sshd 812 root 3u IPv4 1 0t0 TCP *:ircd (LISTEN)' \
    'LISTEN 0 128 127.0.0.1:prometheus 0.0.0.0:*' \
    'tcp dport team-api accept' >"$tmp/in"
count_check
${RUN:-} "$PORTINFO" --annotate --services "$tmp/team.csv" <"$tmp/in" \
    >"$tmp/out" 2>"$tmp/err"
cat >"$tmp/want" <<'EOF'
LISTEN 0 128 127.0.0.1:whois 0.0.0.0:*  # whois/tcp 43
sshd 812 root 3u IPv4 1 0t0 TCP *:ircd (LISTEN)         # ircd/tcp 6667
LISTEN 0 128 127.0.0.1:prometheus 0.0.0.0:*             # prometheus/tcp 9090
tcp dport team-api accept                               # team-api/tcp 8080
EOF
same_text 'aliases, common uses and labels by name' "$tmp/want" "$tmp/out"
annotate "$tmp/in" --iana
expect_status '--iana: the names IANA lacks' 1
cat >"$tmp/want" <<'EOF'
LISTEN 0 128 127.0.0.1:whois 0.0.0.0:*  # whois/tcp unknown
sshd 812 root 3u IPv4 1 0t0 TCP *:ircd (LISTEN)         # ircd/tcp unknown
LISTEN 0 128 127.0.0.1:prometheus 0.0.0.0:*             # prometheus/tcp unknown
tcp dport team-api accept
EOF
same_text '--iana: the names IANA lacks' "$tmp/want" "$tmp/out"
# A table's name that finds nothing, as ss -tl writes the host's names,
# is said unknown; the same word elsewhere is none.
printf '%s\n' 'LISTEN 0      4096         0.0.0.0:tproxy      0.0.0.0:*' \
    'tcp dport tproxy accept' >"$tmp/in"
annotate "$tmp/in"
expect_status 'an unknown name' 1
cat >"$tmp/want" <<'EOF'
LISTEN 0      4096         0.0.0.0:tproxy      0.0.0.0:*        # tproxy/tcp unknown
tcp dport tproxy accept
EOF
same_text 'an unknown name' "$tmp/want" "$tmp/out"
[ -s "$tmp/err" ] && fail "an unknown name: says $(cat "$tmp/err")"
# -p keeps to its protocols, as elsewhere.
printf 'x dport 53\n' >"$tmp/in"
annotate "$tmp/in" --iana -p udp
grep -qx 'x dport 53 *# 53 domain' "$tmp/out" || fail "-p: $(cat "$tmp/out")"
# On a terminal, nothing is cut: each line whole, then its annotation
# whole, as in a pipe; where script(1) can make a terminal.
f=$tools/kubectl-get-svc.txt
if script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	annotate "$f" --color=never
	script -qec "COLUMNS=40 ${RUN:-} $PORTINFO --annotate --no-labels \
	    --color=never <$f" /dev/null </dev/null 2>&1 | tr -d '\r' \
	    >"$tmp/tty"
	same_text 'on a terminal' "$tmp/out" "$tmp/tty"
else
	echo "e2e_annotate: no script(1) here; no terminal tried"
fi

# --- Bytes ------------------------------------------------------------

# ESC, other controls, NUL, a bidi override and invalid UTF-8 are
# escaped as human output escapes them; tab and backslash, valid UTF-8
# (also where the reader's 256-byte pieces cut it) and a CR before the
# newline are as they were; the last line keeps its lack of a newline.
{
	printf 'a\033[31m dport 22\tx\\y\n'
	printf '\000 dport 22\n'
	printf '\342\200\256x dport 22\n'
	printf 'bad \377 dport 22\r\n'
	printf '%0255d\303\251 dport 22\n' 0
	printf 'ok\r\n'
	printf 'end dport 22'
} >"$tmp/in"
annotate "$tmp/in" --iana
expect_status 'bytes' 0
{
	printf 'a\\x1b[31m dport 22\tx\\y     # 22 ssh\n'
	printf '\\x00 dport 22                   # 22 ssh\n'
	printf '\\xe2\\x80\\xaex dport 22          # 22 ssh\n'
	printf 'bad \\xff dport 22               # 22 ssh\r\n'
	printf '%0255d\303\251 dport 22  # 22 ssh\n' 0
	printf 'ok\r\n'
	# The line of 265 columns moved the column to 80.
	printf '%-80s# 22 ssh' 'end dport 22'
} >"$tmp/want"
same_text 'bytes' "$tmp/want" "$tmp/out"

# --- Usage -----------------------------------------------------------

# usage_err NAME MESSAGE ARG...: a usage error and nothing on stdout.
usage_err() {
	_name=$1
	_msg=$2
	shift 2
	annotate "$tmp/in" "$@"
	expect_status "$_name" 2
	printf "portinfo: %s\nTry 'portinfo --help'.\n" "$_msg" >"$tmp/want"
	same_text "$_name" "$tmp/want" "$tmp/err"
	[ -s "$tmp/out" ] && fail "$_name: writes to standard output"
}
printf 'x dport 22\n' >"$tmp/in"
for format in tsv csv json; do
	usage_err "-f $format" '--annotate writes the human format only' \
	    -f "$format"
done
usage_err '-a' '-a cannot be used with --annotate' -a
usage_err 'a query' \
    "22: a query cannot be given with --annotate, which reads standard input" \
    22
annotate "$tmp/in" -x -f human
expect_status '-x -f human' 0
grep -q '# 22 ssh$' "$tmp/out" || fail "-x -f human: $(cat "$tmp/out")"
annotate "$tmp/in" -q
expect_status '-q' 0
[ -s "$tmp/out" ] && fail "-q: prints $(cat "$tmp/out")"
printf 'nothing here\n' >"$tmp/in"
annotate "$tmp/in"
expect_status 'no endpoint' 1
printf 'nothing here\n' >"$tmp/want"
same_text 'no endpoint' "$tmp/want" "$tmp/out"

# --- Streaming -----------------------------------------------------------

# A line is answered before the next is written, from a pipe: the writer
# holds the FIFO open until the answer is out, or 30 seconds.
mkfifo "$tmp/fifo" || exit 2
${RUN:-} "$PORTINFO" --annotate --no-labels --iana <"$tmp/fifo" \
    >"$tmp/out" 2>"$tmp/err" &
reader=$!
exec 8>"$tmp/fifo"
printf 'first dport 22\n' >&8
i=0
while [ $i -lt 300 ] && ! grep -q '# 22 ssh$' "$tmp/out"; do
	sleep 0.1 2>/dev/null || sleep 1
	i=$((i + 1))
done
count_check
grep -q '# 22 ssh$' "$tmp/out" ||
	fail "streaming: first line not answered before the input ended"
printf 'then dport 443\n' >&8
exec 8>&-
wait "$reader"
rc=$?
expect_status 'streaming' 0
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "streaming: $(cat "$tmp/out")"

# --- Memory: the same however long the input or a line -------------------

why=$(memory_unmeasurable)
if [ -n "$why" ]; then
	echo "$suite: $why"
else
	ss_line='tcp   ESTAB  0  0  192.0.2.10:22  198.51.100.7:51234'
	for shape in lines line; do
		for size in 5000000 50000000; do
			if [ $shape = lines ]; then
				yes "$ss_line"
			else
				yes "$ss_line" | tr -d '\n'
			fi 2>/dev/null | head -c $size >"$tmp/in"
			eval "kb_$size=\$(peak_kb \"\$tmp/in\" --annotate)"
		done
		count_check
		[ "$kb_50000000" -le $((kb_5000000 + MEMORY_GROWTH_MAX_KB)) ] ||
			fail "memory grows with input ($shape): $kb_5000000" \
			    "KB for 5 MB, $kb_50000000 KB for 50 MB"
	done
	rm -f "$tmp/in"
fi

finish
