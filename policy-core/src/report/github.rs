//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::…`
//! — each finding becomes an annotation on the pull request's diff (errors as `error`, warnings
//! as `warning`, infos as `notice`); input errors are `error` annotations too.

use std::fmt::Write as _;

use crate::finding::Severity;
use crate::Report;

/// Escapes a command's message (GitHub's rules: `%`, CR and LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (the message rules plus `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Renders a report as GitHub workflow commands, one line per finding and input error, then a
/// summary line.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let (start, end) = (f.at.start(), f.at.end());
        let mut message = f.message.clone();
        if !f.resource.kind.is_empty() {
            message.push_str(&format!(" ({})", f.resource.display()));
        }
        if let Some(help) = &f.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            property(f.at.file.name()),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("tollgate {}", f.rule)),
            data(&message)
        );
    }
    for e in &report.errors {
        let position = if e.line > 0 {
            format!(",line={},col={}", e.line, e.column)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "::error file={}{position},title=tollgate input error::{}",
            property(&e.file),
            data(&e.message)
        );
    }
    let _ = writeln!(out, "tollgate: {}", super::counts_line(report));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_githubs_rules() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
