# METADATA
# title: CREATE or DROP that cannot be rerun
# description: >-
#   A migration that runs outside a transaction and fails half way leaves its first statements
#   applied; rerunning it then fails on the first CREATE whose object already exists or DROP
#   whose object is already gone, and someone has to finish it by hand in the middle of a
#   deploy. IF NOT EXISTS makes CREATE TABLE, CREATE INDEX (named) and ADD COLUMN safe to
#   rerun, IF EXISTS does the same for DROP TABLE, DROP INDEX and DROP COLUMN. Statements inside
#   an explicit BEGIN ... COMMIT (rolled back as a whole) and those on tables created in the
#   same file are not reported. (DROP CONSTRAINT is not checked: the SqlMigration model does
#   not carry its IF EXISTS.)
# custom:
#   id: migration-prefer-robust-statements
#   severity: info
#   kinds: [SqlMigration]
#   remediation: >-
#     Write `CREATE TABLE IF NOT EXISTS audit (...)`, `CREATE INDEX CONCURRENTLY IF NOT EXISTS
#     users_email_idx ON users (email);`, `ALTER TABLE users ADD COLUMN IF NOT EXISTS bio text;`,
#     `DROP TABLE IF EXISTS legacy;`, `DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;` and
#     `ALTER TABLE users DROP COLUMN IF EXISTS email;`, or wrap the migration in a transaction
#     when none of its statements needs to run outside one.
#   related:
#     squawk: [prefer-robust-stmts]
package tollgate.migrations.prefer_robust_statements

import rego.v1

deny contains {"msg": msg, "path": path} if {
	data.tollgate.lib.sql.judged
	some i, op in input.spec.statements
	statement := drops[op.op]
	op.if_exists == false
	not op.in_transaction
	not op.table_created_in_file
	path := paths(i, op)
	msg := sprintf("%s without IF EXISTS outside a transaction: if the migration fails after it, a rerun fails here", [statement])
}

deny contains {"msg": msg, "path": path} if {
	data.tollgate.lib.sql.judged
	some i, op in input.spec.statements
	statement := creates[op.op]
	op.if_not_exists == false
	not op.in_transaction
	not op.table_created_in_file
	not unnamed_index(op)
	path := paths(i, op)
	msg := sprintf("%s without IF NOT EXISTS outside a transaction: if the migration fails after it, a rerun fails here", [statement])
}

drops := {"drop_table": "DROP TABLE", "drop_index": "DROP INDEX", "drop_column": "DROP COLUMN"}

creates := {"create_table": "CREATE TABLE", "create_index": "CREATE INDEX", "add_column": "ADD COLUMN"}

# (IF NOT EXISTS needs an index name; an unnamed index is simply created again.)
unnamed_index(op) if {
	op.op == "create_index"
	object.get(op, "index_name", null) == null
}

paths(i, op) := ["spec", "statements", i, "column"] if op.op in {"drop_column", "add_column"} else := ["spec", "statements", i, "table"] if op.op == "create_table" else := ["spec", "statements", i]
