# METADATA
# title: Liveness probe missing
# description: >-
#   Without a liveness probe a container that deadlocks or hangs keeps running and keeps its
#   slot until someone notices; the kubelet only restarts containers whose process exits.
#   Checked on long-running workloads only (Deployment, StatefulSet, DaemonSet, ReplicaSet,
#   ReplicationController, Argo Rollout), on regular containers and native sidecars (init
#   containers with restartPolicy: Always); never on Jobs, CronJobs, bare Pods, init or
#   ephemeral containers.
# custom:
#   id: missing-liveness-probe
#   severity: warning
#   kinds: [Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Rollout]
#   remediation: >-
#     Add a livenessProbe that fails only when the process is stuck for good (keep it cheaper and
#     more tolerant than the readiness probe).
#   related:
#     kube-linter: no-liveness-probe
#     checkov: CKV_K8S_8
package tollgate.k8s.missing_liveness_probe

import data.tollgate.lib.k8s

deny contains {"msg": msg, "path": c.path} if {
	data.tollgate.lib.k8s.long_running_kinds[input.kind]
	some c in data.tollgate.lib.k8s.containers
	k8s.long_running(c)
	object.get(c.container, "livenessProbe", null) == null
	msg := sprintf("%s has no livenessProbe", [k8s.describe(c)])
}
