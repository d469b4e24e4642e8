//! kustomize's built-in transformers, in its order, and what it does once at the top of a
//! build (hash suffixes, then name references ([`super::nameref`]), the legacy sort).
//! `replacements` are [`super::replacements`]'s, legacy `vars` [`super::vars`]'s.
//!
//! Each transformer is a function taking its configuration as arguments (kustomize's
//! `api/internal/builtins/*Transformer.go` and the filters of `api/filters`), so that
//! [`run`] configures them from the kustomization's fields (`kusttarget_configplugin.go`) and
//! [`super::plugins`] from `transformers:` entries. Which fields each one touches comes from
//! the transformer configuration ([`super::fieldspecs`]).

use super::fieldspecs::{self, CreateKind, FieldSpec, TConfig};
use super::openapi::Scopes;
use super::plugins::{self, Pair};
use super::{get_mut, patch, set, str_at, string_node, Build, KError, Kust, Res};
use crate::source::{Node, NodeValue, Span};

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
        let scopes = b.scopes(ra)?;
        apply_namespace(ra, &ns, span, &tc.namespace, &NsOptions::default(), &scopes)?;
        plugins::transformed(b, ra, &o)?;
    }
    for (key, is_prefix, specs, kind) in [
        ("namePrefix", true, &tc.name_prefix, "PrefixTransformer"),
        ("nameSuffix", false, &tc.name_suffix, "SuffixTransformer"),
    ] {
        if let Some((affix, span)) = kust.string(key)?.filter(|(a, _)| !a.is_empty()) {
            let o = plugins::builtin_origin(b, kust, kind, key);
            let scopes = b.scopes(ra)?;
            apply_affix(ra, &affix, is_prefix, specs, span, &scopes)?;
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
            let entries = super::replacements::load(b, kust, list)?;
            let scopes = b.scopes(ra)?;
            super::replacements::apply(&entries, ra, &scopes)?;
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
/// object `scopes` do not know as cluster-scoped (by group, version and kind: a type kustomize
/// does not know is namespaced), the subjects of role bindings, and the fields of the
/// `namespace` field specs (a Namespace object's name, an APIService's service, a CRD's
/// conversion webhook).
pub(super) fn apply_namespace(
    ra: &mut [Res],
    ns: &str,
    span: Span,
    specs: &[FieldSpec],
    opts: &NsOptions,
    scopes: &Scopes,
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
        super::nameref::store_previous_id(r, scopes);
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
        if !scopes.cluster_scoped(r) {
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
        if ra
            .iter()
            .enumerate()
            .any(|(j, o)| j != i && o.same_id(r, scopes))
        {
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
    scopes: &Scopes,
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
                super::nameref::store_previous_id(r, scopes);
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

/// What kustomize does once, at the top of a build: content-hash suffixes of generated
/// objects, then every reference to a renamed object updated (the name references of the
/// build's transformer configuration: kustomize's defaults, `configurations`, `crds`).
pub(super) fn finish(ra: &mut [Res], config: &TConfig, scopes: &Scopes) -> Result<(), KError> {
    apply_hash(ra, scopes)?;
    super::nameref::fix(ra, &config.name_reference, scopes)
}

/// kustomize's HashTransformer: every generated object that wants one gets a content-hash
/// suffix (run at the top of every build, and wherever a `transformers:` entry names it).
pub(super) fn apply_hash(ra: &mut [Res], scopes: &Scopes) -> Result<(), KError> {
    for r in ra.iter_mut().filter(|r| r.hashed) {
        super::nameref::store_previous_id(r, scopes);
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
