//! The session's logic without any drawing: starting and resuming, orders, the clock, ending and
//! leaving, and the messages the screens send for them. Tests add [`super::LogicPlugins`] to
//! `MinimalPlugins` and drive it.
//!
//! Every order goes through `LiveSession`. Its log is written and synced by a thread of its own
//! (`Syncing::Background`), so a slow disk never freezes the window; the simulation clock holds
//! until every line is on disk, so the patient never moves on from a decision the log might lose,
//! and closing the window waits for the last lines. A crash loses at most the lines in flight:
//! the log is always a prefix of the session, and resuming it gives the patient exactly as it
//! left them.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::window::WindowCloseRequested;

use super::catalog::{Catalog, Lang, UnfinishedLogs, scan_unfinished};
use super::lrs::{HospitalFlag, LrsSync, hospital_for_log};
use super::state::{Active, Dialog, Dialogs, Feedback, Screen, Settings};
use crate::i18n::Locale;
use crate::log::{Clock, Syncing};
use crate::session::{LiveSession, SessionError, SessionInfo};
use crate::sim::{Order, Record};

/// How fast simulated time runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    #[default]
    Paused,
    X1,
    X4,
    X16,
}

impl Speed {
    pub const ALL: [Speed; 4] = [Speed::Paused, Speed::X1, Speed::X4, Speed::X16];
    /// Simulated seconds per real second.
    pub fn factor(self) -> f64 {
        match self {
            Speed::Paused => 0.0,
            Speed::X1 => 1.0,
            Speed::X4 => 4.0,
            Speed::X16 => 16.0,
        }
    }
}

/// The simulation clock: speed, and the fraction of a simulated second carried between steps.
#[derive(Resource, Debug, Default)]
pub struct SimClock {
    pub speed: Speed,
    carry: f64,
    /// A skip to the next event waits for the log to be on disk.
    skip: bool,
}

/// Show the briefing of a case.
#[derive(Message, Debug, Clone)]
pub struct OpenCase(pub usize);
/// Start the selected case (from the briefing).
#[derive(Message, Debug, Clone, Default)]
pub struct StartCase {
    /// The patient's seed. `None`, as for every trainee: a new one from the clock, so each
    /// session meets a different patient (the seed is in the log). Autoplay gives the golden
    /// path's own seed, so that its screenshots and frame-time runs show the same patient.
    pub seed: Option<u64>,
}
/// Continue an unfinished session from its log.
#[derive(Message, Debug, Clone)]
pub struct ResumeLog(pub PathBuf);
/// Place an order now.
#[derive(Message, Debug, Clone)]
pub struct PlaceOrder(pub Order);
#[derive(Message, Debug, Clone, Copy)]
pub struct SetSpeed(pub Speed);
/// Jump to the next scheduled result or event.
#[derive(Message, Debug, Clone, Copy)]
pub struct SkipToNext;
/// The trainee ends the case (after confirming).
#[derive(Message, Debug, Clone, Copy)]
pub struct EndCase;
#[derive(Message, Debug, Clone, Copy)]
pub struct SetLocale(pub Locale);
/// Back to the library now: the session (if any) is dropped, with any line of its log that is
/// not on disk. From the debrief the trainee asks with [`LeaveDebrief`] instead.
#[derive(Message, Debug, Clone, Copy)]
pub struct BackToLibrary;
/// The trainee asks to leave the debrief for the library: the app goes once every line of the
/// log is on disk, or, if writing them failed, asks first (see [`Leaving`]). Closing the window
/// (`WindowCloseRequested`) is handled the same way.
#[derive(Message, Debug, Clone, Copy)]
pub struct LeaveDebrief;

/// Where the trainee is going when lines of the log hold them up.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Away {
    /// Back to the library (from the debrief).
    Library,
    /// Closing the window.
    Quit,
}

/// The two ways out of a session: back to the library, or closing the app.
#[derive(SystemParam)]
pub struct WaysOut<'w> {
    back: MessageWriter<'w, BackToLibrary>,
    exit: MessageWriter<'w, AppExit>,
}

impl WaysOut<'_> {
    /// Goes there: back to the library, or closes the app.
    pub fn go(&mut self, away: Away) {
        match away {
            Away::Library => {
                self.back.write(BackToLibrary);
            }
            Away::Quit => {
                self.exit.write(AppExit::Success);
            }
        }
    }
}

/// Where a request to leave the session stands.
#[derive(Resource, Default, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Leaving {
    #[default]
    No,
    /// Lines of the log are on their way to the disk: go once they are there.
    WhenSaved(Away),
    /// Writing them failed: leaving now loses them, so the trainee is asked. "Leave" sends
    /// [`BackToLibrary`] or `AppExit`; "stay" sets `No`. If the app's retry gets the lines on
    /// disk first, it goes.
    Confirm(Away),
}

/// Run condition: the trainee has the clock running: the case runs, the clock is not paused, and
/// no dialog waits — unless the case lets time run in dialogs (`clock_runs_in_dialogs`). (The
/// patient moves only while the log is on disk too: see `tick`.)
pub fn clock_on(clock: Res<SimClock>, dialogs: Res<Dialogs>, active: Option<Res<Active>>) -> bool {
    clock.speed != Speed::Paused
        && active.is_some_and(|a| {
            let sim = &a.session.sim;
            !sim.is_over() && (dialogs.0.is_none() || sim.case().scenario.clock_runs_in_dialogs)
        })
}

/// Since when (app time) the log has had lines not yet on disk.
#[derive(Resource, Debug, Default)]
pub struct LogSaving {
    since: Option<Duration>,
    /// After the writer reported a failure (shown in `Feedback::error` until the lines are on
    /// disk): when to try again.
    retry_at: Option<Duration>,
}

/// How often lines a write failed on are tried again, clock running or not.
pub const LOG_RETRY: Duration = Duration::from_secs(2);

impl LogSaving {
    /// Lines have waited long enough for the trainee to be told (a disk that answers at once
    /// never shows it).
    pub fn slow(&self, now: Duration) -> bool {
        self.since
            .is_some_and(|s| now.saturating_sub(s) >= Duration::from_millis(300))
    }

    /// The last write failed; the lines wait for the next try.
    pub fn failed(&self) -> bool {
        self.retry_at.is_some()
    }
}

/// Fixed step of the simulation clock (real time).
pub const STEP: Duration = Duration::from_millis(100);

/// The session's logic, without drawing: starting, resuming, ordering, the clock, ending and
/// leaving. It reads the shared state (`super::state`) and registers only itself.
pub struct FlowPlugin;

impl Plugin for FlowPlugin {
    fn build(&self, app: &mut App) {
        let data_dir = app.world().resource::<Settings>().data_dir.clone();
        app.insert_resource(UnfinishedLogs({
            let t = std::time::Instant::now();
            let found = scan_unfinished(&data_dir);
            info!(
                "{} unfinished sessions found in {} ms",
                found.len(),
                t.elapsed().as_millis()
            );
            found
        }))
        .insert_resource(Time::<Fixed>::from_duration(STEP))
        .init_resource::<SimClock>()
        .init_resource::<LogSaving>()
        .init_resource::<Leaving>()
        .add_message::<OpenCase>()
        .add_message::<StartCase>()
        .add_message::<ResumeLog>()
        .add_message::<PlaceOrder>()
        .add_message::<SetSpeed>()
        .add_message::<SkipToNext>()
        .add_message::<EndCase>()
        .add_message::<SetLocale>()
        .add_message::<BackToLibrary>()
        .add_message::<LeaveDebrief>()
        // The window's (`WindowPlugin`, with `close_when_requested: false`); registered here
        // too for the windowless tests.
        .add_message::<WindowCloseRequested>()
        .add_systems(OnEnter(Screen::Library), rescan_unfinished)
        .add_systems(PreUpdate, watch_log)
        .add_systems(Last, save_before_exit)
        .add_systems(
            Update,
            (
                switch_locale,
                open_case,
                start_case,
                resume_log,
                place_orders,
                set_speed,
                skip_to_next,
                end_case,
                go_to_debrief_when_over.run_if(in_state(Screen::Case)),
                leave_when_saved,
                back_to_library,
            )
                .chain(),
        )
        .add_systems(
            FixedUpdate,
            tick.run_if(in_state(Screen::Case).and_then(clock_on)),
        );
    }
}

fn rescan_unfinished(settings: Res<Settings>, mut logs: ResMut<UnfinishedLogs>) {
    logs.0 = scan_unfinished(&settings.data_dir);
}

fn switch_locale(
    mut msgs: MessageReader<SetLocale>,
    catalog: Res<Catalog>,
    mut lang: ResMut<Lang>,
) {
    if let Some(SetLocale(l)) = msgs.read().last()
        && *l != lang.locale
    {
        *lang = Lang::new(*l, &catalog);
    }
}

fn open_case(
    mut msgs: MessageReader<OpenCase>,
    catalog: Res<Catalog>,
    mut settings: ResMut<Settings>,
    mut next: ResMut<NextState<Screen>>,
) {
    for OpenCase(i) in msgs.read() {
        if *i < catalog.cases.len() {
            settings.selected = Some(*i);
            NextState::set_if_neq(&mut next, Screen::Briefing);
        }
    }
}

/// What starting or resuming a session touches: the session itself, a fresh clock and feedback,
/// and the case screen.
#[derive(SystemParam)]
struct Begin<'w, 's> {
    commands: Commands<'w, 's>,
    clock: ResMut<'w, SimClock>,
    feedback: ResMut<'w, Feedback>,
    next: ResMut<'w, NextState<Screen>>,
}

impl Begin<'_, '_> {
    /// Plays `session` (of the catalog's case `case`) from now, on the case screen.
    fn play(&mut self, case: usize, session: LiveSession) {
        self.commands.insert_resource(Active { case, session });
        *self.clock = SimClock::default();
        *self.feedback = Feedback::default();
        NextState::set_if_neq(&mut self.next, Screen::Case);
    }

    /// The session could not start: why, on the screen the trainee is on.
    fn failed(&mut self, e: impl ToString) {
        self.feedback.error = Some(e.to_string());
    }
}

fn start_case(
    mut msgs: MessageReader<StartCase>,
    catalog: Res<Catalog>,
    settings: Res<Settings>,
    lang: Res<Lang>,
    site: (Option<Res<HospitalFlag>>, Option<Res<LrsSync>>),
    mut begin: Begin,
) {
    let Some(seed) = msgs.read().last().map(|m| m.seed) else {
        return;
    };
    let Some(i) = settings.selected else { return };
    let Some(loaded) = catalog.cases.get(i) else {
        return;
    };
    let ms = Clock::System.wall_ms(0);
    let info = SessionInfo {
        seed: seed.unwrap_or(ms),
        trainee: settings.trainee_for_log(),
        locale: lang.locale,
        clock: Clock::System,
    };
    let path = settings.new_log_path(&loaded.case.scenario.id, ms);
    let hospital = site
        .1
        .as_deref()
        .and_then(|sync| hospital_for_log(site.0.as_deref(), sync))
        .or_else(|| site.0.as_deref().and_then(|f| f.0.clone()));
    match LiveSession::start_at(
        Arc::clone(&loaded.case),
        &info,
        hospital.as_deref(),
        Some(&path),
        Syncing::Background,
    ) {
        Ok(session) => begin.play(i, session),
        Err(e) => begin.failed(e),
    }
}

fn resume_log(
    mut msgs: MessageReader<ResumeLog>,
    catalog: Res<Catalog>,
    mut settings: ResMut<Settings>,
    mut begin: Begin,
) {
    let Some(ResumeLog(path)) = msgs.read().last() else {
        return;
    };
    let id = match crate::log::read(path) {
        Ok(s) => s.header.scenario_id,
        Err(e) => {
            begin.failed(e);
            return;
        }
    };
    let Some(i) = catalog.index_of(&id) else {
        begin.failed(format!(
            "{}: case '{id}' is not in the library",
            path.display()
        ));
        return;
    };
    match LiveSession::resume_with(
        Arc::clone(&catalog.cases[i].case),
        path,
        Clock::System,
        Syncing::Background,
    ) {
        Ok(session) => {
            settings.selected = Some(i);
            begin.play(i, session);
        }
        Err(e) => begin.failed(e),
    }
}

fn place_orders(
    mut msgs: MessageReader<PlaceOrder>,
    active: Option<ResMut<Active>>,
    mut dialogs: ResMut<Dialogs>,
    mut feedback: ResMut<Feedback>,
    mut clock: ResMut<SimClock>,
) {
    let Some(mut active) = active else {
        msgs.clear();
        return;
    };
    for PlaceOrder(order) in msgs.read() {
        match active.session.apply(order) {
            Ok(note) => {
                feedback.refused = None;
                feedback.refused_order = None;
                // The note comes as figures, which the screen words in the trainee's language.
                feedback.note = note;
                dialogs.0 = None;
            }
            Err(SessionError::Refused(e)) => {
                feedback.refused = Some(e);
                feedback.refused_order = Some(order.clone());
                feedback.note = None;
                // A refused high-risk order goes back to its form, with the reason shown there.
                if matches!(dialogs.0, Some(Dialog::Confirm(_))) {
                    dialogs.0 = None;
                }
            }
            Err(e) => {
                feedback.error = Some(e.to_string());
                clock.speed = Speed::Paused;
            }
        }
    }
}

fn set_speed(
    mut msgs: MessageReader<SetSpeed>,
    mut clock: ResMut<SimClock>,
    active: Option<ResMut<Active>>,
    mut feedback: ResMut<Feedback>,
) {
    if let Some(SetSpeed(s)) = msgs.read().last() {
        if *s == Speed::Paused
            && let Some(mut active) = active
        {
            // Where the trainee stopped the clock is where a resumed session starts.
            note_time(&mut active, &mut feedback);
        }
        clock.speed = *s;
        clock.carry = 0.0;
    }
}

/// Writes how far simulated time has run to the log (`LiveSession::note_time`), so that the
/// session resumes from here; a failure to write is shown like any other.
fn note_time(active: &mut Active, feedback: &mut Feedback) {
    if let Err(e) = active.session.note_time() {
        feedback.error = Some(e.to_string());
    }
}

/// While the clock runs, at least this many simulated seconds pass between lines of the log:
/// when nothing else has been written for so long, the app writes a clock line, so that a
/// session cut off without warning (a crash, `kill -9`, a power cut) resumes at most this far
/// back in simulated time.
pub const CLOCK_LINE_EVERY: u64 = 60;

fn skip_to_next(
    mut msgs: MessageReader<SkipToNext>,
    active: Option<ResMut<Active>>,
    dialogs: Res<Dialogs>,
    mut clock: ResMut<SimClock>,
    mut feedback: ResMut<Feedback>,
) {
    if msgs.read().last().is_some() {
        clock.skip = true;
    }
    // Time never jumps while a dialog asks.
    if dialogs.0.is_some() {
        clock.skip = false;
    }
    let Some(mut active) = active.filter(|_| clock.skip) else {
        clock.skip = false;
        return;
    };
    let s = &mut active.session;
    // Like the clock, a skip waits until the log is on disk (`watch_log` notices).
    if s.unsaved_lines() > 0 {
        return;
    }
    clock.skip = false;
    if let Some(t) = s.sim.next_scheduled() {
        let dt = t.saturating_sub(s.sim.now());
        if let Err(e) = s.advance(dt) {
            feedback.error = Some(e.to_string());
        }
    }
}

fn end_case(
    mut msgs: MessageReader<EndCase>,
    active: Option<ResMut<Active>>,
    mut dialogs: ResMut<Dialogs>,
    mut feedback: ResMut<Feedback>,
    mut next: ResMut<NextState<Screen>>,
) {
    if msgs.read().last().is_none() {
        return;
    }
    dialogs.0 = None;
    let Some(mut active) = active else { return };
    if !active.session.sim.is_over()
        && let Err(e) = active.session.end()
    {
        feedback.error = Some(e.to_string());
        return;
    }
    NextState::set_if_neq(&mut next, Screen::Debrief);
}

fn go_to_debrief_when_over(
    active: Option<Res<Active>>,
    mut clock: ResMut<SimClock>,
    mut dialogs: ResMut<Dialogs>,
    mut next: ResMut<NextState<Screen>>,
) {
    if active.is_some_and(|a| a.session.sim.is_over()) {
        clock.speed = Speed::Paused;
        dialogs.0 = None;
        NextState::set_if_neq(&mut next, Screen::Debrief);
    }
}

/// Leaves the debrief, or closes the window, once the log is all on disk; asks if writing it
/// failed (`watch_log`, which runs first, has the latest from the writer). Without a session
/// the window closes at once.
fn leave_when_saved(
    mut asked: MessageReader<LeaveDebrief>,
    mut closing: MessageReader<WindowCloseRequested>,
    mut active: Option<ResMut<Active>>,
    mut feedback: ResMut<Feedback>,
    mut leaving: ResMut<Leaving>,
    mut clock: ResMut<SimClock>,
    mut ways: WaysOut,
) {
    let asked = asked.read().count() > 0;
    if closing.read().count() > 0 {
        // The patient waits while the app closes, and the log says where: no new lines join
        // those being written, and the session resumes from this moment.
        clock.speed = Speed::Paused;
        if let Some(active) = active.as_mut() {
            note_time(active, &mut feedback);
        }
        *leaving = Leaving::WhenSaved(Away::Quit);
    } else if asked && *leaving == Leaving::No {
        *leaving = Leaving::WhenSaved(Away::Library);
    }
    let (Leaving::WhenSaved(away) | Leaving::Confirm(away)) = *leaving else {
        return;
    };
    if active.map_or(0, |a| a.session.unsaved_lines()) == 0 {
        ways.go(away);
        *leaving = Leaving::No;
    } else if feedback.error.is_some() {
        *leaving = Leaving::Confirm(away);
    }
}

fn back_to_library(
    mut msgs: MessageReader<BackToLibrary>,
    mut leaving: ResMut<Leaving>,
    mut commands: Commands,
    mut dialogs: ResMut<Dialogs>,
    mut feedback: ResMut<Feedback>,
    mut clock: ResMut<SimClock>,
    mut next: ResMut<NextState<Screen>>,
) {
    if msgs.read().last().is_none() {
        return;
    }
    commands.remove_resource::<Active>();
    *leaving = Leaving::No;
    dialogs.0 = None;
    *feedback = Feedback::default();
    *clock = SimClock::default();
    NextState::set_if_neq(&mut next, Screen::Library);
}

/// Takes in the log writer's reports: a failure pauses the clock and is shown, and the lines
/// are tried again every `LOG_RETRY` (and when the trainee starts the clock) until they are on
/// disk, which clears the warning. `LogSaving` notes how long lines have waited.
fn watch_log(
    time: Res<Time<Real>>,
    active: Option<ResMut<Active>>,
    mut saving: ResMut<LogSaving>,
    mut feedback: ResMut<Feedback>,
    mut clock: ResMut<SimClock>,
) {
    let Some(mut active) = active else {
        *saving = LogSaving::default();
        return;
    };
    let now = time.elapsed();
    let mut failure = active.session.poll().err();
    if active.session.unsaved_lines() == 0 {
        saving.since = None;
        if saving.retry_at.take().is_some() {
            feedback.error = None;
        }
        return;
    }
    saving.since.get_or_insert(now);
    if saving.retry_at.is_some_and(|at| now >= at) {
        saving.retry_at = Some(now + LOG_RETRY);
        failure = failure.or(active.session.retry_saving().err());
    }
    if let Some(e) = failure {
        feedback.error = Some(e.to_string());
        saving.retry_at = Some(now + LOG_RETRY);
        clock.speed = Speed::Paused;
    }
}

/// The app is closing (by any road: the window, Ctrl+C in its terminal, an automation mode):
/// note where the clock stands and wait for the session's last lines to reach the disk.
fn save_before_exit(exit: MessageReader<AppExit>, active: Option<ResMut<Active>>) {
    if exit.is_empty() {
        return;
    }
    let Some(mut active) = active else { return };
    // The lines already made are waited for even if noting the time failed.
    if let Err(e) = active.session.note_time() {
        error!("{e}");
    }
    if let Err(e) = active.session.wait_saved() {
        error!("{e}");
    }
}

/// Advances the patient by the simulated seconds this fixed step is worth at the chosen speed.
/// While lines of the log are on their way to the disk the patient waits, and the time is owed:
/// up to one real second of it is made up once they are there, so a disk that is only a frame
/// behind does not slow the clock, and one that stalls holds it.
fn tick(
    time: Res<Time>,
    mut clock: ResMut<SimClock>,
    mut active: ResMut<Active>,
    mut feedback: ResMut<Feedback>,
) {
    let factor = clock.speed.factor();
    clock.carry = (clock.carry + time.delta_secs_f64() * factor).min(factor + 1.0);
    if active.session.unsaved_lines() > 0 {
        // A failure paused the clock; the trainee starting it again tries the lines again.
        if let Err(e) = active.session.retry_saving() {
            feedback.error = Some(e.to_string());
            clock.speed = Speed::Paused;
        }
        return;
    }
    let whole = clock.carry.floor();
    clock.carry -= whole;
    if whole < 1.0 {
        return;
    }
    let s = &mut active.session;
    let step = s.advance(whole as u64).and_then(|()| {
        let quiet_since = s.sim.records().last().map_or(0, Record::t);
        if s.sim.now() >= quiet_since + CLOCK_LINE_EVERY {
            s.note_time()?;
        }
        Ok(())
    });
    if let Err(e) = step {
        feedback.error = Some(e.to_string());
        clock.speed = Speed::Paused;
    }
}
