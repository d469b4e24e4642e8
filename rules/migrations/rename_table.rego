# METADATA
# title: Renaming a table
# description: >-
#   ALTER TABLE ... RENAME TO takes an ACCESS EXCLUSIVE lock (brief, but it queues behind long
#   transactions and blocks every query of the table meanwhile). During a zero-downtime deploy
#   the old release still queries the table by its old name and fails until the last old
#   instance is gone. Not reported: tables created earlier in the same file, and a rename
#   followed, with no COMMIT between them, by a CREATE VIEW under the old name (a simple view
#   is updatable, so the old release keeps working through it).
# custom:
#   id: migration-rename-table
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Keep the old name working while both releases run: rename and leave an updatable view in
#     the same transaction (`BEGIN; SET LOCAL lock_timeout = '5s'; ALTER TABLE users RENAME TO
#     accounts; CREATE VIEW users AS SELECT * FROM accounts; COMMIT;`), deploy code that uses the
#     new name, then `DROP VIEW users` in a later release. Or create the new table, write to both,
#     backfill, move reads, and drop the old table later.
#   related:
#     squawk: [renaming-table]
#     strong_migrations: [rename_table]
package tollgate.migrations.rename_table

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("rename_table")
	op := input.spec.statements[i]
	sql.on_existing_table(op)
	not compat_view_after(i, op)
	msg := sprintf("renaming table \"%s\" to \"%s\" breaks the release still running during the deploy, which uses the old name", [sql.table_name(op), op.new_name])
}

# A CREATE [OR REPLACE] VIEW <old name> later in the file, with no COMMIT/ROLLBACK/BEGIN between.
# (The model gives no view name: it is read from the statement's text.)
compat_view_after(i, op) if {
	some j, view in input.spec.statements
	j > i
	view.op == "create_view"
	words := sql.sql_words(view.sql)
	some k, w in words
	w == "view"
	lower(words[k + 1]) in {lower(op.table), lower(sql.table_name(op))}
	not sql.control_between(i, j)
}
