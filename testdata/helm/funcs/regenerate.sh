#!/usr/bin/env bash
# Rebuilds the expected outputs (<case>.out) of the funcs golden cases (<case>.tpl) with the real
# Helm v4 engine (the peer helm-template.sh; see shared/peers). Each case is rendered as
# templates/<case>.yaml of a throwaway chart whose values.yaml is ./values.yaml.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
peer=${HELM_TEMPLATE:-$here/../../../../shared/peers/helm-template.sh}
[ -f "$peer" ] || peer=/work/shared/peers/helm-template.sh
chart=$(mktemp -d)
trap 'rm -rf "$chart"' EXIT
mkdir -p "$chart/templates"
printf 'apiVersion: v2\nname: funcs\nversion: 0.1.0\n' > "$chart/Chart.yaml"
cp "$here/values.yaml" "$chart/values.yaml"
for t in "$here"/*.tpl; do
  cp "$t" "$chart/templates/$(basename "$t" .tpl).yaml"
done
bash "$peer" "$chart" --per-template > "$chart/out.json"
python3 - "$chart/out.json" "$here" <<'PY'
import json, sys
out, here = json.load(open(sys.argv[1])), sys.argv[2]
for path, text in out.items():
    case = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
    with open(f"{here}/{case}.out", "w") as f:
        f.write(text)
PY
