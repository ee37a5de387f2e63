# bash completion for portinfo(1).  The options, the words of their values
# and the names come from the program itself (portinfo --complete=KIND);
# only three shapes are known here: a file, a comma-separated list
# (of protocols or of fields), and --complete's kind.

# _portinfo_word WORD: WORD as the program gets it, in $REPLY: quotes and
# backslashes taken away, a leading ~ made $HOME; nothing in it is run.
_portinfo_word()
{
	local w=$1 c q=
	REPLY=
	[[ $w == '~' || $w == '~/'* ]] && REPLY=$HOME w=${w#\~}
	while [[ -n $w ]]; do
		c=${w:0:1} w=${w:1}
		if [[ $q == "'" ]]; then
			[[ $c == "'" ]] && q= || REPLY+=$c
		elif [[ $c == \\ && ( -z $q || $w == [\$\`\"\\]* ) ]]; then
			REPLY+=${w:0:1} w=${w:1}
		elif [[ $c == [\'\"] && ( -z $q || $c == "$q" ) ]]; then
			[[ -z $q ]] && q=$c || q=
		else
			REPLY+=$c
		fi
	done
}

# The command and the words before the one completed, up to "--", as the
# program gets them, in args; ended set if "--" is among them.  bash
# splits "--services=a:b.csv" at "=" and ":"; no blank there in the line
# joins them again.
_portinfo_args()
{
	local line=$COMP_LINE raw=() i
	for ((i = 0; i < COMP_CWORD; i++)); do
		if ((i == 0)) || [[ $line == [[:space:]]* ]]; then
			raw+=("${COMP_WORDS[i]}")
		else
			raw[-1]+=${COMP_WORDS[i]}
		fi
		line=${line#"${line%%[![:space:]]*}"}
		[[ $line == "${COMP_WORDS[i]}"* ]] &&
		    line=${line#"${COMP_WORDS[i]}"} || line=' '
	done
	args=() ended=
	for i in "${raw[@]}"; do
		_portinfo_word "$i"
		[[ $REPLY == -- ]] && ended=1 && break
		args+=("$REPLY")
	done
}

_portinfo()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]:-}
	local IFS=$'\n' line short long value names=() kinds=(options names)
	local args ended prog shape= kind done=

	# bash splits "--format=js" into "--format", "=" and "js".
	if [[ $cur == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		cur=
	elif [[ $prev == = && COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
	_portinfo_args
	prog=${args[0]}

	# A line an option: short name, long name, value, help, by tabs.
	for line in $("$prog" --complete=options 2>/dev/null); do
		short=${line%%$'\t'*}
		line=${line#*$'\t'}
		long=${line%%$'\t'*}
		line=${line#*$'\t'}
		value=${line%%$'\t'*}
		names+=(${short:+"$short"} "$long")
		[[ -n $value ]] && kinds+=("${long#--}")
		[[ -n $value && ( $prev == "$long" || $prev == "$short" ) ]] &&
		    shape=$value kind=${long#--}
	done

	# After "--" every word is a query.
	[[ -n $ended ]] && shape=
	case $shape in
	file)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	protocols | fields)
		# A comma-separated list: complete its last member.
		[[ $cur == *,* ]] && done=${cur%,*},
		COMPREPLY=($(compgen -P "$done" -W "$("$prog" \
		    --complete="$kind" 2>/dev/null)" -- "${cur##*,}"))
		;;
	kind)
		COMPREPLY=($(compgen -W "${kinds[*]}" -- "$cur"))
		;;
	'')
		if [[ $cur == -* && -z $ended ]]; then
			COMPREPLY=($(compgen -W "${names[*]}" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$("$prog" "${args[@]:1}" \
			    --complete=names 2>/dev/null)" -- "$cur"))
		fi
		;;
	*)
		COMPREPLY=($(compgen -W "$("$prog" --complete="$kind" \
		    2>/dev/null)" -- "$cur"))
		;;
	esac
}
complete -F _portinfo portinfo
