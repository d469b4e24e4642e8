# METADATA
# title: BEGIN inside an open transaction
# description: >-
#   A BEGIN (or START TRANSACTION) while the file's earlier BEGIN is still open does not start
#   a nested transaction: PostgreSQL only warns ("there is already a transaction in progress"),
#   and the first COMMIT commits everything, so a later ROLLBACK meant to undo the inner part
#   undoes nothing and the migration applies half of what its author thought was atomic. Use
#   SAVEPOINT for nesting. (Only the file's explicit BEGIN/COMMIT are known: a tool that wraps
#   the file in a transaction of its own is not seen.)
# custom:
#   id: migration-transaction-nesting
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Keep one BEGIN ... COMMIT block per transaction; for a part that may fail on its own use
#     `SAVEPOINT before_backfill;` ... `ROLLBACK TO SAVEPOINT before_backfill;`. If the
#     migration tool already runs the file in a transaction, remove BEGIN/COMMIT from the file.
#   related:
#     squawk: [transaction-nesting]
package tollgate.migrations.transaction_nesting

import rego.v1

deny contains {"msg": "BEGIN while the file's previous BEGIN is still open: PostgreSQL does not nest transactions, and the first COMMIT commits both", "path": ["spec", "statements", t.i]} if {
	tx := data.tollgate.lib.sql.transaction_ops
	some k, t in tx
	k > 0
	t.op == "begin"
	tx[k - 1].op == "begin"
}
