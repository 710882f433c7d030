//! A corpus of broken cases, each made from the fixture by one planted defect, with the exact
//! diagnostics `bedside validate` must print: file, line, column and what was expected.

use crate::support as common;

use std::path::{Path, PathBuf};

use bedside::scenario::load_case;

/// (name, file to change, text to find (exactly once), replacement, expected diagnostics).
type Planted = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const CORPUS: &[Planted] = &[
    (
        "syntax-missing-comma",
        "scenario.ron",
        "    version: \"1.0.0\",\n",
        "    version: \"1.0.0\"\n",
        &["scenario.ron:5:5: expected comma"],
    ),
    (
        "unknown-field",
        "scenario.ron",
        "        age: 70,",
        "        age: 70, colour: 1,",
        &[
            "scenario.ron:16:18: unexpected field named `colour` in `Patient`, expected one of `name`, `age`, `sex`, `weight_kg`, `height_cm`, `allergies`, `history`, `medications`, or `chart_labs` instead",
        ],
    ),
    (
        "bad-duration",
        "scenario.ron",
        "time_limit: \"1h\"",
        "time_limit: \"1 hour\"",
        &[
            "scenario.ron:11:18: '1 hour' is not a duration: write e.g. \"45s\", \"20m\", \"2h\" or \"1h30m\"",
        ],
    ),
    (
        "duration-overflow",
        "scenario.ron",
        "time_limit: \"1h\"",
        "time_limit: \"18446744073709551615s\"",
        &[
            "scenario.ron:11:18: '18446744073709551615s' is longer than the longest time a case may use (366 days)",
        ],
    ),
    (
        "reference-range-reversed",
        "scenario.ron",
        "initial: 20.0, alarm_low: 30.0),",
        "initial: 20.0, alarm_low: 30.0, normal_low: 100.0, normal_high: 40.0),",
        &["scenario.ron:24:144: normal_high (40) must be greater than normal_low (100)"],
    ),
    (
        "patient-range-reversed",
        "scenario.ron",
        "    responders: { \"fluid\": 1.0 },",
        "    reference_ranges: { \"hb\": (low: 15.0, high: 13.0) },\n    responders: { \"fluid\": 1.0 },",
        &["scenario.ron:27:49: high (13) must be greater than low (15)"],
    ),
    (
        "patient-range-empty",
        "scenario.ron",
        "    responders: { \"fluid\": 1.0 },",
        "    reference_ranges: { \"na\": () },\n    responders: { \"fluid\": 1.0 },",
        &["scenario.ron:27:31: a reference range needs a low end, a high end or both"],
    ),
    (
        "missing-state",
        "scenario.ron",
        "(to: \"recovered\",",
        "(to: \"recoverd\",",
        &["scenario.ron:47:32: transition to unknown state 'recoverd'"],
    ),
    (
        "unknown-variable-in-condition",
        "scenario.ron",
        "map >= 65 and given",
        "mapp >= 65 and given",
        &[
            "scenario.ron:39:39: unknown variable 'mapp' (known: elapsed, time_in_state, weight, hr, sbp, dbp, map, rr, spo2, temp, gcs, pain, rass, glucose, lactate, k, na, creatinine, hb, urine)",
        ],
    ),
    (
        "type-error-in-condition",
        "scenario.ron",
        "map < 50 and elapsed > 20m",
        "map < 50 and elapsed > 20",
        &["scenario.ron:40:60: cannot compare a duration with a number"],
    ),
    (
        "unknown-drug-in-condition",
        "scenario.ron",
        "given('norepinephrine')",
        "given('noradrenaline')",
        &["scenario.ron:39:59: 'noradrenaline' is not an action, drug or drug class of this case"],
    ),
    (
        "unknown-drift-variable",
        "scenario.ron",
        "Toward(var: \"dbp\"",
        "Toward(var: \"dpb\"",
        &[
            "scenario.ron:35:29: unknown variable 'dpb' (known: hr, sbp, dbp, map, rr, spo2, temp, gcs, pain, rass, glucose, lactate, k, na, creatinine, hb, urine)",
        ],
    ),
    (
        "drift-on-derived-map",
        "scenario.ron",
        "Toward(var: \"hr\", target: 90",
        "Toward(var: \"map\", target: 90",
        &["scenario.ron:46:34: 'map' is derived from sbp and dbp: act on those instead"],
    ),
    (
        "unknown-drug",
        "scenario.ron",
        "drug: \"balanced_crystalloid\"",
        "drug: \"hartmanns\"",
        &["scenario.ron:67:30: no drug 'hartmanns' in the drug library or this case"],
    ),
    (
        "dose-unit-wrong-dimension",
        "scenario.ron",
        "dose: (unit: \"mL\"",
        "dose: (unit: \"mg\"",
        &[
            "scenario.ron:67:81: unit 'mg' measures mass, but volume was expected (for example 'mL')",
        ],
    ),
    (
        "rate-unit-not-a-rate",
        "scenario.ron",
        "rate: (unit: \"L/min\"",
        "rate: (unit: \"L\"",
        &[
            "scenario.ron:81:72: unit 'L' measures volume, but volume per time was expected (for example 'L/h')",
        ],
    ),
    (
        "criterion-unknown-action",
        "scenario.ron",
        "DoneWithin(what: \"lactate\"",
        "DoneWithin(what: \"lactat\"",
        &["scenario.ron:95:41: 'lactat' is not an action, drug or drug class of this case"],
    ),
    (
        "baseline-out-of-bounds",
        "scenario.ron",
        "\"spo2\": 94",
        "\"spo2\": 140",
        &["scenario.ron:26:84: spo2 = 140 is outside its bounds 0–100"],
    ),
    (
        "golden-step-unknown-action",
        "scenario.ron",
        "(at: \"1m\", do: \"examine\")",
        "(at: \"1m\", do: \"examin\")",
        &["scenario.ron:174:32: no action 'examin' in this case"],
    ),
    (
        "golden-step-impossible-dose",
        "scenario.ron",
        "(at: \"3m\", do: \"fluid\", dose: (1000.0, \"mL\"), route: IV)",
        "(at: \"3m\", do: \"fluid\", dose: (-1000.0, \"mL\"), route: IV)",
        &["scenario.ron:176:17: the dose must be greater than zero (got -1000)"],
    ),
    (
        "duplicate-state",
        "scenario.ron",
        "(id: \"arrest\", label",
        "(id: \"recovered\", label",
        &[
            "scenario.ron:40:22: transition to unknown state 'arrest'",
            "scenario.ron:50:14: duplicate state id 'recovered'",
            "scenario.ron:152:44: no state 'arrest'",
        ],
    ),
    (
        "message-missing-in-japanese",
        "locales/ja-JP.ftl",
        "mini-act-lactate = Lactate\n",
        "",
        &[
            "scenario.ron:62:32: message 'mini-act-lactate' is missing from ja-JP (add it to locales/ja-JP.ftl or the shared locales)",
        ],
    ),
    (
        "fluent-syntax-error",
        "locales/zh-CN.ftl",
        "mini-summary = A tiny case for tests.",
        "mini-summary A tiny case for tests.",
        &[
            "locales/zh-CN.ftl:2:14: Fluent syntax: Expected a token starting with \"=\"",
            "scenario.ron:7:14: message 'mini-summary' is missing from zh-CN (add it to locales/zh-CN.ftl or the shared locales)",
        ],
    ),
    (
        "not-a-number",
        "scenario.ron",
        "weight_kg: 60.0",
        "weight_kg: NaN",
        &["scenario.ron:18:20: 'NaN' is not a finite number: write the value itself (e.g. 30.0)"],
    ),
    (
        "number-too-large",
        "scenario.ron",
        "weight_kg: 60.0",
        "weight_kg: 6e400",
        &["scenario.ron:18:20: '6e400' is not a finite number: write the value itself (e.g. 30.0)"],
    ),
    (
        "fluent-placeable-left-open",
        "locales/ja-JP.ftl",
        "mini-handover = Hypotensive patient.",
        "mini-handover = Hypotensive patient. { $who",
        &[
            "locales/ja-JP.ftl:4:1: Fluent syntax: Expected a token starting with \"}\" (in the entry that starts on line 3)",
            "scenario.ron:8:15: message 'mini-handover' is missing from ja-JP (add it to locales/ja-JP.ftl or the shared locales)",
        ],
    ),
];

fn build(root: &Path, name: &str, file: &str, from: &str, to: &str) -> PathBuf {
    let dir = common::mini_variant(root, name, |s| s, |_, t| t);
    let target = dir.join(file);
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{name}: the text to change must occur exactly once"
    );
    std::fs::write(&target, text.replacen(from, to, 1)).unwrap();
    dir
}

/// The fixture as it is, copied into `root/name`.
fn unchanged(root: &Path, name: &str) -> PathBuf {
    build(root, name, "scenario.ron", "id: \"mini\"", "id: \"mini\"")
}

fn diagnostics(root: &Path, dir: &Path) -> Vec<String> {
    common::diagnostics(dir)
        .into_iter()
        .map(|d| d.replace(&format!("{}/", root.display()), "../"))
        .collect()
}

#[test]
fn the_unbroken_fixture_validates() {
    let root = common::shared_library_root("corpus-the_unbroken_fixture");
    let dir = unchanged(&root, "clean");
    assert_eq!(diagnostics(&root, &dir), Vec::<String>::new());
}

#[test]
fn each_planted_defect_is_reported_at_its_line_and_column() {
    let root = common::shared_library_root("corpus-each_planted_defect_");
    let mut mismatches = Vec::new();
    for (name, file, from, to, want) in CORPUS {
        let dir = build(&root, name, file, from, to);
        let got = diagnostics(&root, &dir);
        if got != *want {
            mismatches.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Placeables nested thousands deep (which crashed the Fluent parser) and a condition nested
/// as deep are each one problem at their place, not a crash.
#[test]
fn nesting_beyond_any_real_text_is_reported_not_a_crash() {
    let root = common::shared_library_root("corpus-deep");
    let deep_ftl = format!("mini-summary = {}x{}", "{ ".repeat(5000), " }".repeat(5000));
    let dir = build(
        &root,
        "deep-ftl",
        "locales/en-US.ftl",
        "mini-summary = A tiny case for tests.",
        &deep_ftl,
    );
    assert_eq!(
        diagnostics(&root, &dir),
        [
            "locales/en-US.ftl:2:56: placeables nested more than 20 deep: the file is not read further"
        ]
    );
    let deep_cond = format!("{}map >= 65{}", "(".repeat(5000), ")".repeat(5000));
    let dir = build(
        &root,
        "deep-condition",
        "scenario.ron",
        "map >= 65 and given",
        &format!("{deep_cond} and given"),
    );
    let got = diagnostics(&root, &dir);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("scenario.ron:39:")
            && got[0].contains("this condition is longer than 200"),
        "{got:?}"
    );
}

/// A locale file saved in another encoding is reported where it stops being UTF-8, once: not
/// again as every message it holds missing.
#[test]
fn a_file_that_is_not_utf8_is_reported_where_and_once() {
    let root = common::shared_library_root("corpus-not-utf8");
    let dir = unchanged(&root, "latin1");
    let ftl = dir.join("locales/zh-CN.ftl");
    let mut bytes = std::fs::read(&ftl).unwrap();
    bytes.extend_from_slice(b"mini-extra = caf\xe9\n");
    std::fs::write(&ftl, bytes).unwrap();
    assert_eq!(
        diagnostics(&root, &dir),
        ["locales/zh-CN.ftl:51:17: the file is not UTF-8 text here (save it as UTF-8)"]
    );
    // The same in the shared drug library is reported in the library, not at `drug_library`.
    std::fs::write(
        &ftl,
        std::fs::read(common::root().join("tests/fixtures/mini/locales/zh-CN.ftl")).unwrap(),
    )
    .unwrap();
    let lib = root.join("drugs.ron");
    let mut bytes = b"// caf\xe9\n".to_vec();
    bytes.extend(std::fs::read(&lib).unwrap());
    std::fs::write(&lib, bytes).unwrap();
    assert_eq!(
        diagnostics(&root, &dir),
        ["../drugs.ron:1:7: the file is not UTF-8 text here (save it as UTF-8)"]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let root = common::shared_library_root("corpus-every_problem");
    let dir = build(
        &root,
        "several",
        "scenario.ron",
        "(to: \"recovered\",",
        "(to: \"recoverd\",",
    );
    let scn = dir.join("scenario.ron");
    let text = std::fs::read_to_string(&scn)
        .unwrap()
        .replace("Toward(var: \"dbp\"", "Toward(var: \"dpb\"")
        .replace("drug: \"balanced_crystalloid\"", "drug: \"hartmanns\"");
    std::fs::write(&scn, text).unwrap();
    let got = diagnostics(&root, &dir);
    let lines: Vec<&str> = got.iter().map(|d| d.split(": ").next().unwrap()).collect();
    assert_eq!(
        lines,
        [
            "scenario.ron:35:29",
            "scenario.ron:47:32",
            "scenario.ron:67:30"
        ],
        "{got:?}"
    );
}

#[test]
fn no_input_makes_the_loader_panic() {
    // Every prefix of the fixture (a file cut off anywhere) is handled without a panic.
    let root = common::shared_library_root("corpus-no_input_makes_the_l");
    let dir = unchanged(&root, "prefixes");
    let full = std::fs::read_to_string(dir.join("scenario.ron")).unwrap();
    for (i, _) in full.char_indices().step_by(97) {
        std::fs::write(dir.join("scenario.ron"), &full[..i]).unwrap();
        assert!(load_case(&dir).is_err());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, .. proptest::prelude::ProptestConfig::default() })]

    /// Random damage anywhere in the file (bytes replaced, including invalid UTF-8 and quotes)
    /// yields diagnostics or a valid case, never a panic.
    #[test]
    fn damaged_files_never_make_the_loader_panic(edits in proptest::collection::vec((0.0f64..1.0, proptest::prelude::any::<u8>()), 1..6)) {
        let root = common::shared_library_root(&format!("corpus-fuzz-{}", edits.len()));
        let dir = unchanged(&root, "fuzz");
        let mut bytes = std::fs::read(dir.join("scenario.ron")).unwrap();
        for (at, b) in &edits {
            let i = ((bytes.len() - 1) as f64 * at) as usize;
            bytes[i] = *b;
        }
        std::fs::write(dir.join("scenario.ron"), &bytes).unwrap();
        let _ = load_case(&dir);
    }
}

/// A case's own reference range replaces the variable's: results are flagged against it.
#[test]
fn a_patient_reference_range_replaces_the_variables_own() {
    let root = common::shared_library_root("corpus-patient-range");
    let dir = build(
        &root,
        "male-hb",
        "scenario.ron",
        "    responders: { \"fluid\": 1.0 },",
        "    reference_ranges: { \"hb\": (low: 13.0, high: 17.0), \"lactate\": (high: 1.8) },\n    responders: { \"fluid\": 1.0 },",
    );
    assert_eq!(diagnostics(&root, &dir), Vec::<String>::new());
    let loaded = common::load(&dir);
    let case = &loaded.case;
    let hb = &case.vars[case.var("hb").unwrap()];
    assert_eq!((hb.normal_low, hb.normal_high), (Some(13.0), Some(17.0)));
    // 12.5 g/dL: normal by the built-in range (≥ 12), low by this patient's.
    assert_eq!(hb.flag(12.5), -1);
    assert_eq!(hb.flag(17.5), 1);
    // An end left out is open: the built-in lactate range has no low end, and neither has this one.
    let lactate = &case.vars[case.var("lactate").unwrap()];
    assert_eq!((lactate.normal_low, lactate.normal_high), (None, Some(1.8)));
    assert_eq!(lactate.flag(1.9), 1);
    // Variables not named keep their own range.
    let k = &case.vars[case.var("k").unwrap()];
    assert_eq!((k.normal_low, k.normal_high), (Some(3.5), Some(5.0)));
}
