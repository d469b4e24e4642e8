//! Field specs and kustomize's transformer configuration: which fields each built-in
//! transformer writes (`commonLabels`, `namespace`, `images`, …), the built-in defaults
//! (kustomize's `api/internal/konfig/builtinpluginconsts`, restated as tables), the files a
//! kustomization names under `configurations:` that extend them, and kustomize's merge rules
//! (`api/types/fieldspec.go`, `api/internal/plugins/builtinconfig`).
//!
//! A kustomization's configuration is the defaults merged with its `configurations` files; it
//! is merged into the accumulator of its build, so it applies to that kustomization's
//! transformers and to those of every kustomization that includes it (through `resources` or
//! as a component), but not to sibling roots built before it, as in kustomize.

use super::{str_at, KError, Res};
use crate::source::{Entry, Node, NodeValue, Span};
use std::sync::Arc;

/// A field a transformer reads or writes: the group/version/kind it applies to (empty: any), a
/// `/`-separated path (`name[]` reaches every item of a sequence without creating it; `\/`
/// escapes a slash) and whether missing fields are created.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldSpec {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub path: String,
    pub create: bool,
    /// Where the spec was written (a default spec: the span of the line that uses it).
    pub span: Option<Span>,
}

impl FieldSpec {
    fn builtin(row: &Row) -> Self {
        let (path, group, version, kind, create) = *row;
        FieldSpec {
            group: group.to_string(),
            version: version.to_string(),
            kind: kind.to_string(),
            path: path.to_string(),
            create,
            span: None,
        }
    }

    /// `metadata/labels`, created, for any kind (what `labels:` entries always write).
    pub fn plain(path: &str, create: bool) -> Self {
        FieldSpec {
            group: String::new(),
            version: String::new(),
            kind: String::new(),
            path: path.to_string(),
            create,
            span: None,
        }
    }

    /// Whether the spec applies to an object of this apiVersion and kind (kustomize's
    /// `isMatchGVK`).
    pub fn matches(&self, api_version: &str, kind: &str) -> bool {
        let (group, version) = match api_version.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", api_version),
        };
        (self.kind.is_empty() || self.kind == kind)
            && (self.group.is_empty() || self.group == group)
            && (self.version.is_empty() || self.version == version)
    }

    pub fn matches_res(&self, r: &Res) -> bool {
        self.matches(r.api_version(), r.kind())
    }

    /// kustomize's `Gvk.IsSelected`: this spec's GVK is selected by `other`'s (every field
    /// `other` sets is equal).
    fn selected_by(&self, other: &FieldSpec) -> bool {
        (other.group.is_empty() || other.group == self.group)
            && (other.version.is_empty() || other.version == self.version)
            && (other.kind.is_empty() || other.kind == self.kind)
    }

    /// The GVK as kustomize prints it in messages (`Deployment.[noVer].[noGrp]`).
    pub fn gvk_string(&self) -> String {
        let or = |s: &str, d: &str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        format!(
            "{}.{}.{}",
            or(&self.kind, "[noKind]"),
            or(&self.version, "[noVer]"),
            or(&self.group, "[noGrp]")
        )
    }
}

/// kustomize's `FsSlice.MergeOne`: a spec equal in effect to one already there (the same path,
/// and a GVK the new one selects) is dropped, or is an error when it disagrees on `create`.
pub(crate) fn merge_one(
    list: &mut Vec<FieldSpec>,
    x: FieldSpec,
) -> Result<(), (Option<Span>, String)> {
    if let Some(i) = list
        .iter()
        .position(|s| s.selected_by(&x) && s.path == x.path)
    {
        if list[i].create != x.create {
            return Err((
                x.span.or(list[i].span),
                "conflicting fieldspecs".to_string(),
            ));
        }
        return Ok(());
    }
    list.push(x);
    Ok(())
}

pub(crate) fn merge_all(
    list: &mut Vec<FieldSpec>,
    incoming: &[FieldSpec],
) -> Result<(), (Option<Span>, String)> {
    for x in incoming {
        merge_one(list, x.clone())?;
    }
    Ok(())
}

/// A `nameReference` entry: objects of this GVK are referred to by name at the `referrers`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameBackRef {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub referrers: Vec<FieldSpec>,
}

/// A failed merge of field specs: where (when known) and why.
pub(crate) type MergeError = (Option<Span>, String);

/// kustomize's `TransformerConfig`: the field specs of each built-in transformer.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TConfig {
    pub name_prefix: Vec<FieldSpec>,
    pub name_suffix: Vec<FieldSpec>,
    pub namespace: Vec<FieldSpec>,
    pub common_labels: Vec<FieldSpec>,
    pub labels: Vec<FieldSpec>,
    pub template_labels: Vec<FieldSpec>,
    pub common_annotations: Vec<FieldSpec>,
    /// kustomize's `nameReference` list: its defaults ([`super::namereference`]), then what
    /// `configurations` and `crds` add.
    pub name_reference: Vec<NameBackRef>,
    pub var_reference: Vec<FieldSpec>,
    pub images: Vec<FieldSpec>,
    pub replicas: Vec<FieldSpec>,
}

/// The keys of a configuration file, in kustomize's field order.
const CONFIG_KEYS: &[&str] = &[
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "labels",
    "templateLabels",
    "commonAnnotations",
    "nameReference",
    "varReference",
    "images",
    "replicas",
];

impl TConfig {
    /// The default configuration merged into an empty one (what every kustomization without
    /// `configurations` contributes), computed once: the merge is quadratic in the number of
    /// field specs.
    pub fn merged_defaults() -> Result<&'static Arc<TConfig>, MergeError> {
        static MERGED: std::sync::OnceLock<Result<Arc<TConfig>, MergeError>> =
            std::sync::OnceLock::new();
        MERGED
            .get_or_init(|| {
                let mut t = TConfig::default();
                t.merge(&TConfig::defaults())?;
                Ok(Arc::new(t))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// [`merge`](TConfig::merge) into a shared configuration, copying it only when the merge
    /// changes it.
    pub fn merge_shared(
        this: &mut Arc<TConfig>,
        other: &TConfig,
    ) -> Result<(), (Option<Span>, String)> {
        if std::ptr::eq(Arc::as_ptr(this), other) || **this == *other {
            return Ok(());
        }
        Arc::make_mut(this).merge(other)
    }

    /// kustomize's default configuration.
    pub fn defaults() -> Self {
        let rows = |t: &[&[Row]]| -> Vec<FieldSpec> {
            t.iter()
                .flat_map(|t| t.iter())
                .map(FieldSpec::builtin)
                .collect()
        };
        TConfig {
            name_prefix: rows(&[NAME]),
            name_suffix: rows(&[NAME]),
            namespace: rows(&[NAMESPACE]),
            common_labels: rows(&[SELECTORS, METADATA_LABELS]),
            labels: Vec::new(),
            template_labels: rows(&[METADATA_LABELS]),
            common_annotations: rows(&[ANNOTATIONS]),
            name_reference: super::namereference::NAME_REFERENCE
                .iter()
                .map(|(group, version, kind, specs)| NameBackRef {
                    group: group.to_string(),
                    version: version.to_string(),
                    kind: kind.to_string(),
                    referrers: specs.iter().map(FieldSpec::builtin).collect(),
                })
                .collect(),
            var_reference: rows(&[VAR_REFERENCE]),
            images: rows(&[IMAGES]),
            replicas: rows(&[REPLICAS]),
        }
    }

    fn list_mut(&mut self, key: &str) -> Option<&mut Vec<FieldSpec>> {
        Some(match key {
            "namePrefix" => &mut self.name_prefix,
            "nameSuffix" => &mut self.name_suffix,
            "namespace" => &mut self.namespace,
            "commonLabels" => &mut self.common_labels,
            "labels" => &mut self.labels,
            "templateLabels" => &mut self.template_labels,
            "commonAnnotations" => &mut self.common_annotations,
            "varReference" => &mut self.var_reference,
            "images" => &mut self.images,
            "replicas" => &mut self.replicas,
            _ => return None,
        })
    }

    /// kustomize's `TransformerConfig.Merge`: `other`'s specs added to this configuration's.
    pub fn merge(&mut self, other: &TConfig) -> Result<(), (Option<Span>, String)> {
        // Merging a configuration into an equal one changes nothing (every spec finds itself):
        // the common case of a base whose configuration is the defaults, like its parent's.
        if self == other {
            return Ok(());
        }
        for key in CONFIG_KEYS {
            if *key == "nameReference" {
                continue;
            }
            let theirs = other.list(key).to_vec();
            if let Some(mine) = self.list_mut(key) {
                merge_all(mine, &theirs).map_err(|(s, m)| {
                    (
                        s,
                        format!("failed to merge {} fieldSpec: {m}", upper_first(key)),
                    )
                })?;
            }
        }
        for nbr in &other.name_reference {
            match self
                .name_reference
                .iter_mut()
                .find(|n| n.group == nbr.group && n.version == nbr.version && n.kind == nbr.kind)
            {
                Some(n) => merge_all(&mut n.referrers, &nbr.referrers).map_err(|(s, m)| {
                    (s, format!("failed to merge NameReference fieldSpec: {m}"))
                })?,
                None => self.name_reference.push(nbr.clone()),
            }
        }
        Ok(())
    }

    fn list(&self, key: &str) -> &[FieldSpec] {
        match key {
            "namePrefix" => &self.name_prefix,
            "nameSuffix" => &self.name_suffix,
            "namespace" => &self.namespace,
            "commonLabels" => &self.common_labels,
            "labels" => &self.labels,
            "templateLabels" => &self.template_labels,
            "commonAnnotations" => &self.common_annotations,
            "varReference" => &self.var_reference,
            "images" => &self.images,
            "replicas" => &self.replicas,
            _ => &[],
        }
    }

    /// A configuration file (`configurations:` entry), decoded strictly as kustomize does
    /// (`yaml.UnmarshalStrict` into a `TransformerConfig`): unknown keys are errors.
    pub fn from_file(doc: &Node) -> Result<Self, KError> {
        let mut out = TConfig::default();
        let entries = match &doc.value {
            NodeValue::Null => return Ok(out),
            NodeValue::Map(entries) => entries,
            _ => {
                return Err(KError::at(
                    doc.span,
                    format!(
                        "error unmarshaling JSON: json: cannot unmarshal {} into Go value of type builtinconfig.TransformerConfig",
                        doc.json_kind()
                    ),
                ))
            }
        };
        for e in entries {
            let Some(key) = match_key(&e.key, CONFIG_KEYS) else {
                return Err(KError::at(
                    e.key_span,
                    format!(
                        "error unmarshaling JSON: while decoding JSON: json: unknown field \"{}\"",
                        e.key
                    ),
                ));
            };
            if key == "nameReference" {
                for item in seq_of(&e.value, "TransformerConfig.nameReference")? {
                    let fields = strict_fields(
                        item,
                        &["group", "version", "kind", "fieldSpecs"],
                        "NameBackReferences",
                    )?;
                    let get = |k: &str| fields.iter().find(|(n, _)| *n == k).map(|(_, e)| *e);
                    let text = |k: &str| -> Result<String, KError> {
                        match get(k) {
                            Some(e) => Ok(string_of(&e.value, &format!("NameBackReferences.{k}"))?
                                .unwrap_or_default()),
                            None => Ok(String::new()),
                        }
                    };
                    let nbr = NameBackRef {
                        group: text("group")?,
                        version: text("version")?,
                        kind: text("kind")?,
                        referrers: match get("fieldSpecs") {
                            Some(e) => parse_strict(&e.value)?,
                            None => Vec::new(),
                        },
                    };
                    // Within one file, entries of one GVK merge too (kustomize merges the file
                    // into an empty configuration).
                    let mut one = TConfig::default();
                    one.name_reference.push(nbr);
                    out.merge(&one)
                        .map_err(|(s, m)| KError::at(s.unwrap_or(item.span), m))?;
                }
                continue;
            }
            let specs = parse_strict(&e.value)?;
            if let Some(list) = out.list_mut(key) {
                // A file's own list is taken as written (duplicates are merged later).
                list.extend(specs);
            }
        }
        Ok(out)
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Go's `encoding/json` field matching: exact, else ASCII case-insensitive.
pub(crate) fn match_key<'a>(key: &str, fields: &[&'a str]) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| **f == key)
        .or_else(|| fields.iter().find(|f| f.eq_ignore_ascii_case(key)))
        .copied()
}

fn seq_of<'a>(node: &'a Node, what: &str) -> Result<&'a [Node], KError> {
    match &node.value {
        NodeValue::Null => Ok(&[]),
        NodeValue::Seq(items) => Ok(items),
        _ => Err(KError::at(
            node.span,
            format!(
                "json: cannot unmarshal {} into Go struct field {what} of type []",
                node.json_kind()
            ),
        )),
    }
}

fn string_of(node: &Node, what: &str) -> Result<Option<String>, KError> {
    match &node.value {
        NodeValue::Null => Ok(None),
        NodeValue::String(s) => Ok(Some(s.clone())),
        _ => Err(KError::at(
            node.span,
            format!(
                "json: cannot unmarshal {} into Go struct field {what} of type string",
                node.json_kind()
            ),
        )),
    }
}

fn bool_of(node: &Node, what: &str) -> Result<bool, KError> {
    match &node.value {
        NodeValue::Null => Ok(false),
        NodeValue::Bool(b) => Ok(*b),
        _ => Err(KError::at(
            node.span,
            format!(
                "json: cannot unmarshal {} into Go struct field {what} of type bool",
                node.json_kind()
            ),
        )),
    }
}

/// The entries of a mapping matched to `fields`; an unknown key is an error (strict decoding).
fn strict_fields<'a>(
    node: &'a Node,
    fields: &[&'static str],
    owner: &str,
) -> Result<Vec<(&'static str, &'a Entry)>, KError> {
    let entries = match &node.value {
        NodeValue::Null => return Ok(Vec::new()),
        NodeValue::Map(entries) => entries,
        _ => {
            return Err(KError::at(
                node.span,
                format!(
                    "json: cannot unmarshal {} into Go value of type {owner}",
                    node.json_kind()
                ),
            ))
        }
    };
    entries
        .iter()
        .map(|e| match match_key(&e.key, fields) {
            Some(f) => Ok((f, e)),
            None => Err(KError::at(
                e.key_span,
                format!(
                    "error unmarshaling JSON: while decoding JSON: json: unknown field \"{}\"",
                    e.key
                ),
            )),
        })
        .collect()
}

/// The entries of a mapping matched to `fields`; unknown keys are ignored (kustomize decodes
/// plugin configurations leniently).
pub(crate) fn lenient_fields<'a>(
    node: &'a Node,
    fields: &[&'static str],
) -> Vec<(&'static str, &'a Entry)> {
    match &node.value {
        NodeValue::Map(entries) => entries
            .iter()
            .filter_map(|e| match_key(&e.key, fields).map(|f| (f, e)))
            .collect(),
        _ => Vec::new(),
    }
}

const FIELDSPEC_KEYS: &[&str] = &["group", "version", "kind", "path", "create"];

fn parse_one(item: &Node, strict: bool) -> Result<FieldSpec, KError> {
    let fields = if strict {
        strict_fields(item, FIELDSPEC_KEYS, "types.FieldSpec")?
    } else {
        if !matches!(item.value, NodeValue::Map(_) | NodeValue::Null) {
            return Err(KError::at(
                item.span,
                format!(
                    "json: cannot unmarshal {} into Go value of type types.FieldSpec",
                    item.json_kind()
                ),
            ));
        }
        lenient_fields(item, FIELDSPEC_KEYS)
    };
    let mut fs = FieldSpec::plain("", false);
    fs.span = Some(item.span);
    for (k, e) in fields {
        let what = format!("FieldSpec.{k}");
        match k {
            "create" => fs.create = bool_of(&e.value, &what)?,
            _ => {
                let v = string_of(&e.value, &what)?.unwrap_or_default();
                match k {
                    "group" => fs.group = v,
                    "version" => fs.version = v,
                    "kind" => fs.kind = v,
                    _ => fs.path = v,
                }
            }
        }
    }
    Ok(fs)
}

/// A list of field specs of a `configurations` file (strict).
fn parse_strict(node: &Node) -> Result<Vec<FieldSpec>, KError> {
    seq_of(node, "fieldSpecs")?
        .iter()
        .map(|i| parse_one(i, true))
        .collect()
}

/// A list of field specs of a plugin configuration (lenient) or a `labels` entry (`strict`);
/// `None` when absent or null (kustomize's nil slice).
pub(crate) fn parse_specs(
    node: Option<&Node>,
    strict: bool,
) -> Result<Option<Vec<FieldSpec>>, KError> {
    let Some(node) = node else { return Ok(None) };
    if matches!(node.value, NodeValue::Null) {
        return Ok(None);
    }
    let items = seq_of(node, "fieldSpecs")?;
    items
        .iter()
        .map(|i| parse_one(i, strict))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// kustomize's `PathSplitter`: `/`-separated, `\/` escapes a slash.
pub(crate) fn split_path(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, part) in path.split('/').enumerate() {
        match out.last_mut() {
            Some(last) if i > 0 && last.ends_with('\\') => {
                last.pop();
                last.push('/');
                last.push_str(part);
            }
            _ => out.push(part.to_string()),
        }
    }
    out
}

/// What a transformer creates at a missing leaf (`CreateKind` of kustomize's field-spec
/// filter): nothing, an empty string, an empty mapping.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CreateKind {
    None,
    Scalar,
    Map,
}

/// A setter: called on each node a field spec reaches; an error message on failure.
pub(crate) type SetFn<'a> = dyn FnMut(&mut Node) -> Result<(), String> + 'a;

/// kustomize's field-spec filter: calls `set` on every node `spec`'s path reaches in `node`
/// (sequences on the way are stepped through, each item in turn), creating missing fields when
/// the spec says so (intermediate fields as mappings, the leaf as `kind`). Created nodes get
/// `span`. Does nothing when the spec's GVK does not match the object.
pub(crate) fn apply(
    node: &mut Node,
    spec: &FieldSpec,
    kind: CreateKind,
    span: Span,
    set: &mut SetFn<'_>,
) -> Result<(), String> {
    let av = str_at(node, &["apiVersion"]).unwrap_or("").to_string();
    let k = str_at(node, &["kind"]).unwrap_or("").to_string();
    if !spec.matches(&av, &k) {
        return Ok(());
    }
    let path = split_path(&spec.path);
    walk(node, &path, spec.create, kind, span, set).map_err(|m| {
        format!(
            "considering field '{}' of object {}: {m}",
            spec.path,
            object_id(node)
        )
    })
}

/// `apps_v1_Deployment|ns|name`, as kustomize prints an object in errors.
pub(crate) fn object_id(node: &Node) -> String {
    let av = str_at(node, &["apiVersion"]).unwrap_or("");
    let (g, v) = av.split_once('/').unwrap_or(("", av));
    let or = |s: &str, d: &str| {
        if s.is_empty() {
            d.to_string()
        } else {
            s.to_string()
        }
    };
    format!(
        "{}.{}.{}/{}.{}",
        or(str_at(node, &["kind"]).unwrap_or(""), "[noKind]"),
        or(v, "[noVer]"),
        or(g, "[noGrp]"),
        or(
            str_at(node, &["metadata", "name"]).unwrap_or(""),
            "[noName]"
        ),
        or(
            str_at(node, &["metadata", "namespace"]).unwrap_or(""),
            "[noNs]"
        )
    )
}

fn empty_of(kind: CreateKind, span: Span) -> Node {
    Node {
        span,
        value: match kind {
            CreateKind::Map => NodeValue::Map(Vec::new()),
            _ => NodeValue::String(String::new()),
        },
    }
}

/// The kind a null field is turned into on the way (`yaml.IsCreate` of the hint).
#[derive(Clone, Copy, PartialEq)]
enum Hint {
    None,
    Seq,
    Scalar,
    Map,
}

fn walk(
    node: &mut Node,
    path: &[String],
    create: bool,
    kind: CreateKind,
    span: Span,
    set: &mut SetFn<'_>,
) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        return set(node);
    };
    match &mut node.value {
        NodeValue::Null => Ok(()),
        NodeValue::Seq(items) => {
            for item in items.iter_mut() {
                walk(item, path, create, kind, span, set)?;
            }
            Ok(())
        }
        NodeValue::Map(entries) => {
            let (field, is_seq) = match first.strip_suffix("[]") {
                Some(f) => (f, true),
                None => (first.as_str(), false),
            };
            if field.is_empty() {
                return Err("cannot set or create an empty field name".to_string());
            }
            let (creating, hint) = if !create || kind == CreateKind::None || is_seq {
                (false, if is_seq { Hint::Seq } else { Hint::None })
            } else if rest.is_empty() {
                (
                    true,
                    if kind == CreateKind::Map {
                        Hint::Map
                    } else {
                        Hint::Scalar
                    },
                )
            } else {
                (true, Hint::Map)
            };
            let i = match entries.iter().position(|e| e.key == field) {
                Some(i) => i,
                None if creating => {
                    let leaf = if rest.is_empty() {
                        empty_of(kind, span)
                    } else {
                        empty_of(CreateKind::Map, span)
                    };
                    entries.push(Entry {
                        key: field.to_string(),
                        key_span: span,
                        value: leaf,
                    });
                    entries.len() - 1
                }
                None => return Ok(()),
            };
            let child = &mut entries[i].value;
            if matches!(child.value, NodeValue::Null) && hint != Hint::None {
                child.span = span;
                child.value = match hint {
                    Hint::Seq => NodeValue::Seq(Vec::new()),
                    Hint::Map => NodeValue::Map(Vec::new()),
                    _ => NodeValue::String(String::new()),
                };
            }
            walk(child, rest, create, kind, span, set)
        }
        _ => Err("expected sequence or mapping node".to_string()),
    }
}

/// Sets `key` to the string `value` in the mapping `node` (kustomize's `SetEntry`), the key
/// and value taking `key_span` and `value_span`.
pub(crate) fn set_entry(
    node: &mut Node,
    key: &str,
    value: &str,
    key_span: Span,
    value_span: Span,
) -> Result<(), String> {
    if matches!(node.value, NodeValue::Null) {
        node.value = NodeValue::Map(Vec::new());
    }
    let NodeValue::Map(entries) = &mut node.value else {
        return Err(format!(
            "wrong node kind: expected MappingNode but got {}",
            node_kind(node)
        ));
    };
    let v = Node {
        span: value_span,
        value: NodeValue::String(value.to_string()),
    };
    match entries.iter_mut().find(|e| e.key == key) {
        Some(e) => e.value = v,
        None => entries.push(Entry {
            key: key.to_string(),
            key_span,
            value: v,
        }),
    }
    Ok(())
}

/// Replaces the scalar `node` with `value` (kustomize's `SetScalar`); a mapping or sequence is
/// an error.
pub(crate) fn set_scalar(node: &mut Node, value: NodeValue, span: Span) -> Result<(), String> {
    if matches!(node.value, NodeValue::Map(_) | NodeValue::Seq(_)) {
        return Err(format!(
            "wrong node kind: expected ScalarNode but got {}",
            node_kind(node)
        ));
    }
    node.value = value;
    node.span = span;
    Ok(())
}

pub(crate) fn node_kind(node: &Node) -> &'static str {
    match node.value {
        NodeValue::Map(_) => "MappingNode",
        NodeValue::Seq(_) => "SequenceNode",
        _ => "ScalarNode",
    }
}

/// The text of a scalar as kustomize's YAML nodes hold it (`yaml.Node.Value`).
pub(crate) fn scalar_value(node: &Node) -> String {
    match &node.value {
        NodeValue::String(s) => s.clone(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Null | NodeValue::Seq(_) | NodeValue::Map(_) => String::new(),
    }
}

/// A row of a default table: path, group, version, kind, create.
type Row = (&'static str, &'static str, &'static str, &'static str, bool);

const NAME: &[Row] = &[("metadata/name", "", "", "", false)];

const NAMESPACE: &[Row] = &[
    ("metadata/name", "", "", "Namespace", true),
    (
        "spec/service/namespace",
        "apiregistration.k8s.io",
        "",
        "APIService",
        true,
    ),
    (
        "spec/conversion/webhook/clientConfig/service/namespace",
        "apiextensions.k8s.io",
        "",
        "CustomResourceDefinition",
        false,
    ),
];

/// The selectors `commonLabels` writes (kustomize's `commonLabels` table before the
/// metadata labels).
const SELECTORS: &[Row] = &[
    ("spec/selector", "", "v1", "Service", true),
    ("spec/selector", "", "v1", "ReplicationController", true),
    ("spec/selector/matchLabels", "", "", "Deployment", true),
    ("spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", "apps", "", "Deployment", false),
    ("spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", "apps", "", "Deployment", false),
    ("spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", "apps", "", "Deployment", false),
    ("spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", "apps", "", "Deployment", false),
    ("spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", "apps", "", "Deployment", false),
    ("spec/selector/matchLabels", "", "", "ReplicaSet", true),
    ("spec/selector/matchLabels", "", "", "DaemonSet", true),
    ("spec/selector/matchLabels", "apps", "", "StatefulSet", true),
    ("spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", "apps", "", "StatefulSet", false),
    ("spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", "apps", "", "StatefulSet", false),
    ("spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", "apps", "", "StatefulSet", false),
    ("spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", "apps", "", "StatefulSet", false),
    ("spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", "apps", "", "StatefulSet", false),
    ("spec/selector/matchLabels", "batch", "", "Job", false),
    ("spec/jobTemplate/spec/selector/matchLabels", "batch", "", "CronJob", false),
    ("spec/selector/matchLabels", "policy", "", "PodDisruptionBudget", false),
    ("spec/podSelector/matchLabels", "networking.k8s.io", "", "NetworkPolicy", false),
    ("spec/ingress/from/podSelector/matchLabels", "networking.k8s.io", "", "NetworkPolicy", false),
    ("spec/egress/to/podSelector/matchLabels", "networking.k8s.io", "", "NetworkPolicy", false),
];

/// Labels of objects and of the templates they make (`templateLabels`, and the end of
/// `commonLabels`).
const METADATA_LABELS: &[Row] = &[
    ("metadata/labels", "", "", "", true),
    (
        "spec/template/metadata/labels",
        "",
        "v1",
        "ReplicationController",
        true,
    ),
    ("spec/template/metadata/labels", "", "", "Deployment", true),
    ("spec/template/metadata/labels", "", "", "ReplicaSet", true),
    ("spec/template/metadata/labels", "", "", "DaemonSet", true),
    (
        "spec/template/metadata/labels",
        "apps",
        "",
        "StatefulSet",
        true,
    ),
    (
        "spec/volumeClaimTemplates[]/metadata/labels",
        "apps",
        "",
        "StatefulSet",
        true,
    ),
    ("spec/template/metadata/labels", "batch", "", "Job", true),
    (
        "spec/jobTemplate/metadata/labels",
        "batch",
        "",
        "CronJob",
        true,
    ),
    (
        "spec/jobTemplate/spec/template/metadata/labels",
        "batch",
        "",
        "CronJob",
        true,
    ),
];

const ANNOTATIONS: &[Row] = &[
    ("metadata/annotations", "", "", "", true),
    (
        "spec/template/metadata/annotations",
        "",
        "v1",
        "ReplicationController",
        true,
    ),
    (
        "spec/template/metadata/annotations",
        "",
        "",
        "Deployment",
        true,
    ),
    (
        "spec/template/metadata/annotations",
        "",
        "",
        "ReplicaSet",
        true,
    ),
    (
        "spec/template/metadata/annotations",
        "",
        "",
        "DaemonSet",
        true,
    ),
    (
        "spec/template/metadata/annotations",
        "",
        "",
        "StatefulSet",
        true,
    ),
    (
        "spec/template/metadata/annotations",
        "batch",
        "",
        "Job",
        true,
    ),
    (
        "spec/jobTemplate/metadata/annotations",
        "batch",
        "",
        "CronJob",
        true,
    ),
    (
        "spec/jobTemplate/spec/template/metadata/annotations",
        "batch",
        "",
        "CronJob",
        true,
    ),
];

const IMAGES: &[Row] = &[
    ("spec/containers[]/image", "", "", "", true),
    ("spec/initContainers[]/image", "", "", "", true),
    ("spec/template/spec/containers[]/image", "", "", "", true),
    (
        "spec/template/spec/initContainers[]/image",
        "",
        "",
        "",
        true,
    ),
];

const REPLICAS: &[Row] = &[
    ("spec/replicas", "", "", "Deployment", true),
    ("spec/replicas", "", "", "ReplicationController", true),
    ("spec/replicas", "", "", "ReplicaSet", true),
    ("spec/replicas", "", "", "StatefulSet", true),
];

/// Where legacy `vars` are substituted (kustomize's `varReference` table).
const VAR_REFERENCE: &[Row] = &[
    (
        "spec/jobTemplate/spec/template/spec/containers/args",
        "",
        "",
        "CronJob",
        false,
    ),
    (
        "spec/jobTemplate/spec/template/spec/containers/command",
        "",
        "",
        "CronJob",
        false,
    ),
    (
        "spec/jobTemplate/spec/template/spec/containers/env/value",
        "",
        "",
        "CronJob",
        false,
    ),
    (
        "spec/jobTemplate/spec/template/spec/containers/volumeMounts/mountPath",
        "",
        "",
        "CronJob",
        false,
    ),
    (
        "spec/jobTemplate/spec/template/spec/initContainers/args",
        "",
        "",
        "CronJob",
        false,
    ),
    (
        "spec/jobTemplate/spec/template/spec/initContainers/command",
        "",
        "",
        "CronJob",
        false,
    ),
    (
        "spec/jobTemplate/spec/template/spec/initContainers/env/value",
        "",
        "",
        "CronJob",
        false,
    ),
    (
        "spec/jobTemplate/spec/template/spec/initContainers/volumeMounts/mountPath",
        "",
        "",
        "CronJob",
        false,
    ),
    (
        "spec/jobTemplate/spec/template/volumes/nfs/server",
        "",
        "",
        "CronJob",
        false,
    ),
    (
        "spec/template/spec/containers/args",
        "",
        "",
        "DaemonSet",
        false,
    ),
    (
        "spec/template/spec/containers/command",
        "",
        "",
        "DaemonSet",
        false,
    ),
    (
        "spec/template/spec/containers/env/value",
        "",
        "",
        "DaemonSet",
        false,
    ),
    (
        "spec/template/spec/containers/volumeMounts/mountPath",
        "",
        "",
        "DaemonSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/args",
        "",
        "",
        "DaemonSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/command",
        "",
        "",
        "DaemonSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/env/value",
        "",
        "",
        "DaemonSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/volumeMounts/mountPath",
        "",
        "",
        "DaemonSet",
        false,
    ),
    (
        "spec/template/spec/volumes/nfs/server",
        "",
        "",
        "DaemonSet",
        false,
    ),
    (
        "spec/template/spec/containers/args",
        "",
        "",
        "Deployment",
        false,
    ),
    (
        "spec/template/spec/containers/command",
        "",
        "",
        "Deployment",
        false,
    ),
    (
        "spec/template/spec/containers/env/value",
        "",
        "",
        "Deployment",
        false,
    ),
    (
        "spec/template/spec/containers/volumeMounts/mountPath",
        "",
        "",
        "Deployment",
        false,
    ),
    (
        "spec/template/spec/initContainers/args",
        "",
        "",
        "Deployment",
        false,
    ),
    (
        "spec/template/spec/initContainers/command",
        "",
        "",
        "Deployment",
        false,
    ),
    (
        "spec/template/spec/initContainers/env/value",
        "",
        "",
        "Deployment",
        false,
    ),
    (
        "spec/template/spec/initContainers/volumeMounts/mountPath",
        "",
        "",
        "Deployment",
        false,
    ),
    (
        "spec/template/spec/volumes/nfs/server",
        "",
        "",
        "Deployment",
        false,
    ),
    (
        "spec/template/metadata/annotations",
        "",
        "",
        "Deployment",
        false,
    ),
    ("spec/rules/host", "", "", "Ingress", false),
    ("spec/tls/hosts", "", "", "Ingress", false),
    ("spec/tls/secretName", "", "", "Ingress", false),
    ("spec/template/spec/containers/args", "", "", "Job", false),
    (
        "spec/template/spec/containers/command",
        "",
        "",
        "Job",
        false,
    ),
    (
        "spec/template/spec/containers/env/value",
        "",
        "",
        "Job",
        false,
    ),
    (
        "spec/template/spec/containers/volumeMounts/mountPath",
        "",
        "",
        "Job",
        false,
    ),
    (
        "spec/template/spec/initContainers/args",
        "",
        "",
        "Job",
        false,
    ),
    (
        "spec/template/spec/initContainers/command",
        "",
        "",
        "Job",
        false,
    ),
    (
        "spec/template/spec/initContainers/env/value",
        "",
        "",
        "Job",
        false,
    ),
    (
        "spec/template/spec/initContainers/volumeMounts/mountPath",
        "",
        "",
        "Job",
        false,
    ),
    (
        "spec/template/spec/volumes/nfs/server",
        "",
        "",
        "Job",
        false,
    ),
    ("spec/containers/args", "", "", "Pod", false),
    ("spec/containers/command", "", "", "Pod", false),
    ("spec/containers/env/value", "", "", "Pod", false),
    (
        "spec/containers/volumeMounts/mountPath",
        "",
        "",
        "Pod",
        false,
    ),
    ("spec/initContainers/args", "", "", "Pod", false),
    ("spec/initContainers/command", "", "", "Pod", false),
    ("spec/initContainers/env/value", "", "", "Pod", false),
    (
        "spec/initContainers/volumeMounts/mountPath",
        "",
        "",
        "Pod",
        false,
    ),
    ("spec/volumes/nfs/server", "", "", "Pod", false),
    (
        "spec/template/spec/containers/args",
        "",
        "",
        "ReplicaSet",
        false,
    ),
    (
        "spec/template/spec/containers/command",
        "",
        "",
        "ReplicaSet",
        false,
    ),
    (
        "spec/template/spec/containers/env/value",
        "",
        "",
        "ReplicaSet",
        false,
    ),
    (
        "spec/template/spec/containers/volumeMounts/mountPath",
        "",
        "",
        "ReplicaSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/args",
        "",
        "",
        "ReplicaSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/command",
        "",
        "",
        "ReplicaSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/env/value",
        "",
        "",
        "ReplicaSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/volumeMounts/mountPath",
        "",
        "",
        "ReplicaSet",
        false,
    ),
    (
        "spec/template/spec/volumes/nfs/server",
        "",
        "",
        "ReplicaSet",
        false,
    ),
    ("spec/ports/port", "", "", "Service", false),
    ("spec/ports/targetPort", "", "", "Service", false),
    (
        "spec/template/spec/containers/args",
        "",
        "",
        "StatefulSet",
        false,
    ),
    (
        "spec/template/spec/containers/command",
        "",
        "",
        "StatefulSet",
        false,
    ),
    (
        "spec/template/spec/containers/env/value",
        "",
        "",
        "StatefulSet",
        false,
    ),
    (
        "spec/template/spec/containers/volumeMounts/mountPath",
        "",
        "",
        "StatefulSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/args",
        "",
        "",
        "StatefulSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/command",
        "",
        "",
        "StatefulSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/env/value",
        "",
        "",
        "StatefulSet",
        false,
    ),
    (
        "spec/template/spec/initContainers/volumeMounts/mountPath",
        "",
        "",
        "StatefulSet",
        false,
    ),
    (
        "spec/volumeClaimTemplates/spec/nfs/server",
        "",
        "",
        "StatefulSet",
        false,
    ),
    ("spec/nfs/server", "", "", "PersistentVolume", false),
    ("metadata/labels", "", "", "", false),
    ("metadata/annotations", "", "", "", false),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kustomize_fieldspec_merge_rules() {
        let mut list = vec![FieldSpec::plain("metadata/labels", true)];
        // Selected by an empty GVK with the same path: dropped.
        merge_one(&mut list, FieldSpec::plain("metadata/labels", true)).unwrap();
        assert_eq!(list.len(), 1);
        // A kind the existing spec does not have: added.
        let mut x = FieldSpec::plain("metadata/labels", false);
        x.kind = "Foo".into();
        merge_one(&mut list, x).unwrap();
        assert_eq!(list.len(), 2);
        // Same in effect, different create: an error.
        assert!(merge_one(&mut list, FieldSpec::plain("metadata/labels", false)).is_err());
    }

    #[test]
    fn paths_split_on_unescaped_slashes() {
        assert_eq!(
            split_path(r"metadata/annotations/a.io\/b"),
            vec!["metadata", "annotations", "a.io/b"]
        );
    }
}
