//! `values.schema.json` checks, as Helm's `ValidateAgainstSchema`: each chart's schema against
//! its part of the coalesced values (a subchart's part is `values[<name>]`; absent or null parts
//! are skipped; a non-map part is an error). Formats are not asserted (Helm's validator treats
//! `format` as an annotation); nothing is fetched over the network.

use crate::source::{LoadError, SourceMap};

use super::super::value::Value;
use super::Chart;

/// Checks `vals` against the schema of `chart` and, recursively, of its dependencies.
pub(crate) fn validate(chart: &Chart, vals: &Value, sources: &SourceMap) -> Result<(), LoadError> {
    validate_depth(chart, vals, sources, 0)
}

fn validate_depth(
    chart: &Chart,
    vals: &Value,
    sources: &SourceMap,
    depth: usize,
) -> Result<(), LoadError> {
    if depth > super::MAX_CHART_DEPTH {
        return Ok(());
    }
    let prefix = "values don't meet the specifications of the schema(s) in the following chart(s):";
    if let Some((file, schema)) = &chart.schema {
        let validator = jsonschema::options()
            .should_validate_formats(false)
            .build(schema)
            .map_err(|e| {
                LoadError::at(
                    file,
                    0,
                    format!("{}: invalid values.schema.json: {e}", chart.name),
                )
            })?;
        let instance = integral(vals.to_json());
        let first = validator.iter_errors(&instance).next();
        if let Some(err) = first {
            let pointer = err.instance_path().as_str().to_string();
            let msg = format!("{prefix} {}: at '{}': {err}", chart.name, pointer);
            let origin = origin_at(vals, &pointer);
            if let Some((f, span)) = origin.and_then(|o| sources.resolve(o)) {
                return Err(LoadError::at(f, span.start, msg));
            }
            if let Some((f, span)) = vals.origin().and_then(|o| sources.resolve(o)) {
                return Err(LoadError::at(f, span.start, msg));
            }
            return Err(LoadError::at(file, 0, msg));
        }
    }
    for sub in &chart.dependencies {
        let raw = vals.as_map().and_then(|m| m.get(&sub.name));
        match raw {
            None | Some(Value::Nil) => continue,
            Some(v @ Value::Map(..)) => validate_depth(sub, &v, sources, depth + 1)?,
            Some(other) => {
                let msg = format!(
                    "{prefix} {}: invalid type for values: expected object (map), got {}",
                    sub.name,
                    other.type_name()
                );
                if let Some((f, span)) = other.origin().and_then(|o| sources.resolve(o)) {
                    return Err(LoadError::at(f, span.start, msg));
                }
                return Err(LoadError::at(&sub.chart_file, 0, msg));
            }
        }
    }
    Ok(())
}

/// The origin of the deepest value with one along a JSON pointer.
fn origin_at(root: &Value, pointer: &str) -> super::super::value::Origin {
    let mut cur = root.clone();
    let mut best = root.origin();
    if pointer.is_empty() {
        return best;
    }
    for raw in pointer.trim_start_matches('/').split('/') {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        let next = match &cur {
            Value::Map(m, _) => m.get(&seg),
            Value::List(l, _) => seg.parse::<usize>().ok().and_then(|i| l.get(i).cloned()),
            _ => None,
        };
        match next {
            Some(v) => {
                if let Some(o) = v.origin() {
                    best = Some(o);
                }
                cur = v;
            }
            None => break,
        }
    }
    best
}

/// Floats without a fraction as JSON integers: Helm's values are `float64`, and its validator
/// counts `10.0` as an integer (JSON Schema's `integer` is about the value, not the notation).
fn integral(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => J::from(f as i64),
            _ => J::Number(n),
        },
        J::Array(a) => J::Array(a.into_iter().map(integral).collect()),
        J::Object(o) => J::Object(o.into_iter().map(|(k, v)| (k, integral(v))).collect()),
        other => other,
    }
}
