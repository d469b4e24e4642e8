# METADATA
# title: Dropping a column
# description: >-
#   ALTER TABLE ... DROP COLUMN takes an ACCESS EXCLUSIVE lock (brief: the column is only marked
#   dropped), but during a zero-downtime deploy the old release keeps running against the new
#   schema: its queries that select, insert or update the column (ORMs name every column they
#   know) fail until the last old instance is gone, and a rollback of the application cannot
#   bring the data back. Columns of a table created in the same file are not reported.
# custom:
#   id: migration-drop-column
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Contract in two releases. First deploy code that neither reads nor writes the column (and
#     that the ORM ignores, e.g. Rails `ignored_columns`, Django `SeparateDatabaseAndState`); once
#     no running release uses it, drop it in a migration of its own:
#     `SET lock_timeout = '5s'; ALTER TABLE users DROP COLUMN IF EXISTS email;`, and record an
#     exception for that file.
#   related:
#     squawk: [ban-drop-column]
#     strong_migrations: [remove_column]
package tollgate.migrations.drop_column

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("drop_column")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	msg := sprintf("dropping %s breaks the release still running during the deploy, which may still read or write it", [sql.describe_column(op, op.column)])
}
