//! The safety layer (issue 21), rule by rule, on small variants of the mini fixture: harm states
//! and harmful end states fail a session whatever its score; ending early does not stop the
//! disease (run-on); `held` transitions; toxicity above a drug's therapeutic range and `level()`;
//! the `DoseAtMost`, `TotalAtMost` and `Window` checks with their anchors; `faced` criteria; the
//! safety and do-nothing lints; and that all of it replays and logs deterministically. Each test
//! pins the exact figures the rule must give, so that a broken rule fails it.

use crate::support as common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::log;
use bedside::rubric::{CriterionResult, Detail, FailReason, ScoreReport, Status, score_simulation};
use bedside::scenario::model::{Dur, Script, Step};
use bedside::scenario::{Case, LoadedCase, Severity};
use bedside::session::{play, rescore};
use bedside::sim::{EndReason, Order, Record, Simulation};
use bedside::verdict::derive;

// ---------------------------------------------------------------------------------------------
// Variants, orders and sessions

/// `text` with `from` replaced by `to`; `from` must occur exactly once (so that an edit of the
/// fixture cannot silently stop applying).
fn swap(text: String, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "the fixture should hold `{from}` exactly once"
    );
    text.replacen(from, to, 1)
}

/// A variant of the mini case in a fresh folder of its own: its scenario passed through `edit`,
/// and `texts` (Fluent messages) added to each language's file.
fn variant_dir(name: &str, edit: impl Fn(String) -> String, texts: &str) -> PathBuf {
    let root = common::shared_library_root(&format!("safe-{name}"));
    common::mini_variant(&root, name, edit, |_, t| format!("{t}\n{texts}\n"))
}

fn variant(name: &str, edit: impl Fn(String) -> String, texts: &str) -> LoadedCase {
    common::load(&variant_dir(name, edit, texts))
}

/// Two tasks that set the case variable `urine` (which no drift moves): a condition the test
/// switches on and off at will.
fn with_flag_actions(s: String) -> String {
    let icu = r#"(id: "call_icu", label: "mini-act-icu", group: Escalate, kind: Task, effects: [Shift(var: "urine", by: 0.0)]),"#;
    swap(
        s,
        icu,
        &format!(
            r#"{icu}
        (id: "flag_on", label: "mini-act-flag-on", group: Assess, kind: Task, effects: [Set(var: "urine", to: 100.0)]),
        (id: "flag_off", label: "mini-act-flag-off", group: Assess, kind: Task, effects: [Set(var: "urine", to: 0.0)]),"#
        ),
    )
}
const FLAG_TEXTS: &str = "mini-act-flag-on = Flag on\nmini-act-flag-off = Flag off";

/// Adds `criterion` (RON) as the rubric's first criterion.
fn with_criterion(s: String, criterion: &str) -> String {
    swap(s, "criteria: [", &format!("criteria: [\n{criterion},"))
}

fn order(action: &str) -> Order {
    Order {
        action: action.into(),
        ..Order::default()
    }
}

fn dose(action: &str, v: f64, unit: &str) -> Order {
    Order {
        dose: Some((v, unit.into())),
        ..order(action)
    }
}

fn rate(action: &str, v: f64, unit: &str) -> Order {
    Order {
        rate: Some((v, unit.into())),
        ..order(action)
    }
}

/// Places `o` at simulated second `t` (after the physiology of a tick at `t`, as a decision
/// does); returns its record's index.
fn at(sim: &mut Simulation, t: u64, o: Order) -> usize {
    sim.advance_to(t);
    assert_eq!(sim.now(), t, "the case ended before {t}s");
    sim.apply(&o)
        .unwrap_or_else(|e| panic!("{} refused: {e}", o.action));
    sim.records()
        .iter()
        .rposition(|r| matches!(r, Record::Decision { .. }))
        .unwrap()
}

/// The fixture's expert path: examine, lactate, 1 L of fluid, then norepinephrine at a usual
/// rate.
fn expert_orders() -> Vec<(u64, Order)> {
    vec![
        (60, order("examine")),
        (120, order("lactate")),
        (180, dose("fluid", 1000.0, "mL")),
        (360, rate("start_norepinephrine", 0.15, "µg/kg/min")),
    ]
}

fn expert(sim: &mut Simulation) {
    for (t, o) in expert_orders() {
        at(sim, t, o);
    }
}

fn step_of(t: u64, o: &Order) -> Step {
    Step {
        at: Dur(t),
        action: o.action.clone(),
        dose: o.dose.clone(),
        rate: o.rate.clone(),
        route: o.route,
    }
}

fn script(orders: &[(u64, Order)], end_at: Option<u64>) -> Script {
    Script {
        steps: orders.iter().map(|(t, o)| step_of(*t, o)).collect(),
        end_at: end_at.map(Dur),
    }
}

fn result_of(report: &ScoreReport, id: &str) -> CriterionResult {
    report
        .criteria
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no criterion '{id}'"))
        .clone()
}

fn criterion(sim: &Simulation, id: &str) -> CriterionResult {
    result_of(&score_simulation(sim), id)
}

/// When the session entered state `to` (its first entry).
fn entered(records: &[Record], to: &str) -> Option<u64> {
    records.iter().find_map(|r| match r {
        Record::State { t, to: s, .. } if s == to => Some(*t),
        _ => None,
    })
}

/// Every state change of the session, as (time, from, to).
fn state_changes(records: &[Record]) -> Vec<(u64, String, String)> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::State { t, from, to } => Some((*t, from.clone(), to.clone())),
            _ => None,
        })
        .collect()
}

fn harmful(state: &str, at: u64, after_end: bool) -> FailReason {
    FailReason::HarmfulOutcome {
        state: state.into(),
        at,
        after_end,
    }
}

// ---------------------------------------------------------------------------------------------
// Harm

/// The mini case with a state on the way to recovery: `better` → `scare` (after 10 min) →
/// `recovered` (1 min later); `scare` is marked harm when `harm`.
fn scare_variant(name: &str, harm: bool) -> LoadedCase {
    variant(
        name,
        |s| {
            let s = swap(
                s,
                r#"transitions: [(to: "recovered", when: "time_in_state >= 10m")],"#,
                r#"transitions: [(to: "scare", when: "time_in_state >= 10m")],"#,
            );
            swap(
                s,
                r#"(id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
                &format!(
                    r#"(id: "scare", label: "mini-state-scare", harm: {harm}, transitions: [(to: "recovered", when: "time_in_state >= 1m")]),
        (id: "recovered", label: "mini-state-recovered", end: Recovered),"#
                ),
            )
        },
        "mini-state-scare = Scare",
    )
}

#[test]
fn entering_a_harm_state_fails_a_session_that_scores_100_percent() {
    for harm in [false, true] {
        let l = scare_variant(&format!("harm-{harm}"), harm);
        let mut sim = Simulation::new(Arc::clone(&l.case), 1);
        expert(&mut sim);
        sim.advance(3600);
        let better = entered(sim.records(), "better").expect("the expert reaches 'better'");
        let scare = entered(sim.records(), "scare").expect("and passes through 'scare'");
        assert_eq!(scare, better + 600);
        assert_eq!(entered(sim.records(), "recovered"), Some(scare + 60));
        let r = score_simulation(&sim);
        assert_eq!((r.earned, r.available, r.percent), (13, 13, 100));
        if harm {
            assert!(!r.passed, "harm fails whatever the total");
            assert_eq!(r.fail_reasons, vec![harmful("scare", scare, false)]);
        } else {
            assert!(r.passed, "the same course without harm passes");
            assert!(r.fail_reasons.is_empty(), "{:?}", r.fail_reasons);
        }
    }
}

#[test]
fn an_end_in_death_or_deterioration_fails_and_a_stabilised_end_passes() {
    for (outcome, fails) in [
        ("Died", true),
        ("Deteriorated", true),
        ("Stabilised", false),
        ("Recovered", false),
    ] {
        let l = variant(
            &format!("end-{outcome}"),
            |s| {
                swap(
                    s,
                    r#"(id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
                    &format!(
                        r#"(id: "recovered", label: "mini-state-recovered", end: {outcome}),"#
                    ),
                )
            },
            "",
        );
        let mut sim = Simulation::new(Arc::clone(&l.case), 1);
        expert(&mut sim);
        sim.advance(3600);
        let end = entered(sim.records(), "recovered").expect("the expert's patient gets there");
        let r = score_simulation(&sim);
        assert_eq!(r.percent, 100, "{outcome}");
        assert_eq!(r.final_state, "recovered");
        if fails {
            assert!(!r.passed, "{outcome} fails");
            assert_eq!(
                r.fail_reasons,
                vec![harmful("recovered", end, false)],
                "{outcome}"
            );
        } else {
            assert!(r.passed, "{outcome} passes: {:?}", r.fail_reasons);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Ending early does not stop the disease

/// `better` goes on to recovery after 20 min while norepinephrine runs, and to arrest after 20 min
/// without it.
fn run_on_variant(name: &str) -> LoadedCase {
    variant(
        name,
        |s| {
            swap(
                s,
                r#"transitions: [(to: "recovered", when: "time_in_state >= 10m")],"#,
                r#"transitions: [
                (to: "recovered", when: "time_in_state >= 20m and running('norepinephrine')"),
                (to: "arrest", when: "time_in_state >= 20m and not running('norepinephrine')"),
            ],"#,
            )
        },
        "",
    )
}

/// The expert's orders, then (with `stop`) norepinephrine stopped a minute after the patient
/// improved; the trainee ends the case two minutes after the improvement. Also returns when
/// the patient improved.
fn run_on_script(case: &Arc<Case>, stop: bool) -> (Script, u64) {
    let mut dry = Simulation::new(Arc::clone(case), 1);
    expert(&mut dry);
    while dry.state_id() != "better" {
        assert!(!dry.is_over());
        dry.advance(10);
    }
    let better = dry.now();
    let mut orders = expert_orders();
    if stop {
        orders.push((better + 60, order("stop_norepinephrine")));
    }
    (script(&orders, Some(better + 120)), better)
}

#[test]
fn a_patient_left_heading_for_death_fails_after_the_end_and_one_left_stable_passes() {
    let l = run_on_variant("run-on");
    let dir = common::tempdir("safe-run-on-logs");
    for stop in [true, false] {
        let (script, better) = run_on_script(&l.case, stop);
        let path = dir.join(format!("stop-{stop}.jsonl"));
        let s = play(Arc::clone(&l.case), &script, &common::info(1), Some(&path)).unwrap();
        let r = s.score().expect("a finished session is scored").clone();
        assert_eq!(r.ended, Some(EndReason::Trainee));
        assert_eq!(r.final_state, "better");
        assert_eq!(
            entered(s.sim.records(), "arrest"),
            None,
            "nothing happened before the end"
        );
        // 'recovered' was not reached while the trainee was there: 11 of 13 points.
        assert_eq!((r.earned, r.available, r.percent), (11, 13, 84));
        let survived = result_of(&r, "survived");
        if stop {
            let arrest = better + 1200;
            assert!(!r.passed);
            assert_eq!(
                r.fail_reasons,
                vec![
                    FailReason::CriticalHarmful {
                        criterion: "survived".into()
                    },
                    harmful("arrest", arrest, true),
                ]
            );
            assert_eq!(survived.status, Status::Harmful);
            assert_eq!(
                survived.detail,
                Detail::ReachedAfterEnd {
                    state: "arrest".into(),
                    at: arrest
                }
            );
            assert!(survived.evidence.is_empty(), "no log line shows it");
        } else {
            assert!(r.passed, "{:?}", r.fail_reasons);
            assert_eq!(survived.status, Status::Met);
            // The run-on course reached recovery, which is not harm and earns nothing.
            assert_eq!(result_of(&r, "recovered").status, Status::Missed);
        }

        // The log re-scores, and re-derives, to the very report the session wrote.
        let session = log::read(&path).unwrap();
        let again = rescore(&l.case, &path, &session).unwrap();
        assert_eq!(again.report, r, "stop {stop}");
        assert!(!again.case_changed);
        assert_eq!(again.diverges_at, None);
        let d = derive(&l.case, &path, &session).unwrap();
        assert_eq!(d.report(), &r);
        assert_eq!(d.logged.as_ref(), Some(&r));
    }
}

#[test]
fn run_on_only_follows_a_trainee_ending_before_an_end_state() {
    let l = run_on_variant("run-on-limit");
    let mut sim = Simulation::new(Arc::clone(&l.case), 1);
    expert(&mut sim);
    sim.advance(3600);
    // Played to its own end (recovery), there is nothing to run on.
    assert_eq!(
        sim.ended(),
        Some(&EndReason::Outcome(
            bedside::scenario::model::Outcome::Recovered
        ))
    );
    assert!(sim.run_on().is_empty());
    // Ended by the trainee before the improvement with norepinephrine running: the run-on
    // course holds the patient's later states, and no end or alarm records.
    let mut early = Simulation::new(Arc::clone(&l.case), 1);
    expert(&mut early);
    assert_eq!(entered(early.records(), "better"), None);
    early.end_by_trainee();
    let after = early.run_on();
    assert!(
        after
            .iter()
            .all(|r| !matches!(r, Record::End { .. } | Record::Alarm { .. }))
    );
    let states: Vec<String> = state_changes(&after).into_iter().map(|s| s.2).collect();
    assert_eq!(states, vec!["better".to_string(), "recovered".to_string()]);
}

// ---------------------------------------------------------------------------------------------
// Sustained conditions: `held`

/// `shocked` leaves for `steady` only once `urine >= 50` has held for 30 minutes (and for
/// nothing else).
fn held_variant(name: &str) -> LoadedCase {
    variant(
        name,
        |s| {
            let s = with_flag_actions(s);
            let s = swap(
                s,
                r#"(to: "better", when: "map >= 65 and given('norepinephrine') and total('fluid') >= 1000"),"#,
                r#"(to: "steady", when: "urine >= 50", held: "30m"),"#,
            );
            let s = swap(
                s,
                r#"(to: "arrest", when: "map < 50 and elapsed > 20m"),"#,
                "",
            );
            swap(
                s,
                r#"(id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
                r#"(id: "steady", label: "mini-state-steady"),
        (id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
            )
        },
        &format!("{FLAG_TEXTS}\nmini-state-steady = Steady"),
    )
}

#[test]
fn a_held_transition_does_not_fire_after_one_good_tick() {
    let l = held_variant("held-once");
    let mut sim = Simulation::new(Arc::clone(&l.case), 1);
    at(&mut sim, 600, order("flag_on"));
    // The tick at 610 sees the condition; the one at 620 no longer does.
    at(&mut sim, 615, order("flag_off"));
    sim.advance(3600);
    assert_eq!(state_changes(sim.records()), vec![]);
    assert_eq!(sim.state_id(), "shocked");
}

#[test]
fn a_held_transition_fires_exactly_its_hold_after_the_first_tick_it_holds() {
    let l = held_variant("held-exact");
    let mut sim = Simulation::new(Arc::clone(&l.case), 1);
    at(&mut sim, 600, order("flag_on"));
    // Held from the tick at 610 on: it fires on the tick 30 min later, not one tick sooner.
    sim.advance_to(2400);
    assert_eq!(sim.state_id(), "shocked", "29m50s of hold is not enough");
    sim.advance(3600);
    assert_eq!(
        state_changes(sim.records()),
        vec![(610 + 1800, "shocked".into(), "steady".into())]
    );
}

#[test]
fn a_broken_hold_starts_again() {
    let l = held_variant("held-restart");
    let mut sim = Simulation::new(Arc::clone(&l.case), 1);
    at(&mut sim, 600, order("flag_on"));
    // Held on the ticks 610–1200 (ten minutes), broken at 1210, held again from 1510.
    at(&mut sim, 1205, order("flag_off"));
    at(&mut sim, 1500, order("flag_on"));
    sim.advance(3600);
    assert_eq!(
        state_changes(sim.records()),
        vec![(1510 + 1800, "shocked".into(), "steady".into())]
    );
}

// ---------------------------------------------------------------------------------------------
// Toxicity and level()

const TOXIN_ABOVE: f64 = 1.0;
const TOXIN_EMAX: f64 = 60.0;
const TOXIN_EC50: f64 = 2.0;
/// Its half-life, in seconds.
const TOXIN_HALF_LIFE: f64 = 1000.0 * 3600.0;

/// A drug whose kinetics the test controls: absorbed within one tick, eliminated over a
/// thousand hours, with no effect of its own and a toxicity on heart rate above 1 mg/kg; and a
/// harm state `poisoned` entered when its level is above 1.5 mg/kg. `high_risk` and
/// `toxicity` say whether the drug is marked high-alert and has its toxicity.
fn toxin_variant(name: &str, high_risk: bool, toxicity: bool) -> LoadedCase {
    common::load(&toxin_variant_dir(name, high_risk, toxicity))
}

fn toxin_variant_dir(name: &str, high_risk: bool, toxicity: bool) -> PathBuf {
    variant_dir(
        name,
        |s| {
            let tox = if toxicity {
                format!(
                    "toxicity: (above: {TOXIN_ABOVE:?}, effects: [(var: \"hr\", emax: {TOXIN_EMAX:?}, ec50: {TOXIN_EC50:?})]),"
                )
            } else {
                String::new()
            };
            let s = swap(
                s,
                r#"initial_state: "shocked","#,
                &format!(
                    r#"initial_state: "shocked",
    sensitivity_spread: 0.0,
    drugs: [
        (id: "toxin", name: "drug-toxin", unit: "mg", onset: {{ IV: "0s" }}, half_life: "1000h", high_risk: {high_risk}, {tox}),
    ],"#
                ),
            );
            let s = swap(
                s,
                r#"(to: "better", when:"#,
                r#"(to: "poisoned", when: "level('toxin') > 1.5"),
                (to: "better", when:"#,
            );
            let s = swap(
                s,
                r#"(id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
                r#"(id: "poisoned", label: "mini-state-poisoned", harm: true),
        (id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
            );
            let icu = r#"(id: "call_icu","#;
            swap(
                s,
                icu,
                &format!(
                    r#"(id: "give_toxin", label: "mini-act-toxin", group: Medicate, kind: Give(drug: "toxin", routes: [IV], dose: (unit: "mg", min: 1.0, max: 100.0))),
        {icu}"#
                ),
            )
        },
        "drug-toxin = Toxin\nmini-act-toxin = Give toxin\nmini-state-poisoned = Poisoned",
    )
}

/// Heart rate with `mg` of the toxin in the body of the 60 kg patient: the baseline 118 plus
/// the Emax of the excess above the threshold.
fn hr_with(mg: f64) -> f64 {
    let a = mg / 60.0;
    let x = a - TOXIN_ABOVE;
    if x > 0.0 {
        118.0 + TOXIN_EMAX * x / (TOXIN_EC50 + x)
    } else {
        118.0
    }
}

#[test]
fn a_dose_above_the_toxic_threshold_moves_the_variable_by_the_emax_of_the_excess() {
    let l = toxin_variant("tox-above", false, true);
    let hr = l.case.var("hr").unwrap();
    let toxin = l
        .case
        .drugs
        .iter()
        .position(|d| d.def.id == "toxin")
        .unwrap();
    let mut sim = Simulation::new(Arc::clone(&l.case), 1);
    at(&mut sim, 600, dose("give_toxin", 180.0, "mg"));
    assert_eq!(sim.truth()[hr], 118.0, "nothing before the next tick");
    // One tick eliminates exp(-ln2·10 s / 1000 h) of it.
    let keep = (-std::f64::consts::LN_2 * 10.0 / TOXIN_HALF_LIFE).exp();
    sim.advance_to(610);
    let body = 180.0 * keep;
    assert!(
        (sim.in_body(toxin) - body).abs() < 1e-9,
        "{}",
        sim.in_body(toxin)
    );
    let expected = hr_with(body);
    assert!(
        (expected - 148.0).abs() < 0.01,
        "a 2 mg/kg excess: half of 60"
    );
    assert!(
        (sim.truth()[hr] - expected).abs() < 1e-9,
        "{} against {expected}",
        sim.truth()[hr]
    );
    // Ten minutes on, still the excess's Emax (of what is left).
    sim.advance_to(1210);
    let body = 180.0 * keep.powi(61);
    assert!((sim.truth()[hr] - hr_with(body)).abs() < 1e-9);
}

#[test]
fn a_dose_below_the_toxic_threshold_changes_nothing() {
    let l = toxin_variant("tox-below", false, true);
    let hr = l.case.var("hr").unwrap();
    let mut sim = Simulation::new(Arc::clone(&l.case), 1);
    at(&mut sim, 600, dose("give_toxin", 50.0, "mg")); // 0.83 mg/kg
    for t in [610, 1200, 1800] {
        sim.advance_to(t);
        assert_eq!(sim.truth()[hr], 118.0, "at {t}s");
    }
    // Without a toxicity, even a dose far above it does nothing (the drug has no effects).
    let plain = toxin_variant("tox-none", false, false);
    let mut sim = Simulation::new(Arc::clone(&plain.case), 1);
    at(&mut sim, 600, dose("give_toxin", 600.0, "mg"));
    sim.advance_to(610);
    assert_eq!(sim.truth()[hr], 118.0);
}

#[test]
fn level_in_a_transition_is_the_amount_in_the_body_per_kg() {
    let l = toxin_variant("tox-level", false, true);
    // 100 mg in 60 kg is 1.67 mg/kg, above the transition's 1.5: harm on the next tick.
    let mut high = Simulation::new(Arc::clone(&l.case), 1);
    at(&mut high, 600, dose("give_toxin", 100.0, "mg"));
    high.advance_to(1200);
    assert_eq!(
        state_changes(high.records()),
        vec![(610, "shocked".into(), "poisoned".into())]
    );
    let r = score_simulation(&high);
    assert!(!r.passed);
    assert!(r.fail_reasons.contains(&harmful("poisoned", 610, false)));
    // 80 mg is 1.33 mg/kg (though 80 mg is far above 1.5 of anything): nothing happens.
    let mut low = Simulation::new(Arc::clone(&l.case), 1);
    at(&mut low, 600, dose("give_toxin", 80.0, "mg"));
    low.advance_to(1200);
    assert_eq!(state_changes(low.records()), vec![]);
}

// ---------------------------------------------------------------------------------------------
// Ceilings: DoseAtMost and TotalAtMost

#[test]
fn a_dose_ceiling_is_harmful_above_met_at_or_below_and_not_applicable_if_never_given() {
    let case = common::mini_case();
    let ne = |v: f64, unit: &str| rate("start_norepinephrine", v, unit);
    let unit = "µg/kg/min".to_string();
    // Above: harmful, the dose named, and the session fails on the critical ceiling.
    let mut sim = Simulation::new(Arc::clone(&case), 1);
    let seq = at(&mut sim, 360, ne(2.5, "µg/kg/min"));
    let c = criterion(&sim, "ne-ceiling");
    assert_eq!(
        (c.status, c.earned, c.evidence.clone()),
        (Status::Harmful, 0, vec![seq])
    );
    assert_eq!(
        c.detail,
        Detail::DosesAbove {
            what: "norepinephrine".into(),
            max: "2".into(),
            unit: unit.clone(),
            doses: vec![("2.5".into(), 360)],
            given: vec![],
        }
    );
    assert!(
        score_simulation(&sim)
            .fail_reasons
            .contains(&FailReason::CriticalHarmful {
                criterion: "ne-ceiling".into()
            })
    );
    // Exactly at the ceiling, and at it in another unit (120 µg/min is 2 µg/kg/min in 60 kg).
    for (v, u) in [(2.0, "µg/kg/min"), (120.0, "µg/min"), (0.12, "mg/min")] {
        let mut sim = Simulation::new(Arc::clone(&case), 1);
        let seq = at(&mut sim, 360, ne(v, u));
        let c = criterion(&sim, "ne-ceiling");
        assert_eq!(
            (c.status, c.evidence.clone()),
            (Status::Met, vec![seq]),
            "{v} {u}"
        );
        assert_eq!(
            c.detail,
            Detail::DosesAtMost {
                what: "norepinephrine".into(),
                max: "2".into(),
                unit: unit.clone(),
            }
        );
    }
    // Just above it in µg/min: the weight makes it 2.0167 µg/kg/min.
    let mut sim = Simulation::new(Arc::clone(&case), 1);
    at(&mut sim, 360, ne(0.1, "µg/kg/min"));
    let over = at(&mut sim, 600, ne(121.0, "µg/min"));
    let c = criterion(&sim, "ne-ceiling");
    assert_eq!(
        (c.status, c.evidence.clone()),
        (Status::Harmful, vec![over])
    );
    assert!(
        matches!(&c.detail, Detail::DosesAbove { doses, .. } if *doses == vec![("2.0167".to_string(), 600)]),
        "{:?}",
        c.detail
    );
    // Never given: not applicable, and its (zero) points are not available.
    let mut sim = Simulation::new(case, 1);
    at(&mut sim, 180, dose("fluid", 500.0, "mL"));
    let c = criterion(&sim, "ne-ceiling");
    assert_eq!(
        (c.status, c.detail),
        (
            Status::NotApplicable,
            Detail::NotGiven {
                what: "norepinephrine".into()
            }
        )
    );
}

/// A critical 24-hour fluid ceiling of 25 mL/kg (1500 mL in the 60 kg patient), in a case that
/// lasts two days and in which the patient neither dies nor recovers without norepinephrine.
fn total_variant(name: &str) -> LoadedCase {
    variant(
        name,
        |s| {
            let s = swap(s, r#"time_limit: "1h","#, r#"time_limit: "2d","#);
            let s = swap(
                s,
                r#"(to: "arrest", when: "map < 50 and elapsed > 20m"),"#,
                "",
            );
            with_criterion(
                s,
                r#"(
                id: "fluid-ceiling",
                weight: Critical,
                points: 0,
                check: TotalAtMost(what: "balanced_crystalloid", max: 25.0, unit: "mL/kg", over: "24h"),
                met: "mini-crit-volume-met",
                missed: "mini-crit-volume-missed",
            )"#,
            )
        },
        "",
    )
}

/// The fluid ceiling's result for these boluses (time, mL).
fn fluid_total(case: &Arc<Case>, doses: &[(u64, f64)]) -> (CriterionResult, Vec<usize>) {
    let mut sim = Simulation::new(Arc::clone(case), 1);
    let seqs = doses
        .iter()
        .map(|&(t, ml)| at(&mut sim, t, dose("fluid", ml, "mL")))
        .collect();
    (criterion(&sim, "fluid-ceiling"), seqs)
}

#[test]
fn a_total_ceiling_over_24_hours_slides() {
    let l = total_variant("total");
    let h = 3600;
    let within = |what: &str| Detail::TotalWithin {
        what: what.into(),
        max: "25".into(),
        unit: "mL/kg".into(),
        over: Some(24 * h),
    };
    // Two litres 23 hours apart are both in one 24-hour window: 33.3 mL/kg.
    let (c, seqs) = fluid_total(&l.case, &[(60, 1000.0), (60 + 23 * h, 1000.0)]);
    assert_eq!((c.status, c.evidence.clone()), (Status::Harmful, seqs));
    assert_eq!(
        c.detail,
        Detail::TotalOver {
            what: "balanced_crystalloid".into(),
            total: "33.3333".into(),
            max: "25".into(),
            unit: "mL/kg".into(),
            at: 60 + 23 * h,
            over: Some(24 * h),
        }
    );
    // 25 hours apart, and exactly 24 hours apart (the window is the 24 hours up to a dose), they
    // are not.
    for gap in [25 * h, 24 * h] {
        let (c, seqs) = fluid_total(&l.case, &[(60, 1000.0), (60 + gap, 1000.0)]);
        assert_eq!(
            (c.status, c.evidence, c.detail),
            (Status::Met, seqs, within("balanced_crystalloid")),
            "{gap}s apart"
        );
    }
    // The worst 24 hours decide: 400 + 1000 + 600 mL up to 22 h (33.3 mL/kg); the 700 mL at
    // 46 h shares no 24 hours with them (22 h is exactly 24 h before it).
    let (c, seqs) = fluid_total(
        &l.case,
        &[
            (60, 400.0),
            (20 * h, 1000.0),
            (22 * h, 600.0),
            (46 * h, 700.0),
        ],
    );
    assert_eq!(c.status, Status::Harmful);
    assert_eq!(c.evidence, vec![seqs[0], seqs[1], seqs[2]]);
    assert!(
        matches!(&c.detail, Detail::TotalOver { total, at, .. } if total == "33.3333" && *at == 22 * h),
        "{:?}",
        c.detail
    );
}

#[test]
fn a_per_kg_total_uses_the_patients_weight() {
    let l = total_variant("total-kg");
    // 1400 mL is 23.3 mL/kg in 60 kg: within 25 mL/kg (though far above 25 mL).
    let (c, _) = fluid_total(&l.case, &[(60, 1000.0), (3600, 400.0)]);
    assert_eq!(c.status, Status::Met);
    // 1600 mL is 26.7 mL/kg: above it (though below 1500 mL × 70 kg / 60 kg for a heavier one).
    let (c, _) = fluid_total(&l.case, &[(60, 1000.0), (3600, 600.0)]);
    assert_eq!(c.status, Status::Harmful);
    assert!(
        matches!(&c.detail, Detail::TotalOver { total, .. } if total == "26.6667"),
        "{:?}",
        c.detail
    );
    // Never given: not applicable.
    let (c, _) = fluid_total(&l.case, &[]);
    assert_eq!(
        (c.status, c.detail),
        (
            Status::NotApplicable,
            Detail::NotGiven {
                what: "balanced_crystalloid".into()
            }
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Windows and their anchors

fn window_variant(name: &str) -> LoadedCase {
    variant(
        name,
        |s| {
            let mut s = with_flag_actions(s);
            for c in [
                r#"(id: "lactate-window", weight: Minor, check: Window(what: "lactate", of: Done("fluid"), from: "10m", to: "20m"), met: "mini-crit-lactate-met", missed: "mini-crit-lactate-missed")"#,
                r#"(id: "repeat-lactate", weight: Minor, check: Window(what: "lactate", of: Done("lactate"), from: "10m", to: "40m"), met: "mini-crit-lactate-met", missed: "mini-crit-lactate-missed")"#,
                r#"(id: "fluid-after-result", weight: Minor, check: Window(what: "fluid", of: Result("lactate"), from: "0s", to: "10m"), met: "mini-crit-fluid-met", missed: "mini-crit-fluid-missed")"#,
                r#"(id: "lactate-after-flag", weight: Minor, check: Window(what: "lactate", of: When("urine >= 50"), from: "5m", to: "10m"), met: "mini-crit-lactate-met", missed: "mini-crit-lactate-missed")"#,
            ] {
                s = with_criterion(s, c);
            }
            s
        },
        FLAG_TEXTS,
    )
}

/// A session of these orders (time, order), played to 40 minutes: the window criterion `id`
/// and the records' indices of the orders.
fn windowed(
    case: &Arc<Case>,
    id: &str,
    orders: Vec<(u64, Order)>,
) -> (CriterionResult, Vec<usize>) {
    let mut sim = Simulation::new(Arc::clone(case), 1);
    let seqs = orders
        .into_iter()
        .map(|(t, o)| at(&mut sim, t, o))
        .collect();
    sim.advance_to(2400);
    (criterion(&sim, id), seqs)
}

#[test]
fn a_window_is_missed_too_early_or_late_or_never_and_met_within_it() {
    let l = window_variant("window");
    let fluid = || dose("fluid", 500.0, "mL");
    let lactate = || order("lactate");
    // Fluid at 3 min opens the window at 13 min and closes it at 23 min.
    let (opens, closes) = (180 + 600, 180 + 1200);
    let w = "lactate-window";
    let (c, s) = windowed(&l.case, w, vec![(180, fluid()), (300, lactate())]);
    assert_eq!(
        (c.status, c.evidence, c.detail),
        (
            Status::Missed,
            s.clone(),
            Detail::TooEarly {
                what: "lactate".into(),
                at: 300,
                opens
            }
        )
    );
    for t in [opens, 900, closes] {
        let (c, s) = windowed(&l.case, w, vec![(180, fluid()), (t, lactate())]);
        assert_eq!(
            (c.status, c.evidence, c.detail),
            (
                Status::Met,
                s,
                Detail::InWindow {
                    what: "lactate".into(),
                    at: t,
                    opens,
                    closes
                }
            ),
            "at {t}s"
        );
    }
    let (c, _) = windowed(&l.case, w, vec![(180, fluid()), (closes + 10, lactate())]);
    assert_eq!(
        (c.status, c.detail),
        (
            Status::Missed,
            Detail::Late {
                what: "lactate".into(),
                at: closes + 10,
                deadline: closes
            }
        )
    );
    let (c, s) = windowed(&l.case, w, vec![(180, fluid())]);
    assert_eq!(
        (c.status, c.evidence, c.detail),
        (
            Status::Missed,
            s,
            Detail::NotBy {
                what: "lactate".into(),
                deadline: closes
            }
        )
    );
    // No anchor, no window.
    let (c, _) = windowed(&l.case, w, vec![(300, lactate())]);
    assert_eq!(
        (c.status, c.detail),
        (Status::NotApplicable, Detail::DidNotArise)
    );
    // What came before the anchor is not judged: the first lactate after the fluid is.
    let (c, s) = windowed(
        &l.case,
        w,
        vec![(60, lactate()), (180, fluid()), (900, lactate())],
    );
    assert_eq!((c.status, c.evidence), (Status::Met, vec![s[1], s[2]]));
}

#[test]
fn an_act_ordered_with_its_anchor_does_not_count() {
    let l = window_variant("window-with");
    let lactate = || order("lactate");
    // The anchoring lactate is not its own repeat: the one 13 minutes later is.
    let (c, s) = windowed(
        &l.case,
        "repeat-lactate",
        vec![(120, lactate()), (900, lactate())],
    );
    assert_eq!(
        (c.status, c.evidence, c.detail),
        (
            Status::Met,
            s,
            Detail::InWindow {
                what: "lactate".into(),
                at: 900,
                opens: 720,
                closes: 2520
            }
        )
    );
    let (c, _) = windowed(&l.case, "repeat-lactate", vec![(120, lactate())]);
    assert_eq!(
        c.detail,
        Detail::NotBy {
            what: "lactate".into(),
            deadline: 2520
        }
    );
    // A lactate ordered in the same second as the fluid, just before it, is not after it.
    let (c, _) = windowed(
        &l.case,
        "lactate-window",
        vec![(180, lactate()), (180, dose("fluid", 500.0, "mL"))],
    );
    assert_eq!(
        c.detail,
        Detail::NotBy {
            what: "lactate".into(),
            deadline: 1380
        }
    );
}

#[test]
fn a_window_anchored_on_a_result_opens_when_the_result_returns() {
    let l = window_variant("window-result");
    let w = "fluid-after-result";
    let fluid = || dose("fluid", 500.0, "mL");
    // Lactate at 2 min returns at 7 min (a 5-minute turnaround).
    let mut sim = Simulation::new(Arc::clone(&l.case), 1);
    at(&mut sim, 120, order("lactate"));
    at(&mut sim, 180, fluid());
    let after = at(&mut sim, 600, fluid());
    sim.advance_to(2400);
    let result = sim
        .records()
        .iter()
        .position(|r| matches!(r, Record::Result { t: 420, .. }))
        .expect("the result at 7 min");
    let c = criterion(&sim, w);
    assert_eq!(
        (c.status, c.detail),
        (
            Status::Met,
            Detail::InWindow {
                what: "fluid".into(),
                at: 600,
                opens: 420,
                closes: 1020
            }
        )
    );
    // The result and the fluid after it, not the one before.
    assert_eq!(c.evidence, vec![result, after]);
    // Fluid only before the result: never in the window.
    let (c, _) = windowed(&l.case, w, vec![(120, order("lactate")), (180, fluid())]);
    assert_eq!(
        c.detail,
        Detail::NotBy {
            what: "fluid".into(),
            deadline: 1020
        }
    );
    // No lactate, no result: not applicable.
    let (c, _) = windowed(&l.case, w, vec![(180, fluid())]);
    assert_eq!(c.status, Status::NotApplicable);
}

#[test]
fn a_window_anchored_on_a_condition_opens_on_the_first_tick_it_holds() {
    let l = window_variant("window-when");
    let w = "lactate-after-flag";
    // The flag set at 5 min is first seen on the tick at 5:10: the window is 10:10–15:10.
    let (c, _) = windowed(
        &l.case,
        w,
        vec![(300, order("flag_on")), (720, order("lactate"))],
    );
    assert_eq!(
        (c.status, c.detail),
        (
            Status::Met,
            Detail::InWindow {
                what: "lactate".into(),
                at: 720,
                opens: 610,
                closes: 910
            }
        )
    );
    // A lactate before that tick is before the anchor, and does not count.
    let (c, _) = windowed(
        &l.case,
        w,
        vec![(300, order("flag_on")), (305, order("lactate"))],
    );
    assert_eq!(
        c.detail,
        Detail::NotBy {
            what: "lactate".into(),
            deadline: 910
        }
    );
    let (c, _) = windowed(&l.case, w, vec![(720, order("lactate"))]);
    assert_eq!(c.status, Status::NotApplicable);
}

// ---------------------------------------------------------------------------------------------
// faced

fn faced_variant(name: &str) -> LoadedCase {
    variant(
        name,
        |s| {
            with_criterion(
                s,
                r#"(id: "no-oxygen", weight: Major, check: Never(what: "oxygen"), faced: "given('call_icu')", met: "mini-crit-oxygen-met", missed: "mini-crit-oxygen-missed")"#,
            )
        },
        "",
    )
}

/// The expert's orders plus `extra`, played to the end, on `case`.
fn expert_plus(case: &Arc<Case>, extra: &[(u64, Order)]) -> ScoreReport {
    let mut sim = Simulation::new(Arc::clone(case), 1);
    let mut orders = expert_orders();
    orders.extend(extra.iter().cloned());
    orders.sort_by_key(|(t, _)| *t);
    for (t, o) in orders {
        at(&mut sim, t, o);
    }
    sim.advance(3600);
    score_simulation(&sim)
}

#[test]
fn a_faced_never_criterion_judges_only_a_trainee_who_faced_the_choice_but_harm_always() {
    let l = faced_variant("faced");
    let mini = common::mini_case();
    let oxygen = || rate("oxygen", 2.0, "L/min");
    // Never faced: not applicable, its 2 points neither earned nor available.
    let plain = expert_plus(&mini, &[]);
    let r = expert_plus(&l.case, &[]);
    let c = result_of(&r, "no-oxygen");
    assert_eq!(
        (c.status, c.earned, c.detail, c.evidence),
        (Status::NotApplicable, 0, Detail::DidNotArise, vec![])
    );
    assert_eq!((r.earned, r.available), (plain.earned, plain.available));
    assert_eq!((r.percent, r.passed), (100, true));
    // Faced (ICU called) and oxygen never given: met, 2 more points of 2 more.
    let r = expert_plus(&l.case, &[(420, order("call_icu"))]);
    let c = result_of(&r, "no-oxygen");
    assert_eq!((c.status, c.earned), (Status::Met, 2));
    assert_eq!(
        (r.earned, r.available),
        (plain.earned + 2, plain.available + 2)
    );
    // Oxygen given without ever facing the choice: harmful all the same, and counted.
    let with_oxygen = expert_plus(&mini, &[(420, oxygen())]);
    let r = expert_plus(&l.case, &[(420, oxygen())]);
    let c = result_of(&r, "no-oxygen");
    assert_eq!(
        (c.status, c.earned, c.detail),
        (
            Status::Harmful,
            0,
            Detail::Given {
                what: "oxygen".into(),
                at: 420
            }
        )
    );
    assert_eq!(
        (r.earned, r.available),
        (with_oxygen.earned, with_oxygen.available + 2)
    );
}

// ---------------------------------------------------------------------------------------------
// Lints

/// The lint diagnostics of the case in `dir` whose message holds `part`, as (line, severity,
/// message).
fn lints(dir: &Path, part: &str) -> Vec<(usize, Severity, String)> {
    bedside::lint::lint(&common::load(dir))
        .into_iter()
        .filter(|d| d.message.contains(part))
        .map(|d| (d.line, d.severity, d.message))
        .collect()
}

/// The 1-based line of the case's scenario that holds `text` (once).
fn line_of(dir: &Path, text: &str) -> usize {
    let lines = common::lines(&dir.join("scenario.ron"));
    let found: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains(text))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(found.len(), 1, "{text}");
    found[0]
}

#[test]
fn a_reachable_harm_state_without_a_critical_state_avoided_is_a_lint_error() {
    let harm_text = |state: &str, how: &str| {
        format!(
            "state '{state}' is harm ({how}) and can be reached, but no critical StateAvoided criterion covers it: the debrief would not say why the session failed"
        )
    };
    // The fixture's arrest is covered by its critical 'survived'.
    let mini = common::root().join("tests/fixtures/mini");
    assert_eq!(lints(&mini, " is harm ("), vec![]);

    let scare = |name: &str, cover: Option<&str>| {
        variant_dir(
            name,
            |s| {
                let s = swap(
                    s,
                    r#"transitions: [(to: "recovered", when: "time_in_state >= 10m")],"#,
                    r#"transitions: [(to: "scare", when: "time_in_state >= 10m")],"#,
                );
                let s = swap(
                    s,
                    r#"(id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
                    r#"(id: "scare", label: "mini-state-scare", harm: true, transitions: [(to: "recovered", when: "time_in_state >= 1m")]),
        (id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
                );
                match cover {
                    Some(weight) => with_criterion(
                        s,
                        &format!(
                            r#"(id: "no-scare", weight: {weight}, points: 0, check: StateAvoided(state: "scare"), met: "mini-crit-survived-met", missed: "mini-crit-survived-missed")"#
                        ),
                    ),
                    None => s,
                }
            },
            "mini-state-scare = Scare",
        )
    };
    let dir = scare("lint-harm", None);
    let line = line_of(&dir, r#"(id: "scare""#);
    assert_eq!(
        lints(&dir, " is harm ("),
        vec![(line, Severity::Error, harm_text("scare", "harm: true"))]
    );
    // A major criterion does not cover it (it cannot fail the session); a critical one does.
    let dir = scare("lint-harm-major", Some("Major"));
    assert_eq!(lints(&dir, " is harm (").len(), 1);
    let dir = scare("lint-harm-critical", Some("Critical"));
    assert_eq!(lints(&dir, " is harm ("), vec![]);

    // An end in death is harm too.
    let dir = variant_dir(
        "lint-died",
        |s| {
            swap(
                s,
                r#"(id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
                r#"(id: "recovered", label: "mini-state-recovered", end: Died),"#,
            )
        },
        "",
    );
    let line = line_of(&dir, r#"(id: "recovered""#);
    assert_eq!(
        lints(&dir, " is harm ("),
        vec![(line, Severity::Error, harm_text("recovered", "end: Died"))]
    );
    // An unreachable harm state is no one's concern.
    let dir = variant_dir(
        "lint-harm-unreachable",
        |s| {
            swap(
                s,
                r#"(id: "recovered", label: "mini-state-recovered", end: Recovered),"#,
                r#"(id: "recovered", label: "mini-state-recovered", end: Recovered),
        (id: "island", label: "mini-state-recovered", harm: true),"#,
            )
        },
        "",
    );
    assert_eq!(lints(&dir, " is harm ("), vec![]);
}

#[test]
fn a_high_alert_medicine_needs_a_critical_ceiling_and_a_toxicity() {
    let ceiling = "action 'start_norepinephrine' gives norepinephrine, a high-alert medicine, but no critical DoseAtMost, DoseInRange or TotalAtMost criterion sets its ceiling: a ten-fold dose would pass";
    let mini = common::root().join("tests/fixtures/mini");
    assert_eq!(lints(&mini, "action 'start_norepinephrine' gives"), vec![]);
    let ceiling_weight = |name: &str, what: &str, weight: &str| {
        variant_dir(
            name,
            |s| {
                let s = swap(
                    s,
                    "check: DoseAtMost(what: \"norepinephrine\"",
                    &format!("check: DoseAtMost(what: \"{what}\""),
                );
                swap(
                    s,
                    "id: \"ne-ceiling\",\n                weight: Critical,",
                    &format!("id: \"ne-ceiling\",\n                weight: {weight},"),
                )
            },
            "",
        )
    };
    // The ceiling made major: nothing critical caps norepinephrine (its DoseInRange is major).
    let dir = ceiling_weight("lint-ceiling-major", "norepinephrine", "Major");
    let line = line_of(&dir, r#"id: "start_norepinephrine""#);
    assert_eq!(
        lints(&dir, "action 'start_norepinephrine' gives"),
        vec![(line - 1, Severity::Error, ceiling.to_string())]
    );
    // A critical ceiling on the drug's class, or on the action, caps it as well.
    for what in ["catecholamine", "start_norepinephrine"] {
        let dir = ceiling_weight(&format!("lint-ceiling-{what}"), what, "Critical");
        assert_eq!(
            lints(&dir, "action 'start_norepinephrine' gives"),
            vec![],
            "{what}"
        );
    }

    // A high-alert drug of the case's own without a toxicity.
    let toxicity = "toxin is a high-alert medicine without a toxicity: above its therapeutic range it would only reach its maximum effect, and an overdose would do no harm";
    let dir = toxin_variant_dir("lint-tox-none", true, false);
    let line = line_of(&dir, r#"(id: "toxin""#);
    assert_eq!(
        lints(&dir, "toxin is a high-alert"),
        vec![(line, Severity::Error, toxicity.to_string())]
    );
    // Nothing in this case caps it either.
    assert_eq!(lints(&dir, "action 'give_toxin' gives toxin").len(), 1);
    // With a toxicity, or when not high-alert, no toxicity error.
    let dir = toxin_variant_dir("lint-tox-some", true, true);
    assert_eq!(lints(&dir, "toxin is a high-alert"), vec![]);
    let dir = toxin_variant_dir("lint-tox-plain", false, false);
    assert_eq!(lints(&dir, "toxin is a high-alert"), vec![]);
    assert_eq!(lints(&dir, "action 'give_toxin' gives"), vec![]);
}

/// The score of the untreated patient (seed 1, played to the time limit).
fn idle_percent(case: &Arc<Case>) -> u32 {
    let mut sim = Simulation::new(Arc::clone(case), 1);
    sim.advance(case.scenario.time_limit.secs());
    score_simulation(&sim).percent
}

#[test]
fn the_do_nothing_score_is_a_note_up_to_15_percent_and_a_warning_above() {
    let text = |p: u32| {
        format!("a trainee who orders nothing scores {p}% (seed 1; at most 15% is allowed)")
    };
    let prefix = "a trainee who orders nothing";
    // The fixture: only 'no-oxygen-when-fine' (1 point of 11) pays for doing nothing.
    let mini = common::root().join("tests/fixtures/mini");
    assert_eq!(idle_percent(&common::mini_case()), 9);
    let line = line_of(&mini, "pass_mark: 70,");
    assert_eq!(lints(&mini, prefix), vec![(line, Severity::Note, text(9))]);
    // Inaction paid 3 points of 20: exactly 15 %, still a note; 4 of 21 (19 %), a warning.
    let pay = |name: &str, points: u32| {
        variant_dir(
            name,
            |s| {
                let s = swap(s, "id: \"ne\",", "id: \"ne\",\n                points: 11,");
                swap(
                    s,
                    "id: \"no-oxygen-when-fine\",",
                    &format!("id: \"no-oxygen-when-fine\",\n                points: {points},"),
                )
            },
            "",
        )
    };
    let dir = pay("idle-15", 3);
    assert_eq!(idle_percent(&common::load(&dir).case), 15);
    let line = line_of(&dir, "pass_mark: 70,");
    assert_eq!(lints(&dir, prefix), vec![(line, Severity::Note, text(15))]);
    let dir = pay("idle-19", 4);
    assert_eq!(idle_percent(&common::load(&dir).case), 19);
    let line = line_of(&dir, "pass_mark: 70,");
    assert_eq!(
        lints(&dir, prefix),
        vec![(
            line,
            Severity::Warning,
            format!(
                "{}: give the avoid-type criteria a `faced` condition",
                text(19)
            )
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Determinism

#[test]
fn the_same_variant_seed_and_script_give_byte_identical_logs() {
    let dir = common::tempdir("safe-determinism");
    // A run-on session (its score judges the course after the end) and an overdose with harm.
    let run_on = run_on_variant("det-run-on");
    let (stop, _) = run_on_script(&run_on.case, true);
    let tox = toxin_variant("det-tox", true, true);
    let overdose = script(
        &[
            (120, order("lactate")),
            (180, dose("give_toxin", 150.0, "mg")),
            (360, rate("start_norepinephrine", 15.0, "µg/kg/min")),
        ],
        None,
    );
    for (name, case, script) in [
        ("run-on", &run_on.case, &stop),
        ("tox", &tox.case, &overdose),
    ] {
        let logs: Vec<Vec<u8>> = (0..2)
            .map(|i| {
                let p = dir.join(format!("{name}-{i}.jsonl"));
                play(Arc::clone(case), script, &common::info(7), Some(&p)).unwrap();
                std::fs::read(&p).unwrap()
            })
            .collect();
        assert!(logs[0] == logs[1], "{name}: the two logs differ");
        let text = String::from_utf8(logs[0].clone()).unwrap();
        assert!(text.contains("\"harmful_outcome\""), "{name}: {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Citations

#[test]
fn the_debrief_shows_every_citation_with_its_section_strength_and_scope() {
    let l = variant(
        "citations",
        |s| {
            swap(
                s,
                r#"recommendation: "mini-cite-ne"),"#,
                r#"recommendation: "mini-cite-ne", section: "Rec. 40", strength: "strong; moderate-quality evidence"),
                citations: [
                    (body: "ESICM", title: "Second source", year: 2022, recommendation: "mini-cite-ne", scope: "adults in shock"),
                ],"#,
            )
        },
        "",
    );
    let mut sim = Simulation::new(Arc::clone(&l.case), 1);
    expert(&mut sim);
    sim.advance(3600);
    let r = score_simulation(&sim);
    let t = l.texts(bedside::i18n::Locale::EnUs, &bedside::report::ui_sources());
    let text = bedside::report::text(&r, &l, &t);
    assert!(t.missing().is_empty(), "{:?}", t.missing());
    let rec = t.get("mini-cite-ne");
    for line in [
        format!("    Source: SCCM/ESICM, “Surviving Sepsis Campaign” (2021). {rec}"),
        "      Rec. 40 · strong; moderate-quality evidence".to_string(),
        format!("    Source: ESICM, “Second source” (2022). {rec}"),
        "      adults in shock".to_string(),
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line\n{line}\nin\n{text}"
        );
    }
    // A critical criterion whose sources are all further ones has a citation.
    let dir = variant_dir(
        "citations-lint",
        |s| {
            swap(
                s,
                r#"citation: (body: "SCCM/ESICM", title: "Surviving Sepsis Campaign", year: 2021, recommendation: "mini-cite-ne"),"#,
                r#"citations: [(body: "SCCM/ESICM", title: "Surviving Sepsis Campaign", year: 2021, recommendation: "mini-cite-ne")],"#,
            )
        },
        "",
    );
    assert_eq!(
        lints(&dir, "critical criterion 'ne' has no citation"),
        vec![]
    );
}
