//! xAPI 1.0.3 statements from decision logs, an on-disk outbox, and a Learning Record Store client.
//!
//! A programme that spans hospitals collects results in an LRS, but the trainee's PC is often
//! offline. So statements are first written to an outbox (one file per session, synced before
//! anything is sent) and leave it only when the LRS has accepted them. Statement ids are derived
//! from the log's final hash, so sending the same session twice never duplicates it, and the
//! final hash travels in an extension so that the LRS can tell when a log was later edited.
//!
//! The verdict a statement carries (`passed`/`failed`, the score) is never read from the log's
//! score line, which the hash chain does not cover: it comes from a [`Verdicts`], which
//! re-derives it from the decisions against the case (`crate::verdict`). A log whose score line
//! was edited is refused there, so it is never queued or sent.

mod client;
mod confirm;
mod outbox;
mod statements;

pub use client::{Lrs, REDACTED, SendError, password_from_env};
pub use confirm::{Confirmation, confirm};
pub use outbox::{Entry, Flushed, Outbox};
pub use statements::{
    Identity, batch_name, each_statement_streamed, iso_duration, registration, statement_id,
    statements, statements_skimmed, verdict_of_skimmed,
};

use std::path::Path;

use crate::log::Session;
use crate::rubric::ScoreReport;

/// Where a session's verdict comes from: re-derived from its decisions against its case, never
/// read from its score line. The CLI's is its `--cases` folder (`cohort::CaseShelf`), the app's
/// its library (a closure). An error is why the verdict cannot be trusted or derived (a score
/// line that was altered, a case that is not there), worded for the assessor.
pub trait Verdicts {
    fn verdict(&mut self, path: &Path, session: &Session) -> Result<ScoreReport, String>;
}

impl<F: FnMut(&Path, &Session) -> Result<ScoreReport, String>> Verdicts for F {
    fn verdict(&mut self, path: &Path, session: &Session) -> Result<ScoreReport, String> {
        self(path, session)
    }
}

/// Why statements could not be made or queued.
#[derive(Debug, thiserror::Error)]
pub enum XapiError {
    #[error(transparent)]
    Log(#[from] crate::log::LogError),
    #[error("{0}: the session has not ended (no score line), so there is no result to send yet")]
    Unfinished(std::path::PathBuf),
    /// The verdict cannot be re-derived, or the score line disagrees with it (tampering).
    #[error("{0}")]
    Verdict(String),
    #[error("outbox {path}: {source}")]
    Outbox {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// Queues the statements of a finished session's log in `outbox` (durably; the batch is named
/// after the log's final hash, so queuing the same log again leaves the queued batch as it is
/// and another log never replaces it) and returns how many there are. Sending is
/// `Outbox::flush`, which checks each batch against its log first: `bedside xapi push` and the
/// app's after-each-case setting both queue first, so nothing is lost offline. A log whose
/// verdict `verdicts` cannot vouch for (its score line was altered) is not queued.
pub fn queue_session(
    outbox: &Outbox,
    log: &Path,
    identity: &Identity,
    verdicts: &mut dyn Verdicts,
) -> Result<usize, XapiError> {
    let session = crate::log::read(log)?;
    let st = statements(log, &session, identity, verdicts)?;
    let n = st.len();
    let entry = Entry::new(log, &session.last_hash, identity, st);
    outbox.put(&statements::batch_name(&session), &entry)?;
    Ok(n)
}
