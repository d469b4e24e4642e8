#!/usr/bin/env bash
# Conformance on the wide world: `tollgate render` against the real Helm engine and the real
# kustomize on every Helm chart and Kustomize root of a set of checked-out public repositories.
#
# usage: scripts/conformance-sweep.sh [--world DIR] [--manifest FILE] [--tollgate BIN]
#                                     [--jobs N] [--timeout SECONDS] [--only REGEX]
#                                     [--out DIR] [--cases DIR]
#                                     [--kind helm|kustomize] [--markdown]
#        scripts/conformance-sweep.sh --repro [NAME...]
#
#   --world DIR      folder holding the repositories, one per folder named owner+name
#                    (default /work/world); `git clone` each at the commit of the manifest
#   --manifest FILE  repositories, commits and paths swept (default docs/conformance/manifest.tsv)
#   --tollgate BIN   the binary under test (default: $TOLLGATE, else target/release/tollgate)
#   --jobs N         cases run in parallel (default: the number of CPUs)
#   --timeout S      per run (each tool, each case) time limit in seconds (default 120)
#   --out DIR        also write DIR/results.tsv (one line per case: outcome, exit codes, error
#                    classes, first difference, note) and DIR/summary.md (the tables in Markdown)
#   --cases DIR      also write DIR/<case>.txt for every case that does not agree: both commands,
#                    their exit codes, stderr and stdout
#   --only REGEX     only cases whose id (owner/name:path[@values]) matches
#   --markdown       print the tables as Markdown (what docs/conformance/RESULTS.md shows)
#   --repro [NAME]   instead of sweeping: run the minimal reproductions written in
#                    docs/conformance/RESULTS.md (fenced blocks `repro=NAME file=PATH`) with both
#                    tools, each in a temporary folder; all of them without a NAME
#
# Peers (../shared/peers, set TOLLGATE_SHARED to move it): helm-template.sh (Helm v4.2.3 engine,
# helm-python-sdk) and kustomize-build.sh (kubectl kustomize, kustomize v5.5.0), both offline;
# their install (../shared/peers/install.sh) also provides PyYAML, with which the peers' output
# is decoded (as Kubernetes decodes YAML: go-yaml v2 scalar rules). The logic is in
# scripts/sweep/sweep.py; it only reads the repositories, and runs offline (kustomize gets proxy
# variables pointing at a closed port, so a remote resource fails the same way everywhere).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
export TOLLGATE_SHARED=${TOLLGATE_SHARED:-$repo/../shared}
venv=${PEERS_VENV:-$HOME/.cache/tollgate-peers}
python=$venv/bin/python
if [[ ! -x $python ]]; then
  echo "conformance-sweep: $python not found: run $TOLLGATE_SHARED/peers/install.sh" >&2
  exit 2
fi
exec "$python" "$repo/scripts/sweep/sweep.py" --repo "$repo" "$@"
