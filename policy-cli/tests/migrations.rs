//! SQL migrations through the real `tollgate` binary: ordering, parse errors beside other
//! files' findings, `render`, and `--base` on real git repositories built in temp dirs.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn tollgate_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tollgate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tollgate")
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
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

/// (file name, rule) of each finding, sorted as reported.
fn findings(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap().to_string();
            (name, f["rule"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn base_revision_judges_new_migrations_and_flags_edited_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    git(r, &["init", "-q", "-b", "main"]);
    write(
        r,
        "db/V1__init.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n",
    );
    write(
        r,
        "db/V2__drop.sql",
        "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN name;\n",
    );
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "applied"]);
    git(r, &["checkout", "-q", "-b", "change"]);
    // The change: V1 edited after it was applied, V3 new.
    write(
        r,
        "db/V1__init.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY, name text, x int);\nALTER TABLE accounts DROP COLUMN legacy;\n",
    );
    write(
        r,
        "db/V3__rename.sql",
        "SET lock_timeout = '2s';\nALTER TABLE users RENAME COLUMN id TO user_id;\n",
    );
    git(r, &["add", "-A"]);
    git(r, &["commit", "-q", "-m", "change"]);

    // Without --base every migration is judged, V2's drop included.
    let all = findings(&json_of(&tollgate_in(
        r,
        &["check", "--format", "json", "db"],
    )));
    assert!(
        all.contains(&("V2__drop.sql".into(), "migration-drop-column".into())),
        "{all:?}"
    );
    assert!(!all
        .iter()
        .any(|(_, rule)| rule == "migration-edited-after-apply"));

    let out = tollgate_in(r, &["check", "--format", "json", "--base", "main", "db"]);
    assert_eq!(out.status.code(), Some(1));
    let got = findings(&json_of(&out));
    assert!(
        got.contains(&("V1__init.sql".into(), "migration-edited-after-apply".into())),
        "{got:?}"
    );
    // An edited applied migration is reported once, not statement by statement.
    assert!(
        !got.contains(&("V1__init.sql".into(), "migration-drop-column".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("V3__rename.sql".into(), "migration-rename-column".into())),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|(f, _)| f == "V2__drop.sql"),
        "applied and unchanged: {got:?}"
    );

    // A work-tree edit counts too, and an unknown revision is a usage error.
    git(r, &["checkout", "-q", "main"]);
    write(
        r,
        "db/V2__drop.sql",
        "ALTER TABLE users DROP COLUMN name CASCADE;\n",
    );
    let got = findings(&json_of(&tollgate_in(
        r,
        &["check", "--format", "json", "--base", "HEAD", "db"],
    )));
    assert!(
        got.contains(&("V2__drop.sql".into(), "migration-edited-after-apply".into())),
        "{got:?}"
    );
    let bad = tollgate_in(r, &["check", "--base", "no-such-rev", "db"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no such revision"));
}

#[test]
fn a_broken_migration_is_an_error_and_the_others_are_still_judged() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(r, "m/10_b.up.sql", "ALTER TABLE t DROP COLUMN c;\n");
    write(
        r,
        "m/9_a.up.sql",
        "CREATE TABLE t (id int, c int);\n\nALTER TABLE t ADD COLUMN d int NOT NUL;\n",
    );
    write(r, "m/9_a.down.sql", "DROP TABLE t;\n");
    let out = tollgate_in(r, &["check", "--format", "json", "m"]);
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out);
    let e = &v["errors"][0];
    assert_eq!(e["file"], "m/9_a.up.sql");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(3), Some(36))
    );
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("syntax error at or near \"NUL\""));
    let got = findings(&v);
    assert!(
        got.contains(&("10_b.up.sql".into(), "migration-drop-column".into())),
        "{got:?}"
    );
    // The down file is not judged as a forward change.
    assert!(!got.iter().any(|(f, _)| f == "9_a.down.sql"), "{got:?}");

    // `render` prints the model in natural order (9 before 10), down files left out.
    let out = tollgate_in(r, &["render", "--format", "json", "m/10_b.up.sql", "m"]);
    let docs = json_of(&out);
    let names: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["10_b.up.sql"],
        "the broken 9_a is an error, not a document"
    );
    let ops = &docs[0]["spec"]["statements"];
    assert_eq!(ops[0]["op"], "drop_column");
    assert_eq!(ops[0]["column"], "c");
    assert_eq!(docs[0]["spec"]["order"], 1);
}

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Real migration histories copied from the shared corpus (`testdata/SOURCES.md`) and a
/// generated set: no crash, no error on valid files (only supabase's templated files, which
/// PostgreSQL cannot run either, are errors — at the placeholder, with a hint), findings stable
/// (snapshot), and the VM and the interpreter agree on every finding.
#[test]
fn real_migrations_parse_and_findings_are_stable() {
    let r = root();
    let out = tollgate_in(
        &r,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "info",
            "testdata/migrations",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out);
    let templated: Vec<String> =
        std::fs::read_dir(r.join("testdata/migrations/supabase-auth/migrations"))
            .unwrap()
            .flatten()
            .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("{{")))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
    let errors = v["errors"].as_array().unwrap();
    // Some templated files hold their placeholders only in comments or strings, and parse.
    assert!(
        errors.len() > 50 && errors.len() <= templated.len(),
        "{errors:#?}"
    );
    for e in errors {
        let file = e["file"].as_str().unwrap();
        assert!(
            file.starts_with("testdata/migrations/supabase-auth/"),
            "{e}"
        );
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("render the template first"),
            "{e}"
        );
        let text = std::fs::read_to_string(r.join(file)).unwrap();
        let line = text
            .lines()
            .nth(e["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        // PostgreSQL fails on (or inside) the placeholder: `{{` opens no valid token, and
        // `"{{ index .Options "` is a quoted name followed by a stray word.
        assert!(line.contains("{{"), "{e}: {line}");
    }
    assert!(v["summary"]["documents"].as_u64().unwrap() > 300);
    let mut lines = String::new();
    for f in v["findings"].as_array().unwrap() {
        lines.push_str(&format!(
            "{}:{}:{} {}\n",
            f["file"].as_str().unwrap(),
            f["line"],
            f["column"],
            f["rule"].as_str().unwrap()
        ));
    }
    let snap = r.join("testdata/snapshots/migrations-findings.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snap, &lines).unwrap();
    } else {
        let expected = std::fs::read_to_string(&snap).unwrap_or_default();
        assert!(
            lines == expected,
            "findings differ from {} (UPDATE_SNAPSHOTS=1 rewrites it)",
            snap.display()
        );
    }
    let single = tollgate_in(
        &r,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "info",
            "--no-batch",
            "testdata/migrations",
        ],
    );
    assert!(
        out.stdout == single.stdout,
        "the VM and the interpreter disagree"
    );
}

/// PostgreSQL's own regression SQL (as squawk keeps it, in `../shared/corpus/`): nearly every
/// statement form. Every file parses or is an error with a position; nothing crashes.
#[test]
fn postgres_regression_suite_never_crashes() {
    let suite = root().join("../shared/corpus/sbdchd-squawk/postgres/regression_suite");
    if !suite.is_dir() {
        eprintln!("skipped: {} not present", suite.display());
        return;
    }
    let out = tollgate_in(
        &root(),
        &["check", "--format", "json", suite.to_str().unwrap()],
    );
    assert!(matches!(out.status.code(), Some(0..=2)), "{:?}", out.status);
    let v = json_of(&out);
    for e in v["errors"].as_array().unwrap() {
        assert!(
            e["line"].as_u64().unwrap() > 0,
            "an error without a position: {e}"
        );
    }
    assert!(v["summary"]["files"].as_u64().unwrap() > 200);
}
