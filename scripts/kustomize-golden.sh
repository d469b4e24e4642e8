#!/usr/bin/env bash
# Regenerates testdata/kustomize/golden/: what the real kustomize (kubectl kustomize v5.5.0, run by
# ../shared/peers/kustomize-build.sh) makes of every kustomization root under testdata/kustomize/.
#
# usage: scripts/kustomize-golden.sh            (from anywhere; the repository is this script's ..)
#   TOLLGATE_SHARED=/path/to/shared overrides where the peers live (default: <repo>/../shared)
#
# A root is a folder holding kustomization.yaml, kustomization.yml or Kustomization. For a root
# at testdata/kustomize/a/b/c the result goes to testdata/kustomize/golden/a__b__c.yaml (the
# YAML stream kustomize prints) or, when kustomize exits non-zero, a__b__c.err (its message,
# normalised as below). Nothing is written inside the roots. golden/INDEX.md lists every root,
# ok/error and its document count. Reruns are deterministic: the folder is rebuilt from scratch.
#
# Kustomize runs offline: the proxy variables point at a closed local port, so a remote resource
# (examples/loadHttp) fails the same way on every machine, with or without a network.
# Error messages are normalised so they do not depend on the machine or the time:
#   - klog's header (`E1126 06:04:35.750181   15876 run.go:72] "command failed" err=`) is cut and
#     the quoted or `<...>` block message unwrapped;
#   - the repository's absolute path is removed (paths read testdata/kustomize/...);
#   - `/usr/local/bin/git` becomes `git`, `after 3 ms` becomes `after N ms`;
#   - kustomize's temporary helm directory (`/tmp/kustomize-helm-123/`) becomes `$TMP/`;
#   - a Go panic keeps its first line (the goroutine dump, with its addresses, is cut).
set -euo pipefail
export LC_ALL=C

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
shared=${TOLLGATE_SHARED:-$repo/../shared}
build=$shared/peers/kustomize-build.sh
if [[ ! -f $build ]]; then
  echo "kustomize-golden: $build not found (set TOLLGATE_SHARED to the shared folder)" >&2
  exit 2
fi
command -v kubectl >/dev/null || { echo "kustomize-golden: kubectl not on PATH" >&2; exit 2; }
# helmCharts: kustomize runs `helm template`; this stand-in renders with the real Helm v4 engine
# of the peers (see scripts/helm-for-kustomize/helm_for_kustomize.py for what it refuses).
helm=$repo/scripts/helm-for-kustomize/helm
export TOLLGATE_SHARED=$shared

cd "$repo"
base=testdata/kustomize
golden=$base/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/golden"

# Every root, sorted bytewise, golden/ itself left out.
mapfile -t roots < <(
  find "$base" -path "$golden" -prune -o -type f \
    \( -name kustomization.yaml -o -name kustomization.yml -o -name Kustomization \) -print |
    sed 's|/[^/]*$||' | sort -u
)
if ((${#roots[@]} == 0)); then
  echo "kustomize-golden: no kustomization root under $base" >&2
  exit 2
fi

normalise_error() {
  REPO="$repo" perl -0777 -pe '
    s/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ \S+:\d+\] //mg;
    # err="..." (Go %q quoting) or err=<\n\t...\n >
    if (/^"command failed" err="(.*)"\s*\z/s) {
      my $m = $1; $m =~ s/\\(["\\])/$1/g; $m =~ s/\\n/\n/g; $m =~ s/\\t/\t/g; $_ = "$m\n";
    } elsif (/^"command failed" err=<\n(.*)\n >\s*\z/s) {
      my $m = $1; $m =~ s/^\t//mg; $_ = "$m\n";
    }
    s/\Q$ENV{REPO}\E\///g;
    s{'\''\S*/git }{'\''git }g;
    s/after \d+ ms/after N ms/g;
    s{/tmp/kustomize-helm-\d+/}{\$TMP/}g;
    # A Go panic (kustomize panics on some bad inputs): its message, not the goroutine dump.
    s/\A(panic: [^\n]*\n).*\z/$1/s;
  '
}

offline=(HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
  https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 all_proxy=http://127.0.0.1:9
  NO_PROXY= no_proxy= GIT_TERMINAL_PROMPT=0)

ok=0 failed=0
index=$tmp/golden/INDEX.md
{
  echo "# Kustomize golden files"
  echo
  echo "Written by \`scripts/kustomize-golden.sh\` with $(KUBECONFIG=/dev/null kubectl version --client 2>/dev/null |
    sed -n 's/^Client Version: /kubectl /p; s/^Kustomize Version: /kustomize /p' | paste -sd ' ' -), offline."
  echo "One row per kustomization root under \`testdata/kustomize/\`: \`ok\` with the number of"
  echo "documents kustomize prints (\`golden/<root with / as __>.yaml\`), or \`error\` with the start of"
  echo "kustomize's message (all of it in \`.err\`). Warnings kustomize printed while building are"
  echo "listed after the table."
  echo
  echo "| root | result | documents |"
  echo "|---|---|---|"
} >"$index"
: >"$tmp/warnings"

for dir in "${roots[@]}"; do
  rel=${dir#"$base"/}
  if [[ $rel == *__* ]]; then
    echo "kustomize-golden: root $rel contains '__': its golden name would be ambiguous" >&2
    exit 2
  fi
  name=${rel//\//__}
  if env "${offline[@]}" bash "$build" "$dir" --enable-helm --helm-command "$helm" \
    >"$tmp/out" 2>"$tmp/err"; then
    mv "$tmp/out" "$tmp/golden/$name.yaml"
    if [[ -s $tmp/golden/$name.yaml ]]; then
      docs=$(($(grep -c '^---$' "$tmp/golden/$name.yaml" || true) + 1))
    else
      docs=0
    fi
    echo "| $rel | ok | $docs |" >>"$index"
    if [[ -s $tmp/err ]]; then
      normalise_error <"$tmp/err" | sed "s|^|- \`$rel\`: |" >>"$tmp/warnings"
    fi
    ok=$((ok + 1))
  else
    normalise_error <"$tmp/err" >"$tmp/golden/$name.err"
    reason=$(head -n 1 "$tmp/golden/$name.err")
    ((${#reason} <= 120)) || reason="${reason:0:120}…"
    echo "| $rel | error: ${reason//|/\\|} | - |" >>"$index"
    failed=$((failed + 1))
  fi
done

{
  echo
  echo "$((ok + failed)) roots: $ok ok, $failed error."
  if [[ -s $tmp/warnings ]]; then
    echo
    echo "## Warnings"
    echo
    cat "$tmp/warnings"
  fi
} >>"$index"

rm -rf "$golden"
mv "$tmp/golden" "$golden"
chmod -R u+rwX,go+rX "$golden"
echo "kustomize-golden: $((ok + failed)) roots, $ok ok, $failed error -> $golden/"
