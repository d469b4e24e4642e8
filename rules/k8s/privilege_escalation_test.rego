package tollgate.k8s.privilege_escalation

import rego.v1

mk_deploy(ctrs) := {
	"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
	"spec": {"template": {"spec": {"containers": ctrs}}},
}

test_allow_privilege_escalation_true_denied if {
	findings := deny with input as mk_deploy([{"name": "db", "securityContext": {"allowPrivilegeEscalation": true}}])
	findings == {{
		"msg": "container \"db\" allows privilege escalation (securityContext.allowPrivilegeEscalation: true)",
		"path": ["spec", "template", "spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"],
	}}
}

test_only_offending_containers_reported if {
	findings := deny with input as mk_deploy([
		{"name": "db", "securityContext": {"allowPrivilegeEscalation": false}},
		{"name": "exporter", "securityContext": {"allowPrivilegeEscalation": true}},
	])
	{f.path[4] | some f in findings} == {1}
}

test_false_allowed if {
	count(deny) == 0 with input as mk_deploy([{"name": "db", "securityContext": {"allowPrivilegeEscalation": false}}])
}

test_unset_not_reported if {
	count(deny) == 0 with input as mk_deploy([{"name": "db"}])
}
