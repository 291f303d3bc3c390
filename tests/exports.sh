#!/usr/bin/env bash
# Checks that libiwasm.so exports every function of the reference header (functions.txt).
set -euo pipefail
lib=${1:?usage: exports.sh path/to/libiwasm.so}
here=$(cd "$(dirname "$0")" && pwd)
list=${FUNCTIONS_TXT:-$here/../../shared/spec/functions.txt}
[ -f "$list" ] || list=$here/abi/functions.txt
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" {print $3}' | sort -u)
missing=$(comm -23 <(sort -u "$list") <(echo "$exported"))
if [ -n "$missing" ]; then
  echo "missing exports:"; echo "$missing"; exit 1
fi
soname=$(readelf -d "$lib" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = "libiwasm.so.2" ] || { echo "soname is '$soname', want libiwasm.so.2"; exit 1; }
echo "exports: all $(wc -l < "$list") functions exported, soname $soname"
