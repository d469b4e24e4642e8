//! Patches: `patchesStrategicMerge`, `patches` (strategic merge or JSON 6902, with `target`
//! selectors) and `patchesJson6902`. Strategic merges are [`super::smp`]'s; JSON 6902 patches
//! are applied by the `json-patch` crate, then the result's nodes get their spans back: a
//! node the patch wrote points at the patch operation's value, every other node keeps its own.

use std::collections::HashMap;
use std::sync::Arc;

use super::openapi::{OpenApiState, Schemas, Scopes};
use super::{removals, str_at, Build, KError, Kust, Res};
use crate::source::{yaml, Entry, Node, NodeValue, SourceFile, Span};

/// The documents of a patch (or plugin configuration) given inline: a string of a
/// kustomization or of a plugin configuration, with spans into that file when the string is a
/// literal block (`|`), else the string's own span.
pub(super) fn inline_docs(b: &mut Build<'_>, value: &Node) -> Result<Vec<Node>, KError> {
    let Some(text) = value.as_str() else {
        return Err(KError::at(value.span, "an inline patch must be a string"));
    };
    let Some((file, local_span)) = b.map.resolve(value.span).map(|(f, s)| (Arc::clone(f), s))
    else {
        return Err(KError::at(
            value.span,
            "an inline patch must be a string of a file",
        ));
    };
    let virt = SourceFile::new(
        file.path(),
        format!("{} (inline patch)", file.name()),
        text.to_string(),
    );
    let mut docs = yaml::parse_yaml(&virt, b.limits).map_err(|e| {
        KError::at(
            value.span,
            format!("inline patch, line {}: {}", e.line, e.message),
        )
    })?;
    docs.retain(|d| !matches!(d.value, NodeValue::Null));
    let base = value.span.start - local_span.start;
    let local = local_span.start;
    let raw = file.text();
    // A literal block scalar (`|`, `|-`, `|+`): the text's lines are the file's lines from
    // the block's first content line, less its indentation.
    let literal = raw.get(..local).is_some_and(|before| {
        let last = before
            .trim_end()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        last.starts_with('|')
            && last[1..]
                .chars()
                .all(|c| matches!(c, '-' | '+' | '0'..='9'))
    }) || raw.get(local..).is_some_and(|r| r.starts_with('|'));
    let mut mapped = false;
    if literal {
        let first = if raw.get(local..).is_some_and(|r| r.starts_with('|')) {
            raw.get(local..)
                .and_then(|r| r.find('\n'))
                .map(|nl| local + nl + 1)
        } else {
            Some(local)
        };
        if let Some(first) = first {
            let first_line = file.location(first).line;
            let lines = file.lines();
            let line_start = lines.line_start(first_line).unwrap_or(first);
            let indent = raw[line_start..].chars().take_while(|c| *c == ' ').count();
            let map = |off: usize| -> Option<usize> {
                let loc = virt.location(off);
                let start = lines.line_start(first_line + loc.line - 1)?;
                Some(base + start + indent + loc.column - 1)
            };
            for d in &mut docs {
                remap(d, &map, value.span);
            }
            mapped = true;
        }
    }
    if !mapped {
        for d in &mut docs {
            flatten_spans(d, value.span);
        }
    }
    Ok(docs)
}

fn remap(node: &mut Node, map: &dyn Fn(usize) -> Option<usize>, fallback: Span) {
    let conv = |s: Span| match (map(s.start), map(s.end)) {
        (Some(a), Some(b)) => Span::new(a, b),
        _ => fallback,
    };
    node.span = conv(node.span);
    match &mut node.value {
        NodeValue::Seq(items) => items.iter_mut().for_each(|n| remap(n, map, fallback)),
        NodeValue::Map(entries) => {
            for e in entries {
                e.key_span = conv(e.key_span);
                remap(&mut e.value, map, fallback);
            }
        }
        _ => {}
    }
}

fn flatten_spans(node: &mut Node, span: Span) {
    node.span = span;
    match &mut node.value {
        NodeValue::Seq(items) => items.iter_mut().for_each(|n| flatten_spans(n, span)),
        NodeValue::Map(entries) => {
            for e in entries {
                e.key_span = span;
                flatten_spans(&mut e.value, span);
            }
        }
        _ => {}
    }
}

/// A string field of an entry that is set (not empty).
fn set_string<'a>(entry: &'a Node, key: &str) -> Option<&'a Node> {
    entry
        .get(key)
        .filter(|n| n.as_str().is_some_and(|s| !s.trim().is_empty()))
}

/// The documents of a patch: a file of the kustomization's root (`path`), or inline text
/// (`inline_key`).
fn patch_docs(
    b: &mut Build<'_>,
    kust: &Kust,
    entry: &Node,
    inline_key: &str,
) -> Result<Vec<Node>, KError> {
    if let Some(p) = set_string(entry, "path") {
        let path = b.file_in_root(kust, p.as_str().unwrap_or(""), p.span)?;
        return b.parse(&path);
    }
    match set_string(entry, inline_key) {
        Some(inline) => inline_docs(b, inline),
        None => Err(KError::at(entry.span, "a patch needs `path` or `patch`")),
    }
}

/// Whether `r` is the object a target-less strategic merge patch names (kustomize's
/// `GetById`: its group, version and kind, and a name and namespace it has or had; the
/// namespace does not count for a cluster-scoped object, which has no effective namespace).
fn patch_matches(r: &Res, patch: &Node, scopes: &Scopes) -> bool {
    let kind = str_at(patch, &["kind"]).unwrap_or("");
    let name = str_at(patch, &["metadata", "name"]).unwrap_or("");
    let ns = str_at(patch, &["metadata", "namespace"]).unwrap_or("");
    let api_version = str_at(patch, &["apiVersion"]).unwrap_or("");
    r.kind() == kind
        && r.group() == super::group_of(api_version)
        && r.version() == super::version_of(api_version)
        && r.names.iter().any(|n| n == name)
        && (scopes.cluster_scoped(r) || r.namespaces.iter().any(|n| super::ns_eq(n, ns)))
}

/// Merges `patch` into `r`. As kustomize does, the object keeps its namespace and (unless
/// allowed) its kind and name whatever the patch says.
fn apply_smp(
    r: &mut Res,
    patch: &Node,
    allow_name_change: bool,
    allow_kind_change: bool,
    schemas: &Schemas,
    scopes: &Scopes,
) -> Result<(), String> {
    let keep: Vec<(&[&str], Option<Node>)> = vec![
        (&["kind"], r.node.get("kind").cloned()),
        (
            &["metadata", "namespace"],
            r.node
                .get("metadata")
                .and_then(|m| m.get("namespace"))
                .cloned(),
        ),
        (
            &["metadata", "name"],
            r.node.get("metadata").and_then(|m| m.get("name")).cloned(),
        ),
    ];
    if allow_name_change || allow_kind_change {
        super::nameref::store_previous_id(r, scopes);
    }
    let (av, kind) = (r.api_version().to_string(), r.kind().to_string());
    let before = removals::smp_may_remove(patch).then(|| r.node.clone());
    super::smp::strategic_merge(&mut r.node, patch, &av, &kind, schemas)?;
    if matches!(r.node.value, NodeValue::Null) {
        return Ok(());
    }
    if let Some(before) = before {
        let recs = removals::diff(&before, &r.node, &mut |nodes, steps, gone, removed| {
            removals::smp_line(patch, nodes, steps, gone, removed)
        });
        r.removals.extend(recs);
    }
    if allow_kind_change && r.kind() != kind {
        r.previous_kinds.push(kind);
    }
    for (path, value) in keep {
        if (allow_name_change && path == ["metadata", "name"])
            || (allow_kind_change && path == ["kind"])
        {
            continue;
        }
        if let Some(value) = value {
            set_path(&mut r.node, path, value);
        }
    }
    Ok(())
}

fn set_path(node: &mut Node, path: &[&str], value: Node) {
    match path {
        [] => {}
        [last] => {
            let span = value.span;
            super::set(node, last, value, span);
        }
        [first, rest @ ..] => {
            if let Some(child) = super::get_mut(node, first) {
                set_path(child, rest, value);
            }
        }
    }
}

/// Removes the objects at `indices` (a `$patch: delete` patch).
fn remove(ra: &mut Vec<Res>, indices: &[usize]) {
    let mut i = 0;
    ra.retain(|_| {
        let keep = !indices.contains(&i);
        i += 1;
        keep
    });
}

/// Applies strategic merge patches that name their object; `$patch: delete` at the top
/// removes it. kustomize looks at the patch's type, and loads the schema to merge.
fn merge_by_id(ra: &mut Vec<Res>, patch: &Node, openapi: &mut OpenApiState) -> Result<(), KError> {
    merge_by_id_with(ra, patch, false, false, openapi)
}

fn merge_by_id_with(
    ra: &mut Vec<Res>,
    patch: &Node,
    allow_name_change: bool,
    allow_kind_change: bool,
    openapi: &mut OpenApiState,
) -> Result<(), KError> {
    openapi.saw_nodes([patch])?;
    let scopes = openapi.scopes();
    let found: Vec<usize> = (0..ra.len())
        .filter(|&i| patch_matches(&ra[i], patch, &scopes))
        .collect();
    if found.is_empty() {
        return Err(KError::at(
            patch.span,
            format!(
                "no resource matches strategic merge patch \"{}\" {}",
                str_at(patch, &["kind"]).unwrap_or(""),
                str_at(patch, &["metadata", "name"]).unwrap_or("")
            ),
        ));
    }
    if found.len() > 1 {
        let ids: Vec<String> = found.iter().map(|&i| ra[i].id()).collect();
        return Err(KError::at(
            patch.span,
            format!(
                "no resource matches strategic merge patch \"{}\" {}: multiple matches ({}); failed to find unique target for patch",
                str_at(patch, &["kind"]).unwrap_or(""),
                str_at(patch, &["metadata", "name"]).unwrap_or(""),
                ids.join(", ")
            ),
        ));
    }
    let schemas = openapi.for_merge()?;
    if str_at(patch, &["$patch"]) == Some("delete") {
        remove(ra, &found);
        return Ok(());
    }
    for &i in &found {
        apply_smp(
            &mut ra[i],
            patch,
            allow_name_change,
            allow_kind_change,
            schemas,
            &scopes,
        )
        .map_err(|m| KError::at(patch.span, m))?;
        record_name(&mut ra[i]);
    }
    ra.retain(|r| !matches!(r.node.value, NodeValue::Null));
    Ok(())
}

/// `patchesStrategicMerge`: files or inline YAML, each document naming its object (one
/// PatchStrategicMergeTransformer for the whole list).
pub(super) fn strategic_merge_patches(
    b: &mut Build<'_>,
    kust: &Kust,
    ra: &mut Vec<Res>,
) -> Result<(), KError> {
    let Some(list) = kust.get("patchesStrategicMerge") else {
        return Ok(());
    };
    let Some(items) = list.as_seq() else {
        return Err(KError::at(
            list.span,
            "`patchesStrategicMerge` must be a list",
        ));
    };
    let docs = strategic_merge_docs(b, kust, items)?;
    for d in docs {
        merge_by_id(ra, &d, &mut b.openapi)?;
    }
    Ok(())
}

/// The patches of a `patchesStrategicMerge` list (or a PatchStrategicMergeTransformer's
/// `paths`): each string is inline YAML or a file of the root.
fn strategic_merge_docs(
    b: &mut Build<'_>,
    kust: &Kust,
    items: &[Node],
) -> Result<Vec<Node>, KError> {
    let mut out = Vec::new();
    for item in items {
        let Some(s) = item.as_str() else {
            return Err(KError::at(
                item.span,
                "`patchesStrategicMerge` entries must be strings",
            ));
        };
        let docs = if s.contains('\n')
            || s.trim_start().starts_with("apiVersion")
            || s.trim_start().starts_with("kind")
        {
            inline_docs(b, item)?
        } else {
            let path = b.file_in_root(kust, s, item.span)?;
            b.parse(&path)?
        };
        out.extend(docs);
    }
    Ok(out)
}

/// A PatchStrategicMergeTransformer configuration (`paths`, `patches`).
pub(super) fn strategic_merge_plugin(
    b: &mut Build<'_>,
    kust: &Kust,
    paths: Option<&Node>,
    patches: Option<&Node>,
    span: Span,
    ra: &mut Vec<Res>,
) -> Result<(), KError> {
    let paths = match paths.map(|n| &n.value) {
        Some(NodeValue::Seq(items)) => items.as_slice(),
        Some(NodeValue::Null) | None => &[],
        Some(_) => {
            return Err(KError::at(
                paths.map_or(span, |n| n.span),
                "`paths` must be a list",
            ))
        }
    };
    let inline = patches.filter(|n| n.as_str().is_some_and(|s| !s.is_empty()));
    if paths.is_empty() && inline.is_none() {
        return Err(KError::at(span, "empty file path and empty patch content"));
    }
    let mut docs = strategic_merge_docs(b, kust, paths)?;
    if let Some(p) = inline {
        docs.extend(inline_docs(b, p)?);
    }
    if docs.is_empty() {
        return Err(KError::at(span, "patch appears to be empty"));
    }
    for d in docs {
        merge_by_id(ra, &d, &mut b.openapi)?;
    }
    Ok(())
}

/// One `patches` entry (kustomize's PatchTransformer: `path` or `patch`, an optional `target`,
/// `options`): a strategic merge patch, or a JSON 6902 patch with a target.
pub(super) fn patch_entry(
    b: &mut Build<'_>,
    kust: &Kust,
    item: &Node,
    ra: &mut Vec<Res>,
) -> Result<(), KError> {
    match (set_string(item, "path"), set_string(item, "patch")) {
        (None, None) => return Err(KError::at(item.span, "must specify one of patch and path")),
        (Some(_), Some(_)) => {
            return Err(KError::at(
                item.span,
                "patch and path can't be set at the same time",
            ))
        }
        _ => {}
    }
    let docs = patch_docs(b, kust, item, "patch")?;
    let scopes = b.scopes(ra)?;
    let target = item
        .get("target")
        .filter(|t| !matches!(t.value, NodeValue::Null));
    let opt = |k: &str| {
        matches!(
            item.get("options").and_then(|o| o.get(k)).map(|n| &n.value),
            Some(NodeValue::Bool(true))
        )
    };
    let (name_change, kind_change) = (opt("allowNameChange"), opt("allowKindChange"));
    let is_6902 = docs
        .first()
        .is_some_and(|d| matches!(d.value, NodeValue::Seq(_)));
    if is_6902 {
        let Some(target) = target else {
            return Err(KError::at(
                item.span,
                "must specify a target for JSON patch",
            ));
        };
        for i in select(ra, target, &scopes)? {
            // kustomize's PatchTransformer records the id of every object it JSON-patches.
            super::nameref::store_previous_id(&mut ra[i], &scopes);
            let recs = json6902(&mut ra[i].node, &docs[0]).map_err(|m| KError::at(item.span, m))?;
            ra[i].removals.extend(recs);
        }
        return Ok(());
    }
    if docs.is_empty() {
        return Err(KError::at(item.span, "unable to parse SM or JSON patch"));
    }
    if let Some(d) = docs.iter().find(|d| !matches!(d.value, NodeValue::Map(_))) {
        return Err(KError::at(d.span, "unable to parse SM or JSON patch"));
    }
    let Some(t) = target else {
        for d in &docs {
            merge_by_id_with(ra, d, name_change, kind_change, &mut b.openapi)?;
        }
        return Ok(());
    };
    if docs.len() > 1 {
        return Err(KError::at(
            item.span,
            "Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field",
        ));
    }
    let d = &docs[0];
    let hits = select(ra, t, &scopes)?;
    if hits.is_empty() {
        return Ok(());
    }
    let schemas = b.openapi.for_merge()?;
    if str_at(d, &["$patch"]) == Some("delete") {
        remove(ra, &hits);
        return Ok(());
    }
    for i in hits {
        // With a target the patch's own apiVersion and namespace do not matter, nor its name
        // and kind unless the options let it change them (kustomize gives the patch the
        // object's group and version, and restores the rest afterwards).
        let mut p = d.clone();
        if let NodeValue::Map(entries) = &mut p.value {
            entries.retain(|e| e.key != "apiVersion" && (kind_change || e.key != "kind"));
            for e in entries.iter_mut().filter(|e| e.key == "metadata") {
                if let NodeValue::Map(meta) = &mut e.value.value {
                    meta.retain(|m| (name_change || m.key != "name") && m.key != "namespace");
                }
            }
        }
        apply_smp(&mut ra[i], &p, name_change, kind_change, schemas, &scopes)
            .map_err(|m| KError::at(d.span, m))?;
        record_name(&mut ra[i]);
    }
    ra.retain(|r| !matches!(r.node.value, NodeValue::Null));
    Ok(())
}

/// Remembers a name a patch gave the object (references to it then resolve).
fn record_name(r: &mut Res) {
    let name = r.name().to_string();
    if !r.names.contains(&name) {
        r.names.push(name);
    }
}

/// A `patchesJson6902` entry or a PatchJson6902Transformer configuration: a `target` with a
/// name, and the operations in the file `path` or inline under `inline_key` (`patch` in a
/// kustomization, `jsonOp` in a plugin configuration). A target that selects nothing is no
/// error, as in kustomize.
pub(super) fn json6902_entry(
    b: &mut Build<'_>,
    kust: &Kust,
    item: &Node,
    inline_key: &str,
    ra: &mut [Res],
) -> Result<(), KError> {
    let Some(target) = item
        .get("target")
        .filter(|t| !matches!(t.value, NodeValue::Null))
    else {
        return Err(KError::at(
            item.span,
            "must specify a target for the JSON patch",
        ));
    };
    if str_at(target, &["name"]).is_none_or(str::is_empty) {
        return Err(KError::at(target.span, "must specify the target name"));
    }
    match (set_string(item, "path"), set_string(item, inline_key)) {
        (None, None) => {
            return Err(KError::at(
                item.span,
                format!("empty file path and empty {inline_key}"),
            ))
        }
        (Some(_), Some(_)) => {
            return Err(KError::at(
                item.span,
                format!("must specify a file path or {inline_key}, not both"),
            ))
        }
        _ => {}
    }
    let docs = patch_docs(b, kust, item, inline_key)?;
    let Some(ops) = docs.first() else {
        return Err(KError::at(item.span, "patch appears to be empty"));
    };
    if ops.as_seq().is_none_or(<[Node]>::is_empty) {
        return Err(KError::at(ops.span, "patch appears to be empty"));
    }
    let scopes = b.scopes(ra)?;
    for i in select(ra, target, &scopes)? {
        let recs = json6902(&mut ra[i].node, ops).map_err(|m| KError::at(item.span, m))?;
        ra[i].removals.extend(recs);
    }
    Ok(())
}

/// The indices of the objects a `target` selector picks: `group`, `version`, `kind`, `name`
/// and `namespace` as anchored regular expressions (when given), and
/// `labelSelector`/`annotationSelector` as Kubernetes label selectors. The namespace is
/// matched as kustomize's `Select` matches it: the effective namespace (`default` for none;
/// none at all for a cluster-scoped object) of the object's original id, or of its current one.
pub(super) fn select(ra: &[Res], target: &Node, scopes: &Scopes) -> Result<Vec<usize>, KError> {
    let field = |k: &str| str_at(target, &[k]).filter(|s| !s.is_empty());
    let regex = |k: &str| -> Result<Option<std::sync::Arc<regex::Regex>>, KError> {
        match field(k) {
            None => Ok(None),
            Some(p) => super::regex(&format!("^(?:{p})$"))
                .map(Some)
                .map_err(|e| KError::at(target.span, format!("target {k}: {e}"))),
        }
    };
    let name = regex("name")?;
    let namespace = regex("namespace")?;
    // kustomize's SelectorRegex: group, version and kind are anchored regular expressions too.
    let group = regex("group")?;
    let version_re = regex("version")?;
    let kind = regex("kind")?;
    let labels = field("labelSelector")
        .map(parse_selector)
        .transpose()
        .map_err(|m| KError::at(target.span, m))?;
    let annotations = field("annotationSelector")
        .map(parse_selector)
        .transpose()
        .map_err(|m| KError::at(target.span, m))?;
    let mut out = Vec::new();
    for (i, r) in ra.iter().enumerate() {
        let av = r.api_version();
        let version = av.rsplit('/').next().unwrap_or(av);
        if group.as_ref().is_some_and(|re| !re.is_match(r.group()))
            || version_re.as_ref().is_some_and(|re| !re.is_match(version))
            || kind.as_ref().is_some_and(|re| !re.is_match(r.kind()))
        {
            continue;
        }
        if let Some(re) = &name {
            if !r.names.iter().any(|n| re.is_match(n)) {
                continue;
            }
        }
        if let Some(re) = &namespace {
            let cluster = scopes.cluster_scoped(r);
            let effective = |ns| super::nameref::effective(ns, cluster);
            if !re.is_match(effective(r.original_namespace()))
                && !re.is_match(effective(r.namespace()))
            {
                continue;
            }
        }
        let meta_map = |k: &str| -> Vec<(String, String)> {
            match r
                .node
                .get("metadata")
                .and_then(|m| m.get(k))
                .map(|n| &n.value)
            {
                Some(NodeValue::Map(entries)) => entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.as_str().unwrap_or("").to_string()))
                    .collect(),
                _ => Vec::new(),
            }
        };
        if let Some(sel) = &labels {
            if !selector_matches(sel, &meta_map("labels")) {
                continue;
            }
        }
        if let Some(sel) = &annotations {
            if !selector_matches(sel, &meta_map("annotations")) {
                continue;
            }
        }
        out.push(i);
    }
    Ok(out)
}

/// Whether `r`'s labels or annotations (`key`) satisfy a Kubernetes selector (an empty
/// selector selects everything).
pub(super) fn meta_selected(r: &Res, key: &str, selector: &str) -> Result<bool, String> {
    if selector.trim().is_empty() {
        return Ok(true);
    }
    let reqs = parse_selector(selector)?;
    let pairs: Vec<(String, String)> = match r
        .node
        .get("metadata")
        .and_then(|m| m.get(key))
        .map(|n| &n.value)
    {
        Some(NodeValue::Map(entries)) => entries
            .iter()
            .map(|e| (e.key.clone(), e.value.as_str().unwrap_or("").to_string()))
            .collect(),
        _ => Vec::new(),
    };
    Ok(selector_matches(&reqs, &pairs))
}

enum Req {
    Eq(String, String),
    Ne(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

/// A Kubernetes label selector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`.
fn parse_selector(s: &str) -> Result<Vec<Req>, String> {
    let mut reqs = Vec::new();
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let list = |rest: &str| -> Result<Vec<String>, String> {
            let inner = rest
                .trim()
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .ok_or_else(|| format!("invalid label selector {s:?}"))?;
            Ok(inner.split(',').map(|v| v.trim().to_string()).collect())
        };
        if let Some((k, v)) = p.split_once("!=") {
            reqs.push(Req::Ne(k.trim().into(), v.trim().into()));
        } else if let Some((k, v)) = p.split_once("==") {
            reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
        } else if let Some((k, v)) = p.split_once('=') {
            reqs.push(Req::Eq(k.trim().into(), v.trim().into()));
        } else if let Some((k, rest)) = p.split_once(" notin ") {
            reqs.push(Req::NotIn(k.trim().into(), list(rest)?));
        } else if let Some((k, rest)) = p.split_once(" in ") {
            reqs.push(Req::In(k.trim().into(), list(rest)?));
        } else if let Some(k) = p.strip_prefix('!') {
            reqs.push(Req::NotExists(k.trim().into()));
        } else {
            reqs.push(Req::Exists(p.to_string()));
        }
    }
    Ok(reqs)
}

fn selector_matches(reqs: &[Req], labels: &[(String, String)]) -> bool {
    let get = |k: &str| {
        labels
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    reqs.iter().all(|r| match r {
        Req::Eq(k, v) => get(k) == Some(v.as_str()),
        Req::Ne(k, v) => get(k) != Some(v.as_str()),
        Req::In(k, vs) => get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
        Req::NotIn(k, vs) => get(k).is_none_or(|x| !vs.iter().any(|v| v == x)),
        Req::Exists(k) => get(k).is_some(),
        Req::NotExists(k) => get(k).is_none(),
    })
}

/// Applies a JSON 6902 patch (`ops`, a list of operations) to `node`, as kustomize does
/// ([`super::jsonpatch`]); returns what it removed (for provenance).
pub(super) fn json6902(node: &mut Node, ops: &Node) -> Result<Vec<removals::Rec>, String> {
    let mut doc = node.to_json();
    let removed = super::jsonpatch::apply(&mut doc, &ops.to_json())?;
    // The value nodes of the operations that write, by the pointer they write.
    let mut written: HashMap<String, (Span, &Node)> = HashMap::new();
    for op in ops.as_seq().unwrap_or(&[]) {
        let kind = str_at(op, &["op"]).unwrap_or("");
        if matches!(kind, "add" | "replace") {
            if let (Some(path), Some(entry)) = (str_at(op, &["path"]), op.entry("value")) {
                written.insert(
                    path.to_string(),
                    (entry.key_span.join(entry.value.span), &entry.value),
                );
            }
        }
    }
    let fallback = ops.span;
    let patched = reattach(&doc, Some(&*node), "", &written, fallback);
    let recs = if removed.is_empty() {
        Vec::new()
    } else {
        removals::diff(node, &patched, &mut |nodes, steps, gone, _| {
            removals::json_line(ops, &removed, nodes, steps, gone)
        })
    };
    *node = patched;
    Ok(recs)
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Rebuilds a node from the patched JSON, taking spans from the node that was there before or
/// from the operation that wrote it.
fn reattach(
    v: &serde_json::Value,
    old: Option<&Node>,
    ptr: &str,
    written: &HashMap<String, (Span, &Node)>,
    fallback: Span,
) -> Node {
    if let Some((entry, n)) = written.get(ptr) {
        // The written value points at its operation's `value:` line.
        let mut node = reattach(v, Some(n), "\u{0}", &HashMap::new(), n.span);
        node.span = *entry;
        return node;
    }
    // An appended item (`/-`) takes the span of the operation that appended it.
    let parent_append = ptr
        .rsplit_once('/')
        .and_then(|(parent, _)| written.get(&format!("{parent}/-")).map(|(_, n)| n.span));
    let span = old.map_or_else(|| parent_append.unwrap_or(fallback), |o| o.span);
    let child = |key: &str| {
        if ptr == "\u{0}" {
            "\u{0}".to_string()
        } else {
            format!("{ptr}/{}", escape(key))
        }
    };
    let value = match v {
        serde_json::Value::Null => NodeValue::Null,
        serde_json::Value::Bool(b) => NodeValue::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => NodeValue::Int(i),
            None => NodeValue::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => NodeValue::String(s.clone()),
        serde_json::Value::Array(items) => {
            let olds = old.and_then(Node::as_seq).unwrap_or(&[]);
            let mut used = vec![false; olds.len()];
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                // The same item, moved by an insertion or removal before it, keeps its span.
                let same = olds
                    .iter()
                    .enumerate()
                    .find(|(j, o)| !used[*j] && o.to_json() == *item)
                    .map(|(j, _)| j);
                let pick = same.or_else(|| (i < olds.len() && !used[i]).then_some(i));
                if let Some(j) = pick {
                    used[j] = true;
                }
                out.push(reattach(
                    item,
                    pick.map(|j| &olds[j]),
                    &child(&i.to_string()),
                    written,
                    span,
                ));
            }
            NodeValue::Seq(out)
        }
        serde_json::Value::Object(map) => {
            let mut entries = Vec::with_capacity(map.len());
            let old_entries: &[Entry] = match old.map(|o| &o.value) {
                Some(NodeValue::Map(e)) => e,
                _ => &[],
            };
            // Keys in their old order, then new keys.
            let mut keys: Vec<&String> = old_entries
                .iter()
                .filter_map(|e| map.get_key_value(&e.key).map(|(k, _)| k))
                .collect();
            for k in map.keys() {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            for k in keys {
                let Some(val) = map.get(k) else { continue };
                let old_entry = old_entries.iter().find(|e| &e.key == k);
                let c = child(k);
                let key_span = old_entry
                    .map(|e| e.key_span)
                    .or_else(|| written.get(&c).map(|(s, _)| *s))
                    .unwrap_or(span);
                entries.push(Entry {
                    key: k.clone(),
                    key_span,
                    value: reattach(val, old_entry.map(|e| &e.value), &c, written, span),
                });
            }
            NodeValue::Map(entries)
        }
    };
    Node { span, value }
}
