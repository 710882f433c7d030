//! The cases on offer, their texts in the chosen language, and the unfinished sessions on disk.

use std::path::{Path, PathBuf};

use bevy::prelude::*;

use crate::i18n::{Locale, Texts};
use crate::log::{self, LogError};
use crate::report::ui_sources;
use crate::scenario::{LoadedCase, find_cases, load_case};

/// Every case that loaded, and the problems of those that did not (shown in the library, so an
/// instructor editing a case sees why it vanished).
#[derive(Resource, Default)]
pub struct Catalog {
    pub cases: Vec<LoadedCase>,
    pub problems: Vec<String>,
}

impl Catalog {
    /// Loads every case at or below `dir`.
    pub fn load(dir: &Path) -> Catalog {
        let mut cat = Catalog::default();
        for d in find_cases(dir) {
            match load_case(&d) {
                Ok(c) => cat.cases.push(c),
                Err(diags) => cat
                    .problems
                    .extend(diags.iter().take(5).map(ToString::to_string)),
            }
        }
        cat
    }

    /// Index of a case by its id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.cases.iter().position(|c| c.case.scenario.id == id)
    }
}

/// The interface language and every text in it: the program's own messages, and each case's.
#[derive(Resource)]
pub struct Lang {
    pub locale: Locale,
    /// Program texts (with the shared case texts of the first case, for area names).
    pub ui: Texts,
    /// Per case (same order as `Catalog::cases`): program texts underneath the case's own.
    pub cases: Vec<Texts>,
}

impl Lang {
    pub fn new(locale: Locale, catalog: &Catalog) -> Lang {
        let sources = ui_sources();
        let ui = match catalog.cases.first() {
            Some(c) => c.texts(locale, &sources),
            None => Texts::new(locale, |l| sources.get(&l).cloned().unwrap_or_default()),
        };
        Lang {
            locale,
            ui,
            cases: catalog
                .cases
                .iter()
                .map(|c| c.texts(locale, &sources))
                .collect(),
        }
    }

    /// Texts for a case (falls back to the program texts for an unknown index).
    pub fn case(&self, i: usize) -> &Texts {
        self.cases.get(i).unwrap_or(&self.ui)
    }

    /// Every message id asked for that no bundle had.
    pub fn missing(&self) -> Vec<String> {
        let mut all = self.ui.missing();
        for t in &self.cases {
            all.extend(t.missing());
        }
        all.sort();
        all.dedup();
        all
    }
}

/// A session log without a score line: the trainee can pick it up again.
#[derive(Debug, Clone)]
pub struct Unfinished {
    pub path: PathBuf,
    pub case_id: String,
    pub trainee: String,
    pub started_ms: u64,
    /// Simulated time of the last record.
    pub t: u64,
    /// Why it cannot be resumed, if it cannot.
    pub problem: Option<LogError>,
}

/// Unfinished sessions found in the log folder, newest first.
#[derive(Resource, Default)]
pub struct UnfinishedLogs(pub Vec<Unfinished>);

/// The folder session logs are written to.
pub fn logs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// The session logs (`*.jsonl`) in the log folder, in no particular order.
pub fn log_files(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(logs_dir(data_dir)) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        // Regular files only (symlinks followed): a FIFO named *.jsonl would block the reader.
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl") && p.is_file())
        .collect()
}

/// Scans the log folder for sessions that have no score line yet.
pub fn scan_unfinished(data_dir: &Path) -> Vec<Unfinished> {
    let mut out: Vec<Unfinished> = log_files(data_dir)
        .into_iter()
        .filter_map(|path| match log::read(&path) {
            Ok(s) if s.score.is_none() => Some(Unfinished {
                case_id: s.header.scenario_id.clone(),
                trainee: s.header.trainee.clone(),
                started_ms: s.header.started_ms,
                t: s.records.last().map_or(0, |r| r.t()),
                problem: None,
                path,
            }),
            Ok(_) => None,
            Err(e) => Some(Unfinished {
                path,
                case_id: String::new(),
                trainee: String::new(),
                started_ms: 0,
                t: 0,
                problem: Some(e),
            }),
        })
        .collect();
    out.sort_by(|a, b| b.started_ms.cmp(&a.started_ms).then(a.path.cmp(&b.path)));
    out
}
