//! The assessor commands at scale (issue 26): makes a cohort of `N` varied logs (default
//! 100,000) from the bundled cases — every golden path of every case in turn, each with its own
//! seed, trainee and start time — and runs the release `bedside` on it as a child process:
//! `rescore` (one run per case), `report` (HTML summary and pages, both CSVs), `xapi export`
//! (JSON array and `--jsonl`), each with 1 and with 2 threads (`RAYON_NUM_THREADS`). For each
//! run: wall time, logs per second per thread, the child's peak RSS (`wait4`), the output's size,
//! and whether its output is byte-identical to the 1-thread run's. Then the summary page's load
//! time in headless Chromium, if there is one. Generation is timed apart.
//!
//! ```sh
//! cargo build --release --no-default-features --bin bedside --example cohort_scale
//! target/release/examples/cohort_scale 100000            # the logs go to a temporary folder
//! ```
//!
//! Options: `--dir DIR` (where the logs and outputs go; removed afterwards unless `--keep`),
//! `--threads 1,2`, `--bin PATH` (default: `bedside` beside the example's folder).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::scenario::{find_cases, load_case};
use bedside::session::{SessionInfo, play};
use rayon::prelude::*;

struct Opts {
    n: usize,
    dir: PathBuf,
    keep: bool,
    threads: Vec<usize>,
    bin: PathBuf,
}

fn opts() -> Opts {
    let mut args = std::env::args().skip(1);
    let exe = std::env::current_exe().expect("the example's path");
    let mut o = Opts {
        n: 100_000,
        dir: std::env::temp_dir().join(format!("bedside-scale-{}", std::process::id())),
        keep: false,
        threads: vec![1, 2],
        bin: exe
            .parent()
            .and_then(Path::parent)
            .map(|d| d.join("bedside"))
            .expect("target/<profile>/examples/"),
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dir" => o.dir = args.next().expect("--dir DIR").into(),
            "--keep" => o.keep = true,
            "--bin" => o.bin = args.next().expect("--bin PATH").into(),
            "--threads" => {
                o.threads = args
                    .next()
                    .expect("--threads 1,2")
                    .split(',')
                    .map(|t| t.parse().expect("a thread count"))
                    .collect();
            }
            n => o.n = n.replace('_', "").parse().expect("the number of logs"),
        }
    }
    o
}

/// Writes `n` logs under `dir/logs/<case id>/`, on every core; returns the case folders.
fn generate(n: usize, dir: &Path) -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases: Vec<_> = find_cases(&root.join("scenarios"))
        .iter()
        .filter_map(|d| load_case(d).ok())
        .collect();
    let mut paths = Vec::new();
    for l in &cases {
        std::fs::create_dir_all(dir.join("logs").join(&l.case.scenario.id)).expect("a folder");
        for g in &l.case.scenario.golden_paths {
            paths.push((Arc::clone(&l.case), g.script(), g.id.clone()));
        }
    }
    (0..n).into_par_iter().for_each(|k| {
        let (case, script, id) = &paths[k % paths.len()];
        let variant = k / paths.len();
        let info = SessionInfo {
            seed: 1000 + variant as u64,
            trainee: format!("trainee-{:04}", k % 7919),
            locale: Locale::EnUs,
            clock: Clock::Scripted {
                start_ms: 1_780_000_000_000 + k as u64 * 61_000,
            },
        };
        let p = dir
            .join("logs")
            .join(&case.scenario.id)
            .join(format!("{k:06}-{id}.jsonl"));
        play(Arc::clone(case), script, &info, Some(&p)).expect("a golden path plays");
    });
    cases
        .iter()
        .map(|l| (l.case.scenario.id.clone(), l.dir.clone()))
        .collect()
}

/// A child's wall time, peak RSS (kB), CPU time (user + system) and exit status.
struct Run {
    secs: f64,
    max_rss_kb: i64,
    cpu_secs: f64,
    status: i32,
}

/// Runs `bin args` with `threads` threads, its standard output to `stdout`.
///
/// Through `sh`, which forks it: Linux counts a process's memory before `exec` in its peak RSS,
/// and a child spawned straight from this process would start from this process's (the
/// digests below read files). The shell's own (about 1 MB) is what is counted instead;
/// `wait4`'s figures include the shell's waited-for child.
fn run(bin: &Path, args: &[&str], threads: usize, stdout: &Path) -> Run {
    let out = std::fs::File::create(stdout).expect("the output file");
    let start = Instant::now();
    // Waited for by `wait4` below, which also gives its resource usage.
    #[allow(clippy::zombie_processes)]
    let child = Command::new("sh")
        .arg("-c")
        .arg("\"$0\" \"$@\"; exit $?")
        .arg(bin)
        .args(args)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .expect("sh starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; both pointers are valid for the call.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    assert_eq!(rc, pid, "wait4");
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    Run {
        secs: start.elapsed().as_secs_f64(),
        max_rss_kb: ru.ru_maxrss,
        cpu_secs: tv(ru.ru_utime) + tv(ru.ru_stime),
        status: libc::WEXITSTATUS(status),
    }
}

fn size(p: &Path) -> u64 {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => std::fs::read_dir(p)
            .map(|d| d.flatten().map(|e| size(&e.path())).sum())
            .unwrap_or(0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

fn files(p: &Path) -> usize {
    std::fs::read_dir(p).map_or(0, |d| d.count())
}

/// SHA-256 over a file's bytes, or over a folder's files (names and bytes, in name order).
/// Outputs are compared across thread counts by digest, then deleted: at 100,000 logs the
/// session pages alone are gigabytes.
fn digest(p: &Path) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    if p.is_dir() {
        let mut names: Vec<_> = std::fs::read_dir(p)
            .map(|r| r.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        names.sort();
        for n in names {
            h.update(n.as_encoded_bytes());
            h.update(digest(&p.join(n)));
        }
    } else if let Ok(f) = std::fs::File::open(p) {
        // Read in pieces: the exports are hundreds of MB.
        use std::io::Read;
        let mut r = std::io::BufReader::with_capacity(1 << 16, f);
        let mut buf = vec![0; 1 << 16];
        while let Ok(n) = r.read(&mut buf) {
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
        }
    }
    h.finalize().to_vec()
}

/// Whether `name`'s digest is the one the first thread count gave (recorded if it is first).
fn same(seen: &mut Vec<(String, Vec<u8>)>, name: &str, d: Vec<u8>) -> bool {
    match seen.iter().find(|(n, _)| n == name) {
        Some((_, x)) => *x == d,
        None => {
            seen.push((name.to_string(), d));
            true
        }
    }
}

fn mb(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{:.1} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

fn main() {
    let o = opts();
    std::fs::create_dir_all(&o.dir).expect("the working folder");
    assert!(
        o.bin.exists(),
        "no {} (build it with --release)",
        o.bin.display()
    );
    let t = Instant::now();
    println!(
        "{} logs; load average before: {}",
        o.n,
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    let cases = generate(o.n, &o.dir);
    let gen_secs = t.elapsed().as_secs_f64();
    let logs = o.dir.join("logs");
    println!(
        "generated {} logs ({}) in {gen_secs:.1} s with {} threads",
        o.n,
        mb(size(&logs.join(&cases[0].0))
            + cases[1..]
                .iter()
                .map(|c| size(&logs.join(&c.0)))
                .sum::<u64>()),
        rayon::current_num_threads()
    );
    let cases_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let cases_arg = cases_dir.to_string_lossy().into_owned();
    let logs_arg = logs.to_string_lossy().into_owned();
    println!(
        "| command | threads | wall | CPU (user + sys) | logs/s | logs/s per thread | peak RSS | output | same bytes as 1 thread |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut walls: Vec<(String, usize, f64)> = Vec::new();
    let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
    for &th in &o.threads {
        let out = o.dir.join(format!("out-{th}"));
        std::fs::create_dir_all(&out).expect("an output folder");
        let p = |name: &str| out.join(name).to_string_lossy().into_owned();
        // Re-score: one run per case (the command takes one revised case), summed.
        let mut sum = Run {
            secs: 0.0,
            max_rss_kb: 0,
            cpu_secs: 0.0,
            status: 0,
        };
        let mut bytes = 0;
        for (id, dir) in &cases {
            let r = run(
                &o.bin,
                &[
                    "rescore",
                    "--case",
                    &dir.to_string_lossy(),
                    &logs.join(id).to_string_lossy(),
                ],
                th,
                Path::new(&p(&format!("rescore-{id}.txt"))),
            );
            assert_eq!(r.status, 0, "rescore {id}");
            sum.secs += r.secs;
            sum.cpu_secs += r.cpu_secs;
            sum.max_rss_kb = sum.max_rss_kb.max(r.max_rss_kb);
            bytes += size(Path::new(&p(&format!("rescore-{id}.txt"))));
        }
        let same_r = cases.iter().fold(true, |ok, (id, _)| {
            let name = format!("rescore-{id}.txt");
            same(&mut seen, &name, digest(&out.join(&name))) && ok
        });
        line(
            &format!("rescore ({} cases)", cases.len()),
            th,
            &sum,
            mb(bytes),
            same_r,
            o.n,
            &mut walls,
        );

        let html = p("cohort.html");
        let r = run(
            &o.bin,
            &[
                "--cases",
                &cases_arg,
                "report",
                &logs_arg,
                "--html",
                &html,
                "--csv",
                &p("cohort.csv"),
                "--criteria-csv",
                &p("criteria.csv"),
            ],
            th,
            Path::new(&p("report.txt")),
        );
        assert_eq!(r.status, 0, "report");
        let (summary_bytes, page_count, pages_bytes, csv_bytes) = (
            size(Path::new(&html)),
            files(&out.join("cohort-sessions")),
            size(&out.join("cohort-sessions")),
            size(&out.join("cohort.csv")),
        );
        let pages = out.join("cohort-sessions");
        // The summary carries the time it was made: compared without its "generated" line.
        let strip = |p: &Path| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.starts_with("<p class=\"meta\">Generated"))
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes()
        };
        let mut same_h = same(&mut seen, "cohort.html", strip(Path::new(&html)));
        for name in ["cohort-sessions", "cohort.csv", "criteria.csv"] {
            same_h &= same(&mut seen, name, digest(&out.join(name)));
        }
        line(
            "report (HTML + pages + CSVs)",
            th,
            &r,
            format!(
                "summary {}, {page_count} pages {}, CSV {}",
                mb(summary_bytes),
                mb(pages_bytes),
                mb(csv_bytes)
            ),
            same_h,
            o.n,
            &mut walls,
        );

        for (name, extra) in [("xapi.json", None), ("xapi.jsonl", Some("--jsonl"))] {
            let mut args = vec!["--cases", &cases_arg, "xapi", "export"];
            args.extend(extra);
            args.push(&logs_arg);
            let r = run(&o.bin, &args, th, Path::new(&p(name)));
            assert_eq!(r.status, 0, "xapi export");
            line(
                &format!(
                    "xapi export{}",
                    extra.map_or(String::new(), |e| format!(" {e}"))
                ),
                th,
                &r,
                mb(size(Path::new(&p(name)))),
                same(&mut seen, name, digest(Path::new(&p(name)))),
                o.n,
                &mut walls,
            );
            let _ = std::fs::remove_file(p(name));
        }
        // Only the first run's summary page and first session page are kept (for Chromium):
        // the rest is gigabytes.
        if th == o.threads[0] {
            let _ = std::fs::rename(pages.join("s000001.html"), out.join("s000001.html"));
        } else {
            let _ = std::fs::remove_file(&html);
        }
        let _ = std::fs::remove_dir_all(&pages);
    }
    if o.threads.len() >= 2 {
        let (a, b) = (o.threads[0], o.threads[1]);
        for (cmd, _, _) in walls.iter().filter(|(_, t, _)| *t == a) {
            let w = |t| {
                walls
                    .iter()
                    .find(|(c, tt, _)| c == cmd && *tt == t)
                    .map(|x| x.2)
            };
            if let (Some(x), Some(y)) = (w(a), w(b)) {
                println!("speed-up {cmd}: {a} → {b} threads ×{:.2}", x / y);
            }
        }
    }
    let first = o.dir.join(format!("out-{}", o.threads[0]));
    chromium(&[&first.join("cohort.html"), &first.join("s000001.html")]);
    if o.keep {
        println!("kept {}", o.dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&o.dir);
    }
}

fn line(
    cmd: &str,
    th: usize,
    r: &Run,
    output: String,
    same: bool,
    n: usize,
    walls: &mut Vec<(String, usize, f64)>,
) {
    println!(
        "| {cmd} | {th} | {:.1} s | {:.1} s | {:.0} | {:.0} | {:.0} MB | {output} | {} |",
        r.secs,
        r.cpu_secs,
        n as f64 / r.secs,
        n as f64 / r.secs / th as f64,
        r.max_rss_kb as f64 / 1024.0,
        if same { "yes" } else { "NO" }
    );
    walls.push((cmd.to_string(), th, r.secs));
}

/// Load times in headless Chromium: a harness page (scripts allowed; the report's pages allow
/// none) loads `page` in a frame and writes the time from its start to the frame's `load`
/// event into its title, which `--dump-dom` prints. Median of five; the browser's own start
/// is not in it.
fn chromium(pages: &[&Path]) {
    let Some(bin) = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find(|b| {
            Command::new("which")
                .arg(b)
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        println!("Chromium: not installed, load time not measured");
        return;
    };
    for page in pages {
        let harness = page.with_file_name("harness.html");
        let name = page.file_name().unwrap_or_default().to_string_lossy();
        let _ = std::fs::write(
            &harness,
            format!(
                "<!DOCTYPE html><html><head><title>x</title><script>const t0 = performance.now();</script></head>\
                 <body><iframe src=\"{name}\" style=\"width:1000px;height:800px\" \
                 onload=\"document.title = 'LOADED ' + (performance.now() - t0).toFixed(0)\"></iframe></body></html>"
            ),
        );
        let mut v: Vec<f64> = (0..5)
            .filter_map(|_| {
                let o = Command::new(bin)
                    .args([
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--allow-file-access-from-files",
                        "--dump-dom",
                    ])
                    .arg(format!("file://{}", harness.display()))
                    .stderr(Stdio::null())
                    .output()
                    .ok()?;
                let dom = String::from_utf8_lossy(&o.stdout);
                let at = dom.find("LOADED ")? + 7;
                dom[at..].split('<').next()?.trim().parse::<f64>().ok()
            })
            .collect();
        v.sort_by(f64::total_cmp);
        match v.get(v.len() / 2) {
            Some(ms) => println!(
                "Chromium ({bin}): {name} ({}) loads in {ms:.0} ms (median of {}; all: {v:?})",
                mb(size(page)),
                v.len()
            ),
            None => {
                println!("Chromium ({bin}): no load time for {name} (the harness did not report)")
            }
        }
    }
}
