#!/bin/bash
# Lists type, interface, class and enum names declared (top level) in more than one file of src/ production code.
cd "${1:-.}"
grep -rnE "^(export )?(declare )?(abstract )?(interface|type|class|enum) [A-Za-z0-9_]+\b\s*(<|=|\{|extends|implements)" src --include=*.ts \
 | grep -v "\.test\.ts" | grep -v "/testing/" \
 | sed -E 's/^([^:]+):[0-9]+:(export )?(declare )?(abstract )?(interface|type|class|enum) ([A-Za-z0-9_]+).*/\6 \1/' \
 | sort -u | awk '{c[$1]++; f[$1]=f[$1]" "$2} END {for (k in c) if (c[k]>1) print k":"f[k]}' | sort
