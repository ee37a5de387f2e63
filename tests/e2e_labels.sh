#!/bin/sh
# End-to-end tests of label files: a site's and a user's own names for
# ports, read at run time beside IANA's registry.  Where they come from
# (--services, PORTINFO_SERVICES, the user's XDG file, the site's file
# under SYSCONFDIR, /etc/services with --etc-services, none with
# --no-labels), how they are shown in every format, and what bad input
# does.
#
#   check NAME STATUS ARG...
#
# runs "$PORTINFO" ARG... (after $RUN, if set) in a clean environment
# (HOME=$tmp/home, no XDG_CONFIG_HOME, no PORTINFO_SERVICES, unless the
# variables env_* say otherwise) and compares its exit status with STATUS
# and its output with the text check reads: lines that start with "2> "
# are what standard error must say, all others what standard output must.
# $T in the expected text stands for the scratch directory.

set -u
# Files made here are writable by their owner alone, as default label
# files must be.
umask 022
suite=e2e_labels
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2

mkdir -p "$tmp/home"
env_home=$tmp/home
env_xdg=
env_services=
prog=$PORTINFO

# Runs the program: output in $tmp/out and $tmp/err, exit status in $rc.
run() {
	(
		unset XDG_CONFIG_HOME PORTINFO_SERVICES
		HOME=$env_home
		export HOME
		[ -n "$env_xdg" ] && { XDG_CONFIG_HOME=$env_xdg; export XDG_CONFIG_HOME; }
		[ -n "$env_services" ] &&
		    { PORTINFO_SERVICES=$env_services; export PORTINFO_SERVICES; }
		exec ${RUN:-} "$prog" "$@"
	) <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	: >"$tmp/in"
}

# same NAME WHAT EXPECTED ACTUAL: files must match.
same() {
	if ! cmp -s "$3" "$4"; then
		fail "$1: $2 differs (-expected +actual):"
		diff -u "$3" "$4" | sed '1,2d; s/^/    /'
	fi
}


# no_raw NAME: neither output holds an escape or a raw bidi mark.
no_raw() {
	count_check
	if LC_ALL=C grep -q "$(printf '\033')" "$tmp/out" "$tmp/err" ||
	    LC_ALL=C grep -q "$(printf '\342\200\256')" "$tmp/out" "$tmp/err"
	then
		fail "$1: raw escape or bidi mark in the output"
	fi
}

: >"$tmp/in"
head='Service Name,Port Number,Transport Protocol,Description,Reference'

# A team's file: a port IANA leaves unassigned (15432), one it assigns
# elsewhere (7410, ionixnetmon), a range, and a name-only record.
cat >"$tmp/team.csv" <<EOF
$head
billing-api,7410,tcp,Billing API,[ops-wiki]
staging-db,15432,tcp,Staging  database,
metrics,17000-17002,udp,Metrics relay,[RFC768][team]
docs,,tcp,Documentation site,
EOF

check 'by port, beside IANA' 0 --services "$tmp/team.csv" 7410 <<'EOF'
7410  registered port (IANA user, 1024-49151)
  tcp  ionixnetmon  Ionix Network Monitor
  udp  ionixnetmon  Ionix Network Monitor
  tcp  billing-api  Billing API            $T/team.csv:2 ops-wiki  [file]
EOF

check 'a port IANA leaves unassigned' 0 --services "$tmp/team.csv" 15432 <<'EOF'
15432  registered port (IANA user, 1024-49151)
  unassigned
  tcp  staging-db  Staging database  $T/team.csv:3  [file]
EOF

check 'unassigned without labels' 1 --services "$tmp/team.csv" --no-labels \
    15432 <<'EOF'
15432  registered port (IANA user, 1024-49151)
  unassigned
EOF

check 'a port inside a label range' 0 --services "$tmp/team.csv" 17001 <<'EOF'
17001  registered port (IANA user, 1024-49151)
  unassigned
  17000-17002  udp  metrics  Metrics relay  $T/team.csv:4 RFC768; team  [file]
EOF

check 'by name, case ignored' 0 --services "$tmp/team.csv" Staging-DB docs <<'EOF'
Staging-DB  service name
  15432  tcp  staging-db  Staging database  $T/team.csv:3  [file]

docs  service name
  -  tcp  docs  Documentation site  $T/team.csv:5  [file]
EOF

check 'by name/protocol' 1 --services "$tmp/team.csv" billing-api/udp <<'EOF'
billing-api/udp  unknown service name
EOF

check 'by -s, in the description' 0 --services "$tmp/team.csv" \
    -s 'metrics RELAY' <<'EOF'
metrics RELAY  text search
  17000-17002  udp  metrics  Metrics relay  $T/team.csv:4 RFC768; team  [file]
EOF

check 'tsv' 0 --services "$tmp/team.csv" -f tsv 7410/tcp staging-db <<'EOF'
query	port	port_end	range	protocol	service	description	reference	status	error	unauthorized	suggestions
7410/tcp	7410	7410	registered	tcp	ionixnetmon	Ionix Network Monitor		assigned			
7410/tcp	7410	7410	registered	tcp	billing-api	Billing API	$T/team.csv:2 ops-wiki	file			
staging-db	15432	15432	registered	tcp	staging-db	Staging database	$T/team.csv:3	file			
EOF

# A name that no query can ask for is reported and its record skipped:
# it would be offered, listed and suggested, and never found.  A name of
# IANA's that begins with a digit is one a query finds.
cat >"$tmp/odd.csv" <<EOF
$head
_mine,7411,tcp,,
9lab,7412,tcp,,
ssh/tcp,7413,tcp,,
3com-tsmux,7414,tcp,,
ok-lab,7415,tcp,,
EOF
check 'names no query can ask for' 0 --services "$tmp/odd.csv" -f tsv -H \
    -o query,service,status ok-lab 3com-tsmux/tcp 7411-7413 <<'EOF'
ok-lab	ok-lab	file
3com-tsmux/tcp	3com-tsmux	assigned
3com-tsmux/tcp	3com-tsmux	file
7411-7413	daqstream	assigned
7411-7413	daqstream	assigned
2> $T/odd.csv:2: a name that no query can ask for '_mine'
2> $T/odd.csv:3: a name that no query can ask for '9lab'
2> $T/odd.csv:4: a name that no query can ask for 'ssh/tcp'
EOF

# -x answers endpoints as queries, labels included: a socket on a team's
# port shows the team's name.
printf '%s\n' 'tcp   LISTEN 0      4096   0.0.0.0:15432   0.0.0.0:*' >"$tmp/in"
check '-x, a socket on a labelled port' 0 --services "$tmp/team.csv" -x \
    -f tsv -H <<'EOF'
0.0.0.0:15432	15432	15432	registered	tcp			staging-db	unassigned		1	local
EOF

check 'csv' 0 --services "$tmp/team.csv" -f csv -H 17000 <<'EOF'
17000,17000,17000,registered,,,,,unassigned,,,
17000,17000,17002,registered,udp,metrics,Metrics relay,$T/team.csv:4 RFC768; team,file,,,
EOF

check 'json' 0 --services "$tmp/team.csv" -f json docs <<'EOF'
{"query":"docs","port":null,"port_end":null,"range":null,"protocol":"tcp","service":"docs","description":"Documentation site","reference":"$T/team.csv:5","status":"file","error":null,"unauthorized":null,"suggestions":null}
EOF

check '-q: a label is a match' 0 --services "$tmp/team.csv" -q 15432 </dev/null

printf '%s\n' "$head" 'scratch,50001,sctp,Scratch port,' >"$tmp/dyn.csv"
check '-l lists labels of the class' 0 --services "$tmp/dyn.csv" -f tsv -H \
    -p sctp -l dynamic <<'EOF'
dynamic	49152	65535	dynamic					unassigned			
dynamic	50001	50001	dynamic	sctp	scratch	Scratch port	$T/dyn.csv:2	file			
EOF
check '-l without labels' 1 --no-labels --services "$tmp/dyn.csv" -f tsv -H \
    -p sctp -l dynamic <<'EOF'
dynamic	49152	65535	dynamic					unassigned			
EOF

# A name in several sources resolves to every source's records, in order.
cat >"$tmp/more.csv" <<EOF
$head
staging-db,25432,tcp,Second staging database,
EOF
check 'a name in two files' 0 --services "$tmp/team.csv" \
    --services "$tmp/more.csv" -f tsv -H staging-db <<'EOF'
staging-db	15432	15432	registered	tcp	staging-db	Staging database	$T/team.csv:3	file			
staging-db	25432	25432	registered	tcp	staging-db	Second staging database	$T/more.csv:2	file			
EOF

# PORTINFO_SERVICES: a colon-separated list, empty items ignored; the
# option replaces it.
env_services=":$tmp/team.csv::$tmp/more.csv:"
check 'PORTINFO_SERVICES' 0 -f tsv -H staging-db <<'EOF'
staging-db	15432	15432	registered	tcp	staging-db	Staging database	$T/team.csv:3	file			
staging-db	25432	25432	registered	tcp	staging-db	Second staging database	$T/more.csv:2	file			
EOF
check '--services replaces PORTINFO_SERVICES' 0 --services "$tmp/more.csv" \
    -f tsv -H staging-db <<'EOF'
staging-db	25432	25432	registered	tcp	staging-db	Second staging database	$T/more.csv:2	file			
EOF
check '--no-labels turns PORTINFO_SERVICES off' 1 --no-labels staging-db <<'EOF'
staging-db  unknown service name
EOF
env_services="$tmp/missing.csv"
check 'PORTINFO_SERVICES names a missing file' 2 -f tsv -H 22/tcp <<'EOF'
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
2> portinfo: $T/missing.csv: No such file or directory
EOF
env_services=

# The user's file: $HOME/.config, or $XDG_CONFIG_HOME when absolute.
check 'no default file: silent' 1 15432 <<'EOF'
15432  registered port (IANA user, 1024-49151)
  unassigned
EOF
mkdir -p "$tmp/home/.config/portinfo" "$tmp/xdg/portinfo"
cp "$tmp/team.csv" "$tmp/home/.config/portinfo/services.csv"
check 'the user file under HOME' 0 -f tsv -H 15432 <<'EOF'
15432	15432	15432	registered					unassigned			
15432	15432	15432	registered	tcp	staging-db	Staging database	$T/home/.config/portinfo/services.csv:3	user			
EOF
check 'human output marks the user label' 0 15432 <<'EOF'
15432  registered port (IANA user, 1024-49151)
  unassigned
  tcp  staging-db  Staging database  $T/home/.config/portinfo/services.csv:3  [user]
EOF
check '--no-labels turns the user file off' 1 --no-labels -f tsv -H 15432 <<'EOF'
15432	15432	15432	registered					unassigned			
EOF
check '--iana turns the user file off' 1 --iana -f tsv -H 15432 <<'EOF'
15432	15432	15432	registered					unassigned			
EOF
check '--services replaces the user file' 0 --services "$tmp/more.csv" \
    -f tsv -H staging-db <<'EOF'
staging-db	25432	25432	registered	tcp	staging-db	Second staging database	$T/more.csv:2	file			
EOF
cp "$tmp/more.csv" "$tmp/xdg/portinfo/services.csv"
env_xdg=$tmp/xdg
check 'XDG_CONFIG_HOME' 0 -f tsv -H staging-db <<'EOF'
staging-db	25432	25432	registered	tcp	staging-db	Second staging database	$T/xdg/portinfo/services.csv:2	user			
EOF
env_xdg=relative/dir
check 'a relative XDG_CONFIG_HOME is ignored' 0 -f tsv -H staging-db <<'EOF'
staging-db	15432	15432	registered	tcp	staging-db	Staging database	$T/home/.config/portinfo/services.csv:3	user			
EOF
env_xdg=
rm -r "$tmp/home/.config" "$tmp/xdg"

# Bad lines: one message each, in the table compiler's words; the good
# lines are used.
printf '%s\n' "$head" 'good,7420,tcp,Good one,' ' bad,7421,tcp,x,' \
    'noport,70000,tcp,x,' 'odd,7422,xtp,x,' 'short,7423' \
    '"broken,7424,tcp,x,' 'after,7425,tcp,After the broken line,' \
    >"$tmp/bad.csv"
check 'malformed lines' 0 --services "$tmp/bad.csv" -f tsv -H good after \
    <<'EOF'
good	7420	7420	registered	tcp	good	Good one	$T/bad.csv:2	file			
after	7425	7425	registered	tcp	after	After the broken line	$T/bad.csv:8	file			
2> $T/bad.csv:3: service name begins or ends with a space ' bad'
2> $T/bad.csv:4: port is not a number from 0 to 65535 or a range '70000'
2> $T/bad.csv:5: unknown transport protocol 'xtp'
2> $T/bad.csv:6: record has fewer fields than the header
2> $T/bad.csv:7: unterminated quoted field
EOF

# A file named explicitly that cannot be read: exit 2, the queries are
# answered all the same.
check 'a missing file named' 2 --services "$tmp/missing.csv" -f tsv -H \
    22/tcp <<'EOF'
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
2> portinfo: $T/missing.csv: No such file or directory
EOF
check 'a directory named' 2 --services "$tmp" -q 22 <<'EOF'
2> portinfo: $T: Is a directory
EOF

# Limits: 1 MiB and 10,000 records a file.
awk -v head="$head" 'BEGIN { print head; for (i = 0; i < 12000; i++)
    printf "n%d,%d,tcp,%0100d,\n", i, 20000 + i, 0 }' >"$tmp/big.csv"
check 'a file over 1 MiB' 2 --services "$tmp/big.csv" -q 20000 <<'EOF'
2> portinfo: $T/big.csv: larger than 1048576 bytes, not read
EOF
awk -v head="$head" 'BEGIN { print head; for (i = 0; i < 10001; i++)
    printf "n%d,%d,tcp,,\n", i, 20000 + i }' >"$tmp/many.csv"
# A named file cut at the limit has lost labels: the exit status is 2,
# the queries are answered all the same, and --free offers nothing.
check '10,000 records and one' 2 --services "$tmp/many.csv" -f tsv -H \
    n9999 n10000 <<'EOF'
n9999	29999	29999	registered	tcp	n9999		$T/many.csv:10001	file			
n10000								unknown			n1000,n100,n1001
2> $T/many.csv:10002: more than 10000 records; the rest are skipped
EOF
# --free needs the local view, which a build without it (LOCAL=none)
# reports first.
has_local() { [ "${LOCAL:-procfs}" != none ] && [ -r /proc/net/tcp ]; }
if has_local; then
	check '--free with a file cut at the limit' 2 \
	    --services "$tmp/many.csv" --free 40000-40100 <<'EOF'
2> $T/many.csv:10002: more than 10000 records; the rest are skipped
EOF
fi

# Room for a record's strings is made as records come, not for every
# line: a file of one record and 9,998 blank lines, under a path of some
# 3,800 bytes, is read in 16 MiB of address space (room for each line's
# "FILE:LINE" took 41 MB).  Only for the program alone: valgrind and the
# sanitizers map far more than that of their own.
if [ -n "${RUN:-}" ] || [ -n "${SANITIZERS:-}" ]; then
	echo "e2e_labels: address space limit not tried under ${RUN:-$SANITIZERS}"
elif ! (ulimit -v 16384) 2>/dev/null; then
	echo "e2e_labels: address space limit not tried: no ulimit -v"
else
	deep=
	while [ $((${#tmp} + ${#deep})) -lt 3800 ]; do deep=$deep/$(printf '%0199d' 0); done
	mkdir -p "$tmp$deep"
	awk -v head="$head" 'BEGIN { print head; print "deep-app,7410,tcp,Deep,"
	    for (i = 2; i < 10000; i++) print "" }' >"$tmp$deep/s.csv"
	printf '#!/bin/sh\nulimit -v 16384 && exec "%s" "$@"\n' "$PORTINFO" \
	    >"$tmp/limited"
	chmod +x "$tmp/limited"
	prog=$tmp/limited
	printf 'deep-app\t7410\t7410\tregistered\ttcp\tdeep-app\tDeep\t$T%s\tfile\t\t\t\n' \
	    "$deep/s.csv:2" | check 'a long path and 9,998 blank lines' 0 \
	    --services "$tmp$deep/s.csv" -f tsv -H deep-app
	prog=$PORTINFO
fi

# Header names in any case.  A named file whose header cannot be used
# has lost its labels, as one that cannot be read: exit status 2, and
# --free offers nothing.
printf '%s\n' 'SERVICE NAME,port number,Transport protocol' \
    'shouting,15432,tcp' >"$tmp/case.csv"
check 'header names in any case' 0 --services "$tmp/case.csv" -q shouting \
    </dev/null
printf '%s\n' 'Service Name,Port Number,Protocol' 'x,15432,tcp' \
    >"$tmp/header.csv"
check 'a header without a column' 2 --services "$tmp/header.csv" -q 22 \
    <<'EOF'
2> $T/header.csv:1: header has no column 'Transport Protocol'
EOF
if has_local; then
	check '--free with a header without a column' 2 \
	    --services "$tmp/header.csv" --free 40000-40100 <<'EOF'
2> $T/header.csv:1: header has no column 'Transport Protocol'
EOF
fi
printf '%s\n' '"Service Name,Port Number' 'x,15432' >"$tmp/header.csv"
check 'a header that cannot be read' 2 --services "$tmp/header.csv" -q 22 \
    <<'EOF'
2> $T/header.csv:1: unterminated quoted field
EOF

# Label text is escaped as registry text is: bidi marks shown as
# escapes, a terminal escape rejected with a message that holds none.
printf '%s\nrlo,39871,tcp,"Admin \342\200\256txt.exe\342\200\254 panel, ""beta""",\nesc,39872,tcp,"red \033[31m text",\n' \
    "$head" >"$tmp/hostile.csv"
check 'bidi marks, human' 0 --services "$tmp/hostile.csv" rlo <<'EOF'
rlo  service name
  39871  tcp  rlo  Admin \xe2\x80\xaetxt.exe\xe2\x80\xac panel, "beta"  $T/hostile.csv:2  [file]
2> $T/hostile.csv:3: control character in 'Description'
EOF
no_raw 'bidi marks, human'
check 'bidi marks, json' 0 --services "$tmp/hostile.csv" -f json 39871 <<'EOF'
{"query":"39871","port":39871,"port_end":39871,"range":"registered","protocol":null,"service":null,"description":null,"reference":null,"status":"unassigned","error":null,"unauthorized":null,"suggestions":null}
{"query":"39871","port":39871,"port_end":39871,"range":"registered","protocol":"tcp","service":"rlo","description":"Admin \u202etxt.exe\u202c panel, \"beta\"","reference":"$T/hostile.csv:2","status":"file","error":null,"unauthorized":null,"suggestions":null}
2> $T/hostile.csv:3: control character in 'Description'
EOF
no_raw 'bidi marks, json'
check 'bidi marks, csv' 0 --services "$tmp/hostile.csv" -f csv -H 39871 <<'EOF'
39871,39871,39871,registered,,,,,unassigned,,,
39871,39871,39871,registered,tcp,rlo,"Admin \xe2\x80\xaetxt.exe\xe2\x80\xac panel, ""beta""",$T/hostile.csv:2,file,,,
2> $T/hostile.csv:3: control character in 'Description'
EOF
no_raw 'bidi marks, csv'
check 'escape rejected' 1 --services "$tmp/hostile.csv" -f tsv -H 39872 <<'EOF'
39872	39872	39872	registered					unassigned			
2> $T/hostile.csv:3: control character in 'Description'
EOF
no_raw 'escape rejected'

# The host's /etc/services, on request: every name and alias that
# getent knows is found at the same port and protocol, marked host.
if [ -r /etc/services ] && command -v getent >/dev/null 2>&1 &&
    getent services >"$tmp/getent" 2>/dev/null && [ -s "$tmp/getent" ]; then
	# Protocols portinfo does not know (ddp) are no record of it.
	awk '{ split($2, pp, "/"); if (pp[2] !~ /^(tcp|udp|sctp|dccp)$/) next
	    for (i = 1; i <= NF; i++) if (i != 2) print $i, pp[1], pp[2] }' \
	    "$tmp/getent" |
	    sort -u >"$tmp/want.host"
	cut -d ' ' -f 1 "$tmp/want.host" | sort -u >"$tmp/in"
	run --no-labels --etc-services -f tsv -H
	awk -F '\t' '$9 == "host" { print $1, $2, $5 }' "$tmp/out" |
	    sort -u >"$tmp/got.host"
	count_check
	missing=$(comm -23 "$tmp/want.host" "$tmp/got.host" | head -5)
	[ -z "$missing" ] ||
	    fail "--etc-services: getent knows what portinfo does not: $missing"
	count_check
	[ "$(wc -l <"$tmp/want.host")" -gt 100 ] ||
	    fail "getent services gave few names"
	check 'without --etc-services, no host record' 1 --no-labels -f tsv -H \
	    -p tcp -s zzz-no-such <<'EOF'
zzz-no-such								unknown			
EOF
else
	echo "e2e_labels: no /etc/services or getent here: its checks skipped"
fi

# A default file is read only if it is trusted as ssh trusts its
# configuration: a regular file, owned by the user or by root, that
# neither its group nor others may write.  One that is not is not read,
# with one warning that names the fix; a FIFO there does not block.
# A file named is read as it is.
user_dir=$tmp/home/.config/portinfo
mkdir -p "$user_dir"
printf '%s\n' "$head" 'mine,15432,tcp,Mine,' >"$user_dir/services.csv"
check 'a trusted user file' 0 -q 15432 </dev/null
chmod g+w "$user_dir/services.csv"
check 'a user file its group may write' 1 -q 15432 <<'EOF'
2> portinfo: $T/home/.config/portinfo/services.csv: writable by its group; not read (chmod go-w $T/home/.config/portinfo/services.csv)
EOF
check 'a file named is read as it is' 0 --services "$user_dir/services.csv" \
    -q 15432 </dev/null
chmod g-w,o+w "$user_dir/services.csv"
check 'a user file others may write' 1 -q 15432 <<'EOF'
2> portinfo: $T/home/.config/portinfo/services.csv: writable by others; not read (chmod go-w $T/home/.config/portinfo/services.csv)
EOF
chmod g+w "$user_dir/services.csv"
check 'a user file anyone may write' 1 -q 15432 <<'EOF'
2> portinfo: $T/home/.config/portinfo/services.csv: writable by its group and others; not read (chmod go-w $T/home/.config/portinfo/services.csv)
EOF
if [ "$(id -u)" -eq 0 ] && nobody=$(id -u nobody 2>/dev/null); then
	chmod 644 "$user_dir/services.csv"
	chown nobody "$user_dir/services.csv"
	check 'a user file of another user' 1 -q 15432 <<EOF
2> portinfo: \$T/home/.config/portinfo/services.csv: owned by uid $nobody, not by you or root; not read (chown 0 \$T/home/.config/portinfo/services.csv)
EOF
else
	echo "e2e_labels: SKIP: a file of another user (needs root and nobody)"
fi
rm "$user_dir/services.csv"
mkdir "$user_dir/services.csv"
check 'a directory as the user file' 1 -q 15432 <<'EOF'
2> portinfo: $T/home/.config/portinfo/services.csv: not a regular file; not read
EOF
rmdir "$user_dir/services.csv"
mkfifo "$user_dir/services.csv"
if command -v timeout >/dev/null 2>&1; then
	run_was=${RUN:-}
	RUN="timeout 60 $run_was"
	check 'a FIFO as the user file does not block' 1 -q 15432 <<'EOF'
2> portinfo: $T/home/.config/portinfo/services.csv: not a regular file; not read
EOF
	RUN=$run_was
else
	echo "e2e_labels: SKIP: a FIFO as the user file (no timeout(1))"
fi
# Named, a FIFO is read, and so is a pipe (as <(...) makes one).
printf '%s\n' "$head" 'piped,15432,tcp,Piped,' >"$user_dir/services.csv" &
check 'a FIFO named' 0 --services "$user_dir/services.csv" -f tsv -H 15432 \
    <<'EOF'
15432	15432	15432	registered					unassigned			
15432	15432	15432	registered	tcp	piped	Piped	$T/home/.config/portinfo/services.csv:2	file			
EOF
wait
printf '%s\n' "$head" 'piped,15432,tcp,Piped,' >"$tmp/in"
check 'a pipe named' 0 --services /dev/stdin -f tsv -H 15432 <<'EOF'
15432	15432	15432	registered					unassigned			
15432	15432	15432	registered	tcp	piped	Piped	/dev/stdin:2	file			
EOF
rm -r "$tmp/home/.config"

# The labels are read once, at start-up: a label file changed while the
# program runs changes nothing in that run.  The user's file holds one
# record and 70,000 blank lines; "22" is answered, often enough that the
# answers pass the output buffer and come out, which shows that the labels
# have been read; then the file is edited, and "7410" must still get the
# answer it had before.
user_file=$tmp/home/.config/portinfo/services.csv
mid_run() {
	name=$1
	edit=$2
	mkdir -p "$tmp/home/.config/portinfo"
	{
		echo 'Service Name,Port Number,Transport Protocol,Description'
		echo 'x,7410,tcp,d'
		awk 'BEGIN { for (i = 0; i < 70000; i++) print "" }'
	} >"$user_file"
	echo 7410 >"$tmp/in"
	run -f tsv -H
	cp "$tmp/out" "$tmp/want.7410"
	rm -f "$tmp/fin" "$tmp/fout"
	mkfifo "$tmp/fin" "$tmp/fout" || exit 2
	(
		unset XDG_CONFIG_HOME PORTINFO_SERVICES
		HOME=$env_home
		export HOME
		exec ${RUN:-} "$prog" -f tsv -H
	) <"$tmp/fin" >"$tmp/fout" 2>"$tmp/err" &
	pid=$!
	exec 3>"$tmp/fin" 4<"$tmp/fout"
	awk 'BEGIN { for (i = 0; i < 2000; i++) print 22 }' >&3
	IFS= read -r first <&4
	eval "$edit"
	echo 7410 >&3
	exec 3>&-
	cat <&4 >"$tmp/out"
	exec 4<&-
	wait "$pid"
	rc=$?
	count_check
	expect_status "$name" 0
	tail -n 3 "$tmp/out" >"$tmp/got.7410"
	same "$name" 'the answer to 7410' "$tmp/want.7410" "$tmp/got.7410"
	same "$name" stderr /dev/null "$tmp/err"
	rm -f "$user_file"
}
# The description written over in place, 60,000 bytes of it.
overwrite='awk '\''BEGIN { for (i = 0; i < 60000; i++) printf "D" }'\'' |
    dd of="$user_file" bs=67 seek=1 conv=notrunc 2>/dev/null'
mid_run 'the file written over while it runs' "$overwrite"
mid_run 'the file truncated while it runs' ': >"$user_file"'
mid_run 'the file removed while it runs' 'rm "$user_file"'
mid_run 'the file grown while it runs' \
    'echo "y,7410,tcp,grown" >>"$user_file"'
rm -r "$tmp/home/.config"

# The site's file, under the SYSCONFDIR the program was built with: a
# build of the same sources of the test's own.
if [ -n "${MAKE:-}" ] && (cd "$top" && $MAKE -s B="$tmp/build" \
    PROG="$tmp/build/portinfo" SYSCONFDIR="$tmp/etc" \
    "$tmp/build/portinfo") >"$tmp/make.out" 2>&1; then
	prog=$tmp/build/portinfo
	mkdir -p "$tmp/etc/portinfo" "$tmp/home/.config/portinfo"
	cp "$tmp/team.csv" "$tmp/etc/portinfo/services.csv"
	cp "$tmp/more.csv" "$tmp/home/.config/portinfo/services.csv"
	check 'the site file, then the user file' 0 -f tsv -H staging-db <<'EOF'
staging-db	15432	15432	registered	tcp	staging-db	Staging database	$T/etc/portinfo/services.csv:3	site			
staging-db	25432	25432	registered	tcp	staging-db	Second staging database	$T/home/.config/portinfo/services.csv:2	user			
EOF
	check 'the site file in human output' 0 7410/tcp <<'EOF'
7410/tcp  registered port 7410 (IANA user, 1024-49151)
  tcp  ionixnetmon  Ionix Network Monitor
  tcp  billing-api  Billing API            $T/etc/portinfo/services.csv:2 ops-wiki  [site]
EOF
	check '--no-labels turns the site file off' 1 --no-labels -q staging-db \
	    </dev/null
	prog=$PORTINFO
else
	echo "e2e_labels: no \$MAKE to build with SYSCONFDIR: site checks skipped"
fi

# README's "Your own labels": its file, and its examples are the
# program's own output (the indented lines after "    $ COMMAND").
readme=$top/README.md
mkdir -p "$tmp/readme"
example() {
	awk -v c="    \$ $1" '
	    $0 == c { on = 1; next }
	    on && /^    \$ / { exit }
	    on && $0 != "" && !/^    / { exit }
	    on { sub(/^    /, ""); print }' "$readme" |
	    sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}
example 'cat services.csv' >"$tmp/readme/services.csv"
prog=$(cd "$(dirname "$PORTINFO")" && pwd)/$(basename "$PORTINFO")
for cmd in 'portinfo --services services.csv 7410 staging-db' \
    'portinfo --services services.csv -f tsv -H 15432'; do
	example "$cmd" >"$tmp/want"
	count_check
	[ -s "$tmp/want" ] || fail "README: no example of $cmd"
	# shellcheck disable=SC2086
	(cd "$tmp/readme" && run ${cmd#portinfo })
	same "README: $cmd" stdout "$tmp/want" "$tmp/out"
done
prog=$PORTINFO

finish
