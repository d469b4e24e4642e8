# METADATA
# title: Privilege escalation allowed
# description: >-
#   With allowPrivilegeEscalation true a process in the container can gain more privileges than
#   its parent (setuid binaries, file capabilities), which defeats runAsNonRoot and dropped
#   capabilities.
# custom:
#   id: privilege-escalation
#   severity: error
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: Set securityContext.allowPrivilegeEscalation to false.
#   related:
#     kube-linter: privilege-escalation-container
#     checkov: CKV_K8S_20
#     trivy: KSV001
package tollgate.k8s.privilege_escalation

import data.tollgate.lib.k8s

deny contains {"msg": msg, "path": path} if {
	some c in data.tollgate.lib.k8s.containers
	c.container.securityContext.allowPrivilegeEscalation == true
	path := array.concat(c.path, ["securityContext", "allowPrivilegeEscalation"])
	msg := sprintf("%s allows privilege escalation (securityContext.allowPrivilegeEscalation: true)", [k8s.describe(c)])
}
