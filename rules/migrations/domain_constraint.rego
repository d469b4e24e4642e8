# METADATA
# title: Constraint on a domain
# description: >-
#   ALTER DOMAIN ... ADD CONSTRAINT checks the column of every table that uses the domain,
#   holding a SHARE lock on each of those tables (all their writes wait) for the whole scan,
#   and CREATE DOMAIN with a CHECK or NOT NULL commits the schema to that path: changing the
#   rule later cannot be done with the NOT VALID / VALIDATE steps that table constraints allow
#   per table, and a domain NOT NULL is not enforced in every case (outer joins, composite
#   values).
# custom:
#   id: migration-domain-constraint
#   severity: warning
#   kinds: [SqlMigration]
#   remediation: >-
#     Create the domain without constraints and put the rule on each table column instead,
#     online: `ALTER TABLE users ADD CONSTRAINT users_email_format CHECK (email LIKE '%@%') NOT
#     VALID;` then `ALTER TABLE users VALIDATE CONSTRAINT users_email_format;`. If a domain
#     constraint is unavoidable, add it with `ALTER DOMAIN email ADD CONSTRAINT ... NOT VALID`
#     and `ALTER DOMAIN email VALIDATE CONSTRAINT ...`.
#   related:
#     squawk: [ban-create-domain-with-constraint, ban-alter-domain-with-add-constraint]
package tollgate.migrations.domain_constraint

import rego.v1

import data.tollgate.lib.sql

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("create_domain")
	op := input.spec.statements[i]
	count(object.get(op, "constraints", [])) > 0
	msg := sprintf("CREATE DOMAIN \"%s\" with a constraint: changing it later locks every table that uses the domain; put the constraint on the table columns instead", [op.type_name])
}

deny contains {"msg": msg, "path": ["spec", "statements", i]} if {
	some i in sql.positions_of("alter_domain")
	op := input.spec.statements[i]
	op.add_constraint == true
	msg := sprintf("ALTER DOMAIN \"%s\" ADD CONSTRAINT checks every column of the domain while blocking writes to each table that uses it", [op.type_name])
}
