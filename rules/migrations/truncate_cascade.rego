# METADATA
# title: TRUNCATE ... CASCADE
# description: >-
#   TRUNCATE takes an ACCESS EXCLUSIVE lock on the table and empties it; with CASCADE it also
#   empties, under the same lock, every table that has a foreign key to it, and the tables
#   that reference those, recursively: data of tables the migration never names is lost, and
#   the running release sees them empty.
# custom:
#   id: migration-truncate-cascade
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Name every table to empty explicitly, without CASCADE, so PostgreSQL refuses when another
#     table still references the data: `TRUNCATE order_items, orders;`. Or delete the rows in
#     batches (`DELETE FROM orders WHERE id BETWEEN 1 AND 10000;`), which keeps other sessions
#     running.
#   related:
#     squawk: [ban-truncate-cascade]
package tollgate.migrations.truncate_cascade

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "table"]} if {
	some i in sql.positions_of("truncate")
	op := input.spec.statements[i]
	op.cascade == true
	msg := sprintf("TRUNCATE \"%s\" CASCADE also empties every table with a foreign key to it, recursively", [sql.table_name(op)])
}
