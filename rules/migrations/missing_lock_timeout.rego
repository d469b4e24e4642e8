# METADATA
# title: Blocking lock taken without a lock_timeout
# description: >-
#   A statement that needs a SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE or ACCESS EXCLUSIVE lock on a
#   table in use (most ALTER TABLE forms, CREATE INDEX, DROP INDEX, TRUNCATE, ...) first waits
#   for every transaction that touched the table to finish. While it waits in the lock queue,
#   every later query that conflicts with it (all writes, and for ACCESS EXCLUSIVE all reads)
#   queues behind it, so one slow report or idle-in-transaction session turns a millisecond
#   change into an outage. A lock_timeout makes the statement give up instead, and the
#   migration can be retried. Reported once per statement, when no `SET lock_timeout` to a
#   non-zero value ran earlier in the file; tables created in the same file, and the weaker
#   locks of DML, CREATE INDEX CONCURRENTLY and VALIDATE CONSTRAINT (they block no traffic),
#   are not reported.
# custom:
#   id: migration-missing-lock-timeout
#   severity: warning
#   kinds: [SqlMigration]
#   remediation: >-
#     Start the migration with `SET lock_timeout = '5s';` (or `SET LOCAL lock_timeout = '5s';`
#     inside its transaction), and retry the migration, with backoff, when it fails with
#     "canceling statement due to lock timeout".
#   related:
#     squawk: [require-lock-timeout, require-timeout-settings]
package tollgate.migrations.missing_lock_timeout

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", f.i]} if {
	some k, f in flagged
	first_of_statement(k, f)
	op := input.spec.statements[f.i]

	# The operations of one statement are consecutive, and so are their entries in `flagged`.
	lock := sql.strongest_lock({g.lock | some g in array.slice(flagged, k, k + 32); g.index == f.index})
	msg := sprintf("%s takes %s lock on %s with no lock_timeout set: while it waits behind a long transaction, %s", [statement_name(op), lock_article(lock), lock_target(op), blocked(lock)])
}

# The operations that need a lock_timeout, in file order, as {"i": position, "index": statement
# index, "lock"}: computed once per file, so the rule stays linear in its length.
flagged := [{"i": i, "index": op.index, "lock": op.lock} |
	data.tollgate.lib.sql.judged
	some i, op in input.spec.statements
	needs_timeout(i, op)
]

first_of_statement(k, _) if k == 0

first_of_statement(k, f) if {
	k > 0
	flagged[k - 1].index != f.index
}

needs_timeout(i, op) if {
	sql.blocks_traffic(op)
	not op.lock_timeout
	not op.table_created_in_file
	not new_index_dropped(i, op)
}

new_index_dropped(i, op) if {
	op.op == "drop_index"
	sql.index_created_before(i, sql.index_name(op))
}

statement_name(op) := "the statement" if op.op == "alter_table_other" else := "ALTER TABLE" if startswith(op.op, "add_") else := "ALTER TABLE" if alter_ops[op.op] else := upper(replace(op.op, "_", " "))

alter_ops := {"drop_column", "rename_column", "rename_table", "alter_column_type", "set_not_null", "drop_not_null", "set_default", "drop_default", "validate_constraint", "drop_constraint"}

lock_article(lock) := sprintf("an %s", [lock]) if startswith(lock, "EXCLUSIVE") else := sprintf("an %s", [lock]) if startswith(lock, "ACCESS") else := sprintf("a %s", [lock])

lock_target(op) := sprintf("table \"%s\"", [sql.table_name(op)]) if is_string(op.table) else := "its table"

blocked(lock) := "all reads and writes of the table queue behind it" if lock == "ACCESS EXCLUSIVE" else := "all writes to the table queue behind it"
