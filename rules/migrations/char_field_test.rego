package tollgate.migrations.char_field_test

import rego.v1

import data.tollgate.migrations.char_field

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "countries", "table_created_in_file": false}, fields)

col(name, type) := {"column": name, "type": type, "not_null": false, "default": null}

test_char_in_create_table_warned if {
	findings := char_field.deny with input as mk([op({"op": "create_table", "columns": [col("id", "int8"), col("code", "bpchar(2)")]})])
	findings == {{
		"msg": "column \"code\" of table \"countries\" is bpchar(2), which pads values with spaces; use text (with a CHECK on its length if needed)",
		"path": ["spec", "statements", 0, "columns", 1, "column"],
	}}
}

test_char_in_add_column_and_alter_type_warned if {
	findings := char_field.deny with input as mk([
		op({"op": "add_column", "column": "flag", "type": "bpchar", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": [], "lock": "ACCESS EXCLUSIVE"}),
		op({"op": "alter_column_type", "index": 1, "column": "code", "type": "char(3)[]", "using": null, "lock": "ACCESS EXCLUSIVE"}),
	])
	{f.path | some f in findings} == {["spec", "statements", 0, "column"], ["spec", "statements", 1, "column"]}
}

test_text_and_varchar_allowed if {
	count(char_field.deny) == 0 with input as mk([op({"op": "create_table", "columns": [col("a", "text"), col("b", "varchar(2)"), col("c", "char"), col("d", "character varying(5)")]})])
}
