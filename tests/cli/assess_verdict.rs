//! The verdict is derived, never trusted: a score line edited by hand (a failed session turned
//! into a pass) is refused by `xapi export`, reported as tampering by `score`, and left out of
//! `report`; a score line that differs because the case changed since is a note.

use crate::support::assess as assess_support;

use std::path::{Path, PathBuf};

use assess_support::*;
use serde_json::Value;

/// An expert (passed) and a novice (failed) session of the mini case, played from the copy in
/// `dir/cases` so that `--cases dir/cases` holds exactly the case they were played with.
fn two_sessions(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let cases = case_copies(dir);
    let mini = cases.join("mini");
    let logs = vec![
        log_of(&mini, "expert", 1, "alice", dir, "a.jsonl"),
        log_of(&mini, "novice", 2, "bob", dir, "b.jsonl"),
    ];
    (cases, logs)
}

fn run(cases: &Path, args: &[&str], logs: &[PathBuf]) -> std::process::Output {
    let mut all = vec!["--cases".to_string(), cases.display().to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    all.extend(logs.iter().map(|p| p.display().to_string()));
    let a: Vec<&str> = all.iter().map(String::as_str).collect();
    bedside(&a)
}

fn verbs_of(statements: &[Value], trainee: &str) -> Vec<String> {
    statements
        .iter()
        .filter(|s| s["actor"]["account"]["name"] == trainee)
        .map(|s| s["verb"]["display"]["en-US"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn xapi_export_refuses_a_forged_pass_and_exports_the_untouched_log_as_before() {
    let dir = tempdir("verdict-xapi");
    let (cases, logs) = two_sessions(&dir);
    let before = run(&cases, &["xapi", "export"], &logs);
    assert_eq!(before.status.code(), Some(0), "{}", stderr(&before));
    let before: Vec<Value> = serde_json::from_slice(&before.stdout).unwrap();
    assert!(verbs_of(&before, "bob").contains(&"failed".to_string()));

    let line = forge_pass(&logs[1]);
    let o = run(&cases, &["xapi", "export"], &logs);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("b.jsonl:{line}: the score line says")),
        "names the line: {}",
        stderr(&o)
    );
    let after: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        verbs_of(&after, "bob").is_empty(),
        "nothing of the forged log is exported: {:?}",
        verbs_of(&after, "bob")
    );
    assert!(
        !after
            .iter()
            .any(|s| s["verb"]["display"]["en-US"] == "passed"
                && s["actor"]["account"]["name"] == "bob"),
        "the forged pass was exported"
    );
    // The untouched log gives exactly the statements it gave before.
    let alice: Vec<&Value> = before
        .iter()
        .filter(|s| s["actor"]["account"]["name"] == "alice")
        .collect();
    assert_eq!(after.iter().collect::<Vec<_>>(), alice);
}

#[test]
fn xapi_push_never_queues_a_forged_pass() {
    let dir = tempdir("verdict-push");
    let (cases, logs) = two_sessions(&dir);
    forge_pass(&logs[1]);
    let ob = bedside::xapi::Outbox::open(&dir.join("outbox")).unwrap();
    let mut shelf = bedside::cohort::CaseShelf::open(&cases);
    let id = bedside::xapi::Identity::default();
    let e = bedside::xapi::queue_session(&ob, &logs[1], &id, &mut shelf).unwrap_err();
    assert!(e.to_string().contains("the score line was altered"), "{e}");
    assert!(ob.pending().unwrap().is_empty());
    bedside::xapi::queue_session(&ob, &logs[0], &id, &mut shelf).unwrap();
    assert_eq!(ob.pending().unwrap().len(), 1);
}

#[test]
fn a_log_whose_case_changed_since_is_exported_with_the_re_derived_verdict() {
    let dir = tempdir("verdict-xapi-changed");
    // Played with the original mini case, exported against a revision that scores it lower.
    let log = log_of(&mini_dir(), "expert", 1, "carol", &dir, "a.jsonl");
    let rev = revised_case(&mini_dir(), &dir.join("rev"), |s| {
        s.replace("within: \"15m\", of: Start", "within: \"1m\", of: Start")
    });
    let logged = bedside::log::read(&log)
        .unwrap()
        .score_report(&log)
        .unwrap()
        .unwrap();
    let o = run(&rev, &["xapi", "export"], std::slice::from_ref(&log));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let st: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    let raw = st[1]["result"]["score"]["raw"].as_u64().unwrap();
    assert!(
        raw < u64::from(logged.earned),
        "the re-derived score ({raw}) is sent, not the logged one ({})",
        logged.earned
    );
}

#[test]
fn score_reports_a_forged_pass_as_tampering_and_a_changed_case_as_a_note() {
    let dir = tempdir("verdict-score");
    let (cases, logs) = two_sessions(&dir);
    let o = run(&cases, &["score"], &logs);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));

    let line = forge_pass(&logs[1]);
    let o = run(&cases, &["score"], &logs);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("b.jsonl:{line}: the score line says")),
        "{err}"
    );
    assert!(err.contains("tampered"), "{err}");
    assert!(
        !stdout(&o).contains("b.jsonl"),
        "no verdict is shown for the forged log: {}",
        stdout(&o)
    );
    let o = run(&cases, &["score", "--json"], &logs[1..]);
    assert_eq!(o.status.code(), Some(1));

    // The case changed since: the logged score differs, which is a note, not tampering.
    let rev = revised_case(&cases.join("mini"), &dir.join("rev"), |s| {
        s.replace("within: \"15m\", of: Start", "within: \"1m\", of: Start")
    });
    let o = run(&rev, &["score"], &logs[..1]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("note: the logged score (13/13 (100 %), passed) differs from the re-score"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn report_leaves_a_forged_pass_out_with_the_reason() {
    let dir = tempdir("verdict-report");
    let (cases, logs) = two_sessions(&dir);
    let line = forge_pass(&logs[1]);
    let html = dir.join("r.html");
    let csv = dir.join("s.csv");
    let o = run(
        &cases,
        &[
            "report",
            "--html",
            html.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ],
        &logs,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 session(s) reported (1 passed), 1 left out"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains(&format!(
            "left out {}:{line}: the score line says",
            logs[1].display()
        )),
        "{}",
        stderr(&o)
    );
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains("Logs left out"), "{html}");
    assert!(html.contains("the score line was altered"), "{html}");
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert!(
        !csv.contains("bob"),
        "the forged session is not in the figures: {csv}"
    );
    assert!(csv.contains("alice"), "{csv}");
}
