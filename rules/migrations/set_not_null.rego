# METADATA
# title: Setting NOT NULL on an existing column
# description: >-
#   ALTER TABLE ... ALTER COLUMN ... SET NOT NULL takes an ACCESS EXCLUSIVE lock and scans the
#   whole table to check for NULLs, blocking every read and write for the duration (and, while
#   the lock waits behind a long transaction, all traffic queues behind it). The scan is skipped
#   (PostgreSQL 12+) when a validated CHECK (<column> IS NOT NULL) already proves it, so this is
#   not reported when an earlier statement of the file added such a CHECK validated, or
#   validated one added NOT VALID. Also reported: PostgreSQL 18's ADD CONSTRAINT ... NOT NULL
#   without NOT VALID. Tables created in the same file are not reported.
# custom:
#   id: migration-set-not-null
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Make sure the running code never writes NULL and backfill existing rows, then prove the
#     constraint without blocking traffic:
#     `ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;`
#     then, preferably in a separate transaction, `ALTER TABLE users VALIDATE CONSTRAINT
#     users_email_not_null;` (SHARE UPDATE EXCLUSIVE: reads and writes go on), then
#     `ALTER TABLE users ALTER COLUMN email SET NOT NULL;` (no scan) and
#     `ALTER TABLE users DROP CONSTRAINT users_email_not_null;`.
#   related:
#     squawk: [adding-not-nullable-field]
#     strong_migrations: [change_column_null]
package tollgate.migrations.set_not_null

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("set_not_null")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	not sql.not_null_proven_before(i, op)
	msg := sprintf("SET NOT NULL on %s scans the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes; first add CHECK (%s IS NOT NULL) NOT VALID and validate it", [sql.describe_column(op, op.column), op.column])
}

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("add_constraint")
	op := input.spec.statements[i]
	op.constraint_type == "not_null"
	not op.not_valid
	sql.on_existing_table(op)
	msg := sprintf("adding a NOT NULL constraint to table \"%s\" scans the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes; add it NOT VALID, then VALIDATE CONSTRAINT", [sql.table_name(op)])
}
