//! `bedside verify`: check logs' hash chains, and re-derive each finished session's verdict from
//! its decisions against the case under --cases: a score line that differs from it was altered.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use bedside::cohort::CaseShelf;
use bedside::log::{self, Verdict};
use bedside::verdict;

use crate::cli::{Ctx, exit};

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    #[arg(required = true)]
    logs: Vec<PathBuf>,
}

/// Exits 1 if any log is not intact, or a finished log's verdict could not be re-derived (its
/// case is not under --cases, or cannot replay it).
pub fn run(args: &VerifyArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut shelf = CaseShelf::open(&ctx.cases);
    let mut bad = 0;
    for p in &args.logs {
        // The score line is decoded too: a log whose last line is not a score is not intact.
        let s = match log::read(p).and_then(|s| s.score_report(p).map(|_| s)) {
            Ok(s) => s,
            Err(e) => {
                println!("{e}");
                bad += 1;
                continue;
            }
        };
        let chain = format!("ok {}: {} lines, chain intact", p.display(), s.lines);
        if s.score.is_none() {
            println!(
                "{chain}, unfinished (no score line yet); sha256 of last line {}",
                s.last_hash
            );
            continue;
        }
        // A finished session: its verdict is re-derived, never taken from the score line.
        let case = match shelf.get(&s.header.scenario_id, p) {
            Ok(c) => c,
            Err(e) => {
                println!("{e}: the verdict cannot be re-derived, so the log is not vouched for");
                bad += 1;
                continue;
            }
        };
        match verdict::derive(&case.case, p, &s) {
            Ok(d) => {
                let note = if d.differs_after_change {
                    let logged = d.logged.as_ref().map(Verdict::of);
                    format!(
                        " (the score line says {}; the case or the program changed since the session, and the re-derived verdict stands)",
                        logged.map_or_else(String::new, |v| v.to_string())
                    )
                } else {
                    String::new()
                };
                println!(
                    "{chain}, finished, verdict re-derived: {}{note}; sha256 of last line {}",
                    Verdict::of(d.report()),
                    s.last_hash
                );
            }
            Err(e) => {
                println!("{e}");
                bad += 1;
            }
        }
    }
    Ok(exit(bad > 0))
}
