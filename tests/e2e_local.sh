#!/bin/sh
# End-to-end tests of the local view: -L, --listening, --sockets and
# --free, checked against TCP and UDP sockets that the test itself holds
# with $B/holdports, whose pid it knows: on 127.0.0.1, 0.0.0.0, [::] and
# [::1], one shared by two processes, a connected pair, and a fake
# docker-proxy.  One line, and one record, a socket.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
: "${B:?B must name the build directory}"
holders=
cleanup() {
	for p in $holders; do
		kill "$p" 2>/dev/null
	done
}
suite=e2e_local
. "$(dirname "$0")/lib.sh"

# expect_err NAME TEXT: standard error is exactly TEXT.
expect_err() {
	[ "$(cat "$tmp/err")" = "$2" ] ||
		fail "$1: says '$(cat "$tmp/err")', expected '$2'"
}

# squeezed: standard output with each run of blanks one blank, so that
# the width of the columns, which other sockets may widen, does not count.
squeezed() {
	tr -s ' ' <"$tmp/out"
}

# expect_line NAME LINE: standard output has LINE, but for the width of
# the gaps between columns.
expect_line() {
	squeezed | grep -qxF -- "$(printf '%s' "$2" | tr -s ' ')" ||
		{ fail "$1: no line '$2' in:"; sed 's/^/    /' "$tmp/out"; }
}

# expect_row NAME START: standard output has one line that is, or
# starts with, the words START, but for the width of the gaps between
# columns.
expect_row() {
	_n=$(squeezed | awk -v s="$(printf '%s' "$2" | tr -s ' ')" '
	    $0 == s || index($0, s " ") == 1 { n++ } END { print n + 0 }')
	[ "$_n" -eq 1 ] ||
		{ fail "$1: $_n lines '$2 ...' in:"; sed 's/^/    /' "$tmp/out"; }
}

# fields NAME...: the fields called NAME of each record of $tmp/out, tsv
# with its header line, tab-separated, a line each; by name, so that
# fields added elsewhere move nothing here.
fields() {
	awk -F '\t' -v want="$*" '
	    NR == 1 {
		n = split(want, w, " ")
		for (i = 1; i <= NF; i++)
			col[$i] = i
		for (j = 1; j <= n; j++)
			if (!(w[j] in col)) {
				print "no field " w[j] >"/dev/stderr"
				exit 2
			}
		next
	    }
	    {
		line = $col[w[1]]
		for (j = 2; j <= n; j++)
			line = line "\t" $col[w[j]]
		print line
	    }' "$tmp/out"
}

# mine PID...: keeps, of the records of $tmp/out (tsv with its header),
# those without a socket and those of sockets PID... hold, and sets
# $others to the number of the rest: this host's own sockets come and
# go, and may have a port the test holds over another protocol, or take
# one it let go.
mine() {
	awk -F '\t' -v pids=" $* " '
	    NR == 1 {
		for (i = 1; i <= NF; i++)
			col[$i] = i
		print
		next
	    }
	    {
		n = split($col["pids"], p, ",")
		ours = $col["local_address"] == ""
		for (i = 1; i <= n; i++)
			if (index(pids, " " p[i] " "))
				ours = 1
		if (ours)
			print
		else
			others++
	    }
	    END { print others + 0 >"/dev/stderr" }' "$tmp/out" \
	    >"$tmp/mine" 2>"$tmp/others"
	mv "$tmp/mine" "$tmp/out"
	others=$(cat "$tmp/others")
}

# count_lines NAME N TEXT: standard output has N lines holding TEXT.
count_lines() {
	count_check
	_n=$(grep -cF -- "$3" "$tmp/out" || true)
	[ "$_n" -eq "$2" ] ||
		{ fail "$1: $_n lines with '$3', not $2:"; sed 's/^/    /' "$tmp/out"; }
}

# tabs WORD...: the words joined by tabs.
tabs() {
	printf '%s' "$1"
	shift
	[ $# -eq 0 ] || printf '\t%s' "$@"
}

# holdports ARG...: $B/holdports, without the descriptor of the lock
# (below), which a holder would otherwise keep after the suite ends.
holdports() {
	"$B/holdports" "$@" 9>&-
}

# Holds PROTO:PORT... and sets $holder to the pid holding them, and
# $ports to the ports held, in order.
hold() {
	set -- $(holdports "$@")
	[ $# -ge 2 ] || { echo "holdports failed" >&2; exit 2; }
	holder=$1
	holders="$holders $1"
	shift
	ports=$*
}

# hold_shared KIND:PORT...: as hold, with two processes sharing each
# socket, $holder and $holder2.
hold_shared() {
	set -- $(holdports -2 "$@")
	[ $# -ge 3 ] || { echo "holdports failed" >&2; exit 2; }
	holder=$1
	holder2=$2
	holders="$holders $1 $2"
	shift 2
	ports=$*
}

# Lets go of what the holder with pid $1 holds, and returns once it is
# gone.
release() {
	kill "$1"
	holdports -w "$1" || exit 2
}

# Runs a shell command line on a terminal of 80 columns, if script(1)
# can make one: its output, without the terminal's carriage returns.
on_tty() {
	COLUMNS=80 script -qec "stty cols 80 2>/dev/null; $1" /dev/null \
	    </dev/null 2>&1 | tr -d '\r'
}

# --- The manual documents the options and fields ---------------------

man=$(dirname "$0")/../man/portinfo.1
count_check
for opt in local listening sockets free count fields; do
	grep -q "^\.It .*Fl Fl $opt" "$man" || fail "manual: no --$opt"
done

# --- Without /proc/net, each option says so --------------------------

if [ "${LOCAL:-procfs}" = none ] || [ ! -r /proc/net/tcp ]; then
	for opt in --local --listening --sockets --free; do
		case $opt in
		--local) check_run -L 22 ;;
		*) check_run "$opt" ;;
		esac
		expect_status "$opt elsewhere" 2
		expect_err "$opt elsewhere" "portinfo: $opt needs Linux's /proc/net, which this system does not have"
	done
	finish
	exit
fi

# Read whole: procfs settings answer only a read from their start.
set -- $(cat /proc/sys/net/ipv4/ip_local_port_range)
eph_lo=$1
eph_hi=$2
unpriv=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null ||
    echo 1024)
ephemeral() {
	[ "$1" -ge "$eph_lo" ] && [ "$1" -le "$eph_hi" ]
}
# The reserved ports, "8080 9148-9149", read whole too; none on old kernels.
reserved_list=$(cat /proc/sys/net/ipv4/ip_local_reserved_ports 2>/dev/null |
    tr , ' ')
reserved() {
	for r in $reserved_list; do
		[ "$1" -ge "${r%-*}" ] && [ "$1" -le "${r#*-}" ] && return 0
	done
	return 1
}
if [ "$unpriv" -gt 0 ]; then
	facts="ports here: ephemeral $eph_lo-$eph_hi, privileged below $unpriv"
else
	facts="ports here: ephemeral $eph_lo-$eph_hi, none privileged"
fi

# --- -L: the test's own sockets --------------------------------------

# Ports the kernel chooses, so never in use by anything else.
hold tcp:0 udp:0
pid=$holder
set -- $ports
tport=$1
uport=$2
ephemeral "$tport" && eph=true || eph=false
reserved "$tport" && res=true || res=false
reserved "$uport" && ures=true || ures=false
uid=$(id -u)
have_jq=false
command -v jq >/dev/null 2>&1 && have_jq=true

# The fields -L adds, in order, after the registry's.
local_fields='in_use local_address exposure dual_stack state peer uid pids
    commands forward ephemeral privileged reserved'
# And those that only -o shows.
joined_fields='meaning process'

check_run -L -f tsv $tport/tcp
expect_status '-L tsv, in use' 0
mine $pid
head -1 "$tmp/out" | grep -q "	status	error	$(tabs $local_fields)\$" ||
	fail "-L tsv: header $(head -1 "$tmp/out")"
# One socket, one record: what the port means, then what the host says.
count_check
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "-L tsv: not one record: $(cat "$tmp/out")"
[ "$(fields port protocol $local_fields)" = "$(tabs $tport tcp true \
    127.0.0.1 loopback false listen '' $uid $pid holdports '' $eph false \
    $res)" ] || fail "-L tsv: says $(fields port protocol $local_fields)"

check_run -L -f csv -H $uport/udp
grep -q ",udp,.*,true,127.0.0.1,loopback,false,unconn,,$uid,$pid,holdports,,$eph,false,$ures\$" \
    "$tmp/out" || fail "-L csv: says $(cat "$tmp/out")"

# Nothing holds the tcp port over udp (unless the kernel gave both, or
# another process has it): one record still comes, its socket fields
# empty.
run -L -f tsv $tport/udp
mine
if [ "$tport" = "$uport" ]; then
	:
elif [ "$others" -eq 0 ]; then
	count_check
	expect_status '-L, not in use' 1
	[ "$(fields $local_fields)" = "$(printf 'false\t\t\t\t\t\t\t\t\t\t%s\tfalse\t%s' $eph $res)" ] ||
		fail "-L, nothing there: says $(fields $local_fields)"
else
	echo "e2e_local: $tport/udp is another's: not checked as free"
fi

check_run -L -f json $tport
grep -q "\"protocol\":\"tcp\",.*\"in_use\":true,\"local_address\":\"127.0.0.1\",\"exposure\":\"loopback\",\"dual_stack\":false,\"state\":\"listen\",\"peer\":null,\"uid\":$uid,\"pids\":\[$pid\],\"commands\":\[\"holdports\"\],\"forward\":null,\"ephemeral\":$eph,\"privileged\":false,\"reserved\":$res}$" \
    "$tmp/out" || fail "-L json: $(cat "$tmp/out")"
if $have_jq; then
	jq -e . "$tmp/out" >/dev/null 2>&1 || fail '-L json: jq rejects it'
fi

# The table: one line a socket under one heading, the facts of the host
# once after it.
check_run -L $tport/tcp
expect_row '-L human' "$tport/tcp tcp 127.0.0.1 $tport loopback listen holdports/$pid"
head -1 "$tmp/out" | tr -s ' ' | grep -qx 'QUERY PROTO ADDRESS PORT EXPOSURE STATE PROCESS MEANING' ||
	fail "-L human: heading $(head -1 "$tmp/out")"
expect_line '-L human, the host' "$facts"
count_lines '-L human, the host once' 1 'ports here: '
check_run -L $uport/udp
expect_row '-L human, udp' "$uport/udp udp 127.0.0.1 $uport loopback unconn holdports/$pid"

# -L looks at this host alone: another host's port is refused, not
# answered with this host's socket on the same port; this host's own
# names for itself are answered.
check_run -L -f tsv -H -o query,in_use 192.0.2.1:$tport localhost:$tport \
    127.0.0.1:$tport/tcp "[::ffff:127.0.0.1]:$tport" db.example.com:$tport
expect_status '-L, another host' 2
[ "$(cat "$tmp/out")" = "$(printf '192.0.2.1:%s\t\nlocalhost:%s\ttrue\n127.0.0.1:%s/tcp\ttrue\n[::ffff:127.0.0.1]:%s\ttrue\ndb.example.com:%s\t' \
    $tport $tport $tport $tport $tport)" ] ||
	fail "-L, another host: says $(cat "$tmp/out")"
msg='names another host; -L looks at this host only: give the port alone'
[ "$(cat "$tmp/err")" = "portinfo: '192.0.2.1:$tport': $msg
portinfo: 'db.example.com:$tport': $msg" ] ||
	fail "-L, another host: says $(cat "$tmp/err")"

# lsof's tcp:port is the port over tcp: never the udp socket on it.
check_run -L -f tsv -H -o query,protocol,local_address udp:$uport tcp:$uport
grep -q "^udp:$uport	udp	127.0.0.1\$" "$tmp/out" &&
    ! grep -q "^tcp:$uport	udp" "$tmp/out" ||
	fail "-L tcp:port: says $(cat "$tmp/out")"

# Short of descriptors, the owner is shown or the shortage is reported,
# never passed off as hidden.  Only for the program alone: valgrind and
# the sanitizers' runtimes take descriptors of their own, the leak
# checker's at exit among them.
if [ -n "${RUN:-}" ] || [ -n "${SANITIZERS:-}" ]; then
	echo "e2e_local: descriptor shortage not tried under ${RUN:-$SANITIZERS}"
else
	for n in 4 5 6 7 8; do
		count_check
		(ulimit -n $n && exec "$PORTINFO" -L -f tsv $tport/tcp) \
		    </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		# Too few for the program to start at all (inherited ones).
		[ "$rc" -eq 127 ] && continue
		if [ "$rc" -le 1 ]; then
			[ "$(fields pids)" = "$pid" ] ||
				fail "ulimit -n $n: no owner: $(cat "$tmp/out")"
		else
			# EMFILE, in glibc's words or musl's.
			[ "$rc" -eq 2 ] && grep -q -e 'Too many open files' \
			    -e 'No file descriptors available' "$tmp/err" ||
				fail "ulimit -n $n: exit $rc, says $(cat "$tmp/err")"
			# The socket, if the look for its holders was what
			# failed, shown with none.
			[ ! -s "$tmp/out" ] || [ "$(fields local_address pids \
			    commands)" = "$(tabs 127.0.0.1 '' '')" ] ||
				fail "ulimit -n $n: holders shown: $(cat "$tmp/out")"
		fi
	done
fi

# With standard input closed, the view's descriptors are not taken for
# it: -L says what portinfo alone says of a closed input.
count_check
${RUN:-} "$PORTINFO" <&- >/dev/null 2>"$tmp/want"
${RUN:-} "$PORTINFO" -L <&- >/dev/null 2>"$tmp/err"
[ "$(cat "$tmp/err")" = "$(cat "$tmp/want")" ] ||
	fail "-L, stdin closed: says $(cat "$tmp/err")"

# Each field -L adds has its entry in the manual.
check_run -L -f tsv 22
for field in $local_fields $joined_fields services common labels; do
	grep -qx "\.It Sy $field" "$man" || fail "manual: no field $field"
done

# Some containers let anyone bind any port.
[ "$unpriv" -gt 22 ] && priv=true || priv=false
check_run -L -f tsv 22/tcp
[ "$(fields privileged | sort -u)" = $priv ] ||
	fail "-L: 22 is not privileged=$priv"
reserved 22 && res22=true || res22=false
[ "$(fields reserved | sort -u)" = $res22 ] ||
	fail "-L: 22 is not reserved=$res22"
# A name's port, though one of its records has none (https's DNS-SD).
check_run -L -f tsv -H -o query,port https
[ "$(cat "$tmp/out")" = "$(printf 'https\t443')" ] ||
	fail "-L https: not port 443: $(cat "$tmp/out")"
check_run -L -f tsv 22/sctp
[ "$(fields in_use local_address state)" = "$(printf '\t\t')" ] ||
	fail "-L: sctp is not looked at: $(cat "$tmp/out")"

# --- --listening ------------------------------------------------------

# A label file named that cannot be read: trouble, sockets or none.
for opt in --listening --sockets; do
	check_run $opt -q --services "$tmp/missing.csv"
	expect_status "$opt, unreadable label file" 2
done
check_run --listening -f tsv
expect_status '--listening' 0
fields query in_use pids commands >"$tmp/local"
grep -qxF "$(tabs $tport/tcp true $pid holdports)" "$tmp/local" ||
	fail "--listening: no $tport/tcp held by $pid"
grep -qxF "$(tabs $uport/udp true $pid holdports)" "$tmp/local" ||
	fail "--listening: no $uport/udp held by $pid"
fields port | sort -n -c || fail '--listening: not in port order'
# Every record is a socket, listening or unconnected: the holder's two.
fields in_use | grep -qv '^true$' &&
	fail '--listening: a record of nothing held'
fields state | grep -qv -e '^listen$' -e '^unconn$' &&
	fail "--listening: a socket neither listening nor unconnected"
fields protocol | grep -qv -e '^tcp$' -e '^udp$' &&
	fail '--listening: a socket without its protocol'
count_check
[ "$(fields pids | grep -cx "$pid")" -eq 2 ] ||
	fail "--listening: not two records for $pid's two sockets"

check_run --listening -p udp -f tsv
fields query | grep -qv '/udp$' && fail '--listening -p udp: tcp too'
fields query | grep -qx "$uport/udp" || fail "--listening -p udp: no $uport"

check_run --listening
expect_row '--listening human' "tcp 127.0.0.1 $tport loopback holdports/$pid"
head -1 "$tmp/out" | tr -s ' ' | grep -q '^PROTO ADDRESS PORT EXPOSURE PROCESS ' ||
	fail "--listening human: heading $(head -1 "$tmp/out")"
count_lines '--listening human, a line a socket' 2 "holdports/$pid "
expect_line '--listening human, the host' "$facts"

# -o picks the fields, and their order, in every format.
check_run --listening -o port,pids -f tsv -H
count_check
awk -F '\t' 'NF != 2 { bad = 1 } END { exit bad }' "$tmp/out" ||
	fail "--listening -o port,pids: not two columns: $(cat "$tmp/out")"
grep -qxF "$(tabs $tport $pid)" "$tmp/out" ||
	fail "--listening -o port,pids: no $tport $pid: $(cat "$tmp/out")"
# Fields that say nothing of holders read no process's descriptors,
# which is most of what a look costs on a busy host.
if command -v strace >/dev/null 2>&1 &&
    strace -f -o /dev/null true 2>/dev/null; then
	for f in port,pids port,state; do
		count_check
		strace -f -e trace=openat -o "$tmp/trace" "$PORTINFO" \
		    -L "$tport" -o "$f" -f tsv >/dev/null 2>&1
		grep -c '/fd"' "$tmp/trace" >"$tmp/n"
		case $f,$(cat "$tmp/n") in
		port,pids,0) fail "-L -o $f: no process's descriptors read" ;;
		port,state,0) ;;
		port,state,*) fail "-L -o $f: $(cat "$tmp/n") descriptor lists read" ;;
		esac
	done
else
	echo "e2e_local: strace cannot trace here: descriptor reads not counted"
fi
check_run --listening -o PIDS,Port
head -1 "$tmp/out" | tr -s ' ' | grep -qx 'PIDS PORT' ||
	fail "--listening -o, human: heading $(head -1 "$tmp/out")"
expect_line '--listening -o, human' "$pid $tport"
check_run --listening -o process,meaning,exposure -f json -p tcp
grep -qxF "{\"process\":\"holdports/$pid\",\"meaning\":$(
    "$PORTINFO" -f json -o meaning -L $tport/tcp | sed 's/.*://; s/}$//'),\"exposure\":\"loopback\"}" \
    "$tmp/out" || fail "--listening -o, json: $(cat "$tmp/out")"

# Another user's processes are not shown: a "-", and why, said once.
if [ "$(id -u)" -eq 0 ] && [ -z "${RUN:-}" ] &&
    command -v setpriv >/dev/null 2>&1; then
	count_check
	HOME=$tmp setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$PORTINFO" --listening -p tcp >"$tmp/out" 2>"$tmp/err" </dev/null
	expect_row 'another user'"'"'s, human' "tcp 127.0.0.1 $tport loopback -"
	count_lines 'another user'"'"'s: why, once' 1 \
	    "process -: run as root to see other users' processes"
fi

# A connected udp socket is in use, but does not listen.
hold udpconn:0
cpid=$holder
cport=$ports
check_run --listening -f tsv
fields port pids | grep -qxF "$(tabs $cport $cpid)" &&
	fail "--listening: lists connected udp $cport"
check_run -L -f tsv $cport/udp
mine $cpid
[ "$(fields in_use state peer pids)" = "$(tabs true estab 127.0.0.1:9 $cpid)" ] ||
	fail "-L, connected udp: says $(cat "$tmp/out")"
check_run -L $cport/udp
expect_row '-L, connected udp' "$cport/udp udp 127.0.0.1 $cport loopback estab 127.0.0.1:9 holdports/$cpid"
# --sockets shows every socket, the connected one too, and its peer.
check_run --sockets -f tsv
expect_status '--sockets' 0
fields query port state peer pids >"$tmp/local"
grep -qxF "$(tabs $cport/udp $cport estab 127.0.0.1:9 $cpid)" "$tmp/local" ||
	fail "--sockets: no connected udp $cport: $(cat "$tmp/local")"
grep -qxF "$(tabs $tport/tcp $tport listen '' $pid)" "$tmp/local" ||
	fail "--sockets: no listening tcp $tport"
check_run --sockets -p udp
expect_row '--sockets human' "udp 127.0.0.1 $cport loopback estab 127.0.0.1:9 holdports/$cpid"
head -1 "$tmp/out" | tr -s ' ' | grep -q '^PROTO ADDRESS PORT EXPOSURE STATE PEER PROCESS ' ||
	fail "--sockets human: heading $(head -1 "$tmp/out")"
release "$cpid"

# A connected pair: each end a socket, the other its peer.
hold tcppair:0
ppid=$holder
lport=$ports
check_run --sockets -f tsv -p tcp
mine $ppid
fields port state peer | grep -v '	listen	' >"$tmp/local"
count_check
[ "$(wc -l <"$tmp/local")" -eq 2 ] || fail "pair: not two ends: $(cat "$tmp/local")"
cport=$(awk -F '\t' -v l=$lport '$1 == l { sub(/.*:/, "", $3); print $3 }' \
    "$tmp/local")
grep -qxF "$(tabs $lport estab 127.0.0.1:$cport)" "$tmp/local" &&
    grep -qxF "$(tabs ${cport:-0} estab 127.0.0.1:$lport)" "$tmp/local" ||
	fail "pair: the peers do not cross: $(cat "$tmp/local")"
check_run --sockets -p tcp
count_lines 'pair, human: a line each, the listener too' 3 "holdports/$ppid"
expect_row 'pair, human' "tcp 127.0.0.1 $lport loopback estab 127.0.0.1:$cport holdports/$ppid"
release "$ppid"

# Who can reach a socket: every interface, IPv4 and IPv6 or one of
# them, or this host only.
hold tcpany:0 tcp6any:0 tcp6only:0 tcp6:0
xpid=$holder
set -- $ports
check_run --listening -f tsv -p tcp
mine $xpid
fields port local_address exposure dual_stack >"$tmp/local"
# The kernel says whether a [::] socket takes IPv4 over sock_diag only:
# where /proc/net is read instead, dual_stack is null.
grep -qxF "$(tabs $1 0.0.0.0 any false)" "$tmp/local" ||
	fail "exposure: no $1 on 0.0.0.0: $(cat "$tmp/local")"
grep -qxF "$(tabs $2 :: any true)" "$tmp/local" ||
    grep -qxF "$(tabs $2 :: any '')" "$tmp/local" ||
	fail "exposure: no dual-stack $2 on [::]: $(cat "$tmp/local")"
grep -qxF "$(tabs $3 :: any false)" "$tmp/local" ||
    grep -qxF "$(tabs $3 :: any '')" "$tmp/local" ||
	fail "exposure: no IPv6-only $3 on [::]: $(cat "$tmp/local")"
grep -qxF "$(tabs $4 ::1 loopback false)" "$tmp/local" ||
	fail "exposure: no $4 on [::1]: $(cat "$tmp/local")"
check_run --listening -p tcp
expect_row 'exposure, human, 0.0.0.0' "tcp 0.0.0.0 $1 any holdports/$xpid"
if grep -qxF "$(tabs $2 :: any true)" "$tmp/local"; then
	expect_row 'exposure, human, dual-stack' "tcp :: $2 any (v4+v6) holdports/$xpid"
fi
expect_row 'exposure, human, IPv6 only' "tcp :: $3 any holdports/$xpid"
expect_row 'exposure, human, [::1]' "tcp ::1 $4 loopback holdports/$xpid"
release "$xpid"

# A fake docker-proxy, as the daemon starts it: where it forwards.
ln -s "$(cd "$B" && pwd)/holdports" "$tmp/docker-proxy"
fport=$(${RUN:-} "$PORTINFO" --free 20000-30000)
if set -- $("$tmp/docker-proxy" -proto tcp -host-ip 127.0.0.1 \
    -host-port "$fport" -container-ip 172.17.0.2 -container-port 80 9>&-) &&
    [ $# -eq 2 ]; then
	holders="$holders $1"
	check_run --listening -f json -o port,process,forward -p tcp
	grep -qxF "{\"port\":$fport,\"process\":\"docker-proxy/$1\",\"forward\":\"172.17.0.2:80\"}" \
	    "$tmp/out" || fail "docker-proxy: $(cat "$tmp/out")"
	# Only a forwarder's own socket forwards.
	grep '"forward":"' "$tmp/out" | grep -qv "\"port\":$fport," &&
		fail "docker-proxy: another forwards: $(cat "$tmp/out")"
	# In the table, first in what the port means; a column of its own
	# where -o asks for one.
	check_run --listening -p tcp
	squeezed | grep -q "^tcp 127.0.0.1 $fport loopback docker-proxy/$1 → 172.17.0.2:80\(;.*\)\{0,1\}$" ||
		fail "docker-proxy, human: $(cat "$tmp/out")"
	check_run --listening -p tcp -o port,forward
	expect_line 'docker-proxy, human -o' "$fport → 172.17.0.2:80"
	release "$1"
else
	fail "docker-proxy: holdports as docker-proxy failed on $fport"
fi

# Bound on 127.0.0.2 or on [::1] without listening: the kernel lists no
# such socket, but it holds the port all the same, and the one line for
# the port says so.
bound_row() {
	check_run -L $1
	expect_row "$2" "$1 - - $1 - bound -"
	grep -q "  free  " "$tmp/out" && fail "$2: says free: $(cat "$tmp/out")"
}
hold tcpbound:0
bpid=$holder
bport=$ports
check_run -L -f tsv $bport/tcp
mine
[ "$(fields in_use)" = true ] ||
	fail "-L, bound, not listening: says $(cat "$tmp/out")"
check_run -q -L $bport/tcp
expect_status '-q -L, bound, not listening' 0
bound_row $bport '-L, bound, not listening, human'
release "$bpid"
# Let go, unless another process has taken the port since.
run -L -f tsv $bport/tcp
mine
if [ "$others" -eq 0 ]; then
	count_check
	[ "$(fields in_use)" = false ] ||
		fail "-L, bound, let go: says $(cat "$tmp/out")"
	check_run -q -L $bport/tcp
	expect_status '-q -L, let go' 1
	check_run -L $bport/tcp
	expect_row '-L, let go, human' "$bport/tcp tcp - $bport - free -"
else
	echo "e2e_local: $bport/tcp taken by another: not checked as let go"
fi
if [ -r /proc/net/tcp6 ] && holdports tcp6bound:0 >"$tmp/held6" 2>/dev/null
then
	set -- $(cat "$tmp/held6")
	holders="$holders $1"
	check_run -L -f tsv $2/tcp
	[ "$(fields in_use)" = true ] ||
		fail "-L, bound on [::1]: says $(cat "$tmp/out")"
	bound_row $2 '-L, bound on [::1], human'
	release "$1"
fi

# Listening on [::1] only: its record says address ::1 and protocol
# tcp, even where the registry names no protocol.
if [ -r /proc/net/tcp6 ] && holdports tcp6:0 >"$tmp/held6" 2>/dev/null
then
	set -- $(cat "$tmp/held6")
	holders="$holders $1"
	check_run -L -f tsv $2
	mine $1
	[ "$(fields local_address protocol port state pids)" = \
	    "$(tabs ::1 tcp $2 listen $1)" ] ||
		fail "-L, [::1] only: says $(cat "$tmp/out")"
	check_run -L $2
	expect_row '-L, [::1] only, human' "$2 tcp ::1 $2 loopback listen holdports/$1"
	if $have_jq; then
		check_run -L -f json $2
		[ "$(jq -r 'select(.local_address == "::1") | .protocol' "$tmp/out")" = tcp ] ||
			fail "-L json, [::1] only: $(cat "$tmp/out")"
	fi
	release "$1"
fi

# Two processes listening on one port (SO_REUSEPORT): two sockets, as
# the kernel has them, a line and a record each, with its own pid.
hold tcpreuse:0
rpid1=$holder
rport=$ports
hold tcpreuse:$rport
rpid2=$holder
check_run -L $rport/tcp
expect_row '-L, reuseport, first' "$rport/tcp tcp 127.0.0.1 $rport loopback listen holdports/$rpid1"
expect_row '-L, reuseport, second' "$rport/tcp tcp 127.0.0.1 $rport loopback listen holdports/$rpid2"
check_run -L -f tsv $rport/tcp
mine $rpid1 $rpid2
fields local_address port pids | sort >"$tmp/local"
printf '%s\n' "$(tabs 127.0.0.1 $rport $rpid1)" "$(tabs 127.0.0.1 $rport $rpid2)" |
    sort >"$tmp/want"
cmp -s "$tmp/local" "$tmp/want" || fail "-L, reuseport: $(cat "$tmp/out")"
check_run -q -L $rport
expect_status '-q -L, reuseport' 0
release "$rpid1"
release "$rpid2"

# tcp and udp on one port: both, for the port asked without one.
hold tcp:0
bothpid=$holder
bothport=$ports
if holdports udp:$bothport >"$tmp/heldu" 2>/dev/null; then
	set -- $(cat "$tmp/heldu")
	holders="$holders $1"
	check_run -L $bothport
	expect_row '-L, tcp and udp, tcp' "$bothport tcp 127.0.0.1 $bothport loopback listen holdports/$bothpid"
	expect_row '-L, tcp and udp, udp' "$bothport udp 127.0.0.1 $bothport loopback unconn holdports/$1"
	# A record each, with its protocol, with -a or without.
	for a in '' -a; do
		check_run -L $a -f tsv $bothport
		mine $bothpid $1
		fields protocol port state pids >"$tmp/local"
		printf '%s\n' "$(tabs tcp $bothport listen $bothpid)" \
		    "$(tabs udp $bothport unconn $1)" >"$tmp/want"
		cmp -s "$tmp/local" "$tmp/want" ||
			fail "-L $a, tcp and udp: $(cat "$tmp/out")"
	done
	release "$1"
fi
release "$bothpid"

# A port inside a registry range (x11, 6000-6063): the socket's record
# is of its own port, and means x11.
if holdports tcp:6001 >"$tmp/heldx" 2>/dev/null; then
	set -- $(cat "$tmp/heldx")
	holders="$holders $1"
	check_run -L -f tsv 6001/tcp
	mine $1
	[ "$(fields port port_end services in_use local_address pids)" = \
	    "$(tabs 6001 6001 x11 true 127.0.0.1 $1)" ] ||
		fail "-L, port in a range: $(cat "$tmp/out")"
	check_run --listening -f tsv -p tcp
	mine $1
	[ "$(fields query port services)" = "$(tabs 6001/tcp 6001 x11)" ] ||
		fail "--listening, port in a range: $(cat "$tmp/out")"
	check_run -L -f tsv 5990-6010
	mine $1
	[ "$(fields port pids)" = "$(tabs 6001 $1)" ] ||
		fail "-L range, port in a range: $(cat "$tmp/out")"
	# -s and -l tell what the host has on the ports of their records.
	check_run -L -s 'X Window System' -p tcp
	expect_row '-L -s' "X Window System tcp 127.0.0.1 6001 loopback listen holdports/$1"
	check_run -L -s 'X Window System' -p tcp -f tsv
	mine $1
	[ "$(fields port pids)" = "$(tabs 6001 $1)" ] ||
		fail "-L -s tsv: $(cat "$tmp/out")"
	# The columns named: another program's connected socket in the
	# class would add a column of peers.
	check_run -L -l registered -p tcp \
	    -o query,protocol,local_address,port,exposure,state,process
	expect_row '-L -l' "registered tcp 127.0.0.1 6001 loopback listen holdports/$1"
	release "$1"
fi

# One socket shared by a parent and its child: one line and one record,
# with both pids.
hold_shared tcp:0
sport=$ports
both=$(printf '%s\n' $holder $holder2 | sort -n | paste -sd , -)
check_run -L $sport/tcp
expect_row '-L, shared' "$sport/tcp tcp 127.0.0.1 $sport loopback listen holdports/$both"
count_lines '-L, shared: one line' 1 "holdports/"
check_run -L -f tsv $sport/tcp
mine $holder $holder2
[ "$(fields port pids commands)" = \
    "$(tabs $sport "$both" holdports,holdports)" ] ||
	fail "-L, shared: $(cat "$tmp/out")"
check_run -L -f csv $sport/tcp
grep -q ",\"$both\",\"holdports,holdports\"," \
    "$tmp/out" || fail "-L csv, shared: $(cat "$tmp/out")"
if $have_jq; then
	check_run -L -f json $sport/tcp
	[ "$(jq -c --argjson a $holder '
	    select(any(.pids[]?; . == $a)) | .pids | sort' "$tmp/out")" = \
	    "[$both]" ] || fail "-L json, shared: $(cat "$tmp/out")"
fi
release "$holder2"
release "$holder"

# Nothing dropped: every socket of a range has its line and its
# record, with -a or without.
hold tcp:0 udp:0 udpconn:0
set -- $ports
lo=$1 hi=$1
for p in "$@"; do
	[ "$p" -lt "$lo" ] && lo=$p
	[ "$p" -gt "$hi" ] && hi=$p
done
# Only the test's own sockets are compared: others come and go.
check_run -L $lo-$hi
awk -v own="holdports/$holder" '$0 ~ own { print $2, $3 ":" $4 }' \
    "$tmp/out" | sort >"$tmp/want"
[ "$(wc -l <"$tmp/want")" -eq 3 ] || fail "-L $lo-$hi human: $(cat "$tmp/out")"
for a in '' -a; do
	check_run -L $a -f tsv $lo-$hi
	mine $holder
	fields protocol local_address port | awk -F '\t' '$2 != "" {
	    print $1, $2 ":" $3 }' | sort >"$tmp/local"
	cmp -s "$tmp/want" "$tmp/local" ||
		fail "-L $a $lo-$hi: $(cat "$tmp/local") for $(cat "$tmp/want")"
done
release "$holder"

# On a terminal of 80 columns no line is longer: what the port means is
# shortened, ending in an ellipsis; in a pipe nothing is.
if [ -n "$(on_tty 'test -t 1 && echo y')" ]; then
	on_tty "\"$PORTINFO\" -L 3000-3001 8000-8100 --listening" >/dev/null
	on_tty "\"$PORTINFO\" -L 3000-3001 8000-8100" >"$tmp/out"
	count_check
	[ "$(wc -L <"$tmp/out")" -le 80 ] ||
		fail "terminal: wider than 80 columns: $(cat "$tmp/out")"
	grep -q '…$' "$tmp/out" || fail "terminal: nothing shortened: $(cat "$tmp/out")"
	check_run -L 3000-3001 8000-8100
	count_check
	[ "$(wc -L <"$tmp/out")" -gt 80 ] && ! grep -q '…' "$tmp/out" ||
		fail "pipe: cut: $(cat "$tmp/out")"
	grep -q 'hbci+2, create-react-app, grafana, nextjs, rails$' "$tmp/out" ||
		fail "pipe: not all of it: $(cat "$tmp/out")"
else
	echo "e2e_local: no terminal from script(1): width not checked"
fi

# Asked by exit status alone: in use or not.
check_run -q -L $tport/tcp
expect_status '-q -L, in use' 0
[ -s "$tmp/out" ] && fail '-q -L: prints something'
check_run -q -L $tport/tcp 1/udp
expect_status '-q -L, one of two in use' 1
# -x -L as queries: each endpoint's port in use, whatever the registry
# says of it (1 is tcpmux's); no endpoint at all matches nothing.
printf 'tcp 1.2.3.4:%s\n' "$tport" >"$tmp/in"
check_run -x -L -q
expect_status '-x -L, in use' 0
printf 'tcp 1.2.3.4:%s\n1.2.3.4:1\n' "$tport" >"$tmp/in"
check_run -x -L -q
expect_status '-x -L, one of two in use' 1
printf '1.2.3.4:1\n' >"$tmp/in"
check_run -x -L -f tsv
expect_status '-x -L, assigned, not in use' 1
echo 'no endpoint here' >"$tmp/in"
check_run -x -L -q
expect_status '-x -L, no endpoint' 1
release "$pid"
run -L -f tsv $tport/tcp
mine
if [ "$others" -eq 0 ]; then
	count_check
	[ "$(fields in_use | sort -u)" = false ] ||
		fail "-L after release: $(cat "$tmp/out")"
	check_run -q -L $tport/tcp
	expect_status '-q -L, let go' 1
else
	echo "e2e_local: $tport/tcp taken by another: not checked as let go"
fi
check_run -q -L 99999
expect_status '-q -L, invalid' 2

# An unknown name and an invalid query: a record each in the machine
# formats, the second said on standard error only in human output.
check_run -L -f tsv nosuchservicename 99999
[ "$(fields query status in_use)" = "$(printf '%s\n' \
    "$(tabs nosuchservicename unknown '')" "$(tabs 99999 invalid '')")" ] ||
	fail "-L, unknown and invalid: $(cat "$tmp/out")"
check_run -L nosuchservicename 99999
expect_row '-L, unknown, human' 'nosuchservicename - - - - - - (unknown name)'
check_run -L -p tcp 22/udp
expect_row '-L, a protocol outside -p: a port, not an unknown name' \
    '22/udp - - 22 - - - -'
count_lines '-L, invalid, human: not on standard output' 0 99999
# No row, no table: nor the notes under one.
check_run -L 99999
expect_status '-L, invalid alone' 2
[ -s "$tmp/out" ] && fail "-L, invalid alone: prints $(cat "$tmp/out")"

# --- --free -----------------------------------------------------------

# why_check NAME COUNT: --free's message counts COUNT ports in all, each
# under one reason, the reasons in the manual's order.
why_order='assigned|reserved|in unauthorized use|commonly used|labelled'
why_order="$why_order|ephemeral|reserved by the host|in use here|privileged"
why_check() {
	sed 's/.*: //' "$tmp/err" | tr , '\n' | awk -v want="$2" \
	    -v order="$why_order" '
	    BEGIN { n = split(order, o, "|")
		for (i = 1; i <= n; i++) r[o[i]] = i }
	    { sum += $1; $1 = ""; sub(/^ /, ""); sub(/ \(.*/, "")
	      if (!($0 in r) || r[$0] <= last) bad = 1; last = r[$0] }
	    END { exit bad || sum != want }' ||
		fail "$1: says '$(cat "$tmp/err")', not $2 ports in order"
}

# Runs of this suite at once on one host would find the same free ports
# and hold them from each other: the checks of --free that hold ports
# take turns, through a lock on a file held on descriptor 9.  The kernel
# lets go of it when the suite ends, however it ends, so that a run
# killed leaves nothing that stops the next.
lock=${TMPDIR:-/tmp}/portinfo-e2e-free.flock
if ! command -v flock >/dev/null 2>&1; then
	echo "e2e_local: no flock(1): --free checked without taking turns"
elif ! { : >>"$lock" && exec 9<"$lock"; } 2>/dev/null; then
	echo "e2e_local: cannot open $lock: --free checked without taking turns"
elif ! flock -w 600 9; then
	echo "e2e_local: $lock held for 10 minutes: --free checked without it"
fi

# Every port --free gives is free, unassigned, not ephemeral, not
# reserved and not a common use.
check_run --free -n 40
expect_status '--free -n 40' 0
[ "$(wc -l <"$tmp/out")" -eq 40 ] || fail '--free -n 40: not 40 lines'
grep -qv '^[0-9][0-9]*$' "$tmp/out" && fail '--free: not only numbers'
sort -n -c "$tmp/out" || fail '--free: not in order'
for p in $(cat "$tmp/out"); do
	[ "$p" -ge 1024 ] && [ "$p" -le 49151 ] ||
		fail "--free: $p is not registered"
	ephemeral "$p" && fail "--free: $p is ephemeral"
	reserved "$p" && fail "--free: $p is reserved"
	"$PORTINFO" --iana -a -f tsv -H "$p" >"$tmp/reg"
	awk -F '\t' '$9 != "unassigned" { bad = 1 } END { exit bad }' \
	    "$tmp/reg" ||
		fail "--free: $p is in the registry: $(cat "$tmp/reg")"
	"$PORTINFO" -f tsv -H "$p" | cut -f 9 | grep -qx common &&
		fail "--free: $p is a common use"
done
set -- $(head -4 "$tmp/out")
p1=$1 p2=$2 p3=$3 p4=$4

# Held by the test: p1 over tcp, p2 over udp, p3 over both.
hold tcp:$p1 udp:$p2 tcp:$p3 udp:$p3
check_run --free -n 10 $p1-$p4
expect_line '--free, some held' "$p4"
expect_status '--free, some held' 1
why_check '--free, some held' $((p4 - p1))
grep -q "^portinfo: only 1 free port in $p1-$p4, 9 missing: .*[3-9] in use" \
    "$tmp/err" || fail "--free, some held: says '$(cat "$tmp/err")'"
for p in $p1 $p2 $p3; do
	grep -qx "$p" "$tmp/out" && fail "--free: gives $p, which is held"
done
check_run --free -n 10 -p tcp $p1-$p4
expect_line '--free -p tcp' "$p2"
grep -qx -e "$p1" -e "$p3" "$tmp/out" && fail '--free -p tcp: gives a held port'
check_run --free=$p1-$p4/udp -n 10
expect_line '--free RANGE/udp' "$p1"
grep -qx -e "$p2" -e "$p3" "$tmp/out" && fail '--free /udp: gives a held port'

check_run --free $p3
expect_status '--free, held' 1
[ -s "$tmp/out" ] && fail '--free, held: prints something'
expect_err '--free, held' "portinfo: no free port in $p3: 1 in use here"

check_run --free -n 2 $p4
expect_status '--free, too few' 1
expect_line '--free, too few' "$p4"
expect_err '--free, too few' "portinfo: only 1 free port in $p4, 1 missing"

check_run -q --free $p4
expect_status '--free -q' 0
[ -s "$tmp/out" ] && fail '--free -q: prints something'

# -f: a record for each port found, its port, protocol (none when it is
# free over both) and range; -H leaves the header out.  -q prints nothing
# at all, nor why fewer were found than asked: the status says it.
check_run --free -n 10 -f tsv $p1-$p4
expect_status '--free -f tsv' 1
printf 'port\tprotocol\trange\n%s\t\tregistered\n' "$p4" >"$tmp/want"
same '--free -f tsv' stdout "$tmp/want" "$tmp/out"
check_run --free -n 10 -p tcp -f csv -H $p1-$p4
printf '%s,tcp,registered\n' "$p2" "$p4" >"$tmp/want"
same '--free -f csv -H' stdout "$tmp/want" "$tmp/out"
check_run --free=$p1-$p4/udp -n 2 -f json
expect_status '--free -f json' 0
printf '{"port":%s,"protocol":"udp","range":"registered"}\n' "$p1" "$p4" \
    >"$tmp/want"
same '--free -f json' stdout "$tmp/want" "$tmp/out"
# -o: in human output the table that -o makes elsewhere.
check_run --free -n 10 -o range,port $p1-$p4
expect_status '--free -o, human' 1
printf 'RANGE       PORT\nregistered  %s\n' "$p4" >"$tmp/want"
same '--free -o, human' stdout "$tmp/want" "$tmp/out"
for range in $p1-$p4 $p1-$p3; do
	check_run -q --free -n 10 -f json $range
	expect_status "--free -q, too few ($range)" 1
	[ -s "$tmp/out" ] || [ -s "$tmp/err" ] &&
		fail "--free -q, too few ($range): $(cat "$tmp/out" "$tmp/err")"
done

release "$holder"

# Bound without listening, on another loopback address or on [::1]: the
# port is not free, for the wildcard bind a new service makes would fail.
hold tcpbound:$p1
check_run --free -n 10 -p tcp $p1-$p4
grep -qx "$p1" "$tmp/out" && fail "--free: gives $p1, bound on 127.0.0.2"
expect_line '--free, bound elsewhere' "$p2"
release "$holder"
if [ -r /proc/net/tcp6 ] && holdports tcp6bound:$p2 >"$tmp/held6" 2>/dev/null
then
	set -- $(cat "$tmp/held6")
	holders="$holders $1"
	check_run --free -n 10 -p tcp $p1-$p4
	grep -qx "$p2" "$tmp/out" && fail "--free: gives $p2, bound on [::1]"
	release "$1"
fi
exec 9<&-

# Unassigned, but IANA reports unauthorized use: never offered.
check_run --free 27018-27019 -n 2
expect_status '--free, flagged' 1
[ -s "$tmp/out" ] && fail "--free, flagged: gives $(cat "$tmp/out")"
check_run --free 27018
expect_err '--free, flagged, why' \
    'portinfo: no free port in 27018: 1 in unauthorized use'

# A port software commonly uses, or one a label names, is not offered
# either, whatever this host has; --iana and --no-labels let them be.
check_run --free 25565
expect_status '--free, common use' 1
expect_err '--free, common use' \
    'portinfo: no free port in 25565: 1 commonly used'
printf '%s\n' 'Service Name,Port Number,Transport Protocol' \
    'staging-db,15432,tcp' >"$tmp/team.csv"
check_run --services "$tmp/team.csv" --free 15432
expect_status '--free, labelled' 1
expect_err '--free, labelled' \
    'portinfo: no free port in 15432: 1 labelled'
check_run --services "$tmp/missing.csv" --free
expect_status '--free, unreadable label file' 2
[ -s "$tmp/out" ] &&
	fail "--free, unreadable label file: gives $(cat "$tmp/out")"
for port in 25565 15432; do
	for opt in --iana --no-labels; do
		[ "$port$opt" = 25565--no-labels ] && continue
		check_run --services "$tmp/team.csv" $opt --free $port
		grep -q 'labelled\|commonly used' "$tmp/err" &&
			fail "--free $opt $port: $(cat "$tmp/err")"
	done
done

# A host without 127.0.0.1: a network namespace of the test's own, where
# the loopback interface is up with its IPv4 address taken away.
noloop='ip link set lo up && ip addr del 127.0.0.1/8 dev lo && shift && exec "$@"'
if unshare -rn sh -c "$noloop" - true true 2>/dev/null; then
	count_check
	PORT=$(unshare -rn sh -c "$noloop" - x ${RUN:-} "$PORTINFO" \
	    --free 8000-9000 2>"$tmp/err")
	case $PORT in
	8[0-9][0-9][0-9] | 9000) ;;
	*) fail "--free without 127.0.0.1: '$PORT', $(cat "$tmp/err")" ;;
	esac
fi

check_run --free 22
expect_status '--free, assigned' 1
expect_err '--free, assigned' \
    "portinfo: no free port in 22: 1 assigned"
# Port 0 is Reserved, and 1-100 has 12 reservations beside 70 services.
check_run --free 0
expect_status '--free, reserved' 1
expect_err '--free, reserved' "portinfo: no free port in 0: 1 reserved"
check_run --free 1-100 -n 100
grep -q ': 70 assigned, 12 reserved, ' "$tmp/err" ||
	fail "--free 1-100: says '$(cat "$tmp/err")'"
why_check '--free 1-100' $((100 - $(wc -l <"$tmp/out")))
check_run --free $eph_lo-$eph_hi
expect_status '--free, ephemeral' 1
why_check '--free, ephemeral' $((eph_hi - eph_lo + 1))
grep -q "[0-9] ephemeral ($eph_lo-$eph_hi)\$" "$tmp/err" ||
	fail "--free, ephemeral: says '$(cat "$tmp/err")'"
check_run --free registered -n 3
expect_status '--free CLASS' 0
[ "$(head -1 "$tmp/out")" -ge 1024 ] || fail '--free CLASS: below 1024'

PORT=$(${RUN:-} "$PORTINFO" --free 8000-9000)
count_check
case $PORT in
8[0-9][0-9][0-9] | 9000) ;;
*) fail "PORT=\$(portinfo --free 8000-9000) gives '$PORT'" ;;
esac

# --- A bind that cannot be tried ------------------------------------

# The system may refuse the socket a bind needs (systemd's
# RestrictAddressFamilies= makes socket() fail with EAFNOSUPPORT, a
# security module with EACCES or EPERM), or leave none to make (EMFILE,
# ENOBUFS): a library preloaded makes socket() fail so for IPv4 and IPv6.
# -L then calls a port with no socket listed neither free nor in use, and
# --free stops, a socket refused being no privileged port: each says
# which port, once, and exits 2.  Not under valgrind or the sanitizers,
# whose own libraries come first, nor for a program linked statically,
# which nothing preloaded reaches.
cat >"$tmp/shim.c" <<'EOF'
#define _GNU_SOURCE
#include <sys/socket.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct { const char *name; int e; } errs[] = {
	{ "EAFNOSUPPORT", EAFNOSUPPORT }, { "EMFILE", EMFILE },
	{ "ENOBUFS", ENOBUFS }, { "EACCES", EACCES }, { "EPERM", EPERM }
};

__attribute__((constructor)) static void
loaded(void)
{
	const char *mark = getenv("SHIM_LOADED");

	if (mark != NULL)
		close(open(mark, O_WRONLY | O_CREAT, 0600));
}

int
socket(int family, int type, int proto)
{
	const char *fail = getenv("SHIM_SOCKET_FAILS");
	size_t i;

	for (i = 0; fail && i < sizeof(errs) / sizeof(errs[0]); i++)
		if (strcmp(fail, errs[i].name) == 0 &&
		    (family == AF_INET || family == AF_INET6)) {
			errno = errs[i].e;
			return -1;
		}
	return ((int (*)(int, int, int))dlsym(RTLD_NEXT, "socket"))(family,
	    type, proto);
}
EOF
if [ -n "${RUN:-}" ] || [ -n "${SANITIZERS:-}" ]; then
	echo "e2e_local: a bind that cannot be tried: not checked under" \
	    "${RUN:-$SANITIZERS}"
elif ! ${CC:-cc} -shared -fPIC -o "$tmp/shim.so" "$tmp/shim.c" -ldl \
    2>"$tmp/err"; then
	echo "e2e_local: a bind that cannot be tried: not checked, no" \
	    "shared library built: $(head -1 "$tmp/err")"
elif ! LD_PRELOAD=$tmp/shim.so SHIM_LOADED=$tmp/loaded "$PORTINFO" 22 \
    >/dev/null 2>&1 || [ ! -e "$tmp/loaded" ]; then
	echo "e2e_local: a bind that cannot be tried: not checked, nothing" \
	    "preloaded reaches $PORTINFO"
else
	# shim ERRNO ARG...: runs ARG... with socket() failing with ERRNO.
	shim() {
		_e=$1
		shift
		count_check
		LD_PRELOAD=$tmp/shim.so SHIM_SOCKET_FAILS=$_e "$PORTINFO" \
		    "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
		rc=$?
	}
	# cannot_bind NAME PORT: standard error's one line says that PORT
	# could not be tried.
	cannot_bind() {
		grep -q "^portinfo: port $2: cannot bind: [^:]" "$tmp/err" &&
		    [ "$(wc -l <"$tmp/err")" -eq 1 ] ||
			fail "$1: says '$(cat "$tmp/err")'"
	}
	hold tcpbound:0 tcp:0
	set -- $ports
	for e in EAFNOSUPPORT EMFILE ENOBUFS EACCES EPERM; do
		shim $e -L -f tsv -p tcp $1
		expect_status "-L, $e" 2
		[ "$(fields port in_use)" = "$(tabs $1 '')" ] ||
			fail "-L, $e: says $(fields port in_use)"
		cannot_bind "-L, $e" $1
		# Once, for the first port; the list tells without a bind.
		shim $e -q -L -p tcp $1 22 $1-$(($1 + 2)) $2
		expect_status "-q -L, $e" 2
		cannot_bind "-q -L, $e" $1
		shim $e -L -p tcp $2
		expect_status "-L, $e, listening" 0
		[ -s "$tmp/err" ] && fail "-L, $e, listening: $(cat "$tmp/err")"
		# Not a privileged port: a socket refused.
		shim $e --free -p tcp registered
		expect_status "--free, $e" 2
		[ -s "$tmp/out" ] && fail "--free, $e: gives $(cat "$tmp/out")"
		cannot_bind "--free, $e" '[0-9]*'
	done
	shim EAFNOSUPPORT -L -p tcp $1
	expect_row '-L, EAFNOSUPPORT, human' "$1 tcp - $1 - - -"
	release "$holder"
fi

# --- Usage ------------------------------------------------------------

# usage_err NAME MESSAGE ARG...: a usage error, told in one line and a
# pointer to --help, on standard error only.
usage_err() {
	name=$1
	msg=$2
	shift 2
	check_run "$@"
	expect_status "$name" 2
	printf "portinfo: %s\nTry 'portinfo --help'.\n" "$msg" >"$tmp/want"
	cmp -s "$tmp/want" "$tmp/err" || fail "$name: says $(cat "$tmp/err")"
	[ -s "$tmp/out" ] && fail "$name: writes to standard output"
}

usage_err '-n alone' '-n goes with --free only' -n 3 22
usage_err '-n 0' '0: not a count (1-65536)' --free -n 0
usage_err '-n too big' '65537: not a count (1-65536)' --free -n 65537
usage_err '-n sign' '+3: not a count (1-65536)' --free -n +3
usage_err '--free and a name' 'ssh: not a port range (such as 8000-9000)' \
    --free ssh
usage_err '--free and two ranges' '9000: a query cannot be given with --free' \
    --free 8000 9000
usage_err '--free, protocols apart' \
    "the protocols of -p and of --free's range do not overlap" \
    -p tcp --free 8000-9000/udp
usage_err '--free, a class and a bad protocol' \
    'dynamic/icmp: unknown protocol' --free dynamic/icmp
usage_err '--free=bogus' 'bogus: not a port range (such as 8000-9000)' \
    --free=bogus
usage_err '--free with -L' \
    '-L cannot be used with --free' --free -L
usage_err '--free sctp' '--free finds tcp and udp ports only' --free -p sctp
usage_err '--free /dccp' '--free finds tcp and udp ports only' --free 8000/dccp
usage_err '--listening and a query' \
    '22: a query cannot be given with --listening' --listening 22
usage_err '--listening with -s' '-s cannot be used with --listening' \
    --listening -s ssh
usage_err '--listening sctp' '--listening shows tcp and udp ports only' \
    --listening -p sctp
usage_err '--sockets and a query' \
    '22: a query cannot be given with --sockets' --sockets 22
usage_err '--sockets with --listening' \
    '--listening cannot be used with --sockets' \
    --sockets --listening

finish
