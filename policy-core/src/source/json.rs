//! Spanned JSON loading. JSON is first checked with `serde_json` (so anything that is not strict
//! JSON — comments, trailing commas, unquoted strings — is an error with its line and column),
//! then read with the YAML event parser, of which JSON is a subset, to get a span for every node.

use super::{yaml, Limits, LoadError, Node, SourceFile};

/// Parses one JSON value with spans. Duplicate keys are errors, as in YAML.
///
/// ```
/// use policy_core::source::{json::parse_json, Limits, SourceFile};
///
/// let file = SourceFile::new("p.json", "p.json", "{\n  \"kind\": \"Pod\"\n}\n".into());
/// let root = parse_json(&file, &Limits::default()).unwrap();
/// assert_eq!(file.location(root.get("kind").unwrap().span.start).line, 2);
/// ```
pub fn parse_json(file: &SourceFile, limits: &Limits) -> Result<Node, LoadError> {
    let text = file.text();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(body) {
        let line = e.line();
        let column = e.column();
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        return Err(LoadError {
            file: file.name().to_string(),
            line,
            column: column.max(1),
            message: format!("invalid JSON: {message}"),
            excerpt: super::line_text(text, line),
            ..LoadError::default()
        });
    }
    let mut docs = yaml::parse_yaml(file, limits)?;
    match docs.len() {
        1 => Ok(docs.remove(0)),
        _ => Ok(Node {
            span: super::Span::new(0, 0),
            value: super::NodeValue::Null,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::NodeValue;

    fn parse(text: &str) -> Result<Node, LoadError> {
        let f = SourceFile::new("t.json", "t.json", text.to_string());
        parse_json(&f, &Limits::default())
    }

    #[test]
    fn json_with_tabs_and_escapes_has_spans() {
        let text = "{\n\t\"kind\": \"Pod\",\n\t\"spec\": {\"hostPID\": true, \"n\": 12345678901, \"s\": \"a\\/b\\u00e9\"}\n}\n";
        let f = SourceFile::new("t.json", "t.json", text.to_string());
        let root = parse_json(&f, &Limits::default()).unwrap();
        let spec = root.get("spec").unwrap();
        assert_eq!(spec.get("hostPID").unwrap().value, NodeValue::Bool(true));
        assert_eq!(spec.get("n").unwrap().value, NodeValue::Int(12345678901));
        assert_eq!(
            spec.get("s").unwrap().value,
            NodeValue::String("a/bé".into())
        );
        assert_eq!(f.location(spec.get("hostPID").unwrap().span.start).line, 3);
        assert_eq!(f.slice(root.get("kind").unwrap().span), "\"Pod\"");
    }

    #[test]
    fn invalid_json_and_duplicates_are_errors() {
        let e = parse("{\n  \"a\": 1,\n}\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.starts_with("invalid JSON"), "{e}");
        let e = parse("{\"a\": 1, // no comments\n\"b\": 2}").unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse("{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("duplicate key"));
    }
}
