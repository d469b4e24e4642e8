//! The gate at work: plan the units of the checked paths ([`crate::plan`]), load them
//! ([`load`]), evaluate the rules on them in parallel and account for every file ([`check`]).

mod check;
mod load;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::plan::{KGraph, Plan, Skipped};
use crate::source::discover::{DiscoverOptions, Unit, UnitKind, WalkSkip};
use crate::source::{Limits, LoadError};
use crate::{
    config, display_path, render, source, Document, Finding, GateBuilder, PolicySet, Severity,
};

/// The gate: prepared policies, a worker pool, and loading options. Build one with
/// [`Gate::builder`], then [`check`](Gate::check) or [`render`](Gate::render) paths.
pub struct Gate {
    pub(crate) policies: PolicySet,
    pub(crate) pool: rayon::ThreadPool,
    pub(crate) limits: Limits,
    pub(crate) discover: DiscoverOptions,
    pub(crate) base_dir: PathBuf,
    /// The base revision (`--base`), for migrations.
    pub(crate) base: Option<Mutex<source::git::Base>>,
    /// conftest's `--combine`.
    pub(crate) combine: bool,
    /// `.tollgate.yaml`, if any.
    pub(crate) config: Option<config::Config>,
    /// Its include/exclude globs.
    pub(crate) filter: Option<config::FileFilter>,
    /// How Helm charts are rendered (before the configuration's per-chart settings).
    pub(crate) helm: render::helm::Options,
    /// kustomize's `--load-restrictor` for every build.
    pub(crate) load_restrictor: render::kustomize::LoadRestrictor,
}

/// The outcome of [`Gate::check`]: findings and input errors, sorted, plus counts.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Findings, sorted by file, line, column and rule.
    pub findings: Vec<Finding>,
    /// Input errors (unreadable or malformed files, failed evaluations), sorted by position.
    pub errors: Vec<LoadError>,
    /// Files read.
    pub files: usize,
    /// Documents evaluated.
    pub documents: usize,
    /// The units checked, in discovery order.
    pub units: Vec<UnitSummary>,
    /// Findings removed by suppressions (comments, `tollgate.io/ignore` annotations).
    pub suppressed: usize,
    /// Findings removed because a baseline accepts them ([`crate::baseline::Baseline::apply`]).
    pub baselined: usize,
    /// Every file found under the checked paths that no unit checked, and why (hidden,
    /// ignored, a chart's CI values, a patch no root uses, …), sorted by path: with
    /// [`files`](Report::files), every candidate file is accounted for.
    pub skipped: Vec<Skipped>,
    /// The files found under the checked paths that a unit checked (as shown to users),
    /// sorted.
    pub checked: Vec<String>,
    /// Where the time went (wall clock per phase).
    pub timings: Timings,
    /// The `print()` output of the user's policies, in unit, file and document order, each
    /// line as `policy.rego:LINE: text`.
    pub prints: Vec<String>,
}

/// A unit as checked: its name (its root, as shown to users), kind, and the kinds of the
/// documents it held (for reports that list, per unit, the rules that applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSummary {
    /// The unit's root, relative to the base directory.
    pub name: String,
    /// Manifests, Helm chart, Kustomize root or migration set.
    pub kind: UnitKind,
    /// The `kind`s of its documents.
    pub document_kinds: BTreeSet<String>,
}

/// Wall-clock time of each phase of a check, for `tollgate check --timings` and benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Finding the units (walking directories, `.gitignore`).
    pub discover: Duration,
    /// Reading and parsing files and evaluating every rule (one parallel pass).
    pub check: Duration,
    /// Sorting findings and errors.
    pub sort: Duration,
}

impl Report {
    /// The process exit code: 2 if any input error, else 1 if a finding is at or above
    /// `fail_on`, else 0.
    pub fn exit_code(&self, fail_on: Severity) -> i32 {
        if !self.errors.is_empty() {
            2
        } else if self.findings.iter().any(|f| f.severity >= fail_on) {
            1
        } else {
            0
        }
    }
}

/// What [`Gate::render`] produces: the documents the rules see, in unit and document order.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The documents.
    pub documents: Vec<Document>,
    /// Input errors.
    pub errors: Vec<LoadError>,
}

/// The units of a check and what discovery found beside them.
pub(crate) struct Planned {
    pub plan: Plan,
    pub errors: Vec<LoadError>,
    pub candidates: Vec<PathBuf>,
    pub walk_skipped: Vec<(PathBuf, WalkSkip)>,
    /// Files the configuration's include/exclude globs leave out.
    pub excluded: Vec<PathBuf>,
}

impl Gate {
    /// Starts building a gate (built-in rules on, one worker per core).
    pub fn builder() -> GateBuilder {
        GateBuilder::default()
    }

    /// Runs `f` on the gate's worker pool, so that parallel work inside it (rendering a
    /// report, say) uses `jobs` threads too.
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.pool.install(f)
    }

    /// The configuration applied (`.tollgate.yaml`), if any.
    pub fn config(&self) -> Option<&config::Config> {
        self.config.as_ref()
    }

    /// The prepared policies.
    pub fn policies(&self) -> &PolicySet {
        &self.policies
    }

    fn display(&self, p: &Path) -> String {
        display_path(&self.base_dir, p)
    }

    /// Discovers and plans the units under `paths`; discovery errors come back as input errors.
    fn plan(&self, paths: &[PathBuf]) -> Planned {
        let mut d = source::discover::discover_all(paths, &self.discover);
        let mut excluded = Vec::new();
        if let Some(filter) = &self.filter {
            for u in &mut d.units {
                u.files.retain(|f| filter.keeps(f));
            }
            d.units.retain(|u| !u.files.is_empty());
            excluded = d
                .candidates
                .iter()
                .filter(|f| !filter.keeps(f))
                .cloned()
                .collect();
        }
        let errors = d
            .errors
            .into_iter()
            .map(|e| LoadError::whole_file(self.display(&e.path), e.message))
            .collect();
        Planned {
            plan: Plan::new(d.units, paths, self.discover.exact),
            errors,
            candidates: d.candidates,
            walk_skipped: d.skipped,
            excluded,
        }
    }
}

/// Whether a change touches a unit: one of its files was added or modified, or a file was
/// deleted from its directory (or, for a chart, a Kustomize root or a migration set, from
/// anywhere below its root). `changed` holds absolute paths.
fn unit_touched(unit: &Unit, changed: &[source::git::Changed], graph: &KGraph) -> bool {
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let files: BTreeSet<PathBuf> = unit.files.iter().map(|f| abs(f)).collect();
    let root = abs(&unit.root);
    if unit.kind == UnitKind::Kustomize {
        // A build reads its root and the roots it includes, whatever the file, and the charts
        // they inflate.
        let (mut roots, charts) = graph.closure(&root);
        roots.extend(charts);
        return changed
            .iter()
            .any(|c| roots.iter().any(|r| c.path.starts_with(r)));
    }
    if unit.kind == UnitKind::HelmChart {
        // A render reads every file of the chart (`_helpers.tpl`, `.tgz` subcharts, `.Files`).
        return changed.iter().any(|c| c.path.starts_with(&root));
    }
    changed.iter().any(|c| {
        files.contains(&c.path)
            || (c.deleted
                && match unit.kind {
                    UnitKind::Manifests => c.path.parent() == Some(root.as_path()),
                    _ => c.path.starts_with(&root),
                })
    })
}
