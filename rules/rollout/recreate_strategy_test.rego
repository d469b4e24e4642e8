package tollgate.rollout.recreate_strategy

import rego.v1

mk(kind, spec) := {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "web"}, "spec": spec}

test_recreate_denied if {
	findings := deny with input as mk("Deployment", {"strategy": {"type": "Recreate"}})
	findings == {{
		"msg": "Deployment \"web\" uses strategy Recreate: every rollout and rollback stops all pods first",
		"path": ["spec", "strategy", "type"],
	}}
}

test_rolling_update_allowed if {
	count(deny) == 0 with input as mk("Deployment", {"strategy": {"type": "RollingUpdate"}})
	count(deny) == 0 with input as mk("Deployment", {})
}

test_on_delete_not_reported if {
	count(deny) == 0 with input as mk("StatefulSet", {"updateStrategy": {"type": "OnDelete"}})
	count(deny) == 0 with input as mk("DaemonSet", {"updateStrategy": {"type": "OnDelete"}})
}
