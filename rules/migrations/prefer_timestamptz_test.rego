package tollgate.migrations.prefer_timestamptz_test

import rego.v1

import data.tollgate.migrations.prefer_timestamptz

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": "events", "table_created_in_file": false}, fields)

col(name, type) := {"column": name, "type": type, "not_null": false, "default": null}

test_timestamp_warned if {
	findings := prefer_timestamptz.deny with input as mk([op({"op": "create_table", "columns": [col("id", "int8"), col("at", "timestamp")]})])
	findings == {{
		"msg": "column \"at\" of table \"events\" is timestamp without time zone; use timestamptz",
		"path": ["spec", "statements", 0, "columns", 1, "column"],
	}}
}

test_timestamp_with_precision_and_array_warned if {
	findings := prefer_timestamptz.deny with input as mk([
		op({"op": "add_column", "column": "seen", "type": "timestamp(3)", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": []}),
		op({"op": "alter_column_type", "index": 1, "column": "history", "type": "timestamp[]", "using": null}),
		op({"op": "add_column", "index": 2, "column": "x", "type": "pg_catalog.timestamp", "not_null": false, "default": null, "volatile_default": false, "generated": null, "constraints": []}),
	])
	{f.msg | some f in findings} == {
		"column \"seen\" of table \"events\" is timestamp(3) without time zone; use timestamptz",
		"column \"history\" of table \"events\" is timestamp[] without time zone; use timestamptz",
		"column \"x\" of table \"events\" is pg_catalog.timestamp without time zone; use timestamptz",
	}
}

test_timestamptz_and_others_allowed if {
	count(prefer_timestamptz.deny) == 0 with input as mk([op({"op": "create_table", "columns": [col("a", "timestamptz"), col("b", "timestamptz(3)"), col("c", "date"), col("d", "time"), col("e", "text")]})])
}
