//! Learning design (issue 23): `learners`, `prebrief`, `objectives` with their criteria and
//! debrief prompts, and events tagged as cues. A copy of the mini fixture given a complete design
//! loads with every name resolved and lints clean; each planted defect is an error or a lint
//! warning at its file, line and column; the fixture as it is (no design) gets one warning.

use crate::support as common;

use std::path::{Path, PathBuf};

use bedside::scenario::Severity;

/// The design appended to the fixture's scenario (it starts on line 198, the fixture's last).
const DESIGN: &str = r#"    learners: (level: "mini-learners", prerequisites: ["mini-prereq"]),
    prebrief: (
        simulation: "mini-pb-sim",
        time: "mini-pb-time",
        can_do: "mini-pb-can",
        cannot_do: "mini-pb-cannot",
        safe_space: "mini-pb-safe",
    ),
    objectives: [
        (
            id: "perfusion",
            text: "mini-obj-perfusion",
            criteria: ["lactate-early", "fluid-before-pressor", "fluid-volume", "ne", "ne-dose", "ne-ceiling", "recovered", "survived"],
            prompts: (reaction: "mini-pr-r", description: "mini-pr-d", analysis: "mini-pr-a", summary: "mini-pr-s"),
        ),
        (
            id: "oxygen",
            text: "mini-obj-oxygen",
            criteria: ["no-oxygen-when-fine"],
            prompts: (reaction: "mini-pr-r", description: "mini-pr-d", analysis: "mini-pr-a", summary: "mini-pr-s"),
        ),
    ],
"#;

/// (name, edits to the designed fixture (each text found once), expected diagnostics).
type Planted = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

const MESSAGES: &[&str] = &[
    "mini-learners",
    "mini-prereq",
    "mini-pb-sim",
    "mini-pb-time",
    "mini-pb-can",
    "mini-pb-cannot",
    "mini-pb-safe",
    "mini-obj-perfusion",
    "mini-obj-oxygen",
    "mini-pr-r",
    "mini-pr-d",
    "mini-pr-a",
    "mini-pr-s",
];

/// The fixture with the design (and the nurse's call as the perfusion cue, the low-pressure
/// alarm as its stronger cue), then `edits` applied to the scenario (each text found once).
fn designed(root: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    common::mini_variant(
        root,
        name,
        |s| {
            let s = s
                .replace(
                    "text: \"mini-event-nurse\")",
                    "text: \"mini-event-nurse\", cue: \"perfusion\")",
                )
                .replace(
                    "text: \"mini-event-low\")",
                    "text: \"mini-event-low\", cue: \"perfusion\", stronger: true)",
                );
            let end = s.trim_end().rfind(')').unwrap();
            let mut s = format!("{}{DESIGN})\n", &s[..end]);
            for (from, to) in edits {
                assert_eq!(s.matches(from).count(), 1, "{name}: {from}");
                s = s.replacen(from, to, 1);
            }
            s
        },
        |lang, mut t| {
            for id in MESSAGES {
                t.push_str(&format!("{id} = {lang} {id}\n"));
            }
            t
        },
    )
}

fn diagnostics(root: &Path, dir: &Path) -> Vec<String> {
    common::diagnostics(dir)
        .into_iter()
        .map(|d| d.replace(&format!("{}/", root.display()), "../"))
        .collect()
}

/// The lint's warnings for the case in `dir`, with the folder left out of the file name.
fn warnings(dir: &Path) -> Vec<String> {
    bedside::lint::lint(&common::load(dir))
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.to_string().replace(&format!("{}/", dir.display()), ""))
        .collect()
}

#[test]
fn a_complete_design_loads_resolved_and_lints_clean() {
    let root = common::shared_library_root("learning-complete");
    let dir = designed(&root, "mini", &[]);
    assert_eq!(diagnostics(&root, &dir), Vec::<String>::new());
    let loaded = common::load(&dir);
    let case = &loaded.case;
    assert_eq!(case.objectives.len(), 2);
    let ids = |o: &bedside::scenario::case::Objective| -> Vec<String> {
        o.criteria
            .iter()
            .map(|&k| case.criteria[k].def.id.clone())
            .collect()
    };
    assert_eq!(ids(&case.objectives[1]), ["no-oxygen-when-fine"]);
    assert_eq!(ids(&case.objectives[0]).len(), 8);
    assert_eq!(ids(&case.objectives[0])[3], "ne");
    let nurse = case.events.iter().find(|e| e.id == "nurse").unwrap();
    assert_eq!((nurse.cue, nurse.stronger), (Some(0), false));
    let low = case.events.iter().find(|e| e.id == "low").unwrap();
    assert_eq!((low.cue, low.stronger), (Some(0), true));
    assert_eq!(
        case.scenario.learners.as_ref().unwrap().prerequisites,
        ["mini-prereq"]
    );
    assert_eq!(warnings(&dir), Vec::<String>::new());
}

#[test]
fn learning_design_changes_no_score() {
    // Cues only speak: the same decisions score the same with and without the design.
    let root = common::shared_library_root("learning-score");
    let with = common::load(&designed(&root, "mini", &[]));
    let without = common::mini();
    for g in &without.case.scenario.golden_paths {
        let score = |case: &std::sync::Arc<bedside::scenario::Case>| {
            let s = bedside::session::play(
                std::sync::Arc::clone(case),
                &g.script(),
                &common::info(g.seed),
                None,
            )
            .unwrap();
            let r = s.score().unwrap();
            (r.earned, r.available, r.passed, r.final_state.clone())
        };
        assert_eq!(score(&with.case), score(&without.case), "{}", g.id);
    }
}

#[test]
fn each_planted_design_error_is_reported_at_its_line_and_column() {
    let root = common::shared_library_root("learning-errors");
    let cases: &[Planted] = &[
        (
            "unknown-criterion",
            &[(
                "criteria: [\"no-oxygen-when-fine\"]",
                "criteria: [\"no-oxygen\"]",
            )],
            &[
                "scenario.ron:216:24: objective 'oxygen' lists criterion 'no-oxygen', which the rubric does not have",
            ],
        ),
        (
            "criterion-twice",
            &[(
                "criteria: [\"no-oxygen-when-fine\"]",
                "criteria: [\"no-oxygen-when-fine\", \"no-oxygen-when-fine\"]",
            )],
            &[
                "scenario.ron:216:47: objective 'oxygen' lists criterion 'no-oxygen-when-fine' twice",
            ],
        ),
        (
            "duplicate-objective",
            &[(
                "id: \"oxygen\",\n            text",
                "id: \"perfusion\",\n            text",
            )],
            &["scenario.ron:214:17: duplicate objective id 'perfusion'"],
        ),
        (
            "unknown-cue",
            &[("cue: \"perfusion\")", "cue: \"shock\")")],
            &[
                "scenario.ron:86:80: event 'nurse' cues objective 'shock', which the case does not have",
            ],
        ),
        (
            "stronger-without-cue",
            &[("cue: \"perfusion\", stronger: true)", "stronger: true)")],
            &[
                "scenario.ron:87:90: event 'low' is a stronger cue but names no objective: add `cue: \"<objective id>\"`",
            ],
        ),
        (
            "unknown-field",
            &[(
                "criteria: [\"no-oxygen-when-fine\"]",
                "criterion: [\"no-oxygen-when-fine\"]",
            )],
            &[
                "scenario.ron:216:13: unexpected field named `criterion` in `Objective`, expected one of `id`, `text`, `criteria`, or `prompts` instead",
            ],
        ),
        (
            "prebrief-field-missing",
            &[("        safe_space: \"mini-pb-safe\",\n", "")],
            &["scenario.ron:204:5: missing field `safe_space` in `Prebrief`"],
        ),
        (
            "unknown-message",
            &[("text: \"mini-obj-oxygen\"", "text: \"mini-obj-oxygn\"")],
            &[
                "scenario.ron:215:19: message 'mini-obj-oxygn' is missing from en-US (add it to locales/en-US.ftl or the shared locales)",
                "scenario.ron:215:19: message 'mini-obj-oxygn' is missing from ja-JP (add it to locales/ja-JP.ftl or the shared locales)",
                "scenario.ron:215:19: message 'mini-obj-oxygn' is missing from zh-CN (add it to locales/zh-CN.ftl or the shared locales)",
            ],
        ),
    ];
    let mut mismatches = Vec::new();
    for (name, edits, want) in cases {
        let dir = designed(&root, name, edits);
        let got = diagnostics(&root, &dir);
        if got != *want {
            mismatches.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn a_prompt_missing_from_one_language_is_an_error_there() {
    let root = common::shared_library_root("learning-one-language");
    let dir = designed(&root, "mini", &[]);
    let ja = dir.join("locales/ja-JP.ftl");
    let text = std::fs::read_to_string(&ja).unwrap();
    std::fs::write(&ja, text.replace("mini-pr-a = ja-JP mini-pr-a\n", "")).unwrap();
    assert_eq!(
        diagnostics(&root, &dir),
        [
            "scenario.ron:211:82: message 'mini-pr-a' is missing from ja-JP (add it to locales/ja-JP.ftl or the shared locales)",
            "scenario.ron:217:82: message 'mini-pr-a' is missing from ja-JP (add it to locales/ja-JP.ftl or the shared locales)",
        ]
    );
}

#[test]
fn each_design_lint_points_at_its_line() {
    let root = common::shared_library_root("learning-lints");
    let cases: &[Planted] = &[
        (
            "criterion-unlisted",
            &[("criteria: [\"no-oxygen-when-fine\"]", "criteria: []")],
            &[
                "scenario.ron:125:21: warning: criterion 'no-oxygen-when-fine' is listed by no objective: add it to the objective it assesses (the debrief shows it under \"Other\")",
                "scenario.ron:214:17: warning: objective 'oxygen' lists no criterion: nothing in the rubric assesses it",
            ],
        ),
        (
            "prompt-missing",
            &[(
                "(reaction: \"mini-pr-r\", description: \"mini-pr-d\", analysis: \"mini-pr-a\", summary: \"mini-pr-s\"),\n        ),\n    ],",
                "(reaction: \"mini-pr-r\", description: \"mini-pr-d\"),\n        ),\n    ],",
            )],
            &[
                "scenario.ron:214:17: warning: objective 'oxygen' has no debrief prompt for analysis, summary: write one for each of reaction, description, analysis and summary",
            ],
        ),
        (
            "no-prebrief",
            &[
                ("    prebrief: (\n", "    /* prebrief: (\n"),
                (
                    "        safe_space: \"mini-pb-safe\",\n    ),\n",
                    "        safe_space: \"mini-pb-safe\",\n    ), */\n",
                ),
            ],
            &[
                "scenario.ron:206:17: warning: the case has objectives but no `prebrief`: tell the trainee what is simulated, how time runs, what they can and cannot do, and that it is a safe place to err",
            ],
        ),
        (
            "no-learners",
            &[(
                "    learners: (level: \"mini-learners\", prerequisites: [\"mini-prereq\"]),\n",
                "",
            )],
            &[
                "scenario.ron:205:17: warning: the case has objectives but no `learners`: say whom it is for (level) and what they should know first (prerequisites)",
            ],
        ),
        (
            "stronger-without-first",
            &[(
                "text: \"mini-event-nurse\", cue: \"perfusion\")",
                "text: \"mini-event-nurse\")",
            )],
            &[
                "scenario.ron:87:108: warning: event 'low' is the stronger cue for objective 'perfusion', but no event is its first cue: tag the first cue with `cue: \"perfusion\"`",
            ],
        ),
    ];
    let mut mismatches = Vec::new();
    for (name, edits, want) in cases {
        let dir = designed(&root, name, edits);
        assert_eq!(diagnostics(&root, &dir), Vec::<String>::new(), "{name}");
        let got = warnings(&dir);
        if got != *want {
            mismatches.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn a_case_without_any_design_gets_one_warning_that_says_what_to_add() {
    let root = common::shared_library_root("learning-none");
    let dir = common::mini_variant(&root, "mini", |s| s, |_, t| t);
    let w = warnings(&dir);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].starts_with(
            "scenario.ron:3:9: warning: the case has no learning design: add `learners`"
        ),
        "{w:#?}"
    );
    for field in ["`prebrief`", "`objectives`", "`prompts`", "`cue`"] {
        assert!(w[0].contains(field), "{field}: {}", w[0]);
    }
}

#[test]
fn the_bundled_cases_map_every_criterion_to_an_objective_with_four_prompts_and_cue_each_objective()
{
    for dir in bedside::scenario::find_cases(&common::root().join("scenarios")) {
        let loaded = common::load(&dir);
        let case = &loaded.case;
        let s = &case.scenario;
        assert!(s.learners.is_some() && s.prebrief.is_some(), "{}", s.id);
        assert!((3..=5).contains(&s.objectives.len()), "{}", s.id);
        for k in 0..case.criteria.len() {
            assert!(
                case.objectives.iter().any(|o| o.criteria.contains(&k)),
                "{}: {}",
                s.id,
                case.criteria[k].def.id
            );
        }
        for (i, o) in s.objectives.iter().enumerate() {
            assert!(o.prompts.phases().iter().all(|(_, p)| p.is_some()));
            assert!(
                case.events.iter().any(|e| e.cue == Some(i) && !e.stronger),
                "{}: objective '{}' has no cue",
                s.id,
                o.id
            );
        }
        assert!(case.events.iter().any(|e| e.stronger), "{}", s.id);
    }
}

#[test]
fn the_debrief_groups_criteria_under_objectives_and_the_rest_under_other() {
    use bedside::rubric::objectives::by_objective;
    let root = common::shared_library_root("learning-groups");
    // The oxygen criterion left out of every objective: it goes under "Other".
    let dir = designed(
        &root,
        "mini",
        &[("criteria: [\"no-oxygen-when-fine\"]", "criteria: []")],
    );
    let loaded = common::load(&dir);
    let case = &loaded.case;
    let g = &case.scenario.golden_paths[0];
    let s = bedside::session::play(
        std::sync::Arc::clone(case),
        &g.script(),
        &common::info(g.seed),
        None,
    )
    .unwrap();
    let report = s.score().unwrap();
    let groups = by_objective(report, case);
    let ids = |k: usize| -> Vec<&str> {
        groups[k]
            .criteria
            .iter()
            .map(|&i| report.criteria[i].id.as_str())
            .collect()
    };
    assert_eq!(groups.len(), 3, "{groups:#?}");
    assert_eq!(
        groups.iter().map(|g| g.objective).collect::<Vec<_>>(),
        [Some(0), Some(1), None]
    );
    assert_eq!(
        ids(0),
        [
            "lactate-early",
            "fluid-before-pressor",
            "fluid-volume",
            "ne",
            "ne-dose",
            "ne-ceiling",
            "recovered",
            "survived"
        ]
    );
    assert!(ids(1).is_empty());
    assert_eq!(ids(2), ["no-oxygen-when-fine"]);
    let earned: u32 = groups.iter().map(|g| g.earned).sum();
    let available: u32 = groups.iter().map(|g| g.available).sum();
    assert_eq!((earned, available), (report.earned, report.available));

    let t = loaded.texts(bedside::i18n::Locale::EnUs, &bedside::report::ui_sources());
    let text = bedside::report::text(report, &loaded, &t);
    let perfusion = text
        .find("■ Objective (12/12 points): en-US mini-obj-perfusion")
        .unwrap();
    let other = text.find("■ Other criteria (1/1 points)").unwrap();
    let oxygen = text
        .find("  ✔ Met [minor, 1/1] Oxygen appropriate.")
        .unwrap();
    let ne = text
        .find("  ✔ Met [critical, 4/4] Norepinephrine started.")
        .unwrap();
    assert!(perfusion < ne && ne < other && other < oxygen, "{text}");
    assert!(text.contains("  Debrief questions:\n    Reaction: en-US mini-pr-r\n    Description: en-US mini-pr-d\n    Analysis: en-US mini-pr-a\n    Summary: en-US mini-pr-s\n"), "{text}");

    // Without objectives the debrief is the flat list it always was.
    let plain = common::mini();
    assert!(by_objective(report, &plain.case).is_empty());
}
