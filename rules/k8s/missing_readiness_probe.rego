# METADATA
# title: Readiness probe missing
# description: >-
#   Without a readiness probe a container counts as ready as soon as it starts, so Services send
#   it traffic before it can serve and a rolling update or rollout moves on (and retires the old
#   pods) even when the new version never becomes able to serve. Checked on long-running
#   workloads only (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Argo
#   Rollout), on regular containers and native sidecars (init containers with
#   restartPolicy: Always); never on Jobs, CronJobs, bare Pods, init or ephemeral containers.
# custom:
#   id: missing-readiness-probe
#   severity: error
#   kinds: [Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Rollout]
#   remediation: >-
#     Add a readinessProbe (httpGet, tcpSocket, grpc or exec) that succeeds only when the
#     container can serve requests.
#   related:
#     kube-linter: no-readiness-probe
#     checkov: CKV_K8S_9
package tollgate.k8s.missing_readiness_probe

import data.tollgate.lib.k8s

deny contains {"msg": msg, "path": c.path} if {
	data.tollgate.lib.k8s.long_running_kinds[input.kind]
	some c in data.tollgate.lib.k8s.containers
	k8s.long_running(c)
	object.get(c.container, "readinessProbe", null) == null
	msg := sprintf("%s has no readinessProbe", [k8s.describe(c)])
}
