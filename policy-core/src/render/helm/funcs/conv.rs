//! Go conversions as sprig does them (`cast.ToInt64`, `cast.ToFloat64`, `strval`, `%v`),
//! argument checking, and moving string marks.

use std::sync::Arc;

use super::super::budget;
use super::super::value::{Mark, Str, StrBuilder, Value};
use super::yaml::go_format_g;

/// Most elements a function may build into one list or string (`until 1e12`, `repeat`).
pub const MAX_ELEMS: usize = 1_000_000;

/// Largest string a function may build, in bytes.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Go's `%v` of a value (`fmt.Sprint`): floats with `%g`, maps as `map[k:v]`, lists as `[a b]`,
/// nil as `<nil>`. Inside a metered function call it spends per node and byte written, and
/// stops early once the budget is spent (see the `budget` module).
pub fn sprint(v: &Value) -> String {
    let mut out = String::new();
    let mut seen = 0;
    sprint_into(v, &mut out, &mut seen, 0);
    out
}

/// Writes `v` to `out`; false once the budget is spent.
fn sprint_into(v: &Value, out: &mut String, seen: &mut usize, depth: usize) -> bool {
    if depth > 100 {
        out.push_str("...");
        return budget::spend_written(out, seen);
    }
    match v {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b, _) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i, _) | Value::Int64(i, _) => out.push_str(&i.to_string()),
        Value::Float(f, _) => out.push_str(&go_format_g(*f)),
        Value::Str(s) => out.push_str(&s.text),
        Value::List(l, _) => {
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                if !sprint_into(x, out, seen, depth + 1) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Map(m, _) => {
            out.push_str("map[");
            for (i, (k, x)) in m.snapshot().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                if !sprint_into(x, out, seen, depth + 1) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Object(o) => out.push_str(&o.display()),
    }
    budget::spend_written(out, seen)
}

/// sprig's `strval` (`toString`) keeping provenance: a string unchanged, anything else printed
/// with `%v` and marked with the value's origin.
pub fn to_str(v: &Value) -> Str {
    match v {
        Value::Str(s) => s.clone(),
        other => Str::with_origin(sprint(other), other.origin()),
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)` (base prefixes, `_` separators).
pub fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (digits, radix, prefixed) =
        if let Some(r) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (r, 16, true)
        } else if let Some(r) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (r, 2, true)
        } else if let Some(r) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (r, 8, true)
        } else if body.len() > 1 && body.starts_with('0') {
            (&body[1..], 8, true)
        } else {
            (body, 10, false)
        };
    let digits = if prefixed || digits.contains('_') {
        // Underscores are allowed only between digits (and after a base prefix).
        if digits.starts_with('_') && !prefixed || digits.ends_with('_') || digits.contains("__") {
            return None;
        }
        digits.replace('_', "")
    } else {
        digits.to_string()
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let v = u64::from_str_radix(&digits, radix).ok()?;
    if neg {
        if v > 1u64 << 63 {
            None
        } else {
            Some((v as i64).wrapping_neg())
        }
    } else {
        i64::try_from(v).ok()
    }
}

/// `cast.ToInt64`: numbers truncated, numeric strings parsed (base prefixes, `"3.0"`), bools
/// 1/0, anything else 0.
pub fn to_i64(v: &Value) -> i64 {
    match v {
        Value::Int(i, _) | Value::Int64(i, _) => *i,
        Value::Float(f, _) => float_to_i64(*f),
        Value::Bool(b, _) => i64::from(*b),
        Value::Str(s) => {
            let t = trim_zero_decimal(&s.text);
            parse_go_int(t).unwrap_or(0)
        }
        _ => 0,
    }
}

/// Go's `int64(f)` for a float (saturating where Go's result is unspecified).
pub fn float_to_i64(f: f64) -> i64 {
    if f.is_nan() {
        i64::MIN
    } else {
        f as i64
    }
}

fn trim_zero_decimal(s: &str) -> &str {
    // cast's trimZeroDecimal: "3.000" -> "3".
    if let Some(i) = s.find('.') {
        let frac = &s[i + 1..];
        if !frac.is_empty() && frac.bytes().all(|b| b == b'0') {
            return &s[..i];
        }
    }
    s
}

/// `cast.ToFloat64`.
pub fn to_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i, _) | Value::Int64(i, _) => *i as f64,
        Value::Float(f, _) => *f,
        Value::Bool(b, _) => f64::from(u8::from(*b)),
        Value::Str(s) => parse_go_float(&s.text).unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Go's `strconv.ParseFloat(s, 64)` (no surrounding spaces; `Inf`, `NaN` accepted).
pub fn parse_go_float(s: &str) -> Option<f64> {
    if s.is_empty() || s.trim() != s {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let l = lower.trim_start_matches(['+', '-']);
    if l == "inf" || l == "infinity" || l == "nan" {
        return s.parse::<f64>().ok();
    }
    if l.starts_with("0x") {
        return None;
    }
    let f: f64 = s.replace('_', "").parse().ok()?;
    if f.is_infinite() {
        None
    } else {
        Some(f)
    }
}

/// Go's truth for `empty`/`default`: nil, false, 0, "" and empty lists and maps are empty;
/// structs are not.
pub fn is_empty(v: &Value) -> bool {
    !v.truthy()
}

/// "wrong number of args for NAME: want N got M" unless `args` has `want` elements.
pub fn arity(name: &str, args: &[Value], want: usize) -> Result<(), String> {
    if args.len() != want {
        return Err(format!(
            "wrong number of args for {name}: want {want} got {}",
            args.len()
        ));
    }
    Ok(())
}

/// At least `min` arguments.
pub fn arity_min(name: &str, args: &[Value], min: usize) -> Result<(), String> {
    if args.len() < min {
        return Err(format!(
            "wrong number of args for {name}: want at least {min} got {}",
            args.len()
        ));
    }
    Ok(())
}

/// A `string` parameter (Go rejects other types).
pub fn arg_str(args: &[Value], i: usize) -> Result<&Str, String> {
    match args.get(i) {
        Some(Value::Str(s)) => Ok(s),
        Some(Value::Nil) | None => Err("invalid value; expected string".into()),
        Some(v) => Err(format!(
            "wrong type for value; expected string; got {}",
            v.type_name()
        )),
    }
}

/// An `int` parameter (Go accepts integers; floats are rejected as in Go).
pub fn arg_int(args: &[Value], i: usize) -> Result<i64, String> {
    match args.get(i) {
        Some(Value::Int(n, _)) | Some(Value::Int64(n, _)) => Ok(*n),
        Some(Value::Nil) | None => Err("invalid value; expected int".into()),
        Some(v) => Err(format!(
            "wrong type for value; expected int; got {}",
            v.type_name()
        )),
    }
}

/// A `bool` parameter.
pub fn arg_bool(args: &[Value], i: usize) -> Result<bool, String> {
    match args.get(i) {
        Some(Value::Bool(b, _)) => Ok(*b),
        Some(Value::Nil) | None => Err("invalid value; expected bool".into()),
        Some(v) => Err(format!(
            "wrong type for value; expected bool; got {}",
            v.type_name()
        )),
    }
}

/// A `map[string]interface{}` parameter.
pub fn arg_map(args: &[Value], i: usize) -> Result<&super::super::value::Dict, String> {
    match args.get(i) {
        Some(Value::Map(d, _)) => Ok(d),
        Some(Value::Nil) | None => Err("invalid value; expected map[string]interface {}".into()),
        Some(v) => Err(format!(
            "wrong type for value; expected map[string]interface {{}}; got {}",
            v.type_name()
        )),
    }
}

/// A string value with the marks of `s[a..b]` (clipped and shifted). Falls back to a lossy,
/// unmarked copy when the range does not fall on character boundaries (Go slices bytes).
pub fn sub_str(s: &Str, a: usize, b: usize) -> Str {
    let b = b.min(s.text.len());
    let a = a.min(b);
    match s.text.get(a..b) {
        Some(t) => {
            let marks: Vec<Mark> = s
                .marks
                .iter()
                .filter(|m| (m.end as usize) > a && (m.start as usize) < b)
                .map(|m| Mark {
                    start: (m.start as usize).max(a) as u32 - a as u32,
                    end: (m.end as usize).min(b) as u32 - a as u32,
                    ..*m
                })
                .collect();
            Str {
                text: Arc::from(t),
                marks: Arc::from(marks),
            }
        }
        None => Str::plain(String::from_utf8_lossy(&s.text.as_bytes()[a..b]).into_owned()),
    }
}

/// Appends `s[a..b]` with its marks.
pub fn push_range(out: &mut StrBuilder, s: &Str, a: usize, b: usize) {
    out.push_str(&sub_str(s, a, b));
}

/// A string result that keeps the marks of `s` when `text` has the same length (case changes
/// of ASCII text), and drops them otherwise.
pub fn same_shape(s: &Str, text: String) -> Str {
    if text.len() == s.text.len() {
        Str {
            text: Arc::from(text),
            marks: s.marks.clone(),
        }
    } else {
        Str::plain(text)
    }
}

/// A list value.
pub fn list(items: Vec<Value>) -> Value {
    Value::List(Arc::new(items), None)
}

/// A list of plain strings.
pub fn str_list<I: IntoIterator<Item = String>>(items: I) -> Value {
    list(items.into_iter().map(Value::str).collect())
}

/// The elements of a list argument, or an error naming the function and Go kind.
pub fn arg_list<'a>(name: &str, v: &'a Value) -> Result<&'a [Value], String> {
    match v {
        Value::List(l, _) => Ok(l),
        other => Err(format!("Cannot find {name} on type {}", other.kind_name())),
    }
}

/// sprig's `strslice` (`toStrings`, `join`): list elements printed, nils dropped; a non-list
/// value becomes a one-element list; nil an empty one.
pub fn strslice(v: &Value) -> Vec<Str> {
    match v {
        Value::List(l, _) => l
            .iter()
            .filter(|x| !matches!(x, Value::Nil))
            .map(to_str)
            .collect(),
        Value::Nil => Vec::new(),
        other => vec![to_str(other)],
    }
}
