//! The app on a disk that fills up mid-case: its log is written on a thread of its own, so the
//! window never waits for the disk; instead the patient does. The process's file-size limit
//! (`RLIMIT_FSIZE`) makes log writes fail as a full disk does; this file holds one test, in its
//! own process, so that the limit touches nothing else.
#![cfg(feature = "app")]

#[path = "support/mod.rs"]
mod support;

use support as common;
use support::app as app_support;

use std::time::Duration;

use app_support::*;
use bedside::app::Screen;
use bedside::app::catalog::UnfinishedLogs;
use bedside::app::flow::{
    Away, BackToLibrary, EndCase, LeaveDebrief, Leaving, OpenCase, PlaceOrder, SetSpeed, Speed,
    StartCase,
};
use bedside::app::state::{Active, Feedback};
use bedside::sim::{Order, Record};
use bevy::window::WindowCloseRequested;
use common::limit_file_size;

/// Updates (a fixed step of real time each) with a pause between, so the writing thread runs.
fn frames(app: &mut bevy::prelude::App, n: usize) {
    for _ in 0..n {
        std::thread::sleep(Duration::from_millis(5));
        app.update();
    }
}

#[test]
fn a_full_disk_holds_the_clock_and_shows_why_and_the_log_is_written_once_there_is_room() {
    let data = data_dir("full-disk");
    let mut app = app_with(options(&data));
    send(&mut app, OpenCase(0));
    send(&mut app, StartCase::default());
    assert_eq!(screen(&app), Screen::Case);
    saved(&mut app);
    let path = log_path(&app);
    let size = std::fs::metadata(&path).unwrap().len();

    // The disk is full: the examination is made, but its line cannot be written.
    limit_file_size(size + 10);
    send(&mut app, SetSpeed(Speed::X16));
    send(&mut app, PlaceOrder(Order::new("examine")));
    frames(&mut app, 40);
    let error = app.world().resource::<Feedback>().error.clone();
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.contains("could not write the decision log")),
        "the trainee is told: {error:?}"
    );
    let active = app.world().resource::<Active>();
    assert!(active.session.unsaved_lines() > 0);
    let decided = active.session.sim.records().len();
    let examined =
        active.session.sim.records().iter().rposition(
            |r| matches!(r, Record::Decision { order, .. } if order.action == "examine"),
        );
    assert!(examined.is_some_and(|i| i >= active.session.saved_records()));
    let t0 = active.session.sim.records()[examined.unwrap()].t();
    assert_eq!(now(&app), t0, "the patient waits for the disk");
    // Nothing torn: the log on disk is the session up to its last saved line.
    let on_disk = bedside::log::read(&path).expect("the log verifies");
    assert_eq!(on_disk.records.len(), active.session.saved_records());
    assert!(on_disk.records.len() < decided);

    // Room again: the trainee starts the clock, the waiting lines are written, time goes on.
    limit_file_size(libc::RLIM_INFINITY);
    send(&mut app, SetSpeed(Speed::X16));
    frames(&mut app, 40);
    assert!(now(&app) > t0, "the clock runs again");
    assert_eq!(
        app.world().resource::<Feedback>().error,
        None,
        "and the warning is gone"
    );

    // Full again as the case ends: the debrief says why the log is not saved. The trainee asks
    // to leave: the app does not drop the lines but asks; "stay" stays. Once there is room the
    // app writes the log by itself (it tries every two seconds), clock or no clock, and then
    // goes to the library as asked.
    saved(&mut app);
    limit_file_size(std::fs::metadata(&path).unwrap().len() + 10);
    send(&mut app, EndCase);
    assert_eq!(screen(&app), Screen::Debrief);
    frames(&mut app, 5);
    assert!(app.world().resource::<Feedback>().error.is_some());
    assert!(app.world().resource::<Active>().session.unsaved_lines() > 0);
    send(&mut app, LeaveDebrief);
    frames(&mut app, 3);
    assert_eq!(leaving(&app), Leaving::Confirm(Away::Library));
    assert_eq!(screen(&app), Screen::Debrief, "nothing is dropped unasked");
    *app.world_mut().resource_mut::<Leaving>() = Leaving::No; // "stay and keep trying"
    frames(&mut app, 3);
    assert_eq!(leaving(&app), Leaving::No);
    send(&mut app, LeaveDebrief);
    frames(&mut app, 3);
    assert_eq!(leaving(&app), Leaving::Confirm(Away::Library));
    let session = records(&app);
    limit_file_size(libc::RLIM_INFINITY);
    frames(&mut app, 30);
    assert_eq!(
        screen(&app),
        Screen::Library,
        "left once the log was on disk"
    );
    assert!(app.world().get_resource::<Active>().is_none());
    assert_eq!(app.world().resource::<Feedback>().error, None);
    let on_disk = bedside::log::read(&path).expect("the log verifies");
    assert_eq!(on_disk.records, session);
    assert!(on_disk.score.is_some());

    // Full mid-case, and the trainee closes the window: the app asks instead of exiting, and
    // exits by itself once the retry has the lines on disk.
    send(&mut app, OpenCase(0));
    send(&mut app, StartCase::default());
    saved(&mut app);
    let third = log_path(&app);
    limit_file_size(std::fs::metadata(&third).unwrap().len() + 10);
    send(&mut app, PlaceOrder(Order::new("examine")));
    frames(&mut app, 3);
    let close = WindowCloseRequested {
        window: bevy::prelude::Entity::PLACEHOLDER,
    };
    send(&mut app, close);
    frames(&mut app, 3);
    assert_eq!(leaving(&app), Leaving::Confirm(Away::Quit));
    assert!(app.should_exit().is_none(), "nothing is dropped unasked");
    let session = records(&app);
    limit_file_size(libc::RLIM_INFINITY);
    for _ in 0..30 {
        if app.should_exit().is_some() {
            break;
        }
        frames(&mut app, 1);
    }
    assert!(
        app.should_exit().is_some(),
        "closed once the log was on disk"
    );
    assert_eq!(bedside::log::read(&third).unwrap().records, session);
    // (The app would exit here; the test goes on with the same world.)
    app.world_mut()
        .resource_mut::<bevy::prelude::Messages<bevy::prelude::AppExit>>()
        .clear();
    send(&mut app, EndCase);
    send(&mut app, BackToLibrary);

    // Full at the end of another case, and this time the trainee leaves without the lines:
    // the log on disk stops at its last saved line, verifies, and is offered for resume.
    send(&mut app, OpenCase(0));
    send(&mut app, StartCase::default());
    send(&mut app, PlaceOrder(Order::new("examine")));
    saved(&mut app);
    let second = log_path(&app);
    assert_ne!(second, path);
    let kept = app.world().resource::<Active>().session.saved_records();
    limit_file_size(std::fs::metadata(&second).unwrap().len() + 10);
    send(&mut app, EndCase);
    frames(&mut app, 5);
    send(&mut app, LeaveDebrief);
    frames(&mut app, 3);
    assert_eq!(leaving(&app), Leaving::Confirm(Away::Library));
    send(&mut app, BackToLibrary); // "leave without saving"
    assert_eq!(screen(&app), Screen::Library);
    assert_eq!(leaving(&app), Leaving::No);
    limit_file_size(libc::RLIM_INFINITY);
    let on_disk = bedside::log::read(&second).expect("the log verifies");
    assert_eq!(on_disk.records.len(), kept);
    assert!(on_disk.score.is_none());
    assert!(
        app.world()
            .resource::<UnfinishedLogs>()
            .0
            .iter()
            .any(|u| u.path == second && u.problem.is_none()),
        "offered for resume"
    );
}
