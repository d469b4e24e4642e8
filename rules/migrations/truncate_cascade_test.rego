package tollgate.migrations.truncate_cascade_test

import rego.v1

import data.tollgate.migrations.truncate_cascade

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "orders", "table_created_in_file": false}, fields)

test_truncate_cascade_denied if {
	findings := truncate_cascade.deny with input as mk([op({"op": "truncate", "cascade": true, "schema": "shop"})])
	findings == {{
		"msg": "TRUNCATE \"shop.orders\" CASCADE also empties every table with a foreign key to it, recursively",
		"path": ["spec", "statements", 0, "table"],
	}}
}

test_truncate_without_cascade_allowed if {
	count(truncate_cascade.deny) == 0 with input as mk([op({"op": "truncate", "cascade": false})])
}

test_drop_table_cascade_not_reported_here if {
	count(truncate_cascade.deny) == 0 with input as mk([op({"op": "drop_table", "cascade": true, "if_exists": false})])
}
