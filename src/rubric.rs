//! Scoring a session against the case's rubric.
//!
//! The score is a pure function of the case and the session's records (plus the guard hits the
//! simulation noted at decision time), so a log re-simulated later scores identically. Each
//! criterion's result carries the records that decided it as evidence, and its citation.

use serde::{Deserialize, Serialize};

use crate::scenario::compile::{CAnchor, CCheck, Case};
use crate::scenario::model::{Citation, MsgId, Weight};
use crate::sim::{EndReason, Record, Simulation, in_range_unit};
use crate::units::Unit;

/// Feedback message id for a criterion whose situation never arose.
pub const NOT_APPLICABLE: &str = "criterion-not-applicable";

/// How a criterion came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Missed,
    Harmful,
    /// The situation it judges never arose (e.g. the anchor state was never reached).
    NotApplicable,
}

/// One criterion's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub id: String,
    pub weight: Weight,
    pub points: u32,
    pub earned: u32,
    pub status: Status,
    /// Record indices (sequence numbers) that decided the result; log line = index + 2.
    pub evidence: Vec<usize>,
    /// Feedback message id for this outcome.
    pub feedback: MsgId,
    /// A short machine-written explanation (times and doses), in English.
    pub detail: String,
    pub citation: Option<Citation>,
}

/// Why a session failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FailReason {
    CriticalMissed { criterion: String },
    CriticalHarmful { criterion: String },
    BelowPassMark { percent: u32, pass_mark: u32 },
}

/// The score of one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    pub case_id: String,
    pub case_version: String,
    pub earned: u32,
    pub available: u32,
    /// Percentage of available points, rounded down.
    pub percent: u32,
    pub pass_mark: u32,
    pub passed: bool,
    pub fail_reasons: Vec<FailReason>,
    pub criteria: Vec<CriterionResult>,
    pub ended: Option<EndReason>,
    pub final_state: String,
}

struct Decision<'a> {
    seq: usize,
    t: u64,
    tags: &'a [usize],
    record: &'a Record,
}

/// Scores a finished (or interrupted) simulation.
pub fn score_simulation(sim: &Simulation) -> ScoreReport {
    score(sim.case(), sim.records(), sim.guard_hits())
}

/// Scores records against a case. `guard_hits` are (criterion, record) pairs whose `Never`
/// condition held when the decision was made (the simulation notes them).
pub fn score(case: &Case, records: &[Record], guard_hits: &[(usize, usize)]) -> ScoreReport {
    let decisions: Vec<Decision> = records
        .iter()
        .enumerate()
        .filter_map(|(seq, r)| match r {
            Record::Decision { t, order, .. } => case.action(&order.action).map(|a| Decision {
                seq,
                t: *t,
                tags: &case.actions[a].tags,
                record: r,
            }),
            _ => None,
        })
        .collect();
    let first = |tag: usize| decisions.iter().find(|d| d.tags.contains(&tag));
    let tag_name = |tag: usize| case.tags[tag].as_str();
    let state_entry = |s: usize| {
        records.iter().enumerate().find_map(|(i, r)| match r {
            Record::State { t, to, .. } if *to == case.states[s].id => Some((i, *t)),
            _ => None,
        })
    };
    let mins = |t: u64| crate::scenario::expr::format_duration(t);

    let mut results = Vec::new();
    for (ci, c) in case.criteria.iter().enumerate() {
        use Status::*;
        let (status, evidence, detail): (Status, Vec<usize>, String) = match &c.check {
            CCheck::Done(tag) => match first(*tag) {
                Some(d) => (
                    Met,
                    vec![d.seq],
                    format!("{} done at {}", tag_name(*tag), mins(d.t)),
                ),
                None => (Missed, vec![], format!("{} never done", tag_name(*tag))),
            },
            CCheck::DoneBefore(a, b) => match (first(*a), first(*b)) {
                (None, _) => (Missed, vec![], format!("{} never done", tag_name(*a))),
                (Some(x), Some(y)) if y.seq < x.seq => (
                    Missed,
                    vec![y.seq, x.seq],
                    format!(
                        "{} at {} came after {} at {}",
                        tag_name(*a),
                        mins(x.t),
                        tag_name(*b),
                        mins(y.t)
                    ),
                ),
                (Some(x), y) => (
                    Met,
                    std::iter::once(x.seq).chain(y.map(|y| y.seq)).collect(),
                    format!("{} at {}, before {}", tag_name(*a), mins(x.t), tag_name(*b)),
                ),
            },
            CCheck::DoneWithin(tag, within, anchor) => {
                let anchor_at: Option<(Option<usize>, u64)> = match anchor {
                    CAnchor::Start => Some((None, 0)),
                    CAnchor::State(s) => state_entry(*s).map(|(i, t)| (Some(i), t)),
                    CAnchor::Done(t2) => first(*t2).map(|d| (Some(d.seq), d.t)),
                    CAnchor::Event(e) => records.iter().enumerate().find_map(|(i, r)| match r {
                        Record::Event { t, id, .. } if *id == case.events[*e].id => {
                            Some((Some(i), *t))
                        }
                        _ => None,
                    }),
                };
                match anchor_at {
                    None => (NotApplicable, vec![], "the situation did not arise".into()),
                    Some((aseq, at)) => {
                        let deadline = at + within;
                        let ev = |d: Option<usize>| aseq.into_iter().chain(d).collect::<Vec<_>>();
                        match first(*tag) {
                            Some(d) if d.t <= deadline => (
                                Met,
                                ev(Some(d.seq)),
                                format!(
                                    "{} at {}, deadline {}",
                                    tag_name(*tag),
                                    mins(d.t),
                                    mins(deadline)
                                ),
                            ),
                            Some(d) => (
                                Missed,
                                ev(Some(d.seq)),
                                format!(
                                    "{} at {}, after the deadline {}",
                                    tag_name(*tag),
                                    mins(d.t),
                                    mins(deadline)
                                ),
                            ),
                            None => (
                                Missed,
                                ev(None),
                                format!(
                                    "{} never done (deadline {})",
                                    tag_name(*tag),
                                    mins(deadline)
                                ),
                            ),
                        }
                    }
                }
            }
            CCheck::DoseInRange {
                tag,
                min,
                max,
                unit,
            } => dose_check(case, &decisions, *tag, *min, *max, unit),
            CCheck::Never(tag, cond) => {
                let hits: Vec<usize> = match cond {
                    None => decisions
                        .iter()
                        .filter(|d| d.tags.contains(tag))
                        .map(|d| d.seq)
                        .collect(),
                    Some(_) => guard_hits
                        .iter()
                        .filter(|(c, _)| *c == ci)
                        .map(|(_, s)| *s)
                        .collect(),
                };
                if hits.is_empty() {
                    (Met, vec![], format!("{} avoided", tag_name(*tag)))
                } else {
                    let at = mins(records[hits[0]].t());
                    (Harmful, hits, format!("{} given at {}", tag_name(*tag), at))
                }
            }
            CCheck::StateReached(s) => match state_entry(*s) {
                Some((i, t)) => (
                    Met,
                    vec![i],
                    format!("{} reached at {}", case.states[*s].id, mins(t)),
                ),
                None => (
                    Missed,
                    vec![],
                    format!("{} not reached", case.states[*s].id),
                ),
            },
            CCheck::StateAvoided(s) => match state_entry(*s) {
                Some((i, t)) => (
                    Harmful,
                    vec![i],
                    format!("{} reached at {}", case.states[*s].id, mins(t)),
                ),
                None => (Met, vec![], format!("{} avoided", case.states[*s].id)),
            },
        };
        let earned = if status == Met { c.points } else { 0 };
        results.push(CriterionResult {
            id: c.def.id.clone(),
            weight: c.def.weight,
            points: c.points,
            earned,
            status,
            evidence,
            feedback: match status {
                Met => c.def.met.clone(),
                NotApplicable => NOT_APPLICABLE.to_string(),
                Missed | Harmful => c.def.missed.clone(),
            },
            detail,
            citation: c.def.citation.clone(),
        });
    }

    let available: u32 = results
        .iter()
        .filter(|r| r.status != Status::NotApplicable)
        .map(|r| r.points)
        .sum();
    let earned: u32 = results.iter().map(|r| r.earned).sum();
    let percent = (earned * 100).checked_div(available).unwrap_or(0);
    let pass_mark = case.scenario.rubric.pass_mark;
    let mut fail_reasons = Vec::new();
    for r in results.iter().filter(|r| r.weight == Weight::Critical) {
        match r.status {
            Status::Missed => fail_reasons.push(FailReason::CriticalMissed {
                criterion: r.id.clone(),
            }),
            Status::Harmful => fail_reasons.push(FailReason::CriticalHarmful {
                criterion: r.id.clone(),
            }),
            _ => {}
        }
    }
    if earned * 100 < pass_mark * available || available == 0 {
        fail_reasons.push(FailReason::BelowPassMark { percent, pass_mark });
    }
    let (ended, final_state) = records
        .iter()
        .rev()
        .find_map(|r| match r {
            Record::End { reason, state, .. } => Some((Some(reason.clone()), state.clone())),
            _ => None,
        })
        .unwrap_or_else(|| {
            let st = records
                .iter()
                .rev()
                .find_map(|r| match r {
                    Record::State { to, .. } => Some(to.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| case.states[case.initial_state].id.clone());
            (None, st)
        });
    ScoreReport {
        case_id: case.scenario.id.clone(),
        case_version: case.scenario.version.clone(),
        earned,
        available,
        percent,
        pass_mark,
        passed: fail_reasons.is_empty(),
        fail_reasons,
        criteria: results,
        ended,
        final_state,
    }
}

fn dose_check(
    case: &Case,
    decisions: &[Decision],
    tag: usize,
    min: f64,
    max: f64,
    unit: &Unit,
) -> (Status, Vec<usize>, String) {
    let weight = case.weight_kg();
    let mut checked = Vec::new();
    let mut bad = Vec::new();
    let mut detail = Vec::new();
    for d in decisions.iter().filter(|d| d.tags.contains(&tag)) {
        let Record::Decision { order, .. } = d.record else {
            continue;
        };
        let q = if unit.dim.per_time {
            &order.rate
        } else {
            &order.dose
        };
        let Some((v, u)) = q else { continue };
        let Ok(ou) = Unit::parse(u) else { continue };
        let Ok(x) = in_range_unit(*v, &ou, unit, weight) else {
            continue;
        };
        checked.push(d.seq);
        let eps = 1e-9 * max.abs().max(1.0);
        if x < min - eps || x > max + eps {
            bad.push(d.seq);
            detail.push(format!(
                "{} {} at {}",
                crate::sim::fmt_num(x),
                unit.text,
                crate::scenario::expr::format_duration(d.t)
            ));
        }
    }
    let range = format!(
        "{}–{} {}",
        crate::sim::fmt_num(min),
        crate::sim::fmt_num(max),
        unit.text
    );
    if checked.is_empty() {
        (
            Status::NotApplicable,
            vec![],
            format!("{} not given", case.tags[tag]),
        )
    } else if bad.is_empty() {
        (Status::Met, checked, format!("every dose within {range}"))
    } else {
        (
            Status::Missed,
            bad,
            format!("outside {range}: {}", detail.join(", ")),
        )
    }
}
