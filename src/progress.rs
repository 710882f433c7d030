//! A trainee's progress, from the logs in the data folder and nothing else (no server): every
//! finished session of theirs over time, each case's best and last score, and the criteria they
//! missed in more than one session.
//!
//! Every figure is a verdict re-derived from the session's decisions (`verdict::derive`), as in
//! every other tool: a log that does not verify (an edited line, an altered score line, a case
//! the library no longer has) is listed as untrusted, with the reason, and left out of the
//! figures — a trainee must not be able to improve their record by editing a file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::log::{self, LogError};
use crate::rubric::{ScoreReport, Status};
use crate::scenario::Case;
use crate::scenario::model::MsgId;
use crate::verdict::{self, DeriveError};

/// One finished, verified session.
#[derive(Debug, Clone)]
pub struct Session {
    pub path: PathBuf,
    pub case_id: String,
    pub started_ms: u64,
    /// The verdict re-derived from its decisions.
    pub report: ScoreReport,
}

/// A log of the trainee's that is left out of the figures, and why.
#[derive(Debug, Clone)]
pub struct Untrusted {
    pub path: PathBuf,
    pub why: Why,
}

/// Why a log is untrusted.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// The log does not verify (its chain, or its score line against its decisions).
    Log(LogError),
    /// Its case is not in the library, so its verdict cannot be re-derived.
    NoCase(String),
    /// Its decisions cannot be replayed against the library's case.
    Other(String),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Log(e) => write!(f, "{e}"),
            Why::NoCase(id) => write!(
                f,
                "no case '{id}' in the library: the verdict cannot be re-derived"
            ),
            Why::Other(m) => f.write_str(m),
        }
    }
}

/// One case's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFigures {
    pub case_id: String,
    pub sessions: usize,
    /// Best percentage, and whether that session passed.
    pub best: (u32, bool),
    /// The latest session's percentage and whether it passed.
    pub last: (u32, bool),
}

/// A criterion the trainee missed (or failed harmfully) in more than one session.
#[derive(Debug, Clone, PartialEq)]
pub struct MissedAgain {
    pub case_id: String,
    pub criterion: String,
    /// In how many sessions.
    pub count: usize,
    /// The feedback of the latest miss (a message id of the case).
    pub feedback: MsgId,
}

/// Everything the progress page shows.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Oldest first.
    pub sessions: Vec<Session>,
    /// In the order the cases were first played.
    pub cases: Vec<CaseFigures>,
    /// Most often missed first.
    pub missed: Vec<MissedAgain>,
    pub untrusted: Vec<Untrusted>,
}

/// Whether a log names `trainee` (as typed: surrounding spaces ignored).
fn is_theirs(header_trainee: &str, trainee: &str) -> bool {
    header_trainee.trim() == trainee.trim()
}

/// Reads `logs` and keeps `trainee`'s finished sessions, each verified and re-scored against its
/// case in `cases`. Unfinished sessions are left out (the library offers them for resuming), and
/// so are other trainees' logs. A log whose chain is broken is attributed by its header as far
/// as it can still be read.
pub fn build(trainee: &str, logs: &[PathBuf], cases: &[Arc<Case>]) -> Progress {
    let mut p = Progress::default();
    for path in logs {
        match log::read(path) {
            Ok(s) => {
                if !is_theirs(&s.header.trainee, trainee) || s.score.is_none() {
                    continue;
                }
                let id = &s.header.scenario_id;
                let Some(case) = cases.iter().find(|c| c.scenario.id == *id) else {
                    p.untrusted.push(Untrusted {
                        path: path.clone(),
                        why: Why::NoCase(id.clone()),
                    });
                    continue;
                };
                match verdict::derive(case, path, &s) {
                    Ok(d) => p.sessions.push(Session {
                        path: path.clone(),
                        case_id: id.clone(),
                        started_ms: s.header.started_ms,
                        report: d.rescored.report,
                    }),
                    Err(DeriveError::Log(e)) => p.untrusted.push(Untrusted {
                        path: path.clone(),
                        why: Why::Log(e),
                    }),
                    Err(e) => p.untrusted.push(Untrusted {
                        path: path.clone(),
                        why: Why::Other(e.to_string()),
                    }),
                }
            }
            Err(e) => {
                // Whose is it? Read what can still be read, without trusting it.
                let theirs =
                    crate::review::open(path).is_ok_and(|r| is_theirs(&r.header.trainee, trainee));
                if theirs {
                    p.untrusted.push(Untrusted {
                        path: path.clone(),
                        why: Why::Log(e),
                    });
                }
            }
        }
    }
    p.sessions
        .sort_by(|a, b| a.started_ms.cmp(&b.started_ms).then(a.path.cmp(&b.path)));
    p.untrusted.sort_by(|a, b| a.path.cmp(&b.path));
    for s in &p.sessions {
        let r = &s.report;
        let score = (r.percent, r.passed);
        match p.cases.iter_mut().find(|c| c.case_id == s.case_id) {
            Some(c) => {
                c.sessions += 1;
                if score.0 > c.best.0 || (score.0 == c.best.0 && score.1) {
                    c.best = score;
                }
                c.last = score;
            }
            None => p.cases.push(CaseFigures {
                case_id: s.case_id.clone(),
                sessions: 1,
                best: score,
                last: score,
            }),
        }
        for c in &r.criteria {
            if !matches!(c.status, Status::Missed | Status::Harmful) {
                continue;
            }
            match p
                .missed
                .iter_mut()
                .find(|m| m.case_id == s.case_id && m.criterion == c.id)
            {
                Some(m) => {
                    m.count += 1;
                    m.feedback = c.feedback.clone();
                }
                None => p.missed.push(MissedAgain {
                    case_id: s.case_id.clone(),
                    criterion: c.id.clone(),
                    count: 1,
                    feedback: c.feedback.clone(),
                }),
            }
        }
    }
    p.missed.retain(|m| m.count > 1);
    // Stable: equal counts keep the order they were first missed in.
    p.missed.sort_by_key(|m| std::cmp::Reverse(m.count));
    p
}

/// [`build`] over the logs (`*.jsonl`) in `dir`.
pub fn build_from_dir(trainee: &str, dir: &Path, cases: &[Arc<Case>]) -> Progress {
    let logs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    build(trainee, &logs, cases)
}
