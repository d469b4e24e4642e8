//! Patches: `patchesStrategicMerge`, `patches` (strategic merge or JSON 6902, with `target`
//! selectors) and `patchesJson6902`. Strategic merges are [`super::smp`]'s; JSON 6902 patches
//! are applied by the `json-patch` crate, then the result's nodes get their spans back: a
//! node the patch wrote points at the patch operation's value, every other node keeps its own.

use std::collections::HashMap;

use super::{str_at, Build, KError, Kust, Res};
use crate::source::{yaml, Entry, Node, NodeValue, SourceFile, Span};

/// The documents of a patch given inline (a string in the kustomization), with spans into the
/// kustomization file when the string is a literal block (`|`), else the string's own span.
fn inline_docs(b: &mut Build<'_>, kust: &Kust, value: &Node) -> Result<Vec<Node>, KError> {
    let Some(text) = value.as_str() else {
        return Err(KError::at(value.span, "an inline patch must be a string"));
    };
    let virt = SourceFile::new(
        kust.file.path(),
        format!("{} (inline patch)", kust.file.name()),
        text.to_string(),
    );
    let mut docs = yaml::parse_yaml(&virt, b.limits).map_err(|e| {
        KError::at(
            value.span,
            format!("inline patch, line {}: {}", e.line, e.message),
        )
    })?;
    docs.retain(|d| !matches!(d.value, NodeValue::Null));
    let base = b.map.add(std::sync::Arc::clone(&kust.file));
    let local = value.span.start.saturating_sub(base);
    let raw = kust.file.text();
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
            let first_line = kust.file.location(first).line;
            let lines = kust.file.lines();
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

/// The documents of a patch: a file of the kustomization's root, or inline text.
fn patch_docs(
    b: &mut Build<'_>,
    kust: &Kust,
    entry: &Node,
    path_key: &str,
) -> Result<Vec<Node>, KError> {
    if let Some(p) = entry.get(path_key).and_then(Node::as_str) {
        let path = b.file_in_root(kust, p, entry.get(path_key).map_or(entry.span, |n| n.span))?;
        return b.parse(&path);
    }
    match entry.get("patch") {
        Some(inline) => inline_docs(b, kust, inline),
        None => Err(KError::at(entry.span, "a patch needs `path` or `patch`")),
    }
}

/// Whether `r` is the object a target-less strategic merge patch names (its kind, and a name
/// and namespace it has or had).
fn patch_matches(r: &Res, patch: &Node) -> bool {
    let kind = str_at(patch, &["kind"]).unwrap_or("");
    let name = str_at(patch, &["metadata", "name"]).unwrap_or("");
    let ns = str_at(patch, &["metadata", "namespace"]).unwrap_or("");
    let group = super::group_of(str_at(patch, &["apiVersion"]).unwrap_or(""));
    r.kind() == kind
        && r.group() == group
        && r.names.iter().any(|n| n == name)
        && r.namespaces.iter().any(|n| super::ns_eq(n, ns))
}

/// Merges `patch` into `r`. As kustomize does, the object keeps its kind, namespace and (unless
/// `allow_name_change`) its name whatever the patch says.
fn apply_smp(r: &mut Res, patch: &Node, allow_name_change: bool) -> Result<(), String> {
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
    let (av, kind) = (r.api_version().to_string(), r.kind().to_string());
    super::smp::strategic_merge(&mut r.node, patch, &av, &kind)?;
    if matches!(r.node.value, NodeValue::Null) {
        return Ok(());
    }
    for (path, value) in keep {
        if allow_name_change && path == ["metadata", "name"] {
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
/// removes it.
fn merge_by_id(ra: &mut Vec<Res>, patch: &Node) -> Result<(), KError> {
    let found: Vec<usize> = (0..ra.len())
        .filter(|&i| patch_matches(&ra[i], patch))
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
    if str_at(patch, &["$patch"]) == Some("delete") {
        remove(ra, &found);
        return Ok(());
    }
    for &i in &found {
        apply_smp(&mut ra[i], patch, false).map_err(|m| KError::at(patch.span, m))?;
    }
    ra.retain(|r| !matches!(r.node.value, NodeValue::Null));
    Ok(())
}

/// `patchesStrategicMerge`: files or inline YAML, each document naming its object.
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
            inline_docs(b, kust, item)?
        } else {
            let path = b.file_in_root(kust, s, item.span)?;
            b.parse(&path)?
        };
        for d in docs {
            merge_by_id(ra, &d)?;
        }
    }
    Ok(())
}

/// `patches`: strategic merge or JSON 6902, each with an optional `target` selector.
pub(super) fn patches(b: &mut Build<'_>, kust: &Kust, ra: &mut Vec<Res>) -> Result<(), KError> {
    let Some(list) = kust.get("patches") else {
        return Ok(());
    };
    let Some(items) = list.as_seq() else {
        return Err(KError::at(list.span, "`patches` must be a list"));
    };
    for item in items {
        let docs = patch_docs(b, kust, item, "path")?;
        let target = item.get("target");
        let opt = |k: &str| {
            matches!(
                item.get("options").and_then(|o| o.get(k)).map(|n| &n.value),
                Some(NodeValue::Bool(true))
            )
        };
        let keep_name = !opt("allowNameChange");
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
            for i in select(ra, target)? {
                json6902(&mut ra[i].node, &docs[0]).map_err(|m| KError::at(item.span, m))?;
            }
            continue;
        }
        for d in &docs {
            match target {
                None => merge_by_id(ra, d)?,
                Some(t) => {
                    let hits = select(ra, t)?;
                    if str_at(d, &["$patch"]) == Some("delete") {
                        remove(ra, &hits);
                        continue;
                    }
                    for i in hits {
                        // With a target the patch's own name and kind do not matter.
                        let mut p = d.clone();
                        if let NodeValue::Map(entries) = &mut p.value {
                            entries.retain(|e| e.key != "apiVersion" && e.key != "kind");
                            for e in entries.iter_mut().filter(|e| e.key == "metadata") {
                                if let NodeValue::Map(meta) = &mut e.value.value {
                                    meta.retain(|m| m.key != "name" && m.key != "namespace");
                                }
                            }
                        }
                        apply_smp(&mut ra[i], &p, !keep_name).map_err(|m| KError::at(d.span, m))?;
                    }
                    ra.retain(|r| !matches!(r.node.value, NodeValue::Null));
                }
            }
        }
    }
    Ok(())
}

/// `patchesJson6902`: JSON 6902 patches (YAML or JSON lists of operations) with a target.
pub(super) fn json6902_patches(
    b: &mut Build<'_>,
    kust: &Kust,
    ra: &mut [Res],
) -> Result<(), KError> {
    let Some(list) = kust.get("patchesJson6902") else {
        return Ok(());
    };
    for item in list.as_seq().unwrap_or(&[]) {
        let Some(target) = item.get("target") else {
            return Err(KError::at(
                item.span,
                "a patchesJson6902 entry needs a target",
            ));
        };
        let docs = patch_docs(b, kust, item, "path")?;
        let Some(ops) = docs.first() else { continue };
        let hits = select(ra, target)?;
        if hits.is_empty() {
            return Err(KError::at(
                target.span,
                "no resource matches the patch target",
            ));
        }
        for i in hits {
            json6902(&mut ra[i].node, ops).map_err(|m| KError::at(item.span, m))?;
        }
    }
    Ok(())
}

/// The indices of the objects a `target` selector picks: `group`, `version`, `kind` equal
/// when given, `name` and `namespace` as anchored regular expressions, and
/// `labelSelector`/`annotationSelector` as Kubernetes label selectors.
pub(super) fn select(ra: &[Res], target: &Node) -> Result<Vec<usize>, KError> {
    let field = |k: &str| str_at(target, &[k]).filter(|s| !s.is_empty());
    let regex = |k: &str| -> Result<Option<regex::Regex>, KError> {
        match field(k) {
            None => Ok(None),
            Some(p) => regex::Regex::new(&format!("^(?:{p})$"))
                .map(Some)
                .map_err(|e| KError::at(target.span, format!("target {k}: {e}"))),
        }
    };
    let name = regex("name")?;
    let namespace = regex("namespace")?;
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
        if field("group").is_some_and(|g| g != r.group())
            || field("version").is_some_and(|v| v != version)
            || field("kind").is_some_and(|k| k != r.kind())
        {
            continue;
        }
        if let Some(re) = &name {
            if !r.names.iter().any(|n| re.is_match(n)) {
                continue;
            }
        }
        if let Some(re) = &namespace {
            if !r.namespaces.iter().any(|n| re.is_match(n)) {
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

/// Applies a JSON 6902 patch (`ops`, a list of operations) to `node`.
pub(super) fn json6902(node: &mut Node, ops: &Node) -> Result<(), String> {
    let patch: json_patch::Patch =
        serde_json::from_value(ops.to_json()).map_err(|e| format!("invalid JSON patch: {e}"))?;
    let mut doc = node.to_json();
    json_patch::patch(&mut doc, &patch).map_err(|e| format!("JSON patch failed: {e}"))?;
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
    *node = reattach(&doc, Some(&*node), "", &written, fallback);
    Ok(())
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
