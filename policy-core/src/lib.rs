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
mod gate;
pub mod plan;
pub mod render;
pub mod report;
pub mod rules;
pub mod source;
pub mod sql;
pub mod suppress;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

pub use document::{Document, PathSeg, Resource};
pub use finding::{Finding, Related, Severity, SourceSpan};
pub use gate::{Gate, Rendered, Report, Timings, UnitSummary};
pub use plan::Skipped;
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
    load_restrictor: Option<render::kustomize::LoadRestrictor>,
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
            load_restrictor: None,
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

    /// kustomize's `--load-restrictor` for every Kustomize build (default: the configuration's
    /// `kustomize.load-restrictor`, else `LoadRestrictionsRootOnly`). With
    /// `LoadRestrictionsNone` a kustomization may read files outside its directory, but never
    /// outside the checked root.
    ///
    /// ```
    /// use policy_core::render::kustomize::LoadRestrictor;
    /// let gate = policy_core::Gate::builder()
    ///     .load_restrictor(LoadRestrictor::None)
    ///     .build()
    ///     .unwrap();
    /// # let _ = gate;
    /// ```
    pub fn load_restrictor(mut self, restrictor: render::kustomize::LoadRestrictor) -> Self {
        self.load_restrictor = Some(restrictor);
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
        let load_restrictor = self
            .load_restrictor
            .or(self.config.as_ref().and_then(|c| c.load_restrictor))
            .unwrap_or_default();
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
            load_restrictor,
        })
    }
}

/// A path as shown to users, with `/` separators: relative to `base` when below it; when both
/// are absolute and share more than the file system's root (`/work/shared/x` from `/work/main`),
/// relative through `..` (`../shared/x`); else as given.
///
/// ```
/// use policy_core::display_path;
/// use std::path::Path;
/// assert_eq!(display_path(Path::new("/work/main"), Path::new("/work/main/a/b.yaml")), "a/b.yaml");
/// assert_eq!(display_path(Path::new("/work/main"), Path::new("/work/shared/c.yaml")), "../shared/c.yaml");
/// assert_eq!(display_path(Path::new("/work/main"), Path::new("/tmp/d.yaml")), "/tmp/d.yaml");
/// ```
pub fn display_path(base: &Path, path: &Path) -> String {
    let rel = match path.strip_prefix(base) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => up_and_over(base, path).unwrap_or_else(|| path.to_path_buf()),
    };
    let rel = rel.strip_prefix(".").unwrap_or(&rel);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// `path` relative to `base` through `..`, when both are absolute and share at least one
/// directory below the root.
fn up_and_over(base: &Path, path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    if !base.is_absolute() || !path.is_absolute() {
        return None;
    }
    let b: Vec<Component> = base.components().collect();
    let p: Vec<Component> = path.components().collect();
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    // The root (and a Windows prefix) alone is not a shared directory.
    let roots = b
        .iter()
        .take_while(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
        .count();
    if common <= roots
        || b[common..]
            .iter()
            .any(|c| matches!(c, Component::ParentDir))
    {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
}
