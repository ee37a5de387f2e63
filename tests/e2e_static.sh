#!/bin/sh
# The static build, as make check-static tests it (STATIC=yes): $PORTINFO
# has no dynamic section and asks for no program interpreter, so it runs
# with nothing else, as in a container built FROM scratch; as root, it is
# run in a directory that holds it alone.  make install after make static
# installs it, built again as the dynamic program is for a new PREFIX or
# a changed source.  Other builds skip this.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_static
. "$(dirname "$0")/lib.sh"

if [ "${STATIC:-}" != yes ]; then
	echo "e2e_static: not the static build (make check-static); skipped"
	finish
	exit
fi

if command -v readelf >/dev/null 2>&1; then
	count_check
	LC_ALL=C readelf -d "$PORTINFO" >"$tmp/out" 2>&1
	grep -q '^There is no dynamic section' "$tmp/out" ||
		fail "$PORTINFO has a dynamic section"
	count_check
	LC_ALL=C readelf -lW "$PORTINFO" >"$tmp/out" 2>&1
	grep -q 'INTERP' "$tmp/out" &&
		fail "$PORTINFO asks for a program interpreter"
	grep -q 'LOAD' "$tmp/out" || fail "readelf -l: no segments"
elif command -v file >/dev/null 2>&1; then
	count_check
	file -L "$PORTINFO" | grep -q 'statically linked' ||
		fail "file: $(file -L "$PORTINFO")"
else
	fail "neither readelf nor file is installed to inspect $PORTINFO"
fi

# Alone in an empty root, it answers as it does here.
if [ "$(id -u)" -eq 0 ] && command -v chroot >/dev/null 2>&1; then
	count_check
	mkdir "$tmp/root"
	cp "$PORTINFO" "$tmp/root/portinfo"
	"$PORTINFO" -f tsv 22 >"$tmp/want" 2>&1
	chroot "$tmp/root" /portinfo -f tsv 22 >"$tmp/out" 2>&1
	rc=$?
	expect_status 'alone in an empty root' 0
	same 'alone in an empty root' output "$tmp/want" "$tmp/out"
fi

# make install after make static installs the static program, brought up
# to date first as the dynamic one is: with the place of the site's
# labels that PREFIX gives, its sources and its table.  A copy of this
# build ($B, times kept) is installed, so that $PORTINFO stays as it is.
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
before=$(cksum <"$PORTINFO")
cp -pPR "$B" "$tmp/static"

# static_install ARG...: make install, with ARG..., of the static build
# in $tmp/static into $tmp/stage, checked to be quiet and successful.
static_install() {
	count_check
	(cd "$top" && ${MAKE:-make} -s install DESTDIR="$tmp/stage" \
	    STATIC_B="$tmp/static" B="$tmp/build" PROG="$tmp/build/portinfo" \
	    "$@") >"$tmp/out" 2>&1
	rc=$?
	expect_status "make install $*" 0
	[ -s "$tmp/out" ] && fail "make install $*: $(head -1 "$tmp/out")"
	count_check
	cmp -s "$tmp/static/portinfo" "$tmp/stage/usr/bin/portinfo" ||
		fail "make install $*: not the static program"
}

# site FILE: the program installed looks for the site's labels in FILE,
# the one such name among its strings (the user's is below .config).
site() {
	count_check
	tr -c '[:print:]' '\n' <"$tmp/stage/usr/bin/portinfo" |
	    grep './portinfo/services\.csv$' | grep -v '^/\.config/' >"$tmp/got"
	echo "$1" >"$tmp/want"
	same "the site's labels" file "$tmp/want" "$tmp/got"
}

# records PROGRAM: the number of records PROGRAM -V says its table holds.
records() {
	"$1" -V | sed 's/.*, \([0-9]*\) records)$/\1/'
}

static_install PREFIX=/usr
site /etc/portinfo/services.csv
static_install PREFIX=/usr SYSCONFDIR=/srv/conf
site /srv/conf/portinfo/services.csv

# A source changed since (its object now older than it) is compiled
# again, and a registry changed since (a copy one record short, as make
# update-data writes it) compiled into the table again.
touch -t 200001010000 "$tmp/static/human.o" "$tmp/old"
sed '/^simbaservices,1599,udp,/d' "$top/data/services.csv" >"$tmp/services.csv"
static_install PREFIX=/usr DATA="$tmp/services.csv"
site /etc/portinfo/services.csv
count_check
[ -n "$(find "$tmp/static/human.o" -newer "$tmp/old")" ] ||
	fail "make install after a change to src/human.c: not compiled again"
count_check
[ "$(records "$tmp/stage/usr/bin/portinfo")" = \
    "$(($(records "$PORTINFO") - 1))" ] ||
	fail "make install after a change to the registry: not compiled again"

count_check
[ "$(cksum <"$PORTINFO")" = "$before" ] ||
	fail "$PORTINFO changed while the suite ran"

finish
