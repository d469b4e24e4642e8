#!/usr/bin/env python3
"""Generates policy-core/src/render/kustomize/merge_keys.rs: the strategic-merge schema table.

Source: the Kubernetes OpenAPI v2 document that kustomize v5.5.0 (kyaml v0.18.1) embeds and merges
with, `kyaml/openapi/kubernetesapi/v1_21_2/swagger.pb` in the kustomize repository at tag
`kustomize/v5.5.0` (Kubernetes v1.21.2; sha256 5d171b55e960...2d7b6bc2, see KNOWN_SOURCES). It is a
protobuf-encoded `openapi.v2.Document` (google/gnostic's OpenAPIv2.proto); kustomize 5.5 reads
it to decide how each list merges. Using that same document, and not a newer Kubernetes swagger,
is what makes the renderer merge as kustomize does: a field added after 1.21 (say
`PodSpec.schedulingGates`) has no merge key for kustomize 5.5, so its lists are replaced.

    git -C kustomize show kustomize/v5.5.0:kyaml/openapi/kubernetesapi/v1_21_2/swagger.pb > swagger.pb
    python3 scripts/gen_merge_keys.py swagger.pb > policy-core/src/render/kustomize/merge_keys.rs

A swagger JSON document (`{"definitions": {...}}`, as `kubectl get --raw /openapi/v2` prints)
is read too; the header of the output names whatever was read. Later kustomize commits carry a
JSON export of the same document (`kyaml/openapi/kubernetesapi/data/
kubernetes-openapi-union-v1.21.2.bundle-v1.json.gz`, stating swagger.pb's sha256 as its source):
it gives the same table, header aside, which checks the protobuf reader below.

What is kept (kyaml's merge2 reads nothing else):
  - the root definition of each group/version/kind (`x-kubernetes-group-version-kind`);
  - the lists whose `x-kubernetes-patch-strategy` contains `merge`, with their
    `x-kubernetes-patch-merge-key` and `x-kubernetes-list-map-keys` (kyaml merges on the
    list-map keys when there are some, on the merge key otherwise), and their items' definition;
  - free-form objects (`RawExtension`, `JSON`): a value under such a field has a schema, so kyaml
    does not look its own `apiVersion`/`kind` up;
  - the object and map (`additionalProperties`) fields needed to reach those from the roots.
Every other field is left out: it merges the same way with or without a schema.

Standard library only; the output is deterministic (sorted) and needs no rustfmt pass.
"""

import hashlib
import json
import os
import sys

# Sources whose origin we can name from their digest alone.
KNOWN_SOURCES = {
    "5d171b55e9601912807a870d73ffe70bb306f5889a00e76986042a0f2d7b6bc2":
        "kustomize v5.5.0 (kyaml v0.18.1), `kyaml/openapi/kubernetesapi/v1_21_2/swagger.pb`",
}

GVK = "x-kubernetes-group-version-kind"
STRATEGY = "x-kubernetes-patch-strategy"
MERGE_KEY = "x-kubernetes-patch-merge-key"
MAP_KEYS = "x-kubernetes-list-map-keys"
REF_PREFIX = "#/definitions/"


# --- protobuf (gnostic openapi.v2) ------------------------------------------------------------

def _varint(buf, i):
    shift = value = 0
    while True:
        if i >= len(buf):
            raise ValueError("truncated varint")
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _fields(buf):
    """Yields (field number, value) of one protobuf message; length-delimited values as bytes."""
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        elif wire == 2:
            size, i = _varint(buf, i)
            value, i = buf[i:i + size], i + size
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, value


def _scalar(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return json.loads(text)
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


def _tiny_yaml(text):
    """Decodes the YAML of a gnostic `Any` as the extensions use it: a plain scalar, a list of
    scalars, or a list of flat maps of scalars. Anything else is returned as its text."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    if not lines[0].startswith("- "):
        return _scalar(lines[0]) if len(lines) == 1 else text
    items = []
    for line in lines:
        if line.startswith("- "):
            body = line[2:]
            if ": " in body:
                key, value = body.split(": ", 1)
                items.append({key.strip(): _scalar(value)})
            else:
                items.append(_scalar(body))
        elif line.startswith("  ") and items and isinstance(items[-1], dict) and ": " in line:
            key, value = line.strip().split(": ", 1)
            items[-1][key.strip()] = _scalar(value)
        else:
            return text
    return items


def _pb_schema(buf):
    """An openapi.v2.Schema message as the JSON form of a swagger schema (the parts used here)."""
    out = {}
    for number, value in _fields(buf):
        if number == 1:  # _ref
            out["$ref"] = value.decode()
        elif number == 21:  # additional_properties: AdditionalPropertiesItem
            for n2, v2 in _fields(value):
                if n2 == 1:
                    out["additionalProperties"] = _pb_schema(v2)
                elif n2 == 2:
                    out["additionalProperties"] = bool(v2)
        elif number == 22:  # type: TypeItem
            out["type"] = [v2.decode() for n2, v2 in _fields(value) if n2 == 1]
        elif number == 23:  # items: ItemsItem (repeated Schema)
            items = [_pb_schema(v2) for n2, v2 in _fields(value) if n2 == 1]
            if items:
                out["items"] = items[0]
        elif number == 25:  # properties: Properties (repeated NamedSchema)
            props = {}
            for n2, v2 in _fields(value):
                if n2 != 1:
                    continue
                name, schema = None, {}
                for n3, v3 in _fields(v2):
                    if n3 == 1:
                        name = v3.decode()
                    elif n3 == 2:
                        schema = _pb_schema(v3)
                props[name] = schema
            out["properties"] = props
        elif number == 31:  # vendor_extension: NamedAny
            name, text = None, ""
            for n2, v2 in _fields(value):
                if n2 == 1:
                    name = v2.decode()
                elif n2 == 2:
                    for n3, v3 in _fields(v2):
                        if n3 == 2:  # Any.yaml
                            text = v3.decode()
            out[name] = _tiny_yaml(text)
    return out


def read_protobuf(data):
    """(definitions, info version) of a gnostic openapi.v2.Document."""
    definitions, version = {}, ""
    for number, value in _fields(data):
        if number == 2:  # info
            for n2, v2 in _fields(value):
                if n2 == 2:
                    version = v2.decode()
        elif number == 9:  # definitions: repeated NamedSchema
            for n2, v2 in _fields(value):
                if n2 != 1:
                    continue
                name, schema = None, {}
                for n3, v3 in _fields(v2):
                    if n3 == 1:
                        name = v3.decode()
                    elif n3 == 2:
                        schema = _pb_schema(v3)
                definitions[name] = schema
    return definitions, version


def _normalise(schema):
    """A JSON swagger schema in the form the protobuf reader gives: `type` as a list, `items` as
    one schema."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    if isinstance(out.get("type"), str):
        out["type"] = [out["type"]]
    if isinstance(out.get("items"), list):
        out["items"] = out["items"][0] if out["items"] else {}
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = _normalise(out[key])
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: _normalise(v) for k, v in out["properties"].items()}
    return out


def read_json(data):
    doc = json.loads(data)
    definitions = {k: _normalise(v) for k, v in doc["definitions"].items()}
    return definitions, doc.get("info", {}).get("version", "")


# --- classification ---------------------------------------------------------------------------

def ref_name(schema):
    ref = schema.get("$ref", "")
    if not ref:
        return None
    if not ref.startswith(REF_PREFIX):
        sys.exit("gen_merge_keys: unsupported $ref %r" % ref)
    return ref[len(REF_PREFIX):]


def is_free_form(schema):
    """An object about which the schema says nothing (RawExtension, JSON, FieldsV1)."""
    return (
        "$ref" not in schema
        and "properties" not in schema
        and "additionalProperties" not in schema
        and "items" not in schema
        and schema.get("type") in (None, ["object"])
    )


def merge_strategy(schema):
    strategy = schema.get(STRATEGY) or ""
    return strategy if "merge" in strategy.split(",") else None


class Model:
    def __init__(self, definitions):
        self.defs = definitions
        self.relevant = set()

    def classify(self, schema):
        """What a value of `schema` is for the table: None (left out), ("opaque",),
        ("object", def), ("map", def) or ("list", strategy, merge key, map keys, items def); a map's value is
        itself classified (an object or opaque)."""
        name = ref_name(schema)
        if name is not None:
            target = self.defs.get(name)
            if target is None:
                sys.exit("gen_merge_keys: dangling $ref %r" % name)
            if name in self.relevant:
                return ("object", name)
            return ("opaque",) if is_free_form(target) else None
        strategy = merge_strategy(schema)
        if strategy is not None:
            # A merge strategy on a non-array (LabelSelectorRequirement.key) only matters
            # should the value be a list; it then has no items schema, as in kyaml.
            items = schema.get("items") or {} if schema.get("type") == ["array"] else {}
            item = self.classify(items) if ref_name(items) else None
            item_def = item[1] if item and item[0] == "object" else None
            keys = schema.get(MAP_KEYS) or []
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                sys.exit("gen_merge_keys: unexpected %s %r" % (MAP_KEYS, keys))
            return ("list", strategy, schema.get(MERGE_KEY) or "", tuple(keys), item_def)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and "properties" not in schema:
            value = self.classify(extra)
            if value is None:
                return None
            if value[0] in ("object", "opaque"):
                return ("map", value)
            sys.exit("gen_merge_keys: unsupported map value %r" % (extra,))
        if is_free_form(schema):
            return ("opaque",)
        return None

    def fields(self, name):
        schema = self.defs[name]
        out = {}
        for field, sub in sorted((schema.get("properties") or {}).items()):
            kind = self.classify(sub)
            if kind is not None:
                out[field] = kind
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and self.classify(extra) is not None:
            sys.exit("gen_merge_keys: %s: a definition-level map is not supported" % name)
        return out

    def solve(self):
        """Marks, until nothing changes, the definitions holding something the merge needs."""
        changed = True
        while changed:
            changed = False
            for name in sorted(self.defs):
                if name not in self.relevant and self.fields(name):
                    self.relevant.add(name)
                    changed = True


def roots(model):
    """{(apiVersion, kind): definition} for the relevant definitions with a GVK."""
    out = {}
    for name in sorted(model.defs):
        for gvk in model.defs[name].get(GVK) or []:
            if not isinstance(gvk, dict):
                sys.exit("gen_merge_keys: %s: unexpected %s %r" % (name, GVK, gvk))
            group, version, kind = gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", "")
            api_version = "%s/%s" % (group, version) if group else version
            key = (api_version, kind)
            if key in out and out[key] != name:
                # kyaml keeps whichever it indexes last (Go map order): ambiguous, so left out.
                sys.stderr.write("gen_merge_keys: %s %s claimed by %s and %s; dropped\n"
                                 % (api_version, kind, out[key], name))
                out[key] = None
                continue
            out.setdefault(key, name)
    return {k: v for k, v in out.items() if v is not None and v in model.relevant}


def reachable(model, start):
    seen, todo = set(), sorted(set(start))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for kind in model.fields(name).values():
            target = None
            if kind[0] == "object":
                target = kind[1]
            elif kind[0] == "map" and kind[1][0] == "object":
                target = kind[1][1]
            elif kind[0] == "list":
                target = kind[4]
            if target:
                todo.append(target)
    return sorted(seen)


# --- output -----------------------------------------------------------------------------------

def rust_str(s):
    return json.dumps(s)  # ASCII names: a JSON string is a valid Rust string literal


def rust_schema(kind):
    if kind[0] == "opaque":
        return "Schema::Opaque"
    if kind[0] == "object":
        return "Schema::Object(%s)" % rust_str(kind[1])
    if kind[0] == "map":
        return "Schema::Map(&%s)" % rust_schema(kind[1])
    _, strategy, merge_key, keys, item = kind
    return "Schema::List(MergeList { patch_strategy: %s, merge_key: %s, list_map_keys: &[%s], items: %s })" % (
        rust_str(strategy), rust_str(merge_key), ", ".join(rust_str(k) for k in keys),
        "Some(%s)" % rust_str(item) if item else "None")


HEADER = '''\
//! The strategic-merge schema of the Kubernetes API types, as kustomize 5.5 merges with it.
//!
//! GENERATED by `scripts/gen_merge_keys.py`; do not edit by hand (run the script again).
//!
//! Source: {source}:
//! OpenAPI v2 of Kubernetes {version}, sha256
//! {digest}.
//! That is the document kustomize 5.5 embeds: merging with it, rather than with a newer
//! Kubernetes schema, is what makes lists merge as `kustomize build` merges them.
//!
//! Kept: the root definition of each apiVersion/kind; every list whose
//! `x-kubernetes-patch-strategy` contains `merge` (its merge key, its
//! `x-kubernetes-list-map-keys` and the definition of its items); free-form objects; and the
//! object and map fields that lead to those from the roots. Other fields merge the same way with
//! or without a schema and are left out. {n_roots} kinds, {n_defs} definitions, {n_lists} merge lists.

/// What the schema says about one value, as far as a strategic merge cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Schema {{
    /// A value with a schema that holds nothing a merge treats specially (a free-form object
    /// such as `RawExtension`): no merge keys below it, and its own `apiVersion`/`kind` are not
    /// looked up.
    Opaque,
    /// An object of the named definition (see [`definition`]).
    Object(&'static str),
    /// A map (`additionalProperties`) whose every value has this schema.
    Map(&'static Schema),
    /// A list merged item by item: its patch strategy contains `merge`.
    List(MergeList),
}}

/// A list whose items are merged by key (`x-kubernetes-patch-strategy` contains `merge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MergeList {{
    /// `x-kubernetes-patch-strategy`, e.g. `merge` or `merge,retainKeys`.
    pub(crate) patch_strategy: &'static str,
    /// `x-kubernetes-patch-merge-key`, empty for a list of scalars (e.g. `finalizers`).
    pub(crate) merge_key: &'static str,
    /// `x-kubernetes-list-map-keys`: when present kustomize matches items on all of them.
    pub(crate) list_map_keys: &'static [&'static str],
    /// The definition of the items, when they are objects this table describes.
    pub(crate) items: Option<&'static str>,
}}

/// A definition: its fields that matter to a merge, sorted by name.
#[derive(Debug)]
pub(crate) struct Definition {{
    /// The definition's name, e.g. `io.k8s.api.core.v1.PodSpec`.
    pub(crate) name: &'static str,
    /// `(field, schema)`, sorted by field.
    pub(crate) fields: &'static [(&'static str, Schema)],
}}

/// The definition named `name`.
pub(crate) fn definition(name: &str) -> Option<&'static Definition> {{
    DEFINITIONS
        .binary_search_by(|d| d.name.cmp(name))
        .ok()
        .and_then(|i| DEFINITIONS.get(i))
}}

/// The root definition of objects of `api_version` and `kind` (`apps/v1`, `Deployment`).
pub(crate) fn root(api_version: &str, kind: &str) -> Option<&'static str> {{
    ROOTS
        .binary_search_by(|(v, k, _)| (*v, *k).cmp(&(api_version, kind)))
        .ok()
        .and_then(|i| ROOTS.get(i))
        .map(|(_, _, name)| *name)
}}

impl Definition {{
    /// The schema of field `name`, if it matters to a merge.
    pub(crate) fn field(&self, name: &str) -> Option<Schema> {{
        self.fields
            .binary_search_by(|(f, _)| (*f).cmp(name))
            .ok()
            .and_then(|i| self.fields.get(i))
            .map(|(_, s)| *s)
    }}
}}
'''


def generate(path):
    with open(path, "rb") as f:
        data = f.read()
    digest = hashlib.sha256(data).hexdigest()
    if data[:1] == b"{":
        definitions, version = read_json(data)
    else:
        definitions, version = read_protobuf(data)
    source = KNOWN_SOURCES.get(digest, "`%s` (given on the command line)" % os.path.basename(path))
    model = Model(definitions)
    model.solve()
    root_map = roots(model)
    names = reachable(model, root_map.values())
    n_lists = sum(1 for n in names for k in model.fields(n).values() if k[0] == "list")

    out = [HEADER.format(source=source, version=version or "(version not stated)", digest=digest,
                         n_roots=len(root_map), n_defs=len(names), n_lists=n_lists)]
    out.append("/// `(apiVersion, kind, root definition)`, sorted by apiVersion then kind.\n")
    out.append("#[rustfmt::skip]\n")
    out.append("pub(crate) static ROOTS: &[(&str, &str, &str)] = &[\n")
    for (api_version, kind), name in sorted(root_map.items()):
        out.append("    (%s, %s, %s),\n" % (rust_str(api_version), rust_str(kind), rust_str(name)))
    out.append("];\n\n")
    out.append("/// The definitions, sorted by name.\n")
    out.append("#[rustfmt::skip]\n")
    out.append("pub(crate) static DEFINITIONS: &[Definition] = &[\n")
    for name in names:
        out.append("    Definition {\n")
        out.append("        name: %s,\n" % rust_str(name))
        out.append("        fields: &[\n")
        for field, kind in model.fields(name).items():
            out.append("            (%s, %s),\n" % (rust_str(field), rust_schema(kind)))
        out.append("        ],\n")
        out.append("    },\n")
    out.append("];\n")
    return "".join(out)


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        sys.stderr.write("usage: gen_merge_keys.py SWAGGER(.pb|.json) > merge_keys.rs\n")
        return 2
    sys.stdout.write(generate(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
