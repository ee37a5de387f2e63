#!/bin/sh
# End-to-end tests of the local view: -L, --listening and --free, checked
# against TCP and UDP sockets that the test itself holds on 127.0.0.1
# with $B/holdports, whose pid it knows.

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

# expect_line NAME LINE: standard output has LINE, but for the width of
# the gaps between columns, which other sockets on the port may widen.
expect_line() {
	tr -s ' ' <"$tmp/out" | grep -qxF -- "$(printf '%s' "$2" | tr -s ' ')" ||
		{ fail "$1: no line '$2' in:"; sed 's/^/    /' "$tmp/out"; }
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
		ours = $col["local_port"] == ""
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

# --- The manual documents the options and fields ---------------------

man=$(dirname "$0")/../man/portinfo.1
count_check
for opt in local listening sockets free count; do
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
local_fields='in_use local_address local_port state uid pids commands
    ephemeral privileged reserved'

check_run -L -f tsv $tport/tcp
expect_status '-L tsv, in use' 0
mine $pid
head -1 "$tmp/out" | grep -q "	$(tabs $local_fields)\$" ||
	fail "-L tsv: header $(head -1 "$tmp/out")"
# What the registry says varies with the port; what the host says not.
fields port protocol $local_fields | sort -u >"$tmp/local"
[ "$(cat "$tmp/local")" = "$(tabs $tport tcp true 127.0.0.1 $tport \
    listen $uid $pid holdports $eph false $res)" ] ||
	fail "-L tsv: says $(cat "$tmp/local")"

check_run -L -f csv -H $uport/udp
grep -q ",udp,.*,true,127.0.0.1,$uport,unconn,$uid,$pid,holdports,$eph,false,$ures\$" \
    "$tmp/out" || fail "-L csv: says $(cat "$tmp/out")"

# Nothing holds the tcp port over udp (unless the kernel gave both, or
# another process has it): the record still comes, its socket fields
# empty.
run -L -f tsv $tport/udp
mine
if [ "$tport" = "$uport" ]; then
	:
elif [ "$others" -eq 0 ]; then
	count_check
	expect_status '-L, not in use' 1
	fields $local_fields | sort -u >"$tmp/local"
	[ "$(cat "$tmp/local")" = "$(printf 'false\t\t\t\t\t\t\t%s\tfalse\t%s' $eph $res)" ] ||
		fail "-L, nothing there: says $(cat "$tmp/local")"
else
	echo "e2e_local: $tport/udp is another's: not checked as free"
fi

check_run -L -f json $tport
grep -q "\"protocol\":\"tcp\",.*\"in_use\":true,\"local_address\":\"127.0.0.1\",\"local_port\":$tport,\"state\":\"listen\",\"uid\":$uid,\"pids\":\[$pid\],\"commands\":\[\"holdports\"\],\"ephemeral\":$eph,\"privileged\":false,\"reserved\":$res}$" \
    "$tmp/out" || fail "-L json: $(cat "$tmp/out")"
if $have_jq; then
	jq -e . "$tmp/out" >/dev/null 2>&1 || fail '-L json: jq rejects it'
fi

check_run -L $tport/tcp
expect_line '-L human' "    tcp  127.0.0.1:$tport  listen  holdports (pid $pid)"
check_run -L $uport/udp
expect_line '-L human, udp' "    udp  127.0.0.1:$uport  unconn  holdports (pid $pid)"
[ "$eph" = true ] && e=ephemeral || e='not ephemeral'
[ "$ures" = true ] && r=', reserved' || r=
expect_line '-L human, heading' \
    "  this host, port $uport: unprivileged (from $unpriv), $e ($eph_lo-$eph_hi)$r"

# Short of descriptors, the owner is shown or the shortage is reported,
# never passed off as "hidden".  Only for the program alone: valgrind
# and the sanitizers' runtimes take descriptors of their own, the leak
# checker's at exit among them.
if [ -n "${RUN:-}" ] || [ -n "${SANITIZERS:-}" ]; then
	echo "e2e_local: descriptor shortage not tried under ${RUN:-$SANITIZERS}"
else
	for n in 4 5 6 7 8; do
		count_check
		(ulimit -n $n && exec "$PORTINFO" -L $tport/tcp) </dev/null \
		    >"$tmp/out" 2>"$tmp/err"
		rc=$?
		grep -q hidden "$tmp/out" &&
			fail "ulimit -n $n: says hidden: $(cat "$tmp/out")"
		# Too few for the program to start at all (inherited ones).
		[ "$rc" -eq 127 ] && continue
		if [ "$rc" -le 1 ]; then
			grep -q "holdports (pid $pid)" "$tmp/out" ||
				fail "ulimit -n $n: no owner: $(cat "$tmp/out")"
		else
			# EMFILE, in glibc's words or musl's.
			[ "$rc" -eq 2 ] && grep -q -e 'Too many open files' \
			    -e 'No file descriptors available' "$tmp/err" ||
				fail "ulimit -n $n: exit $rc, says $(cat "$tmp/err")"
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
for field in $local_fields; do
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
check_run -L -f tsv 22/sctp
[ "$(fields in_use local_address local_port state)" = "$(printf '\t\t\t')" ] ||
	fail "-L: sctp is not looked at: $(cat "$tmp/out")"

# --- --listening ------------------------------------------------------

check_run --listening -f tsv
expect_status '--listening' 0
fields query in_use pids commands >"$tmp/local"
grep -qxF "$(tabs $tport/tcp true $pid holdports)" "$tmp/local" ||
	fail "--listening: no $tport/tcp held by $pid"
grep -qxF "$(tabs $uport/udp true $pid holdports)" "$tmp/local" ||
	fail "--listening: no $uport/udp held by $pid"
fields local_port | sort -n -c || fail '--listening: not in port order'
# Every record is a socket, listening or unconnected.
fields in_use | grep -qv '^true$' &&
	fail '--listening: a record of nothing held'
fields state | grep -qv -e '^listen$' -e '^unconn$' &&
	fail "--listening: a socket neither listening nor unconnected"
fields protocol | grep -qv -e '^tcp$' -e '^udp$' &&
	fail '--listening: a socket without its protocol'

check_run --listening -p udp -f tsv
fields query | grep -qv '/udp$' && fail '--listening -p udp: tcp too'
fields query | grep -qx "$uport/udp" || fail "--listening -p udp: no $uport"

check_run --listening
expect_line '--listening human' "    tcp  127.0.0.1:$tport  listen  holdports (pid $pid)"
grep -q "^$tport/tcp  " "$tmp/out" || fail '--listening human: no heading'

# A connected udp socket is in use, but does not listen.
hold udpconn:0
cpid=$holder
cport=$ports
check_run --listening -f tsv
fields local_port pids | grep -qxF "$(tabs $cport $cpid)" &&
	fail "--listening: lists connected udp $cport"
check_run -L -f tsv $cport/udp
mine $cpid
[ "$(fields in_use state pids)" = "$(tabs true estab $cpid)" ] ||
	fail "-L, connected udp: says $(cat "$tmp/out")"
check_run -L $cport/udp
expect_line '-L, connected udp' "    udp  127.0.0.1:$cport  estab  holdports (pid $cpid)"
# --sockets shows every socket, the connected one too.
check_run --sockets -f tsv
expect_status '--sockets' 0
fields query local_port state pids >"$tmp/local"
grep -qxF "$(tabs $cport/udp $cport estab $cpid)" "$tmp/local" ||
	fail "--sockets: no connected udp $cport: $(cat "$tmp/local")"
grep -qxF "$(tabs $tport/tcp $tport listen $pid)" "$tmp/local" ||
	fail "--sockets: no listening tcp $tport"
check_run --sockets -p udp
expect_line '--sockets human' "    udp  127.0.0.1:$cport  estab  holdports (pid $cpid)"
release "$cpid"

# Bound on 127.0.0.2 or on [::1] without listening: procfs does not list
# such a socket, but it holds the port all the same, and the human
# output says so in a row of its own.
bound_row() {
	check_run -L $1
	expect_line "$2" "    tcp  ?:$1  bound  unknown"
	grep -q 'nothing listening or bound' "$tmp/out" &&
		fail "$2: says nothing is bound: $(cat "$tmp/out")"
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

# Listening on [::1] only: its records say address ::1 and protocol
# tcp, even where the registry names no protocol.  The kernel chooses
# the port, which the registry may also have over udp: that record
# comes too, with no socket, and is left out here.
if [ -r /proc/net/tcp6 ] && holdports tcp6:0 >"$tmp/held6" 2>/dev/null
then
	set -- $(cat "$tmp/held6")
	holders="$holders $1"
	check_run -L -f tsv $2
	mine $1
	[ "$(fields local_address protocol local_port state pids |
	    grep -v '^	' | sort -u)" = "$(tabs ::1 tcp $2 listen $1)" ] ||
		fail "-L, [::1] only: says $(cat "$tmp/out")"
	check_run -L $2
	expect_line '-L, [::1] only, human' "    tcp  [::1]:$2  listen  holdports (pid $1)"
	if $have_jq; then
		check_run -L -f json $2
		[ "$(jq -r 'select(.local_address == "::1") | .protocol' "$tmp/out")" = tcp ] ||
			fail "-L json, [::1] only: $(cat "$tmp/out")"
	fi
	release "$1"
fi

# Two processes listening on one port (SO_REUSEPORT): both are shown.
hold tcpreuse:0
rpid1=$holder
rport=$ports
hold tcpreuse:$rport
rpid2=$holder
check_run -L $rport/tcp
expect_line '-L, reuseport, first' "    tcp  127.0.0.1:$rport  listen  holdports (pid $rpid1)"
expect_line '-L, reuseport, second' "    tcp  127.0.0.1:$rport  listen  holdports (pid $rpid2)"
# Two sockets, as the kernel has them: a record each, with its own pid.
check_run -L -f tsv $rport/tcp
mine $rpid1 $rpid2
fields local_address local_port pids | sort >"$tmp/local"
printf '%s\n' "$(tabs 127.0.0.1 $rport $rpid1)" "$(tabs 127.0.0.1 $rport $rpid2)" |
    sort >"$tmp/want"
cmp -s "$tmp/local" "$tmp/want" || fail "-L, reuseport: $(cat "$tmp/out")"
if $have_jq; then
	check_run -L -f json $rport/tcp
	[ "$(jq -c --argjson a $rpid1 --argjson b $rpid2 '
	    select(any(.pids[]?; . == $a or . == $b)) | [.local_port, .pids]
	    ' "$tmp/out" | sort | tr '\n' ' ')" = \
	    "$(printf '[%s,[%s]]\n' $rport $rpid1 $rport $rpid2 | sort | tr '\n' ' ')" ] ||
		fail "-L json, reuseport: $(cat "$tmp/out")"
fi
check_run -q -L $rport
expect_status '-q -L, reuseport' 0
release "$rpid1"
release "$rpid2"

# tcp and udp on one port: both shown for the port asked without one.
hold tcp:0
bothpid=$holder
bothport=$ports
if holdports udp:$bothport >"$tmp/heldu" 2>/dev/null; then
	set -- $(cat "$tmp/heldu")
	holders="$holders $1"
	check_run -L $bothport
	expect_line '-L, tcp and udp, tcp' "    tcp  127.0.0.1:$bothport  listen  holdports (pid $bothpid)"
	expect_line '-L, tcp and udp, udp' "    udp  127.0.0.1:$bothport  unconn  holdports (pid $1)"
	# A record each, with its protocol, with -a or without.
	for a in '' -a; do
		check_run -L $a -f tsv $bothport
		mine $bothpid $1
		fields protocol local_port state pids | grep -v '^sctp\|^dccp' \
		    >"$tmp/local"
		printf '%s\n' "$(tabs tcp $bothport listen $bothpid)" \
		    "$(tabs udp $bothport unconn $1)" >"$tmp/want"
		cmp -s "$tmp/local" "$tmp/want" ||
			fail "-L $a, tcp and udp: $(cat "$tmp/out")"
	done
	if $have_jq; then
		check_run -L -f json $bothport
		[ "$(jq -r --argjson a $bothpid --argjson b $1 '
		    select(any(.pids[]?; . == $a or . == $b)) | .protocol
		    ' "$tmp/out" | sort | tr '\n' ' ')" = 'tcp udp ' ] ||
			fail "-L json, tcp and udp: $(cat "$tmp/out")"
	fi
	release "$1"
fi
release "$bothpid"

# A port inside a registry range (x11, 6000-6063): the port asked is
# looked at, within its record, and the socket says its own port.
if holdports tcp:6001 >"$tmp/heldx" 2>/dev/null; then
	set -- $(cat "$tmp/heldx")
	holders="$holders $1"
	check_run -L -f tsv 6001/tcp
	mine $1
	[ "$(fields port port_end service in_use local_address local_port pids)" = \
	    "$(tabs 6000 6063 x11 true 127.0.0.1 6001 $1)" ] ||
		fail "-L, port in a range: $(cat "$tmp/out")"
	check_run --listening -f tsv -p tcp
	mine $1
	[ "$(fields query local_port service | grep "^6001/")" = \
	    "$(tabs 6001/tcp 6001 x11)" ] ||
		fail "--listening, port in a range: $(cat "$tmp/out")"
	check_run -L -f tsv 5990-6010
	mine $1
	[ "$(fields local_port pids | grep -v '^	')" = "$(tabs 6001 $1)" ] ||
		fail "-L range, port in a range: $(cat "$tmp/out")"
	# -s and -l tell what the host has on the ports of their records.
	check_run -L -s 'X Window System' -p tcp
	expect_line '-L -s' "    tcp  127.0.0.1:6001  listen  holdports (pid $1)"
	check_run -L -s 'X Window System' -p tcp -f tsv
	mine $1
	[ "$(fields local_port pids | grep -v '^	')" = "$(tabs 6001 $1)" ] ||
		fail "-L -s tsv: $(cat "$tmp/out")"
	check_run -L -l registered -p tcp
	expect_line '-L -l' "    tcp  127.0.0.1:6001  listen  holdports (pid $1)"
	release "$1"
fi

# One socket shared by a parent and its child: the lowest pid is shown.
hold_shared tcp:0
sport=$ports
check_run -L $sport/tcp
expect_line '-L, shared' "    tcp  127.0.0.1:$sport  listen  holdports (pid $holder)"
# One socket, one record, both pids.
check_run -L -f tsv $sport/tcp
mine $holder $holder2
[ "$(fields local_port pids commands)" = \
    "$(tabs $sport "$(printf '%s\n' $holder $holder2 | sort -n | paste -sd , -)" holdports,holdports)" ] ||
	fail "-L, shared: $(cat "$tmp/out")"
check_run -L -f csv $sport/tcp
grep -q ",\"$(printf '%s\n' $holder $holder2 | sort -n | paste -sd , -)\",\"holdports,holdports\"," \
    "$tmp/out" || fail "-L csv, shared: $(cat "$tmp/out")"
if $have_jq; then
	check_run -L -f json $sport/tcp
	[ "$(jq -c --argjson a $holder '
	    select(any(.pids[]?; . == $a)) | .pids | sort' "$tmp/out")" = \
	    "[$(printf '%s\n' $holder $holder2 | sort -n | paste -sd , -)]" ] ||
		fail "-L json, shared: $(cat "$tmp/out")"
fi
release "$holder2"
release "$holder"

# Nothing dropped: every socket the human output lists for a range
# has its record, with -a or without.
hold tcp:0 udp:0 udpconn:0
set -- $ports
lo=$1 hi=$1
for p in "$@"; do
	[ "$p" -lt "$lo" ] && lo=$p
	[ "$p" -gt "$hi" ] && hi=$p
done
# Only the test's own sockets are compared: others come and go.
check_run -L $lo-$hi
awk -v own="(pid $holder)" '/^    (tcp|udp)  / && index($0, own) {
    print $1, $2 }' "$tmp/out" | sort >"$tmp/want"
[ "$(wc -l <"$tmp/want")" -eq 3 ] || fail "-L $lo-$hi human: $(cat "$tmp/out")"
for a in '' -a; do
	check_run -L $a -f tsv $lo-$hi
	mine $holder
	fields protocol local_address local_port | awk -F '\t' '$2 != "" {
	    print $1, ($2 ~ /:/ ? "[" $2 "]" : $2) ":" $3 }' |
	    sort >"$tmp/local"
	cmp -s "$tmp/want" "$tmp/local" ||
		fail "-L $a $lo-$hi: $(cat "$tmp/local") for $(cat "$tmp/want")"
done
release "$holder"

# Asked by exit status alone: in use or not.
check_run -q -L $tport/tcp
expect_status '-q -L, in use' 0
[ -s "$tmp/out" ] && fail '-q -L: prints something'
check_run -q -L $tport/tcp 1/udp
expect_status '-q -L, one of two in use' 1
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

# --- --free -----------------------------------------------------------

# why_check NAME COUNT: --free's message counts COUNT ports in all, each
# under one reason, the reasons in the manual's order.
why_order='assigned|in unauthorized use|commonly used|labelled|ephemeral'
why_order="$why_order|reserved by the host|in use here|privileged"
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
    '--free cannot be used with -L, --listening, -l or -s' --free -L
usage_err '--free sctp' '--free finds tcp and udp ports only' --free -p sctp
usage_err '--free /dccp' '--free finds tcp and udp ports only' --free 8000/dccp
usage_err '--listening and a query' \
    '22: a query cannot be given with --listening' --listening 22
usage_err '--listening with -s' '--listening cannot be used with -l or -s' \
    --listening -s ssh
usage_err '--listening sctp' '--listening shows tcp and udp ports only' \
    --listening -p sctp
usage_err '--sockets and a query' \
    '22: a query cannot be given with --sockets' --sockets 22
usage_err '--sockets with --listening' \
    '--sockets cannot be used with -x, --free, --listening, -l or -s' \
    --sockets --listening

finish
