package tollgate.migrations.rename_column_test

import rego.v1

import data.tollgate.migrations.rename_column

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "users", "table_created_in_file": false}, fields)

test_rename_column_denied if {
	findings := rename_column.deny with input as mk([op({"op": "rename_column", "column": "email", "new_name": "email_address", "lock": "ACCESS EXCLUSIVE"})])
	findings == {{
		"msg": "renaming column \"email\" of table \"users\" to \"email_address\" breaks the release still running during the deploy, which uses the old name",
		"path": ["spec", "statements", 0, "column"],
	}}
}

test_table_created_in_file_allowed if {
	count(rename_column.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": [{"column": "email", "type": "text", "not_null": false, "default": null}]}),
		op({"op": "rename_column", "index": 1, "column": "email", "new_name": "email_address", "table_created_in_file": true}),
	])
}

test_rename_table_not_reported_here if {
	count(rename_column.deny) == 0 with input as mk([op({"op": "rename_table", "new_name": "accounts"})])
}
