#!/usr/bin/env bash
# Rebuilds the *.golden.json files of the fixture charts with the real Helm engine (the peer
# `helm template`, see /work/shared/peers/README.md): for each rendered template that prints
# `{{ toJson .Values }}`, the golden maps its `# Source:` name to the parsed JSON.
set -euo pipefail
cd "$(dirname "$0")"
peer=${HELM_TEMPLATE:-/work/shared/peers/helm-template.sh}
render() { # OUT CHART [ARGS...]
  local out=$1; shift
  bash "$peer" "$@" | python3 -c '
import json, sys
docs, name = {}, None
for block in sys.stdin.read().split("\n---\n"):
    lines = block.strip("\n-").split("\n")
    if not lines or not lines[0].startswith("# Source: "):
        continue
    docs[lines[0][len("# Source: "):]] = json.loads("\n".join(lines[1:]))
json.dump(docs, sys.stdout, indent=1, sort_keys=True)
print()' > "$out"
  echo "wrote $out"
}
render parent.golden.json parent
render parent.user.golden.json parent -f parent-user-values.yaml
# The schema violation: the peer's message, for reference.
bash "$peer" schema-bad -f schema-bad-user-values.yaml > schema-bad.peer-error.txt 2>&1 || true
echo "wrote schema-bad.peer-error.txt"
