//! Instructor mode (`--instructor`): the open case's files are watched while it is played, and
//! every saved edit is applied without leaving the case screen.
//!
//! About once a second the modification times (and sizes) of `scenario.ron`, the case's
//! `locales/*.ftl`, the drug library it names and the shared locales beside that library are
//! compared with the last look. On a change the case is loaded again:
//! - if it has errors, they are kept in [`HotReload::errors`] (the case screen lists them) and
//!   the case that was running keeps running unchanged;
//! - if it loads, the session restarts on the new case with the same seed, the decisions made so
//!   far are replayed at their times where they still apply (an action that no longer exists or
//!   an order that no longer validates is skipped, and counted), and the clock is brought back to
//!   the same simulated time. The replay goes to a new log; the old log is left as it was.
//!
//! Polling with `std::fs::metadata` needs no watcher dependency and costs nothing measurable.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::catalog::{Catalog, Lang};
use super::state::{Active, Dialogs, Feedback, Screen, Settings};
use crate::log::{Clock, Syncing};
use crate::scenario::{LoadedCase, load_case};
use crate::session::{LiveSession, SessionError, SessionInfo};
use crate::sim::{Order, Record};

/// How often the files are looked at, in real seconds.
pub const POLL_SECS: f64 = 1.0;

/// What instructor mode knows about the open case's files. Present only with `--instructor`.
#[derive(Resource, Debug, Default)]
pub struct HotReload {
    /// The case folder being watched.
    watching: Option<PathBuf>,
    stamps: Vec<(PathBuf, Option<(SystemTime, u64)>)>,
    since: f64,
    /// The problems of the last failed load (`file:line:col: message`); empty when the files on
    /// disk are the case that runs.
    pub errors: Vec<String>,
    /// The last successful reload.
    pub last: Option<Reloaded>,
}

/// What a successful reload did with the decisions made so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reloaded {
    pub replayed: usize,
    /// Decisions whose action is gone or whose order no longer validates.
    pub skipped: usize,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<HotReload>()
        .add_systems(OnEnter(Screen::Case), |mut hr: ResMut<HotReload>| {
            *hr = HotReload::default();
        })
        .add_systems(
            Update,
            poll.run_if(in_state(Screen::Case).and_then(resource_exists::<Active>)),
        );
}

/// The files a case is made of, as far as editing it goes.
fn watched_files(loaded: &LoadedCase) -> Vec<PathBuf> {
    let dir = &loaded.dir;
    let lib = dir.join(&loaded.case.scenario.drug_library);
    let mut files = vec![dir.join("scenario.ron"), lib.clone()];
    let shared = lib.parent().unwrap_or(Path::new(".")).join("locales");
    for d in [dir.join("locales"), shared] {
        if let Ok(entries) = std::fs::read_dir(&d) {
            let mut ftl: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                .collect();
            ftl.sort();
            files.extend(ftl);
        }
    }
    files.dedup();
    files
}

fn stamps(files: Vec<PathBuf>) -> Vec<(PathBuf, Option<(SystemTime, u64)>)> {
    files
        .into_iter()
        .map(|p| {
            let s = std::fs::metadata(&p)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            (p, s)
        })
        .collect()
}

/// The cases and their texts, which a reload replaces together.
#[derive(SystemParam)]
struct Cases<'w> {
    catalog: ResMut<'w, Catalog>,
    lang: ResMut<'w, Lang>,
}

fn poll(
    time: Res<Time<Real>>,
    mut hr: ResMut<HotReload>,
    cases: Cases,
    mut active: ResMut<Active>,
    settings: Res<Settings>,
    mut dialogs: ResMut<Dialogs>,
    mut feedback: ResMut<Feedback>,
) {
    let Cases {
        mut catalog,
        mut lang,
    } = cases;
    let Some(loaded) = catalog.cases.get(active.case) else {
        return;
    };
    if hr.watching.as_ref() != Some(&loaded.dir) {
        hr.watching = Some(loaded.dir.clone());
        hr.stamps = stamps(watched_files(loaded));
        hr.since = 0.0;
        return;
    }
    hr.since += time.delta_secs_f64();
    if hr.since < POLL_SECS {
        return;
    }
    // A reload drops the session (which waits for its writer) and reads its log's header: look
    // again in a frame or two, once the session's lines are on disk, rather than block the
    // window on a slow disk.
    if active.session.unsaved_lines() > 0 {
        return;
    }
    hr.since = 0.0;
    let now = stamps(hr.stamps.iter().map(|(p, _)| p.clone()).collect());
    // A new locale file counts as a change too.
    let files = watched_files(loaded);
    if now == hr.stamps && files.len() == now.len() {
        return;
    }
    let dir = loaded.dir.clone();
    match load_case(&dir) {
        Err(diags) => {
            hr.stamps = stamps(files);
            hr.errors = diags.iter().map(ToString::to_string).collect();
        }
        Ok(new) => {
            hr.stamps = stamps(watched_files(&new));
            match restart(&active.session, &new, &settings, &lang) {
                Ok((session, done)) => {
                    active.session = session;
                    catalog.cases[active.case] = new;
                    *lang = Lang::new(lang.locale, &catalog);
                    dialogs.0 = None;
                    *feedback = Feedback::default();
                    hr.errors.clear();
                    hr.last = Some(done);
                }
                Err(e) => feedback.error = Some(e.to_string()),
            }
        }
    }
}

/// A new session on the reloaded case: same seed, the old decisions where they still apply, the
/// same simulated time, a new log.
fn restart(
    old: &LiveSession,
    new: &LoadedCase,
    settings: &Settings,
    lang: &Lang,
) -> Result<(LiveSession, Reloaded), SessionError> {
    let header = old
        .log_path()
        .and_then(|p| crate::log::read(p).ok())
        .map(|s| s.header);
    let trainee = match &header {
        Some(h) => h.trainee.clone(),
        None => settings.trainee_for_log(),
    };
    let info = SessionInfo {
        seed: old.sim.seed(),
        trainee,
        locale: lang.locale,
        clock: Clock::System,
    };
    let ms = Clock::System.wall_ms(0);
    let path = settings.new_log_path(&new.case.scenario.id, ms);
    // The new log is the same session's continuation: it keeps the hospital the old one named.
    let hospital = header.as_ref().and_then(|h| h.hospital.clone());
    let mut session = LiveSession::start_at(
        Arc::clone(&new.case),
        &info,
        hospital.as_deref(),
        Some(&path),
        Syncing::Background,
    )?;
    let decisions: Vec<(u64, &Order)> = old
        .sim
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Decision { t, order, .. } => Some((*t, order)),
            _ => None,
        })
        .collect();
    let mut done = Reloaded {
        replayed: 0,
        skipped: 0,
    };
    for (t, order) in decisions {
        if session.sim.is_over() || order.validate(&new.case).is_err() {
            done.skipped += 1;
            continue;
        }
        session.advance(t.saturating_sub(session.sim.now()))?;
        if session.sim.is_over() {
            done.skipped += 1;
            continue;
        }
        match session.apply(order) {
            Ok(_) => done.replayed += 1,
            Err(SessionError::Refused(_)) => done.skipped += 1,
            Err(e) => return Err(e),
        }
    }
    let until = old.sim.now();
    if !session.sim.is_over() {
        session.advance(until.saturating_sub(session.sim.now()))?;
        session.note_time()?;
    }
    Ok((session, done))
}
