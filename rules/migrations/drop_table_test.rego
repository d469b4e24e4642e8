package tollgate.migrations.drop_table_test

import rego.v1

import data.tollgate.migrations.drop_table

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "users", "table_created_in_file": false}, fields)

test_drop_table_denied if {
	findings := drop_table.deny with input as mk([op({"op": "drop_table", "if_exists": true, "cascade": false, "lock": "ACCESS EXCLUSIVE"})])
	findings == {{
		"msg": "dropping table \"users\" breaks the release still running during the deploy and destroys its data",
		"path": ["spec", "statements", 0, "table"],
	}}
}

test_one_finding_per_table_of_one_statement if {
	findings := drop_table.deny with input as mk([
		op({"op": "drop_table", "if_exists": false, "cascade": false}),
		op({"op": "drop_table", "table": "orders", "schema": "shop", "if_exists": false, "cascade": false}),
	])
	{f.msg | some f in findings} == {
		"dropping table \"users\" breaks the release still running during the deploy and destroys its data",
		"dropping table \"shop.orders\" breaks the release still running during the deploy and destroys its data",
	}
}

test_table_created_in_file_allowed if {
	count(drop_table.deny) == 0 with input as mk([
		op({"op": "create_table", "table": "tmp_import", "columns": []}),
		op({"op": "drop_table", "index": 1, "table": "tmp_import", "table_created_in_file": true, "if_exists": false, "cascade": false}),
	])
}
