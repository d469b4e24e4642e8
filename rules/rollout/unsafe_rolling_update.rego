# METADATA
# title: Unsafe rolling update
# description: >-
#   A rolling update whose maxUnavailable covers every replica ("100%", or a number at least
#   spec.replicas, which defaults to 1) can take all pods down at once; one whose maxSurge and
#   maxUnavailable are both zero can never make progress. Checked on Deployments
#   (spec.strategy.rollingUpdate), Argo Rollouts (spec.strategy.canary) and DaemonSets
#   (maxUnavailable "100%" only, as their size is the node count).
# custom:
#   id: unsafe-rolling-update
#   severity: error
#   kinds: [Deployment, Rollout, DaemonSet]
#   remediation: >-
#     Keep maxUnavailable below the replica count (e.g. 25% or 1 with several replicas) and let
#     at least one of maxSurge and maxUnavailable be non-zero.
package tollgate.rollout.unsafe_rolling_update

import data.tollgate.lib.k8s

# Where the rolling-update parameters live.
params_path := ["spec", "strategy", "rollingUpdate"] if input.kind == "Deployment"

params_path := ["spec", "strategy", "canary"] if k8s.is_argo_rollout(input)

params_path := ["spec", "updateStrategy", "rollingUpdate"] if input.kind == "DaemonSet"

params := p if {
	p := object.get(input, params_path, null)
	is_object(p)
	object.get(input, ["spec", "strategy", "type"], "RollingUpdate") != "Recreate"
}

# `25%` → 25; undefined for anything else. String built-ins rather than a regex: this runs
# for every workload.
percent(v) := to_number(n) if {
	is_string(v)
	endswith(v, "%")
	n := trim_suffix(v, "%")
	parts := split(n, ".")
	count(parts) <= 2
	every p in parts {
		p != ""
		trim(p, "0123456789") == ""
	}
}

zero(v) if v == 0

zero(v) if percent(v) == 0

# maxUnavailable takes every replica down.
all_unavailable(v) if percent(v) >= 100

all_unavailable(v) if {
	input.kind != "DaemonSet"
	is_number(v)
	replicas := k8s.replicas(input)
	replicas > 0
	v >= replicas
}

deny contains {"msg": msg, "path": path} if {
	v := params.maxUnavailable
	all_unavailable(v)
	path := array.concat(params_path, ["maxUnavailable"])
	msg := sprintf("%s rolling update may take every pod down at once (maxUnavailable: %v with %s)", [k8s.describe_doc(input), v, size])
}

size := "one pod per node" if input.kind == "DaemonSet"

size := "1 replica" if {
	input.kind != "DaemonSet"
	k8s.replicas(input) == 1
}

size := sprintf("%d replicas", [n]) if {
	input.kind != "DaemonSet"
	n := k8s.replicas(input)
	n != 1
}

deny contains {"msg": msg, "path": params_path} if {
	zero(params.maxSurge)
	zero(params.maxUnavailable)
	msg := sprintf("%s rolling update cannot progress: maxSurge and maxUnavailable are both 0", [k8s.describe_doc(input)])
}
