//! The verdict of a log read as a stream ([`crate::log::skim`]): the replay is fed the records it
//! reads, kept from the first reading; what the log's other lines say is compared with what the
//! replay produced while the log is read a second time, one line at a time. The results are those
//! of [`super::derive`] on the whole session: the first line the replay does not reproduce, and
//! the evidence pointed at the log's records by the same in-order alignment. Only a log the
//! replay does not reproduce in order (the case changed, or the log was written by something
//! else) is read whole, to align it as `derive` does.

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
pub fn rescore_skimmed(case: &Arc<Case>, path: &Path, s: &Skim) -> Result<Rescored, DeriveError> {
    // Only decisions are checked, and a replay reads only its kinds of record: any other
    // records kept make no difference.
    session::check_replayable(case, path, &s.header.scenario_id, &s.kept, |i| {
        s.kept_lines[i]
    })?;
    let mut sim = Simulation::new(Arc::clone(case), s.header.seed).for_scoring();
    sim.replay_onto(&s.kept);
    if !sim.is_over() && s.ended {
        sim.advance_to(s.last_t);
    }
    let mut report = rubric::score_simulation(&sim);
    let replayed = sim.records();
    // One pass over the log's records for both comparisons (see `session::score_records`):
    // the first non-alarm record that differs from the replay's next, and the first match of
    // each replayed record after the previous one's.
    let mut map = vec![None; replayed.len()];
    let mut aligned = 0;
    let mut compared = 0;
    let mut diverges_at = None;
    let mut count = 0;
    for (k, r) in log::skim_records(path, s)?.enumerate() {
        let r = r?;
        count = k + 1;
        if diverges_at.is_none() && !matches!(r, Record::Alarm { .. }) {
            if replayed.get(compared) != Some(&r) {
                diverges_at = Some(k + 2);
            }
            compared += 1;
        }
        if replayed.get(aligned) == Some(&r) {
            map[aligned] = Some(k);
            aligned += 1;
        }
    }
    if aligned < replayed.len() {
        // A replayed record the log does not have after the last match: the alignment skips it
        // and looks for the next one from the same place, which a single pass cannot.
        let full = log::read(path)?;
        if full.lines != s.lines || full.last_hash != s.last_hash {
            return Err(DeriveError::Log(log::LogError::Io(
                path.to_path_buf(),
                "the log changed while it was being read".into(),
            )));
        }
        return Ok(session::rescore(case, path, &full)?);
    }
    if diverges_at.is_none() && compared < replayed.len() {
        diverges_at = Some(count + 2);
    }
    for c in &mut report.criteria {
        c.evidence = c
            .evidence
            .iter()
            .filter_map(|&e| map.get(e).copied().flatten())
            .collect();
    }
    Ok(Rescored {
        report,
        case_changed: s.header.content_hash != case.content_hash,
        diverges_at,
    })
}
