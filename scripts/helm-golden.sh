#!/usr/bin/env bash
# Regenerates testdata/helm/golden/: what the real Helm engine (Helm v4 through helm-python-sdk,
# run by ../shared/peers/helm-template.sh) renders for every chart under testdata/helm/corpus/,
# with its default values and with each of its ci/*.yaml values files.
#
# usage: scripts/helm-golden.sh            (from anywhere; the repository is this script's ..)
#   TOLLGATE_SHARED=/path/to/shared overrides where the peers live (default: <repo>/../shared)
#
# For chart testdata/helm/corpus/C the default render goes to golden/C.yaml and the render with
# C/ci/V.yaml to golden/C__V.yaml: the YAML stream `helm template --no-hooks` prints (release
# name `release-name`, namespace `default`). When Helm fails, golden/<case>.err holds its message
# instead. golden/INDEX.md lists every case with ok/error and its document count. Reruns are
# deterministic: the folder is rebuilt from scratch.
set -euo pipefail
export LC_ALL=C

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
shared=${TOLLGATE_SHARED:-$repo/../shared}
helm=$shared/peers/helm-template.sh
if [[ ! -f $helm ]]; then
  echo "helm-golden: $helm not found (set TOLLGATE_SHARED to the shared folder)" >&2
  exit 2
fi

cd "$repo"
base=testdata/helm/corpus
golden=testdata/helm/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/golden"

index=$tmp/golden/INDEX.md
{
  echo "# Helm golden files"
  echo
  echo "Written by \`scripts/helm-golden.sh\` with the Helm v4.2.3 engine (helm-python-sdk 0.2.2), offline."
  echo "One row per chart under \`testdata/helm/corpus/\` and values file: \`ok\` with the number of"
  echo "documents Helm prints (\`golden/<case>.yaml\`), or \`error\` with Helm's message (\`.err\`)."
  echo
  echo "| case | chart | values | result | documents |"
  echo "|---|---|---|---|---|"
} >"$index"

ok=0 failed=0
run() { # case chart [values]
  local case=$1 chart=$2 values=${3:-}
  local args=("$chart")
  [[ -n $values ]] && args+=(-f "$values")
  if bash "$helm" "${args[@]}" >"$tmp/out" 2>"$tmp/err"; then
    mv "$tmp/out" "$tmp/golden/$case.yaml"
    local docs
    docs=$(grep -c '^# Source: ' "$tmp/golden/$case.yaml" || true)
    echo "| $case | $chart | ${values:--} | ok | $docs |" >>"$index"
    ok=$((ok + 1))
  else
    sed "s|$repo/||g" "$tmp/err" >"$tmp/golden/$case.err"
    local reason
    reason=$(head -n 1 "$tmp/golden/$case.err")
    ((${#reason} <= 140)) || reason="${reason:0:140}…"
    echo "| $case | $chart | ${values:--} | error: ${reason//|/\\|} | - |" >>"$index"
    failed=$((failed + 1))
  fi
}

for dir in "$base"/*/; do
  dir=${dir%/}
  [[ -f $dir/Chart.yaml ]] || continue
  name=${dir##*/}
  run "$name" "$dir"
  if [[ -d $dir/ci ]]; then
    for v in "$dir"/ci/*.yaml; do
      [[ -f $v ]] || continue
      stem=${v##*/}
      run "${name}__${stem%.yaml}" "$dir" "$v"
    done
  fi
done

echo >>"$index"
echo "$((ok + failed)) cases: $ok ok, $failed error." >>"$index"
rm -rf "$golden"
mv "$tmp/golden" "$golden"
chmod -R u+rwX,go+rX "$golden"
echo "helm-golden: $((ok + failed)) cases, $ok ok, $failed error -> $golden/"
