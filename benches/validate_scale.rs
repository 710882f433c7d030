//! How `bedside validate` (load, compile, lint) grows with the size of a case: the test fixture
//! `mini` with N more states (10 000, 40 000 and 200 000 by default), run as the release binary.
//!
//! The added states form a chain from the first state: `shocked` may move to `s0`, each `sI` to
//! `sI+1` after a minute in it, the last to `recovered`: a long path to the only end state that
//! the chain reaches, which is what a sweep over the states "until nothing changes" takes one
//! sweep per state to follow. Each state is written compactly (about 70 bytes) so that 200,000
//! of them fit in the 16 MiB a case file may have. Output: one line per size with the wall time, and the time per state (flat when
//! validation is linear).
//!
//! `cargo bench --no-default-features --bench validate_scale`; `BEDSIDE_BENCH_STATES` sets the
//! sizes (comma-separated).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Writes the case with `n` added states into `dir`.
pub fn write_case(dir: &Path, n: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mini = root.join("tests/fixtures/mini");
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    for e in std::fs::read_dir(mini.join("locales")).unwrap() {
        let e = e.unwrap();
        // The added states' label.
        let text = std::fs::read_to_string(e.path()).unwrap() + "x = x\n";
        std::fs::write(dir.join("locales").join(e.file_name()), text).unwrap();
    }
    let ron = std::fs::read_to_string(mini.join("scenario.ron")).unwrap();
    let drugs = root.join("scenarios/drugs.ron");
    let mut states = String::new();
    for i in 0..n {
        let next = if i + 1 == n {
            "recovered".to_string()
        } else {
            format!("s{}", i + 1)
        };
        // Compact (about 70 bytes a state), so that 200,000 states stay below the 16 MiB a case
        // file may have.
        let _ = writeln!(
            states,
            "(id:\"s{i}\",label:\"x\",transitions:[(to:\"{next}\",when:\"time_in_state>=1m\")]),"
        );
    }
    let ron = ron
        .replace(
            "\"../../../scenarios/drugs.ron\"",
            &format!("{:?}", drugs.display().to_string()),
        )
        .replacen(
            "(to: \"arrest\", when: \"map < 50 and elapsed > 20m\"),",
            "(to: \"arrest\", when: \"map < 50 and elapsed > 20m\"),\n                (to: \"s0\", when: \"elapsed > 50m\"),",
            1,
        )
        .replacen("    states: [\n", &format!("    states: [\n{states}"), 1);
    std::fs::write(dir.join("scenario.ron"), ron).unwrap();
}

fn main() {
    let sizes: Vec<usize> = std::env::var("BEDSIDE_BENCH_STATES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 40_000, 200_000]);
    let bin = std::env::var_os("BEDSIDE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_bedside")));
    let base = std::env::temp_dir().join(format!("bedside-validate-bench-{}", std::process::id()));
    for n in sizes {
        let dir = base.join(format!("states-{n}"));
        write_case(&dir, n);
        let bytes = std::fs::metadata(dir.join("scenario.ron")).unwrap().len();
        let start = Instant::now();
        let out = Command::new(&bin)
            .arg("validate")
            .arg(&dir)
            .output()
            .unwrap();
        let secs = start.elapsed().as_secs_f64();
        let text = String::from_utf8_lossy(&out.stdout);
        let first = text.lines().next().unwrap_or_default();
        println!(
            "{n} states ({:.1} MB): {secs:.2} s, {:.1} µs per state, exit {} — {}",
            bytes as f64 / 1e6,
            secs * 1e6 / n as f64,
            out.status.code().unwrap_or(-1),
            first.chars().take(120).collect::<String>()
        );
    }
    let _ = std::fs::remove_dir_all(&base);
}
