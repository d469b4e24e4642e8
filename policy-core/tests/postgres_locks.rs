//! The lock facts of the `SqlMigration` model, checked against a real PostgreSQL server.
//!
//! The test starts a throwaway server (initdb + pg_ctl on a temporary directory, a free loopback
//! port; as root it runs the server as the `postgres` or `nobody` user) and, for every SQL fixture
//! of the migration rules (`testdata/rules/migration-*/{fail,pass}.sql`, whose first line is
//! `-- setup: <SQL creating the tables>`):
//!
//! 1. in an empty database with the setup applied, runs each statement in its own transaction,
//!    reads `pg_locks` before committing, and asserts that the strongest lock held on the table
//!    is the one the model claims (`lock`), statement by statement;
//! 2. for `pass.sql` (the rewrites the rules call safe), in a database whose tables hold rows,
//!    runs the whole file and asserts that it succeeds.
//!
//! `.ci/run` installs PostgreSQL from Debian's packages when the machine lacks it; the server's
//! binaries are looked up on PATH and in `/usr/lib/postgresql/*/bin`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use policy_core::sql::{layout, parse_migration, MigrationContext};
use policy_core::{Limits, SourceFile};

fn find_bin(name: &str) -> Option<PathBuf> {
    if let Ok(out) = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
    {
        let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !p.is_empty() {
            return Some(PathBuf::from(p));
        }
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin"))
        .collect();
    dirs.sort();
    dirs.into_iter()
        .rev()
        .map(|d| d.join(name))
        .find(|p| p.exists())
}

struct Server {
    _dir: tempfile::TempDir,
    data: PathBuf,
    port: u16,
    pg_ctl: PathBuf,
    psql: PathBuf,
    run_as: Option<String>,
}

fn as_user(run_as: &Option<String>, program: &Path) -> Command {
    match run_as {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.arg("-u").arg(user).arg("--").arg(program);
            c
        }
        None => Command::new(program),
    }
}

fn check(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Server {
    fn start() -> Server {
        let missing = "PostgreSQL server binaries not found (initdb, pg_ctl): .ci/run installs \
                       Debian's postgresql package";
        let initdb = find_bin("initdb").expect(missing);
        let pg_ctl = find_bin("pg_ctl").expect(missing);
        let psql = find_bin("psql").expect("psql not found");
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        // initdb refuses to run as root.
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let run_as = is_root.then(|| {
            let has_postgres = Command::new("id")
                .arg("postgres")
                .output()
                .is_ok_and(|o| o.status.success());
            if has_postgres { "postgres" } else { "nobody" }.to_string()
        });
        if let Some(user) = &run_as {
            check(
                Command::new("chown")
                    .arg("-R")
                    .arg(user)
                    .arg(dir.path())
                    .output()
                    .expect("chown"),
                "chown",
            );
        }
        check(
            as_user(&run_as, &initdb)
                .args([
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "-D",
                ])
                .arg(&data)
                .output()
                .expect("run initdb"),
            "initdb",
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let opts = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c full_page_writes=off",
            dir.path().display()
        );
        check(
            as_user(&run_as, &pg_ctl)
                .arg("-D")
                .arg(&data)
                .arg("-o")
                .arg(opts)
                .arg("-l")
                .arg(dir.path().join("log"))
                .args(["-w", "-t", "60", "start"])
                .output()
                .expect("run pg_ctl"),
            "pg_ctl start",
        );
        Server {
            _dir: dir,
            data,
            port,
            pg_ctl,
            psql,
            run_as,
        }
    }

    /// Runs `sql` in database `db` (psql, stop at the first error); the output or the error.
    fn psql(&self, db: &str, sql: &str) -> Result<String, String> {
        let out = Command::new(&self.psql)
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-U",
            ])
            .arg("postgres")
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-d")
            .arg(db)
            .arg("-c")
            .arg(sql)
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Runs a whole file's text with psql's own statement splitting (`-f`), autocommit.
    fn psql_file(&self, db: &str, path: &Path) -> Result<String, String> {
        let out = Command::new(&self.psql)
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
            ])
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-d")
            .arg(db)
            .arg("-f")
            .arg(path)
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = as_user(&self.run_as, &self.pg_ctl)
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

/// `AccessExclusiveLock` → `ACCESS EXCLUSIVE`.
fn lock_name(mode: &str) -> String {
    let base = mode.strip_suffix("Lock").unwrap_or(mode);
    let mut out = String::new();
    for (i, c) in base.char_indices() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

const STRENGTH: [&str; 8] = [
    "ACCESS SHARE",
    "ROW SHARE",
    "ROW EXCLUSIVE",
    "SHARE UPDATE EXCLUSIVE",
    "SHARE",
    "SHARE ROW EXCLUSIVE",
    "EXCLUSIVE",
    "ACCESS EXCLUSIVE",
];

fn strength(lock: &str) -> usize {
    STRENGTH.iter().position(|l| *l == lock).unwrap_or(0)
}

/// Fills every table of the public schema with 200 rows of plausible, distinct values (text
/// like `v17@example.com`; tables whose insert fails, e.g. for a foreign key, stay empty).
fn seed(server: &Server, db: &str) {
    let sql = r#"
DO $seed$
DECLARE t record; cols text; vals text;
BEGIN
  FOR t IN SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.oid LOOP
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
           string_agg(CASE
             WHEN format_type(a.atttypid, NULL) IN ('smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision') THEN 'g'
             WHEN format_type(a.atttypid, NULL) = 'boolean' THEN 'true'
             WHEN format_type(a.atttypid, NULL) = 'uuid' THEN 'md5(g::text)::uuid'
             WHEN format_type(a.atttypid, NULL) LIKE 'timestamp%' OR format_type(a.atttypid, NULL) = 'date' THEN 'now()'
             WHEN format_type(a.atttypid, NULL) IN ('json', 'jsonb') THEN '''{}'''
             ELSE 'left(''v'' || g || ''@example.com'', ' ||
                  CASE WHEN a.atttypmod > 4 THEN a.atttypmod - 4 ELSE 1000 END || ')'
           END || '::' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
      INTO cols, vals
      FROM pg_attribute a
     WHERE a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
       AND a.attidentity = '';
    IF cols IS NOT NULL THEN
      BEGIN
        EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM generate_series(1, 200) g', t.rel, cols, vals);
      EXCEPTION WHEN others THEN
        RAISE NOTICE 'not seeded: % (%)', t.rel, SQLERRM;
      END;
    END IF;
  END LOOP;
END
$seed$;"#;
    server.psql(db, sql).expect("seed rows");
}

/// Runs a fixture's setup. Objects outside the database (a `CREATE DATABASE` for the
/// drop-database fixtures) exist once per server: "already exists" is fine.
fn setup(server: &Server, db: &str, sql: &str, rel: &str) {
    if sql.is_empty() {
        return;
    }
    if let Err(e) = server.psql(db, sql) {
        assert!(e.contains("already exists"), "{rel}: setup failed: {e}");
    }
}

struct Fixture {
    path: PathBuf,
    setup: String,
}

fn fixtures() -> Vec<Fixture> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/rules");
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("testdata/rules")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("migration-"))
        })
        .collect();
    dirs.sort();
    for dir in dirs {
        for name in ["fail.sql", "pass.sql"] {
            let path = dir.join(name);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let setup = text
                .lines()
                .find_map(|l| l.strip_prefix("-- setup:"))
                .unwrap_or("")
                .trim()
                .to_string();
            out.push(Fixture { path, setup });
        }
    }
    out
}

#[test]
fn model_locks_match_postgresql_and_safe_rewrites_run_on_tables_with_rows() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 20,
        "expected the migration rules' SQL fixtures, found {}",
        fixtures.len()
    );
    let server = Server::start();
    let mut checked_locks = 0;
    let mut failures = Vec::new();
    for (n, fx) in fixtures.iter().enumerate() {
        let rel = fx
            .path
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/rules"))
            .unwrap_or(&fx.path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(&fx.path).expect("fixture");
        let file: Arc<SourceFile> = SourceFile::new(&fx.path, &rel, text);
        let m = layout::classify(&fx.path);
        let doc = parse_migration(
            &file,
            &m,
            &MigrationContext {
                new: true,
                ..Default::default()
            },
            &Limits::default(),
        )
        .unwrap_or_else(|e| panic!("{rel}: {e:?}"))
        .expect("a forward migration");
        let ops = doc.root.to_json()["spec"]["statements"]
            .as_array()
            .cloned()
            .unwrap_or_default();

        // 1. Locks, statement by statement, in an empty database.
        let db = format!("locks_{n}");
        server
            .psql("postgres", &format!("CREATE DATABASE {db}"))
            .expect("create database");
        setup(&server, &db, &fx.setup, &rel);
        let mut i = 0;
        while i < ops.len() {
            let index = ops[i]["index"].clone();
            let group: Vec<&serde_json::Value> = ops[i..]
                .iter()
                .take_while(|o| o["index"] == index)
                .collect();
            i += group.len();
            let first = group[0];
            let op = first["op"].as_str().unwrap_or("");
            let sql = first["sql"].as_str().unwrap_or("");
            let control = [
                "begin",
                "commit",
                "rollback",
                "savepoint",
                "release_savepoint",
                "rollback_to_savepoint",
            ];
            if control.contains(&op) {
                continue;
            }
            let concurrently = group.iter().any(|o| o["concurrently"] == true);
            if concurrently {
                // Cannot run inside a transaction block; run it to keep the schema in step
                // (inside the fixture's own BEGIN it fails, which is what the rule says).
                let _ = server.psql(&db, sql);
                continue;
            }
            let claimed: Option<(String, String)> = group
                .iter()
                .filter_map(|o| {
                    Some((
                        o["table"].as_str()?.to_string(),
                        o["lock"].as_str()?.to_string(),
                    ))
                })
                .max_by_key(|(_, l)| strength(l));
            // The table's oid before the statement (a DROP or RENAME changes what its name means).
            let oid = claimed.as_ref().and_then(|(table, _)| {
                let q = format!("SELECT to_regclass('{}')::oid", table.replace('\'', "''"));
                server.psql(&db, &q).ok().map(|o| o.trim().to_string())
            });
            let probe = match &oid {
                Some(oid) if !oid.is_empty() => format!(
                    "BEGIN; {sql}; SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND \
                     locktype = 'relation' AND relation = {oid}; COMMIT;"
                ),
                _ => format!("{sql};"),
            };
            match server.psql(&db, &probe) {
                Ok(out) => {
                    if let (Some((table, lock)), Some(_)) = (claimed, oid.filter(|o| !o.is_empty()))
                    {
                        let held = out
                            .lines()
                            .map(lock_name)
                            .max_by_key(|l| strength(l))
                            .unwrap_or_default();
                        checked_locks += 1;
                        if held != lock {
                            failures.push(format!(
                                "{rel}: `{sql}`: model says {lock} on {table}, PostgreSQL holds {held:?}"
                            ));
                        }
                    }
                }
                Err(e) => failures.push(format!("{rel}: `{sql}` failed on an empty table: {e}")),
            }
        }

        // 2. The safe rewrites run on tables with rows.
        if fx.path.file_name().and_then(|n| n.to_str()) == Some("pass.sql") {
            let db = format!("rows_{n}");
            server
                .psql("postgres", &format!("CREATE DATABASE {db}"))
                .expect("create database");
            setup(&server, &db, &fx.setup, &rel);
            seed(&server, &db);
            if let Err(e) = server.psql_file(&db, &fx.path) {
                failures.push(format!(
                    "{rel}: the safe rewrite fails on tables with rows: {e}"
                ));
            }
        }
    }
    eprintln!("{checked_locks} lock claims checked against PostgreSQL");
    assert!(checked_locks >= 20, "only {checked_locks} locks checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
