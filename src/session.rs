//! A session: a simulation whose every record goes to the decision log as it happens.
//!
//! `LiveSession` is what the app and the CLI drive. After each `apply`, `advance` and `end` the
//! new records are already on disk (written and synced) before control returns, so a crash loses
//! nothing that was recorded; `resume` rebuilds the identical patient from the log. A session
//! started with [`Syncing::Background`] hands its lines to a writing thread instead: its caller
//! learns from [`LiveSession::saved_records`] what is on disk, and must not build on records
//! until they are (the app holds its clock meanwhile).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::i18n::Locale;
use crate::log::{self, Clock, Header, LogError, LogWriter, Syncing};
use crate::rubric::{self, ScoreReport};
use crate::scenario::Case;
use crate::scenario::model::Script;
use crate::sim::{Order, OrderError, Record, Simulation, Unusual};

/// Who is playing and how the log is kept.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub seed: u64,
    pub trainee: String,
    pub locale: Locale,
    pub clock: Clock,
}

/// Why a session step failed.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("the order was refused: {0}")]
    Refused(#[from] OrderError),
    #[error("could not write the decision log {path}: {error}")]
    Log {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(transparent)]
    Read(#[from] LogError),
    #[error("{0}")]
    Mismatch(String),
}

/// A simulation plus its log.
#[derive(Debug)]
pub struct LiveSession {
    pub sim: Simulation,
    writer: Option<LogWriter>,
    written: usize,
    score: Option<ScoreReport>,
    /// The log takes [`Record::Clock`] lines (not a format 1 log being continued).
    clock_lines: bool,
}

fn header(case: &Case, info: &SessionInfo, hospital: Option<&str>) -> Header {
    Header {
        format: log::FORMAT,
        scenario_id: case.scenario.id.clone(),
        scenario_version: case.scenario.version.clone(),
        content_hash: case.content_hash.clone(),
        program: crate::PROGRAM.to_string(),
        seed: info.seed,
        trainee: info.trainee.clone(),
        locale: info.locale.tag().to_string(),
        started_ms: info.clock.wall_ms(0),
        hospital: hospital.map(str::to_string),
    }
}

impl LiveSession {
    /// Starts a session; with `log`, creates the log file (never overwriting one).
    pub fn start(
        case: Arc<Case>,
        info: &SessionInfo,
        log: Option<&Path>,
    ) -> Result<LiveSession, SessionError> {
        LiveSession::start_with(case, info, log, Syncing::Inline)
    }

    /// [`start`](LiveSession::start), with the log written as `syncing` says.
    pub fn start_with(
        case: Arc<Case>,
        info: &SessionInfo,
        log: Option<&Path>,
        syncing: Syncing,
    ) -> Result<LiveSession, SessionError> {
        LiveSession::start_at(case, info, None, log, syncing)
    }

    /// [`start_with`](LiveSession::start_with), the log's header naming the hospital the session
    /// is played at (an id already checked with [`crate::hospital::check`]; `None` writes the
    /// header as before hospitals were recorded).
    pub fn start_at(
        case: Arc<Case>,
        info: &SessionInfo,
        hospital: Option<&str>,
        log: Option<&Path>,
        syncing: Syncing,
    ) -> Result<LiveSession, SessionError> {
        let writer = match log {
            Some(p) => Some(
                LogWriter::create(p, header(&case, info, hospital), info.clock, syncing).map_err(
                    |error| SessionError::Log {
                        path: p.to_path_buf(),
                        error,
                    },
                )?,
            ),
            None => None,
        };
        let mut s = LiveSession {
            sim: Simulation::new(case, info.seed),
            writer,
            written: 0,
            score: None,
            clock_lines: true,
        };
        s.flush()?;
        Ok(s)
    }

    /// Continues an unfinished session from its log: replays every decision and checks that the
    /// replay reproduces the log exactly before appending to it.
    pub fn resume(case: Arc<Case>, path: &Path, clock: Clock) -> Result<LiveSession, SessionError> {
        LiveSession::resume_with(case, path, clock, Syncing::Inline)
    }

    /// [`resume`](LiveSession::resume), with new lines written as `syncing` says.
    pub fn resume_with(
        case: Arc<Case>,
        path: &Path,
        clock: Clock,
        syncing: Syncing,
    ) -> Result<LiveSession, SessionError> {
        let (writer, session) = LogWriter::resume(path, clock, syncing)?;
        if session.header.scenario_id != case.scenario.id {
            return Err(SessionError::Mismatch(format!(
                "{} is a log of case '{}', not '{}'",
                path.display(),
                session.header.scenario_id,
                case.scenario.id
            )));
        }
        if session.header.content_hash != case.content_hash {
            return Err(SessionError::Mismatch(format!(
                "the files of case '{}' changed since {} was written: it cannot be resumed exactly",
                case.scenario.id,
                path.display()
            )));
        }
        let sim = Simulation::replay(case, session.header.seed, &session.records);
        if let Some(line) = first_divergence(sim.records(), &session.records) {
            return Err(SessionError::Mismatch(format!(
                "replaying {} does not reproduce line {line}: the log cannot be resumed",
                path.display()
            )));
        }
        let written = sim.records().len();
        Ok(LiveSession {
            sim,
            writer: Some(writer),
            written,
            score: None,
            clock_lines: session.header.format >= log::FORMAT_CLOCK,
        })
    }

    /// Where the log is written, if anywhere.
    pub fn log_path(&self) -> Option<&Path> {
        self.writer.as_ref().map(|w| w.path())
    }

    /// SHA-256 of the log's last line.
    pub fn last_hash(&self) -> Option<&str> {
        self.writer.as_ref().map(|w| w.last_hash())
    }

    /// Places an order; refused orders are logged too, then returned as an error. An accepted
    /// order returns its note if its dose or rate is unusual (see [`Simulation::apply`]).
    pub fn apply(&mut self, order: &Order) -> Result<Option<Unusual>, SessionError> {
        let result = self.sim.apply(order);
        self.flush()?;
        result.map_err(SessionError::from)
    }

    /// Advances simulated time; if the case ends, scores it and closes the log.
    pub fn advance(&mut self, secs: u64) -> Result<(), SessionError> {
        self.sim.advance(secs);
        self.flush()
    }

    /// Notes in the log how far simulated time has run (a [`Record::Clock`] line), so that a
    /// session resumed from it continues from now rather than from the last thing that happened.
    /// Nothing is written if nothing has happened since the last line, the case is over, or the
    /// log is a format 1 log being continued. Returns whether a line was added.
    pub fn note_time(&mut self) -> Result<bool, SessionError> {
        if !self.clock_lines || !self.sim.note_time() {
            return Ok(false);
        }
        self.flush()?;
        Ok(true)
    }

    /// The trainee ends the case; returns the score.
    pub fn end(&mut self) -> Result<&ScoreReport, SessionError> {
        self.sim.end_by_trainee();
        self.flush()?;
        self.score
            .as_ref()
            .ok_or_else(|| SessionError::Mismatch("the case did not end".into()))
    }

    /// The score, once the case has ended.
    pub fn score(&self) -> Option<&ScoreReport> {
        self.score.as_ref()
    }

    /// Takes in what a background writer has reported; returns its latest failure (the lines
    /// wait, and the next step, or [`wait_saved`](LiveSession::wait_saved), tries again).
    pub fn poll(&mut self) -> Result<(), SessionError> {
        match &mut self.writer {
            Some(w) => match w.poll() {
                Some(error) => Err(log_error(w, error)),
                None => Ok(()),
            },
            None => Ok(()),
        }
    }

    /// How many of `sim.records()` are on disk (as of the last step or `poll`): all of them
    /// without a log.
    pub fn saved_records(&self) -> usize {
        let n = self.sim.records().len();
        match &self.writer {
            // Line 1 is the header; the records follow it in order.
            Some(w) => w.synced_lines().saturating_sub(1).min(n),
            None => n,
        }
    }

    /// Lines of the log not on disk yet (as of the last step or `poll`).
    pub fn unsaved_lines(&self) -> usize {
        self.writer
            .as_ref()
            .map_or(0, |w| w.lines() - w.synced_lines())
    }

    /// After a background writer's failure, hands it the waiting lines again (otherwise they
    /// wait for the next step). Does nothing while an attempt is under way.
    pub fn retry_saving(&mut self) -> Result<(), SessionError> {
        self.with_writer(LogWriter::commit)
    }

    /// Blocks until every line is on disk (trying again lines that failed before), or an
    /// attempt to write them fails.
    pub fn wait_saved(&mut self) -> Result<(), SessionError> {
        self.with_writer(LogWriter::wait)
    }

    fn with_writer(
        &mut self,
        f: impl FnOnce(&mut LogWriter) -> std::io::Result<()>,
    ) -> Result<(), SessionError> {
        match &mut self.writer {
            Some(w) => f(w).map_err(|e| log_error(w, e)),
            None => Ok(()),
        }
    }

    fn flush(&mut self) -> Result<(), SessionError> {
        // A step's lines are made in order and reach the disk together at the commit. A failed
        // commit (a full disk) leaves them waiting, ahead of the next step's lines.
        if let Some(w) = &mut self.writer {
            for r in &self.sim.records()[self.written..] {
                w.push(r).map_err(|e| log_error(w, e))?;
                self.written += 1;
            }
        }
        self.written = self.sim.records().len();
        if self.sim.is_over() && self.score.is_none() {
            let report = rubric::score_simulation(&self.sim);
            if let Some(w) = &mut self.writer {
                w.push_score(self.sim.now(), &report)
                    .map_err(|e| log_error(w, e))?;
            }
            self.score = Some(report);
        }
        self.with_writer(LogWriter::commit)
    }
}

fn log_error(w: &LogWriter, error: std::io::Error) -> SessionError {
    SessionError::Log {
        path: w.path().to_path_buf(),
        error,
    }
}

/// 1-based log line of the first record where two record lists differ (header is line 1).
pub fn first_divergence(a: &[Record], b: &[Record]) -> Option<usize> {
    let n = a.len().min(b.len());
    (0..n)
        .find(|&i| a[i] != b[i])
        .or((a.len() != b.len()).then_some(n))
        .map(|i| i + 2)
}

/// Like [`first_divergence`], for a scoring-only replay that has no alarm records: compares the
/// log's other records and reports the log line.
fn first_divergence_ignoring_alarms(replayed: &[Record], logged: &[Record]) -> Option<usize> {
    let mut rest = replayed.iter();
    for (i, r) in logged.iter().enumerate() {
        if matches!(r, Record::Alarm { .. }) {
            continue;
        }
        if rest.next() != Some(r) {
            return Some(i + 2);
        }
    }
    rest.next().map(|_| logged.len() + 2)
}

/// Plays a script to the end: each step at its time, then on to `end_at` (the trainee ends the
/// case there), an end state, or the time limit.
pub fn play(
    case: Arc<Case>,
    script: &Script,
    info: &SessionInfo,
    log: Option<&Path>,
) -> Result<LiveSession, SessionError> {
    play_with(case, script, info, log, Syncing::Inline)
}

/// [`play`], with the log written as `syncing` says.
pub fn play_with(
    case: Arc<Case>,
    script: &Script,
    info: &SessionInfo,
    log: Option<&Path>,
    syncing: Syncing,
) -> Result<LiveSession, SessionError> {
    play_at(case, script, info, None, log, syncing)
}

/// [`play_with`], the log's header naming the hospital ([`LiveSession::start_at`]).
pub fn play_at(
    case: Arc<Case>,
    script: &Script,
    info: &SessionInfo,
    hospital: Option<&str>,
    log: Option<&Path>,
    syncing: Syncing,
) -> Result<LiveSession, SessionError> {
    let mut s = LiveSession::start_at(case, info, hospital, log, syncing)?;
    for step in &script.steps {
        if s.sim.is_over() {
            break;
        }
        s.advance(step.at.secs().saturating_sub(s.sim.now()))?;
        if s.sim.is_over() {
            break;
        }
        match s.apply(&Order::from_step(step)) {
            Ok(_) | Err(SessionError::Refused(_)) => {}
            Err(e) => return Err(e),
        }
    }
    match script.end_at {
        Some(t) => {
            s.advance(t.secs().saturating_sub(s.sim.now()))?;
            if !s.sim.is_over() {
                s.end()?;
            }
        }
        None => {
            let limit = s.sim.case().scenario.time_limit.secs();
            s.advance(limit)?;
        }
    }
    Ok(s)
}

/// Why a log cannot be re-scored against a case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RescoreError {
    #[error("{path}: is a log of case '{found}', not '{expected}'")]
    OtherCase {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{path}:{line}: the decision uses action '{action}', which the case no longer has")]
    MissingAction {
        path: PathBuf,
        line: usize,
        action: String,
    },
}

/// A re-scored log.
#[derive(Debug, Clone)]
pub struct Rescored {
    pub report: ScoreReport,
    /// The case's files differ from those the session was played with.
    pub case_changed: bool,
    /// First log line the replay did not reproduce (expected only when the case changed).
    pub diverges_at: Option<usize>,
}

/// Re-simulates a verified log against `case` and scores it.
pub fn rescore(
    case: &Arc<Case>,
    path: &Path,
    session: &log::Session,
) -> Result<Rescored, RescoreError> {
    check_replayable(
        case,
        path,
        &session.header.scenario_id,
        &session.records,
        |i| i + 2,
    )?;
    let (report, diverges_at) = score_records(case, session.header.seed, &session.records);
    Ok(Rescored {
        report,
        case_changed: session.header.content_hash != case.content_hash,
        diverges_at,
    })
}

/// Whether `case` can replay a log's records: it must be the same case, and have every action
/// the decisions use. `line_of` gives the log line of a record index (for the message).
pub fn check_replayable(
    case: &Case,
    path: &Path,
    scenario_id: &str,
    records: &[Record],
    line_of: impl Fn(usize) -> usize,
) -> Result<(), RescoreError> {
    if scenario_id != case.scenario.id {
        return Err(RescoreError::OtherCase {
            path: path.to_path_buf(),
            found: scenario_id.to_string(),
            expected: case.scenario.id.clone(),
        });
    }
    for (i, r) in records.iter().enumerate() {
        check_action(case, path, r, line_of(i))?;
    }
    Ok(())
}

/// Whether `case` has the action of a recorded decision (at log line `line`); other records
/// pass.
pub fn check_action(case: &Case, path: &Path, r: &Record, line: usize) -> Result<(), RescoreError> {
    match r {
        Record::Decision { order, .. } if case.action(&order.action).is_none() => {
            Err(RescoreError::MissingAction {
                path: path.to_path_buf(),
                line,
                action: order.action.clone(),
            })
        }
        _ => Ok(()),
    }
}

/// Scores recorded decisions against `case` by re-simulating them (scoring-only: no monitor),
/// with evidence pointing at the positions of `records`. Also returns the first log line the
/// replay does not reproduce, if any.
pub fn score_records(
    case: &Arc<Case>,
    seed: u64,
    records: &[Record],
) -> (ScoreReport, Option<usize>) {
    let mut sim = Simulation::new(Arc::clone(case), seed).for_scoring();
    sim.replay_onto(records);
    if !sim.is_over() && records.iter().any(|r| matches!(r, Record::End { .. })) {
        let t = records.last().map_or(0, Record::t);
        sim.advance_to(t);
    }
    let mut report = rubric::score_simulation(&sim);
    remap_evidence(&mut report, sim.records(), records);
    (
        report,
        first_divergence_ignoring_alarms(sim.records(), records),
    )
}

/// Evidence from a replay refers to the replay's records; point it at the same records in the
/// log instead (an in-order alignment: the replay lacks the log's alarm lines). Evidence with no
/// counterpart in the log (possible only when the case changed) is dropped.
///
/// Each replayed record is looked up among the log's records with the same [`align_key`] (a
/// hash that equal records share) at or after the last match, not searched for along the log:
/// a record the log does not have (every finding of a changed case) would otherwise cost a scan
/// of the rest of the log, which made a million-line log against a changed case take 19 minutes.
fn remap_evidence(report: &mut ScoreReport, replayed: &[Record], logged: &[Record]) {
    let map = alignment(replayed, logged);
    for c in &mut report.criteria {
        c.evidence = c
            .evidence
            .iter()
            .filter_map(|&e| map.get(e).copied().flatten())
            .collect();
    }
}

/// For each replayed record, the log record it is aligned with: the first equal one after the
/// previous match, if any.
fn alignment(replayed: &[Record], logged: &[Record]) -> Vec<Option<usize>> {
    let mut at: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
    for (k, l) in logged.iter().enumerate() {
        at.entry(align_key(l)).or_default().push(k);
    }
    let mut map = vec![None; replayed.len()];
    let mut next = 0;
    for (i, r) in replayed.iter().enumerate() {
        let Some(ks) = at.get(&align_key(r)) else {
            continue;
        };
        let from = ks.partition_point(|&k| k < next);
        if let Some(&k) = ks[from..].iter().find(|&&k| logged[k] == *r) {
            map[i] = Some(k);
            next = k + 1;
        }
    }
    map
}

/// A hash of a record that records equal by `==` share: its JSON form's, with every number
/// hashed as the value it is (`0.0` and `-0.0`, equal as numbers, hash alike).
fn align_key(r: &Record) -> u64 {
    use std::hash::{Hash, Hasher};
    fn feed(v: &serde_json::Value, h: &mut impl Hasher) {
        use serde_json::Value::*;
        match v {
            Null => 0u8.hash(h),
            Bool(b) => (1u8, b).hash(h),
            Number(n) => {
                2u8.hash(h);
                match n.as_f64() {
                    // 0.0 and -0.0: one key, as they are equal.
                    Some(x) => (if x == 0.0 { 0 } else { x.to_bits() }).hash(h),
                    None => n.to_string().hash(h),
                }
            }
            String(s) => (3u8, s).hash(h),
            Array(a) => {
                (4u8, a.len()).hash(h);
                a.iter().for_each(|x| feed(x, h));
            }
            Object(o) => {
                (5u8, o.len()).hash(h);
                for (k, x) in o {
                    k.hash(h);
                    feed(x, h);
                }
            }
        }
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match serde_json::to_value(r) {
        Ok(v) => feed(&v, &mut h),
        Err(_) => std::mem::discriminant(r).hash(&mut h),
    }
    h.finish()
}

/// What is wrong with a golden path's result, if anything (empty: it landed where it must).
pub fn check_expectation(
    expect: &crate::scenario::model::Expectation,
    r: &ScoreReport,
) -> Vec<String> {
    let mut problems = Vec::new();
    if r.passed != expect.pass {
        problems.push(format!(
            "expected to {} but {}",
            if expect.pass { "pass" } else { "fail" },
            if r.passed { "passed" } else { "failed" }
        ));
    }
    if let Some(lo) = expect.min_score
        && r.percent < lo
    {
        problems.push(format!(
            "score {}% is below the expected minimum {lo}%",
            r.percent
        ));
    }
    if let Some(hi) = expect.max_score
        && r.percent > hi
    {
        problems.push(format!(
            "score {}% is above the expected maximum {hi}%",
            r.percent
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The alignment as it was first written: a search along the log from the last match (the
    /// oracle; quadratic when records are missing from the log).
    fn alignment_by_search(replayed: &[Record], logged: &[Record]) -> Vec<Option<usize>> {
        let mut map = vec![None; replayed.len()];
        let mut next = 0;
        for (i, r) in replayed.iter().enumerate() {
            if let Some(k) = logged[next.min(logged.len())..].iter().position(|l| l == r) {
                map[i] = Some(next + k);
                next += k + 1;
            }
        }
        map
    }

    /// Few distinct records (so that many are equal, and many missing), with `0.0`, `-0.0` and
    /// NaN among the values.
    fn record() -> impl Strategy<Value = Record> {
        let value = prop_oneof![Just(0.0), Just(-0.0), Just(1.5), Just(f64::NAN)];
        (0u64..3, 0usize..3, proptest::option::of(value)).prop_map(|(t, k, v)| match k {
            0 => Record::Clock { t },
            _ => Record::Finding {
                t,
                action: format!("a{k}"),
                text: "x".into(),
                values: v.map(|v| vec![("hr".to_string(), v)]).unwrap_or_default(),
            },
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_indexed_alignment_is_the_search(
            replayed in proptest::collection::vec(record(), 0..30),
            logged in proptest::collection::vec(record(), 0..30),
        ) {
            prop_assert_eq!(alignment(&replayed, &logged), alignment_by_search(&replayed, &logged));
        }
    }
}
