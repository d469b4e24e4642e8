//! `--base REV`: only the units a change touches are checked (real git repositories in temp
//! dirs).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// `tollgate check --format json --no-config ARGS` in `dir`, its report.
fn check_json(dir: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "--format", "json", "--no-config"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run tollgate");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn units_with_findings(dir: &Path, args: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run tollgate");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut units: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["unit"].as_str().unwrap().to_string())
        .collect();
    units.dedup();
    units
}

const PRIVILEGED: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: NAME}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext: {privileged: true}\n";

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: app\n          image: app:1\n";

const PDB: &str = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n";

#[test]
fn only_units_touched_since_the_base_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    git(r, &["init", "-q", "-b", "main"]);
    write(r, "apps/a/pod.yaml", &PRIVILEGED.replace("NAME", "a"));
    write(r, "apps/b/pod.yaml", &PRIVILEGED.replace("NAME", "b"));
    write(r, "apps/c/deploy.yaml", DEPLOYMENT);
    write(r, "apps/c/pdb.yaml", PDB);
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "base"]);

    // Everything has findings without --base.
    let all = units_with_findings(r, &["apps"]);
    assert_eq!(all, ["apps/a", "apps/b", "apps/c"]);
    // Nothing changed: nothing checked.
    assert!(units_with_findings(r, &["--base", "main", "apps"]).is_empty());

    // Edit a (committed on a branch) and delete c's PDB in the work tree.
    git(r, &["checkout", "-q", "-b", "change"]);
    write(r, "apps/a/pod.yaml", &PRIVILEGED.replace("NAME", "a2"));
    git(r, &["commit", "-q", "-am", "edit a"]);
    std::fs::remove_file(r.join("apps/c/pdb.yaml")).unwrap();
    let touched = units_with_findings(r, &["--base", "main", "apps"]);
    assert_eq!(touched, ["apps/a", "apps/c"], "b is untouched");
    // c is checked because of the deletion, and the deletion is what it reports.
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "--format", "json", "--base", "main", "apps/c"])
        .current_dir(r)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "missing-pod-disruption-budget"));
}

#[test]
fn a_change_to_a_kustomize_base_checks_the_overlays_that_include_it() {
    // base/ is included by overlays/prod and overlays/dev; other/ stands alone. Editing a file
    // of the base (not of the overlays) touches both overlays, and not other/.
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    git(r, &["init", "-q", "-b", "main"]);
    write(r, "base/kustomization.yaml", "resources:\n- pod.yaml\n");
    write(r, "base/pod.yaml", &PRIVILEGED.replace("NAME", "a"));
    for o in ["prod", "dev"] {
        write(
            r,
            &format!("overlays/{o}/kustomization.yaml"),
            &format!("namespace: {o}\nresources:\n- ../../base\n"),
        );
    }
    write(r, "other/kustomization.yaml", "resources:\n- pod.yaml\n");
    write(r, "other/pod.yaml", &PRIVILEGED.replace("NAME", "o"));
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "init"]);
    let units = |args: &[&str]| {
        let mut u = units_with_findings(r, args);
        u.sort();
        u.dedup();
        u
    };
    assert_eq!(
        units(&["--no-config", "."]),
        vec!["other", "overlays/dev", "overlays/prod"]
    );
    write(r, "base/pod.yaml", &PRIVILEGED.replace("NAME", "b"));
    git(r, &["commit", "-q", "-am", "edit the base"]);
    assert_eq!(
        units(&["--no-config", "--base", "HEAD~1", "."]),
        vec!["overlays/dev", "overlays/prod"]
    );
}

#[test]
fn staged_kustomize_builds_read_the_index() {
    // The hook checks what is committed: a privileged patch that is staged fails even when the
    // work tree has since been fixed, and a fix that is only in the work tree does not pass.
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    git(r, &["init", "-q", "-b", "main"]);
    write(
        r,
        "app/kustomization.yaml",
        "resources:\n- pod.yaml\npatches:\n- path: patch.yaml\n",
    );
    write(
        r,
        "app/pod.yaml",
        &PRIVILEGED
            .replace("NAME", "a")
            .replace("privileged: true", "privileged: false"),
    );
    let patch = |v: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: a}}\nspec:\n  containers:\n    - name: app\n      securityContext: {{privileged: {v}}}\n")
    };
    write(r, "app/patch.yaml", &patch("false"));
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "init"]);
    let privileged = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
            .args(["check", "--format", "json", "--no-config"])
            .args(args)
            .current_dir(r)
            .output()
            .expect("run tollgate");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert!(
            v["errors"].as_array().unwrap().is_empty(),
            "{}",
            v["errors"]
        );
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "privileged-container" && f["file"] == "app/patch.yaml")
    };
    write(r, "app/patch.yaml", &patch("true"));
    git(r, &["add", "app/patch.yaml"]);
    write(r, "app/patch.yaml", &patch("false"));
    assert!(privileged(&["--staged"]), "the staged patch is privileged");
    assert!(!privileged(&["."]), "the work tree is not");
}

#[test]
fn staged_charts_must_match_the_work_tree() {
    // A chart is rendered from the work tree: under --staged it is judged only when every file
    // it renders from is staged as it is; otherwise the gate says which file is not, rather
    // than judge a chart the commit does not hold.
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    git(r, &["init", "-q", "-b", "main"]);
    write(
        r,
        "web/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    );
    write(r, "web/values.yaml", "privileged: false\n");
    write(
        r,
        "web/templates/pod.yaml",
        &PRIVILEGED
            .replace("NAME", "a")
            .replace("privileged: true", "privileged: {{ .Values.privileged }}"),
    );
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "init"]);
    let check = |args: &[&str]| check_json(r, args);
    let privileged = |v: &Value| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "privileged-container")
    };
    // A change to a helper only (no YAML file) touches the chart too.
    write(
        r,
        "web/templates/_helpers.tpl",
        "{{ define \"web.x\" }}x{{ end }}\n",
    );
    git(r, &["add", "web/templates/_helpers.tpl"]);
    let v = check(&["--staged"]);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["unit"] == "web"),
        "{v:#}"
    );
    // Staged and work tree agree: the chart is rendered and judged.
    write(r, "web/values.yaml", "privileged: true\n");
    git(r, &["add", "web/values.yaml"]);
    let v = check(&["--staged"]);
    assert!(privileged(&v), "{v:#}");
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v:#}");
    // The work tree differs from the index: an error naming the file, not a pass.
    write(r, "web/values.yaml", "privileged: false\n");
    let v = check(&["--staged"]);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v:#}");
    assert_eq!(errors[0]["file"], "web/values.yaml");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("has changes that are not staged"),
        "{v:#}"
    );
    // A new template that is not staged is reported too (while a staged change touches the
    // chart: a commit that does not touch it does not check it).
    write(r, "web/values.yaml", "privileged: true\n");
    git(r, &["add", "web/values.yaml"]);
    write(
        r,
        "web/templates/extra.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    );
    let v = check(&["--staged"]);
    assert_eq!(v["errors"][0]["file"], "web/templates/extra.yaml", "{v:#}");
}

#[test]
fn staged_kustomize_charts_must_match_the_work_tree() {
    // A chart a kustomization inflates (`helmCharts`) is rendered from the work tree: under
    // --staged, a chart file that differs from the index is an error naming it.
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    git(r, &["init", "-q", "-b", "main"]);
    write(
        r,
        "app/charts/web/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    );
    write(r, "app/charts/web/values.yaml", "privileged: false\n");
    write(
        r,
        "app/charts/web/templates/pod.yaml",
        &PRIVILEGED
            .replace("NAME", "a")
            .replace("privileged: true", "privileged: {{ .Values.privileged }}"),
    );
    write(
        r,
        "app/kustomization.yaml",
        "helmCharts:\n- name: web\n  releaseName: web\n  valuesInline:\n    privileged: true\n",
    );
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "init"]);
    let check = |args: &[&str]| check_json(r, args);
    // A staged change to the kustomization: built, the chart judged with its values.
    write(
        r,
        "app/kustomization.yaml",
        "helmCharts:\n- name: web\n  releaseName: prod\n  valuesInline:\n    privileged: true\n",
    );
    git(r, &["add", "app/kustomization.yaml"]);
    let v = check(&["--staged"]);
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v:#}");
    let findings = v["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "privileged-container" && f["unit"] == "app"),
        "{v:#}"
    );
    // The chart is checked through the root only.
    assert!(findings.iter().all(|f| f["unit"] == "app"), "{v:#}");
    // A template changed in the work tree but not staged: an error naming it.
    write(
        r,
        "app/charts/web/templates/pod.yaml",
        &PRIVILEGED.replace("NAME", "b"),
    );
    let v = check(&["--staged"]);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v:#}");
    assert_eq!(errors[0]["file"], "app/charts/web/templates/pod.yaml");
}
