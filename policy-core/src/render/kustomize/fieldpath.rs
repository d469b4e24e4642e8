//! kyaml's dotted field paths, as `replacements` and legacy `vars` use them: the splitting
//! (`utils.SmarterPathSplitter`), the look-up of one value (`yaml.PathGetter`, a replacement's
//! source and a var's field) and the matching of every target field (`yaml.PathMatcher`, a
//! replacement's targets, which may create what is missing).
//!
//! A path is split on `.`; `\.` escapes a dot; a leading `.` is dropped. A bracketed part that
//! holds dots is kept whole: with a `=` it selects list items (`[name=app]`), without one it is
//! a mapping key (`[cert-manager.io/inject-ca-from]`, brackets removed). A bracketed part
//! without dots keeps its brackets, so `[foo]` is a list selector missing its `=` (an error,
//! as in kustomize). Other parts are keys, list indices (`0`; `-` is the last item for a
//! look-up) or `*` (every item, targets only).
//!
//! The two walks differ as kyaml's do: a look-up compares list selectors exactly, a target
//! match treats the value as an unanchored regular expression (`[name=ap]` matches `app`).

use super::string_node;
use crate::source::yaml::resolve_plain;
use crate::source::{Entry, Node, NodeValue, Span};

/// kyaml's `PathSplitter`: split on `delim`, a part ending in `\` joined with the next.
fn path_splitter(path: &str, delim: &str) -> Vec<String> {
    let mut ps: Vec<&str> = path.split(delim).collect();
    if ps.len() > 1 && ps[0].is_empty() {
        ps.remove(0);
    }
    let mut res: Vec<String> = Vec::new();
    for (i, p) in ps.iter().enumerate() {
        if i > 0 {
            if let Some(last) = res.last_mut() {
                if let Some(stripped) = last.strip_suffix('\\') {
                    *last = format!("{stripped}{delim}{p}");
                    continue;
                }
            }
        }
        res.push((*p).to_string());
    }
    res
}

/// kyaml's `SmarterPathSplitter` (see the module documentation).
pub(crate) fn split(path: &str) -> Vec<String> {
    let parts = path_splitter(path, ".");
    let mut out = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let elem = &parts[i];
        if elem.starts_with('[') && !elem.ends_with(']') {
            let mut bracketed = vec![elem.clone()];
            while i + 1 < parts.len() {
                i += 1;
                bracketed.push(parts[i].clone());
                if parts[i].ends_with(']') {
                    break;
                }
            }
            let joined = bracketed.join(".");
            if joined.contains('=') {
                out.push(joined);
            } else {
                out.push(joined.trim_matches(|c| c == '[' || c == ']').to_string());
            }
        } else {
            out.push(elem.clone());
        }
        i += 1;
    }
    out
}

/// kyaml's `convertSliceIndex` (legacy vars): `ports[0]` is `ports` then `0`.
pub(crate) fn convert_slice_index(parts: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for s in parts {
        let Some(body) = s.strip_suffix(']') else {
            out.push(s);
            continue;
        };
        match body.rfind('[') {
            Some(open)
                if !body[open + 1..].is_empty()
                    && body[open + 1..].bytes().all(|b| b.is_ascii_digit()) =>
            {
                if open > 0 {
                    out.push(body[..open].to_string());
                }
                out.push(body[open + 1..].to_string());
            }
            _ => out.push(s),
        }
    }
    out
}

fn is_list_index(p: &str) -> bool {
    p.starts_with('[') && p.ends_with(']')
}

/// Go's `strconv.Atoi` (an optional sign, decimal digits).
fn atoi(p: &str) -> Option<i64> {
    let digits = p.strip_prefix(['+', '-']).unwrap_or(p);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    p.parse().ok()
}

fn is_idx_number(p: &str) -> bool {
    atoi(p).is_some_and(|i| i >= 0)
}

/// kyaml's `SplitIndexNameValue`: `[name=value]` into its two halves.
fn split_index_name_value(p: &str) -> Result<(String, String), String> {
    let elem = p.strip_suffix(']').unwrap_or(p);
    let elem = elem.strip_prefix('[').unwrap_or(elem);
    match elem.split_once('=') {
        Some((k, v)) => Ok((k.to_string(), v.to_string())),
        None => Err(
            "list path element must contain fieldName=fieldValue for element to match".to_string(),
        ),
    }
}

/// The text kyaml compares a scalar by (a mapping or a list has none).
pub(crate) fn scalar_text(n: &Node) -> Option<String> {
    Some(match &n.value {
        NodeValue::String(s) => s.clone(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Null => String::new(),
        _ => return None,
    })
}

fn kind_name(n: &Node) -> &'static str {
    match n.value {
        NodeValue::Map(_) => "MappingNode",
        NodeValue::Seq(_) => "SequenceNode",
        _ => "ScalarNode",
    }
}

fn wrong_kind(n: &Node, expected: &str) -> String {
    format!(
        "wrong node kind: expected {expected} but got {}",
        kind_name(n)
    )
}

/// A step of a look-up or a match: the items of a list (a `null` has none; anything else that
/// is not a list is an error).
fn items_of(n: &Node) -> Result<&[Node], String> {
    match &n.value {
        NodeValue::Seq(items) => Ok(items),
        NodeValue::Null => Ok(&[]),
        _ => Err(wrong_kind(n, "SequenceNode")),
    }
}

/// kyaml's `PathGetter` without creation: the node `path` leads to, `None` when a step finds
/// nothing. `path` is as [`split`] made it.
pub(crate) fn lookup<'a>(node: &'a Node, path: &[String]) -> Result<Option<&'a Node>, String> {
    let mut cur = node;
    for part in path.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let next = if let Some(idx) = atoi(part) {
            if idx < 0 {
                return Err(format!("array index {idx} cannot be negative"));
            }
            let items = items_of(cur)?;
            usize::try_from(idx).ok().and_then(|i| items.get(i))
        } else if part == "-" {
            items_of(cur)?.last()
        } else if part == "*" {
            return Err("wildcard is not supported in PathGetter".to_string());
        } else if is_list_index(part) {
            let (name, value) = split_index_name_value(part)?;
            let items = items_of(cur)?;
            if name.is_empty() {
                items
                    .iter()
                    .find(|i| scalar_text(i).unwrap_or_default() == value)
            } else {
                items.iter().find(|i| {
                    matches!(i.value, NodeValue::Map(_))
                        && i.get(&name)
                            .filter(|f| !matches!(f.value, NodeValue::Null))
                            .and_then(scalar_text)
                            .is_some_and(|t| t == value)
                })
            }
        } else {
            match &cur.value {
                NodeValue::Null => None,
                NodeValue::Map(_) => cur.get(part),
                _ => return Err(wrong_kind(cur, "MappingNode")),
            }
        };
        match next {
            Some(n) => cur = n,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

/// What a target match creates when a field is missing: nothing, or a leaf of this shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Create {
    No,
    Scalar,
    Map,
    Seq,
}

impl Create {
    /// The shape of `value` (what kustomize creates for a replacement with `create: true`).
    pub(crate) fn like(value: &Node) -> Self {
        match value.value {
            NodeValue::Map(_) => Create::Map,
            NodeValue::Seq(_) => Create::Seq,
            _ => Create::Scalar,
        }
    }

    fn node(self, span: Span) -> Node {
        Node {
            span,
            value: match self {
                Create::Map => NodeValue::Map(Vec::new()),
                Create::Seq => NodeValue::Seq(Vec::new()),
                Create::Scalar | Create::No => NodeValue::Null,
            },
        }
    }
}

/// kyaml's `getPathPartKind`: the shape of a node created before `next`.
fn part_kind(next: Option<&str>, leaf: Create) -> Create {
    match next {
        None | Some("") => leaf,
        Some(n) if is_list_index(n) || is_idx_number(n) => Create::Seq,
        Some(_) => Create::Map,
    }
}

/// A target field a match found: the node, and whether the match created it (a created
/// scalar has no type yet: it takes the one its new text reads as).
pub(crate) struct Found<'a> {
    pub node: &'a mut Node,
    pub created: bool,
}

/// kyaml's `PathMatcher`: every node `path` leads to, creating missing parts when `create`
/// says so (new nodes point at `span`).
pub(crate) fn matches<'a>(
    node: &'a mut Node,
    path: &[String],
    create: Create,
    span: Span,
    out: &mut Vec<Found<'a>>,
) -> Result<(), String> {
    match_inner(node, path, create, span, false, out)
}

fn match_inner<'a>(
    node: &'a mut Node,
    path: &[String],
    create: Create,
    span: Span,
    created: bool,
    out: &mut Vec<Found<'a>>,
) -> Result<(), String> {
    let Some((part, rest)) = path.split_first() else {
        out.push(Found { node, created });
        return Ok(());
    };
    let next = rest.first().map(String::as_str);
    let creating = create != Create::No;
    if is_idx_number(part) {
        let idx = atoi(part)
            .and_then(|i| usize::try_from(i).ok())
            .unwrap_or(usize::MAX);
        items_of(node)?;
        let len = node.as_seq().map_or(0, <[Node]>::len);
        let mut made = false;
        if len == idx && creating {
            let elem = part_kind(next, create).node(span);
            if matches!(node.value, NodeValue::Null) {
                node.value = NodeValue::Seq(Vec::new());
            }
            if let NodeValue::Seq(items) = &mut node.value {
                items.push(elem);
                made = true;
            }
        }
        let len = node.as_seq().map_or(0, <[Node]>::len);
        if len < idx.saturating_add(1) {
            return Err(format!(
                "index {idx} specified but only {len} elements found"
            ));
        }
        if let NodeValue::Seq(items) = &mut node.value {
            if let Some(item) = items.get_mut(idx) {
                return match_inner(item, rest, create, span, made, out);
            }
        }
        return Ok(());
    }
    if is_list_index(part) {
        let (field, pattern) = split_index_name_value(part)?;
        items_of(node)?;
        let re = super::regex(&pattern).map_err(|e| e.to_string())?;
        let hit = |item: &Node| -> bool {
            let text = if field.is_empty() {
                scalar_text(item)
            } else {
                match &item.value {
                    NodeValue::Map(_) => item
                        .get(&field)
                        .filter(|f| !matches!(f.value, NodeValue::Null))
                        .and_then(scalar_text),
                    _ => None,
                }
            };
            text.is_some_and(|t| re.is_match(t.trim()))
        };
        let any = node.as_seq().is_some_and(|items| items.iter().any(hit));
        if !any {
            if !creating {
                return Ok(());
            }
            // Appended, then looked for again (the new item matches its own pattern).
            let value = string_node(&pattern, span);
            let elem = if field.is_empty() {
                value
            } else {
                Node {
                    span,
                    value: NodeValue::Map(vec![Entry {
                        key: field.clone(),
                        key_span: span,
                        value,
                    }]),
                }
            };
            if matches!(node.value, NodeValue::Null) {
                node.value = NodeValue::Seq(Vec::new());
            }
            if let NodeValue::Seq(items) = &mut node.value {
                items.push(elem);
            }
            if !node.as_seq().is_some_and(|items| items.iter().any(hit)) {
                return Ok(());
            }
        }
        if let NodeValue::Seq(items) = &mut node.value {
            for item in items.iter_mut() {
                if hit(item) {
                    match_inner(item, rest, create, span, false, out)?;
                }
            }
        }
        return Ok(());
    }
    if part == "*" {
        items_of(node)?;
        if let NodeValue::Seq(items) = &mut node.value {
            for item in items.iter_mut() {
                match_inner(item, rest, create, span, false, out)?;
            }
        }
        return Ok(());
    }
    // A field of a mapping.
    match &node.value {
        NodeValue::Map(_) => {}
        NodeValue::Null if !creating => return Ok(()),
        NodeValue::Null => node.value = NodeValue::Map(Vec::new()),
        _ => return Err(wrong_kind(node, "MappingNode")),
    }
    let NodeValue::Map(entries) = &mut node.value else {
        return Ok(());
    };
    let mut made = false;
    let index = match entries.iter().position(|e| e.key == *part) {
        Some(i) => i,
        None if creating => {
            entries.push(Entry {
                key: part.clone(),
                key_span: span,
                value: part_kind(next, create).node(span),
            });
            made = true;
            entries.len() - 1
        }
        None => return Ok(()),
    };
    match entries.get_mut(index) {
        Some(e) => match_inner(&mut e.value, rest, create, span, made, out),
        None => Ok(()),
    }
}

/// The value a created scalar takes from its text (an untyped node: YAML reads it as
/// written, so `8080` is a number).
pub(crate) fn untyped(text: &str) -> NodeValue {
    resolve_plain(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_kyaml_does() {
        let s = |p: &str| split(p);
        assert_eq!(s("a.b.c"), ["a", "b", "c"]);
        assert_eq!(s(".metadata.name"), ["metadata", "name"]);
        assert_eq!(
            s(".metadata.annotations.[cert-manager.io/inject-ca-from]"),
            ["metadata", "annotations", "cert-manager.io/inject-ca-from"]
        );
        assert_eq!(
            s("spec.containers.[name=com.foo.app].image"),
            ["spec", "containers", "[name=com.foo.app]", "image"]
        );
        // Without dots inside, the brackets stay (a selector without `=`: an error later).
        assert_eq!(s("data.[a]"), ["data", "[a]"]);
        assert_eq!(s(r"data.a\.b.c"), ["data", "a.b", "c"]);
        assert_eq!(
            convert_slice_index(s("spec.ports[0].port")),
            ["spec", "ports", "0", "port"]
        );
    }
}
