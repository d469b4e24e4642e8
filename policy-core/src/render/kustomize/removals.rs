//! What overlays removed: a field or list item a patch took out of an object leaves no node
//! behind to carry provenance, so the build records each removal (where it was, and the patch
//! line that removed it) and hands them out with the built documents ([`super::Removal`]): a
//! finding about the object can then show, labelled, the overlay line that removed what the
//! base had set.
//!
//! Removals are found by comparing an object before and after one patch: a key of a mapping
//! the patch merged into (the mapping keeps its node) that is gone, or an item of a list it
//! merged into that is gone (items are told apart by their nodes' spans: a merged item keeps
//! its node). What a patch replaced whole (a `$patch: replace`, a plain list, a scalar) is not a
//! removal: the new node already points at the patch. The removing line is, for a strategic
//! merge patch, the `key: null` entry or the `$patch: delete` directive (of the mapping, or of
//! the list item naming the removed one), and for a JSON 6902 patch the `remove` (or `move`)
//! operation.
//!
//! Paths are kept with list items named by their nodes (not their indices), and resolved
//! against the finished object at the end: a removal whose place a later step filled again,
//! or whose parent is gone, is dropped.

use super::jsonpatch;
use crate::document::PathSeg;
use crate::source::{Node, NodeValue, Span};

/// A step of a recorded path: a mapping key, or a list item (by its node's span).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    Key(String),
    Item(Span),
}

/// What was removed from the parent: a key, or the list item that was at this index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Gone {
    Key(String),
    Item(usize),
}

/// How the patch removed it (for the label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A JSON 6902 `remove` operation.
    JsonRemove,
    /// A JSON 6902 `move` operation (its `from`).
    JsonMove,
    /// A strategic merge patch's `$patch: delete`.
    PatchDelete,
    /// A strategic merge patch's `null`.
    Null,
    /// A strategic merge patch otherwise (a `$patch: replace` above it, say).
    Patch,
}

impl How {
    /// How the label says it: `` `$patch: delete` ``, `` JSON patch `remove` ``, …
    pub fn describe(self) -> &'static str {
        match self {
            How::JsonRemove => "JSON patch `remove`",
            How::JsonMove => "JSON patch `move`",
            How::PatchDelete => "`$patch: delete`",
            How::Null => "`null` in a strategic merge patch",
            How::Patch => "strategic merge patch",
        }
    }
}

/// One removal, as recorded on an object while it is built.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rec {
    pub parent: Vec<Step>,
    pub gone: Gone,
    /// The removing line (a global span of the build's source map).
    pub span: Span,
    pub how: How,
}

/// Whether a strategic merge patch could remove anything (it holds a `null` or a `$patch`).
pub(crate) fn smp_may_remove(patch: &Node) -> bool {
    match &patch.value {
        NodeValue::Null => true,
        NodeValue::Map(entries) => entries
            .iter()
            .any(|e| e.key == "$patch" || smp_may_remove(&e.value)),
        NodeValue::Seq(items) => items.iter().any(smp_may_remove),
        _ => false,
    }
}

/// Finds the line that removed something: given the path's `before` nodes (root first), the
/// steps, what went and its node.
pub(crate) type LineOf<'a> = dyn FnMut(&[&Node], &[Step], &Gone, &Node) -> (Span, How) + 'a;

/// The removals between `before` and `after` (one patch's work), each attributed by `line`
/// (given the path's `before` nodes, root first, the steps, what went and its node).
pub(crate) fn diff(before: &Node, after: &Node, line: &mut LineOf<'_>) -> Vec<Rec> {
    let mut out = Vec::new();
    let mut nodes = vec![before];
    let mut steps = Vec::new();
    walk(before, after, &mut nodes, &mut steps, line, &mut out);
    out
}

fn walk<'a>(
    before: &'a Node,
    after: &Node,
    nodes: &mut Vec<&'a Node>,
    steps: &mut Vec<Step>,
    line: &mut LineOf<'_>,
    out: &mut Vec<Rec>,
) {
    // A node the patch replaced whole points at the patch already.
    if before.span != after.span {
        return;
    }
    match (&before.value, &after.value) {
        (NodeValue::Map(b), NodeValue::Map(a)) => {
            for e in b {
                match a.iter().find(|x| x.key == e.key) {
                    None => {
                        let gone = Gone::Key(e.key.clone());
                        let (span, how) = line(nodes, steps, &gone, &e.value);
                        out.push(Rec {
                            parent: steps.clone(),
                            gone,
                            span,
                            how,
                        });
                    }
                    Some(x) => {
                        nodes.push(&e.value);
                        steps.push(Step::Key(e.key.clone()));
                        walk(&e.value, &x.value, nodes, steps, line, out);
                        steps.pop();
                        nodes.pop();
                    }
                }
            }
        }
        (NodeValue::Seq(b), NodeValue::Seq(a)) => {
            for (i, item) in b.iter().enumerate() {
                match a.iter().find(|x| x.span == item.span) {
                    None => {
                        let gone = Gone::Item(i);
                        let (span, how) = line(nodes, steps, &gone, item);
                        out.push(Rec {
                            parent: steps.clone(),
                            gone,
                            span,
                            how,
                        });
                    }
                    Some(x) => {
                        nodes.push(item);
                        steps.push(Step::Item(item.span));
                        walk(item, x, nodes, steps, line, out);
                        steps.pop();
                        nodes.pop();
                    }
                }
            }
        }
        _ => {}
    }
}

/// The `$patch` entry of a mapping: its span (key and value).
fn directive(node: &Node) -> Option<Span> {
    node.entry("$patch").map(|e| e.key_span.join(e.value.span))
}

/// Whether the patch's list item `p` names the base item `base`: every scalar field it has
/// (other than `$patch`) is the base item's, and it has one; for scalars, the same value.
fn names_item(p: &Node, base: &Node) -> bool {
    match (&p.value, &base.value) {
        (NodeValue::Map(pe), NodeValue::Map(_)) => {
            let mut any = false;
            for e in pe.iter().filter(|e| e.key != "$patch") {
                if matches!(e.value.value, NodeValue::Map(_) | NodeValue::Seq(_)) {
                    continue;
                }
                let theirs = base.get(&e.key).map(|n| n.to_json());
                if theirs != Some(e.value.to_json()) {
                    return false;
                }
                any = true;
            }
            any
        }
        (NodeValue::Map(_), _) | (_, NodeValue::Map(_)) => false,
        _ => p.to_json() == base.to_json(),
    }
}

/// The line of a strategic merge patch that removed `gone` (see the module documentation);
/// the patch's own span when no better line is found.
pub(crate) fn smp_line(
    patch: &Node,
    nodes: &[&Node],
    steps: &[Step],
    gone: &Gone,
    removed: &Node,
) -> (Span, How) {
    let mut p = patch;
    let mut fallback = directive(p).unwrap_or(p.span);
    for (i, step) in steps.iter().enumerate() {
        let next = match step {
            Step::Key(k) => p.get(k),
            Step::Item(_) => match (p.as_seq(), nodes.get(i + 1)) {
                (Some(items), Some(base)) => items.iter().find(|it| names_item(it, base)),
                _ => None,
            },
        };
        match next {
            Some(n) => {
                p = n;
                if let Some(d) = directive(p) {
                    fallback = d;
                }
            }
            None => return (fallback, How::Patch),
        }
    }
    match gone {
        Gone::Key(k) => match p.entry(k) {
            Some(e) if matches!(e.value.value, NodeValue::Null) => {
                (e.key_span.join(e.value.span), How::Null)
            }
            Some(e) => match directive(&e.value) {
                Some(d) => (d, How::PatchDelete),
                None => (e.key_span.join(e.value.span), How::Patch),
            },
            None => (fallback, How::Patch),
        },
        Gone::Item(_) => {
            let item = p
                .as_seq()
                .and_then(|items| items.iter().find(|it| names_item(it, removed)));
            match item.and_then(directive) {
                Some(d) => (d, How::PatchDelete),
                None => (item.map_or(fallback, |n| n.span), How::Patch),
            }
        }
    }
}

/// The operation of a JSON 6902 patch that removed `gone`: the `remove` (or `move`) whose path
/// is the removed node's, else the first that removed something under the same key.
pub(crate) fn json_line(
    ops: &Node,
    removed: &[jsonpatch::Removed],
    nodes: &[&Node],
    steps: &[Step],
    gone: &Gone,
) -> (Span, How) {
    // The path in the document before the patch: keys, and indices of items.
    let mut path: Vec<jsonpatch::Seg> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        match step {
            Step::Key(k) => path.push(jsonpatch::Seg::Key(k.clone())),
            Step::Item(span) => {
                let index = nodes
                    .get(i)
                    .and_then(|n| n.as_seq())
                    .and_then(|items| items.iter().position(|it| it.span == *span))
                    .unwrap_or(0);
                path.push(jsonpatch::Seg::Index(index));
            }
        }
    }
    path.push(match gone {
        Gone::Key(k) => jsonpatch::Seg::Key(k.clone()),
        Gone::Item(i) => jsonpatch::Seg::Index(*i),
    });
    let pick = removed
        .iter()
        .find(|r| r.path == path)
        .or_else(|| {
            removed
                .iter()
                .find(|r| r.path.last() == path.last() && r.path.len() == path.len())
        })
        .or_else(|| removed.first());
    let items = ops.as_seq().unwrap_or(&[]);
    match pick.and_then(|r| items.get(r.op)) {
        Some(op) => {
            let how = if op.get("op").and_then(Node::as_str) == Some("move") {
                How::JsonMove
            } else {
                How::JsonRemove
            };
            (op.span, how)
        }
        None => (ops.span, How::JsonRemove),
    }
}

/// A removal resolved against the finished object: the public path of what went (for an item,
/// its list's path) and whether it was a list item.
pub(crate) fn resolve(root: &Node, rec: &Rec) -> Option<(Vec<PathSeg>, bool)> {
    let mut node = root;
    let mut path = Vec::new();
    for step in &rec.parent {
        match step {
            Step::Key(k) => {
                node = node.get(k)?;
                path.push(PathSeg::Key(k.clone()));
            }
            Step::Item(span) => {
                let items = node.as_seq()?;
                let i = items.iter().position(|it| it.span == *span)?;
                node = &items[i];
                path.push(PathSeg::Index(i));
            }
        }
    }
    match &rec.gone {
        Gone::Key(k) => {
            // Set again by a later step: nothing is missing any more.
            if !matches!(node.value, NodeValue::Map(_)) || node.get(k).is_some() {
                return None;
            }
            path.push(PathSeg::Key(k.clone()));
            Some((path, false))
        }
        Gone::Item(_) => node.as_seq().map(|_| (path, true)),
    }
}
