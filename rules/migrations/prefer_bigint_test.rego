package tollgate.migrations.prefer_bigint_test

import rego.v1

import data.tollgate.migrations.prefer_bigint

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "items", "table_created_in_file": false}, fields)

col(name, type) := {"column": name, "type": type, "not_null": false, "default": null}

test_int4_and_int2_reported if {
	findings := prefer_bigint.deny with input as mk([op({"op": "create_table", "columns": [col("id", "serial"), col("qty", "int4"), col("rank", "int2"), col("n", "smallserial")]})])
	findings == {
		{"msg": "column \"id\" of table \"items\" is serial, limited to 2147483647; use bigint", "path": ["spec", "statements", 0, "columns", 0, "column"]},
		{"msg": "column \"qty\" of table \"items\" is int4, limited to 2147483647; use bigint", "path": ["spec", "statements", 0, "columns", 1, "column"]},
		{"msg": "column \"rank\" of table \"items\" is int2, limited to 32767; use bigint", "path": ["spec", "statements", 0, "columns", 2, "column"]},
		{"msg": "column \"n\" of table \"items\" is smallserial, limited to 32767; use bigint", "path": ["spec", "statements", 0, "columns", 3, "column"]},
	}
}

test_add_column_reported if {
	findings := prefer_bigint.deny with input as mk([op({"op": "add_column", "column": "user_id", "type": "int4", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": []})])
	{f.path | some f in findings} == {["spec", "statements", 0, "column"]}
}

test_bigint_allowed if {
	count(prefer_bigint.deny) == 0 with input as mk([op({"op": "create_table", "columns": [col("id", "int8"), col("b", "bigserial"), col("c", "numeric(10,2)"), col("d", "text")]})])
}
