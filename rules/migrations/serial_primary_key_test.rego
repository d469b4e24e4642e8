package tollgate.migrations.serial_primary_key_test

import rego.v1

import data.tollgate.migrations.serial_primary_key

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "items", "table_created_in_file": false}, fields)

add(fields) := op(object.union({"op": "add_column", "column": "id", "type": "int8", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": []}, fields))

test_serial_primary_key_denied if {
	findings := serial_primary_key.deny with input as mk([add({"type": "serial", "constraints": ["primary_key"]})])
	findings == {{
		"msg": "adding column \"id\" of table \"items\" as serial PRIMARY KEY rewrites the table and builds its index under an ACCESS EXCLUSIVE lock, blocking all reads and writes",
		"path": ["spec", "statements", 0, "column"],
	}}
}

test_serial_denied if {
	findings := serial_primary_key.deny with input as mk([add({"type": "bigserial"})])
	[f.msg | some f in findings] == ["adding column \"id\" of table \"items\" as bigserial rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes"]
}

test_primary_key_denied if {
	findings := serial_primary_key.deny with input as mk([add({"constraints": ["primary_key"], "generated": "identity"})])
	[f.msg | some f in findings] == ["adding column \"id\" of table \"items\" with PRIMARY KEY builds its index and checks every row under an ACCESS EXCLUSIVE lock, blocking all reads and writes"]
}

test_plain_column_allowed if {
	count(serial_primary_key.deny) == 0 with input as mk([add({}), add({"constraints": ["unique"]})])
}

test_table_created_in_file_allowed if {
	count(serial_primary_key.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": [{"column": "id", "type": "bigserial", "not_null": true, "default": null}], "lock": null}),
		add({"index": 1, "type": "serial", "constraints": ["primary_key"], "table_created_in_file": true}),
	])
}
