//! Charts: `Chart.yaml`, values, subcharts and dependencies, files.
//!
//! Loading follows Helm 4's `pkg/chart/v2/loader`: a chart directory is walked once with the
//! root's `.helmignore` (plus Helm's default rule `templates/.?*`), every file is sorted into
//! `Chart.yaml`, `values.yaml`, `values.schema.json`, `templates/`, `charts/` (subcharts,
//! directories or `.tgz` archives) and `.Files` (everything else), as `LoadFiles` does.
//! Dependencies declared in `Chart.yaml` (or `requirements.yaml` for `apiVersion: v1`) are
//! matched to the vendored subcharts by name and version range, and aliases are applied, as
//! `processDependencyEnabled` does; nothing is ever downloaded.
//!
//! Values processing (`prepare`) follows `chartutil.ProcessDependencies` and
//! `ToRenderValuesWithSchemaValidation`: see [`values`].

mod archive;
mod capabilities;
mod constraint;
mod files;
mod ignore;
mod metadata;
mod schema;
mod strvals;
mod values;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::source_from_bytes;
use crate::source::{yaml, LoadError, SourceFile, SourceMap};

use super::value::{Dict, Value};

pub use capabilities::capabilities;
pub use files::Files;
pub use metadata::{chart_object, Dependency, Maintainer, Metadata};
pub use strvals::{parse_set, SetError};
pub use values::{prepare, user_values, UserValues};

/// Most files one chart (with its subcharts) may hold.
const MAX_FILES: usize = 20_000;
/// Most bytes one chart's files (with its subcharts, archives decompressed) may hold.
const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest nesting of subcharts.
const MAX_CHART_DEPTH: usize = 16;

/// One template file of a chart or subchart.
#[derive(Clone, Debug)]
pub struct TemplateFile {
    /// Helm's template name: `<chart>/templates/x.yaml`; for subcharts
    /// `<parent>/charts/<sub>/templates/x.yaml` (`sub` is the alias if any).
    pub name: String,
    /// The file.
    pub file: Arc<SourceFile>,
    /// Its global offset in the [`SourceMap`].
    pub base: usize,
}

/// A loaded chart and its vendored subcharts.
#[derive(Clone)]
pub struct Chart {
    /// The chart's name (the alias for a dependency that has one).
    pub name: String,
    /// `Chart.yaml`, parsed (the name is the alias for an aliased dependency).
    pub metadata: Metadata,
    /// The directory (or archive) it was loaded from.
    pub dir: PathBuf,
    /// `Chart.yaml` (for error positions).
    pub chart_file: Arc<SourceFile>,
    /// `templates/**` (every file, `_helpers.tpl` and `NOTES.txt` included), `.helmignore`
    /// applied.
    pub templates: Vec<TemplateFile>,
    /// `.Files`: a [`Value::Object`] (a [`Files`]) holding the chart's non-template files as
    /// Helm's loader puts them in `chart.Files`.
    pub files: Value,
    /// `values.yaml` with origins (an empty map if absent).
    pub values: Value,
    /// `values.schema.json`, parsed.
    pub schema: Option<(Arc<SourceFile>, serde_json::Value)>,
    /// `crds/*.yaml|yml|json` files (not templated).
    pub crds: Vec<TemplateFile>,
    /// Vendored subcharts from `charts/` (directories and `.tgz`), matched to
    /// `metadata.dependencies` (aliases applied; subcharts present but not declared are kept,
    /// as Helm keeps them).
    pub dependencies: Vec<Chart>,
    /// Whether this is the chart being rendered (`.Chart.IsRoot`).
    pub is_root: bool,
}

impl std::fmt::Debug for Chart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chart")
            .field("name", &self.name)
            .field("dir", &self.dir)
            .field("templates", &self.templates.len())
            .field("dependencies", &self.dependencies)
            .finish()
    }
}

impl Chart {
    /// Whether the chart is a library chart (`type: library`, any case, as Helm compares).
    pub fn is_library(&self) -> bool {
        self.metadata.chart_type.eq_ignore_ascii_case("library")
    }
}

/// A file of a chart before it is sorted: its name relative to the chart root (with `/`).
pub(crate) struct RawFile {
    pub name: String,
    pub path: PathBuf,
    pub display: String,
    pub data: Vec<u8>,
}

/// What loading shares across a chart and its subcharts.
pub(crate) struct Ctx<'a> {
    pub sources: &'a mut SourceMap,
    pub limits: &'a crate::source::Limits,
    pub files: usize,
    pub bytes: u64,
}

impl Ctx<'_> {
    /// Counts a file against the chart-wide limits.
    pub(crate) fn count(&mut self, display: &str, len: u64) -> Result<(), LoadError> {
        self.files += 1;
        self.bytes = self.bytes.saturating_add(len);
        if self.files > MAX_FILES {
            return Err(LoadError::whole_file(
                display,
                format!("chart has more than {MAX_FILES} files"),
            ));
        }
        if self.bytes > MAX_TOTAL_BYTES {
            return Err(LoadError::whole_file(
                display,
                format!("chart is larger than the maximum size of {MAX_TOTAL_BYTES} bytes"),
            ));
        }
        Ok(())
    }
}

/// Loads the chart in `dir` (a directory or a `.tgz` archive) and its vendored subcharts,
/// adding every file read to `sources`. `display` names files for users.
///
/// Fails as Helm fails (with the file and line where known): a malformed or invalid
/// `Chart.yaml`, malformed `values.yaml`/`values.schema.json`, a dependency declared but not
/// vendored in `charts/` (Helm's `CheckDependencies`, for the root chart), a corrupt or unsafe
/// archive, a symlink leaving the chart.
pub fn load(
    dir: &Path,
    sources: &mut SourceMap,
    display: &dyn Fn(&Path) -> String,
    limits: &crate::source::Limits,
) -> Result<Chart, LoadError> {
    let mut ctx = Ctx {
        sources,
        limits,
        files: 0,
        bytes: 0,
    };
    let shown = display(dir);
    let mut chart = if dir.is_file() {
        let bytes = read_limited(dir, &shown, limits)?;
        let files = archive::read_tgz(&bytes, dir, &shown)?;
        load_files(files, dir, &shown, &mut ctx, 0)?
    } else if dir.is_dir() {
        let files = walk_dir(dir, display, &mut ctx)?;
        load_files(files, dir, &shown, &mut ctx, 0)?
    } else {
        return Err(LoadError::whole_file(shown, "chart not found"));
    };
    let prefix = chart.name.clone();
    finalize(&mut chart, &prefix, true);
    Ok(chart)
}

/// Reads a chart file (or archive) as any checked file is read
/// ([`confine`](crate::source::confine)): inside the repository holding it, a regular file, within
/// the size limit. (Links inside a chart directory are also held to the chart, by [`walk`].)
fn read_limited(
    path: &Path,
    shown: &str,
    limits: &crate::source::Limits,
) -> Result<Vec<u8>, LoadError> {
    crate::source::confine::Fence::around(path)
        .read(path, limits.max_file_bytes)
        .map_err(|e| LoadError::whole_file(shown, e.to_string()))
}

/// Walks a chart directory as Helm's `LoadDir` does (lexical order, symlinks followed, the
/// root `.helmignore` and the default rules applied to every path, subcharts included).
fn walk_dir(
    root: &Path,
    display: &dyn Fn(&Path) -> String,
    ctx: &mut Ctx<'_>,
) -> Result<Vec<RawFile>, LoadError> {
    let canon_root = std::fs::canonicalize(root)
        .map_err(|e| LoadError::whole_file(display(root), format!("cannot read chart: {e}")))?;
    let ignore_path = root.join(".helmignore");
    let mut rules = if ignore_path.is_file() {
        let shown = display(&ignore_path);
        let text = read_limited(&ignore_path, &shown, ctx.limits)?;
        ignore::Rules::parse(&String::from_utf8_lossy(&text))
            .map_err(|e| LoadError::whole_file(shown, e))?
    } else {
        ignore::Rules::default()
    };
    rules.add_defaults();
    let mut out = Vec::new();
    walk(root, "", &canon_root, &rules, display, ctx, &mut out, 0)?;
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn walk(
    dir: &Path,
    rel: &str,
    canon_root: &Path,
    rules: &ignore::Rules,
    display: &dyn Fn(&Path) -> String,
    ctx: &mut Ctx<'_>,
    out: &mut Vec<RawFile>,
    depth: usize,
) -> Result<(), LoadError> {
    if depth > 64 {
        return Err(LoadError::whole_file(
            display(dir),
            "chart directories are nested too deeply (a symlink loop?)",
        ));
    }
    let mut entries: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| LoadError::whole_file(display(dir), format!("cannot read directory: {e}")))?
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    entries.sort();
    for (name, path) in entries {
        let rel_name = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let link = std::fs::symlink_metadata(&path)
            .map_err(|e| LoadError::whole_file(display(&path), format!("cannot read: {e}")))?;
        if link.file_type().is_symlink() {
            let target = std::fs::canonicalize(&path).map_err(|e| {
                LoadError::whole_file(display(&path), format!("cannot follow symlink: {e}"))
            })?;
            if !target.starts_with(canon_root) {
                return Err(LoadError::whole_file(
                    display(&path),
                    "symlink points outside the chart directory (refused)",
                ));
            }
        }
        let meta = std::fs::metadata(&path)
            .map_err(|e| LoadError::whole_file(display(&path), format!("cannot read: {e}")))?;
        if meta.is_dir() {
            if rules.ignore(&rel_name, true) {
                continue;
            }
            walk(
                &path,
                &rel_name,
                canon_root,
                rules,
                display,
                ctx,
                out,
                depth + 1,
            )?;
            continue;
        }
        if rules.ignore(&rel_name, false) {
            continue;
        }
        let shown = display(&path);
        if !meta.is_file() {
            return Err(LoadError::whole_file(
                shown,
                "cannot load irregular file as it has file mode type bits set",
            ));
        }
        ctx.count(&shown, meta.len())?;
        let mut data = read_limited(&path, &shown, ctx.limits)?;
        strip_bom(&mut data);
        out.push(RawFile {
            name: rel_name,
            path,
            display: shown,
            data,
        });
    }
    Ok(())
}

pub(crate) fn strip_bom(data: &mut Vec<u8>) {
    if data.starts_with(&[0xEF, 0xBB, 0xBF]) {
        data.drain(..3);
    }
}

fn to_source(f: &RawFile) -> Result<Arc<SourceFile>, LoadError> {
    source_from_bytes(&f.path, &f.display, f.data.clone())
}

/// Sorts a chart's files as Helm's `LoadFiles` does and loads its subcharts.
fn load_files(
    files: Vec<RawFile>,
    dir: &Path,
    shown: &str,
    ctx: &mut Ctx<'_>,
    depth: usize,
) -> Result<Chart, LoadError> {
    if depth > MAX_CHART_DEPTH {
        return Err(LoadError::whole_file(
            shown,
            "subcharts are nested too deeply",
        ));
    }
    let chart_yaml = files.iter().find(|f| f.name == "Chart.yaml");
    let Some(chart_yaml) = chart_yaml else {
        return Err(LoadError::whole_file(shown, "Chart.yaml file is missing"));
    };
    let chart_file = to_source(chart_yaml)?;
    let chart_base = ctx.sources.add(chart_file.clone());
    let mut md = metadata::parse_chart_yaml(&chart_file, chart_base, ctx.limits)?;

    let mut values = Value::empty_map();
    let mut schema = None;
    let mut templates = Vec::new();
    let mut file_map: BTreeMap<String, files::FileData> = BTreeMap::new();
    let mut subfiles: BTreeMap<String, Vec<RawFile>> = BTreeMap::new();
    let mut requirements = None;
    for f in files {
        match f.name.as_str() {
            "Chart.yaml" | "Chart.lock" | "requirements.lock" => {
                if f.name == "requirements.lock" && md.api_version == "v1" {
                    file_map.insert(f.name.clone(), files::FileData::new(&f, ctx.sources));
                }
            }
            "values.yaml" => {
                let src = to_source(&f)?;
                let base = ctx.sources.add(src.clone());
                values = values::load_values(&src, base, ctx.limits, "cannot load values.yaml")?;
            }
            "values.schema.json" => {
                let src = to_source(&f)?;
                ctx.sources.add(src.clone());
                let json: serde_json::Value = serde_json::from_str(src.text()).map_err(|e| {
                    let line = e.line().max(1);
                    let off =
                        src.lines().line_start(line).unwrap_or(0) + e.column().saturating_sub(1);
                    LoadError::at(&src, off, format!("cannot load values.schema.json: {e}"))
                })?;
                schema = Some((src, json));
            }
            "requirements.yaml" => {
                let src = to_source(&f)?;
                let base = ctx.sources.add(src.clone());
                if md.api_version == "v1" {
                    file_map.insert(f.name.clone(), files::FileData::new(&f, ctx.sources));
                }
                requirements = Some((src, base));
            }
            n if n.starts_with("templates/") => {
                let src = to_source(&f)?;
                let base = ctx.sources.add(src.clone());
                templates.push(TemplateFile {
                    name: f.name.clone(),
                    file: src,
                    base,
                });
            }
            n if n.starts_with("charts/") => {
                if n.ends_with(".prov") {
                    file_map.insert(f.name.clone(), files::FileData::new(&f, ctx.sources));
                    continue;
                }
                let rest = &n["charts/".len()..];
                let cname = rest.split('/').next().unwrap_or("").to_string();
                subfiles.entry(cname).or_default().push(RawFile {
                    name: rest.to_string(),
                    ..f
                });
            }
            _ => {
                file_map.insert(f.name.clone(), files::FileData::new(&f, ctx.sources));
            }
        }
    }
    if let Some((src, base)) = requirements {
        metadata::apply_requirements(&mut md, &src, base, ctx.limits)?;
    }
    metadata::validate(&md, &chart_file)?;

    let mut crds = Vec::new();
    for (name, fd) in &file_map {
        if name.starts_with("crds/") && has_manifest_extension(name) {
            if let Some((src, base)) = fd.source() {
                crds.push(TemplateFile {
                    name: name.clone(),
                    file: src,
                    base,
                });
            }
        }
    }

    let mut raw_deps = Vec::new();
    for (n, mut fs) in subfiles {
        if n.starts_with('_') || n.starts_with('.') {
            continue;
        }
        let sub = if n.ends_with(".tgz") {
            let f = fs.remove(0);
            if f.name != n {
                return Err(LoadError::whole_file(
                    &f.display,
                    format!(
                        "error unpacking subchart tar in {}: expected {n}, got {}",
                        md.name, f.name
                    ),
                ));
            }
            ctx.count(&f.display, 0)?;
            let inner = archive::read_tgz(&f.data, &f.path, &f.display)?;
            for i in &inner {
                ctx.count(&i.display, i.data.len() as u64)?;
            }
            load_files(inner, &f.path, &f.display, ctx, depth + 1)?
        } else {
            let mut buff = Vec::new();
            for f in fs {
                if let Some((_, rest)) = f.name.split_once('/') {
                    buff.push(RawFile {
                        name: rest.to_string(),
                        ..f
                    });
                }
            }
            let sub_dir = dir.join("charts").join(&n);
            let sub_shown = format!("{shown}/charts/{n}");
            load_files(buff, &sub_dir, &sub_shown, ctx, depth + 1)?
        };
        raw_deps.push(sub);
    }

    if depth == 0 {
        check_dependencies(&md, &chart_file, &raw_deps)?;
    }
    let dependencies = resolve_dependencies(&md, raw_deps);
    let name = md.name.clone();
    Ok(Chart {
        name,
        metadata: md,
        dir: dir.to_path_buf(),
        chart_file,
        templates,
        files: Value::Object(Arc::new(Files::new(file_map))),
        values,
        schema,
        crds,
        dependencies,
        is_root: false,
    })
}

fn has_manifest_extension(name: &str) -> bool {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    ["yaml", "yml", "json"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
}

/// Matches vendored subcharts to declared dependencies as Helm's `processDependencyEnabled`
/// does before it evaluates conditions: subcharts not declared (by name and compatible version)
/// come first, then one copy per declared dependency found (renamed to its alias).
fn resolve_dependencies(md: &Metadata, existing: Vec<Chart>) -> Vec<Chart> {
    let mut out = Vec::new();
    for e in &existing {
        let declared = md.dependencies.iter().any(|req| {
            e.metadata.name == req.name
                && constraint::is_compatible_range(&req.version, &e.metadata.version)
        });
        if !declared {
            out.push(e.clone());
        }
    }
    for req in &md.dependencies {
        let found = existing.iter().find(|c| {
            c.metadata.name == req.name
                && constraint::is_compatible_range(&req.version, &c.metadata.version)
        });
        if let Some(c) = found {
            let mut copy = c.clone();
            if !req.alias.is_empty() {
                copy.name = req.alias.clone();
                copy.metadata.name = req.alias.clone();
            }
            out.push(copy);
        }
    }
    out
}

/// Helm's `CheckDependencies`: every dependency declared by the root chart must be vendored.
fn check_dependencies(
    md: &Metadata,
    chart_file: &Arc<SourceFile>,
    vendored: &[Chart],
) -> Result<(), LoadError> {
    let missing: Vec<&Dependency> = md
        .dependencies
        .iter()
        .filter(|req| !vendored.iter().any(|c| c.metadata.name == req.name))
        .collect();
    let Some(first) = missing.first() else {
        return Ok(());
    };
    let names: Vec<&str> = missing.iter().map(|d| d.name.as_str()).collect();
    let file = first.file.as_ref().unwrap_or(chart_file);
    Err(LoadError::at(
        file,
        first.span.start,
        format!(
            "found in Chart.yaml, but missing in charts/ directory: {}; run 'helm dependency build' (Tollgate never downloads charts)",
            names.join(", ")
        ),
    ))
}

/// Prefixes template names with the chart's full path (`parent/charts/sub`), recursively.
fn finalize(chart: &mut Chart, path: &str, root: bool) {
    chart.is_root = root;
    for t in &mut chart.templates {
        t.name = format!("{path}/{}", t.name);
    }
    for d in &mut chart.dependencies {
        let sub = format!("{path}/charts/{}", d.name);
        finalize(d, &sub, false);
    }
}

/// Parses a YAML file into documents (the project's loader).
pub(crate) fn parse_docs(
    src: &SourceFile,
    limits: &crate::source::Limits,
) -> Result<Vec<crate::source::Node>, LoadError> {
    yaml::parse_yaml(src, limits)
}

/// An empty Go map value.
pub(crate) fn new_map(entries: super::value::Map) -> Value {
    Value::Map(Dict::new(entries), None)
}
