//! The Review screen's logic, without drawing: the logs folder, the log under review (verified
//! first), the replay at the scrubber's moment, and playing it forward.
//!
//! Everything clinical comes from [`crate::review`]: this only keeps the chosen moment and the
//! simulation for it, so the screen can draw the monitor, trends and feed as they were. A log's
//! score is the one re-derived against the library's case, and a log whose score line disagrees
//! with it is listed and opened as untrusted ([`review::check_verdict`]).

use std::path::{Path, PathBuf};

use bevy::prelude::*;

use super::catalog::{Catalog, log_files};
use super::monitor::Monitor;
use super::state::{Screen, Settings};
use crate::log::LogError;
use crate::review::{self, Replay, Reviewed};
use crate::session::RescoreError;
use crate::sim::Simulation;

/// The fill of the banner that marks a log untrusted (the screenshot tests look for it).
pub const UNTRUSTED_FILL: [u8; 3] = [70, 0, 0];

/// A log in the logs folder, as listed on the Review screen.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub path: PathBuf,
    pub case_id: String,
    pub trainee: String,
    pub started_ms: u64,
    /// Score percentage and pass, when the session ended: re-derived against the library's
    /// case when it is there (the logged one otherwise).
    pub score: Option<(u32, bool)>,
    pub verified: bool,
    /// Why the file could not be opened at all.
    pub problem: Option<LogError>,
}

/// Which half of an open log is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewTab {
    #[default]
    Replay,
    Debrief,
}

/// How fast the replay plays: simulated seconds per real second.
pub const PLAY_SPEEDS: [u32; 3] = [1, 16, 60];

/// Why an open log cannot be replayed.
#[derive(Debug, Clone, PartialEq)]
pub enum NoReplay {
    /// No case with this id is in the library.
    NotInLibrary(String),
    /// The library's case cannot replay it (as `bedside rescore` would refuse it).
    Refused(RescoreError),
}

impl NoReplay {
    /// In the reader's language.
    pub fn text(&self, t: &crate::i18n::Texts) -> String {
        match self {
            NoReplay::NotInLibrary(case) => t.with(
                "review-no-replay-not-in-library",
                &[("case", case.as_str().into())],
            ),
            NoReplay::Refused(RescoreError::OtherCase {
                found, expected, ..
            }) => t.with(
                "review-no-replay-other-case",
                &[
                    ("found", found.as_str().into()),
                    ("expected", expected.as_str().into()),
                ],
            ),
            NoReplay::Refused(RescoreError::MissingAction { line, action, .. }) => t.with(
                "review-no-replay-missing-action",
                &[
                    ("line", line.to_string().into()),
                    ("action", action.as_str().into()),
                ],
            ),
        }
    }
}

/// A log open for review.
pub struct OpenLog {
    pub log: Reviewed,
    /// Index into `Catalog::cases`, when the case is in the library.
    pub case: Option<usize>,
    pub replay: Option<Replay>,
    /// Why there is no replay (the case is missing, or cannot replay this log).
    pub no_replay: Option<NoReplay>,
    /// The scrubber's moment (simulated seconds).
    pub at: u64,
    /// The session as it was at `at`.
    pub sim: Option<Simulation>,
    pub monitor: Monitor,
    /// Playing forward at this many simulated seconds per real second.
    pub playing: Option<u32>,
    carry: f64,
    pub tab: ReviewTab,
}

impl OpenLog {
    /// Moves the scrubber to `t` (clamped to the replay's end).
    pub fn seek(&mut self, t: u64) {
        let Some(replay) = &self.replay else { return };
        let t = t.min(replay.end);
        match &mut self.sim {
            Some(sim) => replay.advance(sim, t),
            None => self.sim = Some(replay.at(t)),
        }
        self.at = t;
    }

    /// Jumps to `t`: the monitor's traces start afresh at the heart rate of that moment.
    pub fn jump(&mut self, t: u64) {
        self.seek(t);
        self.monitor = Monitor::default();
        self.animate(0.0);
    }

    fn animate(&mut self, dt: f64) {
        if let Some(sim) = &self.sim {
            let hr = sim.value("hr").unwrap_or(0.0);
            let perfused = sim.value("sbp").unwrap_or(0.0) > 40.0;
            self.monitor.advance(dt, hr, perfused);
        }
    }
}

/// The Review screen's state.
#[derive(Resource, Default)]
pub struct ReviewState {
    pub logs: Vec<LogEntry>,
    /// The path typed into "open a file".
    pub path_input: String,
    pub open: Option<OpenLog>,
    /// Why the last log could not be opened.
    pub error: Option<LogError>,
}

/// Show the Review screen's list of logs (rescanning the folder).
#[derive(Message, Debug, Clone)]
pub struct ReviewLogs;
/// Open a log for review.
#[derive(Message, Debug, Clone)]
pub struct OpenReview(pub PathBuf);
/// Move the scrubber.
#[derive(Message, Debug, Clone, Copy)]
pub struct SeekReview(pub u64);
/// Play the replay forward at this speed, or stop (`None`).
#[derive(Message, Debug, Clone, Copy)]
pub struct PlayReview(pub Option<u32>);
/// Close the log, back to the list.
#[derive(Message, Debug, Clone, Copy)]
pub struct CloseReview;

/// The Review screen's logic; with `--review LOG` (`at_startup`), the app opens on that log.
pub struct ReviewPlugin {
    pub at_startup: Option<PathBuf>,
}

impl Plugin for ReviewPlugin {
    fn build(&self, app: &mut App) {
        plugin(app);
        if let Some(log) = self.at_startup.clone() {
            app.insert_resource(ReviewAtStartup(log))
                .add_systems(Startup, open_at_startup);
        }
    }
}

fn plugin(app: &mut App) {
    app.init_resource::<ReviewState>()
        .add_message::<ReviewLogs>()
        .add_message::<OpenReview>()
        .add_message::<SeekReview>()
        .add_message::<PlayReview>()
        .add_message::<CloseReview>()
        .add_systems(
            Update,
            (
                review_logs,
                open_review,
                close_review,
                seek,
                play_control,
                play.run_if(in_state(Screen::Review)),
            )
                .chain(),
        );
}

/// Every `.jsonl` in the logs folder, newest first, each verdict re-derived against its case in
/// `catalog` when it is there.
pub fn scan_logs(data_dir: &Path, catalog: &Catalog) -> Vec<LogEntry> {
    let mut out: Vec<LogEntry> = log_files(data_dir)
        .into_iter()
        .map(|path| match review::open(&path) {
            Ok(mut r) => {
                let derived = catalog
                    .index_of(&r.header.scenario_id)
                    .and_then(|i| review::check_verdict(&mut r, &catalog.cases[i].case));
                LogEntry {
                    case_id: r.header.scenario_id.clone(),
                    trainee: r.header.trainee.clone(),
                    started_ms: r.header.started_ms,
                    score: derived
                        .as_ref()
                        .or(r.score.as_ref())
                        .map(|s| (s.percent, s.passed)),
                    verified: r.trust.is_verified(),
                    problem: None,
                    path,
                }
            }
            Err(e) => LogEntry {
                path,
                case_id: String::new(),
                trainee: String::new(),
                started_ms: 0,
                score: None,
                verified: false,
                problem: Some(e),
            },
        })
        .collect();
    out.sort_by(|a, b| b.started_ms.cmp(&a.started_ms).then(a.path.cmp(&b.path)));
    out
}

/// Opens a log: verify, read, and prepare the replay against the library's case.
pub fn open_log(path: &Path, catalog: &Catalog) -> Result<OpenLog, LogError> {
    let mut log = review::open(path)?;
    let case = catalog.index_of(&log.header.scenario_id);
    if let Some(i) = case {
        review::check_verdict(&mut log, &catalog.cases[i].case);
    }
    let (replay, no_replay) = match case {
        Some(i) => match Replay::new(std::sync::Arc::clone(&catalog.cases[i].case), &log) {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(NoReplay::Refused(e))),
        },
        None => (
            None,
            Some(NoReplay::NotInLibrary(log.header.scenario_id.clone())),
        ),
    };
    let mut open = OpenLog {
        log,
        case,
        replay,
        no_replay,
        at: 0,
        sim: None,
        monitor: Monitor::default(),
        playing: None,
        carry: 0.0,
        tab: ReviewTab::Replay,
    };
    open.jump(0);
    Ok(open)
}

fn review_logs(
    mut msgs: MessageReader<ReviewLogs>,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    mut state: ResMut<ReviewState>,
    mut next: ResMut<NextState<Screen>>,
) {
    if msgs.read().last().is_none() {
        return;
    }
    state.logs = scan_logs(&settings.data_dir, &catalog);
    state.open = None;
    state.error = None;
    NextState::set_if_neq(&mut next, Screen::Review);
}

/// `--review LOG`: the app starts on the Review screen with that log open (or the reason it
/// cannot be opened).
#[derive(Resource, Debug, Clone)]
pub struct ReviewAtStartup(pub PathBuf);

fn open_at_startup(
    request: Res<ReviewAtStartup>,
    catalog: Res<Catalog>,
    settings: Res<Settings>,
    mut state: ResMut<ReviewState>,
    mut next: ResMut<NextState<Screen>>,
) {
    state.logs = scan_logs(&settings.data_dir, &catalog);
    match open_log(&request.0, &catalog) {
        Ok(open) => state.open = Some(open),
        Err(e) => state.error = Some(e),
    }
    next.set(Screen::Review);
}

fn open_review(
    mut msgs: MessageReader<OpenReview>,
    catalog: Res<Catalog>,
    mut state: ResMut<ReviewState>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(OpenReview(path)) = msgs.read().last() else {
        return;
    };
    match open_log(path, &catalog) {
        Ok(open) => {
            state.open = Some(open);
            state.error = None;
        }
        Err(e) => state.error = Some(e),
    }
    NextState::set_if_neq(&mut next, Screen::Review);
}

fn close_review(
    mut msgs: MessageReader<CloseReview>,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    mut state: ResMut<ReviewState>,
) {
    if msgs.read().last().is_none() {
        return;
    }
    state.open = None;
    state.logs = scan_logs(&settings.data_dir, &catalog);
}

fn seek(mut msgs: MessageReader<SeekReview>, mut state: ResMut<ReviewState>) {
    let Some(SeekReview(t)) = msgs.read().last() else {
        return;
    };
    if let Some(open) = &mut state.open {
        open.playing = None;
        open.jump(*t);
    }
}

fn play_control(mut msgs: MessageReader<PlayReview>, mut state: ResMut<ReviewState>) {
    let Some(PlayReview(speed)) = msgs.read().last() else {
        return;
    };
    if let Some(open) = &mut state.open {
        // Playing from the end starts again from the beginning.
        if speed.is_some() && open.replay.as_ref().is_some_and(|r| open.at >= r.end) {
            open.jump(0);
        }
        open.playing = *speed;
        open.carry = 0.0;
    }
}

/// Plays the replay forward in real time at the chosen speed; stops at the end.
fn play(time: Res<Time<Real>>, mut state: ResMut<ReviewState>) {
    let Some(open) = &mut state.open else { return };
    let (Some(speed), Some(end)) = (open.playing, open.replay.as_ref().map(|r| r.end)) else {
        return;
    };
    // Never more than a second's worth at once: a stalled frame must not jump the replay.
    open.carry += time.delta_secs_f64().min(1.0) * f64::from(speed);
    let whole = open.carry.floor();
    open.carry -= whole;
    if whole >= 1.0 {
        let t = open.at + whole as u64;
        open.seek(t);
    }
    open.animate(time.delta_secs_f64());
    if open.at >= end {
        open.playing = None;
    }
}
