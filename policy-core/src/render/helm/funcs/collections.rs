//! sprig's list and dict functions.
//!
//! Maps are shared references ([`Dict`]), as in Go: `set`, `unset`, `merge`, `mergeOverwrite`
//! change the map in place and every holder sees it. Lists are immutable (`append` returns a new
//! list in Go too).

use std::sync::Arc;

use super::super::budget;
use super::super::value::{Dict, Map, Value};
use super::conv::*;
use super::FuncState;

type R = Result<Value, String>;

/// `list`/`tuple`.
pub fn list_fn(_: &mut FuncState, a: &[Value]) -> R {
    Ok(list(a.to_vec()))
}

fn one_list<'a>(name: &str, a: &'a [Value]) -> Result<&'a [Value], String> {
    arity(name, a, 1)?;
    arg_list(
        name.trim_start_matches("must").to_lowercase().as_str(),
        &a[0],
    )
    .map_err(|_| {
        format!(
            "Cannot find {} on type {}",
            name.trim_start_matches("must").to_lowercase(),
            a[0].kind_name()
        )
    })
}

/// `first`/`mustFirst`.
pub fn first(_: &mut FuncState, a: &[Value]) -> R {
    let l = one_list("first", a)?;
    Ok(l.first().cloned().unwrap_or(Value::Nil))
}
/// `last`/`mustLast`.
pub fn last(_: &mut FuncState, a: &[Value]) -> R {
    let l = one_list("last", a)?;
    Ok(l.last().cloned().unwrap_or(Value::Nil))
}
/// `rest`/`mustRest`.
pub fn rest(_: &mut FuncState, a: &[Value]) -> R {
    let l = one_list("rest", a)?;
    if l.is_empty() {
        return Ok(Value::Nil);
    }
    Ok(list(l[1..].to_vec()))
}
/// `initial`/`mustInitial`.
pub fn initial(_: &mut FuncState, a: &[Value]) -> R {
    let l = one_list("initial", a)?;
    if l.is_empty() {
        return Ok(Value::Nil);
    }
    Ok(list(l[..l.len() - 1].to_vec()))
}
/// `reverse`/`mustReverse`.
pub fn reverse(_: &mut FuncState, a: &[Value]) -> R {
    let l = one_list("reverse", a)?;
    Ok(list(l.iter().rev().cloned().collect()))
}
/// `compact`/`mustCompact`: the non-empty elements.
pub fn compact(_: &mut FuncState, a: &[Value]) -> R {
    let l = one_list("compact", a)?;
    Ok(list(l.iter().filter(|v| !is_empty(v)).cloned().collect()))
}
/// `uniq`/`mustUniq`: first occurrences, by deep equality.
pub fn uniq(_: &mut FuncState, a: &[Value]) -> R {
    let l = one_list("uniq", a)?;
    let mut out: Vec<Value> = Vec::new();
    for v in l {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    Ok(list(out))
}

/// `append`/`push`/`mustAppend`/`mustPush LIST V`.
pub fn push(_: &mut FuncState, a: &[Value]) -> R {
    arity("append", a, 2)?;
    let l = arg_list("push", &a[0])?;
    if l.len() >= MAX_ELEMS {
        return Err("append: list too long".into());
    }
    let mut v = l.to_vec();
    v.push(a[1].clone());
    Ok(list(v))
}

/// `prepend`/`mustPrepend LIST V`.
pub fn prepend(_: &mut FuncState, a: &[Value]) -> R {
    arity("prepend", a, 2)?;
    let l = arg_list("prepend", &a[0])?;
    if l.len() >= MAX_ELEMS {
        return Err("prepend: list too long".into());
    }
    let mut v = Vec::with_capacity(l.len() + 1);
    v.push(a[1].clone());
    v.extend(l.iter().cloned());
    Ok(list(v))
}

/// `concat LISTS...`.
pub fn concat(_: &mut FuncState, a: &[Value]) -> R {
    let mut out = Vec::new();
    for v in a {
        match v {
            Value::List(l, _) => out.extend(l.iter().cloned()),
            other => return Err(format!("Cannot concat type {} as list", other.kind_name())),
        }
        if out.len() > MAX_ELEMS {
            return Err("concat: list too long".into());
        }
    }
    if a.is_empty() {
        return Ok(Value::Nil);
    }
    Ok(list(out))
}

/// `without LIST V...`.
pub fn without(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("without", a, 1)?;
    let l = arg_list("without", &a[0])?;
    let omit = &a[1..];
    Ok(list(
        l.iter().filter(|v| !omit.contains(v)).cloned().collect(),
    ))
}

/// `has V LIST`/`mustHas`.
pub fn has(_: &mut FuncState, a: &[Value]) -> R {
    arity("has", a, 2)?;
    match &a[1] {
        Value::Nil => Ok(Value::Bool(false, None)),
        Value::List(l, _) => Ok(Value::Bool(l.contains(&a[0]), None)),
        other => Err(format!("Cannot find has on type {}", other.kind_name())),
    }
}

/// `chunk SIZE LIST`.
pub fn chunk(_: &mut FuncState, a: &[Value]) -> R {
    arity("chunk", a, 2)?;
    let size = arg_int(a, 0)?;
    let l = arg_list("chunk", &a[1])?;
    if size <= 0 {
        return Err("runtime error: integer divide by zero".into());
    }
    Ok(list(
        l.chunks(size as usize).map(|c| list(c.to_vec())).collect(),
    ))
}

fn int_list(v: Vec<i64>) -> Value {
    list(v.into_iter().map(|i| Value::Int(i, None)).collect())
}

fn until_step_vec(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, String> {
    let count = if stop < start {
        if step >= 0 {
            return Ok(Vec::new());
        }
        ((start as i128 - stop as i128 - step as i128 - 1) / -(step as i128)) as u128
    } else {
        if step <= 0 {
            return Ok(Vec::new());
        }
        ((stop as i128 - start as i128 + step as i128 - 1) / step as i128) as u128
    };
    if count > MAX_ELEMS as u128 {
        return Err(format!(
            "list of {count} elements is too long (at most {MAX_ELEMS})"
        ));
    }
    // In i128: `k * step` may leave i64 even where every element fits.
    Ok((0..count as i64)
        .map(|k| (start as i128 + k as i128 * step as i128) as i64)
        .collect())
}

/// `until N`.
pub fn until(_: &mut FuncState, a: &[Value]) -> R {
    arity("until", a, 1)?;
    let n = arg_int(a, 0)?;
    let step = if n < 0 { -1 } else { 1 };
    Ok(int_list(until_step_vec(0, n, step)?))
}

/// `untilStep START STOP STEP`.
pub fn until_step(_: &mut FuncState, a: &[Value]) -> R {
    arity("untilStep", a, 3)?;
    Ok(int_list(until_step_vec(
        arg_int(a, 0)?,
        arg_int(a, 1)?,
        arg_int(a, 2)?,
    )?))
}

/// `seq`: like the Unix `seq` (1, 2 or 3 integer arguments), a space-separated string.
pub fn seq(_: &mut FuncState, a: &[Value]) -> R {
    let p: Vec<i64> = (0..a.len())
        .map(|i| arg_int(a, i))
        .collect::<Result<_, _>>()?;
    let v = match p.as_slice() {
        [end] => {
            let inc = if *end < 1 { -1 } else { 1 };
            until_step_vec(1, end.saturating_add(inc), inc)?
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            until_step_vec(*start, end.saturating_add(step), step)?
        }
        [start, step, end] => {
            let mut inc = 1;
            if end < start {
                inc = -1;
                if *step > 0 {
                    return Ok(Value::str(""));
                }
            }
            until_step_vec(*start, end.saturating_add(inc), *step)?
        }
        _ => return Ok(Value::str("")),
    };
    Ok(Value::str(
        v.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(" "),
    ))
}

// dicts ---------------------------------------------------------------------------------------

fn new_map(m: Map) -> Value {
    Value::Map(Dict::new(m), None)
}

/// `dict K V ...`: keys printed with `%v`; a missing last value is "".
pub fn dict(_: &mut FuncState, a: &[Value]) -> R {
    let mut m = Map::new();
    for pair in a.chunks(2) {
        let k = to_str(&pair[0]).text.to_string();
        m.insert(k, pair.get(1).cloned().unwrap_or_else(|| Value::str("")));
    }
    Ok(new_map(m))
}

/// `get MAP KEY`: the value, or "".
pub fn get(_: &mut FuncState, a: &[Value]) -> R {
    arity("get", a, 2)?;
    let d = arg_map(a, 0)?;
    let k = arg_str(a, 1)?;
    Ok(d.get(&k.text).unwrap_or_else(|| Value::str("")))
}

/// `set MAP KEY V`: sets in place, returns the map.
pub fn set(_: &mut FuncState, a: &[Value]) -> R {
    arity("set", a, 3)?;
    let d = arg_map(a, 0)?;
    let k = arg_str(a, 1)?;
    d.write().insert(k.text.to_string(), a[2].clone());
    Ok(a[0].clone())
}

/// `unset MAP KEY`: deletes in place, returns the map.
pub fn unset(_: &mut FuncState, a: &[Value]) -> R {
    arity("unset", a, 2)?;
    let d = arg_map(a, 0)?;
    let k = arg_str(a, 1)?;
    d.write().remove(&*k.text);
    Ok(a[0].clone())
}

/// `hasKey MAP KEY`.
pub fn has_key(_: &mut FuncState, a: &[Value]) -> R {
    arity("hasKey", a, 2)?;
    let d = arg_map(a, 0)?;
    let k = arg_str(a, 1)?;
    Ok(Value::Bool(d.read().contains_key(&*k.text), None))
}

/// `pluck KEY MAPS...`.
pub fn pluck(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("pluck", a, 1)?;
    let k = arg_str(a, 0)?;
    let mut out = Vec::new();
    for i in 1..a.len() {
        if let Some(v) = arg_map(a, i)?.get(&k.text) {
            out.push(v);
        }
    }
    Ok(list(out))
}

/// `keys MAPS...` (sorted: Go's order is random; metered per key: the same map may be given
/// many times).
pub fn keys(_: &mut FuncState, a: &[Value]) -> R {
    let mut out = Vec::new();
    for i in 0..a.len() {
        for k in arg_map(a, i)?.read().keys() {
            if !budget::spend(budget::NODE.saturating_add(k.len())) {
                return Err(budget::EXCEEDED.into());
            }
            out.push(k.clone());
        }
    }
    Ok(str_list(out))
}

/// `values MAP` (in key order: Go's order is random).
pub fn values(_: &mut FuncState, a: &[Value]) -> R {
    arity("values", a, 1)?;
    Ok(list(arg_map(a, 0)?.read().values().cloned().collect()))
}

/// `pick MAP KEYS...`.
pub fn pick(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("pick", a, 1)?;
    let d = arg_map(a, 0)?.snapshot();
    let mut m = Map::new();
    for i in 1..a.len() {
        let k = arg_str(a, i)?;
        if let Some(v) = d.get(&*k.text) {
            m.insert(k.text.to_string(), v.clone());
        }
    }
    Ok(new_map(m))
}

/// `omit MAP KEYS...`.
pub fn omit(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("omit", a, 1)?;
    let mut m = arg_map(a, 0)?.snapshot();
    for i in 1..a.len() {
        m.remove(&*arg_str(a, i)?.text);
    }
    Ok(new_map(m))
}

/// mergo's deep merge of `src` into `dst` (in place). Without `overwrite`, only keys that are
/// missing or empty in `dst` are set; nested maps are merged.
fn merge_into(dst: &Dict, src: &Map, overwrite: bool, depth: usize) -> Result<(), String> {
    if depth > 100 {
        return Err("merge: maps nested too deeply".into());
    }
    for (k, sv) in src {
        // Metered per entry: maps shared in `src` or `dst` are merged once per path to them.
        if !budget::spend(budget::NODE) {
            return Err(budget::EXCEEDED.into());
        }
        let dv = dst.get(k);
        match (&dv, sv) {
            (Some(Value::Map(dd, _)), Value::Map(sd, _)) if !dd.ptr_eq(sd) => {
                let s = sd.snapshot();
                merge_into(dd, &s, overwrite, depth + 1)?;
            }
            (Some(Value::Map(..)), Value::Map(..)) => {}
            (Some(d), _) if !is_empty(d) => {
                if overwrite {
                    dst.write().insert(k.clone(), sv.clone());
                }
            }
            _ => {
                dst.write().insert(k.clone(), sv.clone());
            }
        }
    }
    Ok(())
}

fn merge_impl(a: &[Value], overwrite: bool) -> R {
    arity_min("merge", a, 1)?;
    let dst = arg_map(a, 0)?;
    for i in 1..a.len() {
        let src = arg_map(a, i)?;
        if src.ptr_eq(dst) {
            continue;
        }
        let s = src.snapshot();
        merge_into(dst, &s, overwrite, 0)?;
    }
    Ok(a[0].clone())
}

/// `merge DST SRCS...`/`mustMerge`: deep merge, `DST` wins, changed in place.
pub fn merge(_: &mut FuncState, a: &[Value]) -> R {
    merge_impl(a, false)
}

/// `mergeOverwrite DST SRCS...`/`mustMergeOverwrite`: deep merge, later sources win.
pub fn merge_overwrite(_: &mut FuncState, a: &[Value]) -> R {
    merge_impl(a, true)
}

/// A deep copy (maps and lists copied; a map that contains itself stops at depth 200; metered
/// per node: a list or map shared N times is copied N times).
pub fn deep_copy_value(v: &Value, depth: usize) -> Result<Value, String> {
    if depth > 200 {
        return Err("deepCopy: value nested too deeply".into());
    }
    let cost = match v {
        Value::Map(m, _) => budget::MAP.saturating_add(m.len().saturating_mul(budget::NODE)),
        Value::List(l, _) => l.len().saturating_mul(budget::NODE),
        _ => 0,
    };
    if !budget::spend(budget::NODE.saturating_add(cost)) {
        return Err(budget::EXCEEDED.into());
    }
    Ok(match v {
        Value::List(l, o) => Value::List(
            Arc::new(
                l.iter()
                    .map(|x| deep_copy_value(x, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            *o,
        ),
        Value::Map(m, o) => {
            let snap = m.snapshot();
            let mut out = Map::new();
            for (k, x) in snap.iter() {
                out.insert(k.clone(), deep_copy_value(x, depth + 1)?);
            }
            Value::Map(Dict::new(out), *o)
        }
        other => other.clone(),
    })
}

/// `deepCopy`/`mustDeepCopy`.
pub fn deep_copy(_: &mut FuncState, a: &[Value]) -> R {
    arity("deepCopy", a, 1)?;
    deep_copy_value(&a[0], 0)
}

/// `dig KEYS... DEFAULT MAP`.
pub fn dig(_: &mut FuncState, a: &[Value]) -> R {
    if a.len() < 3 {
        return Err("dig needs at least three arguments".into());
    }
    let mut cur = match &a[a.len() - 1] {
        Value::Map(d, _) => d.clone(),
        other => {
            return Err(format!(
                "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                other.type_name()
            ))
        }
    };
    let def = &a[a.len() - 2];
    let ks = &a[..a.len() - 2];
    for (i, k) in ks.iter().enumerate() {
        let k = match k {
            Value::Str(s) => s.text.clone(),
            other => {
                return Err(format!(
                    "interface conversion: interface {{}} is {}, not string",
                    other.type_name()
                ))
            }
        };
        let Some(step) = cur.get(&k) else {
            return Ok(def.clone());
        };
        if i + 1 == ks.len() {
            return Ok(step);
        }
        cur = match step {
            Value::Map(d, _) => d,
            other => {
                return Err(format!(
                    "interface conversion: interface {{}} is {}, not map[string]interface {{}}",
                    other.type_name()
                ))
            }
        };
    }
    Ok(def.clone())
}
