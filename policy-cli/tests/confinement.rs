//! Confinement, tried as an attacker would: a pull request to a repository whose CI runs
//! Tollgate commits symlinks to the CI job's environment (`/proc/self/environ`) and to files
//! elsewhere on the runner, FIFOs, and paths that climb out with `..`, in every place Tollgate
//! reads from. Each must be an input error naming the path, never a read; and no output, in any
//! format, may quote what they point at. Real symlinks, FIFOs and git repositories in temp dirs;
//! the secret is planted both in the environment of the `tollgate` process and in files outside
//! the repository, and every output is searched for it.
#![cfg(target_os = "linux")]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The planted secret: in the environment of every `tollgate` run, and in files outside the
/// repository.
const SECRET: &str = "planted-7f3a9c-secret";

const PRIVILEGED: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: good}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext: {privileged: true}\n";

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn link(target: impl AsRef<Path>, at: &Path, name: &str) {
    let p = at.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    symlink(target, p).unwrap();
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `tollgate ARGS` in `dir` with the secret in its environment, killed after a minute by
/// coreutils' `timeout` (a FIFO opened for reading would block it for ever). Panics if any
/// output holds the secret.
fn run(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("timeout")
        .arg("60")
        .arg(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TOLLGATE_TEST_PLANTED", SECRET)
        .stdin(Stdio::null())
        .output()
        .expect("run tollgate");
    assert_ne!(
        out.status.code(),
        Some(124),
        "tollgate {args:?} did not finish within a minute (blocked on a FIFO?)"
    );
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(SECRET),
            "tollgate {args:?} printed the planted secret on {name}:\n{text}"
        );
    }
    out
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The `(file, message)` of every input error of a JSON report.
fn errors(report: &Value) -> Vec<(String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Asserts an error at `file` whose message contains `what`.
fn has_error(errs: &[(String, String)], file: &str, what: &str) {
    assert!(
        errs.iter().any(|(f, m)| f == file && m.contains(what)),
        "no error at {file} containing {what:?} in {errs:#?}"
    );
}

/// A temp dir holding `outside/` (files with the secret) and `repo/` (a git repository).
struct Scene {
    _tmp: tempfile::TempDir,
    outside: PathBuf,
    repo: PathBuf,
}

fn scene() -> Scene {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    write(&outside, "secret.yaml", &format!("secret: {SECRET}\n"));
    write(
        &outside,
        "secret.rego",
        &format!("package main\n\ndeny contains msg if {{ msg := \"{SECRET}\" }}\n"),
    );
    write(
        &outside,
        "dir/pod.yaml",
        &format!("kind: Pod\nmetadata: {{name: {SECRET}}}\n"),
    );
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    write(&repo, "good/pod.yaml", PRIVILEGED);
    Scene {
        _tmp: tmp,
        outside,
        repo,
    }
}

/// Plain discovery: links to the environment, out of the repository (relative and absolute),
/// a symlinked directory out of it, a FIFO and a socket, in manifests and migrations; a link
/// inside the repository is followed; other files' findings are kept.
fn plain_tree(s: &Scene) {
    let r = &s.repo;
    link("/proc/self/environ", r, "plain/env.yaml");
    link("../../outside/secret.yaml", r, "plain/relative.yaml");
    link(s.outside.join("secret.yaml"), r, "plain/absolute.json");
    link("../../outside/dir", r, "plain/outdir");
    link("../good/pod.yaml", r, "inside/pod.yaml");
    link("/proc/self/environ", r, "db/migrations/V2__env.sql");
    write(
        r,
        "db/migrations/V1__init.sql",
        "CREATE TABLE t (id int);\n",
    );
    let fifo = r.join("plain/fifo.yaml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // Ignore files are read too: a FIFO would block the walk, a link would read the target.
    write(r, "ign-fifo/x.yaml", PRIVILEGED);
    assert!(Command::new("mkfifo")
        .arg(r.join("ign-fifo/.gitignore"))
        .status()
        .unwrap()
        .success());
    write(r, "ign-env/y.yaml", PRIVILEGED);
    link("/proc/self/environ", r, "ign-env/.ignore");
    let sock = r.join("plain/socket.yaml");
    // The listener must outlive the runs; leak it for the test's lifetime.
    std::mem::forget(std::os::unix::net::UnixListener::bind(&sock).unwrap());
}

#[test]
fn discovery_refuses_links_out_fifos_and_sockets() {
    let s = scene();
    plain_tree(&s);
    let out = run(&s.repo, &["check", "--format", "json", "--no-config", "."]);
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let errs = errors(&report);
    has_error(
        &errs,
        "plain/env.yaml",
        "symlink points outside the checked root",
    );
    has_error(
        &errs,
        "plain/relative.yaml",
        "symlink points outside the checked root",
    );
    has_error(
        &errs,
        "plain/absolute.json",
        "symlink points outside the checked root",
    );
    has_error(
        &errs,
        "plain/outdir",
        "symlink points outside the checked root",
    );
    has_error(&errs, "plain/fifo.yaml", "a FIFO, not a regular file");
    has_error(&errs, "plain/socket.yaml", "a socket, not a regular file");
    has_error(&errs, "db/migrations/V2__env.sql", "symlink points outside");
    // A refused ignore file fails closed: an error, and its directory is not walked.
    has_error(&errs, "ign-fifo/.gitignore", "a FIFO, not a regular file");
    has_error(
        &errs,
        "ign-env/.ignore",
        "symlink points outside the checked root",
    );
    // What is inside is still judged: the pod, and the link to it, both privileged.
    let files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "privileged-container")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["good/pod.yaml", "inside/pod.yaml"], "{report:#}");

    // Every output format, and render.
    for format in ["human", "json", "sarif", "junit", "github"] {
        let out = run(&s.repo, &["check", "--format", format, "--no-config", "."]);
        assert_eq!(out.status.code(), Some(2), "{format}");
    }
    for format in ["yaml", "json"] {
        let out = run(&s.repo, &["render", "--format", format, "--no-config", "."]);
        assert_eq!(out.status.code(), Some(2), "render {format}");
    }
    // Named directly, the links are refused too.
    for name in [
        "plain/env.yaml",
        "plain/relative.yaml",
        "plain/outdir",
        "plain/fifo.yaml",
    ] {
        let out = run(&s.repo, &["check", "--format", "json", "--no-config", name]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let errs = errors(&json(&out));
        assert!(
            errs.iter()
                .any(|(f, m)| f == name && m.starts_with("refused")),
            "{name}: {errs:?}"
        );
    }
    // Outside a repository the fence is the path given: a link to a sibling directory leaves it.
    let loose = s.outside.join("..").join("loose");
    write(&loose, "ok.yaml", PRIVILEGED);
    link("../outside/secret.yaml", &loose, "out.yaml");
    let out = run(&loose, &["check", "--format", "json", "--no-config", "."]);
    let report = json(&out);
    has_error(
        &errors(&report),
        "out.yaml",
        "symlink points outside the checked root",
    );
    assert_eq!(report["findings"][0]["file"], "ok.yaml");
}

/// Kustomize: resources, `..` paths, generator `envs` and `files`, patches and `openapi` that
/// lead out of the repository or into /proc.
#[test]
fn kustomize_builds_refuse_paths_out() {
    let s = scene();
    let r = &s.repo;
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
    write(r, "k-res/kustomization.yaml", "resources: [link.yaml]\n");
    link("../../outside/secret.yaml", r, "k-res/link.yaml");
    write(
        r,
        "k-dotdot/kustomization.yaml",
        "resources:\n  - ../../outside/secret.yaml\n",
    );
    write(
        r,
        "k-envs/kustomization.yaml",
        "configMapGenerator:\n  - name: env\n    envs: [app.env]\n",
    );
    link("/proc/self/environ", r, "k-envs/app.env");
    write(
        r,
        "k-files/kustomization.yaml",
        "configMapGenerator:\n  - name: env\n    files: [environ]\n",
    );
    link("/proc/self/environ", r, "k-files/environ");
    write(r, "k-patch/cm.yaml", cm);
    write(
        r,
        "k-patch/kustomization.yaml",
        "resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n",
    );
    link("../../outside/secret.yaml", r, "k-patch/patch.yaml");
    write(r, "k-openapi/cm.yaml", cm);
    write(
        r,
        "k-openapi/kustomization.yaml",
        "resources: [cm.yaml]\nopenapi:\n  path: schema.json\n",
    );
    link("/proc/self/environ", r, "k-openapi/schema.json");
    let out = run(r, &["check", "--format", "json", "--no-config", "."]);
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let errs = errors(&report);
    for root in [
        "k-res",
        "k-dotdot",
        "k-envs",
        "k-files",
        "k-patch",
        "k-openapi",
    ] {
        assert!(
            errs.iter().any(|(f, m)| f.starts_with(root)
                && (m.contains("outside the checked root") || m.contains("refused"))),
            "{root}: {errs:#?}"
        );
    }
    assert_eq!(
        report["findings"][0]["file"], "good/pod.yaml",
        "other units are still checked"
    );
    for format in ["yaml", "json"] {
        let out = run(r, &["render", "--format", format, "--no-config", "k-envs"]);
        assert_eq!(out.status.code(), Some(2), "render {format}");
    }
}

/// Helm: a template, `values.yaml` and `.helmignore` linked out, `.Files.Get` of paths out,
/// a `values.schema.json` `$ref` to a file, and `-f` naming the environment.
#[test]
fn helm_charts_refuse_paths_out() {
    let s = scene();
    let r = &s.repo;
    let chart = |name: &str| {
        write(
            r,
            &format!("charts/{name}/Chart.yaml"),
            &format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n"),
        );
    };
    chart("tmpl");
    link(
        "../../../../outside/secret.yaml",
        r,
        "charts/tmpl/templates/cm.yaml",
    );
    chart("values");
    link("/proc/self/environ", r, "charts/values/values.yaml");
    chart("ignore");
    write(
        r,
        "charts/ignore/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    );
    link("/proc/self/environ", r, "charts/ignore/.helmignore");
    chart("files");
    write(
        r,
        "charts/files/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: files}\ndata:\n  a: {{ .Files.Get \"../../../outside/secret.yaml\" | quote }}\n  b: {{ .Files.Get \"/proc/self/environ\" | quote }}\n",
    );
    chart("schema");
    write(r, "charts/schema/values.yaml", "a: 1\n");
    write(
        r,
        "charts/schema/values.schema.json",
        "{\"$ref\": \"file:///proc/self/environ\"}\n",
    );
    write(
        r,
        "charts/schema/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n",
    );
    let out = run(r, &["check", "--format", "json", "--no-config", "."]);
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let errs = errors(&report);
    has_error(&errs, "charts/tmpl/templates/cm.yaml", "outside");
    has_error(&errs, "charts/values/values.yaml", "outside");
    has_error(&errs, "charts/ignore/.helmignore", "outside");
    assert!(
        errs.iter().any(|(f, _)| f.starts_with("charts/schema")),
        "{errs:#?}"
    );
    // `.Files` holds the chart's own files only: the paths out read nothing.
    let out = run(
        r,
        &["render", "--format", "json", "--no-config", "charts/files"],
    );
    assert_eq!(out.status.code(), Some(0));
    let docs = json(&out);
    assert_eq!(docs[0]["data"]["a"], "");
    assert_eq!(docs[0]["data"]["b"], "");
    // `-f /proc/self/environ` (or a link to it) is never read, even named by the operator.
    link("/proc/self/environ", r, "values-env.yaml");
    for values in ["/proc/self/environ", "values-env.yaml", "/dev/stdin"] {
        let out = run(
            r,
            &[
                "check",
                "--format",
                "json",
                "--no-config",
                "charts/files",
                "-f",
                values,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{values}");
        let errs = errors(&json(&out));
        assert!(
            errs.iter().any(|(_, m)| m.starts_with("refused")),
            "{values}: {errs:#?}"
        );
    }
}

/// `--policy`, `--data`, `--capabilities`, `--baseline`, a conftest policy's
/// `parse_config_file`, `.tollgate.yaml` paths and `conftest.toml` paths.
#[test]
fn policies_data_and_configuration_refuse_paths_out() {
    let s = scene();
    let r = &s.repo;
    write(
        r,
        "policy/ok.rego",
        "package main\n\ndeny contains msg if { false; msg := \"x\" }\n",
    );
    link("../../outside/secret.rego", r, "policy/evil.rego");
    let out = run(
        r,
        &[
            "check",
            "--format",
            "json",
            "--no-config",
            "--policy",
            "policy",
            "good",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("policy/evil.rego"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    write(r, "data/ok.yaml", "a: 1\n");
    link("../../outside/secret.yaml", r, "data/evil.yaml");
    link("../../outside/dir", r, "data/evildir");
    let out = run(
        r,
        &[
            "check",
            "--format",
            "json",
            "--no-config",
            "--data",
            "data",
            "good",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("data/evil.yaml") && err.contains("data/evildir"),
        "{err}"
    );

    // conftest's parse_config_file, with built-in errors shown: the message names the path
    // and the refusal, never the content.
    write(
        r,
        "reader/main.rego",
        "package main\n\ndeny contains msg if {\n  x := parse_config_file(input.path)\n  msg := sprintf(\"%v\", [x])\n}\n",
    );
    for target in ["/proc/self/environ", "../outside/secret.yaml", "/dev/zero"] {
        write(r, "paths/p.yaml", &format!("path: {target}\n"));
        let out = run(
            r,
            &[
                "check",
                "--format",
                "json",
                "--no-config",
                "--no-builtin",
                "--policy",
                "reader",
                "--show-builtin-errors",
                "paths",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{target}");
        let errs = errors(&json(&out));
        assert!(
            errs.iter().any(|(_, m)| m.contains("refused")),
            "{target}: {errs:#?}"
        );
    }

    for (flag, target) in [
        ("--capabilities", "/proc/self/environ"),
        ("--baseline", "/proc/self/environ"),
    ] {
        let out = run(r, &["check", "--no-config", flag, target, "good"]);
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("refused"),
            "{flag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // .tollgate.yaml is part of the repository: its paths stay in it.
    for (text, line) in [
        ("policies: [../outside]\n", 1),
        ("data:\n  - /proc/self\n", 2),
        ("helm:\n  charts/x:\n    values: [/proc/self/environ]\n", 3),
        ("policies: [policy-link]\n", 1),
    ] {
        link("../outside", r, "policy-link");
        write(r, ".tollgate.yaml", text);
        let out = run(r, &["check", "--format", "json", "good"]);
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(".tollgate.yaml:{line}:")) && err.contains("outside"),
            "{text}: {err}"
        );
        std::fs::remove_file(r.join("policy-link")).unwrap();
    }
    std::fs::remove_file(r.join(".tollgate.yaml")).unwrap();
    write(r, "conftest.toml", "policy = \"../outside\"\n");
    let out = run(r, &["check", "--format", "json", "good"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside"));
    // The configuration file itself, linked out, is refused.
    std::fs::remove_file(r.join("conftest.toml")).unwrap();
    link("../outside/secret.yaml", r, ".tollgate.yaml");
    let out = run(r, &["check", "--format", "json", "good"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside"));
}

/// `--staged`: a symlink staged in the index (mode 120000) is a link, not a file, whatever the
/// work tree holds; `--base`: a link added since the base is refused like any other.
#[test]
fn staged_links_and_base_checkouts_are_confined() {
    let s = scene();
    let r = &s.repo;
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "base"]);

    // Staged: links out (the work tree then holds a harmless file at the same path), a link
    // inside (read through the index), and a Kustomize resource staged as a link out.
    link("/proc/self/environ", r, "staged/env.yaml");
    link("../../outside/secret.yaml", r, "staged/out.yaml");
    link("../good/pod.yaml", r, "staged/in.yaml");
    write(r, "k/kustomization.yaml", "resources: [res.yaml]\n");
    link("../../outside/secret.yaml", r, "k/res.yaml");
    git(r, &["add", "-A"]);
    for f in ["staged/env.yaml", "staged/out.yaml", "k/res.yaml"] {
        std::fs::remove_file(r.join(f)).unwrap();
        write(
            r,
            f,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: harmless}\n",
        );
    }
    let out = run(
        r,
        &["check", "--staged", "--format", "json", "--no-config", "."],
    );
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let errs = errors(&report);
    has_error(
        &errs,
        "staged/env.yaml",
        "symlink points outside the checked root",
    );
    has_error(
        &errs,
        "staged/out.yaml",
        "symlink points outside the checked root",
    );
    assert!(
        errs.iter()
            .any(|(f, m)| f == "k/res.yaml" && m.contains("outside")),
        "{errs:#?}"
    );
    let in_link = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["file"] == "staged/in.yaml" && f["rule"] == "privileged-container");
    assert!(
        in_link,
        "a staged link inside the repository is read through the index: {report:#}"
    );

    // --base: the work tree's links are refused as in a plain check.
    git(r, &["reset", "-q", "--hard"]);
    link("/proc/self/environ", r, "pr/env.yaml");
    link("../../outside/dir", r, "pr/dir");
    let out = run(
        r,
        &[
            "check",
            "--base",
            "main",
            "--format",
            "json",
            "--no-config",
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let errs = errors(&json(&out));
    has_error(
        &errs,
        "pr/env.yaml",
        "symlink points outside the checked root",
    );
    has_error(&errs, "pr/dir", "symlink points outside the checked root");
}
