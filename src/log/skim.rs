//! A log read for its verdict: verified line by line like [`read`](super::read), keeping of its
//! records only those a re-simulation reads (decisions, refusals, the end, clock notes). What a
//! session's other lines say (findings, results, state changes, alarms) the replay produces
//! again; to compare the two, the log is read a second time as a stream
//! ([`records`]), never held whole.

use std::path::Path;

use super::read::{Item, open};
use super::{Header, LogError, LoggedScore, Session};
use crate::sim::Record;

/// A verified log, with the records a replay needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Skim {
    pub header: Header,
    /// The records kept: those a replay reads ([`replays`]), and any others the reader was
    /// asked for ([`skim_keeping`]), in log order.
    pub kept: Vec<Record>,
    /// The log line of each of `kept`.
    pub kept_lines: Vec<usize>,
    /// The wall-clock time of each of `kept`.
    pub kept_wall_ms: Vec<u64>,
    /// Record lines (every line but the header and the score).
    pub records: usize,
    /// Simulated time of the last record (0 without records).
    pub last_t: u64,
    /// Wall-clock time of the last record line.
    pub last_wall_ms: Option<u64>,
    /// Whether a record says the case ended.
    pub ended: bool,
    /// The score line of a finished session.
    pub score: Option<LoggedScore>,
    /// Number of lines.
    pub lines: usize,
    /// SHA-256 of the last line.
    pub last_hash: String,
}

impl Skim {
    /// The log as a [`Session`] without records or their times: for what needs only its header,
    /// score line and final hash (the record store's confirmation).
    pub fn without_records(&self) -> Session {
        Session {
            header: self.header.clone(),
            records: Vec::new(),
            score: self.score.clone(),
            lines: self.lines,
            last_hash: self.last_hash.clone(),
            wall_ms: Vec::new(),
        }
    }
}

/// Whether a replay reads this record (see `Simulation::replay_onto`).
pub fn replays(r: &Record) -> bool {
    matches!(
        r,
        Record::Decision { .. }
            | Record::Refused { .. }
            | Record::End { .. }
            | Record::Clock { .. }
    )
}

/// Reads and verifies the log at `path` as [`read`](super::read) does (the same errors), keeping
/// what a replay needs.
pub fn skim(path: &Path) -> Result<Skim, LogError> {
    skim_keeping(path, |_| false)
}

/// [`skim`], keeping also the records `keep` asks for.
pub fn skim_keeping(path: &Path, keep: impl Fn(&Record) -> bool) -> Result<Skim, LogError> {
    skim_with(path, |r| replays(r) || keep(r))
}

/// [`skim`] keeping no record at all: for the verdict alone, which reads the records again as
/// a stream (`verdict::derive_skimmed`), so that memory does not grow with the log.
pub fn skim_bare(path: &Path) -> Result<Skim, LogError> {
    skim_with(path, |_| false)
}

fn skim_with(path: &Path, keep: impl Fn(&Record) -> bool) -> Result<Skim, LogError> {
    let mut r = open(path)?;
    let mut header = None;
    let mut s = Skim {
        header: Header {
            format: 0,
            scenario_id: String::new(),
            scenario_version: String::new(),
            content_hash: String::new(),
            program: String::new(),
            seed: 0,
            trainee: String::new(),
            locale: String::new(),
            started_ms: 0,
            hospital: None,
        },
        kept: Vec::new(),
        kept_lines: Vec::new(),
        kept_wall_ms: Vec::new(),
        records: 0,
        last_t: 0,
        last_wall_ms: None,
        ended: false,
        score: None,
        lines: 0,
        last_hash: String::new(),
    };
    while let Some(item) = r.next_item()? {
        match item {
            Item::Header(h) => header = Some(h),
            Item::Record {
                line,
                wall_ms,
                record,
            } => {
                s.records += 1;
                s.last_t = record.t();
                s.last_wall_ms = Some(wall_ms);
                s.ended |= matches!(record, Record::End { .. });
                if keep(&record) {
                    s.kept.push(record);
                    s.kept_lines.push(line);
                    s.kept_wall_ms.push(wall_ms);
                }
            }
            Item::Score(score) => s.score = Some(score),
        }
    }
    s.header = header.ok_or_else(|| LogError::Empty(path.to_path_buf()))?;
    s.lines = r.lines();
    s.last_hash = r.last_hash();
    Ok(s)
}

/// The record lines of the log at `path`, read again as a stream: each record with its line and
/// wall-clock time.
/// The log must still be the one `skim` read: a change since (another chain, another length)
/// is an error rather than a mix of two logs.
pub fn records<'a>(
    path: &'a Path,
    skim: &'a Skim,
) -> Result<impl Iterator<Item = Result<(usize, u64, Record), LogError>> + 'a, LogError> {
    let mut r = open(path)?;
    let mut ended = false;
    let changed = move || {
        LogError::Io(
            path.to_path_buf(),
            "the log changed while it was being read".into(),
        )
    };
    Ok(std::iter::from_fn(move || {
        if ended {
            return None;
        }
        loop {
            match r.next_item() {
                Ok(Some(Item::Record {
                    line,
                    wall_ms,
                    record,
                })) => return Some(Ok((line, wall_ms, record))),
                Ok(Some(_)) => continue,
                Ok(None) => {
                    ended = true;
                    return (r.lines() != skim.lines || r.last_hash() != skim.last_hash)
                        .then(|| Err(changed()));
                }
                Err(_) => {
                    ended = true;
                    return Some(Err(changed()));
                }
            }
        }
    }))
}
