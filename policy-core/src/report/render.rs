use std::fmt::Write as _;

use crate::document::Document;
use crate::source::{Node, NodeValue};

/// The documents as a JSON array of their values.
pub fn render_json(docs: &[Document]) -> String {
    let values: Vec<serde_json::Value> = docs.iter().map(|d| d.root.to_json()).collect();
    let mut s = serde_json::to_string_pretty(&values).unwrap_or_default();
    s.push('\n');
    s
}

/// The documents as a multi-document YAML stream (`---` before each), with a comment naming the
/// source file of each.
pub fn render_yaml(docs: &[Document]) -> String {
    let mut out = String::new();
    for d in docs {
        let (file, span) = d.resolve(d.root.span);
        let loc = file.location(span.start);
        let _ = writeln!(out, "---\n# Source: {}:{}", file.name(), loc.line);
        emit(&mut out, &d.root, 0, Ctx::Top);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Top,
    MapValue,
    SeqItem,
}

/// A string that reads back as the same string under YAML 1.1 rules can be written plain;
/// anything else is written as a JSON string (valid YAML double-quoted).
fn scalar_str(s: &str) -> String {
    let plain_chars = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./@%+=".contains(c));
    let first_ok = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '_');
    let lower = s.to_ascii_lowercase();
    let reserved = matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "true" | "false" | "on" | "off" | "null" | "~"
    ) || lower.starts_with(".inf")
        || lower.starts_with(".nan");
    if plain_chars && first_ok && !reserved {
        s.to_string()
    } else {
        serde_json::Value::String(s.to_string()).to_string()
    }
}

fn emit(out: &mut String, node: &Node, indent: usize, ctx: Ctx) {
    let pad = " ".repeat(indent);
    match &node.value {
        NodeValue::Map(entries) if !entries.is_empty() => {
            if ctx == Ctx::MapValue {
                out.push('\n');
            }
            for (i, e) in entries.iter().enumerate() {
                if !(ctx == Ctx::SeqItem && i == 0) {
                    out.push_str(&pad);
                }
                out.push_str(&scalar_str(&e.key));
                out.push(':');
                match &e.value.value {
                    NodeValue::Map(m) if !m.is_empty() => {
                        emit(out, &e.value, indent + 2, Ctx::MapValue)
                    }
                    NodeValue::Seq(s) if !s.is_empty() => {
                        emit(out, &e.value, indent, Ctx::MapValue)
                    }
                    _ => {
                        out.push(' ');
                        emit(out, &e.value, indent + 2, Ctx::MapValue);
                    }
                }
            }
        }
        NodeValue::Seq(items) if !items.is_empty() => {
            if ctx == Ctx::MapValue {
                out.push('\n');
            }
            for (i, item) in items.iter().enumerate() {
                if !(ctx == Ctx::SeqItem && i == 0) {
                    out.push_str(&pad);
                }
                out.push_str("- ");
                match &item.value {
                    NodeValue::Map(m) if !m.is_empty() => emit(out, item, indent + 2, Ctx::SeqItem),
                    NodeValue::Seq(s) if !s.is_empty() => emit(out, item, indent + 2, Ctx::SeqItem),
                    _ => emit(out, item, indent + 2, Ctx::SeqItem),
                }
            }
        }
        NodeValue::Map(_) => out.push_str("{}\n"),
        NodeValue::Seq(_) => out.push_str("[]\n"),
        NodeValue::Null => out.push_str("null\n"),
        NodeValue::Bool(b) => {
            let _ = writeln!(out, "{b}");
        }
        NodeValue::Int(i) => {
            let _ = writeln!(out, "{i}");
        }
        NodeValue::Float(f) => {
            let _ = writeln!(out, "{}", serde_json::Value::from(*f));
        }
        NodeValue::String(s) => {
            out.push_str(&scalar_str(s));
            out.push('\n');
        }
    }
}
