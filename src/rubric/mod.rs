//! Scoring a session against the case's rubric.
//!
//! The score is a pure function of the case and the session's records (plus the guard hits the
//! simulation noted at decision time), so a log re-simulated later scores identically. Each
//! criterion's result carries the records that decided it as evidence, and its sources.

use serde::{Deserialize, Serialize};

use crate::scenario::case::{self, Case};
use crate::scenario::model::{Citation, MsgId, Weight};
use crate::sim::{EndReason, Record, Simulation, Watched};
use crate::units::Unit;
use crate::units::in_range_unit;

mod detail;
pub mod objectives;
mod reads;
pub use detail::{AcceptedBy, AsGiven, Detail};
pub use reads::{Gathered, Reads};

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
    /// Why: the names and times that decided it.
    pub detail: Detail,
    pub citation: Option<std::sync::Arc<Citation>>,
    /// The criterion's further sources, after `citation`. Left out of the JSON when there are
    /// none, so that the score line of a criterion with a single source keeps its bytes (a log
    /// written before criteria had several sources still verifies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<std::sync::Arc<Citation>>,
}

impl CriterionResult {
    /// Every source the criterion was scored under, `citation` first.
    pub fn sources(&self) -> impl Iterator<Item = &std::sync::Arc<Citation>> {
        self.citation.iter().chain(&self.citations)
    }
}

/// Why a session failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FailReason {
    CriticalMissed {
        criterion: String,
    },
    CriticalHarmful {
        criterion: String,
    },
    BelowPassMark {
        percent: u32,
        pass_mark: u32,
    },
    /// The patient came to harm: a state marked harmful, or an end state of `Died` or
    /// `Deteriorated`, was entered at `at` — after the trainee ended the case, when
    /// `after_end` (the patient was left as the trainee left them, and went on).
    HarmfulOutcome {
        state: String,
        at: u64,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        after_end: bool,
    },
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

/// Scores a finished (or interrupted) simulation. A patient the trainee left before the time
/// limit, in no end state, goes on without new orders to the time limit or an end state
/// ([`Simulation::run_on`]): ending the case does not stop the disease, and harm that follows
/// from the care given is judged.
pub fn score_simulation(sim: &Simulation) -> ScoreReport {
    let run_on = sim.run_on();
    score(
        sim.case(),
        sim.records(),
        sim.guard_hits(),
        sim.watched(),
        &run_on,
    )
}

/// [`score_simulation`] for a simulation whose records were drained as it went, each into
/// `gathered` (see [`Gathered`]): the same report.
pub fn score_gathered(sim: &Simulation, gathered: &Gathered) -> ScoreReport {
    let run_on = sim.run_on();
    score_reads(
        sim.case(),
        &gathered.reads(),
        sim.guard_hits(),
        sim.watched(),
        &run_on,
    )
}

/// Scores records against a case. `guard_hits` are (criterion, record) pairs whose `Never`
/// condition held when the decision was made, and `watched` what the simulation noted of each
/// criterion's conditions. `run_on` are the records of the patient's course after the trainee
/// ended the case (states entered then count for harm, nothing else does).
pub fn score(
    case: &Case,
    records: &[Record],
    guard_hits: &[(usize, usize)],
    watched: &[Watched],
    run_on: &[Record],
) -> ScoreReport {
    score_reads(
        case,
        &Reads::all(case, records),
        guard_hits,
        watched,
        run_on,
    )
}

/// [`score`] of the records the rubric reads.
fn score_reads(
    case: &Case,
    records: &Reads,
    guard_hits: &[(usize, usize)],
    watched: &[Watched],
    run_on: &[Record],
) -> ScoreReport {
    let decisions: Vec<Decision> = records
        .iter()
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
    let tag_name = |tag: usize| case.tags[tag].clone();
    let state_name = |s: usize| case.states[s].id.clone();
    let state_entry = |s: usize| {
        records.iter().find_map(|(i, r)| match r {
            Record::State { t, to, .. } if *to == case.states[s].id => Some((i, *t)),
            _ => None,
        })
    };
    // A state entered after the trainee left: its time (no record of the log to point at).
    let state_entry_after = |s: usize| {
        run_on.iter().find_map(|r| match r {
            Record::State { t, to, .. } if *to == case.states[s].id => Some(*t),
            _ => None,
        })
    };
    let watch = |ci: usize| watched.get(ci).copied().unwrap_or_default();

    let anchor_at = |ci: usize, anchor: &case::Anchor| -> Option<(Option<usize>, u64)> {
        match anchor {
            case::Anchor::Start => Some((None, 0)),
            case::Anchor::State(s) => state_entry(*s).map(|(i, t)| (Some(i), t)),
            case::Anchor::Done(t2) => first(*t2).map(|d| (Some(d.seq), d.t)),
            case::Anchor::Event(e) => records.iter().find_map(|(i, r)| match r {
                Record::Event { t, id, .. } if *id == case.events[*e].id => Some((Some(i), *t)),
                _ => None,
            }),
            case::Anchor::Result(a) => records.iter().find_map(|(i, r)| match r {
                Record::Result { t, action, .. } if *action == case.actions[*a].def.id => {
                    Some((Some(i), *t))
                }
                _ => None,
            }),
            case::Anchor::When(_) => watch(ci).anchored.map(|t| (None, t)),
        }
    };

    let mut results = Vec::new();
    for (ci, c) in case.criteria.iter().enumerate() {
        use Status::*;
        let (status, evidence, detail): (Status, Vec<usize>, Detail) = match &c.check {
            case::Check::Done(tag) => match first(*tag) {
                Some(d) => (
                    Met,
                    vec![d.seq],
                    Detail::Done {
                        what: tag_name(*tag),
                        at: d.t,
                    },
                ),
                None => (
                    Missed,
                    vec![],
                    Detail::NeverDone {
                        what: tag_name(*tag),
                    },
                ),
            },
            case::Check::DoneBefore(a, b) => match (first(*a), first(*b)) {
                (None, _) => (Missed, vec![], Detail::NeverDone { what: tag_name(*a) }),
                (Some(x), Some(y)) if y.seq < x.seq => (
                    Missed,
                    vec![y.seq, x.seq],
                    Detail::DoneAfter {
                        what: tag_name(*a),
                        at: x.t,
                        other: tag_name(*b),
                        other_at: y.t,
                    },
                ),
                (Some(x), y) => (
                    Met,
                    std::iter::once(x.seq).chain(y.map(|y| y.seq)).collect(),
                    Detail::DoneBefore {
                        what: tag_name(*a),
                        at: x.t,
                        other: tag_name(*b),
                    },
                ),
            },
            case::Check::DoneWithin(tag, within, anchor) => match anchor_at(ci, anchor) {
                None => (NotApplicable, vec![], Detail::DidNotArise),
                Some((aseq, at)) => {
                    let deadline = at.saturating_add(*within);
                    let ev = |d: Option<usize>| aseq.into_iter().chain(d).collect::<Vec<_>>();
                    let what = tag_name(*tag);
                    match first(*tag) {
                        Some(d) if d.t <= deadline => (
                            Met,
                            ev(Some(d.seq)),
                            Detail::InTime {
                                what,
                                at: d.t,
                                deadline,
                            },
                        ),
                        Some(d) => (
                            Missed,
                            ev(Some(d.seq)),
                            Detail::Late {
                                what,
                                at: d.t,
                                deadline,
                            },
                        ),
                        None => (Missed, ev(None), Detail::NotBy { what, deadline }),
                    }
                }
            },
            case::Check::Reached(_, within, anchor, _) => match anchor_at(ci, anchor) {
                None => (NotApplicable, vec![], Detail::DidNotArise),
                Some((aseq, at)) => {
                    let deadline = at.saturating_add(*within);
                    // The decision that brought the condition about: the last one at or before it.
                    let by = |t: u64| records.decision_by(ci, t);
                    let ev = |d: Option<usize>| aseq.into_iter().chain(d).collect::<Vec<_>>();
                    match watch(ci).reached {
                        Some(t) if t <= deadline => {
                            (Met, ev(by(t)), Detail::ConditionInTime { at: t, deadline })
                        }
                        Some(t) => (Missed, ev(by(t)), Detail::ConditionLate { at: t, deadline }),
                        None => (Missed, ev(None), Detail::ConditionNotBy { deadline }),
                    }
                }
            },
            case::Check::DoseInRange {
                tag,
                min,
                max,
                unit,
                accepted,
            } => dose_check(case, &decisions, *tag, (*min, *max, unit), accepted),
            case::Check::DoseAtMost { tag, max, unit } => {
                let standing = standing_doses(case, records, *tag, unit);
                ceiling_check(case, &decisions, &standing, *tag, *max, unit)
            }
            case::Check::TotalAtMost {
                tag,
                max,
                unit,
                over,
            } => {
                let standing = standing_doses(case, records, *tag, unit);
                total_check(case, &decisions, &standing, *tag, *max, unit, *over)
            }
            case::Check::Window(tag, anchor, from, to) => match anchor_at(ci, anchor) {
                None => (NotApplicable, vec![], Detail::DidNotArise),
                Some((aseq, at)) => {
                    let (opens, closes) = (at.saturating_add(*from), at.saturating_add(*to));
                    let what = tag_name(*tag);
                    let ev = |d: Option<usize>| aseq.into_iter().chain(d).collect::<Vec<_>>();
                    // The first time it is done after the anchor (strictly after the anchoring
                    // decision or record, so that an act made with the anchor does not count).
                    let after = decisions
                        .iter()
                        .find(|d| d.tags.contains(tag) && aseq.map_or(d.t >= at, |a| d.seq > a));
                    match after {
                        Some(d) if d.t < opens => (
                            Missed,
                            ev(Some(d.seq)),
                            Detail::TooEarly {
                                what,
                                at: d.t,
                                opens,
                            },
                        ),
                        Some(d) if d.t <= closes => (
                            Met,
                            ev(Some(d.seq)),
                            Detail::InWindow {
                                what,
                                at: d.t,
                                opens,
                                closes,
                            },
                        ),
                        Some(d) => (
                            Missed,
                            ev(Some(d.seq)),
                            Detail::Late {
                                what,
                                at: d.t,
                                deadline: closes,
                            },
                        ),
                        None => (
                            Missed,
                            ev(None),
                            Detail::NotBy {
                                what,
                                deadline: closes,
                            },
                        ),
                    }
                }
            },
            case::Check::Never(tag, cond) => {
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
                let what = tag_name(*tag);
                match (hits.first(), cond) {
                    (None, None) => (Met, vec![], Detail::Avoided { what }),
                    (None, Some(_)) => (Met, vec![], Detail::NeverWhile { what }),
                    (Some(&h), None) => (
                        Harmful,
                        hits.clone(),
                        Detail::Given {
                            what,
                            at: records.t_of(h).unwrap_or_default(),
                        },
                    ),
                    (Some(&h), Some(_)) => (
                        Harmful,
                        hits.clone(),
                        Detail::GivenWhile {
                            what,
                            at: records.t_of(h).unwrap_or_default(),
                        },
                    ),
                }
            }
            case::Check::StateReached(s) => match state_entry(*s) {
                Some((i, t)) => (
                    Met,
                    vec![i],
                    Detail::Reached {
                        state: state_name(*s),
                        at: t,
                    },
                ),
                None => (
                    Missed,
                    vec![],
                    Detail::NotReached {
                        state: state_name(*s),
                    },
                ),
            },
            case::Check::StateAvoided(s) => match (state_entry(*s), state_entry_after(*s)) {
                (Some((i, t)), _) => (
                    Harmful,
                    vec![i],
                    Detail::Reached {
                        state: state_name(*s),
                        at: t,
                    },
                ),
                (None, Some(t)) => (
                    Harmful,
                    vec![],
                    Detail::ReachedAfterEnd {
                        state: state_name(*s),
                        at: t,
                    },
                ),
                (None, None) => (
                    Met,
                    vec![],
                    Detail::NotReached {
                        state: state_name(*s),
                    },
                ),
            },
        };
        // A criterion with a `faced` condition judges only once the trainee faced the choice;
        // harm is judged always.
        let (status, detail) = match (&c.faced, status) {
            (Some(_), Met | Missed) if watch(ci).faced.is_none() => {
                (NotApplicable, Detail::DidNotArise)
            }
            _ => (status, detail),
        };
        let evidence = if status == NotApplicable {
            Vec::new()
        } else {
            evidence
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
            citations: c.def.citations.clone(),
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
    // The patient's outcome: harm fails the session whatever the total.
    let entered = records
        .iter()
        .map(|(_, r)| (r, false))
        .chain(run_on.iter().map(|r| (r, true)));
    for (r, after_end) in entered {
        if let Record::State { t, to, .. } = r
            && let Some(s) = case.state(to)
            && case.states[s].harm
        {
            fail_reasons.push(FailReason::HarmfulOutcome {
                state: to.clone(),
                at: *t,
                after_end,
            });
        }
    }
    let (ended, final_state) = records
        .iter()
        .rev()
        .find_map(|(_, r)| match r {
            Record::End { reason, state, .. } => Some((Some(reason.clone()), state.clone())),
            _ => None,
        })
        .unwrap_or_else(|| {
            let st = records
                .iter()
                .rev()
                .find_map(|(_, r)| match r {
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

/// Each order of `tag` converted into `unit` (per kg with the patient's weight), as (time,
/// amount, record): its rate when `unit` is per time, else its dose. An order without that
/// quantity, or in a unit that does not convert, is left out.
fn converted(
    case: &Case,
    decisions: &[Decision],
    tag: usize,
    unit: &Unit,
) -> Vec<(u64, f64, usize)> {
    let weight = case.weight_kg();
    decisions
        .iter()
        .filter(|d| d.tags.contains(&tag))
        .filter_map(|d| {
            let Record::Decision { order, .. } = d.record else {
                return None;
            };
            let q = if unit.dim.per_time {
                &order.rate
            } else {
                &order.dose
            };
            let (v, u) = q.as_ref()?;
            let ou = Unit::parse(u).ok()?;
            // A product's volume counts as the drug amount it holds (exactly, as ordered).
            let x = match case.action(&order.action) {
                Some(ai) if case.product_of(ai).is_some() => {
                    crate::scenario::order::express(case, ai, *v, &ou, unit).ok()?
                }
                _ => in_range_unit(*v, &ou, unit, weight).ok()?,
            };
            Some((d.t, x, d.seq))
        })
        .collect()
}

/// The standing orders' doses of `tag` given in the session (see [`Record::Standing`]),
/// converted into `unit` as (time, amount, record): they count toward a ceiling like the
/// trainee's own doses, since the trainee must account for them. None for a per-time unit (they
/// are boluses).
fn standing_doses(case: &Case, records: &Reads, tag: usize, unit: &Unit) -> Vec<(u64, f64, usize)> {
    if unit.dim.per_time || case.schedule.is_empty() {
        return Vec::new();
    }
    let weight = case.weight_kg();
    records
        .iter()
        .filter_map(|(seq, r)| {
            let Record::Standing {
                t,
                schedule,
                amount,
                ..
            } = r
            else {
                return None;
            };
            let sd = &case.schedule[case.scheduled(schedule)?];
            let drug = &case.drugs[sd.drug];
            if !drug.tags.contains(&tag) {
                return None;
            }
            let x = in_range_unit(*amount, &drug.unit, unit, weight).ok()?;
            Some((*t, x, seq))
        })
        .collect()
}

/// The trainee's orders of `tag` (see [`converted`]) and the standing doses, in the order they
/// were recorded.
fn with_standing(
    case: &Case,
    decisions: &[Decision],
    standing: &[(u64, f64, usize)],
    tag: usize,
    unit: &Unit,
) -> Vec<(u64, f64, usize)> {
    let mut doses = converted(case, decisions, tag, unit);
    if !standing.is_empty() {
        doses.extend_from_slice(standing);
        doses.sort_by_key(|&(_, _, seq)| seq);
    }
    doses
}

fn dose_check(
    case: &Case,
    decisions: &[Decision],
    tag: usize,
    (min, max, unit): (f64, f64, &Unit),
    accepted: &[case::Accepted],
) -> (Status, Vec<usize>, Detail) {
    let all = converted(case, decisions, tag, unit);
    let (checked, mut bad, mut doses) = outside(&all, min, max);
    let fmt_range = |min: f64, max: f64, unit: &Unit| {
        format!(
            "{}–{} {}",
            crate::units::fmt_num(min),
            crate::units::fmt_num(max),
            unit.text
        )
    };
    let range = fmt_range(min, max, unit);
    let what = case.tags[tag].clone();
    // A dose outside the main range is judged by the first accepted range that holds it.
    let mut by: Vec<AcceptedBy> = accepted
        .iter()
        .map(|a| AcceptedBy {
            range: fmt_range(a.min, a.max, &a.unit),
            scope: a.scope.clone(),
            unit: a.unit.text.clone(),
            doses: Vec::new(),
        })
        .collect();
    if !accepted.is_empty() && !bad.is_empty() {
        let alt: Vec<Vec<(u64, f64, usize)>> = accepted
            .iter()
            .map(|a| converted(case, decisions, tag, &a.unit))
            .collect();
        let mut keep = Vec::new();
        let mut kept = Vec::new();
        for (seq, dose) in bad.into_iter().zip(doses) {
            let within = accepted.iter().zip(&alt).position(|(a, list)| {
                let eps = 1e-9 * a.max.abs().max(1.0);
                list.iter()
                    .any(|&(_, x, s)| s == seq && x >= a.min - eps && x <= a.max + eps)
            });
            match within {
                Some(k) => {
                    let x = alt[k].iter().find(|e| e.2 == seq).map_or(0.0, |e| e.1);
                    by[k].doses.push((crate::units::fmt_num(x), dose.1));
                }
                None => {
                    keep.push(seq);
                    kept.push(dose);
                }
            }
        }
        (bad, doses) = (keep, kept);
    }
    if checked.is_empty() {
        (Status::NotApplicable, vec![], Detail::NotGiven { what })
    } else if bad.is_empty() {
        by.retain(|a| !a.doses.is_empty());
        (
            Status::Met,
            checked,
            Detail::DosesInRange {
                what,
                range,
                accepted: by,
            },
        )
    } else {
        let given = as_given(case, decisions, &bad);
        (
            Status::Missed,
            bad,
            Detail::DosesOutOfRange {
                what,
                range,
                unit: unit.text.clone(),
                doses,
                given,
                accepted: by
                    .into_iter()
                    .map(|a| AcceptedBy {
                        doses: Vec::new(),
                        ..a
                    })
                    .collect(),
            },
        )
    }
}

/// A per-dose (or per-rate) ceiling: a dose above `max` is harm.
fn ceiling_check(
    case: &Case,
    decisions: &[Decision],
    standing: &[(u64, f64, usize)],
    tag: usize,
    max: f64,
    unit: &Unit,
) -> (Status, Vec<usize>, Detail) {
    let doses = with_standing(case, decisions, standing, tag, unit);
    let (checked, bad, doses) = outside(&doses, f64::NEG_INFINITY, max);
    let (what, max, unit) = (
        case.tags[tag].clone(),
        crate::units::fmt_num(max),
        unit.text.clone(),
    );
    if checked.is_empty() {
        (Status::NotApplicable, vec![], Detail::NotGiven { what })
    } else if bad.is_empty() {
        (
            Status::Met,
            checked,
            Detail::DosesAtMost { what, max, unit },
        )
    } else {
        let given = as_given(case, decisions, &bad);
        (
            Status::Harmful,
            bad,
            Detail::DosesAbove {
                what,
                max,
                unit,
                doses,
                given,
            },
        )
    }
}

/// Which of the decisions `seqs` (a detail's doses, in order) were orders of a product, with the
/// product and the order as typed ("3 mL"); empty when none was.
fn as_given(case: &Case, decisions: &[Decision], seqs: &[usize]) -> Vec<AsGiven> {
    seqs.iter()
        .enumerate()
        .filter_map(|(i, seq)| {
            let d = decisions.iter().find(|d| d.seq == *seq)?;
            let Record::Decision { order, .. } = d.record else {
                return None;
            };
            let product = case.product_of(case.action(&order.action)?)?;
            let (v, u) = order.dose.as_ref().or(order.rate.as_ref())?;
            Some(AsGiven {
                dose: i,
                product: product.id.clone(),
                order: format!("{} {u}", crate::units::fmt_num(*v)),
            })
        })
        .collect()
}

/// Doses (time, amount, record) judged against [`min`, `max`]: every one judged, those outside,
/// and those outside as (amount, time).
fn outside(
    converted: &[(u64, f64, usize)],
    min: f64,
    max: f64,
) -> (Vec<usize>, Vec<usize>, Vec<(String, u64)>) {
    let eps = 1e-9 * max.abs().max(1.0);
    let mut checked = Vec::new();
    let mut bad = Vec::new();
    let mut doses = Vec::new();
    for &(t, x, seq) in converted {
        checked.push(seq);
        if x < min - eps || x > max + eps {
            bad.push(seq);
            doses.push((crate::units::fmt_num(x), t));
        }
    }
    (checked, bad, doses)
}

/// A cumulative ceiling: the total of `tag`'s doses (bolus amounts; infusions are judged by rate)
/// in any window of `over` seconds (the whole session when `None`) must not exceed
/// `max` in `unit`.
fn total_check(
    case: &Case,
    decisions: &[Decision],
    standing: &[(u64, f64, usize)],
    tag: usize,
    max: f64,
    unit: &Unit,
    over: Option<u64>,
) -> (Status, Vec<usize>, Detail) {
    let what = case.tags[tag].clone();
    // A total's unit is an amount (compile refuses a rate), so these are the boluses.
    let doses = with_standing(case, decisions, standing, tag, unit);
    let unit_text = unit.text.clone();
    let fmt = crate::units::fmt_num;
    if doses.is_empty() {
        return (Status::NotApplicable, vec![], Detail::NotGiven { what });
    }
    let eps = 1e-9 * max.abs().max(1.0);
    // The window ending at each dose: every dose in (t - over, t].
    let mut worst: Option<(f64, u64, Vec<usize>)> = None;
    for (k, &(t, _, _)) in doses.iter().enumerate() {
        let from = over.map_or(0, |o| t.saturating_sub(o.saturating_sub(1)));
        let inside: Vec<&(u64, f64, usize)> = doses[..=k]
            .iter()
            .filter(|(dt, _, _)| *dt >= from)
            .collect();
        let total: f64 = inside.iter().map(|(_, x, _)| x).sum();
        if total > max + eps && worst.as_ref().is_none_or(|(w, _, _)| total > *w) {
            worst = Some((total, t, inside.iter().map(|(_, _, s)| *s).collect()));
        }
    }
    match worst {
        Some((total, at, seqs)) => (
            Status::Harmful,
            seqs,
            Detail::TotalOver {
                what,
                total: fmt(total),
                max: fmt(max),
                unit: unit_text,
                at,
                over,
            },
        ),
        None => (
            Status::Met,
            doses.iter().map(|(_, _, s)| *s).collect(),
            Detail::TotalWithin {
                what,
                max: fmt(max),
                unit: unit_text,
                over,
            },
        ),
    }
}
