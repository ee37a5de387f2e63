# fish completion for portinfo(1).  Everything comes from the program
# itself, so that nothing here can fall out of step with it: its options
# (portinfo --complete=options), the words of an option's value (portinfo
# --complete=OPTION) and the names a query may be (portinfo
# --complete=names): the registry's names and aliases, the common uses and
# the labels.  Only the shapes of two values are known here: a file, and
# the comma-separated lists of protocols and of fields.

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
