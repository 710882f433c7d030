//! `bedside score`: re-score logs from the log alone, by re-simulating their decisions against
//! the cases under --cases.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use bedside::cohort::CaseShelf;
use bedside::report;
use bedside::{log, session};

use crate::cli::{Ctx, exit, invalid};

#[derive(clap::Args, Debug)]
pub struct ScoreArgs {
    #[arg(required = true)]
    logs: Vec<PathBuf>,
    #[arg(long)]
    json: bool,
}

/// Exits 1 if a log cannot be read, names no case under --cases, or cannot be re-simulated; a
/// case that does not validate stops the command (exit 2).
pub fn run(args: &ScoreArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut shelf = CaseShelf::open(&ctx.cases);
    let mut failed = false;
    let mut all = Vec::new();
    for p in &args.logs {
        let session = match log::read(p) {
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
                if args.json {
                    all.push(serde_json::json!({"log": p, "case_changed": r.case_changed, "report": r.report}));
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
