//! Baselines through the real binary: accepted findings stop failing, survive unrelated edits,
//! new ones still fail, stale entries are reported, a malformed baseline is an error.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn tollgate(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run tollgate")
}

fn pod(name: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext: {{privileged: true, runAsNonRoot: true}}\n      resources: {{requests: {{cpu: 1m, memory: 1Mi}}}}\n"
    )
}

#[test]
fn only_findings_missing_from_the_baseline_fail() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    std::fs::create_dir_all(r.join("k8s")).unwrap();
    std::fs::write(r.join("k8s/pods.yaml"), [pod("a"), pod("b")].join("---\n")).unwrap();

    let write = tollgate(r, &["check", "--write-baseline", "baseline.json", "k8s"]);
    assert_eq!(write.status.code(), Some(0));
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(r.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(baseline["version"], 1);
    assert!(baseline["findings"].as_array().unwrap().len() >= 2);

    let check = |args: &[&str]| -> (Option<i32>, Value) {
        let mut a = vec!["check", "--format", "json", "--baseline", "baseline.json"];
        a.extend_from_slice(args);
        let out = tollgate(r, &a);
        (
            out.status.code(),
            serde_json::from_slice(&out.stdout).unwrap(),
        )
    };
    let errors = |v: &Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| f["resource"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (code, v) = check(&["k8s"]);
    assert_eq!(code, Some(0), "{v}");
    assert!(v["summary"]["baselined"].as_u64().unwrap() >= 2);

    // Unrelated edits move every line: the baseline still holds.
    let moved = format!(
        "# owned by team infra\n# see runbook\n{}",
        [pod("a"), pod("b")].join("---\n")
    );
    std::fs::write(r.join("k8s/pods.yaml"), &moved).unwrap();
    let (code, _) = check(&["k8s"]);
    assert_eq!(code, Some(0));

    // A new privileged pod fails, alone; dropping pod b leaves its entries stale.
    std::fs::write(r.join("k8s/pods.yaml"), [pod("a"), pod("c")].join("---\n")).unwrap();
    let (code, v) = check(&["k8s"]);
    assert_eq!(code, Some(1));
    assert_eq!(errors(&v), ["c"]);
    let stale: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "stale-baseline-entry")
        .collect();
    assert!(!stale.is_empty());
    assert_eq!(stale[0]["file"], "baseline.json");
    assert!(stale[0]["line"].as_u64().unwrap() > 1);

    // A malformed baseline is an error with its position.
    std::fs::write(
        r.join("bad.json"),
        "{\"version\": 1,\n \"findings\": [\n  {\"rule\": 1}\n ]}\n",
    )
    .unwrap();
    let out = tollgate(r, &["check", "--baseline", "bad.json", "k8s"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json:3:3"), "{err}");
}
