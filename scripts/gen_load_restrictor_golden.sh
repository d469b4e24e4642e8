#!/usr/bin/env bash
# Regenerates testdata/kustomize/tollgate-cases/load-restrictor/LoadRestrictionsNone.golden.yaml:
# what the real kustomize (kubectl kustomize v5.5.0, run by ../shared/peers/kustomize-build.sh)
# prints for the root testdata/kustomize/tollgate-cases/load-restrictor/overlay with
# `--load-restrictor LoadRestrictionsNone`. (scripts/kustomize-golden.sh writes the golden of
# the same root with kustomize's default restrictor: an error, since the root reads files
# outside its directory.) policy-cli/tests/kustomize.rs compares Tollgate's build with
# `LoadRestrictor::None` against this file.
#
# usage: scripts/gen_load_restrictor_golden.sh   (TOLLGATE_SHARED overrides ../shared)
set -euo pipefail
export LC_ALL=C

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
shared=${TOLLGATE_SHARED:-$repo/../shared}
build=$shared/peers/kustomize-build.sh
if [[ ! -f $build ]]; then
  echo "gen_load_restrictor_golden: $build not found (set TOLLGATE_SHARED to the shared folder)" >&2
  exit 2
fi
command -v kubectl >/dev/null || { echo "gen_load_restrictor_golden: kubectl not on PATH" >&2; exit 2; }

case_dir=testdata/kustomize/tollgate-cases/load-restrictor
cd "$repo"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# Offline, as scripts/kustomize-golden.sh runs kustomize.
env HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9 \
  https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 all_proxy=http://127.0.0.1:9 \
  NO_PROXY= no_proxy= GIT_TERMINAL_PROMPT=0 \
  bash "$build" "$case_dir/overlay" --load-restrictor LoadRestrictionsNone >"$tmp"
mv "$tmp" "$case_dir/LoadRestrictionsNone.golden.yaml"
trap - EXIT
echo "gen_load_restrictor_golden: wrote $case_dir/LoadRestrictionsNone.golden.yaml"
