# fish completion for portinfo(1).  The options, the words of their values
# and the names come from the program itself (portinfo --complete=KIND);
# only two shapes are known here: a file, a comma-separated list
# (of protocols or of fields).

complete -c portinfo -f -a '(portinfo --complete=names 2>/dev/null)'

# A line an option: short name, long name, value, help, by tabs.
for line in (portinfo --complete=options 2>/dev/null)
    set -l f (string split \t -- $line)
    set -l name (string sub -s 3 -- $f[2])
    set -l spec -l $name
    test -n "$f[1]"; and set spec -s (string sub -s 2 -- $f[1]) $spec
    switch $f[3]
        case ''
        case file
            set spec $spec -r -F
        case protocols fields
            set spec $spec -x -a "(__fish_complete_list , 'portinfo --complete=$name')"
        case '*'
            set spec $spec -x -a "(portinfo --complete=$name 2>/dev/null)"
    end
    complete -c portinfo $spec -d "$f[4]"
end
