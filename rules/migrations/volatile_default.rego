# METADATA
# title: Adding a column that rewrites the table
# description: >-
#   ALTER TABLE ... ADD COLUMN with a volatile default (random(), gen_random_uuid(),
#   clock_timestamp(), nextval() ...), or a GENERATED ... STORED or identity column, makes
#   PostgreSQL compute a value for every existing row: it rewrites the whole table, and its
#   indexes, while holding an ACCESS EXCLUSIVE lock that blocks every read and write for the
#   duration (minutes to hours on a big table). A constant default (PostgreSQL 11+) is only
#   stored in the catalog and is fine. Serial columns are reported by
#   migration-serial-primary-key; tables created in the same file are not reported.
# custom:
#   id: migration-volatile-default
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Add the column without the default, set the default for new rows only, and backfill
#     existing rows in batches outside one long transaction:
#     `ALTER TABLE users ADD COLUMN token uuid;` then
#     `ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();` then
#     `UPDATE users SET token = gen_random_uuid() WHERE id BETWEEN 1 AND 10000 AND token IS NULL;`
#     (repeat). For a generated column, fill a plain column from a trigger and backfill it; for
#     an identity, add a bigint column with a sequence default (`CREATE SEQUENCE users_seq;
#     ALTER TABLE users ALTER COLUMN seq SET DEFAULT nextval('users_seq');`) and backfill.
#   related:
#     squawk: [adding-field-with-default]
#     strong_migrations: [add_column_default, add_column_generated_stored]
package tollgate.migrations.volatile_default

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("add_column")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	not sql.is_serial_name(sql.bare_type(op))
	why := reason(op)
	msg := sprintf("adding %s %s rewrites the whole table under an ACCESS EXCLUSIVE lock, blocking all reads and writes", [sql.describe_column(op, op.column), why])
}

reason(op) := "as a stored generated column" if {
	op.generated == "stored"
} else := "as an identity column" if {
	op.generated == "identity"
} else := sprintf("with the volatile default %s", [op.default]) if {
	op.volatile_default == true
	is_string(op.default)
} else := "with a volatile default" if {
	op.volatile_default == true
}
