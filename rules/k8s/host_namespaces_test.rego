package tollgate.k8s.host_namespaces

import rego.v1

mk_ds(pod) := {
	"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "node-agent"},
	"spec": {"template": {"spec": object.union(pod, {"containers": [{"name": "agent"}]})}},
}

test_one_finding_per_field if {
	findings := deny with input as mk_ds({"hostNetwork": true, "hostPID": true, "hostIPC": true})
	{f.path | some f in findings} == {
		["spec", "template", "spec", "hostNetwork"],
		["spec", "template", "spec", "hostPID"],
		["spec", "template", "spec", "hostIPC"],
	}
}

test_message if {
	findings := deny with input as mk_ds({"hostNetwork": true})
	findings == {{
		"msg": "DaemonSet \"node-agent\" shares the node's network namespace (hostNetwork: true)",
		"path": ["spec", "template", "spec", "hostNetwork"],
	}}
}

test_pod if {
	findings := deny with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostPID": true, "containers": [{"name": "c"}]}}
	{f.path | some f in findings} == {["spec", "hostPID"]}
}

test_false_allowed if {
	count(deny) == 0 with input as mk_ds({"hostNetwork": false, "hostPID": false, "hostIPC": false})
	count(deny) == 0 with input as mk_ds({})
}
