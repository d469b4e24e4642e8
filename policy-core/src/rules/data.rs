//! Data documents for policies (conftest's `--data`): every `*.yaml`, `*.yml` and `*.json` file
//! under the given paths, merged into `data` as OPA's loader does — a file's top-level keys at
//! the root for a file directly in the given directory, under `data.<dir>.<subdir>…` for a file
//! in subdirectories. A key defined twice with different values is an error.

use std::collections::BTreeMap;
use std::path::Path;

use regorus::Value;

use crate::document::{node_to_rego, read_source};
use crate::source::confine::Fence;
use crate::source::{json, yaml, Limits, LoadError};

/// The data files under `path` (itself when it is a file), sorted; links are followed only
/// inside `fence`, and one leading out of it is an error naming the link.
fn files_under(
    path: &Path,
    fence: &Fence,
    display: &dyn Fn(&Path) -> String,
    out: &mut Vec<std::path::PathBuf>,
    errors: &mut Vec<LoadError>,
    depth: usize,
) {
    if path.is_file() {
        out.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let data_file = matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        );
        let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        if is_link || p.is_dir() {
            match fence.resolve(&p) {
                Ok(_) => {}
                Err(crate::source::confine::Refusal::Io(_)) if !data_file => continue,
                Err(e) => {
                    errors.push(LoadError::whole_file(display(&p), e.to_string()));
                    continue;
                }
            }
        }
        if p.is_dir() {
            if depth >= MAX_DEPTH {
                errors.push(LoadError::whole_file(
                    display(&p),
                    format!("--data: directories nested deeper than {MAX_DEPTH} (a symlink loop?)"),
                ));
                continue;
            }
            files_under(&p, fence, display, out, errors, depth + 1);
        } else if data_file {
            out.push(p);
        }
    }
}

/// How deeply data directories may nest.
const MAX_DEPTH: usize = 64;

/// Merges `value` into `into` at `path`; conflicting scalars are an error message.
fn merge(into: &mut BTreeMap<Value, Value>, path: &[String], value: Value) -> Result<(), String> {
    if let Some((first, rest)) = path.split_first() {
        let entry = into
            .entry(Value::from(first.as_str()))
            .or_insert_with(Value::new_object);
        let mut map: BTreeMap<Value, Value> = match entry {
            Value::Object(o) => o.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => return Err(format!("`{first}` is both a value and a directory of data")),
        };
        merge(&mut map, rest, value)?;
        *entry = Value::from(map);
        return Ok(());
    }
    let Value::Object(obj) = &value else {
        return Err("a data file's top level must be a mapping".to_string());
    };
    for (k, v) in obj.iter() {
        match into.get(k) {
            Some(existing) if existing != v => {
                if let (Value::Object(_), Value::Object(_)) = (existing, v) {
                    let mut map: BTreeMap<Value, Value> = match existing {
                        Value::Object(o) => o.iter().map(|(a, b)| (a.clone(), b.clone())).collect(),
                        _ => BTreeMap::new(),
                    };
                    merge(&mut map, &[], v.clone())?;
                    into.insert(k.clone(), Value::from(map));
                } else {
                    return Err(format!(
                        "data key {k} is defined twice with different values"
                    ));
                }
            }
            _ => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(())
}

/// Loads the data documents under `paths` into one object.
pub fn load_data(
    paths: &[std::path::PathBuf],
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
) -> Result<Value, Vec<LoadError>> {
    let mut root: BTreeMap<Value, Value> = BTreeMap::new();
    let mut errors = Vec::new();
    for base in paths {
        if !base.exists() {
            errors.push(LoadError::whole_file(
                display(base),
                "--data: no such file or directory",
            ));
            continue;
        }
        let fence = Fence::around(base);
        let mut files = Vec::new();
        files_under(base, &fence, display, &mut files, &mut errors, 0);
        for f in files {
            let shown = display(&f);
            let src = match read_source(&fence, &f, &shown, limits) {
                Ok(s) => s,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let parsed = if f.extension().and_then(|e| e.to_str()) == Some("json") {
                json::parse_json(&src, limits).map(|n| vec![n])
            } else {
                yaml::parse_yaml(&src, limits)
            };
            let docs = match parsed {
                Ok(d) => d,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let dir: Vec<String> = f
                .parent()
                .and_then(|p| p.strip_prefix(base).ok())
                .map(|rel| {
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            for doc in docs {
                if let Err(m) = merge(&mut root, &dir, node_to_rego(&doc)) {
                    errors.push(LoadError::at(&src, doc.span.start, m));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(Value::from(root))
    } else {
        Err(errors)
    }
}
