//! `bedside what-if`: a finished log's decisions edited and re-simulated, compared with the
//! session in the trainee's language; marked as a what-if everywhere, and nothing written.

use crate::support as common;

use common::{bedside, stderr, stdout};

/// Plays the sepsis case's expert responder path into a log in a fresh folder.
fn session(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = common::tempdir(name);
    let log = dir.join("session.jsonl");
    let o = bedside(&[
        "run",
        "scenarios/icu-sepsis",
        "--script",
        "expert_responder",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (dir, log)
}

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn what_if_compares_the_session_with_its_edited_decisions_in_three_languages() {
    let (dir, log) = session("cli-whatif");
    let before = std::fs::read(&log).unwrap();
    let l = log.to_str().unwrap();
    // Decision 9 is piperacillin–tazobactam at 10 min; 18 is the repeat lactate.
    let o = bedside(&["what-if", l, "--move", "9=61m", "--drop", "18"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("=== WHAT IF — not a real session ===\n"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("=== WHAT IF — not a real session ===")
    );
    assert!(out.contains("Nothing was written and nothing is sent to the LRS."));
    assert!(
        out.contains("decision 9 (Piperacillin–tazobactam IV 4.5\u{a0}g) moved from 10m to 1h1m")
    );
    assert!(
        out.contains("decision 18 (Repeat lactate (blood gas) at 2h) left out"),
        "{out}"
    );
    assert!(out.contains("Your session\n  Score: 41/41 points (100%), pass mark 75% — PASSED"));
    assert!(out.contains("What if\n  Score: "), "{out}");
    assert!(
        out.contains("antimicrobial_1h [critical]: Met 4/4 → Missed 0/4"),
        "{out}"
    );
    assert!(out.contains("lactate_repeated [major]: Met"), "{out}");
    assert!(
        out.contains("Mean arterial pressure (mmHg) | Heart rate (/min)"),
        "{out}"
    );
    // Only read: the log is as it was, and nothing was added beside it.
    assert_eq!(std::fs::read(&log).unwrap(), before);
    assert_eq!(files(&dir), ["session.jsonl"]);

    let o = bedside(&["--lang", "ja-JP", "what-if", l, "--move", "9=61m"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("=== もしも — 実際のセッションではありません ===\n"),
        "{out}"
    );
    assert!(
        out.contains("antimicrobial_1h［必須］：達成 4/4 → 未達成 0/4"),
        "{out}"
    );
    assert!(out.contains("1時間1分"), "{out}");
    let o = bedside(&["--lang", "zh-CN", "what-if", l, "--move", "9=61m"]);
    let out = stdout(&o);
    assert!(out.starts_with("=== 假如 — 不是真实的练习 ===\n"), "{out}");
    assert!(out.contains("1小时1分钟"), "{out}");
    assert_eq!(files(&dir), ["session.jsonl"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn what_if_without_edits_is_the_session_and_json_says_what_if() {
    let (dir, log) = session("cli-whatif-json");
    let o = bedside(&[
        "what-if",
        log.to_str().unwrap(),
        "--add",
        "30m news2",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["what_if"], true);
    assert_eq!(v["session"]["percent"], 100);
    // A second NEWS2 changes no criterion.
    assert_eq!(v["changed"], serde_json::json!([]));
    assert_eq!(v["what_if_report"]["percent"], 100);
    // The JSON is not a log: `verify` refuses it.
    let out = dir.join("answer.json");
    std::fs::write(&out, stdout(&o)).unwrap();
    assert_eq!(
        bedside(&["verify", out.to_str().unwrap()]).status.code(),
        Some(1)
    );
    let o = bedside(&["what-if", log.to_str().unwrap()]);
    assert!(stdout(&o).contains("Changes:\n  none: the session as it was played"));
    assert!(stdout(&o).contains("No criterion changed its result."));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn impossible_edits_and_unverifiable_logs_are_refused_with_the_reason() {
    let (dir, log) = session("cli-whatif-refused");
    let l = log.to_str().unwrap();
    let refused = |args: &[&str], code: i32, words: &str| {
        let mut all = vec!["what-if", l];
        all.extend(args);
        let o = bedside(&all);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(words), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
    };
    refused(
        &["--move", "99=10m"],
        2,
        "there is no decision 99: the session has 18",
    );
    refused(
        &["--move", "3=5h"],
        2,
        "5h is after the case's time limit (4h)",
    );
    refused(
        &["--add", "10m unicorn_dust 1 mg"],
        2,
        "no action 'unicorn_dust' in this case",
    );
    refused(
        &["--add", "10m crystalloid_bolus -5 mL"],
        2,
        "must be greater than zero",
    );
    refused(&["--move", "3:10m"], 2, "write a move as DECISION=TIME");
    refused(&["--drop", "0"], 2, "counted from 1");
    refused(
        &["--drop", "2", "--move", "2=5m"],
        2,
        "decision 2 is edited twice",
    );
    // A log altered after it was written is not used.
    let text = std::fs::read_to_string(&log).unwrap();
    let altered = dir.join("altered.jsonl");
    std::fs::write(&altered, text.replacen("\"t\":600", "\"t\":660", 1)).unwrap();
    let o = bedside(&["what-if", altered.to_str().unwrap(), "--drop", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("hash chain broken"), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    std::fs::remove_dir_all(&dir).unwrap();
}
