//! The entry points of a build beyond [`build`](super::build): with a [`Fence`] and a file
//! reader ([`build_with`]), with kubectl's options ([`Options`]: the load restrictor), with
//! what overlays removed from each object ([`Built`], [`Removal`]) and with the files the
//! build read ([`build_traced`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{removals, to_load_error, Build, FileReader};
use crate::document::{Document, PathSeg};
use crate::finding::{first_line, Related, SourceSpan};
use crate::source::confine::{Fence, Refusal};
use crate::source::{Limits, LoadError, SourceMap, Span};

pub use super::removals::How as RemovalHow;

/// [`build`](super::build) inside `fence` (the checked root: nothing outside it is read),
/// reading file contents with `reader` when given (`tollgate check --staged` reads the index,
/// so that a hook checks what is committed). Same as [`build_with_options`] with the default
/// [`Options`].
pub fn build_with(
    dir: &Path,
    fence: &Fence,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
    reader: Option<&FileReader<'_>>,
) -> Result<Vec<Document>, LoadError> {
    build_with_options(dir, fence, display, limits, reader, &Options::default())
}

/// kustomize's `--load-restrictor`: which files a kustomization may read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum LoadRestrictor {
    /// `LoadRestrictionsRootOnly`, kustomize's default: the files a kustomization reads
    /// (resources, patches, generator inputs, `configurations`, `replacements` files, values
    /// files, …) must be in or below its own directory. Other kustomization roots
    /// (`resources`, `components`) may be anywhere.
    #[default]
    RootOnly,
    /// `LoadRestrictionsNone`: a kustomization may read files anywhere — but still never
    /// outside the build's [`Fence`], which stays the boundary of everything read.
    None,
}

impl LoadRestrictor {
    /// The flag's value, as kustomize spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            LoadRestrictor::RootOnly => "LoadRestrictionsRootOnly",
            LoadRestrictor::None => "LoadRestrictionsNone",
        }
    }
}

impl std::str::FromStr for LoadRestrictor {
    type Err = String;

    /// `LoadRestrictionsRootOnly` or `LoadRestrictionsNone` (kustomize's flag values).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "LoadRestrictionsRootOnly" => Ok(LoadRestrictor::RootOnly),
            "LoadRestrictionsNone" => Ok(LoadRestrictor::None),
            other => Err(format!(
                "illegal value {other:?} for the load restrictor; legal values: LoadRestrictionsRootOnly, LoadRestrictionsNone"
            )),
        }
    }
}

/// How to build (what `kubectl kustomize` takes as flags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `--load-restrictor` (default: root only).
    pub load_restrictor: LoadRestrictor,
}

/// [`build_with`] with [`Options`] (e.g. `--load-restrictor LoadRestrictionsNone`).
pub fn build_with_options(
    dir: &Path,
    fence: &Fence,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
    reader: Option<&FileReader<'_>>,
    options: &Options,
) -> Result<Vec<Document>, LoadError> {
    build_with_removals(dir, fence, display, limits, reader, options)
        .map(|built| built.into_iter().map(|b| b.document).collect())
}

/// A field or list item an overlay's patch removed from a built object (a JSON 6902 `remove`,
/// a strategic merge `$patch: delete` or `null`): nothing of it is left in the document, so
/// this says where it was and which line removed it.
#[derive(Debug, Clone)]
pub struct Removal {
    /// Where it was in the built document: the removed field's path (its parent's path and its
    /// key) or, for a removed list item, the list's path.
    pub path: Vec<PathSeg>,
    /// Whether a list item was removed (then `path` is the list's).
    pub item: bool,
    /// The line that removed it: the JSON 6902 operation, the `$patch: delete` directive, the
    /// `key: null` entry.
    pub at: SourceSpan,
    /// How it was removed.
    pub how: RemovalHow,
}

impl Removal {
    /// Whether a finding at `path` (a rule's path into the document) concerns what was
    /// removed: the removal is at or below `path` (a finding about a container that has no
    /// `readinessProbe` since the overlay removed it), or `path` is inside the removed field.
    pub fn concerns(&self, path: &[PathSeg]) -> bool {
        self.path.starts_with(path) || (!self.item && path.starts_with(&self.path))
    }

    /// The label of the related span: `` `readinessProbe` removed here (`$patch: delete`) ``.
    pub fn label(&self) -> String {
        let what = match (self.item, self.path.last()) {
            (false, Some(PathSeg::Key(k))) => format!("`{k}`"),
            (true, Some(PathSeg::Key(k))) => format!("an item of `{k}`"),
            _ => "a list item".to_string(),
        };
        format!("{what} removed here ({})", self.how.describe())
    }

    /// As a related span of a finding (the removing line, clamped to its first line).
    pub fn related(&self) -> Related {
        Related {
            at: SourceSpan {
                file: Arc::clone(&self.at.file),
                span: first_line(&self.at.file, self.at.span),
            },
            label: self.label(),
        }
    }
}

/// The related spans a finding at `path` of a built document gets from its removals (at most
/// three, in build order).
pub fn removal_related(removals: &[Removal], path: &[PathSeg]) -> Vec<Related> {
    removals
        .iter()
        .filter(|r| r.concerns(path))
        .take(3)
        .map(Removal::related)
        .collect()
}

/// One built object: its document, and what overlays removed from it.
#[derive(Debug, Clone)]
pub struct Built {
    /// The document, as [`build_with`] returns it.
    pub document: Document,
    /// What patches removed from it, in the order they did (those a later step undid left
    /// out).
    pub removals: Vec<Removal>,
}

/// [`build_with_options`], keeping what overlays removed from each object ([`Built`]).
pub fn build_with_removals(
    dir: &Path,
    fence: &Fence,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
    reader: Option<&FileReader<'_>>,
    options: &Options,
) -> Result<Vec<Built>, LoadError> {
    build_traced_with(dir, fence, display, limits, reader, options).0
}

/// [`build_with`], and the files the build read (sorted, each once; also when it fails): its
/// kustomization files, resources, patches, generator inputs, configuration files and the
/// files of the charts it inflated.
pub fn build_traced(
    dir: &Path,
    fence: &Fence,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
    reader: Option<&FileReader<'_>>,
) -> (Result<Vec<Document>, LoadError>, Vec<PathBuf>) {
    let (built, read) = build_traced_with(dir, fence, display, limits, reader, &Options::default());
    (
        built.map(|b| b.into_iter().map(|b| b.document).collect()),
        read,
    )
}

/// Everything a build gives: each object with its removals ([`Built`]), and the files the
/// build read (as [`build_traced`]), with [`Options`].
pub fn build_traced_with(
    dir: &Path,
    fence: &Fence,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
    reader: Option<&FileReader<'_>>,
    options: &Options,
) -> (Result<Vec<Built>, LoadError>, Vec<PathBuf>) {
    let dir_abs = match fence.resolve(dir) {
        Ok(d) => d,
        Err(e) => {
            let message = match e {
                Refusal::Io(e) => format!("cannot read directory: {e}"),
                other => other.to_string(),
            };
            return (
                Err(LoadError::whole_file(display(dir), message)),
                Vec::new(),
            );
        }
    };
    let fence = fence.clone();
    let mut b = Build {
        reader,
        map: SourceMap::new(),
        provenance: None,
        vars: Vec::new(),
        openapi: Default::default(),
        meta: Default::default(),
        display,
        limits,
        stack: Vec::new(),
        fence,
        restrictor: options.load_restrictor,
        read_binary: Vec::new(),
    };
    let result = b.top(&dir_abs);
    let map = Arc::new(std::mem::take(&mut b.map));
    let mut read: Vec<PathBuf> = map
        .files()
        .map(|f| f.path().to_path_buf())
        .chain(std::mem::take(&mut b.read_binary))
        .collect();
    read.sort();
    read.dedup();
    let provenance = b.provenance.take().map(Arc::new);
    let resolve = |span: Span| -> Option<SourceSpan> {
        let span = provenance
            .as_deref()
            .and_then(|p| p.trace(span))
            .map_or(span, |t| t.emitted);
        map.resolve(span).map(|(file, local)| SourceSpan {
            file: Arc::clone(file),
            span: local,
        })
    };
    let built = match result {
        Ok(resources) => Ok(resources
            .into_iter()
            .filter_map(|r| {
                let removals: Vec<Removal> = r
                    .removals
                    .iter()
                    .filter_map(|rec| {
                        let (path, item) = removals::resolve(&r.node, rec)?;
                        Some(Removal {
                            path,
                            item,
                            at: resolve(rec.span)?,
                            how: rec.how,
                        })
                    })
                    .collect();
                let document = match &provenance {
                    // Objects of an inflated Helm chart trace through the rendered text.
                    Some(p) => Document::rendered(r.node, Arc::clone(&map), Arc::clone(p)),
                    None => Document::built(r.node, Arc::clone(&map)),
                }?;
                Some(Built { document, removals })
            })
            .collect()),
        Err(e) => Err(to_load_error(&map, provenance.as_deref(), e, &display(dir))),
    };
    (built, read)
}
