# METADATA
# title: Privileged container
# description: >-
#   A privileged container runs with every Linux capability and access to all host devices,
#   so a compromise of the container is a compromise of the node.
# custom:
#   id: privileged-container
#   severity: error
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: Set securityContext.privileged to false (or remove it).
#   related:
#     kube-linter: privileged-container
#     checkov: CKV_K8S_16
#     trivy: KSV017
package tollgate.k8s.privileged_container

import data.tollgate.lib.k8s

deny contains {"msg": msg, "path": path} if {
	some c in data.tollgate.lib.k8s.containers
	c.container.securityContext.privileged == true
	path := array.concat(c.path, ["securityContext", "privileged"])
	msg := sprintf("%s is privileged (securityContext.privileged: true)", [k8s.describe(c)])
}
