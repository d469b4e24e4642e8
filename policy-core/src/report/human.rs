use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use rayon::prelude::*;

use crate::finding::{Finding, Severity};
use crate::source::LoadError;
use crate::Report;

/// Options of the human format.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// Colour the output (ANSI). Callers decide: only on a terminal, never with `NO_COLOR`.
    pub color: bool,
    /// List the files skipped, with their reasons, before the summary (`--verbose`).
    pub verbose: bool,
}

fn level(sev: Severity) -> Level<'static> {
    match sev {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// The source lines a span covers, the offset of their start, and the first line's number.
fn excerpt(text: &str, start: usize, end: usize) -> (&str, usize, usize) {
    let start = start.min(text.len());
    let end = end.min(text.len()).max(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let line_no = text[..line_start].bytes().filter(|b| *b == b'\n').count() + 1;
    (&text[line_start..line_end], line_start, line_no)
}

fn render_finding(renderer: &Renderer, f: &Finding) -> String {
    let text = f.at.file.text();
    let (src, base, line_no) = excerpt(text, f.at.span.start, f.at.span.end);
    let mut span = (f.at.span.start - base)..(f.at.span.end - base);
    if span.is_empty() {
        // Point at the line's first non-blank character rather than at nothing.
        let indent = src.len() - src.trim_start().len();
        let width = src.trim().len().max(1);
        span = indent..(indent + width).min(src.len().max(indent));
    }
    let mut label = String::new();
    if !f.resource.kind.is_empty() {
        label = f.resource.display();
    }
    let snippet = Snippet::source(src)
        .line_start(line_no)
        .path(f.at.file.name())
        .annotation(AnnotationKind::Primary.span(span).label(label));
    let mut group = level(f.severity)
        .primary_title(f.message.as_str())
        .id(f.rule.as_str())
        .element(snippet);
    for r in &f.related {
        let rtext = r.at.file.text();
        let (rsrc, rbase, rline) = excerpt(rtext, r.at.span.start, r.at.span.end);
        group = group.element(
            Snippet::source(rsrc)
                .line_start(rline)
                .path(r.at.file.name())
                .annotation(
                    AnnotationKind::Context
                        .span((r.at.span.start - rbase)..(r.at.span.end - rbase))
                        .label(r.label.as_str()),
                ),
        );
    }
    let via;
    if f.units.len() > 1 {
        via = format!("via: {}", f.units.join(", "));
        group = group.element(Level::NOTE.message(via.as_str()));
    }
    if let Some(help) = &f.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let report: [Group<'_>; 1] = [group];
    renderer.render(&report)
}

fn render_error(renderer: &Renderer, e: &LoadError) -> String {
    let title = Level::ERROR.primary_title(e.message.as_str());
    let lost = (e.unit_failed && !e.units.is_empty())
        .then(|| format!("not checked because of this error: {}", e.units.join(", ")));
    let report = match (&e.excerpt, e.line) {
        (Some(line), n) if n > 0 => {
            // Columns count characters; the caret goes under the character at that column.
            let start = line
                .char_indices()
                .nth(e.column.saturating_sub(1))
                .map_or(line.len(), |(i, _)| i);
            let end = line[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            let mut group = Group::with_title(title).element(
                Snippet::source(line.as_str())
                    .line_start(n)
                    .path(e.file.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            );
            if let Some(lost) = &lost {
                group = group.element(Level::NOTE.message(lost.as_str()));
            }
            [group]
        }
        _ => {
            let origin = if e.line > 0 {
                format!("{}:{}:{}", e.file, e.line, e.column)
            } else {
                e.file.clone()
            };
            let mut group =
                Group::with_title(title).element(annotate_snippets::Origin::path(origin));
            if let Some(lost) = &lost {
                group = group.element(Level::NOTE.message(lost.as_str()));
            }
            [group]
        }
    };
    renderer.render(&report)
}

/// Renders a report for people: each finding rustc-style (headline with severity and rule id,
/// the source line with the caret under the exact span, the resource, a `help:` line), then the
/// input errors, then a summary line.
pub fn human(report: &Report, options: HumanOptions) -> String {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Findings render independently: in parallel (on the caller's rayon pool, see
    // `Gate::install`), joined in order.
    let rendered: Vec<String> = report
        .findings
        .par_iter()
        .map(|f| render_finding(&renderer, f))
        .collect();
    let mut out = String::with_capacity(rendered.iter().map(|r| r.len() + 2).sum::<usize>());
    for r in rendered {
        out.push_str(&r);
        out.push_str("\n\n");
    }
    for e in &report.errors {
        out.push_str(&render_error(&renderer, e));
        out.push_str("\n\n");
    }
    if options.verbose && !report.skipped.is_empty() {
        out.push_str("skipped:\n");
        for s in &report.skipped {
            let _ = writeln!(out, "  {}: {}", s.path, s.reason);
        }
        out.push('\n');
    }
    out.push_str(&super::counts_line(report));
    if report.suppressed > 0 {
        let _ = write!(out, "; {} suppressed", report.suppressed);
    }
    if report.baselined > 0 {
        let _ = write!(out, "; {} in the baseline", report.baselined);
    }
    out.push('\n');
    out
}
