#!/usr/bin/env bash
# Helm render benchmark: `tollgate render` next to the real Helm engine (Helm v4.2.3 through
# helm-python-sdk, ../shared/peers) on the same charts, in the same run: every corpus chart
# under testdata/helm/corpus that Helm renders with default values, and a generated chart with
# 500 templates (bench/gen_helm.py).
#
# Two comparisons:
#   per process — one `tollgate render` process per chart against one helm-template.sh process
#                 per chart (what a CI step or a pre-commit hook pays; includes each tool's
#                 start-up: Python's for the peer);
#   engine only — Tollgate's in-process render time (`tollgate render --timings`) against the
#                 peer engine timed inside one Python process (bench/helm_peer.py, best of 3).
#
# usage: bench/helm.sh [--no-build]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
[ "${1:-}" = "--no-build" ] || (cd "$root" && cargo build --release -q -p policy-cli)
peers=${TOLLGATE_PEERS:-$root/../shared/peers}
venv=${PEERS_VENV:-$HOME/.cache/tollgate-peers}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-hbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tg=${TOLLGATE_BIN:-$root/target/release/tollgate}
python3 "$here/gen_helm.py" "$tmp/gen500" --templates 500

# The corpus charts Helm renders with default values (their golden file is a .yaml).
charts=()
for g in "$root"/testdata/helm/golden/*.yaml; do
  n=$(basename "$g" .yaml)
  [[ $n == *__* ]] && continue
  charts+=("$root/testdata/helm/corpus/$n")
done

secs() { # command...
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

echo "per process (best of 3), seconds:"
printf '%-32s %8s %8s %7s\n' chart helm tollgate ratio
tot_h=0 tot_t=0
for c in "${charts[@]}" "$tmp/gen500"; do
  bh=999 bt=999
  for _ in 1 2 3; do
    h=$(secs bash "$peers/helm-template.sh" "$c"); t=$(secs "$tg" render --no-config "$c")
    bh=$(echo "if ($h < $bh) $h else $bh" | bc); bt=$(echo "if ($t < $bt) $t else $bt" | bc)
  done
  printf '%-32s %8.3f %8.3f %6.1fx\n' "$(basename "$c")" "$bh" "$bt" "$(echo "$bh / $bt" | bc -l)"
  if [ "$c" != "$tmp/gen500" ]; then tot_h=$(echo "$tot_h + $bh" | bc); tot_t=$(echo "$tot_t + $bt" | bc); fi
done
printf '%-32s %8.3f %8.3f %6.1fx\n' "corpus total (${#charts[@]} charts)" "$tot_h" "$tot_t" "$(echo "$tot_h / $tot_t" | bc -l)"

echo
echo "engine only (best of 3), seconds:"
"$venv/bin/python" "$here/helm_peer.py" 3 "$tmp/gen500" "${charts[@]}" > "$tmp/peer.txt"
printf '%-32s %8s %8s %7s\n' chart helm tollgate ratio
while read -r c h; do
  bt=999
  for _ in 1 2 3; do
    t=$({ "$tg" render --no-config --timings "$c" 2>&1 >/dev/null || true; } | sed -n 's/^render: *\([0-9.]*\)s.*/\1/p' | head -1)
    [ -n "$t" ] || t=999
    bt=$(echo "if ($t < $bt) $t else $bt" | bc)
  done
  printf '%-32s %8.4f %8.4f %6.1fx\n' "$(basename "$c")" "$h" "$bt" "$(echo "$h / $bt" | bc -l)"
done < "$tmp/peer.txt"
