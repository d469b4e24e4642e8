# METADATA
# title: Dropping a view, function, type or other schema object
# description: >-
#   DROP VIEW, DROP FUNCTION (or PROCEDURE), DROP TYPE (or DOMAIN), DROP EXTENSION, DROP
#   SEQUENCE, DROP MATERIALIZED VIEW and DROP SCHEMA remove objects the release still running
#   during a zero-downtime deploy may call or read: its queries fail until the last old instance
#   is gone, and rolling the application back does not bring the object back (CASCADE removes
#   everything that depends on it too). An object dropped and created again later in the same
#   file (the usual way to replace a function or view whose signature changes) is not reported.
# custom:
#   id: migration-drop-object
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Stop using the object first: deploy code that no longer calls or reads it, then drop it in
#     a later migration of its own (`DROP FUNCTION IF EXISTS old_total(bigint);`) and record an
#     exception for that file. To change a function or view, prefer `CREATE OR REPLACE` with a
#     compatible signature, or create the new one beside the old under another name.
#   related:
#     squawk: [ban-drop-function, ban-drop-type, ban-drop-extension]
package tollgate.migrations.drop_object

import rego.v1

import data.tollgate.lib.sql

kinds := {
	"drop_view": "view",
	"drop_materialized_view": "materialized view",
	"drop_function": "function",
	"drop_type": "type",
	"drop_extension": "extension",
	"drop_sequence": "sequence",
	"drop_schema": "schema",
}

# The object is created again after position i in this file (CREATE [OR REPLACE] FUNCTION or
# VIEW of the same unqualified name).
recreated(i, kind, name) if {
	creates := {"drop_function": "create_function", "drop_view": "create_view"}
	some j in sql.positions_of(creates[kind])
	j > i
	sql.unqualified(lower(input.spec.statements[j].name)) == sql.unqualified(lower(name))
}

deny contains {"msg": msg, "path": ["spec", "statements", i, "name"]} if {
	some kind, noun in kinds
	some i in sql.positions_of(kind)
	op := input.spec.statements[i]
	not recreated(i, kind, op.name)
	msg := sprintf("dropping %s \"%s\" breaks the release still running during the deploy if it still uses it", [noun, op.name])
}
