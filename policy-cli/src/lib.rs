//! `tollgate`: the policy-as-code gate for GitOps repositories. Argument parsing and exit codes
//! only; everything else is `policy_core`. A library so that the root package's
//! `tollgate-pre-commit` binary (what the pre-commit framework installs) runs the same CLI.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

// The gate allocates many small trees (documents, Rego values); mimalloc is markedly faster at
// that than the system allocator. (Every binary linking this library gets it.)
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use policy_core::report::{self, HumanOptions};
use policy_core::{EngineOptions, Gate, GateError, PolicySource, Severity};

#[derive(Parser)]
#[command(
    name = "tollgate",
    version,
    about = "Blocks GitOps changes that break zero-downtime deployment or safety"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// JUnit XML (GitLab, Jenkins test reports).
    Junit,
    /// GitHub Actions annotations (workflow commands).
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum RenderFormat {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(clap::Args)]
struct GateArgs {
    /// Extra Rego policy directory (or file), evaluated beside the built-in rules. Repeatable.
    #[arg(long = "policy", short = 'p', value_name = "DIR")]
    policies: Vec<PathBuf>,
    /// Do not use the built-in rule pack.
    #[arg(long)]
    no_builtin: bool,
    /// conftest's `--namespace`: a package whose policies (those without Tollgate METADATA)
    /// are evaluated. Repeatable; default `main`. (`--namespace` is Helm's release namespace.)
    #[arg(long = "policy-namespace", value_name = "PKG")]
    namespaces: Vec<String>,
    /// The configuration file (default: the nearest .tollgate.yaml from the working directory
    /// up).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore any .tollgate.yaml.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// conftest: evaluate the policies of every package.
    #[arg(long)]
    all_namespaces: bool,
    /// conftest: policies without Tollgate METADATA see all documents at once, as
    /// `input = [{"path", "contents"}, …]`.
    #[arg(long)]
    combine: bool,
    /// conftest: a directory (or file) of YAML/JSON data documents for the policies, merged
    /// into `data`. Repeatable.
    #[arg(long = "data", short = 'd', value_name = "DIR")]
    data: Vec<PathBuf>,
    #[command(flatten)]
    rego: RegoArgs,
    #[command(flatten)]
    helm: HelmArgs,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    jobs: usize,
    /// Time limit of one rule on one document, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 5000)]
    eval_timeout_ms: u64,
    /// Also check files ignored by .gitignore and hidden files.
    #[arg(long)]
    no_ignore: bool,
    /// A named directory that is a Kustomize root or a Helm chart is that unit alone (as
    /// `kubectl kustomize DIR` builds it): the units below it are not checked.
    #[arg(long)]
    exact: bool,
    /// Kustomize: kustomize's --load-restrictor, LoadRestrictionsRootOnly (default: a
    /// kustomization reads only files in or below its directory) or LoadRestrictionsNone
    /// (anywhere in the checked root; never outside it). Also `kustomize.load-restrictor` in
    /// .tollgate.yaml.
    #[arg(long, value_name = "RESTRICTOR")]
    load_restrictor: Option<policy_core::render::kustomize::LoadRestrictor>,
    /// Evaluate rules one by one instead of batching each document's built-in rules (for
    /// measurements; the findings are the same).
    #[arg(long, hide = true)]
    no_batch: bool,
    /// The base revision of the change (e.g. origin/main): only units with a file added,
    /// modified or deleted since it are checked; migrations unchanged since it are not judged
    /// again, edited ones are errors (migration-edited-after-apply).
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Check the files as they are staged in the git index (for pre-commit hooks): only the
    /// units the staged changes touch, each file's staged content, HEAD as the migrations' base.
    #[arg(long, conflicts_with = "base")]
    staged: bool,
}

/// How Helm charts are rendered: `helm template`'s flags. They apply to every chart checked,
/// after the `.tollgate.yaml` `helm:` entry of the chart.
#[derive(clap::Args)]
struct HelmArgs {
    /// Helm: a values file, layered over the chart's values.yaml (later files win).
    /// Repeatable.
    #[arg(long = "values", short = 'f', value_name = "FILE")]
    values: Vec<PathBuf>,
    /// Helm: set values (`a.b=x,c[0].d=y`), after the values files. Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Helm: set values as strings. Repeatable.
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    set_string: Vec<String>,
    /// Helm: the release name (`.Release.Name`; default release-name).
    #[arg(long, value_name = "NAME")]
    release_name: Option<String>,
    /// Helm: the release namespace (`.Release.Namespace`; default default).
    #[arg(long = "namespace", short = 'n', value_name = "NS")]
    namespace: Option<String>,
    /// Helm: the Kubernetes version of `.Capabilities.KubeVersion` (e.g. 1.31).
    #[arg(long, value_name = "VERSION")]
    kube_version: Option<String>,
    /// Helm: an API version added to `.Capabilities.APIVersions` (e.g.
    /// monitoring.coreos.com/v1). Repeatable.
    #[arg(long = "api-versions", short = 'a', value_name = "VERSION")]
    api_versions: Vec<String>,
}

impl HelmArgs {
    fn options(&self) -> policy_core::render::helm::Options {
        let defaults = policy_core::render::helm::Options::default();
        policy_core::render::helm::Options {
            values: self.values.clone(),
            set: self.set.clone(),
            set_string: self.set_string.clone(),
            release_name: self.release_name.clone().unwrap_or(defaults.release_name),
            namespace: self.namespace.clone().unwrap_or(defaults.namespace),
            kube_version: self.kube_version.clone(),
            api_versions: self.api_versions.clone(),
            template_limits: defaults.template_limits,
        }
    }
}

/// How the user's Rego is compiled and evaluated (conftest's and OPA's flags).
#[derive(clap::Args)]
struct RegoArgs {
    /// conftest/OPA strict mode: unused variables, arguments and imports, shadowed input/data
    /// and deprecated built-ins in your policies are errors.
    #[arg(long)]
    strict: bool,
    /// conftest/OPA: a capabilities JSON file; your policies may only call the built-ins it
    /// lists.
    #[arg(long, value_name = "FILE")]
    capabilities: Option<PathBuf>,
    /// conftest: a built-in that fails is an error, not undefined.
    #[arg(long, alias = "strict-builtin-errors")]
    show_builtin_errors: bool,
}

impl RegoArgs {
    fn capabilities(&self) -> Result<Option<policy_core::Capabilities>, policy_core::LoadError> {
        let Some(path) = &self.capabilities else {
            return Ok(None);
        };
        let name = path.display().to_string();
        let bytes = policy_core::source::confine::Fence::around(path)
            .read(path, policy_core::source::Limits::default().max_file_bytes)
            .map_err(|e| policy_core::LoadError::whole_file(&name, e.to_string()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| policy_core::LoadError::whole_file(&name, "not UTF-8 text"))?;
        policy_core::Capabilities::from_json(&name, &text).map(Some)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check files and directories; exit 1 on findings at or above --fail-on, 2 on input errors.
    Check {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Output format (`-o`/`--output` as conftest spells it).
        #[arg(long, short = 'o', alias = "output", value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// The lowest severity that fails the check (default: the config's `fail-on`, else
        /// error).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Print the time each phase took to stderr.
        #[arg(long)]
        timings: bool,
        /// No progress bar and no summary lines; findings and errors only.
        #[arg(long, short = 'q')]
        quiet: bool,
        /// List every file found that was not checked, with the reason (the human format; JSON
        /// always has them in `skipped`).
        #[arg(long, short = 'v')]
        verbose: bool,
        /// Accept the findings listed in this baseline file: only new findings fail; entries
        /// that match nothing any more are reported (stale-baseline-entry).
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Write every current finding to this baseline file (then exit 0).
        #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
        write_baseline: Option<PathBuf>,
        #[command(flatten)]
        gate: GateArgs,
    },
    /// Print the documents the rules see: a YAML stream, or a JSON array.
    Render {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, short = 'o', alias = "output", value_enum, default_value_t = RenderFormat::Yaml)]
        format: RenderFormat,
        /// Print the time rendering took (discovery, loading, Helm and Kustomize; not printing)
        /// to stderr.
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        gate: GateArgs,
    },
    /// List the rules (built-in, plus --policy directories).
    Rules {
        /// Output format.
        #[arg(long, short = 'o', alias = "output", value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        #[command(flatten)]
        gate: GateArgs,
    },
    /// Show a rule's documentation.
    Explain {
        /// The rule id, e.g. privileged-container.
        id: String,
        #[command(flatten)]
        gate: GateArgs,
    },
    /// Run Rego unit tests (`test_*` rules) in directories (default: the built-in pack).
    Test {
        /// Directories or files of .rego policies and their tests.
        paths: Vec<PathBuf>,
        /// A directory (or file) of YAML/JSON data documents, merged into `data` (conftest
        /// verify's `--data`). Repeatable.
        #[arg(long = "data", short = 'd', value_name = "DIR")]
        data: Vec<PathBuf>,
        #[command(flatten)]
        rego: RegoArgs,
    },
    /// Write the built-in rules' documentation (one Markdown page per rule, and an index).
    Docs {
        /// The directory to write (created if needed), e.g. docs/rules.
        dir: PathBuf,
    },
    /// Git hook management.
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },
}

#[derive(Subcommand)]
enum HookAction {
    /// Write a plain `pre-commit` hook that runs `tollgate check --staged` (for teams without
    /// the pre-commit framework). Refuses to overwrite a hook it did not write.
    Install {
        /// Replace an existing hook even if tollgate did not write it.
        #[arg(long)]
        force: bool,
    },
}

/// The configuration to apply: `--config`, else the nearest `.tollgate.yaml`.
fn load_config(args: &GateArgs) -> Result<Option<policy_core::config::Config>, String> {
    if args.no_config {
        return Ok(None);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = match &args.config {
        Some(p) => p.clone(),
        None => match policy_core::config::Config::find(&cwd) {
            Some(p) => p,
            None => {
                // conftest's own configuration, in the working directory as conftest reads it.
                let conftest = cwd.join("conftest.toml");
                if conftest.is_file() {
                    return policy_core::config::Config::from_conftest_toml(
                        &conftest,
                        "conftest.toml",
                    )
                    .map(Some)
                    .map_err(|e| e.to_string());
                }
                return Ok(None);
            }
        },
    };
    let shown = policy_core::display_path(&cwd, &path);
    policy_core::config::Config::load(&path, &shown)
        .map(Some)
        .map_err(|e| e.to_string())
}

fn build_gate(args: &GateArgs) -> Result<Gate, GateError> {
    let config = load_config(args).map_err(GateError::Config)?;
    let mut b = Gate::builder()
        .builtin_rules(!args.no_builtin)
        .batch_rules(!args.no_batch)
        .jobs(args.jobs)
        .eval_timeout(Duration::from_millis(args.eval_timeout_ms))
        .discover_options(policy_core::DiscoverOptions {
            respect_gitignore: !args.no_ignore,
            skip_hidden: !args.no_ignore,
            exact: args.exact,
        });
    if let Some(r) = args.load_restrictor {
        b = b.load_restrictor(r);
    }
    for p in &args.policies {
        b = b.policy_dir(p);
    }
    for ns in &args.namespaces {
        b = b.namespace(ns);
    }
    for d in &args.data {
        b = b.data_dir(d);
    }
    b = b
        .all_namespaces(args.all_namespaces)
        .combine(args.combine)
        .strict(args.rego.strict)
        .strict_builtin_errors(args.rego.show_builtin_errors);
    match args.rego.capabilities() {
        Ok(Some(caps)) => b = b.capabilities(caps),
        Ok(None) => {}
        Err(e) => return Err(GateError::Policy(vec![e])),
    }
    if let Some(c) = config {
        b = b.config(c);
    }
    if let Some(rev) = &args.base {
        b = b.base_revision(rev);
    }
    b = b.staged(args.staged).helm(args.helm.options());
    b.build()
}

/// Prints styled text: ANSI colours are kept on a terminal and stripped otherwise (or with
/// `NO_COLOR`).
fn out(text: &str) {
    let mut stdout = anstream::stdout();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Prints machine output as it is (no colour handling to scan through).
fn out_plain(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// The first line after the shebang of the hooks tollgate writes: how it recognises its own.
const HOOK_MARKER: &str = "# Installed by `tollgate hook install`.";

fn hook_install(force: bool) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let dir = match policy_core::source::git::hooks_dir(&cwd) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let path = dir.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        if !existing.contains(HOOK_MARKER) && !force {
            return fail(format!(
                "{} exists and was not written by tollgate; add `tollgate check --staged` to it, or use --force to replace it",
                path.display()
            ));
        }
    }
    // The binary running now, so the hook works without tollgate on PATH; PATH's when the
    // binary moves.
    let exe = std::env::current_exe()
        .ok()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "tollgate".to_string());
    let quoted = format!("'{}'", exe.replace('\'', "'\\''"));
    let script = format!(
        "#!/bin/sh\n{HOOK_MARKER}\n# Checks the staged Kubernetes manifests and SQL migrations; a finding blocks the commit.\n\
         tollgate={quoted}\n[ -x \"$tollgate\" ] || tollgate=tollgate\nexec \"$tollgate\" check --staged\n"
    );
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, script)) {
        return fail(format!("{}: {e}", path.display()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(e) = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)) {
            return fail(format!("{}: {e}", path.display()));
        }
    }
    println!("installed {}", path.display());
    ExitCode::SUCCESS
}

/// `--quiet`: drops the last line of a report, its summary; findings and errors stay.
fn drop_summary_line(text: &mut String) {
    let body = text.trim_end_matches('\n');
    let cut = body.rfind('\n').map_or(0, |i| i + 1);
    text.truncate(cut);
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    let mut stderr = anstream::stderr();
    let _ = writeln!(stderr, "error: {e}");
    ExitCode::from(2)
}

fn paths_or_cwd(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

/// Runs the `tollgate` command line on the process's arguments; returns its exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            paths,
            format,
            fail_on,
            timings,
            quiet,
            verbose,
            baseline,
            write_baseline,
            gate,
        } => {
            let gate = match build_gate(&gate) {
                Ok(g) => g,
                Err(e) => return fail(e),
            };
            let fail_on = fail_on
                .map(FailOn::severity)
                .or_else(|| gate.config().and_then(|c| c.fail_on))
                .unwrap_or(Severity::Error);
            let started = std::time::Instant::now();
            // A progress bar on stderr, only on a terminal and only once a check has taken
            // about a second (a pre-commit hook never shows one).
            let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
                let bar = indicatif::ProgressBar::hidden();
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{spinner} checking {pos}/{len} units {wide_bar} {elapsed}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar
            });
            let progress = |done: usize, total: usize| {
                if let Some(bar) = &bar {
                    if bar.is_hidden() && started.elapsed() >= Duration::from_secs(1) {
                        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    }
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
            };
            let result = gate.check_with_progress(&paths_or_cwd(paths), &progress);
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            let mut report = match result {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            if let Some(path) = &write_baseline {
                let text = policy_core::baseline::Baseline::write(&report);
                if let Err(e) = std::fs::write(path, text) {
                    return fail(format!("{}: {e}", path.display()));
                }
                eprintln!(
                    "wrote {} findings to {}",
                    report.findings.len(),
                    path.display()
                );
                // Input errors still fail: a file that could not be read is not accepted.
                return ExitCode::from(if report.errors.is_empty() { 0 } else { 2 });
            }
            if let Some(path) = &baseline {
                let cwd = std::env::current_dir().unwrap_or_default();
                let shown = policy_core::display_path(&cwd, path);
                match policy_core::baseline::Baseline::load(path, &shown) {
                    Ok(b) => {
                        b.apply(&mut report);
                    }
                    Err(e) => return fail(e),
                }
            }
            // The policies' print() output, as conftest shows it, on stderr so that machine
            // formats on stdout stay clean.
            if !report.prints.is_empty() {
                let mut stderr = anstream::stderr();
                for p in &report.prints {
                    let _ = writeln!(stderr, "PRNT   {p}");
                }
            }
            let printing = std::time::Instant::now();
            match format {
                CheckFormat::Human => {
                    // Colour only on a terminal, never with NO_COLOR (anstream's rules); without
                    // colour, render plain rather than styled-then-stripped.
                    let color = anstream::AutoStream::choice(&std::io::stdout())
                        != anstream::ColorChoice::Never;
                    let mut text =
                        gate.install(|| report::human(&report, HumanOptions { color, verbose }));
                    if quiet {
                        drop_summary_line(&mut text);
                    }
                    if color {
                        out(&text)
                    } else {
                        out_plain(&text)
                    }
                }
                CheckFormat::Json => {
                    let mut stdout =
                        std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                    let _ = report::write_json(&report, &mut stdout).and_then(|()| stdout.flush());
                }
                CheckFormat::Sarif => out_plain(&report::sarif(&report, gate.policies().rules())),
                CheckFormat::Junit => {
                    out_plain(&report::junit(&report, gate.policies().rules(), fail_on))
                }
                CheckFormat::Github => {
                    let mut text = report::github(&report);
                    if quiet {
                        drop_summary_line(&mut text);
                    }
                    out_plain(&text)
                }
            }
            if !quiet && matches!(format, CheckFormat::Human) && std::io::stderr().is_terminal() {
                eprintln!("checked in {:.2} s", started.elapsed().as_secs_f64());
            }
            if timings {
                let t = report.timings;
                eprintln!(
                    "timings: discover {:?}, load and check {:?}, sort {:?}, print {:?}",
                    t.discover,
                    t.check,
                    t.sort,
                    printing.elapsed()
                );
            }
            ExitCode::from(report.exit_code(fail_on) as u8)
        }
        Command::Render {
            paths,
            format,
            timings,
            mut gate,
        } => {
            // Rendering evaluates no rule: the built-in pack is not compiled (it is most of a
            // small run's start-up).
            gate.no_builtin = true;
            gate.policies.clear();
            let gate = match build_gate(&gate) {
                Ok(g) => g,
                Err(e) => return fail(e),
            };
            let started = std::time::Instant::now();
            let rendered = gate.render(&paths_or_cwd(paths));
            if timings {
                eprintln!("render: {:.4}s", started.elapsed().as_secs_f64());
            }
            match format {
                RenderFormat::Yaml => out_plain(&report::render_yaml(&rendered.documents)),
                RenderFormat::Json => out_plain(&report::render_json(&rendered.documents)),
            }
            if rendered.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                let mut stderr = anstream::stderr();
                for e in &rendered.errors {
                    let _ = writeln!(stderr, "error: {e}");
                }
                ExitCode::from(2)
            }
        }
        Command::Rules { format, gate } => {
            let gate = match build_gate(&gate) {
                Ok(g) => g,
                Err(e) => return fail(e),
            };
            out(&report::catalogue(
                gate.policies().rules(),
                matches!(format, CheckFormat::Json),
            ));
            ExitCode::SUCCESS
        }
        Command::Explain { id, gate } => {
            let gate = match build_gate(&gate) {
                Ok(g) => g,
                Err(e) => return fail(e),
            };
            match gate.policies().rules().iter().find(|r| r.id == id) {
                Some(rule) => {
                    out(&report::explain(rule));
                    ExitCode::SUCCESS
                }
                None => fail(format!("no rule with id {id:?} (see `tollgate rules`)")),
            }
        }
        Command::Docs { dir } => {
            let gate = match Gate::builder().build() {
                Ok(g) => g,
                Err(e) => return fail(e),
            };
            let rules: Vec<&policy_core::RuleInfo> = gate
                .policies()
                .rules()
                .iter()
                .filter(|r| r.builtin)
                .collect();
            let mut pages = vec![(
                dir.join("README.md"),
                report::rules_index_markdown(gate.policies().rules()),
            )];
            for r in rules {
                pages.push((dir.join(format!("{}.md", r.id)), report::rule_markdown(r)));
            }
            if let Err(e) = std::fs::create_dir_all(&dir) {
                return fail(format!("{}: {e}", dir.display()));
            }
            for (path, text) in &pages {
                if let Err(e) = std::fs::write(path, text) {
                    return fail(format!("{}: {e}", path.display()));
                }
            }
            println!("wrote {} pages to {}", pages.len(), dir.display());
            ExitCode::SUCCESS
        }
        Command::Hook {
            action: HookAction::Install { force },
        } => hook_install(force),
        Command::Test { paths, data, rego } => {
            let mut sources = Vec::new();
            if paths.is_empty() {
                sources = PolicySource::builtin();
            }
            let cwd = std::env::current_dir().unwrap_or_default();
            for p in &paths {
                match PolicySource::load_dir(p, &|x: &std::path::Path| {
                    policy_core::display_path(&cwd, x)
                }) {
                    Ok(s) => sources.extend(s),
                    Err(e) => return fail(e),
                }
            }
            let mut options = EngineOptions {
                strict: rego.strict,
                strict_builtin_errors: rego.show_builtin_errors,
                ..EngineOptions::default()
            };
            match rego.capabilities() {
                Ok(caps) => options.capabilities = caps,
                Err(e) => return fail(e),
            }
            if !data.is_empty() {
                let limits = policy_core::Limits::default();
                match policy_core::rules::data::load_data(
                    &data,
                    &|x: &std::path::Path| policy_core::display_path(&cwd, x),
                    &limits,
                ) {
                    Ok(d) => options.data = Some(d),
                    Err(errors) => {
                        for e in &errors {
                            eprintln!("error: {e}");
                        }
                        return ExitCode::from(2);
                    }
                }
            }
            match policy_core::rules::run_tests(&sources, &options) {
                Ok(outcomes) => {
                    let mut text = String::new();
                    let failed = outcomes.iter().filter(|t| t.failure.is_some()).count();
                    for t in &outcomes {
                        for p in &t.prints {
                            text.push_str(&format!("PRNT   {p}\n"));
                        }
                        if let Some(why) = &t.failure {
                            text.push_str(&format!(
                                "FAIL {} {}.{}: {}\n",
                                t.file, t.package, t.name, why
                            ));
                        }
                    }
                    text.push_str(&format!(
                        "{} passed, {} failed\n",
                        outcomes.len() - failed,
                        failed
                    ));
                    out(&text);
                    if outcomes.is_empty() {
                        return fail("no test_* rules found");
                    }
                    if failed > 0 {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(errors) => {
                    let mut stderr = anstream::stderr();
                    for e in &errors {
                        let _ = writeln!(stderr, "error: {e}");
                    }
                    ExitCode::from(2)
                }
            }
        }
    }
}
