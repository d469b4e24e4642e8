//! Built-in plugin configurations (`transformers:`, `generators:`, `validators:`) and
//! `buildMetadata`.
//!
//! **Plugin configurations** are objects with `apiVersion: builtin` and the kind of one of
//! kustomize's built-in plugins, written inline (a YAML string in the list) or in files and
//! kustomization roots the list names (the built objects of a root are the configurations).
//! As in kustomize (`kusttarget.go`: `configureExternalTransformers`), the inline ones come
//! first, then the others in order. Each configures the same implementation as the
//! kustomization fields do (`transform.rs`, `patch.rs`, `generators.rs`); anything else
//! (exec, container, KRM-function or Go plugins) would run code, which Tollgate does not do:
//! an error at its line, as `kubectl kustomize` (plugins disabled) also fails.
//!
//! **`buildMetadata`** (`originAnnotations`, `transformerAnnotations`, `managedByLabel`) is the
//! top kustomization's (kustomize gives every kustomization of a build the top one's list).
//! When it is not empty, kustomize records, while building, where each object came from
//! (`config.kubernetes.io/origin`: the file of a resource, or the generator and the file that
//! configured it) and which transformers ran over it
//! (`alpha.config.kubernetes.io/transformations`), as real annotations that other steps see;
//! at the end it removes what the options do not ask for, and it rewrites every object's
//! annotations as strings (removing an empty `annotations`). `managedByLabel` adds
//! `app.kubernetes.io/managed-by: kustomize-(devel)` (kubectl's kustomize prints `(devel)`).

use super::fieldspecs::{self, lenient_fields, FieldSpec, TConfig};
use super::generators::{self, Behavior, GenKind, Generated};
use super::transform::{self, ImageArgs, NsOptions, Subjects};
use super::{
    add_unique, get_mut, map_at, ns_eq, patch, set, str_at, Build, KError, Kust, Loader, Res,
};
use crate::source::{Entry, Node, NodeValue, Span};

/// The annotation holding an object's origin.
pub(crate) const ORIGIN_KEY: &str = "config.kubernetes.io/origin";
/// The annotation listing the transformers that changed an object.
pub(crate) const TRANSFORMATIONS_KEY: &str = "alpha.config.kubernetes.io/transformations";
const MANAGED_BY_KEY: &str = "app.kubernetes.io/managed-by";
/// What kubectl's embedded kustomize writes as its version.
const MANAGED_BY_VALUE: &str = "kustomize-(devel)";

/// What a build keeps for `buildMetadata`, `configurations` and plugin configurations.
#[derive(Debug, Default)]
pub(crate) struct Meta {
    /// The top kustomization's `buildMetadata`.
    options: Vec<String>,
    /// The span of the top kustomization's `buildMetadata` field.
    options_span: Option<Span>,
    /// Origins are tracked (the top's `buildMetadata` is not empty).
    pub track: bool,
    /// kustomize's `origin.Path`: the directory of the kustomization being built, relative to
    /// the top one, as the entries that lead to it are written (lexically cleaned).
    pub path: String,
    /// The transformer configuration of the accumulator being built (shared: most
    /// kustomizations have the defaults, and transformers read it once per kustomization).
    pub tconfig: std::sync::Arc<TConfig>,
}

/// Where an object or a transformer came from (kustomize's `resource.Origin`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Origin {
    pub path: String,
    pub configured_in: String,
    /// apiVersion, kind, name, namespace of the configuring plugin.
    pub configured_by: Option<[String; 4]>,
    /// The line the annotations recording it point at.
    pub span: Span,
}

impl Origin {
    /// The origin of a transformer or generator configured by a plugin configuration
    /// (`OriginFromCustomPlugin`).
    fn of_config(node: &Node, path: &str) -> Self {
        let s = |p: &[&str]| str_at(node, p).unwrap_or("").to_string();
        Origin {
            path: String::new(),
            configured_in: path.to_string(),
            configured_by: Some([
                s(&["apiVersion"]),
                s(&["kind"]),
                s(&["metadata", "name"]),
                s(&["metadata", "namespace"]),
            ]),
            span: node.span,
        }
    }

    /// The YAML kustomize writes for an origin (go-yaml v3, indented by two), the first line
    /// prefixed by `first`, the others by `indent`.
    fn yaml(&self, first: &str, indent: &str) -> String {
        let mut lines: Vec<String> = Vec::new();
        if !self.path.is_empty() {
            lines.push(format!("path: {}", yaml_scalar(&self.path)));
        }
        if !self.configured_in.is_empty() {
            lines.push(format!(
                "configuredIn: {}",
                yaml_scalar(&self.configured_in)
            ));
        }
        if let Some(by) = &self.configured_by {
            if by.iter().any(|s| !s.is_empty()) {
                lines.push("configuredBy:".to_string());
                for (key, value) in ["apiVersion", "kind", "name", "namespace"].iter().zip(by) {
                    if !value.is_empty() {
                        lines.push(format!("  {key}: {}", yaml_scalar(value)));
                    }
                }
            }
        }
        if lines.is_empty() {
            return format!("{first}{{}}\n");
        }
        let mut out = String::new();
        for (i, l) in lines.iter().enumerate() {
            out.push_str(if i == 0 { first } else { indent });
            out.push_str(l);
            out.push('\n');
        }
        out
    }
}

/// A string as go-yaml v3 writes it: plain when it reads back as the same string, else
/// double-quoted (when it would read as another type) or single-quoted.
fn yaml_scalar(s: &str) -> String {
    let old_bool = matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    );
    if !s.is_empty() && (generators::yaml_v3_resolve(s).is_some() || old_bool) {
        return format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    }
    if generators::yaml_v3_plain_key(s) {
        return s.to_string();
    }
    if s.chars().all(|c| c != '\n' && !c.is_control()) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `filepath.Join`: the non-empty elements joined by `/`, then cleaned lexically (`.`
/// removed, `..` resolved against the element before it); `""` when all are empty.
pub(crate) fn go_join(parts: &[&str]) -> String {
    let joined: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if joined.is_empty() {
        return String::new();
    }
    go_clean(&joined.join("/"))
}

fn go_clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            p => out.push(p),
        }
    }
    let body = out.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

/// The name of a kustomization's file (`kustomization.yaml`, …).
fn kust_file_name(kust: &Kust) -> String {
    kust.file
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads the top kustomization's `buildMetadata` (at the start of a build).
pub(super) fn start(b: &mut Build<'_>, kust: &Kust) -> Result<(), KError> {
    let options = kust.strings("buildMetadata")?;
    b.meta.options_span = kust.root.entry("buildMetadata").map(|e| e.key_span);
    b.meta.track = !options.is_empty();
    b.meta.options = options.into_iter().map(|(s, _)| s).collect();
    Ok(())
}

fn has_option(b: &Build<'_>, option: &str) -> bool {
    b.meta.options.iter().any(|o| o == option)
}

/// Builds another kustomization root (a `resources` entry, or a root of plugin
/// configurations) in its own accumulator: its transformer configuration is merged into the
/// current one afterwards (kustomize's `MergeAccumulator`) and its origin path is the entry.
pub(super) fn accumulate_root(
    b: &mut Build<'_>,
    sub: &Kust,
    entry: &str,
) -> Result<Vec<Res>, KError> {
    let saved = std::mem::take(&mut b.meta.tconfig);
    let path = go_join(&[&b.meta.path, entry]);
    let saved_path = std::mem::replace(&mut b.meta.path, path);
    let built = b.accumulate(sub, Vec::new());
    b.meta.path = saved_path;
    let sub_config = std::mem::replace(&mut b.meta.tconfig, saved);
    let built = built?;
    TConfig::merge_shared(&mut b.meta.tconfig, &sub_config)
        .map_err(|(s, m)| KError::at(s.unwrap_or(sub.root.span), m))?;
    Ok(built)
}

/// Accumulates a component into what its parent accumulated (same configuration), with the
/// component's origin path.
pub(super) fn accumulate_component(
    b: &mut Build<'_>,
    comp: &Kust,
    ra: Vec<Res>,
    entry: &str,
) -> Result<Vec<Res>, KError> {
    let path = go_join(&[&b.meta.path, entry]);
    let saved_path = std::mem::replace(&mut b.meta.path, path);
    let built = b.accumulate(comp, ra);
    b.meta.path = saved_path;
    built
}

/// The objects of a resource file: with origins tracked, each gets the file as its origin
/// (`accumulateFile`, replacing any origin it had).
pub(super) fn file_origin(b: &Build<'_>, entry: &str, span: Span, out: &mut [Res]) {
    if !b.meta.track {
        return;
    }
    let origin = Origin {
        path: go_join(&[&b.meta.path, entry]),
        span,
        ..Origin::default()
    };
    let text = origin.yaml("", "");
    for r in out.iter_mut() {
        set_annotation(&mut r.node, ORIGIN_KEY, &text, span);
    }
}

/// The origin of a transformer or generator a kustomization field configures.
pub(super) fn builtin_origin(b: &Build<'_>, kust: &Kust, kind: &str, field: &str) -> Origin {
    let span = kust
        .root
        .entry(field)
        .map_or(kust.root.span, |e| e.key_span.join(e.value.span));
    Origin {
        path: String::new(),
        configured_in: go_join(&[&b.meta.path, &kust_file_name(kust)]),
        configured_by: Some([
            "builtin".to_string(),
            kind.to_string(),
            String::new(),
            String::new(),
        ]),
        span,
    }
}

fn annotation<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.get("metadata")?.get("annotations")?.get(key)
}

fn set_annotation(node: &mut Node, key: &str, value: &str, span: Span) {
    let Some(meta) = map_at(node, "metadata", span) else {
        return;
    };
    let Some(annotations) = map_at(meta, "annotations", span) else {
        return;
    };
    set(
        annotations,
        key,
        Node {
            span,
            value: NodeValue::String(value.to_string()),
        },
        span,
    );
}

/// After one transformer ran: with origins tracked, each object records it (as its origin
/// when it has none, as a transformation otherwise: `AddTransformerAnnotation`); then emptied
/// objects are dropped (`DropEmpties`).
pub(super) fn transformed(b: &Build<'_>, ra: &mut Vec<Res>, origin: &Origin) -> Result<(), KError> {
    if b.meta.track {
        let as_origin = origin.yaml("", "");
        let as_item = origin.yaml("- ", "  ");
        for r in ra.iter_mut() {
            if annotation(&r.node, ORIGIN_KEY).is_none() {
                set_annotation(&mut r.node, ORIGIN_KEY, &as_origin, origin.span);
                continue;
            }
            let mut text = annotation(&r.node, TRANSFORMATIONS_KEY)
                .map(fieldspecs::scalar_value)
                .unwrap_or_default();
            if text.trim().is_empty() || text.trim() == "[]" {
                text.clear();
            } else if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&as_item);
            set_annotation(&mut r.node, TRANSFORMATIONS_KEY, &text, origin.span);
        }
    }
    ra.retain(|r| match &r.node.value {
        NodeValue::Map(entries) => !entries.is_empty(),
        _ => false,
    });
    Ok(())
}

/// The origin of the objects a built-in generator of `kust` makes (configMapGenerator,
/// secretGenerator, helmCharts), when origins are tracked.
pub(super) fn generator_origin(b: &Build<'_>, kust: &Kust, kind: &str) -> Option<Origin> {
    let field = match kind {
        "ConfigMapGenerator" => "configMapGenerator",
        "SecretGenerator" => "secretGenerator",
        _ => "helmCharts",
    };
    b.meta.track.then(|| builtin_origin(b, kust, kind, field))
}

/// Gives the objects built-in generators of `kust` made ([`Res::generated`]) their origin
/// (kept when they have one), as kustomize does before adding them.
pub(super) fn settle_generated(b: &Build<'_>, kust: &Kust, ra: &mut [Res]) {
    for r in ra.iter_mut() {
        let Some(kind) = r.generated_by.take() else {
            continue;
        };
        if let Some(origin) = generator_origin(b, kust, &kind) {
            if annotation(&r.node, ORIGIN_KEY).is_none() {
                set_annotation(&mut r.node, ORIGIN_KEY, &origin.yaml("", ""), origin.span);
            }
        }
    }
}

/// Adds a generated ConfigMap or Secret to the accumulated objects (kustomize's
/// `appendReplaceOrMerge`): a new object, or merged into / replacing the one with its id (any
/// id it had). With origins tracked, the object records the generator (`origin`) unless it
/// has an origin; a merged object keeps the existing object's origin.
pub(super) fn absorb(
    ra: &mut Vec<Res>,
    mut generated: Generated,
    kind_name: &str,
    span: Span,
    origin: Option<&Origin>,
) -> Result<(), KError> {
    if let Some(o) = origin {
        if annotation(&generated.node, ORIGIN_KEY).is_none() {
            set_annotation(&mut generated.node, ORIGIN_KEY, &o.yaml("", ""), o.span);
        }
    }
    let matches: Vec<usize> = ra
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.group().is_empty()
                && r.kind() == kind_name
                && r.names.contains(&generated.base_name)
                && r.namespaces
                    .iter()
                    .any(|ns| ns_eq(ns, &generated.namespace))
        })
        .map(|(i, _)| i)
        .collect();
    match (matches.as_slice(), generated.behavior) {
        ([], Behavior::Create) => {
            let mut res = Res::new(generated.node);
            res.hashed = generated.hashed;
            ra.push(res);
            Ok(())
        }
        ([], _) => {
            let ns = if generated.namespace.is_empty() {
                "~X"
            } else {
                &generated.namespace
            };
            Err(KError::at(
                span,
                format!(
                    "id [v1_{kind_name}|{ns}|{}] does not exist; cannot merge or replace",
                    generated.base_name
                ),
            ))
        }
        ([i], behavior) => {
            let existing = &mut ra[*i];
            let old_origin = annotation(&existing.node, ORIGIN_KEY).cloned();
            existing.hashed = generators::combine(&mut existing.node, existing.hashed, generated)
                .map_err(|(span, msg)| KError::at(span, msg))?;
            if behavior == Behavior::Merge {
                if let Some(o) = old_origin {
                    let text = fieldspecs::scalar_value(&o);
                    set_annotation(&mut existing.node, ORIGIN_KEY, &text, o.span);
                }
            }
            Ok(())
        }
        _ => Err(KError::at(
            span,
            format!(
                "found multiple objects that could accept merge of {kind_name} {}",
                generated.base_name
            ),
        )),
    }
}

/// The end of a build (kustomize's `Kustomizer.Run` after the sort): the managed-by label,
/// then the tracking annotations the options do not ask for removed, and every object's
/// annotations rewritten as kustomize writes them back (strings, an empty map removed).
pub(super) fn finish(b: &Build<'_>, ra: &mut [Res]) -> Result<(), KError> {
    let span = b.meta.options_span.unwrap_or_default();
    if has_option(b, "managedByLabel") {
        let pair = Pair {
            key: MANAGED_BY_KEY.to_string(),
            value: MANAGED_BY_VALUE.to_string(),
            key_span: span,
            value_span: span,
        };
        transform::apply_pairs(
            ra,
            std::slice::from_ref(&pair),
            &[FieldSpec::plain("metadata/labels", true)],
            span,
        )?;
    }
    let keep_origin = has_option(b, "originAnnotations");
    let keep_transformations = has_option(b, "transformerAnnotations");
    for r in ra.iter_mut() {
        let Some(meta) = get_mut(&mut r.node, "metadata") else {
            continue;
        };
        let non_empty = matches!(
            meta.get("annotations").map(|a| &a.value),
            Some(NodeValue::Map(entries)) if !entries.is_empty()
        );
        if keep_origin && keep_transformations && !non_empty {
            continue;
        }
        let NodeValue::Map(meta_entries) = &mut meta.value else {
            continue;
        };
        let Some(i) = meta_entries.iter().position(|e| e.key == "annotations") else {
            continue;
        };
        let mut kept: Vec<Entry> = Vec::new();
        if let NodeValue::Map(entries) = &meta_entries[i].value.value {
            for e in entries {
                if (e.key == ORIGIN_KEY && !keep_origin)
                    || (e.key == TRANSFORMATIONS_KEY && !keep_transformations)
                {
                    continue;
                }
                let text = raw_scalar(b, &e.value);
                kept.push(Entry {
                    key: e.key.clone(),
                    key_span: e.key_span,
                    value: Node {
                        span: e.value.span,
                        value: NodeValue::String(text),
                    },
                });
            }
        }
        if kept.is_empty() {
            meta_entries.remove(i);
        } else {
            kept.sort_by(|a, b| a.key.cmp(&b.key));
            meta_entries[i].value.value = NodeValue::Map(kept);
        }
    }
    Ok(())
}

/// The text of a scalar as kustomize's YAML node holds it: a string as it is; another scalar
/// as written in its file (`0x1F`, `yes`, `~`) when its span holds it, else as Go prints it; a
/// mapping or sequence as `""`.
fn raw_scalar(b: &Build<'_>, node: &Node) -> String {
    match &node.value {
        NodeValue::String(s) => s.clone(),
        NodeValue::Seq(_) | NodeValue::Map(_) => String::new(),
        v => {
            let written = b
                .map
                .resolve(node.span)
                .map(|(f, s)| f.slice(s).trim().to_string());
            if let Some(text) = written {
                if crate::source::yaml::resolve_plain(&text) == *v {
                    return text;
                }
            }
            match v {
                NodeValue::Null => String::new(),
                other => fieldspecs::scalar_value(&Node {
                    span: node.span,
                    value: other.clone(),
                }),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding configurations

/// A `key: value` pair of a string map (labels, annotations), with the spans of both.
#[derive(Debug, Clone)]
pub(crate) struct Pair {
    pub key: String,
    pub value: String,
    pub key_span: Span,
    pub value_span: Span,
}

fn type_error(node: &Node, owner: &str, path: &str, ty: &str, strict: bool) -> KError {
    KError::at(
        node.span,
        format!(
            "{}json: cannot unmarshal {} into Go struct field {owner}.{path} of type {ty}",
            if strict {
                "invalid Kustomization: "
            } else {
                ""
            },
            node.json_kind()
        ),
    )
}

/// A `map[string]string` (`null` values are empty strings, other non-strings errors).
pub(crate) fn string_map(node: &Node, what: &str, strict: bool) -> Result<Vec<Pair>, KError> {
    let (owner, path) = what.split_once('.').unwrap_or(("", what));
    match &node.value {
        NodeValue::Null => Ok(Vec::new()),
        NodeValue::Map(entries) => entries
            .iter()
            .map(|e| {
                let value = match &e.value.value {
                    NodeValue::Null => String::new(),
                    NodeValue::String(s) => s.clone(),
                    _ => return Err(type_error(&e.value, owner, path, "string", strict)),
                };
                Ok(Pair {
                    key: e.key.clone(),
                    value,
                    key_span: e.key_span,
                    value_span: e.value.span,
                })
            })
            .collect(),
        _ => Err(type_error(node, owner, path, "map[string]string", strict)),
    }
}

/// The fields of a configuration object, decoded as Go's `encoding/json` does (exact or
/// case-insensitive names): `strict` (a kustomization's) refuses unknown fields, otherwise
/// (a plugin configuration) they are ignored.
pub(crate) struct Fields<'a> {
    entries: Vec<(&'static str, &'a Entry)>,
    owner: String,
    field: String,
    strict: bool,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(
        node: &'a Node,
        keys: &[&'static str],
        owner: &str,
        field: &str,
        strict: bool,
    ) -> Result<Self, KError> {
        let entries = match &node.value {
            NodeValue::Null => Vec::new(),
            NodeValue::Map(entries) => {
                if strict {
                    if let Some(e) = entries
                        .iter()
                        .find(|e| fieldspecs::match_key(&e.key, keys).is_none())
                    {
                        return Err(KError::at(
                            e.key_span,
                            format!("invalid Kustomization: json: unknown field \"{}\"", e.key),
                        ));
                    }
                }
                lenient_fields(node, keys)
            }
            _ => {
                return Err(KError::at(
                    node.span,
                    format!(
                        "{}json: cannot unmarshal {} into Go value of type types.{owner}",
                        if strict {
                            "invalid Kustomization: "
                        } else {
                            ""
                        },
                        node.json_kind()
                    ),
                ))
            }
        };
        Ok(Fields {
            entries,
            owner: owner.to_string(),
            field: field.to_string(),
            strict,
        })
    }

    pub(crate) fn entry(&self, key: &str) -> Option<&'a Entry> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, e)| *e)
    }

    pub(crate) fn node(&self, key: &str) -> Option<&'a Node> {
        self.entry(key).map(|e| &e.value)
    }

    fn path(&self, key: &str) -> String {
        if self.field.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.field)
        }
    }

    pub(crate) fn string(&self, key: &str) -> Result<Option<(String, Span)>, KError> {
        let Some(n) = self.node(key) else {
            return Ok(None);
        };
        match &n.value {
            NodeValue::Null => Ok(None),
            NodeValue::String(s) => Ok(Some((s.clone(), n.span))),
            _ => Err(type_error(
                n,
                &self.owner,
                &self.path(key),
                "string",
                self.strict,
            )),
        }
    }

    pub(crate) fn boolean(&self, key: &str) -> Result<bool, KError> {
        let Some(n) = self.node(key) else {
            return Ok(false);
        };
        match &n.value {
            NodeValue::Null => Ok(false),
            NodeValue::Bool(b) => Ok(*b),
            _ => Err(type_error(
                n,
                &self.owner,
                &self.path(key),
                "bool",
                self.strict,
            )),
        }
    }

    pub(crate) fn int(&self, key: &str) -> Result<Option<(i64, Span)>, KError> {
        let Some(n) = self.node(key) else {
            return Ok(None);
        };
        match &n.value {
            NodeValue::Null => Ok(None),
            NodeValue::Int(i) => Ok(Some((*i, n.span))),
            _ => Err(type_error(
                n,
                &self.owner,
                &self.path(key),
                "int64",
                self.strict,
            )),
        }
    }

    pub(crate) fn string_map(&self, key: &str) -> Result<Option<Vec<Pair>>, KError> {
        let Some(n) = self.node(key) else {
            return Ok(None);
        };
        let what = format!("{}.{}", self.owner, self.path(key));
        string_map(n, &what, self.strict).map(Some)
    }
}

// ---------------------------------------------------------------------------------------------
// Plugin configurations

/// A plugin configuration and the path kustomize records as where it was configured.
struct Config {
    node: Node,
    /// `origin.Path` of the configuration (the file it is in, relative to the top).
    path: String,
}

/// The configurations of a `transformers`, `generators` or `validators` list: inline ones
/// first, then those of the files and roots named, in order (`configureExternalTransformers`).
fn load_configs(b: &mut Build<'_>, kust: &Kust, key: &str) -> Result<Vec<Config>, KError> {
    let Some(list) = kust.get(key) else {
        return Ok(Vec::new());
    };
    let Some(items) = list.as_seq() else {
        return Err(KError::at(list.span, format!("`{key}` must be a list")));
    };
    let mut inline: Vec<Res> = Vec::new();
    let mut paths: Vec<(String, Span)> = Vec::new();
    let here = go_join(&[&b.meta.path, &kust_file_name(kust)]);
    for item in items {
        let Some(text) = item.as_str() else {
            return Err(KError::at(
                item.span,
                format!("`{key}` entries must be strings"),
            ));
        };
        if text.trim().is_empty() {
            // Parses as no configuration at all, as in kustomize.
            continue;
        }
        let docs = if text.contains('\n') || text.trim_start().starts_with('{') {
            patch::inline_docs(b, item).ok()
        } else {
            None
        };
        match docs {
            Some(docs) if docs.iter().all(|d| matches!(d.value, NodeValue::Map(_))) => {
                for d in docs {
                    let mut objects = Vec::new();
                    super::expand_list(d, &mut objects)?;
                    let scopes = b.openapi.scopes();
                    for o in objects {
                        add_unique(&mut inline, Res::new(o), &scopes)?;
                    }
                }
            }
            _ => paths.push((text.to_string(), item.span)),
        }
    }
    let inline_count = inline.len();
    // The files and roots, accumulated after the inline configurations (one id may not be
    // configured twice) and apart from the build (their transformer configuration is not its).
    let saved = std::mem::take(&mut b.meta.tconfig);
    let mut accumulated: Vec<Res> = inline;
    let mut result = Ok(());
    for (entry, span) in &paths {
        match b.resource_entry(kust, entry, *span) {
            Ok(objects) => {
                let scopes = b.openapi.scopes();
                for r in objects {
                    if let Err(e) = add_unique(&mut accumulated, r, &scopes) {
                        result = Err(e);
                        break;
                    }
                }
            }
            Err(e) => result = Err(e),
        }
        if result.is_err() {
            break;
        }
    }
    b.meta.tconfig = saved;
    result?;
    let mut out: Vec<Config> = Vec::new();
    for (i, r) in accumulated.into_iter().enumerate() {
        if i < inline_count {
            out.push(Config {
                node: r.node,
                path: here.clone(),
            });
            continue;
        }
        // The file a configuration came from, as its origin says.
        let path = annotation(&r.node, ORIGIN_KEY)
            .and_then(Node::as_str)
            .and_then(|t| {
                t.lines()
                    .find_map(|l| l.strip_prefix("path: "))
                    .map(|p| p.trim_matches(|c| c == '"' || c == '\'').to_string())
            })
            .unwrap_or_default();
        out.push(Config { node: r.node, path });
    }
    Ok(out)
}

/// The kinds of kustomize 5.5's built-in plugins.
const BUILTIN_TRANSFORMERS: &[&str] = &[
    "AnnotationsTransformer",
    "HashTransformer",
    "ImageTagTransformer",
    "LabelTransformer",
    "NamespaceTransformer",
    "PatchJson6902Transformer",
    "PatchStrategicMergeTransformer",
    "PatchTransformer",
    "PrefixSuffixTransformer",
    "PrefixTransformer",
    "SuffixTransformer",
    "ReplacementTransformer",
    "ReplicaCountTransformer",
    "ValueAddTransformer",
];
const BUILTIN_GENERATORS: &[&str] = &[
    "ConfigMapGenerator",
    "IAMPolicyGenerator",
    "SecretGenerator",
    "HelmChartInflationGenerator",
];

/// `Kind.builtin.[noGrp]/name.[noNs]`, as kustomize names a plugin configuration.
fn config_id(node: &Node) -> String {
    let or = |s: Option<&str>, d: &str| match s {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => d.to_string(),
    };
    format!(
        "{}.builtin.[noGrp]/{}.{}",
        or(str_at(node, &["kind"]), "[noKind]"),
        or(str_at(node, &["metadata", "name"]), "[noName]"),
        or(str_at(node, &["metadata", "namespace"]), "[noNs]")
    )
}

/// The built-in kind a configuration asks for, or the error kustomize (plugins disabled)
/// gives for it.
fn builtin_kind(node: &Node, want_generator: bool) -> Result<&str, KError> {
    let kind = str_at(node, &["kind"]).unwrap_or("");
    if str_at(node, &["apiVersion"]) != Some("builtin") {
        return Err(KError::at(
            node.span,
            format!(
                "external plugins disabled; unable to load external plugin '{kind}': Tollgate does not run plugin code (exec, container, KRM function or Go plugins); only `apiVersion: builtin` configurations are supported"
            ),
        ));
    }
    let is_transformer = BUILTIN_TRANSFORMERS.contains(&kind);
    let is_generator = BUILTIN_GENERATORS.contains(&kind);
    if !is_transformer && !is_generator {
        return Err(KError::at(
            node.span,
            format!("unable to load builtin {kind}.builtin.[noGrp]"),
        ));
    }
    if want_generator && !is_generator {
        return Err(KError::at(
            node.span,
            format!(
                "failed to load generator: plugin {} not a generator",
                config_id(node)
            ),
        ));
    }
    if !want_generator && !is_transformer {
        return Err(KError::at(
            node.span,
            format!("plugin {} not a transformer", config_id(node)),
        ));
    }
    match kind {
        "HelmChartInflationGenerator" => Err(KError::at(
            node.span,
            "HelmChartInflationGenerator is not supported in `generators:` yet (use `helmCharts`)",
        )),
        "IAMPolicyGenerator" => Err(KError::at(
            node.span,
            "IAMPolicyGenerator is not supported by Tollgate's native Kustomize",
        )),
        _ => Ok(kind),
    }
}

/// The `transformers:` of a kustomization, each run in turn (and recorded, with origins
/// tracked).
pub(super) fn transformers(
    b: &mut Build<'_>,
    kust: &Kust,
    ra: &mut Vec<Res>,
) -> Result<(), KError> {
    let configs = load_configs(b, kust, "transformers")?;
    for c in &configs {
        builtin_kind(&c.node, false)?;
    }
    for c in &configs {
        run_transformer(b, kust, &c.node, ra)?;
        let origin = Origin::of_config(&c.node, &c.path);
        transformed(b, ra, &origin)?;
    }
    Ok(())
}

/// The `validators:` of a kustomization: a validator may not change the objects (a built-in
/// transformer that writes any field is an error, as in kustomize).
pub(super) fn validators(b: &mut Build<'_>, kust: &Kust, ra: &[Res]) -> Result<(), KError> {
    let configs = load_configs(b, kust, "validators")?;
    for c in &configs {
        builtin_kind(&c.node, false)?;
    }
    for c in &configs {
        let mut copy = ra.to_vec();
        run_transformer(b, kust, &c.node, &mut copy)?;
        let same =
            copy.len() == ra.len() && copy.iter().zip(ra.iter()).all(|(x, y)| x.node == y.node);
        if !same {
            return Err(KError::at(
                c.node.span,
                "validator shouldn't modify the resource map",
            ));
        }
    }
    Ok(())
}

/// The `generators:` of a kustomization (after its configMapGenerator, secretGenerator and
/// helmCharts): ConfigMapGenerator and SecretGenerator configurations. First the objects the
/// built-in generators made get their origin.
pub(super) fn generators(b: &mut Build<'_>, kust: &Kust, ra: &mut Vec<Res>) -> Result<(), KError> {
    settle_generated(b, kust, ra);
    let configs = load_configs(b, kust, "generators")?;
    for c in &configs {
        builtin_kind(&c.node, true)?;
    }
    for c in &configs {
        let kind = match str_at(&c.node, &["kind"]) {
            Some("SecretGenerator") => GenKind::Secret,
            _ => GenKind::ConfigMap,
        };
        let entry = generators::plugin_entry(kind, &c.node);
        let mut loader = Loader { build: b, kust };
        let generated = generators::generate(kind, &entry, None, &mut loader)
            .map_err(|(span, msg)| KError::at(span, msg))?;
        let origin = b.meta.track.then(|| Origin::of_config(&c.node, &c.path));
        let kind_name = match kind {
            GenKind::ConfigMap => "ConfigMap",
            GenKind::Secret => "Secret",
        };
        absorb(ra, generated, kind_name, c.node.span, origin.as_ref())?;
    }
    Ok(())
}

/// The fields plugin configurations of the built-in transformers have.
const CONFIG_FIELDS: &[&str] = &[
    "labels",
    "annotations",
    "fieldSpecs",
    "prefix",
    "suffix",
    "imageTag",
    "replica",
    "replacements",
    "unsetOnly",
    "setRoleBindingSubjects",
    "path",
    "patch",
    "target",
    "options",
    "paths",
    "patches",
    "jsonOp",
    "value",
    "targets",
    "targetFilePath",
];

/// Runs one built-in transformer configuration.
fn run_transformer(
    b: &mut Build<'_>,
    kust: &Kust,
    c: &Node,
    ra: &mut Vec<Res>,
) -> Result<(), KError> {
    let kind = builtin_kind(c, false)?;
    let f = Fields::new(c, CONFIG_FIELDS, kind, "", false)?;
    let specs = fieldspecs::parse_specs(f.node("fieldSpecs"), false)?;
    match kind {
        "LabelTransformer" | "AnnotationsTransformer" => {
            let key = if kind == "LabelTransformer" {
                "labels"
            } else {
                "annotations"
            };
            let pairs = f.string_map(key)?.unwrap_or_default();
            transform::apply_pairs(ra, &pairs, &specs.unwrap_or_default(), c.span)
        }
        "PrefixTransformer" | "SuffixTransformer" | "PrefixSuffixTransformer" => {
            let Some(specs) = specs else {
                return Err(KError::at(c.span, "fieldSpecs is not expected to be nil"));
            };
            let mut steps = Vec::new();
            if kind != "SuffixTransformer" {
                steps.push(("prefix", true));
            }
            if kind != "PrefixTransformer" {
                steps.push(("suffix", false));
            }
            for (key, is_prefix) in steps {
                let (affix, span) = f.string(key)?.unwrap_or((String::new(), c.span));
                let scopes = b.scopes(ra)?;
                transform::apply_affix(ra, &affix, is_prefix, &specs, span, &scopes)?;
            }
            Ok(())
        }
        "NamespaceTransformer" => {
            let (ns, span) = match c.get("metadata") {
                Some(meta) => Fields::new(meta, &["namespace"], "ObjectMeta", "metadata", false)?
                    .string("namespace")?
                    .unwrap_or((String::new(), c.span)),
                None => (String::new(), c.span),
            };
            let mode = f.string("setRoleBindingSubjects")?.map(|(s, _)| s);
            let subjects = match mode.as_deref() {
                None | Some("") | Some("defaultOnly") => Subjects::DefaultOnly,
                Some("allServiceAccounts") => Subjects::AllServiceAccounts,
                Some("none") => Subjects::None,
                Some(other) => {
                    return Err(KError::at(
                        f.node("setRoleBindingSubjects").map_or(c.span, |n| n.span),
                        format!(
                            "invalid value \"{other}\" for setRoleBindingSubjects: must be one of \"defaultOnly\", \"none\" or \"allServiceAccounts\""
                        ),
                    ))
                }
            };
            let opts = NsOptions {
                unset_only: f.boolean("unsetOnly")?,
                subjects,
            };
            let scopes = b.scopes(ra)?;
            let specs = specs.unwrap_or_default();
            transform::apply_namespace(ra, &ns, span, &specs, &opts, &scopes)
        }
        "ImageTagTransformer" => {
            let image = match f.node("imageTag") {
                Some(n) => ImageArgs::parse(n, "imageTag", false)?,
                None => ImageArgs::default(),
            };
            transform::apply_image(ra, &image, &specs.unwrap_or_default())
        }
        "ReplicaCountTransformer" => {
            let (name, count, count_span) = match f.node("replica") {
                Some(n) => {
                    let r = Fields::new(n, &["name", "count"], "Replica", "replica", false)?;
                    let (count, span) = r.int("count")?.unwrap_or((0, n.span));
                    let name = r.string("name")?.map(|(s, _)| s).unwrap_or_default();
                    (name, count, span)
                }
                None => (String::new(), 0, c.span),
            };
            let specs = specs.unwrap_or_default();
            transform::apply_replicas(ra, &name, count, count_span, &specs, c.span)
        }
        "ReplacementTransformer" => {
            let entries = match f.node("replacements") {
                Some(list) => super::replacements::load(b, kust, list)?,
                None => Vec::new(),
            };
            let scopes = b.scopes(ra)?;
            super::replacements::apply(&entries, ra, &scopes)
        }
        "HashTransformer" => {
            let scopes = b.scopes(ra)?;
            transform::apply_hash(ra, &scopes)
        }
        "PatchTransformer" => {
            let entry = lenient_node(c, &["path", "patch", "target", "options"]);
            patch::patch_entry(b, kust, &entry, ra)
        }
        "PatchStrategicMergeTransformer" => {
            patch::strategic_merge_plugin(b, kust, f.node("paths"), f.node("patches"), c.span, ra)
        }
        "PatchJson6902Transformer" => {
            let entry = lenient_node(c, &["path", "jsonOp", "target"]);
            patch::json6902_entry(b, kust, &entry, "jsonOp", ra)
        }
        "ValueAddTransformer" => value_add(b, kust, c, &f, ra),
        other => Err(KError::at(
            c.span,
            format!("the built-in transformer {other} is not supported"),
        )),
    }
}

/// A copy of a configuration with only the given fields (their names as written
/// case-insensitively matched to the canonical ones).
fn lenient_node(c: &Node, keys: &[&'static str]) -> Node {
    let entries = lenient_fields(c, keys)
        .into_iter()
        .map(|(k, e)| Entry {
            key: k.to_string(),
            key_span: e.key_span,
            value: e.value.clone(),
        })
        .collect();
    Node {
        span: c.span,
        value: NodeValue::Map(entries),
    }
}

/// kustomize's ValueAddTransformer: `value` (by default the kustomization directory's name)
/// written at `fieldPath` of the objects each target selects (all without a selector), or
/// inserted into the file path there (`filePathPosition`); `metadata/namespace` sets the
/// namespace as the namespace transformer does.
fn value_add(
    b: &mut Build<'_>,
    kust: &Kust,
    c: &Node,
    f: &Fields<'_>,
    ra: &mut [Res],
) -> Result<(), KError> {
    let (value, value_span) = f.string("value")?.unwrap_or((String::new(), c.span));
    let mut value = value.trim().to_string();
    if value.is_empty() {
        value = kust
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    let mut targets: Vec<Node> = f
        .node("targets")
        .and_then(Node::as_seq)
        .map(<[Node]>::to_vec)
        .unwrap_or_default();
    if let Some((file, span)) = f.string("targetFilePath")? {
        if !file.is_empty() {
            let path = b.file_in_root(kust, &file, span)?;
            if let Some(doc) = b.parse(&path)?.into_iter().next() {
                if let Some(list) = doc.get("targets").and_then(Node::as_seq) {
                    targets.extend(list.iter().cloned());
                }
            }
        }
    }
    if targets.is_empty() {
        return Err(KError::at(c.span, "must specify at least one target"));
    }
    let mut parsed = Vec::new();
    for t in &targets {
        let tf = Fields::new(
            t,
            &["selector", "fieldPath", "filePathPosition"],
            "Target",
            "targets",
            false,
        )?;
        let field_path = tf.string("fieldPath")?.map(|(s, _)| s).unwrap_or_default();
        if field_path.is_empty() {
            return Err(KError::at(t.span, "fieldPath cannot be empty"));
        }
        let position = tf.int("filePathPosition")?.map_or(0, |(i, _)| i);
        if position < 0 {
            return Err(KError::at(
                t.span,
                format!("value of FilePathPosition ({position}) cannot be negative"),
            ));
        }
        parsed.push((tf.node("selector").cloned(), field_path, position, t.span));
    }
    let scopes = b.scopes(ra)?;
    for (selector, field_path, position, span) in parsed {
        let selector = selector.filter(|s| !matches!(s.value, NodeValue::Null));
        let hits: Vec<usize> = match &selector {
            Some(sel) => patch::select(ra, sel, &scopes)?,
            None => (0..ra.len()).collect(),
        };
        for i in hits {
            if field_path == "metadata/namespace" {
                transform::apply_namespace(
                    &mut ra[i..=i],
                    &value,
                    value_span,
                    &[],
                    &NsOptions::default(),
                    &scopes,
                )?;
                continue;
            }
            let fields = fieldspecs::split_path(&field_path);
            add_value(&mut ra[i].node, &fields, &value, position, value_span)
                .map_err(|m| KError::at(span, m))?;
        }
    }
    Ok(())
}

/// Creates the path (mappings, a scalar leaf) and sets the leaf to `value`, or inserts it into
/// the file path the leaf holds.
fn add_value(
    node: &mut Node,
    fields: &[String],
    value: &str,
    position: i64,
    span: Span,
) -> Result<(), String> {
    let Some((first, rest)) = fields.split_first() else {
        if matches!(node.value, NodeValue::Map(_) | NodeValue::Seq(_)) {
            return Err(format!(
                "wrong node kind: expected ScalarNode but got {}",
                fieldspecs::node_kind(node)
            ));
        }
        let new = if position > 0 {
            insert_path_part(&fieldspecs::scalar_value(node), position - 1, value)
        } else {
            value.to_string()
        };
        node.value = NodeValue::String(new);
        node.span = span;
        return Ok(());
    };
    if matches!(node.value, NodeValue::Null) {
        node.value = NodeValue::Map(Vec::new());
    }
    let NodeValue::Map(_) = node.value else {
        return Err(format!(
            "wrong node kind: expected MappingNode but got {}",
            fieldspecs::node_kind(node)
        ));
    };
    if node.get(first).is_none() {
        let child = if rest.is_empty() {
            Node {
                span,
                value: NodeValue::String(String::new()),
            }
        } else {
            Node {
                span,
                value: NodeValue::Map(Vec::new()),
            }
        };
        set(node, first, child, span);
    }
    match get_mut(node, first) {
        Some(child) => add_value(child, rest, value, position, span),
        None => Ok(()),
    }
}

/// kyaml's `InsertPathPart`: `part` inserted as the `pos`-th element of a file path (an
/// absolute path stays absolute).
fn insert_path_part(path: &str, pos: i64, part: &str) -> String {
    if part.is_empty() {
        return path.to_string();
    }
    let mut parts: Vec<String> = if path.is_empty() {
        Vec::new()
    } else {
        let rooted = path.starts_with('/');
        let mut v: Vec<String> = path
            .split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        if rooted {
            v.insert(0, String::new());
        }
        v
    };
    let mut pos = usize::try_from(pos.max(0)).unwrap_or(0).min(parts.len());
    if parts.first().is_some_and(String::is_empty) && pos < parts.len() {
        pos += 1;
    }
    parts.insert(pos, part.to_string());
    if parts.first().is_some_and(String::is_empty) {
        let rest: Vec<&str> = parts[1..].iter().map(String::as_str).collect();
        format!("/{}", go_join(&rest))
    } else {
        let all: Vec<&str> = parts.iter().map(String::as_str).collect();
        go_join(&all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, PathSeg};

    fn build(files: &[(&str, &str)]) -> Result<Vec<Document>, crate::source::LoadError> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let display = |p: &std::path::Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        super::super::build(dir.path(), &display, &Default::default())
    }

    /// The file name and 1-based line a path of a built document points at.
    fn line_of(doc: &Document, path: &[&str]) -> (String, usize) {
        let segs: Vec<PathSeg> = path.iter().map(|k| PathSeg::Key(k.to_string())).collect();
        let (file, span) = doc.resolve(doc.locate(&segs));
        (file.name().to_string(), file.location(span.start).line)
    }

    const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n";

    #[test]
    fn plugin_configurations_keep_provenance() {
        let kust = "resources: [cm.yaml]
transformers:
- prefix.yaml
- |-
  apiVersion: builtin
  kind: LabelTransformer
  metadata:
    name: labels
  labels:
    env: test
  fieldSpecs:
  - path: metadata/labels
    create: true
";
        let prefix = "apiVersion: builtin
kind: PrefixTransformer
metadata:
  name: prefix
prefix: p-
fieldSpecs:
- path: metadata/name
";
        let docs = build(&[
            ("kustomization.yaml", kust),
            ("cm.yaml", CM),
            ("prefix.yaml", prefix),
        ])
        .unwrap();
        assert_eq!(docs[0].resource.name, "p-cm");
        // The label points at its line in the inline configuration.
        assert_eq!(
            line_of(&docs[0], &["metadata", "labels", "env"]),
            ("kustomization.yaml".to_string(), 10)
        );
        // The renamed name points at the prefix line of the configuration file.
        assert_eq!(
            line_of(&docs[0], &["metadata", "name"]),
            ("prefix.yaml".to_string(), 5)
        );
    }

    #[test]
    fn plugins_that_run_code_are_errors_at_their_line() {
        let kust = "resources: [cm.yaml]
transformers:
- |-
  apiVersion: example.com/v1
  kind: Sops
  metadata:
    name: decrypt
";
        let err = build(&[("kustomization.yaml", kust), ("cm.yaml", CM)]).unwrap_err();
        assert!(
            err.message.contains("does not run plugin code"),
            "{}",
            err.message
        );
        assert_eq!(err.line, 4, "{err:?}");
    }

    #[test]
    fn build_metadata_records_origins_and_managed_by() {
        let kust = "buildMetadata: [originAnnotations, managedByLabel]
resources: [cm.yaml]
configMapGenerator:
- name: gen
  literals: [a=b]
";
        let docs = build(&[("kustomization.yaml", kust), ("cm.yaml", CM)]).unwrap();
        let value = |d: &Document, path: &[&str]| {
            let mut n = &d.root;
            for k in path {
                n = n.get(k).unwrap();
            }
            n.as_str().unwrap().to_string()
        };
        let origin = ["metadata", "annotations", ORIGIN_KEY];
        assert_eq!(value(&docs[0], &origin), "path: cm.yaml\n");
        assert_eq!(
            value(&docs[1], &origin),
            "configuredIn: kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n"
        );
        assert_eq!(
            value(&docs[1], &["metadata", "labels", MANAGED_BY_KEY]),
            "kustomize-(devel)"
        );
    }

    #[test]
    fn origins_print_as_kustomize_marshals_them() {
        let o = Origin {
            path: "base/cm.yaml".into(),
            ..Origin::default()
        };
        assert_eq!(o.yaml("", ""), "path: base/cm.yaml\n");
        let t = Origin {
            configured_in: "kustomization.yaml".into(),
            configured_by: Some([
                "builtin".into(),
                "LabelTransformer".into(),
                "x".into(),
                String::new(),
            ]),
            ..Origin::default()
        };
        assert_eq!(
            t.yaml("- ", "  "),
            "- configuredIn: kustomization.yaml\n  configuredBy:\n    apiVersion: builtin\n    kind: LabelTransformer\n    name: x\n"
        );
    }

    #[test]
    fn paths_join_as_go_does() {
        assert_eq!(go_join(&["", "base"]), "base");
        assert_eq!(go_join(&["", "./base/"]), "base");
        assert_eq!(go_join(&["base", "../other/cm.yaml"]), "other/cm.yaml");
        assert_eq!(go_join(&["", "../x"]), "../x");
        assert_eq!(insert_path_part("a/b", 0, "P"), "P/a/b");
        assert_eq!(insert_path_part("/a/b", 0, "P"), "/P/a/b");
        assert_eq!(insert_path_part("raw", 9, "P"), "raw/P");
        assert_eq!(insert_path_part("", 1, "P"), "P");
    }
}
