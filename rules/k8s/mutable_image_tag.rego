# METADATA
# title: Mutable image tag
# description: >-
#   An image with no tag (which means :latest) or the tag latest, and no @sha256 digest, can
#   change under the same manifest: two pods of one ReplicaSet may run different code, and a
#   rollback redeploys whatever latest is now rather than what ran before.
# custom:
#   id: mutable-image-tag
#   severity: error
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, Rollout]
#   remediation: Use a specific version tag, ideally with its digest (image:1.2.3@sha256:...).
#   related:
#     kube-linter: latest-tag
#     checkov: CKV_K8S_14
#     trivy: KSV013
package tollgate.k8s.mutable_image_tag

import data.tollgate.lib.k8s

problem(img) := "has no tag (so :latest)" if not k8s.image_tag(img)

problem(img) := "uses the tag latest" if k8s.image_tag(img) == "latest"

deny contains {"msg": msg, "path": path} if {
	some c in data.tollgate.lib.k8s.containers
	img := c.container.image
	is_string(img)
	img != ""
	not k8s.has_digest(img)
	why := problem(img)
	path := array.concat(c.path, ["image"])
	msg := sprintf("%s image \"%s\" %s and no digest: it can change without a manifest change", [k8s.describe(c), img, why])
}
