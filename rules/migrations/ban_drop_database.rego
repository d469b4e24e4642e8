# METADATA
# title: Dropping a database
# description: >-
#   DROP DATABASE destroys a whole database, every table and all its data, and cannot run while
#   anyone is connected to it (WITH (FORCE) terminates them). It has no place in a migration of
#   an application that must stay up: the running release loses everything at once.
# custom:
#   id: migration-ban-drop-database
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Remove the statement from the migration. Decommission a database by hand, after a backup
#     (`pg_dump -Fc app_old > app_old.dump`) and once no service connects to it.
#   related:
#     squawk: [ban-drop-database]
package tollgate.migrations.ban_drop_database

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("drop_database")
	op := input.spec.statements[i]
	msg := sprintf("DROP DATABASE %s destroys a whole database; it has no place in a migration", [database(op)])
}

database(op) := sprintf("\"%s\"", [op.database]) if is_string(op.database) else := "(unnamed)"
