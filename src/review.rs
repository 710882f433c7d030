//! Reviewing a decision log: verify it first, then read what can be read, and replay it.
//!
//! An assessor must be able to trust a log before judging it, and still see a damaged one. So
//! [`open`] always runs the strict check of [`crate::log::parse`] first; when the chain is broken
//! the log is read again line by line, keeping every line that is still a readable log line, and
//! the result is marked [`Trust::Untrusted`] with the first bad line. Nothing is repaired: the
//! untrusted view shows the lines as they are, and says which could not be read at all.
//!
//! A [`Replay`] re-creates the session at any simulated second from the case, the seed and the
//! recorded decisions, so a review screen can show the monitor, trends, orders and events as they
//! were at that moment. It also re-scores the log (the evidence of each criterion points at log
//! records), which links every decision to the criteria it decided.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::log::{self, Header, Line, LogError, Problem};
use crate::rubric::ScoreReport;
use crate::scenario::Case;
use crate::session::{self, RescoreError, check_replayable, first_divergence, score_records};
use crate::sim::{Record, Simulation};
use crate::verdict::{self, DeriveError};

/// Whether a log's hash chain holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Trust {
    /// Every line is intact and in order.
    Verified,
    /// The strict check failed here (`LogError::Broken` names the first bad line). What is shown
    /// is what could still be read, and must not be taken as the trainee's record.
    Untrusted(LogError),
}

impl Trust {
    pub fn is_verified(&self) -> bool {
        matches!(self, Trust::Verified)
    }
    /// Untrusted because the score line is not the score the decisions earn (it was edited).
    pub fn score_altered(&self) -> bool {
        matches!(
            self,
            Trust::Untrusted(LogError::Broken {
                problem: Problem::ScoreMismatch { .. },
                ..
            })
        )
    }
    /// The first bad line, when the log is untrusted because of a line.
    pub fn bad_line(&self) -> Option<usize> {
        match self {
            Trust::Untrusted(LogError::Broken { line, .. }) => Some(*line),
            _ => None,
        }
    }
}

/// A log opened for review.
#[derive(Debug, Clone)]
pub struct Reviewed {
    pub path: PathBuf,
    pub trust: Trust,
    pub header: Header,
    /// Every record line that could be read, in file order.
    pub records: Vec<Record>,
    /// The log line each record came from (1-based; the header is line 1).
    pub record_lines: Vec<usize>,
    /// The score written when the session ended, if it ended.
    pub score: Option<ScoreReport>,
    /// Lines that could not be read as log lines at all (untrusted logs only).
    pub unreadable: Vec<usize>,
    pub lines: usize,
}

impl Reviewed {
    /// Simulated time of the last record (the end of the replay).
    pub fn end(&self) -> u64 {
        self.records.iter().map(Record::t).max().unwrap_or(0)
    }
    /// The session ended with a score line.
    pub fn finished(&self) -> bool {
        self.score.is_some()
    }
}

/// Opens a log for review. Fails only when there is nothing to review: the file cannot be
/// read, is empty, or has no readable header (without it there is no case and no seed).
pub fn open(path: &Path) -> Result<Reviewed, LogError> {
    let bytes = std::fs::read(path).map_err(|e| LogError::Io(path.to_path_buf(), e.to_string()))?;
    review_bytes(path, &bytes)
}

/// [`open`] on bytes already read.
pub fn review_bytes(path: &Path, bytes: &[u8]) -> Result<Reviewed, LogError> {
    // A score line that is JSON but not a score is damage like any other: salvage the rest.
    let parsed = log::parse(path, bytes).and_then(|s| s.score_report(path).map(|score| (s, score)));
    match parsed {
        Ok((s, score)) => {
            let record_lines = (0..s.records.len()).map(|i| i + 2).collect();
            Ok(Reviewed {
                path: path.to_path_buf(),
                trust: Trust::Verified,
                header: s.header,
                records: s.records,
                record_lines,
                score,
                unreadable: Vec::new(),
                lines: s.lines,
            })
        }
        Err(e @ (LogError::Io(..) | LogError::Empty(_))) => Err(e),
        Err(e) => salvage(path, bytes, e),
    }
}

/// Reads each line on its own, ignoring the chain; the strict check's error is kept as the
/// reason the result is untrusted.
fn salvage(path: &Path, bytes: &[u8], why: LogError) -> Result<Reviewed, LogError> {
    let text = String::from_utf8_lossy(bytes);
    let mut raw: Vec<&str> = text.split('\n').collect();
    if raw.last() == Some(&"") {
        raw.pop();
    }
    let mut header = None;
    let mut records = Vec::new();
    let mut record_lines = Vec::new();
    let mut score = None;
    let mut unreadable = Vec::new();
    for (i, l) in raw.iter().enumerate() {
        let n = i + 1;
        match serde_json::from_str::<Line>(l) {
            Ok(line) => {
                if let Some(h) = line.header {
                    header.get_or_insert(h);
                }
                if let Some(r) = line.record {
                    records.push(r);
                    record_lines.push(n);
                }
                if let Some(s) = line.score {
                    score = Some(s);
                }
            }
            Err(_) => unreadable.push(n),
        }
    }
    let Some(header) = header else {
        // Nothing to replay: report the strict check's finding, which names the line.
        return Err(why);
    };
    Ok(Reviewed {
        path: path.to_path_buf(),
        trust: Trust::Untrusted(why),
        header,
        records,
        record_lines,
        score,
        unreadable,
        lines: raw.len(),
    })
}

/// Checks a verified, finished log's score line against the verdict re-derived from its
/// decisions against `case`: when they disagree with the same case and program, the log becomes
/// untrusted at its score line (the chain alone cannot see that edit). Returns the re-derived
/// score, the one to show, when it can be derived.
pub fn check_verdict(log: &mut Reviewed, case: &Arc<Case>) -> Option<ScoreReport> {
    if !log.trust.is_verified() || !log.finished() {
        return None;
    }
    // The file is read again for its score line as written (what `Reviewed` keeps is decoded).
    let s = match log::read(&log.path) {
        Ok(s) => s,
        Err(e) => {
            log.trust = Trust::Untrusted(e);
            return None;
        }
    };
    match verdict::derive(case, &log.path, &s) {
        Ok(d) => Some(d.rescored.report),
        Err(DeriveError::Log(e)) => {
            log.trust = Trust::Untrusted(e);
            session::rescore(case, &log.path, &s).ok().map(|r| r.report)
        }
        Err(DeriveError::Rescore(_)) => None,
    }
}

/// One recorded order and the criteria whose result it decided.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionLink {
    /// Index into `Reviewed::records`.
    pub record: usize,
    pub t: u64,
    /// Indices into the re-scored report's criteria.
    pub criteria: Vec<usize>,
}

/// A log replayed against its case.
#[derive(Debug, Clone)]
pub struct Replay {
    case: Arc<Case>,
    seed: u64,
    records: Vec<Record>,
    /// Simulated second the replay runs to (the last record).
    pub end: u64,
    /// The case's files differ from those the session was played with.
    pub case_changed: bool,
    /// First log line the full replay did not reproduce: expected only when the case changed
    /// (or the log was altered).
    pub diverges_at: Option<usize>,
    /// The log scored now against `case`, evidence pointing at `Reviewed::records`.
    pub rescored: ScoreReport,
    pub decisions: Vec<DecisionLink>,
    /// The records are in time order (an altered log's may not be).
    in_order: bool,
}

impl Replay {
    /// Prepares the replay of `log` against `case` (refused when the log is of another case or
    /// uses an action the case no longer has, as `bedside rescore` refuses it).
    pub fn new(case: Arc<Case>, log: &Reviewed) -> Result<Replay, RescoreError> {
        check_replayable(
            &case,
            &log.path,
            &log.header.scenario_id,
            &log.records,
            |i| log.record_lines[i],
        )?;
        let (rescored, _) = score_records(&case, log.header.seed, &log.records);
        let end = log.end();
        let mut replay = Replay {
            case_changed: log.header.content_hash != case.content_hash,
            case,
            seed: log.header.seed,
            records: log.records.clone(),
            end,
            diverges_at: None,
            decisions: Vec::new(),
            rescored,
            in_order: log.records.windows(2).all(|w| w[0].t() <= w[1].t()),
        };
        let full = replay.at(end);
        replay.diverges_at = first_divergence(full.records(), &log.records).map(|i| {
            log.record_lines
                .get(i - 2)
                .copied()
                .unwrap_or(log.lines + 1)
        });
        replay.decisions = log
            .records
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Record::Decision { .. } | Record::Refused { .. }))
            .map(|(i, r)| DecisionLink {
                record: i,
                t: r.t(),
                criteria: replay
                    .rescored
                    .criteria
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.evidence.contains(&i))
                    .map(|(k, _)| k)
                    .collect(),
            })
            .collect();
        Ok(replay)
    }

    pub fn case(&self) -> &Arc<Case> {
        &self.case
    }

    /// The session as it was at simulated second `t` (clamped to the end): every decision made
    /// up to and including `t` applied at its time, and the patient advanced to `t`.
    pub fn at(&self, t: u64) -> Simulation {
        let t = t.min(self.end);
        let mut sim = Simulation::new(Arc::clone(&self.case), self.seed);
        sim.replay_onto(self.records.iter().filter(|r| r.t() <= t));
        if !sim.is_over() {
            sim.advance_to(t);
        }
        sim
    }

    /// Moves a replayed session on to `t`, giving what [`Replay::at`] gives: cheaper than
    /// starting again while the scrubber plays forward. Going back starts again.
    pub fn advance(&self, sim: &mut Simulation, t: u64) {
        let t = t.min(self.end);
        let from = sim.now();
        if t < from || !self.in_order {
            *sim = self.at(t);
            return;
        }
        sim.replay_onto(self.records.iter().filter(|r| r.t() > from && r.t() <= t));
        if !sim.is_over() {
            sim.advance_to(t);
        }
    }

    /// Times of the decisions, for stepping from one to the next.
    pub fn decision_times(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.decisions.iter().map(|d| d.t).collect();
        v.dedup();
        v
    }
}
