//! The command line as instructors and assessors use it: output and exit codes
//! (0 fine, 1 checks failed, 2 could not run).

use crate::support as common;

use common::{bedside, stdout};

#[test]
fn validate_reports_a_clean_case_and_exits_zero() {
    let o = bedside(&["validate", "tests/fixtures/mini"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // The fixture is kept minimal: it has no learning design, which is a warning, not an error.
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("ok tests/fixtures/mini (mini v1.0.0)"));
    let warning = lines.next().unwrap_or_default();
    assert!(
        warning.starts_with("tests/fixtures/mini/scenario.ron:")
            && warning.contains(": warning: the case has no learning design: add `learners`"),
        "{out}"
    );
    assert_eq!(lines.next(), None, "{out}");
}

#[test]
fn validate_lists_problems_and_exits_one() {
    let dir = common::tempdir("cli-broken");
    let case = dir.join("c");
    std::fs::create_dir_all(&case).unwrap();
    std::fs::write(
        case.join("scenario.ron"),
        "Scenario(id: \"x\",\n  version: 3,\n)",
    )
    .unwrap();
    let o = bedside(&["validate", case.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(
        out.lines().next().unwrap(),
        format!(
            "{}:2:11: expected string",
            case.join("scenario.ron").display()
        )
    );
    assert!(out.ends_with("1 problem(s) in 1 case(s)\n"), "{out}");
}

#[test]
fn validate_of_a_missing_path_could_not_run() {
    let o = bedside(&["validate", "no/such/folder"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "bedside: no/such/folder does not exist\n"
    );
}

#[test]
fn run_prints_the_debrief_and_writes_a_log_that_verifies_and_rescores() {
    let dir = common::tempdir("cli-run");
    let log = dir.join("s.jsonl");
    let o = bedside(&[
        "run",
        "tests/fixtures/mini",
        "--script",
        "expert",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = stdout(&o);
    insta::assert_snapshot!(
        "mini_expert_debrief_en",
        text.replace(&log.display().to_string(), "<log>")
    );
    let v = bedside(&["verify", "--cases", "tests/fixtures", log.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", stdout(&v));
    assert!(
        stdout(&v).contains("chain intact, finished, verdict re-derived: 13/13 (100 %), passed"),
        "{}",
        stdout(&v)
    );
    // Without its case the verdict cannot be re-derived, and the log is not vouched for.
    let v = bedside(&["verify", log.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1), "{}", stdout(&v));
    assert!(stdout(&v).contains("no case 'mini'"), "{}", stdout(&v));
    let s = bedside(&["score", "--cases", "tests/fixtures", log.to_str().unwrap()]);
    assert_eq!(
        s.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&s.stderr)
    );
    assert!(
        stdout(&s).contains("Score: 13/13 points (100%)"),
        "{}",
        stdout(&s)
    );
    assert!(
        s.stderr.is_empty(),
        "an unchanged case re-simulates exactly: {}",
        String::from_utf8_lossy(&s.stderr)
    );
}

#[test]
fn the_debrief_reads_in_japanese_and_chinese() {
    for (lang, name) in [
        ("ja-JP", "mini_expert_debrief_ja"),
        ("zh-CN", "mini_expert_debrief_zh"),
    ] {
        let o = bedside(&[
            "run",
            "tests/fixtures/mini",
            "--script",
            "novice",
            "--lang",
            lang,
        ]);
        assert_eq!(o.status.code(), Some(0));
        insta::assert_snapshot!(name, stdout(&o));
    }
}

#[test]
fn verify_names_the_line_where_a_log_was_altered() {
    let dir = common::tempdir("cli-verify");
    let log = dir.join("s.jsonl");
    assert!(
        bedside(&[
            "run",
            "tests/fixtures/mini",
            "--script",
            "novice",
            "--log",
            log.to_str().unwrap()
        ])
        .status
        .success()
    );
    let text = std::fs::read_to_string(&log)
        .unwrap()
        .replacen("\"t\":1200", "\"t\":600", 1);
    std::fs::write(&log, text).unwrap();
    let o = bedside(&["verify", log.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains(": hash chain broken"), "{}", stdout(&o));
}

#[test]
fn verify_refuses_a_last_line_that_is_not_a_score() {
    let dir = common::tempdir("cli-verify-score");
    let log = dir.join("s.jsonl");
    let args = ["run", "tests/fixtures/mini", "--script", "expert", "--log"];
    let mut run = args.to_vec();
    run.push(log.to_str().unwrap());
    assert!(bedside(&run).status.success());
    let mut ls = common::lines(&log);
    let n = ls.len();
    let last = ls.last_mut().unwrap();
    *last = common::with_score(last, "[]");
    std::fs::write(&log, ls.join("\n") + "\n").unwrap();
    let o = bedside(&["verify", log.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!(":{n}: the score line does not hold a valid score")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn score_says_when_the_case_changed_since_the_log_was_written() {
    let dir = common::tempdir("cli-changed");
    let cases = dir.join("cases");
    let mini = cases.join("mini");
    std::fs::create_dir_all(mini.join("locales")).unwrap();
    let root = common::root();
    let scn = std::fs::read_to_string(root.join("tests/fixtures/mini/scenario.ron"))
        .unwrap()
        .replace(
            "\"../../../scenarios/drugs.ron\"",
            &format!("{:?}", root.join("scenarios/drugs.ron")),
        );
    std::fs::write(mini.join("scenario.ron"), &scn).unwrap();
    for l in ["en-US", "ja-JP", "zh-CN"] {
        std::fs::copy(
            root.join(format!("tests/fixtures/mini/locales/{l}.ftl")),
            mini.join(format!("locales/{l}.ftl")),
        )
        .unwrap();
    }
    let log = dir.join("s.jsonl");
    assert!(
        bedside(&[
            "run",
            mini.to_str().unwrap(),
            "--script",
            "expert",
            "--log",
            log.to_str().unwrap()
        ])
        .status
        .success()
    );
    // The instructor lowers the pass mark, then renames an action the log used.
    let score_after_edit = |from: &str, to: &str| {
        std::fs::write(mini.join("scenario.ron"), scn.replace(from, to)).unwrap();
        bedside(&[
            "score",
            "--cases",
            cases.to_str().unwrap(),
            log.to_str().unwrap(),
        ])
    };
    let o = score_after_edit("pass_mark: 70", "pass_mark: 60");
    assert_eq!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("the case's files changed since this log was written")
    );
    assert!(stdout(&o).contains("pass mark 60%"));
    let o = score_after_edit("\"examine\"", "\"look\"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("the decision uses action 'examine', which the case no longer has")
    );
}

#[test]
fn test_runs_every_golden_path_and_closes_with_a_count() {
    let o = bedside(&["test", "tests/fixtures/mini"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).ends_with("3 passed, 0 failed\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_readme_script_example_plays_on_the_sepsis_case() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let block = readme
        .split("```ron\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a ron block in README.md");
    let dir = common::tempdir("cli-readme");
    let script = dir.join("script.ron");
    std::fs::write(&script, block).unwrap();
    let o = bedside(&[
        "run",
        "scenarios/icu-sepsis",
        "--script",
        script.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["case_id"], "icu-sepsis");
}

#[test]
fn run_lists_the_standing_doses_given_and_test_plays_the_paths_that_hold_them() {
    let o = bedside(&["run", "tests/fixtures/standing", "--script", "holds"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let standing: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("Standing order:"))
        .collect();
    // Held before its first dose, the gliclazide gives nothing; the feed goes on.
    assert_eq!(
        standing,
        [
            "  10m  Standing order: glucose 5\u{a0}g PO",
            "  30m  Standing order: glucose 5\u{a0}g PO",
            "  50m  Standing order: glucose 5\u{a0}g PO",
            "  1h10m  Standing order: glucose 5\u{a0}g PO",
            "  1h30m  Standing order: glucose 5\u{a0}g PO",
            "  1h50m  Standing order: glucose 5\u{a0}g PO",
        ],
        "{out}"
    );
    let o = bedside(&["test", "tests/fixtures/standing"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("pass standing/leaves_it: 85% (6/7), failed"));
}

#[test]
fn run_groups_the_debrief_by_learning_objective_in_each_language() {
    let dir = common::tempdir("cli-run-objectives");
    for (lang, objective, prompts) in [
        (
            "en-US",
            "■ Objective (6/6 points): Recognise septic shock",
            "  Debrief questions:",
        ),
        (
            "ja-JP",
            "■ 学習目標（6/6 点）：NEWS2（7点以上）から敗血症性ショックを認識し",
            "  振り返りの問い：",
        ),
        (
            "zh-CN",
            "■ 学习目标（6/6 分）：根据NEWS2（≥7分）识别脓毒性休克",
            "  复盘问题：",
        ),
    ] {
        let log = dir.join(format!("{lang}.jsonl"));
        let o = bedside(&[
            "run",
            "scenarios/icu-sepsis",
            "--script",
            "expert",
            "--lang",
            lang,
            "--log",
            log.to_str().unwrap(),
        ]);
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(0), "{out}");
        assert!(out.contains(objective), "{lang}: {out}");
        assert!(out.contains(prompts), "{lang}: {out}");
        // Five objectives map every criterion: nothing is left under "Other".
        assert_eq!(out.matches("■ ").count(), 5, "{lang}: {out}");
    }
}
