//! Migration layouts: which files of a migration set are forward changes, and in what order the
//! migration tools apply them.
//!
//! | layout | files | order | not judged as forward changes |
//! |---|---|---|---|
//! | Flyway | `V1__x.sql`, `V1.2__x.sql`, `V1_2__x.sql`, `R__x.sql`, `U1__x.sql` | versions numerically, then repeatables (`R__`) by description | `U` (undo) files |
//! | golang-migrate | `000001_x.up.sql`, `000001_x.down.sql` | version numerically | `.down.sql` files |
//! | dbmate | `20240101120000_x.sql` with `-- migrate:up` / `-- migrate:down` | version | the `-- migrate:down` section |
//! | goose | `00001_x.sql` with `-- +goose Up` / `-- +goose Down` | version | the `-- +goose Down` section |
//! | sqitch | `deploy/x.sql`, `revert/x.sql`, `verify/x.sql` beside `sqitch.plan` | the plan's order | `revert/` and `verify/` |
//! | Prisma | `migrations/<timestamp>_x/migration.sql` | the directory names, naturally | |
//! | plain | any other `*.sql` | natural order of the names (`2_x` before `10_x`) | |
//!
//! dbmate and goose are told apart from plain numbered files by their section markers, when the
//! file is parsed.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// The tool whose conventions a migration file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layout {
    /// Flyway (`V1__x.sql`).
    Flyway,
    /// golang-migrate (`1_x.up.sql`).
    GolangMigrate,
    /// dbmate (`-- migrate:up`).
    Dbmate,
    /// goose (`-- +goose Up`).
    Goose,
    /// sqitch (`deploy/`, `sqitch.plan`).
    Sqitch,
    /// Prisma (`<dir>/migration.sql`).
    Prisma,
    /// Numbered or named files applied in natural order.
    Plain,
}

impl Layout {
    /// The layout's name in the `SqlMigration` document (`spec.layout`).
    pub fn name(self) -> &'static str {
        match self {
            Layout::Flyway => "flyway",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Dbmate => "dbmate",
            Layout::Goose => "goose",
            Layout::Sqitch => "sqitch",
            Layout::Prisma => "prisma",
            Layout::Plain => "plain",
        }
    }
}

/// Whether a file changes the schema going forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A forward migration: judged by the rules.
    Up,
    /// A revert, undo, down or verify script: parsed (a syntax error is still an error) but not
    /// judged as a forward change.
    Down,
    /// A file for another database (`x.mysql.up.sql`, `x.sqlite3.sql`, `x.cockroach.up.sql`):
    /// neither parsed nor judged; reported once per set.
    OtherDatabase,
    /// A dialect-neutral file whose PostgreSQL variant sits beside it (gobuffalo/pop:
    /// `x.up.sql` next to `x.postgres.up.sql`): PostgreSQL runs the variant, which is checked
    /// instead.
    Superseded,
}

const POSTGRES_NAMES: &[&str] = &["postgres", "postgresql", "pg", "pgsql"];

/// The file name without a PostgreSQL dialect segment (`x.postgres.up.sql` → `x.up.sql`), and
/// whether it had one.
fn without_postgres(path: &Path) -> (String, bool) {
    let name = file_name(path);
    let segs: Vec<&str> = name.split('.').collect();
    let kept: Vec<&str> = segs
        .iter()
        .enumerate()
        .filter(|(i, s)| *i == 0 || !POSTGRES_NAMES.iter().any(|p| s.eq_ignore_ascii_case(p)))
        .map(|(_, s)| *s)
        .collect();
    let had = kept.len() != segs.len();
    (kept.join("."), had)
}

/// Dialect names that tools (ory/kratos's pop, goose, sqlx) put in file names of migration sets
/// that target several databases. A file so marked is not a PostgreSQL migration.
const OTHER_DATABASES: &[&str] = &[
    "mysql",
    "mariadb",
    "sqlite",
    "sqlite3",
    "mssql",
    "sqlserver",
    "oracle",
    "cockroach",
    "cockroachdb",
    "crdb",
    "tidb",
    "clickhouse",
    "spanner",
];

/// The other database a file name is marked for (`x.mysql.up.sql` → `mysql`).
pub fn other_database(path: &Path) -> Option<&'static str> {
    let name = file_name(path).strip_suffix(".sql")?;
    name.split('.')
        .skip(1)
        .find_map(|seg| OTHER_DATABASES.iter().find(|d| seg.eq_ignore_ascii_case(d)))
        .copied()
}

/// One file of a migration set, with its place in the set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    /// The file.
    pub path: PathBuf,
    /// The layout its name follows (dbmate and goose are refined from the file's text).
    pub layout: Layout,
    /// Whether it is a forward change.
    pub direction: Direction,
    /// The version the layout gives (`"1.2"` for `V1.2__x.sql`; empty when none).
    pub version: String,
}

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

fn parent_name(path: &Path) -> &str {
    path.parent().map(file_name).unwrap_or("")
}

/// The leading run of ASCII digits of `s`.
fn leading_digits(s: &str) -> &str {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    &s[..end]
}

/// Classifies one file by its name and place.
pub fn classify(path: &Path) -> MigrationFile {
    let name = file_name(path);
    let stem = name.strip_suffix(".sql").unwrap_or(name);
    let make = |layout, direction, version: &str| MigrationFile {
        path: path.to_path_buf(),
        layout,
        direction,
        version: version.to_string(),
    };
    if other_database(path).is_some() {
        return make(
            Layout::Plain,
            Direction::OtherDatabase,
            leading_digits(stem),
        );
    }
    let parent = parent_name(path);
    if matches!(parent, "deploy" | "revert" | "verify")
        && path
            .parent()
            .and_then(Path::parent)
            .is_some_and(|p| p.join("sqitch.plan").is_file())
    {
        let direction = if parent == "deploy" {
            Direction::Up
        } else {
            Direction::Down
        };
        return make(Layout::Sqitch, direction, "");
    }
    if name == "migration.sql" {
        return make(Layout::Prisma, Direction::Up, leading_digits(parent));
    }
    // Flyway: V<version>__<description>, U<version>__…, R__<description>.
    if let Some((head, _)) = stem.split_once("__") {
        if let Some(rest) = head.strip_prefix(['V', 'U']) {
            let is_version = !rest.is_empty()
                && rest.starts_with(|c: char| c.is_ascii_digit())
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '_');
            if is_version {
                let direction = if head.starts_with('U') {
                    Direction::Down
                } else {
                    Direction::Up
                };
                return make(Layout::Flyway, direction, &rest.replace('_', "."));
            }
        }
        if head == "R" {
            return make(Layout::Flyway, Direction::Up, "");
        }
    }
    let version = leading_digits(stem);
    if !version.is_empty() {
        if stem.ends_with(".up") {
            return make(Layout::GolangMigrate, Direction::Up, version);
        }
        if stem.ends_with(".down") {
            return make(Layout::GolangMigrate, Direction::Down, version);
        }
    }
    // Down scripts of tools we do not otherwise recognise.
    let direction = if stem.ends_with(".down") || stem.ends_with("_down") {
        Direction::Down
    } else {
        Direction::Up
    };
    make(Layout::Plain, direction, version)
}

/// Compares two strings in natural order: runs of digits by their numeric value (`2` before
/// `10`), everything else byte by byte.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.is_empty(), b.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let (da, db) = (leading_digits(a), leading_digits(b));
        if !da.is_empty() && !db.is_empty() {
            let (ta, tb) = (da.trim_start_matches('0'), db.trim_start_matches('0'));
            let ord = ta
                .len()
                .cmp(&tb.len())
                .then_with(|| ta.cmp(tb))
                .then_with(|| da.len().cmp(&db.len()));
            if ord != Ordering::Equal {
                return ord;
            }
            a = &a[da.len()..];
            b = &b[db.len()..];
            continue;
        }
        let (ca, cb) = (a.chars().next(), b.chars().next());
        match ca.cmp(&cb) {
            Ordering::Equal => {
                let n = ca.map_or(0, char::len_utf8);
                a = &a[n..];
                b = &b[n..];
            }
            other => return other,
        }
    }
}

/// Compares dotted versions numerically (`1.2` < `1.10`).
fn version_cmp(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<String> { s.split('.').map(str::to_string).collect() };
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let ord = natural_cmp(x, y);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    pa.len().cmp(&pb.len())
}

/// The changes listed in a `sqitch.plan`, in order (`change_name [deps] date planner <email> # note`).
/// The plan is read as any checked file is ([`Fence`](crate::source::confine::Fence)): a plan
/// that is a link out of the repository is not read.
fn sqitch_plan(root: &Path) -> Vec<String> {
    let plan = root.join("sqitch.plan");
    let limit = crate::source::Limits::default().max_file_bytes;
    let Ok(bytes) = crate::source::confine::Fence::around(root).read(&plan, limit) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('%') && !l.starts_with('#'))
        .filter(|l| !l.starts_with('@'))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// Orders the files of one migration set as their tools apply them. Flyway versioned files come
/// before repeatables; sqitch follows `sqitch.plan` (files it does not list come after, in
/// natural order); everything else is in natural order of the version, then the path.
pub fn order(files: &[PathBuf]) -> Vec<MigrationFile> {
    let mut out: Vec<MigrationFile> = files.iter().map(|p| classify(p)).collect();
    let variants: std::collections::BTreeSet<(PathBuf, String)> = files
        .iter()
        .filter_map(|p| {
            let (neutral, had) = without_postgres(p);
            had.then(|| {
                (
                    p.parent().map(Path::to_path_buf).unwrap_or_default(),
                    neutral,
                )
            })
        })
        .collect();
    for m in &mut out {
        let key = (
            m.path.parent().map(Path::to_path_buf).unwrap_or_default(),
            file_name(&m.path).to_string(),
        );
        if m.direction == Direction::Up && variants.contains(&key) {
            m.direction = Direction::Superseded;
        }
    }
    let plan_position = |m: &MigrationFile| -> Option<usize> {
        if m.layout != Layout::Sqitch {
            return None;
        }
        let root = m.path.parent()?.parent()?;
        let stem = file_name(&m.path).strip_suffix(".sql")?;
        sqitch_plan(root).iter().position(|c| c == stem)
    };
    let key = |m: &MigrationFile| {
        let repeatable = m.layout == Layout::Flyway && m.version.is_empty();
        (repeatable, plan_position(m))
    };
    out.sort_by(|a, b| {
        let (ra, pa) = key(a);
        let (rb, pb) = key(b);
        ra.cmp(&rb)
            .then_with(|| match (pa, pb) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then_with(|| version_cmp(&a.version, &b.version))
            .then_with(|| natural_cmp(&a.path.to_string_lossy(), &b.path.to_string_lossy()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(files: &[&str]) -> Vec<String> {
        let paths: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        order(&paths)
            .into_iter()
            .map(|m| m.path.display().to_string())
            .collect()
    }

    #[test]
    fn natural_order_is_numeric() {
        assert_eq!(natural_cmp("2_x.sql", "10_x.sql"), Ordering::Less);
        assert_eq!(natural_cmp("010_x", "10_x"), Ordering::Greater);
        assert_eq!(natural_cmp("a10", "a9"), Ordering::Greater);
        assert_eq!(
            names(&["m/10_b.sql", "m/9_a.sql", "m/100_c.sql"]),
            ["m/9_a.sql", "m/10_b.sql", "m/100_c.sql"]
        );
    }

    #[test]
    fn flyway_versions_then_repeatables() {
        assert_eq!(
            names(&[
                "db/R__views.sql",
                "db/V1.10__c.sql",
                "db/V1.2__b.sql",
                "db/V1__a.sql",
                "db/V2_1__d.sql",
                "db/U2_1__d.sql",
            ]),
            [
                "db/V1__a.sql",
                "db/V1.2__b.sql",
                "db/V1.10__c.sql",
                "db/U2_1__d.sql",
                "db/V2_1__d.sql",
                "db/R__views.sql"
            ]
        );
        let undo = classify(Path::new("db/U2_1__d.sql"));
        assert_eq!(
            (undo.layout, undo.direction),
            (Layout::Flyway, Direction::Down)
        );
        assert_eq!(classify(Path::new("db/V2_1__d.sql")).version, "2.1");
    }

    #[test]
    fn golang_migrate_down_files_are_not_forward() {
        let other = classify(Path::new("m/20200101_x.mysql.up.sql"));
        assert_eq!(other.direction, Direction::OtherDatabase);
        assert_eq!(
            other_database(Path::new("m/1_x.cockroach.autocommit.up.sql")),
            Some("cockroach")
        );
        assert_eq!(other_database(Path::new("m/1_x.postgres.up.sql")), None);
        let pg = classify(Path::new("m/1_x.postgres.up.sql"));
        assert_eq!(
            (pg.layout, pg.direction),
            (Layout::GolangMigrate, Direction::Up)
        );
        let up = classify(Path::new("m/000012_users.up.sql"));
        let down = classify(Path::new("m/000012_users.down.sql"));
        assert_eq!(
            (up.layout, up.direction),
            (Layout::GolangMigrate, Direction::Up)
        );
        assert_eq!(down.direction, Direction::Down);
        assert_eq!(up.version, "000012");
        assert_eq!(
            names(&["m/10_b.up.sql", "m/9_a.down.sql", "m/9_a.up.sql"]),
            ["m/9_a.down.sql", "m/9_a.up.sql", "m/10_b.up.sql"]
        );
    }

    #[test]
    fn postgres_variants_supersede_neutral_files() {
        let files: Vec<PathBuf> = [
            "m/2_b.up.sql",
            "m/1_a.postgres.up.sql",
            "m/1_a.up.sql",
            "m/1_a.mysql.up.sql",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let got: Vec<(String, Direction)> = order(&files)
            .into_iter()
            .map(|m| (m.path.display().to_string(), m.direction))
            .collect();
        assert_eq!(
            got,
            vec![
                ("m/1_a.mysql.up.sql".to_string(), Direction::OtherDatabase),
                ("m/1_a.postgres.up.sql".to_string(), Direction::Up),
                ("m/1_a.up.sql".to_string(), Direction::Superseded),
                ("m/2_b.up.sql".to_string(), Direction::Up),
            ]
        );
    }

    #[test]
    fn prisma_and_sqitch() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(
            root.join("sqitch.plan"),
            "%syntax-version=1.0.0\n%project=x\n\nusers 2024-01-01T00:00:00Z A <a@b> # first\nappschema 2024-01-02T00:00:00Z A <a@b>\n@v1 2024-01-03T00:00:00Z A <a@b>\n",
        )
        .unwrap();
        let deploy = root.join("deploy");
        let files = vec![deploy.join("appschema.sql"), deploy.join("users.sql")];
        let ordered: Vec<PathBuf> = order(&files).into_iter().map(|m| m.path).collect();
        assert_eq!(
            ordered,
            vec![deploy.join("users.sql"), deploy.join("appschema.sql")]
        );
        let revert = classify(&root.join("revert").join("users.sql"));
        assert_eq!(
            (revert.layout, revert.direction),
            (Layout::Sqitch, Direction::Down)
        );

        let p = classify(Path::new("prisma/migrations/20240102_add/migration.sql"));
        assert_eq!((p.layout, p.version.as_str()), (Layout::Prisma, "20240102"));
        assert_eq!(
            names(&[
                "m/10_b/migration.sql",
                "m/9_a/migration.sql",
                "m/100_c/migration.sql"
            ]),
            [
                "m/9_a/migration.sql",
                "m/10_b/migration.sql",
                "m/100_c/migration.sql"
            ]
        );
    }
}
