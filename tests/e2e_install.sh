#!/bin/sh
# make install and make uninstall, as a packager runs them: into a staging
# DESTDIR, with PREFIX, SYSCONFDIR, MANDIR, BINDIR and the shell
# completion directories of their own.  The
# program installed is built from the same sources in a build directory
# of the test's own (B=...), since the site's label file it looks for
# depends on SYSCONFDIR: the program under test ($PORTINFO) and its build
# directory are never touched while the suite runs.  $MAKE is the make
# that runs the tests.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_install
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd) || exit 2

# Runs make in the source tree with the arguments given, building in
# $tmp/build and installing what it builds there; sets $rc.
run_make() {
	(cd "$top" && ${MAKE:-make} -s B="$tmp/build" \
	    PROG="$tmp/build/portinfo" INSTALL_PROG="$tmp/build/portinfo" \
	    "$@") \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	count_check
	expect_status "make $*" 0
	[ -s "$tmp/err" ] && fail "make $*: stderr: $(cat "$tmp/err")"
}

# mode FILE MODE: FILE exists with permissions MODE (as ls shows them).
mode() {
	count_check
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
		count_check
		[ -e "$f" ] && fail "$f is still there"
	done
}

# What the program installed says of itself is what the one built says.
same_program() {
	count_check
	want=$(${RUN:-} "$PORTINFO" -V 2>&1)
	got=$(${RUN:-} "$1" -V 2>&1)
	[ "$got" = "$want" ] || fail "$1 -V says '$got', not '$want'"
	count_check
	cmp -s "$top/man/portinfo.1" "$2" || fail "$2 is not man/portinfo.1"
}

# completions DIR: the shell completions are installed in DIR, as
# bash-completion, zsh and fish look for them there.
completions() {
	mode "$1/bash-completion/completions/portinfo" rw-r--r--
	mode "$1/zsh/site-functions/_portinfo" rw-r--r--
	mode "$1/fish/vendor_completions.d/portinfo.fish" rw-r--r--
	count_check
	cmp -s "$top/src/completion/portinfo.bash" \
	    "$1/bash-completion/completions/portinfo" ||
		fail "$1: not the bash completion"
}

# looks_in PROGRAM FILE: the program looks for the site's labels in FILE.
looks_in() {
	count_check
	grep -q "$2" "$1" || fail "$1 does not look for $2"
}

# The program under test and its build stay as they were.
before=$(cksum <"$PORTINFO")

# PREFIX decides every place.
stage=$tmp/stage
run_make install DESTDIR="$stage" PREFIX=/opt/pi
mode "$stage/opt/pi/bin/portinfo" rwxr-xr-x
mode "$stage/opt/pi/share/man/man1/portinfo.1" rw-r--r--
same_program "$stage/opt/pi/bin/portinfo" \
    "$stage/opt/pi/share/man/man1/portinfo.1"
looks_in "$stage/opt/pi/bin/portinfo" /opt/pi/etc/portinfo/services.csv
completions "$stage/opt/pi/share"
run_make uninstall DESTDIR="$stage" PREFIX=/opt/pi
gone "$stage/opt/pi/bin/portinfo" "$stage/opt/pi/share/man/man1/portinfo.1" \
    "$stage/opt/pi/share/bash-completion/completions/portinfo" \
    "$stage/opt/pi/share/zsh/site-functions/_portinfo" \
    "$stage/opt/pi/share/fish/vendor_completions.d/portinfo.fish"

# Each completion directory has a variable of its own.
dirs="BASHCOMPDIR=/c/bash-completion/completions
ZSHCOMPDIR=/c/zsh/site-functions FISHCOMPDIR=/c/fish/vendor_completions.d"
# shellcheck disable=SC2086
run_make install DESTDIR="$stage" PREFIX=/opt/pi $dirs
completions "$stage/c"
# shellcheck disable=SC2086
run_make uninstall DESTDIR="$stage" PREFIX=/opt/pi $dirs
gone "$stage/c/bash-completion/completions/portinfo" \
    "$stage/c/zsh/site-functions/_portinfo" \
    "$stage/c/fish/vendor_completions.d/portinfo.fish"

# BINDIR and MANDIR each override it.
run_make install DESTDIR="$stage" PREFIX=/opt/pi BINDIR=/usr/sbin \
    MANDIR=/usr/man
mode "$stage/usr/sbin/portinfo" rwxr-xr-x
mode "$stage/usr/man/man1/portinfo.1" rw-r--r--
gone "$stage/opt/pi/bin/portinfo"
run_make uninstall DESTDIR="$stage" PREFIX=/opt/pi BINDIR=/usr/sbin \
    MANDIR=/usr/man
gone "$stage/usr/sbin/portinfo" "$stage/usr/man/man1/portinfo.1"

# A system install looks in /etc; SYSCONFDIR overrides it.
run_make install DESTDIR="$stage" PREFIX=/usr
looks_in "$stage/usr/bin/portinfo" /etc/portinfo/services.csv
run_make uninstall DESTDIR="$stage" PREFIX=/usr
run_make install DESTDIR="$stage" PREFIX=/opt/pi SYSCONFDIR=/srv/conf
looks_in "$stage/opt/pi/bin/portinfo" /srv/conf/portinfo/services.csv
run_make uninstall DESTDIR="$stage" PREFIX=/opt/pi SYSCONFDIR=/srv/conf

# What the tests need: without pkg-config, make check says so by name
# (and installs nothing); without apt-get, make test-deps names what to
# install.  make is found first, for the PATH that has none of these.
make_path=$(command -v "${MAKE:-make}")
for target in check-cmocka test-deps; do
	count_check
	(cd "$top" && PATH=/nonexistent "$make_path" -s "$target") \
	    >"$tmp/out" 2>&1
	rc=$?
	expect_status "make $target without pkg-config or apt-get" 2
	grep -q 'pkg-config' "$tmp/out" ||
		fail "make $target without pkg-config: $(head -1 "$tmp/out")"
	grep -q 'cmocka' "$tmp/out" ||
		fail "make $target without cmocka: $(head -1 "$tmp/out")"
done

# Without musl-gcc, make static says what to install.
count_check
(cd "$top" && PATH=/nonexistent "$make_path" -s static) >"$tmp/out" 2>&1
rc=$?
expect_status 'make static without musl-gcc' 2
grep -q 'musl-tools' "$tmp/out" ||
	fail "make static without musl-gcc: $(head -1 "$tmp/out")"

# installs WHICH AFTER: make install installs $tmp/WHICH, the static or
# the dynamic program, after AFTER.
installs() {
	count_check
	(cd "$top" && "$make_path" -n install DESTDIR="$stage" \
	    PROG="$tmp/dynamic" STATIC_PROG="$tmp/static") >"$tmp/out" 2>&1
	grep -q "^cp $tmp/$1 " "$tmp/out" ||
		fail "make install after $2: $(grep '^cp' "$tmp/out" | head -1)"
}

# make install installs the program built last, static or dynamic: the
# static one after make static alone too.
: >"$tmp/static"
installs static 'the static build alone'
sleep 1
: >"$tmp/dynamic"
installs dynamic 'the dynamic build'
sleep 1
: >"$tmp/static"
installs static 'the static build'

# README's quick start is two commands: build and run, then the tests.
count_check
sed -n '/^## Quick start/,/^## /s/^    //p' "$top/README.md" >"$tmp/quick"
printf '%s\n' 'make && ./portinfo 22' 'sudo make test-deps check' \
    >"$tmp/want"
same 'README quick start' commands "$tmp/want" "$tmp/quick"

# make dist packs exactly the files git tracks, below portinfo-VERSION/.
if (cd "$top" && git rev-parse --is-inside-work-tree) >/dev/null 2>&1; then
	count_check
	(cd "$top" && "$make_path" -s dist DISTDIR="$tmp") >"$tmp/out" 2>&1 ||
		fail "make dist: $(head -1 "$tmp/out")"
	version=$(sed -n 's/^VERSION = //p' "$top/Makefile")
	(cd "$top" && git ls-files) | sed "s|^|portinfo-$version/|" |
	    sort >"$tmp/want"
	gzip -dc "$tmp/portinfo-$version.tar.gz" 2>/dev/null | tar -tf - |
	    grep -v '/$' | sort >"$tmp/got"
	same 'make dist' 'files' "$tmp/want" "$tmp/got"
else
	echo "$suite: not a git checkout: make dist not checked"
fi

count_check
[ "$(cksum <"$PORTINFO")" = "$before" ] ||
    fail "$PORTINFO changed while the suite ran"

# Nothing but the program, its page and its completions is put in place.
count_check
left=$(find "$stage" -type f | wc -l)
[ "$left" -eq 0 ] || fail "uninstall left $left files in $stage"

finish
