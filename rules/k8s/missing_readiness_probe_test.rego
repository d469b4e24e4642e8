package tollgate.k8s.missing_readiness_probe

import rego.v1

probe := {"httpGet": {"path": "/healthz", "port": 8080}}

mk(kind, pod) := {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "web"}, "spec": {"template": {"spec": pod}}}

test_missing_denied if {
	findings := deny with input as mk("Deployment", {"containers": [{"name": "web", "livenessProbe": probe}]})
	findings == {{"msg": "container \"web\" has no readinessProbe", "path": ["spec", "template", "spec", "containers", 0]}}
}

test_long_running_kinds if {
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"] {
		count(deny) == 1 with input as mk(kind, {"containers": [{"name": "web"}]})
	}
	count(deny) == 1 with input as {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"name": "web"}]}}}}
}

test_present_allowed if {
	count(deny) == 0 with input as mk("Deployment", {"containers": [{"name": "web", "readinessProbe": probe}]})
}

test_jobs_cronjobs_and_pods_ignored if {
	count(deny) == 0 with input as {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"containers": [{"name": "j"}]}}}}
	count(deny) == 0 with input as {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "c"}]}}}}}}
	count(deny) == 0 with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "p"}]}}
}

test_init_and_ephemeral_containers_ignored if {
	count(deny) == 0 with input as mk("Deployment", {
		"initContainers": [{"name": "migrate"}],
		"ephemeralContainers": [{"name": "debug"}],
		"containers": [{"name": "web", "readinessProbe": probe}],
	})
}

test_native_sidecar_checked if {
	findings := deny with input as mk("Deployment", {
		"initContainers": [{"name": "proxy", "restartPolicy": "Always"}],
		"containers": [{"name": "web", "readinessProbe": probe}],
	})
	{f.path | some f in findings} == {["spec", "template", "spec", "initContainers", 0]}
}
