package tollgate.k8s.mutable_image_tag

import rego.v1

digest := "sha256:4f7a0c8d2b1e9f3a6c5d8e7b0a1f2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b"

mk(images) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"name": sprintf("c%d", [i]), "image": img} | some i, img in images]}}}}

reported(images) := got if {
	got := {f.path[4] | some f in deny} with input as mk(images)
}

test_latest_denied if {
	findings := deny with input as mk(["nginx:latest"])
	findings == {{
		"msg": "container \"c0\" image \"nginx:latest\" uses the tag latest and no digest: it can change without a manifest change",
		"path": ["spec", "template", "spec", "containers", 0, "image"],
	}}
}

test_untagged_denied if {
	reported(["nginx", "ghcr.io/acme/web", "registry.local:5000/team/app"]) == {0, 1, 2}
}

test_versioned_allowed if {
	reported(["nginx:1.27.2", "registry.local:5000/team/app:2.0.1"]) == set()
}

test_digest_allowed if {
	reported([sprintf("nginx@%s", [digest]), sprintf("nginx:latest@%s", [digest])]) == set()
}

test_init_containers_checked if {
	doc := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "wait", "image": "busybox"}],
		"containers": [{"name": "j", "image": "acme/job:1.0"}],
	}}}}
	{f.path | some f in deny} == {["spec", "template", "spec", "initContainers", 0, "image"]} with input as doc
}
