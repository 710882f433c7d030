//! What happens to the trainee on the simulation's clock: investigation results coming back as
//! they were sampled, and the case's events firing (timed, conditional, repeating, re-armed).

use super::*;

impl Simulation {
    /// The noise-free values of `vars` now, by id, rounded as results are: what a finding's or
    /// event's text shows (noise-free, so that a scoring replay, which has no monitor, records
    /// the same).
    pub(super) fn values_of(&self, vars: &[usize]) -> Vec<(String, f64)> {
        vars.iter()
            .map(|&v| (self.case.vars[v].id.clone(), round4(self.truth[v])))
            .collect()
    }

    pub(super) fn fire_due_results(&mut self) {
        let now = self.now;
        if !self.pending.iter().any(|p| p.due <= now) {
            return;
        }
        let mut due: Vec<Pending> = Vec::new();
        self.pending.retain(|p| {
            if p.due <= now {
                due.push(p.clone());
                false
            } else {
                true
            }
        });
        for p in due {
            self.records.push(Record::Result {
                t: now,
                action: self.case.actions[p.action].def.id.clone(),
                ordered_at: p.ordered_at,
                values: p
                    .values
                    .iter()
                    .map(|(v, x)| (self.case.vars[*v].id.clone(), round4(*x)))
                    .collect(),
            });
        }
    }

    /// Fires the events due now; `on_tick`: `now` is on the tick grid. An event without a
    /// condition fires once its time has come (and, with `every`, again each `every` after). One
    /// with a condition fires on a tick once its time (if any) has come and its condition holds;
    /// with `every` it fires again each `every` while the condition goes on holding, and with
    /// `rearm` again once the condition has stopped holding on a tick and holds anew. Events
    /// firing together are recorded in declaration order.
    pub(super) fn fire_due_events(&mut self, on_tick: bool) {
        if self.ended.is_some() {
            return;
        }
        let now = self.now;
        let mut firing = std::mem::take(&mut self.upcoming.firing);
        let mut over = std::mem::take(&mut self.upcoming.over);
        for (i, at) in &mut self.upcoming.timed {
            if *at <= now {
                firing.push(*i);
                // A repeating event's next time; an event fired for good is dropped below.
                match self.case.events[*i].every {
                    Some(every) => *at = at.saturating_add(every),
                    None => *at = u64::MAX,
                }
            }
        }
        self.upcoming.timed.retain(|&(_, at)| at != u64::MAX);
        if on_tick {
            let prep = &*self.prep;
            for &i in &self.upcoming.watching {
                let (e, def) = (&prep.events[i], &self.case.events[i]);
                let holds = e.at.is_none_or(|at| now >= at)
                    && e.when.as_ref().is_some_and(|cond| cond.truth(&*self));
                match (self.upcoming.last_fired[i], holds) {
                    (None, false) => {}
                    (None, true) => {
                        firing.push(i);
                        if def.every.is_none() && !def.rearm {
                            over.push(i);
                        } else {
                            self.upcoming.last_fired[i] = Some(now);
                        }
                    }
                    // The condition has stopped holding: the repeats are over, or the event is
                    // armed again.
                    (Some(_), false) => {
                        self.upcoming.last_fired[i] = None;
                        if !def.rearm {
                            over.push(i);
                        }
                    }
                    (Some(last), true) => {
                        if def
                            .every
                            .is_some_and(|every| now >= last.saturating_add(every))
                        {
                            firing.push(i);
                            self.upcoming.last_fired[i] = Some(now);
                        }
                    }
                }
            }
        }
        if !over.is_empty() {
            self.upcoming.conditional.retain(|e| !over.contains(e));
            self.upcoming.watching.retain(|e| !over.contains(e));
            over.clear();
        }
        if !firing.is_empty() {
            firing.sort_unstable();
            for &i in &firing {
                let values = self.values_of(&self.case.events[i].values);
                let e = &self.case.events[i];
                self.records.push(Record::Event {
                    t: now,
                    id: e.id.clone(),
                    speaker: e.speaker,
                    text: e.text.clone(),
                    values,
                });
            }
            firing.clear();
        }
        self.upcoming.firing = firing;
        self.upcoming.over = over;
    }

    /// Rebuilds `watching` for the current state. A repeating or re-arming event whose
    /// condition needs another state has stopped holding: its repeats are over, or it is armed
    /// again.
    pub(super) fn refresh_watching(&mut self) {
        let (prep, state) = (&self.prep, self.state);
        let case = &*self.case;
        let upcoming = &mut self.upcoming;
        let gated_out = |i: usize| prep.events[i].gate.is_some_and(|s| s != state);
        let last_fired = &mut upcoming.last_fired;
        upcoming.conditional.retain(|&i| {
            if !gated_out(i) || last_fired[i].is_none() {
                return true;
            }
            last_fired[i] = None;
            case.events[i].rearm
        });
        upcoming.watching.clear();
        upcoming.watching.extend(
            upcoming
                .conditional
                .iter()
                .copied()
                .filter(|&i| !gated_out(i)),
        );
    }
}
