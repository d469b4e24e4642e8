package tollgate.rollout.revision_history_disabled

import rego.v1

mk(kind, spec) := {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "web"}, "spec": spec}

test_zero_denied if {
	findings := deny with input as mk("Deployment", {"revisionHistoryLimit": 0})
	findings == {{
		"msg": "Deployment \"web\" keeps no revision history (revisionHistoryLimit: 0): it cannot be rolled back",
		"path": ["spec", "revisionHistoryLimit"],
	}}
}

test_all_kinds if {
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "Rollout"] {
		count(deny) == 1 with input as mk(kind, {"revisionHistoryLimit": 0})
	}
}

test_other_kinds_ignored if {
	count(deny) == 0 with input as mk("ReplicaSet", {"revisionHistoryLimit": 0})
}

test_non_zero_or_default_allowed if {
	count(deny) == 0 with input as mk("Deployment", {"revisionHistoryLimit": 3})
	count(deny) == 0 with input as mk("Deployment", {})
}
