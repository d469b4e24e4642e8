# METADATA
# title: Unique, primary key or exclusion constraint built under lock
# description: >-
#   ALTER TABLE ... ADD CONSTRAINT ... UNIQUE / PRIMARY KEY without USING INDEX builds the index
#   while holding an ACCESS EXCLUSIVE lock on the table, blocking every read and write for the
#   whole build (and a PRIMARY KEY also checks every row for NULLs). An inline UNIQUE in ADD
#   COLUMN does the same, and an EXCLUDE constraint can only be added that way. Tables created
#   in the same file are not reported.
# custom:
#   id: migration-unique-constraint
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Build the index first without blocking writes, then attach it, which is instant:
#     `CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);` (outside a
#     transaction) then `ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX
#     users_email_key;` (or `PRIMARY KEY USING INDEX`, after the columns are NOT NULL). For an
#     exclusion constraint there is no online way: add it while the table is small or during a
#     maintenance window.
#   related:
#     squawk: [disallowed-unique-constraint, adding-serial-primary-key-field]
#     strong_migrations: [add_unique_constraint, add_exclusion_constraint]
package tollgate.migrations.unique_constraint

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("add_constraint")
	op := input.spec.statements[i]
	keyword := index_backed[op.constraint_type]
	object.get(op, "using_index", null) == null
	sql.on_existing_table(op)
	msg := sprintf("adding %s%s to table \"%s\" builds its index under an ACCESS EXCLUSIVE lock, blocking all reads and writes; create the index CONCURRENTLY and add the constraint USING INDEX", [keyword, quoted_name(op), sql.table_name(op)])
}

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("add_constraint")
	op := input.spec.statements[i]
	op.constraint_type == "exclusion"
	sql.on_existing_table(op)
	msg := sprintf("adding EXCLUDE constraint%s to table \"%s\" builds its index and checks every row under an ACCESS EXCLUSIVE lock, blocking all reads and writes", [quoted_name(op), sql.table_name(op)])
}

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("add_column")
	op := input.spec.statements[i]
	"unique" in object.get(op, "constraints", [])
	sql.on_existing_table(op)
	msg := sprintf("adding %s with an inline UNIQUE builds its index under an ACCESS EXCLUSIVE lock, blocking all reads and writes; create the index CONCURRENTLY and add the constraint USING INDEX", [sql.describe_column(op, op.column)])
}

index_backed := {"unique": "UNIQUE", "primary_key": "PRIMARY KEY"}

quoted_name(op) := sprintf(" \"%s\"", [op.constraint]) if is_string(op.constraint) else := ""
