package tollgate.migrations.prefer_text_field_test

import rego.v1

import data.tollgate.migrations.prefer_text_field

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "users", "table_created_in_file": false}, fields)

col(name, type) := {"column": name, "type": type, "not_null": false, "default": null}

test_varchar_with_limit_reported if {
	findings := prefer_text_field.deny with input as mk([op({"op": "create_table", "columns": [col("id", "int8"), col("name", "varchar(100)")]})])
	findings == {{
		"msg": "column \"name\" of table \"users\" is varchar(100): changing the limit later takes an ACCESS EXCLUSIVE lock; use text with a CHECK on its length",
		"path": ["spec", "statements", 0, "columns", 1, "column"],
	}}
}

test_add_column_and_alter_type_reported if {
	findings := prefer_text_field.deny with input as mk([
		op({"op": "add_column", "column": "a", "type": "varchar(20)", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": []}),
		op({"op": "alter_column_type", "index": 1, "column": "b", "type": "character varying(30)[]", "using": null}),
	])
	count(findings) == 2
}

test_text_and_unbounded_varchar_allowed if {
	count(prefer_text_field.deny) == 0 with input as mk([op({"op": "create_table", "columns": [col("a", "text"), col("b", "varchar"), col("c", "bpchar(2)")]})])
}
