package tollgate.migrations.domain_constraint_test

import rego.v1

import data.tollgate.migrations.domain_constraint

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

op(fields) := object.union({"index": 0, "sql": "", "in_transaction": false, "lock_timeout": false, "lock": null, "schema": null, "table": null, "table_created_in_file": false}, fields)

test_create_domain_with_constraint_warned if {
	findings := domain_constraint.deny with input as mk([op({"op": "create_domain", "type_name": "email", "constraints": ["check"]})])
	findings == {{
		"msg": "CREATE DOMAIN \"email\" with a constraint: changing it later locks every table that uses the domain; put the constraint on the table columns instead",
		"path": ["spec", "statements", 0],
	}}
}

test_alter_domain_add_constraint_warned if {
	findings := domain_constraint.deny with input as mk([op({"op": "alter_domain", "type_name": "email", "add_constraint": true})])
	findings == {{
		"msg": "ALTER DOMAIN \"email\" ADD CONSTRAINT checks every column of the domain while blocking writes to each table that uses it",
		"path": ["spec", "statements", 0],
	}}
}

test_plain_domain_allowed if {
	count(domain_constraint.deny) == 0 with input as mk([
		op({"op": "create_domain", "type_name": "email", "constraints": []}),
		op({"op": "alter_domain", "type_name": "email", "add_constraint": false}),
	])
}
