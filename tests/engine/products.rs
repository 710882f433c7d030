//! Drug products with concentrations (10 %, 20 % and 50 % glucose as products of one drug) and
//! accepted alternative dose ranges, on the `products` fixture: a volume of a product converts to
//! the drug amount exactly, ceilings and ranges judge the drug across its products,
//! `total('<product>')` is the product's volume, mistakes are located, and an accepted range
//! meets a dose with its scope named in every language.

use crate::support as common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::rubric::{AcceptedBy, Detail, Status, score_simulation};
use bedside::scenario::case;
use bedside::scenario::expr::Context;
use bedside::scenario::{LoadedCase, Severity};
use bedside::session::{LiveSession, rescore};
use bedside::sim::{Order, Record, Simulation};

const SCOPE: &str = "Japanese and Chinese label: one 0.2 mg ampoule";

fn fixture() -> PathBuf {
    common::root().join("tests/fixtures/products")
}

fn loaded() -> LoadedCase {
    common::load(&fixture())
}

/// A copy of the fixture in `root/name` (beside the drug library and texts of
/// [`common::shared_library_root`]), its scenario passed through `edit`.
fn variant(root: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    let scn = std::fs::read_to_string(fixture().join("scenario.ron"))
        .unwrap()
        .replace("\"../../../scenarios/drugs.ron\"", "\"../drugs.ron\"");
    std::fs::write(dir.join("scenario.ron"), edit(scn)).unwrap();
    for l in ["en-US", "ja-JP", "zh-CN"] {
        let f = format!("locales/{l}.ftl");
        std::fs::copy(fixture().join(&f), dir.join(&f)).unwrap();
    }
    dir
}

fn dose(action: &str, v: f64, unit: &str) -> Order {
    Order {
        action: action.into(),
        dose: Some((v, unit.into())),
        ..Order::default()
    }
}

fn rate(action: &str, v: f64, unit: &str) -> Order {
    Order {
        action: action.into(),
        rate: Some((v, unit.into())),
        ..Order::default()
    }
}

/// The drug amount the last decision recorded.
fn last_amount(sim: &Simulation) -> Option<f64> {
    sim.records().iter().rev().find_map(|r| match r {
        Record::Decision { amount, .. } => Some(*amount),
        _ => None,
    })?
}

fn result(sim: &Simulation, id: &str) -> bedside::rubric::CriterionResult {
    score_simulation(sim)
        .criteria
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
}

#[test]
fn a_volume_of_a_product_is_the_exact_drug_amount_it_holds() {
    let case = loaded().case;
    let mut sim = Simulation::new(Arc::clone(&case), 1);
    // 30 mL of 0.1 g/mL is 3 g; 3 mL is 0.3 g, where a binary multiply gives
    // 0.30000000000000004; 3 mL of 20 % (written as 200 mg per mL) is 0.6 g, not
    // 0.6000000000000001; a litre-based volume is shifted in decimal first.
    for (action, v, unit, want) in [
        ("give_glucose_10", 30.0, "mL", 3.0),
        ("give_glucose_10", 3.0, "mL", 0.3),
        ("give_glucose_20", 3.0, "mL", 0.6),
        ("give_glucose_10", 0.15, "L", 15.0),
        // The drug's own unit is accepted on a product's action too.
        ("give_glucose_50", 5.0, "g", 5.0),
        ("give_glucose_50", 2500.0, "mg", 2.5),
    ] {
        sim.apply(&dose(action, v, unit)).unwrap();
        assert_eq!(last_amount(&sim), Some(want), "{v} {unit} of {action}");
    }
    assert_ne!(3.0 * 0.1, 0.3, "the binary product is not the decimal one");
    // A rate in mL/h of a product is the drug per hour: 100 mL/h of 10 % is 10 g/h.
    sim.apply(&rate("give_glucose_10", 100.0, "mL/h")).unwrap();
    let per_h = sim.records().iter().rev().find_map(|r| match r {
        Record::Decision { rate_per_h, .. } => *rate_per_h,
        _ => None,
    });
    assert!((per_h.unwrap() - 10.0).abs() < 1e-12, "{per_h:?}");
    // Outside the usual volume: given, with the note in the range's own unit (mL), whether the
    // order was in mL or in the drug's grams.
    for order in [
        dose("give_glucose_10", 300.0, "mL"),
        dose("give_glucose_10", 30.0, "g"),
    ] {
        let note = sim.apply(&order).unwrap().unwrap();
        assert_eq!(note.to_string(), "300 mL is outside the usual 50–250 mL");
    }
    // A unit of neither kind is refused as before.
    let refused = sim
        .apply(&dose("give_glucose_10", 5.0, "units"))
        .unwrap_err();
    assert!(
        refused.to_string().contains("measures units of activity"),
        "{refused}"
    );
    // A volume for a drug action without a product stays refused.
    let refused = sim.apply(&dose("give_naloxone", 1.0, "mL")).unwrap_err();
    assert!(refused.to_string().contains("measures volume"), "{refused}");
}

#[test]
fn the_exact_amount_is_what_the_log_holds_and_the_debrief_shows() {
    let case = loaded().case;
    let dir = common::tempdir("products-log");
    let path = dir.join("s.jsonl");
    let mut s = LiveSession::start(Arc::clone(&case), &common::info(1), Some(&path)).unwrap();
    s.advance(60).unwrap();
    s.apply(&dose("give_glucose_10", 3.0, "mL")).unwrap();
    s.advance(60).unwrap();
    let report = s.end().unwrap().clone();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(r#""amount":0.3,"#), "{text}");
    assert!(!text.contains("0.30000000000000004"));
    // 0.3 g is below the usual 10–25 g: the debrief shows it as the decimal it is.
    let c = report
        .criteria
        .iter()
        .find(|c| c.id == "glucose_dose")
        .unwrap();
    assert_eq!(c.status, Status::Missed);
    assert!(
        matches!(&c.detail, Detail::DosesOutOfRange { doses, unit, .. } if doses == &vec![("0.3".to_string(), 60)] && unit == "g"),
        "{:?}",
        c.detail
    );
    // The debrief names the product and the order as typed beside the grams.
    let l = loaded();
    let want = [
        (
            Locale::EnUs,
            "Glucose outside 10–25 g: 0.3\u{a0}g (10 % glucose 3\u{a0}mL) at 1m",
        ),
        (
            Locale::JaJp,
            "ブドウ糖が10–25 gの範囲外：1分に0.3\u{a0}g（10%ブドウ糖3\u{a0}mL）",
        ),
        (
            Locale::ZhCn,
            "葡萄糖超出10–25 g：1分钟给予0.3\u{a0}g（10%葡萄糖3\u{a0}mL）",
        ),
    ];
    for (locale, text) in want {
        let t = l.texts(locale, &bedside::report::ui_sources());
        assert_eq!(bedside::wording::detail_text(&c.detail, &l.case, &t), text);
    }
    assert_eq!(
        c.detail.to_string(),
        "outside 10–25 g: 0.3 g (glucose_10 3 mL) at 1m"
    );
    // Re-scoring the log gives the same report.
    let session = bedside::log::read(&path).unwrap();
    let r = rescore(&case, &path, &session).unwrap();
    assert_eq!(r.diverges_at, None);
    assert_eq!(r.report, report);
}

#[test]
fn ceilings_and_levels_count_the_drug_across_its_products() {
    let case = loaded().case;
    // 250 mL of 10 % (25 g) and 50 mL of 50 % (25 g): 50 g, at the ceiling.
    let mut at = Simulation::new(Arc::clone(&case), 1);
    at.apply(&dose("give_glucose_10", 250.0, "mL")).unwrap();
    at.advance(60);
    at.apply(&dose("give_glucose_50", 50.0, "mL")).unwrap();
    at.advance(60);
    assert_eq!(result(&at, "glucose_ceiling").status, Status::Met);
    // One more gram, of a third product ordered in the drug's unit: over it, and harm.
    at.apply(&dose("give_glucose_20", 1.0, "g")).unwrap();
    at.advance(60);
    let c = result(&at, "glucose_ceiling");
    assert_eq!(c.status, Status::Harmful);
    assert!(
        matches!(&c.detail, Detail::TotalOver { total, unit, .. } if total == "51" && unit == "g"),
        "{:?}",
        c.detail
    );
    assert_eq!(c.evidence.len(), 3);
    // Each dose is judged in grams: 25 g and 25 g within 10–25 g, 1 g not.
    let c = result(&at, "glucose_dose");
    assert!(
        matches!(&c.detail, Detail::DosesOutOfRange { doses, .. } if doses == &vec![("1".to_string(), 120)]),
        "{:?}",
        c.detail
    );

    // The body sees grams: 100 mL of 10 % and 20 mL of 50 % are the same 10 g, to the bit.
    let glucose = case
        .drugs
        .iter()
        .position(|d| d.def.id == "glucose")
        .unwrap();
    let tag = case.tag("glucose").unwrap();
    let mut ten = Simulation::new(Arc::clone(&case), 1);
    let mut fifty = Simulation::new(Arc::clone(&case), 1);
    ten.apply(&dose("give_glucose_10", 100.0, "mL")).unwrap();
    fifty.apply(&dose("give_glucose_50", 20.0, "mL")).unwrap();
    for _ in 0..30 {
        ten.advance(10);
        fifty.advance(10);
        assert_eq!(ten.in_body(glucose), fifty.in_body(glucose));
        assert_eq!(ten.level(tag), fifty.level(tag));
        assert_eq!(ten.total(tag), 10.0);
        assert_eq!(ten.value("glucose"), fifty.value("glucose"));
    }
}

#[test]
fn total_of_a_product_is_the_volume_of_it_given_in_ml() {
    let case = loaded().case;
    let g10 = case.tag("glucose_10").unwrap();
    let g50 = case.tag("glucose_50").unwrap();
    let drug = case.tag("glucose").unwrap();

    // Boluses: 100 mL of 10 % and 100 mL of 50 %: 100 mL of 10 %, 60 g of glucose.
    let mut sim = Simulation::new(Arc::clone(&case), 1);
    sim.apply(&dose("give_glucose_10", 100.0, "mL")).unwrap();
    sim.apply(&dose("give_glucose_50", 100.0, "mL")).unwrap();
    assert_eq!(sim.total(g10), 100.0);
    assert_eq!(sim.total(g50), 100.0);
    assert_eq!(sim.total(drug), 60.0);
    sim.advance(3600);
    let c = result(&sim, "glucose_10_volume");
    assert_eq!(c.status, Status::Missed, "{:?}", c.detail);

    // An order of 5 g on the 10 % product's action is 50 mL of it.
    let mut sim = Simulation::new(Arc::clone(&case), 1);
    sim.apply(&dose("give_glucose_10", 100.0, "mL")).unwrap();
    sim.advance(120);
    sim.apply(&dose("give_glucose_10", 5.0, "g")).unwrap();
    assert_eq!(sim.total(g10), 150.0);
    sim.advance(3600);
    let c = result(&sim, "glucose_10_volume");
    assert_eq!(c.status, Status::Met);
    assert_eq!(
        c.detail,
        Detail::ConditionInTime {
            at: 120,
            deadline: 3600
        }
    );

    // An infusion of 300 mL/h of 10 % delivers 150 mL in 30 minutes; stopped, no more.
    let mut sim = Simulation::new(Arc::clone(&case), 1);
    sim.apply(&rate("give_glucose_10", 300.0, "mL/h")).unwrap();
    sim.advance(1800);
    assert!((sim.total(g10) - 150.0).abs() < 1e-9, "{}", sim.total(g10));
    assert!((sim.total(drug) - 15.0).abs() < 1e-9, "{}", sim.total(drug));
    // (A sum of 180 steps of 300/3600 × 10 mL is a hair under 150: the tick after.)
    sim.advance(20);
    sim.apply(&Order::new("stop_glucose")).unwrap();
    let stopped = sim.total(g10);
    sim.advance(600);
    assert_eq!(sim.total(g10), stopped);
    let reached = match result(&sim, "glucose_10_volume").detail {
        Detail::ConditionInTime { at, .. } => at,
        d => panic!("{d:?}"),
    };
    assert!((1800..=1810).contains(&reached), "{reached}");
    // An infusion of the drug by another product's action (here in grams) is not 10 %'s.
    let mut sim = Simulation::new(Arc::clone(&case), 1);
    sim.apply(&rate("give_glucose_10", 300.0, "mL/h")).unwrap();
    sim.advance(600);
    let before = sim.total(g10);
    sim.apply(&dose("give_glucose_50", 10.0, "mL")).unwrap();
    assert_eq!(sim.total(g10), before, "a bolus of 50 % adds no 10 %");
    sim.advance(600);
    assert!(sim.total(g10) > before + 49.0, "the 10 % infusion runs on");
}

#[test]
fn an_order_names_its_product_in_every_language() {
    let l = loaded();
    let order = dose("give_glucose_10", 100.0, "mL");
    let want = [
        (
            Locale::EnUs,
            "Glucose IV: 10 % glucose 100\u{a0}mL",
            "10 % glucose",
        ),
        (
            Locale::JaJp,
            "ブドウ糖静注：10%ブドウ糖 100\u{a0}mL",
            "10%ブドウ糖",
        ),
        (
            Locale::ZhCn,
            "葡萄糖静注：10%葡萄糖 100\u{a0}mL",
            "10%葡萄糖",
        ),
    ];
    for (locale, text, name) in want {
        let t = l.texts(locale, &bedside::report::ui_sources());
        assert_eq!(bedside::wording::order_text(&l.case, &order, &t), text);
        // A criterion or condition naming the product is worded by the product's name.
        assert_eq!(bedside::wording::tag_label("glucose_10", &l.case, &t), name);
    }
    // An action without a product reads as before.
    let t = l.texts(Locale::EnUs, &bedside::report::ui_sources());
    assert_eq!(
        bedside::wording::order_text(&l.case, &dose("give_naloxone", 0.2, "mg"), &t),
        "Naloxone IV 0.2\u{a0}mg"
    );
}

#[test]
fn an_accepted_range_meets_a_dose_and_the_debrief_names_its_scope() {
    let l = loaded();
    let case = Arc::clone(&l.case);
    let naloxone = |v: f64, unit: &str| {
        let mut sim = Simulation::new(Arc::clone(&case), 1);
        sim.advance(60);
        sim.apply(&dose("give_naloxone", v, unit)).unwrap();
        sim.advance(60);
        result(&sim, "naloxone_dose")
    };
    // Within the main range: met, no accepted range named (and none in the logged JSON).
    let c = naloxone(0.03, "mg");
    assert_eq!(c.status, Status::Met);
    assert_eq!(
        c.detail,
        Detail::DosesInRange {
            what: "naloxone".into(),
            range: "0.02–0.04 mg".into(),
            accepted: vec![]
        }
    );
    assert!(!serde_json::to_string(&c).unwrap().contains("accepted"));
    // One 0.2 mg ampoule (also as 200 µg): met by the accepted range, which the detail names.
    for (v, unit) in [(0.2, "mg"), (200.0, "µg")] {
        let c = naloxone(v, unit);
        assert_eq!(c.status, Status::Met, "{v} {unit}");
        assert_eq!(
            c.detail,
            Detail::DosesInRange {
                what: "naloxone".into(),
                range: "0.02–0.04 mg".into(),
                accepted: vec![AcceptedBy {
                    range: "0.2–0.2 mg".into(),
                    scope: SCOPE.into(),
                    unit: "mg".into(),
                    doses: vec![("0.2".into(), 60)],
                }],
            }
        );
    }
    let met = naloxone(0.2, "mg").detail;
    let missed = naloxone(0.3, "mg");
    assert_eq!(missed.status, Status::Missed);
    assert!(
        matches!(&missed.detail, Detail::DosesOutOfRange { doses, accepted, .. }
            if doses == &vec![("0.3".to_string(), 60)] && accepted.len() == 1 && accepted[0].scope == SCOPE && accepted[0].doses.is_empty()),
        "{:?}",
        missed.detail
    );
    let want = [
        (
            Locale::EnUs,
            format!(
                "every dose of Naloxone within 0.02–0.04 mg or an accepted range; 0.2\u{a0}mg at 1m within the accepted range 0.2–0.2 mg ({SCOPE})"
            ),
            format!(
                "Naloxone outside 0.02–0.04 mg: 0.3\u{a0}mg at 1m; also outside the accepted 0.2–0.2 mg ({SCOPE})"
            ),
        ),
        (
            Locale::JaJp,
            format!(
                "ナロキソンはすべて0.02–0.04 mgまたは許容範囲内。1分に0.2\u{a0}mgは許容範囲0.2–0.2 mg（{SCOPE}）内"
            ),
            format!(
                "ナロキソンが0.02–0.04 mgの範囲外：1分に0.3\u{a0}mg。許容範囲0.2–0.2 mg（{SCOPE}）の範囲外でもある"
            ),
        ),
        (
            Locale::ZhCn,
            format!(
                "纳洛酮的每次剂量均在0.02–0.04 mg或可接受范围内；1分钟给予0.2\u{a0}mg在可接受范围0.2–0.2 mg（{SCOPE}）内"
            ),
            format!(
                "纳洛酮超出0.02–0.04 mg：1分钟给予0.3\u{a0}mg；也超出可接受范围0.2–0.2 mg（{SCOPE}）"
            ),
        ),
    ];
    for (locale, met_text, missed_text) in want {
        let t = l.texts(locale, &bedside::report::ui_sources());
        assert_eq!(bedside::wording::detail_text(&met, &l.case, &t), met_text);
        assert_eq!(
            bedside::wording::detail_text(&missed.detail, &l.case, &t),
            missed_text
        );
    }
    // The plain-English detail the CLI's assessor output keeps names it too.
    assert!(met.to_string().contains(SCOPE), "{met}");
}

#[test]
fn a_dose_ranges_starting_value_follows_the_trainees_language() {
    let case = loaded().case;
    let range = |action: &str| -> case::Range {
        let a = case.action(action).unwrap();
        match &case.actions[a].kind {
            case::Kind::Give { dose: Some(r), .. } => r.clone(),
            k => panic!("{k:?}"),
        }
    };
    let n = range("give_naloxone");
    assert_eq!(n.default_for("en-US"), Some(0.04));
    assert_eq!(n.default_for("ja-JP"), Some(0.2));
    assert_eq!(n.default_for("zh-CN"), Some(0.2));
    let g = range("give_glucose_50");
    assert_eq!(g.default_for("ja-JP"), Some(40.0));
    assert_eq!(g.default_for("zh-CN"), Some(20.0));
}

#[test]
fn mistakes_in_products_accepted_ranges_and_defaults_are_reported_at_their_place() {
    let root = common::shared_library_root("products-errors");
    let mut wrong = Vec::new();
    for (from, to, want) in [
        (
            r#"per_ml: (0.1, "g")"#,
            r#"per_ml: (0.0, "g")"#,
            "scenario.ron:47:73: per_ml must be a number greater than 0 (got 0 g)",
        ),
        (
            r#"per_ml: (0.1, "g")"#,
            r#"per_ml: (0.1, "mL")"#,
            "scenario.ron:47:73: per_ml is an amount of glucose in one mL, in a plain unit of its kind such as g (not 'mL')",
        ),
        (
            r#"per_ml: (0.1, "g")"#,
            r#"per_ml: (0.1, "g/kg")"#,
            "scenario.ron:47:73: per_ml is an amount of glucose in one mL, in a plain unit of its kind such as g (not 'g/kg')",
        ),
        (
            r#"per_ml: (0.1, "g")"#,
            r#"per_ml: (0.1, "grams")"#,
            "scenario.ron:47:73: unknown unit 'grams' (use g, mg, µg/mcg/ug, ng, L, mL, units, mmol, optionally /kg and /min or /h)",
        ),
        (
            r#"product: "glucose_10", routes"#,
            r#"product: "glucose_5", routes"#,
            "scenario.ron:58:50: no product 'glucose_5' of glucose (its products: glucose_10, glucose_20, glucose_50)",
        ),
        (
            r#"(id: "glucose_20", name"#,
            r#"(id: "glucose_10", name"#,
            "scenario.ron:48:22: product id 'glucose_10' is already used by another product: product ids must be unique among the drugs, classes, actions and products of the library and the case\nscenario.ron:64:50: no product 'glucose_20' of glucose (its products: glucose_10, glucose_10, glucose_50)",
        ),
        (
            r#"(id: "glucose_20", name"#,
            r#"(id: "stop_glucose", name"#,
            "scenario.ron:48:22: product id 'stop_glucose' is already used by a drug, class or action: product ids must be unique among the drugs, classes, actions and products of the library and the case\nscenario.ron:64:50: no product 'glucose_20' of glucose (its products: glucose_10, stop_glucose, glucose_50)",
        ),
        (
            r#"defaults: { "ja-JP": 0.2, "zh-CN": 0.2 }"#,
            r#"defaults: { "ja-JP": 0.5, "zh-CN": 0.2 }"#,
            "scenario.ron:77:121: the ja-JP starting value 0.5 is outside the range 0.02–0.4 mg",
        ),
        (
            r#"defaults: { "ja-JP": 0.2, "zh-CN": 0.2 }"#,
            r#"defaults: { "ja": 0.2 }"#,
            "scenario.ron:77:121: 'ja' is not a language of Bedside (use en-US, ja-JP, zh-CN)",
        ),
        (
            r#"accepted: [(min: 0.2, max: 0.2, unit: "mg""#,
            r#"accepted: [(min: 0.2, max: 0.2, unit: "mL""#,
            "scenario.ron:120:59: 'mL' measures volume but naloxone is dosed in µg",
        ),
        (
            r#"accepted: [(min: 0.2, max: 0.2, unit: "mg""#,
            r#"accepted: [(min: 0.2, max: 0.2, unit: "mg/h""#,
            "scenario.ron:120:59: 'mg/h' is a rate but the criterion's unit 'mg' is a dose: an accepted range judges the same quantity",
        ),
        // A range in mL on an action that gives no product stays an error.
        (
            r#"dose: (unit: "mg", min: 0.02"#,
            r#"dose: (unit: "mL", min: 0.02"#,
            "scenario.ron:77:69: unit 'mL' measures volume, but mass was expected (for example 'µg')",
        ),
    ] {
        let dir = variant(&root, "broken", |s| {
            assert!(s.contains(from), "{from}");
            s.replacen(from, to, 1)
        });
        let got = common::diagnostics(&dir);
        let want: Vec<String> = want.split('\n').map(String::from).collect();
        if got != want {
            wrong.push(format!("{to}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // A drug kept in a volume has no concentration to give.
    let dir = variant(&root, "volume", |s| {
        s.replace(r#"unit: "g","#, r#"unit: "mL","#)
    });
    let got = common::diagnostics(&dir);
    assert!(
        got.iter().any(|d| d.contains("is kept in mL, a volume")),
        "{got:#?}"
    );
}

#[test]
fn an_accepted_range_over_the_main_one_is_a_note() {
    let root = common::shared_library_root("products-lint");
    for (range, want) in [
        (
            "(min: 0.02, max: 0.04, unit: \"mg\"",
            "the accepted range 0.02–0.04 mg of 'naloxone_dose' is its own range 0.02–0.04 mg: it adds nothing",
        ),
        (
            "(min: 30.0, max: 200.0, unit: \"µg\"",
            "the accepted range 30–200 µg of 'naloxone_dose' overlaps its own range 0.02–0.04 mg",
        ),
    ] {
        let dir = variant(&root, "overlap", |s| {
            s.replace("(min: 0.2, max: 0.2, unit: \"mg\"", range)
        });
        let l = common::load(&dir);
        let notes: Vec<String> = bedside::lint::lint(&l)
            .into_iter()
            .filter(|d| d.severity == Severity::Note && d.message.contains("accepted range"))
            .map(|d| d.to_string())
            .collect();
        assert_eq!(notes.len(), 1, "{notes:#?}");
        assert!(notes[0].contains(want), "{notes:#?}");
        assert!(notes[0].contains("scenario.ron:120:"), "{notes:#?}");
    }
    // The fixture's own accepted range is apart from its main one: no note, and no warning at all
    // (but the one every fixture without a learning design gets, which is not this test's matter).
    let l = loaded();
    let found: Vec<String> = bedside::lint::lint(&l)
        .into_iter()
        .filter(|d| !d.message.contains("the case has no learning design"))
        .filter(|d| d.severity != Severity::Note || d.message.contains("accepted range"))
        .map(|d| d.to_string())
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

/// The ```ron blocks under a heading of docs/authoring.md, in order.
fn guide_blocks(heading: &str) -> Vec<String> {
    let guide = std::fs::read_to_string(common::root().join("docs/authoring.md")).unwrap();
    let start = guide.find(heading).unwrap_or_else(|| panic!("{heading}"));
    let section = &guide[start + heading.len()..];
    let section = &section[..section.find("\n### ").unwrap_or(section.len())];
    section
        .split("```ron ")
        .skip(1)
        .map(|b| {
            let body = &b[b.find('\n').unwrap() + 1..];
            body[..body.find("\n```").unwrap()].to_string()
        })
        .collect()
}

/// The guide's examples of products and accepted ranges are not only readable but a working case:
/// put into the fixture in place of its own, they load and score as the guide says.
#[test]
fn the_guides_examples_of_products_and_accepted_ranges_work_in_a_case() {
    let products = guide_blocks("### Products of a drug: 10 % and 50 % glucose");
    let country = guide_blocks("### Doses that differ by country");
    assert_eq!((products.len(), country.len()), (2, 2));
    let root = common::shared_library_root("products-guide");
    let dir = variant(&root, "guide", |s| {
        // The guide's drug in place of the fixture's (it has 10 % and 50 %: the 20 % action gives 50 %).
        let from = s.find("drugs: [").unwrap();
        let to = s.find("    actions: [").unwrap();
        let mut s = format!(
            "{}drugs: [\n{},\n    ],\n{}",
            &s[..from],
            products[0],
            &s[to..]
        );
        s = s.replace(r#"product: "glucose_20""#, r#"product: "glucose_50""#);
        // The guide's action kinds in place of the fixture's.
        let line = |s: &str, needle: &str| {
            let at = s.find(needle).unwrap();
            let end = at + s[at..].find('\n').unwrap();
            (at, end)
        };
        let (a, b) = line(&s, r#"Give(drug: "glucose", product: "glucose_10""#);
        s = format!("{}{},{}", &s[..a], products[1], &s[b..]);
        let (a, b) = line(&s, r#"Give(drug: "naloxone""#);
        s = format!("{}{},{}", &s[..a], country[1], &s[b..]);
        // The guide's criterion in place of the fixture's.
        let a = s.find("(\n                id: \"naloxone_dose\"").unwrap();
        let b = a + s[a..].find("\n            ),").unwrap() + "\n            ),".len();
        format!("{}{},{}", &s[..a], country[0], &s[b..])
    });
    for l in ["en-US", "ja-JP", "zh-CN"] {
        let f = dir.join(format!("locales/{l}.ftl"));
        let mut text = std::fs::read_to_string(&f).unwrap();
        text += "drug-glucose = Glucose\nproduct-glucose-10 = 10 % glucose\nproduct-glucose-50 = 50 % glucose\n";
        text += "pain-c-naloxone-dose-met = Naloxone dose usual.\npain-c-naloxone-dose-missed = Naloxone dose unusual.\npain-cite-naloxone_dose = One ampoule.\n";
        std::fs::write(&f, text).unwrap();
    }
    let case = common::load(&dir).case;
    let mut sim = Simulation::new(Arc::clone(&case), 1);
    sim.apply(&dose("give_glucose_10", 30.0, "mL")).unwrap();
    assert_eq!(last_amount(&sim), Some(3.0));
    sim.apply(&dose("give_naloxone", 0.2, "mg")).unwrap();
    sim.advance(60);
    let c = result(&sim, "naloxone_dose");
    assert_eq!(c.status, Status::Met);
    assert!(
        matches!(&c.detail, Detail::DosesInRange { accepted, .. } if accepted.len() == 1 && accepted[0].scope == SCOPE),
        "{:?}",
        c.detail
    );
    let a = case.action("give_naloxone").unwrap();
    let case::Kind::Give { dose: Some(r), .. } = &case.actions[a].kind else {
        panic!("naloxone is given")
    };
    assert_eq!(r.default_for("ja-JP"), Some(0.2));
}

/// `bedside run` names the product in what it prints: the debrief's doses say which product and
/// how many mL were ordered.
#[test]
fn bedside_run_names_the_product() {
    let dir = common::tempdir("products-run");
    let script = dir.join("script.ron");
    std::fs::write(
        &script,
        r#"Script(steps: [(at: "1m", do: "give_glucose_10", dose: (300.0, "mL")), (at: "2m", do: "give_glucose_50", dose: (50.0, "mL"))], end_at: "10m")"#,
    )
    .unwrap();
    let fixture = fixture();
    let o = common::bedside(&[
        "run",
        fixture.to_str().unwrap(),
        "--script",
        script.to_str().unwrap(),
    ]);
    let out = common::stdout(&o);
    assert!(
        out.contains("Glucose outside 10–25 g: 30\u{a0}g (10 % glucose 300\u{a0}mL) at 1m"),
        "{out}"
    );
    // 30 g of 10 % and 25 g of 50 %: over the 50 g ceiling of glucose as a whole.
    assert!(out.contains("more than the most of 50"), "{out}");
    assert!(out.contains("Glucose: 55"), "{out}");
}
