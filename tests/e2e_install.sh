#!/bin/sh
# make install and make uninstall, as a packager runs them: into a staging
# DESTDIR, with PREFIX, SYSCONFDIR, MANDIR and BINDIR of their own.  The
# program installed is built from the same sources in a build directory
# of the test's own (B=...), since the site's label file it looks for
# depends on SYSCONFDIR: the program under test ($PORTINFO) and its build
# directory are never touched while the suite runs.  $MAKE is the make
# that runs the tests.

set -u
suite=e2e_install
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2

# Runs make in the source tree with the arguments given, building in
# $tmp/build; sets $rc.
mk() {
	(cd "$top" && ${MAKE:-make} -s B="$tmp/build" \
	    PROG="$tmp/build/portinfo" "$@") \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	checks=$((checks + 1))
	expect_status "make $*" 0
	[ -s "$tmp/err" ] && fail "make $*: stderr: $(cat "$tmp/err")"
}

# mode FILE MODE: FILE exists with permissions MODE (as ls shows them).
mode() {
	checks=$((checks + 1))
	if [ ! -f "$1" ]; then
		fail "$1 is not installed"
		return
	fi
	got=$(ls -l "$1" | cut -c 2-10)
	[ "$got" = "$2" ] || fail "$1: mode $got, not $2"
}

# gone FILE...: none of them exists.
gone() {
	for f in "$@"; do
		checks=$((checks + 1))
		[ -e "$f" ] && fail "$f is still there"
	done
}

# What the program installed says of itself is what the one built says.
same_program() {
	checks=$((checks + 1))
	want=$(${RUN:-} "$PORTINFO" -V 2>&1)
	got=$(${RUN:-} "$1" -V 2>&1)
	[ "$got" = "$want" ] || fail "$1 -V says '$got', not '$want'"
	checks=$((checks + 1))
	cmp -s "$top/man/portinfo.1" "$2" || fail "$2 is not man/portinfo.1"
}

# looks_in PROGRAM FILE: the program looks for the site's labels in FILE.
looks_in() {
	checks=$((checks + 1))
	grep -q "$2" "$1" || fail "$1 does not look for $2"
}

# The program under test and its build stay as they were.
before=$(cksum <"$PORTINFO")

# PREFIX decides every place.
stage=$tmp/stage
mk install DESTDIR="$stage" PREFIX=/opt/pi
mode "$stage/opt/pi/bin/portinfo" rwxr-xr-x
mode "$stage/opt/pi/share/man/man1/portinfo.1" rw-r--r--
same_program "$stage/opt/pi/bin/portinfo" \
    "$stage/opt/pi/share/man/man1/portinfo.1"
looks_in "$stage/opt/pi/bin/portinfo" /opt/pi/etc/portinfo/services.csv
mk uninstall DESTDIR="$stage" PREFIX=/opt/pi
gone "$stage/opt/pi/bin/portinfo" "$stage/opt/pi/share/man/man1/portinfo.1"

# BINDIR and MANDIR each override it.
mk install DESTDIR="$stage" PREFIX=/opt/pi BINDIR=/usr/sbin \
    MANDIR=/usr/man
mode "$stage/usr/sbin/portinfo" rwxr-xr-x
mode "$stage/usr/man/man1/portinfo.1" rw-r--r--
gone "$stage/opt/pi/bin/portinfo"
mk uninstall DESTDIR="$stage" PREFIX=/opt/pi BINDIR=/usr/sbin \
    MANDIR=/usr/man
gone "$stage/usr/sbin/portinfo" "$stage/usr/man/man1/portinfo.1"

# A system install looks in /etc; SYSCONFDIR overrides it.
mk install DESTDIR="$stage" PREFIX=/usr
looks_in "$stage/usr/bin/portinfo" /etc/portinfo/services.csv
mk uninstall DESTDIR="$stage" PREFIX=/usr
mk install DESTDIR="$stage" PREFIX=/opt/pi SYSCONFDIR=/srv/conf
looks_in "$stage/opt/pi/bin/portinfo" /srv/conf/portinfo/services.csv
mk uninstall DESTDIR="$stage" PREFIX=/opt/pi SYSCONFDIR=/srv/conf

checks=$((checks + 1))
[ "$(cksum <"$PORTINFO")" = "$before" ] ||
    fail "$PORTINFO changed while the suite ran"

# Nothing but the program and its page is ever put in place.
checks=$((checks + 1))
left=$(find "$stage" -type f | wc -l)
[ "$left" -eq 0 ] || fail "uninstall left $left files in $stage"

finish
