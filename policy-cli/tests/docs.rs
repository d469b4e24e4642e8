//! The committed rule docs (`docs/rules/`) are what `tollgate docs` writes now: a rule's
//! METADATA or fixtures changed without regenerating them fails here.

use std::path::Path;
use std::process::Command;

#[test]
fn committed_rule_docs_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .arg("docs")
        .arg(tmp.path())
        .output()
        .expect("run tollgate docs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let committed = root.join("docs/rules");
    let generated = names(tmp.path());
    assert_eq!(
        names(&committed),
        generated,
        "regenerate: cargo run -p policy-cli -- docs docs/rules"
    );
    assert!(generated.len() > 40);
    for name in generated {
        let want = std::fs::read_to_string(tmp.path().join(&name)).unwrap();
        let have = std::fs::read_to_string(committed.join(&name)).unwrap();
        assert!(
            want == have,
            "docs/rules/{name} is out of date: cargo run -p policy-cli -- docs docs/rules"
        );
    }
    // A page holds the why, the fix and both examples.
    let page = std::fs::read_to_string(committed.join("privileged-container.md")).unwrap();
    for part in [
        "## Why",
        "## Fix",
        "## Bad: the rule fires",
        "## Good: the rule is satisfied",
        "privileged: true",
    ] {
        assert!(page.contains(part), "{part}");
    }
}
