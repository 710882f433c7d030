//! The log read as a stream: the same sessions and the same first problem, at the same line, as
//! the whole-file reader it replaced (kept below as the oracle), for any damage to a log's bytes;
//! a line longer than the cap is refused at its line instead of being held in memory.

use crate::support as common;

use std::path::Path;
use std::sync::Arc;

use bedside::log::{self, GENESIS, Header, Line, LogError, Problem};
use bedside::session::play;
use bedside::sim::Record;
use proptest::prelude::*;

/// What a read gives, in comparable form.
// A test's value compared once per case: the size of its variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, PartialEq)]
enum Outcome {
    Ok {
        header: Header,
        records: Vec<Record>,
        wall_ms: Vec<u64>,
        lines: usize,
        last_hash: String,
        score_line: Option<usize>,
    },
    Err(LogError),
}

fn streamed(path: &Path, bytes: &[u8]) -> Outcome {
    match log::parse(path, bytes) {
        Ok(s) => Outcome::Ok {
            header: s.header,
            records: s.records,
            wall_ms: s.wall_ms,
            lines: s.lines,
            last_hash: s.last_hash,
            score_line: s.score.map(|s| s.line()),
        },
        Err(e) => Outcome::Err(e),
    }
}

/// A log line with its score only checked as JSON, as the reader reads it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Quick {
    n: usize,
    prev: String,
    wall_ms: u64,
    #[serde(default)]
    header: Option<Header>,
    #[serde(default)]
    record: Option<Record>,
    #[serde(default)]
    score: Option<Box<serde_json::value::RawValue>>,
}

/// The whole-file reader as it was before logs were streamed (with `Line` for the private
/// quick form [`Quick`] mirrors, which accepts the same lines with the same values and errors).
fn oracle(path: &Path, bytes: &[u8]) -> Outcome {
    let broken = |line: usize, problem: Problem| {
        Outcome::Err(LogError::Broken {
            path: path.to_path_buf(),
            line,
            problem,
        })
    };
    let cut = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let (complete, rest) = bytes.split_at(cut);
    let torn = (!rest.is_empty()).then_some(rest);
    let text = match std::str::from_utf8(complete) {
        Ok(t) => t,
        Err(e) => {
            let line = complete[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            return broken(line, Problem::NotUtf8);
        }
    };
    if text.is_empty() && torn.is_none() {
        return Outcome::Err(LogError::Empty(path.to_path_buf()));
    }
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines.pop();
    let mut prev = GENESIS.to_string();
    let mut header: Option<Header> = None;
    let mut records = Vec::new();
    let mut wall = Vec::new();
    let mut score = None;
    for (i, raw) in lines.iter().enumerate() {
        let n = i + 1;
        if score.is_some() {
            return broken(n, Problem::AfterScore);
        }
        let line: Quick = match serde_json::from_str(raw).or_else(|_| {
            serde_json::from_str::<Line>(raw).map(|l| Quick {
                n: l.n,
                prev: l.prev,
                wall_ms: l.wall_ms,
                header: l.header,
                record: l.record,
                score: l
                    .score
                    .map(|_| serde_json::value::RawValue::NULL.to_owned()),
            })
        }) {
            Ok(l) => l,
            Err(e) => return broken(n, Problem::NotALine(e.to_string())),
        };
        if line.n != n {
            return broken(n, Problem::Numbered(line.n));
        }
        if line.prev != prev {
            return broken(n, Problem::Chain);
        }
        prev = log::line_hash(raw);
        let kinds = [
            line.header.is_some(),
            line.record.is_some(),
            line.score.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return broken(n, Problem::NotOneKind);
        }
        match (n, line.header, line.record, line.score) {
            (1, Some(h), _, _) => {
                if !(1..=log::FORMAT).contains(&h.format) {
                    return broken(1, Problem::Format(h.format));
                }
                header = Some(h);
            }
            (1, ..) => return broken(1, Problem::NoHeader),
            (_, Some(_), _, _) => return broken(n, Problem::SecondHeader),
            (_, _, Some(r), _) => {
                if r.t() > bedside::scenario::expr::MAX_DURATION {
                    return broken(n, Problem::Time(r.t()));
                }
                if let (Record::Clock { .. }, Some(h)) = (&r, &header)
                    && h.format < log::FORMAT_CLOCK
                {
                    return broken(n, Problem::ClockInFormat(h.format));
                }
                records.push(r);
                wall.push(line.wall_ms);
            }
            (_, _, _, Some(_)) => score = Some(n),
            _ => return broken(n, Problem::NotOneKind),
        }
    }
    if let Some(rest) = torn {
        return broken(
            lines.len() + 1,
            if score.is_some() {
                Problem::AfterScore
            } else if !(rest.starts_with(b"{\"n\":") || b"{\"n\":".starts_with(rest)) {
                Problem::Unterminated
            } else {
                Problem::Torn
            },
        );
    }
    Outcome::Ok {
        header: header.expect("line 1 is the header"),
        records,
        wall_ms: wall,
        lines: lines.len(),
        last_hash: prev,
        score_line: score,
    }
}

fn expert_bytes() -> Vec<u8> {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES
        .get_or_init(|| {
            let dir = common::tempdir("log-stream");
            let l = common::mini();
            let g = l.case.scenario.golden_path("expert").unwrap();
            let p = dir.join("expert.jsonl");
            play(Arc::clone(&l.case), &g.script(), &common::info(1), Some(&p)).unwrap();
            std::fs::read(&p).unwrap()
        })
        .clone()
}

/// One kind of damage at a position (a fraction of the length) with a byte.
#[derive(Debug, Clone)]
enum Damage {
    Set(f64, u8),
    Insert(f64, u8),
    Remove(f64),
    CutAt(f64),
    SwapLines(f64, f64),
}

fn damage() -> impl Strategy<Value = Damage> {
    let byte = prop_oneof![
        Just(b'\n'),
        Just(0xff),
        Just(0xc3),
        Just(b'{'),
        Just(b'"'),
        Just(b'1'),
        any::<u8>()
    ];
    prop_oneof![
        (0.0..1.0, byte.clone()).prop_map(|(p, b)| Damage::Set(p, b)),
        (0.0..1.0, byte).prop_map(|(p, b)| Damage::Insert(p, b)),
        (0.0..1.0).prop_map(Damage::Remove),
        (0.0..1.0).prop_map(Damage::CutAt),
        (0.0..1.0, 0.0..1.0).prop_map(|(a, b)| Damage::SwapLines(a, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, d: &Damage) {
    let at = |p: f64, len: usize| ((p * len as f64) as usize).min(len.saturating_sub(1));
    match *d {
        Damage::Set(p, b) if !bytes.is_empty() => {
            let i = at(p, bytes.len());
            bytes[i] = b;
        }
        Damage::Insert(p, b) => {
            let i = at(p, bytes.len() + 1);
            bytes.insert(i, b);
        }
        Damage::Remove(p) if !bytes.is_empty() => {
            let i = at(p, bytes.len());
            bytes.remove(i);
        }
        Damage::CutAt(p) => bytes.truncate(at(p, bytes.len() + 1)),
        Damage::SwapLines(a, b) => {
            let mut ls: Vec<Vec<u8>> = bytes.split(|c| *c == b'\n').map(<[u8]>::to_vec).collect();
            let n = ls.len();
            if n > 1 {
                ls.swap(at(a, n), at(b, n));
            }
            *bytes = ls.join(&b'\n');
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn a_damaged_log_reads_as_the_whole_file_reader_read_it(
        ds in proptest::collection::vec(damage(), 0..4)
    ) {
        let mut bytes = expert_bytes();
        for d in &ds {
            apply(&mut bytes, d);
        }
        let p = Path::new("damaged.jsonl");
        prop_assert_eq!(streamed(p, &bytes), oracle(p, &bytes));
    }
}

#[test]
fn an_intact_log_streams_to_the_same_session() {
    let bytes = expert_bytes();
    let p = Path::new("expert.jsonl");
    let s = streamed(p, &bytes);
    assert!(matches!(s, Outcome::Ok { .. }));
    assert_eq!(s, oracle(p, &bytes));
}

#[test]
fn text_that_is_not_utf8_after_an_earlier_problem_is_named_first_as_before() {
    let mut ls: Vec<Vec<u8>> = expert_bytes()
        .split(|c| *c == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    ls.swap(2, 3); // line 3 out of order
    ls[6].push(0xff); // and line 7 is not text
    let bytes = ls.join(&b'\n');
    let p = Path::new("x.jsonl");
    match log::parse(p, &bytes) {
        Err(LogError::Broken { line, problem, .. }) => {
            assert_eq!((line, problem), (7, Problem::NotUtf8));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(streamed(p, &bytes), oracle(p, &bytes));
}

#[test]
fn a_line_longer_than_the_cap_is_refused_at_its_line() {
    let p = Path::new("long.jsonl");
    let mut bytes = expert_bytes();
    // Line 3 made longer than a small cap; the lines before it read.
    let cap = 4096;
    let lines: Vec<&[u8]> = bytes.split(|c| *c == b'\n').collect();
    let mut long = lines[..2].join(&b'\n');
    long.push(b'\n');
    long.extend(std::iter::repeat_n(b' ', cap + 1));
    long.extend_from_slice(lines[2]);
    long.push(b'\n');
    let mut r = log::Reader::new(p, &long[..]).with_cap(cap);
    assert!(matches!(r.next_item(), Ok(Some(log::Item::Header(_)))));
    assert!(matches!(
        r.next_item(),
        Ok(Some(log::Item::Record { line: 2, .. }))
    ));
    match r.next_item() {
        Err(
            e @ LogError::Broken {
                line: 3,
                problem: Problem::TooLong,
                ..
            },
        ) => {
            assert_eq!(
                e.to_string(),
                "long.jsonl:3: the line is longer than 64 MiB, the most a log line may hold: not a log this program wrote"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(r.next_item(), Ok(None)), "nothing after an error");
    // Endless bytes with no newline (as /dev/zero gives) stop at the cap, not at memory's end.
    let zeros = std::io::BufReader::new(std::io::Read::take(std::io::repeat(0), 1 << 40));
    let mut r = log::Reader::new(p, zeros).with_cap(1 << 20);
    assert!(matches!(
        r.next_item(),
        Err(LogError::Broken {
            line: 1,
            problem: Problem::TooLong,
            ..
        })
    ));
    bytes.clear();
}

/// The parts of a derived verdict that tools report: the re-scored report, whether the case
/// changed, the first line not reproduced, the logged report, and whether it differs.
type Parts = (
    bedside::rubric::ScoreReport,
    bool,
    Option<usize>,
    Option<bedside::rubric::ScoreReport>,
    bool,
);

fn derived_parts(
    d: Result<bedside::verdict::Derived, bedside::verdict::DeriveError>,
) -> Result<Parts, String> {
    d.map(|d| {
        (
            d.rescored.report,
            d.rescored.case_changed,
            d.rescored.diverges_at,
            d.logged,
            d.differs_after_change,
        )
    })
    .map_err(|e| e.to_string())
}

/// Both ways of deriving a verdict agree on the log at `p` against `case`.
fn assert_same_verdict(case: &Arc<bedside::scenario::Case>, p: &Path) {
    let whole = log::read(p).map_err(|e| e.to_string());
    let skim = log::skim(p).map_err(|e| e.to_string());
    match (whole, skim) {
        (Ok(s), Ok(k)) => {
            assert_eq!((s.lines, &s.last_hash), (k.lines, &k.last_hash));
            assert_eq!(
                derived_parts(bedside::verdict::derive(case, p, &s)),
                derived_parts(bedside::verdict::derive_skimmed(case, p, &k)),
                "{}",
                p.display()
            );
            // Keeping nothing (what `verify` and `score` read): the same.
            let bare = log::skim_bare(p).unwrap();
            assert_eq!(
                derived_parts(bedside::verdict::derive(case, p, &s)),
                derived_parts(bedside::verdict::derive_skimmed(case, p, &bare)),
                "{} (kept nothing)",
                p.display()
            );
        }
        (w, k) => assert_eq!(w.err(), k.err()),
    }
}

#[test]
fn a_skimmed_log_derives_the_same_verdict_as_the_whole_session() {
    let dir = common::tempdir("log-skim");
    let l = common::mini();
    let root = common::shared_library_root("log-skim-changed");
    // The same case with another finding and a later state change: the replay no longer
    // reproduces the log, and the evidence is aligned around what differs.
    let changed = common::mini_variant(
        &root,
        "mini",
        |s| {
            s.replace(
                "(when: \"map < 65\", text: \"mini-finding-cold\")",
                "(when: \"map < 5\", text: \"mini-finding-cold\")",
            )
            .replace("time_in_state >= 10m", "time_in_state >= 12m")
        },
        |_, t| t,
    );
    let changed = common::load(&changed).case;
    for g in &l.case.scenario.golden_paths {
        for seed in [1, 2] {
            let p = dir.join(format!("{}-{seed}.jsonl", g.id));
            play(
                Arc::clone(&l.case),
                &g.script(),
                &common::info(seed),
                Some(&p),
            )
            .unwrap();
            assert_same_verdict(&l.case, &p);
            assert_same_verdict(&changed, &p);
            // Unfinished: every line but the score line.
            let ls = common::lines(&p);
            let u = dir.join(format!("{}-{seed}-unfinished.jsonl", g.id));
            std::fs::write(&u, ls[..ls.len() - 1].join("\n") + "\n").unwrap();
            assert_same_verdict(&l.case, &u);
            assert_same_verdict(&changed, &u);
            // A tampered score line: the same error at the same line.
            let t = dir.join(format!("{}-{seed}-tampered.jsonl", g.id));
            let mut ls = ls.clone();
            let last = ls.len() - 1;
            ls[last] = ls[last].replacen("\"earned\":", "\"earned\":1", 1);
            std::fs::write(&t, ls.join("\n") + "\n").unwrap();
            assert_same_verdict(&l.case, &t);
        }
    }
}

#[test]
fn a_skimmed_log_makes_the_same_xapi_statements() {
    use bedside::xapi::{Identity, statements, statements_skimmed};
    let dir = common::tempdir("log-skim-xapi");
    let l = common::mini();
    let c = &l.case;
    for g in &l.case.scenario.golden_paths {
        let p = dir.join(format!("{}.jsonl", g.id));
        play(Arc::clone(c), &g.script(), &common::info(3), Some(&p)).unwrap();
        let ls = common::lines(&p);
        let u = dir.join(format!("{}-unfinished.jsonl", g.id));
        std::fs::write(&u, ls[..ls.len() - 1].join("\n") + "\n").unwrap();
        let t = dir.join(format!("{}-tampered.jsonl", g.id));
        let mut tampered = ls.clone();
        let last = tampered.len() - 1;
        tampered[last] = tampered[last].replacen("\"passed\":false", "\"passed\":true", 1);
        tampered[last] = tampered[last].replacen("\"earned\":", "\"earned\":1", 1);
        std::fs::write(&t, tampered.join("\n") + "\n").unwrap();
        for p in [&p, &u, &t] {
            let whole = log::read(p).map_err(|e| e.to_string()).and_then(|s| {
                statements(
                    p,
                    &s,
                    &Identity::default(),
                    &mut bedside::verdict::among(vec![Arc::clone(c)]),
                )
                .map_err(|e| e.to_string())
            });
            let skimmed = log::skim(p).map_err(|e| e.to_string()).and_then(|s| {
                statements_skimmed(p, &s, &Identity::default(), |p, s| {
                    bedside::verdict::derive_skimmed(c, p, s)
                        .map(|d| d.rescored.report)
                        .map_err(|e| e.to_string())
                })
                .map_err(|e| e.to_string())
            });
            assert_eq!(whole, skimmed, "{}", p.display());
            // One statement at a time from a second reading (how `xapi export` makes a large
            // log's statements), from a skim that kept nothing: the same statements.
            let streamed = log::skim_bare(p).map_err(|e| e.to_string()).and_then(|s| {
                let verdict = |p: &Path, s: &log::Skim| {
                    bedside::verdict::derive_skimmed(c, p, s)
                        .map(|d| d.rescored.report)
                        .map_err(|e| e.to_string())
                };
                let score =
                    bedside::xapi::verdict_of_skimmed(p, &s, verdict).map_err(|e| e.to_string())?;
                let mut out = Vec::new();
                bedside::xapi::each_statement_streamed(p, &s, &Identity::default(), &score, |v| {
                    out.push(v);
                    Ok::<(), bedside::xapi::XapiError>(())
                })
                .map_err(|e| e.to_string())?;
                Ok(out)
            });
            assert_eq!(whole, streamed, "{} (streamed)", p.display());
        }
        assert!(log::read(&p).is_ok());
    }
}
