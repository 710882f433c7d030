//! `bedside report`: the cohort report in HTML (self-contained, escaped, in three languages)
//! and CSV.

use crate::support::assess as assess_support;

use assess_support::*;

const HOSTILE: [&str; 3] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://evil.example\")",
];

fn cohort(dir: &std::path::Path) -> Vec<String> {
    [
        log_of(&mini_dir(), "expert", 1, HOSTILE[0], dir, "a.jsonl"),
        log_of(&mini_dir(), "novice", 2, HOSTILE[1], dir, "b.jsonl"),
        log_of(&mini_dir(), "tenfold", 3, HOSTILE[2], dir, "c.jsonl"),
        log_of(
            &root().join("scenarios/icu-sepsis"),
            "partial",
            4,
            "Sato 佐藤",
            dir,
            "d.jsonl",
        ),
    ]
    .iter()
    .map(|p| p.display().to_string())
    .collect()
}

fn report(dir: &std::path::Path, lang: &str, logs: &[String]) -> (String, std::process::Output) {
    let html = dir.join(format!("report-{lang}.html"));
    let csv = dir.join("sessions.csv");
    let crit = dir.join("criteria.csv");
    let mut args = vec![
        "--lang".to_string(),
        lang.to_string(),
        "--cases".to_string(),
        root().join("scenarios").display().to_string(),
        "report".to_string(),
    ];
    args.extend(logs.iter().cloned());
    for (flag, p) in [
        ("--html", &html),
        ("--csv", &csv),
        ("--criteria-csv", &crit),
    ] {
        args.push(flag.into());
        args.push(p.display().to_string());
    }
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = bedside(&a);
    (std::fs::read_to_string(&html).unwrap_or_default(), o)
}

/// A cases folder holding the bundled cases and the mini test case.
fn cases_with_mini(dir: &std::path::Path) -> std::path::PathBuf {
    let cases = dir.join("cases");
    revised_case(&mini_dir(), &cases, |s| s);
    revised_case(&root().join("scenarios/icu-sepsis"), &cases, |s| s);
    cases
}

fn run(dir: &std::path::Path, lang: &str) -> (String, std::process::Output) {
    let logs = cohort(dir);
    let cases = cases_with_mini(dir);
    let html = dir.join(format!("report-{lang}.html"));
    let mut args = vec![
        "--lang".to_string(),
        lang.to_string(),
        "--cases".to_string(),
        cases.display().to_string(),
        "report".to_string(),
    ];
    args.extend(logs);
    args.extend([
        "--html".into(),
        html.display().to_string(),
        "--csv".into(),
        dir.join("sessions.csv").display().to_string(),
        "--criteria-csv".into(),
        dir.join("criteria.csv").display().to_string(),
    ]);
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = bedside(&a);
    (std::fs::read_to_string(&html).unwrap_or_default(), o)
}

#[test]
fn hostile_trainee_names_are_escaped_everywhere_in_the_html() {
    let dir = tempdir("report-hostile");
    let (html, o) = run(&dir, "en-US");
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(!html.contains("<script"), "a script tag got through");
    assert!(!html.contains("<img"), "an img tag got through");
    assert!(!html.contains("\"><img"), "an attribute got through");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("Sato 佐藤"));
}

#[test]
fn the_html_is_self_contained_and_printable() {
    let dir = tempdir("report-offline");
    let (html, _) = run(&dir, "en-US");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for banned in [
        "<link",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(",
        "@font-face",
    ] {
        assert!(
            !html.contains(banned),
            "the report must not load anything ({banned})"
        );
    }
    // The only absolute URL is the SVG namespace, which is a name, not a fetch.
    let urls = html.matches("http://").count() + html.matches("https://").count();
    let ns = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    let hostile = html.matches("http://evil.example").count();
    assert_eq!(urls, ns + hostile, "unexpected URL in the report");
    assert!(html.contains("@media print"));
    assert!(html.contains("Content-Security-Policy"));
    // A histogram and one timeline per session, each decision numbered.
    assert_eq!(html.matches("<svg").count(), 1 + 4);
    assert!(html.contains("<h2>Score distribution</h2>"));
    assert!(
        html.contains("<title>90–100%: 1</title>"),
        "the expert's 100%"
    );
    assert!(html.contains("class=\"marker\">1</text>"));
}

#[test]
fn the_report_reads_in_japanese_and_chinese_without_a_missing_text() {
    for (lang, title) in [
        ("ja-JP", "コホートレポート"),
        ("zh-CN", "队列报告"),
        ("en-US", "Cohort report"),
    ] {
        let dir = tempdir(&format!("report-{lang}"));
        let (html, o) = run(&dir, lang);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{lang}");
        assert!(!html.contains('⟨'), "{lang}: a message is missing");
    }
}

#[test]
fn the_csv_has_a_row_per_session_and_keeps_formulas_as_text() {
    let dir = tempdir("report-csv");
    let (_, o) = run(&dir, "en-US");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut r = csv::Reader::from_path(dir.join("sessions.csv")).unwrap();
    let head = r.headers().unwrap().clone();
    assert_eq!(&head[1], "trainee");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][1], HOSTILE[0]);
    assert_eq!(&rows[0][5], "100");
    assert_eq!(&rows[0][9], "true");
    assert_eq!(&rows[1][9], "false");
    assert_eq!(
        &rows[1][10], "ne",
        "bob never started norepinephrine (critical)"
    );
    assert_eq!(&rows[2][1], format!("'{}", HOSTILE[2]));
    assert_eq!(rows[3][13].len(), 64, "log hash");
    let crit = std::fs::read_to_string(dir.join("criteria.csv")).unwrap();
    assert!(crit.starts_with(
        "\"case_id\",\"criterion\",\"weight\",\"met\",\"missed\",\"harmful\",\"not_applicable\",\"pass_rate_percent\"\n"
    ));
    assert!(
        crit.contains("\n\"mini\",\"ne\",\"critical\",\"2\",\"1\",\"0\",\"0\",\"66.7\"\n"),
        "{crit}"
    );
}

#[test]
fn a_log_of_an_unknown_case_is_left_out_with_the_reason() {
    let dir = tempdir("report-unknown");
    let logs = cohort(&dir);
    let (_, o) = report(&dir, "en-US", &logs);
    // --cases is the bundled folder, which has no 'mini' case.
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no case 'mini' under"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).starts_with("1 session(s) reported"),
        "{}",
        stdout(&o)
    );
}
