# METADATA
# title: Dangerous capability added
# description: >-
#   The container adds a Linux capability that allows escaping the container or attacking the
#   node or its network - ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO, SYS_PTRACE, SYS_BOOT, SYS_TIME,
#   DAC_READ_SEARCH, BPF, PERFMON, NET_ADMIN or NET_RAW (matched case-insensitively, with or
#   without the CAP_ prefix).
# custom:
#   id: dangerous-capabilities
#   severity: error
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: >-
#     Remove the capability from securityContext.capabilities.add; drop ALL and add back only
#     narrow ones such as NET_BIND_SERVICE.
#   related:
#     checkov: CKV_K8S_39
#     trivy: KSV005
package tollgate.k8s.dangerous_capabilities

import data.tollgate.lib.k8s

dangerous := {
	"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO", "SYS_PTRACE", "SYS_BOOT", "SYS_TIME",
	"DAC_READ_SEARCH", "BPF", "PERFMON", "NET_ADMIN", "NET_RAW",
}

normalize(cap) := trim_prefix(upper(trim_space(cap)), "CAP_")

deny contains {"msg": msg, "path": path} if {
	some c in data.tollgate.lib.k8s.containers
	added := c.container.securityContext.capabilities.add
	is_array(added)
	some i, cap in added
	is_string(cap)
	dangerous[normalize(cap)]
	path := array.concat(c.path, ["securityContext", "capabilities", "add", i])
	msg := sprintf("%s adds the dangerous capability %s", [k8s.describe(c), normalize(cap)])
}
