//! The verdict of a log read as a stream ([`crate::log::skim`]): the replay is fed the records it
//! reads, kept from the first reading; what the log's other lines say is compared with what the
//! replay produced while the log is read a second time, one line at a time. The results are those
//! of [`super::derive`] on the whole session: the first line the replay does not reproduce, and
//! the evidence pointed at the log's records by the same in-order alignment. Only a log the
//! replay does not reproduce in order (the case changed, or the log was written by something
//! else) is read whole, to align it as `derive` does.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;

use super::{DeriveError, Derived, judge};
use crate::log::{self, Skim};
use crate::rubric;
use crate::scenario::Case;
use crate::session::{self, Rescored};
use crate::sim::{Record, Simulation};

/// [`super::derive`] for a skimmed log.
pub fn derive_skimmed(case: &Arc<Case>, path: &Path, s: &Skim) -> Result<Derived, DeriveError> {
    let rescored = rescore_skimmed(case, path, s)?;
    let logged = s.score.as_ref().map(|l| l.report(path)).transpose()?;
    judge(rescored, logged, s.score.as_ref(), &s.header.program, path)
}

/// [`session::rescore`] for a skimmed log.
///
/// The log's records are read a second time while the replay runs beside the reading: each
/// decision (refusal, end, clock note) is fed to the replay when the comparison needs the
/// records it makes, the replay's records are handed over as they are made
/// ([`Simulation::drain_records`]) and compared, and the rubric keeps of them only what it
/// reads ([`rubric::Gathered`]). So what is held is the records between two decisions, the
/// rubric's own, and the replayed records the log has not matched yet — not the session.
pub fn rescore_skimmed(case: &Arc<Case>, path: &Path, s: &Skim) -> Result<Rescored, DeriveError> {
    session::check_replayable(case, path, &s.header.scenario_id, &[], |i| i)?;
    let mut run = Beside {
        case,
        path,
        sim: Simulation::new(Arc::clone(case), s.header.seed).for_scoring(),
        gathered: rubric::Gathered::new(case),
        log: Box::new(log::skim_records(path, s)?.map(|r| r.map(|(line, _, r)| (line, r)))),
        ahead: VecDeque::new(),
        scanned: 0,
        log_done: false,
        replay_done: false,
        replayed: VecDeque::new(),
        first: 0,
        ended: s.ended.then_some(s.last_t),
    };
    // One pass over the log's records for both comparisons (see `session::score_records`):
    // the first non-alarm record that differs from the replay's next, and the first match of
    // each replayed record after the previous one's. `breaks` keeps the alignment compactly:
    // (replayed record, log record) wherever the distance between the two changes (at the
    // log's alarm lines, which a scoring replay does not make).
    let mut aligned = 0;
    let mut compared = 0;
    let mut diverges_at = None;
    let mut count = 0;
    let mut breaks: Vec<(usize, usize)> = Vec::new();
    loop {
        if run.ahead.is_empty() && !run.read_one()? {
            break;
        }
        let need = if diverges_at.is_none() {
            compared.max(aligned)
        } else {
            aligned
        };
        while run.made() <= need && !run.replay_done {
            run.feed()?;
        }
        let k = count;
        let (_, r) = run.ahead.pop_front().expect("read above");
        run.scanned = run.scanned.saturating_sub(1);
        count = k + 1;
        if diverges_at.is_none() && !matches!(r, Record::Alarm { .. }) {
            if run.get(compared) != Some(&r) {
                diverges_at = Some(k + 2);
            }
            compared += 1;
        }
        if run.get(aligned) == Some(&r) {
            if breaks.last().is_none_or(|&(a, l)| k - l != aligned - a) {
                breaks.push((aligned, k));
            }
            aligned += 1;
        }
        let still_needed = if diverges_at.is_none() {
            compared.min(aligned)
        } else {
            aligned
        };
        run.forget_before(still_needed);
    }
    // The log is read: a replayed record beyond the last aligned one is one it lacks. The rest
    // of the replay is made only while none is (the fallback below replays again).
    while !run.replay_done && run.made() <= aligned {
        run.feed()?;
    }
    if aligned < run.made() {
        // A replayed record the log does not have after the last match: the alignment skips it
        // and looks for the next one from the same place, which a single pass cannot.
        let full = log::read(path)?;
        if full.lines != s.lines || full.last_hash != s.last_hash {
            return Err(changed(path));
        }
        return Ok(session::rescore(case, path, &full)?);
    }
    if diverges_at.is_none() && compared < run.made() {
        diverges_at = Some(count + 2);
    }
    let mut report = rubric::score_gathered(&run.sim, &run.gathered);
    // Every replayed record was aligned: record `e` is at the log record of the last break at
    // or before it, plus the distance from that break.
    let log_record_of = |e: usize| {
        let b = breaks.partition_point(|&(a, _)| a <= e);
        (b > 0).then(|| {
            let (a, l) = breaks[b - 1];
            l + (e - a)
        })
    };
    for c in &mut report.criteria {
        c.evidence = c
            .evidence
            .iter()
            .filter_map(|&e| (e < aligned).then(|| log_record_of(e)).flatten())
            .collect();
    }
    Ok(Rescored {
        report,
        case_changed: s.header.content_hash != case.content_hash,
        diverges_at,
    })
}

fn changed(path: &Path) -> DeriveError {
    DeriveError::Log(log::LogError::Io(
        path.to_path_buf(),
        "the log changed while it was being read".into(),
    ))
}

type Lines<'a> = Box<dyn Iterator<Item = Result<(usize, Record), log::LogError>> + 'a>;

/// A replay run beside a second reading of its log.
struct Beside<'a> {
    case: &'a Arc<Case>,
    path: &'a Path,
    sim: Simulation,
    gathered: rubric::Gathered,
    log: Lines<'a>,
    /// Log records read and not yet compared, with their lines.
    ahead: VecDeque<(usize, Record)>,
    /// How many of `ahead` were looked at for the replay's next input.
    scanned: usize,
    log_done: bool,
    replay_done: bool,
    /// The replayed records still needed, from the `first`-th on.
    replayed: VecDeque<Record>,
    first: usize,
    /// The last record's time, if a record says the case ended.
    ended: Option<u64>,
}

impl Beside<'_> {
    /// Reads the log's next record into `ahead`; false at the end of the log.
    fn read_one(&mut self) -> Result<bool, DeriveError> {
        if self.log_done {
            return Ok(false);
        }
        match self.log.next() {
            Some(r) => {
                self.ahead.push_back(r?);
                Ok(true)
            }
            None => {
                self.log_done = true;
                Ok(false)
            }
        }
    }

    /// How many records the replay has made.
    fn made(&self) -> usize {
        self.first + self.replayed.len()
    }

    /// Replayed record `i`, if made and still held.
    fn get(&self, i: usize) -> Option<&Record> {
        i.checked_sub(self.first).and_then(|j| self.replayed.get(j))
    }

    fn forget_before(&mut self, i: usize) {
        while self.first < i && self.replayed.pop_front().is_some() {
            self.first += 1;
        }
    }

    /// Feeds the replay its next input from the log (as `Simulation::replay_onto` would), or
    /// finishes it at the end of the log as a replay of the whole log does.
    fn feed(&mut self) -> Result<(), DeriveError> {
        loop {
            if let Some((line, r)) = self.ahead.get(self.scanned) {
                self.scanned += 1;
                if !log::replays(r) {
                    continue;
                }
                session::check_action(self.case, self.path, r, *line)?;
                self.sim.replay_one(r);
                break;
            }
            if !self.read_one()? {
                if !self.sim.is_over()
                    && let Some(t) = self.ended
                {
                    self.sim.advance_to(t);
                }
                self.replay_done = true;
                break;
            }
        }
        let made: Vec<Record> = self.sim.drain_records().collect();
        for r in made {
            self.gathered.push(self.case, &r, self.sim.watched());
            self.replayed.push_back(r);
        }
        Ok(())
    }
}
