//! kustomize's built-in transformers, in its order, and what it does once at the top of a
//! build (hash suffixes, name references, vars, the legacy sort).
//!
//! Each transformer is a function taking its configuration as arguments (kustomize's
//! `api/internal/builtins/*Transformer.go` and the filters of `api/filters`), so that
//! [`run`] configures them from the kustomization's fields (`kusttarget_configplugin.go`) and
//! [`super::plugins`] from `transformers:` entries. Which fields each one touches comes from
//! the transformer configuration ([`super::fieldspecs`]).

use super::fieldspecs::{self, CreateKind, FieldSpec, TConfig};
use super::plugins::{self, Pair};
use super::{get_mut, map_at, ns_eq, patch, set, str_at, string_node, Build, KError, Kust, Res};
use crate::source::{Node, NodeValue, Span};

const CLUSTER_SCOPED: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ComponentStatus",
    "CSIDriver",
    "CSINode",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "SelfSubjectAccessReview",
    "SelfSubjectRulesReview",
    "StorageClass",
    "SubjectAccessReview",
    "TokenReview",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

pub(crate) fn is_cluster_scoped(r: &Res) -> bool {
    CLUSTER_SCOPED.contains(&r.kind())
}

/// Calls `f` on every node at `path` (created as an empty mapping when `create` and missing).
fn at_path(node: &mut Node, path: &[&str], create: bool, span: Span, f: &mut dyn FnMut(&mut Node)) {
    let Some((first, rest)) = path.split_first() else {
        f(node);
        return;
    };
    let (key, each) = match first.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (*first, false),
    };
    if each {
        if let Some(NodeValue::Seq(items)) = get_mut(node, key).map(|n| &mut n.value) {
            for item in items {
                at_path(item, rest, create, span, f);
            }
        }
        return;
    }
    let exists = node
        .get(key)
        .is_some_and(|n| !matches!(n.value, NodeValue::Null));
    if !exists && !create {
        return;
    }
    // kustomize's paths step through sequences without saying so (`spec/containers/image`).
    if exists && !rest.is_empty() {
        if let Some(NodeValue::Seq(items)) = get_mut(node, key).map(|n| &mut n.value) {
            for item in items {
                at_path(item, rest, create, span, f);
            }
            return;
        }
    }
    if exists && rest.is_empty() {
        // The leaf, whatever it holds (a scalar for names and vars, a mapping for labels).
        if let Some(leaf) = get_mut(node, key) {
            f(leaf);
        }
        return;
    }
    if let Some(child) = map_at(node, key, span) {
        at_path(child, rest, create, span, f);
    }
}

/// Whether a kustomization field holds a non-empty list or mapping (kustomize configures a
/// transformer only then).
fn non_empty(kust: &Kust, key: &str) -> bool {
    match kust.get(key).map(|n| &n.value) {
        Some(NodeValue::Seq(items)) => !items.is_empty(),
        Some(NodeValue::Map(entries)) => !entries.is_empty(),
        Some(NodeValue::String(s)) => !s.is_empty(),
        _ => false,
    }
}

fn items_of<'a>(kust: &'a Kust, key: &str) -> Result<&'a [Node], KError> {
    match kust.get(key) {
        None => Ok(&[]),
        Some(n) => match &n.value {
            NodeValue::Seq(items) => Ok(items),
            _ => Err(KError::at(n.span, format!("`{key}` must be a list"))),
        },
    }
}

/// The transformers of one kustomization, in kustomize's order (`configureBuiltinTransformers`,
/// then the `transformers:` entries, then the `validators:`). After each one kustomize records
/// it on every object (`buildMetadata: [transformerAnnotations]`) and drops emptied objects.
pub(super) fn run(b: &mut Build<'_>, kust: &Kust, ra: &mut Vec<Res>) -> Result<(), KError> {
    let tc = b.meta.tconfig.clone();

    if non_empty(kust, "patchesStrategicMerge") {
        let o = plugins::builtin_origin(
            b,
            kust,
            "PatchStrategicMergeTransformer",
            "patchesStrategicMerge",
        );
        patch::strategic_merge_patches(b, kust, ra)?;
        plugins::transformed(b, ra, &o)?;
    }
    for item in items_of(kust, "patches")? {
        let o = plugins::builtin_origin(b, kust, "PatchTransformer", "patches");
        patch::patch_entry(b, kust, item, ra)?;
        plugins::transformed(b, ra, &o)?;
    }
    if let Some((ns, span)) = kust.string("namespace")?.filter(|(n, _)| !n.is_empty()) {
        let o = plugins::builtin_origin(b, kust, "NamespaceTransformer", "namespace");
        apply_namespace(ra, &ns, span, &tc.namespace, &NsOptions::default())?;
        plugins::transformed(b, ra, &o)?;
    }
    for (key, is_prefix, specs, kind) in [
        ("namePrefix", true, &tc.name_prefix, "PrefixTransformer"),
        ("nameSuffix", false, &tc.name_suffix, "SuffixTransformer"),
    ] {
        if let Some((affix, span)) = kust.string(key)?.filter(|(a, _)| !a.is_empty()) {
            let o = plugins::builtin_origin(b, kust, kind, key);
            apply_affix(ra, &affix, is_prefix, specs, span)?;
            plugins::transformed(b, ra, &o)?;
        }
    }
    if non_empty(kust, "labels") || non_empty(kust, "commonLabels") {
        for item in items_of(kust, "labels")? {
            let o = plugins::builtin_origin(b, kust, "LabelTransformer", "labels");
            let f = plugins::Fields::new(
                item,
                &["pairs", "includeSelectors", "includeTemplates", "fields"],
                "Label",
                "labels",
                true,
            )?;
            let pairs = f.string_map("pairs")?.unwrap_or_default();
            let mut specs = fieldspecs::parse_specs(f.node("fields"), true)?.unwrap_or_default();
            let merge = |specs: &mut Vec<FieldSpec>, more: &[FieldSpec]| {
                fieldspecs::merge_all(specs, more).map_err(|(s, m)| {
                    KError::at(
                        s.unwrap_or(item.span),
                        format!("failed to merge labels: {m}"),
                    )
                })
            };
            merge(&mut specs, &tc.labels)?;
            if f.boolean("includeSelectors")? {
                merge(&mut specs, &tc.common_labels)?;
            } else {
                if f.boolean("includeTemplates")? {
                    merge(&mut specs, &tc.template_labels)?;
                }
                merge(&mut specs, &[FieldSpec::plain("metadata/labels", true)])?;
            }
            apply_pairs(ra, &pairs, &specs, item.span)?;
            plugins::transformed(b, ra, &o)?;
        }
        let o = plugins::builtin_origin(b, kust, "LabelTransformer", "labels");
        if let Some(labels) = kust.get("commonLabels") {
            let pairs = plugins::string_map(labels, "Kustomization.commonLabels", true)?;
            apply_pairs(ra, &pairs, &tc.common_labels, labels.span)?;
        }
        plugins::transformed(b, ra, &o)?;
    }
    if non_empty(kust, "commonAnnotations") {
        let o = plugins::builtin_origin(b, kust, "AnnotationsTransformer", "commonAnnotations");
        if let Some(annotations) = kust.get("commonAnnotations") {
            let pairs = plugins::string_map(annotations, "Kustomization.commonAnnotations", true)?;
            apply_pairs(ra, &pairs, &tc.common_annotations, annotations.span)?;
        }
        plugins::transformed(b, ra, &o)?;
    }
    for item in items_of(kust, "patchesJson6902")? {
        let o = plugins::builtin_origin(b, kust, "PatchJson6902Transformer", "patchesJson6902");
        patch::json6902_entry(b, kust, item, "patch", ra)?;
        plugins::transformed(b, ra, &o)?;
    }
    for item in items_of(kust, "replicas")? {
        let o = plugins::builtin_origin(b, kust, "ReplicaCountTransformer", "replicas");
        let f = plugins::Fields::new(item, &["name", "count"], "Replica", "replicas", true)?;
        let name = f.string("name")?.map(|(s, _)| s).unwrap_or_default();
        let (count, count_span) = f.int("count")?.unwrap_or((0, item.span));
        apply_replicas(ra, &name, count, count_span, &tc.replicas, item.span)?;
        plugins::transformed(b, ra, &o)?;
    }
    let images: Vec<&Node> = items_of(kust, "images")?
        .iter()
        .chain(items_of(kust, "imageTags")?.iter())
        .collect();
    for item in images {
        let o = plugins::builtin_origin(b, kust, "ImageTagTransformer", "images");
        let image = ImageArgs::parse(item, "images", true)?;
        apply_image(ra, &image, &tc.images)?;
        plugins::transformed(b, ra, &o)?;
    }
    if non_empty(kust, "replacements") {
        let o = plugins::builtin_origin(b, kust, "ReplacementTransformer", "replacements");
        if let Some(list) = kust.get("replacements") {
            let entries = load_replacements(b, kust, list)?;
            apply_replacements(&entries, ra)?;
        }
        plugins::transformed(b, ra, &o)?;
    }
    plugins::transformers(b, kust, ra)?;
    plugins::validators(b, kust, ra)
}

/// Labels or annotations (kustomize's LabelTransformer and AnnotationsTransformer): each pair
/// written into the mapping every field spec reaches (created when the spec says so). The
/// written entries point at the pair's line.
pub(super) fn apply_pairs(
    ra: &mut [Res],
    pairs: &[Pair],
    specs: &[FieldSpec],
    span: Span,
) -> Result<(), KError> {
    if pairs.is_empty() {
        return Ok(());
    }
    let mut sorted: Vec<&Pair> = pairs.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    for r in ra.iter_mut() {
        for p in &sorted {
            for spec in specs {
                let mut set = |m: &mut Node| {
                    fieldspecs::set_entry(m, &p.key, &p.value, p.key_span, p.value_span)
                };
                fieldspecs::apply(&mut r.node, spec, CreateKind::Map, p.key_span, &mut set)
                    .map_err(|m| KError::at(spec.span.unwrap_or(span), m))?;
            }
        }
    }
    Ok(())
}

/// Which subjects of (Cluster)RoleBindings the namespace transformer sets.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) enum Subjects {
    /// Subjects named `default` (the default).
    #[default]
    DefaultOnly,
    /// Every ServiceAccount subject.
    AllServiceAccounts,
    /// None.
    None,
}

/// Options of the NamespaceTransformer.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct NsOptions {
    /// Only objects (and fields) without a namespace get it.
    pub unset_only: bool,
    pub subjects: Subjects,
}

/// kustomize's NamespaceTransformer (`api/filters/namespace`): `metadata.namespace` of every
/// namespaced object, the subjects of role bindings, and the fields of the `namespace` field
/// specs (a Namespace object's name, an APIService's service, a CRD's conversion webhook).
pub(super) fn apply_namespace(
    ra: &mut [Res],
    ns: &str,
    span: Span,
    specs: &[FieldSpec],
    opts: &NsOptions,
) -> Result<(), KError> {
    if ns.is_empty() {
        return Ok(());
    }
    for i in 0..ra.len() {
        let r = &mut ra[i];
        let empty = match &r.node.value {
            NodeValue::Map(entries) => entries.is_empty(),
            _ => true,
        };
        if empty {
            continue;
        }
        let av = r.api_version().to_string();
        let kind = r.kind().to_string();
        let role_binding = kind == "RoleBinding" || kind == "ClusterRoleBinding";
        let fs: Vec<&FieldSpec> = specs
            .iter()
            .filter(|s| s.path != "metadata/namespace")
            .filter(|s| av == "v1" || s.path != "metadata/name")
            .filter(|s| {
                !(role_binding
                    && (s.kind == "RoleBinding" || s.kind == "ClusterRoleBinding")
                    && s.path == "subjects/namespace")
            })
            .collect();
        let unset_only = opts.unset_only;
        let mut setter = |n: &mut Node| -> Result<(), String> {
            if unset_only
                && !matches!(n.value, NodeValue::Null)
                && !fieldspecs::scalar_value(n).is_empty()
            {
                return Ok(());
            }
            fieldspecs::set_scalar(n, NodeValue::String(ns.to_string()), span)
        };
        if !is_cluster_scoped(r) {
            let meta = FieldSpec::plain("metadata/namespace", true);
            fieldspecs::apply(&mut r.node, &meta, CreateKind::Scalar, span, &mut setter)
                .map_err(|m| KError::at(span, m))?;
        }
        if role_binding && opts.subjects != Subjects::None {
            if let Some(NodeValue::Seq(subjects)) =
                get_mut(&mut r.node, "subjects").map(|n| &mut n.value)
            {
                for s in subjects.iter_mut() {
                    let hit = match opts.subjects {
                        Subjects::AllServiceAccounts => {
                            str_at(s, &["kind"]) == Some("ServiceAccount")
                        }
                        _ => str_at(s, &["name"]) == Some("default"),
                    };
                    if !hit || !matches!(s.value, NodeValue::Map(_)) {
                        continue;
                    }
                    if s.get("namespace").is_none() {
                        set(s, "namespace", string_node("", span), span);
                    }
                    if let Some(field) = get_mut(s, "namespace") {
                        setter(field).map_err(|m| {
                            KError::at(
                                span,
                                format!("setting namespace on (cluster)role binding subjects: {m}"),
                            )
                        })?;
                    }
                }
            }
        }
        for spec in fs {
            fieldspecs::apply(&mut r.node, spec, CreateKind::Scalar, span, &mut setter).map_err(
                |m| {
                    let what = if m.contains("expected ScalarNode") {
                        "namespace field specs must target scalar nodes"
                    } else {
                        "namespace transformation failed"
                    };
                    KError::at(spec.span.unwrap_or(span), format!("{what}: {m}"))
                },
            )?;
        }
        // kustomize stores a previous id of every object here (references then map to it).
        let (new_ns, new_name) = (r.namespace().to_string(), r.name().to_string());
        r.namespaces.push(new_ns);
        if r.names.last() != Some(&new_name) {
            r.names.push(new_name);
        }
        let r = &ra[i];
        if ra.iter().enumerate().any(|(j, o)| j != i && o.same_id(r)) {
            return Err(KError::at(
                span,
                format!(
                    "namespace transformation produces ID conflict: {} is not unique",
                    r.id()
                ),
            ));
        }
    }
    Ok(())
}

/// kustomize's PrefixTransformer / SuffixTransformer: the affix added to every field the specs
/// reach (`metadata/name` also records it, so that references resolve to the renamed object).
/// CRDs, APIServices and Namespaces keep their names.
pub(super) fn apply_affix(
    ra: &mut [Res],
    affix: &str,
    is_prefix: bool,
    specs: &[FieldSpec],
    span: Span,
) -> Result<(), KError> {
    for r in ra.iter_mut() {
        if matches!(r.kind(), "CustomResourceDefinition" | "Namespace")
            || (r.kind() == "APIService" && r.group() == "apiregistration.k8s.io")
        {
            continue;
        }
        for spec in specs {
            if !spec.matches_res(r) {
                continue;
            }
            let is_name = spec.path == "metadata/name";
            if is_name && !affix.is_empty() {
                r.affixes.push(if is_prefix {
                    (affix.to_string(), String::new())
                } else {
                    (String::new(), affix.to_string())
                });
            }
            let mut set = |n: &mut Node| {
                let cur = fieldspecs::scalar_value(n);
                let new = if is_prefix {
                    format!("{affix}{cur}")
                } else {
                    format!("{cur}{affix}")
                };
                fieldspecs::set_scalar(n, NodeValue::String(new), span)
            };
            fieldspecs::apply(&mut r.node, spec, CreateKind::Scalar, span, &mut set)
                .map_err(|m| KError::at(spec.span.unwrap_or(span), m))?;
            if is_name && !affix.is_empty() {
                let name = r.name().to_string();
                r.names.push(name);
            }
        }
    }
    Ok(())
}

/// kustomize's ReplicaCountTransformer: `count` at every replica field spec of the objects
/// named `name` (any name they had); an error when no object of a spec's kind has that name.
pub(super) fn apply_replicas(
    ra: &mut [Res],
    name: &str,
    count: i64,
    count_span: Span,
    specs: &[FieldSpec],
    span: Span,
) -> Result<(), KError> {
    let mut found = false;
    for spec in specs {
        for r in ra.iter_mut() {
            let selected = r.names.iter().any(|n| n == name)
                && (spec.kind.is_empty() || spec.kind == r.kind())
                && (spec.group.is_empty() || spec.group == r.group())
                && (spec.version.is_empty()
                    || Some(spec.version.as_str()) == r.api_version().rsplit('/').next());
            if !selected {
                continue;
            }
            found = true;
            let mut set =
                |n: &mut Node| fieldspecs::set_scalar(n, NodeValue::Int(count), count_span);
            fieldspecs::apply(&mut r.node, spec, CreateKind::Scalar, count_span, &mut set)
                .map_err(|m| KError::at(span, m))?;
        }
    }
    if !found {
        let gvks: Vec<String> = specs.iter().map(FieldSpec::gvk_string).collect();
        return Err(KError::at(
            span,
            format!(
                "resource with name {name} does not match a config with the following GVK [{}]",
                gvks.join(" ")
            ),
        ));
    }
    Ok(())
}

/// An `images` entry (kustomize's `types.Image`), with the span the rewritten image points at
/// (the entry's digest, tag, suffix or new name line).
#[derive(Debug, Clone, Default)]
pub(super) struct ImageArgs {
    name: String,
    new_name: String,
    new_tag: String,
    digest: String,
    tag_suffix: String,
    span: Span,
}

impl ImageArgs {
    /// Decodes an `images` entry (`strict`: of a kustomization) or a plugin's `imageTag`.
    pub(super) fn parse(node: &Node, field: &str, strict: bool) -> Result<Self, KError> {
        let keys = ["name", "newName", "tagSuffix", "newTag", "digest"];
        let f = plugins::Fields::new(node, &keys, "Image", field, strict)?;
        let get = |k: &str| -> Result<String, KError> {
            Ok(f.string(k)?.map(|(s, _)| s).unwrap_or_default())
        };
        let span = ["digest", "newTag", "tagSuffix", "newName"]
            .iter()
            .find_map(|k| f.entry(k).map(|e| e.key_span.join(e.value.span)))
            .unwrap_or(node.span);
        Ok(ImageArgs {
            name: get("name")?,
            new_name: get("newName")?,
            new_tag: get("newTag")?,
            digest: get("digest")?,
            tag_suffix: get("tagSuffix")?,
            span,
        })
    }

    /// The new value of an image reference this entry matches, or `None`.
    fn rewrite(&self, matcher: &regex::Regex, value: &str) -> Option<String> {
        if !matcher.is_match(value) {
            return None;
        }
        let (name, tag, digest) = split_image(value);
        let mut name = name.to_string();
        let (mut tag, mut digest) = (tag.to_string(), digest.to_string());
        if !self.new_name.is_empty() {
            name.clone_from(&self.new_name);
        }
        if !self.new_tag.is_empty() && !self.digest.is_empty() {
            tag.clone_from(&self.new_tag);
            digest.clone_from(&self.digest);
        } else if !self.new_tag.is_empty() {
            tag.clone_from(&self.new_tag);
            digest.clear();
        } else if !self.digest.is_empty() {
            tag.clear();
            digest.clone_from(&self.digest);
        } else if !self.tag_suffix.is_empty() {
            tag.push_str(&self.tag_suffix);
            digest.clear();
        }
        if !tag.is_empty() {
            name = format!("{name}:{tag}");
        }
        if !digest.is_empty() {
            name = format!("{name}@{digest}");
        }
        Some(name)
    }

    fn update(&self, matcher: &regex::Regex, n: &mut Node) -> Result<(), String> {
        if matches!(n.value, NodeValue::Map(_) | NodeValue::Seq(_)) {
            return Err(format!(
                "wrong node kind: expected ScalarNode but got {}",
                fieldspecs::node_kind(n)
            ));
        }
        let value = fieldspecs::scalar_value(n);
        if let Some(new) = self.rewrite(matcher, &value) {
            fieldspecs::set_scalar(n, NodeValue::String(new), self.span)?;
        }
        Ok(())
    }
}

/// kustomize's `image.Split`: name, tag and digest (a registry host's port is not a tag).
fn split_image(image: &str) -> (&str, &str, &str) {
    let slash = match image.find('/') {
        Some(i) if i > 0 => i,
        _ => 0,
    };
    let search = &image[slash..];
    let at = search.find('@').map(|i| i + slash);
    let colon = search.find(':').map(|i| i + slash);
    match (colon, at) {
        (None, None) => (image, "", ""),
        (c, Some(d)) if c.is_none_or(|c| d < c) => (&image[..d], "", &image[d + 1..]),
        (Some(c), Some(d)) => (&image[..c], &image[c + 1..d], &image[d + 1..]),
        (Some(c), None) => (&image[..c], &image[c + 1..], ""),
        // Unreachable: the arm before takes a digest without a tag.
        (None, Some(d)) => (&image[..d], "", &image[d + 1..]),
    }
}

/// kustomize's ImageTagTransformer: its legacy filter (every `containers` and
/// `initContainers` list anywhere in the object), then the `images` field specs. CRDs are left
/// alone. An image matches when it is the entry's name (a regular expression, as in kustomize)
/// with an optional tag and digest.
pub(super) fn apply_image(
    ra: &mut [Res],
    image: &ImageArgs,
    specs: &[FieldSpec],
) -> Result<(), KError> {
    let matcher = super::regex(&format!(
        "^(?:{})(:[a-zA-Z0-9_.{{}}-]*)?(@sha256:[a-zA-Z0-9_.{{}}-]*)?$",
        image.name
    ))
    .map_err(|e| {
        KError::at(
            image.span,
            format!("invalid image name {:?}: {e}", image.name),
        )
    })?;
    for r in ra.iter_mut() {
        if r.kind() == "CustomResourceDefinition" {
            continue;
        }
        legacy_images(&mut r.node, image, &matcher).map_err(|m| KError::at(image.span, m))?;
        for spec in specs {
            let mut set = |n: &mut Node| image.update(&matcher, n);
            fieldspecs::apply(&mut r.node, spec, CreateKind::None, image.span, &mut set)
                .map_err(|m| KError::at(spec.span.unwrap_or(image.span), m))?;
        }
    }
    Ok(())
}

fn legacy_images(node: &mut Node, image: &ImageArgs, matcher: &regex::Regex) -> Result<(), String> {
    match &mut node.value {
        NodeValue::Map(entries) => {
            for e in entries.iter_mut() {
                legacy_images(&mut e.value, image, matcher)?;
                if matches!(e.key.as_str(), "containers" | "initContainers") {
                    if let NodeValue::Seq(items) = &mut e.value.value {
                        for c in items.iter_mut() {
                            if let Some(field) = get_mut(c, "image") {
                                image.update(matcher, field)?;
                            }
                        }
                    }
                }
            }
        }
        NodeValue::Seq(items) => {
            for item in items.iter_mut() {
                legacy_images(item, image, matcher)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A selector of `replacements` (and `target`s): group, version, kind equal when given; name
/// and namespace anchored regular expressions; label and annotation selectors.
fn res_selected(r: &Res, sel: &Node) -> Result<bool, KError> {
    let hits = super::patch::select(std::slice::from_ref(r), sel)?;
    Ok(!hits.is_empty())
}

/// One step of a replacement field path: `key`, `[key=value]`, `*` or a list index.
enum Step {
    Key(String),
    Match(String, String),
    Any,
    Index(usize),
}

/// kustomize's field path: `.`-separated, with `[k=v]` kept whole.
fn field_path(path: &str) -> Vec<Step> {
    let mut parts = Vec::new();
    let (mut cur, mut depth) = (String::new(), 0);
    for c in path.chars() {
        match c {
            '[' => {
                depth += 1;
                cur.push(c);
            }
            ']' => {
                depth -= 1;
                cur.push(c);
            }
            '.' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p == "*" {
                Step::Any
            } else if let Some(inner) = p.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                let (k, v) = inner.split_once('=').unwrap_or((inner, ""));
                Step::Match(k.to_string(), v.to_string())
            } else if let Ok(i) = p.parse::<usize>() {
                Step::Index(i)
            } else {
                Step::Key(p)
            }
        })
        .collect()
}

/// The nodes at `steps` (created as mappings/values when `create`).
fn find_fields<'a>(
    node: &'a mut Node,
    steps: &[Step],
    create: bool,
    span: Span,
    out: &mut Vec<&'a mut Node>,
) {
    let Some((first, rest)) = steps.split_first() else {
        out.push(node);
        return;
    };
    match first {
        Step::Key(k) => {
            if node.get(k).is_none() {
                if !create || !matches!(node.value, NodeValue::Map(_)) {
                    return;
                }
                let value = if rest.is_empty() {
                    Node {
                        span,
                        value: NodeValue::Null,
                    }
                } else {
                    Node {
                        span,
                        value: NodeValue::Map(Vec::new()),
                    }
                };
                set(node, k, value, span);
            }
            if let Some(child) = get_mut(node, k) {
                find_fields(child, rest, create, span, out);
            }
        }
        Step::Match(k, v) => {
            if let NodeValue::Seq(items) = &mut node.value {
                for item in items.iter_mut() {
                    if str_at(item, &[k.as_str()]) == Some(v.as_str()) {
                        find_fields(item, rest, create, span, out);
                    }
                }
            }
        }
        Step::Any => match &mut node.value {
            NodeValue::Seq(items) => items
                .iter_mut()
                .for_each(|i| find_fields(i, rest, create, span, out)),
            NodeValue::Map(entries) => entries
                .iter_mut()
                .for_each(|e| find_fields(&mut e.value, rest, create, span, out)),
            _ => {}
        },
        Step::Index(i) => match &mut node.value {
            NodeValue::Seq(items) => {
                if let Some(item) = items.get_mut(*i) {
                    find_fields(item, rest, create, span, out);
                }
            }
            NodeValue::Map(entries) => {
                let key = i.to_string();
                if let Some(e) = entries.iter_mut().find(|e| e.key == key) {
                    find_fields(&mut e.value, rest, create, span, out);
                }
            }
            _ => {}
        },
    }
}

fn scalar_text(n: &Node) -> Option<String> {
    Some(match &n.value {
        NodeValue::String(s) => s.clone(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Null => String::new(),
        _ => return None,
    })
}

fn delimiter_options(n: Option<&Node>) -> Option<(String, i64)> {
    let o = n?;
    let d = str_at(o, &["delimiter"])?.to_string();
    if d.is_empty() {
        return None;
    }
    let index = match o.get("index").map(|n| &n.value) {
        Some(NodeValue::Int(i)) => *i,
        _ => 0,
    };
    Some((d, index))
}

/// The replacements of a `replacements` list (the kustomization's, or a ReplacementTransformer
/// configuration's): inline entries, and entries read from files (`path`, relative to the
/// kustomization's directory; a file holds one replacement or a list).
pub(super) fn load_replacements(
    b: &mut Build<'_>,
    kust: &Kust,
    list: &Node,
) -> Result<Vec<Node>, KError> {
    let items = match &list.value {
        NodeValue::Null => return Ok(Vec::new()),
        NodeValue::Seq(items) => items,
        _ => return Err(KError::at(list.span, "`replacements` must be a list")),
    };
    let mut entries: Vec<Node> = Vec::new();
    for item in items {
        if let Some(p) = str_at(item, &["path"]) {
            if item.get("source").is_some() || item.get("targets").is_some() {
                return Err(KError::at(
                    item.span,
                    "cannot specify both path and inline replacement",
                ));
            }
            let path = b.file_in_root(kust, p, item.span)?;
            for doc in b.parse(&path)?.into_iter().take(1) {
                match doc.value {
                    NodeValue::Seq(list) => entries.extend(list),
                    NodeValue::Map(_) => entries.push(doc),
                    _ => {
                        return Err(KError::at(
                            doc.span,
                            "unsupported replacement type encountered within replacement path",
                        ))
                    }
                }
            }
        } else {
            entries.push(item.clone());
        }
    }
    Ok(entries)
}

/// `replacements`: copy a field of one object into fields of others (kustomize's
/// ReplacementTransformer). The written values keep the span of the source field.
pub(super) fn apply_replacements(entries: &[Node], ra: &mut [Res]) -> Result<(), KError> {
    for rep in entries {
        let (Some(source), Some(targets)) =
            (rep.get("source"), rep.get("targets").and_then(Node::as_seq))
        else {
            return Err(KError::at(
                rep.span,
                "replacements must specify a source and at least one target",
            ));
        };
        let mut found: Vec<usize> = Vec::new();
        for (i, r) in ra.iter().enumerate() {
            if res_selected(r, source)? {
                found.push(i);
            }
        }
        let idx = match found.as_slice() {
            [one] => *one,
            [] => {
                return Err(KError::at(
                    source.span,
                    "nothing selected by the replacement source",
                ))
            }
            _ => {
                return Err(KError::at(
                    source.span,
                    "multiple matches for the replacement source selector",
                ))
            }
        };
        let path = str_at(source, &["fieldPath"]).unwrap_or("metadata.name");
        let mut value: Option<Node> = None;
        {
            let mut node = ra[idx].node.clone();
            let mut out = Vec::new();
            find_fields(&mut node, &field_path(path), false, source.span, &mut out);
            if let Some(v) = out.into_iter().next() {
                if !matches!(v.value, NodeValue::Null) {
                    value = Some(v.clone());
                }
            }
        }
        let Some(mut value) = value else {
            return Err(KError::at(
                source.span,
                format!(
                    "fieldPath `{path}` is missing for replacement source {}",
                    ra[idx].id()
                ),
            ));
        };
        if let Some((d, index)) = delimiter_options(source.get("options")) {
            let Some(text) = scalar_text(&value) else {
                return Err(KError::at(
                    source.span,
                    "delimiter option can only be used with scalar nodes",
                ));
            };
            let parts: Vec<&str> = text.split(d.as_str()).collect();
            let Some(part) = usize::try_from(index).ok().and_then(|i| parts.get(i)) else {
                return Err(KError::at(
                    source.span,
                    format!("options.index {index} is out of bounds for value {text}"),
                ));
            };
            value = string_node(part, value.span);
        }
        for target in targets {
            let Some(select) = target.get("select") else {
                return Err(KError::at(
                    target.span,
                    "target must specify resources to select",
                ));
            };
            let rejects = target.get("reject").and_then(Node::as_seq).unwrap_or(&[]);
            let create = matches!(
                target
                    .get("options")
                    .and_then(|o| o.get("create"))
                    .map(|n| &n.value),
                Some(NodeValue::Bool(true))
            );
            let delim = delimiter_options(target.get("options"));
            let paths: Vec<String> = match target.get("fieldPaths").and_then(Node::as_seq) {
                Some(p) => p
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect(),
                None => vec!["metadata.name".to_string()],
            };
            for r in ra.iter_mut() {
                if !res_selected(r, select)? {
                    continue;
                }
                let mut rejected = false;
                for rej in rejects {
                    if res_selected(r, rej)? {
                        rejected = true;
                    }
                }
                if rejected {
                    continue;
                }
                for fp in &paths {
                    let mut fields = Vec::new();
                    find_fields(
                        &mut r.node,
                        &field_path(fp),
                        create,
                        value.span,
                        &mut fields,
                    );
                    if fields.is_empty() {
                        let what = if create { "find or create" } else { "find" };
                        return Err(KError::at(
                            target.span,
                            format!("unable to {what} field \"{fp}\" in replacement target"),
                        ));
                    }
                    for f in fields {
                        let mut new = value.clone();
                        if let Some((d, index)) = &delim {
                            let current = scalar_text(f).unwrap_or_default();
                            let mut parts: Vec<String> =
                                current.split(d.as_str()).map(str::to_string).collect();
                            let v = scalar_text(&value).unwrap_or_default();
                            match usize::try_from(*index) {
                                Err(_) => parts.insert(0, v),
                                Ok(i) if i >= parts.len() => parts.push(v),
                                Ok(i) => parts[i] = v,
                            }
                            new = string_node(&parts.join(d), value.span);
                        }
                        // A scalar replaced by a scalar keeps the target's type (kustomize
                        // sets the text, the node keeps its tag).
                        if let (Some(text), true) =
                            (scalar_text(&new), matches!(f.value, NodeValue::String(_)))
                        {
                            if !matches!(new.value, NodeValue::Seq(_) | NodeValue::Map(_)) {
                                new.value = NodeValue::String(text);
                            }
                        } else if let (Some(text), true) = (
                            scalar_text(&new),
                            matches!(
                                f.value,
                                NodeValue::Int(_) | NodeValue::Float(_) | NodeValue::Bool(_)
                            ),
                        ) {
                            new.value = crate::source::yaml::resolve_plain(&text);
                        }
                        *f = new;
                    }
                }
            }
        }
    }
    Ok(())
}
/// What kustomize does once, at the top of a build: content-hash suffixes of generated
/// objects, then every reference to a renamed object updated (the name references of the
/// build's `configurations`, and `extra` ones).
pub(super) fn finish(
    ra: &mut [Res],
    config: &TConfig,
    extra: &[ExtraNameRef],
) -> Result<(), KError> {
    apply_hash(ra)?;
    let mut refs: Vec<ExtraNameRef> = config
        .name_reference
        .iter()
        .flat_map(|nbr| {
            nbr.referrers.iter().map(|fs| ExtraNameRef {
                kind: nbr.kind.clone(),
                referrer: (!fs.kind.is_empty()).then(|| fs.kind.clone()),
                path: fs.path.clone(),
            })
        })
        .collect();
    refs.extend(extra.iter().cloned());
    name_references(ra, &refs)
}

/// kustomize's HashTransformer: every generated object that wants one gets a content-hash
/// suffix (run at the top of every build, and wherever a `transformers:` entry names it).
pub(super) fn apply_hash(ra: &mut [Res]) -> Result<(), KError> {
    for r in ra.iter_mut().filter(|r| r.hashed) {
        let hash =
            super::generators::content_hash(&r.node).map_err(|m| KError::at(r.node.span, m))?;
        let name = format!("{}-{hash}", r.name());
        let span = r
            .node
            .get("metadata")
            .and_then(|m| m.get("name"))
            .map_or(r.node.span, |n| n.span);
        if let Some(meta) = get_mut(&mut r.node, "metadata") {
            set(meta, "name", string_node(&name, span), span);
        }
        r.names.push(name);
    }
    Ok(())
}

/// A name reference added by `configurations` (`nameReference:`) or `crds`: objects of `kind`
/// are referred to at `path` of objects of `referrer` (any kind when `None`).
#[derive(Debug, Clone)]
pub(crate) struct ExtraNameRef {
    kind: String,
    referrer: Option<String>,
    path: String,
}

/// Reads a kustomization's `configurations` files (kustomize's `MakeTransformerConfig`: the
/// defaults extended by each file in turn) and merges the result into the configuration of the
/// accumulator being built.
pub(super) fn configurations(b: &mut Build<'_>, kust: &Kust) -> Result<(), KError> {
    if kust.get("configurations").is_none() && *b.meta.tconfig == TConfig::default() {
        // Only the defaults, into an empty configuration: the merge computed once.
        if let Ok(merged) = TConfig::merged_defaults() {
            b.meta.tconfig = std::sync::Arc::clone(merged);
            return Ok(());
        }
    }
    let mut own = TConfig::defaults();
    let mut custom = TConfig::default();
    let mut any = false;
    for (entry, span) in kust.strings("configurations")? {
        any = true;
        let path = b.file_in_root(kust, &entry, span)?;
        let doc = b.parse(&path)?.into_iter().next();
        let Some(doc) = doc else { continue };
        let file = TConfig::from_file(&doc)?;
        custom
            .merge(&file)
            .map_err(|(s, m)| KError::at(s.unwrap_or(span), m))?;
    }
    if any {
        own.merge(&custom)
            .map_err(|(s, m)| KError::at(s.unwrap_or(kust.root.span), m))?;
    }
    std::sync::Arc::make_mut(&mut b.meta.tconfig)
        .merge(&own)
        .map_err(|(s, m)| KError::at(s.unwrap_or(kust.root.span), format!("merging config: {m}")))
}

/// Where a pod spec sits in each workload kind.
fn pod_spec_paths(kind: &str) -> &'static [&'static str] {
    match kind {
        "Pod" => &["spec"],
        "Deployment"
        | "ReplicaSet"
        | "DaemonSet"
        | "StatefulSet"
        | "Job"
        | "ReplicationController" => &["spec/template/spec"],
        "CronJob" => &["spec/jobTemplate/spec/template/spec"],
        _ => &[],
    }
}

/// A reference field: the referenced kind, and the path (relative to a pod spec when
/// `in_pod` is set) of the string holding the name.
struct NameRef<'a> {
    kind: &'a str,
    path: &'a str,
    in_pod: bool,
    referrer: Option<&'a str>,
}

const fn pod_ref(kind: &'static str, path: &'static str) -> NameRef<'static> {
    NameRef {
        kind,
        path,
        in_pod: true,
        referrer: None,
    }
}

const fn obj_ref(
    kind: &'static str,
    referrer: &'static str,
    path: &'static str,
) -> NameRef<'static> {
    NameRef {
        kind,
        path,
        in_pod: false,
        referrer: Some(referrer),
    }
}

/// The references kustomize updates when an object is renamed (a subset of its
/// `namereference` configuration: ConfigMaps, Secrets, Services, PersistentVolumeClaims,
/// ServiceAccounts, Roles and scale targets).
const NAME_REFS: &[NameRef<'static>] = &[
    pod_ref("ConfigMap", "volumes[]/configMap/name"),
    pod_ref("ConfigMap", "volumes[]/projected/sources[]/configMap/name"),
    pod_ref(
        "ConfigMap",
        "containers[]/env[]/valueFrom/configMapKeyRef/name",
    ),
    pod_ref(
        "ConfigMap",
        "initContainers[]/env[]/valueFrom/configMapKeyRef/name",
    ),
    pod_ref("ConfigMap", "containers[]/envFrom[]/configMapRef/name"),
    pod_ref("ConfigMap", "initContainers[]/envFrom[]/configMapRef/name"),
    pod_ref("Secret", "volumes[]/secret/secretName"),
    pod_ref("Secret", "volumes[]/projected/sources[]/secret/name"),
    pod_ref("Secret", "containers[]/env[]/valueFrom/secretKeyRef/name"),
    pod_ref(
        "Secret",
        "initContainers[]/env[]/valueFrom/secretKeyRef/name",
    ),
    pod_ref("Secret", "containers[]/envFrom[]/secretRef/name"),
    pod_ref("Secret", "initContainers[]/envFrom[]/secretRef/name"),
    pod_ref("Secret", "imagePullSecrets[]/name"),
    pod_ref(
        "PersistentVolumeClaim",
        "volumes[]/persistentVolumeClaim/claimName",
    ),
    pod_ref("ServiceAccount", "serviceAccountName"),
    pod_ref("ServiceAccount", "serviceAccount"),
    obj_ref("Secret", "ServiceAccount", "imagePullSecrets[]/name"),
    obj_ref("Secret", "ServiceAccount", "secrets[]/name"),
    obj_ref("Secret", "Ingress", "spec/tls[]/secretName"),
    obj_ref(
        "Service",
        "Ingress",
        "spec/rules[]/http/paths[]/backend/service/name",
    ),
    obj_ref("Service", "Ingress", "spec/defaultBackend/service/name"),
    obj_ref(
        "Service",
        "Ingress",
        "spec/rules[]/http/paths[]/backend/serviceName",
    ),
    obj_ref("Service", "Ingress", "spec/backend/serviceName"),
    obj_ref("Service", "StatefulSet", "spec/serviceName"),
    obj_ref("Service", "APIService", "spec/service/name"),
    obj_ref(
        "Deployment",
        "HorizontalPodAutoscaler",
        "spec/scaleTargetRef/name",
    ),
    obj_ref(
        "StatefulSet",
        "HorizontalPodAutoscaler",
        "spec/scaleTargetRef/name",
    ),
    obj_ref("Role", "RoleBinding", "roleRef/name"),
    obj_ref("ClusterRole", "RoleBinding", "roleRef/name"),
    obj_ref("ClusterRole", "ClusterRoleBinding", "roleRef/name"),
];

/// Updates references to objects whose name changed (prefix, suffix, hash), as kustomize's
/// name-reference transformer does: a reference is updated to the object of that kind whose
/// earlier names include the value, preferring one in the referrer's namespace and with the
/// same prefixes and suffixes.
fn name_references(ra: &mut [Res], extra: &[ExtraNameRef]) -> Result<(), KError> {
    struct Target {
        kind: String,
        previous_kinds: Vec<String>,
        names: Vec<String>,
        name: String,
        namespace: String,
        affixes: Vec<(String, String)>,
        cluster: bool,
    }
    let targets: Vec<Target> = ra
        .iter()
        .filter(|r| r.names.len() > 1)
        .map(|r| Target {
            kind: r.kind().to_string(),
            previous_kinds: r.previous_kinds.clone(),
            names: r.names.clone(),
            name: r.name().to_string(),
            namespace: r.namespace().to_string(),
            affixes: r.affixes.clone(),
            cluster: is_cluster_scoped(r),
        })
        .collect();
    for r in ra.iter_mut() {
        if targets.is_empty() {
            break;
        }
        let kind = r.kind().to_string();
        let ns = r.namespace().to_string();
        let affixes = r.affixes.clone();
        let resolve = |target_kind: &str, value: &str| -> Option<String> {
            let candidates: Vec<&Target> = targets
                .iter()
                .filter(|t| {
                    t.kind == target_kind || t.previous_kinds.iter().any(|k| k == target_kind)
                })
                .filter(|t| t.names.iter().any(|n| n == value))
                .filter(|t| t.cluster || ns_eq(&t.namespace, &ns))
                .collect();
            let best = candidates
                .iter()
                .find(|t| t.affixes == affixes)
                .or_else(|| (candidates.len() == 1).then(|| &candidates[0]))?;
            Some(best.name.clone())
        };
        let extras: Vec<NameRef> = extra
            .iter()
            .map(|e| NameRef {
                kind: &e.kind,
                path: &e.path,
                in_pod: false,
                referrer: e.referrer.as_deref(),
            })
            .collect();
        for nr in NAME_REFS.iter().chain(extras.iter()) {
            if !nr.in_pod && nr.referrer.is_none() {
                // A configured reference without a kind applies to every object.
            } else if !nr.in_pod && nr.referrer != Some(kind.as_str()) {
                continue;
            }
            let bases: Vec<&str> = if nr.in_pod {
                pod_spec_paths(&kind).to_vec()
            } else {
                vec![""]
            };
            // A RoleBinding's roleRef names a Role or a ClusterRole: only its own kind counts.
            if nr.path == "roleRef/name" && str_at(&r.node, &["roleRef", "kind"]) != Some(nr.kind) {
                continue;
            }
            if nr.path == "spec/scaleTargetRef/name"
                && str_at(&r.node, &["spec", "scaleTargetRef", "kind"]) != Some(nr.kind)
            {
                continue;
            }
            for base in bases {
                let full = if base.is_empty() {
                    nr.path.to_string()
                } else {
                    format!("{base}/{}", nr.path)
                };
                let path: Vec<&str> = full.split('/').collect();
                let (parent, last) = path.split_at(path.len() - 1);
                let Some(key) = last.first() else { continue };
                let mut update = |m: &mut Node| {
                    let Some(current) = m.get(key).and_then(Node::as_str) else {
                        return;
                    };
                    if let Some(new) = resolve(nr.kind, current) {
                        if new != current {
                            if let Some(v) = get_mut(m, key) {
                                v.value = NodeValue::String(new);
                            }
                        }
                    }
                };
                at_path(&mut r.node, parent, false, Span::new(0, 0), &mut |m| {
                    // The parent may be a list of references (`valuesFrom`, `imagePullSecrets`).
                    match &mut m.value {
                        NodeValue::Seq(items) => items.iter_mut().for_each(&mut update),
                        _ => update(m),
                    }
                });
            }
        }
    }
    role_binding_subjects(ra)
}

/// A ServiceAccount a (Cluster)RoleBinding subject may name: one whose name or namespace a
/// transformer changed (kustomize only maps to objects with previous ids).
struct Account {
    /// The names it had before its current one (its name, when only the namespace changed).
    previous: Vec<String>,
    name: String,
    namespace: String,
    original_namespace: String,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
}

fn split_affixes(affixes: &[(String, String)]) -> (Vec<String>, Vec<String>) {
    let p = affixes
        .iter()
        .filter(|(p, _)| !p.is_empty())
        .map(|(p, _)| p.clone());
    let s = affixes
        .iter()
        .filter(|(_, s)| !s.is_empty())
        .map(|(_, s)| s.clone());
    (p.collect(), s.collect())
}

/// kustomize's `SameEndingSubSlice`: the shorter list ends the longer one (two empty lists
/// are equal; an empty and a non-empty one are not).
fn same_ending(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return long.is_empty();
    }
    long.ends_with(short)
}

/// The subjects of (Cluster)RoleBindings, as kustomize's name-reference filter maps them to
/// ServiceAccounts (`setMapping`): a subject (of any kind) whose name was a previous name of
/// one ServiceAccount takes that account's name and, when it has one, its namespace.
fn role_binding_subjects(ra: &mut [Res]) -> Result<(), KError> {
    let accounts: Vec<Account> = ra
        .iter()
        .filter(|r| r.kind() == "ServiceAccount" && r.api_version() == "v1")
        .filter(|r| r.names.len() > 1 || r.namespaces.len() > 1)
        .map(|r| {
            let (prefixes, suffixes) = split_affixes(&r.affixes);
            Account {
                previous: if r.names.len() > 1 {
                    r.names[..r.names.len() - 1].to_vec()
                } else {
                    r.names.clone()
                },
                name: r.name().to_string(),
                namespace: r.namespace().to_string(),
                original_namespace: r.namespaces.first().cloned().unwrap_or_default(),
                prefixes,
                suffixes,
            }
        })
        .collect();
    if accounts.is_empty() {
        return Ok(());
    }
    for r in ra.iter_mut() {
        let kind = r.kind().to_string();
        if kind != "RoleBinding" && kind != "ClusterRoleBinding" {
            continue;
        }
        let ns = r.namespace().to_string();
        let (prefixes, suffixes) = split_affixes(&r.affixes);
        // The namespaces of its ServiceAccount subjects (a RoleBinding may name accounts of
        // other namespaces).
        let subject_namespaces: Vec<String> = r
            .node
            .get("subjects")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter(|s| str_at(s, &["kind"]) == Some("ServiceAccount"))
            .filter_map(|s| str_at(s, &["namespace"]).map(str::to_string))
            .collect();
        let reachable: Vec<&Account> = accounts
            .iter()
            .filter(|a| {
                kind == "ClusterRoleBinding"
                    || ns_eq(&a.namespace, &ns)
                    || (kind == "RoleBinding" && subject_namespaces.contains(&a.namespace))
            })
            .collect();
        let id = r.id();
        let Some(NodeValue::Seq(subjects)) = get_mut(&mut r.node, "subjects").map(|n| &mut n.value)
        else {
            continue;
        };
        for s in subjects.iter_mut() {
            if !matches!(s.value, NodeValue::Map(_)) {
                continue;
            }
            let Some(old) = str_at(s, &["name"]).map(str::to_string) else {
                continue;
            };
            let mut cands: Vec<&Account> = match str_at(s, &["namespace"]) {
                None => reachable.clone(),
                Some(subject_ns) => {
                    let by_original: Vec<&Account> = reachable
                        .iter()
                        .copied()
                        .filter(|a| ns_eq(&a.original_namespace, subject_ns))
                        .collect();
                    if by_original.is_empty() {
                        reachable
                            .iter()
                            .copied()
                            .filter(|a| ns_eq(&a.namespace, subject_ns))
                            .collect()
                    } else {
                        by_original
                    }
                }
            };
            cands.retain(|a| a.previous.contains(&old));
            if cands.len() > 1 {
                cands.retain(|a| {
                    (a.prefixes.is_empty()
                        || prefixes.is_empty()
                        || same_ending(&a.prefixes, &prefixes))
                        && (a.suffixes.is_empty()
                            || suffixes.is_empty()
                            || same_ending(&a.suffixes, &suffixes))
                });
                if cands.len() > 1 {
                    cands.retain(|a| {
                        same_ending(&a.prefixes, &prefixes) && same_ending(&a.suffixes, &suffixes)
                    });
                }
            }
            let referral = match cands.as_slice() {
                [] => continue,
                [one] => *one,
                [first, rest @ ..] => {
                    if rest
                        .iter()
                        .all(|a| a.name == first.name && a.namespace == first.namespace)
                    {
                        *first
                    } else {
                        return Err(KError::at(
                            s.span,
                            format!(
                                "found multiple possible referrals for subject '{old}' of {id}"
                            ),
                        ));
                    }
                }
            };
            if referral.name == old && referral.namespace.is_empty() {
                continue;
            }
            let span = s.span;
            set(s, "name", string_node(&referral.name, span), span);
            if !referral.namespace.is_empty() {
                set(s, "namespace", string_node(&referral.namespace, span), span);
            }
        }
    }
    Ok(())
}

/// kustomize's default `orderFirst` of the legacy sort.
const ORDER_FIRST: &[&str] = &[
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];
/// kustomize's default `orderLast`.
const ORDER_LAST: &[&str] = &[
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// The output order (kustomize's SortOrderTransformer, run on the top kustomization only):
/// without `sortOptions` the legacy order; with it, `order` must be `fifo` (as built) or
/// `legacy` (by kind, `legacySortOptions.orderFirst`/`orderLast` replacing the default kind
/// lists).
pub(super) fn sort_objects(kust: &Kust, ra: &mut [Res]) -> Result<(), KError> {
    let defaults = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let Some(opts) = kust.get("sortOptions") else {
        legacy_sort(ra, &defaults(ORDER_FIRST), &defaults(ORDER_LAST));
        return Ok(());
    };
    let f = plugins::Fields::new(
        opts,
        &["order", "legacySortOptions"],
        "SortOptions",
        "sortOptions",
        true,
    )?;
    let order = f.string("order")?.map(|(s, _)| s).unwrap_or_default();
    let legacy = f
        .node("legacySortOptions")
        .filter(|n| !matches!(n.value, NodeValue::Null));
    match (order.as_str(), legacy) {
        ("fifo", None) => Ok(()),
        ("fifo", Some(n)) => Err(KError::at(
            n.span,
            "the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'",
        )),
        ("legacy", None) => {
            legacy_sort(ra, &defaults(ORDER_FIRST), &defaults(ORDER_LAST));
            Ok(())
        }
        ("legacy", Some(n)) => {
            let l = plugins::Fields::new(
                n,
                &["orderFirst", "orderLast"],
                "LegacySortOptions",
                "sortOptions.legacySortOptions",
                true,
            )?;
            let list = |k: &str| -> Result<Vec<String>, KError> {
                match l.node(k).map(|n| (n, &n.value)) {
                    None | Some((_, NodeValue::Null)) => Ok(Vec::new()),
                    Some((_, NodeValue::Seq(items))) => items
                        .iter()
                        .map(|i| match &i.value {
                            NodeValue::String(s) => Ok(s.clone()),
                            NodeValue::Null => Ok(String::new()),
                            _ => Err(KError::at(
                                i.span,
                                format!(
                                    "invalid Kustomization: json: cannot unmarshal {} into Go struct field LegacySortOptions.sortOptions.legacySortOptions.{k} of type string",
                                    i.json_kind()
                                ),
                            )),
                        })
                        .collect(),
                    Some((n, _)) => Err(KError::at(
                        n.span,
                        format!(
                            "invalid Kustomization: json: cannot unmarshal {} into Go struct field LegacySortOptions.sortOptions.legacySortOptions.{k} of type []string",
                            n.json_kind()
                        ),
                    )),
                }
            };
            legacy_sort(ra, &list("orderFirst")?, &list("orderLast")?);
            Ok(())
        }
        (other, _) => Err(KError::at(
            f.node("order").map_or(opts.span, |n| n.span),
            format!("the field 'sortOptions.order' must be one of [fifo, legacy], not '{other}'"),
        )),
    }
}

/// kustomize's legacy output order: kinds in its fixed order first (Namespace, …,
/// PodDisruptionBudget), webhook configurations last, others between by group/version/kind;
/// then by namespace and name.
pub(super) fn legacy_sort(ra: &mut [Res], first: &[String], last: &[String]) {
    // kustomize's type orders: a map, so a later entry for a kind wins.
    let mut orders: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for (i, k) in first.iter().enumerate() {
        orders.insert(k, i as i64 - first.len() as i64);
    }
    for (i, k) in last.iter().enumerate() {
        orders.insert(k, 1 + i as i64);
    }
    let rank = |kind: &str| -> i64 { orders.get(kind).copied().unwrap_or(0) };
    let gv = |r: &Res| -> (String, String) {
        let av = r.api_version();
        match av.split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), av.to_string()),
        }
    };
    let or = |s: &str, empty: &str| {
        if s.is_empty() {
            empty.to_string()
        } else {
            s.to_string()
        }
    };
    ra.sort_by(|a, b| {
        let (ga, va) = gv(a);
        let (gb, vb) = gv(b);
        let same_gvk = ga == gb && va == vb && a.kind() == b.kind();
        if !same_gvk {
            let (ra_, rb_) = (rank(a.kind()), rank(b.kind()));
            if ra_ != rb_ {
                return ra_.cmp(&rb_);
            }
            let sa = format!("{}_{}_{}", or(&ga, "~G"), or(&va, "~V"), or(a.kind(), "~K"));
            let sb = format!("{}_{}_{}", or(&gb, "~G"), or(&vb, "~V"), or(b.kind(), "~K"));
            if a.kind() == "Namespace"
                && b.kind() == "Namespace"
                && (ga.is_empty() || gb.is_empty())
            {
                return sb.cmp(&sa);
            }
            return sa.cmp(&sb);
        }
        let id = |r: &Res, g: &str, v: &str| {
            format!(
                "{}.{}.{}|{}|{}",
                or(r.kind(), "[noKind]"),
                or(v, "[noVer]"),
                or(g, "[noGrp]"),
                or(r.namespace(), "~X"),
                or(r.name(), "~N")
            )
        };
        id(a, &ga, &va).cmp(&id(b, &gb, &vb))
    });
}

/// A legacy `vars` entry: `$(name)` in the fields kustomize substitutes is replaced by the value
/// at `field` of the object `kind`/`name`.
#[derive(Debug, Clone)]
pub(crate) struct Var {
    name: String,
    kind: String,
    object: String,
    group: Option<String>,
    field: String,
    span: Span,
}

pub(super) fn collect_vars(b: &mut Build<'_>, kust: &Kust) -> Result<(), KError> {
    let Some(list) = kust.get("vars") else {
        return Ok(());
    };
    for item in list.as_seq().unwrap_or(&[]) {
        let name = str_at(item, &["name"]).unwrap_or("").to_string();
        if b.vars.iter().any(|v| v.name == name) {
            return Err(KError::at(
                item.span,
                format!("var '{name}' already encountered"),
            ));
        }
        b.vars.push(Var {
            name,
            kind: str_at(item, &["objref", "kind"]).unwrap_or("").to_string(),
            object: str_at(item, &["objref", "name"]).unwrap_or("").to_string(),
            group: str_at(item, &["objref", "apiVersion"])
                .map(|av| super::group_of(av).to_string()),
            field: str_at(item, &["fieldref", "fieldpath"])
                .unwrap_or("metadata.name")
                .to_string(),
            span: item.span,
        });
    }
    Ok(())
}

/// The value at a fieldpath such as `metadata.name` or `spec.ports[0].port`.
fn field_value(node: &Node, path: &str) -> Option<NodeValue> {
    let mut n = node;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        n = n.get(key)?;
        if let Some(i) = index {
            n = n.as_seq()?.get(i)?;
        }
    }
    match &n.value {
        v @ (NodeValue::String(_)
        | NodeValue::Int(_)
        | NodeValue::Float(_)
        | NodeValue::Bool(_)) => Some(v.clone()),
        _ => None,
    }
}

/// kustomize's `DoReplacements`: `$(NAME)` of a known var is replaced (`$$` is a `$`; an
/// unknown or unclosed reference stays); a string that is exactly one reference takes the
/// var's value with its type.
fn expand_vars(input: &str, values: &[(String, NodeValue)]) -> NodeValue {
    let lookup = |name: &str| values.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let text = |v: &NodeValue| match v {
        NodeValue::String(s) => s.clone(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        NodeValue::Bool(b) => b.to_string(),
        _ => String::new(),
    };
    let bytes = input.as_bytes();
    let mut out = String::new();
    let mut checkpoint = 0;
    let mut cursor = 0;
    while cursor < bytes.len() {
        if bytes[cursor] == b'$' && cursor + 1 < bytes.len() {
            out.push_str(&input[checkpoint..cursor]);
            let rest = &input[cursor + 1..];
            let advance = match rest.as_bytes()[0] {
                b'$' => {
                    out.push('$');
                    1
                }
                b'(' => match rest.find(')') {
                    Some(close) => {
                        let name = &rest[1..close];
                        match lookup(name) {
                            Some(v) => {
                                if input.len() == name.len() + 3 {
                                    return v.clone();
                                }
                                out.push_str(&text(v));
                            }
                            None => {
                                out.push_str("$(");
                                out.push_str(name);
                                out.push(')');
                            }
                        }
                        close + 1
                    }
                    None => {
                        out.push_str("$(");
                        1
                    }
                },
                _ => {
                    // `$` and the next character, copied as they are.
                    let c = rest.chars().next().map_or(1, char::len_utf8);
                    out.push('$');
                    out.push_str(&rest[..c]);
                    c
                }
            };
            cursor += advance + 1;
            checkpoint = cursor;
            continue;
        }
        cursor += 1;
    }
    out.push_str(&input[checkpoint.min(input.len())..]);
    NodeValue::String(out)
}

pub(super) fn resolve_vars(
    vars: &[Var],
    ra: &mut [Res],
    specs: &[FieldSpec],
) -> Result<(), KError> {
    if vars.is_empty() {
        return Ok(());
    }
    let mut values = Vec::new();
    for v in vars {
        let target = ra.iter().find(|r| {
            r.kind() == v.kind
                && r.names.contains(&v.object)
                && v.group.as_deref().is_none_or(|g| g == r.group())
        });
        let Some(target) = target else {
            return Err(KError::at(
                v.span,
                format!(
                    "var '{}' cannot be mapped to a field in the set of known resources",
                    v.name
                ),
            ));
        };
        let Some(value) = field_value(&target.node, &v.field) else {
            return Err(KError::at(
                v.span,
                format!(
                    "var '{}': field '{}' not found in {}",
                    v.name,
                    v.field,
                    target.id()
                ),
            ));
        };
        values.push((v.name.clone(), value));
    }
    let substitute = |n: &mut Node| -> Result<(), String> {
        match &mut n.value {
            NodeValue::String(s) => {
                let new = expand_vars(s, &values);
                n.value = new;
            }
            NodeValue::Map(entries) => {
                for e in entries.iter_mut() {
                    if let NodeValue::String(s) = &e.value.value {
                        e.value.value = expand_vars(s, &values);
                    }
                }
            }
            NodeValue::Seq(items) => {
                for item in items.iter_mut() {
                    let NodeValue::String(s) = &item.value else {
                        return Err("invalid value type expect a string".to_string());
                    };
                    item.value = expand_vars(s, &values);
                }
            }
            _ => {}
        }
        Ok(())
    };
    let mut substitute = substitute;
    for r in ra.iter_mut() {
        for spec in specs {
            let span = r.node.span;
            fieldspecs::apply(&mut r.node, spec, CreateKind::None, span, &mut substitute)
                .map_err(|m| KError::at(span, m))?;
        }
    }
    Ok(())
}
