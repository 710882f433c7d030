//! The decision log: every line chained to the one before, verified line by line, never
//! repaired; a crash loses nothing recorded, and a session resumes exactly.

use crate::support as common;

use std::path::Path;
use std::sync::Arc;

use bedside::log::{self, Clock, LogError, Syncing};
use bedside::scenario::find_cases;
use bedside::session::{LiveSession, play, play_with};
use bedside::sim::Order;

fn expert_log(dir: &Path) -> std::path::PathBuf {
    let l = common::mini();
    let g = l.case.scenario.golden_path("expert").unwrap();
    let p = dir.join("expert.jsonl");
    play(Arc::clone(&l.case), &g.script(), &common::info(1), Some(&p)).unwrap();
    p
}

fn broken_line(path: &Path, bytes: &[u8]) -> (usize, String) {
    match log::parse(path, bytes) {
        Err(LogError::Broken { line, problem, .. }) => (line, problem.to_string()),
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

fn join(ls: &[String]) -> Vec<u8> {
    (ls.join("\n") + "\n").into_bytes()
}

#[test]
fn an_untouched_log_verifies_with_its_header_records_and_score() {
    let dir = common::tempdir("log-ok");
    let p = expert_log(&dir);
    let s = log::read(&p).unwrap();
    assert_eq!(s.header.scenario_id, "mini");
    assert_eq!(s.header.seed, 1);
    let score = s.score.as_ref().unwrap();
    assert_eq!(score.line(), s.lines);
    assert!(score.report(&p).unwrap().passed);
    assert_eq!(s.lines, s.records.len() + 2);
}

#[test]
fn editing_a_value_breaks_the_chain_at_the_next_line() {
    let dir = common::tempdir("log-edit");
    let p = expert_log(&dir);
    let mut ls = common::lines(&p);
    let i = ls.iter().position(|l| l.contains("\"fluid\"")).unwrap();
    ls[i] = ls[i].replace("1000.0", "100.0");
    assert_ne!(common::lines(&p)[i], ls[i], "the edit must change the line");
    let (line, problem) = broken_line(&p, &join(&ls));
    assert_eq!(
        line,
        i + 2,
        "the line after the edited one no longer matches"
    );
    assert!(problem.starts_with("hash chain broken"), "{problem}");
}

#[test]
fn deleting_or_reordering_lines_is_detected_where_it_happened() {
    let dir = common::tempdir("log-delete");
    let p = expert_log(&dir);
    let ls = common::lines(&p);
    let mut deleted = ls.clone();
    deleted.remove(4);
    assert_eq!(broken_line(&p, &join(&deleted)).0, 5);
    let mut swapped = ls.clone();
    swapped.swap(3, 4);
    assert_eq!(broken_line(&p, &join(&swapped)).0, 4);
}

#[test]
fn a_torn_last_line_is_reported_not_repaired() {
    let dir = common::tempdir("log-torn");
    let p = expert_log(&dir);
    let mut bytes = std::fs::read(&p).unwrap();
    bytes.truncate(bytes.len() - 20);
    let (line, problem) = broken_line(&p, &bytes);
    assert_eq!(line, common::lines(&p).len());
    assert!(problem.contains("incomplete"), "{problem}");
    // The file on disk is untouched by reading it.
    assert_eq!(std::fs::read(&p).unwrap().len(), bytes.len() + 20);
}

/// A file names its first problem, wherever it is: a damaged line before a torn last one is
/// reported, and a cut inside a character is a torn line, not bad text.
#[test]
fn the_first_problem_in_a_torn_log_is_the_one_named() {
    let dir = common::tempdir("log-first-problem");
    let p = expert_log(&dir);
    let bytes = std::fs::read(&p).unwrap();
    let mut ls = common::lines(&p);
    ls[3] = ls[3].replace("\"t\":0", "\"t\":1");
    let mut edited = join(&ls);
    edited.truncate(edited.len() - 20);
    assert_eq!(
        broken_line(&p, &edited).0,
        5,
        "the line after the edit, not the torn one"
    );
    // Cut right after the first byte of the two-byte "µ" of "µg/kg/min".
    let micro = bytes.windows(2).position(|w| w == "µ".as_bytes()).unwrap();
    let (line, problem) = broken_line(&p, &bytes[..=micro]);
    assert_eq!(
        line,
        bytes[..micro].iter().filter(|b| **b == b'\n').count() + 1
    );
    assert!(problem.contains("incomplete"), "{problem}");
    // A line cut after its first few bytes is still a torn line of this program's.
    let mut cut = join(&common::lines(&p)[..4]);
    cut.extend_from_slice(b"{\"n");
    assert!(broken_line(&p, &cut).1.contains("incomplete"));
    // Something that is not a log at all, without a final newline, is not called a torn log.
    let (line, problem) = broken_line(&p, b"Script(steps: [])");
    assert_eq!(line, 1);
    assert!(problem.starts_with("not a log line"), "{problem}");
}

#[test]
fn lines_after_the_score_and_garbage_are_refused() {
    let dir = common::tempdir("log-after");
    let p = expert_log(&dir);
    let mut ls = common::lines(&p);
    let last = ls.last().unwrap().clone();
    ls.push(last);
    assert_eq!(
        broken_line(&p, &join(&ls)).1,
        "a line follows the score line, which must be last"
    );
    let garbage = b"not json\n".to_vec();
    let (line, problem) = broken_line(&p, &garbage);
    assert_eq!(line, 1);
    assert!(problem.starts_with("not a log line"), "{problem}");
}

/// The score line is decoded on demand: a last line that is well-formed JSON in an intact chain
/// but not a score still reads (its records can be replayed), and asking for the score names
/// the line. `bedside verify` asks (tests/cli.rs).
#[test]
fn a_score_line_that_is_not_a_score_is_reported_when_the_score_is_read() {
    let dir = common::tempdir("log-bad-score");
    let p = expert_log(&dir);
    let mut ls = common::lines(&p);
    let n = ls.len();
    let last = ls.last_mut().unwrap();
    *last = common::with_score(last, "{\"percent\":\"all\"}");
    std::fs::write(&p, join(&ls)).unwrap();
    let s = log::read(&p).expect("the chain and the JSON are intact");
    assert_eq!(s.records.len(), n - 2);
    match s.score_report(&p) {
        Err(LogError::Broken { line, problem, .. }) => {
            assert_eq!(line, n);
            assert!(matches!(problem, log::Problem::NotAScore(_)), "{problem}");
            assert!(
                problem
                    .to_string()
                    .starts_with("the score line does not hold a valid score"),
                "{problem}"
            );
        }
        other => panic!("expected the score line to be refused, got {other:?}"),
    }
    // Not JSON at all is refused when the log is read, as before.
    let last = ls.last_mut().unwrap();
    *last = common::with_score(last, "{\"percent\":}");
    let (line, problem) = broken_line(&p, &join(&ls));
    assert_eq!(line, n);
    assert!(problem.starts_with("not a log line"), "{problem}");
}

#[test]
fn a_session_is_never_written_over_an_existing_log() {
    let dir = common::tempdir("log-exists");
    let p = expert_log(&dir);
    let err = LiveSession::start(common::mini_case(), &common::info(1), Some(&p)).unwrap_err();
    assert!(
        err.to_string().contains("could not write the decision log"),
        "{err}"
    );
}

/// Places each order at its time.
fn play_orders(s: &mut LiveSession, orders: &[(u64, Order)]) {
    for (t, o) in orders {
        s.advance(t - s.sim.now()).unwrap();
        let _ = s.apply(o);
    }
}

/// A lactate, then a litre of fluid.
fn some_orders() -> Vec<(u64, Order)> {
    vec![
        (60, Order::new("lactate")),
        (
            120,
            Order {
                action: "fluid".into(),
                dose: Some((1000.0, "mL".into())),
                ..Order::default()
            },
        ),
    ]
}

#[test]
fn after_a_crash_the_session_resumes_exactly_where_it_was() {
    let dir = common::tempdir("log-resume");
    let case = common::mini_case();
    let p = dir.join("crash.jsonl");
    let info = common::info(9);
    let mut orders = some_orders();
    orders.push((
        200,
        Order {
            action: "fluid".into(),
            dose: Some((-5.0, "mL".into())),
            ..Order::default()
        },
    ));
    // The uninterrupted session, for comparison.
    let mut whole = LiveSession::start(Arc::clone(&case), &info, None).unwrap();
    play_orders(&mut whole, &orders);
    {
        // The "crashed" one: dropped mid-case with no score line.
        let mut s = LiveSession::start(Arc::clone(&case), &info, Some(&p)).unwrap();
        play_orders(&mut s, &orders);
    }
    assert!(log::read(&p).unwrap().score.is_none());
    let mut resumed = LiveSession::resume(
        Arc::clone(&case),
        &p,
        Clock::Scripted {
            start_ms: 1_700_000_000_000,
        },
    )
    .unwrap();
    assert_eq!(resumed.sim.records(), whole.sim.records());
    assert_eq!(resumed.sim.shown(), whole.sim.shown());
    // Both go on identically, and the resumed log stays a valid chain.
    let ne = Order {
        action: "start_norepinephrine".into(),
        rate: Some((0.1, "µg/kg/min".into())),
        ..Order::default()
    };
    resumed.apply(&ne).unwrap();
    whole.apply(&ne).unwrap();
    resumed.advance(3600).unwrap();
    whole.advance(3600).unwrap();
    assert_eq!(resumed.score(), whole.score());
    let s = log::read(&p).unwrap();
    assert_eq!(s.records, whole.sim.records());
    assert!(s.score.is_some());
}

#[test]
fn a_clock_line_resumes_the_session_where_the_clock_stood_and_changes_no_score() {
    let dir = common::tempdir("log-clock");
    let case = common::mini_case();
    let p = dir.join("paused.jsonl");
    let info = common::info(4);
    let clock = Clock::Scripted { start_ms: 0 };
    let mut whole = LiveSession::start(Arc::clone(&case), &info, None).unwrap();
    play_orders(&mut whole, &some_orders());
    whole.advance(900 - whole.sim.now()).unwrap();
    {
        let mut s = LiveSession::start(Arc::clone(&case), &info, Some(&p)).unwrap();
        play_orders(&mut s, &some_orders());
        s.advance(900 - s.sim.now()).unwrap();
        assert_ne!(s.sim.records().last().unwrap().t(), 900, "a quiet moment");
        assert!(s.note_time().unwrap());
        assert!(!s.note_time().unwrap(), "time has not moved since");
    }
    let logged = log::read(&p).unwrap();
    assert_eq!(logged.header.format, log::FORMAT);
    assert_eq!(
        logged.records.last(),
        Some(&bedside::sim::Record::Clock { t: 900 })
    );
    // Resumed: at the noted moment, with the same patient as the session that never stopped.
    let mut resumed = LiveSession::resume(Arc::clone(&case), &p, clock).unwrap();
    assert_eq!(resumed.sim.now(), 900);
    assert_eq!(resumed.sim.truth(), whole.sim.truth());
    assert_eq!(resumed.sim.shown(), whole.sim.shown());
    let mut with_line = whole.sim.records().to_vec();
    with_line.push(bedside::sim::Record::Clock { t: 900 });
    assert_eq!(resumed.sim.records(), with_line.as_slice());
    // Both go on to the end with the same score, and re-scoring the log gives it too.
    resumed.advance(3600).unwrap();
    whole.advance(3600).unwrap();
    assert!(
        !resumed.note_time().unwrap(),
        "nothing to note once the case is over"
    );
    assert_eq!(resumed.score(), whole.score());
    let logged = log::read(&p).unwrap();
    let r = bedside::session::rescore(&case, &p, &logged).unwrap();
    assert_eq!(r.diverges_at, None);
    assert_eq!(Some(&r.report), whole.score());
}

/// The log's lines with `prev` re-computed from the line before (after an edit), as a writer
/// would have made them: the chain verifies, so what is checked is the edit itself.
fn rechain(lines: &[String]) -> Vec<u8> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let at = l.find("\"prev\":\"").unwrap() + 8;
        let prev = out
            .last()
            .map_or(log::GENESIS.to_string(), |p| log::line_hash(p));
        out.push(format!("{}{prev}{}", &l[..at], &l[at + 64..]));
    }
    join(&out)
}

#[test]
fn a_format_1_log_reads_resumes_and_goes_on_without_clock_lines() {
    let dir = common::tempdir("log-format1");
    let case = common::mini_case();
    let info = common::info(4);
    let p = dir.join("old.jsonl");
    {
        let mut s = LiveSession::start(Arc::clone(&case), &info, Some(&p)).unwrap();
        play_orders(&mut s, &some_orders());
    }
    let mut lines = common::lines(&p);
    assert!(lines[0].contains("\"format\":2,"), "{}", lines[0]);
    lines[0] = lines[0].replace("\"format\":2,", "\"format\":1,");
    std::fs::write(&p, rechain(&lines)).unwrap();
    assert_eq!(log::read(&p).unwrap().header.format, 1);

    let clock = Clock::Scripted { start_ms: 0 };
    let mut s = LiveSession::resume(Arc::clone(&case), &p, clock).unwrap();
    s.advance(600).unwrap();
    assert!(
        !s.note_time().unwrap(),
        "a format 1 log takes no clock lines"
    );
    drop(s);
    let logged = log::read(&p).unwrap();
    assert_eq!(logged.header.format, 1);
    assert!(
        !logged
            .records
            .iter()
            .any(|r| matches!(r, bedside::sim::Record::Clock { .. }))
    );

    // A clock line in a format 1 log is not something this program wrote: named, not read.
    let mut lines = common::lines(&p);
    let n = lines.len();
    lines.push(format!(
        "{{\"n\":{},\"prev\":\"{}\",\"wall_ms\":0,\"record\":{{\"kind\":\"clock\",\"t\":700}}}}",
        n + 1,
        log::GENESIS,
    ));
    let (line, problem) = broken_line(&p, &rechain(&lines));
    assert_eq!(line, n + 1);
    assert_eq!(
        problem,
        "a clock line in a log of format 1: clock lines came with format 2"
    );
    // The same line in a format 2 log reads.
    lines[0] = lines[0].replace("\"format\":1,", "\"format\":2,");
    let read = log::parse(&p, &rechain(&lines)).unwrap();
    assert_eq!(
        read.records.last(),
        Some(&bedside::sim::Record::Clock { t: 700 })
    );
    // A format from the future is refused by name.
    lines[0] = lines[0].replace("\"format\":2,", "\"format\":3,");
    assert_eq!(
        broken_line(&p, &rechain(&lines)),
        (
            1,
            "log format 3 is not supported (this program reads formats 1 to 2)".to_string()
        )
    );
}

/// The app's logs are written on a thread of their own. The bytes are the same as when the
/// session writes them itself, for every golden path; closing the session (here, dropping it
/// without waiting) writes what was still on its way.
#[test]
fn a_log_written_in_the_background_is_byte_for_byte_the_one_written_inline() {
    let dir = common::tempdir("log-background");
    let mut dirs = find_cases(&common::root().join("scenarios"));
    dirs.push(common::root().join("tests/fixtures/mini"));
    let mut compared = 0;
    for d in dirs {
        let l = common::load(&d);
        for g in &l.case.scenario.golden_paths {
            let id = format!("{}-{}", l.case.scenario.id, g.id);
            let inline = dir.join(format!("{id}-inline.jsonl"));
            let background = dir.join(format!("{id}-background.jsonl"));
            let info = common::info(g.seed);
            play(Arc::clone(&l.case), &g.script(), &info, Some(&inline)).unwrap();
            let s = play_with(
                Arc::clone(&l.case),
                &g.script(),
                &info,
                Some(&background),
                Syncing::Background,
            )
            .unwrap();
            assert!(s.saved_records() <= s.sim.records().len());
            drop(s);
            assert!(
                std::fs::read(&inline).unwrap() == std::fs::read(&background).unwrap(),
                "{id}: the logs differ"
            );
            compared += 1;
        }
    }
    assert!(compared >= 10, "only {compared} golden paths");
}

/// In the background, what a session reports as saved is on disk, and once it has waited,
/// everything is; a session resumed from such a log goes on in the background as well.
#[test]
fn a_background_session_reports_what_is_on_disk_and_resumes() {
    let dir = common::tempdir("log-background-resume");
    let case = common::mini_case();
    let p = dir.join("bg.jsonl");
    let info = common::info(4);
    let mut s =
        LiveSession::start_with(Arc::clone(&case), &info, Some(&p), Syncing::Background).unwrap();
    for (t, o) in [(60, Order::new("lactate")), (90, Order::new("examine"))] {
        s.advance(t - s.sim.now()).unwrap();
        s.apply(&o).unwrap();
        s.poll().unwrap();
        // The file may still be empty (the header on its way), but never holds fewer lines.
        let lines = std::fs::read(&p)
            .unwrap()
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        assert!(lines > s.saved_records() || s.saved_records() == 0);
        s.wait_saved().unwrap();
        assert_eq!(s.unsaved_lines(), 0);
        assert_eq!(s.saved_records(), s.sim.records().len());
        assert_eq!(log::read(&p).unwrap().records, s.sim.records());
    }
    let records = s.sim.records().to_vec();
    drop(s);
    let mut r =
        LiveSession::resume_with(Arc::clone(&case), &p, info.clock, Syncing::Background).unwrap();
    assert_eq!(r.sim.records(), records.as_slice());
    assert_eq!(r.saved_records(), records.len());
    r.advance(600).unwrap();
    r.end().unwrap();
    r.wait_saved().unwrap();
    let on_disk = log::read(&p).unwrap();
    assert_eq!(on_disk.records, r.sim.records());
    assert!(on_disk.score.is_some());
}

#[test]
fn a_refused_order_is_logged_with_its_reason() {
    let case = common::mini_case();
    let mut s = LiveSession::start(case, &common::info(1), None).unwrap();
    let err = s
        .apply(&Order {
            action: "fluid".into(),
            dose: Some((f64::NAN, "mL".into())),
            ..Order::default()
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the order was refused: the dose is not a number"
    );
    assert!(
        matches!(s.sim.records().last(), Some(bedside::sim::Record::Refused { reason, .. }) if reason == "the dose is not a number")
    );
}

/// The expert log of the mini case, made once for the property below.
fn pristine() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| std::fs::read(expert_log(&common::tempdir("log-fuzz"))).unwrap())
}

/// One edit of a log's bytes: `at` is a fraction of the length.
#[derive(Debug, Clone)]
enum Edit {
    Replace(f64, u8),
    Delete(f64),
    Insert(f64, u8),
    Truncate(f64),
}

fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
    use proptest::prelude::*;
    prop_oneof![
        (0.0f64..1.0, any::<u8>()).prop_map(|(a, b)| Edit::Replace(a, b)),
        (0.0f64..1.0).prop_map(Edit::Delete),
        (0.0f64..1.0, any::<u8>()).prop_map(|(a, b)| Edit::Insert(a, b)),
        (0.0f64..1.0).prop_map(Edit::Truncate),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, .. proptest::prelude::ProptestConfig::default() })]

    /// Random damage anywhere in a finished log (bytes replaced, removed or added, the file cut
    /// short) never makes reading, reviewing or re-scoring it panic, and never passes unseen: a
    /// damaged log either fails verification or differs only in its last line — a changed score
    /// line, or whole lines cut from the end — which then has a different hash from the
    /// original's last line (the hash the debrief and the xAPI results carry).
    #[test]
    fn damage_to_a_log_is_reported_or_shows_in_its_final_hash(
        edits in proptest::collection::vec(edit(), 1..5)
    ) {
        let original = pristine();
        let mut bytes = original.to_vec();
        for e in &edits {
            let at = |f: f64, len: usize| ((len as f64 * f) as usize).min(len);
            match *e {
                Edit::Replace(f, b) if !bytes.is_empty() => {
                    let i = at(f, bytes.len() - 1);
                    bytes[i] = b;
                }
                Edit::Delete(f) if !bytes.is_empty() => {
                    bytes.remove(at(f, bytes.len() - 1));
                }
                Edit::Insert(f, b) => bytes.insert(at(f, bytes.len()), b),
                Edit::Truncate(f) => bytes.truncate(at(f, bytes.len())),
                _ => {}
            }
        }
        let path = Path::new("damaged.jsonl");
        let parsed = log::parse(path, &bytes);
        let reviewed = bedside::review::review_bytes(path, &bytes);
        if bytes == original {
            proptest::prop_assert!(parsed.is_ok());
            return Ok(());
        }
        match parsed {
            Ok(session) => {
                let text = std::str::from_utf8(&bytes).expect("an accepted log is UTF-8");
                let lines: Vec<&str> = text.lines().collect();
                let theirs: Vec<&str> = std::str::from_utf8(original).unwrap().lines().collect();
                let (last, before) = lines.split_last().expect("an accepted log has lines");
                proptest::prop_assert_eq!(before, &theirs[..before.len()], "only the last line may differ");
                proptest::prop_assert_ne!(log::line_hash(last), log::line_hash(theirs.last().unwrap()));
                // Whatever verifies can be re-scored (or is refused with a reason), without panicking.
                let l = common::mini();
                let _ = bedside::session::rescore(&l.case, path, &session);
            }
            Err(_) => {
                if let Ok(r) = reviewed {
                    proptest::prop_assert!(!r.trust.is_verified(), "a log that fails verification is shown untrusted");
                }
            }
        }
    }
}
