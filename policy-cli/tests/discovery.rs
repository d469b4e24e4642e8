//! Discovery and accounting: every file under a checked path is checked by a unit or skipped
//! with a reason; nested roots, cycles, Components, failing bases and findings shared by several
//! roots (real directory trees in temp dirs; the whole of testdata/ for the no-fall-through
//! proof).

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

const PRIVILEGED: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: NAME}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext: {privileged: true}\n";

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn pod(name: &str) -> String {
    PRIVILEGED.replace("NAME", name)
}

/// `tollgate check --format json --no-config ARGS` in `dir`: exit code and report.
fn check(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "--format", "json", "--no-config"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run tollgate");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (out.status.code(), v)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn skipped(report: &Value) -> Vec<(String, String)> {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn skip_reason(report: &Value, path: &str) -> String {
    skipped(report)
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("{path} is not skipped: {:#}", report["skipped"]))
}

/// Units (sorted) of the findings of `rule` at `file`.
fn finding_units(report: &Value, rule: &str, file: &str) -> Vec<Vec<String>> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule && f["file"] == file)
        .map(|f| strings(&f["units"]))
        .collect()
}

#[test]
fn loose_yaml_below_roots_nested_roots_and_components_are_accounted_for() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    // The repository's top is itself a root: the nested roots it does not include are units of
    // their own, not dropped.
    write(d, "kustomization.yaml", "resources: [apps/web]\n");
    write(d, "apps/web/kustomization.yaml", "resources: [pod.yaml]\n");
    write(d, "apps/web/pod.yaml", &pod("web"));
    write(d, "apps/web/unused.yaml", &pod("unused"));
    write(
        d,
        "examples/demo/kustomization.yaml",
        "resources: [pod.yaml]\n",
    );
    write(d, "examples/demo/pod.yaml", &pod("demo"));
    // Loose manifests below a root that no build reads: a unit of their own.
    write(d, "apps/web/tests/fixture.yaml", &pod("fixture"));
    // An unused Component is not built alone (it would fail: nothing to patch).
    write(
        d,
        "components/debug/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n",
    );
    write(
        d,
        "components/debug/patch.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: nothing-here}\nspec: {hostPID: true}\n",
    );
    // Hidden and ignored.
    write(d, ".github/ci.yaml", &pod("ci"));
    write(d, ".gitignore", "generated/\n");
    write(d, "generated/out.yaml", &pod("generated"));

    let (code, report) = check(d, &["."]);
    assert_eq!(code, Some(1), "{report:#}");
    assert!(
        report["errors"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let checked: BTreeSet<String> = strings(&report["checked"]).into_iter().collect();
    for f in [
        "kustomization.yaml",
        "apps/web/kustomization.yaml",
        "apps/web/pod.yaml",
        "examples/demo/kustomization.yaml",
        "examples/demo/pod.yaml",
        "apps/web/tests/fixture.yaml",
    ] {
        assert!(checked.contains(f), "{f} not checked: {checked:?}");
    }
    let mut pods: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "privileged-container")
        .map(|f| f["resource"]["name"].as_str().unwrap().to_string())
        .collect();
    pods.sort();
    assert_eq!(pods, ["demo", "fixture", "web"]);
    assert_eq!(
        skip_reason(&report, "apps/web/unused.yaml"),
        "below apps/web, a Kustomize directory checked through . (which do not use this file)"
    );
    assert!(skip_reason(&report, "components/debug/kustomization.yaml")
        .contains("a Kustomize Component that no root checked here uses"));
    assert!(skip_reason(&report, "components/debug/patch.yaml").contains("Component"));
    assert!(skip_reason(&report, ".github").starts_with("hidden"));
    assert_eq!(
        skip_reason(&report, "generated"),
        "ignored by .gitignore (--no-ignore checks it)"
    );
    assert_eq!(report["summary"]["skipped"], 5, "{:#}", report["skipped"]);

    // --exact: the named root alone, as kubectl kustomize builds it; what is below is skipped,
    // said why.
    let (_, exact) = check(d, &["--exact", "."]);
    let pods: Vec<&str> = exact["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "privileged-container")
        .map(|f| f["resource"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(pods, ["web"]);
    assert!(skip_reason(&exact, "examples/demo/pod.yaml").contains("named with --exact"));

    // A named Component is built alone, as kubectl kustomize builds it (here: an error).
    let (code, named) = check(d, &["components/debug"]);
    assert_eq!(code, Some(2), "{named:#}");

    // --verbose lists the skipped files in the human format.
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "--no-config", "--verbose", "."])
        .current_dir(d)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("skipped:\n") && text.contains("  generated: ignored by .gitignore"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("; 5 skipped"), "{text}");
}

#[test]
fn cycles_are_reported_whichever_path_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(d, "a/kustomization.yaml", "resources: [../b]\n");
    write(d, "b/kustomization.yaml", "resources: [../a]\n");
    for named in [".", "a"] {
        let (code, report) = check(d, &[named]);
        assert_eq!(code, Some(2), "{named}: {report:#}");
        let errors = report["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["message"].as_str().unwrap().contains("cycle detected")),
            "{named}: {report:#}"
        );
    }
}

/// A chain of bases is one unit (just under the build's nesting limit of 64; planning a chain
/// of thousands is a unit test of `plan`).
#[test]
fn a_long_chain_of_bases_is_one_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    let n = 60;
    for i in 0..n {
        let text = if i + 1 < n {
            format!("resources: [../r{}]\nnamePrefix: p{i}-\n", i + 1)
        } else {
            "resources: [pod.yaml]\n".to_string()
        };
        write(d, &format!("chain/r{i}/kustomization.yaml"), &text);
    }
    write(d, &format!("chain/r{}/pod.yaml", n - 1), &pod("leaf"));
    let (code, report) = check(d, &["."]);
    assert_eq!(code, Some(1), "{report:#}");
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "privileged-container")
        .collect();
    assert_eq!(findings.len(), 1, "{report:#}");
    assert_eq!(findings[0]["unit"], "chain/r0");
    assert!(report["skipped"].as_array().unwrap().is_empty());
}

#[test]
fn a_failing_base_names_every_root_it_stops_and_shared_findings_are_one() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(d, "base/kustomization.yaml", "resources: [pod.yaml]\n");
    write(d, "base/pod.yaml", &pod("web"));
    for o in ["prod", "staging"] {
        write(
            d,
            &format!("overlays/{o}/kustomization.yaml"),
            "resources: [../../base]\ncommonLabels: {team: a}\n",
        );
    }
    // One finding in the base, reached through both overlays.
    let (code, report) = check(d, &["."]);
    assert_eq!(code, Some(1), "{report:#}");
    assert_eq!(
        finding_units(&report, "privileged-container", "base/pod.yaml"),
        [["overlays/prod", "overlays/staging"]]
    );
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "--no-config", "."])
        .current_dir(d)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("error[privileged-container]").count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("via: overlays/prod, overlays/staging"),
        "{text}"
    );

    // A broken base: one error, naming both roots it stopped.
    write(d, "base/pod.yaml", "kind: Pod\nmetadata: {name: [broken\n");
    let (code, report) = check(d, &["."]);
    assert_eq!(code, Some(2));
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report:#}");
    assert_eq!(errors[0]["file"], "base/pod.yaml");
    assert_eq!(
        strings(&errors[0]["units"]),
        ["overlays/prod", "overlays/staging"]
    );
    assert_eq!(errors[0]["unit_failed"], true);
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "--no-config", "."])
        .current_dir(d)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("not checked because of this error: overlays/prod, overlays/staging"),
        "{text}"
    );
}

#[test]
fn charts_account_for_their_values_ci_and_crd_files() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(
        d,
        "web/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    );
    write(d, "web/values.yaml", "replicas: 1\n");
    write(d, "web/values-prod.yaml", "replicas: 3\n");
    write(d, "web/ci/lint-values.yaml", "replicas: 2\n");
    write(d, "web/crds/crd.yaml", "kind: CustomResourceDefinition\n");
    write(
        d,
        "web/templates/_helpers.tpl",
        "{{- define \"x\" }}x{{ end }}\n",
    );
    write(d, "web/templates/NOTES.txt", "hello\n");
    write(
        d,
        "web/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    );
    let (code, report) = check(d, &["."]);
    assert_eq!(code, Some(0), "{report:#}");
    let checked: BTreeSet<String> = strings(&report["checked"]).into_iter().collect();
    for f in [
        "web/Chart.yaml",
        "web/values.yaml",
        "web/templates/_helpers.tpl",
        "web/templates/NOTES.txt",
        "web/templates/cm.yaml",
    ] {
        assert!(checked.contains(f), "{f}: {checked:?}");
    }
    assert!(skip_reason(&report, "web/values-prod.yaml").contains("values file of chart web"));
    assert!(skip_reason(&report, "web/ci/lint-values.yaml").starts_with("CI values of chart web"));
    assert!(skip_reason(&report, "web/crds/crd.yaml").contains("does not print crds/"));
    // Used with -f, the values file is checked.
    let (_, report) = check(d, &["web", "-f", "web/values-prod.yaml"]);
    assert!(strings(&report["checked"]).contains(&"web/values-prod.yaml".to_string()));
}

/// Every candidate file of testdata/ (YAML, JSON, SQL, kustomization and chart template files,
/// found by a walk of this test's own) is either checked or skipped with a reason, or below a
/// skipped directory; and no reason is the "not assigned" fallback.
#[test]
fn no_file_of_testdata_falls_through() {
    let root = common::cli::root();
    let (_, report) = check(&root, &["testdata"]);
    let checked: BTreeSet<String> = strings(&report["checked"]).into_iter().collect();
    let skipped = skipped(&report);
    let bugs: Vec<&(String, String)> = skipped
        .iter()
        .filter(|(_, r)| r.contains("not assigned"))
        .collect();
    assert!(bugs.is_empty(), "{bugs:#?}");
    let mut missing = Vec::new();
    let mut seen = 0;
    let mut todo = vec![root.join("testdata")];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let t = e.file_type().unwrap();
            if t.is_dir() {
                todo.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let in_chart_templates = rel.contains("/templates/")
                && p.ancestors().any(|a| a.join("Chart.yaml").is_file());
            let candidate = name.ends_with(".yaml")
                || name.ends_with(".yml")
                || name.ends_with(".json")
                || name.ends_with(".sql")
                || name == "Kustomization"
                || in_chart_templates;
            if !candidate {
                continue;
            }
            seen += 1;
            let accounted = checked.contains(&rel)
                || skipped
                    .iter()
                    .any(|(s, _)| rel == *s || rel.starts_with(&format!("{s}/")));
            if !accounted {
                missing.push(rel);
            }
        }
    }
    assert!(seen > 1000, "walked only {seen} files");
    assert!(
        missing.is_empty(),
        "{} of {seen} files neither checked nor skipped, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(10)]
    );
}
