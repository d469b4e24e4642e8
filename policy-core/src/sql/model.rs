//! From PostgreSQL statements to the `SqlMigration` operation model (`rules/migrations/MODEL.md`).
//!
//! Statements are parsed by PostgreSQL's own grammar (libpg_query through `pg_query`); this
//! module reads its tree and writes the documented operations, each a spanned [`Node`] so that a
//! rule's `path` lands on the statement, the table or the column in the file.

use std::collections::BTreeSet;

use pg_query::protobuf::{
    self, a_const, AlterTableType, ConstrType, DropBehavior, ObjectType, TransactionStmtKind,
    VariableSetKind,
};
use pg_query::{NodeEnum, NodeRef};

use crate::source::{Entry, Node, NodeValue, Span};

/// A value of the model under construction: a [`Node`] whose spans all point into the file.
fn node(value: NodeValue, span: Span) -> Node {
    Node { span, value }
}

fn string(s: impl Into<String>, span: Span) -> Node {
    node(NodeValue::String(s.into()), span)
}

fn opt_string(s: Option<String>, span: Span) -> Node {
    match s {
        Some(s) => string(s, span),
        None => node(NodeValue::Null, span),
    }
}

fn boolean(b: bool, span: Span) -> Node {
    node(NodeValue::Bool(b), span)
}

fn int(i: usize, span: Span) -> Node {
    node(NodeValue::Int(i64::try_from(i).unwrap_or(i64::MAX)), span)
}

fn strings(items: &[String], span: Span) -> Node {
    node(
        NodeValue::Seq(items.iter().map(|s| string(s.clone(), span)).collect()),
        span,
    )
}

/// A mapping whose keys share their value's span.
pub(crate) fn map(fields: Vec<(&str, Node)>, span: Span) -> Node {
    node(
        NodeValue::Map(
            fields
                .into_iter()
                .map(|(k, v)| Entry {
                    key: k.to_string(),
                    key_span: v.span,
                    value: v,
                })
                .collect(),
        ),
        span,
    )
}

/// The strongest table lock PostgreSQL takes for an operation on an existing table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lock {
    /// `ROW EXCLUSIVE` (INSERT, UPDATE, DELETE).
    RowExclusive,
    /// `SHARE UPDATE EXCLUSIVE` (VALIDATE CONSTRAINT, CREATE INDEX CONCURRENTLY, …).
    ShareUpdateExclusive,
    /// `SHARE` (CREATE INDEX).
    Share,
    /// `SHARE ROW EXCLUSIVE` (ADD FOREIGN KEY, CREATE TRIGGER).
    ShareRowExclusive,
    /// `EXCLUSIVE` (REFRESH MATERIALIZED VIEW CONCURRENTLY).
    Exclusive,
    /// `ACCESS EXCLUSIVE` (most ALTER TABLE forms, DROP, TRUNCATE).
    AccessExclusive,
}

impl Lock {
    /// The lock's name as PostgreSQL's documentation writes it.
    pub fn name(self) -> &'static str {
        match self {
            Lock::RowExclusive => "ROW EXCLUSIVE",
            Lock::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            Lock::Share => "SHARE",
            Lock::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            Lock::Exclusive => "EXCLUSIVE",
            Lock::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }
}

/// Built-in functions known not to be volatile: a column default calling only these (or none)
/// is evaluated once when the column is added, without rewriting the table (PostgreSQL 11+).
const NON_VOLATILE_FUNCTIONS: &[&str] = &[
    "now",
    "transaction_timestamp",
    "statement_timestamp",
    "current_date",
    "current_time",
    "current_timestamp",
    "localtime",
    "localtimestamp",
    "current_user",
    "current_schema",
    "session_user",
    "lower",
    "upper",
    "btrim",
    "ltrim",
    "rtrim",
    "trim",
    "concat",
    "concat_ws",
    "length",
    "md5",
    "replace",
    "substring",
    "substr",
    "left",
    "right",
    "to_char",
    "to_date",
    "to_timestamp",
    "to_number",
    "to_json",
    "to_jsonb",
    "json_build_object",
    "jsonb_build_object",
    "json_build_array",
    "jsonb_build_array",
    "array_fill",
    "make_date",
    "make_time",
    "make_timestamp",
    "make_timestamptz",
    "make_interval",
    "date_trunc",
    "abs",
    "round",
    "floor",
    "ceil",
    "greatest",
    "least",
    "coalesce",
    "nullif",
    "timezone",
    "inet",
    "int4",
    "int8",
    "numeric",
    "text",
];

/// Facts gathered while walking a file's statements in order.
#[derive(Default)]
struct FileState {
    in_transaction: bool,
    lock_timeout: bool,
    created_tables: BTreeSet<String>,
}

/// One parsed statement, as handed to [`Builder::statement`].
pub(crate) struct Statement<'a> {
    /// The statement's tree.
    pub node: &'a NodeEnum,
    /// Where the statement's text starts and ends in the file (leading comments excluded).
    pub span: Span,
    /// Byte offset in the file of the text that was parsed (statement locations are relative
    /// to it).
    pub base: usize,
}

/// Builds the operations of one file.
pub(crate) struct Builder<'t> {
    /// The whole file's text.
    text: &'t str,
    state: FileState,
    ops: Vec<Node>,
    index: usize,
}

/// Fields an operation may carry beyond the common ones.
type Fields<'a> = Vec<(&'a str, Node)>;

impl<'t> Builder<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Builder {
            text,
            state: FileState::default(),
            ops: Vec::new(),
            index: 0,
        }
    }

    /// The operations, in file order.
    pub(crate) fn finish(self) -> Vec<Node> {
        self.ops
    }

    /// The span of the identifier written at `loc` (relative to `base`): a quoted name, or a
    /// run of name characters and dots; the statement's span when unknown.
    fn ident_span(&self, base: usize, loc: i32, fallback: Span) -> Span {
        let Ok(loc) = usize::try_from(loc) else {
            return fallback;
        };
        let start = base + loc;
        let Some(rest) = self.text.get(start..) else {
            return fallback;
        };
        let mut len = 0;
        let mut quoted = false;
        for (i, c) in rest.char_indices() {
            if c == '"' {
                quoted = !quoted;
            } else if !(quoted || c.is_alphanumeric() || c == '_' || c == '.' || c == '$') {
                break;
            }
            len = i + c.len_utf8();
        }
        if len == 0 {
            fallback
        } else {
            Span::new(start, start + len)
        }
    }

    /// The span of `name` written as a whole word inside `within` (case-insensitive, optionally
    /// quoted); `within` when it is not found.
    fn find_word(&self, name: &str, within: Span) -> Span {
        let Some(hay) = self.text.get(within.start..within.end) else {
            return within;
        };
        let lower = hay.to_ascii_lowercase();
        let needle = name.to_ascii_lowercase();
        if needle.is_empty() {
            return within;
        }
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let mut from = 0;
        while let Some(i) = lower.get(from..).and_then(|s| s.find(&needle)) {
            let at = from + i;
            let end = at + needle.len();
            let before = lower[..at].chars().next_back();
            let after = lower[end..].chars().next();
            if !is_word(before) && !is_word(after) {
                let (s, e) = if before == Some('"') && after == Some('"') {
                    (at - 1, end + 1)
                } else {
                    (at, end)
                };
                return Span::new(within.start + s, within.start + e);
            }
            from = end;
        }
        within
    }

    /// Appends one operation with the common fields.
    fn push(
        &mut self,
        op: &str,
        st: &Statement<'_>,
        table: Option<&protobuf::RangeVar>,
        lock: Option<Lock>,
        fields: Fields<'_>,
    ) {
        let span = st.span;
        let sql = self
            .text
            .get(span.start..span.end)
            .unwrap_or("")
            .to_string();
        let (schema, table_name, table_span) = match table {
            Some(rv) => (
                (!rv.schemaname.is_empty()).then(|| rv.schemaname.clone()),
                Some(rv.relname.clone()),
                self.ident_span(st.base, rv.location, span),
            ),
            None => (None, None, span),
        };
        let created = table_name
            .as_ref()
            .is_some_and(|t| self.state.created_tables.contains(&t.to_lowercase()));
        let lock = if created { None } else { lock };
        let long = long_identifiers(&sql);
        let mut all: Fields<'_> = vec![
            ("op", string(op, span)),
            ("index", int(self.index, span)),
            ("sql", string(sql, span)),
            ("in_transaction", boolean(self.state.in_transaction, span)),
            ("lock_timeout", boolean(self.state.lock_timeout, span)),
            ("lock", opt_string(lock.map(|l| l.name().to_string()), span)),
            ("schema", opt_string(schema, table_span)),
            ("table", opt_string(table_name, table_span)),
            ("table_created_in_file", boolean(created, span)),
            ("long_identifiers", strings(&long, span)),
        ];
        all.extend(fields);
        self.ops.push(map(all, span));
    }

    /// Adds the operations of one statement.
    pub(crate) fn statement(&mut self, st: &Statement<'_>) {
        let span = st.span;
        match st.node {
            NodeEnum::CreateStmt(c) => {
                let mut columns = Vec::new();
                for elt in &c.table_elts {
                    if let Some(NodeEnum::ColumnDef(col)) = &elt.node {
                        let facts = column_facts(col);
                        let cspan = self.ident_span(st.base, col.location, span);
                        columns.push(map(
                            vec![
                                ("column", string(col.colname.clone(), cspan)),
                                ("type", opt_string(facts.type_name.clone(), cspan)),
                                ("type_name", opt_string(base_type(&facts.type_name), cspan)),
                                ("not_null", boolean(facts.not_null, cspan)),
                                ("default", opt_string(facts.default.clone(), cspan)),
                            ],
                            cspan,
                        ));
                    }
                }
                let fields = vec![
                    ("columns", node(NodeValue::Seq(columns), span)),
                    ("if_not_exists", boolean(c.if_not_exists, span)),
                ];
                self.push("create_table", st, c.relation.as_ref(), None, fields);
                if let Some(rv) = &c.relation {
                    self.state.created_tables.insert(rv.relname.to_lowercase());
                }
            }
            NodeEnum::CreateTableAsStmt(c) => {
                let rel = c.into.as_ref().and_then(|i| i.rel.as_ref());
                self.push(
                    "create_table",
                    st,
                    rel,
                    None,
                    vec![
                        ("columns", node(NodeValue::Seq(Vec::new()), span)),
                        ("if_not_exists", boolean(c.if_not_exists, span)),
                    ],
                );
                if let Some(rv) = rel {
                    self.state.created_tables.insert(rv.relname.to_lowercase());
                }
            }
            NodeEnum::AlterTableStmt(a) => self.alter_table(st, a),
            NodeEnum::RenameStmt(r) => self.rename(st, r),
            NodeEnum::IndexStmt(i) => {
                let columns: Vec<String> = i
                    .index_params
                    .iter()
                    .filter_map(|p| match &p.node {
                        Some(NodeEnum::IndexElem(e)) if !e.name.is_empty() => Some(e.name.clone()),
                        Some(NodeEnum::IndexElem(e)) => e
                            .expr
                            .as_deref()
                            .and_then(|x| x.node.as_ref())
                            .and_then(expr_sql),
                        _ => None,
                    })
                    .collect();
                let lock = if i.concurrent {
                    Lock::ShareUpdateExclusive
                } else {
                    Lock::Share
                };
                let fields = vec![
                    ("index_name", opt_string(non_empty(&i.idxname), span)),
                    ("unique", boolean(i.unique, span)),
                    ("concurrently", boolean(i.concurrent, span)),
                    ("if_not_exists", boolean(i.if_not_exists, span)),
                    ("columns", strings(&columns, span)),
                ];
                self.push("create_index", st, i.relation.as_ref(), Some(lock), fields);
            }
            NodeEnum::DropStmt(d) => self.drop(st, d),
            NodeEnum::TruncateStmt(t) => {
                let cascade = t.behavior() == DropBehavior::DropCascade;
                for rel in &t.relations {
                    if let Some(NodeEnum::RangeVar(rv)) = &rel.node {
                        let fields = vec![("cascade", boolean(cascade, span))];
                        self.push(
                            "truncate",
                            st,
                            Some(rv),
                            Some(Lock::AccessExclusive),
                            fields,
                        );
                    }
                }
            }
            NodeEnum::ReindexStmt(r) => {
                let concurrently = r.params.iter().any(|p| {
                    matches!(&p.node, Some(NodeEnum::DefElem(d)) if d.defname == "concurrently")
                });
                let lock = if concurrently {
                    Lock::ShareUpdateExclusive
                } else {
                    Lock::Share
                };
                // REINDEX INDEX names an index (its table is not written); REINDEX TABLE a table.
                let is_index = r.kind() == protobuf::ReindexObjectType::ReindexObjectIndex;
                let index_name = if is_index {
                    r.relation.as_ref().map(|rv| rv.relname.clone())
                } else {
                    None
                };
                let table = if is_index { None } else { r.relation.as_ref() };
                let fields = vec![
                    ("concurrently", boolean(concurrently, span)),
                    ("index_name", opt_string(index_name, span)),
                ];
                self.push("reindex", st, table, Some(lock), fields);
            }
            NodeEnum::CreateTrigStmt(t) => {
                let fields = vec![("trigger", string(t.trigname.clone(), span))];
                let lock = Some(Lock::ShareRowExclusive);
                self.push("create_trigger", st, t.relation.as_ref(), lock, fields);
            }
            NodeEnum::TransactionStmt(t) => match t.kind() {
                TransactionStmtKind::TransStmtBegin | TransactionStmtKind::TransStmtStart => {
                    self.push("begin", st, None, None, Vec::new());
                    self.state.in_transaction = true;
                }
                TransactionStmtKind::TransStmtCommit | TransactionStmtKind::TransStmtRollback => {
                    let op = if t.kind() == TransactionStmtKind::TransStmtCommit {
                        "commit"
                    } else {
                        "rollback"
                    };
                    self.push(op, st, None, None, Vec::new());
                    self.state.in_transaction = false;
                    // SET LOCAL ends with the transaction.
                }
                TransactionStmtKind::TransStmtSavepoint => {
                    self.push("savepoint", st, None, None, Vec::new());
                }
                TransactionStmtKind::TransStmtRelease => {
                    self.push("release_savepoint", st, None, None, Vec::new());
                }
                TransactionStmtKind::TransStmtRollbackTo => {
                    self.push("rollback_to_savepoint", st, None, None, Vec::new());
                }
                other => {
                    let fields = vec![("statement", string(other.as_str_name(), span))];
                    self.push("other", st, None, None, fields);
                }
            },
            NodeEnum::VariableSetStmt(v) => {
                let value = match v.kind() {
                    VariableSetKind::VarSetValue => {
                        let vals: Vec<String> = v
                            .args
                            .iter()
                            .filter_map(|a| a.node.as_ref())
                            .filter_map(const_text)
                            .collect();
                        Some(vals.join(", "))
                    }
                    _ => None,
                };
                let name = v.name.to_lowercase();
                if name == "lock_timeout" {
                    self.state.lock_timeout = value
                        .as_deref()
                        .is_some_and(|x| !matches!(x.trim(), "0" | "" | "0ms" | "0s"));
                }
                let fields = vec![
                    ("name", string(name, span)),
                    ("value", opt_string(value, span)),
                    ("local", boolean(v.is_local, span)),
                ];
                self.push("set", st, None, None, fields);
            }
            NodeEnum::DropdbStmt(d) => {
                let fields = vec![("database", string(d.dbname.clone(), span))];
                self.push("drop_database", st, None, None, fields);
            }
            NodeEnum::CreateDomainStmt(d) => {
                let kinds: Vec<String> = d
                    .constraints
                    .iter()
                    .filter_map(|c| match &c.node {
                        Some(NodeEnum::Constraint(c)) => constraint_kind(c.contype()),
                        _ => None,
                    })
                    .map(str::to_string)
                    .collect();
                let fields = vec![
                    ("type_name", string(qualified(&d.domainname), span)),
                    ("constraints", strings(&kinds, span)),
                ];
                self.push("create_domain", st, None, None, fields);
            }
            NodeEnum::AlterDomainStmt(d) => {
                let fields = vec![
                    ("type_name", string(qualified(&d.type_name), span)),
                    ("add_constraint", boolean(d.subtype == "C", span)),
                ];
                self.push("alter_domain", st, None, None, fields);
            }
            NodeEnum::AlterEnumStmt(e) => {
                let action = if e.old_val.is_empty() {
                    "add_value"
                } else {
                    "rename_value"
                };
                let fields = vec![
                    ("type_name", string(qualified(&e.type_name), span)),
                    ("action", string(action, span)),
                ];
                self.push("alter_enum", st, None, None, fields);
            }
            NodeEnum::CreateExtensionStmt(_) => {
                self.push("create_extension", st, None, None, vec![])
            }
            NodeEnum::CommentStmt(_) => self.push("comment", st, None, None, vec![]),
            NodeEnum::DoStmt(_) => self.push("do", st, None, None, vec![]),
            NodeEnum::CreateFunctionStmt(f) => {
                let fields = vec![
                    ("name", string(qualified(&f.funcname), span)),
                    ("replace", boolean(f.replace, span)),
                ];
                self.push("create_function", st, None, None, fields);
            }
            NodeEnum::ViewStmt(v) => {
                let name = v.view.as_ref().map(|rv| rv.relname.clone());
                let fields = vec![("name", opt_string(name, span))];
                self.push("create_view", st, v.view.as_ref(), None, fields);
            }
            NodeEnum::InsertStmt(i) => {
                let lock = Some(Lock::RowExclusive);
                self.push("insert", st, i.relation.as_ref(), lock, vec![]);
            }
            NodeEnum::UpdateStmt(u) => {
                let lock = Some(Lock::RowExclusive);
                self.push("update", st, u.relation.as_ref(), lock, vec![]);
            }
            NodeEnum::DeleteStmt(d) => {
                let lock = Some(Lock::RowExclusive);
                self.push("delete", st, d.relation.as_ref(), lock, vec![]);
            }
            NodeEnum::SelectStmt(_) => self.push("select", st, None, None, vec![]),
            other => {
                let name = format!("{:?}", other.to_ref())
                    .split('(')
                    .next()
                    .unwrap_or("")
                    .to_string();
                let fields = vec![("statement", string(name, span))];
                self.push("other", st, None, None, fields);
            }
        }
        self.index += 1;
    }

    fn alter_table(&mut self, st: &Statement<'_>, a: &protobuf::AlterTableStmt) {
        let span = st.span;
        let rel = a.relation.as_ref();
        // Column names are searched after the table name.
        let after_table = rel
            .map(|rv| self.ident_span(st.base, rv.location, span))
            .map_or(span, |t| Span::new(t.end, span.end));
        for cmd in &a.cmds {
            let Some(NodeEnum::AlterTableCmd(cmd)) = &cmd.node else {
                continue;
            };
            let col_span = |b: &Self| b.find_word(&cmd.name, after_table);
            let column = |b: &Self| string(cmd.name.clone(), col_span(b));
            let ae = Some(Lock::AccessExclusive);
            match cmd.subtype() {
                AlterTableType::AtAddColumn => {
                    let Some(NodeEnum::ColumnDef(col)) =
                        cmd.def.as_deref().and_then(|d| d.node.as_ref())
                    else {
                        continue;
                    };
                    let f = column_facts(col);
                    let cspan = self.ident_span(st.base, col.location, span);
                    let fields = vec![
                        ("column", string(col.colname.clone(), cspan)),
                        ("type_name", opt_string(base_type(&f.type_name), cspan)),
                        ("type", opt_string(f.type_name, cspan)),
                        ("not_null", boolean(f.not_null, cspan)),
                        ("default", opt_string(f.default, cspan)),
                        ("volatile_default", boolean(f.volatile_default, cspan)),
                        ("generated", opt_string(f.generated, cspan)),
                        ("constraints", strings(&f.constraints, cspan)),
                        ("if_not_exists", boolean(cmd.missing_ok, span)),
                    ];
                    self.push("add_column", st, rel, ae, fields);
                }
                AlterTableType::AtDropColumn => {
                    let fields = vec![
                        ("column", column(self)),
                        ("if_exists", boolean(cmd.missing_ok, span)),
                        (
                            "cascade",
                            boolean(cmd.behavior() == DropBehavior::DropCascade, span),
                        ),
                    ];
                    self.push("drop_column", st, rel, ae, fields);
                }
                AlterTableType::AtAlterColumnType => {
                    let (type_name, using) = match cmd.def.as_deref().and_then(|d| d.node.as_ref())
                    {
                        Some(NodeEnum::ColumnDef(col)) => (
                            col.type_name.as_ref().map(type_text),
                            col.raw_default
                                .as_deref()
                                .and_then(|d| d.node.as_ref())
                                .and_then(expr_sql),
                        ),
                        _ => (None, None),
                    };
                    let fields = vec![
                        ("column", column(self)),
                        ("type_name", opt_string(base_type(&type_name), span)),
                        ("type", opt_string(type_name, span)),
                        ("using", opt_string(using, span)),
                    ];
                    self.push("alter_column_type", st, rel, ae, fields);
                }
                AlterTableType::AtSetNotNull => {
                    self.push("set_not_null", st, rel, ae, vec![("column", column(self))]);
                }
                AlterTableType::AtDropNotNull => {
                    self.push("drop_not_null", st, rel, ae, vec![("column", column(self))]);
                }
                AlterTableType::AtColumnDefault => {
                    let expr = cmd.def.as_deref().and_then(|d| d.node.as_ref());
                    match expr {
                        Some(e) => {
                            let fields = vec![
                                ("column", column(self)),
                                ("default", opt_string(expr_sql(e), span)),
                                ("volatile_default", boolean(is_volatile(e), span)),
                            ];
                            self.push("set_default", st, rel, ae, fields);
                        }
                        None => {
                            self.push("drop_default", st, rel, ae, vec![("column", column(self))]);
                        }
                    }
                }
                AlterTableType::AtAddConstraint => {
                    let Some(NodeEnum::Constraint(c)) =
                        cmd.def.as_deref().and_then(|d| d.node.as_ref())
                    else {
                        continue;
                    };
                    let kind = constraint_kind(c.contype()).unwrap_or("other");
                    let lock = if kind == "foreign_key" {
                        Lock::ShareRowExclusive
                    } else {
                        Lock::AccessExclusive
                    };
                    let keys: Vec<String> = c
                        .keys
                        .iter()
                        .chain(&c.fk_attrs)
                        .filter_map(|k| match &k.node {
                            Some(NodeEnum::String(s)) => Some(s.sval.clone()),
                            _ => None,
                        })
                        .collect();
                    let cspan = self.ident_span(st.base, c.location, span);
                    let cspan = Span::new(cspan.start, span.end);
                    let check = c
                        .raw_expr
                        .as_deref()
                        .and_then(|e| e.node.as_ref())
                        .and_then(expr_sql);
                    let fields = vec![
                        ("constraint", opt_string(non_empty(&c.conname), cspan)),
                        ("constraint_type", string(kind, cspan)),
                        ("not_valid", boolean(c.skip_validation, cspan)),
                        ("using_index", opt_string(non_empty(&c.indexname), cspan)),
                        ("columns", strings(&keys, cspan)),
                        ("check", opt_string(check, cspan)),
                        (
                            "references",
                            opt_string(c.pktable.as_ref().map(|t| t.relname.clone()), cspan),
                        ),
                    ];
                    self.push("add_constraint", st, rel, Some(lock), fields);
                }
                AlterTableType::AtValidateConstraint => {
                    let fields = vec![("constraint", column(self))];
                    let lock = Some(Lock::ShareUpdateExclusive);
                    self.push("validate_constraint", st, rel, lock, fields);
                }
                AlterTableType::AtDropConstraint => {
                    let fields = vec![
                        ("constraint", column(self)),
                        ("if_exists", boolean(cmd.missing_ok, span)),
                    ];
                    self.push("drop_constraint", st, rel, ae, fields);
                }
                other => {
                    let lock = alter_table_lock(other);
                    let fields = vec![("action", string(other.as_str_name(), span))];
                    self.push("alter_table_other", st, rel, Some(lock), fields);
                }
            }
        }
    }

    fn rename(&mut self, st: &Statement<'_>, r: &protobuf::RenameStmt) {
        let span = st.span;
        let ae = Some(Lock::AccessExclusive);
        match r.rename_type() {
            ObjectType::ObjectTable => {
                let new_span = self.find_word(&r.newname, span);
                let fields = vec![("new_name", string(r.newname.clone(), new_span))];
                self.push("rename_table", st, r.relation.as_ref(), ae, fields);
            }
            ObjectType::ObjectColumn => {
                let after_table = r
                    .relation
                    .as_ref()
                    .map(|rv| self.ident_span(st.base, rv.location, span))
                    .map_or(span, |t| Span::new(t.end, span.end));
                let col = self.find_word(&r.subname, after_table);
                let new_span = self.find_word(&r.newname, Span::new(col.end, span.end));
                let fields = vec![
                    ("column", string(r.subname.clone(), col)),
                    ("new_name", string(r.newname.clone(), new_span)),
                ];
                self.push("rename_column", st, r.relation.as_ref(), ae, fields);
            }
            other => {
                // Renames of other objects the running release may name: views, functions,
                // types, sequences, schemas, indexes, constraints, enum values, …
                let kind = other
                    .as_str_name()
                    .trim_start_matches("OBJECT_")
                    .to_ascii_lowercase();
                let name = match (&r.relation, r.object.as_deref()) {
                    (Some(rv), _) => rv.relname.clone(),
                    (None, Some(obj)) => object_name(obj),
                    (None, None) => r.subname.clone(),
                };
                let new_span = self.find_word(&r.newname, span);
                let fields = vec![
                    ("object_kind", string(kind, span)),
                    ("name", string(name, span)),
                    ("subname", opt_string(non_empty(&r.subname), span)),
                    ("new_name", string(r.newname.clone(), new_span)),
                ];
                self.push("rename_object", st, r.relation.as_ref(), None, fields);
            }
        }
    }

    fn drop(&mut self, st: &Statement<'_>, d: &protobuf::DropStmt) {
        let span = st.span;
        let cascade = d.behavior() == DropBehavior::DropCascade;
        match d.remove_type() {
            ObjectType::ObjectTable => {
                for obj in &d.objects {
                    let names = name_list(obj);
                    let rv = range_var(&names);
                    let word = names.last().cloned().unwrap_or_default();
                    let mut rv = rv;
                    let at = self.find_word(&word, span);
                    rv.location = i32::try_from(at.start.saturating_sub(st.base)).unwrap_or(-1);
                    let fields = vec![
                        ("if_exists", boolean(d.missing_ok, span)),
                        ("cascade", boolean(cascade, span)),
                    ];
                    self.push(
                        "drop_table",
                        st,
                        Some(&rv),
                        Some(Lock::AccessExclusive),
                        fields,
                    );
                }
            }
            ObjectType::ObjectIndex => {
                for obj in &d.objects {
                    let names = name_list(obj);
                    let index = names.last().cloned().unwrap_or_default();
                    let at = self.find_word(&index, span);
                    let lock = if d.concurrent {
                        Lock::ShareUpdateExclusive
                    } else {
                        Lock::AccessExclusive
                    };
                    let fields = vec![
                        ("index_name", string(index, at)),
                        ("concurrently", boolean(d.concurrent, span)),
                        ("if_exists", boolean(d.missing_ok, span)),
                    ];
                    self.push("drop_index", st, None, Some(lock), fields);
                }
            }
            other => {
                let op = match other {
                    ObjectType::ObjectView => "drop_view",
                    ObjectType::ObjectMatview => "drop_materialized_view",
                    ObjectType::ObjectFunction
                    | ObjectType::ObjectProcedure
                    | ObjectType::ObjectRoutine => "drop_function",
                    ObjectType::ObjectType | ObjectType::ObjectDomain => "drop_type",
                    ObjectType::ObjectExtension => "drop_extension",
                    ObjectType::ObjectSequence => "drop_sequence",
                    ObjectType::ObjectSchema => "drop_schema",
                    ObjectType::ObjectTrigger => "drop_trigger",
                    _ => "",
                };
                if op.is_empty() {
                    let fields = vec![
                        (
                            "statement",
                            string(format!("DropStmt({})", other.as_str_name()), span),
                        ),
                        ("if_exists", boolean(d.missing_ok, span)),
                        ("cascade", boolean(cascade, span)),
                    ];
                    self.push("other", st, None, None, fields);
                    return;
                }
                // One operation per object dropped.
                for obj in &d.objects {
                    let name = object_name(obj);
                    let at = self.find_word(name.rsplit('.').next().unwrap_or(&name), span);
                    let fields = vec![
                        ("name", string(name, at)),
                        ("if_exists", boolean(d.missing_ok, span)),
                        ("cascade", boolean(cascade, span)),
                    ];
                    self.push(op, st, None, None, fields);
                }
            }
        }
    }
}

/// Identifiers written longer than PostgreSQL's 63 bytes (it truncates them while parsing, so
/// the tree only holds the truncated name): read from the statement's tokens.
fn long_identifiers(sql: &str) -> Vec<String> {
    // Cheap pre-check: a run of more than 63 identifier bytes somewhere.
    let mut run = 0usize;
    let mut any = false;
    for b in sql.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80 {
            run += 1;
            if run > 63 {
                any = true;
                break;
            }
        } else {
            run = 0;
        }
    }
    // Or a quoted name that long (the text between quotes; `""` escapes split it, which only
    // shortens the pieces seen here, so an escaped long name is caught by its longest piece
    // at worst later than needed — the scan below decides).
    let quoted_long = sql.split('"').skip(1).step_by(2).any(|q| q.len() > 63);
    if !any && !quoted_long {
        return Vec::new();
    }
    let Ok(tokens) = pg_query::scan_tokens(sql) else {
        return Vec::new();
    };
    tokens
        .iter()
        .filter(|t| t.token == protobuf::Token::Ident as i32)
        .filter_map(|t| sql.get(usize::try_from(t.start).ok()?..usize::try_from(t.end).ok()?))
        .map(|text| text.trim_matches('"').replace("\"\"", "\""))
        .filter(|name| name.len() > 63)
        .collect()
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// The dotted name of a list of `String` nodes (`public.users`).
fn qualified(names: &[protobuf::Node]) -> String {
    names
        .iter()
        .filter_map(|n| match &n.node {
            Some(NodeEnum::String(s)) => Some(s.sval.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The dotted name of a dropped object, whatever node names it (a list of strings, a string, a
/// function with its arguments, a type name).
fn object_name(obj: &protobuf::Node) -> String {
    match &obj.node {
        Some(NodeEnum::ObjectWithArgs(o)) => qualified(&o.objname),
        Some(NodeEnum::TypeName(t)) => qualified(&t.names),
        _ => name_list(obj).join("."),
    }
}

/// The names of a dropped object (`List` of `String`, or a bare `String`).
fn name_list(obj: &protobuf::Node) -> Vec<String> {
    match &obj.node {
        Some(NodeEnum::List(l)) => l
            .items
            .iter()
            .filter_map(|n| match &n.node {
                Some(NodeEnum::String(s)) => Some(s.sval.clone()),
                _ => None,
            })
            .collect(),
        Some(NodeEnum::String(s)) => vec![s.sval.clone()],
        _ => Vec::new(),
    }
}

fn range_var(names: &[String]) -> protobuf::RangeVar {
    let (schema, rel) = match names {
        [.., s, r] => (s.clone(), r.clone()),
        [r] => (String::new(), r.clone()),
        [] => (String::new(), String::new()),
    };
    protobuf::RangeVar {
        schemaname: schema,
        relname: rel,
        inh: true,
        location: -1,
        ..Default::default()
    }
}

/// The constraint kind names of the model.
fn constraint_kind(t: ConstrType) -> Option<&'static str> {
    Some(match t {
        ConstrType::ConstrPrimary => "primary_key",
        ConstrType::ConstrUnique => "unique",
        ConstrType::ConstrForeign => "foreign_key",
        ConstrType::ConstrCheck => "check",
        ConstrType::ConstrExclusion => "exclusion",
        ConstrType::ConstrNotnull => "not_null",
        _ => return None,
    })
}

/// The lock of an ALTER TABLE action the model does not name (PostgreSQL's ALTER TABLE
/// documentation, "lock level" per subform).
fn alter_table_lock(t: AlterTableType) -> Lock {
    use AlterTableType as A;
    match t {
        A::AtSetStatistics
        | A::AtClusterOn
        | A::AtDropCluster
        | A::AtSetRelOptions
        | A::AtResetRelOptions
        | A::AtReplaceRelOptions
        | A::AtAttachPartition
        | A::AtDetachPartitionFinalize => Lock::ShareUpdateExclusive,
        A::AtEnableTrig
        | A::AtEnableAlwaysTrig
        | A::AtEnableReplicaTrig
        | A::AtDisableTrig
        | A::AtEnableTrigAll
        | A::AtDisableTrigAll
        | A::AtEnableTrigUser
        | A::AtDisableTrigUser => Lock::ShareRowExclusive,
        _ => Lock::AccessExclusive,
    }
}

/// What a column definition says.
struct ColumnFacts {
    type_name: Option<String>,
    not_null: bool,
    default: Option<String>,
    volatile_default: bool,
    generated: Option<String>,
    constraints: Vec<String>,
}

fn column_facts(col: &protobuf::ColumnDef) -> ColumnFacts {
    let type_name = col.type_name.as_ref().map(type_text);
    let serial = type_name.as_deref().is_some_and(|t| {
        matches!(
            t,
            "serial" | "serial4" | "bigserial" | "serial8" | "smallserial" | "serial2"
        )
    });
    let mut facts = ColumnFacts {
        type_name,
        not_null: col.is_not_null || serial,
        default: None,
        volatile_default: false,
        generated: None,
        constraints: Vec::new(),
    };
    if let Some(d) = col.raw_default.as_deref().and_then(|d| d.node.as_ref()) {
        facts.default = expr_sql(d);
        facts.volatile_default = is_volatile(d);
    }
    if serial {
        // serial is `integer NOT NULL DEFAULT nextval(...)`: a volatile default.
        facts.default = Some("nextval(<owned sequence>)".to_string());
        facts.volatile_default = true;
    }
    for c in &col.constraints {
        let Some(NodeEnum::Constraint(c)) = &c.node else {
            continue;
        };
        match c.contype() {
            ConstrType::ConstrNotnull => facts.not_null = true,
            ConstrType::ConstrDefault => {
                if let Some(e) = c.raw_expr.as_deref().and_then(|e| e.node.as_ref()) {
                    facts.default = expr_sql(e);
                    facts.volatile_default = is_volatile(e);
                }
            }
            ConstrType::ConstrIdentity => {
                facts.generated = Some("identity".to_string());
                facts.not_null = true;
            }
            ConstrType::ConstrGenerated => facts.generated = Some("stored".to_string()),
            ConstrType::ConstrPrimary => {
                facts.not_null = true;
                facts.constraints.push("primary_key".to_string());
            }
            other => {
                if let Some(k) = constraint_kind(other) {
                    facts.constraints.push(k.to_string());
                }
            }
        }
    }
    facts
}

/// A type's name without modifiers or array brackets (`varchar(20)[]` → `varchar`).
fn base_type(t: &Option<String>) -> Option<String> {
    let t = t.as_deref()?;
    let end = t.find(['(', '[']).unwrap_or(t.len());
    Some(t[..end].trim().to_string())
}

/// A type as PostgreSQL names it after parsing: `int4`, `varchar(20)`, `text[]`.
fn type_text(t: &protobuf::TypeName) -> String {
    let names: Vec<&str> = t
        .names
        .iter()
        .filter_map(|n| match &n.node {
            Some(NodeEnum::String(s)) => Some(s.sval.as_str()),
            _ => None,
        })
        .filter(|n| *n != "pg_catalog")
        .collect();
    let mut out = names.join(".").to_lowercase();
    let mods: Vec<String> = t
        .typmods
        .iter()
        .filter_map(|m| m.node.as_ref())
        .filter_map(const_text)
        .collect();
    if !mods.is_empty() {
        out.push_str(&format!("({})", mods.join(",")));
    }
    for _ in &t.array_bounds {
        out.push_str("[]");
    }
    out
}

/// The text of a constant (`'5s'` → `5s`, `10` → `10`).
fn const_text(n: &NodeEnum) -> Option<String> {
    match n {
        NodeEnum::AConst(c) => match &c.val {
            Some(a_const::Val::Ival(i)) => Some(i.ival.to_string()),
            Some(a_const::Val::Fval(f)) => Some(f.fval.clone()),
            Some(a_const::Val::Sval(s)) => Some(s.sval.clone()),
            Some(a_const::Val::Boolval(b)) => Some(b.boolval.to_string()),
            Some(a_const::Val::Bsval(b)) => Some(b.bsval.clone()),
            None => Some("NULL".to_string()),
        },
        NodeEnum::String(s) => Some(s.sval.clone()),
        NodeEnum::Integer(i) => Some(i.ival.to_string()),
        _ => None,
    }
}

/// An expression's SQL text, as PostgreSQL's deparser writes it.
fn expr_sql(e: &NodeEnum) -> Option<String> {
    let select = protobuf::SelectStmt {
        target_list: vec![protobuf::Node {
            node: Some(NodeEnum::ResTarget(Box::new(protobuf::ResTarget {
                val: Some(Box::new(protobuf::Node {
                    node: Some(e.clone()),
                })),
                ..Default::default()
            }))),
        }],
        op: protobuf::SetOperation::SetopNone as i32,
        limit_option: protobuf::LimitOption::Default as i32,
        ..Default::default()
    };
    let text = NodeEnum::SelectStmt(Box::new(select))
        .deparse(Default::default())
        .ok()?;
    Some(text.strip_prefix("SELECT ").unwrap_or(&text).to_string())
}

/// Whether an expression may be volatile: it calls a function not known to be stable or
/// immutable (`random()`, `gen_random_uuid()`, `clock_timestamp()`, `nextval()`, a user
/// function). Then adding a column with it as default rewrites the table.
fn is_volatile(e: &NodeEnum) -> bool {
    e.nodes().iter().any(|(n, ..)| match n {
        NodeRef::FuncCall(f) => {
            let name = f
                .funcname
                .last()
                .and_then(|n| match &n.node {
                    Some(NodeEnum::String(s)) => Some(s.sval.to_lowercase()),
                    _ => None,
                })
                .unwrap_or_default();
            !NON_VOLATILE_FUNCTIONS.contains(&name.as_str())
        }
        _ => false,
    })
}
