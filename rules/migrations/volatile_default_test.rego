package tollgate.migrations.volatile_default_test

import rego.v1

import data.tollgate.migrations.volatile_default

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "users", "table_created_in_file": false}, fields)

add(fields) := op(object.union({"op": "add_column", "column": "token", "type": "uuid", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": []}, fields))

test_volatile_default_denied if {
	findings := volatile_default.deny with input as mk([add({"default": "gen_random_uuid()", "volatile_default": true})])
	findings == {{
		"msg": "adding column \"token\" of table \"users\" with the volatile default gen_random_uuid() rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes",
		"path": ["spec", "statements", 0, "column"],
	}}
}

test_stored_generated_and_identity_denied if {
	findings := volatile_default.deny with input as mk([
		add({"column": "total", "type": "numeric", "generated": "stored"}),
		add({"column": "seq", "type": "int8", "generated": "identity", "not_null": true}),
	])
	{f.msg | some f in findings} == {
		"adding column \"total\" of table \"users\" as a stored generated column rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes",
		"adding column \"seq\" of table \"users\" as an identity column rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes",
	}
}

test_constant_default_allowed if {
	count(volatile_default.deny) == 0 with input as mk([
		add({"default": "'x'::text", "type": "text"}),
		add({"default": "now()", "type": "timestamptz"}),
		add({}),
	])
}

test_serial_left_to_serial_rule if {
	count(volatile_default.deny) == 0 with input as mk([add({"type": "bigserial", "volatile_default": true})])
}

test_set_default_not_reported if {
	count(volatile_default.deny) == 0 with input as mk([op({"op": "set_default", "column": "token", "default": "gen_random_uuid()", "volatile_default": true})])
}

test_table_created_in_file_allowed if {
	count(volatile_default.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": [], "lock": null}),
		add({"index": 1, "table_created_in_file": true, "default": "gen_random_uuid()", "volatile_default": true}),
	])
}
