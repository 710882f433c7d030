//! `bedside`: with no command, opens the trainee's app; with a command, the instructor and assessor
//! tools run headless on the same core.
//!
//! This file only parses the command line, dispatches, and turns the outcome into an exit code;
//! every command's body lives in `cli/`, one file per command.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use cli::Ctx;
use cli::assess::AssessCommand;
use cli::author::AuthorCommand;
use cli::window::WindowArgs;

/// Bedside — clinical case simulator for training. Not clinical advice.
#[derive(Parser, Debug)]
#[command(name = "bedside", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Folder of cases to offer.
    #[arg(long, default_value = "scenarios", global = true)]
    cases: PathBuf,
    /// Interface language: en-US, ja-JP or zh-CN.
    #[arg(long, global = true)]
    lang: Option<String>,
    #[command(flatten)]
    window: WindowArgs,
}

/// The commands, by audience; each group lists its own.
#[derive(Subcommand, Debug)]
enum Command {
    #[command(flatten)]
    Author(AuthorCommand),
    #[command(flatten)]
    Assess(AssessCommand),
}

/// Exit codes: 0 when the command ran and found nothing wrong; 1 when it ran and found a problem
/// in what it checks (`validate` an invalid case, `test` a failed golden path, `verify` a broken
/// log, `rescore`/`report` a refused log); 2 when it could not run (clap's usage errors are 2 too).
fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            // `{:#}` prints the whole chain of causes, once, on one line.
            eprintln!("bedside: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let args = Cli::parse();
    let ctx = Ctx::new(args.cases, args.lang.as_deref())?;
    match args.command {
        None => cli::window::open(&args.window, &ctx),
        Some(Command::Author(c)) => c.run(&ctx),
        Some(Command::Assess(c)) => c.run(&ctx),
    }
}
