# METADATA
# title: Changing a column's type
# description: >-
#   ALTER TABLE ... ALTER COLUMN ... TYPE takes an ACCESS EXCLUSIVE lock and, unless the change
#   is binary-compatible (varchar(n) to a larger n or to text), rewrites the whole table and
#   rebuilds its indexes while every read and write waits. The release still running during a
#   zero-downtime deploy also keeps sending and expecting values of the old type. Tables created
#   in the same file are not reported.
# custom:
#   id: migration-alter-column-type
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Expand and contract: `ALTER TABLE orders ADD COLUMN amount_new numeric(12,2);`, keep it in
#     sync with a trigger, backfill in batches (`UPDATE orders SET amount_new = amount WHERE id
#     BETWEEN 1 AND 10000;` ...), move reads to the new column, then drop the old one in a later
#     release. A binary-compatible change (raising a varchar limit) only holds the lock briefly:
#     run it with `SET lock_timeout = '5s';` and record an exception.
#   related:
#     squawk: [changing-column-type]
#     strong_migrations: [change_column]
package tollgate.migrations.alter_column_type

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("alter_column_type")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	msg := sprintf("changing %s to type %s takes an ACCESS EXCLUSIVE lock and may rewrite the table; the release still running during the deploy expects the old type", [sql.describe_column(op, op.column), op.type])
}
