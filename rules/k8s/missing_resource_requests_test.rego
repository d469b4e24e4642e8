package tollgate.k8s.missing_resource_requests

import rego.v1

mk(ctrs) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"}, "spec": {"template": {"spec": {"containers": ctrs}}}}

base := ["spec", "template", "spec", "containers", 0]

test_no_resources_denied_at_container if {
	findings := deny with input as mk([{"name": "api"}])
	findings == {{"msg": "container \"api\" has no cpu or memory request", "path": base}}
}

test_missing_memory_points_at_requests if {
	findings := deny with input as mk([{"name": "api", "resources": {"requests": {"cpu": "100m"}}}])
	findings == {{"msg": "container \"api\" has no memory request", "path": array.concat(base, ["resources", "requests"])}}
}

test_missing_cpu_points_at_resources if {
	findings := deny with input as mk([{"name": "api", "resources": {"limits": {"memory": "256Mi"}}}])
	findings == {{"msg": "container \"api\" has no cpu request", "path": array.concat(base, ["resources"])}}
}

test_requests_allowed if {
	count(deny) == 0 with input as mk([{"name": "api", "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}])
}

test_limits_count_as_requests if {
	count(deny) == 0 with input as mk([{"name": "api", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}])
}

test_init_containers_checked_ephemeral_not if {
	doc := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
		"initContainers": [{"name": "init"}],
		"ephemeralContainers": [{"name": "debug"}],
		"containers": [{"name": "c", "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}],
	}}
	{f.path | some f in deny} == {["spec", "initContainers", 0]} with input as doc
}
