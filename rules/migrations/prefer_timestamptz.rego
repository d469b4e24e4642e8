# METADATA
# title: timestamp without time zone
# description: >-
#   timestamp (without time zone) stores a wall-clock reading with no zone: the same instant is
#   written differently by servers or sessions with other TimeZone settings, and daylight-saving
#   changes make values ambiguous. timestamptz stores an instant (as UTC) in the same 8 bytes.
#   Converting later is an ALTER COLUMN TYPE that rewrites the table under an ACCESS EXCLUSIVE
#   lock. Reported for CREATE TABLE columns, ADD COLUMN and ALTER COLUMN TYPE.
# custom:
#   id: migration-prefer-timestamptz
#   severity: warning
#   kinds: [SqlMigration]
#   remediation: >-
#     Use timestamptz (timestamp with time zone): `created_at timestamptz NOT NULL DEFAULT
#     now()`.
#   related:
#     squawk: [prefer-timestamp-tz]
package tollgate.migrations.prefer_timestamptz

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": d.path} if {
	some d in data.tollgate.lib.sql.column_defs
	sql.is_timestamp_name(d.type_name)
	msg := sprintf("%s is %s without time zone; use timestamptz", [sql.describe_column(d.op, d.column), d.type])
}
