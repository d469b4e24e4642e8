# METADATA
# title: varchar(n) column
# description: >-
#   A varchar(n) length limit is a business rule stored in the type: raising it later is an
#   ALTER COLUMN TYPE that takes an ACCESS EXCLUSIVE lock (blocking all traffic while it waits
#   behind long transactions), and lowering it rewrites the table. text with a CHECK
#   constraint performs the same, and its limit can be changed online (add the new CHECK NOT
#   VALID, validate it, drop the old one). Reported for CREATE TABLE columns, ADD COLUMN and
#   ALTER COLUMN TYPE.
# custom:
#   id: migration-prefer-text-field
#   severity: info
#   kinds: [SqlMigration]
#   remediation: >-
#     Use text with a named CHECK: `name text NOT NULL CONSTRAINT users_name_length CHECK
#     (length(name) <= 100)`.
#   related:
#     squawk: [prefer-text-field]
package tollgate.migrations.prefer_text_field

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": d.path} if {
	some d in data.tollgate.lib.sql.column_defs
	sql.is_limited_varchar_def(d)
	msg := sprintf("%s is %s: changing the limit later takes an ACCESS EXCLUSIVE lock; use text with a CHECK on its length", [sql.describe_column(d.op, d.column), d.type])
}
