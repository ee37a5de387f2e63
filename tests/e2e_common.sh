#!/bin/sh
# Common uses and aliases, end to end: the ports people meet that IANA
# assigns to something else or to nothing (issue examples: 3000, 9090,
# 6443, ...) answer with the software that uses them, after IANA's own
# records and marked "common"; the names people type (smtps, postgres,
# x11-1, ...) find IANA's records; --iana answers as IANA's registry
# alone; and every name and alias of a services database (Debian's
# netbase, its names kept in tests/data/netbase-names.txt, not asked of
# this machine, whose own may differ) resolves to the same port and
# protocol, but for the deliberate differences listed below.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_common
. "$(dirname "$0")/lib.sh"

# common_on PORT NAME/PROTO...: the port's answer, in tsv, is IANA's
# records, then the common uses NAME/PROTO... in that order, each with
# status "common" and an https reference; exit status 0.
common_on() {
	port=$1
	shift
	count_check
	run -f tsv -H "$port"
	expect_status "$port" 0
	awk -F '\t' -v port="$port" '
	$9 == "common" {
		seen = 1
		if ($8 !~ /^https:\/\//) print port ": no https reference: " $8
		if ($2 > port + 0 || $3 < port + 0) print port ": not on the port"
		printf "%s/%s\n", $6, $5 >"/dev/stderr"
		next
	}
	seen { print port ": an IANA record after a common use: " $0 }
	' "$tmp/out" 2>"$tmp/names" >"$tmp/problems"
	[ -s "$tmp/problems" ] && fail "$(cat "$tmp/problems")"
	printf '%s\n' "$@" >"$tmp/want"
	cmp -s "$tmp/want" "$tmp/names" ||
	    fail "$port: common uses are '$(tr '\n' ' ' <"$tmp/names")'," \
	    "not '$*'"
	# IANA's records come first and are what --iana shows.
	run --iana -f tsv -H "$port"
	grep -v '	common	' "$tmp/out" >"$tmp/iana"
	"$PORTINFO" -f tsv -H "$port" | grep -v '	common			$' >"$tmp/mixed"
	cmp -s "$tmp/iana" "$tmp/mixed" ||
	    fail "$port: IANA's records differ with common uses shown"
}

# The examples of the issue: IANA's assignment, or none, and then what
# a developer or an administrator most likely has listening there.
common_on 3000 create-react-app/tcp grafana/tcp nextjs/tcp rails/tcp
common_on 9090 cockpit/tcp prometheus/tcp
common_on 6443 kube-apiserver/tcp
common_on 9200 elasticsearch/tcp
common_on 5601 kibana/tcp
common_on 5173 vite/tcp
common_on 25565 minecraft/tcp
common_on 27015 srcds/tcp srcds/udp
common_on 10250 kubelet/tcp
common_on 51820 wireguard/udp

# A port IANA leaves unassigned says so first, then who uses it, each
# named once, its source with -v only; with --iana, only IANA's word and
# the old exit status.
count_check
run 5173
expect_status 'human 5173' 0
cat >"$tmp/want" <<'EOF'
5173  registered port (IANA user, 1024-49151)
  unassigned
  commonly used by:
  tcp  vite  Vite development server (vite dev)
EOF
cmp -s "$tmp/want" "$tmp/out" || fail "human 5173: $(cat "$tmp/out")"
count_check
run -v 5173
sed '$s|$|  https://vite.dev/config/server-options.html#server-port|' \
    "$tmp/want" >"$tmp/want.v"
cmp -s "$tmp/want.v" "$tmp/out" || fail "human -v 5173: $(cat "$tmp/out")"
run -f tsv -H -o reference 5173/tcp
[ "$(tail -n 1 "$tmp/out")" = \
    https://vite.dev/config/server-options.html#server-port ] ||
	fail "tsv 5173: no reference: $(cat "$tmp/out")"
count_check
run --iana 5173
expect_status '--iana 5173' 1
cat >"$tmp/want" <<'EOF'
5173  registered port (IANA user, 1024-49151)
  unassigned
EOF
cmp -s "$tmp/want" "$tmp/out" || fail "--iana 5173: $(cat "$tmp/out")"

# A class or a range: IANA's word first, then each port's common uses
# after its IANA records, under a line of their own.
count_check
run -f tsv -H -l dynamic
expect_status '-l dynamic' 0
cat >"$tmp/want" <<'EOF'
dynamic	49152	65535	dynamic	unassigned
dynamic	50000	50000	dynamic	common
dynamic	51820	51820	dynamic	common
EOF
cut -f 1-4,9 "$tmp/out" | cmp -s "$tmp/want" - ||
    fail "-l dynamic: $(cat "$tmp/out")"
run --iana -l dynamic
expect_status '--iana -l dynamic' 1
count_check
run 49000-50000
cat >"$tmp/want" <<'EOF'
49000-50000  mixed ports (registered 1024-49151, dynamic 49152-65535)
  49000  tcp  matahari    Matahari Broker
  49001  tcp  nusrp       Nuance Unity Service Request Protocol
  49001  udp  nusdp-disc  Nuance Unity Service Discovery Protocol
  49150  tcp  inspider    InSpider System
  commonly used by:
EOF
head -n 6 "$tmp/out" | cmp -s "$tmp/want" - ||
    fail "49000-50000: $(cat "$tmp/out")"
count_check
run 30000-30001/tcp
[ "$(grep -c '^  commonly used by:$' "$tmp/out")" -eq 1 ] &&
    [ "$(grep -c 'kubernetes-nodeport' "$tmp/out")" -eq 1 ] ||
    fail "30000-30001: not one block for the NodePort range: $(cat "$tmp/out")"

# The option may be shortened as any long option; colour marks the line.
count_check
run --ian -q 5173
expect_status '--ian' 1
esc=$(printf '\033')
run --color=always 5173
grep -q "^  $esc\\[1mcommonly used by:$esc\\[0m$" "$tmp/out" ||
    fail "colour: $(cat -v "$tmp/out")"

# Several programs on one port: under one line, a row each, each named
# once.
count_check
run 9090
[ "$(grep -c 'cockpit' "$tmp/out")" -eq 1 ] &&
    [ "$(grep -c 'prometheus' "$tmp/out")" -eq 1 ] ||
    fail "human 9090: $(cat "$tmp/out")"
[ "$(grep -c '^  commonly used by:' "$tmp/out")" -eq 1 ] ||
    fail "human 9090: not one block of common uses"
sed -n '2p' "$tmp/out" | grep -q 'websm' ||
    fail "human 9090: IANA's websm is not first"

# JSON and csv say "common" in the status field, where IANA's say theirs.
count_check
run -f json -p udp 51820
grep -q '"service":"wireguard",.*"status":"common"' "$tmp/out" ||
    fail "json 51820: $(cat "$tmp/out")"
run -f csv -H 6443/tcp
grep -q '^6443/tcp,6443,6443,registered,tcp,kube-apiserver,.*,common,,,$' \
    "$tmp/out" || fail "csv 6443: $(cat "$tmp/out")"

# -s searches the common uses too, and finds what IANA has not.
for word in minecraft prometheus kubernetes grafana wireguard; do
	count_check
	run -f tsv -H -s "$word"
	expect_status "-s $word" 0
	grep -q '	common			$' "$tmp/out" || fail "-s $word: no common use"
	run --iana -q -s "$word"
	expect_status "--iana -s $word" 1
done

# A name of a common use answers; with --iana it is unknown.
count_check
run -f tsv -H grafana
expect_status 'grafana' 0
[ "$(cut -f 2,5,6,9 "$tmp/out")" = "3000	tcp	grafana	common" ] ||
    fail "grafana: $(cat "$tmp/out")"
run --iana -q grafana
expect_status '--iana grafana' 1

# The names people type for IANA's services: QUERY PORT PROTO SERVICE,
# each answered by IANA's record (status assigned) on that port.
while read -r q port proto service; do
	count_check
	run -f tsv -H "$q/$proto"
	expect_status "$q" 0
	awk -F '\t' -v p="$port" -v t="$proto" -v s="$service" '
	    $5 == t && $6 == s && $2 <= p + 0 && p + 0 <= $3 &&
	    $9 == "assigned" { ok = 1 } END { exit !ok }' "$tmp/out" ||
	    fail "$q: not $service on $port/$proto: $(cat "$tmp/out")"
	run --iana -q "$q/$proto"
	expect_status "--iana $q" 1
done <<'EOF'
smtps 465 tcp submissions
ssmtp 465 tcp submissions
postgres 5432 tcp postgresql
snews 563 tcp nntps
whois 43 tcp nicname
pop-3 110 tcp pop3
kerberos-sec 88 udp kerberos
krb5 88 tcp kerberos
snmp-trap 162 udp snmptrap
sip-tls 5061 tcp sips
x11-1 6001 tcp x11
x11-7 6007 tcp x11
portmapper 111 udp sunrpc
route 520 udp router
webcache 8080 tcp http-alt
subversion 3690 tcp svn
ircd 6667 tcp ircu
EOF

# netbase names IANA leaves to no one on that port: common uses.
count_check
run -f tsv -H webmin
[ "$(cut -f 2,5,6,9 "$tmp/out")" = "10000	tcp	webmin	common" ] ||
    fail "webmin: $(cat "$tmp/out")"

# In human output an alias says what it stands for.
count_check
run smtps
expect_status 'human smtps' 0
cat >"$tmp/want" <<'EOF'
smtps  alias of submissions
  465  tcp  submissions  Message Submission over TLS protocol  RFC8314
EOF
cmp -s "$tmp/want" "$tmp/out" || fail "human smtps: $(cat "$tmp/out")"

# Exit status over several queries: a common use counts as a match.
count_check
run -q 22 5173 25565 smtps
expect_status 'common uses match' 0
run --iana -q 22 5173
expect_status '--iana: unassigned does not match' 1
run -q 5174
expect_status 'nothing on 5174' 1

# Every name and alias of netbase's services database resolves to its
# port and protocol there, but for these deliberate differences with
# IANA's registry, which portinfo follows ("name port/proto"):
#   IANA assigns the port to another service, or the name to another
#   port or protocol (syslog is 514/udp; 514/tcp is shell; kerberos-iv,
#   kdc and kerberos4 are MIT's 750, which IANA lists as
#   kerberos-iv/udp only; radius's old ports 1645 and 1646 are
#   datametrics and sa-msg-port; fsp 21/udp is ftp; netstat 15 is
#   unassigned; bbs 7000 is afs3-fileserver; iprop 2121 is
#   scientia-ssdb; poppassd 106 is 3com-tsmux; ...);
#   netbase's names for software IANA never registered (moira, skkserv,
#   predict, rmtcfg, xtel, rplay, canna, zope, tproxy, omniorb, amanda's
#   kamanda and amidxtape, the sgi-* daemons, asp, csync2, dircproxy,
#   fido, xinetd, fax, ...), which no software's own documentation was
#   found to state as its default;
#   AppleTalk's ddp names, a protocol IANA's registry does not have.
# netbase also spells some with an underscore (kerberos_master), which a
# service name cannot hold.
cat >"$tmp/differ" <<'EOF'
netstat 15/tcp
fsp 21/udp
fspd 21/udp
poppassd 106/tcp
syslog 514/tcp
kerberos4 750/tcp
kerberos-iv 750/tcp
kdc 750/tcp
kerberos-master 751/tcp
kerberos-master 751/udp
kerberos_master 751/udp
passwd-server 752/udp
passwd_server 752/udp
krb_prop 754/tcp
krb5_prop 754/tcp
hprop 754/tcp
moira-db 775/tcp
moira_db 775/tcp
moira-update 777/tcp
moira_update 777/tcp
moira-ureg 779/udp
moira_ureg 779/udp
supfilesrv 871/tcp
supfiledbg 1127/tcp
skkserv 1178/tcp
predict 1210/udp
rmtcfg 1236/tcp
xtel 1313/tcp
xtelw 1314/tcp
datametrics 1645/tcp
datametrics 1645/udp
old-radius 1645/tcp
old-radius 1645/udp
old-radacct 1646/tcp
old-radacct 1646/udp
iprop 2121/tcp
fax 4557/tcp
rplay 5555/udp
canna 5680/tcp
bbs 7000/tcp
zope-ftp 8021/tcp
tproxy 8081/tcp
omniorb 8088/tcp
clc-build-daemon 8990/tcp
xinetd 9098/tcp
zope 9673/tcp
kamanda 10081/tcp
amandaidx 10082/tcp
amidxtape 10083/tcp
sgi-cmsd 17001/udp
sgi-crsd 17002/udp
sgi-gcd 17003/udp
sgi-cad 17004/tcp
asp 27374/tcp
asp 27374/udp
csync2 30865/tcp
dircproxy 57000/tcp
tfido 60177/tcp
fido 60179/tcp
rtmp 1/ddp
nbp 2/ddp
echo 4/ddp
zip 6/ddp
EOF
# "name port proto" for every name and alias.
sed -n 's,^\([^#][^ ]*\) \([0-9]*\)/\(.*\)$,\1 \2 \3,p' \
    "$(dirname "$0")/data/netbase-names.txt" | sort -u >"$tmp/names"
count_check
[ "$(wc -l <"$tmp/names")" -ge 400 ] ||
	fail "netbase-names.txt: only $(wc -l <"$tmp/names") names"
# Each as a query "name/proto", the answer's port range beside it.
while read -r name port proto; do
	case $proto in
	tcp|udp|sctp|dccp) ;;
	*) echo "$name $port/$proto"; continue ;;
	esac
	"$PORTINFO" -f tsv -H "$name/$proto" 2>/dev/null |
	    awk -F '\t' -v p="$port" -v t="$proto" '
	    $5 == t && $2 <= p + 0 && p + 0 <= $3 { ok = 1 }
	    END { exit !ok }' || echo "$name $port/$proto"
done <"$tmp/names" | sort >"$tmp/got"
sort "$tmp/differ" >"$tmp/differ.sorted"
# A difference not listed is a bug; a listed one that went away means
# the list is out of date: say so too.
comm -23 "$tmp/got" "$tmp/differ.sorted" >"$tmp/new"
count_check
[ -s "$tmp/new" ] && fail "netbase and portinfo disagree" \
    "on: $(tr '\n' ';' <"$tmp/new")"
comm -23 "$tmp/differ.sorted" "$tmp/got" >"$tmp/stale"
count_check
[ -s "$tmp/stale" ] && fail "listed as different, but agree now:" \
    "$(tr '\n' ';' <"$tmp/stale")"

finish
