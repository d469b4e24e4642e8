package tollgate.migrations.missing_lock_timeout_test

import rego.v1

import data.tollgate.migrations.missing_lock_timeout

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "ALTER TABLE users ADD COLUMN bio text", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "users", "table_created_in_file": false}, fields)

add := op({"op": "add_column", "column": "bio", "type": "text", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": []})

test_alter_without_lock_timeout_warned if {
	findings := missing_lock_timeout.deny with input as mk([add])
	findings == {{
		"msg": "ALTER TABLE takes an ACCESS EXCLUSIVE lock on table \"users\" with no lock_timeout set: while it waits behind a long transaction, all reads and writes of the table queue behind it",
		"path": ["spec", "statements", 0],
	}}
}

test_once_per_statement_with_its_strongest_lock if {
	multi := "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id), ALTER COLUMN note SET DEFAULT ''"
	findings := missing_lock_timeout.deny with input as mk([
		op({"op": "set", "name": "search_path", "value": "app", "local": false, "table": null, "lock": null, "sql": "SET search_path = app"}),
		op({"op": "add_constraint", "index": 1, "sql": multi, "table": "orders", "lock": "SHARE ROW EXCLUSIVE", "constraint": "fk", "constraint_type": "foreign_key", "not_valid": true}),
		op({"op": "set_default", "index": 1, "sql": multi, "table": "orders", "column": "note", "default": "''", "volatile_default": false}),
	])
	findings == {{
		"msg": "ALTER TABLE takes an ACCESS EXCLUSIVE lock on table \"orders\" with no lock_timeout set: while it waits behind a long transaction, all reads and writes of the table queue behind it",
		"path": ["spec", "statements", 1],
	}}
}

test_each_statement_reported if {
	findings := missing_lock_timeout.deny with input as mk([
		op({"op": "create_index", "index_name": "users_email_idx", "sql": "CREATE INDEX users_email_idx ON users (email)", "lock": "SHARE", "concurrently": false}),
		op({"op": "drop_index", "index": 1, "index_name": "old_idx", "sql": "DROP INDEX old_idx", "table": null, "concurrently": false}),
		object.union(add, {"index": 2}),
	])
	{f.msg | some f in findings} == {
		"CREATE INDEX takes a SHARE lock on table \"users\" with no lock_timeout set: while it waits behind a long transaction, all writes to the table queue behind it",
		"DROP INDEX takes an ACCESS EXCLUSIVE lock on its table with no lock_timeout set: while it waits behind a long transaction, all reads and writes of the table queue behind it",
		"ALTER TABLE takes an ACCESS EXCLUSIVE lock on table \"users\" with no lock_timeout set: while it waits behind a long transaction, all reads and writes of the table queue behind it",
	}
	{f.path | some f in findings} == {["spec", "statements", 0], ["spec", "statements", 1], ["spec", "statements", 2]}
}

test_lock_timeout_set_allowed if {
	count(missing_lock_timeout.deny) == 0 with input as mk([
		op({"op": "set", "name": "lock_timeout", "value": "5s", "local": false, "table": null, "lock": null}),
		object.union(add, {"index": 1, "lock_timeout": true}),
	])
}

test_table_created_in_file_allowed if {
	count(missing_lock_timeout.deny) == 0 with input as mk([
		op({"op": "create_table", "lock": null, "columns": []}),
		object.union(add, {"index": 1, "table_created_in_file": true}),
		op({"op": "create_index", "index": 2, "index_name": "users_bio_idx", "lock": "SHARE", "concurrently": false, "table_created_in_file": true}),
		op({"op": "drop_index", "index": 3, "index_name": "users_bio_idx", "table": null, "sql": "DROP INDEX users_bio_idx", "concurrently": false}),
	])
}

test_non_blocking_locks_allowed if {
	count(missing_lock_timeout.deny) == 0 with input as mk([
		op({"op": "insert", "lock": "ROW EXCLUSIVE"}),
		op({"op": "create_index", "index": 1, "index_name": "i", "lock": "SHARE UPDATE EXCLUSIVE", "concurrently": true}),
		op({"op": "validate_constraint", "constraint": "c", "lock": "SHARE UPDATE EXCLUSIVE"}),
		op({"op": "set", "name": "x", "value": "1", "local": false, "lock": null, "table": null}),
	])
}

test_other_statements_named if {
	findings := missing_lock_timeout.deny with input as mk([
		op({"op": "truncate", "cascade": false}),
		op({"op": "alter_table_other", "index": 1, "action": "AtSetLogged", "lock": "EXCLUSIVE"}),
	])
	{f.msg | some f in findings} == {
		"TRUNCATE takes an ACCESS EXCLUSIVE lock on table \"users\" with no lock_timeout set: while it waits behind a long transaction, all reads and writes of the table queue behind it",
		"the statement takes an EXCLUSIVE lock on table \"users\" with no lock_timeout set: while it waits behind a long transaction, all writes to the table queue behind it",
	}
}
