//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::scenario::{Case, LoadedCase, load_case};
use bedside::session::SessionInfo;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn mini() -> LoadedCase {
    load(&root().join("tests/fixtures/mini"))
}

pub fn load(dir: &Path) -> LoadedCase {
    match load_case(dir) {
        Ok(l) => l,
        Err(d) => panic!(
            "{} does not validate:\n{}",
            dir.display(),
            d.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

pub fn mini_case() -> Arc<Case> {
    mini().case
}

pub fn info(seed: u64) -> SessionInfo {
    SessionInfo {
        seed,
        trainee: "t1".into(),
        locale: Locale::EnUs,
        clock: Clock::Scripted {
            start_ms: 1_700_000_000_000,
        },
    }
}

/// A fresh, empty temporary folder unique to this test.
pub fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bedside-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
