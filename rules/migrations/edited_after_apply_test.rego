package tollgate.migrations.edited_after_apply_test

import rego.v1

import data.tollgate.migrations.edited_after_apply

mk(spec) := {"apiVersion": "tollgate.dev/v1", "kind": "SqlMigration", "metadata": {"name": "V7__add_email.sql"}, "spec": object.union({"file": "db/migrations/V7__add_email.sql", "layout": "flyway", "version": "7", "order": 6, "statements": []}, spec)}

test_edited_applied_migration_denied if {
	findings := edited_after_apply.deny with input as mk({"new": false, "edited": true})
	findings == {{
		"msg": "migration \"V7__add_email.sql\" was already applied (it exists at the base) and has been edited: databases that ran it will not run the change; write a new migration instead",
		"path": ["spec"],
	}}
}

test_unchanged_applied_migration_allowed if {
	count(edited_after_apply.deny) == 0 with input as mk({"new": false, "edited": false})
	count(edited_after_apply.deny) == 0 with input as mk({"new": false})
}

test_new_migration_allowed if {
	count(edited_after_apply.deny) == 0 with input as mk({"new": true, "edited": true})
	count(edited_after_apply.deny) == 0 with input as mk({"new": true})
}
