# METADATA
# title: Progressive rollout without analysis
# description: >-
#   An Argo Rollout with a canary or blueGreen strategy but no analysis promotes on timers or by
#   hand only: nothing measures the new version, so a bad release is promoted and never aborted
#   automatically. Analysis counts in any form - canary.analysis (background), an analysis step,
#   an experiment step with analyses, blueGreen.prePromotionAnalysis or postPromotionAnalysis.
# custom:
#   id: rollout-without-analysis
#   severity: warning
#   kinds: [Rollout]
#   remediation: >-
#     Add an AnalysisTemplate and reference it from canary.analysis, an analysis step, or
#     blueGreen.prePromotionAnalysis.
package tollgate.rollout.rollout_without_analysis

import data.tollgate.lib.k8s

canary_analysed(canary) if is_object(canary.analysis)

canary_analysed(canary) if {
	some step in canary.steps
	is_object(step.analysis)
}

canary_analysed(canary) if {
	some step in canary.steps
	count(step.experiment.analyses) > 0
}

bluegreen_analysed(bg) if is_object(bg.prePromotionAnalysis)

bluegreen_analysed(bg) if is_object(bg.postPromotionAnalysis)

deny contains {"msg": msg, "path": ["spec", "strategy", "canary"]} if {
	k8s.is_argo_rollout(input)
	canary := input.spec.strategy.canary
	is_object(canary)
	not canary_analysed(canary)
	msg := sprintf("%s canary has no analysis: promotion is not gated by any metric", [k8s.describe_doc(input)])
}

deny contains {"msg": msg, "path": ["spec", "strategy", "blueGreen"]} if {
	k8s.is_argo_rollout(input)
	bg := input.spec.strategy.blueGreen
	is_object(bg)
	not bluegreen_analysed(bg)
	msg := sprintf("%s blueGreen has no pre- or post-promotion analysis: promotion is not gated by any metric", [k8s.describe_doc(input)])
}
