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

pub use client::{Lrs, SendError};
pub use outbox::{Flushed, Outbox};
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

/// Queues the statements of a finished session's log in `outbox` and tries to deliver
/// everything queued. For the app, after each case: nothing is lost when the LRS cannot be
/// reached, the statements simply stay queued for the next call.
pub fn send_session(
    log: &Path,
    identity: &Identity,
    outbox: &Path,
    lrs: &Lrs,
) -> Result<Flushed, XapiError> {
    let ob = Outbox::open(outbox)?;
    let session = crate::log::read(log)?;
    let st = statements(log, &session, identity)?;
    ob.put(&statements::batch_name(&session), &st)?;
    Ok(ob.flush(lrs))
}
