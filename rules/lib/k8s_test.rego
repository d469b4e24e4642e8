package tollgate.lib.k8s

import rego.v1

test_pod_spec_paths_per_kind if {
	pod_spec_path({"kind": "Pod"}) == ["spec"]
	pod_spec_path({"kind": "Deployment"}) == ["spec", "template", "spec"]
	pod_spec_path({"kind": "Job"}) == ["spec", "template", "spec"]
	pod_spec_path({"kind": "CronJob"}) == ["spec", "jobTemplate", "spec", "template", "spec"]
	pod_spec_path({"kind": "Rollout", "apiVersion": "argoproj.io/v1alpha1"}) == ["spec", "template", "spec"]
}

test_no_pod_spec_for_other_kinds if {
	not pod_spec_path({"kind": "Service"})
	not pod_spec_path({"kind": "Rollout", "apiVersion": "example.com/v1"})
}

test_rollout_with_workload_ref_has_no_pod_spec if {
	doc := {
		"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
		"spec": {"workloadRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}},
	}
	count(pod_specs_of(doc)) == 0
	count(containers_of(doc)) == 0
}

test_cronjob_containers if {
	doc := {"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "job"}],
	}}}}}}
	paths := {c.path | some c in containers_of(doc)}
	paths == {
		["spec", "jobTemplate", "spec", "template", "spec", "containers", 0],
		["spec", "jobTemplate", "spec", "template", "spec", "initContainers", 0],
	}
}

test_containers_of_all_three_lists if {
	doc := {"kind": "Pod", "spec": {
		"containers": [{"name": "a"}, {"name": "b"}],
		"initContainers": [{"name": "i"}],
		"ephemeralContainers": [{"name": "e"}],
	}}
	got := {[c.field, c.path[2], container_name(c.container)] | some c in containers_of(doc)}
	got == {["containers", 0, "a"], ["containers", 1, "b"], ["initContainers", 0, "i"], ["ephemeralContainers", 0, "e"]}
}

test_containers_tolerates_null_lists if {
	count(containers_of({"kind": "Pod", "spec": {"containers": null}})) == 0
}

test_containers_from_input if {
	count(containers) == 1 with input as {"kind": "Deployment", "spec": {"template": {"spec": {"containers": [{"name": "web"}]}}}}
}

test_long_running if {
	long_running({"field": "containers", "container": {}})
	long_running({"field": "initContainers", "container": {"restartPolicy": "Always"}})
	not long_running({"field": "initContainers", "container": {}})
	not long_running({"field": "ephemeralContainers", "container": {}})
}

test_describe if {
	describe({"field": "initContainers", "container": {"name": "migrate"}}) == "init container \"migrate\""
	describe({"field": "containers", "container": {}}) == "container \"<unnamed>\""
	describe_doc({"kind": "Deployment", "metadata": {"name": "web"}}) == "Deployment \"web\""
}

test_effective_security_container_wins if {
	c := {
		"container": {"securityContext": {"runAsUser": 1000}},
		"path": ["spec", "containers", 0],
		"pod_spec": {"securityContext": {"runAsUser": 0}},
		"pod_path": ["spec"],
	}
	effective_security(c, "runAsUser") == {"value": 1000, "path": ["spec", "containers", 0, "securityContext", "runAsUser"], "level": "container"}
}

test_effective_security_falls_back_to_pod if {
	c := {"container": {}, "path": ["spec", "containers", 0], "pod_spec": {"securityContext": {"runAsNonRoot": false}}, "pod_path": ["spec"]}
	effective_security(c, "runAsNonRoot") == {"value": false, "path": ["spec", "securityContext", "runAsNonRoot"], "level": "pod"}
	not effective_security(c, "runAsUser")
}

test_image_tag if {
	image_tag("nginx:1.27") == "1.27"
	image_tag("ghcr.io/acme/web:latest") == "latest"
	image_tag("registry.local:5000/team/app:2.0.1") == "2.0.1"
	image_tag("nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000") == "1.27"
	not image_tag("nginx")
	not image_tag("registry.local:5000/team/app")
	not image_tag("nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000")
}

test_has_digest if {
	has_digest("nginx@sha256:4f7a0c8d2b1e9f3a6c5d8e7b0a1f2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b")
	has_digest("nginx:1.27@sha256:4f7a0c8d2b1e9f3a6c5d8e7b0a1f2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b")
	not has_digest("nginx:1.27")
	not has_digest("registry.local:5000/app")
	not has_digest("nginx@sha256:abc")
}

test_replicas_default if {
	replicas({"spec": {}}) == 1
	replicas({"spec": {"replicas": 3}}) == 3
	replicas({"spec": {"replicas": 0}}) == 0
}

test_pod_labels if {
	pod_labels({"spec": {"template": {"metadata": {"labels": {"app": "web", "tier": "fe"}}}}}) == {"app": "web", "tier": "fe"}
	pod_labels({"spec": {"selector": {"matchLabels": {"app": "web"}}}}) == {"app": "web"}
	pod_labels({"spec": {}}) == {}
}

test_selector_matches if {
	labels := {"app": "web", "tier": "frontend"}
	selector_matches({"matchLabels": {"app": "web"}}, labels)
	selector_matches({}, labels)
	selector_matches({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["frontend", "edge"]}]}, labels)
	selector_matches({"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["dev"]}]}, labels)
	selector_matches({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, labels)
	selector_matches({"matchExpressions": [{"key": "env", "operator": "DoesNotExist"}]}, labels)
	not selector_matches({"matchLabels": {"app": "api"}}, labels)
	not selector_matches({"matchLabels": {"app": "web", "env": "prod"}}, labels)
	not selector_matches({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["frontend"]}]}, labels)
	not selector_matches({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}, labels)
	not selector_matches(null, labels)
}

test_same_namespace if {
	same_namespace({"metadata": {"namespace": "shop"}}, {"metadata": {"namespace": "shop"}})
	same_namespace({"metadata": {}}, {"metadata": {"namespace": "shop"}})
	not same_namespace({"metadata": {"namespace": "a"}}, {"metadata": {"namespace": "b"}})
}

test_autoscaled if {
	web := {"kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}}
	hpa := {"kind": "HorizontalPodAutoscaler", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}}}
	keda := {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"scaleTargetRef": {"name": "web"}}}
	autoscaled(web, [hpa])
	autoscaled(web, [keda])
	not autoscaled(web, [])
	not autoscaled({"kind": "StatefulSet", "metadata": {"name": "web"}}, [hpa])
	not autoscaled({"kind": "Deployment", "metadata": {"name": "web", "namespace": "other"}}, [hpa])
}

test_has_digest_rejects_malformed_digests if {
	not has_digest("nginx@:4f7a0c8d2b1e9f3a6c5d8e7b0a1f2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b")
	not has_digest("nginx@sha256:zz7a0c8d2b1e9f3a6c5d8e7b0a1f2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b")
	not has_digest("nginx@sha 256:4f7a0c8d2b1e9f3a6c5d8e7b0a1f2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b")
	not has_digest("a@b@sha256:4f7a0c8d2b1e9f3a6c5d8e7b0a1f2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b")
	has_digest("nginx@sha512:4F7A0C8D2B1E9F3A6C5D8E7B0A1F2C3D")
}
