//! What the simulation notes for the rubric as it goes — when each criterion's `Reached`
//! condition (held for its time), `faced` condition and `When` anchor first held — and the
//! patient's course after the trainee ends the case (ending a case does not stop its disease).

use super::{Simulation, held_for};
use crate::sim::{EndReason, Record, Watched};

impl Simulation {
    /// Notes what the rubric needs of each watched criterion's conditions, after a decision.
    pub(super) fn watch(&mut self) {
        self.watch_on(false);
    }

    /// Notes the first time each criterion's `Reached` condition holds (for its `held` time,
    /// counted on physiology ticks only, `on_tick`), its `faced` condition and its `When`
    /// anchor. A criterion all of whose conditions are settled is no longer watched.
    pub(super) fn watch_on(&mut self, on_tick: bool) {
        let prep = &*self.prep;
        let mut k = 0;
        while k < self.watches.len() {
            let c = self.watches[k];
            let mut w = self.watched[c];
            let mut open = false;
            if let Some((cond, held)) = &prep.reached[c]
                && w.reached.is_none()
            {
                // A hold is counted on ticks only; a condition met at once is also noted after a
                // decision.
                if *held == 0 || on_tick {
                    let holds = cond.truth(&*self);
                    if held_for(&mut self.reach_since[c], holds, self.now, *held) {
                        w.reached = Some(self.now);
                    }
                }
                open |= w.reached.is_none();
            }
            if let Some((cond, at_decisions)) = &prep.faced[c]
                && w.faced.is_none()
            {
                if !(on_tick && *at_decisions) && cond.truth(&*self) {
                    w.faced = Some(self.now);
                }
                open |= w.faced.is_none();
            }
            if let Some(cond) = &prep.anchor[c]
                && w.anchored.is_none()
            {
                if on_tick && cond.truth(&*self) {
                    w.anchored = Some(self.now);
                }
                open |= w.anchored.is_none();
            }
            self.watched[c] = w;
            if open {
                k += 1;
            } else {
                self.watches.remove(k);
            }
        }
    }

    /// What the simulation noted of each criterion's conditions, by criterion index.
    pub fn watched(&self) -> &[Watched] {
        &self.watched
    }

    /// The patient's course after the trainee ended the case, if they ended it before the time
    /// limit in no end state: the case goes on as they left it (infusions running, no new
    /// orders) to the time limit or an end state. The records of that course (none otherwise).
    /// Ending a case does not stop its disease; the rubric judges harm on this course.
    pub fn run_on(&self) -> Vec<Record> {
        if self.ended != Some(EndReason::Trainee) {
            return Vec::new();
        }
        let mut after = self.clone();
        after.ended = None;
        after.records.clear();
        after.guard_hits.clear();
        after.keep_trajectory = false;
        after.trajectory.clear();
        after.monitor = false;
        let limit = self.case.scenario.time_limit.secs();
        after.advance(limit.saturating_sub(after.now));
        after
            .records
            .retain(|r| !matches!(r, Record::End { .. } | Record::Alarm { .. }));
        after.records
    }
}
