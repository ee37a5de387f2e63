#!/bin/sh
# The shell completions of src/completion/ and what they ask the program
# for (--complete): bash's is loaded into bash and asked to complete as a
# user's Tab would; zsh's and fish's are loaded by their shells where
# those are installed, and fish's asked too.  The program they ask is
# $PORTINFO, found as "portinfo" on the PATH.

set -u
: "${PORTINFO:?PORTINFO must name the program to test}"
suite=e2e_completion
. "$(dirname "$0")/lib.sh"
src=$(cd "$(dirname "$0")/../src/completion" && pwd) || exit 2
mkdir "$tmp/bin" "$tmp/files" "$tmp/labels" "$tmp/config" \
    "$tmp/config/portinfo"
case $PORTINFO in
/*) ln -s "$PORTINFO" "$tmp/bin/portinfo" ;;
*) ln -s "$(pwd)/$PORTINFO" "$tmp/bin/portinfo" ;;
esac
: >"$tmp/files/alpha.csv"
: >"$tmp/files/beta.csv"
# A label file of names that only --services brings, at a path that needs
# quotes and holds ":", which bash splits words at.
printf '%s\n' 'Service Name,Port Number,Transport Protocol,Description' \
    'zzfile-test,7411,tcp,A label of --services' >"$tmp/labels/my lab:1.csv"
# The user's labels, which the names of queries include.
printf '%s\n' 'Service Name,Port Number,Transport Protocol,Description' \
    'zzlabel-test,7410,tcp,A label' >"$tmp/config/portinfo/services.csv"
XDG_CONFIG_HOME=$tmp/config
PORTINFO_SERVICES=
HOME=$tmp
export XDG_CONFIG_HOME PORTINFO_SERVICES HOME

# --- What the program says -------------------------------------------

# Its options: short and long names, and the long ones alone.
check_run --complete=options
expect_status '--complete=options' 0
cp "$tmp/out" "$tmp/table"
awk -F '\t' 'NF != 4 || $2 !~ /^--[a-z-]+$/ || $4 == "" ||
    ($1 != "" && $1 !~ /^-[A-Za-z]$/) || $3 !~ /^(\[?[a-z]+\]?)?$/' \
    "$tmp/table" | grep -q . && fail '--complete=options: a line is wrong'
awk -F '\t' '$1 != "" { print $1 } { print $2 }' "$tmp/table" |
    sort >"$tmp/names"
cut -f 2 "$tmp/table" | sort >"$tmp/long"
grep -qx -- --services "$tmp/long" || fail '--complete=options: no --services'
# Another name of an option, with the option's help.
grep -x -- '	--colour	\[when\]	colour .*' "$tmp/table" >/dev/null ||
	fail '--complete=options: no --colour'
# The kinds of --complete: options, names, and each option with a value.
awk -F '\t' 'BEGIN { print "options"; print "names" }
    $3 != "" { print substr($2, 3) }' "$tmp/table" >"$tmp/kinds"

# expect_words NAME WANT ARG...: the program run with ARG... prints
# exactly the lines of WANT (with \n escapes).
expect_words() {
	name=$1
	printf '%b' "$2" >"$tmp/want"
	shift 2
	check_run "$@"
	expect_status "$name" 0
	same "$name" words "$tmp/want" "$tmp/out"
}
expect_words '--complete=format' 'human\ntsv\ncsv\njson\n' --complete=format
expect_words '--complete=protocol' 'tcp\nudp\nsctp\ndccp\n' \
    --complete protocol
expect_words '--complete=list' 'well-known\nregistered\ndynamic\n' \
    --complete=list
expect_words '--complete=color' 'auto\nalways\nnever\n' --complete=color
expect_words '--complete=services' '' --complete=services
expect_words '--complete=wait' 'listening\nfree\n' --complete=wait
expect_words '--complete=timeout' '' --complete=timeout
check_run --complete=bogus
expect_status '--complete=bogus' 2

# Every name a query may be, each once ignoring case: IANA's (ssh),
# aliases (postgres), common uses (grafana), in order ignoring case, then
# the user's labels that the registry lacks; none that a shell would
# need to quote.
printf '%s\n' 'ssh,22,tcp,Also IANA'"'"'s' >>"$tmp/config/portinfo/services.csv"
check_run --complete=names
expect_status '--complete=names' 0
for name in ssh postgres postgresql grafana zzlabel-test whois++; do
	grep -qx -- "$name" "$tmp/out" || fail "--complete=names: no $name"
done
[ "$(LC_ALL=C sort -fu "$tmp/out" | wc -l)" -eq "$(wc -l <"$tmp/out")" ] ||
	fail '--complete=names: a name twice'
[ "$(tail -n 1 "$tmp/out")" = zzlabel-test ] ||
	fail '--complete=names: the labels do not come last'
sed '$d' "$tmp/out" | LC_ALL=C awk 'NR > 1 && tolower($0) <= prev {
    exit 1 } { prev = tolower($0) }' || fail '--complete=names: not in order'
LC_ALL=C grep -q '[^A-Za-z0-9_.*+/-]' "$tmp/out" &&
	fail '--complete=names: a name with odd characters'
cp "$tmp/out" "$tmp/all"

# The names the same lookup finds: with --iana IANA's alone, no label;
# with -p udp those of udp.
check_run --iana --complete=names
expect_status '--iana --complete=names' 0
grep -qx ssh "$tmp/out" || fail '--iana --complete=names: no ssh'
for name in postgres grafana zzlabel-test; do
	grep -qx -- "$name" "$tmp/out" &&
		fail "--iana --complete=names: $name, which --iana cannot find"
done
check_run -p udp --complete=names
grep -qx ssh "$tmp/out" || fail '-p udp --complete=names: no ssh'
grep -qx prometheus "$tmp/out" &&
	fail '-p udp --complete=names: prometheus, of tcp alone'

# A label file named that is not a regular file is not read for the
# names, and not said: a FIFO that nothing writes must not hang the
# shell.  The names are the registry's, the file named replacing the
# user's.
mkfifo "$tmp/fifo"
if command -v timeout >/dev/null 2>&1; then
	run_was=${RUN:-}
	RUN="timeout 5 $run_was"
	check_run --services "$tmp/fifo" --complete=names
	RUN=$run_was
	expect_status '--services FIFO --complete=names' 0
	grep -vx zzlabel-test "$tmp/all" >"$tmp/want"
	same '--services FIFO --complete=names' words "$tmp/want" "$tmp/out"
	same '--services FIFO --complete=names' stderr /dev/null "$tmp/err"
else
	echo "e2e_completion: SKIP: a FIFO named (no timeout(1))"
fi

# --- bash --------------------------------------------------------------

# complete_bash WORD...: what bash completes for the last WORD of the
# command line "portinfo WORD...", one candidate a line, in $tmp/out.
complete_bash() {
	PATH="$tmp/bin:$PATH" bash -c '
		. "$1"
		shift
		COMP_WORDS=(portinfo "$@")
		COMP_CWORD=$#
		# The line typed: no blank around the "=" and ":" that bash
		# makes words of.
		COMP_LINE="portinfo $*"
		COMP_LINE=${COMP_LINE// = /=}
		COMP_LINE=${COMP_LINE// : /:}
		_portinfo
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"
	' sh "$src/portinfo.bash" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# expect_completion NAME WANT WORD...: bash completes WORD... to exactly
# the lines of WANT (with \n escapes), in any order.
expect_completion() {
	name=$1
	printf '%b' "$2" | sort >"$tmp/want"
	shift 2
	count_check
	complete_bash "$@"
	expect_status "$name" 0
	sort "$tmp/out" >"$tmp/got"
	same "$name" candidates "$tmp/want" "$tmp/got"
	[ -s "$tmp/err" ] && fail "$name: says $(head -c 200 "$tmp/err")"
}

if command -v bash >/dev/null 2>&1; then
	expect_completion 'portinfo --fo' '--format\n' --fo
	expect_completion 'portinfo -f j' 'json\n' -f j
	expect_completion 'portinfo --format=c' 'csv\n' --format = c
	expect_completion 'portinfo -p tcp,u' 'tcp,udp\n' -p tcp,u
	expect_completion 'portinfo -o port,pi' 'port,pids\n' -o port,pi
	expect_completion 'portinfo --fields=ser' 'services\nservice\n' \
	    --fields = ser
	expect_completion 'portinfo --protocol ' \
	    'tcp\nudp\nsctp\ndccp\n' --protocol ''
	expect_completion 'portinfo -l r' 'registered\n' -l r
	expect_completion 'portinfo --free d' 'dynamic\n' --free d
	expect_completion 'portinfo --color=a' 'auto\nalways\n' --color = a
	expect_completion 'portinfo --color n' 'never\n' --color n
	expect_completion 'portinfo -s ' '' -s ''
	expect_completion 'portinfo -n ' '' -n ''
	expect_completion 'portinfo --wait l' 'listening\n' --wait l
	expect_completion 'portinfo --wait=f' 'free\n' --wait = f
	expect_completion 'portinfo --timeout ' '' --timeout ''

	# File names after --services, not service names.
	expect_completion 'portinfo --services DIR/a' \
	    "$tmp/files/alpha.csv\n" --services "$tmp/files/a"
	expect_completion 'portinfo --services=DIR/' \
	    "$tmp/files/alpha.csv\n$tmp/files/beta.csv\n" \
	    --services = "$tmp/files/"

	# Every option, by both its names, from the program's table.
	expect_completion 'portinfo -' "$(cat "$tmp/names")\n" -
	expect_completion 'portinfo --' "$(cat "$tmp/long")\n" --

	# Query words: every name the program knows that starts with what
	# was typed, each once: IANA's, an alias, a common use, a label.
	for word in ss postgr grafan zzlab; do
		expect_completion "portinfo $word" \
		    "$(grep "^$word" "$tmp/all")\n" "$word"
	done
	count_check
	complete_bash 22 ss
	grep -qx ssh "$tmp/out" || fail 'portinfo 22 ss: no ssh'

	# The options typed before count for the names, as the program
	# gets them: quotes and backslashes taken away, a ~ made $HOME,
	# words that bash split at "=" and ":" joined again; up to "--".
	expect_completion 'portinfo --services FILE zzf' 'zzfile-test\n' \
	    --services "'$tmp/labels/my lab:1.csv'" zzf
	expect_completion 'portinfo --services="FILE" zzf' 'zzfile-test\n' \
	    --services = "\"$tmp/labels/my lab:1.csv\"" zzf
	expect_completion 'portinfo --services=FI\ LE zzf' 'zzfile-test\n' \
	    --services = "$tmp/labels/my\\ lab" : 1.csv zzf
	expect_completion 'portinfo --services ~/FILE zzf' 'zzfile-test\n' \
	    --services '~/labels/my\ lab' : 1.csv zzf
	expect_completion 'portinfo --no-labels zzl' '' --no-labels zzl
	expect_completion 'portinfo -- --services FILE zzf' '' \
	    -- --services "'$tmp/labels/my lab:1.csv'" zzf

	# --colour is --color.
	expect_completion 'portinfo --colour a' 'auto\nalways\n' --colour a
	expect_completion 'portinfo --colour=n' 'never\n' --colour = n

	# --complete's kinds.
	expect_completion 'portinfo --complete ' "$(cat "$tmp/kinds")\n" \
	    --complete ''
	expect_completion 'portinfo --complete=fo' 'format\n' \
	    --complete = fo

	# After "--" every word is a query: no option, no option's value.
	expect_completion 'portinfo 22 -- --fo' '' 22 -- --fo
	expect_completion 'portinfo -- -f ss' "$(grep '^ss' "$tmp/all")\n" \
	    -- -f ss
else
	echo "e2e_completion: bash is not installed; its completion untested"
fi

# --- zsh and fish --------------------------------------------------------

# The lines both are asked to complete, each with the candidates wanted
# after a tab, by blanks.
cat >"$tmp/cases" <<EOF
portinfo -f j	json
portinfo --colour=a	auto always
portinfo --complete 	$(tr '\n' ' ' <"$tmp/kinds")
portinfo --services '$tmp/labels/my lab:1.csv' zzf	zzfile-test
portinfo --services=$tmp/labels/my\\ lab:1.csv zzf	zzfile-test
portinfo --services ~/labels/"my lab:1.csv" zzf	zzfile-test
portinfo --no-labels zzlabel	
portinfo 22 -- --fo	
portinfo -- -f ss	$(grep '^ss' "$tmp/all" | tr '\n' ' ')
EOF

# expect_cases SHELL: each line of $tmp/cases completed by complete_SHELL.
expect_cases() {
	while IFS='	' read -r line want; do
		count_check
		"complete_$1" "$line" </dev/null
		sort -u "$tmp/out" >"$tmp/got"
		for word in $want; do echo "$word"; done | sort >"$tmp/want"
		same "$1: $line" candidates "$tmp/want" "$tmp/got"
	done <"$tmp/cases"
}

# complete_zsh LINE: what zsh completes for LINE, one a line, in $tmp/out:
# typed into an interactive zsh on a pseudo-terminal (zsh/zpty), every
# match offered written down by a compadd that wraps the builtin.
cat >"$tmp/zcomplete" <<'EOF'
zmodload zsh/zpty && zpty z zsh -f -i || exit 2
wait_for() {
	local i
	for i in {1..200}; do
		[[ -e $1 ]] && return 0
		sleep 0.05
	done
	return 1
}
zpty -w z "PS1= PS2= RPS1=; unsetopt beep autolist; fpath=(${(q)1} \$fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
	local -a got
	if [[ \" \$* \" != *' -'[OAD]* ]]; then
		builtin compadd -O got \"\$@\"
		(( \$#got )) && print -rl -- \$got >>${(q)2}
	fi
	builtin compadd \"\$@\"
}
tab() { zle complete-word; : >${(q)2}.done; }
zle -N tab && bindkey '^I' tab && : >${(q)2}.ready"
wait_for $2.ready && zpty -w -n z "$3"$'\t' && wait_for $2.done
r=$?
zpty -d z
exit $r
EOF
complete_zsh() {
	rm -f "$tmp/out.ready" "$tmp/out.done"
	: >"$tmp/out"
	PATH="$tmp/bin:$PATH" zsh -f "$tmp/zcomplete" "$src" "$tmp/out" \
	    "$1" 2>"$tmp/err" || fail "zsh: $1: no answer"
}

if command -v zsh >/dev/null 2>&1; then
	count_check
	zsh -n "$src/_portinfo" 2>"$tmp/err" ||
		fail "zsh: $src/_portinfo: $(head -1 "$tmp/err")"
	# Its specs, made from the program's options: one for each name,
	# --colour, the other spelling of --color, included.
	count_check
	zsh -c 'words=("$1"); source "$2" && _portinfo_specs &&
	    print -l -- $reply' sh "$tmp/bin/portinfo" "$src/_portinfo" \
	    >"$tmp/out" 2>"$tmp/err" || fail "zsh: $(head -1 "$tmp/err")"
	sed 's/[-+=]*\[.*//' "$tmp/out" | sort >"$tmp/got"
	sort "$tmp/names" >"$tmp/want"
	same 'zsh: specs' options "$tmp/want" "$tmp/got"
	if zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
		expect_cases zsh
	else
		echo "e2e_completion: zsh lacks zsh/zpty; its Tab untested"
	fi
else
	echo "e2e_completion: zsh is not installed; its completion untested"
fi

# complete_fish LINE: what fish completes for LINE, one a line, in
# $tmp/out, descriptions and the "--option=" before a value left out.
complete_fish() {
	PATH="$tmp/bin:$PATH" fish -c 'source $argv[1]; complete -C $argv[2]' \
	    "$src/portinfo.fish" "$1" 2>"$tmp/err" | cut -f 1 |
	    sed 's/^--[a-z-]*=//' >"$tmp/out"
}

if command -v fish >/dev/null 2>&1; then
	count_check 4
	complete_fish 'portinfo --fo'
	printf '%s\n' --format >"$tmp/want"
	same 'fish: portinfo --fo' candidates "$tmp/want" "$tmp/out"
	[ -s "$tmp/err" ] && fail "fish: says $(head -1 "$tmp/err")"
	complete_fish 'portinfo -f '
	printf '%s\n' csv human json tsv >"$tmp/want"
	sort "$tmp/out" >"$tmp/got"
	same 'fish: portinfo -f' candidates "$tmp/want" "$tmp/got"
	complete_fish 'portinfo -p tcp,'
	grep -qx 'tcp,udp' "$tmp/out" || fail 'fish: portinfo -p tcp,: no udp'
	complete_fish "portinfo --services $tmp/files/b"
	printf '%s\n' "$tmp/files/beta.csv" >"$tmp/want"
	same 'fish: portinfo --services' candidates "$tmp/want" "$tmp/out"
	count_check
	complete_fish 'portinfo zzlab'
	printf '%s\n' zzlabel-test >"$tmp/want"
	same 'fish: portinfo zzlab' candidates "$tmp/want" "$tmp/out"
	expect_cases fish
else
	echo "e2e_completion: fish is not installed; its completion untested"
fi

finish
