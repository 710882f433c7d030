//! Times in a decision log: a log whose simulated times (`t`, a result's `ordered_at`) and
//! wall-clock times (`wall_ms`) are anything a hostile writer could put there, with a hash chain
//! that verifies. Reading it (whole and as a stream, with a small line cap), re-scoring it,
//! building its xAPI statements (durations and timestamps from those times) and rendering the
//! debrief must never panic: a time beyond the bound is an error at its line.
//!
//! Input: text lines `<kind> <t> <wall_ms>` (numbers as decimal text, any size; a missing or
//! unreadable number is 0) with kind `x` examine, `l` lactate, `f` 500 mL fluid, `n`
//! norepinephrine, `c` clock, `e` the trainee ends the case, `r` a lactate result ordered at
//! `wall_ms` (read as seconds); any other line is taken as a record's JSON as it is. The header's
//! `started_ms` is the first line's `wall_ms`. After the records comes the score line the program
//! would write for the re-scored session. The raw input is also read as a log's bytes.

#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use bedside::i18n::Locale;
use bedside::log::{self, GENESIS};
use bedside::report;
use bedside::scenario::{LoadedCase, load_case};
use bedside::session::rescore;
use bedside::verdict;
use bedside::xapi::{Identity, statements};
use libfuzzer_sys::fuzz_target;

fn case() -> &'static LoadedCase {
    static CASE: OnceLock<LoadedCase> = OnceLock::new();
    CASE.get_or_init(|| {
        load_case(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mini"))
            .unwrap_or_else(|_| panic!("the fixture loads"))
    })
}

fn number(s: Option<&str>) -> u64 {
    s.and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Appends a chained line with `body` (`"record":…` or `"score":…`) to `bytes`.
fn push(bytes: &mut Vec<u8>, prev: &mut String, n: usize, wall: u64, body: &str) {
    let line = format!(r#"{{"n":{n},"prev":"{prev}","wall_ms":{wall},{body}}}"#);
    *prev = log::line_hash(&line);
    bytes.extend_from_slice(line.as_bytes());
    bytes.push(b'\n');
}

/// Reads `bytes` as a stream with a small cap, to the end or the first problem.
fn stream(bytes: &[u8]) {
    let mut r = log::Reader::new(Path::new("s.jsonl"), bytes).with_cap(512);
    while let Ok(Some(_)) = r.next_item() {}
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("times.jsonl");
    let _ = log::parse(path, data);
    stream(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = case();
    let c = &loaded.case;
    let started = number(text.lines().next().and_then(|l| l.split(' ').nth(2)));
    let header = format!(
        r#""header":{{"format":2,"scenario_id":"{}","scenario_version":"{}","content_hash":"{}","program":"bedside fuzz","seed":3,"trainee":"fuzz","locale":"en-US","started_ms":{started}}}"#,
        c.scenario.id, c.scenario.version, c.content_hash
    );
    let mut prev = GENESIS.to_string();
    let mut bytes = Vec::new();
    push(&mut bytes, &mut prev, 1, started, &header);
    let mut n = 1;
    for l in text.lines() {
        let mut w = l.split(' ');
        let kind = w.next().unwrap_or_default();
        let t = number(w.next());
        let wall = number(w.next());
        let record = match kind {
            "x" => format!(r#"{{"kind":"decision","t":{t},"order":{{"action":"examine"}}}}"#),
            "l" => format!(r#"{{"kind":"decision","t":{t},"order":{{"action":"lactate"}}}}"#),
            "f" => format!(
                r#"{{"kind":"decision","t":{t},"order":{{"action":"fluid","dose":[500.0,"mL"],"route":"IV"}},"amount":500.0}}"#
            ),
            "n" => format!(
                r#"{{"kind":"decision","t":{t},"order":{{"action":"start_norepinephrine","rate":[0.15,"µg/kg/min"]}},"rate_per_h":540.0}}"#
            ),
            "c" => format!(r#"{{"kind":"clock","t":{t}}}"#),
            "e" => format!(r#"{{"kind":"end","t":{t},"reason":"trainee","state":"shocked"}}"#),
            "r" => format!(
                r#"{{"kind":"result","t":{t},"action":"lactate","ordered_at":{wall},"values":[["lactate",3.8]]}}"#
            ),
            _ => l.to_string(),
        };
        n += 1;
        push(&mut bytes, &mut prev, n, wall, &format!(r#""record":{record}"#));
    }
    stream(&bytes);
    let Ok(session) = log::parse(path, &bytes) else {
        return;
    };
    let Ok(r) = rescore(c, path, &session) else {
        return;
    };
    let Ok(score) = serde_json::to_string(&r.report) else {
        return;
    };
    let end_wall = session.wall_ms.last().copied().unwrap_or(started);
    push(&mut bytes, &mut prev, n + 1, end_wall, &format!(r#""score":{score}"#));
    stream(&bytes);
    let Ok(finished) = log::parse(path, &bytes) else {
        return;
    };
    let mut verdicts = verdict::among(vec![Arc::clone(c)]);
    let _ = statements(path, &finished, &Identity::default(), &mut verdicts);
    let texts = loaded.texts(Locale::EnUs, &report::ui_sources());
    let _ = report::text(&r.report, loaded, &texts);
});
