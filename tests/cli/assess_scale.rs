//! The assessor commands over a cohort on every core (issue 26): the same bytes whatever the
//! thread count, folders as inputs, the report as a summary and a folder of pages, and
//! `xapi export --jsonl`.

use std::path::{Path, PathBuf};

use crate::support::assess::*;
use crate::support::*;

/// Three golden paths of every bundled case, in one folder per case, plus a log
/// whose score line was forged (left out) and a trainee whose name is markup.
fn cohort(dir: &Path) -> PathBuf {
    let logs = dir.join("logs");
    for c in bedside::scenario::find_cases(&root().join("scenarios")) {
        let l = load(&c);
        let sub = logs.join(&l.case.scenario.id);
        std::fs::create_dir_all(&sub).unwrap();
        // Three paths of each case: enough for every kind of line, few enough for a test.
        for (k, g) in l.case.scenario.golden_paths.iter().take(3).enumerate() {
            let seed = 3 + k as u64 % 2;
            let trainee = if seed == 3 {
                "<script>alert(1)</script>"
            } else {
                "trainee"
            };
            log_of(
                &c,
                &g.id,
                seed,
                trainee,
                &sub,
                &format!("{}-{seed}.jsonl", g.id),
            );
        }
    }
    let forged = log_of(
        &root().join("scenarios/icu-sepsis"),
        "novice",
        9,
        "forger",
        &logs.join("icu-sepsis"),
        "zz-forged.jsonl",
    );
    forge_pass(&forged);
    // Two sessions at named hospitals, for the per-hospital breakdown.
    let icu = root().join("scenarios/icu-sepsis");
    let l = load(&icu);
    for (k, site) in ["tokyo-1", "osaka-2"].iter().enumerate() {
        let g = &l.case.scenario.golden_paths[k];
        bedside::session::play_at(
            std::sync::Arc::clone(&l.case),
            &g.script(),
            &info(20 + k as u64),
            Some(site),
            Some(&logs.join("icu-sepsis").join(format!("site-{site}.jsonl"))),
            bedside::log::Syncing::Inline,
        )
        .unwrap();
    }
    logs
}

/// Every file under `dir`, by path relative to it, with its bytes (the summary page without
/// the line that carries the time it was made).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let mut bytes = std::fs::read(&p).unwrap();
                if p.extension().is_some_and(|x| x == "html") {
                    let text = String::from_utf8(bytes).unwrap();
                    bytes = text
                        .lines()
                        .filter(|l| !l.starts_with("<p class=\"meta\">Generated"))
                        .collect::<Vec<_>>()
                        .join("\n")
                        .into_bytes();
                }
                out.push((p.strip_prefix(dir).unwrap().display().to_string(), bytes));
            }
        }
    }
    out.sort();
    out
}

/// Everything the cohort commands print and write, with `threads` threads.
fn outputs(logs: &Path, out: &Path, threads: &str) -> Vec<(String, Vec<u8>)> {
    std::fs::create_dir_all(out).unwrap();
    let cases = root().join("scenarios");
    let (cases, logs_s) = (cases.to_str().unwrap(), logs.to_str().unwrap());
    let icu = logs.join("icu-sepsis");
    let icu_case = root().join("scenarios/icu-sepsis");
    let html = out.join("cohort.html");
    let csv = out.join("cohort.csv");
    let crit = out.join("criteria.csv");
    let sites = out.join("hospitals.csv");
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("score", vec!["--cases", cases, "score", logs_s]),
        (
            "score-json",
            vec!["--cases", cases, "score", "--json", logs_s],
        ),
        (
            "rescore",
            vec![
                "rescore",
                "--case",
                icu_case.to_str().unwrap(),
                icu.to_str().unwrap(),
            ],
        ),
        (
            "rescore-json",
            vec![
                "rescore",
                "--json",
                "--case",
                icu_case.to_str().unwrap(),
                icu.to_str().unwrap(),
            ],
        ),
        (
            "report",
            vec![
                "--cases",
                cases,
                "report",
                "--pages",
                logs_s,
                "--html",
                html.to_str().unwrap(),
                "--csv",
                csv.to_str().unwrap(),
                "--criteria-csv",
                crit.to_str().unwrap(),
                "--hospitals-csv",
                sites.to_str().unwrap(),
            ],
        ),
        ("xapi", vec!["--cases", cases, "xapi", "export", logs_s]),
        (
            "xapi-jsonl",
            vec!["--cases", cases, "xapi", "export", "--jsonl", logs_s],
        ),
    ];
    let mut got = Vec::new();
    for (name, args) in runs {
        let o = bedside_env(&args, &[("RAYON_NUM_THREADS", threads)]);
        // The forged log is refused: every command exits 1 for it (rescore too: against the
        // session's own case an altered score line is not a "before").
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        // The report names its output files, which are in another folder per run.
        let shown = stdout(&o).replace(out.to_str().unwrap(), "OUT");
        got.push((format!("{name}.stdout"), shown.into_bytes()));
        // rescore's stderr ends with the time it took.
        let err = stderr(&o)
            .lines()
            .filter(|l| !l.contains(" re-scored, "))
            .collect::<Vec<_>>()
            .join("\n");
        got.push((format!("{name}.stderr"), err.into_bytes()));
    }
    got.extend(files(out));
    got
}

#[test]
fn cohort_commands_give_the_same_bytes_on_one_thread_and_on_two() {
    let dir = tempdir("scale-threads");
    let logs = cohort(&dir);
    let one = outputs(&logs, &dir.join("one"), "1");
    let two = outputs(&logs, &dir.join("two"), "2");
    assert_eq!(
        one.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        two.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for ((name, a), (_, b)) in one.iter().zip(&two) {
        assert!(a == b, "{name} differs between 1 and 2 threads");
    }

    // What the outputs hold.
    let get =
        |n: &str| String::from_utf8(one.iter().find(|(k, _)| k == n).unwrap().1.clone()).unwrap();
    let n_logs: usize = std::fs::read_dir(&logs)
        .unwrap()
        .map(|d| std::fs::read_dir(d.unwrap().path()).unwrap().count())
        .sum();
    // JSON Lines: one statement per line, the same statements as the array, in its order.
    let array: Vec<serde_json::Value> = serde_json::from_str(&get("xapi.stdout")).unwrap();
    let lines: Vec<serde_json::Value> = get("xapi-jsonl.stdout")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(array.len() > n_logs * 3, "{} statements", array.len());
    assert_eq!(array, lines);
    assert!(get("xapi.stderr").contains("zz-forged.jsonl"));
    // rescore --json parses, with every log of the case but the forged one, which is refused.
    let r: serde_json::Value = serde_json::from_str(&get("rescore-json.stdout")).unwrap();
    let refused = r["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].as_str().unwrap().contains("zz-forged.jsonl"),
        "{refused:?}"
    );
    assert_eq!(
        r["rescored"].as_array().unwrap().len(),
        std::fs::read_dir(logs.join("icu-sepsis")).unwrap().count() - 1
    );
    assert!(get("rescore.stdout").contains("zz-forged.jsonl"));
    let scored: serde_json::Value = serde_json::from_str(&get("score-json.stdout")).unwrap();
    assert_eq!(scored.as_array().unwrap().len(), n_logs - 1);

    // The report: a summary linking its pages, one page per session, the forged log left out.
    let summary = get("cohort.html");
    assert!(summary.contains("href=\"cohort-sessions/list-0001.html\""));
    assert!(summary.contains("href=\"cohort-sessions/left-out.html\""));
    assert!(summary.contains("zz-forged.jsonl"));
    assert!(!summary.contains("<script>alert"));
    let pages: Vec<&String> = one
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("cohort-sessions/s"))
        .collect();
    assert_eq!(pages.len(), n_logs - 1);
    let list = get("cohort-sessions/list-0001.html");
    for p in &pages {
        let name = p.trim_start_matches("cohort-sessions/");
        assert!(
            list.contains(&format!("href=\"{name}\"")),
            "{name} not linked"
        );
        let page = get(p);
        assert!(page.contains("href=\"../cohort.html\""));
        assert!(page.contains("<svg"), "{name} has no timeline");
        assert!(!page.contains("<script>alert"), "{name} is not escaped");
    }
    assert!(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let csv = get("cohort.csv");
    assert_eq!(
        csv.lines().count(),
        n_logs,
        "a header and a row per session"
    );
    assert!(summary.contains("tokyo-1") && summary.contains("osaka-2"));

    // The single file (no --pages) counts the same: its CSVs are the paged report's.
    let single = dir.join("single");
    std::fs::create_dir_all(&single).unwrap();
    let cases = root().join("scenarios");
    let mut args = vec![
        "--cases",
        cases.to_str().unwrap(),
        "report",
        logs.to_str().unwrap(),
    ];
    let paths: Vec<String> = ["cohort.html", "cohort.csv", "criteria.csv", "hospitals.csv"]
        .iter()
        .map(|f| single.join(f).display().to_string())
        .collect();
    for (flag, p) in ["--html", "--csv", "--criteria-csv", "--hospitals-csv"]
        .iter()
        .zip(&paths)
    {
        args.extend([*flag, p.as_str()]);
    }
    let o = bedside(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        !single.join("cohort-sessions").exists(),
        "{n_logs} logs: one file"
    );
    for f in ["cohort.csv", "criteria.csv", "hospitals.csv"] {
        assert_eq!(
            std::fs::read_to_string(single.join(f)).unwrap(),
            get(f),
            "{f}: the single file's and the paged report's differ"
        );
    }
}

#[test]
fn a_small_cohort_still_gets_one_self_contained_file() {
    let dir = tempdir("scale-small");
    let log = log_of(&mini_dir(), "expert", 1, "a", &dir, "a.jsonl");
    let html = dir.join("r.html");
    let cases = dir.join("cases");
    revised_case(&mini_dir(), &cases, |s| s);
    let o = bedside(&[
        "--cases",
        cases.to_str().unwrap(),
        "report",
        log.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!dir.join("r-sessions").exists());
    assert!(std::fs::read_to_string(&html).unwrap().contains("<svg"));
}
