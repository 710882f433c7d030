//! `bedside` with no command: the trainee's app window, its options, and the automation options
//! that drive it for UI tests and benchmarks.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Ctx;

/// Options of the app window (used when no command is given).
#[derive(Args, Debug)]
#[command(next_help_heading = "Window (when no command is given)")]
pub struct WindowArgs {
    /// Where session logs are kept (default: the platform's data folder).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Open this session log on the Review screen (assessors): verified, then replayed.
    #[arg(long, value_name = "LOG")]
    review: Option<PathBuf>,
    /// The hospital (site) recorded in the logs of the sessions played in this window, over the
    /// LRS setting's: a short id of letters, digits, '-' and '_'.
    #[arg(long, value_name = "ID")]
    hospital: Option<String>,
    /// Instructor mode: while a case is open, reload it whenever its files are saved, replaying
    /// the decisions made so far (errors are shown and the running case is kept).
    #[arg(long)]
    instructor: bool,
    #[command(flatten)]
    automation: AutomationArgs,
}

/// Options that drive the window without a person: open a screen, play, screenshot, measure.
#[derive(Args, Debug)]
#[command(next_help_heading = "Automation (UI tests and benchmarks)")]
pub struct AutomationArgs {
    /// Save a screenshot of --screen here after a few frames, then exit (UI tests).
    #[arg(long, value_name = "PNG")]
    screenshot: Option<PathBuf>,
    /// Screen to open: library, lrs (the library's LRS dialog), briefing, case, debrief, review,
    /// review-debrief, whatif (the debrief's what-if, with --what-if changes), progress (the
    /// trainee's, named by $USER) or glyphs (the CJK rendering check).
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
    /// With --screen whatif: a change to the autoplayed session, as `bedside what-if` takes it:
    /// "move 9=61m", "drop 5" or "add 30m news2" (repeatable).
    #[arg(long = "what-if", value_name = "EDIT")]
    what_if: Vec<String>,
}

/// `move N=T`, `drop N` or `add TIME ACTION …`.
#[cfg(feature = "app")]
fn what_if_edit(text: &str) -> Result<bedside::whatif::Edit> {
    use bedside::whatif::Edit;
    let (verb, rest) = text.trim().split_once(' ').unwrap_or((text, ""));
    let edit = match verb {
        "move" => Edit::parse_move(rest),
        "drop" => Edit::parse_drop(rest),
        "add" => Edit::parse_add(rest),
        _ => anyhow::bail!("--what-if '{text}': begin with move, drop or add"),
    };
    edit.map_err(|e| anyhow::anyhow!("--what-if: {e}"))
}

/// Opens the app window and runs it until it is closed.
#[cfg(feature = "app")]
pub fn open(args: &WindowArgs, ctx: &Ctx) -> Result<ExitCode> {
    use anyhow::{Context, bail};
    use bedside::app::Screen;
    let auto = &args.automation;
    let screen = match auto.screen.as_deref() {
        None => None,
        Some("library" | "lrs") => Some(Screen::Library),
        Some("briefing") => Some(Screen::Briefing),
        Some("case") => Some(Screen::Case),
        Some("debrief") => Some(Screen::Debrief),
        Some("review" | "review-debrief") => Some(Screen::Review),
        Some("glyphs") => Some(Screen::Glyphs),
        Some("whatif") => Some(Screen::WhatIf),
        Some("progress") => Some(Screen::Progress),
        Some(other) => {
            bail!(
                "unknown screen '{other}' (use library, lrs, briefing, case, debrief, review, review-debrief, whatif, progress or glyphs)"
            )
        }
    };
    let until = match &auto.until {
        None => None,
        Some(d) => Some(
            bedside::scenario::expr::parse_duration(d)
                .with_context(|| format!("'{d}' is not a duration (write e.g. 20m or 1h30m)"))?,
        ),
    };
    bedside::app::run(bedside::app::Options {
        cases: ctx.cases.clone(),
        data_dir: args.data_dir.clone(),
        locale: ctx.locale,
        instructor: args.instructor,
        review: args.review.clone(),
        hospital: args
            .hospital
            .as_deref()
            .map(bedside::hospital::check)
            .transpose()
            .context("--hospital")?,
        automation: bedside::app::Automation {
            screenshot: auto.screenshot.clone(),
            screen,
            case: auto.case_id.clone(),
            autoplay: auto.autoplay.clone(),
            until,
            frames: auto.frames,
            bench_frames: auto.bench_frames,
            paused: auto.paused,
            review_debrief: auto.screen.as_deref() == Some("review-debrief"),
            lrs_dialog: auto.screen.as_deref() == Some("lrs"),
            what_if: auto
                .what_if
                .iter()
                .map(|e| what_if_edit(e))
                .collect::<Result<_>>()?,
        },
    })
}

/// Without the `app` feature there is no window to open.
#[cfg(not(feature = "app"))]
pub fn open(_: &WindowArgs, _: &Ctx) -> Result<ExitCode> {
    anyhow::bail!(
        "this build has no app window (built without the `app` feature); try `bedside --help` for the commands"
    )
}
