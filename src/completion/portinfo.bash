# bash completion for portinfo(1).
#
# Options come from the program's own --help, and service names from its
# table (portinfo -l -f tsv -H), so that neither can fall out of step
# with the program; the values of options are listed here.

_portinfo()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]:-}
	local prog=${COMP_WORDS[0]}
	local IFS=$'\n'

	# bash splits "--format=js" into "--format", "=" and "js".
	if [[ $cur == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		cur=
	elif [[ $prev == = && COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	case $prev in
	-f | --format)
		COMPREPLY=($(compgen -W $'human\ntsv\ncsv\njson' -- "$cur"))
		return
		;;
	-p | --protocol)
		# A comma-separated list: complete its last member.
		local done=
		[[ $cur == *,* ]] && done=${cur%,*},
		COMPREPLY=($(compgen -P "$done" \
		    -W $'tcp\nudp\nsctp\ndccp' -- "${cur##*,}"))
		return
		;;
	-l | --list)
		COMPREPLY=($(compgen -W $'well-known\nregistered\ndynamic' \
		    -- "$cur"))
		return
		;;
	--color | --colour)
		COMPREPLY=($(compgen -W $'auto\nalways\nnever' -- "$cur"))
		return
		;;
	--wait)
		COMPREPLY=($(compgen -W $'listening\nfree' -- "$cur"))
		return
		;;
	-s | --search | -n | --count | --free | --timeout)
		return
		;;
	esac

	case $cur in
	-*)
		COMPREPLY=($(compgen -W "$("$prog" --help 2>&1 |
		    grep -o -- '--\?[[:alpha:]][[:alpha:]-]*' |
		    grep -v -- '^-[[:alpha:]][[:alpha:]]' | sort -u)" -- "$cur"))
		;;
	*)
		COMPREPLY=($("$prog" -l -f tsv -H 2>/dev/null |
		    awk -F '\t' -v p="$cur" \
		    'index($6, p) == 1 && !seen[$6]++ { print $6 }'))
		;;
	esac
}
complete -F _portinfo portinfo
