//! Checking and rendering: the units of a [`Plan`](crate::plan::Plan) loaded and evaluated in
//! parallel, in two phases (first every planned unit, then the loose manifest directories below
//! Kustomize roots that no build read from), then the findings of a base shared by several roots
//! merged into one, and every candidate file accounted for.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;

use super::{unit_touched, Gate, Planned, Rendered, Report, Timings, UnitSummary};
use crate::plan::{account, Canon, UnitRead};
use crate::source::discover::{Unit, UnitKind};
use crate::source::{LoadError, SourceFile};
use crate::{rules, sql, suppress, Document, Finding, GateError};

/// What checking one unit gave.
struct UnitResult {
    findings: Vec<Finding>,
    errors: Vec<LoadError>,
    files: usize,
    documents: usize,
    suppressed: usize,
    summary: UnitSummary,
    /// With --combine: every document's file and value, for the combined evaluation.
    combined: Vec<(Arc<SourceFile>, regorus::Value)>,
    prints: Vec<String>,
    read: UnitRead,
}

fn canon(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// The candidate files, canonical and sorted, for the files below a directory.
struct Candidates {
    sorted: Vec<PathBuf>,
}

impl Candidates {
    fn new(files: &[PathBuf], canon: &Canon) -> Self {
        let mut sorted: Vec<PathBuf> = files.iter().map(|f| canon.file(f)).collect();
        sorted.sort();
        sorted.dedup();
        Candidates { sorted }
    }

    /// The candidates below `dir` (canonical).
    fn under<'a>(&'a self, dir: &'a Path) -> impl Iterator<Item = &'a PathBuf> + 'a {
        let start = self.sorted.partition_point(|p| p.as_path() < dir);
        self.sorted[start..]
            .iter()
            .take_while(move |p| p.starts_with(dir))
    }
}

/// Whether a Helm render reads a file of the chart (path relative to the chart's root): its
/// `Chart.yaml`, values and schema, and templates, at any subchart depth.
fn chart_reads(rel: &Path) -> bool {
    let mut parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
    while parts.len() > 2 && parts[0] == "charts" {
        parts.drain(..2);
    }
    match parts.as_slice() {
        ["templates", ..] => true,
        [name] => matches!(
            *name,
            "Chart.yaml" | "values.yaml" | "values.schema.json" | "requirements.yaml"
        ),
        _ => false,
    }
}

impl Gate {
    /// Checks `paths` (files or directories): discovers units, loads them, evaluates every
    /// applicable rule and returns the sorted findings and input errors, and what was skipped.
    ///
    /// Units are checked in parallel, and the files of a unit too: each file is read, parsed
    /// and evaluated by a worker that reuses one prepared engine; the unit's cross-resource
    /// rules run once its files are done, and its documents are dropped then, so memory holds
    /// only the units in flight.
    pub fn check(&self, paths: &[PathBuf]) -> Result<Report, GateError> {
        self.check_with_progress(paths, &|_, _| {})
    }

    /// [`check`](Gate::check), calling `progress(units done, units in all)` as units finish
    /// (from the worker threads), for progress bars.
    pub fn check_with_progress(
        &self,
        paths: &[PathBuf],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Report, GateError> {
        let started = Instant::now();
        let Planned {
            mut plan,
            mut errors,
            candidates,
            walk_skipped,
            excluded,
        } = self.plan(paths);
        let canon_file = Canon::default();
        let index = Candidates::new(&candidates, &canon_file);
        let mut left_out: Vec<(PathBuf, String)> = excluded
            .into_iter()
            .map(|f| {
                let why = "excluded by the include/exclude globs of .tollgate.yaml".to_string();
                (f, why)
            })
            .collect();
        if let Some(base) = &self.base {
            let base = base.lock().unwrap_or_else(|p| p.into_inner());
            match base.changed_paths() {
                Ok(changed) => {
                    let why = if base.is_staged() {
                        "not touched by the staged changes (--staged checks only those)".to_string()
                    } else {
                        format!("not touched since --base {}", base.rev())
                    };
                    for list in [&mut plan.units, &mut plan.pending] {
                        let (keep, drop): (Vec<Unit>, Vec<Unit>) = std::mem::take(list)
                            .into_iter()
                            .partition(|u| unit_touched(u, &changed, &plan.graph));
                        *list = keep;
                        for u in drop {
                            let root = canon(&u.root);
                            let mut dirs = vec![root.clone()];
                            if u.kind == UnitKind::Kustomize {
                                let (roots, charts) = plan.graph.closure(&root);
                                dirs.extend(roots);
                                dirs.extend(charts);
                            }
                            if matches!(u.kind, UnitKind::Kustomize | UnitKind::HelmChart) {
                                for d in &dirs {
                                    left_out
                                        .extend(index.under(d).map(|f| (f.clone(), why.clone())));
                                }
                            } else {
                                left_out.extend(u.files.iter().map(|f| (f.clone(), why.clone())));
                            }
                        }
                    }
                }
                Err(e) => errors.push(LoadError::whole_file(".", e)),
            }
        }
        let discover = started.elapsed();

        let policies = &self.policies;
        // Workers are expensive to make (an engine clone, a VM): keep the spare ones.
        let spare: Mutex<Vec<rules::Worker<'_>>> = Mutex::new(Vec::new());
        let checking = Instant::now();
        let total = plan.units.len() + plan.pending.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let run = |units: &[Unit]| -> Vec<UnitResult> {
            self.pool.install(|| {
                units
                    .par_iter()
                    .map(|unit| {
                        let result =
                            self.check_unit(unit, &plan.graph, &index, &canon_file, &spare);
                        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                        progress(n, total);
                        result
                    })
                    .collect()
            })
        };
        let mut results = run(&plan.units);
        // Loose manifests below a Kustomize directory: a directory no build read from is a unit
        // of its own; the files of one a build read from are that build's.
        let read: HashSet<&PathBuf> = results.iter().flat_map(|r| &r.read.read).collect();
        let (own, used): (Vec<Unit>, Vec<Unit>) = std::mem::take(&mut plan.pending)
            .into_iter()
            .partition(|u| !u.files.iter().any(|f| read.contains(&canon_file.file(f))));
        drop(read);
        done.fetch_add(used.len(), std::sync::atomic::Ordering::Relaxed);
        results.extend(run(&own));
        let check = checking.elapsed();

        // Only a Kustomize build reads files another unit may read too (a shared base): its
        // findings are merged; the others' each belong to one unit.
        let mut findings = Vec::new();
        let mut shared = Vec::new();
        let (mut files, mut documents, mut suppressed) = (0, 0, 0);
        let mut unit_summaries = Vec::with_capacity(results.len());
        let mut combined = Vec::new();
        let mut prints = Vec::new();
        let mut reads = Vec::with_capacity(results.len());
        for r in results {
            combined.extend(r.combined);
            prints.extend(r.prints);
            if r.summary.kind == UnitKind::Kustomize {
                shared.extend(r.findings);
            } else {
                findings.extend(r.findings.into_iter().map(|mut f| {
                    f.units = vec![f.unit.clone()];
                    f
                }));
            }
            unit_summaries.push(r.summary);
            errors.extend(r.errors);
            files += r.files;
            documents += r.documents;
            suppressed += r.suppressed;
            reads.push(r.read);
        }
        reads.push(UnitRead {
            left_out,
            ..UnitRead::default()
        });
        findings.extend(merge_findings(shared));
        if self.combine {
            let (f, e) = policies.eval_combined_with_prints(&combined, &mut prints);
            findings.extend(f.into_iter().map(|mut f| {
                f.units = vec![f.unit.clone()];
                f
            }));
            errors.extend(e);
        }
        if let Some(config) = &self.config {
            findings.retain(|f| !config.disable.contains(&f.rule));
            for f in &mut findings {
                if let Some(s) = config.severity.get(&f.rule) {
                    f.severity = *s;
                }
            }
        }
        let accounts = account(
            &canon_file,
            &candidates,
            &walk_skipped,
            &plan,
            &reads,
            &|chart| {
                self.helm_options(chart)
                    .values
                    .iter()
                    .map(|v| canon(v))
                    .collect()
            },
            &|p| self.display(p),
        );
        let sorting = Instant::now();
        self.pool
            .install(|| findings.par_sort_by_cached_key(Finding::sort_key));
        let errors = merge_errors(errors);
        unit_summaries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Report {
            findings,
            errors,
            files,
            documents,
            units: unit_summaries,
            suppressed,
            baselined: 0,
            checked: accounts.checked,
            skipped: accounts.skipped,
            prints,
            timings: Timings {
                discover,
                check,
                sort: sorting.elapsed(),
            },
        })
    }

    /// Loads and evaluates one unit.
    fn check_unit<'a>(
        &'a self,
        unit: &Unit,
        graph: &crate::plan::KGraph,
        index: &Candidates,
        canon_file: &Canon,
        spare: &Mutex<Vec<rules::Worker<'a>>>,
    ) -> UnitResult {
        let policies = &self.policies;
        let name = self.display(&unit.root);
        let mut out = UnitResult {
            findings: Vec::new(),
            errors: Vec::new(),
            files: 0,
            documents: 0,
            suppressed: 0,
            combined: Vec::new(),
            prints: Vec::new(),
            summary: UnitSummary {
                name: name.clone(),
                kind: unit.kind,
                document_kinds: BTreeSet::new(),
            },
            read: UnitRead {
                name: name.clone(),
                kind: Some(unit.kind),
                root: unit.root.clone(),
                ..UnitRead::default()
            },
        };
        // A worker evaluates the per-document rules; each document becomes a Rego value once,
        // for both these and the cross-resource rules.
        let eval_documents = |documents: &[Document],
                              findings: &mut Vec<Finding>,
                              errors: &mut Vec<LoadError>,
                              prints: &mut Vec<String>| {
            let mut worker = spare
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop()
                .unwrap_or_else(|| policies.worker());
            let mut inputs = Vec::with_capacity(documents.len());
            for doc in documents {
                let input = doc.to_rego();
                worker.eval(doc, &input, &name, findings, errors);
                inputs.push(input);
            }
            prints.extend(worker.take_prints());
            spare.lock().unwrap_or_else(|p| p.into_inner()).push(worker);
            inputs
        };
        // What follows a unit's documents: its cross-resource rules, suppressions and counts.
        let finish_unit = |out: &mut UnitResult,
                           documents: &[Document],
                           inputs: &[regorus::Value],
                           sups: &[suppress::Suppression]| {
            let (f, e) = policies.eval_unit(&name, documents, inputs);
            out.findings.extend(f);
            out.errors.extend(e);
            if self.combine {
                out.combined = documents
                    .iter()
                    .zip(inputs)
                    .map(|(d, i)| (Arc::clone(&d.file), i.clone()))
                    .collect();
            }
            out.suppressed = suppress::apply(&mut out.findings, sups, &name);
            out.documents = documents.len();
            out.summary.document_kinds =
                documents.iter().map(|d| d.resource.kind.clone()).collect();
            for e in &mut out.errors {
                e.units = vec![name.clone()];
            }
        };
        if matches!(unit.kind, UnitKind::Kustomize | UnitKind::HelmChart) {
            let built = if unit.kind == UnitKind::Kustomize {
                let (built, read) = self.build_kustomize(unit, graph);
                // The build reads canonical paths.
                out.read.read = read;
                built
            } else {
                let root = canon(&unit.root);
                out.read.read = index
                    .under(&root)
                    .filter(|f| f.strip_prefix(&root).is_ok_and(chart_reads))
                    .cloned()
                    .chain(
                        self.helm_options(&unit.root)
                            .values
                            .iter()
                            .map(|v| canon(v)),
                    )
                    .collect();
                self.build_helm(unit)
            };
            let documents = match built {
                Ok(d) => d,
                Err(mut e) => {
                    // The whole unit is lost to this error: say which.
                    e.units = vec![name.clone()];
                    e.unit_failed = true;
                    out.errors.push(e);
                    out.read.failed = true;
                    return out;
                }
            };
            let inputs = eval_documents(
                &documents,
                &mut out.findings,
                &mut out.errors,
                &mut out.prints,
            );
            let sups: Vec<suppress::Suppression> = documents
                .iter()
                .filter_map(suppress::from_annotation)
                .collect();
            out.files = documents
                .first()
                .and_then(|d| d.sources.as_ref())
                .map_or(0, |m| m.files().count());
            finish_unit(&mut out, &documents, &inputs, &sups);
            return out;
        }
        type FileResult = (
            Vec<Document>,
            Vec<regorus::Value>,
            Vec<Finding>,
            Vec<LoadError>,
            Vec<suppress::Suppression>,
            Vec<String>,
        );
        if unit.kind == UnitKind::Migrations {
            match self.other_databases(unit, &name) {
                Ok(f) => out.findings.extend(f),
                Err(e) => out.errors.push(e),
            }
        }
        let jobs = Self::unit_files(unit);
        let judged: HashSet<&PathBuf> = jobs.iter().map(|j| &j.path).collect();
        for f in &unit.files {
            if !judged.contains(f) {
                let why = match sql::layout::other_database(f) {
                    Some(db) => format!(
                        "a migration for another database ({db}): only PostgreSQL migrations are checked"
                    ),
                    None => "superseded by the PostgreSQL variant of the same migration".to_string(),
                };
                out.read.left_out.push((f.clone(), why));
            }
        }
        out.read.read = jobs.iter().map(|j| canon_file.file(&j.path)).collect();
        let per_file: Vec<FileResult> = jobs
            .par_iter()
            .map(|job| {
                let (mut findings, mut errors) = (Vec::new(), Vec::new());
                let mut inputs = Vec::new();
                let mut sups = Vec::new();
                let mut prints = Vec::new();
                let documents = match self.load_file_with_suppressions(job) {
                    Ok((documents, s)) => {
                        sups = s;
                        inputs =
                            eval_documents(&documents, &mut findings, &mut errors, &mut prints);
                        documents
                    }
                    Err(e) => {
                        errors.push(e);
                        Vec::new()
                    }
                };
                (documents, inputs, findings, errors, sups, prints)
            })
            .collect();
        out.files = unit.files.len();
        let (mut documents, mut inputs) = (Vec::new(), Vec::new());
        let mut sups = Vec::new();
        for (d, i, f, e, s, p) in per_file {
            out.prints.extend(p);
            documents.extend(d);
            inputs.extend(i);
            out.findings.extend(f);
            out.errors.extend(e);
            sups.extend(s);
        }
        finish_unit(&mut out, &documents, &inputs, &sups);
        out
    }

    /// The documents the rules would evaluate for `paths`, in unit and document order.
    pub fn render(&self, paths: &[PathBuf]) -> Rendered {
        let Planned {
            mut plan,
            mut errors,
            ..
        } = self.plan(paths);
        type Loaded = (Vec<Result<Vec<Document>, LoadError>>, Vec<PathBuf>);
        let load = |units: &[Unit]| -> Vec<Loaded> {
            self.pool.install(|| {
                units
                    .par_iter()
                    .map(|unit| match unit.kind {
                        UnitKind::Kustomize => {
                            let (built, read) = self.build_kustomize(unit, &plan.graph);
                            (vec![built], read)
                        }
                        UnitKind::HelmChart => (vec![self.build_helm(unit)], Vec::new()),
                        _ => (
                            Self::unit_files(unit)
                                .par_iter()
                                .map(|f| self.load_file(f))
                                .collect(),
                            Vec::new(),
                        ),
                    })
                    .collect()
            })
        };
        let mut loaded = load(&plan.units);
        let read: HashSet<&PathBuf> = loaded.iter().flat_map(|(_, r)| r).collect();
        let canon_file = Canon::default();
        let own: Vec<Unit> = std::mem::take(&mut plan.pending)
            .into_iter()
            .filter(|u| !u.files.iter().any(|f| read.contains(&canon_file.file(f))))
            .collect();
        drop(read);
        loaded.extend(load(&own));
        let mut documents = Vec::new();
        for result in loaded.into_iter().flat_map(|(r, _)| r) {
            match result {
                Ok(docs) => documents.extend(docs),
                Err(e) => errors.push(e),
            }
        }
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        Rendered { documents, errors }
    }
}

/// One finding for what several units found at the same place (a base shared by several
/// Kustomize roots): the first, with every unit in [`Finding::units`]. Findings are compared by
/// rule, place, message, resource and related places; a hash of those picks the candidates, so
/// nothing is copied to compare.
fn merge_findings(findings: Vec<Finding>) -> Vec<Finding> {
    use std::hash::{Hash, Hasher};
    let hash = |f: &Finding| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        f.rule.hash(&mut h);
        f.at.file.name().hash(&mut h);
        f.at.span.hash(&mut h);
        f.message.hash(&mut h);
        f.resource.display().hash(&mut h);
        for r in &f.related {
            r.at.file.name().hash(&mut h);
            r.at.span.hash(&mut h);
            r.label.hash(&mut h);
        }
        h.finish()
    };
    let same = |a: &Finding, b: &Finding| {
        a.rule == b.rule
            && a.at.file.name() == b.at.file.name()
            && a.at.span == b.at.span
            && a.message == b.message
            && a.resource.display() == b.resource.display()
            && a.related.len() == b.related.len()
            && a.related.iter().zip(&b.related).all(|(x, y)| {
                x.at.file.name() == y.at.file.name() && x.at.span == y.at.span && x.label == y.label
            })
    };
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::with_capacity(findings.len());
    for mut f in findings {
        let slot = seen.entry(hash(&f)).or_default();
        match slot.iter().copied().find(|&i| same(&out[i], &f)) {
            Some(i) => {
                let units = &mut out[i].units;
                if !units.contains(&f.unit) {
                    units.push(f.unit);
                    units.sort();
                }
            }
            None => {
                f.units = vec![f.unit.clone()];
                slot.push(out.len());
                out.push(f);
            }
        }
    }
    for f in &mut out {
        if let Some(first) = f.units.first() {
            f.unit = first.clone();
        }
    }
    out
}

/// Input errors sorted by place, one per place and message, with every unit it concerns.
fn merge_errors(mut errors: Vec<LoadError>) -> Vec<LoadError> {
    errors.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
    let mut out: Vec<LoadError> = Vec::with_capacity(errors.len());
    for e in errors {
        match out.last_mut() {
            Some(last)
                if (&last.file, last.line, last.column, &last.message)
                    == (&e.file, e.line, e.column, &e.message) =>
            {
                for u in e.units {
                    if !last.units.contains(&u) {
                        last.units.push(u);
                    }
                }
                last.units.sort();
                last.unit_failed |= e.unit_failed;
            }
            _ => out.push(e),
        }
    }
    out
}
