//! Helm conformance: `tollgate render` of every chart under `testdata/helm/corpus/`, with its
//! default values and with each of its `ci/*.yaml` values files, against what the real Helm
//! engine (Helm v4.2.3 through helm-python-sdk) renders.
//!
//! The golden files are `testdata/helm/golden/<chart>.yaml` and `<chart>__<values stem>.yaml`
//! (`helm template --no-hooks` output) or `.err` (Helm failed; its message), written by
//! `scripts/helm-golden.sh`; `golden/INDEX.md` lists them.
//!
//! For a `.yaml` golden, `tollgate render --format json --no-config <chart> [-f <values>]` must exit
//! 0 and print the same documents (hooks left out, as `--no-hooks` does), in Helm's install order.
//! Values are compared as JSON: key order ignored, numbers by value. Both sides are decoded by
//! Tollgate's YAML loader. Helm generates keys, certificates and bcrypt hashes at random on every
//! render (`genCA`, `genSelfSignedCert`, `htpasswd`, …), so no two Helm renders agree on them;
//! on both sides such a value (plain or base64) is replaced by what it is (`<certificate>`,
//! `<private key>`, `<bcrypt hash>`) before comparing, and everything around it must match. For an `.err` golden, `tollgate render` must exit 2, and where Helm's
//! message names a template position (`execution error at (chart/templates/x.yaml:2:9)`) or a
//! missing dependency, Tollgate's error must name the same. One deliberate difference: Helm
//! refuses to install a library chart, while Tollgate renders it to nothing (exit 0, no
//! documents), so that `tollgate check .` on a repository with a library chart passes.
//!
//! ```text
//! cargo test -p policy-cli --test helm_conformance -- --nocapture
//! HELM_CASE=podinfo cargo test -p policy-cli --test helm_conformance -- --nocapture
//! ```
//! With `HELM_CASE=substring` only the matching cases run, and all of them must pass.

/// The lowest pass rate (percent of cases) the full run accepts: every case passes (133 of
/// 133), so any regression fails the test.
const MIN_PASS: f64 = 100.0;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::compare::{compare_documents, first_line, parse_golden_yaml};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

enum Golden {
    Documents(Vec<Value>),
    Error(String),
}

struct Case {
    name: String,
    chart: String,
    values: Option<String>,
    golden: PathBuf,
}

/// Every golden case with the chart and values file it names.
fn cases() -> Vec<Case> {
    let dir = repo().join("testdata/helm/golden");
    let mut out: Vec<Case> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "err"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let (chart, values) = match stem.split_once("__") {
                Some((c, v)) => (c.to_string(), Some(v.to_string())),
                None => (stem.clone(), None),
            };
            let chart_dir = format!("testdata/helm/corpus/{chart}");
            assert!(
                repo().join(&chart_dir).join("Chart.yaml").is_file(),
                "golden {} names no chart: run scripts/helm-golden.sh",
                p.display()
            );
            let values = values.map(|v| format!("{chart_dir}/ci/{v}.yaml"));
            Case {
                name: stem,
                chart: chart_dir,
                values,
                golden: p,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn read_golden(path: &Path) -> Golden {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "err") {
        return Golden::Error(text.trim().to_string());
    }
    match parse_golden_yaml(&path.display().to_string(), &text) {
        Ok(docs) => Golden::Documents(
            docs.into_iter()
                .filter(|d| !d.is_null())
                .map(|mut d| {
                    mask_random(&mut d);
                    d
                })
                .collect(),
        ),
        Err(e) => panic!("golden file does not parse: {e}"),
    }
}

fn render(case: &Case) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tollgate"));
    cmd.args(["render", "--format", "json", "--no-config", &case.chart]);
    if let Some(v) = &case.values {
        cmd.args(["-f", v]);
    }
    cmd.current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .expect("run tollgate")
}

/// What a value Helm generates at random is (a PEM block or a bcrypt hash), with the random
/// parts replaced; `None` for any other string.
fn random_kind(s: &str) -> Option<String> {
    use base64::Engine as _;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(s)
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    let text = decoded.as_deref().unwrap_or(s);
    if text.contains("-----BEGIN CERTIFICATE-----") {
        return Some("<certificate>".to_string());
    }
    if text.contains("PRIVATE KEY-----") {
        return Some("<private key>".to_string());
    }
    if text.contains("$2a$") {
        // `user:$2a$10$<53 characters>`: keep everything but the salt and hash.
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("$2a$") {
            out.push_str(&rest[..i]);
            out.push_str("<bcrypt hash>");
            rest = rest.get(i + 7 + 53..).unwrap_or("");
        }
        out.push_str(rest);
        return Some(out);
    }
    None
}

/// Replaces the values Helm generates at random by what they are (see [`random_kind`]).
fn mask_random(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some(kind) = random_kind(s) {
                *s = kind;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_random),
        Value::Object(map) => map.values_mut().for_each(mask_random),
        _ => {}
    }
}

fn is_hook(doc: &Value) -> bool {
    doc["metadata"]["annotations"]["helm.sh/hook"].is_string()
}

/// What Tollgate's error must also say, taken from Helm's message.
fn expected_mention(message: &str) -> Option<String> {
    if let Some(i) = message.find("error at (") {
        let rest = &message[i + "error at (".len()..];
        return rest.find(')').map(|j| format!("({})", &rest[..j]));
    }
    if let Some(i) = message.find("missing in charts/ directory: ") {
        let rest = &message[i..];
        return Some(rest.split([';', '\n']).next().unwrap_or(rest).to_string());
    }
    None
}

fn judge(out: &Output, golden: &Golden) -> Result<String, String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    match golden {
        Golden::Error(message) if message.contains("library charts are not installable") => {
            match (code, serde_json::from_slice::<Value>(&out.stdout)) {
                (Some(0), Ok(Value::Array(docs))) if docs.is_empty() => {
                    Ok("a library chart: nothing rendered".to_string())
                }
                _ => Err(format!(
                    "a library chart must render to nothing, got exit {code:?}: {}",
                    first_line(&stderr)
                )),
            }
        }
        Golden::Error(message) => {
            if code != Some(2) {
                return Err(format!(
                    "expected exit 2 (Helm fails: {}), got exit {code:?}",
                    first_line(message)
                ));
            }
            match expected_mention(message) {
                Some(m) if !stderr.contains(&m) => Err(format!(
                    "exit 2, but the error does not say {m:?}: {}",
                    first_line(&stderr)
                )),
                _ => Ok("error, as Helm".to_string()),
            }
        }
        Golden::Documents(expected) => {
            if code != Some(0) {
                return Err(format!("exit {code:?}: {}", first_line(&stderr)));
            }
            let actual: Vec<Value> = match serde_json::from_slice(&out.stdout) {
                Ok(Value::Array(docs)) => docs
                    .into_iter()
                    .filter(|d| !is_hook(d))
                    .map(|mut d| {
                        mask_random(&mut d);
                        d
                    })
                    .collect(),
                Ok(_) => return Err("output is not a JSON array".to_string()),
                Err(e) => return Err(format!("output is not JSON: {e}")),
            };
            match compare_documents(expected, &actual) {
                None => Ok(format!("{} documents", expected.len())),
                Some(diff) => Err(diff),
            }
        }
    }
}

#[test]
fn helm_conformance() {
    let filter = std::env::var("HELM_CASE").ok().filter(|f| !f.is_empty());
    let selected: Vec<Case> = cases()
        .into_iter()
        .filter(|c| filter.as_deref().is_none_or(|f| c.name.contains(f)))
        .collect();
    assert!(!selected.is_empty(), "no case selected");
    let results: Vec<Result<String, String>> = common::par_map(&selected, |case| {
        judge(&render(case), &read_golden(&case.golden))
    });
    let mut report = String::new();
    let _ = writeln!(report, "helm conformance: {} cases", selected.len());
    for (case, outcome) in selected.iter().zip(&results) {
        let _ = match outcome {
            Ok(what) => writeln!(report, "  pass  {}: {what}", case.name),
            Err(why) => writeln!(report, "  FAIL  {}: {why}", case.name),
        };
    }
    let passed = results.iter().filter(|o| o.is_ok()).count();
    let rate = 100.0 * passed as f64 / selected.len() as f64;
    let _ = writeln!(
        report,
        "pass rate: {passed}/{} ({rate:.1}%); MIN_PASS {MIN_PASS}%",
        selected.len()
    );
    println!("{report}");
    match &filter {
        None => assert!(
            rate >= MIN_PASS,
            "helm conformance pass rate {rate:.1}% is below MIN_PASS {MIN_PASS}%\n{report}"
        ),
        Some(f) => assert!(
            passed == selected.len(),
            "HELM_CASE={f:?}: {} of {} cases fail\n{report}",
            selected.len() - passed,
            selected.len()
        ),
    }
}
