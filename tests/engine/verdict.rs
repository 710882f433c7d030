//! A verdict is derived from the decisions, never trusted from the log's score line.

use crate::support as common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::log::{self, LogError, Problem};
use bedside::session::play;
use bedside::verdict::{DeriveError, derive};

fn bundled_logs(dir: &Path) -> Vec<(Arc<bedside::scenario::Case>, PathBuf)> {
    let mut out = Vec::new();
    for case_dir in bedside::scenario::find_cases(&common::root().join("scenarios")) {
        let l = common::load(&case_dir);
        for (i, g) in l.case.scenario.golden_paths.iter().enumerate() {
            let p = dir.join(format!("{}-{i}.jsonl", l.case.scenario.id));
            play(Arc::clone(&l.case), &g.script(), &common::info(3), Some(&p)).unwrap();
            out.push((Arc::clone(&l.case), p));
        }
    }
    out
}

#[test]
fn every_golden_path_of_every_bundled_case_keeps_a_score_line_that_matches_its_rescore() {
    let dir = common::tempdir("verdict-bundled");
    let logs = bundled_logs(&dir);
    assert!(logs.len() >= 12, "{} logs", logs.len());
    for (case, p) in &logs {
        let s = log::read(p).unwrap();
        let d = derive(case, p, &s).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(d.logged.as_ref(), Some(d.report()), "{}", p.display());
        assert!(!d.differs_after_change);
        // Read as a stream with nothing kept, the replay beside a second reading, the rubric
        // gathering its records as they are made: the same verdict, evidence and divergence.
        let bare = log::skim_bare(p).unwrap();
        assert!(bare.kept.is_empty());
        let k = bedside::verdict::derive_skimmed(case, p, &bare)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let parts =
            |r: &bedside::session::Rescored| (r.report.clone(), r.case_changed, r.diverges_at);
        assert_eq!(parts(&k.rescored), parts(&d.rescored), "{}", p.display());
        assert_eq!(k.logged, d.logged, "{}", p.display());
    }
}

/// `rescore` reads a large log as a stream and a small one whole: the same result either way.
#[test]
fn a_log_rescored_as_a_stream_or_whole_gives_the_same_result() {
    let dir = common::tempdir("verdict-rescore-stream");
    for (case, p) in bundled_logs(&dir) {
        let streamed = bedside::cohort::rescore_log_as(&case, &p, true);
        let whole = bedside::cohort::rescore_log_as(&case, &p, false);
        assert_eq!(
            format!("{streamed:?}"),
            format!("{whole:?}"),
            "{}",
            p.display()
        );
        assert!(whole.is_ok(), "{}", p.display());
    }
}

/// `rescore` against the session's own case: an altered score line is refused at its line (it
/// was shown as the "before" of a change: "100% passed -> 9% FAILED, VERDICT CHANGED", with no
/// criterion changed), read whole or as a stream.
#[test]
fn rescore_refuses_an_altered_score_line_under_the_same_rules() {
    let dir = common::tempdir("verdict-rescore-forged");
    let (case, p) = bundled_logs(&dir).swap_remove(0);
    let forged = dir.join("forged.jsonl");
    std::fs::write(
        &forged,
        edited(&p, |l| l.replacen("\"earned\":", "\"earned\":9", 1)),
    )
    .unwrap();
    let last = common::lines(&forged).len();
    for stream in [false, true] {
        match bedside::cohort::rescore_log_as(&case, &forged, stream) {
            Err(bedside::cohort::Refusal::Log(LogError::Broken {
                line,
                problem: Problem::ScoreMismatch { .. },
                ..
            })) => assert_eq!(line, last),
            other => panic!("{other:?}"),
        }
        assert!(bedside::cohort::rescore_log_as(&case, &p, stream).is_ok());
    }
}

/// A replay whose records are drained as it goes, each into the rubric's gathering, scores as
/// the replay that keeps them all: every golden path of every bundled case, ended by the
/// trainee or not, with standing orders and guards among them.
#[test]
fn a_replay_that_keeps_no_records_scores_as_one_that_keeps_them_all() {
    use bedside::sim::Simulation;
    let dir = common::tempdir("verdict-drained");
    for (case, p) in bundled_logs(&dir) {
        let s = log::read(&p).unwrap();
        let mut whole = Simulation::new(Arc::clone(&case), s.header.seed).for_scoring();
        whole.replay_onto(&s.records);
        let (drained, gathered, made) = common::drained_replay(&case, s.header.seed, &s.records);
        assert!(drained.records().is_empty());
        assert_eq!(drained.records_from(), made.len());
        assert_eq!(made, whole.records(), "{}", p.display());
        assert_eq!(gathered.count(), made.len());
        assert_eq!(
            bedside::rubric::score_gathered(&drained, &gathered),
            bedside::rubric::score_simulation(&whole),
            "{}",
            p.display()
        );
    }
}

/// The log with its score line replaced by `edit` applied to it.
fn edited(p: &Path, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut lines = common::lines(p);
    let last = lines.pop().unwrap();
    lines.push(edit(&last));
    let mut out = lines.join("\n").into_bytes();
    out.push(b'\n');
    out
}

fn tamper_line(case: &Arc<bedside::scenario::Case>, p: &Path, bytes: &[u8]) -> Option<usize> {
    let s = log::parse(p, bytes).ok()?;
    match derive(case, p, &s) {
        Err(DeriveError::Log(LogError::Broken {
            line,
            problem: Problem::ScoreMismatch { .. },
            ..
        })) => Some(line),
        Err(DeriveError::Log(LogError::Broken {
            line,
            problem: Problem::NotAScore(_),
            ..
        })) => Some(line),
        _ => None,
    }
}

#[test]
fn an_edited_score_line_is_tampering_at_that_line() {
    let dir = common::tempdir("verdict-edit");
    let l = common::mini();
    let g = l.case.scenario.golden_path("novice").unwrap();
    let p = dir.join("novice.jsonl");
    play(Arc::clone(&l.case), &g.script(), &common::info(1), Some(&p)).unwrap();
    let n = common::lines(&p).len();
    let s = log::read(&p).unwrap();
    let logged = s.score_report(&p).unwrap().unwrap();
    assert!(!logged.passed, "the novice fails");

    // A failed session's score line turned into a pass, with no hashing needed.
    let forged = edited(&p, |line| {
        line.replace("\"passed\":false", "\"passed\":true")
            .replacen(
                &format!("\"earned\":{}", logged.earned),
                &format!("\"earned\":{}", logged.available),
                1,
            )
            .replace(
                &format!("\"percent\":{}", logged.percent),
                "\"percent\":100",
            )
    });
    assert_ne!(forged, std::fs::read(&p).unwrap());
    let s = log::parse(&p, &forged).expect("the chain cannot see the last line");
    match derive(&l.case, &p, &s) {
        Err(DeriveError::Log(e @ LogError::Broken { .. })) => {
            let text = e.to_string();
            assert!(
                text.contains(&format!(":{n}: the score line says")),
                "{text}"
            );
            assert!(text.contains("passed"), "{text}");
            assert!(text.contains("failed"), "{text}");
        }
        other => panic!("not caught: {other:?}"),
    }

    // Every single-byte change of a digit in the score line is caught at that line (or makes
    // the line unreadable, which is caught too).
    let original = std::fs::read(&p).unwrap();
    let start = original[..original.len() - 1]
        .iter()
        .rposition(|b| *b == b'\n')
        .unwrap()
        + 1;
    let mut tried = 0;
    for i in start..original.len() - 1 {
        let b = original[i];
        for repl in [b'0', b'1', b'9', b'a', b' '] {
            if repl == b {
                continue;
            }
            let mut bytes = original.clone();
            bytes[i] = repl;
            tried += 1;
            if let Ok(s) = log::parse(&p, &bytes) {
                // A change the parser accepts must either be caught, or leave the score the same
                // and be in the wall-clock time alone (which no one can re-derive).
                if tamper_line(&l.case, &p, &bytes) != Some(n) {
                    let text = std::str::from_utf8(&bytes[start..]).unwrap_or("");
                    assert!(
                        text.contains("\"wall_ms\":") && s.score.is_some(),
                        "byte {i} → {:?} not caught: {text}",
                        repl as char
                    );
                    let wall = text.find("\"wall_ms\":").unwrap() + start + 10;
                    let wall_end = wall + text[wall - start..].find(',').unwrap();
                    assert!(
                        (wall..wall_end).contains(&i),
                        "byte {i} → {:?} not caught",
                        repl as char
                    );
                }
            }
        }
    }
    assert!(tried > 1000, "{tried}");
}
