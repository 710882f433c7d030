//! Action guards (the state at the time of the order) and standing orders (`schedule`, `Hold`,
//! `Resume`) on the `standing` fixture: when a guard trips and what it does, `tripped()` in a
//! transition, doses at their times, held and resumed, counted by ceilings but not as the
//! trainee's decisions, replays that reproduce all of it, and the errors a bad entry gives.

use crate::support as common;

use std::path::PathBuf;
use std::sync::Arc;

use bedside::rubric::{self, Status};
use bedside::scenario::LoadedCase;
use bedside::scenario::model::{Route, Script, Step};
use bedside::session;
use bedside::sim::{Order, Record, Simulation};

fn fixture() -> PathBuf {
    common::root().join("tests/fixtures/standing")
}

fn standing() -> LoadedCase {
    common::load(&fixture())
}

fn order(action: &str) -> Order {
    Order::new(action)
}

fn glucose(action: &str, g: f64) -> Order {
    Order {
        action: action.into(),
        dose: Some((g, "g".into())),
        route: Some(Route::PO),
        ..Order::default()
    }
}

/// Plays `orders` (time, order) from the start, then on to `until`.
fn play(loaded: &LoadedCase, orders: &[(u64, Order)], until: u64) -> Simulation {
    let mut sim = Simulation::new(Arc::clone(&loaded.case), 1);
    for (t, o) in orders {
        sim.advance_to(*t);
        sim.apply(o).expect("the order is accepted");
    }
    sim.advance_to(until);
    sim
}

/// The times the standing order `id` gave a dose.
fn doses(sim: &Simulation, id: &str) -> Vec<u64> {
    sim.records()
        .iter()
        .filter_map(|r| match r {
            Record::Standing { t, schedule, .. } if schedule == id => Some(*t),
            _ => None,
        })
        .collect()
}

/// The times event (or guard) `id` was recorded.
fn said(sim: &Simulation, id: &str) -> Vec<u64> {
    sim.records()
        .iter()
        .filter_map(|r| match r {
            Record::Event { t, id: e, .. } if e == id => Some(*t),
            _ => None,
        })
        .collect()
}

fn glucose_in_body(sim: &Simulation) -> f64 {
    let case = sim.case();
    let i = case
        .drugs
        .iter()
        .position(|d| d.def.id == "glucose")
        .unwrap();
    sim.in_body(i)
}

fn status(report: &rubric::ScoreReport, id: &str) -> Status {
    report.criteria.iter().find(|c| c.id == id).unwrap().status
}

#[test]
fn a_guard_trips_when_its_condition_holds_at_the_order_and_the_dose_does_not_reach_her() {
    let loaded = standing();
    // GCS 12 at 1 minute: the tablets are aspirated instead of absorbed.
    let sim = play(&loaded, &[(60, glucose("oral_glucose", 15.0))], 300);
    let after: Vec<&Record> = sim.records().iter().filter(|r| r.t() == 60).collect();
    assert!(matches!(after[0], Record::Decision { .. }), "{after:?}");
    match after[1] {
        Record::Event {
            id, text, values, ..
        } => {
            assert_eq!(id, "aspiration");
            assert_eq!(text, "standing-guard-aspiration");
            assert_eq!(values, &[("gcs".to_string(), 12.0)]);
        }
        other => panic!("expected the guard's words, got {other:?}"),
    }
    assert!(
        matches!(after[2], Record::State { to, .. } if to == "aspiration"),
        "{after:?}"
    );
    assert_eq!(sim.state_id(), "aspiration");
    // The standing feed starts at 10 minutes: nothing of glucose in the body by 5 minutes.
    assert_eq!(glucose_in_body(&sim), 0.0);
    // The guard's effect: SpO₂ 6 lower than it would have been.
    let untouched = play(&loaded, &[], 300);
    let spo2 = |s: &Simulation| s.truth()[s.case().var("spo2").unwrap()];
    assert!((spo2(&untouched) - spo2(&sim) - 6.0).abs() < 1e-9);
    // The order is still the trainee's decision, which the rubric judges: she came to harm.
    let report = rubric::score_simulation(&sim);
    assert_eq!(status(&report, "no_aspiration"), Status::Harmful);
}

#[test]
fn a_guard_whose_condition_does_not_hold_lets_the_order_through() {
    let loaded = standing();
    // Roused first (GCS 15 from the next tick), the tablets are swallowed.
    let sim = play(
        &loaded,
        &[(30, order("wake")), (60, glucose("oral_glucose", 15.0))],
        300,
    );
    assert!(said(&sim, "aspiration").is_empty());
    assert_eq!(sim.state_id(), "hypo");
    assert!(glucose_in_body(&sim) > 0.0);
}

#[test]
fn a_guard_that_is_not_instead_adds_its_consequence_and_tripped_moves_a_transition() {
    let loaded = standing();
    let sim = play(&loaded, &[(60, glucose("oral_glucose_sip", 15.0))], 300);
    // The dose is given, and the cough is said.
    assert_eq!(said(&sim, "aspiration_risk"), [60]);
    assert!(glucose_in_body(&sim) > 0.0);
    // `tripped('aspiration_risk')` takes the state's transition on the next tick.
    let moved: Vec<(u64, &str)> = sim
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::State { t, to, .. } => Some((*t, to.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(moved, [(70, "chest")]);
    // Roused first, it does not trip, and the state stays.
    let calm = play(
        &loaded,
        &[(30, order("wake")), (60, glucose("oral_glucose_sip", 15.0))],
        300,
    );
    assert!(said(&calm, "aspiration_risk").is_empty());
    assert_eq!(calm.state_id(), "hypo");
}

#[test]
fn standing_doses_are_given_at_their_times_and_every_repeats_to_the_end() {
    let loaded = standing();
    let sim = play(&loaded, &[], 7200);
    assert_eq!(doses(&sim, "gliclazide"), [1800, 5400]);
    assert_eq!(doses(&sim, "feed"), [600, 1800, 3000, 4200, 5400, 6600]);
    // In the drug's own unit (5000 mg of glucose kept in g), by the drug's route.
    let first = sim
        .records()
        .iter()
        .find(|r| matches!(r, Record::Standing { schedule, .. } if schedule == "feed"))
        .unwrap();
    assert_eq!(
        first,
        &Record::Standing {
            t: 600,
            schedule: "feed".into(),
            drug: "glucose".into(),
            amount: 5.0,
            route: Route::PO,
        }
    );
    // They reach the patient (`total` sees them: the event on two doses fires) but are not
    // the trainee's decisions (`given` does not).
    assert_eq!(said(&sim, "total_note"), [5400]);
    assert!(said(&sim, "given_note").is_empty());
}

#[test]
fn a_held_order_gives_nothing_and_a_resumed_one_gives_from_its_next_time() {
    let loaded = standing();
    let held = play(&loaded, &[(300, order("hold_gliclazide"))], 7200);
    assert!(doses(&held, "gliclazide").is_empty());
    // `held()` holds from the hold on (the event fires on the next tick).
    assert_eq!(said(&held, "held_note"), [310]);
    // The other order goes on.
    assert_eq!(doses(&held, "feed").len(), 6);
    // Resumed after the 30-minute dose was due: no catch-up, the next at 1h30m.
    let resumed = play(
        &loaded,
        &[
            (300, order("hold_gliclazide")),
            (2400, order("resume_gliclazide")),
        ],
        7200,
    );
    assert_eq!(doses(&resumed, "gliclazide"), [5400]);
    // A hold at the very second a dose is due comes after it.
    let same_second = play(&loaded, &[(1800, order("hold_gliclazide"))], 7200);
    assert_eq!(doses(&same_second, "gliclazide"), [1800]);
}

#[test]
fn ceilings_count_standing_doses_and_done_does_not() {
    let loaded = standing();
    // Nothing held: 160 mg of gliclazide against a 100 mg total.
    let report = rubric::score_simulation(&play(&loaded, &[], 7200));
    assert_eq!(status(&report, "gliclazide_total"), Status::Harmful);
    assert!(!report.passed);
    assert_eq!(status(&report, "gliclazide_done"), Status::Missed);
    // The feed's 5 g doses are under the 20 g ceiling, which they make applicable.
    assert_eq!(status(&report, "glucose_ceiling"), Status::Met);
    // Held after the first dose: 80 mg.
    let report =
        rubric::score_simulation(&play(&loaded, &[(2000, order("hold_gliclazide"))], 7200));
    assert_eq!(status(&report, "gliclazide_total"), Status::Met);
    // Held before any: never given, not applicable.
    let report = rubric::score_simulation(&play(&loaded, &[(60, order("hold_gliclazide"))], 7200));
    assert_eq!(status(&report, "gliclazide_total"), Status::NotApplicable);
    // A trainee's own dose above the ceiling is judged beside the standing ones.
    let report = rubric::score_simulation(&play(
        &loaded,
        &[(30, order("wake")), (60, glucose("oral_glucose", 25.0))],
        7200,
    ));
    assert_eq!(status(&report, "glucose_ceiling"), Status::Harmful);
}

#[test]
fn a_log_replays_its_guards_and_standing_doses_and_scores_the_same_twice() {
    let loaded = standing();
    let step = |at: u64, action: &str, dose: Option<f64>| Step {
        at: bedside::scenario::model::Dur(at),
        action: action.into(),
        dose: dose.map(|g| (g, "g".to_string())),
        rate: None,
        route: dose.map(|_| Route::PO),
    };
    let script = Script {
        steps: vec![
            step(60, "oral_glucose_sip", Some(15.0)),
            step(300, "hold_gliclazide", None),
            step(2400, "resume_gliclazide", None),
            step(3000, "oral_glucose", Some(15.0)),
        ],
        end_at: None,
    };
    let dir = common::tempdir("standing-replay");
    let path = dir.join("s.jsonl");
    let live = session::play(
        Arc::clone(&loaded.case),
        &script,
        &common::info(3),
        Some(&path),
    )
    .unwrap();
    let records = live.sim.records().to_vec();
    assert_eq!(said(&live.sim, "aspiration_risk"), [60]);
    assert_eq!(said(&live.sim, "aspiration"), [3000]);
    assert_eq!(doses(&live.sim, "gliclazide"), [5400]);
    // The log reads back to the same records, and a replay of its decisions makes them again.
    let log = bedside::log::read(&path).unwrap();
    assert_eq!(log.records, records);
    let replay = Simulation::replay(Arc::clone(&loaded.case), 3, &log.records);
    assert_eq!(replay.records(), &records[..]);
    // Scored twice from the log: the same report, the same as the live one, no divergence.
    let (a, da) = session::score_records(&loaded.case, 3, &log.records);
    let (b, db) = session::score_records(&loaded.case, 3, &log.records);
    assert_eq!((da, db), (None, None));
    assert_eq!(a, b);
    assert_eq!(Some(&a), live.score());
}

/// The fixture in a folder of its own with one planted change, and what loading it reports.
fn planted(name: &str, find: &str, replace: &str) -> Vec<String> {
    common::diagnostics(&planted_dir(name, find, replace))
}

/// The folder of [`planted`].
fn planted_dir(name: &str, find: &str, replace: &str) -> PathBuf {
    let root = common::shared_library_root(name);
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    let src = std::fs::read_to_string(fixture().join("scenario.ron"))
        .unwrap()
        .replace("\"../../../scenarios/drugs.ron\"", "\"../drugs.ron\"");
    assert_eq!(src.matches(find).count(), 1, "{find}");
    std::fs::write(dir.join("scenario.ron"), src.replace(find, replace)).unwrap();
    for l in ["en-US", "ja-JP", "zh-CN"] {
        let f = format!("locales/{l}.ftl");
        std::fs::copy(fixture().join(&f), dir.join(&f)).unwrap();
    }
    dir
}

#[test]
fn a_guard_into_an_end_state_ends_the_case_with_the_order_and_replays_so() {
    let dir = planted_dir(
        "standing-guard-end",
        "label: \"standing-state-aspiration\", harm: true",
        "label: \"standing-state-aspiration\", end: Died",
    );
    let loaded = common::load(&dir);
    let mut sim = Simulation::new(Arc::clone(&loaded.case), 1);
    sim.advance_to(60);
    sim.apply(&glucose("oral_glucose", 15.0)).unwrap();
    assert!(sim.is_over());
    let kinds: Vec<String> = sim
        .records()
        .iter()
        .filter(|r| r.t() == 60)
        .map(|r| serde_json::to_value(r).unwrap()["kind"].to_string())
        .collect();
    assert_eq!(kinds, ["\"decision\"", "\"event\"", "\"state\"", "\"end\""]);
    // Nothing more happens, and a replay of the decisions ends the same way.
    assert!(sim.advance(600).is_empty());
    let replay = Simulation::replay(Arc::clone(&loaded.case), 1, sim.records());
    assert_eq!(replay.records(), sim.records());
    let report = rubric::score_simulation(&sim);
    assert!(!report.passed);
}

#[test]
fn bad_schedules_guards_and_holds_are_reported_at_their_place() {
    let gliclazide = "(id: \"gliclazide\", drug: \"gliclazide\", dose: (80.0, \"mg\"), route: PO, at: [\"30m\", \"1h30m\"]),";
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "sched-unknown-drug",
            "drug: \"gliclazide\", dose",
            "drug: \"glicazide\", dose",
            &["scenario.ron:25:34: no drug 'glicazide' in the drug library or this case"],
        ),
        (
            "sched-bad-route",
            "(80.0, \"mg\"), route: PO",
            "(80.0, \"mg\"), route: IV",
            &["scenario.ron:25:75: gliclazide has no onset for route IV in the drug library"],
        ),
        (
            "sched-zero-every",
            "every: \"20m\"",
            "every: \"0s\"",
            &[
                "scenario.ron:27:92: `every` must be longer than 0s: it is how long until the next dose",
            ],
        ),
        (
            "sched-after-the-end",
            "at: [\"30m\", \"1h30m\"]",
            "at: [\"30m\", \"2h30m\"]",
            &[
                "scenario.ron:25:91: 2h30m is after the end of the case (2h): this dose would never be given",
            ],
        ),
        (
            "sched-bad-unit",
            "dose: (80.0, \"mg\")",
            "dose: (80.0, \"mL\")",
            &[
                "scenario.ron:25:54: unit 'mL' measures volume, but mass was expected (for example 'mg')",
            ],
        ),
        (
            "sched-duplicate",
            gliclazide,
            &format!("{gliclazide}\n        {gliclazide}"),
            &["scenario.ron:26:14: duplicate standing order id 'gliclazide'"],
        ),
        (
            "hold-unknown",
            "Hold(schedule: \"gliclazide\")",
            "Hold(schedule: \"glicazide\")",
            &[
                "scenario.ron:67:99: no standing order 'glicazide' in this case's `schedule` (known: feed, gliclazide)",
            ],
        ),
        (
            "held-unknown",
            "when: \"held('gliclazide')\"",
            "when: \"held('glicazide')\"",
            &[
                "scenario.ron:83:39: 'glicazide' is not a standing order of this case (held(...) takes an id from `schedule`)",
            ],
        ),
        (
            "tripped-unknown",
            "when: \"tripped('aspiration_risk')\"",
            "when: \"tripped('aspirationrisk')\"",
            &[
                "scenario.ron:35:46: 'aspirationrisk' is not a guard of an action of this case (tripped(...) takes a guard's id)",
            ],
        ),
        (
            "guard-bad-condition",
            "when: \"gcs < 14\",\n",
            "when: \"gcs < 14m\",\n",
            &["scenario.ron:51:32: cannot compare a number with a duration"],
        ),
        (
            "guard-unknown-state",
            "to: \"aspiration\",",
            "to: \"aspirated\",",
            &["scenario.ron:52:25: unknown state 'aspirated'"],
        ),
        (
            "guard-duplicate",
            "(id: \"aspiration_risk\", when",
            "(id: \"aspiration\", when",
            &[
                "scenario.ron:64:22: duplicate guard id 'aspiration'",
                "scenario.ron:35:46: 'aspiration_risk' is not a guard of an action of this case (tripped(...) takes a guard's id)",
            ],
        ),
        (
            "guard-text-without-speaker",
            "instead: false, speaker: Nurse, text",
            "instead: false, text",
            &[
                "scenario.ron:64:81: a guard's text needs a speaker (Nurse, Patient, Relative, Doctor or System)",
            ],
        ),
        (
            "guard-same-id-as-event",
            "(id: \"held_note\"",
            "(id: \"aspiration\"",
            &[
                "scenario.ron:50:25: 'aspiration' is also an event's id: a guard's words are recorded like an event, so give it an id of its own",
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (name, find, replace, want) in cases {
        let mut got = planted(name, find, replace);
        got.sort();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        if got != want {
            wrong.push(format!("{name}: got {got:#?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn lints_name_an_order_nobody_can_hold_one_that_breaks_a_ceiling_alone_and_see_guard_states() {
    let loaded = standing();
    let found: Vec<String> = bedside::lint::lint(&loaded)
        .iter()
        .map(|d| {
            d.to_string()
                .replace(&format!("{}/", fixture().display()), "")
        })
        .collect();
    let has = |s: &str| found.iter().any(|f| f == s);
    assert!(
        has(
            "scenario.ron:25:54: warning: the standing order 'gliclazide' alone breaks the ceiling of criterion 'gliclazide_total': its doses come to 160 mg (at most 100 mg), so a trainee who leaves it running fails"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "scenario.ron:27:14: note: no action holds the standing order 'feed' (`Hold(schedule: \"feed\")`): every dose of it is given, whatever the trainee does"
        ),
        "{found:#?}"
    );
    // Gliclazide can be held; the feed's 5 g doses are under the 20 g ceiling.
    assert!(!found.iter().any(|f| f.contains("'gliclazide' (`Hold")));
    assert!(!found.iter().any(|f| f.contains("'feed' alone")));
    // The guard's state and the state `tripped()` leads to are reachable.
    assert!(
        !found.iter().any(|f| f.contains("can never be reached")),
        "{found:#?}"
    );
    // Standing doses are not decisions: a `Done` on the drug alone can never be met.
    assert!(has(
        "scenario.ron:108:35: warning: criterion 'gliclazide_done' can never be met: no action is or gives 'gliclazide'"
    ));
}

#[test]
fn a_standing_dose_is_worded_in_every_language() {
    use bedside::i18n::Locale;
    let loaded = standing();
    for (locale, want) in [
        (Locale::EnUs, "Standing order: gliclazide 80\u{a0}mg PO"),
        (Locale::JaJp, "定期処方：グリクラジド 80\u{a0}mg PO"),
        (Locale::ZhCn, "长期医嘱：格列齐特 80\u{a0}mg PO"),
    ] {
        let t = loaded.texts(locale, &bedside::report::ui_sources());
        let got = bedside::wording::standing_text(&loaded.case, "gliclazide", 80.0, Route::PO, &t);
        assert_eq!(got, want, "{locale:?}");
    }
}
