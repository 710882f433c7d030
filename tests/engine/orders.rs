//! Orders: implausible ones are accepted and scored; impossible ones are refused with a reason.

use crate::support as common;

use common::trainee;

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
            order("fluid", Some((1.5e9, "mL")), None, None),
            "the dose is over a million times the usual maximum (1000 mL): no such order can be prepared",
        ),
        (
            order("fluid", Some((f64::MAX, "L")), None, None),
            "the dose is over a million times the usual maximum (1000 mL): no such order can be prepared",
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
    let unusual = v.implausible.as_ref().expect("flagged");
    assert_eq!(
        (
            unusual.value,
            unusual.min,
            unusual.max,
            unusual.unit.as_str()
        ),
        (1.5, 0.05, 0.5, "µg/kg/min")
    );
    // The note the log keeps (in English, as every logged reason).
    assert_eq!(
        unusual.to_string(),
        "1.5 µg/kg/min is outside the usual 0.05–0.5 µg/kg/min"
    );
    // 1.5 µg/kg/min × 60 kg = 90 µg/min = 1.5 µg/s
    assert_eq!(v.rate_per_s, Some(1.5));
    // A thousand-fold slip (µg read as mg) and worse are still given: only past a million
    // times the top of the range is an order beyond preparing.
    for (mg, given) in [(1.5, true), (500.0, true), (501.0, false)] {
        let o = order("start_norepinephrine", None, Some((mg, "mg/kg/min")), None);
        assert_eq!(o.validate(&case).is_ok(), given, "{mg} mg/kg/min");
    }
    // Placing it gives the same note as figures (what the app words per language), and the log
    // keeps its English text; a usual dose gives none.
    let mut sim = Simulation::new(case, 1);
    let placed = sim
        .apply(&order(
            "start_norepinephrine",
            None,
            Some((1.5, "µg/kg/min")),
            None,
        ))
        .unwrap();
    assert_eq!(placed.as_ref(), Some(unusual));
    let logged = sim.records().iter().rev().find_map(|r| match r {
        Record::Decision { note, .. } => Some(note.clone()),
        _ => None,
    });
    assert_eq!(
        logged,
        Some(Some(
            "1.5 µg/kg/min is outside the usual 0.05–0.5 µg/kg/min".into()
        ))
    );
    let usual = order("start_norepinephrine", None, Some((0.1, "µg/kg/min")), None);
    assert_eq!(sim.apply(&usual).unwrap(), None);
}

/// JSON has no NaN or infinity: an amount that is not a number is logged as a string, and reads
/// back as the order that was placed (finite amounts stay plain numbers, to the last bit).
#[test]
fn an_order_reads_back_from_its_log_form_exactly() {
    for v in [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        3908.9999396484923,
        0.1,
        5e-324,
    ] {
        let o = order("fluid", Some((v, "mL")), Some((v, "mL/h")), None);
        let json = serde_json::to_string(&o).unwrap();
        assert!(!json.contains("null"), "{json}");
        let back: Order = serde_json::from_str(&json).unwrap();
        assert_eq!(back, o, "{json}");
        let (x, _) = back.dose.unwrap();
        assert!(
            x.to_bits() == v.to_bits() || (x.is_nan() && v.is_nan()),
            "{json}"
        );
    }
    let nan = order("fluid", Some((f64::NAN, "mL")), None, None);
    assert_eq!(
        serde_json::to_string(&nan).unwrap(),
        r#"{"action":"fluid","dose":["NaN","mL"]}"#
    );
    assert!(serde_json::from_str::<Order>(r#"{"action":"fluid","dose":["lots","mL"]}"#).is_err());
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

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 96, .. proptest::prelude::ProptestConfig::default() })]

    /// A trainee ordering anything at all — any action, absurd or impossible amounts, wrong
    /// units and routes — in any bundled case: nothing panics, every value the patient has
    /// stays a number within its bounds, the written log verifies, and re-scoring it gives the
    /// score the session gave, with nothing diverging.
    #[test]
    fn any_orders_leave_a_sane_patient_and_a_log_that_rescores_to_the_same_score(
        which in 0usize..3,
        seed in 0u64..1000,
        steps in proptest::collection::vec(trainee::step(), 1..24),
    ) {
        let case = trainee::case(which);
        let dir = common::tempdir(&format!("orders-fuzz-{which}-{seed}"));
        let path = dir.join("session.jsonl");
        let mut s = bedside::session::LiveSession::start(std::sync::Arc::clone(case), &common::info(seed), Some(&path)).unwrap();
        let sane = |s: &bedside::session::LiveSession| {
            s.sim.truth().iter().zip(&case.vars).all(|(x, v)| x.is_finite() && *x >= v.min && *x <= v.max)
        };
        for step in &steps {
            s.advance(step.0).unwrap();
            match s.apply(&trainee::order(case, step)) {
                Ok(_) | Err(bedside::session::SessionError::Refused(_)) => {}
                Err(e) => proptest::prop_assert!(false, "not an order's refusal: {e}"),
            }
            proptest::prop_assert!(sane(&s), "values out of bounds: {:?}", s.sim.truth());
        }
        let score = s.end().unwrap().clone();
        let session = bedside::log::read(&path).unwrap();
        let r = bedside::session::rescore(case, &path, &session).unwrap();
        proptest::prop_assert_eq!(r.diverges_at, None);
        proptest::prop_assert_eq!(r.report, score);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, .. proptest::prelude::ProptestConfig::default() })]

    /// The program dies after any decision (the session is dropped with no score line) and the
    /// session is resumed from its log: the finished log is byte for byte the log of the same
    /// session played without the crash. Nothing recorded is lost, and nothing differs.
    #[test]
    fn a_session_resumed_after_a_crash_writes_the_log_it_would_have_written(
        which in 0usize..3,
        seed in 0u64..1000,
        steps in proptest::collection::vec(trainee::step(), 1..16),
        crash in 0usize..16,
    ) {
        use bedside::session::LiveSession;
        let case = trainee::case(which);
        let dir = common::tempdir(&format!("orders-crash-{which}-{seed}"));
        let info = common::info(seed);
        let play = trainee::play;
        let whole = dir.join("whole.jsonl");
        let mut w = LiveSession::start(std::sync::Arc::clone(case), &info, Some(&whole)).unwrap();
        play(&mut w, &steps);
        w.end().unwrap();

        let crashed = dir.join("crashed.jsonl");
        let k = crash.min(steps.len());
        let over = {
            let mut s = LiveSession::start(std::sync::Arc::clone(case), &info, Some(&crashed)).unwrap();
            play(&mut s, &steps[..k]);
            s.sim.is_over()
        };
        if !over {
            let mut s = LiveSession::resume(std::sync::Arc::clone(case), &crashed, info.clock).unwrap();
            play(&mut s, &steps[k..]);
            s.end().unwrap();
            proptest::prop_assert_eq!(std::fs::read(&crashed).unwrap(), std::fs::read(&whole).unwrap());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
