//! `.tollgate.yaml`: a repository's settings, found upward from the working directory.
//!
//! ```yaml
//! fail-on: warning                 # error (default) | warning | info
//! rules:
//!   disable: [image-not-pinned, single-replica]
//!   severity:                      # override a rule's severity
//!     missing-liveness-probe: error
//! include: ["deploy/**", "db/**"]  # globs, relative to this file; default: everything
//! exclude: ["**/vendor/**"]
//! policies: [policy/]              # extra Rego policy directories
//! data: [policy-data/]             # data documents for them (conftest's --data)
//! namespaces: [main, k8s.security] # conftest packages to evaluate (default main)
//! helm:                            # per chart (its directory, relative to this file):
//!   charts/web:                    #   how to render it, as `helm template` flags
//!     values: [charts/web/values-prod.yaml]   # -f, relative to this file
//!     set: [image.tag=1.2.3]       # --set
//!     set-string: []               # --set-string
//!     release-name: web            # default release-name
//!     namespace: prod              # default default
//!     kube-version: "1.31"         # .Capabilities.KubeVersion
//!     api-versions: [monitoring.coreos.com/v1]  # added to .Capabilities.APIVersions
//! kustomize:
//!   load-restrictor: LoadRestrictionsNone   # kustomize's --load-restrictor (default RootOnly)
//! ```
//!
//! Unknown keys and values of the wrong type are errors at their line and column, and so is a
//! path (`policies`, `data`, `values`) that leads out of the repository holding the file (through
//! `..`, an absolute path or a symlink): the file is part of the repository under review, so it
//! may name only what that repository holds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::finding::Severity;
use crate::source::confine::{self, Fence, Refusal};
use crate::source::{yaml, Limits, LoadError, Node, NodeValue, SourceFile};

/// The file names looked for, in each directory from the working directory up.
pub const FILE_NAMES: [&str; 2] = [".tollgate.yaml", ".tollgate.yml"];

/// A loaded configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// `fail-on`.
    pub fail_on: Option<Severity>,
    /// `rules.disable`.
    pub disable: Vec<String>,
    /// `rules.severity`.
    pub severity: BTreeMap<String, Severity>,
    /// `include` globs (relative to the config's directory).
    pub include: Vec<String>,
    /// `exclude` globs.
    pub exclude: Vec<String>,
    /// `policies`, resolved against the config's directory.
    pub policies: Vec<PathBuf>,
    /// `data`, resolved likewise.
    pub data: Vec<PathBuf>,
    /// `namespaces`.
    pub namespaces: Vec<String>,
    /// conftest's `all-namespaces` (from a `conftest.toml`).
    pub all_namespaces: bool,
    /// conftest's `combine` (from a `conftest.toml`).
    pub combine: bool,
    /// conftest's `strict` (from a `conftest.toml`): OPA's strict mode for the policies.
    pub strict: bool,
    /// `helm`: how to render each chart, by chart directory (resolved against the config's
    /// directory).
    pub helm: BTreeMap<PathBuf, HelmChart>,
    /// `kustomize.load-restrictor`: kustomize's `--load-restrictor` for every build.
    pub load_restrictor: Option<crate::render::kustomize::LoadRestrictor>,
}

/// How to render one chart (`helm:` in `.tollgate.yaml`): `helm template`'s flags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HelmChart {
    /// `values`: values files (`-f`), resolved against the config's directory.
    pub values: Vec<PathBuf>,
    /// `set`: `--set` assignments.
    pub set: Vec<String>,
    /// `set-string`: `--set-string` assignments.
    pub set_string: Vec<String>,
    /// `release-name`.
    pub release_name: Option<String>,
    /// `namespace`: the release namespace.
    pub namespace: Option<String>,
    /// `kube-version`.
    pub kube_version: Option<String>,
    /// `api-versions`.
    pub api_versions: Vec<String>,
}

fn string(node: &Node, file: &SourceFile) -> Result<String, LoadError> {
    match &node.value {
        NodeValue::String(s) => Ok(s.clone()),
        NodeValue::Int(i) => Ok(i.to_string()),
        NodeValue::Float(f) => Ok(f.to_string()),
        _ => Err(LoadError::at(file, node.span.start, "expected a string")),
    }
}

/// The paths of a list, resolved against `dir`; one that leads out of `fence` is an error at
/// its line (a path that does not exist yet is judged as written: the reader reports it).
fn paths(
    node: &Node,
    file: &SourceFile,
    dir: &Path,
    fence: &Fence,
) -> Result<Vec<PathBuf>, LoadError> {
    let names = strings(node, file)?;
    let items = node.as_seq().unwrap_or_default();
    names
        .iter()
        .zip(items)
        .map(|(name, item)| {
            let path = dir.join(name);
            confined(&path, fence)
                .map_err(|r| LoadError::at(file, item.span.start, format!("`{name}`: {r}")))?;
            Ok(path)
        })
        .collect()
}

/// Whether `path` stays inside `fence`: followed through its symlinks when it exists, judged
/// as written (from the canonical directory of its parent) when it does not.
fn confined(path: &Path, fence: &Fence) -> Result<(), Refusal> {
    match fence.resolve(path) {
        Ok(_) => Ok(()),
        Err(Refusal::Io(_)) => {
            let lexical = confine::absolute(path);
            let parent = lexical.parent().unwrap_or(&lexical);
            let parent = parent
                .canonicalize()
                .unwrap_or_else(|_| parent.to_path_buf());
            let target = confine::absolute(&parent.join(lexical.file_name().unwrap_or_default()));
            if fence.contains(&target) {
                Ok(())
            } else {
                Err(Refusal::Outside {
                    target,
                    root: fence.root().to_path_buf(),
                    symlink: false,
                })
            }
        }
        Err(r) => Err(r),
    }
}

fn helm_chart(
    node: &Node,
    file: &SourceFile,
    dir: &Path,
    fence: &Fence,
) -> Result<HelmChart, LoadError> {
    let mut h = HelmChart::default();
    for e in entries(node, file)? {
        let v = &e.value;
        match e.key.as_str() {
            "values" => h.values = paths(v, file, dir, fence)?,
            "set" => h.set = strings(v, file)?,
            "set-string" => h.set_string = strings(v, file)?,
            "release-name" => h.release_name = Some(string(v, file)?),
            "namespace" => h.namespace = Some(string(v, file)?),
            "kube-version" => h.kube_version = Some(string(v, file)?),
            "api-versions" => h.api_versions = strings(v, file)?,
            other => {
                return Err(LoadError::at(
                    file,
                    e.key_span.start,
                    format!(
                        "unknown key `{other}` for a chart (known: values, set, set-string, release-name, namespace, kube-version, api-versions)"
                    ),
                ))
            }
        }
    }
    Ok(h)
}

fn severity(node: &Node, file: &SourceFile) -> Result<Severity, LoadError> {
    match node.as_str() {
        Some("error") => Ok(Severity::Error),
        Some("warning") => Ok(Severity::Warning),
        Some("info") => Ok(Severity::Info),
        _ => Err(LoadError::at(
            file,
            node.span.start,
            "expected a severity: error, warning or info",
        )),
    }
}

fn strings(node: &Node, file: &SourceFile) -> Result<Vec<String>, LoadError> {
    let Some(items) = node.as_seq() else {
        return Err(LoadError::at(
            file,
            node.span.start,
            "expected a list of strings",
        ));
    };
    items
        .iter()
        .map(|i| {
            i.as_str()
                .map(str::to_string)
                .ok_or_else(|| LoadError::at(file, i.span.start, "expected a string"))
        })
        .collect()
}

fn entries<'a>(node: &'a Node, file: &SourceFile) -> Result<&'a [crate::source::Entry], LoadError> {
    match &node.value {
        NodeValue::Map(e) => Ok(e),
        NodeValue::Null => Ok(&[]),
        _ => Err(LoadError::at(file, node.span.start, "expected a mapping")),
    }
}

impl Config {
    /// The nearest `.tollgate.yaml` (or `.yml`) in `start` or a parent directory.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
        start
            .ancestors()
            .find_map(|dir| FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()))
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path, display: &str) -> Result<Config, LoadError> {
        let fence = Fence::around(path);
        let file: Arc<SourceFile> =
            crate::document::read_source(&fence, path, display, &Limits::default())?;
        let docs = yaml::parse_yaml(&file, &Limits::default())?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut c = Config {
            path: path.to_path_buf(),
            ..Config::default()
        };
        let Some(root) = docs.first() else {
            return Ok(c);
        };
        for e in entries(root, &file)? {
            let v = &e.value;
            match e.key.as_str() {
                "fail-on" => c.fail_on = Some(severity(v, &file)?),
                "rules" => {
                    for r in entries(v, &file)? {
                        match r.key.as_str() {
                            "disable" => c.disable = strings(&r.value, &file)?,
                            "severity" => {
                                for s in entries(&r.value, &file)? {
                                    c.severity.insert(s.key.clone(), severity(&s.value, &file)?);
                                }
                            }
                            other => {
                                return Err(LoadError::at(
                                    &file,
                                    r.key_span.start,
                                    format!("unknown key `rules.{other}` (known: disable, severity)"),
                                ))
                            }
                        }
                    }
                }
                "include" => c.include = strings(v, &file)?,
                "exclude" => c.exclude = strings(v, &file)?,
                "policies" => c.policies = paths(v, &file, &dir, &fence)?,
                "data" => c.data = paths(v, &file, &dir, &fence)?,
                "namespaces" => c.namespaces = strings(v, &file)?,
                "helm" => {
                    for chart in entries(v, &file)? {
                        let root = dir.join(&chart.key);
                        c.helm
                            .insert(root, helm_chart(&chart.value, &file, &dir, &fence)?);
                    }
                }
                "kustomize" => {
                    for k in entries(v, &file)? {
                        match k.key.as_str() {
                            "load-restrictor" => {
                                let value = string(&k.value, &file)?;
                                c.load_restrictor = Some(value.parse().map_err(|e: String| {
                                    LoadError::at(&file, k.value.span.start, e)
                                })?);
                            }
                            other => {
                                return Err(LoadError::at(
                                    &file,
                                    k.key_span.start,
                                    format!("unknown key `kustomize.{other}` (known: load-restrictor)"),
                                ))
                            }
                        }
                    }
                }
                other => {
                    return Err(LoadError::at(
                        &file,
                        e.key_span.start,
                        format!(
                            "unknown key `{other}` (known: fail-on, rules, include, exclude, policies, data, namespaces, helm, kustomize)"
                        ),
                    ))
                }
            }
        }
        // Globs must compile.
        for g in c.include.iter().chain(&c.exclude) {
            if let Err(e) = globset::Glob::new(g) {
                return Err(LoadError::whole_file(
                    display,
                    format!("bad glob {g:?}: {e}"),
                ));
            }
        }
        Ok(c)
    }

    /// Reads a conftest configuration file (`conftest.toml`): `policy` (default `policy`),
    /// `namespace`, `all-namespaces`, `data`, `combine` and `strict`, as conftest's flags. Other
    /// conftest keys (output, update, …) are accepted and ignored; a malformed file is an error.
    pub fn from_conftest_toml(path: &Path, display: &str) -> Result<Config, LoadError> {
        let fence = Fence::around(path);
        let file: Arc<SourceFile> =
            crate::document::read_source(&fence, path, display, &Limits::default())?;
        let table: toml::Table = file.text().parse().map_err(|e: toml::de::Error| {
            let at = e.span().map_or(0, |s| s.start);
            LoadError::at(&file, at, e.message().to_string())
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let list = |key: &str| -> Vec<String> {
            match table.get(key) {
                Some(toml::Value::String(s)) => vec![s.clone()],
                Some(toml::Value::Array(a)) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            }
        };
        let mut policies = list("policy");
        if policies.is_empty() {
            policies.push("policy".to_string());
        }
        let flag = |key: &str| {
            table
                .get(key)
                .and_then(toml::Value::as_bool)
                .unwrap_or(false)
        };
        let resolve = |names: &[String]| -> Result<Vec<PathBuf>, LoadError> {
            names
                .iter()
                .map(|name| {
                    let p = dir.join(name);
                    confined(&p, &fence)
                        .map_err(|r| LoadError::whole_file(display, format!("`{name}`: {r}")))?;
                    Ok(p)
                })
                .collect()
        };
        Ok(Config {
            path: path.to_path_buf(),
            policies: resolve(&policies)?,
            data: resolve(&list("data"))?,
            namespaces: list("namespace"),
            all_namespaces: flag("all-namespaces"),
            combine: flag("combine"),
            strict: flag("strict"),
            ..Config::default()
        })
    }

    /// The directory the config's relative paths and globs start from.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

/// Include/exclude globs compiled against a directory.
#[derive(Debug, Clone)]
pub(crate) struct FileFilter {
    dir: PathBuf,
    include: Option<globset::GlobSet>,
    exclude: globset::GlobSet,
}

impl FileFilter {
    pub(crate) fn new(config: &Config) -> Option<FileFilter> {
        if config.include.is_empty() && config.exclude.is_empty() {
            return None;
        }
        let set = |globs: &[String]| {
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                if let Ok(g) = globset::Glob::new(g) {
                    b.add(g);
                }
            }
            b.build().unwrap_or_else(|_| globset::GlobSet::empty())
        };
        let dir = config
            .dir()
            .canonicalize()
            .unwrap_or_else(|_| config.dir().to_path_buf());
        Some(FileFilter {
            dir,
            include: (!config.include.is_empty()).then(|| set(&config.include)),
            exclude: set(&config.exclude),
        })
    }

    /// Whether a discovered file is checked.
    pub(crate) fn keeps(&self, path: &Path) -> bool {
        let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let rel = abs.strip_prefix(&self.dir).unwrap_or(&abs);
        self.include.as_ref().is_none_or(|i| i.is_match(rel)) && !self.exclude.is_match(rel)
    }
}
