//! kustomize's built-in transformers, in its order, and what it does once at the top of a
//! build (hash suffixes, name references, the legacy sort).
//!
//! Which fields each transformer touches is kustomize's default configuration
//! (`api/internal/konfig/builtinpluginconsts`), restated here as tables.

use super::{get_mut, map_at, ns_eq, patch, set, str_at, string_node, Build, KError, Kust, Res};
use crate::source::{Node, NodeValue, Span};

/// A field a transformer writes: a `/`-separated path (`[]` after a segment: every item of that
/// sequence), the kind (and API group) it applies to, and whether it is created when missing.
#[derive(Debug, Clone)]
struct FieldSpec {
    path: String,
    kind: Option<String>,
    group: Option<String>,
    create: bool,
}

/// A row of a built-in table: path, kind, group, create.
type Row = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    bool,
);

const fn fs(
    path: &'static str,
    kind: Option<&'static str>,
    group: Option<&'static str>,
    create: bool,
) -> Row {
    (path, kind, group, create)
}

fn specs(rows: &[&[Row]]) -> Vec<FieldSpec> {
    rows.iter()
        .flat_map(|t| t.iter())
        .map(|(path, kind, group, create)| FieldSpec {
            path: path.to_string(),
            kind: kind.map(str::to_string),
            group: group.map(str::to_string),
            create: *create,
        })
        .collect()
}

/// Field specs written in a kustomization or a transformer configuration
/// (`[{path, kind, group, version, create}]`).
fn parse_fieldspecs(node: Option<&Node>) -> Result<Vec<FieldSpec>, KError> {
    let Some(node) = node else {
        return Ok(Vec::new());
    };
    let Some(items) = node.as_seq() else {
        return Err(KError::at(node.span, "field specs must be a list"));
    };
    items
        .iter()
        .map(|item| {
            let Some(path) = str_at(item, &["path"]) else {
                return Err(KError::at(item.span, "a field spec needs a path"));
            };
            Ok(FieldSpec {
                path: path.to_string(),
                kind: str_at(item, &["kind"]).map(str::to_string),
                group: str_at(item, &["group"]).map(str::to_string),
                create: matches!(
                    item.get("create").map(|n| &n.value),
                    Some(NodeValue::Bool(true))
                ),
            })
        })
        .collect()
}

/// Labels of the object and of the pod templates it makes.
const METADATA_LABELS: &[Row] = &[
    fs("metadata/labels", None, None, true),
    fs(
        "spec/template/metadata/labels",
        Some("ReplicationController"),
        None,
        true,
    ),
    fs(
        "spec/template/metadata/labels",
        Some("Deployment"),
        None,
        true,
    ),
    fs(
        "spec/template/metadata/labels",
        Some("ReplicaSet"),
        None,
        true,
    ),
    fs(
        "spec/template/metadata/labels",
        Some("DaemonSet"),
        None,
        true,
    ),
    fs(
        "spec/template/metadata/labels",
        Some("StatefulSet"),
        Some("apps"),
        true,
    ),
    fs(
        "spec/template/metadata/labels",
        Some("Job"),
        Some("batch"),
        true,
    ),
    fs(
        "spec/jobTemplate/metadata/labels",
        Some("CronJob"),
        Some("batch"),
        true,
    ),
    fs(
        "spec/jobTemplate/spec/template/metadata/labels",
        Some("CronJob"),
        Some("batch"),
        true,
    ),
];

const VOLUME_CLAIM_TEMPLATE_LABELS: &[Row] = &[fs(
    "spec/volumeClaimTemplates[]/metadata/labels",
    Some("StatefulSet"),
    Some("apps"),
    true,
)];

/// Selectors `commonLabels` (and `labels` with `includeSelectors`) also write.
const SELECTOR_LABELS: &[Row] = &[
    fs("spec/selector", Some("Service"), None, true),
    fs("spec/selector", Some("ReplicationController"), None, true),
    fs("spec/selector/matchLabels", Some("Deployment"), None, true),
    fs("spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution[]/podAffinityTerm/labelSelector/matchLabels", Some("Deployment"), Some("apps"), false),
    fs("spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution[]/labelSelector/matchLabels", Some("Deployment"), Some("apps"), false),
    fs("spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution[]/podAffinityTerm/labelSelector/matchLabels", Some("Deployment"), Some("apps"), false),
    fs("spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution[]/labelSelector/matchLabels", Some("Deployment"), Some("apps"), false),
    fs("spec/template/spec/topologySpreadConstraints[]/labelSelector/matchLabels", Some("Deployment"), Some("apps"), false),
    fs("spec/selector/matchLabels", Some("ReplicaSet"), None, true),
    fs("spec/selector/matchLabels", Some("DaemonSet"), None, true),
    fs("spec/selector/matchLabels", Some("StatefulSet"), Some("apps"), true),
    fs("spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution[]/podAffinityTerm/labelSelector/matchLabels", Some("StatefulSet"), Some("apps"), false),
    fs("spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution[]/labelSelector/matchLabels", Some("StatefulSet"), Some("apps"), false),
    fs("spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution[]/podAffinityTerm/labelSelector/matchLabels", Some("StatefulSet"), Some("apps"), false),
    fs("spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution[]/labelSelector/matchLabels", Some("StatefulSet"), Some("apps"), false),
    fs("spec/template/spec/topologySpreadConstraints[]/labelSelector/matchLabels", Some("StatefulSet"), Some("apps"), false),
    fs("spec/selector/matchLabels", Some("Job"), Some("batch"), false),
    fs("spec/jobTemplate/spec/selector/matchLabels", Some("CronJob"), Some("batch"), false),
    fs("spec/selector/matchLabels", Some("PodDisruptionBudget"), Some("policy"), false),
    fs("spec/podSelector/matchLabels", Some("NetworkPolicy"), Some("networking.k8s.io"), false),
    fs("spec/ingress[]/from[]/podSelector/matchLabels", Some("NetworkPolicy"), Some("networking.k8s.io"), false),
    fs("spec/egress[]/to[]/podSelector/matchLabels", Some("NetworkPolicy"), Some("networking.k8s.io"), false),
];

const ANNOTATIONS: &[Row] = &[
    fs("metadata/annotations", None, None, true),
    fs(
        "spec/template/metadata/annotations",
        Some("ReplicationController"),
        None,
        true,
    ),
    fs(
        "spec/template/metadata/annotations",
        Some("Deployment"),
        None,
        true,
    ),
    fs(
        "spec/template/metadata/annotations",
        Some("ReplicaSet"),
        None,
        true,
    ),
    fs(
        "spec/template/metadata/annotations",
        Some("DaemonSet"),
        None,
        true,
    ),
    fs(
        "spec/template/metadata/annotations",
        Some("StatefulSet"),
        None,
        true,
    ),
    fs(
        "spec/template/metadata/annotations",
        Some("Job"),
        Some("batch"),
        true,
    ),
    fs(
        "spec/jobTemplate/metadata/annotations",
        Some("CronJob"),
        Some("batch"),
        true,
    ),
    fs(
        "spec/jobTemplate/spec/template/metadata/annotations",
        Some("CronJob"),
        Some("batch"),
        true,
    ),
];

const REPLICAS: &[&str] = &[
    "Deployment",
    "ReplicationController",
    "ReplicaSet",
    "StatefulSet",
];

/// Kinds without a namespace (the built-in cluster-scoped types; any other kind, CRDs
/// included, is namespaced, as kustomize assumes).
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

fn selects(spec: &FieldSpec, r: &Res) -> bool {
    spec.kind.as_deref().is_none_or(|k| k == r.kind())
        && spec.group.as_deref().is_none_or(|g| g == r.group())
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

/// The `key: value` pairs of a mapping field of the kustomization, with their spans.
fn pairs(node: &Node, what: &str) -> Result<Vec<(String, Node, Span)>, KError> {
    let NodeValue::Map(entries) = &node.value else {
        return Err(KError::at(node.span, format!("`{what}` must be a mapping")));
    };
    entries
        .iter()
        .map(|e| {
            let value = match &e.value.value {
                NodeValue::String(s) => s.clone(),
                NodeValue::Null => String::new(),
                NodeValue::Bool(b) => b.to_string(),
                NodeValue::Int(i) => i.to_string(),
                NodeValue::Float(f) => f.to_string(),
                _ => {
                    return Err(KError::at(
                        e.value.span,
                        format!("`{what}` values must be strings"),
                    ))
                }
            };
            Ok((e.key.clone(), string_node(&value, e.value.span), e.key_span))
        })
        .collect()
}

fn set_pairs(r: &mut Res, specs: &[FieldSpec], pairs: &[(String, Node, Span)]) {
    for spec in specs {
        if !selects(spec, r) {
            continue;
        }
        let path: Vec<&str> = spec.path.split('/').collect();
        let span = pairs.first().map_or(r.node.span, |p| p.2);
        at_path(&mut r.node, &path, spec.create, span, &mut |m| {
            if matches!(m.value, NodeValue::Null) {
                m.value = NodeValue::Map(Vec::new());
            }
            for (k, v, key_span) in pairs {
                set(m, k, v.clone(), *key_span);
            }
        });
    }
}

/// The transformers of one kustomization, in kustomize's order.
pub(super) fn run(b: &mut Build<'_>, kust: &Kust, ra: &mut Vec<Res>) -> Result<(), KError> {
    patch::strategic_merge_patches(b, kust, ra)?;
    patch::patches(b, kust, ra)?;
    if let Some((ns, span)) = kust.string("namespace")? {
        namespace(ra, &ns, span);
    }
    for (key, is_prefix) in [("namePrefix", true), ("nameSuffix", false)] {
        if let Some((affix, span)) = kust.string(key)? {
            for r in ra.iter_mut() {
                if matches!(r.kind(), "CustomResourceDefinition" | "Namespace")
                    || (r.kind() == "APIService" && r.group() == "apiregistration.k8s.io")
                {
                    continue;
                }
                let name = if is_prefix {
                    format!("{affix}{}", r.name())
                } else {
                    format!("{}{affix}", r.name())
                };
                if let Some(meta) = map_at(&mut r.node, "metadata", span) {
                    set(meta, "name", string_node(&name, span), span);
                }
                r.affixes.push(if is_prefix {
                    (affix.clone(), String::new())
                } else {
                    (String::new(), affix.clone())
                });
                if !affix.is_empty() {
                    r.names.push(name);
                }
            }
        }
    }
    if let Some(list) = kust.get("labels") {
        let Some(items) = list.as_seq() else {
            return Err(KError::at(list.span, "`labels` must be a list"));
        };
        for item in items {
            let Some(p) = item.get("pairs") else { continue };
            let pairs = pairs(p, "labels.pairs")?;
            let flag =
                |k: &str| matches!(item.get(k).map(|n| &n.value), Some(NodeValue::Bool(true)));
            let mut list = if flag("includeSelectors") {
                specs(&[
                    SELECTOR_LABELS,
                    METADATA_LABELS,
                    VOLUME_CLAIM_TEMPLATE_LABELS,
                ])
            } else if flag("includeTemplates") {
                specs(&[METADATA_LABELS])
            } else {
                specs(&[&METADATA_LABELS[..1]])
            };
            list.extend(parse_fieldspecs(item.get("fields"))?);
            for r in ra.iter_mut() {
                set_pairs(r, &list, &pairs);
            }
        }
    }
    if let Some(labels) = kust.get("commonLabels") {
        let pairs = pairs(labels, "commonLabels")?;
        let list = specs(&[
            SELECTOR_LABELS,
            METADATA_LABELS,
            VOLUME_CLAIM_TEMPLATE_LABELS,
        ]);
        for r in ra.iter_mut() {
            set_pairs(r, &list, &pairs);
        }
    }
    if let Some(annotations) = kust.get("commonAnnotations") {
        let pairs = pairs(annotations, "commonAnnotations")?;
        let list = specs(&[ANNOTATIONS]);
        for r in ra.iter_mut() {
            set_pairs(r, &list, &pairs);
        }
    }
    patch::json6902_patches(b, kust, ra)?;
    if let Some(list) = kust.get("replicas") {
        for item in list.as_seq().unwrap_or(&[]) {
            let name = str_at(item, &["name"]).unwrap_or("");
            let Some(count) = item.get("count") else {
                return Err(KError::at(item.span, "a `replicas` entry needs a count"));
            };
            if !matches!(count.value, NodeValue::Int(_)) {
                return Err(KError::at(count.span, "`count` must be an integer"));
            }
            for r in ra.iter_mut() {
                if REPLICAS.contains(&r.kind()) && r.names.iter().any(|n| n == name) {
                    if let Some(spec) = map_at(&mut r.node, "spec", count.span) {
                        set(spec, "replicas", count.clone(), count.span);
                    }
                }
            }
        }
    }
    let images = kust
        .get("images")
        .into_iter()
        .chain(kust.get("imageTags"))
        .flat_map(|l| l.as_seq().unwrap_or(&[]).iter());
    for image in images {
        for r in ra.iter_mut() {
            set_images(&mut r.node, image);
        }
    }
    replacements(b, kust, ra)?;
    builtin_transformers(b, kust, ra)
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

/// `replacements`: copy a field of one object into fields of others (kustomize's
/// ReplacementTransformer). The written values keep the span of the source field.
fn replacements(b: &mut Build<'_>, kust: &Kust, ra: &mut [Res]) -> Result<(), KError> {
    let Some(list) = kust.get("replacements") else {
        return Ok(());
    };
    let Some(items) = list.as_seq() else {
        return Err(KError::at(list.span, "`replacements` must be a list"));
    };
    let mut entries: Vec<Node> = Vec::new();
    for item in items {
        if let Some(p) = str_at(item, &["path"]) {
            let path = b.file_in_root(kust, p, item.span)?;
            for doc in b.parse(&path)? {
                match doc.value {
                    NodeValue::Seq(list) => entries.extend(list),
                    _ => entries.push(doc),
                }
            }
        } else {
            entries.push(item.clone());
        }
    }
    for rep in &entries {
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

/// `transformers:` entries that configure a built-in transformer (`apiVersion: builtin`,
/// files of the root or inline): LabelTransformer and AnnotationsTransformer with their field
/// specs. Plugins (anything else) need code Tollgate does not run: an error.
fn builtin_transformers(b: &mut Build<'_>, kust: &Kust, ra: &mut [Res]) -> Result<(), KError> {
    for (entry, span) in kust.strings("transformers")? {
        let configs = if entry.contains('\n') {
            return Err(KError::at(
                span,
                "inline transformer configurations are not supported yet",
            ));
        } else {
            let path = b.file_in_root(kust, &entry, span)?;
            b.parse(&path)?
        };
        for c in configs {
            let kind = str_at(&c, &["kind"]).unwrap_or("");
            if str_at(&c, &["apiVersion"]) != Some("builtin") {
                return Err(KError::at(
                    c.span,
                    "transformer plugins are not supported (only `apiVersion: builtin` configurations)",
                ));
            }
            let (key, default) = match kind {
                "LabelTransformer" => ("labels", specs(&[SELECTOR_LABELS, METADATA_LABELS])),
                "AnnotationsTransformer" => ("annotations", specs(&[ANNOTATIONS])),
                other => {
                    return Err(KError::at(
                        c.span,
                        format!("the built-in transformer {other} is not supported yet"),
                    ))
                }
            };
            let Some(values) = c.get(key) else { continue };
            let pairs = pairs(values, key)?;
            let mut list = parse_fieldspecs(c.get("fieldSpecs"))?;
            if list.is_empty() {
                list = default;
            }
            for r in ra.iter_mut() {
                set_pairs(r, &list, &pairs);
            }
        }
    }
    Ok(())
}

fn namespace(ra: &mut [Res], ns: &str, span: Span) {
    for r in ra.iter_mut() {
        let kind = r.kind().to_string();
        if kind == "Namespace" {
            // kustomize renames a Namespace object to the namespace.
            if let Some(meta) = map_at(&mut r.node, "metadata", span) {
                set(meta, "name", string_node(ns, span), span);
            }
            continue;
        }
        if !is_cluster_scoped(r) {
            if let Some(meta) = map_at(&mut r.node, "metadata", span) {
                set(meta, "namespace", string_node(ns, span), span);
            }
            r.namespaces.push(ns.to_string());
        }
        if kind == "RoleBinding" || kind == "ClusterRoleBinding" {
            if let Some(NodeValue::Seq(subjects)) =
                get_mut(&mut r.node, "subjects").map(|n| &mut n.value)
            {
                for s in subjects {
                    if str_at(s, &["name"]) == Some("default") {
                        set(s, "namespace", string_node(ns, span), span);
                    }
                }
            }
        }
        if kind == "APIService" && r.group() == "apiregistration.k8s.io" {
            at_path(&mut r.node, &["spec", "service"], false, span, &mut |svc| {
                set(svc, "namespace", string_node(ns, span), span)
            });
        }
        if kind == "CustomResourceDefinition" {
            at_path(
                &mut r.node,
                &["spec", "conversion", "webhook", "clientConfig", "service"],
                false,
                span,
                &mut |svc| set(svc, "namespace", string_node(ns, span), span),
            );
        }
    }
}

/// An image reference split as kustomize splits it: name, then `:tag` and/or `@digest`.
fn split_image(image: &str) -> (&str, &str) {
    let (before_digest, digest) = match image.find('@') {
        Some(i) => (&image[..i], &image[i..]),
        None => (image, ""),
    };
    let slash = before_digest.rfind('/').map_or(0, |i| i + 1);
    match before_digest[slash..].find(':') {
        Some(i) => (&image[..slash + i], &image[slash + i..]),
        None => (before_digest, digest),
    }
}

/// Applies one `images` entry to every container (and init container) of `node`, wherever
/// the lists are (kustomize's legacy image filter walks the whole object).
fn set_images(node: &mut Node, image: &Node) {
    let Some(name) = str_at(image, &["name"]) else {
        return;
    };
    match &mut node.value {
        NodeValue::Map(entries) => {
            for e in entries.iter_mut() {
                if matches!(e.key.as_str(), "containers" | "initContainers") {
                    if let NodeValue::Seq(items) = &mut e.value.value {
                        for c in items.iter_mut() {
                            update_image(c, name, image);
                        }
                        continue;
                    }
                }
                set_images(&mut e.value, image);
            }
        }
        NodeValue::Seq(items) => items.iter_mut().for_each(|n| set_images(n, image)),
        _ => {}
    }
}

fn update_image(container: &mut Node, name: &str, image: &Node) {
    let Some(current) = str_at(container, &["image"]).map(str::to_string) else {
        return;
    };
    let (cur_name, cur_suffix) = split_image(&current);
    if cur_name != name {
        return;
    }
    let new_name = str_at(image, &["newName"]).unwrap_or(cur_name);
    let tag = image.get("newTag").map(|n| match &n.value {
        NodeValue::String(s) => s.clone(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        _ => String::new(),
    });
    let suffix = match (str_at(image, &["digest"]), tag) {
        (Some(d), _) => format!("@{d}"),
        (None, Some(t)) => format!(":{t}"),
        (None, None) => cur_suffix.to_string(),
    };
    // The line that changed the image: the digest, tag or new name of the entry.
    let span = ["digest", "newTag", "newName"]
        .iter()
        .find_map(|k| image.entry(k).map(|e| e.key_span.join(e.value.span)))
        .unwrap_or(image.span);
    set(
        container,
        "image",
        string_node(&format!("{new_name}{suffix}"), span),
        span,
    );
}

/// What kustomize does once, at the top of a build: content-hash suffixes of generated
/// objects, then every reference to a renamed object updated.
pub(super) fn finish(ra: &mut [Res], extra: &[ExtraNameRef]) -> Result<(), KError> {
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
    name_references(ra, extra);
    Ok(())
}

/// A name reference added by a kustomization's `configurations` (`nameReference:`): objects of
/// `kind` are referred to at `path` of objects of `referrer` (any kind when `None`).
#[derive(Debug, Clone)]
pub(crate) struct ExtraNameRef {
    kind: String,
    referrer: Option<String>,
    path: String,
}

/// Reads a kustomization's `configurations` files: `nameReference` entries are supported;
/// other transformer configurations are refused clearly.
pub(super) fn configurations(b: &mut Build<'_>, kust: &Kust) -> Result<(), KError> {
    for (entry, span) in kust.strings("configurations")? {
        let path = b.file_in_root(kust, &entry, span)?;
        for doc in b.parse(&path)? {
            let NodeValue::Map(entries) = &doc.value else {
                continue;
            };
            for e in entries {
                if e.key != "nameReference" {
                    return Err(KError::at(
                        e.key_span,
                        format!("transformer configuration `{}` is not supported yet (only nameReference)", e.key),
                    ));
                }
                for item in e.value.as_seq().unwrap_or(&[]) {
                    let kind = str_at(item, &["kind"]).unwrap_or("").to_string();
                    for fs in parse_fieldspecs(item.get("fieldSpecs"))? {
                        b.name_refs.push(ExtraNameRef {
                            kind: kind.clone(),
                            referrer: fs.kind.clone(),
                            path: fs.path.clone(),
                        });
                    }
                }
            }
        }
    }
    Ok(())
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
fn name_references(ra: &mut [Res], extra: &[ExtraNameRef]) {
    struct Target {
        kind: String,
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
            names: r.names.clone(),
            name: r.name().to_string(),
            namespace: r.namespace().to_string(),
            affixes: r.affixes.clone(),
            cluster: is_cluster_scoped(r),
        })
        .collect();
    if targets.is_empty() {
        return;
    }
    for r in ra.iter_mut() {
        let kind = r.kind().to_string();
        let ns = r.namespace().to_string();
        let affixes = r.affixes.clone();
        let resolve = |target_kind: &str, value: &str| -> Option<String> {
            let candidates: Vec<&Target> = targets
                .iter()
                .filter(|t| t.kind == target_kind && t.names.iter().any(|n| n == value))
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
        // ServiceAccount subjects of (Cluster)RoleBindings: name and namespace.
        if kind == "RoleBinding" || kind == "ClusterRoleBinding" {
            if let Some(NodeValue::Seq(subjects)) =
                get_mut(&mut r.node, "subjects").map(|n| &mut n.value)
            {
                for s in subjects {
                    if str_at(s, &["kind"]) != Some("ServiceAccount") {
                        continue;
                    }
                    let Some(current) = str_at(s, &["name"]).map(str::to_string) else {
                        continue;
                    };
                    let subject_ns = str_at(s, &["namespace"]).unwrap_or("").to_string();
                    let found = targets.iter().find(|t| {
                        t.kind == "ServiceAccount"
                            && t.names.contains(&current)
                            && (subject_ns.is_empty()
                                || ns_eq(&subject_ns, &t.namespace)
                                || t.names.len() > 1)
                    });
                    if let Some(t) = found {
                        let span = s.span;
                        if t.name != current {
                            set(s, "name", string_node(&t.name, span), span);
                        }
                    }
                }
            }
        }
    }
}

/// kustomize's legacy output order: kinds in its fixed order first (Namespace, …,
/// PodDisruptionBudget), webhook configurations last, others between by group/version/kind;
/// then by namespace and name.
pub(super) fn legacy_sort(ra: &mut [Res]) {
    const FIRST: &[&str] = &[
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
    const LAST: &[&str] = &[
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
    ];
    let rank = |kind: &str| -> i64 {
        if let Some(i) = FIRST.iter().position(|k| *k == kind) {
            return i as i64 - FIRST.len() as i64;
        }
        if let Some(i) = LAST.iter().position(|k| *k == kind) {
            return 1 + i as i64;
        }
        0
    };
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
fn field_value(node: &Node, path: &str) -> Option<String> {
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
        NodeValue::String(s) => Some(s.clone()),
        NodeValue::Int(i) => Some(i.to_string()),
        NodeValue::Float(f) => Some(f.to_string()),
        NodeValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Where kustomize substitutes vars (relative to a pod spec, or to the object).
const VAR_POD_FIELDS: &[&str] = &[
    "containers[]/command[]",
    "containers[]/args[]",
    "containers[]/env[]/value",
    "containers[]/volumeMounts[]/mountPath",
    "initContainers[]/command[]",
    "initContainers[]/args[]",
    "initContainers[]/env[]/value",
    "initContainers[]/volumeMounts[]/mountPath",
    "volumes[]/nfs/server",
];

const VAR_OBJECT_FIELDS: &[(&str, &str)] = &[
    ("Ingress", "spec/rules[]/host"),
    ("Ingress", "spec/tls[]/hosts[]"),
    ("Ingress", "spec/tls[]/secretName"),
    ("Service", "spec/ports[]/targetPort"),
    ("Service", "spec/ports[]/port"),
    ("PersistentVolume", "spec/nfs/server"),
];

pub(super) fn resolve_vars(vars: &[Var], ra: &mut [Res]) -> Result<(), KError> {
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
        values.push((format!("$({})", v.name), value));
    }
    let substitute = |n: &mut Node| {
        if let NodeValue::String(s) = &mut n.value {
            for (pattern, value) in &values {
                if s.contains(pattern.as_str()) {
                    *s = s.replace(pattern.as_str(), value);
                }
            }
        }
    };
    let mut substitute = substitute;
    for r in ra.iter_mut() {
        let kind = r.kind().to_string();
        for base in pod_spec_paths(&kind) {
            for field in VAR_POD_FIELDS {
                let full = format!("{base}/{field}");
                let path: Vec<&str> = full.split('/').collect();
                at_path(&mut r.node, &path, false, Span::new(0, 0), &mut substitute);
            }
        }
        for (k, field) in VAR_OBJECT_FIELDS {
            if *k == kind {
                let path: Vec<&str> = field.split('/').collect();
                at_path(&mut r.node, &path, false, Span::new(0, 0), &mut substitute);
            }
        }
    }
    Ok(())
}
