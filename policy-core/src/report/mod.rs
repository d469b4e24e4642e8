//! Output formats for findings: human (annotate-snippets, rustc style), JSON, SARIF 2.1.0,
//! JUnit XML and GitHub workflow commands; YAML and JSON streams for rendered documents.

mod catalogue;
mod github;
mod human;
mod json;
mod junit;
mod render;
mod sarif;

pub use catalogue::{catalogue, explain, rule_markdown, rules_index_markdown};
pub use github::github;
pub use human::{human, HumanOptions};
pub use json::{json, write_json};
pub use junit::junit;
pub use render::{render_json, render_yaml};
pub use sarif::sarif;

use crate::finding::Severity;
use crate::rules::RuleInfo;
use crate::Report;

/// The rules sorted by id, each id once (the order of every rule list in the reports).
pub(crate) fn sorted_rules(rules: &[RuleInfo]) -> Vec<&RuleInfo> {
    let mut sorted: Vec<&RuleInfo> = rules.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);
    sorted
}

/// The counts of a report's summary line (without a line end):
/// `N files, D documents: E errors, W warnings, I infos; X input errors` and, when files were
/// skipped, `; S skipped`.
pub(crate) fn counts_line(report: &Report) -> String {
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let mut line = format!(
        "{} files, {} documents: {} errors, {} warnings, {} infos; {} input errors",
        report.files,
        report.documents,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        report.errors.len()
    );
    if !report.skipped.is_empty() {
        line.push_str(&format!("; {} skipped", report.skipped.len()));
    }
    line
}
