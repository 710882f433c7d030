//! A case's `scenario.ron` as an instructor might mistype it: loading must give a result or
//! diagnostics, never a panic; a case that loads must play each of its golden paths to a score
//! and render the debrief in every language without one.
//!
//! The input is written as `scenario.ron` into a copy of the bundled case whose id it mentions
//! (icu-sepsis otherwise), beside the real drug library and texts, and loaded with `load_case`:
//! the same path as `bedside validate`, line and column lookup included.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::report;
use bedside::scenario::load_case;
use bedside::session::{SessionInfo, play};
use libfuzzer_sys::fuzz_target;

const CASES: [&str; 3] = ["icu-sepsis", "pain-opioid-renal", "geri-delirium"];

/// A copy of `scenarios/` (drug library, shared texts, each case's texts) in memory-backed
/// storage, made once per fuzzing process.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let root = base.join(format!("bedside-fuzz-{}", std::process::id()));
        copy(&src, &root);
        root
    })
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let id = CASES
        .iter()
        .find(|c| text.contains(&format!("\"{c}\"")))
        .unwrap_or(&CASES[0]);
    let dir = root().join(id);
    std::fs::write(dir.join("scenario.ron"), data).unwrap();
    let Ok(loaded) = load_case(&dir) else {
        return;
    };
    let scenario = &loaded.case.scenario;
    // Long cases on a fine tick are legal but slow to fuzz: keep each run short.
    if scenario.time_limit.secs() / scenario.tick.secs().max(1) > 20_000 {
        return;
    }
    for g in &scenario.golden_paths {
        let info = SessionInfo {
            seed: g.seed,
            trainee: "fuzz".into(),
            locale: Locale::EnUs,
            clock: Clock::Scripted { start_ms: 0 },
        };
        let Ok(s) = play(Arc::clone(&loaded.case), &g.script(), &info, None) else {
            continue;
        };
        if let Some(r) = s.score() {
            for lang in Locale::ALL {
                let texts = loaded.texts(lang, &report::ui_sources());
                let _ = report::text(r, &loaded, &texts);
            }
        }
    }
});
