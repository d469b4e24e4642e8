package tollgate.rollout.rollout_without_analysis

import rego.v1

mk(strategy) := {
	"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "checkout"},
	"spec": {"replicas": 4, "strategy": strategy, "template": {"spec": {"containers": [{"name": "checkout"}]}}},
}

paths(doc) := ps if {
	ps := {f.path | some f in deny} with input as doc
}

test_canary_without_analysis_denied if {
	findings := deny with input as mk({"canary": {"steps": [{"setWeight": 20}, {"pause": {"duration": "5m"}}]}})
	findings == {{
		"msg": "Rollout \"checkout\" canary has no analysis: promotion is not gated by any metric",
		"path": ["spec", "strategy", "canary"],
	}}
}

test_bluegreen_without_analysis_denied if {
	paths(mk({"blueGreen": {"activeService": "a", "previewService": "p", "autoPromotionEnabled": false}})) == {["spec", "strategy", "blueGreen"]}
}

test_background_analysis_allowed if {
	paths(mk({"canary": {"analysis": {"templates": [{"templateName": "success-rate"}]}, "steps": [{"setWeight": 20}]}})) == set()
}

test_analysis_step_allowed if {
	paths(mk({"canary": {"steps": [{"setWeight": 20}, {"analysis": {"templates": [{"templateName": "success-rate"}]}}]}})) == set()
}

test_experiment_with_analyses_allowed if {
	step := {"experiment": {"templates": [{"name": "canary", "specRef": "canary"}], "analyses": [{"name": "a", "templateName": "success-rate"}]}}
	paths(mk({"canary": {"steps": [step]}})) == set()
}

test_experiment_without_analyses_denied if {
	step := {"experiment": {"templates": [{"name": "canary", "specRef": "canary"}]}}
	paths(mk({"canary": {"steps": [step]}})) == {["spec", "strategy", "canary"]}
}

test_bluegreen_analysis_allowed if {
	paths(mk({"blueGreen": {"activeService": "a", "prePromotionAnalysis": {"templates": [{"templateName": "smoke"}]}}})) == set()
	paths(mk({"blueGreen": {"activeService": "a", "postPromotionAnalysis": {"templates": [{"templateName": "smoke"}]}}})) == set()
}

test_other_api_groups_ignored if {
	count(deny) == 0 with input as {"apiVersion": "example.com/v1", "kind": "Rollout", "metadata": {"name": "x"}, "spec": {"strategy": {"canary": {}}}}
}
