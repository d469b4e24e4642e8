use serde_json::{json, Value};

use crate::Report;

/// Renders a report as the stable JSON format (version 1): findings with 1-based lines and
/// columns, input errors and a summary.
pub fn json(report: &Report) -> String {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let start = f.at.start();
            let end = f.at.end();
            json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "message": f.message,
                "file": f.at.file.name(),
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "resource": {
                    "kind": f.resource.kind,
                    "namespace": f.resource.namespace,
                    "name": f.resource.name,
                },
                "unit": f.unit,
                "help": f.help,
                "related": f.related.iter().map(|r| {
                    let l = r.at.start();
                    json!({"file": r.at.file.name(), "line": l.line, "column": l.column, "label": r.label})
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let errors: Vec<Value> = report
        .errors
        .iter()
        .map(|e| json!({"file": e.file, "line": e.line, "column": e.column, "message": e.message}))
        .collect();
    let out = json!({
        "version": 1,
        "findings": findings,
        "errors": errors,
        "summary": {
            "files": report.files,
            "documents": report.documents,
            "findings": report.findings.len(),
            "errors": report.errors.len(),
        },
    });
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
