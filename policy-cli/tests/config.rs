//! `.tollgate.yaml`, found upward from the working directory (or `--config`): rule switches
//! and severities, fail-on, include/exclude globs, extra policies; unknown keys are errors at
//! their line and column.

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

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: NAME}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext: {privileged: true}\n";

fn rules(out: &Output) -> Vec<(String, String, String)> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn config_switches_rules_severities_globs_and_policies() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(r, "deploy/a/pod.yaml", &POD.replace("NAME", "a"));
    write(r, "vendor/b/pod.yaml", &POD.replace("NAME", "b"));
    write(r, "policy/names.rego", "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.metadata.name == \"a\"\n\tmsg := \"pods may not be called a\"\n}\n");
    write(
        r,
        ".tollgate.yaml",
        "fail-on: warning\nrules:\n  disable: [privileged-container]\n  severity:\n    missing-run-as-non-root: error\ninclude: [\"deploy/**\", \"vendor/**\"]\nexclude: [\"vendor/**\"]\npolicies: [policy]\n",
    );
    // From a subdirectory: the config is found upward; its paths are relative to it.
    let sub = r.join("deploy");
    let out = tollgate(&sub, &["check", "--format", "json", "."]);
    let got = rules(&out);
    assert!(
        !got.iter()
            .any(|(_, rule, _)| rule == "privileged-container"),
        "disabled: {got:?}"
    );
    assert!(
        got.contains(&(
            "a/pod.yaml".into(),
            "missing-run-as-non-root".into(),
            "error".into()
        )),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(_, rule, _)| rule == "main.deny"),
        "the config's policy ran: {got:?}"
    );
    assert_eq!(out.status.code(), Some(1));
    // Excluded files are not checked.
    let all = rules(&tollgate(r, &["check", "--format", "json", "."]));
    assert!(
        !all.iter().any(|(f, _, _)| f.starts_with("vendor")),
        "{all:?}"
    );
    // fail-on from the config: a warning fails; --fail-on on the command line wins.
    write(r, ".tollgate.yaml", "fail-on: warning\nrules:\n  disable: [privileged-container, main.deny]\n  severity: {missing-run-as-non-root: warning}\npolicies: [policy]\n");
    assert_eq!(tollgate(r, &["check", "deploy"]).status.code(), Some(1));
    assert_eq!(
        tollgate(r, &["check", "--fail-on", "error", "deploy"])
            .status
            .code(),
        Some(0)
    );
    // --no-config ignores it; --config names another.
    assert!(rules(&tollgate(
        r,
        &["check", "--format", "json", "--no-config", "deploy"]
    ))
    .iter()
    .any(|(_, rule, _)| rule == "privileged-container"));
    write(
        r,
        "strict.yaml",
        "rules:\n  severity: {image-not-pinned: error}\n",
    );
    let strict = rules(&tollgate(
        r,
        &[
            "check",
            "--format",
            "json",
            "--config",
            "strict.yaml",
            "deploy",
        ],
    ));
    assert!(strict
        .iter()
        .any(|(_, rule, sev)| rule == "image-not-pinned" && sev == "error"));
}

#[test]
fn unknown_keys_and_bad_values_are_errors_with_positions() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(r, "a.yaml", &POD.replace("NAME", "a"));
    write(
        r,
        ".tollgate.yaml",
        "fail-on: error\nrulez:\n  disable: []\n",
    );
    let out = tollgate(r, &["check", "a.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(".tollgate.yaml:2:1") && err.contains("unknown key `rulez`"),
        "{err}"
    );
    write(
        r,
        ".tollgate.yaml",
        "rules:\n  severity:\n    image-not-pinned: fatal\n",
    );
    let err = String::from_utf8_lossy(&tollgate(r, &["check", "a.yaml"]).stderr).into_owned();
    assert!(
        err.contains(".tollgate.yaml:3:23") && err.contains("error, warning or info"),
        "{err}"
    );
}
