//! Findings: what a rule reports, where, and how severe.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::document::Resource;
use crate::source::{Location, SourceFile, Span};

/// How severe a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never blocks by default.
    Info,
    /// Should be fixed; blocks with `--fail-on warning`.
    Warning,
    /// Breaks safety or zero-downtime deployment; blocks by default.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" | "warn" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity {other:?} (expected error, warning or info)"
            )),
        }
    }
}

/// A place in a source file.
#[derive(Debug, Clone)]
pub struct SourceSpan {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The byte range.
    pub span: Span,
}

impl SourceSpan {
    /// The 1-based line and column of the start.
    pub fn start(&self) -> Location {
        self.file.location(self.span.start)
    }

    /// The 1-based line and column of the end (exclusive).
    pub fn end(&self) -> Location {
        self.file.location(self.span.end)
    }
}

/// A secondary place shown beside a finding, with a label.
#[derive(Debug, Clone)]
pub struct Related {
    /// Where.
    pub at: SourceSpan,
    /// What it is (e.g. `value set here`).
    pub label: String,
}

/// One finding of one rule on one document.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule's stable id (e.g. `privileged-container`).
    pub rule: String,
    /// How severe it is.
    pub severity: Severity,
    /// What is wrong, in the rule's words.
    pub message: String,
    /// Where: the exact node the rule's `path` named (clamped to its first line).
    pub at: SourceSpan,
    /// Secondary, labelled places (provenance).
    pub related: Vec<Related>,
    /// The resource the finding is about.
    pub resource: Resource,
    /// The unit the document came from (its root, as shown to users); with several, the first
    /// of [`units`](Finding::units).
    pub unit: String,
    /// Every unit that found it: a file shared by several units (a Kustomize base included by
    /// several overlays) gives one finding with every unit, not one per unit. Filled when a
    /// check's findings are merged; empty before.
    pub units: Vec<String>,
    /// How to fix it (the rule's remediation), if known.
    pub help: Option<String>,
}

impl Finding {
    /// The sort key: file, line, column, rule (then message, for total order).
    pub fn sort_key(&self) -> (String, Location, String, String) {
        (
            self.at.file.name().to_string(),
            self.at.start(),
            self.rule.clone(),
            self.message.clone(),
        )
    }
}

/// Clamps a span to the end of its first line (so a finding on a mapping shows one line).
pub fn first_line(file: &SourceFile, span: Span) -> Span {
    let text = file.text();
    let start = span.start.min(text.len());
    let end = span.end.min(text.len()).max(start);
    let line_end = text[start..end]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(end);
    let trimmed = text[start..line_end].trim_end();
    Span::new(start, start + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
        assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
        assert!("fatal".parse::<Severity>().is_err());
    }

    #[test]
    fn first_line_clamps_multiline_spans() {
        let f = SourceFile::new("a", "a", "a:\n  b: 1\n".to_string());
        assert_eq!(first_line(&f, Span::new(0, 9)), Span::new(0, 2));
    }
}
