package tollgate.k8s.missing_liveness_probe

import rego.v1

probe := {"tcpSocket": {"port": 5432}}

mk(kind, pod) := {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "db"}, "spec": {"template": {"spec": pod}}}

test_missing_denied if {
	findings := deny with input as mk("StatefulSet", {"containers": [{"name": "db", "readinessProbe": probe}]})
	findings == {{"msg": "container \"db\" has no livenessProbe", "path": ["spec", "template", "spec", "containers", 0]}}
}

test_present_allowed if {
	count(deny) == 0 with input as mk("StatefulSet", {"containers": [{"name": "db", "livenessProbe": probe}]})
}

test_jobs_and_pods_ignored if {
	count(deny) == 0 with input as {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"containers": [{"name": "j"}]}}}}
	count(deny) == 0 with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "p"}]}}
}

test_init_containers_ignored_but_sidecars_checked if {
	findings := deny with input as mk("DaemonSet", {
		"initContainers": [{"name": "setup"}, {"name": "shipper", "restartPolicy": "Always"}],
		"containers": [{"name": "agent", "livenessProbe": probe}],
	})
	{f.path | some f in findings} == {["spec", "template", "spec", "initContainers", 1]}
}

test_rollout_workload_ref_ignored if {
	count(deny) == 0 with input as {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "r"}, "spec": {"workloadRef": {"kind": "Deployment", "name": "r"}}}
}
