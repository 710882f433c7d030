//! Learning-design lints (INACSL; `docs/scenario-format.md`, "Learning design"): a case
//! without any, a criterion no objective lists, an objective no criterion assesses, a missing
//! debrief prompt, objectives without a prebrief or a learner level, a stronger cue with no
//! first cue before it. Warnings: the case runs and scores the same, but it does not teach as
//! a simulation educator would expect.

use super::Finding;
use crate::scenario::case::Case;
use crate::scenario::compile::Source::Scenario as SC;

pub(super) fn findings(case: &Case) -> Vec<Finding> {
    let s = &case.scenario;
    let cues = s.events.iter().any(|e| e.cue.is_some());
    if s.learners.is_none() && s.prebrief.is_none() && s.objectives.is_empty() && !cues {
        return vec![Finding::warn(
            SC,
            "id",
            "the case has no learning design: add `learners` (level, prerequisites), a `prebrief` (simulation, time, can_do, cannot_do, safe_space), `objectives` that list every criterion with their four debrief `prompts`, and `cue` on the events that prompt each objective",
        )];
    }
    let mut out = Vec::new();
    if s.objectives.is_empty() {
        out.push(Finding::warn(
            SC,
            if s.prebrief.is_some() { "prebrief" } else { "id" },
            "the case has no `objectives`: write 3–5 measurable objectives, each listing the criteria that assess it",
        ));
    } else {
        if s.prebrief.is_none() {
            out.push(Finding::warn(
                SC,
                "objectives",
                "the case has objectives but no `prebrief`: tell the trainee what is simulated, how time runs, what they can and cannot do, and that it is a safe place to err",
            ));
        }
        if s.learners.is_none() {
            out.push(Finding::warn(
                SC,
                "objectives",
                "the case has objectives but no `learners`: say whom it is for (level) and what they should know first (prerequisites)",
            ));
        }
        for (k, c) in case.criteria.iter().enumerate() {
            if !case.objectives.iter().any(|o| o.criteria.contains(&k)) {
                out.push(Finding::warn(
                    SC,
                    format!("rubric.criteria[{k}].id"),
                    format!(
                        "criterion '{}' is listed by no objective: add it to the objective it assesses (the debrief shows it under \"Other\")",
                        c.def.id
                    ),
                ));
            }
        }
    }
    for (i, o) in s.objectives.iter().enumerate() {
        if o.criteria.is_empty() {
            out.push(Finding::warn(
                SC,
                format!("objectives[{i}].id"),
                format!(
                    "objective '{}' lists no criterion: nothing in the rubric assesses it",
                    o.id
                ),
            ));
        }
        let missing: Vec<&str> = o
            .prompts
            .phases()
            .into_iter()
            .filter(|(_, id)| id.is_none())
            .map(|(phase, _)| phase)
            .collect();
        if !missing.is_empty() {
            out.push(Finding::warn(
                SC,
                format!("objectives[{i}].id"),
                format!(
                    "objective '{}' has no debrief prompt for {}: write one for each of reaction, description, analysis and summary",
                    o.id,
                    missing.join(", ")
                ),
            ));
        }
    }
    for (i, e) in s.events.iter().enumerate() {
        let Some(cue) = e.cue.as_ref().filter(|_| e.stronger) else {
            continue;
        };
        let first = s
            .events
            .iter()
            .any(|f| !f.stronger && f.cue.as_ref() == Some(cue));
        if !first {
            out.push(Finding::warn(
                SC,
                format!("events[{i}].stronger"),
                format!(
                    "event '{}' is the stronger cue for objective '{cue}', but no event is its first cue: tag the first cue with `cue: \"{cue}\"`",
                    e.id
                ),
            ));
        }
    }
    out
}
