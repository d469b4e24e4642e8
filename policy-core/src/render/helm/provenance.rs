//! Provenance of rendered Helm output: which template text, template action and values node
//! produced each byte of a rendered manifest.

use super::value::{Mark, MarkKind};
use crate::source::Span;

/// The marks of a chart's rendered manifests, in global offsets of the render's
/// [`SourceMap`](crate::source::SourceMap) (the rendered text of each template is a file of that
/// map, and the documents' spans point into it).
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Template text and action marks, sorted by start, not overlapping.
    emitted: Vec<Mark>,
    /// Values-file marks, sorted by start.
    values: Vec<Mark>,
    /// The global ranges of the template files, sorted: a traced span never crosses one.
    files: Vec<(usize, usize)>,
}

/// Where a span of rendered output comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    /// The template text or action that printed it (a global span).
    pub emitted: Span,
    /// The values-file nodes whose values it prints, in output order, without repeats (global
    /// spans).
    pub values: Vec<Span>,
}

impl Provenance {
    /// An empty provenance.
    pub fn new() -> Self {
        Provenance::default()
    }

    /// Records the global range of a template file (see [`SourceMap::add`](crate::source::SourceMap::add)).
    pub fn add_file(&mut self, base: usize, len: usize) {
        self.files.push((base, base + len));
        self.files.sort_unstable();
    }

    fn file_of(&self, at: usize) -> Option<(usize, usize)> {
        let i = self.files.partition_point(|(b, _)| *b <= at);
        let f = *self.files.get(i.checked_sub(1)?)?;
        (at <= f.1).then_some(f)
    }

    /// Adds the marks of one rendered text placed at global offset `base`.
    pub fn extend(&mut self, base: usize, marks: &[Mark]) {
        let (emitted_from, values_from) = (self.emitted.len(), self.values.len());
        for m in marks {
            let g = Mark {
                start: m.start + base as u32,
                end: m.end + base as u32,
                ..*m
            };
            match m.kind {
                MarkKind::Value => self.values.push(g),
                MarkKind::Text | MarkKind::Action => self.emitted.push(g),
            }
        }
        sort_from(&mut self.emitted, emitted_from);
        sort_from(&mut self.values, values_from);
    }

    fn emitted_at(&self, at: usize) -> Option<&Mark> {
        let i = self.emitted.partition_point(|m| (m.start as usize) <= at);
        let m = self.emitted.get(i.checked_sub(1)?)?;
        (at < m.end as usize).then_some(m)
    }

    /// Maps a span of rendered output to the template text that printed it: from where its
    /// first byte was printed to where its last byte was (literal template text maps byte for
    /// byte, an action to the whole `{{ … }}`), or only the first when the two are in different
    /// template files; and to the values nodes of the values printed inside it.
    pub fn trace(&self, span: Span) -> Option<Traced> {
        let first = self.emitted_at(span.start)?;
        let start = match first.kind {
            MarkKind::Text => first.span.start + (span.start - first.start as usize),
            _ => first.span.start,
        };
        let end_of = |m: &Mark, end: usize| match m.kind {
            MarkKind::Text => m.span.start + (end.min(m.end as usize) - m.start as usize),
            _ => m.span.end,
        };
        let last_byte = span.end.saturating_sub(1).max(span.start);
        let end = match self.emitted_at(last_byte) {
            Some(last)
                if last.span.start >= first.span.start
                    && self.file_of(first.span.start) == self.file_of(last.span.start) =>
            {
                end_of(last, span.end.max(span.start + 1))
            }
            _ => end_of(first, span.end.max(span.start + 1)),
        };
        let mut values: Vec<Span> = Vec::new();
        let lo = self
            .values
            .partition_point(|v| (v.end as usize) <= span.start);
        for v in &self.values[lo..] {
            if v.start as usize >= span.end.max(span.start + 1) {
                break;
            }
            if v.end as usize > span.start && !values.contains(&v.span) {
                values.push(v.span);
            }
        }
        Some(Traced {
            emitted: Span::new(start, end.max(start)),
            values,
        })
    }

    /// Whether all of `span` was printed by one action (a block `toYaml` printed, say), rather
    /// than assembled from template text and several actions.
    pub fn printed_by_one_action(&self, span: Span) -> bool {
        let last = span.end.saturating_sub(1).max(span.start);
        match (self.emitted_at(span.start), self.emitted_at(last)) {
            (Some(a), Some(b)) => a == b && a.kind == MarkKind::Action,
            _ => false,
        }
    }

    /// Whether the byte at global offset `at` is rendered output this provenance knows (in a
    /// Kustomize build that inflated a chart, other objects' spans are plain file spans).
    pub fn covers(&self, at: usize) -> bool {
        self.emitted_at(at).is_some()
    }

    /// Whether two spans of rendered output were printed by the same template text or action
    /// (a key and its value written together in a template, rather than a literal key whose
    /// value an action printed).
    pub fn same_producer(&self, a: Span, b: Span) -> bool {
        match (self.emitted_at(a.start), self.emitted_at(b.start)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }
}

/// Keeps `marks` sorted by start after marks were appended from `from` on. Rendered texts are
/// added at increasing offsets, each with its marks in order, so this only checks the appended
/// part and its boundary, and sorts everything only when that does not hold.
fn sort_from(marks: &mut [Mark], from: usize) {
    let start = from.saturating_sub(1);
    if !marks[start..].is_sorted_by_key(|m| m.start) {
        marks.sort_by_key(|m| m.start);
    }
}
