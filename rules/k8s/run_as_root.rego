# METADATA
# title: Container runs as root
# description: >-
#   The container is explicitly set to run as UID 0 (runAsUser: 0), or the runAsNonRoot check is
#   switched off (runAsNonRoot: false) with no non-zero runAsUser, so it runs as root whenever the
#   image does. The container's securityContext wins over the pod's. A pod-level value is reported
#   once, on the pod's field, naming the containers that inherit it.
# custom:
#   id: run-as-root
#   severity: error
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: >-
#     Set runAsNonRoot to true and runAsUser to a non-zero UID in the container's or the pod's
#     securityContext, and build the image with a non-root USER.
#   related:
#     kube-linter: run-as-non-root
#     checkov: CKV_K8S_23
#     trivy: KSV105
package tollgate.k8s.run_as_root

import data.tollgate.lib.k8s

# Why one container runs as root: the securityContext field responsible, container or pod level.
root_cause(c) := {"path": u.path, "level": u.level, "what": "runAsUser: 0"} if {
	u := k8s.effective_security(c, "runAsUser")
	u.value == 0
} else := {"path": n.path, "level": n.level, "what": "runAsNonRoot: false"} if {
	n := k8s.effective_security(c, "runAsNonRoot")
	n.value == false
	not k8s.effective_security(c, "runAsUser")
}

causes contains x if {
	some c in data.tollgate.lib.k8s.containers
	x := {"c": c, "cause": root_cause(c)}
}

deny contains {"msg": msg, "path": x.cause.path} if {
	some x in causes
	x.cause.level == "container"
	msg := sprintf("%s runs as root (securityContext.%s)", [k8s.describe(x.c), x.cause.what])
}

deny contains {"msg": msg, "path": path} if {
	some x in causes
	x.cause.level == "pod"
	path := x.cause.path
	what := x.cause.what
	names := sort([k8s.describe(y.c) |
		some y in causes
		y.cause.path == path
	])
	msg := sprintf("pod securityContext.%s makes %s run as root", [what, concat(", ", names)])
}
