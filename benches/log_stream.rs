//! How long `bedside verify`, `score`, `rescore`, `xapi export --jsonl` and `report --html` take
//! on a very long log, and how much memory they hold (peak RSS), run as the release binary in a
//! child process (its output to a file on the disk, its size reported).
//!
//! The log is a real session, written by the crate's own writer, so its chain verifies and its
//! score line is the one the program writes: a case like the test fixture `mini` whose patient
//! neither recovers nor dies, with a time limit of 366 days (the longest a case may have), and a
//! trainee who examines the patient every 6 simulated seconds — each examination is two lines (the
//! decision and its finding) — until the log has `BEDSIDE_BENCH_LINES` lines (default 10 million;
//! 5 million examinations end at 347 days, inside the limit). The same log without its score line
//! is an unfinished session, which `verify` checks for its chain alone (no re-simulation).
//!
//! `cargo bench --no-default-features --bench log_stream` (a release build: the figures are for
//! it). Output: one line per command with wall time and the child's peak RSS. Writing the log
//! needs several GB of memory in this process (the writing simulation keeps its records).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::scenario::load_case;
use bedside::session::{LiveSession, SessionInfo};
use bedside::sim::Order;

/// Where the bench writes: memory-backed storage when there is some, so the disk's speed and
/// the writer's per-step sync do not dominate.
fn scratch() -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let d = base.join(format!("bedside-log-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The fixture `mini`, made endless: no transitions, a 366-day limit, a one-minute tick.
fn long_case(cases: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let from = root.join("tests/fixtures/mini");
    let to = cases.join("mini");
    std::fs::create_dir_all(to.join("locales")).unwrap();
    for e in std::fs::read_dir(from.join("locales")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join("locales").join(e.file_name())).unwrap();
    }
    let ron = std::fs::read_to_string(from.join("scenario.ron")).unwrap();
    let drugs = root.join("scenarios/drugs.ron");
    let mut out = String::new();
    for line in ron.lines() {
        let t = line.trim_start();
        if t.starts_with("(to: ") {
            continue; // the patient stays where they are
        }
        let line = match t {
            _ if t.starts_with("time_limit:") => "    time_limit: \"366d\",".to_string(),
            _ if t.starts_with("tick:") => "    tick: \"1m\",".to_string(),
            _ if t.starts_with("drug_library:") => {
                format!("    drug_library: {:?},", drugs.display().to_string())
            }
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    std::fs::write(to.join("scenario.ron"), out).unwrap();
    to
}

/// Writes the session's log (in a child process of the bench, see `main`).
fn write_log(case_dir: &Path, log: &Path, lines: usize) {
    let loaded = load_case(case_dir).unwrap_or_else(|d| panic!("{d:?}"));
    let info = SessionInfo {
        seed: 1,
        trainee: "bench".into(),
        locale: Locale::EnUs,
        clock: Clock::Scripted {
            start_ms: 1_700_000_000_000,
        },
    };
    let mut s = LiveSession::start(Arc::clone(&loaded.case), &info, Some(log)).unwrap();
    let examine = Order::new("examine");
    // Header, End and score lines besides the records.
    while s.sim.records().len() + 3 < lines {
        s.advance(6).unwrap();
        let _ = s.apply(&examine);
    }
    s.end().unwrap();
}

/// Runs `bedside` with `args`; returns its exit code, wall seconds, peak RSS (MiB) and the
/// first line of its output. The child is reaped with `wait4`, which gives its own peak RSS.
// The child is reaped by `wait4` below (for its rusage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
/// Runs the command with its standard output into `out` (an export of a long log is gigabytes:
/// not to be held by the bench); returns its exit code, wall time, peak RSS (MiB), the output's
/// first line (at most 200 characters) and its size in bytes.
fn measure(bin: &Path, cases: &Path, args: &[&str], out: &Path) -> (i32, f64, f64, String, u64) {
    use std::io::BufRead;
    let start = Instant::now();
    let child = Command::new(bin)
        .arg("--cases")
        .arg(cases)
        .args(args)
        .stdout(std::fs::File::create(out).unwrap())
        .spawn()
        .unwrap();
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: the child is ours and not yet reaped; wait4 fills `status` and the rusage.
    let usage = unsafe {
        let pid = libc::wait4(child.id() as i32, &mut status, 0, usage.as_mut_ptr());
        assert!(pid > 0, "wait4 failed");
        usage.assume_init()
    };
    let secs = start.elapsed().as_secs_f64();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let mut first = String::new();
    let _ = std::io::BufReader::new(std::fs::File::open(out).unwrap()).read_line(&mut first);
    let first = first.trim_end().chars().take(200).collect();
    let size = std::fs::metadata(out).map_or(0, |m| m.len());
    let _ = std::fs::remove_file(out);
    (code, secs, usage.ru_maxrss as f64 / 1024.0, first, size)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, case_dir, log, lines] = &args[..]
        && flag == "--write-log"
    {
        write_log(Path::new(case_dir), Path::new(log), lines.parse().unwrap());
        return;
    }
    // `cargo bench` passes `--bench`; a filter argument is not used.
    let lines: usize = std::env::var("BEDSIDE_BENCH_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let bin = std::env::var_os("BEDSIDE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_bedside")));
    let dir = scratch();
    let cases = dir.join("cases");
    let case_dir = long_case(&cases);
    let log = dir.join("long.jsonl");
    // The log is written by a child process: a child forked from a process holding the
    // writer's gigabytes would count them in its own peak RSS.
    let t = Instant::now();
    let status = Command::new(std::env::current_exe().unwrap())
        .arg("--write-log")
        .arg(&case_dir)
        .arg(&log)
        .arg(lines.to_string())
        .status()
        .unwrap();
    assert!(status.success(), "writing the log failed");
    let n = std::io::BufRead::lines(std::io::BufReader::new(std::fs::File::open(&log).unwrap()))
        .count();
    let size = std::fs::metadata(&log).unwrap().len();
    println!(
        "wrote {n} lines ({:.0} MB) in {:.1} s",
        size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    // The same session unfinished: every line but the score line.
    let unfinished = dir.join("unfinished.jsonl");
    {
        use std::io::{BufRead, BufReader, BufWriter, Write};
        let mut w = BufWriter::new(std::fs::File::create(&unfinished).unwrap());
        for line in BufReader::new(std::fs::File::open(&log).unwrap())
            .lines()
            .take(n - 1)
        {
            writeln!(w, "{}", line.unwrap()).unwrap();
        }
    }
    let log_s = log.to_str().unwrap();
    let unfinished_s = unfinished.to_str().unwrap();
    let case_s = case_dir.to_str().unwrap().to_string();
    // Outputs go to the disk's temporary folder, not to memory-backed storage.
    let out = std::env::temp_dir().join(format!("bedside-log-bench-out-{}", std::process::id()));
    let html = out.with_extension("html");
    let html_s = html.to_str().unwrap().to_string();
    for (what, args) in [
        (
            "verify (unfinished: chain only)",
            vec!["verify", unfinished_s],
        ),
        (
            "verify (finished: chain + re-derived verdict)",
            vec!["verify", log_s],
        ),
        ("score", vec!["score", log_s]),
        ("rescore", vec!["rescore", "--case", &case_s, log_s]),
        (
            "xapi export --jsonl",
            vec!["xapi", "export", "--jsonl", log_s],
        ),
        ("report --html", vec!["report", log_s, "--html", &html_s]),
    ] {
        let (code, secs, mib, first, size) = measure(&bin, &cases, &args, &out);
        let html_size = std::fs::metadata(&html).map_or(0, |m| m.len());
        let _ = std::fs::remove_file(&html);
        let size = size.max(html_size);
        println!(
            "{what}: exit {code}, {secs:.1} s, peak RSS {mib:.0} MiB, output {:.1} MB\n    {first}",
            size as f64 / 1e6
        );
    }
    // `BEDSIDE_BENCH_KEEP=1` keeps the logs and the case (for profiling), named above.
    if std::env::var_os("BEDSIDE_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
