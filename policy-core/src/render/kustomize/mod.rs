//! Native Kustomize builds, as `kubectl kustomize` (kustomize 5.5) builds a root, keeping
//! provenance: every node of a built object keeps the span of the text that set it last (the
//! base resource line, the patch line, the kustomization line of a transformer such as
//! `namespace:` or `images:`, the generator's literal or file). Spans are global to one
//! [`SourceMap`] per build; [`crate::document::Document::resolve`] maps them back to files.
//!
//! The steps follow kustomize's `KustTarget`: per kustomization, `resources` (files and other
//! roots, each built first), its transformer `configurations` (field specs), generators (then
//! the built-in `generators:` plugin configurations), `components` (applied to what the parent
//! accumulated), then the transformers in kustomize's order (strategic-merge patches,
//! `patches`, namespace, prefix, suffix, labels, annotations, JSON 6902 patches, replicas,
//! images, replacements, then the built-in `transformers:` plugin configurations, then the
//! `validators:`); at the top only, content-hash suffixes of generated objects, name
//! references, vars, the removal of `config.kubernetes.io/local-config` objects, the sort
//! order and what `buildMetadata` asks for (`plugins.rs`).
//!
//! Load restrictions are kustomize's default (root only): a kustomization reads files in or
//! below its own directory; other kustomization roots may be anywhere in the repository.
//! [`Options::load_restrictor`] can lift that (`LoadRestrictionsNone`), never the fence: a
//! path that leaves the repository (through `..` or a symlink) is refused either way, cycles
//! are reported with their chain, and remote resources are refused (no network).
//!
//! What a patch removes leaves no node to carry provenance: [`build_with_removals`] hands out, with
//! each document, the removals overlays made ([`Removal`]: where the field was, the line
//! that removed it), for findings to show them.

mod entry;
mod fieldpath;
mod fieldspecs;
mod generators;
mod helm;
mod jsonpatch;
mod merge_keys;
mod nameref;
mod namereference;
mod openapi;
mod patch;
mod plugins;
mod removals;
mod replacements;
mod smp;
mod transform;
mod vars;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::document::{read_source, Document};
use crate::source::confine::{Fence, Refusal};
use crate::source::{yaml, Entry, Limits, LoadError, Node, NodeValue, SourceFile, SourceMap, Span};

pub use entry::{
    build_traced, build_traced_with, build_with, build_with_options, build_with_removals,
    removal_related, Built, LoadRestrictor, Options, Removal, RemovalHow,
};

/// The names a kustomization file may have, in kustomize's order of preference.
pub use crate::source::discover::KUSTOMIZATION_NAMES as KUSTOMIZATION_FILES;

/// Fields of a `Kustomization` (and `Component`) kustomize 5.5 knows.
const KNOWN_FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "openapi",
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "patchesStrategicMerge",
    "patchesJson6902",
    "patches",
    "images",
    "imageTags",
    "replacements",
    "replicas",
    "vars",
    "sortOptions",
    "resources",
    "components",
    "crds",
    "bases",
    "configMapGenerator",
    "secretGenerator",
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "generatorOptions",
    "configurations",
    "generators",
    "transformers",
    "validators",
    "buildMetadata",
];

/// Fields this renderer does not implement yet: a root using one is an error that says so,
/// never a build that silently differs from kustomize's.
const UNSUPPORTED: &[(&str, &str)] = &[];

/// The kustomization file of `dir`, if it has one.
pub fn kustomization_file(dir: &Path) -> Option<PathBuf> {
    KUSTOMIZATION_FILES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
}

/// An error of a build: where (a global span, or a whole file) and what.
#[derive(Debug)]
pub(crate) struct KError {
    span: Option<Span>,
    file: Option<String>,
    message: String,
    /// An error with its own position (a Helm chart's template error), passed on as is.
    load: Option<Box<LoadError>>,
}

impl KError {
    pub(crate) fn at(span: Span, message: impl Into<String>) -> Self {
        KError {
            span: Some(span),
            file: None,
            message: message.into(),
            load: None,
        }
    }

    fn load(e: LoadError) -> Self {
        KError {
            span: None,
            file: None,
            message: e.message.clone(),
            load: Some(Box::new(e)),
        }
    }

    fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        KError {
            span: None,
            file: Some(file.into()),
            message: message.into(),
            load: None,
        }
    }
}

/// One object being built, with what kustomize remembers of it.
#[derive(Debug, Clone)]
pub(crate) struct Res {
    pub node: Node,
    /// Every name it had, the original first (patches and references match any of them).
    pub names: Vec<String>,
    /// Every namespace it had (`""` for none).
    pub namespaces: Vec<String>,
    /// The prefixes and suffixes applied to its name, in order (references only resolve to an
    /// object carrying the same ones, as in kustomize).
    pub affixes: Vec<(String, String)>,
    /// Made by a generator that wants a content-hash suffix.
    pub hashed: bool,
    /// Kinds it had before a patch changed its kind (`allowKindChange`): references to it by
    /// such a kind still resolve, as in kustomize.
    pub previous_kinds: Vec<String>,
    /// Made by this built-in generator kind (`HelmChartInflationGenerator`, …) of the
    /// kustomization being built: with `buildMetadata`, the object records it as its origin
    /// (see [`Res::generated`]); taken once the generators of the kustomization ran.
    pub generated_by: Option<String>,
    /// The legacy `vars` that name it (kustomize's `refVarNames`).
    pub ref_vars: Vec<String>,
    /// The ids it had before transformers changed them, oldest first (kustomize's previous
    /// ids: what name references resolve through).
    pub prev_ids: Vec<nameref::PrevId>,
    /// What patches removed from it (provenance of what is no longer there).
    pub removals: Vec<removals::Rec>,
}

impl Res {
    fn new(node: Node) -> Self {
        let name = str_at(&node, &["metadata", "name"])
            .unwrap_or("")
            .to_string();
        let ns = str_at(&node, &["metadata", "namespace"])
            .unwrap_or("")
            .to_string();
        Res {
            node,
            names: vec![name],
            namespaces: vec![ns],
            affixes: Vec::new(),
            hashed: false,
            previous_kinds: Vec::new(),
            generated_by: None,
            ref_vars: Vec::new(),
            prev_ids: Vec::new(),
            removals: Vec::new(),
        }
    }

    /// An object a built-in generator (`kind`, e.g. `HelmChartInflationGenerator`) of the
    /// kustomization being built made. Add it to the accumulated objects before the
    /// kustomization's `generators:` run (they give it its origin,
    /// `configuredIn: <kustomization file>`, `configuredBy: {apiVersion: builtin, kind}`).
    pub(crate) fn generated(node: Node, kind: &str) -> Self {
        let mut r = Res::new(node);
        r.generated_by = Some(kind.to_string());
        r
    }

    pub fn api_version(&self) -> &str {
        str_at(&self.node, &["apiVersion"]).unwrap_or("")
    }

    pub fn kind(&self) -> &str {
        str_at(&self.node, &["kind"]).unwrap_or("")
    }

    pub fn name(&self) -> &str {
        str_at(&self.node, &["metadata", "name"]).unwrap_or("")
    }

    pub fn namespace(&self) -> &str {
        str_at(&self.node, &["metadata", "namespace"]).unwrap_or("")
    }

    /// `apps` of `apps/v1`, `""` of `v1`.
    pub fn group(&self) -> &str {
        group_of(self.api_version())
    }

    /// `v1` of `apps/v1` and of `v1`.
    pub fn version(&self) -> &str {
        version_of(self.api_version())
    }

    /// kustomize's `ResId.IsSelectedBy`, over the object's current id and those it had (its
    /// earlier names, namespaces and kinds; group and version are its current ones, as in
    /// kustomize's `MakeResIds`).
    pub(crate) fn selected_by_id(&self, sel: &IdSelector) -> bool {
        (sel.group.is_empty() || sel.group == self.group())
            && (sel.version.is_empty() || sel.version == self.version())
            && (sel.kind.is_empty()
                || sel.kind == self.kind()
                || self.previous_kinds.contains(&sel.kind))
            && (sel.name.is_empty() || self.names.contains(&sel.name))
            && (sel.namespace.is_empty()
                || (!transform::is_cluster_scoped(self)
                    && self.namespaces.iter().any(|n| ns_eq(n, &sel.namespace))))
    }

    /// How kustomize names the object in messages: `apps_v1_Deployment|ns|name`.
    pub(crate) fn id(&self) -> String {
        let av = self.api_version();
        let (g, v) = match av.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", av),
        };
        let mut gvk = Vec::new();
        for part in [g, v, self.kind()] {
            if !part.is_empty() {
                gvk.push(part);
            }
        }
        let ns = match self.namespace() {
            "" => "~X",
            n => n,
        };
        format!("[{}|{}|{}]", gvk.join("_"), ns, self.name())
    }

    /// Whether this object and `other` are the same object for kustomize (`ResId.Equals`:
    /// group, version, kind, namespace, name).
    fn same_id(&self, other: &Res) -> bool {
        self.group() == other.group()
            && self.version() == other.version()
            && self.kind() == other.kind()
            && self.name() == other.name()
            && ns_eq(self.namespace(), other.namespace())
    }
}

pub(crate) fn group_of(api_version: &str) -> &str {
    api_version.split_once('/').map_or("", |(g, _)| g)
}

/// `v1` of `apps/v1` and of `v1`.
pub(crate) fn version_of(api_version: &str) -> &str {
    api_version.split_once('/').map_or(api_version, |(_, v)| v)
}

/// A selector of kustomize's `ResId` (`IsSelectedBy`): the fields it sets must be equal.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdSelector {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

impl IdSelector {
    /// The `group`, `version`, `kind`, `name` and `namespace` of a selector mapping.
    pub(crate) fn of(node: &Node) -> Self {
        let s = |k: &str| str_at(node, &[k]).unwrap_or("").to_string();
        IdSelector {
            group: s("group"),
            version: s("version"),
            kind: s("kind"),
            name: s("name"),
            namespace: s("namespace"),
        }
    }

    /// Whether it selects nothing in particular (every field empty).
    pub(crate) fn is_empty(&self) -> bool {
        self.group.is_empty()
            && self.version.is_empty()
            && self.kind.is_empty()
            && self.name.is_empty()
            && self.namespace.is_empty()
    }
}

/// Namespaces compare with `""` and `default` equal, as in kustomize.
pub(crate) fn ns_eq(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> &str {
        if s.is_empty() {
            "default"
        } else {
            s
        }
    }
    norm(a) == norm(b)
}

/// A compiled regular expression, cached by pattern: kustomize's selectors and image names are
/// regular expressions, and the same few patterns recur across the objects of a build and the
/// roots of a run (compiling one costs far more than building a small overlay).
pub(crate) fn regex(pattern: &str) -> Result<Arc<regex::Regex>, regex::Error> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    static CACHE: LazyLock<Mutex<HashMap<String, Arc<regex::Regex>>>> =
        LazyLock::new(Default::default);
    let lock = || CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(r) = lock().get(pattern) {
        return Ok(Arc::clone(r));
    }
    let compiled = Arc::new(regex::Regex::new(pattern)?);
    let mut cache = lock();
    if cache.len() >= 4096 {
        cache.clear();
    }
    cache.insert(pattern.to_string(), Arc::clone(&compiled));
    Ok(compiled)
}

/// The string at a path of mapping keys.
pub(crate) fn str_at<'a>(node: &'a Node, path: &[&str]) -> Option<&'a str> {
    let mut n = node;
    for key in path {
        n = n.get(key)?;
    }
    n.as_str()
}

/// Adds `base` to every span of `node`.
pub(crate) fn shift(node: &mut Node, base: usize) {
    node.span = Span::new(node.span.start + base, node.span.end + base);
    match &mut node.value {
        NodeValue::Seq(items) => items.iter_mut().for_each(|n| shift(n, base)),
        NodeValue::Map(entries) => {
            for e in entries {
                e.key_span = Span::new(e.key_span.start + base, e.key_span.end + base);
                shift(&mut e.value, base);
            }
        }
        _ => {}
    }
}

/// A mutable mapping entry's value by key.
pub(crate) fn get_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    match &mut node.value {
        NodeValue::Map(entries) => entries
            .iter_mut()
            .find(|e| e.key == key)
            .map(|e| &mut e.value),
        _ => None,
    }
}

/// Sets `key` in a mapping to `value` (replacing or appending), with `key_span` for a new key.
pub(crate) fn set(node: &mut Node, key: &str, value: Node, key_span: Span) {
    if let NodeValue::Map(entries) = &mut node.value {
        match entries.iter_mut().find(|e| e.key == key) {
            Some(e) => e.value = value,
            None => entries.push(Entry {
                key: key.to_string(),
                key_span,
                value,
            }),
        }
    }
}

/// The mapping at `key` of `node`, created (with `span`) when missing or null.
pub(crate) fn map_at<'a>(node: &'a mut Node, key: &str, span: Span) -> Option<&'a mut Node> {
    let NodeValue::Map(entries) = &mut node.value else {
        return None;
    };
    let i = match entries.iter().position(|e| e.key == key) {
        Some(i) => i,
        None => {
            entries.push(Entry {
                key: key.to_string(),
                key_span: span,
                value: Node {
                    span,
                    value: NodeValue::Map(Vec::new()),
                },
            });
            entries.len() - 1
        }
    };
    let value = &mut entries[i].value;
    if matches!(value.value, NodeValue::Null) {
        *value = Node {
            span,
            value: NodeValue::Map(Vec::new()),
        };
    }
    matches!(value.value, NodeValue::Map(_)).then_some(value)
}

pub(crate) fn string_node(s: &str, span: Span) -> Node {
    Node {
        span,
        value: NodeValue::String(s.to_string()),
    }
}

/// Where a build reads file contents from, when not the work tree (e.g. the git index):
/// `Ok(Some(bytes))`, `Ok(None)` for a file that is not part of it, or an error message.
pub type FileReader<'a> = dyn Fn(&Path) -> Result<Option<Vec<u8>>, String> + Sync + 'a;

/// The build of one root: the files read (one address space), the chain of roots being built
/// (cycle detection) and the repository the build may not leave.
struct Build<'a> {
    /// Reads a file's bytes instead of the file system (`--staged`: the index), when set.
    reader: Option<&'a FileReader<'a>>,
    map: SourceMap,
    /// Where the rendered text of `helmCharts` comes from (templates and values lines), once a
    /// chart was inflated.
    provenance: Option<crate::render::helm::Provenance>,
    /// Legacy `vars` of every kustomization of the build (resolved at the top).
    vars: Vec<vars::Var>,
    /// kustomize's OpenAPI schema state (`openapi`) and what `crds` added.
    openapi: openapi::OpenApiState,
    /// `buildMetadata`, origins and the transformer configuration (`configurations`).
    meta: plugins::Meta,
    display: &'a dyn Fn(&Path) -> String,
    limits: &'a Limits,
    stack: Vec<PathBuf>,
    /// Nothing outside it is read (see [`confine`](crate::source::confine)).
    fence: Fence,
    /// Which files a kustomization may read (`--load-restrictor`).
    restrictor: LoadRestrictor,
    /// Binary files read (generator inputs that are not text: not in `map`).
    read_binary: Vec<PathBuf>,
}

/// A loaded kustomization file.
struct Kust {
    dir: PathBuf,
    file: Arc<SourceFile>,
    root: Node,
}

impl Kust {
    fn get(&self, key: &str) -> Option<&Node> {
        self.root
            .get(key)
            .filter(|n| !matches!(n.value, NodeValue::Null))
    }

    fn strings(&self, key: &str) -> Result<Vec<(String, Span)>, KError> {
        let Some(node) = self.get(key) else {
            return Ok(Vec::new());
        };
        let Some(items) = node.as_seq() else {
            return Err(KError::at(node.span, format!("`{key}` must be a list")));
        };
        items
            .iter()
            .map(|n| match &n.value {
                NodeValue::String(s) => Ok((s.clone(), n.span)),
                _ => Err(KError::at(
                    n.span,
                    format!("`{key}` entries must be strings"),
                )),
            })
            .collect()
    }

    fn string(&self, key: &str) -> Result<Option<(String, Span)>, KError> {
        match self.get(key) {
            None => Ok(None),
            Some(n) => match &n.value {
                NodeValue::String(s) => Ok(Some((s.clone(), n.span))),
                _ => Err(KError::at(n.span, format!("`{key}` must be a string"))),
            },
        }
    }
}

/// Builds the Kustomize root `dir` as `kubectl kustomize dir` does; the documents are in
/// kustomize's output order. `display` names files in messages and spans. Nothing outside the
/// git repository holding `dir` (else `dir` itself) is read ([`Fence::around`]).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use policy_core::render::kustomize::build;
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("kustomization.yaml"),
///     "resources: [cm.yaml]\nnamePrefix: prod-\n")?;
/// std::fs::write(dir.path().join("cm.yaml"),
///     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n")?;
/// let docs = build(dir.path(), &|p| p.display().to_string(), &Default::default())?;
/// assert_eq!(docs[0].resource.name, "prod-app");
/// # Ok(())
/// # }
/// ```
pub fn build(
    dir: &Path,
    display: &dyn Fn(&Path) -> String,
    limits: &Limits,
) -> Result<Vec<Document>, LoadError> {
    build_with(dir, &Fence::around(dir), display, limits, None)
}

fn to_load_error(
    map: &SourceMap,
    provenance: Option<&crate::render::helm::Provenance>,
    e: KError,
    fallback: &str,
) -> LoadError {
    if let Some(load) = e.load {
        return *load;
    }
    if let Some(span) = e.span {
        // A span in a chart's rendered text: where the template printed it.
        let span = provenance
            .and_then(|p| p.trace(span))
            .map_or(span, |t| t.emitted);
        if let Some((file, local)) = map.resolve(span) {
            return LoadError::at(file, local.start, e.message);
        }
    }
    LoadError::whole_file(e.file.unwrap_or_else(|| fallback.to_string()), e.message)
}

/// The top of the git repository holding `dir` (builds may not leave it), or `/`.
/// Whether a resource entry names something on the network.
fn is_remote(s: &str) -> bool {
    s.contains("://")
        || s.starts_with("github.com/")
        || s.starts_with("gitlab.com/")
        || s.starts_with("bitbucket.org/")
        || s.starts_with("git@")
        || s.starts_with("git::")
        || s.contains(".git?ref=")
        || s.contains(".git//")
}

/// `base/..` resolved lexically (kustomize resolves paths before the restrictor looks).
fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl Build<'_> {
    fn read(&mut self, path: &Path) -> Result<(Arc<SourceFile>, usize), KError> {
        let shown = (self.display)(path);
        let file = match self.reader {
            Some(reader) => match reader(path) {
                Ok(Some(bytes)) => {
                    crate::document::source_from_content(path, &shown, bytes, self.limits)
                        .map_err(|e| KError::file(&shown, e.message))?
                }
                Ok(None) => {
                    return Err(KError::file(
                        &shown,
                        "the file is not staged (it is not part of the commit)",
                    ))
                }
                Err(e) => return Err(KError::file(&shown, e)),
            },
            None => read_source(&self.fence, path, &shown, self.limits)
                .map_err(|e| KError::file(&shown, e.message))?,
        };
        let base = self.map.add(Arc::clone(&file));
        Ok((file, base))
    }

    /// Parses a YAML file into documents with global spans (null documents dropped).
    fn parse(&mut self, path: &Path) -> Result<Vec<Node>, KError> {
        let (file, base) = self.read(path)?;
        self.parse_text(&file, base)
    }

    fn parse_text(&mut self, file: &Arc<SourceFile>, base: usize) -> Result<Vec<Node>, KError> {
        let docs = yaml::parse_yaml(file, self.limits).map_err(|e| {
            let offset = file
                .lines()
                .line_start(e.line)
                .map_or(0, |s| s + e.column.saturating_sub(1));
            KError::at(Span::new(base + offset, base + offset), e.message)
        })?;
        Ok(docs
            .into_iter()
            .filter(|d| !matches!(d.value, NodeValue::Null))
            .map(|mut d| {
                shift(&mut d, base);
                d
            })
            .collect())
    }

    /// The canonical path of `rel` relative to `dir`, which must stay inside the repository.
    fn resolve(&self, dir: &Path, rel: &str, span: Span) -> Result<PathBuf, KError> {
        let joined = clean(&dir.join(rel));
        self.fence.resolve(&joined).map_err(|e| match e {
            Refusal::Io(e) => KError::at(
                span,
                format!("'{}' cannot be read: {e}", (self.display)(&joined)),
            ),
            Refusal::Outside { target, root, .. } => KError::at(
                span,
                format!(
                    "security; '{rel}' resolves to '{}', outside the checked root '{}'",
                    target.display(),
                    root.display()
                ),
            ),
            other => KError::at(span, format!("'{rel}': {other}")),
        })
    }

    /// A file a kustomization reads: in or below its directory with kustomize's root-only
    /// load restrictor (the default), anywhere inside the fence with `LoadRestrictionsNone`.
    fn file_in_root(&self, kust: &Kust, rel: &str, span: Span) -> Result<PathBuf, KError> {
        let path = self.resolve(&kust.dir, rel, span)?;
        if self.restrictor == LoadRestrictor::RootOnly && !path.starts_with(&kust.dir) {
            return Err(KError::at(
                span,
                format!(
                    "security; file '{}' is not in or below '{}'",
                    path.display(),
                    kust.dir.display()
                ),
            ));
        }
        Ok(path)
    }

    fn load_kustomization(&mut self, dir: &Path, span: Option<Span>) -> Result<Kust, KError> {
        let found: Vec<PathBuf> = KUSTOMIZATION_FILES
            .iter()
            .map(|n| dir.join(n))
            .filter(|p| p.is_file())
            .collect();
        let path = match found.as_slice() {
            [one] => one.clone(),
            [] => {
                let msg = format!(
                    "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{}'",
                    (self.display)(dir)
                );
                return Err(match span {
                    Some(s) => KError::at(s, msg),
                    None => KError::file((self.display)(dir), msg),
                });
            }
            _ => {
                return Err(KError::file(
                    (self.display)(dir),
                    "Found multiple kustomization files",
                ))
            }
        };
        let (file, base) = self.read(&path)?;
        let mut docs = self.parse_text(&file, base)?;
        let root = match docs.len() {
            0 => Node {
                span: Span::new(base, base),
                value: NodeValue::Map(Vec::new()),
            },
            1 => docs.remove(0),
            _ => {
                return Err(KError::at(
                    docs[1].span,
                    "a kustomization file holds one document",
                ))
            }
        };
        let NodeValue::Map(entries) = &root.value else {
            return Err(KError::at(root.span, "a kustomization must be a mapping"));
        };
        for e in entries {
            if !KNOWN_FIELDS.contains(&e.key.as_str()) {
                return Err(KError::at(
                    e.key_span,
                    format!("invalid Kustomization: json: unknown field \"{}\"", e.key),
                ));
            }
            if let Some((_, why)) = UNSUPPORTED.iter().find(|(k, _)| *k == e.key) {
                if !matches!(e.value.value, NodeValue::Null) {
                    return Err(KError::at(
                        e.key_span,
                        format!("{why} (Tollgate's native Kustomize)"),
                    ));
                }
            }
        }
        Ok(Kust {
            dir: dir.to_path_buf(),
            file,
            root,
        })
    }

    fn top(&mut self, dir: &Path) -> Result<Vec<Res>, KError> {
        let kust = self.load_kustomization(dir, None)?;
        self.set_openapi(&kust, true, &[])?;
        plugins::start(self, &kust)?;
        // A Component named on its own is built like a kustomization, as kustomize does.
        self.stack.push(dir.to_path_buf());
        let mut ra = self.accumulate(&kust, Vec::new())?;
        self.stack.pop();
        self.openapi_finish(&ra)?;
        transform::finish(&mut ra, &self.meta.tconfig)?;
        let var_specs = self.meta.tconfig.var_reference.clone();
        vars::resolve(&self.vars, &mut ra, &var_specs)?;
        ra.retain(|r| {
            str_at(
                &r.node,
                &[
                    "metadata",
                    "annotations",
                    "config.kubernetes.io/local-config",
                ],
            ) != Some("true")
        });
        transform::sort_objects(&kust, &mut ra)?;
        plugins::finish(self, &mut ra)?;
        Ok(ra)
    }

    /// kustomize's `accumulateTarget`: `ra` holds what a parent accumulated when `kust` is a
    /// component, and is empty otherwise.
    fn accumulate(&mut self, kust: &Kust, mut ra: Vec<Res>) -> Result<Vec<Res>, KError> {
        let mut entries = kust.strings("resources")?;
        entries.extend(kust.strings("bases")?);
        for (entry, span) in entries {
            for r in self.resource_entry(kust, &entry, span)? {
                add_unique(&mut ra, r)?;
            }
        }
        transform::configurations(self, kust)?;
        self.crds(kust)?;
        self.generate(kust, &mut ra)?;
        self.helm_charts(kust, &mut ra)?;
        plugins::generators(self, kust, &mut ra)?;
        for (entry, span) in kust.strings("components")? {
            if is_remote(&entry) {
                return Err(KError::at(
                    span,
                    format!("'{entry}' is a remote component: Tollgate builds offline"),
                ));
            }
            let dir = self.resolve(&kust.dir, &entry, span)?;
            if !dir.is_dir() {
                return Err(KError::at(
                    span,
                    format!("component '{entry}' must be a directory"),
                ));
            }
            self.enter(&dir, span)?;
            let comp = self.load_kustomization(&dir, Some(span))?;
            self.set_openapi(&comp, false, &ra)?;
            if str_at(&comp.root, &["kind"]) != Some("Component") {
                self.stack.pop();
                return Err(KError::at(
                    span,
                    format!("'{entry}' is not a Component (its kind must be Component)"),
                ));
            }
            ra = plugins::accumulate_component(self, &comp, ra, &entry)?;
            self.stack.pop();
        }
        transform::run(self, kust, &mut ra)?;
        vars::collect(self, kust, &mut ra)?;
        self.openapi.saw_res(&ra)?;
        Ok(ra)
    }

    fn enter(&mut self, dir: &Path, span: Span) -> Result<(), KError> {
        if let Some(i) = self.stack.iter().position(|d| d == dir) {
            let chain: Vec<String> = self.stack[i..]
                .iter()
                .chain(std::iter::once(&dir.to_path_buf()))
                .map(|d| (self.display)(d))
                .collect();
            return Err(KError::at(
                span,
                format!("cycle detected: {}", chain.join(" -> ")),
            ));
        }
        if self.stack.len() > 64 {
            return Err(KError::at(span, "kustomizations nest more than 64 deep"));
        }
        self.stack.push(dir.to_path_buf());
        Ok(())
    }

    /// One `resources` entry: a file of objects, or another root, built first.
    fn resource_entry(&mut self, kust: &Kust, entry: &str, span: Span) -> Result<Vec<Res>, KError> {
        if is_remote(entry) {
            return Err(KError::at(
                span,
                format!("'{entry}' is a remote resource: it needs the network, and Tollgate builds offline (vendor it into the repository)"),
            ));
        }
        let path = self.resolve(&kust.dir, entry, span)?;
        if path.is_dir() {
            self.enter(&path, span)?;
            let sub = self.load_kustomization(&path, Some(span))?;
            self.set_openapi(&sub, false, &[])?;
            if str_at(&sub.root, &["kind"]) == Some("Component") {
                self.stack.pop();
                return Err(KError::at(
                    span,
                    format!(
                        "'{entry}' is a Component: list it under `components`, not `resources`"
                    ),
                ));
            }
            let built = plugins::accumulate_root(self, &sub, entry);
            self.stack.pop();
            return built;
        }
        let path = self.file_in_root(kust, entry, span)?;
        let mut out = Vec::new();
        for doc in self.parse(&path)? {
            expand_list(doc, &mut out)?;
        }
        self.openapi.saw_nodes(&out)?;
        let mut out: Vec<Res> = out.into_iter().map(Res::new).collect();
        plugins::file_origin(self, entry, span, &mut out);
        Ok(out)
    }

    fn generate(&mut self, kust: &Kust, ra: &mut Vec<Res>) -> Result<(), KError> {
        let options = kust.get("generatorOptions").cloned();
        for (key, kind) in [
            ("configMapGenerator", generators::GenKind::ConfigMap),
            ("secretGenerator", generators::GenKind::Secret),
        ] {
            let Some(list) = kust.get(key) else { continue };
            let Some(items) = list.as_seq() else {
                return Err(KError::at(list.span, format!("`{key}` must be a list")));
            };
            for item in items {
                let mut loader = Loader { build: self, kust };
                let generated = generators::generate(kind, item, options.as_ref(), &mut loader)
                    .map_err(|(span, msg)| KError::at(span, msg))?;
                // kustomize's appendReplaceOrMerge: match by any id, current or previous.
                let kind_name = match kind {
                    generators::GenKind::ConfigMap => "ConfigMap",
                    generators::GenKind::Secret => "Secret",
                };
                let origin =
                    plugins::generator_origin(self, kust, &format!("{kind_name}Generator"));
                plugins::absorb(ra, generated, kind_name, item.span, origin.as_ref())?;
            }
        }
        Ok(())
    }
}

/// What the generators read files with: confined to the kustomization's directory.
struct Loader<'a, 'b> {
    build: &'a mut Build<'b>,
    kust: &'a Kust,
}

impl generators::GenLoader for Loader<'_, '_> {
    fn read(&mut self, rel_path: &str) -> Result<generators::GenFile, String> {
        let path = self
            .build
            .file_in_root(self.kust, rel_path, self.kust.root.span)
            .map_err(|e| e.message)?;
        let bytes = self
            .build
            .fence
            .read(&path, self.build.limits.max_file_bytes)
            .map_err(|e| format!("{}: {e}", (self.build.display)(&path)))?;
        if std::str::from_utf8(&bytes).is_err() {
            self.build.read_binary.push(path);
            return Ok(generators::GenFile::Binary(bytes));
        }
        let (file, base) = self.build.read(&path).map_err(|e| e.message)?;
        Ok(generators::GenFile::Text { file, base })
    }
}

/// `kind: List` (and `*List`) objects contribute their items, as kustomize reads them.
fn expand_list(doc: Node, out: &mut Vec<Node>) -> Result<(), KError> {
    if !matches!(doc.value, NodeValue::Map(_)) {
        return Err(KError::at(
            doc.span,
            "a resource must be a mapping (an object)",
        ));
    }
    let is_list = str_at(&doc, &["kind"]).is_some_and(|k| k == "List" || k.ends_with("List"))
        && doc.get("items").is_some();
    if is_list {
        if let Some(items) = doc.get("items").and_then(Node::as_seq) {
            for item in items {
                expand_list(item.clone(), out)?;
            }
        }
        return Ok(());
    }
    if str_at(&doc, &["kind"]).is_none_or(str::is_empty) {
        return Err(KError::at(doc.span, "missing kind in object"));
    }
    out.push(doc);
    Ok(())
}

fn add_unique(ra: &mut Vec<Res>, r: Res) -> Result<(), KError> {
    if let Some(existing) = ra.iter().find(|x| x.same_id(&r)) {
        return Err(KError::at(
            r.node.span,
            format!(
                "may not add resource with an already registered id: {}",
                existing.id()
            ),
        ));
    }
    ra.push(r);
    Ok(())
}

/// The documents of `dir`'s kustomization file, for discovery (nothing when it has none, it
/// cannot be read inside `fence` or it does not parse: the build reports that).
fn kustomization_docs(dir: &Path, fence: &Fence) -> Vec<Node> {
    let Some(path) = kustomization_file(dir) else {
        return Vec::new();
    };
    let Ok(bytes) = fence.read(&path, Limits::default().max_file_bytes) else {
        return Vec::new();
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Vec::new();
    };
    let file = SourceFile::new(&path, path.display().to_string(), text);
    yaml::parse_yaml(&file, &Limits::default()).unwrap_or_default()
}

/// What a kustomization refers to on disk (canonical paths that exist), from one read of its
/// file: discovery uses it to check each top-level root once, and a vendored chart through the
/// kustomization that inflates it (with its values), not also on its own with its defaults.
#[derive(Debug, Default)]
pub struct RootLinks {
    /// Kustomization roots it refers to through `resources`, `bases`, `components` and the
    /// plugin lists (`transformers`, `generators`, `validators`): directories only, remote and
    /// unreadable entries skipped.
    pub roots: Vec<PathBuf>,
    /// Helm charts it inflates (`helmCharts`, `helmChartInflationGenerator`).
    pub charts: Vec<PathBuf>,
    /// Whether it is a `kind: Component` (built only as part of the roots that use it).
    pub component: bool,
}

/// The [`RootLinks`] of `dir`'s kustomization (empty when it has none or it does not parse:
/// the build reports that). Links that lead out of `fence` are left out (the build refuses
/// them).
pub fn root_links(dir: &Path, fence: &Fence) -> RootLinks {
    let docs = kustomization_docs(dir, fence);
    let mut links = RootLinks::default();
    for doc in &docs {
        links.component |= doc.get("kind").and_then(Node::as_str) == Some("Component");
        for key in [
            "resources",
            "bases",
            "components",
            "transformers",
            "generators",
            "validators",
        ] {
            for item in doc.get(key).and_then(Node::as_seq).unwrap_or(&[]) {
                if let Some(s) = item.as_str() {
                    if is_remote(s) {
                        continue;
                    }
                    if let Ok(p) = fence.resolve(&dir.join(s)) {
                        if p.is_dir() {
                            links.roots.push(p);
                        }
                    }
                }
            }
        }
        links.charts.extend(
            helm::chart_dirs(dir, doc)
                .into_iter()
                .filter_map(|p| fence.resolve(&p).ok())
                .filter(|p| p.is_dir()),
        );
    }
    links
}

/// The kustomization roots `dir`'s kustomization refers to ([`RootLinks::roots`]), inside the
/// repository holding `dir` (else `dir`).
pub fn referenced_roots(dir: &Path) -> Vec<PathBuf> {
    root_links(dir, &Fence::around(dir)).roots
}
