//! Orders: implausible ones are accepted and scored; impossible ones are refused with a reason.

mod common;

use bedside::scenario::model::Route;
use bedside::sim::{Order, Record, Simulation};

fn order(
    action: &str,
    dose: Option<(f64, &str)>,
    rate: Option<(f64, &str)>,
    route: Option<Route>,
) -> Order {
    Order {
        action: action.into(),
        dose: dose.map(|(v, u)| (v, u.into())),
        rate: rate.map(|(v, u)| (v, u.into())),
        route,
    }
}

fn refusal(o: Order) -> String {
    o.validate(&common::mini_case()).unwrap_err().to_string()
}

#[test]
fn impossible_orders_are_refused_with_the_reason() {
    let cases = [
        (
            order("fluid", Some((-500.0, "mL")), None, None),
            "the dose must be greater than zero (got -500)",
        ),
        (
            order("fluid", Some((0.0, "mL")), None, None),
            "the dose must be greater than zero (got 0)",
        ),
        (
            order("fluid", Some((f64::NAN, "mL")), None, None),
            "the dose is not a number",
        ),
        (
            order("fluid", Some((f64::INFINITY, "mL")), None, None),
            "the dose is not a number",
        ),
        (
            order("fluid", Some((500.0, "mg")), None, None),
            "unit 'mg' measures mass, but volume was expected (for example 'mL')",
        ),
        (
            order("fluid", Some((500.0, "cc")), None, None),
            "unknown unit 'cc' (use g, mg, µg/mcg/ug, ng, L, mL, units, mmol, optionally /kg and /min or /h)",
        ),
        (
            order("start_norepinephrine", None, Some((0.1, "µg/kg")), None),
            "unit 'µg/kg' measures mass per kg, but mass per kg per time was expected (for example 'µg/kg/min')",
        ),
        (
            order("start_norepinephrine", Some((10.0, "µg")), None, None),
            "'start_norepinephrine' takes no dose",
        ),
        (order("fluid", None, None, None), "'fluid' needs a dose"),
        (
            order("fluid", Some((500.0, "mL")), None, Some(Route::PO)),
            "route PO is not available for 'fluid' (choose from IV)",
        ),
        (
            order("examine", Some((1.0, "mg")), None, None),
            "'examine' takes no dose",
        ),
        (
            order("defibrillate", None, None, None),
            "no action 'defibrillate' in this case",
        ),
    ];
    for (o, want) in cases {
        assert_eq!(refusal(o.clone()), want, "{o:?}");
    }
}

#[test]
fn a_ten_fold_dose_is_given_and_flagged_not_refused() {
    let case = common::mini_case();
    let v = order("start_norepinephrine", None, Some((1.5, "µg/kg/min")), None)
        .validate(&case)
        .unwrap();
    assert_eq!(
        v.implausible.as_deref(),
        Some("1.5 µg/kg/min is outside the usual 0.05–0.5 µg/kg/min")
    );
    // 1.5 µg/kg/min × 60 kg = 90 µg/min = 1.5 µg/s
    assert_eq!(v.rate_per_s, Some(1.5));
}

#[test]
fn doses_are_converted_exactly_into_the_drugs_unit() {
    let case = common::mini_case();
    let litre = order("fluid", Some((0.5, "L")), None, None)
        .validate(&case)
        .unwrap();
    assert_eq!(litre.amount, Some(500.0));
    let per_kg = order("fluid", Some((30.0, "mL/kg")), None, None)
        .validate(&case)
        .unwrap();
    assert_eq!(per_kg.amount, Some(1800.0));
    assert!(
        per_kg.implausible.is_some(),
        "1800 mL is above the usual 250–1000 mL bolus"
    );
    let ne = order("start_norepinephrine", None, Some((6.0, "µg/min")), None)
        .validate(&case)
        .unwrap();
    assert_eq!(ne.rate_per_s, Some(0.1));
    assert_eq!(ne.implausible, None, "6 µg/min in 60 kg is 0.1 µg/kg/min");
}

#[test]
fn an_impossible_order_never_reaches_the_patient() {
    let case = common::mini_case();
    let mut a = Simulation::new(case.clone(), 3);
    let mut b = Simulation::new(case, 3);
    a.advance(60);
    b.advance(60);
    assert!(
        a.apply(&order("fluid", Some((-1.0, "L")), None, None))
            .is_err()
    );
    a.advance(600);
    b.advance(600);
    assert_eq!(a.shown(), b.shown());
    assert!(matches!(
        a.records()
            .iter()
            .find(|r| matches!(r, Record::Refused { .. })),
        Some(Record::Refused { t: 60, .. })
    ));
}

#[test]
fn the_patient_responds_to_fluid_and_norepinephrine() {
    let case = common::mini_case();
    let map = case.var("map").unwrap();
    let mut untreated = Simulation::new(case.clone(), 5);
    let mut treated = Simulation::new(case, 5);
    treated
        .apply(&order("fluid", Some((1000.0, "mL")), None, None))
        .unwrap();
    treated
        .apply(&order(
            "start_norepinephrine",
            None,
            Some((0.2, "µg/kg/min")),
            None,
        ))
        .unwrap();
    untreated.advance(600);
    treated.advance(600);
    assert!(
        treated.truth()[map] > untreated.truth()[map] + 15.0,
        "treated {} vs untreated {}",
        treated.truth()[map],
        untreated.truth()[map]
    );
    assert_eq!(treated.state_id(), "better");
    untreated.advance(3600);
    assert_eq!(untreated.state_id(), "arrest");
}
