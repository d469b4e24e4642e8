//! `helmCharts` (and the legacy `helmChartInflationGenerator`): kustomize's
//! HelmChartInflationGenerator, with Tollgate's own Helm engine instead of a `helm` binary.
//!
//! Kustomize 5.5 runs `helm template` per chart and adds what it prints as generated
//! resources, after the ConfigMap and Secret generators; the kustomization's transformers and
//! patches then apply to them. This module does the same without a subprocess:
//! - the chart is `<chartHome>/<name>` (`chartHome` defaults to `charts`, relative to the
//!   kustomization; `<chartHome>/<name>-<version>/<name>` when both `version` and `repo` are
//!   set). A chart that is not there would be pulled from `repo`: that needs the network, so it
//!   is an error saying to vendor the chart;
//! - values: `valuesFile` (default: the chart's `values.yaml`) combined with `valuesInline` as
//!   `valuesMerge` says (`override`: inline wins, `merge`: the file wins, `replace`: inline
//!   only; a `null` in the winning side removes the key), then `additionalValuesFiles`, then
//!   Helm's own defaults under them, as Helm coalesces them;
//! - `releaseName` (without it kustomize passes `--generate-name`, which Helm turns into
//!   `<chart>-<unix time>`: the time is Tollgate's fixed clock, 2025-01-01, so builds stay
//!   deterministic), `namespace`, `nameTemplate`, `kubeVersion`, `apiVersions`, `includeCRDs`,
//!   `skipHooks`, `skipTests`;
//! - provenance: the rendered documents' spans point into the rendered text, and the build's
//!   [`Provenance`] maps them to the template line that printed them and the values line
//!   (chart default, values file or the kustomization's `valuesInline`) of the value printed.

use std::path::{Path, PathBuf};

use super::{str_at, Build, KError, Kust, Res};
use crate::render::helm::value::Value;
use crate::render::helm::Options;
use crate::source::{Entry, Node, NodeValue, Span};

/// The fields of a `helmCharts` entry kustomize 5.5 knows.
const CHART_FIELDS: &[&str] = &[
    "name",
    "version",
    "repo",
    "releaseName",
    "namespace",
    "additionalValuesFiles",
    "valuesFile",
    "valuesInline",
    "valuesMerge",
    "includeCRDs",
    "skipHooks",
    "apiVersions",
    "kubeVersion",
    "nameTemplate",
    "skipTests",
    "debug",
];

/// The fields of `helmGlobals`.
const GLOBAL_FIELDS: &[&str] = &["chartHome", "configHome"];

/// The fields of a legacy `helmChartInflationGenerator` entry.
const LEGACY_FIELDS: &[&str] = &[
    "chartName",
    "chartVersion",
    "chartRepoUrl",
    "chartHome",
    "chartRepoName",
    "helmBin",
    "helmHome",
    "values",
    "valuesLocal",
    "valuesMerge",
    "releaseName",
    "releaseNamespace",
    "extraArgs",
];

/// Helm's `--generate-name` suffix: the Unix time of Tollgate's fixed clock (2025-01-01T00:00Z).
const GENERATED_NAME_TIME: i64 = 1_735_689_600;

/// One chart to inflate, with the spans of the lines that configure it.
#[derive(Debug, Default)]
struct Chart {
    /// The entry (errors about the whole entry point here).
    span: Span,
    name: String,
    version: String,
    repo: String,
    release_name: String,
    namespace: String,
    additional_values_files: Vec<(String, Span)>,
    values_file: Option<(String, Span)>,
    values_inline: Option<Node>,
    values_merge: Option<(String, Span)>,
    include_crds: bool,
    skip_hooks: bool,
    api_versions: Vec<String>,
    kube_version: String,
    name_template: Option<(String, Span)>,
    skip_tests: bool,
}

fn check_fields(node: &Node, known: &[&str]) -> Result<(), KError> {
    let NodeValue::Map(entries) = &node.value else {
        return Err(KError::at(node.span, "must be a mapping"));
    };
    for e in entries {
        if !known.contains(&e.key.as_str()) {
            return Err(KError::at(
                e.key_span,
                format!("invalid Kustomization: json: unknown field \"{}\"", e.key),
            ));
        }
    }
    Ok(())
}

fn entries(node: &Node) -> &[Entry] {
    match &node.value {
        NodeValue::Map(entries) => entries,
        _ => &[],
    }
}

/// A string field (kustomize decodes these into Go strings: a number or a boolean there is an
/// error, as in kustomize; quote a version such as `"1.2"`).
fn text(e: &Entry) -> Result<String, KError> {
    match &e.value.value {
        NodeValue::Null => Ok(String::new()),
        NodeValue::String(s) => Ok(s.clone()),
        _ => Err(KError::at(
            e.value.span,
            format!("`{}` must be a string (quote it)", e.key),
        )),
    }
}

fn flag(e: &Entry) -> Result<bool, KError> {
    match &e.value.value {
        NodeValue::Null => Ok(false),
        NodeValue::Bool(b) => Ok(*b),
        _ => Err(KError::at(
            e.value.span,
            format!("`{}` must be true or false", e.key),
        )),
    }
}

fn string_list(e: &Entry) -> Result<Vec<(String, Span)>, KError> {
    match &e.value.value {
        NodeValue::Null => Ok(Vec::new()),
        NodeValue::Seq(items) => items
            .iter()
            .map(|n| match &n.value {
                NodeValue::String(s) => Ok((s.clone(), n.span)),
                _ => Err(KError::at(
                    n.span,
                    format!("`{}` entries must be strings", e.key),
                )),
            })
            .collect(),
        _ => Err(KError::at(
            e.value.span,
            format!("`{}` must be a list", e.key),
        )),
    }
}

fn parse_chart(node: &Node) -> Result<Chart, KError> {
    check_fields(node, CHART_FIELDS)?;
    let mut c = Chart {
        span: node.span,
        ..Chart::default()
    };
    for e in entries(node) {
        match e.key.as_str() {
            "name" => c.name = text(e)?,
            "version" => c.version = text(e)?,
            "repo" => c.repo = text(e)?,
            "releaseName" => c.release_name = text(e)?,
            "namespace" => c.namespace = text(e)?,
            "additionalValuesFiles" => c.additional_values_files = string_list(e)?,
            "valuesFile" => {
                let t = text(e)?;
                if !t.is_empty() {
                    c.values_file = Some((t, e.value.span));
                }
            }
            "valuesInline" => c.values_inline = inline_values(e)?,
            "valuesMerge" => {
                let t = text(e)?;
                if !t.is_empty() {
                    c.values_merge = Some((t, e.value.span));
                }
            }
            "includeCRDs" => c.include_crds = flag(e)?,
            "skipHooks" => c.skip_hooks = flag(e)?,
            "skipTests" => c.skip_tests = flag(e)?,
            "debug" => {
                flag(e)?;
            }
            "apiVersions" => c.api_versions = string_list(e)?.into_iter().map(|(s, _)| s).collect(),
            "kubeVersion" => c.kube_version = text(e)?,
            "nameTemplate" => {
                let t = text(e)?;
                if !t.is_empty() {
                    c.name_template = Some((t, e.value.span));
                }
            }
            _ => {}
        }
    }
    Ok(c)
}

fn inline_values(e: &Entry) -> Result<Option<Node>, KError> {
    match &e.value.value {
        NodeValue::Null => Ok(None),
        NodeValue::Map(m) if m.is_empty() => Ok(None),
        NodeValue::Map(_) => Ok(Some(e.value.clone())),
        _ => Err(KError::at(e.value.span, "`valuesInline` must be a mapping")),
    }
}

/// The legacy `helmChartInflationGenerator` entries, converted as kustomize converts them
/// (`releaseNamespace`, `extraArgs`, `helmBin` and `chartRepoName` are dropped, as there),
/// with the `chartHome` and `helmHome` they set (the last non-empty one wins).
fn parse_legacy(node: &Node, home: &mut Option<(String, Span)>) -> Result<Chart, KError> {
    check_fields(node, LEGACY_FIELDS)?;
    let mut c = Chart {
        span: node.span,
        ..Chart::default()
    };
    for e in entries(node) {
        match e.key.as_str() {
            "chartName" => c.name = text(e)?,
            "chartVersion" => c.version = text(e)?,
            "chartRepoUrl" => c.repo = text(e)?,
            "chartHome" => {
                let t = text(e)?;
                if !t.is_empty() {
                    *home = Some((t, e.value.span));
                }
            }
            "values" => {
                let t = text(e)?;
                if !t.is_empty() {
                    c.values_file = Some((t, e.value.span));
                }
            }
            "valuesLocal" => c.values_inline = inline_values(e)?,
            "valuesMerge" => {
                let t = text(e)?;
                if !t.is_empty() {
                    c.values_merge = Some((t, e.value.span));
                }
            }
            "releaseName" => c.release_name = text(e)?,
            _ => {}
        }
    }
    Ok(c)
}

/// kyaml's `merge2.Merge(src, dest)` on values, as kustomize merges `valuesInline` with the
/// values file: mappings merge field by field; any other `src` value replaces `dest`'s; a
/// `null` in `src` removes the field. Lists are replaced whole (values files have no schema,
/// so kustomize sees no associative lists).
fn merge2(src: &Node, dest: &Node) -> Result<Node, KError> {
    match (&src.value, &dest.value) {
        (NodeValue::Map(s), NodeValue::Map(d)) => {
            let mut out: Vec<Entry> = Vec::with_capacity(d.len());
            for de in d {
                match s.iter().find(|se| se.key == de.key) {
                    None => {
                        if let Some(kept) = without_empty_nulls(&de.value) {
                            out.push(Entry {
                                value: kept,
                                ..de.clone()
                            });
                        }
                    }
                    Some(se) if matches!(se.value.value, NodeValue::Null) => {}
                    Some(se) => out.push(Entry {
                        key: de.key.clone(),
                        key_span: se.key_span,
                        value: merge2(&se.value, &de.value)?,
                    }),
                }
            }
            for se in s {
                if !d.iter().any(|de| de.key == se.key)
                    && !matches!(se.value.value, NodeValue::Null)
                {
                    out.push(se.clone());
                }
            }
            Ok(Node {
                span: dest.span,
                value: NodeValue::Map(out),
            })
        }
        (_, NodeValue::Null) => Ok(src.clone()),
        (NodeValue::Map(_), _) | (_, NodeValue::Map(_)) => Err(KError::at(
            src.span,
            format!(
                "could not merge values: wrong node kind: expected {} but got {}",
                kind_name(dest),
                kind_name(src)
            ),
        )),
        (NodeValue::Seq(_), NodeValue::Seq(_)) => Ok(src.clone()),
        (NodeValue::Seq(_), _) | (_, NodeValue::Seq(_)) => Err(KError::at(
            src.span,
            format!(
                "could not merge values: wrong node kind: expected {} but got {}",
                kind_name(dest),
                kind_name(src)
            ),
        )),
        _ => Ok(src.clone()),
    }
}

/// What kyaml's walk leaves of a `dest` value `src` does not touch: a null written as nothing
/// (`limits:`) is dropped, at any depth of mappings (lists are kept whole); `null` and `~`
/// are kept.
fn without_empty_nulls(node: &Node) -> Option<Node> {
    match &node.value {
        NodeValue::Null if node.span.start >= node.span.end => None,
        NodeValue::Map(entries) => Some(Node {
            span: node.span,
            value: NodeValue::Map(
                entries
                    .iter()
                    .filter_map(|e| {
                        without_empty_nulls(&e.value).map(|value| Entry { value, ..e.clone() })
                    })
                    .collect(),
            ),
        }),
        _ => Some(node.clone()),
    }
}

fn kind_name(n: &Node) -> &'static str {
    match n.value {
        NodeValue::Map(_) => "MappingNode",
        NodeValue::Seq(_) => "SequenceNode",
        _ => "ScalarNode",
    }
}

/// Helm's merge of the documents of one values file: later documents win, mappings merge.
fn merge_docs(docs: Vec<Node>, at: Span) -> Result<Node, KError> {
    let mut out = Node {
        span: at,
        value: NodeValue::Map(Vec::new()),
    };
    for d in docs {
        match &d.value {
            NodeValue::Map(_) => out = deep_merge(&d, &out),
            _ => {
                return Err(KError::at(
                    d.span,
                    "cannot unmarshal yaml document: a values file holds a mapping",
                ))
            }
        }
    }
    Ok(out)
}

fn deep_merge(src: &Node, dest: &Node) -> Node {
    match (&src.value, &dest.value) {
        (NodeValue::Map(s), NodeValue::Map(d)) => {
            let mut out: Vec<Entry> = d.clone();
            for se in s {
                match out.iter_mut().find(|de| de.key == se.key) {
                    Some(de) => {
                        de.value = deep_merge(&se.value, &de.value);
                        de.key_span = se.key_span;
                    }
                    None => out.push(se.clone()),
                }
            }
            Node {
                span: src.span,
                value: NodeValue::Map(out),
            }
        }
        _ => src.clone(),
    }
}

impl Build<'_> {
    /// Inflates the kustomization's `helmCharts` (and legacy `helmChartInflationGenerator`)
    /// into `ra`, as kustomize's generator does.
    pub(super) fn helm_charts(&mut self, kust: &Kust, ra: &mut Vec<Res>) -> Result<(), KError> {
        let mut charts = Vec::new();
        if let Some(list) = kust.get("helmCharts") {
            let Some(items) = list.as_seq() else {
                return Err(KError::at(list.span, "`helmCharts` must be a list"));
            };
            for item in items {
                charts.push(parse_chart(item)?);
            }
        }
        let mut legacy_home = None;
        if let Some(list) = kust.get("helmChartInflationGenerator") {
            let Some(items) = list.as_seq() else {
                return Err(KError::at(
                    list.span,
                    "`helmChartInflationGenerator` must be a list",
                ));
            };
            for item in items {
                charts.push(parse_legacy(item, &mut legacy_home)?);
            }
        }
        if charts.is_empty() {
            return Ok(());
        }
        let mut chart_home: Option<(String, Span)> = None;
        match kust.get("helmGlobals") {
            Some(globals) => {
                check_fields(globals, GLOBAL_FIELDS)?;
                if let Some(e) = entries(globals).iter().find(|e| e.key == "chartHome") {
                    let t = text(e)?;
                    if !t.is_empty() {
                        chart_home = Some((t, e.value.span));
                    }
                }
            }
            None => chart_home = legacy_home,
        }
        for chart in charts {
            let generated = self.inflate(kust, &chart, chart_home.as_ref())?;
            let scopes = self.scopes(&generated)?;
            for r in generated {
                if let Some(existing) = ra.iter().find(|x| x.same_id(&r, &scopes)) {
                    return Err(KError::at(
                        chart.span,
                        format!(
                            "merging from generator HelmChartInflationGenerator: id {} exists; behavior must be merge or replace",
                            existing.id()
                        ),
                    ));
                }
                ra.push(r);
            }
        }
        Ok(())
    }

    fn inflate(
        &mut self,
        kust: &Kust,
        chart: &Chart,
        chart_home: Option<&(String, Span)>,
    ) -> Result<Vec<Res>, KError> {
        if chart.name.is_empty() {
            return Err(KError::at(chart.span, "chart name cannot be empty"));
        }
        let merge = match &chart.values_merge {
            None => "override",
            Some((m, span)) => match m.as_str() {
                "merge" | "override" | "replace" => m.as_str(),
                _ => {
                    return Err(KError::at(
                        *span,
                        "valuesMerge must be one of [merge override replace]",
                    ))
                }
            },
        };
        let (home_text, home_span) = match chart_home {
            Some((h, s)) => (h.as_str(), *s),
            None => ("charts", chart.span),
        };
        let mut home = kust.dir.join(home_text);
        if !chart.version.is_empty() && !chart.repo.is_empty() {
            home = home.join(format!("{}-{}", chart.name, chart.version));
        }
        let chart_dir = home.join(&chart.name);
        if !chart_dir.is_dir() {
            if chart.repo.is_empty() {
                return Err(KError::at(
                    chart.span,
                    format!(
                        "no repo specified for pull, no chart found at '{}'",
                        (self.display)(&chart_dir)
                    ),
                ));
            }
            return Err(KError::at(
                chart.span,
                format!(
                    "chart '{}' is not in '{}': kustomize would pull it from {}, which needs the network, and Tollgate builds offline (vendor the chart there, e.g. with `helm pull --untar`)",
                    chart.name,
                    (self.display)(&home),
                    chart.repo
                ),
            ));
        }
        // The chart may be anywhere in the repository (helm reads it, not kustomize's loader).
        let chart_dir = self.resolve(&home, &chart.name, home_span)?;

        // The values kustomize writes to a temporary file and passes first.
        let values_path: PathBuf = match &chart.values_file {
            Some((f, span)) => self.file_in_root(kust, f, *span)?,
            None => {
                let default = chart_dir.join("values.yaml");
                let shown = (self.display)(&default);
                if !default.is_file() {
                    return Err(KError::at(
                        chart.span,
                        format!("open {shown}: no such file or directory"),
                    ));
                }
                // kustomize's loader: the chart's values.yaml must be under the root.
                if self.restrictor == super::LoadRestrictor::RootOnly
                    && !default.starts_with(&kust.dir)
                {
                    return Err(KError::at(
                        chart.span,
                        format!(
                            "security; file '{}' is not in or below '{}'",
                            default.display(),
                            kust.dir.display()
                        ),
                    ));
                }
                default
            }
        };
        let file_span = chart.values_file.as_ref().map_or(chart.span, |(_, s)| *s);
        let file_values = merge_docs(self.parse(&values_path)?, file_span)?;
        let first = match (&chart.values_inline, merge) {
            (None, _) => file_values,
            (Some(inline), "override") => merge2(inline, &file_values)?,
            (Some(inline), "merge") => merge2(&file_values, inline)?,
            (Some(inline), _) => inline.clone(),
        };
        let mut values = Vec::new();
        for (f, span) in &chart.additional_values_files {
            let path = self.file_in_root(kust, f, *span).map_err(|e| {
                KError::at(
                    *span,
                    format!("could not load additionalValuesFile: {}", e.message),
                )
            })?;
            values.push(path);
        }

        let release_name = match (&chart.name_template, chart.release_name.is_empty()) {
            (Some((_, span)), false) => {
                return Err(KError::at(
                    *span,
                    "cannot set --name-template and also specify a name",
                ))
            }
            (Some((t, span)), true) => self.name_template(t, *span)?,
            (None, false) => chart.release_name.clone(),
            (None, true) => {
                let mut base = chart_dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if let Some(i) = base.find('.') {
                    base.truncate(i);
                }
                if base.is_empty() {
                    base = "chart".to_string();
                }
                format!("{base}-{GENERATED_NAME_TIME}")
            }
        };
        let options = Options {
            release_name,
            namespace: if chart.namespace.is_empty() {
                "default".to_string()
            } else {
                chart.namespace.clone()
            },
            kube_version: (!chart.kube_version.is_empty()).then(|| chart.kube_version.clone()),
            api_versions: chart.api_versions.clone(),
            values,
            ..Options::default()
        };
        let extra = crate::render::helm::Extra {
            first_values: Some(Value::from_node(&first, 0)),
            include_crds: chart.include_crds,
        };
        let mut sources = std::mem::take(&mut self.map);
        let provenance = self.provenance.get_or_insert_with(Default::default);
        let rendered = crate::render::helm::render_nodes(
            &chart_dir,
            self.display,
            self.limits,
            &options,
            &extra,
            &mut sources,
            provenance,
        );
        self.map = sources;
        let rendered = rendered.map_err(KError::load)?;
        let mut out = Vec::new();
        for m in rendered {
            if let Some(events) = &m.hook {
                if chart.skip_hooks {
                    continue;
                }
                let test = events.iter().any(|e| {
                    let e = e.to_ascii_lowercase();
                    e == "test" || e == "test-success"
                });
                if chart.skip_tests && test {
                    continue;
                }
            }
            let mut nodes = Vec::new();
            super::expand_list(m.node, &mut nodes)?;
            out.extend(
                nodes
                    .into_iter()
                    .map(|n| Res::generated(n, "HelmChartInflationGenerator")),
            );
        }
        Ok(out)
    }

    /// Helm's `--name-template`: a template run with no data.
    fn name_template(&mut self, text: &str, span: Span) -> Result<String, KError> {
        use crate::render::helm::template::{self, Templates};
        let mut t = Templates::new(template::Limits::default());
        t.add("name-template", text, span.start)
            .map_err(|e| KError::at(span, format!("--name-template: {}", e.message)))?;
        let mut state = crate::render::helm::funcs::FuncState::default();
        let out = t
            .execute("name-template", &Value::Nil, &mut state)
            .map_err(|e| KError::at(span, format!("--name-template: {}", e.message)))?;
        Ok(out.as_str().to_string())
    }
}

/// The directory a `helmCharts` entry's chart is in, for discovery (so that a vendored chart a
/// kustomization inflates is not also checked on its own with its default values).
pub(crate) fn chart_dirs(dir: &Path, root: &Node) -> Vec<PathBuf> {
    let legacy: &[Node] = root
        .get("helmChartInflationGenerator")
        .and_then(Node::as_seq)
        .unwrap_or(&[]);
    let legacy_home = legacy
        .iter()
        .filter_map(|c| str_at(c, &["chartHome"]))
        .rfind(|h| !h.is_empty());
    let home = match root.get("helmGlobals") {
        Some(g) => g
            .get("chartHome")
            .and_then(Node::as_str)
            .unwrap_or("charts"),
        None => legacy_home.unwrap_or("charts"),
    };
    let home = if home.is_empty() { "charts" } else { home };
    let mut out = Vec::new();
    for item in legacy {
        if let Some(name) = str_at(item, &["chartName"]) {
            let mut h = dir.join(home);
            if let (Some(v), Some(_)) = (
                str_at(item, &["chartVersion"]),
                str_at(item, &["chartRepoUrl"]),
            ) {
                h = h.join(format!("{name}-{v}"));
            }
            out.push(h.join(name));
        }
    }
    for item in root.get("helmCharts").and_then(Node::as_seq).unwrap_or(&[]) {
        let Some(name) = str_at(item, &["name"]) else {
            continue;
        };
        let mut h = dir.join(home);
        if let (Some(v), Some(_)) = (str_at(item, &["version"]), str_at(item, &["repo"])) {
            h = h.join(format!("{name}-{v}"));
        }
        out.push(h.join(name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml;

    fn node(text: &str) -> Node {
        let file = crate::source::SourceFile::new("v.yaml", "v.yaml", text.to_string());
        yaml::parse_yaml(&file, &Default::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .remove(0)
    }

    fn json(n: &Node) -> serde_json::Value {
        let text = crate::document::node_to_rego(n)
            .to_json_str()
            .unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_default()
    }

    #[test]
    fn merge2_inline_wins_null_removes_lists_replace() {
        let file = node("a: 1\nb: {c: 2, d: 3, e:, f: null}\nl: [1, 2]\ngone: x\n");
        let inline = node("b: {c: 9}\nl: [5]\ngone: null\nnew: z\n");
        let merged = merge2(&inline, &file).unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(
            json(&merged),
            serde_json::json!({"a": 1, "b": {"c": 9, "d": 3, "f": null}, "l": [5], "new": "z"})
        );
        // `merge`: the file wins over inline values.
        let merged = merge2(&file, &inline).unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(
            json(&merged),
            serde_json::json!({"a": 1, "b": {"c": 2, "d": 3}, "gone": "x", "l": [1, 2], "new": "z"})
        );
    }

    #[test]
    fn merge2_refuses_a_map_over_a_scalar() {
        let file = node("a: 1\n");
        let inline = node("a: {b: 2}\n");
        let err = merge2(&inline, &file).err().map(|e| e.message);
        assert!(err.is_some_and(|m| m.contains("wrong node kind")));
    }
}
