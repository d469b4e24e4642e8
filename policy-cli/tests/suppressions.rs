//! Suppressions through the real binary: comments on the line or the line above, comments that
//! open a document, the `tollgate.io/ignore` annotation, SQL comments; reasons required, unused
//! suppressions reported, suppressed findings counted.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn check(dir: &Path, path: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "--format", "json", "--fail-on", "info", path])
        .current_dir(dir)
        .output()
        .expect("run tollgate");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// (line, rule) of the findings.
fn got(v: &Value) -> Vec<(u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: NAME
spec:
  containers:
    - name: app
      image: registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      securityContext:
        runAsNonRoot: true
        privileged: true
      resources:
        requests: {cpu: 10m, memory: 16Mi}
";

#[test]
fn yaml_comments_and_annotations_suppress_with_reasons() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    let baseline = check(
        &{
            std::fs::write(r.join("plain.yaml"), POD.replace("NAME", "plain")).unwrap();
            r.to_path_buf()
        },
        "plain.yaml",
    );
    assert!(
        got(&baseline).contains(&(11, "privileged-container".to_string())),
        "{baseline}"
    );

    // A trailing comment on the finding's line.
    let trailing = POD.replace("NAME", "a").replace(
        "privileged: true",
        "privileged: true  # tollgate:ignore=privileged-container the CNI agent needs it",
    );
    // A comment on the line above.
    let above = POD.replace("NAME", "b").replace(
        "        privileged: true",
        "        # tollgate:ignore=privileged-container,run-as-root node agent\n        privileged: true",
    );
    // A comment opening the document: the whole document.
    let whole = format!(
        "# tollgate:ignore=all vendored manifest, reviewed in SEC-12\n{}",
        POD.replace("NAME", "c")
    );
    // The annotation.
    let annotated = POD.replace("NAME", "d").replace(
        "  name: d\n",
        "  name: d\n  annotations:\n    tollgate.io/ignore: \"privileged-container needs /dev/kvm\"\n",
    );
    // No reason, and a suppression of nothing.
    let no_reason = POD.replace("NAME", "e").replace(
        "privileged: true",
        "privileged: true  # tollgate:ignore=privileged-container",
    );
    let unused = POD.replace("NAME", "f").replace(
        "      image:",
        "      # tollgate:ignore=host-namespaces not needed any more\n      image:",
    );
    let stream = [trailing, above, whole, annotated, no_reason, unused].join("---\n");
    std::fs::write(r.join("pods.yaml"), &stream).unwrap();
    let v = check(r, "pods.yaml");
    let findings = got(&v);
    let line_of = |needle: &str, nth: usize| -> u64 {
        stream
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .nth(nth)
            .map(|(i, _)| i as u64 + 1)
            .unwrap()
    };
    let privileged: Vec<u64> = findings
        .iter()
        .filter(|(_, r)| r == "privileged-container")
        .map(|(l, _)| *l)
        .collect();
    // Only the unsuppressed pod (f) is still privileged: a, b, c, d and e are suppressed.
    assert_eq!(
        privileged,
        vec![line_of("privileged: true", 5)],
        "{findings:?}"
    );
    assert!(
        findings.contains(&(
            line_of("tollgate:ignore=privileged-container", 2),
            "suppression-without-reason".to_string()
        )),
        "{findings:?}"
    );
    assert!(
        findings.contains(&(
            line_of("tollgate:ignore=host-namespaces", 0),
            "unused-suppression".to_string()
        )),
        "{findings:?}"
    );
    assert_eq!(v["summary"]["suppressed"], 5, "{}", v["summary"]);
    // Severity: the missing reason is a warning, the unused one an info.
    let sev = |rule: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap()["severity"]
            .clone()
    };
    assert_eq!(sev("suppression-without-reason"), "warning");
    assert_eq!(sev("unused-suppression"), "info");
}

#[test]
fn sql_comments_suppress_statements_and_files() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    std::fs::create_dir_all(r.join("db")).unwrap();
    std::fs::write(
        r.join("db/V1__a.sql"),
        "SET lock_timeout = '2s';\n-- tollgate:ignore=migration-drop-column the column was unused since v41\nALTER TABLE t DROP COLUMN a;\nALTER TABLE t DROP COLUMN b;\n",
    )
    .unwrap();
    std::fs::write(
        r.join("db/V2__b.sql"),
        "-- tollgate:ignore=all one-off cleanup during the maintenance window\nSET lock_timeout = '2s';\nALTER TABLE t DROP COLUMN c;\nALTER TABLE t RENAME COLUMN d TO e;\n",
    )
    .unwrap();
    let v = check(r, "db");
    let findings: Vec<(String, u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        vec![(
            "db/V1__a.sql".to_string(),
            4,
            "migration-drop-column".to_string()
        )],
        "line 3's drop is suppressed, line 4's is not; V2 is suppressed whole"
    );
    // The drop of line 3, and V2's drop and rename (plus its prefer-robust-statements infos).
    assert!(
        v["summary"]["suppressed"].as_u64().unwrap() >= 3,
        "{}",
        v["summary"]
    );
}
