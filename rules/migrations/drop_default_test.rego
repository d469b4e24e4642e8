package tollgate.migrations.drop_default_test

import rego.v1

import data.tollgate.migrations.drop_default

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "orders", "table_created_in_file": false}, fields)

test_drop_default_warned if {
	findings := drop_default.deny with input as mk([op({"op": "drop_default", "column": "status"})])
	findings == {{
		"msg": "dropping the default of column \"status\" of table \"orders\" breaks INSERTs of the release still running during the deploy that leave it out",
		"path": ["spec", "statements", 0, "column"],
	}}
}

test_new_table_and_set_default_allowed if {
	count(drop_default.deny) == 0 with input as mk([
		op({"op": "drop_default", "column": "status", "table_created_in_file": true}),
		op({"op": "set_default", "column": "status", "default": "'new'", "volatile_default": false, "index": 1}),
	])
}
