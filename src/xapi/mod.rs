//! xAPI 1.0.3 statements from decision logs, an on-disk outbox, and a Learning Record Store client.
//!
//! A programme that spans hospitals collects results in an LRS, but the trainee's PC is often
//! offline. So statements are first written to an outbox (one file per session, synced before
//! anything is sent) and leave it only when the LRS has accepted them. Statement ids are derived
//! from the log's final hash, so sending the same session twice never duplicates it, and the
//! final hash travels in an extension so that the LRS can tell when a log was later edited.

mod client;
mod outbox;
mod statements;

pub use client::{Lrs, REDACTED, SendError, password_from_env};
pub use outbox::{Entry, Flushed, Outbox};
pub use statements::{Identity, batch_name, iso_duration, statement_id, statements};

use std::path::Path;

/// Why statements could not be made or queued.
#[derive(Debug, thiserror::Error)]
pub enum XapiError {
    #[error(transparent)]
    Log(#[from] crate::log::LogError),
    #[error("{0}: the session has not ended (no score line), so there is no result to send yet")]
    Unfinished(std::path::PathBuf),
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
/// app's after-each-case setting both queue first, so nothing is lost offline.
pub fn queue_session(outbox: &Outbox, log: &Path, identity: &Identity) -> Result<usize, XapiError> {
    let session = crate::log::read(log)?;
    let st = statements(log, &session, identity)?;
    let n = st.len();
    let entry = Entry::new(log, &session.last_hash, identity, st);
    outbox.put(&statements::batch_name(&session), &entry)?;
    Ok(n)
}
