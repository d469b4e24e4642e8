#!/usr/bin/env python3
"""Generates policy-core/src/render/kustomize/namereference.rs: kustomize's default name references.

Source: `api/internal/konfig/builtinpluginconsts/namereference.go` in kubernetes-sigs/kustomize at
tag `api/v0.18.0` (the API module of kustomize v5.5.0, which kubectl v1.32 embeds; the header of
the output gives the sha256 of the file read). It holds one Go raw string, the YAML `nameReference:` list kustomize
merges into every kustomization's transformer configuration: for each referred kind (a
group/version/kind), the field specs of the objects that refer to it by name.

    git -C kustomize show api/v0.18.0:api/internal/konfig/builtinpluginconsts/namereference.go > namereference.go
    python3 scripts/gen_name_refs.py namereference.go > policy-core/src/render/kustomize/namereference.rs

The table is taken as written, kustomize's own quirks included: the Secret entry lists the
Ingress `spec/tls/secretName` twice, and the IngressClass entry's group is
`networking.k8s.io/v1` (so no IngressClass ever matches it, and `ingressClassName` is never
updated). The YAML of that file is a plain two-level list (`- kind:` entries with `group`,
`version` and `fieldSpecs`, each spec with `path`, `group`, `version`, `kind`, `create`); this
reader accepts exactly that shape and fails on anything else, so a change upstream is noticed.

Standard library only; the output is deterministic (source order) and needs no rustfmt pass.
"""

import hashlib
import re
import sys

SPEC_KEYS = ("path", "group", "version", "kind", "create")
REF_KEYS = ("group", "version", "kind", "fieldSpecs")


def fail(msg):
    sys.stderr.write(f"gen_name_refs: {msg}\n")
    sys.exit(2)


def yaml_of(go_text):
    m = re.search(r"nameReferenceFieldSpecs = `(.*?)`", go_text, re.S)
    if not m:
        fail("no `nameReferenceFieldSpecs` raw string in the input")
    return m.group(1)


def scalar(text):
    text = text.strip()
    if text.startswith(("'", '"', "{", "[", "&", "*", "!", "|", ">")):
        fail(f"unsupported YAML scalar {text!r}")
    return text


def parse(yaml_text):
    """The `nameReference:` list: [{group, version, kind, specs: [{path, group, version, kind,
    create}]}]. The file's layout: `nameReference:` and the `- kind:` items at column 0, their
    keys and `fieldSpecs` items at column 2, the specs' other keys at column 4."""
    refs = []
    spec = None
    in_specs = False
    saw_header = False
    for n, raw in enumerate(yaml_text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        item = body.startswith("- ")
        if item:
            body = body[2:]
        key, colon, value = body.partition(":")
        key = key.strip()
        if not colon:
            fail(f"line {n}: not a `key: value` line: {raw!r}")
        if not saw_header:
            if indent != 0 or item or key != "nameReference" or value.strip():
                fail(f"line {n}: expected `nameReference:`, got {raw!r}")
            saw_header = True
        elif indent == 0 and item:
            refs.append({"group": "", "version": "", "kind": "", "specs": []})
            in_specs, spec = False, None
            set_ref(refs[-1], key, value, n)
        elif indent == 2 and not item and refs:
            if key == "fieldSpecs":
                if value.strip():
                    fail(f"line {n}: fieldSpecs must be a block list")
                in_specs, spec = True, None
            else:
                set_ref(refs[-1], key, value, n)
        elif indent == 2 and item and in_specs:
            spec = {"path": "", "group": "", "version": "", "kind": "", "create": False}
            refs[-1]["specs"].append(spec)
            set_spec(spec, key, value, n)
        elif indent == 4 and not item and spec is not None:
            set_spec(spec, key, value, n)
        else:
            fail(f"line {n}: unexpected line {raw!r}")
    if not refs:
        fail("no name references found")
    return refs


def set_ref(ref, key, value, n):
    if key not in REF_KEYS or key == "fieldSpecs":
        fail(f"line {n}: unknown name reference key {key!r}")
    ref[key] = scalar(value)


def set_spec(spec, key, value, n):
    if key not in SPEC_KEYS:
        fail(f"line {n}: unknown field spec key {key!r}")
    v = scalar(value)
    if key == "create":
        if v not in ("true", "false"):
            fail(f"line {n}: create must be true or false")
        spec[key] = v == "true"
    else:
        spec[key] = v


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) != 2:
        fail("usage: gen_name_refs.py namereference.go > namereference.rs")
    data = open(sys.argv[1], "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    refs = parse(yaml_of(data.decode("utf-8")))
    total = sum(len(r["specs"]) for r in refs)
    out = []
    w = out.append
    w("//! kustomize's default name references: which fields of which objects name an object of")
    w("//! each kind, so that they follow it when it is renamed (`namePrefix`, `nameSuffix`, hash")
    w("//! suffixes, patches that rename).")
    w("//!")
    w("//! GENERATED by `scripts/gen_name_refs.py`; do not edit by hand (run the script again).")
    w("//!")
    w("//! Source: kubernetes-sigs/kustomize at tag `api/v0.18.0` (kustomize v5.5.0),")
    w("//! `api/internal/konfig/builtinpluginconsts/namereference.go`, sha256")
    w(f"//! {digest}.")
    w(f"//! {len(refs)} referred kinds, {total} referrer field specs, in the file's order and as written")
    w("//! (its duplicate Ingress `spec/tls/secretName` and its IngressClass group")
    w("//! `networking.k8s.io/v1` included: kustomize uses the table so).")
    w("")
    w("/// A referrer field spec: path, group, version, kind, create.")
    w("pub(crate) type Spec = (&'static str, &'static str, &'static str, &'static str, bool);")
    w("")
    w("/// A referred kind (group, version, kind) and the fields that name it.")
    w("pub(crate) type BackRef = (&'static str, &'static str, &'static str, &'static [Spec]);")
    w("")
    w("/// kustomize's `nameReference` defaults.")
    w("#[rustfmt::skip]")
    w("pub(crate) const NAME_REFERENCE: &[BackRef] = &[")
    for r in refs:
        w(f"    ({rust_str(r['group'])}, {rust_str(r['version'])}, {rust_str(r['kind'])}, &[")
        for s in r["specs"]:
            create = "true" if s["create"] else "false"
            w(
                f"        ({rust_str(s['path'])}, {rust_str(s['group'])}, "
                f"{rust_str(s['version'])}, {rust_str(s['kind'])}, {create}),"
            )
        w("    ]),")
    w("];")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
