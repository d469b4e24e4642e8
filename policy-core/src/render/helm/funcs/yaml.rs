//! `toYaml`, `fromYaml` and Go's number formatting.
//!
//! Helm's `toYaml` is `sigs.k8s.io/yaml.Marshal`: the value is encoded to JSON with Go's
//! `encoding/json`, the JSON is decoded again by go-yaml v2 (so numbers become `int`, `uint64`
//! or `float64` as the JSON text reads) and re-emitted by go-yaml v2's emitter (a port of
//! libyaml): keys sorted with go-yaml's "natural" order, 2-space indentation, sequences inside
//! mappings not indented, strings quoted when they would read back as another type, plain and
//! quoted strings folded at column 80, multi-line strings as literal blocks. This module
//! reproduces that emitter for the JSON-like trees `toYaml` sees, and marks every scalar that
//! came from a values file.

use std::cmp::Ordering;
use std::sync::Arc;

use super::super::budget;
use super::super::value::{Dict, MarkKind, Str, StrBuilder, Value};
use crate::source::Span;

/// Deepest nesting `toYaml`/`toJson` follow (Go's encoder reports a cycle past 1000 levels).
pub const MAX_DEPTH: usize = 1000;

/// A node of the JSON round trip: what go-yaml v2 decodes the JSON text of a value into.
enum Y {
    Null,
    Plain(String),
    Str(String),
    Seq(Vec<YNode>),
    Map(Vec<(String, YNode)>),
}

struct YNode {
    y: Y,
    origin: Option<Span>,
}

/// Converts a value to the tree go-yaml sees after the JSON round trip (metered: see the
/// `budget` module).
fn to_y(v: &Value, depth: usize) -> Result<YNode, String> {
    if depth > MAX_DEPTH {
        return Err("json: unsupported value: encountered a cycle".into());
    }
    let text = match v {
        Value::Str(s) => s.text.len(),
        _ => 0,
    };
    if !budget::spend(budget::NODE.saturating_add(text)) {
        return Err(budget::EXCEEDED.into());
    }
    let origin = v.origin();
    let y = match v {
        Value::Nil | Value::Object(_) => Y::Null,
        Value::Bool(b, _) => Y::Plain(if *b { "true" } else { "false" }.into()),
        Value::Int(i, _) | Value::Int64(i, _) => Y::Plain(i.to_string()),
        Value::Float(f, _) => {
            let json = go_json_float(*f)?;
            Y::Plain(yaml_number_from_json(&json))
        }
        Value::Str(s) => Y::Str(s.text.to_string()),
        Value::List(items, _) => Y::Seq(
            items
                .iter()
                .map(|i| to_y(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(d, _) => {
            let entries = d.snapshot();
            let mut out: Vec<(String, YNode)> = Vec::with_capacity(entries.len());
            for (k, v) in entries.iter() {
                if !budget::spend(k.len().saturating_add(std::mem::size_of::<String>())) {
                    return Err(budget::EXCEEDED.into());
                }
                out.push((k.clone(), to_y(v, depth + 1)?));
            }
            out.sort_by(|a, b| yaml_key_cmp(&a.0, &b.0));
            Y::Map(out)
        }
    };
    Ok(YNode { y, origin })
}

/// go-yaml v2's key order (`keyList.Less`) for string keys: runs of digits compare as numbers,
/// letters sort after non-letters.
pub fn yaml_key_cmp(a: &str, b: &str) -> Ordering {
    if yaml_key_less(a, b) {
        Ordering::Less
    } else if yaml_key_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn yaml_key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

// ---------------------------------------------------------------------------------------------
// Go number formatting

/// The shortest decimal digits of `f` (positive, finite, non-zero) and the decimal point
/// position: `f = 0.DIGITS × 10^dp`.
fn shortest_digits(f: f64) -> (String, i32) {
    let s = format!("{:e}", f.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (digits.to_string(), exp + 1)
}

fn fmt_e(neg: bool, digits: &str, dp: i32) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    let exp = dp - 1;
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&e.to_string());
    out
}

fn fmt_f(neg: bool, digits: &str, dp: i32) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if dp <= 0 {
        out.push_str("0.");
        for _ in 0..(-dp) {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let dp = dp as usize;
        if digits.len() <= dp {
            out.push_str(digits);
            for _ in digits.len()..dp {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..dp]);
            out.push('.');
            out.push_str(&digits[dp..]);
        }
    }
    out
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`: what `{{ 1.5 }}` and `%v` print (`1e+06`).
pub fn go_format_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let (digits, dp) = shortest_digits(f);
    let exp = dp - 1;
    if !(-4..6).contains(&exp) {
        return fmt_e(f < 0.0, &digits, dp);
    }
    fmt_f(f < 0.0, &digits, dp)
}

/// Go's `strconv.FormatFloat(f, 'f', -1, 64)`.
pub fn go_format_f(f: f64) -> String {
    if !f.is_finite() {
        return go_format_g(f);
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let (digits, dp) = shortest_digits(f);
    fmt_f(f < 0.0, &digits, dp)
}

/// A float as Go's `encoding/json` writes it (`3`, `1.5`, `1e+21`, `1e-7`); an error for NaN
/// and infinities, as `json.Marshal` fails on them.
pub fn go_json_float(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        return Err(format!("json: unsupported value: {}", go_format_g(f)));
    }
    if f == 0.0 {
        return Ok(if f.is_sign_negative() { "-0" } else { "0" }.into());
    }
    let a = f.abs();
    if !(1e-6..1e21).contains(&a) {
        let (digits, dp) = shortest_digits(f);
        let mut s = fmt_e(f < 0.0, &digits, dp);
        // Go cleans e-09 to e-9.
        let n = s.len();
        if n >= 4 && &s[n - 4..n - 2] == "e-" && &s[n - 2..n - 1] == "0" {
            s.remove(n - 2);
        }
        Ok(s)
    } else {
        Ok(go_format_f(f))
    }
}

/// How go-yaml v2 re-emits a JSON number it decoded: as an `int`/`uint64` when the text is an
/// integer that fits, else as a `float64` printed with `%g`.
fn yaml_number_from_json(json: &str) -> String {
    if let Ok(i) = json.parse::<i64>() {
        return i.to_string();
    }
    if let Ok(u) = json.parse::<u64>() {
        return u.to_string();
    }
    match json.parse::<f64>() {
        Ok(f) => go_format_g(f),
        Err(_) => json.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Scalar resolution (would a plain scalar read back as something else than a string?)

fn is_go_int(s: &str) -> bool {
    let body = s
        .strip_prefix('-')
        .or_else(|| s.strip_prefix('+'))
        .unwrap_or(s);
    let (digits, radix) =
        if let Some(r) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (r, 16)
        } else if let Some(r) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (r, 2)
        } else if let Some(r) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (r, 8)
        } else if body.len() > 1 && body.starts_with('0') {
            (&body[1..], 8)
        } else {
            (body, 10)
        };
    if digits.is_empty() {
        return false;
    }
    // Overflow of int64 falls back to uint64 (unsigned only) or float: both non-strings, except
    // a negative value past int64 that is not a float either (it still matches the float regex
    // only in base 10).
    u128::from_str_radix(digits, radix).is_ok_and(|v| {
        let neg = s.starts_with('-');
        if neg {
            v <= 1u128 << 63
        } else {
            v <= u128::from(u64::MAX)
        }
    })
}

fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let start = i;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let d = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == d {
            return false;
        }
    } else {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let d = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == d {
            return false;
        }
    }
    i == b.len()
}

fn go_parse_float_ok(s: &str) -> bool {
    // Go's ParseFloat fails on out-of-range values; Rust returns inf.
    s.parse::<f64>().is_ok_and(|f| f.is_finite())
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    // YYYY-M-D, then optionally [Tt ]h:m:s(.frac)?(Z|±hh:mm)? (zone required with T/t).
    let rest = &s[5..];
    let (date, time) = match rest.find(['T', 't', ' ']) {
        Some(i) => (&rest[..i], Some((rest.as_bytes()[i], &rest[i + 1..]))),
        None => (rest, None),
    };
    let Some((m, d)) = date.split_once('-') else {
        return false;
    };
    let num12 = |x: &str| (1..=2).contains(&x.len()) && x.bytes().all(|c| c.is_ascii_digit());
    if !num12(m) || !num12(d) {
        return false;
    }
    let (mo, da): (u32, u32) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    let year: i32 = s[..4].parse().unwrap_or(0);
    if !(1..=12).contains(&mo) || da < 1 || da > days_in_month(year, mo) {
        return false;
    }
    let Some((sep, time)) = time else {
        return true;
    };
    let (clock, zone) = if sep == b' ' {
        (time, None)
    } else if let Some(c) = time.strip_suffix('Z') {
        (c, Some(""))
    } else if let Some(i) = time.rfind(['+', '-']) {
        (&time[..i], Some(&time[i..]))
    } else {
        return false;
    };
    if let Some(z) = zone {
        if !z.is_empty() {
            let zb = z.as_bytes();
            if zb.len() != 6
                || zb[3] != b':'
                || !zb[1..3].iter().all(u8::is_ascii_digit)
                || !zb[4..6].iter().all(u8::is_ascii_digit)
            {
                return false;
            }
        }
    }
    let (hms, frac) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    let parts: Vec<&str> = hms.split(':').collect();
    if parts.len() != 3 || !parts.iter().all(|p| num12(p)) {
        return false;
    }
    let h: u32 = parts[0].parse().unwrap_or(99);
    let mi: u32 = parts[1].parse().unwrap_or(99);
    let se: u32 = parts[2].parse().unwrap_or(99);
    h < 24 && mi < 60 && se < 60
}

/// Days in `month` of `year` (proleptic Gregorian).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !(b[0] == b'+' || b[0] == b'-' || b[0].is_ascii_digit()) || !s.contains(':')
    {
        return false;
    }
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$").ok())
        .as_ref()
        .is_some_and(|re| re.is_match(s))
}

/// Whether go-yaml v2 would read `s`, written plain, as something other than a string.
pub fn resolves_to_non_string(s: &str) -> bool {
    const MAP: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
        "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF",
    ];
    let Some(&c) = s.as_bytes().first() else {
        return true;
    };
    let hint = match c {
        b'+' | b'-' => 'S',
        b'0'..=b'9' => 'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => 'M',
        b'.' => '.',
        _ => return false,
    };
    if MAP.contains(&s) {
        return true;
    }
    match hint {
        '.' => go_parse_float_ok(s),
        'D' | 'S' => {
            if is_timestamp(s) {
                return true;
            }
            let plain = s.replace('_', "");
            if is_go_int(&plain) {
                return true;
            }
            is_yaml_style_float(&plain) && go_parse_float_ok(&plain)
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// The emitter

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

struct Analysis {
    multiline: bool,
    flow_plain: bool,
    block_plain: bool,
    single: bool,
    block: bool,
}

fn is_printable(c: char) -> bool {
    let c = c as u32;
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (0xA0..=0xD7FF).contains(&c)
        || ((0xE000..=0xFFFD).contains(&c) && c != 0xFEFF)
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain: false,
            block_plain: true,
            single: true,
            block: false,
        };
    }
    let chars: Vec<char> = value.chars().collect();
    let (mut block_ind, mut flow_ind, mut line_breaks, mut special) = (false, false, false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    if value.starts_with("---") || value.starts_with("...") {
        block_ind = true;
        flow_ind = true;
    }
    let mut preceded_by_ws = true;
    let n = chars.len();
    for i in 0..n {
        let c = chars[i];
        let followed_by_ws =
            i + 1 >= n || chars[i + 1] == ' ' || chars[i + 1] == '\t' || is_break(chars[i + 1]);
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_ind = true;
                    block_ind = true;
                }
                '?' | ':' => {
                    flow_ind = true;
                    if followed_by_ws {
                        block_ind = true;
                    }
                }
                '-' if followed_by_ws => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_ind = true,
                ':' => {
                    flow_ind = true;
                    if followed_by_ws {
                        block_ind = true;
                    }
                }
                '#' if preceded_by_ws => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            prev_space = true;
            prev_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_by_ws = c == ' ' || c == '\t' || is_break(c);
    }
    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain: true,
        block_plain: true,
        single: true,
        block: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain = false;
        a.block_plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.flow_plain = false;
        a.block_plain = false;
        a.single = false;
    }
    if space_break || special {
        a.flow_plain = false;
        a.block_plain = false;
        a.single = false;
        a.block = false;
    }
    if line_breaks {
        a.flow_plain = false;
        a.block_plain = false;
    }
    if flow_ind {
        a.flow_plain = false;
    }
    if block_ind {
        a.block_plain = false;
    }
    a
}

const BEST_WIDTH: usize = 80;
const BEST_INDENT: i64 = 2;

struct Emitter {
    out: StrBuilder,
    column: usize,
    indent: i64,
    indents: Vec<i64>,
    whitespace: bool,
    indention: bool,
    flow_level: usize,
    mapping_context: bool,
    simple_key_context: bool,
    /// Length of `out` already metered.
    seen: usize,
    /// The budget is spent: emit nothing more.
    stopped: bool,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.text.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.text.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, ind: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in ind.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn node(&mut self, n: &YNode, mapping: bool, simple_key: bool) {
        if self.stopped || !budget::spend_written(&self.out.text, &mut self.seen) {
            self.stopped = true;
            return;
        }
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match &n.y {
            Y::Null => self.scalar("null", true, n.origin),
            Y::Plain(s) => self.scalar(s, true, n.origin),
            Y::Str(s) => {
                let plain_ok = !resolves_to_non_string(s) && !is_base60_float(s);
                self.scalar_str(s, plain_ok, n.origin)
            }
            Y::Seq(items) if items.is_empty() => self.empty_flow("[]", n.origin),
            Y::Map(entries) if entries.is_empty() => self.empty_flow("{}", n.origin),
            Y::Seq(items) => {
                let indentless = self.mapping_context && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    if self.stopped {
                        break;
                    }
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, false, false);
                }
                self.pop_indent();
            }
            Y::Map(entries) => {
                self.increase_indent(false, false);
                for (k, v) in entries {
                    if self.stopped {
                        break;
                    }
                    self.write_indent();
                    let a = analyze(k);
                    let simple = !a.multiline && k.len() <= 128;
                    let key = YNode {
                        y: Y::Str(k.clone()),
                        origin: None,
                    };
                    if simple {
                        self.node(&key, true, true);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.node(&key, true, false);
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(v, true, false);
                }
                self.pop_indent();
            }
        }
    }

    fn empty_flow(&mut self, s: &str, origin: Option<Span>) {
        // `{`/`[` need a space before them; the closing indicator follows directly.
        let start_ws = self.whitespace;
        if !start_ws {
            self.put(' ');
        }
        let start = self.out.text.len();
        for c in s.chars() {
            self.put(c);
        }
        self.mark(start, origin);
        self.whitespace = false;
        self.indention = false;
    }

    fn mark(&mut self, start: usize, origin: Option<Span>) {
        if let Some(span) = origin {
            let end = self.out.text.len();
            if end > start {
                self.out.marks.push(super::super::value::Mark {
                    start: start as u32,
                    end: end as u32,
                    span,
                    kind: MarkKind::Value,
                });
            }
        }
    }

    fn scalar(&mut self, s: &str, _plain: bool, origin: Option<Span>) {
        self.increase_indent(true, false);
        if !self.whitespace {
            self.put(' ');
        }
        let start = self.out.text.len();
        for c in s.chars() {
            self.put(c);
        }
        self.mark(start, origin);
        self.whitespace = false;
        self.indention = false;
        self.pop_indent();
    }

    fn scalar_str(&mut self, s: &str, can_plain: bool, origin: Option<Span>) {
        let a = analyze(s);
        let mut style = if s.contains('\n') {
            Style::Literal
        } else if can_plain {
            Style::Plain
        } else {
            Style::Double
        };
        if self.simple_key_context && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain {
            if (self.flow_level > 0 && !a.flow_plain) || (self.flow_level == 0 && !a.block_plain) {
                style = Style::Single;
            }
            if s.is_empty() && (self.flow_level > 0 || self.simple_key_context) {
                style = Style::Single;
            }
        }
        if style == Style::Single && !a.single {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block || self.flow_level > 0 || self.simple_key_context) {
            style = Style::Double;
        }
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        let chars: Vec<char> = s.chars().collect();
        let start: usize;
        match style {
            Style::Plain => {
                if !self.whitespace {
                    self.put(' ');
                }
                start = self.out.text.len();
                let mut spaces = false;
                for (i, &c) in chars.iter().enumerate() {
                    if c == ' ' {
                        if allow_breaks
                            && !spaces
                            && self.column > BEST_WIDTH
                            && chars.get(i + 1) != Some(&' ')
                        {
                            self.write_indent();
                        } else {
                            self.put(c);
                        }
                        spaces = true;
                    } else {
                        self.put(c);
                        self.indention = false;
                        spaces = false;
                    }
                }
                self.whitespace = false;
                self.indention = false;
            }
            Style::Single => {
                self.write_indicator("'", true, false, false);
                start = self.out.text.len() - 1;
                let mut spaces = false;
                let n = chars.len();
                for (i, &c) in chars.iter().enumerate() {
                    if c == ' ' {
                        if allow_breaks
                            && !spaces
                            && self.column > BEST_WIDTH
                            && i > 0
                            && i + 1 < n
                            && chars.get(i + 1) != Some(&' ')
                        {
                            self.write_indent();
                        } else {
                            self.put(c);
                        }
                        spaces = true;
                    } else {
                        if c == '\'' {
                            self.put('\'');
                        }
                        self.put(c);
                        self.indention = false;
                        spaces = false;
                    }
                }
                self.write_indicator("'", false, false, false);
                self.whitespace = false;
                self.indention = false;
            }
            Style::Double => {
                self.write_indicator("\"", true, false, false);
                start = self.out.text.len() - 1;
                let mut spaces = false;
                let n = chars.len();
                for (i, &c) in chars.iter().enumerate() {
                    if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                        self.put('\\');
                        let v = c as u32;
                        match v {
                            0x00 => self.put('0'),
                            0x07 => self.put('a'),
                            0x08 => self.put('b'),
                            0x09 => self.put('t'),
                            0x0A => self.put('n'),
                            0x0B => self.put('v'),
                            0x0C => self.put('f'),
                            0x0D => self.put('r'),
                            0x1B => self.put('e'),
                            0x22 => self.put('"'),
                            0x5C => self.put('\\'),
                            0x85 => self.put('N'),
                            0xA0 => self.put('_'),
                            0x2028 => self.put('L'),
                            0x2029 => self.put('P'),
                            _ => {
                                let (p, w) = if v <= 0xFF {
                                    ('x', 2)
                                } else if v <= 0xFFFF {
                                    ('u', 4)
                                } else {
                                    ('U', 8)
                                };
                                self.put(p);
                                for k in (0..w).rev() {
                                    let d = (v >> (k * 4)) & 0xF;
                                    let ch =
                                        char::from_digit(d, 16).unwrap_or('0').to_ascii_uppercase();
                                    self.put(ch);
                                }
                            }
                        }
                        spaces = false;
                    } else if c == ' ' {
                        if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < n
                        {
                            self.write_indent();
                            if chars.get(i + 1) == Some(&' ') {
                                self.put('\\');
                            }
                        } else {
                            self.put(c);
                        }
                        spaces = true;
                    } else {
                        self.put(c);
                        spaces = false;
                    }
                }
                self.write_indicator("\"", false, false, false);
                self.whitespace = false;
                self.indention = false;
            }
            Style::Literal => {
                self.write_indicator("|", true, false, false);
                start = self.out.text.len() - 1;
                // Block scalar hints.
                if chars.first().is_some_and(|&c| c == ' ' || is_break(c)) {
                    self.put('2');
                }
                let last = chars.last().copied().unwrap_or(' ');
                if !is_break(last) {
                    self.put('-');
                } else if chars.len() == 1
                    || chars.get(chars.len() - 2).is_some_and(|&c| is_break(c))
                {
                    self.put('+');
                }
                self.put_break();
                self.indention = true;
                self.whitespace = true;
                let mut breaks = true;
                for &c in &chars {
                    if is_break(c) {
                        self.put_break();
                        self.indention = true;
                        breaks = true;
                    } else {
                        if breaks {
                            self.write_indent();
                        }
                        self.put(c);
                        self.indention = false;
                        breaks = false;
                    }
                }
            }
        }
        self.mark(start, origin);
        self.pop_indent();
    }
}

/// go-yaml v2 output for `v` after the JSON round trip (with its final newline), and the marks
/// of the scalars that came from values files.
pub fn marshal(v: &Value) -> Result<Str, String> {
    let root = to_y(v, 0)?;
    let mut e = Emitter {
        out: StrBuilder::new(),
        column: 0,
        indent: -1,
        indents: Vec::new(),
        whitespace: true,
        indention: true,
        flow_level: 0,
        mapping_context: false,
        simple_key_context: false,
        seen: 0,
        stopped: false,
    };
    e.node(&root, false, false);
    // Document end: a final line break.
    e.write_indent();
    if e.stopped || !budget::spend_written(&e.out.text, &mut e.seen) {
        return Err(budget::EXCEEDED.into());
    }
    Ok(e.out.finish())
}

/// Helm's `toYaml`: [`marshal`] without the final newline; `""` on error.
pub fn to_yaml(v: &Value) -> Str {
    match marshal(v) {
        Ok(s) => trim_final_newline(s),
        Err(_) => Str::plain(""),
    }
}

/// Helm's `mustToYaml`.
pub fn must_to_yaml(v: &Value) -> Result<Str, String> {
    marshal(v).map(trim_final_newline)
}

fn trim_final_newline(s: Str) -> Str {
    match s.text.strip_suffix('\n') {
        Some(t) => {
            let len = t.len() as u32;
            let marks: Vec<_> = s
                .marks
                .iter()
                .filter(|m| m.start < len)
                .map(|m| super::super::value::Mark {
                    end: m.end.min(len),
                    ..*m
                })
                .collect();
            Str {
                text: Arc::from(t),
                marks: Arc::from(marks),
            }
        }
        None => s,
    }
}

// ---------------------------------------------------------------------------------------------
// fromYaml

/// Parses YAML text into values as `sigs.k8s.io/yaml.Unmarshal` does (numbers are float64,
/// no provenance). `Ok(None)` for an empty document.
pub fn parse(text: &str) -> Result<Option<Value>, String> {
    let file = crate::source::SourceFile::new("fromYaml", "fromYaml", text.to_string());
    let docs = crate::source::yaml::parse_yaml(&file, &crate::source::Limits::default())
        .map_err(|e| format!("error converting YAML to JSON: yaml: {}", e.message))?;
    Ok(docs.first().map(|n| strip_origin(&Value::from_node(n, 0))))
}

/// The value without any provenance (origins and marks dropped, maps copied).
pub fn strip_origin(v: &Value) -> Value {
    match v {
        Value::Nil => Value::Nil,
        Value::Bool(b, _) => Value::Bool(*b, None),
        Value::Int(i, _) => Value::Int(*i, None),
        Value::Int64(i, _) => Value::Int64(*i, None),
        Value::Float(f, _) => Value::Float(*f, None),
        Value::Str(s) => Value::str(s.text.clone()),
        Value::List(l, _) => Value::List(Arc::new(l.iter().map(strip_origin).collect()), None),
        Value::Map(m, _) => Value::Map(
            Dict::new(
                m.read()
                    .iter()
                    .map(|(k, v)| (k.clone(), strip_origin(v)))
                    .collect(),
            ),
            None,
        ),
        Value::Object(o) => Value::Object(o.clone()),
    }
}
