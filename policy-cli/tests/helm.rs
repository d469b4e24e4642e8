//! Helm charts checked through their native render: findings point at the template line that
//! printed the field and, labelled, at the values line the value came from; values files,
//! `--set` and `.tollgate.yaml` settings apply; template errors are input errors at their line
//! and never hide another unit's findings.

use std::path::Path;

use serde_json::Value;

mod common;
use common::cli::{json, root, snapshot, tollgate, tollgate_in};

const CHART: &str = "testdata/helm-provenance/web";
const PROD: &str = "testdata/helm-provenance/web/values-prod.yaml";

fn finding<'a>(findings: &'a [Value], rule: &str) -> &'a Value {
    findings
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {findings:#?}"))
}

fn rules(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn findings_point_at_the_template_line_and_the_values_line() {
    // values-prod.yaml makes the container privileged, the tag `latest` and the revision
    // history 0; each finding points at the template line that printed the field and, labelled,
    // at the values line that set it.
    let out = tollgate(&["check", "--no-config", "--quiet", CHART, "-f", PROD]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    snapshot(
        "helm-web-prod-human.txt",
        &String::from_utf8_lossy(&out.stdout),
    );

    let out = tollgate(&[
        "check",
        "--no-config",
        "--format",
        "json",
        CHART,
        "-f",
        PROD,
    ]);
    let v = json(&out);
    let text = serde_json::to_string_pretty(&v["findings"]).unwrap() + "\n";
    snapshot("helm-web-prod-json.txt", &text);
    let findings = v["findings"].as_array().unwrap();

    // toYaml .Values.securityContext | nindent 12: the action, and privileged: true in prod.
    let privileged = finding(findings, "privileged-container");
    assert_eq!(
        privileged["file"],
        format!("{CHART}/templates/deployment.yaml")
    );
    assert_eq!(privileged["line"], 26);
    assert_eq!(privileged["column"], 13);
    assert_eq!(privileged["resource"]["name"], "release-name-web");
    assert_eq!(privileged["related"][0]["file"], PROD);
    assert_eq!(privileged["related"][0]["line"], 6);
    assert_eq!(privileged["related"][0]["label"], "value set here");

    // revisionHistoryLimit: {{ .Values.revisionHistoryLimit }}: the action, and prod's 0.
    let history = finding(findings, "revision-history-disabled");
    assert_eq!(history["line"], 9);
    assert_eq!(history["column"], 25);
    assert_eq!(history["related"][0]["file"], PROD);
    assert_eq!(history["related"][0]["line"], 9);

    // image: "{{ repository }}:{{ tag }}": both values lines, in output order.
    let image = finding(findings, "mutable-image-tag");
    assert_eq!(image["line"], 20);
    let related: Vec<(String, i64)> = image["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        related,
        vec![(format!("{CHART}/values.yaml"), 4), (PROD.to_string(), 3)]
    );
}

#[test]
fn default_values_are_clean_and_set_flags_apply() {
    let out = tollgate(&["check", "--no-config", "--format", "json", CHART]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let got = rules(&v);
    for rule in [
        "privileged-container",
        "mutable-image-tag",
        "revision-history-disabled",
        "missing-readiness-probe",
        "missing-liveness-probe",
    ] {
        assert!(!got.iter().any(|r| r == rule), "{rule} in {got:?}");
    }
    // The chart's own values-prod.yaml is a values file of the chart, not a manifest.
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"].as_str().unwrap().ends_with("values-prod.yaml")),
        "{v:#}"
    );

    // --set layers over the values files (later --set wins); probes off removes both probes.
    let out = tollgate(&[
        "check",
        "--no-config",
        "--format",
        "json",
        CHART,
        "-f",
        PROD,
        "--set",
        "image.tag=latest,probes.enabled=false",
        "--set",
        "securityContext.privileged=false,revisionHistoryLimit=5",
    ]);
    let v = json(&out);
    let got = rules(&v);
    for rule in [
        "mutable-image-tag",
        "missing-readiness-probe",
        "missing-liveness-probe",
    ] {
        assert!(got.contains(&rule.to_string()), "{rule} not in {got:?}");
    }
    for rule in ["privileged-container", "revision-history-disabled"] {
        assert!(!got.contains(&rule.to_string()), "{rule} in {got:?}");
    }
    // A finding on the container (assembled from template text) does not claim the values
    // printed inside it (the image tag, the security context) as its origin.
    let probe = finding(v["findings"].as_array().unwrap(), "missing-readiness-probe");
    assert_eq!(probe["related"], serde_json::json!([]), "{probe:#}");
    // --set-string keeps the value a string: the tag "1.10" is not the number 1.1.
    let out = tollgate(&[
        "render",
        "--no-config",
        "--format",
        "json",
        CHART,
        "--set-string",
        "image.tag=1.10",
    ]);
    let docs = json(&out);
    assert_eq!(
        docs[1]["spec"]["template"]["spec"]["containers"][0]["image"],
        "ghcr.io/example/web:1.10"
    );

    // Release name and namespace reach the documents.
    let out = tollgate(&[
        "render",
        "--no-config",
        "--format",
        "json",
        CHART,
        "--release-name",
        "shop",
        "--namespace",
        "prod",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let docs = json(&out);
    let names: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["shop-web", "shop-web"]);
    assert_eq!(
        docs[1]["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/instance"],
        "shop"
    );
}

#[test]
fn render_prints_documents_in_helm_order() {
    let out = tollgate(&["render", "--no-config", CHART, "-f", PROD]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    // Service before Deployment (Helm's install order), each with the template it came from.
    let service = text.find("kind: Service").unwrap();
    let deployment = text.find("kind: Deployment").unwrap();
    assert!(service < deployment, "{text}");
    assert!(
        text.contains(&format!("# Source: {CHART}/templates/deployment.yaml:1")),
        "{text}"
    );
    // NOTES.txt and _helpers.tpl print nothing.
    assert!(!text.contains("is installed"), "{text}");
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn tollgate_yaml_lists_the_values_files_of_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join(CHART), &dir.path().join("charts/web"));
    write(
        dir.path(),
        ".tollgate.yaml",
        "helm:\n  charts/web:\n    values: [charts/web/values-prod.yaml]\n    release-name: shop\n",
    );
    let out = tollgate_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let findings = v["findings"].as_array().unwrap();
    let privileged = finding(findings, "privileged-container");
    assert_eq!(privileged["resource"]["name"], "shop-web");
    assert_eq!(
        privileged["related"][0]["file"],
        "charts/web/values-prod.yaml"
    );

    // An unknown key in a chart's entry is an error at its line.
    write(
        dir.path(),
        ".tollgate.yaml",
        "helm:\n  charts/web:\n    valuez: [x.yaml]\n",
    );
    let out = tollgate_in(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(".tollgate.yaml:3:5"), "{stderr}");
}

const CHART_YAML: &str = "apiVersion: v2\nname: bad\nversion: 0.1.0\n";
const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.2.3\n    securityContext: {privileged: true}\n";

/// Runs `check --format json .` in a temp dir holding a broken chart and a privileged pod.
fn check_broken_chart(template: &str, values: &str) -> (Option<i32>, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "chart/Chart.yaml", CHART_YAML);
    write(dir.path(), "chart/values.yaml", values);
    write(dir.path(), "chart/templates/a.yaml", template);
    write(dir.path(), "plain/pod.yaml", PRIVILEGED_POD);
    let out = tollgate_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "."],
    );
    let v = json(&out);
    let errors = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{}: {}",
                e["file"].as_str().unwrap(),
                e["line"],
                e["column"],
                e["message"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    (out.status.code(), v, errors)
}

#[test]
fn template_errors_name_the_line_and_keep_other_findings() {
    let cases: &[(&str, &str, &str)] = &[
        // A function the engine lacks: a parse error at its line and column.
        (
            "a: {{ .Values.x | nosuchfunc }}\n",
            "x: 1\n",
            "chart/templates/a.yaml:1:19: parse error at (bad/templates/a.yaml:1): function \"nosuchfunc\" not defined",
        ),
        // An unclosed action.
        (
            "a: {{ .Values.x\n",
            "x: 1\n",
            "unclosed action",
        ),
        // required, as Helm reports it (Go's 0-based column in the message).
        (
            "kind: ConfigMap\ndata:\n  a: {{ required \"x is required\" .Values.x }}\n",
            "{}\n",
            "chart/templates/a.yaml:3:9: execution error at (bad/templates/a.yaml:3:8): x is required",
        ),
        // A field of a missing map.
        (
            "a: {{ .Values.a.b.c }}\n",
            "{}\n",
            "nil pointer evaluating interface {}.b",
        ),
        // include recursion stops at Helm's limit.
        (
            "{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}a: {{ include \"loop\" . }}\n",
            "{}\n",
            "nested reference name: loop",
        ),
        // Output that is not YAML: the error points at the template.
        (
            "a: [{{ .Values.x }}\n",
            "x: 1\n",
            "chart/templates/a.yaml",
        ),
        // A values file that is not YAML.
        ("a: 1\n", "x: [\n", "chart/values.yaml:"),
    ];
    for (template, values, expected) in cases {
        let (code, v, errors) = check_broken_chart(template, values);
        assert_eq!(code, Some(2), "{template}: {v:#}");
        assert!(errors.contains(expected), "{template}: {errors}");
        // The pod's finding is still reported.
        assert!(
            rules(&v).contains(&"privileged-container".to_string()),
            "{template}: {v:#}"
        );
    }
}

#[test]
fn a_dependency_that_is_not_vendored_is_an_error_at_its_line() {
    let out = tollgate(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "testdata/helm/corpus/argo-cd",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    let e = &v["errors"][0];
    assert_eq!(
        e["file"], "testdata/helm/corpus/argo-cd/Chart.yaml",
        "{v:#}"
    );
    assert_eq!(
        (e["line"].as_i64(), e["column"].as_i64()),
        (Some(20), Some(5)),
        "{v:#}"
    );
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("missing in charts/ directory: redis-ha")
            && message.contains("helm dependency build"),
        "{message}"
    );
}

/// Runs `tollgate ARGS` in `dir` with at most 4 GB of address space: a template that builds a
/// runaway value fails the run instead of exhausting the machine's memory.
fn tollgate_in_bounded_memory(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -v 4000000 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn templates_that_build_huge_values_fail_at_their_line_and_keep_other_findings() {
    // Each builds, in a few cheap steps, a value whose printed size is exponential: a map or
    // list shared at every one of 60 levels (2^60 leaves), a string doubled 40 times (1 TiB).
    // Each is an ordinary template error at the line of the action that went over the limit.
    let charts: &[(&str, &str, (usize, usize), &str)] = &[
        (
            "dag-dict",
            "kind: ConfigMap\n{{- $d := dict \"a\" 1 }}{{ range until 60 }}{{ $d = dict \"l\" $d \"r\" $d }}{{ end }}\ndata:\n  x: {{ toYaml $d }}\n",
            (4, 9),
            "error calling toYaml: value exceeds the limit of 67108864 bytes (max_value_bytes)",
        ),
        (
            "dag-list",
            "kind: ConfigMap\n{{- $l := list 1 }}{{ range until 60 }}{{ $l = list $l $l }}{{ end }}\ndata:\n  x: {{ toJson $l }}\n",
            (4, 9),
            "error calling toJson: value exceeds the limit of 67108864 bytes (max_value_bytes)",
        ),
        (
            "doubling",
            "kind: ConfigMap\n{{- $s := \"ab\" }}\n{{- range until 40 }}\n{{- $s = printf \"%s%s\" $s $s }}\n{{- end }}\ndata:\n  x: {{ $s }}\n",
            (4, 10),
            "error calling printf: value exceeds the limit of 67108864 bytes (max_value_bytes)",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, template, _, _) in charts {
        write(
            dir.path(),
            &format!("{name}/Chart.yaml"),
            &format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n"),
        );
        write(dir.path(), &format!("{name}/templates/cm.yaml"), template);
    }
    write(dir.path(), "plain/pod.yaml", PRIVILEGED_POD);
    let out = tollgate_in_bounded_memory(
        dir.path(),
        &["check", "--no-config", "--format", "json", "."],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let errors = v["errors"].as_array().unwrap();
    for (name, _, (line, column), message) in charts {
        let file = format!("{name}/templates/cm.yaml");
        let e = errors
            .iter()
            .find(|e| e["file"] == file.as_str())
            .unwrap_or_else(|| panic!("no error in {file}: {v:#}"));
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(*line as u64), Some(*column as u64)),
            "{e:#}"
        );
        assert!(e["message"].as_str().unwrap().contains(message), "{e:#}");
    }
    assert_eq!(errors.len(), charts.len(), "{v:#}");
    assert!(
        rules(&v).contains(&"privileged-container".to_string()),
        "{v:#}"
    );
}
