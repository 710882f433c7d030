//! The hospital in the log header: new logs name it; logs without one (every log written before
//! it existed) read, re-serialise and hash exactly as before.

use std::sync::Arc;

use crate::support as common;

use bedside::i18n::Locale;
use bedside::log::{self, Clock, Line, Syncing};
use bedside::session::{SessionInfo, play, play_at};

/// As `bedside run tests/fixtures/mini --script expert` plays it.
fn info() -> SessionInfo {
    let mini = common::mini();
    SessionInfo {
        seed: mini.case.scenario.golden_path("expert").unwrap().seed,
        trainee: "scripted".into(),
        locale: Locale::EnUs,
        clock: Clock::Scripted { start_ms: 0 },
    }
}

#[test]
fn a_log_without_a_hospital_keeps_its_bytes_and_its_final_hash() {
    let dir = common::tempdir("hospital-old");
    let mini = common::mini();
    let script = mini.case.scenario.golden_path("expert").unwrap().script();
    let path = dir.join("old.jsonl");
    play(Arc::clone(&mini.case), &script, &info(), Some(&path)).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let first = text.lines().next().unwrap();
    assert!(!first.contains("hospital"), "{first}");
    // The header reads back without a hospital and serialises to the very same line.
    let line: Line = serde_json::from_str(first).unwrap();
    assert_eq!(line.header.as_ref().unwrap().hospital, None);
    assert_eq!(serde_json::to_string(&line).unwrap(), first);
    // The same final hash as before hospitals existed (`bedside run tests/fixtures/mini
    // --script expert`, pinned in the CLI's debrief snapshot since issue 22).
    let s = log::read(&path).unwrap();
    assert_eq!(
        s.last_hash,
        "35f580b5e42d63b2eef71b2ea6dc008527095424b153e030cae089f78b890ca6"
    );
}

#[test]
fn a_log_with_a_hospital_names_it_in_the_hashed_header_and_round_trips() {
    let dir = common::tempdir("hospital-new");
    let mini = common::mini();
    let script = mini.case.scenario.golden_path("expert").unwrap().script();
    let (a, b) = (dir.join("a.jsonl"), dir.join("b.jsonl"));
    play(Arc::clone(&mini.case), &script, &info(), Some(&a)).unwrap();
    play_at(
        Arc::clone(&mini.case),
        &script,
        &info(),
        Some("tokyo-1"),
        Some(&b),
        Syncing::Inline,
    )
    .unwrap();
    let text = std::fs::read_to_string(&b).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.ends_with(",\"hospital\":\"tokyo-1\"}}"), "{first}");
    let line: Line = serde_json::from_str(first).unwrap();
    assert_eq!(serde_json::to_string(&line).unwrap(), first);
    let (sa, sb) = (log::read(&a).unwrap(), log::read(&b).unwrap());
    assert_eq!(sb.header.hospital.as_deref(), Some("tokyo-1"));
    // Only the header differs; the hospital is under the chain, so the final hash differs too.
    assert_eq!(sa.records, sb.records);
    assert_ne!(sa.last_hash, sb.last_hash);
    // Changing the recorded hospital breaks the chain at line 2.
    let forged = text.replacen("tokyo-1", "osaka-2", 1);
    let e = log::parse(&b, forged.as_bytes()).unwrap_err().to_string();
    assert!(e.contains(":2: hash chain broken"), "{e}");
}
