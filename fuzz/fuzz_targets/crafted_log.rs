//! A decision log with a valid hash chain whose records are anything at all: what an assessor
//! could be handed by a buggy or hostile writer that recomputed every hash. Reading it, replaying
//! and re-scoring it against the case, and rendering the debrief must never panic.
//!
//! Each input line becomes one record line (`"record": <line>`) after a correct header, with
//! `n` and `prev` filled in so the chain verifies; a last input line starting with `S` becomes
//! the score line instead.

#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use bedside::i18n::Locale;
use bedside::log::{self, GENESIS};
use bedside::report;
use bedside::review;
use bedside::scenario::{LoadedCase, load_case};
use bedside::session::rescore;
use libfuzzer_sys::fuzz_target;

fn case() -> &'static LoadedCase {
    static CASE: OnceLock<LoadedCase> = OnceLock::new();
    CASE.get_or_init(|| {
        load_case(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/icu-sepsis"))
            .unwrap_or_else(|_| panic!("the bundled case loads"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = case();
    let c = &loaded.case;
    let header = format!(
        r#""header":{{"format":2,"scenario_id":"{}","scenario_version":"{}","content_hash":"{}","program":"bedside fuzz","seed":7,"trainee":"fuzz","locale":"en-US","started_ms":0}}"#,
        c.scenario.id, c.scenario.version, c.content_hash
    );
    let mut prev = GENESIS.to_string();
    let mut bytes = Vec::new();
    let bodies = std::iter::once(header).chain(text.lines().map(|l| match l.strip_prefix('S') {
        Some(score) => format!(r#""score":{score}"#),
        None => format!(r#""record":{l}"#),
    }));
    for (i, body) in bodies.enumerate() {
        let line = format!(r#"{{"n":{},"prev":"{prev}","wall_ms":0,{body}}}"#, i + 1);
        prev = log::line_hash(&line);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    let path = Path::new("crafted.jsonl");
    // What the Review screen shows (it opens damaged logs too, as untrusted): the replay at its
    // start, middle and end.
    for b in [&bytes[..], data] {
        if let Ok(reviewed) = review::review_bytes(path, b)
            && let Ok(replay) = review::Replay::new(Arc::clone(c), &reviewed)
        {
            let end = reviewed.end();
            let mut sim = replay.at(0);
            replay.advance(&mut sim, end / 2);
            replay.advance(&mut sim, end);
        }
    }
    let Ok(session) = log::parse(path, &bytes) else {
        return;
    };
    let _ = session.score_report(path);
    if let Ok(r) = rescore(c, path, &session) {
        for lang in Locale::ALL {
            let texts = loaded.texts(lang, &report::ui_sources());
            let _ = report::text(&r.report, loaded, &texts);
        }
    }
});
