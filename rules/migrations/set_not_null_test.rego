package tollgate.migrations.set_not_null_test

import rego.v1

import data.tollgate.migrations.set_not_null

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": "ACCESS EXCLUSIVE", "schema": null, "table": "users", "table_created_in_file": false}, fields)

set_nn(index) := op({"op": "set_not_null", "index": index, "column": "email"})

check(index, name, expr, not_valid) := op({"op": "add_constraint", "index": index, "constraint": name, "constraint_type": "check", "not_valid": not_valid, "using_index": null, "columns": [], "check": expr, "references": null})

validate(index, name) := op({"op": "validate_constraint", "index": index, "constraint": name, "lock": "SHARE UPDATE EXCLUSIVE"})

msg := "SET NOT NULL on column \"email\" of table \"users\" scans the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes; first add CHECK (email IS NOT NULL) NOT VALID and validate it"

test_set_not_null_denied if {
	findings := set_not_null.deny with input as mk([set_nn(0)])
	findings == {{"msg": msg, "path": ["spec", "statements", 0, "column"]}}
}

test_check_not_valid_validate_then_set_not_null_allowed if {
	count(set_not_null.deny) == 0 with input as mk([
		check(0, "users_email_not_null", "(email IS NOT NULL)", true),
		validate(1, "users_email_not_null"),
		set_nn(2),
	])
}

test_validated_check_then_set_not_null_allowed if {
	count(set_not_null.deny) == 0 with input as mk([check(0, null, "\"Email\" is not null", false), object.union(set_nn(1), {"column": "Email"})])
	count(set_not_null.deny) == 0 with input as mk([check(0, "c", "email IS NOT NULL AND name <> ''", false), set_nn(1)])
}

test_check_not_valid_without_validate_denied if {
	findings := set_not_null.deny with input as mk([check(0, "users_email_not_null", "email IS NOT NULL", true), set_nn(1)])
	findings == {{"msg": msg, "path": ["spec", "statements", 1, "column"]}}
}

test_validate_of_another_constraint_denied if {
	count(set_not_null.deny) == 1 with input as mk([
		check(0, "users_email_not_null", "email IS NOT NULL", true),
		validate(1, "users_name_fkey"),
		set_nn(2),
	])
}

test_check_on_another_column_or_table_denied if {
	count(set_not_null.deny) == 1 with input as mk([check(0, "c", "user_email IS NOT NULL", false), set_nn(1)])
	count(set_not_null.deny) == 1 with input as mk([check(0, "c", "email IS NULL", false), set_nn(1)])
	count(set_not_null.deny) == 1 with input as mk([object.union(check(0, "c", "email IS NOT NULL", false), {"table": "orders"}), set_nn(1)])
}

test_check_after_set_not_null_denied if {
	count(set_not_null.deny) == 1 with input as mk([set_nn(0), check(1, "c", "email IS NOT NULL", false)])
}

test_table_created_in_file_allowed if {
	count(set_not_null.deny) == 0 with input as mk([
		op({"op": "create_table", "columns": [], "lock": null}),
		object.union(set_nn(1), {"table_created_in_file": true}),
	])
}

test_pg18_not_null_constraint if {
	nn := op({"op": "add_constraint", "constraint": "users_email_nn", "constraint_type": "not_null", "not_valid": false, "using_index": null, "columns": ["email"], "check": null, "references": null})
	findings := set_not_null.deny with input as mk([nn])
	findings == {{
		"msg": "adding a NOT NULL constraint to table \"users\" scans the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes; add it NOT VALID, then VALIDATE CONSTRAINT",
		"path": ["spec", "statements", 0],
	}}
	count(set_not_null.deny) == 0 with input as mk([object.union(nn, {"not_valid": true})])
}
