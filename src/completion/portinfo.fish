# fish completion for portinfo(1).  Service names come from the program's
# own table (portinfo -l -f tsv -H); the options are those of its --help.

complete -c portinfo -f -a '(portinfo -l -f tsv -H 2>/dev/null | cut -f 6 | sort -u)'
complete -c portinfo -s p -l protocol -x -d 'Only these protocols' -a '(__fish_complete_list , "printf \'%s\n\' tcp udp sctp dccp")'
complete -c portinfo -s s -l search -x -d 'Services whose name or description contains TEXT'
complete -c portinfo -s l -l list -x -d 'Every service, or those of one class of ports' -a 'well-known registered dynamic'
complete -c portinfo -s a -l all -d 'Also show reserved and unassigned records'
complete -c portinfo -l iana -d "IANA's registry alone: no common uses, aliases or label files"
complete -c portinfo -l services -r -F -d 'Labels from FILE (CSV)'
complete -c portinfo -l no-labels -d 'No label file at all'
complete -c portinfo -l etc-services -d "Labels from this host's /etc/services too"
complete -c portinfo -s f -l format -x -d 'Output format' -a 'human tsv csv json'
complete -c portinfo -s H -l no-header -d 'Leave out the tsv and csv header line'
complete -c portinfo -s q -l quiet -d 'Print nothing; the exit status answers'
complete -c portinfo -l color -x -d 'Colour human output' -a 'auto always never'
complete -c portinfo -s L -l local -d 'Also tell what this host has on each port'
complete -c portinfo -s x -l extract -d 'Answer the endpoints found in the output of ss, netstat, lsof...'
complete -c portinfo -l listening -d 'Every port this host listens on, or has bound (udp)'
complete -c portinfo -l sockets -d 'Every port of every socket here, connected too'
complete -c portinfo -l free -d 'Ports free here'
complete -c portinfo -s n -l count -x -d 'How many ports --free prints'
complete -c portinfo -l wait -x -d 'Wait until each port asked is listening here or free' -a 'listening free'
complete -c portinfo -l timeout -x -d 'How long --wait waits (default 60; 0: for ever)'
complete -c portinfo -s h -l help -d 'Print the help'
complete -c portinfo -s V -l version -d 'Print the version and the registry date'
