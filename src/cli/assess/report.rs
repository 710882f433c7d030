//! `bedside report`: a cohort report (per trainee, per criterion, score distribution, vitals
//! timelines) as one self-contained HTML file and/or CSV files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use bedside::cohort;

use crate::cli::{Ctx, exit, progress};

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Decision logs (JSON Lines), of any cases under --cases.
    #[arg(required = true, value_name = "LOGS")]
    logs: Vec<PathBuf>,
    /// Write the HTML report here.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Write one CSV row per session here.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Write one CSV row per criterion (pass rate across the cohort) here.
    #[arg(long, value_name = "FILE")]
    criteria_csv: Option<PathBuf>,
    /// Write the HTML as a summary page and a folder of pages beside it (FILE-sessions/), as
    /// for a cohort of more than 200 logs, however few there are.
    #[arg(long)]
    pages: bool,
}

/// Exits 1 if any log is left out of the report (unreadable, broken chain, unknown case).
pub fn run(args: &ReportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let ReportArgs {
        logs,
        html,
        csv,
        criteria_csv,
        pages,
    } = args;
    if html.is_none() && csv.is_none() && criteria_csv.is_none() {
        bail!("nothing to write: give --html FILE, --csv FILE and/or --criteria-csv FILE");
    }
    let logs = &cohort::inputs::expand(logs)?;
    let outputs = [html.as_deref(), csv.as_deref(), criteria_csv.as_deref()];
    cohort::output::check_outputs(&outputs, logs)?;
    if *pages || logs.len() > cohort::paged::SINGLE_FILE_MAX {
        return run_paged(args, logs, ctx);
    }
    let mut shelf = cohort::CaseShelf::open(&ctx.cases);
    let bar = progress(logs.len(), "reading logs");
    let (sessions, refused) = cohort::gather(&mut shelf, logs, || bar.inc(1));
    bar.finish_and_clear();
    for r in &refused {
        eprintln!("left out {r}");
    }
    if let Some(p) = html {
        let text = cohort::html::render(&sessions, &refused, ctx.locale, now_ms());
        std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?;
    }
    if let Some(p) = csv {
        let f =
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?;
        cohort::csv::sessions(&sessions, f)
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    if let Some(p) = criteria_csv {
        let f =
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?;
        cohort::csv::criteria(&sessions, f)
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    let passed = sessions.iter().filter(|s| s.report.passed).count();
    println!(
        "{} session(s) reported ({passed} passed), {} left out{}",
        sessions.len(),
        refused.len(),
        [("HTML", html), ("CSV", csv), ("criteria CSV", criteria_csv)]
            .iter()
            .filter_map(|(k, p)| p.as_ref().map(|p| format!("; {k}: {}", p.display())))
            .collect::<String>()
    );
    Ok(exit(!refused.is_empty()))
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// A cohort of any size: logs streamed through every core, the HTML as a summary page and a
/// folder of pages (`cohort::paged`), the CSV row by row.
fn run_paged(args: &ReportArgs, logs: &[PathBuf], ctx: &Ctx) -> Result<ExitCode> {
    let shelf = cohort::SharedShelf::new(cohort::CaseShelf::open(&ctx.cases));
    let out = cohort::paged::Outputs {
        html: args.html.as_deref(),
        csv: args.csv.as_deref(),
        criteria_csv: args.criteria_csv.as_deref(),
        locale: ctx.locale,
        generated_ms: now_ms(),
    };
    let bar = progress(logs.len(), "reporting");
    let w = cohort::paged::write(
        &shelf,
        logs,
        &out,
        || bar.inc(1),
        |r| {
            bar.suspend(|| eprintln!("left out {r}"));
        },
    )?;
    bar.finish_and_clear();
    let dir = args
        .html
        .as_deref()
        .map(|p| format!(" (and {})", cohort::paged::pages_dir(p).display()))
        .unwrap_or_default();
    println!(
        "{} session(s) reported ({} passed), {} left out{}{dir}",
        w.sessions,
        w.passed,
        w.refused,
        [
            ("HTML", &args.html),
            ("CSV", &args.csv),
            ("criteria CSV", &args.criteria_csv)
        ]
        .iter()
        .filter_map(|(k, p)| p.as_ref().map(|p| format!("; {k}: {}", p.display())))
        .collect::<String>()
    );
    Ok(exit(w.refused > 0))
}
