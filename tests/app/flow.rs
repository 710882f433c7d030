//! The app's logic without a window: screen transitions, orders reaching the simulation and the
//! log, the clock controls, and resuming after a crash. `LogicPlugins` on `MinimalPlugins`.
#![cfg(feature = "app")]

use crate::support::app as app_support;

use std::path::PathBuf;

use bevy::prelude::*;

use app_support::*;
use bedside::app::Screen;
use bedside::app::catalog::{Lang, UnfinishedLogs};
use bedside::app::flow::{
    EndCase, LeaveDebrief, OpenCase, PlaceOrder, ResumeLog, SetLocale, SetSpeed, SkipToNext, Speed,
    StartCase,
};
use bedside::app::state::{Active, Dialog, Dialogs, Feedback};
use bedside::i18n::Locale;
use bedside::sim::{Order, Record};

fn started(name: &str) -> (App, PathBuf) {
    let data = data_dir(name);
    let mut app = app_with(options(&data));
    send(&mut app, OpenCase(0));
    assert_eq!(screen(&app), Screen::Briefing);
    send(&mut app, StartCase::default());
    assert_eq!(screen(&app), Screen::Case);
    (app, data)
}

#[test]
fn a_trainee_goes_from_library_through_briefing_and_case_to_debrief_and_back() {
    let (mut app, _) = started("screens");
    assert!(app.world().get_resource::<Active>().is_some());
    send(&mut app, EndCase);
    assert_eq!(screen(&app), Screen::Debrief);
    let active = app.world().resource::<Active>();
    let report = active.session.score().expect("scored");
    assert!(
        !report.passed,
        "nothing was done, so the critical fluid criterion is missed"
    );
    // The trainee leaves the debrief: the app goes once the log (written on a thread of its
    // own) is all on disk, so what is on disk when the library shows is the finished log.
    let path = log_path(&app);
    send(&mut app, LeaveDebrief);
    for _ in 0..200 {
        if screen(&app) == Screen::Library {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        app.update();
    }
    assert_eq!(screen(&app), Screen::Library);
    assert!(app.world().get_resource::<Active>().is_none());
    assert!(bedside::log::read(&path).unwrap().score.is_some());
    assert!(
        app.world()
            .resource::<bedside::app::catalog::UnfinishedLogs>()
            .0
            .is_empty()
    );
}

#[test]
fn closing_the_window_mid_case_exits_once_the_log_is_on_disk_and_the_case_can_be_resumed() {
    let (mut app, data) = started("close");
    send(&mut app, SetSpeed(Speed::X16));
    send(&mut app, PlaceOrder(fluid(30.0)));
    run_saved(&mut app, 20);
    let path = log_path(&app);
    let close = bevy::window::WindowCloseRequested {
        window: Entity::PLACEHOLDER,
    };
    app.world_mut().write_message(close);
    let mut updates = 0;
    while app.should_exit().is_none() {
        assert!(updates < 200, "the window never closed");
        std::thread::sleep(std::time::Duration::from_millis(5));
        app.update();
        updates += 1;
    }
    // The patient waited while the app closed: nothing was recorded after the log was on disk.
    assert_eq!(
        app.world().resource::<bedside::app::flow::SimClock>().speed,
        Speed::Paused
    );
    let session = records(&app);
    assert_eq!(bedside::log::read(&path).unwrap().records, session);
    // The log's last line says where the clock stood when the window closed.
    let closed_at = now(&app);
    assert!(closed_at > 30, "the clock ran at 16×: {closed_at} s");
    assert_eq!(session.last(), Some(&Record::Clock { t: closed_at }));
    let unfinished = bedside::app::catalog::scan_unfinished(&data);
    assert!(
        unfinished
            .iter()
            .any(|u| u.path == path && u.problem.is_none() && u.t == closed_at)
    );
    // Resumed, the patient is exactly where they were when the window closed: the same moment
    // and the same values as a patient who never left.
    let truth = app
        .world()
        .resource::<Active>()
        .session
        .sim
        .truth()
        .to_vec();
    drop(app);
    let mut app = app_with(options(&data));
    send(&mut app, ResumeLog(path));
    assert_eq!(screen(&app), Screen::Case);
    assert_eq!(now(&app), closed_at);
    assert_eq!(records(&app), session);
    assert_eq!(app.world().resource::<Active>().session.sim.truth(), truth);
}

#[test]
fn pausing_writes_where_the_clock_stopped_once_and_only_if_time_moved() {
    let (mut app, _) = started("pause");
    let clock_lines = |app: &App| {
        records(app)
            .iter()
            .filter(|r| matches!(r, Record::Clock { .. }))
            .count()
    };
    send(&mut app, SetSpeed(Speed::Paused));
    assert_eq!(clock_lines(&app), 0, "time has not moved: nothing to note");
    send(&mut app, SetSpeed(Speed::X16));
    run_saved(&mut app, 10);
    send(&mut app, SetSpeed(Speed::Paused));
    let t = now(&app);
    assert_eq!(records(&app).last(), Some(&Record::Clock { t }));
    assert_eq!(clock_lines(&app), 1);
    // Pausing again, or placing an order, at the same moment adds no clock line.
    send(&mut app, SetSpeed(Speed::Paused));
    send(&mut app, PlaceOrder(Order::new("examine")));
    send(&mut app, SetSpeed(Speed::Paused));
    assert_eq!(clock_lines(&app), 1);
    assert!(matches!(records(&app).last(), Some(Record::Finding { .. })));
    saved(&mut app);
    let path = log_path(&app);
    assert_eq!(bedside::log::read(&path).unwrap().records, records(&app));
}

#[test]
fn a_running_clock_writes_a_line_at_least_every_simulated_minute_so_a_kill_loses_little_time() {
    use bedside::app::flow::CLOCK_LINE_EVERY;
    let (mut app, data) = started("minute");
    send(&mut app, SetSpeed(Speed::X16));
    while now(&app) < 12 * 60 {
        app.update();
        saved(&mut app);
    }
    let (session, killed_at, path) = (records(&app), now(&app), log_path(&app));
    // Between two lines (and from the start to the first) the clock ran at most a minute plus
    // one step at 16× (at most 17 s, with time owed to the disk made up).
    let mut last = 0;
    for r in &session {
        assert!(r.t() <= last + CLOCK_LINE_EVERY + 17, "{last} → {r:?}");
        last = r.t();
    }
    let clock_lines = session
        .iter()
        .filter(|r| matches!(r, Record::Clock { .. }))
        .count();
    assert!(clock_lines >= 5, "{clock_lines} clock lines in 12 minutes");
    // Killed without warning: the resumed patient is at the last line, under a minute and a
    // step back.
    drop(app);
    let mut app = app_with(options(&data));
    send(&mut app, ResumeLog(path));
    assert_eq!(records(&app), session);
    assert_eq!(now(&app), last);
    assert!(killed_at - now(&app) <= CLOCK_LINE_EVERY + 17);
}

#[test]
fn an_order_reaches_the_simulation_and_the_log_before_the_patient_moves_on() {
    let (mut app, _) = started("order");
    send(&mut app, SetSpeed(Speed::X16));
    send(&mut app, PlaceOrder(fluid(30.0)));
    let active = app.world().resource::<Active>();
    assert!(matches!(
        active.session.sim.records().last(),
        Some(Record::Decision { order, .. }) if order.action == "fluid"
    ));
    let path = active.session.log_path().expect("a log").to_path_buf();
    // The patient moves on from the decision only once it is on disk: whatever the simulation
    // recorded after it, the log already holds the decision.
    let at = active
        .session
        .sim
        .records()
        .iter()
        .rposition(|r| matches!(r, Record::Decision { .. }))
        .unwrap();
    for _ in 0..20 {
        app.update();
        let active = app.world().resource::<Active>();
        if active.session.sim.now() > active.session.sim.records()[at].t() {
            assert!(
                active.session.saved_records() > at,
                "the clock ran ahead of the disk"
            );
        }
    }
    saved(&mut app);
    let on_disk = bedside::log::read(&path).expect("the log verifies");
    assert!(on_disk.records.iter().any(|r| matches!(
        r,
        Record::Decision { order, amount: Some(a), .. } if order.action == "fluid" && (*a - 1800.0).abs() < 1e-6
    )));
    assert!(on_disk.score.is_none());
}

#[test]
fn an_impossible_order_is_refused_with_its_reason_and_logged() {
    let (mut app, _) = started("refused");
    // The dialog is open while the trainee types; a refusal keeps it open with the reason.
    app.world_mut().resource_mut::<Dialogs>().0 = Some(Dialog::End);
    send(&mut app, PlaceOrder(fluid(-5.0)));
    let reason = app
        .world()
        .resource::<Feedback>()
        .refused
        .clone()
        .expect("refused")
        .to_string();
    assert!(reason.contains("greater than zero"), "{reason}");
    // The form shows the reason only while it still holds the order refused.
    assert_eq!(
        app.world().resource::<Feedback>().refused_order,
        Some(fluid(-5.0))
    );
    saved(&mut app);
    let active = app.world().resource::<Active>();
    let path = active.session.log_path().unwrap().to_path_buf();
    let on_disk = bedside::log::read(&path).unwrap();
    assert!(matches!(
        on_disk.records.last(),
        Some(Record::Refused { .. })
    ));
}

#[test]
fn an_unusual_order_is_given_and_its_note_kept_as_figures_for_the_screen_and_as_words_in_the_log() {
    let (mut app, _) = started("unusual");
    // Ten times the usual 10–30 mL/kg: accepted and scored, with a note.
    send(&mut app, PlaceOrder(fluid(300.0)));
    let feedback = app.world().resource::<Feedback>();
    assert!(feedback.refused.is_none());
    let unusual = feedback.note.clone().expect("a note on the unusual dose");
    assert_eq!(
        (
            unusual.value,
            unusual.min,
            unusual.max,
            unusual.unit.as_str()
        ),
        (300.0, 10.0, 30.0, "mL/kg")
    );
    saved(&mut app);
    let on_disk = bedside::log::read(&log_path(&app)).unwrap();
    let note = on_disk.records.iter().find_map(|r| match r {
        Record::Decision { order, note, .. } if order.action == "fluid" => Some(note.clone()),
        _ => None,
    });
    assert_eq!(
        note,
        Some(Some(
            "300 mL/kg is outside the usual 10–30 mL/kg".to_string()
        ))
    );
    // A usual dose clears the note.
    send(&mut app, PlaceOrder(fluid(20.0)));
    assert!(app.world().resource::<Feedback>().note.is_none());
}

#[test]
fn the_clock_stands_still_when_paused_or_while_a_dialog_asks_and_runs_at_the_chosen_speed() {
    let (mut app, _) = started("clock");
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(now(&app), 0, "a case starts paused");

    send(&mut app, SetSpeed(Speed::X16));
    // A disk that keeps up (each step's lines on it before the next step) does not slow it.
    let ran = run_saved(&mut app, 10);
    assert!(
        (15..=17).contains(&ran),
        "one real second at 16× ran {ran} s"
    );

    app.world_mut().resource_mut::<Dialogs>().0 = Some(Dialog::End);
    let t1 = now(&app);
    for _ in 0..10 {
        app.update();
    }
    assert_eq!(now(&app), t1, "time stands still while a dialog is open");
    app.world_mut().resource_mut::<Dialogs>().0 = None;

    send(&mut app, SetSpeed(Speed::Paused));
    let next = app
        .world()
        .resource::<Active>()
        .session
        .sim
        .next_scheduled()
        .expect("the nurse's call at 5 minutes is scheduled");
    // The skip happens once the log is on disk.
    send(&mut app, SkipToNext);
    for _ in 0..500 {
        if now(&app) == next {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
        app.update();
    }
    assert_eq!(now(&app), next);
    let active = app.world().resource::<Active>();
    assert!(matches!(
        active.session.sim.records().last(),
        Some(Record::Event { .. }) | Some(Record::Alarm { .. })
    ));
}

#[test]
fn in_a_case_that_says_so_the_clock_runs_while_a_dialog_asks() {
    let data = data_dir("runs-in-dialogs");
    let mut app = app_with(options(&data));
    {
        let mut catalog = app
            .world_mut()
            .resource_mut::<bedside::app::catalog::Catalog>();
        let loaded = &mut catalog.cases[0];
        let mut case = (*loaded.case).clone();
        assert!(!case.scenario.clock_runs_in_dialogs, "the default");
        case.scenario.clock_runs_in_dialogs = true;
        loaded.case = std::sync::Arc::new(case);
    }
    send(&mut app, OpenCase(0));
    send(&mut app, StartCase::default());
    assert_eq!(screen(&app), Screen::Case);
    send(&mut app, SetSpeed(Speed::X16));
    for dialog in [Dialog::End, Dialog::Confirm(fluid(30.0))] {
        app.world_mut().resource_mut::<Dialogs>().0 = Some(dialog);
        let ran = run_saved(&mut app, 10);
        assert!(
            (15..=17).contains(&ran),
            "one real second at 16× ran {ran} s"
        );
    }
    // Paused is paused, dialog or not.
    send(&mut app, SetSpeed(Speed::Paused));
    let t1 = now(&app);
    for _ in 0..10 {
        app.update();
    }
    assert_eq!(now(&app), t1);
}

#[test]
fn a_session_killed_mid_case_is_offered_for_resume_and_continues_exactly_where_it_was() {
    let (mut app, data) = started("resume");
    send(&mut app, PlaceOrder(Order::new("examine")));
    send(&mut app, SetSpeed(Speed::X16));
    for _ in 0..30 {
        app.update();
    }
    send(&mut app, PlaceOrder(Order::new("lactate")));
    let (records, t, path) = {
        let a = app.world().resource::<Active>();
        (
            a.session.sim.records().to_vec(),
            a.session.sim.now(),
            a.session.log_path().unwrap().to_path_buf(),
        )
    };
    // The process dies here: no end, no score, nothing flushed on exit.
    drop(app);

    let mut app = app_with(options(&data));
    let offered = &app.world().resource::<UnfinishedLogs>().0;
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].path, path);
    assert_eq!(offered[0].case_id, "app_mini_shock");
    send(&mut app, ResumeLog(path));
    assert_eq!(screen(&app), Screen::Case);
    let a = app.world().resource::<Active>();
    assert_eq!(a.session.sim.records(), records.as_slice());
    // Killed without warning, the patient is where they were at the last line of the log.
    assert!(a.session.sim.now() <= t);
    assert_eq!(a.session.sim.now(), records.last().unwrap().t());
}

#[test]
fn switching_language_rerenders_case_texts_at_once() {
    let data = data_dir("lang");
    let mut app = app_with(options(&data));
    let en = app.world().resource::<Lang>().case(0).get("mini-title");
    send(&mut app, SetLocale(Locale::JaJp));
    let lang = app.world().resource::<Lang>();
    assert_eq!(lang.locale, Locale::JaJp);
    let ja = lang.case(0).get("mini-title");
    assert_ne!(en, ja);
    assert_eq!(ja, "テスト症例：低血圧");
    assert!(lang.missing().is_empty());
}
