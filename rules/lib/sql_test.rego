package tollgate.lib.sql_test

import rego.v1

import data.tollgate.lib.sql

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "users", "table_created_in_file": false}, fields)

test_table_names if {
	sql.table_name({"table": "users", "schema": null}) == "users"
	sql.table_name({"table": "users", "schema": "app"}) == "app.users"
	sql.table_name({"table": "users"}) == "users"
	sql.unqualified("app.users_email_idx") == "users_email_idx"
	sql.unqualified("users_email_idx") == "users_email_idx"
}

test_on_existing_table if {
	sql.on_existing_table({"table": "users", "table_created_in_file": false})
	not sql.on_existing_table({"table": "users", "table_created_in_file": true})
	not sql.on_existing_table({"table": null, "table_created_in_file": false})
}

test_types if {
	sql.type_name("varchar(20)") == "varchar"
	sql.base_type("pg_catalog.Timestamp(3)[]") == "timestamp(3)"
	sql.is_serial("bigserial")
	sql.is_serial("serial4")
	not sql.is_serial("int8")
	sql.is_int4("int4")
	sql.is_int4("int4[]")
	not sql.is_int4("int8")
	sql.is_int2("int2")
	sql.is_char("bpchar(2)")
	sql.is_char("bpchar")
	sql.is_char("character(3)")
	not sql.is_char("char")
	not sql.is_char("character varying(3)")
	sql.is_timestamp_without_tz("timestamp")
	sql.is_timestamp_without_tz("timestamp(6)")
	not sql.is_timestamp_without_tz("timestamptz")
	sql.is_limited_varchar("varchar(10)")
	not sql.is_limited_varchar("varchar")
}

test_index_name_of_create_and_drop_index if {
	sql.index_name({"index": "users_email_idx"}) == "users_email_idx"
	sql.index_name({"index": 3, "index_name": "users_email_idx"}) == "users_email_idx"
	sql.index_name({"index": 3}) == null
	sql.index_name({"index": null}) == null
}

test_check_proves_not_null if {
	sql.check_proves_not_null("(email IS NOT NULL)", "email")
	sql.check_proves_not_null("(\"Email\"\n  is not   null)", "Email")
	sql.check_proves_not_null("name <> '' AND (email IS NOT NULL)", "email")
	not sql.check_proves_not_null("user_email IS NOT NULL", "email")
	not sql.check_proves_not_null("email IS NULL", "email")
	not sql.check_proves_not_null("email IS NOT DISTINCT FROM 'x'", "email")
	not sql.check_proves_not_null(null, "email")
}

test_column_defs if {
	defs := data.tollgate.lib.sql.column_defs with input as mk([
		op({"op": "create_table", "columns": [{"column": "id", "type": "int8", "not_null": true, "default": null}]}),
		op({"op": "add_column", "index": 1, "column": "bio", "type": "text"}),
		op({"op": "alter_column_type", "index": 2, "column": "bio", "type": "varchar(10)"}),
		op({"op": "drop_column", "index": 3, "column": "x"}),
	])
	[[d.column, d.type, d.path] | some d in defs] == [
		["id", "int8", ["spec", "statements", 0, "columns", 0, "column"]],
		["bio", "text", ["spec", "statements", 1, "column"]],
		["bio", "varchar(10)", ["spec", "statements", 2, "column"]],
	]
}

test_transaction_ops_and_same_transaction if {
	stmts := [
		op({"op": "begin", "in_transaction": true}),
		op({"op": "add_constraint", "in_transaction": true}),
		op({"op": "validate_constraint", "in_transaction": true}),
		op({"op": "commit", "in_transaction": true}),
		op({"op": "validate_constraint", "in_transaction": false}),
		op({"op": "begin", "in_transaction": true}),
		op({"op": "validate_constraint", "in_transaction": true}),
	]
	data.tollgate.lib.sql.transaction_ops == [{"i": 0, "op": "begin"}, {"i": 3, "op": "commit"}, {"i": 5, "op": "begin"}] with input as mk(stmts)
	sql.same_transaction(1, 2) with input as mk(stmts)
	not sql.same_transaction(1, 4) with input as mk(stmts)
	not sql.same_transaction(1, 6) with input as mk(stmts)
}

test_strongest_lock if {
	sql.strongest_lock({"SHARE", "ACCESS EXCLUSIVE", "SHARE ROW EXCLUSIVE"}) == "ACCESS EXCLUSIVE"
	sql.strongest_lock({"SHARE"}) == "SHARE"
}

test_not_null_proven_before if {
	stmts := [
		op({"op": "add_constraint", "constraint": "c", "constraint_type": "check", "not_valid": true, "check": "email IS NOT NULL"}),
		op({"op": "validate_constraint", "index": 1, "constraint": "c"}),
		op({"op": "set_not_null", "index": 2, "column": "email"}),
	]
	sql.not_null_proven_before(2, stmts[2]) with input as mk(stmts)
	not sql.not_null_proven_before(1, stmts[2]) with input as mk(stmts)
}
