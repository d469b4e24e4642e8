package tollgate.k8s.privileged_container

import rego.v1

mk_deploy(ctrs) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
	"spec": {"template": {"spec": {"containers": ctrs}}},
}

test_privileged_container_denied if {
	findings := deny with input as mk_deploy([{"name": "web", "image": "nginx:1.27", "securityContext": {"privileged": true}}])
	findings == {{
		"msg": "container \"web\" is privileged (securityContext.privileged: true)",
		"path": ["spec", "template", "spec", "containers", 0, "securityContext", "privileged"],
	}}
}

test_privileged_init_container_in_cronjob_denied if {
	doc := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "backup"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"initContainers": [{"name": "setup", "securityContext": {"privileged": true}}],
		"containers": [{"name": "backup"}],
	}}}}}}
	findings := deny with input as doc
	[f | some f in findings][0].path == ["spec", "jobTemplate", "spec", "template", "spec", "initContainers", 0, "securityContext", "privileged"]
	count(findings) == 1
}

test_privileged_pod_denied if {
	findings := deny with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug"}, "spec": {"containers": [
		{"name": "ok"},
		{"name": "shell", "securityContext": {"privileged": true}},
	]}}
	{f.path | some f in findings} == {["spec", "containers", 1, "securityContext", "privileged"]}
}

test_privileged_false_allowed if {
	count(deny) == 0 with input as mk_deploy([{"name": "web", "securityContext": {"privileged": false}}])
}

test_no_security_context_allowed if {
	count(deny) == 0 with input as mk_deploy([{"name": "web"}])
}

test_rollout_with_workload_ref_ignored if {
	count(deny) == 0 with input as {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"}, "spec": {"workloadRef": {"kind": "Deployment", "name": "web"}}}
}
