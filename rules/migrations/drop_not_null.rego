# METADATA
# title: Dropping NOT NULL
# description: >-
#   ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL takes a brief ACCESS EXCLUSIVE lock, and it
#   changes a promise the code relies on: once the new release writes NULLs, the old release
#   still running during the zero-downtime deploy (and any release you roll back to) reads
#   them from a column it believes is never NULL, and may crash or corrupt data. Tables
#   created in the same file are not reported.
# custom:
#   id: migration-drop-not-null
#   severity: warning
#   kinds: [SqlMigration]
#   remediation: >-
#     First deploy code that handles NULL in the column everywhere it is read; then, in a later
#     release, `SET lock_timeout = '5s'; ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;`
#     and record an exception for that file.
#   related:
#     squawk: [ban-drop-not-null]
package tollgate.migrations.drop_not_null

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("drop_not_null")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	msg := sprintf("DROP NOT NULL on %s: the release still running during the deploy, or one rolled back to, may not expect NULLs in it", [sql.describe_column(op, op.column)])
}
