package tollgate.migrations.identifier_too_long_test

import rego.v1

import data.tollgate.migrations.identifier_too_long

mk(stmts) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V2__m.sql"}, "spec": {"file": "V2__m.sql", "new": true, "statements": stmts}}

long := "an_index_name_that_goes_on_and_on_beyond_what_postgresql_keeps_xx"

test_long_identifier_denied if {
	count(long) == 65
	findings := identifier_too_long.deny with input as mk([{"op": "create_index", "index": 0, "table": "users", "long_identifiers": [long]}])
	{f.path | some f in findings} == {["spec", "statements", 0]}
}

test_no_long_identifiers_is_fine if {
	count(identifier_too_long.deny) == 0 with input as mk([{"op": "create_index", "index": 0, "table": "users", "long_identifiers": []}])
}
