//! Numbers, defaults, type reflection, JSON/YAML/TOML, encodings, hashes, regular expressions,
//! paths and URLs, and the functions Helm cannot run offline.

use std::sync::Arc;

use super::super::budget;
use super::super::value::{Dict, Map, Str, Value};
use super::conv::*;
use super::yaml::{go_json_float, MAX_DEPTH};
use super::FuncState;

type R = Result<Value, String>;

fn i64v(i: i64) -> R {
    Ok(Value::Int64(i, None))
}
fn f64v(f: f64) -> R {
    Ok(Value::Float(f, None))
}
fn boolv(b: bool) -> R {
    Ok(Value::Bool(b, None))
}

// numbers -------------------------------------------------------------------------------------

/// `add1`.
pub fn add1(_: &mut FuncState, a: &[Value]) -> R {
    arity("add1", a, 1)?;
    i64v(to_i64(&a[0]).wrapping_add(1))
}
/// `add`.
pub fn add(_: &mut FuncState, a: &[Value]) -> R {
    i64v(a.iter().fold(0i64, |s, v| s.wrapping_add(to_i64(v))))
}
/// `sub`.
pub fn sub(_: &mut FuncState, a: &[Value]) -> R {
    arity("sub", a, 2)?;
    i64v(to_i64(&a[0]).wrapping_sub(to_i64(&a[1])))
}
/// `mul`.
pub fn mul(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("mul", a, 1)?;
    i64v(
        a[1..]
            .iter()
            .fold(to_i64(&a[0]), |s, v| s.wrapping_mul(to_i64(v))),
    )
}
/// `div` (integer division; by zero is an error as Go panics).
pub fn div(_: &mut FuncState, a: &[Value]) -> R {
    arity("div", a, 2)?;
    let d = to_i64(&a[1]);
    if d == 0 {
        return Err("runtime error: integer divide by zero".into());
    }
    i64v(to_i64(&a[0]).wrapping_div(d))
}
/// `mod`.
pub fn modulo(_: &mut FuncState, a: &[Value]) -> R {
    arity("mod", a, 2)?;
    let d = to_i64(&a[1]);
    if d == 0 {
        return Err("runtime error: integer divide by zero".into());
    }
    i64v(to_i64(&a[0]).wrapping_rem(d))
}
/// `max`/`biggest`.
pub fn max(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("max", a, 1)?;
    i64v(a.iter().map(to_i64).max().unwrap_or(0))
}
/// `min`.
pub fn min(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("min", a, 1)?;
    i64v(a.iter().map(to_i64).min().unwrap_or(0))
}
/// `maxf`.
pub fn maxf(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("maxf", a, 1)?;
    f64v(
        a[1..]
            .iter()
            .fold(to_f64(&a[0]), |s, v| go_max(s, to_f64(v))),
    )
}
/// `minf`.
pub fn minf(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("minf", a, 1)?;
    f64v(
        a[1..]
            .iter()
            .fold(to_f64(&a[0]), |s, v| go_min(s, to_f64(v))),
    )
}
fn go_max(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        f64::NAN
    } else {
        x.max(y)
    }
}
fn go_min(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        f64::NAN
    } else {
        x.min(y)
    }
}

/// Rounds a float the way shopspring/decimal's `NewFromFloat(...).Float64()` round trip does
/// (shortest decimal representation), after an exact decimal operation.
fn dec_op(a: &[Value], init: Option<f64>, op: fn(f64, f64) -> f64) -> f64 {
    let (mut acc, rest) = match init {
        Some(i) => (i, a),
        None => (
            a.first().map(to_f64).unwrap_or(0.0),
            a.get(1..).unwrap_or(&[]),
        ),
    };
    for v in rest {
        acc = op(acc, to_f64(v));
        // Decimal arithmetic on shortest representations: re-round to 15 significant digits
        // to remove binary noise (0.1 + 0.2 = 0.3).
        if acc.is_finite() && acc != 0.0 {
            let s = format!("{acc:.15e}");
            acc = s.parse().unwrap_or(acc);
        }
    }
    acc
}

/// `addf`.
pub fn addf(_: &mut FuncState, a: &[Value]) -> R {
    f64v(dec_op(a, Some(0.0), |x, y| x + y))
}
/// `add1f`.
pub fn add1f(_: &mut FuncState, a: &[Value]) -> R {
    arity("add1f", a, 1)?;
    f64v(dec_op(
        &[a[0].clone(), Value::Int(1, None)],
        None,
        |x, y| x + y,
    ))
}
/// `subf`.
pub fn subf(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("subf", a, 1)?;
    f64v(dec_op(a, None, |x, y| x - y))
}
/// `mulf`.
pub fn mulf(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("mulf", a, 1)?;
    f64v(dec_op(a, None, |x, y| x * y))
}
/// `divf` (by zero is an error, as decimal panics).
pub fn divf(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("divf", a, 1)?;
    if a[1..].iter().any(|v| to_f64(v) == 0.0) {
        return Err("decimal division by 0".into());
    }
    f64v(dec_op(a, None, |x, y| x / y))
}
/// `floor`.
pub fn floor(_: &mut FuncState, a: &[Value]) -> R {
    arity("floor", a, 1)?;
    f64v(to_f64(&a[0]).floor())
}
/// `ceil`.
pub fn ceil(_: &mut FuncState, a: &[Value]) -> R {
    arity("ceil", a, 1)?;
    f64v(to_f64(&a[0]).ceil())
}
/// `round X PLACES [ROUND_ON]`.
pub fn round(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("round", a, 2)?;
    let val = to_f64(&a[0]);
    let places = arg_int(a, 1)? as f64;
    let round_on = match a.get(2) {
        Some(Value::Float(f, _)) => *f,
        Some(v) => to_f64(v),
        None => 0.5,
    };
    let pow = 10f64.powf(places);
    let digit = pow * val;
    let frac = digit.fract();
    let r = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    f64v(r / pow)
}
/// `int`.
pub fn int(_: &mut FuncState, a: &[Value]) -> R {
    arity("int", a, 1)?;
    Ok(Value::Int(to_i64(&a[0]), None))
}
/// `int64`.
pub fn int64(_: &mut FuncState, a: &[Value]) -> R {
    arity("int64", a, 1)?;
    i64v(to_i64(&a[0]))
}
/// `float64`.
pub fn float64(_: &mut FuncState, a: &[Value]) -> R {
    arity("float64", a, 1)?;
    f64v(to_f64(&a[0]))
}
/// `atoi` (0 on error).
pub fn atoi(_: &mut FuncState, a: &[Value]) -> R {
    arity("atoi", a, 1)?;
    let s = arg_str(a, 0)?;
    let t = s.text.strip_prefix('+').unwrap_or(&s.text);
    let ok = !t.is_empty()
        && t.trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit());
    Ok(Value::Int(
        if ok { s.text.parse().unwrap_or(0) } else { 0 },
        None,
    ))
}
/// `toDecimal`: the printed value read as an octal number (0 on error).
pub fn to_decimal(_: &mut FuncState, a: &[Value]) -> R {
    arity("toDecimal", a, 1)?;
    let s = sprint(&a[0]);
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    let v = i64::from_str_radix(body, 8)
        .ok()
        .filter(|_| !body.starts_with(['+', '-']));
    i64v(v.map(|x| if neg { -x } else { x }).unwrap_or(0))
}
/// `randInt MIN MAX` (deterministic).
pub fn rand_int(st: &mut FuncState, a: &[Value]) -> R {
    arity("randInt", a, 2)?;
    let lo = arg_int(a, 0)?;
    let hi = arg_int(a, 1)?;
    let span = hi.wrapping_sub(lo);
    if span <= 0 {
        return Err("invalid argument to Intn".into());
    }
    Ok(Value::Int(lo + (st.next_u64() % span as u64) as i64, None))
}

// defaults ------------------------------------------------------------------------------------

/// `default D [V]`: V unless empty, else D (returned unchanged, provenance included).
pub fn default(_: &mut FuncState, a: &[Value]) -> R {
    arity_min("default", a, 1)?;
    match a.get(1) {
        Some(v) if !is_empty(v) => Ok(v.clone()),
        _ => Ok(a[0].clone()),
    }
}
/// `empty`.
pub fn empty(_: &mut FuncState, a: &[Value]) -> R {
    arity("empty", a, 1)?;
    boolv(is_empty(&a[0]))
}
/// `coalesce`: the first non-empty argument, or nil.
pub fn coalesce(_: &mut FuncState, a: &[Value]) -> R {
    Ok(a.iter()
        .find(|v| !is_empty(v))
        .cloned()
        .unwrap_or(Value::Nil))
}
/// `all`.
pub fn all(_: &mut FuncState, a: &[Value]) -> R {
    boolv(a.iter().all(|v| !is_empty(v)))
}
/// `any`.
pub fn any(_: &mut FuncState, a: &[Value]) -> R {
    boolv(a.iter().any(|v| !is_empty(v)))
}
/// `ternary T F COND`.
pub fn ternary(_: &mut FuncState, a: &[Value]) -> R {
    arity("ternary", a, 3)?;
    Ok(if arg_bool(a, 2)? {
        a[0].clone()
    } else {
        a[1].clone()
    })
}

// reflection ----------------------------------------------------------------------------------

/// `typeOf`.
pub fn type_of(_: &mut FuncState, a: &[Value]) -> R {
    arity("typeOf", a, 1)?;
    Ok(Value::str(a[0].type_name()))
}
/// `typeIs T V`.
pub fn type_is(_: &mut FuncState, a: &[Value]) -> R {
    arity("typeIs", a, 2)?;
    boolv(*arg_str(a, 0)?.text == *a[1].type_name())
}
/// `typeIsLike T V` (also `*T`).
pub fn type_is_like(_: &mut FuncState, a: &[Value]) -> R {
    arity("typeIsLike", a, 2)?;
    let t = arg_str(a, 0)?;
    let n = a[1].type_name();
    boolv(*t.text == *n || n.strip_prefix('*') == Some(&t.text))
}
/// `kindOf`.
pub fn kind_of(_: &mut FuncState, a: &[Value]) -> R {
    arity("kindOf", a, 1)?;
    Ok(Value::str(a[0].kind_name()))
}
/// `kindIs K V`.
pub fn kind_is(_: &mut FuncState, a: &[Value]) -> R {
    arity("kindIs", a, 2)?;
    boolv(*arg_str(a, 0)?.text == *a[1].kind_name())
}
/// `deepEqual A B` (Go's `reflect.DeepEqual`: `int` and `int64` differ).
pub fn deep_equal(_: &mut FuncState, a: &[Value]) -> R {
    arity("deepEqual", a, 2)?;
    boolv(a[0] == a[1])
}

// JSON ----------------------------------------------------------------------------------------

/// Go's `encoding/json` encoding of a value (map keys sorted); `indent` for `MarshalIndent`.
/// Inside a metered function call it spends per node and byte written, and fails once the
/// budget is spent (see the `budget` module).
pub fn go_json(v: &Value, escape_html: bool, indent: Option<&str>) -> Result<String, String> {
    let mut out = String::new();
    let mut seen = 0;
    json_into(v, &mut out, &mut seen, escape_html, indent, 0)?;
    Ok(out)
}

fn json_str(s: &str, out: &mut String, escape_html: bool) {
    crate::render::gojson::write_string(s, out, escape_html);
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(ind) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(ind);
        }
    }
}

fn json_into(
    v: &Value,
    out: &mut String,
    seen: &mut usize,
    esc: bool,
    indent: Option<&str>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("json: unsupported value: encountered a cycle".into());
    }
    if !budget::spend_written(out, seen) {
        return Err(budget::EXCEEDED.into());
    }
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b, _) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i, _) | Value::Int64(i, _) => out.push_str(&i.to_string()),
        Value::Float(f, _) => out.push_str(&go_json_float(*f)?),
        Value::Str(s) => json_str(&s.text, out, esc),
        Value::Object(o) => json_str(&o.display(), out, esc),
        Value::List(l, _) => {
            if l.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                json_into(x, out, seen, esc, indent, depth + 1)?;
            }
            newline(out, indent, depth);
            out.push(']');
        }
        Value::Map(m, _) => {
            let snap = m.snapshot();
            if snap.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            for (i, (k, x)) in snap.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                json_str(k, out, esc);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                json_into(x, out, seen, esc, indent, depth + 1)?;
            }
            newline(out, indent, depth);
            out.push('}');
        }
    }
    if depth == 0 && !budget::spend_written(out, seen) {
        return Err(budget::EXCEEDED.into());
    }
    Ok(())
}

/// `toJson` ("" on error).
pub fn to_json(_: &mut FuncState, a: &[Value]) -> R {
    arity("toJson", a, 1)?;
    Ok(Value::str(go_json(&a[0], true, None).unwrap_or_default()))
}
/// `mustToJson`.
pub fn must_to_json(_: &mut FuncState, a: &[Value]) -> R {
    arity("mustToJson", a, 1)?;
    Ok(Value::str(go_json(&a[0], true, None)?))
}
/// `toPrettyJson` ("" on error).
pub fn to_pretty_json(_: &mut FuncState, a: &[Value]) -> R {
    arity("toPrettyJson", a, 1)?;
    Ok(Value::str(
        go_json(&a[0], true, Some("  ")).unwrap_or_default(),
    ))
}
/// `mustToPrettyJson`.
pub fn must_to_pretty_json(_: &mut FuncState, a: &[Value]) -> R {
    arity("mustToPrettyJson", a, 1)?;
    Ok(Value::str(go_json(&a[0], true, Some("  "))?))
}
/// `toRawJson`/`mustToRawJson` (no HTML escaping).
pub fn to_raw_json(_: &mut FuncState, a: &[Value]) -> R {
    arity("toRawJson", a, 1)?;
    Ok(Value::str(go_json(&a[0], false, None)?))
}

fn go_json_error(text: &str, e: &serde_json::Error) -> String {
    if text.trim().is_empty() || e.is_eof() {
        return "unexpected end of JSON input".into();
    }
    format!(
        "invalid character at line {} column {}: {e}",
        e.line(),
        e.column()
    )
}

fn parse_json(text: &str) -> Result<Value, String> {
    let j: serde_json::Value = serde_json::from_str(text).map_err(|e| go_json_error(text, &e))?;
    Ok(Value::from_json(&j))
}

fn error_map(msg: String) -> Value {
    let mut m = Map::new();
    m.insert("Error".into(), Value::str(msg));
    Value::Map(Dict::new(m), None)
}

/// Helm's `fromJson`: a map; on error `{Error: message}`.
pub fn from_json(_: &mut FuncState, a: &[Value]) -> R {
    arity("fromJson", a, 1)?;
    let s = arg_str(a, 0)?;
    Ok(match parse_json(&s.text) {
        Ok(v @ Value::Map(..)) => v,
        Ok(Value::Nil) => Value::empty_map(),
        Ok(other) => error_map(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        )),
        Err(e) => error_map(e),
    })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::List(..) => "array",
        Value::Str(_) => "string",
        Value::Bool(..) => "bool",
        Value::Map(..) => "object",
        _ => "number",
    }
}

/// Helm's `fromJsonArray`: a list; on error a list of the message.
pub fn from_json_array(_: &mut FuncState, a: &[Value]) -> R {
    arity("fromJsonArray", a, 1)?;
    let s = arg_str(a, 0)?;
    Ok(match parse_json(&s.text) {
        Ok(v @ Value::List(..)) => v,
        Ok(Value::Nil) => list(Vec::new()),
        Ok(other) => list(vec![Value::str(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))]),
        Err(e) => list(vec![Value::str(e)]),
    })
}

/// sprig's `mustFromJson`: any JSON value; an error on bad JSON.
pub fn must_from_json(_: &mut FuncState, a: &[Value]) -> R {
    arity("mustFromJson", a, 1)?;
    parse_json(&arg_str(a, 0)?.text)
}

// YAML ----------------------------------------------------------------------------------------

/// `toYaml` (Helm): go-yaml v2 through JSON, final newline trimmed, "" on error; scalars from
/// values files marked.
pub fn to_yaml(_: &mut FuncState, a: &[Value]) -> R {
    arity("toYaml", a, 1)?;
    Ok(Value::Str(super::yaml::to_yaml(&a[0])))
}
/// `mustToYaml`.
pub fn must_to_yaml(_: &mut FuncState, a: &[Value]) -> R {
    arity("mustToYaml", a, 1)?;
    Ok(Value::Str(super::yaml::must_to_yaml(&a[0])?))
}
/// Helm's `fromYaml`: a map; on error `{Error: message}`.
pub fn from_yaml(_: &mut FuncState, a: &[Value]) -> R {
    arity("fromYaml", a, 1)?;
    let s = arg_str(a, 0)?;
    Ok(match super::yaml::parse(&s.text) {
        Ok(Some(v @ Value::Map(..))) => v,
        Ok(None) | Ok(Some(Value::Nil)) => Value::empty_map(),
        Ok(Some(other)) => error_map(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        )),
        Err(e) => error_map(e),
    })
}
/// Helm's `fromYamlArray`: a list; on error a list of the message.
pub fn from_yaml_array(_: &mut FuncState, a: &[Value]) -> R {
    arity("fromYamlArray", a, 1)?;
    let s = arg_str(a, 0)?;
    Ok(match super::yaml::parse(&s.text) {
        Ok(Some(v @ Value::List(..))) => v,
        Ok(None) | Ok(Some(Value::Nil)) => list(Vec::new()),
        Ok(Some(other)) => list(vec![Value::str(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))]),
        Err(e) => list(vec![Value::str(e)]),
    })
}

// TOML ----------------------------------------------------------------------------------------

fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        k.to_string()
    } else {
        let mut s = String::new();
        json_str(k, &mut s, false);
        s
    }
}

/// A value as an inline TOML value (`None` for a table or nil), metered per node and string.
fn toml_scalar(v: &Value, depth: usize) -> Result<Option<String>, String> {
    if depth > 100 {
        return Err("toml: nesting too deep".into());
    }
    let text = match v {
        Value::Str(s) => s.text.len(),
        _ => 0,
    };
    if !budget::spend(budget::NODE.saturating_add(text)) {
        return Err(budget::EXCEEDED.into());
    }
    Ok(Some(match v {
        Value::Bool(b, _) => b.to_string(),
        Value::Int(i, _) | Value::Int64(i, _) => i.to_string(),
        Value::Float(f, _) => {
            if f.is_nan() {
                "nan".into()
            } else if f.is_infinite() {
                if *f > 0.0 { "inf" } else { "-inf" }.into()
            } else {
                let s = super::yaml::go_format_f(*f);
                if s.contains('.') {
                    s
                } else {
                    format!("{s}.0")
                }
            }
        }
        Value::Str(s) => {
            let mut o = String::new();
            json_str(&s.text, &mut o, false);
            o
        }
        Value::Object(o) => {
            let mut s = String::new();
            json_str(&o.display(), &mut s, false);
            s
        }
        Value::List(l, _) => {
            let mut parts = Vec::new();
            for x in l.iter() {
                match toml_scalar(x, depth + 1)? {
                    Some(s) => parts.push(s),
                    None => return Ok(None),
                }
            }
            format!("[{}]", parts.join(", "))
        }
        Value::Map(..) => return Ok(None),
        Value::Nil => return Ok(None),
    }))
}

/// Appends a line of `toToml` output, metered.
fn toml_push(out: &mut String, line: &str) -> Result<(), String> {
    if !budget::spend(budget::NODE.saturating_add(line.len())) {
        return Err(budget::EXCEEDED.into());
    }
    out.push_str(line);
    Ok(())
}

fn toml_table(m: &Map, path: &[String], out: &mut String, depth: usize) -> Result<(), String> {
    if depth > 100 {
        return Err("toml: nesting too deep".into());
    }
    let ind = "  ".repeat(depth);
    let mut tables = Vec::new();
    for (k, v) in m {
        if matches!(v, Value::Nil) {
            continue;
        }
        match toml_scalar(v, 0)? {
            Some(s) => toml_push(out, &format!("{ind}{} = {s}\n", toml_key(k)))?,
            None => tables.push((k, v)),
        }
    }
    for (k, v) in tables {
        let mut p = path.to_vec();
        p.push(toml_key(k));
        let tind = "  ".repeat(depth);
        if let Value::Map(d, _) = v {
            let blank = if depth == 0 { "\n" } else { "" };
            toml_push(out, &format!("{blank}{tind}[{}]\n", p.join(".")))?;
            toml_table(&d.snapshot(), &p, out, depth + 1)?;
        } else if let Value::List(l, _) = v {
            for x in l.iter() {
                if let Value::Map(d, _) = x {
                    let blank = if depth == 0 { "\n" } else { "" };
                    toml_push(out, &format!("{blank}{tind}[[{}]]\n", p.join(".")))?;
                    toml_table(&d.snapshot(), &p, out, depth + 1)?;
                }
            }
        }
    }
    Ok(())
}

/// Helm's `toToml` (BurntSushi/toml layout: nested tables indented); the error text on error.
pub fn to_toml(_: &mut FuncState, a: &[Value]) -> R {
    arity("toToml", a, 1)?;
    let mut out = String::new();
    let r = match &a[0] {
        Value::Map(d, _) => toml_table(&d.snapshot(), &[], &mut out, 0),
        other => Err(format!(
            "toml: top-level values must be Go maps or structs, not {}",
            other.kind_name()
        )),
    };
    Ok(Value::str(match r {
        Ok(()) => out,
        Err(e) => e,
    }))
}

fn from_toml_value(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::str(s.as_str()),
        toml::Value::Integer(i) => Value::Int64(*i, None),
        toml::Value::Float(f) => Value::Float(*f, None),
        toml::Value::Boolean(b) => Value::Bool(*b, None),
        toml::Value::Datetime(d) => Value::str(d.to_string()),
        toml::Value::Array(a) => list(a.iter().map(from_toml_value).collect()),
        toml::Value::Table(t) => Value::Map(
            Dict::new(
                t.iter()
                    .map(|(k, v)| (k.clone(), from_toml_value(v)))
                    .collect(),
            ),
            None,
        ),
    }
}

/// Helm's `fromToml`: a map; on error `{Error: message}`.
pub fn from_toml(_: &mut FuncState, a: &[Value]) -> R {
    arity("fromToml", a, 1)?;
    let s = arg_str(a, 0)?;
    Ok(match s.text.parse::<toml::Table>() {
        Ok(t) => from_toml_value(&toml::Value::Table(t)),
        Err(e) => error_map(e.message().to_string()),
    })
}

// encodings and hashes ------------------------------------------------------------------------

use data_encoding::{BASE32, BASE64};

/// `b64enc`.
pub fn b64enc(_: &mut FuncState, a: &[Value]) -> R {
    arity("b64enc", a, 1)?;
    Ok(Value::str(BASE64.encode(arg_str(a, 0)?.text.as_bytes())))
}
/// `b64dec` (the error text on error, as sprig).
pub fn b64dec(_: &mut FuncState, a: &[Value]) -> R {
    arity("b64dec", a, 1)?;
    let s = arg_str(a, 0)?;
    Ok(Value::str(match BASE64.decode(s.text.as_bytes()) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => format!("illegal base64 data at input byte {}", e.position),
    }))
}
/// `b32enc`.
pub fn b32enc(_: &mut FuncState, a: &[Value]) -> R {
    arity("b32enc", a, 1)?;
    Ok(Value::str(BASE32.encode(arg_str(a, 0)?.text.as_bytes())))
}
/// `b32dec`.
pub fn b32dec(_: &mut FuncState, a: &[Value]) -> R {
    arity("b32dec", a, 1)?;
    let s = arg_str(a, 0)?;
    Ok(Value::str(match BASE32.decode(s.text.as_bytes()) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => format!("illegal base32 data at input byte {}", e.position),
    }))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `sha1sum`.
pub fn sha1sum(_: &mut FuncState, a: &[Value]) -> R {
    use sha1::Digest;
    arity("sha1sum", a, 1)?;
    Ok(Value::str(hex(&sha1::Sha1::digest(
        arg_str(a, 0)?.text.as_bytes(),
    ))))
}
/// `sha256sum`.
pub fn sha256sum(_: &mut FuncState, a: &[Value]) -> R {
    use sha2::Digest;
    arity("sha256sum", a, 1)?;
    Ok(Value::str(hex(&sha2::Sha256::digest(
        arg_str(a, 0)?.text.as_bytes(),
    ))))
}
/// `sha512sum`.
pub fn sha512sum(_: &mut FuncState, a: &[Value]) -> R {
    use sha2::Digest;
    arity("sha512sum", a, 1)?;
    Ok(Value::str(hex(&sha2::Sha512::digest(
        arg_str(a, 0)?.text.as_bytes(),
    ))))
}
/// `adler32sum` (decimal).
pub fn adler32sum(_: &mut FuncState, a: &[Value]) -> R {
    arity("adler32sum", a, 1)?;
    let (mut x, mut y) = (1u32, 0u32);
    for &b in arg_str(a, 0)?.text.as_bytes() {
        x = (x + u32::from(b)) % 65521;
        y = (y + x) % 65521;
    }
    Ok(Value::str(((y << 16) | x).to_string()))
}

/// `uuidv4` (deterministic per render).
pub fn uuidv4(st: &mut FuncState, a: &[Value]) -> R {
    arity("uuidv4", a, 0)?;
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&st.next_u64().to_le_bytes());
    b[8..].copy_from_slice(&st.next_u64().to_le_bytes());
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    Ok(Value::str(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )))
}

/// `randBytes N` (deterministic), base64.
pub fn rand_bytes(st: &mut FuncState, a: &[Value]) -> R {
    arity("randBytes", a, 1)?;
    let n = arg_int(a, 0)?;
    if n < 0 || n as usize > MAX_ELEMS {
        return Err(format!("randBytes: bad count {n}"));
    }
    let b: Vec<u8> = (0..n).map(|_| st.next_u64() as u8).collect();
    Ok(Value::str(BASE64.encode(&b)))
}

/// `getHostByName`: unsupported offline.
pub fn get_host_by_name(_: &mut FuncState, _: &[Value]) -> R {
    Err("getHostByName is not supported: it needs the network".into())
}

// flow ----------------------------------------------------------------------------------------

/// `fail MSG`.
pub fn fail(_: &mut FuncState, a: &[Value]) -> R {
    arity("fail", a, 1)?;
    Err(arg_str(a, 0)?.text.to_string())
}

/// `required MSG V`: V unless nil or "" (Helm: false and 0 pass).
pub fn required(_: &mut FuncState, a: &[Value]) -> R {
    arity("required", a, 2)?;
    let msg = arg_str(a, 0)?;
    match &a[1] {
        Value::Nil => Err(msg.text.to_string()),
        Value::Str(s) if s.text.is_empty() => Err(msg.text.to_string()),
        v => Ok(v.clone()),
    }
}

/// Helm's `lookup`: no cluster in `helm template`, so an empty map.
pub fn lookup_fn(_: &mut FuncState, a: &[Value]) -> R {
    arity("lookup", a, 4)?;
    for i in 0..4 {
        arg_str(a, i)?;
    }
    Ok(Value::empty_map())
}

// regular expressions -------------------------------------------------------------------------

fn re(p: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(p).map_err(|e| format!("error parsing regexp: {e}"))
}

/// `regexMatch`/`mustRegexMatch RE S`.
pub fn regex_match(_: &mut FuncState, a: &[Value]) -> R {
    arity("regexMatch", a, 2)?;
    boolv(re(&arg_str(a, 0)?.text)?.is_match(&arg_str(a, 1)?.text))
}
/// `regexFindAll RE S N`.
pub fn regex_find_all(_: &mut FuncState, a: &[Value]) -> R {
    arity("regexFindAll", a, 3)?;
    let r = re(&arg_str(a, 0)?.text)?;
    let s = arg_str(a, 1)?;
    let n = arg_int(a, 2)?;
    let it = r.find_iter(&s.text).map(|m| m.as_str().to_string());
    let v: Vec<String> = if n < 0 {
        it.take(MAX_ELEMS).collect()
    } else {
        it.take((n as usize).min(MAX_ELEMS)).collect()
    };
    Ok(str_list(v))
}
/// `regexFind RE S`.
pub fn regex_find(_: &mut FuncState, a: &[Value]) -> R {
    arity("regexFind", a, 2)?;
    let r = re(&arg_str(a, 0)?.text)?;
    let s = arg_str(a, 1)?;
    Ok(Value::str(
        r.find(&s.text).map(|m| m.as_str()).unwrap_or(""),
    ))
}

/// Go's `Regexp.Expand` template syntax converted to the regex crate's (`$1x` is the group
/// named `1x` in both; `${1}` braces kept).
fn go_replacement(repl: &str) -> String {
    repl.to_string()
}

/// A replacement of `regexReplaceAll`: `$1` expanded (`literal`: not), metered per match
/// (an expansion is at most REPL plus, per `$`, the match).
struct MeteredReplacer<'a> {
    repl: &'a str,
    literal: bool,
    dollars: usize,
}

impl regex::Replacer for MeteredReplacer<'_> {
    fn replace_append(&mut self, caps: &regex::Captures<'_>, dst: &mut String) {
        let matched = caps.get(0).map_or(0, |m| m.len());
        let bound = self
            .repl
            .len()
            .saturating_add(self.dollars.saturating_mul(matched));
        if !budget::spend(bound) {
            return;
        }
        if self.literal {
            dst.push_str(self.repl);
        } else {
            caps.expand(self.repl, dst);
        }
    }
}

fn replace_all(a: &[Value], literal: bool) -> R {
    let r = re(&arg_str(a, 0)?.text)?;
    let s = arg_str(a, 1)?;
    let repl = go_replacement(&arg_str(a, 2)?.text);
    let dollars = if literal {
        0
    } else {
        repl.bytes().filter(|b| *b == b'$').count()
    };
    let rep = MeteredReplacer {
        repl: &repl,
        literal,
        dollars,
    };
    Ok(Value::str(r.replace_all(&s.text, rep).into_owned()))
}

/// `regexReplaceAll RE S REPL` (`$1` expansion).
pub fn regex_replace_all(_: &mut FuncState, a: &[Value]) -> R {
    arity("regexReplaceAll", a, 3)?;
    replace_all(a, false)
}
/// `regexReplaceAllLiteral RE S REPL`.
pub fn regex_replace_all_literal(_: &mut FuncState, a: &[Value]) -> R {
    arity("regexReplaceAllLiteral", a, 3)?;
    replace_all(a, true)
}
/// `regexSplit RE S N`.
pub fn regex_split(_: &mut FuncState, a: &[Value]) -> R {
    arity("regexSplit", a, 3)?;
    let r = re(&arg_str(a, 0)?.text)?;
    let s = arg_str(a, 1)?;
    let n = arg_int(a, 2)?;
    if n == 0 {
        return Ok(list(Vec::new()));
    }
    if !r.as_str().is_empty() && s.text.is_empty() {
        return Ok(str_list(vec![String::new()]));
    }
    let v: Vec<String> = if n < 0 {
        r.split(&s.text).take(MAX_ELEMS).map(String::from).collect()
    } else {
        r.splitn(&s.text, (n as usize).min(MAX_ELEMS))
            .map(String::from)
            .collect()
    };
    Ok(str_list(v))
}
/// `regexQuoteMeta`.
pub fn regex_quote_meta(_: &mut FuncState, a: &[Value]) -> R {
    arity("regexQuoteMeta", a, 1)?;
    let s = arg_str(a, 0)?;
    let mut out = String::new();
    for c in s.text.chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(Value::str(out))
}

// paths ---------------------------------------------------------------------------------------

/// Go's `path.Clean`.
pub fn clean_path(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

fn path_fn(name: &str, a: &[Value], f: fn(&str) -> Value) -> R {
    arity(name, a, 1)?;
    Ok(f(&arg_str(a, 0)?.text))
}

/// `base`/`osBase`: Go's `path.Base`.
pub fn base(_: &mut FuncState, a: &[Value]) -> R {
    path_fn("base", a, |p| {
        if p.is_empty() {
            return Value::str(".");
        }
        let t = p.trim_end_matches('/');
        if t.is_empty() {
            return Value::str("/");
        }
        Value::str(t.rsplit('/').next().unwrap_or(t))
    })
}
/// `dir`/`osDir`: Go's `path.Dir`.
pub fn dir(_: &mut FuncState, a: &[Value]) -> R {
    path_fn("dir", a, |p| {
        let d = match p.rfind('/') {
            Some(i) => &p[..=i],
            None => "",
        };
        Value::str(clean_path(d))
    })
}
/// `clean`/`osClean`.
pub fn clean(_: &mut FuncState, a: &[Value]) -> R {
    path_fn("clean", a, |p| Value::str(clean_path(p)))
}
/// `ext`/`osExt`.
pub fn ext(_: &mut FuncState, a: &[Value]) -> R {
    path_fn("ext", a, |p| {
        for (i, c) in p.char_indices().rev() {
            if c == '/' {
                break;
            }
            if c == '.' {
                return Value::str(&p[i..]);
            }
        }
        Value::str("")
    })
}
/// `isAbs`/`osIsAbs`.
pub fn is_abs(_: &mut FuncState, a: &[Value]) -> R {
    path_fn("isAbs", a, |p| Value::Bool(p.starts_with('/'), None))
}

// URLs ----------------------------------------------------------------------------------------

/// `urlParse`: scheme, host, hostname, path, query, opaque, fragment, userinfo.
pub fn url_parse(_: &mut FuncState, a: &[Value]) -> R {
    arity("urlParse", a, 1)?;
    let s = arg_str(a, 0)?.text.to_string();
    let mut m = Map::new();
    let put = |m: &mut Map, k: &str, v: &str| {
        m.insert(k.into(), Value::str(v));
    };
    // Go's url.Parse: [scheme:][//[userinfo@]host][/]path[?query][#fragment]
    let (rest, fragment) = match s.split_once('#') {
        Some((r, f)) => (r.to_string(), f.to_string()),
        None => (s.clone(), String::new()),
    };
    let (scheme, rest) = match rest.find(':') {
        Some(i)
            if i > 0
                && rest[..i].chars().enumerate().all(|(j, c)| {
                    c.is_ascii_alphabetic() || (j > 0 && (c.is_ascii_digit() || "+-.".contains(c)))
                }) =>
        {
            (rest[..i].to_lowercase(), rest[i + 1..].to_string())
        }
        Some(0) => {
            return Err(format!(
                "unable to parse url: parse \"{s}\": missing protocol scheme"
            ))
        }
        _ => (String::new(), rest),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r.to_string(), q.to_string()),
        None => (rest, String::new()),
    };
    let (mut host, mut userinfo, mut path, mut opaque) =
        (String::new(), String::new(), String::new(), String::new());
    if !scheme.is_empty() && !rest.starts_with('/') {
        opaque = rest;
    } else if let Some(auth_path) = rest.strip_prefix("//") {
        let (auth, p) = match auth_path.find('/') {
            Some(i) => (&auth_path[..i], &auth_path[i..]),
            None => (auth_path, ""),
        };
        match auth.rsplit_once('@') {
            Some((u, h)) => {
                userinfo = u.to_string();
                host = h.to_string();
            }
            None => host = auth.to_string(),
        }
        path = p.to_string();
    } else {
        path = rest;
    }
    let hostname = if let Some(h) = host.strip_prefix('[') {
        h.split(']').next().unwrap_or("").to_string()
    } else {
        host.split(':').next().unwrap_or("").to_string()
    };
    let dec = |t: &str| {
        percent_encoding::percent_decode_str(t)
            .decode_utf8_lossy()
            .into_owned()
    };
    put(&mut m, "scheme", &scheme);
    put(&mut m, "host", &host);
    put(&mut m, "hostname", &hostname);
    put(&mut m, "path", &dec(&path));
    put(&mut m, "query", &query);
    put(&mut m, "opaque", &opaque);
    put(&mut m, "fragment", &dec(&fragment));
    put(&mut m, "userinfo", &userinfo);
    Ok(Value::Map(Dict::new(m), None))
}

/// `urlJoin DICT`: the inverse of `urlParse`.
pub fn url_join(_: &mut FuncState, a: &[Value]) -> R {
    arity("urlJoin", a, 1)?;
    let d = arg_map(a, 0)?.snapshot();
    let get = |k: &str| -> Result<String, String> {
        match d.get(k) {
            None => Ok(String::new()),
            Some(Value::Str(s)) => Ok(s.text.to_string()),
            Some(v) => Err(format!(
                "unable to parse {k} key, must be of type string, but {} found",
                v.kind_name()
            )),
        }
    };
    let (scheme, host, path, query, opaque, fragment, user) = (
        get("scheme")?,
        get("host")?,
        get("path")?,
        get("query")?,
        get("opaque")?,
        get("fragment")?,
        get("userinfo")?,
    );
    let mut out = String::new();
    if !scheme.is_empty() {
        out.push_str(&scheme);
        out.push(':');
    }
    if !opaque.is_empty() {
        out.push_str(&opaque);
    } else {
        if !scheme.is_empty() || !host.is_empty() || !user.is_empty() {
            if !host.is_empty() || !path.is_empty() || !user.is_empty() {
                out.push_str("//");
            }
            if !user.is_empty() {
                out.push_str(&user);
                out.push('@');
            }
            out.push_str(&host);
        }
        if !path.is_empty() && !path.starts_with('/') && !host.is_empty() {
            out.push('/');
        }
        out.push_str(&percent_encoding::utf8_percent_encode(&path, PATH_SET).to_string());
    }
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if !fragment.is_empty() {
        out.push('#');
        out.push_str(&percent_encoding::utf8_percent_encode(&fragment, FRAG_SET).to_string());
    }
    Ok(Value::str(out))
}

const PATH_SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'^')
    .add(b'|')
    .add(b'\\')
    .add(b'[')
    .add(b']');
const FRAG_SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'^')
    .add(b'|')
    .add(b'\\');

/// A string value helper for other modules.
pub fn strv(s: String) -> Value {
    Value::Str(Str::plain(Arc::<str>::from(s)))
}
