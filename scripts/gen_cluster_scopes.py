#!/usr/bin/env python3
"""Generates policy-core/src/render/kustomize/scopes.rs: the namespace scope kustomize knows of
each apiVersion/kind (namespaced or cluster-scoped), which decides where its namespace
transformer sets `metadata.namespace`, which ids are equal and what name references may
refer to.

Source: kubernetes-sigs/kustomize at tag `kyaml/v0.18.1` (the kyaml module of kustomize v5.5.0,
which kubectl v1.32 embeds; the header of the output gives the sha256 of both files read):

- `kyaml/openapi/openapi.go`: `precomputedIsNamespaceScoped`, the table kyaml's
  `IsNamespaceScoped` consults first (a Go map literal, one
  `{APIVersion: "...", Kind: "..."}: true|false,` entry a line);
- `kyaml/openapi/kubernetesapi/v1_21_2/swagger.pb`: the built-in Kubernetes v1.21.2 OpenAPI
  document (a gnostic `openapi.v2.Document` protobuf), whose `paths` kyaml reads in
  `findNamespaceability`: a path with a `get` operation whose
  `x-kubernetes-group-version-kind` names a type makes it namespaced when the path holds
  `namespaces/{namespace}`, else cluster-scoped unless another path already made it namespaced.

The two must agree (kyaml's own `TestIsNamespaceScopedPrecompute` checks it); the script fails
when they do not, so the table is the schema's. A type in neither is namespaced for kustomize
(`IsCertainlyClusterScoped` is false when the type is not found).

    git -C kustomize show kyaml/v0.18.1:kyaml/openapi/openapi.go > openapi.go
    git -C kustomize show kyaml/v0.18.1:kyaml/openapi/kubernetesapi/v1_21_2/swagger.pb > swagger.pb
    python3 scripts/gen_cluster_scopes.py openapi.go swagger.pb > policy-core/src/render/kustomize/scopes.rs

Standard library only (a minimal protobuf wire-format reader); the output is sorted by
apiVersion, then kind (byte order) and needs no rustfmt pass.
"""

import hashlib
import re
import sys

GVK_EXTENSION = "x-kubernetes-group-version-kind"


def fail(msg):
    sys.stderr.write(f"gen_cluster_scopes: {msg}\n")
    sys.exit(2)


# ---------------------------------------------------------------------------------------------
# openapi.go: precomputedIsNamespaceScoped

ENTRY = re.compile(
    r'^\s*\{APIVersion: "([^"\\]*)", Kind: "([^"\\]*)"\}:\s*(true|false),\s*(//.*)?$'
)


def precomputed(go_text):
    start = go_text.find("var precomputedIsNamespaceScoped = map[yaml.TypeMeta]bool{")
    if start < 0:
        fail("no `precomputedIsNamespaceScoped` map in openapi.go")
    table = {}
    for n, line in enumerate(go_text[start:].splitlines()[1:], 2):
        if line.strip() == "}":
            break
        m = ENTRY.match(line)
        if not m:
            fail(f"precomputedIsNamespaceScoped line {n}: unexpected {line!r}")
        key = (m.group(1), m.group(2))
        if key in table:
            fail(f"precomputedIsNamespaceScoped: {key} twice")
        table[key] = m.group(3) == "true"
    else:
        fail("precomputedIsNamespaceScoped: no closing brace")
    if not table:
        fail("precomputedIsNamespaceScoped is empty")
    return table


# ---------------------------------------------------------------------------------------------
# swagger.pb: the paths of the built-in schema
#
# Field numbers of gnostic's openapiv2/OpenAPIv2.proto: Document.paths = 8; Paths.path = 2
# (NamedPathItem: name = 1, value = 2); PathItem.get = 2; Operation.vendor_extension = 13
# (NamedAny: name = 1, value = 2); Any.yaml = 2.


def varint(b, i):
    out = shift = 0
    while True:
        if i >= len(b):
            fail("swagger.pb: truncated varint")
        c = b[i]
        i += 1
        out |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return out, i


def fields(b):
    """(field number, value) of one message; length-delimited values as bytes."""
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(b, i)
        elif wire == 1:
            value, i = b[i : i + 8], i + 8
        elif wire == 2:
            n, i = varint(b, i)
            value, i = b[i : i + n], i + n
        elif wire == 5:
            value, i = b[i : i + 4], i + 4
        else:
            fail(f"swagger.pb: unsupported wire type {wire}")
        if i > len(b):
            fail("swagger.pb: truncated message")
        yield number, value


def field(b, number):
    return [v for n, v in fields(b) if n == number]


def one(b, number, what):
    values = field(b, number)
    if len(values) > 1:
        fail(f"swagger.pb: {what} more than once")
    return values[0] if values else None


def type_meta(gvk_yaml, path):
    """kyaml's toTypeMeta of the extension's value: `group/version` (`version` without a group)."""
    m = {}
    for line in gvk_yaml.splitlines():
        key, colon, value = line.partition(":")
        if not colon or key.startswith(" "):
            fail(f"{path}: unexpected {GVK_EXTENSION} line {line!r}")
        value = value.strip()
        if value == '""':
            value = ""
        elif value.startswith(("'", '"', "{", "[")):
            fail(f"{path}: unsupported YAML scalar {value!r}")
        m[key] = value
    if set(m) != {"group", "version", "kind"}:
        fail(f"{path}: {GVK_EXTENSION} with keys {sorted(m)}")
    api_version = f"{m['group']}/{m['version']}" if m["group"] else m["version"]
    return api_version, m["kind"]


def schema_scopes(pb):
    """kyaml's findNamespaceability over the document's paths."""
    scopes = {}
    paths = one(pb, 8, "Document.paths")
    if paths is None:
        fail("swagger.pb: no paths")
    count = 0
    for named in field(paths, 2):
        name = one(named, 1, "NamedPathItem.name")
        item = one(named, 2, "NamedPathItem.value")
        if name is None or item is None:
            continue
        path = name.decode("utf-8")
        get = one(item, 2, "PathItem.get")
        if get is None:
            continue
        gvk = None
        for ext in field(get, 13):
            if one(ext, 1, "NamedAny.name") == GVK_EXTENSION.encode():
                value = one(ext, 2, "NamedAny.value")
                text = one(value, 2, "Any.yaml") if value is not None else None
                if text is None:
                    fail(f"{path}: {GVK_EXTENSION} without a YAML value")
                gvk = type_meta(text.decode("utf-8"), path)
        if gvk is None:
            continue
        count += 1
        if "namespaces/{namespace}" in path:
            scopes[gvk] = True
        else:
            scopes.setdefault(gvk, False)
    if count == 0:
        fail(f"swagger.pb: no path with a `get` {GVK_EXTENSION}")
    return scopes


# ---------------------------------------------------------------------------------------------


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) != 3:
        fail("usage: gen_cluster_scopes.py openapi.go swagger.pb > scopes.rs")
    go = open(sys.argv[1], "rb").read()
    pb = open(sys.argv[2], "rb").read()
    table = precomputed(go.decode("utf-8"))
    from_schema = schema_scopes(pb)
    if table != from_schema:
        only_table = sorted(set(table) - set(from_schema))
        only_schema = sorted(set(from_schema) - set(table))
        differ = sorted(k for k in set(table) & set(from_schema) if table[k] != from_schema[k])
        fail(
            "precomputedIsNamespaceScoped and the schema's paths disagree: "
            f"only in the table {only_table}, only in the schema {only_schema}, "
            f"different scope {differ}"
        )
    rows = sorted(table.items(), key=lambda kv: (kv[0][0].encode(), kv[0][1].encode()))
    cluster = sum(1 for _, namespaced in rows if not namespaced)
    out = []
    w = out.append
    w("//! The namespace scope kustomize 5.5 knows of each apiVersion/kind: kyaml's")
    w("//! `precomputedIsNamespaceScoped`, which is what the paths of its built-in Kubernetes v1.21.2")
    w("//! OpenAPI schema say (a `get` path with `namespaces/{namespace}`: namespaced). A type not")
    w("//! listed is namespaced for kustomize unless a custom `openapi` schema says otherwise")
    w("//! ([`super::openapi`]).")
    w("//!")
    w("//! GENERATED by `scripts/gen_cluster_scopes.py`; do not edit by hand (run the script again).")
    w("//!")
    w("//! Source: kubernetes-sigs/kustomize at tag `kyaml/v0.18.1` (kustomize v5.5.0):")
    w("//! `kyaml/openapi/openapi.go`, sha256")
    w(f"//! {hashlib.sha256(go).hexdigest()},")
    w("//! and `kyaml/openapi/kubernetesapi/v1_21_2/swagger.pb`, sha256")
    w(f"//! {hashlib.sha256(pb).hexdigest()}")
    w("//! (checked to agree).")
    w(f"//! {len(rows)} types, {cluster} of them cluster-scoped.")
    w("")
    w("/// `(apiVersion, kind, namespaced)`, sorted by apiVersion, then kind.")
    w("#[rustfmt::skip]")
    w("pub(crate) static NAMESPACEABILITY: &[(&str, &str, bool)] = &[")
    for (api_version, kind), namespaced in rows:
        w(f"    ({rust_str(api_version)}, {rust_str(kind)}, {'true' if namespaced else 'false'}),")
    w("];")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
