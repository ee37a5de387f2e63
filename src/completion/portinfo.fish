# fish completion for portinfo(1).  The options, the words of their values
# and the names come from the program itself (portinfo --complete=KIND);
# only three shapes are known here: a file, a comma-separated list
# (of protocols or of fields), and --complete's kind.

# The names, the words before the one completed counting up to "--"
# (--services), as the program gets them: quotes taken away, a leading ~
# made $HOME.
function __portinfo_names
    set -l args
    for w in (commandline -opc)[2..-1]
        test "$w" = --; and break
        string match -qr '^~(/|$)' -- $w; and set w $HOME(string sub -s 2 -- $w)
        set -a args $w
    end
    portinfo $args --complete=names 2>/dev/null
end

complete -c portinfo -f -a '(__portinfo_names)'

# A line an option: short name, long name, value, help, by tabs;
# --complete's kinds are the long names of those with a value.
set -l kinds options names
set -l kind
for line in (portinfo --complete=options 2>/dev/null)
    set -l f (string split \t -- $line)
    set -l name (string sub -s 3 -- $f[2])
    set -l opt -l $name
    test -n "$f[1]"; and set opt -s (string sub -s 2 -- $f[1]) $opt
    test -n "$f[3]"; and set -a kinds $name
    set -l spec
    switch $f[3]
        case ''
        case file
            set spec -r -F
        case protocols fields
            set spec -x -a "(__fish_complete_list , 'portinfo --complete=$name')"
        case kind
            set kind $opt -x -d "$f[4]"
            continue
        case '*'
            set spec -x -a "(portinfo --complete=$name 2>/dev/null)"
    end
    complete -c portinfo $opt $spec -d "$f[4]"
end
test -n "$kind"; and complete -c portinfo $kind -a "$kinds"
