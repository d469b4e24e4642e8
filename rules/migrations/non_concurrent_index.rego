# METADATA
# title: Index built or dropped without CONCURRENTLY
# description: >-
#   CREATE INDEX without CONCURRENTLY holds a SHARE lock on the table for the whole build,
#   blocking every INSERT, UPDATE and DELETE (minutes on a big table). DROP INDEX without
#   CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table, and REINDEX without
#   CONCURRENTLY blocks writes (and reads through the index) while it rebuilds; while waiting
#   behind a long transaction, each of these also makes all later traffic queue behind it.
#   Indexes on tables created in the same file, and drops of indexes created earlier in the
#   file, are not reported.
# custom:
#   id: migration-non-concurrent-index
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Use `CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);`,
#     `DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;` and `REINDEX INDEX CONCURRENTLY
#     users_email_idx;` (PostgreSQL 12+), each outside any transaction block: in a migration of
#     its own that the tool does not wrap in a transaction. If a concurrent build fails it leaves
#     an INVALID index: drop it CONCURRENTLY and retry.
#   related:
#     squawk: [require-concurrent-index-creation, require-concurrent-index-deletion, require-concurrent-reindex]
#     strong_migrations: [add_index, remove_index]
package tollgate.migrations.non_concurrent_index

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("create_index")
	op := input.spec.statements[i]
	not op.concurrently
	sql.on_existing_table(op)
	msg := sprintf("CREATE INDEX%s on table \"%s\" without CONCURRENTLY holds a SHARE lock that blocks all writes to the table while the index builds", [quoted_index(op), sql.table_name(op)])
}

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("drop_index")
	op := input.spec.statements[i]
	not op.concurrently
	not sql.index_created_before(i, sql.index_name(op))
	msg := sprintf("DROP INDEX%s without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its table, blocking all reads and writes", [quoted_index(op)])
}

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("reindex")
	op := input.spec.statements[i]
	not op.concurrently
	not op.table_created_in_file
	msg := "REINDEX without CONCURRENTLY blocks writes to the table, and reads that use the index, while it rebuilds"
}

quoted_index(op) := sprintf(" \"%s\"", [n]) if {
	n := sql.index_name(op)
	is_string(n)
} else := ""
