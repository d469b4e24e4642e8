# METADATA
# title: CONCURRENTLY inside a transaction block
# description: >-
#   CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX ... CONCURRENTLY cannot run
#   inside a transaction block: PostgreSQL rejects them ("cannot run inside a transaction
#   block"), so the migration fails in the middle of the deploy, with whatever ran before it
#   rolled back or, without a transaction, half applied. Reported for statements between an
#   explicit BEGIN and its COMMIT/ROLLBACK in the file; a tool that wraps each file in a
#   transaction of its own must also be told not to.
# custom:
#   id: migration-concurrently-in-transaction
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Move the statement to a migration of its own, without BEGIN/COMMIT
#     (`CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);`), and turn
#     off the tool's own transaction for that file: dbmate `-- migrate:up transaction:false`,
#     goose `-- +goose NO TRANSACTION`, Flyway `executeInTransaction=false` in the script's
#     .conf file (or a Flyway version that detects it), golang-migrate one statement per file.
#   related:
#     squawk: [ban-concurrent-index-creation-in-transaction]
package tollgate.migrations.concurrently_in_transaction

import rego.v1

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	data.tollgate.lib.sql.judged
	some i, op in input.spec.statements
	statement := concurrent_ops[op.op]
	op.concurrently == true
	op.in_transaction == true
	msg := sprintf("%s CONCURRENTLY cannot run inside a transaction block: PostgreSQL rejects it and the migration fails", [statement])
}

concurrent_ops := {"create_index": "CREATE INDEX", "drop_index": "DROP INDEX", "reindex": "REINDEX"}
