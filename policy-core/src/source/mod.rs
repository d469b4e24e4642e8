//! Sources: files as read from disk, their line index, spanned value trees and loading limits.
//!
//! Every file is read once into a [`SourceFile`] (shared as `Arc`), and every node of every
//! document parsed from it carries a [`Span`]: a byte range into that file's text. Lines and
//! columns are computed on demand from the file's [`LineIndex`].

pub mod confine;
pub mod discover;
pub mod git;
pub mod json;
pub(crate) mod walk;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file read from disk (or given as text), kept once and shared by every span into it.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    display: String,
    text: String,
    lines: LineIndex,
}

impl SourceFile {
    /// Builds a source file from its path and text. `display` is the name shown to users
    /// (relative to the working directory where possible).
    pub fn new(path: impl Into<PathBuf>, display: impl Into<String>, text: String) -> Arc<Self> {
        let lines = LineIndex::new(&text);
        Arc::new(SourceFile {
            path: path.into(),
            display: display.into(),
            text,
            lines,
        })
    }

    /// The path the file was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The name shown to users: relative to the working directory where possible, with `/`.
    pub fn name(&self) -> &str {
        &self.display
    }

    /// The whole text of the file.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The line index of the file.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn location(&self, offset: usize) -> Location {
        self.lines.location(&self.text, offset)
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// Several files in one address space, as in a compiler's source map: each file added gets a
/// base offset, and a [`Span`] of a document built from several files (a Kustomize build, a
/// rendered Helm template) is global: [`SourceMap::resolve`] turns it back into a file and a
/// span of that file. Base offsets leave a gap of one byte between files, so an end offset
/// never reaches the next file.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<(usize, Arc<SourceFile>)>,
    next: usize,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        SourceMap::default()
    }

    /// Adds `file` (once per file name) and returns its base offset: add it to the file's byte
    /// offsets to make global spans.
    pub fn add(&mut self, file: Arc<SourceFile>) -> usize {
        if let Some((base, _)) = self.files.iter().find(|(_, f)| f.name() == file.name()) {
            return *base;
        }
        let base = self.next;
        self.next = base + file.text().len() + 1;
        self.files.push((base, file));
        base
    }

    /// The file a global span falls in, and the span relative to that file.
    pub fn resolve(&self, span: Span) -> Option<(&Arc<SourceFile>, Span)> {
        let i = match self
            .files
            .binary_search_by(|(base, _)| base.cmp(&span.start))
        {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        let (base, file) = self.files.get(i)?;
        let len = file.text().len();
        let start = span.start - base;
        if start > len {
            return None;
        }
        Some((file, Span::new(start, (span.end - base).min(len))))
    }

    /// The files, in the order added.
    pub fn files(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.files.iter().map(|(_, f)| f)
    }
}

/// Byte offsets of line starts, for turning offsets into line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (`\n` ends a line; `\r\n` counts as one ending).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()));
        LineIndex { starts }
    }

    /// Number of lines (a file with no newline has one line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the index is empty (never: a text has at least one line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Byte offset where 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.starts.get(i).copied())
    }

    /// The 1-based line and column of a byte offset in `text` (columns count characters).
    pub fn location(&self, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let line_idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line_idx).copied().unwrap_or(0);
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start)
            + 1;
        Location {
            line: line_idx + 1,
            column,
        }
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

/// A 1-based line and column (the column counts characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A byte range into a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Inclusive start byte offset.
    pub start: usize,
    /// Exclusive end byte offset.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A node of a parsed document: a value and the span of the text that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node is written in its file. For an alias (`*a`) it is the alias site.
    pub span: Span,
    /// The decoded value.
    pub value: NodeValue,
}

/// The decoded value of a [`Node`], as Kubernetes decodes YAML and JSON (a JSON-like tree).
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `null`, `~` or an empty value.
    Null,
    /// A boolean (YAML 1.1: `yes`/`no`/`on`/`off`/`true`/`false`, …).
    Bool(bool),
    /// An integer that fits an `i64` (YAML 1.1: `0755` is octal, `0x1F` hex, `1_000`).
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order, keys unique.
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key, as a string (non-string YAML keys are stringified, as sigs.k8s.io/yaml does).
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The value under `key` if this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The entry under `key` if this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The string value, if this node is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The JSON type of the value, as Go's decoders name it in errors: `null`, `bool`,
    /// `number`, `string`, `array` or `object`.
    pub fn json_kind(&self) -> &'static str {
        match self.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "bool",
            NodeValue::Int(_) | NodeValue::Float(_) => "number",
            NodeValue::String(_) => "string",
            NodeValue::Seq(_) => "array",
            NodeValue::Map(_) => "object",
        }
    }

    /// The items, if this node is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// Converts the tree to a `serde_json::Value` (key order kept).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            NodeValue::Null => J::Null,
            NodeValue::Bool(b) => J::Bool(*b),
            NodeValue::Int(i) => J::from(*i),
            NodeValue::Float(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                .unwrap_or_else(|| J::String(f.to_string())),
            NodeValue::String(s) => J::String(s.clone()),
            NodeValue::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Limits on what a single file may make the loader do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes one file may produce, aliases expanded (a billion-laughs file stops here).
    pub max_nodes: usize,
    /// Most documents in one file.
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 * 1024 * 1024,
            max_depth: 128,
            max_nodes: 2_000_000,
            max_documents: 100_000,
        }
    }
}

/// An error reading or parsing a source file, with the place it concerns.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct LoadError {
    /// The file's display name.
    pub file: String,
    /// 1-based line (0 when the error concerns the whole file).
    pub line: usize,
    /// 1-based column (0 when the error concerns the whole file).
    pub column: usize,
    /// What went wrong.
    pub message: String,
    /// The text of the line the error points at, when known (shown under the error).
    pub excerpt: Option<String>,
    /// The units it concerns (their roots, as shown to users); empty outside a check.
    pub units: Vec<String>,
    /// Whether it stopped its units altogether (a Kustomize root that did not build, a chart
    /// that did not render): nothing of them was checked.
    pub unit_failed: bool,
}

impl LoadError {
    /// An error at a byte offset of `file`.
    pub fn at(file: &SourceFile, offset: usize, message: impl Into<String>) -> Self {
        let loc = file.location(offset);
        LoadError {
            file: file.name().to_string(),
            line: loc.line,
            column: loc.column,
            message: message.into(),
            excerpt: line_text(file.text(), loc.line),
            ..LoadError::default()
        }
    }

    /// An error concerning a whole file (it could not be read, say).
    pub fn whole_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        LoadError {
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            excerpt: None,
            ..LoadError::default()
        }
    }
}

/// The text of 1-based `line` of `text`, without its line ending.
pub fn line_text(text: &str, line: usize) -> Option<String> {
    let l = text.split('\n').nth(line.checked_sub(1)?)?;
    Some(l.strip_suffix('\r').unwrap_or(l).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_one_based_and_count_characters() {
        let f = SourceFile::new("a.yaml", "a.yaml", "ab\nçd: x\n".to_string());
        assert_eq!(f.location(0), Location { line: 1, column: 1 });
        assert_eq!(f.location(3), Location { line: 2, column: 1 });
        // 'ç' is two bytes; the ':' after "çd" is column 3.
        let colon = f.text().find(':').unwrap();
        assert_eq!(f.location(colon), Location { line: 2, column: 3 });
    }
}
