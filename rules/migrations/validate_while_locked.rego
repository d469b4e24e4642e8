# METADATA
# title: VALIDATE CONSTRAINT in the transaction that locked the table
# description: >-
#   VALIDATE CONSTRAINT itself only takes a SHARE UPDATE EXCLUSIVE lock, so reads and writes go
#   on during its full-table scan. But locks are held until the transaction ends: when an
#   earlier statement of the same BEGIN ... COMMIT block took a stronger lock on the table
#   (ADD CONSTRAINT ... NOT VALID takes ACCESS EXCLUSIVE, or SHARE ROW EXCLUSIVE for a foreign
#   key), that lock is still held during the whole scan and blocks traffic exactly as a
#   constraint added without NOT VALID would. Only explicit transaction blocks of the file are
#   seen.
# custom:
#   id: migration-validate-while-locked
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Commit between the two steps: `BEGIN; ALTER TABLE orders ADD CONSTRAINT orders_user_fk
#     FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID; COMMIT;` then `ALTER TABLE orders
#     VALIDATE CONSTRAINT orders_user_fk;` in its own transaction (or its own migration, when the
#     tool wraps each file in one).
#   related:
#     strong_migrations: [validate_foreign_key, validate_check_constraint]
package tollgate.migrations.validate_while_locked

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("validate_constraint")
	op := input.spec.statements[i]
	op.in_transaction == true
	sql.on_existing_table(op)
	locks := {other.lock |
		some j, other in input.spec.statements
		j < i
		other.table == op.table
		object.get(other, "schema", null) == object.get(op, "schema", null)
		sql.blocks_traffic(other)
		sql.same_transaction(j, i)
	}
	count(locks) > 0
	msg := sprintf("VALIDATE CONSTRAINT \"%s\" runs in the transaction that already holds %s lock on table \"%s\", so the lock blocks traffic during the whole validation scan; COMMIT before validating", [op.constraint, article(sql.strongest_lock(locks)), sql.table_name(op)])
}

article(lock) := sprintf("an %s", [lock]) if lock in {"ACCESS EXCLUSIVE", "EXCLUSIVE"} else := sprintf("a %s", [lock])
