package tollgate.migrations.rename_object_test

import rego.v1

import data.tollgate.migrations.rename_object

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"op": "rename_object", "index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": null, "table_created_in_file": false, "subname": null}, fields)

test_rename_view_and_function_denied if {
	findings := rename_object.deny with input as mk([
		op({"object_kind": "view", "name": "active_users", "new_name": "current_users"}),
		op({"object_kind": "function", "name": "total", "new_name": "order_total", "index": 1}),
	])
	{f.path | some f in findings} == {["spec", "statements", 0, "new_name"], ["spec", "statements", 1, "new_name"]}
	some f in findings
	f.msg == "renaming view \"active_users\" to \"current_users\" breaks the release still running during the deploy, which still uses the old name"
}

test_index_and_constraint_renames_allowed if {
	count(rename_object.deny) == 0 with input as mk([
		op({"object_kind": "index", "name": "i", "new_name": "j"}),
		op({"object_kind": "tabconstraint", "name": "t", "subname": "c", "new_name": "d", "index": 1}),
	])
}
