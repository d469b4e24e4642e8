use serde::Serialize;

use crate::finding::Finding;
use crate::source::LoadError;
use crate::Report;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    findings: Vec<FindingOut<'a>>,
    errors: Vec<ErrorOut<'a>>,
    checked: &'a [String],
    skipped: Vec<SkippedOut<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct SkippedOut<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    resource: ResourceOut<'a>,
    unit: &'a str,
    units: &'a [String],
    help: Option<&'a str>,
    related: Vec<RelatedOut<'a>>,
}

#[derive(Serialize)]
struct ResourceOut<'a> {
    kind: &'a str,
    namespace: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    label: &'a str,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    units: &'a [String],
    /// Whether the error stopped its units: nothing of them was checked.
    unit_failed: bool,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    documents: usize,
    findings: usize,
    errors: usize,
    suppressed: usize,
    baselined: usize,
    skipped: usize,
}

fn finding(f: &Finding) -> FindingOut<'_> {
    let start = f.at.start();
    let end = f.at.end();
    FindingOut {
        rule: &f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        file: f.at.file.name(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        resource: ResourceOut {
            kind: &f.resource.kind,
            namespace: &f.resource.namespace,
            name: &f.resource.name,
        },
        unit: &f.unit,
        units: &f.units,
        help: f.help.as_deref(),
        related: f
            .related
            .iter()
            .map(|r| {
                let l = r.at.start();
                RelatedOut {
                    file: r.at.file.name(),
                    line: l.line,
                    column: l.column,
                    label: &r.label,
                }
            })
            .collect(),
    }
}

fn error(e: &LoadError) -> ErrorOut<'_> {
    ErrorOut {
        file: &e.file,
        line: e.line,
        column: e.column,
        message: &e.message,
        units: &e.units,
        unit_failed: e.unit_failed,
    }
}

/// Renders a report as the stable JSON format (version 1): findings with 1-based lines and
/// columns (`unit` and every unit that found it in `units`), input errors (with the `units` they
/// concern, and `unit_failed` when they stopped them), the files skipped with their reasons, and
/// a summary. `checked` lists the files found under the checked paths that were checked, so
/// that with `skipped` every file is accounted for.
pub fn json(report: &Report) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail, and serde_json writes UTF-8.
    let _ = write_json(report, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// Writes the JSON format of [`json`] to `out` as it is serialized, without building it in
/// memory first.
pub fn write_json(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let doc = Out {
        version: 1,
        findings: report.findings.iter().map(finding).collect(),
        errors: report.errors.iter().map(error).collect(),
        checked: &report.checked,
        skipped: report
            .skipped
            .iter()
            .map(|s| SkippedOut {
                path: &s.path,
                reason: &s.reason,
            })
            .collect(),
        summary: Summary {
            files: report.files,
            documents: report.documents,
            findings: report.findings.len(),
            errors: report.errors.len(),
            suppressed: report.suppressed,
            baselined: report.baselined,
            skipped: report.skipped.len(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
