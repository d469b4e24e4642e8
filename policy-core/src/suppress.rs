//! Suppressions: findings a team has looked at and accepted, written beside the code.
//!
//! - A comment `# tollgate:ignore=<rule>[,<rule>…] <reason>` (YAML) or `-- tollgate:ignore=…`
//!   (SQL) suppresses those rules' findings on its own line (a trailing comment) or on the next
//!   line (a comment on a line of its own).
//! - The same comment among the comments that open a YAML document (before its first key)
//!   covers the whole document; in SQL, before the first statement, the whole file.
//! - The annotation `tollgate.io/ignore: "<rule>[,<rule>…] <reason>"` on a Kubernetes object
//!   covers that object's document.
//!
//! `all` stands for every rule. A suppression without a reason is itself a warning
//! (`suppression-without-reason`); one that suppresses nothing is an info finding
//! (`unused-suppression`). Suppressed findings are counted in the report.

use std::sync::Arc;

use crate::document::Document;
use crate::finding::{first_line, Finding, Severity, SourceSpan};
use crate::source::{SourceFile, Span};

const MARKER: &str = "tollgate:ignore=";

/// The annotation that suppresses rules for a whole Kubernetes object.
pub const ANNOTATION: &str = "tollgate.io/ignore";

/// One suppression, with the lines it covers.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// Where it is written.
    pub at: SourceSpan,
    /// The rule ids it names (`all` for every rule).
    pub rules: Vec<String>,
    /// Why, as written after the rule list.
    pub reason: Option<String>,
    /// The 1-based lines it covers, inclusive.
    pub lines: (usize, usize),
}

impl Suppression {
    fn matches(&self, f: &Finding) -> bool {
        let line = f.at.start().line;
        self.at.file.name() == f.at.file.name()
            && (self.lines.0..=self.lines.1).contains(&line)
            && self.rules.iter().any(|r| r == "all" || *r == f.rule)
    }
}

/// Splits `rule,rule reason` into the rules and the reason.
fn parse_list(text: &str) -> (Vec<String>, Option<String>) {
    let text = text.trim();
    let (list, reason) = match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    };
    let rules = list
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    let reason = (!reason.is_empty()).then(|| reason.to_string());
    (rules, reason)
}

/// The 1-based first and last lines of a document's root node.
fn document_lines(doc: &Document) -> (usize, usize) {
    let (file, span) = doc.resolve(doc.root.span);
    let start = file.location(span.start).line;
    let end = file
        .location(span.end.saturating_sub(1).max(span.start))
        .line;
    (start, end.max(start))
}

/// The comment suppressions of a file (`#` comments, or `--` when `is_sql`, which also selects
/// SQL's file-level scope). The file's `documents` give YAML's document scope.
pub fn scan_comments(
    file: &Arc<SourceFile>,
    documents: &[Document],
    is_sql: bool,
) -> Vec<Suppression> {
    let text = file.text();
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let documents: Vec<(usize, usize)> = documents.iter().map(document_lines).collect();
    let comment = if is_sql { "--" } else { "#" };
    let lines: Vec<&str> = text.lines().collect();
    let total = lines.len().max(1);
    let mut out = Vec::new();
    let mut offset = 0;
    let mut seen_code = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let own_line = trimmed.starts_with(comment);
        let Some(pos) = line.find(MARKER) else {
            if !trimmed.trim().is_empty() && !own_line && trimmed.trim() != "---" {
                seen_code = true;
            }
            continue;
        };
        // The marker must sit in a comment: a comment marker before it on the line.
        let Some(cpos) = line[..pos].rfind(comment) else {
            continue;
        };
        if !line[cpos + comment.len()..pos].trim().is_empty() {
            continue;
        }
        let (rules, reason) = parse_list(&line[pos + MARKER.len()..]);
        if rules.is_empty() {
            continue;
        }
        let span = first_line(file, Span::new(start + cpos, start + line.len()));
        let lines = if !own_line {
            (n, n)
        } else if is_sql && !seen_code {
            (1, total)
        } else {
            // The next line that is not a comment or blank.
            let next = (i + 1..lines.len())
                .find(|&j| {
                    let t = lines[j].trim();
                    !t.is_empty() && !t.starts_with(comment)
                })
                .map(|j| j + 1)
                .unwrap_or(n + 1);
            match documents.iter().find(|(s, _)| *s == next) {
                Some(&(s, e)) if !is_sql => (s, e),
                _ => (next, next),
            }
        };
        out.push(Suppression {
            at: SourceSpan {
                file: Arc::clone(file),
                span,
            },
            rules,
            reason,
            lines,
        });
    }
    out
}

/// The suppression of a Kubernetes object's `tollgate.io/ignore` annotation, covering its
/// document.
pub fn from_annotation(doc: &Document) -> Option<Suppression> {
    let entry = doc
        .root
        .get("metadata")?
        .get("annotations")?
        .entry(ANNOTATION)?;
    let value = entry.value.as_str()?;
    let (rules, reason) = parse_list(value);
    if rules.is_empty() {
        return None;
    }
    let (file, span) = doc.resolve(Span::new(entry.key_span.start, entry.value.span.end));
    Some(Suppression {
        at: SourceSpan {
            span: first_line(&file, span),
            file,
        },
        rules,
        reason,
        lines: document_lines(doc),
    })
}

fn meta_finding(
    s: &Suppression,
    rule: &str,
    severity: Severity,
    message: String,
    unit: &str,
) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity,
        message,
        at: s.at.clone(),
        related: Vec::new(),
        resource: Default::default(),
        unit: unit.to_string(),
        units: Vec::new(),
        help: None,
    }
}

/// Removes the findings that `suppressions` cover; returns how many were removed, and adds the
/// findings about the suppressions themselves (without a reason; unused).
pub fn apply(findings: &mut Vec<Finding>, suppressions: &[Suppression], unit: &str) -> usize {
    if suppressions.is_empty() {
        return 0;
    }
    let mut used = vec![false; suppressions.len()];
    let before = findings.len();
    findings.retain(|f| {
        let mut hit = false;
        for (i, s) in suppressions.iter().enumerate() {
            if s.matches(f) {
                used[i] = true;
                hit = true;
            }
        }
        !hit
    });
    let suppressed = before - findings.len();
    for (s, used) in suppressions.iter().zip(used) {
        let names = s.rules.join(",");
        if s.reason.is_none() {
            findings.push(meta_finding(
                s,
                "suppression-without-reason",
                Severity::Warning,
                format!("tollgate:ignore={names} gives no reason: say why the finding is accepted, after the rule list"),
                unit,
            ));
        }
        if !used {
            findings.push(meta_finding(
                s,
                "unused-suppression",
                Severity::Info,
                format!("tollgate:ignore={names} suppresses nothing here: remove it"),
                unit,
            ));
        }
    }
    suppressed
}
