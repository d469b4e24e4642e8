package tollgate.k8s.host_path_volume

import rego.v1

mk_ds(volumes) := {
	"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "logs"},
	"spec": {"template": {"spec": {"containers": [{"name": "shipper"}], "volumes": volumes}}},
}

test_host_path_denied if {
	findings := deny with input as mk_ds([
		{"name": "config", "configMap": {"name": "shipper"}},
		{"name": "varlog", "hostPath": {"path": "/var/log", "type": "Directory"}},
	])
	findings == {{
		"msg": "volume \"varlog\" mounts the node path \"/var/log\" (hostPath)",
		"path": ["spec", "template", "spec", "volumes", 1, "hostPath"],
	}}
}

test_cronjob if {
	doc := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"containers": [{"name": "c"}],
		"volumes": [{"name": "sock", "hostPath": {"path": "/var/run/docker.sock"}}],
	}}}}}}
	{f.path | some f in deny} == {["spec", "jobTemplate", "spec", "template", "spec", "volumes", 0, "hostPath"]} with input as doc
}

test_other_volumes_allowed if {
	count(deny) == 0 with input as mk_ds([
		{"name": "tmp", "emptyDir": {}},
		{"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
	])
}

test_no_volumes_allowed if {
	count(deny) == 0 with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c"}]}}
}
