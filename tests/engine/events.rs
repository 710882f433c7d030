//! Events that repeat (`every`), re-arm (`rearm`) and fire on entering an end state, on
//! variants of the fixture: their times, when they stop, their place before the case's end,
//! and that a replay records them identically.

use crate::support as common;

use std::sync::Arc;

use bedside::scenario::LoadedCase;
use bedside::sim::{Order, Record, Simulation};

const EVENTS: &str =
    "(id: \"low\", when: \"map < 55\", speaker: System, text: \"mini-event-low\"),";

/// The fixture with `extra` events added after its own (the tests run in parallel, each in
/// its own folder `name`).
fn with_events(name: &str, extra: &str) -> LoadedCase {
    let root = common::shared_library_root(name);
    let dir = common::mini_variant(
        &root,
        name,
        |s| {
            assert_eq!(s.matches(EVENTS).count(), 1);
            s.replace(EVENTS, &format!("{EVENTS}\n        {extra}"))
        },
        |_, t| t,
    );
    common::load(&dir)
}

fn start_pressor() -> Order {
    Order {
        action: "start_norepinephrine".into(),
        rate: Some((0.1, "µg/kg/min".into())),
        ..Order::default()
    }
}

fn stop_pressor() -> Order {
    Order {
        action: "stop_norepinephrine".into(),
        ..Order::default()
    }
}

/// The times event `id` fired.
fn fired(sim: &Simulation, id: &str) -> Vec<u64> {
    sim.records()
        .iter()
        .filter_map(|r| match r {
            Record::Event { t, id: e, .. } if e == id => Some(*t),
            _ => None,
        })
        .collect()
}

/// The pressor runs from 1m to 7m and again from 10m to 13m20s; the case is played to 20m.
fn pressor_on_off_on(loaded: &LoadedCase) -> Simulation {
    let mut sim = Simulation::new(Arc::clone(&loaded.case), 1);
    for (t, order) in [
        (60, start_pressor()),
        (420, stop_pressor()),
        (600, start_pressor()),
        (800, stop_pressor()),
    ] {
        sim.advance_to(t);
        sim.apply(&order).unwrap();
    }
    sim.advance_to(1200);
    sim
}

#[test]
fn a_timed_event_repeats_from_its_time_on() {
    let loaded = with_events(
        "events-timed",
        "(id: \"chart\", at: \"1m\", every: \"4m\", speaker: System, text: \"mini-event-nurse\"),",
    );
    let mut sim = Simulation::new(Arc::clone(&loaded.case), 1);
    sim.advance_to(1000);
    assert_eq!(fired(&sim, "chart"), vec![60, 300, 540, 780]);
    assert_eq!(sim.next_scheduled(), Some(1020));
}

#[test]
fn a_repeating_event_fires_every_period_while_its_condition_holds_and_then_stops() {
    let loaded = with_events(
        "events-every",
        "(id: \"check\", when: \"running('norepinephrine')\", every: \"2m\", speaker: Nurse, text: \"mini-event-nurse\"),",
    );
    let sim = pressor_on_off_on(&loaded);
    // From the first tick the infusion runs (1m10s), every 2 min until it is stopped at 7m;
    // without `rearm` the second infusion brings no more calls.
    assert_eq!(fired(&sim, "check"), vec![70, 190, 310]);
}

#[test]
fn a_rearming_event_fires_again_each_time_its_condition_holds_anew() {
    let loaded = with_events(
        "events-rearm",
        "(id: \"check\", when: \"running('norepinephrine')\", every: \"2m\", rearm: true, speaker: Nurse, text: \"mini-event-nurse\"),
        (id: \"started\", when: \"running('norepinephrine')\", rearm: true, speaker: Nurse, text: \"mini-event-nurse\"),",
    );
    let sim = pressor_on_off_on(&loaded);
    assert_eq!(fired(&sim, "check"), vec![70, 190, 310, 610, 730]);
    // Without `every`: once each time the condition comes to hold.
    assert_eq!(fired(&sim, "started"), vec![70, 610]);
}

#[test]
fn an_event_on_entering_a_died_state_is_logged_before_the_end() {
    let loaded = with_events(
        "events-arrest",
        "(id: \"arrest_call\", when: \"in_state('arrest')\", speaker: System, text: \"mini-event-low\"),",
    );
    // The untreated patient arrests.
    let mut sim = Simulation::new(Arc::clone(&loaded.case), 1);
    sim.advance_to(3600);
    let tail: Vec<&Record> = sim
        .records()
        .iter()
        .skip_while(|r| !matches!(r, Record::State { to, .. } if to == "arrest"))
        .collect();
    assert!(
        matches!(
            tail.as_slice(),
            [
                Record::State { t: a, .. },
                Record::Event { t: b, id, .. },
                Record::End { t: c, .. },
            ] if id == "arrest_call" && a == b && b == c
        ),
        "{tail:#?}"
    );
}

#[test]
fn repeating_events_are_deterministic_and_replay_identically() {
    let loaded = with_events(
        "events-determinism",
        "(id: \"check\", when: \"running('norepinephrine')\", every: \"2m\", rearm: true, speaker: Nurse, text: \"mini-event-nurse\", values: [\"map\"]),
        (id: \"chart\", at: \"1m\", every: \"4m\", speaker: System, text: \"mini-event-nurse\"),
        (id: \"arrest_call\", when: \"in_state('arrest')\", speaker: System, text: \"mini-event-low\"),",
    );
    let mut a = pressor_on_off_on(&loaded);
    let mut b = pressor_on_off_on(&loaded);
    a.advance_to(3600);
    b.advance_to(3600);
    assert_eq!(a.records(), b.records());
    let mut replayed = Simulation::replay(Arc::clone(&loaded.case), 1, a.records());
    replayed.advance_to(3600);
    assert_eq!(replayed.records(), a.records());
    let scoring = Simulation::replay(Arc::clone(&loaded.case), 1, a.records()).for_scoring();
    let events = |s: &Simulation| fired(s, "check");
    assert_eq!(events(&scoring), events(&a));
}

#[test]
fn a_zero_period_and_a_rearm_without_a_condition_are_refused() {
    let root = common::shared_library_root("events-invalid");
    let dir = common::mini_variant(
        &root,
        "invalid",
        |s| {
            s.replace(
                EVENTS,
                &format!(
                    "{EVENTS}\n        (id: \"zero\", when: \"map < 60\", every: \"0s\", speaker: System, text: \"mini-event-low\"),\n        (id: \"bare\", at: \"1m\", rearm: true, speaker: System, text: \"mini-event-low\"),"
                ),
            )
        },
        |_, t| t,
    );
    let found = common::diagnostics(&dir);
    assert!(
        found
            .iter()
            .any(|d| d.contains("`every` must be longer than 0s")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|d| d.contains("`rearm` needs `when`")),
        "{found:#?}"
    );
}
