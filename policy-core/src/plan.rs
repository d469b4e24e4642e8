//! Planning a check: which units are checked, and what becomes of every other file found under
//! the checked paths.
//!
//! Discovery ([`source::discover`](crate::source::discover)) finds the candidate files and
//! classifies directories. Planning then:
//!
//! - links the Kustomize roots into one inclusion graph ([`KGraph`], each kustomization read
//!   once) and keeps as units the roots no other kept root includes; a cycle that nothing
//!   includes keeps all its members (their builds report the cycle), and a Component is never a
//!   unit of its own;
//! - leaves a chart a kept root inflates (`helmCharts`) to that root;
//! - defers the directories of loose manifests below a Kustomize directory until the builds are
//!   done ([`Plan::pending`]): one that no build read from is a unit of its own, the files of one
//!   a build read from are that build's, and the rest are skipped;
//! - after the check, accounts for every candidate file ([`account`]): checked by one or more
//!   units, or skipped with a reason ([`Skipped`]). No file falls through.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::render::kustomize;
use crate::source::confine::Fence;
use crate::source::discover::{Unit, UnitKind, WalkSkip};

/// A file found under the checked paths that no unit checked, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// The file or directory, as shown to users.
    pub path: String,
    /// Why it was not checked.
    pub reason: String,
}

/// The Kustomize inclusion graph: every kustomization directory discovered, and every one they
/// reach (through `resources`, `bases`, `components` and the plugin lists), read once each.
#[derive(Debug, Default)]
pub(crate) struct KGraph {
    nodes: Vec<KNode>,
    index: HashMap<PathBuf, usize>,
}

#[derive(Debug)]
struct KNode {
    /// Canonical directory.
    dir: PathBuf,
    links: Vec<usize>,
    charts: Vec<PathBuf>,
    component: bool,
}

impl KGraph {
    /// The graph reached from `roots` (canonical directories, each with the fence its links
    /// must stay in).
    pub(crate) fn new(roots: &[(PathBuf, &Fence)]) -> KGraph {
        let mut g = KGraph::default();
        let mut todo: Vec<(usize, &Fence)> = Vec::new();
        for (dir, fence) in roots {
            if let Some(i) = g.add(dir) {
                todo.push((i, fence));
            }
        }
        while let Some((i, fence)) = todo.pop() {
            let links = kustomize::root_links(&g.nodes[i].dir, fence);
            let mut targets = Vec::with_capacity(links.roots.len());
            for r in links.roots {
                match g.add(&r) {
                    Some(j) => {
                        todo.push((j, fence));
                        targets.push(j);
                    }
                    None => targets.push(g.index[&r]),
                }
            }
            let node = &mut g.nodes[i];
            node.links = targets;
            node.charts = links.charts;
            node.component = links.component;
        }
        g
    }

    /// Adds a node; `None` when it was there.
    fn add(&mut self, dir: &Path) -> Option<usize> {
        if self.index.contains_key(dir) {
            return None;
        }
        let i = self.nodes.len();
        self.nodes.push(KNode {
            dir: dir.to_path_buf(),
            links: Vec::new(),
            charts: Vec::new(),
            component: false,
        });
        self.index.insert(dir.to_path_buf(), i);
        Some(i)
    }

    /// `dir` and every root it includes, directly or not, and the charts they inflate.
    pub(crate) fn closure(&self, dir: &Path) -> (BTreeSet<PathBuf>, BTreeSet<PathBuf>) {
        let (mut roots, mut charts) = (BTreeSet::new(), BTreeSet::new());
        let Some(&start) = self.index.get(dir) else {
            roots.insert(dir.to_path_buf());
            return (roots, charts);
        };
        let mut seen = vec![false; self.nodes.len()];
        let mut todo = vec![start];
        while let Some(i) = todo.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            let n = &self.nodes[i];
            roots.insert(n.dir.clone());
            charts.extend(n.charts.iter().cloned());
            todo.extend(n.links.iter().copied());
        }
        (roots, charts)
    }

    /// The roots to check as units, of the discovered ones (canonical): the named ones (a
    /// Component too: `kubectl kustomize` builds one alone), and those no kept root includes.
    /// A Component that was not named is never kept.
    ///
    /// Strongly connected components are taken in topological order (Tarjan, iterative: a chain
    /// of thousands of bases costs linear time and no recursion). A component of the graph is
    /// *reached* when a component before it that holds a kept root, or is itself reached, links
    /// to it; the discovered roots of a component not reached are kept, so a cycle that nothing
    /// includes keeps all its members and their builds report it.
    pub(crate) fn kept(
        &self,
        discovered: &BTreeSet<PathBuf>,
        named: &BTreeSet<PathBuf>,
    ) -> BTreeSet<PathBuf> {
        let sccs = self.sccs();
        let mut scc_of = vec![0usize; self.nodes.len()];
        for (c, members) in sccs.iter().enumerate() {
            for &m in members {
                scc_of[m] = c;
            }
        }
        // Tarjan yields components in reverse topological order.
        let mut active = vec![false; sccs.len()];
        let mut reached = vec![false; sccs.len()];
        let mut kept = BTreeSet::new();
        for c in (0..sccs.len()).rev() {
            let mut any_kept = false;
            for &m in &sccs[c] {
                let n = &self.nodes[m];
                let keep = discovered.contains(&n.dir)
                    && (named.contains(&n.dir) || (!n.component && !reached[c]));
                if keep {
                    kept.insert(n.dir.clone());
                    any_kept = true;
                }
            }
            active[c] = reached[c] || any_kept;
            if active[c] {
                for &m in &sccs[c] {
                    for &t in &self.nodes[m].links {
                        if scc_of[t] != c {
                            reached[scc_of[t]] = true;
                        }
                    }
                }
            }
        }
        kept
    }

    /// The strongly connected components, in reverse topological order (iterative Tarjan).
    fn sccs(&self) -> Vec<Vec<usize>> {
        let n = self.nodes.len();
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0usize; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut out = Vec::new();
        let mut next = 0usize;
        for start in 0..n {
            if index[start] != usize::MAX {
                continue;
            }
            // (node, next link to look at)
            let mut call: Vec<(usize, usize)> = vec![(start, 0)];
            index[start] = next;
            low[start] = next;
            next += 1;
            stack.push(start);
            on_stack[start] = true;
            while let Some(&mut (v, ref mut i)) = call.last_mut() {
                if let Some(&w) = self.nodes[v].links.get(*i) {
                    *i += 1;
                    if index[w] == usize::MAX {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        call.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                call.pop();
                if let Some(&(u, _)) = call.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(comp);
                }
            }
        }
        out
    }
}

/// What a check will do with the discovered units.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// The units to check now.
    pub units: Vec<Unit>,
    /// Loose manifest directories below a Kustomize directory, decided after the builds.
    pub pending: Vec<Unit>,
    /// The Kustomize graph of the discovered roots.
    pub graph: KGraph,
    /// Kustomize directories discovered (canonical) that are not units: included by a kept
    /// root (with the roots that include them), or Components.
    pub not_units: BTreeMap<PathBuf, NotUnit>,
    /// Charts a kept root inflates (canonical), and the roots.
    pub inflated: BTreeMap<PathBuf, Vec<PathBuf>>,
    /// With `exact`: the files of the units left out below a named Kustomize root or chart,
    /// and that root (canonical).
    pub below_exact: Vec<(PathBuf, PathBuf)>,
}

/// Why a discovered Kustomize directory is not a unit.
#[derive(Debug, Clone)]
pub(crate) enum NotUnit {
    /// Included by these kept roots (canonical).
    Included(Vec<PathBuf>),
    /// A Component no kept root uses.
    UnusedComponent,
}

fn canon(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// Canonical paths of files, their directories resolved once each: `realpath` on every file
/// of a large tree costs a system call per path component; this costs one `lstat` per file.
#[derive(Debug, Default)]
pub(crate) struct Canon {
    dirs: std::sync::Mutex<HashMap<PathBuf, PathBuf>>,
}

impl Canon {
    /// The canonical path of the file `p` (itself when it cannot be resolved).
    pub(crate) fn file(&self, p: &Path) -> PathBuf {
        let link = std::fs::symlink_metadata(p).map_or(true, |m| m.file_type().is_symlink());
        let (Some(dir), Some(name), false) = (p.parent(), p.file_name(), link) else {
            return canon(p);
        };
        let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
        let dir = dirs.entry(dir.to_path_buf()).or_insert_with(|| canon(dir));
        dir.join(name)
    }
}

impl Plan {
    /// Plans the discovered `units`; `named` are the paths given on the command line. With
    /// `exact`, a named path that is a Kustomize root or a chart is that unit alone: the units
    /// below it are left out (and accounted as such).
    pub(crate) fn new(mut units: Vec<Unit>, named: &[PathBuf], exact: bool) -> Plan {
        let named: BTreeSet<PathBuf> = named.iter().map(|p| canon(p)).collect();
        let mut below_exact = Vec::new();
        if exact {
            let exact_roots: Vec<PathBuf> = units
                .iter()
                .filter(|u| matches!(u.kind, UnitKind::Kustomize | UnitKind::HelmChart))
                .map(|u| canon(&u.root))
                .filter(|r| named.contains(r))
                .collect();
            units.retain(|u| {
                let root = canon(&u.root);
                match exact_roots
                    .iter()
                    .find(|e| root.starts_with(e) && &root != *e)
                {
                    Some(e) => {
                        below_exact.extend(u.files.iter().map(|f| (f.clone(), e.clone())));
                        false
                    }
                    None => true,
                }
            });
        }
        let kdirs: Vec<(PathBuf, &Fence)> = units
            .iter()
            .filter(|u| u.kind == UnitKind::Kustomize)
            .map(|u| (canon(&u.root), &u.fence))
            .collect();
        let graph = KGraph::new(&kdirs);
        let discovered: BTreeSet<PathBuf> = kdirs.iter().map(|(d, _)| d.clone()).collect();
        let kept = graph.kept(&discovered, &named);
        let mut not_units = BTreeMap::new();
        let mut inflated: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        let mut included_by: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for k in &kept {
            let (roots, charts) = graph.closure(k);
            for r in roots {
                if &r != k {
                    included_by.entry(r).or_default().push(k.clone());
                }
            }
            for c in charts {
                inflated.entry(c).or_default().push(k.clone());
            }
        }
        for d in &discovered {
            if kept.contains(d) {
                continue;
            }
            let why = match included_by.get(d) {
                Some(by) => NotUnit::Included(by.clone()),
                None => NotUnit::UnusedComponent,
            };
            not_units.insert(d.clone(), why);
        }
        let mut plan = Plan {
            graph,
            not_units,
            inflated,
            below_exact,
            ..Plan::default()
        };
        for u in units {
            let root = canon(&u.root);
            match u.kind {
                UnitKind::Kustomize if !kept.contains(&root) => {}
                UnitKind::HelmChart
                    if plan.inflated.contains_key(&root) && !named.contains(&root) => {}
                UnitKind::Manifests
                    if discovered.iter().any(|k| root.starts_with(k) && &root != k) =>
                {
                    plan.pending.push(u)
                }
                _ => plan.units.push(u),
            }
        }
        plan
    }
}

/// What a unit's check read: the unit's name and the files it read (canonical), for
/// [`account`]. `failed` when it ended in an input error.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitRead {
    pub name: String,
    pub kind: Option<UnitKind>,
    pub root: PathBuf,
    pub read: Vec<PathBuf>,
    pub failed: bool,
    /// Files of the unit deliberately left out, with the reason (migrations for another
    /// database, say).
    pub left_out: Vec<(PathBuf, String)>,
}

/// The accounting of a check: every candidate file, checked or skipped.
#[derive(Debug, Default)]
pub(crate) struct Accounts {
    /// The candidate files some unit read, as shown to users, sorted.
    pub checked: Vec<String>,
    /// The others, and the directories the walks left out, with reasons, sorted.
    pub skipped: Vec<Skipped>,
}

/// Accounts for every candidate file of `discovery`: a file some unit read is checked; every
/// other one gets a reason. `display` names files; `chart_values` gives the values files a
/// chart is rendered with (canonical).
pub(crate) fn account(
    canon_file: &Canon,
    discovery_candidates: &[PathBuf],
    walk_skipped: &[(PathBuf, WalkSkip)],
    plan: &Plan,
    reads: &[UnitRead],
    chart_values: &dyn Fn(&Path) -> Vec<PathBuf>,
    display: &dyn Fn(&Path) -> String,
) -> Accounts {
    let mut checked: HashMap<PathBuf, ()> = HashMap::new();
    let mut left_out: HashMap<PathBuf, String> = HashMap::new();
    for r in reads {
        for f in &r.read {
            checked.insert(f.clone(), ());
        }
        for (f, why) in &r.left_out {
            left_out.insert(canon(f), why.clone());
        }
    }
    for (f, root) in &plan.below_exact {
        let why = format!(
            "below {}, which was named with --exact: only that unit is checked",
            display(root)
        );
        left_out.insert(canon(f), why);
    }
    // Units by canonical root, for the reasons below.
    let units: BTreeMap<PathBuf, &UnitRead> = reads.iter().map(|r| (canon(&r.root), r)).collect();
    let mut out = Vec::new();
    let mut checked_files = Vec::new();
    for (p, why) in walk_skipped {
        let reason = match why {
            WalkSkip::Hidden => {
                "hidden (its name starts with a dot; --no-ignore checks it)".to_string()
            }
            WalkSkip::Ignored(Some(by)) => {
                format!("ignored by {} (--no-ignore checks it)", display(by))
            }
            WalkSkip::Ignored(None) => {
                "ignored by git's global excludes file (--no-ignore checks it)".to_string()
            }
            WalkSkip::Refused(by) => format!(
                "not walked: its ignore file {} was refused (see the error)",
                display(by)
            ),
        };
        out.push(Skipped {
            path: display(p),
            reason,
        });
    }
    for f in discovery_candidates {
        let c = canon_file.file(f);
        if checked.contains_key(&c) {
            checked_files.push(display(f));
            continue;
        }
        let reason = if let Some(why) = left_out.get(&c) {
            why.clone()
        } else if let Some(why) = chart_reason(&c, plan, &units, chart_values, display) {
            why
        } else if let Some(why) = kustomize_reason(&c, plan, &units, display) {
            why
        } else if let Some(r) = units
            .get(&c)
            .or_else(|| c.parent().and_then(|p| units.get(p)))
        {
            if r.failed {
                format!("{} failed (see its error)", r.name)
            } else {
                "not assigned to any unit (a Tollgate bug: please report it)".to_string()
            }
        } else {
            "not assigned to any unit (a Tollgate bug: please report it)".to_string()
        };
        out.push(Skipped {
            path: display(f),
            reason,
        });
    }
    out.sort();
    checked_files.sort();
    Accounts {
        checked: checked_files,
        skipped: out,
    }
}

/// The deepest `root` of `roots` that holds `file`.
fn deepest<'a>(file: &Path, roots: impl Iterator<Item = &'a PathBuf>) -> Option<&'a PathBuf> {
    roots
        .filter(|r| file.starts_with(r))
        .max_by_key(|r| r.components().count())
}

fn chart_reason(
    file: &Path,
    plan: &Plan,
    units: &BTreeMap<PathBuf, &UnitRead>,
    chart_values: &dyn Fn(&Path) -> Vec<PathBuf>,
    display: &dyn Fn(&Path) -> String,
) -> Option<String> {
    let charts = units
        .iter()
        .filter(|(_, r)| r.kind == Some(UnitKind::HelmChart))
        .map(|(p, _)| p)
        .chain(plan.inflated.keys());
    let chart = deepest(file, charts)?;
    let shown = display(chart);
    if let Some(roots) = plan.inflated.get(chart) {
        if !units.contains_key(chart) {
            let roots: Vec<String> = roots.iter().map(|r| display(r)).collect();
            return Some(format!(
                "a file of chart {shown}, which Kustomize root {} inflates: not read by its render",
                roots.join(", ")
            ));
        }
    }
    let unit = units.get(chart)?;
    if unit.failed {
        return Some(format!("chart {shown} failed to render (see its error)"));
    }
    let rel = file.strip_prefix(chart).ok()?;
    // Below a subchart folder, the subchart's own rules (Helm renders subcharts whole).
    let mut parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
    while parts.len() > 2 && parts[0] == "charts" {
        parts.drain(..2);
    }
    let name = parts.last().copied().unwrap_or("");
    Some(match parts.first().copied() {
        Some("crds") => format!("a CRD of chart {shown}: `helm template` does not print crds/"),
        Some("ci") => format!(
            "CI values of chart {shown}: check the chart with them with -f {}",
            display(file)
        ),
        _ if name.starts_with("values") && chart_values(chart).iter().all(|v| v != file) => format!(
            "a values file of chart {shown} that this check does not use (pass it with -f or in .tollgate.yaml)"
        ),
        _ => format!(
            "a file of chart {shown} that is not a template (only .Files reads it), or one its .helmignore leaves out"
        ),
    })
}

fn kustomize_reason(
    file: &Path,
    plan: &Plan,
    units: &BTreeMap<PathBuf, &UnitRead>,
    display: &dyn Fn(&Path) -> String,
) -> Option<String> {
    let kdirs = units
        .iter()
        .filter(|(_, r)| r.kind == Some(UnitKind::Kustomize))
        .map(|(p, _)| p)
        .chain(plan.not_units.keys());
    let dir = deepest(file, kdirs)?;
    let shown = display(dir);
    Some(match (units.get(dir), plan.not_units.get(dir)) {
        (Some(r), _) if r.failed => {
            format!("below Kustomize root {shown}, which failed to build (see its error)")
        }
        (Some(_), _) => format!("below Kustomize root {shown}, which does not use it"),
        (None, Some(NotUnit::Included(by))) => {
            let failed = by.iter().all(|r| units.get(r).is_some_and(|u| u.failed));
            let by: Vec<String> = by.iter().map(|r| display(r)).collect();
            if failed {
                format!(
                    "below {shown}, a Kustomize directory included by {}, which failed to build (see its error)",
                    by.join(", ")
                )
            } else {
                format!(
                    "below {shown}, a Kustomize directory checked through {} (which do not use this file)",
                    by.join(", ")
                )
            }
        }
        (None, Some(NotUnit::UnusedComponent)) => {
            format!("below {shown}, a Kustomize Component that no root checked here uses")
        }
        (None, None) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn unit(kind: UnitKind, root: &Path, fence: &Fence) -> Unit {
        Unit {
            kind,
            root: root.to_path_buf(),
            files: Vec::new(),
            fence: fence.clone(),
        }
    }

    /// A chain of 3,000 bases is one unit; every other root is included by it. The graph is
    /// read once (each kustomization once) and planned in linear time: the old discovery took
    /// a closure per root, quadratic in the chain's length.
    #[test]
    fn a_chain_of_bases_is_planned_once() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(r.join(".git")).unwrap();
        let n = 3000;
        for i in 0..n {
            let text = if i + 1 < n {
                format!("resources: [../r{}]\n", i + 1)
            } else {
                "resources: []\n".to_string()
            };
            write(&r, &format!("r{i}/kustomization.yaml"), &text);
        }
        let fence = Fence::around(&r);
        let units: Vec<Unit> = (0..n)
            .map(|i| unit(UnitKind::Kustomize, &r.join(format!("r{i}")), &fence))
            .collect();
        let plan = Plan::new(units, std::slice::from_ref(&r), false);
        assert_eq!(plan.units.len(), 1);
        assert_eq!(plan.units[0].root, r.join("r0"));
        assert_eq!(plan.not_units.len(), n - 1);
        assert!(matches!(
            plan.not_units.get(&r.join(format!("r{}", n - 1))),
            Some(NotUnit::Included(by)) if by == &vec![r.join("r0")]
        ));
    }

    #[test]
    fn cycles_keep_their_members_unless_something_includes_them() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(r.join(".git")).unwrap();
        write(&r, "a/kustomization.yaml", "resources: [../b]\n");
        write(&r, "b/kustomization.yaml", "resources: [../a]\n");
        let fence = Fence::around(&r);
        let ab = || {
            vec![
                unit(UnitKind::Kustomize, &r.join("a"), &fence),
                unit(UnitKind::Kustomize, &r.join("b"), &fence),
            ]
        };
        let roots = |p: &Plan| p.units.iter().map(|u| u.root.clone()).collect::<Vec<_>>();
        assert_eq!(
            roots(&Plan::new(ab(), std::slice::from_ref(&r), false)),
            [r.join("a"), r.join("b")]
        );
        // Included from outside the cycle: only the includer is a unit.
        write(&r, "top/kustomization.yaml", "resources: [../a]\n");
        let mut units = ab();
        units.push(unit(UnitKind::Kustomize, &r.join("top"), &fence));
        assert_eq!(
            roots(&Plan::new(units, std::slice::from_ref(&r), false)),
            [r.join("top")]
        );
        // A Component is never a unit unless named; named, it is.
        write(&r, "c/kustomization.yaml", "kind: Component\n");
        let c = || vec![unit(UnitKind::Kustomize, &r.join("c"), &fence)];
        assert!(Plan::new(c(), std::slice::from_ref(&r), false)
            .units
            .is_empty());
        assert_eq!(roots(&Plan::new(c(), &[r.join("c")], false)), [r.join("c")]);
    }
}
