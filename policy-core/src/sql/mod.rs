//! SQL migrations: layouts and ordering ([`layout`]), and each forward migration file turned into
//! one `SqlMigration` document whose `spec.statements` is the operation model of
//! `rules/migrations/MODEL.md` ([`model`]).
//!
//! Statements are parsed with PostgreSQL's own grammar (libpg_query, through the `pg_query`
//! crate), so anything PostgreSQL accepts parses — `$$` bodies, `DO` blocks, triggers,
//! extensions — and a statement it rejects is an error at its file, line and column.

pub mod layout;
pub mod model;

use std::sync::Arc;

use crate::document::Document;
use crate::source::{Limits, LoadError, Node, NodeValue, SourceFile, Span};
use layout::{Direction, Layout, MigrationFile};

/// Facts about a migration file that come from outside its text.
#[derive(Debug, Clone, Default)]
pub struct MigrationContext {
    /// 0-based position of the file in its migration set.
    pub order: usize,
    /// Whether the file is new in the change under review (true without `--base`).
    pub new: bool,
    /// Whether the file existed at the base and was changed since.
    pub edited: bool,
}

/// The byte range of the forward part of a file, and of its down part, when the file marks
/// them (dbmate's `-- migrate:up` / `-- migrate:down`, goose's `-- +goose Up` / `Down`).
struct Sections {
    layout: Option<Layout>,
    up: Span,
    down: Option<Span>,
}

fn sections(text: &str) -> Sections {
    let mut layout = None;
    let (mut up, mut down) = (None::<usize>, None::<usize>);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let lower = t.to_ascii_lowercase();
        let next = offset + line.len();
        if lower.starts_with("-- migrate:up") {
            layout = Some(Layout::Dbmate);
            up.get_or_insert(next);
        } else if lower.starts_with("-- migrate:down") {
            layout = Some(Layout::Dbmate);
            down.get_or_insert(offset);
        } else if lower.starts_with("-- +goose up") {
            layout = Some(Layout::Goose);
            up.get_or_insert(next);
        } else if lower.starts_with("-- +goose down") {
            layout = Some(Layout::Goose);
            down.get_or_insert(offset);
        }
        offset = next;
    }
    match (up, down) {
        (Some(u), Some(d)) if d >= u => Sections {
            layout,
            up: Span::new(u, d),
            down: Some(Span::new(d, text.len())),
        },
        // `down` first: the up part follows it.
        (Some(u), Some(d)) => Sections {
            layout,
            up: Span::new(u, text.len()),
            down: Some(Span::new(d, u)),
        },
        (Some(u), None) => Sections {
            layout,
            up: Span::new(u, text.len()),
            down: None,
        },
        (None, Some(d)) => Sections {
            layout,
            up: Span::new(0, d),
            down: Some(Span::new(d, text.len())),
        },
        (None, None) => Sections {
            layout: None,
            up: Span::new(0, text.len()),
            down: None,
        },
    }
}

/// Skips whitespace and comments from `start`; returns the offset of the first token.
fn skip_trivia(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => i += 1,
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < end && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Block comments nest in PostgreSQL.
                let mut depth = 0usize;
                while i < end {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        depth = depth.saturating_sub(1);
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            _ => break,
        }
    }
    i.min(end)
}

/// Parses `range` of the file's text: the statements with their spans in the file, or the
/// error at its position.
fn parse_range(
    file: &SourceFile,
    range: Span,
) -> Result<Vec<(pg_query::NodeEnum, Span)>, LoadError> {
    let text = file.text();
    let part = text.get(range.start..range.end).unwrap_or("");
    if let Some(nul) = part.find('\0') {
        return Err(LoadError::at(
            file,
            range.start + nul,
            "SQL text contains a NUL byte",
        ));
    }
    let parsed = match pg_query::parse(part, pg_query::ParserOptions::DEFAULT) {
        Ok(p) => p,
        Err(e) => {
            let mut err = locate_error(file, range, &pg_message(&e));
            if part.contains("{{") {
                err.message.push_str(
                    " (the file holds `{{ … }}` template placeholders: Tollgate checks SQL as \
                     PostgreSQL runs it, so render the template first)",
                );
            }
            return Err(err);
        }
    };
    let mut out = Vec::new();
    for raw in parsed.protobuf.stmts {
        let Some(node) = raw.stmt.and_then(|s| s.node) else {
            continue;
        };
        let start = range.start + usize::try_from(raw.stmt_location).unwrap_or(0);
        let end = match usize::try_from(raw.stmt_len) {
            Ok(0) | Err(_) => range.end,
            Ok(n) => (start + n).min(range.end),
        };
        let first = skip_trivia(text, start, end);
        let trimmed_end = first.max(
            text.get(first..end)
                .map_or(end, |s| first + s.trim_end().len()),
        );
        out.push((node, Span::new(first, trimmed_end)));
    }
    Ok(out)
}

/// Where a parse error is: the first statement PostgreSQL rejects, and in it the first token
/// at which it fails (found by parsing ever longer token prefixes of that statement).
fn locate_error(file: &SourceFile, range: Span, message: &str) -> LoadError {
    let text = file.text();
    let part = text.get(range.start..range.end).unwrap_or("");
    let message = message.to_string();
    let Ok(stmts) = pg_query::split_with_scanner(part) else {
        // The scanner itself failed (an unterminated quote or comment): point at the fragment
        // the message names, else at the start of the part.
        let at = near_fragment(&message)
            .and_then(|f| part.find(f.as_str()))
            .unwrap_or(0);
        return LoadError::at(file, range.start + at, message);
    };
    for stmt in stmts {
        let offset = stmt.as_ptr() as usize - part.as_ptr() as usize;
        let Err(e) = pg_query::parse(stmt, pg_query::ParserOptions::DEFAULT) else {
            continue;
        };
        let stmt_message = pg_message(&e);
        let start = skip_trivia(part, offset, offset + stmt.len());
        let at = match pg_query::scan(stmt) {
            Ok(scan) => {
                let ends: Vec<usize> = scan
                    .tokens
                    .iter()
                    .filter_map(|t| usize::try_from(t.end).ok())
                    .collect();
                let starts: Vec<usize> = scan
                    .tokens
                    .iter()
                    .filter_map(|t| usize::try_from(t.start).ok())
                    .collect();
                // The smallest k such that the first k tokens fail other than "at end of input".
                let fails_at = |k: usize| -> bool {
                    let Some(&end) = ends.get(k.wrapping_sub(1)) else {
                        return false;
                    };
                    match pg_query::parse(
                        stmt.get(..end).unwrap_or(stmt),
                        pg_query::ParserOptions::DEFAULT,
                    ) {
                        Ok(_) => false,
                        Err(e) => !e.to_string().contains("at end of input"),
                    }
                };
                let (mut lo, mut hi) = (1usize, ends.len());
                if ends.is_empty() || !fails_at(hi) {
                    start
                } else {
                    while lo < hi {
                        let mid = lo + (hi - lo) / 2;
                        if fails_at(mid) {
                            hi = mid;
                        } else {
                            lo = mid + 1;
                        }
                    }
                    offset + starts.get(lo - 1).copied().unwrap_or(0)
                }
            }
            Err(_) => start,
        };
        return LoadError::at(file, range.start + at, stmt_message);
    }
    LoadError::at(
        file,
        range.start + skip_trivia(part, 0, part.len()),
        message,
    )
}

/// PostgreSQL's own message of a parse error (without pg_query's "Invalid statement: ").
fn pg_message(e: &pg_query::Error) -> String {
    match e {
        pg_query::Error::Parse(m) => m.clone(),
        other => other.to_string(),
    }
}

/// The `X` of `... at or near "X"`.
fn near_fragment(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("at or near \"")?;
    let end = rest.rfind('"')?;
    Some(rest[..end].to_string())
}

/// Reads one migration file: for a forward migration, its `SqlMigration` document; for a down,
/// undo, revert or verify script, `None` after checking that it parses. A statement PostgreSQL
/// cannot parse is an error at its file, line and column.
pub fn parse_migration(
    file: &Arc<SourceFile>,
    migration: &MigrationFile,
    context: &MigrationContext,
    _limits: &Limits,
) -> Result<Option<Document>, LoadError> {
    let text = file.text();
    if migration.direction == Direction::OtherDatabase {
        return Ok(None);
    }
    let sections = sections(text);
    if let Some(down) = sections.down {
        parse_range(file, down)?;
    }
    let statements = parse_range(file, sections.up)?;
    if migration.direction != Direction::Up {
        return Ok(None);
    }
    let layout = match (migration.layout, sections.layout) {
        (Layout::Plain | Layout::GolangMigrate, Some(l)) => l,
        (l, _) => l,
    };
    let mut builder = model::Builder::new(text);
    for (node, span) in &statements {
        builder.statement(&model::Statement {
            node,
            span: *span,
            base: sections.up.start,
        });
    }
    let whole = Span::new(0, 0);
    let ops = builder.finish();
    // `spec.positions`: for each kind of operation, its indices in `statements`.
    let mut positions: std::collections::BTreeMap<String, Vec<Node>> = Default::default();
    for (i, op) in ops.iter().enumerate() {
        if let Some(kind) = op.get("op").and_then(Node::as_str) {
            positions.entry(kind.to_string()).or_default().push(Node {
                span: op.span,
                value: NodeValue::Int(i64::try_from(i).unwrap_or(i64::MAX)),
            });
        }
    }
    let positions = model::map(
        positions
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str(),
                    Node {
                        span: whole,
                        value: NodeValue::Seq(v.clone()),
                    },
                )
            })
            .collect(),
        whole,
    );
    let name = file
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string();
    let s = |v: &str| Node {
        span: whole,
        value: NodeValue::String(v.to_string()),
    };
    let b = |v: bool| Node {
        span: whole,
        value: NodeValue::Bool(v),
    };
    let root = model::map(
        vec![
            ("apiVersion", s("tollgate.dev/v1")),
            ("kind", s("SqlMigration")),
            ("metadata", model::map(vec![("name", s(&name))], whole)),
            (
                "spec",
                model::map(
                    vec![
                        ("file", s(file.name())),
                        ("layout", s(layout.name())),
                        ("version", s(&migration.version)),
                        (
                            "order",
                            Node {
                                span: whole,
                                value: NodeValue::Int(
                                    i64::try_from(context.order).unwrap_or(i64::MAX),
                                ),
                            },
                        ),
                        ("new", b(context.new)),
                        ("edited", b(context.edited)),
                        (
                            "statements",
                            Node {
                                span: whole,
                                value: NodeValue::Seq(ops),
                            },
                        ),
                        ("positions", positions),
                    ],
                    whole,
                ),
            ),
        ],
        whole,
    );
    Ok(Some(Document::new(Arc::clone(file), root)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn doc(name: &str, sql: &str) -> Result<Option<Document>, LoadError> {
        let file = SourceFile::new(name, name, sql.to_string());
        let m = layout::classify(Path::new(name));
        parse_migration(
            &file,
            &m,
            &MigrationContext {
                new: true,
                ..Default::default()
            },
            &Limits::default(),
        )
    }

    fn ops(sql: &str) -> Vec<serde_json::Value> {
        let d = doc("V1__x.sql", sql).unwrap().unwrap();
        d.root.to_json()["spec"]["statements"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn alter_table_actions_become_operations() {
        let o = ops("SET lock_timeout = '2s';\nALTER TABLE public.users ADD COLUMN email text NOT NULL DEFAULT random()::text, DROP COLUMN name;\n");
        assert_eq!(o.len(), 3);
        assert_eq!(o[0]["op"], "set");
        assert_eq!(o[1]["op"], "add_column");
        assert_eq!(o[1]["table"], "users");
        assert_eq!(o[1]["schema"], "public");
        assert_eq!(o[1]["column"], "email");
        assert_eq!(o[1]["not_null"], true);
        assert_eq!(o[1]["volatile_default"], true);
        assert_eq!(o[1]["lock"], "ACCESS EXCLUSIVE");
        assert_eq!(o[1]["lock_timeout"], true);
        assert_eq!(o[2]["op"], "drop_column");
        assert_eq!(o[2]["column"], "name");
        assert_eq!(o[2]["index"], 1);
        let d = doc(
            "V1__x.sql",
            "ALTER TABLE t DROP COLUMN a;\nALTER TABLE t ADD COLUMN b int, DROP COLUMN c;\n",
        )
        .unwrap()
        .unwrap();
        let positions = &d.root.to_json()["spec"]["positions"];
        assert_eq!(positions["drop_column"], serde_json::json!([0, 2]));
        assert_eq!(positions["add_column"], serde_json::json!([1]));
    }

    #[test]
    fn spans_point_at_statement_and_column() {
        let sql = "-- add a column\nALTER TABLE users\n  ADD COLUMN email text;\n";
        let d = doc("V1__x.sql", sql).unwrap().unwrap();
        use crate::document::PathSeg;
        let p = |segs: &[&str]| -> Vec<PathSeg> {
            segs.iter()
                .map(|s| match s.parse::<usize>() {
                    Ok(i) => PathSeg::Index(i),
                    Err(_) => PathSeg::Key(s.to_string()),
                })
                .collect()
        };
        let st = d.locate(&p(&["spec", "statements", "0"]));
        assert_eq!(d.file.location(st.start).line, 2);
        assert!(d.file.slice(st).starts_with("ALTER TABLE users"));
        let col = d.locate(&p(&["spec", "statements", "0", "column"]));
        assert!(
            d.file.slice(col).starts_with("column: ") || d.file.slice(col).starts_with("email"),
            "{:?}",
            d.file.slice(col)
        );
        assert_eq!(d.file.location(col.start).line, 3);
    }

    #[test]
    fn transactions_tables_created_in_file_and_indexes() {
        let o = ops("BEGIN;\nCREATE TABLE t (id bigint PRIMARY KEY);\nCREATE INDEX CONCURRENTLY i ON t (id);\nCREATE INDEX j ON u (a);\nCOMMIT;\nDROP INDEX CONCURRENTLY IF EXISTS k;\n");
        let names: Vec<&str> = o.iter().map(|x| x["op"].as_str().unwrap_or("")).collect();
        assert_eq!(
            names,
            [
                "begin",
                "create_table",
                "create_index",
                "create_index",
                "commit",
                "drop_index"
            ]
        );
        assert_eq!(o[2]["in_transaction"], true);
        assert_eq!(o[2]["concurrently"], true);
        assert_eq!(o[2]["table_created_in_file"], true);
        assert_eq!(o[2]["lock"], serde_json::Value::Null);
        assert_eq!(o[3]["table_created_in_file"], false);
        assert_eq!(o[3]["lock"], "SHARE");
        assert_eq!(o[5]["in_transaction"], false);
        assert_eq!(o[5]["index_name"], "k");
    }

    #[test]
    fn bodies_do_blocks_and_comments_parse() {
        let o = ops("CREATE EXTENSION IF NOT EXISTS pgcrypto;\nCOMMENT ON TABLE t IS 'x; y';\nDO $$ BEGIN RAISE NOTICE 'a;b'; END $$;\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN NEW.x := 1; RETURN NEW; END $body$;\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\n");
        let names: Vec<&str> = o.iter().map(|x| x["op"].as_str().unwrap_or("")).collect();
        assert_eq!(
            names,
            [
                "create_extension",
                "comment",
                "do",
                "create_function",
                "create_trigger"
            ]
        );
    }

    #[test]
    fn syntax_errors_point_at_the_bad_token() {
        let sql = "CREATE TABLE a (id int);\n\nALTER TABLE users ADD COLUMN email text NOT NUL;\n";
        let e = doc("V1__x.sql", sql).unwrap_err();
        assert_eq!((e.line, e.column), (3, 45), "{e:?}");
        assert!(e.message.contains("syntax error"), "{}", e.message);
        let e = doc("V1__x.sql", "SELECT 1;\nSELECT 'unterminated;\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn down_sections_and_files_are_parsed_not_judged() {
        let dbmate = "-- migrate:up\nALTER TABLE t ADD COLUMN c int;\n\n-- migrate:down\nALTER TABLE t DROP COLUMN c;\n";
        let d = doc("20240101_x.sql", dbmate).unwrap().unwrap();
        let j = d.root.to_json();
        assert_eq!(j["spec"]["layout"], "dbmate");
        assert_eq!(j["spec"]["statements"].as_array().map(Vec::len), Some(1));
        assert!(doc("1_x.down.sql", "ALTER TABLE t DROP COLUMN c;")
            .unwrap()
            .is_none());
        let e = doc("1_x.down.sql", "ALTER TABLE t DROP COLUM c;").unwrap_err();
        assert_eq!(e.line, 1);
        let goose = "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE x (id int);\n-- +goose StatementEnd\n-- +goose Down\nDROP TABLE x;\n";
        let d = doc("00001_x.sql", goose).unwrap().unwrap();
        assert_eq!(d.root.to_json()["spec"]["layout"], "goose");
    }
}
