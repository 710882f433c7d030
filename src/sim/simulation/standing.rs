//! What an order meets at the bedside beyond the trainee's own decision: an action's guard
//! tripping when the order is placed in the wrong state of the patient, and the standing orders
//! (`schedule`) given at their times unless held.
//!
//! Both follow from the case, the seed and the decisions alone, so a replay of the log's
//! decisions reproduces them exactly: nothing about them is read back from the log.

use super::*;

impl Simulation {
    /// The first of the action's guards whose condition holds now (before the order is counted:
    /// the patient as they were when it was placed), if any.
    pub(super) fn guard_tripping(&self, action: &case::Action) -> Option<usize> {
        action.guards.iter().copied().find(|&g| {
            self.case.guards[g]
                .when
                .as_ref()
                .is_none_or(|c| c.truth(self))
        })
    }

    /// Guard `g` trips: its effects apply, its words are recorded like an event, and its state
    /// is entered at once (an end state ends the case now).
    pub(super) fn trip(&mut self, g: usize) {
        let case = Arc::clone(&self.case);
        let guard = &case.guards[g];
        self.tripped[g] = true;
        self.apply_effects(&guard.effects);
        if let Some((speaker, text)) = &guard.say {
            self.records.push(Record::Event {
                t: self.now,
                id: guard.id.clone(),
                speaker: *speaker,
                text: text.clone(),
                values: self.values_of(&guard.values),
            });
        }
        // Already there: nothing changes (re-entering would restart `time_in_state`).
        if let Some(to) = guard.to.filter(|&to| to != self.state) {
            self.enter(to);
            if let Some(reason) = self.ending.take() {
                self.finish(reason);
            }
        }
    }

    /// Gives the standing doses due now, unless held: each reaches the patient as an order of
    /// the same dose at this moment would (it counts in `total`, not in `given` or `count`). A
    /// held dose is skipped for good; the next is due at the order's next time.
    pub(super) fn give_standing_doses(&mut self) {
        if self.ended.is_some() {
            return;
        }
        let now = self.now;
        if !self.dose_due.iter().flatten().any(|&t| t <= now) {
            return;
        }
        let case = &*self.case;
        let limit = case.scenario.time_limit.secs();
        for (k, sd) in case.schedule.iter().enumerate() {
            if self.dose_due[k].is_none_or(|t| t > now) {
                continue;
            }
            self.dose_due[k] = sd.next_after(Some(now), limit);
            if self.held[k] {
                continue;
            }
            let drug = &case.drugs[sd.drug];
            for &t in &drug.tags {
                self.tally.total[t] += sd.amount;
            }
            self.drugs.give(
                &self.prep.absorb,
                sd.drug,
                Some((sd.amount, sd.route)),
                None,
            );
            self.records.push(Record::Standing {
                t: now,
                schedule: sd.id.clone(),
                drug: drug.def.id.clone(),
                amount: sd.amount,
                route: sd.route,
            });
        }
    }

    /// Each standing order now: (index, held, the time of its next dose if any).
    pub fn standing(&self) -> impl Iterator<Item = (usize, bool, Option<u64>)> + '_ {
        self.held
            .iter()
            .zip(&self.dose_due)
            .enumerate()
            .map(|(k, (&held, &due))| (k, held, due))
    }
}
