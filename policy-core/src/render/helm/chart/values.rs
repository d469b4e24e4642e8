//! Values: values files, `--set`, and Helm's processing of a chart's values before rendering.
//!
//! [`prepare`] follows Helm 4 step by step:
//! 1. `chartutil.ProcessDependencies`: `processDependencyEnabled` (coalesce, then `tags` and
//!    `condition` switch dependencies off; recursively with the `sub.` path prefix), then
//!    `processDependencyImportValues` (children first; `import-values` merged into the parent's
//!    values, the parent's own values winning; `MergeValues` keeps nulls).
//! 2. `ToRenderValuesWithSchemaValidation`: `CoalesceValues(chart, user)` (user values win;
//!    maps merge, other types replace; a user `null` deletes a chart default; globals are
//!    copied down into every subchart's `global`), then every chart's `values.schema.json` is
//!    checked against its part of the values.
//!
//! Maps are [`Dict`]s, shared references like Go maps, so the aliasing Helm's algorithms rely
//! on (and their side effects) carry over; deep copies are made where Helm makes them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::read_source;
use crate::source::{Limits, LoadError, NodeValue, SourceFile, SourceMap, Span};

use super::super::value::{Dict, Map, Value};
use super::{parse_docs, schema, strvals, Chart};

/// Deepest nesting walked by the values algorithms (values files are bounded far below).
const MAX_DEPTH: usize = 512;

/// What the user passed: `-f` files (in order), `--set` and `--set-string` arguments (each
/// `a.b=x,c=y` as given).
#[derive(Debug, Clone, Default)]
pub struct UserValues {
    /// `-f`/`--values` files, in order (later files win).
    pub files: Vec<PathBuf>,
    /// `--set` arguments, in order.
    pub set: Vec<String>,
    /// `--set-string` arguments, in order (applied after every `--set`, as Helm does).
    pub set_string: Vec<String>,
    /// A values map under the files (a Kustomize `helmCharts` entry's merged `valuesFile` and
    /// `valuesInline`), with origins global to the source map.
    pub first: Option<Value>,
}

/// Reads a values file (every YAML document merged, later ones winning, as Helm's
/// `LoadValues`), with origins global to the source map (`base` is the file's offset).
pub(crate) fn load_values(
    src: &SourceFile,
    base: usize,
    limits: &Limits,
    what: &str,
) -> Result<Value, LoadError> {
    let docs = parse_docs(src, limits).map_err(|mut e| {
        e.message = format!("{what}: {}", e.message);
        e
    })?;
    let mut out = Dict::default();
    for d in &docs {
        let kind = match &d.value {
            NodeValue::Map(_) => None,
            NodeValue::Seq(_) => Some("array"),
            NodeValue::String(_) => Some("string"),
            NodeValue::Bool(_) => Some("bool"),
            NodeValue::Int(_) | NodeValue::Float(_) => Some("number"),
            NodeValue::Null => continue,
        };
        if let Some(kind) = kind {
            return Err(LoadError::at(
                src,
                d.span.start,
                format!(
                    "{what}: cannot unmarshal yaml document: error unmarshaling JSON: json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
                ),
            ));
        }
        if let Value::Map(m, _) = Value::from_node(d, base) {
            out = merge_maps(&out, &m, 0);
        }
    }
    Ok(Value::Map(out, Some(Span::new(base, base))))
}

/// Helm's `loader.MergeMaps`: a new map; maps present on both sides merge recursively, any
/// other value of `b` replaces `a`'s.
fn merge_maps(a: &Dict, b: &Dict, depth: usize) -> Dict {
    let mut out = a.snapshot();
    for (k, v) in b.snapshot() {
        if depth < MAX_DEPTH {
            if let (Value::Map(bv, o), Some(Value::Map(av, _))) = (&v, out.get(&k)) {
                let merged = merge_maps(av, bv, depth + 1);
                out.insert(k, Value::Map(merged, *o));
                continue;
            }
        }
        out.insert(k, v);
    }
    Dict::new(out)
}

fn flag_name(kind: &str, i: usize, n: usize) -> String {
    if n == 1 {
        kind.to_string()
    } else {
        format!("{kind} #{}", i + 1)
    }
}

/// The user's values: `-f` files merged in order (later wins, with origins), then `--set` and
/// `--set-string` applied with Helm's strvals syntax. Flags become source files named `--set`
/// (`--set #2` when there are several), so errors and value origins point into the flag text.
pub fn user_values(
    input: &UserValues,
    sources: &mut SourceMap,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
) -> Result<Value, LoadError> {
    let mut base = Dict::default();
    let mut origin = None;
    if let Some(Value::Map(m, o)) = &input.first {
        base = merge_maps(&base, m, 0);
        origin = *o;
    }
    for path in &input.files {
        // A values file named on the command line (or validated by `.tollgate.yaml`'s loader):
        // read within its own repository, as any file the user names.
        let fence = crate::source::confine::Fence::around(path);
        let src = read_source(&fence, path, &display(path), limits)?;
        let off = sources.add(src.clone());
        let v = load_values(
            &src,
            off,
            limits,
            &format!("failed to parse {}", src.name()),
        )?;
        if let Value::Map(m, o) = v {
            base = merge_maps(&base, &m, 0);
            origin = origin.or(o);
        }
    }
    for (kind, list, force) in [
        ("--set", &input.set, false),
        ("--set-string", &input.set_string, true),
    ] {
        for (i, text) in list.iter().enumerate() {
            let name = flag_name(kind, i, list.len());
            let src = SourceFile::new(PathBuf::from(&name), name.clone(), text.clone());
            let off = sources.add(src.clone());
            strvals::parse_set(text, force, &base, Some(off)).map_err(|e| {
                LoadError::at(
                    &src,
                    e.offset,
                    format!("failed parsing {kind} data: {}", e.message),
                )
            })?;
        }
    }
    Ok(Value::Map(base, origin))
}

/// A deep copy (Go's `copystructure.Copy`): new maps and lists all the way down.
pub(crate) fn deep_copy(v: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return v.clone();
    }
    match v {
        Value::Map(m, o) => Value::Map(
            Dict::new(
                m.snapshot()
                    .iter()
                    .map(|(k, v)| (k.clone(), deep_copy(v, depth + 1)))
                    .collect(),
            ),
            *o,
        ),
        Value::List(l, o) => Value::List(
            Arc::new(l.iter().map(|v| deep_copy(v, depth + 1)).collect()),
            *o,
        ),
        other => other.clone(),
    }
}

fn copy_dict(v: &Value) -> Dict {
    match deep_copy(v, 0) {
        Value::Map(m, _) => m,
        _ => Dict::default(),
    }
}

/// Helm's `cleanNilValues`: nulls removed from a map and its nested maps, in place.
fn clean_nil(m: &Dict, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let snap = m.snapshot();
    for (k, v) in snap {
        match v {
            Value::Nil => {
                m.write().remove(&k);
            }
            Value::Map(sub, _) if !sub.ptr_eq(m) => clean_nil(&sub, depth + 1),
            _ => {}
        }
    }
}

/// Helm's `coalesceTablesFullKey`: merges `src` into `dst` (`dst` wins), in place.
pub(crate) fn coalesce_tables(dst: &Dict, src: &Dict, merge: bool, depth: usize) {
    if dst.ptr_eq(src) || depth > MAX_DEPTH {
        return;
    }
    let src_non_nil: BTreeSet<String> = src
        .snapshot()
        .into_iter()
        .filter(|(_, v)| !matches!(v, Value::Nil))
        .map(|(k, _)| k)
        .collect();
    for (k, v) in dst.snapshot() {
        if matches!(v, Value::Nil) {
            src.write().insert(k, Value::Nil);
        }
    }
    for (key, val) in src.snapshot() {
        let dv = dst.get(&key);
        match (&dv, &val) {
            (Some(Value::Nil), _) if !merge && src_non_nil.contains(&key) => {
                dst.write().remove(&key);
            }
            (None, _) => {
                dst.write().insert(key, val);
            }
            (Some(Value::Map(d, _)), Value::Map(s, _)) => coalesce_tables(d, s, merge, depth + 1),
            _ => {}
        }
    }
}

/// Helm's `coalesce`: a chart's defaults (and its subcharts', recursively) merged under
/// `dest`, in place.
fn coalesce(ch: &Chart, dest: &Dict, merge: bool, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    coalesce_values(ch, dest, merge);
    coalesce_deps(ch, dest, merge, depth)
}

fn coalesce_values(ch: &Chart, v: &Dict, merge: bool) {
    let vc = copy_dict(&ch.values);
    for (key, val) in vc.snapshot() {
        match v.get(&key) {
            Some(Value::Nil) if !merge => {
                v.write().remove(&key);
            }
            Some(Value::Map(dest, _)) => {
                if let Value::Map(src, _) = &val {
                    let merge = merge || ch.dependencies.iter().any(|d| d.name == key);
                    if !merge {
                        clean_nil(src, 0);
                    }
                    coalesce_tables(&dest, src, merge, 0);
                }
            }
            Some(_) => {}
            None => {
                if !merge {
                    match &val {
                        Value::Nil => continue,
                        Value::Map(sub, _) => clean_nil(sub, 0),
                        _ => {}
                    }
                }
                v.write().insert(key, val);
            }
        }
    }
}

/// Go's `%t` of a non-bool (`%!t(string=x)`), for Helm's type-mismatch message.
fn go_bad_t(v: &Value) -> String {
    format!("%!t({}={})", v.type_name(), go_sprint(v))
}

/// Go's `%v` of a value (scalars; maps and lists approximately).
fn go_sprint(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        Value::Bool(b, _) => b.to_string(),
        Value::Int(i, _) | Value::Int64(i, _) => i.to_string(),
        Value::Float(f, _) => {
            if f.fract() == 0.0 && f.abs() < 1e21 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Value::Str(s) => s.text.to_string(),
        Value::List(l, _) => format!(
            "[{}]",
            l.iter().map(go_sprint).collect::<Vec<_>>().join(" ")
        ),
        Value::Map(m, _) => format!(
            "map[{}]",
            m.snapshot()
                .iter()
                .map(|(k, v)| format!("{k}:{}", go_sprint(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        Value::Object(o) => o.display(),
    }
}

fn coalesce_deps(ch: &Chart, dest: &Dict, merge: bool, depth: usize) -> Result<(), String> {
    for sub in &ch.dependencies {
        let dv = match dest.get(&sub.name) {
            None => {
                let d = Dict::default();
                dest.write()
                    .insert(sub.name.clone(), Value::Map(d.clone(), None));
                d
            }
            Some(Value::Map(d, _)) => d,
            Some(other) => {
                return Err(format!(
                    "type mismatch on {}: {}",
                    sub.name,
                    go_bad_t(&other)
                ))
            }
        };
        coalesce_globals(&dv, dest);
        coalesce(sub, &dv, merge, depth + 1)?;
    }
    Ok(())
}

/// Helm's `coalesceGlobals`: the parent's `global` copied into the child's (parent wins).
fn coalesce_globals(dest: &Dict, src: &Dict) {
    let dg = match dest.get("global") {
        None => Dict::default(),
        Some(Value::Map(d, _)) => d,
        Some(_) => return,
    };
    let (sg, sg_origin) = match src.get("global") {
        None => (Dict::default(), None),
        Some(Value::Map(s, o)) => (s, o),
        Some(_) => return,
    };
    if dg.ptr_eq(&sg) {
        return;
    }
    for (key, val) in sg.snapshot() {
        if let Value::Map(vm, o) = &val {
            let vv = Dict::new(vm.snapshot());
            match dg.get(&key) {
                None => {
                    dg.write().insert(key, Value::Map(vv, *o));
                }
                Some(Value::Map(destv, _)) => {
                    coalesce_tables(&vv, &destv, true, 0);
                    dg.write().insert(key, Value::Map(vv, *o));
                }
                Some(_) => {}
            }
        } else if let Some(Value::Map(..)) = dg.get(&key) {
            // A table in the child is not replaced by a scalar.
        } else {
            dg.write().insert(key, val);
        }
    }
    let origin = dest.get("global").and_then(|g| g.origin()).or(sg_origin);
    dest.write().insert("global".into(), Value::Map(dg, origin));
}

/// Helm's `CoalesceValues` (`merge` false) or `MergeValues` (`merge` true) of a chart with
/// `vals` (copied first).
pub(crate) fn coalesce_chart(ch: &Chart, vals: &Value, merge: bool) -> Result<Value, String> {
    let dest = copy_dict(vals);
    coalesce(ch, &dest, merge, 0)?;
    Ok(Value::Map(dest, vals.origin()))
}

/// `Values.Table`: the map at a dotted path.
fn table(v: &Dict, path: &str) -> Option<Dict> {
    let mut cur = v.clone();
    for part in path.split('.') {
        match cur.get(part) {
            Some(Value::Map(m, _)) => cur = m,
            _ => return None,
        }
    }
    Some(cur)
}

/// `Values.PathValue`: the non-map value at a dotted path.
fn path_value(v: &Dict, path: &str) -> Option<Value> {
    if path.is_empty() {
        return None;
    }
    let parts: Vec<&str> = path.split('.').collect();
    let (key, prefix) = parts.split_last()?;
    let t = if prefix.is_empty() {
        v.clone()
    } else {
        table(v, &prefix.join("."))?
    };
    match t.get(key) {
        Some(Value::Map(..)) | None => None,
        Some(other) => Some(other),
    }
}

fn process_tags(deps: &mut [super::Dependency], cvals: &Dict) {
    let Some(Value::Map(vt, _)) = cvals.get("tags") else {
        return;
    };
    for r in deps {
        let (mut has_true, mut has_false) = (false, false);
        for k in &r.tags {
            if let Some(Value::Bool(b, _)) = vt.get(k) {
                if b {
                    has_true = true;
                } else {
                    has_false = true;
                }
            }
        }
        r.enabled = has_true || !has_false;
    }
}

fn process_conditions(deps: &mut [super::Dependency], cvals: &Dict, cpath: &str) {
    for r in deps {
        for c in r.condition.trim().split(',') {
            if c.is_empty() {
                continue;
            }
            if let Some(Value::Bool(b, _)) = path_value(cvals, &format!("{cpath}{c}")) {
                r.enabled = b;
                break;
            }
        }
    }
}

/// Helm's `processDependencyEnabled` (aliases were applied when the chart was loaded).
fn process_dependency_enabled(
    c: &mut Chart,
    v: &Value,
    path: &str,
    depth: usize,
) -> Result<(), String> {
    if c.metadata.dependencies.is_empty() || depth > super::MAX_CHART_DEPTH {
        return Ok(());
    }
    for req in &mut c.metadata.dependencies {
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
        req.enabled = true;
    }
    let cvals = coalesce_chart(c, v, false)?;
    let cv = match &cvals {
        Value::Map(m, _) => m.clone(),
        _ => Dict::default(),
    };
    process_tags(&mut c.metadata.dependencies, &cv);
    process_conditions(&mut c.metadata.dependencies, &cv, path);
    let rm: BTreeSet<String> = c
        .metadata
        .dependencies
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.name.clone())
        .collect();
    c.dependencies.retain(|d| !rm.contains(&d.metadata.name));
    c.metadata.dependencies.retain(|r| !rm.contains(&r.name));
    for t in &mut c.dependencies {
        let sub = format!("{path}{}.", t.metadata.name);
        process_dependency_enabled(t, &cvals, &sub, depth + 1)?;
    }
    Ok(())
}

/// Helm's `processDependencyImportValues` with `merge` (children first).
fn process_import_values(c: &mut Chart, depth: usize) -> Result<(), String> {
    if depth > super::MAX_CHART_DEPTH {
        return Ok(());
    }
    for d in &mut c.dependencies {
        process_import_values(d, depth + 1)?;
    }
    if c.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let cvals_v = coalesce_chart(c, &Value::empty_map(), true)?;
    let cvals = match &cvals_v {
        Value::Map(m, _) => m.clone(),
        _ => Dict::default(),
    };
    let b = Dict::default();
    for r in &mut c.metadata.dependencies {
        let mut outiv = Vec::new();
        for riv in &r.import_values {
            match riv {
                Value::Map(iv, _) => {
                    let child = iv
                        .get("child")
                        .map(|v| go_sprint(&v))
                        .unwrap_or("<nil>".into());
                    let parent = iv
                        .get("parent")
                        .map(|v| go_sprint(&v))
                        .unwrap_or("<nil>".into());
                    let mut m = Map::new();
                    m.insert("child".into(), Value::str(child.as_str()));
                    m.insert("parent".into(), Value::str(parent.as_str()));
                    outiv.push(Value::Map(Dict::new(m), None));
                    let Some(vv) = table(&cvals, &format!("{}.{child}", r.name)) else {
                        continue;
                    };
                    coalesce_tables(&b, &path_to_map(&parent, vv), true, 0);
                }
                Value::Str(s) => {
                    let child = format!("exports.{}", s.text);
                    let mut m = Map::new();
                    m.insert("child".into(), Value::str(child.as_str()));
                    m.insert("parent".into(), Value::str("."));
                    outiv.push(Value::Map(Dict::new(m), None));
                    let Some(vm) = table(&cvals, &format!("{}.{child}", r.name)) else {
                        continue;
                    };
                    coalesce_tables(&b, &vm, true, 0);
                }
                _ => {}
            }
        }
        r.import_values = outiv;
    }
    let copy = copy_dict(&cvals_v);
    coalesce_tables(&copy, &b, true, 0);
    c.values = Value::Map(copy, c.values.origin());
    Ok(())
}

/// Helm's `pathToMap`: `data` nested under a dotted path (`.` is the root).
fn path_to_map(path: &str, data: Dict) -> Dict {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for part in path.split('.').rev() {
        let mut m = Map::new();
        m.insert(part.to_string(), Value::Map(cur, None));
        cur = Dict::new(m);
    }
    cur
}

/// Helm's `chartutil.ProcessDependencies` followed by `ToRenderValuesWithSchemaValidation`'s
/// values part: disabled dependencies (by `condition` and `tags`) removed, `import-values`
/// applied, chart defaults coalesced with `user` (user `null` deletes a default), globals
/// copied into every subchart, and every chart's `values.schema.json` checked (a violation is
/// reported at the values node that violates it). Returns the chart as processed and the
/// root's coalesced values (subchart values under their name or alias).
pub fn prepare(
    chart: Chart,
    user: Value,
    sources: &SourceMap,
) -> Result<(Chart, Value), LoadError> {
    let mut chart = chart;
    let user = match user {
        Value::Map(..) => user,
        _ => Value::empty_map(),
    };
    let at_chart = |c: &Chart, msg: String| LoadError::at(&c.chart_file, 0, msg);
    process_dependency_enabled(&mut chart, &user, "", 0)
        .map_err(|e| at_chart(&chart, format!("chart dependencies processing failed: {e}")))?;
    process_import_values(&mut chart, 0)
        .map_err(|e| at_chart(&chart, format!("chart dependencies processing failed: {e}")))?;
    let vals = coalesce_chart(&chart, &user, false).map_err(|e| at_chart(&chart, e))?;
    schema::validate(&chart, &vals, sources)?;
    Ok((chart, vals))
}
