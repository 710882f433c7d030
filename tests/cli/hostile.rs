//! Issue 22, tried as a hostile user would: output encoding (CSV formulas after separators,
//! bidi and control characters), xAPI ids, secrets and plain HTTP, the outbox, hostile case
//! folders (symlink cycles, FIFOs, endless files), Fluent cycles, huge numbers and ids, and a
//! report that would overwrite a decision log. Each test failed before its fix.

use crate::support::assess as assess_support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use assess_support::*;

/// Runs `f` on a thread and fails the test if it takes longer than `secs` (a hang).
fn within<T: Send + 'static>(secs: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("{what} did not finish within {secs} s"))
}

/// A valid copy of the mini case in `dir/mini` (with the drug library and shared locales).
fn mini_copy(dir: &Path) -> PathBuf {
    revised_case(&mini_dir(), dir, |s| s)
}

fn load_errors(case: &Path) -> Vec<String> {
    match bedside::scenario::load_case(case) {
        Ok(_) => Vec::new(),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

// --- 1. CSV and HTML output -------------------------------------------------------------

const NASTY: &str = "x;=cmd|' /C calc'!A0,=2+3\t-1 \u{202E}gpj.exe\u{0}end";

#[test]
fn csv_cells_are_quoted_formulas_after_separators_neutralised_and_bidi_shown_visibly() {
    // The cell function on its own.
    let c = bedside::cohort::csv::cell("x;=cmd");
    assert!(!c.contains(";="), "{c}");
    let c = bedside::cohort::csv::cell("a,=b");
    assert!(!c.contains(",="), "{c}");

    let dir = tempdir("hostile-csv");
    let cases = dir.join("cases");
    mini_copy(&cases);
    let log = log_of(&mini_dir(), "expert", 1, NASTY, &dir, "a.jsonl");
    let (csv, html) = (dir.join("s.csv"), dir.join("r.html"));
    let o = bedside(&[
        "--cases",
        cases.to_str().unwrap(),
        "report",
        log.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    let html = std::fs::read_to_string(&html).unwrap();
    for (name, t) in [("CSV", &text), ("HTML", &html)] {
        assert!(!t.contains('\0'), "{name}: a NUL was written");
        assert!(
            !t.contains('\u{202E}'),
            "{name}: a bidi override was written"
        );
        assert!(t.contains("\\u{202E}"), "{name}: the override is not shown");
        assert!(t.contains("\\u{0}"), "{name}: the NUL is not shown");
    }
    // Every cell quoted, so that a `;`-splitting import keeps `x;…` in one cell.
    for line in text.lines() {
        assert!(line.starts_with('"') && line.ends_with('"'), "{line}");
        assert!(
            !line.contains('\t'),
            "a raw tab would split the cell: {line}"
        );
        for sep in [";", ",", "|"] {
            for f in ["=", "+", "-", "@"] {
                assert!(
                    !line.contains(&format!("{sep}{f}")),
                    "{sep}{f} would start a formula: {line}"
                );
            }
        }
    }
    assert!(text.contains("x;'=cmd"), "{text}");
}

// --- 2. xAPI ids -------------------------------------------------------------------------

fn is_uuid_v5(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && s.chars()
            .enumerate()
            .all(|(i, c)| [8, 13, 18, 23].contains(&i) || matches!(c, '0'..='9' | 'a'..='f'))
        && b[14] == b'5'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

#[test]
fn statement_ids_and_registrations_are_name_based_uuid_v5() {
    let a = bedside::xapi::statement_id("abc", 3);
    assert!(is_uuid_v5(&a), "{a}");
    assert_eq!(a, bedside::xapi::statement_id("abc", 3));
    assert_ne!(a, bedside::xapi::statement_id("abc", 4));
    let dir = tempdir("hostile-uuid");
    let log = log_of(&mini_dir(), "expert", 1, "alice", &dir, "a.jsonl");
    let o = bedside(&[
        "--cases",
        "tests/fixtures",
        "xapi",
        "export",
        log.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let all: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(all.len() > 2);
    for s in &all {
        let id = s["id"].as_str().unwrap();
        let reg = s["context"]["registration"].as_str().unwrap();
        assert!(is_uuid_v5(id), "statement id {id}");
        assert!(is_uuid_v5(reg), "registration {reg}");
    }
}

// --- 3. Secrets and plain HTTP ----------------------------------------------------------

#[test]
fn a_password_pasted_as_the_variable_name_is_not_echoed() {
    let dir = tempdir("hostile-pwname");
    let secret = "S3cr3t-Pa55word-4711";
    let o = bedside(&[
        "xapi",
        "push",
        "--endpoint",
        "http://127.0.0.1:1/xAPI/",
        "--user",
        "u",
        "--password-env",
        secret,
        "--outbox",
        dir.join("outbox").to_str().unwrap(),
    ]);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert_ne!(o.status.code(), Some(0));
    assert!(!all.contains(secret), "the secret was echoed: {all}");
    assert!(all.contains("--password-env"), "{all}");
}

/// A fake LRS on 127.0.0.1 that answers every request with `status` and the request itself
/// (headers included) as its body, as some misconfigured servers and proxies do. Counts the
/// requests.
fn echo_lrs(status: u16) -> (String, Arc<AtomicUsize>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&count);
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            c.fetch_add(1, Ordering::SeqCst);
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let mut req = Vec::new();
            let mut buf = [0u8; 65536];
            // Headers, then the body by its Content-Length.
            while let Ok(n) = s.read(&mut buf) {
                if n == 0 {
                    break;
                }
                req.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&req).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let len = text[..end]
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if req.len() >= end + 4 + len {
                        break;
                    }
                }
            }
            let head = String::from_utf8_lossy(&req).to_string();
            let head = head.split("\r\n\r\n").next().unwrap_or("").to_string();
            let body = format!("{{\"error\":\"bad request\",\"request\":{head:?}}}");
            let _ = write!(
                s,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (format!("http://127.0.0.1:{port}/xAPI/"), count)
}

fn b64(s: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s.as_bytes())
}

#[test]
fn an_lrs_that_echoes_the_request_headers_does_not_get_the_credentials_printed_or_saved() {
    let (user, password) = ("assessor", "Very-Secret-Pa55");
    for status in [400u16, 500] {
        let dir = tempdir(&format!("hostile-echo-{status}"));
        let (endpoint, _) = echo_lrs(status);
        let log = log_of(&mini_dir(), "expert", 1, "alice", &dir, "a.jsonl");
        let outbox = dir.join("outbox");
        let o = bedside_env(
            &[
                "--cases",
                "tests/fixtures",
                "xapi",
                "push",
                "--endpoint",
                &endpoint,
                "--user",
                user,
                "--password-env",
                "BEDSIDE_HOSTILE_PW",
                "--outbox",
                outbox.to_str().unwrap(),
                log.to_str().unwrap(),
            ],
            &[("BEDSIDE_HOSTILE_PW", password)],
        );
        let mut all = format!("{}{}", stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "{all}");
        assert!(all.contains("request"), "the LRS's answer is shown: {all}");
        if let Ok(rd) = std::fs::read_dir(outbox.join("rejected")) {
            for e in rd.flatten() {
                all += &std::fs::read_to_string(e.path()).unwrap_or_default();
            }
        }
        for leak in [
            password.to_string(),
            b64(&format!("{user}:{password}")),
            b64(password),
        ] {
            assert!(!all.contains(&leak), "HTTP {status}: {leak} leaked: {all}");
        }
        assert!(all.contains("<redacted>"), "{all}");
    }
}

#[test]
fn plain_http_to_another_host_is_refused_without_allow_http() {
    let dir = tempdir("hostile-http");
    let run = |endpoint: &str, extra: &[&str]| {
        let mut args = vec![
            "xapi",
            "push",
            "--endpoint",
            endpoint,
            "--user",
            "u",
            "--password-env",
            "BEDSIDE_HOSTILE_PW",
        ];
        let ob = dir.join("outbox");
        let ob = ob.to_str().unwrap().to_string();
        args.extend(["--outbox", &ob]);
        args.extend(extra);
        bedside_env(&args, &[("BEDSIDE_HOSTILE_PW", "pw")])
    };
    let o = run("http://lrs.invalid/xAPI/", &[]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("--allow-http"), "{}", stderr(&o));
    // Allowed explicitly: it tries (and cannot reach the host).
    let o = run("http://lrs.invalid/xAPI/", &["--allow-http"]);
    assert!(!stderr(&o).contains("--allow-http"), "{}", stderr(&o));
    // Loopback stays allowed without a word.
    for local in [
        "http://127.0.0.1:1/xAPI/",
        "http://localhost:1/xAPI/",
        "http://[::1]:1/xAPI/",
    ] {
        let o = run(local, &[]);
        assert_eq!(o.status.code(), Some(0), "{local}: {}", stderr(&o));
        assert!(!stderr(&o).contains("http"), "{local}: {}", stderr(&o));
    }
}

// --- 4. The outbox -----------------------------------------------------------------------

#[test]
fn a_second_log_with_the_same_header_does_not_replace_a_queued_one() {
    let dir = tempdir("hostile-outbox-same");
    // Same case, seed, trainee and start time: the same header fields, different logs.
    let a = log_of(&mini_dir(), "expert", 1, "alice", &dir, "a.jsonl");
    let b = log_of(&mini_dir(), "novice", 1, "alice", &dir, "b.jsonl");
    let ob = bedside::xapi::Outbox::open(&dir.join("outbox")).unwrap();
    let id = bedside::xapi::Identity::default();
    let mut shelf = bedside::cohort::CaseShelf::open(&mini_dir());
    bedside::xapi::queue_session(&ob, &a, &id, &mut shelf).unwrap();
    bedside::xapi::queue_session(&ob, &b, &id, &mut shelf).unwrap();
    assert_eq!(
        ob.pending().unwrap().len(),
        2,
        "one batch replaced the other"
    );
    // Queuing the same log again changes nothing.
    bedside::xapi::queue_session(&ob, &a, &id, &mut shelf).unwrap();
    assert_eq!(ob.pending().unwrap().len(), 2);
}

#[test]
fn a_hand_edited_outbox_file_is_refused_kept_and_not_sent() {
    let dir = tempdir("hostile-outbox-edit");
    let log = log_of(&mini_dir(), "novice", 2, "bob", &dir, "a.jsonl");
    let ob = bedside::xapi::Outbox::open(&dir.join("outbox")).unwrap();
    let mut shelf = bedside::cohort::CaseShelf::open(&mini_dir());
    let id = bedside::xapi::Identity::default();
    bedside::xapi::queue_session(&ob, &log, &id, &mut shelf).unwrap();
    let pending = ob.pending().unwrap();
    assert_eq!(pending.len(), 1);
    let text = std::fs::read_to_string(&pending[0]).unwrap();
    let forged = text.replace("verbs/failed", "verbs/passed");
    assert_ne!(text, forged);
    std::fs::write(&pending[0], forged).unwrap();
    let (endpoint, requests) = echo_lrs(200);
    let lrs = bedside::xapi::Lrs::new(&endpoint, "u", "p").unwrap();
    let f = ob.flush(&lrs, &mut shelf);
    assert_eq!(
        requests.load(Ordering::SeqCst),
        0,
        "the forged batch was sent"
    );
    assert!(f.sent.is_empty());
    assert_eq!(f.rejected.len(), 1, "{f:?}");
    assert!(f.rejected[0].2.contains("edited"), "{f:?}");
    let stem = &f.rejected[0].0;
    assert!(dir.join(format!("outbox/rejected/{stem}.json")).exists());
    assert!(ob.pending().unwrap().is_empty());
}

// --- 5. Reading folders ------------------------------------------------------------------

#[test]
fn symlink_cycles_in_the_cases_folder_terminate() {
    let dir = tempdir("hostile-symlinks");
    let cases = dir.join("cases");
    mini_copy(&cases);
    std::os::unix::fs::symlink(".", cases.join("a")).unwrap();
    std::os::unix::fs::symlink(".", cases.join("b")).unwrap();
    std::os::unix::fs::symlink("..", cases.join("mini/up")).unwrap();
    let found = within(20, "find_cases", move || {
        bedside::scenario::load::find_cases(&cases)
    });
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_fifo_named_ftl_does_not_hang_validation() {
    let dir = tempdir("hostile-fifo");
    let case = mini_copy(&dir);
    let ftl = case.join("locales/en-US.ftl");
    std::fs::remove_file(&ftl).unwrap();
    let c = std::ffi::CString::new(ftl.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let errors = within(20, "load_case", move || load_errors(&case));
    let all = errors.join("\n");
    assert!(all.contains("en-US.ftl"), "{all}");
    assert!(all.contains("not a regular file"), "{all}");
}

#[test]
fn dev_zero_as_the_drug_library_fails_at_once_naming_the_file_and_the_cap() {
    let dir = tempdir("hostile-devzero");
    let case = mini_copy(&dir);
    let ron = std::fs::read_to_string(case.join("scenario.ron")).unwrap();
    let ron: String = ron
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("drug_library:") {
                "    drug_library: \"/dev/zero\",".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(case.join("scenario.ron"), ron).unwrap();
    let errors = within(20, "load_case", move || load_errors(&case));
    let all = errors.join("\n");
    assert!(all.contains("/dev/zero"), "{all}");
    assert!(
        all.contains("not a regular file") || all.contains("MiB"),
        "{all}"
    );

    // A regular file above the cap is refused with the cap named.
    let dir = tempdir("hostile-bigfile");
    let case = mini_copy(&dir);
    let big = case.join("locales/en-US.ftl");
    let f = std::fs::File::create(&big).unwrap();
    // Above the 16 MiB cap (`bedside::scenario::load::MAX_FILE_BYTES`).
    f.set_len((16 << 20) + 1).unwrap();
    let all = load_errors(&case).join("\n");
    assert!(all.contains("en-US.ftl"), "{all}");
    assert!(all.contains("MiB"), "{all}");
}

// --- 6. Fluent cycles, huge numbers, bounded errors --------------------------------------

#[test]
fn fluent_reference_cycles_are_errors_with_file_line_and_column() {
    let dir = tempdir("hostile-ftl-cycle");
    let case = mini_copy(&dir);
    let ftl = case.join("locales/en-US.ftl");
    let mut text = std::fs::read_to_string(&ftl).unwrap();
    let line = text.lines().count() + 1;
    text += "loop-a = A { loop-b }\nloop-b = B { loop-a }\nloop-c = { -self }\n-self = { -self }\n";
    std::fs::write(&ftl, text).unwrap();
    let errors = load_errors(&case);
    let all = errors.join("\n");
    assert!(
        errors
            .iter()
            .any(|e| e.contains(&format!("en-US.ftl:{line}:"))
                && e.contains("loop-a")
                && e.contains("loop-b")),
        "{all}"
    );
    assert!(all.contains("-self"), "{all}");
    // A message that refers to an attribute of itself is fine.
    let dir = tempdir("hostile-ftl-attr");
    let case = mini_copy(&dir);
    let ftl = case.join("locales/en-US.ftl");
    let text =
        std::fs::read_to_string(&ftl).unwrap() + "self-ref = { self-ref.title }\n    .title = T\n";
    std::fs::write(&ftl, text).unwrap();
    assert!(load_errors(&case).is_empty(), "{:?}", load_errors(&case));
}

#[test]
fn a_number_too_large_for_a_double_in_a_condition_is_an_error_at_its_position() {
    let dir = tempdir("hostile-bignum");
    let huge = format!("1{}", "0".repeat(400));
    let case = revised_case(&mini_dir(), &dir, |s| s);
    let ron = std::fs::read_to_string(case.join("scenario.ron")).unwrap();
    let ron = ron.replacen("map < 50 and", &format!("map < {huge} and"), 1);
    std::fs::write(case.join("scenario.ron"), &ron).unwrap();
    let errors = load_errors(&case);
    let line = ron
        .lines()
        .position(|l| l.contains(&huge))
        .map(|i| i + 1)
        .unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e.contains(&format!("scenario.ron:{line}:")) && e.contains("too large")),
        "{errors:?}"
    );
}

#[test]
fn a_huge_message_id_gives_bounded_error_output() {
    let dir = tempdir("hostile-longid");
    let case = revised_case(&mini_dir(), &dir, |s| s);
    let ron = std::fs::read_to_string(case.join("scenario.ron")).unwrap();
    let id = "x".repeat(200_000);
    let ron = ron.replacen("\"mini-title\"", &format!("\"{id}\""), 1);
    std::fs::write(case.join("scenario.ron"), &ron).unwrap();
    let errors = load_errors(&case);
    assert!(!errors.is_empty());
    let total: usize = errors.iter().map(String::len).sum();
    assert!(
        total < 4_000 * errors.len(),
        "{} problem(s) took {total} bytes",
        errors.len()
    );
    assert!(errors.iter().all(|e| e.contains('…')), "{errors:?}");
}

// --- 7. The report never overwrites a log ----------------------------------------------

#[test]
fn report_refuses_to_overwrite_an_input_or_a_decision_log() {
    let dir = tempdir("hostile-overwrite");
    let cases = dir.join("cases");
    mini_copy(&cases);
    let a = log_of(&mini_dir(), "expert", 1, "alice", &dir, "a.jsonl");
    let victim = log_of(&mini_dir(), "novice", 2, "bob", &dir, "victim.jsonl");
    let before = std::fs::read(&victim).unwrap();
    let a_before = std::fs::read(&a).unwrap();
    for (flag, out) in [
        ("--csv", &victim),
        ("--html", &victim),
        ("--criteria-csv", &victim),
        ("--csv", &a),
        ("--html", &a),
    ] {
        let o = bedside(&[
            "--cases",
            cases.to_str().unwrap(),
            "report",
            a.to_str().unwrap(),
            flag,
            out.to_str().unwrap(),
        ]);
        assert_ne!(o.status.code(), Some(0), "{flag} {}", out.display());
        assert!(
            stderr(&o).contains("decision log") || stderr(&o).contains("input"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read(&victim).unwrap(),
            before,
            "the victim was overwritten"
        );
        assert_eq!(
            std::fs::read(&a).unwrap(),
            a_before,
            "the input was overwritten"
        );
    }
    // An ordinary output file is written.
    let o = bedside(&[
        "--cases",
        cases.to_str().unwrap(),
        "report",
        a.to_str().unwrap(),
        "--csv",
        dir.join("ok.csv").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
