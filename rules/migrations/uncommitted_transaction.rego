# METADATA
# title: Transaction left open
# description: >-
#   The file's last BEGIN has no COMMIT or ROLLBACK after it. Depending on the tool, the open
#   transaction is rolled back when the connection closes (the migration silently does
#   nothing, yet may be recorded as applied), or stays open holding every lock its statements
#   took, blocking all traffic on those tables until someone kills the session.
# custom:
#   id: migration-uncommitted-transaction
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     End the block explicitly: add `COMMIT;` after the last statement of the transaction (or
#     remove the BEGIN when the tool wraps the file in a transaction itself).
#   related:
#     squawk: [ban-uncommitted-transaction]
package tollgate.migrations.uncommitted_transaction

import rego.v1

deny contains {"msg": "BEGIN without a COMMIT or ROLLBACK later in the file: the transaction is left open", "path": ["spec", "statements", last.i]} if {
	tx := data.tollgate.lib.sql.transaction_ops
	count(tx) > 0
	last := tx[count(tx) - 1]
	last.op == "begin"
}
