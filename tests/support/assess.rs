//! Helpers for the assessor tests: cohorts of logs, revised copies of a case, and (re-exported)
//! the CLI and temporary folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::scenario::load_case;
use bedside::session::{SessionInfo, play};

// What the assessor tests use from the shared helpers (the other test binaries load this module
// too, without using these).
#[allow(unused_imports)]
pub use super::{bedside, bedside_env, root, stderr, stdout, tempdir};

/// A copy of a case folder (with its own locales) in `dir`, its drug library pointed back at the
/// repository's, and `edit` applied to its scenario.ron.
pub fn revised_case(src: &Path, dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let dst = dir.join(src.file_name().unwrap());
    std::fs::create_dir_all(dst.join("locales")).unwrap();
    for e in std::fs::read_dir(src.join("locales")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dst.join("locales").join(e.file_name())).unwrap();
    }
    let ron = std::fs::read_to_string(src.join("scenario.ron")).unwrap();
    let drugs = root().join("scenarios/drugs.ron");
    let ron = ron
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("drug_library:") {
                format!("    drug_library: {:?},", drugs.display().to_string())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dst.join("scenario.ron"), edit(ron)).unwrap();
    // Cases without a drug_library line use ../drugs.ron and the shared ../locales.
    let beside = dir.join("drugs.ron");
    if !beside.exists() {
        std::fs::copy(&drugs, beside).unwrap();
        std::fs::create_dir_all(dir.join("locales")).unwrap();
        for l in ["en-US", "ja-JP", "zh-CN"] {
            std::fs::copy(
                root().join(format!("scenarios/locales/{l}.ftl")),
                dir.join(format!("locales/{l}.ftl")),
            )
            .unwrap();
        }
    }
    if let Err(d) = load_case(&dst) {
        panic!(
            "the revised case does not validate:\n{}",
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    dst
}

/// Plays a golden path of the case in `case_dir` into `dir/<file>` for `trainee`.
pub fn log_of(
    case_dir: &Path,
    golden: &str,
    seed: u64,
    trainee: &str,
    dir: &Path,
    file: &str,
) -> PathBuf {
    let loaded = load_case(case_dir).unwrap();
    let g = loaded
        .case
        .scenario
        .golden_path(golden)
        .unwrap_or_else(|| panic!("no golden path {golden}"));
    let path = dir.join(file);
    let info = SessionInfo {
        seed,
        trainee: trainee.into(),
        locale: Locale::EnUs,
        clock: Clock::Scripted {
            start_ms: 1_764_000_000_000 + seed * 3_600_000,
        },
    };
    play(Arc::clone(&loaded.case), &g.script(), &info, Some(&path)).unwrap();
    path
}

pub fn mini_dir() -> PathBuf {
    root().join("tests/fixtures/mini")
}

/// A cases folder `dir/cases` holding copies of the mini test case and the bundled icu-sepsis
/// (one folder for `--cases`). Logs played from these copies are of the same case content as
/// the folder, so a verdict re-derived against it must match their score lines byte for byte.
pub fn case_copies(dir: &Path) -> PathBuf {
    let cases = dir.join("cases");
    if !cases.join("mini").exists() {
        revised_case(&mini_dir(), &cases, |s| s);
        revised_case(&root().join("scenarios/icu-sepsis"), &cases, |s| s);
    }
    cases
}

/// Turns a failed session's score line into a pass with full marks, in place, as anyone can (the
/// hash chain does not cover the score line, so no hashing is needed). Returns the line number.
pub fn forge_pass(log: &Path) -> usize {
    let text = std::fs::read_to_string(log).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    let s = bedside::log::read(log).unwrap();
    let r = s.score_report(log).unwrap().expect("a finished session");
    assert!(!r.passed, "forge_pass wants a failed session");
    let last = &mut lines[n - 1];
    *last = last
        .replace("\"passed\":false", "\"passed\":true")
        .replacen(
            &format!("\"earned\":{}", r.earned),
            &format!("\"earned\":{}", r.available),
            1,
        )
        .replace(&format!("\"percent\":{}", r.percent), "\"percent\":100");
    std::fs::write(log, lines.join("\n") + "\n").unwrap();
    bedside::log::read(log).expect("the chain does not cover the score line");
    n
}
