//! The stepping simulation: a seeded patient under a case, moved forward in time and by the
//! trainee's orders, recording everything that happens.

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::kinetics::Drugs;
use super::prepared::{Drift, Prepared, Step, tick_of};
use super::{EndReason, Order, OrderError, Record, Unusual, ValidOrder};
use crate::scenario::case::{self, Case};
use crate::scenario::expr::Context;
use crate::scenario::model::Route;
use crate::scenario::vars;

// What the rubric needs noted tick by tick, and the course after the trainee leaves.
mod watch;
// Results coming back and events firing.
mod happenings;
// Action guards tripping, and standing orders given, held and resumed.
mod standing;

#[derive(Debug, Clone)]
struct Shift {
    var: usize,
    by: f64,
    start: u64,
    onset: u64,
    until: Option<u64>,
}

/// What the trainee has done, by tag (action id, drug id, drug class): what a condition's
/// `last`, `count` and `total` read.
#[derive(Debug, Clone)]
struct Tally {
    last_done: Vec<Option<u64>>,
    count: Vec<u32>,
    /// Amount given, in the drug's unit (a bolus when given, an infusion as it runs); for a
    /// product's tag, its volume in mL.
    total: Vec<f64>,
    /// Per drug, the product its running infusion is of: (the product's tag, mL per second).
    infusing: Vec<Option<(usize, f64)>>,
}

/// The events still to fire (a repeating or re-arming event stays until it is over).
#[derive(Debug, Clone)]
struct Upcoming {
    /// Each event that has no condition, with the time it fires next (at first its `at`, 0
    /// without one; a repeating one's moves on by `every` each time it fires): (event, time).
    timed: Vec<(usize, u64)>,
    /// Events with a condition, in declaration order.
    conditional: Vec<usize>,
    /// Per event, when a repeating or re-arming event with a condition last fired, while its
    /// condition has held since (`None`: armed, waiting for its condition to hold).
    last_fired: Vec<Option<u64>>,
    /// Those of `conditional` that can fire in the current state (their condition does not
    /// require another state), in declaration order: the events checked on each tick.
    watching: Vec<usize>,
    /// Scratch list of the events firing now.
    firing: Vec<usize>,
    /// Scratch list of the conditional events that are over now.
    over: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Pending {
    due: u64,
    action: usize,
    ordered_at: u64,
    values: Vec<(usize, f64)>,
}

/// When the situations a criterion depends on first arose, as the simulation noted them tick
/// by tick (they depend on values between records, which the records alone do not hold).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Watched {
    /// A `Reached` criterion's condition first held (for its `held` time, if any): the time
    /// it was met.
    pub reached: Option<u64>,
    /// The criterion's `faced` condition first held.
    pub faced: Option<u64>,
    /// The criterion's `When` anchor first held.
    pub anchored: Option<u64>,
}

/// A running case. Cheap to clone (the case itself is shared).
#[derive(Debug, Clone)]
pub struct Simulation {
    case: Arc<Case>,
    seed: u64,
    rng: ChaCha8Rng,
    now: u64,
    tick: u64,
    /// Per variable, its value before shifts and drug effects: what drifts move and `Set` sets.
    base: Vec<f64>,
    /// Per variable, the noise-free value: the base with shifts and drug effects, clamped.
    truth: Vec<f64>,
    /// Per variable, what the monitor shows: the truth with measurement noise.
    shown: Vec<f64>,
    /// Per variable, the measurement noise now.
    noise: Vec<f64>,
    state: usize,
    state_entered: u64,
    drugs: Drugs,
    /// Per responder trait, whether this patient has it.
    responders: Vec<bool>,
    shifts: Vec<Shift>,
    tally: Tally,
    /// Results ordered and not yet back.
    pending: Vec<Pending>,
    /// Per variable, its alarm level: -1 below, 0 normal, 1 above its limits.
    alarm: Vec<i8>,
    /// The records since the last [`drain_records`](Simulation::drain_records) (all of them if
    /// never drained).
    records: Vec<Record>,
    /// How many records were drained before `records` (the sequence number of its first).
    drained: usize,
    /// The time of the last record drained (0 before any).
    drained_last_t: u64,
    /// (criterion index, record index) for `Never` criteria whose condition held at the decision.
    guard_hits: Vec<(usize, usize)>,
    ended: Option<EndReason>,
    /// An end state entered on this tick: the case ends once the tick's results and events
    /// are recorded (an event on entering the end state is part of the case, before its end).
    ending: Option<EndReason>,
    keep_trajectory: bool,
    trajectory: Vec<(u64, Vec<f32>)>,
    upcoming: Upcoming,
    /// Per action guard, whether it has tripped (`tripped('g')`).
    tripped: Vec<bool>,
    /// Per standing order, whether it is held now (`held('s')`).
    held: Vec<bool>,
    /// Per standing order, the time of its next dose (`None`: no more).
    dose_due: Vec<Option<u64>>,
    /// What the simulation noted of each criterion's conditions (by criterion index).
    watched: Vec<Watched>,
    /// Since when each `Reached` condition with a `held` time has held (by criterion index).
    reach_since: Vec<Option<u64>>,
    /// Criteria with a condition to watch that has not been settled yet.
    watches: Vec<usize>,
    /// Since when each transition of the current state has had its condition hold (for a
    /// transition with a `held` time).
    held_since: Vec<Option<u64>>,
    /// Whether the monitor is simulated (measurement noise, alarms, trajectory). Scoring does
    /// not need it: conditions, results and the rubric see only noise-free values.
    monitor: bool,
    /// What the tick loop reads from the case, prepared for it (shared by every session of
    /// the case).
    prep: Arc<Prepared>,
    /// The first multiple of `tick` after `now`: the next physiology step.
    next_tick: u64,
    /// Every drug's effects as (variable, emax × this patient's sensitivity × responder factor,
    /// ec50): the part of the effect formula fixed for the session. Drug `i`'s effects are
    /// `effects[prep.effect_start[i]..prep.effect_start[i + 1]]`.
    effects: Vec<(usize, f64, f64)>,
}

impl Simulation {
    /// Starts a case for a seeded patient.
    pub fn new(case: Arc<Case>, seed: u64) -> Simulation {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let prep = Prepared::of(&case);
        let tick = tick_of(&case);
        let spread = case.scenario.sensitivity_spread;
        let sensitivity: Vec<f64> = case
            .drugs
            .iter()
            .map(|_| {
                if spread > 0.0 {
                    rng.random_range(1.0 - spread..1.0 + spread)
                } else {
                    1.0
                }
            })
            .collect();
        let responders: Vec<bool> = case
            .responders
            .iter()
            .map(|(_, p)| rng.random_range(0.0..1.0) < *p)
            .collect();
        let effects = case
            .drugs
            .iter()
            .zip(&sensitivity)
            .flat_map(|(d, sens)| {
                let responders = &responders;
                d.effects.iter().map(move |e| {
                    let resp = match e.responder {
                        Some(r) if !responders[r] => 0.2,
                        _ => 1.0,
                    };
                    (e.var, e.emax * sens * resp, e.ec50)
                })
            })
            .collect();
        let n = case.vars.len();
        let ntags = case.tags.len();
        let mut sim = Simulation {
            seed,
            rng,
            now: 0,
            tick,
            base: case.initial.clone(),
            truth: case.initial.clone(),
            shown: case.initial.clone(),
            noise: vec![0.0; n],
            state: case.initial_state,
            state_entered: 0,
            drugs: prep.start_drugs.clone(),
            responders,
            shifts: Vec::new(),
            tally: Tally {
                last_done: vec![None; ntags],
                count: vec![0; ntags],
                total: vec![0.0; ntags],
                infusing: vec![None; case.drugs.len()],
            },
            pending: Vec::new(),
            alarm: vec![0; n],
            records: Vec::new(),
            drained: 0,
            drained_last_t: 0,
            guard_hits: Vec::new(),
            ended: None,
            ending: None,
            keep_trajectory: true,
            trajectory: Vec::new(),
            upcoming: Upcoming {
                timed: prep.timed.clone(),
                conditional: prep.conditional.clone(),
                last_fired: vec![None; case.events.len()],
                watching: Vec::new(),
                firing: Vec::new(),
                over: Vec::new(),
            },
            tripped: vec![false; case.guards.len()],
            held: vec![false; case.schedule.len()],
            dose_due: case
                .schedule
                .iter()
                .map(|s| s.next_after(None, case.scenario.time_limit.secs()))
                .collect(),
            watched: vec![Watched::default(); case.criteria.len()],
            reach_since: vec![None; case.criteria.len()],
            watches: prep.watches.clone(),
            held_since: vec![None; case.states[case.initial_state].transitions.len()],
            monitor: true,
            next_tick: tick,
            effects,
            prep,
            case,
        };
        sim.refresh_watching();
        sim.compute_values();
        sim.alarms();
        sim.sample();
        sim.fire_due_events(true);
        sim.give_standing_doses();
        sim.watch();
        sim
    }

    /// Stop keeping the per-tick trajectory (for bulk re-scoring, where nobody plots it).
    pub fn without_trajectory(mut self) -> Simulation {
        self.keep_trajectory = false;
        self.trajectory.clear();
        self
    }

    /// A simulation for scoring only: the patient's course, states, events, results and the
    /// score are exactly those of a full simulation, but the monitor (measurement noise, alarm
    /// records, the trajectory) is not simulated. Noise draws come after every other use of the
    /// seeded generator, so skipping them changes nothing that is scored.
    pub fn for_scoring(mut self) -> Simulation {
        self.monitor = false;
        self.keep_trajectory = false;
        self.trajectory.clear();
        self.records.retain(|r| !matches!(r, Record::Alarm { .. }));
        self
    }

    pub fn case(&self) -> &Arc<Case> {
        &self.case
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Simulated seconds since the start.
    pub fn now(&self) -> u64 {
        self.now
    }
    pub fn state(&self) -> usize {
        self.state
    }
    pub fn state_id(&self) -> &str {
        &self.case.states[self.state].id
    }
    /// Displayed values (with measurement noise), by variable index. A scoring-only
    /// simulation has no monitor and returns the noise-free values.
    pub fn shown(&self) -> &[f64] {
        if self.monitor {
            &self.shown
        } else {
            &self.truth
        }
    }
    /// Underlying values (no measurement noise): what conditions and lab results see.
    pub fn truth(&self) -> &[f64] {
        &self.truth
    }
    /// Displayed value of a variable by id.
    pub fn value(&self, var: &str) -> Option<f64> {
        self.case.var(var).map(|i| self.shown()[i])
    }
    /// Everything that has happened, in order. Index = sequence number.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The sequence number of the first of [`records`](Simulation::records): how many were
    /// drained before them.
    pub fn records_from(&self) -> usize {
        self.drained
    }

    /// Hands over the records made since the last drain, keeping none: for a replay that looks
    /// at each record once (the verdict of a long log), so that memory does not grow with the
    /// session. Sequence numbers (a decision's in [`guard_hits`](Simulation::guard_hits)) go
    /// on counting from the drained records.
    pub fn drain_records(&mut self) -> std::vec::Drain<'_, Record> {
        if let Some(r) = self.records.last() {
            self.drained_last_t = r.t();
        }
        self.drained += self.records.len();
        self.records.drain(..)
    }
    pub fn guard_hits(&self) -> &[(usize, usize)] {
        &self.guard_hits
    }
    pub fn ended(&self) -> Option<&EndReason> {
        self.ended.as_ref()
    }
    pub fn is_over(&self) -> bool {
        self.ended.is_some()
    }
    /// (time, displayed values) at every tick, for trend plots.
    pub fn trajectory(&self) -> &[(u64, Vec<f32>)] {
        &self.trajectory
    }
    /// Results ordered and not yet back: (action index, due time).
    pub fn pending(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.pending.iter().map(|p| (p.action, p.due))
    }
    /// Running infusions: (drug index, rate in the drug's unit per hour).
    pub fn infusions(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.drugs
            .each
            .iter()
            .enumerate()
            .filter(|(_, d)| d.infusion > 0.0)
            .map(|(i, d)| (i, d.infusion * 3600.0))
    }
    /// Amount of a drug in the body now (its central amount, in the drug's unit), by drug
    /// index; 0 for an index the case does not have.
    pub fn in_body(&self, drug: usize) -> f64 {
        self.drugs.each.get(drug).map_or(0.0, |d| d.central)
    }
    /// Whether a responder trait was drawn for this patient.
    pub fn is_responder(&self, name: &str) -> Option<bool> {
        self.case
            .responders
            .iter()
            .position(|(n, _)| n == name)
            .map(|i| self.responders[i])
    }
    /// The next time something scheduled happens (a result, a timed event), if any.
    pub fn next_scheduled(&self) -> Option<u64> {
        let results = self.pending.iter().map(|p| p.due);
        let events = self.upcoming.timed.iter().map(|&(_, at)| at);
        let doses = self.dose_due.iter().flatten().copied();
        results
            .chain(events)
            .chain(doses)
            .filter(|t| *t > self.now)
            .min()
    }

    /// Places an order now. A refused order is recorded (so the assessor sees it) and returned
    /// as an error; nothing reaches the patient. An accepted order returns its note, if its dose
    /// or rate is outside the action's plausible range (the figures of the note its
    /// [`Record::Decision`] carries as text); what it recorded is at the end of
    /// [`records`](Simulation::records).
    pub fn apply(&mut self, order: &Order) -> Result<Option<Unusual>, OrderError> {
        if self.ended.is_some() {
            return Err(OrderError::CaseOver);
        }
        let valid = match order.validate(&self.case) {
            Ok(v) => v,
            Err(e) => {
                self.records.push(Record::Refused {
                    t: self.now,
                    order: order.clone(),
                    reason: e.to_string(),
                });
                return Err(e);
            }
        };
        let case = Arc::clone(&self.case);
        let action = &case.actions[valid.action];
        let seq = self.drained + self.records.len();
        self.records.push(Record::Decision {
            t: self.now,
            order: order.clone(),
            amount: valid.amount,
            rate_per_h: valid.rate_per_s.map(|r| r * 3600.0),
            note: valid.implausible.as_ref().map(ToString::to_string),
        });
        // Guards are judged on the patient as they were when the order was placed.
        for (ci, c) in case.criteria.iter().enumerate() {
            if let case::Check::Never(tag, Some(cond)) = &c.check
                && action.tags.contains(tag)
                && cond.truth(&*self)
            {
                self.guard_hits.push((ci, seq));
            }
        }
        // An action's guards, too, see the patient as they were when the order was placed.
        let guard = self.guard_tripping(action);
        for &t in &action.tags {
            self.tally.last_done[t] = Some(self.now);
            self.tally.count[t] += 1;
        }
        let instead = guard.is_some_and(|g| case.guards[g].instead);
        if !instead {
            self.carry_out(action, &valid);
        }
        if let Some(g) = guard {
            self.trip(g);
        }
        self.watch();
        Ok(valid.implausible)
    }

    /// What an accepted order does: its finding, result, dose, infusion change or hold, and its
    /// effects.
    fn carry_out(&mut self, action: &case::Action, valid: &ValidOrder) {
        let case = Arc::clone(&self.case);
        match &action.kind {
            case::Kind::Examine(findings) => {
                let found = findings
                    .iter()
                    .find(|(cond, ..)| cond.as_ref().is_none_or(|c| c.truth(&*self)));
                if let Some((_, text, values)) = found {
                    self.records.push(Record::Finding {
                        t: self.now,
                        action: action.def.id.clone(),
                        text: text.clone(),
                        values: self.values_of(values),
                    });
                }
            }
            case::Kind::Investigate {
                turnaround,
                reports,
            } => {
                let values = reports.iter().map(|&v| (v, self.truth[v])).collect();
                self.pending.push(Pending {
                    due: self.now + turnaround,
                    action: valid.action,
                    ordered_at: self.now,
                    values,
                });
                if *turnaround == 0 {
                    self.fire_due_results();
                }
            }
            case::Kind::Give { drug, product, .. } => {
                let product = product.map(|p| case.drugs[*drug].products[p].tag);
                if let Some(amount) = valid.amount {
                    for &t in &case.drugs[*drug].tags {
                        self.tally.total[t] += amount;
                    }
                    if let (Some(t), Some(ml)) = (product, valid.volume) {
                        self.tally.total[t] += ml;
                    }
                }
                if valid.rate_per_s.is_some() {
                    self.tally.infusing[*drug] = product.zip(valid.volume);
                }
                let dose = valid.amount.map(|a| (a, valid.route.unwrap_or(Route::IV)));
                self.drugs
                    .give(&self.prep.absorb, *drug, dose, valid.rate_per_s);
            }
            case::Kind::Stop { drug } => {
                self.drugs.each[*drug].infusion = 0.0;
                self.tally.infusing[*drug] = None;
            }
            case::Kind::Task => {}
            case::Kind::Hold(s) => self.held[*s] = true,
            case::Kind::Resume(s) => self.held[*s] = false,
        }
        self.apply_effects(&action.effects);
    }

    /// Applies effects (an action's or a guard's) now.
    fn apply_effects(&mut self, effects: &[case::Effect]) {
        let case = &*self.case;
        for e in effects {
            match *e {
                case::Effect::Shift {
                    var,
                    by,
                    onset,
                    lasts,
                } => self.shifts.push(Shift {
                    var,
                    by,
                    start: self.now,
                    onset,
                    until: lasts.map(|l| self.now + l),
                }),
                case::Effect::Set { var, to } => {
                    let info = &case.vars[var];
                    self.base[var] = to.clamp(info.min, info.max);
                }
            }
        }
    }

    /// Moves simulated time forward by `secs` (stopping early if the case ends).
    pub fn advance(&mut self, secs: u64) -> &[Record] {
        let first = self.records.len();
        let limit = self.case.scenario.time_limit.secs();
        let target = self.now.saturating_add(secs).min(limit);
        while self.now < target && self.ended.is_none() {
            let next_tick = self.next_tick;
            let next = self
                .next_scheduled()
                .map_or(next_tick, |s| s.min(next_tick))
                .min(target);
            self.now = next;
            // Nothing between the last time and `next_tick` is a multiple of the tick.
            let on_tick = next == next_tick;
            if on_tick {
                self.next_tick += self.tick;
                self.physiology();
            }
            self.give_standing_doses();
            self.fire_due_results();
            self.fire_due_events(on_tick);
            if let Some(reason) = self.ending.take() {
                self.finish(reason);
            }
        }
        if self.now >= limit && self.ended.is_none() {
            self.finish(EndReason::TimeLimit);
        }
        &self.records[first..]
    }

    /// Advances to the absolute time `t` (no-op if already there).
    pub fn advance_to(&mut self, t: u64) -> &[Record] {
        let dt = t.saturating_sub(self.now);
        self.advance(dt)
    }

    /// Records how far simulated time has run ([`Record::Clock`]), if the case goes on and time
    /// has moved since the last record (at the start: since 0). Returns whether it recorded.
    pub fn note_time(&mut self) -> bool {
        let last = self.records.last().map_or(self.drained_last_t, Record::t);
        if self.ended.is_some() || self.now <= last {
            return false;
        }
        self.records.push(Record::Clock { t: self.now });
        true
    }

    /// The trainee ends the case.
    pub fn end_by_trainee(&mut self) -> &[Record] {
        let first = self.records.len();
        if self.ended.is_none() {
            self.finish(EndReason::Trainee);
        }
        &self.records[first..]
    }

    fn finish(&mut self, reason: EndReason) {
        self.records.push(Record::End {
            t: self.now,
            reason: reason.clone(),
            state: self.state_id().to_string(),
        });
        self.ended = Some(reason);
    }

    fn physiology(&mut self) {
        let case = &*self.case;
        let dt = self.tick as f64;
        // Kinetics: absorption from each depot, infusion in, first-order elimination.
        let Tally {
            total, infusing, ..
        } = &mut self.tally;
        self.drugs.step(&self.prep.decay, dt, |i, inflow| {
            for &t in &case.drugs[i].tags {
                total[t] += inflow;
            }
            if let Some((t, ml_per_s)) = infusing[i] {
                total[t] += ml_per_s * dt;
            }
        });
        // State drifts move the underlying values.
        // Only drifts move the base between ticks (`Set` clamps as it sets), and each is clamped
        // once all have moved it; when no two drifts of the state share a variable, clamping
        // each right after its step is the same.
        let drifts = &self.prep.drifts[self.state];
        let step = |d: &Drift, base: f64| match d.step {
            Step::Toward { target, keep } => target + (base - target) * keep,
            Step::Rate { by } => base + by,
        };
        if self.prep.distinct_drifts[self.state] {
            for d in drifts {
                let base = &mut self.base[d.var];
                *base = step(d, *base).clamp(d.min, d.max);
            }
        } else {
            for d in drifts {
                self.base[d.var] = step(d, self.base[d.var]);
            }
            for d in drifts {
                self.base[d.var] = self.base[d.var].clamp(d.min, d.max);
            }
        }
        let now = self.now;
        if self
            .shifts
            .iter()
            .any(|s| s.until.is_some_and(|u| u <= now))
        {
            self.shifts.retain(|s| s.until.is_none_or(|u| u > now));
        }
        self.compute_values();
        if self.monitor {
            // Measurement noise: a smooth seeded jitter on what the monitor shows.
            for (v, info) in self.case.vars.iter().enumerate() {
                if info.noise > 0.0 {
                    let kick: f64 = self.rng.random_range(-1.0..1.0);
                    self.noise[v] = 0.6 * self.noise[v] + 0.8 * info.noise * kick;
                }
                self.shown[v] = (self.truth[v] + self.noise[v]).clamp(info.min, info.max);
            }
            self.shown[vars::MAP] = (self.shown[vars::SBP] + 2.0 * self.shown[vars::DBP]) / 3.0;
            self.alarms();
        }
        self.transitions();
        self.watch_on(true);
        self.sample();
    }

    /// Recomputes `truth` (and noise-free `shown`) from the base values and active effects.
    fn compute_values(&mut self) {
        let weight = self.case.weight_kg();
        self.truth.copy_from_slice(&self.base);
        for s in &self.shifts {
            let elapsed = self.now.saturating_sub(s.start);
            let frac = if s.onset == 0 {
                1.0
            } else {
                (elapsed as f64 / s.onset as f64).min(1.0)
            };
            self.truth[s.var] += s.by * frac;
        }
        self.drugs
            .add_effects(&mut self.truth, &self.prep, &self.effects, weight);
        // Clamping a value already within bounds leaves it as it is, so clamping every variable
        // an effect can move is the same as clamping just those moved this tick.
        for &(v, min, max) in &self.prep.moved {
            self.truth[v] = self.truth[v].clamp(min, max);
        }
        self.truth[vars::MAP] = (self.truth[vars::SBP] + 2.0 * self.truth[vars::DBP]) / 3.0;
        if self.now == 0 {
            self.shown.copy_from_slice(&self.truth);
        }
    }

    /// Edge-triggered alarms with hysteresis: an alarm clears only once the value is back inside
    /// its limit by a margin, as bedside monitors do, so noise near a limit does not flap.
    fn alarms(&mut self) {
        let case = &*self.case;
        for &v in &self.prep.alarm_vars {
            let info = &case.vars[v];
            let x = self.shown[v];
            let noise = alarm_noise(case, v);
            let margin = |limit: f64| (2.0 * noise).max(0.01 * limit.abs());
            let prev = self.alarm[v];
            let low = info
                .alarm_low
                .is_some_and(|l| x < l || (prev == -1 && x < l + margin(l)));
            let high = info
                .alarm_high
                .is_some_and(|h| x > h || (prev == 1 && x > h - margin(h)));
            let level = if low {
                -1
            } else if high {
                1
            } else {
                0
            };
            if level != prev {
                self.alarm[v] = level;
                if !self.monitor {
                    continue;
                }
                self.records.push(Record::Alarm {
                    t: self.now,
                    var: info.id.clone(),
                    value: round4(x),
                    level,
                });
            }
        }
    }

    /// Current alarm level per variable: -1 below, 0 normal, 1 above its limits.
    pub fn alarm_levels(&self) -> &[i8] {
        &self.alarm
    }

    fn transitions(&mut self) {
        // The first transition whose condition holds (and has held long enough) is taken. A
        // transition with a hold keeps counting while the ones before it are not taken.
        let prep = &*self.prep;
        let mut to = None;
        for (j, (target, cond, held)) in prep.transitions[self.state].iter().enumerate() {
            let holds = cond.truth(&*self);
            if held_for(&mut self.held_since[j], holds, self.now, *held) {
                to = Some(*target);
                break;
            }
        }
        if let Some(to) = to {
            self.enter(to);
        }
    }

    /// Enters state `to` now (a transition, or a guard that tripped), recording it. An end
    /// state's end is recorded by the caller, after what else happens at this moment.
    fn enter(&mut self, to: usize) {
        {
            let from = self.state;
            self.state = to;
            self.state_entered = self.now;
            self.held_since.clear();
            self.held_since
                .resize(self.case.states[to].transitions.len(), None);
            self.refresh_watching();
            let case = &*self.case;
            self.records.push(Record::State {
                t: self.now,
                from: case.states[from].id.clone(),
                to: case.states[to].id.clone(),
            });
            // The end is recorded after this moment's results and events (see `advance`), so
            // that an event on entering the end state fires, in a fixed order, before it.
            if let Some(outcome) = case.states[to].end {
                self.ending = Some(EndReason::Outcome(outcome));
            }
        }
    }

    fn sample(&mut self) {
        if self.keep_trajectory {
            self.trajectory
                .push((self.now, self.shown.iter().map(|v| *v as f32).collect()));
        }
    }

    /// Re-creates a session from its recorded decisions: the same case and seed, each decision
    /// applied at its recorded time. Stops at the end record, or after the last decision.
    pub fn replay<'a>(
        case: Arc<Case>,
        seed: u64,
        records: impl IntoIterator<Item = &'a Record>,
    ) -> Simulation {
        let mut sim = Simulation::new(case, seed);
        sim.replay_onto(records);
        sim
    }

    /// Applies recorded decisions (and a recorded trainee ending, and the clock's notes) to this
    /// simulation.
    pub fn replay_onto<'a>(&mut self, records: impl IntoIterator<Item = &'a Record>) {
        for r in records {
            self.replay_one(r);
        }
    }

    /// Applies one recorded record, as [`replay_onto`](Simulation::replay_onto) does (records
    /// of other kinds than a decision, a refusal, an end and a clock note change nothing).
    pub fn replay_one(&mut self, r: &Record) {
        match r {
            Record::Decision { t, order, .. } | Record::Refused { t, order, .. } => {
                self.advance_to(*t);
                let _ = self.apply(order);
            }
            Record::End { t, reason, .. } => {
                self.advance_to(*t);
                if *reason == EndReason::Trainee {
                    self.end_by_trainee();
                }
            }
            Record::Clock { t } => {
                self.advance_to(*t);
                self.note_time();
            }
            _ => {}
        }
    }
}

/// Whether a condition that `holds` at tick `now` has held on every tick for `held` seconds;
/// `since` is the tick it began holding, cleared when it fails (a transition's or a `Reached`
/// criterion's hold). With `held` 0 it is whether it holds now.
fn held_for(since: &mut Option<u64>, holds: bool, now: u64, held: u64) -> bool {
    if !holds {
        *since = None;
        return false;
    }
    now - *since.get_or_insert(now) >= held
}

/// How much variable `v`'s displayed value jitters, for its alarm's hysteresis. MAP has no noise
/// of its own: it is computed from the displayed SBP and DBP, so it jitters as their weighted
/// mean does (with a margin of only 1 % it flapped low/normal every few ticks near 65 mmHg).
fn alarm_noise(case: &Case, v: usize) -> f64 {
    if v == vars::MAP {
        (case.vars[vars::SBP].noise + 2.0 * case.vars[vars::DBP].noise) / 3.0
    } else {
        case.vars[v].noise
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl Context for Simulation {
    fn var(&self, index: usize) -> f64 {
        self.truth[index]
    }
    fn now(&self) -> u64 {
        self.now
    }
    fn state_entered_at(&self) -> u64 {
        self.state_entered
    }
    fn current_state(&self) -> usize {
        self.state
    }
    fn last_done(&self, tag: usize) -> Option<u64> {
        self.tally.last_done[tag]
    }
    fn count(&self, tag: usize) -> u32 {
        self.tally.count[tag]
    }
    fn total(&self, tag: usize) -> f64 {
        self.tally.total[tag]
    }
    fn responder(&self, index: usize) -> bool {
        self.responders[index]
    }
    fn weight_kg(&self) -> f64 {
        self.case.weight_kg()
    }
    fn running(&self, tag: usize) -> bool {
        self.drugs
            .active
            .iter()
            .any(|&i| self.drugs.running(i) && self.case.drugs[i].tags.contains(&tag))
    }
    fn level(&self, tag: usize) -> f64 {
        self.drugs
            .level(&self.prep.tag_drugs[tag], self.case.weight_kg())
    }
    fn tripped(&self, guard: usize) -> bool {
        self.tripped[guard]
    }
    fn held(&self, schedule: usize) -> bool {
        self.held[schedule]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mini() -> Arc<Case> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        crate::scenario::load_case(&dir)
            .expect("mini case loads")
            .case
    }

    #[test]
    fn sessions_of_a_case_share_its_prepared_form_and_a_clone_starts_empty() {
        let case = mini();
        assert!(!case.derived.is_filled());
        let a = Simulation::new(Arc::clone(&case), 1);
        let b = Simulation::new(Arc::clone(&case), 2);
        assert!(Arc::ptr_eq(&a.prep, &b.prep));
        let copy = Case::clone(&case);
        assert!(
            !copy.derived.is_filled(),
            "a cloned case must not reuse the cache"
        );
        let c = Simulation::new(Arc::new(copy), 1);
        assert!(!Arc::ptr_eq(&a.prep, &c.prep));
    }
}
