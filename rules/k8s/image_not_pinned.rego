# METADATA
# title: Image not pinned by digest
# description: >-
#   A version tag can be re-pushed; only a digest (@sha256:...) guarantees that every pod, and
#   every rollback, runs the same bytes. Images mutable-image-tag already reports (no tag or
#   latest) are not reported again.
# custom:
#   id: image-not-pinned
#   severity: info
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: Append the image's digest (image:1.2.3@sha256:...), e.g. with kustomize images or a digest-pinning bot.
#   related:
#     checkov: CKV_K8S_43
package tollgate.k8s.image_not_pinned

import data.tollgate.lib.k8s

deny contains {"msg": msg, "path": path} if {
	some c in data.tollgate.lib.k8s.containers
	img := c.container.image
	is_string(img)
	not k8s.has_digest(img)
	tag := k8s.image_tag(img)
	tag != "latest"
	path := array.concat(c.path, ["image"])
	msg := sprintf("%s image \"%s\" is pinned by tag only (no @sha256 digest)", [k8s.describe(c), img])
}
