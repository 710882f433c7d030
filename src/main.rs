//! `bedside`: with no command, opens the trainee's app; with a command, the instructor and assessor
//! tools run headless on the same core.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};

use bedside::i18n::Locale;
use bedside::log::{self, Clock};
use bedside::report;
use bedside::scenario::load::load_script;
use bedside::scenario::model::Script;
use bedside::scenario::{LoadedCase, find_cases, load_case};
use bedside::session::{self, SessionInfo};

/// Bedside — clinical case simulator for training. Not clinical advice.
#[derive(Parser, Debug)]
#[command(name = "bedside", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    app: AppArgs,
}

/// Options for the app (used when no command is given).
#[derive(Args, Debug, Clone)]
struct AppArgs {
    /// Folder of cases to offer.
    #[arg(long, default_value = "scenarios", global = true)]
    cases: PathBuf,
    /// Where session logs are kept (default: the platform's data folder).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Interface language: en-US, ja-JP or zh-CN.
    #[arg(long, global = true)]
    lang: Option<String>,
    /// Save a screenshot of --screen here after a few frames, then exit (UI tests).
    #[arg(long, value_name = "PNG")]
    screenshot: Option<PathBuf>,
    /// Open this session log on the Review screen (assessors): verified, then replayed.
    #[arg(long, value_name = "LOG")]
    review: Option<PathBuf>,
    /// Screen to open: library, lrs (the library's LRS dialog), briefing, case, debrief, review,
    /// review-debrief or glyphs (the CJK rendering check).
    #[arg(long, value_name = "SCREEN")]
    screen: Option<String>,
    /// Case id for --screen/--bench-frames (default: the first case).
    #[arg(long = "case", value_name = "ID")]
    case_id: Option<String>,
    /// Play this golden path of the case at high speed (the debrief plays the first by default).
    #[arg(long, value_name = "GOLDEN_PATH")]
    autoplay: Option<String>,
    /// With --screen case: stop autoplay at this simulated time (e.g. 20m); with --screen
    /// review: put the scrubber there.
    #[arg(long, value_name = "DURATION")]
    until: Option<String>,
    /// Frames to wait on the screen before the screenshot.
    #[arg(long, default_value_t = 20)]
    frames: u32,
    /// Measure N frames on the case screen; print first-frame time, p50/p95 frame time, peak RSS.
    #[arg(long, value_name = "N")]
    bench_frames: Option<u32>,
    /// With --screen case: leave the clock paused (the default runs it at 1×).
    #[arg(long)]
    paused: bool,
    /// Instructor mode: while a case is open, reload it whenever its files are saved, replaying
    /// the decisions made so far (errors are shown and the running case is kept).
    #[arg(long)]
    instructor: bool,
}

mod cli;

#[derive(Subcommand, Debug)]
enum Command {
    #[command(flatten)]
    Assess(cli::assess::AssessCommand),
    #[command(flatten)]
    Author(cli::author::AuthorCommand),
    /// Check cases: every problem as file:line:column: message, then lint warnings.
    Validate {
        /// Case folders, their scenario.ron files, or folders of cases.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Play a scripted trainee through a case headlessly and print the score.
    Run {
        /// The case folder.
        case: PathBuf,
        /// A golden path id of the case, or a script file (RON).
        #[arg(long)]
        script: String,
        /// Patient seed (default: the golden path's seed, or 1).
        #[arg(long)]
        seed: Option<u64>,
        /// Write the decision log here (refuses to overwrite).
        #[arg(long)]
        log: Option<PathBuf>,
        /// Trainee id recorded in the log.
        #[arg(long, default_value = "scripted")]
        trainee: String,
        /// Print the score report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Re-score logs from the log alone, by re-simulating them.
    Score {
        #[arg(required = true)]
        logs: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Verify logs' hash chains.
    Verify {
        #[arg(required = true)]
        logs: Vec<PathBuf>,
    },
    /// Run every golden path of the cases and check each lands where it must.
    Test {
        #[arg(default_value = "scenarios")]
        paths: Vec<PathBuf>,
        /// Also play N seeded patients per path: mean and spread of its scores, and the gap
        /// between the expert paths' lowest and the novice paths' highest score.
        #[arg(long, value_name = "N")]
        cohort: Option<u32>,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("bedside: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn locale(lang: &Option<String>) -> Result<Locale> {
    match lang {
        None => Ok(Locale::EnUs),
        Some(l) => Locale::parse(l)
            .with_context(|| format!("unknown language '{l}' (use en-US, ja-JP or zh-CN)")),
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let lang = locale(&cli.app.lang)?;
    match cli.command {
        None => open_app(&cli.app, lang),
        Some(Command::Validate { paths }) => validate(&paths),
        Some(Command::Run {
            case,
            script,
            seed,
            log,
            trainee,
            json,
        }) => run_script(&case, &script, seed, log.as_deref(), &trainee, json, lang),
        Some(Command::Score { logs, json }) => score(&logs, &cli.app.cases, json, lang),
        Some(Command::Verify { logs }) => verify(&logs),
        Some(Command::Test { paths, cohort }) => golden(&paths, cohort),
        Some(Command::Assess(c)) => c.run(&cli::Ctx {
            cases: cli.app.cases.clone(),
            locale: lang,
        }),
        Some(Command::Author(c)) => c.run(&cli::Ctx {
            cases: cli.app.cases.clone(),
            locale: lang,
        }),
    }
}

#[cfg(feature = "app")]
fn open_app(args: &AppArgs, lang: Locale) -> Result<ExitCode> {
    use bedside::app::Screen;
    let screen = match args.screen.as_deref() {
        None => None,
        Some("library" | "lrs") => Some(Screen::Library),
        Some("briefing") => Some(Screen::Briefing),
        Some("case") => Some(Screen::Case),
        Some("debrief") => Some(Screen::Debrief),
        Some("review" | "review-debrief") => Some(Screen::Review),
        Some("glyphs") => Some(Screen::Glyphs),
        Some(other) => {
            bail!(
                "unknown screen '{other}' (use library, lrs, briefing, case, debrief, review, review-debrief or glyphs)"
            )
        }
    };
    let until = match &args.until {
        None => None,
        Some(d) => Some(
            bedside::scenario::expr::parse_duration(d)
                .with_context(|| format!("'{d}' is not a duration (write e.g. 20m or 1h30m)"))?,
        ),
    };
    bedside::app::run(bedside::app::Options {
        cases: args.cases.clone(),
        data_dir: args.data_dir.clone(),
        locale: lang,
        instructor: args.instructor,
        review: args.review.clone(),
        automation: bedside::app::Automation {
            screenshot: args.screenshot.clone(),
            screen,
            case: args.case_id.clone(),
            autoplay: args.autoplay.clone(),
            until,
            frames: args.frames,
            bench_frames: args.bench_frames,
            paused: args.paused,
            review_debrief: args.screen.as_deref() == Some("review-debrief"),
            lrs_dialog: args.screen.as_deref() == Some("lrs"),
        },
    })
}

#[cfg(not(feature = "app"))]
fn open_app(_: &AppArgs, _: Locale) -> Result<ExitCode> {
    bail!(
        "this build has no app window (built without the `app` feature); try `bedside --help` for the commands"
    )
}

fn load(dir: &Path) -> Result<LoadedCase> {
    load_case(dir).map_err(|diags| {
        let list: Vec<String> = diags.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the case does not validate:\n{}", list.join("\n"))
    })
}

fn validate(paths: &[PathBuf]) -> Result<ExitCode> {
    let dirs = cli::author::case_dirs(paths)?;
    let mut problems = 0;
    let mut warned = std::collections::BTreeSet::new();
    for d in &dirs {
        match load_case(d) {
            Ok(loaded) => {
                println!(
                    "ok {} ({} v{})",
                    d.display(),
                    loaded.case.scenario.id,
                    loaded.case.scenario.version
                );
                // Lint warnings too (notes only with `bedside lint`); they do not fail validation.
                for w in bedside::lint::lint(&loaded) {
                    if w.severity == bedside::scenario::Severity::Warning
                        && warned.insert(w.clone())
                    {
                        println!("{w}");
                    }
                }
            }
            Err(diags) => {
                for diag in &diags {
                    println!("{diag}");
                }
                problems += diags.len();
            }
        }
    }
    if problems > 0 {
        println!("{problems} problem(s) in {} case(s)", dirs.len());
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// A golden path of the case by id, or a script file.
fn resolve_script(loaded: &LoadedCase, script: &str) -> Result<(Script, u64)> {
    if let Some(g) = loaded.case.scenario.golden_path(script) {
        return Ok((g.script(), g.seed));
    }
    let path = Path::new(script);
    if !path.exists() {
        let ids: Vec<&str> = loaded
            .case
            .scenario
            .golden_paths
            .iter()
            .map(|g| g.id.as_str())
            .collect();
        bail!(
            "'{script}' is neither a golden path of this case ({}) nor a script file",
            ids.join(", ")
        );
    }
    let s = load_script(path, &loaded.case).map_err(|d| {
        anyhow::anyhow!(
            "{}",
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    Ok((s, 1))
}

fn run_script(
    case: &Path,
    script: &str,
    seed: Option<u64>,
    log: Option<&Path>,
    trainee: &str,
    json: bool,
    lang: Locale,
) -> Result<ExitCode> {
    let loaded = load(case)?;
    let (script, default_seed) = resolve_script(&loaded, script)?;
    let info = SessionInfo {
        seed: seed.unwrap_or(default_seed),
        trainee: trainee.to_string(),
        locale: lang,
        clock: Clock::Scripted { start_ms: 0 },
    };
    let s = session::play(Arc::clone(&loaded.case), &script, &info, log)?;
    let report = s.score().context("the case did not end")?;
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        let texts = loaded.texts(lang, &report::ui_sources());
        print!("{}", report::text(report, &loaded, &texts));
        if let (Some(p), Some(h)) = (s.log_path(), s.last_hash()) {
            println!("\nlog: {} (sha256 of last line {h})", p.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cases_by_id(dir: &Path) -> Vec<(String, PathBuf)> {
    find_cases(dir)
        .into_iter()
        .filter_map(|d| {
            let src = std::fs::read_to_string(d.join("scenario.ron")).ok()?;
            let s: bedside::scenario::model::Scenario =
                bedside::scenario::load::parse_ron(&d, &src).ok()?;
            Some((s.id, d))
        })
        .collect()
}

fn score(logs: &[PathBuf], cases: &Path, json: bool, lang: Locale) -> Result<ExitCode> {
    let known = cases_by_id(cases);
    let mut loaded: Vec<LoadedCase> = Vec::new();
    let mut failed = false;
    let mut all = Vec::new();
    for p in logs {
        let session = match log::read(p) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                failed = true;
                continue;
            }
        };
        let id = &session.header.scenario_id;
        if !loaded.iter().any(|l| &l.case.scenario.id == id) {
            let Some((_, dir)) = known.iter().find(|(k, _)| k == id) else {
                eprintln!("{}: no case '{id}' under {}", p.display(), cases.display());
                failed = true;
                continue;
            };
            loaded.push(load(dir)?);
        }
        let l = loaded
            .iter()
            .find(|l| &l.case.scenario.id == id)
            .context("case just loaded")?;
        match session::rescore(&l.case, p, &session) {
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
            Ok(r) => {
                if r.case_changed {
                    eprintln!(
                        "{}: note: the case's files changed since this log was written (scored against the current version {})",
                        p.display(),
                        l.case.scenario.version
                    );
                }
                if let (Some(line), false) = (r.diverges_at, r.case_changed) {
                    eprintln!(
                        "{}:{line}: warning: re-simulation does not reproduce this line",
                        p.display()
                    );
                }
                if json {
                    all.push(serde_json::json!({"log": p, "case_changed": r.case_changed, "report": r.report}));
                } else {
                    let texts = l.texts(lang, &report::ui_sources());
                    println!("== {}", p.display());
                    print!("{}", report::text(&r.report, l, &texts));
                }
            }
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&all)?);
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn verify(logs: &[PathBuf]) -> Result<ExitCode> {
    let mut bad = 0;
    for p in logs {
        // The score line is decoded too: a log whose last line is not a score is not intact.
        match log::read(p).and_then(|s| s.score_report(p).map(|_| s)) {
            Ok(s) => println!(
                "ok {}: {} lines, chain intact, {}; sha256 of last line {}",
                p.display(),
                s.lines,
                if s.score.is_some() {
                    "finished"
                } else {
                    "unfinished (no score line yet)"
                },
                s.last_hash
            ),
            Err(e) => {
                println!("{e}");
                bad += 1;
            }
        }
    }
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn golden(paths: &[PathBuf], cohort: Option<u32>) -> Result<ExitCode> {
    let mut failed = 0;
    let mut total = 0;
    let mut cohort_lines = Vec::new();
    for p in paths {
        for dir in find_cases(p) {
            let loaded = load(&dir)?;
            if let Some(n) = cohort {
                cohort_lines.extend(cohort_report(&loaded, n)?);
            }
            for g in &loaded.case.scenario.golden_paths {
                total += 1;
                let info = SessionInfo {
                    seed: g.seed,
                    trainee: format!("golden:{}", g.id),
                    locale: Locale::EnUs,
                    clock: Clock::Scripted { start_ms: 0 },
                };
                let s = session::play(Arc::clone(&loaded.case), &g.script(), &info, None)?;
                let r = s.score().context("the case did not end")?;
                let problems = bedside::session::check_expectation(&g.expect, r);
                let verdict = if problems.is_empty() { "pass" } else { "FAIL" };
                println!(
                    "{verdict} {}/{}: {}% ({}/{}), {}{}",
                    loaded.case.scenario.id,
                    g.id,
                    r.percent,
                    r.earned,
                    r.available,
                    if r.passed { "passed" } else { "failed" },
                    if problems.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", problems.join("; "))
                    }
                );
                if !problems.is_empty() {
                    failed += 1;
                }
            }
        }
    }
    println!("{} passed, {failed} failed", total - failed);
    if let Some(n) = cohort {
        println!("cohort: {n} seeded patient(s) per path (the path's seed and the next)");
        for l in cohort_lines {
            println!("{l}");
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Lines of the `test --cohort` report for one case: each path's spread, then the separation.
fn cohort_report(loaded: &LoadedCase, n: u32) -> Result<Vec<String>> {
    use bedside::variants::{play_variants, separation};
    let case = &loaded.case;
    let id = &case.scenario.id;
    let mut spreads = Vec::new();
    for g in &case.scenario.golden_paths {
        spreads.push(play_variants(case, g, n.max(1))?);
    }
    let width = spreads.iter().map(|s| s.path.len()).max().unwrap_or(0) + id.len() + 1;
    let mut out = Vec::new();
    for s in &spreads {
        let (lo, hi) = (
            s.lowest().map_or(0, |v| v.percent),
            s.highest().map_or(0, |v| v.percent),
        );
        out.push(format!(
            "  {:<width$}  {}  mean {:5.1}%  sd {:4.1}  range {lo}–{hi}%  passed {}/{}  as expected {}/{}",
            format!("{id}/{}", s.path),
            if s.expert { "expert" } else { "novice" },
            s.mean(),
            s.sd(),
            s.passed(),
            s.variants.len(),
            s.as_expected(),
            s.variants.len(),
        ));
    }
    match separation(&spreads) {
        Some(sep) => {
            let gap = sep.gap();
            out.push(format!(
                "  {id}: expert lowest {}% ({} seed {}) vs novice highest {}% ({} seed {}): gap {gap} point(s) — {}",
                sep.expert_low.2,
                sep.expert_low.0,
                sep.expert_low.1,
                sep.novice_high.2,
                sep.novice_high.0,
                sep.novice_high.1,
                if gap > 0 {
                    "the rubric separates them"
                } else {
                    "OVERLAP: some novice play scores as well as some expert play"
                }
            ));
        }
        None => out.push(format!(
            "  {id}: no separation to report (it needs paths expected to pass and paths expected to fail)"
        )),
    }
    // The verdict can separate play that the percentage does not (a critical miss fails a
    // high score), so report it too.
    let count = |expert: bool, f: fn(&bedside::variants::PathSpread) -> usize| -> (usize, usize) {
        spreads
            .iter()
            .filter(|s| s.expert == expert)
            .fold((0, 0), |(a, n), s| (a + f(s), n + s.variants.len()))
    };
    let (ep, en) = count(true, |s| s.passed());
    let (np, nn) = count(false, |s| s.passed());
    out.push(format!(
        "  {id}: verdicts: expert play passed {ep}/{en}, novice play passed {np}/{nn}"
    ));
    Ok(out)
}
