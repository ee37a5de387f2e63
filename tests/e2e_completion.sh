#!/bin/sh
# The shell completions of src/completion/: bash's is loaded into bash
# and asked to complete as a user's Tab would; zsh's and fish's are read
# by their shells where those are installed, and each lists every long
# option of portinfo --help.  The program they ask for service names and
# options is $PORTINFO, found as "portinfo" on the PATH.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_completion
. "$(dirname "$0")/lib.sh"
src=$(cd "$(dirname "$0")/../src/completion" && pwd) || exit 2
mkdir "$tmp/bin"
case $PORTINFO in
/*) ln -s "$PORTINFO" "$tmp/bin/portinfo" ;;
*) ln -s "$(pwd)/$PORTINFO" "$tmp/bin/portinfo" ;;
esac
# The long options portinfo --help lists.
"$PORTINFO" --help 2>&1 | grep -o -- '--[[:alpha:]][[:alpha:]-]*' |
    sort -u >"$tmp/options"

# complete_bash WORD...: what bash completes for the last WORD of the
# command line "portinfo WORD...", one candidate a line, in $tmp/out.
complete_bash() {
	PATH="$tmp/bin:$PATH" bash -c '
		. "$1"
		shift
		COMP_WORDS=(portinfo "$@")
		COMP_CWORD=$#
		_portinfo
		printf "%s\n" "${COMPREPLY[@]}"
	' sh "$src/portinfo.bash" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# expect_completion NAME WANT WORD...: bash completes WORD... to exactly
# the lines of WANT (with \n escapes).
expect_completion() {
	name=$1
	printf '%b' "$2" >"$tmp/want"
	shift 2
	count_check
	complete_bash "$@"
	expect_status "$name" 0
	same "$name" candidates "$tmp/want" "$tmp/out"
	[ -s "$tmp/err" ] && fail "$name: says $(head -c 200 "$tmp/err")"
}

if command -v bash >/dev/null 2>&1; then
	expect_completion 'portinfo --fo' '--format\n' --fo
	expect_completion 'portinfo -f j' 'json\n' -f j
	expect_completion 'portinfo --format=c' 'csv\n' --format = c
	expect_completion 'portinfo -p tcp,u' 'tcp,udp\n' -p tcp,u
	expect_completion 'portinfo -l r' 'registered\n' -l r
	expect_completion 'portinfo --color=a' 'auto\nalways\n' --color = a
	expect_completion 'portinfo --color n' 'never\n' --color n
	expect_completion 'portinfo --wait l' 'listening\n' --wait l
	expect_completion 'portinfo --wait=f' 'free\n' --wait = f
	# Nothing to offer for a number of seconds (printf's one empty line).
	expect_completion 'portinfo --timeout ' '\n' --timeout ''

	# Service names: ssh among them, and nothing that does not start
	# with what was typed.
	count_check
	complete_bash ss
	expect_status 'portinfo ss' 0
	grep -qx ssh "$tmp/out" || fail 'portinfo ss: no ssh'
	grep -v '^ss' "$tmp/out" >"$tmp/odd"
	[ -s "$tmp/odd" ] && fail "portinfo ss: offers $(head -1 "$tmp/odd")"
	[ "$(sort -u "$tmp/out" | wc -l)" -eq "$(wc -l <"$tmp/out")" ] ||
		fail 'portinfo ss: a name offered twice'

	# Options: every one --help lists, and nothing else.
	count_check
	complete_bash --
	sort "$tmp/out" >"$tmp/got"
	same 'portinfo --' options "$tmp/options" "$tmp/got"
else
	echo "e2e_completion: bash is not installed; its completion untested"
fi

# zsh and fish: the files parse, and name every long option.
for f in _portinfo:zsh portinfo.fish:fish; do
	file=$src/${f%%:*}
	shell=${f#*:}
	if command -v "$shell" >/dev/null 2>&1; then
		count_check
		"$shell" -n "$file" 2>"$tmp/err" ||
			fail "$shell: $file: $(head -1 "$tmp/err")"
	fi
	while read -r opt; do
		count_check
		case $shell in
		zsh) grep -q -- "[{,'*]$opt[]=}[]" "$file" ;;
		fish) grep -q -- "-l ${opt#--} " "$file" ;;
		esac || fail "$shell completion has no $opt"
	done <"$tmp/options"
done

if command -v fish >/dev/null 2>&1; then
	count_check
	PATH="$tmp/bin:$PATH" fish -c "source '$src/portinfo.fish'
	    complete -C 'portinfo --fo'" >"$tmp/out" 2>&1
	printf '%s\t%s\n' --format 'Output format' >"$tmp/want"
	same 'fish: portinfo --fo' candidates "$tmp/want" "$tmp/out"
fi

finish
