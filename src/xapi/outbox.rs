//! The outbox: statements waiting for the LRS, one JSON file per batch (a session).
//!
//! A batch is written to a temporary file, synced, renamed into place and the folder synced, so
//! a crash leaves either the whole batch or none of it. A batch leaves the outbox only when the
//! LRS has accepted it; one the LRS rejects moves to `rejected/` with the LRS's reason beside
//! it, so that it neither blocks the others nor is lost.
//!
//! The outbox is a folder anyone with the account can write to, so a batch is not trusted: it
//! is named after its log's start time and **final hash** (two different logs never share a
//! name, and a queued batch is never replaced), it records which log and identity it was made
//! from, and before sending it is made again from that log (whose hash chain is verified) and
//! must be identical. A hand-edited batch, one whose log has gone or changed, and a bare array
//! (hand-made, or queued by a Bedside before issue 22) are refused with the reason, set aside in
//! `rejected/` for the assessor, and never sent.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Identity, Lrs, SendError, Verdicts, XapiError};

/// The most read from one queued batch (a session of tens of thousands of decisions fits).
const MAX_ENTRY_BYTES: u64 = 256 << 20;

/// Format tag of a queued batch file.
const ENTRY_FORMAT: u32 = 1;

/// One queued batch as written: the statements and what they were made from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// [`ENTRY_FORMAT`].
    pub bedside_outbox: u32,
    /// The decision log (absolute when it could be resolved).
    pub log: PathBuf,
    /// The log's final hash when it was queued.
    pub log_sha256: String,
    /// The identity the statements were made with.
    pub home_page: String,
    pub activity_base: String,
    pub statements: Vec<Value>,
}

impl Entry {
    /// A batch for `statements` made from the log at `log` whose final hash is `log_sha256`.
    pub fn new(log: &Path, log_sha256: &str, identity: &Identity, statements: Vec<Value>) -> Entry {
        Entry {
            bedside_outbox: ENTRY_FORMAT,
            log: std::path::absolute(log).unwrap_or_else(|_| log.to_path_buf()),
            log_sha256: log_sha256.to_string(),
            home_page: identity.home_page.clone(),
            activity_base: identity.base.clone(),
            statements,
        }
    }

    fn identity(&self) -> Identity {
        Identity {
            home_page: self.home_page.clone(),
            base: self.activity_base.clone(),
        }
    }

    /// Why this batch, found in the file named `stem`, must not be sent: it is not what its log
    /// gives (`None`: it is), with the verdict `verdicts` re-derives.
    fn check(&self, stem: &str, verdicts: &mut dyn Verdicts) -> Option<String> {
        let log = self.log.display();
        let session = match crate::log::read(&self.log) {
            Ok(s) => s,
            Err(e) => {
                return Some(format!(
                    "its log {log} cannot be read or verified ({}): not sent; queue the log again",
                    crate::scenario::load::shorten(&e.to_string())
                ));
            }
        };
        if session.last_hash != self.log_sha256 {
            return Some(format!(
                "its log {log} has changed since it was queued (final hash {} then, {} now): not sent",
                self.log_sha256, session.last_hash
            ));
        }
        if stem != super::batch_name(&session) {
            return Some(format!(
                "the file name does not match its log {log} (the outbox file was edited or renamed): not sent"
            ));
        }
        match super::statements(&self.log, &session, &self.identity(), verdicts) {
            // A batch queued before the verdict statement carried its criteria is the same.
            Ok(st)
                if st == self.statements
                    || super::statements::before_criteria(&st, &self.activity_base)
                        == self.statements =>
            {
                None
            }
            Ok(_) => Some(format!(
                "the queued statements differ from those its log {log} gives (the outbox file was edited): not sent"
            )),
            Err(e) => Some(format!(
                "its log {log} gives no statements ({}): not sent",
                crate::scenario::load::shorten(&e.to_string())
            )),
        }
    }
}

/// A folder of queued statement batches.
#[derive(Debug, Clone)]
pub struct Outbox {
    dir: PathBuf,
}

/// What a flush did.
#[derive(Debug, Default)]
pub struct Flushed {
    /// Batches the LRS accepted (file stems), with their statement counts.
    pub sent: Vec<(String, usize)>,
    /// Batches the LRS refused, with its status and reason; moved to `rejected/`.
    pub rejected: Vec<(String, u16, String)>,
    /// Why sending stopped early (unreachable, credentials refused, server error), if it did.
    pub stopped: Option<SendError>,
    /// Batches still queued.
    pub queued: usize,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> XapiError + '_ {
    move |source| XapiError::Outbox {
        path: path.to_path_buf(),
        source,
    }
}

impl Outbox {
    /// Opens (creating) the outbox folder.
    pub fn open(dir: &Path) -> Result<Outbox, XapiError> {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        Ok(Outbox {
            dir: dir.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file a batch named `name` is queued in.
    pub fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    /// Writes a batch durably under `name`, unless a batch of that name is already queued: names
    /// carry the log's final hash, so that one is the same session, and a queued batch is never
    /// replaced. Returns the file and whether it was written now.
    pub fn put(&self, name: &str, entry: &Entry) -> Result<(PathBuf, bool), XapiError> {
        let path = self.path_of(name);
        if path.exists() {
            return Ok((path, false));
        }
        let tmp = self.dir.join(format!(".{name}.json.tmp"));
        let bytes = serde_json::to_vec(entry).map_err(|e| XapiError::Outbox {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        (|| -> std::io::Result<()> {
            let mut f = File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            // Never over a batch that appeared meanwhile (another push, the app): a hard link
            // fails if the name exists, where a rename would replace it.
            // (A file system without hard links gets the rename, after a check.)
            match fs::hard_link(&tmp, &path) {
                Ok(()) => fs::remove_file(&tmp)?,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return fs::remove_file(&tmp);
                }
                Err(_) if !path.exists() => fs::rename(&tmp, &path)?,
                Err(_) => return fs::remove_file(&tmp),
            }
            // The new name itself must survive a power cut: sync the folder (a no-op on Windows).
            if let Ok(d) = File::open(&self.dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })()
        .map_err(io_err(&path))?;
        Ok((path, true))
    }

    /// Queued batch files, oldest name first (names start with the session's start time).
    pub fn pending(&self) -> Result<Vec<PathBuf>, XapiError> {
        let mut v: Vec<PathBuf> = fs::read_dir(&self.dir)
            .map_err(io_err(&self.dir))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "json")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        v.sort();
        Ok(v)
    }

    /// Sends every queued batch, oldest first, and removes each once the LRS accepts it. Stops
    /// at the first failure that would fail for the rest too (unreachable, credentials, server).
    /// Each batch is first made again from its log with the verdict `verdicts` re-derives, and
    /// sent only if identical.
    pub fn flush(&self, lrs: &Lrs, verdicts: &mut dyn Verdicts) -> Flushed {
        let mut out = Flushed::default();
        let pending = match self.pending() {
            Ok(p) => p,
            Err(e) => {
                out.stopped = Some(SendError::Unreachable(e.to_string()));
                return out;
            }
        };
        let total = pending.len();
        for (k, path) in pending.iter().enumerate() {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let entry = read_entry(path).and_then(|e| match e.check(&stem, verdicts) {
                None => Ok(e),
                Some(why) => Err(why),
            });
            let batch = match entry {
                Ok(e) => e.statements,
                Err(why) => {
                    self.reject(path, &stem, 0, &why);
                    out.rejected.push((stem, 0, why));
                    continue;
                }
            };
            match lrs.post(&batch) {
                Ok(()) => {
                    if fs::remove_file(path).is_ok()
                        && let Ok(d) = File::open(&self.dir)
                    {
                        let _ = d.sync_all();
                    }
                    out.sent.push((stem, batch.len()));
                }
                Err(SendError::Rejected(status, reason)) => {
                    self.reject(path, &stem, status, &reason);
                    out.rejected.push((stem, status, reason));
                }
                Err(e) => {
                    out.stopped = Some(e);
                    out.queued = total - k;
                    return out;
                }
            }
        }
        out
    }

    /// Sets a batch aside in `rejected/` with its reason (`status` 0: refused here, not sent),
    /// never over an earlier one of the same name.
    fn reject(&self, path: &Path, stem: &str, status: u16, reason: &str) {
        let dir = self.dir.join("rejected");
        if fs::create_dir_all(&dir).is_err() {
            return;
        }
        let free = (1..1000)
            .map(|k| match k {
                1 => stem.to_string(),
                k => format!("{stem}.{k}"),
            })
            .find(|n| !dir.join(format!("{n}.json")).exists())
            .unwrap_or_else(|| format!("{stem}.last"));
        if fs::rename(path, dir.join(format!("{free}.json"))).is_ok() {
            let head = match status {
                0 => "not sent (refused by Bedside)".to_string(),
                s => format!("HTTP {s}"),
            };
            let _ = fs::write(
                dir.join(format!("{free}.reason.txt")),
                format!("{head}\n{reason}\n"),
            );
        }
    }
}

/// Reads a queued batch file; the reason it cannot be used, if so.
fn read_entry(path: &Path) -> Result<Entry, String> {
    // A regular file of sane size only (a FIFO named *.json would block the push forever).
    let bytes = crate::files::read_capped(path, MAX_ENTRY_BYTES)
        .map_err(|e| format!("the queued file cannot be read: {e}"))?;
    match serde_json::from_slice::<Entry>(&bytes) {
        Ok(e) if e.bedside_outbox == ENTRY_FORMAT => Ok(e),
        Ok(e) => Err(format!(
            "the queued file has outbox format {} (this Bedside knows {ENTRY_FORMAT}): not sent",
            e.bedside_outbox
        )),
        Err(_) if serde_json::from_slice::<Vec<Value>>(&bytes).is_ok() => Err(
            "the queued file is a bare list of statements, not tied to a log (hand-made, or queued by an older Bedside): not sent; queue the log again"
                .into(),
        ),
        Err(e) => Err(format!(
            "the queued file is not an outbox batch ({}): not sent",
            crate::scenario::load::shorten(&e.to_string())
        )),
    }
}
