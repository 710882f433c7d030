//! A corpus of cases that validate but teach badly, each made from the fixture by one planted
//! defect, with the exact lint findings `bedside lint` must print: file, line, column, message.
//! Findings the unchanged fixture already has (its notes) are left out of each comparison.

use crate::support as common;

use std::path::{Path, PathBuf};

use bedside::scenario::load_case;

/// (name, file to change, [(text to find exactly once, replacement)], expected new findings).
type Planted = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

const CORPUS: &[Planted] = &[
    (
        "unreachable-state",
        "scenario.ron",
        &[(
            "(id: \"arrest\", label: \"mini-state-arrest\", end: Died),",
            "(id: \"arrest\", label: \"mini-state-arrest\", end: Died), (id: \"limbo\", label: \"mini-state-better\", end: Died),",
        )],
        &[
            "scenario.ron:50:69: warning: state 'limbo' can never be reached from the initial state 'shocked'",
        ],
    ),
    (
        "dead-end",
        "scenario.ron",
        &[(
            "transitions: [(to: \"recovered\", when: \"time_in_state >= 10m\")],",
            "",
        )],
        &[
            "scenario.ron:44:17: warning: state 'better' is a dead end: it is not an end state and no transition leaves it",
            "scenario.ron:49:14: warning: state 'recovered' can never be reached from the initial state 'shocked'",
            "scenario.ron:135:44: warning: criterion 'recovered' can never be met: state 'recovered' can never be reached",
        ],
    ),
    (
        "unflagged-result",
        "scenario.ron",
        &[
            ("initial: 20.0, alarm_low: 30.0),", "initial: 20.0),"),
            (
                "reports: [\"lactate\"]",
                "reports: [\"lactate\", \"urine\"]",
            ),
        ],
        &[
            "scenario.ron:24:14: warning: variable 'urine' is reported by investigation 'lactate' but has no reference range (normal_low, normal_high): its results are never flagged as abnormal",
        ],
    ),
    (
        "lab-with-alarm-limits",
        "scenario.ron",
        &[(
            "initial: 20.0, alarm_low: 30.0),",
            "initial: 20.0, alarm_low: 30.0), (id: \"crp\", label: \"mini-urine\", unit: \"mg/L\", min: 0.0, max: 500.0, initial: 5.0, alarm_high: 10.0),",
        )],
        &[
            "scenario.ron:24:208: note: variable 'crp' has alarm limits, but the monitor shows only heart rate, blood pressure, SpO₂, respiratory rate and temperature: its alarms are recorded in the log and shown to no one (for a lab value, give its reference range, normal_low and normal_high, instead)",
        ],
    ),
    (
        "impossible-transition",
        "scenario.ron",
        &[(
            "(to: \"arrest\", when: \"map < 50 and elapsed > 20m\"),",
            "(to: \"arrest\", when: \"map < 50 and elapsed > 20m\"), (to: \"arrest\", when: \"spo2 > 100 or elapsed > 2h\"),",
        )],
        &[
            "scenario.ron:40:90: warning: the transition from 'shocked' to 'arrest' can never fire: spo2 > 100 (spo2 is 0–100) cannot hold",
        ],
    ),
    (
        "impossible-event",
        "scenario.ron",
        &[("when: \"map < 55\"", "when: \"map < -5\"")],
        &[
            "scenario.ron:87:27: warning: event 'low' can never fire: map < -5 (map is 0–250) cannot hold",
        ],
    ),
    (
        "impossible-guard",
        "scenario.ron",
        &[("when: \"spo2 >= 96\"", "when: \"spo2 >= 196\"")],
        &[
            "scenario.ron:127:52: warning: criterion 'no-oxygen-when-fine' is met whatever the trainee does: spo2 >= 196 (spo2 is 0–100) cannot hold",
        ],
    ),
    (
        "criterion-nobody-can-meet",
        "scenario.ron",
        &[(
            "check: Done(what: \"norepinephrine\")",
            "check: Done(what: \"vasopressin\")",
        )],
        &[
            "scenario.ron:111:35: warning: criterion 'ne' can never be met: no action is or gives 'vasopressin'",
        ],
    ),
    (
        "criterion-met-by-doing-nothing",
        "scenario.ron",
        &[(
            "StateReached(state: \"recovered\")",
            "StateReached(state: \"arrest\")",
        )],
        &[
            "scenario.ron:90:20: warning: a trainee who orders nothing scores 27% (seed 1; at most 15% is allowed): give the avoid-type criteria a `faced` condition",
            "scenario.ron:135:24: warning: criterion 'recovered' is met by doing nothing: the untreated patient reaches 'arrest' at 58m (seed 1)",
        ],
    ),
    (
        "doing-nothing-passes",
        "scenario.ron",
        &[
            ("pass_mark: 70", "pass_mark: 0"),
            (
                "id: \"ne\",\n                weight: Critical,",
                "id: \"ne\",\n                weight: Minor,",
            ),
            // The untreated patient arrests, which fails any session: here the arrest is
            // written as a stable end, so that doing nothing can pass.
            (
                "label: \"mini-state-arrest\", end: Died",
                "label: \"mini-state-arrest\", end: Stabilised",
            ),
            (
                "id: \"survived\",\n                weight: Critical,",
                "id: \"survived\",\n                weight: Minor,",
            ),
        ],
        &[
            "scenario.ron:90:20: warning: doing nothing passes this case: a trainee who orders nothing scores 12% (pass mark 0%, seed 1)",
            "scenario.ron:90:20: note: a trainee who orders nothing scores 12% (seed 1; at most 15% is allowed)",
        ],
    ),
    (
        "reached-cannot-hold",
        "scenario.ron",
        &[(
            "Reached(when: \"total('fluid') >= 15 * weight\"",
            "Reached(when: \"total('fluid') >= 15 * weight and spo2 > 100\"",
        )],
        &[
            "scenario.ron:143:38: warning: criterion 'fluid-volume' can never be met: spo2 > 100 (spo2 is 0–100) cannot hold",
        ],
    ),
    (
        "reached-by-doing-nothing",
        "scenario.ron",
        &[(
            "Reached(when: \"total('fluid') >= 15 * weight\"",
            "Reached(when: \"hr > 100\"",
        )],
        &[
            "scenario.ron:90:20: warning: a trainee who orders nothing scores 18% (seed 1; at most 15% is allowed): give the avoid-type criteria a `faced` condition",
            "scenario.ron:143:38: warning: criterion 'fluid-volume' is met by doing nothing: hr > 100 comes true for the untreated patient (seed 1)",
        ],
    ),
    (
        "total-of-an-action",
        "scenario.ron",
        &[(
            "total('fluid') >= 1000",
            "total('start_norepinephrine') >= 1000",
        )],
        &[
            "scenario.ron:39:38: warning: total('start_norepinephrine') is always 0: total counts amounts of a drug or drug class, not of an action (name the drug: total('norepinephrine'))",
        ],
    ),
    (
        "critical-without-citation",
        "scenario.ron",
        &[(
            "citation: (body: \"SCCM/ESICM\", title: \"Surviving Sepsis Campaign\", year: 2021, recommendation: \"mini-cite-ne\"),",
            "",
        )],
        &[
            "scenario.ron:109:21: warning: critical criterion 'ne' has no citation: name the guideline that makes it critical",
        ],
    ),
    (
        "noise-action",
        "scenario.ron",
        &[(
            "(id: \"call_icu\",",
            "(id: \"chat\", label: \"mini-act-icu\", group: Escalate, kind: Task), (id: \"call_icu\",",
        )],
        &[
            "scenario.ron:83:14: note: action 'chat' is referenced by no criterion or condition and changes nothing in the patient: it is noise to the case (fine if it is a deliberate distractor)",
        ],
    ),
    (
        "action-range-unit-slip",
        "scenario.ron",
        &[(
            "dose: (unit: \"mL\", min: 250.0, max: 1000.0, default: 500.0)",
            "dose: (unit: \"mL\", min: 2.5, max: 10.0, default: 50.0)",
        )],
        &[
            "scenario.ron:67:102: warning: the dose range of 'fluid' lies entirely outside the reference for balanced_crystalloid: 2.5–10 mL (0.0417–0.1667 mL/kg) against 10–30 mL/kg (Surviving Sepsis Campaign 2021: 30 mL/kg within 3 h) (a unit slip?)",
            "scenario.ron:67:117: warning: the default 50 mL of 'fluid' is outside its own range 2.5–10 mL",
        ],
    ),
    (
        "rubric-range-beyond-reference",
        "scenario.ron",
        &[(
            "DoseInRange(what: \"norepinephrine\", min: 0.05, max: 0.5,",
            "DoseInRange(what: \"norepinephrine\", min: 0.05, max: 5.0,",
        )],
        &[
            "scenario.ron:119:76: warning: criterion 'ne-dose' accepts doses outside the reference for norepinephrine: 5 µg/kg/min is above the reference 0.05–0.5 µg/kg/min (Surviving Sepsis Campaign 2021)",
        ],
    ),
    (
        "malformed-reference",
        "scenario.ron",
        &[(
            "    events: [",
            "    drugs: [(id: \"oxygen\", name: \"drug-oxygen\", unit: \"L\", onset: { Inhaled: \"1m\" }, half_life: \"1m\", reference: (unit: \"L/min\", min: 15.0, max: 1.0, source: \"typo\"))],\n    events: [",
        )],
        &[
            "scenario.ron:85:114: warning: the reference range of 'oxygen' must be positive with min ≤ max (got 15–1 L/min)",
        ],
    ),
    (
        "message-in-one-locale",
        "locales/en-US.ftl",
        &[(
            "mini-crit-recovered-missed = Not recovered.",
            "mini-crit-recovered-missed = Not recovered.\nmini-orphan = Only in English.",
        )],
        &[
            "locales/en-US.ftl:34:1: warning: message 'mini-orphan' is only in en-US (missing from ja-JP, zh-CN)",
        ],
    ),
    (
        "value-in-a-unit-the-locale-does-not-show",
        "locales/zh-CN.ftl",
        &[(
            "mini-handover = Hypotensive patient.",
            "mini-handover = 低血压患者，血糖 250 mg/dL，血红蛋白 9.8 g/dL，尿量 20 mL/h。",
        )],
        &[
            "locales/zh-CN.ftl:3:30: warning: message 'mini-handover' gives a value in mg/dL, but in zh-CN the results show glucose in mmol/L and creatinine in µmol/L: write it in the unit the trainee sees beside it",
            "locales/zh-CN.ftl:3:45: warning: message 'mini-handover' gives a value in g/dL, but in zh-CN the results show hb in g/L: write it in the unit the trainee sees beside it",
        ],
    ),
    (
        "glucose-in-mmol-in-english",
        "locales/en-US.ftl",
        &[(
            "mini-handover = Hypotensive patient.",
            // Potassium and lactate are in mmol/L in every language; glucose is not in English.
            "mini-handover = Hypotensive patient, K 4.1 mmol/L, lactate 3.8 mmol/L, glucose 3.2 mmol/L, creatinine 150 µmol/L.",
        )],
        &[
            "locales/en-US.ftl:3:84: warning: message 'mini-handover' gives a value in mmol/L, but in en-US the results show glucose in mg/dL: write it in the unit the trainee sees beside it",
            "locales/en-US.ftl:3:107: warning: message 'mini-handover' gives a value in µmol/L, but in en-US the results show creatinine in mg/dL: write it in the unit the trainee sees beside it",
        ],
    ),
    (
        "creatinine-in-micromol-in-japanese",
        "locales/ja-JP.ftl",
        &[(
            "mini-handover = Hypotensive patient.",
            "mini-handover = 低血圧、Na 134 mmol/L、クレアチニン 150 µmol/L。",
        )],
        &[
            "locales/ja-JP.ftl:3:46: warning: message 'mini-handover' gives a value in µmol/L, but in ja-JP the results show creatinine in mg/dL: write it in the unit the trainee sees beside it",
        ],
    ),
    (
        "drug-class-without-a-name",
        "scenario.ron",
        &[(
            "    events: [",
            "    drugs: [(id: \"oxygen\", name: \"drug-oxygen\", classes: [\"medical_gas\"], unit: \"L\", onset: { Inhaled: \"1m\" }, half_life: \"1m\")],\n    events: [",
        )],
        &[
            "scenario.ron:85:59: warning: drug class 'medical_gas' has no name in en-US, ja-JP, zh-CN (message 'class-medical-gas'): the debrief would show the id; add the message to the shared texts or the case's",
        ],
    ),
    (
        "threshold-finer-than-shown",
        "scenario.ron",
        &[("when: \"map < 55\"", "when: \"gcs < 13.9\"")],
        &[
            "scenario.ron:87:27: warning: 'gcs' is compared with 13.9, but it is shown to whole numbers: from 13.5 to 14.5 the trainee reads 14, on both sides of the threshold (compare it with a value it can show)",
        ],
    ),
    (
        "event-text-naming-its-speaker",
        "locales/ja-JP.ftl",
        &[(
            "mini-event-nurse = The nurse calls.",
            "mini-event-nurse = 看護師：「血圧がさらに下がっています。」",
        )],
        &[
            "scenario.ron:86:55: warning: event 'nurse': its ja-JP text begins with its speaker, 看護師, whom the app already names before it: leave the speaker out of the text",
        ],
    ),
    (
        "on-board-infusion-nobody-can-stop",
        "scenario.ron",
        &[(
            "    responders:",
            "    on_board: [(drug: \"morphine\", rate: (1.0, \"mg/h\"))], responders:",
        )],
        &[
            "scenario.ron:27:41: warning: the morphine infusion running at the start can be neither stopped nor re-rated by any action: it runs to the end of the case whatever the trainee does",
        ],
    ),
    (
        "on-board-dose-above-the-reference",
        "scenario.ron",
        &[(
            "    responders:",
            "    on_board: [(drug: \"morphine\", dose: (10.0, \"mg\"), route: IV, ago: \"1h\")], responders:",
        )],
        &[
            "scenario.ron:27:41: note: morphine on board at the start: 10 mg is above the reference 1–3 mg (Clinical reference §2: IV titration 2 mg (elderly 1 mg) every 5–10 min)",
        ],
    ),
];

fn build(root: &Path, name: &str, file: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = common::mini_variant(root, name, |s| s, |_, t| t);
    let target = dir.join(file);
    let mut text = std::fs::read_to_string(&target).unwrap();
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "{name}: the text to change must occur exactly once: {from}"
        );
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&target, text).unwrap();
    dir
}

/// Lint findings as printed, with paths relative to the case folder.
fn findings(root: &Path, dir: &Path) -> Vec<String> {
    let loaded = match load_case(dir) {
        Ok(l) => l,
        Err(d) => panic!("{} does not validate: {d:?}", dir.display()),
    };
    bedside::lint::lint(&loaded)
        .iter()
        .map(|d| {
            d.to_string()
                .replace(&format!("{}/", dir.display()), "")
                .replace(&format!("{}/", root.display()), "../")
        })
        .collect()
}

/// The message part of a finding (without its position).
fn message(f: &str) -> &str {
    f.splitn(4, ':').nth(3).unwrap_or(f).trim_start()
}

#[test]
fn the_fixture_has_notes_and_no_warning_but_its_missing_learning_design() {
    let root = common::shared_library_root("lint-fixture");
    let dir = build(&root, "clean", "scenario.ron", &[]);
    let mut got = findings(&root, &dir);
    // The fixture is kept minimal: it has no learning design (objectives, prebrief, cues), the
    // one warning it has.
    let design = got
        .iter()
        .position(|f| message(f).starts_with("warning: the case has no learning design"));
    assert!(design.is_some(), "{got:#?}");
    got.remove(design.unwrap_or_default());
    assert!(
        got.iter().all(|f| message(f).starts_with("note: ")),
        "{got:#?}"
    );
    // Its one action nothing refers to, a dose unlike the reference, its urine output's alarm
    // limit (which no monitor shows), and what a trainee who orders nothing scores.
    assert_eq!(got.len(), 4, "{got:#?}");
    assert!(
        got.iter()
            .any(|f| message(f).starts_with("note: a trainee who orders nothing scores ")),
        "{got:#?}"
    );
}

#[test]
fn each_planted_lint_is_reported_at_its_line_and_column() {
    let root = common::shared_library_root("lint-planted");
    let clean = build(&root, "clean", "scenario.ron", &[]);
    let baseline: Vec<String> = findings(&root, &clean)
        .iter()
        .map(|f| message(f).to_string())
        .collect();
    let mut mismatches = Vec::new();
    for (name, file, edits, want) in CORPUS {
        let dir = build(&root, name, file, edits);
        let got: Vec<String> = findings(&root, &dir)
            .into_iter()
            .filter(|f| !baseline.iter().any(|b| b == message(f)))
            .collect();
        if got != *want {
            mismatches.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_bundled_cases_have_no_lint_warnings() {
    let mut warnings = Vec::new();
    for dir in bedside::scenario::find_cases(&common::root().join("scenarios")) {
        let loaded = common::load(&dir);
        warnings.extend(
            bedside::lint::lint(&loaded)
                .into_iter()
                // Errors are the safety layer (uncovered harm, a high-alert medicine without a
                // ceiling): a bundled case has none, and no warning either.
                .filter(|d| d.severity != bedside::scenario::Severity::Note)
                .map(|d| d.to_string()),
        );
    }
    assert!(warnings.is_empty(), "{warnings:#?}");
}
