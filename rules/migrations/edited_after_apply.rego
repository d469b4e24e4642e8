# METADATA
# title: Applied migration edited
# description: >-
#   A migration file that already exists at the base revision (spec.new false, with --base)
#   and whose statements changed since (spec.edited true, set by the git comparison) has most
#   likely been applied already: databases that ran it never run the edit, so environments
#   silently drift apart, and tools that checksum applied files (Flyway, sqitch, prisma) refuse
#   to migrate until someone repairs their history by hand. No lock is involved; the danger is a
#   schema the release expects but production does not have.
# custom:
#   id: migration-edited-after-apply
#   severity: error
#   kinds: [SqlMigration]
#   remediation: >-
#     Restore the file to its content at the base and put the change in a new migration with
#     the next version (e.g. `V8__widen_email.sql` containing the new `ALTER TABLE ...`). Only
#     edit an applied migration when no database has run it yet, and then record an exception.
package tollgate.migrations.edited_after_apply

import rego.v1

deny contains {"msg": msg, "path": ["spec"]} if {
	input.spec.new == false
	input.spec.edited == true
	msg := sprintf("migration %s was already applied (it exists at the base) and has been edited: databases that ran it will not run the change; write a new migration instead", [name(input)])
}

name(doc) := sprintf("\"%s\"", [doc.metadata.name]) if is_string(doc.metadata.name) else := sprintf("\"%s\"", [doc.spec.file]) if is_string(doc.spec.file) else := "file"
