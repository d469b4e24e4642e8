//! Per-rule evaluation cost of the built-in pack over a directory of manifests or migrations: YAML loading is
//! done once up front, then each rule (with the shared library) is evaluated alone on every
//! document of its kinds, on one thread. Used to find which rules dominate `check` time.
//!
//! ```text
//! cargo run --release -p policy-core --example rule_cost -- DIR              # every built-in rule
//! KIND=Deployment cargo run ... -- DIR my_rule.rego                           # one kind, own rule
//! ```
use std::path::Path;
use std::time::Instant;

use policy_core::document::{parse_manifests, read_source};
use policy_core::{EngineOptions, Limits, PolicySet, PolicySource};

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "sql")
        {
            out.push(p);
        }
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: rule_cost DIR [RULE.rego...]   (env KIND=<kind> keeps one kind)");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    let limits = Limits::default();
    let fence = policy_core::source::confine::Fence::around(Path::new(&dir));
    let started = Instant::now();
    let mut docs = Vec::new();
    for f in &files {
        let display = f.display().to_string();
        let Ok(src) = read_source(&fence, f, &display, &limits) else {
            continue;
        };
        if f.extension().is_some_and(|e| e == "sql") {
            let m = policy_core::sql::layout::classify(f);
            let context = policy_core::sql::MigrationContext {
                new: true,
                ..Default::default()
            };
            if let Ok(Some(d)) = policy_core::sql::parse_migration(&src, &m, &context, &limits) {
                docs.push(d);
            }
        } else if let Ok(d) = parse_manifests(&src, &limits) {
            docs.extend(d);
        }
    }
    if let Ok(kind) = std::env::var("KIND") {
        docs.retain(|d| d.resource.kind == kind);
    }
    let load = started.elapsed();
    let started = Instant::now();
    let inputs: Vec<_> = docs.iter().map(|d| d.to_rego()).collect();
    let convert = started.elapsed();
    println!(
        "{} documents: load {:.0} ms, to_rego {:.0} ms",
        docs.len(),
        load.as_secs_f64() * 1e3,
        convert.as_secs_f64() * 1e3
    );
    let all = PolicySource::builtin();
    let lib: Vec<PolicySource> = all
        .iter()
        .filter(|s| s.name.contains("/lib/") && !s.is_test())
        .cloned()
        .collect();
    let measure = |name: &str, sources: Vec<PolicySource>| {
        let set = match PolicySet::build(&sources, &EngineOptions::default()) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{name}: {e:?}");
                return;
            }
        };
        let mut worker = set.worker();
        let (mut findings, mut errors) = (Vec::new(), Vec::new());
        let started = Instant::now();
        for (doc, input) in docs.iter().zip(&inputs) {
            worker.eval(doc, input, "u", &mut findings, &mut errors);
        }
        let t = started.elapsed();
        println!(
            "{:>9.1} ms {:>7.1} us/doc {:>6} findings {:>3} errors  {name}",
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e6 / docs.len().max(1) as f64,
            findings.len(),
            errors.len()
        );
    };
    let extra: Vec<String> = std::env::args().skip(2).collect();
    if !extra.is_empty() {
        for f in extra {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            let mut sources = lib.clone();
            sources.push(PolicySource {
                name: f.clone(),
                text,
                builtin: true,
            });
            measure(&f, sources);
        }
        return;
    }
    measure("(whole pack)", all.clone());
    for s in all
        .iter()
        .filter(|s| !s.is_test() && !s.name.contains("/lib/"))
    {
        let mut sources = lib.clone();
        sources.push(s.clone());
        measure(&s.name, sources);
    }
}
