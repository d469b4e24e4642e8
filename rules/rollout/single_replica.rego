# METADATA
# title: Single replica
# description: >-
#   A workload with one replica (spec.replicas 1, or absent, which defaults to 1) is down
#   whenever its pod is rescheduled, evicted or replaced by a rollout that is not surging.
#   Not reported when a HorizontalPodAutoscaler (or a KEDA ScaledObject) of the same unit
#   targets the workload by kind and name, since the autoscaler owns the replica count, nor
#   when replicas is 0 (scaled down on purpose).
# custom:
#   id: single-replica
#   severity: info
#   kinds: [Deployment, StatefulSet, Rollout]
#   remediation: Run at least 2 replicas (3 across zones for critical services), or scale it with an HPA.
#   related:
#     kube-linter: minimum-three-replicas
package tollgate.rollout.single_replica

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

deny contains {"msg": msg, "path": ["spec", "replicas"]} if {
	applies
	input.spec.replicas == 1
	not k8s.autoscaled(input, unit_documents)
	msg := sprintf("%s runs a single replica (replicas: 1)", [k8s.describe_doc(input)])
}

deny contains {"msg": msg, "path": ["spec"]} if {
	applies
	is_object(input.spec)
	not has_replicas
	not k8s.autoscaled(input, unit_documents)
	msg := sprintf("%s sets no replicas, so it runs a single one (the default)", [k8s.describe_doc(input)])
}

has_replicas if input.spec.replicas != null
