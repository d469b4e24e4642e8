# METADATA
# title: Host namespaces shared
# description: >-
#   hostNetwork, hostPID or hostIPC put the pod in the node's network, process or IPC namespace:
#   it can sniff node traffic, bind node ports, see and signal every process on the node, or
#   read other pods' shared memory.
# custom:
#   id: host-namespaces
#   severity: error
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).
#   related:
#     kube-linter: [host-network, host-pid, host-ipc]
#     checkov: [CKV_K8S_19, CKV_K8S_17, CKV_K8S_18]
#     trivy: [KSV009, KSV010, KSV008]
package tollgate.k8s.host_namespaces

import data.tollgate.lib.k8s

what := {
	"hostNetwork": "the node's network namespace",
	"hostPID": "the node's process namespace",
	"hostIPC": "the node's IPC namespace",
}

deny contains {"msg": msg, "path": path} if {
	some ps in data.tollgate.lib.k8s.pod_specs
	some field, meaning in what
	ps.spec[field] == true
	path := array.concat(ps.path, [field])
	msg := sprintf("%s shares %s (%s: true)", [k8s.describe_doc(input), meaning, field])
}
