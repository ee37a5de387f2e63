#!/bin/sh
# The static build, as make check-static tests it (STATIC=yes): $PORTINFO
# has no dynamic section and asks for no program interpreter, so it runs
# with nothing else, as in a container built FROM scratch; as root, it is
# run in a directory that holds it alone.  Other builds skip this.

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

finish
