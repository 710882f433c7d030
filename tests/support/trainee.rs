//! A random trainee for property tests: any action (or one the case lacks), amounts ordinary,
//! absurd or not numbers at all, any unit and route, at any time.

use std::sync::{Arc, OnceLock};

use bedside::scenario::Case;
use bedside::scenario::model::Route;
use bedside::session::LiveSession;
use bedside::sim::Order;

/// The bundled cases, loaded once per test binary.
pub fn bundled() -> &'static [Arc<Case>] {
    static CASES: OnceLock<Vec<Arc<Case>>> = OnceLock::new();
    CASES.get_or_init(|| {
        bedside::scenario::find_cases(&super::root().join("scenarios"))
            .iter()
            .map(|d| super::load(d).case)
            .collect()
    })
}

/// Bundled case number `which` (modulo their count), for a strategy over `0..3`.
pub fn case(which: usize) -> &'static Arc<Case> {
    let cases = bundled();
    &cases[which % cases.len()]
}

/// Amounts a careless or hostile trainee might type, the ordinary ones included.
pub fn amount() -> impl proptest::strategy::Strategy<Value = f64> {
    use proptest::prelude::*;
    prop_oneof![
        4 => 0.0f64..5000.0,
        1 => any::<f64>(),
        1 => prop::sample::select(vec![
            0.0, -1.0, 1e-300, 5e-324, 1e4, 1e6, 1e8, 1e9, 1e300, f64::MAX, f64::INFINITY,
            f64::NEG_INFINITY, f64::NAN,
        ]),
    ]
}

/// Units as typed: the ones the cases use, near misses, and any text at all.
pub fn unit() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let known = proptest::sample::select(
        [
            "mg",
            "µg",
            "ug",
            "g",
            "mL",
            "L",
            "units",
            "mmol",
            "mg/kg",
            "µg/kg",
            "µg/kg/min",
            "mg/h",
            "mL/h",
            "L/min",
            "mL/kg",
            "kg",
            "",
            "banana",
            "MG",
            "mcg",
            "mg/kg/h",
            "mmol/L",
            "IU",
            "units/kg/h",
            "/kg",
            "mg//kg",
        ]
        .map(String::from)
        .to_vec(),
    );
    prop_oneof![
        8 => known,
        1 => "[0-9a-zA-Zµμ/ .]{0,12}",
        1 => any::<String>(),
    ]
}

/// A trainee's step: wait this many seconds, then place this order (the action as an index
/// into the case's actions; past the end, an action the case does not have).
pub type Step = (
    u64,
    usize,
    Option<(f64, String)>,
    Option<(f64, String)>,
    Option<Route>,
);

pub fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    let route = prop::sample::select(Route::ALL.to_vec());
    (
        0u64..900,
        0usize..64,
        prop::option::of((amount(), unit())),
        prop::option::of((amount(), unit())),
        prop::option::of(route),
    )
}

/// The order a step places in `case`.
pub fn order(case: &Case, step: &Step) -> Order {
    let (_, action, dose, rate, route) = step.clone();
    let action = case
        .actions
        .get(action)
        .map_or_else(|| "no_such_action".to_string(), |a| a.def.id.clone());
    Order {
        action,
        dose,
        rate,
        route,
    }
}

/// Plays `steps` in a session, ignoring refusals (they are logged).
pub fn play(s: &mut LiveSession, steps: &[Step]) {
    for step in steps {
        s.advance(step.0).unwrap();
        let _ = s.apply(&order(&s.sim.case().clone(), step));
    }
}
