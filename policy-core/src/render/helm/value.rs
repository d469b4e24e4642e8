//! The values a Go template works on, as Helm's engine sees them, with provenance.
//!
//! Go's `text/template` works on `interface{}` values; Helm hands it `map[string]interface{}`
//! trees decoded from YAML through JSON, so every number from a values file is a `float64`
//! (`{{ .Values.big }}` prints `1e+06`), while template literals are `int` and sprig's arithmetic
//! returns `int64`. [`Value`] keeps those distinctions because Go's comparison rules and
//! `typeOf`/`kindIs` depend on them.
//!
//! Provenance: every scalar, list and map that came from a values file carries the global
//! [`Span`](crate::source::Span) of its node (its [`Origin`]), and strings carry [`Mark`]s: byte
//! ranges of the string tagged with the template text, template action or values node that
//! produced them. Functions that move text around (`toYaml`, `indent`, `nindent`, `quote`,
//! `default`, `include`, string concatenation) move the marks with it; functions that compute new
//! text drop them, and the text is then attributed to the action that printed it.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::budget;
use crate::source::Span;

/// Where a value came from: the global span of its node in a values file, if it came from one.
pub type Origin = Option<Span>;

/// The entries of a Go map as Helm uses it (`map[string]interface{}`): keys sorted as Go sorts
/// them when it ranges over or prints a map.
pub type Map = BTreeMap<String, Value>;

/// A Go map value: a shared reference, as in Go. sprig's `set`, `unset`, `merge` and
/// `mergeOverwrite` change the map in place, and every holder of the map (`$ctx`, `.Values`)
/// sees the change, as charts rely on.
///
/// Locking: never hold a [`Dict::write`] guard while reading another dict that may be the
/// same map (`merge $d $d`): take a [`Dict::snapshot`] of the sources first. A map may contain
/// itself (`set $d "self" $d`), so every recursive walk over values must bound its depth.
#[derive(Clone, Default)]
pub struct Dict(Arc<RwLock<Map>>);

impl Dict {
    /// A new map holding `entries`.
    pub fn new(entries: Map) -> Self {
        Dict(Arc::new(RwLock::new(entries)))
    }

    /// Reads the entries.
    pub fn read(&self) -> RwLockReadGuard<'_, Map> {
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Changes the entries in place (seen by every holder of the map).
    pub fn write(&self) -> RwLockWriteGuard<'_, Map> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }

    /// A copy of the entries (the values inside are shared, not deep-copied).
    pub fn snapshot(&self) -> Map {
        self.read().clone()
    }

    /// Whether two values are the same map.
    pub fn ptr_eq(&self, other: &Dict) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    /// The value at `key` (cloned), if present.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.read().get(key).cloned()
    }
}

impl From<Map> for Dict {
    fn from(entries: Map) -> Self {
        Dict::new(entries)
    }
}

/// A template value.
#[derive(Clone)]
pub enum Value {
    /// Go's `nil` (an absent key under `missingkey=zero`, a YAML `null`).
    Nil,
    /// `bool`.
    Bool(bool, Origin),
    /// Go `int`: template literals, `len`, `atoi`, `int`.
    Int(i64, Origin),
    /// Go `int64`: `--set` integers, sprig arithmetic (`add`, `sub`, …), `int64`.
    Int64(i64, Origin),
    /// `float64`: every number of a values file or of `fromYaml`/`fromJson`.
    Float(f64, Origin),
    /// `string`, with the marks of its bytes.
    Str(Str),
    /// `[]interface{}`.
    List(Arc<Vec<Value>>, Origin),
    /// `map[string]interface{}`: a shared, mutable reference, as in Go (see [`Dict`]).
    Map(Dict, Origin),
    /// A Go struct or a value with methods (`.Files`, `.Capabilities`, `.Chart`).
    Object(Arc<dyn Object>),
}

/// A Go value with fields and methods that is not a plain map: `.Chart` (`*chart.Metadata`),
/// `.Files`, `.Capabilities` and its `APIVersions` and `KubeVersion`.
pub trait Object: Send + Sync {
    /// The Go type name `typeOf` prints (e.g. `*chart.Metadata`, `engine.files`).
    fn type_name(&self) -> &str;
    /// `.Name` on the object: `None` when the type has no such field or method (Go then fails
    /// with "can't evaluate field Name in type …").
    fn field(&self, name: &str) -> Option<Value>;
    /// `.Get "x"`: a method call. `None` when there is no such method; `Some(Err(_))` when the
    /// method itself fails (wrong arguments, a file outside the chart).
    fn call(&self, method: &str, args: &[Value]) -> Option<Result<Value, String>>;
    /// The object printed with `%v` (Go prints a struct as `{a b}`; `KubeVersion` prints
    /// `v1.31.0` through its `String` method).
    fn display(&self) -> String;
}

/// A string and the marks of its bytes.
#[derive(Clone, Default)]
pub struct Str {
    /// The text.
    pub text: Arc<str>,
    /// Marked byte ranges of `text`, sorted by start and not overlapping. Empty for most strings.
    pub marks: Marks,
}

/// The marks of a string (shared: most strings have none, and copying a string copies a pointer).
pub type Marks = Arc<[Mark]>;

/// A byte range of a string or of rendered output, and what produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Start byte offset (inclusive) in the string.
    pub start: u32,
    /// End byte offset (exclusive) in the string.
    pub end: u32,
    /// The global span of the producer (a span into a template or values file of the render's
    /// [`SourceMap`](crate::source::SourceMap)).
    pub span: Span,
    /// What kind of producer.
    pub kind: MarkKind,
}

/// What produced a marked range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Literal template text: byte `i` of the range was byte `span.start + i` of the template.
    Text,
    /// A template action (`{{ … }}`): the whole range was printed by the action at `span`.
    Action,
    /// A value of a values file: the range prints the value whose node is at `span`.
    Value,
}

impl Str {
    /// A string with no marks.
    pub fn plain(text: impl Into<Arc<str>>) -> Self {
        Str {
            text: text.into(),
            marks: Arc::from(Vec::new()),
        }
    }

    /// A string that prints a value from a values file: one [`MarkKind::Value`] mark over it all
    /// (none when `origin` is `None` or the string is empty).
    pub fn with_origin(text: impl Into<Arc<str>>, origin: Origin) -> Self {
        let text: Arc<str> = text.into();
        let marks: Vec<Mark> = match origin {
            Some(span) if !text.is_empty() => vec![Mark {
                start: 0,
                end: text.len() as u32,
                span,
                kind: MarkKind::Value,
            }],
            _ => Vec::new(),
        };
        Str {
            text,
            marks: Arc::from(marks),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The marks moved `by` bytes to the right (for text inserted after a prefix).
    pub fn shifted_marks(&self, by: usize) -> impl Iterator<Item = Mark> + '_ {
        self.marks.iter().map(move |m| Mark {
            start: m.start + by as u32,
            end: m.end + by as u32,
            ..*m
        })
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// Builds a marked string piece by piece (what `include`, `indent`, `toYaml` and the executor's
/// output buffer use).
#[derive(Default, Debug, Clone)]
pub struct StrBuilder {
    /// The text so far.
    pub text: String,
    /// The marks so far, in order.
    pub marks: Vec<Mark>,
}

impl StrBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        StrBuilder::default()
    }

    /// Appends text with no mark.
    ///
    /// Inside a metered function call (see the `budget` module) every append spends the bytes
    /// it copies (and its marks); once the budget is spent, appends do nothing and the executor
    /// fails the call.
    pub fn push_plain(&mut self, s: &str) {
        if budget::spend(s.len()) {
            self.text.push_str(s);
        }
    }

    /// Appends a marked string, keeping its marks.
    pub fn push_str(&mut self, s: &Str) {
        if !budget::spend(budget::str_bytes(s)) {
            return;
        }
        let at = self.text.len();
        self.text.push_str(&s.text);
        self.marks.extend(s.shifted_marks(at));
    }

    /// Appends text marked as a whole with `span` and `kind`.
    pub fn push_marked(&mut self, s: &str, span: Span, kind: MarkKind) {
        if s.is_empty() || !budget::spend(s.len().saturating_add(budget::MARK)) {
            return;
        }
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.marks.push(Mark {
            start,
            end: self.text.len() as u32,
            span,
            kind,
        });
    }

    /// The built string.
    pub fn finish(self) -> Str {
        Str {
            text: Arc::from(self.text),
            marks: Arc::from(self.marks),
        }
    }
}

impl Value {
    /// A string value with no marks.
    pub fn str(s: impl Into<Arc<str>>) -> Value {
        Value::Str(Str::plain(s))
    }

    /// An empty map.
    pub fn empty_map() -> Value {
        Value::Map(Dict::default(), None)
    }

    /// The values-file origin of the value (for a string: of a mark covering all of it).
    pub fn origin(&self) -> Origin {
        match self {
            Value::Nil | Value::Object(_) => None,
            Value::Bool(_, o)
            | Value::Int(_, o)
            | Value::Int64(_, o)
            | Value::Float(_, o)
            | Value::List(_, o)
            | Value::Map(_, o) => *o,
            Value::Str(s) => match &*s.marks {
                [m] if m.kind == MarkKind::Value
                    && m.start == 0
                    && m.end as usize == s.text.len() =>
                {
                    Some(m.span)
                }
                _ => None,
            },
        }
    }

    /// Go's truth: false, 0, nil, and empty strings, lists and maps are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b, _) => *b,
            Value::Int(i, _) | Value::Int64(i, _) => *i != 0,
            Value::Float(f, _) => *f != 0.0,
            Value::Str(s) => !s.text.is_empty(),
            Value::List(l, _) => !l.is_empty(),
            Value::Map(m, _) => !m.is_empty(),
            Value::Object(_) => true,
        }
    }

    /// The Go type name, as sprig's `typeOf` prints it.
    pub fn type_name(&self) -> &str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(..) => "bool",
            Value::Int(..) => "int",
            Value::Int64(..) => "int64",
            Value::Float(..) => "float64",
            Value::Str(_) => "string",
            Value::List(..) => "[]interface {}",
            Value::Map(..) => "map[string]interface {}",
            Value::Object(o) => o.type_name(),
        }
    }

    /// The Go kind name, as sprig's `kindOf` prints it (`map`, `slice`, `string`, `int`, …).
    pub fn kind_name(&self) -> &str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(..) => "bool",
            Value::Int(..) => "int",
            Value::Int64(..) => "int64",
            Value::Float(..) => "float64",
            Value::Str(_) => "string",
            Value::List(..) => "slice",
            Value::Map(..) => "map",
            Value::Object(o) => {
                if o.type_name().starts_with('*') {
                    "ptr"
                } else {
                    "struct"
                }
            }
        }
    }

    /// The string, if the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(&s.text),
            _ => None,
        }
    }

    /// The map, if the value is one.
    pub fn as_map(&self) -> Option<&Dict> {
        match self {
            Value::Map(m, _) => Some(m),
            _ => None,
        }
    }

    /// The list, if the value is one.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l, _) => Some(l),
            _ => None,
        }
    }

    /// Converts a parsed YAML/JSON node (spans global to the render's source map, i.e. already
    /// offset by the file's base) into a value as Helm decodes values files: numbers become
    /// `float64`, every node keeps its span as origin.
    pub fn from_node(node: &crate::source::Node, base: usize) -> Value {
        use crate::source::NodeValue;
        let origin = Some(Span::new(node.span.start + base, node.span.end + base));
        match &node.value {
            NodeValue::Null => Value::Nil,
            NodeValue::Bool(b) => Value::Bool(*b, origin),
            NodeValue::Int(i) => Value::Float(*i as f64, origin),
            NodeValue::Float(f) => Value::Float(*f, origin),
            NodeValue::String(s) => Value::Str(Str::with_origin(s.as_str(), origin)),
            NodeValue::Seq(items) => Value::List(
                Arc::new(items.iter().map(|n| Value::from_node(n, base)).collect()),
                origin,
            ),
            NodeValue::Map(entries) => Value::Map(
                Dict::new(
                    entries
                        .iter()
                        .map(|e| (e.key.clone(), Value::from_node(&e.value, base)))
                        .collect(),
                ),
                origin,
            ),
        }
    }

    /// Converts a JSON value (no provenance): numbers become `float64`, as Helm decodes JSON.
    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b, None),
            serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0), None),
            serde_json::Value::String(s) => Value::str(s.as_str()),
            serde_json::Value::Array(a) => {
                Value::List(Arc::new(a.iter().map(Value::from_json).collect()), None)
            }
            serde_json::Value::Object(o) => Value::Map(
                Dict::new(
                    o.iter()
                        .map(|(k, v)| (k.clone(), Value::from_json(v)))
                        .collect(),
                ),
                None,
            ),
        }
    }

    /// Converts to JSON (objects become `null`, non-finite floats `null`, maps nested deeper
    /// than 200 levels — a map that contains itself — `null`), for schema validation and uses
    /// that do not need provenance.
    pub fn to_json(&self) -> serde_json::Value {
        self.to_json_depth(0)
    }

    fn to_json_depth(&self, depth: usize) -> serde_json::Value {
        if depth > 200 {
            return serde_json::Value::Null;
        }
        match self {
            Value::Nil | Value::Object(_) => serde_json::Value::Null,
            Value::Bool(b, _) => serde_json::Value::Bool(*b),
            Value::Int(i, _) | Value::Int64(i, _) => serde_json::Value::from(*i),
            Value::Float(f, _) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::Str(s) => serde_json::Value::String(s.text.to_string()),
            Value::List(l, _) => {
                serde_json::Value::Array(l.iter().map(|v| v.to_json_depth(depth + 1)).collect())
            }
            Value::Map(m, _) => serde_json::Value::Object(
                m.read()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json_depth(depth + 1)))
                    .collect(),
            ),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("nil"),
            Value::Bool(b, _) => write!(f, "{b}"),
            Value::Int(i, _) => write!(f, "{i}"),
            Value::Int64(i, _) => write!(f, "int64({i})"),
            Value::Float(x, _) => write!(f, "float64({x})"),
            Value::Str(s) => write!(f, "{:?}", &*s.text),
            Value::List(l, _) => f.debug_list().entries(l.iter()).finish(),
            Value::Map(m, _) => f.debug_map().entries(m.snapshot().iter()).finish(),
            Value::Object(o) => write!(f, "{}({})", o.type_name(), o.display()),
        }
    }
}

impl PartialEq for Value {
    /// Deep equality of the data, ignoring provenance (Go's `reflect.DeepEqual` on the decoded
    /// values; `int` and `int64` differ as in Go; the same list or map is equal to itself).
    ///
    /// Inside a metered function call every compared pair of nodes spends from the budget, and
    /// a spent budget makes the values unequal (the executor then fails the call); past
    /// 1000 levels (a map that contains itself) only the same list or map is equal.
    fn eq(&self, other: &Self) -> bool {
        deep_eq(self, other, 0)
    }
}

/// How deep [`Value`]'s equality descends into nested lists and maps.
const MAX_EQ_DEPTH: usize = 1000;

fn deep_eq(a: &Value, b: &Value, depth: usize) -> bool {
    let cost = match a {
        Value::List(..) | Value::Map(..) => budget::COMPARE_NODE,
        _ => budget::COMPARE,
    };
    if !budget::spend(cost) {
        return false;
    }
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(a, _), Value::Bool(b, _)) => a == b,
        (Value::Int(a, _), Value::Int(b, _)) => a == b,
        (Value::Int64(a, _), Value::Int64(b, _)) => a == b,
        (Value::Float(a, _), Value::Float(b, _)) => a == b,
        (Value::Str(a), Value::Str(b)) => a.text == b.text,
        (Value::List(a, _), Value::List(b, _)) => {
            Arc::ptr_eq(a, b)
                || (depth < MAX_EQ_DEPTH
                    && a.len() == b.len()
                    && a.iter()
                        .zip(b.iter())
                        .all(|(x, y)| deep_eq(x, y, depth + 1)))
        }
        (Value::Map(a, _), Value::Map(b, _)) => {
            if a.ptr_eq(b) {
                return true;
            }
            if depth >= MAX_EQ_DEPTH {
                return false;
            }
            let (x, y) = (a.read(), b.read());
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((kx, vx), (ky, vy))| kx == ky && deep_eq(vx, vy, depth + 1))
        }
        (Value::Object(a), Value::Object(b)) => Arc::ptr_eq(a, b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_shifts_marks() {
        let inner = Str::with_origin("abc", Some(Span::new(10, 13)));
        let mut b = StrBuilder::new();
        b.push_plain("x: ");
        b.push_str(&inner);
        let s = b.finish();
        assert_eq!(s.as_str(), "x: abc");
        assert_eq!(s.marks.len(), 1);
        assert_eq!((s.marks[0].start, s.marks[0].end), (3, 6));
        assert_eq!(Value::Str(s).origin(), None);
        assert_eq!(Value::Str(inner).origin(), Some(Span::new(10, 13)));
    }

    #[test]
    fn go_truth() {
        assert!(!Value::Nil.truthy());
        assert!(!Value::Float(0.0, None).truthy());
        assert!(Value::str("0").truthy());
        assert!(!Value::empty_map().truthy());
    }
}
