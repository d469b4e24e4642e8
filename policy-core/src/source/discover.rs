//! Discovery: turn the paths a user gives into units, honouring `.gitignore` and hidden files.
//!
//! A directory is classified by what it holds: `Chart.yaml` makes a Helm chart,
//! `kustomization.yaml|yml` or `Kustomization` a Kustomize root, `*.sql` files a migration set;
//! the remaining `*.yaml|*.yml|*.json` files of a directory form one manifest unit.
//!
//! Nothing outside the checked root is read ([`confine`](super::confine)): a symlink among the
//! candidate files, or a symlinked directory, that resolves outside the root of the path given
//! (its git repository, else the path itself) is an input error naming the link, and so is a
//! candidate that is not a regular file (a FIFO, a socket, a device). A symlinked directory
//! inside the root is not descended: its files are checked where they live.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::confine::{not_regular, Fence};
pub use super::walk::WalkSkip;
use super::walk::{walker, IgnoreFiles, WalkFilter};

/// What a unit is, and so how it is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitKind {
    /// Plain Kubernetes manifests (YAML or JSON): the loose manifest files of one directory,
    /// or one file named on the command line.
    Manifests,
    /// A Helm chart (a directory with `Chart.yaml`).
    HelmChart,
    /// A Kustomize root (a directory with a kustomization file).
    Kustomize,
    /// A directory of SQL migrations.
    Migrations,
}

impl UnitKind {
    /// A short lowercase name: `manifests`, `helm-chart`, `kustomize`, `migrations`.
    pub fn name(self) -> &'static str {
        match self {
            UnitKind::Manifests => "manifests",
            UnitKind::HelmChart => "helm-chart",
            UnitKind::Kustomize => "kustomize",
            UnitKind::Migrations => "migrations",
        }
    }
}

/// What is checked together: its kind, the directory (or file) it stands for, and its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The kind of unit.
    pub kind: UnitKind,
    /// The unit's root: a directory, or the file itself for a single named file.
    pub root: PathBuf,
    /// The files of the unit, sorted.
    pub files: Vec<PathBuf>,
    /// What the unit may read: the fence of the path it was discovered under
    /// ([`Fence::around`]).
    pub fence: Fence,
}

/// A path that could not be discovered (missing, unreadable directory, unsupported file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DiscoverError {
    /// The path concerned.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// Options of discovery.
#[derive(Debug, Clone)]
pub struct DiscoverOptions {
    /// Honour `.gitignore`, `.ignore`, `.git/info/exclude` and git's global excludes (default
    /// true). Ignore files are read as checked files are: one that is refused (a FIFO, a link
    /// out of the repository) is an error, and the directory it governs is not walked.
    pub respect_gitignore: bool,
    /// Skip hidden files and directories (default true).
    pub skip_hidden: bool,
    /// A named directory that is a Kustomize root or a Helm chart is that unit alone, as
    /// `kubectl kustomize DIR` or `helm template DIR` would give it: the units below it are not
    /// checked (default false: everything under a named path is).
    pub exact: bool,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions {
            respect_gitignore: true,
            skip_hidden: true,
            exact: false,
        }
    }
}

/// The names a kustomization file may have, in kustomize's order of preference.
pub const KUSTOMIZATION_NAMES: [&str; 3] =
    ["kustomization.yaml", "kustomization.yml", "Kustomization"];

fn is_manifest_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

fn is_sql_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("sql")
}

/// Whether a file is one a check accounts for by its name: YAML, JSON, SQL, `Chart.yaml` and
/// kustomization files (a chart's templates, whatever their names, are added by [`discover_all`]).
pub fn is_candidate(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    is_manifest_file(path) || is_sql_file(path) || KUSTOMIZATION_NAMES.contains(&name)
}

/// Everything discovery found under the paths: the units, the errors, every candidate file (the
/// files a check must account for: checked, or skipped with a reason) and what the walks left
/// out (hidden and ignored entries).
#[derive(Debug, Default)]
pub struct Discovery {
    /// The units, sorted by root.
    pub units: Vec<Unit>,
    /// Paths that could not be discovered, or were refused.
    pub errors: Vec<DiscoverError>,
    /// Every candidate file found ([`is_candidate`], and any file in a chart's `templates/`),
    /// as found (below the path given), sorted.
    pub candidates: Vec<PathBuf>,
    /// Hidden and ignored entries the walks left out: directories, and files that would have
    /// been candidates.
    pub skipped: Vec<(PathBuf, WalkSkip)>,
}

/// Finds the units under `paths` (files or directories), sorted by kind-independent root path.
///
/// Files named explicitly are always taken (even if ignored); directories are walked with
/// `.gitignore` rules. Errors are returned beside the units: a missing path does not hide the
/// units of the others. [`discover_all`] also gives the candidate files and what was skipped.
pub fn discover(paths: &[PathBuf], options: &DiscoverOptions) -> (Vec<Unit>, Vec<DiscoverError>) {
    let d = discover_all(paths, options);
    (d.units, d.errors)
}

/// [`discover`], with every candidate file and every entry the walks left out.
pub fn discover_all(paths: &[PathBuf], options: &DiscoverOptions) -> Discovery {
    let mut errors = Vec::new();
    let mut units = Vec::new();
    let mut candidates = Vec::new();
    let mut skipped = Vec::new();
    let mut single_files: Vec<(PathBuf, Fence)> = Vec::new();
    for path in paths {
        let fence = Fence::around(path);
        // The named path itself must stay inside its root (a link to elsewhere is refused).
        let meta = match fence.resolve(path).and_then(|p| Ok(std::fs::metadata(p)?)) {
            Ok(m) => m,
            Err(e) => {
                errors.push(DiscoverError {
                    path: path.clone(),
                    message: match e {
                        super::confine::Refusal::Io(e) => format!("cannot read: {e}"),
                        other => other.to_string(),
                    },
                });
                continue;
            }
        };
        if !meta.is_dir() {
            if let Some(what) = not_regular(&meta) {
                errors.push(DiscoverError {
                    path: path.clone(),
                    message: format!("refused: {what}, not a regular file"),
                });
            } else if is_manifest_file(path) || is_sql_file(path) {
                single_files.push((path.clone(), fence));
            } else {
                errors.push(DiscoverError {
                    path: path.clone(),
                    message: "not a YAML, JSON or SQL file".to_string(),
                });
            }
            continue;
        }
        // All candidate files, grouped by directory.
        let mut dirs: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        let rules = options
            .respect_gitignore
            .then(|| IgnoreFiles::new(path, &fence));
        let filter = std::sync::Arc::new(WalkFilter::new(options.skip_hidden, rules, is_candidate));
        // Files below a `templates` folder: a chart's templates, whatever their names, once the
        // charts are known.
        let mut in_templates = Vec::new();
        for entry in walker(path, std::sync::Arc::clone(&filter)) {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    errors.push(DiscoverError {
                        path: path.clone(),
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let Some(t) = entry.file_type() else {
                continue;
            };
            let p = entry.path();
            let candidate = is_candidate(p);
            if t.is_symlink() {
                // A link counts when it points at a file inside the root. One that leaves the
                // root, or is broken, is an error when Tollgate would have read it (a candidate
                // file, or a directory that could hold some); a link to a directory inside the
                // root is not descended.
                match fence.resolve(p) {
                    Ok(target) => match std::fs::metadata(&target) {
                        Ok(m) if m.is_dir() => continue,
                        Ok(m) if candidate => {
                            if let Some(what) = not_regular(&m) {
                                errors.push(DiscoverError {
                                    path: p.to_path_buf(),
                                    message: format!(
                                        "refused: symlink to {what}, not a regular file"
                                    ),
                                });
                                continue;
                            }
                        }
                        _ => continue,
                    },
                    Err(super::confine::Refusal::Io(e)) => {
                        if candidate {
                            errors.push(DiscoverError {
                                path: p.to_path_buf(),
                                message: format!("cannot follow symlink: {e}"),
                            });
                        }
                        continue;
                    }
                    Err(refusal) => {
                        let is_dir = std::fs::metadata(p).is_ok_and(|m| m.is_dir());
                        if candidate || is_dir {
                            errors.push(DiscoverError {
                                path: p.to_path_buf(),
                                message: refusal.to_string(),
                            });
                        }
                        continue;
                    }
                }
            } else if t.is_dir() {
                continue;
            } else if !t.is_file() {
                if candidate {
                    let what = std::fs::symlink_metadata(p)
                        .ok()
                        .and_then(|m| not_regular(&m))
                        .unwrap_or("not a file");
                    errors.push(DiscoverError {
                        path: p.to_path_buf(),
                        message: format!("refused: {what}, not a regular file"),
                    });
                }
                continue;
            }
            if candidate {
                let p = entry.into_path();
                let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
                dirs.entry(dir).or_default().push(p);
            } else if p.components().any(|c| c.as_os_str() == "templates") {
                in_templates.push(entry.into_path());
            }
        }
        for (p, message) in filter.take_errors() {
            errors.push(DiscoverError { path: p, message });
        }
        skipped.extend(filter.take_skipped());
        candidates.extend(dirs.values().flatten().cloned());
        let found = classify(dirs, &fence);
        // A chart's templates are candidates whatever their names (`_helpers.tpl`, `NOTES.txt`).
        let charts: Vec<&Path> = found
            .iter()
            .filter(|u| u.kind == UnitKind::HelmChart)
            .map(|u| u.root.as_path())
            .collect();
        candidates.extend(in_templates.into_iter().filter(|f| {
            charts.iter().any(|c| {
                f.strip_prefix(c)
                    .is_ok_and(|rel| rel.components().any(|c| c.as_os_str() == "templates"))
            })
        }));
        units.extend(found);
    }
    candidates.extend(single_files.iter().map(|(f, _)| f.clone()));
    for (file, fence) in single_files {
        // A file inside a unit already found is not checked twice.
        if units.iter().any(|u| u.files.contains(&file)) {
            continue;
        }
        let kind = if is_sql_file(&file) {
            UnitKind::Migrations
        } else {
            UnitKind::Manifests
        };
        units.push(Unit {
            kind,
            root: file.clone(),
            files: vec![file],
            fence,
        });
    }
    units.sort_by(|a, b| a.root.cmp(&b.root).then(a.kind.cmp(&b.kind)));
    units.dedup_by(|a, b| a.kind == b.kind && a.root == b.root);
    candidates.sort();
    candidates.dedup();
    Discovery {
        units,
        errors,
        candidates,
        skipped,
    }
}

/// The root of the migration set that the SQL files of `dir` belong to: `dir` itself, except for
/// Prisma (`migrations/<timestamp>_x/migration.sql`: the set is `migrations/`) and sqitch
/// (`deploy/`, `revert/`, `verify/` beside `sqitch.plan`: the set is their parent).
fn migration_root(dir: &Path, sql: &[PathBuf]) -> PathBuf {
    let parent = dir.parent();
    let prisma = sql
        .iter()
        .all(|f| f.file_name().and_then(|n| n.to_str()) == Some("migration.sql"));
    let sqitch = matches!(
        dir.file_name().and_then(|n| n.to_str()),
        Some("deploy" | "revert" | "verify")
    ) && parent.is_some_and(|p| p.join("sqitch.plan").is_file());
    match parent {
        Some(p) if prisma || sqitch => p.to_path_buf(),
        _ => dir.to_path_buf(),
    }
}

fn classify(dirs: BTreeMap<PathBuf, Vec<PathBuf>>, fence: &Fence) -> Vec<Unit> {
    let has = |files: &[PathBuf], names: &[&str]| {
        files.iter().any(|f| {
            f.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| names.contains(&n))
        })
    };
    // Chart roots own everything below them.
    let chart_roots: Vec<PathBuf> = dirs
        .iter()
        .filter(|(_, files)| has(files, &["Chart.yaml"]))
        .map(|(d, _)| d.clone())
        .collect();
    let in_chart = |dir: &Path| chart_roots.iter().find(|root| dir.starts_with(root));
    let mut charts: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut migrations: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut units = Vec::new();
    for (dir, files) in dirs {
        if let Some(root) = in_chart(&dir) {
            charts.entry(root.clone()).or_default().extend(files);
            continue;
        }
        if has(&files, &KUSTOMIZATION_NAMES) {
            units.push(Unit {
                kind: UnitKind::Kustomize,
                root: dir,
                files,
                fence: fence.clone(),
            });
            continue;
        }
        let (sql, rest): (Vec<PathBuf>, Vec<PathBuf>) =
            files.into_iter().partition(|f| is_sql_file(f));
        if !sql.is_empty() {
            migrations
                .entry(migration_root(&dir, &sql))
                .or_default()
                .extend(sql);
        }
        let manifests: Vec<PathBuf> = rest.into_iter().filter(|f| is_manifest_file(f)).collect();
        if !manifests.is_empty() {
            units.push(Unit {
                kind: UnitKind::Manifests,
                root: dir,
                files: manifests,
                fence: fence.clone(),
            });
        }
    }
    for (root, mut files) in migrations {
        files.sort();
        units.push(Unit {
            kind: UnitKind::Migrations,
            root,
            files,
            fence: fence.clone(),
        });
    }
    for (root, mut files) in charts {
        files.sort();
        units.push(Unit {
            kind: UnitKind::HelmChart,
            root,
            files,
            fence: fence.clone(),
        });
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(root: &Path, rel: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "a: 1\n").unwrap();
    }

    #[test]
    fn classifies_directories_and_honours_gitignore() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path();
        touch(r, "apps/web.yaml");
        touch(r, "apps/svc.json");
        touch(r, "apps/README.md");
        touch(r, "charts/web/Chart.yaml");
        touch(r, "charts/web/templates/deploy.yaml");
        touch(r, "overlays/prod/kustomization.yaml");
        touch(r, "overlays/prod/patch.yaml");
        touch(r, "db/migrations/V1__init.sql");
        touch(r, "ignored/x.yaml");
        touch(r, ".hidden/x.yaml");
        fs::write(r.join(".gitignore"), "ignored/\n").unwrap();

        let (units, errors) = discover(&[r.to_path_buf()], &DiscoverOptions::default());
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<(UnitKind, String, usize)> = units
            .iter()
            .map(|u| {
                (
                    u.kind,
                    u.root.strip_prefix(r).unwrap().display().to_string(),
                    u.files.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (UnitKind::Manifests, "apps".to_string(), 2),
                (UnitKind::HelmChart, "charts/web".to_string(), 2),
                (UnitKind::Migrations, "db/migrations".to_string(), 1),
                (UnitKind::Kustomize, "overlays/prod".to_string(), 2),
            ]
        );
    }

    #[test]
    fn prisma_and_sqitch_sets_are_grouped_at_their_root() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path();
        touch(r, "prisma/migrations/1_init/migration.sql");
        touch(r, "prisma/migrations/10_add/migration.sql");
        touch(r, "prisma/migrations/9_more/migration.sql");
        touch(r, "db/deploy/users.sql");
        touch(r, "db/revert/users.sql");
        fs::write(
            r.join("db/sqitch.plan"),
            "users 2024-01-01T00:00:00Z a <a@b>\n",
        )
        .unwrap();
        let (units, errors) = discover(&[r.to_path_buf()], &DiscoverOptions::default());
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<(UnitKind, String, usize)> = units
            .iter()
            .map(|u| {
                let root = u.root.strip_prefix(r).unwrap().display().to_string();
                (u.kind, root, u.files.len())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (UnitKind::Migrations, "db".to_string(), 2),
                (UnitKind::Migrations, "prisma/migrations".to_string(), 3),
            ]
        );
    }

    #[test]
    fn missing_paths_are_errors_and_do_not_hide_others() {
        let tmp = tempfile::tempdir().unwrap();
        touch(tmp.path(), "a.yaml");
        let (units, errors) = discover(
            &[tmp.path().join("nope"), tmp.path().join("a.yaml")],
            &DiscoverOptions::default(),
        );
        assert_eq!(units.len(), 1);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("cannot read"));
    }
}
