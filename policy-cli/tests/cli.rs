//! Integration tests: the real `tollgate` binary on real files under `testdata/`.
//! Snapshots live in `testdata/snapshots/`; `UPDATE_SNAPSHOTS=1 cargo test` rewrites them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tollgate(args: &[&str]) -> Output {
    tollgate_in(&root(), args)
}

fn tollgate_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tollgate")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn snapshot(name: &str, actual: &str) {
    let path = root().join("testdata/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(
        actual, expected,
        "snapshot {name} differs; run with UPDATE_SNAPSHOTS=1 to accept"
    );
}

#[test]
fn example_human_and_json_snapshots() {
    let human = tollgate(&["check", "testdata/examples/"]);
    assert_eq!(human.status.code(), Some(1), "{}", stdout(&human));
    snapshot("examples.txt", &stdout(&human));
    let json = tollgate(&["check", "--format", "json", "testdata/examples/"]);
    assert_eq!(json.status.code(), Some(1));
    snapshot("examples.json", &stdout(&json));
    let v = json_of(&json);
    assert_eq!(v["version"], 1);
    // `privileged: yes` is YAML 1.1 for true: Kubernetes runs this container privileged.
    let privileged = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "privileged-container")
        .expect("privileged-container finding");
    assert_eq!(
        privileged["file"],
        "testdata/examples/apps/web/deployment.yaml"
    );
    assert_eq!(privileged["line"], 29);
    assert_eq!(privileged["column"], 13);
    assert_eq!(privileged["resource"]["kind"], "Deployment");
    assert_eq!(privileged["resource"]["name"], "web");
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let one = tollgate(&["check", "--format", "json", "--jobs", "1", "testdata/"]);
    let two = tollgate(&["check", "--format", "json", "--jobs", "2", "testdata/"]);
    let eight = tollgate(&["check", "--format", "json", "--jobs", "8", "testdata/"]);
    assert!(!one.stdout.is_empty());
    assert!(stdout(&one) == stdout(&two), "--jobs 1 and 2 differ");
    assert!(stdout(&one) == stdout(&eight), "--jobs 1 and 8 differ");
}

#[test]
fn fail_on_sets_the_threshold() {
    let code = |args: &[&str]| tollgate(args).status.code();
    // The api Deployment is clean: nothing fails, whatever the threshold.
    let clean = "testdata/examples/apps/api/api.yaml";
    let v = json_of(&tollgate(&["check", "--format", "json", clean]));
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(code(&["check", "--fail-on", "info", clean]), Some(0));
    // The rollout has warnings (no analysis, no PDB) and an info (tag without digest), no error.
    let rollouts = "testdata/examples/rollouts/";
    let v = json_of(&tollgate(&["check", "--format", "json", rollouts]));
    let severities: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["info", "warning"].into_iter().collect());
    assert_eq!(code(&["check", rollouts]), Some(0));
    assert_eq!(code(&["check", "--fail-on", "warning", rollouts]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "info", rollouts]), Some(1));
    // An error fails by default.
    assert_eq!(code(&["check", "testdata/examples/flux/"]), Some(1));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      privileged: true\n";

#[test]
fn bad_inputs_are_errors_with_positions_and_other_findings_survive() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "good.yaml", PRIVILEGED_POD.as_bytes());
    write(
        d,
        "tabs.yaml",
        b"apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n",
    );
    write(d, "binary.yaml", b"apiVersion: v1\nkind: \xff\xfePod\n");
    write(
        d,
        "dupe.yaml",
        b"apiVersion: v1\nkind: Pod\nkind: Service\n",
    );
    let mut laughs = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, c) in "bcdefghi".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        laughs.push_str(&format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    write(d, "laughs.yaml", laughs.as_bytes());
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("missing-target.yaml"), d.join("dangling.yaml")).unwrap();

    let started = std::time::Instant::now();
    let out = tollgate_in(d, &["check", "--format", "json", "."]);
    assert!(started.elapsed().as_secs() < 10, "bad input must fail fast");
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let v = json_of(&out);
    let errors: Vec<(String, u64, u64)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let files: Vec<&str> = errors.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        files,
        [
            "binary.yaml",
            "dangling.yaml",
            "dupe.yaml",
            "laughs.yaml",
            "tabs.yaml"
        ],
        "{errors:?}"
    );
    assert_eq!(
        (errors[0].1, errors[0].2),
        (2, 7),
        "first invalid UTF-8 byte"
    );
    assert_eq!(errors[2].1, 3, "the second `kind`");
    assert_eq!((errors[4].1, errors[4].2), (4, 1), "the tab");
    // The good file's finding is still reported.
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "privileged-container" && f["file"] == "good.yaml"));
    // Human output too names the place.
    let human = stdout(&tollgate_in(d, &["check", "."]));
    assert!(human.contains("--> tabs.yaml:4:1"), "{human}");
    // … and shows the offending line under the error, rustc style.
    assert!(human.contains("4 |     name: x"), "{human}");
}

#[test]
fn missing_path_is_a_usage_error() {
    let out = tollgate(&["check", "testdata/does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn user_policies_follow_the_same_contract_and_syntax_errors_have_positions() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("pol")).unwrap();
    write(d, "pod.yaml", PRIVILEGED_POD.as_bytes());
    write(
        &d.join("pol"),
        "names.rego",
        b"# METADATA\n# title: Pod names\n# custom:\n#   id: short-pod-name\n#   severity: warning\n#   kinds: [Pod]\npackage acme.names\n\ndeny contains {\"msg\": \"pod name is too short\", \"path\": [\"metadata\", \"name\"]} if count(input.metadata.name) < 3\n",
    );
    let v = json_of(&tollgate_in(
        d,
        &["check", "--format", "json", "--policy", "pol", "pod.yaml"],
    ));
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "short-pod-name")
        .expect("user rule ran");
    assert_eq!(
        (f["line"].as_u64(), f["severity"].as_str()),
        (Some(4), Some("warning"))
    );
    // A conftest-style v0 policy works too.
    write(
        &d.join("pol"),
        "v0.rego",
        b"package main\n\ndeny[msg] {\n  input.kind == \"Pod\"\n  msg := \"no bare pods\"\n}\n",
    );
    let v = json_of(&tollgate_in(
        d,
        &["check", "--format", "json", "--policy", "pol", "pod.yaml"],
    ));
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "main.deny" && f["message"] == "no bare pods"));
    // A syntax error names file, line and column and exits 2.
    write(
        &d.join("pol"),
        "broken.rego",
        b"package acme.broken\n\ndeny contains msg if {\n  msg := [1,\n}\n",
    );
    let out = tollgate_in(d, &["check", "--policy", "pol", "pod.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pol/broken.rego:4:"), "{err}");
    assert!(!err.contains("warning"), "no parser noise: {err}");
}

#[test]
fn render_prints_yaml_stream_and_json_array() {
    let yaml = tollgate(&["render", "testdata/examples/apps/api/api.yaml"]);
    assert_eq!(yaml.status.code(), Some(0));
    snapshot("render-api.yaml", &stdout(&yaml));
    let json = tollgate(&[
        "render",
        "--format",
        "json",
        "testdata/examples/apps/api/api.yaml",
    ]);
    let v = json_of(&json);
    let kinds: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Deployment", "PodDisruptionBudget"]);
    assert_eq!(
        v[0]["spec"]["template"]["spec"]["securityContext"]["runAsUser"],
        10001
    );
    // The YAML stream reads back as the same documents.
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "rendered.yaml", &yaml.stdout);
    let again = json_of(&tollgate_in(
        tmp.path(),
        &["render", "--format", "json", "rendered.yaml"],
    ));
    assert_eq!(again, v);
}

#[test]
fn rules_catalogue_and_explain() {
    let out = tollgate(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "privileged-container",
        "privilege-escalation",
        "run-as-root",
        "missing-run-as-non-root",
        "host-namespaces",
        "dangerous-capabilities",
        "host-path-volume",
        "missing-readiness-probe",
        "missing-liveness-probe",
        "missing-resource-requests",
        "mutable-image-tag",
        "image-not-pinned",
        "revision-history-disabled",
        "recreate-strategy",
        "unsafe-rolling-update",
        "single-replica",
        "missing-pod-disruption-budget",
        "helmrelease-no-remediation",
        "rollout-without-analysis",
    ] {
        assert!(ids.contains(&id), "missing rule {id}");
    }
    let explain = tollgate(&["explain", "privileged-container"]);
    assert_eq!(explain.status.code(), Some(0));
    assert!(stdout(&explain).contains("help:"));
    assert_eq!(
        tollgate(&["explain", "no-such-rule"]).status.code(),
        Some(2)
    );
}

#[test]
fn rego_unit_tests_run_and_fail_loudly() {
    let out = tollgate(&["test", "rules/"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains(" passed, 0 failed"));
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "t_test.rego",
        b"package t\ntest_fails if 1 == 2\ntest_ok if true\n",
    );
    let out = tollgate_in(tmp.path(), &["test", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("1 passed, 1 failed"));
}

/// Every fixture under `testdata/rules/<id>/`: `fail.yaml` yields findings of `<id>` exactly on
/// the lines marked `# expect: <id>`; `pass.yaml` yields none.
#[test]
fn rule_fixtures() {
    let dir = root().join("testdata/rules");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        let id = entry.file_name().to_string_lossy().into_owned();
        // Kubernetes rules have YAML fixtures marked `# expect:`, migration rules SQL fixtures
        // marked `-- expect:` (migration-edited-after-apply needs git history: its test is in
        // tests/migrations.rs).
        let (ext, comment) = if id.starts_with("migration-") {
            ("sql", "--")
        } else {
            ("yaml", "#")
        };
        if id == "migration-edited-after-apply" {
            continue;
        }
        for (file, must_fire) in [
            (format!("fail.{ext}"), true),
            (format!("pass.{ext}"), false),
        ] {
            let rel = format!("testdata/rules/{id}/{file}");
            let text = std::fs::read_to_string(root().join(&rel)).unwrap();
            let marker = format!("{comment} expect: {id}");
            let mut expected: Vec<u64> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.contains(&marker))
                .map(|(i, _)| i as u64 + 1)
                .collect();
            let out = tollgate(&["check", "--format", "json", "--fail-on", "info", &rel]);
            let v = json_of(&out);
            assert!(
                v["errors"].as_array().unwrap().is_empty(),
                "{rel}: {}",
                v["errors"]
            );
            let mut got: Vec<u64> = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"] == id.as_str())
                .map(|f| f["line"].as_u64().unwrap())
                .collect();
            got.sort();
            expected.sort();
            if must_fire {
                assert!(!expected.is_empty(), "{rel} has no `{marker}` line");
            }
            assert_eq!(got, expected, "{rel}: lines of {id} findings");
            checked += 1;
        }
    }
    assert!(checked >= 38 + 54, "only {checked} fixture files");
}

/// Every plain manifest copied from the shared corpus (real public files, see
/// `testdata/SOURCES.md`) loads without an error, and the findings are stable: each one is listed
/// in a snapshot as `file:line:column rule`.
#[test]
fn real_manifests_load_cleanly_and_findings_are_stable() {
    let out = tollgate(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "info",
        "testdata/corpus",
    ]);
    let v = json_of(&out);
    // The corpus holds a few files that are not valid manifests. Each must be an error at the
    // right place (and nothing else may be):
    // - unrendered `{{ placeholder }}` templates (YAML reads `{{x}}` as a mapping used as a key);
    // - duplicate keys, which YAML forbids and `kubectl apply --validate=strict` rejects;
    // - a MySQL script (`BIGINT(20) UNSIGNED`, `ENGINE=InnoDB`), which PostgreSQL rejects;
    // - a Kustomize root whose base was not copied (kubectl kustomize fails on it too).
    let expected = [
        "argoproj-argo-rollouts/examples/notifications/kustomization.yaml:5:3 'testdata/corpus/argoproj-argo-rollouts/manifests/notifications' cannot be read",
        "argoproj-argo-rollouts/examples/traffic-management/rollout-linkerd.yaml:101:39 `{{`",
        "kubernetes-examples/_archived/newrelic-infrastructure/newrelic-config-template.yaml:7:12 `{{`",
        "kubernetes-examples/_archived/newrelic/newrelic-config-template.yaml:7:12 `{{`",
        "kubernetes-examples/_archived/openshift-origin/etcd-controller.yaml:12:3 duplicate key \"selector\"",
        "kubernetes-examples/_archived/openshift-origin/etcd-discovery-controller.yaml:12:3 duplicate key \"selector\"",
        "kubernetes-examples/_archived/openshift-origin/openshift-controller.yaml:12:3 duplicate key \"selector\"",
        "kubernetes-examples/_archived/persistent-volume-provisioning/quobyte/quobyte-admin-secret.yaml:9:1 duplicate key \"type\"",
        "kubernetes-examples/_archived/storage/vitess/create_test_table.sql:2:14 syntax error at or near \"(\"",
        "kubernetes-examples/_archived/storage/vitess/etcd-controller-template.yaml:6:14 `{{`",
        "kubernetes-examples/_archived/storage/vitess/etcd-service-template.yaml:7:12 `{{`",
        "kubernetes-examples/_archived/storage/vitess/vtgate-controller-template.yaml:6:14 `{{`",
        "kubernetes-examples/_archived/volumes/scaleio/sc-pvc.yaml:12:3 duplicate key \"storageClassName\"",
    ];
    let errors: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{} {}",
                e["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("testdata/corpus/"),
                e["line"],
                e["column"],
                e["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (got, want) in errors.iter().zip(expected) {
        assert!(got.starts_with(want), "{got} should start with {want}");
    }
    assert_eq!(out.status.code(), Some(2));
    assert!(v["summary"]["documents"].as_u64().unwrap() > 300);
    let mut lines = String::new();
    for f in v["findings"].as_array().unwrap() {
        lines.push_str(&format!(
            "{}:{}:{} {}\n",
            f["file"].as_str().unwrap(),
            f["line"],
            f["column"],
            f["rule"].as_str().unwrap()
        ));
    }
    snapshot("corpus-findings.txt", &lines);
}

/// Batching a document's built-in rules into one query is an optimisation only: rule by rule
/// gives the same bytes.
#[test]
fn batched_and_rule_by_rule_evaluation_agree() {
    for dir in [
        "testdata/rules",
        "testdata/examples",
        "testdata/corpus/argoproj-argo-rollouts",
    ] {
        let batched = tollgate(&["check", "--format", "json", dir]);
        let single = tollgate(&["check", "--format", "json", "--no-batch", dir]);
        assert!(
            !json_of(&batched)["findings"].as_array().unwrap().is_empty(),
            "{dir}"
        );
        assert!(
            stdout(&batched) == stdout(&single),
            "{dir}: batched and single differ"
        );
    }
}

/// A finding inside an aliased node points at the alias site (where the value is used), and
/// `kind: List` items are checked like documents.
#[test]
fn aliases_point_at_the_alias_site_and_lists_expand() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec:
    containers:
    - name: a
      image: nginx:1.27
      securityContext: &unsafe
        privileged: true
- apiVersion: v1
  kind: Pod
  metadata: {name: b}
  spec:
    containers:
    - name: b
      image: nginx:1.27
      securityContext: *unsafe
";
    write(tmp.path(), "pods.yaml", text.as_bytes());
    let v = json_of(&tollgate_in(
        tmp.path(),
        &["check", "--format", "json", "pods.yaml"],
    ));
    let hits: Vec<(String, u64, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "privileged-container")
        .map(|f| {
            (
                f["resource"]["name"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hits,
        [("a".to_string(), 12, 9), ("b".to_string(), 20, 24)],
        "{v}"
    );
}

/// Colour only where asked for: none into a pipe (nor with NO_COLOR), ANSI when forced.
#[test]
fn colour_follows_the_terminal_rules() {
    let piped = tollgate(&["check", "testdata/examples/flux/"]);
    assert!(!stdout(&piped).contains('\u{1b}'));
    let forced = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "testdata/examples/flux/"])
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(stdout(&forced).contains("\u{1b}["), "{}", stdout(&forced));
    let no_color = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "testdata/examples/flux/"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\u{1b}'));
}
