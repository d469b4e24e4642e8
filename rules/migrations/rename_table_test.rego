package tollgate.migrations.rename_table_test

import rego.v1

import data.tollgate.migrations.rename_table

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "users", "table_created_in_file": false}, fields)

test_rename_table_denied if {
	findings := rename_table.deny with input as mk([op({"op": "rename_table", "new_name": "accounts", "lock": "ACCESS EXCLUSIVE", "lock_timeout": true, "in_transaction": true})])
	findings == {{
		"msg": "renaming table \"users\" to \"accounts\" breaks the release still running during the deploy, which uses the old name",
		"path": ["spec", "statements", 0],
	}}
}

test_table_created_in_file_allowed if {
	count(rename_table.deny) == 0 with input as mk([
		op({"op": "create_table", "table": "staging", "columns": []}),
		op({"op": "rename_table", "index": 1, "table": "staging", "new_name": "accounts", "table_created_in_file": true}),
	])
}

test_rename_column_not_reported_here if {
	count(rename_table.deny) == 0 with input as mk([op({"op": "rename_column", "column": "a", "new_name": "b"})])
}

test_rename_with_compat_view_allowed if {
	rename := op({"op": "rename_table", "index": 1, "new_name": "accounts", "in_transaction": true})
	view := op({"op": "create_view", "index": 2, "table": null, "sql": "CREATE VIEW users AS SELECT * FROM accounts", "in_transaction": true})
	begin := op({"op": "begin", "table": null, "in_transaction": true})
	commit := op({"op": "commit", "index": 3, "table": null, "in_transaction": true})
	count(rename_table.deny) == 0 with input as mk([begin, rename, view, commit])
	count(rename_table.deny) == 0 with input as mk([object.union(rename, {"in_transaction": false}), object.union(view, {"in_transaction": false, "sql": "create or replace view \"users\" as select * from accounts"})])
	count(rename_table.deny) == 1 with input as mk([begin, rename, commit, view])
	count(rename_table.deny) == 1 with input as mk([begin, rename, object.union(view, {"sql": "CREATE VIEW users_v AS SELECT * FROM accounts"}), commit])
}
