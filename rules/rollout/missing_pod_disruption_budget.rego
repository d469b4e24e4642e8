# METADATA
# title: PodDisruptionBudget missing
# description: >-
#   A workload that runs several replicas for availability has no PodDisruptionBudget in its
#   unit: a node drain, cluster upgrade or autoscaler scale-down may evict all its pods at once.
#   A budget matches when it is in the same namespace (or either leaves the namespace unset) and
#   its selector (matchLabels and matchExpressions) selects the pod template's labels.
# custom:
#   id: missing-pod-disruption-budget
#   severity: warning
#   kinds: [Deployment, StatefulSet, Rollout]
#   remediation: >-
#     Add a PodDisruptionBudget (policy/v1) whose selector matches the pod labels, with
#     maxUnavailable: 1 or a minAvailable below the replica count.
package tollgate.rollout.missing_pod_disruption_budget

import data.tollgate.lib.k8s

kinds := {"Deployment", "StatefulSet", "Rollout"}

unit_documents := docs if {
	docs := data.tollgate.unit.documents
	is_array(docs)
} else := []

applies if {
	kinds[input.kind]
	input.kind != "Rollout"
}

applies if k8s.is_argo_rollout(input)

covered if {
	some pdb in unit_documents
	pdb.kind == "PodDisruptionBudget"
	k8s.same_namespace(pdb, input)
	k8s.selector_matches(pdb.spec.selector, k8s.pod_labels(input))
}

deny contains {"msg": msg, "path": []} if {
	applies
	replicas := k8s.replicas(input)
	replicas > 1
	not covered
	msg := sprintf("%s runs %d replicas but no PodDisruptionBudget in its unit selects its pods", [k8s.describe_doc(input), replicas])
}
