package tollgate.migrations.validate_while_locked_test

import rego.v1

import data.tollgate.migrations.validate_while_locked

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": true, "lock_timeout": false, "lock": null, "schema": null, "table": "users", "table_created_in_file": false}, fields)

begin := op({"op": "begin", "table": null})

commit := op({"op": "commit", "table": null})

check_nv := op({"op": "add_constraint", "constraint": "users_email_not_null", "constraint_type": "check", "not_valid": true, "using_index": null, "columns": [], "check": "email IS NOT NULL", "references": null, "lock": "ACCESS EXCLUSIVE"})

fk_nv := op({"op": "add_constraint", "table": "orders", "constraint": "orders_user_fk", "constraint_type": "foreign_key", "not_valid": true, "using_index": null, "columns": ["user_id"], "check": null, "references": "users", "lock": "SHARE ROW EXCLUSIVE"})

validate(table, name) := op({"op": "validate_constraint", "table": table, "constraint": name, "lock": "SHARE UPDATE EXCLUSIVE"})

test_validate_in_same_transaction_denied if {
	findings := validate_while_locked.deny with input as mk([begin, check_nv, validate("users", "users_email_not_null"), commit])
	findings == {{
		"msg": "VALIDATE CONSTRAINT \"users_email_not_null\" runs in the transaction that already holds an ACCESS EXCLUSIVE lock on table \"users\", so the lock blocks traffic during the whole validation scan; COMMIT before validating",
		"path": ["spec", "statements", 2],
	}}
}

test_foreign_key_lock_named if {
	findings := validate_while_locked.deny with input as mk([begin, fk_nv, validate("orders", "orders_user_fk"), commit])
	[f.msg | some f in findings] == ["VALIDATE CONSTRAINT \"orders_user_fk\" runs in the transaction that already holds a SHARE ROW EXCLUSIVE lock on table \"orders\", so the lock blocks traffic during the whole validation scan; COMMIT before validating"]
}

test_commit_between_allowed if {
	count(validate_while_locked.deny) == 0 with input as mk([begin, check_nv, commit, begin, validate("users", "users_email_not_null"), commit])
	count(validate_while_locked.deny) == 0 with input as mk([begin, check_nv, commit, object.union(validate("users", "users_email_not_null"), {"in_transaction": false})])
}

test_lock_on_other_table_allowed if {
	count(validate_while_locked.deny) == 0 with input as mk([begin, fk_nv, validate("users", "users_email_not_null"), commit])
}

test_table_created_in_file_allowed if {
	count(validate_while_locked.deny) == 0 with input as mk([begin, object.union(check_nv, {"table_created_in_file": true}), object.union(validate("users", "c"), {"table_created_in_file": true}), commit])
}
