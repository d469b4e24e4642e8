//! Go's `encoding/json` text for strings and numbers, byte for byte (what kustomize hashes and
//! what Helm's `toJson` prints).

/// Appends `s` as Go's `json.Marshal` writes a string: `\b` and `\f` short forms, other control
/// characters as `\u00xx`, U+2028 and U+2029 escaped, and with `escape_html` (Go's default)
/// `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`.
pub(crate) fn write_string(s: &str, out: &mut String, escape_html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if escape_html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(crate) use crate::render::helm::funcs::yaml::go_json_float as float;
