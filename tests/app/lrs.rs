//! The app's "send results after each case" setting, against a real LRS (Ralph, from
//! `.ci/lrs run cargo test …`): a finished case's statements reach the LRS and read back; with
//! the LRS unreachable they wait in the outbox and leave once it is reachable; a missing
//! password or a malformed setting is said plainly, and the password never appears.
//! `LogicPlugins` on `MinimalPlugins`, so the delivery runs exactly as in the window.
#![cfg(feature = "app")]

use crate::support::app as app_support;
use crate::support::lrs as lrs_env;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::prelude::*;

use app_support::*;
use bedside::app::Screen;
use bedside::app::flow::{BackToLibrary, EndCase, LeaveDebrief, OpenCase, PlaceOrder, StartCase};
use bedside::app::lrs::{LrsDialog, LrsSettings, LrsSync, SendQueued, outbox_dir, save};
use bedside::xapi::{Identity, Lrs, statements};
use lrs_env::*;

fn data_dir(name: &str) -> PathBuf {
    let d = app_support::data_dir(&format!("lrs-{name}"));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn app_with(data: &Path) -> App {
    app_support::app_with(options(data))
}

fn sync(app: &App) -> &LrsSync {
    app.world().resource::<LrsSync>()
}

/// Updates until the background delivery has reported (or a minute has passed).
fn settle(app: &mut App) {
    let start = Instant::now();
    app.update();
    while sync(app).busy() {
        assert!(start.elapsed() < Duration::from_secs(60), "delivery hangs");
        std::thread::sleep(Duration::from_millis(20));
        app.update();
    }
    app.update();
}

/// Starts a short case in the app, with `trainee`, and makes one decision; returns the log.
fn start_a_case(app: &mut App, trainee: &str) -> PathBuf {
    app.world_mut()
        .resource_mut::<bedside::app::state::Settings>()
        .trainee = trainee.into();
    send(app, OpenCase(0));
    send(app, StartCase::default());
    send(app, PlaceOrder(fluid(30.0)));
    log_path(app)
}

/// Plays a short case to its end in the app, with `trainee`; returns the log.
fn play_a_case(app: &mut App, trainee: &str) -> PathBuf {
    let log = start_a_case(app, trainee);
    send(app, EndCase);
    assert_eq!(screen(app), Screen::Debrief);
    // The results leave once the log is all on disk.
    saved(app);
    log
}

/// The statements of `log` that the LRS holds (by the session's registration).
fn in_lrs(endpoint: &str, user: &str, password: &str, log: &Path) -> (usize, usize) {
    let session = bedside::log::read(log).unwrap();
    // The verdict re-derived against the app's own cases, as the app does.
    let mut shelf = bedside::cohort::CaseShelf::open(Path::new(FIXTURE));
    let ours = statements(log, &session, &Identity::default(), &mut shelf).unwrap();
    let registration = ours[0]["context"]["registration"].as_str().unwrap();
    let lrs = Lrs::new(endpoint, user, password).unwrap();
    let got = lrs
        .get(&[("registration", registration), ("limit", "500")])
        .unwrap();
    let got = got["statements"].as_array().unwrap();
    for s in &ours {
        assert!(
            got.iter().any(|g| g["id"] == s["id"]),
            "statement {} is not in the LRS",
            s["id"]
        );
    }
    (ours.len(), got.len())
}

fn settings(endpoint: &str, user: &str) -> LrsSettings {
    LrsSettings {
        send_after_each_case: true,
        endpoint: endpoint.into(),
        user: user.into(),
        password_env: "BEDSIDE_TEST_LRS_PASSWORD".into(),
        ..LrsSettings::default()
    }
}

/// The app on a fresh data folder that sends results to the test LRS after each case, with the
/// LRS's address and credentials; `None` without a test LRS.
fn online_app(name: &str) -> Option<(App, LrsEnv)> {
    let env = lrs_env()?;
    let data = data_dir(name);
    save(&data, &settings(&env.endpoint, &env.user)).unwrap();
    Some((app_with(&data), env))
}

#[test]
fn a_finished_case_reaches_the_lrs_without_the_trainee_waiting() {
    let Some((mut app, lrs)) = online_app("online") else {
        return;
    };
    let (endpoint, user, password) = (lrs.endpoint, lrs.user, lrs.password);
    let log = play_a_case(&mut app, &unique("app-online"));
    settle(&mut app);
    let r = sync(&app).last.clone().expect("a report");
    assert_eq!(r.stopped, None, "{r:?}");
    assert!(!format!("{r:?}").contains(&password), "the password leaked");
    assert_eq!(r.queued, 0);
    let (ours, got) = in_lrs(&endpoint, &user, &password, &log);
    assert_eq!(r.sent, ours, "every statement of the session was sent");
    assert_eq!(got, ours, "the LRS holds exactly the session's statements");
}

#[test]
fn a_trainee_who_leaves_the_debrief_at_once_still_sends_the_results() {
    let Some((mut app, lrs)) = online_app("leave-at-once") else {
        return;
    };
    let (endpoint, user, password) = (lrs.endpoint, lrs.user, lrs.password);
    let log = start_a_case(&mut app, &unique("app-leave-at-once"));
    // Ended and left in one go: the app goes to the library in the very update the log is all
    // on disk, the update in which the results are due to leave.
    app.world_mut().write_message(EndCase);
    app.update();
    app.world_mut().write_message(LeaveDebrief);
    let start = Instant::now();
    while screen(&app) != Screen::Library {
        assert!(start.elapsed() < Duration::from_secs(10), "never left");
        std::thread::sleep(Duration::from_millis(1));
        app.update();
    }
    settle(&mut app);
    let r = sync(&app).last.clone().expect("the results were sent");
    assert_eq!((r.stopped.clone(), r.queued), (None, 0), "{r:?}");
    let (ours, got) = in_lrs(&endpoint, &user, &password, &log);
    assert_eq!((r.sent, got), (ours, ours));
}

#[test]
fn offline_the_results_wait_in_the_outbox_and_leave_once_the_lrs_is_reachable() {
    let Some(LrsEnv {
        endpoint,
        user,
        password,
    }) = lrs_env()
    else {
        return;
    };
    // A port nothing listens on: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = data_dir("offline");
    save(
        &data,
        &settings(&format!("http://127.0.0.1:{port}/xAPI/"), &user),
    )
    .unwrap();
    let mut app = app_with(&data);
    let first = play_a_case(&mut app, &unique("app-offline-1"));
    settle(&mut app);
    let r = sync(&app).last.clone().unwrap();
    assert!(
        r.stopped
            .as_deref()
            .is_some_and(|s| s.contains("cannot be reached")),
        "{r:?}"
    );
    assert_eq!((r.sent, r.queued), (0, 1));
    send(&mut app, BackToLibrary);
    let second = play_a_case(&mut app, &unique("app-offline-2"));
    settle(&mut app);
    assert_eq!(
        sync(&app).last.clone().unwrap().queued,
        2,
        "nothing is lost"
    );

    // The LRS becomes reachable (the instructor fixes the address): both sessions leave.
    send(&mut app, LrsDialog::Open);
    send(&mut app, LrsDialog::Save(settings(&endpoint, &user)));
    assert_eq!(sync(&app).editing, None, "saved and closed");
    assert_eq!(
        bedside::app::lrs::load(&data).unwrap(),
        settings(&endpoint, &user),
        "the setting is on disk"
    );
    send(&mut app, SendQueued);
    settle(&mut app);
    let r = sync(&app).last.clone().unwrap();
    assert_eq!((r.stopped.clone(), r.queued), (None, 0), "{r:?}");
    let (a, _) = in_lrs(&endpoint, &user, &password, &first);
    let (b, _) = in_lrs(&endpoint, &user, &password, &second);
    assert_eq!(r.sent, a + b);
    let left = std::fs::read_dir(outbox_dir(&data))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .count();
    assert_eq!(left, 0, "the outbox is empty once delivered");
}

#[test]
fn a_missing_password_keeps_the_results_queued_and_says_which_variable() {
    let data = data_dir("nopass");
    let mut s = settings("http://127.0.0.1:9/xAPI/", "bedside");
    s.password_env = "BEDSIDE_TEST_NO_SUCH_PASSWORD_VARIABLE".into();
    save(&data, &s).unwrap();
    let mut app = app_with(&data);
    play_a_case(&mut app, "nopass");
    settle(&mut app);
    let r = sync(&app).last.clone().unwrap();
    let why = r.stopped.clone().unwrap();
    assert!(
        why.contains("BEDSIDE_TEST_NO_SUCH_PASSWORD_VARIABLE") && why.contains("not set"),
        "{why}"
    );
    assert_eq!(r.queued, 1);
}

#[test]
fn a_malformed_setting_is_reported_with_its_line_and_nothing_is_sent() {
    let data = data_dir("malformed");
    std::fs::write(
        data.join("lrs.ron"),
        "(\n    send_after_each_case: true,\n    endpont: \"http://x/\",\n)\n",
    )
    .unwrap();
    let mut app = app_with(&data);
    let e = sync(&app).load_error.clone().expect("an error");
    assert!(e.contains("lrs.ron:3:"), "{e}");
    assert!(e.contains("endpont"), "{e}");
    assert!(!sync(&app).settings.send_after_each_case);
    play_a_case(&mut app, "malformed");
    settle(&mut app);
    assert_eq!(sync(&app).last, None, "nothing was attempted");
    assert!(!outbox_dir(&data).exists());
}
