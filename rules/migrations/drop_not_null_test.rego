package tollgate.migrations.drop_not_null_test

import rego.v1

import data.tollgate.migrations.drop_not_null

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "users", "table_created_in_file": false}, fields)

test_drop_not_null_warned if {
	findings := drop_not_null.deny with input as mk([op({"op": "drop_not_null", "column": "phone", "lock_timeout": true})])
	findings == {{
		"msg": "DROP NOT NULL on column \"phone\" of table \"users\": the release still running during the deploy, or one rolled back to, may not expect NULLs in it",
		"path": ["spec", "statements", 0, "column"],
	}}
}

test_table_created_in_file_allowed if {
	count(drop_not_null.deny) == 0 with input as mk([op({"op": "create_table", "columns": [], "lock": null}), op({"op": "drop_not_null", "index": 1, "column": "phone", "table_created_in_file": true})])
}

test_set_not_null_not_reported_here if {
	count(drop_not_null.deny) == 0 with input as mk([op({"op": "set_not_null", "column": "phone"})])
}
