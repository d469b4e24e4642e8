//! Documents: the objects handed to the rules, with their source and resource identity.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::source::confine::Fence;
use crate::source::{json, yaml, Limits, LoadError, Node, NodeValue, SourceFile, Span};

/// The identity of a Kubernetes resource (empty strings where the document does not say).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Resource {
    /// `kind`.
    pub kind: String,
    /// `metadata.namespace`.
    pub namespace: String,
    /// `metadata.name` (or `metadata.generateName`).
    pub name: String,
}

impl Resource {
    /// Reads `kind`, `metadata.namespace` and `metadata.name` of a document root.
    pub fn of(root: &Node) -> Self {
        let s = |n: Option<&Node>| n.and_then(Node::as_str).unwrap_or("").to_string();
        let meta = root.get("metadata");
        let mut name = s(meta.and_then(|m| m.get("name")));
        if name.is_empty() {
            name = s(meta.and_then(|m| m.get("generateName")));
        }
        Resource {
            kind: s(root.get("kind")),
            namespace: s(meta.and_then(|m| m.get("namespace"))),
            name,
        }
    }

    /// `Kind/namespace/name`, leaving out what is empty.
    pub fn display(&self) -> String {
        let mut out = if self.kind.is_empty() {
            "(no kind)".to_string()
        } else {
            self.kind.clone()
        };
        if !self.namespace.is_empty() {
            out.push('/');
            out.push_str(&self.namespace);
        }
        if !self.name.is_empty() {
            out.push('/');
            out.push_str(&self.name);
        }
        out
    }
}

/// One step of a path into a document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSeg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// One object handed to the rules: its value tree with spans, its file and its identity.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file the document was read from.
    pub file: Arc<SourceFile>,
    /// The document's value tree (for an item of a `List`, the item).
    pub root: Node,
    /// `kind`, `metadata.namespace`, `metadata.name`.
    pub resource: Resource,
    /// For a document built from several files (a Kustomize build): the files, with the spans
    /// of `root` global to this map (see [`Document::resolve`]). `None`: every span is an
    /// offset into `file`.
    pub sources: Option<Arc<crate::source::SourceMap>>,
    /// For a rendered Helm document: `root`'s spans point into rendered text (files of
    /// `sources`), and this maps them back to the template text or action that printed them and
    /// to the values line of the value printed. `None` for other documents.
    pub provenance: Option<Arc<crate::render::helm::Provenance>>,
    /// For a Kustomize build: what overlays' patches removed from the object (nothing of it is
    /// left in `root`; a finding about it shows the removing line).
    pub removals: Vec<crate::render::kustomize::Removal>,
}

impl Document {
    /// Wraps a parsed root.
    pub fn new(file: Arc<SourceFile>, root: Node) -> Self {
        let resource = Resource::of(&root);
        Document {
            file,
            root,
            resource,
            sources: None,
            provenance: None,
            removals: Vec::new(),
        }
    }

    /// A document built from several files: `root`'s spans are global to `sources`, and `file`
    /// is where the object itself was defined (the file its root span falls in).
    pub fn built(root: Node, sources: Arc<crate::source::SourceMap>) -> Option<Self> {
        let file = Arc::clone(sources.resolve(root.span)?.0);
        let resource = Resource::of(&root);
        Some(Document {
            file,
            root,
            resource,
            sources: Some(sources),
            provenance: None,
            removals: Vec::new(),
        })
    }

    /// A rendered Helm document: `root`'s spans are global to `sources` and point into rendered
    /// text, which `provenance` traces back to templates and values files; `file` is the
    /// template that printed the document's start.
    pub fn rendered(
        root: Node,
        sources: Arc<crate::source::SourceMap>,
        provenance: Arc<crate::render::helm::Provenance>,
    ) -> Option<Self> {
        let at = provenance.trace(root.span).map_or(root.span, |t| t.emitted);
        let file = Arc::clone(sources.resolve(at)?.0);
        let resource = Resource::of(&root);
        Some(Document {
            file,
            root,
            resource,
            sources: Some(sources),
            provenance: Some(provenance),
            removals: Vec::new(),
        })
    }

    /// For a rendered Helm document, the values-file nodes whose values were printed at the
    /// node `path` leads to (as [`locate`](Document::locate) finds it): each file and the span
    /// within it, in output order. For a scalar, the values it printed; for a mapping or a
    /// sequence, only when one action printed all of it (a `toYaml` block) — a container
    /// assembled from template text does not come from the values lines inside it.
    pub fn value_origins(&self, path: &[PathSeg]) -> Vec<(Arc<SourceFile>, Span)> {
        let (Some(p), Some(map)) = (&self.provenance, &self.sources) else {
            return Vec::new();
        };
        let mut node = &self.root;
        for seg in path {
            let next = match seg {
                PathSeg::Key(k) => node.get(k),
                PathSeg::Index(i) => node.as_seq().and_then(|s| s.get(*i)),
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        let scalar = !matches!(node.value, NodeValue::Map(_) | NodeValue::Seq(_));
        if !scalar && !p.printed_by_one_action(node.span) {
            return Vec::new();
        }
        p.trace(node.span)
            .map(|t| t.values)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|v| map.resolve(v).map(|(f, s)| (Arc::clone(f), s)))
            .collect()
    }

    fn same_file(&self, a: Span, b: Span) -> bool {
        if let Some(p) = &self.provenance {
            match (p.covers(a.start), p.covers(b.start)) {
                (true, true) => return p.same_producer(a, b),
                (false, false) => {}
                _ => return false,
            }
        }
        match &self.sources {
            None => true,
            Some(map) => match (map.resolve(a), map.resolve(b)) {
                (Some((fa, _)), Some((fb, _))) => fa.name() == fb.name(),
                _ => false,
            },
        }
    }

    /// The file a span of this document lies in, and the span within that file.
    pub fn resolve(&self, span: Span) -> (Arc<SourceFile>, Span) {
        let span = match &self.provenance {
            Some(p) => p.trace(span).map_or(span, |t| t.emitted),
            None => span,
        };
        match &self.sources {
            Some(map) => match map.resolve(span) {
                Some((file, local)) => (Arc::clone(file), local),
                None => (Arc::clone(&self.file), Span::new(0, 0)),
            },
            None => (Arc::clone(&self.file), span),
        }
    }

    /// The span a rule's `path` points at: the deepest node of `path` that exists. When the last
    /// step reached is a mapping key, the span covers `key: value`; an empty path gives the
    /// document's start.
    pub fn locate(&self, path: &[PathSeg]) -> Span {
        let mut node = &self.root;
        let mut span = Span::new(self.root.span.start, self.root.span.start);
        for seg in path {
            match seg {
                PathSeg::Key(k) => match node.entry(k) {
                    Some(e) => {
                        // Through a Kustomize patch the key and its value may come from two
                        // files: the value is what was set.
                        span = if self.same_file(e.key_span, e.value.span) {
                            e.key_span.join(e.value.span)
                        } else {
                            e.value.span
                        };
                        node = &e.value;
                    }
                    None => break,
                },
                PathSeg::Index(i) => match node.as_seq().and_then(|s| s.get(*i)) {
                    Some(item) => {
                        span = item.span;
                        node = item;
                    }
                    None => break,
                },
            }
        }
        span
    }

    /// The document's value as a Rego value (what the rules see as `input`).
    pub fn to_rego(&self) -> regorus::Value {
        node_to_rego(&self.root)
    }
}

/// Converts a spanned tree to a Rego value.
pub fn node_to_rego(node: &Node) -> regorus::Value {
    use regorus::Value as V;
    match &node.value {
        NodeValue::Null => V::Null,
        NodeValue::Bool(b) => V::from(*b),
        NodeValue::Int(i) => V::from(*i),
        NodeValue::Float(f) => V::from(*f),
        NodeValue::String(s) => V::from(s.as_str()),
        NodeValue::Seq(items) => V::from(items.iter().map(node_to_rego).collect::<Vec<_>>()),
        NodeValue::Map(entries) => V::from(
            entries
                .iter()
                .map(|e| (V::from(e.key.as_str()), node_to_rego(&e.value)))
                .collect::<std::collections::BTreeMap<_, _>>(),
        ),
    }
}

/// Reads a file as UTF-8 text within the size limit, through `fence` (see
/// [`confine`](crate::source::confine): a path that resolves outside it, a pseudo file or
/// anything but a regular file is refused without being opened). Non-UTF-8 input is an error
/// at the first invalid byte's line and column.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use policy_core::document::read_source;
/// use policy_core::source::{confine::Fence, Limits};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.yaml"), "a: 1\n")?;
/// let fence = Fence::around(dir.path());
/// let file = read_source(&fence, &dir.path().join("a.yaml"), "a.yaml", &Limits::default())?;
/// assert_eq!(file.text(), "a: 1\n");
/// #[cfg(unix)]
/// {
///     let elsewhere = tempfile::tempdir()?;
///     std::fs::write(elsewhere.path().join("secret.yaml"), "s: 1\n")?;
///     std::os::unix::fs::symlink(elsewhere.path().join("secret.yaml"), dir.path().join("h.yaml"))?;
///     let refused = read_source(&fence, &dir.path().join("h.yaml"), "h.yaml", &Limits::default());
///     assert!(refused.unwrap_err().message.contains("outside the checked root"));
/// }
/// # Ok(()) }
/// ```
pub fn read_source(
    fence: &Fence,
    path: &Path,
    display: &str,
    limits: &Limits,
) -> Result<Arc<SourceFile>, LoadError> {
    let bytes = fence
        .read(path, limits.max_file_bytes)
        .map_err(|e| LoadError::whole_file(display, e.to_string()))?;
    source_from_bytes(path, display, bytes)
}

/// Builds a source file from content read elsewhere (the git index), within the size limit.
pub fn source_from_content(
    path: &Path,
    display: &str,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<Arc<SourceFile>, LoadError> {
    check_size(display, bytes.len() as u64, limits)?;
    source_from_bytes(path, display, bytes)
}

fn check_size(display: &str, len: u64, limits: &Limits) -> Result<(), LoadError> {
    if len > limits.max_file_bytes {
        return Err(LoadError::whole_file(
            display,
            format!(
                "file is {len} bytes, over the limit of {} bytes",
                limits.max_file_bytes
            ),
        ));
    }
    Ok(())
}

/// Builds a source file from raw bytes, rejecting non-UTF-8 text with its position.
pub fn source_from_bytes(
    path: &Path,
    display: &str,
    bytes: Vec<u8>,
) -> Result<Arc<SourceFile>, LoadError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, display, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let probe = SourceFile::new(path, display, prefix);
            Err(LoadError::at(
                &probe,
                valid,
                format!(
                    "file is not valid UTF-8 (invalid byte 0x{:02x})",
                    bytes[valid]
                ),
            ))
        }
    }
}

/// Parses a manifest file (YAML stream, or JSON for `*.json`) into documents. `kind: List` and
/// other `*List` kinds with `items` expand into their items.
pub fn parse_manifests(
    file: &Arc<SourceFile>,
    limits: &Limits,
) -> Result<Vec<Document>, LoadError> {
    let is_json = file.path().extension().and_then(|e| e.to_str()) == Some("json");
    let roots = if is_json && file.text().trim().is_empty() {
        // An empty JSON file holds no document, as an empty YAML file holds none.
        Vec::new()
    } else if is_json {
        vec![json::parse_json(file, limits)?]
    } else {
        yaml::parse_yaml(file, limits)?
    };
    let mut docs = Vec::with_capacity(roots.len());
    for root in roots {
        expand_lists(file, root, &mut docs);
    }
    Ok(docs)
}

fn expand_lists(file: &Arc<SourceFile>, root: Node, out: &mut Vec<Document>) {
    let is_list = root
        .get("kind")
        .and_then(Node::as_str)
        .is_some_and(|k| k.ends_with("List"))
        && matches!(root.get("items").map(|n| &n.value), Some(NodeValue::Seq(_)));
    if !is_list {
        out.push(Document::new(file.clone(), root));
        return;
    }
    if let NodeValue::Map(entries) = root.value {
        for e in entries {
            if e.key == "items" {
                if let NodeValue::Seq(items) = e.value.value {
                    for item in items {
                        expand_lists(file, item, out);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Vec<Document> {
        let f = SourceFile::new("t.yaml", "t.yaml", text.to_string());
        parse_manifests(&f, &Limits::default()).unwrap()
    }

    #[test]
    fn locate_points_at_key_value_or_deepest_node() {
        let d = doc("kind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    securityContext:\n      privileged: true\n");
        let d = &d[0];
        let k = |s: &str| PathSeg::Key(s.to_string());
        let span = d.locate(&[
            k("spec"),
            k("containers"),
            PathSeg::Index(0),
            k("securityContext"),
            k("privileged"),
        ]);
        assert_eq!(d.file.slice(span), "privileged: true");
        assert_eq!(d.file.location(span.start).line, 8);
        let missing = d.locate(&[
            k("spec"),
            k("containers"),
            PathSeg::Index(0),
            k("readinessProbe"),
        ]);
        assert_eq!(d.file.location(missing.start).line, 6);
        assert_eq!(d.locate(&[]).start, 0);
        assert_eq!(d.resource.display(), "Pod/web");
    }

    #[test]
    fn lists_expand_into_items() {
        let d = doc("apiVersion: v1\nkind: List\nitems:\n- kind: Service\n  metadata: {name: a}\n- kind: ConfigMapList\n  items:\n  - kind: ConfigMap\n    metadata: {name: b}\n");
        let kinds: Vec<_> = d.iter().map(|d| d.resource.display()).collect();
        assert_eq!(kinds, vec!["Service/a", "ConfigMap/b"]);
        assert_eq!(d[1].file.location(d[1].root.span.start).line, 8);
    }

    #[test]
    fn files_over_the_size_limit_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        std::fs::write(&path, "a: 1\n".repeat(100)).unwrap();
        let limits = Limits {
            max_file_bytes: 100,
            ..Limits::default()
        };
        let fence = crate::source::confine::Fence::around(&path);
        let err = read_source(&fence, &path, "big.yaml", &limits).unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("big.yaml", 0));
        assert!(err.message.contains("over the limit of 100 bytes"), "{err}");
        assert!(read_source(&fence, &path, "big.yaml", &Limits::default()).is_ok());
    }

    #[test]
    fn non_utf8_is_an_error_with_position() {
        let err = source_from_bytes(Path::new("x.yaml"), "x.yaml", b"a: 1\nb: \xff\n".to_vec())
            .unwrap_err();
        assert_eq!((err.line, err.column), (2, 4));
        assert!(err.message.contains("UTF-8"));
    }
}
