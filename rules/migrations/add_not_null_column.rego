# METADATA
# title: Adding a NOT NULL column without a default
# description: >-
#   ALTER TABLE ... ADD COLUMN ... NOT NULL with no DEFAULT takes an ACCESS EXCLUSIVE lock and
#   fails outright ("contains null values") on a table that has rows. Where it succeeds (an empty
#   table in the test database), it breaks the release still running during a zero-downtime
#   deploy: the old code does not know the column, so each of its INSERTs violates the
#   constraint. Generated and serial columns, and tables created in the same file, are not
#   reported.
# custom:
#   id: migration-add-not-null-column
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Give it a constant default, which PostgreSQL 11+ stores without rewriting the table and
#     which old INSERTs pick up: `ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT
#     'active';`. Or add it nullable (`ADD COLUMN status text`), deploy code that writes it,
#     backfill in batches, then `ADD CONSTRAINT users_status_not_null CHECK (status IS NOT NULL)
#     NOT VALID`, `VALIDATE CONSTRAINT users_status_not_null` and `ALTER COLUMN status SET NOT
#     NULL`.
#   related:
#     squawk: [adding-required-field]
package tollgate.migrations.add_not_null_column

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("add_column")
	op := input.spec.statements[i]
	op.not_null == true
	object.get(op, "default", null) == null
	object.get(op, "generated", null) == null
	not sql.is_serial_name(sql.bare_type(op))
	sql.on_existing_table(op)
	msg := sprintf("adding NOT NULL %s without a default fails on a table with rows and breaks the INSERTs of the release still running during the deploy", [sql.describe_column(op, op.column)])
}
