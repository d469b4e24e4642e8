# METADATA
# title: Identifier longer than 63 bytes
# description: >-
#   PostgreSQL silently truncates identifiers to 63 bytes (NAMEDATALEN - 1): the table, column,
#   index or constraint gets another name than the one written, so the application, later
#   migrations and rollbacks refer to a name that does not exist, and two long names can even
#   collide after truncation.
# custom:
#   id: migration-identifier-too-long
#   severity: error
#   kinds: [SqlMigration]
#   remediation: Use a name of at most 63 bytes (for example an abbreviation for a long index or constraint name).
#   related:
#     squawk: [identifier-too-long]
package tollgate.migrations.identifier_too_long

import rego.v1

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	data.tollgate.lib.sql.judged
	some i, op in input.spec.statements
	some name in object.get(op, "long_identifiers", [])
	msg := sprintf("identifier \"%s\" is %d bytes long: PostgreSQL truncates it to 63 bytes", [name, count(name)])
}
