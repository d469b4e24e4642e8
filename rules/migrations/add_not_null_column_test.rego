package tollgate.migrations.add_not_null_column_test

import rego.v1

import data.tollgate.migrations.add_not_null_column

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "users", "table_created_in_file": false}, fields)

add(fields) := op(object.union({"op": "add_column", "column": "status", "type": "text", "not_null": true, "default": null, "volatile_default": false, "generated": null, "constraints": []}, fields))

test_not_null_without_default_denied if {
	findings := add_not_null_column.deny with input as mk([add({})])
	findings == {{
		"msg": "adding NOT NULL column \"status\" of table \"users\" without a default fails on a table with rows and breaks the INSERTs of the release still running during the deploy",
		"path": ["spec", "statements", 0, "column"],
	}}
}

test_with_default_allowed if {
	count(add_not_null_column.deny) == 0 with input as mk([add({"default": "'active'::text"})])
}

test_nullable_allowed if {
	count(add_not_null_column.deny) == 0 with input as mk([add({"not_null": false})])
}

test_generated_and_serial_allowed if {
	count(add_not_null_column.deny) == 0 with input as mk([
		add({"type": "int8", "generated": "identity"}),
		add({"type": "int4", "generated": "stored"}),
		add({"type": "bigserial"}),
	])
}

test_table_created_in_file_allowed if {
	count(add_not_null_column.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": [], "lock": null}),
		add({"index": 1, "table_created_in_file": true}),
	])
}
