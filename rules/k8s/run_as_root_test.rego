package tollgate.k8s.run_as_root

import rego.v1

mk_deploy(pod_sc, ctrs) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
	"spec": {"template": {"spec": {"securityContext": pod_sc, "containers": ctrs}}},
}

test_container_run_as_user_zero_denied if {
	findings := deny with input as mk_deploy({}, [{"name": "web", "securityContext": {"runAsUser": 0}}])
	findings == {{
		"msg": "container \"web\" runs as root (securityContext.runAsUser: 0)",
		"path": ["spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"],
	}}
}

test_container_run_as_non_root_false_denied if {
	findings := deny with input as mk_deploy({}, [{"name": "web", "securityContext": {"runAsNonRoot": false}}])
	{f.path | some f in findings} == {["spec", "template", "spec", "containers", 0, "securityContext", "runAsNonRoot"]}
}

test_pod_level_reported_once_naming_inheritors if {
	findings := deny with input as mk_deploy({"runAsUser": 0}, [{"name": "web"}, {"name": "sidecar"}, {"name": "safe", "securityContext": {"runAsUser": 1000}}])
	findings == {{
		"msg": "pod securityContext.runAsUser: 0 makes container \"sidecar\", container \"web\" run as root",
		"path": ["spec", "template", "spec", "securityContext", "runAsUser"],
	}}
}

test_container_value_wins_over_pod if {
	count(deny) == 0 with input as mk_deploy({"runAsUser": 0}, [{"name": "web", "securityContext": {"runAsUser": 1000}}])
	count(deny) == 0 with input as mk_deploy({"runAsNonRoot": false}, [{"name": "web", "securityContext": {"runAsNonRoot": true}}])
}

test_container_root_over_safe_pod_denied if {
	findings := deny with input as mk_deploy({"runAsNonRoot": true, "runAsUser": 1000}, [{"name": "web", "securityContext": {"runAsUser": 0}}])
	{f.path | some f in findings} == {["spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"]}
}

test_run_as_non_root_false_with_non_zero_uid_allowed if {
	count(deny) == 0 with input as mk_deploy({"runAsUser": 10001}, [{"name": "web", "securityContext": {"runAsNonRoot": false}}])
}

test_run_as_user_zero_wins_over_non_root_false if {
	findings := deny with input as mk_deploy({}, [{"name": "web", "securityContext": {"runAsUser": 0, "runAsNonRoot": false}}])
	{f.path | some f in findings} == {["spec", "template", "spec", "containers", 0, "securityContext", "runAsUser"]}
}

test_unset_not_reported if {
	count(deny) == 0 with input as mk_deploy({}, [{"name": "web"}])
}

test_bare_pod if {
	findings := deny with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": {"runAsNonRoot": false}, "containers": [{"name": "c"}]}}
	{f.path | some f in findings} == {["spec", "securityContext", "runAsNonRoot"]}
}
