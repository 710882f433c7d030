//! Helpers the headless app tests share: the app's logic (`LogicPlugins`) on `MinimalPlugins`,
//! each update one fixed step of real time, so the clock is exact.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;

use bedside::app::flow::{Leaving, STEP};
use bedside::app::state::Active;
use bedside::app::{LogicPlugins, Options, Screen};
use bedside::i18n::Locale;
use bedside::scenario::model::Route;
use bedside::sim::{Order, Record};

/// The case the app tests play (a case folder: the library offers it alone).
pub const FIXTURE: &str = "tests/fixtures/mini_shock";

/// A data folder unique to this test (removed if left over; not created).
pub fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bedside-app-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// The fixture cases in English, logs in `data`.
pub fn options(data: &Path) -> Options {
    Options {
        cases: PathBuf::from(FIXTURE),
        data_dir: Some(data.to_path_buf()),
        locale: Locale::EnUs,
        ..Options::default()
    }
}

/// The app's logic with these options, after its first update.
pub fn app_with(options: Options) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(LogicPlugins::new(options))
        .insert_resource(TimeUpdateStrategy::ManualDuration(STEP));
    app.update();
    app
}

/// Writes a message and lets two updates pass (the message is read in the first).
pub fn send<M: Message>(app: &mut App, m: M) {
    app.world_mut().write_message(m);
    app.update();
    app.update();
}

pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Waits until every line of the running session's log is on disk (the app writes it on a
/// thread of its own).
pub fn saved(app: &mut App) {
    app.world_mut()
        .resource_mut::<Active>()
        .session
        .wait_saved()
        .expect("the log is written");
}

/// Runs `updates` fixed steps, each waiting for the log to be on disk (a disk that keeps up);
/// returns how many simulated seconds passed.
pub fn run_saved(app: &mut App, updates: usize) -> u64 {
    let t0 = now(app);
    for _ in 0..updates {
        app.update();
        saved(app);
    }
    now(app) - t0
}

/// The running session's records so far.
pub fn records(app: &App) -> Vec<Record> {
    app.world()
        .resource::<Active>()
        .session
        .sim
        .records()
        .to_vec()
}

/// Where a request to leave the session stands.
pub fn leaving(app: &App) -> Leaving {
    *app.world().resource::<Leaving>()
}

/// Simulated time of the running session.
pub fn now(app: &App) -> u64 {
    app.world().resource::<Active>().session.sim.now()
}

/// The running session's log.
pub fn log_path(app: &App) -> PathBuf {
    app.world()
        .resource::<Active>()
        .session
        .log_path()
        .unwrap()
        .to_path_buf()
}

/// The fixture's fluid bolus, IV, in mL/kg.
pub fn fluid(volume_per_kg: f64) -> Order {
    Order {
        action: "fluid".into(),
        dose: Some((volume_per_kg, "mL/kg".into())),
        rate: None,
        route: Some(Route::IV),
    }
}
