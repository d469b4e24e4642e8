//! Go's `fmt` printing of template values: `%v`, `Sprint`, `Sprintln`, `Sprintf`.

use super::super::budget;
use super::super::value::{Str, StrBuilder, Value};

/// How deep `%v` descends into nested lists and maps (a map may contain itself).
const MAX_PRINT_DEPTH: usize = 100;

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(s: &str) -> String {
    format!(
        "\"{}\"",
        crate::render::helm::funcs::strings::go_quote_body(s)
    )
}

/// Go's `strconv.QuoteRune`.
fn go_quote_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        _ => {
            let q = go_quote(&c.to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

/// Decimal digits and exponent of `f` (positive, finite, non-zero): `digits` × 10^(exp-len).
/// With `prec` = None: shortest round-trip digits; Some(n): n significant digits.
fn decimal(f: f64, prec: Option<usize>) -> (String, i32) {
    let s = match prec {
        None => format!("{:e}", f),
        Some(p) => format!("{:.*e}", p.saturating_sub(1), f),
    };
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    // dp: position of the decimal point relative to the digits.
    (digits, exp + 1)
}

fn fmt_exp(exp: i32, upper: bool) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!(
        "{}{}{:02}",
        if upper { 'E' } else { 'e' },
        sign,
        exp.unsigned_abs()
    )
}

/// Go's `strconv.FormatFloat(f, verb, prec, 64)` for verbs e, E, f, F, g, G (prec -1 =
/// shortest).
pub(crate) fn format_float(f: f64, verb: char, prec: i64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let neg = f.is_sign_negative();
    let a = f.abs();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    match verb {
        'f' | 'F' => {
            if prec < 0 {
                // Shortest digits, no exponent.
                if a == 0.0 {
                    out.push('0');
                } else {
                    let (d, dp) = decimal(a, None);
                    out.push_str(&digits_f(&d, dp, None));
                }
            } else {
                out.push_str(&format!("{:.*}", prec as usize, a));
            }
        }
        'e' | 'E' => {
            let upper = verb == 'E';
            let (d, dp) = if a == 0.0 {
                let n = if prec < 0 { 1 } else { prec as usize + 1 };
                ("0".repeat(n), 1)
            } else if prec < 0 {
                decimal(a, None)
            } else {
                decimal(a, Some(prec as usize + 1))
            };
            out.push_str(&digits_e(&d, dp, upper));
        }
        _ => {
            // 'g' / 'G' / 'v'
            let upper = verb == 'G';
            let shortest = prec < 0;
            let (mut d, dp) = if a == 0.0 {
                ("0".to_string(), 1)
            } else if shortest {
                decimal(a, None)
            } else {
                decimal(a, Some(if prec == 0 { 1 } else { prec as usize }))
            };
            // Go's decimal has no trailing zeros.
            while d.len() > 1 && d.ends_with('0') {
                d.pop();
            }
            let mut eprec = if shortest {
                6
            } else if prec == 0 {
                1
            } else {
                prec as i32
            };
            if !shortest && eprec > d.len() as i32 && d.len() as i32 >= dp {
                eprec = d.len() as i32;
            }
            let exp = dp - 1;
            if exp < -4 || exp >= eprec {
                out.push_str(&digits_e(&d, dp, upper));
            } else {
                out.push_str(&digits_f(&d, dp, None));
            }
        }
    }
    out
}

/// `d.ddde±XX` from digits and decimal point position.
fn digits_e(d: &str, dp: i32, upper: bool) -> String {
    let mut s = String::new();
    s.push_str(&d[..1]);
    if d.len() > 1 {
        s.push('.');
        s.push_str(&d[1..]);
    }
    let exp = if d.bytes().all(|b| b == b'0') {
        0
    } else {
        dp - 1
    };
    s.push_str(&fmt_exp(exp, upper));
    s
}

/// Plain decimal notation from digits and decimal point position.
fn digits_f(d: &str, dp: i32, _prec: Option<usize>) -> String {
    let mut s = String::new();
    if dp <= 0 {
        s.push_str("0.");
        for _ in 0..(-dp) {
            s.push('0');
        }
        s.push_str(d);
    } else if dp as usize >= d.len() {
        s.push_str(d);
        for _ in 0..(dp as usize - d.len()) {
            s.push('0');
        }
    } else {
        s.push_str(&d[..dp as usize]);
        s.push('.');
        s.push_str(&d[dp as usize..]);
    }
    s
}

/// Go's `%v` of a value (nil prints `<nil>`). Inside a metered function call it spends per
/// node and byte written, and stops early once the budget is spent (see the `budget` module).
pub(crate) fn fmt_v(v: &Value, out: &mut String) {
    let mut seen = out.len();
    fmt_verb_value(v, 'v', &Flags::default(), out, &mut seen, 0);
}

/// `%v` of a value as a string.
pub(crate) fn to_v(v: &Value) -> String {
    let mut s = String::new();
    fmt_v(v, &mut s);
    s
}

/// Go's `fmt.Sprint`: spaces between operands when neither is a string.
pub(crate) fn sprint(args: &[Value]) -> Str {
    let mut b = StrBuilder::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        if budget::exhausted() {
            break;
        }
        let is_string = matches!(a, Value::Str(_));
        if i > 0 && !is_string && !prev_string {
            b.push_plain(" ");
        }
        push_v(&mut b, a);
        prev_string = is_string;
    }
    b.finish()
}

/// Go's `fmt.Sprintln`: spaces always, a newline at the end.
pub(crate) fn sprintln(args: &[Value]) -> Str {
    let mut b = StrBuilder::new();
    for (i, a) in args.iter().enumerate() {
        if budget::exhausted() {
            break;
        }
        if i > 0 {
            b.push_plain(" ");
        }
        push_v(&mut b, a);
    }
    b.push_plain("\n");
    b.finish()
}

fn push_v(b: &mut StrBuilder, a: &Value) {
    match a {
        Value::Str(s) => b.push_str(s),
        // Unmarked text, written (and metered) in place.
        other => fmt_v(other, &mut b.text),
    }
}

#[derive(Default, Clone)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    wid: Option<usize>,
    prec: Option<usize>,
}

impl Flags {
    fn pad(&self, s: &str, out: &mut String) {
        let n = s.chars().count();
        let w = self.wid.unwrap_or(0);
        if n >= w {
            out.push_str(s);
            return;
        }
        let fill = w - n;
        if self.minus {
            out.push_str(s);
            out.extend(std::iter::repeat_n(' ', fill));
        } else {
            let c = if self.zero { '0' } else { ' ' };
            out.extend(std::iter::repeat_n(c, fill));
            out.push_str(s);
        }
    }

    /// Pads a number: zero padding goes after the sign.
    fn pad_num(&self, s: &str, out: &mut String) {
        let w = self.wid.unwrap_or(0);
        if self.zero && !self.minus && s.len() < w {
            let (sign, rest) = match s.as_bytes().first() {
                Some(b'+' | b'-' | b' ') => s.split_at(1),
                _ => ("", s),
            };
            out.push_str(sign);
            out.extend(std::iter::repeat_n('0', w - s.len()));
            out.push_str(rest);
        } else {
            let mut f = self.clone();
            f.zero = false;
            f.pad(s, out);
        }
    }
}

fn bad_verb(v: &Value, verb: char, out: &mut String) {
    out.push_str("%!");
    out.push(verb);
    out.push('(');
    match v {
        Value::Nil => out.push_str("<nil>"),
        _ => {
            out.push_str(v.type_name());
            out.push('=');
            fmt_v(v, out);
        }
    }
    out.push(')');
}

fn fmt_int(i: i64, verb: char, f: &Flags, out: &mut String, v: &Value) {
    let (base, upper) = match verb {
        'v' | 'd' => (10, false),
        'b' => (2, false),
        'o' | 'O' => (8, false),
        'x' => (16, false),
        'X' => (16, true),
        'c' => {
            let c = char::from_u32(i as u32).unwrap_or('\u{fffd}');
            f.pad(&c.to_string(), out);
            return;
        }
        'q' => {
            let c = char::from_u32(i as u32).unwrap_or('\u{fffd}');
            f.pad(&go_quote_rune(c), out);
            return;
        }
        'U' => {
            let s = format!("U+{:04X}", i);
            f.pad(&s, out);
            return;
        }
        _ => {
            bad_verb(v, verb, out);
            return;
        }
    };
    let neg = i < 0;
    let u = i.unsigned_abs();
    let mut digits = match base {
        2 => format!("{:b}", u),
        8 => format!("{:o}", u),
        16 if upper => format!("{:X}", u),
        16 => format!("{:x}", u),
        _ => u.to_string(),
    };
    if let Some(p) = f.prec {
        if p == 0 && u == 0 {
            digits.clear();
        }
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    let mut prefix = String::new();
    if neg {
        prefix.push('-');
    } else if f.plus {
        prefix.push('+');
    } else if f.space {
        prefix.push(' ');
    }
    if f.sharp {
        match (base, verb) {
            (8, _) if !digits.starts_with('0') => prefix.push('0'),
            (16, _) => prefix.push_str(if upper { "0X" } else { "0x" }),
            (2, _) => prefix.push_str("0b"),
            _ => {}
        }
    }
    if verb == 'O' {
        prefix.push_str("0o");
    }
    let s = format!("{prefix}{digits}");
    if f.prec.is_some() {
        let mut g = f.clone();
        g.zero = false;
        g.pad(&s, out);
    } else if f.zero && !f.minus && f.wid.is_some_and(|w| w > s.len()) {
        out.push_str(&prefix);
        out.extend(std::iter::repeat_n('0', f.wid.unwrap_or(0) - s.len()));
        out.push_str(&digits);
    } else {
        f.pad(&s, out);
    }
}

fn fmt_float(x: f64, verb: char, f: &Flags, out: &mut String, v: &Value) {
    let (gverb, prec) = match verb {
        'v' => ('g', -1),
        'g' | 'G' | 'x' | 'X' | 'b' => (verb, -1),
        'f' | 'F' | 'e' | 'E' => (verb, 6),
        _ => {
            bad_verb(v, verb, out);
            return;
        }
    };
    if matches!(gverb, 'x' | 'X' | 'b') {
        bad_verb(v, verb, out);
        return;
    }
    let prec = f.prec.map(|p| p as i64).unwrap_or(prec);
    let mut num = format_float(x, gverb, prec);
    if x.is_nan() || x.is_infinite() {
        if x.is_infinite() && x > 0.0 && !f.plus {
            num = if f.space { " Inf".into() } else { "Inf".into() };
        }
        let mut g = f.clone();
        g.zero = false;
        g.pad(&num, out);
        return;
    }
    if !num.starts_with('-') {
        if f.plus {
            num.insert(0, '+');
        } else if f.space {
            num.insert(0, ' ');
        }
    }
    f.pad_num(&num, out);
}

fn fmt_string(s: &str, verb: char, f: &Flags, out: &mut String, v: &Value) {
    match verb {
        'v' | 's' => {
            let t: String = match f.prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.to_string(),
            };
            f.pad(&t, out);
        }
        'q' => {
            if f.sharp && !s.contains('`') && !s.chars().any(|c| c.is_control() && c != '\t') {
                f.pad(&format!("`{s}`"), out);
            } else {
                f.pad(&go_quote(s), out);
            }
        }
        'x' | 'X' => {
            let mut h = String::new();
            for (i, b) in s.bytes().enumerate() {
                if f.space && i > 0 {
                    h.push(' ');
                }
                if verb == 'x' {
                    h.push_str(&format!("{:02x}", b));
                } else {
                    h.push_str(&format!("{:02X}", b));
                }
            }
            f.pad(&h, out);
        }
        _ => bad_verb(v, verb, out),
    }
}

/// Writes `v` with `verb` to `out`; false once the budget is spent. `seen` is the length of
/// `out` already metered.
fn fmt_verb_value(
    v: &Value,
    verb: char,
    f: &Flags,
    out: &mut String,
    seen: &mut usize,
    depth: usize,
) -> bool {
    if verb == 'T' {
        f.pad(v.type_name(), out);
        return budget::spend_written(out, seen);
    }
    match v {
        Value::Nil => {
            if verb == 'v' || depth > 0 {
                f.pad("<nil>", out);
            } else {
                bad_verb(v, verb, out);
            }
        }
        Value::Bool(b, _) => match verb {
            'v' | 't' => f.pad(if *b { "true" } else { "false" }, out),
            _ => bad_verb(v, verb, out),
        },
        Value::Int(i, _) | Value::Int64(i, _) => fmt_int(*i, verb, f, out, v),
        Value::Float(x, _) => fmt_float(*x, verb, f, out, v),
        Value::Str(s) => fmt_string(&s.text, verb, f, out, v),
        Value::List(l, _) => {
            if depth > MAX_PRINT_DEPTH {
                out.push_str("[...]");
                return budget::spend_written(out, seen);
            }
            out.push('[');
            for (i, e) in l.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                if !fmt_verb_value(e, verb, f, out, seen, depth + 1) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Map(m, _) => {
            if depth > MAX_PRINT_DEPTH {
                out.push_str("map[...]");
                return budget::spend_written(out, seen);
            }
            out.push_str("map[");
            for (i, (k, e)) in m.snapshot().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                fmt_string(k, verb, f, out, &Value::str(k.as_str()));
                out.push(':');
                if !fmt_verb_value(e, verb, f, out, seen, depth + 1) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Object(o) => f.pad(&o.display(), out),
    }
    budget::spend_written(out, seen)
}

/// Go's `fmt.Sprintf`. `%s`/`%v` of a string with no width or precision keeps its marks.
pub(crate) fn sprintf(format: &str, args: &[Value]) -> Str {
    // Everything is written to `b` in place: a string printed with `%s` or `%v` keeps its
    // marks, what other verbs print is metered as it is written (literal text is at most the
    // format's length).
    let mut b = StrBuilder::new();
    let bytes = format.as_bytes();
    let mut i = 0;
    let mut argn = 0;
    while i < bytes.len() && !budget::exhausted() {
        let out = &mut b.text;
        let lit_end = format[i..].find('%').map(|x| i + x).unwrap_or(bytes.len());
        out.push_str(&format[i..lit_end]);
        i = lit_end;
        if i >= bytes.len() {
            break;
        }
        i += 1; // '%'
        let mut f = Flags::default();
        while i < bytes.len() {
            match bytes[i] {
                b'#' => f.sharp = true,
                b'0' => f.zero = !f.minus,
                b'+' => f.plus = true,
                b'-' => {
                    f.minus = true;
                    f.zero = false;
                }
                b' ' => f.space = true,
                _ => break,
            }
            i += 1;
        }
        // Width.
        if i < bytes.len() && bytes[i] == b'*' {
            i += 1;
            match args.get(argn) {
                Some(Value::Int(n, _)) | Some(Value::Int64(n, _)) => {
                    let n = *n;
                    if n < 0 {
                        f.minus = true;
                        f.zero = false;
                    }
                    f.wid = Some(n.unsigned_abs().min(1 << 20) as usize);
                }
                _ => out.push_str("%!(BADWIDTH)"),
            }
            argn += 1;
        } else {
            let st = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i > st {
                f.wid = format[st..i].parse::<usize>().ok().map(|w| w.min(1 << 20));
            }
        }
        // Precision.
        if i < bytes.len() && bytes[i] == b'.' {
            i += 1;
            if i < bytes.len() && bytes[i] == b'*' {
                i += 1;
                match args.get(argn) {
                    Some(Value::Int(n, _)) | Some(Value::Int64(n, _)) if *n >= 0 => {
                        f.prec = Some((*n).min(1 << 20) as usize)
                    }
                    _ => out.push_str("%!(BADPREC)"),
                }
                argn += 1;
            } else {
                let st = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                f.prec = Some(format[st..i].parse::<usize>().unwrap_or(0).min(1 << 20));
            }
        }
        if i >= bytes.len() {
            out.push_str("%!(NOVERB)");
            break;
        }
        let verb = format[i..].chars().next().unwrap_or('?');
        i += verb.len_utf8();
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(argn) else {
            out.push_str("%!");
            out.push(verb);
            out.push_str("(MISSING)");
            continue;
        };
        argn += 1;
        match arg {
            Value::Str(s) if matches!(verb, 's' | 'v') && f.wid.is_none() && f.prec.is_none() => {
                b.push_str(s);
            }
            _ => {
                let mut seen = b.text.len();
                fmt_verb_value(arg, verb, &f, &mut b.text, &mut seen, 0);
            }
        }
    }
    if argn < args.len() && !budget::exhausted() {
        let out = &mut b.text;
        out.push_str("%!(EXTRA ");
        for (k, a) in args[argn..].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            match a {
                Value::Nil => out.push_str("<nil>"),
                _ => {
                    out.push_str(a.type_name());
                    out.push('=');
                    fmt_v(a, out);
                }
            }
        }
        out.push(')');
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_go() {
        let v = |f: f64| to_v(&Value::Float(f, None));
        assert_eq!(v(1000000.0), "1e+06");
        assert_eq!(v(100000.0), "100000");
        assert_eq!(v(1.5), "1.5");
        assert_eq!(v(3.0), "3");
        assert_eq!(v(0.0001), "0.0001");
        assert_eq!(v(0.00001), "1e-05");
        assert_eq!(v(123456789.0), "1.23456789e+08");
        assert_eq!(v(-2.5), "-2.5");
        assert_eq!(format_float(1.23456, 'f', 2), "1.23");
        assert_eq!(format_float(1234.5678, 'e', 6), "1.234568e+03");
        assert_eq!(format_float(1.0, 'g', 3), "1");
        assert_eq!(format_float(1234567.0, 'g', 3), "1.23e+06");
    }

    #[test]
    fn printf_quirks() {
        let s = |f: &str, a: &[Value]| sprintf(f, a).as_str().to_string();
        assert_eq!(s("%d", &[Value::str("abc")]), "%!d(string=abc)");
        assert_eq!(s("%s", &[]), "%!s(MISSING)");
        assert_eq!(s("x", &[Value::Int(1, None)]), "x%!(EXTRA int=1)");
        assert_eq!(
            s(
                "%05d|%-4d|%x",
                &[
                    Value::Int(42, None),
                    Value::Int(7, None),
                    Value::Int(255, None)
                ]
            ),
            "00042|7   |ff"
        );
        assert_eq!(s("%.2f", &[Value::Float(1.23456, None)]), "1.23");
        assert_eq!(s("%q", &[Value::str("a\"b")]), "\"a\\\"b\"");
    }
}
