package tollgate.k8s.image_not_pinned

import rego.v1

digest := "sha256:4f7a0c8d2b1e9f3a6c5d8e7b0a1f2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b"

mk(images) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"name": sprintf("c%d", [i]), "image": img} | some i, img in images]}}}}

reported(images) := got if {
	got := {f.path[4] | some f in deny} with input as mk(images)
}

test_tag_only_reported if {
	findings := deny with input as mk(["nginx:1.27.2"])
	findings == {{
		"msg": "container \"c0\" image \"nginx:1.27.2\" is pinned by tag only (no @sha256 digest)",
		"path": ["spec", "template", "spec", "containers", 0, "image"],
	}}
}

test_registry_port_with_tag_reported if {
	reported(["registry.local:5000/team/app:2.0.1"]) == {0}
}

test_digest_allowed if {
	reported([sprintf("nginx:1.27.2@%s", [digest]), sprintf("ghcr.io/acme/web@%s", [digest])]) == set()
}

test_mutable_tags_left_to_mutable_image_tag if {
	reported(["nginx", "nginx:latest", "registry.local:5000/team/app"]) == set()
}
