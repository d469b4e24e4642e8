# METADATA
# title: char(n) column
# description: >-
#   char(n) (PostgreSQL's bpchar) pads every value with spaces to n characters, compares with
#   trailing spaces ignored and returns them padded, which surprises application code; it is no
#   faster than text or varchar, and changing the length later takes an ACCESS EXCLUSIVE lock
#   and rewrites the table. Reported for CREATE TABLE columns, ADD COLUMN and ALTER COLUMN TYPE.
# custom:
#   id: migration-char-field
#   severity: warning
#   kinds: [SqlMigration]
#   remediation: >-
#     Use text, with a CHECK constraint when the length must be bounded:
#     `CREATE TABLE countries (code text NOT NULL CHECK (length(code) = 2));`.
#   related:
#     squawk: [ban-char-field]
package tollgate.migrations.char_field

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": d.path} if {
	some d in data.tollgate.lib.sql.column_defs
	sql.is_char_def(d)
	msg := sprintf("%s is %s, which pads values with spaces; use text (with a CHECK on its length if needed)", [sql.describe_column(d.op, d.column), d.type])
}
