//! Kustomize roots checked through their native build: findings point at the overlay, patch or
//! kustomization line that set the field (with the base's definition as a related span), each
//! top-level root is checked once, and kustomize's load restrictions hold.

use std::path::Path;

use serde_json::Value;

mod common;
use common::cli::{json, root, snapshot, tollgate, tollgate_in};

const FIXTURE: &str = "testdata/kustomize-provenance";

#[test]
fn findings_point_at_the_overlay_line_that_set_the_field() {
    // overlays/prod: a strategic-merge patch file makes the container privileged, an inline
    // JSON 6902 patch sets revisionHistoryLimit to 0, `images` retags to `latest`. Each finding
    // points at that line, and (labelled) at the base file that defines the Deployment.
    let prod = format!("{FIXTURE}/overlays/prod");
    let out = tollgate(&["check", "--no-config", "--quiet", &prod]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let human = String::from_utf8_lossy(&out.stdout).to_string();
    snapshot("kustomize-prod-human.txt", &human);

    let out = tollgate(&["check", "--no-config", "--format", "json", &prod]);
    let v = json(&out);
    let findings = v["findings"].as_array().unwrap();
    let by_rule = |rule: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {findings:?}"))
    };
    let privileged = by_rule("privileged-container");
    assert_eq!(privileged["file"], format!("{prod}/privileged.yaml"));
    assert_eq!(privileged["line"], 11);
    assert_eq!(privileged["resource"]["name"], "prod-web");
    assert_eq!(privileged["resource"]["namespace"], "prod");
    assert_eq!(
        privileged["related"][0]["file"],
        format!("{FIXTURE}/base/deployment.yaml")
    );
    assert_eq!(privileged["related"][0]["line"], 1);
    let history = by_rule("revision-history-disabled");
    assert_eq!(history["file"], format!("{prod}/kustomization.yaml"));
    assert_eq!(
        history["line"], 18,
        "the `value: 0` line of the inline patch"
    );
    let latest = by_rule("mutable-image-tag");
    assert_eq!(latest["file"], format!("{prod}/kustomization.yaml"));
    assert_eq!(latest["line"], 8, "the `newTag: latest` line");
    let mut compact: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}:{} related={}",
                f["rule"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["related"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| format!("{}:{}", r["file"].as_str().unwrap(), r["line"]))
                    .collect::<Vec<_>>()
                    .join(",")
            )
        })
        .collect();
    compact.sort();
    snapshot("kustomize-prod-json.txt", &(compact.join("\n") + "\n"));
}

#[test]
fn each_top_level_root_is_checked_once() {
    // base/ and components/debug are included by the overlays: checked through them only.
    let out = tollgate(&["check", "--no-config", "--format", "json", FIXTURE]);
    let v = json(&out);
    assert!(
        v["errors"].as_array().unwrap().is_empty(),
        "{}",
        v["errors"]
    );
    let mut units: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["unit"].as_str().unwrap())
        .collect();
    units.sort();
    units.dedup();
    assert_eq!(
        units,
        vec![
            "testdata/kustomize-provenance/overlays/prod",
            "testdata/kustomize-provenance/overlays/staging"
        ]
    );
    // The component's hostPID patch is reported once, in staging, at the component's line.
    let host: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "host-namespaces")
        .collect();
    assert_eq!(host.len(), 1);
    assert_eq!(
        host[0]["file"],
        format!("{FIXTURE}/components/debug/kustomization.yaml")
    );
    assert_eq!(host[0]["line"], 9);

    // A base named on the command line is built on its own.
    let out = tollgate(&[
        "check",
        "--no-config",
        "--format",
        "json",
        &format!("{FIXTURE}/base"),
    ]);
    let v = json(&out);
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(f["unit"], format!("{FIXTURE}/base"));
        assert_eq!(f["resource"]["name"], "web");
    }
}

#[test]
fn render_prints_what_kubectl_kustomize_prints() {
    // The staging overlay (namespace, a component's JSON patch) against kubectl kustomize
    // 5.5.0's output, committed beside the fixture.
    let out = tollgate(&[
        "render",
        "--no-config",
        "--format",
        "json",
        &format!("{FIXTURE}/overlays/staging"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let got = json(&out);
    let golden = std::fs::read_to_string(root().join(FIXTURE).join("staging.golden.json")).unwrap();
    let want: Value = serde_json::from_str(&golden).unwrap();
    assert_eq!(got, want);
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n";

fn error_of(dir: &Path, target: &str) -> String {
    let out = tollgate_in(dir, &["render", "--no-config", target]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn load_restrictions_cycles_and_remote_resources() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    // A file outside the kustomization's directory.
    write(d, "shared/cm.yaml", CM);
    write(
        d,
        "app/kustomization.yaml",
        "resources:\n- ../shared/cm.yaml\n",
    );
    let e = error_of(d, "app");
    assert!(e.contains("app/kustomization.yaml:2:3"), "{e}");
    assert!(e.contains("is not in or below"), "{e}");
    // A cycle, reported with its chain.
    write(d, "a/kustomization.yaml", "resources:\n- ../b\n");
    write(d, "b/kustomization.yaml", "resources:\n- ../a\n");
    let e = error_of(d, "a");
    assert!(e.contains("cycle detected: a -> b -> a"), "{e}");
    // A remote resource needs the network.
    write(
        d,
        "remote/kustomization.yaml",
        "resources:\n- https://github.com/x/y//deploy?ref=v1\n",
    );
    let e = error_of(d, "remote");
    assert!(e.contains("remote/kustomization.yaml:2:3"), "{e}");
    assert!(e.contains("needs the network"), "{e}");
    // A symlink that leaves the repository.
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "kustomization.yaml", "resources: []\n");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), d.join("escape")).unwrap();
        write(d, "link/kustomization.yaml", "resources:\n- ../escape\n");
        let e = error_of(d, "link");
        assert!(e.contains("outside the repository"), "{e}");
    }
    // Unknown fields and malformed YAML, at their line.
    write(
        d,
        "bad/kustomization.yaml",
        "resources: []\nnamePrefx: x-\n",
    );
    let e = error_of(d, "bad");
    assert!(e.contains("bad/kustomization.yaml:2:1"), "{e}");
    assert!(e.contains("unknown field \"namePrefx\""), "{e}");
    write(d, "broken/kustomization.yaml", "resources:\n- [unclosed\n");
    let e = error_of(d, "broken");
    assert!(e.contains("broken/kustomization.yaml:"), "{e}");
    // A strategic merge patch that matches nothing is an error, as in kustomize.
    write(d, "nomatch/cm.yaml", CM);
    write(
        d,
        "nomatch/patch.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: b\n",
    );
    write(
        d,
        "nomatch/kustomization.yaml",
        "resources:\n- cm.yaml\npatches:\n- path: patch.yaml\n",
    );
    let e = error_of(d, "nomatch");
    assert!(
        e.contains("no resource matches strategic merge patch"),
        "{e}"
    );
}

#[test]
fn a_broken_root_does_not_hide_other_units() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "good/kustomization.yaml", "resources:\n- deploy.yaml\n");
    write(
        d,
        "good/deploy.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers:\n  - name: c\n    image: nginx:1.25\n",
    );
    write(d, "bad/kustomization.yaml", "resources:\n- missing.yaml\n");
    let out = tollgate_in(d, &["check", "--no-config", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "host-namespaces" && f["file"] == "good/deploy.yaml"));
    assert_eq!(v["errors"][0]["file"], "bad/kustomization.yaml");
    assert_eq!(v["errors"][0]["line"], 2);
}
