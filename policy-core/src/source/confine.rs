//! Confinement: the one rule for what Tollgate may read.
//!
//! A gate runs on pull requests, so the files it reads are written by whoever opened the pull
//! request. A symlink committed as `env.yaml -> /proc/self/environ` must not make Tollgate read
//! the CI job's environment, let alone quote it in an error. Every file Tollgate reads —
//! discovered manifests and migrations, Kustomize resources and generator inputs, Helm charts
//! and values, policies, data documents, configuration — is read through a [`Fence`]:
//!
//! - its path, with every symlink and `..` followed, must resolve inside the fence's root: the
//!   git repository holding the path the user named, else that path itself
//!   ([`Fence::around`]);
//! - it must be a regular file: no FIFO, socket or device is ever opened (a FIFO would block
//!   the gate, a device would never end);
//! - it must not be on a pseudo file system (`/proc`, `/sys`, …), whatever the path: their files
//!   look regular but hold a process's environment, memory or kernel state;
//! - it is read through the handle that was checked, at most the size limit.
//!
//! Paths the operator names (command-line arguments) get the fence of their own repository;
//! paths that checked files name (a kustomization's `resources`, a `.tollgate.yaml`'s
//! `policies`, a chart's `.Files`) are judged against the fence of the file naming them.
//! A refusal ([`Refusal`]) names the path and why, never the content of what it points at.

use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// A directory nothing may be read outside of (canonical: symlinks resolved).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fence {
    root: PathBuf,
}

/// Why a path may not be read.
#[derive(Debug)]
pub enum Refusal {
    /// The path resolves outside the fence.
    Outside {
        /// Where the path resolves to.
        target: PathBuf,
        /// The fence's root.
        root: PathBuf,
        /// Whether a symlink took it there (else `..` or an absolute path).
        symlink: bool,
    },
    /// The path is on a pseudo file system (`/proc`, `/sys`, …).
    Pseudo {
        /// Where the path resolves to.
        target: PathBuf,
    },
    /// The path is not a regular file.
    NotRegular {
        /// What it is instead: `a directory`, `a FIFO`, `a socket`, `a device`.
        what: &'static str,
    },
    /// The file is larger than the limit.
    TooLarge {
        /// Its size, or the bytes read before the limit was passed.
        size: u64,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The path does not exist or cannot be read.
    Io(std::io::Error),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Outside {
                target,
                root,
                symlink: true,
            } => write!(
                f,
                "refused: symlink points outside the checked root '{}' (to '{}'); nothing outside it is read",
                root.display(),
                target.display()
            ),
            Refusal::Outside { target, root, .. } => write!(
                f,
                "refused: '{}' is outside the checked root '{}'; nothing outside it is read",
                target.display(),
                root.display()
            ),
            Refusal::Pseudo { target } => write!(
                f,
                "refused: '{}' is on a pseudo file system (/proc, /sys, …); such files are never read",
                target.display()
            ),
            Refusal::NotRegular { what } => {
                write!(f, "refused: {what}, not a regular file")
            }
            Refusal::TooLarge { size, limit } => {
                write!(f, "file is {size} bytes, over the limit of {limit} bytes")
            }
            Refusal::Io(e) => write!(f, "cannot read file: {e}"),
        }
    }
}

impl std::error::Error for Refusal {}

impl From<std::io::Error> for Refusal {
    fn from(e: std::io::Error) -> Self {
        Refusal::Io(e)
    }
}

impl Fence {
    /// The fence of a path the user named: the root of the git repository holding it (the
    /// nearest ancestor with a `.git`, looked up from the path as written, before any symlink
    /// is followed), else the path itself when it is a directory, else the directory holding
    /// it.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use policy_core::source::confine::Fence;
    /// let dir = tempfile::tempdir()?;
    /// std::fs::create_dir_all(dir.path().join("repo/.git"))?;
    /// std::fs::create_dir_all(dir.path().join("repo/deploy"))?;
    /// let fence = Fence::around(&dir.path().join("repo/deploy"));
    /// assert_eq!(fence.root(), dir.path().join("repo").canonicalize()?);
    /// # Ok(()) }
    /// ```
    pub fn around(path: &Path) -> Fence {
        let abs = absolute(path);
        let repo = abs.ancestors().find(|d| d.join(".git").exists());
        let root = match repo {
            Some(r) => r.to_path_buf(),
            None if abs.is_dir() => abs.clone(),
            None => abs.parent().map_or_else(|| abs.clone(), Path::to_path_buf),
        };
        Fence::at(&root)
    }

    /// A fence at exactly `root` (resolved to its canonical path when it exists).
    pub fn at(root: &Path) -> Fence {
        let abs = absolute(root);
        Fence {
            root: std::fs::canonicalize(&abs).unwrap_or(abs),
        }
    }

    /// The fence's root (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether a canonical path is inside the fence.
    pub fn contains(&self, canonical: &Path) -> bool {
        canonical.starts_with(&self.root)
    }

    /// `path` with every symlink and `..` resolved, if it stays inside the fence and off pseudo
    /// file systems. Whatever it is (a file, a directory) is not opened.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let abs = absolute(path);
        let target = std::fs::canonicalize(&abs)?;
        if self.contains(&target) && is_pseudo(&target) {
            return Err(Refusal::Pseudo { target });
        }
        if !self.contains(&target) {
            // Lexically inside but resolved outside: a symlink took it there.
            let lexical = std::fs::canonicalize(abs.parent().unwrap_or(&abs))
                .map(|p| p.join(abs.file_name().unwrap_or_default()))
                .unwrap_or(abs);
            let symlink = self.contains(&lexical)
                || std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            return Err(Refusal::Outside {
                target,
                root: self.root.clone(),
                symlink,
            });
        }
        Ok(target)
    }

    /// [`resolve`](Fence::resolve), and the path must be a regular file (no directory, FIFO,
    /// socket or device). Returns the canonical path.
    pub fn check_file(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let target = self.resolve(path)?;
        let meta = std::fs::metadata(&target)?;
        regular(&meta)?;
        Ok(target)
    }

    /// Reads a file inside the fence: [`check_file`](Fence::check_file), then at most
    /// `max_bytes` bytes through the opened handle (which is checked again: still a regular
    /// file). A FIFO put in its place between the check and the open cannot block the read.
    pub fn read(&self, path: &Path, max_bytes: u64) -> Result<Vec<u8>, Refusal> {
        let target = self.check_file(path)?;
        let file = open_nonblocking(&target)?;
        let meta = file.metadata()?;
        regular(&meta)?;
        if meta.len() > max_bytes {
            return Err(Refusal::TooLarge {
                size: meta.len(),
                limit: max_bytes,
            });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)?;
        if bytes.len() as u64 > max_bytes {
            return Err(Refusal::TooLarge {
                size: bytes.len() as u64,
                limit: max_bytes,
            });
        }
        Ok(bytes)
    }
}

/// What a file's metadata says it is, when it is not a regular file.
pub fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a file")
}

fn regular(meta: &std::fs::Metadata) -> Result<(), Refusal> {
    match not_regular(meta) {
        Some(what) => Err(Refusal::NotRegular { what }),
        None => Ok(()),
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(target_os = "linux")]
const NONBLOCK: i32 = rustix::fs::OFlags::NONBLOCK.bits() as i32;
#[cfg(all(unix, not(target_os = "linux")))]
const NONBLOCK: i32 = 0x0004; // O_NONBLOCK on macOS and the BSDs

/// Whether a canonical path is on a pseudo file system: below `/proc`, `/sys` or `/dev`, or
/// (Linux) on a file system whose type is procfs, sysfs, debugfs, tracefs, securityfs, cgroup
/// or configfs wherever it is mounted.
fn is_pseudo(canonical: &Path) -> bool {
    if ["/proc", "/sys", "/dev"]
        .iter()
        .any(|p| canonical.starts_with(p))
    {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        // linux/magic.h
        const PSEUDO: [u64; 7] = [
            0x9fa0,      // PROC_SUPER_MAGIC
            0x6265_6572, // SYSFS_MAGIC
            0x6462_6720, // DEBUGFS_MAGIC
            0x7472_6163, // TRACEFS_MAGIC
            0x7363_6673, // SECURITYFS_MAGIC
            0x6367_7270, // CGROUP2_SUPER_MAGIC
            0x6265_6570, // CONFIGFS_MAGIC
        ];
        if let Ok(s) = rustix::fs::statfs(canonical) {
            #[allow(clippy::unnecessary_cast)]
            let kind = s.f_type as u64;
            return PSEUDO.contains(&kind);
        }
    }
    false
}

/// `path` made absolute (against the working directory) and cleaned lexically: `.` dropped,
/// `..` removing the component before it. No symlink is followed.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn repo() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("repo");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("deploy")).unwrap();
        (tmp, root)
    }

    #[test]
    fn the_fence_is_the_repository_else_the_path() {
        let (tmp, root) = repo();
        let canon = root.canonicalize().unwrap();
        assert_eq!(Fence::around(&root.join("deploy")).root(), canon);
        assert_eq!(Fence::around(&root.join("deploy/x.yaml")).root(), canon);
        let loose = tmp.path().join("loose");
        std::fs::create_dir_all(&loose).unwrap();
        std::fs::write(loose.join("a.yaml"), "a: 1\n").unwrap();
        let canon_loose = loose.canonicalize().unwrap();
        assert_eq!(Fence::around(&loose).root(), canon_loose);
        assert_eq!(Fence::around(&loose.join("a.yaml")).root(), canon_loose);
    }

    #[test]
    fn symlinks_inside_are_followed_and_outside_refused() {
        let (tmp, root) = repo();
        std::fs::write(root.join("deploy/a.yaml"), "a: 1\n").unwrap();
        std::fs::write(tmp.path().join("secret.yaml"), "s: 1\n").unwrap();
        symlink("a.yaml", root.join("deploy/in.yaml")).unwrap();
        symlink(tmp.path().join("secret.yaml"), root.join("deploy/out.yaml")).unwrap();
        symlink("/proc/self/environ", root.join("deploy/env.yaml")).unwrap();
        let fence = Fence::around(&root);
        assert_eq!(
            fence.read(&root.join("deploy/in.yaml"), 100).unwrap(),
            b"a: 1\n"
        );
        let out = fence.read(&root.join("deploy/out.yaml"), 100).unwrap_err();
        assert!(
            matches!(out, Refusal::Outside { symlink: true, .. }),
            "{out:?}"
        );
        assert!(out.to_string().contains("symlink points outside"), "{out}");
        let env = fence.read(&root.join("deploy/env.yaml"), 100).unwrap_err();
        assert!(
            matches!(env, Refusal::Outside { symlink: true, .. }),
            "{env:?}"
        );
        // `..` out of the fence, without a symlink.
        let up = fence.read(&root.join("../secret.yaml"), 100).unwrap_err();
        assert!(
            matches!(up, Refusal::Outside { symlink: false, .. }),
            "{up:?}"
        );
    }

    #[test]
    fn pseudo_files_are_refused_whatever_the_fence() {
        let fence = Fence::at(Path::new("/"));
        for p in ["/proc/self/environ", "/proc/self/cmdline", "/dev/null"] {
            let e = fence.read(Path::new(p), 1 << 20).unwrap_err();
            assert!(matches!(e, Refusal::Pseudo { .. }), "{p}: {e:?}");
        }
    }

    #[test]
    fn fifos_sockets_and_directories_are_not_opened() {
        let (_tmp, root) = repo();
        let fifo = root.join("deploy/fifo.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let fence = Fence::around(&root);
        if made.is_ok_and(|s| s.success()) {
            let e = fence.read(&fifo, 100).unwrap_err();
            assert!(matches!(e, Refusal::NotRegular { what: "a FIFO" }), "{e:?}");
        }
        let sock = root.join("deploy/s.yaml");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        let e = fence.read(&sock, 100).unwrap_err();
        assert!(
            matches!(e, Refusal::NotRegular { what: "a socket" }),
            "{e:?}"
        );
        let e = fence.read(&root.join("deploy"), 100).unwrap_err();
        assert!(
            matches!(
                e,
                Refusal::NotRegular {
                    what: "a directory"
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn sizes_are_limited() {
        let (_tmp, root) = repo();
        std::fs::write(root.join("deploy/big.yaml"), "x".repeat(101)).unwrap();
        let e = Fence::around(&root)
            .read(&root.join("deploy/big.yaml"), 100)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "file is 101 bytes, over the limit of 100 bytes"
        );
    }
}
