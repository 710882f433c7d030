//! `bedside score`: re-score logs from the log alone, by re-simulating their decisions against
//! the cases under --cases. The score shown is always the re-derived one (`bedside::verdict`):
//! a score line that disagrees with it is reported as tampering (same case and program) or as a
//! note (the case or the program changed since the session).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use bedside::cohort::CaseShelf;
use bedside::log::{self, LogError, Problem, Verdict};
use bedside::report;
use bedside::verdict::{self, DeriveError};

use crate::cli::{Ctx, exit, invalid};

#[derive(clap::Args, Debug)]
pub struct ScoreArgs {
    #[arg(required = true)]
    logs: Vec<PathBuf>,
    #[arg(long)]
    json: bool,
}

/// Exits 1 if a log cannot be read, names no case under --cases, cannot be re-simulated, or
/// its score line was altered; a case that does not validate stops the command (exit 2).
pub fn run(args: &ScoreArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut shelf = CaseShelf::open(&ctx.cases);
    let mut failed = false;
    let mut all = Vec::new();
    for p in &args.logs {
        // Read as a stream, keeping only what re-deriving the verdict needs.
        let session = match log::skim(p) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                failed = true;
                continue;
            }
        };
        let id = &session.header.scenario_id;
        let l = match shelf.load(id) {
            Some(Ok(l)) => Arc::clone(l),
            Some(Err(diags)) => return Err(invalid(diags)),
            None => {
                eprintln!(
                    "{}: no case '{id}' under {}",
                    p.display(),
                    ctx.cases.display()
                );
                failed = true;
                continue;
            }
        };
        match verdict::derive_skimmed(&l.case, p, &session) {
            Err(
                e @ DeriveError::Log(LogError::Broken {
                    problem: Problem::ScoreMismatch { .. },
                    ..
                }),
            ) => {
                // The score line is not the one this program writes for these decisions.
                eprintln!("{e}");
                eprintln!(
                    "{}: error: the logged score was tampered with; the session's verdict is not reported",
                    p.display()
                );
                failed = true;
            }
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
            Ok(d) => {
                if d.differs_after_change
                    && let Some(logged) = &d.logged
                {
                    eprintln!(
                        "{}: note: the logged score ({}) differs from the re-score ({}); the re-score is shown",
                        p.display(),
                        Verdict::of(logged),
                        Verdict::of(d.report())
                    );
                }
                let r = d.rescored;
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
                if args.json {
                    all.push(serde_json::json!({
                        "log": p,
                        "case_changed": r.case_changed,
                        "logged_differs": d.differs_after_change,
                        "report": r.report,
                    }));
                } else {
                    let texts = l.texts(ctx.locale, &report::ui_sources());
                    println!("== {}", p.display());
                    print!("{}", report::text(&r.report, &l, &texts));
                }
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&all)?);
    }
    Ok(exit(failed))
}
