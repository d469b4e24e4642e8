//! A kustomization's `openapi` and `crds` fields, as kustomize 5.5 (kyaml 0.18.1) implements
//! them. Read from kustomize's source: `api/krusty/kustomizer.go`, `api/internal/target/
//! kusttarget.go`, `kyaml/openapi/openapi.go`, `kyaml/yaml/walk/`, `kyaml/resid/gvk.go` and
//! `api/internal/accumulator/loadconfigfromcrds.go`; checked against `kubectl kustomize` v5.5.0.
//!
//! # `openapi`
//!
//! `openapi: {path: FILE}` names an OpenAPI v2 document (JSON when its first byte is `{`, else
//! YAML) whose `definitions` strategic merges then use: `x-kubernetes-patch-strategy`,
//! `x-kubernetes-patch-merge-key` and `x-kubernetes-list-map-keys` of the definitions a
//! `x-kubernetes-group-version-kind` makes the root of an apiVersion/kind. `openapi: {version:
//! v1.21.2}` names the built-in schema, the only one kustomize 5.5 has (another version is an
//! error, and so is giving both `path` and `version`).
//!
//! kustomize keeps the schema in process-wide state, and this module reproduces that state:
//!
//! - The top kustomization's `openapi` is applied first. A kustomization reached through
//!   `resources` or `components` applies its own only while none is set, so the first one in
//!   build order wins (the top's, else the first base's or component's), and it applies from
//!   that point of the build on: patches applied earlier used the built-in schema. A schema
//!   file is read (a missing file is an error) even when it is then ignored.
//! - A custom schema *replaces* the built-in one, with two exceptions that depend on what the
//!   build did before the custom schema was set: if a strategic merge had already loaded the
//!   built-in schema, the custom definitions are added over it (a definition of the same name
//!   replaces the built-in one); if an object of a type kustomize has no precomputed
//!   namespace scope for (any custom resource, say) had been read, the built-in schema is
//!   loaded right after the custom one, over it.
//! - The schema file is parsed when first needed: at the first strategic merge, or when an
//!   object of such a type is seen. A malformed file fails the build then (kustomize panics)
//!   and is no error if neither happens. Tollgate reports it at the `openapi` `path` line.
//! - Below a field, `$ref`s (`#/definitions/NAME`) resolve against every definition loaded,
//!   whatever file it came from; an item schema is used only when the list's `type` is
//!   `array`.
//! - The document's `paths` tell the namespace scope of types (a `get` operation's
//!   `x-kubernetes-group-version-kind` on a path with or without `namespaces/{namespace}`),
//!   for types kustomize has no precomputed scope for ([`Scopes`]; the precomputed table,
//!   [`super::scopes`], wins over any schema). kustomize remembers the scopes of every schema
//!   it loaded, and loads a custom schema that is set the first time it looks at such a type:
//!   so the namespace transformer of a kustomization built before a base set the schema takes
//!   the custom types as namespaced, and those built after as the schema says. `crds` files
//!   change no scope.
//!
//! # `crds`
//!
//! `crds: [FILE]` names files of Go OpenAPI definitions (`{"TYPE NAME": {"Schema": {...},
//! "Dependencies": [...]}}`, as `openapi-gen` writes them). For every definition that looks
//! like a Kubernetes type (its properties include `kind`, `apiVersion` and `metadata`; its kind
//! is the last `.`-separated part of its name), kustomize walks the properties (following
//! `$ref`s to other definitions of the file) and derives transformer configuration: a property
//! with `x-kubernetes-object-ref-kind` and `x-kubernetes-object-ref-api-version` is a name
//! reference to objects of that kind and version, at the property's
//! `x-kubernetes-object-ref-name-key` (default `name`), so renaming the object (`namePrefix`,
//! …) updates the reference; `x-kubernetes-annotation`, `x-kubernetes-label-selector` and
//! `x-kubernetes-identity` (any string value) make the property a field `commonAnnotations`,
//! `commonLabels` and `namePrefix` write. The result is merged into the transformer
//! configuration of the kustomization, after its `configurations` ([`super::fieldspecs`]), so
//! it applies to that kustomization and to those that include it.
//!
//! Unsupported (each a clear error, never a different result): remote schema and CRD files;
//! `$ref`s that point below a built-in definition; per-field schemas in comments. (A CRD name
//! reference names objects of its kind and version only, as in kustomize: [`super::nameref`]
//! matches versions.)

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::fieldspecs::{FieldSpec, NameBackRef, TConfig};
use super::merge_keys::{self, Definition, MergeList, Schema};
use super::scopes::NAMESPACEABILITY;
use super::{is_remote, Build, KError, Kust, Res};
use crate::source::{json, yaml, Entry, Limits, Node, NodeValue, SourceFile, Span};

/// The only built-in schema version of kustomize 5.5.
const BUILTIN_VERSION: &str = "v1.21.2";

/// How many `$ref`s in a row (or nested CRD definitions) are followed before giving up: kyaml
/// loops forever (or overflows its stack) on a cycle.
const MAX_REFS: usize = 64;

// ---------------------------------------------------------------------------------------------
// Schema files

/// A schema of a schema file (an OpenAPI v2 schema object), as far as a merge reads it.
#[derive(Debug, Default)]
pub(crate) struct SchemaNode {
    /// `properties`, sorted by name.
    properties: Vec<(String, SchemaNode)>,
    /// `additionalProperties`, when it is a schema.
    additional: Option<Box<SchemaNode>>,
    /// `items`.
    items: Items,
    /// Whether `type` is exactly `array`.
    array: bool,
    /// `$ref`, when a string.
    reference: Option<String>,
    /// `x-kubernetes-patch-strategy`.
    strategy: Ext<String>,
    /// `x-kubernetes-patch-merge-key`.
    merge_key: Ext<String>,
    /// `x-kubernetes-list-map-keys`.
    map_keys: Ext<Vec<String>>,
}

/// A schema's `items`.
#[derive(Debug, Default)]
enum Items {
    #[default]
    None,
    /// One schema for every item.
    One(Box<SchemaNode>),
    /// A list of schemas (kyaml fails on it where it looks for the items' schema); the
    /// message says where it is.
    Many(String),
}

/// An `x-kubernetes-…` extension kyaml reads with a type assertion.
#[derive(Debug, Default)]
enum Ext<T> {
    #[default]
    Absent,
    Valid(T),
    /// Of the wrong type: kyaml panics where it reads it. The message says where it is.
    Invalid(String),
}

/// A loaded `openapi` schema file.
#[derive(Debug, Default)]
pub(crate) struct CustomSchema {
    /// `definitions`, by name.
    definitions: HashMap<String, SchemaNode>,
    /// The definitions whose `x-kubernetes-group-version-kind` names each `(apiVersion, kind)`
    /// (more than one is an error where it matters: kustomize would pick one at random).
    types: HashMap<(String, String), Vec<String>>,
    /// The namespace scope `paths` give types: `true` when namespaced.
    scopes: HashMap<(String, String), bool>,
}

/// Where a problem is: `'schema.json' line 3, column 5`.
fn place(file: &SourceFile, span: Span) -> String {
    let loc = file.location(span.start);
    format!("'{}' line {}, column {}", file.name(), loc.line, loc.column)
}

/// Reads a schema or CRD file the way kyaml does: JSON when it starts with `{`, else YAML (its
/// first document). Spans are local to the file.
fn parse_document(file: &SourceFile, limits: &Limits) -> Result<Node, String> {
    let text = file.text();
    if text.is_empty() {
        return Err(format!("'{}' is empty", file.name()));
    }
    let parsed = if text.starts_with('{') {
        json::parse_json(file, limits)
    } else {
        yaml::parse_yaml(file, limits).map(|docs| {
            docs.into_iter().next().unwrap_or(Node {
                span: Span::new(0, 0),
                value: NodeValue::Null,
            })
        })
    };
    parsed.map_err(|e| {
        format!(
            "'{}' line {}, column {}: {}",
            file.name(),
            e.line,
            e.column,
            e.message
        )
    })
}

/// A type error as Go's decoder reports it.
fn type_error(file: &SourceFile, node: &Node, field: &str, want: &str) -> String {
    format!(
        "{}: cannot unmarshal {} into `{field}` ({want})",
        place(file, node.span),
        node.json_kind()
    )
}

/// The entries of a mapping; `null` is an empty one.
fn entries<'a>(file: &SourceFile, node: &'a Node, field: &str) -> Result<&'a [Entry], String> {
    match &node.value {
        NodeValue::Null => Ok(&[]),
        NodeValue::Map(entries) => Ok(entries),
        _ => Err(type_error(file, node, field, "an object")),
    }
}

/// Parses an OpenAPI v2 document into the definitions a merge reads, checking the types of
/// what kube-openapi's decoder would refuse.
pub(crate) fn parse_schema(file: &SourceFile, limits: &Limits) -> Result<CustomSchema, String> {
    let root = parse_document(file, limits)?;
    let mut out = CustomSchema::default();
    for e in entries(file, &root, "the document")? {
        let v = &e.value;
        match e.key.as_str() {
            "definitions" => {
                for d in entries(file, v, "definitions")? {
                    let node = schema_node(file, &d.value, &d.key)?;
                    for key in group_version_kinds(file, &d.value)? {
                        let names = out.types.entry(key).or_default();
                        if !names.contains(&d.key) {
                            names.push(d.key.clone());
                        }
                    }
                    out.definitions.insert(d.key.clone(), node);
                }
            }
            "paths" => {
                for p in entries(file, v, "paths")? {
                    if !p.key.starts_with('/') {
                        continue;
                    }
                    let Some(get) = p.value.get("get") else {
                        entries(file, &p.value, &p.key)?;
                        continue;
                    };
                    entries(file, get, "get")?;
                    let Some(gvk) = get.get("x-kubernetes-group-version-kind") else {
                        continue;
                    };
                    let Some(key) = type_meta(file, gvk)? else {
                        continue;
                    };
                    if p.key.contains("namespaces/{namespace}") {
                        out.scopes.insert(key, true);
                    } else {
                        out.scopes.entry(key).or_insert(false);
                    }
                }
            }
            "swagger" | "host" | "basePath" => expect_string(file, v, &e.key)?,
            "schemes" | "consumes" | "produces" => expect_strings(file, v, &e.key)?,
            "info" | "externalDocs" | "parameters" | "responses" | "securityDefinitions" => {
                entries(file, v, &e.key).map(|_| ())?
            }
            "security" | "tags" => expect_kind(
                file,
                v,
                &e.key,
                matches!(v.value, NodeValue::Null | NodeValue::Seq(_)),
                "an array",
            )?,
            _ => {}
        }
    }
    Ok(out)
}

/// The `(apiVersion, kind)`s of a definition's `x-kubernetes-group-version-kind` (a list; any
/// other value, and items that are not objects, are ignored as kyaml ignores them).
fn group_version_kinds(file: &SourceFile, def: &Node) -> Result<Vec<(String, String)>, String> {
    let Some(items) = def
        .get("x-kubernetes-group-version-kind")
        .and_then(Node::as_seq)
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in items {
        if let Some(key) = type_meta(file, item)? {
            out.push(key);
        }
    }
    Ok(out)
}

/// kyaml's `toTypeMeta`: an object with string `version` and `kind` (kyaml panics without
/// them) and an optional `group`.
fn type_meta(file: &SourceFile, node: &Node) -> Result<Option<(String, String)>, String> {
    if !matches!(node.value, NodeValue::Map(_)) {
        return Ok(None);
    }
    let field = |key: &str| match node.get(key).and_then(Node::as_str) {
        Some(s) => Ok(s.to_string()),
        None => Err(format!(
            "{}: x-kubernetes-group-version-kind needs a string `{key}`",
            place(file, node.span)
        )),
    };
    let (version, kind) = (field("version")?, field("kind")?);
    let api_version = match node.get("group").and_then(Node::as_str) {
        Some(g) if !g.is_empty() => format!("{g}/{version}"),
        _ => version,
    };
    Ok(Some((api_version, kind)))
}

/// A type error unless `ok`.
fn expect_kind(
    file: &SourceFile,
    node: &Node,
    field: &str,
    ok: bool,
    want: &str,
) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(type_error(file, node, field, want))
    }
}

fn expect_string(file: &SourceFile, node: &Node, field: &str) -> Result<(), String> {
    match node.value {
        NodeValue::Null | NodeValue::String(_) => Ok(()),
        _ => Err(type_error(file, node, field, "a string")),
    }
}

fn expect_strings(file: &SourceFile, node: &Node, field: &str) -> Result<(), String> {
    match &node.value {
        NodeValue::Null => Ok(()),
        NodeValue::Seq(items) => items.iter().try_for_each(|i| expect_string(file, i, field)),
        _ => Err(type_error(file, node, field, "an array of strings")),
    }
}

/// One schema object, its fields' types checked as kube-openapi's `spec.Schema` decodes them.
fn schema_node(file: &SourceFile, node: &Node, name: &str) -> Result<SchemaNode, String> {
    let mut out = SchemaNode::default();
    for e in entries(file, node, name)? {
        let v = &e.value;
        let key = e.key.as_str();
        match key {
            "id" | "description" | "format" | "title" | "pattern" | "discriminator" => {
                expect_string(file, v, key)?
            }
            "nullable" | "exclusiveMaximum" | "exclusiveMinimum" | "uniqueItems" | "readOnly" => {
                let ok = matches!(v.value, NodeValue::Null | NodeValue::Bool(_));
                expect_kind(file, v, key, ok, "a boolean")?
            }
            "maximum" | "minimum" | "multipleOf" => {
                let ok = matches!(
                    v.value,
                    NodeValue::Null | NodeValue::Int(_) | NodeValue::Float(_)
                );
                expect_kind(file, v, key, ok, "a number")?
            }
            "maxLength" | "minLength" | "maxItems" | "minItems" | "maxProperties"
            | "minProperties" => {
                let ok = matches!(v.value, NodeValue::Null | NodeValue::Int(_));
                expect_kind(file, v, key, ok, "an integer")?
            }
            "required" => expect_strings(file, v, key)?,
            "enum" => {
                let ok = matches!(v.value, NodeValue::Null | NodeValue::Seq(_));
                expect_kind(file, v, key, ok, "an array")?
            }
            "type" => match &v.value {
                NodeValue::Null => {}
                NodeValue::String(s) => out.array = s == "array",
                NodeValue::Seq(items) => {
                    expect_strings(file, v, key)?;
                    out.array = matches!(items.as_slice(), [one] if one.as_str() == Some("array"));
                }
                _ => return Err(type_error(file, v, key, "a string or an array of strings")),
            },
            "items" => {
                out.items = match &v.value {
                    NodeValue::Null => Items::None,
                    NodeValue::Seq(items) => {
                        for item in items {
                            schema_node(file, item, key)?;
                        }
                        Items::Many(format!(
                            "{}: `items` is a list of schemas, which kyaml cannot merge with",
                            place(file, v.span)
                        ))
                    }
                    _ => Items::One(Box::new(schema_node(file, v, key)?)),
                }
            }
            "allOf" | "oneOf" | "anyOf" => match &v.value {
                NodeValue::Null => {}
                NodeValue::Seq(items) => {
                    for item in items {
                        schema_node(file, item, key)?;
                    }
                }
                _ => return Err(type_error(file, v, key, "an array of schemas")),
            },
            "not" => {
                schema_node(file, v, key)?;
            }
            "properties" => {
                for p in entries(file, v, key)? {
                    let child = schema_node(file, &p.value, &p.key)?;
                    out.properties.push((p.key.clone(), child));
                }
                out.properties.sort_by(|a, b| a.0.cmp(&b.0));
            }
            "patternProperties" | "definitions" => {
                for p in entries(file, v, key)? {
                    schema_node(file, &p.value, &p.key)?;
                }
            }
            "additionalProperties" | "additionalItems" => match &v.value {
                NodeValue::Null | NodeValue::Bool(_) => {}
                _ => {
                    let child = schema_node(file, v, key)?;
                    if key == "additionalProperties" {
                        out.additional = Some(Box::new(child));
                    }
                }
            },
            "dependencies" => {
                for d in entries(file, v, key)? {
                    if matches!(d.value.value, NodeValue::Seq(_)) {
                        expect_strings(file, &d.value, &d.key)?;
                    } else {
                        schema_node(file, &d.value, &d.key)?;
                    }
                }
            }
            "externalDocs" => {
                for d in entries(file, v, key)? {
                    if d.key == "description" || d.key == "url" {
                        expect_string(file, &d.value, &d.key)?;
                    }
                }
            }
            // kube-openapi ignores a `$ref` that is not a string.
            "$ref" => out.reference = v.as_str().map(str::to_string),
            "x-kubernetes-patch-strategy" => out.strategy = string_ext(file, v, key),
            "x-kubernetes-patch-merge-key" => out.merge_key = string_ext(file, v, key),
            "x-kubernetes-list-map-keys" => {
                out.map_keys = match &v.value {
                    NodeValue::Seq(items) if items.iter().all(|i| i.as_str().is_some()) => {
                        Ext::Valid(
                            items
                                .iter()
                                .filter_map(|i| i.as_str().map(str::to_string))
                                .collect(),
                        )
                    }
                    _ => Ext::Invalid(format!(
                        "{}: `{key}` must be a list of strings",
                        place(file, v.span)
                    )),
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn string_ext(file: &SourceFile, node: &Node, key: &str) -> Ext<String> {
    match node.as_str() {
        Some(s) => Ext::Valid(s.to_string()),
        None => Ext::Invalid(format!(
            "{}: `{key}` must be a string, not {}",
            place(file, node.span),
            node.json_kind()
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// The schemas a merge consults

/// One set of definitions kustomize loaded.
#[derive(Debug, Clone)]
enum Layer {
    /// The built-in Kubernetes 1.21.2 schema ([`merge_keys`]).
    Builtin,
    /// A schema file.
    Custom(Arc<CustomSchema>),
}

/// The definitions strategic merges use: layers in the order kustomize loaded them, a later
/// layer's definition (and apiVersion/kind) replacing an earlier one's of the same name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Schemas {
    layers: Vec<Layer>,
}

/// A schema, as a merge walks it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sch<'s> {
    /// A value of the built-in table (an `Object` names a definition, found through the
    /// layers).
    Table(Schema),
    /// A definition of the built-in table.
    TableDef(&'static Definition),
    /// A schema of a schema file.
    Node(&'s SchemaNode),
}

/// What a merge needs to know of a list whose patch strategy merges.
#[derive(Debug, Clone)]
pub(crate) struct ListInfo<'s> {
    /// The keys items are matched on (none: a list of scalars).
    pub(crate) keys: Vec<String>,
    /// The items' schema.
    pub(crate) items: Option<Sch<'s>>,
}

/// A schema the root document stands for (a `$ref` with no JSON pointer): no fields.
static EMPTY: SchemaNode = SchemaNode {
    properties: Vec::new(),
    additional: None,
    items: Items::None,
    array: false,
    reference: None,
    strategy: Ext::Absent,
    merge_key: Ext::Absent,
    map_keys: Ext::Absent,
};

/// Whether a patch strategy (`merge`, `merge,retainKeys`, `replace`, …) merges lists.
pub(crate) fn is_merge_strategy(strategy: &str) -> bool {
    strategy.split(',').any(|s| s == "merge")
}

/// The keys items of a built-in merge list are matched on: the list-map keys when the schema
/// has them, else the merge key, else none (a list of scalars).
pub(crate) fn merge_keys_of(list: &MergeList) -> Vec<String> {
    if !list.list_map_keys.is_empty() {
        list.list_map_keys.iter().map(|k| k.to_string()).collect()
    } else if !list.merge_key.is_empty() {
        vec![list.merge_key.to_string()]
    } else {
        Vec::new()
    }
}

impl Schemas {
    /// The built-in schema alone (kustomize's default).
    #[cfg(test)]
    pub(crate) fn builtin() -> Self {
        Schemas {
            layers: vec![Layer::Builtin],
        }
    }

    /// The definition named `name`, from the last layer that has one.
    fn definition(&self, name: &str) -> Option<Sch<'_>> {
        self.layers.iter().rev().find_map(|layer| match layer {
            Layer::Builtin => merge_keys::definition(name).map(Sch::TableDef),
            Layer::Custom(c) => c.definitions.get(name).map(Sch::Node),
        })
    }

    /// The root schema of objects of `api_version` and `kind`.
    pub(crate) fn root(&self, api_version: &str, kind: &str) -> Result<Option<Sch<'_>>, String> {
        for layer in self.layers.iter().rev() {
            match layer {
                Layer::Builtin => {
                    if let Some(d) =
                        merge_keys::root(api_version, kind).and_then(merge_keys::definition)
                    {
                        return Ok(Some(Sch::TableDef(d)));
                    }
                }
                Layer::Custom(c) => {
                    let key = (api_version.to_string(), kind.to_string());
                    match c.types.get(&key).map(Vec::as_slice) {
                        Some([name]) => return Ok(c.definitions.get(name).map(Sch::Node)),
                        Some(names) => {
                            return Err(format!(
                                "the OpenAPI schema's definitions {} all declare {api_version} \
                                 {kind} (kustomize would pick one at random)",
                                names.join(", ")
                            ))
                        }
                        None => {}
                    }
                }
            }
        }
        Ok(None)
    }

    /// A built-in table value made concrete: a named definition looked up.
    fn concrete<'s>(&'s self, s: Sch<'s>) -> Option<Sch<'s>> {
        match s {
            Sch::Table(Schema::Object(name)) => self.definition(name),
            other => Some(other),
        }
    }

    /// The schema of field `name` of a value of schema `s` (kyaml's `Field`: a property, else
    /// the `additionalProperties` schema; `$ref`s followed).
    pub(crate) fn field<'s>(&'s self, s: Sch<'s>, name: &str) -> Result<Option<Sch<'s>>, String> {
        let Some(s) = self.concrete(s) else {
            return Ok(None);
        };
        match s {
            Sch::TableDef(d) => Ok(d.field(name).map(Sch::Table)),
            Sch::Table(Schema::Map(value)) => Ok(Some(Sch::Table(*value))),
            Sch::Table(_) => Ok(None),
            Sch::Node(n) => {
                let child = match n.properties.binary_search_by(|(k, _)| k.as_str().cmp(name)) {
                    Ok(i) => n.properties.get(i).map(|(_, c)| c),
                    Err(_) => n.additional.as_deref(),
                };
                match child {
                    Some(c) => self.deref(c),
                    None => Ok(None),
                }
            }
        }
    }

    /// What a list of schema `s` merges by, when its patch strategy merges (kyaml's
    /// `PatchStrategyAndKey`, `PatchStrategyAndKeyList` and `Elements`); `None` when the list
    /// is replaced.
    pub(crate) fn merge_list<'s>(&'s self, s: Sch<'s>) -> Result<Option<ListInfo<'s>>, String> {
        let Some(s) = self.concrete(s) else {
            return Ok(None);
        };
        match s {
            Sch::Table(Schema::List(list)) if is_merge_strategy(list.patch_strategy) => {
                Ok(Some(ListInfo {
                    keys: merge_keys_of(&list),
                    items: Some(Sch::Table(
                        list.items.map_or(Schema::Opaque, Schema::Object),
                    )),
                }))
            }
            Sch::Table(_) | Sch::TableDef(_) => Ok(None),
            Sch::Node(n) => {
                let strategy = match &n.strategy {
                    Ext::Absent => return Ok(None),
                    Ext::Invalid(m) => return Err(m.clone()),
                    Ext::Valid(s) => s,
                };
                if let Ext::Invalid(m) = &n.merge_key {
                    return Err(m.clone());
                }
                if !is_merge_strategy(strategy) {
                    return Ok(None);
                }
                let keys = match (&n.map_keys, &n.merge_key) {
                    (Ext::Invalid(m), _) => return Err(m.clone()),
                    (Ext::Valid(keys), _) => keys.clone(),
                    (Ext::Absent, Ext::Valid(key)) => vec![key.clone()],
                    (Ext::Absent, _) => Vec::new(),
                };
                let items = match (&n.items, n.array) {
                    (Items::One(item), true) => self.deref(item)?,
                    (Items::Many(m), true) => return Err(m.clone()),
                    _ => None,
                };
                Ok(Some(ListInfo { keys, items }))
            }
        }
    }

    /// Follows `$ref`s from `node` (kyaml resolves them against every definition loaded; one
    /// that does not resolve leaves the field without a schema).
    fn deref<'s>(&'s self, node: &'s SchemaNode) -> Result<Option<Sch<'s>>, String> {
        let mut current = node;
        for _ in 0..MAX_REFS {
            let Some(reference) = &current.reference else {
                return Ok(Some(Sch::Node(current)));
            };
            match self.pointer(reference)? {
                None => return Ok(None),
                Some(Sch::Node(n)) => current = n,
                Some(other) => return Ok(Some(other)),
            }
        }
        Err(format!(
            "`$ref`s lead from one to another more than {MAX_REFS} times (a cycle?)"
        ))
    }

    /// The schema a `$ref` points at: `#/definitions/NAME`, optionally followed by
    /// `properties/NAME`, `additionalProperties` or `items` steps; a reference without a JSON
    /// pointer is the whole document (which has no fields).
    fn pointer(&self, reference: &str) -> Result<Option<Sch<'_>>, String> {
        let fragment = reference.split_once('#').map_or("", |(_, f)| f);
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        if fragment.is_empty() {
            return Ok(Some(Sch::Node(&EMPTY)));
        }
        // A JSON pointer starts with `/`; kyaml fails to resolve anything else.
        let Some(pointer) = fragment.strip_prefix('/') else {
            return Ok(None);
        };
        let tokens: Vec<String> = pointer
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        let unsupported = || format!("`$ref: {reference}` is not supported (only #/definitions/…)");
        let [first, name, rest @ ..] = tokens.as_slice() else {
            return Ok(None);
        };
        if first != "definitions" {
            return Err(unsupported());
        }
        let Some(mut at) = self.definition(name) else {
            return Ok(None);
        };
        let mut steps = rest.iter();
        while let Some(step) = steps.next() {
            let Sch::Node(n) = at else {
                return Err(unsupported());
            };
            let next = match step.as_str() {
                "properties" => {
                    let Some(prop) = steps.next() else {
                        return Ok(None);
                    };
                    n.properties
                        .binary_search_by(|(k, _)| k.as_str().cmp(prop))
                        .ok()
                        .and_then(|i| n.properties.get(i))
                        .map(|(_, c)| c)
                }
                "additionalProperties" => n.additional.as_deref(),
                "items" => match &n.items {
                    Items::One(item) => Some(&**item),
                    _ => None,
                },
                _ => return Err(unsupported()),
            };
            match next {
                Some(c) => at = Sch::Node(c),
                None => return Ok(None),
            }
        }
        Ok(Some(at))
    }
}

// ---------------------------------------------------------------------------------------------
// kustomize's schema state

/// What `openapi` fields set (kyaml's `SetSchema`).
#[derive(Debug, Default)]
enum Setting {
    /// Nothing yet: the built-in schema.
    #[default]
    Unset,
    /// `version: v1.21.2`: the built-in schema, and no later `openapi` applies.
    Version,
    /// `path`: a schema file, parsed (or why it does not parse), and the span of the `path`
    /// value that named it.
    Custom {
        schema: Result<Arc<CustomSchema>, String>,
        span: Span,
    },
}

/// Whether the built-in schema was loaded (kyaml's `defaultBuiltInSchemaParseStatus`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum BuiltinStatus {
    #[default]
    NotParsed,
    /// To be loaded at the next initialisation, after any custom schema.
    Delayed,
    Parsed,
}

/// Which transformer's field specs a CRD property extends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CrdSpecKind {
    /// `x-kubernetes-annotation`: `commonAnnotations`.
    Annotation,
    /// `x-kubernetes-label-selector`: `commonLabels`.
    LabelSelector,
    /// `x-kubernetes-identity`: `namePrefix`.
    Identity,
}

/// A field spec a CRD file adds to a transformer's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CrdSpec {
    what: CrdSpecKind,
    kind: String,
    path: String,
}

/// A name reference a CRD file adds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CrdRef {
    /// The referred kind and version (`x-kubernetes-object-ref-kind`, `…-api-version`).
    kind: String,
    version: String,
    /// The kind holding the reference, and where (`spec/secretRef/name`).
    referrer: String,
    path: String,
}

/// What one `crds` file adds.
#[derive(Debug, Default)]
struct CrdConfig {
    refs: Vec<CrdRef>,
    specs: Vec<CrdSpec>,
}

impl CrdConfig {
    /// The transformer configuration kustomize makes of it; `span` is the `crds` entry's.
    fn to_tconfig(&self, span: Span) -> Result<TConfig, KError> {
        let spec = |kind: &str, path: &str| FieldSpec {
            group: String::new(),
            version: String::new(),
            kind: kind.to_string(),
            path: path.to_string(),
            create: false,
            span: Some(span),
        };
        let mut out = TConfig::default();
        let error = |(s, m): (Option<Span>, String)| KError::at(s.unwrap_or(span), m);
        for s in &self.specs {
            let list = match s.what {
                CrdSpecKind::Annotation => &mut out.common_annotations,
                CrdSpecKind::LabelSelector => &mut out.common_labels,
                CrdSpecKind::Identity => &mut out.name_prefix,
            };
            super::fieldspecs::merge_one(list, spec(&s.kind, &s.path)).map_err(error)?;
        }
        for r in &self.refs {
            let mut one = TConfig::default();
            one.name_reference.push(NameBackRef {
                group: String::new(),
                version: r.version.clone(),
                kind: r.kind.clone(),
                referrers: vec![spec(&r.referrer, &r.path)],
            });
            out.merge(&one).map_err(error)?;
        }
        Ok(out)
    }
}

/// kustomize's process-wide OpenAPI state, for one build, and what `crds` fields added.
#[derive(Debug, Default)]
pub(crate) struct OpenApiState {
    setting: Setting,
    /// Whether the schema was initialised since it was last set (kyaml's `schemaInit`).
    init: bool,
    builtin: BuiltinStatus,
    /// The definitions loaded so far.
    loaded: Schemas,
}

/// kyaml's `precomputedIsNamespaceScoped` (generated: [`super::scopes`]): whether the type is
/// namespaced, when kustomize knows its scope without a schema. Seeing an object of any other
/// type makes kustomize consult (and so load) the schema.
fn precomputed_scope(api_version: &str, kind: &str) -> Option<bool> {
    NAMESPACEABILITY
        .binary_search_by(|(v, k, _)| (*v, *k).cmp(&(api_version, kind)))
        .ok()
        .map(|i| NAMESPACEABILITY[i].2)
}

fn is_precomputed(api_version: &str, kind: &str) -> bool {
    precomputed_scope(api_version, kind).is_some()
}

/// The namespace scope of types, as kustomize knows it at one point of a build (kyaml's
/// `IsNamespaceScoped`, `IsCertainlyClusterScoped`): the precomputed table of the built-in
/// Kubernetes v1.21.2 schema first, whatever a custom schema says; else the `paths` of the
/// custom schemas loaded so far (a type is namespaced when any of them has a
/// `namespaces/{namespace}` path for it, cluster-scoped when they only have others); else
/// namespaced. A custom schema set but not loaded yet counts: kustomize loads it the first
/// time it looks at a type without a precomputed scope.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scopes {
    custom: Vec<Arc<CustomSchema>>,
}

impl Scopes {
    /// kyaml's `IsCertainlyClusterScoped` of a type, `api_version` as kyaml spells it
    /// (`group/version`, or `version` without a group).
    pub(crate) fn cluster_scoped_type(&self, api_version: &str, kind: &str) -> bool {
        if let Some(namespaced) = precomputed_scope(api_version, kind) {
            return !namespaced;
        }
        if self.custom.is_empty() {
            return false;
        }
        let key = (api_version.to_string(), kind.to_string());
        let mut cluster = false;
        for c in &self.custom {
            match c.scopes.get(&key) {
                Some(true) => return false,
                Some(false) => cluster = true,
                None => {}
            }
        }
        cluster
    }

    /// Whether kustomize takes `r` (its current group, version and kind) as cluster-scoped.
    pub(crate) fn cluster_scoped(&self, r: &Res) -> bool {
        // kyaml's `Gvk.ApiVersion()`: `version` without a group (`/v1` is `v1`).
        let api_version = if r.group().is_empty() {
            r.version()
        } else {
            r.api_version()
        };
        self.cluster_scoped_type(api_version, r.kind())
    }
}

fn text_at<'a>(node: &'a Node, key: &str) -> &'a str {
    node.get(key).and_then(Node::as_str).unwrap_or("")
}

impl OpenApiState {
    /// kyaml's `initSchema`: loads the schema set last (a custom one, or the built-in one),
    /// then the built-in one if it was delayed. A custom schema that does not parse fails the
    /// build here (kustomize panics).
    fn init(&mut self) -> Result<(), KError> {
        if self.init {
            return Ok(());
        }
        self.init = true;
        match &self.setting {
            Setting::Custom { schema, span } => match schema {
                Ok(custom) => self.loaded.layers.push(Layer::Custom(Arc::clone(custom))),
                Err(message) => {
                    return Err(KError::at(
                        *span,
                        format!("invalid OpenAPI schema: {message}"),
                    ))
                }
            },
            Setting::Unset | Setting::Version => {
                self.push_builtin();
                self.builtin = BuiltinStatus::Parsed;
            }
        }
        if self.builtin == BuiltinStatus::Delayed {
            self.push_builtin();
            self.builtin = BuiltinStatus::Parsed;
        }
        Ok(())
    }

    fn push_builtin(&mut self) {
        if !matches!(self.loaded.layers.last(), Some(Layer::Builtin)) {
            self.loaded.layers.push(Layer::Builtin);
        }
    }

    /// The schemas for a strategic merge about to run (which loads them, as in kustomize).
    pub(crate) fn for_merge(&mut self) -> Result<&Schemas, KError> {
        self.init()?;
        Ok(&self.loaded)
    }

    /// kustomize looked at the type of an object (kyaml's `IsNamespaceScoped`): for a type
    /// without a precomputed scope this loads a custom schema, or marks the built-in one to be
    /// loaded after any custom one.
    pub(crate) fn saw_type(&mut self, api_version: &str, kind: &str) -> Result<(), KError> {
        if self.init || is_precomputed(api_version, kind) {
            return Ok(());
        }
        match self.setting {
            Setting::Custom { .. } => self.init(),
            Setting::Unset | Setting::Version => {
                if self.builtin == BuiltinStatus::NotParsed {
                    self.builtin = BuiltinStatus::Delayed;
                }
                Ok(())
            }
        }
    }

    /// [`Self::saw_type`] for every object of `nodes`.
    pub(crate) fn saw_nodes<'a>(
        &mut self,
        nodes: impl IntoIterator<Item = &'a Node>,
    ) -> Result<(), KError> {
        for n in nodes {
            self.saw_type(text_at(n, "apiVersion"), text_at(n, "kind"))?;
        }
        Ok(())
    }

    /// [`Self::saw_type`] for every object of `ra`.
    pub(crate) fn saw_res(&mut self, ra: &[Res]) -> Result<(), KError> {
        self.saw_nodes(ra.iter().map(|r| &r.node))
    }

    /// The namespace scopes kustomize knows now ([`Scopes`]): the custom schemas loaded, and
    /// the one set but not loaded yet (kustomize would load it on looking at a type).
    pub(crate) fn scopes(&self) -> Scopes {
        let mut custom: Vec<Arc<CustomSchema>> = self
            .loaded
            .layers
            .iter()
            .filter_map(|l| match l {
                Layer::Custom(c) => Some(Arc::clone(c)),
                Layer::Builtin => None,
            })
            .collect();
        if let (false, Setting::Custom { schema: Ok(c), .. }) = (self.init, &self.setting) {
            if !custom.iter().any(|x| Arc::ptr_eq(x, c)) {
                custom.push(Arc::clone(c));
            }
        }
        Scopes { custom }
    }
}

// ---------------------------------------------------------------------------------------------
// The build's side

impl Build<'_> {
    /// Applies a kustomization's `openapi` field, as kyaml's `SetSchema` does: `reset` for the
    /// top kustomization (always applied), else only while no schema is set. `seen` are objects
    /// kustomize has looked at by then (a component's parent's).
    pub(super) fn set_openapi(
        &mut self,
        kust: &Kust,
        reset: bool,
        seen: &[Res],
    ) -> Result<(), KError> {
        self.openapi.saw_res(seen)?;
        let Some(node) = kust.get("openapi") else {
            return Ok(());
        };
        let NodeValue::Map(fields) = &node.value else {
            return Err(KError::at(
                node.span,
                format!(
                    "invalid Kustomization: `openapi` must be a mapping of strings (`path`, \
                     `version`), not {}",
                    node.json_kind()
                ),
            ));
        };
        let mut path = None;
        let mut version = None;
        for e in fields {
            let value = match &e.value.value {
                NodeValue::String(s) => s.clone(),
                NodeValue::Null => String::new(),
                _ => {
                    return Err(KError::at(
                        e.value.span,
                        format!(
                            "invalid Kustomization: `openapi.{}` must be a string, not {}",
                            e.key,
                            e.value.json_kind()
                        ),
                    ))
                }
            };
            match e.key.as_str() {
                "path" => path = Some((value, e.value.span)),
                "version" => version = Some((value, e.value.span)),
                _ => {}
            }
        }
        // The file is read whether or not it is then used.
        let file = match &path {
            Some((rel, span)) => Some((self.openapi_file(kust, rel, *span)?, *span)),
            None => None,
        };
        if !matches!(self.openapi.setting, Setting::Unset) && !reset {
            return Ok(());
        }
        if let Some((file, span)) = file {
            if version.is_some() {
                return Err(KError::at(
                    node.span,
                    "builtin version and custom schema provided, cannot use both",
                ));
            }
            let schema = parse_schema(&file, self.limits).map(Arc::new);
            self.openapi.setting = Setting::Custom { schema, span };
            self.openapi.init = false;
            return Ok(());
        }
        let Some((version, span)) = version.filter(|(v, _)| !v.is_empty()) else {
            return Ok(());
        };
        if version != BUILTIN_VERSION {
            return Err(KError::at(
                span,
                format!(
                    "the specified OpenAPI version is not built in (kustomize 5.5 has \
                     {BUILTIN_VERSION} only, not '{version}')"
                ),
            ));
        }
        self.openapi.setting = Setting::Version;
        self.openapi.init = false;
        Ok(())
    }

    /// Reads a file an `openapi` or `crds` field names (in or below the kustomization's
    /// directory; never from the network).
    fn openapi_file(
        &mut self,
        kust: &Kust,
        rel: &str,
        span: Span,
    ) -> Result<Arc<SourceFile>, KError> {
        if is_remote(rel) {
            return Err(KError::at(
                span,
                format!(
                    "'{rel}' is a remote file: Tollgate builds offline (vendor it into the \
                     repository)"
                ),
            ));
        }
        let path = self.file_in_root(kust, rel, span)?;
        let (file, _) = self
            .read(&path)
            .map_err(|e| KError::at(span, format!("'{rel}': {}", e.message)))?;
        Ok(file)
    }

    /// A kustomization's `crds` (kustomize's `LoadConfigFromCRDs`, then `MergeConfig`): the
    /// configuration of every file, merged into the configuration of the accumulator being
    /// built, after the kustomization's `configurations`.
    pub(super) fn crds(&mut self, kust: &Kust) -> Result<(), KError> {
        let mut all = TConfig::default();
        let mut any = false;
        for (entry, span) in kust.strings("crds")? {
            any = true;
            let file = self.openapi_file(kust, &entry, span)?;
            let config = parse_crds(&file, self.limits).map_err(|m| {
                KError::at(
                    span,
                    format!("unable to parse open API definition from '{entry}': {m}"),
                )
            })?;
            all.merge(&config.to_tconfig(span)?)
                .map_err(|(s, m)| KError::at(s.unwrap_or(span), format!("loading CRDs: {m}")))?;
        }
        if !any {
            return Ok(());
        }
        let span = kust.get("crds").map_or(kust.root.span, |n| n.span);
        std::sync::Arc::make_mut(&mut self.meta.tconfig)
            .merge(&all)
            .map_err(|(s, m)| KError::at(s.unwrap_or(span), format!("merging CRDs: {m}")))
    }

    /// At the top of a build, before names are fixed: kustomize looks at every object's type
    /// (which may load a custom schema, and fail on it).
    pub(super) fn openapi_finish(&mut self, ra: &[Res]) -> Result<(), KError> {
        self.openapi.saw_res(ra)
    }

    /// The namespace scopes kustomize uses for `ra` at this point of the build: it looks at
    /// the type of each object (kyaml's `IsNamespaceScoped`, which may load a custom schema).
    pub(super) fn scopes(&mut self, ra: &[Res]) -> Result<Scopes, KError> {
        self.openapi.saw_res(ra)?;
        Ok(self.openapi.scopes())
    }
}

// ---------------------------------------------------------------------------------------------
// `crds`

/// The value of the last field whose name matches `key` ignoring case (as Go's JSON decoder
/// matches struct fields).
fn field_ci<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        NodeValue::Map(entries) => entries
            .iter()
            .rev()
            .find(|e| e.key.eq_ignore_ascii_case(key))
            .map(|e| &e.value),
        _ => None,
    }
}

/// Parses a `crds` file (a map of type names to `{Schema, Dependencies}`) into the
/// configuration kustomize derives from it (`LoadConfigFromCRDs`).
fn parse_crds(file: &SourceFile, limits: &Limits) -> Result<CrdConfig, String> {
    let root = parse_document(file, limits)?;
    let mut schemas: BTreeMap<&str, Option<&Node>> = BTreeMap::new();
    for def in entries(file, &root, "the document")? {
        match def.value.value {
            NodeValue::Null | NodeValue::Map(_) => {}
            _ => {
                return Err(format!(
                    "{}: cannot unmarshal {} into an OpenAPI definition",
                    place(file, def.value.span),
                    def.value.json_kind()
                ))
            }
        }
        if let Some(deps) = field_ci(&def.value, "dependencies") {
            if !matches!(deps.value, NodeValue::Null | NodeValue::Seq(_)) {
                return Err(type_error(
                    file,
                    deps,
                    "Dependencies",
                    "an array of strings",
                ));
            }
        }
        let schema = field_ci(&def.value, "schema");
        if let Some(s) = schema {
            entries(file, s, "Schema")?;
        }
        schemas.insert(def.key.as_str(), schema);
    }
    let mut out = CrdConfig::default();
    for (name, schema) in &schemas {
        let props = schema.and_then(|s| s.get("properties"));
        let looks_like_a_type = ["kind", "apiVersion", "metadata"]
            .iter()
            .all(|k| props.and_then(|p| p.get(k)).is_some());
        if !looks_like_a_type {
            continue;
        }
        let kind = name.rsplit('.').next().unwrap_or(name);
        let mut path = Vec::new();
        crd_type(file, &schemas, kind, name, &mut path, &mut out)?;
    }
    Ok(out)
}

/// kustomize's `loadCrdIntoConfig`: the field specs and name references of the properties of
/// the definition `type_name`, for objects of `kind`, below `path`.
fn crd_type<'a>(
    file: &SourceFile,
    schemas: &BTreeMap<&str, Option<&'a Node>>,
    kind: &str,
    type_name: &str,
    path: &mut Vec<&'a str>,
    out: &mut CrdConfig,
) -> Result<(), String> {
    let Some(&Some(schema)) = schemas.get(type_name) else {
        return Ok(());
    };
    if path.len() > MAX_REFS {
        return Err(format!(
            "{}: definitions refer to each other more than {MAX_REFS} levels deep (a cycle?)",
            place(file, schema.span)
        ));
    }
    let Some(props) = schema.get("properties") else {
        return Ok(());
    };
    for p in entries(file, props, "properties")? {
        let prop = &p.value;
        if !matches!(prop.value, NodeValue::Null | NodeValue::Map(_)) {
            return Err(type_error(file, prop, &p.key, "a schema"));
        }
        let ext = |key: &str| prop.get(key).and_then(Node::as_str);
        path.push(&p.key);
        let joined = path.join("/");
        for (key, what) in [
            ("x-kubernetes-annotation", CrdSpecKind::Annotation),
            ("x-kubernetes-label-selector", CrdSpecKind::LabelSelector),
            ("x-kubernetes-identity", CrdSpecKind::Identity),
        ] {
            let spec = CrdSpec {
                what,
                kind: kind.to_string(),
                path: joined.clone(),
            };
            if ext(key).is_some() && !out.specs.contains(&spec) {
                out.specs.push(spec);
            }
        }
        if let (Some(version), Some(target)) = (
            ext("x-kubernetes-object-ref-api-version"),
            ext("x-kubernetes-object-ref-kind"),
        ) {
            let name_key = ext("x-kubernetes-object-ref-name-key").unwrap_or("name");
            let r = CrdRef {
                kind: target.to_string(),
                version: version.to_string(),
                referrer: kind.to_string(),
                path: format!("{joined}/{name_key}"),
            };
            if !out.refs.contains(&r) {
                out.refs.push(r);
            }
        }
        if let Some(reference) = prop.get("$ref").and_then(Node::as_str) {
            crd_type(file, schemas, kind, reference, path, out)?;
        }
        path.pop();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> Arc<SourceFile> {
        SourceFile::new(name, name, text.to_string())
    }

    fn custom(text: &str) -> Schemas {
        let schema = parse_schema(&file("schema.json", text), &Limits::default())
            .expect("the schema parses");
        Schemas {
            layers: vec![Layer::Custom(Arc::new(schema))],
        }
    }

    const SCHEMA: &str = r##"{
  "definitions": {
    "v1alpha1.MyCRD": {
      "properties": {
        "spec": {"properties": {"template": {"$ref": "#/definitions/io.k8s.api.core.v1.PodTemplateSpec"}}},
        "tags": {"type": "array", "items": {"type": "string"}, "x-kubernetes-patch-strategy": "merge"},
        "labels": {"additionalProperties": {"type": "string"}}
      },
      "x-kubernetes-group-version-kind": [
        {"group": "example.com", "kind": "MyCRD", "version": "v1alpha1"},
        {"group": "", "kind": "MyCRD", "version": "v1alpha1"}
      ]
    },
    "io.k8s.api.core.v1.PodTemplateSpec": {
      "properties": {"spec": {"$ref": "#/definitions/io.k8s.api.core.v1.PodSpec"}}
    },
    "io.k8s.api.core.v1.PodSpec": {
      "properties": {
        "containers": {
          "type": "array",
          "items": {"$ref": "#/definitions/io.k8s.api.core.v1.Container"},
          "x-kubernetes-patch-merge-key": "name",
          "x-kubernetes-patch-strategy": "merge"
        },
        "noType": {
          "items": {"$ref": "#/definitions/io.k8s.api.core.v1.Container"},
          "x-kubernetes-patch-merge-key": "name",
          "x-kubernetes-patch-strategy": "merge"
        }
      }
    },
    "io.k8s.api.core.v1.Container": {
      "properties": {
        "ports": {
          "type": "array",
          "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
          "x-kubernetes-patch-merge-key": "containerPort",
          "x-kubernetes-patch-strategy": "merge"
        }
      }
    }
  },
  "paths": {
    "/apis/example.com/v1alpha1/namespaces/{namespace}/mycrds": {
      "get": {"x-kubernetes-group-version-kind": {"group": "example.com", "kind": "MyCRD", "version": "v1alpha1"}}
    },
    "/apis/example.com/v1alpha1/clusterthings": {
      "get": {"x-kubernetes-group-version-kind": {"group": "example.com", "kind": "Thing", "version": "v1alpha1"}}
    }
  }
}"##;

    fn path<'s>(s: &'s Schemas, mut at: Option<Sch<'s>>, fields: &[&str]) -> Option<Sch<'s>> {
        for f in fields {
            at = s.field(at?, f).expect("no schema error");
        }
        at
    }

    #[test]
    fn a_schema_file_gives_merge_keys_by_group_version_kind() {
        let s = custom(SCHEMA);
        for av in ["example.com/v1alpha1", "v1alpha1"] {
            let root = s.root(av, "MyCRD").expect("one definition");
            assert!(matches!(root, Some(Sch::Node(_))), "{av}");
        }
        assert!(s.root("apps/v1", "Deployment").expect("ok").is_none());
        let root = s.root("example.com/v1alpha1", "MyCRD").expect("ok");
        let containers = path(&s, root, &["spec", "template", "spec", "containers"])
            .expect("containers have a schema");
        let list = s.merge_list(containers).expect("ok").expect("a merge list");
        assert_eq!(list.keys, ["name"]);
        let ports = s.field(list.items.expect("items"), "ports").expect("ok");
        let ports = s
            .merge_list(ports.expect("ports"))
            .expect("ok")
            .expect("a merge list");
        assert_eq!(ports.keys, ["containerPort", "protocol"]);
        assert!(ports.items.is_none(), "no items schema");
        // Items are only used when the list's type says array.
        let no_type = path(&s, root, &["spec", "template", "spec", "noType"]).expect("schema");
        let list = s.merge_list(no_type).expect("ok").expect("a merge list");
        assert!(list.items.is_none());
        // A merge list of scalars; a map's values.
        let tags = path(&s, root, &["tags"]).expect("schema");
        assert!(s
            .merge_list(tags)
            .expect("ok")
            .expect("merge")
            .keys
            .is_empty());
        assert!(path(&s, root, &["labels", "anything"]).is_some());
        assert!(path(&s, root, &["unknown"]).is_none());
        let Some(Layer::Custom(c)) = s.layers.first() else {
            panic!("one custom layer");
        };
        let key = |k: &str| ("example.com/v1alpha1".to_string(), k.to_string());
        assert_eq!(c.scopes.get(&key("MyCRD")), Some(&true));
        assert_eq!(c.scopes.get(&key("Thing")), Some(&false));
    }

    #[test]
    fn yaml_schemas_and_layers_override_by_name() {
        let yaml = "definitions:\n  io.k8s.api.core.v1.PodSpec:\n    properties:\n      containers:\n        type: array\n        x-kubernetes-patch-strategy: replace\n";
        let custom = Arc::new(
            parse_schema(&file("s.yaml", yaml), &Limits::default()).expect("the schema parses"),
        );
        // Built-in first, custom over it: the Deployment root is the built-in one, its pod
        // spec the custom one (containers are no longer merged).
        let s = Schemas {
            layers: vec![Layer::Builtin, Layer::Custom(Arc::clone(&custom))],
        };
        let root = s.root("apps/v1", "Deployment").expect("ok");
        assert!(matches!(root, Some(Sch::TableDef(_))));
        let containers =
            path(&s, root, &["spec", "template", "spec", "containers"]).expect("schema");
        assert!(s.merge_list(containers).expect("ok").is_none());
        let volumes = path(&s, root, &["spec", "template", "spec", "volumes"]);
        assert!(volumes.is_none(), "the custom PodSpec has no volumes");
        // Custom first, built-in over it: the built-in PodSpec wins.
        let s = Schemas {
            layers: vec![Layer::Custom(custom), Layer::Builtin],
        };
        let root = s.root("apps/v1", "Deployment").expect("ok");
        let containers =
            path(&s, root, &["spec", "template", "spec", "containers"]).expect("schema");
        assert_eq!(
            s.merge_list(containers)
                .expect("ok")
                .expect("a merge list")
                .keys,
            ["name"]
        );
    }

    #[test]
    fn malformed_schemas_are_errors_with_their_place() {
        let bad = |text: &str| {
            parse_schema(&file("s.yaml", text), &Limits::default())
                .expect_err("the schema is refused")
        };
        assert!(bad("").contains("empty"));
        let e = bad("definitions: [unclosed\n");
        assert!(e.starts_with("'s.yaml' line "), "{e}");
        assert!(bad("definitions: [1, 2]\n").contains("definitions"));
        assert!(bad("[]\n").contains("array"));
        let e = bad("definitions:\n  A:\n    properties:\n      x:\n        maxLength: \"5\"\n");
        assert!(e.contains("line 5") && e.contains("maxLength"), "{e}");
        let e = bad("definitions:\n  A:\n    x-kubernetes-group-version-kind:\n    - kind: A\n");
        assert!(e.contains("version"), "{e}");
        // A document without definitions is an empty schema.
        let s = parse_schema(&file("s.yaml", "foo: bar\n"), &Limits::default()).expect("ok");
        assert!(s.definitions.is_empty());
    }

    #[test]
    fn bad_extensions_fail_where_kyaml_reads_them() {
        let s = custom(
            r##"{"definitions": {"A": {
                "properties": {
                  "l": {"type": "array", "x-kubernetes-patch-strategy": 5},
                  "m": {"type": "array", "x-kubernetes-patch-strategy": "merge", "x-kubernetes-list-map-keys": "name"},
                  "r": {"$ref": "#/definitions/A"},
                  "p": {"$ref": "#/paths/x"},
                  "d": {"$ref": "#/definitions/Missing"},
                  "s": {"$ref": "#/definitions/A/properties/l"}
                },
                "x-kubernetes-group-version-kind": [{"kind": "A", "version": "v1"}]},
              "B": {"x-kubernetes-group-version-kind": [{"kind": "A", "version": "v1"}]},
              "C": {"properties": {"c": {"$ref": "#/definitions/D"}}},
              "D": {"$ref": "#/definitions/C/properties/c"}
            }}"##,
        );
        assert!(s.root("v1", "A").is_err(), "two definitions declare v1 A");
        let a = s.definition("A").expect("A");
        let l = s.field(a, "l").expect("ok").expect("schema");
        assert!(s.merge_list(l).is_err());
        let m = s.field(a, "m").expect("ok").expect("schema");
        assert!(s.merge_list(m).is_err());
        assert!(s.field(a, "r").expect("ok").is_some());
        assert!(s.field(a, "p").is_err());
        assert!(s.field(a, "d").expect("ok").is_none());
        let sub = s.field(a, "s").expect("ok").expect("schema");
        assert!(s.merge_list(sub).is_err(), "points at l");
        let c = s.definition("C").expect("C");
        assert!(s.field(c, "c").is_err(), "a $ref cycle");
    }

    #[test]
    fn crd_files_give_name_references_and_field_specs() {
        let text = r#"{
  "example.com/v1beta1.MyKind": {
    "Schema": {"properties": {
      "apiVersion": {}, "kind": {}, "metadata": {},
      "spec": {"$ref": "example.com/v1beta1.MyKindSpec"}
    }},
    "Dependencies": ["example.com/v1beta1.MyKindSpec"]
  },
  "example.com/v1beta1.MyKindSpec": {
    "Schema": {"properties": {
      "secretRef": {"x-kubernetes-object-ref-api-version": "v1", "x-kubernetes-object-ref-kind": "Secret"},
      "beeRef": {"x-kubernetes-object-ref-api-version": "v1beta1", "x-kubernetes-object-ref-kind": "Bee",
                 "x-kubernetes-object-ref-name-key": "beeName"},
      "selector": {"x-kubernetes-label-selector": ""}
    }}
  }
}"#;
        let config = parse_crds(&file("crd.json", text), &Limits::default()).expect("parses");
        let refs: Vec<(&str, &str, &str, &str)> = config
            .refs
            .iter()
            .map(|r| {
                (
                    r.kind.as_str(),
                    r.version.as_str(),
                    r.referrer.as_str(),
                    r.path.as_str(),
                )
            })
            .collect();
        assert_eq!(
            refs,
            [
                ("Secret", "v1", "MyKind", "spec/secretRef/name"),
                ("Bee", "v1beta1", "MyKind", "spec/beeRef/beeName"),
            ]
        );
        assert_eq!(
            config.specs,
            [CrdSpec {
                what: CrdSpecKind::LabelSelector,
                kind: "MyKind".into(),
                path: "spec/selector".into()
            }]
        );
        let yaml = "a.B:\n  schema:\n    properties:\n      kind: {}\n      apiVersion: {}\n      metadata: {}\n      x:\n        x-kubernetes-object-ref-api-version: v1\n        x-kubernetes-object-ref-kind: ConfigMap\n";
        let config = parse_crds(&file("crd.yaml", yaml), &Limits::default()).expect("parses");
        assert_eq!(config.refs.len(), 1);
        assert_eq!(config.refs[0].path, "x/name");
        let bad = |text: &str| parse_crds(&file("c.yaml", text), &Limits::default()).is_err();
        assert!(bad(""));
        assert!(bad(
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
        ));
        assert!(bad("a:\n  schema:\n    properties:\n      kind: {}\n      apiVersion: {}\n      metadata: {}\n      spec:\n        $ref: a\n"));
    }

    fn set_custom(state: &mut OpenApiState, schema: Result<CustomSchema, String>) {
        state.setting = Setting::Custom {
            schema: schema.map(Arc::new),
            span: Span::new(0, 0),
        };
        state.init = false;
    }

    fn layer_names(state: &OpenApiState) -> Vec<&'static str> {
        state
            .loaded
            .layers
            .iter()
            .map(|l| match l {
                Layer::Builtin => "builtin",
                Layer::Custom(_) => "custom",
            })
            .collect()
    }

    #[test]
    fn the_schema_state_follows_kustomize_load_order() {
        // A custom schema set first replaces the built-in one.
        let mut state = OpenApiState::default();
        set_custom(&mut state, Ok(CustomSchema::default()));
        state.saw_type("apps/v1", "Deployment").expect("ok");
        assert!(
            layer_names(&state).is_empty(),
            "a precomputed type loads nothing"
        );
        state.for_merge().expect("ok");
        assert_eq!(layer_names(&state), ["custom"]);
        // An object of another type seen first: the built-in schema comes after the custom one.
        let mut state = OpenApiState::default();
        state
            .saw_type("things.example.com/v1", "Thing")
            .expect("ok");
        set_custom(&mut state, Ok(CustomSchema::default()));
        state.for_merge().expect("ok");
        assert_eq!(layer_names(&state), ["custom", "builtin"]);
        // A merge first: the custom schema comes over the built-in one.
        let mut state = OpenApiState::default();
        state.for_merge().expect("ok");
        set_custom(&mut state, Ok(CustomSchema::default()));
        state
            .saw_type("things.example.com/v1", "Thing")
            .expect("ok");
        assert_eq!(layer_names(&state), ["builtin", "custom"]);
        // A schema that does not parse fails when it is first needed, not before.
        let mut state = OpenApiState::default();
        set_custom(&mut state, Err("bad".into()));
        state.saw_type("v1", "ConfigMap").expect("not needed yet");
        assert!(state.saw_type("things.example.com/v1", "Thing").is_err());
    }

    #[test]
    fn crd_configurations_extend_the_transformers() {
        let config = CrdConfig {
            refs: vec![CrdRef {
                kind: "Secret".into(),
                version: "v1".into(),
                referrer: "Store".into(),
                path: "spec/secret/name".into(),
            }],
            specs: vec![
                CrdSpec {
                    what: CrdSpecKind::Annotation,
                    kind: "Store".into(),
                    path: "spec/notes".into(),
                },
                CrdSpec {
                    what: CrdSpecKind::Identity,
                    kind: "Store".into(),
                    path: "spec/alias".into(),
                },
            ],
        };
        let tc = config.to_tconfig(Span::new(0, 0)).expect("merges");
        assert_eq!(tc.common_annotations.len(), 1);
        assert_eq!(tc.name_prefix[0].path, "spec/alias");
        assert!(tc.common_labels.is_empty());
        let nbr = &tc.name_reference[0];
        assert_eq!((nbr.kind.as_str(), nbr.version.as_str()), ("Secret", "v1"));
        assert_eq!(nbr.referrers[0].kind, "Store");
    }

    #[test]
    fn the_precomputed_table_is_sorted() {
        assert!(NAMESPACEABILITY
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        assert!(is_precomputed("apps/v1", "Deployment"));
        assert!(!is_precomputed("autoscaling/v2", "HorizontalPodAutoscaler"));
    }

    #[test]
    fn scopes_are_by_group_version_kind_as_kustomize_knows_them() {
        let s = Scopes::default();
        // The built-in table, by apiVersion: kustomize 5.5 knows FlowSchema v1beta1 only.
        assert!(s.cluster_scoped_type("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema"));
        assert!(!s.cluster_scoped_type("flowcontrol.apiserver.k8s.io/v1", "FlowSchema"));
        assert!(s.cluster_scoped_type("rbac.authorization.k8s.io/v1", "ClusterRole"));
        assert!(!s.cluster_scoped_type("rbac.authorization.k8s.io/v1alpha1", "ClusterRole"));
        assert!(!s.cluster_scoped_type(
            "admissionregistration.k8s.io/v1",
            "ValidatingAdmissionPolicy"
        ));
        assert!(s.cluster_scoped_type("v1", "Namespace"));
        assert!(!s.cluster_scoped_type("v1", "ConfigMap"));
        assert!(!s.cluster_scoped_type("example.com/v1alpha1", "Thing"));
        // A custom schema's paths, for types the table does not have; namespaced wins.
        let mut state = OpenApiState::default();
        let text = SCHEMA.replace(
            r#""paths": {"#,
            r#""paths": {
    "/api/v1/namespaces": {"get": {"x-kubernetes-group-version-kind": {"group": "", "kind": "ConfigMap", "version": "v1"}}},
    "/apis/example.com/v1alpha1/mycrds": {"get": {"x-kubernetes-group-version-kind": {"group": "example.com", "kind": "MyCRD", "version": "v1alpha1"}}},"#,
        );
        set_custom(
            &mut state,
            parse_schema(&file("s.json", &text), &Limits::default()),
        );
        let s = state.scopes();
        assert!(s.cluster_scoped_type("example.com/v1alpha1", "Thing"));
        assert!(!s.cluster_scoped_type("example.com/v1alpha1", "MyCRD"));
        assert!(!s.cluster_scoped_type("v1", "ConfigMap"), "the table wins");
        // Loaded, it stays known; no schema set: nothing custom.
        state.for_merge().expect("ok");
        assert!(state
            .scopes()
            .cluster_scoped_type("example.com/v1alpha1", "Thing"));
        assert!(!OpenApiState::default()
            .scopes()
            .cluster_scoped_type("example.com/v1alpha1", "Thing"));
    }
}
