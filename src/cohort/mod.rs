//! Cohorts of decision logs, for assessors: re-scoring many logs against a revised case (what
//! changed, per trainee and per criterion), and gathering the sessions a cohort report shows.
//!
//! An assessor works on dozens to thousands of logs at once, so the work is spread over the
//! machine's cores and reports progress through a callback (the CLI draws a bar; the app may
//! show its own). Nothing here prints: results and refusals are returned for the caller to show.

pub mod csv;
pub mod hospital;
pub mod html;
pub mod inputs;
pub mod lrs;
pub mod output;
pub mod paged;
mod shared;
pub mod stream;
mod svg;
pub mod view;

pub use shared::SharedShelf;
pub use svg::esc;
pub use view::{SessionView, gather};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::log::{self, LogError};
use crate::rubric::{ScoreReport, Status};
use crate::scenario::{Case, Diagnostic, LoadedCase, find_cases, load_case};
use crate::session::{RescoreError, Rescored};

/// Why a log was left out of a cohort operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The log cannot be read or its hash chain is broken.
    #[error(transparent)]
    Log(#[from] LogError),
    /// The case cannot replay the log's decisions (another case, or an action that is gone).
    #[error(transparent)]
    Rescore(#[from] RescoreError),
    /// No case with the log's id under the cases folder.
    #[error("{path}: no case '{id}' under {dir} (give the folder of cases with --cases)")]
    UnknownCase {
        path: PathBuf,
        id: String,
        dir: PathBuf,
    },
    /// The case exists but does not validate.
    #[error("{path}: case '{id}' does not validate: {problems}")]
    InvalidCase {
        path: PathBuf,
        id: String,
        problems: String,
    },
}

impl From<crate::verdict::DeriveError> for Refusal {
    fn from(e: crate::verdict::DeriveError) -> Refusal {
        match e {
            crate::verdict::DeriveError::Log(e) => Refusal::Log(e),
            crate::verdict::DeriveError::Rescore(e) => Refusal::Rescore(e),
        }
    }
}

/// One criterion whose result differs between the logged score and the re-score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionChange {
    pub id: String,
    /// Status and points earned in the logged score (`None`: the criterion is new).
    pub before: Option<(Status, u32)>,
    /// Status and points earned now (`None`: the criterion was removed).
    pub after: Option<(Status, u32)>,
}

/// A log re-scored against a (possibly revised) case.
#[derive(Debug, Clone, Serialize)]
pub struct RescoredLog {
    pub path: PathBuf,
    pub trainee: String,
    /// Session start, ms since the Unix epoch.
    pub started_ms: u64,
    /// SHA-256 of the log's last line.
    pub last_hash: String,
    /// The score written in the log when the session ended (`None` if it never ended).
    pub before: Option<ScoreReport>,
    pub after: ScoreReport,
    /// The case's files differ from those the session was played with.
    pub case_changed: bool,
    /// Criteria whose status or points changed (empty when `before` is `None`).
    pub changes: Vec<CriterionChange>,
}

impl RescoredLog {
    /// Whether the percentage or the verdict differs from the logged score.
    pub fn score_changed(&self) -> bool {
        self.before.as_ref().is_some_and(|b| {
            b.percent != self.after.percent
                || b.passed != self.after.passed
                || b.earned != self.after.earned
                || b.available != self.after.available
        })
    }
}

/// Criteria whose status or earned points differ, in the order of the new rubric, then removed ones.
pub fn criterion_changes(before: &ScoreReport, after: &ScoreReport) -> Vec<CriterionChange> {
    let key = |r: &ScoreReport, id: &str| {
        r.criteria
            .iter()
            .find(|c| c.id == id)
            .map(|c| (c.status, c.earned))
    };
    let mut out: Vec<CriterionChange> = after
        .criteria
        .iter()
        .filter_map(|c| {
            let b = key(before, &c.id);
            let a = Some((c.status, c.earned));
            (b != a).then(|| CriterionChange {
                id: c.id.clone(),
                before: b,
                after: a,
            })
        })
        .collect();
    out.extend(
        before
            .criteria
            .iter()
            .filter(|c| key(after, &c.id).is_none())
            .map(|c| CriterionChange {
                id: c.id.clone(),
                before: Some((c.status, c.earned)),
                after: None,
            }),
    );
    out
}

/// Logs larger than this are re-scored as streams (`verdict::rescore_skimmed`: memory that does
/// not grow with the log, for a second reading); smaller ones are read whole, once, which is
/// quicker. Both give the same result (tests/engine/verdict.rs).
pub const STREAM_ABOVE: u64 = 8 << 20;

/// Whether the log at `path` is larger than [`STREAM_ABOVE`]: read as a stream, twice, rather
/// than whole and once.
pub fn is_large(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > STREAM_ABOVE)
}

/// Reads, verifies and re-scores one log against `case`.
pub fn rescore_log(case: &Arc<Case>, path: &Path) -> Result<RescoredLog, Refusal> {
    rescore_log_as(case, path, is_large(path))
}

/// [`rescore_log`], read as a stream or whole as asked (public for the tests that hold the two
/// to the same result).
#[doc(hidden)]
pub fn rescore_log_as(case: &Arc<Case>, path: &Path, stream: bool) -> Result<RescoredLog, Refusal> {
    // Derived as every verdict is: under the session's own rules (the case and the program
    // unchanged) a score line that is not the re-score's is an altered one, refused at its line,
    // never shown as the "before" of a change.
    if stream {
        let s = log::skim_bare(path)?;
        let d = crate::verdict::derive_skimmed(case, path, &s)?;
        return Ok(rescored_log(
            path,
            s.header,
            s.last_hash,
            d.logged,
            d.rescored,
        ));
    }
    let s = log::read(path)?;
    let d = crate::verdict::derive(case, path, &s)?;
    Ok(rescored_log(
        path,
        s.header,
        s.last_hash,
        d.logged,
        d.rescored,
    ))
}

fn rescored_log(
    path: &Path,
    header: log::Header,
    last_hash: String,
    before: Option<ScoreReport>,
    r: Rescored,
) -> RescoredLog {
    let changes = before
        .as_ref()
        .map(|b| criterion_changes(b, &r.report))
        .unwrap_or_default();
    RescoredLog {
        path: path.to_path_buf(),
        trainee: header.trainee,
        started_ms: header.started_ms,
        last_hash,
        before,
        after: r.report,
        case_changed: r.case_changed,
        changes,
    }
}

/// Runs `f` over `items` on every core (rayon's threads), keeping the input order in the
/// output, and calls `progress` once per finished item (from any thread).
pub fn par_map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    progress: impl Fn() + Sync,
) -> Vec<R> {
    use rayon::prelude::*;
    items
        .par_iter()
        .map(|x| {
            let r = f(x);
            progress();
            r
        })
        .collect()
}

/// Re-scores many logs against one case, on every core. Results keep the order of `paths`.
pub fn rescore_all(
    case: &Arc<Case>,
    paths: &[PathBuf],
    progress: impl Fn() + Sync,
) -> Vec<Result<RescoredLog, Refusal>> {
    par_map(paths, |p| rescore_log(case, p), progress)
}

/// A case as the shelf loaded it: the case, or the problems that keep it from validating.
pub type Shelved = Result<Arc<LoadedCase>, Vec<Diagnostic>>;

/// The cases of a folder, loaded on first use and looked up by id.
#[derive(Debug)]
pub struct CaseShelf {
    dir: PathBuf,
    index: Vec<(String, PathBuf)>,
    loaded: Vec<(String, Shelved)>,
}

impl CaseShelf {
    /// Indexes the cases under `dir` by id (reading only their ids).
    pub fn open(dir: &Path) -> CaseShelf {
        let index = find_cases(dir)
            .into_iter()
            .filter_map(|d| {
                let src = crate::files::read_text(&d.join("scenario.ron")).ok()?;
                let s: crate::scenario::model::Scenario =
                    crate::scenario::load::parse_ron(&d, &src).ok()?;
                Some((s.id, d))
            })
            .collect();
        CaseShelf {
            dir: dir.to_path_buf(),
            index,
            loaded: Vec::new(),
        }
    }

    /// A shelf holding one already loaded case.
    pub fn with(loaded: LoadedCase) -> CaseShelf {
        let id = loaded.case.scenario.id.clone();
        CaseShelf {
            dir: loaded.dir.clone(),
            index: vec![(id.clone(), loaded.dir.clone())],
            loaded: vec![(id, Ok(Arc::new(loaded)))],
        }
    }

    /// The case with this id, loaded on first use: `None` when no case under the folder has this
    /// id, else the case or the problems that keep it from validating.
    pub fn load(&mut self, id: &str) -> Option<&Shelved> {
        if !self.loaded.iter().any(|(k, _)| k == id) {
            let (_, dir) = self.index.iter().find(|(k, _)| k == id)?;
            let r = load_case(dir).map(Arc::new);
            self.loaded.push((id.to_string(), r));
        }
        self.loaded.iter().find(|(k, _)| k == id).map(|(_, r)| r)
    }

    /// The case with this id, for the log at `path` (which names it in errors).
    pub fn get(&mut self, id: &str, path: &Path) -> Result<Arc<LoadedCase>, Refusal> {
        match self.load(id) {
            Some(Ok(case)) => Ok(Arc::clone(case)),
            Some(Err(d)) => Err(Refusal::InvalidCase {
                path: path.to_path_buf(),
                id: id.to_string(),
                problems: d
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            }),
            None => Err(Refusal::UnknownCase {
                path: path.to_path_buf(),
                id: id.to_string(),
                dir: self.dir.clone(),
            }),
        }
    }
}

/// Per-criterion tally over a cohort: how many sessions met it, out of those where it applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionTally {
    pub case_id: String,
    pub id: String,
    pub weight: crate::scenario::model::Weight,
    pub met: usize,
    pub missed: usize,
    pub harmful: usize,
    pub not_applicable: usize,
}

impl CriterionTally {
    /// Sessions in which the criterion applied.
    pub fn applicable(&self) -> usize {
        self.met + self.missed + self.harmful
    }

    /// Met / applicable, in percent (None when it never applied).
    pub fn pass_rate(&self) -> Option<f64> {
        let n = self.applicable();
        (n > 0).then(|| self.met as f64 * 100.0 / n as f64)
    }
}

/// Tallies criteria over score reports, in the order they are first met (case, then rubric order).
pub fn tally<'a>(reports: impl IntoIterator<Item = &'a ScoreReport>) -> Vec<CriterionTally> {
    tally_entries(reports.into_iter().flat_map(|r| {
        r.criteria
            .iter()
            .map(|c| (r.case_id.as_str(), c.id.as_str(), c.weight, c.status))
    }))
}

/// Tallies (case id, criterion id, weight, status) entries, in the order first met: the one
/// counting behind [`tally`] and the report from the record store's.
pub fn tally_entries<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str, crate::scenario::model::Weight, Status)>,
) -> Vec<CriterionTally> {
    let mut out: Vec<CriterionTally> = Vec::new();
    for (case_id, id, weight, status) in entries {
        let i = match out.iter().position(|t| t.case_id == case_id && t.id == id) {
            Some(i) => i,
            None => {
                out.push(CriterionTally {
                    case_id: case_id.to_owned(),
                    id: id.to_owned(),
                    weight,
                    met: 0,
                    missed: 0,
                    harmful: 0,
                    not_applicable: 0,
                });
                out.len() - 1
            }
        };
        let t = &mut out[i];
        match status {
            Status::Met => t.met += 1,
            Status::Missed => t.missed += 1,
            Status::Harmful => t.harmful += 1,
            Status::NotApplicable => t.not_applicable += 1,
        }
    }
    out
}

/// Critical criteria a session missed or got harmfully wrong, by id.
pub fn critical_misses(r: &ScoreReport) -> Vec<&str> {
    r.criteria
        .iter()
        .filter(|c| {
            c.weight == crate::scenario::model::Weight::Critical
                && matches!(c.status, Status::Missed | Status::Harmful)
        })
        .map(|c| c.id.as_str())
        .collect()
}

/// UTC calendar date and time (`YYYY-MM-DD HH:MM`) of a time in ms since the Unix epoch.
pub fn utc_minute(ms: u64) -> String {
    let (y, mo, d, h, mi, _) = civil(ms / 1000);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
}

/// ISO 8601 timestamp (`YYYY-MM-DDTHH:MM:SS.mmmZ`) of a time in ms since the Unix epoch.
pub fn iso_timestamp(ms: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms / 1000);
    format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
        ms % 1000
    )
}

/// (year, month, day, hour, minute, second) in UTC (Howard Hinnant's days-to-civil algorithm).
fn civil(secs: u64) -> (i64, u32, u32, u32, u32, u32) {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00");
        assert_eq!(iso_timestamp(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(utc_minute(951_782_400_000), "2000-02-29 00:00");
    }

    #[test]
    fn par_map_keeps_the_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        let n = AtomicUsize::new(0);
        let out = par_map(
            &items,
            |x| x * 2,
            || {
                n.fetch_add(1, Ordering::Relaxed);
            },
        );
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(n.load(Ordering::Relaxed), 1000);
    }
}
