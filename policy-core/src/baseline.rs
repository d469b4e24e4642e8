//! Baselines: adopt the gate on a repository with existing findings, and fail only on new ones.
//!
//! A baseline is a JSON file listing fingerprints of accepted findings. A fingerprint hashes the
//! rule, the file, the resource (kind, namespace, name) and the text of the offending node — not
//! its line — so it survives edits elsewhere in the file. Findings whose fingerprint is in the
//! baseline are removed from the report (counted); baseline entries no finding matched any more
//! are reported as `stale-baseline-entry` (info) at their line in the baseline file.
//!
//! ```
//! # use policy_core::baseline::Baseline;
//! let report = policy_core::Gate::builder().build()?.check(&["../testdata/examples".into()])?;
//! let text = Baseline::write(&report);
//! assert!(text.contains("\"fingerprint\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::finding::{first_line, Finding, Severity, SourceSpan};
use crate::source::{json::parse_json, Limits, LoadError, Node, NodeValue, Span};
use crate::Report;

/// The stable fingerprint of a finding: 16 hex digits of SHA-256 over the rule, the file, the
/// resource and the offending node's text with its whitespace collapsed.
pub fn fingerprint(f: &Finding) -> String {
    let text = f.at.file.slice(f.at.span);
    let text: Vec<&str> = text.split_whitespace().collect();
    let mut h = Sha256::new();
    for part in [
        f.rule.as_str(),
        f.at.file.name(),
        &f.resource.kind,
        &f.resource.namespace,
        &f.resource.name,
        &text.join(" "),
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A loaded baseline.
#[derive(Debug)]
pub struct Baseline {
    file: Arc<crate::source::SourceFile>,
    /// fingerprint → (how many findings it accepts, the spans of its entries).
    entries: BTreeMap<String, Vec<Span>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'a str,
    file: &'a str,
    resource: String,
    fingerprint: String,
    message: &'a str,
}

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    findings: Vec<Entry<'a>>,
}

impl Baseline {
    /// The baseline of a report: every finding, sorted as the report is.
    pub fn write(report: &Report) -> String {
        let findings = report
            .findings
            .iter()
            .map(|f| Entry {
                rule: &f.rule,
                file: f.at.file.name(),
                resource: f.resource.display(),
                fingerprint: fingerprint(f),
                message: &f.message,
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&Out {
            version: 1,
            findings,
        })
        .unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads a baseline file; a malformed one is an error at its line and column.
    pub fn load(path: &Path, display: &str) -> Result<Baseline, LoadError> {
        let fence = crate::source::confine::Fence::around(path);
        let file = crate::document::read_source(&fence, path, display, &Limits::default())?;
        let root = parse_json(&file, &Limits::default())?;
        let bad = |node: &Node, what: &str| LoadError::at(&file, node.span.start, what.to_string());
        let version = root.get("version");
        if !matches!(version.map(|v| &v.value), Some(NodeValue::Int(1))) {
            return Err(bad(
                version.unwrap_or(&root),
                "not a tollgate baseline (version 1)",
            ));
        }
        let Some(list) = root.get("findings").and_then(Node::as_seq) else {
            return Err(bad(&root, "a baseline needs a `findings` list"));
        };
        let mut entries: BTreeMap<String, Vec<Span>> = BTreeMap::new();
        for item in list {
            let Some(fp) = item.get("fingerprint").and_then(Node::as_str) else {
                return Err(bad(item, "baseline entry without a `fingerprint`"));
            };
            entries.entry(fp.to_string()).or_default().push(item.span);
        }
        Ok(Baseline { file, entries })
    }

    /// Removes the findings the baseline accepts (each entry accepts one finding); returns how
    /// many were removed, and adds a `stale-baseline-entry` info finding for each entry left
    /// unmatched.
    pub fn apply(&self, report: &mut Report) -> usize {
        let mut left = self.entries.clone();
        let before = report.findings.len();
        report.findings.retain(|f| {
            let Some(spans) = left.get_mut(&fingerprint(f)) else {
                return true;
            };
            if spans.is_empty() {
                return true;
            }
            spans.remove(0);
            false
        });
        let removed = before - report.findings.len();
        for (fp, spans) in left {
            for span in spans {
                report.findings.push(Finding {
                    rule: "stale-baseline-entry".to_string(),
                    severity: Severity::Info,
                    message: format!(
                        "baseline entry {fp} matches no finding any more: remove it (or rewrite the baseline)"
                    ),
                    at: SourceSpan {
                        file: Arc::clone(&self.file),
                        span: first_line(&self.file, span),
                    },
                    related: Vec::new(),
                    resource: Default::default(),
                    unit: self.file.name().to_string(),
                    units: Vec::new(),
                    help: None,
                });
            }
        }
        report.findings.sort_by_cached_key(Finding::sort_key);
        report.baselined += removed;
        removed
    }
}
