//! The instructor commands from the command line: lint, validate's warnings, graph, new, and
//! `test --cohort`.

mod common;

use std::process::{Command, Output};

fn bedside(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bedside"))
        .args(args)
        .current_dir(common::root())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A copy of the fixture with `edit` applied to its scenario, in a fresh folder.
fn edited_fixture(name: &str, from: &str, to: &str) -> std::path::PathBuf {
    let dir = common::tempdir(name).join("mini");
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    let src = common::root().join("tests/fixtures/mini");
    let drugs = common::root().join("scenarios/drugs.ron");
    let text = std::fs::read_to_string(src.join("scenario.ron"))
        .unwrap()
        .replace(
            "\"../../../scenarios/drugs.ron\"",
            &format!("{:?}", drugs.display().to_string()),
        );
    assert_eq!(text.matches(from).count(), 1);
    std::fs::write(dir.join("scenario.ron"), text.replacen(from, to, 1)).unwrap();
    for l in ["en-US", "ja-JP", "zh-CN"] {
        let f = format!("locales/{l}.ftl");
        std::fs::copy(src.join(&f), dir.join(&f)).unwrap();
    }
    dir
}

#[test]
fn lint_of_the_bundled_cases_has_notes_only_and_exits_zero() {
    let o = bedside(&["lint", "scenarios"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(!out.contains("warning:"), "{out}");
    assert!(out.contains(": note: action 'news2' is referenced by no criterion"));
    assert!(
        out.ends_with("3 case(s): 0 error(s), 0 warning(s), 29 note(s)\n"),
        "{out}"
    );
}

#[test]
fn validate_shows_lint_warnings_but_still_exits_zero() {
    let dir = edited_fixture(
        "author-validate-warn",
        "when: \"map < 55\"",
        "when: \"map < -5\"",
    );
    let o = bedside(&["validate", dir.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let scn = dir.join("scenario.ron");
    assert_eq!(
        out,
        format!(
            "ok {} (mini v1.0.0)\n{}:87:27: warning: event 'low' can never fire: map < -5 (map is 0–250) cannot hold\n",
            dir.display(),
            scn.display()
        )
    );
    let o = bedside(&["lint", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "a lint warning fails `lint`");
}
