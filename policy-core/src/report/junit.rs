//! JUnit XML (GitLab, Jenkins, Azure DevOps test reports).
//!
//! One `<testsuite>` per unit, and in it one `<testcase>` per rule that applies to the unit's
//! documents (a rule with no `kinds` applies to all): a rule with findings at or above the
//! fail-on severity is a `<failure>` listing them; findings below it go to `<system-out>`.
//! Input errors form a last suite, `tollgate: input errors`, one `<error>` testcase per file.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::finding::{Finding, Severity};
use crate::rules::RuleInfo;
use crate::Report;

/// Escapes text for XML, dropping the control characters XML 1.0 cannot carry.
fn esc(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}

fn line(f: &Finding) -> String {
    let at = f.at.start();
    let mut s = format!(
        "{}:{}:{}: {} [{}] {}",
        f.at.file.name(),
        at.line,
        at.column,
        f.severity,
        f.rule,
        f.message
    );
    if !f.resource.kind.is_empty() {
        s.push_str(&format!(" ({})", f.resource.display()));
    }
    s
}

/// Renders a report as JUnit XML; `fail_on` decides which findings fail their test case.
pub fn junit(report: &Report, rules: &[RuleInfo], fail_on: Severity) -> String {
    let sorted = super::sorted_rules(rules);
    // Findings by unit, then rule (a finding of an id not in `rules`, e.g. not-yet-checked,
    // is its own test case).
    let mut by_unit: BTreeMap<&str, BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
    for f in &report.findings {
        by_unit
            .entry(f.unit.as_str())
            .or_default()
            .entry(f.rule.as_str())
            .or_default()
            .push(f);
    }
    let mut suites = String::new();
    let (mut total, mut total_failures) = (0usize, 0usize);
    let mut units: Vec<&crate::UnitSummary> = report.units.iter().collect();
    units.sort_by(|a, b| a.name.cmp(&b.name));
    for unit in units {
        let findings = by_unit.remove(unit.name.as_str()).unwrap_or_default();
        let mut cases: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        for r in &sorted {
            let applies = match &r.meta.kinds {
                None => !unit.document_kinds.is_empty(),
                Some(k) => k
                    .iter()
                    .any(|k| k == "*" || unit.document_kinds.contains(k)),
            };
            if applies {
                cases.insert(r.id.as_str(), Vec::new());
            }
        }
        for (rule, fs) in findings {
            cases.insert(rule, fs);
        }
        let failures = cases
            .values()
            .filter(|fs| fs.iter().any(|f| f.severity >= fail_on))
            .count();
        total += cases.len();
        total_failures += failures;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            esc(&unit.name),
            cases.len(),
            failures
        );
        for (rule, fs) in cases {
            let _ = write!(
                suites,
                "    <testcase name=\"{}\" classname=\"{}\"",
                esc(rule),
                esc(&unit.name)
            );
            if fs.is_empty() {
                suites.push_str("/>\n");
                continue;
            }
            suites.push_str(">\n");
            let (failing, other): (Vec<&Finding>, Vec<&Finding>) =
                fs.into_iter().partition(|f| f.severity >= fail_on);
            if let Some(first) = failing.first() {
                let body: Vec<String> = failing.iter().map(|f| line(f)).collect();
                let _ = writeln!(
                    suites,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    esc(&first.message),
                    first.severity,
                    esc(&body.join("\n"))
                );
            }
            if !other.is_empty() {
                let body: Vec<String> = other.iter().map(|f| line(f)).collect();
                let _ = writeln!(
                    suites,
                    "      <system-out>{}</system-out>",
                    esc(&body.join("\n"))
                );
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    if !report.errors.is_empty() {
        let mut by_file: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for e in &report.errors {
            by_file
                .entry(e.file.as_str())
                .or_default()
                .push(e.to_string());
        }
        total += by_file.len();
        let _ = writeln!(
            suites,
            "  <testsuite name=\"tollgate: input errors\" tests=\"{}\" failures=\"0\" errors=\"{}\">",
            by_file.len(),
            by_file.len()
        );
        for (file, msgs) in &by_file {
            let _ = writeln!(
                suites,
                "    <testcase name=\"{}\" classname=\"input\">\n      <error message=\"{}\">{}</error>\n    </testcase>",
                esc(file),
                esc(msgs.first().map(String::as_str).unwrap_or("")),
                esc(&msgs.join("\n"))
            );
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tollgate\" tests=\"{total}\" failures=\"{total_failures}\" errors=\"{}\">\n{suites}</testsuites>\n",
        report.errors.len()
    )
}
