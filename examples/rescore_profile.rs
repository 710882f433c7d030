//! Re-scoring, repeated, for profilers: the same cohort as `benches/core.rs` (every golden path
//! of every bundled case and the mini fixture, ten seeded patients each), parsed and re-scored
//! `N` times (default 3) inside `timed`, then the best and median repetition in logs/s.
//!
//! Instruction counts, which unlike wall time are repeatable on a shared VM:
//!
//! ```sh
//! cargo build --release --no-default-features --example rescore_profile
//! valgrind --tool=callgrind --toggle-collect='rescore_profile::timed' \
//!   target/release/examples/rescore_profile 1
//! ```
//!
//! Under valgrind SHA-256 runs in software (about a third of the count); natively it uses the
//! CPU's SHA extensions. To compare two builds by wall time, run their binaries in alternation.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::log::{self, Clock};
use bedside::scenario::{Case, find_cases, load_case};
use bedside::session::{SessionInfo, play, rescore};

#[inline(never)]
fn timed(cohort: &[(Arc<Case>, PathBuf, Vec<u8>)]) -> u64 {
    let mut earned = 0;
    for (case, path, bytes) in cohort {
        let session = log::parse(path, bytes).expect("the cohort's logs verify");
        let r = rescore(case, path, &session).expect("the cohort's logs re-score");
        earned += u64::from(r.report.earned);
    }
    earned
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = find_cases(&root.join("scenarios"));
    dirs.push(root.join("tests/fixtures/mini"));
    let dir = std::env::temp_dir().join(format!("bedside-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let mut cohort = Vec::new();
    for l in dirs.iter().filter_map(|d| load_case(d).ok()) {
        for g in &l.case.scenario.golden_paths {
            for seed in 0..10 {
                let p = dir.join(format!("{}-{}-{seed}.jsonl", l.case.scenario.id, g.id));
                let info = SessionInfo {
                    seed,
                    trainee: "profile".into(),
                    locale: Locale::EnUs,
                    clock: Clock::Scripted { start_ms: 0 },
                };
                play(Arc::clone(&l.case), &g.script(), &info, Some(&p)).expect("golden path plays");
                let bytes = std::fs::read(&p).expect("log written");
                cohort.push((Arc::clone(&l.case), p, bytes));
            }
        }
    }
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3)
        .max(1);
    let mut times = Vec::with_capacity(reps);
    let mut earned = 0;
    for _ in 0..reps {
        let start = std::time::Instant::now();
        earned += timed(&cohort);
        times.push(start.elapsed().as_secs_f64());
    }
    let _ = std::fs::remove_dir_all(&dir);
    times.sort_by(f64::total_cmp);
    let n = cohort.len() as f64;
    println!(
        "{} logs × {reps} (points earned: {earned}); logs/s best {:.0}, median {:.0}",
        cohort.len(),
        n / times[0],
        n / times[times.len() / 2]
    );
}
