# METADATA
# title: Renaming a view, function, type or other object
# description: >-
#   ALTER VIEW/FUNCTION/TYPE/SEQUENCE/SCHEMA ... RENAME TO changes a name the release still
#   running during a zero-downtime deploy uses: its queries, calls and casts fail until the last
#   old instance is gone. (Renames of tables and columns have rules of their own; renaming an
#   index or a constraint breaks no query and is not reported.)
# custom:
#   id: migration-rename-object
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Create the object under its new name beside the old one (a view or function calling the
#     other, or a new type), move the code to the new name in one release, and drop the old name
#     in a later migration.
#   related:
#     squawk: [renaming-object]
package tollgate.migrations.rename_object

import rego.v1

import data.tollgate.lib.sql

kinds := {
	"view": "view",
	"matview": "materialized view",
	"function": "function",
	"procedure": "procedure",
	"routine": "routine",
	"type": "type",
	"domain": "domain",
	"sequence": "sequence",
	"schema": "schema",
}

deny contains {"msg": msg, "path": ["spec", "statements", i, "new_name"]} if {
	some i in sql.positions_of("rename_object")
	op := input.spec.statements[i]
	noun := kinds[op.object_kind]
	msg := sprintf("renaming %s \"%s\" to \"%s\" breaks the release still running during the deploy, which still uses the old name", [noun, op.name, op.new_name])
}
