//! `--staged` and `tollgate hook install` on real git repositories: the staged content is what
//! is judged (not the work tree), untracked files are not part of the commit, and the installed
//! hook blocks a real `git commit`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tollgate(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run tollgate")
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn pod(name: &str, privileged: bool) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n    - name: app\n      image: app:1\n      securityContext: {{privileged: {privileged}}}\n"
    )
}

fn rules(out: &Output) -> Vec<(String, String)> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn staged_content_is_judged_and_the_hook_blocks_the_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    git_ok(r, &["init", "-q", "-b", "main"]);
    write(r, "apps/a/pod.yaml", &pod("a", false));
    git_ok(r, &["add", "-A"]);
    git_ok(r, &["commit", "-q", "-m", "clean"]);

    // Stage a privileged pod, then fix it in the work tree only; add an untracked bad file.
    write(r, "apps/a/pod.yaml", &pod("a", true));
    git_ok(r, &["add", "apps/a/pod.yaml"]);
    write(r, "apps/a/pod.yaml", &pod("a", false));
    write(r, "apps/b/pod.yaml", &pod("b", true));

    let staged = tollgate(r, &["check", "--format", "json", "--staged"]);
    assert_eq!(staged.status.code(), Some(1));
    let found = rules(&staged);
    assert!(
        found.contains(&("apps/a/pod.yaml".into(), "privileged-container".into())),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(f, _)| f.starts_with("apps/b")),
        "untracked files are not committed: {found:?}"
    );
    // The work tree says otherwise.
    let tree = rules(&tollgate(r, &["check", "--format", "json", "apps/a"]));
    assert!(!tree.iter().any(|(_, rule)| rule == "privileged-container"));

    // The hook: installed, it blocks the commit of the staged privileged pod.
    let install = tollgate(r, &["hook", "install"]);
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    let hook = std::fs::read_to_string(r.join(".git/hooks/pre-commit")).unwrap();
    assert!(hook.contains("check --staged"));
    let blocked = git(r, &["commit", "-q", "-m", "privileged"]);
    assert!(!blocked.status.success(), "the hook must block the commit");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(said.contains("privileged-container"), "{said}");
    // Stage a fix (a new, unprivileged pod): the commit goes through.
    write(r, "apps/a/pod.yaml", &pod("a2", false));
    git_ok(r, &["add", "apps/a/pod.yaml"]);
    git_ok(r, &["commit", "-q", "-m", "fixed"]);

    // A hook tollgate did not write is not overwritten without --force.
    std::fs::write(r.join(".git/hooks/pre-commit"), "#!/bin/sh\necho mine\n").unwrap();
    let refused = tollgate(r, &["hook", "install"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not written by tollgate"));
    assert!(tollgate(r, &["hook", "install", "--force"])
        .status
        .success());
    // --staged and --base do not mix.
    assert_eq!(
        tollgate(r, &["check", "--staged", "--base", "HEAD"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn staged_works_before_the_first_commit_and_hooks_path_is_honoured() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    git_ok(r, &["init", "-q", "-b", "main"]);
    write(r, "apps/a/pod.yaml", &pod("a", true));
    git_ok(r, &["add", "-A"]);
    // No HEAD yet: everything staged is new.
    let out = tollgate(r, &["check", "--format", "json", "--staged"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(rules(&out).contains(&("apps/a/pod.yaml".into(), "privileged-container".into())));
    // core.hooksPath: the hook goes where git will run it.
    git_ok(r, &["config", "core.hooksPath", ".githooks"]);
    assert!(tollgate(r, &["hook", "install"]).status.success());
    assert!(r.join(".githooks/pre-commit").is_file());
    let blocked = git(r, &["commit", "-q", "-m", "first"]);
    assert!(
        !blocked.status.success(),
        "the hook in core.hooksPath blocks the commit"
    );
}
