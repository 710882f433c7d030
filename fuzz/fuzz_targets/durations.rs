//! Durations as an instructor might mistype them, or a hostile case folder holds them: the `Dur`
//! parser and every place of a case that takes a duration must give a value within the documented
//! bound (366 days) or an error, never a panic or an overflow.
//!
//! The input (UTF-8) is used three ways: parsed directly (`parse_duration`; a value must be at
//! most `MAX_DURATION` and survive being written back with `format_duration`); as a RON string
//! decoded into `Dur`; and written into a copy of the test fixture `mini` as its time limit, a
//! turnaround, a transition's `elapsed >` condition, a rubric `within`, and a golden path's
//! step time and `end_at` — then the case is loaded with `load_case` (what `bedside validate`
//! does) and, if it loads and stays short, each golden path is played and scored.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::scenario::expr::{MAX_DURATION, duration_problem, format_duration, parse_duration};
use bedside::scenario::load_case;
use bedside::scenario::model::Dur;
use bedside::session::{SessionInfo, play};
use libfuzzer_sys::fuzz_target;

/// A copy of the fixture `mini` in memory-backed storage, and its `scenario.ron`.
fn fixture() -> &'static (PathBuf, String) {
    static DIR: OnceLock<(PathBuf, String)> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("bedside-fuzz-dur-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("locales")).unwrap();
        let mini = root.join("tests/fixtures/mini");
        for e in std::fs::read_dir(mini.join("locales")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.join("locales").join(e.file_name())).unwrap();
        }
        let drugs = root.join("scenarios/drugs.ron").canonicalize().unwrap();
        let ron = std::fs::read_to_string(mini.join("scenario.ron"))
            .unwrap()
            .replace(
                "\"../../../scenarios/drugs.ron\"",
                &format!("{:?}", drugs.display().to_string()),
            );
        (dir, ron)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_duration(text) {
        Some(d) => {
            assert!(d <= MAX_DURATION, "{text:?} gave {d} s");
            assert_eq!(parse_duration(&format_duration(d)), Some(d), "{text:?}");
        }
        None => {
            let _ = duration_problem(text);
        }
    }
    let quoted = format!("{text:?}");
    if let Ok(d) = ron::from_str::<Dur>(&quoted) {
        assert!(d.secs() <= MAX_DURATION);
    }
    let (dir, ron) = fixture();
    let cond = format!("{:?}", format!("map < 50 and elapsed > {text}"));
    let case = ron
        .replacen("time_limit: \"1h\"", &format!("time_limit: {quoted}"), 1)
        .replacen("turnaround: \"5m\"", &format!("turnaround: {quoted}"), 1)
        .replacen("\"map < 50 and elapsed > 20m\"", &cond, 1)
        .replacen("within: \"15m\"", &format!("within: {quoted}"), 1)
        .replacen("(at: \"20m\", do: \"fluid\"", &format!("(at: {quoted}, do: \"fluid\""), 1)
        .replacen("end_at: \"30m\"", &format!("end_at: {quoted}"), 1);
    std::fs::write(dir.join("scenario.ron"), case).unwrap();
    let Ok(loaded) = load_case(dir) else {
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
            clock: Clock::Scripted { start_ms: u64::MAX / 2 },
        };
        if let Ok(s) = play(Arc::clone(&loaded.case), &g.script(), &info, None) {
            let _ = s.score();
        }
    }
});
