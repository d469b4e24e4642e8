package tollgate.migrations.alter_column_type_test

import rego.v1

import data.tollgate.migrations.alter_column_type

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "orders", "table_created_in_file": false}, fields)

test_alter_column_type_denied if {
	findings := alter_column_type.deny with input as mk([op({"op": "alter_column_type", "column": "amount", "type": "numeric(12,2)", "using": null})])
	findings == {{
		"msg": "changing column \"amount\" of table \"orders\" to type numeric(12,2) takes an ACCESS EXCLUSIVE lock and may rewrite the table; the release still running during the deploy expects the old type",
		"path": ["spec", "statements", 0, "column"],
	}}
}

test_with_using_denied if {
	count(alter_column_type.deny) == 1 with input as mk([op({"op": "alter_column_type", "column": "id", "type": "int8", "using": "id::bigint", "lock_timeout": true})])
}

test_table_created_in_file_allowed if {
	count(alter_column_type.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": [], "lock": null}),
		op({"op": "alter_column_type", "index": 1, "column": "amount", "type": "int8", "using": null, "table_created_in_file": true}),
	])
}
