//! Reviewing a log: the chain is verified first; a broken log is still shown, marked untrusted
//! at its first bad line; the replay shows the session as it was at any second; each decision
//! links to the criteria it decided.

use crate::support as common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::log::LogError;
use bedside::review::{self, Replay, Trust};
use bedside::rubric::Status;
use bedside::scenario::LoadedCase;
use bedside::session::{RescoreError, play};
use bedside::sim::Record;

fn sepsis() -> LoadedCase {
    common::load(&common::root().join("scenarios/icu-sepsis"))
}

fn golden_log(l: &LoadedCase, golden: &str, dir: &Path) -> PathBuf {
    let g = l.case.scenario.golden_path(golden).unwrap();
    let p = dir.join(format!("{golden}.jsonl"));
    play(Arc::clone(&l.case), &g.script(), &common::info(7), Some(&p)).unwrap();
    p
}

fn write(p: &Path, ls: &[String]) {
    std::fs::write(p, ls.join("\n") + "\n").unwrap();
}

#[test]
fn an_intact_log_is_verified_and_its_replay_reproduces_it_at_every_moment() {
    let l = sepsis();
    let dir = common::tempdir("review-ok");
    let p = golden_log(&l, "expert", &dir);
    let r = review::open(&p).unwrap();
    assert_eq!(r.trust, Trust::Verified);
    assert!(r.finished());
    assert_eq!(r.lines, common::lines(&p).len());
    let replay = Replay::new(Arc::clone(&l.case), &r).unwrap();
    assert!(!replay.case_changed);
    assert_eq!(replay.diverges_at, None, "an untouched log replays exactly");
    assert_eq!(replay.end, r.records.last().unwrap().t());
    // As scored now is as scored then.
    assert_eq!(Some(&replay.rescored), r.score.as_ref());

    // At any second, the replay holds exactly the log's records up to that second.
    let mut times: Vec<u64> = r.records.iter().map(Record::t).collect();
    times.extend([0, 1, 61, 599, replay.end / 2, replay.end]);
    times.sort_unstable();
    times.dedup();
    for t in times {
        let sim = replay.at(t);
        let expected: Vec<&Record> = r.records.iter().filter(|x| x.t() <= t).collect();
        let got: Vec<&Record> = sim.records().iter().collect();
        assert_eq!(got, expected, "records at {t} s");
        assert_eq!(sim.now(), t.min(replay.end));
        let last = sim.trajectory().last().map_or(0, |(at, _)| *at);
        assert!(
            last <= sim.now() && sim.now() - last < 60,
            "trends reach the chosen moment {t}: last sample at {last}"
        );
    }
    // Playing forward from one moment to the next gives the same as starting again.
    let mut sim = replay.at(0);
    for t in [
        5,
        300,
        301,
        1800,
        replay.end / 2,
        replay.end,
        replay.end + 5,
    ] {
        replay.advance(&mut sim, t);
        let fresh = replay.at(t);
        assert_eq!(sim.now(), fresh.now(), "at {t}");
        assert_eq!(sim.records(), fresh.records(), "at {t}");
        assert_eq!(sim.shown(), fresh.shown(), "at {t}");
        assert_eq!(sim.trajectory(), fresh.trajectory(), "at {t}");
    }
    // Beyond the end it stays at the end.
    assert_eq!(
        replay.at(replay.end + 3600).records(),
        replay.at(replay.end).records()
    );
}

#[test]
fn each_decision_links_to_the_criteria_it_decided() {
    let l = sepsis();
    let dir = common::tempdir("review-links");
    let p = golden_log(&l, "expert", &dir);
    let r = review::open(&p).unwrap();
    let replay = Replay::new(Arc::clone(&l.case), &r).unwrap();
    let criteria_of = |action: &str| -> Vec<String> {
        let d = replay
            .decisions
            .iter()
            .find(|d| {
                matches!(&r.records[d.record], Record::Decision { order, .. } if order.action == action)
            })
            .unwrap_or_else(|| panic!("no decision {action}"));
        d.criteria
            .iter()
            .map(|&k| replay.rescored.criteria[k].id.clone())
            .collect()
    };
    let abx = criteria_of("piperacillin_tazobactam_iv");
    assert!(abx.contains(&"antimicrobial_1h".to_string()), "{abx:?}");
    assert!(abx.contains(&"ptz_dose".to_string()), "{abx:?}");
    let cultures = criteria_of("blood_cultures");
    assert!(
        cultures.contains(&"cultures_before_antimicrobial".to_string()),
        "{cultures:?}"
    );
    // Every link points at a criterion whose evidence holds that decision.
    for d in &replay.decisions {
        assert!(matches!(
            r.records[d.record],
            Record::Decision { .. } | Record::Refused { .. }
        ));
        for &k in &d.criteria {
            assert!(replay.rescored.criteria[k].evidence.contains(&d.record));
        }
    }
    // A harmful choice is linked too.
    let p = golden_log(&l, "dopamine_first", &dir);
    let r = review::open(&p).unwrap();
    let replay = Replay::new(Arc::clone(&l.case), &r).unwrap();
    let dopa = replay
        .decisions
        .iter()
        .find(|d| matches!(&r.records[d.record], Record::Decision { order, .. } if order.action == "start_dopamine"))
        .unwrap();
    let harmful: Vec<&str> = dopa
        .criteria
        .iter()
        .map(|&k| &replay.rescored.criteria[k])
        .filter(|c| c.status == Status::Harmful)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(harmful, ["no_dopamine_first"]);
}

#[test]
fn an_edited_log_is_still_shown_but_untrusted_from_its_first_bad_line() {
    let l = sepsis();
    let dir = common::tempdir("review-edited");
    let p = golden_log(&l, "expert", &dir);
    let mut ls = common::lines(&p);
    // Move the antibiotic an hour later after the fact.
    let i = ls
        .iter()
        .position(|x| x.contains("piperacillin_tazobactam_iv") && x.contains("\"decision\""))
        .unwrap();
    let edited = ls[i].replacen("\"t\":", "\"t\":1", 1);
    assert_ne!(edited, ls[i]);
    ls[i] = edited;
    write(&p, &ls);
    let r = review::open(&p).unwrap();
    match &r.trust {
        Trust::Untrusted(LogError::Broken { line, problem, .. }) => {
            assert_eq!(*line, i + 2, "the line after the edit no longer chains");
            assert_eq!(*problem, bedside::log::Problem::Chain);
            assert!(
                problem.to_string().starts_with("hash chain broken"),
                "{problem}"
            );
        }
        other => panic!("expected untrusted, got {other:?}"),
    }
    assert_eq!(r.trust.bad_line(), Some(i + 2));
    // Still viewable: every line read, the edited value as it now stands.
    assert_eq!(r.records.len(), ls.len() - 2);
    assert!(r.unreadable.is_empty());
    let replay = Replay::new(Arc::clone(&l.case), &r).unwrap();
    assert!(
        replay.diverges_at.is_some(),
        "the altered timing does not replay as logged"
    );
}

#[test]
fn a_torn_or_garbled_log_keeps_every_readable_line_and_names_the_rest() {
    let l = sepsis();
    let dir = common::tempdir("review-torn");
    let p = golden_log(&l, "expert", &dir);
    let ls = common::lines(&p);
    // Garbage in the middle, and the last line cut in half (no newline).
    let mut garbled = ls.clone();
    garbled[3] = "%%% not json".into();
    let cut = &ls[ls.len() - 1][..20];
    let text = garbled[..garbled.len() - 1].join("\n") + "\n" + cut;
    std::fs::write(&p, text).unwrap();
    let r = review::open(&p).unwrap();
    assert_eq!(r.trust.bad_line(), Some(4));
    assert_eq!(r.unreadable, vec![4, ls.len()]);
    assert_eq!(r.score, None, "the torn score line is not invented");
    assert_eq!(r.records.len(), ls.len() - 3);
    assert_eq!(r.record_lines[2], 5, "line numbers are the file's");
    Replay::new(Arc::clone(&l.case), &r).unwrap();
}

#[test]
fn a_last_line_that_is_json_but_not_a_score_makes_the_log_untrusted() {
    let l = sepsis();
    let dir = common::tempdir("review-bad-score");
    let p = golden_log(&l, "expert", &dir);
    let mut ls = common::lines(&p);
    let n = ls.len();
    let last = ls.last_mut().unwrap();
    *last = common::with_score(last, "{\"passed\":\"yes\"}");
    write(&p, &ls);
    let r = review::open(&p).unwrap();
    assert_eq!(r.trust.bad_line(), Some(n), "the score line is named");
    assert_eq!(r.unreadable, vec![n]);
    assert_eq!(r.score, None, "no score is invented");
    assert_eq!(r.records.len(), n - 2, "every record is kept");
    Replay::new(Arc::clone(&l.case), &r).unwrap();
}

#[test]
fn a_log_without_a_header_or_of_another_case_is_refused_with_the_reason() {
    let l = sepsis();
    let dir = common::tempdir("review-refused");
    let p = golden_log(&l, "expert", &dir);
    let mut ls = common::lines(&p);
    ls[0] = "{}".into();
    write(&p, &ls);
    match review::open(&p) {
        Err(LogError::Broken { line: 1, .. }) => {}
        other => panic!("expected line 1 to be named, got {other:?}"),
    }
    std::fs::write(&p, "").unwrap();
    assert!(matches!(review::open(&p), Err(LogError::Empty(_))));
    assert!(matches!(
        review::open(&dir.join("missing.jsonl")),
        Err(LogError::Io(..))
    ));

    std::fs::remove_file(&p).unwrap();
    let p = golden_log(&l, "expert", &dir);
    let r = review::open(&p).unwrap();
    let mini = common::mini_case();
    match Replay::new(mini, &r) {
        Err(RescoreError::OtherCase { found, .. }) => assert_eq!(found, "icu-sepsis"),
        other => panic!("expected another case, got {other:?}"),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 32, .. proptest::prelude::ProptestConfig::default() })]

    /// Whatever a trainee ordered, the review of the log verifies it, re-scores it to the score
    /// it holds, and its scrubber shows at every recorded moment (and between them) exactly the
    /// log's records up to that moment.
    #[test]
    fn any_session_reviews_to_its_own_records_at_every_moment(
        which in 0usize..3,
        seed in 0u64..1000,
        steps in proptest::collection::vec(common::trainee::step(), 1..12),
        between in proptest::collection::vec(0.0f64..1.0, 4),
    ) {
        let case = common::trainee::case(which);
        let dir = common::tempdir(&format!("review-fuzz-{which}-{seed}"));
        let p = dir.join("session.jsonl");
        let mut s = bedside::session::LiveSession::start(Arc::clone(case), &common::info(seed), Some(&p)).unwrap();
        common::trainee::play(&mut s, &steps);
        s.end().unwrap();
        let r = review::open(&p).unwrap();
        proptest::prop_assert_eq!(&r.trust, &Trust::Verified);
        let replay = Replay::new(Arc::clone(case), &r).unwrap();
        proptest::prop_assert_eq!(replay.diverges_at, None);
        proptest::prop_assert_eq!(Some(&replay.rescored), r.score.as_ref());
        let mut times: Vec<u64> = r.records.iter().map(Record::t).collect();
        times.extend(between.iter().map(|f| (replay.end as f64 * f) as u64));
        for t in times {
            let sim = replay.at(t);
            let expected: Vec<&Record> = r.records.iter().filter(|x| x.t() <= t).collect();
            let got: Vec<&Record> = sim.records().iter().collect();
            proptest::prop_assert_eq!(got, expected, "records at {} s", t);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn every_log_problem_is_worded_in_every_language() {
    use bedside::i18n::{Locale, Texts};
    use bedside::log::Problem;
    let all = [
        Problem::NotUtf8,
        Problem::NotALine("expected value at line 1 column 1".into()),
        Problem::Numbered(3),
        Problem::Chain,
        Problem::NotOneKind,
        Problem::Format(9),
        Problem::NoHeader,
        Problem::SecondHeader,
        Problem::ClockInFormat(1),
        Problem::AfterScore,
        Problem::Unterminated,
        Problem::Torn,
        Problem::NotAScore("missing field `earned`".into()),
        Problem::Time(u64::MAX),
        Problem::ScoreMismatch {
            logged: bedside::log::Verdict {
                earned: 32,
                available: 32,
                percent: 100,
                passed: true,
            },
            rescored: bedside::log::Verdict {
                earned: 12,
                available: 32,
                percent: 37,
                passed: false,
            },
        },
        Problem::TooLong,
    ];
    // A new kind of problem must be added above (and to the locales).
    for p in &all {
        match p {
            Problem::NotUtf8
            | Problem::NotALine(_)
            | Problem::Numbered(_)
            | Problem::Chain
            | Problem::NotOneKind
            | Problem::Format(_)
            | Problem::NoHeader
            | Problem::SecondHeader
            | Problem::ClockInFormat(_)
            | Problem::AfterScore
            | Problem::Unterminated
            | Problem::Torn
            | Problem::NotAScore(_)
            | Problem::Time(_)
            | Problem::ScoreMismatch { .. }
            | Problem::TooLong => {}
        }
    }
    let sources = bedside::report::ui_sources();
    for locale in Locale::ALL {
        let t = Texts::new(locale, |l| sources.get(&l).cloned().unwrap_or_default());
        let mut seen = std::collections::BTreeSet::new();
        for p in &all {
            let e = LogError::Broken {
                path: "a.jsonl".into(),
                line: 4,
                problem: p.clone(),
            };
            let text = bedside::wording::log_error_text(&e, &t);
            let said = text
                .strip_prefix("a.jsonl:4: ")
                .expect("path and line first");
            assert!(
                t.has_own(p.message_id()),
                "{locale:?} lacks {}",
                p.message_id()
            );
            assert!(
                !said.contains('{') && !said.is_empty(),
                "{locale:?}: {text}"
            );
            for (_, v) in p.args() {
                if v.chars().all(|c| c.is_ascii_digit()) {
                    assert!(said.contains(&v), "{locale:?}: {text} lacks {v}");
                }
            }
            if locale != Locale::EnUs {
                assert!(
                    !said.contains(&p.to_string()),
                    "{locale:?} says it in English: {text}"
                );
            }
            assert!(
                seen.insert(said.to_string()),
                "{locale:?}: two problems read the same"
            );
        }
        assert!(t.missing().is_empty(), "{locale:?}: {:?}", t.missing());
    }
}
