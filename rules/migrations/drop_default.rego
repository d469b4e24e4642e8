# METADATA
# title: Dropping a column default
# description: >-
#   ALTER COLUMN ... DROP DEFAULT takes an ACCESS EXCLUSIVE lock (brief), but the release still
#   running during a zero-downtime deploy may insert rows without the column and rely on the
#   default: on a NOT NULL column those INSERTs now fail, on a nullable one they silently store
#   NULL. Columns of a table created in the same file are not reported.
# custom:
#   id: migration-drop-default
#   severity: warning
#   kinds: [SqlMigration]
#   remediation: >-
#     First deploy code that always writes the column, then drop the default in a later
#     migration (`SET lock_timeout = '5s'; ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;`).
#   related:
#     squawk: [ban-drop-default]
package tollgate.migrations.drop_default

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("drop_default")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	msg := sprintf("dropping the default of %s breaks INSERTs of the release still running during the deploy that leave it out", [sql.describe_column(op, op.column)])
}
