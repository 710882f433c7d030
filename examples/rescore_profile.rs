//! Re-scoring, repeated, for profilers: the same cohort as `benches/core.rs` (every golden path
//! of every bundled case and the mini fixture, ten seeded patients each), parsed and re-scored
//! `N` times (default 3) inside `timed`, then the best and median repetition in logs/s — by
//! wall time, and by this thread's CPU time (which leaves out time the VM's host gave this
//! virtual CPU to someone else: the "steal" that `/proc/stat` counts, also printed).
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
    let mut wall = Vec::with_capacity(reps);
    let mut cpu = Vec::with_capacity(reps);
    let mut earned = 0;
    let steal_before = steal_ticks();
    for _ in 0..reps {
        let (start, cpu_start) = (std::time::Instant::now(), thread_cpu_secs());
        earned += timed(&cohort);
        wall.push(start.elapsed().as_secs_f64());
        cpu.push(thread_cpu_secs() - cpu_start);
    }
    let steal = steal_ticks().zip(steal_before).map(|(a, b)| a - b);
    let _ = std::fs::remove_dir_all(&dir);
    let total_wall: f64 = wall.iter().sum();
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let n = cohort.len() as f64;
    println!(
        "{} logs × {reps} (points earned: {earned}); logs/s by wall time: best {:.0}, median {:.0}; \
         by thread CPU time: best {:.0}, median {:.0}",
        cohort.len(),
        n / wall[0],
        n / wall[wall.len() / 2],
        n / cpu[0],
        n / cpu[cpu.len() / 2]
    );
    if let Some(ticks) = steal {
        // USER_HZ is 100 on Linux; the machine-wide figure is over all CPUs.
        println!(
            "steal (all CPUs) while timed: {:.2} s over {:.2} s of wall time",
            ticks as f64 / 100.0,
            total_wall
        );
    }
}

/// This thread's CPU time in seconds.
fn thread_cpu_secs() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// The machine's steal time so far in clock ticks (the eighth figure of `/proc/stat`'s `cpu`
/// line), if it can be read.
fn steal_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    stat.lines().next()?.split_whitespace().nth(8)?.parse().ok()
}
