package tollgate.rollout.single_replica

import rego.v1

mk(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": spec}

hpa := {
	"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 2, "maxReplicas": 6},
}

test_one_replica_denied if {
	findings := deny with input as mk({"replicas": 1})
	findings == {{"msg": "Deployment \"web\" runs a single replica (replicas: 1)", "path": ["spec", "replicas"]}}
}

test_absent_replicas_denied_at_spec if {
	findings := deny with input as mk({"selector": {}})
	findings == {{"msg": "Deployment \"web\" sets no replicas, so it runs a single one (the default)", "path": ["spec"]}}
}

test_several_replicas_allowed if {
	count(deny) == 0 with input as mk({"replicas": 3})
}

test_zero_replicas_not_reported if {
	count(deny) == 0 with input as mk({"replicas": 0})
}

test_hpa_in_unit_suppresses if {
	count(deny) == 0 with input as mk({"replicas": 1}) with data.tollgate.unit as {"documents": [mk({"replicas": 1}), hpa]}
	count(deny) == 0 with input as mk({}) with data.tollgate.unit as {"documents": [mk({}), hpa]}
}

test_hpa_for_other_workload_does_not_suppress if {
	other := json.patch(hpa, [{"op": "replace", "path": "/spec/scaleTargetRef/name", "value": "api"}])
	count(deny) == 1 with input as mk({"replicas": 1}) with data.tollgate.unit as {"documents": [mk({"replicas": 1}), other]}
}

test_statefulset_and_rollout if {
	count(deny) == 1 with input as {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"replicas": 1}}
	count(deny) == 1 with input as {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "r"}, "spec": {"replicas": 1}}
	count(deny) == 0 with input as {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "d"}, "spec": {}}
}
