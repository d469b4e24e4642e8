# METADATA
# title: hostPath volume
# description: >-
#   A hostPath volume mounts a directory or file of the node into the pod. It ties the pod to
#   one node's filesystem and, unless the path is harmless and read-only, lets the container
#   read or tamper with node files (container runtime sockets, kubelet credentials, logs).
# custom:
#   id: host-path-volume
#   severity: warning
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: >-
#     Use an emptyDir, a PersistentVolumeClaim, a ConfigMap/Secret or a CSI volume instead; if a
#     host path is unavoidable, mount it readOnly and keep it as narrow as possible.
#   related:
#     trivy: KSV023
package tollgate.k8s.host_path_volume

deny contains {"msg": msg, "path": path} if {
	some ps in data.tollgate.lib.k8s.pod_specs
	some i, vol in ps.spec.volumes
	hp := vol.hostPath
	hp != null
	path := array.concat(ps.path, ["volumes", i, "hostPath"])
	msg := sprintf("volume \"%s\" mounts the node path \"%s\" (hostPath)", [object.get(vol, "name", "<unnamed>"), object.get(hp, "path", "")])
}
