//! # policy-core
//!
//! Tollgate's engine: discover GitOps sources, load them with a span for every node, evaluate
//! Rego rules on them in parallel, and report findings that point at the exact line and column.
//!
//! ```
//! use policy_core::{Gate, Severity};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("pod.yaml"), "\
//! apiVersion: v1
//! kind: Pod
//! metadata:
//!   name: web
//! spec:
//!   containers:
//!   - name: app
//!     image: nginx:1.27
//!     securityContext:
//!       privileged: yes
//! ")?;
//!
//! let gate = Gate::builder().jobs(1).build()?;
//! let report = gate.check(&[dir.path().to_path_buf()])?;
//! let privileged = report.findings.iter().find(|f| f.rule == "privileged-container").unwrap();
//! assert_eq!(privileged.severity, Severity::Error);
//! assert_eq!(privileged.at.start().line, 10);
//! assert_eq!(report.exit_code(Severity::Error), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod baseline;
pub mod config;
pub mod document;
pub mod finding;
pub mod render;
pub mod report;
pub mod rules;
pub mod source;
pub mod sql;
pub mod suppress;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use document::{Document, PathSeg, Resource};
pub use finding::{Finding, Related, Severity, SourceSpan};
pub use rules::{
    rule_examples, Capabilities, EngineOptions, PolicySet, PolicySource, RuleExample, RuleInfo,
    RuleMeta, TestOutcome,
};
pub use source::discover::{DiscoverOptions, Unit, UnitKind};
pub use source::{Limits, LoadError, SourceFile, Span};

/// An error that stops the gate before it can check anything (a bad policy, a bad option).
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    /// One or more policy files failed to parse or have invalid METADATA.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Policy(Vec<LoadError>),
    /// `--base`: not a git repository, or no such revision.
    #[error("{0}")]
    Base(String),
    /// The configuration file is malformed (the message names its file, line and column).
    #[error("{0}")]
    Config(String),
    /// The worker pool could not be built.
    #[error("cannot start {jobs} worker threads: {message}")]
    Threads {
        /// Requested thread count.
        jobs: usize,
        /// Why it failed.
        message: String,
    },
}

/// Builds a [`Gate`].
#[derive(Debug, Clone)]
pub struct GateBuilder {
    builtin_rules: bool,
    policy_dirs: Vec<PathBuf>,
    jobs: usize,
    limits: Limits,
    discover: DiscoverOptions,
    engine: EngineOptions,
    base_dir: Option<PathBuf>,
    base_rev: Option<String>,
    staged: bool,
    data_dirs: Vec<PathBuf>,
    config: Option<config::Config>,
    helm: render::helm::Options,
}

impl Default for GateBuilder {
    fn default() -> Self {
        GateBuilder {
            builtin_rules: true,
            policy_dirs: Vec::new(),
            jobs: 0,
            limits: Limits::default(),
            discover: DiscoverOptions::default(),
            engine: EngineOptions::default(),
            base_dir: None,
            base_rev: None,
            staged: false,
            data_dirs: Vec::new(),
            config: None,
            helm: render::helm::Options::default(),
        }
    }
}

impl GateBuilder {
    /// Whether to use the built-in rule pack (default true).
    pub fn builtin_rules(mut self, yes: bool) -> Self {
        self.builtin_rules = yes;
        self
    }

    /// Adds a directory (or file) of Rego policies, evaluated beside the built-in rules.
    pub fn policy_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.policy_dirs.push(dir.into());
        self
    }

    /// Worker threads (0, the default: one per core).
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = jobs;
        self
    }

    /// Loader limits (file size, nesting, alias expansion).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Discovery options (`.gitignore`, hidden files).
    pub fn discover_options(mut self, options: DiscoverOptions) -> Self {
        self.discover = options;
        self
    }

    /// The wall-clock limit of one rule's evaluation on one document (default 5 s).
    pub fn eval_timeout(mut self, timeout: Duration) -> Self {
        self.engine.eval_timeout = timeout;
        self
    }

    /// Evaluate each document's built-in rules in one batched query (default true). Turning it
    /// off evaluates rule by rule: the same findings, slower; it exists to measure the gain.
    pub fn batch_rules(mut self, yes: bool) -> Self {
        self.engine.batch = yes;
        self
    }

    /// The directory file names are shown relative to (default: the working directory).
    pub fn base_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.base_dir = Some(dir.into());
        self
    }

    /// The base revision of the change under review (`--base`, e.g. `origin/main`): migrations
    /// present there with the same content are applied and not judged again; those present
    /// with other content are edits of applied migrations (`migration-edited-after-apply`);
    /// the rest are new. The repository is the one holding the base directory.
    pub fn base_revision(mut self, rev: impl Into<String>) -> Self {
        self.base_rev = Some(rev.into());
        self
    }

    /// Check the files as they are staged in the git index (what a pre-commit hook must judge),
    /// only the units the staged changes touch, with HEAD as the base for migrations.
    pub fn staged(mut self, yes: bool) -> Self {
        self.staged = yes;
        self
    }

    /// How Helm charts are rendered (`helm template`'s flags: values files, `--set`, release
    /// name and namespace, Kubernetes version). A `helm:` entry of the configuration for a chart
    /// comes first; these values files and `--set`s are applied after it, and the other settings
    /// replace the configuration's when they differ from the defaults.
    ///
    /// ```
    /// let options = policy_core::render::helm::Options {
    ///     release_name: "web".into(),
    ///     namespace: "prod".into(),
    ///     set: vec!["image.tag=1.2.3".into()],
    ///     ..Default::default()
    /// };
    /// let gate = policy_core::Gate::builder().helm(options).build().unwrap();
    /// # let _ = gate;
    /// ```
    pub fn helm(mut self, options: render::helm::Options) -> Self {
        self.helm = options;
        self
    }

    /// conftest's `--namespace`: a package whose conftest-style policies (no Tollgate
    /// METADATA) are evaluated. Repeatable; default `main`.
    pub fn namespace(mut self, ns: impl Into<String>) -> Self {
        if self.engine.namespaces == ["main"] {
            self.engine.namespaces.clear();
        }
        self.engine.namespaces.push(ns.into());
        self
    }

    /// Applies a `.tollgate.yaml`: its policy and data directories and namespaces are added,
    /// and its rule switches, severities and include/exclude globs apply to every check.
    pub fn config(mut self, config: config::Config) -> Self {
        for p in &config.policies {
            self.policy_dirs.push(p.clone());
        }
        for d in &config.data {
            self.data_dirs.push(d.clone());
        }
        for ns in &config.namespaces {
            self = self.namespace(ns.clone());
        }
        if config.all_namespaces {
            self.engine.all_namespaces = true;
        }
        if config.combine {
            self.engine.combine = true;
        }
        if config.strict {
            self.engine.strict = true;
        }
        self.config = Some(config);
        self
    }

    /// conftest's `--combine`: conftest-style policies see all documents at once, as
    /// `input = [{"path", "contents"}, …]`, instead of one document at a time.
    pub fn combine(mut self, yes: bool) -> Self {
        self.engine.combine = yes;
        self
    }

    /// conftest's `--all-namespaces`: evaluate conftest-style policies of every package.
    pub fn all_namespaces(mut self, yes: bool) -> Self {
        self.engine.all_namespaces = yes;
        self
    }

    /// OPA's strict mode (conftest's `--strict`): unused variables, arguments and imports,
    /// shadowed `input`/`data` and deprecated built-ins in the user's policies are errors.
    pub fn strict(mut self, yes: bool) -> Self {
        self.engine.strict = yes;
        self
    }

    /// OPA's capabilities (conftest's `--capabilities`): the user's policies may only call the
    /// built-ins listed; any other call is an error naming the policy line.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use policy_core::{Capabilities, Gate};
    /// let caps = Capabilities::from_json("caps.json", r#"{"builtins": [{"name": "count"}]}"#)?;
    /// let gate = Gate::builder().capabilities(caps).build()?;
    /// # let _ = gate;
    /// # Ok(())
    /// # }
    /// ```
    pub fn capabilities(mut self, capabilities: Capabilities) -> Self {
        self.engine.capabilities = Some(capabilities);
        self
    }

    /// conftest's `--show-builtin-errors`: a failing built-in call is an evaluation error
    /// rather than undefined (OPA's default).
    pub fn strict_builtin_errors(mut self, yes: bool) -> Self {
        self.engine.strict_builtin_errors = yes;
        self
    }

    /// conftest's `--data`: a directory (or file) of YAML/JSON data documents merged into
    /// `data` for every policy.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dirs.push(dir.into());
        self
    }

    /// Loads and prepares the policies.
    pub fn build(mut self) -> Result<Gate, GateError> {
        let base_dir = self
            .base_dir
            .clone()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let mut sources = if self.builtin_rules {
            PolicySource::builtin()
        } else {
            Vec::new()
        };
        let mut errors = Vec::new();
        for dir in &self.policy_dirs {
            match PolicySource::load_dir(dir, &|p: &Path| display_path(&base_dir, p)) {
                Ok(s) => sources.extend(s),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(GateError::Policy(errors));
        }
        if !self.data_dirs.is_empty() {
            let data = rules::data::load_data(
                &self.data_dirs,
                &|p: &Path| display_path(&base_dir, p),
                &self.limits,
            )
            .map_err(GateError::Policy)?;
            self.engine.data = Some(data);
        }
        let policies = PolicySet::build(&sources, &self.engine).map_err(GateError::Policy)?;
        let jobs = if self.jobs == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            self.jobs
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .map_err(|e| GateError::Threads {
                jobs,
                message: e.to_string(),
            })?;
        let base = match (&self.base_rev, self.staged) {
            (Some(_), true) => {
                return Err(GateError::Base(
                    "--staged compares the index with HEAD: it cannot be combined with --base"
                        .to_string(),
                ))
            }
            (Some(rev), false) => Some(Mutex::new(
                source::git::Base::open(&base_dir, rev).map_err(GateError::Base)?,
            )),
            (None, true) => Some(Mutex::new(
                source::git::Base::open_staged(&base_dir).map_err(GateError::Base)?,
            )),
            (None, false) => None,
        };
        Ok(Gate {
            policies,
            pool,
            limits: self.limits,
            discover: self.discover,
            base_dir,
            base,
            combine: self.engine.combine,
            filter: self.config.as_ref().and_then(config::FileFilter::new),
            config: self.config,
            helm: self.helm,
        })
    }
}

/// The gate: prepared policies, a worker pool, and loading options. Build one with
/// [`Gate::builder`], then [`check`](Gate::check) or [`render`](Gate::render) paths.
pub struct Gate {
    policies: PolicySet,
    pool: rayon::ThreadPool,
    limits: Limits,
    discover: DiscoverOptions,
    base_dir: PathBuf,
    /// The base revision (`--base`), for migrations.
    base: Option<Mutex<source::git::Base>>,
    /// conftest's `--combine`.
    combine: bool,
    /// `.tollgate.yaml`, if any.
    config: Option<config::Config>,
    /// Its include/exclude globs.
    filter: Option<config::FileFilter>,
    /// How Helm charts are rendered (before the configuration's per-chart settings).
    helm: render::helm::Options,
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
    /// Findings removed because a baseline accepts them ([`baseline::Baseline::apply`]).
    pub baselined: usize,
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

/// A path as shown to users: relative to `base` when below it, with `/` separators.
pub fn display_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// Whether a change touches a unit: one of its files was added or modified, or a file was
/// deleted from its directory (or, for a chart, a Kustomize root or a migration set, from
/// anywhere below its root). `changed` holds absolute paths.
fn unit_touched(unit: &Unit, changed: &[source::git::Changed]) -> bool {
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let files: BTreeSet<PathBuf> = unit.files.iter().map(|f| abs(f)).collect();
    let root = abs(&unit.root);
    if unit.kind == UnitKind::Kustomize {
        // A build reads its root and the roots it includes, whatever the file, and the charts
        // they inflate.
        let (mut roots, charts) = kustomize_closure(&root, &unit.fence);
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

/// `root` and every kustomization root it includes, directly or through others, and the Helm
/// charts they inflate (canonical; each kustomization read once; nothing outside `fence`).
fn kustomize_closure(
    root: &Path,
    fence: &source::confine::Fence,
) -> (BTreeSet<PathBuf>, BTreeSet<PathBuf>) {
    let mut seen = BTreeSet::new();
    let mut charts = BTreeSet::new();
    let mut todo = vec![root.canonicalize().unwrap_or_else(|_| root.to_path_buf())];
    while let Some(r) = todo.pop() {
        if seen.insert(r.clone()) {
            let links = render::kustomize::root_links(&r, fence);
            todo.extend(links.roots);
            charts.extend(links.charts);
        }
    }
    (seen, charts)
}

/// One file to load: a manifest file, or a migration with its place in its set.
struct FileJob {
    path: PathBuf,
    /// What the file may resolve to (its unit's fence).
    fence: source::confine::Fence,
    migration: Option<(sql::layout::MigrationFile, sql::MigrationContext)>,
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

    /// Finds the units under `paths`; discovery errors come back as input errors.
    fn discover_units(&self, paths: &[PathBuf]) -> (Vec<Unit>, Vec<LoadError>) {
        let (mut units, errors) = source::discover::discover(paths, &self.discover);
        if let Some(filter) = &self.filter {
            for u in &mut units {
                u.files.retain(|f| filter.keeps(f));
            }
            units.retain(|u| !u.files.is_empty());
        }
        // Kustomize: a root another root includes (a base, a component) is checked through
        // it, not on its own, unless it was named; YAML under a root is checked through its
        // build, not as loose files.
        let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let named: BTreeSet<PathBuf> = paths.iter().map(|p| canon(p)).collect();
        let kroots: Vec<(PathBuf, &source::confine::Fence)> = units
            .iter()
            .filter(|u| u.kind == UnitKind::Kustomize)
            .map(|u| (canon(&u.root), &u.fence))
            .collect();
        let mut included = BTreeSet::new();
        // Charts a root inflates (`helmCharts`) are checked through it, with its values.
        let mut inflated = BTreeSet::new();
        for (r, fence) in &kroots {
            let (mut closure, charts) = kustomize_closure(r, fence);
            inflated.extend(charts);
            closure.remove(r);
            included.extend(closure);
        }
        // A kustomization root named on the command line is built as kustomize builds it:
        // the roots and YAML below it are its business, not units of their own.
        let named_roots: Vec<&PathBuf> = named
            .iter()
            .filter(|p| render::kustomize::kustomization_file(p).is_some())
            .collect();
        let kroots: Vec<PathBuf> = kroots.into_iter().map(|(r, _)| r).collect();
        units.retain(|u| {
            let root = canon(&u.root);
            let below_named = named_roots
                .iter()
                .any(|n| root.starts_with(n) && root != **n);
            if below_named && matches!(u.kind, UnitKind::Kustomize | UnitKind::Manifests) {
                return false;
            }
            match u.kind {
                UnitKind::Kustomize => !included.contains(&root) || named.contains(&root),
                UnitKind::HelmChart => !inflated.contains(&root) || named.contains(&root),
                UnitKind::Manifests => !kroots.iter().any(|k| root.starts_with(k)),
                _ => true,
            }
        });
        let errors = errors
            .into_iter()
            .map(|e| LoadError::whole_file(self.display(&e.path), e.message))
            .collect();
        (units, errors)
    }

    /// Builds a Kustomize unit (its documents carry spans into every file the build read).
    fn build_kustomize(&self, unit: &Unit) -> Result<Vec<Document>, LoadError> {
        let staged = self
            .base
            .as_ref()
            .is_some_and(|b| b.lock().unwrap_or_else(|p| p.into_inner()).is_staged());
        if !staged {
            return render::kustomize::build_with(
                &unit.root,
                &unit.fence,
                &|p| self.display(p),
                &self.limits,
                None,
            );
        }
        // --staged: every file of the build as staged. Charts the build inflates (`helmCharts`)
        // are rendered from the work tree, so they must match the index.
        for chart in kustomize_closure(&unit.root, &unit.fence).1 {
            self.helm_staged_check(&chart)?;
        }
        let reader = |path: &Path| -> Result<Option<Vec<u8>>, String> {
            match &self.base {
                Some(base) => base
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .staged_content(path),
                None => Ok(None),
            }
        };
        render::kustomize::build_with(
            &unit.root,
            &unit.fence,
            &|p| self.display(p),
            &self.limits,
            Some(&reader),
        )
    }

    /// The `helm template` options for the chart at `root`: the configuration's entry for it,
    /// then the builder's (command line) values files and `--set`s on top.
    fn helm_options(&self, root: &Path) -> render::helm::Options {
        let mut o = render::helm::Options::default();
        let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let root = canon(root);
        if let Some(c) = self.config.as_ref().and_then(|c| {
            c.helm
                .iter()
                .find(|(dir, _)| canon(dir) == root)
                .map(|(_, h)| h)
        }) {
            o.values = c.values.clone();
            o.set = c.set.clone();
            o.set_string = c.set_string.clone();
            o.api_versions = c.api_versions.clone();
            o.kube_version = c.kube_version.clone();
            if let Some(n) = &c.release_name {
                o.release_name = n.clone();
            }
            if let Some(n) = &c.namespace {
                o.namespace = n.clone();
            }
        }
        let cli = &self.helm;
        let defaults = render::helm::Options::default();
        o.values.extend(cli.values.iter().cloned());
        o.set.extend(cli.set.iter().cloned());
        o.set_string.extend(cli.set_string.iter().cloned());
        o.api_versions.extend(cli.api_versions.iter().cloned());
        if cli.kube_version.is_some() {
            o.kube_version = cli.kube_version.clone();
        }
        if cli.release_name != defaults.release_name {
            o.release_name = cli.release_name.clone();
        }
        if cli.namespace != defaults.namespace {
            o.namespace = cli.namespace.clone();
        }
        o.template_limits = cli.template_limits.clone();
        o
    }

    /// Under `--staged`, a chart is rendered from the working tree: refuse to judge it when a
    /// file of the chart differs from what is staged (the commit would hold another chart than
    /// the one checked), naming the file. Files git does not track are left out of the
    /// comparison unless they are ones the chart renders from (templates, values, Chart.yaml,
    /// subcharts).
    fn helm_staged_check(&self, root: &Path) -> Result<(), LoadError> {
        let Some(base) = &self.base else {
            return Ok(());
        };
        let base = base.lock().unwrap_or_else(|p| p.into_inner());
        if !base.is_staged() {
            return Ok(());
        }
        let fence = source::confine::Fence::at(root);
        let mut todo = vec![root.to_path_buf()];
        let mut seen = 0usize;
        while let Some(dir) = todo.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut entries: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            entries.sort();
            for path in entries {
                seen += 1;
                if seen > 20_000 {
                    return Ok(());
                }
                if path.is_dir() {
                    // Not through a link out of the chart (its load refuses that).
                    if fence.resolve(&path).is_ok() {
                        todo.push(path);
                    }
                    continue;
                }
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rendered_from = rel.starts_with("templates")
                    || rel.starts_with("charts")
                    || rel.starts_with("crds")
                    || rel.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n == "Chart.yaml" || n == "values.yaml" || n == "values.schema.json"
                    }) && rel.parent().is_none_or(|p| p.as_os_str().is_empty());
                let staged = base
                    .staged_content(&path)
                    .map_err(|e| LoadError::whole_file(self.display(&path), e))?;
                let problem = match staged {
                    Some(bytes) => match fence.read(&path, self.limits.max_file_bytes) {
                        Ok(disk) if disk == bytes => None,
                        Ok(_) => Some("has changes that are not staged"),
                        // Refused (a link out of the chart, a FIFO): the chart's load says so.
                        Err(source::confine::Refusal::Io(_)) => {
                            Some("has changes that are not staged")
                        }
                        Err(_) => None,
                    },
                    None if rendered_from => Some("is not staged"),
                    None => None,
                };
                if let Some(problem) = problem {
                    return Err(LoadError::whole_file(
                        self.display(&path),
                        format!(
                            "{problem}: with --staged, Tollgate renders the chart {} from the working tree, so every file it renders from must be staged as it is (stage or stash the change)",
                            self.display(root)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Renders a Helm chart unit (its documents trace back to template and values lines).
    fn build_helm(&self, unit: &Unit) -> Result<Vec<Document>, LoadError> {
        self.helm_staged_check(&unit.root)?;
        let options = self.helm_options(&unit.root);
        render::helm::render(&unit.root, &|p| self.display(p), &self.limits, &options)
            .map(|manifests| manifests.into_iter().map(|m| m.document).collect())
    }

    /// The files of a unit this gate loads itself (manifests and migrations), in the order
    /// their documents are evaluated and rendered; empty for units not checked yet.
    fn unit_files(unit: &Unit) -> Vec<FileJob> {
        match unit.kind {
            UnitKind::Manifests => unit
                .files
                .iter()
                .map(|f| FileJob {
                    path: f.clone(),
                    fence: unit.fence.clone(),
                    migration: None,
                })
                .collect(),
            UnitKind::Migrations => sql::layout::order(&unit.files)
                .into_iter()
                .filter(|m| {
                    !matches!(
                        m.direction,
                        sql::layout::Direction::OtherDatabase | sql::layout::Direction::Superseded
                    )
                })
                .scan(0, |forward, m| {
                    // The position among the set's forward migrations.
                    let order = *forward;
                    if m.direction == sql::layout::Direction::Up {
                        *forward += 1;
                    }
                    Some(FileJob {
                        path: m.path.clone(),
                        fence: unit.fence.clone(),
                        migration: Some((
                            m,
                            sql::MigrationContext {
                                order,
                                new: true,
                                edited: false,
                            },
                        )),
                    })
                })
                .collect(),
            UnitKind::HelmChart | UnitKind::Kustomize => Vec::new(),
        }
    }

    fn load_file(&self, job: &FileJob) -> Result<Vec<Document>, LoadError> {
        self.load_file_with_suppressions(job).map(|(docs, _)| docs)
    }

    /// Loads a file's documents and the suppressions written in it (comments, and
    /// `tollgate.io/ignore` annotations).
    fn load_file_with_suppressions(
        &self,
        job: &FileJob,
    ) -> Result<(Vec<Document>, Vec<suppress::Suppression>), LoadError> {
        let display = self.display(&job.path);
        // --staged: the file as it is staged; a file the index does not hold is not part of
        // the commit.
        let staged = match &self.base {
            Some(base) => {
                let base = base.lock().unwrap_or_else(|p| p.into_inner());
                if base.is_staged() {
                    Some(
                        base.staged_content(&job.path)
                            .map_err(|e| LoadError::whole_file(&display, e))?,
                    )
                } else {
                    None
                }
            }
            None => None,
        };
        let src = match staged {
            Some(Some(bytes)) => {
                document::source_from_content(&job.path, &display, bytes, &self.limits)?
            }
            Some(None) => return Ok((Vec::new(), Vec::new())),
            None => document::read_source(&job.fence, &job.path, &display, &self.limits)?,
        };
        let docs = self.parse_source(job, &src)?;
        if docs.is_empty() {
            // Nothing judged here (an empty file, a migration unchanged since --base).
            return Ok((docs, Vec::new()));
        }
        let mut sups = suppress::scan_comments(&src, &docs, job.migration.is_some());
        sups.extend(docs.iter().filter_map(suppress::from_annotation));
        Ok((docs, sups))
    }

    fn parse_source(
        &self,
        job: &FileJob,
        src: &Arc<SourceFile>,
    ) -> Result<Vec<Document>, LoadError> {
        let display = src.name().to_string();
        let src = Arc::clone(src);
        match &job.migration {
            None => document::parse_manifests(&src, &self.limits),
            Some((m, context)) => {
                let mut context = context.clone();
                if let Some(base) = &self.base {
                    let status = base
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .status(&job.path, src.text().as_bytes())
                        .map_err(|e| LoadError::whole_file(&display, e))?;
                    context.new = status == source::git::BaseStatus::New;
                    context.edited = status == source::git::BaseStatus::Edited;
                    if status == source::git::BaseStatus::Unchanged {
                        // Applied and unchanged: parsed (a broken file is still an error), not
                        // judged again.
                        sql::parse_migration(&src, m, &context, &self.limits)?;
                        return Ok(Vec::new());
                    }
                }
                Ok(sql::parse_migration(&src, m, &context, &self.limits)?
                    .into_iter()
                    .collect())
            }
        }
    }

    /// A migration set's files for other databases (`x.mysql.up.sql`) are not PostgreSQL
    /// migrations: say once per set how many were left unchecked, rather than skip them quietly.
    fn other_databases(&self, unit: &Unit, name: &str) -> Result<Option<Finding>, LoadError> {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        let mut first = None;
        for f in &unit.files {
            if let Some(db) = sql::layout::other_database(f) {
                *counts.entry(db).or_default() += 1;
                first.get_or_insert(f);
            }
        }
        let Some(first) = first else {
            return Ok(None);
        };
        let file = document::read_source(&unit.fence, first, &self.display(first), &self.limits)?;
        let total: usize = counts.values().sum();
        let list: Vec<String> = counts.iter().map(|(d, n)| format!("{d}: {n}")).collect();
        let span = finding::first_line(&file, Span::new(0, file.text().len()));
        Ok(Some(Finding {
            rule: "not-postgresql".to_string(),
            severity: Severity::Info,
            message: format!(
                "{total} migration files of {name} are for other databases ({}); only PostgreSQL migrations are checked",
                list.join(", ")
            ),
            at: SourceSpan { file, span },
            related: Vec::new(),
            resource: Resource::default(),
            unit: name.to_string(),
            help: None,
        }))
    }

    /// Checks `paths` (files or directories): discovers units, loads them, evaluates every
    /// applicable rule and returns the sorted findings and input errors.
    ///
    /// Units are checked in parallel, and the files of a unit too: each file is read, parsed
    /// and evaluated by a worker that reuses one prepared engine; the unit's cross-resource
    /// rules run once its files are done, and its documents are dropped then, so memory holds
    /// only the units in flight.
    pub fn check(&self, paths: &[PathBuf]) -> Result<Report, GateError> {
        self.check_with_progress(paths, &|_, _| {})
    }

    /// [`check`](Gate::check), calling `progress(units done, units in all)` as units finish
    /// (from the worker threads), for progress bars.
    pub fn check_with_progress(
        &self,
        paths: &[PathBuf],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Report, GateError> {
        let started = Instant::now();
        let (mut units, mut errors) = self.discover_units(paths);
        if let Some(base) = &self.base {
            match base
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .changed_paths()
            {
                Ok(changed) => units.retain(|u| unit_touched(u, &changed)),
                Err(e) => errors.push(LoadError::whole_file(".", e)),
            }
        }
        let discover = started.elapsed();
        let policies = &self.policies;
        // Workers are expensive to make (an engine clone, a VM): keep the spare ones.
        let spare: Mutex<Vec<rules::Worker<'_>>> = Mutex::new(Vec::new());
        let take = || {
            spare
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop()
                .unwrap_or_else(|| policies.worker())
        };
        let give = |w| spare.lock().unwrap_or_else(|p| p.into_inner()).push(w);

        struct UnitResult {
            findings: Vec<Finding>,
            errors: Vec<LoadError>,
            files: usize,
            documents: usize,
            suppressed: usize,
            summary: UnitSummary,
            /// With --combine: every document's file and value, for the combined evaluation.
            combined: Vec<(Arc<SourceFile>, regorus::Value)>,
            prints: Vec<String>,
        }
        // A worker evaluates the per-document rules; each document becomes a Rego value once,
        // for both these and the cross-resource rules.
        let eval_documents = |documents: &[Document],
                              name: &str,
                              findings: &mut Vec<Finding>,
                              errors: &mut Vec<LoadError>,
                              prints: &mut Vec<String>| {
            let mut worker = take();
            let mut inputs = Vec::with_capacity(documents.len());
            for doc in documents {
                let input = doc.to_rego();
                worker.eval(doc, &input, name, findings, errors);
                inputs.push(input);
            }
            prints.extend(worker.take_prints());
            give(worker);
            inputs
        };
        let combine = self.combine;
        // What follows a unit's documents: its cross-resource rules, suppressions and counts.
        let finish_unit = |out: &mut UnitResult,
                           documents: &[Document],
                           inputs: &[regorus::Value],
                           sups: &[suppress::Suppression],
                           name: &str| {
            let (f, e) = policies.eval_unit(name, documents, inputs);
            out.findings.extend(f);
            out.errors.extend(e);
            if combine {
                out.combined = documents
                    .iter()
                    .zip(inputs)
                    .map(|(d, i)| (Arc::clone(&d.file), i.clone()))
                    .collect();
            }
            out.suppressed = suppress::apply(&mut out.findings, sups, name);
            out.documents = documents.len();
            out.summary.document_kinds =
                documents.iter().map(|d| d.resource.kind.clone()).collect();
        };
        let checking = Instant::now();
        let total = units.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let results: Vec<UnitResult> = self.pool.install(|| {
            units
                .par_iter()
                .map(|unit| {
                    let result = (|| {
                        let name = self.display(&unit.root);
                        let mut out = UnitResult {
                            findings: Vec::new(),
                            errors: Vec::new(),
                            files: 0,
                            documents: 0,
                            suppressed: 0,
                            combined: Vec::new(),
                            prints: Vec::new(),
                            summary: UnitSummary {
                                name: name.clone(),
                                kind: unit.kind,
                                document_kinds: BTreeSet::new(),
                            },
                        };
                        if matches!(unit.kind, UnitKind::Kustomize | UnitKind::HelmChart) {
                            let built = if unit.kind == UnitKind::Kustomize {
                                self.build_kustomize(unit)
                            } else {
                                self.build_helm(unit)
                            };
                            let documents = match built {
                                Ok(d) => d,
                                Err(e) => {
                                    out.errors.push(e);
                                    return out;
                                }
                            };
                            let inputs = eval_documents(
                                &documents,
                                &name,
                                &mut out.findings,
                                &mut out.errors,
                                &mut out.prints,
                            );
                            let sups: Vec<suppress::Suppression> = documents
                                .iter()
                                .filter_map(suppress::from_annotation)
                                .collect();
                            out.files = documents
                                .first()
                                .and_then(|d| d.sources.as_ref())
                                .map_or(0, |m| m.files().count());
                            finish_unit(&mut out, &documents, &inputs, &sups, &name);
                            return out;
                        }
                        type FileResult = (
                            Vec<Document>,
                            Vec<regorus::Value>,
                            Vec<Finding>,
                            Vec<LoadError>,
                            Vec<suppress::Suppression>,
                            Vec<String>,
                        );
                        if unit.kind == UnitKind::Migrations {
                            match self.other_databases(unit, &name) {
                                Ok(f) => out.findings.extend(f),
                                Err(e) => out.errors.push(e),
                            }
                        }
                        let jobs = Self::unit_files(unit);
                        let per_file: Vec<FileResult> = jobs
                            .par_iter()
                            .map(|job| {
                                let (mut findings, mut errors) = (Vec::new(), Vec::new());
                                let mut inputs = Vec::new();
                                let mut sups = Vec::new();
                                let mut prints = Vec::new();
                                let documents = match self.load_file_with_suppressions(job) {
                                    Ok((documents, s)) => {
                                        sups = s;
                                        inputs = eval_documents(
                                            &documents,
                                            &name,
                                            &mut findings,
                                            &mut errors,
                                            &mut prints,
                                        );
                                        documents
                                    }
                                    Err(e) => {
                                        errors.push(e);
                                        Vec::new()
                                    }
                                };
                                (documents, inputs, findings, errors, sups, prints)
                            })
                            .collect();
                        out.files = unit.files.len();
                        let (mut documents, mut inputs) = (Vec::new(), Vec::new());
                        let mut sups = Vec::new();
                        for (d, i, f, e, s, p) in per_file {
                            out.prints.extend(p);
                            documents.extend(d);
                            inputs.extend(i);
                            out.findings.extend(f);
                            out.errors.extend(e);
                            sups.extend(s);
                        }
                        finish_unit(&mut out, &documents, &inputs, &sups, &name);
                        out
                    })();
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress(n, total);
                    result
                })
                .collect()
        });
        let check = checking.elapsed();

        let mut findings = Vec::new();
        let (mut files, mut documents, mut suppressed) = (0, 0, 0);
        let mut unit_summaries = Vec::with_capacity(results.len());
        let mut combined = Vec::new();
        let mut prints = Vec::new();
        for r in results {
            combined.extend(r.combined);
            prints.extend(r.prints);
            unit_summaries.push(r.summary);
            findings.extend(r.findings);
            errors.extend(r.errors);
            files += r.files;
            documents += r.documents;
            suppressed += r.suppressed;
        }
        if combine {
            let (f, e) = policies.eval_combined_with_prints(&combined, &mut prints);
            findings.extend(f);
            errors.extend(e);
        }
        if let Some(config) = &self.config {
            findings.retain(|f| !config.disable.contains(&f.rule));
            for f in &mut findings {
                if let Some(s) = config.severity.get(&f.rule) {
                    f.severity = *s;
                }
            }
        }
        let sorting = Instant::now();
        self.pool
            .install(|| findings.par_sort_by_cached_key(Finding::sort_key));
        errors.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        errors.dedup();
        Ok(Report {
            findings,
            errors,
            files,
            documents,
            units: unit_summaries,
            suppressed,
            baselined: 0,
            prints,
            timings: Timings {
                discover,
                check,
                sort: sorting.elapsed(),
            },
        })
    }

    /// The documents the rules would evaluate for `paths`, in unit and document order.
    pub fn render(&self, paths: &[PathBuf]) -> Rendered {
        let (units, mut errors) = self.discover_units(paths);
        let parsed: Vec<Vec<Result<Vec<Document>, LoadError>>> = self.pool.install(|| {
            units
                .par_iter()
                .map(|unit| match unit.kind {
                    UnitKind::Kustomize => vec![self.build_kustomize(unit)],
                    UnitKind::HelmChart => vec![self.build_helm(unit)],
                    _ => Self::unit_files(unit)
                        .par_iter()
                        .map(|f| self.load_file(f))
                        .collect(),
                })
                .collect()
        });
        let mut documents = Vec::new();
        for result in parsed.into_iter().flatten() {
            match result {
                Ok(docs) => documents.extend(docs),
                Err(e) => errors.push(e),
            }
        }
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        Rendered { documents, errors }
    }
}
