//! conftest's built-in functions for policy tests, so that conftest test files run unchanged
//! under `tollgate test`:
//!
//! - `parse_config(parser, text)`: `text` parsed as YAML (`yaml`, `yml`) or JSON (`json`);
//! - `parse_config_file(path)`: a YAML or JSON file parsed;
//! - `parse_combined_config_files(paths)`: `[{"path", "contents"}, …]`, one entry per document,
//!   the input `--combine` gives.
//!
//! Relative paths are resolved against the directory of the test file being run, where
//! conftest's examples keep their inputs (the working directory in `tollgate check`). A policy
//! is part of the repository under review, so these functions read as discovery does
//! ([`confine`](crate::source::confine)): nothing outside the repository holding that directory
//! (else the directory itself), no pseudo file, nothing but regular files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use regorus::Value;

use crate::document::node_to_rego;
use crate::source::{json, yaml, Limits, SourceFile};

fn parse(name: &str, text: String, json_format: bool) -> anyhow::Result<Vec<Value>> {
    let file = SourceFile::new(name, name, text);
    let nodes = if json_format {
        vec![json::parse_json(&file, &Limits::default()).map_err(|e| anyhow::anyhow!("{e}"))?]
    } else {
        yaml::parse_yaml(&file, &Limits::default()).map_err(|e| anyhow::anyhow!("{e}"))?
    };
    Ok(nodes.iter().map(node_to_rego).collect())
}

fn one(values: Vec<Value>) -> Value {
    match values.len() {
        0 => Value::Null,
        1 => values.into_iter().next().unwrap_or(Value::Null),
        _ => Value::from(values),
    }
}

fn string_arg(args: &[Value], i: usize, f: &str) -> anyhow::Result<String> {
    args.get(i)
        .and_then(|v| v.as_string().ok())
        .map(|s| s.to_string())
        .ok_or_else(|| anyhow::anyhow!("{f}: argument {} must be a string", i + 1))
}

fn read(dir: &Arc<Mutex<PathBuf>>, path: &str) -> anyhow::Result<(String, String)> {
    let base = dir.lock().map(|d| d.clone()).unwrap_or_default();
    let p = Path::new(path);
    let full = if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    };
    let bytes = crate::source::confine::Fence::around(&base)
        .read(&full, Limits::default().max_file_bytes)
        .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{path}: not UTF-8 text"))?;
    Ok((path.to_string(), text))
}

fn is_json(path: &str) -> bool {
    path.ends_with(".json")
}

/// The functions [`install`] adds.
pub(crate) const NAMES: &[&str] = &[
    "parse_config",
    "parse_config_file",
    "parse_combined_config_files",
];

/// A built-in's result: with `strict` (conftest's `--show-builtin-errors`) an error is an
/// error; otherwise the call is undefined, as OPA's built-ins are when they fail.
fn lenient(strict: bool, result: anyhow::Result<Value>) -> anyhow::Result<Value> {
    match result {
        Err(_) if !strict => Ok(Value::Undefined),
        other => other,
    }
}

/// Adds the functions to `engine`; `dir` holds the directory of the test being run.
pub(crate) fn install(
    engine: &mut regorus::Engine,
    dir: Arc<Mutex<PathBuf>>,
    strict: bool,
) -> anyhow::Result<()> {
    engine.add_extension(
        "parse_config".to_string(),
        2,
        Box::new(move |args: Vec<Value>| lenient(strict, parse_config(&args))),
    )?;
    let d = Arc::clone(&dir);
    engine.add_extension(
        "parse_config_file".to_string(),
        1,
        Box::new(move |args: Vec<Value>| lenient(strict, parse_config_file(&d, &args))),
    )?;
    let d = Arc::clone(&dir);
    engine.add_extension(
        "parse_combined_config_files".to_string(),
        1,
        Box::new(move |args: Vec<Value>| lenient(strict, parse_combined(&d, &args))),
    )?;
    Ok(())
}

fn parse_config(args: &[Value]) -> anyhow::Result<Value> {
    let parser = string_arg(args, 0, "parse_config")?;
    let text = string_arg(args, 1, "parse_config")?;
    let json_format = match parser.as_str() {
        "json" => true,
        "yaml" | "yml" => false,
        other => anyhow::bail!("parse_config: parser {other:?} is not supported (yaml, json)"),
    };
    Ok(one(parse("<parse_config>", text, json_format)?))
}

fn parse_config_file(dir: &Arc<Mutex<PathBuf>>, args: &[Value]) -> anyhow::Result<Value> {
    let path = string_arg(args, 0, "parse_config_file")?;
    let (name, text) = read(dir, &path)?;
    Ok(one(parse(&name, text, is_json(&path))?))
}

fn parse_combined(dir: &Arc<Mutex<PathBuf>>, args: &[Value]) -> anyhow::Result<Value> {
    let paths: Vec<String> = match args.first() {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_string().ok().map(|s| s.to_string()))
            .collect(),
        _ => anyhow::bail!("parse_combined_config_files: argument must be an array of paths"),
    };
    let mut out = Vec::new();
    for path in paths {
        let (name, text) = read(dir, &path)?;
        for doc in parse(&name, text, is_json(&path))? {
            let mut m = std::collections::BTreeMap::new();
            m.insert(Value::from("path"), Value::from(path.as_str()));
            m.insert(Value::from("contents"), doc);
            out.push(Value::from(m));
        }
    }
    Ok(Value::from(out))
}
