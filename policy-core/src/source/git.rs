//! The base of a change under review (`--base REV`): which files are new since it, and which
//! existed there and were changed since. Read with libgit2 (`git2`), no `git` binary needed.

use std::path::{Path, PathBuf};

/// The file mode git gives a symlink.
const GIT_SYMLINK_MODE: u32 = 0o120000;

/// How many staged symlinks in a row are followed (Linux's own limit).
const MAX_LINKS: usize = 40;

/// What a file is relative to the base revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseStatus {
    /// Absent at the base: added by the change.
    New,
    /// Present at the base with the same content.
    Unchanged,
    /// Present at the base with other content (changed in HEAD or in the work tree).
    Edited,
}

/// A path changed since the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The absolute path under the work tree.
    pub path: PathBuf,
    /// Whether the change removed it.
    pub deleted: bool,
}

/// A repository and the tree of the base revision; in staged mode (`--staged`), the base is
/// HEAD and the files are read as they are staged in the index, not from the work tree.
pub struct Base {
    repo: git2::Repository,
    tree: git2::Oid,
    workdir: PathBuf,
    rev: String,
    /// Staged mode: the index's entries (path relative to the work tree → blob and file mode),
    /// read once.
    index: Option<std::collections::HashMap<PathBuf, (git2::Oid, u32)>>,
}

impl std::fmt::Debug for Base {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Base")
            .field("rev", &self.rev)
            .field("workdir", &self.workdir)
            .finish()
    }
}

impl Base {
    /// Opens the repository containing `dir` and resolves `rev` (a branch, tag, commit or any
    /// revision git understands, e.g. `origin/main` or `HEAD~3`).
    pub fn open(dir: &Path, rev: &str) -> Result<Base, String> {
        let repo = git2::Repository::discover(dir).map_err(|e| {
            format!(
                "--base {rev}: {} is not in a git repository ({})",
                dir.display(),
                e.message()
            )
        })?;
        let tree = repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_tree())
            .map_err(|e| format!("--base {rev}: no such revision ({})", e.message()))?
            .id();
        let workdir = repo
            .workdir()
            .ok_or_else(|| format!("--base {rev}: the repository has no work tree"))?;
        let workdir = workdir
            .canonicalize()
            .unwrap_or_else(|_| workdir.to_path_buf());
        Ok(Base {
            repo,
            tree,
            workdir,
            rev: rev.to_string(),
            index: None,
        })
    }

    /// Staged mode: the repository containing `dir`, HEAD as the base (an empty tree before
    /// the first commit), and the index as the content to check.
    pub fn open_staged(dir: &Path) -> Result<Base, String> {
        let repo = git2::Repository::discover(dir).map_err(|e| {
            format!(
                "--staged: {} is not in a git repository ({})",
                dir.display(),
                e.message()
            )
        })?;
        let tree = match repo.head().and_then(|h| h.peel_to_tree()) {
            Ok(t) => t.id(),
            // No commit yet: everything staged is new.
            Err(_) => repo
                .treebuilder(None)
                .and_then(|b| b.write())
                .map_err(|e| format!("--staged: {}", e.message()))?,
        };
        let index: std::collections::HashMap<PathBuf, (git2::Oid, u32)> = repo
            .index()
            .map_err(|e| format!("--staged: cannot read the index ({})", e.message()))?
            .iter()
            .filter(|e| (e.flags >> 12) & 0x3 == 0) // stage 0: not a conflict side
            .map(|e| {
                (
                    PathBuf::from(String::from_utf8_lossy(&e.path).into_owned()),
                    (e.id, e.mode),
                )
            })
            .collect();
        let workdir = repo
            .workdir()
            .ok_or("--staged: the repository has no work tree")?;
        let workdir = workdir
            .canonicalize()
            .unwrap_or_else(|_| workdir.to_path_buf());
        Ok(Base {
            repo,
            tree,
            workdir,
            rev: "HEAD".to_string(),
            index: Some(index),
        })
    }

    /// Whether files are read from the index (`--staged`).
    pub fn is_staged(&self) -> bool {
        self.index.is_some()
    }

    /// In staged mode, a file's content as staged: `Ok(None)` when the index does not hold it
    /// (an untracked or unstaged-new file, not part of the commit). Outside staged mode, `None`.
    ///
    /// A symlink staged in the index (mode 120000: its blob is the link's target) is followed
    /// through the index, and refused when its target leaves the repository: the commit holds
    /// a link, not a file, whatever the work tree holds at that path.
    pub fn staged_content(&self, path: &Path) -> Result<Option<Vec<u8>>, String> {
        let Some(index) = &self.index else {
            return Ok(None);
        };
        // The path as written, below the work tree: its directories resolved, its last
        // component not (the work tree may hold a link where the index holds a file, or the
        // other way round).
        let abs = super::confine::absolute(path);
        let parent = abs.parent().unwrap_or(&abs);
        let parent = parent
            .canonicalize()
            .unwrap_or_else(|_| parent.to_path_buf());
        let abs = parent.join(abs.file_name().unwrap_or_default());
        let Ok(rel) = abs.strip_prefix(&self.workdir) else {
            return Ok(None);
        };
        let mut rel = rel.to_path_buf();
        for _ in 0..MAX_LINKS {
            let Some((id, mode)) = index.get(&rel) else {
                return Ok(None);
            };
            let blob = self
                .repo
                .find_blob(*id)
                .map_err(|e| format!("{}: {}", path.display(), e.message()))?;
            if *mode != GIT_SYMLINK_MODE {
                return Ok(Some(blob.content().to_vec()));
            }
            let target = PathBuf::from(String::from_utf8_lossy(blob.content()).into_owned());
            let joined = self
                .workdir
                .join(rel.parent().unwrap_or(Path::new("")))
                .join(&target);
            let next = super::confine::absolute(&joined);
            match next.strip_prefix(&self.workdir) {
                Ok(r) if !r.as_os_str().is_empty() => rel = r.to_path_buf(),
                _ => {
                    return Err(super::confine::Refusal::Outside {
                        target: next,
                        root: self.workdir.clone(),
                        symlink: true,
                    }
                    .to_string())
                }
            }
        }
        Err(format!(
            "more than {MAX_LINKS} symlinks staged in a row (a loop?)"
        ))
    }

    /// The revision as given.
    pub fn rev(&self) -> &str {
        &self.rev
    }

    /// Every path added, modified or deleted since the base, in HEAD, the index or the work tree
    /// (untracked files included, ignored ones not), as absolute paths under the work tree.
    pub fn changed_paths(&self) -> Result<Vec<Changed>, String> {
        let tree = self
            .repo
            .find_tree(self.tree)
            .map_err(|e| e.message().to_string())?;
        let mut opts = git2::DiffOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_typechange(true);
        let diff = match &self.index {
            Some(_) => self.repo.index().and_then(|index| {
                self.repo
                    .diff_tree_to_index(Some(&tree), Some(&index), Some(&mut opts))
            }),
            None => self
                .repo
                .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut opts)),
        }
        .map_err(|e| format!("--base {}: {}", self.rev, e.message()))?;
        let mut out = Vec::new();
        for delta in diff.deltas() {
            let deleted = delta.status() == git2::Delta::Deleted;
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(p) = file.path() {
                    out.push(Changed {
                        path: self.workdir.join(p),
                        deleted,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path).then(a.deleted.cmp(&b.deleted)));
        out.dedup_by(|a, b| a.path == b.path);
        Ok(out)
    }

    /// Whether `path` (whose current content is `content`) is new, unchanged or edited since
    /// the base. A file outside the repository counts as new.
    pub fn status(&self, path: &Path, content: &[u8]) -> Result<BaseStatus, String> {
        let abs = path
            .canonicalize()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let Ok(rel) = abs.strip_prefix(&self.workdir) else {
            return Ok(BaseStatus::New);
        };
        let tree = self
            .repo
            .find_tree(self.tree)
            .map_err(|e| e.message().to_string())?;
        let entry = match tree.get_path(rel) {
            Ok(e) => e,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(BaseStatus::New),
            Err(e) => return Err(e.message().to_string()),
        };
        let blob = match entry.to_object(&self.repo).and_then(|o| o.peel_to_blob()) {
            Ok(b) => b,
            // A directory or submodule at the base where a file is now.
            Err(_) => return Ok(BaseStatus::New),
        };
        Ok(if blob.content() == content {
            BaseStatus::Unchanged
        } else {
            BaseStatus::Edited
        })
    }
}

/// The hooks directory of the repository containing `dir`: `core.hooksPath` when set (relative
/// to the work tree), else `.git/hooks`.
pub fn hooks_dir(dir: &Path) -> Result<PathBuf, String> {
    let repo = git2::Repository::discover(dir).map_err(|e| {
        format!(
            "{} is not in a git repository ({})",
            dir.display(),
            e.message()
        )
    })?;
    let configured = repo
        .config()
        .and_then(|c| c.get_path("core.hooksPath"))
        .ok();
    Ok(match (configured, repo.workdir()) {
        (Some(p), Some(w)) if p.is_relative() => w.join(p),
        (Some(p), _) => p,
        (None, _) => repo.path().join("hooks"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn commit_all(repo: &git2::Repository, message: &str) -> git2::Oid {
        let mut index = repo.index().unwrap();
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("t", "t@example.com").unwrap();
        let parents: Vec<git2::Commit> = repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    #[test]
    fn new_unchanged_and_edited_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let repo = git2::Repository::init(root).unwrap();
        fs::create_dir_all(root.join("db")).unwrap();
        fs::write(root.join("db/V1__a.sql"), "CREATE TABLE a (id int);\n").unwrap();
        fs::write(root.join("db/V2__b.sql"), "CREATE TABLE b (id int);\n").unwrap();
        let first = commit_all(&repo, "one");
        fs::write(root.join("db/V2__b.sql"), "CREATE TABLE b (id bigint);\n").unwrap();
        fs::write(root.join("db/V3__c.sql"), "CREATE TABLE c (id int);\n").unwrap();
        commit_all(&repo, "two");
        // A work-tree edit too.
        fs::write(
            root.join("db/V1__a.sql"),
            "CREATE TABLE a (id int, x int);\n",
        )
        .unwrap();

        let base = Base::open(root, &first.to_string()).unwrap();
        let status = |name: &str| {
            let p = root.join("db").join(name);
            base.status(&p, &fs::read(&p).unwrap()).unwrap()
        };
        assert_eq!(status("V1__a.sql"), BaseStatus::Edited);
        assert_eq!(status("V2__b.sql"), BaseStatus::Edited);
        assert_eq!(status("V3__c.sql"), BaseStatus::New);
        let head = Base::open(root, "HEAD").unwrap();
        let p = root.join("db/V2__b.sql");
        assert_eq!(
            head.status(&p, &fs::read(&p).unwrap()).unwrap(),
            BaseStatus::Unchanged
        );
        assert!(Base::open(root, "no-such-branch")
            .unwrap_err()
            .contains("no such revision"));
        // Changed since the first commit: V1 (work tree), V2 (commit), V3 (new); then a deletion.
        let changed: Vec<String> = base
            .changed_paths()
            .unwrap()
            .iter()
            .map(|c| c.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(changed, ["V1__a.sql", "V2__b.sql", "V3__c.sql"]);
        fs::remove_file(root.join("db/V2__b.sql")).unwrap();
        let changed = head.changed_paths().unwrap();
        assert_eq!(changed.len(), 2, "{changed:?}");
        assert!(changed
            .iter()
            .any(|c| c.deleted && c.path.ends_with("V2__b.sql")));

        // Staged mode reads the index: stage an edit of V3, then edit the work tree again.
        fs::write(root.join("db/V3__c.sql"), "CREATE TABLE c (id bigint);\n").unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("db/V3__c.sql")).unwrap();
        index.write().unwrap();
        fs::write(root.join("db/V3__c.sql"), "work tree only\n").unwrap();
        let staged = Base::open_staged(root).unwrap();
        let content = staged
            .staged_content(&root.join("db/V3__c.sql"))
            .unwrap()
            .unwrap();
        assert_eq!(content, b"CREATE TABLE c (id bigint);\n");
        let names: Vec<String> = staged
            .changed_paths()
            .unwrap()
            .iter()
            .map(|c| c.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["V3__c.sql"],
            "only what is staged differs from HEAD"
        );
        fs::write(root.join("db/untracked.sql"), "SELECT 1;\n").unwrap();
        assert_eq!(
            staged
                .staged_content(&root.join("db/untracked.sql"))
                .unwrap(),
            None
        );
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(Base::open(elsewhere.path(), "HEAD").is_err());
    }
}
