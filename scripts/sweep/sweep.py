#!/usr/bin/env python3
"""Conformance sweep: `tollgate render` against the real Helm engine and kustomize, case by case,
on checked-out public repositories (see scripts/conformance-sweep.sh for the usage).

A case is
  - a Helm chart (a folder with Chart.yaml, not below another chart) with its default values, or
    with one of its ci/*.yaml values files;
  - a Kustomize root (a folder with kustomization.yaml, kustomization.yml or Kustomization) that
    is not a `kind: Component`.

Each case is run by both tools (each with a time limit) and judged:
  identical        both succeed, and print the same documents in the same order (decoded YAML,
                   compared as JSON values; numbers by value; Helm's random values masked)
  differ           both succeed, the documents differ (a silent wrong render by one of them)
  same-class       both fail, and their messages fall in the same error class (see classify())
  other-class      both fail, in different classes
  tollgate-error   only Tollgate fails
  peer-error       only the real tool fails
  deliberate       a documented deliberate difference: a library chart (Helm refuses it,
                   Tollgate renders nothing)

Helm randomness: each Helm case is rendered twice by the real engine; every value that differs
between the two renders is random (randAlphaNum, genCA, uuidv4, a checksum over those...) and is
masked on all three outputs (the two Helm renders and Tollgate's), keeping its length when that
is fixed. On top of that, as policy-cli/tests/helm_conformance.rs does, a certificate, a private
key (plain or base64) or a bcrypt hash is replaced by what it is.
"""
import argparse
import base64
import concurrent.futures
import json
import os
import re
import subprocess
import signal
import sys
import time

import yaml  # PyYAML, from the peers' virtualenv

KUSTOMIZATION_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
RELEASE_NAME = "release-name"  # helm template's default, and the peer's
NAMESPACE = "default"
OFFLINE_ENV = {
    "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
    "ALL_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9", "all_proxy": "http://127.0.0.1:9",
    "NO_PROXY": "", "no_proxy": "", "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "/bin/false",
    "KUBECONFIG": "/dev/null", "NO_COLOR": "1",
}
OUTCOMES = ["identical", "differ", "same-class", "other-class", "tollgate-error", "peer-error",
            "deliberate"]


# ------------------------------------------------------------------------------------------------
# YAML as Kubernetes decodes it: sigs.k8s.io/yaml, i.e. go-yaml v2 scalar resolution, then JSON.

_GO_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_GO_MAP = {
    **{k: True for k in "y Y yes Yes YES on On ON true True TRUE".split()},
    **{k: False for k in "n N no No NO off Off OFF false False FALSE".split()},
    **{k: None for k in ["", "~", "null", "Null", "NULL"]},
    **{k: float("nan") for k in [".nan", ".NaN", ".NAN"]},
    **{k: float("inf") for k in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]},
    **{k: float("-inf") for k in ["-.inf", "-.Inf", "-.INF"]},
}
_GO_TS = re.compile(r"^\d{4}-\d\d?-\d\d?([Tt ]|$)")


def _go_int(s):
    """strconv.ParseInt(s, 0, 64) / ParseUint: decimal, 0x, 0o, 0b, leading-0 octal."""
    neg = s.startswith("-")
    body = s[1:] if s[:1] in "+-" else s
    if not body:
        return None
    try:
        if re.fullmatch(r"0[xX][0-9a-fA-F]+", body):
            v = int(body[2:], 16)
        elif re.fullmatch(r"0[oO][0-7]+", body):
            v = int(body[2:], 8)
        elif re.fullmatch(r"0[bB][01]+", body):
            v = int(body[2:], 2)
        elif re.fullmatch(r"0[0-7]+", body):
            v = int(body, 8)
        elif re.fullmatch(r"[0-9]+", body):
            if len(body) > 1 and body[0] == "0":
                return None  # 08, 09: not octal, not an int
            v = int(body, 10)
        else:
            return None
    except ValueError:
        return None
    v = -v if neg else v
    if -(2**63) <= v < 2**64:
        return v
    return None


def go_resolve(s):
    """go-yaml v2 resolve() of a plain scalar, as decoded into interface{}."""
    if s in _GO_MAP:
        return _GO_MAP[s]
    c = s[:1]
    if c == ".":
        try:
            return float(s)
        except ValueError:
            return s
    if c and (c.isdigit() or c in "+-"):
        if _GO_TS.match(s):
            return s  # a timestamp: kept as the string into interface{}
        plain = s.replace("_", "")
        v = _go_int(plain)
        if v is not None:
            return v
        if _GO_FLOAT.match(plain):
            try:
                return float(plain)
            except ValueError:
                pass
        return s
    return s


class DuplicateKey(Exception):
    pass


class GoLoader(yaml.SafeLoader):
    """PyYAML with go-yaml v2's plain scalar rules (y/n are booleans, 0755 is octal, 1e3 a
    float, timestamps stay strings), duplicate keys reported."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            if value == "<<":
                return "tag:yaml.org,2002:merge"
            return "tag:sweep,2024:plain"
        return super().resolve(kind, value, implicit)

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        out = {}
        seen = set()
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            k = json_key(key)
            if k in seen:
                raise DuplicateKey(f"duplicate key {k!r} at line {key_node.start_mark.line + 1}")
            seen.add(k)
            out[k] = self.construct_object(value_node, deep=deep)
        return out


GoLoader.add_constructor("tag:sweep,2024:plain", lambda l, n: go_resolve(l.construct_scalar(n)))
GoLoader.add_constructor("tag:yaml.org,2002:map", lambda l, n: l.construct_mapping(n, deep=True))
GoLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda l, n: l.construct_scalar(n))
GoLoader.add_multi_constructor(
    "", lambda l, suffix, n: (l.construct_scalar(n) if isinstance(n, yaml.ScalarNode) else
                              l.construct_sequence(n, deep=True) if isinstance(n, yaml.SequenceNode)
                              else l.construct_mapping(n, deep=True)))


def json_key(k):
    if isinstance(k, bool):
        return "true" if k else "false"
    if k is None:
        return "null"
    if isinstance(k, float) and k == int(k):
        return str(int(k))
    return str(k)


def load_stream(text):
    """The documents of a YAML stream (empty documents left out), as JSON values."""
    docs = []
    for d in yaml.load_all(text, Loader=GoLoader):
        if d is None:
            continue
        docs.append(d)
    return docs


# ------------------------------------------------------------------------------------------------
# Comparison (as policy-cli/tests/common/compare.rs: the first difference, depth first in the
# expected document's key order).

def describe(doc):
    if not isinstance(doc, dict):
        return type(doc).__name__
    md = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    kind, name, ns = doc.get("kind", ""), md.get("name", ""), md.get("namespace")
    return f"{kind} {ns}/{name}" if ns else f"{kind} {name}"


def short(v, n=80):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= n else s[:n] + "…"


def push_key(path, k):
    if re.fullmatch(r"[A-Za-z_$-][A-Za-z0-9_$-]*", k):
        return f"{path}.{k}"
    return f"{path}[{json.dumps(k)}]"


def same_scalar(e, a):
    if isinstance(e, bool) or isinstance(a, bool):
        return type(e) is type(a) and e == a
    if isinstance(e, (int, float)) and isinstance(a, (int, float)):
        if isinstance(e, float) and isinstance(a, float) and e != e and a != a:
            return True  # NaN
        return e == a
    return type(e) is type(a) and e == a


def first_difference(e, a, path):
    """(path, description) of the first difference, or None."""
    if isinstance(e, dict) and isinstance(a, dict):
        for k, ev in e.items():
            p = push_key(path, k)
            if k not in a:
                return p, f"expected {short(ev)}, missing"
            d = first_difference(ev, a[k], p)
            if d:
                return d
        extra = sorted(k for k in a if k not in e)
        if extra:
            return push_key(path, extra[0]), f"not expected, rendered {short(a[extra[0]])}"
        return None
    if isinstance(e, list) and isinstance(a, list):
        for i, (ev, av) in enumerate(zip(e, a)):
            d = first_difference(ev, av, f"{path}[{i}]")
            if d:
                return d
        if len(e) != len(a):
            return path, f"expected {len(e)} items, rendered {len(a)}"
        return None
    if isinstance(e, (dict, list)) or isinstance(a, (dict, list)) or not same_scalar(e, a):
        return path, f"expected {short(e)}, rendered {short(a)}"
    return None


def equal(e, a):
    return first_difference(e, a, "") is None


def same_any_order(expected, actual):
    if len(expected) != len(actual):
        return False
    used = [False] * len(actual)
    for e in expected:
        for j, a in enumerate(actual):
            if not used[j] and equal(e, a):
                used[j] = True
                break
        else:
            return False
    return True


def compare_documents(expected, actual):
    """A one-line description of the first difference, or None (compare.rs's wording)."""
    for i, (e, a) in enumerate(zip(expected, actual)):
        d = first_difference(e, a, f"[{i}]")
        if d:
            s = f"document {i} ({describe(e)}): {d[0]}: {d[1]}"
            if same_any_order(expected, actual):
                s += " (the same documents in another order)"
            return s
    if len(expected) != len(actual):
        at = min(len(expected), len(actual))
        if len(actual) > len(expected):
            what, extra = "not expected", actual[at]
        else:
            what, extra = "missing", expected[at]
        return (f"{len(expected)} documents expected, {len(actual)} rendered; "
                f"[{at}] {what}: {describe(extra)}")
    return None


# ------------------------------------------------------------------------------------------------
# Helm's random values

def random_kind(s):
    """helm_conformance.rs's random_kind: what a generated certificate/key/bcrypt hash is."""
    text = s
    try:
        if re.fullmatch(r"[A-Za-z0-9+/=\s]+", s) and len(s) >= 16:
            text = base64.b64decode(s, validate=False).decode("utf-8")
    except Exception:
        text = s
    if "-----BEGIN CERTIFICATE-----" in text:
        return "<certificate>"
    if "PRIVATE KEY-----" in text:
        return "<private key>"
    if "$2a$" in text:
        out, rest = "", text
        while "$2a$" in rest:
            i = rest.index("$2a$")
            out += rest[:i] + "<bcrypt hash>"
            rest = rest[i + 7 + 53:]
        return out + rest
    return None


def mask_kinds(v):
    if isinstance(v, str):
        k = random_kind(v)
        return k if k is not None else v
    if isinstance(v, list):
        return [mask_kinds(x) for x in v]
    if isinstance(v, dict):
        return {k: mask_kinds(x) for k, x in v.items()}
    return v


def random_paths(a, b, path=(), out=None):
    """Paths (tuples of keys/indices) where two renders of the same case differ, each with the
    mask to apply: ('len', n) for strings of equal length, ('any',) otherwise."""
    if out is None:
        out = []
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        for k in a:
            random_paths(a[k], b[k], path + (k,), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            random_paths(x, y, path + (i,), out)
    elif not (type(a) is type(b) and a == b):
        if isinstance(a, str) and isinstance(b, str) and len(a) == len(b):
            out.append((path, ("len", len(a))))
        else:
            out.append((path, ("any",)))
    return out


def apply_mask(doc, path, mask, strict):
    """Replaces the node at path by the mask's token. strict (Tollgate's side): a string of
    another length than the random one keeps its value, so the difference shows."""
    if not path:
        if mask[0] == "len":
            if strict and not (isinstance(doc, str) and len(doc) == mask[1]):
                return doc
            return f"<random, {mask[1]} characters>"
        return "<random>"
    head, rest = path[0], path[1:]
    if isinstance(doc, dict) and isinstance(head, str) and head in doc:
        doc = dict(doc)
        doc[head] = apply_mask(doc[head], rest, mask, strict)
    elif isinstance(doc, list) and isinstance(head, int) and head < len(doc):
        doc = list(doc)
        doc[head] = apply_mask(doc[head], rest, mask, strict)
    return doc


def identity(doc):
    if not isinstance(doc, dict):
        return None
    md = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    return (doc.get("apiVersion"), doc.get("kind"), md.get("namespace"), md.get("name"))


def mask_random(peer1, peer2, mine):
    """Masks what differs between two renders of the real engine, on all three lists."""
    if len(peer1) != len(peer2):
        return peer1, mine, "the two Helm renders differ in document count"
    by_id = {}
    for j, d in enumerate(mine):
        by_id.setdefault(identity(d), j)
    p_out, m_out = list(peer1), list(mine)
    for i, (x, y) in enumerate(zip(peer1, peer2)):
        paths = random_paths(x, y)
        if not paths:
            continue
        j = by_id.get(identity(x), i if i < len(mine) else None)
        for path, mask in paths:
            p_out[i] = apply_mask(p_out[i], path, mask, False)
            if j is not None:
                m_out[j] = apply_mask(m_out[j], path, mask, True)
    return p_out, m_out, None


# ------------------------------------------------------------------------------------------------
# Error classes

# (class, pattern), first match wins; applied to both tools' messages once file names, positions
# and tool prefixes are removed (see error_message()).
ERROR_CLASSES = [
    ("timeout", r"^sweep: timed out"),
    ("library-chart", r"library charts? (are|is) not installable|library chart"),
    ("missing-dependency", r"missing in charts/ directory|found in Chart\.yaml, but missing|"
                           r"dependenc(y|ies)\b[^\n]*\b(missing|not (found|vendored))|"
                           r"missing dependenc"),
    ("values-schema", r"values don't meet the specifications of the schema|values\.schema\.json|"
                      r"schema\(s\)|values-schema-file"),
    ("kube-version", r"kubeVersion|incompatible with Kubernetes"),
    # Helm prints `required` and `fail` errors as "execution error at (file:line:col): message";
    # any other execution error as "template: file:line:col: executing ...".
    ("required-or-fail", r"^execution error at \([^)]*\): (?!executing )"),
    ("yaml", r"YAML parse error|invalid YAML|error converting YAML|yaml: (line|unmarshal)|"
             r"mapping values are not allowed|did not find expected|could not find expected|"
             r"found character that cannot|duplicate key|already defined|"
             r"not valid JSON|invalid JSON"),
    ("template-parse", r"parse error|function \"[^\"]+\" not defined|illegal number syntax|"
                       r"unexpected [^\n]* in (operand|command)|unterminated|unclosed action|"
                       r"undefined (function|variable)|cannot parse template"),
    ("template-exec", r"error calling |executing \"|nil pointer|wrong type|can't evaluate|"
                      r"at <[.$][^>]*>: |^template: |incompatible types|invalid value; expected|"
                      r"cannot (index|range|call)|index out of range|execution error"),
    ("remote-resource", r"https?://|github\.com/|git@|\bgit (fetch|clone|init)\b|proxyconnect|"
                        r"no such host|remote resource|oci://|\bgit\b"),
    ("helm-in-kustomize", r"helmCharts|HelmChartInflationGenerator|--enable-helm|"
                          r"helm-for-kustomize|unable to run: 'helm|\bhelm\b"),
    ("plugin", r"\bplugins?\b|KRM function|containerized|\bexec\b"),
    ("load-restriction", r"security; file|not in or below|outside the checked root|"
                         r"load ?restrict|refused"),
    ("cycle", r"\bcycle\b|cyclic"),
    ("replacement-or-var", r"nothing selected by|replacement|\bvars?\b|fieldPath|"
                           r"unable to find field|fieldref"),
    ("patch", r"failed to find (unique )?target|no resource matches|patch target|"
              r"unable to find patch target|failed to apply (json )?patch|JSON patch|json6902|"
              r"no matches for (Id|the patch)|no target|patch.*(not found|no match|failed)"),
    ("id-conflict", r"already registered id|conflict|duplicate (resource|object|name)|"
                    r"multiple matches|already exists|found multiple"),
    ("empty-kustomization", r"<path> is empty|kustomization(\.yaml)? is empty|empty kustomization"),
    ("missing-file", r"no such file or directory|not found|does not exist|unable to find|"
                     r"must (be|resolve to) a (file|directory)|evalsymlink|cannot be read|"
                     r"can't read|missing file|nothing at|not a directory|is a directory|"
                     r"neither a file nor a directory"),
    ("unknown-field", r"unknown field|invalid Kustomization|cannot unmarshal|"
                      r"field .* not (found|allowed)|unrecognized|unsupported|not supported|"
                      r"unknown (kind|key)|invalid (type|kind)|expected (a|an) (map|sequence|list|string)"),
    ("yaml", r"\byaml\b|\bYAML\b|\btab\b|json: "),
]

_PATH_TOKEN = re.compile(r"(?:[\w.+@-]*/)*[\w.+@-]+\.(?:ya?ml|json|tpl|txt|env|properties|sh)"
                         r"(?::\d+)*|(?<![\w/])/(?:[\w.+@-]+/)+[\w.+@-]*")


def classify(message):
    m = (message or "").replace("values.schema.json", "values-schema-file")
    m = _PATH_TOKEN.sub("<path>", m)
    for name, pat in ERROR_CLASSES:
        if re.search(pat, m, re.I | re.M):
            return name
    return "other"


def tollgate_errors(stderr):
    """Tollgate's `error: FILE:LINE:COL: message` lines, as (file, message)."""
    out = []
    for l in stderr.splitlines():
        if not l.startswith("error:"):
            continue
        body = l[len("error:"):].strip()
        m = re.match(r"^([^\s:]+?)(?::\d+)+: (.*)$", body)
        out.append((m.group(1), m.group(2)) if m else ("", body))
    return out


def peer_message(stderr):
    """The real tool's error message: kubectl's klog `"command failed" err=...` unwrapped, or
    helm-template.sh's `render error: ...`."""
    text = stderr
    m = re.search(r'"command failed" err="((?:[^"\\]|\\.)*)"', text)
    if m:
        return m.group(1).replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")
    m = re.search(r'"command failed" err=<\n(.*?)\n >', text, re.S)
    if m:
        return re.sub(r"^\t", "", m.group(1), flags=re.M)
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith("# Warning")]
    for i, l in enumerate(lines):
        for pre in ("render error: ", "Error: ", "error: "):
            if l.startswith(pre):
                return "\n".join([l[len(pre):]] + lines[i + 1:])
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------
# Discovery

def walk(top):
    """os.walk below top, hidden folders (.git, .github, ...) left out, sorted."""
    for d, dirs, files in os.walk(top):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        yield d, dirs, sorted(files)


def is_component(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return False
    return re.search(r"^kind:\s*[\"']?Component[\"']?\s*$", text, re.M) is not None


def chart_is_library(chart):
    try:
        with open(os.path.join(chart, "Chart.yaml"), encoding="utf-8", errors="replace") as f:
            return re.search(r"^type:\s*[\"']?library", f.read(), re.M) is not None
    except OSError:
        return False


def discover(world, entry):
    """The cases of one manifest entry."""
    name = entry["repo"]
    base = os.path.join(world, name.replace("/", "+"))
    cases = []
    for sub in entry["helm"]:
        top = os.path.normpath(os.path.join(base, sub))
        for d, dirs, files in walk(top):
            if "Chart.yaml" not in files:
                continue
            dirs[:] = []  # subcharts are rendered through their parent
            rel = os.path.relpath(d, base)
            cases.append({"repo": name, "kind": "helm", "path": rel, "values": None})
            ci = os.path.join(d, "ci")
            if os.path.isdir(ci):
                for v in sorted(os.listdir(ci)):
                    if v.endswith(".yaml") and os.path.isfile(os.path.join(ci, v)):
                        cases.append({"repo": name, "kind": "helm", "path": rel,
                                      "values": os.path.join(rel, "ci", v)})
    for sub in entry["kustomize"]:
        top = os.path.normpath(os.path.join(base, sub))
        for d, dirs, files in walk(top):
            ks = [f for f in KUSTOMIZATION_NAMES if f in files]
            if not ks or is_component(os.path.join(d, ks[0])):
                continue
            cases.append({"repo": name, "kind": "kustomize",
                          "path": os.path.relpath(d, base), "values": None})
    for c in cases:
        c["id"] = f"{c['repo']}:{c['path']}" + (f"@{os.path.basename(c['values'])}"
                                                 if c["values"] else "")
        c["base"] = base
    return cases


def read_manifest(path):
    """manifest.tsv: repository, commit, helm paths, kustomize paths (comma-separated, `-` for
    none); `#` comments."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                sys.exit(f"{path}:{n}: expected 4 tab-separated columns, got {len(cols)}")
            split = lambda s: [] if s.strip() in ("", "-") else [p.strip() for p in s.split(",")]
            entries.append({"repo": cols[0].strip(), "commit": cols[1].strip(),
                            "helm": split(cols[2]), "kustomize": split(cols[3])})
    return entries


# ------------------------------------------------------------------------------------------------
# Running

def run(cmd, cwd, timeout, env=None):
    """Runs a command offline in its own process group; on timeout the whole group is killed."""
    t0 = time.monotonic()
    e = dict(os.environ)
    e.update(OFFLINE_ENV)
    if env:
        e.update(env)
    p = subprocess.Popen(cmd, cwd=cwd, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.communicate()
        return {"code": None, "out": "", "err": f"sweep: timed out after {timeout:g} s",
                "secs": time.monotonic() - t0}
    return {"code": p.returncode, "out": out.decode("utf-8", "replace"),
            "err": err.decode("utf-8", "replace"), "secs": time.monotonic() - t0}


def has_content_below(root):
    """Whether a folder below root (not hidden) holds YAML or JSON files: `tollgate render ROOT`
    renders every unit under ROOT, while kustomize builds ROOT alone."""
    for d, dirs, files in walk(root):
        if d != root and any(f.endswith((".yaml", ".yml", ".json")) for f in files):
            return True
    return False


def below(path, root):
    """Whether a file path (relative to the repository) is in a folder below root."""
    rel = os.path.relpath(os.path.normpath(path), os.path.normpath(root))
    return not rel.startswith("..") and os.sep in rel


def load_peer(text):
    """The real tool's documents, and a note when they needed leniency."""
    try:
        return load_stream(text), None
    except DuplicateKey as e:
        docs = [d for d in yaml.load_all(text, Loader=yaml.SafeLoader) if d is not None]
        return docs, f"the real tool's output has a {e} (compared with the last value)"


def is_hook(d):
    return (isinstance(d, dict) and isinstance(d.get("metadata"), dict)
            and isinstance(d["metadata"].get("annotations"), dict)
            and isinstance(d["metadata"]["annotations"].get("helm.sh/hook"), str))


def judge(case, cfg):
    base = case["base"]
    timeout = cfg.timeout
    t_cmd = [cfg.tollgate, "render", "--format", "json", "--no-config", case["path"]]
    if case["kind"] == "helm":
        abs_chart = os.path.join(base, case["path"])
        p_cmd = ["bash", cfg.helm, abs_chart, "--name", RELEASE_NAME, "--namespace", NAMESPACE]
        t_cmd += ["--release-name", RELEASE_NAME, "--namespace", NAMESPACE]
        if case["values"]:
            p_cmd += ["-f", os.path.join(base, case["values"])]
            t_cmd += ["-f", case["values"]]
    else:
        p_cmd = ["bash", cfg.kustomize, os.path.join(base, case["path"]), "--enable-helm",
                 "--helm-command", cfg.helm_for_kustomize]
    mine = run(t_cmd, base, timeout)
    peer = run(p_cmd, base, timeout, {"TOLLGATE_SHARED": cfg.shared})
    peer2 = None
    if case["kind"] == "helm" and peer["code"] == 0:
        peer2 = run(p_cmd, base, timeout, {"TOLLGATE_SHARED": cfg.shared})
    res = dict(case)
    res.pop("base")
    res.update({"tollgate_code": mine["code"], "peer_code": peer["code"], "note": "",
                "secs": round(mine["secs"] + peer["secs"] + (peer2["secs"] if peer2 else 0), 2),
                "tollgate_secs": round(mine["secs"], 2), "detail": ""})
    res["_raw"] = {"tollgate_cmd": t_cmd, "peer_cmd": p_cmd, "tollgate_out": mine["out"],
                   "tollgate_err": mine["err"], "peer_out": peer["out"], "peer_err": peer["err"]}
    strip = lambda s: s.replace(base + "/", "").replace(base, ".")
    t_ok, p_ok = mine["code"] == 0, peer["code"] == 0
    t_errs = tollgate_errors(mine["err"])
    if mine["code"] is None:
        t_errs = [("", mine["err"])]
    elif not t_ok and not t_errs:
        t_errs = [("", (mine["err"].strip().splitlines() or ["exit %s" % mine["code"]])[0])]
    nested = case["kind"] == "kustomize" and has_content_below(os.path.join(base, case["path"]))
    # Errors only in units below the root (not the root's own build): the root's documents are
    # still printed; judged on them (and said so).
    if (not t_ok and mine["code"] == 2 and nested and p_ok and t_errs
            and all(f and below(f, case["path"]) for f, _ in t_errs)):
        res["note"] = (f"tollgate also rendered the units below the root, {len(t_errs)} of them "
                       f"failing (first: {t_errs[0][0]}: {t_errs[0][1][:120]})")
        t_ok = True
    p_msg = strip(peer_message(peer["err"])) if not p_ok else ""
    if peer["code"] is None:
        p_msg = peer["err"]
    t_msg = strip(t_errs[0][1]) if (not t_ok and t_errs) else ""
    res["tollgate_error"] = (f"{t_errs[0][0]}: " if t_errs and t_errs[0][0] else "") + t_msg \
        if t_msg else ""
    res["peer_error"] = p_msg.splitlines()[0] if p_msg else ""
    res["tollgate_class"] = classify(t_msg) if t_msg else ""
    res["peer_class"] = classify(p_msg) if p_msg else ""
    if case["kind"] == "helm" and not p_ok and "library charts are not installable" in peer["err"]:
        res["peer_class"] = "library-chart"
        if t_ok and mine["out"].strip() in ("[]", ""):
            res["outcome"] = "deliberate"
            res["detail"] = "library chart: Helm refuses it, Tollgate renders nothing (documented)"
            return res
    if not t_ok and not p_ok:
        same = res["tollgate_class"] == res["peer_class"]
        res["outcome"] = "same-class" if same else "other-class"
        res["detail"] = (f"tollgate [{res['tollgate_class']}]: {res['tollgate_error'][:200]} | "
                         f"peer [{res['peer_class']}]: {res['peer_error'][:200]}")
        return res
    if not t_ok:
        res["outcome"] = "tollgate-error"
        res["detail"] = f"[{res['tollgate_class']}] {res['tollgate_error'][:300]}"
        return res
    if not p_ok:
        res["outcome"] = "peer-error"
        res["detail"] = f"[{res['peer_class']}] {res['peer_error'][:300]}"
        return res
    # Both succeeded: compare the documents.
    try:
        expected, note = load_peer(peer["out"])
        if note:
            res["note"] = (res["note"] + "; " if res["note"] else "") + note
    except yaml.YAMLError as e:
        res["outcome"] = "differ"
        res["detail"] = f"the real tool's output is not YAML: {str(e).splitlines()[0]}"
        return res
    try:
        actual = json.loads(mine["out"]) if mine["out"].strip() else []
    except json.JSONDecodeError as e:
        res["outcome"] = "differ"
        res["detail"] = f"tollgate's output is not JSON: {e}"
        return res
    if case["kind"] == "helm":
        actual = [d for d in actual if not is_hook(d)]
        expected = [mask_kinds(d) for d in expected]
        actual = [mask_kinds(d) for d in actual]
        if peer2 is not None and peer2["code"] == 0:
            try:
                second = [mask_kinds(d) for d in load_peer(peer2["out"])[0]]
                masked_kinds = expected != load_peer(peer["out"])[0]
                n_random = sum(len(random_paths(x, y)) for x, y in zip(expected, second))
                expected, actual, why = mask_random(expected, second, actual)
                if why:
                    res["note"] = why
                elif n_random or masked_kinds:
                    res["note"] = "random values masked" + (
                        f" ({n_random} values differing between two Helm renders)" if n_random
                        else " (generated certificates, keys or bcrypt hashes)")
            except Exception:
                pass
    res["n_docs"] = len(expected)
    diff = compare_documents(expected, actual)
    if diff is not None and nested and len(actual) > len(expected) \
            and compare_documents(expected, actual[:len(expected)]) is None:
        # The first documents are the root's; the others must be documents Tollgate renders
        # for the folders directly below the root (other roots, loose YAML) on their own.
        extra = list(actual[len(expected):])
        root = os.path.join(base, case["path"])
        pool = []
        for d in sorted(os.listdir(root)):
            sub = os.path.join(root, d)
            if d.startswith(".") or not os.path.isdir(sub):
                continue
            r = run(t_cmd[:4] + [os.path.join(case["path"], d)], base, timeout)
            try:
                pool += json.loads(r["out"]) if r["out"].strip() else []
            except json.JSONDecodeError:
                pass
        for doc in list(extra):
            for j, q in enumerate(pool):
                if equal(doc, q):
                    del pool[j]
                    extra.remove(doc)
                    break
        if not extra:
            diff = None
            res["note"] = ((res["note"] + "; ") if res["note"] else "") + (
                f"tollgate also rendered {len(actual) - len(expected)} documents of the units "
                f"below the root (each folder below rendered alone gives them); the root's "
                f"{len(expected)} match")
    if diff is None:
        res["outcome"] = "identical"
        res["detail"] = f"{len(expected)} documents"
    else:
        res["outcome"] = "differ"
        res["detail"] = diff
    return res


# ------------------------------------------------------------------------------------------------
# Reporting

def table(results, markdown):
    repos = {}
    for r in results:
        repos.setdefault((r["kind"], r["repo"]), []).append(r)
    cols = ["cases"] + OUTCOMES
    head = ["kind", "repository"] + cols + ["identical %", "agree %"]
    rows = []

    def row(kind, name, rs):
        n = len(rs)
        counts = [sum(1 for r in rs if r["outcome"] == o) for o in OUTCOMES]
        ident = counts[0]
        agree = ident + counts[OUTCOMES.index("same-class")] + counts[OUTCOMES.index("deliberate")]
        pct = lambda x: f"{100.0 * x / n:.1f}" if n else "-"
        return [kind, name, str(n)] + [str(c) for c in counts] + [pct(ident), pct(agree)]

    for kind in ("helm", "kustomize"):
        krs = []
        for (k, name), rs in sorted(repos.items()):
            if k == kind:
                rows.append(row(kind, name, rs))
                krs += rs
        if krs:
            rows.append(row(kind, "**all**" if markdown else "ALL", krs))
    rows.append(row("both", "**total**" if markdown else "TOTAL", results))
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(out)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    fmt = lambda r: "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in
                              enumerate(zip(r, widths)))
    return "\n".join([fmt(head)] + [fmt(r) for r in rows])


def listing(results, markdown):
    lines = []
    order = ["differ", "tollgate-error", "peer-error", "other-class"]
    for o in order:
        rs = [r for r in results if r["outcome"] == o]
        if not rs:
            continue
        lines.append(f"\n{'### ' if markdown else '== '}{o} ({len(rs)})\n")
        for r in sorted(rs, key=lambda r: r["id"]):
            d = r["detail"].replace("\n", " ")
            d = d if len(d) <= 260 else d[:260] + "…"
            if markdown:
                cell = d.replace("|", "\\|")
                lines.append(f"- `{r['id']}`: {cell}")
            else:
                lines.append(f"  {r['id']}: {d}")
    noted = [r for r in results if r["outcome"] in ("identical", "same-class") and r.get("note")
             and not r["note"].startswith("random values masked")]
    masked = sum(1 for r in results if (r.get("note") or "").startswith("random values masked"))
    if noted or masked:
        lines.append(f"\n{'### ' if markdown else '== '}agreeing, with a note ({len(noted)}; and "
                     f"{masked} identical once Helm's random values are masked)\n")
        for r in sorted(noted, key=lambda r: r["id"]):
            n = r["note"] if len(r["note"]) <= 260 else r["note"][:260] + "…"
            lines.append(f"- `{r['id']}`: {n}" if markdown else f"  {r['id']}: {n}")
    return "\n".join(lines)


def safe_name(s):
    return re.sub(r"[^A-Za-z0-9._@+-]+", "__", s)


def write_out(results, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "results.tsv"), "w", encoding="utf-8") as f:
        f.write("kind\trepository\tpath\tvalues\toutcome\ttollgate_exit\tpeer_exit\t"
                "tollgate_class\tpeer_class\tdetail\tnote\n")
        for r in sorted(results, key=lambda r: (r["kind"], r["id"])):
            cells = [r["kind"], r["repo"], r["path"], r["values"] or "-", r["outcome"],
                     str(r["tollgate_code"]), str(r["peer_code"]), r["tollgate_class"] or "-",
                     r["peer_class"] or "-", r["detail"], r.get("note") or "-"]
            f.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")


def write_cases(results, cases_dir):
    os.makedirs(cases_dir, exist_ok=True)
    for r in results:
        if r["outcome"] in ("identical", "deliberate", "same-class"):
            continue
        raw = r["_raw"]
        with open(os.path.join(cases_dir, safe_name(r["id"]) + ".txt"), "w",
                  encoding="utf-8") as f:
            f.write(f"case: {r['id']}\noutcome: {r['outcome']}\ndetail: {r['detail']}\n")
            if r.get("note"):
                f.write(f"note: {r['note']}\n")
            f.write(f"\n$ (cd {r['repo'].replace('/', '+')} && {' '.join(raw['tollgate_cmd'])})\n"
                    f"exit {r['tollgate_code']}\n--- stderr\n{raw['tollgate_err']}\n"
                    f"--- stdout\n{raw['tollgate_out'][:200000]}\n")
            f.write(f"\n$ {' '.join(raw['peer_cmd'])}\nexit {r['peer_code']}\n--- stderr\n"
                    f"{raw['peer_err']}\n--- stdout\n{raw['peer_out'][:200000]}\n")


def main():
    ap = argparse.ArgumentParser(prog="conformance-sweep.sh")
    ap.add_argument("--repo", required=True)
    ap.add_argument("--world", default="/work/world")
    ap.add_argument("--manifest")
    ap.add_argument("--tollgate")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--out")
    ap.add_argument("--cases")
    ap.add_argument("--only")
    ap.add_argument("--kind", choices=["helm", "kustomize"])
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--repro", nargs="*", metavar="NAME")
    cfg = ap.parse_args()
    cfg.shared = os.environ.get("TOLLGATE_SHARED", os.path.join(cfg.repo, "..", "shared"))
    cfg.helm = os.path.join(cfg.shared, "peers", "helm-template.sh")
    cfg.kustomize = os.path.join(cfg.shared, "peers", "kustomize-build.sh")
    cfg.helm_for_kustomize = os.path.join(cfg.repo, "scripts", "helm-for-kustomize", "helm")
    cfg.manifest = cfg.manifest or os.path.join(cfg.repo, "docs", "conformance", "manifest.tsv")
    cfg.tollgate = os.path.abspath(cfg.tollgate or os.environ.get("TOLLGATE") or
                                   os.path.join(cfg.repo, "target", "release", "tollgate"))
    for p in (cfg.helm, cfg.kustomize, cfg.tollgate):
        if not os.path.exists(p):
            sys.exit(f"conformance-sweep: {p} not found")
    if cfg.repro is not None:
        import repro
        return repro.main(cfg.repro, cfg)
    world = os.path.abspath(cfg.world)

    cases = []
    for entry in read_manifest(cfg.manifest):
        d = os.path.join(world, entry["repo"].replace("/", "+"))
        if not os.path.isdir(d):
            print(f"conformance-sweep: {entry['repo']}: {d} missing (git clone "
                  f"https://github.com/{entry['repo']} {d} && git -C {d} checkout "
                  f"{entry['commit']}); skipped", file=sys.stderr)
            continue
        head = subprocess.run(["git", "-C", d, "rev-parse", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        if head and head != entry["commit"]:
            print(f"conformance-sweep: {entry['repo']}: HEAD is {head}, the manifest says "
                  f"{entry['commit']}", file=sys.stderr)
        cases += discover(world, entry)
    if cfg.kind:
        cases = [c for c in cases if c["kind"] == cfg.kind]
    if cfg.only:
        cases = [c for c in cases if re.search(cfg.only, c["id"])]
    if not cases:
        sys.exit("conformance-sweep: no case")

    t0 = time.monotonic()
    results = []
    print(f"conformance-sweep: {len(cases)} cases, {cfg.jobs} jobs, {cfg.timeout:g} s limit per run",
          file=sys.stderr)
    with concurrent.futures.ThreadPoolExecutor(max_workers=cfg.jobs) as ex:
        futs = {ex.submit(judge, c, cfg): c for c in cases}
        for n, f in enumerate(concurrent.futures.as_completed(futs), 1):
            try:
                r = f.result()
            except Exception as e:  # a bug of the sweep itself: keep going, show it
                c = dict(futs[f])
                c.pop("base", None)
                r = {**c, "outcome": "differ", "detail": f"sweep error: {e!r}", "tollgate_code": None,
                     "peer_code": None, "tollgate_class": "", "peer_class": "", "tollgate_error": "",
                     "peer_error": "", "_raw": {"tollgate_cmd": [], "peer_cmd": [],
                     "tollgate_out": "", "tollgate_err": "", "peer_out": "", "peer_err": ""}}
            results.append(r)
            if n % 50 == 0 or n == len(cases):
                print(f"  {n}/{len(cases)} ({time.monotonic() - t0:.0f} s)", file=sys.stderr)
    elapsed = time.monotonic() - t0
    results.sort(key=lambda r: (r["kind"], r["id"]))
    print(table(results, cfg.markdown))
    print(listing(results, cfg.markdown))
    print(f"\n{len(results)} cases in {elapsed:.0f} s "
          f"(tollgate: {sum(r.get('tollgate_secs', 0) for r in results):.0f} s of it)")
    if cfg.cases:
        write_cases(results, cfg.cases)
    if cfg.out:
        write_out(results, cfg.out)
        with open(os.path.join(cfg.out, "summary.md"), "w", encoding="utf-8") as f:
            f.write(table(results, True) + "\n" + listing(results, True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
