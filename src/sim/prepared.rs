//! What the tick loop reads from a case, prepared once per case and shared by all its sessions:
//! conditions in evaluation form, drifts with their per-tick factors, kinetics factors, which
//! drugs block which, and the drugs already in the body at the start.

use std::sync::Arc;

use super::kinetics::Drugs;
use crate::scenario::case::{self, Case};
use crate::scenario::expr::{Cond, Expr};
use crate::scenario::model::Route;

/// A drug's toxicity: where it starts (amount in the body per kg) and the effects of the excess
/// (variable, emax, ec50).
pub(super) type Toxic = (f64, Vec<(usize, f64, f64)>);

/// What the tick loop reads from the case, prepared once per case (and kept in its derived-data
/// slot): conditions as `Cond`, drifts with their per-tick factors and bounds,
/// kinetics factors, which drugs block which. Nothing here depends on the session's seed.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// Per state, its drifts.
    pub(super) drifts: Vec<Vec<Drift>>,
    /// Per state, whether no two of its drifts move the same variable.
    pub(super) distinct_drifts: Vec<bool>,
    /// Per state, its transitions (target state, condition, seconds it must hold).
    pub(super) transitions: Vec<Vec<(usize, Cond, u64)>>,
    /// Per event, what decides when it fires.
    pub(super) events: Vec<EventCond>,
    /// Per criterion, the condition of a `Reached` check and how long it must hold.
    pub(super) reached: Vec<Option<(Cond, u64)>>,
    /// Per criterion, its `faced` condition, and whether it can change only when the trainee
    /// acts (then it is not evaluated on ticks).
    pub(super) faced: Vec<Option<(Cond, bool)>>,
    /// Per tag, the drugs that carry it, in index order (for `level`).
    pub(super) tag_drugs: Vec<Vec<usize>>,
    /// Per criterion, the condition of a `When` anchor.
    pub(super) anchor: Vec<Option<Cond>>,
    /// Criteria with any of the three.
    pub(super) watches: Vec<usize>,
    /// Per drug, its toxicity.
    pub(super) toxicity: Vec<Option<Toxic>>,
    /// exp(-ke·tick) per drug.
    pub(super) decay: Vec<f64>,
    /// Per drug, exp(-ka·tick) per route.
    pub(super) absorb: Vec<Vec<(Route, f64)>>,
    /// Per drug, the drugs that can block it: (blocking drug, max block, ic50 per kg), in the
    /// order the effect formula applies them.
    pub(super) blockers: Vec<Vec<(usize, f64, f64)>>,
    /// Where each drug's effects start in a flat list of every drug's effects, plus the end.
    pub(super) effect_start: Vec<usize>,
    /// Every variable a shift or a drug can move, with its bounds: after effects are added these
    /// are clamped (the others equal their base, which is always within bounds).
    pub(super) moved: Vec<(usize, f64, f64)>,
    /// Variables with alarm limits.
    pub(super) alarm_vars: Vec<usize>,
    /// Events with no condition, with their time (0 without one): (event, time).
    pub(super) timed: Vec<(usize, u64)>,
    /// Events with a condition, in declaration order.
    pub(super) conditional: Vec<usize>,
    /// The drugs in the body at the start (the case's `on_board`).
    pub(super) start_drugs: Drugs,
}

/// A state drift as one tick applies it to a variable's base value, which it then clamps.
#[derive(Debug)]
pub(super) struct Drift {
    pub(super) var: usize,
    pub(super) step: Step,
    pub(super) min: f64,
    pub(super) max: f64,
}

#[derive(Debug)]
pub(super) enum Step {
    /// `target + (base - target) * keep`, with keep = exp(-tick/tau).
    Toward { target: f64, keep: f64 },
    /// `base + by`, with by = per_sec × tick.
    Rate { by: f64 },
}

/// When an event fires: not before `at`, and (on a tick) once `when` holds.
#[derive(Debug)]
pub(super) struct EventCond {
    pub(super) at: Option<u64>,
    /// The state `when` requires (`in_state(..) and …`), so that it is not evaluated at all in
    /// other states: most case events belong to one state.
    pub(super) gate: Option<usize>,
    pub(super) when: Option<Cond>,
}

impl Prepared {
    /// The case's prepared form, built on first use and then shared.
    pub(super) fn of(case: &Case) -> Arc<Prepared> {
        case.derived.get_or_init(|| Prepared::new(case))
    }

    fn new(case: &Case) -> Prepared {
        let tick = tick_of(case);
        let dt = tick as f64;
        let mut moved: Vec<usize> = case
            .actions
            .iter()
            .flat_map(|a| &a.effects)
            .filter_map(|e| match e {
                case::Effect::Shift { var, .. } => Some(*var),
                case::Effect::Set { .. } => None,
            })
            .chain(
                case.drugs
                    .iter()
                    .flat_map(|d| d.effects.iter().map(|e| e.var)),
            )
            .chain(
                case.drugs
                    .iter()
                    .flat_map(|d| d.toxicity.iter().flat_map(|(_, t)| t.iter().map(|e| e.var))),
            )
            .collect();
        moved.sort_unstable();
        moved.dedup();
        let decay: Vec<f64> = case.drugs.iter().map(|d| libm::exp(-d.ke * dt)).collect();
        let absorb: Vec<Vec<(Route, f64)>> = case
            .drugs
            .iter()
            .map(|d| {
                d.ka.iter()
                    .map(|(r, ka)| (*r, libm::exp(-ka * dt)))
                    .collect()
            })
            .collect();
        let start_drugs = start_drugs(case, &decay, &absorb, tick);
        let mut effect_start = vec![0];
        for d in &case.drugs {
            effect_start.push(effect_start[effect_start.len() - 1] + d.effects.len());
        }
        Prepared {
            drifts: case
                .states
                .iter()
                .map(|s| {
                    s.drifts
                        .iter()
                        .map(|d| {
                            let (var, step) = match *d {
                                case::Drift::Toward { var, target, tau } => {
                                    let keep = libm::exp(-dt / tau);
                                    (var, Step::Toward { target, keep })
                                }
                                case::Drift::Rate { var, per_sec } => {
                                    (var, Step::Rate { by: per_sec * dt })
                                }
                            };
                            let info = &case.vars[var];
                            Drift {
                                var,
                                step,
                                min: info.min,
                                max: info.max,
                            }
                        })
                        .collect()
                })
                .collect(),
            distinct_drifts: case
                .states
                .iter()
                .map(|s| {
                    let mut vars: Vec<usize> = s
                        .drifts
                        .iter()
                        .map(|d| match *d {
                            case::Drift::Toward { var, .. } | case::Drift::Rate { var, .. } => var,
                        })
                        .collect();
                    let n = vars.len();
                    vars.sort_unstable();
                    vars.dedup();
                    vars.len() == n
                })
                .collect(),
            transitions: case
                .states
                .iter()
                .map(|s| {
                    s.transitions
                        .iter()
                        .map(|t| (t.to, Cond::new(&t.when), t.held))
                        .collect()
                })
                .collect(),
            events: case
                .events
                .iter()
                .map(|e| EventCond {
                    at: e.at,
                    gate: e.when.as_ref().and_then(Expr::required_state),
                    when: e.when.as_ref().map(Cond::new),
                })
                .collect(),
            reached: case
                .criteria
                .iter()
                .map(|c| match &c.check {
                    case::Check::Reached(cond, _, _, held) => Some((Cond::new(cond), *held)),
                    _ => None,
                })
                .collect(),
            faced: case
                .criteria
                .iter()
                .map(|c| {
                    c.faced
                        .as_ref()
                        .map(|f| (Cond::new(f), f.changes_only_at_decisions()))
                })
                .collect(),
            tag_drugs: (0..case.tags.len())
                .map(|t| {
                    (0..case.drugs.len())
                        .filter(|&i| case.drugs[i].tags.contains(&t))
                        .collect()
                })
                .collect(),
            anchor: case
                .criteria
                .iter()
                .map(|c| match &c.check {
                    case::Check::DoneWithin(_, _, case::Anchor::When(w))
                    | case::Check::Reached(_, _, case::Anchor::When(w), _)
                    | case::Check::Window(_, case::Anchor::When(w), ..) => Some(Cond::new(w)),
                    _ => None,
                })
                .collect(),
            watches: (0..case.criteria.len())
                .filter(|&c| {
                    let x = &case.criteria[c];
                    x.faced.is_some()
                        || matches!(
                            x.check,
                            case::Check::Reached(..)
                                | case::Check::DoneWithin(_, _, case::Anchor::When(_))
                                | case::Check::Window(_, case::Anchor::When(_), ..)
                        )
                })
                .collect(),
            toxicity: case
                .drugs
                .iter()
                .map(|d| {
                    d.toxicity.as_ref().map(|(above, effects)| {
                        (
                            *above,
                            effects.iter().map(|e| (e.var, e.emax, e.ec50)).collect(),
                        )
                    })
                })
                .collect(),
            decay,
            absorb,
            blockers: case
                .drugs
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let mut by = Vec::new();
                    for (j, ant) in case.drugs.iter().enumerate() {
                        for &(class, max_block, ic50) in &ant.antagonizes {
                            if j != i && d.tags.contains(&class) {
                                by.push((j, max_block, ic50));
                            }
                        }
                    }
                    by
                })
                .collect(),
            effect_start,
            moved: moved
                .into_iter()
                .map(|v| (v, case.vars[v].min, case.vars[v].max))
                .collect(),
            alarm_vars: (0..case.vars.len())
                .filter(|&v| case.vars[v].alarm_low.is_some() || case.vars[v].alarm_high.is_some())
                .collect(),
            timed: case
                .events
                .iter()
                .enumerate()
                .filter(|(_, e)| e.when.is_none())
                .map(|(i, e)| (i, e.at.unwrap_or(0)))
                .collect(),
            conditional: (0..case.events.len())
                .filter(|&i| case.events[i].when.is_some())
                .collect(),
            start_drugs,
        }
    }
}

/// The drugs in the body at the start (and which are active), from the case's `on_board`
/// list: each entry given (or started) on the tick grid continued back before zero, and the
/// kinetics run to zero exactly as a session runs them after a decision. An entry given `ago`
/// before the start gets one kinetics step per grid point in (-ago, 0].
fn start_drugs(case: &Case, decay: &[f64], absorb: &[Vec<(Route, f64)>], tick: u64) -> Drugs {
    let mut drugs = Drugs::none(case.drugs.len());
    let steps = |ago: u64| ago.div_ceil(tick);
    let add = |drugs: &mut Drugs, k: u64| {
        for ob in case.on_board.iter().filter(|ob| steps(ob.ago) == k) {
            drugs.give(absorb, ob.drug, ob.dose, ob.rate_per_s);
        }
    };
    let most = case
        .on_board
        .iter()
        .map(|ob| steps(ob.ago))
        .max()
        .unwrap_or(0);
    for k in (1..=most).rev() {
        add(&mut drugs, k);
        drugs.step(decay, tick as f64, |_, _| {});
    }
    add(&mut drugs, 0);
    drugs
}

/// The case's physiology step in seconds.
pub(super) fn tick_of(case: &Case) -> u64 {
    case.scenario.tick.secs().max(1)
}
