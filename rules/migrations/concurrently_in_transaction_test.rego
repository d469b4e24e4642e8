package tollgate.migrations.concurrently_in_transaction_test

import rego.v1

import data.tollgate.migrations.concurrently_in_transaction

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "SHARE UPDATE EXCLUSIVE", "schema": null, "table": "users", "table_created_in_file": false}, fields)

test_create_index_concurrently_in_transaction_denied if {
	findings := concurrently_in_transaction.deny with input as mk([
		op({"op": "begin", "table": null, "lock": null, "in_transaction": true}),
		op({"op": "create_index", "index_name": "users_email_idx", "unique": false, "concurrently": true, "columns": ["email"], "in_transaction": true}),
		op({"op": "commit", "index": 2, "table": null, "lock": null, "in_transaction": true}),
	])
	findings == {{
		"msg": "CREATE INDEX CONCURRENTLY cannot run inside a transaction block: PostgreSQL rejects it and the migration fails",
		"path": ["spec", "statements", 1],
	}}
}

test_drop_index_and_reindex_denied if {
	findings := concurrently_in_transaction.deny with input as mk([
		op({"op": "drop_index", "index_name": "users_email_idx", "table": null, "concurrently": true, "if_exists": true, "in_transaction": true}),
		op({"op": "reindex", "index": 1, "concurrently": true, "in_transaction": true}),
	])
	{f.msg | some f in findings} == {
		"DROP INDEX CONCURRENTLY cannot run inside a transaction block: PostgreSQL rejects it and the migration fails",
		"REINDEX CONCURRENTLY cannot run inside a transaction block: PostgreSQL rejects it and the migration fails",
	}
}

test_outside_transaction_allowed if {
	count(concurrently_in_transaction.deny) == 0 with input as mk([op({"op": "create_index", "index_name": "i", "unique": false, "concurrently": true, "columns": ["email"]})])
}

test_non_concurrent_in_transaction_not_reported_here if {
	count(concurrently_in_transaction.deny) == 0 with input as mk([op({"op": "create_index", "index_name": "i", "unique": false, "concurrently": false, "columns": ["email"], "in_transaction": true})])
}
