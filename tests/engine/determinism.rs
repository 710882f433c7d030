//! Same case + seed + decisions → the same log and score, byte for byte; and the timing of
//! `advance` calls (a frame at a time, or straight to the next decision) changes nothing.

use crate::support as common;

use std::sync::Arc;

use bedside::rubric::score_simulation;
use bedside::scenario::model::{Dur, Route, Script, Step};
use bedside::session::play;
use bedside::sim::{Order, Simulation};
use proptest::prelude::*;

fn step(
    at: u64,
    action: &str,
    dose: Option<(f64, &str)>,
    rate: Option<(f64, &str)>,
    route: Option<Route>,
) -> Step {
    Step {
        at: Dur(at),
        action: action.into(),
        dose: dose.map(|(v, u)| (v, u.to_string())),
        rate: rate.map(|(v, u)| (v, u.to_string())),
        route,
    }
}

/// A random trainee: any of the fixture's actions at any time, with doses that may be
/// implausible, impossible (refused) or fine.
fn arb_script() -> impl Strategy<Value = Script> {
    let one =
        (0u64..3000, 0usize..8, 0.0f64..3000.0, prop::bool::ANY).prop_map(|(t, a, x, neg)| {
            let x = if neg { -x } else { x };
            match a {
                0 => step(t, "examine", None, None, None),
                1 => step(t, "lactate", None, None, None),
                2 => step(t, "fluid", Some((x, "mL")), None, Some(Route::IV)),
                3 => step(
                    t,
                    "start_norepinephrine",
                    None,
                    Some((x / 1000.0, "µg/kg/min")),
                    None,
                ),
                4 => step(t, "stop_norepinephrine", None, None, None),
                5 => step(t, "oxygen", None, Some((x / 200.0, "L/min")), None),
                6 => step(t, "call_icu", None, None, None),
                _ => step(t, "fluid", Some((x, "mg")), None, None),
            }
        });
    (
        prop::collection::vec(one, 0..12),
        prop::option::of(0u64..3600),
    )
        .prop_map(|(mut steps, end)| {
            steps.sort_by_key(|s| s.at);
            Script {
                steps,
                end_at: end.map(Dur),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn the_same_inputs_give_byte_identical_logs_and_scores(script in arb_script(), seed in 0u64..1000) {
        let case = common::mini_case();
        let dir = common::tempdir(&format!("det-{seed}-{}", script.steps.len()));
        let (a, b) = (dir.join("a.jsonl"), dir.join("b.jsonl"));
        let ra = play(Arc::clone(&case), &script, &common::info(seed), Some(&a)).unwrap();
        let rb = play(Arc::clone(&case), &script, &common::info(seed), Some(&b)).unwrap();
        prop_assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        prop_assert_eq!(ra.score(), rb.score());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn advancing_second_by_second_matches_jumping_between_decisions(script in arb_script(), seed in 0u64..1000) {
        let case = common::mini_case();
        let mut jump = Simulation::new(Arc::clone(&case), seed);
        let mut frames = Simulation::new(Arc::clone(&case), seed);
        for s in &script.steps {
            jump.advance_to(s.at.secs());
            while frames.now() < s.at.secs() && !frames.is_over() {
                frames.advance(1);
            }
            let _ = jump.apply(&Order::from_step(s));
            let _ = frames.apply(&Order::from_step(s));
        }
        jump.advance(3600);
        while !frames.is_over() {
            frames.advance(7);
        }
        prop_assert_eq!(jump.records(), frames.records());
        prop_assert_eq!(score_simulation(&jump), score_simulation(&frames));
    }

    #[test]
    fn replaying_the_recorded_decisions_rebuilds_the_identical_session(script in arb_script(), seed in 0u64..1000) {
        let case = common::mini_case();
        let live = play(Arc::clone(&case), &script, &common::info(seed), None).unwrap();
        let replayed = Simulation::replay(Arc::clone(&case), seed, live.sim.records());
        prop_assert_eq!(replayed.records(), live.sim.records());
        prop_assert_eq!(replayed.shown(), live.sim.shown());
        prop_assert_eq!(Some(&score_simulation(&replayed)), live.score());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn a_scoring_only_replay_scores_exactly_like_the_full_simulation(script in arb_script(), seed in 0u64..1000) {
        let case = common::mini_case();
        let live = play(Arc::clone(&case), &script, &common::info(seed), None).unwrap();
        let mut fast = Simulation::new(Arc::clone(&case), seed).for_scoring();
        fast.replay_onto(live.sim.records());
        let not_alarm = |r: &&bedside::sim::Record| !matches!(r, bedside::sim::Record::Alarm { .. });
        let full: Vec<_> = live.sim.records().iter().filter(not_alarm).collect();
        let quick: Vec<_> = fast.records().iter().collect();
        prop_assert_eq!(quick, full);
        prop_assert_eq!(fast.truth(), live.sim.truth());
        let (report, diverges) = bedside::session::score_records(&case, seed, live.sim.records());
        prop_assert_eq!(diverges, None);
        prop_assert_eq!(Some(&report), live.score());
    }
}

/// Plays `script` on a bare simulation, noting the time (a clock line, as when the trainee
/// pauses) at each of `pauses`; ends the case at the script's end or the time limit.
fn play_with_pauses(
    case: &Arc<bedside::scenario::Case>,
    seed: u64,
    script: &Script,
    pauses: &[u64],
) -> Simulation {
    let mut sim = Simulation::new(Arc::clone(case), seed);
    let mut pauses = pauses.iter().copied().peekable();
    for s in &script.steps {
        while let Some(p) = pauses.next_if(|&p| p <= s.at.secs()) {
            sim.advance_to(p);
            sim.note_time();
        }
        sim.advance_to(s.at.secs());
        let _ = sim.apply(&Order::from_step(s));
    }
    let end = script.end_at.map_or(u64::MAX, |d| d.secs());
    for p in pauses.filter(|&p| p <= end) {
        sim.advance_to(p);
        sim.note_time();
    }
    match script.end_at {
        Some(t) => {
            sim.advance_to(t.secs());
            sim.end_by_trainee();
        }
        None => {
            sim.advance(3600);
        }
    }
    sim
}

/// A report with its evidence as the records it points at rather than their positions (clock
/// lines move the positions).
fn by_content(
    mut r: bedside::rubric::ScoreReport,
    records: &[bedside::sim::Record],
) -> (bedside::rubric::ScoreReport, Vec<Vec<bedside::sim::Record>>) {
    let evidence = r
        .criteria
        .iter_mut()
        .map(|c| {
            std::mem::take(&mut c.evidence)
                .into_iter()
                .map(|e| records[e].clone())
                .collect()
        })
        .collect();
    (r, evidence)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Clock lines (the trainee pausing, closing the window) only say how far time ran: with or
    /// without them the patient, the other records and the score are the same, and a replay
    /// (full or scoring-only) reproduces them.
    #[test]
    fn clock_lines_change_nothing_but_where_a_resumed_session_starts(
        script in arb_script(),
        mut pauses in prop::collection::vec(0u64..3600, 0..8),
        seed in 0u64..1000,
    ) {
        pauses.sort_unstable();
        let case = common::mini_case();
        let plain = play_with_pauses(&case, seed, &script, &[]);
        let paused = play_with_pauses(&case, seed, &script, &pauses);
        let is_clock = |r: &&bedside::sim::Record| matches!(r, bedside::sim::Record::Clock { .. });
        let others: Vec<_> = paused.records().iter().filter(|r| !is_clock(r)).cloned().collect();
        prop_assert_eq!(others.as_slice(), plain.records());
        prop_assert_eq!(paused.shown(), plain.shown());
        let score = score_simulation(&plain);
        prop_assert_eq!(by_content(score_simulation(&paused), paused.records()), by_content(score.clone(), plain.records()));
        let replayed = Simulation::replay(Arc::clone(&case), seed, paused.records());
        prop_assert_eq!(replayed.records(), paused.records());
        let (report, diverges) = bedside::session::score_records(&case, seed, paused.records());
        prop_assert_eq!(diverges, None);
        prop_assert_eq!(by_content(report, paused.records()), by_content(score, plain.records()));
        // Cut off after a clock line (a step of its own), the replay stands at its time.
        for (k, r) in paused.records().iter().enumerate() {
            if let bedside::sim::Record::Clock { t } = r {
                let cut = &paused.records()[..=k];
                let resumed = Simulation::replay(Arc::clone(&case), seed, cut);
                prop_assert_eq!(resumed.now(), *t);
                prop_assert_eq!(resumed.records(), cut);
            }
        }
    }
}

#[test]
fn different_seeds_give_different_patients() {
    let case = common::mini_case();
    let mut a = Simulation::new(Arc::clone(&case), 1);
    let mut b = Simulation::new(Arc::clone(&case), 2);
    a.advance(600);
    b.advance(600);
    assert_ne!(
        a.shown(),
        b.shown(),
        "seeded noise and sensitivity should differ between patients"
    );
}

/// `arb_script`'s decisions moved to the first three seconds of their minute, so that several
/// fall on one moment or a second apart (where "the decision that brought a condition about"
/// turns on `<=` against `<`).
fn arb_clustered_script() -> impl Strategy<Value = Script> {
    arb_script().prop_map(|mut s| {
        for st in &mut s.steps {
            st.at = Dur(st.at.secs() / 60 * 60 + st.at.secs() % 3);
        }
        s.steps.sort_by_key(|s| s.at);
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// A scoring replay whose records are drained step by step into the rubric's gathering
    /// (what deriving the verdict of a long log does) scores exactly as one that keeps them all.
    #[test]
    fn a_replay_that_keeps_no_records_scores_as_one_that_keeps_them(script in arb_clustered_script(), seed in 0u64..1000) {
        let case = common::mini_case();
        let live = play(Arc::clone(&case), &script, &common::info(seed), None).unwrap();
        let mut whole = Simulation::new(Arc::clone(&case), seed).for_scoring();
        whole.replay_onto(live.sim.records());
        let (drained, gathered, _) = common::drained_replay(&case, seed, live.sim.records());
        prop_assert_eq!(gathered.count(), whole.records().len());
        prop_assert_eq!(
            bedside::rubric::score_gathered(&drained, &gathered),
            score_simulation(&whole)
        );
    }
}

/// The decision that brought a `Reached` condition about, found as the records are made: the
/// mini case's fluid volume (15 mL/kg, 900 mL at 60 kg) is reached by the second bolus at 2 min;
/// a decision at that moment after it is the last at or before it, one a second later is not.
#[test]
fn the_decision_that_reached_a_condition_is_found_as_the_records_are_made() {
    let case = common::mini_case();
    for extra in [120, 121] {
        let steps = vec![
            step(60, "fluid", Some((500.0, "mL")), None, Some(Route::IV)),
            step(120, "fluid", Some((500.0, "mL")), None, Some(Route::IV)),
            step(extra, "examine", None, None, None),
            step(180, "examine", None, None, None),
        ];
        let script = Script {
            steps,
            end_at: None,
        };
        let live = play(Arc::clone(&case), &script, &common::info(5), None).unwrap();
        let mut whole = Simulation::new(Arc::clone(&case), 5).for_scoring();
        whole.replay_onto(live.sim.records());
        let (drained, gathered, _) = common::drained_replay(&case, 5, live.sim.records());
        let expected = score_simulation(&whole);
        let fluid = expected
            .criteria
            .iter()
            .find(|c| c.id == "fluid-volume")
            .unwrap();
        // The evidence's last record is the decision: the examination when it came at 2 min.
        let by = whole.records()[*fluid.evidence.last().unwrap()].clone();
        let bedside::sim::Record::Decision { t, order, .. } = by else {
            panic!("{by:?}")
        };
        assert_eq!(
            (t, order.action.as_str()),
            if extra == 120 {
                (120, "examine")
            } else {
                (120, "fluid")
            }
        );
        assert_eq!(
            bedside::rubric::score_gathered(&drained, &gathered),
            expected
        );
    }
}
