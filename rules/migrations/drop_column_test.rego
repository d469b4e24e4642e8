package tollgate.migrations.drop_column_test

import rego.v1

import data.tollgate.migrations.drop_column

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "users", "table_created_in_file": false}, fields)

drop := op({"op": "drop_column", "column": "email", "if_exists": false, "cascade": false, "lock": "ACCESS EXCLUSIVE"})

test_drop_column_denied if {
	findings := drop_column.deny with input as mk([op({"op": "set", "name": "lock_timeout", "value": "5s", "local": false, "table": null}), object.union(drop, {"index": 1})])
	findings == {{
		"msg": "dropping column \"email\" of table \"users\" breaks the release still running during the deploy, which may still read or write it",
		"path": ["spec", "statements", 1, "column"],
	}}
}

test_drop_column_with_schema_and_if_exists_denied if {
	findings := drop_column.deny with input as mk([object.union(drop, {"schema": "app", "if_exists": true})])
	[f.msg | some f in findings] == ["dropping column \"email\" of table \"app.users\" breaks the release still running during the deploy, which may still read or write it"]
}

test_each_action_of_a_multi_action_alter_reported if {
	findings := drop_column.deny with input as mk([drop, object.union(drop, {"column": "name"})])
	{f.path | some f in findings} == {["spec", "statements", 0, "column"], ["spec", "statements", 1, "column"]}
}

test_table_created_in_file_allowed if {
	count(drop_column.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": [{"column": "email", "type": "text", "not_null": false, "default": null}]}),
		object.union(drop, {"index": 1, "table_created_in_file": true}),
	])
}

test_other_operations_allowed if {
	count(drop_column.deny) == 0 with input as mk([op({"op": "drop_default", "column": "email"}), op({"op": "drop_constraint", "constraint": "email"})])
}
