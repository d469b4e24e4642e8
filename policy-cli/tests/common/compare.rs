//! Comparing rendered documents with a peer tool's output (the Kustomize and Helm conformance
//! tests).

use std::fmt::Write as _;

use policy_core::source::{yaml::parse_yaml, Limits, SourceFile};
use serde_json::Value;

/// Parses a YAML stream (a peer tool's output) into JSON values, with Tollgate's own YAML loader.
pub fn parse_golden_yaml(name: &str, text: &str) -> Result<Vec<Value>, String> {
    let file = SourceFile::new(name, name, text.to_string());
    let nodes = parse_yaml(&file, &Limits::default()).map_err(|e| e.to_string())?;
    Ok(nodes.iter().map(|n| n.to_json()).collect())
}

/// The first non-blank line.
pub fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// The first difference between two document lists, described; `None` when they agree.
pub fn compare_documents(expected: &[Value], actual: &[Value]) -> Option<String> {
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let mut path = format!("[{i}]");
        if let Some(what) = first_difference(e, a, &mut path) {
            let mut s = format!("document {i} ({}): {path}: {what}", describe(e));
            if same_documents_any_order(expected, actual) {
                s.push_str(" (the same documents in another order)");
            }
            return Some(s);
        }
    }
    if expected.len() != actual.len() {
        let at = expected.len().min(actual.len());
        let (what, extra) = if actual.len() > expected.len() {
            ("not expected", &actual[at])
        } else {
            ("missing", &expected[at])
        };
        return Some(format!(
            "{} documents expected, {} rendered; [{at}] {what}: {}",
            expected.len(),
            actual.len(),
            describe(extra)
        ));
    }
    None
}

fn same_documents_any_order(expected: &[Value], actual: &[Value]) -> bool {
    if expected.len() != actual.len() {
        return false;
    }
    let mut used = vec![false; actual.len()];
    expected.iter().all(|e| {
        let found = actual
            .iter()
            .enumerate()
            .find(|(j, a)| !used[*j] && first_difference(e, a, &mut String::new()).is_none());
        match found {
            Some((j, _)) => {
                used[j] = true;
                true
            }
            None => false,
        }
    })
}

/// `Kind namespace/name` of a document, for messages.
pub fn describe(doc: &Value) -> String {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let kind = s(&doc["kind"]);
    let name = s(&doc["metadata"]["name"]);
    match doc["metadata"]["namespace"].as_str() {
        Some(ns) => format!("{kind} {ns}/{name}"),
        None => format!("{kind} {name}"),
    }
}

/// Appends an object key to a JSON path: `.name`, or `["app.kubernetes.io/name"]`.
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        let _ = write!(path, ".{key}");
    } else {
        let _ = write!(path, "[{}]", Value::String(key.to_string()));
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The first difference between `expected` and `actual`, depth first in the expected document's
/// key order; `path` is extended to the differing node.
fn first_difference(expected: &Value, actual: &Value, path: &mut String) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let len = path.len();
                push_key(path, k);
                match a.get(k) {
                    None => return Some(format!("expected {}, missing", short(ev))),
                    Some(av) => {
                        if let Some(d) = first_difference(ev, av, path) {
                            return Some(d);
                        }
                    }
                }
                path.truncate(len);
            }
            let mut extra: Vec<&String> = a.keys().filter(|k| !e.contains_key(*k)).collect();
            extra.sort();
            if let Some(k) = extra.first() {
                push_key(path, k);
                return Some(format!("not expected, rendered {}", short(&a[k.as_str()])));
            }
            None
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                let len = path.len();
                let _ = write!(path, "[{i}]");
                if let Some(d) = first_difference(ev, av, path) {
                    return Some(d);
                }
                path.truncate(len);
            }
            if e.len() != a.len() {
                return Some(format!("expected {} items, rendered {}", e.len(), a.len()));
            }
            None
        }
        (Value::Number(e), Value::Number(a)) if numbers_equal(e, a) => None,
        (e, a) if e == a => None,
        (e, a) => Some(format!("expected {}, rendered {}", short(e), short(a))),
    }
}
