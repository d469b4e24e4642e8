# METADATA
# title: Renaming a column
# description: >-
#   ALTER TABLE ... RENAME COLUMN takes an ACCESS EXCLUSIVE lock (brief, but it queues behind
#   long transactions and blocks every query of the table meanwhile). The rename is instant for
#   PostgreSQL and breaking for the application: during a zero-downtime deploy the old release
#   still uses the old name, and every one of its queries that names the column fails until the
#   last old instance is gone. Columns of a table created in the same file are not reported.
# custom:
#   id: migration-rename-column
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Expand and contract instead: `ALTER TABLE users ADD COLUMN email_address text;`, keep both
#     columns in sync with a trigger (or write both from the code), backfill in batches
#     (`UPDATE users SET email_address = email WHERE id BETWEEN 1 AND 10000;` ...), deploy code
#     that reads the new column, stop writing the old one, then drop it in a later release.
#   related:
#     squawk: [renaming-column]
#     strong_migrations: [rename_column]
package tollgate.migrations.rename_column

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("rename_column")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	msg := sprintf("renaming %s to \"%s\" breaks the release still running during the deploy, which uses the old name", [sql.describe_column(op, op.column), op.new_name])
}
