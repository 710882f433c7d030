//! `bedside report`: a cohort report (per trainee, per criterion, score distribution, vitals
//! timelines) as one self-contained HTML file and/or CSV files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use bedside::cohort;

use crate::cli::{Ctx, exit, progress};

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Decision logs (JSON Lines), of any cases under --cases (or --lrs instead).
    #[arg(required_unless_present = "lrs", value_name = "LOGS")]
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
    /// Write the per-hospital breakdown (per hospital, and per case × hospital) as CSV here.
    #[arg(long, value_name = "FILE")]
    hospitals_csv: Option<PathBuf>,
    /// Only the sessions of this hospital (its id, as recorded in the logs or statements).
    #[arg(long, value_name = "ID")]
    hospital: Option<String>,
    #[command(flatten)]
    lrs: LrsSource,
}

/// `report --lrs`: the report from the session statements in a Learning Record Store.
#[derive(clap::Args, Debug)]
#[group(id = "lrs", multiple = true, conflicts_with = "logs")]
pub struct LrsSource {
    /// Build the report from the LRS at this xAPI endpoint instead of logs, e.g.
    /// https://lrs.example.org/xAPI/ (no vitals timelines: the LRS holds none).
    #[arg(long = "lrs", value_name = "ENDPOINT", requires = "since")]
    pub endpoint: Option<String>,
    /// With --lrs: statements stored from this date (2026-12-01, UTC) or timestamp on.
    #[arg(long, value_name = "DATE", requires = "endpoint")]
    pub since: Option<String>,
    /// With --lrs: statements stored up to the end of this date (UTC) or this timestamp.
    #[arg(long, value_name = "DATE", requires = "endpoint")]
    pub until: Option<String>,
    /// With --lrs: LRS user (HTTP basic auth), as for `xapi push`.
    #[arg(long, requires = "endpoint")]
    pub user: Option<String>,
    /// With --lrs: name of the environment variable holding the password (never the password).
    #[arg(long, value_name = "VAR", requires = "endpoint")]
    pub password_env: Option<String>,
    /// With --lrs: allow a plain http:// endpoint on another computer (as for `xapi push`).
    #[arg(long, requires = "endpoint")]
    pub allow_http: bool,
    /// With --lrs: statements asked for per page (tests use a small one to follow `more`).
    #[arg(long, hide = true, default_value_t = bedside::cohort::lrs::PAGE)]
    pub lrs_page_size: usize,
}

impl ReportArgs {
    /// The LRS options.
    pub fn lrs(&self) -> &LrsSource {
        &self.lrs
    }

    /// --html, --csv, --criteria-csv, --hospitals-csv.
    pub fn outputs(&self) -> (Option<&Path>, Option<&Path>, Option<&Path>, Option<&Path>) {
        (
            self.html.as_deref(),
            self.csv.as_deref(),
            self.criteria_csv.as_deref(),
            self.hospitals_csv.as_deref(),
        )
    }
}

/// Exits 1 if any log is left out of the report (unreadable, broken chain, unknown case).
pub fn run(args: &ReportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let ReportArgs {
        logs,
        html,
        csv,
        criteria_csv,
        pages,
        hospitals_csv,
        hospital,
        lrs,
    } = args;
    if html.is_none() && csv.is_none() && criteria_csv.is_none() && hospitals_csv.is_none() {
        bail!(
            "nothing to write: give --html FILE, --csv FILE, --criteria-csv FILE and/or --hospitals-csv FILE"
        );
    }
    let hospital = hospital
        .as_deref()
        .map(bedside::hospital::check)
        .transpose()
        .context("--hospital")?;
    let logs = &cohort::inputs::expand(logs)?;
    let outputs = [
        html.as_deref(),
        csv.as_deref(),
        criteria_csv.as_deref(),
        hospitals_csv.as_deref(),
    ];
    cohort::output::check_outputs(&outputs, logs)?;
    if let Some(endpoint) = &lrs.endpoint {
        return super::report_lrs::run(args, endpoint, hospital, ctx);
    }
    if *pages || logs.len() > cohort::paged::SINGLE_FILE_MAX {
        return run_paged(args, logs, hospital.as_deref(), ctx);
    }
    let mut shelf = cohort::CaseShelf::open(&ctx.cases);
    let bar = progress(logs.len(), "reading logs");
    let (mut sessions, refused) = cohort::gather(&mut shelf, logs, || bar.inc(1));
    bar.finish_and_clear();
    if let Some(site) = &hospital {
        sessions.retain(|s| s.header.hospital.as_ref() == Some(site));
    }
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
    if let Some(p) = hospitals_csv {
        let f =
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?;
        cohort::hospital::csv(&cohort::html::hospital_rows(&sessions), f)
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    let passed = sessions.iter().filter(|s| s.report.passed).count();
    println!(
        "{} session(s) reported ({passed} passed), {} left out{}",
        sessions.len(),
        refused.len(),
        [
            ("HTML", html),
            ("CSV", csv),
            ("criteria CSV", criteria_csv),
            ("hospitals CSV", hospitals_csv)
        ]
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
fn run_paged(
    args: &ReportArgs,
    logs: &[PathBuf],
    hospital: Option<&str>,
    ctx: &Ctx,
) -> Result<ExitCode> {
    let shelf = cohort::SharedShelf::new(cohort::CaseShelf::open(&ctx.cases));
    let out = cohort::paged::Outputs {
        html: args.html.as_deref(),
        csv: args.csv.as_deref(),
        criteria_csv: args.criteria_csv.as_deref(),
        hospitals_csv: args.hospitals_csv.as_deref(),
        hospital,
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
            ("criteria CSV", &args.criteria_csv),
            ("hospitals CSV", &args.hospitals_csv)
        ]
        .iter()
        .filter_map(|(k, p)| p.as_ref().map(|p| format!("; {k}: {}", p.display())))
        .collect::<String>()
    );
    Ok(exit(w.refused > 0))
}
