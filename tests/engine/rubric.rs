//! Rubric checks judged on real sessions of the fixture case.

use crate::support as common;

use std::sync::Arc;

use bedside::rubric::{Detail, Status, score_simulation};
use bedside::sim::{Order, Simulation};

fn fluid(ml: f64) -> Order {
    Order {
        action: "fluid".into(),
        dose: Some((ml, "mL".into())),
        ..Order::default()
    }
}

fn criterion(sim: &Simulation, id: &str) -> bedside::rubric::CriterionResult {
    score_simulation(sim)
        .criteria
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
}

#[test]
fn a_volume_reached_in_time_meets_the_criterion_with_the_decision_as_evidence() {
    let mut sim = Simulation::new(common::mini_case(), 1);
    sim.advance(120);
    sim.apply(&fluid(500.0)).unwrap();
    sim.advance(300);
    sim.apply(&fluid(500.0)).unwrap(); // 1000 mL ≥ 15 mL/kg × 60 kg at 7 min
    sim.advance(3600);
    let c = criterion(&sim, "fluid-volume");
    assert_eq!(c.status, Status::Met);
    assert_eq!(
        c.detail,
        Detail::ConditionInTime {
            at: 420,
            deadline: 1800
        }
    );
    let second = sim
        .records()
        .iter()
        .position(|r| matches!(r, bedside::sim::Record::Decision { t: 420, .. }))
        .unwrap();
    assert_eq!(c.evidence, vec![second]);
}

#[test]
fn a_volume_reached_late_or_never_misses_it() {
    let case = common::mini_case();
    let mut late = Simulation::new(Arc::clone(&case), 1);
    late.advance(2400);
    late.apply(&fluid(1000.0)).unwrap();
    late.advance(3600);
    assert_eq!(
        criterion(&late, "fluid-volume").detail,
        Detail::ConditionLate {
            at: 2400,
            deadline: 1800
        }
    );
    let mut never = Simulation::new(case, 1);
    never.apply(&fluid(500.0)).unwrap();
    never.advance(3600);
    let c = criterion(&never, "fluid-volume");
    assert_eq!(
        (c.status, c.detail),
        (Status::Missed, Detail::ConditionNotBy { deadline: 1800 })
    );
}

#[test]
fn a_guarded_never_is_judged_on_the_patient_at_the_moment_of_the_order() {
    let case = common::mini_case();
    let oxygen = Order {
        action: "oxygen".into(),
        rate: Some((2.0, "L/min".into())),
        ..Order::default()
    };
    // SpO₂ starts at 94 %: oxygen is appropriate.
    let mut needed = Simulation::new(Arc::clone(&case), 1);
    needed.apply(&oxygen).unwrap();
    needed.advance(3600);
    let c = criterion(&needed, "no-oxygen-when-fine");
    assert_eq!(
        (c.status, c.detail),
        (
            Status::Met,
            Detail::NeverWhile {
                what: "oxygen".into()
            }
        )
    );
    // Once oxygen has brought SpO₂ to 96 % or more, a second order is judged harmful.
    let mut again = Simulation::new(case, 1);
    again.apply(&oxygen).unwrap();
    again.advance(900);
    assert!(again.truth()[again.case().var("spo2").unwrap()] >= 96.0);
    again.apply(&oxygen).unwrap();
    again.advance(3600);
    let c = criterion(&again, "no-oxygen-when-fine");
    assert_eq!(
        (c.status, c.detail),
        (
            Status::Harmful,
            Detail::GivenWhile {
                what: "oxygen".into(),
                at: 900
            }
        )
    );
}

#[test]
fn a_critical_miss_fails_the_case_whatever_the_total() {
    let mut sim = Simulation::new(common::mini_case(), 1);
    sim.apply(&Order::new("lactate")).unwrap();
    sim.apply(&fluid(1000.0)).unwrap();
    sim.advance(3600);
    let r = score_simulation(&sim);
    assert!(!r.passed);
    assert!(
        r.fail_reasons
            .contains(&bedside::rubric::FailReason::CriticalMissed {
                criterion: "ne".into()
            })
    );
}
