# METADATA
# title: Resource requests missing
# description: >-
#   A container without cpu or memory requests is scheduled as if it needed nothing: nodes get
#   overcommitted, the pod is among the first evicted under memory pressure, and autoscalers have
#   no baseline. A limit counts as a request (the API server defaults requests to limits).
#   Regular containers and init containers are checked (ephemeral containers take no resources).
# custom:
#   id: missing-resource-requests
#   severity: warning
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: Set resources.requests.cpu and resources.requests.memory on every container.
#   related:
#     kube-linter: unset-cpu-requirements
#     checkov: [CKV_K8S_10, CKV_K8S_12]
#     trivy: [KSV015, KSV016]
package tollgate.k8s.missing_resource_requests

import data.tollgate.lib.k8s

has_amount(ctr, resource) if {
	some kind in ["requests", "limits"]
	v := ctr.resources[kind][resource]
	v != null
	v != ""
}

# Points at the deepest existing object that lacks the request.
target(c) := array.concat(c.path, ["resources", "requests"]) if {
	is_object(c.container.resources.requests)
} else := array.concat(c.path, ["resources"]) if {
	is_object(c.container.resources)
} else := c.path

deny contains {"msg": msg, "path": path} if {
	some c in data.tollgate.lib.k8s.containers
	c.field != "ephemeralContainers"
	missing := [r | some r in ["cpu", "memory"]; not has_amount(c.container, r)]
	count(missing) > 0
	path := target(c)
	msg := sprintf("%s has no %s request", [k8s.describe(c), concat(" or ", missing)])
}
