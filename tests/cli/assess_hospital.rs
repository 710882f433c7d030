//! The hospital on the command line: `run --hospital` records it, a bad id is refused with the
//! reason, and `report` breaks sessions down by hospital (HTML table, CSV column, hospitals CSV,
//! `--hospital` filter).

use crate::support::assess::*;

use std::path::{Path, PathBuf};

/// `bedside run` of a golden path (`case/golden`) of a case under `cases` into `dir/file`, at
/// `hospital`.
fn run_at(
    cases: &Path,
    case_golden: &str,
    seed: u64,
    trainee: &str,
    hospital: Option<&str>,
    dir: &Path,
    file: &str,
) -> PathBuf {
    let (case, golden) = case_golden.split_once('/').unwrap();
    let log = dir.join(file);
    let seed = seed.to_string();
    let mut args = vec![
        "--cases",
        cases.to_str().unwrap(),
        "run",
        "--script",
        golden,
        "--seed",
        &seed,
        "--trainee",
        trainee,
        "--log",
        log.to_str().unwrap(),
    ];
    let case_dir = cases.join(case);
    args.push(case_dir.to_str().unwrap());
    if let Some(h) = hospital {
        args.extend(["--hospital", h]);
    }
    let o = bedside(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    log
}

#[test]
fn run_records_the_hospital_and_refuses_a_bad_id() {
    let dir = tempdir("hospital-run");
    let cases = case_copies(&dir);
    let log = run_at(
        &cases,
        "mini/expert",
        1,
        "t",
        Some("tokyo-1"),
        &dir,
        "a.jsonl",
    );
    let s = bedside::log::read(&log).unwrap();
    assert_eq!(s.header.hospital.as_deref(), Some("tokyo-1"));
    let plain = run_at(&cases, "mini/expert", 1, "t", None, &dir, "b.jsonl");
    assert_eq!(bedside::log::read(&plain).unwrap().header.hospital, None);
    for (bad, why) in [
        ("st mary's", "a space at character 3"),
        ("", "is empty"),
        ("東京", "'東' at character 1"),
        (&"x".repeat(65), "65 characters long; at most 64"),
    ] {
        let out = dir.join("bad.jsonl");
        let o = bedside(&[
            "run",
            cases.join("mini").to_str().unwrap(),
            "--script",
            "expert",
            "--hospital",
            bad,
            "--log",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&o).contains("--hospital: the hospital id"),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains(why), "{bad}: {}", stderr(&o));
        assert!(!out.exists(), "no log is written for a refused id");
    }
    let o = bedside(&[
        "report",
        log.to_str().unwrap(),
        "--csv",
        dir.join("x.csv").to_str().unwrap(),
        "--hospital",
        "a/b",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("'/' at character 2"), "{}", stderr(&o));
}

#[test]
fn the_report_breaks_sessions_down_by_hospital() {
    let dir = tempdir("hospital-report");
    let cases = case_copies(&dir);
    let logs = [
        run_at(
            &cases,
            "mini/expert",
            1,
            "a",
            Some("tokyo-1"),
            &dir,
            "a.jsonl",
        ),
        run_at(
            &cases,
            "mini/novice",
            2,
            "b",
            Some("tokyo-1"),
            &dir,
            "b.jsonl",
        ),
        run_at(
            &cases,
            "mini/expert",
            3,
            "c",
            Some("osaka-2"),
            &dir,
            "c.jsonl",
        ),
        run_at(&cases, "mini/novice", 4, "d", None, &dir, "d.jsonl"),
    ];
    let (html, csv, hosp) = (dir.join("r.html"), dir.join("r.csv"), dir.join("h.csv"));
    let mut args = vec![
        "--cases".to_string(),
        cases.display().to_string(),
        "report".into(),
        "--html".into(),
        html.display().to_string(),
        "--csv".into(),
        csv.display().to_string(),
        "--hospitals-csv".into(),
        hosp.display().to_string(),
    ];
    args.extend(logs.iter().map(|p| p.display().to_string()));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = bedside(&a);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let novice = bedside::log::read(&logs[1])
        .unwrap()
        .score_report(&logs[1])
        .unwrap()
        .unwrap();
    assert!(!novice.passed);
    let expert = bedside::log::read(&logs[0])
        .unwrap()
        .score_report(&logs[0])
        .unwrap()
        .unwrap();
    let mean = f64::from(novice.percent + expert.percent) / 2.0;
    let h = std::fs::read_to_string(&hosp).unwrap();
    let lines: Vec<&str> = h.lines().collect();
    assert_eq!(
        lines,
        [
            "\"hospital\",\"case_id\",\"sessions\",\"passed\",\"pass_rate_percent\",\"mean_score_percent\"".to_string(),
            format!("\"osaka-2\",\"\",\"1\",\"1\",\"100.0\",\"{:.1}\"", f64::from(expert.percent)),
            format!("\"tokyo-1\",\"\",\"2\",\"1\",\"50.0\",\"{mean:.1}\""),
            format!("\"\",\"\",\"1\",\"0\",\"0.0\",\"{:.1}\"", f64::from(novice.percent)),
            format!("\"osaka-2\",\"mini\",\"1\",\"1\",\"100.0\",\"{:.1}\"", f64::from(expert.percent)),
            format!("\"tokyo-1\",\"mini\",\"2\",\"1\",\"50.0\",\"{mean:.1}\""),
            format!("\"\",\"mini\",\"1\",\"0\",\"0.0\",\"{:.1}\"", f64::from(novice.percent)),
        ]
    );
    let c = std::fs::read_to_string(&csv).unwrap();
    assert!(
        c.lines()
            .next()
            .unwrap()
            .ends_with(",\"log_sha256\",\"hospital\""),
        "{c}"
    );
    assert!(c.lines().nth(1).unwrap().ends_with(",\"tokyo-1\""), "{c}");
    assert!(c.lines().nth(4).unwrap().ends_with(",\"\""), "{c}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<h2>By hospital</h2>"), "no hospital table");
    assert!(page.contains("<td>osaka-2</td><td><strong>all cases</strong></td>"));
    // --hospital keeps one site's sessions.
    let only = dir.join("only.csv");
    let mut args = vec![
        "--cases".to_string(),
        cases.display().to_string(),
        "report".into(),
        "--csv".into(),
        only.display().to_string(),
        "--hospital".into(),
        "tokyo-1".into(),
    ];
    args.extend(logs.iter().map(|p| p.display().to_string()));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = bedside(&a);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("2 session(s) reported (1 passed)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn statements_carry_the_hospital_and_every_criterion_and_older_logs_none() {
    let dir = tempdir("hospital-xapi");
    let cases = case_copies(&dir);
    let at = run_at(
        &cases,
        "mini/novice",
        2,
        "b",
        Some("tokyo-1"),
        &dir,
        "a.jsonl",
    );
    let plain = run_at(&cases, "mini/novice", 2, "b", None, &dir, "b.jsonl");
    let export = |log: &Path| -> Vec<serde_json::Value> {
        let o = bedside(&[
            "--cases",
            cases.to_str().unwrap(),
            "xapi",
            "export",
            log.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let (a, b) = (export(&at), export(&plain));
    for st in &a {
        assert_eq!(
            st["context"]["extensions"]["urn:bedside:xapi:hospital"],
            "tokyo-1"
        );
    }
    for st in &b {
        assert!(
            st["context"]["extensions"]
                .get("urn:bedside:xapi:hospital")
                .is_none()
        );
    }
    let score = bedside::log::read(&at)
        .unwrap()
        .score_report(&at)
        .unwrap()
        .unwrap();
    let verdict = &a[1]["result"]["extensions"];
    let criteria = verdict["urn:bedside:xapi:criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), score.criteria.len());
    for (c, r) in criteria.iter().zip(&score.criteria) {
        assert_eq!(c["id"], r.id.as_str());
        assert_eq!(c["status"], serde_json::to_value(r.status).unwrap());
        assert_eq!(c["earned"], r.earned);
        assert_eq!(c["points"], r.points);
    }
    assert_eq!(
        verdict["urn:bedside:xapi:started"],
        "1970-01-01T00:00:00.000Z"
    );
    // Only the verdict statement carries them (the `completed` one stays as it was).
    assert!(
        a[0]["result"]["extensions"]
            .get("urn:bedside:xapi:criteria")
            .is_none()
    );
    // `report --lrs` reads the verdict statement back into the session's outcome.
    use bedside::cohort::lrs::outcome;
    let o = outcome(&a[1]).expect("a verdict statement");
    assert_eq!(o.hospital.as_deref(), Some("tokyo-1"));
    assert_eq!(
        (o.case_id.as_str(), o.case_version.as_str()),
        ("mini", "1.0.0")
    );
    assert_eq!(
        (o.percent, o.earned, o.available),
        (score.percent, score.earned, score.available)
    );
    assert_eq!((o.pass_mark, o.passed), (score.pass_mark, false));
    assert_eq!(o.started, "1970-01-01T00:00:00.000Z");
    assert_eq!(
        o.criteria.as_ref().map(Vec::len),
        Some(score.criteria.len())
    );
    assert_eq!(o.log_sha256, bedside::log::read(&at).unwrap().last_hash);
    assert_eq!(outcome(&b[1]).unwrap().hospital, None);
    // The `completed` and decision statements are not verdicts.
    assert!(
        a.iter()
            .enumerate()
            .all(|(i, st)| (i == 1) == outcome(st).is_some())
    );
}

#[test]
fn report_lrs_says_what_is_missing_before_asking_the_lrs() {
    let dir = tempdir("hospital-lrs-args");
    let out = dir.join("x.csv");
    let out = out.to_str().unwrap();
    let base = [
        "report",
        "--csv",
        out,
        "--lrs",
        "https://lrs.example.org/xAPI/",
    ];
    let with = |more: &[&str]| {
        let mut a = base.to_vec();
        a.extend(more);
        bedside_env(&a, &[("BEDSIDE_TEST_PW", "pw")])
    };
    let cred = ["--user", "u", "--password-env", "BEDSIDE_TEST_PW"];
    // No --since: clap's usage error.
    let o = with(&cred);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--since <DATE>"), "{}", stderr(&o));
    let o = with(&["--since", "2026-12-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--lrs needs --user and --password-env"),
        "{}",
        stderr(&o)
    );
    let mut a = cred.to_vec();
    a.extend(["--since", "last week"]);
    let o = with(&a);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--since: 'last week' is not a date"),
        "{}",
        stderr(&o)
    );
    // Plain http:// to another computer, as `xapi push` refuses it.
    let o = bedside_env(
        &[
            "report",
            "--csv",
            out,
            "--lrs",
            "http://lrs.example.org/xAPI/",
            "--since",
            "2026-12-01",
            "--user",
            "u",
            "--password-env",
            "BEDSIDE_TEST_PW",
        ],
        &[("BEDSIDE_TEST_PW", "pw")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--allow-http"), "{}", stderr(&o));
    // Logs and --lrs are one or the other.
    let o = with(&["--since", "2026-12-01", "some.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
    assert!(!Path::new(out).exists(), "nothing written");
}
