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
    let mut a = vec!["check", "--format", "json", "--no-builtin"];
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
        "--policy-namespace",
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
        "--format",
        "json",
        "--policy",
        "testdata/conftest/serverless/policy",
        "testdata/conftest/serverless/serverless.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    // Refused when the policy loads, at the call, with OPA's words.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("testdata/conftest/serverless/policy/base.rego:19:6: Rego: undefined function has_field"),
        "{stderr}"
    );
}

#[test]
fn conftest_toml_is_read_like_conftest_does() {
    // examples/configfile: conftest.toml says policy = "test", namespace = "conftest"; run from
    // that directory, `conftest test deployment.yaml` reports the one deny that holds.
    let dir = root().join("testdata/conftest/configfile");
    let out = Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args([
            "check",
            "--format",
            "json",
            "--no-builtin",
            "deployment.yaml",
        ])
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

/// (exit code, every `file:line:col: message` error of a JSON check) for `args`.
fn check_errors(args: &[&str]) -> (Option<i32>, Vec<String>) {
    let mut a = vec!["check", "--format", "json", "--no-builtin", "--no-config"];
    a.extend_from_slice(args);
    let out = tollgate(&a);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let errors = text
        .lines()
        .filter(|l| l.contains(".rego:"))
        .map(|l| l.trim_start_matches("error: ").to_string())
        .collect();
    (out.status.code(), errors)
}

#[test]
fn strict_rules_example_fails_only_in_strict_mode() {
    // conftest's acceptance test "Should fail if strict is set and there are unused variables
    // in the policy" runs this policy on examples/kubernetes/deployment.yaml with --strict and
    // expects exit 1 and four compile errors: assigned vars b, x and c unused (lines 7, 8, 12 of
    // lenient.rego) and the unused argument y of validate (line 15). Without --strict the
    // policy compiles and its one deny rule (input.test == "foo") does not fire: exit 0.
    let args = [
        "--policy",
        "testdata/conftest/strict-rules/policy",
        "testdata/conftest/kubernetes/deployment.yaml",
    ];
    let (code, findings) = results(&args);
    assert_eq!(code, Some(0));
    assert!(findings.is_empty(), "{findings:?}");

    let mut strict = args.to_vec();
    strict.push("--strict");
    let (code, errors) = check_errors(&strict);
    assert_eq!(code, Some(2), "{errors:?}");
    let file = "testdata/conftest/strict-rules/policy/lenient.rego";
    assert_eq!(
        errors,
        vec![
            format!("{file}:7:5: Rego: assigned var b unused"),
            format!("{file}:8:5: Rego: assigned var x unused"),
            format!("{file}:12:5: Rego: assigned var c unused"),
            format!("{file}:15:13: Rego: unused argument y"),
        ]
    );

    // `conftest verify --strict` reports the same.
    let out = tollgate(&["test", "--strict", "testdata/conftest/strict-rules/policy"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for var in [
        "assigned var b unused",
        "assigned var x unused",
        "unused argument y",
    ] {
        assert!(stderr.contains(var), "{stderr}");
    }
}

#[test]
fn capabilities_example_refuses_functions_the_file_does_not_allow() {
    // conftest's acceptance test "Should fail if an opa function is not defined given
    // capabilities file": the kubernetes policies plus malicious.rego with capabilities.json
    // (count, eq, sprintf, equal only) fail with "undefined function opa.runtime" and
    // "undefined function http.send". The kubernetes policies call only count, sprintf and
    // their own `empty`, and compare with == and =, so they pass the check.
    let (code, errors) = check_errors(&[
        "--policy",
        "testdata/conftest/kubernetes/policy",
        "--policy",
        "testdata/conftest/capabilities/malicious.rego",
        "--capabilities",
        "testdata/conftest/capabilities/capabilities.json",
        "testdata/conftest/kubernetes/deployment.yaml",
    ]);
    assert_eq!(code, Some(2));
    let file = "testdata/conftest/capabilities/malicious.rego";
    assert_eq!(
        errors,
        vec![
            format!(
                "{file}:8:17: Rego: undefined function opa.runtime (not in the capabilities file)"
            ),
            format!(
                "{file}:10:17: Rego: undefined function http.send (not in the capabilities file)"
            ),
        ]
    );
    // Without a capabilities file the same calls are refused: Tollgate has neither.
    let (code, errors) = check_errors(&[
        "--policy",
        "testdata/conftest/capabilities/malicious.rego",
        "testdata/conftest/kubernetes/deployment.yaml",
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[1].contains("http.send (Tollgate runs without the network"),
        "{errors:?}"
    );

    // A capabilities file that allows what the policy uses passes.
    let dir = tempfile::tempdir().unwrap();
    let caps = dir.path().join("caps.json");
    std::fs::write(
        &caps,
        r#"{"builtins": [{"name": "count"}, {"name": "sprintf"}, {"name": "equal"}, {"name": "eq"}]}"#,
    )
    .unwrap();
    let (code, errors) = check_errors(&[
        "--policy",
        "testdata/conftest/kubernetes/policy",
        "--capabilities",
        caps.to_str().unwrap(),
        "testdata/conftest/kubernetes/service.yaml",
    ]);
    assert_eq!(code, Some(0), "{errors:?}");
    // One that does not allow `eq` refuses the kubernetes policies' `=` comparisons.
    std::fs::write(
        &caps,
        r#"{"builtins": [{"name": "count"}, {"name": "sprintf"}]}"#,
    )
    .unwrap();
    let (code, errors) = check_errors(&[
        "--policy",
        "testdata/conftest/kubernetes/policy",
        "--capabilities",
        caps.to_str().unwrap(),
        "testdata/conftest/kubernetes/service.yaml",
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(
        errors.contains(&"testdata/conftest/kubernetes/policy/kubernetes.rego:5:2: Rego: undefined function eq (not in the capabilities file)".to_string()),
        "{errors:?}"
    );
    // A malformed capabilities file is an input error with its position.
    std::fs::write(&caps, "{\"builtins\": [\n  {\"name\": }\n]}").unwrap();
    let out = tollgate(&[
        "check",
        "--no-builtin",
        "--capabilities",
        caps.to_str().unwrap(),
        "testdata/conftest/kubernetes/service.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("caps.json:2:"));
}

#[test]
fn builtin_errors_example_and_show_builtin_errors() {
    // examples/builtin-errors calls net.lookup_ip_addr. conftest evaluates it and, with
    // --show-builtin-errors, fails on the DNS error ("built-in error"); without the flag the
    // failed lookup is undefined and the check passes. Tollgate has no network built-ins, so
    // the call is refused when the policy loads, flag or not: an input error naming the line,
    // never a silent pass.
    for extra in [&[][..], &["--show-builtin-errors"][..]] {
        let mut args = vec![
            "--policy",
            "testdata/conftest/builtin-errors/invalid-dns.rego",
            "testdata/conftest/kubernetes/deployment.yaml",
        ];
        args.extend_from_slice(extra);
        let (code, errors) = check_errors(&args);
        assert_eq!(code, Some(2));
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with(
                "testdata/conftest/builtin-errors/invalid-dns.rego:5:3: Rego: undefined function net.lookup_ip_addr"
            ),
            "{errors:?}"
        );
    }

    // conftest's tests/builtin-errors: a test whose parse_config_file reads a missing file
    // fails ("1 test, 0 passed, … 1 failure") without the flag, and reports the built-in's
    // error ("file_does_not_exist.yaml: no such file or directory") with it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("missing_test.rego"),
        "package main\nimport rego.v1\n\ntest_reads_config if {\n\tcfg := parse_config_file(\"file_does_not_exist.yaml\")\n\tcfg.kind == \"Deployment\"\n}\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let out = tollgate(&["test", d]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 passed, 1 failed"), "{text}");
    assert!(text.contains("undefined"), "{text}");
    let out = tollgate(&["test", "--show-builtin-errors", d]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("file_does_not_exist.yaml"), "{text}");
    assert!(text.to_lowercase().contains("no such file"), "{text}");
}

#[test]
fn report_example_tests_and_print_output() {
    // conftest's acceptance tests on examples/report: policy + success passes 1/1, policy +
    // fail fails test_missing_required_label_fail (exit 1), and policy_print's print(name)
    // shows "sample" during the test.
    let out = tollgate(&[
        "test",
        "testdata/conftest/report/policy",
        "testdata/conftest/report/success",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed, 0 failed"));

    let out = tollgate(&[
        "test",
        "testdata/conftest/report/policy",
        "testdata/conftest/report/fail",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FAIL testdata/conftest/report/fail/failing_test.rego data.main.test_missing_required_label_fail"), "{text}");

    let out = tollgate(&[
        "test",
        "testdata/conftest/report/policy_print",
        "testdata/conftest/report/success",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("PRNT   testdata/conftest/report/policy_print/labels.rego:14: sample"),
        "{text}"
    );

    // "Supports print() output": `conftest test` with policy_print on the kubernetes
    // deployment prints `PRNT   …/labels.rego:14: hello-kubernetes` and fails (exit 1).
    let out = tollgate(&[
        "check",
        "--no-builtin",
        "--no-config",
        "--format",
        "json",
        "--policy",
        "testdata/conftest/report/policy_print/labels.rego",
        "testdata/conftest/kubernetes/deployment.yaml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("PRNT"))
            .collect::<Vec<_>>(),
        vec!["PRNT   testdata/conftest/report/policy_print/labels.rego:14: hello-kubernetes"]
    );
    // stdout stays the JSON report.
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn yaml_built_ins_are_available_to_policies() {
    // conftest policies often read YAML embedded in a ConfigMap with yaml.unmarshal.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("yaml_test.rego"),
        "package main\nimport rego.v1\n\ntest_unmarshal if {\n\tyaml.unmarshal(\"a: [1, 2]\") == {\"a\": [1, 2]}\n\tyaml.is_valid(\"a: 1\")\n\tnot yaml.is_valid(\"a: [\")\n}\n",
    )
    .unwrap();
    let out = tollgate(&["test", dir.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn v0_policies_with_deprecated_built_ins_run_as_in_opa() {
    // instrumenta/policies' kubernetes set: Rego v0 (`violation[msg] {`), the `contains(…)`
    // built-in, and `re_match`, which OPA still evaluates outside strict mode. Its own tests
    // pass (2), as under `conftest verify`.
    let out = tollgate(&["test", "testdata/rego/instrumenta"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 passed, 0 failed"));
    // In strict mode OPA refuses the deprecated built-in, at its call.
    let out = tollgate(&["test", "--strict", "testdata/rego/instrumenta"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("testdata/rego/instrumenta/lib/kubernetes.rego:135:3: Rego: deprecated built-in function re_match (strict mode)"),
        "{stderr}"
    );
    // The library's canonify_cpu goes through re_match: "2" cores is 2000m, "500m" stays 500,
    // and "2.5" (not all digits) matches no body.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cpu_test.rego"),
        "package cpu\nimport data.lib.kubernetes\n\ntest_canonify {\n\tkubernetes.canonify_cpu(\"2\") == 2000\n\tkubernetes.canonify_cpu(\"500m\") == 500\n\tnot kubernetes.canonify_cpu(\"2.5\")\n}\n",
    )
    .unwrap();
    let out = tollgate(&[
        "test",
        "testdata/rego/instrumenta/lib",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn kustomize_example_is_checked_on_the_built_root() {
    // conftest's kustomize example is meant for `kustomize build | conftest test -`: its
    // commonLabels add `app: hello` to the Deployment's selector, so only "Containers must not
    // run as root" (no runAsNonRoot) is denied, and the Service draws the warning. Tollgate
    // builds the root natively; checking the loose files instead would also deny the missing
    // selector label.
    let dir = "testdata/kustomize/open-policy-agent-conftest/examples/kustomize";
    let (code, findings) = results(&["--no-config", "--policy", &format!("{dir}/policy"), dir]);
    assert_eq!(code, Some(1));
    assert_eq!(
        findings,
        owned(&[
            ("error", "Containers must not run as root"),
            ("warning", "Services are not allowed"),
        ])
    );
}
