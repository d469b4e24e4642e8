package tollgate.migrations.uncommitted_transaction_test

import rego.v1

import data.tollgate.migrations.uncommitted_transaction

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(kind, in_tx) := {"op": kind, "index": 0, "sql": "", "in_transaction": in_tx, "lock_timeout": false, "lock": null, "schema": null, "table": null, "table_created_in_file": false}

test_open_transaction_denied if {
	findings := uncommitted_transaction.deny with input as mk([op("begin", true), op("commit", true), op("begin", true), op("create_table", true)])
	findings == {{
		"msg": "BEGIN without a COMMIT or ROLLBACK later in the file: the transaction is left open",
		"path": ["spec", "statements", 2],
	}}
}

test_committed_or_rolled_back_allowed if {
	count(uncommitted_transaction.deny) == 0 with input as mk([op("begin", true), op("create_table", true), op("commit", true)])
	count(uncommitted_transaction.deny) == 0 with input as mk([op("begin", true), op("create_table", true), op("rollback", true)])
}

test_no_transaction_allowed if {
	count(uncommitted_transaction.deny) == 0 with input as mk([op("create_table", false)])
	count(uncommitted_transaction.deny) == 0 with input as mk([])
}
