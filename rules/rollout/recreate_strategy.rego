# METADATA
# title: Recreate deployment strategy
# description: >-
#   strategy.type Recreate kills every old pod before starting the new ones, so every rollout
#   and every rollback is an outage. Only Deployments have it (a StatefulSet or DaemonSet
#   updateStrategy OnDelete causes no downtime by itself and is not reported).
# custom:
#   id: recreate-strategy
#   severity: warning
#   kinds: [Deployment]
#   remediation: >-
#     Use strategy.type RollingUpdate; keep Recreate only when two versions must never run at
#     once (e.g. a ReadWriteOnce volume), and then say so in a comment or an exception.
#   related:
#     kube-linter: no-rolling-update-strategy
package tollgate.rollout.recreate_strategy

import data.tollgate.lib.k8s

deny contains {"msg": msg, "path": ["spec", "strategy", "type"]} if {
	input.kind == "Deployment"
	input.spec.strategy.type == "Recreate"
	msg := sprintf("%s uses strategy Recreate: every rollout and rollback stops all pods first", [k8s.describe_doc(input)])
}
