//! How long a what-if answer takes for a four-hour case (target < 100 ms): the sepsis case's
//! fluid non-responder path (norepinephrine and 2 L over four hours), with the antibiotic moved
//! past an hour. Measured two ways: the answer alone (re-simulate the edited decisions with the
//! monitor and score them; what the app does on each edit) and from the log file (read, verify
//! the chain, re-derive the verdict, replay the session, then the answer: what `bedside what-if`
//! does).

use std::path::Path;
use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::scenario::load_case;
use bedside::session::{SessionInfo, play};
use bedside::whatif::{Edit, Original};
use criterion::{Criterion, criterion_group, criterion_main};

fn what_if(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let l = load_case(&root.join("scenarios/icu-sepsis")).expect("the sepsis case loads");
    assert_eq!(
        l.case.scenario.time_limit.secs(),
        4 * 3600,
        "a four-hour case"
    );
    let g = l
        .case
        .scenario
        .golden_path("expert")
        .expect("its expert path");
    let dir = std::env::temp_dir().join(format!("bedside-bench-whatif-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("expert.jsonl");
    let info = SessionInfo {
        seed: g.seed,
        trainee: "bench".into(),
        locale: Locale::EnUs,
        clock: Clock::Scripted { start_ms: 0 },
    };
    play(Arc::clone(&l.case), &g.script(), &info, Some(&log)).unwrap();
    let original = Original::open(&l.case, &log).unwrap();
    let n = original
        .decisions()
        .iter()
        .position(|(_, o)| o.action == "piperacillin_tazobactam_iv")
        .unwrap()
        + 1;
    let edits = [Edit::Move {
        decision: n,
        to: 61 * 60,
    }];
    let mut group = c.benchmark_group("what_if_4h_case");
    group.bench_function("answer", |b| b.iter(|| original.what_if(&edits).unwrap()));
    group.bench_function("from_the_log_file", |b| {
        b.iter(|| {
            Original::open(&l.case, &log)
                .unwrap()
                .what_if(&edits)
                .unwrap()
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, what_if);
criterion_main!(benches);
