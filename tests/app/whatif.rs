//! The What if view's and the My progress page's logic without a window: from the debrief and
//! from the Review screen, a finished session re-run with a decision moved, dropped or added,
//! back to where the trainee came from, nothing written; the progress of a trainee with a dozen
//! sessions (and logs that must not count). `LogicPlugins` on `MinimalPlugins`, bundled cases.
#![cfg(feature = "app")]

use crate::support::app as app_support;
use crate::support::{self as common};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::prelude::*;

use app_support::*;
use bedside::app::flow::{BackToLibrary, OpenCase, StartCase};
use bedside::app::progress::{OpenProgress, ProgressState};
use bedside::app::review::{OpenReview, ReviewState};
use bedside::app::state::{Active, Settings};
use bedside::app::whatif::{CloseWhatIf, EditWhatIf, OpenWhatIf, WhatIfState};
use bedside::app::{Options, Screen};
use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::rubric::Status;
use bedside::session::{SessionInfo, play};
use bedside::whatif::Edit;

fn app_with(data: &Path) -> App {
    app_support::app_with(Options {
        cases: PathBuf::from("scenarios"),
        ..options(data)
    })
}

fn state(app: &App) -> &WhatIfState {
    app.world().resource::<WhatIfState>()
}

fn sepsis_index(app: &App) -> usize {
    app.world()
        .resource::<bedside::app::catalog::Catalog>()
        .index_of("icu-sepsis")
        .unwrap()
}

/// Plays a golden path of a bundled case into the data folder's logs as `trainee`, started at
/// `start_ms`; returns the log.
fn played(data: &Path, case: &str, path: &str, trainee: &str, start_ms: u64) -> PathBuf {
    let l = common::load(&common::root().join("scenarios").join(case));
    let gp = l.case.scenario.golden_path(path).unwrap();
    let dir = data.join("logs");
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join(format!("{case}-{start_ms}.jsonl"));
    let info = SessionInfo {
        seed: gp.seed,
        trainee: trainee.into(),
        locale: Locale::EnUs,
        clock: Clock::Scripted { start_ms },
    };
    play(Arc::clone(&l.case), &gp.script(), &info, Some(&log)).unwrap();
    log
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn from_the_debrief_a_moved_decision_is_re_run_and_the_trainee_comes_back() {
    let data = data_dir("whatif-debrief");
    let mut app = app_with(&data);
    let case = sepsis_index(&app);
    // A real session in the app: the trainee ends it at once (so the debrief comes quickly).
    send(&mut app, OpenCase(case));
    send(&mut app, StartCase { seed: Some(14) });
    saved(&mut app);
    send(
        &mut app,
        bedside::app::flow::PlaceOrder(bedside::sim::Order {
            action: "news2".into(),
            ..Default::default()
        }),
    );
    saved(&mut app);
    send(&mut app, bedside::app::flow::EndCase);
    assert_eq!(screen(&app), Screen::Debrief);
    saved(&mut app);
    let log = log_path(&app);
    let before = std::fs::read(&log).unwrap();
    let logs = files(&data.join("logs"));

    send(
        &mut app,
        OpenWhatIf {
            case,
            log: log.clone(),
            back: Screen::Debrief,
            edits: Vec::new(),
        },
    );
    assert_eq!(screen(&app), Screen::WhatIf);
    let view = state(&app).view.as_ref().expect("the what-if opened");
    assert_eq!(view.original.decisions().len(), 1);
    let answer = view.answer.as_ref().unwrap();
    assert!(answer.changed.is_empty(), "no edit: nothing changed");
    assert_eq!(answer.what_if.report, view.original.run.report);

    // Moved later, within the trainee's session (ended at 0 s): refused with the reason.
    send(&mut app, EditWhatIf::Move(1, Some(600)));
    let view = state(&app).view.as_ref().unwrap();
    let why = view.refused.as_deref().unwrap();
    assert!(why.contains("after the trainee ended the session"), "{why}");
    // Back at its own time: runs again.
    send(&mut app, EditWhatIf::Move(1, None));
    assert!(state(&app).view.as_ref().unwrap().refused.is_none());
    // Dropped: the NEWS2 criterion (if any) changes; the score is a what-if's.
    send(&mut app, EditWhatIf::Drop(1, true));
    let view = state(&app).view.as_ref().unwrap();
    assert_eq!(
        view.draft.edits(),
        [Edit::Drop { decision: 1 }],
        "the draft holds the change"
    );
    assert!(
        view.answer
            .as_ref()
            .unwrap()
            .what_if
            .sim
            .records()
            .iter()
            .all(|r| !matches!(r, bedside::sim::Record::Decision { .. }))
    );
    // The expert's patient on the same seed, for the faint line.
    send(&mut app, EditWhatIf::Expert(true));
    let view = state(&app).view.as_ref().unwrap();
    let (id, expert) = view.expert.as_ref().unwrap();
    assert_eq!(id, "expert_responder");
    assert_eq!(expert.seed(), 14);
    assert!(!expert.trajectory().is_empty());

    send(&mut app, CloseWhatIf);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(state(&app).view.is_none());
    // The session is still the debrief's, the log untouched, nothing new in the folder.
    assert!(app.world().get_resource::<Active>().is_some());
    assert_eq!(std::fs::read(&log).unwrap(), before);
    assert_eq!(files(&data.join("logs")), logs);
    send(&mut app, BackToLibrary);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn from_the_review_screen_the_antibiotic_moved_past_an_hour_is_a_critical_miss() {
    let data = data_dir("whatif-review");
    let log = played(
        &data,
        "icu-sepsis",
        "dopamine_first",
        "alice",
        1_700_000_000_000,
    );
    let mut app = app_with(&data);
    let case = sepsis_index(&app);
    send(&mut app, OpenReview(log.clone()));
    assert_eq!(screen(&app), Screen::Review);
    assert!(app.world().resource::<ReviewState>().open.is_some());
    // Decision 7 of the path is piperacillin–tazobactam at 10 min.
    send(
        &mut app,
        OpenWhatIf {
            case,
            log: log.clone(),
            back: Screen::Review,
            edits: vec![Edit::Move {
                decision: 7,
                to: 61 * 60,
            }],
        },
    );
    assert_eq!(screen(&app), Screen::WhatIf);
    let view = state(&app).view.as_ref().unwrap();
    assert_eq!(
        view.original.decisions()[6].1.action,
        "piperacillin_tazobactam_iv"
    );
    let answer = view.answer.as_ref().unwrap();
    let changed: Vec<&str> = answer
        .changed
        .iter()
        .map(|&i| answer.what_if.report.criteria[i].id.as_str())
        .collect();
    assert_eq!(changed, ["antimicrobial_1h"]);
    assert_eq!(
        answer.what_if.report.criteria[answer.changed[0]].status,
        Status::Missed
    );
    // An order added: oxygen is already there; a second NEWS2 changes nothing more.
    send(
        &mut app,
        EditWhatIf::Add(
            20 * 60,
            bedside::sim::Order {
                action: "news2".into(),
                ..Default::default()
            },
        ),
    );
    let view = state(&app).view.as_ref().unwrap();
    assert_eq!(view.draft.added.len(), 1);
    assert_eq!(view.answer.as_ref().unwrap().changed.len(), 1);
    send(&mut app, EditWhatIf::Reset);
    let view = state(&app).view.as_ref().unwrap();
    assert!(view.answer.as_ref().unwrap().changed.is_empty());
    send(&mut app, CloseWhatIf);
    assert_eq!(screen(&app), Screen::Review);
    assert!(app.world().resource::<ReviewState>().open.is_some());

    // An altered log: the what-if refuses it, with the reason, and offers the way back.
    let altered = data.join("logs").join("altered.jsonl");
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::write(&altered, text.replacen("\"t\":600", "\"t\":660", 1)).unwrap();
    send(
        &mut app,
        OpenWhatIf {
            case,
            log: altered,
            back: Screen::Review,
            edits: Vec::new(),
        },
    );
    assert_eq!(screen(&app), Screen::WhatIf);
    assert!(state(&app).view.is_none());
    let why = state(&app).refused.as_deref().unwrap();
    assert!(why.contains("hash chain broken"), "{why}");
    send(&mut app, CloseWhatIf);
    assert_eq!(screen(&app), Screen::Review);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn my_progress_shows_a_dozen_sessions_and_leaves_untrusted_logs_out() {
    let data = data_dir("progress");
    // A dozen sessions of alice's, over three cases, from golden paths; one of bob's.
    let plays = [
        ("icu-sepsis", "novice"),
        ("icu-sepsis", "partial"),
        ("pain-opioid-renal", "novice"),
        ("icu-sepsis", "dopamine_first"),
        ("geri-delirium", "novice"),
        ("pain-opioid-renal", "expert"),
        ("icu-sepsis", "partial"),
        ("geri-delirium", "expert"),
        ("icu-sepsis", "expert_responder"),
        ("pain-opioid-renal", "expert"),
        ("geri-delirium", "expert"),
        ("icu-sepsis", "expert"),
    ];
    let day = 86_400_000;
    let mut logs = Vec::new();
    for (i, (case, path)) in plays.iter().enumerate() {
        let start = 1_700_000_000_000 + i as u64 * day;
        logs.push(played(&data, case, path, "alice", start));
    }
    played(&data, "icu-sepsis", "novice", "bob", 1_600_000_000_000);
    // One of alice's logs with its score line altered to a pass: untrusted, and not counted.
    let forged = played(&data, "icu-sepsis", "untreated", "alice", 1_650_000_000_000);
    let text = std::fs::read_to_string(&forged).unwrap();
    let score_line = text.lines().last().unwrap();
    let edited = score_line.replacen("\"passed\":false", "\"passed\":true", 1);
    assert_ne!(edited, score_line);
    std::fs::write(&forged, text.replace(score_line, &edited)).unwrap();

    let mut app = app_with(&data);
    app.world_mut().resource_mut::<Settings>().trainee = " alice ".into();
    send(&mut app, OpenProgress);
    assert_eq!(screen(&app), Screen::Progress);
    let p = &app.world().resource::<ProgressState>().progress;
    assert_eq!(
        p.sessions.len(),
        12,
        "bob's and the forged one are not alice's figures"
    );
    assert_eq!(p.sessions[0].path, logs[0]);
    assert_eq!(p.untrusted.len(), 1);
    assert_eq!(p.untrusted[0].path, forged);
    assert!(
        p.untrusted[0].why.to_string().contains("score line"),
        "{}",
        p.untrusted[0].why
    );
    let sepsis = p.cases.iter().find(|c| c.case_id == "icu-sepsis").unwrap();
    assert_eq!(sepsis.sessions, 6);
    assert!(sepsis.best.1 && sepsis.last.1, "{sepsis:?}");
    assert_eq!(p.cases.len(), 3);
    assert_eq!(
        p.cases[0].case_id, "icu-sepsis",
        "in the order first played"
    );
    // The novice and partial sepsis sessions both miss the cultures before the antibiotic.
    assert!(p.missed.iter().all(|m| m.count > 1), "{:?}", p.missed);
    assert!(!p.missed.is_empty());
    // Play again: the case's briefing.
    let i = sepsis_index(&app);
    send(&mut app, OpenCase(i));
    assert_eq!(screen(&app), Screen::Briefing);
    send(&mut app, BackToLibrary);
    // With no name given, the page asks for one and counts nobody's logs.
    app.world_mut().resource_mut::<Settings>().trainee = "  ".into();
    send(&mut app, OpenProgress);
    let s = app.world().resource::<ProgressState>();
    assert!(s.trainee.is_none() && s.progress.sessions.is_empty());
    let _ = std::fs::remove_dir_all(&data);
}
