//! `Chart.yaml` (and `requirements.yaml`) decoded as Helm decodes them into `chart.Metadata`
//! (sigs.k8s.io/yaml: YAML to JSON, then `encoding/json` into the struct: field names match
//! case-insensitively, a number where a string is expected is an error), validated as
//! `Metadata.Validate` does, and `.Chart` as Helm 4's engine builds it.

use std::collections::BTreeMap;
use std::sync::Arc;

use regex::Regex;

use crate::source::{Limits, LoadError, Node, NodeValue, SourceFile, Span};

use super::super::value::{Map, Value};
use super::{new_map, parse_docs, Chart};

/// A maintainer of a chart (`maintainers:` in `Chart.yaml`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Maintainer {
    /// `name`.
    pub name: String,
    /// `email`.
    pub email: String,
    /// `url`.
    pub url: String,
}

/// A dependency declared in `Chart.yaml` (or `requirements.yaml`).
#[derive(Clone, Debug, Default)]
pub struct Dependency {
    /// `name`: the chart's name (the name in the subchart's own `Chart.yaml`).
    pub name: String,
    /// `version`: a semver range the vendored chart's version must satisfy.
    pub version: String,
    /// `repository` (never contacted).
    pub repository: String,
    /// `condition`: comma-separated values paths; the first that resolves to a bool decides.
    pub condition: String,
    /// `tags`.
    pub tags: Vec<String>,
    /// `enabled` (set by values processing, as Helm sets it).
    pub enabled: bool,
    /// `import-values`: strings (the `exports.<name>` form) and `{child, parent}` maps.
    pub import_values: Vec<Value>,
    /// `alias`.
    pub alias: String,
    /// Where the entry is written (local to its file).
    pub span: Span,
    /// The file it is written in when not `Chart.yaml` (`requirements.yaml`).
    pub file: Option<Arc<SourceFile>>,
}

impl Dependency {
    /// The name the dependency's chart and values go by: the alias if any.
    pub fn effective_name(&self) -> &str {
        if self.alias.is_empty() {
            &self.name
        } else {
            &self.alias
        }
    }
}

/// `Chart.yaml`, as Helm's `chart.Metadata`.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// `apiVersion` (`v1` when absent, as Helm assumes).
    pub api_version: String,
    /// `name`.
    pub name: String,
    /// `version`.
    pub version: String,
    /// `appVersion`.
    pub app_version: String,
    /// `kubeVersion`: a semver range of supported Kubernetes versions.
    pub kube_version: String,
    /// `description`.
    pub description: String,
    /// `type`: `application`, `library` or empty.
    pub chart_type: String,
    /// `home`.
    pub home: String,
    /// `icon`.
    pub icon: String,
    /// `keywords`.
    pub keywords: Vec<String>,
    /// `sources`.
    pub sources: Vec<String>,
    /// `maintainers` (`None` entries are `null` items, which validation refuses).
    pub maintainers: Vec<Option<Maintainer>>,
    /// `annotations` (`None` when absent: `.Chart.Annotations` is then nil).
    pub annotations: Option<BTreeMap<String, String>>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `condition` (unused by Helm 3+, kept for `.Chart`).
    pub condition: String,
    /// `tags` (a string in `Chart.yaml`, kept for `.Chart`).
    pub tags: String,
    /// `dependencies`.
    pub dependencies: Vec<Dependency>,
    /// Spans of some fields (local to `Chart.yaml`), for error positions.
    pub(crate) spans: BTreeMap<&'static str, Span>,
    /// `null` items of `dependencies` (refused by validation), by position.
    pub(crate) null_dependency: Option<Span>,
}

struct Decoder<'a> {
    file: &'a SourceFile,
    what: &'a str,
}

impl Decoder<'_> {
    fn mismatch(&self, n: &Node, field: &str, ty: &str) -> LoadError {
        LoadError::at(
            self.file,
            n.span.start,
            format!(
                "cannot load {}: error unmarshaling JSON: json: cannot unmarshal {} into Go struct field {field} of type {ty}",
                self.what,
                n.json_kind()
            ),
        )
    }

    /// A string field: sigs.k8s.io/yaml turns booleans and numbers into strings when the target
    /// is a string (`off` becomes `"false"`, `1.10` becomes `"1.1"`).
    fn string(&self, n: &Node, field: &str) -> Result<String, LoadError> {
        match &n.value {
            NodeValue::Null => Ok(String::new()),
            NodeValue::String(s) => Ok(s.clone()),
            NodeValue::Bool(b) => Ok(b.to_string()),
            NodeValue::Int(i) => Ok(i.to_string()),
            NodeValue::Float(f) => Ok(go_format_float32(*f)),
            _ => Err(self.mismatch(n, field, "string")),
        }
    }

    fn bool(&self, n: &Node, field: &str) -> Result<bool, LoadError> {
        match &n.value {
            NodeValue::Null => Ok(false),
            NodeValue::Bool(b) => Ok(*b),
            _ => Err(self.mismatch(n, field, "bool")),
        }
    }

    fn strings(&self, n: &Node, field: &str) -> Result<Vec<String>, LoadError> {
        match &n.value {
            NodeValue::Null => Ok(Vec::new()),
            NodeValue::Seq(items) => items.iter().map(|i| self.string(i, field)).collect(),
            _ => Err(self.mismatch(n, field, "[]string")),
        }
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`.
fn go_format_float32(f: f64) -> String {
    let x = f as f32;
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if x == 0.0 {
        return "0".into();
    }
    // Shortest digits that read back as the same float32.
    let e = format!("{x:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    format!("{x}")
}

/// The value of `key` in a mapping, matched as `encoding/json` matches struct fields (exact,
/// else case-insensitive; the last matching key wins).
fn lookup<'n>(entries: &'n [crate::source::Entry], key: &str) -> Option<&'n Node> {
    entries
        .iter()
        .rev()
        .find(|e| e.key == key)
        .or_else(|| {
            entries
                .iter()
                .rev()
                .find(|e| e.key.eq_ignore_ascii_case(key))
        })
        .map(|e| &e.value)
}

fn root_entries<'n>(
    docs: &'n [Node],
    file: &SourceFile,
    what: &str,
    ty: &str,
) -> Result<&'n [crate::source::Entry], LoadError> {
    match docs.first() {
        None => Ok(&[]),
        Some(Node {
            value: NodeValue::Map(entries),
            ..
        }) => Ok(entries),
        Some(n) => Err(LoadError::at(
            file,
            n.span.start,
            format!(
                "cannot load {what}: error unmarshaling JSON: json: cannot unmarshal {} into Go value of type {ty}",
                n.json_kind()
            ),
        )),
    }
}

/// Parses `Chart.yaml` (added to the source map at `base`).
pub(crate) fn parse_chart_yaml(
    file: &Arc<SourceFile>,
    base: usize,
    limits: &Limits,
) -> Result<Metadata, LoadError> {
    let docs = parse_docs(file, limits).map_err(|mut e| {
        e.message = format!("cannot load Chart.yaml: {}", e.message);
        e
    })?;
    let d = Decoder {
        file,
        what: "Chart.yaml",
    };
    let entries = root_entries(&docs, file, "Chart.yaml", "v2.Metadata")?;
    let mut md = Metadata::default();
    let s = |k: &str| lookup(entries, k);
    macro_rules! str_field {
        ($key:literal, $field:ident) => {
            if let Some(n) = s($key) {
                md.$field = d.string(n, concat!("Metadata.", $key))?;
                md.spans.insert($key, n.span);
            }
        };
    }
    str_field!("apiVersion", api_version);
    str_field!("name", name);
    str_field!("version", version);
    str_field!("appVersion", app_version);
    str_field!("kubeVersion", kube_version);
    str_field!("description", description);
    str_field!("type", chart_type);
    str_field!("home", home);
    str_field!("icon", icon);
    str_field!("condition", condition);
    str_field!("tags", tags);
    if let Some(n) = s("keywords") {
        md.keywords = d.strings(n, "Metadata.keywords")?;
    }
    if let Some(n) = s("sources") {
        md.sources = d.strings(n, "Metadata.sources")?;
    }
    if let Some(n) = s("deprecated") {
        md.deprecated = d.bool(n, "Metadata.deprecated")?;
    }
    if let Some(n) = s("annotations") {
        match &n.value {
            NodeValue::Null => {}
            NodeValue::Map(es) => {
                let mut m = BTreeMap::new();
                for e in es {
                    m.insert(e.key.clone(), d.string(&e.value, "Metadata.annotations")?);
                }
                md.annotations = Some(m);
            }
            _ => return Err(d.mismatch(n, "Metadata.annotations", "map[string]string")),
        }
    }
    if let Some(n) = s("maintainers") {
        match &n.value {
            NodeValue::Null => {}
            NodeValue::Seq(items) => {
                for i in items {
                    match &i.value {
                        NodeValue::Null => {
                            md.spans.entry("maintainers.null").or_insert(i.span);
                            md.maintainers.push(None);
                        }
                        NodeValue::Map(es) => {
                            let mut m = Maintainer::default();
                            let f = |k: &str| lookup(es, k);
                            if let Some(v) = f("name") {
                                m.name = sanitize(&d.string(v, "Metadata.maintainers.name")?);
                            }
                            if let Some(v) = f("email") {
                                m.email = sanitize(&d.string(v, "Metadata.maintainers.email")?);
                            }
                            if let Some(v) = f("url") {
                                m.url = sanitize(&d.string(v, "Metadata.maintainers.url")?);
                            }
                            md.maintainers.push(Some(m));
                        }
                        _ => return Err(d.mismatch(i, "Metadata.maintainers", "v2.Maintainer")),
                    }
                }
            }
            _ => return Err(d.mismatch(n, "Metadata.maintainers", "[]*v2.Maintainer")),
        }
    }
    if md.api_version.is_empty() {
        md.api_version = "v1".to_string();
    }
    if let Some(n) = s("dependencies") {
        md.dependencies = parse_dependencies(n, &d, base, None, &mut md.null_dependency)?;
    }
    Ok(md)
}

fn parse_dependencies(
    n: &Node,
    d: &Decoder<'_>,
    base: usize,
    file: Option<&Arc<SourceFile>>,
    null_at: &mut Option<Span>,
) -> Result<Vec<Dependency>, LoadError> {
    let mut out = Vec::new();
    let items = match &n.value {
        NodeValue::Null => return Ok(out),
        NodeValue::Seq(items) => items,
        _ => return Err(d.mismatch(n, "Metadata.dependencies", "[]*v2.Dependency")),
    };
    for i in items {
        let es = match &i.value {
            NodeValue::Null => {
                null_at.get_or_insert(i.span);
                continue;
            }
            NodeValue::Map(es) => es,
            _ => return Err(d.mismatch(i, "Metadata.dependencies", "v2.Dependency")),
        };
        let f = |k: &str| lookup(es, k);
        let mut dep = Dependency {
            span: i.span,
            file: file.cloned(),
            ..Dependency::default()
        };
        if let Some(v) = f("name") {
            dep.name = sanitize(&d.string(v, "Metadata.dependencies.name")?);
        }
        if let Some(v) = f("version") {
            dep.version = sanitize(&d.string(v, "Metadata.dependencies.version")?);
        }
        if let Some(v) = f("repository") {
            dep.repository = sanitize(&d.string(v, "Metadata.dependencies.repository")?);
        }
        if let Some(v) = f("condition") {
            dep.condition = sanitize(&d.string(v, "Metadata.dependencies.condition")?);
        }
        if let Some(v) = f("tags") {
            dep.tags = d
                .strings(v, "Metadata.dependencies.tags")?
                .iter()
                .map(|t| sanitize(t))
                .collect();
        }
        if let Some(v) = f("enabled") {
            dep.enabled = d.bool(v, "Metadata.dependencies.enabled")?;
        }
        if let Some(v) = f("alias") {
            dep.alias = d.string(v, "Metadata.dependencies.alias")?;
        }
        if let Some(v) = f("import-values") {
            match &v.value {
                NodeValue::Null => {}
                NodeValue::Seq(ivs) => {
                    dep.import_values = ivs.iter().map(|iv| Value::from_node(iv, base)).collect()
                }
                _ => {
                    return Err(d.mismatch(
                        v,
                        "Metadata.dependencies.import-values",
                        "[]interface {}",
                    ))
                }
            }
        }
        out.push(dep);
    }
    Ok(out)
}

/// Reads `requirements.yaml` into the metadata's dependencies, as Helm unmarshals it over
/// `Chart.yaml`'s metadata (only its `dependencies` matter).
pub(crate) fn apply_requirements(
    md: &mut Metadata,
    file: &Arc<SourceFile>,
    base: usize,
    limits: &Limits,
) -> Result<(), LoadError> {
    let docs = parse_docs(file, limits).map_err(|mut e| {
        e.message = format!("cannot load requirements.yaml: {}", e.message);
        e
    })?;
    let d = Decoder {
        file,
        what: "requirements.yaml",
    };
    let entries = root_entries(&docs, file, "requirements.yaml", "v2.Metadata")?;
    if let Some(n) = lookup(entries, "dependencies") {
        md.dependencies = parse_dependencies(n, &d, base, Some(file), &mut md.null_dependency)?;
    }
    Ok(())
}

/// Helm's `sanitizeString`: whitespace becomes a space, other unprintable characters go.
fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if c.is_control() {
                None
            } else {
                Some(c)
            }
        })
        .collect()
}

/// Masterminds `semver.NewVersion`'s grammar (lenient: `1`, `1.2`, `v1.2.3-rc.1+b`).
pub(crate) fn is_valid_semver(v: &str) -> bool {
    super::constraint::Version::parse(v).is_some()
}

/// `Metadata.Validate`, with Helm's messages (`validation: …`), at the offending field.
pub(crate) fn validate(md: &Metadata, file: &SourceFile) -> Result<(), LoadError> {
    let at = |key: &str, msg: String| {
        let off = md.spans.get(key).map(|s| s.start).unwrap_or(0);
        Err(LoadError::at(file, off, format!("validation: {msg}")))
    };
    if md.api_version.is_empty() {
        return at("apiVersion", "chart.metadata.apiVersion is required".into());
    }
    let name = sanitize(&md.name);
    if name.is_empty() {
        return at("name", "chart.metadata.name is required".into());
    }
    if name == "." || name == ".." {
        return at(
            "name",
            format!("chart.metadata.name {name:?} is not allowed"),
        );
    }
    if name.contains('/') || name.contains(std::path::MAIN_SEPARATOR) {
        return at("name", format!("chart.metadata.name {name:?} is invalid"));
    }
    if md.version.is_empty() {
        return at("version", "chart.metadata.version is required".into());
    }
    if !is_valid_semver(&md.version) {
        return at(
            "version",
            format!("chart.metadata.version {:?} is invalid", md.version),
        );
    }
    if !matches!(md.chart_type.as_str(), "" | "application" | "library") {
        return at(
            "type",
            "chart.metadata.type must be application or library".into(),
        );
    }
    if let Some(span) = md.spans.get("maintainers.null") {
        return Err(LoadError::at(
            file,
            span.start,
            "validation: maintainers must not contain empty or null nodes",
        ));
    }
    if let Some(span) = md.null_dependency {
        return Err(LoadError::at(
            file,
            span.start,
            "validation: dependencies must not contain empty or null nodes",
        ));
    }
    let alias_re = Regex::new("^[a-zA-Z0-9_-]+$").ok();
    let mut seen = std::collections::BTreeSet::new();
    for dep in &md.dependencies {
        let dfile = dep.file.as_deref().unwrap_or(file);
        if !dep.alias.is_empty() && !alias_re.as_ref().is_some_and(|r| r.is_match(&dep.alias)) {
            return Err(LoadError::at(
                dfile,
                dep.span.start,
                format!(
                    "validation: dependency {:?} has disallowed characters in the alias",
                    dep.name
                ),
            ));
        }
        let key = dep.effective_name();
        if !seen.insert(key.to_string()) {
            return Err(LoadError::at(
                dfile,
                dep.span.start,
                format!("validation: more than one dependency with name or alias {key:?}"),
            ));
        }
    }
    Ok(())
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn str_list(v: &[String]) -> Value {
    Value::List(Arc::new(v.iter().map(|x| s(x)).collect()), None)
}

/// `.Chart` for a chart as Helm 4's engine builds it: `chart.Metadata` converted to a
/// `map[string]interface{}` keyed by Go field names (`Name`, `Version`, `AppVersion`,
/// `APIVersion`, `Dependencies`, …) plus `IsRoot`. (Helm 3 passed a `*chart.Metadata`; Helm 4
/// passes this map, so `typeOf .Chart` is `map[string]interface {}`.)
pub fn chart_object(chart: &Chart) -> Value {
    let md = &chart.metadata;
    let mut m = Map::new();
    m.insert("Name".into(), s(&chart.name));
    m.insert("Home".into(), s(&sanitize(&md.home)));
    m.insert("Sources".into(), str_list(&md.sources));
    m.insert("Version".into(), s(&md.version));
    m.insert("Description".into(), s(&sanitize(&md.description)));
    m.insert("Keywords".into(), str_list(&md.keywords));
    let maintainers = md
        .maintainers
        .iter()
        .map(|mt| match mt {
            None => Value::Nil,
            Some(mt) => {
                let mut mm = Map::new();
                mm.insert("Name".into(), s(&mt.name));
                mm.insert("Email".into(), s(&mt.email));
                mm.insert("URL".into(), s(&mt.url));
                new_map(mm)
            }
        })
        .collect();
    m.insert(
        "Maintainers".into(),
        Value::List(Arc::new(maintainers), None),
    );
    m.insert("Icon".into(), s(&sanitize(&md.icon)));
    m.insert("APIVersion".into(), s(&md.api_version));
    m.insert("Condition".into(), s(&sanitize(&md.condition)));
    m.insert("Tags".into(), s(&sanitize(&md.tags)));
    m.insert("AppVersion".into(), s(&sanitize(&md.app_version)));
    m.insert("Deprecated".into(), Value::Bool(md.deprecated, None));
    m.insert(
        "Annotations".into(),
        match &md.annotations {
            None => Value::Nil,
            Some(a) => new_map(a.iter().map(|(k, v)| (k.clone(), s(v))).collect()),
        },
    );
    m.insert("KubeVersion".into(), s(&sanitize(&md.kube_version)));
    let deps = md
        .dependencies
        .iter()
        .map(|d| {
            let mut dm = Map::new();
            dm.insert("Name".into(), s(&d.name));
            dm.insert("Version".into(), s(&d.version));
            dm.insert("Repository".into(), s(&d.repository));
            dm.insert("Condition".into(), s(&d.condition));
            dm.insert("Tags".into(), str_list(&d.tags));
            dm.insert("Enabled".into(), Value::Bool(d.enabled, None));
            dm.insert(
                "ImportValues".into(),
                Value::List(Arc::new(d.import_values.clone()), None),
            );
            dm.insert("Alias".into(), s(&d.alias));
            new_map(dm)
        })
        .collect();
    m.insert("Dependencies".into(), Value::List(Arc::new(deps), None));
    m.insert("Type".into(), s(&md.chart_type));
    m.insert("IsRoot".into(), Value::Bool(chart.is_root, None));
    new_map(m)
}
