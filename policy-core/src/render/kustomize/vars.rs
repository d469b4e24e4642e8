//! Legacy `vars` (kustomize's `types.Var`, `ResAccumulator.MergeVars` and `ResolveVars`):
//! `$(NAME)` in the fields of the `varReference` field specs is replaced by the value of a
//! field of one object.
//!
//! A var is decoded as Go's `encoding/json` decodes kustomize's struct (through
//! `sigs.k8s.io/yaml`): field names match exactly or ASCII case-insensitively (`fieldref`,
//! `fieldRef`, `FieldPath`, `fieldpath` …), and when several spellings of one field are given
//! the last in byte order wins (the YAML is turned into a JSON object with sorted keys first);
//! a number or boolean where a string is expected is taken as its text.
//!
//! Its object is the one, among those accumulated when the kustomization declaring the var has
//! run its transformers, with an id (current or earlier) of the var's group, version, kind and
//! name — and namespace, when the var gives one (kustomize's `GvknEquals`/`Equals`): more than
//! one is an error, none leaves the var unresolved (an error at the top, when it is
//! resolved). `objref.apiVersion` sets the group and version (`v1`: the version only, the
//! group staying as `group` says). At the top, the field (`fieldref.fieldPath`, default
//! `metadata.name`; kyaml's dotted paths, `ports[0]` too) of that object is read.

use super::fieldpath;
use super::fieldspecs::{self, CreateKind, FieldSpec};
use super::{ns_eq, Build, KError, Kust, Res};
use crate::source::{Node, NodeValue, Span};

/// A legacy `vars` entry.
#[derive(Debug, Clone)]
pub(crate) struct Var {
    name: String,
    group: String,
    version: String,
    kind: String,
    object: String,
    namespace: String,
    field: String,
    span: Span,
}

/// The value of the struct field `field` of a mapping decoded as Go's `encoding/json` does:
/// keys equal to it or to it but for ASCII case, the last in byte order winning.
fn go_field<'a>(node: &'a Node, field: &str) -> Option<&'a Node> {
    let NodeValue::Map(entries) = &node.value else {
        return None;
    };
    entries
        .iter()
        .filter(|e| e.key.eq_ignore_ascii_case(field))
        .max_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()))
        .map(|e| &e.value)
}

/// A string field (`""` when missing or null); a number or boolean is taken as its text.
fn go_string(node: &Node, field: &str, what: &str) -> Result<String, KError> {
    match go_field(node, field) {
        None => Ok(String::new()),
        Some(n) => match fieldpath::scalar_text(n) {
            Some(s) => Ok(s),
            None => Err(KError::at(
                n.span,
                format!(
                    "json: cannot unmarshal {} into Go struct field {what}.{field} of type string",
                    n.json_kind()
                ),
            )),
        },
    }
}

/// A struct field that must be a mapping (or missing, or null: every field empty).
fn go_struct<'a>(node: &'a Node, field: &str, what: &str) -> Result<Option<&'a Node>, KError> {
    match go_field(node, field) {
        None => Ok(None),
        Some(n) => match n.value {
            NodeValue::Null => Ok(None),
            NodeValue::Map(_) => Ok(Some(n)),
            _ => Err(KError::at(
                n.span,
                format!(
                    "json: cannot unmarshal {} into Go struct field {what}.{field} of type types.{}",
                    n.json_kind(),
                    if field == "objref" { "Target" } else { "FieldSelector" }
                ),
            )),
        },
    }
}

impl Var {
    /// Decodes one `vars` entry.
    fn decode(item: &Node) -> Result<Var, KError> {
        if !matches!(item.value, NodeValue::Map(_)) {
            return Err(KError::at(
                item.span,
                format!(
                    "json: cannot unmarshal {} into Go struct field Kustomization.vars of type types.Var",
                    item.json_kind()
                ),
            ));
        }
        let name = go_string(item, "name", "Var")?;
        let (mut group, mut version, mut kind, mut object, mut namespace) = (
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        );
        if let Some(o) = go_struct(item, "objref", "Var")? {
            group = go_string(o, "group", "Var.objref")?;
            version = go_string(o, "version", "Var.objref")?;
            kind = go_string(o, "kind", "Var.objref")?;
            object = go_string(o, "name", "Var.objref")?;
            namespace = go_string(o, "namespace", "Var.objref")?;
            // kustomize's `Target.GVK()`.
            let api_version = go_string(o, "apiVersion", "Var.objref")?;
            if !api_version.is_empty() {
                let parts: Vec<&str> = api_version.split('/').collect();
                match parts.as_slice() {
                    [g, v] => {
                        group = (*g).to_string();
                        version = (*v).to_string();
                    }
                    [v] => version = (*v).to_string(),
                    _ => {}
                }
            }
        }
        let mut field = String::new();
        if let Some(f) = go_struct(item, "fieldref", "Var")? {
            field = go_string(f, "fieldPath", "Var.fieldref")?;
        }
        if field.is_empty() {
            field = "metadata.name".to_string();
        }
        Ok(Var {
            name,
            group,
            version,
            kind,
            object,
            namespace,
            field,
            span: item.span,
        })
    }

    /// Whether `r` has (or had) the var's id: group, version, kind and name equal, and the
    /// namespace when the var gives one. kustomize compares effective namespaces there, and
    /// the var's id is never cluster-scoped (its group/version/kind is decoded, not looked up)
    /// while a cluster-scoped object (`cluster`) has none: a var naming a namespace never
    /// names a cluster-scoped object.
    fn matches(&self, r: &Res, cluster: bool) -> bool {
        r.group() == self.group
            && r.version() == self.version
            && (r.kind() == self.kind || r.previous_kinds.contains(&self.kind))
            && r.names.contains(&self.object)
            && (self.namespace.is_empty()
                || (!cluster && r.namespaces.iter().any(|n| ns_eq(n, &self.namespace))))
    }

    /// kustomize prints a var as its Go struct: `{NAME Kind.version.group {field}}`.
    fn display(&self) -> String {
        let or = |s: &str, d: &str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        format!(
            "{{{} {}.{}.{} {{{}}}}}",
            self.name,
            or(&self.kind, "[noKind]"),
            or(&self.version, "[noVer]"),
            or(&self.group, "[noGrp]"),
            self.field
        )
    }
}

/// A kustomization's `vars`, declared once its transformers ran over `ra`: each is recorded
/// on the object it names (kustomize's `MergeVars`).
pub(super) fn collect(b: &mut Build<'_>, kust: &Kust, ra: &mut [Res]) -> Result<(), KError> {
    let Some(list) = kust.get("vars") else {
        return Ok(());
    };
    let Some(items) = list.as_seq() else {
        return Err(KError::at(list.span, "`vars` must be a list"));
    };
    for item in items {
        let var = Var::decode(item)?;
        let scopes = b.scopes(ra)?;
        let matched: Vec<usize> = (0..ra.len())
            .filter(|&i| var.matches(&ra[i], scopes.cluster_scoped(&ra[i])))
            .collect();
        if matched.len() > 1 {
            return Err(KError::at(
                item.span,
                format!(
                    "found {} resId matches for var {} (unable to disambiguate)",
                    matched.len(),
                    var.display()
                ),
            ));
        }
        if let Some(&i) = matched.first() {
            ra[i].ref_vars.push(var.name.clone());
        }
        if b.vars.iter().any(|v| v.name == var.name) {
            return Err(KError::at(
                item.span,
                format!("var '{}' already encountered", var.name),
            ));
        }
        b.vars.push(var);
    }
    Ok(())
}

/// The scalar a var's field holds.
fn field_value(node: &Node, path: &str) -> Option<NodeValue> {
    let parts = fieldpath::convert_slice_index(fieldpath::split(path));
    let n = fieldpath::lookup(node, &parts).ok()??;
    match &n.value {
        v @ (NodeValue::String(_)
        | NodeValue::Int(_)
        | NodeValue::Float(_)
        | NodeValue::Bool(_)) => Some(v.clone()),
        _ => None,
    }
}

/// kustomize's `DoReplacements`: `$(NAME)` of a known var is replaced (`$$` is a `$`; an
/// unknown or unclosed reference stays); a string that is exactly one reference takes the
/// var's value with its type.
fn expand_vars(input: &str, values: &[(String, NodeValue)]) -> NodeValue {
    let lookup = |name: &str| values.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let text = |v: &NodeValue| match v {
        NodeValue::String(s) => s.clone(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        NodeValue::Bool(b) => b.to_string(),
        _ => String::new(),
    };
    let bytes = input.as_bytes();
    let mut out = String::new();
    let mut checkpoint = 0;
    let mut cursor = 0;
    while cursor < bytes.len() {
        if bytes[cursor] == b'$' && cursor + 1 < bytes.len() {
            out.push_str(&input[checkpoint..cursor]);
            let rest = &input[cursor + 1..];
            let advance = match rest.as_bytes()[0] {
                b'$' => {
                    out.push('$');
                    1
                }
                b'(' => match rest.find(')') {
                    Some(close) => {
                        let name = &rest[1..close];
                        match lookup(name) {
                            Some(v) => {
                                if input.len() == name.len() + 3 {
                                    return v.clone();
                                }
                                out.push_str(&text(v));
                            }
                            None => {
                                out.push_str("$(");
                                out.push_str(name);
                                out.push(')');
                            }
                        }
                        close + 1
                    }
                    None => {
                        out.push_str("$(");
                        1
                    }
                },
                _ => {
                    // `$` and the next character, copied as they are.
                    let c = rest.chars().next().map_or(1, char::len_utf8);
                    out.push('$');
                    out.push_str(&rest[..c]);
                    c
                }
            };
            cursor += advance + 1;
            checkpoint = cursor;
            continue;
        }
        cursor += 1;
    }
    out.push_str(&input[checkpoint.min(input.len())..]);
    NodeValue::String(out)
}

/// Resolves every var of the build and substitutes `$(NAME)` in the fields of `specs` (the
/// `varReference` field specs), at the top of the build.
pub(super) fn resolve(vars: &[Var], ra: &mut [Res], specs: &[FieldSpec]) -> Result<(), KError> {
    if vars.is_empty() {
        return Ok(());
    }
    // kustomize resolves them in name order (the first that fails is the error).
    let mut sorted: Vec<&Var> = vars.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut values = Vec::new();
    for v in sorted {
        let Some(target) = ra.iter().find(|r| r.ref_vars.contains(&v.name)) else {
            return Err(KError::at(
                v.span,
                format!(
                    "var '{}' cannot be mapped to a field in the set of known resources",
                    v.display()
                ),
            ));
        };
        let Some(value) = field_value(&target.node, &v.field) else {
            return Err(KError::at(
                v.span,
                format!(
                    "field specified in var '{}' not found in corresponding resource {}",
                    v.display(),
                    target.id()
                ),
            ));
        };
        values.push((v.name.clone(), value));
    }
    let substitute = |n: &mut Node| -> Result<(), String> {
        match &mut n.value {
            NodeValue::String(s) => {
                let new = expand_vars(s, &values);
                n.value = new;
            }
            NodeValue::Map(entries) => {
                for e in entries.iter_mut() {
                    if let NodeValue::String(s) = &e.value.value {
                        e.value.value = expand_vars(s, &values);
                    }
                }
            }
            NodeValue::Seq(items) => {
                for item in items.iter_mut() {
                    let NodeValue::String(s) = &item.value else {
                        return Err("invalid value type expect a string".to_string());
                    };
                    item.value = expand_vars(s, &values);
                }
            }
            _ => {}
        }
        Ok(())
    };
    let mut substitute = substitute;
    for r in ra.iter_mut() {
        for spec in specs {
            let span = r.node.span;
            fieldspecs::apply(&mut r.node, spec, CreateKind::None, span, &mut substitute)
                .map_err(|m| KError::at(span, m))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_yaml;
    use crate::source::{Limits, SourceFile};

    fn var(text: &str) -> Result<Var, KError> {
        let file = SourceFile::new("k.yaml", "k.yaml", text.to_string());
        let docs = parse_yaml(&file, &Limits::default()).expect("test YAML parses");
        Var::decode(&docs[0])
    }

    #[test]
    fn fields_decode_as_go_decodes_them() {
        let v = var("name: A\nObjRef: {Kind: ConfigMap, NAME: cm, apiversion: apps/v1}\nFieldRef: {fieldpath: data.a}\n")
            .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(
            (
                v.group.as_str(),
                v.version.as_str(),
                v.kind.as_str(),
                v.object.as_str()
            ),
            ("apps", "v1", "ConfigMap", "cm")
        );
        assert_eq!(v.field, "data.a");
        // Two spellings of one field: the last in byte order wins (`fieldPath` > `FieldPath`).
        let v = var("name: B\nobjref: {kind: ConfigMap, name: cm}\nfieldref: {fieldPath: data.a, FieldPath: data.c}\n")
            .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(v.field, "data.a");
        // No field: metadata.name; a number is taken as its text.
        let v = var("name: 7\nobjref: {kind: ConfigMap, name: cm}\n")
            .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!((v.name.as_str(), v.field.as_str()), ("7", "metadata.name"));
    }

    #[test]
    fn malformed_vars_are_errors_at_their_line() {
        let e = var("name: A\nobjref: [ConfigMap]\n")
            .err()
            .map(|e| e.message);
        assert!(
            e.as_deref()
                .is_some_and(|m| m.contains("cannot unmarshal array") && m.contains("Var.objref")),
            "{e:?}"
        );
        let e = var("name: A\nobjref: {kind: ConfigMap, name: {a: b}}\n")
            .err()
            .map(|e| e.message);
        assert!(
            e.as_deref()
                .is_some_and(|m| m.contains("cannot unmarshal object")),
            "{e:?}"
        );
    }
}
