//! The safety layer's lints (docs/case-quality §1): harm is a critical criterion's business, every
//! high-alert medicine has a critical ceiling and a toxicity, and a trainee who does nothing
//! earns nothing — played out on the untreated patient.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::Finding;
use crate::scenario::case::{self, Case};
use crate::scenario::compile::Source;
use crate::scenario::expr::format_duration;
use crate::scenario::model::Weight;
use crate::sim::Simulation;

const SC: Source = Source::Scenario;

/// Seeds the do-nothing patient is played with: enough to meet the common responder draws.
const IDLE_SEEDS: u64 = 8;

/// The safety layer (docs/case-quality): harm is a critical criterion's business, and so is
/// every high-alert medicine's ceiling.
pub(super) fn safety(case: &Case, reachable: &[bool], out: &mut Vec<Finding>) {
    let critical = |c: &&crate::scenario::case::Criterion| c.def.weight == Weight::Critical;
    for (i, st) in case.states.iter().enumerate() {
        if !st.harm || !reachable[i] {
            continue;
        }
        let covered = case
            .criteria
            .iter()
            .filter(critical)
            .any(|c| matches!(c.check, case::Check::StateAvoided(s) if s == i));
        if !covered {
            out.push(Finding::error(
                SC,
                format!("states[{i}]"),
                format!(
                    "state '{}' is harm ({}) and can be reached, but no critical StateAvoided criterion covers it: the debrief would not say why the session failed",
                    st.id,
                    match st.end {
                        Some(o) if o.is_harm() => format!("end: {o:?}"),
                        _ => "harm: true".to_string(),
                    }
                ),
            ));
        }
    }
    let mut offered = BTreeSet::new();
    for (i, a) in case.actions.iter().enumerate() {
        let case::Kind::Give { drug, .. } = a.kind else {
            continue;
        };
        let d = &case.drugs[drug];
        if !d.def.high_risk {
            continue;
        }
        let ceiling = case
            .criteria
            .iter()
            .filter(critical)
            .any(|c| match c.check {
                case::Check::DoseInRange { tag, .. }
                | case::Check::DoseAtMost { tag, .. }
                | case::Check::TotalAtMost { tag, .. } => {
                    d.tags.contains(&tag) || a.tags.contains(&tag)
                }
                _ => false,
            });
        if !ceiling {
            out.push(Finding::error(
                SC,
                format!("actions[{i}]"),
                format!(
                    "action '{}' gives {}, a high-alert medicine, but no critical DoseAtMost, DoseInRange or TotalAtMost criterion sets its ceiling: a ten-fold dose would pass",
                    a.def.id, d.def.id
                ),
            ));
        }
        if d.def.toxicity.is_none() && offered.insert(drug) {
            let (source, path) = drug_path(case, drug);
            out.push(Finding::error(
                source,
                path,
                format!(
                    "{} is a high-alert medicine without a toxicity: above its therapeutic range it would only reach its maximum effect, and an overdose would do no harm",
                    d.def.id
                ),
            ));
        }
    }
}

/// Where a drug is written: the case's own `drugs`, or the drug library.
pub(super) fn drug_path(case: &Case, drug: usize) -> (Source, String) {
    let id = &case.drugs[drug].def.id;
    match case.scenario.drugs.iter().position(|d| &d.id == id) {
        Some(k) => (SC, format!("drugs[{k}]")),
        None => (Source::DrugLibrary, format!("drugs[{drug}]")),
    }
}

/// The most a trainee who orders nothing may score (case-quality §1).
pub const IDLE_CEILING: u32 = 15;

/// Plays a trainee who orders nothing, for a few seeds: a criterion that rewards reaching a state
/// should not be earned by the untreated course, and doing nothing should not pass.
pub(super) fn idle(case: &Case, out: &mut Vec<Finding>) {
    let case = Arc::new(case.clone());
    let mut met_by_idle = BTreeSet::new();
    let mut passed: Option<(u64, u32)> = None;
    let mut idle_best: Option<(u64, u32)> = None;
    for seed in 1..=IDLE_SEEDS {
        let mut sim = Simulation::new(Arc::clone(&case), seed).for_scoring();
        sim.advance(case.scenario.time_limit.secs());
        let report = crate::rubric::score_simulation(&sim);
        for (i, c) in case.criteria.iter().enumerate() {
            if let case::Check::StateReached(s) = c.check
                && report.criteria[i].status == crate::rubric::Status::Met
                && met_by_idle.insert(i)
            {
                let at = sim
                    .records()
                    .iter()
                    .find_map(|r| match r {
                        crate::sim::Record::State { t, to, .. } if *to == case.states[s].id => {
                            Some(*t)
                        }
                        _ => None,
                    })
                    .unwrap_or(0);
                out.push(Finding::warn(
                    SC,
                    format!("rubric.criteria[{i}].check"),
                    format!(
                        "criterion '{}' is met by doing nothing: the untreated patient reaches '{}' at {} (seed {seed})",
                        c.def.id,
                        case.states[s].id,
                        format_duration(at)
                    ),
                ));
            }
        }
        for (i, c) in case.criteria.iter().enumerate() {
            if let case::Check::Reached(cond, ..) = &c.check
                && report.criteria[i].status == crate::rubric::Status::Met
                && met_by_idle.insert(i)
            {
                out.push(Finding::warn(
                    SC,
                    format!("rubric.criteria[{i}].check.when"),
                    format!(
                        "criterion '{}' is met by doing nothing: {} comes true for the untreated patient (seed {seed})",
                        c.def.id,
                        super::render(cond, &case)
                    ),
                ));
            }
        }
        if report.passed && passed.is_none() {
            passed = Some((seed, report.percent));
        }
        if idle_best.is_none_or(|(_, p)| report.percent > p) {
            idle_best = Some((seed, report.percent));
        }
    }
    if let Some((seed, percent)) = idle_best {
        let text = format!(
            "a trainee who orders nothing scores {percent}% (seed {seed}; at most {IDLE_CEILING}% is allowed)"
        );
        out.push(if percent > IDLE_CEILING {
            Finding::warn(
                SC,
                "rubric.pass_mark",
                format!("{text}: give the avoid-type criteria a `faced` condition"),
            )
        } else {
            Finding::note(SC, "rubric.pass_mark", text)
        });
    }
    if let Some((seed, percent)) = passed {
        out.push(Finding::warn(
            SC,
            "rubric.pass_mark",
            format!(
                "doing nothing passes this case: a trainee who orders nothing scores {percent}% (pass mark {}%, seed {seed})",
                case.scenario.rubric.pass_mark
            ),
        ));
    }
}
