//! Loading a unit: building a Kustomize root, rendering a chart, reading and parsing the files
//! of a manifest unit or a migration set (as staged, with `--staged`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Gate;
use crate::finding::{self, Finding, Severity, SourceSpan};
use crate::plan::KGraph;
use crate::source::discover::{Unit, UnitKind};
use crate::source::{LoadError, SourceFile, Span};
use crate::{document, render, source, sql, suppress, Document, Resource};

/// One file to load: a manifest file, or a migration with its place in its set.
pub(super) struct FileJob {
    pub(super) path: PathBuf,
    /// What the file may resolve to (its unit's fence).
    pub(super) fence: source::confine::Fence,
    pub(super) migration: Option<(sql::layout::MigrationFile, sql::MigrationContext)>,
}

impl Gate {
    /// Builds a Kustomize unit (its documents carry spans into every file the build read), and
    /// the files the build read.
    pub(super) fn build_kustomize(
        &self,
        unit: &Unit,
        graph: &KGraph,
    ) -> (Result<Vec<Document>, LoadError>, Vec<PathBuf>) {
        let options = render::kustomize::Options {
            load_restrictor: self.load_restrictor,
        };
        let staged = self
            .base
            .as_ref()
            .is_some_and(|b| b.lock().unwrap_or_else(|p| p.into_inner()).is_staged());
        // Each document carries what overlays removed from it, for the findings' related spans.
        let with_removals = |(built, read): (Result<Vec<render::kustomize::Built>, _>, _)| {
            let documents = built.map(|built| {
                built
                    .into_iter()
                    .map(|b| Document {
                        removals: b.removals,
                        ..b.document
                    })
                    .collect()
            });
            (documents, read)
        };
        if !staged {
            return with_removals(render::kustomize::build_traced_with(
                &unit.root,
                &unit.fence,
                &|p| self.display(p),
                &self.limits,
                None,
                &options,
            ));
        }
        // --staged: every file of the build as staged. Charts the build inflates (`helmCharts`)
        // are rendered from the work tree, so they must match the index.
        let root = unit
            .root
            .canonicalize()
            .unwrap_or_else(|_| unit.root.clone());
        for chart in graph.closure(&root).1 {
            if let Err(e) = self.helm_staged_check(&chart) {
                return (Err(e), Vec::new());
            }
        }
        let reader = |path: &Path| -> Result<Option<Vec<u8>>, String> {
            match &self.base {
                Some(base) => base
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .staged_content(path),
                None => Ok(None),
            }
        };
        with_removals(render::kustomize::build_traced_with(
            &unit.root,
            &unit.fence,
            &|p| self.display(p),
            &self.limits,
            Some(&reader),
            &options,
        ))
    }

    /// The `helm template` options for the chart at `root`: the configuration's entry for it,
    /// then the builder's (command line) values files and `--set`s on top.
    pub(super) fn helm_options(&self, root: &Path) -> render::helm::Options {
        let mut o = render::helm::Options::default();
        let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let root = canon(root);
        if let Some(c) = self.config.as_ref().and_then(|c| {
            c.helm
                .iter()
                .find(|(dir, _)| canon(dir) == root)
                .map(|(_, h)| h)
        }) {
            o.values = c.values.clone();
            o.set = c.set.clone();
            o.set_string = c.set_string.clone();
            o.api_versions = c.api_versions.clone();
            o.kube_version = c.kube_version.clone();
            if let Some(n) = &c.release_name {
                o.release_name = n.clone();
            }
            if let Some(n) = &c.namespace {
                o.namespace = n.clone();
            }
        }
        let cli = &self.helm;
        let defaults = render::helm::Options::default();
        o.values.extend(cli.values.iter().cloned());
        o.set.extend(cli.set.iter().cloned());
        o.set_string.extend(cli.set_string.iter().cloned());
        o.api_versions.extend(cli.api_versions.iter().cloned());
        if cli.kube_version.is_some() {
            o.kube_version = cli.kube_version.clone();
        }
        if cli.release_name != defaults.release_name {
            o.release_name = cli.release_name.clone();
        }
        if cli.namespace != defaults.namespace {
            o.namespace = cli.namespace.clone();
        }
        o.template_limits = cli.template_limits.clone();
        o
    }

    /// Under `--staged`, a chart is rendered from the working tree: refuse to judge it when a
    /// file of the chart differs from what is staged (the commit would hold another chart than
    /// the one checked), naming the file. Files git does not track are left out of the
    /// comparison unless they are ones the chart renders from (templates, values, Chart.yaml,
    /// subcharts).
    fn helm_staged_check(&self, root: &Path) -> Result<(), LoadError> {
        let Some(base) = &self.base else {
            return Ok(());
        };
        let base = base.lock().unwrap_or_else(|p| p.into_inner());
        if !base.is_staged() {
            return Ok(());
        }
        let fence = source::confine::Fence::at(root);
        let mut todo = vec![root.to_path_buf()];
        let mut seen = 0usize;
        while let Some(dir) = todo.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut entries: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            entries.sort();
            for path in entries {
                seen += 1;
                if seen > 20_000 {
                    return Ok(());
                }
                if path.is_dir() {
                    // Not through a link out of the chart (its load refuses that).
                    if fence.resolve(&path).is_ok() {
                        todo.push(path);
                    }
                    continue;
                }
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rendered_from = rel.starts_with("templates")
                    || rel.starts_with("charts")
                    || rel.starts_with("crds")
                    || rel.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n == "Chart.yaml" || n == "values.yaml" || n == "values.schema.json"
                    }) && rel.parent().is_none_or(|p| p.as_os_str().is_empty());
                let staged = base
                    .staged_content(&path)
                    .map_err(|e| LoadError::whole_file(self.display(&path), e))?;
                let problem = match staged {
                    Some(bytes) => match fence.read(&path, self.limits.max_file_bytes) {
                        Ok(disk) if disk == bytes => None,
                        Ok(_) => Some("has changes that are not staged"),
                        // Refused (a link out of the chart, a FIFO): the chart's load says so.
                        Err(source::confine::Refusal::Io(_)) => {
                            Some("has changes that are not staged")
                        }
                        Err(_) => None,
                    },
                    None if rendered_from => Some("is not staged"),
                    None => None,
                };
                if let Some(problem) = problem {
                    return Err(LoadError::whole_file(
                        self.display(&path),
                        format!(
                            "{problem}: with --staged, Tollgate renders the chart {} from the working tree, so every file it renders from must be staged as it is (stage or stash the change)",
                            self.display(root)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Renders a Helm chart unit (its documents trace back to template and values lines).
    pub(super) fn build_helm(&self, unit: &Unit) -> Result<Vec<Document>, LoadError> {
        self.helm_staged_check(&unit.root)?;
        let options = self.helm_options(&unit.root);
        render::helm::render(&unit.root, &|p| self.display(p), &self.limits, &options)
            .map(|manifests| manifests.into_iter().map(|m| m.document).collect())
    }

    /// The files of a unit this gate loads itself (manifests and migrations), in the order
    /// their documents are evaluated and rendered; empty for units not checked yet.
    pub(super) fn unit_files(unit: &Unit) -> Vec<FileJob> {
        match unit.kind {
            UnitKind::Manifests => unit
                .files
                .iter()
                .map(|f| FileJob {
                    path: f.clone(),
                    fence: unit.fence.clone(),
                    migration: None,
                })
                .collect(),
            UnitKind::Migrations => sql::layout::order(&unit.files)
                .into_iter()
                .filter(|m| {
                    !matches!(
                        m.direction,
                        sql::layout::Direction::OtherDatabase | sql::layout::Direction::Superseded
                    )
                })
                .scan(0, |forward, m| {
                    // The position among the set's forward migrations.
                    let order = *forward;
                    if m.direction == sql::layout::Direction::Up {
                        *forward += 1;
                    }
                    Some(FileJob {
                        path: m.path.clone(),
                        fence: unit.fence.clone(),
                        migration: Some((
                            m,
                            sql::MigrationContext {
                                order,
                                new: true,
                                edited: false,
                            },
                        )),
                    })
                })
                .collect(),
            UnitKind::HelmChart | UnitKind::Kustomize => Vec::new(),
        }
    }

    pub(super) fn load_file(&self, job: &FileJob) -> Result<Vec<Document>, LoadError> {
        self.load_file_with_suppressions(job).map(|(docs, _)| docs)
    }

    /// Loads a file's documents and the suppressions written in it (comments, and
    /// `tollgate.io/ignore` annotations).
    pub(super) fn load_file_with_suppressions(
        &self,
        job: &FileJob,
    ) -> Result<(Vec<Document>, Vec<suppress::Suppression>), LoadError> {
        let display = self.display(&job.path);
        // --staged: the file as it is staged; a file the index does not hold is not part of
        // the commit.
        let staged = match &self.base {
            Some(base) => {
                let base = base.lock().unwrap_or_else(|p| p.into_inner());
                if base.is_staged() {
                    Some(
                        base.staged_content(&job.path)
                            .map_err(|e| LoadError::whole_file(&display, e))?,
                    )
                } else {
                    None
                }
            }
            None => None,
        };
        let src = match staged {
            Some(Some(bytes)) => {
                document::source_from_content(&job.path, &display, bytes, &self.limits)?
            }
            Some(None) => return Ok((Vec::new(), Vec::new())),
            None => document::read_source(&job.fence, &job.path, &display, &self.limits)?,
        };
        let docs = self.parse_source(job, &src)?;
        if docs.is_empty() {
            // Nothing judged here (an empty file, a migration unchanged since --base).
            return Ok((docs, Vec::new()));
        }
        let mut sups = suppress::scan_comments(&src, &docs, job.migration.is_some());
        sups.extend(docs.iter().filter_map(suppress::from_annotation));
        Ok((docs, sups))
    }

    fn parse_source(
        &self,
        job: &FileJob,
        src: &Arc<SourceFile>,
    ) -> Result<Vec<Document>, LoadError> {
        let display = src.name().to_string();
        let src = Arc::clone(src);
        match &job.migration {
            None => document::parse_manifests(&src, &self.limits),
            Some((m, context)) => {
                let mut context = context.clone();
                if let Some(base) = &self.base {
                    let status = base
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .status(&job.path, src.text().as_bytes())
                        .map_err(|e| LoadError::whole_file(&display, e))?;
                    context.new = status == source::git::BaseStatus::New;
                    context.edited = status == source::git::BaseStatus::Edited;
                    if status == source::git::BaseStatus::Unchanged {
                        // Applied and unchanged: parsed (a broken file is still an error), not
                        // judged again.
                        sql::parse_migration(&src, m, &context, &self.limits)?;
                        return Ok(Vec::new());
                    }
                }
                Ok(sql::parse_migration(&src, m, &context, &self.limits)?
                    .into_iter()
                    .collect())
            }
        }
    }

    /// A migration set's files for other databases (`x.mysql.up.sql`) are not PostgreSQL
    /// migrations: say once per set how many were left unchecked, rather than skip them quietly.
    pub(super) fn other_databases(
        &self,
        unit: &Unit,
        name: &str,
    ) -> Result<Option<Finding>, LoadError> {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        let mut first = None;
        for f in &unit.files {
            if let Some(db) = sql::layout::other_database(f) {
                *counts.entry(db).or_default() += 1;
                first.get_or_insert(f);
            }
        }
        let Some(first) = first else {
            return Ok(None);
        };
        let file = document::read_source(&unit.fence, first, &self.display(first), &self.limits)?;
        let total: usize = counts.values().sum();
        let list: Vec<String> = counts.iter().map(|(d, n)| format!("{d}: {n}")).collect();
        let span = finding::first_line(&file, Span::new(0, file.text().len()));
        Ok(Some(Finding {
            rule: "not-postgresql".to_string(),
            severity: Severity::Info,
            message: format!(
                "{total} migration files of {name} are for other databases ({}); only PostgreSQL migrations are checked",
                list.join(", ")
            ),
            at: SourceSpan { file, span },
            related: Vec::new(),
            resource: Resource::default(),
            unit: name.to_string(),
            units: Vec::new(),
            help: None,
        }))
    }
}
