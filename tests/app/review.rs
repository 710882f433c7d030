//! The Review screen's logic without a window: the logs folder listed with each log's trust and
//! score, a log opened and replayed with the scrubber, playing forward, an altered log marked
//! untrusted (a broken chain, or a score line its decisions do not earn), and `--review LOG`
//! opening straight onto it. `LogicPlugins` on `MinimalPlugins`.
#![cfg(feature = "app")]

use crate::support::app as app_support;

use std::path::{Path, PathBuf};

use bevy::prelude::*;

use app_support::*;
use bedside::app::flow::{BackToLibrary, EndCase, OpenCase, PlaceOrder, SkipToNext, StartCase};
use bedside::app::review::{
    CloseReview, NoReplay, OpenReview, PlayReview, ReviewLogs, ReviewState, SeekReview,
};
use bedside::app::{Options, Screen};
use bedside::review::Trust;
use bedside::sim::Record;

fn app_with(data: &Path, review: Option<PathBuf>) -> App {
    app_support::app_with(Options {
        review,
        ..options(data)
    })
}

fn review(app: &App) -> &ReviewState {
    app.world().resource::<ReviewState>()
}

/// Plays a short session in the app (fluid, then a skip ahead, then end) and returns its log.
fn finished_session(app: &mut App) -> PathBuf {
    send(app, OpenCase(0));
    send(app, StartCase::default());
    // A skip waits for the log to be on disk: let it be, so that it happens at once.
    saved(app);
    send(app, SkipToNext);
    send(app, PlaceOrder(fluid(30.0)));
    saved(app);
    send(app, SkipToNext);
    let path = log_path(app);
    send(app, EndCase);
    assert_eq!(screen(app), Screen::Debrief);
    send(app, BackToLibrary);
    path
}

#[test]
fn an_assessor_lists_the_logs_opens_one_and_scrubs_through_it() {
    let data = data_dir("scrub");
    let mut app = app_with(&data, None);
    let path = finished_session(&mut app);

    send(&mut app, ReviewLogs);
    assert_eq!(screen(&app), Screen::Review);
    let logs = &review(&app).logs;
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].path, path);
    assert!(logs[0].verified);
    assert!(
        logs[0].score.is_some(),
        "a finished session shows its score"
    );

    send(&mut app, OpenReview(path.clone()));
    let open = review(&app).open.as_ref().expect("open");
    assert_eq!(open.log.trust, Trust::Verified);
    let replay = open.replay.as_ref().expect("the case is in the library");
    assert_eq!(replay.diverges_at, None);
    let end = replay.end;
    assert!(end > 0);
    let fluid_at = open
        .log
        .records
        .iter()
        .find_map(|r| match r {
            Record::Decision { t, order, .. } if order.action == "fluid" => Some(*t),
            _ => None,
        })
        .unwrap();
    let link = replay
        .decisions
        .iter()
        .find(|d| d.t == fluid_at)
        .expect("the fluid decision is listed");
    assert!(
        !link.criteria.is_empty(),
        "the fluid bolus decided at least one criterion"
    );

    // Just before the bolus the bedside has not had it; at its second, it has.
    send(&mut app, SeekReview(fluid_at - 1));
    let sim = review(&app).open.as_ref().unwrap().sim.as_ref().unwrap();
    assert_eq!(sim.now(), fluid_at - 1);
    assert!(
        !sim.records()
            .iter()
            .any(|r| matches!(r, Record::Decision { .. }))
    );
    send(&mut app, SeekReview(fluid_at));
    let sim = review(&app).open.as_ref().unwrap().sim.as_ref().unwrap();
    assert!(
        sim.records()
            .iter()
            .any(|r| matches!(r, Record::Decision { .. }))
    );

    // Past the end stays at the end.
    send(&mut app, SeekReview(end + 10_000));
    assert_eq!(review(&app).open.as_ref().unwrap().at, end);

    send(&mut app, CloseReview);
    assert!(review(&app).open.is_none());
    assert_eq!(screen(&app), Screen::Review);
    send(&mut app, BackToLibrary);
    assert_eq!(screen(&app), Screen::Library);
}

#[test]
fn playing_moves_the_scrubber_at_the_chosen_speed_and_stops_at_the_end() {
    let data = data_dir("play");
    let mut app = app_with(&data, None);
    let path = finished_session(&mut app);
    send(&mut app, OpenReview(path));
    send(&mut app, SeekReview(0));
    send(&mut app, PlayReview(Some(60)));
    let at0 = review(&app).open.as_ref().unwrap().at;
    for _ in 0..10 {
        app.update();
    }
    // Ten frames of 0.1 s at 60×: one simulated minute.
    let at1 = review(&app).open.as_ref().unwrap().at;
    assert_eq!(at1 - at0, 60, "from {at0} to {at1}");
    let sim = review(&app).open.as_ref().unwrap().sim.as_ref().unwrap();
    assert_eq!(sim.now(), at1);
    send(&mut app, PlayReview(None));
    for _ in 0..10 {
        app.update();
    }
    assert_eq!(review(&app).open.as_ref().unwrap().at, at1, "paused");
    // Played to the end, it stops there.
    let end = review(&app)
        .open
        .as_ref()
        .unwrap()
        .replay
        .as_ref()
        .unwrap()
        .end;
    send(&mut app, SeekReview(end - 3));
    send(&mut app, PlayReview(Some(60)));
    let open = review(&app).open.as_ref().unwrap();
    assert_eq!(open.at, end);
    assert_eq!(open.playing, None);
}

#[test]
fn an_altered_log_opens_marked_untrusted_at_its_first_bad_line() {
    let data = data_dir("altered");
    let mut app = app_with(&data, None);
    let path = finished_session(&mut app);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let i = lines
        .iter()
        .position(|l| l.contains("\"decision\""))
        .unwrap();
    lines[i] = lines[i].replace("30.0", "3.0");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();

    send(&mut app, ReviewLogs);
    assert!(!review(&app).logs[0].verified);
    send(&mut app, OpenReview(path));
    let open = review(&app).open.as_ref().expect("still viewable");
    assert_eq!(open.log.trust.bad_line(), Some(i + 2));
    assert!(
        open.replay.is_some(),
        "an untrusted log can still be replayed"
    );
    assert_eq!(open.log.records.len(), lines.len() - 2);
}

#[test]
fn a_missing_file_is_reported_and_review_flag_opens_a_log_at_startup() {
    let data = data_dir("startup");
    let mut app = app_with(&data, None);
    let path = finished_session(&mut app);
    send(&mut app, OpenReview(data.join("nope.jsonl")));
    let err = review(&app).error.clone().expect("an error");
    assert!(
        matches!(&err, bedside::log::LogError::Io(p, _) if p.ends_with("nope.jsonl")),
        "{err}"
    );
    assert!(review(&app).open.is_none());

    let mut app = app_with(&data, Some(path.clone()));
    app.update();
    assert_eq!(screen(&app), Screen::Review);
    let open = review(&app).open.as_ref().expect("opened at startup");
    assert_eq!(open.log.path, path);
    assert_eq!(open.log.trust, Trust::Verified);
}

#[test]
fn a_log_of_a_case_not_in_the_library_opens_without_a_replay_and_says_why_in_each_language() {
    let data = data_dir("no-replay");
    let mut app = app_with(&data, None);
    let path = finished_session(&mut app);
    // The same session, as if played on a case this library does not have (the edit breaks
    // the chain: the log opens untrusted, with its header still readable).
    let text = std::fs::read_to_string(&path).unwrap();
    let id = bedside::log::read(&path).unwrap().header.scenario_id;
    let other = data.join("other-case.jsonl");
    std::fs::write(
        &other,
        text.replacen(&format!("\"{id}\""), "\"no-such-case\"", 1),
    )
    .unwrap();
    send(&mut app, OpenReview(other));
    let open = review(&app).open.as_ref().expect("opened");
    assert!(open.replay.is_none());
    let why = open.no_replay.clone().expect("a reason");
    assert_eq!(why, NoReplay::NotInLibrary("no-such-case".into()));
    let sources = bedside::report::ui_sources();
    for locale in bedside::i18n::Locale::ALL {
        let t = bedside::i18n::Texts::new(locale, |l| sources.get(&l).cloned().unwrap_or_default());
        let said = why.text(&t);
        assert!(said.contains("no-such-case"), "{locale:?}: {said}");
        assert!(t.has_own("review-no-replay-not-in-library"), "{locale:?}");
        if locale != bedside::i18n::Locale::EnUs {
            assert!(!said.contains("not in the library"), "{locale:?}: {said}");
        }
    }
}

#[test]
fn a_log_whose_score_line_was_edited_is_listed_and_opened_as_untrusted_with_the_problem_worded() {
    let data = data_dir("score-edited");
    let mut app = app_with(&data, None);
    let path = finished_session(&mut app);
    let logged = bedside::log::read(&path)
        .unwrap()
        .score_report(&path)
        .unwrap()
        .unwrap();
    send(&mut app, ReviewLogs);
    let entry = &review(&app).logs[0];
    assert!(entry.verified, "an untouched log is trusted");
    assert_eq!(entry.score, Some((logged.percent, logged.passed)));

    // The verdict flipped in the score line: the hash chain does not cover it.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let n = lines.len();
    let (from, to) = if logged.passed {
        ("\"passed\":true", "\"passed\":false")
    } else {
        ("\"passed\":false", "\"passed\":true")
    };
    assert!(lines[n - 1].contains(from), "{}", lines[n - 1]);
    lines[n - 1] = lines[n - 1].replace(from, to);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    bedside::log::read(&path).expect("the chain alone cannot see the edit");

    send(&mut app, ReviewLogs);
    let entry = &review(&app).logs[0];
    assert!(!entry.verified, "listed as untrusted");
    assert_eq!(
        entry.score,
        Some((logged.percent, logged.passed)),
        "the list shows the re-derived verdict, not the edited one"
    );
    send(&mut app, OpenReview(path));
    let open = review(&app).open.as_ref().expect("still viewable");
    assert!(open.log.trust.score_altered(), "{:?}", open.log.trust);
    assert_eq!(open.log.trust.bad_line(), Some(n));
    assert_eq!(
        open.replay.as_ref().map(|r| r.rescored.passed),
        Some(logged.passed)
    );
    let Trust::Untrusted(e) = &open.log.trust else {
        unreachable!()
    };
    let sources = bedside::report::ui_sources();
    for locale in bedside::i18n::Locale::ALL {
        let t = bedside::i18n::Texts::new(locale, |l| sources.get(&l).cloned().unwrap_or_default());
        assert!(t.has_own("log-problem-score-mismatch"), "{locale:?}");
        assert!(t.has_own("review-untrusted-score"), "{locale:?}");
        assert!(t.has_own("review-rederived"), "{locale:?}");
        let said = bedside::wording::log_error_text(e, &t);
        assert!(said.contains(&format!(":{n}")), "{locale:?}: {said}");
        if locale == bedside::i18n::Locale::EnUs {
            assert!(said.contains("the score line was altered"), "{said}");
        }
    }
}
