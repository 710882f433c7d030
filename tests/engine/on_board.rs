//! Drugs on board at the start (`on_board`): a dose given before the case begins is where the
//! drug's own kinetics would have taken it, an infusion running at the start keeps running until
//! the trainee stops it, and neither is one of the trainee's decisions.

use crate::support as common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::rubric::{FailReason, Status};
use bedside::scenario::case::Case;
use bedside::scenario::expr::Context;
use bedside::session::{LiveSession, rescore};
use bedside::sim::{Order, Simulation};

/// An action giving subcutaneous morphine, added to the fixture so that a depot route can be
/// compared with a dose given during the case (its label reuses one of the fixture's texts).
const MORPHINE_SC: &str = r#"(id: "morphine_sc", label: "mini-act-fluid", group: Medicate, kind: Give(drug: "morphine", routes: [SC], dose: (unit: "mg", min: 2.0, max: 10.0))),
        (id: "call_icu","#;

/// The mini fixture in `root/name` with the morphine action, and with `on_board` entries.
fn build(root: &Path, name: &str, on_board: &str) -> PathBuf {
    common::mini_variant(
        root,
        name,
        |s| {
            s.replacen("(id: \"call_icu\",", MORPHINE_SC, 1).replacen(
                "    responders:",
                &format!("    on_board: [{on_board}],\n    responders:"),
                1,
            )
        },
        |_, t| t,
    )
}

fn case(root: &Path, name: &str, on_board: &str) -> Arc<Case> {
    common::load(&build(root, name, on_board)).case
}

fn drug(case: &Case, id: &str) -> usize {
    case.drugs.iter().position(|d| d.def.id == id).unwrap()
}

fn order(action: &str, dose: Option<(f64, &str)>, rate: Option<(f64, &str)>) -> Order {
    Order {
        action: action.into(),
        dose: dose.map(|(v, u)| (v, u.into())),
        rate: rate.map(|(v, u)| (v, u.into())),
        route: None,
    }
}

/// A dose on board `ago` before the start is, at the start, exactly (bit for bit) what the same
/// dose given at zero is after `ago`: the same kinetics on the same tick grid, for an IV push,
/// a subcutaneous depot and an infusion, and for an `ago` off the grid (rounded up to the next
/// tick, as a decision between ticks is).
#[test]
fn a_dose_given_before_the_start_is_where_its_kinetics_take_it() {
    let root = common::shared_library_root("on-board-kinetics");
    let plain = case(&root, "plain", "");
    for (name, entry, action, dose, rate, ago) in [
        (
            "fluid",
            r#"(drug: "balanced_crystalloid", dose: (1000.0, "mL"), ago: "30m")"#,
            "fluid",
            Some((1000.0, "mL")),
            None,
            1800,
        ),
        (
            "morphine",
            r#"(drug: "morphine", dose: (5.0, "mg"), route: SC, ago: "45m")"#,
            "morphine_sc",
            Some((5.0, "mg")),
            None,
            2700,
        ),
        (
            "ne",
            r#"(drug: "norepinephrine", rate: (0.1, "µg/kg/min"), ago: "40m")"#,
            "start_norepinephrine",
            None,
            Some((0.1, "µg/kg/min")),
            2400,
        ),
        (
            "off-grid",
            r#"(drug: "morphine", dose: (5.0, "mg"), route: SC, ago: "25s")"#,
            "morphine_sc",
            Some((5.0, "mg")),
            None,
            30,
        ),
    ] {
        let on = case(&root, name, entry);
        let d = drug(&on, name_of(entry));
        let at_start = Simulation::new(Arc::clone(&on), 1);
        assert!(at_start.in_body(d) > 0.0, "{name}: nothing on board");
        let mut given = Simulation::new(Arc::clone(&plain), 1);
        given.apply(&order(action, dose, rate)).unwrap();
        given.advance(ago);
        assert_eq!(
            at_start.in_body(d).to_bits(),
            given.in_body(d).to_bits(),
            "{name}: {} on board, {} given at zero after {ago}s",
            at_start.in_body(d),
            given.in_body(d)
        );
        // Two minutes on, with nothing done, the two still agree (the untreated patient of the
        // fixture arrests not long after).
        let mut later = at_start.clone();
        later.advance(120);
        given.advance(120);
        assert!(!later.is_over() && !given.is_over(), "{name}");
        assert_eq!(
            later.in_body(d).to_bits(),
            given.in_body(d).to_bits(),
            "{name}"
        );
    }
}

fn name_of(entry: &str) -> &str {
    let start = entry.find("drug: \"").unwrap() + 7;
    let end = start + entry[start..].find('"').unwrap();
    &entry[start..end]
}

/// An infusion running at the start acts from the first moment, shows among the running
/// infusions, and stops when the trainee stops it.
#[test]
fn an_infusion_running_at_the_start_acts_until_it_is_stopped() {
    let root = common::shared_library_root("on-board-infusion");
    let plain = case(&root, "plain", "");
    let on = case(
        &root,
        "ne",
        r#"(drug: "norepinephrine", rate: (0.1, "µg/kg/min"), ago: "20m")"#,
    );
    let ne = drug(&on, "norepinephrine");
    let map = on.var("map").unwrap();
    let without = Simulation::new(Arc::clone(&plain), 3);
    let mut with = Simulation::new(Arc::clone(&on), 3);
    assert!(
        with.truth()[map] > without.truth()[map] + 5.0,
        "MAP {} with norepinephrine running, {} without",
        with.truth()[map],
        without.truth()[map]
    );
    let running: Vec<(usize, f64)> = with.infusions().collect();
    assert_eq!(running.len(), 1);
    assert_eq!(running[0].0, ne);
    // 0.1 µg/kg/min for 60 kg is 360 µg/h.
    assert!((running[0].1 - 360.0).abs() < 1e-9, "{running:?}");
    // running('norepinephrine') and running('vasopressor') (its class) hold from the start.
    let (by_id, by_class) = (
        on.tag("norepinephrine").unwrap(),
        on.tag("vasopressor").unwrap(),
    );
    assert!(with.running(by_id) && with.running(by_class));
    assert!(!without.running(by_id) && !without.running(by_class));
    with.advance(600);
    let before = with.in_body(ne);
    with.apply(&order("stop_norepinephrine", None, None))
        .unwrap();
    assert_eq!(with.infusions().count(), 0);
    assert!(!with.running(by_id) && !with.running(by_class));
    with.advance(1800);
    assert!(
        with.in_body(ne) < before / 100.0,
        "norepinephrine ({}) should wash out after the pump stops (was {before})",
        with.in_body(ne)
    );
}

/// What was on board is the patient's history, not the trainee's decision: the rubric's
/// "norepinephrine was given" is not met by an infusion the trainee found running, and the
/// session's log re-scores to the same report.
#[test]
fn what_was_on_board_is_not_the_trainees_decision_and_rescores_the_same() {
    let root = common::shared_library_root("on-board-score");
    let on = case(
        &root,
        "ne",
        r#"(drug: "norepinephrine", rate: (0.1, "µg/kg/min"), ago: "20m"), (drug: "morphine", dose: (2.5, "mg"), route: SC, ago: "1h")"#,
    );
    let dir = common::tempdir("on-board-score-log");
    let path = dir.join("s.jsonl");
    let mut s = LiveSession::start(Arc::clone(&on), &common::info(11), Some(&path)).unwrap();
    s.advance(120).unwrap();
    s.apply(&order("lactate", None, None)).unwrap();
    s.advance(600).unwrap();
    let report = s.end().unwrap().clone();
    let ne = report.criteria.iter().find(|c| c.id == "ne").unwrap();
    assert_eq!(ne.status, Status::Missed, "{ne:?}");
    assert!(
        report.fail_reasons.contains(&FailReason::CriticalMissed {
            criterion: "ne".into()
        }),
        "{:?}",
        report.fail_reasons
    );
    let session = bedside::log::read(&path).unwrap();
    let r = rescore(&on, &path, &session).unwrap();
    assert_eq!(r.diverges_at, None);
    assert_eq!(r.report, report);
}

/// Each mistake in an `on_board` entry is one problem at its place.
#[test]
fn mistakes_in_on_board_are_reported_at_their_place() {
    let root = common::shared_library_root("on-board-errors");
    let mut wrong = Vec::new();
    for (entry, want) in [
        (
            r#"(drug: "noradrenaline", rate: (0.1, "µg/kg/min"))"#,
            "scenario.ron:27:23: no drug 'noradrenaline' in the drug library or this case",
        ),
        (
            r#"(drug: "norepinephrine", rate: (0.1, "µg"))"#,
            "scenario.ron:27:47: unit 'µg' measures mass, but mass per time was expected (for example 'µg/h')",
        ),
        (
            r#"(drug: "norepinephrine", rate: (-0.1, "µg/kg/min"))"#,
            "scenario.ron:27:47: the rate must be greater than zero (got -0.1)",
        ),
        (
            r#"(drug: "morphine", dose: (5.0, "mg"))"#,
            "scenario.ron:27:16: choose a route for the dose of morphine (IV, SC, PO)",
        ),
        (
            r#"(drug: "morphine", dose: (5.0, "mg"), route: PR)"#,
            "scenario.ron:27:61: morphine has no onset for route PR in the drug library",
        ),
        (
            r#"(drug: "morphine", dose: (5.0, "mg"), rate: (1.0, "mg/h"), route: IV)"#,
            "scenario.ron:27:16: give either a dose or a rate, not both in one entry",
        ),
        (
            r#"(drug: "morphine", route: IV)"#,
            "scenario.ron:27:16: give a dose or a rate",
        ),
        (
            r#"(drug: "morphine", dose: (5.0, "mg"), route: IV, ago: "200h")"#,
            "scenario.ron:27:70: ago is at most 168h (got 200h)",
        ),
        (
            r#"(drug: "norepinephrine", rate: (0.1, "µg/kg/min")), (drug: "norepinephrine", rate: (0.2, "µg/kg/min"))"#,
            "scenario.ron:27:99: norepinephrine already has an infusion running (on_board[0])",
        ),
    ] {
        let dir = build(&root, "broken", entry);
        let got = common::diagnostics(&dir);
        if got != vec![want.to_string()] {
            wrong.push(format!("{entry}\n  want {want}\n  got  {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The fixture with norepinephrine running and morphine on board, built once per test binary.
fn on_board_case() -> &'static Arc<Case> {
    static CASE: std::sync::OnceLock<Arc<Case>> = std::sync::OnceLock::new();
    CASE.get_or_init(|| {
        let root = common::shared_library_root("on-board-fuzz");
        case(
            &root,
            "fuzz",
            r#"(drug: "norepinephrine", rate: (0.08, "µg/kg/min"), ago: "25m"), (drug: "morphine", dose: (4.0, "mg"), route: SC, ago: "50m")"#,
        )
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, .. proptest::prelude::ProptestConfig::default() })]

    /// Whatever a trainee does to a patient with drugs on board — stopping the infusion,
    /// re-rating it, absurd orders — a session killed after any decision and resumed from its
    /// log finishes with the log of the session that was never interrupted, and that log
    /// re-scores to the score the session gave.
    #[test]
    fn a_case_with_drugs_on_board_resumes_and_rescores_exactly(
        seed in 0u64..1000,
        steps in proptest::collection::vec(common::trainee::step(), 1..16),
        crash in 0usize..16,
    ) {
        let case = on_board_case();
        let dir = common::tempdir(&format!("on-board-fuzz-{seed}-{crash}"));
        let info = common::info(seed);
        let whole = dir.join("whole.jsonl");
        let mut w = LiveSession::start(Arc::clone(case), &info, Some(&whole)).unwrap();
        common::trainee::play(&mut w, &steps);
        let score = w.end().unwrap().clone();
        let session = bedside::log::read(&whole).unwrap();
        let r = rescore(case, &whole, &session).unwrap();
        proptest::prop_assert_eq!(r.diverges_at, None);
        proptest::prop_assert_eq!(r.report, score);

        let crashed = dir.join("crashed.jsonl");
        let k = crash.min(steps.len());
        let over = {
            let mut s = LiveSession::start(Arc::clone(case), &info, Some(&crashed)).unwrap();
            common::trainee::play(&mut s, &steps[..k]);
            s.sim.is_over()
        };
        if !over {
            let mut s = LiveSession::resume(Arc::clone(case), &crashed, info.clock).unwrap();
            common::trainee::play(&mut s, &steps[k..]);
            s.end().unwrap();
            proptest::prop_assert_eq!(std::fs::read(&crashed).unwrap(), std::fs::read(&whole).unwrap());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
