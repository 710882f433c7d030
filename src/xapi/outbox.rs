//! The outbox: statements waiting for the LRS, one JSON file per batch (a session).
//!
//! A batch is written to a temporary file, synced, renamed into place and the folder synced, so
//! a crash leaves either the whole batch or none of it. A batch leaves the outbox only when the
//! LRS has accepted it; one the LRS rejects moves to `rejected/` with the LRS's reason beside
//! it, so that it neither blocks the others nor is lost.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Lrs, SendError, XapiError};

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

    /// Writes a batch durably (replacing a batch of the same name).
    pub fn put(&self, name: &str, statements: &[Value]) -> Result<PathBuf, XapiError> {
        let path = self.dir.join(format!("{name}.json"));
        let tmp = self.dir.join(format!(".{name}.json.tmp"));
        let bytes = serde_json::to_vec(statements).map_err(|e| XapiError::Outbox {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        (|| -> std::io::Result<()> {
            let mut f = File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            fs::rename(&tmp, &path)?;
            // The rename itself must survive a power cut: sync the folder (a no-op on Windows).
            if let Ok(d) = File::open(&self.dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })()
        .map_err(io_err(&path))?;
        Ok(path)
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
    pub fn flush(&self, lrs: &Lrs) -> Flushed {
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
            let batch: Vec<Value> = match fs::read(path)
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
            {
                Some(b) => b,
                None => {
                    self.reject(
                        path,
                        &stem,
                        0,
                        "the queued file is not a JSON array of statements",
                    );
                    out.rejected.push((
                        stem,
                        0,
                        "the queued file is not a JSON array of statements".into(),
                    ));
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

    fn reject(&self, path: &Path, stem: &str, status: u16, reason: &str) {
        let dir = self.dir.join("rejected");
        if fs::create_dir_all(&dir).is_ok()
            && fs::rename(path, dir.join(format!("{stem}.json"))).is_ok()
        {
            let _ = fs::write(
                dir.join(format!("{stem}.reason.txt")),
                format!("HTTP {status}\n{reason}\n"),
            );
        }
    }
}
