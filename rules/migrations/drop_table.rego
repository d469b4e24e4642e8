# METADATA
# title: Dropping a table
# description: >-
#   DROP TABLE takes an ACCESS EXCLUSIVE lock on the table (and on tables whose foreign keys
#   point at it), so it first queues behind every long transaction that touched the table and
#   meanwhile blocks all other queries on it. Worse, the old release still running during a
#   zero-downtime deploy fails on every query of the table, and the data cannot be restored by
#   rolling the application back. Tables created earlier in the same file are not reported.
# custom:
#   id: migration-drop-table
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Stop using the table first: deploy code that no longer reads or writes it, then drop it in
#     a later migration of its own, with a lock timeout and a backup
#     (`SET lock_timeout = '5s'; DROP TABLE IF EXISTS legacy_events;`), and record an exception
#     for that file. To keep the data for a while, `ALTER TABLE legacy_events RENAME TO
#     legacy_events_old` once nothing uses it, and drop it later.
#   related:
#     squawk: [ban-drop-table]
package tollgate.migrations.drop_table

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i, "table"]} if {
	some i in sql.positions_of("drop_table")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	msg := sprintf("dropping table \"%s\" breaks the release still running during the deploy and destroys its data", [sql.table_name(op)])
}
