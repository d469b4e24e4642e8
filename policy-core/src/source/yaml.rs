//! Spanned YAML loading, decoded as Kubernetes decodes YAML (sigs.k8s.io/yaml over go-yaml v2:
//! YAML 1.1 scalars, merge keys, duplicate keys rejected).
//!
//! The event-level parser `saphyr-parser` gives every event a position; this module builds the
//! value tree from those events, keeping a byte [`Span`] for every node, resolving anchors and
//! aliases under a node budget, and resolving plain scalars with YAML 1.1 rules (`yes`/`on` are
//! booleans, `0755` is octal).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, StrInput, Tag};

use super::{Entry, Limits, LoadError, Node, NodeValue, SourceFile, Span};

/// Parses a YAML stream into one root node per document. Documents that hold nothing (only
/// comments, or `null`) are skipped, as `kubectl` skips them.
///
/// ```
/// use policy_core::source::{yaml::parse_yaml, Limits, NodeValue, SourceFile};
///
/// let file = SourceFile::new("d.yaml", "d.yaml", "kind: Pod\nspec:\n  hostNetwork: yes\n".into());
/// let docs = parse_yaml(&file, &Limits::default()).unwrap();
/// let host = docs[0].get("spec").unwrap().get("hostNetwork").unwrap();
/// assert_eq!(host.value, NodeValue::Bool(true));
/// assert_eq!(file.location(host.span.start).line, 3);
/// ```
pub fn parse_yaml(file: &SourceFile, limits: &Limits) -> Result<Vec<Node>, LoadError> {
    let text = file.text();
    let (body, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, text.len() - rest.len()),
        None => (text, 0),
    };
    let chars = if body.is_ascii() {
        None
    } else {
        let mut offsets: Vec<usize> = body.char_indices().map(|(i, _)| i).collect();
        offsets.push(body.len());
        Some(offsets)
    };
    let mut loader = Loader {
        file,
        limits,
        parser: Parser::new_from_str(body),
        base,
        body_len: body.len(),
        chars,
        anchors: HashMap::new(),
        nodes: 0,
    };
    loader.stream()
}

struct Loader<'a> {
    file: &'a SourceFile,
    limits: &'a Limits,
    parser: Parser<'a, StrInput<'a>>,
    base: usize,
    body_len: usize,
    chars: Option<Vec<usize>>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
}

type Ev<'a> = (Event<'a>, saphyr_parser::Span);

impl<'a> Loader<'a> {
    fn offset(&self, m: &Marker) -> usize {
        let i = m.index();
        self.base
            + match &self.chars {
                None => i.min(self.body_len),
                Some(map) => map.get(i).copied().unwrap_or(self.body_len),
            }
    }

    fn err(&self, offset: usize, message: impl Into<String>) -> LoadError {
        LoadError::at(self.file, offset, message)
    }

    fn next(&mut self) -> Result<Ev<'a>, LoadError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => {
                let mut at = self.offset(e.marker());
                // The scanner stops after a tab it refuses: point at the tab itself.
                if e.info().contains("tab") {
                    let text = self.file.text().as_bytes();
                    while at > self.base && text.get(at - 1) == Some(&b'\t') {
                        at -= 1;
                    }
                }
                Err(self.err(at, format!("invalid YAML: {}", e.info())))
            }
            None => Err(self.err(
                self.base + self.body_len,
                "invalid YAML: unexpected end of input",
            )),
        }
    }

    fn count(&mut self, n: usize, at: usize) -> Result<(), LoadError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(self.err(
                at,
                format!(
                    "document is too large: more than {} nodes (aliases expanded)",
                    self.limits.max_nodes
                ),
            ));
        }
        Ok(())
    }

    fn stream(&mut self) -> Result<Vec<Node>, LoadError> {
        let mut docs = Vec::new();
        loop {
            let (ev, span) = self.next()?;
            match ev {
                Event::StreamStart | Event::Nothing => {}
                Event::StreamEnd => return Ok(docs),
                Event::DocumentStart(_) => {
                    let (ev, span) = self.next()?;
                    let root = self.node(ev, span, 0)?;
                    let (end, end_span) = self.next()?;
                    if !matches!(end, Event::DocumentEnd) {
                        let at = self.offset(&end_span.start);
                        return Err(self.err(at, "invalid YAML: expected the end of the document"));
                    }
                    self.anchors.clear();
                    if root.value != NodeValue::Null {
                        if docs.len() >= self.limits.max_documents {
                            return Err(self.err(
                                root.span.start,
                                format!(
                                    "more than {} documents in one file",
                                    self.limits.max_documents
                                ),
                            ));
                        }
                        docs.push(root);
                    }
                }
                _ => {
                    let at = self.offset(&span.start);
                    return Err(self.err(at, "invalid YAML: expected a document"));
                }
            }
        }
    }

    fn node(
        &mut self,
        ev: Event<'a>,
        span: saphyr_parser::Span,
        depth: usize,
    ) -> Result<Node, LoadError> {
        let start = self.offset(&span.start);
        match ev {
            Event::Scalar(value, style, anchor, tag) => {
                self.count(1, start)?;
                let end = self.offset(&span.end);
                // A block scalar whose last line ends the file without a line break has no final
                // line break (YAML 1.2, 8.1.1.2: chomping keeps only breaks that are there);
                // saphyr adds one.
                let text = self.file.text();
                let at_eof = !text.ends_with('\n')
                    && text
                        .get(end.min(text.len())..)
                        .is_some_and(|r| r.trim().is_empty());
                let value = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                    && at_eof
                    && value.ends_with('\n')
                {
                    std::borrow::Cow::Owned(value[..value.len() - 1].to_string())
                } else {
                    value
                };
                let value = resolve_scalar(&value, style, tag.as_deref())
                    .map_err(|m| self.err(start, m))?;
                let node = Node {
                    span: Span::new(start, end),
                    value,
                };
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::SequenceStart(anchor, _tag) => {
                self.enter(depth, start)?;
                self.count(1, start)?;
                let flow = self.file.text().as_bytes().get(start) == Some(&b'[');
                let mut items = Vec::new();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if let Event::SequenceEnd = ev {
                        break if flow {
                            self.offset(&sp.end)
                        } else {
                            items.last().map_or(start, |n: &Node| n.span.end)
                        };
                    }
                    items.push(self.node(ev, sp, depth + 1)?);
                };
                let node = Node {
                    span: Span::new(start, end),
                    value: NodeValue::Seq(items),
                };
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::MappingStart(anchor, _tag) => {
                self.enter(depth, start)?;
                self.count(1, start)?;
                let flow = self.file.text().as_bytes().get(start) == Some(&b'{');
                let node = self.mapping(start, flow, depth)?;
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::Alias(id) => {
                let end = self.offset(&span.end);
                let alias_span = Span::new(start, end);
                let (target, size) = match self.anchors.get(&id) {
                    Some((n, size)) => (n, *size),
                    None => return Err(self.err(start, "invalid YAML: unknown anchor")),
                };
                if self.nodes.saturating_add(size) > self.limits.max_nodes {
                    return Err(self.err(
                        start,
                        format!(
                            "alias expansion exceeds the limit of {} nodes (a \"billion laughs\" file?)",
                            self.limits.max_nodes
                        ),
                    ));
                }
                let copy = respan(target, alias_span);
                self.count(size, start)?;
                Ok(copy)
            }
            _ => Err(self.err(start, "invalid YAML: unexpected event")),
        }
    }

    fn enter(&self, depth: usize, at: usize) -> Result<(), LoadError> {
        if depth >= self.limits.max_depth {
            return Err(self.err(
                at,
                format!(
                    "nesting is deeper than the limit of {} levels",
                    self.limits.max_depth
                ),
            ));
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size_of(node)));
        }
    }

    fn mapping(&mut self, start: usize, flow: bool, depth: usize) -> Result<Node, LoadError> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut index: Option<HashSet<String>> = None;
        let mut merges: Vec<Node> = Vec::new();
        let end = loop {
            let (ev, sp) = self.next()?;
            let key_start = self.offset(&sp.start);
            let (key, key_span, merge) = match ev {
                Event::MappingEnd => {
                    break if flow {
                        self.offset(&sp.end)
                    } else {
                        entries
                            .last()
                            .map_or(start, |e| e.value.span.end.max(e.key_span.end))
                            .max(merges.last().map_or(start, |m| m.span.end))
                    };
                }
                Event::Scalar(text, style, _, tag) => {
                    let key_end = self.offset(&sp.end);
                    let merge = style == ScalarStyle::Plain && tag.is_none() && text == "<<";
                    let key = resolve_scalar(&text, style, tag.as_deref())
                        .map(|v| key_string(v, &text))
                        .map_err(|m| self.err(key_start, m))?;
                    (key, Span::new(key_start, key_end), merge)
                }
                Event::Alias(id) => {
                    let key = match self.anchors.get(&id) {
                        Some((n, _)) => scalar_key(n),
                        None => None,
                    };
                    match key {
                        Some(k) => (k, Span::new(key_start, self.offset(&sp.end)), false),
                        None => return Err(self.err(key_start, "a mapping key must be a scalar")),
                    }
                }
                Event::MappingStart(..)
                    if self.file.text().get(..key_start).is_some_and(|t| t.ends_with('{')) =>
                {
                    return Err(self.err(
                        key_start,
                        "`{{` starts a YAML flow mapping with a mapping as its key: is this an unrendered template expression?",
                    ))
                }
                _ => return Err(self.err(key_start, "a mapping key must be a scalar (complex keys are not supported)")),
            };
            let (ev, sp) = self.next()?;
            let value = self.node(ev, sp, depth + 1)?;
            if merge {
                merges.push(value);
                continue;
            }
            let duplicate = match &mut index {
                Some(set) => !set.insert(key.clone()),
                None => {
                    let dup = entries.iter().any(|e| e.key == key);
                    if entries.len() >= 16 {
                        index = Some(
                            entries
                                .iter()
                                .map(|e| e.key.clone())
                                .chain([key.clone()])
                                .collect(),
                        );
                    }
                    dup
                }
            };
            if duplicate {
                let first = entries
                    .iter()
                    .find(|e| e.key == key)
                    .map(|e| self.file.location(e.key_span.start).line)
                    .unwrap_or(0);
                return Err(self.err(
                    key_span.start,
                    format!("duplicate key {key:?} (first defined at line {first})"),
                ));
            }
            entries.push(Entry {
                key,
                key_span,
                value,
            });
        };
        // Merge keys: explicit keys win; among merged mappings, earlier ones win.
        for source in merges {
            let sources: Vec<Node> = match source.value {
                NodeValue::Map(_) => vec![source],
                NodeValue::Seq(items) => items,
                _ => {
                    return Err(self.err(
                        source.span.start,
                        "a merge key (<<) needs a mapping or a list of mappings",
                    ))
                }
            };
            for src in sources {
                let NodeValue::Map(merged) = src.value else {
                    return Err(self.err(
                        src.span.start,
                        "a merge key (<<) needs a mapping or a list of mappings",
                    ));
                };
                for e in merged {
                    if !entries.iter().any(|x| x.key == e.key) {
                        entries.push(e);
                    }
                }
            }
        }
        Ok(Node {
            span: Span::new(start, end),
            value: NodeValue::Map(entries),
        })
    }
}

fn size_of(node: &Node) -> usize {
    1 + match &node.value {
        NodeValue::Seq(items) => items.iter().map(size_of).sum(),
        NodeValue::Map(entries) => entries.iter().map(|e| size_of(&e.value)).sum(),
        _ => 0,
    }
}

/// A copy of `node` whose every span is `span` (an alias: findings point at the alias site).
fn respan(node: &Node, span: Span) -> Node {
    Node {
        span,
        value: match &node.value {
            NodeValue::Seq(items) => {
                NodeValue::Seq(items.iter().map(|n| respan(n, span)).collect())
            }
            NodeValue::Map(entries) => NodeValue::Map(
                entries
                    .iter()
                    .map(|e| Entry {
                        key: e.key.clone(),
                        key_span: span,
                        value: respan(&e.value, span),
                    })
                    .collect(),
            ),
            other => other.clone(),
        },
    }
}

fn scalar_key(node: &Node) -> Option<String> {
    match &node.value {
        NodeValue::Seq(_) | NodeValue::Map(_) => None,
        v => Some(key_string(v.clone(), "")),
    }
}

/// Map keys become strings, as sigs.k8s.io/yaml makes them for JSON.
fn key_string(value: NodeValue, text: &str) -> String {
    match value {
        NodeValue::String(s) => s,
        NodeValue::Null => "null".to_string(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        _ => text.to_string(),
    }
}

fn is_core(tag: &Tag, suffix: &str) -> bool {
    (tag.handle == "!!" || tag.is_yaml_core_schema()) && tag.suffix == suffix
}

/// Resolves a scalar as go-yaml v2 does: quoted and block scalars are strings, plain ones follow
/// YAML 1.1 (booleans `y/yes/on/true…`, nulls, Go integer syntax, floats); core tags force a type.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<NodeValue, String> {
    if let Some(tag) = tag {
        let forced = |kind: &str| -> Result<NodeValue, String> {
            match (kind, resolve_plain(text)) {
                ("int", v @ NodeValue::Int(_)) => Ok(v),
                ("float", v @ (NodeValue::Int(_) | NodeValue::Float(_))) => Ok(match v {
                    NodeValue::Int(i) => NodeValue::Float(i as f64),
                    other => other,
                }),
                ("bool", v @ NodeValue::Bool(_)) => Ok(v),
                ("null", v @ NodeValue::Null) => Ok(v),
                _ => Err(format!("{text:?} is not a valid !!{kind}")),
            }
        };
        for kind in ["int", "float", "bool", "null"] {
            if is_core(tag, kind) {
                return forced(kind);
            }
        }
        if is_core(tag, "str")
            || is_core(tag, "binary")
            || (tag.handle == "!" && tag.suffix.is_empty())
        {
            return Ok(NodeValue::String(text.to_string()));
        }
        // Other tags (`!Ref`, …) do not change how the scalar reads.
    }
    if style != ScalarStyle::Plain {
        return Ok(NodeValue::String(text.to_string()));
    }
    Ok(resolve_plain(text))
}

/// YAML 1.1 resolution of a plain scalar (go-yaml v2 `resolve`).
pub fn resolve_plain(s: &str) -> NodeValue {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return NodeValue::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return NodeValue::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return NodeValue::Bool(false)
        }
        _ => {}
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return NodeValue::String(s.to_string());
    }
    let plain: Cow<'_, str> = if s.contains('_') {
        Cow::Owned(s.replace('_', ""))
    } else {
        Cow::Borrowed(s)
    };
    if let Some(i) = parse_go_int(&plain) {
        return match i64::try_from(i) {
            Ok(v) => NodeValue::Int(v),
            Err(_) => NodeValue::Float(i as f64),
        };
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return NodeValue::Float(f);
        }
    }
    NodeValue::String(s.to_string())
}

/// Go's `strconv.ParseInt(s, 0, 64)` (and `ParseUint`): sign, `0x`/`0o`/`0b` prefixes, a leading
/// `0` for octal. Values beyond 64 bits are `None`.
pub(crate) fn parse_go_int(s: &str) -> Option<i128> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = if let Some(r) = lower.strip_prefix("0x") {
        (16, r)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (8, r)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (2, r)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = u64::from_str_radix(body, radix).ok()? as i128;
    let v = if neg { -v } else { v };
    if v < i64::MIN as i128 {
        return None;
    }
    Some(v)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
pub(crate) fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod block_scalar_eof_tests {
    use super::*;

    #[test]
    fn a_block_scalar_at_the_end_of_a_file_without_a_newline_has_no_final_break() {
        let parse = |t: &str| {
            let f = SourceFile::new("t.yaml", "t.yaml", t.to_string());
            parse_yaml(&f, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))[0]
                .get("a")
                .and_then(Node::as_str)
                .map(str::to_string)
        };
        // As kustomize (go-yaml) and the YAML spec read them.
        assert_eq!(parse("a: |\n  x\n  y").as_deref(), Some("x\ny"));
        assert_eq!(parse("a: |\n  x\n  y\n").as_deref(), Some("x\ny\n"));
        assert_eq!(parse("a: |-\n  x\n").as_deref(), Some("x"));
        assert_eq!(parse("a: >\n  x\n  y").as_deref(), Some("x y"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn file(text: &str) -> Arc<SourceFile> {
        SourceFile::new("t.yaml", "t.yaml", text.to_string())
    }

    fn parse(text: &str) -> Vec<Node> {
        parse_yaml(&file(text), &Limits::default()).unwrap()
    }

    fn err(text: &str) -> LoadError {
        parse_yaml(&file(text), &Limits::default()).unwrap_err()
    }

    fn val(text: &str) -> NodeValue {
        parse(&format!("v: {text}\n"))[0]
            .get("v")
            .unwrap()
            .value
            .clone()
    }

    #[test]
    fn yaml_1_1_scalars_decode_as_kubernetes_does() {
        use NodeValue::*;
        for (text, want) in [
            ("yes", Bool(true)),
            ("On", Bool(true)),
            ("y", Bool(true)),
            ("off", Bool(false)),
            ("NO", Bool(false)),
            ("true", Bool(true)),
            ("0755", Int(493)),
            ("\"0755\"", String("0755".into())),
            ("'yes'", String("yes".into())),
            ("0x1F", Int(31)),
            ("0o17", Int(15)),
            ("0b101", Int(5)),
            ("-42", Int(-42)),
            ("+7", Int(7)),
            ("1_000", Int(1000)),
            ("1.5", Float(1.5)),
            (".5", Float(0.5)),
            ("1e3", Float(1000.0)),
            ("~", Null),
            ("null", Null),
            ("", Null),
            (".inf", String(".inf".into())),
            ("0.0.1", String("0.0.1".into())),
            ("100m", String("100m".into())),
            ("08", Float(8.0)), // not octal, so go-yaml v2 reads it as a float
            ("2001-12-14", String("2001-12-14".into())),
            ("18446744073709551615", Float(18446744073709551615.0)),
            ("!!str 123", String("123".into())),
            ("!!int \"12\"", Int(12)),
            ("!Ref web", String("web".into())),
        ] {
            assert_eq!(val(text), want, "{text}");
        }
    }

    #[test]
    fn spans_point_at_the_source_text() {
        let text = "# c\napiVersion: v1\nkind: Pod\nmetadata:\n  name: \"web\"\n  labels: {app: web}\nspec:\n  containers:\n  - name: app\n    ports:\n    - 80\n---\nkind: Service\n";
        let f = file(text);
        let docs = parse_yaml(&f, &Limits::default()).unwrap();
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        let name = d.get("metadata").unwrap().get("name").unwrap();
        assert_eq!(f.slice(name.span), "\"web\"");
        assert_eq!(
            f.location(name.span.start),
            crate::source::Location { line: 5, column: 9 }
        );
        let labels = d.get("metadata").unwrap().get("labels").unwrap();
        assert_eq!(f.slice(labels.span), "{app: web}");
        let c = &d
            .get("spec")
            .unwrap()
            .get("containers")
            .unwrap()
            .as_seq()
            .unwrap()[0];
        assert_eq!(f.location(c.span.start).line, 9);
        assert_eq!(f.slice(c.span), "name: app\n    ports:\n    - 80");
        let entry = d.get("metadata").unwrap().entry("name").unwrap();
        assert_eq!(f.slice(entry.key_span), "name");
        assert_eq!(f.location(d.span.start).line, 2);
        assert_eq!(f.location(docs[1].span.start).line, 13);
    }

    #[test]
    fn empty_values_and_documents() {
        let docs = parse("---\n# only a comment\n---\na:\nb: 1\n---\n...\n");
        assert_eq!(docs.len(), 1);
        let a = docs[0].get("a").unwrap();
        assert_eq!(a.value, NodeValue::Null);
        assert_eq!(a.span.start, a.span.end);
        assert!(parse("").is_empty());
    }

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "\u{feff}a: \"é\"\nb: ünï\nc: x\n";
        let f = file(text);
        let d = &parse_yaml(&f, &Limits::default()).unwrap()[0];
        let b = d.get("b").unwrap();
        assert_eq!(f.slice(b.span), "ünï");
        assert_eq!(f.slice(d.get("c").unwrap().span), "x");
        assert_eq!(
            f.location(d.get("c").unwrap().span.start),
            crate::source::Location { line: 3, column: 4 }
        );
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_second_key() {
        let e = err("kind: Pod\nmetadata:\n  name: a\n  name: b\n");
        assert_eq!((e.line, e.column), (4, 3));
        assert!(
            e.message
                .contains("duplicate key \"name\" (first defined at line 3)"),
            "{e}"
        );
        // Also in large mappings (hashed lookup).
        let mut big: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        big.push_str("k7: again\n");
        assert_eq!(err(&big).line, 41);
    }

    #[test]
    fn malformed_yaml_has_positions() {
        let e = err("a:\n\tb: 1\n");
        assert_eq!((e.line, e.column), (2, 1), "{e}");
        assert!(e.message.contains("tab"), "{e}");
        let e = err("a: \"unclosed\nb: 1\n");
        assert!(e.line >= 1 && e.message.starts_with("invalid YAML"), "{e}");
        let e = err("a: [1, 2\n");
        assert!(e.message.starts_with("invalid YAML"), "{e}");
        let e = err("a: b: c\n");
        assert_eq!(e.line, 1, "{e}");
        let e = err("? [a, b]\n: c\n");
        assert!(e.message.contains("scalar"), "{e}");
    }

    #[test]
    fn aliases_expand_at_the_alias_site_and_merge_keys_work() {
        let text = "base: &b\n  privileged: true\n  x: 1\nuse: *b\nmerged:\n  <<: *b\n  x: 2\n";
        let f = file(text);
        let d = &parse_yaml(&f, &Limits::default()).unwrap()[0];
        let used = d.get("use").unwrap().get("privileged").unwrap();
        assert_eq!(used.value, NodeValue::Bool(true));
        assert_eq!(f.slice(used.span), "*b");
        let merged = d.get("merged").unwrap();
        assert_eq!(merged.get("x").unwrap().value, NodeValue::Int(2));
        assert_eq!(
            merged.get("privileged").unwrap().value,
            NodeValue::Bool(true)
        );
        assert!(err("a: *nope\n").message.contains("unknown anchor"));
    }

    #[test]
    fn billion_laughs_fails_fast() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            let (p, c) = (w[0], w[1]);
            text.push_str(&format!(
                "{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            ));
        }
        // Bounded by the node limit, not by a clock (a timed assertion fails on a loaded machine).
        let e = err(&text);
        assert!(e.message.contains("alias expansion exceeds"), "{e}");
        assert!(e.line >= 6, "{e}");
    }

    /// go-yaml (Kubernetes, Helm) does not check indentation inside flow collections, and
    /// real charts rely on it (saphyr-parser is patched for this: vendor/saphyr-parser).
    #[test]
    fn flow_collections_may_close_at_any_column() {
        let docs = parse("spec:\n  command: [\n    \"sleep\", \"1\"\n  ]\n  b: {\n  c: 1\n  }\n");
        let spec = docs[0].get("spec").unwrap();
        let cmd: Vec<&str> = spec
            .get("command")
            .and_then(Node::as_seq)
            .unwrap()
            .iter()
            .filter_map(Node::as_str)
            .collect();
        assert_eq!(cmd, ["sleep", "1"]);
        assert_eq!(
            spec.get("b").unwrap().get("c").unwrap().value,
            NodeValue::Int(1)
        );
        let top = parse("command: [\na, b\n]\n");
        assert_eq!(
            top[0].get("command").and_then(Node::as_seq).unwrap().len(),
            2
        );
        // Block structure is still checked.
        assert!(err("a:\n  b: 1\n c: 2\n").message.contains("YAML"));
    }

    #[test]
    fn nesting_is_limited() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        let e = err(&deep);
        assert!(e.message.contains("nesting"), "{e}");
        let limits = Limits {
            max_documents: 2,
            ..Limits::default()
        };
        let e = parse_yaml(&file("a: 1\n---\na: 2\n---\na: 3\n"), &limits).unwrap_err();
        assert_eq!(e.line, 5);
    }

    #[test]
    fn mutated_input_never_panics() {
        let base = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {a: b}}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c  # x\n        image: \"nginx:1\"\n        args: [a, 'b', *x]\n        env: &e\n        - {name: A, value: |\n            multi}\n---\n<<: *e\n";
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let specials = b"[]{}:,-?*&!|>'\"#%@`\t\n ";
        for _ in 0..500 {
            let mut bytes = base.as_bytes().to_vec();
            for _ in 0..(1 + rnd() % 4) {
                let i = (rnd() as usize) % bytes.len();
                bytes[i] = specials[(rnd() as usize) % specials.len()];
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let _ = parse_yaml(&file(&text), &Limits::default());
        }
    }
}
