#!/usr/bin/env bash
# Kustomize build benchmark: `tollgate render` next to `kubectl kustomize` (kustomize 5.5.0) on
# the same roots, in the same run — the microservices-demo root of ../shared/corpus and a
# generated tree (bench/gen_kustomize.py: 50 bases, 200 overlays).
#
# usage: bench/kustomize.sh [--no-build]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=1
[ "${1:-}" = "--no-build" ] && build=0
[ "$build" = 1 ] && (cd "$root" && cargo build --release -q -p policy-cli)
peers=${TOLLGATE_PEERS:-$root/../shared/peers}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-kbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tg=$root/target/release/tollgate
python3 "$here/gen_kustomize.py" "$tmp/gen" --bases 50 --overlays 200
cp -r "$root/../shared/corpus/GoogleCloudPlatform-microservices-demo/kustomize" "$tmp/demo"

# Seconds for running CMD over every root, one process per root (as CI runs either tool).
time_roots() { # tool roots-file
  local start end
  start=$(date +%s.%N)
  while IFS= read -r r; do
    if [ "$1" = kubectl ]; then bash "$peers/kustomize-build.sh" "$r" > /dev/null 2>&1
    else "$tg" render --no-config "$r" > /dev/null; fi
  done < "$2"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
echo "$tmp/demo" > "$tmp/demo.txt"
for rep in 1 2 3; do
  for set in demo gen/roots; do
    f=$tmp/$set.txt; [ "$set" = gen/roots ] && f=$tmp/gen/roots.txt
    k=$(time_roots kubectl "$f"); t=$(time_roots tollgate "$f")
    n=$(wc -l < "$f")
    printf '%-10s roots=%-4s kubectl=%6.2fs tollgate=%6.2fs ratio=%5.1fx\n' "$set" "$n" "$k" "$t" "$(echo "$k / $t" | bc -l)"
  done
done
# One process for the whole generated tree (what `tollgate check .` does).
start=$(date +%s.%N); "$tg" render --no-config "$tmp/gen/overlays" > /dev/null; end=$(date +%s.%N)
printf 'tollgate render of all 200 overlays in one process: %.2fs\n' "$(echo "$end - $start" | bc)"
