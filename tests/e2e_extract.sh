#!/bin/sh
# End-to-end tests of -x, --extract: the output of ss, netstat, lsof,
# iptables-save, nft and docker ps, captured from the real tools in
# tests/data/tools/, gives one answer per endpoint and nothing else, with
# the line and side of each; long lines, hostile bytes and memory.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_extract
. "$(dirname "$0")/lib.sh"
tools=$(dirname "$0")/data/tools

# run_extract INPUT ARG...: runs the program with -x ARG... on INPUT:
# output in $tmp/out and $tmp/err, exit status in $rc.
run_extract() {
	_in=$1
	shift
	count_check
	${RUN:-} "$PORTINFO" -x "$@" <"$_in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# same_text NAME WANT GOT: the files are equal, or the difference is shown.
same_text() {
	cmp -s "$2" "$3" && return 0
	fail "$1: differs (-expected +actual):"
	diff -u "$2" "$3" | sed -n '3,$s/^/    /p'
}

# expect_no_errors NAME: nothing was said on standard error.
expect_no_errors() {
	[ -s "$tmp/err" ] || return 0
	fail "$1: says on standard error:"
	sed 's/^/    /' "$tmp/err"
}

# The fields a test compares: query, port, protocol, line and side, with
# '|' for the tab; the input tsv with its header, picked by -o.
records() {
	tr '\t' '|' <"$1"
}
FIELDS=query,port,protocol,line,side

# expect CAPTURE STATUS <<EOF: the records of tools/CAPTURE.txt in tsv,
# as records() shows them, one for each endpoint; no message; the exit
# status.
expect() {
	cat >"$tmp/want"
	run_extract "$tools/$1.txt" -f tsv -H -o $FIELDS
	expect_status "$1" "$2"
	expect_no_errors "$1"
	records "$tmp/out" >"$tmp/got"
	same_text "$1" "$tmp/want" "$tmp/got"
}

# --- Each capture: exactly its endpoints ---------------------------------
#
# Process ids, inodes, devices, queue lengths and packet or byte counts
# are in these captures and must not appear; the unassigned ports of the
# socket tables exit 1, the firewall rules' assigned ports 0.  A port
# with nothing assigned keeps the protocol its line gives, as any other.

expect ss-tlnp 1 <<'EOF'
127.0.0.1:18080|18080|tcp|2|local
*:18081|18081|tcp|3|local
[::1]:18443|18443|tcp|4|local
EOF
expect ss-tuna 1 <<'EOF'
127.0.0.1:15353|15353|udp|2|local
0.0.0.0:15355|15355|udp|3|local
[::1]:15354|15354|udp|4|local
127.0.0.1:18080|18080|tcp|5|local
127.0.0.1:18080|18080|tcp|6|local
127.0.0.1:46972|46972|tcp|6|remote
127.0.0.1:53370|53370|tcp|7|local
127.0.0.1:18080|18080|tcp|7|remote
127.0.0.1:18080|18080|tcp|8|local
127.0.0.1:53370|53370|tcp|8|remote
*:18081|18081|tcp|9|local
[::1]:18443|18443|tcp|10|local
[::1]:18443|18443|tcp|11|local
[::1]:46758|46758|tcp|11|remote
[::1]:46758|46758|tcp|12|local
[::1]:18443|18443|tcp|12|remote
[::1]:18443|18443|tcp|13|local
[::1]:45898|45898|tcp|13|remote
EOF
# With a state filter, as here, ss writes neither Netid nor State: the
# header says which address is which, and no protocol is written.
expect ss-tn-state-established 1 <<'EOF'
192.0.2.10:22|22||2|local
198.51.100.7:51514|51514||2|remote
192.0.2.10:22|22||3|local
203.0.113.25:60211|60211||3|remote
[2001:db8::10]:443|443||4|local
[2001:db8::7]:50022|50022||4|remote
[::ffff:192.0.2.10]:8443|8443||5|local
[::ffff:198.51.100.9]:41002|41002||5|remote
127.0.0.1:49829|49829||6|local
127.0.0.1:52578|52578||6|remote
127.0.0.1:52578|52578||7|local
127.0.0.1:49829|49829||7|remote
EOF
expect netstat-tlnu 1 <<'EOF'
127.0.0.1:18080|18080|tcp|3|local
:::18081|18081|tcp|4|local
::1:18443|18443|tcp|5|local
127.0.0.1:15353|15353|udp|6|local
0.0.0.0:15355|15355|udp|7|local
::1:15354|15354|udp|8|local
EOF
expect netstat-tuna 1 <<'EOF'
127.0.0.1:18080|18080|tcp|3|local
127.0.0.1:18080|18080|tcp|4|local
127.0.0.1:46972|46972|tcp|4|remote
127.0.0.1:53370|53370|tcp|5|local
127.0.0.1:18080|18080|tcp|5|remote
127.0.0.1:18080|18080|tcp|6|local
127.0.0.1:53370|53370|tcp|6|remote
:::18081|18081|tcp|7|local
::1:18443|18443|tcp|8|local
::1:18443|18443|tcp|9|local
::1:46758|46758|tcp|9|remote
::1:46758|46758|tcp|10|local
::1:18443|18443|tcp|10|remote
::1:18443|18443|tcp|11|local
::1:45898|45898|tcp|11|remote
127.0.0.1:15353|15353|udp|12|local
0.0.0.0:15355|15355|udp|13|local
::1:15354|15354|udp|14|local
EOF
expect lsof-i-nP 1 <<'EOF'
127.0.0.1:18080|18080|tcp|2|local
[::1]:18443|18443|tcp|3|local
127.0.0.1:15353|15353|udp|4|local
[::1]:15354|15354|udp|5|local
*:18081|18081|tcp|6|local
*:15355|15355|udp|7|local
127.0.0.1:53370|53370|tcp|8|local
127.0.0.1:18080|18080|tcp|8|remote
127.0.0.1:18080|18080|tcp|9|local
127.0.0.1:53370|53370|tcp|9|remote
[::1]:46758|46758|tcp|10|local
[::1]:18443|18443|tcp|10|remote
[::1]:18443|18443|tcp|11|local
[::1]:46758|46758|tcp|11|remote
EOF
expect lsof-i-nP-F-pcn 1 <<'EOF'
127.0.0.1:18080|18080||3|local
[::1]:18443|18443||4|local
127.0.0.1:15353|15353||5|local
[::1]:15354|15354||6|local
*:18081|18081||7|local
*:15355|15355||8|local
127.0.0.1:53370|53370||9|local
127.0.0.1:18080|18080||9|remote
127.0.0.1:18080|18080||10|local
127.0.0.1:53370|53370||10|remote
[::1]:46758|46758||11|local
[::1]:18443|18443||11|remote
[::1]:18443|18443||12|local
[::1]:46758|46758||12|remote
EOF
expect iptables-save 0 <<'EOF'
22|22|tcp|6|
53|53|udp|7|
80|80|tcp|8|
443|443|tcp|8|
8080|8080|tcp|8|
6000:6010|6000|tcp|9|
25|25|tcp|10|
123|123|udp|11|
8443|8443|tcp|20|
10.0.0.2:443|443|tcp|20|
EOF
expect ip6tables-save 0 <<'EOF'
5432|5432|tcp|6|
EOF
expect nft-list-ruleset 0 <<'EOF'
22|22|tcp|6|
80|80|tcp|7|
443|443|tcp|7|
53|53|udp|8|
6000-6010|6000|tcp|9|
25|25|tcp|10|
5353|5353||11|
5432|5432|tcp|12|
123|123|udp|17|
8443|8443|tcp|23|
10.0.0.2:443|443|tcp|23|
EOF
expect docker-ps 0 <<'EOF'
0.0.0.0:9000-9001|9000|tcp|2|host
9000-9001/tcp|9000|tcp|2|container
[::]:9000-9001|9000|tcp|2|host
9000-9001/tcp|9000|tcp|2|container
0.0.0.0:1053|1053|udp|3|host
53/udp|53|udp|3|container
[::]:1053|1053|udp|3|host
53/udp|53|udp|3|container
6379/tcp|6379|tcp|4|
127.0.0.1:5432|5432|tcp|5|host
5432/tcp|5432|tcp|5|container
0.0.0.0:8080|8080|tcp|6|host
80/tcp|80|tcp|6|container
[::]:8080|8080|tcp|6|host
80/tcp|80|tcp|6|container
EOF

# Firewalls, scanners, clusters, other systems' socket tables, conntrack
# and logs: each port a reader sees, with its line's protocol and no
# other, and none of their counts, times, versions or protocol numbers.
expect iptables-L-n 1 <<'EOF'
22|22|tcp|4|
6000:6010|6000|udp|5|
80|80|tcp|6|
443|443|tcp|6|
9100|9100|tcp|7|
9090:9093|9090|tcp|7|
1024|1024|tcp|8|
25|25|tcp|8|
53|53|udp|9|
1024:65535|1024|udp|9|
23|23|tcp|10|
53|53|udp|18|
80|80|tcp|22|
192.0.2.5:8080|8080|tcp|22|
80|80|tcp|23|
3128|3128|tcp|23|
1024-65535|1024|tcp|27|
123|123|udp|28|
EOF
# Without -n, names: a range's bounds too, each for its first port.
expect iptables-L 0 <<'EOF'
ssh|22|tcp|4|
ftp-data:ssh|20|tcp|5|
x11:6010|6000|tcp|6|
5000:x11|5000|tcp|7|
http|80|tcp|8|
https|443|tcp|8|
domain|53|udp|9|
1024:65535|1024|udp|9|
domain|53|udp|16|
EOF
run_extract "$tools/iptables-L.txt" -f tsv -H -o query,port,port_end
records "$tmp/out" | sed -n '2,4p' >"$tmp/got"
printf '%s\n' 'ftp-data:ssh|20|22' 'x11:6010|6000|6010' '5000:x11|5000|6000' \
    >"$tmp/want"
same_text 'iptables -L: named ranges' "$tmp/want" "$tmp/got"
expect iptables-L-nv-line-numbers 0 <<'EOF'
22|22|tcp|4|
80|80|tcp|5|
443|443|tcp|5|
5060:5061|5060|udp|6|
10000|10000|udp|6|
2905|2905|sctp|7|
53|53|udp|12|
EOF
expect firewall-cmd-list-all 1 <<'EOF'
9090/tcp|9090|tcp|7|
60000-61000/udp|60000|udp|7|
80|80|tcp|12|
8080|8080|tcp|12|
5353|5353|udp|13|
53/udp|53|udp|14|
5432|5432|tcp|17|
2222|2222|tcp|18|
22|22|tcp|18|
5000-5010|5000|udp|19|
EOF
expect firewall-cmd 1 <<'EOF'
9090/tcp|9090|tcp|1|
60000-61000/udp|60000|udp|3|
80|80|tcp|5|
8080|8080|tcp|5|
5432|5432|tcp|7|
8080/tcp|8080|tcp|9|
9090/tcp|9090|tcp|12|
60000-61000/udp|60000|udp|12|
EOF
expect ufw-status 1 <<'EOF'
22/tcp|22|tcp|5|
5432|5432||6|
80|80|tcp|7|
443/tcp|443|tcp|7|
60000:61000/udp|60000|udp|8|
8080|8080||9|
3306/tcp|3306|tcp|11|
22/tcp|22|tcp|12|
5432|5432||13|
80|80|tcp|14|
443/tcp|443|tcp|14|
60000:61000/udp|60000|udp|15|
EOF
expect ufw-status-numbered 0 <<'EOF'
22/tcp|22|tcp|5|
5432|5432||6|
9100|9100|tcp|7|
9090:9093/tcp|9090|tcp|7|
25/tcp|25|tcp|8|
22/tcp|22|tcp|9|
5432|5432||10|
EOF
expect nmap 0 <<'EOF'
22/tcp|22|tcp|7|
80/tcp|80|tcp|8|
443/tcp|443|tcp|9|
5432/tcp|5432|tcp|10|
8080/tcp|8080|tcp|11|
53/udp|53|udp|19|
123/udp|123|udp|20|
EOF
expect nmap-oG 0 <<'EOF'
22|22|tcp|4|
80|80|tcp|4|
443|443|tcp|4|
8080|8080|tcp|4|
53|53|udp|5|
123|123|udp|5|
EOF
expect nmap-oX 0 <<'EOF'
22|22|tcp|19|
80|80|tcp|20|
443|443|tcp|21|
53|53|udp|32|
EOF
expect kubectl-get-svc 1 <<'EOF'
443/TCP|443|tcp|2|
80|80|tcp|3|
30080|30080|tcp|3|
53/UDP|53|udp|4|
53/TCP|53|tcp|4|
9153/TCP|9153|tcp|4|
80|80|tcp|5|
31380|31380|tcp|5|
443|443|tcp|5|
31390|31390|tcp|5|
5060|5060|udp|6|
30506|30506|udp|6|
5432/TCP|5432|tcp|7|
EOF
expect netstat-an-macos 1 <<'EOF'
192.0.2.23.52344|52344|tcp|3|local
198.51.100.7.443|443|tcp|3|remote
2001:db8::23.52346|52346|tcp|4|local
2001:db8::7.443|443|tcp|4|remote
127.0.0.1.5432|5432|tcp|5|local
*.80|80|tcp|6|local
*.22|22|tcp|7|local
*.22|22|tcp|8|local
::1.631|631|tcp|9|local
*.5353|5353|udp|10|local
2001:db8::23%en0.123|123|udp|11|local
EOF
expect sockstat 1 <<'EOF'
*:22|22|tcp|2|local
*:22|22|tcp|3|local
192.0.2.10:80|80|tcp|4|local
*:443|443|tcp|5|local
*:514|514|udp|6|local
192.0.2.10:22|22|tcp|7|local
198.51.100.7:51514|51514|tcp|7|remote
2001:db8::10:123|123|udp|8|local
*:33434|33434|udp|10|local
EOF
expect netstat-ano-windows 1 <<'EOF'
0.0.0.0:135|135|tcp|4|local
0.0.0.0:445|445|tcp|5|local
192.0.2.10:49712|49712|tcp|6|local
198.51.100.7:443|443|tcp|6|remote
127.0.0.1:5939|5939|tcp|7|local
127.0.0.1:49670|49670|tcp|7|remote
[::]:135|135|tcp|8|local
[::1]:49669|49669|tcp|9|local
0.0.0.0:5353|5353|udp|10|local
[2001:db8::10%12]:546|546|udp|11|local
EOF
expect conntrack-L 1 <<'EOF'
51514|51514|tcp|1|
22|22|tcp|1|
22|22|tcp|1|
51514|51514|tcp|1|
40211|40211|udp|2|
53|53|udp|2|
53|53|udp|2|
40211|40211|udp|2|
44806|44806|tcp|3|
443|443|tcp|3|
443|443|tcp|3|
44806|44806|tcp|3|
38112|38112|tcp|4|
8080|8080|tcp|4|
8080|8080|tcp|4|
38112|38112|tcp|4|
123|123|udp|6|
123|123|udp|6|
123|123|udp|6|
123|123|udp|6|
EOF
expect logs 1 <<'EOF'
22|22||1|
22|22||2|
51514|51514||3|
40022|40022||4|
40022|40022||5|
http://127.0.0.1:3000/api/v1/items|3000||6|
https://example.org/start|443||7|
51514|51514|tcp|8|
23|23|tcp|8|
137|137|udp|9|
137|137|udp|9|
mx.example.org[203.0.113.25]:25|25||10|
198.51.100.7#53124|53124||11|
[::]:9090|9090||12|
EOF

# ss shows one protocol without its Netid column (ss -tlnp, ss -ulnp);
# its states then say which: one record for ssh, one for domain.
printf '%s\n' 'State  Recv-Q Send-Q Local Address:Port Peer Address:Port' \
    'LISTEN 0      128    0.0.0.0:22         0.0.0.0:*' >"$tmp/in"
printf '%s\n' 'State  Recv-Q Send-Q Local Address:Port Peer Address:Port' \
    'UNCONN 0      0      0.0.0.0:53         0.0.0.0:*' >"$tmp/in2"
run_extract "$tmp/in" -f tsv -H -o $FIELDS
records "$tmp/out" >"$tmp/got"
run_extract "$tmp/in2" -f tsv -H -o $FIELDS
records "$tmp/out" >>"$tmp/got"
printf '%s\n' '0.0.0.0:22|22|tcp|2|local' '0.0.0.0:53|53|udp|2|local' \
    >"$tmp/want"
same_text 'ss without Netid: the state says the protocol' "$tmp/want" \
    "$tmp/got"

# ss -tlnp's lines for two sockets: each endpoint's records, common uses
# included, with its line and side.
printf '%s\n' \
    'State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess' \
    'LISTEN 0      128        127.0.0.1:5432       0.0.0.0:*' \
    'LISTEN 0      128        127.0.0.1:8080       0.0.0.0:*' >"$tmp/in"
run_extract "$tmp/in" -f tsv -o line,side,query,services,common
cp "$tmp/out" "$tmp/got"
printf 'line\tside\tquery\tservices\tcommon\n' >"$tmp/want"
printf '%s\tlocal\t127.0.0.1:%s\t%s\t%s\n' 2 5432 postgresql '' \
    3 8080 http-alt jenkins,motion,tomcat >>"$tmp/want"
same_text 'ss -tlnp: one record an endpoint, with lines, sides and names' \
    "$tmp/want" "$tmp/got"

# A range is one endpoint, answered as a whole: by the records that hold
# all of it (x11's 6000-6063 holds 6000:6010, above), or else by one
# record for the range, partial if services lie within it.  iptables'
# 1024:65535 holds thousands.
printf '%s\n' '-A INPUT -p tcp -m tcp --sport 1024:65535 --dport 22 -j ACCEPT' \
    '-A INPUT -p udp -m udp --dport 60000:61000 -j ACCEPT' >"$tmp/in"
run_extract "$tmp/in" -f tsv -H \
    -o query,port,port_end,range,protocol,status,error,line
expect_status 'ranges' 1
expect_no_errors 'ranges'
tr '\t' '|' <"$tmp/out" >"$tmp/got"
printf '%s\n' '1024:65535|1024|65535|mixed|tcp|partial||1' \
    '22|22|22|well-known|tcp|assigned||1' \
    '60000:61000|60000|61000|dynamic|udp|unassigned||2' >"$tmp/want"
same_text 'ranges: one record each, with the protocol of its line' \
    "$tmp/want" "$tmp/got"
run_extract "$tmp/in"
grep -q '^1  *1024:65535  *tcp  *(services on some of its ports)$' \
    "$tmp/out" ||
	fail "ranges: human output does not say what partial means"
# Asked as a query, the same range still lists what it holds.
count_check
n=$("$PORTINFO" -f tsv -H -p tcp 1024:65535 | wc -l)
[ "$n" -gt 1000 ] || fail "1024:65535 as a query: $n records, not thousands"

# The numbers that are not ports: no record has them as its port.
for capture in ss-tlnp lsof-i-nP lsof-i-nP-F-pcn nft-list-ruleset; do
	run_extract "$tools/$capture.txt" -f tsv -H
	for n in 0 8 6471 37658 37667; do
		if cut -f 2 "$tmp/out" | grep -qx "$n"; then
			fail "$capture: $n, not a port, answered as one"
		fi
	done
done

# --- Service names written as ports ------------------------------------
#
# ss -tl and lsof -i without -n and -P, and firewall rules, write ports as
# the names of a services database.  A name counts when its query would
# find it: IANA's, an alias, a common use (not with --iana) or a label;
# and means what that query does.  In a table of sockets and after
# iptables -L's dpt:, any name counts, and one that finds nothing is an
# endpoint whose record says so.

# Every name of Debian's netbase: its records in lsof -F's name field
# (which gives no protocol), those the program knows answered, the
# others unknown.
sed -n 's,^\([^#][^ ]*\) .*,\1,p' "$(dirname "$0")/data/netbase-names.txt" |
    sort -u >"$tmp/names"
count_check
"$PORTINFO" -f tsv -H -o query,status <"$tmp/names" 2>/dev/null |
    awk -F '\t' '{ print $1 "|" ($2 == "unknown" ? "unknown" : "known") }' |
    sort -u >"$tmp/want"
count_check
[ "$(grep -c '|known$' "$tmp/want")" -ge 280 ] ||
	fail "netbase: only $(grep -c '|known$' "$tmp/want") names known"
awk '{ printf "n127.0.0.1:%s\n", $1 }' "$tmp/names" >"$tmp/in"
run_extract "$tmp/in" -f tsv -H -o query,status
expect_status 'netbase names as ports' 1
sed 's/^127\.0\.0\.1://' "$tmp/out" | awk -F '\t' \
    '{ print $1 "|" ($2 == "unknown" ? "unknown" : "known") }' |
    sort -u >"$tmp/got"
same_text 'netbase names as ports: each, those unknown so' "$tmp/want" \
    "$tmp/got"

# The names of netbase that IANA lacks, as ss -tl, lsof -i and iptables -L
# write them: records that say they are unknown, and the exit status 1;
# with the host's names read, what they are.  Elsewhere such a name is
# no endpoint.
printf '%s\n' 'LISTEN 0      4096         0.0.0.0:tproxy      0.0.0.0:*' \
    'java 812 root 3u IPv4 1 0t0 TCP *:omniorb (LISTEN)' \
    'ACCEPT     udp  --  anywhere   anywhere    udp dpt:rplay' \
    'LISTEN 0      4096         0.0.0.0:ssh      0.0.0.0:*' \
    'tcp dport tproxy accept' >"$tmp/in"
run_extract "$tmp/in" -f tsv -H -o query,port,protocol,status,line,side
expect_status 'unknown names in a table' 1
records "$tmp/out" >"$tmp/got"
printf '%s\n' '0.0.0.0:tproxy||tcp|unknown|1|local' \
    '*:omniorb||tcp|unknown|2|local' 'rplay||udp|unknown|3|' \
    '0.0.0.0:ssh|22|tcp|assigned|4|local' >"$tmp/want"
same_text 'unknown names in a table' "$tmp/want" "$tmp/got"
# A tool wrote them: no suggestions for them, as for a name typed.
same 'unknown names in a table, nothing said' stderr /dev/null "$tmp/err"
printf '%s\n' 'Service Name,Port Number,Transport Protocol' \
    'tproxy,8081,tcp' 'omniorb,8088,tcp' 'rplay,5555,udp' >"$tmp/services"
run_extract "$tmp/in" --services "$tmp/services" -f tsv -H -o query,port
expect_status 'unknown names, the host names read' 0
records "$tmp/out" >"$tmp/got"
printf '%s\n' '0.0.0.0:tproxy|8081' '*:omniorb|8088' 'rplay|5555' \
    '0.0.0.0:ssh|22' 'tproxy|8081' >"$tmp/want"
same_text 'unknown names, the host names read' "$tmp/want" "$tmp/got"

# Aliases and common uses, as ss, lsof and nft write them, with the
# records of their queries; --iana knows only IANA's names.
printf '%s\n' 'LISTEN 0 128 127.0.0.1:whois 0.0.0.0:*' \
    'sshd 812 root 3u IPv4 1 0t0 TCP *:ircd (LISTEN)' \
    'tcp dport postgres accept' \
    'LISTEN 0 128 127.0.0.1:prometheus 0.0.0.0:*' \
    'LISTEN 0 128 127.0.0.1:nicname 0.0.0.0:*' >"$tmp/in"
run_extract "$tmp/in" -f tsv -H -o query,port,services,common,line,side
expect_status 'aliases and common uses' 0
expect_no_errors 'aliases and common uses'
records "$tmp/out" >"$tmp/got"
printf '%s\n' '127.0.0.1:whois|43|nicname||1|local' \
    '*:ircd|6667|ircu||2|local' 'postgres|5432|postgresql||3|' \
    '127.0.0.1:prometheus|9090||prometheus|4|local' \
    '127.0.0.1:nicname|43|nicname||5|local' >"$tmp/want"
same_text 'aliases and common uses as ports' "$tmp/want" "$tmp/got"
run_extract "$tmp/in" --iana -f tsv -H -o query,status,line
records "$tmp/out" >"$tmp/got"
printf '%s\n' '127.0.0.1:whois|unknown|1' '*:ircd|unknown|2' \
    '127.0.0.1:prometheus|unknown|4' '127.0.0.1:nicname|assigned|5' \
    >"$tmp/want"
same_text '--iana: IANA names as ports only' "$tmp/want" "$tmp/got"

# A label's name, in any case, only when the label is loaded.
printf '%s\n' 'Service Name,Port Number,Transport Protocol' \
    'billing-api,7410,tcp' >"$tmp/team"
printf '%s\n' 'tcp dport billing-api accept' \
    'LISTEN 0 128 *:Billing-API *:*' >"$tmp/in"
run_extract "$tmp/in" --services "$tmp/team" -f tsv -H \
    -o query,port,labels,line
expect_status 'labels' 0
records "$tmp/out" >"$tmp/got"
printf '%s\n' 'billing-api|7410|billing-api|1' \
    '*:Billing-API|7410|billing-api|2' >"$tmp/want"
same_text 'labels as ports' "$tmp/want" "$tmp/got"
run_extract "$tmp/in" --services "$tmp/team" --no-labels -f tsv -H \
    -o query,status,line
expect_status 'labels not loaded' 1
records "$tmp/out" >"$tmp/got"
echo '*:Billing-API|unknown|2' >"$tmp/want"
same_text 'labels not loaded: only the table names them' "$tmp/want" \
    "$tmp/got"

# --- JSON, csv and the header --------------------------------------------

# The machine formats end with line and side, and only with -x.
run_extract "$tools/ss-tlnp.txt" -f tsv
head -n 1 "$tmp/out" | tr '\t' '\n' | tail -n 2 | tr '\n' ' ' >"$tmp/got"
[ "$(cat "$tmp/got")" = "line side " ] ||
	fail "tsv header: ends with '$(cat "$tmp/got")', expected 'line side'"
count_check
"$PORTINFO" -f tsv 22 | head -n 1 | grep -q 'line\|side' &&
	fail "tsv header without -x: has line or side"
run_extract "$tools/ss-tuna.txt" -f csv -H -o query,line,side
sed -n 5p "$tmp/out" >"$tmp/got"
echo '127.0.0.1:18080,6,local' >"$tmp/want"
same_text 'csv: line and side' "$tmp/want" "$tmp/got"

# JSON: valid on every line, with the same records as tsv; line a number.
if command -v jq >/dev/null 2>&1; then
	for f in "$tools"/*.txt; do
		capture=$(basename "$f" .txt)
		run_extract "$f" -f tsv -H -o $FIELDS
		records "$tmp/out" >"$tmp/want"
		run_extract "$f" -f json
		expect_no_errors "$capture json"
		if ! jq -e . "$tmp/out" >/dev/null 2>"$tmp/jq"; then
			fail "$capture: JSON not valid: $(head -n 1 "$tmp/jq")"
			continue
		fi
		jq -r '[.query, (.port | tostring), (.protocol // ""),
		    (.line | numbers | tostring), .side] | join("|")' \
		    "$tmp/out" >"$tmp/got"
		same_text "$capture: JSON against tsv" "$tmp/want" "$tmp/got"
	done
else
	echo "e2e_extract: JSON not checked (no jq)"
fi

# --- Human output ---------------------------------------------------------

run_extract "$tools/ss-tuna.txt" -p udp
expect_status 'human' 1
expect_no_errors 'human'
head -n 5 "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOF'
LINE  SIDE    QUERY            PROTO  MEANING
2     local   127.0.0.1:15353  udp    -
3     local   0.0.0.0:15355    udp    -
4     local   [::1]:15354      udp    -
5     local   127.0.0.1:18080  -      -
EOF
same_text 'human table' "$tmp/want" "$tmp/got"
# One line an endpoint; no side where no line says one.
run_extract "$tools/iptables-save.txt" -p tcp
sed -n 1,2p "$tmp/out" >"$tmp/got"
printf '%s\n' 'LINE  QUERY         PROTO  MEANING' \
    '6     22            tcp    ssh' >"$tmp/want"
same_text 'human table without a side' "$tmp/want" "$tmp/got"
n=$(wc -l <"$tmp/out")
run_extract "$tools/iptables-save.txt" -p tcp -f tsv -H
[ "$n" -eq $(($(wc -l <"$tmp/out") + 1)) ] ||
	fail "human table: $n lines for $(wc -l <"$tmp/out") endpoints"

# The manual documents the option and the fields, and its example is
# what the program prints for the capture.
man=$(dirname "$0")/../man/portinfo.1
count_check
grep -q '^\.It Fl x , Fl Fl extract$' "$man" || fail 'manual: no --extract'
for field in line side; do
	grep -q "^\\.It Sy $field\$" "$man" || fail "manual: no field $field"
done
run_extract "$tools/iptables-save.txt"
sed -n 1,2p "$tmp/out" >"$tmp/want"
sed -n '/^# iptables-save | portinfo -x$/,/^\\&\.\.\.$/p' "$man" |
    sed '1d;$d' >"$tmp/got"
same_text 'manual: iptables-save example' "$tmp/want" "$tmp/got"
run_extract "$tools/ss-tuna.txt" -f tsv -H -o query,port,line,side
sed -n 5,6p "$tmp/out" | tr '\t' ' ' >"$tmp/want"
printf '%s\n' '127.0.0.1:18080 18080 6 local' \
    '127.0.0.1:46972 46972 6 remote' >"$tmp/got"
same_text 'ss -tuna: each side of a connection' "$tmp/want" "$tmp/got"

# --- Exit status and lines without endpoints ------------------------------

# No endpoint at all: no record, no message, status 1, as a query that
# matches nothing.
for input in '' 'hello world\n' 'PID 6471 uses 37658 bytes, queue 128\n' \
    'tcp udp LISTEN 0 128\n'; do
	printf "$input" >"$tmp/in"
	run_extract "$tmp/in" -f tsv -H
	expect_status "no endpoint in '$input'" 1
	expect_no_errors "no endpoint in '$input'"
	[ -s "$tmp/out" ] && fail "no endpoint in '$input': records printed"
done
# Lines without endpoints between others give nothing and keep the count.
printf 'x\n\n10.0.0.1:22 junk 123\nmore junk\nhttps://example.org/\n' \
    >"$tmp/in"
run_extract "$tmp/in" -f tsv -H -o $FIELDS
expect_status 'assigned endpoints' 0
records "$tmp/out" >"$tmp/got"
printf '%s\n' '10.0.0.1:22|22||3|' 'https://example.org/|443||5|' \
    >"$tmp/want"
same_text 'lines without endpoints' "$tmp/want" "$tmp/got"
# -q answers by the status alone; -p keeps to protocols as with queries.
run_extract "$tools/nft-list-ruleset.txt" -q
expect_status '-q, all assigned' 0
[ -s "$tmp/out" ] && fail '-q: printed something'
run_extract "$tools/ss-tlnp.txt" -q
expect_status '-q, unassigned' 1
run_extract "$tools/iptables-save.txt" -p udp -f tsv -H \
    -o query,protocol,status,line
awk -F '\t' '$2 != "udp" && $3 != "unknown"' "$tmp/out" >"$tmp/got"
[ -s "$tmp/got" ] && fail "-p udp: records of other protocols"
awk -F '\t' '$2 == "udp" { print $1 "|" $4 }' "$tmp/out" >"$tmp/got"
printf '%s\n' '53|7' '123|11' >"$tmp/want"
same_text '-p udp: the udp endpoints' "$tmp/want" "$tmp/got"
# -a shows the registry's reserved record, as for a query.
printf -- '-A INPUT -p tcp -m tcp --dport 1023 -j ACCEPT\n' >"$tmp/in"
run_extract "$tmp/in" -a -f tsv -H -o $FIELDS,status
records "$tmp/out" >"$tmp/got"
echo '1023|1023|tcp|1||reserved' >"$tmp/want"
same_text '-a: the reserved record' "$tmp/want" "$tmp/got"
# -L: the local fields, then line and side, last.
if [ "${LOCAL:-procfs}" != none ] && [ -r /proc/net/tcp ]; then
	run_extract "$tools/ss-tlnp.txt" -L -f tsv
	expect_no_errors '-L'
	head -n 1 "$tmp/out" | tr '\t' '\n' | sed -n '/^in_use$/,$p' |
	    tr '\n' ' ' >"$tmp/got"
	printf 'in_use local_address exposure dual_stack state peer uid ' \
	    >"$tmp/want"
	printf 'pids commands forward ephemeral privileged reserved line ' \
	    >>"$tmp/want"
	printf 'side ' >>"$tmp/want"
	same_text '-L: the fields' "$tmp/want" "$tmp/got"
	# By name: the fields of the header called line and side.
	awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	    { print $1 "|" $col["line"] "|" $col["side"] }' "$tmp/out" \
	    >"$tmp/got"
	printf '%s\n' '127.0.0.1:18080|2|local' '*:18081|3|local' \
	    '[::1]:18443|4|local' >"$tmp/want"
	same_text '-L: line and side' "$tmp/want" "$tmp/got"
fi
# A read error is status 2 and a message.
if [ -d / ]; then
	run_extract / -f tsv
	expect_status 'read error' 2
	grep -q '^portinfo: read error: ' "$tmp/err" ||
		fail "read error: says '$(cat "$tmp/err")'"
fi
# Usage: no operand, no other mode.
printf '' >"$tmp/in"
run_extract "$tmp/in" 22
expect_status '-x with a query' 2
run_extract "$tmp/in" -l
expect_status '-x with -l' 2

# --- Long lines and hostile bytes ----------------------------------------

# A line of 1 MB: 70,000 endpoints on one line, each on a port nobody
# has, so each is one record; then a 1 MB word that is no endpoint, and
# after it one that is.  Every record on its line, no message.
awk 'BEGIN { for (i = 0; i < 70000; i++)
    printf "10.0.0.1:%d ", 50000 + i % 9;
    print ""; s = "x"; while (length(s) < 1048576) s = s s;
    print s ":22 10.0.0.1:22" }' >"$tmp/in"
run_extract "$tmp/in" -f tsv -H -p tcp -o $FIELDS,status
expect_status '1 MB lines' 1
expect_no_errors '1 MB lines'
awk -F '\t' '$4 == 1 && $1 == "10.0.0.1:" $2 && $6 == "unassigned" { n++ }
    END { print n + 0 }' "$tmp/out" >"$tmp/got"
echo 70000 >"$tmp/want"
same_text '1 MB line: a record for each endpoint' "$tmp/want" "$tmp/got"
records "$tmp/out" | grep -v '|1||' >"$tmp/got"
echo '10.0.0.1:22|22|tcp|2||assigned' >"$tmp/want"
same_text '1 MB word, then an endpoint' "$tmp/want" "$tmp/got"

# Control bytes and invalid UTF-8 beside endpoints and inside URLs: the
# escapes of each format, never raw bytes; JSON stays valid.  An ESC or
# a C0 control byte makes a URL no query at all, as it would be asked.
printf 'tcp LISTEN 0 128 10.0.0.1:22 0.0.0.0:* users:(("\033[2J",pid=1))\n' \
    >"$tmp/in"
printf 'GET https://ex.org/\377x\302\205 \001\002 x.org:80 http://a/\033x\n' \
    >>"$tmp/in"
printf '\033]0;title\007 http://h/\342\200\256x\n' >>"$tmp/in"
for format in human tsv csv json; do
	run_extract "$tmp/in" -f "$format"
	expect_no_errors "hostile bytes ($format)"
	count_check
	# ESC, BEL, SOH, STX, the byte FF, C1's NEL and U+202E.
	if LC_ALL=C grep -q "$(printf '[\033\007\001\002\377]')" "$tmp/out" ||
	    LC_ALL=C grep -q "$(printf '\302\205')" "$tmp/out" ||
	    LC_ALL=C grep -q "$(printf '\342\200\256')" "$tmp/out"; then
		fail "hostile bytes ($format): written raw"
	fi
done
run_extract "$tmp/in" -f tsv -H -p tcp -o $FIELDS
records "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOF'
10.0.0.1:22|22|tcp|1|local
https://ex.org/\xffx\xc2\x85|443|tcp|2|
x.org:80|80|tcp|2|
http://h/\xe2\x80\xaex|80|tcp|3|
EOF
same_text 'hostile bytes: tsv' "$tmp/want" "$tmp/got"
if command -v jq >/dev/null 2>&1; then
	run_extract "$tmp/in" -f json -p tcp
	jq -r .query "$tmp/out" 2>&1 >"$tmp/got"
	printf '%s\n' '10.0.0.1:22' \
	    "$(printf 'https://ex.org/\357\277\275x\302\205')" x.org:80 \
	    "$(printf 'http://h/\342\200\256x')" >"$tmp/want"
	same_text 'hostile bytes: JSON' "$tmp/want" "$tmp/got"
fi

# --- Memory: the same however long the input ----------------------------
#
# 50 MB of ss lines, each with two endpoints, may not cost more than 5 MB
# (tests/lib.sh says how and when this is measured).

# make_input BYTES: $tmp/in, ss lines over and over.
ss_line='tcp   ESTAB  0  0  192.0.2.10:22  198.51.100.7:51234'
ss_line="$ss_line  users:((\"sshd\",pid=812,fd=4))"
make_input() {
	yes "$ss_line" 2>/dev/null | head -c "$1" >"$tmp/in"
}

expect_flat_memory -x

finish
