package tollgate.migrations.ban_drop_database_test

import rego.v1

import data.tollgate.migrations.ban_drop_database

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": null, "table_created_in_file": false}, fields)

test_drop_database_denied if {
	findings := ban_drop_database.deny with input as mk([op({"op": "set", "name": "lock_timeout", "value": "5s", "local": false}), op({"op": "drop_database", "index": 1, "database": "app_old"})])
	findings == {{
		"msg": "DROP DATABASE \"app_old\" destroys a whole database; it has no place in a migration",
		"path": ["spec", "statements", 1],
	}}
}

test_other_drops_allowed if {
	count(ban_drop_database.deny) == 0 with input as mk([op({"op": "drop_table", "table": "users", "if_exists": true, "cascade": false}), op({"op": "other", "statement": "DropdbStmt"})])
}
