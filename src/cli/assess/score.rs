//! `bedside score`: re-score logs from the log alone, by re-simulating their decisions against
//! the cases under --cases. The score shown is always the re-derived one (`bedside::verdict`):
//! a score line that disagrees with it is reported as tampering (same case and program) or as a
//! note (the case or the program changed since the session).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use bedside::cohort::stream::{self, PrettyArray};
use bedside::cohort::{CaseShelf, SharedShelf};
use bedside::i18n::Locale;
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

/// What scoring one log printed: stderr lines, its stdout text or JSON element, and whether it
/// failed. Made on any thread, printed in the logs' order.
#[derive(Default)]
struct Scored {
    err: Vec<String>,
    out: Option<String>,
    failed: bool,
}

/// Exits 1 if a log cannot be read, names no case under --cases, cannot be re-simulated, or
/// its score line was altered; a case that does not validate stops the command (exit 2).
/// Logs are scored on every core and printed in the order given.
pub fn run(args: &ScoreArgs, ctx: &Ctx) -> Result<ExitCode> {
    let shelf = SharedShelf::new(CaseShelf::open(&ctx.cases));
    let logs = bedside::cohort::inputs::expand(&args.logs)?;
    let ui = report::ui_sources();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut array = PrettyArray::new(0);
    let mut failed = false;
    stream::for_each_ordered(
        &logs,
        |_, p| score_one(p, &shelf, args.json, ctx, &ui),
        || {},
        |_, scored| -> Result<()> {
            let scored = scored?;
            for e in &scored.err {
                eprintln!("{e}");
            }
            failed |= scored.failed;
            if let Some(text) = scored.out {
                if args.json {
                    array.element(&mut out, &text)?;
                } else {
                    out.write_all(text.as_bytes())?;
                }
            }
            Ok(())
        },
    )?;
    if args.json {
        array.finish(&mut out)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(exit(failed))
}

/// Scores one log; an error only for a case that does not validate (which stops the command).
fn score_one(
    p: &Path,
    shelf: &SharedShelf,
    json: bool,
    ctx: &Ctx,
    ui: &BTreeMap<Locale, Vec<String>>,
) -> Result<Scored> {
    let mut o = Scored::default();
    // Read as a stream, keeping only what re-deriving the verdict needs.
    let session = match log::skim_bare(p) {
        Ok(s) => s,
        Err(e) => {
            o.err.push(e.to_string());
            o.failed = true;
            return Ok(o);
        }
    };
    let id = &session.header.scenario_id;
    let l = match shelf.load(id) {
        Some(Ok(l)) => l,
        Some(Err(diags)) => return Err(invalid(&diags)),
        None => {
            o.err.push(format!(
                "{}: no case '{id}' under {}",
                p.display(),
                ctx.cases.display()
            ));
            o.failed = true;
            return Ok(o);
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
            o.err.push(e.to_string());
            o.err.push(format!(
                "{}: error: the logged score was tampered with; the session's verdict is not reported",
                p.display()
            ));
            o.failed = true;
        }
        Err(e) => {
            o.err.push(e.to_string());
            o.failed = true;
        }
        Ok(d) => {
            if d.differs_after_change
                && let Some(logged) = &d.logged
            {
                o.err.push(format!(
                    "{}: note: the logged score ({}) differs from the re-score ({}); the re-score is shown",
                    p.display(),
                    Verdict::of(logged),
                    Verdict::of(d.report())
                ));
            }
            let r = d.rescored;
            if r.case_changed {
                o.err.push(format!(
                    "{}: note: the case's files changed since this log was written (scored against the current version {})",
                    p.display(),
                    l.case.scenario.version
                ));
            }
            if let (Some(line), false) = (r.diverges_at, r.case_changed) {
                o.err.push(format!(
                    "{}:{line}: warning: re-simulation does not reproduce this line",
                    p.display()
                ));
            }
            if json {
                o.out = Some(serde_json::to_string_pretty(&serde_json::json!({
                    "log": p,
                    "case_changed": r.case_changed,
                    "logged_differs": d.differs_after_change,
                    "report": r.report,
                }))?);
            } else {
                let texts = l.texts(ctx.locale, ui);
                o.out = Some(format!(
                    "== {}\n{}",
                    p.display(),
                    report::text(&r.report, &l, &texts)
                ));
            }
        }
    }
    Ok(o)
}
