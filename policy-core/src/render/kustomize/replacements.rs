//! `replacements` (kustomize's ReplacementTransformer, `api/filters/replacement`): copy a field
//! of one object into fields of others.
//!
//! The source is the one object whose id (current or earlier) the source selector selects
//! (`group`, `version`, `kind`, `name`, `namespace`, each equal when given); its field is looked
//! up with [`fieldpath::lookup`] (default `metadata.name`) and, with `options.delimiter`, cut to
//! the `index`th part. Each target selects objects the same way, with `labelSelector` and
//! `annotationSelector` too, less those a `reject` entry selects; every field of its
//! `fieldPaths` ([`fieldpath::matches`], which `options.create` lets create what is missing)
//! takes the value: a scalar field keeps its type and takes the text (kustomize copies the
//! value only), with a delimiter the `index`th part of its text is replaced (a negative index
//! prepends, one past the end appends), anything else is replaced by the value.
//!
//! Provenance: the written values keep the span of the source field.

use super::fieldpath::{self, Create};
use super::openapi::Scopes;
use super::{patch, str_at, string_node, Build, IdSelector, KError, Kust, Res};
use crate::source::{Node, NodeValue};

/// The replacements of a `replacements` list (the kustomization's, or a ReplacementTransformer
/// configuration's): inline entries, and entries read from files (`path`, relative to the
/// kustomization's directory; a file holds one replacement or a list).
pub(super) fn load(b: &mut Build<'_>, kust: &Kust, list: &Node) -> Result<Vec<Node>, KError> {
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

/// `options.delimiter` and `options.index`, when a delimiter is set.
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

/// Whether a target's `select` (or a `reject` entry's labels and annotations) picks `r`.
fn labels_and_annotations(r: &Res, sel: &Node) -> Result<bool, KError> {
    for (field, key) in [
        ("labelSelector", "labels"),
        ("annotationSelector", "annotations"),
    ] {
        let s = str_at(sel, &[field]).unwrap_or("");
        if !patch::meta_selected(r, key, s).map_err(|m| KError::at(sel.span, m))? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn has_meta_selector(sel: &Node) -> bool {
    ["labelSelector", "annotationSelector"]
        .iter()
        .any(|k| str_at(sel, &[k]).is_some_and(|s| !s.is_empty()))
}

/// kustomize's `applyReplacement` choice of targets: selected by id and by labels and
/// annotations, not rejected (a `reject` with an id rejects what it selects by id; one with a
/// label or annotation selector rejects what those select).
fn is_target(r: &Res, select: &Node, rejects: &[Node], scopes: &Scopes) -> Result<bool, KError> {
    if !labels_and_annotations(r, select)? {
        return Ok(false);
    }
    for reject in rejects {
        if has_meta_selector(reject) && labels_and_annotations(r, reject)? {
            return Ok(false);
        }
    }
    if !r.selected_by_id(&IdSelector::of(select), scopes) {
        return Ok(false);
    }
    for reject in rejects {
        let id = IdSelector::of(reject);
        if !id.is_empty() && r.selected_by_id(&id, scopes) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Writes `value` into the target field `f` (kustomize's `setFieldValue`).
fn set_field(
    f: fieldpath::Found<'_>,
    value: &Node,
    delim: Option<&(String, i64)>,
    target: &Node,
) -> Result<(), KError> {
    let mut new = value.clone();
    let f_scalar = !matches!(f.node.value, NodeValue::Map(_) | NodeValue::Seq(_));
    if let Some((d, index)) = delim {
        if !f_scalar {
            return Err(KError::at(
                target.span,
                "delimiter option can only be used with scalar nodes",
            ));
        }
        let current = fieldpath::scalar_text(f.node).unwrap_or_default();
        let mut parts: Vec<String> = current.split(d.as_str()).map(str::to_string).collect();
        let v = fieldpath::scalar_text(value).unwrap_or_default();
        match usize::try_from(*index) {
            Err(_) => parts.insert(0, v),
            Ok(i) if i >= parts.len() => parts.push(v),
            Ok(i) => parts[i] = v,
        }
        new = string_node(&parts.join(d), value.span);
    }
    let text = fieldpath::scalar_text(&new);
    match (&f.node.value, text) {
        // A created scalar has no type yet: its text reads as YAML reads it.
        (_, Some(text)) if f.created && f_scalar => {
            new.value = fieldpath::untyped(&text);
        }
        // A scalar keeps its type and takes the text (kustomize sets the node's value).
        (NodeValue::String(_), Some(text)) => new.value = NodeValue::String(text),
        (NodeValue::Int(_) | NodeValue::Float(_) | NodeValue::Bool(_), Some(text)) => {
            new.value = fieldpath::untyped(&text);
        }
        _ => {}
    }
    *f.node = new;
    Ok(())
}

/// Applies `replacements` entries to `ra`, in order.
pub(super) fn apply(entries: &[Node], ra: &mut [Res], scopes: &Scopes) -> Result<(), KError> {
    for rep in entries {
        let (Some(source), Some(targets)) =
            (rep.get("source"), rep.get("targets").and_then(Node::as_seq))
        else {
            return Err(KError::at(
                rep.span,
                "replacements must specify a source and at least one target",
            ));
        };
        let selector = IdSelector::of(source);
        let found: Vec<usize> = (0..ra.len())
            .filter(|&i| ra[i].selected_by_id(&selector, scopes))
            .collect();
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
        let path = str_at(source, &["fieldPath"])
            .filter(|p| !p.is_empty())
            .unwrap_or("metadata.name");
        let looked_up = fieldpath::lookup(&ra[idx].node, &fieldpath::split(path))
            .map_err(|m| {
                KError::at(
                    source.span,
                    format!("error looking up replacement source: {m}"),
                )
            })?
            .filter(|v| match &v.value {
                NodeValue::Null => false,
                NodeValue::Map(e) => !e.is_empty(),
                NodeValue::Seq(i) => !i.is_empty(),
                _ => true,
            })
            .cloned();
        let Some(mut value) = looked_up else {
            return Err(KError::at(
                source.span,
                format!(
                    "fieldPath `{path}` is missing for replacement source {}",
                    ra[idx].id()
                ),
            ));
        };
        if let Some((d, index)) = delimiter_options(source.get("options")) {
            let Some(text) = fieldpath::scalar_text(&value) else {
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
            // The part keeps the source's type (kustomize copies the node, then its text).
            value.value = match value.value {
                NodeValue::String(_) => NodeValue::String((*part).to_string()),
                _ => fieldpath::untyped(part),
            };
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
            let create = if create {
                Create::like(&value)
            } else {
                Create::No
            };
            let delim = delimiter_options(target.get("options"));
            let paths: Vec<String> = match target.get("fieldPaths").and_then(Node::as_seq) {
                Some(p) if !p.is_empty() => p
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect(),
                _ => vec!["metadata.name".to_string()],
            };
            for r in ra.iter_mut() {
                if !is_target(r, select, rejects, scopes)? {
                    continue;
                }
                for fp in &paths {
                    let what = if create == Create::No {
                        "find"
                    } else {
                        "find or create"
                    };
                    let mut fields = Vec::new();
                    fieldpath::matches(
                        &mut r.node,
                        &fieldpath::split(fp),
                        create,
                        value.span,
                        &mut fields,
                    )
                    .map_err(|m| {
                        KError::at(
                            target.span,
                            format!("unable to {what} field \"{fp}\" in replacement target: {m}"),
                        )
                    })?;
                    if fields.is_empty() {
                        return Err(KError::at(
                            target.span,
                            format!("unable to {what} field \"{fp}\" in replacement target"),
                        ));
                    }
                    for f in fields {
                        set_field(f, &value, delim.as_ref(), target)?;
                    }
                }
            }
        }
    }
    Ok(())
}
