//! Instructor mode: the open case reloads when its files are saved. A copy of the app fixture in
//! a temporary folder is edited while the app (`LogicPlugins` on `MinimalPlugins`) plays it.
#![cfg(feature = "app")]

use crate::support::app as app_support;

use std::path::{Path, PathBuf};

use bevy::prelude::*;

use app_support::*;
use bedside::app::catalog::Lang;
use bedside::app::flow::{OpenCase, PlaceOrder, SetSpeed, Speed, StartCase};
use bedside::app::hot_reload::{HotReload, Reloaded};
use bedside::app::state::{Active, Feedback};
use bedside::app::{LogicPlugins, Options, Screen};
use bedside::i18n::Locale;
use bedside::scenario::model::Route;
use bedside::sim::{Order, Record};

const FIXTURE: &str = "tests/fixtures/mini_shock";

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bedside-hot-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Copies the fixture case into `root/mini_shock`, pointing it at the bundled drug library.
fn copy_case(root: &Path) -> PathBuf {
    let dir = root.join("cases").join("mini_shock");
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    let drugs = std::fs::canonicalize("scenarios/drugs.ron").unwrap();
    let scn = std::fs::read_to_string(Path::new(FIXTURE).join("scenario.ron")).unwrap();
    let scn = scn.replace(
        "\"../../../scenarios/drugs.ron\"",
        &format!("{:?}", drugs.display().to_string()),
    );
    std::fs::write(dir.join("scenario.ron"), scn).unwrap();
    for e in std::fs::read_dir(Path::new(FIXTURE).join("locales")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join("locales").join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// Runs a little more than one polling interval of real time. Each step first waits for the
/// log to be on disk: the watcher skips its look while lines are unsaved, and a slow fsync
/// (a busy CI disk) let all fifteen steps pass without one, so a fixed case still showed the
/// broken version's errors.
fn wait_a_poll(app: &mut App) {
    for _ in 0..15 {
        saved(app);
        app.update();
    }
}

/// Edits a file so that its modification time surely differs from the last look.
fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let before = std::fs::metadata(path).unwrap().modified().unwrap();
    let text = f(std::fs::read_to_string(path).unwrap());
    std::fs::write(path, text).unwrap();
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(before + std::time::Duration::from_secs(2))
        .unwrap();
}

fn started_instructor(root: &Path) -> App {
    let mut app = app_with(Options {
        cases: root.join("cases"),
        data_dir: Some(root.join("data")),
        locale: Locale::EnUs,
        instructor: true,
        ..Options::default()
    });
    send(&mut app, OpenCase(0));
    send(&mut app, StartCase::default());
    assert_eq!(screen(&app), Screen::Case);
    app
}

fn decisions(app: &App) -> Vec<(u64, String)> {
    app.world()
        .resource::<Active>()
        .session
        .sim
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Decision { t, order, .. } => Some((*t, order.action.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn without_instructor_mode_nothing_is_watched() {
    let root = temp("off");
    copy_case(&root);
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .add_plugins(LogicPlugins::new(Options {
            cases: root.join("cases"),
            data_dir: Some(root.join("data")),
            ..Options::default()
        }));
    app.update();
    assert!(app.world().get_resource::<HotReload>().is_none());
}

#[test]
fn an_edited_case_reloads_keeps_its_decisions_and_time_and_shows_errors_until_fixed() {
    let root = temp("edit");
    let dir = copy_case(&root);
    let mut app = started_instructor(&root);

    // A decision at t=0, then run the clock a while (16× for one real second).
    send(
        &mut app,
        PlaceOrder(Order {
            action: "fluid".into(),
            dose: Some((20.0, "mL/kg".into())),
            rate: None,
            route: Some(Route::IV),
        }),
    );
    send(&mut app, PlaceOrder(Order::new("call_senior")));
    // The clock holds until the decisions are on disk (the app writes on a thread of its own).
    saved(&mut app);
    send(&mut app, SetSpeed(Speed::X16));
    for _ in 0..10 {
        app.update();
    }
    send(&mut app, SetSpeed(Speed::Paused));
    let t = now(&app);
    assert!(t > 0);
    // The app writes its log on a thread of its own: read it once it is all on disk.
    saved(&mut app);
    let first_log = log_path(&app);
    let first_log_text = std::fs::read_to_string(&first_log).unwrap();
    wait_a_poll(&mut app);
    assert_eq!(
        app.world().resource::<HotReload>().last,
        None,
        "no edit yet"
    );

    // (1) A text edit: the case reloads, the decision is replayed, the new text is used.
    edit(&dir.join("locales/en-US.ftl"), |s| {
        s.replace(
            "mini-act-fluid = Crystalloid bolus",
            "mini-act-fluid = Balanced crystalloid bolus",
        )
    });
    wait_a_poll(&mut app);
    let hr = app.world().resource::<HotReload>();
    assert!(
        hr.errors.is_empty(),
        "{:?} (the app's own error: {:?})",
        hr.errors,
        app.world().resource::<Feedback>().error
    );
    assert_eq!(
        hr.last,
        Some(Reloaded {
            replayed: 2,
            skipped: 0
        })
    );
    assert_eq!(
        app.world().resource::<Lang>().case(0).get("mini-act-fluid"),
        "Balanced crystalloid bolus"
    );
    assert_eq!(
        decisions(&app),
        vec![(0, "fluid".to_string()), (0, "call_senior".to_string())]
    );
    assert_eq!(
        now(&app),
        t,
        "the session continues at the same simulated time"
    );
    let second_log = log_path(&app);
    assert_ne!(second_log, first_log, "the replay goes to a new log");
    assert_eq!(
        std::fs::read_to_string(&first_log).unwrap(),
        first_log_text,
        "the old log stays as it was"
    );
    saved(&mut app);
    let on_disk = bedside::log::read(&second_log).expect("the new log verifies");
    assert!(
        on_disk
            .records
            .iter()
            .any(|r| matches!(r, Record::Decision { t: 0, order, .. } if order.action == "fluid"))
    );

    // (2) A broken scenario: the errors are exposed and the previous case keeps running.
    let scenario = dir.join("scenario.ron");
    let good = std::fs::read_to_string(&scenario).unwrap();
    edit(&scenario, |s| {
        s.replace("initial_state: \"shock\"", "initial_state: \"nowhere\"")
    });
    wait_a_poll(&mut app);
    let hr = app.world().resource::<HotReload>();
    assert!(!hr.errors.is_empty(), "a broken case reports its problems");
    assert!(
        hr.errors.iter().all(|e| e.contains("scenario.ron:")),
        "each error names its file, line and column: {:?}",
        hr.errors
    );
    assert_eq!(log_path(&app), second_log, "the running case was kept");
    assert_eq!(
        decisions(&app),
        vec![(0, "fluid".to_string()), (0, "call_senior".to_string())]
    );
    send(&mut app, SetSpeed(Speed::X1));
    for _ in 0..20 {
        app.update();
    }
    send(&mut app, SetSpeed(Speed::Paused));
    assert!(now(&app) > t, "the previous case still runs");
    assert_eq!(screen(&app), Screen::Case);

    // (3) Fixed again, without the call_senior action: it reloads, skipping that decision.
    let t2 = now(&app);
    edit(&scenario, |_| {
        good.lines()
            .filter(|l| !l.contains("id: \"call_senior\""))
            .collect::<Vec<_>>()
            .join("\n")
    });
    wait_a_poll(&mut app);
    let hr = app.world().resource::<HotReload>();
    assert!(
        hr.errors.is_empty(),
        "{:?} (the app's own error: {:?})",
        hr.errors,
        app.world().resource::<Feedback>().error
    );
    assert_eq!(
        hr.last,
        Some(Reloaded {
            replayed: 1,
            skipped: 1
        })
    );
    assert_eq!(decisions(&app), vec![(0, "fluid".to_string())]);
    assert_eq!(now(&app), t2);
    assert_ne!(log_path(&app), second_log);
}
