package tollgate.rollout.missing_pod_disruption_budget

import rego.v1

web := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
	"spec": {
		"replicas": 3,
		"selector": {"matchLabels": {"app": "web"}},
		"template": {"metadata": {"labels": {"app": "web", "tier": "frontend"}}, "spec": {"containers": [{"name": "web"}]}},
	},
}

mk_pdb(ns, selector) := {
	"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
	"metadata": {"name": "web", "namespace": ns},
	"spec": {"maxUnavailable": 1, "selector": selector},
}

test_no_pdb_denied if {
	findings := deny with input as web with data.tollgate.unit as {"documents": [web]}
	findings == {{"msg": "Deployment \"web\" runs 3 replicas but no PodDisruptionBudget in its unit selects its pods", "path": []}}
}

test_no_unit_data_denied if {
	count(deny) == 1 with input as web
}

test_matching_pdb_allowed if {
	count(deny) == 0 with input as web with data.tollgate.unit as {"documents": [web, mk_pdb("shop", {"matchLabels": {"app": "web"}})]}
	count(deny) == 0 with input as web with data.tollgate.unit as {"documents": [web, mk_pdb("shop", {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["frontend"]}]})]}
}

test_pdb_in_other_namespace_denied if {
	count(deny) == 1 with input as web with data.tollgate.unit as {"documents": [web, mk_pdb("payments", {"matchLabels": {"app": "web"}})]}
}

test_pdb_selecting_other_pods_denied if {
	count(deny) == 1 with input as web with data.tollgate.unit as {"documents": [web, mk_pdb("shop", {"matchLabels": {"app": "web", "track": "canary"}})]}
}

test_single_replica_not_reported if {
	one := json.patch(web, [{"op": "replace", "path": "/spec/replicas", "value": 1}])
	count(deny) == 0 with input as one with data.tollgate.unit as {"documents": [one]}
	absent := json.remove(web, ["spec/replicas"])
	count(deny) == 0 with input as absent with data.tollgate.unit as {"documents": [absent]}
}

test_rollout_with_workload_ref_uses_selector if {
	r := {
		"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "web", "namespace": "shop"},
		"spec": {"replicas": 4, "selector": {"matchLabels": {"app": "web"}}, "workloadRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}},
	}
	count(deny) == 1 with input as r with data.tollgate.unit as {"documents": [r]}
	count(deny) == 0 with input as r with data.tollgate.unit as {"documents": [r, mk_pdb("shop", {"matchLabels": {"app": "web"}})]}
}
