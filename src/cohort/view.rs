//! Sessions gathered for a cohort report: each log verified, re-scored against the current case
//! and re-simulated for its vital-sign course. The verdict is re-derived (`crate::verdict`): a
//! log whose score line was altered is refused with the reason and left out of the figures.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::log::{self, Header};
use crate::rubric::ScoreReport;
use crate::scenario::LoadedCase;
use crate::sim::{Record, Simulation};

use super::{CaseShelf, Refusal, is_large, par_map};

/// Monitored vital signs a timeline shows, in this order, when the case has them.
pub const TIMELINE_VARS: [&str; 5] = ["hr", "map", "rr", "spo2", "temp"];

/// Most points kept per vital sign (the chart is 900 pixels wide).
const MAX_POINTS: usize = 450;

/// Most decisions, refusals and state changes a large log's page lists (the rest are counted).
pub const MAX_MARKS: usize = 2000;

/// One session of a cohort, ready to report.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub path: PathBuf,
    pub header: Header,
    /// SHA-256 of the log's last line.
    pub last_hash: String,
    pub loaded: Arc<LoadedCase>,
    /// The score against the current case (identical to the logged one unless the case changed).
    pub report: ScoreReport,
    /// Whether the log has its score line (the session ended).
    pub finished: bool,
    pub case_changed: bool,
    /// The logged score (`Some`, as a percentage) differs from `report`: the case or the
    /// program changed since the session (with the same rules, the log would be refused).
    pub logged_differs: Option<u32>,
    /// Decisions, refused orders and state changes, as logged (of a large log, the first
    /// [`MAX_MARKS`]).
    pub marks: Vec<Record>,
    /// How many more a large log has than `marks` lists.
    pub more_marks: usize,
    /// Simulated time of the last record.
    pub end: u64,
    /// (variable index, thinned (t, displayed value) points) for [`TIMELINE_VARS`].
    pub vitals: Vec<(usize, Vec<(u64, f32)>)>,
}

/// Reads, re-scores and re-simulates logs (cases found on `shelf`), on every core. Refused logs
/// are returned apart, with the reason; the others keep the order of `paths`.
pub fn gather(
    shelf: &mut CaseShelf,
    paths: &[PathBuf],
    progress: impl Fn() + Sync,
) -> (Vec<SessionView>, Vec<Refusal>) {
    let mut refused = Vec::new();
    let mut work = Vec::new();
    for p in paths {
        // Read as a stream, keeping what a replay reads and the state changes (the timeline's
        // marks); the rest of the log is compared with the replay on a second streamed read.
        let s = match skim_for_view(p) {
            Ok(s) => s,
            Err(e) => {
                refused.push(Refusal::Log(e));
                progress();
                continue;
            }
        };
        match shelf.get(&s.header.scenario_id, p) {
            Ok(l) => work.push((p.clone(), s, l)),
            Err(e) => {
                refused.push(e);
                progress();
            }
        }
    }
    let done = par_map(&work, |(p, s, l)| view(p, s, l), progress);
    let mut views = Vec::new();
    for r in done {
        match r {
            Ok(v) => views.push(v),
            Err(e) => refused.push(e),
        }
    }
    (views, refused)
}

/// Reads and verifies a log for [`view`]: keeping what a replay reads and the state changes
/// (the timeline's marks), or, for a large log, nothing (the view reads it again as a stream).
pub fn skim_for_view(path: &Path) -> Result<log::Skim, log::LogError> {
    if is_large(path) {
        log::skim_bare(path)
    } else {
        log::skim_keeping(path, |r| matches!(r, Record::State { .. }))
    }
}

/// One session, ready to report: verified, re-scored against `loaded` and re-simulated. `s` is
/// from [`skim_for_view`].
pub fn view(path: &Path, s: &log::Skim, loaded: &Arc<LoadedCase>) -> Result<SessionView, Refusal> {
    let case = &loaded.case;
    let d = crate::verdict::derive_skimmed(case, path, s)?;
    let logged_differs = d
        .logged
        .as_ref()
        .filter(|_| d.differs_after_change)
        .map(|l| l.percent);
    let r = d.rescored;
    let (marks, more_marks, vitals) = if is_large(path) {
        course_streamed(case, path, s)?
    } else {
        course(case, s)
    };
    Ok(SessionView {
        path: path.to_path_buf(),
        header: s.header.clone(),
        last_hash: s.last_hash.clone(),
        loaded: Arc::clone(loaded),
        report: r.report,
        finished: s.score.is_some(),
        case_changed: r.case_changed,
        logged_differs,
        marks,
        more_marks,
        end: s.last_t,
        vitals,
    })
}

type Vitals = Vec<(usize, Vec<(u64, f32)>)>;

/// Whether a record is one of a page's marks.
fn is_mark(r: &Record) -> bool {
    matches!(
        r,
        Record::Decision { .. } | Record::Refused { .. } | Record::State { .. }
    )
}

/// A log's marks and vital-sign course from its kept records: every tick of the replay,
/// thinned to [`MAX_POINTS`].
fn course(case: &Arc<crate::scenario::Case>, s: &log::Skim) -> (Vec<Record>, usize, Vitals) {
    let sim = Simulation::replay(Arc::clone(case), s.header.seed, &s.kept);
    let end = s.last_t;
    let vitals = TIMELINE_VARS
        .iter()
        .filter_map(|id| case.var(id))
        .map(|v| {
            let traj = sim.trajectory();
            let upto: Vec<&(u64, Vec<f32>)> = traj.iter().filter(|(t, _)| *t <= end).collect();
            let stride = upto.len().div_ceil(MAX_POINTS).max(1);
            let pts = upto
                .iter()
                .enumerate()
                .filter(|(k, _)| k % stride == 0 || k + 1 == upto.len())
                .map(|(_, (t, vals))| (*t, vals[v]))
                .collect();
            (v, pts)
        })
        .collect();
    let marks = s.kept.iter().filter(|r| is_mark(r)).cloned().collect();
    (marks, 0, vitals)
}

/// [`course`] of a large log, read again as a stream beside a replay that keeps neither its
/// records nor every tick: the monitor is read on a grid of [`MAX_POINTS`] times over the
/// session (advancing in steps changes nothing in a simulation), and the first [`MAX_MARKS`]
/// marks are kept, the rest counted. Memory does not grow with the log.
fn course_streamed(
    case: &Arc<crate::scenario::Case>,
    path: &Path,
    s: &log::Skim,
) -> Result<(Vec<Record>, usize, Vitals), Refusal> {
    let vars: Vec<usize> = TIMELINE_VARS.iter().filter_map(|id| case.var(id)).collect();
    let end = s.last_t;
    let step = (end / MAX_POINTS as u64).max(1);
    let mut sim = Simulation::new(Arc::clone(case), s.header.seed).without_trajectory();
    let mut points: Vec<Vec<(u64, f32)>> = vec![Vec::new(); vars.len()];
    let mut next = 0;
    // Reads the monitor at every grid time up to `t` (and the session's end).
    let mut sample_to = |sim: &mut Simulation, t: u64| {
        while next <= t.min(end) && !sim.is_over() {
            sim.advance_to(next);
            sim.drain_records().for_each(drop);
            let shown = sim.shown();
            for (k, &v) in vars.iter().enumerate() {
                points[k].push((sim.now(), shown[v] as f32));
            }
            next = next.saturating_add(step);
        }
    };
    let mut marks = Vec::new();
    let mut more = 0;
    for r in log::skim_records(path, s)? {
        let (_, _, r) = r?;
        if log::replays(&r) {
            sample_to(&mut sim, r.t());
            sim.replay_one(&r);
            sim.drain_records().for_each(drop);
        }
        if is_mark(&r) {
            if marks.len() < MAX_MARKS {
                marks.push(r);
            } else {
                more += 1;
            }
        }
    }
    sample_to(&mut sim, end);
    Ok((marks, more, vars.into_iter().zip(points).collect()))
}
