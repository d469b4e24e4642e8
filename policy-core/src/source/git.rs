//! The base of a change under review (`--base REV`): which files are new since it, and which
//! existed there and were changed since. Read with libgit2 (`git2`), no `git` binary needed.

use std::path::{Path, PathBuf};

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

/// A repository and the tree of the base revision.
pub struct Base {
    repo: git2::Repository,
    tree: git2::Oid,
    workdir: PathBuf,
    rev: String,
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
        })
    }

    /// The revision as given.
    pub fn rev(&self) -> &str {
        &self.rev
    }

    /// Every path added, modified or deleted since the base, in HEAD, the index or the work tree
    /// (untracked files included, ignored ones not), as absolute paths under the work tree.
    pub fn changed_paths(&self) -> Result<Vec<PathBuf>, String> {
        let tree = self
            .repo
            .find_tree(self.tree)
            .map_err(|e| e.message().to_string())?;
        let mut opts = git2::DiffOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_typechange(true);
        let diff = self
            .repo
            .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut opts))
            .map_err(|e| format!("--base {}: {}", self.rev, e.message()))?;
        let mut out = Vec::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(p) = file.path() {
                    out.push(self.workdir.join(p));
                }
            }
        }
        out.sort();
        out.dedup();
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
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(changed, ["V1__a.sql", "V2__b.sql", "V3__c.sql"]);
        fs::remove_file(root.join("db/V2__b.sql")).unwrap();
        let changed = head.changed_paths().unwrap();
        assert_eq!(changed.len(), 2, "{changed:?}");
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(Base::open(elsewhere.path(), "HEAD").is_err());
    }
}
