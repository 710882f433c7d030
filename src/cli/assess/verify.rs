//! `bedside verify`: check logs' hash chains, and re-derive each finished session's verdict from
//! its decisions against the case under --cases: a score line that differs from it was altered.
//! With `--lrs`, also ask the Learning Record Store whether it received each finished log's final
//! hash: the only check that catches a log forged whole (see docs/assessors.md).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use bedside::cohort::CaseShelf;
use bedside::log::{self, Session, Verdict};
use bedside::verdict;
use bedside::xapi::{self, Confirmation, Lrs};

use crate::cli::{Ctx, exit};

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    #[arg(required = true)]
    logs: Vec<PathBuf>,
    /// Also confirm with this LRS (its xAPI endpoint) that it received each finished log's final
    /// hash for the session; exit 1 unless it did.
    #[arg(long, value_name = "URL")]
    lrs: Option<String>,
    /// LRS user (HTTP basic auth), with --lrs.
    #[arg(long, requires = "lrs")]
    user: Option<String>,
    /// Name of the environment variable holding the LRS password (never the password itself).
    #[arg(long, value_name = "VAR", requires = "lrs")]
    password_env: Option<String>,
    /// Allow a plain http:// LRS on another computer (see `bedside xapi push --allow-http`).
    #[arg(long, requires = "lrs")]
    allow_http: bool,
}

/// The LRS named by --lrs, --user and --password-env.
fn lrs_of(args: &VerifyArgs) -> Result<Option<Lrs>> {
    let Some(endpoint) = &args.lrs else {
        return Ok(None);
    };
    let (Some(user), Some(var)) = (&args.user, &args.password_env) else {
        bail!("--lrs needs --user and --password-env");
    };
    let password = xapi::password_from_env(var, "--password-env").map_err(anyhow::Error::msg)?;
    Lrs::open(endpoint, user, &password, args.allow_http)
        .map(Some)
        .map_err(anyhow::Error::msg)
}

/// Asks the LRS about a finished log; prints the answer and returns whether it confirmed it.
fn ask_lrs(lrs: &Lrs, p: &std::path::Path, s: &Session) -> bool {
    let p = p.display();
    match xapi::confirm(lrs, s) {
        Ok(Confirmation::Confirmed { others }) => {
            let note = if others.is_empty() {
                String::new()
            } else {
                format!(
                    " (it also holds {} other final hash(es) for this session: {})",
                    others.len(),
                    others.join(", ")
                )
            };
            println!("{p}: confirmed by the LRS: it received this log's final hash{note}");
            true
        }
        Ok(Confirmation::Different { held }) => {
            println!(
                "{p}: the LRS holds a different final hash for this session (forged or altered log): it received {}, this log ends in {}",
                held.join(", "),
                s.last_hash
            );
            false
        }
        Ok(Confirmation::Absent) => {
            println!(
                "{p}: the LRS has no statement for this session (registration {}): never sent, sent elsewhere, or forged",
                xapi::registration(s)
            );
            false
        }
        Err(e) => {
            println!("{p}: the LRS could not be asked: {e}");
            false
        }
    }
}

/// Exits 1 if any log is not intact, or a finished log's verdict could not be re-derived (its
/// case is not under --cases, or cannot replay it), or (with --lrs) the LRS did not confirm it.
pub fn run(args: &VerifyArgs, ctx: &Ctx) -> Result<ExitCode> {
    let lrs = lrs_of(args)?;
    let mut shelf = CaseShelf::open(&ctx.cases);
    let mut bad = 0;
    for p in &args.logs {
        // The score line is decoded too: a log whose last line is not a score is not intact.
        // Read as a stream, keeping only what re-deriving the verdict needs.
        let s = match log::skim_bare(p).and_then(|s| {
            s.score.as_ref().map(|l| l.report(p)).transpose()?;
            Ok(s)
        }) {
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
        let derived = shelf
            .get(&s.header.scenario_id, p)
            .map_err(|e| {
                format!("{e}: the verdict cannot be re-derived, so the log is not vouched for")
            })
            .and_then(|case| verdict::derive_skimmed(&case.case, p, &s).map_err(|e| e.to_string()));
        match derived {
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
        // The LRS is asked whatever the case says: a log forged whole re-derives cleanly.
        if let Some(lrs) = &lrs
            && !ask_lrs(lrs, p, &s.without_records())
        {
            bad += 1;
        }
    }
    Ok(exit(bad > 0))
}
