//! "What if": a finished session's decisions, edited and re-simulated from the same seed. With no
//! edit it is the session itself (score and trajectory, exactly); an edit changes what it should
//! and nothing else; an impossible edit and an unverifiable log are refused with the reason.

use crate::support as common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::rubric::Status;
use bedside::scenario::{Case, LoadedCase};
use bedside::session::{LiveSession, play};
use bedside::sim::Order;
use bedside::whatif::{Edit, EditSyntaxError, Original, WhatIfError};
use proptest::prelude::*;

fn bundled() -> Vec<LoadedCase> {
    ["icu-sepsis", "pain-opioid-renal", "geri-delirium"]
        .iter()
        .map(|id| common::load(&common::root().join("scenarios").join(id)))
        .collect()
}

/// Plays golden path `path` of `l` with `seed` into a log in `dir`.
fn played(l: &LoadedCase, path: &str, seed: u64, dir: &Path) -> (PathBuf, LiveSession) {
    let gp = l
        .case
        .scenario
        .golden_paths
        .iter()
        .find(|g| g.id == path)
        .unwrap_or_else(|| panic!("{} has no path {path}", l.case.scenario.id));
    let log = dir.join(format!("{}-{path}-{seed}.jsonl", l.case.scenario.id));
    let s = play(
        Arc::clone(&l.case),
        &gp.script(),
        &common::info(seed),
        Some(&log),
    )
    .unwrap();
    (log, s)
}

fn sepsis() -> Arc<Case> {
    common::load(&common::root().join("scenarios/icu-sepsis")).case
}

/// The decision number (from 1) of the first accepted order of `action`.
fn number_of(o: &Original, action: &str) -> usize {
    o.decisions()
        .iter()
        .position(|(_, order)| order.action == action)
        .unwrap_or_else(|| panic!("no decision {action}"))
        + 1
}

fn changed_ids(o: &Original, w: &bedside::whatif::WhatIf) -> Vec<String> {
    w.changed
        .iter()
        .map(|&i| o.run.report.criteria[i].id.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// Over the bundled cases' golden paths and random seeds: a what-if with no edit gives the
    /// live session's score and trajectory exactly, and changes no criterion.
    #[test]
    fn a_what_if_without_edits_is_the_session_itself(case in 0usize..3, path in 0usize..16, seed in 0u64..10_000) {
        let cases = bundled();
        let l = &cases[case];
        let gp = &l.case.scenario.golden_paths[path % l.case.scenario.golden_paths.len()];
        let dir = common::tempdir(&format!("whatif-prop-{case}-{path}-{seed}"));
        let (log, live) = played(l, &gp.id, seed, &dir);
        let o = Original::open(&l.case, &log).unwrap();
        let w = o.what_if(&[]).unwrap();
        prop_assert_eq!(Some(&w.what_if.report), live.score());
        prop_assert_eq!(&o.run.report, &w.what_if.report);
        prop_assert_eq!(w.what_if.sim.trajectory(), live.sim.trajectory());
        prop_assert_eq!(w.what_if.sim.records(), live.sim.records());
        prop_assert!(w.changed.is_empty());
        prop_assert!(w.not_reached.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// The golden path `path`'s script with its first `action` step at `to` instead (in time order).
fn moved_script(
    l: &LoadedCase,
    path: &str,
    action: &str,
    to: u64,
) -> bedside::scenario::model::Script {
    let gp = l
        .case
        .scenario
        .golden_paths
        .iter()
        .find(|g| g.id == path)
        .unwrap();
    let mut script = gp.script();
    let i = script
        .steps
        .iter()
        .position(|s| s.action == action)
        .unwrap();
    let mut step = script.steps.remove(i);
    step.at = bedside::scenario::model::Dur(to);
    let j = script.steps.partition_point(|s| s.at.secs() <= to);
    script.steps.insert(j, step);
    script
}

/// Moving the antibiotic past one hour misses `antimicrobial_1h` and, where the patient's course
/// does not hang on it, nothing else. In this case it often does: the way out of sepsis
/// (`improving`) needs an antimicrobial, so a fluid responder given it at 61 min instead of
/// 10 min is in shock before it works and arrests. Every what-if is also the session a trainee
/// playing the edited decisions would have had (score and trajectory).
#[test]
fn the_antibiotic_moved_past_one_hour_misses_that_criterion() {
    let l = common::load(&common::root().join("scenarios/icu-sepsis"));
    let case = Arc::clone(&l.case);
    let dir = common::tempdir("whatif-abx");
    let cases: [(&str, u64, &[&str], &str); 3] = [
        // Nothing else changes: the non-responder is on norepinephrine and fluid in time.
        ("dopamine_first", 61, &["antimicrobial_1h"], "stabilised"),
        (
            "expert",
            61,
            &["antimicrobial_1h", "stabilised"],
            "improving",
        ),
        (
            "expert_responder",
            61,
            &[
                "antimicrobial_1h",
                "norepinephrine_first_line",
                "map_target_held",
                "stabilised",
                "survived",
            ],
            "arrest",
        ),
    ];
    for (path, minutes, expected, end) in cases {
        let seed = l
            .case
            .scenario
            .golden_paths
            .iter()
            .find(|g| g.id == path)
            .unwrap()
            .seed;
        let (log, _) = played(&l, path, seed, &dir);
        let before = std::fs::read(&log).unwrap();
        let o = Original::open(&case, &log).unwrap();
        let n = number_of(&o, "piperacillin_tazobactam_iv");
        let w = o
            .what_if(&[Edit::Move {
                decision: n,
                to: minutes * 60,
            }])
            .unwrap();
        assert_eq!(changed_ids(&o, &w), expected, "{path}");
        assert_eq!(w.what_if.report.final_state, end, "{path}");
        let i = w.changed[0];
        assert_eq!(o.run.report.criteria[i].status, Status::Met);
        assert_eq!(w.what_if.report.criteria[i].status, Status::Missed);
        // A critical miss fails the session.
        assert!(!w.what_if.report.passed, "{path}");
        // The same as playing the edited decisions for real.
        let script = moved_script(&l, path, "piperacillin_tazobactam_iv", minutes * 60);
        let real = play(Arc::clone(&case), &script, &common::info(seed), None).unwrap();
        assert_eq!(real.score(), Some(&w.what_if.report), "{path}");
        assert_eq!(real.sim.trajectory(), w.what_if.sim.trajectory(), "{path}");
        // The log is only read.
        assert_eq!(std::fs::read(&log).unwrap(), before);
        // Moved to 59 minutes it is still in time.
        let w = o
            .what_if(&[Edit::Move {
                decision: n,
                to: 59 * 60,
            }])
            .unwrap();
        assert!(
            !changed_ids(&o, &w).contains(&"antimicrobial_1h".to_string()),
            "{path}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dropping_the_vasopressor_in_the_fluid_non_responder_changes_the_end_state() {
    let case = sepsis();
    let l = common::load(&common::root().join("scenarios/icu-sepsis"));
    let dir = common::tempdir("whatif-ne");
    let (log, _) = played(&l, "expert", 14, &dir);
    let o = Original::open(&case, &log).unwrap();
    let n = number_of(&o, "start_norepinephrine");
    let w = o.what_if(&[Edit::Drop { decision: n }]).unwrap();
    assert_ne!(
        (&o.run.report.final_state, &o.run.report.ended),
        (&w.what_if.report.final_state, &w.what_if.report.ended)
    );
    assert_eq!(o.run.report.final_state, "stabilised");
    let ids = changed_ids(&o, &w);
    assert!(ids.iter().any(|c| c == "map_target_held"), "{ids:?}");
    assert!(!w.what_if.report.passed);
    // The what-if's patient is another patient from the drop on, the same before it.
    let t_ne = o.decisions()[n - 1].0;
    let split = |sim: &bedside::sim::Simulation| {
        sim.trajectory()
            .iter()
            .filter(|(t, _)| *t <= t_ne)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(split(&o.run.sim), split(&w.what_if.sim));
    assert_ne!(o.run.sim.trajectory(), w.what_if.sim.trajectory());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_added_order_is_played_at_its_time_and_impossible_edits_are_refused() {
    let case = sepsis();
    let l = common::load(&common::root().join("scenarios/icu-sepsis"));
    let dir = common::tempdir("whatif-edits");
    let (log, _) = played(&l, "partial", 1, &dir);
    let o = Original::open(&case, &log).unwrap();
    // The partial path gives no oxygen: adding it at 2 min meets oxygen_given.
    let Ok(add) = Edit::parse_add("2m oxygen_nasal 2 L/min") else {
        panic!("parses")
    };
    assert_eq!(
        add,
        Edit::Add {
            at: 120,
            order: Order {
                action: "oxygen_nasal".into(),
                rate: Some((2.0, "L/min".into())),
                ..Order::default()
            }
        }
    );
    let w = o.what_if(std::slice::from_ref(&add)).unwrap();
    assert!(changed_ids(&o, &w).contains(&"oxygen_given".to_string()));
    assert!(w.what_if.sim.records().iter().any(|r| matches!(
        r,
        bedside::sim::Record::Decision { t: 120, order, .. } if order.action == "oxygen_nasal"
    )));
    let count = o.decisions().len();
    let err = |edits: &[Edit]| o.what_if(edits).unwrap_err();
    assert_eq!(
        err(&[Edit::Drop {
            decision: count + 1
        }]),
        WhatIfError::NoDecision {
            decision: count + 1,
            count
        }
    );
    assert_eq!(
        err(&[
            Edit::Drop { decision: 1 },
            Edit::Move {
                decision: 1,
                to: 60
            }
        ]),
        WhatIfError::EditedTwice(1)
    );
    assert!(matches!(
        err(&[Edit::Move {
            decision: 1,
            to: 5 * 3600
        }]),
        WhatIfError::PastLimit { .. }
    ));
    let Ok(unknown) = Edit::parse_add("10m give_unicorn_dust 1 mg") else {
        panic!("parses")
    };
    let e = err(&[unknown]);
    assert!(
        e.to_string().contains("no action 'give_unicorn_dust'"),
        "{e}"
    );
    let Ok(negative) = Edit::parse_add("10m crystalloid_bolus -500 mL") else {
        panic!("parses")
    };
    assert!(matches!(err(&[negative]), WhatIfError::BadOrder { .. }));
    // Syntax.
    assert_eq!(
        Edit::parse_move("3=10m"),
        Ok(Edit::Move {
            decision: 3,
            to: 600
        })
    );
    assert!(matches!(
        Edit::parse_move("3:10m"),
        Err(EditSyntaxError::Move(_))
    ));
    assert!(matches!(
        Edit::parse_move("0=10m"),
        Err(EditSyntaxError::Decision(_))
    ));
    assert!(matches!(
        Edit::parse_move("3=soon"),
        Err(EditSyntaxError::Time(_))
    ));
    assert!(matches!(
        Edit::parse_add("10m"),
        Err(EditSyntaxError::Add(_))
    ));
    assert!(matches!(
        Edit::parse_add("10m x 1 mg nose"),
        Err(EditSyntaxError::Route(_))
    ));
    assert!(matches!(
        Edit::parse_add("10m morphine 2 mg SC"),
        Ok(Edit::Add {
            order: Order {
                route: Some(bedside::scenario::model::Route::SC),
                ..
            },
            ..
        })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_session_the_trainee_ended_cannot_be_played_past_its_end() {
    let l = common::load(&common::root().join("scenarios/icu-sepsis"));
    let dir = common::tempdir("whatif-ended");
    let (log, _) = played(&l, "ends_early", 1, &dir);
    let o = Original::open(&l.case, &log).unwrap();
    assert_eq!(o.trainee_end, Some(120));
    let Ok(add) = Edit::parse_add("30m call_critical_care") else {
        panic!("parses")
    };
    assert!(matches!(
        o.what_if(&[add]).unwrap_err(),
        WhatIfError::PastEnd { .. }
    ));
    let Ok(add) = Edit::parse_add("90s call_critical_care") else {
        panic!("parses")
    };
    assert!(o.what_if(&[add]).is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unverifiable_or_unfinished_log_is_refused_with_the_reason() {
    let l = common::load(&common::root().join("scenarios/icu-sepsis"));
    let dir = common::tempdir("whatif-refused");
    let (log, _) = played(&l, "expert_responder", 1, &dir);
    // An edited line breaks the chain.
    let text = std::fs::read_to_string(&log).unwrap();
    let altered = dir.join("altered.jsonl");
    std::fs::write(&altered, text.replacen("\"t\":600", "\"t\":601", 1)).unwrap();
    let e = Original::open(&l.case, &altered).unwrap_err();
    assert!(matches!(e, WhatIfError::Unverified(_)), "{e}");
    assert!(e.to_string().contains("altered.jsonl:"), "{e}");
    // A log without its score line: not finished.
    let lines: Vec<&str> = text.lines().collect();
    let cut = dir.join("cut.jsonl");
    std::fs::write(&cut, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
    assert!(matches!(
        Original::open(&l.case, &cut).unwrap_err(),
        WhatIfError::Unfinished(_)
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}
