//! Results to the programme's Learning Record Store after each case (xAPI), from the app.
//!
//! The setting lives in `<data folder>/lrs.ron` and is edited in the library's LRS dialog. When
//! it is on, the end of every case queues the session's statements in the outbox
//! (`<data folder>/xapi-outbox`, shared with `bedside xapi push`) and tries to deliver everything
//! queued, on a background thread so the debrief never waits for the network. A PC that is
//! offline keeps the statements queued; they leave at the next case's end, when the app starts,
//! or when "Send queued now" is pressed. The password is never stored or shown: the settings
//! name the environment variable that holds it, as `bedside xapi push --password-env` does.
//! The verdict sent is re-derived against the library's case (`crate::verdict`), as the CLI
//! does against --cases: a log whose score line was altered is neither queued nor sent.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::state::{Active, Screen, Settings};
use crate::scenario::Case;
use crate::xapi::{self, Identity, Lrs, Outbox};

/// The app's LRS setting (`lrs.ron`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LrsSettings {
    /// Queue and send each session's statements when its case ends.
    pub send_after_each_case: bool,
    /// The LRS's xAPI base, e.g. `https://lrs.example.org/xAPI/`.
    pub endpoint: String,
    pub user: String,
    /// Name of the environment variable holding the password (never the password itself).
    pub password_env: String,
    /// The `homePage` of the trainees' accounts.
    pub home_page: String,
    /// The hospital (site) this PC's sessions are played at, recorded in every new log's header
    /// (a short id, [`crate::hospital::check`]); empty: none recorded. It is here, beside the
    /// LRS address, because a hospital deploys both in the one `lrs.ron`; it is recorded
    /// whether or not results are sent. `bedside --hospital ID` overrides it.
    pub hospital: String,
}

impl Default for LrsSettings {
    fn default() -> LrsSettings {
        LrsSettings {
            send_after_each_case: false,
            endpoint: String::new(),
            user: String::new(),
            password_env: "BEDSIDE_LRS_PASSWORD".into(),
            home_page: Identity::default().home_page,
            hospital: String::new(),
        }
    }
}

impl LrsSettings {
    fn identity(&self) -> Identity {
        Identity {
            home_page: self.home_page.trim().to_string(),
            ..Identity::default()
        }
    }
}

/// Where the setting is kept.
pub fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join("lrs.ron")
}

/// The outbox the app and `bedside xapi push` share.
pub fn outbox_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("xapi-outbox")
}

/// Reads the setting; no file means the defaults (sending off). A malformed file is an error
/// naming its line and column, and the app then sends nothing.
pub fn load(data_dir: &Path) -> Result<LrsSettings, String> {
    let path = settings_path(data_dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LrsSettings::default()),
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    let s: LrsSettings = ron::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: {}",
            path.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        )
    })?;
    match s.checked_hospital() {
        Ok(_) => Ok(s),
        Err(e) => Err(format!("{}: hospital: {e}", path.display())),
    }
}

impl LrsSettings {
    /// The hospital as it is to be recorded: `None` when the setting is empty, else the checked
    /// id (an error worded for the trainee or the hospital's IT).
    pub fn checked_hospital(&self) -> Result<Option<String>, crate::hospital::HospitalError> {
        if self.hospital.trim().is_empty() {
            return Ok(None);
        }
        crate::hospital::check(&self.hospital).map(Some)
    }
}

/// `bedside --hospital ID`: the hospital for this run of the app, over the setting's (checked
/// by the command line).
#[derive(Resource, Debug, Clone, Default)]
pub struct HospitalFlag(pub Option<String>);

/// The hospital a new session's log names: the `--hospital` flag's, else the setting's (when it
/// is a valid id; an invalid one is refused where it is entered or read, so none is recorded).
pub fn hospital_for_log(flag: Option<&HospitalFlag>, sync: &LrsSync) -> Option<String> {
    flag.and_then(|f| f.0.clone())
        .or_else(|| sync.settings.checked_hospital().ok().flatten())
}

/// Writes the setting (to a temporary file first, so a crash never leaves half a file).
pub fn save(data_dir: &Path, s: &LrsSettings) -> Result<(), String> {
    let path = settings_path(data_dir);
    let text = ron::ser::to_string_pretty(s, ron::ser::PrettyConfig::default())
        .map_err(|e| e.to_string())?;
    let tmp = data_dir.join(".lrs.ron.tmp");
    std::fs::create_dir_all(data_dir)
        .and_then(|()| std::fs::write(&tmp, text + "\n"))
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// What the last delivery attempt did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Statements the LRS accepted.
    pub sent: usize,
    /// Sessions the LRS refused, with its reason (kept in the outbox's `rejected/`).
    pub rejected: Vec<String>,
    /// Why delivery stopped (unreachable, credentials, no password), if it did.
    pub stopped: Option<String>,
    /// Sessions still waiting in the outbox.
    pub queued: usize,
}

/// The LRS setting, its dialog and the delivery in flight.
#[derive(Resource, Default)]
pub struct LrsSync {
    pub settings: LrsSettings,
    /// Why `lrs.ron` could not be read (sending is then off).
    pub load_error: Option<String>,
    /// The dialog's form, while it is open.
    pub editing: Option<LrsSettings>,
    /// Why the last save failed.
    pub save_error: Option<String>,
    pub last: Option<SyncReport>,
    pending: Option<JoinHandle<SyncReport>>,
    /// The case just ended: send it once its log is all on disk.
    send_finished: bool,
}

impl LrsSync {
    /// A delivery is running in the background.
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }
}

/// Open the LRS dialog (`Some`), save it (`Save`), or close it.
#[derive(Message, Debug, Clone)]
pub enum LrsDialog {
    Open,
    Save(LrsSettings),
    Close,
}
/// Try to deliver everything queued now.
#[derive(Message, Debug, Clone, Copy)]
pub struct SendQueued;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LrsSync>()
        .add_message::<LrsDialog>()
        .add_message::<SendQueued>()
        .add_systems(Startup, load_settings)
        // From the case only: coming back to the debrief from a what-if sends nothing again.
        .add_systems(
            OnTransition {
                exited: Screen::Case,
                entered: Screen::Debrief,
            },
            |mut sync: ResMut<LrsSync>| {
                sync.send_finished = true;
            },
        )
        // In Update, where the session is still there in the update the trainee leaves the
        // debrief (which may be the one its last line reached the disk): `back_to_library`
        // removes it with a command, applied at the end of Update.
        .add_systems(
            Update,
            send_finished_session.run_if(in_state(Screen::Debrief)),
        )
        .add_systems(Update, (dialog, send_queued, collect).chain());
}

/// The library's cases, for re-deriving verdicts on the delivery thread (shared, not copied).
fn library(catalog: &Catalog) -> Vec<Arc<Case>> {
    catalog.cases.iter().map(|c| Arc::clone(&c.case)).collect()
}

fn load_settings(settings: Res<Settings>, catalog: Res<Catalog>, mut sync: ResMut<LrsSync>) {
    match load(&settings.data_dir) {
        Ok(s) => {
            sync.settings = s;
            sync.load_error = None;
        }
        Err(e) => {
            sync.settings = LrsSettings::default();
            sync.load_error = Some(e);
        }
    }
    // Statements left queued by an earlier run leave as soon as the LRS can be reached.
    if sync.settings.send_after_each_case && pending_count(&settings.data_dir) > 0 {
        let (s, dir, cases) = (
            sync.settings.clone(),
            settings.data_dir.clone(),
            library(&catalog),
        );
        start(&mut sync, move || deliver(&s, &dir, None, cases));
    }
}

fn pending_count(data_dir: &Path) -> usize {
    Outbox::open(&outbox_dir(data_dir))
        .and_then(|o| o.pending())
        .map_or(0, |p| p.len())
}

/// Runs a delivery on a background thread, after the one still running if there is one: two
/// deliveries never work on the outbox at once (a batch must not be sent twice concurrently).
fn start(sync: &mut LrsSync, job: impl FnOnce() -> SyncReport + Send + 'static) {
    let before = sync.pending.take();
    sync.pending = Some(std::thread::spawn(move || {
        if let Some(b) = before {
            let _ = b.join();
        }
        job()
    }));
}

/// Queues a finished session's statements (when `log` is given), then sends everything queued,
/// each verdict re-derived against its case among `cases`. Blocking: the app runs it on a
/// background thread.
pub fn deliver(
    s: &LrsSettings,
    data_dir: &Path,
    log: Option<&Path>,
    cases: Vec<Arc<Case>>,
) -> SyncReport {
    let mut report = SyncReport::default();
    let mut verdicts = crate::verdict::among(cases);
    let outbox = match Outbox::open(&outbox_dir(data_dir)) {
        Ok(o) => o,
        Err(e) => {
            report.stopped = Some(e.to_string());
            return report;
        }
    };
    let queued = |o: &Outbox| o.pending().map_or(0, |p| p.len());
    if let Some(log) = log
        && let Err(e) = xapi::queue_session(&outbox, log, &s.identity(), &mut verdicts)
    {
        report.stopped = Some(e.to_string());
        report.queued = queued(&outbox);
        return report;
    }
    let lrs = xapi::password_from_env(&s.password_env, "the LRS setting")
        .and_then(|password| Lrs::new(&s.endpoint, &s.user, &password));
    match lrs {
        Ok(lrs) => {
            let f = outbox.flush(&lrs, &mut verdicts);
            report.sent = f.sent.iter().map(|(_, n)| n).sum();
            report.rejected = f
                .rejected
                .iter()
                .map(|(name, status, why)| match status {
                    0 => format!("{name}: not sent: {why}"),
                    s => format!("{name}: HTTP {s}: {why}"),
                })
                .collect();
            report.stopped = f.stopped.map(|e| e.to_string());
            report.queued = f.queued;
        }
        Err(e) => {
            report.stopped = Some(e);
            report.queued = queued(&outbox);
        }
    }
    report
}

fn send_finished_session(
    active: Option<Res<Active>>,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    mut sync: ResMut<LrsSync>,
) {
    if !sync.send_finished {
        return;
    }
    if !sync.settings.send_after_each_case {
        sync.send_finished = false;
        return;
    }
    let Some(active) = active else { return };
    // The statements carry the log's final hash and are built from the file.
    if active.session.unsaved_lines() > 0 {
        return;
    }
    sync.send_finished = false;
    let Some(log) = active.session.log_path().map(Path::to_path_buf) else {
        return;
    };
    if active.session.score().is_none() {
        return;
    }
    let (s, dir, cases) = (
        sync.settings.clone(),
        settings.data_dir.clone(),
        library(&catalog),
    );
    start(&mut sync, move || deliver(&s, &dir, Some(&log), cases));
}

fn dialog(mut msgs: MessageReader<LrsDialog>, settings: Res<Settings>, mut sync: ResMut<LrsSync>) {
    for m in msgs.read() {
        match m {
            LrsDialog::Open => {
                sync.editing = Some(sync.settings.clone());
                sync.save_error = None;
            }
            LrsDialog::Save(s) => match s
                .checked_hospital()
                .map_err(|e| format!("hospital: {e}"))
                .and_then(|site| {
                    let s = LrsSettings {
                        hospital: site.unwrap_or_default(),
                        ..s.clone()
                    };
                    save(&settings.data_dir, &s).map(|()| s)
                }) {
                Ok(s) => {
                    sync.settings = s;
                    sync.load_error = None;
                    sync.save_error = None;
                    sync.editing = None;
                }
                Err(e) => sync.save_error = Some(e),
            },
            LrsDialog::Close => sync.editing = None,
        }
    }
}

fn send_queued(
    mut msgs: MessageReader<SendQueued>,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    mut sync: ResMut<LrsSync>,
) {
    if msgs.read().last().is_none() || sync.busy() {
        return;
    }
    let (s, dir, cases) = (
        sync.settings.clone(),
        settings.data_dir.clone(),
        library(&catalog),
    );
    start(&mut sync, move || deliver(&s, &dir, None, cases));
}

/// Picks up the background delivery's report when it is done.
fn collect(mut sync: ResMut<LrsSync>) {
    if !sync.pending.as_ref().is_some_and(JoinHandle::is_finished) {
        return;
    }
    let Some(handle) = sync.pending.take() else {
        return;
    };
    sync.last = Some(handle.join().unwrap_or_else(|_| SyncReport {
        stopped: Some("the delivery stopped unexpectedly".into()),
        ..SyncReport::default()
    }));
}
