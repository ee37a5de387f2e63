#!/bin/sh
# Names that find nothing, end to end: their suggestions on standard
# error in human output, nothing with -q, the last field of their record
# in tsv, csv and JSON (named in the header, empty or null on every other
# record), labels as candidates, nothing for noise, exit status 1 all the
# same; and names
# that IANA registers without a port, which say so and show the port
# people use (upnp: 1900/udp, IANA's ssdp).
#
#   check NAME STATUS ARG...
#
# runs "$PORTINFO" ARG... and compares its exit status with STATUS and
# its output with the text check reads: lines that start with "2> " are
# what standard error must say, all others what standard output must.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_suggest
. "$(dirname "$0")/lib.sh"

# No label file but those named here.
HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config
export HOME XDG_CONFIG_HOME
unset PORTINFO_SERVICES


# --- Human output: suggestions on standard error -----------------------

check 'one edit, then two' 1 postgress <<'EOF'
postgress  unknown service name
2> portinfo: postgress: did you mean postgres (5432), postgresql (5432)?
EOF

check 'a transposition is one edit' 1 psotgresql <<'EOF'
psotgresql  unknown service name
2> portinfo: psotgresql: did you mean postgresql (5432)?
EOF

# mongodb has 27017 and more; a completion before names near.
check 'completions, a name of several ports' 1 mongo <<'EOF'
mongo  unknown service name
2> portinfo: mongo: did you mean mongodb (27017+), mon (2583+), monp (3445)?
2> portinfo: mongo: try: portinfo -s mongo
EOF

check 'a range, names from descriptions, the search' 1 kubernetes <<'EOF'
kubernetes  unknown service name
2> portinfo: kubernetes: did you mean kubernetes-nodeport (30000-32767), kube-apiserver (6443), kubelet (10250)?
2> portinfo: kubernetes: try: portinfo -s kubernetes
EOF

check 'a letter too many' 1 memcached <<'EOF'
memcached  unknown service name
2> portinfo: memcached: did you mean memcache (11211)?
EOF

check 'noise' 1 qqqqqqqqqq <<'EOF'
qqqqqqqqqq  unknown service name
EOF

check 'each name its own lines, in order' 1 ssh memcached 22/tcp <<'EOF'
ssh  service name
  22  tcp   ssh  The Secure Shell (SSH) Protocol  RFC4251
  22  udp   ssh  The Secure Shell (SSH) Protocol  RFC4251
  22  sctp  ssh  SSH                              RFC9260
  -   tcp   ssh  SSH Remote Login Protocol

memcached  unknown service name

22/tcp  well-known port 22 (IANA system, 0-1023)
  tcp  ssh  The Secure Shell (SSH) Protocol  RFC4251
2> portinfo: memcached: did you mean memcache (11211)?
EOF

# The order of the two streams, when they are one.
count_check
${RUN:-} "$PORTINFO" ssh/tcp memcached 22/udp >"$tmp/both" 2>&1
grep -A 1 '^memcached ' "$tmp/both" >"$tmp/got"
printf '%s\n' 'memcached  unknown service name' \
    'portinfo: memcached: did you mean memcache (11211)?' >"$tmp/want"
same 'suggestions after their heading' output "$tmp/want" "$tmp/got"

# Only names the same lookup finds, with the ports it finds: postgres
# is an alias of postgresql's tcp record alone; prometheus is a common
# use on tcp; ssh has no dccp record.
check 'a protocol asked for: its names' 1 postgress/udp <<'EOF'
postgress/udp  unknown service name
2> portinfo: postgress/udp: did you mean postgresql (5432)?
EOF

check '-p: its names' 1 -p udp promethus <<'EOF'
promethus  unknown service name
EOF

check '-p dccp: no ssh' 1 -p dccp shh <<'EOF'
shh  unknown service name
EOF

check '-p: the ports it finds' 1 -p udp consull <<'EOF'
consull  unknown service name
2> portinfo: consull: did you mean consul (8301+)?
EOF

check '--iana: no common use' 1 --iana promethus <<'EOF'
promethus  unknown service name
EOF

check '--iana: no alias, no common use' 1 --iana postgre <<'EOF'
postgre  unknown service name
2> portinfo: postgre: did you mean postgresql (5432)?
EOF

check '--iana: the port of IANA' 1 --iana mongodbb <<'EOF'
mongodbb  unknown service name
2> portinfo: mongodbb: did you mean mongodb (27017)?
EOF

# A name the program knows was not misspelt: its protocol was.
check 'a known name, another protocol' 1 postgresql/sctp <<'EOF'
postgresql/sctp  unknown service name
EOF

check 'an alias, with --iana' 1 --iana postgres <<'EOF'
postgres  unknown service name
EOF

check '-q says nothing' 1 -q postgress kubernetes qqqqqqqqqq

# --- Machine formats: the last field, empty on other records -----------

check 'tsv' 1 -f tsv postgress qqqqqqqqqq 22/tcp <<'EOF'
query	port	port_end	range	protocol	service	description	reference	status	error	unauthorized	suggestions
postgress								unknown			postgres,postgresql
qqqqqqqqqq								unknown			
22/tcp	22	22	well-known	tcp	ssh	The Secure Shell (SSH) Protocol	RFC4251	assigned			
EOF

check 'csv' 1 -f csv -H kubernetes memcached qqqqqqqqqq <<'EOF'
kubernetes,,,,,,,,unknown,,,"kubernetes-nodeport,kube-apiserver,kubelet"
memcached,,,,,,,,unknown,,,memcache
qqqqqqqqqq,,,,,,,,unknown,,,
EOF

# Every line as many fields as the header, which names the column.
count_check
run -f tsv postgress qqqqqqqqqq 22/tcp ssh 8000-8003 bad:port
head -n 1 "$tmp/out" | tr '\t' '\n' | tail -n 1 >"$tmp/got"
echo suggestions >"$tmp/want"
same 'the header names suggestions last' header "$tmp/want" "$tmp/got"
count_check
awk -F '\t' 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad || NR < 8 }' \
    "$tmp/out" || fail 'a tsv line has not as many fields as the header'

check 'json' 1 -f json postgress qqqqqqqqqq 22/tcp <<'EOF'
{"query":"postgress","port":null,"port_end":null,"range":null,"protocol":null,"service":null,"description":null,"reference":null,"status":"unknown","error":null,"unauthorized":null,"suggestions":["postgres","postgresql"]}
{"query":"qqqqqqqqqq","port":null,"port_end":null,"range":null,"protocol":null,"service":null,"description":null,"reference":null,"status":"unknown","error":null,"unauthorized":null,"suggestions":[]}
{"query":"22/tcp","port":22,"port_end":22,"range":"well-known","protocol":"tcp","service":"ssh","description":"The Secure Shell (SSH) Protocol","reference":"RFC4251","status":"assigned","error":null,"unauthorized":null,"suggestions":null}
EOF

check 'json, a known name' 1 -f json postgresql/sctp <<'EOF'
{"query":"postgresql/sctp","port":null,"port_end":null,"range":null,"protocol":null,"service":null,"description":null,"reference":null,"status":"unknown","error":null,"unauthorized":null,"suggestions":[]}
EOF

# A line without the field: the suggestions go to standard error.
check 'tsv, -o without suggestions' 1 -f tsv -H -o query,status \
    postgress kubernetes <<'EOF'
postgress	unknown
kubernetes	unknown
2> portinfo: postgress: did you mean postgres (5432), postgresql (5432)?
2> portinfo: kubernetes: did you mean kubernetes-nodeport (30000-32767), kube-apiserver (6443), kubelet (10250)?
2> portinfo: kubernetes: try: portinfo -s kubernetes
EOF

# Said before the table, each line names its query as other messages
# do, escaped, cut and quoted by their rules.
long=$(printf '%070d' 0 | tr 0 h)
check 'a table: each line names its query' 1 -o port,service sshh \
    mysq/tcp x:htps "$long:sshh" <<'EOF'
PORT  SERVICE
-     -
-     -
-     -
-     -
2> portinfo: sshh: did you mean ssh (22)?
2> portinfo: mysq/tcp: did you mean mysql (3306), mysqlx (33060), mysql-im (2273)?
2> portinfo: 'x:htps': did you mean https (443), ftps (990), htsp?
2> portinfo: 'hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh...': did you mean ssh (22)?
EOF

check 'json, -o with suggestions' 1 -f json -o suggestions postgress <<'EOF'
{"suggestions":["postgres","postgresql"]}
EOF

# Standard input as the arguments; -q as ever.
printf 'postgress\nqqqqqqqqqq\n' >"$tmp/in"
check 'tsv from standard input' 1 -f tsv -H <<'EOF'
postgress								unknown			postgres,postgresql
qqqqqqqqqq								unknown			
EOF

check 'a search finds no names' 1 -f tsv -H -s qqqqqqqqqq <<'EOF'
qqqqqqqqqq								unknown			
EOF

# --- Labels are candidates ------------------------------------------------

cat >"$tmp/labels.csv" <<'EOF'
Service Name,Port Number,Transport Protocol,Description
frobnicator,7410,tcp,The frobnicator
frobnicator,7411,udp,Its announcements
EOF

check 'a label one edit away' 1 --services "$tmp/labels.csv" frobnicatr <<'EOF'
frobnicatr  unknown service name
2> portinfo: frobnicatr: did you mean frobnicator (7410+)?
EOF

check 'a label, json' 1 --services "$tmp/labels.csv" -f json frobnicatr <<'EOF'
{"query":"frobnicatr","port":null,"port_end":null,"range":null,"protocol":null,"service":null,"description":null,"reference":null,"status":"unknown","error":null,"unauthorized":null,"suggestions":["frobnicator"]}
EOF

check 'a label is a known name' 1 --services "$tmp/labels.csv" \
    -f tsv -H frobnicator/sctp <<'EOF'
frobnicator/sctp								unknown			
EOF

# A label's description holds a word as the registry's do.
cat >"$tmp/words.csv" <<'EOF'
Service Name,Port Number,Transport Protocol,Description
qq-svc,7411,tcp,Quuxfrobz thing
EOF

check 'a word of a label' 1 --services "$tmp/words.csv" quuxfrobz <<'EOF'
quuxfrobz  unknown service name
2> portinfo: quuxfrobz: did you mean qq-svc (7411)?
2> portinfo: quuxfrobz: try: portinfo -s quuxfrobz
EOF

check 'a word of a label, another protocol' 1 --services "$tmp/words.csv" \
    -p udp quuxfrobz <<'EOF'
quuxfrobz  unknown service name
2> portinfo: quuxfrobz: try: portinfo -s quuxfrobz
EOF

check 'part of a word of a label' 1 --services "$tmp/words.csv" quuxfro <<'EOF'
quuxfro  unknown service name
EOF

# --- Names registered without a port --------------------------------------

check 'upnp: the port of its common use, and IANA name for it' 0 upnp <<'EOF'
upnp  service name
  -          upnp  Universal Plug and Play
  registered without a port; used on 1900/udp (ssdp)
  commonly used by:
  1900  udp  upnp  UPnP device discovery and announcements (SSDP multicast to 239.255.255.250)
EOF

check '1900 names UPnP' 0 1900 <<'EOF'
1900  registered port (IANA user, 1024-49151)
  tcp  ssdp  SSDP
  udp  ssdp  SSDP
  commonly used by:
  udp  upnp  UPnP device discovery and announcements (SSDP multicast to 239.255.255.250)
EOF

check 'rdp: the port of the service it is an alias of' 0 rdp <<'EOF'
rdp  service name, alias of ms-wbt-server
  3389  tcp  ms-wbt-server  MS WBT Server
  -          rdp            Reliable Data Protocol
  -          rdp            Windows Remote Desktop Protocol
  registered without a port; used on 3389/tcp (ms-wbt-server)
EOF

check 'no port in use' 0 arp <<'EOF'
arp  service name
  -  arp  Address Resolution Protocol
  registered without a port
EOF

check 'IANA alone' 0 --iana upnp <<'EOF'
upnp  service name
  -  upnp  Universal Plug and Play
  registered without a port
EOF

# A name that IANA registers with a port as well says nothing of it.
count_check
run ssh
grep -q 'without a port' "$tmp/out" &&
    fail 'ssh: a name with a port says it has none'

# The machine formats are as they were: the port is null.
check 'upnp, tsv' 0 -f tsv -H --iana upnp <<'EOF'
upnp					upnp	Universal Plug and Play		assigned			
EOF

finish
