//! A session's verdict, derived from its decisions and never taken from its log.
//!
//! The score line at the end of a log is a cache: the hash chain covers every line *before* it,
//! but nothing covers the score line itself, so anyone can edit it. Every tool that reports a
//! verdict (`verify`, `score`, `report`, the xAPI export, the Review screen) therefore
//! re-simulates the decisions against the case (cheap: a scoring-only replay) and uses that
//! score. Comparing the two is how an edited score line is caught:
//! - same case files and same program as when the session was played: the score line must be,
//!   byte for byte, the line this program writes for the re-derived score; anything else is
//!   tampering ([`Problem::ScoreMismatch`]);
//! - the case or the program changed since: the rules may score differently now, so a
//!   difference is reported as a note, not as tampering, and the re-derived verdict stands.
//!
//! What this cannot catch is a whole log forged afresh with a correct chain and a matching
//! score line; that needs the record store (`bedside verify --lrs`, see docs/assessors.md).

use std::path::Path;
use std::sync::Arc;

use crate::log::{LogError, LoggedScore, Problem, Session, Verdict};
use crate::rubric::ScoreReport;
use crate::scenario::Case;
use crate::session::{self, RescoreError, Rescored};

mod skimmed;
pub use skimmed::{derive_skimmed, rescore_skimmed};

/// A log's verdict, re-derived.
#[derive(Debug, Clone)]
pub struct Derived {
    /// The re-scored session: the verdict every tool reports.
    pub rescored: Rescored,
    /// The score the log's last line holds (a finished session), decoded.
    pub logged: Option<ScoreReport>,
    /// The logged score differs from the re-derived one, though the rules may have changed
    /// since (the case's files or the program differ from the session's): a note for the reader.
    pub differs_after_change: bool,
}

impl Derived {
    /// The verdict to report.
    pub fn report(&self) -> &ScoreReport {
        &self.rescored.report
    }
}

/// Why a verdict could not be derived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeriveError {
    #[error(transparent)]
    Log(#[from] LogError),
    #[error(transparent)]
    Rescore(#[from] RescoreError),
}

/// Re-derives the verdict of a verified log and checks its score line against it. A score line
/// that the program would not have written for this session is an error at that line.
pub fn derive(case: &Arc<Case>, path: &Path, session: &Session) -> Result<Derived, DeriveError> {
    let rescored = session::rescore(case, path, session)?;
    let logged = session.score_report(path)?;
    judge(
        rescored,
        logged,
        session.score.as_ref(),
        &session.header.program,
        path,
    )
}

/// Checks a log's score line against its re-derived verdict (see [`derive`]).
fn judge(
    rescored: Rescored,
    logged: Option<ScoreReport>,
    line: Option<&LoggedScore>,
    program: &str,
    path: &Path,
) -> Result<Derived, DeriveError> {
    let same_rules = !rescored.case_changed && program == crate::PROGRAM;
    let mut differs_after_change = false;
    if let (Some(line), Some(logged)) = (line, &logged) {
        let intact = if same_rules {
            line.is_line_of(&rescored.report)
        } else {
            differs_after_change = *logged != rescored.report;
            true
        };
        if !intact {
            return Err(LogError::Broken {
                path: path.to_path_buf(),
                line: line.line(),
                problem: Problem::ScoreMismatch {
                    logged: Verdict::of(logged),
                    rescored: Verdict::of(&rescored.report),
                },
            }
            .into());
        }
    }
    Ok(Derived {
        rescored,
        logged,
        differs_after_change,
    })
}

/// The verdict of the log at `path`, re-derived against `case`, in the words of an error when it
/// cannot be (what [`crate::xapi::Verdicts`] returns).
pub fn report_of(case: &Arc<Case>, path: &Path, session: &Session) -> Result<ScoreReport, String> {
    derive(case, path, session)
        .map(|d| d.rescored.report)
        .map_err(|e| e.to_string())
}

/// The CLI's verdicts: each log's case is found by id under `--cases`.
impl crate::xapi::Verdicts for crate::cohort::CaseShelf {
    fn verdict(&mut self, path: &Path, session: &Session) -> Result<ScoreReport, String> {
        let loaded = self
            .get(&session.header.scenario_id, path)
            .map_err(|e| format!("{e}: the verdict cannot be re-derived, so it is not sent"))?;
        report_of(&loaded.case, path, session)
    }
}

impl crate::cohort::CaseShelf {
    /// [`crate::xapi::Verdicts::verdict`] for a log read as a stream, with the same messages.
    pub fn verdict_skimmed(
        &mut self,
        path: &Path,
        s: &crate::log::Skim,
    ) -> Result<ScoreReport, String> {
        let loaded = self
            .get(&s.header.scenario_id, path)
            .map_err(|e| format!("{e}: the verdict cannot be re-derived, so it is not sent"))?;
        derive_skimmed(&loaded.case, path, s)
            .map(|d| d.rescored.report)
            .map_err(|e| e.to_string())
    }
}

/// Verdicts from cases already loaded (the app's library): a log's case is found by its id.
pub fn among(cases: Vec<Arc<Case>>) -> impl crate::xapi::Verdicts + Send {
    move |path: &Path, session: &Session| {
        let id = &session.header.scenario_id;
        match cases.iter().find(|c| c.scenario.id == *id) {
            Some(case) => report_of(case, path, session),
            None => Err(format!(
                "{}: no case '{id}' in the library: the verdict cannot be re-derived, so it is not sent",
                path.display()
            )),
        }
    }
}
