//! Rules: Rego policies (the built-in pack and the user's), their METADATA, and evaluation with
//! `regorus`.
//!
//! Policies are parsed once into a [`PolicySet`]. Each worker clones the prepared engine once and
//! reuses it for every document it evaluates; only the rules whose `kinds` match a document are
//! evaluated on it. Rules that read the other documents of their unit (`data.tollgate.unit`) are
//! evaluated in a second pass, once per unit, on a smaller engine holding only them.

mod conftest_builtins;
pub mod data;
mod deprecated_builtins;
mod lint;
pub mod metadata;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use regorus::Value;

use crate::document::{Document, PathSeg};
use crate::finding::{first_line, Finding, Severity, SourceSpan};
use crate::source::LoadError;
pub use lint::Capabilities;
pub use metadata::RuleMeta;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// A Rego source file: its name (as shown in errors) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySource {
    /// The file's name, e.g. `rules/k8s/privileged_container.rego` or a user's path.
    pub name: String,
    /// The Rego text.
    pub text: String,
    /// Whether it belongs to the embedded built-in pack.
    pub builtin: bool,
}

/// A built-in rule's example: its fixture that fires (`bad`) or does not (`good`), with the
/// fixtures' test markers (`# expect: …`, `-- setup: …`) removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleExample {
    /// `true` for the example that fires.
    pub bad: bool,
    /// `yaml` or `sql`.
    pub language: &'static str,
    /// The example's text.
    pub text: String,
}

/// The examples of a built-in rule (none for a user's rule).
pub fn rule_examples(id: &str) -> Vec<RuleExample> {
    embedded::RULE_EXAMPLES
        .iter()
        .filter(|(rule, ..)| *rule == id)
        .map(|(_, kind, language, text)| {
            let lines: Vec<String> = text
                .lines()
                .filter(|l| !l.starts_with("-- setup:"))
                .map(|l| {
                    let cut = ["# expect:", "-- expect:"]
                        .iter()
                        .filter_map(|m| l.find(m))
                        .min()
                        .unwrap_or(l.len());
                    l[..cut].trim_end().to_string()
                })
                .collect();
            RuleExample {
                bad: *kind == "bad",
                language,
                text: lines.join("\n").trim().to_string() + "\n",
            }
        })
        .collect()
}

impl PolicySource {
    /// The built-in rule pack, embedded at build time (test files included).
    pub fn builtin() -> Vec<PolicySource> {
        embedded::BUILTIN_RULES
            .iter()
            .map(|(name, text)| PolicySource {
                name: format!("rules/{name}"),
                text: (*text).to_string(),
                builtin: true,
            })
            .collect()
    }

    /// Every `*.rego` file under `dir` (or `dir` itself if it is a file), sorted by path.
    /// `display` maps a path to the name shown in errors. Files are read as checked files are
    /// ([`confine`](crate::source::confine)): a `.rego` symlink that leads out of the
    /// repository holding `dir` (else `dir`) is an error naming the link.
    pub fn load_dir(
        dir: &Path,
        display: &dyn Fn(&Path) -> String,
    ) -> Result<Vec<PolicySource>, LoadError> {
        let fence = crate::source::confine::Fence::around(dir);
        let refused = |p: &Path, e: crate::source::confine::Refusal| {
            LoadError::whole_file(display(p), format!("cannot read policy: {e}"))
        };
        let mut files = Vec::new();
        if dir.is_file() {
            files.push(dir.to_path_buf());
        } else if dir.is_dir() {
            fence.resolve(dir).map_err(|e| refused(dir, e))?;
            use crate::source::walk::{walker, IgnoreFiles, WalkFilter};
            let rules = IgnoreFiles::new(dir, &fence);
            let filter = Arc::new(WalkFilter::new(true, Some(rules), |_| false));
            for entry in walker(dir, Arc::clone(&filter)) {
                let entry =
                    entry.map_err(|e| LoadError::whole_file(display(dir), e.to_string()))?;
                let p = entry.path();
                if p.extension().and_then(|e| e.to_str()) != Some("rego") {
                    continue;
                }
                match entry.file_type() {
                    Some(t) if t.is_file() => files.push(p.to_path_buf()),
                    // A link is followed when it stays inside; read below, it is refused if not.
                    Some(t) if t.is_symlink() && !fence.resolve(p).is_ok_and(|t| t.is_dir()) => {
                        files.push(p.to_path_buf());
                    }
                    _ => {}
                }
            }
            if let Some((p, why)) = filter.take_errors().into_iter().next() {
                return Err(LoadError::whole_file(display(&p), why));
            }
        } else {
            return Err(LoadError::whole_file(
                display(dir),
                "policy path does not exist",
            ));
        }
        let mut out = Vec::new();
        for f in files {
            let name = display(&f);
            let bytes = fence
                .read(&f, crate::source::Limits::default().max_file_bytes)
                .map_err(|e| refused(&f, e))?;
            let src = crate::document::source_from_bytes(&f, &name, bytes)?;
            out.push(PolicySource {
                name,
                text: src.text().to_string(),
                builtin: false,
            });
        }
        Ok(out)
    }

    /// Whether this is a Rego unit-test file (`*_test.rego`).
    pub fn is_test(&self) -> bool {
        self.name.ends_with("_test.rego")
    }
}

/// One evaluated entry point: a package's `deny`, `violation` or `warn` rule (or a `deny_*`…).
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// The stable id (`custom.id`, or `<package>.<rule>` for a policy without METADATA).
    pub id: String,
    /// The package path, e.g. `data.tollgate.k8s.privileged_container`.
    pub package: String,
    /// The rule evaluated, e.g. `deny`.
    pub entry: String,
    /// The severity of its findings.
    pub severity: Severity,
    /// The METADATA of the file that declares the package (empty if none).
    pub meta: RuleMeta,
    /// The file it was declared in.
    pub source: String,
    /// Whether it is a built-in rule.
    pub builtin: bool,
    /// Whether it reads `data.tollgate.unit` (evaluated once per unit).
    pub uses_unit: bool,
}

impl RuleInfo {
    /// Whether it is a conftest-style policy: not built in, no Tollgate METADATA id.
    pub fn is_conftest(&self) -> bool {
        !self.builtin && self.meta.id.is_none()
    }

    /// The full path of the rule evaluated, e.g. `data.tollgate.k8s.privileged_container.deny`.
    pub fn query(&self) -> String {
        format!("{}.{}", self.package, self.entry)
    }

    fn applies_to(&self, kind: &str) -> bool {
        match &self.meta.kinds {
            None => true,
            Some(kinds) => kinds.iter().any(|k| k == kind || k == "*"),
        }
    }
}

/// Engine options.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Wall-clock limit of one rule's evaluation on one document.
    pub eval_timeout: Duration,
    /// Evaluate the built-in rules of a document in one batched query (default true; off only
    /// to measure the difference).
    pub batch: bool,
    /// Run the batched rules on regorus' VM rather than its interpreter (default true).
    pub vm: bool,
    /// conftest's `--namespace`: the packages whose rules are evaluated when a policy has no
    /// Tollgate METADATA (`custom.id`). Default `["main"]`, as conftest.
    pub namespaces: Vec<String>,
    /// conftest's `--all-namespaces`: evaluate every package.
    pub all_namespaces: bool,
    /// Data documents (conftest's `--data`), merged into `data`.
    pub data: Option<Value>,
    /// conftest's `--combine`: policies without Tollgate METADATA see every document at once
    /// (`input` = `[{"path", "contents"}, …]`) instead of one document at a time.
    pub combine: bool,
    /// OPA's strict mode (conftest's `--strict`): unused variables, arguments and imports,
    /// shadowed `input`/`data` and deprecated built-ins in the user's policies are errors.
    pub strict: bool,
    /// OPA's capabilities (conftest's `--capabilities`): the user's policies may only call the
    /// built-ins listed.
    pub capabilities: Option<Capabilities>,
    /// conftest's `--show-builtin-errors`: a built-in that fails (a malformed argument, a file
    /// `parse_config_file` cannot read) is an evaluation error. Off by default, as in OPA and
    /// conftest: the failing expression is undefined.
    pub strict_builtin_errors: bool,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            eval_timeout: Duration::from_secs(5),
            batch: true,
            vm: true,
            namespaces: vec!["main".to_string()],
            all_namespaces: false,
            data: None,
            combine: false,
            strict: false,
            capabilities: None,
            strict_builtin_errors: false,
        }
    }
}

/// A parsed, prepared set of policies.
#[derive(Clone)]
pub struct PolicySet {
    engine: regorus::Engine,
    unit_engine: Option<regorus::Engine>,
    rules: Vec<RuleInfo>,
    plans: HashMap<String, Plan>,
    default_plan: Plan,
    /// The batched plans compiled to regorus' VM (about 4× faster than the interpreter), when
    /// every construct they use compiles; otherwise the interpreter evaluates them.
    program: Option<Arc<regorus::rvm::program::Program>>,
    /// The cross-resource rules compiled to the VM (their unit is set as VM data per unit).
    unit_program: Option<Arc<regorus::rvm::program::Program>>,
    timeout: Duration,
    combine: bool,
}

/// What to evaluate on a document of one kind: built-in rules batched into one generated rule
/// (so shared helpers such as the container list are computed once per document), and the
/// others one by one.
#[derive(Debug, Clone, Default)]
struct Plan {
    /// The generated rule (`data.tollgate_internal.plans.pN`) and the rules it batches.
    batch: Option<(String, Vec<usize>)>,
    /// Rules evaluated one by one.
    single: Vec<usize>,
}

impl std::fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicySet")
            .field("rules", &self.rules)
            .finish()
    }
}

fn new_engine(options: &EngineOptions) -> regorus::Engine {
    let mut engine = regorus::Engine::new();
    engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
        limit: options.eval_timeout,
        check_interval: NonZeroU32::new(64).unwrap_or(NonZeroU32::MIN),
    });
    engine.set_strict_builtin_errors(options.strict_builtin_errors);
    // Adding a function to a fresh engine cannot clash with another; should it fail, a policy
    // calling it is refused when it loads (undefined function), never evaluated wrongly.
    let _ = deprecated_builtins::install(&mut engine, options.strict_builtin_errors);
    engine
}

/// The static checks of [`lint`] on the user's policies (`files`) among the engine's modules.
fn lint_policies(
    engine: &mut regorus::Engine,
    files: BTreeSet<String>,
    options: &EngineOptions,
) -> Vec<LoadError> {
    if files.is_empty() {
        return Vec::new();
    }
    let extensions: Vec<&str> = conftest_builtins::NAMES
        .iter()
        .chain(deprecated_builtins::NAMES)
        .copied()
        .collect();
    let lint_options = lint::LintOptions {
        strict: options.strict,
        capabilities: options.capabilities.as_ref(),
        extensions: &extensions,
    };
    lint::check(engine.get_modules(), &files, &lint_options)
}

/// Adds a policy, Rego v1 first, then v0 (conftest's older syntax). When both fail, the error
/// that got further into the file is reported, with its file, line and column.
fn add_policy(engine: &mut regorus::Engine, src: &PolicySource) -> Result<String, LoadError> {
    engine.set_rego_v0(false);
    let v1 = match engine.add_policy(src.name.clone(), src.text.clone()) {
        Ok(pkg) => return Ok(pkg),
        Err(e) => rego_error(&src.name, &src.text, &e.to_string()),
    };
    if !may_be_v0(&src.text) {
        return Err(v1);
    }
    engine.set_rego_v0(true);
    let result = engine.add_policy(src.name.clone(), src.text.clone());
    engine.set_rego_v0(false);
    match result {
        Ok(pkg) => Ok(pkg),
        Err(e) => {
            let v0 = rego_error(&src.name, &src.text, &e.to_string());
            Err(if (v0.line, v0.column) > (v1.line, v1.column) {
                v0
            } else {
                v1
            })
        }
    }
}

/// Whether a policy that failed as Rego v1 is worth parsing as v0: not when it uses the v1
/// keywords `if`/`contains` without importing them (a v1 policy with a syntax error, which the
/// v0 parser would only misread, with warnings). `contains(` is the v0 built-in, not the
/// keyword; words in strings and comments do not count.
fn may_be_v0(text: &str) -> bool {
    if text.contains("future.keywords") {
        return true;
    }
    !text.lines().any(|line| {
        let mut code = String::new();
        let mut in_string = false;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' if in_string => {
                    chars.next();
                }
                '"' => in_string = !in_string,
                '#' if !in_string => break,
                _ if in_string => {}
                _ => code.push(c),
            }
        }
        let mut rest = code.as_str();
        while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            let word_len = rest[start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len() - start);
            let word = &rest[start..start + word_len];
            rest = &rest[start + word_len..];
            if word == "if" || (word == "contains" && !rest.trim_start().starts_with('(')) {
                return true;
            }
        }
        false
    })
}

/// Turns a regorus error (`--> file:line:col` … `error: msg`) into a positioned error.
fn rego_error(file: &str, text: &str, message: &str) -> LoadError {
    let marker = format!("--> {file}:");
    if let Some(pos) = message.find(&marker) {
        let rest = &message[pos + marker.len()..];
        let mut parts = rest.splitn(3, [':', '\n']);
        let line = parts.next().and_then(|l| l.trim().parse().ok());
        let col = parts.next().and_then(|c| c.trim().parse().ok());
        if let (Some(line), Some(column)) = (line, col) {
            let msg = message
                .lines()
                .rev()
                .find(|l| l.starts_with("error: "))
                .map(|l| l.trim_start_matches("error: ").to_string())
                .unwrap_or_else(|| message.lines().last().unwrap_or("").to_string());
            return LoadError {
                file: file.to_string(),
                line,
                column: char_column(text, line, column),
                message: format!("Rego: {msg}"),
                excerpt: crate::source::line_text(text, line),
                ..LoadError::default()
            };
        }
    }
    LoadError::whole_file(file, format!("Rego: {}", message.trim()))
}

/// regorus counts a tab as four columns; the column in characters of its `column` on `line`.
fn char_column(text: &str, line: usize, column: usize) -> usize {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else {
        return column;
    };
    let mut width = 1;
    for (i, c) in l.chars().enumerate() {
        if width >= column {
            return i + 1;
        }
        width += if c == '\t' { 4 } else { 1 };
    }
    column.min(l.chars().count() + 1)
}

/// Rule names at the start of a line that look like entry points (or tests).
fn candidate_rule_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let mut rest = line;
        if let Some(r) = rest.strip_prefix("default ") {
            rest = r.trim_start();
        }
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        names.insert(ident);
    }
    names
}

fn is_entry_name(name: &str) -> bool {
    ["deny", "violation", "warn"]
        .iter()
        .any(|p| name == *p || name.strip_prefix(p).is_some_and(|r| r.starts_with('_')))
}

impl PolicySet {
    /// Parses and prepares `sources`. Test files (`*_test.rego`) are skipped. Every file's syntax
    /// or METADATA error is returned, each with its file, line and column.
    pub fn build(
        sources: &[PolicySource],
        options: &EngineOptions,
    ) -> Result<PolicySet, Vec<LoadError>> {
        let mut engine = new_engine(options);
        if let Some(data) = &options.data {
            engine
                .add_data(data.clone())
                .map_err(|e| vec![LoadError::whole_file("--data", e.to_string())])?;
        }
        // conftest's functions are there for policies as in `conftest test`; relative paths
        // are read from the working directory.
        conftest_builtins::install(
            &mut engine,
            Arc::new(std::sync::Mutex::new(std::path::PathBuf::new())),
            options.strict_builtin_errors,
        )
        .map_err(|e| vec![LoadError::whole_file("<conftest built-ins>", e.to_string())])?;
        let mut errors = Vec::new();
        let mut rules = Vec::new();
        let mut unit_sources = Vec::new();
        let mut seen_entries: BTreeSet<(String, String)> = BTreeSet::new();
        for src in sources.iter().filter(|s| !s.is_test()) {
            let meta = match metadata::parse_metadata(&src.name, &src.text) {
                Ok(m) => m.unwrap_or_default(),
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let package = match add_policy(&mut engine, src) {
                Ok(p) => p,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let uses_unit = src.text.contains("tollgate.unit");
            // A policy without Tollgate METADATA is a conftest policy: only the selected
            // namespaces (packages) are evaluated, `main` by default.
            let selected = src.builtin
                || meta.id.is_some()
                || options.all_namespaces
                || options
                    .namespaces
                    .iter()
                    .any(|ns| package.trim_start_matches("data.") == ns);
            let mut has_entries = false;
            for name in candidate_rule_names(&src.text) {
                if !selected
                    || !is_entry_name(&name)
                    || !engine
                        .has_declared_rule_rooted_at(&src.name, &name)
                        .unwrap_or(false)
                {
                    continue;
                }
                has_entries = true;
                // A package split over several files is evaluated once per entry point.
                if !seen_entries.insert((package.clone(), name.clone())) {
                    continue;
                }
                let severity = if name.starts_with("warn") {
                    Severity::Warning
                } else {
                    meta.severity.unwrap_or(Severity::Error)
                };
                let id = meta
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("{}.{}", package.trim_start_matches("data."), name));
                if src.builtin
                    && (meta.id.is_none() || meta.severity.is_none() || meta.kinds.is_none())
                {
                    errors.push(LoadError::whole_file(
                        &src.name,
                        "built-in rule lacks custom.id, custom.severity or custom.kinds in METADATA",
                    ));
                }
                rules.push(RuleInfo {
                    id,
                    package: package.clone(),
                    entry: name,
                    severity,
                    meta: meta.clone(),
                    source: src.name.clone(),
                    builtin: src.builtin,
                    uses_unit,
                });
            }
            if uses_unit || !has_entries {
                unit_sources.push(src);
            }
        }
        if errors.is_empty() {
            let user: BTreeSet<String> = sources
                .iter()
                .filter(|s| !s.builtin && !s.is_test())
                .map(|s| s.name.clone())
                .collect();
            errors = lint_policies(&mut engine, user, options);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let unit_engine = if rules.iter().any(|r| r.uses_unit) {
            let mut e = new_engine(options);
            if let Some(data) = &options.data {
                e.add_data(data.clone())
                    .map_err(|err| vec![LoadError::whole_file("--data", err.to_string())])?;
            }
            for src in unit_sources {
                add_policy(&mut e, src).map_err(|err| vec![err])?;
            }
            prepare(&mut e, &rules);
            Some(e)
        } else {
            None
        };
        let mut by_kind: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut any_kind = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if r.uses_unit || (options.combine && r.is_conftest()) {
                continue;
            }
            match &r.meta.kinds {
                Some(kinds) if !kinds.iter().any(|k| k == "*") => {
                    for k in kinds {
                        by_kind.entry(k.clone()).or_default().push(i);
                    }
                }
                _ => any_kind.push(i),
            }
        }
        let mut module = String::from("package tollgate_internal.plans\n\n");
        let mut make_plan = |n: usize, mut ids: Vec<usize>| -> Plan {
            ids.extend_from_slice(&any_kind);
            ids.sort_unstable();
            ids.dedup();
            // Built-in rules are partial sets (never undefined), so they can share one object.
            let (batched, single): (Vec<usize>, Vec<usize>) = ids
                .into_iter()
                .partition(|&i| options.batch && rules[i].builtin);
            let batch = (!batched.is_empty()).then(|| {
                let fields: Vec<String> = batched
                    .iter()
                    .map(|&i| format!("\"{i}\": {}", rules[i].query()))
                    .collect();
                // One field per line: regorus limits a line to 1024 columns.
                module.push_str(&format!("p{n} := {{\n\t{},\n}}\n", fields.join(",\n\t")));
                (
                    format!("data.tollgate_internal.plans.p{n}"),
                    batched.clone(),
                )
            });
            let mut single = single;
            if batch.is_none() {
                single.extend(batched);
                single.sort_unstable();
            }
            Plan { batch, single }
        };
        let mut plans = HashMap::new();
        for (n, (kind, ids)) in by_kind.into_iter().enumerate() {
            plans.insert(kind, make_plan(n, ids));
        }
        let default_plan = make_plan(plans.len(), Vec::new());
        if module.contains(":=") {
            let src = PolicySource {
                name: "<tollgate plans>".to_string(),
                text: module,
                builtin: true,
            };
            add_policy(&mut engine, &src).map_err(|e| vec![e])?;
        }
        prepare(&mut engine, &rules);
        // `print()` output of the user's policies is gathered, with its policy line, and
        // reported in document order (see [`Worker::take_prints`]).
        engine.set_gather_prints(true);
        let plan_paths: Vec<&str> = plans
            .values()
            .chain([&default_plan])
            .filter_map(|p| p.batch.as_ref().map(|(q, _)| q.as_str()))
            .collect();
        let unit_paths: Vec<String> = rules
            .iter()
            .filter(|r| r.uses_unit)
            .map(RuleInfo::query)
            .collect();
        let unit_paths: Vec<&str> = unit_paths.iter().map(String::as_str).collect();
        let (program, unit_program) = if options.vm {
            (
                compile_program(&mut engine, &plan_paths),
                compile_program(&mut engine, &unit_paths),
            )
        } else {
            (None, None)
        };
        Ok(PolicySet {
            engine,
            unit_engine,
            rules,
            plans,
            default_plan,
            program,
            unit_program,
            timeout: options.eval_timeout,
            combine: options.combine,
        })
    }

    /// With `--combine`: evaluates the conftest-style policies once on every document, as
    /// conftest does (`input` is `[{"path": file, "contents": document}, …]`). Findings point
    /// at the first document's file (a combined result has no single place).
    pub fn eval_combined(
        &self,
        docs: &[(Arc<crate::source::SourceFile>, Value)],
    ) -> (Vec<Finding>, Vec<LoadError>) {
        self.eval_combined_with_prints(docs, &mut Vec::new())
    }

    /// [`PolicySet::eval_combined`], also returning the policies' `print()` output
    /// (`policy.rego:LINE: text`).
    pub fn eval_combined_with_prints(
        &self,
        docs: &[(Arc<crate::source::SourceFile>, Value)],
        prints: &mut Vec<String>,
    ) -> (Vec<Finding>, Vec<LoadError>) {
        let (mut findings, mut errors) = (Vec::new(), Vec::new());
        let rules: Vec<&RuleInfo> = self.rules.iter().filter(|r| r.is_conftest()).collect();
        let Some((first, _)) = docs.first() else {
            return (findings, errors);
        };
        if !self.combine || rules.is_empty() {
            return (findings, errors);
        }
        let input: Vec<Value> = docs
            .iter()
            .map(|(file, v)| {
                let mut m = BTreeMap::new();
                m.insert(Value::from("path"), Value::from(file.name()));
                m.insert(Value::from("contents"), v.clone());
                Value::from(m)
            })
            .collect();
        let mut engine = self.engine.clone();
        engine.set_input(Value::from(input));
        let at = crate::finding::SourceSpan {
            file: Arc::clone(first),
            span: crate::finding::first_line(
                first,
                crate::source::Span::new(0, first.text().len()),
            ),
        };
        for rule in rules {
            let result = engine.eval_rule(rule.query());
            prints.extend(engine.take_prints().unwrap_or_default());
            let value = match result {
                Ok(v) => v,
                Err(e) => {
                    let msg = e.to_string();
                    let msg = msg
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    errors.push(LoadError::at(
                        first,
                        0,
                        format!(
                            "rule {} ({}) failed on the combined input: {msg}",
                            rule.id, rule.source
                        ),
                    ));
                    continue;
                }
            };
            for entry in entries_of(&value) {
                match entry_message(entry) {
                    Ok((message, _)) => findings.push(Finding {
                        rule: rule.id.clone(),
                        severity: rule.severity,
                        message,
                        at: at.clone(),
                        related: Vec::new(),
                        resource: Default::default(),
                        unit: "combined".to_string(),
                        units: Vec::new(),
                        help: rule.meta.remediation.clone(),
                    }),
                    Err(m) => {
                        errors.push(LoadError::at(first, 0, format!("rule {}: {m}", rule.id)))
                    }
                }
            }
        }
        (findings, errors)
    }

    /// The entry points, in load order.
    pub fn rules(&self) -> &[RuleInfo] {
        &self.rules
    }

    /// A worker's private evaluator (one clone of the prepared engine, reused per document).
    pub fn worker(&self) -> Worker<'_> {
        Worker {
            set: self,
            prints: Vec::new(),
            engine: self.engine.clone(),
            vm: self
                .program
                .as_ref()
                .and_then(|p| self.new_vm(p, Value::new_object())),
        }
    }

    fn new_vm(
        &self,
        program: &Arc<regorus::rvm::program::Program>,
        data: Value,
    ) -> Option<regorus::rvm::RegoVM> {
        let mut vm = regorus::rvm::RegoVM::new();
        vm.load_program(Arc::clone(program));
        vm.set_data(data).ok()?;
        vm.set_execution_timer_config(Some(regorus::utils::limits::ExecutionTimerConfig {
            limit: self.timeout,
            check_interval: NonZeroU32::new(64).unwrap_or(NonZeroU32::MIN),
        }));
        Some(vm)
    }

    /// Evaluates the cross-resource rules (those reading `data.tollgate.unit`) on every document
    /// of one unit. `inputs` are the documents' Rego values ([`Document::to_rego`]), in order.
    pub fn eval_unit(
        &self,
        unit: &str,
        docs: &[Document],
        inputs: &[Value],
    ) -> (Vec<Finding>, Vec<LoadError>) {
        let mut findings = Vec::new();
        let mut errors = Vec::new();
        let wanted: Vec<&RuleInfo> = self.rules.iter().filter(|r| r.uses_unit).collect();
        if !docs
            .iter()
            .any(|d| wanted.iter().any(|r| r.applies_to(&d.resource.kind)))
        {
            return (findings, errors);
        }
        let mut unit_obj = BTreeMap::new();
        unit_obj.insert(Value::from("documents"), Value::from(inputs.to_vec()));
        unit_obj.insert(Value::from("path"), Value::from(unit));
        let mut tg = BTreeMap::new();
        tg.insert(Value::from("unit"), Value::from(unit_obj));
        let mut data = BTreeMap::new();
        data.insert(Value::from("tollgate"), Value::from(tg));
        let data = Value::from(data);
        enum Evaluator {
            Vm(Box<regorus::rvm::RegoVM>),
            Interpreter(Box<regorus::Engine>),
        }
        let vm = self
            .unit_program
            .as_ref()
            .and_then(|p| self.new_vm(p, data.clone()));
        let mut evaluator = match (vm, &self.unit_engine) {
            (Some(vm), _) => Evaluator::Vm(Box::new(vm)),
            (None, Some(base)) => {
                let mut engine = base.clone();
                if let Err(e) = engine.add_data(data) {
                    errors.push(LoadError::whole_file(
                        unit,
                        format!("cannot set unit data: {e}"),
                    ));
                    return (findings, errors);
                }
                Evaluator::Interpreter(Box::new(engine))
            }
            (None, None) => return (findings, errors),
        };
        for (doc, input) in docs.iter().zip(inputs) {
            let rules: Vec<&RuleInfo> = wanted
                .iter()
                .copied()
                .filter(|r| r.applies_to(&doc.resource.kind))
                .collect();
            if rules.is_empty() {
                continue;
            }
            match &mut evaluator {
                Evaluator::Vm(vm) => {
                    vm.set_input(input.clone());
                    for rule in rules {
                        match vm.execute_entry_point_by_name(&rule.query()) {
                            Ok(v) => collect(&v, rule, doc, unit, &mut findings, &mut errors),
                            Err(e) => errors.push(eval_error(rule, doc, &e.to_string())),
                        }
                    }
                }
                Evaluator::Interpreter(engine) => {
                    engine.set_input(input.clone());
                    for rule in rules {
                        eval_one(engine, rule, doc, unit, &mut findings, &mut errors);
                    }
                }
            }
        }
        (findings, errors)
    }
}

/// Compiles the batched plans to one VM program; `None` (the interpreter is used) if any part
/// does not compile.
fn compile_program(
    engine: &mut regorus::Engine,
    entries: &[&str],
) -> Option<Arc<regorus::rvm::program::Program>> {
    let first = entries.first()?;
    // A policy the VM cannot compile runs on the interpreter instead (same results, slower);
    // the built-in pack is tested to compile.
    let compiled = engine
        .compile_with_entrypoint(&regorus::Rc::from(*first))
        .ok()?;
    regorus::languages::rego::compiler::Compiler::compile_from_policy(&compiled, entries).ok()
}

fn prepare(engine: &mut regorus::Engine, rules: &[RuleInfo]) {
    // The first evaluation analyses and schedules the modules; doing it here means every worker
    // clones an engine that is ready.
    engine.set_input(Value::new_object());
    if let Some(r) = rules.first() {
        let _ = engine.eval_rule(r.query());
    }
}

/// A worker's evaluator: one engine clone, reused for every document the worker takes.
pub struct Worker<'a> {
    set: &'a PolicySet,
    prints: Vec<String>,
    engine: regorus::Engine,
    vm: Option<regorus::rvm::RegoVM>,
}

impl Worker<'_> {
    /// Evaluates every per-document rule whose kinds match `doc`.
    pub fn eval(
        &mut self,
        doc: &Document,
        input: &Value,
        unit: &str,
        findings: &mut Vec<Finding>,
        errors: &mut Vec<LoadError>,
    ) {
        let plan = self
            .set
            .plans
            .get(&doc.resource.kind)
            .unwrap_or(&self.set.default_plan);
        if plan.batch.is_none() && plan.single.is_empty() {
            return;
        }
        if !plan.single.is_empty() || self.vm.is_none() {
            self.engine.set_input(input.clone());
        }
        if let Some((query, ids)) = &plan.batch {
            let result = match &mut self.vm {
                Some(vm) => {
                    vm.set_input(input.clone());
                    vm.execute_entry_point_by_name(query)
                        .map_err(|e| e.to_string())
                }
                None => self
                    .engine
                    .eval_rule(query.clone())
                    .map_err(|e| e.to_string()),
            };
            if result.is_err() && self.vm.is_some() {
                self.engine.set_input(input.clone());
            }
            match result {
                Ok(Value::Object(results)) => {
                    for &i in ids {
                        let value = results
                            .get(&Value::from(i.to_string()))
                            .cloned()
                            .unwrap_or(Value::Undefined);
                        collect(&value, &self.set.rules[i], doc, unit, findings, errors);
                    }
                }
                // Something failed or was undefined: evaluate one by one to say which rule.
                _ => {
                    for &i in ids {
                        eval_one(
                            &mut self.engine,
                            &self.set.rules[i],
                            doc,
                            unit,
                            findings,
                            errors,
                        );
                    }
                }
            }
        }
        for &i in &plan.single {
            eval_one(
                &mut self.engine,
                &self.set.rules[i],
                doc,
                unit,
                findings,
                errors,
            );
            if !self.set.rules[i].builtin {
                self.prints
                    .extend(self.engine.take_prints().unwrap_or_default());
            }
        }
    }

    /// The `print()` output of the user's policies since the last call, in evaluation order,
    /// each line as `policy.rego:LINE: text`.
    pub fn take_prints(&mut self) -> Vec<String> {
        std::mem::take(&mut self.prints)
    }
}

fn eval_one(
    engine: &mut regorus::Engine,
    rule: &RuleInfo,
    doc: &Document,
    unit: &str,
    findings: &mut Vec<Finding>,
    errors: &mut Vec<LoadError>,
) {
    match engine.eval_rule(rule.query()) {
        // Exceptions are only looked up for a rule that has something to report.
        Ok(v) => {
            if !entries_of(&v).is_empty() && excepted(engine, rule) {
                return;
            }
            collect(&v, rule, doc, unit, findings, errors)
        }
        Err(e) => errors.push(eval_error(rule, doc, &e.to_string())),
    }
}

/// conftest's exceptions: `exception contains rules if { …; rules := ["run_as_root"] }` in the
/// rule's package excepts `deny_run_as_root` (and `warn_…`, `violation_…`) for this input.
fn excepted(engine: &mut regorus::Engine, rule: &RuleInfo) -> bool {
    if rule.builtin {
        return false;
    }
    let Some((_, name)) = rule.entry.split_once('_') else {
        return false;
    };
    let Ok(value) = engine.eval_rule(format!("{}.exception", rule.package)) else {
        return false;
    };
    let names = |v: &Value| -> Vec<String> {
        match v {
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_string().ok().map(|s| s.to_string()))
                .collect(),
            Value::Set(s) => s
                .iter()
                .filter_map(|x| x.as_string().ok().map(|s| s.to_string()))
                .collect(),
            Value::String(s) => vec![s.to_string()],
            _ => Vec::new(),
        }
    };
    match &value {
        Value::Set(entries) => entries.iter().any(|e| names(e).iter().any(|n| n == name)),
        other => names(other).iter().any(|n| n == name),
    }
}

fn eval_error(rule: &RuleInfo, doc: &Document, message: &str) -> LoadError {
    let msg = message.lines().last().unwrap_or("").trim();
    LoadError::at(
        &doc.file,
        doc.root.span.start,
        format!(
            "rule {} ({}) failed on {}: {msg}",
            rule.id,
            rule.source,
            doc.resource.display()
        ),
    )
}

/// The entries of a rule's value: a set's or array's elements, nothing for undefined, null or
/// false, else the value itself.
fn entries_of(value: &Value) -> Vec<&Value> {
    match value {
        Value::Undefined | Value::Null | Value::Bool(false) => Vec::new(),
        Value::Set(s) => s.iter().collect(),
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

/// Turns a rule's value (a set of entries) into findings.
fn collect(
    value: &Value,
    rule: &RuleInfo,
    doc: &Document,
    unit: &str,
    findings: &mut Vec<Finding>,
    errors: &mut Vec<LoadError>,
) {
    let (root_file, root_span) = doc.resolve(doc.root.span);
    let doc_error = |msg: String| LoadError::at(&root_file, root_span.start, msg);
    for entry in entries_of(value) {
        match entry_message(entry) {
            Ok((message, path)) => {
                let located = doc.locate(&path);
                let (file, span) = doc.resolve(located);
                let span = first_line(&file, span);
                // Through a Kustomize build the node may come from a patch or a
                // kustomization: show, labelled, where the resource itself is defined.
                let mut related = Vec::new();
                if doc.sources.is_some() && file.name() != root_file.name() {
                    related.push(crate::finding::Related {
                        at: SourceSpan {
                            file: Arc::clone(&root_file),
                            span: first_line(&root_file, root_span),
                        },
                        label: format!("{} is defined here", doc.resource.display()),
                    });
                }
                // Through a Helm template: the values lines of the values it printed.
                for (vfile, vspan) in doc.value_origins(&path).into_iter().take(3) {
                    let vspan = first_line(&vfile, vspan);
                    related.push(crate::finding::Related {
                        at: SourceSpan {
                            file: vfile,
                            span: vspan,
                        },
                        label: "value set here".to_string(),
                    });
                }
                // Through a Kustomize overlay that removed what the rule looks at: the line
                // that removed it.
                related.extend(crate::render::kustomize::removal_related(
                    &doc.removals,
                    &path,
                ));
                findings.push(Finding {
                    rule: rule.id.clone(),
                    severity: rule.severity,
                    message,
                    at: SourceSpan { file, span },
                    related,
                    resource: doc.resource.clone(),
                    unit: unit.to_string(),
                    units: Vec::new(),
                    help: rule.meta.remediation.clone(),
                });
            }
            Err(msg) => errors.push(doc_error(format!(
                "rule {} ({}): {msg}",
                rule.id, rule.source
            ))),
        }
    }
}

/// Reads one `deny` entry: a string, or an object with a string `msg` and an optional `path`.
fn entry_message(entry: &Value) -> Result<(String, Vec<PathSeg>), String> {
    match entry {
        Value::String(s) => Ok((s.to_string(), Vec::new())),
        Value::Object(obj) => {
            let msg = match obj.get(&Value::from("msg")) {
                Some(Value::String(s)) => s.to_string(),
                _ => return Err("an entry object must have a string `msg`".to_string()),
            };
            let mut path = Vec::new();
            match obj.get(&Value::from("path")) {
                None | Some(Value::Null) => {}
                Some(Value::Array(items)) => {
                    for item in items.iter() {
                        match item {
                            Value::String(s) => path.push(PathSeg::Key(s.to_string())),
                            Value::Number(n) => match n.as_u64() {
                                Some(i) => path.push(PathSeg::Index(i as usize)),
                                None => {
                                    return Err(format!(
                                        "path index {n:?} is not a non-negative integer"
                                    ))
                                }
                            },
                            other => {
                                return Err(format!(
                                    "path element {other} is neither a key nor an index"
                                ))
                            }
                        }
                    }
                }
                Some(other) => return Err(format!("`path` must be an array, got {other}")),
            }
            Ok((msg, path))
        }
        other => Err(format!(
            "an entry must be a string or an object with `msg`, got {other}"
        )),
    }
}

/// The outcome of one Rego unit test (`test_*` rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    /// The package, e.g. `data.tollgate.k8s.privileged_container`.
    pub package: String,
    /// The test rule's name.
    pub name: String,
    /// The file declaring it.
    pub file: String,
    /// `None` when the test passed; otherwise why it failed.
    pub failure: Option<String>,
    /// Its `print()` output, each line as `policy.rego:LINE: text`.
    pub prints: Vec<String>,
}

/// Runs every `test_*` rule of `sources` (like `opa test`): a test passes when it evaluates to
/// `true`. Syntax errors are returned with their positions.
pub fn run_tests(
    sources: &[PolicySource],
    options: &EngineOptions,
) -> Result<Vec<TestOutcome>, Vec<LoadError>> {
    let mut engine = new_engine(options);
    if let Some(data) = &options.data {
        engine
            .add_data(data.clone())
            .map_err(|e| vec![LoadError::whole_file("--data", e.to_string())])?;
    }
    let test_dir = Arc::new(std::sync::Mutex::new(std::path::PathBuf::new()));
    conftest_builtins::install(
        &mut engine,
        Arc::clone(&test_dir),
        options.strict_builtin_errors,
    )
    .map_err(|e| vec![LoadError::whole_file("<conftest built-ins>", e.to_string())])?;
    let mut errors = Vec::new();
    let mut tests = Vec::new();
    for src in sources {
        match add_policy(&mut engine, src) {
            Ok(package) => {
                for name in candidate_rule_names(&src.text) {
                    if name.starts_with("test_")
                        && engine
                            .has_declared_rule_rooted_at(&src.name, &name)
                            .unwrap_or(false)
                    {
                        tests.push((package.clone(), name, src.name.clone()));
                    }
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        let user: BTreeSet<String> = sources
            .iter()
            .filter(|s| !s.builtin)
            .map(|s| s.name.clone())
            .collect();
        errors = lint_policies(&mut engine, user, options);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    tests.sort();
    tests.dedup();
    engine.set_input(Value::Undefined);
    engine.set_gather_prints(true);
    let mut out = Vec::new();
    for (package, name, file) in tests {
        if let Ok(mut d) = test_dir.lock() {
            *d = Path::new(&file)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
        }
        let failure = match engine.eval_rule(format!("{package}.{name}")) {
            Ok(Value::Bool(true)) => None,
            Ok(Value::Undefined) => Some("undefined (a condition did not hold)".to_string()),
            Ok(other) => Some(format!("evaluated to {other}")),
            Err(e) => Some(e.to_string().trim().to_string()),
        };
        out.push(TestOutcome {
            package,
            name,
            file,
            failure,
            prints: engine.take_prints().unwrap_or_default(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Limits, SourceFile};

    /// regorus' VM compiles `import data.tollgate.lib.k8s` + `k8s.containers` as a lookup of the
    /// whole `data.tollgate.lib.k8s` package (every rule in it evaluated) before taking the field,
    /// which made each such reference cost about as much as the rule itself. Built-in rules
    /// therefore name the library's rules by their full path; functions are unaffected.
    #[test]
    fn builtin_pack_compiles_to_the_vm() {
        let set = PolicySet::build(&PolicySource::builtin(), &EngineOptions::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            set.program.is_some(),
            "per-document rules fell back to the interpreter"
        );
        assert!(
            set.unit_program.is_some(),
            "unit rules fell back to the interpreter"
        );
    }

    #[test]
    fn builtin_rules_name_library_rules_by_full_path() {
        let sources = PolicySource::builtin();
        let lib = sources
            .iter()
            .find(|s| s.name.ends_with("lib/k8s.rego"))
            .map(|s| s.text.clone())
            .unwrap_or_default();
        let lib_rules: BTreeSet<&str> = lib
            .lines()
            .filter_map(|l| {
                let name: &str = l.split([' ', '\t']).next()?;
                let rest = &l[name.len()..];
                let is_rule = !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && (rest.starts_with(" :=") || rest.starts_with(" contains"));
                is_rule.then_some(name)
            })
            .collect();
        assert!(lib_rules.contains("containers"), "{lib_rules:?}");
        for s in sources
            .iter()
            .filter(|s| !s.is_test() && !s.name.contains("/lib/"))
        {
            for name in &lib_rules {
                let short = format!("k8s.{name}");
                for (i, _) in s.text.match_indices(&short) {
                    let before = s.text[..i].chars().last();
                    let after = s.text[i + short.len()..].chars().next();
                    let ident = |c: Option<char>| {
                        c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                    };
                    assert!(
                        ident(before) || ident(after) || after == Some('('),
                        "{} uses `{short}`: write data.tollgate.lib.{short}",
                        s.name
                    );
                }
            }
        }
    }

    fn src(name: &str, text: &str) -> PolicySource {
        PolicySource {
            name: name.to_string(),
            text: text.to_string(),
            builtin: false,
        }
    }

    fn docs(text: &str) -> Vec<Document> {
        let f = SourceFile::new("t.yaml", "t.yaml", text.to_string());
        crate::document::parse_manifests(&f, &Limits::default()).unwrap()
    }

    #[test]
    fn evaluates_string_and_object_entries_with_paths() {
        let set = PolicySet::build(
            &[src(
                "p.rego",
                "# METADATA\n# custom:\n#   id: no-web\n#   severity: warning\n#   kinds: [Pod]\npackage t\n\ndeny contains {\"msg\": \"named web\", \"path\": [\"metadata\", \"name\"]} if input.metadata.name == \"web\"\ndeny contains \"plain\" if true\n",
            )],
            &EngineOptions::default(),
        )
        .unwrap();
        let d =
            docs("kind: Pod\nmetadata:\n  name: web\n---\nkind: Service\nmetadata:\n  name: web\n");
        let mut w = set.worker();
        let (mut f, mut e) = (Vec::new(), Vec::new());
        for doc in &d {
            w.eval(doc, &doc.to_rego(), "u", &mut f, &mut e);
        }
        assert!(e.is_empty(), "{e:?}");
        let mut got: Vec<_> = f
            .iter()
            .map(|f| {
                (
                    f.rule.as_str(),
                    f.severity,
                    f.message.as_str(),
                    f.at.start().line,
                    f.at.file.slice(f.at.span),
                )
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                ("no-web", Severity::Warning, "named web", 3, "name: web"),
                ("no-web", Severity::Warning, "plain", 1, ""),
            ]
        );
    }

    #[test]
    fn v0_detection_ignores_the_contains_built_in_strings_and_comments() {
        assert!(may_be_v0(
            "violation[msg] {\n\tcontains(lower(x), \"v1\")\n}\n"
        ));
        assert!(may_be_v0(
            "deny[msg] {\n\tmsg := \"fix it if you can\" # if\n}\n"
        ));
        assert!(!may_be_v0("deny contains msg if {\n\tmsg := \"x\"\n}\n"));
        assert!(!may_be_v0("allow if input.x\n"));
    }

    #[test]
    fn syntax_error_columns_count_a_tab_as_one_character() {
        let err = add_policy(
            &mut regorus::Engine::new(),
            &src("t.rego", "package t\n\nx if {\n\t\ty := [1,\n}\n"),
        )
        .err()
        .unwrap_or_else(|| panic!("expected a syntax error"));
        // regorus says 4:11 (`:=` after two tabs counted as four columns each).
        assert_eq!((err.line, err.column), (4, 5), "{err}");
    }

    #[test]
    fn v0_policies_load_and_syntax_errors_have_positions() {
        let ok = PolicySet::build(
            &[src(
                "v0.rego",
                "package main\n\ndeny[msg] {\n  input.kind == \"Pod\"\n  msg := \"pod\"\n}\n",
            )],
            &EngineOptions::default(),
        )
        .unwrap();
        assert_eq!(ok.rules()[0].id, "main.deny");
        let err = PolicySet::build(
            &[src(
                "bad.rego",
                "package main\n\ndeny contains msg if {\n  msg := \n}\n",
            )],
            &EngineOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err[0].file, "bad.rego");
        assert!(err[0].line >= 4, "{:?}", err[0]);
        assert!(err[0].column > 0);
    }

    #[test]
    fn network_builtins_are_unavailable() {
        let set = PolicySet::build(&[src("n.rego", "package main\ndeny contains \"x\" if {\n  r := http.send({\"method\": \"get\", \"url\": \"http://127.0.0.1:9\"})\n  r.status_code == 200\n}\n")], &EngineOptions::default());
        // Either refused at load or an evaluation error: never a network call.
        if let Ok(set) = set {
            let d = docs("kind: Pod\n");
            let (mut f, mut e) = (Vec::new(), Vec::new());
            set.worker()
                .eval(&d[0], &d[0].to_rego(), "u", &mut f, &mut e);
            assert!(f.is_empty());
            assert!(!e.is_empty());
        }
    }

    #[test]
    fn runaway_evaluation_hits_the_time_limit() {
        let set = PolicySet::build(
            &[src("slow.rego", "package main\ndeny contains \"x\" if {\n  n := numbers.range(1, 20000)\n  count([x | some x in n; some y in n; x + y == 3]) > 0\n}\n")],
            &EngineOptions { eval_timeout: Duration::from_millis(200), ..EngineOptions::default() },
        )
        .unwrap();
        let d = docs("kind: Pod\n");
        let (mut f, mut e) = (Vec::new(), Vec::new());
        let t = std::time::Instant::now();
        set.worker()
            .eval(&d[0], &d[0].to_rego(), "u", &mut f, &mut e);
        assert!(t.elapsed() < Duration::from_secs(20));
        assert_eq!(e.len(), 1, "{f:?}");
    }

    #[test]
    fn rego_tests_run() {
        let out = run_tests(
            &[src("a.rego", "package a\nallow if input.x == 1\n"), src("a_test.rego", "package a\ntest_ok if allow with input as {\"x\": 1}\ntest_bad if allow with input as {\"x\": 2}\n")],
            &EngineOptions::default(),
        )
        .unwrap();
        let got: Vec<_> = out
            .iter()
            .map(|t| (t.name.as_str(), t.failure.is_none()))
            .collect();
        assert_eq!(got, vec![("test_bad", false), ("test_ok", true)]);
    }

    #[test]
    fn builtin_pack_loads_with_metadata_and_its_tests_pass() {
        let sources = PolicySource::builtin();
        let set = PolicySet::build(&sources, &EngineOptions::default()).unwrap();
        assert!(set.rules().len() >= 19, "{} rules", set.rules().len());
        for r in set.rules() {
            assert!(
                r.meta.title.is_some()
                    && r.meta.description.is_some()
                    && r.meta.remediation.is_some(),
                "{}",
                r.id
            );
        }
        let outcomes = run_tests(&sources, &EngineOptions::default()).unwrap();
        let failed: Vec<_> = outcomes.iter().filter(|t| t.failure.is_some()).collect();
        assert!(failed.is_empty(), "{failed:#?}");
        // Every rule file has its tests.
        for src in sources
            .iter()
            .filter(|s| !s.is_test() && !s.name.starts_with("rules/lib/"))
        {
            let test = src.name.replace(".rego", "_test.rego");
            assert!(
                sources.iter().any(|s| s.name == test),
                "{} has no {test}",
                src.name
            );
        }
    }
}
