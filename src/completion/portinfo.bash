# bash completion for portinfo(1).
#
# Everything comes from the program itself, so that nothing here can fall
# out of step with it: its options (portinfo --complete=options), the
# words of an option's value (portinfo --complete=OPTION) and the names a
# query may be (portinfo --complete=names): the registry's names and
# aliases, the common uses and the labels.  Only the shapes of two values
# are known here: a file, and the comma-separated lists of protocols and
# of fields.

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
