//! `bedside rescore`: re-scoring a cohort against a revised case, what changed per trainee and
//! per criterion, and the logs a revision can no longer replay.

use crate::support::assess as assess_support;

use assess_support::*;

fn cohort(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    vec![
        log_of(&mini_dir(), "expert", 1, "alice", dir, "alice.jsonl"),
        log_of(&mini_dir(), "novice", 2, "bob", dir, "bob.jsonl"),
        log_of(&mini_dir(), "tenfold", 3, "carol", dir, "carol.jsonl"),
    ]
}

fn args<'a>(case: &'a str, logs: &'a [String]) -> Vec<&'a str> {
    let mut v = vec!["rescore", "--case", case];
    v.extend(logs.iter().map(String::as_str));
    v
}

fn strs(p: &[std::path::PathBuf]) -> Vec<String> {
    p.iter().map(|p| p.display().to_string()).collect()
}

#[test]
fn an_unchanged_case_rescores_every_log_unchanged() {
    let dir = tempdir("rescore-same");
    let logs = strs(&cohort(&dir));
    let case = mini_dir().display().to_string();
    let o = bedside(&args(&case, &logs));
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert_eq!(out.matches("(unchanged)").count(), 3, "{out}");
    assert!(out.contains("No criterion changed."), "{out}");
}

#[test]
fn a_tightened_deadline_shows_the_change_per_trainee_and_per_criterion() {
    let dir = tempdir("rescore-tight");
    let logs = strs(&cohort(&dir));
    // alice measured lactate at 2 min: met under "15m", missed under "1m".
    let rev = revised_case(&mini_dir(), &dir.join("rev"), |s| {
        s.replace("version: \"1.0.0\"", "version: \"1.1.0\"")
            .replace("within: \"15m\", of: Start", "within: \"1m\", of: Start")
    });
    let case = rev.display().to_string();
    let o = bedside(&args(&case, &logs));
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(out.contains("Re-scoring against mini v1.1.0"), "{out}");
    let alice = out.lines().position(|l| l.starts_with("alice ")).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    // alice had every point; she now loses the criterion's 2 points.
    let path = std::path::Path::new(&logs[0]);
    let before = bedside::log::read(path)
        .unwrap()
        .score_report(path)
        .unwrap()
        .unwrap();
    assert_eq!(before.percent, 100);
    let after = (before.available - 2) * 100 / before.available;
    assert!(
        lines[alice].ends_with(&format!(
            "100% passed -> {after}% passed (-{} percentage points)",
            100 - after
        )),
        "{}",
        lines[alice]
    );
    assert_eq!(
        lines[alice + 1],
        "    lactate-early: met (2 pt) -> missed (0 pt)"
    );
    assert!(
        out.contains("  lactate-early: 2 log(s) changed (met -> missed: 2)"),
        "{out}"
    );
    assert!(
        out.contains("3 log(s): 3 re-scored (2 with a different score, "),
        "{out}"
    );
}

#[test]
fn a_log_whose_action_the_revision_removed_is_refused_by_name_and_line() {
    let dir = tempdir("rescore-removed");
    let logs = strs(&cohort(&dir));
    let rev = revised_case(&mini_dir(), &dir.join("rev"), |s| {
        s.replace("id: \"examine\"", "id: \"look\"")
            .replace("do: \"examine\"", "do: \"look\"")
    });
    let case = rev.display().to_string();
    let o = bedside(&args(&case, &logs));
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!(
            "refused {}:6: the decision uses action 'examine', which the case no longer has",
            logs[0]
        )),
        "{out}"
    );
    assert!(
        out.contains("bob "),
        "the others are still re-scored: {out}"
    );
    assert!(out.contains("2 re-scored"), "{out}");
}

#[test]
fn a_tampered_log_and_a_log_of_another_case_are_refused() {
    let dir = tempdir("rescore-tampered");
    let logs = cohort(&dir);
    let text = std::fs::read_to_string(&logs[1]).unwrap();
    std::fs::write(&logs[1], text.replacen("\"t\":1200", "\"t\":60", 1)).unwrap();
    let other = log_of(
        &root().join("scenarios/geri-delirium"),
        "expert",
        1,
        "dave",
        &dir,
        "dave.jsonl",
    );
    let mut all = strs(&logs);
    all.push(other.display().to_string());
    let case = mini_dir().display().to_string();
    let o = bedside(&args(&case, &all));
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains(&format!("refused {}:", all[1])), "{out}");
    assert!(
        out.contains(&format!(
            "refused {}: is a log of case 'geri-delirium', not 'mini'",
            all[3]
        )),
        "{out}"
    );
}

#[test]
fn json_output_lists_rescored_and_refused_logs() {
    let dir = tempdir("rescore-json");
    let logs = strs(&cohort(&dir));
    let case = mini_dir().display().to_string();
    let mut a = args(&case, &logs);
    a.push("--json");
    let o = bedside(&a);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["case"]["id"], "mini");
    assert_eq!(v["rescored"].as_array().unwrap().len(), 3);
    assert_eq!(v["rescored"][0]["trainee"], "alice");
    assert_eq!(v["rescored"][0]["after"]["percent"], 100);
    assert!(v["refused"].as_array().unwrap().is_empty());
}

#[test]
fn the_progress_bar_stays_off_stderr_when_it_is_not_a_terminal() {
    let dir = tempdir("rescore-quiet");
    let logs = strs(&cohort(&dir));
    let case = mini_dir().display().to_string();
    let o = bedside(&args(&case, &logs));
    let err = stderr(&o);
    assert!(!err.contains('['), "{err}");
    assert!(
        err.starts_with("3 log(s) re-scored, 0 refused, in "),
        "{err}"
    );
}
