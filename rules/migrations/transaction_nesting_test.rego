package tollgate.migrations.transaction_nesting_test

import rego.v1

import data.tollgate.migrations.transaction_nesting

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(kind, in_tx) := {"op": kind, "index": 0, "sql": "", "in_transaction": in_tx, "lock_timeout": false, "lock": null, "schema": null, "table": null, "table_created_in_file": false}

test_nested_begin_denied if {
	findings := transaction_nesting.deny with input as mk([op("begin", true), op("create_table", true), op("begin", true), op("commit", true), op("commit", false)])
	findings == {{
		"msg": "BEGIN while the file's previous BEGIN is still open: PostgreSQL does not nest transactions, and the first COMMIT commits both",
		"path": ["spec", "statements", 2],
	}}
}

test_consecutive_transactions_allowed if {
	count(transaction_nesting.deny) == 0 with input as mk([op("begin", true), op("create_table", true), op("commit", true), op("begin", true), op("insert", true), op("rollback", true), op("begin", false), op("commit", false)])
}

test_first_begin_marked_in_transaction_allowed if {
	count(transaction_nesting.deny) == 0 with input as mk([op("set", false), op("begin", true), op("update", true), op("commit", true)])
}
