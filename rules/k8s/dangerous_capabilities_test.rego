package tollgate.k8s.dangerous_capabilities

import rego.v1

mk_deploy(add) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "vpn"},
	"spec": {"template": {"spec": {"containers": [{"name": "vpn", "securityContext": {"capabilities": {"add": add}}}]}}},
}

test_sys_admin_denied if {
	findings := deny with input as mk_deploy(["SYS_ADMIN"])
	findings == {{
		"msg": "container \"vpn\" adds the dangerous capability SYS_ADMIN",
		"path": ["spec", "template", "spec", "containers", 0, "securityContext", "capabilities", "add", 0],
	}}
}

test_case_and_prefix_insensitive if {
	findings := deny with input as mk_deploy(["NET_BIND_SERVICE", "cap_net_admin", "CAP_SYS_PTRACE", "all", "net_raw"])
	{f.path[8] | some f in findings} == {1, 2, 3, 4}
}

test_safe_capabilities_allowed if {
	count(deny) == 0 with input as mk_deploy(["NET_BIND_SERVICE", "CHOWN"])
}

test_drop_is_not_add if {
	doc := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "securityContext": {"capabilities": {"drop": ["ALL"]}}}]}}
	count(deny) == 0 with input as doc
}
