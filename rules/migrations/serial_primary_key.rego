# METADATA
# title: Adding a serial or primary key column
# description: >-
#   ALTER TABLE ... ADD COLUMN of type serial/bigserial/smallserial fills every existing row from
#   a new sequence (its nextval() default is volatile), so PostgreSQL rewrites the whole table
#   under an ACCESS EXCLUSIVE lock; an inline PRIMARY KEY builds a unique index (and checks every
#   row for NULLs) under the same lock. Either blocks every read and write of the table for the
#   duration. Tables created in the same file are not reported.
# custom:
#   id: migration-serial-primary-key
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Add a plain nullable bigint column, give new rows values from a sequence, backfill, then
#     attach a concurrently built index: `CREATE SEQUENCE items_id_seq; ALTER TABLE items ADD
#     COLUMN id bigint; ALTER TABLE items ALTER COLUMN id SET DEFAULT nextval('items_id_seq');`,
#     backfill in batches (`UPDATE items SET id = nextval('items_id_seq') WHERE id IS NULL AND
#     ctid IN (SELECT ctid FROM items WHERE id IS NULL LIMIT 10000);`), prove NOT NULL with a
#     validated CHECK, `CREATE UNIQUE INDEX CONCURRENTLY items_pkey ON items (id);`, then
#     `ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey;`.
#   related:
#     squawk: [adding-serial-primary-key-field]
#     strong_migrations: [add_column_auto_incrementing]
package tollgate.migrations.serial_primary_key

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("add_column")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	what := problem(op)
	msg := sprintf("adding %s %s under an ACCESS EXCLUSIVE lock, blocking all reads and writes", [sql.describe_column(op, op.column), what])
}

problem(op) := sprintf("as %s PRIMARY KEY rewrites the table and builds its index", [op.type]) if {
	sql.is_serial_name(sql.bare_type(op))
	primary_key(op)
} else := sprintf("as %s rewrites the whole table", [op.type]) if {
	sql.is_serial_name(sql.bare_type(op))
} else := "with PRIMARY KEY builds its index and checks every row" if {
	primary_key(op)
}

primary_key(op) if "primary_key" in object.get(op, "constraints", [])
