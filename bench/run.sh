#!/usr/bin/env bash
# Tollgate's benchmark: throughput, memory and pre-commit latency on a generated GitOps corpus,
# side by side with checkov. See bench/README.md.
#
# usage: bench/run.sh [N] [--write] [--seed S] [--no-build] [--no-checkov]
#   N             documents in the corpus (default 20000); checkov gets a N/10 subset
#   --write       also write the table to bench/results.md
#   --seed S      corpus seed (default 1)
#   --no-build    use the existing target/release/tollgate
#   --no-checkov  skip the checkov comparison
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
n=20000 write=0 seed=1 build=1 checkov=1
while [ $# -gt 0 ]; do
  case $1 in
    --write) write=1 ;;
    --seed) seed=$2; shift ;;
    --seed=*) seed=${1#--seed=} ;;
    --no-build) build=0 ;;
    --no-checkov) checkov=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    [0-9]*) n=$1 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

peers=${TOLLGATE_PEERS:-$root/../shared/peers}
venv=${PEERS_VENV:-$HOME/.cache/tollgate-peers}
bin=${CARGO_TARGET_DIR:-$root/target}/release/tollgate
small=$(( n / 10 )); [ "$small" -ge 100 ] || small=$(( n < 100 ? n : 100 ))

log() { printf '>> %s\n' "$*" >&2; }

if [ "$build" = 1 ]; then
  log "cargo build --release -p policy-cli"
  (cd "$root" && cargo build --release -p policy-cli)
fi
[ -x "$bin" ] || { echo "run.sh: $bin not found (build first)" >&2; exit 2; }
started=$(date +%s)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# A private copy: a concurrent `cargo build` in the same target dir cannot swap it mid-run.
cp "$bin" "$tmp/tollgate"
bin=$tmp/tollgate
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
big=$tmp/corpus small_dir=$tmp/subset

# ---- helpers --------------------------------------------------------------------------------

# timeit RUNS OUTFILE CMD...: runs CMD up to RUNS times (stdout of the first run to OUTFILE),
# prints "best median runs" in seconds. Exit code 0 or 1 is success (1 = findings); anything
# else aborts with the command's stderr. Stops repeating once 60 s have been spent.
timeit() {
  python3 - "$@" <<'PY'
import statistics, subprocess, sys, time
runs, outfile, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
times, spent = [], 0.0
for i in range(runs):
    with open(outfile if i == 0 else "/dev/null", "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.stderr.write(f"run.sh: exit {p.returncode} from {' '.join(cmd)}\n{p.stderr.decode(errors='replace')[-4000:]}")
        sys.exit(2)
    times.append(dt)
    spent += dt
    if spent > 60:
        break
print(f"{min(times):.6f} {statistics.median(times):.6f} {len(times)}")
PY
}

# onefile_ms RUNS WARMUP CMD...: median wall time in ms of CMD over RUNS runs after WARMUP
# warm-up runs, with hyperfine when it is installed, else a time.perf_counter loop over
# subprocess.run. Prints "MS TOOL".
onefile_ms() {
  local runs=$1 warmup=$2; shift 2
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i --warmup "$warmup" --runs "$runs" --export-json "$tmp/hf.json" --style none \
      -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(f"{1000*r[\"median\"]:.2f} hyperfine")' "$tmp/hf.json"
  else
    python3 - "$runs" "$warmup" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, warmup, cmd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
times = []
for i in range(runs + warmup):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.stderr.write(f"run.sh: exit {p.returncode} from {' '.join(cmd)}\n{p.stderr.decode(errors='replace')[-4000:]}")
        sys.exit(2)
    if i >= warmup:
        times.append(dt)
print(f"{1000 * statistics.median(times):.2f} perf_counter")
PY
  fi
}

# summary FILE: "documents files findings errors" from a tollgate JSON report.
summary() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["documents"], s["files"], s["findings"], s["errors"])' "$1"
}

# fmt EXPR: evaluates a Python expression (numbers formatting).
fmt() { python3 -c "print($1)"; }

# ---- corpus ---------------------------------------------------------------------------------

log "generating $n documents (seed $seed) and a $small-document subset"
gen_big=$(python3 "$here/gen_corpus.py" "$n" "$big" --seed "$seed" --quiet)
gen_small=$(python3 "$here/gen_corpus.py" "$small" "$small_dir" --seed "$seed" --quiet)
read -r big_docs _ big_bytes _ big_files _ big_dirs _ <<<"$(echo "$gen_big" | tr -d ',')"
read -r small_docs _ small_bytes _ small_files _ small_dirs _ <<<"$(echo "$gen_small" | tr -d ',')"
onefile=$big/one-file/app.yaml
cd "$tmp"   # file names in reports relative to the corpus; no .gitignore in the way

# ---- tollgate -------------------------------------------------------------------------------

declare -A best med nrun docs
for j in 1 2; do
  log "tollgate check --jobs $j (best of 3)"
  read -r best[$j] med[$j] nrun[$j] <<<"$(timeit 3 "$tmp/report-j$j.json" "$bin" check --format json --fail-on error --jobs "$j" "$big/apps")"
  read -r docs[$j] t_files t_findings t_errors <<<"$(summary "$tmp/report-j$j.json")"
done
if [ "${docs[1]}" != "${docs[2]}" ]; then
  echo "run.sh: --jobs 1 saw ${docs[1]} documents, --jobs 2 saw ${docs[2]}" >&2
fi
if [ "${docs[2]}" = 0 ]; then
  echo "run.sh: tollgate loaded no documents (summary.documents = 0); is the YAML loader in?" >&2
  exit 2
fi

log "peak RSS of --jobs 2"
rc=0
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f %M -o "$tmp/rss" "$bin" check --format json --fail-on error --jobs 2 "$big/apps" >/dev/null 2>"$tmp/rss.err" || rc=$?
  rss_kb=$(tail -n1 "$tmp/rss")
else
  rss_kb=$(python3 -c 'import resource,subprocess,sys; subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
    "$bin" check --format json --fail-on error --jobs 2 "$big/apps")
fi
[ "$rc" -le 1 ] || { echo "run.sh: exit $rc measuring RSS" >&2; cat "$tmp/rss.err" >&2; exit 2; }

# Phase breakdown, when this tollgate has `check --timings` (one run per job count).
declare -A phases
if "$bin" check --help 2>/dev/null | grep -q -- '--timings'; then
  for j in 1 2; do
    log "phases, --jobs $j (check --timings)"
    rc=0
    "$bin" check --format json --fail-on error --timings --jobs "$j" "$big/apps" >/dev/null 2>"$tmp/timings-j$j" || rc=$?
    [ "$rc" -le 1 ] || { echo "run.sh: exit $rc with --timings" >&2; cat "$tmp/timings-j$j" >&2; exit 2; }
    phases[$j]=$(python3 - "$tmp/timings-j$j" <<'PY'
import re, sys
line = [l for l in open(sys.argv[1]) if l.startswith("timings:")][-1]
unit = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}
parts = []
for name, num, u in re.findall(r"(\w+) ([0-9.]+)(ns|µs|us|ms|s)\b", line):
    parts.append(f"{name} {float(num) * unit[u]:,.0f} ms")
print(", ".join(parts))
PY
)
  done
fi

log "one-file check, median of 20"
read -r one_ms one_how <<<"$(onefile_ms 20 2 "$bin" check "$onefile")"

log "tollgate check --jobs 2 on the $small_docs-document subset (best of 3)"
read -r sub_best _ _ <<<"$(timeit 3 "$tmp/report-sub.json" "$bin" check --format json --fail-on error --jobs 2 "$small_dir/apps")"
read -r sub_docs _ _ _ <<<"$(summary "$tmp/report-sub.json")"

# ---- checkov --------------------------------------------------------------------------------

ck_note="" ck_version="" ck_s="" ck_docs="" ck_one_ms=""
if [ "$checkov" = 1 ]; then
  if [ ! -x "$venv/bin/checkov" ]; then
    log "installing the peer tools (bash $peers/install.sh)"
    bash "$peers/install.sh" >"$tmp/install.log" 2>&1 || true
  fi
  if [ -x "$venv/bin/checkov" ]; then
    ck_version=$("$venv/bin/checkov" --version 2>/dev/null | tail -n1)
    log "checkov $ck_version on the $small_docs-document subset (one run)"
    read -r ck_s _ _ <<<"$(timeit 1 "$tmp/checkov.json" "$peers/checkov.sh" "$small_dir/apps" kubernetes --soft-fail)"
    ck_docs=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
r = r if isinstance(r, list) else [r]
print(sum(x.get("summary", {}).get("resource_count", 0) for x in r))' "$tmp/checkov.json" 2>/dev/null || echo "?")
    log "checkov one-file (median of 3)"
    read -r ck_one_ms _ <<<"$(onefile_ms 3 1 "$peers/checkov.sh" "$big/one-file" kubernetes --soft-fail)"
  else
    ck_note="checkov skipped: bash $peers/install.sh failed (log: $(tail -n3 "$tmp/install.log" | tr '\n' ' '))"
    log "$ck_note"
  fi
else
  ck_note="checkov skipped (--no-checkov)"
fi

# ---- table ----------------------------------------------------------------------------------

mb=$(fmt "$big_bytes/1e6")
dps1=$(fmt "${docs[1]}/${best[1]}")
dps2=$(fmt "${docs[2]}/${best[2]}")
ok() { python3 -c "print('yes' if $1 else '**no**')"; }
version=$("$bin" --version 2>/dev/null || echo tollgate)
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || true)

{
  echo "## Tollgate benchmark"
  echo
  echo "$version, $(date -u +%Y-%m-%d), $(nproc) cores (${cpu:-unknown CPU}), $(uname -sr);"
  echo "load average $load_before before, $load_after after (other work on the machine skews the figures)."
  echo "Corpus: \`gen_corpus.py $n --seed $seed\`: $big_docs documents, $(fmt "f'{$big_bytes/1e6:.1f}'") MB of YAML in $big_files files, $big_dirs app directories;"
  echo "checkov subset: \`gen_corpus.py $small --seed $seed\` (the first $small_dirs of those directories): $small_docs documents, $(fmt "f'{$small_bytes/1e6:.1f}'") MB."
  echo
  echo "| measurement | result | target | met |"
  echo "|---|---|---|---|"
  echo "| tollgate \`--jobs 1\`, full corpus (best of ${nrun[1]}) | $(fmt "f'{${best[1]}:.3f}'") s, $(fmt "f'{$dps1:,.0f}'") documents/s, $(fmt "f'{$mb/${best[1]}:.1f}'") MB/s | | |"
  echo "| tollgate \`--jobs 2\`, full corpus (best of ${nrun[2]}) | $(fmt "f'{${best[2]}:.3f}'") s, $(fmt "f'{$dps2:,.0f}'") documents/s, $(fmt "f'{$mb/${best[2]}:.1f}'") MB/s | ≥ 20,000 documents/s | $(ok "$dps2 >= 20000") |"
  echo "| speed-up \`--jobs 2\` / \`--jobs 1\` | $(fmt "f'{${best[1]}/${best[2]}:.2f}'")× | | |"
  for j in 1 2; do
    [ -z "${phases[$j]:-}" ] || echo "| phases, \`--jobs $j\` (\`--timings\`, one run) | ${phases[$j]} | | |"
  done
  echo "| peak RSS, \`--jobs 2\`, full corpus | $(fmt "f'{$rss_kb/1024:.0f}'") MiB | | |"
  echo "| one-file check, start-up included (median of 20, $one_how) | $one_ms ms | < 30 ms | $(ok "$one_ms < 30") |"
  echo "| tollgate \`--jobs 2\`, checkov subset (best of 3) | $(fmt "f'{$sub_best:.3f}'") s, $(fmt "f'{$sub_docs/$sub_best:,.0f}'") documents/s | | |"
  if [ -n "$ck_s" ]; then
    echo "| checkov $ck_version, checkov subset (1 run) | $(fmt "f'{$ck_s:.1f}'") s, $(fmt "f'{$small_docs/$ck_s:,.1f}'") documents/s ($ck_docs resources reported) | | |"
    echo "| documents/s, tollgate \`--jobs 2\` (full corpus) / checkov (subset) | $(fmt "f'{$dps2/($small_docs/$ck_s):,.0f}'")× | | |"
    echo "| documents/s, same subset: tollgate \`--jobs 2\` / checkov | $(fmt "f'{($sub_docs/$sub_best)/($small_docs/$ck_s):,.0f}'")× | | |"
    echo "| one-file check, checkov (median of 3) | $(fmt "f'{$ck_one_ms:,.0f}'") ms | | |"
  fi
  echo
  echo "tollgate on the full corpus: ${docs[2]} documents in $t_files files, $t_findings findings, $t_errors input errors (exit code 1 = findings, expected)."
  [ -z "$ck_note" ] || echo "$ck_note."
  echo
  echo "Commands (DIR = the generated corpus; the subset is generated the same way with N = $small):"
  echo
  echo '```'
  echo "python3 bench/gen_corpus.py $n DIR --seed $seed"
  echo "tollgate check --format json --fail-on error --jobs 1 DIR/apps        # best of 3"
  echo "tollgate check --format json --fail-on error --jobs 2 DIR/apps        # best of 3"
  echo "/usr/bin/time -f %M tollgate check --format json --fail-on error --jobs 2 DIR/apps"
  echo "tollgate check --format json --fail-on error --timings --jobs J DIR/apps   # phases, stderr"
  echo "tollgate check DIR/one-file/app.yaml                                  # median of 20"
  echo "../shared/peers/checkov.sh SUBSET/apps kubernetes --soft-fail"
  echo "../shared/peers/checkov.sh DIR/one-file kubernetes --soft-fail    # median of 3"
  echo '```'
  echo
  echo "Total benchmark time: $(( $(date +%s) - started )) s (build excluded)."
} >"$tmp/results.md"

cat "$tmp/results.md"
if [ "$write" = 1 ]; then
  cp "$tmp/results.md" "$here/results.md"
  log "wrote $here/results.md"
fi
