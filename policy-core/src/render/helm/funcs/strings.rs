//! sprig's string functions.

use super::super::budget;
use super::super::value::{Str, StrBuilder, Value};
use super::conv::*;
use super::FuncState;

type R = Result<Value, String>;

fn s(v: Str) -> R {
    Ok(Value::Str(v))
}

fn plain(t: impl Into<std::sync::Arc<str>>) -> R {
    Ok(Value::str(t))
}

fn check_len(n: usize) -> Result<(), String> {
    if n > MAX_BYTES {
        return Err(format!("result too large ({n} bytes)"));
    }
    Ok(())
}

/// `trim`: Go's `strings.TrimSpace`.
pub fn trim(_: &mut FuncState, a: &[Value]) -> R {
    arity("trim", a, 1)?;
    let x = arg_str(a, 0)?;
    let t = &x.text;
    let start = t.len() - t.trim_start().len();
    let end = t.trim_end().len();
    s(sub_str(x, start, end.max(start)))
}

fn trim_set(x: &Str, cut: &str, left: bool, right: bool) -> Str {
    let t = &x.text;
    let pred = |c: char| cut.contains(c);
    let start = if left {
        t.len() - t.trim_start_matches(pred).len()
    } else {
        0
    };
    let end = if right {
        t.trim_end_matches(pred).len()
    } else {
        t.len()
    };
    sub_str(x, start, end.max(start))
}

/// `trimAll CUTSET S` / `trimall`: Go's `strings.Trim`.
pub fn trim_all(_: &mut FuncState, a: &[Value]) -> R {
    arity("trimAll", a, 2)?;
    let cut = arg_str(a, 0)?;
    let x = arg_str(a, 1)?;
    s(trim_set(x, &cut.text, true, true))
}

/// `trimPrefix P S`.
pub fn trim_prefix(_: &mut FuncState, a: &[Value]) -> R {
    arity("trimPrefix", a, 2)?;
    let p = arg_str(a, 0)?;
    let x = arg_str(a, 1)?;
    if x.text.starts_with(&*p.text) {
        s(sub_str(x, p.text.len(), x.text.len()))
    } else {
        s(x.clone())
    }
}

/// `trimSuffix P S`.
pub fn trim_suffix(_: &mut FuncState, a: &[Value]) -> R {
    arity("trimSuffix", a, 2)?;
    let p = arg_str(a, 0)?;
    let x = arg_str(a, 1)?;
    if x.text.ends_with(&*p.text) {
        s(sub_str(x, 0, x.text.len() - p.text.len()))
    } else {
        s(x.clone())
    }
}

/// `upper`.
pub fn upper(_: &mut FuncState, a: &[Value]) -> R {
    arity("upper", a, 1)?;
    let x = arg_str(a, 0)?;
    s(same_shape(x, x.text.to_uppercase()))
}

/// `lower`.
pub fn lower(_: &mut FuncState, a: &[Value]) -> R {
    arity("lower", a, 1)?;
    let x = arg_str(a, 0)?;
    s(same_shape(x, x.text.to_lowercase()))
}

fn is_go_title_sep(c: char) -> bool {
    // Go's strings.Title isSeparator.
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if c.is_alphanumeric() {
        return false;
    }
    c.is_whitespace()
}

/// `title`: Go's deprecated `strings.Title` (first letter of every word upper-cased).
pub fn title(_: &mut FuncState, a: &[Value]) -> R {
    arity("title", a, 1)?;
    let x = arg_str(a, 0)?;
    let mut out = String::with_capacity(x.text.len());
    let mut prev = ' ';
    for c in x.text.chars() {
        if is_go_title_sep(prev) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev = c;
    }
    s(same_shape(x, out))
}

/// `untitle`: lower-cases the first letter of every word (goutils `Uncapitalize`).
pub fn untitle(_: &mut FuncState, a: &[Value]) -> R {
    arity("untitle", a, 1)?;
    let x = arg_str(a, 0)?;
    let mut out = String::with_capacity(x.text.len());
    let mut prev_ws = true;
    for c in x.text.chars() {
        if prev_ws {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        prev_ws = c.is_whitespace();
    }
    s(same_shape(x, out))
}

/// `repeat N S`.
pub fn repeat(_: &mut FuncState, a: &[Value]) -> R {
    arity("repeat", a, 2)?;
    let n = arg_int(a, 0)?;
    let x = arg_str(a, 1)?;
    if n < 0 {
        return Err("strings: negative Repeat count".into());
    }
    check_len((n as usize).saturating_mul(x.text.len()))?;
    plain(x.text.repeat(n as usize))
}

/// `substr START END S` (byte offsets, as Go slices; out of range is an error as Go panics).
pub fn substr(_: &mut FuncState, a: &[Value]) -> R {
    arity("substr", a, 3)?;
    let start = arg_int(a, 0)?;
    let end = arg_int(a, 1)?;
    let x = arg_str(a, 2)?;
    let len = x.text.len() as i64;
    let (lo, hi) = if start < 0 {
        (0, end)
    } else if end < 0 || end > len {
        (start, len)
    } else {
        (start, end)
    };
    if lo < 0 || hi < 0 || hi > len || lo > hi {
        return Err(format!(
            "runtime error: slice bounds out of range [{lo}:{hi}] with length {len}"
        ));
    }
    s(sub_str(x, lo as usize, hi as usize))
}

/// `nospace`: removes every Unicode white space.
pub fn nospace(_: &mut FuncState, a: &[Value]) -> R {
    arity("nospace", a, 1)?;
    let x = arg_str(a, 0)?;
    plain(
        x.text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>(),
    )
}

/// `trunc N S`: the first N bytes, or with N negative the last -N.
pub fn trunc(_: &mut FuncState, a: &[Value]) -> R {
    arity("trunc", a, 2)?;
    let c = arg_int(a, 0)?;
    let x = arg_str(a, 1)?;
    let len = x.text.len() as i64;
    if c < 0 && len + c > 0 {
        return s(sub_str(x, (len + c) as usize, len as usize));
    }
    if c >= 0 && len > c {
        return s(sub_str(x, 0, c as usize));
    }
    s(x.clone())
}

fn abbreviate(x: &str, offset: i64, max: i64) -> String {
    // goutils.AbbreviateFull (rune-free: byte based, as goutils slices strings).
    let abrev = "...";
    let len = x.len() as i64;
    if max < 4 || len <= max {
        return x.to_string();
    }
    let bytes = x.as_bytes();
    let lossy = |a: i64, b: i64| {
        String::from_utf8_lossy(&bytes[a.clamp(0, len) as usize..b.clamp(0, len) as usize])
            .into_owned()
    };
    let mut offset = offset.min(len);
    if len - offset < max - 3 {
        offset = len - (max - 3);
    }
    if offset <= 4 {
        return lossy(0, max - 3) + abrev;
    }
    if max < 7 {
        return x.to_string();
    }
    if offset + max - 3 < len {
        return format!("{abrev}{}", abbreviate(&lossy(offset, len), 0, max - 3));
    }
    format!("{abrev}{}", lossy(len - (max - 3), len))
}

/// `abbrev WIDTH S`: truncates with "..." to WIDTH bytes.
pub fn abbrev(_: &mut FuncState, a: &[Value]) -> R {
    arity("abbrev", a, 2)?;
    let w = arg_int(a, 0)?;
    let x = arg_str(a, 1)?;
    if w < 4 {
        return s(x.clone());
    }
    plain(abbreviate(&x.text, 0, w))
}

/// `abbrevboth LEFT RIGHT S`.
pub fn abbrevboth(_: &mut FuncState, a: &[Value]) -> R {
    arity("abbrevboth", a, 3)?;
    let l = arg_int(a, 0)?;
    let r = arg_int(a, 1)?;
    let x = arg_str(a, 2)?;
    if r < 4 || (l > 0 && r < 7) {
        return s(x.clone());
    }
    plain(abbreviate(&x.text, l, r))
}

/// `initials`: the first letter of every white-space separated word.
pub fn initials(_: &mut FuncState, a: &[Value]) -> R {
    arity("initials", a, 1)?;
    let x = arg_str(a, 0)?;
    let mut out = String::new();
    let mut ws = true;
    for c in x.text.chars() {
        if c.is_whitespace() {
            ws = true;
        } else if ws {
            out.push(c);
            ws = false;
        }
    }
    plain(out)
}

fn rand_from(st: &mut FuncState, name: &str, a: &[Value], set: &[u8]) -> R {
    arity(name, a, 1)?;
    let n = arg_int(a, 0)?;
    if n < 0 {
        return Err(format!("{name}: count must be non-negative"));
    }
    if n as usize > MAX_ELEMS {
        return Err(format!("{name}: count {n} too large"));
    }
    let out: String = (0..n)
        .map(|_| set[(st.next_u64() % set.len() as u64) as usize] as char)
        .collect();
    plain(out)
}

const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const NUM: &[u8] = b"0123456789";
const ASCII: &[u8] = b" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// `randAlphaNum N` (deterministic per render: see [`FuncState`]).
pub fn rand_alpha_num(st: &mut FuncState, a: &[Value]) -> R {
    rand_from(st, "randAlphaNum", a, ALNUM)
}
/// `randAlpha N` (deterministic).
pub fn rand_alpha(st: &mut FuncState, a: &[Value]) -> R {
    rand_from(st, "randAlpha", a, ALPHA)
}
/// `randNumeric N` (deterministic).
pub fn rand_numeric(st: &mut FuncState, a: &[Value]) -> R {
    rand_from(st, "randNumeric", a, NUM)
}
/// `randAscii N` (deterministic).
pub fn rand_ascii(st: &mut FuncState, a: &[Value]) -> R {
    rand_from(st, "randAscii", a, ASCII)
}

/// `shuffle S` (deterministic).
pub fn shuffle(st: &mut FuncState, a: &[Value]) -> R {
    arity("shuffle", a, 1)?;
    let x = arg_str(a, 0)?;
    let mut chars: Vec<char> = x.text.chars().collect();
    for i in (1..chars.len()).rev() {
        let j = (st.next_u64() % (i as u64 + 1)) as usize;
        chars.swap(i, j);
    }
    plain(chars.into_iter().collect::<String>())
}

fn wrap_custom(text: &str, width: i64, sep: &str, wrap_long: bool) -> String {
    // goutils.WrapCustom.
    let width = width.max(1) as usize;
    let mut out = String::new();
    let b = text.as_bytes();
    let len = b.len();
    let mut offset = 0usize;
    // Every line costs a separator: metered (`wrapWith 1 SEP S` is |S| separators).
    let mut seen = 0;
    while len - offset > width && budget::spend_growth(&out, &mut seen) {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let window = &text.as_bytes()[offset..(offset + width + 1).min(len)];
        let space = window.iter().rposition(|&c| c == b' ');
        if let Some(sp) = space.filter(|&p| p > 0) {
            out.push_str(&String::from_utf8_lossy(&b[offset..offset + sp]));
            out.push_str(sep);
            offset += sp + 1;
        } else if wrap_long {
            out.push_str(&String::from_utf8_lossy(&b[offset..offset + width]));
            out.push_str(sep);
            offset += width;
        } else {
            match text[offset..].find(' ').map(|p| p + offset) {
                Some(p) => {
                    out.push_str(&String::from_utf8_lossy(&b[offset..p]));
                    out.push_str(sep);
                    offset = p + 1;
                }
                None => {
                    out.push_str(&String::from_utf8_lossy(&b[offset..]));
                    offset = len;
                }
            }
        }
    }
    out.push_str(&String::from_utf8_lossy(&b[offset.min(len)..]));
    out
}

/// `wrap WIDTH S`: wraps at WIDTH columns with "\n".
pub fn wrap(_: &mut FuncState, a: &[Value]) -> R {
    arity("wrap", a, 2)?;
    let w = arg_int(a, 0)?;
    let x = arg_str(a, 1)?;
    plain(wrap_custom(&x.text, w, "\n", false))
}

/// `wrapWith WIDTH SEP S`.
pub fn wrap_with(_: &mut FuncState, a: &[Value]) -> R {
    arity("wrapWith", a, 3)?;
    let w = arg_int(a, 0)?;
    let sep = arg_str(a, 1)?;
    let x = arg_str(a, 2)?;
    plain(wrap_custom(&x.text, w, &sep.text, true))
}

/// `contains SUB S`.
pub fn contains(_: &mut FuncState, a: &[Value]) -> R {
    arity("contains", a, 2)?;
    Ok(Value::Bool(
        arg_str(a, 1)?.text.contains(&*arg_str(a, 0)?.text),
        None,
    ))
}
/// `hasPrefix P S`.
pub fn has_prefix(_: &mut FuncState, a: &[Value]) -> R {
    arity("hasPrefix", a, 2)?;
    Ok(Value::Bool(
        arg_str(a, 1)?.text.starts_with(&*arg_str(a, 0)?.text),
        None,
    ))
}
/// `hasSuffix P S`.
pub fn has_suffix(_: &mut FuncState, a: &[Value]) -> R {
    arity("hasSuffix", a, 2)?;
    Ok(Value::Bool(
        arg_str(a, 1)?.text.ends_with(&*arg_str(a, 0)?.text),
        None,
    ))
}

/// Go's `strconv.Quote` body (without the quotes).
pub fn go_quote_body(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c == ' ' || (!c.is_control() && !c.is_whitespace() && !is_unprintable(c)) => {
                out.push(c)
            }
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out
}

fn is_unprintable(c: char) -> bool {
    let u = c as u32;
    // Format characters and private use / noncharacters Go's IsPrint rejects (approximation).
    matches!(u, 0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF)
}

fn quote_with(a: &[Value], q: char, go_escape: bool) -> R {
    let mut out = StrBuilder::new();
    let mut first = true;
    for v in a {
        if matches!(v, Value::Nil) {
            continue;
        }
        if !first {
            out.push_plain(" ");
        }
        first = false;
        let st = to_str(v);
        let body = if go_escape {
            go_quote_body(&st.text)
        } else {
            st.text.to_string()
        };
        out.text.push(q);
        if *body == *st.text {
            out.push_str(&st);
        } else if let Some(span) = v.origin() {
            out.push_marked(&body, span, super::super::value::MarkKind::Value);
        } else {
            out.push_plain(&body);
        }
        out.text.push(q);
    }
    s(out.finish())
}

/// `quote`: each non-nil argument printed and quoted with Go's `%q`, joined by spaces.
pub fn quote(_: &mut FuncState, a: &[Value]) -> R {
    quote_with(a, '"', true)
}

/// `squote`: each non-nil argument in single quotes (no escaping).
pub fn squote(_: &mut FuncState, a: &[Value]) -> R {
    quote_with(a, '\'', false)
}

/// `cat`: the non-nil arguments printed and joined by spaces.
pub fn cat(_: &mut FuncState, a: &[Value]) -> R {
    let mut out = StrBuilder::new();
    let mut first = true;
    for v in a.iter().filter(|v| !matches!(v, Value::Nil)) {
        if !first {
            out.push_plain(" ");
        }
        first = false;
        out.push_str(&to_str(v));
    }
    check_len(out.text.len())?;
    s(out.finish())
}

fn indent_str(n: i64, x: &Str, newline: bool) -> Result<Str, String> {
    let n = n.max(0) as usize;
    let lines = x.text.matches('\n').count() + 1;
    check_len(lines.saturating_mul(n).saturating_add(x.text.len()))?;
    let pad = " ".repeat(n);
    let mut out = StrBuilder::new();
    if newline {
        out.push_plain("\n");
    }
    out.push_plain(&pad);
    let mut start = 0;
    for (i, _) in x.text.match_indices('\n') {
        push_range(&mut out, x, start, i + 1);
        out.push_plain(&pad);
        start = i + 1;
    }
    push_range(&mut out, x, start, x.text.len());
    Ok(out.finish())
}

/// `indent N S`: every line of S (also after a final newline) indented by N spaces.
pub fn indent(_: &mut FuncState, a: &[Value]) -> R {
    arity("indent", a, 2)?;
    s(indent_str(arg_int(a, 0)?, arg_str(a, 1)?, false)?)
}

/// `nindent N S`: a newline, then `indent N S`.
pub fn nindent(_: &mut FuncState, a: &[Value]) -> R {
    arity("nindent", a, 2)?;
    s(indent_str(arg_int(a, 0)?, arg_str(a, 1)?, true)?)
}

/// `replace OLD NEW S` (Go's `strings.Replace` with n = -1).
pub fn replace(_: &mut FuncState, a: &[Value]) -> R {
    arity("replace", a, 3)?;
    let old = arg_str(a, 0)?;
    let new = arg_str(a, 1)?;
    let x = arg_str(a, 2)?;
    if old.text.is_empty() {
        // Go inserts NEW before every rune and at the end.
        let n = x.text.chars().count() + 1;
        check_len(
            n.saturating_mul(new.text.len())
                .saturating_add(x.text.len()),
        )?;
        let mut out = String::new();
        for c in x.text.chars() {
            out.push_str(&new.text);
            out.push(c);
        }
        out.push_str(&new.text);
        return plain(out);
    }
    let n = x.text.matches(&*old.text).count();
    if n == 0 {
        return s(x.clone());
    }
    check_len(
        n.saturating_mul(new.text.len())
            .saturating_add(x.text.len()),
    )?;
    plain(x.text.replace(&*old.text, &new.text))
}

/// `plural ONE MANY COUNT`.
pub fn plural(_: &mut FuncState, a: &[Value]) -> R {
    arity("plural", a, 3)?;
    let one = arg_str(a, 0)?;
    let many = arg_str(a, 1)?;
    let n = arg_int(a, 2)?;
    s(if n == 1 { one.clone() } else { many.clone() })
}

// xstrings case conversions ------------------------------------------------------------------

fn is_case_sep(c: char) -> bool {
    matches!(c, '_' | '-' | '.' | ' ') || c.is_whitespace()
}

/// xstrings `ToSnakeCase`/`ToKebabCase` (camel-case aware word splitting).
fn to_delimited(x: &str, del: char) -> String {
    // Port of xstrings.camelCaseToLowerCase.
    let chars: Vec<char> = x.chars().collect();
    let mut out = String::with_capacity(x.len() + 4);
    let mut i = 0;
    // Skip leading separators.
    while i < chars.len() && is_case_sep(chars[i]) {
        i += 1;
    }
    let mut prev_kind = 0u8; // 0 none, 1 lower/digit-after-lower, 2 upper, 3 digit, 4 sep
    let mut pending_sep = false;
    while i < chars.len() {
        let c = chars[i];
        if is_case_sep(c) {
            pending_sep = true;
            i += 1;
            continue;
        }
        if pending_sep {
            if !out.is_empty() {
                out.push(del);
            }
            pending_sep = false;
            prev_kind = 4;
        }
        if c.is_uppercase() {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if !out.is_empty()
                && prev_kind != 4
                && (prev_kind == 1 || prev_kind == 3 || (prev_kind == 2 && next_lower))
            {
                out.push(del);
            }
            out.extend(c.to_lowercase());
            prev_kind = 2;
        } else if c.is_ascii_digit() {
            out.push(c);
            prev_kind = 3;
        } else {
            out.push(c);
            prev_kind = 1;
        }
        i += 1;
    }
    out
}

/// `snakecase`.
pub fn snakecase(_: &mut FuncState, a: &[Value]) -> R {
    arity("snakecase", a, 1)?;
    plain(to_delimited(&arg_str(a, 0)?.text, '_'))
}

/// `kebabcase`.
pub fn kebabcase(_: &mut FuncState, a: &[Value]) -> R {
    arity("kebabcase", a, 1)?;
    plain(to_delimited(&arg_str(a, 0)?.text, '-'))
}

/// `camelcase`: xstrings `ToPascalCase` (words split at `_`, `-`, `.` and spaces, each
/// capitalized).
pub fn camelcase(_: &mut FuncState, a: &[Value]) -> R {
    arity("camelcase", a, 1)?;
    let x = arg_str(a, 0)?;
    let mut out = String::new();
    let mut up = true;
    for c in x.text.chars() {
        if is_case_sep(c) {
            up = true;
            continue;
        }
        if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    plain(out)
}

/// `swapcase`: goutils `SwapCase` (upper to lower; lower to upper, title-casing after space).
pub fn swapcase(_: &mut FuncState, a: &[Value]) -> R {
    arity("swapcase", a, 1)?;
    let x = arg_str(a, 0)?;
    let mut out = String::new();
    let mut ws = true;
    for c in x.text.chars() {
        if c.is_uppercase() || c.is_titlecase_approx() {
            out.extend(c.to_lowercase());
            ws = false;
        } else if c.is_lowercase() {
            if ws {
                out.extend(c.to_uppercase());
                ws = false;
            } else {
                out.extend(c.to_uppercase());
            }
        } else {
            ws = c.is_whitespace();
            out.push(c);
        }
    }
    plain(out)
}

trait TitleCase {
    fn is_titlecase_approx(&self) -> bool;
}
impl TitleCase for char {
    fn is_titlecase_approx(&self) -> bool {
        matches!(*self as u32, 0x1C5 | 0x1C8 | 0x1CB | 0x1F2)
    }
}

/// `split SEP S`: a map `{_0: …, _1: …}`.
pub fn split(_: &mut FuncState, a: &[Value]) -> R {
    arity("split", a, 2)?;
    let sep = arg_str(a, 0)?;
    let x = arg_str(a, 1)?;
    let parts = go_split(&x.text, &sep.text, -1)?;
    Ok(parts_map(parts))
}

/// `splitn SEP N S`.
pub fn splitn(_: &mut FuncState, a: &[Value]) -> R {
    arity("splitn", a, 3)?;
    let sep = arg_str(a, 0)?;
    let n = arg_int(a, 1)?;
    let x = arg_str(a, 2)?;
    let parts = go_split(&x.text, &sep.text, n)?;
    Ok(parts_map(parts))
}

fn parts_map(parts: Vec<String>) -> Value {
    let m = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| (format!("_{i}"), Value::str(p)))
        .collect();
    Value::Map(super::super::value::Dict::new(m), None)
}

/// Go's `strings.SplitN` (n < 0: all; n == 0: none).
pub fn go_split(x: &str, sep: &str, n: i64) -> Result<Vec<String>, String> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let parts: Vec<String> = if sep.is_empty() {
        let chars: Vec<String> = x.chars().map(String::from).collect();
        if n > 0 && (n as usize) < chars.len() {
            let k = n as usize - 1;
            let mut v: Vec<String> = chars[..k].to_vec();
            v.push(chars[k..].concat());
            v
        } else {
            chars
        }
    } else if n > 0 {
        x.splitn(n as usize, sep).map(String::from).collect()
    } else {
        x.split(sep).map(String::from).collect()
    };
    if parts.len() > MAX_ELEMS {
        return Err(format!("split: too many parts ({})", parts.len()));
    }
    Ok(parts)
}

/// `splitList SEP S`.
pub fn split_list(_: &mut FuncState, a: &[Value]) -> R {
    arity("splitList", a, 2)?;
    let sep = arg_str(a, 0)?;
    let x = arg_str(a, 1)?;
    Ok(str_list(go_split(&x.text, &sep.text, -1)?))
}

/// `join SEP LIST`: elements printed (nils dropped) and joined.
pub fn join(_: &mut FuncState, a: &[Value]) -> R {
    arity("join", a, 2)?;
    let sep = arg_str(a, 0)?;
    let mut out = StrBuilder::new();
    for (i, p) in strslice(&a[1]).iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
        if out.text.len() > MAX_BYTES {
            return Err("join: result too large".into());
        }
    }
    s(out.finish())
}

/// `sortAlpha LIST`: elements printed and sorted (a non-list: a one-element list).
pub fn sort_alpha(_: &mut FuncState, a: &[Value]) -> R {
    arity("sortAlpha", a, 1)?;
    let mut v: Vec<Str> = match &a[0] {
        Value::List(..) => strslice(&a[0]),
        other => vec![to_str(other)],
    };
    v.sort_by(|x, y| x.text.cmp(&y.text));
    Ok(list(v.into_iter().map(Value::Str).collect()))
}

/// `toString`.
pub fn to_string(_: &mut FuncState, a: &[Value]) -> R {
    arity("toString", a, 1)?;
    s(to_str(&a[0]))
}

/// `toStrings`.
pub fn to_strings(_: &mut FuncState, a: &[Value]) -> R {
    arity("toStrings", a, 1)?;
    Ok(list(strslice(&a[0]).into_iter().map(Value::Str).collect()))
}
