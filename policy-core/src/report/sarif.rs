//! SARIF 2.1.0 (GitHub code scanning, Azure DevOps, most security dashboards).
//!
//! One run; `tool.driver.rules` lists every rule of the gate, sorted by id, with its title,
//! description, remediation and severity; each finding is a result pointing at its region, with
//! its provenance spans as `relatedLocations`; input errors are tool execution notifications
//! with their locations, and make `executionSuccessful` false.

use serde_json::{json, Map, Value};

use crate::finding::{Finding, Severity};
use crate::rules::RuleInfo;
use crate::source::LoadError;
use crate::Report;

/// The SARIF level of a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` separators, and every byte outside the unreserved
/// and path characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(start: crate::source::Location, end: crate::source::Location) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line.max(start.line),
        "endColumn": if end.line > start.line { end.column } else { end.column.max(start.column) },
    })
}

fn location(file: &str, region: Option<Value>) -> Value {
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), json!({ "uri": uri(file) }));
    if let Some(r) = region {
        physical.insert("region".into(), r);
    }
    json!({ "physicalLocation": Value::Object(physical) })
}

fn rule_descriptor(r: &RuleInfo) -> Value {
    let mut d = Map::new();
    d.insert("id".into(), json!(r.id));
    if let Some(t) = &r.meta.title {
        d.insert("shortDescription".into(), json!({ "text": t }));
    }
    if let Some(desc) = &r.meta.description {
        d.insert("fullDescription".into(), json!({ "text": desc }));
    }
    let help = match (&r.meta.description, &r.meta.remediation) {
        (Some(d), Some(fix)) => Some(format!("{d}\n\nFix: {fix}")),
        (None, Some(fix)) => Some(format!("Fix: {fix}")),
        (Some(d), None) => Some(d.clone()),
        (None, None) => None,
    };
    if let Some(h) = help {
        d.insert("help".into(), json!({ "text": h }));
    }
    d.insert(
        "defaultConfiguration".into(),
        json!({ "level": level(r.severity) }),
    );
    let mut props = Map::new();
    props.insert("source".into(), json!(r.source));
    if !r.meta.related.is_empty() {
        props.insert("related".into(), json!(r.meta.related));
    }
    if let Some(kinds) = &r.meta.kinds {
        props.insert("kinds".into(), json!(kinds));
    }
    d.insert("properties".into(), Value::Object(props));
    Value::Object(d)
}

fn result(f: &Finding, rule_index: Option<usize>) -> Value {
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(f.rule));
    if let Some(i) = rule_index {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(f.severity)));
    let mut text = f.message.clone();
    if !f.resource.kind.is_empty() {
        text.push_str(&format!(" ({})", f.resource.display()));
    }
    r.insert("message".into(), json!({ "text": text }));
    r.insert(
        "locations".into(),
        json!([location(
            f.at.file.name(),
            Some(region(f.at.start(), f.at.end()))
        )]),
    );
    if !f.related.is_empty() {
        let related: Vec<Value> = f
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let mut l = location(
                    rel.at.file.name(),
                    Some(region(rel.at.start(), rel.at.end())),
                );
                if let Value::Object(m) = &mut l {
                    m.insert("id".into(), json!(i));
                    m.insert("message".into(), json!({ "text": rel.label }));
                }
                l
            })
            .collect();
        r.insert("relatedLocations".into(), Value::Array(related));
    }
    let mut props = Map::new();
    props.insert("unit".into(), json!(f.unit));
    if !f.resource.kind.is_empty() {
        props.insert(
            "resource".into(),
            json!({ "kind": f.resource.kind, "namespace": f.resource.namespace, "name": f.resource.name }),
        );
    }
    r.insert("properties".into(), Value::Object(props));
    Value::Object(r)
}

fn notification(e: &LoadError) -> Value {
    let region =
        (e.line > 0).then(|| json!({ "startLine": e.line, "startColumn": e.column.max(1) }));
    json!({
        "level": "error",
        "message": { "text": e.message },
        "locations": [location(&e.file, region)],
    })
}

/// Renders a report as SARIF 2.1.0 with `rules` as the driver's rule list.
pub fn sarif(report: &Report, rules: &[RuleInfo]) -> String {
    let sorted = super::sorted_rules(rules);
    let index = |id: &str| sorted.binary_search_by(|r| r.id.as_str().cmp(id)).ok();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "tollgate",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/tollgate-dev/tollgate",
                    "rules": sorted.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications":
                    report.errors.iter().map(notification).collect::<Vec<_>>(),
            }],
            "columnKind": "unicodeCodePoints",
            "results": report.findings.iter().map(|f| result(f, index(&f.rule))).collect::<Vec<_>>(),
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(uri("deploy/web app.yaml"), "deploy/web%20app.yaml");
        assert_eq!(uri("a\\b#c.yaml"), "a/b%23c.yaml");
        assert_eq!(uri("é.yaml"), "%C3%A9.yaml");
    }
}
