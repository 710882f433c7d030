//! `report --lrs`: a cohort played at two hospitals, pushed to a real LRS (Ralph, through
//! `.ci/lrs run cargo test …`), read back page by page, and summed up exactly as the file report
//! of the same logs sums them up. Without the LRS variables the test fails when CI=true and is
//! skipped (with a note) otherwise, as the other xAPI tests.

use crate::support::assess::*;
use crate::support::lrs::*;

use std::path::{Path, PathBuf};

/// `bedside run` of a golden path (`case/golden`) into `dir/file` at `hospital`.
fn play(
    cases: &Path,
    case_golden: &str,
    seed: u64,
    trainee: &str,
    hospital: &str,
    dir: &Path,
    file: &str,
) -> PathBuf {
    let (case, golden) = case_golden.split_once('/').unwrap();
    let log = dir.join(file);
    let seed = seed.to_string();
    let case_dir = cases.join(case);
    let o = bedside(&[
        "run",
        case_dir.to_str().unwrap(),
        "--script",
        golden,
        "--seed",
        &seed,
        "--trainee",
        trainee,
        "--hospital",
        hospital,
        "--log",
        log.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    log
}

fn run(args: &[String], env: &[(&str, &str)]) -> std::process::Output {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    bedside_env(&a, env)
}

/// The CSV's lines, header first, the rest sorted, with the given columns blanked.
fn rows(path: &Path, blank: &[usize]) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| {
            l.split("\",\"")
                .enumerate()
                .map(|(i, c)| if blank.contains(&i) { "" } else { c })
                .collect::<Vec<_>>()
                .join("\",\"")
        })
        .collect();
    lines[1..].sort();
    lines
}

#[test]
fn a_report_from_the_lrs_equals_the_report_from_the_same_logs_per_hospital() {
    let Some(env) = lrs_env() else { return };
    let dir = tempdir("lrs-report");
    let cases = case_copies(&dir);
    // Two hospitals no other run uses (the LRS outlives a test run), four sessions each.
    let (h1, h2) = (unique("north"), unique("south"));
    let mut logs = Vec::new();
    for (i, (case, golden)) in [
        ("mini", "expert"),
        ("mini", "novice"),
        ("icu-sepsis", "partial"),
        ("mini", "expert"),
    ]
    .iter()
    .enumerate()
    {
        for (h, site) in [("n", &h1), ("s", &h2)] {
            let seed = i as u64 + 1 + if h == "s" { 10 } else { 0 };
            let trainee = unique(&format!("{h}{i}"));
            logs.push(play(
                &cases,
                &format!("{}/{}", case, golden),
                seed,
                &trainee,
                site,
                &dir,
                &format!("{h}{i}.jsonl"),
            ));
        }
    }
    // One more session in the north, so that the two hospitals differ in counts too.
    let extra = unique("n4");
    logs.push(play(
        &cases,
        "icu-sepsis/expert",
        5,
        &extra,
        &h1,
        &dir,
        "n4.jsonl",
    ));

    let pw = [("BEDSIDE_LRS_PASSWORD", env.password.as_str())];
    let mut push = vec![
        "--cases".to_string(),
        cases.display().to_string(),
        "xapi".into(),
        "push".into(),
        "--endpoint".into(),
        env.endpoint.clone(),
        "--user".into(),
        env.user.clone(),
        "--password-env".into(),
        "BEDSIDE_LRS_PASSWORD".into(),
        "--outbox".into(),
        dir.join("outbox").display().to_string(),
    ];
    push.extend(logs.iter().map(|p| p.display().to_string()));
    let o = run(&push, &pw);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    for site in [&h1, &h2] {
        let file = |name: &str| dir.join(format!("{site}-{name}"));
        let mut by_file = vec![
            "--cases".to_string(),
            cases.display().to_string(),
            "report".into(),
            "--hospital".into(),
            site.clone(),
            "--hospitals-csv".into(),
            file("f-hosp.csv").display().to_string(),
            "--criteria-csv".into(),
            file("f-crit.csv").display().to_string(),
            "--csv".into(),
            file("f-sess.csv").display().to_string(),
        ];
        by_file.extend(logs.iter().map(|p| p.display().to_string()));
        let o = run(&by_file, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

        let by_lrs = vec![
            "report".to_string(),
            "--lrs".into(),
            env.endpoint.clone(),
            "--since".into(),
            "1970-01-01".into(),
            "--user".into(),
            env.user.clone(),
            "--password-env".into(),
            "BEDSIDE_LRS_PASSWORD".into(),
            "--hospital".into(),
            site.clone(),
            // Ralph's file backend holds every test's statements: small pages make the report
            // follow `more` many times.
            "--lrs-page-size".into(),
            "3".into(),
            "--hospitals-csv".into(),
            file("l-hosp.csv").display().to_string(),
            "--criteria-csv".into(),
            file("l-crit.csv").display().to_string(),
            "--csv".into(),
            file("l-sess.csv").display().to_string(),
            "--html".into(),
            file("l.html").display().to_string(),
        ];
        let o = run(&by_lrs, &pw);
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(0), "{all}");
        assert!(!all.contains(&env.password), "the password appeared: {all}");
        let n = if *site == h1 { 5 } else { 4 };
        assert!(
            stdout(&o).starts_with(&format!("{n} session(s) reported")),
            "{all}"
        );
        assert!(stdout(&o).contains("no vitals timelines"), "{all}");
        // The per-hospital figures are the file report's, byte for byte.
        assert_eq!(
            std::fs::read_to_string(file("l-hosp.csv")).unwrap(),
            std::fs::read_to_string(file("f-hosp.csv")).unwrap(),
            "{site}"
        );
        assert_eq!(
            rows(&file("l-crit.csv"), &[]),
            rows(&file("f-crit.csv"), &[])
        );
        // Sessions: all but the log's path and whether the case changed (unknown to the LRS).
        assert_eq!(
            rows(&file("l-sess.csv"), &[0, 12]),
            rows(&file("f-sess.csv"), &[0, 12])
        );
        let page = std::fs::read_to_string(file("l.html")).unwrap();
        assert!(page.contains("<h2>By hospital</h2>"));
        assert!(
            page.contains("no vital-sign course"),
            "the report must say it has no timelines"
        );
        assert!(!page.contains(&env.password));
    }

    // Without the filter, both hospitals are there, with the same rows as the file report's.
    let hosp = dir.join("all-l.csv");
    let o = run(
        &[
            "report".to_string(),
            "--lrs".into(),
            env.endpoint.clone(),
            "--since".into(),
            "1970-01-01".into(),
            "--user".into(),
            env.user.clone(),
            "--password-env".into(),
            "BEDSIDE_LRS_PASSWORD".into(),
            "--hospitals-csv".into(),
            hosp.display().to_string(),
        ],
        &pw,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let from_lrs = std::fs::read_to_string(&hosp).unwrap();
    let from_files: String = [&h1, &h2]
        .iter()
        .map(|s| std::fs::read_to_string(dir.join(format!("{s}-f-hosp.csv"))).unwrap())
        .collect();
    for line in from_files
        .lines()
        .filter(|l| !l.starts_with("\"hospital\""))
    {
        assert!(
            from_lrs.lines().any(|l| l == line),
            "{line} not in the LRS report:\n{from_lrs}"
        );
    }

    // Wrong credentials: said so, nothing written, the password never shown.
    let bad = dir.join("bad.csv");
    let o = run(
        &[
            "report".to_string(),
            "--lrs".into(),
            env.endpoint.clone(),
            "--since".into(),
            "2026-01-01".into(),
            "--user".into(),
            env.user.clone(),
            "--password-env".into(),
            "BEDSIDE_LRS_PASSWORD".into(),
            "--csv".into(),
            bad.display().to_string(),
        ],
        &[("BEDSIDE_LRS_PASSWORD", "not-the-password")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("refused the credentials"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("not-the-password"));
    assert!(!bad.exists());
}

/// Queues `log` in `outbox` and rewrites the batch as the Bedside before the `criteria`
/// extension queued it (no `criteria`, no `started`), less the extension `also`. Its file stem.
fn queue_as_before(outbox: &Path, cases: &Path, log: &Path, also: Option<&str>) -> String {
    let ob = bedside::xapi::Outbox::open(outbox).unwrap();
    let mut shelf = bedside::cohort::CaseShelf::open(cases);
    let id = bedside::xapi::Identity::default();
    bedside::xapi::queue_session(&ob, log, &id, &mut shelf).unwrap();
    let name = bedside::xapi::batch_name(&bedside::log::read(log).unwrap());
    let file = outbox.join(format!("{name}.json"));
    let mut entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let ext = entry["statements"][1]["result"]["extensions"]
        .as_object_mut()
        .unwrap();
    assert!(ext.remove("urn:bedside:xapi:criteria").is_some());
    assert!(ext.remove("urn:bedside:xapi:started").is_some());
    if let Some(k) = also {
        assert!(ext.remove(k).is_some());
    }
    std::fs::write(&file, serde_json::to_string(&entry).unwrap()).unwrap();
    name
}

#[test]
fn a_batch_queued_before_statements_carried_criteria_is_still_sent() {
    let Some(env) = lrs_env() else { return };
    let dir = tempdir("lrs-old-batch");
    let cases = case_copies(&dir);
    let site = unique("west");
    let log = play(
        &cases,
        "mini/novice",
        7,
        &unique("before"),
        &site,
        &dir,
        "a.jsonl",
    );
    let other = play(
        &cases,
        "mini/expert",
        8,
        &unique("edited"),
        &site,
        &dir,
        "b.jsonl",
    );
    let outbox = dir.join("outbox");
    queue_as_before(&outbox, &cases, &log, None);
    // Any other difference is still an edited batch, and is not sent.
    let edited = queue_as_before(&outbox, &cases, &other, Some("urn:bedside:xapi:percent"));
    let pw = [("BEDSIDE_LRS_PASSWORD", env.password.as_str())];
    let o = run(
        &[
            "--cases".to_string(),
            cases.display().to_string(),
            "xapi".into(),
            "push".into(),
            "--endpoint".into(),
            env.endpoint.clone(),
            "--user".into(),
            env.user.clone(),
            "--password-env".into(),
            "BEDSIDE_LRS_PASSWORD".into(),
            "--outbox".into(),
            outbox.display().to_string(),
        ],
        &pw,
    );
    let out = stdout(&o);
    assert!(out.contains(" in 1 batch(es)"), "{out}");
    assert!(
        out.contains(&format!("rejected batch {edited} (not sent)")),
        "{out}"
    );
    // The LRS holds the old form: a report from it counts the session, without its criteria.
    let csv = dir.join("c.csv");
    let o = run(
        &[
            "report".to_string(),
            "--lrs".into(),
            env.endpoint.clone(),
            "--since".into(),
            "1970-01-01".into(),
            "--user".into(),
            env.user.clone(),
            "--password-env".into(),
            "BEDSIDE_LRS_PASSWORD".into(),
            "--criteria-csv".into(),
            csv.display().to_string(),
            "--hospital".into(),
            site.clone(),
        ],
        &pw,
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.starts_with("1 session(s) reported (0 passed)"), "{out}");
    assert!(
        out.contains("1 sent without per-criterion outcomes (counted in totals only)"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 1);
}
