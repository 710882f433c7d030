//! xAPI: statements every session makes (validated with Learning Locker's validator), and
//! delivery to a real LRS (Ralph) — read back, wrong credentials, rejections, and an LRS that
//! is down then up again.
//!
//! The LRS and the validator come from `.ci/lrs run cargo test …`, which sets
//! BEDSIDE_TEST_LRS_ENDPOINT/USER/PASSWORD, BEDSIDE_TEST_RALPH_VENV and
//! BEDSIDE_TEST_XAPI_VALIDATOR. Without them these tests fail when CI=true and are skipped
//! (with a note) otherwise.

use crate::support::assess as assess_support;
use crate::support::lrs as lrs_env;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assess_support::*;
use lrs_env::*;
use serde_json::Value;

/// Three sessions played from the case copies in `dir/cases` (see [`case_copies`]), which
/// `--cases` then names.
fn cohort(dir: &Path, tag: &str) -> Vec<PathBuf> {
    let cases = case_copies(dir);
    vec![
        log_of(
            &cases.join("mini"),
            "expert",
            1,
            &unique(&format!("alice-{tag}")),
            dir,
            "a.jsonl",
        ),
        log_of(
            &cases.join("mini"),
            "novice",
            2,
            &unique(&format!("<script>alert(1)</script>-{tag}")),
            dir,
            "b.jsonl",
        ),
        log_of(
            &cases.join("icu-sepsis"),
            "partial",
            3,
            &unique(&format!("佐藤-{tag}")),
            dir,
            "c.jsonl",
        ),
    ]
}

/// `bedside xapi export` of `logs`, against the cases beside them (`dir/cases`); it must succeed.
fn export(logs: &[PathBuf]) -> Vec<Value> {
    let o = export_output(logs);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The folder of cases the logs were played from (their folder's `cases`).
fn cases_of(logs: &[PathBuf]) -> PathBuf {
    logs[0].parent().unwrap().join("cases")
}

fn export_output(logs: &[PathBuf]) -> std::process::Output {
    let mut args = vec![
        "--cases".to_string(),
        cases_of(logs).display().to_string(),
        "xapi".to_string(),
        "export".into(),
        "--home-page".into(),
        "https://lms.example.org".into(),
    ];
    args.extend(logs.iter().map(|p| p.display().to_string()));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    bedside(&a)
}

fn push(
    env: &LrsEnv,
    endpoint: &str,
    password: &str,
    outbox: &Path,
    logs: &[PathBuf],
) -> std::process::Output {
    let cases = outbox.parent().unwrap().join("cases");
    let mut args = vec![
        "--cases".to_string(),
        cases.display().to_string(),
        "xapi".to_string(),
        "push".into(),
        "--endpoint".into(),
        endpoint.into(),
        "--user".into(),
        env.user.clone(),
        "--password-env".into(),
        "BEDSIDE_LRS_PASSWORD".into(),
        "--home-page".into(),
        "https://lms.example.org".into(),
        "--outbox".into(),
        outbox.display().to_string(),
    ];
    args.extend(logs.iter().map(|p| p.display().to_string()));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = bedside_env(&a, &[("BEDSIDE_LRS_PASSWORD", password)]);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        !all.contains(password),
        "the password appeared in the output: {all}"
    );
    o
}

fn queued(outbox: &Path) -> usize {
    std::fs::read_dir(outbox)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .count()
        })
        .unwrap_or(0)
}

/// GET /statements?registration=… from the LRS, every page.
fn read_back(env: &LrsEnv, endpoint: &str, registration: &str) -> Vec<Value> {
    let lrs = bedside::xapi::Lrs::new(endpoint, &env.user, &env.password).unwrap();
    let r = lrs
        .get(&[("registration", registration), ("limit", "500")])
        .unwrap();
    r["statements"].as_array().unwrap().clone()
}

fn validator_script(dir: &Path) -> Option<PathBuf> {
    let modules = required("BEDSIDE_TEST_XAPI_VALIDATOR")?;
    let script = dir.join("validate.js");
    std::fs::write(
        &script,
        format!(
            r#"const v = require({modules:?} + '/@learninglocker/xapi-validation');
const validate = v.default || v;
const statements = JSON.parse(require('fs').readFileSync(0, 'utf8'));
let bad = 0;
for (const s of statements) {{
  // Version 3 returns its warnings (an empty list when the statement is valid); older
  // versions threw them.
  let warnings;
  try {{ warnings = validate(s) || []; }} catch (e) {{ warnings = e.warnings || [e.message]; }}
  if (warnings.length) {{
    bad++;
    console.log(s.id + ': ' + warnings.map(w => (w.path || []).join('.') + ' ' + (w.name || w) + (w.typeName ? ' (' + w.typeName + ')' : '')).join('; '));
  }}
}}
console.log(statements.length + ' statement(s), ' + bad + ' invalid');
process.exit(bad ? 1 : 0);
"#
        ),
    )
    .unwrap();
    Some(script)
}

fn validate(script: &Path, statements: &[Value]) {
    let (ok, out) = run_validator(script, statements);
    assert!(ok, "invalid xAPI statements:\n{out}");
}

fn run_validator(script: &Path, statements: &[Value]) -> (bool, String) {
    use std::io::Write;
    let mut child = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node is needed to validate statements");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&serde_json::to_vec(statements).unwrap())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn every_statement_is_valid_xapi_and_ids_do_not_change_between_exports() {
    let dir = tempdir("xapi-valid");
    let logs = cohort(&dir, "valid");
    let a = export(&logs);
    assert_eq!(
        a,
        export(&logs),
        "the same logs must give the same statements"
    );
    // Two per session, one per decision.
    let sessions = a
        .iter()
        .filter(|s| s["verb"]["display"]["en-US"] == "completed")
        .count();
    assert_eq!(sessions, 3);
    let first = &a[1];
    assert_eq!(first["verb"]["id"], "http://adlnet.gov/expapi/verbs/passed");
    assert_eq!(
        first["actor"]["account"]["homePage"],
        "https://lms.example.org"
    );
    assert_eq!(
        first["result"]["score"]["raw"],
        first["result"]["score"]["max"]
    );
    assert_eq!(first["result"]["score"]["scaled"], 1.0);
    assert_eq!(first["object"]["id"], "urn:bedside:case:mini");
    assert_eq!(
        first["context"]["contextActivities"]["grouping"][0]["id"],
        "urn:bedside:case:mini:version:1.0.0"
    );
    let hash = bedside::log::read(&logs[0]).unwrap().last_hash;
    assert_eq!(
        first["result"]["extensions"]["urn:bedside:xapi:log-sha256"],
        hash
    );
    assert_eq!(a[0]["id"], bedside::xapi::statement_id(&hash, 0));
    let decision = &a[2];
    assert_eq!(
        decision["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/interacted"
    );
    assert_eq!(
        decision["result"]["extensions"]["urn:bedside:xapi:simulated-seconds"],
        60
    );
    let bob = a
        .iter()
        .enumerate()
        .filter(|(_, s)| s["verb"]["display"]["en-US"] == "completed")
        .nth(1)
        .unwrap()
        .0;
    assert_eq!(
        a[bob + 1]["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/failed",
        "bob failed"
    );
    assert_eq!(a[bob + 1]["result"]["success"], false);
    if let Some(script) = validator_script(&dir) {
        validate(&script, &a);
        // Negative control: the validator does catch a statement without an actor.
        let mut broken = a[0].clone();
        broken.as_object_mut().unwrap().remove("actor");
        let (ok, out) = run_validator(&script, &[broken]);
        assert!(!ok && out.contains("actor"), "{out}");
    }
}

#[test]
fn an_unfinished_session_is_not_exported() {
    let dir = tempdir("xapi-unfinished");
    let log = log_of(&mini_dir(), "expert", 1, "x", &dir, "a.jsonl");
    let text = std::fs::read_to_string(&log).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.pop();
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let o = bedside(&["xapi", "export", log.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the session has not ended"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_pushed_cohort_reads_back_from_the_lrs_as_sent_and_a_resend_does_not_duplicate() {
    let Some(env) = lrs_env() else { return };
    let dir = tempdir("xapi-push");
    let logs = cohort(&dir, "push");
    let sent = export(&logs);
    let outbox = dir.join("outbox");
    let o = push(&env, &env.endpoint, &env.password, &outbox, &logs);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(&format!("sent {} statement(s) in 3 batch(es)", sent.len())),
        "{}",
        stdout(&o)
    );
    assert_eq!(queued(&outbox), 0, "accepted batches leave the outbox");
    // Again: the same ids, nothing new in the LRS.
    let o = push(&env, &env.endpoint, &env.password, &outbox, &logs);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let mut registrations: Vec<&str> = sent
        .iter()
        .map(|s| s["context"]["registration"].as_str().unwrap())
        .collect();
    registrations.dedup();
    assert_eq!(registrations.len(), 3);
    let mut back = Vec::new();
    for r in registrations {
        back.extend(read_back(&env, &env.endpoint, r));
    }
    assert_eq!(back.len(), sent.len(), "each statement stored once");
    for s in &sent {
        let b = back
            .iter()
            .find(|b| b["id"] == s["id"])
            .unwrap_or_else(|| panic!("{} not in the LRS", s["id"]));
        for field in ["actor", "verb", "object", "result", "context"] {
            assert_eq!(b[field], s[field], "{field} of {}", s["id"]);
        }
    }
}

#[test]
fn wrong_credentials_give_a_clear_error_and_the_statements_stay_queued() {
    let Some(env) = lrs_env() else { return };
    let dir = tempdir("xapi-auth");
    let logs = cohort(&dir, "auth");
    let outbox = dir.join("outbox");
    let o = push(&env, &env.endpoint, "not-the-password-4711", &outbox, &logs);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("the LRS refused the credentials (HTTP 401): check --user and the password variable; 3 batch(es) stay queued"),
        "{}",
        stdout(&o)
    );
    assert_eq!(queued(&outbox), 3);
    let o = push(&env, &env.endpoint, &env.password, &outbox, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(queued(&outbox), 0);
}

#[test]
fn a_statement_the_lrs_rejects_is_reported_with_its_reason_and_set_aside() {
    let Some(env) = lrs_env() else { return };
    let dir = tempdir("xapi-rejected");
    let outbox = dir.join("outbox");
    let ob = bedside::xapi::Outbox::open(&outbox).unwrap();
    let logs = cohort(&dir, "rejected");
    // The session is sent once as it should be. The outbox sends nothing but batches made from
    // real logs, so the batch the LRS must refuse is the same session queued again under another
    // identity: the same statement ids with another actor, which xAPI (§2.2, "Statement IDs")
    // answers with 409 Conflict.
    let o = push(&env, &env.endpoint, &env.password, &outbox, &logs[1..2]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let other_identity = bedside::xapi::Identity {
        home_page: "https://other.example.org".into(),
        ..bedside::xapi::Identity::default()
    };
    let mut shelf = bedside::cohort::CaseShelf::open(&dir.join("cases"));
    bedside::xapi::queue_session(&ob, &logs[1], &other_identity, &mut shelf).unwrap();
    let bad = bedside::xapi::batch_name(&bedside::log::read(&logs[1]).unwrap());
    let o = push(&env, &env.endpoint, &env.password, &outbox, &logs[..1]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!("rejected batch {bad} (HTTP 4")),
        "{out}"
    );
    assert!(out.contains("sent "), "{out}");
    assert_eq!(
        queued(&outbox),
        0,
        "the good batch went, the refused one was set aside"
    );
    assert!(outbox.join(format!("rejected/{bad}.json")).exists());
    assert!(
        std::fs::read_to_string(outbox.join(format!("rejected/{bad}.reason.txt")))
            .unwrap()
            .starts_with("HTTP 4")
    );
}

/// A Ralph of this test's own, in its own process group so that stopping it stops uvicorn's
/// reloader and server both.
struct Ralph {
    child: Child,
}

impl Ralph {
    fn start(venv: &str, dir: &Path, port: u16, user: &str, password: &str) -> Ralph {
        use std::os::unix::process::CommandExt;
        let ralph = Path::new(venv).join("bin/ralph");
        let envs = [
            ("RALPH_APP_DIR", dir.join("app")),
            ("RALPH_RUNSERVER_BACKEND", "fs".into()),
            (
                "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH",
                dir.join("data"),
            ),
        ];
        std::fs::create_dir_all(dir.join("app")).unwrap();
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let ok = Command::new(&ralph)
            .args([
                "auth",
                "-u",
                user,
                "-p",
                password,
                "-s",
                "all",
                "-M",
                "mailto:t@example.org",
                "-w",
            ])
            .envs(envs.clone())
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(ok.success(), "ralph auth failed");
        let child = Command::new(&ralph)
            .args([
                "runserver",
                "-b",
                "fs",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .envs(envs)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let r = Ralph { child };
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "Ralph did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        r
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.wait();
    }
}

#[test]
fn offline_statements_stay_queued_and_are_delivered_once_the_lrs_is_up() {
    let Some(env) = lrs_env() else { return };
    let Some(venv) = required("BEDSIDE_TEST_RALPH_VENV") else {
        return;
    };
    let dir = tempdir("xapi-offline");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}/xAPI/");
    let logs = cohort(&dir, "offline");
    let outbox = dir.join("outbox");
    // Nobody listens on the port yet.
    let o = push(&env, &endpoint, &env.password, &outbox, &logs);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("the LRS cannot be reached"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("3 batch(es) stay queued"),
        "{}",
        stdout(&o)
    );
    assert_eq!(queued(&outbox), 3);
    let sent = export(&logs);
    {
        let _ralph = Ralph::start(&venv, &dir.join("ralph"), port, &env.user, &env.password);
        // No logs: only what is queued.
        let o = push(&env, &endpoint, &env.password, &outbox, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        assert_eq!(queued(&outbox), 0);
        let r = sent[0]["context"]["registration"].as_str().unwrap();
        let back = read_back(&env, &endpoint, r);
        assert_eq!(
            back.len(),
            sent.iter()
                .filter(|s| s["context"]["registration"] == r)
                .count()
        );
    }
    // Stopped again: a new session waits in the outbox.
    let more = vec![log_of(
        &dir.join("cases/mini"),
        "tenfold",
        9,
        &unique("dave"),
        &dir,
        "d.jsonl",
    )];
    let o = push(&env, &endpoint, &env.password, &outbox, &more);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(queued(&outbox), 1);
}

fn verify_lrs(env: &LrsEnv, cases: &Path, logs: &[PathBuf]) -> std::process::Output {
    let mut args = vec![
        "--cases".to_string(),
        cases.display().to_string(),
        "verify".into(),
        "--lrs".into(),
        env.endpoint.clone(),
        "--user".into(),
        env.user.clone(),
        "--password-env".into(),
        "BEDSIDE_LRS_PASSWORD".into(),
    ];
    args.extend(logs.iter().map(|p| p.display().to_string()));
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = bedside_env(&a, &[("BEDSIDE_LRS_PASSWORD", &env.password)]);
    assert!(!stdout(&o).contains(&env.password));
    o
}

#[test]
fn verify_lrs_confirms_a_sent_log_and_catches_a_log_forged_whole() {
    let Some(env) = lrs_env() else { return };
    let dir = tempdir("xapi-verify-lrs");
    let cases = case_copies(&dir);
    let trainee = unique("erin");
    // Erin fails the case; her session is pushed.
    let real = log_of(
        &cases.join("mini"),
        "novice",
        5,
        &trainee,
        &dir,
        "real.jsonl",
    );
    let o = push(
        &env,
        &env.endpoint,
        &env.password,
        &dir.join("outbox"),
        std::slice::from_ref(&real),
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let o = verify_lrs(&env, &cases, std::slice::from_ref(&real));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("confirmed by the LRS"),
        "{}",
        stdout(&o)
    );

    // A whole new log, written with the program, claiming that the same session passed: same
    // header (case, trainee, seed, start), a correct chain and a score line its decisions earn.
    let forged_dir = dir.join("forged");
    std::fs::create_dir_all(&forged_dir).unwrap();
    let forged = log_of(
        &cases.join("mini"),
        "expert",
        5,
        &trainee,
        &forged_dir,
        "real.jsonl",
    );
    let plain = bedside(&[
        "--cases",
        cases.to_str().unwrap(),
        "verify",
        forged.to_str().unwrap(),
    ]);
    assert_eq!(
        plain.status.code(),
        Some(0),
        "the chain alone cannot tell: {}",
        stdout(&plain)
    );
    assert!(stdout(&plain).contains("passed"), "{}", stdout(&plain));
    let o = verify_lrs(&env, &cases, std::slice::from_ref(&forged));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(
            "the LRS holds a different final hash for this session (forged or altered log)"
        ),
        "{}",
        stdout(&o)
    );
    let real_hash = bedside::log::read(&real).unwrap().last_hash;
    assert!(stdout(&o).contains(&real_hash), "{}", stdout(&o));

    // A session that was never sent.
    let unsent = log_of(
        &cases.join("mini"),
        "expert",
        6,
        &unique("frank"),
        &dir,
        "u.jsonl",
    );
    let o = verify_lrs(&env, &cases, &[real, unsent]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("u.jsonl: the LRS has no statement for this session"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("confirmed by the LRS"),
        "{}",
        stdout(&o)
    );
}
