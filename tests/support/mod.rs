//! Helpers the integration tests share, one module for every test binary (each `main.rs` loads
//! it with `#[path]`): cases, sessions, temporary folders and the `bedside` binary here; the
//! assessor tests' cohorts, the real LRS, the headless app and the random trainee beside it.
#![allow(dead_code)]

#[cfg(feature = "app")]
pub mod app;
pub mod assess;
pub mod lrs;
pub mod trainee;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::scenario::{Case, LoadedCase, load_case};
use bedside::session::SessionInfo;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn mini() -> LoadedCase {
    load(&root().join("tests/fixtures/mini"))
}

pub fn load(dir: &Path) -> LoadedCase {
    match load_case(dir) {
        Ok(l) => l,
        Err(d) => panic!(
            "{} does not validate:\n{}",
            dir.display(),
            d.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

pub fn mini_case() -> Arc<Case> {
    mini().case
}

/// A scoring replay of `records` whose records are drained after every step into the rubric's
/// gathering (what deriving the verdict of a long log does): the simulation, the gathering, and
/// every record drained, in order.
pub fn drained_replay(
    case: &Arc<Case>,
    seed: u64,
    records: &[bedside::sim::Record],
) -> (
    bedside::sim::Simulation,
    bedside::rubric::Gathered,
    Vec<bedside::sim::Record>,
) {
    let mut sim = bedside::sim::Simulation::new(Arc::clone(case), seed).for_scoring();
    let mut gathered = bedside::rubric::Gathered::new(case);
    let mut made = Vec::new();
    for r in records {
        sim.replay_one(r);
        let step: Vec<_> = sim.drain_records().collect();
        for r in step {
            gathered.push(case, &r, sim.watched());
            made.push(r);
        }
    }
    (sim, gathered, made)
}

pub fn info(seed: u64) -> SessionInfo {
    SessionInfo {
        seed,
        trainee: "t1".into(),
        locale: Locale::EnUs,
        clock: Clock::Scripted {
            start_ms: 1_700_000_000_000,
        },
    }
}

/// A fresh, empty temporary folder unique to this test.
pub fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bedside-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A fresh temporary folder holding copies of the shared drug library and the shared texts, so
/// that cases built inside it (with `drug_library: "../drugs.ron"`) load as bundled ones do.
pub fn shared_library_root(name: &str) -> PathBuf {
    let root = tempdir(name);
    let src = self::root();
    std::fs::copy(src.join("scenarios/drugs.ron"), root.join("drugs.ron")).unwrap();
    std::fs::create_dir_all(root.join("locales")).unwrap();
    for l in ["en-US", "ja-JP", "zh-CN"] {
        std::fs::copy(
            src.join(format!("scenarios/locales/{l}.ftl")),
            root.join(format!("locales/{l}.ftl")),
        )
        .unwrap();
    }
    root
}

/// A copy of the mini fixture in `root/name` (beside the drug library and texts that
/// [`shared_library_root`] put there), its scenario passed through `scenario` and each
/// language's texts through `texts(locale tag, text)`.
pub fn mini_variant(
    root: &Path,
    name: &str,
    scenario: impl Fn(String) -> String,
    texts: impl Fn(&str, String) -> String,
) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    let src = self::root().join("tests/fixtures/mini");
    let scn = std::fs::read_to_string(src.join("scenario.ron"))
        .unwrap()
        .replace("\"../../../scenarios/drugs.ron\"", "\"../drugs.ron\"");
    std::fs::write(dir.join("scenario.ron"), scenario(scn)).unwrap();
    for l in ["en-US", "ja-JP", "zh-CN"] {
        let f = format!("locales/{l}.ftl");
        let text = std::fs::read_to_string(src.join(&f)).unwrap();
        std::fs::write(dir.join(&f), texts(l, text)).unwrap();
    }
    dir
}

/// What loading the case in `dir` reports, each problem as `file:line:column: message` with
/// `dir` left out of the file name (nothing for a case that loads).
pub fn diagnostics(dir: &Path) -> Vec<String> {
    match load_case(dir) {
        Ok(_) => vec![],
        Err(d) => d
            .iter()
            .map(|x| x.to_string().replace(&format!("{}/", dir.display()), ""))
            .collect(),
    }
}

/// Runs the `bedside` binary from the repository root.
pub fn bedside(args: &[&str]) -> std::process::Output {
    bedside_env(args, &[])
}

/// Runs the `bedside` binary from the repository root with extra environment variables.
pub fn bedside_env(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_bedside"));
    c.args(args).current_dir(root());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// A command's standard output as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A command's standard error as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A text file's lines.
pub fn lines(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// A log's score line with its `score` value replaced by `json` (which leaves the chain intact:
/// nothing follows the last line).
pub fn with_score(line: &str, json: &str) -> String {
    let at = line.rfind("\"score\":").expect("a score line");
    format!("{}\"score\":{json}}}", &line[..at])
}

/// Caps the size of files this process writes (`RLIMIT_FSIZE`; `libc::RLIM_INFINITY` lifts it):
/// past it a write fails partway with `EFBIG`, as on a full disk. Process-wide: a test that uses
/// it must be alone in its test binary.
pub fn limit_file_size(bytes: u64) {
    let lim = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: plain system calls on this process's own limit and signal disposition.
    unsafe {
        // Past the limit a write fails with EFBIG instead of the signal ending the process.
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &lim), 0);
    }
}
