//! `configMapGenerator` and `secretGenerator`, as kustomize 5.5 (`kubectl kustomize` v1.32)
//! generates ConfigMaps and Secrets, with the content-hash name suffix computed bit for bit as
//! kustomize computes it.
//!
//! # What the caller does, in which order
//!
//! kustomize does not hash a generated object when it generates it. The order, from
//! `api/internal/target/kusttarget.go` (kustomize `api/v0.18.0`, the API of kustomize 5.5.0):
//!
//! 1. `accumulateTarget` of each kustomization (recursively, bases first): `resources`, then
//!    **generators** (`runGenerators`: every `configMapGenerator` entry in order, then every
//!    `secretGenerator` entry, from `configureBuiltinGenerators` in
//!    `kusttarget_configplugin.go`), then `components`, then the transformers (patches,
//!    namespace, prefix, suffix, labels, annotations, JSON 6902 patches, replicas, images).
//!    For each entry call [`generate`] with the kustomization's `generatorOptions` node, and add
//!    the result as `ResAccumulator.AbsorbAll` → `resWrangler.appendReplaceOrMerge`
//!    (`api/resmap/reswrangler.go`) does:
//!    - look for existing objects matching the generated object's id by **any** of their ids
//!      (`GetMatchingResourcesByAnyId`: the current id or any previous one, i.e. before a
//!      base's `namePrefix`/`namespace` renamed it). The generated id is kind `ConfigMap` or
//!      `Secret` (group `""`, version `v1`), name [`Generated::base_name`], namespace
//!      [`Generated::namespace`] (`""` and `default` are equal). Any existing object
//!      qualifies, generated or not (`behavior: merge` onto a plain ConfigMap listed in
//!      `resources` works);
//!    - no match: [`Behavior::Create`] appends the object; `Merge`/`Replace` fail with
//!      `id ... does not exist; cannot merge or replace`;
//!    - one match: `Create` fails with `id ... exists; behavior must be merge or replace`;
//!      `Merge`/`Replace` call [`combine`], which rewrites the existing object in place (at its
//!      position) and returns its new hash flag;
//!    - several matches: `found multiple objects ... that could accept merge of ...`.
//!
//!    The generated object carries **no namespace but its own** `namespace:` field: the
//!    kustomization's `namespace:` is applied later by the namespace transformer, like any
//!    object's (this is why [`generate`] takes no namespace).
//! 2. At the top only (`makeCustomizedResMap`), after the whole accumulation and every
//!    transformer of every level: `addHashesToNames` runs `HashTransformer`
//!    (`api/internal/builtins/HashTransformer.go`): for each object whose hash flag is set,
//!    `name = name + "-" + content_hash(object)` on the **final** object (after patches,
//!    prefixes and suffixes; see [`content_hash`] for what the hash reads); the old name is
//!    stored as a previous id. Then `FixBackReferences` (name references, which now see the
//!    hashed names), then vars, then the removal of `local-config` objects.
//!
//! The hash flag is kustomize's `internal.config.kubernetes.io/needsHashSuffix` build
//! annotation: [`Generated::hashed`] at generation (`!disableNameSuffixHash`), then after a
//! [`combine`] the flag **of both** objects (`CopyMergeMetaDataFieldsFrom` in
//! `api/resource/resource.go` keeps the build annotation only if the existing object had it and
//! drops it if the new one does not): an overlay's `disableNameSuffixHash: true` turns the suffix
//! off, and merging into a non-generated object never adds one.
//!
//! # Generation (`api/internal/generators`, `api/kv/kv.go`, `api/types`)
//!
//! - The entry is decoded as kustomize decodes the kustomization (YAML to JSON, then Go's
//!   `encoding/json` with unknown fields disallowed): field names match case-insensitively
//!   (`Literals:` works), a later duplicate wins, `null` leaves a field unset, a wrong type is
//!   `json: cannot unmarshal ... into Go struct field ...`, an unknown field is
//!   `json: unknown field "..."`. The legacy `env:` is appended to `envs` (`FixKustomization`).
//! - `generatorOptions` merge into the entry's `options` (`MergeGlobalOptionsIntoLocal`): the
//!   entry's labels and annotations win per key, and `disableNameSuffixHash`/`immutable` are
//!   true if either says true (a local `false` cannot undo a global `true`).
//! - kustomize then marshals these arguments to YAML and reads them back
//!   (`configureBuiltinPlugin`, sigs.k8s.io/yaml over go-yaml v2). Two visible effects are
//!   reproduced: a string holding a character go-yaml rejects (U+007F, U+0080–U+009F but
//!   U+0085, U+FFFE, U+FFFF) fails with `builtin ConfigMapGenerator marshal: yaml: control
//!   characters are not allowed`; a U+0085 (NEL) is folded as a line break in a double-quoted
//!   scalar (`"a \u{85} b"` becomes `"a b"`).
//! - Key/value pairs: `envs` first, then `literals`, then `files` (this order decides which
//!   duplicate is reported: ``configmap NAME illegally repeats the key `K` ``, for Secrets
//!   too).
//!   - literal `KEY=VALUE`: split at the first `=` (the value may hold more); a missing `=` or
//!     an empty key is `invalid literal source S, expected key=value`; a value wrapped in a
//!     matching pair of `"` or `'` loses them (`'a'` → `a`, `"a'` stays).
//!   - file `PATH` (key: the path's base name, Go's `path.Base`) or `KEY=PATH`; more than one
//!     `=`, or an empty key or path, are errors with kustomize's messages. The content is the
//!     file's bytes, unchanged (BOM and `\r\n` kept).
//!   - env file: read as Go's `bufio.Scanner` reads lines (`\n` ends a line, one trailing `\r`
//!     is dropped; **a line longer than 65,535 bytes silently ends the file**, as in kustomize,
//!     which ignores the scanner's error); a UTF-8 BOM is dropped from the first line; leading
//!     white space is trimmed; empty lines and lines starting with `#` are skipped; a line
//!     splits at its first `=`; **a line without `=` gives the key with the empty value** (the
//!     process environment is not read: kustomize stopped reading it in 5.0, commit
//!     b7746d09e, so the result is deterministic); a line starting with `=` is skipped; nothing else is trimmed
//!     (`K = v` is the key `K ` with the value ` v`); a line that is not UTF-8 is an error.
//! - **No key validation**: kustomize 5.5's validator (`api/internal/validate`) accepts any
//!   key (`a b`, `export X`); the API server would reject such keys later. What kustomize does
//!   reject, because its output step fails, is reproduced: a data, label or annotation key that
//!   YAML 1.2 reads back as a non-string when written unquoted (`1`, `true`, `null`, `0x1F`,
//!   `1e3`, `2001-12-14`, `<<`; go-yaml v3's resolver), and an empty label or annotation key.
//! - ConfigMap: a valid UTF-8 value goes to `data`, any other to `binaryData` (base64).
//!   Secret: every value base64-encoded into `data` (which is present even when empty);
//!   `type` defaults to `Opaque`. Base64 is kustomize's: standard alphabet, padded, and when
//!   the encoding is 70 characters or longer, cut into lines of 70, each ending in `\n` (the
//!   newlines are part of the value, and of the hash).
//! - A ConfigMap value kustomize cannot write out fails as it does: one holding U+007F,
//!   U+0080–U+009F but U+0085, U+FFFE or U+FFFF (`yaml: control characters are not
//!   allowed`), and a multi-line value starting with a tab that go-yaml v3 writes as a literal
//!   block (`yaml: found a tab character where an indentation space is expected`).
//! - `behavior`: `create`, `merge`, `replace`; any other string (or none) is `create`, as
//!   kustomize treats it. A missing or empty `name` is `a configmap must have a name`.
//! - The object: `apiVersion: v1`, `kind`, `metadata` (`name`, the entry's `namespace` if any,
//!   `labels`, `annotations`), `data`/`binaryData`, `type` (Secret), `immutable: true` if set.
//!   Keys are in the order `kubectl kustomize` prints them (sorted).
//!
//! # Spans
//!
//! Spans are global (the caller's [`GenLoader`] gives each data file's base offset). The object
//! and the nodes without text of their own (`apiVersion`, `kind`, `metadata`, `data`) carry the
//! generator entry's span; `name`, `namespace`, `type`, labels, annotations and `immutable`
//! carry the span of the field that set them (in the entry or in `generatorOptions`); a literal
//! key and value carry the span of the literal; a file's value carries the span of the whole
//! data file (of the `files` item when the file is not UTF-8), its key the `files` item; an
//! env-file key and value carry the spans of their text in the env file.
//!
//! # Known gaps
//!
//! - Scalars that are not strings in an object's `data` (possible only after a patch, or in a
//!   non-generated object merged into) are read from Tollgate's YAML 1.1 value, where kustomize
//!   keeps the original text: `data: {a: yes}` hashes as `true` here and as `"yes"` there, and
//!   merges as `"true"` instead of `"yes"`.
//! - `kubectl kustomize` prints a value holding U+0085 with the NEL folded to a space (its
//!   output YAML is read back once more); the object here holds the value kustomize builds and
//!   hashes, with the NEL.
//! - [`content_hash`] refuses kinds other than ConfigMap and Secret (kustomize hashes the Go
//!   `yaml.Node` struct of such an object, which only a generator plugin can ask for).
//! - The other, unreachable, corners of go-yaml's round trips (a `---` after a NEL inside a
//!   config string, say) are not reproduced.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::source::{Entry, Node, NodeValue, SourceFile, Span};

/// Reads the files a generator names, confined to the kustomization root (the caller enforces
/// kustomize's load restrictor and refuses remote files).
pub(crate) trait GenLoader {
    /// Reads `rel_path`, as written in the kustomization (relative to its directory), or says
    /// why it cannot (the message is shown at the generator field that named the file).
    fn read(&mut self, rel_path: &str) -> Result<GenFile, String>;
}

/// The content of a file a generator reads.
pub(crate) enum GenFile {
    /// A valid UTF-8 file, with its exact text (no BOM removed, no line endings changed), kept
    /// as a source file: `base` is the global span offset of its first byte.
    Text {
        /// The file.
        file: Arc<SourceFile>,
        /// The global offset of its first byte.
        base: usize,
    },
    /// A file that is not valid UTF-8: its bytes (no span can point into it).
    Binary(Vec<u8>),
}

/// Which generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GenKind {
    /// `configMapGenerator`.
    ConfigMap,
    /// `secretGenerator`.
    Secret,
}

impl GenKind {
    fn kind(self) -> &'static str {
        match self {
            GenKind::ConfigMap => "ConfigMap",
            GenKind::Secret => "Secret",
        }
    }

    fn plugin(self) -> &'static str {
        match self {
            GenKind::ConfigMap => "ConfigMapGenerator",
            GenKind::Secret => "SecretGenerator",
        }
    }

    fn field(self) -> &'static str {
        match self {
            GenKind::ConfigMap => "configMapGenerator",
            GenKind::Secret => "secretGenerator",
        }
    }

    fn args_type(self) -> &'static str {
        match self {
            GenKind::ConfigMap => "ConfigMapArgs",
            GenKind::Secret => "SecretArgs",
        }
    }
}

/// How a generated object combines with an existing object of the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Behavior {
    /// A new object; an existing one with the same id is an error. (`create`, absent, or any
    /// string kustomize does not know.)
    Create,
    /// Merged into the existing object: data keys of the new one win, labels and annotations
    /// are merged.
    Merge,
    /// Replaces the existing object's data; labels and annotations are still merged.
    Replace,
}

/// One generated object (a ConfigMap or Secret) and how it combines with existing ones.
#[derive(Debug, Clone)]
pub(crate) struct Generated {
    /// The object, named [`Generated::base_name`] (the hash suffix is added at the end of the
    /// build, see the module documentation).
    pub node: Node,
    /// The generator's `name`.
    pub base_name: String,
    /// The generator's own `namespace` (`""` when it has none); the kustomization's
    /// `namespace:` is not applied here.
    pub namespace: String,
    /// `behavior`.
    pub behavior: Behavior,
    /// Whether a content-hash suffix applies (`disableNameSuffixHash` not set).
    pub hashed: bool,
}

type GenError = (Span, String);

/// Builds the object of one `configMapGenerator` or `secretGenerator` list entry (`entry` is
/// the list item; `options` the kustomization's `generatorOptions` node, if any). Files are
/// read through `loader`. Errors carry the span of the offending field.
pub(crate) fn generate(
    kind: GenKind,
    entry: &Node,
    options: Option<&Node>,
    loader: &mut dyn GenLoader,
) -> Result<Generated, GenError> {
    let mut args = decode_args(kind, entry)?;
    let global = match options {
        Some(node) => decode_options(node, "Kustomization", "generatorOptions")?,
        None => None,
    };
    args.options = merge_global_options(args.options.take(), global);
    if let Some(env) = args.env.take() {
        if !env.value.is_empty() {
            args.envs.push(env);
        }
    }
    round_trip_config(kind, &mut args)?;

    let (name, name_span) = match &args.name {
        Some(n) if !n.value.is_empty() => (n.value.clone(), n.span),
        Some(n) => return Err((n.span, "a configmap must have a name".into())),
        None => return Err((entry.span, "a configmap must have a name".into())),
    };
    let pairs = load_pairs(&args, loader)?;

    // Keys: unique, and such that kustomize can write them out.
    let mut seen = HashSet::new();
    for p in &pairs {
        if !seen.insert(p.key.as_str()) {
            return Err((
                p.origin,
                format!("configmap {name} illegally repeats the key `{}`", p.key),
            ));
        }
        check_written_key(&p.key, "data").map_err(|m| (p.origin, m))?;
    }

    let span = entry.span;
    let opts = args.options.clone().unwrap_or_default();
    for (k, item) in opts.labels.iter().flatten() {
        check_written_key(k, "label").map_err(|m| (item.key_span, m))?;
    }
    for (k, item) in opts.annotations.iter().flatten() {
        check_written_key(k, "annotation").map_err(|m| (item.key_span, m))?;
    }

    let (data, binary) = data_entries(kind, pairs)?;

    let mut meta: Vec<Entry> = Vec::new();
    if let Some(map) = opts.annotations.as_ref().filter(|m| !m.is_empty()) {
        meta.push(entry_of("annotations", span, string_map_node(map, span)));
    }
    if let Some(map) = opts.labels.as_ref().filter(|m| !m.is_empty()) {
        meta.push(entry_of("labels", span, string_map_node(map, span)));
    }
    let name_key_span = args.name_key_span.unwrap_or(span);
    meta.push(entry_of(
        "name",
        name_key_span,
        string_node(name.clone(), name_span),
    ));
    let namespace = match &args.namespace {
        Some(ns) if !ns.value.is_empty() => {
            let key_span = args.namespace_key_span.unwrap_or(span);
            meta.push(entry_of(
                "namespace",
                key_span,
                string_node(ns.value.clone(), ns.span),
            ));
            ns.value.clone()
        }
        _ => String::new(),
    };

    let mut top: Vec<Entry> = vec![entry_of("apiVersion", span, string_node("v1".into(), span))];
    if !binary.is_empty() {
        top.push(entry_of("binaryData", span, map_node(binary, span)));
    }
    if kind == GenKind::Secret || !data.is_empty() {
        top.push(entry_of("data", span, map_node(data, span)));
    }
    if let Some(imm) = opts.immutable {
        top.push(entry_of(
            "immutable",
            imm,
            Node {
                span: imm,
                value: NodeValue::Bool(true),
            },
        ));
    }
    top.push(entry_of(
        "kind",
        span,
        string_node(kind.kind().into(), span),
    ));
    top.push(entry_of("metadata", span, map_node(meta, span)));
    if kind == GenKind::Secret {
        let (t, t_span) = match &args.typ {
            Some(t) if !t.value.is_empty() => (t.value.clone(), t.span),
            _ => ("Opaque".to_string(), span),
        };
        top.push(entry_of(
            "type",
            args.type_key_span.unwrap_or(span),
            string_node(t, t_span),
        ));
    }

    let behavior = match args.behavior.as_ref().map(|b| b.value.as_str()) {
        Some("merge") => Behavior::Merge,
        Some("replace") => Behavior::Replace,
        _ => Behavior::Create,
    };
    Ok(Generated {
        node: map_node(top, span),
        base_name: name,
        namespace,
        behavior,
        hashed: !opts.disable_hash,
    })
}

/// The `data` and `binaryData` entries of the pairs, sorted by key: a ConfigMap keeps valid
/// UTF-8 as it is and base64-encodes anything else into `binaryData`; a Secret base64-encodes
/// everything into `data`.
fn data_entries(kind: GenKind, mut pairs: Vec<Pair>) -> Result<(Vec<Entry>, Vec<Entry>), GenError> {
    let mut data: Vec<Entry> = Vec::new();
    let mut binary: Vec<Entry> = Vec::new();
    pairs.sort_by(|a, b| a.key.cmp(&b.key));
    for p in pairs {
        let text = match (kind, p.value) {
            (GenKind::Secret, PairValue::Text(t)) => {
                data.push(entry_of(
                    &p.key,
                    p.key_span,
                    string_node(kustomize_base64(t.as_bytes()), p.value_span),
                ));
                continue;
            }
            (GenKind::Secret, PairValue::Bytes(b)) => {
                data.push(entry_of(
                    &p.key,
                    p.key_span,
                    string_node(kustomize_base64(&b), p.value_span),
                ));
                continue;
            }
            (GenKind::ConfigMap, PairValue::Text(t)) => t,
            (GenKind::ConfigMap, PairValue::Bytes(b)) => match String::from_utf8(b) {
                Ok(t) => t,
                Err(e) => {
                    let encoded = kustomize_base64(e.as_bytes());
                    binary.push(entry_of(
                        &p.key,
                        p.key_span,
                        string_node(encoded, p.value_span),
                    ));
                    continue;
                }
            },
        };
        check_written_value(&text).map_err(|m| (p.origin, m))?;
        data.push(entry_of(
            &p.key,
            p.key_span,
            string_node(text, p.value_span),
        ));
    }
    Ok((data, binary))
}

/// Combines `new` (a `behavior: merge` or `replace` generator's object) with the existing
/// object of the same id, in place, as kustomize's `appendReplaceOrMerge` does; returns the
/// object's hash flag afterwards (`existing_hashed && new.hashed`).
///
/// The result is the new object with, from the existing one: its `metadata.name` and
/// `metadata.namespace` (the namespace removed if it had none), its labels and annotations
/// under the new ones (the new value wins per key), and, for `merge`, its `data` and
/// `binaryData` under the new ones (the new value wins per key; an empty result removes the
/// field, for Secrets too). For `replace` the data is the new object's alone. Every other field
/// (`type`, `immutable`, anything else the existing object had) is the new object's.
/// A `create` generator is an error (`id ... exists; behavior must be merge or replace`).
pub(crate) fn combine(
    existing: &mut Node,
    existing_hashed: bool,
    new: Generated,
) -> Result<bool, GenError> {
    let new_span = new.node.span;
    if new.behavior == Behavior::Create {
        return Err((
            new_span,
            format!(
                "id {} exists; behavior must be merge or replace",
                res_id(&new.node, &new.base_name, &new.namespace)
            ),
        ));
    }
    let mut result = new.node;
    let old_meta = existing.get("metadata");

    let labels = merged_string_map(
        old_meta.and_then(|m| m.get("labels")),
        result.get("metadata").and_then(|m| m.get("labels")),
    );
    let annotations = merged_string_map(
        old_meta.and_then(|m| m.get("annotations")),
        result.get("metadata").and_then(|m| m.get("annotations")),
    );
    for e in &labels {
        check_written_key(&e.key, "label").map_err(|m| (new_span, m))?;
    }
    for e in &annotations {
        check_written_key(&e.key, "annotation").map_err(|m| (new_span, m))?;
    }
    let old_name = old_meta.and_then(|m| m.entry("name")).cloned();
    let old_namespace = old_meta
        .and_then(|m| m.entry("namespace"))
        .filter(|e| !scalar_text(&e.value).is_empty())
        .cloned();

    let mut data_maps = None;
    if new.behavior == Behavior::Merge {
        let data = merged_string_map(existing.get("data"), result.get("data"));
        let binary = merged_string_map(existing.get("binaryData"), result.get("binaryData"));
        for e in data.iter().chain(binary.iter()) {
            check_written_key(&e.key, "data").map_err(|m| (new_span, m))?;
        }
        data_maps = Some((data, binary));
    }

    let meta_span = result.get("metadata").map_or(new_span, |m| m.span);
    let mut meta: Vec<Entry> = Vec::new();
    if !annotations.is_empty() {
        meta.push(entry_of(
            "annotations",
            meta_span,
            map_node(annotations, meta_span),
        ));
    }
    if !labels.is_empty() {
        meta.push(entry_of("labels", meta_span, map_node(labels, meta_span)));
    }
    // Fields of the new metadata other than these (none, for a generated object) stay.
    if let Some(NodeValue::Map(entries)) = result.get("metadata").map(|m| &m.value) {
        for e in entries {
            if !matches!(
                e.key.as_str(),
                "annotations" | "labels" | "name" | "namespace"
            ) {
                meta.push(e.clone());
            }
        }
    }
    match old_name {
        Some(mut e) => {
            e.value = string_node(scalar_text(&e.value), e.value.span);
            meta.push(e);
        }
        None => meta.push(entry_of(
            "name",
            meta_span,
            string_node(String::new(), meta_span),
        )),
    }
    if let Some(mut e) = old_namespace {
        e.value = string_node(scalar_text(&e.value), e.value.span);
        meta.push(e);
    }
    meta.sort_by(|a, b| a.key.cmp(&b.key));
    set_field(&mut result, "metadata", map_node(meta, meta_span));

    if let Some((data, binary)) = data_maps {
        let data_span = result.get("data").map_or(new_span, |n| n.span);
        let binary_span = result.get("binaryData").map_or(new_span, |n| n.span);
        remove_field(&mut result, "data");
        remove_field(&mut result, "binaryData");
        if !data.is_empty() {
            set_field(&mut result, "data", map_node(data, data_span));
        }
        if !binary.is_empty() {
            set_field(&mut result, "binaryData", map_node(binary, binary_span));
        }
    }

    *existing = result;
    Ok(existing_hashed && new.hashed)
}

/// kustomize's content hash of a ConfigMap or Secret (`api/hasher/hasher.go`): 10 characters.
///
/// kustomize encodes, as Go's `json.Marshal` of a `map[string]interface{}` (keys sorted; `<`,
/// `>`, `&`, U+2028 and U+2029 escaped):
/// - a ConfigMap: `kind`, `name`, `data` and, if it is a mapping, `binaryData`;
/// - a Secret: `kind`, `name`, `type`, `data` and, if it is a mapping, `stringData`;
///
/// each field read at the top of the object, a missing one as `""`. The `name` is looked up as
/// the single key `metadata/name` (kyaml's `Lookup` does not split on `/`), so it is always
/// `""`: the hash depends on the content only, not on the name, namespace, labels or
/// annotations. Then SHA-256, the first 10 hex digits, with `0`→`g`, `1`→`h`, `3`→`k`, `a`→`m`,
/// `e`→`t`. Call it on the final object (see the module documentation).
pub(crate) fn content_hash(obj: &Node) -> Result<String, String> {
    let kind = obj.get("kind").and_then(Node::as_str).unwrap_or("");
    let mut m: BTreeMap<String, Json> = BTreeMap::new();
    match kind {
        "ConfigMap" => {
            m.insert("kind".into(), Json::Str("ConfigMap".into()));
            m.insert("name".into(), hash_field(obj, "metadata/name")?);
            m.insert("data".into(), hash_field(obj, "data")?);
            let binary = hash_field(obj, "binaryData")?;
            if matches!(binary, Json::Obj(_) | Json::Null) {
                m.insert("binaryData".into(), binary);
            }
        }
        "Secret" => {
            m.insert("kind".into(), Json::Str("Secret".into()));
            m.insert("type".into(), hash_field(obj, "type")?);
            m.insert("name".into(), hash_field(obj, "metadata/name")?);
            m.insert("data".into(), hash_field(obj, "data")?);
            let string_data = hash_field(obj, "stringData")?;
            if matches!(string_data, Json::Obj(_) | Json::Null) {
                m.insert("stringData".into(), string_data);
            }
        }
        other => {
            return Err(format!(
                "cannot compute the content hash of a {other:?}: only ConfigMaps and Secrets are hashed"
            ))
        }
    }
    let mut encoded = String::new();
    Json::Obj(m).write(&mut encoded)?;
    Ok(hash_suffix(encoded.as_bytes()))
}

// ---------------------------------------------------------------------------------------------
// Decoding the generator entry as Go's encoding/json decodes it.

#[derive(Debug, Clone)]
struct Spanned {
    value: String,
    span: Span,
}

#[derive(Debug, Clone)]
struct MapItem {
    key_span: Span,
    value: String,
    value_span: Span,
}

/// `types.GeneratorOptions`; `None` maps are Go's nil maps.
#[derive(Debug, Clone, Default)]
struct Options {
    labels: Option<BTreeMap<String, MapItem>>,
    annotations: Option<BTreeMap<String, MapItem>>,
    disable_hash: bool,
    /// The span of the `immutable: true` in force.
    immutable: Option<Span>,
}

/// `types.ConfigMapArgs` / `types.SecretArgs`.
#[derive(Debug, Default)]
struct Args {
    name: Option<Spanned>,
    name_key_span: Option<Span>,
    namespace: Option<Spanned>,
    namespace_key_span: Option<Span>,
    behavior: Option<Spanned>,
    literals: Vec<Spanned>,
    files: Vec<Spanned>,
    envs: Vec<Spanned>,
    env: Option<Spanned>,
    typ: Option<Spanned>,
    type_key_span: Option<Span>,
    options: Option<Options>,
}

const ARGS_FIELDS: &[&str] = &[
    "namespace",
    "name",
    "behavior",
    "literals",
    "files",
    "envs",
    "env",
    "options",
];
const OPTIONS_FIELDS: &[&str] = &[
    "labels",
    "annotations",
    "disableNameSuffixHash",
    "immutable",
];

fn type_error(node: &Node, owner: &str, path: &str, go_type: &str) -> GenError {
    (
        node.span,
        format!(
            "invalid Kustomization: json: cannot unmarshal {} into Go struct field {owner}.{path} of type {go_type}",
            node.json_kind()
        ),
    )
}

/// Go's `encoding/json` field lookup: the exact name, else a case-insensitive match (Unicode
/// simple folding, so `ſ` matches `s` and `K` (Kelvin) matches `k`).
fn match_field<'a>(key: &str, fields: &[&'a str]) -> Option<&'a str> {
    if let Some(f) = fields.iter().find(|f| **f == key) {
        return Some(f);
    }
    let folded = fold_name(key);
    fields.iter().find(|f| fold_name(f) == folded).copied()
}

fn fold_name(s: &str) -> String {
    /// The character a case mapping gives, when it gives exactly one.
    fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
        let c = it.next()?;
        it.next().is_none().then_some(c)
    }
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                return c.to_ascii_uppercase();
            }
            // The smallest character of the simple case-folding orbit, as Go's `foldRune`.
            let mut best = c;
            for cand in [single(c.to_lowercase()), single(c.to_uppercase())]
                .into_iter()
                .flatten()
            {
                best = best.min(cand);
                if let Some(u) = single(cand.to_uppercase()) {
                    best = best.min(u);
                }
            }
            best
        })
        .collect()
}

fn decode_string(node: &Node, owner: &str, path: &str) -> Result<Option<Spanned>, GenError> {
    match &node.value {
        NodeValue::Null => Ok(None),
        NodeValue::String(s) => Ok(Some(Spanned {
            value: s.clone(),
            span: node.span,
        })),
        _ => Err(type_error(node, owner, path, "string")),
    }
}

/// A `[]string`; `None` for `null` (a nil slice).
fn decode_strings(node: &Node, owner: &str, path: &str) -> Result<Option<Vec<Spanned>>, GenError> {
    match &node.value {
        NodeValue::Null => Ok(None),
        NodeValue::Seq(items) => items
            .iter()
            .map(|item| match &item.value {
                // A null element decodes to the zero value.
                NodeValue::Null => Ok(Spanned {
                    value: String::new(),
                    span: item.span,
                }),
                NodeValue::String(s) => Ok(Spanned {
                    value: s.clone(),
                    span: item.span,
                }),
                _ => Err(type_error(item, owner, path, "string")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        _ => Err(type_error(node, owner, path, "[]string")),
    }
}

fn decode_bool(node: &Node, owner: &str, path: &str) -> Result<Option<bool>, GenError> {
    match node.value {
        NodeValue::Null => Ok(None),
        NodeValue::Bool(b) => Ok(Some(b)),
        _ => Err(type_error(node, owner, path, "bool")),
    }
}

/// Decodes a `map[string]string` into `target` (Go decodes into the existing map, so a
/// duplicate field adds to it; `null` makes it nil).
fn decode_string_map(
    node: &Node,
    target: &mut Option<BTreeMap<String, MapItem>>,
    owner: &str,
    path: &str,
) -> Result<(), GenError> {
    match &node.value {
        NodeValue::Null => {
            *target = None;
            Ok(())
        }
        NodeValue::Map(entries) => {
            let map = target.get_or_insert_with(BTreeMap::new);
            for e in entries {
                let value = match &e.value.value {
                    NodeValue::Null => String::new(),
                    NodeValue::String(s) => s.clone(),
                    _ => return Err(type_error(&e.value, owner, path, "string")),
                };
                map.insert(
                    e.key.clone(),
                    MapItem {
                        key_span: e.key_span,
                        value,
                        value_span: e.value.span,
                    },
                );
            }
            Ok(())
        }
        _ => Err(type_error(node, owner, path, "map[string]string")),
    }
}

/// Decodes a `GeneratorOptions` object into `target` (`None` for `null`).
fn decode_options_into(
    node: &Node,
    target: &mut Option<Options>,
    owner: &str,
    path: &str,
) -> Result<(), GenError> {
    let entries = match &node.value {
        NodeValue::Null => {
            *target = None;
            return Ok(());
        }
        NodeValue::Map(entries) => entries,
        _ => return Err(type_error(node, owner, path, "types.GeneratorOptions")),
    };
    let opts = target.get_or_insert_with(Options::default);
    for e in entries {
        let Some(field) = match_field(&e.key, OPTIONS_FIELDS) else {
            return Err((
                e.key_span,
                format!("invalid Kustomization: json: unknown field {:?}", e.key),
            ));
        };
        let fpath = format!("{path}.{field}");
        match field {
            "labels" => decode_string_map(&e.value, &mut opts.labels, "GeneratorOptions", &fpath)?,
            "annotations" => {
                decode_string_map(&e.value, &mut opts.annotations, "GeneratorOptions", &fpath)?
            }
            "disableNameSuffixHash" => {
                if let Some(b) = decode_bool(&e.value, "GeneratorOptions", &fpath)? {
                    opts.disable_hash = b;
                }
            }
            _ => {
                if let Some(b) = decode_bool(&e.value, "GeneratorOptions", &fpath)? {
                    opts.immutable = b.then_some(e.value.span);
                }
            }
        }
    }
    Ok(())
}

fn decode_options(node: &Node, owner: &str, path: &str) -> Result<Option<Options>, GenError> {
    let mut out = None;
    decode_options_into(node, &mut out, owner, path)?;
    Ok(out)
}

fn decode_args(kind: GenKind, entry: &Node) -> Result<Args, GenError> {
    let mut args = Args::default();
    let entries = match &entry.value {
        // `- ` (null) decodes to the zero value.
        NodeValue::Null => return Ok(args),
        NodeValue::Map(entries) => entries,
        _ => {
            return Err(type_error(
                entry,
                "Kustomization",
                kind.field(),
                &format!("types.{}", kind.args_type()),
            ))
        }
    };
    let owner = kind.args_type();
    let mut fields: Vec<&str> = ARGS_FIELDS.to_vec();
    if kind == GenKind::Secret {
        fields.push("type");
    }
    for e in entries {
        let Some(field) = match_field(&e.key, &fields) else {
            return Err((
                e.key_span,
                format!("invalid Kustomization: json: unknown field {:?}", e.key),
            ));
        };
        let path = format!("{}.{field}", kind.field());
        let v = &e.value;
        match field {
            "namespace" => {
                if let Some(s) = decode_string(v, owner, &path)? {
                    args.namespace = Some(s);
                    args.namespace_key_span = Some(e.key_span);
                }
            }
            "name" => {
                if let Some(s) = decode_string(v, owner, &path)? {
                    args.name = Some(s);
                    args.name_key_span = Some(e.key_span);
                }
            }
            "behavior" => {
                if let Some(s) = decode_string(v, owner, &path)? {
                    args.behavior = Some(s);
                }
            }
            "type" => {
                if let Some(s) = decode_string(v, owner, &path)? {
                    args.typ = Some(s);
                    args.type_key_span = Some(e.key_span);
                }
            }
            "env" => {
                if let Some(s) = decode_string(v, owner, &path)? {
                    args.env = Some(s);
                }
            }
            "literals" => args.literals = decode_strings(v, owner, &path)?.unwrap_or_default(),
            "files" => args.files = decode_strings(v, owner, &path)?.unwrap_or_default(),
            "envs" => args.envs = decode_strings(v, owner, &path)?.unwrap_or_default(),
            _ => decode_options_into(v, &mut args.options, owner, &path)?,
        }
    }
    Ok(args)
}

/// The generator entry a ConfigMapGenerator or SecretGenerator plugin configuration
/// (`generators:`) stands for: its arguments (other fields ignored, as kustomize decodes a
/// plugin configuration leniently), `name` and `namespace` defaulting to the configuration's
/// `metadata`. Decode it with [`generate`] (no `generatorOptions` apply).
pub(crate) fn plugin_entry(kind: GenKind, config: &Node) -> Node {
    let mut fields: Vec<&str> = ARGS_FIELDS.to_vec();
    if kind == GenKind::Secret {
        fields.push("type");
    }
    let NodeValue::Map(entries) = &config.value else {
        return config.clone();
    };
    let mut out: Vec<Entry> = entries
        .iter()
        .filter_map(|e| {
            match_field(&e.key, &fields).map(|f| Entry {
                key: f.to_string(),
                key_span: e.key_span,
                value: e.value.clone(),
            })
        })
        .collect();
    let meta = config.get("metadata");
    for key in ["name", "namespace"] {
        let set = out.iter().any(|e| {
            e.key == key && matches!(&e.value.value, NodeValue::String(s) if !s.is_empty())
        });
        if set {
            continue;
        }
        if let Some(e) = meta.and_then(|m| m.entry(key)) {
            if matches!(e.value.value, NodeValue::String(_)) {
                out.retain(|x| x.key != key);
                out.push(e.clone());
            }
        }
    }
    Node {
        span: config.span,
        value: NodeValue::Map(out),
    }
}

/// `types.MergeGlobalOptionsIntoLocal`.
fn merge_global_options(local: Option<Options>, global: Option<Options>) -> Option<Options> {
    let Some(global) = global else {
        return local;
    };
    let mut local = local.unwrap_or_default();
    for (mine, theirs) in [
        (&mut local.labels, &global.labels),
        (&mut local.annotations, &global.annotations),
    ] {
        match mine {
            None => mine.clone_from(theirs),
            Some(map) => {
                for (k, v) in theirs.iter().flatten() {
                    map.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
    }
    if global.disable_hash {
        local.disable_hash = true;
    }
    if local.immutable.is_none() {
        local.immutable = global.immutable;
    }
    Some(local)
}

/// What kustomize's YAML round trip of the generator's arguments does to their strings (see
/// the module documentation): rejects go-yaml's control characters, folds NELs.
fn round_trip_config(kind: GenKind, args: &mut Args) -> Result<(), GenError> {
    let mut strings: Vec<(&mut String, Span)> = Vec::new();
    for s in [
        &mut args.name,
        &mut args.namespace,
        &mut args.behavior,
        &mut args.typ,
    ]
    .into_iter()
    .flatten()
    {
        strings.push((&mut s.value, s.span));
    }
    for s in args
        .literals
        .iter_mut()
        .chain(args.files.iter_mut())
        .chain(args.envs.iter_mut())
    {
        strings.push((&mut s.value, s.span));
    }
    let err = || {
        format!(
            "builtin {} marshal: yaml: control characters are not allowed",
            kind.plugin()
        )
    };
    if let Some(opts) = args.options.as_mut() {
        for map in [&mut opts.labels, &mut opts.annotations]
            .into_iter()
            .flatten()
        {
            let old = std::mem::take(map);
            for (k, mut item) in old {
                if k.chars().any(yaml_v2_rejects) {
                    return Err((item.key_span, err()));
                }
                if item.value.chars().any(yaml_v2_rejects) {
                    return Err((item.value_span, err()));
                }
                item.value = fold_nel(&item.value);
                // Two keys folding to one: the later (in sorted order) wins, as in a Go map
                // filled from the YAML.
                map.insert(fold_nel(&k), item);
            }
        }
    }
    for (s, span) in strings {
        if s.chars().any(yaml_v2_rejects) {
            return Err((span, err()));
        }
        if s.contains('\u{85}') {
            *s = fold_nel(s);
        }
    }
    Ok(())
}

/// Characters go-yaml v2's reader refuses ("control characters are not allowed") that Go's
/// `encoding/json` does not escape.
fn yaml_v2_rejects(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// A double-quoted YAML scalar's line folding applied to NEL (U+0085), the one line break
/// Go's JSON leaves raw: spaces before it are dropped, spaces after it too; one break becomes a
/// space, each further break a `\n`.
fn fold_nel(s: &str) -> String {
    if !s.contains('\u{85}') {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != ' ' && c != '\u{85}' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i] == ' ' || chars[i] == '\u{85}') {
            i += 1;
        }
        let run = &chars[start..i];
        match run.iter().position(|&c| c == '\u{85}') {
            None => out.extend(run),
            Some(first) => {
                let more = run[first + 1..].iter().filter(|&&c| c == '\u{85}').count();
                if more == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', more));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Key/value pairs (`api/kv/kv.go`).

enum PairValue {
    Text(String),
    Bytes(Vec<u8>),
}

struct Pair {
    key: String,
    key_span: Span,
    value: PairValue,
    value_span: Span,
    /// The generator field the pair comes from (errors point here).
    origin: Span,
}

fn load_pairs(args: &Args, loader: &mut dyn GenLoader) -> Result<Vec<Pair>, GenError> {
    let mut pairs = Vec::new();
    for env in &args.envs {
        let file = loader
            .read(&env.value)
            .map_err(|m| (env.span, format!("env source file {:?}: {m}", env.value)))?;
        env_pairs(&file, env, &mut pairs)?;
    }
    for lit in &args.literals {
        let (key, value) = parse_literal(&lit.value).ok_or_else(|| {
            (
                lit.span,
                format!("invalid literal source {}, expected key=value", lit.value),
            )
        })?;
        pairs.push(Pair {
            key,
            key_span: lit.span,
            value: PairValue::Text(value),
            value_span: lit.span,
            origin: lit.span,
        });
    }
    for src in &args.files {
        let (key, path) = parse_file_source(&src.value).map_err(|m| (src.span, m))?;
        let file = loader
            .read(&path)
            .map_err(|m| (src.span, format!("file source {:?}: {m}", src.value)))?;
        let (value, value_span) = match file {
            GenFile::Text { file, base } => (
                PairValue::Text(file.text().to_string()),
                Span::new(base, base + file.text().len()),
            ),
            GenFile::Binary(bytes) => (PairValue::Bytes(bytes), src.span),
        };
        pairs.push(Pair {
            key,
            key_span: src.span,
            value,
            value_span,
            origin: src.span,
        });
    }
    Ok(pairs)
}

/// `parseLiteralSource`: `KEY=VALUE`, the value without one pair of matching quotes.
fn parse_literal(source: &str) -> Option<(String, String)> {
    let (key, value) = source.split_once('=')?;
    if key.is_empty() {
        return None;
    }
    Some((key.to_string(), remove_quotes(value).to_string()))
}

/// `removeQuotes`: strips `"…"` or `'…'` when both ends carry the same quote.
fn remove_quotes(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && b[0] == b[b.len() - 1] && (b[0] == b'"' || b[0] == b'\'') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// `generators.ParseFileSource`: `PATH` (key: its base name) or `KEY=PATH`.
fn parse_file_source(source: &str) -> Result<(String, String), String> {
    let n = source.matches('=').count();
    if n == 0 {
        return Ok((go_path_base(source), source.to_string()));
    }
    if n > 1 {
        return Err(format!(
            "source {source:?} key name or file path contains '='"
        ));
    }
    if let Some(path) = source.strip_prefix('=') {
        return Err(format!(
            "missing key name for file path {path:?} in source {source:?}"
        ));
    }
    if let Some(key) = source.strip_suffix('=') {
        return Err(format!(
            "missing file path for key name {key:?} in source {source:?}"
        ));
    }
    let (key, path) = source.split_once('=').unwrap_or((source, ""));
    Ok((key.to_string(), path.to_string()))
}

/// Go's `path.Base`.
fn go_path_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

/// The longest line Go's `bufio.Scanner` returns with its default buffer (64 KiB, the `\n`
/// included); a longer line stops the scan.
const MAX_ENV_LINE: usize = 64 * 1024 - 1;

/// `keyValuesFromLines` of an env file.
fn env_pairs(file: &GenFile, env: &Spanned, out: &mut Vec<Pair>) -> Result<(), GenError> {
    let (bytes, base) = match file {
        GenFile::Text { file, base } => (file.text().as_bytes(), Some(*base)),
        GenFile::Binary(b) => (b.as_slice(), None),
    };
    let span_of = |start: usize, len: usize| match base {
        Some(b) => Span::new(b + start, b + start + len),
        None => env.span,
    };
    let mut pos = 0;
    let mut line_no = 0usize;
    while pos < bytes.len() {
        let (raw, next) = match bytes[pos..].iter().position(|&b| b == b'\n') {
            Some(i) => (&bytes[pos..pos + i], pos + i + 1),
            None => (&bytes[pos..], bytes.len()),
        };
        if raw.len() > MAX_ENV_LINE {
            // bufio.ErrTooLong, which kustomize does not check: the rest of the file is lost.
            break;
        }
        let line_start = pos;
        pos = next;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        let Ok(mut text) = std::str::from_utf8(line) else {
            return Err((
                env.span,
                format!(
                    "env source file {:?}: line {} has invalid utf8 bytes",
                    env.value,
                    line_no + 1
                ),
            ));
        };
        let mut offset = 0;
        if line_no == 0 {
            if let Some(rest) = text.strip_prefix('\u{feff}') {
                offset += text.len() - rest.len();
                text = rest;
            }
        }
        line_no += 1;
        let trimmed = text.trim_start();
        offset += text.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (key, value) = match trimmed.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (trimmed, None),
        };
        if key.is_empty() {
            continue;
        }
        let key_span = span_of(line_start + offset, key.len());
        let value_span = match value {
            Some(v) => span_of(line_start + offset + key.len() + 1, v.len()),
            None => span_of(line_start + offset + key.len(), 0),
        };
        out.push(Pair {
            key: key.to_string(),
            key_span,
            value: PairValue::Text(value.unwrap_or("").to_string()),
            value_span,
            origin: key_span.join(value_span),
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// What kustomize's YAML output steps refuse.

/// A key kustomize writes unquoted and go-yaml v3 reads back as something other than a
/// string makes kustomize's build fail (`json: unsupported type: map[interface {}]interface
/// {}`, or a merge-key error for `<<`).
fn check_written_key(key: &str, what: &str) -> Result<(), String> {
    if key.chars().any(yaml_v2_rejects) {
        return Err(format!(
            "{what} key {key:?}: yaml: control characters are not allowed"
        ));
    }
    if key.is_empty() && what != "data" {
        return Err(format!(
            "an empty {what} key: kustomize fails on it (wrong node kind: expected ScalarNode but got MappingNode)"
        ));
    }
    if !yaml_v3_plain_key(key) {
        return Ok(());
    }
    if key == "<<" {
        return Err(format!(
            "{what} key `<<`: kustomize writes it unquoted, where it reads as a YAML merge key (yaml: map merge requires map or sequence of maps as the value)"
        ));
    }
    if let Some(tag) = yaml_v3_resolve(key) {
        return Err(format!(
            "{what} key `{key}`: kustomize writes it unquoted, where it reads back as a {tag}, and its build fails (json: unsupported type: map[interface {{}}]interface {{}})"
        ));
    }
    Ok(())
}

/// The checks of a ConfigMap `data` value kustomize cannot write out.
fn check_written_value(v: &str) -> Result<(), String> {
    if let Some(c) = v.chars().find(|&c| yaml_v2_rejects(c)) {
        return Err(format!(
            "the value holds U+{:04X}: yaml: control characters are not allowed (kustomize cannot write it out)",
            c as u32
        ));
    }
    if v.starts_with('\t') && v.contains('\n') && yaml_v3_block_allowed(v) {
        return Err(
            "a multi-line value starting with a tab: yaml: found a tab character where an indentation space is expected (kustomize writes it as a literal block it cannot read back)"
                .into(),
        );
    }
    Ok(())
}

fn is_yaml_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// go-yaml v3's `is_printable` (the emitter's, by character).
fn yaml_v3_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && c != '\u{feff}'
}

/// Whether go-yaml v3's emitter may write `v` as a block scalar (`block_allowed` of
/// `yaml_emitter_analyze_scalar`).
fn yaml_v3_block_allowed(v: &str) -> bool {
    if v.is_empty() {
        return false;
    }
    let chars: Vec<char> = v.chars().collect();
    if chars.last() == Some(&' ') {
        return false;
    }
    for (i, &c) in chars.iter().enumerate() {
        if c != '\t' && !yaml_v3_printable(c) {
            return false;
        }
        if c == ' ' && chars.get(i + 1).is_some_and(|&n| is_yaml_break(n)) {
            return false;
        }
    }
    true
}

/// Whether go-yaml v3's emitter writes `key` as a plain (unquoted) mapping key.
pub(crate) fn yaml_v3_plain_key(key: &str) -> bool {
    if key.is_empty() {
        return false;
    }
    let chars: Vec<char> = key.chars().collect();
    let blank = |c: char| c == ' ' || c == '\t';
    if key.starts_with("---") || key.starts_with("...") {
        return false;
    }
    let n = chars.len();
    if chars[0] == ' '
        || chars[n - 1] == ' '
        || is_yaml_break(chars[0])
        || is_yaml_break(chars[n - 1])
    {
        return false;
    }
    let mut preceded_by_ws = true;
    for i in 0..n {
        let c = chars[i];
        let followed_by_ws = i + 1 >= n || blank(chars[i + 1]);
        if c == '\t' || is_yaml_break(c) || !yaml_v3_printable(c) {
            return false;
        }
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => return false,
                '?' | ':' | '-' if followed_by_ws => return false,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => return false,
                '#' if preceded_by_ws => return false,
                _ => {}
            }
        }
        if c == ' ' && chars.get(i + 1).is_some_and(|&n| is_yaml_break(n)) {
            return false;
        }
        preceded_by_ws = blank(c) || is_yaml_break(c);
    }
    true
}

/// The tag go-yaml v3 resolves a plain scalar to when it is not `!!str` (its `resolve`).
pub(crate) fn yaml_v3_resolve(s: &str) -> Option<&'static str> {
    match s {
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return Some("!!bool"),
        "" | "~" | "null" | "Null" | "NULL" => return Some("!!null"),
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF"
        | "-.inf" | "-.Inf" | "-.INF" => return Some("!!float"),
        "<<" => return Some("!!merge"),
        _ => {}
    }
    let first = s.as_bytes()[0];
    match first {
        b'.' => s.parse::<f64>().is_ok().then_some("!!float"),
        b'0'..=b'9' | b'+' | b'-' => {
            if first.is_ascii_digit() && is_yaml_timestamp(s) {
                return Some("!!timestamp");
            }
            let plain = s.replace('_', "");
            if crate::source::yaml::parse_go_int(&plain).is_some() {
                return Some("!!int");
            }
            if crate::source::yaml::is_yaml_float(&plain) {
                return Some("!!float");
            }
            None
        }
        _ => None,
    }
}

/// go-yaml v3's timestamps: `YYYY-M-D`, optionally followed by `T`, `t` or a space and
/// `H:M:S[.fraction]`, then (`T`/`t` forms) `Z` or `±HH:MM`, as Go's `time.Parse` reads them.
fn is_yaml_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |i: &mut usize, min: usize, max: usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i - start < min {
            return None;
        }
        s[start..*i].parse().ok()
    };
    let mut i = 0;
    let Some(year) = num(&mut i, 4, 4) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(month) = num(&mut i, 1, 2) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = num(&mut i, 1, 2) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let sep = b[i];
    if !matches!(sep, b'T' | b't' | b' ') {
        return false;
    }
    i += 1;
    let time = |i: &mut usize| -> bool {
        let Some(h) = num(i, 1, 2) else { return false };
        if b.get(*i) != Some(&b':') {
            return false;
        }
        *i += 1;
        let Some(m) = num(i, 1, 2) else { return false };
        if b.get(*i) != Some(&b':') {
            return false;
        }
        *i += 1;
        let Some(sec) = num(i, 1, 2) else {
            return false;
        };
        if h > 23 || m > 59 || sec > 59 {
            return false;
        }
        if b.get(*i) == Some(&b'.') && b.get(*i + 1).is_some_and(u8::is_ascii_digit) {
            *i += 1;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
        }
        true
    };
    if !time(&mut i) {
        return false;
    }
    if sep == b' ' {
        return i == b.len();
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i += 1;
            let ok_h = num(&mut i, 2, 2).is_some_and(|h| h <= 23);
            if !ok_h || b.get(i) != Some(&b':') {
                return false;
            }
            i += 1;
            num(&mut i, 2, 2).is_some_and(|m| m <= 59) && i == b.len()
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Node helpers.

fn string_node(s: String, span: Span) -> Node {
    Node {
        span,
        value: NodeValue::String(s),
    }
}

fn map_node(entries: Vec<Entry>, span: Span) -> Node {
    Node {
        span,
        value: NodeValue::Map(entries),
    }
}

fn entry_of(key: &str, key_span: Span, value: Node) -> Entry {
    Entry {
        key: key.to_string(),
        key_span,
        value,
    }
}

fn string_map_node(map: &BTreeMap<String, MapItem>, span: Span) -> Node {
    map_node(
        map.iter()
            .map(|(k, item)| {
                entry_of(
                    k,
                    item.key_span,
                    string_node(item.value.clone(), item.value_span),
                )
            })
            .collect(),
        span,
    )
}

/// kyaml's `GetValue`: a scalar's text, `""` for null and for collections.
fn scalar_text(node: &Node) -> String {
    match &node.value {
        NodeValue::String(s) => s.clone(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        NodeValue::Null | NodeValue::Seq(_) | NodeValue::Map(_) => String::new(),
    }
}

/// The entries of `old` then `new` (a later key wins), values as strings, sorted by key, as
/// kustomize's `mergeStringMaps` then `Set*Map`.
fn merged_string_map(old: Option<&Node>, new: Option<&Node>) -> Vec<Entry> {
    let mut merged: BTreeMap<String, Entry> = BTreeMap::new();
    for node in [old, new].into_iter().flatten() {
        if let NodeValue::Map(entries) = &node.value {
            for e in entries {
                let value = string_node(scalar_text(&e.value), e.value.span);
                merged.insert(e.key.clone(), entry_of(&e.key, e.key_span, value));
            }
        }
    }
    merged.into_values().collect()
}

fn set_field(node: &mut Node, key: &str, value: Node) {
    let span = node.span;
    if let NodeValue::Map(entries) = &mut node.value {
        match entries.iter_mut().find(|e| e.key == key) {
            Some(e) => e.value = value,
            None => {
                let at = entries
                    .iter()
                    .position(|e| e.key.as_str() > key)
                    .unwrap_or(entries.len());
                entries.insert(at, entry_of(key, span, value));
            }
        }
    }
}

fn remove_field(node: &mut Node, key: &str) {
    if let NodeValue::Map(entries) = &mut node.value {
        entries.retain(|e| e.key != key);
    }
}

/// How kustomize names an object in messages: `[v1_ConfigMap|ns|name]` (`~X`: no namespace).
fn res_id(node: &Node, name: &str, namespace: &str) -> String {
    let kind = node.get("kind").and_then(Node::as_str).unwrap_or("");
    let ns = if namespace.is_empty() {
        "~X"
    } else {
        namespace
    };
    format!("[v1_{kind}|{ns}|{name}]")
}

// ---------------------------------------------------------------------------------------------
// Encodings.

/// Base64 (standard alphabet, padded) as kustomize's `encodeBase64` lays it out: an encoding of
/// 70 characters or more is cut into lines of 70, each line ending in `\n`.
fn kustomize_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut enc = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 63) as usize]);
        enc.push(sextet(18));
        enc.push(sextet(12));
        enc.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        enc.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    const LINE: usize = 70;
    if enc.len() < LINE {
        return enc;
    }
    let mut out = String::with_capacity(enc.len() + enc.len() / LINE + 1);
    for line in enc.as_bytes().chunks(LINE) {
        // The encoding is ASCII: every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// SHA-256, the first 10 hex digits, with kustomize's (and kubectl's) substitutions that keep
/// the suffix from looking like a word or a number.
fn hash_suffix(data: &[u8]) -> String {
    let digest = Sha256::digest(data);
    digest
        .iter()
        .flat_map(|b| [b >> 4, b & 15])
        .take(10)
        .map(|n| match n {
            0 => 'g',
            1 => 'h',
            3 => 'k',
            10 => 'm',
            14 => 't',
            n => char::from_digit(u32::from(n), 16).unwrap_or('?'),
        })
        .collect()
}

/// A value as Go's `encoding/json` sees a `map[string]interface{}` decoded from JSON.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    /// From a node inside `data` and the like (YAML to Go values, to JSON and back: numbers
    /// become `float64`).
    fn from_node(node: &Node) -> Json {
        match &node.value {
            NodeValue::Null => Json::Null,
            NodeValue::Bool(b) => Json::Bool(*b),
            NodeValue::Int(i) => Json::Num(*i as f64),
            NodeValue::Float(f) => Json::Num(*f),
            NodeValue::String(s) => Json::Str(s.clone()),
            NodeValue::Seq(items) => Json::Arr(items.iter().map(Json::from_node).collect()),
            NodeValue::Map(entries) => Json::Obj(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), Json::from_node(&e.value)))
                    .collect(),
            ),
        }
    }

    /// Go's `json.Marshal` output.
    fn write(&self, out: &mut String) -> Result<(), String> {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(f) => out.push_str(&crate::render::gojson::float(*f)?),
            Json::Str(s) => crate::render::gojson::write_string(s, out, true),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out)?;
                }
                out.push(']');
            }
            Json::Obj(map) => {
                out.push('{');
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    crate::render::gojson::write_string(k, out, true);
                    out.push(':');
                    v.write(out)?;
                }
                out.push('}');
            }
        }
        Ok(())
    }
}

/// `getNodeValues` of the hasher for one top-level key: missing → `""`; a scalar → its text;
/// a mapping → the mapping; anything else → `null` (the failed decode into a map).
fn hash_field(obj: &Node, key: &str) -> Result<Json, String> {
    let Some(node) = obj.get(key) else {
        return Ok(Json::Str(String::new()));
    };
    Ok(match &node.value {
        NodeValue::Map(_) => Json::from_node(node),
        NodeValue::Seq(_) => Json::Null,
        _ => Json::Str(scalar_text(node)),
    })
}

#[cfg(test)]
mod tests {
    //! Expected hashes and objects come from `kubectl kustomize` v1.32.4 (kustomize v5.5.0),
    //! run on the same inputs (`/work/shared/peers/kustomize-build.sh`).

    use std::collections::HashMap;

    use super::*;
    use crate::source::yaml::parse_yaml;
    use crate::source::Limits;

    /// Files served from memory; text files get bases 100_000 apart (the kustomization is at 0).
    #[derive(Default)]
    struct MemLoader {
        files: HashMap<String, Vec<u8>>,
        read: Vec<String>,
    }

    impl MemLoader {
        fn with(files: &[(&str, &[u8])]) -> Self {
            MemLoader {
                files: files
                    .iter()
                    .map(|(p, b)| (p.to_string(), b.to_vec()))
                    .collect(),
                read: Vec::new(),
            }
        }

        fn base_of(&self, path: &str) -> usize {
            let mut names: Vec<&String> = self.files.keys().collect();
            names.sort();
            100_000 * (1 + names.iter().position(|n| *n == path).unwrap_or(0))
        }
    }

    impl GenLoader for MemLoader {
        fn read(&mut self, rel_path: &str) -> Result<GenFile, String> {
            self.read.push(rel_path.to_string());
            let base = self.base_of(rel_path);
            let bytes = self
                .files
                .get(rel_path)
                .cloned()
                .ok_or_else(|| format!("'{rel_path}' not found"))?;
            Ok(match String::from_utf8(bytes) {
                Ok(text) => GenFile::Text {
                    file: SourceFile::new(rel_path, rel_path, text),
                    base,
                },
                Err(e) => GenFile::Binary(e.into_bytes()),
            })
        }
    }

    fn kustomization(text: &str) -> Node {
        let file = SourceFile::new("kustomization.yaml", "kustomization.yaml", text.to_string());
        let mut docs = parse_yaml(&file, &Limits::default()).unwrap();
        docs.remove(0)
    }

    /// Runs every generator of a kustomization, as a build does (ConfigMaps, then Secrets).
    fn gen_all(text: &str, loader: &mut MemLoader) -> Result<Vec<Generated>, GenError> {
        let k = kustomization(text);
        let options = k.get("generatorOptions");
        let mut out = Vec::new();
        for (field, kind) in [
            ("configMapGenerator", GenKind::ConfigMap),
            ("secretGenerator", GenKind::Secret),
        ] {
            for item in k.get(field).and_then(Node::as_seq).unwrap_or(&[]) {
                out.push(generate(kind, item, options, loader)?);
            }
        }
        Ok(out)
    }

    fn gen_one(text: &str, loader: &mut MemLoader) -> Generated {
        let mut all = gen_all(text, loader).unwrap();
        assert_eq!(all.len(), 1);
        all.remove(0)
    }

    fn gen_err(text: &str, loader: &mut MemLoader) -> String {
        match gen_all(text, loader) {
            Ok(_) => panic!("expected an error"),
            Err((_, m)) => m,
        }
    }

    /// The object as `kubectl kustomize` prints it (sorted keys), as JSON.
    fn json(node: &Node) -> serde_json::Value {
        node.to_json()
    }

    fn hashed_name(g: &Generated) -> String {
        format!("{}-{}", g.base_name, content_hash(&g.node).unwrap())
    }

    #[test]
    fn literals_one_equals_sign_splits_and_one_pair_of_quotes_goes() {
        let mut l = MemLoader::default();
        let g = gen_one(
            r#"
configMapGenerator:
- name: lit
  literals:
  - a=b=c
  - q="double"
  - s='single'
  - m="mismatch'
  - e=
  - 'html=<a href="x">&</a>'
  - uni=héllo ✓ 日本
  - one="
  - "a b=space key"
  - "ctrl=\ttab"
"#,
            &mut l,
        );
        assert_eq!(
            json(&g.node),
            serde_json::json!({
                "apiVersion": "v1",
                "data": {
                    "a": "b=c", "a b": "space key", "ctrl": "\ttab", "e": "",
                    "html": "<a href=\"x\">&</a>", "m": "\"mismatch'", "one": "\"",
                    "q": "double", "s": "single", "uni": "héllo ✓ 日本"
                },
                "kind": "ConfigMap",
                "metadata": {"name": "lit"}
            })
        );
        // kubectl kustomize: lit-56dd8f55d4 (the `<`, `>`, `&` are escaped in the hashed JSON).
        assert_eq!(hashed_name(&g), "lit-56dd8f55d4");
        assert!(g.hashed);
        assert_eq!(g.behavior, Behavior::Create);
    }

    #[test]
    fn hash_ignores_the_name() {
        let mut l = MemLoader::default();
        let all = gen_all(
            "configMapGenerator:\n- name: one\n  literals: [foo=bar]\n- name: two\n  literals: [foo=bar]\nsecretGenerator:\n- name: s1\n  literals: [foo=bar]\n",
            &mut l,
        )
        .unwrap();
        let names: Vec<String> = all.iter().map(hashed_name).collect();
        // kubectl kustomize: one-798k5k7g9f, two-798k5k7g9f, s1-572hm7m64f.
        assert_eq!(names, ["one-798k5k7g9f", "two-798k5k7g9f", "s1-572hm7m64f"]);
        assert_eq!(
            json(&all[2].node)["data"],
            serde_json::json!({"foo": "YmFy"})
        );
        assert_eq!(json(&all[2].node)["type"], "Opaque");
    }

    #[test]
    fn env_file_rules() {
        let env = b"\xef\xbb\xbf# comment\n\n  FOO=bar baz \nEMPTY=\nALONE\nKEY SPACE = v\nexport X=1\nQ=\"quoted\"\nEQ=a=b=c\r\nTAB\t=x\n  # indented comment\n=skipped\n   \nLAST=no-newline";
        let mut l = MemLoader::with(&[("app.env", env)]);
        let g = gen_one(
            "configMapGenerator:\n- name: env\n  envs:\n  - app.env\n",
            &mut l,
        );
        assert_eq!(
            json(&g.node)["data"],
            serde_json::json!({
                "ALONE": "", "EMPTY": "", "EQ": "a=b=c", "FOO": "bar baz ",
                "KEY SPACE ": " v", "LAST": "no-newline", "Q": "\"quoted\"",
                "TAB\t": "x", "export X": "1"
            })
        );
        // kubectl kustomize: env-79d55b6hbg.
        assert_eq!(hashed_name(&g), "env-79d55b6hbg");
        // Spans point into the env file: `FOO` is at byte 16 (BOM 3, comment 10, blank line 1,
        // indentation 2), its value right after the `=`.
        let foo = g.node.get("data").unwrap().entry("FOO").unwrap();
        let base = l.base_of("app.env");
        assert_eq!(foo.key_span, Span::new(base + 16, base + 19));
        assert_eq!(foo.value.span, Span::new(base + 20, base + 28));
    }

    #[test]
    fn files_text_binary_bom_crlf_and_base_names() {
        let mut l = MemLoader::with(&[
            ("greeting.txt", b"hello\nworld\n"),
            ("blob.bin", b"\xff\xfe\x00binary"),
            ("bom.txt", b"\xef\xbb\xbfbom-file\r\n"),
            ("sub/inner.txt", b"x\n"),
        ]);
        let g = gen_one(
            "configMapGenerator:\n- name: files\n  files:\n  - greeting.txt\n  - renamed=greeting.txt\n  - sub/inner.txt\n  - blob.bin\n  - bom.txt\n",
            &mut l,
        );
        assert_eq!(
            json(&g.node),
            serde_json::json!({
                "apiVersion": "v1",
                "binaryData": {"blob.bin": "//4AYmluYXJ5"},
                "data": {
                    "bom.txt": "\u{feff}bom-file\r\n",
                    "greeting.txt": "hello\nworld\n",
                    "inner.txt": "x\n",
                    "renamed": "hello\nworld\n"
                },
                "kind": "ConfigMap",
                "metadata": {"name": "files"}
            })
        );
        // kubectl kustomize: files-74tkf42t49.
        assert_eq!(hashed_name(&g), "files-74tkf42t49");
        let greeting = g.node.get("data").unwrap().get("greeting.txt").unwrap();
        let base = l.base_of("greeting.txt");
        assert_eq!(greeting.span, Span::new(base, base + 12));
    }

    /// kustomize's ldap example, staging overlay: an env file used as a plain file.
    #[test]
    fn ldap_example_file_source() {
        let mut l = MemLoader::with(&[("config.env", b"DB_USERNAME=admin\nDB_PASSWORD=somepw\n")]);
        let g = gen_one(
            "configMapGenerator:\n- name: env-config\n  files:\n  - config.env\n",
            &mut l,
        );
        // kubectl kustomize (with the overlay's `namePrefix: staging-`):
        // staging-env-config-42m8gk5kg2.
        assert_eq!(hashed_name(&g), "env-config-42m8gk5kg2");
    }

    #[test]
    fn binary_only_configmap_hashes_data_as_empty_string() {
        let mut l = MemLoader::with(&[("blob.bin", b"\xff\xfe\x00binary")]);
        let g = gen_one(
            "configMapGenerator:\n- name: b\n  files: [blob.bin]\n",
            &mut l,
        );
        assert!(g.node.get("data").is_none());
        // kubectl kustomize: b-hcfh894bdb.
        assert_eq!(hashed_name(&g), "b-hcfh894bdb");
    }

    #[test]
    fn secret_with_type_binary_file_and_long_value() {
        let mut l = MemLoader::with(&[
            ("greeting.txt", b"hello\nworld\n"),
            ("blob.bin", b"\xff\xfe\x00binary"),
        ]);
        let long = "a".repeat(101);
        let g = gen_one(
            &format!(
                "secretGenerator:\n- name: sec\n  type: kubernetes.io/tls\n  files:\n  - tls.crt=greeting.txt\n  - blob.bin\n  literals:\n  - long={long}\n"
            ),
            &mut l,
        );
        assert_eq!(
            json(&g.node),
            serde_json::json!({
                "apiVersion": "v1",
                "data": {
                    "blob.bin": "//4AYmluYXJ5",
                    "long": "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYW\nFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=\n",
                    "tls.crt": "aGVsbG8Kd29ybGQK"
                },
                "kind": "Secret",
                "metadata": {"name": "sec"},
                "type": "kubernetes.io/tls"
            })
        );
        // kubectl kustomize: sec-hbtd89t9d8.
        assert_eq!(hashed_name(&g), "sec-hbtd89t9d8");
    }

    #[test]
    fn empty_generators() {
        let mut l = MemLoader::default();
        let all = gen_all(
            "configMapGenerator:\n- name: empty\nsecretGenerator:\n- name: emptys\n",
            &mut l,
        )
        .unwrap();
        assert!(all[0].node.get("data").is_none());
        assert_eq!(json(&all[1].node)["data"], serde_json::json!({}));
        // kubectl kustomize: empty-6ct58987ht, emptys-46f8b28mk5.
        assert_eq!(hashed_name(&all[0]), "empty-6ct58987ht");
        assert_eq!(hashed_name(&all[1]), "emptys-46f8b28mk5");
    }

    #[test]
    fn generator_options_merge_into_entry_options() {
        let mut l = MemLoader::default();
        let all = gen_all(
            r#"
generatorOptions:
  labels:
    g: global
    both: global
  annotations:
    ga: "1"
  immutable: true
configMapGenerator:
- name: opts
  namespace: ns1
  literals: [a=b]
  options:
    labels:
      both: local
      l: local
    disableNameSuffixHash: false
- name: nohash
  literals: [a=b]
  options:
    disableNameSuffixHash: true
    immutable: false
secretGenerator:
- name: s
  literals: [a=b]
  options:
    annotations:
      sa: x
"#,
            &mut l,
        )
        .unwrap();
        assert_eq!(
            json(&all[0].node),
            serde_json::json!({
                "apiVersion": "v1",
                "data": {"a": "b"},
                "immutable": true,
                "kind": "ConfigMap",
                "metadata": {
                    "annotations": {"ga": "1"},
                    "labels": {"both": "local", "g": "global", "l": "local"},
                    "name": "opts",
                    "namespace": "ns1"
                }
            })
        );
        assert_eq!(all[0].namespace, "ns1");
        // kubectl kustomize: opts-4h2mbtbbt6, nohash (immutable: true all the same),
        // s-k695gkmbtk.
        assert_eq!(hashed_name(&all[0]), "opts-4h2mbtbbt6");
        assert!(!all[1].hashed);
        assert_eq!(json(&all[1].node)["immutable"], true);
        assert_eq!(
            json(&all[1].node)["metadata"]["labels"],
            serde_json::json!({"both": "global", "g": "global"})
        );
        assert_eq!(
            json(&all[2].node)["metadata"]["annotations"],
            serde_json::json!({"ga": "1", "sa": "x"})
        );
        assert_eq!(hashed_name(&all[2]), "s-k695gkmbtk");
    }

    #[test]
    fn escapes_in_the_hashed_json() {
        // Each value alone in a ConfigMap; hashes from kubectl kustomize.
        let cases: &[(&str, &str)] = &[
            ("x\u{8}y", "9f2t22c5tf"),
            ("x\u{c}y", "9mc974k74d"),
            ("x\u{2028}y", "24h8c6bk69"),
            ("x\u{1}y", "d554gb5tc6"),
            ("x\u{feff}y", "dm2t5k6h8b"),
            ("x\u{a0}y", "dbk5g6tfdm"),
            ("x\u{1f600}y", "928dgkhb89"),
            ("x\ry", "5dfbh66k4t"),
            ("x\\y", "6k5k7gh2bc"),
            ("x\u{1b}y", "2df629fh82"),
            ("a \nb", "gf95b94dcf"),
            ("\n\nx\n\n", "ktc227fb6b"),
            ("a\r\nb", "74h85fbg2h"),
            ("x\n\tx", "h86hghmbdg"),
            ("\n", "k48h4mbf9c"),
        ];
        for (value, hash) in cases {
            let lit = serde_json::to_string(&format!("k={value}")).unwrap();
            let mut l = MemLoader::default();
            let g = gen_one(
                &format!("configMapGenerator:\n- name: h\n  literals:\n  - {lit}\n"),
                &mut l,
            );
            assert_eq!(content_hash(&g.node).unwrap(), *hash, "value {value:?}");
        }
    }

    #[test]
    fn nel_in_a_literal_folds_as_kustomize_round_trips_its_arguments() {
        let mut l = MemLoader::default();
        let g = gen_one(
            "configMapGenerator:\n- name: h\n  literals:\n  - \"multi=a \\u0085 b\"\n  - \"two=a\\u0085\\u0085b\"\n  - \"tail=x \\u0085\"\n  - \"k=x\\u0085\\ny\"\n",
            &mut l,
        );
        assert_eq!(
            json(&g.node)["data"],
            serde_json::json!({"k": "x \ny", "multi": "a b", "tail": "x ", "two": "a\nb"})
        );
        // kubectl kustomize: `k=x\u0085\ny` alone hashes to 7f772tkm75, the hash of "x \ny".
        let g = gen_one(
            "configMapGenerator:\n- name: h\n  literals: [\"k=x\\u0085\\ny\"]\n",
            &mut l,
        );
        assert_eq!(content_hash(&g.node).unwrap(), "7f772tkm75");
    }

    #[test]
    fn nel_in_an_env_file_is_kept() {
        let mut l = MemLoader::with(&[(
            "e.env",
            "K=a\u{85}b\nL=x \u{85} y\nM=\u{1}ctl\nN=\u{2028}ls\n".as_bytes(),
        )]);
        let g = gen_one(
            "configMapGenerator:\n- name: envnel\n  envs: [e.env]\n",
            &mut l,
        );
        // kubectl kustomize: envnel-dbgc6bbf92 (the hash of the raw values).
        assert_eq!(hashed_name(&g), "envnel-dbgc6bbf92");
    }

    #[test]
    fn long_env_lines_end_the_file_as_in_kustomize() {
        let line = |n: usize| format!("BIG={}", "x".repeat(n - 4));
        for (text, keys) in [
            (
                format!("A=1\n{}\nC=3\n", line(65_535)),
                vec!["A", "BIG", "C"],
            ),
            (format!("A=1\n{}\nC=3\n", line(65_536)), vec!["A"]),
            (format!("A=1\n{}", line(65_536)), vec!["A"]),
            (format!("A=1\n{}", line(65_535)), vec!["A", "BIG"]),
        ] {
            let mut l = MemLoader::with(&[("e.env", text.as_bytes())]);
            let g = gen_one("configMapGenerator:\n- name: e\n  envs: [e.env]\n", &mut l);
            let data = g.node.get("data").unwrap();
            let got: Vec<&str> = match &data.value {
                NodeValue::Map(es) => es.iter().map(|e| e.key.as_str()).collect(),
                _ => vec![],
            };
            assert_eq!(got, keys);
        }
    }

    #[test]
    fn legacy_env_comes_after_envs_and_fields_match_case_insensitively() {
        let mut l = MemLoader::with(&[("e.env", b"E=1\n"), ("f.env", b"F=2\n")]);
        let g = gen_one(
            "configMapGenerator:\n- Name: x\n  LITERALS: [a=b]\n  env: e.env\n  envs: [f.env]\n",
            &mut l,
        );
        assert_eq!(l.read, ["f.env", "e.env"]);
        // kubectl kustomize: x-bbg89tf24k.
        assert_eq!(hashed_name(&g), "x-bbg89tf24k");
    }

    #[test]
    fn errors_as_kustomize_reports_them() {
        let mut l = MemLoader::with(&[("a.txt", b"x"), ("sub/a.txt", b"y")]);
        let cases: &[(&str, &str)] = &[
            ("configMapGenerator:\n- literals: [a=b]\n", "a configmap must have a name"),
            (
                "configMapGenerator:\n- name: x\n  literals: [a=b, a=c]\n",
                "configmap x illegally repeats the key `a`",
            ),
            (
                "secretGenerator:\n- name: s\n  literals: [a.txt=b]\n  files: [a.txt]\n",
                "configmap s illegally repeats the key `a.txt`",
            ),
            (
                "configMapGenerator:\n- name: x\n  literals: [novalue]\n",
                "invalid literal source novalue, expected key=value",
            ),
            (
                "configMapGenerator:\n- name: x\n  literals: [\"=v\"]\n",
                "invalid literal source =v, expected key=value",
            ),
            (
                "configMapGenerator:\n- name: x\n  files: [a=b=c]\n",
                "source \"a=b=c\" key name or file path contains '='",
            ),
            (
                "configMapGenerator:\n- name: x\n  files: [\"=c\"]\n",
                "missing key name for file path \"c\" in source \"=c\"",
            ),
            (
                "configMapGenerator:\n- name: x\n  files: [\"k=\"]\n",
                "missing file path for key name \"k\" in source \"k=\"",
            ),
            (
                "configMapGenerator:\n- name: x\n  files: [missing.txt]\n",
                "file source \"missing.txt\": 'missing.txt' not found",
            ),
            (
                "configMapGenerator:\n- name: x\n  bogus: 1\n",
                "invalid Kustomization: json: unknown field \"bogus\"",
            ),
            (
                "configMapGenerator:\n- name: x\n  type: Opaque\n",
                "invalid Kustomization: json: unknown field \"type\"",
            ),
            (
                "secretGenerator:\n- name: y\n",
                "invalid Kustomization: json: cannot unmarshal bool into Go struct field SecretArgs.secretGenerator.name of type string",
            ),
            (
                "configMapGenerator:\n- name: x\n  literals: [123]\n",
                "invalid Kustomization: json: cannot unmarshal number into Go struct field ConfigMapArgs.configMapGenerator.literals of type string",
            ),
            (
                "configMapGenerator:\n- name: 123\n  literals: [a=1]\n",
                "invalid Kustomization: json: cannot unmarshal number into Go struct field ConfigMapArgs.configMapGenerator.name of type string",
            ),
            (
                "configMapGenerator:\n- name: x\n  literals: [\"k=a\\x7fb\"]\n",
                "builtin ConfigMapGenerator marshal: yaml: control characters are not allowed",
            ),
            (
                "configMapGenerator:\n- name: x\n  files: [sub/a.txt, a.txt]\n",
                "configmap x illegally repeats the key `a.txt`",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&gen_err(text, &mut l), want, "{text}");
        }
    }

    #[test]
    fn error_spans_point_at_the_field() {
        let text = "configMapGenerator:\n- name: x\n  literals:\n  - a=b\n  - broken\n";
        let k = kustomization(text);
        let item = &k.get("configMapGenerator").unwrap().as_seq().unwrap()[0];
        let mut l = MemLoader::default();
        let (span, _) = generate(GenKind::ConfigMap, item, None, &mut l).unwrap_err();
        assert_eq!(&text[span.start..span.end], "broken");
    }

    #[test]
    fn keys_kustomize_cannot_write_out_are_errors() {
        for key in [
            "1",
            "true",
            "null",
            "0x10",
            "08",
            "1e3",
            ".5",
            "2001-12-14",
            "+1",
            "1_000",
            ".inf",
            "<<",
        ] {
            let mut l = MemLoader::default();
            let lit = serde_json::to_string(&format!("{key}=v")).unwrap();
            let text = format!("configMapGenerator:\n- name: h\n  literals: [{lit}]\n");
            let m = gen_err(&text, &mut l);
            assert!(m.contains("kustomize writes it unquoted"), "{key}: {m}");
        }
        // These are fine in kustomize (hashes from kubectl kustomize).
        for (key, hash) in [
            ("y", "898k4bmk67"),
            ("yes", "64dgg26mkt"),
            ("1:2", "54967btttg"),
            ("x:", "9hbmh6fm5m"),
            ("- x", "4ct66558dh"),
            ("1e", "9m4c5ff2c4"),
            ("12:30", "cbc4m4mdh9"),
        ] {
            let mut l = MemLoader::default();
            let lit = serde_json::to_string(&format!("{key}=v")).unwrap();
            let g = gen_one(
                &format!("configMapGenerator:\n- name: h\n  literals: [{lit}]\n"),
                &mut l,
            );
            assert_eq!(content_hash(&g.node).unwrap(), hash, "{key}");
        }
        let mut l = MemLoader::default();
        let m = gen_err(
            "configMapGenerator:\n- name: h\n  literals: [a=b]\n  options:\n    labels: {\"1\": v}\n",
            &mut l,
        );
        assert!(m.starts_with("label key `1`"), "{m}");
    }

    #[test]
    fn values_kustomize_cannot_write_out_are_errors() {
        let mut l = MemLoader::with(&[
            ("tab.txt", b"\tindented\nline2\n"),
            ("tab2.txt", b"x\n\tindented\n"),
            ("tab3.txt", b"\n\tindented\n"),
            ("ctl.txt", b"ctl\x01\x7f\n"),
        ]);
        let m = gen_err(
            "configMapGenerator:\n- name: t\n  files: [tab.txt]\n",
            &mut l,
        );
        assert!(m.contains("found a tab character"), "{m}");
        let m = gen_err(
            "configMapGenerator:\n- name: t\n  files: [ctl.txt]\n",
            &mut l,
        );
        assert!(m.contains("control characters"), "{m}");
        // kubectl kustomize: t1-k2k5gdmk6f for these two; a Secret takes any bytes.
        let g = gen_one(
            "configMapGenerator:\n- name: t1\n  files: [tab2.txt, tab3.txt]\n",
            &mut l,
        );
        assert_eq!(hashed_name(&g), "t1-k2k5gdmk6f");
        let g = gen_one("secretGenerator:\n- name: t1\n  files: [tab.txt]\n", &mut l);
        assert_eq!(hashed_name(&g), "t1-2mcm7gc74b");
    }

    /// kustomize's springboot example: the base generates `demo-configmap` from a file, the
    /// staging overlay merges a file, a literal and a legacy `env:` file into it.
    #[test]
    fn behavior_merge_springboot_example() {
        let base_props = "app.name=Kinflate Demo\nspring.jpa.hibernate.ddl-auto=update\nspring.datasource.url=jdbc:mysql://<prod_db_ip>:3306/db_example\nspring.datasource.username=root\nspring.datasource.password=admin\n";
        let staging_props = "app.name=Staging Kinflate Demo\nspring.jpa.hibernate.ddl-auto=update\nspring.datasource.url=jdbc:mysql://<staging_db_ip>:3306/db_example\nspring.datasource.username=root\nspring.datasource.password=admin\n";
        let mut base_loader = MemLoader::with(&[("application.properties", base_props.as_bytes())]);
        let base = gen_one(
            "configMapGenerator:\n- name: demo-configmap\n  files:\n    - application.properties\n",
            &mut base_loader,
        );
        let mut overlay_loader = MemLoader::with(&[
            ("application.properties", staging_props.as_bytes()),
            ("staging.env", b"staging"),
        ]);
        let overlay = gen_one(
            "configMapGenerator:\n- name: demo-configmap\n  behavior: merge\n  files:\n    - application.properties\n  literals:\n    - foo=bar\n  env: staging.env\n",
            &mut overlay_loader,
        );
        assert_eq!(overlay.behavior, Behavior::Merge);
        let mut existing = base.node.clone();
        // The base's namePrefix-free name; the overlay's `namePrefix: staging-` comes later.
        let hashed = combine(&mut existing, base.hashed, overlay).unwrap();
        assert!(hashed);
        assert_eq!(
            json(&existing)["data"],
            serde_json::json!({
                "application.properties": staging_props, "foo": "bar", "staging": ""
            })
        );
        // kubectl kustomize: staging-demo-configmap-6g68cb86kk (the prefix is not hashed).
        assert_eq!(content_hash(&existing).unwrap(), "6g68cb86kk");
    }

    #[test]
    fn behavior_merge_and_replace_keep_the_existing_identity() {
        let mut l = MemLoader::default();
        // A base: prefix `b-` and namespace `basens` already applied to its objects.
        let base = gen_all(
            "configMapGenerator:\n- name: cm\n  literals: [a=1, b=2]\n  options:\n    labels: {x: base, w: base}\n    annotations: {keep: me}\nsecretGenerator:\n- name: sec\n  type: kubernetes.io/basic-auth\n  literals: [username=u, password=p]\n  options:\n    immutable: true\n",
            &mut l,
        )
        .unwrap();
        let rename = |g: &Generated, name: &str| {
            let mut n = g.node.clone();
            let meta = match &mut n.value {
                NodeValue::Map(es) => es.iter_mut().find(|e| e.key == "metadata").unwrap(),
                _ => unreachable!(),
            };
            set_field(
                &mut meta.value,
                "name",
                string_node(name.into(), Span::default()),
            );
            set_field(
                &mut meta.value,
                "namespace",
                string_node("basens".into(), Span::default()),
            );
            n
        };
        let mut cm = rename(&base[0], "b-cm");
        let mut sec = rename(&base[1], "b-sec");
        let overlay = gen_all(
            "configMapGenerator:\n- name: cm\n  namespace: basens\n  behavior: merge\n  literals: [b=3, c=4]\n  options:\n    labels: {w: overlay}\nsecretGenerator:\n- name: sec\n  namespace: basens\n  behavior: replace\n  literals: [token=t]\n",
            &mut l,
        )
        .unwrap();
        let mut it = overlay.into_iter();
        assert!(combine(&mut cm, true, it.next().unwrap()).unwrap());
        assert!(combine(&mut sec, true, it.next().unwrap()).unwrap());
        assert_eq!(
            json(&cm),
            serde_json::json!({
                "apiVersion": "v1",
                "data": {"a": "1", "b": "3", "c": "4"},
                "kind": "ConfigMap",
                "metadata": {
                    "annotations": {"keep": "me"},
                    "labels": {"w": "overlay", "x": "base"},
                    "name": "b-cm",
                    "namespace": "basens"
                }
            })
        );
        // The replacing Secret's own type and (absent) immutable win.
        assert_eq!(
            json(&sec),
            serde_json::json!({
                "apiVersion": "v1",
                "data": {"token": "dA=="},
                "kind": "Secret",
                "metadata": {"name": "b-sec", "namespace": "basens"},
                "type": "Opaque"
            })
        );
        // kubectl kustomize (overlay adds `namePrefix: o-`): o-b-cm-fbcmkbc66h, o-b-sec-4d96kgft85.
        assert_eq!(content_hash(&cm).unwrap(), "fbcmkbc66h");
        assert_eq!(content_hash(&sec).unwrap(), "4d96kgft85");
    }

    #[test]
    fn combine_hash_flag_needs_both_and_plain_objects_merge() {
        let mut l = MemLoader::default();
        let plain = kustomization(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n  labels: {orig: \"1\"}\ndata:\n  p: q\n",
        );
        let new = gen_one(
            "configMapGenerator:\n- name: plain\n  behavior: merge\n  literals: [z=1]\n",
            &mut l,
        );
        let mut existing = plain;
        assert!(!combine(&mut existing, false, new).unwrap());
        assert_eq!(
            json(&existing),
            serde_json::json!({
                "apiVersion": "v1",
                "data": {"p": "q", "z": "1"},
                "kind": "ConfigMap",
                "metadata": {"labels": {"orig": "1"}, "name": "plain"}
            })
        );
        let off = gen_one(
            "configMapGenerator:\n- name: x\n  behavior: replace\n  literals: [b=1]\n  options: {disableNameSuffixHash: true}\n",
            &mut l,
        );
        let mut target = existing.clone();
        assert!(!combine(&mut target, true, off).unwrap());
        let create = gen_one(
            "configMapGenerator:\n- name: x\n  literals: [b=1]\n",
            &mut l,
        );
        let (_, m) = combine(&mut target, true, create).unwrap_err();
        assert_eq!(
            m,
            "id [v1_ConfigMap|~X|x] exists; behavior must be merge or replace"
        );
    }

    #[test]
    fn hash_reads_the_final_object() {
        // A data patch changes the hash; labels, annotations, name and namespace do not.
        let obj = kustomization(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p-one\n  namespace: n\n  labels: {a: b}\ndata:\n  foo: bar\n",
        );
        assert_eq!(content_hash(&obj).unwrap(), "798k5k7g9f");
        let secret = kustomization(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: kubernetes.io/basic-auth\ndata:\n  password: cA==\n  username: dQ==\n",
        );
        // kubectl kustomize: b-sec-gfbh87f95h.
        assert_eq!(content_hash(&secret).unwrap(), "gfbh87f95h");
        let deployment = kustomization("kind: Deployment\nmetadata:\n  name: d\n");
        assert!(content_hash(&deployment).is_err());
    }

    #[test]
    fn go_number_formatting() {
        assert_eq!(crate::render::gojson::float(1.0).unwrap(), "1");
        assert_eq!(crate::render::gojson::float(1.5).unwrap(), "1.5");
        assert_eq!(crate::render::gojson::float(1e21).unwrap(), "1e+21");
        assert_eq!(crate::render::gojson::float(1e-7).unwrap(), "1e-7");
        assert_eq!(crate::render::gojson::float(1.5e-10).unwrap(), "1.5e-10");
        assert_eq!(
            crate::render::gojson::float(123456789.0).unwrap(),
            "123456789"
        );
        assert!(crate::render::gojson::float(f64::NAN).is_err());
    }

    #[test]
    fn base64_layout() {
        assert_eq!(kustomize_base64(b""), "");
        assert_eq!(kustomize_base64(b"bar"), "YmFy");
        assert_eq!(kustomize_base64(b"b"), "Yg==");
        // 51 bytes encode to 68 characters: one line, no newline.
        assert!(!kustomize_base64(&[0u8; 51]).contains('\n'));
        // 52 bytes encode to 72 characters: a line of 70 and one of 2, each ending in \n.
        let enc = kustomize_base64(&[0u8; 52]);
        assert_eq!(enc, format!("{}\n==\n", "A".repeat(70)));
        // 105 bytes encode to exactly 140 characters: two full lines, each ending in \n.
        let enc = kustomize_base64(&[0u8; 105]);
        assert_eq!(enc, format!("{0}\n{0}\n", "A".repeat(70)));
    }

    #[test]
    fn go_path_base_matches_go() {
        assert_eq!(go_path_base("a/b.txt"), "b.txt");
        assert_eq!(go_path_base("sub/"), "sub");
        assert_eq!(go_path_base(""), ".");
        assert_eq!(go_path_base("///"), "/");
        assert_eq!(go_path_base("b"), "b");
    }

    #[test]
    fn yaml_resolution_of_keys() {
        for s in [
            "1",
            "-1",
            "+1",
            "0o17",
            "0b101",
            "0x_1",
            "1.",
            "08",
            "0755",
            "+.5",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10",
            "True",
            "FALSE",
            "~",
            "-.inf",
            ".NaN",
        ] {
            assert!(yaml_v3_plain_key(s) && yaml_v3_resolve(s).is_some(), "{s}");
        }
        for s in ["1e", "12:30", "2001-13-01", "x", "y", "on", "0x"] {
            assert!(yaml_v3_resolve(s).is_none(), "{s}");
        }
        for s in ["- x", "x:", "#c", "' q", "a #b", " lead", "trail "] {
            assert!(!yaml_v3_plain_key(s), "{s}");
        }
        assert!(yaml_v3_plain_key("a#b"));
    }
}
