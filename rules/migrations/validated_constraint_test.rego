package tollgate.migrations.validated_constraint_test

import rego.v1

import data.tollgate.migrations.validated_constraint

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "orders", "table_created_in_file": false}, fields)

fk(fields) := op(object.union({"op": "add_constraint", "constraint": "orders_user_fk", "constraint_type": "foreign_key", "not_valid": false, "using_index": null, "columns": ["user_id"], "check": null, "references": "users", "lock": "SHARE ROW EXCLUSIVE"}, fields))

check(fields) := op(object.union({"op": "add_constraint", "constraint": "orders_amount_positive", "constraint_type": "check", "not_valid": false, "using_index": null, "columns": [], "check": "(amount > 0)", "references": null, "lock": "ACCESS EXCLUSIVE"}, fields))

test_foreign_key_denied if {
	findings := validated_constraint.deny with input as mk([fk({})])
	findings == {{
		"msg": "adding FOREIGN KEY \"orders_user_fk\" to table \"orders\" without NOT VALID scans the table while blocking writes to it and to \"users\"",
		"path": ["spec", "statements", 0],
	}}
}

test_unnamed_foreign_key_denied if {
	findings := validated_constraint.deny with input as mk([fk({"constraint": null, "references": null})])
	[f.msg | some f in findings] == ["adding FOREIGN KEY to table \"orders\" without NOT VALID scans the table while blocking writes to it and to the referenced table"]
}

test_check_denied if {
	findings := validated_constraint.deny with input as mk([check({})])
	findings == {{
		"msg": "adding CHECK \"orders_amount_positive\" to table \"orders\" without NOT VALID scans the table under an ACCESS EXCLUSIVE lock, blocking all reads and writes",
		"path": ["spec", "statements", 0],
	}}
}

test_not_valid_then_validate_allowed if {
	count(validated_constraint.deny) == 0 with input as mk([
		fk({"not_valid": true}),
		check({"index": 1, "not_valid": true}),
		op({"op": "validate_constraint", "index": 2, "constraint": "orders_user_fk", "lock": "SHARE UPDATE EXCLUSIVE"}),
	])
}

test_table_created_in_file_allowed if {
	count(validated_constraint.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": []}),
		fk({"index": 1, "table_created_in_file": true}),
		check({"index": 2, "table_created_in_file": true}),
	])
}

test_other_constraint_types_not_reported_here if {
	count(validated_constraint.deny) == 0 with input as mk([fk({"constraint_type": "unique", "references": null}), check({"constraint_type": "exclusion"})])
}

test_inline_references_on_add_column_denied if {
	add := op({"op": "add_column", "column": "user_id", "type": "int8", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": ["foreign_key"], "lock": "ACCESS EXCLUSIVE"})
	findings := validated_constraint.deny with input as mk([add])
	findings == {{
		"msg": "adding column \"user_id\" of table \"orders\" with an inline REFERENCES validates it at once over the whole table while its lock blocks traffic; add the constraint NOT VALID, then VALIDATE it",
		"path": ["spec", "statements", 0, "column"],
	}}
	count(validated_constraint.deny) == 0 with input as mk([object.union(add, {"constraints": ["unique"]})])
	count(validated_constraint.deny) == 0 with input as mk([object.union(add, {"table_created_in_file": true})])
}
