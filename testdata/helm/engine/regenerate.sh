#!/usr/bin/env bash
# Rebuilds the expected outputs of the template engine golden cases with the real Helm engine
# (the helm-template.sh peer: Helm v4's engine through helm-python-sdk).
#
# Every CASE.tpl becomes templates/CASE.yaml of a throwaway chart (name "engine") with the shared
# values.yaml. Cases named err_* must fail: each is rendered in a chart of its own (Helm stops at
# the first failing template, and a parse error fails the whole chart) and CASE.err receives the
# error message (the part after Helm's location prefix); the other cases are rendered together
# (they share one namespace of defines, as in Helm) and CASE.out receives the rendered text.
#
# usage: testdata/helm/engine/regenerate.sh     (HELM_TEMPLATE=path/to/helm-template.sh to override)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
peer=${HELM_TEMPLATE:-/work/shared/peers/helm-template.sh}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkchart() {
  mkdir -p "$1/templates"
  printf 'apiVersion: v2\nname: engine\nversion: 0.1.0\n' > "$1/Chart.yaml"
  cp "$here/values.yaml" "$1/values.yaml"
}

mkchart "$work/ok"
for f in "$here"/*.tpl; do
  c=$(basename "$f" .tpl)
  case $c in err_*) continue ;; esac
  cp "$f" "$work/ok/templates/$c.yaml"
done
bash "$peer" "$work/ok" --per-template > "$work/ok.json"
python3 - "$work/ok.json" "$here" <<'PY'
import json, os, sys
for name, text in json.load(open(sys.argv[1])).items():
    case = os.path.basename(name)[: -len(".yaml")]
    with open(os.path.join(sys.argv[2], case + ".out"), "w") as f:
        f.write(text)
PY

for f in "$here"/err_*.tpl; do
  c=$(basename "$f" .tpl)
  mkchart "$work/$c"
  cp "$f" "$work/$c/templates/$c.yaml"
  if bash "$peer" "$work/$c" --per-template > /dev/null 2> "$work/$c.stderr"; then
    echo "$c: Helm rendered it, but an error was expected" >&2
    exit 1
  fi
  python3 - "$work/$c.stderr" "$here/$c.err" <<'PY'
import re, sys
text = open(sys.argv[1]).read().strip()
text = re.sub(r"^render error: ", "", text)
lines = text.split("\n")
if len(lines) == 1:
    # Go's flat form: "template: FILE:LINE[:COL]: MESSAGE".
    msg = re.sub(r"^template: [^:]+:\d+(:\d+)?: ", "", lines[0])
else:
    # Helm's multi-line form: the last line is the innermost message.
    msg = lines[-1].strip()
# Helm's parse error form: "parse error at (FILE:LINE): MESSAGE".
msg = re.sub(r"^parse error at \([^)]*\): ", "", msg)
# A thousand nested include errors: keep the innermost one.
if len(msg) > 400:
    msg = msg[msg.rfind("error calling "):]
with open(sys.argv[2], "w") as f:
    f.write(msg + "\n")
PY
done
echo "regenerated $(ls "$here"/*.out | wc -l) outputs and $(ls "$here"/*.err | wc -l) errors"
