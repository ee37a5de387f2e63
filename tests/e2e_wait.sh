#!/bin/sh
# End-to-end tests of --wait: real sockets, held with $B/holdports on
# 127.0.0.1, appear and go away while the program waits for them.  No
# check depends on how fast anything is: a wait that must go on is seen
# to go on, then the socket it waits for is made or let go, and the
# timeouts that must pass are the only bounds.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
: "${B:?B must name the build directory}"
holdports=$B/holdports
holders=
waiter=
cleanup() {
	for p in $holders $waiter; do
		kill "$p" 2>/dev/null
	done
}
suite=e2e_wait
. "$(dirname "$0")/lib.sh"

# expect_out NAME TEXT, expect_err NAME TEXT: the output, or the error
# output, is exactly TEXT.
expect_out() {
	[ "$(cat "$tmp/out")" = "$2" ] ||
		fail "$1: prints '$(cat "$tmp/out")', expected '$2'"
}
expect_err() {
	[ "$(cat "$tmp/err")" = "$2" ] ||
		fail "$1: says '$(cat "$tmp/err")', expected '$2'"
}

# expect_match NAME FILE REGEX: FILE is one line matching REGEX.
expect_match() {
	[ "$(wc -l <"$2")" -eq 1 ] && grep -qx -- "$3" "$2" ||
		fail "$1: '$(cat "$2")' is not '$3'"
}

# --- The manual documents the options ---------------------------------

man=$(dirname "$0")/../man/portinfo.1
for opt in wait timeout; do
	count_check
	grep -q "^\.It Fl Fl $opt" "$man" || fail "manual: no --$opt"
done

# --- Bad values: usage errors, wherever the local view is ------------

usage="Try 'portinfo --help'."
for t in abc -1 +1 1e3 nan inf 0x10 .5 5. 1,5 1000001 1.0000000001 ''; do
	check_run --wait=listening 22 --timeout="$t"
	expect_status "--timeout=$t" 2
	expect_err "--timeout=$t" "portinfo: ${t:-''}: not a number of seconds from 0 to 1000000, such as 2.5
$usage"
done
check_run --wait=bogus 22
expect_status '--wait=bogus' 2
expect_err '--wait=bogus' "portinfo: bogus: unknown condition (listening, free)
$usage"
check_run --wait 22
expect_status '--wait without a condition' 2
check_run --timeout=5 22
expect_status '--timeout without --wait' 2
expect_err '--timeout without --wait' "portinfo: --timeout goes with --wait only
$usage"
for opt in --listening --sockets --free -L -x --annotate -l '-s ssh' -a \
    '-o port' -v; do
	check_run --wait=free 22 $opt
	expect_status "--wait with $opt" 2
	expect_err "--wait with $opt" "portinfo: ${opt% *} cannot be used with --wait
$usage"
done
check_run --wait=free 22 -f json
expect_status '--wait -f json' 2
expect_err '--wait -f json' "portinfo: --wait writes the human format only
$usage"
check_run --wait=listening -p sctp 22
expect_status '--wait -p sctp' 2

# --- Without /proc/net, --wait says so --------------------------------

if [ "${LOCAL:-procfs}" = none ] || [ ! -r /proc/net/tcp ]; then
	check_run --wait=listening 22
	expect_status '--wait elsewhere' 2
	expect_err '--wait elsewhere' "portinfo: --wait needs Linux's /proc/net, which this system does not have"
	echo "e2e_wait: SKIP: no local view here; sockets not waited for"
	finish
	exit
fi

# --- Queries that give no port: told before any wait ------------------

check_run --wait=listening nosuchservice 99999 syslog 22/sctp
expect_status 'no port' 2
expect_err 'no port' "portinfo: nosuchservice: unknown service name
portinfo: 99999: port out of range (0-65535)
portinfo: syslog: has no tcp port
portinfo: 22/sctp: --wait watches tcp and udp ports only"
check_run --wait=listening 22,nosuchservice,syslog ,
expect_status 'no port, after commas' 2
expect_err 'no port, after commas' "portinfo: nosuchservice: unknown service name
portinfo: syslog: has no tcp port
portinfo: ,: not a port, range or service name"
# A name mistyped is answered as a query would be.
check_run --wait=listening sshh
expect_status 'a name mistyped' 2
expect_err 'a name mistyped' "portinfo: sshh: unknown service name
portinfo: sshh: did you mean ssh (22)?"
# -q: the error still, but no name suggested.
check_run -q --wait=listening sshh
expect_status 'a name mistyped, -q' 2
expect_err 'a name mistyped, -q' 'portinfo: sshh: unknown service name'
# A name known for another protocol or source was not mistyped.
check_run --wait=listening ssh/sctp
expect_err 'a name with another protocol' \
    'portinfo: ssh/sctp: --wait watches tcp and udp ports only'
check_run --iana --wait=listening postgres
expect_err 'an alias with --iana' 'portinfo: postgres: unknown service name'
# --wait looks at this host alone: another host's port is refused, and
# not taken for this host's port of the same number.
check_run --wait=listening --timeout=0.1 192.0.2.1:2024 db.example.com:22 \
    http://db:8080/ localhost:22 '[::1]:22' 0.0.0.0:22
expect_status 'another host' 2
msg='names another host; --wait looks at this host only: give the port alone'
expect_err 'another host' "portinfo: '192.0.2.1:2024': $msg
portinfo: 'db.example.com:22': $msg
portinfo: 'http://db:8080/': $msg"
check_run --wait=free
expect_status 'no query' 2
expect_err 'no query' 'portinfo: --wait needs a port or a service name'
check_run --wait=free -
expect_status "no query on '-'" 2
expect_err "no query on '-'" 'portinfo: --wait needs a port or a service name'
# Standard input's queries, as any query's, all read before any wait.
printf 'nosuchservice\n99999,22/sctp\n' >"$tmp/in"
check_run --wait=listening 22 -
expect_status "no port, on '-'" 2
expect_err "no port, on '-'" "portinfo: nosuchservice: unknown service name
portinfo: 99999: port out of range (0-65535)
portinfo: 22/sctp: --wait watches tcp and udp ports only"

# --- Sockets, held and let go -------------------------------------------

# hold KIND:PORT...: holds them; $holder is the pid, $ports the ports.
hold() {
	set -- $("$holdports" "$@")
	[ $# -ge 2 ] || { echo "holdports failed" >&2; exit 2; }
	holder=$1
	holders="$holders $1"
	shift
	ports=$*
}

# alive PID: the process runs (a zombie does not, nor holds a socket).
alive() {
	[ -r "/proc/$1/stat" ] &&
	    ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null
}

# release PID: lets go of what PID holds, once it has.
release() {
	kill "$1"
	_i=0
	while alive "$1" && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	alive "$1" && { echo "holder $1 does not end" >&2; exit 2; }
}

# A port for the test: one that nothing holds, tcp nor udp, outside the
# ephemeral range, so that no other program's socket lands on it by
# chance while the test runs, as one could on a port the kernel chose;
# from a random start, to keep apart from another run of the test.
set -- $(cat /proc/sys/net/ipv4/ip_local_port_range)
eph_lo=$1
eph_hi=$2
# A range over nearly every port leaves no choice.
[ "$eph_lo" -gt 2048 ] || [ "$eph_hi" -lt 63488 ] || eph_lo=65536
port=$(awk -v seed=$$ \
    'BEGIN { srand(seed); print 10000 + int(rand() * 9000) }')

# free_port: sets $port to the next such port.
free_port() {
	_tries=0
	while [ $_tries -lt 1000 ]; do
		_tries=$((_tries + 1))
		port=$((port + 1))
		[ "$port" -ge "$eph_lo" ] && [ "$port" -le "$eph_hi" ] &&
			port=$((eph_hi + 1))
		[ "$port" -gt 65535 ] && port=1024
		set -- $("$holdports" tcp:"$port" udp:"$port" 2>/dev/null)
		if [ $# -eq 3 ]; then
			release "$1"
			return
		fi
	done
	echo "no port free here" >&2
	exit 2
}

# start ARG...: starts the program in the background with ARG..., its
# output in $tmp/out and $tmp/err; $waiter is its pid.  $pre, if set, is
# put before it.
pre=
start() {
	$pre ${RUN:-} "$PORTINFO" "$@" </dev/null >"$tmp/out" 2>"$tmp/err" &
	waiter=$!
}

# ignore SIG COMMAND...: runs COMMAND with SIG ignored.
ignore() {
	trap '' "$1"
	shift
	exec "$@"
}

# waiting NAME: the program started is still waiting, a while after it
# started; a wait that ended too soon is a failure, whatever the speed.
waiting() {
	count_check
	sleep 0.3
	alive "$waiter" ||
		fail "$1: ended too soon: $(cat "$tmp/out" "$tmp/err")"
}

# finished: waits for the program started; its status in $rc, and not
# the shell's note of a signal that ended it.
finished() {
	wait "$waiter" 2>/dev/null
	rc=$?
	waiter=
}

# stop SIG: sends SIG to the program started; its status in $rc.
stop() {
	kill -s "$1" "$waiter"
	finished
}

after='[0-9][0-9]*\.[0-9][0-9] s'

# A tcp socket that appears during the wait.
free_port
p=$port
start --wait=listening "$p" --timeout=30
waiting 'tcp listening'
hold tcp:"$p"
finished
expect_status 'tcp listening' 0
expect_match 'tcp listening' "$tmp/out" "$p/tcp listening after $after"
[ -s "$tmp/err" ] && fail "tcp listening: says $(cat "$tmp/err")"

# Free once it is let go: no tcp nor udp socket on it.
start --wait=free "$p" --timeout=30
waiting 'tcp free'
release "$holder"
finished
expect_status 'tcp free' 0
expect_match 'tcp free' "$tmp/out" "$p/tcp, $p/udp free after $after"

# The same over udp: a bound socket listens.
free_port
p=$port
start --wait=listening "$p/udp" --timeout=30
waiting 'udp listening'
hold udp:"$p"
finished
expect_status 'udp listening' 0
expect_match 'udp listening' "$tmp/out" "$p/udp listening after $after"
start --wait=free "$p/udp" --timeout=30
waiting 'udp free'
release "$holder"
finished
expect_status 'udp free' 0
expect_match 'udp free' "$tmp/out" "$p/udp free after $after"
# lsof's udp:port is the port over udp, not over tcp.
hold udp:"$p"
check_run --wait=listening "udp:$p" --timeout=5
expect_status 'udp:port listening' 0
expect_match 'udp:port listening' "$tmp/out" "$p/udp listening after $after"
release "$holder"

# Two ports, the second later: the wait goes on until both listen.  They
# are not next to each other, which would be told as one run, p1-p2.
free_port
p1=$port
port=$((port + 1))
free_port
p2=$port
hold tcp:"$p1"
first=$holder
start --wait=listening "$p1" "$p2" --timeout=30
waiting 'two ports, one listening'
hold tcp:"$p2"
second=$holder
finished
expect_status 'two ports' 0
both="$p1/tcp, $p2/tcp"
[ "$p1" -lt "$p2" ] || both="$p2/tcp, $p1/tcp"
expect_match 'two ports' "$tmp/out" "$both listening after $after"

# Free: the wait goes on while either is held.
start -q --wait=free "$p1" "$p2/tcp" --timeout=30
waiting 'two ports, both held'
release "$first"
waiting 'two ports, one held'
release "$second"
finished
expect_status 'two ports free, -q' 0
[ -s "$tmp/out" ] || [ -s "$tmp/err" ] &&
	fail "two ports free, -q: prints $(cat "$tmp/out" "$tmp/err")"

# A connection's own port, where nothing listens, is in use: the wait
# for it to be free goes on until the connection is closed.  bash, where
# there is one, connects (/dev/tcp); its port is read from /proc/net/tcp.
if command -v bash >/dev/null 2>&1; then
	hold tcp:0
	server=$holder
	bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && exec sleep 60' sh \
	    "$ports" &
	client=$!
	holders="$holders $client"
	to=$(printf '0100007F:%04X' "$ports")
	i=0
	while [ $i -lt 100 ]; do
		p=$(awk -v to="$to" '$3 == to && $4 == "01" {
		    sub(/.*:/, "", $2); print $2; exit }' /proc/net/tcp)
		[ -n "$p" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	p=$(printf '%d' "0x$p")
	start --wait=free "$p/tcp" --timeout=30
	waiting 'a connection'
	release "$client"
	finished
	expect_status 'a connection closed' 0
	expect_match 'a connection closed' "$tmp/out" "$p/tcp free after $after"
	release "$server"
else
	echo "e2e_wait: no bash here; a connection not waited for"
fi

# Over IPv6, where this host has it.
free_port
p=$port
if set -- $("$holdports" tcp6:"$p" 2>/dev/null) && [ $# -eq 2 ]; then
	holders="$holders $1"
	check_run --wait=listening "$p" --timeout=30
	expect_status 'tcp6 listening' 0
	release "$1"
else
	echo "e2e_wait: no IPv6 here; [::1] not waited for"
fi

# --- The timeout ----------------------------------------------------------

# Each port not as asked is named, after at least the time given; what
# is as asked is not.
free_port
p1=$port
hold tcp:"$p1"
free_port
p2=$port
check_run --wait=listening "$p1" "$p2" --timeout=0.5
expect_status 'timeout' 1
[ -s "$tmp/out" ] && fail "timeout: prints $(cat "$tmp/out")"
expect_match 'timeout' "$tmp/err" \
    "portinfo: $p2/tcp: not listening after $after"
count_check
awk '{ exit !($(NF - 1) >= 0.5) }' "$tmp/err" ||
	fail "timeout: before 0.5 s: $(cat "$tmp/err")"
check_run --wait=free "$p1" "$p2" --timeout=0.2
expect_status 'timeout, free' 1
expect_match 'timeout, free' "$tmp/err" \
    "portinfo: $p1/tcp: still in use after $after"
check_run -q --wait=listening "$p2" --timeout=0.2
expect_status 'timeout, -q' 1
[ -s "$tmp/out" ] || [ -s "$tmp/err" ] &&
	fail "timeout, -q: prints $(cat "$tmp/out" "$tmp/err")"
# Already as asked: at once, whatever the timeout.
check_run -q --wait=listening "$p1" --timeout=0.001
expect_status 'as asked at once' 0
# The ports of standard input: for "-", and with no argument.
printf '# the port\n%s\n' "$p1" >"$tmp/in"
check_run --wait=listening - --timeout=30
expect_status "'-'" 0
expect_match "'-'" "$tmp/out" "$p1/tcp listening after $after"
printf '%s\n' "$p1" >"$tmp/in"
check_run --wait=listening --timeout=30
expect_status 'standard input' 0
expect_match 'standard input' "$tmp/out" "$p1/tcp listening after $after"
release "$holder"

# --- Signals end the wait as they would any program ---------------------

# stopped_by SIG STATUS TIMEOUT: SIG ends a wait with STATUS, and
# nothing printed.
stopped_by() {
	start --wait=listening "$p2" --timeout="$3"
	waiting "SIG$1"
	stop "$1"
	expect_status "SIG$1" "$2"
	[ -s "$tmp/out" ] || [ -s "$tmp/err" ] &&
		fail "SIG$1: prints $(cat "$tmp/out" "$tmp/err")"
}

# SIGTERM with no timeout.  SIGINT, which a shell without job control
# ignores in a background job, where env(1) can undo that (GNU's, 8.31
# and later); with a timeout, in case it is still ignored.
stopped_by TERM 143 0
if env --default-signal=INT true 2>/dev/null; then
	pre='env --default-signal=INT'
	stopped_by INT 130 30
	pre=
else
	echo "e2e_wait: no env --default-signal here; SIGINT not caught"
fi

# ignored_by SIG: SIG ignored when the program starts stays ignored, as
# a shell expects of a background job: the wait goes on after it, until
# the port listens.
ignored_by() {
	pre="ignore $1"
	start --wait=listening "$p2" --timeout=30
	pre=
	waiting "SIG$1 ignored"
	kill -s "$1" "$waiter"
	waiting "SIG$1 ignored, sent"
	hold tcp:"$p2"
	finished
	release "$holder"
	expect_status "SIG$1 ignored" 0
	expect_match "SIG$1 ignored" "$tmp/out" "$p2/tcp listening after $after"
}
ignored_by INT
ignored_by TERM

finish
