#!/bin/sh
# End-to-end tests of the portinfo command: every query form, option,
# output format and exit status, each compared with its exact output.
#
#   check NAME STATUS ARG...
#
# runs "$PORTINFO" ARG... (after $RUN, if set) and compares its exit
# status with STATUS and its output with the text check reads: lines that
# start with "2> " are what standard error must say, all others what
# standard output must.  The program's standard input is empty unless
# feed FORMAT filled it (a printf format: octal escapes for odd bytes).

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_cli
. "$(dirname "$0")/lib.sh"

feed() {
	# shellcheck disable=SC2059
	printf "$1" >"$tmp/in"
}


# Like check, but shows escape characters in standard output as ^[.
check_visible() {
	name=$1
	want=$2
	shift 2
	count_check
	cat >"$tmp/want"
	run "$@"
	expect_status "$name" "$want"
	cat -v "$tmp/out" >"$tmp/visible"
	same "$name" stdout "$tmp/want" "$tmp/visible"
}

# Runs a shell command line on a terminal, if script(1) can make one.
on_tty() {
	script -qec "$1" /dev/null </dev/null 2>&1 | tr -d '\r'
}

has_tty=no
if on_tty true >/dev/null 2>&1 && [ -n "$(on_tty 'test -t 0 && echo y')" ]
then
	has_tty=yes
fi

# --- Port queries, human output ---------------------------------------

check 'port 22' 0 22 <<'EOF'
22  well-known port (IANA system, 0-1023)
  tcp   ssh  The Secure Shell (SSH) Protocol  RFC4251
  udp   ssh  The Secure Shell (SSH) Protocol  RFC4251
  sctp  ssh  SSH                              RFC9260
EOF

check 'port 80: every name, sctp too' 0 80 <<'EOF'
80  well-known port (IANA system, 0-1023)
  tcp   http      World Wide Web HTTP  RFC9110
  udp   http      World Wide Web HTTP  RFC9110
  tcp   www       World Wide Web HTTP  RFC9110
  udp   www       World Wide Web HTTP  RFC9110
  tcp   www-http  World Wide Web HTTP
  udp   www-http  World Wide Web HTTP
  sctp  http      HTTP                 RFC9260
EOF

check 'port 6001 in the x11 range' 0 6001 <<'EOF'
6001  registered port (IANA user, 1024-49151)
  6000-6063  tcp  x11  X Window System
    unauthorized use reported: Known Unauthorized Use on port 6003
  6000-6063  udp  x11  X Window System
    unauthorized use reported: Known Unauthorized Use on port 6003
EOF

check 'class bounds, reserved and unassigned' 1 \
    0 1023 1024 49151 49152 65535 <<'EOF'
0  well-known port (IANA system, 0-1023)
  reserved

1023  well-known port (IANA system, 0-1023)
  reserved

1024  registered port (IANA user, 1024-49151)
  reserved

49151  registered port (IANA user, 1024-49151)
  reserved

49152  dynamic port (IANA dynamic/private, 49152-65535)
  unassigned

65535  dynamic port (IANA dynamic/private, 49152-65535)
  unassigned
EOF

check 'a range is reserved when each of its ports is' 1 \
    -f tsv -H -o query,status 2-3 1023-1024 230-235 2-4 3-4 2-3/sctp <<'EOF'
2-3	reserved
1023-1024	reserved
230-235	reserved
2-4	unassigned
3-4	unassigned
2-3/sctp	unassigned
EOF

check 'a range reserved in the protocols looked up' 1 \
    -p sctp -f tsv -H -o query,status 2-3 2 <<'EOF'
2-3	unassigned
2	unassigned
EOF

check 'leading zeros' 0 0022/tcp <<'EOF'
0022/tcp  well-known port 22 (IANA system, 0-1023)
  tcp  ssh  The Secure Shell (SSH) Protocol  RFC4251
EOF

check '-a shows reserved and unassigned records' 1 -a 0 4 <<'EOF'
0  well-known port (IANA system, 0-1023)
  tcp  Reserved  RFC6335
  udp  Reserved  RFC6335

4  well-known port (IANA system, 0-1023)
  tcp  Unassigned
  udp  Unassigned
EOF

# --- Names ------------------------------------------------------------

check 'name ssh' 0 ssh <<'EOF'
ssh  service name
  22  tcp   ssh  The Secure Shell (SSH) Protocol  RFC4251
  22  udp   ssh  The Secure Shell (SSH) Protocol  RFC4251
  22  sctp  ssh  SSH                              RFC9260
  -   tcp   ssh  SSH Remote Login Protocol
EOF

check 'name in capitals' 0 -f tsv -H SSH <<'EOF'
SSH	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
SSH	22	22	well-known	udp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
SSH	22	22	well-known	sctp	ssh	SSH	RFC9260	assigned			
SSH				tcp	ssh	SSH Remote Login Protocol		assigned			
EOF

check 'name whois++' 0 whois++ <<'EOF'
whois++  service name
  63  tcp  whois++  whois++
  63  udp  whois++  whois++
EOF

check 'alias of a range: its own port' 0 x11-1 <<'EOF'
x11-1  alias of x11
  6001  tcp  x11  X Window System
    unauthorized use reported: Known Unauthorized Use on port 6003
EOF

check 'aliases of ranges, tsv' 0 -f tsv -H x11-3 ircd x11/tcp <<'EOF'
x11-3	6003	6003	registered	tcp	x11	X Window System		assigned		Known Unauthorized Use on port 6003	
ircd	6667	6667	registered	tcp	ircu	IRCU		assigned			
x11/tcp	6000	6063	registered	tcp	x11	X Window System		assigned		Known Unauthorized Use on port 6003	
EOF

feed '127.0.0.1:x11-3\n'
check 'alias of a range, -x' 0 -x -o query,port,port_end,services -f tsv -H <<'EOF'
127.0.0.1:x11-3	6003	6003	x11
EOF

feed 'LISTEN 0 1 127.0.0.1:x11-3 0.0.0.0:*\n'
check 'alias of a range, --annotate' 0 --annotate <<'EOF'
LISTEN 0 1 127.0.0.1:x11-3 0.0.0.0:*    # x11-3/tcp 6003
EOF

check 'unknown name' 1 no-such-service <<'EOF'
no-such-service  unknown service name
EOF

check 'unknown name, tsv' 1 -f tsv -H no-such-service <<'EOF'
no-such-service								unknown			
EOF

# --- Ranges and protocols ---------------------------------------------

check 'range across classes' 0 1020-1026/tcp <<'EOF'
1020-1026/tcp  mixed ports 1020-1026 (well-known 0-1023, registered 1024-49151)
  1021  tcp  exp1       RFC3692-style Experiment 1  1; RFC4727; RFC6335
  1022  tcp  exp2       RFC3692-style Experiment 2  1; RFC4727; RFC6335
  1025  tcp  blackjack  network blackjack
  1026  tcp  cap        Calendar Access Protocol
EOF

check 'range in one class' 0 -f csv -H 6000-6001 <<'EOF'
6000-6001,6000,6063,registered,tcp,x11,X Window System,,assigned,,Known Unauthorized Use on port 6003,
6000-6001,6000,6063,registered,udp,x11,X Window System,,assigned,,Known Unauthorized Use on port 6003,
EOF

check 'empty range: one record' 1 --iana -f tsv -H 49152-65535 1000-1000/dccp <<'EOF'
49152-65535	49152	65535	dynamic					unassigned			
1000-1000/dccp	1000	1000	well-known					unassigned			
EOF

check 'empty mixed range, human' 1 49000-50000/dccp <<'EOF'
49000-50000/dccp  mixed ports 49000-50000 (registered 1024-49151, dynamic 49152-65535)
  unassigned
EOF

check 'empty mixed range, json' 1 -f json 49000-50000/dccp <<'EOF'
{"query":"49000-50000/dccp","port":49000,"port_end":50000,"range":"mixed","protocol":null,"service":null,"description":null,"reference":null,"status":"unassigned","error":null,"unauthorized":null,"suggestions":null}
EOF

run -f tsv -H 0-65535/dccp
count_check
expect_status 'whole port space' 0
[ "$(wc -l <"$tmp/out")" -gt 10 ] || fail 'whole port space: too few records'
awk -F '\t' '$1 != "0-65535/dccp" || ($5 != "dccp" && $5 != "")' \
    "$tmp/out" | grep -q . && fail 'whole port space: wrong query or protocol'

check '/tcp and /udp' 0 -f tsv -H 22/tcp ssh/udp 80/sctp <<'EOF'
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
ssh/udp	22	22	well-known	udp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
80/sctp	80	80	well-known	sctp	http	HTTP	RFC9260	assigned			
EOF

# lsof -i's protocol:port: the protocol, not a host.
check 'tcp:22, as lsof writes it' 0 -f tsv -H -o query,port,protocol,service \
    tcp:22 UDP:53 sctp:ssh <<'EOF'
tcp:22	22	tcp	ssh
UDP:53	53	udp	domain
sctp:ssh	22	sctp	ssh
EOF
check '-p and protocol: both apply' 1 -p tcp -f tsv -H -o query,status udp:53 <<'EOF'
udp:53	unknown
EOF

# Common mistakes, told what to write.
check 'common mistakes' 2 -f tsv -H -o query,port tcp/22 127.0.0.1 \
    127.0.0.1.22 :22 <<'EOF'
tcp/22	
127.0.0.1	
127.0.0.1.22	
:22	22
:22	22
:22	22
2> portinfo: tcp/22: unknown protocol; write the port first, as in 22/tcp
2> portinfo: 127.0.0.1: an IPv4 address without a port
2> portinfo: 127.0.0.1.22: an address and a port joined by '.'; write address:port
EOF
# A services(5) file is not a label file.
printf '# Network services, Internet style\nssh 22/tcp\n' >"$tmp/services"
check 'services(5) given to --services' 2 -f tsv -H -o query,service \
    --services "$tmp/services" 22/tcp <<'EOF'
22/tcp	ssh
2> $T/services:1: not a CSV header but services(5) text; read such a file with --etc-services
EOF

check '-p restricts every query' 0 -p sctp,DCCP -f tsv -H 80 1021 <<'EOF'
80	80	80	well-known	sctp	http	HTTP	RFC9260	assigned			
1021	1021	1021	well-known	sctp	exp1	RFC3692-style Experiment 1	1; RFC4727; RFC6335	assigned			
1021	1021	1021	well-known	dccp	exp1	RFC3692-style Experiment 1	1; RFC4727; RFC6335	assigned			
EOF

check '-p and /proto both apply' 1 -p tcp -f tsv -H 22/udp <<'EOF'
22/udp	22	22	well-known					unknown			
EOF

check 'a protocol outside -p: unknown, not unassigned' 1 \
    -p udp -f tsv -H -o query,status 6001-6002/tcp 81/tcp 22 <<'EOF'
6001-6002/tcp	unknown
81/tcp	unknown
22	assigned
EOF

check 'a protocol outside -p: reserved by a record of none' 1 \
    -p tcp -f tsv -H -o query,status 51/udp 225-241/udp 51-52/udp <<'EOF'
51/udp	reserved
225-241/udp	reserved
51-52/udp	unknown
EOF

check 'a protocol outside -p, human' 1 -p tcp 22/udp <<'EOF'
22/udp  well-known port 22 (IANA system, 0-1023)
  unknown
EOF

check 'repeated -p: the last wins' 0 -p udp -p tcp -f tsv -H 22 <<'EOF'
22	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
EOF

# --- Addresses and URLs -----------------------------------------------

check 'host:port, [v6]:port, host:service' 0 --iana -p tcp -f tsv -H \
    example.org:22 192.0.2.7:8080 '[2001:db8::1]:443' host:ssh <<'EOF'
example.org:22	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
192.0.2.7:8080	8080	8080	registered	tcp	http-alt	HTTP Alternate (see port 80)		assigned			
[2001:db8::1]:443	443	443	well-known	tcp	https	http protocol over TLS/SSL	RFC9110	assigned			
host:ssh	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
host:ssh				tcp	ssh	SSH Remote Login Protocol		assigned			
EOF

check 'host:port, human' 0 example.org:22/udp <<'EOF'
example.org:22/udp  well-known port 22 (IANA system, 0-1023)
  udp  ssh  The Secure Shell (SSH) Protocol  RFC4251
EOF

check 'URLs: explicit and default ports' 0 --iana -p tcp -f tsv -H \
    https://example.org ssh://git@host/repo http://host:8080/path \
    ftp://h 'wss://example.org/chat' postgres://db/x <<'EOF'
https://example.org	443	443	well-known	tcp	https	http protocol over TLS/SSL	RFC9110	assigned			
ssh://git@host/repo	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
http://host:8080/path	8080	8080	registered	tcp	http-alt	HTTP Alternate (see port 80)		assigned			
ftp://h	21	21	well-known	tcp	ftp	File Transfer Protocol [Control]	RFC959	assigned			
wss://example.org/chat	443	443	well-known	tcp	https	http protocol over TLS/SSL	RFC9110	assigned			
postgres://db/x	5432	5432	registered	tcp	postgresql	PostgreSQL Database		assigned			
EOF

check 'URL, human' 0 https://example.org/ <<'EOF'
https://example.org/  well-known port 443 (IANA system, 0-1023)
  tcp   https  http protocol over TLS/SSL  RFC9110
  udp   https  http protocol over TLS/SSL  RFC9110
  sctp  https  HTTPS                       RFC9260
EOF

# --- Invalid queries --------------------------------------------------

check 'invalid queries: messages, no output' 2 22x +22 0x16 1e3 22.0 '' \
    : '[::1]:' host:99999 x:// /tcp 22/icmp 100-50 0-70000 -- -5 <<'EOF'
2> portinfo: 22x: port must be decimal digits only
2> portinfo: +22: port must not have a sign
2> portinfo: 0x16: port must be decimal digits only
2> portinfo: 1e3: port must be decimal digits only
2> portinfo: 22.0: port must be decimal digits only
2> portinfo: '': empty query
2> portinfo: ':': missing port after ':'
2> portinfo: '[::1]:': missing port after ':'
2> portinfo: 'host:99999': port out of range (0-65535)
2> portinfo: 'x://': missing host in URL
2> portinfo: /tcp: missing port or service name before '/'
2> portinfo: 22/icmp: unknown protocol
2> portinfo: 100-50: reversed range
2> portinfo: 0-70000: port out of range (0-65535)
2> portinfo: -5: port must not have a sign
EOF

check 'invalid among valid: every record, in order' 2 -f tsv -H \
    22/sctp 65536 49152 <<'EOF'
22/sctp	22	22	well-known	sctp	ssh	SSH	RFC9260	assigned			
65536								invalid	port out of range (0-65535)		
49152	49152	49152	dynamic					unassigned			
2> portinfo: 65536: port out of range (0-65535)
EOF

check 'invalid, json' 2 -f json 22/icmp <<'EOF'
{"query":"22/icmp","port":null,"port_end":null,"range":null,"protocol":null,"service":null,"description":null,"reference":null,"status":"invalid","error":"unknown protocol","unauthorized":null,"suggestions":null}
2> portinfo: 22/icmp: unknown protocol
EOF

long=1234567890123456789012345678901234567890123456789012345678901234567890
check 'long query shortened in a message' 2 -q "$long" <<'EOF'
2> portinfo: 1234567890123456789012345678901234567890123456789012345678901...: port out of range (0-65535)
EOF

check 'long query shortened in a heading' 0 "http://$long.example:1/x" \
    <<'EOF'
http://123456789012345678901234567890123456789012345678901234...  well-known port 1 (IANA system, 0-1023)
  tcp  tcpmux  TCP Port Service Multiplexer
  udp  tcpmux  TCP Port Service Multiplexer
EOF

# A token too long to keep is still one invalid record, in its place.
awk 'BEGIN { s = "x"; while (length(s) < 5000) s = s s
    print "22/tcp " s " 80/sctp" }' >"$tmp/in"
run -f tsv -H
count_check
expect_status 'token over 4096 bytes' 2
awk -F '\t' 'NR == 1 && $1 == "22/tcp" && $9 == "assigned" { n++ }
    NR == 2 && length($1) == 4096 && $9 == "invalid" &&
    $10 == "query longer than 4096 bytes" { n++ }
    NR == 3 && $1 == "80/sctp" && $9 == "assigned" { n++ }
    END { exit !(n == 3 && NR == 3) }' "$tmp/out" ||
	fail 'token over 4096 bytes: wrong records'
grep -q '^portinfo: x\{61\}\.\.\.: query longer than 4096 bytes$' \
    "$tmp/err" || fail "token over 4096 bytes: says $(cat "$tmp/err")"

# --- Formats ----------------------------------------------------------

check 'tsv with header' 0 -f tsv 22/tcp <<'EOF'
query	port	port_end	range	protocol	service	description	reference	status	error	unauthorized	suggestions
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
EOF

check 'csv with header' 0 --format=csv 22/tcp <<'EOF'
query,port,port_end,range,protocol,service,description,reference,status,error,unauthorized,suggestions
22/tcp,22,22,well-known,tcp,ssh,The Secure Shell (SSH) Protocol,RFC4251,assigned,,,
EOF

check 'csv without header' 0 --format csv --no-header 22/tcp <<'EOF'
22/tcp,22,22,well-known,tcp,ssh,The Secure Shell (SSH) Protocol,RFC4251,assigned,,,
EOF

check 'csv quotes commas and quotes' 0 -f csv -H 1067/tcp <<'EOF'
1067/tcp,1067,1067,registered,tcp,instl-boots,"Installation Bootstrap Proto. Serv. IANA assigned this well-formed service name as a replacement for ""instl_boots"".",,assigned,,,
1067/tcp,1067,1067,registered,tcp,instl_boots,Installation Bootstrap Proto. Serv.,,assigned,,,
EOF

check 'json' 0 -f json 22/tcp <<'EOF'
{"query":"22/tcp","port":22,"port_end":22,"range":"well-known","protocol":"tcp","service":"ssh","description":"The Secure Shell (SSH) Protocol","reference":"RFC4251","status":"assigned","error":null,"unauthorized":null,"suggestions":null}
EOF

check 'json: name-only record and -H has no effect' 0 -H -f json ssh/tcp \
    <<'EOF'
{"query":"ssh/tcp","port":22,"port_end":22,"range":"well-known","protocol":"tcp","service":"ssh","description":"The Secure Shell (SSH) Protocol","reference":"RFC4251","status":"assigned","error":null,"unauthorized":null,"suggestions":null}
{"query":"ssh/tcp","port":null,"port_end":null,"range":null,"protocol":"tcp","service":"ssh","description":"SSH Remote Login Protocol","reference":null,"status":"assigned","error":null,"unauthorized":null,"suggestions":null}
EOF

check 'json: record without protocol' 1 -a -f json 49151 <<'EOF'
{"query":"49151","port":49151,"port_end":49151,"range":"registered","protocol":null,"service":null,"description":"Reserved","reference":"RFC6335","status":"reserved","error":null,"unauthorized":null,"suggestions":null}
EOF

check 'repeated -f: the last wins' 0 -f json -f tsv -H 22/sctp <<'EOF'
22/sctp	22	22	well-known	sctp	ssh	SSH	RFC9260	assigned			
EOF

check 'empty input: header only' 0 -f csv <<'EOF'
query,port,port_end,range,protocol,service,description,reference,status,error,unauthorized,suggestions
EOF

check 'empty input, human' 0 <<'EOF'
EOF

# --- Batch mode -------------------------------------------------------

feed '22/tcp, 80/sctp # a comment, 443\n\n# a whole line\r\nwhois++/udp,,49152'
check 'queries from standard input' 1 -f tsv -H <<'EOF'
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
80/sctp	80	80	well-known	sctp	http	HTTP	RFC9260	assigned			
whois++/udp	63	63	well-known	udp	whois++	whois++		assigned			
49152	49152	49152	dynamic					unassigned			
EOF

# An argument is split into queries at commas as standard input is, as
# firewall rules list ports.
check 'commas in arguments: four queries, in order' 0 --iana -f tsv -H \
    -p tcp 22,80 ssh,https <<'EOF'
22	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
80	80	80	well-known	tcp	http	World Wide Web HTTP	RFC9110	assigned			
80	80	80	well-known	tcp	www	World Wide Web HTTP	RFC9110	assigned			
80	80	80	well-known	tcp	www-http	World Wide Web HTTP		assigned			
ssh	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
ssh				tcp	ssh	SSH Remote Login Protocol		assigned			
https	443	443	well-known	tcp	https	http protocol over TLS/SSL	RFC9110	assigned			
https				tcp	https	HTTP over SSL/TLS		assigned			
EOF

# An argument with no query in it is one, invalid; otherwise runs of
# commas are one, as on standard input.  White space is the shell's to
# split: an argument that holds some is not split there.
check 'a lone comma, white space' 2 -q , '' '22 ' <<'EOF'
2> portinfo: ,: not a port, range or service name
2> portinfo: '': empty query
2> portinfo: '22 ': not a port, range or service name
EOF
for arg in 22,,80/udp ',22,' 'ssh,,whois++,,' ',,,1-3,'; do
	run -f tsv "$arg"
	cp "$tmp/out" "$tmp/args"
	printf '%s' "$arg" >"$tmp/in"
	check_run -f tsv
	same "argument '$arg' as standard input" stdout "$tmp/out" \
	    "$tmp/args"
done

feed '6001/udp\n'
check '"-" reads standard input in its place' 0 -f tsv -H 22/tcp - 80/sctp \
    <<'EOF'
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
6001/udp	6000	6063	registered	udp	x11	X Window System		assigned		Known Unauthorized Use on port 6003	
80/sctp	80	80	well-known	sctp	http	HTTP	RFC9260	assigned			
EOF

feed '22\000x 80/sctp\r\n#only a comment\r1/udp'
check 'NUL byte, CRLF, CR-ended comment, no final newline' 2 -f tsv -H <<'EOF'
22\x00x								invalid	not a port, range or service name		
80/sctp	80	80	well-known	sctp	http	HTTP	RFC9260	assigned			
1/udp	1	1	well-known	udp	tcpmux	TCP Port Service Multiplexer		assigned			
2> portinfo: '22\x00x': not a port, range or service name
EOF

# One record or more per query, in order, over a larger stream.
awk 'BEGIN { for (i = 0; i < 20000; i++) print i * 7 % 70000 }' >"$tmp/many"
count_check
${RUN:-} "$PORTINFO" -f tsv -H <"$tmp/many" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "stream: exit status $rc, expected 2"
cut -f1 "$tmp/out" | uniq >"$tmp/queries"
same 'stream: every query in order' stdout "$tmp/many" "$tmp/queries"
[ "$(grep -c '	invalid	' "$tmp/out")" -eq "$(awk '$1 > 65535' "$tmp/many" |
    wc -l)" ] || fail 'stream: not one invalid record per port over 65535'

# --- Exit status ------------------------------------------------------

check 'all matched' 0 -q 22 ssh 80/tcp <<'EOF'
EOF
check 'one unassigned' 1 -q 22 49152 <<'EOF'
EOF
check 'one unknown name' 1 --quiet ssh no-such-service <<'EOF'
EOF
check 'reserved is not a match even with -a' 1 -q -a 0 <<'EOF'
EOF

# --- Search and list --------------------------------------------------

check 'search' 0 -s 'secure shell' <<'EOF'
secure shell  text search
  22  tcp  ssh  The Secure Shell (SSH) Protocol  RFC4251
  22  udp  ssh  The Secure Shell (SSH) Protocol  RFC4251
EOF

check 'search, tsv' 0 --search='Secure Shell' -f tsv -H <<'EOF'
Secure Shell	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
Secure Shell	22	22	well-known	udp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
EOF

check 'search without a match' 1 -s xyzzy-plugh <<'EOF'
xyzzy-plugh  text search: no match
EOF

check 'search without a match, json' 1 -f json -s xyzzy-plugh <<'EOF'
{"query":"xyzzy-plugh","port":null,"port_end":null,"range":null,"protocol":null,"service":null,"description":null,"reference":null,"status":"unknown","error":null,"unauthorized":null,"suggestions":null}
EOF

check 'list a class with nothing assigned' 1 --iana -l dynamic <<'EOF'
dynamic ports (IANA dynamic/private, 49152-65535)
  unassigned
EOF

check 'list with an attached class' 1 --iana -ldynamic -f tsv -H <<'EOF'
dynamic	49152	65535	dynamic					unassigned			
EOF

# -l's class is its operand, wherever it stands among the options.
check 'list with the class after other options' 1 --iana -l -p tcp dynamic \
    -f tsv -H <<'EOF'
dynamic	49152	65535	dynamic					unassigned			
EOF

check 'list with --list=CLASS, an IANA name' 1 --iana --list=dynamic/private \
    -f tsv -H <<'EOF'
dynamic	49152	65535	dynamic					unassigned			
EOF

run -f tsv -H -l system -p dccp
count_check
expect_status 'list well-known, dccp' 0
head -2 "$tmp/out" >"$tmp/head"
cat >"$tmp/want" <<'EOF'
well-known	9	9	well-known	dccp	discard	Discard	RFC4340	assigned			
well-known	1021	1021	well-known	dccp	exp1	RFC3692-style Experiment 1	1; RFC4727; RFC6335	assigned			
EOF
same 'list well-known, dccp' stdout "$tmp/want" "$tmp/head"
grep -v '^well-known	' "$tmp/out" && fail 'list well-known: wrong query field'

run -l
count_check
expect_status 'list everything' 0
[ "$(head -1 "$tmp/out")" = 'all ports and service names' ] ||
	fail 'list everything: heading'
grep -q '^  22 *tcp *ssh  *The Secure Shell' "$tmp/out" ||
	fail 'list everything: no ssh'
run -f tsv -H --list
[ "$(cut -f1 "$tmp/out" | sort -u)" = all ] ||
	fail 'list everything: query field is not "all"'
run --iana -a -f tsv -H --list
full=$(wc -l <"$tmp/out")
run -V
[ "$full" -eq "$(sed -n 's/.*, \([0-9]*\) records)$/\1/p' "$tmp/out")" ] ||
	fail 'list -a: not every record of the registry'

run -f tsv -H -l registered -p udp
[ "$(cut -f1 "$tmp/out" | sort -u)" = registered ] ||
	fail 'list registered: the class is taken as the next argument'
awk -F '\t' '$2 < 1024 || $3 > 49151 || ($5 != "udp" && $5 != "")' \
    "$tmp/out" |
	grep -q . && fail 'list registered: records outside the class'

# --- Colour -----------------------------------------------------------

check_visible '--color=always' 0 --color=always 22/tcp <<'EOF'
^[[1m22/tcp  well-known port 22 (IANA system, 0-1023)^[[0m
  tcp  ^[[32mssh^[[0m  The Secure Shell (SSH) Protocol  RFC4251
EOF

NO_COLOR=1
export NO_COLOR
check_visible '--color=always beats NO_COLOR' 1 --color=always 49152 <<'EOF'
^[[1m49152  dynamic port (IANA dynamic/private, 49152-65535)^[[0m
  ^[[33munassigned^[[0m
EOF
unset NO_COLOR

check_visible '--color alone means always' 1 --color 49152 <<'EOF'
^[[1m49152  dynamic port (IANA dynamic/private, 49152-65535)^[[0m
  ^[[33munassigned^[[0m
EOF

check '--color: only human output' 0 --color=always -f tsv -H 22/sctp <<'EOF'
22/sctp	22	22	well-known	sctp	ssh	SSH	RFC9260	assigned			
EOF

check 'no colour into a file' 0 --color=auto 22/sctp <<'EOF'
22/sctp  well-known port 22 (IANA system, 0-1023)
  sctp  ssh  SSH  RFC9260
EOF

if [ "$has_tty" = yes ]; then
	esc=$(printf '\033')
	count_check
	out=$(TERM=xterm on_tty "env -u NO_COLOR $PORTINFO 22")
	case $out in *"$esc"*) ;; *) fail 'auto: no colour on a terminal' ;; esac
	for env in NO_COLOR=1 TERM=dumb; do
		out=$(on_tty "env TERM=xterm $env $PORTINFO 22")
		case $out in
		*"$esc"*) fail "auto: colour on a terminal with $env" ;;
		*ssh*) ;;
		*) fail "auto with $env: no output" ;;
		esac
	done
	out=$(on_tty "env NO_COLOR= TERM=xterm $PORTINFO 22")
	case $out in *"$esc"*) ;; *) fail 'auto: empty NO_COLOR' ;; esac
	out=$(on_tty "env TERM=xterm $PORTINFO --color=never 22")
	case $out in *"$esc"*) fail '--color=never on a terminal' ;; esac
	out=$(on_tty "env TERM=xterm $PORTINFO --color never 22")
	case $out in
	*"$esc"*) fail '--color never on a terminal' ;;
	*never*) fail '--color never: never read as a query' ;;
	esac
	out=$(on_tty "$PORTINFO; echo status \$?")
	[ "$out" = "portinfo: no query given
Try 'portinfo --help'.
status 2" ] || fail "no query on a terminal: $out"
fi

# --- Nothing from input reaches the output raw ------------------------

# A URL's path may hold any bytes that are not blank or control.
odd='a\033[2Jb http://h:1/\302\233[2J\377 caf\303\251 t\\b "q",'
feed "$odd"
check 'escapes in human output and messages' 2 <<'EOF'
http://h:1/\xc2\x9b[2J\xff  well-known port 1 (IANA system, 0-1023)
  tcp  tcpmux  TCP Port Service Multiplexer
  udp  tcpmux  TCP Port Service Multiplexer
2> portinfo: 'a\x1b[2Jb': not a port, range or service name
2> portinfo: café: not a port, range or service name
2> portinfo: t\\b: not a port, range or service name
2> portinfo: "q": not a port, range or service name
EOF

feed "$odd"
check 'escapes in tsv' 2 -f tsv -H <<'EOF'
a\x1b[2Jb								invalid	not a port, range or service name		
http://h:1/\xc2\x9b[2J\xff	1	1	well-known	tcp	tcpmux	TCP Port Service Multiplexer		assigned			
http://h:1/\xc2\x9b[2J\xff	1	1	well-known	udp	tcpmux	TCP Port Service Multiplexer		assigned			
café								invalid	not a port, range or service name		
t\\b								invalid	not a port, range or service name		
"q"								invalid	not a port, range or service name		
2> portinfo: 'a\x1b[2Jb': not a port, range or service name
2> portinfo: café: not a port, range or service name
2> portinfo: t\\b: not a port, range or service name
2> portinfo: "q": not a port, range or service name
EOF

feed "$odd"
check 'escapes in csv' 2 -f csv -H <<'EOF'
a\x1b[2Jb,,,,,,,,invalid,"not a port, range or service name",,
http://h:1/\xc2\x9b[2J\xff,1,1,well-known,tcp,tcpmux,TCP Port Service Multiplexer,,assigned,,,
http://h:1/\xc2\x9b[2J\xff,1,1,well-known,udp,tcpmux,TCP Port Service Multiplexer,,assigned,,,
café,,,,,,,,invalid,"not a port, range or service name",,
t\\b,,,,,,,,invalid,"not a port, range or service name",,
"""q""",,,,,,,,invalid,"not a port, range or service name",,
2> portinfo: 'a\x1b[2Jb': not a port, range or service name
2> portinfo: café: not a port, range or service name
2> portinfo: t\\b: not a port, range or service name
2> portinfo: "q": not a port, range or service name
EOF

feed "$odd 22/udp"
run -f json
count_check
expect_status 'json escapes' 2
cat >"$tmp/want" <<'EOF'
a\u001b[2Jb
http://h:1/\u009b[2J�
http://h:1/\u009b[2J�
café
t\b
"q"
22/udp
EOF
sed 's/^{"query":"\(.*\)","port".*/\1/; s/\\"/"/g; s/\\\\/\\/g' \
    "$tmp/out" >"$tmp/got"
same 'json escapes' stdout "$tmp/want" "$tmp/got"

# Every line an object with the twelve fields in order, no raw controls.
count_check
fields='^[{]"query":"[^	]*","port":([0-9]+|null),"port_end":([0-9]+|null)'
fields="$fields"',"range":("[a-z-]+"|null),"protocol":("[a-z]+"|null)'
fields="$fields"',"service":("[^	]*"|null),"description":("[^	]*"|null)'
fields="$fields"',"reference":("[^	]*"|null)'
fields="$fields"',"status":"(assigned|reserved|unassigned|unknown|invalid)"'
fields="$fields"',"error":("[^	]*"|null),"unauthorized":("[^	]*"|null)'
fields="$fields"',"suggestions":(null|\[("[^	]*")?\])[}]$'
[ "$(grep -Ecv "$fields" "$tmp/out")" -eq 0 ] ||
	fail 'json: a line is not a record'
[ "$(tr -d '\n' <"$tmp/out" | LC_ALL=C tr -d '\040-\176\200-\377' |
    wc -c)" -eq 0 ] || fail 'json: raw control characters'
if command -v iconv >/dev/null 2>&1; then
	iconv -f UTF-8 -t UTF-8 "$tmp/out" >/dev/null 2>&1 ||
		fail 'json: invalid UTF-8'
fi
if command -v jq >/dev/null 2>&1; then
	jq -e . "$tmp/out" >/dev/null 2>&1 || fail 'json: jq rejects it'
	[ "$(jq -r .query "$tmp/out" | tail -1)" = 22/udp ] ||
		fail 'json: jq reads a wrong query'
fi

# --- Options: help, version, usage errors -----------------------------

run -h
count_check
expect_status '-h' 0
[ -s "$tmp/err" ] && fail '-h: writes to standard error'
head -1 "$tmp/out" | grep -q '^usage: portinfo ' || fail '-h: no usage line'
awk 'length > 80 { exit 1 }' "$tmp/out" || fail '-h: wider than 80 columns'
for opt in --protocol --search --list --all --format --no-header --quiet \
    --color --help --version; do
	grep -q -- "$opt" "$tmp/out" || fail "-h: no $opt"
done
cp "$tmp/out" "$tmp/help"
run --help
same '--help' stdout "$tmp/help" "$tmp/out"

run -V
count_check
expect_status '-V' 0
grep -Eq '^portinfo [0-9]+\.[0-9]+\.[0-9]+ \(IANA registry [0-9]{4}-[0-9]{2}-[0-9]{2}, [0-9]+ records\)$' \
    "$tmp/out" || fail "-V: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail '-V: not one line'
cp "$tmp/out" "$tmp/version"
run --version 22
same '--version' stdout "$tmp/version" "$tmp/out"

# A usage error is one line saying what is wrong, then where to look.
usage() {
	echo "2> Try 'portinfo --help'."
}

{ echo '2> portinfo: -y: unknown option'; usage; } |
	check 'unknown short option' 2 -y 22
{ echo '2> portinfo: --bogus: unknown option'; usage; } |
	check 'unknown long option' 2 22 --bogus
{ echo '2> portinfo: --help=yes: option takes no argument'; usage; } |
	check 'argument to a flag' 2 --help=yes
{ echo '2> portinfo: -f: option needs an argument'; usage; } |
	check 'missing argument' 2 22 -f
{ echo '2> portinfo: --protocol: option needs an argument'; usage; } |
	check 'missing argument, long' 2 22 --protocol
{ echo '2> portinfo: xml: unknown format (human, tsv, csv, json)'; usage; } |
	check 'unknown format' 2 -f xml 22
{ echo '2> portinfo: icmp: unknown protocol (tcp, udp, sctp, dccp)'
  usage; } | check 'unknown protocol' 2 -p tcp,icmp 22
{ echo '2> portinfo: foo: unknown protocol (tcp, udp, sctp, dccp)'
  usage; } | check 'unknown protocol, named' 2 -p tcp,foo,udp 22
{ echo "2> portinfo: '': unknown protocol (tcp, udp, sctp, dccp)"
  usage; } | check 'empty protocol' 2 -p tcp, 22
{ echo '2> portinfo: sometimes: unknown colour choice (auto, always, never)'
  usage; } | check 'unknown colour choice' 2 --color=sometimes 22
{ echo '2> portinfo: bogus: unknown class (well-known, registered, dynamic)'
  usage; } | check 'unknown class' 2 --list=bogus
{ echo '2> portinfo: 22: a query cannot be given with -l'; usage; } |
	check 'query with -l' 2 -l well-known 22
{ echo '2> portinfo: bogus: unknown class (well-known, registered, dynamic)'
  usage; } | check 'unknown class after -l' 2 -l bogus
{ echo '2> portinfo: --li: ambiguous option (--list, --listening)'; usage; } |
	check 'ambiguous abbreviation' 2 --li
{ echo '2> portinfo: --co: ambiguous option (--color, --count, --complete)'
  usage; } |
	check 'ambiguous abbreviation, with a synonym' 2 --co=x 22
{ echo '2> portinfo: --=x: unknown option'; usage; } |
	check 'a long option without a name' 2 --=x 22
{ echo '2> portinfo: -sockets: did you mean --sockets?'; usage; } |
	check 'a long option with one dash' 2 -sockets
{ echo '2> portinfo: -sea: did you mean --search?'; usage; } |
	check 'a long option with one dash, shortened' 2 -sea ssh
printf '' | check 'the text of -s in the next word' 0 -q -s ockets
{ echo '2> portinfo: 22: a query cannot be given with -s'; usage; } |
	check 'query with -s' 2 -s ssh 22
{ echo '2> portinfo: -: a query cannot be given with -s'; usage; } |
	check 'standard input with -s' 2 -s ssh -
{ echo '2> portinfo: -s cannot be used with -l'; usage; } |
	check '-l with -s' 2 -s ssh -l well-known
{ echo "2> portinfo: '--\\x1b[31m': unknown option"; usage; } |
	check 'odd option escaped' 2 "--$(printf '\033')[31m"

# The synopsis is for --help; a usage error does not repeat it.
run -f xml 22
count_check
grep -q '^usage:' "$tmp/err" && fail 'usage error: prints the synopsis'
[ "$(wc -l <"$tmp/err")" -eq 2 ] || fail 'usage error: not two lines'

# --- Option values ----------------------------------------------------

# Values are read ignoring case, as service names are.
check 'format, upper case' 0 -f TSV -H 22/tcp <<'EOF'
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
EOF
check 'class and protocol, mixed case' 1 --iana -l Dynamic -p UDP -f Csv -H <<'EOF'
dynamic,49152,65535,dynamic,,,,,unassigned,,,
EOF
check_visible 'colour choice, upper case' 0 --color=NEVER 22/tcp <<'EOF'
22/tcp  well-known port 22 (IANA system, 0-1023)
  tcp  ssh  The Secure Shell (SSH) Protocol  RFC4251
EOF

# A bare --color takes a choice written as the next argument, and
# --colour is the same option.
check_visible 'colour choice as its own argument' 0 --color never 22/tcp <<'EOF'
22/tcp  well-known port 22 (IANA system, 0-1023)
  tcp  ssh  The Secure Shell (SSH) Protocol  RFC4251
EOF
check_visible 'colour choice after --colour' 0 22/tcp --colour NEVER <<'EOF'
22/tcp  well-known port 22 (IANA system, 0-1023)
  tcp  ssh  The Secure Shell (SSH) Protocol  RFC4251
EOF
run --colour=always 22/tcp
cp "$tmp/out" "$tmp/colour"
run --color=always 22/tcp
same '--colour=always' stdout "$tmp/out" "$tmp/colour"
# A prefix of both names is that one option, whatever the libc.
run --col=always 22/tcp
expect_status '--col, a prefix of --color and --colour' 0
same '--col=always' stdout "$tmp/out" "$tmp/colour"

# --- Fields, -o ---------------------------------------------------------

# -o picks and orders the fields, in any format; a name that is not a
# field of the records printed is a usage error that names those that
# are.
check '-o, tsv' 0 -o service,port -f tsv 22/tcp <<'EOF'
service	port
ssh	22
EOF
check '-o, human: a table of the fields' 0 -o PORT,service 22/tcp 3306/tcp <<'EOF'
PORT  SERVICE
22    ssh
3306  mysql
EOF
# A misspelt name's suggestions go to standard error in a table too,
# unless it has their column.
check '-o, human: suggestions' 1 -o query,status shh <<'EOF'
QUERY  STATUS
shh    unknown
2> portinfo: shh: did you mean ssh (22)?
EOF
check '-o, human: suggestions in their column' 1 -o query,suggestions shh \
    <<'EOF'
QUERY  SUGGESTIONS
shh    ssh
EOF
registry='query, port, port_end, range, protocol, service, description, reference, status, error, unauthorized, suggestions'
{ echo "2> portinfo: pidz: unknown field ($registry)"; usage; } |
	check '-o, unknown field' 2 -o port,pidz 22
{ echo "2> portinfo: pids: unknown field ($registry)"; usage; } |
	check '-o, a field of another mode' 2 -o pids 22
{ echo "2> portinfo: '': unknown field ($registry)"; usage; } |
	check '-o, an empty name' 2 -o port, 22
{ echo "2> portinfo: PORT: field given twice"; usage; } |
	check '-o, a field twice' 2 -f json -o port,query,PORT 22
{ echo "2> portinfo: port: field given twice"; usage; } |
	check '-o, more names than fields' 2 -f tsv \
	    -o "$(yes port | head -n 40 | paste -s -d , -)" 22
# --free's records have a port, its protocol and its range, no more.
free='port, range, protocol'
{ echo "2> portinfo: status: unknown field ($free)"; usage; } |
	check '-o with --free, a registry field' 2 --free \
	    -o status,service,query -f json -n 2
{ echo "2> portinfo: services: unknown field ($free)"; usage; } |
	check '-o with --free, a field of -x' 2 --free -o services
# --free prints ports, not records with a status that -a could show.
{ echo '2> portinfo: -a cannot be used with --free'; usage; } |
	check '-a with --free' 2 --free -a
if [ "${LOCAL:-procfs}" != none ] && [ -r /proc/net/tcp ]; then
	run -o port,protocol -f tsv -H --free -p udp 10000-20000
	count_check
	expect_status '-o with --free' 0
	printf '%s\tudp\n' "$(${RUN:-} "$PORTINFO" --free -p udp \
	    10000-20000)" >"$tmp/want"
	same '-o with --free' stdout "$tmp/want" "$tmp/out"
	run -L shh
	count_check
	expect_status '-L, suggestions' 1
	echo 'portinfo: shh: did you mean ssh (22)?' >"$tmp/want"
	same '-L, suggestions' stderr "$tmp/want" "$tmp/err"
	run -L -f tsv shh
	count_check
	expect_status '-L -f tsv, suggestions' 1
	same '-L -f tsv, suggestions' stderr "$tmp/want" "$tmp/err"
fi
extract='query, port, port_end, range, protocol, services, common, labels, meaning, status, error, line, side'
{ echo "2> portinfo: service: unknown field ($extract)"
  usage; } | check '-x -o, the endpoint fields' 2 -x -o service

# --- Width: a terminal's, in human output -------------------------------

# On a terminal of 80 columns no line of any answer is longer, every
# record of the registry and every port included; in a pipe nothing is
# cut.
if [ "$has_tty" = yes ]; then
	on_tty "COLUMNS=80 $PORTINFO --color=never -a -l;
	    seq 0 65535 | COLUMNS=80 $PORTINFO --color=never -a" >"$tmp/tty"
	count_check
	[ "$(wc -l <"$tmp/tty")" -gt 200000 ] ||
		fail "terminal: $(wc -l <"$tmp/tty") lines"
	[ "$(wc -L <"$tmp/tty")" -le 80 ] || fail "terminal: wider than 80:
	    $(awk 'length > 80' "$tmp/tty" | head -n 3)"
	grep -q '…$' "$tmp/tty" || fail 'terminal: nothing shortened'
	run -a -l
	count_check
	[ "$(wc -L <"$tmp/out")" -gt 80 ] && ! grep -q '…' "$tmp/out" ||
		fail 'pipe: a line shortened'
	# portinfo 3000 fits whole.
	run 3000
	on_tty "COLUMNS=80 $PORTINFO --color=never 3000" >"$tmp/tty"
	same 'portinfo 3000 on a terminal' stdout "$tmp/out" "$tmp/tty"
	count_check
	[ "$(wc -L <"$tmp/tty")" -le 80 ] || fail "portinfo 3000: wider than 80"
	# The window's width first; COLUMNS only where it has none.
	on_tty "stty cols 40; COLUMNS=80 $PORTINFO --color=never 3000" \
	    >"$tmp/tty"
	count_check
	[ "$(wc -L <"$tmp/tty")" -eq 40 ] ||
		fail "stty cols 40: $(wc -L <"$tmp/tty") columns"
	# At every width a line is whole or the start of the line a pipe
	# gets, ending in the ellipsis: also where a cell or the blanks
	# before the next one reach the last column.
	cmd="$PORTINFO --color=never 22 3000 5432 9090 80;
	    $PORTINFO --color=never -x <'$(dirname "$0")/data/tools/ss-tlnp.txt'"
	sh -c "$cmd" >"$tmp/out" 2>&1
	on_tty "for w in \$(seq 8 90); do stty cols \$w; $cmd; done" >"$tmp/tty"
	count_check
	LC_ALL=C awk -v m='…' 'NR == FNR { line[n++] = $0; next }
	    { want = line[i++ % n]; cut = length($0) - length(m) }
	    $0 != want && (substr($0, cut + 1) != m ||
	    index(want, substr($0, 1, cut)) != 1) { print; bad = 1 }
	    END { exit bad || FNR != 83 * n }' "$tmp/out" "$tmp/tty" ||
		fail "terminal: a line cut without the ellipsis"
	# Combining marks take no column and wide characters two, in the
	# cut as in the padding: at every width a line is whole if it
	# fits, else the start of the pipe's line cut to the last column
	# but one (two where a wide character would cross it), and the
	# ellipsis.  A query of over 64 columns, a mark counting one
	# there, is shortened first, as in a pipe.
	acute=$(printf '\314\201') han=$(printf '\346\274\242')
	{ echo 'Service Name,Port Number,Transport Protocol,Description'
	  echo "meow,40001,tcp,cafe$acute$acute au lait $han$han$han and more"
	  echo "kan,40002,udp,$han$han$han$han$han$han$han$han$han$han"
	} >"$tmp/marks.csv"
	printf 'http://a%s%s.b:8080/%s\nhttp://b%s%s%s.c:22/%s\n' "$han" \
	    "$han" "$acute$acute$acute$acute$acute$acute" "$acute" "$acute" \
	    "$acute" "$han$han$acute$han" >"$tmp/marks.in"
	long=$(printf "e$acute$acute%.0s" $(seq 40))
	cmd="$PORTINFO --color=never --services '$tmp/marks.csv' 40001 40002 \
	    'http://he$acute${acute}llo.example:8080/' '$long:22';
	    $PORTINFO --color=never --services '$tmp/marks.csv' -s fe$acute;
	    $PORTINFO --color=never -x <'$tmp/marks.in'"
	sh -c "$cmd" >"$tmp/out" 2>&1
	on_tty "for w in \$(seq 8 90); do stty cols \$w; $cmd; done" >"$tmp/tty"
	count_check
	LC_ALL=C awk -v m='…' -v a="$acute" -v h="$han" '
	    function cols(s) { gsub(a, "", s); gsub(h, "..", s)
		gsub(m, ".", s); return length(s) }
	    NR == FNR { line[n++] = $0; next }
	    { want = line[i % n]; w = 8 + int(i / n); i++; c = cols($0)
	      cut = length($0) - length(m); rest = substr(want, cut + 1)
	      sub("^(" a ")+", "", rest) }
	    c > w || ($0 != want && (cols(want) <= w ||
	    substr($0, cut + 1) != m || index(want, substr($0, 1, cut)) != 1 ||
	    (c < w && !(c == w - 1 && index(rest, h) == 1)))) {
		print w ": " $0; bad = 1 }
	    END { exit bad || FNR != 83 * n }' "$tmp/out" "$tmp/tty" ||
		fail "terminal: marks and wide characters counted wrong"
else
	echo "e2e_cli: no terminal from script(1): width not checked"
fi

# --- The manual matches the program ----------------------------------

man=$(dirname "$0")/../man/portinfo.1
# The options of the program's table, as --complete=options gives them.
run --complete=options
count_check
expect_status '--complete=options' 0
# Less another name of an option (--colour), a line with the help of
# the line before, which the option's entry says in its text.
awk -F '\t' '$4 != help { print } { help = $4 }' "$tmp/out" >"$tmp/options"
awk -F '\t' '$1 != "" { print $1 } { print $2 }' "$tmp/options" | sort \
    >"$tmp/table"
[ "$(wc -l <"$tmp/table")" -ge 20 ] || fail '--complete=options: too few'

# mdoc_options SECTION: the options a section of the manual names with
# Fl, one a line: "Fl Fl name" is --name, "Fl aHq" each of -a, -H, -q.
# In OPTIONS only the entries of its list count, not those of a list
# within an entry (-x's forms).
mdoc_options() {
	awk -v sec="$1" '
	    /^\.Sh / { on = $2 == sec; depth = 0; next }
	    !on { next }
	    /^\.Bl/ { depth++ } /^\.El/ { depth-- }
	    sec == "OPTIONS" && !(depth == 1 && /^\.It /) { next }
	    { for (i = 1; i <= NF; i++) {
		if ($i != "Fl" && $i != ".Fl") continue
		if ($(i + 1) == "Fl") { print "--" $(i + 2); i += 2; continue }
		for (j = i + 1; j <= NF && $j !~ /^[A-Z][a-z]+$/; j++)
			if ($j ~ /^[A-Za-z]+$/)
				for (k = 1; k <= length($j); k++)
					print "-" substr($j, k, 1)
	    } }' "$man" | sort -u
}

# Every name of every option is in the OPTIONS section, which has no
# other.
mdoc_options OPTIONS >"$tmp/documented"
same 'manual: OPTIONS against the table' options "$tmp/table" \
    "$tmp/documented"

# The SYNOPSIS, and the usage that --help starts with, name every option
# by one of its names: a long one as --name, a short one alone or among
# the letters of a group (-aHq).
mdoc_options SYNOPSIS >"$tmp/synopsis"
run --help
sed '/^What port numbers/,$d' "$tmp/out" >"$tmp/usage"
awk -F '\t' '{ print ($1 != "" ? $1 : "none"), $2 }' "$tmp/options" |
while read -r short long; do
	count_check 2
	grep -qx -- "$short" "$tmp/synopsis" || grep -qx -- "$long" \
	    "$tmp/synopsis" || fail "manual: SYNOPSIS lacks $long"
	{ [ "$short" != none ] && grep -q -- "-[A-Za-z]*${short#-}" \
	    "$tmp/usage"; } || grep -q -- "$long\([^a-z-]\|$\)" \
	    "$tmp/usage" || fail "--help: usage lacks $long"
done
# Each row of the scheme table: ".It scheme Ta port Ta service".
awk '/^\.It [a-z+]+ Ta [0-9]+ Ta / {
	n = split(substr($0, 5), c, / *Ta */)
	for (i = 1; i + 2 <= n; i += 3)
		if (c[i] != "") print c[i], c[i + 1], c[i + 2]
    }' "$man" >"$tmp/schemes"
[ "$(wc -l <"$tmp/schemes")" -ge 20 ] || fail 'manual: no scheme table'
while read -r scheme port service; do
	run -p tcp -f tsv -H "$scheme://host"
	awk -F '\t' -v p="$port" -v s="$service" '
	    $2 == p && $6 == s { found = 1 } END { exit !found }' \
	    "$tmp/out" || fail "manual: $scheme is not port $port ($service)"
done <"$tmp/schemes"

# --- Options of the local view ----------------------------------------

# Not in a build without it (make LOCAL=none), nor without /proc/net.
if [ "${LOCAL:-procfs}" != none ] && [ -r /proc/net/tcp ]; then
	# The last --free counts, its range written attached or apart.
	run --free 1 --free 8000-9000
	count_check
	expect_status '--free twice' 0
	case $(cat "$tmp/out") in
	8[0-9][0-9][0-9] | 9000) ;;
	*) fail "--free twice: prints $(cat "$tmp/out")" ;;
	esac
	run --free=1 --free 8000-9000 -q
	expect_status '--free=A --free B' 0

	# A class takes a /protocol as a range does.
	run --free dynamic/udp -n 2
	count_check
	expect_status '--free CLASS/PROTO' 0
	[ "$(wc -l <"$tmp/out")" -eq 2 ] && [ "$(head -1 "$tmp/out")" -ge 49152 ] ||
		fail "--free CLASS/PROTO: prints $(cat "$tmp/out")"

	# With nothing listening, human output says so rather than nothing.
	if unshare -rn true 2>/dev/null; then
		count_check
		unshare -rn ${RUN:-} "$PORTINFO" --listening >"$tmp/out" \
		    2>"$tmp/err" </dev/null
		rc=$?
		expect_status '--listening, nothing' 1
		echo 'portinfo: nothing is listening' >"$tmp/want"
		same '--listening, nothing' stderr "$tmp/want" "$tmp/err"
		[ -s "$tmp/out" ] && fail '--listening, nothing: prints'
		unshare -rn ${RUN:-} "$PORTINFO" --listening -f tsv -H \
		    >"$tmp/out" 2>"$tmp/err" </dev/null
		[ -s "$tmp/out" ] || [ -s "$tmp/err" ] &&
			fail '--listening -f tsv, nothing: prints'
	fi
fi

# --- Names of labels and of the host's /etc/services ------------------

# A label's name holds what a query's name may: one that no query can
# ask for is a malformed line, never a suggestion that cannot be typed.
printf '%s\n' 'Service Name,Port Number,Transport Protocol' \
    'bad name,7427,tcp' 'good-name,7427,tcp' >"$tmp/names.csv"
check 'label name no query can hold' 1 --services "$tmp/names.csv" \
    -f tsv -H -p tcp 7427 bad-name <<'EOF'
7427	7427	7427	registered	tcp	oveadmgr	OpenView DM Event Agent Manager		assigned			
7427	7427	7427	registered	tcp	good-name		$T/names.csv:3	file			
bad-name								unknown			
2> $T/names.csv:2: service name has a character not allowed in a query 'bad name'
EOF

# A services file of the test's own in the place of /etc/services, in a
# mount namespace of this user's where the system allows one: every run
# of check goes through etc-run there.
printf '%s\n' 'myetc 7460/tcp etc-alias' 'noslash 7462' \
    'paren 7463/tcp a(b)' >"$tmp/services"
printf '#!/bin/sh\nmount --bind "$1" /etc/services && shift && exec "$@"\n' \
    >"$tmp/etc-run"
if unshare -rm sh "$tmp/etc-run" "$tmp/services" true 2>/dev/null; then
	run_plain=${RUN:-}
	RUN="unshare -rm sh $tmp/etc-run $tmp/services $run_plain"
	check '--etc-services: a name only the host has' 0 --etc-services \
	    -f tsv -H etc-alias <<'EOF'
etc-alias	7460	7460	registered	tcp	myetc		/etc/services:1	host			
2> /etc/services:2: no /protocol after the port '7462'
2> /etc/services:3: service name has a character not allowed in a query 'a(b)'
EOF
	# --iana is IANA's registry alone: the host's file is not read.
	check '--iana --etc-services: not the host'"'"'s' 1 --iana \
	    --etc-services -q etc-alias </dev/null
	RUN=$run_plain
else
	echo "e2e_cli: no mount namespace here: /etc/services checks skipped"
fi

# --- Text pasted from elsewhere ---------------------------------------

# A byte-order mark that an editor put at the start of a file is not
# part of the first query.
feed '\357\273\27722/tcp\n'
check 'byte-order mark on standard input' 0 -f tsv -H <<'EOF'
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
EOF
feed '\357\273\277# a comment\n22/tcp\n'
check 'byte-order mark, then a comment' 0 -f tsv -H <<'EOF'
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
EOF

# --- Output and input errors ------------------------------------------

if [ -w /dev/full ]; then
	count_check
	${RUN:-} "$PORTINFO" 22 >/dev/full 2>"$tmp/err" </dev/null
	rc=$?
	expect_status '/dev/full' 2
	echo 'portinfo: write error: No space left on device' >"$tmp/want"
	same '/dev/full' stderr "$tmp/want" "$tmp/err"
	for args in '-l' '-f json -l' '-h' '-V' '-q 22'; do
		# shellcheck disable=SC2086
		${RUN:-} "$PORTINFO" $args >/dev/full 2>"$tmp/err" </dev/null
		rc=$?
		if [ "$args" = '-q 22' ]; then
			expect_status "/dev/full, $args" 0
		else
			expect_status "/dev/full, $args" 2
			same "/dev/full, $args" stderr "$tmp/want" "$tmp/err"
		fi
	done
fi

# A reader that goes away ends the program at once and without a word.
count_check
{ ${RUN:-} "$PORTINFO" -l 2>"$tmp/err"; echo $? >"$tmp/rc"; } |
	head -1 >"$tmp/out"
[ "$(cat "$tmp/out")" = 'all ports and service names' ] ||
	fail '-l | head -1: first line'
[ "$(cat "$tmp/rc")" -gt 128 ] || fail "-l | head -1: status $(cat "$tmp/rc")"
[ -s "$tmp/err" ] && fail "-l | head -1: says $(cat "$tmp/err")"

# With SIGPIPE ignored, the failed write ends it, quietly, with 2.
(
	trap '' PIPE
	{ ${RUN:-} "$PORTINFO" -l 2>"$tmp/err"; echo $? >"$tmp/rc"; } |
		head -1 >/dev/null
)
[ "$(cat "$tmp/rc")" -eq 2 ] ||
	fail "EPIPE ignored: status $(cat "$tmp/rc"), expected 2"
[ -s "$tmp/err" ] && fail "EPIPE ignored: says $(cat "$tmp/err")"

# An endless input stops with the reader.
if command -v timeout >/dev/null 2>&1; then
	count_check
	line=$(yes 22 | timeout 60 ${RUN:-} "$PORTINFO" -f tsv -H | head -1)
	[ "$line" = "22	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			" ] ||
		fail "endless input: $line"
fi

count_check
${RUN:-} "$PORTINFO" 22/tcp - <"$tmp" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_status 'read error' 2
grep -q '^22/tcp  ' "$tmp/out" || fail 'read error: no output for 22/tcp'
case $(cat "$tmp/err") in
'portinfo: read error: '?*) ;;
*) fail "read error: says $(cat "$tmp/err")" ;;
esac
# Where both streams are one, the message follows the answers before it.
count_check
${RUN:-} "$PORTINFO" 22/tcp - <"$tmp" >"$tmp/out" 2>&1
case $(tail -n 1 "$tmp/out") in
'portinfo: read error: '?*) ;;
*) fail "read error, one stream: ends with $(tail -n 1 "$tmp/out")" ;;
esac

# IANA's note of unauthorized use: the field after error, and a line
# under the record in human output; on an unassigned port, the note of
# the record that stands in for it.
run --iana -f tsv -H 6001/tcp 27018-27019 22/tcp
cut -f 1,9-11 "$tmp/out" >"$tmp/got"
printf '%s\t%s\t\t%s\n' >"$tmp/want" \
    6001/tcp assigned 'Known Unauthorized Use on port 6003' \
    27018-27019 unassigned 'Unauthorized Use Known on ports 27018 and 27019' \
    22/tcp assigned ''
same 'unauthorized field' stdout "$tmp/want" "$tmp/got"
run -f json 27018
grep -q '"error":null,"unauthorized":"Unauthorized Use Known on ports 27018 and 27019","suggestions":null}$' \
    "$tmp/out" || fail "unauthorized json: $(cat "$tmp/out")"
run 27018
grep -qxF '    unauthorized use reported: Unauthorized Use Known on ports 27018 and 27019' \
    "$tmp/out" || fail "unauthorized human: $(cat "$tmp/out")"
run -f csv 28017
grep -qxF '28017,28017,28017,registered,,,,,unassigned,,"Unauthorized Use Known on ports 28017, 28018 and 28019",' \
    "$tmp/out" || fail "unauthorized csv: $(cat "$tmp/out")"
count_check 3

# csv: a text field a spreadsheet could run as a formula is quoted, a
# single quote before it; port ranges and numbers are left alone.
check 'csv: formulas neutralised' 2 --iana -f csv -H -- '=1+2' -5 '@x' "'q" 8000 <<'EOF'
"'=1+2",,,,,,,,invalid,"not a port, range or service name",,
"'-5",,,,,,,,invalid,port must not have a sign,,
"'@x",,,,,,,,invalid,"not a port, range or service name",,
"''q",,,,,,,,invalid,"not a port, range or service name",,
8000,8000,8000,registered,tcp,irdmi,iRDMI,,assigned,,,
8000,8000,8000,registered,udp,irdmi,iRDMI,,assigned,,,
2> portinfo: =1+2: not a port, range or service name
2> portinfo: -5: port must not have a sign
2> portinfo: @x: not a port, range or service name
2> portinfo: ''q': not a port, range or service name
EOF

# Shortening to 64 columns counts screen columns: 100 ideographs, two
# columns each, become 30 and "...", in messages and in a heading.
han=$(printf '\346\274\242')
q=; i=0
while [ $i -lt 100 ]; do q="$q$han"; i=$((i + 1)); done
cut30=; i=0
while [ $i -lt 30 ]; do cut30="$cut30$han"; i=$((i + 1)); done
check 'wide characters: shortened by columns' 1 -s "$q" <<EOF
$cut30...  text search: no match
EOF
run "$q"
count_check
[ "$(cat "$tmp/err")" = "portinfo: $cut30...: not a port, range or service name" ] ||
	fail "wide characters in a message: $(cat "$tmp/err")"

# A name in capitals with a record of no port; a range holding the port,
# a range of ports and a URL, with IANA's notes of unauthorized use; JSON.
check 'a name, any case' 0 SSH <<'EOF'
SSH  service name
  22  tcp   ssh  The Secure Shell (SSH) Protocol  RFC4251
  22  udp   ssh  The Secure Shell (SSH) Protocol  RFC4251
  22  sctp  ssh  SSH                              RFC9260
  -   tcp   ssh  SSH Remote Login Protocol
EOF
check 'a port in a range, a range, a URL' 0 6001 8000-8003/udp \
    https://example.com <<'EOF'
6001  registered port (IANA user, 1024-49151)
  6000-6063  tcp  x11  X Window System
    unauthorized use reported: Known Unauthorized Use on port 6003
  6000-6063  udp  x11  X Window System
    unauthorized use reported: Known Unauthorized Use on port 6003

8000-8003/udp  registered ports 8000-8003 (IANA user, 1024-49151)
  8000  udp  irdmi           iRDMI
  8001  udp  vcom-tunnel     VCOM Tunnel
    unauthorized use reported: Known Unauthorized Use on port 8001
  8002  udp  teradataordbms  Teradata ORDBMS
  8003  udp  mcreport        Mulberry Connect Reporting Service

https://example.com  well-known port 443 (IANA system, 0-1023)
  tcp   https  http protocol over TLS/SSL  RFC9110
  udp   https  http protocol over TLS/SSL  RFC9110
  sctp  https  HTTPS                       RFC9260
EOF
check 'one JSON record' 0 -f json -p tcp 3306 <<'EOF'
{"query":"3306","port":3306,"port_end":3306,"range":"registered","protocol":"tcp","service":"mysql","description":"MySQL","reference":null,"status":"assigned","error":null,"unauthorized":null,"suggestions":null}
EOF

# --- The examples are the program's own output -------------------------

# The examples of the manual (its EXAMPLES' literal displays, unescaped)
# and of README.md (its indented blocks) as one list: "$ COMMAND" (a line
# ending in | or \ goes on to the next), then the output shown, up to the
# next command or the end of the display.  example_lines FILE prints the
# displays' lines, a line "@@" where one ends.
example_lines() {
	case $1 in
	*.1) awk '/^\.Sh / { on = $2 == "EXAMPLES"; next }
		on && /^\.Bd -literal/ { lit = 1; next }
		on && /^\.Ed/ { lit = 0; print "@@"; next }
		on && lit' "$1" | sed -e 's/\\e/\\/g' -e 's/\\&//g' ;;
	*) awk '/^    / { print substr($0, 5); next }
		/^$/ { print; next } { print "@@" }' "$1" ;;
	esac
}
# examples FILE: writes each example of FILE as $tmp/ex/N.cmd, its
# command, and $tmp/ex/N.want, the output shown, trailing blank lines
# left out; a command prompted "# " (root's) is kept with its prompt.
examples() {
	rm -rf "$tmp/ex"
	mkdir "$tmp/ex"
	example_lines "$1" | awk -v dir="$tmp/ex" '
	    function more(line) { return line ~ /[|\\]$/ }
	    $0 == "@@" { n && close(want); want = ""; next }
	    /^\$ / || /^# / {
		n && want != "" && close(want)
		n++; name = sprintf("%s/%03d", dir, n)
		want = name ".want"; printf "" >want
		sub(/^\$ /, ""); print >(name ".cmd"); cont = more($0); next }
	    want != "" && cont { print >(name ".cmd"); cont = more($0); next }
	    want != "" { print >want }'
	for _w in "$tmp/ex"/*.want; do
		[ -e "$_w" ] || continue
		sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$_w" >"$_w.t"
		mv "$_w.t" "$_w"
	done
}
# The commands run in a directory of their own, with an empty $HOME, the
# program under test as portinfo, and as ss a stand-in that prints the
# lines of the example's output without what --annotate added to them.
prog=$(cd "$(dirname "$PORTINFO")" && pwd)/$(basename "$PORTINFO")
mkdir "$tmp/bin" "$tmp/work"
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${RUN:-}" "$prog" \
    >"$tmp/bin/portinfo"
printf '#!/bin/sh\ncat "%s"\n' "$tmp/work/ss.txt" >"$tmp/bin/ss"
chmod +x "$tmp/bin/portinfo" "$tmp/bin/ss"
run_example() {
	(cd "$tmp/work" && PATH="$tmp/bin:$PATH" HOME="$tmp/work" \
	    XDG_CONFIG_HOME='' PORTINFO_SERVICES='' sh -c "$1") \
	    </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
# check_examples FILE MIN: every example of FILE that shows its output
# prints exactly that, with no message and status 0 (MIN of them at
# least); one that shows none, a lone run of portinfo, is no usage error.
# "cat FILE" shows a file that the examples after it read.
check_examples() {
	examples "$1"
	_shown=0
	for _c in "$tmp/ex"/*.cmd; do
		cmd=$(cat "$_c")
		_want=${_c%.cmd}.want
		# Named by its first line, backslashes left out for echo.
		_name="$(basename "$1"): $(head -n 1 "$_c" | tr -d "\\\\")"
		case $cmd in '# '*) continue ;; esac
		if [ -s "$_want" ]; then
			case $cmd in
			'cat '*) cp "$_want" "$tmp/work/${cmd#cat }"; continue ;;
			*jq*) command -v jq >/dev/null 2>&1 || continue ;;
			esac
			case $cmd in ss\ *)
				sed 's/  *# [^#]*$//' "$_want" >"$tmp/work/ss.txt"
			esac
			count_check
			_shown=$((_shown + 1))
			run_example "$cmd"
			expect_status "$_name" 0
			same "$_name" stdout "$_want" "$tmp/out"
			[ -s "$tmp/err" ] && fail "$_name: says $(cat "$tmp/err")"
			continue
		fi
		case $cmd in
		portinfo\ *[\|\&\;\$\`\<\>]*) ;;
		portinfo\ *)
			count_check
			run_example "$cmd"
			[ "$rc" -ne 2 ] || grep -q "needs Linux's /proc/net" \
			    "$tmp/err" || fail "$_name: $(head -n 1 "$tmp/err")" ;;
		esac
	done
	[ "$_shown" -ge "$2" ] || fail "$1: $_shown examples with output"
}
check_examples "$man" 5
check_examples "$(dirname "$0")/../README.md" 3

finish
