//! Chart archives (`.tgz`), read as Helm's `archive.LoadArchiveFiles` reads them: the first
//! path component (the chart directory) is dropped, absolute paths and paths leaving the
//! archive are refused, and the decompressed size and entry count are bounded. `.helmignore`
//! does not apply inside archives (as in Helm).

use std::io::Read;
use std::path::Path;

use crate::source::LoadError;

use super::{strip_bom, RawFile};

/// Largest decompressed archive, in bytes.
const MAX_DECOMPRESSED: u64 = 64 * 1024 * 1024;
/// Largest decompressed file of an archive (Helm's `MaxDecompressedFileSize`).
const MAX_FILE: u64 = 5 * 1024 * 1024;
/// Most entries of an archive.
const MAX_ENTRIES: usize = 10_000;

/// Reads the files of a gzipped chart archive. `path` and `shown` name the archive.
pub(crate) fn read_tgz(bytes: &[u8], path: &Path, shown: &str) -> Result<Vec<RawFile>, LoadError> {
    let err = |m: String| LoadError::whole_file(shown, m);
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(err("file does not appear to be a gzipped archive".into()));
    }
    let gz = flate2::read::GzDecoder::new(bytes);
    let mut ar = tar::Archive::new(gz.take(MAX_DECOMPRESSED + 1024 * 1024));
    let entries = ar
        .entries()
        .map_err(|e| err(format!("corrupt chart archive: {e}")))?;
    let mut out = Vec::new();
    let mut remaining = MAX_DECOMPRESSED;
    for (count, entry) in entries.enumerate() {
        if count >= MAX_ENTRIES {
            return Err(err(format!(
                "chart archive has more than {MAX_ENTRIES} entries"
            )));
        }
        let mut entry = entry.map_err(|e| err(format!("corrupt chart archive: {e}")))?;
        let kind = entry.header().entry_type();
        if kind.is_dir()
            || kind.is_pax_global_extensions()
            || kind.is_pax_local_extensions()
            || kind.is_gnu_longname()
            || kind.is_gnu_longlink()
        {
            continue;
        }
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if kind.is_symlink() || kind.is_hard_link() {
            return Err(err(format!(
                "chart archive contains a link ({raw}): refused"
            )));
        }
        let delim = if raw.contains('\\') { '\\' } else { '/' };
        let parts: Vec<&str> = raw.split(delim).collect();
        let rest = parts.get(1..).unwrap_or(&[]).join("/");
        if rest.starts_with('/') {
            return Err(err("chart illegally contains absolute paths".into()));
        }
        let name = clean(&rest);
        if name == "." {
            return Err(err(format!(
                "chart illegally contains content outside the base directory: {raw:?}"
            )));
        }
        if name.starts_with("..") {
            return Err(err("chart illegally references parent directory".into()));
        }
        let b = name.as_bytes();
        if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
            return Err(err("chart contains illegally named files".into()));
        }
        if parts.first() == Some(&"Chart.yaml") {
            return Err(err("chart yaml not in base directory".into()));
        }
        let size = entry.header().size().unwrap_or(u64::MAX);
        if size > remaining {
            return Err(err(format!(
                "decompressed chart is larger than the maximum size {MAX_DECOMPRESSED}"
            )));
        }
        if size > MAX_FILE {
            return Err(err(format!(
                "decompressed chart file {raw:?} is larger than the maximum file size {MAX_FILE}"
            )));
        }
        let mut data = Vec::new();
        (&mut entry)
            .take(remaining)
            .read_to_end(&mut data)
            .map_err(|e| err(format!("corrupt chart archive: {e}")))?;
        remaining -= data.len() as u64;
        if (data.len() as u64) < size {
            return Err(err(format!("corrupt chart archive: {raw} is truncated")));
        }
        strip_bom(&mut data);
        out.push(RawFile {
            display: format!("{shown}/{name}"),
            path: path.join(&name),
            name,
            data,
        });
    }
    if out.is_empty() {
        return Err(err("no files in chart archive".into()));
    }
    Ok(out)
}

/// Go's `path.Clean`.
fn clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(out.last(), Some(l) if *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}
