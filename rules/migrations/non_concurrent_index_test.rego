package tollgate.migrations.non_concurrent_index_test

import rego.v1

import data.tollgate.migrations.non_concurrent_index

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "users", "table_created_in_file": false}, fields)

create(fields) := op(object.union({"op": "create_index", "index_name": "users_email_idx", "unique": false, "concurrently": false, "columns": ["email"], "lock": "SHARE"}, fields))

drop(fields) := op(object.union({"op": "drop_index", "index_name": "users_email_idx", "table": null, "concurrently": false, "if_exists": false, "lock": "ACCESS EXCLUSIVE"}, fields))

test_create_index_denied if {
	findings := non_concurrent_index.deny with input as mk([create({})])
	findings == {{
		"msg": "CREATE INDEX \"users_email_idx\" on table \"users\" without CONCURRENTLY holds a SHARE lock that blocks all writes to the table while the index builds",
		"path": ["spec", "statements", 0],
	}}
}

test_unnamed_unique_index_denied if {
	findings := non_concurrent_index.deny with input as mk([create({"index_name": null, "unique": true, "schema": "app"})])
	[f.msg | some f in findings] == ["CREATE INDEX on table \"app.users\" without CONCURRENTLY holds a SHARE lock that blocks all writes to the table while the index builds"]
}

test_create_index_concurrently_allowed if {
	count(non_concurrent_index.deny) == 0 with input as mk([create({"concurrently": true, "lock": "SHARE UPDATE EXCLUSIVE"})])
}

test_index_on_table_created_in_file_allowed if {
	count(non_concurrent_index.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": []}),
		create({"table_created_in_file": true}),
	])
}

test_drop_index_denied if {
	findings := non_concurrent_index.deny with input as mk([drop({})])
	findings == {{
		"msg": "DROP INDEX \"users_email_idx\" without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its table, blocking all reads and writes",
		"path": ["spec", "statements", 0],
	}}
}

test_drop_index_concurrently_allowed if {
	count(non_concurrent_index.deny) == 0 with input as mk([drop({"concurrently": true, "if_exists": true})])
}

test_drop_of_index_created_earlier_in_file_allowed if {
	count(non_concurrent_index.deny) == 0 with input as mk([
		create({"concurrently": true, "index_name": "tmp_idx"}),
		drop({"index": 1, "index_name": "app.tmp_idx"}),
	])
}

test_index_name_field_read_first if {
	findings := non_concurrent_index.deny with input as mk([drop({"index": 3, "index_name": "users_email_idx"})])
	[f.msg | some f in findings] == ["DROP INDEX \"users_email_idx\" without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its table, blocking all reads and writes"]
	count(non_concurrent_index.deny) == 0 with input as mk([create({"index": 0, "index_name": "i", "concurrently": true}), drop({"index": 1, "index_name": "i"})])
}

test_drop_before_create_denied if {
	count(non_concurrent_index.deny) == 1 with input as mk([drop({}), create({"concurrently": true})])
}

test_reindex if {
	findings := non_concurrent_index.deny with input as mk([op({"op": "reindex", "concurrently": false, "lock": "SHARE"})])
	[f.msg | some f in findings] == ["REINDEX without CONCURRENTLY blocks writes to the table, and reads that use the index, while it rebuilds"]
	count(non_concurrent_index.deny) == 0 with input as mk([op({"op": "reindex", "concurrently": true})])
}
