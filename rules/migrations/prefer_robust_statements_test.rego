package tollgate.migrations.prefer_robust_statements_test

import rego.v1

import data.tollgate.migrations.prefer_robust_statements

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "users", "table_created_in_file": false}, fields)

test_drops_without_if_exists_reported if {
	findings := prefer_robust_statements.deny with input as mk([
		op({"op": "drop_table", "if_exists": false, "cascade": false}),
		op({"op": "drop_index", "index_name": "users_email_idx", "table": null, "concurrently": true, "if_exists": false}),
		op({"op": "drop_column", "index": 2, "column": "email", "if_exists": false, "cascade": false}),
	])
	findings == {
		{"msg": "DROP TABLE without IF EXISTS outside a transaction: if the migration fails after it, a rerun fails here", "path": ["spec", "statements", 0]},
		{"msg": "DROP INDEX without IF EXISTS outside a transaction: if the migration fails after it, a rerun fails here", "path": ["spec", "statements", 1]},
		{"msg": "DROP COLUMN without IF EXISTS outside a transaction: if the migration fails after it, a rerun fails here", "path": ["spec", "statements", 2, "column"]},
	}
}

test_if_exists_allowed if {
	count(prefer_robust_statements.deny) == 0 with input as mk([
		op({"op": "drop_table", "if_exists": true, "cascade": false}),
		op({"op": "drop_index", "index_name": "i", "table": null, "concurrently": true, "if_exists": true}),
		op({"op": "drop_column", "index": 2, "column": "email", "if_exists": true, "cascade": false}),
	])
}

test_in_transaction_allowed if {
	count(prefer_robust_statements.deny) == 0 with input as mk([
		op({"op": "begin", "in_transaction": true, "table": null, "lock": null}),
		op({"op": "drop_table", "index": 1, "if_exists": false, "cascade": false, "in_transaction": true}),
		op({"op": "commit", "index": 2, "in_transaction": true, "table": null, "lock": null}),
	])
}

test_table_created_in_file_allowed if {
	count(prefer_robust_statements.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": [], "lock": null}),
		op({"op": "drop_column", "index": 1, "column": "email", "if_exists": false, "cascade": false, "table_created_in_file": true}),
	])
}

test_creates_without_if_not_exists_reported if {
	findings := prefer_robust_statements.deny with input as mk([
		op({"op": "create_table", "table": "audit", "columns": [], "if_not_exists": false, "lock": null}),
		op({"op": "create_index", "index": 1, "index_name": "users_email_idx", "unique": false, "concurrently": true, "if_not_exists": false, "columns": ["email"], "lock": "SHARE UPDATE EXCLUSIVE"}),
		op({"op": "add_column", "index": 2, "column": "bio", "type": "text", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": [], "if_not_exists": false}),
	])
	findings == {
		{"msg": "CREATE TABLE without IF NOT EXISTS outside a transaction: if the migration fails after it, a rerun fails here", "path": ["spec", "statements", 0, "table"]},
		{"msg": "CREATE INDEX without IF NOT EXISTS outside a transaction: if the migration fails after it, a rerun fails here", "path": ["spec", "statements", 1]},
		{"msg": "ADD COLUMN without IF NOT EXISTS outside a transaction: if the migration fails after it, a rerun fails here", "path": ["spec", "statements", 2, "column"]},
	}
}

test_creates_with_if_not_exists_unnamed_or_in_transaction_allowed if {
	count(prefer_robust_statements.deny) == 0 with input as mk([
		op({"op": "create_table", "table": "audit", "columns": [], "if_not_exists": true, "lock": null}),
		op({"op": "create_index", "index": 1, "index_name": "i", "unique": false, "concurrently": true, "if_not_exists": true, "columns": ["email"]}),
		op({"op": "create_index", "index": 2, "index_name": null, "unique": false, "concurrently": true, "if_not_exists": false, "columns": ["email"]}),
		op({"op": "add_column", "index": 3, "column": "bio", "type": "text", "if_not_exists": false, "in_transaction": true}),
		op({"op": "add_column", "index": 4, "table": "audit", "column": "x", "type": "text", "if_not_exists": false, "table_created_in_file": true}),
	])
}
