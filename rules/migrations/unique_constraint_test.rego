package tollgate.migrations.unique_constraint_test

import rego.v1

import data.tollgate.migrations.unique_constraint

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "users", "table_created_in_file": false}, fields)

con(fields) := op(object.union({"op": "add_constraint", "constraint": "users_email_key", "constraint_type": "unique", "not_valid": false, "using_index": null, "columns": ["email"], "check": null, "references": null}, fields))

test_unique_denied if {
	findings := unique_constraint.deny with input as mk([con({})])
	findings == {{
		"msg": "adding UNIQUE \"users_email_key\" to table \"users\" builds its index under an ACCESS EXCLUSIVE lock, blocking all reads and writes; create the index CONCURRENTLY and add the constraint USING INDEX",
		"path": ["spec", "statements", 0],
	}}
}

test_primary_key_denied if {
	findings := unique_constraint.deny with input as mk([con({"constraint": null, "constraint_type": "primary_key", "columns": ["id"]})])
	[f.msg | some f in findings] == ["adding PRIMARY KEY to table \"users\" builds its index under an ACCESS EXCLUSIVE lock, blocking all reads and writes; create the index CONCURRENTLY and add the constraint USING INDEX"]
}

test_using_index_allowed if {
	count(unique_constraint.deny) == 0 with input as mk([
		op({"op": "create_index", "index_name": "users_email_key", "unique": true, "concurrently": true, "columns": ["email"], "lock": "SHARE UPDATE EXCLUSIVE"}),
		con({"index": 1, "using_index": "users_email_key", "columns": []}),
		con({"index": 2, "constraint_type": "primary_key", "using_index": "users_pkey", "columns": []}),
	])
}

test_table_created_in_file_allowed if {
	count(unique_constraint.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": [], "lock": null}),
		con({"index": 1, "table_created_in_file": true}),
		con({"index": 2, "constraint_type": "exclusion", "table_created_in_file": true}),
	])
}

test_exclusion_denied if {
	findings := unique_constraint.deny with input as mk([con({"constraint": "no_overlap", "constraint_type": "exclusion"})])
	[f.msg | some f in findings] == ["adding EXCLUDE constraint \"no_overlap\" to table \"users\" builds its index and checks every row under an ACCESS EXCLUSIVE lock, blocking all reads and writes"]
}

test_inline_unique_on_add_column_denied if {
	add := op({"op": "add_column", "column": "handle", "type": "text", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": ["unique"]})
	findings := unique_constraint.deny with input as mk([add])
	findings == {{
		"msg": "adding column \"handle\" of table \"users\" with an inline UNIQUE builds its index under an ACCESS EXCLUSIVE lock, blocking all reads and writes; create the index CONCURRENTLY and add the constraint USING INDEX",
		"path": ["spec", "statements", 0, "column"],
	}}
	count(unique_constraint.deny) == 0 with input as mk([object.union(add, {"constraints": ["check"]})])
}

test_foreign_key_and_check_not_reported_here if {
	count(unique_constraint.deny) == 0 with input as mk([con({"constraint_type": "foreign_key"}), con({"constraint_type": "check"})])
}
