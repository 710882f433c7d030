//! Learning design (INACSL): the learners, the prebrief, the objectives with the criteria that
//! assess them and their debrief prompts, and the events that cue an objective. None of it
//! changes the patient or the score; it is checked here so that a misspelt criterion or
//! objective id, or a text missing from a language, is an error with its line like any other.

use std::collections::BTreeSet;

use super::Source::Scenario as SC;
use super::{Ctx, duplicates};
use crate::scenario::case;
use crate::scenario::model::Scenario;

pub(super) fn compile(
    s: &Scenario,
    criteria: &[case::Criterion],
    cx: &mut Ctx,
) -> Vec<case::Objective> {
    if let Some(l) = &s.learners {
        cx.msg(SC, "learners.level", &l.level);
        for (i, id) in l.prerequisites.iter().enumerate() {
            cx.msg(SC, format!("learners.prerequisites[{i}]"), id);
        }
    }
    if let Some(p) = &s.prebrief {
        for (field, id) in p.sections() {
            cx.msg(SC, format!("prebrief.{field}"), id);
        }
    }
    duplicates(
        s.objectives.iter().map(|o| o.id.as_str()),
        "objective",
        "objectives",
        "id",
        cx,
    );
    let mut list = Vec::new();
    for (i, o) in s.objectives.iter().enumerate() {
        let p = format!("objectives[{i}]");
        cx.msg(SC, format!("{p}.text"), &o.text);
        for (phase, id) in o.prompts.phases() {
            if let Some(id) = id {
                cx.msg(SC, format!("{p}.prompts.{phase}"), id);
            }
        }
        let mut seen = BTreeSet::new();
        let mut resolved = Vec::new();
        for (j, id) in o.criteria.iter().enumerate() {
            let at = format!("{p}.criteria[{j}]");
            match criteria.iter().position(|c| &c.def.id == id) {
                None => cx.err(
                    at,
                    format!(
                        "objective '{}' lists criterion '{id}', which the rubric does not have",
                        o.id
                    ),
                ),
                Some(_) if !seen.insert(id.as_str()) => cx.err(
                    at,
                    format!("objective '{}' lists criterion '{id}' twice", o.id),
                ),
                Some(k) => resolved.push(k),
            }
        }
        list.push(case::Objective {
            def: o.clone(),
            criteria: resolved,
        });
    }
    for (i, e) in s.events.iter().enumerate() {
        match &e.cue {
            Some(cue) if !s.objectives.iter().any(|o| &o.id == cue) => cx.err(
                format!("events[{i}].cue"),
                format!(
                    "event '{}' cues objective '{cue}', which the case does not have",
                    e.id
                ),
            ),
            None if e.stronger => cx.err(
                format!("events[{i}].stronger"),
                format!(
                    "event '{}' is a stronger cue but names no objective: add `cue: \"<objective id>\"`",
                    e.id
                ),
            ),
            _ => {}
        }
    }
    list
}
