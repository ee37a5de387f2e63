# bash completion for portinfo(1).  The options, the words of their values
# and the names come from the program itself (portinfo --complete=KIND);
# only two shapes are known here: a file, a comma-separated list
# (of protocols or of fields).

_portinfo()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]:-}
	local prog=${COMP_WORDS[0]}
	local IFS=$'\n' line short long value names=() done=

	# bash splits "--format=js" into "--format", "=" and "js".
	if [[ $cur == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		cur=
	elif [[ $prev == = && COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# A line an option: short name, long name, value, help, by tabs.
	for line in $("$prog" --complete=options 2>/dev/null); do
		short=${line%%$'\t'*}
		line=${line#*$'\t'}
		long=${line%%$'\t'*}
		line=${line#*$'\t'}
		value=${line%%$'\t'*}
		names+=(${short:+"$short"} "$long")
		[[ -n $value && ( $prev == "$long" || $prev == "$short" ) ]] ||
			continue
		case $value in
		file)
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
			;;
		protocols | fields)
			# A comma-separated list: complete its last member.
			[[ $cur == *,* ]] && done=${cur%,*},
			COMPREPLY=($(compgen -P "$done" -W "$("$prog" \
			    --complete="${long#--}" 2>/dev/null)" -- \
			    "${cur##*,}"))
			;;
		*)
			COMPREPLY=($(compgen -W "$("$prog" \
			    --complete="${long#--}" 2>/dev/null)" -- "$cur"))
			;;
		esac
		return
	done

	case $cur in
	-*)
		COMPREPLY=($(compgen -W "${names[*]}" -- "$cur"))
		;;
	*)
		COMPREPLY=($(compgen -W "$("$prog" --complete=names \
		    2>/dev/null)" -- "$cur"))
		;;
	esac
}
complete -F _portinfo portinfo
