//! Directory walks that honour `.gitignore` and `.ignore` files as git and ripgrep do, reading
//! those files as checked files are read ([`confine`](super::confine)).
//!
//! The `ignore` crate walks the tree, but its own readers open every ignore file they meet,
//! following symlinks: a `.gitignore` that is a FIFO blocks the walk for ever, and one linked to
//! `/proc/self/environ` is read. So its readers are off, and [`IgnoreFiles`] supplies the same
//! rules through `filter_entry`: each directory's `.ignore` and `.gitignore` read through the
//! walk's [`Fence`] (a refused one is an error naming it, and the directory it governs is not
//! walked: failing closed rather than checking files the repository meant to ignore), the
//! repository's `.git/info/exclude` and git's global excludes file. Precedence is the `ignore`
//! crate's: the deepest `.ignore` match wins, then the deepest `.gitignore` match (stopping at
//! the nearest repository root), then the exclude files. Ignore files above the fence's root
//! are not read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

use super::confine::{absolute, Fence};
use super::Limits;

/// The ignore files' rules for a walk, read lazily per directory.
pub(crate) struct IgnoreFiles {
    fence: Fence,
    /// The walk's root as given, and absolute.
    root: PathBuf,
    abs_root: PathBuf,
    /// The highest directory whose ignore files apply: the repository root above the walk's
    /// root (found as [`Fence::around`] finds it, before symlinks), else the walk's root.
    top: PathBuf,
    levels: Mutex<HashMap<PathBuf, Arc<Level>>>,
    global: Gitignore,
    errors: Mutex<Vec<(PathBuf, String)>>,
}

/// The rules of one directory.
struct Level {
    ignore: Option<Gitignore>,
    gitignore: Option<Gitignore>,
    exclude: Option<Gitignore>,
    has_git: bool,
    /// An ignore file here was refused: nothing below is walked.
    refused: Option<PathBuf>,
}

impl IgnoreFiles {
    /// The rules for a walk of `root` (a directory) confined to `fence`.
    pub(crate) fn new(root: &Path, fence: &Fence) -> IgnoreFiles {
        // git's global excludes file (core.excludesFile): the machine's, not the repository's.
        let (global, _) = GitignoreBuilder::new("").build_global();
        let abs_root = absolute(root);
        let top = abs_root
            .ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(&abs_root)
            .to_path_buf();
        IgnoreFiles {
            fence: fence.clone(),
            root: root.to_path_buf(),
            top,
            abs_root,
            levels: Mutex::new(HashMap::new()),
            global,
            errors: Mutex::new(Vec::new()),
        }
    }

    /// Whether the rules ignore `path` (an entry below the root): `None` when they keep it,
    /// else why not.
    pub(crate) fn ignored_by(&self, path: &Path, is_dir: bool) -> Option<WalkSkip> {
        let abs = match path.strip_prefix(&self.root) {
            Ok(rel) => self.abs_root.join(rel),
            Err(_) => absolute(path),
        };
        let parent = abs.parent()?;
        // The directories whose rules apply, deepest first, up to the top.
        let mut levels = Vec::new();
        for dir in parent.ancestors().take_while(|d| d.starts_with(&self.top)) {
            let level = self.level(dir);
            if let Some(file) = &level.refused {
                return Some(WalkSkip::Refused(file.clone()));
            }
            levels.push(level);
        }
        let (mut m_ignore, mut m_gi, mut m_exclude) = (Match::None, Match::None, Match::None);
        let mut saw_git = false;
        for level in &levels {
            if m_ignore.is_none() {
                if let Some(g) = &level.ignore {
                    m_ignore = g.matched(&abs, is_dir);
                }
            }
            if !saw_git && m_gi.is_none() {
                if let Some(g) = &level.gitignore {
                    m_gi = g.matched(&abs, is_dir);
                }
            }
            if !saw_git && m_exclude.is_none() {
                if let Some(g) = &level.exclude {
                    m_exclude = g.matched(&abs, is_dir);
                }
            }
            saw_git = saw_git || level.has_git;
        }
        let m = match (m_ignore, m_gi, m_exclude) {
            (m, _, _) if !m.is_none() => m,
            (_, m, _) if !m.is_none() => m,
            (_, _, m) if !m.is_none() => m,
            _ => self.global.matched(&abs, is_dir),
        };
        match m {
            Match::Ignore(glob) => Some(WalkSkip::Ignored(glob.from().map(Path::to_path_buf))),
            _ => None,
        }
    }

    /// The ignore files refused (path, why), sorted.
    pub(crate) fn take_errors(&self) -> Vec<(PathBuf, String)> {
        let mut errors = std::mem::take(&mut *lock(&self.errors));
        errors.sort();
        errors.dedup();
        errors
    }

    fn level(&self, dir: &Path) -> Arc<Level> {
        if let Some(l) = lock(&self.levels).get(dir) {
            return Arc::clone(l);
        }
        let mut refused = None;
        let mut read = |path: PathBuf| -> Option<Gitignore> {
            if std::fs::symlink_metadata(&path).is_err() {
                return None;
            }
            match self.fence.read(&path, Limits::default().max_file_bytes) {
                Ok(bytes) => {
                    let mut b = GitignoreBuilder::new(dir);
                    for line in String::from_utf8_lossy(&bytes).lines() {
                        // A malformed pattern is skipped, as git skips it.
                        let _ = b.add_line(Some(path.clone()), line);
                    }
                    b.build().ok()
                }
                Err(e) => {
                    lock(&self.errors).push((path.clone(), e.to_string()));
                    refused = Some(path);
                    None
                }
            }
        };
        let ignore = read(dir.join(".ignore"));
        let gitignore = read(dir.join(".gitignore"));
        let has_git = dir.join(".git").exists();
        // `.git/info/exclude` is written by git on this machine, not by the repository's authors.
        let exclude = has_git.then(|| {
            let mut b = GitignoreBuilder::new(dir);
            b.add(dir.join(".git/info/exclude"));
            b.build().ok()
        });
        let level = Arc::new(Level {
            ignore,
            gitignore,
            exclude: exclude.flatten(),
            has_git,
            refused,
        });
        lock(&self.levels).insert(dir.to_path_buf(), Arc::clone(&level));
        level
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Why a walk left an entry out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkSkip {
    /// A hidden file or directory (its name starts with a dot).
    Hidden,
    /// Ignored by this ignore file (`None`: git's global excludes file).
    Ignored(Option<PathBuf>),
    /// In a directory whose ignore file (this one) was refused: failing closed.
    Refused(PathBuf),
}

/// What a walk keeps, and a record of what it leaves out: hidden entries and entries the ignore
/// files ignore, directories and the files `record` selects (never `.git` itself).
pub(crate) struct WalkFilter {
    skip_hidden: bool,
    rules: Option<IgnoreFiles>,
    record: fn(&Path) -> bool,
    skipped: Mutex<Vec<(PathBuf, WalkSkip)>>,
}

impl WalkFilter {
    /// A filter skipping hidden entries when `skip_hidden`, applying `rules` when given, and
    /// recording the skipped directories and the skipped files `record` accepts.
    pub(crate) fn new(
        skip_hidden: bool,
        rules: Option<IgnoreFiles>,
        record: fn(&Path) -> bool,
    ) -> Self {
        WalkFilter {
            skip_hidden,
            rules,
            record,
            skipped: Mutex::new(Vec::new()),
        }
    }

    fn keeps(&self, e: &ignore::DirEntry) -> bool {
        if e.depth() == 0 {
            return true;
        }
        let path = e.path();
        let is_dir = e.file_type().is_some_and(|t| t.is_dir());
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let why = if self.skip_hidden && name.starts_with('.') {
            Some(WalkSkip::Hidden)
        } else {
            self.rules.as_ref().and_then(|r| r.ignored_by(path, is_dir))
        };
        let Some(why) = why else {
            return true;
        };
        if name != ".git" && (is_dir || (self.record)(path)) {
            lock(&self.skipped).push((path.to_path_buf(), why));
        }
        false
    }

    /// The entries left out, sorted by path.
    pub(crate) fn take_skipped(&self) -> Vec<(PathBuf, WalkSkip)> {
        let mut out = std::mem::take(&mut *lock(&self.skipped));
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The ignore files refused (path, why), sorted.
    pub(crate) fn take_errors(&self) -> Vec<(PathBuf, String)> {
        self.rules
            .as_ref()
            .map(IgnoreFiles::take_errors)
            .unwrap_or_default()
    }
}

/// A walk of `root` in path order through `filter`, symlinks not followed.
pub(crate) fn walker(root: &Path, filter: Arc<WalkFilter>) -> ignore::Walk {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(move |e| filter.keeps(e));
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// The files a walk of `start` keeps, relative to `root`.
    fn kept(root: &Path, start: &str) -> Vec<String> {
        let start = root.join(start);
        let rules = IgnoreFiles::new(&start, &Fence::around(&start));
        let filter = Arc::new(WalkFilter::new(true, Some(rules), |_| true));
        let mut out: Vec<String> = walker(&start, Arc::clone(&filter))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(|e| e.path().strip_prefix(root).unwrap().display().to_string())
            .collect();
        out.sort();
        assert!(filter.take_errors().is_empty());
        out
    }

    #[test]
    fn ignore_files_apply_as_in_git_and_ripgrep() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path();
        std::fs::create_dir(r.join(".git")).unwrap();
        write(r, ".gitignore", "*.tmp.yaml\nbuild/\n");
        write(r, "a.yaml", "");
        write(r, "a.tmp.yaml", "");
        write(r, "build/b.yaml", "");
        write(r, "apps/.gitignore", "!keep.tmp.yaml\nsecret*.yaml\n");
        write(r, "apps/keep.tmp.yaml", "");
        write(r, "apps/drop.tmp.yaml", "");
        write(r, "apps/secret-1.yaml", "");
        // `.ignore` wins over `.gitignore`, at any depth.
        write(r, "apps/web/.ignore", "!secret-2.yaml\n");
        write(r, "apps/web/secret-2.yaml", "");
        write(r, "apps/web/.hidden.yaml", "");
        // Hidden files (the ignore files themselves, `.hidden.yaml`) are skipped too.
        assert_eq!(
            kept(r, "."),
            ["a.yaml", "apps/keep.tmp.yaml", "apps/web/secret-2.yaml"]
        );
        // Walking a subdirectory, the repository's ignore files above it still apply.
        assert_eq!(
            kept(r, "apps"),
            ["apps/keep.tmp.yaml", "apps/web/secret-2.yaml"]
        );
        // A nested repository does not inherit the outer one's `.gitignore`.
        std::fs::create_dir_all(r.join("vendor/lib/.git")).unwrap();
        write(r, "vendor/lib/x.tmp.yaml", "");
        assert_eq!(kept(r, "vendor"), ["vendor/lib/x.tmp.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn refused_ignore_files_are_errors_and_fail_closed() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path();
        std::fs::create_dir(r.join(".git")).unwrap();
        write(r, "ok/a.yaml", "");
        write(r, "bad/b.yaml", "");
        std::os::unix::fs::symlink("/proc/self/environ", r.join("bad/.gitignore")).unwrap();
        let rules = IgnoreFiles::new(r, &Fence::around(r));
        let filter = Arc::new(WalkFilter::new(true, Some(rules), |_| true));
        let files: Vec<PathBuf> = walker(r, Arc::clone(&filter))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(|e| e.into_path())
            .collect();
        assert_eq!(files, [r.join("ok/a.yaml")]);
        let errors = filter.take_errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let bad = r.join("bad/.gitignore");
        assert_eq!(
            filter.take_skipped(),
            [
                (bad.clone(), WalkSkip::Hidden),
                (r.join("bad/b.yaml"), WalkSkip::Refused(absolute(&bad)))
            ]
        );
        assert_eq!(errors[0].0, absolute(&r.join("bad/.gitignore")));
        assert!(
            errors[0].1.contains("outside the checked root"),
            "{errors:?}"
        );
    }
}
