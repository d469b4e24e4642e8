//! The OPA `# METADATA` block of a rule file (regorus does not read it, so Tollgate does).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::finding::Severity;
use crate::source::{yaml, Limits, LoadError, Node, NodeValue, SourceFile};

/// What a rule's METADATA block says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleMeta {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `custom.id`: the stable kebab-case id.
    pub id: Option<String>,
    /// `custom.severity`.
    pub severity: Option<Severity>,
    /// `custom.kinds`: the document kinds the rule applies to (`None`: every document).
    pub kinds: Option<Vec<String>>,
    /// `custom.remediation`.
    pub remediation: Option<String>,
    /// `custom.related`: peer tool → its equivalent check id(s).
    pub related: BTreeMap<String, String>,
}

/// Reads the first `# METADATA` block that precedes the `package` line of a Rego file.
/// Returns `Ok(None)` when there is none; a block that is not valid YAML, or has fields of the
/// wrong type, is an error at its line.
pub fn parse_metadata(file_name: &str, text: &str) -> Result<Option<RuleMeta>, LoadError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        if line.starts_with("package ") || line == "package" {
            return Ok(None);
        }
        if line.trim_end() == "# METADATA" {
            let first_line = i + 2; // 1-based line of the block's first YAML line
            let mut yaml_text = String::new();
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim_start().starts_with('#') {
                let l = lines[j].trim_start();
                let l = l
                    .strip_prefix("# ")
                    .or_else(|| l.strip_prefix('#'))
                    .unwrap_or(l);
                yaml_text.push_str(l);
                yaml_text.push('\n');
                j += 1;
            }
            return parse_block(file_name, first_line, yaml_text)
                .map(Some)
                .map_err(|mut e| {
                    e.excerpt = crate::source::line_text(text, e.line);
                    e
                });
        }
        i += 1;
    }
    Ok(None)
}

fn parse_block(
    file_name: &str,
    first_line: usize,
    yaml_text: String,
) -> Result<RuleMeta, LoadError> {
    let shift = |mut e: LoadError| {
        e.file = file_name.to_string();
        if e.line > 0 {
            e.line += first_line - 1;
            e.column += 2;
        }
        e.message = format!("in METADATA: {}", e.message);
        e
    };
    let src: Arc<SourceFile> = SourceFile::new(file_name, file_name, yaml_text);
    let docs = yaml::parse_yaml(&src, &Limits::default()).map_err(shift)?;
    let Some(root) = docs.into_iter().next() else {
        return Ok(RuleMeta::default());
    };
    let err = |node: &Node, msg: String| shift(LoadError::at(&src, node.span.start, msg));
    let string = |node: Option<&Node>, field: &str| -> Result<Option<String>, LoadError> {
        match node {
            None => Ok(None),
            Some(n) => match &n.value {
                NodeValue::String(s) => Ok(Some(s.trim().to_string())),
                NodeValue::Null => Ok(None),
                _ => Err(err(n, format!("`{field}` must be a string"))),
            },
        }
    };
    let mut meta = RuleMeta {
        title: string(root.get("title"), "title")?,
        description: string(root.get("description"), "description")?,
        ..RuleMeta::default()
    };
    if let Some(custom) = root.get("custom") {
        meta.id = string(custom.get("id"), "custom.id")?;
        meta.remediation = string(custom.get("remediation"), "custom.remediation")?;
        if let Some(sev) = custom.get("severity") {
            let s = string(Some(sev), "custom.severity")?.unwrap_or_default();
            meta.severity = Some(s.parse().map_err(|m: String| err(sev, m))?);
        }
        if let Some(kinds) = custom.get("kinds") {
            let items = kinds
                .as_seq()
                .ok_or_else(|| err(kinds, "`custom.kinds` must be a list of kinds".into()))?;
            let mut out = Vec::new();
            for k in items {
                out.push(
                    k.as_str()
                        .ok_or_else(|| err(k, "a kind must be a string".into()))?
                        .to_string(),
                );
            }
            meta.kinds = Some(out);
        }
        if let Some(related) = custom.get("related") {
            if let NodeValue::Map(entries) = &related.value {
                for e in entries {
                    let v = match &e.value.value {
                        NodeValue::String(s) => s.clone(),
                        NodeValue::Seq(items) => items
                            .iter()
                            .filter_map(Node::as_str)
                            .collect::<Vec<_>>()
                            .join(", "),
                        _ => {
                            return Err(err(
                                &e.value,
                                "a related id must be a string or a list".into(),
                            ))
                        }
                    };
                    meta.related.insert(e.key.clone(), v);
                }
            } else if !matches!(related.value, NodeValue::Null) {
                return Err(err(
                    related,
                    "`custom.related` must map tool names to check ids".into(),
                ));
            }
        }
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_block_before_package() {
        let text = "# METADATA\n# title: Privileged container\n# description: >-\n#   Long\n#   text.\n# custom:\n#   id: privileged-container\n#   severity: error\n#   kinds: [Pod, Deployment]\n#   remediation: Drop it.\n#   related:\n#     checkov: CKV_K8S_16\npackage tollgate.k8s.x\n";
        let m = parse_metadata("x.rego", text).unwrap().unwrap();
        assert_eq!(m.id.as_deref(), Some("privileged-container"));
        assert_eq!(m.severity, Some(Severity::Error));
        assert_eq!(
            m.kinds,
            Some(vec!["Pod".to_string(), "Deployment".to_string()])
        );
        assert_eq!(m.description.as_deref(), Some("Long text."));
        assert_eq!(
            m.related.get("checkov").map(String::as_str),
            Some("CKV_K8S_16")
        );
    }

    #[test]
    fn bad_severity_is_an_error_at_its_line() {
        let text = "# METADATA\n# custom:\n#   severity: fatal\npackage x\n";
        let e = parse_metadata("x.rego", text).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("unknown severity"), "{e}");
    }

    #[test]
    fn no_block_is_none() {
        assert_eq!(
            parse_metadata("x.rego", "package main\ndeny contains 1 if true\n").unwrap(),
            None
        );
    }
}
