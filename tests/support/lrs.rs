//! The real LRS the xAPI tests talk to: `.ci/lrs run cargo test …` starts Ralph and sets
//! BEDSIDE_TEST_LRS_ENDPOINT/USER/PASSWORD (and BEDSIDE_TEST_RALPH_VENV,
//! BEDSIDE_TEST_XAPI_VALIDATOR). Without them a test fails when CI=true and is skipped (with a
//! note) otherwise.
#![allow(dead_code)]

/// An environment variable the tests need, or `None` (skip) outside CI.
pub fn required(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            if std::env::var("CI").is_ok_and(|c| c == "true") {
                panic!("{var} is not set: run the xAPI tests through `.ci/lrs run cargo test …`");
            }
            eprintln!(
                "note: {var} is not set; skipping (run through .ci/lrs to include this test)"
            );
            None
        }
    }
}

pub struct LrsEnv {
    pub endpoint: String,
    pub user: String,
    pub password: String,
}

/// The test LRS's address and credentials.
pub fn lrs_env() -> Option<LrsEnv> {
    Some(LrsEnv {
        endpoint: required("BEDSIDE_TEST_LRS_ENDPOINT")?,
        user: required("BEDSIDE_TEST_LRS_USER")?,
        password: required("BEDSIDE_TEST_LRS_PASSWORD")?,
    })
}

/// A trainee name no other run of these tests uses (the LRS outlives a test run).
pub fn unique(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{name}-{}-{nanos}", std::process::id())
}
