//! conftest policies run unchanged: the example sets of open-policy-agent/conftest (copied to
//! `testdata/conftest/`, see SOURCES.md), with the results conftest's documentation and the
//! examples' own test files say they produce.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tollgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run tollgate")
}

/// (severity, message) of each finding of `check --no-builtin` with `args`.
fn results(args: &[&str]) -> (Option<i32>, Vec<(String, String)>) {
    let mut a = vec!["check", "-f", "json", "--no-builtin"];
    a.extend_from_slice(args);
    let out = tollgate(&a);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        v["errors"].as_array().unwrap().is_empty(),
        "{}",
        v["errors"]
    );
    let mut r: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    r.sort();
    (out.status.code(), r)
}

fn owned(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn kubernetes_example_deny_violation_and_warn() {
    // conftest's README runs `conftest test deployment.yaml` on this policy directory (package
    // main, importing data.kubernetes) and lists four failures: the two `deny` rules of
    // deny.rego, the recommended-labels `deny` of labels.rego and the `violation` of
    // violation.rego (an array of {"msg", "details"} objects). `warn` only fires on Services.
    let (code, got) = results(&[
        "--policy",
        "testdata/conftest/kubernetes/policy",
        "testdata/conftest/kubernetes/deployment.yaml",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        got,
        owned(&[
            ("error", "Containers must not run as root in Deployment hello-kubernetes"),
            ("error", "Deployment hello-kubernetes must provide app/release labels for pod selectors"),
            ("error", "hello-kubernetes must include Kubernetes recommended labels: https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/#labels"),
            ("error", "Found deployment hello-kubernetes but deployments are not allowed"),
        ])
    );
    // The multi-document file: each document is its own input (conftest's behaviour without
    // --combine), so the Service adds the `warn` of warn.rego — a warning, not a failure.
    let (_, got) = results(&[
        "--policy",
        "testdata/conftest/kubernetes/policy",
        "testdata/conftest/kubernetes/deployment+service.yaml",
    ]);
    assert!(got.contains(&(
        "warning".to_string(),
        "Found service hello-kubernetes but services are not allowed".to_string()
    )));
    assert_eq!(got.iter().filter(|(s, _)| s == "error").count(), 4);
    // Only `main` by default: selecting the `kubernetes` package (helpers, no rules) finds
    // nothing; --all-namespaces finds what `main` finds.
    let (code, got) = results(&[
        "--policy",
        "testdata/conftest/kubernetes/policy",
        "--namespace",
        "kubernetes",
        "testdata/conftest/kubernetes/deployment.yaml",
    ]);
    assert_eq!((code, got.len()), (Some(0), 0));
    let (_, all) = results(&[
        "--policy",
        "testdata/conftest/kubernetes/policy",
        "--all-namespaces",
        "testdata/conftest/kubernetes/deployment.yaml",
    ]);
    assert_eq!(all.len(), 4);
}

#[test]
fn exceptions_example() {
    // deployments.yaml holds two Deployments without runAsNonRoot; exception.rego excepts rule
    // `run_as_root` (i.e. deny_run_as_root) for the one named can-run-as-root. conftest's docs:
    // one failure (cannot-run-as-root) and one exception.
    let (code, got) = results(&[
        "--policy",
        "testdata/conftest/exceptions/policy",
        "testdata/conftest/exceptions/deployments.yaml",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        got,
        owned(&[(
            "error",
            "Containers must not run as root in Deployment cannot-run-as-root"
        )])
    );
}

#[test]
fn data_example() {
    // `conftest test --data exclusions service.yaml`: services.yaml puts `services.ports`
    // ([22, 21]) in data; the LoadBalancer exposes 22. Without the data, `services.ports` is
    // undefined and nothing fires.
    let (code, got) = results(&[
        "--policy",
        "testdata/conftest/data/policy",
        "--data",
        "testdata/conftest/data/exclusions",
        "testdata/conftest/data/service.yaml",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        got,
        owned(&[(
            "error",
            "Cannot expose port 22 on LoadBalancer. Denied ports: [22, 21]"
        )])
    );
    let (code, got) = results(&[
        "--policy",
        "testdata/conftest/data/policy",
        "testdata/conftest/data/service.yaml",
    ]);
    assert_eq!((code, got.len()), (Some(0), 0));
}

#[test]
fn their_unit_tests_pass_like_conftest_verify() {
    // `conftest verify` on these directories passes (base_test.rego); the data example's test
    // needs its data (`conftest verify --data exclusions`).
    let out = tollgate(&["test", "testdata/conftest/kubernetes/policy"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = tollgate(&[
        "test",
        "testdata/conftest/data/policy",
        "--data",
        "testdata/conftest/data/exclusions",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = tollgate(&["test", "testdata/conftest/data/policy"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "without the data the test fails"
    );
}

#[test]
fn combine_example() {
    // examples/kubernetes/combine: with --combine the policy sees every document at once
    // (`input[i].contents`); combine_test.rego expects one violation both for combine.yaml
    // (Deployment goodbye-kubernetes, no Service selecting it) and for the split files.
    for inputs in [
        vec!["testdata/conftest/kubernetes/combine/combine.yaml"],
        vec![
            "testdata/conftest/kubernetes/combine/deployment.yaml",
            "testdata/conftest/kubernetes/combine/service.yaml",
        ],
    ] {
        let mut args = vec![
            "--policy",
            "testdata/conftest/kubernetes/combine",
            "--combine",
        ];
        args.extend_from_slice(&inputs);
        let (code, got) = results(&args);
        assert_eq!(code, Some(1));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.starts_with("Deployment '"), "{got:?}");
    }
    // Without --combine each document is its own input and `input[i]` means nothing.
    let (code, got) = results(&[
        "--policy",
        "testdata/conftest/kubernetes/combine",
        "testdata/conftest/kubernetes/combine/combine.yaml",
    ]);
    assert_eq!((code, got.len()), (Some(0), 0));
}

#[test]
fn a_policy_regorus_rejects_is_an_error_not_a_pass() {
    // examples/combine/policy/duplicate.rego uses `name` in a comprehension before redeclaring
    // it with `:=`. OPA accepts that; regorus 0.14.1 does not ("var `name` used before
    // definition"). Tollgate must say so at the policy's line, never pass quietly.
    let out = tollgate(&[
        "check",
        "--no-builtin",
        "--policy",
        "testdata/conftest/combine/policy",
        "--combine",
        "testdata/conftest/combine",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stdout);
    assert!(err.contains("duplicate.rego:7:"), "{err}");
}

#[test]
fn non_kubernetes_examples_compose_and_aws_sam() {
    // Any YAML is an input: conftest's docs list two failures for docker-compose.yml (version
    // 3.5, a `latest` tag) and none for docker-compose-valid.yml ...
    let (code, got) = results(&[
        "--policy",
        "testdata/conftest/compose/policy",
        "testdata/conftest/compose/docker-compose.yml",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        got,
        owned(&[
            (
                "error",
                "Must be using at least version 3.5 of the Compose file format"
            ),
            ("error", "No images tagged latest"),
        ])
    );
    let (code, got) = results(&[
        "--policy",
        "testdata/conftest/compose/policy",
        "testdata/conftest/compose/docker-compose-valid.yml",
    ]);
    assert_eq!((code, got.len()), (Some(0), 0));
    // ... and four for the AWS SAM template.
    let (_, got) = results(&[
        "--policy",
        "testdata/conftest/awssam/policy",
        "testdata/conftest/awssam/lambda.yaml",
    ]);
    assert_eq!(
        got,
        owned(&[
            (
                "error",
                "Sensitive data not allowed in environment variables"
            ),
            ("error", "excessive Action permissions not allowed"),
            ("error", "excessive Resource permissions not allowed"),
            ("error", "python2.7 runtime not allowed"),
        ])
    );
}

#[test]
fn serverless_example_is_refused_as_opa_refuses_it() {
    // examples/serverless/policy/base.rego calls has_field, defined nowhere in the directory,
    // and binds `msg` in a rule body that never assigns it: OPA rejects it ("undefined function
    // has_field") and so does Tollgate — an input error (exit 2), not a pass.
    let out = tollgate(&[
        "check",
        "--no-builtin",
        "-f",
        "json",
        "--policy",
        "testdata/conftest/serverless/policy",
        "testdata/conftest/serverless/serverless.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn conftest_toml_is_read_like_conftest_does() {
    // examples/configfile: conftest.toml says policy = "test", namespace = "conftest"; run from
    // that directory, `conftest test deployment.yaml` reports the one deny that holds.
    let dir = root().join("testdata/conftest/configfile");
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "-f", "json", "--no-builtin", "deployment.yaml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let msgs: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(msgs, ["Containers must not run as root"]);
    // --no-config ignores it: no policy, no finding.
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(["check", "--no-builtin", "--no-config", "deployment.yaml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}
