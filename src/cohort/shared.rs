//! The cases of a `--cases` folder shared by the threads of a cohort command: loaded on first
//! use (once, under a lock) and handed out as `Arc`s, so each log's worker finds its case
//! without the whole shelf being loaded up front.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use crate::log::Session;
use crate::rubric::ScoreReport;
use crate::scenario::LoadedCase;

use super::{CaseShelf, Refusal, Shelved};

/// A [`CaseShelf`] behind a lock, for many threads.
#[derive(Debug)]
pub struct SharedShelf {
    shelf: Mutex<CaseShelf>,
}

impl SharedShelf {
    pub fn new(shelf: CaseShelf) -> SharedShelf {
        SharedShelf {
            shelf: Mutex::new(shelf),
        }
    }

    /// As [`CaseShelf::load`], cloned out of the lock.
    pub fn load(&self, id: &str) -> Option<Shelved> {
        // A worker that panicked left the shelf as it was (loading is all or nothing).
        let mut s = self.shelf.lock().unwrap_or_else(PoisonError::into_inner);
        s.load(id).cloned()
    }

    /// As [`CaseShelf::get`].
    pub fn get(&self, id: &str, path: &Path) -> Result<Arc<LoadedCase>, Refusal> {
        let mut s = self.shelf.lock().unwrap_or_else(PoisonError::into_inner);
        s.get(id, path)
    }
}

impl SharedShelf {
    /// As [`CaseShelf::verdict_skimmed`]: the verdict of a log read as a stream.
    pub fn verdict_skimmed(
        &self,
        path: &Path,
        s: &crate::log::Skim,
    ) -> Result<ScoreReport, String> {
        let loaded = self
            .get(&s.header.scenario_id, path)
            .map_err(|e| format!("{e}: the verdict cannot be re-derived, so it is not sent"))?;
        crate::verdict::derive_skimmed(&loaded.case, path, s)
            .map(|d| d.rescored.report)
            .map_err(|e| e.to_string())
    }
}

/// The CLI's verdicts from any thread: as the [`CaseShelf`]'s.
impl crate::xapi::Verdicts for &SharedShelf {
    fn verdict(&mut self, path: &Path, session: &Session) -> Result<ScoreReport, String> {
        let loaded = self
            .get(&session.header.scenario_id, path)
            .map_err(|e| format!("{e}: the verdict cannot be re-derived, so it is not sent"))?;
        crate::verdict::report_of(&loaded.case, path, session)
    }
}
