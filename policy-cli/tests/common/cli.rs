//! Running the `tollgate` binary from the repository root, and snapshot files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `tollgate ARGS` in `dir`, without colours.
pub fn tollgate_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tollgate")
}

/// Runs `tollgate ARGS` in the repository root.
pub fn tollgate(args: &[&str]) -> Output {
    tollgate_in(&root(), args)
}

/// The JSON on stdout (stderr in the panic message when it is not JSON).
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// Compares `actual` with `testdata/snapshots/NAME`, or writes it when UPDATE_SNAPSHOTS is set.
pub fn snapshot(name: &str, actual: &str) {
    let path = root().join("testdata/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", path.display()));
    assert_eq!(
        actual, expected,
        "snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it)"
    );
}
