use std::fmt::Write as _;

use serde_json::json;

use crate::rules::RuleInfo;

/// The rule catalogue: one line per rule (id, severity, kinds, title), or JSON.
pub fn catalogue(rules: &[RuleInfo], as_json: bool) -> String {
    let mut rules: Vec<&RuleInfo> = rules.iter().collect();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    if as_json {
        let items: Vec<_> = rules
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "severity": r.severity.as_str(), "title": r.meta.title,
                    "description": r.meta.description, "kinds": r.meta.kinds,
                    "remediation": r.meta.remediation, "related": r.meta.related,
                    "source": r.source, "builtin": r.builtin,
                })
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&items).unwrap_or_default();
        s.push('\n');
        return s;
    }
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rules {
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}",
            r.id,
            r.severity.as_str(),
            r.meta.title.as_deref().unwrap_or(&r.source),
        );
    }
    out
}

/// A rule's documentation: title, why, what it applies to, how to fix, equivalents elsewhere.
pub fn explain(rule: &RuleInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", rule.id, rule.severity);
    if let Some(t) = &rule.meta.title {
        let _ = writeln!(out, "{t}");
    }
    if let Some(d) = &rule.meta.description {
        let _ = writeln!(out, "\n{d}");
    }
    if let Some(k) = &rule.meta.kinds {
        let _ = writeln!(out, "\napplies to: {}", k.join(", "));
    }
    if let Some(r) = &rule.meta.remediation {
        let _ = writeln!(out, "\nhelp: {r}");
    }
    if !rule.meta.related.is_empty() {
        let _ = writeln!(out, "\nrelated:");
        for (tool, id) in &rule.meta.related {
            let _ = writeln!(out, "  {tool}: {id}");
        }
    }
    let _ = writeln!(out, "\nsource: {}", rule.source);
    out
}
