//! The instructor commands from the command line: lint, validate's warnings, graph, new, and
//! `test --cohort`.

use crate::support as common;

use common::{bedside, stdout};

/// A copy of the fixture with `edit` applied to its scenario, in a fresh folder.
fn edited_fixture(name: &str, from: &str, to: &str) -> std::path::PathBuf {
    let dir = common::tempdir(name).join("mini");
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    let src = common::root().join("tests/fixtures/mini");
    let drugs = common::root().join("scenarios/drugs.ron");
    let text = std::fs::read_to_string(src.join("scenario.ron"))
        .unwrap()
        .replace(
            "\"../../../scenarios/drugs.ron\"",
            &format!("{:?}", drugs.display().to_string()),
        );
    assert_eq!(text.matches(from).count(), 1);
    std::fs::write(dir.join("scenario.ron"), text.replacen(from, to, 1)).unwrap();
    for l in ["en-US", "ja-JP", "zh-CN"] {
        let f = format!("locales/{l}.ftl");
        std::fs::copy(src.join(&f), dir.join(&f)).unwrap();
    }
    dir
}

#[test]
fn lint_of_the_bundled_cases_has_notes_only_and_exits_zero() {
    let o = bedside(&["lint", "scenarios"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(!out.contains("warning:"), "{out}");
    assert!(out.contains(": note: action 'news2' is referenced by no criterion"));
    // Every case folder under scenarios/ is linted, with no error and no warning (notes are fine).
    let cases = std::fs::read_dir(common::root().join("scenarios"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("scenario.ron").is_file())
        .count();
    let last = out.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!("{cases} case(s): 0 error(s), 0 warning(s), ")),
        "{out}"
    );
}

/// The warning a case without any learning design gets (the fixture is kept minimal).
const NO_LEARNING_DESIGN: &str = "the case has no learning design: add `learners` (level, prerequisites), a `prebrief` (simulation, time, can_do, cannot_do, safe_space), `objectives` that list every criterion with their four debrief `prompts`, and `cue` on the events that prompt each objective";

#[test]
fn validate_shows_lint_warnings_but_still_exits_zero() {
    let dir = edited_fixture(
        "author-validate-warn",
        "when: \"map < 55\"",
        "when: \"map < -5\"",
    );
    let o = bedside(&["validate", dir.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let scn = dir.join("scenario.ron");
    assert_eq!(
        out,
        format!(
            "ok {} (mini v1.0.0)\n{}:3:9: warning: {}\n{}:87:27: warning: event 'low' can never fire: map < -5 (map is 0–250) cannot hold\n",
            dir.display(),
            scn.display(),
            NO_LEARNING_DESIGN,
            scn.display()
        )
    );
    let o = bedside(&["lint", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "a lint warning fails `lint`");
}

#[test]
fn test_with_a_cohort_reports_spread_and_separation_per_case() {
    let o = bedside(&["test", "tests/fixtures/mini", "--cohort", "3"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let cohort: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("cohort:"))
        .collect();
    assert_eq!(
        cohort,
        [
            "cohort: 3 seeded patient(s) per path (the path's seed and the next)",
            "  mini/expert   expert  mean 100.0%  sd  0.0  range 100–100%  passed 3/3  as expected 3/3",
            "  mini/novice   novice  mean  18.0%  sd  0.0  range 18–18%  passed 0/3  as expected 3/3",
            "  mini/tenfold  expert  mean  84.0%  sd  0.0  range 84–84%  passed 3/3  as expected 3/3",
            "  mini: expert lowest 100% (expert seed 1) vs novice highest 18% (novice seed 1) (paths named expert… and novice…): gap 82 point(s) — the rubric separates them",
            "  mini: verdicts: expert play passed 6/6, novice play passed 0/3",
        ]
    );
}

#[test]
fn a_cohort_shows_a_seed_dependent_score_as_spread() {
    // The sepsis case's fluid responders are drawn per seed: the responder path's score varies.
    let loaded = common::load(&common::root().join("scenarios/icu-sepsis"));
    let g = loaded
        .case
        .scenario
        .golden_path("expert_responder")
        .unwrap();
    let spread = bedside::variants::play_variants(&loaded.case, g, 20).unwrap();
    assert_eq!(spread.variants.len(), 20);
    assert_eq!(spread.variants[0].seed, g.seed);
    assert!(spread.sd() > 0.0, "{spread:?}");
    assert!(spread.lowest().unwrap().percent < spread.highest().unwrap().percent);
}

#[test]
fn new_makes_a_case_that_validates_lints_clean_and_plays_its_golden_paths() {
    let cases = common::tempdir("author-new");
    let o = bedside(&[
        "new",
        "ward-hypoxia",
        "--area",
        "intensive-care",
        "--cases",
        cases.to_str().unwrap(),
    ]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let dir = cases.join("ward-hypoxia");
    assert!(
        out.contains(&format!("ok {} (ward-hypoxia v0.1.0)", dir.display())),
        "{out}"
    );
    assert!(!out.contains("warning:"), "{out}");
    for f in [
        "scenario.ron",
        "locales/en-US.ftl",
        "locales/ja-JP.ftl",
        "locales/zh-CN.ftl",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let scn = std::fs::read_to_string(dir.join("scenario.ron")).unwrap();
    assert!(scn.contains("area: IntensiveCare,"));
    assert!(!scn.contains("{{"), "every placeholder filled");

    let o = bedside(&["validate", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        format!("ok {} (ward-hypoxia v0.1.0)\n", dir.display())
    );
    let o = bedside(&["lint", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = bedside(&["test", dir.to_str().unwrap()]);
    assert_eq!(
        stdout(&o),
        "pass ward-hypoxia/expert: 100% (9/9), passed\npass ward-hypoxia/novice: 11% (1/9), failed\n2 passed, 0 failed\n"
    );
    let o = bedside(&[
        "run",
        dir.to_str().unwrap(),
        "--script",
        "expert",
        "--lang",
        "ja-JP",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("病棟での呼吸困難"));

    // A second case beside it reuses the shared library rather than writing it again.
    let o = bedside(&["new", "second", "--cases", cases.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(!out.contains("drugs.ron"), "{out}");
    // And an existing folder is never overwritten.
    let o = bedside(&["new", "second", "--cases", cases.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn new_refuses_an_id_that_cannot_prefix_message_ids() {
    let cases = common::tempdir("author-new-bad");
    let o = bedside(&["new", "Ward_1", "--cases", cases.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a usable case id"));
}
