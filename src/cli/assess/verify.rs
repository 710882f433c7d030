//! `bedside verify`: check logs' hash chains (and that a finished log ends in a valid score).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use bedside::log;

use crate::cli::exit;

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    #[arg(required = true)]
    logs: Vec<PathBuf>,
}

/// Exits 1 if any log is not intact.
pub fn run(args: &VerifyArgs) -> Result<ExitCode> {
    let mut bad = 0;
    for p in &args.logs {
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
    Ok(exit(bad > 0))
}
