//! What the rubric reads of a session's records, and how a replay that keeps no records (the
//! verdict of a long log, `verdict::rescore_skimmed`) gathers just that as they are made.
//!
//! The rubric looks at decisions of the actions its criteria name (by tag), at state changes,
//! events, results, standing doses and the end — never at findings, alarms, clock notes or
//! refusals — and, for a `Reached` criterion, at the decision that brought its condition about
//! (the last decision at or before the condition held: any decision). Evidence points at a
//! record by its position among all the session's records (its sequence number), so each record
//! read keeps its own.

use crate::scenario::case::{self, Case};
use crate::sim::{Record, Watched};

/// The records the rubric reads, in order, each with its sequence number; and how to find the
/// decision that brought a `Reached` condition about.
pub struct Reads<'a> {
    pub(super) records: Vec<(usize, &'a Record)>,
    by: By<'a>,
}

enum By<'a> {
    /// The time of every decision of an action of the case, in order.
    Times(Vec<(usize, u64)>),
    /// Per criterion, the decision noted as the records were made (see [`Gathered::push`]).
    Noted(&'a [Option<usize>]),
}

impl<'a> Reads<'a> {
    /// Every record of a session (sequence number = position).
    pub fn all(case: &Case, records: &'a [Record]) -> Reads<'a> {
        Reads {
            records: records.iter().enumerate().collect(),
            by: By::Times(
                records
                    .iter()
                    .enumerate()
                    .filter_map(|(seq, r)| decision_time(case, r).map(|t| (seq, t)))
                    .collect(),
            ),
        }
    }

    /// The last decision at or before `t`, the time criterion `ci`'s `Reached` condition held.
    pub(super) fn decision_by(&self, ci: usize, t: u64) -> Option<usize> {
        match &self.by {
            By::Times(times) => times
                .iter()
                .rev()
                .find(|(_, dt)| *dt <= t)
                .map(|(seq, _)| *seq),
            By::Noted(noted) => noted.get(ci).copied().flatten(),
        }
    }

    /// The time of the record with sequence number `seq`, if it is one of these.
    pub(super) fn t_of(&self, seq: usize) -> Option<u64> {
        self.records
            .binary_search_by_key(&seq, |(s, _)| *s)
            .ok()
            .map(|i| self.records[i].1.t())
    }

    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = (usize, &'a Record)> + '_ {
        self.records.iter().copied()
    }
}

/// The time of a decision of an action the case has (the rubric's decisions).
fn decision_time(case: &Case, r: &Record) -> Option<u64> {
    match r {
        Record::Decision { t, order, .. } => case.action(&order.action).map(|_| *t),
        _ => None,
    }
}

/// The records the rubric reads, gathered one at a time as a replay makes them (the others are
/// counted, for the sequence numbers, and dropped). What it holds does not grow with the
/// session beyond the records the rubric reads.
pub struct Gathered {
    kept: Vec<(usize, Record)>,
    /// The `Reached` criteria.
    reached: Vec<usize>,
    /// Per criterion, the last decision at or before its `Reached` condition held, so far.
    by: Vec<Option<usize>>,
    /// Per tag, whether a criterion names it (a decision of an action with none of them is
    /// read for its time only).
    named: Vec<bool>,
    next: usize,
}

impl Gathered {
    pub fn new(case: &Case) -> Gathered {
        let mut named = vec![false; case.tags.len()];
        let mut name = |t: usize| {
            if let Some(n) = named.get_mut(t) {
                *n = true;
            }
        };
        for c in &case.criteria {
            let anchor = match &c.check {
                case::Check::Done(t)
                | case::Check::Never(t, _)
                | case::Check::DoseInRange { tag: t, .. }
                | case::Check::DoseAtMost { tag: t, .. }
                | case::Check::TotalAtMost { tag: t, .. } => {
                    name(*t);
                    None
                }
                case::Check::DoneBefore(a, b) => {
                    name(*a);
                    name(*b);
                    None
                }
                case::Check::DoneWithin(t, _, anchor) | case::Check::Window(t, anchor, ..) => {
                    name(*t);
                    Some(anchor)
                }
                case::Check::Reached(_, _, anchor, _) => Some(anchor),
                case::Check::StateReached(_) | case::Check::StateAvoided(_) => None,
            };
            if let Some(case::Anchor::Done(t)) = anchor {
                name(*t);
            }
        }
        Gathered {
            kept: Vec::new(),
            reached: (case.criteria.iter().enumerate())
                .filter(|(_, c)| matches!(c.check, case::Check::Reached(..)))
                .map(|(ci, _)| ci)
                .collect(),
            by: vec![None; case.criteria.len()],
            named,
            next: 0,
        }
    }

    /// The session's next record (kept, as a copy, if the rubric reads it). `watched` is what
    /// the simulation has noted of the criteria's conditions by the end of the replay step that
    /// made the record (a step is at most one decision, made at its last moment, so a condition
    /// noted in it held at or before the decision's time).
    pub fn push(&mut self, case: &Case, r: &Record, watched: &[Watched]) {
        let seq = self.next;
        self.next += 1;
        let read = match r {
            Record::Decision { t, order, .. } => match case.action(&order.action) {
                Some(a) => {
                    // The last decision at or before the time the condition held: while it has
                    // not held, every decision; once it has, one made at that very time.
                    for &ci in &self.reached {
                        let reached = watched.get(ci).and_then(|w| w.reached);
                        if reached.is_none_or(|at| *t <= at) {
                            self.by[ci] = Some(seq);
                        }
                    }
                    case.actions[a].tags.iter().any(|&t| self.named[t])
                }
                None => false,
            },
            Record::State { .. }
            | Record::Event { .. }
            | Record::Result { .. }
            | Record::Standing { .. }
            | Record::End { .. } => true,
            Record::Finding { .. }
            | Record::Alarm { .. }
            | Record::Clock { .. }
            | Record::Refused { .. } => false,
        };
        if read {
            self.kept.push((seq, r.clone()));
        }
    }

    /// How many records have been pushed.
    pub fn count(&self) -> usize {
        self.next
    }

    pub fn reads(&self) -> Reads<'_> {
        Reads {
            records: self.kept.iter().map(|(s, r)| (*s, r)).collect(),
            by: By::Noted(&self.by),
        }
    }
}
