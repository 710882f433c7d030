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
