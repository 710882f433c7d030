//! Core benchmarks: how fast the simulation runs each bundled case under its expert path
//! (simulated seconds per wall second; target ≥ 10⁶), and how many logs re-score per second on
//! one core from their bytes (parse + verify chain + re-simulate + score; target ≥ 5 000).

use std::path::Path;
use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::log::{self, Clock};
use bedside::scenario::{find_cases, load_case};
use bedside::session::{SessionInfo, play, rescore};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn cases() -> Vec<bedside::scenario::LoadedCase> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = find_cases(&root.join("scenarios"));
    dirs.push(root.join("tests/fixtures/mini"));
    dirs.iter().filter_map(|d| load_case(d).ok()).collect()
}

fn info(seed: u64) -> SessionInfo {
    SessionInfo {
        seed,
        trainee: "bench".into(),
        locale: Locale::EnUs,
        clock: Clock::Scripted { start_ms: 0 },
    }
}

fn simulate(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulate_expert_path");
    for l in cases() {
        let Some(g) = l.case.scenario.golden_path("expert") else {
            continue;
        };
        let script = g.script();
        let simulated = play(Arc::clone(&l.case), &script, &info(g.seed), None)
            .unwrap()
            .sim
            .now();
        // Throughput in "elements" = simulated seconds, so criterion reports simulated s per wall s.
        group.throughput(Throughput::Elements(simulated));
        group.bench_function(&l.case.scenario.id, |b| {
            b.iter(|| play(Arc::clone(&l.case), &script, &info(g.seed), None).unwrap())
        });
    }
    group.finish();
}

fn rescoring(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("bedside-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // A cohort: every golden path of every case, ten seeded patients each, as log files' bytes.
    let mut cohort = Vec::new();
    for l in cases() {
        for g in &l.case.scenario.golden_paths {
            for seed in 0..10 {
                let p = dir.join(format!("{}-{}-{seed}.jsonl", l.case.scenario.id, g.id));
                play(Arc::clone(&l.case), &g.script(), &info(seed), Some(&p)).unwrap();
                cohort.push((Arc::clone(&l.case), p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut group = c.benchmark_group("rescore_logs");
    group.throughput(Throughput::Elements(cohort.len() as u64));
    group.bench_function(format!("{}_logs_from_bytes", cohort.len()), |b| {
        b.iter(|| {
            for (case, path, bytes) in &cohort {
                let session = log::parse(path, bytes).unwrap();
                let r = rescore(case, path, &session).unwrap();
                assert!(r.diverges_at.is_none());
            }
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, simulate, rescoring);
criterion_main!(benches);
