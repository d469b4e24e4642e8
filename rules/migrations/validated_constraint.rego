# METADATA
# title: Foreign key or CHECK constraint validated at once
# description: >-
#   ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY / CHECK without NOT VALID checks every
#   existing row while holding its lock: a CHECK holds ACCESS EXCLUSIVE (no reads or writes of
#   the table), a FOREIGN KEY holds SHARE ROW EXCLUSIVE on the table and on the referenced
#   table (no writes to either) for the whole scan. An inline REFERENCES or CHECK in ADD COLUMN
#   is validated the same way. Tables created in the same file are not reported.
# custom:
#   id: migration-validated-constraint
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Add the constraint NOT VALID (only new and updated rows are checked, the lock is brief),
#     then validate it in a separate transaction, which takes only a SHARE UPDATE EXCLUSIVE lock
#     so reads and writes go on:
#     `ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
#     NOT VALID;` then `ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;`. For ADD COLUMN,
#     add the column plain and the constraint in those two steps.
#   related:
#     squawk: [constraint-missing-not-valid, adding-foreign-key-constraint]
#     strong_migrations: [add_foreign_key, add_check_constraint]
package tollgate.migrations.validated_constraint

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("add_constraint")
	op := input.spec.statements[i]
	op.constraint_type == "foreign_key"
	not op.not_valid
	sql.on_existing_table(op)
	msg := sprintf("adding FOREIGN KEY%s to table \"%s\" without NOT VALID scans the table while blocking writes to it and to %s", [quoted_name(op), sql.table_name(op), referenced(op)])
}

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("add_constraint")
	op := input.spec.statements[i]
	op.constraint_type == "check"
	not op.not_valid
	sql.on_existing_table(op)
	msg := sprintf("adding CHECK%s to table \"%s\" without NOT VALID scans the table under an ACCESS EXCLUSIVE lock, blocking all reads and writes", [quoted_name(op), sql.table_name(op)])
}

deny contains {"msg": msg, "path": ["spec", "statements", i, "column"]} if {
	some i in sql.positions_of("add_column")
	op := input.spec.statements[i]
	some kind in object.get(op, "constraints", [])
	inline[kind]
	sql.on_existing_table(op)
	msg := sprintf("adding %s with an inline %s validates it at once over the whole table while its lock blocks traffic; add the constraint NOT VALID, then VALIDATE it", [sql.describe_column(op, op.column), inline[kind]])
}

inline := {"foreign_key": "REFERENCES", "check": "CHECK"}

quoted_name(op) := sprintf(" \"%s\"", [op.constraint]) if is_string(op.constraint) else := ""

referenced(op) := sprintf("\"%s\"", [op.references]) if is_string(op.references) else := "the referenced table"
