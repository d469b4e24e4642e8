#!/usr/bin/env bash
# Migration benchmark: migrations/s of `tollgate check` next to squawk on the same files, in the
# same run — on a generated set (bench/gen_migrations.py) and on the PostgreSQL migration
# histories of ../shared/corpus — then the rule-by-rule comparison with squawk.
#
# usage: bench/migrations.sh [N] [--write] [--no-build]
#   N           generated migration files (default 10000)
#   --write     also write bench/results-migrations.md
#   --no-build  use the existing target/release/tollgate
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
n=10000 write=0 build=1
for a in "$@"; do
  case $a in
    --write) write=1 ;;
    --no-build) build=0 ;;
    [0-9]*) n=$a ;;
    *) echo "migrations.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done
peers=${TOLLGATE_PEERS:-$root/../shared/peers}
corpus=$root/../shared/corpus
venv=${PEERS_VENV:-$HOME/.cache/tollgate-peers}
[ "$build" = 1 ] && (cd "$root" && cargo build --release -q -p policy-cli)
[ -x "$venv/bin/squawk" ] || bash "$peers/install.sh" >&2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-mbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$root/target/release/tollgate" "$tmp/tollgate"
python3 "$here/gen_migrations.py" "$n" "$tmp/gen" --seed 1 > "$tmp/gen.txt"

# The corpus histories, forward PostgreSQL files only, flattened with unique names (the same
# files for both tools).
mkdir -p "$tmp/corpus"
i=0
for d in hatchet-dev-hatchet/cmd/hatchet-migrate/migrate/migrations goharbor-harbor/make/migrations/postgresql \
         umami-software-umami/prisma/migrations temporalio-temporal/schema/postgresql \
         ory-kratos/persistence/sql/migrations/sql; do
  [ -d "$corpus/$d" ] || continue
  while IFS= read -r f; do
    case $f in *.down.sql|*.mysql.*|*.sqlite*|*.cockroach.*) continue ;; esac
    i=$((i + 1)); cp "$f" "$tmp/corpus/$(printf '%05d' $i)_$(basename "$f")"
  done < <(find "$corpus/$d" -name '*.sql' | sort)
done

# best SECONDS of 3 runs of CMD (exit 0 or 1 is success)
best() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
best = None
for _ in range(3):
    t = time.perf_counter()
    r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    el = time.perf_counter() - t
    if r.returncode not in (0, 1):
        sys.exit(f"{sys.argv[1:]} exited {r.returncode}")
    best = el if best is None else min(best, el)
print(f"{best:.3f}")
PY
}

row() {  # NAME DIR
  local files; files=$(find "$2" -name '*.sql' | wc -l)
  local t1 t2 sq
  t1=$(best "$tmp/tollgate" check --format json --jobs 1 "$2")
  t2=$(best "$tmp/tollgate" check --format json --jobs 2 "$2")
  sq=$(cd "$2" && best "$venv/bin/squawk" --reporter json $(ls))
  python3 - "$1" "$files" "$t1" "$t2" "$sq" <<'PY'
import sys
name, files, t1, t2, sq = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:])
r = lambda t: f"{t:.3f} s, {files / t:,.0f}/s"
print(f"| {name} ({files} files) | {r(t1)} | {r(t2)} | {r(sq)} | {sq / t2:.2f}× |")
PY
}

{
  echo "## Migration benchmark"
  echo
  echo "tollgate $("$tmp/tollgate" --version | awk '{print $2}'), $(date +%Y-%m-%d), $(nproc) cores, squawk $("$venv/bin/squawk" --version | awk '{print $2}')."
  echo "Generated: \`gen_migrations.py $n --seed 1\`: $(cat "$tmp/gen.txt" | sed 's/ in .*//')."
  echo
  echo "| files | tollgate --jobs 1 | tollgate --jobs 2 | squawk | tollgate (2 jobs) speed ÷ squawk |"
  echo "|---|---|---|---|---|"
  row generated "$tmp/gen"
  [ "$i" -gt 0 ] && row "corpus histories" "$tmp/corpus"
  echo
  echo "Best of 3 wall times each; both tools write JSON. Rule-by-rule comparison on the corpus"
  echo "histories and the rule fixtures (\`bench/squawk_compare.py\`):"
  echo
  python3 "$here/squawk_compare.py" --tollgate "$tmp/tollgate" --squawk "$peers/squawk.sh" "$tmp/corpus" "$root/testdata/rules"
} | tee "$tmp/out.md"
[ "$write" = 1 ] && cp "$tmp/out.md" "$here/results-migrations.md" && echo ">> wrote bench/results-migrations.md" >&2
exit 0
