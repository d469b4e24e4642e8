# Shared helpers for the built-in rules: where pod specs and containers live in each workload
# kind, image references, label selectors, replicas and namespaces. No rule is declared here.
#
# Rules refer to this package's rules by full path (`data.tollgate.lib.k8s.containers`) and to
# its functions through the import (`k8s.describe(c)`): regorus' VM compiles `k8s.containers`
# as a lookup of the whole package, evaluating every rule in it, on every document.
package tollgate.lib.k8s

import rego.v1

# Kinds whose pod spec is at .spec.template.spec (Argo Rollouts are handled apart: they need the
# argoproj.io API group and may use .spec.workloadRef instead of a template).
template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}

# Every kind that can carry a pod spec.
workload_kinds := template_kinds | {"Pod", "CronJob", "Rollout"}

# Kinds whose pods are meant to run until replaced (never Jobs, CronJobs or bare Pods).
long_running_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Rollout"}

container_fields := ["containers", "initContainers", "ephemeralContainers"]

is_argo_rollout(doc) if {
	doc.kind == "Rollout"
	startswith(doc.apiVersion, "argoproj.io/")
}

# The path of a document's pod spec (undefined for a kind without one).
pod_spec_path(doc) := ["spec"] if doc.kind == "Pod"

pod_spec_path(doc) := ["spec", "template", "spec"] if template_kinds[doc.kind]

pod_spec_path(doc) := ["spec", "template", "spec"] if is_argo_rollout(doc)

pod_spec_path(doc) := ["spec", "jobTemplate", "spec", "template", "spec"] if doc.kind == "CronJob"

# The pod specs of a document, each {"spec": <PodSpec>, "path": [...]} (empty when the pod spec
# is absent, e.g. an Argo Rollout with spec.workloadRef). Arrays, not sets: a set of objects
# that hold whole pod specs costs deep comparisons on every document.
pod_specs_of(doc) := [{"spec": s, "path": p} |
	p := pod_spec_path(doc)
	s := object.get(doc, p, null)
	is_object(s)
]

pod_specs := pod_specs_of(input)

# The containers of a document (containers, initContainers and ephemeralContainers), each
# {"container": <Container>, "path": [..., field, index], "field": field,
#  "pod_spec": <PodSpec>, "pod_path": [...]}.
containers_of(doc) := [c |
	some ps in pod_specs_of(doc)
	some field in container_fields
	list := object.get(ps.spec, field, [])
	is_array(list)
	some i, ctr in list
	is_object(ctr)
	c := {
		"container": ctr,
		"path": array.concat(ps.path, [field, i]),
		"field": field,
		"pod_spec": ps.spec,
		"pod_path": ps.path,
	}
]

containers := containers_of(input)

# Whether a container runs for the pod's whole life: a regular container, or a native sidecar
# (an init container with restartPolicy: Always). Ephemeral (debug) containers are not.
long_running(c) if c.field == "containers"

long_running(c) if {
	c.field == "initContainers"
	c.container.restartPolicy == "Always"
}

container_name(ctr) := n if {
	n := ctr.name
	is_string(n)
} else := "<unnamed>"

container_noun(field) := "container" if field == "containers"

container_noun(field) := "init container" if field == "initContainers"

container_noun(field) := "ephemeral container" if field == "ephemeralContainers"

# `container "web"`, `init container "migrate"`, ...
describe(c) := sprintf("%s \"%s\"", [container_noun(c.field), container_name(c.container)])

name_of(doc) := n if {
	n := doc.metadata.name
	is_string(n)
} else := "<unnamed>"

# `Deployment "web"`
describe_doc(doc) := sprintf("%s \"%s\"", [object.get(doc, "kind", "document"), name_of(doc)])

# ---- securityContext values, container level over pod level -------------------------------

# The effective value of a securityContext field for a container: {"value": v, "path": [...],
# "level": "container"|"pod"}; undefined when neither the container nor the pod sets it.
effective_security(c, field) := {"value": v, "path": array.concat(c.path, ["securityContext", field]), "level": "container"} if {
	v := c.container.securityContext[field]
	v != null
} else := {"value": v, "path": array.concat(c.pod_path, ["securityContext", field]), "level": "pod"} if {
	v := c.pod_spec.securityContext[field]
	v != null
}

# ---- images -------------------------------------------------------------------------------

# The image reference without its digest.
image_name(img) := split(img, "@")[0]

# Whether the image is pinned by a content digest (`@sha256:<hex>`).
# (String built-ins rather than a regex: this runs for every container of every document.)
has_digest(img) if {
	at := split(img, "@")
	count(at) == 2
	digest := split(at[1], ":")
	count(digest) == 2
	trim(digest[0], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+._-") == ""
	digest[0] != ""
	count(digest[1]) >= 32
	trim(digest[1], "0123456789abcdefABCDEF") == ""
}

# The tag: after the last ':' of the last path component (so the port of `registry:5000/app`
# is not a tag). Undefined when there is none.
image_tag(img) := tag if {
	parts := split(image_name(img), "/")
	last := parts[count(parts) - 1]
	contains(last, ":")
	pieces := split(last, ":")
	tag := pieces[count(pieces) - 1]
}

# ---- replicas, labels, selectors, namespaces ---------------------------------------------

# spec.replicas, defaulting to 1 as the API server does.
replicas(doc) := r if {
	r := doc.spec.replicas
	is_number(r)
} else := 1

# The labels of the pods a workload creates: its template's labels, else its selector's
# matchLabels (an Argo Rollout with workloadRef has no template).
pod_labels(doc) := l if {
	l := doc.spec.template.metadata.labels
	is_object(l)
} else := l if {
	l := doc.spec.selector.matchLabels
	is_object(l)
} else := {}

# Whether a LabelSelector (matchLabels and matchExpressions) selects `labels`. An empty
# selector `{}` selects everything (policy/v1 semantics); a null or missing one selects nothing.
selector_matches(sel, labels) if {
	is_object(sel)
	every k, v in object.get(sel, "matchLabels", {}) {
		labels[k] == v
	}
	every e in object.get(sel, "matchExpressions", []) {
		expression_matches(e, labels)
	}
}

expression_matches(e, labels) if {
	e.operator == "In"
	label_in(labels, e.key, e.values)
}

# NotIn also matches pods that lack the label.
expression_matches(e, labels) if {
	e.operator == "NotIn"
	not label_in(labels, e.key, object.get(e, "values", []))
}

label_in(labels, key, values) if {
	some v in values
	labels[key] == v
}

expression_matches(e, labels) if {
	e.operator == "Exists"
	_ = labels[e.key]
}

expression_matches(e, labels) if {
	e.operator == "DoesNotExist"
	not has_label(labels, e.key)
}

has_label(labels, key) if _ = labels[key]

namespace_of(doc) := ns if {
	ns := doc.metadata.namespace
	is_string(ns)
} else := ""

# Two documents of one unit are taken to land in the same namespace when their namespaces are
# equal or when either leaves it unset (GitOps tools and kustomize usually inject it).
same_namespace(a, b) if namespace_of(a) == namespace_of(b)

same_namespace(a, _) if namespace_of(a) == ""

same_namespace(_, b) if namespace_of(b) == ""

# Whether an autoscaler among `docs` (a HorizontalPodAutoscaler, or a KEDA ScaledObject whose
# scaleTargetRef.kind defaults to Deployment) scales `doc`.
autoscaled(doc, docs) if {
	some a in docs
	a.kind == "HorizontalPodAutoscaler"
	ref := a.spec.scaleTargetRef
	ref.kind == doc.kind
	ref.name == name_of(doc)
	same_namespace(a, doc)
}

autoscaled(doc, docs) if {
	some a in docs
	a.kind == "ScaledObject"
	startswith(a.apiVersion, "keda.sh/")
	ref := a.spec.scaleTargetRef
	object.get(ref, "kind", "Deployment") == doc.kind
	ref.name == name_of(doc)
	same_namespace(a, doc)
}
