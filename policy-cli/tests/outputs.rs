//! SARIF, JUnit and GitHub outputs of the real binary on real files: SARIF validated against the
//! SARIF 2.1.0 JSON schema (OASIS, `testdata/schemas/`), JUnit parsed as XML, all three checked
//! against the JSON report of the same run and byte-identical whatever the thread count.

use std::collections::BTreeSet;
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
        .env("NO_COLOR", "1")
        .output()
        .expect("run tollgate")
}

fn json(args: &[&str]) -> Value {
    let mut a = vec!["check", "--format", "json"];
    a.extend_from_slice(args);
    serde_json::from_slice(&tollgate(&a).stdout).expect("JSON")
}

/// Manifests with findings, migrations with findings, and a broken file (an input error).
const INPUTS: [&str; 3] = [
    "testdata/examples",
    "testdata/rules/migration-drop-column",
    "testdata/migrations/supabase-auth/migrations/00_init_auth_schema.up.sql",
];

#[test]
fn sarif_is_valid_sarif_2_1_0_and_matches_the_findings() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("testdata/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let mut args = vec!["check", "--format", "sarif", "--jobs", "1"];
    args.extend_from_slice(&INPUTS);
    let out = tollgate(&args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "input error → exit 2 in every format"
    );
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let reference = json(&INPUTS);
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let findings = reference["findings"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    assert!(results.len() > 10);
    for (r, f) in results.iter().zip(findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], f["rule"], "ruleIndex points at the rule");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], f["file"]);
        assert_eq!(loc["region"]["startLine"], f["line"]);
        assert_eq!(loc["region"]["startColumn"], f["column"]);
        let level = match f["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(r["level"], level);
    }
    // Rules carry their METADATA.
    let privileged = rules
        .iter()
        .find(|r| r["id"] == "privileged-container")
        .unwrap();
    assert!(
        privileged["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .len()
            > 5
    );
    assert!(privileged["help"]["text"]
        .as_str()
        .unwrap()
        .contains("Fix: "));
    // The input error is a notification at its position, and the run did not succeed.
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let note = &inv["toolExecutionNotifications"][0];
    assert_eq!(
        note["locations"][0]["physicalLocation"]["region"]["startLine"],
        reference["errors"][0]["line"]
    );
    // Deterministic whatever the thread count.
    let mut two = vec!["check", "--format", "sarif", "--jobs", "2"];
    two.extend_from_slice(&INPUTS);
    assert!(tollgate(&two).stdout == out.stdout);
}

#[test]
fn junit_is_xml_with_one_testcase_per_rule_and_unit() {
    let mut args = vec!["check", "--format", "junit"];
    args.extend_from_slice(&INPUTS);
    let out = tollgate(&args);
    assert_eq!(out.status.code(), Some(2));
    let xml = String::from_utf8(out.stdout).unwrap();
    // Well-formed: every event reads.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut cases, mut failures, mut errors) = (Vec::new(), BTreeSet::new(), 0);
    let mut current = (String::new(), String::new());
    loop {
        use quick_xml::events::Event;
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                        .unwrap_or_default()
                };
                match e.name().as_ref() {
                    "testcase" => {
                        current = (attr("classname"), attr("name"));
                        cases.push(current.clone());
                    }
                    "failure" => {
                        failures.insert(current.clone());
                    }
                    "error" => errors += 1,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let reference = json(&INPUTS);
    let failing: BTreeSet<(String, String)> = reference["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["unit"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        failures, failing,
        "a failure per (unit, rule) with error findings"
    );
    // Passing cases too: rules that apply to the unit's documents and found nothing.
    let api = "testdata/examples/apps/api".to_string();
    assert!(
        cases.contains(&(api, "host-namespaces".to_string())),
        "{cases:?}"
    );
    let unique: BTreeSet<_> = cases.iter().collect();
    assert_eq!(unique.len(), cases.len(), "one testcase per rule and unit");
    assert_eq!(errors, 1, "the input error");
}

#[test]
fn github_annotations_match_the_findings() {
    let mut args = vec!["check", "--format", "github"];
    args.extend_from_slice(&INPUTS);
    let out = tollgate(&args);
    let text = String::from_utf8(out.stdout).unwrap();
    let reference = json(&INPUTS);
    let findings = reference["findings"].as_array().unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(
        lines.len(),
        findings.len() + reference["errors"].as_array().unwrap().len()
    );
    for (line, f) in lines.iter().zip(findings) {
        let kind = match f["severity"].as_str().unwrap() {
            "info" => "notice",
            other => other,
        };
        let expected = format!(
            "::{kind} file={},line={},col={},",
            f["file"].as_str().unwrap(),
            f["line"],
            f["column"]
        );
        assert!(line.starts_with(&expected), "{line} / {expected}");
        assert!(line.contains(&format!("title=tollgate {}::", f["rule"].as_str().unwrap())));
        assert!(!line.contains('\n'));
    }
    assert!(text.lines().last().unwrap().starts_with("tollgate: "));
}

#[test]
fn quiet_drops_the_summary_and_nothing_else() {
    let loud = String::from_utf8(tollgate(&["check", "testdata/examples"]).stdout).unwrap();
    let quiet = String::from_utf8(tollgate(&["check", "-q", "testdata/examples"]).stdout).unwrap();
    let summary = loud.lines().last().unwrap();
    assert!(summary.contains("documents:"), "{summary}");
    assert!(!quiet.contains("documents:"));
    assert!(
        loud.starts_with(quiet.trim_end()),
        "the findings are the same"
    );
    assert_eq!(
        tollgate(&["check", "-q", "testdata/examples"])
            .status
            .code(),
        Some(1)
    );
    // Not on a terminal: no progress bar, no timing line on stderr.
    assert!(tollgate(&["check", "testdata/examples"]).stderr.is_empty());
}
