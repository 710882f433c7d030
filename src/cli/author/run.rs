//! `bedside run`: a scripted trainee plays a case headlessly; prints the score.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use bedside::log::Clock;
use bedside::report;
use bedside::scenario::LoadedCase;
use bedside::scenario::load::load_script;
use bedside::scenario::model::Script;
use bedside::session::{self, SessionInfo};
use bedside::sim::Record;
use bedside::wording::{duration_text, standing_text};

use crate::cli::{Ctx, load};

#[derive(clap::Args, Debug)]
pub struct RunArgs {
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
    /// The hospital (site) recorded in the log: a short id of letters, digits, '-' and '_'.
    #[arg(long, value_name = "ID")]
    hospital: Option<String>,
    /// Print the score report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &RunArgs, ctx: &Ctx) -> Result<ExitCode> {
    let hospital = args
        .hospital
        .as_deref()
        .map(bedside::hospital::check)
        .transpose()
        .context("--hospital")?;
    let loaded = load(&args.case)?;
    let (script, default_seed) = resolve_script(&loaded, &args.script)?;
    let info = SessionInfo {
        seed: args.seed.unwrap_or(default_seed),
        trainee: args.trainee.clone(),
        locale: ctx.locale,
        clock: Clock::Scripted { start_ms: 0 },
    };
    let s = session::play_at(
        Arc::clone(&loaded.case),
        &script,
        &info,
        hospital.as_deref(),
        args.log.as_deref(),
        bedside::log::Syncing::Inline,
    )?;
    let report = s.score().context("the case did not end")?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        let texts = loaded.texts(ctx.locale, &report::ui_sources());
        print!("{}", report::text(report, &loaded, &texts));
        // The standing orders' doses are not the trainee's decisions, so the report does not
        // list them; a case with a `schedule` shows when each was given.
        for r in s.sim.records() {
            if let Record::Standing {
                t,
                drug,
                amount,
                route,
                ..
            } = r
            {
                println!(
                    "  {}  {}",
                    duration_text(*t, &texts),
                    standing_text(&loaded.case, drug, *amount, *route, &texts)
                );
            }
        }
        if let (Some(p), Some(h)) = (s.log_path(), s.last_hash()) {
            println!("\nlog: {} (sha256 of last line {h})", p.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A golden path of the case by id (with its seed), or a script file (seed 1).
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
