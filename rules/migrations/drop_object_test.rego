package tollgate.migrations.drop_object_test

import rego.v1

import data.tollgate.migrations.drop_object

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": null, "table_created_in_file": false, "if_exists": false, "cascade": false}, fields)

test_drops_denied if {
	findings := drop_object.deny with input as mk([
		op({"op": "drop_function", "name": "public.total"}),
		op({"op": "drop_type", "name": "mood", "index": 1}),
		op({"op": "drop_view", "name": "active_users", "index": 2}),
	])
	{f.path | some f in findings} == {["spec", "statements", 0, "name"], ["spec", "statements", 1, "name"], ["spec", "statements", 2, "name"]}
	some f in findings
	f.msg == "dropping function \"public.total\" breaks the release still running during the deploy if it still uses it"
}

test_drop_then_recreate_allowed if {
	count(drop_object.deny) == 0 with input as mk([
		op({"op": "drop_function", "name": "public.total"}),
		op({"op": "create_function", "name": "total", "replace": false, "index": 1}),
		op({"op": "drop_view", "name": "v", "index": 2}),
		op({"op": "create_view", "name": "V", "index": 3}),
	])
}

test_recreated_before_is_still_a_drop if {
	count(drop_object.deny) == 1 with input as mk([
		op({"op": "create_function", "name": "total", "replace": true}),
		op({"op": "drop_function", "name": "total", "index": 1}),
	])
}

test_drop_trigger_and_others_ignored if {
	count(drop_object.deny) == 0 with input as mk([op({"op": "drop_trigger", "name": "t"}), op({"op": "drop_table", "table": "x", "index": 1})])
}
