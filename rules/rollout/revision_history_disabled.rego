# METADATA
# title: Revision history disabled
# description: >-
#   revisionHistoryLimit: 0 deletes every old ReplicaSet (or ControllerRevision) as soon as a
#   rollout finishes, so `kubectl rollout undo` and Argo Rollouts have nothing to roll back to.
# custom:
#   id: revision-history-disabled
#   severity: error
#   kinds: [Deployment, StatefulSet, DaemonSet, Rollout]
#   remediation: Remove revisionHistoryLimit (default 10) or set it to at least 2.
package tollgate.rollout.revision_history_disabled

import data.tollgate.lib.k8s

kinds := {"Deployment", "StatefulSet", "DaemonSet", "Rollout"}

deny contains {"msg": msg, "path": ["spec", "revisionHistoryLimit"]} if {
	kinds[input.kind]
	input.spec.revisionHistoryLimit == 0
	msg := sprintf("%s keeps no revision history (revisionHistoryLimit: 0): it cannot be rolled back", [k8s.describe_doc(input)])
}
