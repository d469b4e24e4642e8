//! Whole-chart tests of the renderer: the sprig/Helm function golden cases
//! (`testdata/helm/funcs/`, expected outputs from the real Helm engine, rebuilt by its
//! `regenerate.sh`) rendered as the templates of a chart, exactly as the peer renders them.
//! One known difference is masked: the text of a YAML syntax error that `fromYaml` returns in
//! its `Error` entry is this crate's loader's, not go-yaml's (the entry itself must be there).

use std::path::{Path, PathBuf};

use super::{render_templates, Options};
use crate::source::Limits;

fn funcs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/helm/funcs")
}

#[test]
fn function_golden_cases_match_helm() {
    let dir = funcs_dir();
    let chart = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(chart.path().join("templates")).expect("templates dir");
    std::fs::write(
        chart.path().join("Chart.yaml"),
        "apiVersion: v2\nname: funcs\nversion: 0.1.0\n",
    )
    .expect("Chart.yaml");
    std::fs::copy(dir.join("values.yaml"), chart.path().join("values.yaml")).expect("values");
    let mut cases = Vec::new();
    for e in std::fs::read_dir(&dir).expect("funcs dir") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "tpl") {
            let case = p.file_stem().expect("stem").to_string_lossy().into_owned();
            std::fs::copy(&p, chart.path().join(format!("templates/{case}.yaml"))).expect("copy");
            cases.push(case);
        }
    }
    cases.sort();
    assert!(cases.len() >= 5, "{cases:?}");
    let outputs = render_templates(
        chart.path(),
        &|p| p.display().to_string(),
        &Limits::default(),
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("render: {e}"));
    let mut failures = Vec::new();
    for case in &cases {
        let want = std::fs::read_to_string(dir.join(format!("{case}.out")))
            .unwrap_or_else(|_| panic!("{case}.out missing: run regenerate.sh"));
        let name = format!("funcs/templates/{case}.yaml");
        let got = outputs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("{name} not rendered"));
        let (got, want) = (mask_yaml_errors(got), mask_yaml_errors(&want));
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(got.lines().count().min(want.lines().count()));
            failures.push(format!(
                "{case}: first difference at line {}:\n  got:  {:?}\n  want: {:?}",
                line + 1,
                got.lines().nth(line),
                want.lines().nth(line)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Replaces the message of every `{"Error":"…"}` (fromYaml's error entry) by `<message>`.
fn mask_yaml_errors(text: &str) -> String {
    const KEY: &str = "\"Error\":\"";
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        match (line.find(KEY), line.rfind("\"}")) {
            (Some(a), Some(b)) if a + KEY.len() <= b => {
                out.push_str(&line[..a + KEY.len()]);
                out.push_str("<message>");
                out.push_str(&line[b..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}
