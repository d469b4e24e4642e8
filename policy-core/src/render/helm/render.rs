//! Rendering a chart as `helm template` does: values, the template namespace, execution in
//! Helm's order, manifests split and sorted in Helm's install order, and documents whose spans
//! trace back to template and values lines.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::chart::{self, Chart, UserValues};
use super::funcs::{self, FuncState};
pub use super::options::Options;
use super::provenance::Provenance;
use super::template::{self, TemplateError, Templates};
use super::value::{Dict, Map, Str, Value};
use crate::document::Document;
use crate::source::{yaml, Limits, LoadError, SourceFile, SourceMap, Span};

/// One manifest of a rendered chart, as `helm template` prints it.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The template it came from (`podinfo/templates/deployment.yaml`).
    pub source: String,
    /// Whether it is a hook (`helm.sh/hook` annotation).
    pub hook: bool,
    /// Its document.
    pub document: Document,
}

/// Helm's install order by kind (`releaseutil.InstallOrder`); other kinds come last, sorted by
/// kind.
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

fn map_value(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(
        Dict::new(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        ),
        None,
    )
}

/// Renders the chart in `dir` and returns its manifests in Helm's install order (hooks after
/// the other manifests), each document's spans tracing back to template and values lines. A
/// library chart renders to nothing (Helm refuses to install one).
pub fn render(
    dir: &Path,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
    options: &Options,
) -> Result<Vec<Manifest>, LoadError> {
    let mut sources = SourceMap::new();
    let mut provenance = Provenance::new();
    let nodes = render_nodes(
        dir,
        display,
        limits,
        options,
        &Extra::default(),
        &mut sources,
        &mut provenance,
    )?;
    let sources = Arc::new(sources);
    let provenance = Arc::new(provenance);
    Ok(nodes
        .into_iter()
        .filter_map(|m| {
            let document =
                Document::rendered(m.node, Arc::clone(&sources), Arc::clone(&provenance))?;
            Some(Manifest {
                source: m.source,
                hook: m.hook.is_some(),
                document,
            })
        })
        .collect())
}

/// What a Kustomize `helmCharts` entry asks of `helm template` beyond [`Options`].
#[derive(Debug, Default)]
pub(crate) struct Extra {
    /// A values layer under the `-f` files (the values file kustomize writes from
    /// `valuesFile` and `valuesInline`), with origins global to the source map.
    pub first_values: Option<Value>,
    /// `--include-crds`: the files of `crds/` (the chart's, then its subcharts') come first,
    /// as written.
    pub include_crds: bool,
}

/// One rendered manifest, its spans global to the source map it was rendered into.
#[derive(Debug)]
pub(crate) struct RenderedNode {
    /// The template (or CRD file) it came from.
    pub source: String,
    /// For a hook, its `helm.sh/hook` events.
    pub hook: Option<Vec<String>>,
    /// The document; for a template's output its spans point into rendered text, which the
    /// provenance maps back; a CRD's point into its file.
    pub node: crate::source::Node,
}

/// [`render`] into a caller's source map and provenance (a Kustomize build's): the manifests
/// in `helm template`'s order (CRDs when asked, then manifests by install order, then hooks).
pub(crate) fn render_nodes(
    dir: &Path,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
    options: &Options,
    extra: &Extra,
    sources: &mut SourceMap,
    provenance: &mut Provenance,
) -> Result<Vec<RenderedNode>, LoadError> {
    let Executed {
        templates: all,
        outputs,
        crds,
    } = execute_chart(dir, display, limits, options, extra, sources)?;
    let outputs: Vec<(String, Str)> = outputs
        .into_iter()
        .filter(|(name, _)| !name.ends_with("NOTES.txt"))
        .collect();

    // Each rendered text becomes a file of the source map, its marks the provenance.
    for (_, file, base) in &all {
        provenance.add_file(*base, file.text().len());
    }
    let mut rendered: Vec<(String, Arc<SourceFile>, usize)> = Vec::new();
    for (name, out) in &outputs {
        if out.text.trim().is_empty() {
            continue;
        }
        // Helm writes each manifest followed by a newline (what a `|+` block scalar at the end
        // of a template keeps).
        let mut text = out.text.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let file = SourceFile::new(PathBuf::from(name), format!("{name} (rendered)"), text);
        let base = sources.add(Arc::clone(&file));
        provenance.extend(base, &out.marks);
        rendered.push((name.clone(), file, base));
    }
    let mut manifests = Vec::new();
    for (name, file, base) in rendered {
        let nodes = yaml::parse_yaml(&file, limits).map_err(|e| {
            // A YAML error in rendered output: point at the template text that printed it.
            // The error may be at the end of the output (an unclosed flow sequence): the last
            // byte printed before it.
            let offset = offset_of(&file, e.line, e.column);
            let traced = (0..=offset).rev().take(64 * 1024).find_map(|o| {
                provenance
                    .trace(Span::new(base + o, base + o))
                    .and_then(|t| sources.resolve(t.emitted))
            });
            match traced {
                Some((tfile, local)) => LoadError::at(
                    tfile,
                    local.start,
                    format!("YAML parse error on {name}: {}", e.message),
                ),
                None => e,
            }
        })?;
        for mut node in nodes {
            if matches!(node.value, crate::source::NodeValue::Null) {
                continue;
            }
            crate::render::kustomize::shift(&mut node, base);
            let hook = node
                .get("metadata")
                .and_then(|m| m.get("annotations"))
                .and_then(|a| a.get("helm.sh/hook"))
                .map(|h| {
                    h.as_str()
                        .unwrap_or("")
                        .split(',')
                        .map(|e| e.trim().to_string())
                        .collect()
                });
            manifests.push(RenderedNode {
                source: name.clone(),
                hook,
                node,
            });
        }
    }
    let rank = |node: &crate::source::Node| {
        let kind = node.get("kind").and_then(|k| k.as_str()).unwrap_or("");
        INSTALL_ORDER
            .iter()
            .position(|k| *k == kind)
            .map_or((1, kind.to_string()), |i| (0, format!("{i:03}")))
    };
    manifests.sort_by_cached_key(|m| (m.hook.is_some(), rank(&m.node)));
    let mut out = Vec::new();
    // `--include-crds`: the CRD files first, as written (Helm does not template them).
    for crd in crds {
        let nodes = yaml::parse_yaml(&crd.file, limits)?;
        for mut node in nodes {
            if matches!(node.value, crate::source::NodeValue::Null) {
                continue;
            }
            crate::render::kustomize::shift(&mut node, crd.base);
            out.push(RenderedNode {
                source: crd.name.clone(),
                hook: None,
                node,
            });
        }
    }
    out.extend(manifests);
    Ok(out)
}

/// What executing a chart's templates produced.
struct Executed {
    /// Every template: Helm's name, its file, its global offset.
    templates: Vec<(String, Arc<SourceFile>, usize)>,
    /// The output of every template that is not a partial (`_*`), `NOTES.txt` included, with
    /// `<no value>` removed, sorted by name.
    outputs: Vec<(String, Str)>,
    /// The CRD files to print first (`--include-crds`), in Helm's order.
    crds: Vec<chart::TemplateFile>,
}

/// The text each template of the chart in `dir` renders to, by Helm's template name, sorted:
/// what Helm's engine returns before manifests are split and sorted (partials left out,
/// `NOTES.txt` kept), for debugging a chart and for testing the engine on whole charts.
pub fn render_templates(
    dir: &Path,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
    options: &Options,
) -> Result<Vec<(String, String)>, LoadError> {
    let mut sources = SourceMap::new();
    let executed = execute_chart(
        dir,
        display,
        limits,
        options,
        &Extra::default(),
        &mut sources,
    )?;
    Ok(executed
        .outputs
        .into_iter()
        .map(|(name, out)| (name, out.text.to_string()))
        .collect())
}

/// Loads the chart, computes its values and executes every template in Helm's order.
fn execute_chart(
    dir: &Path,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
    options: &Options,
    extra: &Extra,
    sources: &mut SourceMap,
) -> Result<Executed, LoadError> {
    let loaded = chart::load(dir, sources, display, limits)?;
    // A library chart has no manifests of its own: it renders to nothing (Helm refuses to
    // install one; for a gate it is a valid chart with nothing to check, rendered through the
    // charts that depend on it).
    if loaded.metadata.chart_type == "library" {
        return Ok(Executed {
            templates: Vec::new(),
            outputs: Vec::new(),
            crds: Vec::new(),
        });
    }
    let input = UserValues {
        files: options.values.clone(),
        set: options.set.clone(),
        set_string: options.set_string.clone(),
        first: extra.first_values.clone(),
    };
    let user = chart::user_values(&input, sources, display, limits)?;
    let (root, values) = chart::prepare(loaded, user, sources)?;
    let caps = chart::capabilities(options.kube_version.as_deref(), &options.api_versions)
        .map_err(|e| LoadError::whole_file(display(dir), e))?;
    check_kube_version(&root, &caps)?;
    let release = map_value(vec![
        ("Name", Value::str(options.release_name.as_str())),
        ("Namespace", Value::str(options.namespace.as_str())),
        ("IsUpgrade", Value::Bool(false, None)),
        ("IsInstall", Value::Bool(true, None)),
        ("Revision", Value::Int(1, None)),
        ("Service", Value::str("Helm")),
    ]);

    // Every template of the chart and its subcharts, with the data it is executed with.
    let mut jobs: Vec<(String, Value)> = Vec::new();
    let mut all: Vec<(String, Arc<SourceFile>, usize)> = Vec::new();
    collect(&root, &values, &release, &caps, &mut jobs, &mut all);

    // Parse in Helm's order (deepest paths first, then by name, reversed) so that a define in
    // a parent chart wins over a subchart's of the same name.
    let depth = |s: &str| s.matches('/').count();
    all.sort_by(|a, b| (depth(&b.0), &b.0).cmp(&(depth(&a.0), &a.0)));
    let mut templates = Templates::new(options.template_limits.clone());
    for (name, file, base) in &all {
        templates
            .add(name, file.text(), *base)
            .map_err(|e| template_error(sources, &e, "parse error"))?;
    }
    let jobs: std::collections::HashMap<&str, &Value> =
        jobs.iter().map(|(n, v)| (n.as_str(), v)).collect();
    let order: Vec<&String> = all.iter().map(|(n, _, _)| n).collect();
    // All templates on one thread with a deep stack (Helm allows 1000 nested includes).
    let executed = template::with_deep_stack(|| {
        let mut state = FuncState::default();
        let mut outputs: Vec<(String, Str)> = Vec::new();
        for name in order {
            let base = name.rsplit('/').next().unwrap_or("");
            if base.starts_with('_') {
                continue;
            }
            let Some(data) = jobs.get(name.as_str()) else {
                continue;
            };
            let out = templates.execute_here(name, data, &mut state)?;
            outputs.push((name.clone(), template::strip_no_value(&out)));
        }
        Ok(outputs)
    });
    let mut outputs = match executed {
        Ok(Ok(outputs)) => outputs,
        Ok(Err(e)) => return Err(template_error(sources, &e, "execution error")),
        Err(message) => return Err(LoadError::whole_file(display(dir), message)),
    };
    outputs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut crds = Vec::new();
    if extra.include_crds {
        crd_files(&root, &mut crds);
    }
    Ok(Executed {
        templates: all,
        outputs,
        crds,
    })
}

/// A chart's CRD files, then its subcharts' (Helm's `CRDObjects`).
fn crd_files(chart: &Chart, out: &mut Vec<chart::TemplateFile>) {
    out.extend(chart.crds.iter().cloned());
    for dep in &chart.dependencies {
        crd_files(dep, out);
    }
}

/// Gathers the templates of `chart` and its subcharts with their data (`.Values` scoped to the
/// chart, `.Chart`, `.Files`, `.Subcharts`, `.Template`), as Helm's `recAllTpls`.
fn collect(
    chart: &Chart,
    values: &Value,
    release: &Value,
    caps: &Value,
    jobs: &mut Vec<(String, Value)>,
    all: &mut Vec<(String, Arc<SourceFile>, usize)>,
) -> Value {
    let subcharts = Dict::default();
    let mut next: Map = Map::new();
    next.insert("Chart".into(), chart::chart_object(chart));
    next.insert("Files".into(), chart.files.clone());
    next.insert("Release".into(), release.clone());
    next.insert("Capabilities".into(), caps.clone());
    next.insert("Values".into(), values.clone());
    next.insert("Subcharts".into(), Value::Map(subcharts.clone(), None));
    let next_value = Value::Map(Dict::new(next.clone()), None);
    for dep in &chart.dependencies {
        let sub_values = values
            .as_map()
            .and_then(|m| m.get(&dep.name))
            .filter(|v| v.as_map().is_some())
            .unwrap_or_else(Value::empty_map);
        let sub = collect(dep, &sub_values, release, caps, jobs, all);
        subcharts.write().insert(dep.name.clone(), sub);
    }
    let library = chart.metadata.chart_type == "library";
    for t in &chart.templates {
        let base_name = t.name.rsplit('/').next().unwrap_or("");
        if library && !base_name.starts_with('_') {
            continue;
        }
        let base_path = match t.name.find("/templates/") {
            Some(i) => t.name[..i + "/templates".len()].to_string(),
            None => String::new(),
        };
        let mut data = next.clone();
        data.insert(
            "Template".into(),
            map_value(vec![
                ("Name", Value::str(t.name.as_str())),
                ("BasePath", Value::str(base_path)),
            ]),
        );
        jobs.push((t.name.clone(), Value::Map(Dict::new(data), None)));
        all.push((t.name.clone(), Arc::clone(&t.file), t.base));
    }
    next_value
}

/// The chart's `kubeVersion` constraint against the capabilities, as Helm checks it.
fn check_kube_version(chart: &Chart, caps: &Value) -> Result<(), LoadError> {
    let constraint = chart.metadata.kube_version.as_str();
    if constraint.is_empty() {
        return Ok(());
    }
    let version = match caps {
        Value::Map(m, _) => m.get("KubeVersion"),
        _ => None,
    };
    let version = match version {
        Some(Value::Object(o)) => o
            .field("Version")
            .and_then(|v| v.as_str().map(String::from)),
        _ => None,
    };
    let Some(version) = version else {
        return Ok(());
    };
    let Some(semver_compare) = funcs::lookup("semverCompare") else {
        return Ok(());
    };
    let ok = semver_compare(
        &mut FuncState::default(),
        &[Value::str(constraint), Value::str(version.as_str())],
    )
    .map(|v| v.truthy())
    .unwrap_or(false);
    if ok {
        return Ok(());
    }
    let at = chart
        .chart_file
        .text()
        .find("kubeVersion")
        .unwrap_or_default();
    Err(LoadError::at(
        &chart.chart_file,
        at,
        format!(
            "chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {version} (set --kube-version)"
        ),
    ))
}

/// A template error as a load error at its template line and column. The message is Helm's:
/// `execution error at (chart/templates/x.yaml:2:9): …` (Go's position: 1-based line, 0-based
/// byte column; a parse error names the line only), and for `required` and `fail` only their
/// message, as Helm shows them.
fn template_error(sources: &SourceMap, e: &TemplateError, what: &str) -> LoadError {
    let message = ["error calling required: ", "error calling fail: "]
        .iter()
        .find_map(|p| e.message.find(p).map(|i| &e.message[i + p.len()..]))
        .unwrap_or(&e.message);
    match sources.resolve(e.span) {
        Some((file, local)) => {
            let line = file.location(local.start).line;
            let line_start = file.lines().line_start(line).unwrap_or(0);
            let go_column = local.start.saturating_sub(line_start);
            // Go names a parse error's line only.
            let at = if what == "parse error" {
                format!("{}:{line}", e.template)
            } else {
                format!("{}:{line}:{go_column}", e.template)
            };
            LoadError::at(file, local.start, format!("{what} at ({at}): {message}"))
        }
        None => LoadError::whole_file(e.template.clone(), format!("{what}: {message}")),
    }
}

/// The byte offset of a 1-based line and character column of `file`.
fn offset_of(file: &SourceFile, line: usize, column: usize) -> usize {
    let start = file.lines().line_start(line).unwrap_or(0);
    let rest = file.text().get(start..).unwrap_or("");
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}
