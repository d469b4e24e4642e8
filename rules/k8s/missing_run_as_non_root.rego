# METADATA
# title: runAsNonRoot not set
# description: >-
#   Neither the container nor its pod sets runAsNonRoot: true and no non-zero runAsUser is set,
#   so nothing stops the container from running as root if its image does. Containers that
#   run-as-root already reports (explicit root) are not reported again.
# custom:
#   id: missing-run-as-non-root
#   severity: warning
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: >-
#     Set securityContext.runAsNonRoot to true (on the pod to cover every container) and use an
#     image whose USER is a non-zero UID.
#   related:
#     kube-linter: run-as-non-root
#     checkov: CKV_K8S_23
#     trivy: KSV012
package tollgate.k8s.missing_run_as_non_root

import data.tollgate.lib.k8s

# Explicit root (runAsUser: 0, or runAsNonRoot: false without a runAsUser) is run-as-root's.
explicit_root(c) if k8s.effective_security(c, "runAsUser").value == 0

explicit_root(c) if {
	k8s.effective_security(c, "runAsNonRoot").value == false
	not k8s.effective_security(c, "runAsUser")
}

# A non-root UID is guaranteed by runAsNonRoot: true or by a non-zero runAsUser.
guarded(c) if k8s.effective_security(c, "runAsNonRoot").value == true

guarded(c) if {
	uid := k8s.effective_security(c, "runAsUser").value
	is_number(uid)
	uid != 0
}

deny contains {"msg": msg, "path": c.path} if {
	some c in data.tollgate.lib.k8s.containers
	not guarded(c)
	not explicit_root(c)
	msg := sprintf("%s does not set runAsNonRoot: true (nor does its pod), so it may run as root", [k8s.describe(c)])
}
