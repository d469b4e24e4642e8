package tollgate.k8s.missing_run_as_non_root

import rego.v1

mk_deploy(pod_sc, ctrs) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
	"spec": {"template": {"spec": {"securityContext": pod_sc, "containers": ctrs}}},
}

test_unset_denied if {
	findings := deny with input as mk_deploy({}, [{"name": "web"}])
	findings == {{
		"msg": "container \"web\" does not set runAsNonRoot: true (nor does its pod), so it may run as root",
		"path": ["spec", "template", "spec", "containers", 0],
	}}
}

test_each_unguarded_container_reported if {
	findings := deny with input as mk_deploy({}, [{"name": "web", "securityContext": {"runAsNonRoot": true}}, {"name": "proxy"}])
	{f.path | some f in findings} == {["spec", "template", "spec", "containers", 1]}
}

test_pod_level_true_covers_containers if {
	count(deny) == 0 with input as mk_deploy({"runAsNonRoot": true}, [{"name": "web"}, {"name": "proxy"}])
}

test_container_level_true_allowed if {
	count(deny) == 0 with input as mk_deploy({}, [{"name": "web", "securityContext": {"runAsNonRoot": true}}])
}

test_non_zero_run_as_user_allowed if {
	count(deny) == 0 with input as mk_deploy({"runAsUser": 65532}, [{"name": "web"}])
}

test_explicit_root_left_to_run_as_root if {
	count(deny) == 0 with input as mk_deploy({}, [{"name": "web", "securityContext": {"runAsUser": 0}}])
	count(deny) == 0 with input as mk_deploy({"runAsNonRoot": false}, [{"name": "web"}])
}

test_init_containers_checked if {
	doc := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "migrate"}, "spec": {"template": {"spec": {
		"securityContext": {"runAsNonRoot": true},
		"initContainers": [{"name": "wait", "securityContext": {"runAsNonRoot": false, "runAsUser": 1000}}],
		"containers": [{"name": "migrate"}],
	}}}}
	count(deny) == 0 with input as doc
}
