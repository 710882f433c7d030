//! Asking the LRS whether it received a log: the answer to a log forged whole.
//!
//! The hash chain proves that a log was not edited after it was written, but anyone with the
//! program can write a new log, chain and score line included, from decisions never taken. What
//! such a log cannot have is the statements the LRS received when the real session was pushed:
//! each carries the log's final hash (`…:xapi:log-sha256`), under a registration derived from the
//! session's header. So a log is confirmed when the LRS holds its final hash for its
//! registration; a different hash there means the log was altered or forged after it was sent.

use serde_json::Value;

use super::{Lrs, SendError, statements::registration};
use crate::log::Session;

/// What the LRS holds for a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// The LRS holds this log's final hash for its registration; `others` other final hashes
    /// were also sent for it (another copy of the session pushed, for instance).
    Confirmed { others: Vec<String> },
    /// The LRS holds only other final hashes for this registration.
    Different { held: Vec<String> },
    /// The LRS holds nothing for this registration.
    Absent,
}

/// The final hashes the LRS holds for `session`'s registration, compared with the log's. Every
/// statement of a sent log carries its hash, so the first page is enough to find one; another
/// version of the session sent later may be on a later page, and is then not listed in `others`.
pub fn confirm(lrs: &Lrs, session: &Session) -> Result<Confirmation, SendError> {
    let reg = registration(session);
    let answer = lrs.get(&[("registration", reg.as_str()), ("limit", "500")])?;
    let mut held: Vec<String> = Vec::new();
    for st in answer["statements"].as_array().into_iter().flatten() {
        for h in hashes_of(st) {
            if !held.contains(&h) {
                held.push(h);
            }
        }
    }
    Ok(if held.is_empty() {
        Confirmation::Absent
    } else if held.contains(&session.last_hash) {
        held.retain(|h| *h != session.last_hash);
        Confirmation::Confirmed { others: held }
    } else {
        Confirmation::Different { held }
    })
}

/// The `log-sha256` extensions of a statement, whatever the activity base it was sent with.
fn hashes_of(st: &Value) -> Vec<String> {
    [&st["context"]["extensions"], &st["result"]["extensions"]]
        .into_iter()
        .filter_map(Value::as_object)
        .flat_map(|m| m.iter())
        .filter(|(k, _)| k.ends_with(":xapi:log-sha256"))
        .filter_map(|(_, v)| v.as_str().map(str::to_string))
        .collect()
}
