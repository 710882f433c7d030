//! Scoring a session against the case's rubric.
//!
//! The score is a pure function of the case and the session's records (plus the guard hits the
//! simulation noted at decision time), so a log re-simulated later scores identically. Each
//! criterion's result carries the records that decided it as evidence, and its citation.

use serde::{Deserialize, Serialize};

use crate::scenario::case::{self, Case};
use crate::scenario::model::{Citation, MsgId, Weight};
use crate::sim::{EndReason, Record, Simulation};
use crate::units::Unit;
use crate::units::in_range_unit;

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
    score(sim.case(), sim.records(), sim.guard_hits(), sim.reached())
}

/// Scores records against a case. `guard_hits` are (criterion, record) pairs whose `Never`
/// condition held when the decision was made, and `reached` the first time each `Reached`
/// criterion's condition held (the simulation notes both).
pub fn score(
    case: &Case,
    records: &[Record],
    guard_hits: &[(usize, usize)],
    reached: &[Option<u64>],
) -> ScoreReport {
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
    let tag_name = |tag: usize| case.tags[tag].clone();
    let state_name = |s: usize| case.states[s].id.clone();
    let state_entry = |s: usize| {
        records.iter().enumerate().find_map(|(i, r)| match r {
            Record::State { t, to, .. } if *to == case.states[s].id => Some((i, *t)),
            _ => None,
        })
    };

    let anchor_at = |anchor: &case::Anchor| -> Option<(Option<usize>, u64)> {
        match anchor {
            case::Anchor::Start => Some((None, 0)),
            case::Anchor::State(s) => state_entry(*s).map(|(i, t)| (Some(i), t)),
            case::Anchor::Done(t2) => first(*t2).map(|d| (Some(d.seq), d.t)),
            case::Anchor::Event(e) => records.iter().enumerate().find_map(|(i, r)| match r {
                Record::Event { t, id, .. } if *id == case.events[*e].id => Some((Some(i), *t)),
                _ => None,
            }),
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
            case::Check::DoneWithin(tag, within, anchor) => match anchor_at(anchor) {
                None => (NotApplicable, vec![], Detail::DidNotArise),
                Some((aseq, at)) => {
                    let deadline = at + within;
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
            case::Check::Reached(_, within, anchor) => match anchor_at(anchor) {
                None => (NotApplicable, vec![], Detail::DidNotArise),
                Some((aseq, at)) => {
                    let deadline = at + within;
                    // The decision that brought the condition about: the last one at or before it.
                    let by = |t: u64| decisions.iter().rev().find(|d| d.t <= t).map(|d| d.seq);
                    let ev = |d: Option<usize>| aseq.into_iter().chain(d).collect::<Vec<_>>();
                    match reached.get(ci).copied().flatten() {
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
            } => dose_check(case, &decisions, *tag, *min, *max, unit),
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
                            at: records[h].t(),
                        },
                    ),
                    (Some(&h), Some(_)) => (
                        Harmful,
                        hits.clone(),
                        Detail::GivenWhile {
                            what,
                            at: records[h].t(),
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
            case::Check::StateAvoided(s) => match state_entry(*s) {
                Some((i, t)) => (
                    Harmful,
                    vec![i],
                    Detail::Reached {
                        state: state_name(*s),
                        at: t,
                    },
                ),
                None => (
                    Met,
                    vec![],
                    Detail::NotReached {
                        state: state_name(*s),
                    },
                ),
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
) -> (Status, Vec<usize>, Detail) {
    let weight = case.weight_kg();
    let mut checked = Vec::new();
    let mut bad = Vec::new();
    let mut doses = Vec::new();
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
            doses.push((crate::units::fmt_num(x), d.t));
        }
    }
    let range = format!(
        "{}–{} {}",
        crate::units::fmt_num(min),
        crate::units::fmt_num(max),
        unit.text
    );
    let what = case.tags[tag].clone();
    if checked.is_empty() {
        (Status::NotApplicable, vec![], Detail::NotGiven { what })
    } else if bad.is_empty() {
        (Status::Met, checked, Detail::DosesInRange { what, range })
    } else {
        (
            Status::Missed,
            bad,
            Detail::DosesOutOfRange {
                what,
                range,
                unit: unit.text.clone(),
                doses,
            },
        )
    }
}

/// Why a criterion came out as it did, with the names and times involved. `what` is a tag (an
/// action id, drug id or drug class) and `state` a state id: renderers look up their labels.
/// Times are simulated seconds. `Display` gives plain English; reports localise it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    Done {
        what: String,
        at: u64,
    },
    NeverDone {
        what: String,
    },
    DoneBefore {
        what: String,
        at: u64,
        other: String,
    },
    DoneAfter {
        what: String,
        at: u64,
        other: String,
        other_at: u64,
    },
    InTime {
        what: String,
        at: u64,
        deadline: u64,
    },
    Late {
        what: String,
        at: u64,
        deadline: u64,
    },
    NotBy {
        what: String,
        deadline: u64,
    },
    DidNotArise,
    NotGiven {
        what: String,
    },
    DosesInRange {
        what: String,
        range: String,
    },
    /// Each out-of-range dose as (amount in the criterion's unit, time).
    DosesOutOfRange {
        what: String,
        range: String,
        unit: String,
        doses: Vec<(String, u64)>,
    },
    Avoided {
        what: String,
    },
    NeverWhile {
        what: String,
    },
    Given {
        what: String,
        at: u64,
    },
    GivenWhile {
        what: String,
        at: u64,
    },
    Reached {
        state: String,
        at: u64,
    },
    NotReached {
        state: String,
    },
    ConditionInTime {
        at: u64,
        deadline: u64,
    },
    ConditionLate {
        at: u64,
        deadline: u64,
    },
    ConditionNotBy {
        deadline: u64,
    },
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = |s: &u64| crate::scenario::expr::format_duration(*s);
        match self {
            Detail::Done { what, at } => write!(f, "{what} done at {}", t(at)),
            Detail::NeverDone { what } => write!(f, "{what} never done"),
            Detail::DoneBefore { what, at, other } => {
                write!(f, "{what} at {}, before {other}", t(at))
            }
            Detail::DoneAfter {
                what,
                at,
                other,
                other_at,
            } => {
                write!(
                    f,
                    "{what} at {} came after {other} at {}",
                    t(at),
                    t(other_at)
                )
            }
            Detail::InTime { what, at, deadline } => {
                write!(f, "{what} at {}, deadline {}", t(at), t(deadline))
            }
            Detail::Late { what, at, deadline } => {
                write!(f, "{what} at {}, after the deadline {}", t(at), t(deadline))
            }
            Detail::NotBy { what, deadline } => {
                write!(f, "{what} never done (deadline {})", t(deadline))
            }
            Detail::DidNotArise => write!(f, "the situation did not arise"),
            Detail::NotGiven { what } => write!(f, "{what} not given"),
            Detail::DosesInRange { range, .. } => write!(f, "every dose within {range}"),
            Detail::DosesOutOfRange {
                range, unit, doses, ..
            } => {
                let list: Vec<String> = doses
                    .iter()
                    .map(|(x, at)| format!("{x} {unit} at {}", t(at)))
                    .collect();
                write!(f, "outside {range}: {}", list.join(", "))
            }
            Detail::Avoided { what } => write!(f, "{what} avoided"),
            Detail::NeverWhile { what } => write!(f, "{what} never given while the condition held"),
            Detail::Given { what, at } => write!(f, "{what} given at {}", t(at)),
            Detail::GivenWhile { what, at } => {
                write!(f, "{what} given at {} while the condition held", t(at))
            }
            Detail::Reached { state, at } => write!(f, "{state} reached at {}", t(at)),
            Detail::NotReached { state } => write!(f, "{state} not reached"),
            Detail::ConditionInTime { at, deadline } => {
                write!(f, "achieved at {}, deadline {}", t(at), t(deadline))
            }
            Detail::ConditionLate { at, deadline } => {
                write!(
                    f,
                    "achieved at {}, after the deadline {}",
                    t(at),
                    t(deadline)
                )
            }
            Detail::ConditionNotBy { deadline } => {
                write!(f, "not achieved by the deadline {}", t(deadline))
            }
        }
    }
}
