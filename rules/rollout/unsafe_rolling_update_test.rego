package tollgate.rollout.unsafe_rolling_update

import rego.v1

mk(replicas, ru) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": object.union(replicas, {"strategy": {"type": "RollingUpdate", "rollingUpdate": ru}})}

paths(doc) := ps if {
	ps := {f.path | some f in deny} with input as doc
}

mu := ["spec", "strategy", "rollingUpdate", "maxUnavailable"]

test_hundred_percent_denied if {
	findings := deny with input as mk({"replicas": 4}, {"maxUnavailable": "100%"})
	findings == {{
		"msg": "Deployment \"web\" rolling update may take every pod down at once (maxUnavailable: 100% with 4 replicas)",
		"path": mu,
	}}
}

test_int_at_least_replicas_denied if {
	paths(mk({"replicas": 3}, {"maxUnavailable": 3})) == {mu}
	paths(mk({"replicas": 3}, {"maxUnavailable": 5})) == {mu}
	paths(mk({}, {"maxUnavailable": 1})) == {mu}
}

test_below_replicas_allowed if {
	paths(mk({"replicas": 3}, {"maxUnavailable": 1})) == set()
	paths(mk({"replicas": 4}, {"maxUnavailable": "50%"})) == set()
	paths(mk({}, {"maxUnavailable": 0, "maxSurge": 1})) == set()
}

test_both_zero_denied if {
	findings := deny with input as mk({"replicas": 3}, {"maxUnavailable": 0, "maxSurge": "0%"})
	findings == {{
		"msg": "Deployment \"web\" rolling update cannot progress: maxSurge and maxUnavailable are both 0",
		"path": ["spec", "strategy", "rollingUpdate"],
	}}
}

test_one_zero_allowed if {
	paths(mk({"replicas": 3}, {"maxUnavailable": 0})) == set()
	paths(mk({"replicas": 3}, {"maxSurge": 0, "maxUnavailable": "25%"})) == set()
}

test_argo_rollout_canary if {
	doc := {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "r"}, "spec": {"replicas": 2, "strategy": {"canary": {"maxUnavailable": 2}}}}
	paths(doc) == {["spec", "strategy", "canary", "maxUnavailable"]}
}

ds(v) := {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "d"}, "spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": v}}}}

test_daemonset_percentage_only if {
	paths(ds("100%")) == {["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"]}
	paths(ds(1)) == set()
}

test_percent_parsing if {
	percent("25%") == 25
	percent("1.5%") == 1.5
	percent("100%") == 100
	not percent("%")
	not percent("a%")
	not percent("1.%")
	not percent(".5%")
	not percent("1.2.3%")
	not percent("25")
	not percent(25)
}
