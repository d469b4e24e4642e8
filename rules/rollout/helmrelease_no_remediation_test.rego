package tollgate.rollout.helmrelease_no_remediation

import rego.v1

mk(spec) := {
	"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
	"metadata": {"name": "podinfo", "namespace": "apps"},
	"spec": object.union({"interval": "10m", "chart": {"spec": {"chart": "podinfo", "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}}}}, spec),
}

paths(doc) := ps if {
	ps := {f.path | some f in deny} with input as doc
}

test_no_upgrade_block_denied_at_spec if {
	findings := deny with input as mk({})
	findings == {{
		"msg": "HelmRelease \"podinfo\" sets no spec.upgrade.remediation: a failed upgrade is left in place, not rolled back",
		"path": ["spec"],
	}}
}

test_upgrade_without_remediation_denied_at_upgrade if {
	paths(mk({"upgrade": {"cleanupOnFail": true}})) == {["spec", "upgrade"]}
}

test_rollback_block_does_not_enable_rollback if {
	paths(mk({"rollback": {"cleanupOnFail": true, "recreate": true}})) == {["spec"]}
}

test_zero_retries_denied if {
	paths(mk({"upgrade": {"remediation": {"retries": 0}}})) == {["spec", "upgrade", "remediation", "retries"]}
	paths(mk({"upgrade": {"remediation": {"ignoreTestFailures": true}}})) == {["spec", "upgrade", "remediation"]}
	paths(mk({"upgrade": {"remediation": {"remediateLastFailure": false}}})) == {["spec", "upgrade", "remediation", "remediateLastFailure"]}
}

test_retries_allowed if {
	paths(mk({"upgrade": {"remediation": {"retries": 3}}})) == set()
	paths(mk({"upgrade": {"remediation": {"retries": -1}}})) == set()
	paths(mk({"upgrade": {"remediation": {"retries": 3, "strategy": "rollback"}}})) == set()
}

test_remediate_last_failure_allowed if {
	paths(mk({"upgrade": {"remediation": {"remediateLastFailure": true}}})) == set()
	paths(mk({"upgrade": {"remediation": {"retries": 0, "remediateLastFailure": true}}})) == set()
}

test_retries_with_last_failure_disabled_denied if {
	paths(mk({"upgrade": {"remediation": {"retries": 2, "remediateLastFailure": false}}})) == {["spec", "upgrade", "remediation", "remediateLastFailure"]}
}

test_uninstall_strategy_denied if {
	findings := deny with input as mk({"upgrade": {"remediation": {"retries": 3, "strategy": "uninstall"}}})
	{f.path | some f in findings} == {["spec", "upgrade", "remediation", "strategy"]}
	paths(mk({"upgrade": {"remediation": {"remediateLastFailure": true, "strategy": "uninstall"}}})) == {["spec", "upgrade", "remediation", "strategy"]}
}

test_retry_on_failure_denied if {
	doc := mk({"upgrade": {"strategy": {"name": "RetryOnFailure", "retryInterval": "2m"}, "remediation": {"retries": 3}}})
	paths(doc) == {["spec", "upgrade", "strategy", "name"]}
	paths(mk({"upgrade": {"strategy": {"name": "RemediateOnFailure"}, "remediation": {"retries": 3}}})) == set()
}

test_other_api_groups_ignored if {
	count(deny) == 0 with input as {"apiVersion": "example.com/v1", "kind": "HelmRelease", "metadata": {"name": "x"}, "spec": {}}
}

test_v2beta2_checked if {
	doc := json.patch(mk({}), [{"op": "replace", "path": "/apiVersion", "value": "helm.toolkit.fluxcd.io/v2beta2"}])
	paths(doc) == {["spec"]}
}
