# METADATA
# title: HelmRelease upgrade not remediated
# description: >-
#   A Flux HelmRelease whose failed upgrade is not rolled back stays in a failed, half-applied
#   release. helm-controller remediates (by default: rolls back) only when
#   spec.upgrade.remediation.retries is non-zero or remediateLastFailure is true; with no
#   remediation block, retries 0, remediateLastFailure false, strategy uninstall, or
#   spec.upgrade.strategy.name RetryOnFailure, the previous release is not restored.
#   spec.rollback only tunes how a rollback runs; it does not enable one. Defaults patched in
#   later (e.g. by a Flux Kustomization's patches) are not visible here.
# custom:
#   id: helmrelease-no-remediation
#   severity: error
#   kinds: [HelmRelease]
#   remediation: >-
#     Set spec.upgrade.remediation.retries (e.g. 3) or remediateLastFailure: true, and keep
#     strategy rollback (the default).
package tollgate.rollout.helmrelease_no_remediation

import data.tollgate.lib.k8s

is_helmrelease if {
	input.kind == "HelmRelease"
	startswith(input.apiVersion, "helm.toolkit.fluxcd.io/")
}

upgrade := u if {
	u := input.spec.upgrade
	is_object(u)
}

remediation := r if {
	r := upgrade.remediation
	is_object(r)
}

retry_on_failure if upgrade.strategy.name == "RetryOnFailure"

retries := n if {
	n := remediation.retries
	is_number(n)
} else := 0

name := k8s.describe_doc(input)

# The upgrade strategy RetryOnFailure retries without any remediation.
deny contains {"msg": msg, "path": ["spec", "upgrade", "strategy", "name"]} if {
	is_helmrelease
	retry_on_failure
	msg := sprintf("%s retries failed upgrades without remediation (upgrade.strategy.name: RetryOnFailure): a failed upgrade is never rolled back", [name])
}

# No remediation block at all: retries default to 0 and remediateLastFailure to false.
deny contains {"msg": msg, "path": path} if {
	is_helmrelease
	not retry_on_failure
	not remediation
	path := missing_path
	msg := sprintf("%s sets no spec.upgrade.remediation: a failed upgrade is left in place, not rolled back", [name])
}

missing_path := ["spec", "upgrade"] if upgrade else := ["spec"]

# retries 0 without remediateLastFailure: true.
deny contains {"msg": msg, "path": path} if {
	is_helmrelease
	not retry_on_failure
	remediation
	retries == 0
	not remediation.remediateLastFailure == true
	path := zero_retry_path
	msg := sprintf("%s does not remediate a failed upgrade (retries 0 and remediateLastFailure not true): it is left in place, not rolled back", [name])
}

zero_retry_path := ["spec", "upgrade", "remediation", "remediateLastFailure"] if {
	remediation.remediateLastFailure == false
} else := ["spec", "upgrade", "remediation", "retries"] if {
	remediation.retries != null
} else := ["spec", "upgrade", "remediation"]

# Retries, but the last failure is explicitly left unremediated.
deny contains {"msg": msg, "path": ["spec", "upgrade", "remediation", "remediateLastFailure"]} if {
	is_helmrelease
	not retry_on_failure
	retries > 0
	remediation.remediateLastFailure == false
	msg := sprintf("%s leaves the last failed upgrade in place (remediateLastFailure: false)", [name])
}

# Remediation happens, but by uninstalling the release instead of rolling it back.
deny contains {"msg": msg, "path": ["spec", "upgrade", "remediation", "strategy"]} if {
	is_helmrelease
	not retry_on_failure
	remediates
	remediation.strategy == "uninstall"
	msg := sprintf("%s remediates a failed upgrade by uninstalling the release (remediation.strategy: uninstall), not by rolling back", [name])
}

remediates if retries != 0

remediates if remediation.remediateLastFailure == true
